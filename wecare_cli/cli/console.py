"""The two consoles: data to standard output, messages to standard error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@dataclass(frozen=True)
class Consoles:
    """Where a command writes: ``out`` for data, ``err`` for messages."""

    out: Console
    err: Console


def make_consoles() -> Consoles:
    """Consoles that honour NO_COLOR and TERM=dumb (Rich does) and never wrap JSON."""
    from rich.console import Console

    return Consoles(out=Console(soft_wrap=False), err=Console(stderr=True, soft_wrap=True))


def write_data(consoles: Consoles, document: str) -> None:
    """Write machine-readable text to standard output exactly as given."""
    consoles.out.file.write(document)
    consoles.out.file.flush()
