"""The two consoles: data to standard output, messages to standard error."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from wecare_cli.evaluation import Progress


@dataclass(frozen=True)
class Consoles:
    """Where a command writes: ``out`` for data, ``err`` for messages (a renderer's sink)."""

    out: Console
    err: Console

    @property
    def ascii_only(self) -> bool:
        """Whether standard output cannot show characters outside ASCII (a cp1252 console)."""
        return not self.out.encoding.lower().startswith("utf")

    def write(self, text: str) -> None:
        """Machine-readable text to standard output, exactly as given."""
        self.out.file.write(text)
        self.out.file.flush()

    def show(self, renderable: Any, *, wrap: bool = True) -> None:
        """A view for people on standard output; ``wrap=False`` leaves long lines whole."""
        self.out.print(renderable, soft_wrap=not wrap, highlight=False)

    def note(self, text: str) -> None:
        """A message for people on standard error."""
        self.err.print(text, markup=False, highlight=False, soft_wrap=True)


PIPED_WIDTH = 80
"""The width of views written to a pipe, a file or a mail (unless ``COLUMNS`` says otherwise)."""


def make_consoles() -> Consoles:
    """Consoles that honour NO_COLOR and TERM=dumb (Rich does) and never wrap JSON.

    Both show the control characters of the text they print instead of sending them to the
    terminal, and read no markup in it (see :class:`~wecare_cli.cli.terminal_console.TerminalConsole`).
    Views are laid out for the width of the terminal standard output goes to: ``COLUMNS`` if
    set, else the terminal's own width, else (a pipe, a file, cron) 80 columns, whatever the
    terminal the command was typed in.
    """
    from wecare_cli.cli.terminal_console import TerminalConsole

    out = TerminalConsole(soft_wrap=False)
    if not out.is_terminal and not os.environ.get("COLUMNS", "").strip().isdigit():
        out.width = PIPED_WIDTH
    return Consoles(out=out, err=TerminalConsole(stderr=True, soft_wrap=True))


@contextmanager
def reading_progress(consoles: Consoles, quiet: bool) -> Iterator[Progress | None]:
    """A progress bar of the files being read, on a terminal only (never in cron, nor with NO_COLOR)."""
    if quiet or os.environ.get("NO_COLOR") or not consoles.err.is_terminal or consoles.err.is_dumb_terminal:
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
