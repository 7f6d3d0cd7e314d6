"""`wecare diff` on the command line: exit codes 0/1/2, JSON on standard output, messages on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner, Result

from tests.diff.runs import application, check_files, rank_files
from wecare_cli.cli.app import app
from wecare_cli.config import Configuration
from wecare_cli.exit_codes import ExitCode


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["diff", *map(str, args)], env={"COLUMNS": "120"})


def test_two_identical_runs_exit_0_and_say_nothing_changed(
    tmp_path: Path, configuration: Configuration
) -> None:
    rows = [application(4, "A")]
    old, new = rank_files(tmp_path, configuration, rows, rows)
    result = invoke(old, new, "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["changed"] is False
    assert result.stderr == ""


def test_a_changed_verdict_exits_1_with_the_change_as_json_on_standard_output(
    tmp_path: Path, configuration: Configuration
) -> None:
    old, new = check_files(
        tmp_path, configuration, [application(4, "A")], [application(4, "A", applicant_type="comune")]
    )
    result = invoke(old, new, "--format", "json")
    assert result.exit_code == ExitCode.FINDINGS
    document = json.loads(result.stdout)
    assert (document["kind"], document["old"], document["new"], document["changed"]) == (
        "check",
        old.name,
        new.name,
        True,
    )
    assert [(c["application_id"], c["codes_added"]) for c in document["verdict_changes"]] == [
        ("A", ["applicant-type-not-allowed"])
    ]
    assert result.stderr == ""


def test_the_table_is_in_italian_with_lang_it(tmp_path: Path, configuration: Configuration) -> None:
    old, new = rank_files(
        tmp_path, configuration, [application(4, "A")], [application(4, "A", applicant_type="comune")]
    )
    result = invoke(old, new, "--lang", "it")
    assert result.exit_code == ExitCode.FINDINGS
    assert f"Modifiche da {old.name} a {new.name} (graduatorie)" in result.stdout
    assert "Esiti cambiati (1)" in result.stdout
    assert "finanziata" in result.stdout
    assert "Contributi concessi cambiati (1)" in result.stdout
    assert "+applicant-type-not-allowed" in result.stdout


def test_unchanged_runs_print_one_line_in_the_table_format(
    tmp_path: Path, configuration: Configuration
) -> None:
    rows = [application(4, "A")]
    old, new = check_files(tmp_path, configuration, rows, rows)
    result = invoke(old, new)
    assert result.exit_code == ExitCode.OK
    assert result.stdout == f"No changes from {old.name} to {new.name} (check results).\n"


def test_applications_paired_by_position_are_announced_on_standard_error(
    tmp_path: Path, configuration: Configuration
) -> None:
    rows = [application(4, None)]
    old, new = check_files(tmp_path, configuration, rows, rows)
    result = invoke(old, new, "--format", "json")
    assert result.exit_code == ExitCode.OK
    assert json.loads(result.stdout)["matched_by_position"] == 1
    assert result.stderr == "Applications with a missing or repeated id, matched by file, sheet and row: 1.\n"


def test_quiet_prints_nothing_and_keeps_the_exit_code(tmp_path: Path, configuration: Configuration) -> None:
    old, new = check_files(tmp_path, configuration, [application(4, "A")], [])
    result = invoke(old, new, "--quiet")
    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.FINDINGS, "", "")


def test_invalid_json_exits_2_naming_the_file(tmp_path: Path, configuration: Configuration) -> None:
    old, _ = check_files(tmp_path, configuration, [application(4, "A")], [])
    broken = tmp_path / "oggi.json"
    broken.write_text("not json", encoding="utf-8")
    result = invoke(old, broken, "--format", "json")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert result.stdout == ""
    assert result.stderr == (
        f"{broken}: not valid JSON (Expecting value: line 1 column 1 (char 0)). "
        "Give the output of wecare check or wecare rank --format json.\n"
    )


def test_a_check_result_against_a_ranking_exits_2_in_the_officers_language(
    tmp_path: Path, configuration: Configuration
) -> None:
    rows = [application(4, "A")]
    check, _ = check_files(tmp_path, configuration, rows, rows)
    _, ranking = rank_files(tmp_path, configuration, rows, rows)
    result = invoke(check, ranking, "--lang", "it")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert result.stdout == ""
    assert result.stderr == (
        f"{check} è un risultato di wecare check e {ranking} di wecare rank: "
        "confronta due risultati dello stesso comando.\n"
    )


def test_a_real_process_on_a_cp1252_console_without_a_terminal_prints_the_table(
    tmp_path: Path, configuration: Configuration
) -> None:
    old, new = rank_files(
        tmp_path,
        configuration,
        [application(4, "A"), application(5, None)],
        [application(4, "A", applicant_type="comune"), application(5, None), application(6, "Nuova «è»")],
    )
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "TERM": "dumb", "NO_COLOR": "1", "WECARE_LANG": "it"}
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", "diff", str(old), str(new)],
        capture_output=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert completed.returncode == ExitCode.FINDINGS, completed.stderr
    stdout = completed.stdout.decode("cp1252")
    assert "Domande nuove (1)" in stdout
    assert "Nuova «è»" in stdout
    assert "\x1b[" not in stdout
    assert "Traceback" not in completed.stderr.decode("cp1252")
    assert completed.stderr.decode("cp1252") == (
        "Domande con codice mancante o ripetuto, abbinate per file, foglio e riga: 1.\n"
    )
