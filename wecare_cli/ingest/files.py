"""Opening an input file safely: what the path is, its size, and what the bytes really are.

Only a regular file is opened (a named pipe would block for ever, a device never end), and it
is checked again once open. The bytes are read once (hash and parsing see the same content,
even if the file is still being copied) and the format is decided by the extension *and* the
magic bytes, so that an HTML page or a CSV renamed ``.xlsx``, a Word file renamed ``.xls`` or a
password-protected workbook gets a clear :class:`~wecare_cli.errors.InputFileError` instead of
a library traceback, and an old ``.xls`` renamed ``.xlsx`` is read as what it is. Every other
reader of input files (``wecare diff``) opens them here too.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from wecare_cli.errors import InputFileError
from wecare_cli.findings import Phrase

MiB = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

WORKBOOK_EXTENSIONS: dict[str, str] = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsm",
    ".xlsb": "xlsb",
    ".xls": "xls",
    ".ods": "ods",
}
"""Workbook extensions read, and the kind each name says (the content decides in the end)."""
READ_FORMATS = ".xlsx, .xlsm, .xlsb, .xls, .ods, .csv"
"""The formats read, as listed in messages."""
CSV_EXTENSIONS: frozenset[str] = frozenset({".csv", ".tsv", ".txt"})

EXCEL_ROWS = 1_048_576
"""Rows of an Excel (and LibreOffice) sheet: the last cell is XFD1048576."""
EXCEL_COLUMNS = 16_384
"""Columns of an Excel sheet, A to XFD."""


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that make a hostile or broken file fail fast instead of exhausting the machine.

    Zip limits are checked on the sizes the archive declares before anything is parsed, and
    again on the real sizes while each part is decompressed (a declared size can lie). The
    cell limit is checked on the cell references of the sheet XML (or the separators of a
    CSV) before the spreadsheet reader builds anything.
    """

    max_file_bytes: int = 200 * MiB
    """Size of the file on disk."""
    max_uncompressed_bytes: int = 500 * MiB
    """Sum of the uncompressed sizes of the parts of a workbook."""
    max_entry_bytes: int = 500 * MiB
    """Uncompressed size of one part."""
    max_entries: int = 10_000
    """Number of parts in the archive."""
    max_ratio: float = 200.0
    """Uncompressed / compressed size of one part, checked for parts larger than ``ratio_floor_bytes``."""
    ratio_floor_bytes: int = 16 * MiB
    """Parts smaller than this are not checked for their ratio (small repetitive XML compresses a lot)."""
    max_cells: int = 4_000_000
    """Cells one run reads, over all its files. A sheet counts its grid from A1 to its farthest
    cell with a value, empty cells included (what the spreadsheet reader allocates: a stray
    value in XFD1048576 makes a grid of 17 billion cells); an OpenDocument file counts every
    sheet, repeated rows and columns expanded; a CSV counts its fields. About 200 bytes each
    once read: the default keeps a run under about 1 GiB."""


LIMIT_VARIABLES: dict[str, tuple[str, int]] = {
    "WECARE_MAX_FILE_MB": ("max_file_bytes", MiB),
    "WECARE_MAX_UNCOMPRESSED_MB": ("max_uncompressed_bytes", MiB),
    "WECARE_MAX_PART_MB": ("max_entry_bytes", MiB),
    "WECARE_MAX_PARTS": ("max_entries", 1),
    "WECARE_MAX_RATIO": ("max_ratio", 1),
    "WECARE_MAX_CELLS": ("max_cells", 1),
}
"""Environment variables that raise or lower the reading limits (for a machine with more memory)."""

CELLS_VARIABLE = "WECARE_MAX_CELLS"
FILE_VARIABLE = "WECARE_MAX_FILE_MB"
UNCOMPRESSED_VARIABLE = "WECARE_MAX_UNCOMPRESSED_MB"
PART_VARIABLE = "WECARE_MAX_PART_MB"
PARTS_VARIABLE = "WECARE_MAX_PARTS"
RATIO_VARIABLE = "WECARE_MAX_RATIO"


def limits_from_environment(environ: Mapping[str, str]) -> ReadLimits:
    """The reading limits, each overridable by an environment variable; a bad value is an error."""
    from wecare_cli.errors import WecareError

    limits = ReadLimits()
    for variable, (field, unit) in LIMIT_VARIABLES.items():
        raw = environ.get(variable, "").strip()
        if not raw:
            continue
        try:
            value = float(raw)
        except ValueError:
            value = -1.0
        if not value > 0 or value == float("inf"):
            raise WecareError(f"{variable}={raw!r}: write a positive number")
        changed: dict[str, Any] = {field: value if field == "max_ratio" else max(1, int(value * unit))}
        limits = replace(limits, **changed)
    return limits


def shown_path(path: Path | str) -> str:
    """``path`` as text any encoder accepts.

    A file name that is not valid UTF-8 reaches Python with its odd bytes kept as surrogate
    escapes, which no encoder writes (printing it or putting it in JSON would crash): those
    bytes are shown as ``\\xNN`` instead.
    """
    text = str(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(text).decode("utf-8", "backslashreplace")
    return text


def shown_name(path: Path) -> str:
    """The file name of ``path`` as :func:`shown_path` shows it."""
    return shown_path(path.name)


def grouped(number: int) -> str:
    """A count with its thousands spaced out (readable in English and Italian alike)."""
    return f"{number:,}".replace(",", " ")


class UnreadableFileError(InputFileError):
    """An :class:`InputFileError` that keeps its parameters, so that the message can be translated."""

    def __init__(self, code: str, file: Path | str, **params: object) -> None:
        super().__init__(code, Path(shown_path(file)), **params)


class CellBudget:
    """The cells a run may still read (:attr:`ReadLimits.max_cells`), spent table by table.

    A sheet is checked before the spreadsheet reader parses it, a CSV before its rows are
    read; only what is kept is spent.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.spent = 0

    def check(self, path: Path, cells: int, code: str, **params: object) -> None:
        """Refuse ``cells`` more: with ``code`` when they alone exceed the limit, else with
        ``run-too-large`` when the files read before leave too little."""
        if cells > self.limit:
            raise UnreadableFileError(
                code, path, cells=grouped(cells), limit=grouped(self.limit), variable=CELLS_VARIABLE, **params
            )
        if self.spent + cells > self.limit:
            raise UnreadableFileError(
                "run-too-large",
                path,
                cells=grouped(cells),
                spent=grouped(self.spent),
                limit=grouped(self.limit),
                variable=CELLS_VARIABLE,
            )

    def spend(self, cells: int) -> None:
        self.spent += cells


@dataclass(frozen=True)
class LoadedFile:
    """The bytes of an input file and what they are."""

    path: Path
    data: bytes
    sha256: str
    kind: str
    """``xlsx``, ``xlsm``, ``xlsb``, ``xls``, ``ods`` or ``csv``."""

    @property
    def name(self) -> str:
        """The file name as shown in findings and messages."""
        return shown_name(self.path)


def describe_content(data: bytes) -> Phrase:
    """What the bytes look like, for messages (worded at the edge: ``content-zip``...)."""
    if data.startswith(ZIP_MAGIC):
        return Phrase("content-zip")
    if data.startswith(OLE2_MAGIC):
        return Phrase("content-ole2")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return Phrase("content-pdf")
    if b"<html" in head or b"<table" in head or head.startswith(b"<!doctype html"):
        return Phrase("content-html")
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return Phrase("content-xml")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" not in data[:4096]:
            return Phrase("content-text")
        return Phrase("content-not-spreadsheet")
    return Phrase("content-text")


_OLE2_ENTRY = 128


def ole2_streams(data: bytes, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` are streams of an OLE2 compound file (Excel 97-2003, or an encrypted workbook).

    A directory entry is 128 bytes, aligned on 128 bytes from the start of the file: the name
    in UTF-16 with its terminator, then the name's length in bytes and the entry type (2 for a
    stream). Looking for the entries by name is enough to tell the containers apart.
    """
    found: set[str] = set()
    for name in names:
        needle = name.encode("utf-16-le") + b"\x00\x00"
        length = len(needle).to_bytes(2, "little")
        offset = data.find(needle, _OLE2_ENTRY)
        while offset >= 0:
            entry = data[offset + 64 : offset + 67]
            if offset % _OLE2_ENTRY == 0 and entry == length + b"\x02":
                found.add(name)
                break
            offset = data.find(needle, offset + 1)
    return found


def ole2_entries(data: bytes, names: tuple[str, ...]) -> set[str]:
    """Which of ``names`` are entries (streams or storages) of an OLE2 compound file."""
    found: set[str] = set()
    for name in names:
        needle = name.encode("utf-16-le") + b"\x00\x00"
        length = len(needle).to_bytes(2, "little")
        offset = data.find(needle, _OLE2_ENTRY)
        while offset >= 0:
            if offset % _OLE2_ENTRY == 0 and data[offset + 64 : offset + 66] == length:
                found.add(name)
                break
            offset = data.find(needle, offset + 1)
    return found


XLS_MACROS_STORAGE = "_VBA_PROJECT_CUR"
"""The storage that holds the macros of an .xls."""

ENCRYPTED_STREAMS = ("EncryptionInfo", "EncryptedPackage")
"""An encrypted .xlsx is an OLE2 container holding these two streams."""
LEGACY_STREAMS = ("Workbook", "Book")
"""An Excel 97-2003 (BIFF8 / BIFF5) workbook is an OLE2 container holding one of these."""


def _ole2_kind(path: Path, data: bytes, extension: str) -> str:
    """What an OLE2 container is: an old .xls (read as ``xls`` whatever its name), or a refusal
    (an encrypted workbook, another Office document)."""
    streams = ole2_streams(data, ENCRYPTED_STREAMS + LEGACY_STREAMS)
    if streams.intersection(ENCRYPTED_STREAMS):
        raise UnreadableFileError("file-encrypted", path)
    if streams.intersection(LEGACY_STREAMS):
        return "xls"
    raise UnreadableFileError(
        "file-format-unsupported",
        path,
        reason=Phrase("reason-ole2-not-workbook", {"extension": extension}),
    )


def _os_refusal(path: Path, error: OSError) -> UnreadableFileError:
    if isinstance(error, FileNotFoundError):
        return UnreadableFileError("file-not-found", path)
    if isinstance(error, IsADirectoryError):
        return UnreadableFileError("file-is-folder", path)
    reason = error.strerror or str(error) or type(error).__name__
    return UnreadableFileError("file-unreadable", path, reason=reason)


def _special(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _check_regular(path: Path, mode: int) -> None:
    if stat.S_ISDIR(mode):
        raise UnreadableFileError("file-is-folder", path)
    if not stat.S_ISREG(mode):
        raise UnreadableFileError("file-not-regular", path, kind=_special(mode))


def mebibytes(size: int) -> str:
    """A size in MiB (in KiB below 1 MiB, with a decimal below 10 MiB: a limit may be set that low)."""
    if size < MiB:
        return f"{size // 1024} KiB"
    return f"{size / MiB:.1f} MiB" if size < 10 * MiB else f"{size // MiB} MiB"


def _too_large(path: Path, size: int | None, limits: ReadLimits) -> UnreadableFileError:
    limit = mebibytes(limits.max_file_bytes)
    reason = (
        Phrase("limit-file-size", {"size": mebibytes(size), "limit": limit, "variable": FILE_VARIABLE})
        if size is not None
        else Phrase("limit-file-size-unknown", {"limit": limit, "variable": FILE_VARIABLE})
    )
    return UnreadableFileError("file-too-large", path, reason=reason)


_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
"""Non-blocking: if a pipe replaces the file between the check and the opening, opening does not hang."""


def read_input(path: Path, limits: ReadLimits) -> bytes:
    """The bytes of an input file, or :class:`UnreadableFileError`.

    The path is examined before it is opened (links are followed): only a regular file of at
    most ``limits.max_file_bytes`` is read, and it is checked again once open.
    """
    try:
        info = path.stat()
    except OSError as error:
        raise _os_refusal(path, error) from None
    except ValueError:  # a NUL character in the name
        raise UnreadableFileError("file-unreadable", path, reason=Phrase("reason-invalid-path")) from None
    _check_regular(path, info.st_mode)
    if info.st_size > limits.max_file_bytes:
        raise _too_large(path, info.st_size, limits)
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise _os_refusal(path, error) from None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            _check_regular(path, os.fstat(handle.fileno()).st_mode)
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        raise _os_refusal(path, error) from None
    if len(data) > limits.max_file_bytes:
        raise _too_large(path, None, limits)
    return data


def load_file(path: Path, limits: ReadLimits) -> LoadedFile:
    """Read ``path`` and decide its kind, or raise :class:`UnreadableFileError`."""
    data = read_input(path, limits)
    if not data:
        raise UnreadableFileError("file-empty", path)
    extension = path.suffix.lower()
    if extension in WORKBOOK_EXTENSIONS:
        kind = WORKBOOK_EXTENSIONS[extension]
        if data.startswith(OLE2_MAGIC):
            kind = _ole2_kind(path, data, extension)
        elif data.startswith(EMPTY_ZIP_MAGIC):
            raise UnreadableFileError("file-corrupt", path, reason=Phrase("reason-archive-empty"))
        elif not data.startswith(ZIP_MAGIC):
            raise UnreadableFileError(
                "file-not-xlsx", path, extension=extension, found=describe_content(data)
            )
        elif kind == "xls":
            kind = "xlsx"  # a zip named .xls: its parts tell what it is
    elif extension in CSV_EXTENSIONS:
        kind = "csv"
        if data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise UnreadableFileError(
                "file-format-unsupported",
                path,
                reason=Phrase("reason-not-csv", {"extension": extension, "content": describe_content(data)}),
            )
    else:
        shown: object = extension or Phrase("reason-no-extension")
        raise UnreadableFileError(
            "file-format-unsupported",
            path,
            reason=Phrase("reason-format-not-read", {"extension": shown, "formats": READ_FORMATS}),
        )
    return LoadedFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind)
