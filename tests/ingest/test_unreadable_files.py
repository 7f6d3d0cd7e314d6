"""Files that cannot be read at all raise InputFileError with a stable code, never a library error."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.ingest import hostile_files, sample_files
from tests.ingest.conftest import Reader
from tests.ingest.positions import ROME
from wecare_cli.errors import InputFileError, WecareError
from wecare_cli.i18n.catalog import has_text
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest import ReadLimits, UnreadableFileError, read_intake
from wecare_cli.ingest.codes import FILE_ERROR_CODES
from wecare_cli.ingest.files import limits_from_environment


def _code(read: Reader, path: Path) -> str:
    with pytest.raises(InputFileError) as raised:
        read(path)
    return raised.value.code


@pytest.mark.parametrize("name", sorted(sample_files.UNREADABLE))
def test_each_unreadable_sample_raises_its_own_code_naming_the_file(
    name: str, tmp_path: Path, read: Reader
) -> None:
    recipe, code = sample_files.UNREADABLE[name]
    path = recipe(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == code
    assert raised.value.file == path
    assert str(raised.value).startswith(f"[{code}] {path.name}: ")


def test_every_file_error_code_has_an_english_and_an_italian_message() -> None:
    for code in FILE_ERROR_CODES:
        for lang in (Lang.EN, Lang.IT):
            assert has_text(f"error-{code}", lang), (code, lang)


def test_a_missing_file_is_file_not_found(tmp_path: Path, read: Reader) -> None:
    assert _code(read, tmp_path / "non_esiste.xlsx") == "file-not-found"


def test_a_folder_is_file_is_folder(tmp_path: Path, read: Reader) -> None:
    folder = tmp_path / "domande.xlsx"
    folder.mkdir()
    assert _code(read, folder) == "file-is-folder"


def test_a_file_without_read_permission_is_file_unreadable(
    tmp_path: Path, read: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_files.header_only_workbook(tmp_path)
    original = os.open

    def refuse(target: object, *args: Any, **kwargs: Any) -> int:
        if target == path:
            raise PermissionError(13, "Permission denied")
        return original(target, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(UnreadableFileError) as raised:
        read(path)
    assert raised.value.code == "file-unreadable"
    assert "Permission denied" in str(raised.value)


def test_a_broken_binary_excel_workbook_is_called_damaged(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.xlsb"
    path.write_bytes(b"PK\x03\x04binary")
    assert _code(read, path) == "file-corrupt"


def test_an_unknown_extension_is_not_supported(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert _code(read, path) == "file-format-unsupported"


def test_an_html_page_named_xls_is_refused_saying_it_is_an_html_page(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "export.xls"
    path.write_text("<html><table><tr><td>x</td></tr></table></html>", encoding="utf-8")
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-not-xlsx"
    assert "the name says .xls but the content is an HTML page" in str(raised.value)


def test_a_workbook_named_csv_is_refused_with_what_it_really_is(tmp_path: Path, read: Reader) -> None:
    workbook = sample_files.header_only_workbook(tmp_path)
    path = tmp_path / "domande.csv"
    path.write_bytes(workbook.read_bytes())
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-format-unsupported"
    assert "zip archive" in str(raised.value)


def test_a_csv_in_no_known_encoding_is_file_encoding_unknown(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "domande.csv"
    path.write_bytes(b"Codice domanda;Misura\n\x81\x8d\x8f\x90\x9d\n")
    assert _code(read, path) == "file-encoding-unknown"


def test_an_empty_zip_archive_is_corrupt(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "vuota.xlsx"
    with zipfile.ZipFile(path, "w"):
        pass
    assert _code(read, path) == "file-corrupt"


def test_a_zip_holding_anything_but_a_workbook_is_corrupt(tmp_path: Path, read: Reader) -> None:
    path = tmp_path / "documento.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-corrupt"
    assert "no workbook part" in str(raised.value)


def test_a_part_compressed_more_than_the_ratio_limit_is_too_large(tmp_path: Path) -> None:
    path = sample_files.write_workbook(
        tmp_path / "zeri.xlsx",
        [sample_files.applications_sheet([sample_files.application(1)])],
    )
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b"<p>" + b" " * (3 * 1024 * 1024) + b"</p>")
    limits = ReadLimits(ratio_floor_bytes=1024 * 1024, max_ratio=50)
    with pytest.raises(InputFileError) as raised:
        read_intake([path], zone=ROME, limits=limits)
    assert raised.value.code == "file-too-large"
    assert "compressed more than 50 times" in str(raised.value)


def test_the_total_uncompressed_size_limit_is_checked_before_parsing(tmp_path: Path) -> None:
    path = sample_files.header_only_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read_intake([path], zone=ROME, limits=ReadLimits(max_uncompressed_bytes=1000))
    assert raised.value.code == "file-too-large"


def test_a_file_larger_than_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = sample_files.header_only_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read_intake([path], zone=ROME, limits=ReadLimits(max_file_bytes=100))
    assert raised.value.code == "file-too-large"


def test_an_unreadable_file_stops_the_whole_read_even_after_good_files(tmp_path: Path) -> None:
    good = sample_files.titled_workbook(tmp_path)
    bad = sample_files.empty_file(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read_intake([good, bad], zone=ROME)
    assert raised.value.code == "file-empty"


def test_the_missing_column_message_names_the_sheet_the_header_row_and_both_names(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.missing_column_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    message = str(raised.value)
    assert "sheet «Domande», header on row 2" in message
    assert "Costo totale (total_cost)" in message


def test_the_duplicate_column_message_names_both_letters(tmp_path: Path, read: Reader) -> None:
    path = sample_files.duplicate_column_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert "E «Codice fiscale»" in str(raised.value)
    assert "R «codice_fiscale»" in str(raised.value)


def test_the_sheet_not_found_message_lists_every_sheet(tmp_path: Path, read: Reader) -> None:
    path = sample_files.wrong_sheets_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert "«Riepilogo», «Note», «Liste» (hidden)" in str(raised.value)
    from wecare_cli.i18n.errors import describe

    assert "«Riepilogo», «Note», «Liste» (nascosto)" in describe(raised.value, Lang.IT)


def test_the_header_not_found_message_says_what_is_missing_and_what_was_found(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.no_header_workbook(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    message = str(raised.value)
    assert "first 20 rows of sheet «Domande»" in message
    assert "Codice domanda (application_id)" in message
    assert "Found (row 1): «Elenco»" in message


def test_the_header_not_found_message_joins_its_article_in_italian(tmp_path: Path, read: Reader) -> None:
    from wecare_cli.i18n.errors import describe

    with pytest.raises(InputFileError) as raised:
        read(sample_files.no_header_workbook(tmp_path))
    assert "nelle prime 20 righe del foglio «Domande»;" in describe(raised.value, Lang.IT)
    csv = tmp_path / "note.csv"
    csv.write_text("hello\n", encoding="utf-8")
    with pytest.raises(InputFileError) as raised:
        read(csv)
    assert "nelle prime 20 righe del file CSV;" in describe(raised.value, Lang.IT)
    assert "in the first 20 rows of the CSV file;" in describe(raised.value, Lang.EN)


def test_a_partners_sheet_without_its_required_columns_stops_the_read(tmp_path: Path, read: Reader) -> None:
    path = sample_files.write_workbook(
        tmp_path / "partner_rotto.xlsx",
        [
            sample_files.applications_sheet([sample_files.application(1)]),
            sample_files.Sheet(
                "Partner", [["Codice domanda", "Denominazione partner"], ["FSE3-0001", "Uno"]]
            ),
        ],
    )
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "column-missing"
    assert "Tipologia partner (partner_type)" in str(raised.value)


def test_an_old_office_document_named_ods_is_not_taken_for_an_encrypted_workbook(
    tmp_path: Path, read: Reader
) -> None:
    path = tmp_path / "foglio.ods"
    path.write_bytes(sample_files.OLE2_HEADER)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-format-unsupported"
    assert "old Office (OLE2) document that is not a workbook" in str(raised.value)


def test_an_old_xls_renamed_xlsx_is_read_as_an_xls_not_called_protected(tmp_path: Path, read: Reader) -> None:
    path = sample_files.legacy_xls_renamed(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert str(raised.value) == (
        "[file-corrupt] vecchio_rinominato.xlsx: the file is damaged (the workbook lists no sheet); "
        "it may be incomplete: download or copy it again."
    )


def test_a_password_protected_workbook_is_told_apart_by_its_encryption_streams(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.encrypted_xlsx(tmp_path)
    assert _code(read, path) == "file-encrypted"
    renamed = path.rename(tmp_path / "protetto.xls")
    assert _code(read, renamed) == "file-encrypted"


def test_a_binary_workbook_without_records_is_called_damaged_naming_its_part(
    tmp_path: Path, read: Reader
) -> None:
    path = hostile_files.xlsb_renamed(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-corrupt"


def test_a_relationship_written_with_character_references_is_refused(tmp_path: Path, read: Reader) -> None:
    whole = sample_files.write_workbook(tmp_path / "base.xlsx", [sample_files.applications_sheet([])])
    with zipfile.ZipFile(whole) as archive:
        relations = archive.read("xl/_rels/workbook.xml.rels")
    hostile = relations.replace(b"sheet1.xml", b"sheet&#49;.xml")
    path = sample_files._rezip(
        whole, tmp_path / "riferimenti.xlsx", replace={"xl/_rels/workbook.xml.rels": hostile}
    )
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-corrupt"
    assert "xl/_rels/workbook.xml.rels uses XML character references" in str(raised.value)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_before_it_is_opened(tmp_path: Path, read: Reader) -> None:
    path = hostile_files.named_pipe(tmp_path)
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-not-regular"
    assert raised.value.params == {"kind": "FIFO (named pipe)"}


def test_a_file_replaced_by_a_pipe_after_the_check_is_refused_once_open(
    tmp_path: Path, read: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample_files.header_only_workbook(tmp_path)
    real_fstat = os.fstat

    def pipe_status(descriptor: int) -> os.stat_result:
        status = real_fstat(descriptor)
        return os.stat_result((stat.S_IFIFO | 0o644, *tuple(status)[1:]))

    monkeypatch.setattr(os, "fstat", pipe_status)
    assert _code(read, path) == "file-not-regular"


@pytest.mark.parametrize(
    ("variable", "value", "field", "expected"),
    [
        ("WECARE_MAX_CELLS", "6000000", "max_cells", 6_000_000),
        ("WECARE_MAX_CELLS", "2.5e6", "max_cells", 2_500_000),
        ("WECARE_MAX_FILE_MB", "1", "max_file_bytes", 1024 * 1024),
    ],
)
def test_every_reading_limit_can_be_changed_with_its_environment_variable(
    variable: str, value: str, field: str, expected: int
) -> None:
    assert getattr(limits_from_environment({variable: value}), field) == expected


@pytest.mark.parametrize("value", ["0", "-5", "many", "inf", "nan"])
def test_a_limit_that_is_not_a_positive_number_is_an_error_naming_the_variable(value: str) -> None:
    with pytest.raises(WecareError) as raised:
        limits_from_environment({"WECARE_MAX_CELLS": value})
    assert str(raised.value) == f"WECARE_MAX_CELLS={value!r}: write a positive number"


def test_the_cells_of_all_the_files_of_a_run_count_against_one_limit(tmp_path: Path) -> None:
    first = hostile_files.applications_csv(tmp_path, "primo.csv", rows=40)
    second = hostile_files.applications_csv(tmp_path, "secondo.csv", rows=41)
    limits = ReadLimits(max_cells=1300)
    assert len(read_intake([first], zone=ROME, limits=limits).applications) == 40
    with pytest.raises(InputFileError) as raised:
        read_intake([first, second], zone=ROME, limits=limits)
    assert str(raised.value) == (
        "[run-too-large] secondo.csv: its 715 cells, with the 698 of the files read before it, exceed the "
        "1 300 cells one run reads safely (WECARE_MAX_CELLS); check the files in smaller groups, or raise "
        "WECARE_MAX_CELLS on a machine with more memory."
    )
