"""Write a report atomically: a temporary file beside it, then a rename; never half a workbook.

A lock beside the destination keeps two runs from writing the same report at once: the second
waits a little, then stops with a clear message. The previous report stays untouched on any error.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from wecare_cli.errors import OutputError

LOCK_TIMEOUT_SECONDS = 10.0


def expand_output_path(path: Path, today: date) -> Path:
    """Fill the ``{date}`` placeholder (``graduatoria-{date}.xlsx`` → ``graduatoria-2026-11-22.xlsx``)."""
    return Path(str(path).replace("{date}", today.isoformat()))


def write_atomically(
    destination: Path, write: Callable[[Path], None], lock_timeout: float = LOCK_TIMEOUT_SECONDS
) -> Path:
    """Call ``write(temporary_path)``, then move the result onto ``destination`` in one step."""
    from filelock import FileLock, Timeout

    folder = destination.parent if str(destination.parent) else Path()
    if not folder.is_dir():
        raise OutputError("output-folder-missing", destination, "the folder does not exist")
    if destination.is_dir():
        raise OutputError("output-is-folder", destination, "is a folder: give a file name")
    if not os.access(folder, os.W_OK):
        raise OutputError("output-not-writable", destination, "the folder is not writable")
    lock_path = folder / f".{destination.name}.lock"
    lock = FileLock(str(lock_path), timeout=lock_timeout)
    try:
        with lock:
            _replace(destination, folder, write)
    except Timeout:
        raise OutputError(
            "output-busy",
            destination,
            f"another wecare run is writing this report (lock {lock_path.name}); "
            "wait for it to finish and run again",
        ) from None
    # The lock file stays: removing it while another run waits on it would let two runs in.
    return destination


def _replace(destination: Path, folder: Path, write: Callable[[Path], None]) -> None:
    handle, name = tempfile.mkstemp(prefix=f".{destination.stem}.", suffix=destination.suffix, dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        write(temporary)
        with temporary.open("rb+") as stream:
            os.fsync(stream.fileno())
        temporary.chmod(_file_mode(destination))
        temporary.replace(destination)
    except PermissionError:
        raise OutputError(
            "output-locked",
            destination,
            "cannot be replaced: is it open in another program (Excel)? "
            "Close it and run again; the previous file was not changed",
        ) from None
    except OSError as error:
        raise OutputError(
            "output-not-writable",
            destination,
            f"{error.strerror or error}; the previous file was not changed",
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


def _file_mode(destination: Path) -> int:
    """Keep the mode of the file replaced; a new file gets the usual mode (not mkstemp's 0600)."""
    if destination.exists():
        return destination.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
