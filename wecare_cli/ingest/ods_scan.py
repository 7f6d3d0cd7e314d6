"""What an OpenDocument spreadsheet expands to, read from content.xml before calamine opens it.

A row of an .ods can say «repeat me a million times» (``table:number-rows-repeated``), a cell
«repeat me across 16,384 columns» (``table:number-columns-repeated``), a space «repeat me a
billion times» (``<text:s text:c=...>``): a 1 KB file then becomes a million applications and
gigabytes of memory, far past what the zip limits see. python-calamine reads every sheet of an
.ods when the workbook is opened, expanding every repetition between the first and the last
cell with a value, and copying the text of each repeated cell. So the whole of content.xml is
scanned first, as calamine will read it: per sheet, the grid from A1 to its farthest value
(repetitions expanded, :class:`~wecare_cli.ingest.extent.SheetExtent`), and the bytes of text
the repetitions make; and, on the way, the hidden rows (``table:visibility`` ``collapse`` or
``filter``), which the cell values do not tell.

As for worksheets (:mod:`wecare_cli.ingest.extent`), rows written the way LibreOffice writes
them are matched whole by a regular expression, and anything else is replayed exactly as
calamine's ODS reader reads it; where the two could differ, the scan counts more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

from wecare_cli.findings import Phrase
from wecare_cli.ingest.extent import (
    END,
    START,
    TEXT,
    ReaderEmulation,
    Reading,
    ReadingStops,
    raw_attributes,
)
from wecare_cli.ingest.sheet_scan import RowBlocks, SheetMarks

_ROW = b"table:table-row"
_CELLS = (b"table:table-cell", b"table:covered-table-cell")
_VALUE_KEYS = (
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
)

_ATTRIBUTES = rb'(?: [a-z:-]++="[^"<]*+")*+'
"""Attributes as LibreOffice writes them (others send the row to the exact path)."""
_CANONICAL_ROW = re.compile(
    rb"<table:table-row("
    + _ATTRIBUTES
    + rb")>("
    + rb"(?:<table:table-cell"
    + _ATTRIBUTES
    # the usual cell first: empty, or one paragraph of plain text
    + rb"(?:/>|><text:p>[^<]*+</text:p></table:table-cell>)"
    + rb"|<(?P<cell>table:(?:covered-)?table-cell)"
    + _ATTRIBUTES
    + rb"(?:/>|>(?:[^<]++|<(?![!?]|/?table:)(?:[^>\"']|\"[^\"]*+\"|'[^']*+')*+>)*+</(?P=cell)>))*+)"
    rb"</table:table-row>"
)
"""A row as LibreOffice writes it: cells only, their content without tables, comments or declarations."""
_CELL_TAG = re.compile(rb"<table:(?:covered-)?table-cell((?:[^>\"']|\"[^\"]*\"|'[^']*')*+)>")
_SPACES = re.compile(rb"<text:s\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*+)>")


def _count(value: bytes, *, unescaped: bool) -> int:
    """A repetition count as calamine parses it (a Rust ``usize``); anything else stops it."""
    text = unescape(value.decode("utf-8", "replace")) if unescaped else value.decode("utf-8", "replace")
    text = text.removeprefix("+")
    if not text or not text.isascii() or not text.isdigit():
        raise ReadingStops
    return int(text)


def _first(raw: bytes, key: bytes) -> bytes | None:
    for found, value in raw_attributes(raw):
        if found == key:
            return value
    return None


def _spaces(markup: bytes) -> int:
    """The spaces ``<text:s text:c="N"/>`` elements of ``markup`` stand for."""
    if b"text:s" not in markup:
        return 0
    total = 0
    for match in _SPACES.finditer(markup):
        count = _first(match.group(1).rstrip(b"/"), b"text:c")
        total += 1 if count is None else _count(count, unescaped=True)
    return total


def _cell_kind(raw: bytes) -> tuple[bool, bool]:
    """(whether calamine reads a value or formula, whether it reads the value from the content)."""
    value_set = False
    string = False
    formula = False
    for key, value in raw_attributes(raw):
        if key in _VALUE_KEYS and not value_set:
            value_set = True
        elif key == b"office:value-type" and not value_set:
            string = value == b"string"
        elif key == b"table:formula":
            formula = bool(value)
    from_content = string and not value_set
    return value_set or from_content or formula, from_content


@dataclass
class OdsContent:
    """What content.xml expands to: each sheet's marks (hidden rows, extent), and the text made."""

    tables: dict[str, SheetMarks] = field(default_factory=dict)
    text_bytes: int = 0
    """Bytes of text the sheets hold once every repetition is expanded (an estimate from above)."""
    unreadable: Phrase | None = None
    """Why the file is not read, when its markup makes the count uncertain."""

    @property
    def cells(self) -> int:
        return sum(marks.extent.cells for marks in self.tables.values())


class _Table:
    """The sheet being read: its marks and how many rows (repetitions expanded) came so far."""

    def __init__(self, marks: SheetMarks) -> None:
        self.marks = marks
        self.position = 0

    def add_row(self, repeats: int, width: int, text: int, hidden: bool) -> int:
        """A row of ``width`` columns up to its last value (0: none), repeated ``repeats`` times,
        holding ``text`` bytes: the bytes of text it makes once repeated."""
        self.position += repeats
        if not width or not repeats:
            return 0
        self.marks.extent.add(self.position, width - 1)
        if hidden:
            self.marks.hidden_rows.update(range(self.position - repeats + 1, self.position + 1))
        return text * repeats


class OdsReaderEmulation(ReaderEmulation):
    """calamine's reader of content.xml (``parse_content``, ``read_table``, ``read_row``) replayed."""

    def __init__(self, content: OdsContent) -> None:
        self.content = content
        self.table: _Table | None = None
        self._in_row = False
        super().__init__()

    @property
    def idle(self) -> bool:
        """Between rows of a sheet (or outside sheets), nothing held back."""
        return self._stopped or (not self._in_row and self.quiet)

    def _special(self) -> None:
        if self.table is not None:
            self.content.unreadable = Phrase("problem-comment-in-sheet")
            raise ReadingStops

    def _too_long(self) -> None:
        self.content.unreadable = Phrase("problem-xml-tag-too-long")
        super()._too_long()

    def _stop(self) -> None:
        super()._stop()
        self._in_row = False

    def _run(self) -> Reading[None]:
        while True:
            kind, name, raw = yield from self._next()
            if kind != START or name != b"table:table":
                continue
            title = _first(raw, b"table:name")
            if title is None:
                continue
            shown = unescape(title.decode("utf-8", "replace"))
            marks = self.content.tables.setdefault(shown, SheetMarks())
            self.table = _Table(marks)
            while True:
                kind, name, raw = yield from self._next()
                if kind == END and name == b"table:table":
                    break
                if kind == START and name == _ROW:
                    yield from self._row(raw)
            self.table = None

    def _row(self, raw: bytes) -> Reading[None]:
        table = self.table
        assert table is not None
        repeated = _first(raw, b"table:number-rows-repeated")
        repeats = 1 if repeated is None else _count(repeated, unescaped=True)
        hidden = _first(raw, b"table:visibility") in (b"collapse", b"filter")
        self._in_row = True
        position = 0
        width = 0
        text = 0
        while True:
            kind, name, raw = yield from self._next()
            if kind == END and name == _ROW:
                break
            if kind != START or name not in _CELLS:
                raise ReadingStops  # calamine: only cells in a row
            columns = _first(raw, b"table:number-columns-repeated")
            count = 1 if columns is None else _count(columns, unescaped=False)
            valued, from_content = _cell_kind(raw)
            size = len(raw)
            if from_content:
                size += yield from self._string()
            else:
                yield from self._skip(name, nested=True)
            position += count
            if valued:
                width = position
                text += size * count
        self._in_row = False
        self.content.text_bytes += table.add_row(repeats, width, text, hidden)

    def _string(self) -> Reading[int]:
        """The text of a string cell, read up to the end of the first cell element: its size."""
        size = 0
        while True:
            kind, name, raw = yield from self._next()
            if kind == END and name in _CELLS:
                return size
            if kind == TEXT:
                size += len(raw)
            elif kind == START and name == b"text:s":
                count = _first(raw, b"text:c")
                size += 1 if count is None else _count(count, unescaped=True)
            elif kind == START and name == b"office:annotation":
                while True:
                    kind, name, _ = yield from self._next()
                    if kind == END and name == b"office:annotation":
                        break


class OdsScanner:
    """Fed content.xml chunk by chunk; learns :class:`OdsContent`."""

    def __init__(self) -> None:
        self.content = OdsContent()
        self._blocks = RowBlocks(b"</" + _ROW + b">")
        self._emulation = OdsReaderEmulation(self.content)

    def feed(self, chunk: bytes) -> None:
        block = self._blocks.feed(chunk)
        if block is not None:
            self._scan(block)

    def close(self) -> OdsContent:
        rest = self._blocks.close()
        if rest:
            self._scan(rest)
        return self.content

    def _scan(self, block: bytes) -> None:
        if self.content.unreadable is not None:
            return
        emulation = self._emulation
        position = 0
        for match in _CANONICAL_ROW.finditer(block):
            start = match.start()
            if start > position:
                emulation.feed(block[position:start])
            position = match.end()
            table = emulation.table
            if not emulation.idle or table is None:
                emulation.feed(block[start:position])
                continue
            try:
                self._row(table, match)
            except ReadingStops:
                self.content.unreadable = Phrase("problem-repetition-not-number")
                return
        if position < len(block):
            emulation.feed(block[position:])

    def _row(self, table: _Table, match: re.Match[bytes]) -> None:
        attributes, cells, other = match.group(1, 2, "cell")
        repeats = 1
        hidden = False
        if b"table:number-rows-repeated" in attributes:
            repeated = _first(attributes, b"table:number-rows-repeated")
            repeats = 1 if repeated is None else _count(repeated, unescaped=True)
        if b"table:visibility" in attributes:
            hidden = _first(attributes, b"table:visibility") in (b"collapse", b"filter")
        width = 0
        text = 0
        # From the last cell back to the last one with a value or formula (the cells after it
        # count for nothing: LibreOffice ends every row with empty ones). Every attribute of a
        # cell tag lies before the next "<" (values hold no "<" here).
        end = len(cells)
        for _ in range(8):
            last = cells.rfind(b"<table:", 0, end)
            if last < 0:
                break
            after = cells.find(b"<", last + 1)
            after = len(cells) if after < 0 else after
            if cells.find(b"office:", last, after) >= 0 or cells.find(b"table:formula", last, after) >= 0:
                if cells.find(b"columns-repeated", 0, after) >= 0:
                    width, text = self._cells(cells)
                else:
                    width = cells.count(b"<table:", 0, last) + 1
                    text = len(cells) + (_spaces(cells) if other is not None else 0)
                break
            end = last
        else:
            width, text = self._cells(cells)
        self.content.text_bytes += table.add_row(repeats, width, text, hidden)

    @staticmethod
    def _cells(cells: bytes) -> tuple[int, int]:
        """(columns up to the last value, bytes of text) of a row whose cells repeat."""
        tags = list(_CELL_TAG.finditer(cells))
        position = 0
        width = 0
        text = 0
        for index, tag in enumerate(tags):
            raw = tag.group(1).removesuffix(b"/")
            columns = _first(raw, b"table:number-columns-repeated")
            count = 1 if columns is None else _count(columns, unescaped=False)
            position += count
            if _cell_kind(raw)[0]:
                end = tags[index + 1].start() if index + 1 < len(tags) else len(cells)
                markup = cells[tag.start() : end]
                width = position
                text += (len(markup) + _spaces(markup)) * count
        return width, text
