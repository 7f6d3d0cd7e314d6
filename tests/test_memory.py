"""The collector paused while a run builds its objects, and freed memory given back to the system."""

from __future__ import annotations

import ctypes
import gc
import platform
import sys
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli import memory
from wecare_cli.ingest import read_intake


@pytest.fixture(autouse=True)
def fresh_lookup() -> Iterator[None]:
    """Each test finds malloc_trim (or its absence) anew, and leaves the next one to do the same."""
    memory._malloc_trim.cache_clear()
    yield
    memory._malloc_trim.cache_clear()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_the_block_and_left_as_it_was_after(enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        with memory.collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_reading_an_intake_gives_the_freed_memory_back_once_its_rows_are_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[int, bool]] = []

    def trim(pad: int) -> int:
        calls.append((pad, gc.isenabled()))
        return 1

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", lambda name: SimpleNamespace(malloc_trim=trim))
    intake = read_intake([sample_files.titled_workbook(tmp_path)], zone=ROME)
    assert intake.applications
    assert calls == [(0, gc.isenabled())]  # once, after reading, with the collector as it was


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_with_glibc_the_freed_memory_is_given_back_through_malloc_trim() -> None:
    trim = memory._malloc_trim()
    assert trim is not None
    memory.return_freed_memory()  # the real call: it must not fail


def test_off_linux_giving_freed_memory_back_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert memory._malloc_trim() is None
    memory.return_freed_memory()


@pytest.mark.parametrize("missing", [OSError("no C library"), AttributeError("malloc_trim")])
def test_a_c_library_without_malloc_trim_gives_nothing_back_and_raises_nothing(
    monkeypatch: pytest.MonkeyPatch, missing: Exception
) -> None:
    def without(name: object) -> object:
        raise missing

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(ctypes, "CDLL", without)
    assert memory._malloc_trim() is None
    memory.return_freed_memory()
