"""``--format csv`` opens in columns in the officer's spreadsheet: ``;`` and a byte-order mark in
Italian, ``,`` in English, headers in the run's language, the values the codes of the JSON."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.ingest.sample_files import application, applications_sheet, write_workbook
from wecare_cli.cli.app import app
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.machine import BYTE_ORDER_MARK, CsvDialect, to_csv

AS_OF = ["--as-of", "2026-11-22"]


@pytest.fixture
def intake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two FSE3 applications, one asking 80.000,50 € with a score of 72,5, one of a wrong type."""
    monkeypatch.chdir(tmp_path)  # the shipped configuration
    rows = [application(1, total_cost=200000), application(2, total_cost=200000, applicant_type="comune")]
    return write_workbook(tmp_path / "domande.xlsx", [applications_sheet(rows)])


def csv_of(argv: list[str], lang: str) -> str:
    result = CliRunner().invoke(app, [*argv, "--format", "csv", "--lang", lang])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_the_dialect_follows_the_decimal_separator_of_the_language() -> None:
    assert (CsvDialect.of(Lang.IT).separator, CsvDialect.of(Lang.IT).decimal) == (";", ",")
    assert (CsvDialect.of(Lang.EN).separator, CsvDialect.of(Lang.EN).decimal) == (",", ".")


def test_an_italian_csv_has_a_byte_order_mark_semicolons_and_italian_headers(intake: Path) -> None:
    document = csv_of(["check", str(intake), *AS_OF], "it")
    assert document.startswith(BYTE_ORDER_MARK)
    rows = list(csv.reader(io.StringIO(document.removeprefix(BYTE_ORDER_MARK)), delimiter=";"))
    assert rows[0][:6] == ["Codice domanda", "Misura", "Linea", "Stato", "Richiedente", "Codice"]
    wrong = next(row for row in rows if row[0] == "FSE3-0002")
    assert (wrong[3], wrong[5]) == ("ineligible", "applicant-type-not-allowed")  # values stay codes


def test_an_english_csv_keeps_commas_and_has_english_headers(intake: Path) -> None:
    document = csv_of(["check", str(intake), *AS_OF], "en")
    rows = list(csv.reader(io.StringIO(document.removeprefix(BYTE_ORDER_MARK))))
    assert rows[0][:6] == ["Application id", "Measure", "Line", "Status", "Applicant", "Code"]


def test_numbers_are_written_with_the_decimal_separator_of_the_language(intake: Path) -> None:
    italian = list(
        csv.DictReader(io.StringIO(csv_of(["rank", str(intake), *AS_OF], "it")[1:]), delimiter=";")
    )
    english = list(csv.DictReader(io.StringIO(csv_of(["rank", str(intake), *AS_OF], "en")[1:])))
    assert (italian[0]["Punteggio"], italian[0]["Richiesto"]) == ("72,5", "80000,5")
    assert (english[0]["Score"], english[0]["Requested"]) == ("72.5", "80000.5")


def test_every_csv_of_every_command_is_in_the_run_s_dialect(intake: Path) -> None:
    for argv in (
        ["rank", str(intake), *AS_OF],
        ["summary", str(intake), *AS_OF],
        ["measures", *AS_OF],
        ["measures", "show", "FSE3"],
        ["districts"],
        ["config", "check"],
    ):
        header = csv_of(argv, "it").removeprefix(BYTE_ORDER_MARK).splitlines()[0]
        assert ";" in header or " " in header, (argv, header)
        assert "_" not in header, (argv, header)  # worded headers, not the JSON keys


def test_the_headers_of_an_unknown_column_fall_back_to_its_key() -> None:
    assert to_csv([{"mystery": 1.5}], ("mystery",), Lang.IT) == "mystery\n1,5\n"


def test_on_a_console_that_cannot_write_utf_8_there_is_no_byte_order_mark(intake: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", "check", str(intake), *AS_OF, "--format", "csv", "--lang", "it"],
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "cp1252"},
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.startswith("Codice domanda;".encode("cp1252"))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_with_the_italian_locale_opens_the_italian_csv_in_columns(
    intake: Path, tmp_path: Path
) -> None:
    document = tmp_path / "graduatoria.csv"
    document.write_bytes(csv_of(["rank", str(intake), *AS_OF], "it").encode("utf-8"))
    # The filter of a double click in Italian LibreOffice: ';' separated, '"' quoted, UTF-8, from row 1,
    # standard columns, the Italian locale (1040) to recognise numbers.
    converted = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--infilter=CSV:59,34,76,1,,1040",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(tmp_path),
            str(document),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert converted.returncode == 0, converted.stderr
    sheet = load_workbook(tmp_path / "graduatoria.xlsx").active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:4] == ["Misura", "Linea", "Posizione", "Codice domanda"]
    first = dict(zip(rows[0], rows[1], strict=False))
    assert first["Codice domanda"] == "FSE3-0001"
    assert (first["Punteggio"], first["Richiesto"]) == (72.5, 80000.5)  # numbers, not text
