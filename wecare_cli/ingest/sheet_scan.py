"""What the cell values do not say, read from the raw worksheet XML of an .xlsx/.xlsm.

python-calamine gives the cell values fast but not which rows are hidden, and it turns a
formula's cached error (``#DIV/0!``) or a formula without a cached value into an empty cell.
This module scans the worksheet XML while it is being decompressed (see
:mod:`wecare_cli.ingest.archive`), before calamine parses the sheet: a plain ``bytes`` search
decides whether a block can hold such a mark at all, and only then a regular expression reads
it. The same pass learns how far the sheet reaches (:mod:`wecare_cli.ingest.extent`). The XML
is never parsed into a tree, so no entity is ever expanded (DTDs are refused before this point
anyway).

Limitation: rows or cells written without their ``r`` reference (allowed, rare) cannot be
placed for the marks and are not reported (their extent is known all the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from wecare_cli.findings import Severity
from wecare_cli.ingest.cells import CellIssue
from wecare_cli.ingest.extent import ExtentScanner, SheetExtent

_PREFIX = rb"(?:[A-Za-z0-9_]+:)?"
_HIDDEN_ROW = re.compile(rb"<" + _PREFIX + rb"row\b[^>]*?\bhidden=\"(?:1|true)\"[^>]*>")
_ROW_NUMBER = re.compile(rb"\br=\"([0-9]+)\"")
_CELL_REF = re.compile(rb"\br=\"([A-Z]{1,3})([0-9]+)\"")
_FORMULA = rb"(?:<" + _PREFIX + rb"f\b[^>]*/>|<" + _PREFIX + rb"f\b[^>]*>([^<]*)</" + _PREFIX + rb"f>)"
_ERROR_CELL = re.compile(
    rb"<" + _PREFIX + rb"c\b([^>]*?\bt=\"e\"[^>]*)>(?:" + _FORMULA + rb")?"
    rb"(?:<" + _PREFIX + rb"v>([^<]*)</" + _PREFIX + rb"v>)?"
)
_NO_VALUE_FORMULA = re.compile(
    rb"<"
    + _PREFIX
    + rb"c\b([^>]*)>"
    + _FORMULA
    + rb"(<"
    + _PREFIX
    + rb"v\s*/>|<"
    + _PREFIX
    + rb"v>\s*</"
    + _PREFIX
    + rb"v>)?</"
    + _PREFIX
    + rb"c>"
)


_ROOT = re.compile(rb"<([A-Za-z0-9_]+:)?worksheet\b")
_NO_SPAN = (1 << 62, 1 << 62)
"""Past the end of any block: no more spans to pass over."""


class _Unsure(Exception):
    """Where a tag starts cannot be told for sure without reading the block from its start."""


def _tag_start(block: bytes, position: int) -> int:
    """The ``<`` of the tag holding ``position``, or of the last tag before it (-1: none).

    Sure only when that ``<`` is not itself inside an earlier tag (the ``<`` before it closed by
    a ``>`` first): a ``<`` inside a quoted attribute value, which XML does not allow but a
    careless writer may produce, raises :class:`_Unsure`.
    """
    start = block.rfind(b"<", 0, position)
    if start > 0:
        before = block.rfind(b"<", 0, start)
        if before >= 0 and block.rfind(b">", before, start) < 0:
            raise _Unsure
    return start


def _markers(block: bytes, marker: bytes) -> Iterator[int]:
    position = block.find(marker)
    while position >= 0:
        yield position
        position = block.find(marker, position + 1)


def matches_near(
    block: bytes,
    marker: bytes,
    pattern: re.Pattern[bytes],
    *,
    in_next_element: bool = False,
    whole_if: bytes | None = None,
    skip: Sequence[tuple[int, int]] = (),
) -> list[re.Match[bytes]]:
    """What ``pattern.finditer(block)`` finds, tried only where a match can start.

    Every match of ``pattern`` starts at a ``<`` and holds ``marker`` in its first tag, or, with
    ``in_next_element``, starts at a cell tag followed at once by an element whose start tag holds
    ``marker``. So instead of trying every tag of the block, the pattern is tried at the tag
    holding each occurrence of ``marker`` (or at the cell tag right before it), in order, never
    inside a match already found. Where a tag's start cannot be told for sure, or the block
    holds ``whole_if`` (what a match may hold instead of ``marker``), the whole block is searched.
    ``skip``: spans (in order) already known to hold no match of interest, such as the cells an
    earlier pattern matched; a marker inside one is passed over.
    """
    if whole_if is not None and whole_if in block:
        return list(pattern.finditer(block))
    found: list[re.Match[bytes]] = []
    end = 0
    spans = iter(skip)
    span_start, span_end = next(spans, _NO_SPAN)
    try:
        for position in _markers(block, marker):
            while span_end <= position:
                span_start, span_end = next(spans, _NO_SPAN)
            if span_start <= position:
                continue
            start = _tag_start(block, position + 1)
            if in_next_element and start >= 0:
                start = _tag_start(block, start)  # the cell's tag, if the element follows one
            if start < end:
                continue
            match = pattern.match(block, start)
            if match is not None:
                found.append(match)
                end = match.end()
    except _Unsure:
        return list(pattern.finditer(block))
    return found


@lru_cache(maxsize=1024)
def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


@lru_cache(maxsize=1024)
def _unescape(text: bytes) -> str:
    """An attribute's or element's text as read (remembered: a sheet repeats its errors and formulas)."""
    value = text.decode("utf-8", "replace")
    return (
        value.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


@dataclass
class SheetMarks:
    """Hidden rows and problem cells of one worksheet, in sheet coordinates, and its extent."""

    hidden_rows: set[int] = field(default_factory=set)
    """Excel row numbers (1-based) of hidden rows."""
    cells: dict[tuple[int, int], CellIssue] = field(default_factory=dict)
    """(Excel row, 0-based column index) -> problem of that cell."""
    extent: SheetExtent = field(default_factory=SheetExtent)
    """How far the sheet reaches, known before the sheet is parsed."""
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """Merged ranges the spreadsheet reader does not give (.xlsb): (first row, first column
    index, last row, last column index), rows 1-based."""


class RowBlocks:
    """Cuts XML fed in arbitrary chunks into blocks that end right after an end tag ``marker``.

    The unfinished end is held as a list of pieces, so that a very long row costs one join.
    """

    def __init__(self, marker: bytes, before: tuple[bytes, ...] = ()) -> None:
        self._marker = marker
        self._before = before
        self._pending: list[bytes] = []

    def _cut(self, chunk: bytes) -> int:
        """Where the last complete block ends in ``chunk`` (0: nowhere)."""
        marker, before = self._marker, self._before
        cut = chunk.rfind(marker)
        while cut > 0 and before and chunk[cut - 1 : cut] not in before:
            cut = chunk.rfind(marker, 0, cut)
        if cut < 0 or (cut == 0 and before):
            return 0
        return cut + len(marker)

    def feed(self, chunk: bytes) -> bytes | None:
        """The complete block this chunk ends, if any."""
        cut = self._cut(chunk)
        if cut == 0:
            self._pending.append(chunk)
            return None
        pending = self._pending
        self._pending = [chunk[cut:]] if cut < len(chunk) else []
        if pending:
            pending.append(chunk[:cut])
            return b"".join(pending)
        return chunk[:cut]

    def close(self) -> bytes:
        rest = b"".join(self._pending)
        self._pending = []
        return rest


class SheetScanner:
    """Fed the worksheet XML chunk by chunk; collects :class:`SheetMarks`."""

    def __init__(self) -> None:
        self.marks = SheetMarks()
        self._issues: dict[tuple[str, str | None, bytes | None], CellIssue] = {}
        """Each distinct problem once: a sheet repeats the same error and formula down a column."""
        self._blocks = RowBlocks(b"row>", (b"/", b":", b"<"))
        self._formula_marker: bytes | None = None
        self._extent: ExtentScanner | None = None

    def feed(self, chunk: bytes) -> None:
        block = self._blocks.feed(chunk)
        if block is not None:
            self._scan(block)

    def close(self) -> SheetMarks:
        rest = self._blocks.close()
        if rest:
            self._scan(rest)
        if self._extent is not None:
            self.marks.extent = self._extent.close()
        return self.marks

    def _scan(self, block: bytes) -> None:
        if self._extent is None:
            # Elements are normally unprefixed (<f>); some writers use a prefix (<x:f>).
            root = _ROOT.search(block[:4096])
            prefix = (root.group(1) or b"") if root is not None else b""
            self._formula_marker = b":f" if prefix else b"<f"
            self._extent = ExtentScanner(prefix)
        if not self._extent.feed(block):
            return  # only whole rows without a hidden flag, formula or error
        if b'hidden="' in block:
            for match in matches_near(block, b'hidden="', _HIDDEN_ROW):
                number = _ROW_NUMBER.search(match.group(0))
                if number is not None:
                    self.marks.hidden_rows.add(int(number.group(1)))
        errors: list[tuple[int, int]] = []
        inside = 0
        if b't="e"' in block:
            mark = self._mark
            count = block.count
            for match in matches_near(block, b't="e"', _ERROR_CELL):
                attributes, formula, error = match.group(1, 2, 3)
                mark(attributes, "formula-error", _unescape(error) if error else "#ERROR", formula)
                span = match.span()
                errors.append(span)
                inside += count(b"<f", *span)
        marker = self._formula_marker
        if marker is not None and marker in block and (marker != b"<f" or block.count(b"<f") > inside):
            # Near each <f; a block that may hold prefixed formulas (<x:f) is searched whole. The
            # formula of an error cell is not looked at again (such a cell is passed over below),
            # and a block whose every <f is in an error cell is not searched at all.
            formulas = matches_near(
                block, b"<f", _NO_VALUE_FORMULA, in_next_element=True, whole_if=b":f", skip=errors
            )
            for match in formulas:
                attributes = match.group(1)
                if match.group(3) is not None and b't="str"' in attributes:
                    continue  # a formula whose result is the empty string
                if b't="e"' in attributes:
                    continue
                self._mark(attributes, "formula-not-calculated", None, match.group(2))

    def _mark(self, attributes: bytes, code: str, error: str | None, formula: bytes | None) -> None:
        reference = _CELL_REF.search(attributes)
        if reference is None:
            return
        letters, digits = reference.group(1, 2)
        key = (int(digits), _column_index(letters))
        issue = self._issues.get((code, error, formula))
        if issue is None:
            params: dict[str, object] = {}
            if error is not None:
                params["error"] = error
            shown = error
            if formula is not None:
                params["formula"] = "=" + _unescape(formula)
                if shown is None:
                    shown = params["formula"]  # type: ignore[assignment]
            issue = self._issues[(code, error, formula)] = CellIssue(
                code, Severity.ERROR, params, shown=shown
            )
        self.marks.cells[key] = issue
