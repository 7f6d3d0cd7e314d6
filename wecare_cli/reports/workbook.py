"""Officer-ready Excel sheets with xlsxwriter: typed cells, text never run as a formula.

Every sheet gets a frozen, filtered header row (below a title block, when the sheet has one),
column widths from its content, amounts as ``€ #.##0,00``, dates as ``gg/mm/aaaa hh:mm``, and a
page that prints: A4 landscape at a legible scale (never below :data:`MIN_PRINT_SCALE` %: a wide
sheet continues on a second page across, its first columns repeated), the header row repeated on
every page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from wecare_cli.errors import undecodable_made_visible
from wecare_cli.reports.atomic import MARKER_PROPERTY, ReportKind, marker_value

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
    wrap: bool = False
    """Wrap long text inside the cell (use with a fixed width: notes, messages)."""
    align: str | None = None
    """Horizontal alignment (``left``, ``center``, ``right``); None: Excel's own (numbers right)."""
    indent: int = 0
    """Text indent from the left edge (a text column right after a column of amounts)."""


LINE_HEIGHT = 15.0
"""Points per line of text (Excel's default row height for Calibri 11)."""
HEADER_LINE_HEIGHT = LINE_HEIGHT
MAX_WRAPPED_LINES = 12
"""A wrapped cell never makes its row taller than this many lines (Excel caps rows at 409 pt)."""


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped cell ``width`` characters wide (an estimate).

    Rows are sized by the writer because neither Excel nor LibreOffice reliably grows them on
    opening a file written row by row; a slightly generous estimate leaves some white space
    rather than hiding words.
    """
    per_line = max(width * 1.05 - 1, 1)  # calibrated on Calibri/Carlito 11 with mixed text
    if "\n" not in text:
        return max(math.ceil(len(text) / per_line), 1)
    return sum(max(math.ceil(len(part) / per_line), 1) for part in text.split("\n"))


NUMERIC_KINDS = frozenset({Kind.EURO, Kind.NUMBER, Kind.INTEGER, Kind.DATETIME, Kind.PERCENT})
MIN_WIDTHS: dict[Kind, int] = {
    Kind.EURO: 16,
    Kind.DATETIME: 17,
    Kind.PERCENT: 8,
    Kind.NUMBER: 12,
    Kind.INTEGER: 9,
}
"""Width of a column of numbers or dates: up to € 99,999,999.99, dd/mm/yyyy hh:mm, 7 digits."""


def safe_text(value: object) -> str:
    """Text for a cell: control characters removed, bytes that were not UTF-8 (a file name from a
    Windows archive) shown as ``\\xNN``, cut to Excel's 32,767 characters."""
    text = value if isinstance(value, str) else str(value)
    if not text.isprintable():  # fast path: most cells hold no control character at all
        text = undecodable_made_visible(_ILLEGAL.sub("", text))
    return text if len(text) <= MAX_CELL_TEXT else text[:MAX_CELL_TEXT]


def euro_value(amount: int | float | Decimal) -> float:
    """An amount as the number written in the cell: rounded to the cent, then float."""
    if isinstance(amount, Decimal):
        return float(round(amount, 2))
    return float(round(Decimal(amount), 2)) if isinstance(amount, float) else float(amount)


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


class TitleStyle(Enum):
    """How a line of a sheet's title block is written."""

    HEADING = "heading"
    """The issuer and the document (bold, large)."""
    TITLE = "title"
    """The subject of the sheet (bold)."""
    TEXT = "text"
    """A line of facts (plain)."""


@dataclass(frozen=True)
class TitleLine:
    """A line of the title block above a sheet's table: one text cell that runs across the row."""

    text: str
    style: TitleStyle = TitleStyle.TEXT


TITLE_HEIGHTS = {TitleStyle.HEADING: 18.0, TitleStyle.TITLE: 16.5, TitleStyle.TEXT: 15.75}
"""Row height (points) of a line of a title block (never Excel's default 15, which xlsxwriter
leaves unwritten: the sheet's default height, larger when cells wrap, would then apply)."""

MIN_PRINT_SCALE = 70
"""Printing never shrinks a sheet below this scale (%): wider sheets continue on pages across."""
CHARACTER_POINTS = 7.3
"""Printed points per character of column width, at 100 %, where the default font is widest:
LibreOffice without Calibri falls back on a wider font (measured); Excel with Calibri needs less."""
SIDE_MARGIN_INCHES = 0.4
PRINTABLE_WIDTH_POINTS = 842 - 2 * SIDE_MARGIN_INCHES * 72
"""The printable width of an A4 landscape page, in points."""
PRINTABLE_PORTRAIT_POINTS = 595 - 2 * SIDE_MARGIN_INCHES * 72


def print_scale(widths: Sequence[float], available: float = PRINTABLE_WIDTH_POINTS) -> int:
    """The print scale (%) that fits columns of these widths (in characters) in ``available``
    points, between :data:`MIN_PRINT_SCALE` and 100."""
    points = sum(widths) * CHARACTER_POINTS
    if points <= 0:
        return 100
    return max(MIN_PRINT_SCALE, min(100, math.floor(available / points * 100)))


class SheetWriter:
    """Writes one sheet of typed rows through xlsxwriter.

    ``title_block`` lines are written above the table (then an empty row): the header row is then
    :attr:`header_row`, not the first one.
    """

    def __init__(
        self,
        workbook: Any,
        title: str,
        columns: Sequence[Column],
        formats: Formats,
        title_block: Sequence[TitleLine] = (),
        redact: Callable[[str], str] | None = None,
    ) -> None:
        self.sheet = sheet = workbook.add_worksheet(title)
        # The writes without A1 notation when the sheet has them (see FastWorksheet).
        self._put_string = getattr(sheet, "put_string", sheet.write_string)
        self._put_number = getattr(sheet, "put_number", sheet.write_number)
        self._put_datetime = getattr(sheet, "put_datetime", sheet.write_datetime)
        self._put_blank = getattr(sheet, "put_blank", sheet.write_blank)
        self.columns = list(columns)
        self.formats = formats
        self.redact = redact
        """Applied to every text written (titles, headers, cells): what may not be published goes."""
        for index, line in enumerate(title_block):
            # A height of its own: the sheet's default row height may later grow for wrapped cells.
            self.sheet.set_row(index, TITLE_HEIGHTS[line.style])
            self.sheet.write_string(
                index, 0, self._redacted(safe_text(line.text)), formats.title_style(line.style)
            )
        if title_block:
            self.sheet.set_row(len(title_block), TITLE_HEIGHTS[TitleStyle.TEXT])
        self.header_row = len(title_block) + 1 if title_block else 0
        """The 0-based row of the table's header."""
        self.row = self.header_row
        # Numbers and dates get the width of their format up front (no per-cell measuring).
        self._widths = [max(len(c.header) + 2, MIN_WIDTHS.get(c.kind, 0)) for c in self.columns]
        self._kinds = [c.kind for c in self.columns]
        self._wraps = [c.wrap for c in self.columns]
        # Room for wrapped text: the column's width less its indent (about two characters a level).
        self._wrap_widths = [(c.width if c.width is not None else 60.0) - 2 * c.indent for c in self.columns]
        # A word in a column of numbers ("unknown" for an amount) lines up with the numbers.
        self._aligns = [c.align or ("right" if c.kind in NUMERIC_KINDS else None) for c in self.columns]
        self._text_format_cache: dict[int | None, list[Any]] = {}
        self._value_format_cache: dict[int | None, list[Any]] = {}
        self._row_colours: tuple[int, dict[str, str]] | None = None
        self._every_row_colour: str | None = None
        self._default_lines = 1
        lines = max(
            (math.ceil(len(c.header) / max(c.width - 1, 1)) for c in self.columns if c.width is not None),
            default=1,
        )
        self._header_lines = lines
        header = self.header_row
        if lines > 1:  # a fixed-width column's header wraps: make room for it before writing the row
            self.sheet.set_row(header, HEADER_LINE_HEIGHT * lines)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(header, index, self._redacted(safe_text(column.header)), formats.header)
        self.row = header + 1
        self.repeated_columns = 0
        """How many first columns are repeated on pages across when the sheet is too wide."""

    def write(
        self, values: Sequence[object], fill: Any | None = None, kinds: Sequence[Kind] | None = None
    ) -> None:
        """Write one row; ``fill`` is a status format that colours the row.

        ``kinds`` overrides the columns' kinds for this row (a legend row holding a date).
        Empty values (None, "") leave the cell empty, or write a coloured blank with ``fill``.
        """
        row = self.row
        put_string, put_number, put_blank = self._put_string, self._put_number, self._put_blank
        widths = self._widths
        wraps = self._wraps
        text_formats = self._text_formats(fill)
        value_formats = self._value_formats(fill) if kinds is None else None
        column_kinds = kinds or self._kinds
        lines = 1
        for col, value in enumerate(values):
            cls = value.__class__
            if cls is str:
                if not value:
                    if fill is not None:
                        put_blank(row, col, None, fill)
                    continue
                text: str = value if self.redact is None else self.redact(value)  # type: ignore[assignment, arg-type]
            elif value is None:
                if fill is not None:
                    put_blank(row, col, None, fill)
                continue
            else:
                kind = column_kinds[col]
                # Fast paths for the common cells of big sheets; everything else goes through _typed.
                if value_formats is not None and (cls is Decimal or cls is int or cls is float):
                    if kind is Kind.EURO:
                        # euro_value inlined: round to the cent as Decimal, then float.
                        amount = float(round(value, 2)) if cls is Decimal else euro_value(value)  # type: ignore[call-overload, arg-type]
                        put_number(row, col, amount, value_formats[col])
                        continue
                    if kind is Kind.INTEGER or kind is Kind.NUMBER:
                        put_number(row, col, float(value), value_formats[col])  # type: ignore[arg-type]
                        continue
                elif value_formats is not None and cls is datetime and kind is Kind.DATETIME:
                    self._put_datetime(row, col, value.replace(tzinfo=None), value_formats[col])  # type: ignore[attr-defined]
                    continue
                typed = self._typed(row, col, kind, value, fill)
                if typed is None:
                    continue
                text = typed if self.redact is None else self.redact(typed)
            if text.isprintable() and len(text) <= MAX_CELL_TEXT:  # fast path: one line, nothing to clean
                # write_string: text is stored as a string, so "=HYPERLINK(...)" is never a formula.
                put_string(row, col, text, text_formats[col])
                width = len(text)
                multiline = False
            else:
                text = safe_text(text)
                put_string(row, col, text, text_formats[col])
                multiline = "\n" in text
                width = max(map(len, text.split("\n"))) if multiline else len(text)
            if width + 2 > widths[col]:
                widths[col] = width + 2
            if wraps[col] and (multiline or width > self._wrap_widths[col] - 2):
                lines = max(lines, wrapped_lines(text, self._wrap_widths[col]))
        if lines != self._default_lines:  # the current row: constant_memory has not written it out yet
            self.sheet.set_row(row, LINE_HEIGHT * min(lines, MAX_WRAPPED_LINES))
        self.row = row + 1

    def _redacted(self, text: str) -> str:
        return text if self.redact is None else self.redact(text)

    def expect_lines(self, lines: int) -> None:
        """Most data rows will take ``lines`` lines of wrapped text: make that the sheet's default
        row height, so that only the other rows need a height of their own (a big sheet then
        carries far fewer row records). Call it before the first data row."""
        if self.row != self.header_row + 1 or lines <= 1:
            return
        self._default_lines = min(lines, MAX_WRAPPED_LINES)
        self.sheet.set_default_row(LINE_HEIGHT * self._default_lines)
        if self._header_lines == 1:  # the header keeps one line
            self.sheet.set_row(self.header_row, HEADER_LINE_HEIGHT)

    def _text_formats(self, fill: Any | None) -> list[Any]:
        """The format of a text cell in each column, with ``fill`` (computed once per fill)."""
        key = id(fill) if fill is not None else None
        found = self._text_format_cache.get(key)
        if found is None:
            formats = self.formats
            found = [
                formats.text_with(fill, wrap, align, column.indent)
                if wrap or align or column.indent
                else fill or formats.text
                for wrap, align, column in zip(self._wraps, self._aligns, self.columns, strict=True)
            ]
            self._text_format_cache[key] = found
        return found

    def _value_formats(self, fill: Any | None) -> list[Any]:
        """The format of a number or date cell in each column, with ``fill`` (once per fill)."""
        key = id(fill) if fill is not None else None
        found = self._value_format_cache.get(key)
        if found is None:
            found = [self._kind_format(kind, fill, col) for col, kind in enumerate(self._kinds)]
            self._value_format_cache[key] = found
        return found

    def _kind_format(self, kind: Kind, fill: Any | None, col: int) -> Any:
        formats = self.formats
        if kind is Kind.EURO:
            return formats.euro_with(fill)
        if kind is Kind.PERCENT:
            return formats.percent_with(fill)
        if kind in (Kind.NUMBER, Kind.INTEGER):
            return formats.number_with(fill, kind is Kind.INTEGER, self._number_align(col))
        if kind is Kind.DATETIME:
            return formats.datetime_with(fill, self._number_align(col))
        return None

    def _typed(self, row: int, col: int, kind: Kind, value: object, fill: Any | None) -> str | None:
        """Write a number or a date as such; anything else comes back as the text to write."""
        sheet = self.sheet
        formats = self.formats
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            if kind is Kind.EURO:
                sheet.write_number(row, col, euro_value(value), formats.euro_with(fill))
                self._grow(col, MIN_WIDTHS[kind])
                return None
            if kind is Kind.PERCENT:
                sheet.write_number(row, col, float(value), formats.percent_with(fill))
                self._grow(col, MIN_WIDTHS[kind])
                return None
            if kind in (Kind.NUMBER, Kind.INTEGER):
                number_format = formats.number_with(fill, kind is Kind.INTEGER, self._number_align(col))
                sheet.write_number(row, col, float(value), number_format)
                self._grow(col, MIN_WIDTHS[kind])
                return None
        if kind is Kind.DATETIME and isinstance(value, datetime | date):
            naive = value.replace(tzinfo=None) if isinstance(value, datetime) else value
            sheet.write_datetime(row, col, naive, formats.datetime_with(fill, self._number_align(col)))
            self._grow(col, MIN_WIDTHS[kind])
            return None
        return str(value)

    def colour_rows(self, column: int, colours: Mapping[str, str]) -> None:
        """Colour every data row by the text of ``column`` (text -> background colour).

        Done with conditional formats over the table when the sheet is finished: no per-cell
        work, the colour follows the row when the officer sorts, and empty cells are coloured too.
        """
        self._row_colours = (column, dict(colours))

    def colour_every_row(self, colour: str) -> None:
        """Colour every data row alike (a sheet of one status), by a conditional format."""
        self._every_row_colour = colour

    def _colour_rules(self) -> list[tuple[str, str]]:
        """(formula, colour) of the conditional formats that colour the data rows."""
        first = self.header_row + 1
        if self.row <= first:
            return []
        if self._every_row_colour is not None:
            return [("=TRUE", self._every_row_colour)]
        if self._row_colours is None:
            return []
        from xlsxwriter.utility import xl_col_to_name

        column, colours = self._row_colours
        letter = xl_col_to_name(column)
        return [
            (f'=${letter}{first + 1}="{value.replace(chr(34), chr(34) * 2)}"', colour)
            for value, colour in colours.items()
        ]

    def _number_align(self, col: int) -> str | None:
        """A column's own alignment for numbers and dates (None keeps Excel's right alignment)."""
        return self.columns[col].align

    def _grow(self, col: int, width: int) -> None:
        self._widths[col] = max(self._widths[col], width)

    def finish(self, landscape: bool = True, filter_rows: int | None = None) -> None:
        """Freeze and filter the header, size the columns, set up printing.

        ``filter_rows`` limits the autofilter to the first data rows (a totals row stays out).
        Printing: A4, landscape unless told otherwise, at the scale that fits the page width but
        never below :data:`MIN_PRINT_SCALE` % (a wider sheet continues on pages across, with its
        :attr:`repeated_columns` repeated), the header row repeated on every page.
        """
        sheet = self.sheet
        header = self.header_row
        last_col = max(len(self.columns) - 1, 0)
        last_row = self.row - 1 if filter_rows is None else header + filter_rows
        sheet.freeze_panes(header + 1, 0)
        sheet.autofilter(header, 0, max(last_row, header), last_col)
        for criteria, colour in self._colour_rules():
            sheet.conditional_format(
                header + 1,
                0,
                self.row - 1,
                last_col,
                {"type": "formula", "criteria": criteria, "format": self.formats.conditional_fill(colour)},
            )
        widths = []
        for index, column in enumerate(self.columns):
            width = column.width if column.width is not None else min(max(self._widths[index], 6), 60)
            widths.append(width)
            sheet.set_column(index, index, width)
        sheet.repeat_rows(header)
        if landscape:
            sheet.set_landscape()
        sheet.set_paper(9)  # A4
        sheet.set_margins(left=SIDE_MARGIN_INCHES, right=SIDE_MARGIN_INCHES, top=0.75, bottom=0.75)
        scale = print_scale(widths, PRINTABLE_WIDTH_POINTS if landscape else PRINTABLE_PORTRAIT_POINTS)
        if scale > MIN_PRINT_SCALE:
            # It fits one page wide at a legible scale: each application fits it to its own fonts.
            sheet.fit_to_pages(1, 0)
            return
        sheet.set_print_scale(MIN_PRINT_SCALE)
        if self.repeated_columns:
            sheet.repeat_columns(0, self.repeated_columns - 1)
        sheet.print_across()  # each page of rows is followed by its continuation across


DEFAULT_FORMAT = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
"""The workbook's default cell format: Excel's own, top-aligned (rows with wrapped text read well)."""


def open_workbook(path: Path, kind: ReportKind, options: Mapping[str, Any] | None = None) -> Any:
    """An xlsxwriter workbook at ``path``, marked as a wecare report of ``kind``.

    The ``wecare-report`` document property lets a later run recognise the file as its own (and
    replace it without ``--force``). xlsxwriter's temporary files go beside ``path`` (the
    private working folder of the write), never into the system's temporary folder, so that an
    interrupted run leaves nothing behind elsewhere. Text is never turned into a formula.
    """
    import xlsxwriter

    from wecare_cli.reports.fast_worksheet import FastWorksheet

    workbook = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, **(options or {}), "tmpdir": str(path.parent)}
    )
    workbook.worksheet_class = FastWorksheet  # the same XML, written with less work per cell
    workbook.set_custom_property(MARKER_PROPERTY, marker_value(kind))
    return workbook


def new_workbook(path: Path, kind: ReportKind) -> tuple[Any, Formats]:
    """An xlsxwriter workbook for big reports, and its formats.

    constant_memory (each sheet written top to bottom, finished before the next); text is never
    turned into a formula, a number or a link; the default cell format is top-aligned.
    """
    workbook = open_workbook(
        path,
        kind,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": dict(DEFAULT_FORMAT),
        },
    )
    return workbook, Formats(workbook, top_by_default=True)


class Formats:
    """The cell formats of a workbook, created once and combined with a status fill."""

    def __init__(self, workbook: Any, top_by_default: bool = False) -> None:
        """``top_by_default``: the workbook was made by :func:`new_workbook`, whose default cell
        format is already top-aligned, so plain text is written without a format of its own
        (less work per cell on big sheets)."""
        self.workbook = workbook
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True, "valign": "bottom"}
        )
        self.text: Any | None = None if top_by_default else workbook.add_format({"valign": "top"})
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self._title_styles = {
            TitleStyle.HEADING: self.title,
            TitleStyle.TITLE: workbook.add_format({"bold": True, "font_size": 12}),
            TitleStyle.TEXT: None,
        }
        self.bold = workbook.add_format({"bold": True, "valign": "top"})
        self._cache: dict[tuple[str, int | None, str | None], Any] = {}
        self._fills: dict[str, Any] = {}
        self._texts: dict[tuple[int | None, bool, str | None, int], Any] = {}

    def title_style(self, style: TitleStyle) -> Any:
        """The format of a line of a title block."""
        return self._title_styles[style]

    def fill(self, colour: str, bold: bool = False) -> Any:
        """A text format with a background colour (one per status; bold for a totals row)."""
        key = f"{colour} bold" if bold else colour
        if key not in self._fills:
            spec: dict[str, Any] = {"bg_color": colour, "valign": "top"}
            if bold:
                spec["bold"] = True
            self._fills[key] = self.workbook.add_format(spec)
        return self._fills[key]

    def conditional_fill(self, colour: str) -> Any:
        """The background of a conditional format (a row coloured by its status)."""
        key = f"conditional {colour}"
        if key not in self._fills:
            self._fills[key] = self.workbook.add_format({"bg_color": colour})
        return self._fills[key]

    def text_with(self, fill: Any | None, wrap: bool, align: str | None = None, indent: int = 0) -> Any:
        """Text, wrapped when ``wrap``, aligned by ``align`` and ``indent``, coloured by ``fill``."""
        if not wrap and align is None and not indent:
            return fill or self.text
        key = (id(fill) if fill is not None else None, wrap, align, indent)
        if key not in self._texts:
            spec: dict[str, Any] = {"valign": "top"}
            if wrap:
                spec["text_wrap"] = True
            if align is not None:
                spec["align"] = align
            if indent:
                spec["indent"] = indent
            spec.update(_fill_spec(fill))
            self._texts[key] = self.workbook.add_format(spec)
        return self._texts[key]

    def _combined(self, number_format: str, fill: Any | None, align: str | None = None) -> Any:
        key = (number_format, id(fill) if fill is not None else None, align)
        if key not in self._cache:
            spec: dict[str, Any] = {"num_format": number_format, "valign": "top"}
            if align is not None:
                spec["align"] = align
            spec.update(_fill_spec(fill))
            self._cache[key] = self.workbook.add_format(spec)
        return self._cache[key]

    def euro_with(self, fill: Any | None) -> Any:
        """Amounts: € #.##0,00 (Italian Excel shows its own separators)."""
        return self._combined("[$€-410] #,##0.00", fill)

    def percent_with(self, fill: Any | None) -> Any:
        """Shares as percentages."""
        return self._combined("0.0%", fill)

    def number_with(self, fill: Any | None, integer: bool, align: str | None = None) -> Any:
        """Plain numbers (scores, counts)."""
        return self._combined("0" if integer else "0.00", fill, align)

    def datetime_with(self, fill: Any | None, align: str | None = None) -> Any:
        """Dates and times as gg/mm/aaaa hh:mm."""
        return self._combined("dd/mm/yyyy hh:mm", fill, align)


def _fill_spec(fill: Any | None) -> dict[str, Any]:
    """What a number or wrapped-text format takes over from a row's fill: colour and weight."""
    if fill is None:
        return {}
    spec: dict[str, Any] = {}
    if fill.bg_color:
        spec["bg_color"] = fill.bg_color
    if fill.bold:
        spec["bold"] = True
    return spec
