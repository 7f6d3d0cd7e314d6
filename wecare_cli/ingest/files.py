"""Opening an input file safely: existence, permissions, size, and what the bytes really are.

The bytes are read once (hash and parsing see the same content, even if the file is still
being copied) and the format is decided by the extension *and* the magic bytes, so that an
HTML page or a CSV renamed ``.xlsx``, an old ``.xls`` or a password-protected workbook gets a
clear :class:`~wecare_cli.errors.InputFileError` instead of a library traceback.
"""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wecare_cli.errors import InputFileError

MiB = 1024 * 1024

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

WORKBOOK_EXTENSIONS: dict[str, str] = {".xlsx": "xlsx", ".xlsm": "xlsm", ".ods": "ods"}
CSV_EXTENSIONS: frozenset[str] = frozenset({".csv", ".tsv", ".txt"})


@dataclass(frozen=True)
class ReadLimits:
    """Bounds that make a hostile or broken file fail fast instead of exhausting the machine.

    Zip limits are checked on the sizes the archive declares before anything is parsed, and
    again on the real sizes while each part is decompressed (a declared size can lie).
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


LIMIT_VARIABLES: dict[str, tuple[str, int]] = {
    "WECARE_MAX_FILE_MB": ("max_file_bytes", MiB),
    "WECARE_MAX_UNCOMPRESSED_MB": ("max_uncompressed_bytes", MiB),
    "WECARE_MAX_PART_MB": ("max_entry_bytes", MiB),
    "WECARE_MAX_PARTS": ("max_entries", 1),
    "WECARE_MAX_RATIO": ("max_ratio", 1),
}
"""Environment variables that raise or lower the reading limits (for a machine with more memory)."""


def limits_from_environment(environ: Mapping[str, str]) -> ReadLimits:
    """The reading limits, each overridable by an environment variable; a bad value is an error."""
    from dataclasses import replace

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
        if value <= 0:
            raise WecareError(f"{variable}={raw!r}: write a positive number")
        changed: dict[str, Any] = {field: value if field == "max_ratio" else int(value * unit)}
        limits = replace(limits, **changed)
    return limits


class UnreadableFileError(InputFileError):
    """An :class:`InputFileError` that keeps its parameters, so that the message can be translated."""

    def __init__(self, code: str, file: Path | str, **params: object) -> None:
        super().__init__(code, file, **params)


@dataclass(frozen=True)
class LoadedFile:
    """The bytes of an input file and what they are."""

    path: Path
    data: bytes
    sha256: str
    kind: str
    """``xlsx``, ``xlsm``, ``ods`` or ``csv``."""


def describe_content(data: bytes) -> str:
    """A few words saying what the bytes look like, for messages."""
    if data.startswith(ZIP_MAGIC):
        return "a zip archive (an Excel workbook?)"
    if data.startswith(OLE2_MAGIC):
        return "an old Office (OLE2) document"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf"):
        return "a PDF document"
    if b"<html" in head or b"<table" in head or head.startswith(b"<!doctype html"):
        return "an HTML page"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "an XML document"
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        if b"\x00" not in data[:4096]:
            return "text (a CSV file?)"
        return "not a spreadsheet"
    return "text (a CSV file?)"


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UnreadableFileError("file-not-found", path) from None
    except PermissionError as exc:
        raise UnreadableFileError(
            "file-unreadable", path, reason=exc.strerror or "permission denied"
        ) from None
    except OSError as exc:
        raise UnreadableFileError("file-unreadable", path, reason=exc.strerror or str(exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise UnreadableFileError("file-is-folder", path)
    if info.st_size > limits.max_file_bytes:
        raise UnreadableFileError(
            "file-too-large",
            path,
            reason=f"{info.st_size // MiB} MiB, limit {limits.max_file_bytes // MiB} MiB",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except IsADirectoryError:
        raise UnreadableFileError("file-is-folder", path) from None
    except PermissionError as exc:
        raise UnreadableFileError(
            "file-unreadable", path, reason=exc.strerror or "permission denied"
        ) from None
    except OSError as exc:
        raise UnreadableFileError("file-unreadable", path, reason=exc.strerror or str(exc)) from None
    if len(data) > limits.max_file_bytes:
        raise UnreadableFileError("file-too-large", path, reason=f"limit {limits.max_file_bytes // MiB} MiB")
    return data


def load_file(path: Path, limits: ReadLimits) -> LoadedFile:
    """Read ``path`` and decide its kind, or raise :class:`UnreadableFileError`."""
    data = _read_bytes(path, limits)
    if not data:
        raise UnreadableFileError("file-empty", path)
    extension = path.suffix.lower()
    if extension in WORKBOOK_EXTENSIONS:
        kind = WORKBOOK_EXTENSIONS[extension]
        if data.startswith(OLE2_MAGIC) and kind != "ods":
            raise UnreadableFileError("file-encrypted", path)  # Excel encrypts into an OLE2 container
        if data.startswith(EMPTY_ZIP_MAGIC):
            raise UnreadableFileError("file-corrupt", path, reason="the archive has no content")
        if not data.startswith(ZIP_MAGIC):
            raise UnreadableFileError(
                "file-not-xlsx", path, extension=extension, found=describe_content(data)
            )
    elif extension in CSV_EXTENSIONS:
        kind = "csv"
        if data.startswith((ZIP_MAGIC, OLE2_MAGIC)):
            raise UnreadableFileError(
                "file-format-unsupported",
                path,
                reason=f"the name says {extension} but the content is {describe_content(data)}, not CSV text",
            )
    elif extension == ".xls":
        if data.startswith(OLE2_MAGIC):
            raise UnreadableFileError("file-xls-legacy", path)
        raise UnreadableFileError(
            "file-format-unsupported",
            path,
            reason=f"the name says .xls but the content is {describe_content(data)}, "
            "not an Excel 97-2003 workbook",
        )
    elif extension == ".xlsb":
        raise UnreadableFileError(
            "file-format-unsupported", path, reason="Excel binary workbooks (.xlsb) are not read"
        )
    else:
        shown = extension or "no extension"
        raise UnreadableFileError(
            "file-format-unsupported",
            path,
            reason=f"{shown} is not a format read here (.xlsx, .xlsm, .ods, .csv)",
        )
    return LoadedFile(path=path, data=data, sha256=hashlib.sha256(data).hexdigest(), kind=kind)
