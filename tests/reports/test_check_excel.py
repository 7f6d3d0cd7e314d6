"""`wecare check --output`: verdicts, findings with their cells, and a legend, in one workbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.applications import make_application, run
from wecare_cli.cli.app import app
from wecare_cli.config import Configuration
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.check_excel import write_check_workbook

ROOT = Path(__file__).resolve().parents[2]


def test_the_findings_workbook_has_one_verdict_per_row_and_one_line_per_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "rilievi.xlsx"
    result = CliRunner().invoke(
        app,
        ["check", "examples/domande-esempio.xlsx", "--as-of", "2026-11-22", "--quiet", "-o", str(target)],
    )
    assert result.exit_code == 1
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Verdicts", "Findings", "Legend"]
    verdicts = list(workbook["Verdicts"].iter_rows(values_only=True))
    assert len(verdicts) == 1 + 32
    assert verdicts[1][:4] == ("domande-esempio.xlsx", "Domande", 4, "FSE1-001")
    findings = list(workbook["Findings"].iter_rows(values_only=True))
    late = next(row for row in findings if row[4] == "FSE1-002")
    assert late[:7] == (
        "domande-esempio.xlsx",
        "Domande",
        5,
        "Data presentazione",
        "FSE1-002",
        "deadline-missed",
        "error",
    )
    assert workbook["Findings"].freeze_panes == "A2"
    legend = [row[1] for row in workbook["Legend"].iter_rows(values_only=True)]
    assert any(str(value).startswith("domande-esempio.xlsx  sha256 ") for value in legend)


def test_text_that_looks_like_a_formula_stays_text(configuration: Configuration, tmp_path: Path) -> None:
    row = make_application(applicant_name='=HYPERLINK("http://example.com","clic")')
    target = write_check_workbook(run(configuration, [row]), tmp_path / "r.xlsx", Lang.IT)
    cell = load_workbook(target)["Esiti"]["G2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://example.com","clic")', "s")
