"""`wecare template`: the form officers hand out checks clean once filled in."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.config import load_configuration
from wecare_cli.evaluation import check_files
from wecare_cli.i18n.lang import Lang
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


def test_a_filled_template_checks_with_no_findings_at_all(tmp_path: Path) -> None:
    configuration = load_configuration(environ={})
    template = write_template(configuration, tmp_path / "modello.xlsx", Lang.IT)
    filled = fill(template, tmp_path / "compilato.xlsx")
    result = check_files([filled], configuration, CHECK_TIME)
    assert [(f.code, f.row, f.column) for v in result.verdicts for f in v.findings] == []
    assert result.file_findings == ()
    assert [v.status for v in result.verdicts] == ["eligible", "eligible"]


ONE_APPLICATION_PER_MEASURE: dict[str, dict[str, str | int | datetime]] = {
    "FSE1": {
        "Codice domanda": "FSE1-001",
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
        "CUP": "J51H17000030007",
        "PEC": "servizi.sociali@pec.esempio.it",
    },
    "FSE2": {
        "Codice domanda": "FSE2-001",
        "Linea": "territoriale",
        "Richiedente": "Cooperativa Sociale Il Ponte (esempio)",
        "Codice fiscale": "08657970011",
        "Tipologia richiedente": "impresa-sociale",
        "Senza scopo di lucro": "sì",
        "Provincia sede": "TO",
        "Contributo richiesto": 120000,
        "Costo totale": 150000,
        "Data presentazione": datetime(2018, 12, 20, 10, 0),
        "Punteggio": 91,
        "PEC": "ilponte@pec.esempio.it",
    },
    "FSE3": {
        "Codice domanda": "FSE3-001",
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
    "FESR": {
        "Codice domanda": "FESR-001",
        "Linea": "A",
        "Richiedente": "Cooperativa Sociale Salute Esempio",
        "Codice fiscale": "09952890037",
        "Tipologia richiedente": "impresa-sociale",
        "Dimensione impresa": "media",
        "Senza scopo di lucro": "sì",
        "Provincia sede": "NO",
        "Contributo richiesto": 900000,
        "Costo totale": 1200000,
        "Data presentazione": datetime(2018, 10, 15, 9, 1),
        "PEC": "salute@pec.esempio.it",
    },
    "FSE4": {
        "Codice domanda": "FSE4-001",
        "Richiedente": "Agenzia di Sviluppo Esempio",
        "Codice fiscale": "09083010042",
        "Tipologia richiedente": "ente-pubblico",
        "Senza scopo di lucro": "sì",
        "Provincia sede": "TO",
        "Contributo richiesto": 100000,
        "Costo totale": 100000,
        "Data presentazione": datetime(2017, 9, 1, 12, 0),
        "PEC": "agenzia@pec.esempio.it",
    },
}
"""A valid application of each measure, as an officer types it into the measure's template."""

PARTNERS: dict[str, list[str]] = {
    "FSE1": ["FSE1-001", "Cooperativa Sociale Il Ponte (esempio)", "08657970011", "ets", "TO"],
}
"""The partner rows a measure's partnership needs (only FSE1 has partnership rules)."""


def fill_for(template: Path, measure: str, target: Path) -> Path:
    """Type the measure's application (its Misura is already there) and its partners, if it needs any."""
    workbook = load_workbook(template)
    applications = workbook["Domande"]
    headers = [str(cell.value) for cell in applications[1]]
    assert applications.cell(row=2, column=headers.index("Misura") + 1).value == measure
    for header, value in ONE_APPLICATION_PER_MEASURE[measure].items():
        applications.cell(row=2, column=headers.index(header) + 1, value=value)
    for column, value in enumerate(PARTNERS.get(measure, []), start=1):
        workbook["Partner"].cell(row=2, column=column, value=value)
    workbook.save(target)
    return target


@pytest.mark.parametrize("measure", list(ONE_APPLICATION_PER_MEASURE))
def test_the_template_of_each_measure_once_filled_checks_with_no_findings_and_exit_0(
    measure: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the shipped configuration
    template = tmp_path / "modello.xlsx"
    made = CliRunner().invoke(app, ["template", "--measure", measure, "-o", str(template), "--lang", "it"])
    assert made.exit_code == 0, made.output
    filled = fill_for(template, measure, tmp_path / f"domande-{measure}.xlsx")
    result = CliRunner().invoke(app, ["check", str(filled), "--as-of", "2026-11-22", "--format", "json"])
    document = json.loads(result.stdout)
    assert [f["code"] for a in document["applications"] for f in a["findings"]] == []
    assert document["file_findings"] == []
    assert result.exit_code == 0


def test_a_hidden_sheet_named_like_the_template_s_lists_is_reported_in_a_workbook_that_is_no_template(
    tmp_path: Path,
) -> None:
    configuration = load_configuration(environ={})
    template = write_template(configuration, tmp_path / "modello.xlsx", Lang.IT, "FSE3")
    workbook = load_workbook(fill_for(template, "FSE3", tmp_path / "compilato.xlsx"))
    workbook.custom_doc_props.props.clear()  # type: ignore[attr-defined]  # no longer marked as a template
    workbook.save(tmp_path / "senza-marchio.xlsx")
    result = check_files([tmp_path / "senza-marchio.xlsx"], configuration, CHECK_TIME)
    assert [(f.code, f.sheet) for f in result.file_findings] == [("hidden-sheet", "Liste")]


def test_an_empty_partners_file_given_with_partners_is_still_no_data(tmp_path: Path) -> None:
    configuration = load_configuration(environ={})
    template = write_template(configuration, tmp_path / "modello.xlsx", Lang.IT, "FSE3")
    filled = fill_for(template, "FSE3", tmp_path / "compilato.xlsx")
    partners = tmp_path / "partner.csv"
    partners.write_text("Codice domanda;Denominazione partner;Tipologia partner\n", encoding="utf-8")
    result = check_files([filled], configuration, CHECK_TIME, partners=partners)
    assert [(f.code, f.file) for f in result.file_findings] == [("no-data", "partner.csv")]


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
