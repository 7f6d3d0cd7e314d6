"""Every user-facing text exists in Italian and English; codes and JSON keys never change."""

from __future__ import annotations

import gettext
import io
import json
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.findings import message_key
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
        used |= set(re.findall(r'\b(?:text|ntext|has_text|t|Phrase)\(\s*"([a-z0-9-]+)"', content))
    for lang in ("en", "it"):
        assert sorted(used - set(entries(lang))) == [], lang


def _messages(mo: bytes) -> dict[object, str]:
    """A compiled catalogue's messages, its header without the Babel version that wrote it."""
    messages: dict[object, str] = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    messages[""] = "\n".join(
        line for line in messages.get("", "").splitlines() if not line.startswith("Generated-By:")
    )
    return messages


def test_the_compiled_catalogues_are_those_of_the_po_files() -> None:
    for lang in ("en", "it"):
        compiled = io.BytesIO()
        write_mo(compiled, catalogue(lang))
        shipped = (LOCALE / lang / "LC_MESSAGES" / "wecare.mo").read_bytes()
        assert _messages(compiled.getvalue()) == _messages(shipped), (
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


def wecare(*args: str, lang: str = "it_IT.UTF-8") -> subprocess.CompletedProcess[str]:
    """A real run, so that the language is chosen at start-up as for the officer."""
    environment = {**os.environ, "LANG": lang, "COLUMNS": "100"}
    environment.pop("WECARE_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "wecare_cli", *args], capture_output=True, text=True, env=environment, cwd=ROOT
    )


ENGLISH_PARSER_WORDS = (
    "Usage:",
    "Error:",
    "Missing argument",
    "No such option",
    "Did you mean",
    "Invalid value",
)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "italian"),
    [
        pytest.param(("check",), "Manca l'argomento", id="a missing argument"),
        pytest.param(("check", "x.xlsx", "--bogus"), "L'opzione --bogus non esiste", id="an unknown option"),
        pytest.param(("chek",), "Forse intendevi check?", id="a misspelt command"),
        pytest.param(("check", "x.xlsx", "--format", "xml"), "non è tra table, json, csv", id="a bad choice"),
        pytest.param(("check", "x.xlsx", "--as-of", "32/13/2020"), "non è una data", id="a bad date"),
        pytest.param(("check", "x.xlsx", "--output"), "richiede un valore", id="an option without its value"),
    ],
)
def test_usage_errors_are_worded_in_the_officer_s_language(args: tuple[str, ...], italian: str) -> None:
    run = wecare(*args)
    assert run.returncode == 2
    assert italian in run.stderr
    assert not [word for word in ENGLISH_PARSER_WORDS if word in run.stderr], run.stderr
    assert "Errore: " in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
def test_help_sections_usage_and_defaults_are_italian_too() -> None:
    run = wecare("check", "--help")
    assert run.returncode == 0
    for italian in (
        "Uso: wecare check [OPZIONI]",
        "Argomenti:",
        "Opzioni:",
        "[obbligatorio]",
        "[predefinito: table]",
    ):
        assert italian in run.stdout
    for english in ("Usage:", "Options:", "Arguments:", "[required]", "[default:"):
        assert english not in run.stdout
    root = wecare("--help")
    assert "Comandi:" in root.stdout and "COMANDO [ARGOMENTI]..." in root.stdout


@pytest.mark.slow
def test_the_language_may_be_chosen_before_or_after_the_command() -> None:
    before = wecare("--lang", "en", "measures", "--as-of", "2019-10-01")
    after = wecare("measures", "--as-of", "2019-10-01", "--lang", "en")
    assert before.returncode == after.returncode == 0
    assert before.stdout == after.stdout
    assert "WE.CA.RE. measures on" in before.stdout
    assert "Usage:" in wecare("--lang", "en", "check", "--bogus").stderr


@pytest.mark.slow
def test_a_language_without_a_catalogue_is_an_error_that_lists_the_available_ones() -> None:
    for args in (("--lang", "fr", "check", "x.xlsx"), ("measures", "--lang=fr"), ("--lang", "fr", "--help")):
        run = wecare(*args)
        assert run.returncode == 2, args
        assert run.stderr.startswith("[language-unknown] fr: ")
        assert "en, it" in run.stderr
