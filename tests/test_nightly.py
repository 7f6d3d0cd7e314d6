"""The README's nightly cron script works as written: reports archived, alerts on 1, 2 and changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "examples" / "nightly.sh"


def night(tmp_path: Path, inbox: Path) -> tuple[int, list[str], Path]:
    archive = tmp_path / "archivio"
    alerts = tmp_path / "alerts.txt"
    alert = tmp_path / "alert.sh"
    alert.write_text(f'#!/usr/bin/env bash\necho "$1" >> "{alerts}"\ncat > /dev/null\n', encoding="utf-8")
    alert.chmod(0o755)
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "WECARE_INBOX": str(inbox),
        "WECARE_ARCHIVE": str(archive),
        "WECARE_ALERT": str(alert),
        "TERM": "dumb",
    }
    completed = subprocess.run(
        ["bash", str(SCRIPT)], cwd=tmp_path, env=environment, capture_output=True, text=True, check=False
    )
    sent = alerts.read_text(encoding="utf-8").splitlines() if alerts.exists() else []
    return completed.returncode, sent, archive


def test_the_nightly_run_archives_the_reports_and_alerts_on_ineligible_applications(tmp_path: Path) -> None:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    shutil.copy(ROOT / "examples" / "domande-esempio.xlsx", inbox)
    code, sent, archive = night(tmp_path, inbox)
    assert code == 1
    assert len(sent) == 1 and sent[0].startswith("wecare: ineligible applications")
    names = sorted(p.name.split("-20")[0] for p in archive.iterdir() if not p.name.startswith("."))
    assert names == ["errori", "graduatoria", "graduatoria", "rilievi"]
    ranking = next(archive.glob("graduatoria-*.json"))
    assert json.loads(ranking.read_text(encoding="utf-8"))["rankings"]


def previous_night(archive: Path, change: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Tonight's ranking archived as an earlier night's, changed by ``change``."""
    tonight = next(archive.glob("graduatoria-*.json"))
    document = json.loads(tonight.read_text(encoding="utf-8"))
    if change is not None:
        change(document)
    (archive / "graduatoria-2000-01-01.json").write_text(json.dumps(document), encoding="utf-8")


def second_night(tmp_path: Path, inbox: Path, change: Callable[[dict[str, Any]], None] | None) -> list[str]:
    night(tmp_path, inbox)
    previous_night(tmp_path / "archivio", change)
    (tmp_path / "alerts.txt").unlink()
    _, sent, _ = night(tmp_path, inbox)
    return [s.split(" (")[0] for s in sent]


def example_inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    shutil.copy(ROOT / "examples" / "domande-esempio.xlsx", inbox)
    return inbox


def test_the_same_ineligible_applications_as_the_previous_night_raise_no_alert(tmp_path: Path) -> None:
    assert second_night(tmp_path, example_inbox(tmp_path), None) == []
    archive = tmp_path / "archivio"
    assert not list(archive.glob("modifiche-*.txt"))  # nothing changed: nothing to read either


def test_an_application_ineligible_since_the_previous_night_is_alerted_with_what_changed(
    tmp_path: Path,
) -> None:
    def without_the_first_ineligible(document: dict[str, Any]) -> None:
        document["ineligible"] = document["ineligible"][1:]

    sent = second_night(tmp_path, example_inbox(tmp_path), without_the_first_ineligible)
    assert sent == ["wecare: 1 new ineligible application(s)"]
    changes = next((tmp_path / "archivio").glob("modifiche-*.txt")).read_text(encoding="utf-8")
    assert "FSE1-002" in changes


def test_a_changed_grant_is_alerted_as_a_changed_ranking(tmp_path: Path) -> None:
    def granted_less(document: dict[str, Any]) -> None:
        funded = document["rankings"][0]["applications"][0]
        funded["granted"] = funded["granted"] - 1000

    sent = second_night(tmp_path, example_inbox(tmp_path), granted_less)
    assert sent == ["wecare: the ranking changed"]


def test_a_night_that_could_not_run_leaves_no_ranking_to_compare_with(tmp_path: Path) -> None:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    (inbox / "rotto.xlsx").write_bytes(b"<html>not a workbook</html>")
    night(tmp_path, inbox)
    assert not list((tmp_path / "archivio").glob("graduatoria-*.json"))


def test_the_nightly_run_alerts_when_it_cannot_run(tmp_path: Path) -> None:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    (inbox / "rotto.xlsx").write_bytes(b"<html>not a workbook</html>")
    code, sent, archive = night(tmp_path, inbox)
    assert code == 2
    assert len(sent) == 1 and sent[0].startswith("wecare: the nightly run could not run (exit 2")
    errors = next(archive.glob("errori-*.txt")).read_text(encoding="utf-8")
    assert "rotto.xlsx" in errors
