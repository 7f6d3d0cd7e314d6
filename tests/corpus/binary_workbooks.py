"""Writing Excel binary workbooks (.xlsb) record by record, and .xls through LibreOffice.

No Python library writes .xlsb and LibreOffice only reads it, so this module writes the BIFF12
records itself ([MS-XLSB] 2.1.4: a record type and a size in groups of 7 bits, then the
payload): the workbook part (date system, sheets with their state), the styles (one date
format, so that dates read as dates), and each sheet (rows with their hidden flag, numbers,
texts, booleans, errors, merged ranges). Only the records a reader needs are written; Excel
itself opens such a file.

``.xls`` files are converted from ``.xlsx`` by LibreOffice (``soffice --convert-to xls``).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

CellValue = str | int | float | bool | datetime | date | None

_ERRORS = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#N/A": 0x2A}
DATE_STYLE = 1
"""The cell format of dates: built-in number format 22 (``m/d/yy h:mm``)."""


@dataclass
class BinarySheet:
    name: str
    rows: Sequence[Sequence[CellValue]]
    state: str = "visible"
    """``visible``, ``hidden`` or ``veryHidden``."""
    hidden_rows: set[int] = field(default_factory=set)
    """1-based row numbers."""
    merged: Sequence[tuple[int, int, int, int]] = ()
    """(first row, first column, last row, last column), rows 1-based, columns 0-based."""
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row 1-based, column 0-based) -> a cached formula error such as ``#DIV/0!``."""


def record(kind: int, payload: bytes = b"") -> bytes:
    """One BIFF12 record."""
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size = len(payload)
    encoded = bytearray()
    while True:
        byte = size & 0x7F
        size >>= 7
        encoded.append(byte | (0x80 if size else 0))
        if not size:
            break
    return head + bytes(encoded) + payload


def wide(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<I", len(data) // 2) + data


def _serial(moment: datetime | date) -> float:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day)
    delta = moment - datetime(1899, 12, 30)
    return delta.days + delta.seconds / 86400 + delta.microseconds / 86_400_000_000


def _cell(column: int, value: CellValue, error: str | None) -> bytes:
    if error is not None:
        return record(0x0003, struct.pack("<II", column, 0) + bytes([_ERRORS[error]]))
    if value is None or value == "":
        return b""
    if isinstance(value, bool):
        return record(0x0004, struct.pack("<II", column, 0) + bytes([int(value)]))
    if isinstance(value, datetime | date):
        return record(0x0005, struct.pack("<IId", column, DATE_STYLE, _serial(value)))
    if isinstance(value, int | float):
        return record(0x0005, struct.pack("<IId", column, 0, float(value)))
    return record(0x0006, struct.pack("<II", column, 0) + wide(str(value)))


def sheet_part(sheet: BinarySheet) -> bytes:
    rows = list(sheet.rows)
    width = max((len(row) for row in rows), default=1)
    parts = [
        record(0x0081),  # BrtBeginSheet
        record(0x0094, struct.pack("<IIII", 0, max(len(rows) - 1, 0), 0, max(width - 1, 0))),  # BrtWsDim
        record(0x0091),  # BrtBeginSheetData
    ]
    for index, row in enumerate(rows):
        number = index + 1
        cells = [_cell(column, value, sheet.errors.get((number, column))) for column, value in enumerate(row)]
        extra = [
            _cell(column, None, error)
            for (row_number, column), error in sheet.errors.items()
            if row_number == number and column >= len(row)
        ]
        if not any(cells) and not extra and number not in sheet.hidden_rows:
            continue
        flags = 0x10 if number in sheet.hidden_rows else 0
        parts.append(record(0x0000, struct.pack("<IIHBBI", index, 0, 300, 0, flags, 0)))  # BrtRowHdr
        parts.extend(cells)
        parts.extend(extra)
    parts.append(record(0x0092))  # BrtEndSheetData
    if sheet.merged:
        parts.append(record(0x00B1, struct.pack("<I", len(sheet.merged))))  # BrtBeginMergeCells
        for first_row, first_column, last_row, last_column in sheet.merged:
            parts.append(
                record(0x00B0, struct.pack("<IIII", first_row - 1, last_row - 1, first_column, last_column))
            )
        parts.append(record(0x00B2))
    parts.append(record(0x0082))  # BrtEndSheet
    return b"".join(parts)


_STATES = {"visible": 0, "hidden": 1, "veryHidden": 2}


def workbook_part(sheets: Sequence[BinarySheet], *, date1904: bool = False) -> bytes:
    parts = [record(0x0083), record(0x0099, struct.pack("<II", int(date1904), 0) + wide(""))]
    parts.append(record(0x008F))  # BrtBeginBundleShs
    for index, sheet in enumerate(sheets, start=1):
        parts.append(
            record(
                0x009C,
                struct.pack("<II", _STATES[sheet.state], index) + wide(f"rId{index}") + wide(sheet.name),
            )
        )
    parts.append(record(0x0090))  # BrtEndBundleShs
    parts.append(record(0x009D, bytes(26)))  # BrtCalcProp: the reader stops reading names here
    parts.append(record(0x0084))  # BrtEndBook
    return b"".join(parts)


def styles_part() -> bytes:
    def xf(number_format: int) -> bytes:
        return record(0x002F, struct.pack("<HH", 0xFFFF, number_format) + bytes(12))

    return b"".join(
        [
            record(0x0296),  # BrtBeginStyleSheet
            record(0x0267, struct.pack("<I", 0)),  # BrtBeginFmts
            record(0x0268),
            record(0x0269, struct.pack("<I", 2)),  # BrtBeginCellXFs
            xf(0),
            xf(22),
            record(0x026A),
            record(0x0297),
        ]
    )


_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
{overrides}</Types>"""
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_ROOT_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_OFFICE_DOCUMENT}" Target="xl/workbook.bin"/></Relationships>'
)
_SHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_STYLES_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def write_xlsb(
    path: Path, sheets: Sequence[BinarySheet], *, date1904: bool = False, separator: str = "/"
) -> Path:
    """Write an .xlsb; ``separator="\\\\"`` names the parts with backslashes, as some exporters do."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{index}.bin" '
        'ContentType="application/vnd.ms-excel.worksheet"/>\n'
        for index in range(1, len(sheets) + 1)
    )
    relations = "".join(
        f'<Relationship Id="rId{index}" Type="{_SHEET_TYPE}" Target="worksheets/sheet{index}.bin"/>'
        for index in range(1, len(sheets) + 1)
    )
    relations += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_STYLES_TYPE}" Target="styles.bin"/>'
    parts: dict[str, bytes] = {
        "[Content_Types].xml": _CONTENT_TYPES.format(overrides=overrides).encode(),
        "_rels/.rels": _ROOT_RELATIONS.encode(),
        "xl/workbook.bin": workbook_part(sheets, date1904=date1904),
        "xl/_rels/workbook.bin.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relations}</Relationships>"
        ).encode(),
        "xl/styles.bin": styles_part(),
    }
    for index, sheet in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{index}.bin"] = sheet_part(sheet)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name.replace("/", separator), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def _plain(value: object) -> CellValue:
    if value is None or isinstance(value, str | int | float | bool | datetime | date):
        return value
    return str(value)


def sheets_of(workbook: Path) -> list[BinarySheet]:
    """The sheets of an .xlsx as :class:`BinarySheet` values (values, states, hidden rows, merged)."""
    book = load_workbook(workbook)
    sheets = []
    for sheet in book.worksheets:
        rows = [[_plain(cell.value) for cell in row] for row in sheet.iter_rows()]
        hidden = {number for number, dimension in sheet.row_dimensions.items() if dimension.hidden}
        merged = [(r.min_row, r.min_col - 1, r.max_row, r.max_col - 1) for r in sheet.merged_cells.ranges]
        sheets.append(BinarySheet(sheet.title, rows, sheet.sheet_state, hidden, merged))
    return sheets


def xlsb_from_xlsx(source: Path, target: Path) -> Path:
    """An .xlsb holding what ``source`` holds (values, sheet states, hidden rows, merged ranges)."""
    return write_xlsb(target, sheets_of(source))


def soffice() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target: Path, filter_name: str) -> Path:
    """``source`` converted by LibreOffice into ``target`` (its extension: ``xls``, ``ods``...)."""
    command = soffice()
    if command is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [
                command,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                filter_name,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
        produced = folder / (source.stem + "." + filter_name.split(":")[0])
        shutil.move(produced, target)
    return target
