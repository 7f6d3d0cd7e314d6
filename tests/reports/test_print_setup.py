"""Every sheet of every workbook wecare writes prints legibly: A4 landscape, never below 70 %,
the header row repeated, long texts wrapped; LibreOffice prints them on A4 landscape pages."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from tests.office import office
from wecare_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"
EVENTS = ROOT / "examples" / "eventi.yaml"
AS_OF = "2020-06-30"
LONG_TEXT_HEADERS = {
    "Messaggio",
    "Nota",
    "Valore",
    "Dettaglio",
    "Richiedente",
    "Codici",
    "Stato",
    "Norma o titolo a base dell'attribuzione",
    "Sintesi operazione / Operation summary",
}
"""Columns of long texts (messages, notes, names): they wrap instead of widening the page."""
PAGE = re.compile(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]")


def invoke(*args: str) -> None:
    result = CliRunner().invoke(app, [*args, "--as-of", AS_OF, "--lang", "it", "--quiet"])
    assert result.exit_code in (0, 1), result.output


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The example's workbooks: findings, graduatoria (with events), public graduatoria,
    summary, transparency and list of operations."""
    folder = tmp_path_factory.mktemp("workbooks")
    invoke("check", str(EXAMPLE), "-o", str(folder / "rilievi.xlsx"))
    invoke("rank", str(EXAMPLE), "--events", str(EVENTS), "-o", str(folder / "graduatoria.xlsx"))
    invoke("rank", str(EXAMPLE), "--public", "-o", str(folder / "graduatoria-pubblica.xlsx"))
    invoke("summary", str(EXAMPLE), "--by", "measure", "-o", str(folder / "riepilogo.xlsx"))
    publication = folder / "pubblicazione"
    publication.mkdir()
    invoke("publish", str(EXAMPLE), "--output-dir", str(publication))
    return [
        folder / "rilievi.xlsx",
        folder / "graduatoria.xlsx",
        folder / "graduatoria-pubblica.xlsx",
        folder / "riepilogo.xlsx",
        publication / "trasparenza.xlsx",
        publication / "elenco-operazioni.xlsx",
    ]


def sheets(paths: list[Path]) -> Iterator[tuple[str, Worksheet]]:
    for path in paths:
        for sheet in load_workbook(path).worksheets:
            if sheet.sheet_state == "visible":
                yield f"{path.name}:{sheet.title}", sheet


def header_row(sheet: Worksheet) -> int | None:
    """The row of the table's header (None on a sheet of notes, without a table)."""
    return int(str(sheet.freeze_panes)[1:]) - 1 if sheet.freeze_panes else None


def test_every_sheet_prints_on_a4_with_its_header_row_repeated_and_never_below_70_percent(
    workbooks: list[Path],
) -> None:
    seen = 0
    for name, sheet in sheets(workbooks):
        seen += 1
        setup = sheet.page_setup
        assert setup.paperSize == 9, name  # A4
        header = header_row(sheet)
        if header is not None:
            assert sheet.print_title_rows == f"${header}:${header}", name
        fit = sheet.sheet_properties.pageSetUpPr
        if fit is not None and fit.fitToPage:
            # One page wide (only when that keeps 70 % or more), as many pages tall as needed.
            assert (setup.fitToWidth in (None, 1), setup.fitToHeight) == (True, 0), name
        else:
            assert setup.scale == 70, name
            assert setup.pageOrder == "overThenDown", name  # the continuation across comes next
        assert sheet.oddFooter is not None and sheet.oddFooter.right.text == "Pagina &P di &N", name
    assert seen >= 20


def test_the_sheets_of_the_graduatoria_and_the_publication_are_landscape_with_a_page_header(
    workbooks: list[Path],
) -> None:
    for name, sheet in sheets(workbooks[1:3] + workbooks[4:]):
        assert sheet.page_setup.orientation == "landscape", name
        assert sheet.oddHeader is not None, name
        assert sheet.oddHeader.left.text == "Regione Piemonte – WE.CA.RE. – Welfare Cantiere Regionale", name


def test_long_texts_wrap_on_every_sheet_the_rilievi_included(workbooks: list[Path]) -> None:
    wrapped = 0
    for name, sheet in sheets(workbooks):
        header = header_row(sheet)
        if header is None:
            continue
        for cell in sheet[header]:
            if cell.value not in LONG_TEXT_HEADERS:
                continue
            below = [row[cell.column - 1] for row in sheet.iter_rows(min_row=header + 1, max_row=header + 40)]
            texts = [c for c in below if isinstance(c.value, str) and len(c.value) > 30]
            for text_cell in texts:
                assert text_cell.alignment.wrap_text, (name, cell.value, text_cell.coordinate)
                wrapped += 1
    assert wrapped >= 20


@pytest.mark.slow
def test_libreoffice_prints_the_public_graduatoria_and_the_publication_on_a4_landscape_pages(
    workbooks: list[Path], tmp_path: Path
) -> None:
    binary = office()
    for workbook in (workbooks[2], workbooks[4], workbooks[5]):
        completed = subprocess.run(
            [
                binary,
                f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path),
                str(workbook),
            ],
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert completed.returncode == 0, completed.stderr.decode(errors="replace")
        content = (tmp_path / f"{workbook.stem}.pdf").read_bytes()
        boxes = {(round(float(w)), round(float(h))) for w, h in PAGE.findall(content)}
        assert boxes == {(842, 595)}, (workbook.name, boxes)  # A4 landscape, every page
