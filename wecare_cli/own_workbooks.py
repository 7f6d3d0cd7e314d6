"""What marks a workbook as wecare's own: written by the reports, recognised when it is read again.

Every workbook wecare writes carries the custom document property ``wecare-report`` (``kind/version``,
see :mod:`wecare_cli.reports.atomic`). A workbook of ``wecare template`` keeps its dropdown lists
on a hidden sheet of its own; reading a filled template, that sheet is the template's, not data
someone hid, and is not reported. A graduatoria keeps the JSON document of its ranking in column
A of a very hidden sheet, compressed (:func:`embedded_cells`), for ``wecare diff`` to read back
(:func:`embedded_json`, which also reads the plain chunks of the workbooks written before).
"""

from __future__ import annotations

import base64
import binascii
import zlib
from collections.abc import Iterator, Sequence
from typing import Any

MARKER_PROPERTY = "wecare-report"
"""The custom document property that marks a workbook written by wecare: ``kind/version``."""
CUSTOM_PROPERTIES = "docProps/custom.xml"
"""Where an OOXML workbook keeps its custom document properties."""
TEMPLATE_KIND = "template"
"""The kind of ``wecare template`` workbooks in the marker."""
TEMPLATE_LISTS_SHEET = "Liste"
"""The hidden sheet of a template that holds the values of its dropdown lists."""


def marked_kind(properties: Any) -> str | None:
    """The kind in the ``wecare-report`` property of a parsed ``docProps/custom.xml`` (None if absent)."""
    for element in properties:
        if str(element.tag).rpartition("}")[2] == "property" and element.get("name") == MARKER_PROPERTY:
            value = next((child.text or "" for child in element), "")
            return value.partition("/")[0]
    return None


EMBEDDED_ENCODING = "wecare-json/zlib+base64"
"""The first cell of column A of a graduatoria's very hidden sheet: the cells below it hold the
UTF-8 JSON document compressed with zlib, in base64. (Workbooks written before hold the JSON
text itself, ASCII only, from the first cell.)"""
EMBEDDED_CHUNK = 32_000
"""Characters per cell of the embedded document (under Excel's 32,767 per cell)."""
EMBEDDED_LEVEL = 6
"""zlib's level for the embedded document."""


class EmbeddedDocumentError(ValueError):
    """Column A of the very hidden sheet does not give back a document: ``reason`` is
    ``damaged`` (not base64, not zlib, cut off) or ``too-large`` (beyond the bound given)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def embedded_cells(document: bytes) -> Iterator[str]:
    """The cells of column A that hold ``document`` (UTF-8 JSON): the encoding, then the
    document compressed and in base64, :data:`EMBEDDED_CHUNK` characters a cell. Base64 has no
    character an XML cell escapes, and about a tenth of the JSON's cells are written."""
    cells = EmbeddedCells()
    yield from cells.feed(document)
    yield from cells.close()


class EmbeddedCells:
    """:func:`embedded_cells` of a document given a piece at a time: each cell is given as soon as
    the compressed document fills it, so that a large document is never whole in memory."""

    _BYTES = EMBEDDED_CHUNK // 4 * 3
    """Compressed bytes a cell holds (base64 writes 3 bytes as 4 characters)."""

    def __init__(self) -> None:
        self._compressor = zlib.compressobj(EMBEDDED_LEVEL)
        self._pending = bytearray()
        self._started = False

    def feed(self, piece: bytes) -> list[str]:
        """The cells completed by the next piece of the document (the encoding first of all)."""
        self._pending += self._compressor.compress(piece)
        return self._cells()

    def close(self) -> list[str]:
        """The last cells, once the whole document has been fed."""
        self._pending += self._compressor.flush()
        cells = self._cells()
        if self._pending:
            cells.append(base64.b64encode(self._pending).decode("ascii"))
            self._pending.clear()
        return cells

    def _cells(self) -> list[str]:
        cells = [] if self._started else [EMBEDDED_ENCODING]
        self._started = True
        pending, size = self._pending, self._BYTES
        full = len(pending) // size * size
        cells += (
            base64.b64encode(pending[start : start + size]).decode("ascii") for start in range(0, full, size)
        )
        del pending[:full]
        return cells


def embedded_json(cells: Sequence[str], max_bytes: int) -> str | bytes:
    """The JSON document held in the (non-empty) cells of column A, top to bottom.

    A compressed document (the first cell is :data:`EMBEDDED_ENCODING`) is inflated to at most
    ``max_bytes``; the plain chunks of a workbook written before are joined as they are.
    Raises :class:`EmbeddedDocumentError`.
    """
    if not cells or cells[0] != EMBEDDED_ENCODING:
        return "".join(cells)
    try:
        compressed = base64.b64decode("".join(cells[1:]), validate=True)
    except (binascii.Error, ValueError):
        raise EmbeddedDocumentError("damaged") from None
    inflater = zlib.decompressobj()
    try:
        document = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error:
        raise EmbeddedDocumentError("damaged") from None
    if len(document) > max_bytes:
        raise EmbeddedDocumentError("too-large")
    if not inflater.eof or inflater.unused_data:
        raise EmbeddedDocumentError("damaged")
    return document
