"""Memory while a run builds many objects: the cyclic garbage collector paused, freed memory
given back to the system."""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Callable, Iterator
from functools import lru_cache


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, then restore it as it was.

    Reading 100,000 rows, checking them and writing their reports build millions of long-lived
    objects and no reference cycles: the collector would rescan them again and again (it costs a
    third of a large run) to free nothing. What the block builds is freed by reference counting,
    and any cycle is collected once the collector runs again. Nested pauses are harmless.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def return_freed_memory() -> None:
    """Give the system back the memory the C library keeps after a large block of it is freed.

    python-calamine's grid of a worksheet (about 250 MiB at 300,000 rows of 17 columns) is freed
    once its rows are built, but glibc keeps much of it inside the process, and Python's own
    arenas for small objects, mapped apart, never reuse it: checking the rows then grows the
    process by as much again. ``malloc_trim`` hands the free pages back. Measured on the
    300,000-row intake: the peak of ``wecare check`` 676 -> 631-634 MiB, of ``--format json``
    633-672 -> 635 MiB (two runs each). A C library without it (macOS, Windows, musl) does nothing.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the process's C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None
    return trim
