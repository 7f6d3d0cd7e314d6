"""The graduatoria workbook, opened back with openpyxl: sheets, cells, formats, safety, atomicity."""

from __future__ import annotations

import base64
import dataclasses
import gc
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from random import Random
from typing import Any

import pytest
import xlsxwriter.workbook
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from tests.applications import CHECK_TIME, FILE, SHEET, at, make_application, run
from wecare_cli.config import Configuration
from wecare_cli.config.measures import TieBreak
from wecare_cli.errors import OutputError
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.catalog import worded
from wecare_cli.i18n.findings import finding_message
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.model import InputFile
from wecare_cli.own_workbooks import (
    EMBEDDED_CHUNK,
    EMBEDDED_ENCODING,
    EmbeddedCells,
    embedded_cells,
    embedded_json,
)
from wecare_cli.ranking import rank_check
from wecare_cli.ranking.model import (
    WITHDRAWN_STATUSES,
    AllocationNote,
    RankedApplication,
    RankingResult,
    RankStatus,
)
from wecare_cli.reports.machine import to_json
from wecare_cli.reports.ranking import ranking_document
from wecare_cli.reports.ranking_excel import EMBEDDED_SHEET, write_ranking_workbook
from wecare_cli.verdicts import CheckResult, Verdict

EURO = "[$€-410] #,##0.00"
DATETIME = "dd/mm/yyyy hh:mm"
HYPERLINK = '=HYPERLINK("http://x","y")'
ITALIAN_SHEETS = [
    "Riepilogo",
    "FSE1",
    "FSE2",
    "FSE3",
    "FESR",
    "FSE4",
    "Non ammesse",
    "Anomalie dati",
    "Legenda",
]
TOTAL = "Totale strategia"
ENGLISH_SHEETS = ["Summary", "FSE1", "FSE2", "FSE3", "FESR", "FSE4", "Ineligible", "Data issues", "Legend"]


# ------------------------------------------------------------------------------------------ helpers


def placed(
    verdict: Verdict,
    rank: int | None,
    status: RankStatus,
    requested: str,
    granted: str,
    cumulative: str,
    score: str | None = None,
    **fields: Any,
) -> RankedApplication:
    """An application placed in its envelope exactly as a test wants it."""
    values: dict[str, Any] = {"breakdown": (), "tie_break": None, "note": None, **fields}
    return RankedApplication(
        verdict=verdict,
        rank=rank,
        score=Decimal(score) if score is not None else None,
        status=status,
        requested=Decimal(requested),
        granted=Decimal(granted),
        cumulative_granted=Decimal(cumulative),
        **values,
    )


def with_envelope(result: RankingResult, measure: str, line: str | None, **changes: Any) -> RankingResult:
    """The result with one envelope's fields replaced."""
    envelopes = tuple(
        dataclasses.replace(e, **changes) if (e.measure, e.line) == (measure, line) else e
        for e in result.envelopes
    )
    return dataclasses.replace(result, envelopes=envelopes)


def with_check(result: RankingResult, **changes: Any) -> RankingResult:
    """The result with fields of its check replaced (input files, file findings)."""
    return dataclasses.replace(result, check=dataclasses.replace(result.check, **changes))


def write(
    tmp_path: Path, result: RankingResult, lang: Lang = Lang.IT, name: str = "graduatoria.xlsx"
) -> Path:
    return write_ranking_workbook(result, tmp_path / name, lang)


def header_row(sheet: Worksheet) -> int:
    """The 1-based row of the table's header: the row above the frozen panes (below a title block)."""
    frozen = sheet.freeze_panes
    return int(frozen[1:]) - 1 if frozen else 1


def title_lines(sheet: Worksheet) -> list[str]:
    """The lines of the title block above the table."""
    return [str(row[0]) for row in sheet.iter_rows(max_row=header_row(sheet) - 2, values_only=True)]


def rows(sheet: Worksheet) -> list[list[Any]]:
    """Every row's values from the table's header on (the title block left out)."""
    return [list(row) for row in sheet.iter_rows(min_row=header_row(sheet), values_only=True)]


def records(sheet: Worksheet) -> list[dict[str, Any]]:
    """Data rows as header -> value."""
    header, *data = rows(sheet)
    return [dict(zip(header, row, strict=True)) for row in data]


def column_of(sheet: Worksheet, header: str) -> int:
    """1-based index of the column with this header."""
    return next(cell.column for cell in sheet[header_row(sheet)] if cell.value == header)


def cell_at(sheet: Worksheet, row_key: str, header: str, key_header: str = "Domanda") -> Any:
    """The cell in the row whose ``key_header`` column holds ``row_key``, column ``header``."""
    key_column = column_of(sheet, key_header)
    for row in sheet.iter_rows(min_row=header_row(sheet) + 1):
        if row[key_column - 1].value == row_key:
            return row[column_of(sheet, header) - 1]
    raise AssertionError(f"no row {row_key!r} in {sheet.title}")


@pytest.fixture
def check(configuration: Configuration) -> CheckResult:
    """FSE3 attivazione applications (one named like a formula), one ineligible, one on FESR A."""
    return run(
        configuration,
        [
            make_application(row=4, application_id="A", score=Decimal(90), district="D01"),
            make_application(
                row=5, application_id="B", score=Decimal(80), applicant_name=HYPERLINK, district="D02"
            ),
            make_application(row=6, application_id="C", score=Decimal(70)),
            make_application(row=7, application_id="X", applicant_type="comune"),
            make_application(row=8, application_id="Y", measure="XYZ"),
            make_application(
                row=9,
                application_id="AN",
                line="animazione",
                score=Decimal(55),
                submitted_at=at("2020-02-21T09:30"),
            ),
        ],
    )


@pytest.fixture
def result(check: CheckResult) -> RankingResult:
    """The shipped configuration's ranking, FSE3 attivazione and animazione placed by hand."""
    ranked = rank_check(check)
    a, b, c = check.verdicts[:3]
    animazione = check.verdicts[5]
    ranked = with_envelope(
        ranked,
        "FSE3",
        "animazione",
        applications=(
            placed(
                animazione,
                1,
                RankStatus.NOT_ALLOCATED,
                "80000",
                "0",
                "0",
                "55",
                note=AllocationNote.BUDGET_UNKNOWN,
            ),
        ),
    )
    return with_envelope(
        ranked,
        "FSE3",
        "attivazione",
        budget=Decimal(150_000),
        applications=(
            placed(a, 1, RankStatus.FUNDED, "80000", "80000", "80000", "90"),
            placed(
                b,
                2,
                RankStatus.PARTIALLY_FUNDED,
                "80000",
                "70000",
                "150000",
                "80",
                tie_break=TieBreak.EARLIER_SUBMISSION,
            ),
            placed(
                c,
                3,
                RankStatus.ELIGIBLE_NOT_FUNDED,
                "80000",
                "0",
                "150000",
                "70",
                note=AllocationNote.DISTRICT_CAP_REACHED,
            ),
        ),
    )


@pytest.fixture
def workbook(tmp_path: Path, result: RankingResult) -> Iterator[Workbook]:
    book = load_workbook(write(tmp_path, result))
    yield book
    book.close()


# ------------------------------------------------------------------------------------------ sheets


def test_the_sheets_are_the_summary_each_measure_ineligible_data_issues_and_legend_in_italian(
    workbook: Workbook,
) -> None:
    assert workbook.sheetnames == [*ITALIAN_SHEETS, EMBEDDED_SHEET]
    assert [ws.title for ws in workbook.worksheets if ws.sheet_state == "visible"] == ITALIAN_SHEETS
    assert workbook[EMBEDDED_SHEET].sheet_state == "veryHidden"


def test_the_sheets_are_named_in_english_for_an_english_officer(
    tmp_path: Path, result: RankingResult
) -> None:
    book = load_workbook(write(tmp_path, result, Lang.EN))
    assert book.sheetnames == [*ENGLISH_SHEETS, EMBEDDED_SHEET]
    assert (
        cell_at(book["FSE3"], "C", "Status", "Application").value == "eligible, not funded (budget used up)"
    )


def test_ranking_one_measure_gives_one_measure_sheet(tmp_path: Path, check: CheckResult) -> None:
    book = load_workbook(write(tmp_path, rank_check(check, "FSE3")))
    assert book.sheetnames == ["Riepilogo", "FSE3", "Non ammesse", "Anomalie dati", "Legenda", EMBEDDED_SHEET]
    # The application of an unknown measure is not in the FSE3 ranking.
    assert [r["Domanda"] for r in records(book["Non ammesse"])] == ["X"]
    legend = records(book["Legenda"])
    assert [r["Valore"] for r in legend if r["Voce"] == "Misura in graduatoria (--measure)"] == ["FSE3"]
    assert [r["Voce"] for r in legend if r["Voce"].startswith("Assegnazione")] == [
        "Assegnazione FSE3 attivazione",
        "Assegnazione FSE3 aggregatori",
        "Assegnazione FSE3 animazione",
    ]


def test_every_sheet_has_a_frozen_filtered_header_repeated_on_every_printed_landscape_page(
    workbook: Workbook,
) -> None:
    for title in ITALIAN_SHEETS:
        sheet = workbook[title]
        header = header_row(sheet)
        last_column = get_column_letter(sheet.max_column)
        assert sheet.freeze_panes == f"A{header + 1}", title
        assert sheet.auto_filter.ref is not None, title
        assert sheet.auto_filter.ref.startswith(f"A{header}:{last_column}"), title
        assert sheet.print_title_rows == f"${header}:${header}", title
        assert sheet.page_setup.orientation == "landscape", title
        assert sheet.page_setup.paperSize == 9, title  # A4
        fit = sheet.sheet_properties.pageSetUpPr
        if fit is not None and fit.fitToPage:  # one page wide, as many tall as needed
            assert sheet.page_setup.fitToWidth in (None, 1), title  # 1 is the default, left out
            assert sheet.page_setup.fitToHeight == 0, title
        else:  # too wide for a legible page: 70 %, then pages across
            assert sheet.page_setup.scale == 70, title
            assert sheet.print_options is not None
            assert sheet.page_setup.pageOrder == "overThenDown", title
        header_footer = (sheet.oddHeader, sheet.oddFooter)
        assert header_footer[0] is not None and header_footer[1] is not None
        assert (header_footer[1].left.text, header_footer[1].right.text) == ("&A", "Pagina &P di &N"), title
        issuer = "Regione Piemonte – WE.CA.RE. – Welfare Cantiere Regionale"
        assert header_footer[0].left.text == issuer, title
        assert header_footer[0].center.text == "&A", title
        assert header_footer[0].right.text == "Situazione al 22/11/2026 09:00 (Europe/Rome)", title


def test_the_measure_sheets_print_their_title_block_and_their_first_columns_on_every_page_across(
    workbook: Workbook,
) -> None:
    sheet = workbook["FSE3"]
    assert title_lines(sheet) == [
        "Regione Piemonte – WE.CA.RE. – Welfare Cantiere Regionale",
        "Graduatoria FSE3 – Promozione del welfare aziendale",
        "Atto del bando: DGR 5 ottobre 2018, n. 20-7648 (atto di indirizzo)",
        "Linea attivazione (Progettazione e attivazione di interventi di welfare aziendale): "
        "procedura graduatoria, assegnazione in ordine rigoroso",
        "    dotazione 150.000,00 €, concesso 150.000,00 €, residuo 0,00 €; domande: "
        "ammessa e finanziata: 1; finanziata parzialmente: 1; "
        "ammissibile non finanziata per esaurimento risorse: 1",
        "Linea aggregatori (Disseminazione e diffusione del welfare aziendale tramite enti aggregatori): "
        "procedura graduatoria, assegnazione in ordine rigoroso",
        "    dotazione 1.200.000,00 €, concesso 0,00 €, residuo 1.200.000,00 €; domande: "
        "nessuna domanda ammissibile",
        "Linea animazione (Animazione e comunicazione istituzionale del territorio piemontese sulle "
        "tematiche del welfare aziendale): procedura graduatoria, assegnazione in ordine rigoroso",
        "    dotazione non nota, concesso 0,00 €, residuo non nota; domande: ammissibile, non allocata "
        "(manca un dato che le fonti non riportano): 1",
        "Situazione al 22/11/2026 09:00 (Europe/Rome)",
    ]
    assert sheet.print_title_cols == "$A:$C"  # line, position, application


# ------------------------------------------------------------------------------------------ measure sheet


def test_the_measure_sheet_has_the_graduatoria_of_each_line_with_its_columns(workbook: Workbook) -> None:
    sheet = workbook["FSE3"]
    assert rows(sheet)[0] == [
        "Linea",
        "Posizione",
        "Domanda",
        "Richiedente",
        "Codice fiscale",
        "Punteggio",
        "Richiesto",
        "Concesso",
        "Stato",
        "Distretto",
        "Presentata il",
        "Cumulato",
        "Criterio di parità",
        "Nota",
    ]
    assert rows(sheet)[1:] == [
        [
            "attivazione",
            1,
            "A",
            "Tessiture Biellesi srl",
            "00743110157",
            90,
            80000,
            80000,
            "ammessa e finanziata",
            "D01 Asti",
            datetime(2020, 2, 20, 11, 0),
            80000,
            None,
            None,
        ],
        [
            "attivazione",
            2,
            "B",
            HYPERLINK,
            "00743110157",
            80,
            80000,
            70000,
            "finanziata parzialmente",
            "D02 Alessandria e Valenza",
            datetime(2020, 2, 20, 11, 0),
            150000,
            "presentazione anteriore",
            None,
        ],
        [
            "attivazione",
            3,
            "C",
            "Tessiture Biellesi srl",
            "00743110157",
            70,
            80000,
            0,
            "ammissibile non finanziata per esaurimento risorse",
            None,
            datetime(2020, 2, 20, 11, 0),
            150000,
            None,
            "raggiunto il numero massimo di progetti per distretto",
        ],
        ["aggregatori", *[None] * 7, "nessuna domanda ammissibile", *[None] * 5],
        [
            "animazione",
            1,
            "AN",
            "Tessiture Biellesi srl",
            "00743110157",
            55,
            80000,
            0,
            "ammissibile, non allocata (manca un dato che le fonti non riportano)",
            None,
            datetime(2020, 2, 21, 9, 30),
            0,
            None,
            "dotazione non nota",
        ],
        ["Totale", *[None] * 5, 320000, 150000, *[None] * 6],
    ]


def test_amounts_are_numbers_in_euro_format_rounded_to_the_cent(
    tmp_path: Path, result: RankingResult, check: CheckResult
) -> None:
    odd = placed(check.verdicts[0], 1, RankStatus.FUNDED, "1234.567", "1234.565", "1234.5649")
    sheet = load_workbook(write(tmp_path, with_envelope(result, "FSE3", "attivazione", applications=(odd,))))[
        "FSE3"
    ]
    cells = [cell_at(sheet, "A", header) for header in ("Richiesto", "Concesso", "Cumulato")]
    assert [(c.value, c.data_type, c.number_format) for c in cells] == [
        (1234.57, "n", EURO),
        (1234.56, "n", EURO),  # half to even, as Decimal rounds
        (1234.56, "n", EURO),
    ]


def test_submission_times_are_dates_shown_day_month_year_hours_minutes(workbook: Workbook) -> None:
    cell = cell_at(workbook["FSE3"], "AN", "Presentata il")
    assert (cell.value, cell.is_date, cell.number_format) == (datetime(2020, 2, 21, 9, 30), True, DATETIME)


def test_each_status_colours_its_row_with_its_own_fill(workbook: Workbook) -> None:
    sheet = workbook["FSE3"]
    # Conditional formats on the Stato column (I): the colour follows the row when it is sorted.
    rules = {
        (str(cells.sqref), rule.formula[0]): rule.dxf.fill.bgColor.rgb
        for cells in sheet.conditional_formatting
        for rule in cells.rules
        if rule.dxf is not None and rule.dxf.fill is not None
    }
    first = header_row(sheet) + 1
    table = f"A{first}:N{sheet.max_row}"
    assert rules == {
        (table, f'$I{first}="ammessa e finanziata"'): "FFC6EFCE",
        (table, f'$I{first}="finanziata parzialmente"'): "FFDDEBF7",
        (table, f'$I{first}="ammissibile non finanziata per esaurimento risorse"'): "FFFFEB9C",
        (table, f'$I{first}="non idonea"'): "FFF4CCE4",
        (table, f'$I{first}="ammissibile, non allocata (manca un dato che le fonti non riportano)"'): (
            "FFE7E6E6"
        ),
    }
    assert sheet[f"I{first - 1}"].value == "Stato"
    legend = {
        r[1].value: r[1].fill.fgColor.rgb
        for r in workbook["Legenda"].iter_rows(min_row=2)
        if r[0].value == "Stato"
    }
    assert legend == {
        "ammessa e finanziata": "FFC6EFCE",
        "finanziata parzialmente": "FFDDEBF7",
        "ammissibile non finanziata per esaurimento risorse": "FFFFEB9C",
        "non idonea": "FFF4CCE4",
        "ammissibile, non allocata (manca un dato che le fonti non riportano)": "FFE7E6E6",
        "non ammissibile": "FFF8CBAD",
    }


def colour_rules(sheet: Worksheet) -> dict[str, str]:
    """Formula -> background colour of the conditional formats over the whole table."""
    table = f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}".replace("A1", "A2")
    found: dict[str, str] = {}
    for cells in sheet.conditional_formatting:
        assert str(cells.sqref) == table
        for rule in cells.rules:
            assert rule.dxf is not None and rule.dxf.fill is not None
            found[rule.formula[0]] = rule.dxf.fill.bgColor.rgb
    return found


def test_ineligible_rows_and_data_issues_are_coloured_like_their_status_or_severity(
    tmp_path: Path, result: RankingResult
) -> None:
    changed = with_check(
        result, file_findings=(Finding("macros-ignored", Severity.WARNING, file="domande.xlsm"),)
    )
    book = load_workbook(write(tmp_path, changed))
    assert colour_rules(book["Non ammesse"]) == {"TRUE": "FFF8CBAD"}
    assert colour_rules(book["Anomalie dati"]) == {'$A2="errore"': "FFF8CBAD", '$A2="avviso"': "FFFFF2CC"}


def test_a_formula_written_as_an_applicant_name_stays_text(tmp_path: Path, result: RankingResult) -> None:
    path = write(tmp_path, result)
    cell = cell_at(load_workbook(path)["FSE3"], "B", "Richiedente")
    assert (cell.value, cell.data_type) == (HYPERLINK, "s")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any("<f>" in archive.read(name).decode() for name in sheets)


def test_criterion_points_get_one_column_each_after_the_score(
    tmp_path: Path, result: RankingResult, check: CheckResult
) -> None:
    a, b = check.verdicts[:2]
    scored = (
        placed(
            a,
            1,
            RankStatus.FUNDED,
            "80000",
            "80000",
            "80000",
            "60.5",
            breakdown=(("impatto", Decimal(40)), ("qualita", Decimal("20.5"))),
        ),
        placed(
            b,
            2,
            RankStatus.FUNDED,
            "60000",
            "60000",
            "140000",
            "50",
            breakdown=(("impatto", Decimal(30)), ("rete", Decimal(20))),
        ),
    )
    sheet = load_workbook(write(tmp_path, with_envelope(result, "FSE3", "attivazione", applications=scored)))[
        "FSE3"
    ]
    header = rows(sheet)[0]
    assert header[10:14] == ["Presentata il", "Punti: impatto", "Punti: qualita", "Punti: rete"]
    assert [r[10:14] for r in rows(sheet)[1:3]] == [
        [datetime(2020, 2, 20, 11, 0), 40, 20.5, None],
        [datetime(2020, 2, 20, 11, 0), 30, None, 20],
    ]
    assert rows(load_workbook(write(tmp_path, result, name="plain.xlsx"))["FSE1"])[0][9:11] == [
        "Presentata il",
        "Cumulato",
    ]


# ------------------------------------------------------------------------------------------ summary


def test_the_summary_gives_budget_amounts_and_counts_per_line(workbook: Workbook) -> None:
    summary = {(r["Misura"], r["Linea"]): r for r in records(workbook["Riepilogo"])}
    assert summary[("FSE3", "attivazione")] == {
        "Misura": "FSE3",
        "Linea": "attivazione",
        "Procedura": "graduatoria",
        "Dotazione": 150000,
        "Richiesto (tutte le domande)": 320000,  # X, ineligible, asked for 80,000 € too
        "Richiesto (ammissibili)": 240000,
        "Concesso": 150000,
        "Residuo": 0,
        "Utilizzo": 1,
        "Finanziate": 1,
        "Finanziate parzialmente": 1,
        "Ammissibili non finanziate": 1,
        "Non idonee (sotto soglia)": 0,
        "Non allocate": 0,
        "Non ammesse": 1,
        "Nota": None,
    }
    # The application of an unknown measure is counted on a row of its own, then the totals.
    assert summary[("(misura non determinata)", None)]["Non ammesse"] == 1
    total = TOTAL
    assert list(summary)[-2:] == [("(misura non determinata)", None), (total, None)]
    assert summary[(total, None)]["Concesso"] == 150000
    assert summary[(total, None)]["Non ammesse"] == 2
    # The strategy's budget from measures.yaml, and what is left of it.
    budget = (summary[(total, None)]["Dotazione"], summary[(total, None)]["Residuo"])
    assert budget == (20_000_000, 19_850_000)
    # Requested by all counts the ineligible applications too (X asks for 80,000 €, Y as well).
    assert summary[(total, None)]["Richiesto (tutte le domande)"] == 480000
    assert summary[(total, None)]["Richiesto (ammissibili)"] == 320000
    sheet = workbook["Riepilogo"]
    header = header_row(sheet)
    assert sheet.auto_filter.ref == f"A{header}:P{sheet.max_row - 1}"  # the totals row stays out
    assert sheet.cell(row=header + 1, column=4).number_format == EURO
    assert title_lines(sheet)[2:] == [
        "Totale strategia: dotazione 20.000.000,00 € (measures.yaml)",
        "Richiesto (tutte le domande) comprende le domande non ammissibili; "
        "Richiesto (ammissibili) solo quelle in graduatoria.",
        "Situazione al 22/11/2026 09:00 (Europe/Rome)",
    ]


def test_an_unknown_budget_reads_non_nota_with_its_note_and_is_never_zero(workbook: Workbook) -> None:
    summary = {(r["Misura"], r["Linea"]): r for r in records(workbook["Riepilogo"])}
    animazione = summary[("FSE3", "animazione")]
    assert (animazione["Dotazione"], animazione["Residuo"], animazione["Utilizzo"]) == (
        "non nota",
        "non nota",
        None,
    )
    assert animazione["Nota"] == (
        "NON TROVATO. Il calcolo dà 300.000 € (4,0 − 2,5 − 1,2 M€), il pacchetto '4 bandi, 10,9 M€' "
        "dà 1.100.000 €: non risolto."
    )
    total = summary[(TOTAL, None)]
    # The strategy's budget is known even though a line's is not; the note says which.
    assert (total["Dotazione"], total["Residuo"]) == (20_000_000, 19_850_000)
    assert total["Nota"] == (
        "dotazione non nota per: FSE3 animazione; le dotazioni note delle linee sommano 17.350.000,00 €"
    )


def test_an_unknown_procedure_reads_non_nota_with_its_note(
    workbook: Workbook, configuration: Configuration
) -> None:
    fse4 = {(r["Misura"], r["Linea"]): r for r in records(workbook["Riepilogo"])}[("FSE4", None)]
    measure = configuration.measures.measure("FSE4")
    assert measure is not None
    assert (fse4["Procedura"], fse4["Nota"]) == ("non nota", worded(measure.procedure.note, Lang.IT))


def test_an_unknown_budget_reads_unknown_in_english(tmp_path: Path, result: RankingResult) -> None:
    summary = {
        (r["Measure"], r["Line"]): r
        for r in records(load_workbook(write(tmp_path, result, Lang.EN))["Summary"])
    }
    assert summary[("FSE3", "animazione")]["Budget"] == "unknown"


def test_the_summary_holds_a_bar_chart_of_granted_against_budget(
    tmp_path: Path, result: RankingResult
) -> None:
    with zipfile.ZipFile(write(tmp_path, result)) as archive:
        assert "xl/charts/chart1.xml" in archive.namelist()
        chart = archive.read("xl/charts/chart1.xml").decode()
    assert "<c:barChart>" in chart
    # Below the title block (five lines, an empty row), the header on row 7.
    assert "Riepilogo!$D$8:$D$16" in chart  # budgets of the nine envelopes
    assert "Riepilogo!$G$8:$G$16" in chart  # granted
    assert "Riepilogo!$A$8:$B$16" in chart  # measure and line


def test_the_summary_chart_prints_on_a_page_of_its_own_right_of_the_repeated_columns(
    tmp_path: Path, result: RankingResult
) -> None:
    with zipfile.ZipFile(write(tmp_path, result)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    # Header on row 7, nine envelopes, the totals row (18): the chart two rows below it, after a
    # page break, from column C (A and B are repeated on the pages across).
    assert '<rowBreaks count="1" manualBreakCount="1"><brk id="19" max="16383" man="1"/></rowBreaks>' in sheet
    anchor = drawing.split("<xdr:from>", 1)[1].split("</xdr:from>", 1)[0]
    assert "<xdr:col>2</xdr:col>" in anchor
    assert "<xdr:row>19</xdr:row>" in anchor


def test_envelopes_without_applications_still_appear(
    workbook: Workbook, configuration: Configuration
) -> None:
    assert [(r["Misura"], r["Linea"], r["Concesso"]) for r in records(workbook["Riepilogo"])][:9] == [
        ("FSE1", None, 0),
        ("FSE2", "territoriale", 0),
        ("FSE2", "regionale", 0),
        ("FSE3", "attivazione", 150000),
        ("FSE3", "aggregatori", 0),
        ("FSE3", "animazione", 0),
        ("FESR", "A", 0),
        ("FESR", "B", 0),
        ("FSE4", None, 0),
    ]
    fse4 = configuration.measures.measure("FSE4")
    assert fse4 is not None
    assert rows(workbook["FSE4"])[1:] == [
        [*[None] * 7, "nessuna domanda ammissibile", *[None] * 4, worded(fse4.procedure.note, Lang.IT)],
        ["Totale", *[None] * 4, 0, 0, *[None] * 6],
    ]


# ------------------------------------------------------------------------------------------ findings


def test_the_ineligible_sheet_lists_each_reason_with_its_cell(workbook: Workbook, check: CheckResult) -> None:
    # The message is the finding's own, in Italian (its wording belongs to the rule).
    wrong_type, unknown_measure = check.verdicts[3].findings[0], check.verdicts[4].findings[0]
    assert rows(workbook["Non ammesse"]) == [
        [
            "Domanda",
            "Misura",
            "Linea",
            "Richiedente",
            "Codice",
            "Messaggio",
            "File",
            "Foglio",
            "Riga",
            "Colonna",
            "Valore",
        ],
        [
            "X",
            "FSE3",
            "attivazione",
            "Tessiture Biellesi srl",
            "applicant-type-not-allowed",
            finding_message(wrong_type, Lang.IT),
            FILE,
            SHEET,
            7,
            "Tipologia richiedente",
            "comune",
        ],
        [
            "Y",
            "XYZ",
            "attivazione",
            "Tessiture Biellesi srl",
            "measure-unknown",
            finding_message(unknown_measure, Lang.IT),
            FILE,
            SHEET,
            8,
            "Misura",
            "XYZ",
        ],
    ]
    assert finding_message(unknown_measure, Lang.IT).startswith(
        "La misura «XYZ» non è tra quelle configurate"
    )


def test_an_application_with_several_reasons_gets_one_row_per_reason(
    tmp_path: Path, configuration: Configuration
) -> None:
    bad = make_application(row=12, application_id="Z", total_cost=Decimal(100))
    sheet = load_workbook(write(tmp_path, rank_check(run(configuration, [bad]))))["Non ammesse"]
    assert [(r["Domanda"], r["Codice"], r["Riga"], r["Colonna"], r["Valore"]) for r in records(sheet)] == [
        ("Z", "requested-exceeds-total-cost", 12, "Contributo richiesto", "80000.00"),
        ("Z", "amount-out-of-range", 12, "Costo totale", "100"),
    ]


def test_data_issues_list_file_findings_then_warnings_on_rows(
    tmp_path: Path, configuration: Configuration
) -> None:
    warned = make_application(
        row=5,
        application_id="P",
        pec="ufficio@gmail.com",
        findings=[
            Finding(
                "pec-not-certified-domain",
                Severity.WARNING,
                FILE,
                SHEET,
                5,
                "PEC",
                "ufficio@gmail.com",
                {"domain": "gmail.com"},
            )
        ],
    )
    result = with_check(
        rank_check(run(configuration, [warned])),
        file_findings=(Finding("macros-ignored", Severity.WARNING, file="domande.xlsm"),),
    )
    table = rows(load_workbook(write(tmp_path, result))["Anomalie dati"])
    assert table[0] == [
        "Gravità",
        "Domanda",
        "Misura",
        "Codice",
        "Messaggio",
        "File",
        "Foglio",
        "Riga",
        "Colonna",
        "Valore",
    ]
    assert [row[:4] + row[5:] for row in table[1:]] == [
        ["avviso", None, None, "macros-ignored", "domande.xlsm", None, None, None, None],
        ["avviso", "P", "FSE3", "pec-not-certified-domain", FILE, SHEET, 5, "PEC", "ufficio@gmail.com"],
    ]
    assert table[1][4] == (
        "La cartella di lavoro contiene macro: non sono state eseguite, "
        "sono stati letti solo i valori salvati."
    )


# ------------------------------------------------------------------------------------------ legend


def test_the_legend_gives_reference_time_version_and_the_sha256_of_every_file(
    tmp_path: Path, result: RankingResult, configuration: Configuration
) -> None:
    content = b"Codice domanda;Misura\n"
    digest = hashlib.sha256(content).hexdigest()
    intake = InputFile(path="domande.xlsx", sha256=digest, kind="xlsx", sheet="Domande", header_row=1, rows=6)
    sheet = load_workbook(write(tmp_path, with_check(result, files=(intake,))))["Legenda"]
    legend = records(sheet)
    assert legend[0]["Voce"] == "Momento di riferimento (--as-of)"
    assert legend[0]["Valore"] == CHECK_TIME.replace(tzinfo=None)
    assert sheet["B2"].number_format == DATETIME
    assert legend[0]["Dettaglio"] == (
        "fuso orario Europe/Rome (2026-11-22T09:00:00+01:00): "
        "scadenze e aperture sono valutate a questo momento"
    )
    assert legend[1] == {"Voce": "Versione dello strumento", "Valore": "wecare 0.1.0", "Dettaglio": None}
    assert legend[2] == {
        "Voce": "File in ingresso",
        "Valore": "domande.xlsx",
        "Dettaglio": f"SHA-256 {digest}\n"
        "xlsx, foglio «Domande», intestazione alla riga 1, 6 righe di dati (applications)",
    }
    configuration_rows = [
        (r["Valore"], r["Dettaglio"]) for r in legend if r["Voce"] == "File di configurazione"
    ]
    assert configuration_rows == [
        (Path(path).name, f"SHA-256 {sha}") for path, sha in configuration.file_hashes().items()
    ]


def test_the_legend_lists_rules_not_applied_and_each_envelope_s_policy_and_tie_breaks(
    workbook: Workbook,
) -> None:
    legend = records(workbook["Legenda"])
    unchecked = [
        (r["Valore"], r["Dettaglio"])
        for r in legend
        if r["Voce"] == "Regola non applicata (non nota nelle fonti)"
    ]
    assert ("FSE3 animazione: amount-out-of-range (minimum)", "NON TROVATO nelle fonti.") in unchecked
    allocation = {
        r["Voce"]: (r["Valore"], r["Dettaglio"]) for r in legend if r["Voce"].startswith("Assegnazione")
    }
    assert list(allocation) == [
        "Assegnazione FSE1",
        "Assegnazione FSE2 territoriale",
        "Assegnazione FSE2 regionale",
        "Assegnazione FSE3 attivazione",
        "Assegnazione FSE3 aggregatori",
        "Assegnazione FSE3 animazione",
        "Assegnazione FESR A",
        "Assegnazione FESR B",
        "Assegnazione FSE4",
    ]
    assert allocation["Assegnazione FSE1"] == (
        "ordine rigoroso: la prima domanda che non trova copertura e tutte le successive "
        "non sono finanziate; nessun finanziamento parziale",
        "procedura: graduatoria; criteri di parità in ordine: presentazione anteriore → "
        "contributo richiesto minore → codice domanda (ordine alfabetico); punteggio minimo: "
        "non previsto; progetti finanziati per distretto al massimo: 1",
    )
    assert {r["Valore"] for r in legend if r["Voce"] == "Regole applicate"} == {
        "tutte le regole previste in measures.yaml, tranne quelle elencate sotto come non applicate"
    }
    statuses = [(r["Valore"], r["Dettaglio"]) for r in legend if r["Voce"] == "Stato"]
    assert [code for _, code in statuses] == [str(s) for s in RankStatus if s not in WITHDRAWN_STATUSES]


# ------------------------------------------------------------------------------------------ embedded


def embedded_cells_of(path: Path) -> list[str]:
    sheet = load_workbook(path)[EMBEDDED_SHEET]
    return [str(value) for (value,) in sheet.iter_rows(min_col=1, max_col=1, values_only=True)]


def test_the_hidden_sheet_holds_the_json_document_of_wecare_rank(
    tmp_path: Path, result: RankingResult
) -> None:
    cells = embedded_cells_of(write(tmp_path, result))
    assert cells[0] == EMBEDDED_ENCODING
    embedded = zlib.decompress(base64.b64decode("".join(cells[1:]), validate=True))
    assert json.loads(embedded) == json.loads(to_json(ranking_document(result, Lang.IT)))
    assert embedded_json(cells, 10**9) == embedded


def test_a_long_embedded_document_is_compressed_and_split_into_cells_excel_accepts(
    tmp_path: Path, configuration: Configuration
) -> None:
    applications = [
        make_application(
            row=4 + i,
            application_id=f"N-{i:04d}",
            score=Decimal(i % 100),
            applicant_name=f"Società è {hashlib.sha256(str(i).encode()).hexdigest()}" * 20,
        )
        for i in range(600)
    ]
    result = rank_check(run(configuration, applications))
    cells = embedded_cells_of(write(tmp_path, result))
    assert len(cells) > 2
    assert all(len(cell) <= 32_000 and cell.isascii() for cell in cells)
    document = json.loads(embedded_json(cells, 10**9))
    assert document["rankings"][3]["applications"][0]["applicant_name"].startswith("Società è ")
    json_size = len(to_json(ranking_document(result, Lang.IT)))
    assert sum(map(len, cells)) < json_size / 2


@settings(max_examples=60, deadline=None)
@given(
    document=st.binary(max_size=3 * EMBEDDED_CHUNK) | st.text(max_size=40_000).map(str.encode),
    cuts=st.lists(st.integers(min_value=0, max_value=3 * EMBEDDED_CHUNK), max_size=12),
)
def test_an_embedded_document_given_a_piece_at_a_time_makes_the_cells_of_the_whole(
    document: bytes, cuts: list[int]
) -> None:
    cells = EmbeddedCells()
    streamed: list[str] = []
    start = 0
    for end in [*sorted({min(cut, len(document)) for cut in cuts}), len(document)]:
        streamed += cells.feed(document[start:end])
        start = end
    streamed += cells.close()
    assert streamed == list(embedded_cells(document))
    assert streamed[0] == EMBEDDED_ENCODING
    assert zlib.decompress(base64.b64decode("".join(streamed[1:]))) == document


def test_a_large_embedded_document_is_given_cell_by_cell_as_it_is_compressed() -> None:
    cells = EmbeddedCells()
    noise = Random(14)
    given = 0
    for _ in range(50):
        given += len(list(cells.feed(noise.randbytes(64_000))))  # bytes that do not compress
        assert len(cells._pending) < EMBEDDED_CHUNK  # never more than a cell is held
    assert given > 100


# ------------------------------------------------------------------------------------------ atomicity


def test_a_missing_folder_is_an_output_error_and_nothing_is_written(
    tmp_path: Path, result: RankingResult
) -> None:
    with pytest.raises(OutputError) as caught:
        write_ranking_workbook(result, tmp_path / "missing" / "graduatoria.xlsx", Lang.IT)
    assert caught.value.code == "output-folder-missing"
    assert list(tmp_path.iterdir()) == []


def test_a_destination_locked_by_another_program_keeps_the_previous_file_byte_for_byte(
    tmp_path: Path, result: RankingResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = write(tmp_path, result)
    before = destination.read_bytes()

    def locked(self: Path, target: Any) -> Path:
        raise PermissionError(13, "Permission denied", str(target))

    monkeypatch.setattr(Path, "replace", locked)
    with pytest.raises(OutputError) as caught:
        write_ranking_workbook(with_check(result, files=()), destination, Lang.EN)
    assert caught.value.code == "output-locked"
    assert destination.read_bytes() == before
    # No temporary workbook is left beside it (the lock file of the writer stays, by design).
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graduatoria.xlsx.lock", "graduatoria.xlsx"]


def test_a_failure_while_writing_keeps_the_previous_file_and_leaves_no_temporary_file(
    tmp_path: Path, result: RankingResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    destination = write(tmp_path, result)
    before = destination.read_bytes()

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", broken)
    with pytest.raises(OutputError) as caught:
        write_ranking_workbook(result, destination, Lang.IT)
    assert caught.value.code == "output-not-writable"
    assert destination.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graduatoria.xlsx.lock", "graduatoria.xlsx"]


def test_the_garbage_collector_is_paused_only_while_writing(
    tmp_path: Path, result: RankingResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    original = xlsxwriter.workbook.Workbook.close

    def close(self: Any) -> None:
        seen.append(gc.isenabled())
        original(self)

    monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", close)
    assert gc.isenabled()
    write(tmp_path, result)
    assert seen == [False]
    assert gc.isenabled()

    def broken(self: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", broken)
    with pytest.raises(OutputError):
        write(tmp_path, result)
    assert gc.isenabled()
    gc.disable()
    try:
        monkeypatch.setattr("xlsxwriter.workbook.Workbook.close", original)
        write(tmp_path, result)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_the_same_ranking_gives_the_same_bytes(tmp_path: Path, result: RankingResult) -> None:
    first = write(tmp_path, result, name="one.xlsx").read_bytes()
    second = write(tmp_path, result, name="two.xlsx").read_bytes()
    assert first == second


def test_envelopes_of_the_result_are_never_reallocated(
    tmp_path: Path, result: RankingResult, check: CheckResult
) -> None:
    """A deliberately odd allocation (granted more than the budget) is reported as it is."""
    odd = placed(check.verdicts[0], 1, RankStatus.FUNDED, "80000", "999999", "999999")
    changed = with_envelope(result, "FSE3", "attivazione", budget=Decimal(1), applications=(odd,))
    summary = {
        (r["Misura"], r["Linea"]): r for r in records(load_workbook(write(tmp_path, changed))["Riepilogo"])
    }
    assert (summary[("FSE3", "attivazione")]["Concesso"], summary[("FSE3", "attivazione")]["Residuo"]) == (
        999999,
        -999998,
    )
