"""A worksheet that writes the XML of its cells as xlsxwriter does, byte for byte, with less work.

In constant_memory mode xlsxwriter turns each cell into XML through several general steps: a
format index passed through an attribute escaper (which raises and catches an exception for
every number), four regular expressions on every text (control characters, ``_xHHHH_``
look-alikes, XML escapes, leading or trailing white space) and a list of attributes per cell.
Most cells of a report need none of it: a number, or a text without control characters,
``&<>``, ``_xHHHH_`` or white space at its ends. :class:`FastWorksheet` writes those directly,
a row in one write to the sheet's file, and hands every other cell to xlsxwriter's own code, so
the file is the same.

It is a subclass as xlsxwriter allows (``Workbook.worksheet_class``); the writes without A1
notation (:meth:`FastWorksheet.put_string` and the others) skip the decorator that looks for
it on every call.
"""

from __future__ import annotations

import re
from typing import Any

from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_NEEDS_ESCAPING = re.compile(r"[\x00-\x1f&<>\ufffe\uffff]|_x[0-9a-fA-F]{4}_|\A\s|\s\Z")
"""A text xlsxwriter changes or marks (control characters, XML escapes, an ``_xHHHH_``
look-alike, white space to preserve): such a cell goes through xlsxwriter's own code."""


class FastWorksheet(Worksheet):  # type: ignore[misc]
    """A worksheet whose plain cells are written straight to the sheet's XML (constant_memory)."""

    previous_row: int
    """xlsxwriter's: the row still held in memory (constant_memory)."""

    def __init__(self) -> None:
        super().__init__()
        self._letters: list[str] = []
        # The writes without A1 notation: xlsxwriter's own, undecorated.
        self.put_string = self._write_string
        self.put_number = self._write_number
        self.put_datetime = self._write_datetime
        self.put_blank = self._write_blank

    def _write_single_row(self, current_row_num: int = 0) -> None:
        """The row before ``current_row_num`` (constant_memory), its cells in one write."""
        row_num = self.previous_row
        cells = self.table.get(row_num)
        if not cells or row_num in self.comments:
            super()._write_single_row(current_row_num)
            return
        self.previous_row = current_row_num
        self._write_row(row_num, None, self.row_info.get(row_num))
        pieces: list[str] = []
        for col_num in sorted(cells):
            cell = cells[col_num]
            piece = self._cell_xml(row_num, col_num, cell)
            if piece is None:
                if pieces:
                    self.fh.write("".join(pieces))
                    pieces.clear()
                super()._write_cell(row_num, col_num, cell)
            else:
                pieces.append(piece)
        pieces.append("</row>")
        self.fh.write("".join(pieces))
        self.table.clear()

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        piece = self._cell_xml(row, col, cell)
        if piece is None:
            super()._write_cell(row, col, cell)
        else:
            self.fh.write(piece)

    def _cell_xml(self, row: int, col: int, cell: Any) -> str | None:
        """The XML of a plain cell as xlsxwriter writes it; None for a cell xlsxwriter must write."""
        kind = cell.__class__.__name__
        if not self.constant_memory or kind not in _FAST_KINDS:
            return None
        cell_format = cell.format
        if cell_format is not None:
            style = f' s="{cell_format._get_xf_index()}"'
        elif self._row_or_column_format(row, col):
            return None
        else:
            style = ""
        letters = self._letters
        while col >= len(letters):
            letters.append(xl_col_to_name(len(letters)))
        reference = letters[col] + str(row + 1)
        if kind == "String":
            string = cell.string
            if string.__class__ is not str or _NEEDS_ESCAPING.search(string) is not None:
                return None
            return f'<c r="{reference}"{style} t="inlineStr"><is><t>{string}</t></is></c>'
        return f'<c r="{reference}"{style}><v>{cell.number:.16G}</v></c>'

    def _row_or_column_format(self, row: int, col: int) -> bool:
        """Whether a cell without a format of its own takes its row's or its column's."""
        info = self.row_info.get(row)
        if info is not None and info.row_format:
            return True
        column = self.col_info.get(col)
        return column is not None and column.column_format is not None


_FAST_KINDS = frozenset({"String", "Number", "Datetime"})
"""The cells :meth:`FastWorksheet._write_cell` writes itself (xlsxwriter's namedtuple names)."""
