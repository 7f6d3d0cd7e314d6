"""What an Excel binary workbook (.xlsb) holds, read from its records before calamine parses it.

An .xlsb is a zip like an .xlsx, but its parts are BIFF12 records instead of XML: a record
type (one or two bytes of 7 bits), a size (one to four bytes of 7 bits), then the payload
([MS-XLSB] 2.1.4). The workbook part (``xl/workbook.bin``) lists the sheets (``BrtBundleSh``)
and says whether dates count from 1904 (``BrtWbProp``); a sheet part gives, record by record,
its rows (``BrtRowHdr``, with the hidden flag), its cells (each starting with its column) and
its merged ranges (``BrtMergeCell``). python-calamine gives the values but not the hidden rows
or the merged ranges, and turns a cached formula error into a value: the scan here supplies
them, and the sheet's extent (the grid calamine would allocate), so that a stray cell far away
is refused before calamine builds anything.

As for worksheets, the scan counts the cells calamine counts: a row number beyond Excel's grid
stops calamine's reading, and so it stops the scan; blank cells (formatting only) are no value.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from wecare_cli.findings import Severity
from wecare_cli.ingest.cells import CellIssue
from wecare_cli.ingest.sheet_scan import SheetMarks

_U32 = struct.Struct("<I")
_MERGE = struct.Struct("<IIII")

ROW_HEADER = 0x0000
CELL_BLANK = 0x0001
CELL_ERROR = 0x0003
FORMULA_ERROR = 0x000B
CELL_TYPES = frozenset(range(0x0002, 0x000C))
"""``BrtCellRk`` to ``BrtFmlaError``: the records of a cell with a value (blank cells, 0x0001, have none)."""
MERGE_CELL = 0x00B0
WORKBOOK_PROPERTIES = 0x0099
BUNDLE_SHEET = 0x009C
END_BUNDLE_SHEETS = 0x0090

LAST_ROW = 0x0010_0000
"""calamine stops reading a sheet at a row index beyond this."""
HIDDEN_ROW_FLAG = 0x10
"""``fDyZero``, in the twelfth byte of ``BrtRowHdr``: the row is hidden."""

ERRORS: dict[int, str] = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
    0x2B: "#GETTING_DATA",
}


class RecordsCutOff(ValueError):
    """The records end in the middle of one (a damaged part)."""


def records(data: bytes) -> Iterator[tuple[int, int, int]]:
    """Every record of a part: (type, start of its payload, end of its payload)."""
    position = 0
    end = len(data)
    while position < end:
        kind = data[position]
        position += 1
        if kind & 0x80:
            if position >= end:
                raise RecordsCutOff
            kind = (kind & 0x7F) | ((data[position] & 0x7F) << 7)
            position += 1
        size = 0
        for shift in (0, 7, 14, 21):
            if position >= end:
                raise RecordsCutOff
            byte = data[position]
            position += 1
            size |= (byte & 0x7F) << shift
            if not byte & 0x80:
                break
        if position + size > end:
            raise RecordsCutOff
        yield kind, position, position + size
        position += size


def _wide_string(data: bytes, start: int, end: int) -> tuple[str, int] | None:
    """An ``XLWideString`` at ``start`` (its length in characters, then UTF-16): text and its end."""
    if start + 4 > end:
        return None
    (length,) = _U32.unpack_from(data, start)
    if length == 0xFFFF_FFFF:
        return "", start + 4
    stop = start + 4 + 2 * length
    if stop > end:
        return None
    return data[start + 4 : stop].decode("utf-16-le", "replace"), stop


@dataclass
class BinaryWorkbook:
    """What ``xl/workbook.bin`` says: the sheets (name -> relationship id) and the date system."""

    sheets: dict[str, str] = field(default_factory=dict)
    date1904: bool = False


def scan_workbook(data: bytes) -> BinaryWorkbook:
    """The sheets and date system of a workbook part, as calamine reads them."""
    book = BinaryWorkbook()
    for kind, start, end in records(data):
        if kind == WORKBOOK_PROPERTIES and end > start:
            book.date1904 = bool(data[start] & 0x1)
        elif kind == BUNDLE_SHEET:
            relation = _wide_string(data, start + 8, end)
            if relation is None or not relation[0]:
                continue
            name = _wide_string(data, relation[1], end)
            if name is not None:
                book.sheets.setdefault(name[0], relation[0])
        elif kind == END_BUNDLE_SHEETS:
            break
    return book


def scan_sheet(data: bytes) -> SheetMarks:
    """Hidden rows, formula errors, merged ranges and extent of a sheet part."""
    marks = SheetMarks()
    extent = marks.extent
    row = 0
    for kind, start, end in records(data):
        if kind == ROW_HEADER:
            if end - start < 12:
                continue
            (row,) = _U32.unpack_from(data, start)
            if row > LAST_ROW:
                break
            if data[start + 11] & HIDDEN_ROW_FLAG:
                marks.hidden_rows.add(row + 1)
        elif kind in CELL_TYPES:
            if end - start < 8:
                continue
            (column,) = _U32.unpack_from(data, start)
            extent.add(row + 1, column)
            if kind in (CELL_ERROR, FORMULA_ERROR) and end - start > 8:
                error = ERRORS.get(data[start + 8], "#ERROR")
                marks.cells[(row + 1, column)] = CellIssue(
                    "formula-error", Severity.ERROR, {"error": error}, shown=error
                )
        elif kind == MERGE_CELL and end - start >= _MERGE.size:
            first_row, last_row, first_column, last_column = _MERGE.unpack_from(data, start)
            marks.merged.append((first_row + 1, first_column, last_row + 1, last_column))
    return marks
