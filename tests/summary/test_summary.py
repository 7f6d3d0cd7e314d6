"""Summaries by measure, district, province and applicant type; charts in the workbook."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from tests.applications import make_application, run
from wecare_cli.config import Configuration
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking import rank_check
from wecare_cli.reports.summary import summary_csv, summary_document
from wecare_cli.reports.summary_excel import write_summary_workbook
from wecare_cli.summary import GroupBy, Summary, summarise

FSE1 = {"measure": "FSE1", "line": None, "applicant_type": "ente-gestore", "enterprise_size": None}


def summary_of(configuration: Configuration, by: GroupBy) -> Summary:
    rows = [
        make_application(row=4, application_id="A", score=Decimal(90)),
        make_application(row=5, application_id="B", score=Decimal(80), seat_province="cn"),
        make_application(row=6, application_id="C", measure="FSE9"),
        make_application(row=7, application_id="D", district="Bra", **FSE1),
    ]
    return summarise(rank_check(run(configuration, rows)), by)


def test_the_summary_by_measure_adds_up_requests_verdicts_and_grants(configuration: Configuration) -> None:
    document = summary_document(summary_of(configuration, GroupBy.MEASURE), Lang.EN)
    groups = {g["group"]: g for g in document["groups"]}
    assert list(groups) == ["FSE1", "FSE3", "?"]
    assert groups["FSE3"]["applications"] == 2
    assert groups["FSE3"]["requested"] == 160_000
    assert groups["FSE3"]["funded"] == 2
    assert groups["FSE3"]["granted"] == 160_000
    assert groups["?"]["ineligible_by_reason"] == {"measure-unknown": 1}
    assert groups["FSE1"]["ineligible_by_reason"] == {
        "deadline-missed": 1,
        "partnership-missing-third-sector": 1,
    }
    assert document["total"]["applications"] == 4
    fse3 = next(a for a in document["budget_absorption"] if a["measure"] == "FSE3")
    assert fse3 == {"measure": "FSE3", "budget": 4_000_000, "granted": 160_000, "share": 0.04}


def test_per_thousand_residents_is_said_to_be_unknown_when_the_population_is(
    configuration: Configuration,
) -> None:
    document = summary_document(summary_of(configuration, GroupBy.DISTRICT), Lang.EN)
    assert [g["label"] for g in document["groups"]] == ["Bra", "?"]
    assert document["groups"][0]["granted_per_1000_residents"] is None
    assert document["population_note"] is not None


def test_the_summary_by_province_uses_the_seat_province_in_capitals(configuration: Configuration) -> None:
    document = summary_document(summary_of(configuration, GroupBy.PROVINCE), Lang.EN)
    assert [g["group"] for g in document["groups"]] == ["?", "CN"]


def test_the_csv_has_one_line_per_group_and_the_total(configuration: Configuration) -> None:
    lines = summary_csv(summary_of(configuration, GroupBy.APPLICANT_TYPE), Lang.EN).splitlines()
    assert lines[0].startswith("Group,Name,Applications")
    assert [line.split(",")[0] for line in lines[1:]] == ["ente-gestore", "impresa", "total"]


def test_the_summary_workbook_holds_two_native_charts(configuration: Configuration, tmp_path: Path) -> None:
    target = write_summary_workbook(summary_of(configuration, GroupBy.MEASURE), tmp_path / "r.xlsx", Lang.IT)
    with zipfile.ZipFile(target) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert sorted(charts) == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
    workbook = load_workbook(target)
    assert workbook.sheetnames == ["Riepilogo", "Assorbimento", "Legenda"]
    assert workbook["Riepilogo"]["A1"].value == "Misura"
    assert workbook["Riepilogo"].freeze_panes == "A2"


def test_the_summary_workbook_labels_its_counts_and_names_the_group_it_could_not_determine(
    configuration: Configuration, tmp_path: Path
) -> None:
    target = write_summary_workbook(summary_of(configuration, GroupBy.MEASURE), tmp_path / "r.xlsx", Lang.IT)
    sheet = load_workbook(target)["Riepilogo"]
    header = [cell.value for cell in sheet[1]]
    # No population is known: no per-1,000 columns (the legend says why), as on the terminal.
    assert header == [
        "Misura", "Domande", "Richiesto", "Ammissibili", "Non ammesse", "Motivi", "Finanziate", "Concesso"
    ]  # fmt: skip
    assert [sheet.cell(row, 1).value for row in range(2, 6)] == [
        "FSE1", "FSE3", "(misura non determinata)", "Totale"
    ]  # fmt: skip
