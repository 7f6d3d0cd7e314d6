"""CSV files: encoding and separator found and stated, physical line numbers, ragged lines."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest import sample_files
from tests.ingest.conftest import Reader
from tests.ingest.positions import ROME, file_findings, row_findings
from wecare_cli.errors import InputFileError
from wecare_cli.ingest import SubmissionTime

HEADER = ";".join(sample_files.HEADERS_IT)
ROW = "FSE3-0001;FSE3;attivazione;Ente Uno;00743110157;comune;;sì;D01;TO;1000;2000;20/11/2019 10:30;;;;"


def test_an_italian_excel_csv_in_windows_1252_with_semicolons_is_read_and_the_encoding_stated(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.applications_csv_cp1252(tmp_path))
    first, second = intake.applications
    assert first.applicant_name == "Società Più"
    assert first.requested_amount == Decimal("1234.56")
    assert first.total_cost == Decimal("2000.00")
    assert second.requested_amount == Decimal("500.00")
    assert second.seat_province == "NA"
    assert second.submitted_at == SubmissionTime(datetime(2019, 11, 20, tzinfo=ROME), date_only=True)
    assert (intake.files[0].encoding, intake.files[0].delimiter, intake.files[0].sheet) == (
        "cp1252",
        ";",
        None,
    )
    assert file_findings(intake) == [("csv-encoding-cp1252", "domande_cp1252.csv", None, None, None, None)]
    assert row_findings(intake) == [
        ("tax-code-stored-as-number", "domande_cp1252.csv", None, 3, "Codice fiscale", "1735420018")
    ]
    assert first.letters == {}


def test_a_utf8_csv_with_bom_and_commas_keeps_physical_line_numbers_and_flags_extra_cells(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.applications_csv_utf8_bom(tmp_path))
    first, second = intake.applications
    assert [first.position.row, second.position.row] == [2, 5]
    assert first.application_id == "FSE3-0001"  # the BOM is not part of the first header
    assert first.applicant_name == 'Cooperativa "La Più"\nseconda riga'
    assert first.requested_amount == Decimal("1234.56")
    assert first.submitted_at == SubmissionTime(datetime(2019, 11, 20, 10, 30, tzinfo=ROME), date_only=False)
    assert (intake.files[0].encoding, intake.files[0].delimiter) == ("utf-8-sig", ",")
    assert file_findings(intake) == [("blank-gap", "domande_bom.csv", None, 4, None, None)]
    assert row_findings(intake) == [("extra-cells", "domande_bom.csv", None, 5, None, "in più; ancora")]
    assert second.findings[0].params == {"count": 2}


def test_excel_unicode_text_in_utf16_with_tabs_is_read(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.applications_csv_utf16_tabs(tmp_path))
    assert (intake.files[0].encoding, intake.files[0].delimiter) == ("utf-16", "\t")
    assert intake.applications[0].applicant_tax_code == sample_files.PIVA_TORINO
    assert intake.file_findings == []


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_the_separator_is_the_one_that_yields_the_header(
    separator: str, tmp_path: Path, read: Reader
) -> None:
    path = tmp_path / "domande.csv"
    lines = [separator.join(sample_files.HEADERS_IT), separator.join(ROW.split(";"))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.files[0].delimiter == separator
    assert intake.applications[0].requested_amount == Decimal("1000.00")


def test_decimal_commas_do_not_fool_the_separator_choice(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    row = ROW.replace(";1000;2000;", ";1000,50;2000,75;")
    path.write_text("\n".join([HEADER, row, row.replace("FSE3-0001", "FSE3-0002")]) + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.files[0].delimiter == ";"
    assert [a.requested_amount for a in intake.applications] == [Decimal("1000.50"), Decimal("1000.50")]


def test_an_excel_sep_line_sets_the_separator_and_counts_as_a_line(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    path.write_text("sep=;\n" + HEADER + "\n" + ROW + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.files[0].header_row == 2
    assert intake.applications[0].position.row == 3


def test_title_lines_above_the_header_are_skipped(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    path.write_text("Elenco domande;;\n;;\n" + HEADER + "\n" + ROW + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.files[0].header_row == 3
    assert intake.applications[0].position.row == 4


def test_control_characters_emoji_and_very_long_text_do_not_break_a_csv(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    name = "Coop\x0b\x01 🚀 «שלום» " + "y" * 40_000
    path.write_text(HEADER + "\n" + ROW.replace("Ente Uno", name) + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.applications[0].applicant_name == name.strip()
    assert intake.applications[0].findings == ()


def test_a_csv_without_the_header_says_what_it_found(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    path.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "header-not-found"
    assert "«a», «b», «c»" in str(raised.value)


def test_a_csv_with_only_some_columns_is_column_missing(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    path.write_text(
        "Codice domanda;Misura;Richiedente;Codice fiscale\nA;FSE3;Ente;00743110157\n", encoding="utf-8"
    )
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "column-missing"
    assert "the CSV file, header on row 1" in str(raised.value)


def test_a_cell_longer_than_128_kib_is_read_as_in_a_workbook(tmp_path: Path, read: Reader) -> None:
    name = "Cooperativa «lunga» " + "z" * (3 * 1024 * 1024)
    path = tmp_path / "domande.csv"
    path.write_text(HEADER + "\n" + ROW.replace("Ente Uno", name) + "\n", encoding="utf-8")
    intake = read(path)
    assert intake.applications[0].applicant_name == name


@pytest.mark.parametrize(
    ("ending", "encoding"),
    [("\n", "utf-8"), ("\r\n", "utf-8"), ("\r", "utf-8"), ("\r\n", "utf-16"), ("\n", "cp1252")],
)
def test_lines_end_as_written_in_any_encoding_and_keep_their_numbers(
    tmp_path: Path, read: Reader, ending: str, encoding: str
) -> None:
    path = tmp_path / "domande.csv"
    rows = [HEADER, ROW, "", ROW.replace("FSE3-0001", "FSE3-0002").replace("Ente Uno", "Ente «Più»")]
    path.write_bytes(ending.join(rows).encode(encoding) + ending.encode(encoding))
    intake = read(path)
    assert [(a.application_id, a.position.row) for a in intake.applications] == [
        ("FSE3-0001", 2),
        ("FSE3-0002", 4),
    ]
    assert intake.applications[1].applicant_name == "Ente «Più»"
