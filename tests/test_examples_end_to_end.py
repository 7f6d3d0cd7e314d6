"""The shipped example, end to end: its check and ranking JSON match the golden files.

To refresh the golden files after a deliberate change, run the tests with
``WECARE_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wecare_cli.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = Path("examples") / "domande-esempio.xlsx"
AS_OF = "2026-11-22"


def run_json(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        app, [*args, str(EXAMPLE), "--format", "json", "--as-of", AS_OF, "--lang", "en"]
    )
    return result.exit_code, result.stdout


def agrees_with_golden(document: str, golden: Path) -> None:
    if os.environ.get("WECARE_UPDATE_GOLDEN"):
        golden.write_text(document, encoding="utf-8")
    assert json.loads(document) == json.loads(golden.read_text(encoding="utf-8"))
    assert document == golden.read_text(encoding="utf-8")


def test_the_example_check_matches_its_golden_json(monkeypatch: pytest.MonkeyPatch) -> None:
    code, document = run_json(monkeypatch, "check")
    assert code == 1
    agrees_with_golden(document, ROOT / "examples" / "domande-esempio.check.json")


def test_the_example_ranking_matches_its_golden_json(monkeypatch: pytest.MonkeyPatch) -> None:
    code, document = run_json(monkeypatch, "rank")
    assert code == 1
    agrees_with_golden(document, ROOT / "examples" / "domande-esempio.rank.json")


def test_every_rule_of_the_check_is_exercised_by_the_example(monkeypatch: pytest.MonkeyPatch) -> None:
    _, document = run_json(monkeypatch, "check")
    codes = set(json.loads(document)["summary"]["by_code"])
    rules = {
        "deadline-missed",
        "submitted-before-opening",
        "applicant-type-not-allowed",
        "partnership-missing-third-sector",
        "third-sector-partner-over-limit",
        "district-unknown",
        "district-duplicate-application",
        "amount-out-of-range",
        "cofinancing-below-minimum",
        "requested-exceeds-total-cost",
        "tax-code-invalid",
        "tax-code-stored-as-number",
        "measure-unknown",
        "line-unknown",
        "duplicate-application",
        "missing-value",
        "invalid-date",
        "invalid-amount",
        "invalid-value",
    }
    assert rules - codes == set()


def test_every_row_of_the_example_is_accounted_for_once(monkeypatch: pytest.MonkeyPatch) -> None:
    _, check = run_json(monkeypatch, "check")
    _, rank = run_json(monkeypatch, "rank")
    applications = json.loads(check)["applications"]
    assert [a["row"] for a in applications] == list(range(4, 4 + 32))
    ranking = json.loads(rank)
    placed = [a["row"] for r in ranking["rankings"] for a in r["applications"]]
    placed += [a["row"] for a in ranking["ineligible"]]
    assert sorted(placed) == list(range(4, 4 + 32))


def test_the_same_inputs_give_the_same_json_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_json(monkeypatch, "rank") == run_json(monkeypatch, "rank")


def test_the_readme_main_command_runs_the_check_on_the_example_from_an_installed_package() -> None:
    """The README's first command ends with this exact invocation; here it runs as a process."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 -m pip install . && wecare check examples/domande-esempio.xlsx" in readme
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", "check", str(EXAMPLE)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "120"},
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert "FSE1-001" in completed.stdout
    assert "Traceback" not in completed.stderr
