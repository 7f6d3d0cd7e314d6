"""The two consoles: data to standard output, messages to standard error."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from wecare_cli.evaluation import Progress


class Consoles:
    """Where a command writes: ``out`` for data, ``err`` for messages (a renderer's sink).

    Each Rich console is made the first time it is used: a command that only writes JSON or CSV
    to standard output never imports Rich (about a tenth of its start-up).
    """

    def __init__(self, out: Console | None = None, err: Console | None = None) -> None:
        self._out = out
        self._err = err

    @property
    def out(self) -> Console:
        """The console of standard output (views are laid out for its width)."""
        if self._out is None:
            self._out = _standard_output_console()
        return self._out

    @property
    def err(self) -> Console:
        """The console of standard error (messages, the progress bar)."""
        if self._err is None:
            from wecare_cli.cli.terminal_console import TerminalConsole

            self._err = TerminalConsole(stderr=True, soft_wrap=True)
        return self._err

    @property
    def ascii_only(self) -> bool:
        """Whether standard output cannot show characters outside ASCII (a cp1252 console)."""
        if self._out is not None:
            encoding = self._out.encoding
        else:  # as Rich reads it, without making the console
            encoding = getattr(_standard_stream(sys.stdout), "encoding", None) or "utf-8"
        return not encoding.lower().startswith("utf")

    def write(self, text: str) -> None:
        """Machine-readable text to standard output, exactly as given."""
        stream = self._out.file if self._out is not None else _standard_stream(sys.stdout)
        stream.write(text)
        stream.flush()

    def show(self, renderable: Any, *, wrap: bool = True) -> None:
        """A view for people on standard output; ``wrap=False`` leaves long lines whole."""
        self.out.print(renderable, soft_wrap=not wrap, highlight=False)

    def note(self, text: str) -> None:
        """A message for people on standard error."""
        self.err.print(text, markup=False, highlight=False, soft_wrap=True)

    def err_is_surely_not_a_terminal(self) -> bool:
        """True where Rich, asked, would also say that standard error is no terminal, told without
        making its console: standard error is not a TTY and neither ``TTY_COMPATIBLE`` nor
        ``FORCE_COLOR`` is set (when in doubt, False: ask ``err.is_terminal``)."""
        if self._err is not None or os.environ.get("TTY_COMPATIBLE") or "FORCE_COLOR" in os.environ:
            return False
        isatty = getattr(sys.stderr, "isatty", None)
        try:
            return isatty is None or not isatty()
        except ValueError:  # closed
            return True


def _standard_stream(stream: IO[str] | None) -> IO[str]:
    """The stream Rich would write to (the real one under a live display; a null sink for none)."""
    if stream is None:
        return io.StringIO()
    proxied: IO[str] = getattr(stream, "rich_proxied_file", stream)
    return proxied


PIPED_WIDTH = 80
"""The width of views written to a pipe, a file or a mail (unless ``COLUMNS`` says otherwise)."""


def _standard_output_console() -> Console:
    from wecare_cli.cli.terminal_console import TerminalConsole

    out = TerminalConsole(soft_wrap=False)
    if not out.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        out.width = PIPED_WIDTH
    return out


def make_consoles() -> Consoles:
    """Consoles that honour NO_COLOR and TERM=dumb (Rich does) and never wrap JSON.

    Both show the control characters of the text they print instead of sending them to the
    terminal, and read no markup in it (see :class:`~wecare_cli.cli.terminal_console.TerminalConsole`).
    Views are laid out for the width of the terminal standard output goes to: ``COLUMNS`` if
    set, else the terminal's own width, else (a pipe, a file, cron) 80 columns, whatever the
    terminal the command was typed in. Each console is made on first use.
    """
    return Consoles()


@contextmanager
def reading_progress(consoles: Consoles, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar of the files being read, on a terminal only (never in cron, nor with NO_COLOR)."""
    if (
        quiet
        or os.environ.get("NO_COLOR")
        or consoles.err_is_surely_not_a_terminal()
        or not consoles.err.is_terminal
        or consoles.err.is_dumb_terminal
    ):
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TimeElapsedColumn(),
        console=consoles.err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def advance(done: int, total: int, path: Path) -> None:
            bar.update(task, completed=done, total=total, description=path.name)

        yield advance
