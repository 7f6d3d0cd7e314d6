"""Python's cyclic garbage collector, paused while a run builds many objects without cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


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
