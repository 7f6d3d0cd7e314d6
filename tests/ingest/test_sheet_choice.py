"""Which sheet and which row hold the applications, however the officer's template looks."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from tests.ingest import sample_files
from tests.ingest.conftest import Reader
from tests.ingest.positions import file_findings
from wecare_cli.errors import InputFileError
from wecare_cli.findings import Phrase
from wecare_cli.i18n.findings import finding_message
from wecare_cli.i18n.lang import Lang

ONE_ROW = [sample_files.HEADERS_IT, sample_files.application(1)]


@pytest.mark.parametrize("name", ["domande", "DOMANDE ", " Domande", "Applications", "applications"])
def test_the_applications_sheet_is_recognised_by_name_whatever_its_case_and_spaces(
    name: str, tmp_path: Path, read: Reader
) -> None:
    path = sample_files.write_workbook(
        tmp_path / "nomi.xlsx",
        [sample_files.Sheet("Istruzioni", [["leggere prima"]]), sample_files.Sheet(name, ONE_ROW)],
    )
    intake = read(path)
    assert intake.files[0].sheet == name
    assert intake.applications[0].position.sheet == name


def test_a_very_hidden_sheet_is_reported_as_such(tmp_path: Path, read: Reader) -> None:
    path = sample_files.write_workbook(
        tmp_path / "nascosti.xlsx",
        [
            sample_files.Sheet("Segreto", [["x"]], state="veryHidden"),
            sample_files.Sheet("Liste", [["y"]], state="hidden"),
            sample_files.Sheet("Domande", ONE_ROW),
        ],
    )
    intake = read(path)
    assert file_findings(intake) == [
        ("hidden-sheet", "nascosti.xlsx", "Segreto", None, None, None),
        ("hidden-sheet", "nascosti.xlsx", "Liste", None, None, None),
    ]
    assert [f.params["state"] for f in intake.file_findings] == [
        Phrase("sheet-state-very-hidden"),
        Phrase("sheet-state-hidden"),
    ]
    assert [finding_message(f, Lang.IT) for f in intake.file_findings] == [
        "La cartella di lavoro ha un foglio molto nascosto, «Segreto», che in Excel non si vede.",
        "La cartella di lavoro ha un foglio nascosto, «Liste», che in Excel non si vede.",
    ]


def test_a_hidden_applications_sheet_is_still_read_by_its_name(tmp_path: Path, read: Reader) -> None:
    path = sample_files.write_workbook(
        tmp_path / "domande_nascoste.xlsx",
        [
            sample_files.Sheet("Copertina", [["WE.CA.RE."]]),
            sample_files.Sheet("Domande", ONE_ROW, state="hidden"),
        ],
    )
    intake = read(path)
    assert [row.application_id for row in intake.applications] == ["FSE3-0001"]
    assert file_findings(intake) == [("hidden-sheet", "domande_nascoste.xlsx", "Domande", None, None, None)]


def test_merged_group_titles_above_the_header_are_not_data_and_not_an_error(
    tmp_path: Path, read: Reader
) -> None:
    sheet = sample_files.Sheet(
        "Domande",
        [["Dati della domanda", None, None, None, "Richiedente"], *ONE_ROW],
        merged=("A1:D1", "E1:H1"),
    )
    intake = read(sample_files.write_workbook(tmp_path / "gruppi.xlsx", [sheet]))
    assert intake.files[0].header_row == 2
    assert [row.position.row for row in intake.applications] == [3]
    assert intake.file_findings == []


def test_a_header_split_over_two_rows_is_not_guessed(tmp_path: Path, read: Reader) -> None:
    top = [h.split(" ")[0] for h in sample_files.HEADERS_IT]
    bottom = [" ".join(h.split(" ")[1:]) for h in sample_files.HEADERS_IT]
    sheet = sample_files.Sheet("Domande", [top, bottom, sample_files.application(1)])
    with pytest.raises(InputFileError) as raised:
        read(sample_files.write_workbook(tmp_path / "due_righe.xlsx", [sheet]))
    assert raised.value.code in ("column-missing", "header-not-found")


def test_a_header_below_the_twentieth_row_is_not_found(tmp_path: Path, read: Reader) -> None:
    sheet = sample_files.Sheet("Domande", ONE_ROW, first_row=21)
    with pytest.raises(InputFileError) as raised:
        read(sample_files.write_workbook(tmp_path / "troppo_in_basso.xlsx", [sheet]))
    assert raised.value.code == "header-not-found"
    sheet = sample_files.Sheet("Domande", ONE_ROW, first_row=20)
    assert read(sample_files.write_workbook(tmp_path / "appena.xlsx", [sheet])).files[0].header_row == 20


def test_a_path_with_spaces_and_accents_is_read_and_named_as_given(tmp_path: Path, read: Reader) -> None:
    folder = tmp_path / "Domande ricevute – è più"
    folder.mkdir()
    path = sample_files.write_workbook(
        folder / "elenco domande à.xlsx", [sample_files.Sheet("Domande", ONE_ROW)]
    )
    intake = read(path)
    assert intake.applications[0].position.file == "elenco domande à.xlsx"
    assert intake.files[0].path == str(path)


def test_reading_leaves_the_garbage_collector_as_it_found_it(tmp_path: Path, read: Reader) -> None:
    path = sample_files.write_workbook(tmp_path / "gc.xlsx", [sample_files.Sheet("Domande", ONE_ROW)])
    assert gc.isenabled()
    read(path)
    assert gc.isenabled()
    with pytest.raises(InputFileError):
        read(tmp_path / "manca.xlsx")
    assert gc.isenabled()
