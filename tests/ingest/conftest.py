"""Shared fixture of the ingest tests: reading one file in Rome time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest.positions import ROME
from wecare_cli.ingest import Intake, read_intake

Reader = Callable[..., Intake]


@pytest.fixture
def read() -> Reader:
    """``read(path, partners=None)``: read one applications file in Rome time."""

    def reading(path: Path, partners: Path | None = None) -> Intake:
        return read_intake([path], partners=partners, zone=ROME)

    return reading
