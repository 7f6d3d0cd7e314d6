"""Layouts made for the width of the terminal: what must be read whole is never cut.

An officer reads wecare at an 80-column terminal, or in a mail, a pipe or a file (80 columns
unless ``COLUMNS`` says otherwise). Identifiers, amounts, statuses and finding codes are shown in
full at any width; only prose (names, messages, sources) wraps, at spaces, and a word longer than
the width is folded onto the next line rather than cut. Every layout here is a Rich renderable
that measures the width when it is printed (``options.max_width``), and writes plain lines: no
box drawing, no trailing spaces, colour only as styles, so that the text without colour (a pipe,
cron, ``NO_COLOR``) is the same, stable enough to grep.

:class:`FittedTable` lays out a listing: columns that are not ``wrap`` keep the width of their
widest value; wrapped columns share what is left; when that is too little, ``optional``
columns are left out and ``below`` columns move under their row (``Header: value``); when even
the columns that are kept do not fit, each row is printed as a record of ``Header: value`` lines.
:func:`prefixed` and :func:`wrap` are the pieces for the other layouts (finding blocks, notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from wecare_cli.reports.terminal import visible_controls, visible_text

Justify = Literal["left", "right"]
Cell = str | Text | None

GAP = 2
"""Spaces between two columns."""
LONG_WORD = 24
"""A word up to this long keeps a wrapped column at least as wide as itself; a longer one (a URL) folds."""
STACKED_INDENT = 2

_WORD = re.compile(r"[^ \n]+")
"""A word: lines break at plain spaces only (a no-break space keeps a code with its count)."""
NO_BREAK = "\u00a0"


def as_text(cell: Cell, style: str = "") -> Text:
    """A cell as Rich text, its control characters written out (they take room on the screen)."""
    if cell is None:
        return Text("")
    if isinstance(cell, Text):
        return visible_text(cell)
    return Text(visible_controls(cell), style=style)


def wrap(text: Text, width: int, next_width: int | None = None) -> list[Text]:
    """The text in lines of at most ``width`` cells (``next_width`` after the first), broken at spaces.

    A word longer than its line is folded (split across lines), never cut; spaces where a line
    breaks are dropped; newlines in the text are kept.
    """
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        first = width if not lines else (next_width or width)
        lines.extend(_wrap_line(paragraph, max(first, 1), max(next_width or width, 1)))
    return lines


def _wrap_line(line: Text, width: int, next_width: int) -> list[Text]:
    plain = line.plain
    if cell_len(plain) <= width:
        return [_rstrip(line)]
    pieces: list[tuple[int, int]] = []
    start: int | None = 0
    end = 0
    limit = width
    for match in _WORD.finditer(plain):
        word_start, word_end = match.span()
        if start is not None and end > start and cell_len(plain[start:word_end]) > limit:
            pieces.append((start, end))
            limit = next_width
            start = None
        if start is None:
            start = word_start
        while cell_len(plain[start:word_end]) > limit:
            cut = _fold_at(plain, start, word_end, limit)
            if cut <= start:
                break
            pieces.append((start, cut))
            limit = next_width
            start = cut
        end = word_end
    if start is not None and end > start:
        pieces.append((start, end))
    return [_rstrip(line[a:b]) for a, b in pieces] or [Text("")]


def _fold_at(plain: str, start: int, end: int, limit: int) -> int:
    """The index where ``plain[start:end]`` must be split so that its head fills at most ``limit`` cells."""
    used = 0
    for index in range(start, end):
        used += cell_len(plain[index])
        if used > limit:
            return max(index, start + 1)
    return end


def _rstrip(text: Text) -> Text:
    copy = text.copy()
    copy.rstrip()
    return copy


def prefixed(prefix: Text | str, body: Text, width: int, *, minimum: int = 16) -> list[Text]:
    """``body`` wrapped under itself after ``prefix`` (a hanging indent), within ``width`` cells.

    When the prefix leaves less than ``minimum`` cells, the prefix gets a line of its own and the
    body follows on the next lines, four further in than the prefix (or four from the margin).
    """
    head = prefix if isinstance(prefix, Text) else Text(prefix)
    indent = head.cell_len
    if width - indent < minimum and indent > 4:
        margin = len(head.plain) - len(head.plain.lstrip(" ")) + 4
        margin = margin if width - margin >= minimum else 4
        lines = wrap(_rstrip(head), width)
        return lines + [Text(" " * margin) + line for line in wrap(body, width - margin)]
    lines = []
    for index, line in enumerate(wrap(body, width - indent)):
        lines.append((head.copy() if index == 0 else Text(" " * indent)) + line)
    return [_rstrip(line) for line in lines] or [_rstrip(head)]


@dataclass(frozen=True)
class Paragraph:
    """Text wrapped to the width (a title, a note); a prefix hangs its indent over the wrapped lines."""

    body: Text
    prefix: str = ""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from prefixed(self.prefix, self.body, options.max_width)


def paragraph(text: str | Text, style: str = "", prefix: str = "") -> Paragraph:
    """A text from anywhere (values from files included) as a wrapped paragraph."""
    return Paragraph(as_text(text, style), prefix)


@dataclass(frozen=True)
class Column:
    """A column of a :class:`FittedTable`."""

    header: str
    justify: Justify = "left"
    wrap: bool = False
    """Prose, wrapped at spaces; otherwise the column is as wide as its widest value, never cut."""
    below: int = 0
    """When the width runs out, the columns with a rank move under their row, rank 1 first (0: never)."""
    optional: bool = False
    """Left out when the width runs out, before any column moves below (a bar, a repetition)."""
    minimum: int = 12
    """The narrowest a wrapped column is made before it moves below (or the table is stacked)."""
    whole_words: bool = False
    """Wrapped only between words (lists of codes): never narrower than its longest word."""


@dataclass(frozen=True)
class _Rule:
    """A line across the columns: a section ends (before a total)."""


@dataclass(frozen=True)
class _Note:
    """A line of its own inside the table (the cut line of a graduatoria)."""

    text: Text


@dataclass(frozen=True)
class _Plan:
    inline: tuple[int, ...]
    widths: tuple[int, ...]
    below: tuple[int, ...]


class FittedTable:
    """A listing laid out for the width it is printed at (see the module's documentation)."""

    def __init__(
        self, columns: Sequence[Column], *, title: Cell = None, caption: Iterable[Cell] = ()
    ) -> None:
        self.columns = tuple(columns)
        self.title = as_text(title, "bold") if title is not None else None
        self.caption = [as_text(line) for line in caption]
        self.rows: list[tuple[Text, ...] | _Rule | _Note] = []

    def add_row(self, *cells: Cell) -> None:
        """A row: one cell per column (missing cells are empty)."""
        padded = [*cells, *([None] * (len(self.columns) - len(cells)))]
        self.rows.append(tuple(as_text(cell) for cell in padded[: len(self.columns)]))

    def add_rule(self) -> None:
        """A rule across the columns, between two sections."""
        self.rows.append(_Rule())

    def add_note(self, note: Cell, style: str = "") -> None:
        """A line of its own across the table."""
        self.rows.append(_Note(as_text(note, style)))

    @property
    def row_count(self) -> int:
        """The data rows (rules and notes not counted)."""
        return sum(1 for row in self.rows if isinstance(row, tuple))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width, ascii_only=options.ascii_only)

    # -- measures ---------------------------------------------------------------------------------

    def _cells(self, index: int) -> Iterator[Text]:
        for row in self.rows:
            if isinstance(row, tuple):
                yield row[index]

    def _content_width(self, index: int) -> int:
        return max(
            (cell_len(line) for cell in self._cells(index) for line in cell.plain.split("\n")), default=0
        )

    def _longest_word(self, index: int) -> int:
        return max((cell_len(w) for cell in self._cells(index) for w in _WORD.findall(cell.plain)), default=0)

    def _room(self, index: int, cell: Text) -> int:
        """The least room a value moved below its row needs beside its label (else it goes under it)."""
        if not self.columns[index].whole_words:
            return 16
        return max(16, max((cell_len(word) for word in _WORD.findall(cell.plain)), default=0))

    def _natural(self, index: int) -> int:
        return max(self._content_width(index), cell_len(self.columns[index].header), 1)

    def _floor(self, index: int) -> int:
        column = self.columns[index]
        header_word = max((cell_len(w) for w in column.header.split()), default=0)
        if not column.wrap:
            return max(self._content_width(index), header_word, 1)
        longest = self._longest_word(index)
        word = longest if column.whole_words or longest <= LONG_WORD else 0
        return max(header_word, min(self._natural(index), max(column.minimum, word)), 1)

    def _fit(self, inline: Sequence[int], width: int) -> tuple[int, ...] | None:
        gaps = GAP * (len(inline) - 1)
        naturals = [self._natural(i) for i in inline]
        if sum(naturals) + gaps <= width:
            return tuple(naturals)
        widths = [self._floor(i) for i in inline]
        spare = width - gaps - sum(widths)
        if spare < 0:
            return None
        for k, i in enumerate(inline):  # headers of the kept columns on one line, if there is room
            if not self.columns[i].wrap:
                extra = min(naturals[k] - widths[k], spare)
                widths[k] += extra
                spare -= extra
        lacking = [(k, naturals[k] - widths[k]) for k, i in enumerate(inline) if self.columns[i].wrap]
        total = sum(lack for _, lack in lacking)
        if total > 0:
            given = 0
            for k, lack in lacking:
                share = min(lack, spare * lack // total)
                widths[k] += share
                given += share
            for k, _lack in lacking:  # what the rounding left, to the first that still lack room
                extra = min(naturals[k] - widths[k], spare - given)
                widths[k] += extra
                given += extra
        return tuple(widths)

    def _plan(self, width: int) -> _Plan | None:
        inline = list(range(len(self.columns)))
        below: list[int] = []
        while inline:
            widths = self._fit(inline, width)
            if widths is not None:
                return _Plan(tuple(inline), widths, tuple(below))
            optional = [i for i in inline if self.columns[i].optional]
            if optional:
                inline.remove(optional[-1])
                continue
            movable = sorted((self.columns[i].below, i) for i in inline if self.columns[i].below)
            if not movable:
                return None
            inline.remove(movable[0][1])
            below.append(movable[0][1])
        return None

    # -- lines ------------------------------------------------------------------------------------

    def lines(self, width: int, *, ascii_only: bool = False) -> Iterator[Text]:
        """The table as lines of at most ``width`` cells."""
        width = max(width, 20)
        if self.title is not None:
            yield from wrap(self.title, width)
        plan = self._plan(width)
        if plan is None:
            yield from self._stacked(width)
        else:
            yield from self._laid_out(plan, width, ascii_only)
        for line in self.caption:
            yield from wrap(line, width)

    def _laid_out(self, plan: _Plan, width: int, ascii_only: bool) -> Iterator[Text]:
        headers = tuple(Text(self.columns[i].header, style="bold") for i in range(len(self.columns)))
        yield from self._line_up(plan, headers, wrapped_all=True)
        rule = self._rule(plan, ascii_only)
        yield rule
        indent = plan.widths[0] + GAP if plan.widths and plan.widths[0] <= 12 else STACKED_INDENT
        for row in self.rows:
            if isinstance(row, _Rule):
                yield rule
            elif isinstance(row, _Note):
                yield from wrap(row.text, width)
            else:
                yield from self._line_up(plan, row)
                for index in sorted(plan.below):
                    cell = row[index]
                    if cell.plain.strip():
                        label = Text(f"{self.columns[index].header}: ", style="dim")
                        yield from prefixed(
                            Text(" " * indent) + label, cell, width, minimum=self._room(index, cell)
                        )

    def _rule(self, plan: _Plan, ascii_only: bool) -> Text:
        mark = "-" if ascii_only else "─"
        return Text((" " * GAP).join(mark * w for w in plan.widths), style="dim")

    def _line_up(self, plan: _Plan, cells: Sequence[Text], wrapped_all: bool = False) -> Iterator[Text]:
        columns: list[list[Text]] = []
        for k, index in enumerate(plan.inline):
            cell = cells[index]
            if self.columns[index].wrap or wrapped_all:
                columns.append(wrap(cell, plan.widths[k]))
            else:
                columns.append([_rstrip(part) for part in cell.split("\n", allow_blank=True)])
        height = max((len(c) for c in columns), default=0)
        last = len(columns) - 1
        for number in range(height):
            line = Text()
            for k, index in enumerate(plan.inline):
                piece = columns[k][number] if number < len(columns[k]) else Text("")
                pad = plan.widths[k] - piece.cell_len
                if k:
                    line.append(" " * GAP)
                if self.columns[index].justify == "right":
                    line.append(" " * pad)
                    line.append_text(piece)
                else:
                    line.append_text(piece)
                    if k < last:
                        line.append(" " * pad)
            yield _rstrip(line)

    def _stacked(self, width: int) -> Iterator[Text]:
        """Each row as a record: its first value, then ``Header: value`` lines (the narrowest layout)."""
        first = True
        for row in self.rows:
            if isinstance(row, _Note):
                yield from wrap(row.text, width)
                continue
            if isinstance(row, _Rule):
                continue
            if not first:
                yield Text("")
            first = False
            for index, column in enumerate(self.columns):
                cell = row[index]
                if cell.plain.strip() and not column.optional:
                    label = Text(f"{' ' * (STACKED_INDENT if index else 0)}{column.header}: ", style="dim")
                    yield from prefixed(label, cell, width, minimum=8)
