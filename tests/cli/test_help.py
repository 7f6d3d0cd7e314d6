"""Every command explains itself with an example, and asking for help stays fast."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.core import TyperGroup
from typer.testing import CliRunner

from wecare_cli.cli.app import app

HEAVY_MODULES = ("pandas", "openpyxl", "numpy", "xlsxwriter", "python_calamine")
"""Spreadsheet libraries: only the commands that read or write workbooks may import them."""


def command_paths() -> list[tuple[str, ...]]:
    """Every command and subcommand of ``wecare`` (the root included), found by walking the tree."""
    paths: list[tuple[str, ...]] = []

    def walk(command: object, path: tuple[str, ...]) -> None:
        paths.append(path)
        if isinstance(command, TyperGroup):
            for name, child in command.commands.items():
                walk(child, (*path, name))

    walk(typer.main.get_command(app), ())
    return paths


def test_the_command_tree_has_the_configuration_commands() -> None:
    assert {
        (),
        ("measures",),
        ("measures", "show"),
        ("districts",),
        ("config",),
        ("config", "check"),
        ("init",),
    } <= set(command_paths())


@pytest.mark.parametrize("path", command_paths(), ids=lambda path: " ".join(("wecare", *path)))
def test_every_command_help_shows_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: {' '.join(('wecare', *path))} ")
    example = [line.strip() for line in result.stdout.splitlines() if line.strip().startswith("Example:")]
    assert len(example) == 1
    assert example[0].startswith(f"Example: wecare {' '.join(path)}".rstrip())


def test_the_root_help_lists_the_exit_codes() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"})
    assert "Exit codes: 0 ok;" in result.stdout
    assert "3 internal error." in result.stdout


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["measures", "--help"], ["config", "check", "--help"], ["--version"]],
    ids=["wecare --help", "wecare measures --help", "wecare config check --help", "wecare --version"],
)
def test_help_and_version_do_not_import_the_spreadsheet_libraries(argv: list[str]) -> None:
    # A fresh interpreter: this test process has long since imported everything.
    program = (
        "import json, sys\n"
        "from wecare_cli.cli.app import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write(json.dumps([m for m in {HEAVY_MODULES!r} if m in sys.modules]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=60, check=False
    )
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stderr) == []
    assert completed.stdout != ""


CHECK_NEEDS_NOT = (
    "pandas",
    "numpy",
    "openpyxl",
    "wecare_cli.ranking",
    "wecare_cli.diff",
    "wecare_cli.summary",
    "stdnum",
    "pydoc",
    "ssl",
)
"""What a check of the example to standard output never imports: the analyst frames, the ranking,
diff and summary, and python-stdnum with the pydoc and ssl it brings in (it reads only a
16-character codice fiscale; the example's tax codes are all partite IVA)."""


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_check_imports_neither_pandas_nor_the_ranking_nor_diff(output_format: str) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "domande-esempio.xlsx"
    argv = ["check", str(example), "--as-of", "2026-11-22", "--format", output_format]
    program = (
        "import json, sys\n"
        "from wecare_cli.cli.app import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        f"sys.stderr.write(json.dumps([m for m in {CHECK_NEEDS_NOT!r} if m in sys.modules]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False
    )
    assert json.loads(completed.stderr.splitlines()[-1]) == [], completed.stderr
    assert "FSE1-002" in completed.stdout


def test_every_result_named_among_the_renderers_is_a_class_of_that_name() -> None:
    from importlib import import_module

    from wecare_cli.reports.rendering import RENDERERS

    for qualified in RENDERERS:
        module, _, name = qualified.rpartition(".")
        assert isinstance(getattr(import_module(module), name), type), qualified


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_a_check_to_json_or_csv_imports_neither_rich_nor_the_yaml_reader_once_its_configuration_is_cached(
    output_format: str,
) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "domande-esempio.xlsx"
    argv = ["check", str(example), "--as-of", "2026-11-22", "--format", output_format]
    program = (
        "import json, sys\n"
        "from wecare_cli.cli.app import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = {m.partition('.')[0] for m in sys.modules}\n"
        "sys.stderr.write(json.dumps(sorted(loaded & {'rich', 'yaml'})))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], capture_output=True, text=True, timeout=120, check=False
        )
        for _ in range(2)  # the first may fill the cache
    ]
    assert json.loads(runs[1].stderr.splitlines()[-1]) == [], runs[1].stderr
    assert "FSE1-002" in runs[1].stdout
    assert runs[1].stdout == runs[0].stdout
