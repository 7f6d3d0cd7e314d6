"""Damaged bytes: whatever a file holds, reading it gives an Intake or an InputFileError, nothing else."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli.errors import InputFileError
from wecare_cli.ingest import Intake, read_intake

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

MUTATIONS = 120


def _mutate(data: bytes, rng: random.Random) -> bytes:
    damaged = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        action = rng.choice(("flip", "cut", "insert", "zero"))
        position = rng.randrange(len(damaged)) if damaged else 0
        if action == "flip" and damaged:
            damaged[position] ^= 1 << rng.randrange(8)
        elif action == "cut":
            del damaged[position : position + rng.randint(1, 64)]
        elif action == "insert":
            damaged[position:position] = rng.randbytes(rng.randint(1, 16))
        elif damaged:
            damaged[position : position + 4] = b"\x00\x00\x00\x00"
    return bytes(damaged)


def _outcome(path: Path) -> Intake | InputFileError:
    try:
        return read_intake([path], zone=ROME)
    except InputFileError as error:
        return error


@pytest.mark.parametrize(
    "recipe",
    [sample_files.titled_workbook, sample_files.applications_csv_cp1252, sample_files.ods_workbook],
    ids=["xlsx", "csv", "ods"],
)
def test_randomly_damaged_files_never_raise_anything_but_input_file_error(
    recipe: Callable[[Path], Path], tmp_path: Path
) -> None:
    original = recipe(tmp_path)
    data = original.read_bytes()
    rng = random.Random(20191129)
    target = tmp_path / f"danneggiato{original.suffix}"
    for _ in range(MUTATIONS):
        target.write_bytes(_mutate(data, rng))
        outcome = _outcome(target)
        assert isinstance(outcome, Intake | InputFileError)


def test_damaged_xml_inside_a_valid_archive_never_raises_anything_but_input_file_error(
    tmp_path: Path,
) -> None:
    original = sample_files.titled_workbook(tmp_path)
    with zipfile.ZipFile(original) as archive:
        parts = {info.filename: archive.read(info.filename) for info in archive.infolist()}
    xml_parts = sorted(name for name in parts if name.endswith((".xml", ".rels")))
    rng = random.Random(20171220)
    target = tmp_path / "xml_danneggiato.xlsx"
    for _ in range(MUTATIONS):
        victim = rng.choice(xml_parts)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, _mutate(data, rng) if name == victim else data)
        outcome = _outcome(target)
        assert isinstance(outcome, Intake | InputFileError)
