"""The README's quick start works the way a fresh install does, and CI runs the README's test command.

The slow tests build the wheel (pip fetches the hatchling build backend), install it into a
folder of its own and run it from an empty folder, so nothing of the checkout can leak in.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"
CI_SCRIPT = REPO_ROOT / ".ci" / "run"
MAIN_COMMAND = "python3 -m pip install . && wecare check examples/domande-esempio.xlsx"
TEST_COMMAND = 'python3 -m pip install -e ".[test]" && python3 -m pytest'
CODES = ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]


def command_under(marker: str) -> str:
    """The fenced code block that follows an HTML comment marker in the README."""
    text = README.read_text(encoding="utf-8")
    assert text.count(f"<!-- {marker} -->") == 1
    match = re.search(rf"<!-- {re.escape(marker)} -->\n```\n(.*?)\n```\n", text, re.DOTALL)
    assert match is not None, marker
    return match.group(1)


def test_the_readme_quick_start_gives_the_main_command() -> None:
    assert command_under("main-command") == MAIN_COMMAND


def test_the_readme_quick_start_gives_the_test_command() -> None:
    assert command_under("test-command") == TEST_COMMAND


def test_ci_takes_the_test_command_from_the_readme_and_runs_it() -> None:
    script = CI_SCRIPT.read_text(encoding="utf-8")
    extraction = [line for line in script.splitlines() if line.startswith("test_command=$(")]
    assert len(extraction) == 1
    completed = subprocess.run(
        ["bash", "-c", f'{extraction[0]}\nprintf "%s" "$test_command"'],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    assert completed.stdout == TEST_COMMAND
    assert 'bash -euo pipefail -c "${test_command}"' in script


def test_ci_also_runs_ruff_and_mypy() -> None:
    checks = ("ruff check .", "ruff format --check .", "mypy")
    lines = [line.strip() for line in CI_SCRIPT.read_text(encoding="utf-8").splitlines()]
    assert [line for line in lines if line in checks] == list(checks)


# --- a fresh install of the wheel ---------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    """A wheel built from this checkout and installed into a folder of its own."""

    wheel: Path
    site: Path
    empty_folder: Path

    def run(
        self, args: Sequence[str], program: Sequence[str] | None = None
    ) -> subprocess.CompletedProcess[str]:
        environment = {key: value for key, value in os.environ.items() if not key.startswith("WECARE_")}
        environment["PYTHONPATH"] = str(self.site)
        environment["PYTHONIOENCODING"] = "utf-8"
        environment["COLUMNS"] = "200"
        return subprocess.run(
            [*(program or [sys.executable, "-m", "wecare_cli"]), *args],
            cwd=self.empty_folder,
            env=environment,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )


def pip(*args: str) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("fresh-install")
    wheels = root / "wheels"
    pip("wheel", ".", "--no-deps", "--quiet", "-w", str(wheels))
    (wheel,) = wheels.glob("wecare_cli-*.whl")
    site = root / "site"
    pip("install", "--no-deps", "--quiet", "--target", str(site), str(wheel))
    empty_folder = root / "empty"
    empty_folder.mkdir()
    return Installed(wheel=wheel, site=site, empty_folder=empty_folder)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["measures.yaml", "districts.csv"])
def test_the_wheel_ships_the_repository_configuration_byte_for_byte(installed: Installed, name: str) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        shipped = wheel.read(f"wecare_cli/data/{name}")
    assert shipped == (REPO_ROOT / name).read_bytes()


@pytest.mark.slow
def test_the_installed_package_is_the_one_that_runs(installed: Installed) -> None:
    completed = installed.run(["import wecare_cli; print(wecare_cli.__file__)"], [sys.executable, "-c"])
    assert completed.returncode == 0, completed.stderr
    assert (
        Path(completed.stdout.strip()).resolve() == (installed.site / "wecare_cli" / "__init__.py").resolve()
    )


@pytest.mark.slow
def test_a_fresh_install_lists_the_five_measures_from_the_shipped_copy(installed: Installed) -> None:
    completed = installed.run(["measures", "--format", "json", "--as-of", "2019-10-01"])
    assert completed.returncode == 0, completed.stderr
    measures = json.loads(completed.stdout)["measures"]
    assert [m["code"] for m in measures] == CODES
    assert sum(m["budget_eur"] for m in measures) == 20_000_000


@pytest.mark.slow
def test_a_fresh_install_reads_the_configuration_shipped_inside_the_package(installed: Installed) -> None:
    completed = installed.run(["config", "check", "--format", "json"])
    assert completed.returncode == 0, completed.stderr
    document = json.loads(completed.stdout)
    data = (installed.site / "wecare_cli" / "data").resolve()
    assert (document["measures_source"], document["districts_source"]) == ("shipped", "shipped")
    assert (document["measures_file"], document["districts_file"]) == ("measures.yaml", "districts.csv")
    for name in ("measures.yaml", "districts.csv"):
        assert document["sha256"][name] == hashlib.sha256((data / name).read_bytes()).hexdigest()
    assert (document["measures"], document["districts"]) == (5, 30)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pip writes wecare.exe on Windows")
def test_the_installed_wecare_script_runs_the_main_command(installed: Installed) -> None:
    completed = installed.run(["measures", "--as-of", "2019-10-01"], [str(installed.site / "bin" / "wecare")])
    assert completed.returncode == 0, completed.stderr
    assert "WE.CA.RE. measures on 01/10/2019" in completed.stdout
    assert "€20,000,000" in completed.stdout


@pytest.mark.slow
def test_a_fresh_install_checks_the_shipped_example_with_the_shipped_configuration(
    installed: Installed,
) -> None:
    example = REPO_ROOT / "examples" / "domande-esempio.xlsx"
    completed = installed.run(["check", str(example), "--format", "json", "--as-of", "2026-11-22"])
    assert completed.returncode == 1, completed.stderr
    document = json.loads(completed.stdout)
    assert len(document["applications"]) == 32
    assert document["summary"]["eligible"] == 8
    assert "Traceback" not in completed.stderr
