"""Every user-facing text exists in Italian and English; codes and JSON keys never change."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.finding_messages import FINDING_MESSAGES
from wecare_cli.messages import EN, IT, Lang, interface_lang, resolve_lang, text

PACKAGE = Path(__file__).resolve().parents[2] / "wecare_cli"
ROOT = PACKAGE.parent


def placeholders(template: str) -> set[str]:
    """Names a template fills; a per-language parameter (``hint_en`` / ``hint_it``) counts once."""
    names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    return {re.sub(r"_(en|it)$", "", name) for name in names}


def test_every_interface_text_exists_in_both_languages() -> None:
    assert sorted(set(EN) - set(IT)) == []
    assert sorted(set(IT) - set(EN)) == []
    assert [key for key, value in {**EN, **IT}.items() if not value.strip()] == []


@pytest.mark.parametrize("key", sorted(EN))
def test_both_languages_fill_the_same_placeholders(key: str) -> None:
    assert placeholders(EN[key]) == placeholders(IT[key])


@pytest.mark.parametrize("code", sorted(FINDING_MESSAGES))
def test_every_finding_code_has_a_message_in_both_languages_with_the_same_placeholders(code: str) -> None:
    messages = FINDING_MESSAGES[code]
    assert set(messages) == {"en", "it"}
    assert placeholders(messages["en"]) == placeholders(messages["it"])


def test_every_text_key_used_in_the_code_is_in_the_catalog() -> None:
    used: set[str] = set()
    for source in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r'\btext\(\s*"([a-z0-9-]+)"', source.read_text(encoding="utf-8")))
        used |= set(re.findall(r'\bt\(\s*"([a-z0-9-]+)"', source.read_text(encoding="utf-8")))
    assert sorted(used - set(EN)) == []


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
