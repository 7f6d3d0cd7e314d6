"""Signals during `wecare rank --output` of a large intake: SIGTERM, Ctrl-C and a closed terminal
leave no temporary file beside the report nor in the system's temporary folder, and the old
report intact; after a kill -9, the next run of the same report removes what was left; a second
run on the report being written is told at once.

Each run is a real process. It is held, deterministically, in the middle of writing the
workbook (xlsxwriter's constant_memory files already on disk) until the test's signal arrives:
a pause in xlsxwriter's writing of a row's XML, announced by a file, stands for "a big report takes a
while to write"; no timing is assumed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reports.output_recipes import large_intake, wecare_report
from wecare_cli.exit_codes import ExitCode

PAUSED_RUN = """
import sys, time
from pathlib import Path

import xlsxwriter.worksheet

announce = Path(sys.argv[1])
write_row = xlsxwriter.worksheet.Worksheet._write_row
calls = 0


def write_and_pause(self, *args, **kwargs):
    global calls
    calls += 1
    if calls == 3_000:
        announce.touch()
        while True:
            time.sleep(0.05)
    return write_row(self, *args, **kwargs)


xlsxwriter.worksheet.Worksheet._write_row = write_and_pause
from wecare_cli.cli.app import main

main(sys.argv[2:])
"""
APPLICATIONS = 6000
"""Enough for the paused write to be well into the graduatoria, with data files on disk."""
WAIT_FOR_THE_WRITE = 300.0
"""Seconds before giving up on a run that never reaches its pause (a hang guard, not a measure)."""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with a large intake, wecare's earlier report of it and an empty TMPDIR."""
    large_intake(tmp_path, APPLICATIONS)
    wecare_report(tmp_path / "graduatoria.xlsx", text="the previous graduatoria")
    (tmp_path / "tmp").mkdir()
    return tmp_path


def _signals_as_from_a_terminal() -> None:
    for stop in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, signal.SIG_DFL)


def paused_rank(folder: Path, *options: str, lang: str = "en") -> subprocess.Popen[str]:
    """Start `wecare rank domande.csv --output graduatoria.xlsx` and wait until it is writing."""
    announce = folder / "writing"
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            PAUSED_RUN,
            str(announce),
            "rank",
            "domande.csv",
            "-o",
            "graduatoria.xlsx",
            *options,
        ],
        cwd=folder,
        env={**os.environ, "LANG": "C.UTF-8", "WECARE_LANG": lang, "TMPDIR": str(folder / "tmp")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        # As from a terminal, whatever started the tests: under nohup SIGHUP would be inherited
        # as ignored, and a run started so keeps it ignored (as it should).
        preexec_fn=_signals_as_from_a_terminal,
    )
    deadline = time.monotonic() + WAIT_FOR_THE_WRITE
    while not announce.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the run ended before writing: {process.communicate()[1]}")
        time.sleep(0.05)
    announce.unlink()
    return process


def beside_the_report(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def working_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if ".wecare-" in p.name]


EVERYTHING_ELSE = [".graduatoria.xlsx.lock", "domande.csv", "graduatoria.xlsx", "tmp"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop", "exit_code", "lang", "message"),
    [
        (
            signal.SIGTERM,
            128 + signal.SIGTERM,
            "en",
            "Interrupted: the run stopped and left no report half written.\n",
        ),
        (
            signal.SIGINT,
            130,
            "it",
            "Interrotto: l'esecuzione si è fermata e non ha lasciato report scritti a metà.\n",
        ),
        (
            signal.SIGHUP,
            128 + signal.SIGHUP,
            "en",
            "Interrupted: the run stopped and left no report half written.\n",
        ),
    ],
    ids=["sigterm", "ctrl-c", "terminal-closed"],
)
def test_a_signal_while_writing_leaves_no_temporary_file_and_the_old_report_intact(
    folder: Path, stop: signal.Signals, exit_code: int, lang: str, message: str
) -> None:
    before = (folder / "graduatoria.xlsx").read_bytes()
    process = paused_rank(folder, "--quiet", lang=lang)
    assert [p.name for p in working_files(folder)]  # the write was under way, beside the report
    os.kill(process.pid, stop)
    _, errors = process.communicate(timeout=WAIT_FOR_THE_WRITE)
    assert (process.returncode, errors) == (exit_code, message)
    assert beside_the_report(folder) == EVERYTHING_ELSE
    assert list((folder / "tmp").iterdir()) == []
    assert (folder / "graduatoria.xlsx").read_bytes() == before


@pytest.mark.slow
def test_what_a_kill_9_leaves_is_beside_the_report_only_and_the_next_run_removes_it(folder: Path) -> None:
    before = (folder / "graduatoria.xlsx").read_bytes()
    process = paused_rank(folder, "--quiet")
    process.kill()
    process.communicate(timeout=WAIT_FOR_THE_WRITE)
    (left,) = working_files(folder)
    assert any(left.iterdir())  # the workbook and xlsxwriter's data files, all in one folder
    assert list((folder / "tmp").iterdir()) == []
    assert (folder / "graduatoria.xlsx").read_bytes() == before

    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", "rank", "domande.csv", "--quiet", "-o", "graduatoria.xlsx"],
        cwd=folder,
        env={**os.environ, "LANG": "C.UTF-8", "TMPDIR": str(folder / "tmp")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode in (ExitCode.OK, ExitCode.FINDINGS), completed.stderr
    assert beside_the_report(folder) == EVERYTHING_ELSE
    assert (folder / "graduatoria.xlsx").read_bytes() != before


@pytest.mark.slow
def test_a_second_run_on_the_report_another_run_is_writing_is_told_at_once(folder: Path) -> None:
    first = paused_rank(folder, "--quiet")
    try:
        # Its input is not even there: the lock is found taken before anything is read.
        second = subprocess.run(
            [sys.executable, "-m", "wecare_cli", "rank", "manca.csv", "-o", "./graduatoria.xlsx"],
            cwd=folder,
            env={**os.environ, "LANG": "C.UTF-8", "TMPDIR": str(folder / "tmp")},
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        first.kill()
        first.communicate(timeout=WAIT_FOR_THE_WRITE)
    assert second.returncode == ExitCode.CANNOT_RUN
    assert second.stderr == (
        "[output-busy] graduatoria.xlsx: another wecare run is writing this report "
        "(lock .graduatoria.xlsx.lock): wait for it to finish, then run again\n"
    )
