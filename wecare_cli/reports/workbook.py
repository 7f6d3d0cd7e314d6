"""Officer-ready Excel sheets with xlsxwriter: typed cells, text never run as a formula.

Every sheet gets a frozen, filtered header row, column widths from its content, amounts as
``€ #.##0,00``, dates as ``gg/mm/aaaa hh:mm``, print titles and a landscape page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

# Characters openpyxl and Excel refuse inside cells (control characters other than tab/newline).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
EXCEL_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
MAX_CELL_TEXT = 32_767


class Kind(Enum):
    """How a column's values are written."""

    TEXT = "text"
    EURO = "euro"
    NUMBER = "number"
    INTEGER = "integer"
    DATETIME = "datetime"
    PERCENT = "percent"


@dataclass(frozen=True)
class Column:
    """A column of a report sheet."""

    header: str
    kind: Kind = Kind.TEXT
    width: float | None = None
    """Fixed width; None means from the content (capped)."""


def safe_text(value: object) -> str:
    """Text for a cell: control characters removed, cut to Excel's 32,767 characters."""
    return _ILLEGAL.sub("", str(value))[:MAX_CELL_TEXT]


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique (case-insensitively) sheet name of at most 31 characters."""
    base = EXCEL_SHEET_NAME.sub("-", name).strip("'") or "Foglio"
    title = base[:31]
    counter = 2
    while title.casefold() in taken:
        suffix = f" ({counter})"
        title = base[: 31 - len(suffix)] + suffix
        counter += 1
    taken.add(title.casefold())
    return title


class SheetWriter:
    """Writes one sheet of typed rows through xlsxwriter."""

    def __init__(self, workbook: Any, title: str, columns: Sequence[Column], formats: Formats) -> None:
        self.sheet = workbook.add_worksheet(title)
        self.columns = list(columns)
        self.formats = formats
        self.row = 0
        self._widths = [len(c.header) + 2 for c in self.columns]
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, safe_text(column.header), formats.header)
        self.row = 1

    def write(self, values: Sequence[object], fill: Any | None = None) -> None:
        """Write one row; ``fill`` is a status format that colours the row."""
        for index, (column, value) in enumerate(zip(self.columns, values, strict=False)):
            self._cell(self.row, index, column.kind, value, fill)
        self.row += 1

    def _cell(self, row: int, col: int, kind: Kind, value: object, fill: Any | None) -> None:
        formats = self.formats
        if value is None or value == "":
            self.sheet.write_blank(row, col, None, fill or formats.text)
            return
        if kind is Kind.EURO and isinstance(value, int | float | Decimal):
            self.sheet.write_number(row, col, float(round(Decimal(value), 2)), formats.euro_with(fill))
            self._grow(col, 16)
        elif kind is Kind.PERCENT and isinstance(value, int | float | Decimal):
            self.sheet.write_number(row, col, float(value), formats.percent_with(fill))
            self._grow(col, 8)
        elif kind in (Kind.NUMBER, Kind.INTEGER) and isinstance(value, int | float | Decimal):
            self.sheet.write_number(row, col, float(value), formats.number_with(fill, kind is Kind.INTEGER))
            self._grow(col, len(str(value)) + 2)
        elif kind is Kind.DATETIME and isinstance(value, datetime | date):
            naive = value.replace(tzinfo=None) if isinstance(value, datetime) else value
            self.sheet.write_datetime(row, col, naive, formats.datetime_with(fill))
            self._grow(col, 17)
        else:
            text = safe_text(value)
            # write_string: text is stored as a string, so "=HYPERLINK(...)" is never a formula.
            self.sheet.write_string(row, col, text, fill or formats.text)
            self._grow(col, max((len(part) for part in text.splitlines()), default=0) + 2)

    def _grow(self, col: int, width: int) -> None:
        self._widths[col] = max(self._widths[col], width)

    def finish(self, landscape: bool = True) -> None:
        """Freeze and filter the header, size the columns, set up printing."""
        sheet = self.sheet
        last_col = max(len(self.columns) - 1, 0)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(self.row - 1, 0), last_col)
        for index, column in enumerate(self.columns):
            width = column.width if column.width is not None else min(max(self._widths[index], 6), 60)
            sheet.set_column(index, index, width)
        sheet.repeat_rows(0)
        if landscape:
            sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.fit_to_pages(1, 0)


class Formats:
    """The cell formats of a workbook, created once and combined with a status fill."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True}
        )
        self.text = workbook.add_format({"valign": "top"})
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self._cache: dict[tuple[str, int | None], Any] = {}
        self._fills: dict[str, Any] = {}

    def fill(self, colour: str) -> Any:
        """A text format with a background colour (one per status)."""
        if colour not in self._fills:
            self._fills[colour] = self.workbook.add_format({"bg_color": colour, "valign": "top"})
        return self._fills[colour]

    def _combined(self, number_format: str, fill: Any | None) -> Any:
        key = (number_format, id(fill) if fill is not None else None)
        if key not in self._cache:
            spec: dict[str, Any] = {"num_format": number_format, "valign": "top"}
            if fill is not None:
                spec["bg_color"] = fill.bg_color
            self._cache[key] = self.workbook.add_format(spec)
        return self._cache[key]

    def euro_with(self, fill: Any | None) -> Any:
        """Amounts: € #.##0,00 (Italian Excel shows its own separators)."""
        return self._combined("[$€-410] #,##0.00", fill)

    def percent_with(self, fill: Any | None) -> Any:
        """Shares as percentages."""
        return self._combined("0.0%", fill)

    def number_with(self, fill: Any | None, integer: bool) -> Any:
        """Plain numbers (scores, counts)."""
        return self._combined("0" if integer else "0.00", fill)

    def datetime_with(self, fill: Any | None) -> Any:
        """Dates and times as gg/mm/aaaa hh:mm."""
        return self._combined("dd/mm/yyyy hh:mm", fill)
