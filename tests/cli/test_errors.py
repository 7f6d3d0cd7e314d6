"""What reaches the user when something goes wrong: one clear line, the right exit code."""

from __future__ import annotations

from pathlib import Path

import pytest

from wecare_cli.cli import app as cli_app
from wecare_cli.exit_codes import ExitCode


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def run_main(args: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        cli_app.main(args)
    code = stopped.value.code
    return code if isinstance(code, int) else 0


def test_an_internal_error_prints_one_line_and_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("wecare_cli.reports.listings.measure_records", explode)
    assert run_main(["measures"]) == ExitCode.INTERNAL_ERROR
    error = capsys.readouterr().err
    assert error == "Internal error: RuntimeError: boom. Run again with --debug to see the details.\n"


def test_debug_shows_the_traceback_of_an_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("wecare_cli.reports.listings.measure_records", explode)
    with pytest.raises(RuntimeError, match="boom"):
        cli_app.main(["measures", "--debug"])


def test_a_missing_input_file_is_one_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["check", str(tmp_path / "nessuno.xlsx")]) == ExitCode.CANNOT_RUN
    error = capsys.readouterr().err
    assert "nessuno.xlsx" in error
    assert "Traceback" not in error
    assert len(error.strip().splitlines()) == 1


def test_an_output_folder_that_does_not_exist_is_exit_2_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "domande-esempio.xlsx"
    target = tmp_path / "manca" / "graduatoria.xlsx"
    assert run_main(["rank", str(example), "--quiet", "--output", str(target)]) == ExitCode.CANNOT_RUN
    assert "output-folder-missing" in capsys.readouterr().err
    assert not target.parent.exists()


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_main(["check", "--format", "yaml", "x.xlsx"]) == ExitCode.CANNOT_RUN
    assert "Traceback" not in capsys.readouterr().err


def test_an_internal_error_shows_the_control_characters_of_its_message_written_out(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode_with_controls(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\x1b[2J\r")

    monkeypatch.setattr("wecare_cli.reports.listings.measure_records", explode_with_controls)
    assert run_main(["measures"]) == ExitCode.INTERNAL_ERROR
    error = capsys.readouterr().err
    assert error == (
        "Internal error: RuntimeError: boom\\x1b[2J\\r. Run again with --debug to see the details.\n"
    )
