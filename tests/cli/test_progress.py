"""A progress bar while reading, on a terminal only: never in cron, with NO_COLOR or --quiet."""

from __future__ import annotations

import io
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
