"""Every finding code the ingest layer can emit has a message in English and Italian, with its parameters."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import wecare_cli.ingest
from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli.findings import Finding
from wecare_cli.i18n.catalog import catalogue, has_text
from wecare_cli.i18n.errors import describe
from wecare_cli.i18n.findings import finding_message
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest import read_intake
from wecare_cli.ingest.codes import FILE_ERROR_CODES, INGEST_CODES

INGEST_PACKAGE = Path(wecare_cli.ingest.__file__).parent
KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")
NOT_CODES = {"utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"}
"""Kebab-case strings of the ingest package that are not finding codes (codec names)."""


def _kebab_literals() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for module in sorted(INGEST_PACKAGE.glob("*.py")):
        if module.name == "codes.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and KEBAB.fullmatch(node.value):
                found.setdefault(node.value, []).append(f"{module.name}:{node.lineno}")
    return found


def test_every_code_written_in_the_ingest_source_has_an_english_and_an_italian_message() -> None:
    literals = _kebab_literals()
    assert "missing-value" in literals and "formula-error" in literals  # the scan sees the codes
    unknown = {
        literal: places
        for literal, places in literals.items()
        if literal not in INGEST_CODES
        and literal not in FILE_ERROR_CODES
        and literal not in NOT_CODES
        and not has_text(literal, Lang.EN)
    }
    assert unknown == {}
    for code in INGEST_CODES:
        for lang in (Lang.EN, Lang.IT):
            assert has_text(f"finding-{code}", lang), (code, lang)


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def _template(key: str, lang: str) -> str:
    return catalogue(lang).gettext(key)


def test_english_and_italian_templates_use_the_same_parameters() -> None:
    keys = [f"finding-{c}" for c in INGEST_CODES] + [f"error-{c}" for c in FILE_ERROR_CODES]
    for key in keys:
        assert _placeholders(_template(key, "en")) == _placeholders(_template(key, "it")), key


def _findings_of_every_readable_sample(folder: Path) -> list[Finding]:
    findings: list[Finding] = []
    for recipe in [*sample_files.READABLE.values(), sample_files.header_only_workbook]:
        intake = read_intake([recipe(folder)], zone=ROME)
        findings += intake.file_findings
        findings += [f for row in intake.applications for f in row.findings]
        findings += [f for row in intake.partners for f in row.findings]
    return findings


def test_every_finding_emitted_on_the_samples_renders_in_both_languages_with_all_its_parameters(
    tmp_path: Path,
) -> None:
    findings = _findings_of_every_readable_sample(tmp_path)
    emitted = {f.code for f in findings}
    assert len(emitted) >= 20
    for finding in findings:
        values = {"value": finding.value or "", "column": finding.column or "", **finding.params}
        for lang in ("en", "it"):
            template = _template(f"finding-{finding.code}", lang)
            missing = _placeholders(template) - set(values)
            assert not missing, (finding.code, lang, missing)
            message = finding_message(finding, Lang(lang))
            assert "{" not in message and message != finding.code, message


@pytest.mark.parametrize("name", sorted(sample_files.UNREADABLE))
def test_every_file_error_message_is_filled_completely(name: str, tmp_path: Path) -> None:
    recipe, _code = sample_files.UNREADABLE[name]
    with pytest.raises(wecare_cli.ingest.UnreadableFileError) as raised:
        read_intake([recipe(tmp_path)], zone=ROME)
    error = raised.value
    for lang in ("en", "it"):
        template = _template(f"error-{error.code}", lang)
        assert _placeholders(template) <= set(error.params), (error.code, lang)
        assert "{" not in describe(error, Lang(lang))
