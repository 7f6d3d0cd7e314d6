"""No report carries a path of the machine it was made on: file names and SHA-256 only."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.ingest.sample_files import application, applications_sheet, write_workbook
from wecare_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str]]:
    """An intake and an own configuration, all given by absolute paths from another folder."""
    inbox = tmp_path / "ufficio" / "bandi" / "2026"
    inbox.mkdir(parents=True)
    write_workbook(inbox / "domande.xlsx", [applications_sheet([application(1), application(2)])])
    for name in ("measures.yaml", "districts.csv"):
        shutil.copy(ROOT / name, inbox / name)
    elsewhere = tmp_path / "altrove"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    configuration = ["--measures", str(inbox / "measures.yaml"), "--districts", str(inbox / "districts.csv")]
    return inbox, configuration


def invoke(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def workbook_text(path: Path) -> str:
    """Every cell of every sheet (the hidden ones too)."""
    book = load_workbook(path)
    return "\n".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


def test_the_json_of_check_names_the_files_and_their_hashes(folders: tuple[Path, list[str]]) -> None:
    inbox, configuration = folders
    document = invoke("check", str(inbox / "domande.xlsx"), *AS_OF, "--format", "json", *configuration)
    assert str(inbox.parent) not in document
    files = json.loads(document)["summary"]["files"]
    digest = hashlib.sha256((inbox / "domande.xlsx").read_bytes()).hexdigest()
    assert [(f["path"], f["sha256"]) for f in files] == [("domande.xlsx", digest)]


def test_the_json_of_rank_diff_and_config_check_hold_no_path(folders: tuple[Path, list[str]]) -> None:
    inbox, configuration = folders
    ranking = invoke("rank", str(inbox / "domande.xlsx"), *AS_OF, "--format", "json", *configuration)
    assert str(inbox.parent) not in ranking
    (inbox / "ieri.json").write_text(ranking, encoding="utf-8")
    (inbox / "oggi.json").write_text(ranking, encoding="utf-8")
    changes = invoke("diff", str(inbox / "ieri.json"), str(inbox / "oggi.json"), "--format", "json")
    assert (json.loads(changes)["old"], json.loads(changes)["new"]) == ("ieri.json", "oggi.json")
    checked = json.loads(invoke("config", "check", "--format", "json", *configuration))
    assert (checked["measures_file"], checked["measures_source"]) == ("measures.yaml", "option")
    assert str(inbox.parent) not in json.dumps(checked)
    for view in (
        invoke("config", "check", *configuration),
        invoke("diff", str(inbox / "ieri.json"), str(inbox / "oggi.json")),
    ):
        assert str(inbox.parent) not in view


@pytest.mark.parametrize("command", ["check", "rank", "summary"])
def test_the_workbooks_and_their_legend_name_the_files_without_their_folders(
    command: str, folders: tuple[Path, list[str]]
) -> None:
    inbox, configuration = folders
    report = inbox / f"{command}-report.xlsx"
    invoke(command, str(inbox / "domande.xlsx"), *AS_OF, "--output", str(report), "--quiet", *configuration)
    cells = workbook_text(report)
    assert str(inbox.parent) not in cells
    if command != "summary":
        assert "domande.xlsx" in cells
        assert hashlib.sha256((inbox / "measures.yaml").read_bytes()).hexdigest() in cells
