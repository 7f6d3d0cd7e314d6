"""A progress bar while reading, on a terminal only: never in cron, with NO_COLOR or --quiet."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from rich.console import Console

from wecare_cli.cli.console import Consoles, reading_progress
from wecare_cli.config import load_configuration
from wecare_cli.evaluation import check_files

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "domande-esempio.xlsx"
CHECK_TIME = datetime.fromisoformat("2026-11-22T09:00:00+01:00")


def consoles(terminal: bool) -> Consoles:
    stream = io.StringIO()
    return Consoles(
        out=Console(file=io.StringIO()),
        err=Console(file=stream, force_terminal=terminal, force_interactive=terminal),
    )


def test_reading_reports_each_file_to_the_progress_callback_and_gives_the_same_result() -> None:
    configuration = load_configuration(environ={})
    seen: list[tuple[int, int, str]] = []
    with_progress = check_files(
        [EXAMPLE, EXAMPLE], configuration, CHECK_TIME, progress=lambda d, t, p: seen.append((d, t, p.name))
    )
    without = check_files([EXAMPLE, EXAMPLE], configuration, CHECK_TIME)
    name = EXAMPLE.name
    assert seen == [(0, 2, name), (1, 2, name), (2, 2, name)]
    assert [v.row.position for v in with_progress.verdicts] == [v.row.position for v in without.verdicts]
    assert [v.status for v in with_progress.verdicts] == [v.status for v in without.verdicts]


@pytest.mark.parametrize(
    ("terminal", "quiet", "no_color", "shown"),
    [
        pytest.param(True, False, False, True, id="a terminal shows the bar"),
        pytest.param(False, False, False, False, id="cron and pipes show nothing"),
        pytest.param(True, True, False, False, id="--quiet shows nothing"),
        pytest.param(True, False, True, False, id="NO_COLOR shows nothing"),
    ],
)
def test_the_progress_bar_appears_only_on_an_interactive_terminal(
    monkeypatch: pytest.MonkeyPatch, terminal: bool, quiet: bool, no_color: bool, shown: bool
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    with reading_progress(consoles(terminal), quiet) as progress:
        assert (progress is not None) is shown
        if progress is not None:
            progress(0, 1, EXAMPLE)


@pytest.mark.parametrize("with_progress", [True, False], ids=["with a progress bar", "without"])
def test_the_reading_limits_hold_with_and_without_a_progress_bar(tmp_path: Path, with_progress: bool) -> None:
    from tests.ingest import hostile_files
    from wecare_cli.errors import InputFileError
    from wecare_cli.ingest.files import ReadLimits

    configuration = load_configuration(environ={})
    far = hostile_files.stray_value_workbook(tmp_path, "Z500")
    seen: list[str] = []
    progress = (lambda d, t, p: seen.append(p.name)) if with_progress else None
    with pytest.raises(InputFileError) as raised:
        check_files(
            [EXAMPLE, far], configuration, CHECK_TIME, progress=progress, limits=ReadLimits(max_cells=12_000)
        )
    assert raised.value.code == "sheet-too-large"
    assert seen == ([EXAMPLE.name, far.name] if with_progress else [])
    with pytest.raises(InputFileError) as raised:
        check_files(
            [EXAMPLE], configuration, CHECK_TIME, progress=progress, limits=ReadLimits(max_file_bytes=1000)
        )
    assert raised.value.code == "file-too-large"


@pytest.mark.skipif(shutil.which("script") is None, reason="no `script` command to give the run a terminal")
def test_a_run_at_a_terminal_shows_the_progress_bar_and_still_refuses_a_file_over_the_limits(
    tmp_path: Path,
) -> None:
    from tests.ingest import hostile_files

    far = hostile_files.stray_value_workbook(tmp_path, "XFD1048576")
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("WECARE_") and name not in ("NO_COLOR", "LC_ALL", "LC_MESSAGES")
    }
    # Under `script` the run's standard error is a terminal: the progress bar is on while it reads.
    command = f"{sys.executable} -m wecare_cli check {shlex.quote(str(far))} --as-of 2026-11-22"
    completed = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        env={**environment, "TERM": "xterm", "LANG": "C.UTF-8"},
        timeout=120,
        check=False,
    )
    output = completed.stdout.decode("utf-8", "replace")
    assert completed.returncode == 2, output
    assert "\x1b[?25l" in output  # the live progress bar was drawn
    assert "[sheet-too-large] lontano.xlsx: the sheet «Domande» reaches cell XFD1048576" in output
