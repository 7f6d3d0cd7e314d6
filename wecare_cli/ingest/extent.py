"""How far a worksheet reaches, read from its XML before the spreadsheet reader builds its grid.

python-calamine collects the cells with a value and then allocates one slot for every cell of
the rectangle they span, empty ones included: a single stray value in XFD1048576 asks for 17
billion slots (512 GiB), and a reference past the grid (``A4294967298``) wraps around and
overwrites another cell. So the reader first learns, from the cell references of the sheet
XML, the farthest cell that holds a value and any reference outside A1:XFD1048576, and the
sheet is refused before it is parsed (see :class:`~wecare_cli.ingest.files.CellBudget`).

The scan must never see *less* than calamine, whatever the XML. Two paths share the work:

* rows written the way spreadsheet programs write them (``<row r="7">`` holding cells
  ``<c r="B7">`` with a ``<v>``, ``<f>`` or ``<is>`` and nothing else) are matched whole by one
  regular expression, at C speed;
* everything else goes through :class:`CellReaderEmulation`, which replays calamine's own
  reading of the XML (its tokenizer's rules, cells without a reference placed after the
  previous one, values read up to their closing tag): exact, slower, and only for the odd parts
  of odd files.

Where the two could differ, the scan counts more, never less (a value hidden in a comment is
counted; calamine skips it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import TypeVar

from wecare_cli.findings import Phrase
from wecare_cli.ingest.files import EXCEL_COLUMNS, EXCEL_ROWS
from wecare_cli.ingest.headers import column_letter

T = TypeVar("T")


def reference(row: int, column: int | bytes) -> str:
    """The A1 reference of a 1-based row and a 0-based column, or the column's letters as written."""
    letters = column.decode("ascii", "replace") if isinstance(column, bytes) else column_letter(column)
    return f"{letters}{row}"


@dataclass
class SheetExtent:
    """The rectangle from A1 to the farthest cell holding a value, and what makes it odd."""

    rows: int = 0
    """The last row (1-based) holding a value; 0 when the sheet holds none."""
    columns: int = 0
    """The number of columns from A to the last one holding a value."""
    deepest_column: int | bytes = 0
    """The column of a cell with a value on the last row (its letters, from the fast path)."""
    widest_row: int = 0
    """The row of a cell with a value in the last column."""
    invalid: str | None = None
    """The first reference outside A1:XFD1048576, if any (the sheet is then not read at all)."""
    unreadable: Phrase | None = None
    """Why the place of some cells cannot be known for sure (the sheet is then not read at all)."""

    @property
    def cells(self) -> int:
        """The cells of the grid from A1 to the farthest value, empty ones included."""
        return self.rows * self.columns

    @property
    def corner(self) -> str:
        """The bottom-right cell of the grid."""
        return reference(max(self.rows, 1), max(self.columns, 1) - 1)

    @property
    def deepest(self) -> str | None:
        """A cell with a value on the last row."""
        return reference(self.rows, self.deepest_column) if self.rows else None

    @property
    def widest(self) -> str | None:
        """A cell with a value in the last column."""
        return reference(self.widest_row, self.columns - 1) if self.columns else None

    @property
    def farthest(self) -> str:
        """The cells that set the extent: one on the last row, one in the last column (or both in one)."""
        cells = [cell for cell in (self.deepest, self.widest) if cell is not None]
        if not cells:
            return self.corner
        return cells[0] if len(cells) == 1 or cells[0] == cells[1] else f"{cells[0]}, {cells[1]}"

    def add(self, row: int, column: int) -> None:
        """A value at ``row`` (1-based) and ``column`` (0-based), inside the grid."""
        if row > self.rows:
            self.rows = row
            self.deepest_column = column
        if column >= self.columns:
            self.columns = column + 1
            self.widest_row = row

    def outside(self, shown: str) -> None:
        if self.invalid is None:
            self.invalid = shown


# --- the exact path: calamine's reading replayed ------------------------------------------------

_TAG = re.compile(rb"<(/?)([^\s/>]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*+)>")
_SPECIAL: tuple[tuple[bytes, bytes], ...] = ((b"<!--", b"-->"), (b"<![CDATA[", b"]]>"), (b"<?", b"?>"))
_WHITESPACE = b" \t\n\r\x0c"
MAX_TAG_BYTES = 64 * 1024 * 1024
"""A tag (name and attributes) longer than this is not read: no spreadsheet writes one."""

START, END, TEXT, OTHER = 0, 1, 2, 3

Event = tuple[int, bytes, bytes]
"""(kind, full element name, raw attributes) as quick-xml gives them to calamine."""
Reading = Generator[None, Event, T]


class ReadingStops(Exception):
    """calamine would stop reading the sheet here with an error (and build no grid)."""


def _local(name: bytes) -> bytes:
    return name.split(b":", 1)[1] if b":" in name else name


def raw_attributes(raw: bytes) -> Iterator[tuple[bytes, bytes]]:
    """(key, value) as calamine's raw attribute reader sees them; malformed markup stops it."""
    position, length = 0, len(raw)
    while True:
        while position < length and raw[position] in _WHITESPACE:
            position += 1
        if position >= length:
            return
        equals = raw.find(b"=", position)
        if equals < 0:
            raise ReadingStops
        key = raw[position:equals].rstrip(_WHITESPACE)
        position = equals + 1
        while position < length and raw[position] in _WHITESPACE:
            position += 1
        quote = raw[position : position + 1]
        if quote not in (b'"', b"'"):
            raise ReadingStops
        close = raw.find(quote, position + 1)
        close = length if close < 0 else close
        yield key, raw[position + 1 : close]
        position = close + 1


def _cell_attributes(raw: bytes) -> dict[bytes, bytes]:
    """``r``, ``s`` and ``t`` as calamine takes them: the last of each, until three were seen."""
    found: dict[bytes, bytes] = {}
    seen = 0
    for key, value in raw_attributes(raw):
        if key in (b"r", b"s", b"t"):
            found[key] = value
            seen += 1
            if seen == 3:
                break
    return found


def _position(text: bytes) -> tuple[int, int | None]:
    """(0-based row, 0-based column or None) of a reference as calamine reads it; no row stops it."""
    column = 0
    index = 0
    while index < len(text) and (65 <= text[index] <= 90 or 97 <= text[index] <= 122):
        column = column * 26 + (text[index] & 0x1F)
        index += 1
    digits = text[index:]
    if not digits or not digits.isdigit() or not digits.isascii() or int(digits) == 0:
        raise ReadingStops
    return int(digits) - 1, (column - 1 if column else None)


def _shown(text: bytes) -> str:
    return text[:40].decode("ascii", "backslashreplace")


class ReaderEmulation:
    """A reader of calamine's replayed on raw XML: quick-xml's tokens, fed to a coroutine.

    Tokens follow quick-xml as calamine configures it: quoted attribute values may hold ``>``,
    an empty element ``<x/>`` is a start and an end, and comments, CDATA sections and
    processing instructions end at the *earliest* place quick-xml could end them (never
    reading past a tag it reads). Fed the XML in order, in parts; an unfinished token waits for
    the next part. Subclasses write :meth:`_run`, pulling events with :meth:`_next`.
    """

    def __init__(self) -> None:
        self._pending: list[bytes] = []
        self._inside: bytes | None = None
        """The end of a comment, CDATA section or processing instruction being skipped."""
        self._stopped = False
        self._reading = self._run()
        next(self._reading)

    def _run(self) -> Reading[None]:
        raise NotImplementedError
        yield  # pragma: no cover

    def _special(self) -> None:
        """A comment, CDATA section, processing instruction or declaration was met."""

    def _too_long(self) -> None:
        """A tag longer than :data:`MAX_TAG_BYTES`: reading stops."""
        self._stopped = True
        self._pending = []

    def _stop(self) -> None:
        """The reader ended (calamine would stop here, or read no further)."""
        self._stopped = True

    @property
    def quiet(self) -> bool:
        """Nothing held back: the next bytes start a new token."""
        return not self._pending and self._inside is None

    def _next(self) -> Reading[Event]:
        event: Event = yield
        while event[0] == OTHER:
            self._special()
            event = yield
        return event

    def _send(self, event: Event) -> None:
        try:
            self._reading.send(event)
        except (ReadingStops, StopIteration):
            self._stop()

    def feed(self, data: bytes) -> None:
        if self._stopped:
            return
        if self._inside is not None:
            tail = self._pending.pop() if self._pending else b""
            data = tail + data
            finish = data.find(self._inside)
            if finish < 0:
                self._pending = [data[-len(self._inside) :]]
                return
            data = data[finish + len(self._inside) :]
            self._inside = None
        elif self._pending:
            self._pending.append(data)
            if b">" not in data:
                if sum(map(len, self._pending)) > MAX_TAG_BYTES:
                    self._too_long()
                return
            data = b"".join(self._pending)
            self._pending = []
        self._tokens(data)

    def _tokens(self, buffer: bytes) -> None:
        position = 0
        length = len(buffer)
        while position < length and not self._stopped:
            start = buffer.find(b"<", position)
            if start != position:
                self._send((TEXT, b"", buffer[position:start] if start >= 0 else buffer[position:]))
            if start < 0:
                return
            special = next((end for begin, end in _SPECIAL if buffer.startswith(begin, start)), None)
            if special is not None or buffer.startswith(b"<!", start):
                self._send((OTHER, b"", b""))
            if special is not None:
                finish = buffer.find(special, start + 1)
                if finish < 0:
                    self._inside = special
                    self._pending = [buffer[-len(special) :]]
                    return
                position = finish + len(special)
                continue
            match = _TAG.match(buffer, start)
            if match is None:
                if length - start > MAX_TAG_BYTES:
                    self._too_long()
                else:
                    self._pending = [buffer[start:]]
                return
            closing, name, raw = match.groups()
            if closing:
                self._send((END, name, b""))
            elif raw.endswith(b"/"):
                self._send((START, name, raw[:-1]))
                self._send((END, name, b""))
            else:
                self._send((START, name, raw))
            position = match.end()

    def _skip(self, name: bytes, *, nested: bool) -> Reading[None]:
        """To the end tag of ``name``; ``nested``: counting inner elements of the same name (quick-xml)."""
        depth = 0
        while True:
            kind, found, _ = yield from self._next()
            if found != name:
                continue
            if kind == START and nested:
                depth += 1
            elif kind == END:
                if depth == 0:
                    return
                depth -= 1


class CellReaderEmulation(ReaderEmulation):
    """calamine's worksheet cell reader (``XlsxCellReader``) replayed, to learn where each value lands.

    Fed, in order, the parts of the XML the fast path did not match. A row the fast path
    matched is replayed with :meth:`replay_row`, so that cells without a reference after it are
    placed as calamine places them.
    """

    def __init__(self, extent: SheetExtent) -> None:
        self.extent = extent
        self._in_cell = False
        self._started = False
        self._uncertain = False
        """A comment, CDATA section or declaration inside the sheet data: quick-xml may end it
        elsewhere, so a cell without a reference after it cannot be placed for sure."""
        super().__init__()

    @property
    def idle(self) -> bool:
        """Between the rows of the sheet, nothing held back: a whole row means the same to calamine."""
        return self._stopped or (not self._in_cell and self.quiet)

    def _special(self) -> None:
        self._uncertain = self._uncertain or self._started

    def _too_long(self) -> None:
        self.extent.unreadable = Phrase("problem-xml-tag-too-long")
        super()._too_long()

    def _stop(self) -> None:
        super()._stop()
        self._in_cell = False

    def _run(self) -> Reading[None]:
        extent = self.extent
        while True:  # before <sheetData> nothing is a cell
            kind, name, _ = yield from self._next()
            if kind == START and _local(name) == b"sheetData":
                break
        self._started = True
        row_index = 0
        column_index = 0
        while True:
            kind, name, raw = yield from self._next()
            local = _local(name)
            if local == b"row":
                if kind == END:
                    row_index += 1
                    column_index = 0
                    continue
                for key, value in raw_attributes(raw):
                    if key == b"r":
                        row_index, _ = _position(value)
                        if row_index >= EXCEL_ROWS:
                            extent.outside(_shown(value))
                            raise ReadingStops
                        break
            elif local == b"sheetData" and kind == END:
                raise ReadingStops  # calamine reads no further
            elif local == b"c" and kind == START:
                attributes = _cell_attributes(raw)
                if b"r" in attributes:
                    row, column = _position(attributes[b"r"])
                    if column is None:
                        raise ReadingStops
                    shown = _shown(attributes[b"r"])
                else:
                    row, column = row_index, column_index
                    shown = reference(row + 1, column)
                    if self._uncertain:
                        extent.unreadable = Phrase("problem-cell-after-comment")
                        raise ReadingStops
                if row >= EXCEL_ROWS or column >= EXCEL_COLUMNS:
                    extent.outside(shown)
                    raise ReadingStops
                column_index = column
                self._in_cell = True
                valued = yield from self._cell(attributes.get(b"t"))
                self._in_cell = False
                if valued:
                    extent.add(row + 1, column)
                column_index += 1

    def _cell(self, value_type: bytes | None) -> Reading[bool]:
        """The content of a cell up to its closing tag, skipped as calamine skips it: whether it
        holds a value, inline text or a formula (counted even when calamine finds no value)."""
        content = False
        while True:
            kind, name, _ = yield from self._next()
            local = _local(name)
            if kind == END and local == b"c":
                return content
            if kind != START:
                continue
            content = True
            if local == b"is":
                yield from self._skip(name, nested=False)
            elif local == b"v" and value_type in (b"inlineStr", b"is"):
                yield from self._skip(name, nested=True)
            elif local == b"v" and value_type in (b"n", b"s", b"b", b"e", None):
                following, following_name, _ = yield from self._next()
                if not (following == END and following_name == name):
                    yield from self._skip(name, nested=True)
            elif local == b"v":
                yield from self._skip(name, nested=False)
            elif local == b"f":
                yield from self._skip(name, nested=True)
            else:
                raise ReadingStops  # calamine: an unexpected element in a cell

    def replay_row(self, name: bytes, row: int) -> None:
        """A row the fast path matched: the same to calamine as its start and end tags."""
        if not self._stopped:
            self._send((START, name, b' r="%d"' % row))
            self._send((END, name, b""))


# --- the fast path: rows as spreadsheet programs write them --------------------------------------


def _canonical_row(prefix: bytes) -> re.Pattern[bytes]:
    """A whole row whose every cell names its own row, holding only values, formulas or inline text.

    Groups: ``row`` the row number; ``letters`` those of the last cell with content, a value,
    inline text or a formula (None when every cell is empty); ``hidden``, ``formula`` and
    ``error`` set when the row is hidden, holds a formula or a cell typed as an error (what
    :mod:`sheet_scan` looks for). Possessive quantifiers: no backtracking, whatever the input.
    """
    p = re.escape(prefix)
    value = rb'="[^"<]*+"'
    full_attributes = rb"(?: (?:(?:s|t(?!=\"e\")|cm|vm|ph)" + value + rb"|(?P<error>t=\"e\")))*+"
    empty_attributes = rb'(?: (?:s|cm|vm|ph)="[^"<]*+"| t="(?!e")[^"<]*+")*+'
    text = rb"<" + p + rb"t>[^<]*+</" + p + rb"t>"
    inline = rb"(?:" + text + rb"|[^<]++|<(?![!?]|/?(?:[\w.-]++:)?(?:is|c|row|v|f)[\s/>]))*+"
    # The usual contents first: a value, or inline text in one run.
    element = (
        rb"(?:<" + p + rb"v>[^<]*+</" + p + rb"v>"
        rb"|<" + p + rb"is>" + text + rb"</" + p + rb"is>"
        rb"|<" + p + rb"is>" + inline + rb"</" + p + rb"is>"
        rb"|(?P<formula><" + p + rb"f)(?: [\w:.-]++" + value + rb")*+(?:/>|>[^<]*+</" + p + rb"f>))"
    )
    full_cell = rb"<" + p + rb'c r="(?P<letters>[A-Z]{1,3}+)(?P=row)"' + full_attributes + rb">"
    full_cell += rb"\s*+(?:" + element + rb"\s*+)++</" + p + rb"c>"
    empty_cell = rb"<" + p + rb'c r="[A-Z]{1,3}+(?P=row)"' + empty_attributes
    empty_cell += rb"(?:/>|>\s*+</" + p + rb"c>)"
    return re.compile(
        rb"<" + p + rb'row r="(?P<row>[1-9][0-9]{0,6}+)"'
        rb"(?:(?P<hidden> hidden=)" + value + rb"| [\w:.-]++" + value + rb")*+>"
        rb"(?:" + full_cell + rb"|" + empty_cell + rb"|\s++)*+"
        rb"</" + p + rb"row>"
    )


def _wider_than(columns: int) -> bytes:
    """A pattern for column letters past the first ``columns`` columns (A... in bijective base 26)."""
    if columns <= 0:
        return rb"[A-Z]{1,3}"
    letters = column_letter(columns - 1).encode()
    longer = rb"[A-Z]{%d,3}" % (len(letters) + 1) if len(letters) < 3 else rb"[A-Z]{4,}"
    alternatives = [longer]
    for index, letter in enumerate(letters):
        if letter < ord("Z"):
            rest = len(letters) - index - 1
            following = rb"[A-Z]{%d}" % rest if rest else b""
            alternatives.append(re.escape(letters[:index]) + b"[" + bytes([letter + 1]) + b"-Z]" + following)
    return b"(?:" + b"|".join(alternatives) + b")"


_NO_FLAGS = [None, None, None]


class ExtentScanner:
    """Fed the worksheet XML in blocks that end at a row's end; learns the :class:`SheetExtent`."""

    def __init__(self, prefix: bytes = b"") -> None:
        self.extent = SheetExtent()
        self._prefix = prefix
        self._row_name = prefix + b"row"
        self._rows = _canonical_row(prefix)
        self._emulation = CellReaderEmulation(self.extent)
        p = re.escape(prefix)
        self._cell = re.compile(
            rb"<"
            + p
            + rb'c r="([A-Z]{1,3})([0-9]+)"(?: (?:s|t|cm|vm|ph)="[^"<]*")*+(/?)>\s*+(</'
            + p
            + rb"c>)?"
        )
        self._wider = self._wider_pattern()

    def _wider_pattern(self) -> re.Pattern[bytes]:
        letters = _wider_than(self.extent.columns)
        return re.compile(rb"<" + re.escape(self._prefix) + rb'c r="' + letters + rb"[0-9]")

    def feed(self, block: bytes) -> bool:
        """Scan a block; whether it holds anything the marks look for (rows not matched whole, or
        matched rows that are hidden, hold a formula or an error)."""
        extent = self.extent
        emulation = self._emulation
        position = 0
        spans: list[int] = []
        last_row = 0
        marked = False
        for match in self._rows.finditer(block):
            start = match.start()
            if start > position:
                if last_row:
                    emulation.replay_row(self._row_name, last_row)
                    last_row = 0
                gap = block[position:start]
                emulation.feed(gap)
                marked = marked or not gap.isspace()
            position = match.end()
            if not emulation.idle:
                emulation.feed(block[start:position])
                marked = True
                continue
            digits, letters, hidden, formula, error = match.group(
                "row", "letters", "hidden", "formula", "error"
            )
            marked = marked or hidden is not None or formula is not None or error is not None
            row = int(digits)
            if row > extent.rows:
                if row > EXCEL_ROWS:
                    extent.outside(f"{(letters or b'A').decode()}{row}")
                if letters is not None:
                    extent.rows = row
                    extent.deepest_column = letters
            spans += (start, position)
            last_row = row
        if last_row:
            emulation.replay_row(self._row_name, last_row)
        if position < len(block):
            rest = block[position:]
            emulation.feed(rest)
            marked = marked or not rest.isspace()
        self._widen(block, spans)
        return marked

    def _widen(self, block: bytes, spans: list[int]) -> None:
        """Columns past the current width, in the rows the fast path matched."""
        extent = self.extent
        found = self._wider.search(block)
        while found is not None:
            start = found.start()
            if bisect_right(spans, start) % 2 == 1:  # inside a matched row
                cell = self._cell.match(block, start)
                if cell is not None:
                    letters, digits, empty, closed = cell.groups()
                    column = 0
                    for letter in letters:
                        column = column * 26 + letter - 64
                    if column > EXCEL_COLUMNS:
                        extent.outside((letters + digits).decode())
                    elif column > extent.columns and not empty and closed is None:
                        extent.columns = column
                        extent.widest_row = int(digits)
                        self._wider = self._wider_pattern()
            found = self._wider.search(block, start + 1)

    def close(self) -> SheetExtent:
        return self.extent
