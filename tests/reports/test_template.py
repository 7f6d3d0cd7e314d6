"""`wecare template`: the form officers hand out checks clean once filled in."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.config import load_configuration
from wecare_cli.evaluation import check_files
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.codes import INGEST_CODES
from wecare_cli.ingest.model import APPLICATION_COLUMNS, PARTNER_COLUMNS
from wecare_cli.reports.template import write_template

CHECK_TIME = datetime.fromisoformat("2026-11-22T09:00:00+01:00")


def fill(template: Path, target: Path) -> Path:
    """Type two applications and a partner into the template the way an officer would."""
    workbook = load_workbook(template)
    applications, partners = workbook["Domande"], workbook["Partner"]
    headers = [str(cell.value) for cell in applications[1]]
    rows: list[dict[str, str | int | datetime]] = [
        {
            "Codice domanda": "FSE3-001",
            "Misura": "FSE3",
            "Linea": "attivazione",
            "Richiedente": "Tessiture Biellesi Esempio srl",
            "Codice fiscale": "06842680966",
            "Tipologia richiedente": "impresa",
            "Dimensione impresa": "piccola",
            "Senza scopo di lucro": "no",
            "Provincia sede": "BI",
            "Contributo richiesto": 80000,
            "Costo totale": 100000,
            "Data presentazione": datetime(2020, 2, 20, 11, 0),
            "Punteggio": 88,
            "PEC": "tessiture@legalmail.it",
        },
        {
            "Codice domanda": "FSE1-001",
            "Misura": "FSE1",
            "Fase": "preliminare",
            "Richiedente": "Consorzio Servizi Sociali Langhe (esempio)",
            "Codice fiscale": "02601810019",
            "Tipologia richiedente": "ente-gestore",
            "Senza scopo di lucro": "sì",
            "Distretto": "Alba",
            "Provincia sede": "CN",
            "Contributo richiesto": 300000,
            "Costo totale": 300000,
            "Data presentazione": datetime(2017, 12, 12, 10, 15),
            "Punteggio": 82,
            "PEC": "servizi.sociali@pec.esempio.it",
        },
    ]
    for number, values in enumerate(rows, start=2):
        for column, header in enumerate(headers, start=1):
            if header in values:
                applications.cell(row=number, column=column, value=values[header])
    partner = ["FSE1-001", "Cooperativa Sociale Il Ponte (esempio)", "08657970011", "ets", "TO"]
    for column, value in enumerate(partner, start=1):
        partners.cell(row=2, column=column, value=value)
    workbook.save(target)
    return target


def test_a_filled_template_checks_with_no_reading_findings(tmp_path: Path) -> None:
    configuration = load_configuration(environ={})
    template = write_template(configuration, tmp_path / "modello.xlsx", Lang.IT)
    filled = fill(template, tmp_path / "compilato.xlsx")
    result = check_files([filled], configuration, CHECK_TIME)
    findings = [(f.code, f.row, f.column) for v in result.verdicts for f in v.findings]
    assert [f for f in findings if f[0] in INGEST_CODES] == []
    assert [f.code for f in result.file_findings if f.code != "hidden-sheet"] == []
    assert [v.status for v in result.verdicts] == ["eligible", "eligible"]


def test_the_template_has_the_italian_headers_text_tax_codes_and_dropdowns(tmp_path: Path) -> None:
    configuration = load_configuration(environ={})
    workbook = load_workbook(write_template(configuration, tmp_path / "modello.xlsx", Lang.IT, "FSE3"))
    assert workbook.sheetnames == ["Domande", "Partner", "Liste"]
    assert workbook["Liste"].sheet_state == "hidden"
    sheet = workbook["Domande"]
    headers = [str(c.value) for c in sheet[1] if c.value]
    assert sorted(headers) == sorted(APPLICATION_COLUMNS.values())
    assert headers[:4] == ["Codice domanda", "Misura", "Linea", "Fase"]
    assert [c.value for c in workbook["Partner"][1]] == list(PARTNER_COLUMNS.values())
    assert sheet["B2"].value == "FSE3"
    letter = "ABCDEFGHIJKLMNOPQ"[headers.index("Codice fiscale")]
    assert sheet.column_dimensions[letter].number_format == "@"
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    measure = validations["B2:B1001"]
    assert (measure.type, measure.formula1) == ("list", "Liste!$A$2:$A$2")
    assert all(dv.promptTitle for dv in sheet.data_validations.dataValidation)
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("lang", ["it", "en"])
def test_wecare_template_writes_the_workbook_and_says_where(lang: str, tmp_path: Path) -> None:
    target = tmp_path / "domande-{date}.xlsx"
    result = CliRunner().invoke(app, ["template", "-o", str(target), "--lang", lang])
    assert result.exit_code == 0, result.output
    written = list(tmp_path.glob("domande-*.xlsx"))
    assert len(written) == 1 and "{date}" not in written[0].name
    assert str(written[0]) in result.stderr


def test_wecare_template_refuses_an_unknown_measure(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["template", "-o", str(tmp_path / "x.xlsx"), "--measure", "FSE9"])
    assert result.exit_code == 2
    assert not (tmp_path / "x.xlsx").exists()
