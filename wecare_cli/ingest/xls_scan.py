"""What an Excel 97-2003 workbook (.xls) holds beyond its values, read from its BIFF8 records.

An .xls is an OLE2 compound file (sectors chained by a file allocation table, [MS-CFB]) whose
``Workbook`` stream is a sequence of BIFF records: a type and a size (two bytes each), then the
payload ([MS-XLS] 2.1.4). python-calamine gives the values, but not which rows are hidden, and
it reads a cached formula error as an empty cell. The records tell both: the globals give the
date system (``DATEMODE``) and where each sheet's records start (``BOUNDSHEET``); a sheet's
``ROW`` records say which rows are hidden (``fDyZero``), its ``FORMULA`` and ``BOOLERR``
records which cells hold an error.

Anything unexpected (a broken chain, an encrypted stream, a record cut off) makes the scan give
up: the workbook is then read without these marks, and says so (``xls-unchecked``).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass, field

from wecare_cli.findings import Severity
from wecare_cli.ingest.cells import CellIssue
from wecare_cli.ingest.sheet_scan import SheetMarks

_FREE = 0xFFFF_FFFF
_END_OF_CHAIN = 0xFFFF_FFFE
_MAX_REGULAR = 0xFFFF_FFFA

BOF = 0x0809
BIFF8 = 0x0600
EOF = 0x000A
BOUNDSHEET = 0x0085
DATEMODE = 0x0022
FILEPASS = 0x002F
ROW = 0x0208
FORMULA = 0x0006
BOOLERR = 0x0205
HIDDEN_ROW = 0x0020
"""``fDyZero`` in the options of a ``ROW`` record."""

ERRORS: dict[int, str] = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


class UnreadableRecords(ValueError):
    """The compound file or its records are not as the format says: no marks are read."""


def _u16(data: bytes, at: int) -> int:
    if at + 2 > len(data):
        raise UnreadableRecords
    return int.from_bytes(data[at : at + 2], "little")


def _u32(data: bytes, at: int) -> int:
    if at + 4 > len(data):
        raise UnreadableRecords
    return int.from_bytes(data[at : at + 4], "little")


class _CompoundFile:
    """Just enough of [MS-CFB] to read one stream: header, FAT (with its DIFAT), directory,
    mini stream."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.sector = 1 << _u16(data, 0x1E)
        self.mini_sector = 1 << _u16(data, 0x20)
        if self.sector not in (512, 4096) or self.mini_sector != 64:
            raise UnreadableRecords
        self.cutoff = _u32(data, 0x38)
        fat_sectors = [_u32(data, 0x4C + 4 * index) for index in range(109)]
        difat, count = _u32(data, 0x44), _u32(data, 0x48)
        per_sector = self.sector // 4 - 1
        seen: set[int] = set()
        for _ in range(count):
            if difat > _MAX_REGULAR or difat in seen:
                break
            seen.add(difat)
            block = self._sector(difat)
            fat_sectors.extend(_u32(block, 4 * index) for index in range(per_sector))
            difat = _u32(block, 4 * per_sector)
        fat = b"".join(self._sector(s) for s in fat_sectors[: _u32(data, 0x2C)] if s <= _MAX_REGULAR)
        self.fat = struct.unpack(f"<{len(fat) // 4}I", fat)
        self.directory = self._chain(_u32(data, 0x30))
        root = self._entry(0)
        self.mini_stream = self._chain(root[1], root[2])
        minifat = self._chain(_u32(data, 0x3C)) if _u32(data, 0x40) else b""
        self.minifat = struct.unpack(f"<{len(minifat) // 4}I", minifat)

    def _sector(self, index: int) -> bytes:
        start = (index + 1) * self.sector
        if start + self.sector > len(self.data) + self.sector:  # the last sector may be short
            raise UnreadableRecords
        return self.data[start : start + self.sector]

    def _follow(self, table: tuple[int, ...], start: int) -> list[int]:
        chain: list[int] = []
        seen: set[int] = set()
        current = start
        while current <= _MAX_REGULAR:
            if current in seen or current >= len(table):
                raise UnreadableRecords
            seen.add(current)
            chain.append(current)
            current = table[current]
        return chain

    def _chain(self, start: int, size: int | None = None) -> bytes:
        data = (
            b"".join(self._sector(index) for index in self._follow(self.fat, start))
            if start <= _MAX_REGULAR
            else b""
        )
        return data if size is None else data[:size]

    def _entry(self, index: int) -> tuple[str, int, int, int]:
        raw = self.directory[index * 128 : index * 128 + 128]
        if len(raw) < 128:
            raise UnreadableRecords
        length = min(_u16(raw, 64), 64)
        name = raw[: max(length - 2, 0)].decode("utf-16-le", "replace")
        return name, _u32(raw, 116), _u32(raw, 120), raw[66]

    def stream(self, names: tuple[str, ...]) -> bytes:
        for index in range(len(self.directory) // 128):
            name, start, size, kind = self._entry(index)
            if kind != 2 or name not in names:
                continue
            if size < self.cutoff:
                pieces = [
                    self.mini_stream[sector * 64 : sector * 64 + 64]
                    for sector in self._follow(self.minifat, start)
                ]
                return b"".join(pieces)[:size]
            return self._chain(start, size)
        raise UnreadableRecords


@dataclass
class XlsRecords:
    """What the records of an .xls say: the date system and each sheet's marks."""

    date1904: bool = False
    sheets: dict[str, SheetMarks] = field(default_factory=dict)


def _records(stream: bytes, start: int) -> Iterator[tuple[int, int, int]]:
    position = start
    while position + 4 <= len(stream):
        kind = _u16(stream, position)
        size = _u16(stream, position + 2)
        payload = position + 4
        if payload + size > len(stream):
            raise UnreadableRecords
        yield kind, payload, payload + size
        position = payload + size


def scan_xls(data: bytes) -> XlsRecords:
    """The date system and the marks of every sheet; :class:`UnreadableRecords` if not sure."""
    stream = _CompoundFile(data).stream(("Workbook", "Book"))
    found = XlsRecords()
    starts: list[tuple[str, int]] = []
    if _u16(stream, 0) != BOF or _u16(stream, 4) != BIFF8:
        raise UnreadableRecords  # BIFF5 and older write their records otherwise
    for kind, begin, end in _records(stream, 0):
        if kind == FILEPASS:
            raise UnreadableRecords  # the rest is encrypted
        if kind == DATEMODE:
            found.date1904 = _u16(stream, begin) == 1
        elif kind == BOUNDSHEET and end - begin >= 8:
            length, high = stream[begin + 6], stream[begin + 7] & 0x01
            raw = stream[begin + 8 : begin + 8 + length * (2 if high else 1)]
            name = raw.decode("utf-16-le" if high else "latin_1", "replace")
            starts.append((name, _u32(stream, begin)))
        elif kind == EOF:
            break
    for name, start in starts:
        marks = SheetMarks()
        for kind, begin, end in _records(stream, start):
            if kind == EOF:
                break
            if kind == ROW and end - begin >= 16:
                if _u16(stream, begin + 12) & HIDDEN_ROW:
                    marks.hidden_rows.add(_u16(stream, begin) + 1)
            elif kind == FORMULA and end - begin >= 14:
                if stream[begin + 12 : begin + 14] == b"\xff\xff" and stream[begin + 6] == 2:
                    _mark(marks, _u16(stream, begin), _u16(stream, begin + 2), stream[begin + 8])
            elif kind == BOOLERR and end - begin >= 8 and stream[begin + 7] == 1:
                _mark(marks, _u16(stream, begin), _u16(stream, begin + 2), stream[begin + 6])
        found.sheets[name] = marks
    return found


def _mark(marks: SheetMarks, row: int, column: int, code: int) -> None:
    error = ERRORS.get(code, "#ERROR")
    marks.cells[(row + 1, column)] = CellIssue("formula-error", Severity.ERROR, {"error": error}, shown=error)
