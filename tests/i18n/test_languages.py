"""Every user-facing text exists in Italian and English; codes and JSON keys never change."""

from __future__ import annotations

import io
import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.finding_messages import message_key
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang, interface_lang, resolve_lang

PACKAGE = Path(__file__).resolve().parents[2] / "wecare_cli"
ROOT = PACKAGE.parent
LOCALE = PACKAGE / "locale"


def catalogue(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "wecare.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def entries(lang: str) -> dict[str, Message]:
    return {str(m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalogue(lang) if m.id}


def placeholders(template: str) -> set[str]:
    """Names a template fills."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def texts(message: Message) -> list[str]:
    """The translations of an entry (one, or one per plural form)."""
    if isinstance(message.string, tuple | list):
        return [str(t) for t in message.string]
    return [str(message.string)]


def test_every_key_of_the_source_catalogue_is_translated_in_every_language() -> None:
    source = entries("en")
    for lang in ("it",):
        translated = entries(lang)
        assert sorted(set(source) - set(translated)) == []
        assert sorted(set(translated) - set(source)) == []
        assert [key for key, m in translated.items() if not all(t.strip() for t in texts(m))] == []
    assert [key for key, m in source.items() if not all(t.strip() for t in texts(m))] == []


@pytest.mark.parametrize("key", sorted(entries("en")))
def test_every_language_fills_the_same_placeholders(key: str) -> None:
    english = {name for t in texts(entries("en")[key]) for name in placeholders(t)}
    for t in texts(entries("it")[key]):
        assert placeholders(t) <= english, t


def test_every_finding_code_has_a_message_in_every_language() -> None:
    from wecare_cli.ingest.codes import INGEST_CODES
    from wecare_cli.rules import RULES

    codes = {rule.code for rule in RULES} | set(INGEST_CODES)
    for lang in ("en", "it"):
        assert sorted(c for c in codes if message_key(c) not in entries(lang)) == []


def test_every_text_key_used_in_the_code_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        content = source.read_text(encoding="utf-8")
        used |= set(re.findall(r'\b(?:text|ntext|has_text|t)\(\s*"([a-z0-9-]+)"', content))
    assert sorted(used - set(entries("en"))) == []


def test_the_compiled_catalogues_are_those_of_the_po_files() -> None:
    for lang in ("en", "it"):
        compiled = io.BytesIO()
        write_mo(compiled, catalogue(lang))
        assert compiled.getvalue() == (LOCALE / lang / "LC_MESSAGES" / "wecare.mo").read_bytes(), (
            f"{lang}.mo is stale: run pybabel compile -d wecare_cli/locale -D wecare"
        )


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        pytest.param("it", {}, Lang.IT, id="the option wins"),
        pytest.param(None, {"WECARE_LANG": "it", "LANG": "en_GB.UTF-8"}, Lang.IT, id="then WECARE_LANG"),
        pytest.param(None, {"LANG": "it_IT.UTF-8"}, Lang.IT, id="then an Italian locale"),
        pytest.param(None, {"LANG": "de_DE.UTF-8"}, Lang.EN, id="then English"),
        pytest.param(None, {}, Lang.EN, id="English when nothing is set"),
    ],
)
def test_the_language_comes_from_the_option_the_environment_or_the_locale(
    option: str | None, environ: dict[str, str], expected: Lang
) -> None:
    assert resolve_lang(option, environ) is expected


def test_help_is_in_italian_when_lang_it_is_on_the_command_line() -> None:
    assert interface_lang(["check", "--lang", "it", "--help"], {}) is Lang.IT
    assert interface_lang(["check", "--lang=en"], {"WECARE_LANG": "it"}) is Lang.EN


def test_codes_and_json_keys_are_the_same_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    outputs = {}
    for lang in ("it", "en"):
        result = CliRunner().invoke(
            app,
            [
                "check",
                "examples/domande-esempio.xlsx",
                "--format",
                "json",
                "--as-of",
                "2026-11-22",
                "--lang",
                lang,
            ],
        )
        outputs[lang] = json.loads(result.stdout)
    italian, english = outputs["it"], outputs["en"]
    assert italian.keys() == english.keys()
    for it_app, en_app in zip(italian["applications"], english["applications"], strict=True):
        assert [f["code"] for f in it_app["findings"]] == [f["code"] for f in en_app["findings"]]
        for it_finding, en_finding in zip(it_app["findings"], en_app["findings"], strict=True):
            assert it_finding.keys() == en_finding.keys()
    late = next(a for a in italian["applications"] if a["application_id"] == "FSE1-002")
    assert late["findings"][0]["message"].startswith("Presentata il 21/12/2017 09:30, oltre la scadenza")


def test_the_check_table_speaks_italian_with_lang_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["check", "examples/domande-esempio.xlsx", "--lang", "it"])
    assert "non ammissibile" in result.stdout
    assert text("totals-by-measure", Lang.IT) in result.stdout
