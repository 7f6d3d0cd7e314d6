"""The worksheet of the reports writes the XML xlsxwriter writes, byte for byte, for any cell."""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.worksheet import Worksheet

from wecare_cli.reports.fast_worksheet import FastWorksheet

TEXTS = [
    "plain",
    "Società è più",
    "",
    " leading",
    "trailing ",
    "\tindented",
    "two\nlines",
    "line\n",
    "a & b < c > d",
    'quote " inside',
    "control \x01 \x1f character",
    "_x0041_ looks like an escape",
    "_x00zz_ does not",
    "non-character \ufffe \uffff",
    "no-break space\u00a0",
    "\u2003em space first",
    '=HYPERLINK("http://x","y")',
    "😀 outside the BMP",
    "x" * 32_767,
]
NUMBERS: list[float] = [0, 1, -1, 0.1, 1234567.891, 1e-12, 3.5e20, 12345678901234567890, 99.99]


def sheet_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def written(
    worksheet_class: type, cells: Callable[[Any, Any], None], constant_memory: bool = True
) -> dict[str, bytes]:
    """Every part of a workbook whose single sheet ``cells(sheet, formats)`` fills."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "book.xlsx"
        workbook = xlsxwriter.Workbook(
            str(path), {"constant_memory": constant_memory, "strings_to_formulas": False}
        )
        workbook.worksheet_class = worksheet_class
        workbook.set_properties({"created": datetime(2020, 1, 1)})
        formats = {
            "euro": workbook.add_format({"num_format": "[$€-410] #,##0.00"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
            "row": workbook.add_format({"bold": True}),
        }
        cells(workbook.add_worksheet("Foglio"), formats)
        workbook.close()
        return sheet_parts(path)


def every_kind_of_cell(sheet: Any, formats: Any) -> None:
    sheet.set_column(6, 6, 20, formats["wrap"])  # a column format for the cells without their own
    row = 0
    for text in TEXTS:
        sheet.write_string(row, 0, text)
        sheet.write_string(row, 1, text, formats["wrap"])
        sheet.write_string(row, 6, text)
        row += 1
    for number in NUMBERS:
        sheet.write_number(row, 2, number)
        sheet.write_number(row, 3, number, formats["euro"])
        sheet.write_number(row, 6, number)
        row += 1
    sheet.set_row(row, 30)  # a height only
    sheet.write_datetime(row, 4, datetime(2020, 3, 1, 23, 59, 59), formats["euro"])
    sheet.write_datetime(row, 5, date(1900, 2, 28))
    row += 1
    sheet.set_row(row, None, formats["row"])  # a row format for the cells without their own
    sheet.write_string(row, 0, "in a bold row")
    sheet.write_number(row, 1, 5)
    sheet.write_blank(row, 2, None, formats["wrap"])
    sheet.write_boolean(row, 3, True)
    sheet.write_formula(row, 4, "=1+1", None, 2)
    row += 2
    sheet.write_string(row, 27, "far column AB")
    sheet.write_string(row, 16_383, "last column XFD")


def test_every_kind_of_cell_is_written_as_xlsxwriter_writes_it() -> None:
    assert written(FastWorksheet, every_kind_of_cell) == written(Worksheet, every_kind_of_cell)


def test_a_workbook_in_memory_mode_is_written_as_xlsxwriter_writes_it() -> None:
    ours = written(FastWorksheet, every_kind_of_cell, constant_memory=False)
    assert ours == written(Worksheet, every_kind_of_cell, constant_memory=False)


def test_the_writes_without_a1_notation_are_the_writes_of_xlsxwriter() -> None:
    def through_put(sheet: Any, formats: Any) -> None:
        sheet.put_string(0, 0, "text", formats["wrap"])
        sheet.put_number(0, 1, 12.5, formats["euro"])
        sheet.put_datetime(0, 2, datetime(2020, 1, 10, 9, 0))
        sheet.put_blank(0, 3, None, formats["wrap"])

    def through_write(sheet: Any, formats: Any) -> None:
        sheet.write_string("A1", "text", formats["wrap"])
        sheet.write_number("B1", 12.5, formats["euro"])
        sheet.write_datetime("C1", datetime(2020, 1, 10, 9, 0))
        sheet.write_blank("D1", None, formats["wrap"])

    assert written(FastWorksheet, through_put) == written(Worksheet, through_write)


def test_plain_cells_are_written_without_xlsxwriter_s_cell_code(monkeypatch: Any) -> None:
    def refused(*_args: object) -> None:
        raise AssertionError("written by xlsxwriter's own code")

    monkeypatch.setattr(Worksheet, "_write_cell", refused)

    def plain(sheet: Any, formats: Any) -> None:
        sheet.put_string(0, 0, "Cooperativa sociale Biella", formats["wrap"])
        sheet.put_string(0, 1, "FSE3-000001")
        sheet.put_number(0, 2, 12_000.5, formats["euro"])
        sheet.put_datetime(0, 3, datetime(2020, 1, 10, 9, 0), formats["euro"])

    assert written(FastWorksheet, plain)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6),
    numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=4),
)
def test_any_text_or_number_is_written_as_xlsxwriter_writes_it(
    texts: list[str], numbers: list[float]
) -> None:
    def cells(sheet: Any, formats: Any) -> None:
        for row, text in enumerate(texts):
            sheet.write_string(row, 0, text)
            sheet.write_string(row, 1, text, formats["wrap"])
        for row, number in enumerate(numbers, start=len(texts)):
            sheet.write_number(row, 0, number, formats["euro"])

    assert written(FastWorksheet, cells) == written(Worksheet, cells)
