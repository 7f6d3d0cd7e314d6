"""A worksheet that writes the XML of its cells as xlsxwriter does, byte for byte, with less work.

In constant_memory mode xlsxwriter turns each cell into XML through several general steps: a
format index passed through an attribute escaper (which raises and catches an exception for
every number), four regular expressions on every text (control characters, ``_xHHHH_``
look-alikes, XML escapes, leading or trailing white space) and a list of attributes per cell.
Most cells of a report need none of it: a number, or a text without control characters,
``&<>``, ``_xHHHH_`` or white space at its ends. :class:`FastWorksheet` writes those directly
and hands every other cell to xlsxwriter's own code, so the file is the same.

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

    def __init__(self) -> None:
        super().__init__()
        self._letters: list[str] = []
        # The writes without A1 notation: xlsxwriter's own, undecorated.
        self.put_string = self._write_string
        self.put_number = self._write_number
        self.put_datetime = self._write_datetime
        self.put_blank = self._write_blank

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        kind = cell.__class__.__name__
        if not self.constant_memory or kind not in _FAST_KINDS:
            super()._write_cell(row, col, cell)
            return
        cell_format = cell.format
        if cell_format is not None:
            style = f' s="{cell_format._get_xf_index()}"'
        elif self._row_or_column_format(row, col):
            super()._write_cell(row, col, cell)
            return
        else:
            style = ""
        letters = self._letters
        while col >= len(letters):
            letters.append(xl_col_to_name(len(letters)))
        reference = letters[col] + str(row + 1)
        if kind == "String":
            string = cell.string
            if string.__class__ is not str or _NEEDS_ESCAPING.search(string) is not None:
                super()._write_cell(row, col, cell)
                return
            self.fh.write(f'<c r="{reference}"{style} t="inlineStr"><is><t>{string}</t></is></c>')
        else:
            self.fh.write(f'<c r="{reference}"{style}><v>{cell.number:.16G}</v></c>')

    def _row_or_column_format(self, row: int, col: int) -> bool:
        """Whether a cell without a format of its own takes its row's or its column's."""
        info = self.row_info.get(row)
        if info is not None and info.row_format:
            return True
        column = self.col_info.get(col)
        return column is not None and column.column_format is not None


_FAST_KINDS = frozenset({"String", "Number", "Datetime"})
"""The cells :meth:`FastWorksheet._write_cell` writes itself (xlsxwriter's namedtuple names)."""
