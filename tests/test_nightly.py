"""The README's nightly cron script works as written: reports archived, alerts on 1, 2 and changes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

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


def test_the_nightly_run_alerts_when_the_ranking_changed_since_the_previous_night(tmp_path: Path) -> None:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    shutil.copy(ROOT / "examples" / "domande-esempio.xlsx", inbox)
    night(tmp_path, inbox)
    archive = tmp_path / "archivio"
    today = next(archive.glob("graduatoria-*.json"))
    previous = json.loads(today.read_text(encoding="utf-8"))
    previous["ineligible"] = previous["ineligible"][1:]
    (archive / "graduatoria-2000-01-01.json").write_text(json.dumps(previous), encoding="utf-8")
    (tmp_path / "alerts.txt").unlink()
    _, sent, _ = night(tmp_path, inbox)
    assert [s.split(" (")[0] for s in sent] == [
        "wecare: ineligible applications",
        "wecare: the ranking changed",
    ]


def test_the_nightly_run_alerts_when_it_cannot_run(tmp_path: Path) -> None:
    inbox = tmp_path / "domande"
    inbox.mkdir()
    (inbox / "rotto.xlsx").write_bytes(b"<html>not a workbook</html>")
    code, sent, archive = night(tmp_path, inbox)
    assert code == 2
    assert len(sent) == 1 and sent[0].startswith("wecare: the nightly run could not run (exit 2")
    errors = next(archive.glob("errori-*.txt")).read_text(encoding="utf-8")
    assert "rotto.xlsx" in errors
