"""What a wecare process does with signals and with its standard streams.

* SIGINT (Ctrl-C), SIGTERM and SIGHUP stop the run by raising :class:`Interrupted`, which
  unwinds every ``finally`` on its way out: a report being written is abandoned, its temporary
  files removed, the previous report left as it was. A second signal during that clean-up is
  ignored.
* An OS error writing standard output or standard error (a full disk behind ``> file``,
  ``> /dev/full``, a pipe closed early) becomes an :class:`~wecare_cli.errors.OutputError`
  naming the stream, instead of a traceback; the stream is then silenced, so that Python's own
  last flush does not fail again on the way out.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any, TextIO, cast

from wecare_cli.errors import OutputError

STOPPING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
"""Ctrl-C, a polite kill, and the terminal closed under the run (where the system has it)."""


class Interrupted(BaseException):
    """The run was stopped by a signal (not an error of the run: exit 128 + the signal number)."""

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number
        self.exit_code = 128 + signal_number


@contextmanager
def signals_unwind() -> Iterator[None]:
    """The stopping signals raise :class:`Interrupted` while the block runs (a signal the process
    was started with ignored, as SIGHUP under ``nohup``, stays ignored)."""

    def stop(number: int, frame: FrameType | None) -> None:
        for each in STOPPING_SIGNALS:
            signal.signal(each, signal.SIG_IGN)  # the clean-up on the way out runs to the end
        raise Interrupted(number)

    previous: dict[int, Any] = {}
    try:
        for each in STOPPING_SIGNALS:
            if signal.getsignal(each) is not signal.SIG_IGN:
                previous[each] = signal.signal(each, stop)
    except ValueError:  # not the main thread of the interpreter: signals stay as they are
        pass
    try:
        yield
    finally:
        for each, handler in previous.items():
            signal.signal(each, handler)


class GuardedStream:
    """A standard stream whose OS errors stop the run as an :class:`OutputError`."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self._stream = stream
        self._label = label

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except OSError as error:
            raise self._failed(error) from None

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except OSError as error:
            raise self._failed(error) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def _failed(self, error: OSError) -> OutputError:
        self._silence()
        return OutputError("stream-not-writable", self._label, reason=error.strerror or str(error))

    def _silence(self) -> None:
        """Point the stream's descriptor at the null device: what is still buffered, and the
        interpreter's last flush, then go nowhere instead of failing again."""
        with contextlib.suppress(OSError, ValueError):
            descriptor = self._stream.fileno()
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, descriptor)
            finally:
                os.close(null)
            self._stream.flush()


@contextmanager
def guarded_standard_streams() -> Iterator[None]:
    """Standard output and error as :class:`GuardedStream` while the block runs (a stream the
    process was started without, ``>&-``, stays None: nothing is written to it)."""
    streams = sys.stdout, sys.stderr
    if streams[0] is not None:
        sys.stdout = cast(TextIO, GuardedStream(streams[0], "standard output"))
    if streams[1] is not None:
        sys.stderr = cast(TextIO, GuardedStream(streams[1], "standard error"))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = streams


def flush_standard_output() -> None:
    """Flush what is still buffered for standard output (an error there is an OutputError)."""
    stream: TextIO | None = sys.stdout
    if stream is not None:
        stream.flush()


def say(message: str) -> None:
    """One line on standard error, if the process has one that can still be written."""
    stream: TextIO | None = sys.stderr
    if stream is None:
        return
    from wecare_cli.reports.terminal import visible_controls

    with contextlib.suppress(OSError, OutputError):
        stream.write(f"{visible_controls(message)}\n")
        stream.flush()
