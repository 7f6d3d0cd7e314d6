"""Where a report goes: checked and locked before any work, then written whole or not at all.

A run first *reserves* its output (:class:`OutputReservation`). The destination is checked: its
folder exists and can be written, it is neither a folder nor a device, it is none of the run's
inputs (the same file whatever the spelling or link), its extension is the one written, and it
is either new or a report wecare wrote earlier (recognised by the ``wecare-report`` document
property every report carries); anything else is replaced only with ``force``. Then a lock
beside it (``.NAME.lock``) is taken, so that a second run on the same report stops at once
instead of after doing all its work, and the temporary files a killed run may have left are
removed: with the lock held, no other run can be using them.

The report is written (:meth:`OutputReservation.write`) inside a private working folder beside
it (``.NAME.wecare-XXXXXXXX``: the workbook and xlsxwriter's own temporary files alike), flushed
to disk and renamed onto the destination in one step; the working folder is removed whatever
happens. Every OS error (disk full, permissions, a name too long) is an
:class:`~wecare_cli.errors.OutputError` naming the report, and the previous report stays
untouched.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
import shutil
import stat
import struct
import sys
import tempfile
import traceback
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from wecare_cli.errors import OutputError, shown_path
from wecare_cli.own_workbooks import CUSTOM_PROPERTIES as CUSTOM_PROPERTIES
from wecare_cli.own_workbooks import MARKER_PROPERTY as MARKER_PROPERTY
from wecare_cli.own_workbooks import TEMPLATE_KIND

if TYPE_CHECKING:
    from filelock import BaseFileLock

LOCK_TIMEOUT_SECONDS = 10.0
"""How long a library caller waits for another writer of the same report (the CLI does not wait)."""
WORKBOOK_EXTENSION = ".xlsx"
NAME_MAX = 255
"""Bytes in a file name (Linux, macOS and Windows file systems alike)."""
RANDOM_CHARACTERS = 8
"""Characters :func:`tempfile.mkdtemp` adds to a working folder's name."""
MARKER_READ_LIMIT = 64 * 1024
"""At most this much of ``docProps/custom.xml`` is read to find the marker."""
DIRECTORY_READ_LIMIT = 1024 * 1024
"""A zip whose central directory is larger than this is not a wecare report (and is not parsed)."""
_END_OF_DIRECTORY = b"PK\x05\x06"
_END_OF_DIRECTORY_SIZE = 22
_MAX_ZIP_COMMENT = 0xFFFF


class ReportKind(StrEnum):
    """What wecare wrote into a workbook, as its marker says."""

    CHECK = "check"
    RANK = "rank"
    RANK_PUBLIC = "rank-public"
    SUMMARY = "summary"
    PUBLICATION = "publication"
    TEMPLATE = TEMPLATE_KIND


REPLACEABLE_KINDS = frozenset(
    {ReportKind.CHECK, ReportKind.RANK, ReportKind.RANK_PUBLIC, ReportKind.SUMMARY, ReportKind.PUBLICATION}
)
"""Reports replaced without ``force``. A template is not: the officer may have filled it in."""


def marker_value(kind: ReportKind) -> str:
    """The value of the ``wecare-report`` property: ``rank/1.2.0``."""
    from wecare_cli import __version__

    return f"{kind}/{__version__}"


def expand_output_path(path: Path, today: date) -> Path:
    """Fill the ``{date}`` placeholder (``graduatoria-{date}.xlsx`` → ``graduatoria-2026-11-22.xlsx``)."""
    return Path(str(path).replace("{date}", today.isoformat()))


# ----------------------------------------------------------------------------------------- marker


def report_kind(path: Path) -> ReportKind | None:
    """The kind of wecare report ``path`` holds, or None when wecare did not write it.

    Reads no more than the zip's end record, a central directory of at most 1 MiB and 64 KiB of
    ``docProps/custom.xml``: any file at all (a zip bomb, a huge CSV, a device) is answered
    quickly, and anything unexpected means "not a wecare report".
    """
    try:
        with path.open("rb") as stream:
            properties = _custom_properties(stream)
    except (OSError, ValueError):
        return None
    if properties is None:
        return None
    value = _property(properties, MARKER_PROPERTY)
    if value is None:
        return None
    try:
        return ReportKind(value.partition("/")[0])
    except ValueError:
        return None


def _custom_properties(stream: IO[bytes]) -> bytes | None:
    size = os.fstat(stream.fileno()).st_size
    if size < _END_OF_DIRECTORY_SIZE or stream.read(4) != b"PK\x03\x04":
        return None
    start = max(0, size - _END_OF_DIRECTORY_SIZE - _MAX_ZIP_COMMENT)
    stream.seek(start)
    tail = stream.read()
    end = tail.rfind(_END_OF_DIRECTORY)
    if end < 0 or len(tail) - end < _END_OF_DIRECTORY_SIZE:
        return None
    (directory_size,) = struct.unpack_from("<I", tail, end + 12)
    if directory_size > DIRECTORY_READ_LIMIT:
        return None
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            info = archive.getinfo(CUSTOM_PROPERTIES)
            if info.file_size > MARKER_READ_LIMIT:
                return None
            with archive.open(info) as member:
                data = member.read(MARKER_READ_LIMIT + 1)
    except (KeyError, EOFError, RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error):
        return None
    return data if len(data) <= MARKER_READ_LIMIT else None


def _property(document: bytes, name: str) -> str | None:
    """The text of the custom property ``name`` (no DTD or entity is ever expanded)."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeElementTree  # type: ignore[import-untyped]
    from defusedxml import DefusedXmlException

    try:
        root = SafeElementTree.fromstring(document, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        return None
    for element in root:
        if element.tag.rpartition("}")[2] == "property" and element.get("name") == name:
            return next((child.text or "" for child in element), None)
    return None


# ------------------------------------------------------------------------------------ reservation


class OutputReservation:
    """A destination checked and locked for one report; use it as a context manager.

    ``inputs`` are the files the run reads (application files, partners, configuration): the
    report may be none of them. ``force`` replaces an existing file wecare did not write.
    ``lock_timeout`` is how long to wait for another run writing the same report (0: stop at
    once with ``output-busy``).
    """

    def __init__(
        self,
        destination: Path,
        *,
        inputs: Sequence[Path] = (),
        force: bool = False,
        extension: str = WORKBOOK_EXTENSION,
        lock_timeout: float = LOCK_TIMEOUT_SECONDS,
    ) -> None:
        self.destination = destination
        self.folder = destination.parent if str(destination.parent) else Path()
        self.inputs = tuple(inputs)
        self.force = force
        self.extension = extension
        self.lock_timeout = lock_timeout
        self._lock: BaseFileLock | None = None

    def __enter__(self) -> OutputReservation:
        self.check()
        self._lock = self._take_lock()
        try:
            self._remove_stale_work()
        except BaseException:
            self._release()
            raise
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._release()

    def check(self) -> None:
        """Refuse, with an :class:`OutputError`, a destination this report may not be written to."""
        destination = self.destination
        name = destination.name
        if name in ("", ".", ".."):
            raise OutputError("output-is-folder", destination)
        size = len(os.fsencode(name))
        if size > NAME_MAX:
            raise OutputError("output-name-too-long", destination, size=size, limit=NAME_MAX)
        self._check_folder()
        try:
            status: os.stat_result | None = destination.stat()
        except FileNotFoundError:
            status = None  # a new report (a dangling link is replaced by the report, not followed)
        except PermissionError:
            raise OutputError("output-folder-not-writable", destination) from None
        except OSError as error:
            raise self._os_error(error) from None
        if status is not None:
            if stat.S_ISDIR(status.st_mode):
                raise OutputError("output-is-folder", destination)
            if not stat.S_ISREG(status.st_mode):
                raise OutputError("output-not-a-file", destination)
            source = next((p for p in self.inputs if _same_file(status, p)), None)
            if source is not None:
                raise OutputError("output-is-input", destination, input=shown_path(source))
        if destination.suffix.lower() != self.extension:
            raise OutputError("output-extension", destination, expected=self.extension)
        if status is not None and not self.force:
            kind = report_kind(destination)
            if kind is ReportKind.TEMPLATE:
                raise OutputError("output-template", destination)
            if kind not in REPLACEABLE_KINDS:
                raise OutputError("output-foreign", destination)

    def write(self, write: Callable[[Path], None]) -> Path:
        """Call ``write(temporary)``, then move the result onto the destination in one step.

        ``temporary`` lies in a working folder of its own: a writer puts its temporary files
        beside it (``tmpdir``), and they all go with the folder.
        """
        if self._lock is None:
            raise RuntimeError("reserve the output (with ...) before writing it")
        self.check()  # the destination may have changed while the run was working
        try:
            working = Path(tempfile.mkdtemp(prefix=self._working_prefix(), dir=self.folder))
        except OSError as error:
            raise self._os_error(error) from None
        try:
            self._write_and_replace(working / f"report{self.destination.suffix}", write)
        finally:
            shutil.rmtree(working, ignore_errors=True)
        return self.destination

    def _write_and_replace(self, temporary: Path, write: Callable[[Path], None]) -> None:
        destination = self.destination
        try:
            write(temporary)
            with temporary.open("rb+") as stream:
                os.fsync(stream.fileno())
            temporary.chmod(_file_mode(destination))
        except BaseException as error:
            _let_go_quietly(error)
            cause = _os_error_behind(error)
            if cause is None:
                raise
            raise self._os_error(cause) from None
        try:
            temporary.replace(destination)
        except PermissionError:
            raise OutputError("output-locked", destination) from None
        except OSError as error:
            raise self._os_error(error) from None
        _sync(self.folder)

    def _check_folder(self) -> None:
        try:
            status = self.folder.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise OutputError("output-folder-missing", self.destination) from None
        except PermissionError:
            raise OutputError("output-folder-not-writable", self.destination) from None
        except OSError as error:
            raise self._os_error(error) from None
        if not stat.S_ISDIR(status.st_mode):
            raise OutputError("output-folder-missing", self.destination)
        if not os.access(self.folder, os.W_OK | os.X_OK):
            raise OutputError("output-folder-not-writable", self.destination)

    def _take_lock(self) -> BaseFileLock:
        from filelock import FileLock, Timeout

        lock_path = self.folder / _companion_name(self.destination.name, ".lock")
        lock = FileLock(str(lock_path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout:
            raise OutputError("output-busy", self.destination, lock=shown_path(lock_path.name)) from None
        except OSError as error:
            raise self._os_error(error) from None
        # The lock file stays: removing it while another run waits on it would let two runs in.
        return lock

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _working_prefix(self) -> str:
        return _companion_name(self.destination.name, ".wecare-")

    def _remove_stale_work(self) -> None:
        """Remove the working folders of earlier runs of this report that were killed."""
        left = re.compile(re.escape(self._working_prefix()) + f"[a-z0-9_]{{{RANDOM_CHARACTERS}}}")
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if left.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path, ignore_errors=True)

    def _os_error(self, error: OSError) -> OutputError:
        return OutputError("output-not-writable", self.destination, reason=_reason(error))


ReportDestination = Path | OutputReservation
"""Where a writer puts its report: a path (checked and locked there and then) or a reservation."""


def write_atomically(
    destination: ReportDestination, write: Callable[[Path], None], lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> Path:
    """Write a report with ``write(temporary_path)``, then move it onto ``destination`` in one step.

    A path is reserved for this one write (waiting up to ``lock_timeout`` for another writer);
    a reservation taken earlier, before the run's work, is used as it is.
    """
    if isinstance(destination, OutputReservation):
        return destination.write(write)
    with OutputReservation(destination, lock_timeout=lock_timeout) as reservation:
        return reservation.write(write)


# -------------------------------------------------------------------------------------- internals


def _companion_name(name: str, suffix: str) -> str:
    """``.NAME{suffix}``, a hidden name beside the report with room for the random characters of
    a working folder; a name too long for that is cut and kept unique by a digest of the whole."""
    candidate = f".{name}{suffix}"
    room = NAME_MAX - RANDOM_CHARACTERS
    if len(os.fsencode(candidate)) <= room:
        return candidate
    digest = hashlib.sha256(os.fsencode(name)).hexdigest()[:16]
    keep = room - len(os.fsencode(suffix)) - len(digest) - 2
    return f".{os.fsdecode(os.fsencode(name)[:keep])}~{digest}{suffix}"


def _same_file(status: os.stat_result, other: Path) -> bool:
    try:
        return os.path.samestat(status, other.stat())
    except (OSError, ValueError):
        return False


def _file_mode(destination: Path) -> int:
    """Keep the mode of the file replaced; a new file gets the usual mode (not mkstemp's 0600)."""
    with contextlib.suppress(FileNotFoundError):
        return destination.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync(folder: Path) -> None:
    """Make the rename itself durable (where the system allows opening a folder)."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def _reason(error: OSError) -> str:
    return shown_path(error.strerror or str(error))


def _chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _os_error_behind(error: BaseException) -> OSError | None:
    """The OS error that made a write fail (xlsxwriter wraps it in its FileCreateError)."""
    if not isinstance(error, Exception):
        return None  # an interruption is not a write error
    return next((e for e in _chain(error) if isinstance(e, OSError)), None)


def _let_go_quietly(error: BaseException) -> None:
    """Release now what a failed writer left open, without noise.

    xlsxwriter leaves its zip file open when a write fails; when the zip is finally collected it
    tries to finish itself on the full disk and Python prints ``Exception ignored in ZipFile.__del__``
    with a traceback. Clearing the failed frames lets it go here, with that report silenced.
    """
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        for each in _chain(error):
            if each.__traceback__ is not None:
                traceback.clear_frames(each.__traceback__)
        gc.collect()
    finally:
        sys.unraisablehook = previous
