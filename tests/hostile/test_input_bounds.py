"""Inputs built to exhaust memory or time, or to change data silently, through the whole CLI.

Each one ends in exit 2 with its code, the file named and what to do, within a 1.5 GiB address
space where memory is the point, and never in exit 3, a traceback or a hang.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.bounded import run_capped
from tests.ingest import hostile_files
from wecare_cli.cli import app as cli_app
from wecare_cli.exit_codes import ExitCode

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

AS_OF = ["--as-of", "2026-11-22"]


def refused(outcome_err: str, code: str, name: str) -> str:
    """The one line of a refusal: ``[code] name: message``; returns the message."""
    lines = outcome_err.strip().splitlines()
    assert len(lines) == 1, outcome_err
    assert lines[0].startswith(f"[{code}] {name}: "), outcome_err
    assert "Traceback" not in outcome_err
    return lines[0].split(": ", 1)[1]


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        cli_app.main(args)
    captured = capsys.readouterr()
    code = stopped.value.code
    return (code if isinstance(code, int) else 0), captured.out, captured.err


# --- a stray value far away -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "cells"),
    [
        ("XFD1048576", "17 179 869 184"),
        ("AZ1048576", "54 525 952"),
        ("ZZ100000", "70 200 000"),
        ("L1048576", "17 825 792"),
    ],
)
def test_a_stray_value_far_from_the_data_is_refused_before_the_sheet_is_parsed(
    tmp_path: Path, cell: str, cells: str
) -> None:
    path = hostile_files.stray_value_workbook(tmp_path, cell)
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "sheet-too-large", path.name)
    assert f"{cells} cells from A1" in message
    assert "more than the 4 000 000 that are read safely (WECARE_MAX_CELLS)" in message
    assert cell in message.split("The values farthest from A1 are in ")[1]
    assert outcome.out == ""


def test_a_formatted_but_empty_far_cell_does_not_make_the_sheet_large(tmp_path: Path) -> None:
    path = hostile_files.styled_far_cell_workbook(tmp_path)
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code in (ExitCode.OK, ExitCode.FINDINGS), outcome.err
    assert [a["row"] for a in json.loads(outcome.out)["applications"]] == [2, 3]


def test_raising_the_cell_limit_reads_a_sheet_that_reaches_further(tmp_path: Path) -> None:
    path = hostile_files.stray_value_workbook(tmp_path, "R300000")
    assert run_capped(["check", path, "--quiet", *AS_OF]).code == ExitCode.CANNOT_RUN
    outcome = run_capped(
        ["check", path, "--format", "json", *AS_OF], environment={"WECARE_MAX_CELLS": "6000000"}
    )
    assert outcome.code == ExitCode.FINDINGS, outcome.err
    # Nothing is lost: the stray value is a row of its own, far below.
    assert [a["row"] for a in json.loads(outcome.out)["applications"]] == [2, 3, 300_000]


# --- references past the grid ---------------------------------------------------------------


@pytest.mark.parametrize("row", [2**32 + 2, 2**64 + 2, 1_048_577])
def test_a_cell_reference_past_the_grid_is_refused_and_never_read_as_another_cell(
    tmp_path: Path, row: int
) -> None:
    path = hostile_files.reference_past_grid_workbook(tmp_path, row)
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "cell-reference-invalid", path.name)
    assert message.startswith(f"the sheet «Domande» has the cell reference «A{row}», which is not a cell")
    assert "B99" not in outcome.out and outcome.out == ""


# --- OpenDocument repetitions ---------------------------------------------------------------


def test_an_ods_row_repeated_a_million_times_is_refused_before_it_is_expanded(tmp_path: Path) -> None:
    path = hostile_files.ods_repeated_rows(tmp_path)
    assert path.stat().st_size < 2000
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "sheet-too-large", path.name)
    assert message.startswith("the sheet «Domande» reaches cell Q1048575: 17 825 775 cells from A1")


def test_an_ods_cell_repeated_across_every_column_counts_every_column(tmp_path: Path) -> None:
    path = hostile_files.ods_repeated_columns(tmp_path)
    outcome = run_capped(["check", path, "--quiet", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "sheet-too-large", path.name)
    assert "reaches cell XFU300: 4 920 300 cells from A1" in message


def test_an_ods_space_repeated_a_billion_times_is_refused_as_too_large(tmp_path: Path) -> None:
    path = hostile_files.ods_repeated_spaces(tmp_path)
    outcome = run_capped(["check", path, "--quiet", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "file-too-large", path.name)
    assert "its repeated rows and cells make 953 MiB of text, limit 500 MiB" in message
    assert "for a genuine file raise WECARE_MAX_UNCOMPRESSED_MB" in message


def test_hidden_and_filtered_rows_of_an_ods_are_reported_like_hidden_excel_rows(tmp_path: Path) -> None:
    path = hostile_files.ods_hidden_rows(tmp_path)
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code in (ExitCode.OK, ExitCode.FINDINGS), outcome.err
    document = json.loads(outcome.out)
    assert [a["row"] for a in document["applications"]] == [2, 3, 4, 5]
    hidden = sorted(
        finding["row"]
        for application in document["applications"]
        for finding in application["findings"]
        if finding["code"] == "hidden-row"
    )
    assert hidden == [3, 4]


# --- large CSV ------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_million_row_csv_is_refused_up_front_with_exit_2_and_not_a_memory_error(tmp_path: Path) -> None:
    path = hostile_files.large_csv(tmp_path)
    assert 100_000_000 < path.stat().st_size < 200 * 1024 * 1024
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    message = refused(outcome.err, "csv-too-large", path.name)
    assert message.startswith("the file holds up to 17 000 018 cells (1 000 002 lines), more than the ")
    assert "(WECARE_MAX_CELLS)" in message


def test_a_50_mb_line_of_separators_is_refused_up_front(tmp_path: Path) -> None:
    path = hostile_files.separators_line_csv(tmp_path)
    outcome = run_capped(["check", path, "--quiet", *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
    refused(outcome.err, "csv-too-large", path.name)


@pytest.mark.slow
def test_a_50_mb_cell_of_a_csv_is_read_as_a_30_mb_cell_of_a_workbook_is(tmp_path: Path) -> None:
    path = hostile_files.long_cell_csv(tmp_path)
    outcome = run_capped(["check", path, "--format", "json", *AS_OF])
    assert outcome.code in (ExitCode.OK, ExitCode.FINDINGS), outcome.err
    (application,) = json.loads(outcome.out)["applications"]
    assert application["applicant_name"] == "x" * 50_000_000


def test_memory_running_out_while_reading_is_exit_2_naming_the_file_and_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import wecare_cli.ingest

    def exhausted(*args: object, **kwargs: object) -> object:
        raise MemoryError

    monkeypatch.setattr(wecare_cli.ingest, "build_rows", exhausted)
    path = hostile_files.applications_csv(tmp_path)
    code, out, err = run_main(["check", str(path), *AS_OF], capsys)
    assert code == ExitCode.CANNOT_RUN
    message = refused(err, "file-out-of-memory", path.name)
    assert message.startswith("there was not enough memory to read it (WECARE_MAX_CELLS is 4 000 000 cells)")
    assert out == ""


# --- what is not a regular file --------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_fifo_given_as_input_is_refused_at_once_with_exit_2(tmp_path: Path) -> None:
    pipe = hostile_files.named_pipe(tmp_path)
    link = tmp_path / "collegamento.csv"
    link.symlink_to(pipe)
    for given in (pipe, link):
        outcome = run_capped(["check", given, *AS_OF], timeout=30)
        assert outcome.code == ExitCode.CANNOT_RUN, outcome.err
        message = refused(outcome.err, "file-not-regular", given.name)
        assert message.startswith("this is not a file but a FIFO (named pipe)")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_given_as_input_is_refused_without_reading_it(tmp_path: Path) -> None:
    outcome = run_capped(["check", "/dev/zero", *AS_OF], timeout=30)
    assert outcome.code == ExitCode.CANNOT_RUN
    message = refused(outcome.err, "file-not-regular", "zero")
    assert message.startswith("this is not a file but a character device")


def test_a_link_that_loops_is_an_unreadable_file_named_in_the_message(tmp_path: Path) -> None:
    loop = tmp_path / "giro.xlsx"
    loop.symlink_to(tmp_path / "giro.xlsx")
    outcome = run_capped(["check", loop, *AS_OF], timeout=30)
    assert outcome.code == ExitCode.CANNOT_RUN
    assert refused(outcome.err, "file-unreadable", "giro.xlsx").startswith("the file cannot be read (")


# --- names that are not UTF-8 ---------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_a_file_name_that_is_not_utf8_is_shown_safely_in_every_output(tmp_path: Path, output: str) -> None:
    path = hostile_files.latin1_named_csv(tmp_path)
    outcome = run_capped(["check", os.fsencode(path), "--format", output, *AS_OF], cwd=tmp_path)
    assert outcome.code in (ExitCode.OK, ExitCode.FINDINGS), outcome.err
    assert "Traceback" not in outcome.err
    if output == "json":
        document = json.loads(outcome.out)
        assert {a["file"] for a in document["applications"]} == {"caff\\xe8.csv"}
        assert document["summary"]["files"][0]["path"].endswith("caff\\xe8.csv")
    else:
        assert "caff\\xe8.csv" in outcome.out


@pytest.mark.skipif(os.name != "posix", reason="file names are bytes on POSIX only")
def test_a_missing_file_whose_name_is_not_utf8_is_named_safely(tmp_path: Path) -> None:
    outcome = run_capped(["check", os.fsencode(tmp_path / "nessun_caff\udce8.csv"), *AS_OF])
    assert outcome.code == ExitCode.CANNOT_RUN
    refused(outcome.err, "file-not-found", "nessun_caff\\xe8.csv")


# --- the same file twice --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["check", "rank", "summary"])
def test_the_same_file_given_twice_is_read_once_with_a_note_in_every_command(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = hostile_files.applications_csv(tmp_path, rows=3)
    copy = tmp_path / "copia.csv"
    copy.write_bytes(path.read_bytes())
    args = [command, str(path), str(path), str(copy), "--format", "json", *AS_OF]
    code, out, err = run_main(args, capsys)
    assert code in (ExitCode.OK, ExitCode.FINDINGS), err
    document = json.loads(out)
    if command == "check":
        ids = [a["application_id"] for a in document["applications"]]
        assert ids == ["FSE3-0001", "FSE3-0002", "FSE3-0003"]
        notes = [f for f in document["file_findings"] if f["code"] == "file-given-twice"]
        assert [(f["file"], f["severity"]) for f in notes] == [
            ("domande.csv", "warning"),
            ("copia.csv", "warning"),
        ]
        assert notes[1]["message"] == (
            "The file has the same content as «domande.csv», given before it: it was read only once."
        )
    elif command == "rank":
        placed = [a["application_id"] for r in document["rankings"] for a in r["applications"]]
        assert sorted(placed + [a["application_id"] for a in document["ineligible"]]) == [
            "FSE3-0001",
            "FSE3-0002",
            "FSE3-0003",
        ]
    else:
        assert document["total"]["applications"] == 3
