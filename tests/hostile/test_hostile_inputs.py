"""Hostile and broken inputs through the whole `wecare check` and `rank`: a clear refusal or
findings, the right exit code, never a traceback, nothing lost and no half-written report."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ingest import sample_files
from wecare_cli.cli import app as cli_app
from wecare_cli.exit_codes import ExitCode

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        cli_app.main(args)
    captured = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


@pytest.mark.parametrize("name", sorted(sample_files.UNREADABLE))
def test_an_unreadable_file_is_refused_with_its_code_exit_2_and_no_report(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipe, code = sample_files.UNREADABLE[name]
    path = recipe(tmp_path)
    report = tmp_path / "graduatoria.xlsx"
    exit_code, out, err = run_main(["rank", str(path), "--output", str(report), "--quiet"], capsys)
    assert exit_code == ExitCode.CANNOT_RUN
    assert err.startswith(f"[{code}] {path.name}: ")
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err and out == ""
    assert not report.exists()


@pytest.mark.parametrize("name", sorted(sample_files.READABLE))
def test_a_readable_but_messy_file_accounts_for_every_row_and_never_exits_0_or_3_by_accident(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sample_files.READABLE[name](tmp_path)
    exit_code, out, err = run_main(["check", str(path), "--format", "json", "--as-of", "2026-11-22"], capsys)
    if exit_code == ExitCode.CANNOT_RUN:
        # Only a column the measures in the file need (Linea for FSE3) may stop a readable file.
        assert err.startswith(f"[column-missing] {path.name}: ") and "Linea" in err, err
        return
    assert exit_code in (ExitCode.OK, ExitCode.FINDINGS), err
    document = json.loads(out)
    positions = [(a["file"], a["sheet"], a["row"]) for a in document["applications"]]
    assert len(positions) == len(set(positions))
    read = sum(f["rows"] for f in document["summary"]["files"] if f["role"] == "applications")
    assert len(positions) == read
    assert all(a["status"] in ("eligible", "ineligible") for a in document["applications"])


def mutate(data: bytes, generator: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(generator.randint(1, 8)):
        kind = generator.random()
        position = generator.randrange(len(mutated))
        if kind < 0.5:
            mutated[position] = generator.randrange(256)
        elif kind < 0.75:
            del mutated[position : position + generator.randint(1, 64)]
        else:
            mutated[position:position] = bytes(
                generator.randrange(256) for _ in range(generator.randint(1, 16))
            )
    return bytes(mutated)


def test_damaged_copies_of_the_example_exit_1_or_2_and_never_show_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = random.Random(20261122)
    original = EXAMPLE.read_bytes()
    seen: set[int] = set()
    for attempt in range(40):
        damaged = tmp_path / f"danneggiato-{attempt}.xlsx"
        damaged.write_bytes(mutate(original, generator))
        exit_code, _, err = run_main(["check", str(damaged), "--quiet", "--as-of", "2026-11-22"], capsys)
        assert exit_code in (ExitCode.FINDINGS, ExitCode.CANNOT_RUN), (attempt, err)
        assert "Traceback" not in err
        seen.add(exit_code)
    assert seen == {ExitCode.FINDINGS, ExitCode.CANNOT_RUN} or seen == {ExitCode.CANNOT_RUN}


@pytest.mark.parametrize("command", ["check", "rank", "summary"])
def test_the_commands_run_in_cron_conditions_without_crashing_on_symbols(command: str) -> None:
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        "TERM": "dumb",
        "PYTHONIOENCODING": "cp1252",
        "WECARE_LANG": "it",
    }
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", command, str(EXAMPLE), "--as-of", "2026-11-22"],
        capture_output=True,
        env=environment,
        check=False,
    )
    assert completed.returncode in (ExitCode.OK, ExitCode.FINDINGS), completed.stderr
    assert b"Traceback" not in completed.stderr
    assert b"\x1b[" not in completed.stdout
    text = completed.stdout.decode("cp1252")
    assert "FSE1" in text
