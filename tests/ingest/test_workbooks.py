"""Reading .xlsx/.xlsm workbooks: the right sheet and header, every row, every problem at its cell."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import pickle
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from tests.ingest import sample_files
from tests.ingest.conftest import Reader
from tests.ingest.positions import ROME, file_findings, partner_findings, row_findings
from wecare_cli.findings import Phrase, Severity
from wecare_cli.ingest import InputFile, SubmissionTime


def test_the_header_is_found_under_title_rows_and_positions_are_excel_rows_and_letters(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.titled_workbook(tmp_path)
    intake = read(path)
    assert [row.position.row for row in intake.applications] == [4, 5, 6, 7]
    assert {row.position.sheet for row in intake.applications} == {"Domande"}
    assert {row.position.file for row in intake.applications} == {"domande_titolo.xlsx"}
    first = intake.applications[0]
    assert first.letters["application_id"] == "B"
    assert first.letters["pec"] == "R"
    assert first.headers["applicant_tax_code"] == "Codice fiscale"
    assert first.application_id == "FSE3-0001"
    assert first.extra == {"Note": "prima domanda"}
    assert intake.applications[1].extra == {}


def test_the_applications_sheet_is_chosen_by_name_even_after_a_hidden_lookup_sheet(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.titled_workbook(tmp_path))
    assert file_findings(intake) == [("hidden-sheet", "domande_titolo.xlsx", "Liste", None, None, None)]
    assert intake.file_findings[0].severity is Severity.WARNING
    assert intake.file_findings[0].params == {"sheet_name": "Liste", "state": Phrase("sheet-state-hidden")}


def test_a_partners_sheet_in_the_same_workbook_is_read_with_its_own_positions(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.titled_workbook(tmp_path)
    intake = read(path)
    assert [
        (p.position.sheet, p.position.row, p.application_id, p.partner_type) for p in intake.partners
    ] == [
        ("Partner", 2, "FSE3-0001", "odv"),
        ("Partner", 3, "FSE3-0001", "ets"),
        ("Partner", 4, "FSE3-0002", "odv"),
    ]
    assert partner_findings(intake) == [
        (
            "tax-code-stored-as-number",
            "domande_titolo.xlsx",
            "Partner",
            4,
            "Codice fiscale partner",
            "1735420018",
        )
    ]
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert intake.files == [
        InputFile(str(path), digest, "xlsx", "Domande", 3, 4, role="applications"),
        InputFile(str(path), digest, "xlsx", "Partner", 1, 3, role="partners"),
    ]


def test_napoli_na_lowercase_and_omocodic_tax_codes_and_euro_text_are_read(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.titled_workbook(tmp_path))
    second, third, fourth = intake.applications[1:]
    assert second.seat_province == "NA"
    assert third.applicant_tax_code == sample_files.CF_PERSON
    assert third.applicant_type == "impresa-sociale"
    assert fourth.applicant_tax_code == sample_files.CF_OMOCODIC
    assert fourth.requested_amount == Decimal("1234.56")
    assert row_findings(intake) == [
        ("tax-code-stored-as-number", "domande_titolo.xlsx", "Domande", 5, "Codice fiscale", "1735420018")
    ]


def test_a_tax_code_stored_as_a_number_suggests_the_zero_padded_value(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.messy_cells_workbook(tmp_path))
    row = intake.applications[1]
    finding = row.findings[0]
    assert finding.code == "tax-code-stored-as-number"
    assert finding.value == "1735420018"
    assert finding.params["suggestion"] == "01735420018"
    assert finding.params["hint"] == Phrase("hint-tax-code-valid", {"suggestion": "01735420018"})
    assert row.applicant_tax_code is None
    assert row.unreadable == {"applicant_tax_code"}
    guess = intake.applications[2].findings[0]
    assert guess.params["suggestion"] == "00123456789"
    assert guess.params["hint"] == Phrase("hint-tax-code-guess", {"suggestion": "00123456789"})


def test_every_cell_problem_is_reported_at_its_row_and_column_header(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.messy_cells_workbook(tmp_path))
    name = "celle.xlsx"
    assert row_findings(intake) == [
        ("tax-code-stored-as-number", name, "Domande", 3, "Codice fiscale", "1735420018"),
        ("tax-code-stored-as-number", name, "Domande", 4, "Codice fiscale", "123456789"),
        ("tax-code-invalid", name, "Domande", 5, "Codice fiscale", "RSSMRA85T10A562X"),
        ("invalid-amount", name, "Domande", 7, "Contributo richiesto", "1.234,5O €"),
        ("invalid-amount", name, "Domande", 8, "Contributo richiesto", "12,5%"),
        ("invalid-amount", name, "Domande", 8, "Costo totale", "-5"),
        ("invalid-date", name, "Domande", 9, "Data presentazione", "03/25/2024"),
        ("invalid-date", name, "Domande", 10, "Data presentazione", "31/02/2024"),
        ("date-stored-as-number", name, "Domande", 11, "Data presentazione", "45356"),
        ("invalid-value", name, "Domande", 13, "Tipologia richiedente", "fondazione bancaria"),
        ("invalid-value", name, "Domande", 13, "Senza scopo di lucro", "forse"),
        ("cup-invalid", name, "Domande", 14, "CUP", "ABC"),
        ("pec-invalid", name, "Domande", 14, "PEC", "not an address"),
        ("pec-not-certified-domain", name, "Domande", 15, "PEC", "ufficio@comune.example.it"),
        ("missing-value", name, "Domande", 16, "Codice domanda", None),
        ("missing-value", name, "Domande", 16, "Richiedente", None),
        ("invalid-number", name, "Domande", 18, "Punteggio", "ottimo"),
    ]


def test_values_are_typed_and_text_like_na_or_null_is_kept_as_text(tmp_path: Path, read: Reader) -> None:
    rows = read(sample_files.messy_cells_workbook(tmp_path)).applications
    assert rows[0].requested_amount == Decimal("80000.50")
    assert rows[0].total_cost == Decimal("100000.00")
    assert rows[0].non_profit is True
    assert rows[0].submitted_at == SubmissionTime(
        datetime(2019, 11, 20, 10, 30, tzinfo=ROME), date_only=False
    )
    assert rows[4].applicant_tax_code == sample_files.PIVA_TORINO  # zero-width space removed
    assert rows[3].applicant_tax_code == "RSSMRA85T10A562X"  # invalid, kept for identity
    assert rows[3].unreadable == set()
    assert rows[9].submitted_at == SubmissionTime(datetime(2024, 3, 5, tzinfo=ROME), date_only=True)
    assert rows[10].submitted_at == SubmissionTime(datetime(2024, 3, 5, tzinfo=ROME), date_only=True)
    assert (rows[15].seat_province, rows[15].district, rows[15].line, rows[15].phase) == (
        "NA",
        "n.d.",
        "-",
        "NULL",
    )
    assert rows[18].application_id == "101"
    assert rows[18].submitted_at == SubmissionTime(datetime(2024, 3, 5, 11, 30, tzinfo=ROME), date_only=False)
    assert rows[17].applicant_name is not None and rows[17].applicant_name.startswith("Coop «Ünïcödé» 🚀")
    assert rows[14].application_id is None and rows[14].unreadable == set()


def test_blank_rows_between_applications_are_a_gap_warning_and_no_row_is_lost(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.gaps_and_hidden_workbook(tmp_path))
    assert [row.position.row for row in intake.applications] == [2, 3, 6, 7, 8, 9]
    gap = intake.file_findings[0]
    assert (gap.code, gap.row, gap.params) == ("blank-gap", 4, {"first": 4, "last": 5, "next": 6})
    assert gap.severity is Severity.WARNING


def test_a_hidden_row_is_checked_anyway_with_a_warning(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.gaps_and_hidden_workbook(tmp_path))
    assert ("hidden-row", "buchi.xlsx", "Domande", 7, None, None) in row_findings(intake)
    hidden = intake.applications[3]
    assert hidden.application_id == "FSE3-0004"
    assert [f.severity for f in hidden.findings] == [Severity.WARNING]


def test_merged_cells_inside_the_data_are_an_error_per_range(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.gaps_and_hidden_workbook(tmp_path))
    merged = [f for f in intake.file_findings if f.code == "merged-cells"]
    assert [(f.sheet, f.row, f.column, f.value, f.severity) for f in merged] == [
        ("Domande", 8, "Misura", "B8:B9", Severity.ERROR)
    ]
    assert ("missing-value", "buchi.xlsx", "Domande", 9, "Misura", None) in row_findings(intake)


def test_a_1904_workbook_reads_date_cells_and_serial_numbers_in_its_own_date_system(
    tmp_path: Path, read: Reader
) -> None:
    rows = read(sample_files.workbook_1904(tmp_path)).applications
    assert rows[0].submitted_at == SubmissionTime(
        datetime(2019, 11, 20, 10, 30, tzinfo=ROME), date_only=False
    )
    assert rows[1].submitted_at == SubmissionTime(datetime(2023, 11, 20, tzinfo=ROME), date_only=True)
    warning = rows[1].findings[0]
    assert (warning.code, warning.severity, warning.params) == (
        "date-stored-as-number",
        Severity.WARNING,
        {"date": "20/11/2023"},
    )


def test_cached_formula_errors_are_reported_with_the_error_and_not_as_empty(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.formulas_workbook(tmp_path))
    assert row_findings(intake) == [
        ("formula-error", "formule.xlsx", "Domande", 3, "Contributo richiesto", "#DIV/0!"),
        ("formula-error", "formule.xlsx", "Domande", 4, "Costo totale", "#N/A"),
    ]
    assert intake.applications[1].requested_amount is None
    assert intake.applications[1].unreadable == {"requested_amount"}
    assert intake.applications[1].findings[0].params == {"error": "#DIV/0!", "formula": "=L3/0"}


def test_the_findings_of_one_error_down_a_column_share_read_only_parameters(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.formulas_workbook(tmp_path, repeated=True))
    unreadable = [row.unreadable for row in intake.applications[1:]]
    assert unreadable == [{"requested_amount"}, {"requested_amount"}]
    assert unreadable[0] is unreadable[1]  # and one set of the columns they leave unreadable
    first, second = (row.findings[0] for row in intake.applications[1:])
    assert (first.code, first.row, second.code, second.row) == ("formula-error", 3, "formula-error", 4)
    assert first.params is second.params  # one mapping for every cell with the same error and formula
    assert first.params == {"error": "#DIV/0!", "formula": "=L3/0"}
    with pytest.raises(TypeError):
        first.params["error"] = "#N/A"  # type: ignore[index]


def test_a_formula_never_calculated_is_reported_with_its_text(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.uncalculated_workbook(tmp_path))
    assert row_findings(intake) == [
        ("formula-not-calculated", "non_calcolato.xlsx", "Domande", 3, "Costo totale", "=K3*2")
    ]


def test_macros_in_an_xlsm_are_ignored_with_a_warning(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.macro_workbook(tmp_path))
    assert file_findings(intake) == [("macros-ignored", "macro.xlsm", None, None, None, None)]
    assert intake.files[0].kind == "xlsm"
    assert len(intake.applications) == 1


def test_canonical_headers_match_whatever_their_case_spaces_underscores_and_invisible_characters(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.canonical_headers_workbook(tmp_path))
    row = intake.applications[0]
    assert (row.application_id, row.applicant_name, row.applicant_tax_code) == (
        "A-1",
        "Ente Uno",
        "00743110157",
    )
    assert row.headers["applicant_name"] == "applicant name"
    assert row.headers["application_id"] == "APPLICATION_ID"
    assert intake.files[0].sheet == "Foglio1"
    assert row.findings == ()


def test_a_header_without_data_rows_is_a_no_data_error(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.header_only_workbook(tmp_path))
    assert intake.applications == []
    assert file_findings(intake) == [("no-data", "solo_intestazione.xlsx", "Domande", 1, None, None)]
    assert intake.file_findings[0].severity is Severity.ERROR
    assert intake.files[0].rows == 0


def test_without_a_named_sheet_the_first_visible_sheet_holding_the_header_is_read(
    tmp_path: Path, read: Reader
) -> None:
    path = sample_files.write_workbook(
        tmp_path / "fogli.xlsx",
        [
            sample_files.Sheet(
                "Nascosto", [sample_files.HEADERS_IT, sample_files.application(9)], state="hidden"
            ),
            sample_files.Sheet("Istruzioni", [["Compilare il foglio successivo"]]),
            sample_files.Sheet(
                "Elenco 2019", [["titolo"], sample_files.HEADERS_IT, sample_files.application(1)]
            ),
        ],
    )
    intake = read(path)
    assert intake.files[0].sheet == "Elenco 2019"
    assert [(r.position.sheet, r.position.row, r.application_id) for r in intake.applications] == [
        ("Elenco 2019", 3, "FSE3-0001")
    ]


def test_a_row_whose_cells_are_all_unreadable_is_still_one_application(tmp_path: Path, read: Reader) -> None:
    junk = ["?"] * len(sample_files.HEADERS_IT)
    path = sample_files.write_workbook(
        tmp_path / "spazzatura.xlsx", [sample_files.applications_sheet([junk])]
    )
    intake = read(path)
    assert len(intake.applications) == 1
    row = intake.applications[0]
    assert [f.code for f in row.findings] == [
        "tax-code-invalid",
        "invalid-value",
        "invalid-value",
        "invalid-value",
        "invalid-amount",
        "invalid-amount",
        "invalid-date",
        "invalid-number",
        "cup-invalid",
        "pec-invalid",
    ]
    assert row.unreadable == {
        "applicant_type",
        "enterprise_size",
        "non_profit",
        "requested_amount",
        "total_cost",
        "submitted_at",
        "score",
    }


def test_files_are_read_in_order_and_rows_keep_their_own_file(tmp_path: Path) -> None:
    from wecare_cli.ingest import read_intake

    first = sample_files.gaps_and_hidden_workbook(tmp_path)
    second = sample_files.applications_csv_cp1252(tmp_path)
    intake = read_intake([first, second], zone=ROME)
    assert [(r.position.file, r.position.row) for r in intake.applications] == [
        ("buchi.xlsx", 2),
        ("buchi.xlsx", 3),
        ("buchi.xlsx", 6),
        ("buchi.xlsx", 7),
        ("buchi.xlsx", 8),
        ("buchi.xlsx", 9),
        ("domande_cp1252.csv", 2),
        ("domande_cp1252.csv", 3),
    ]
    assert [f.path for f in intake.files] == [str(first), str(second)]


def test_a_partners_file_given_apart_is_read_as_partners(tmp_path: Path, read: Reader) -> None:
    applications = sample_files.gaps_and_hidden_workbook(tmp_path)
    partners = sample_files.partners_csv(tmp_path)
    intake = read(applications, partners=partners)
    assert [(p.position.file, p.position.sheet, p.position.row, p.partner_type) for p in intake.partners] == [
        ("partner.csv", None, 2, "odv"),
        ("partner.csv", None, 3, "ets"),
    ]
    assert intake.partners[1].partner_province == "NA"
    assert intake.files[-1].role == "partners"
    assert intake.files[-1].delimiter == ";"


def test_data_starting_in_a_later_column_and_row_keeps_excel_coordinates(
    tmp_path: Path, read: Reader
) -> None:
    sheet = sample_files.Sheet(
        "Domande",
        [sample_files.HEADERS_IT, sample_files.application(1, requested_amount="dieci")],
        first_row=4,
        first_column=3,
    )
    intake = read(sample_files.write_workbook(tmp_path / "spostato.xlsx", [sheet]))
    row = intake.applications[0]
    assert row.position.row == 5
    assert row.letters["application_id"] == "C"
    assert row.letters["requested_amount"] == "M"
    assert row_findings(intake) == [
        ("invalid-amount", "spostato.xlsx", "Domande", 5, "Contributo richiesto", "dieci")
    ]


def test_a_libreoffice_spreadsheet_is_read_like_a_workbook(tmp_path: Path, read: Reader) -> None:
    intake = read(sample_files.ods_workbook(tmp_path))
    assert intake.files[0].kind == "ods"
    assert [row.application_id for row in intake.applications] == ["FSE3-0001", "FSE3-0002"]
    assert intake.applications[0].submitted_at == SubmissionTime(
        datetime(2019, 11, 20, 10, 30, tzinfo=ROME), date_only=False
    )
    assert row_findings(intake) == [
        ("tax-code-stored-as-number", "domande.ods", "Domande", 3, "Codice fiscale", "1735420018")
    ]


def test_an_opendocument_text_named_ods_is_unsupported(tmp_path: Path, read: Reader) -> None:
    import pytest

    from wecare_cli.errors import InputFileError

    path = sample_files.ods_workbook(tmp_path, mimetype="application/vnd.oasis.opendocument.text")
    with pytest.raises(InputFileError) as raised:
        read(path)
    assert raised.value.code == "file-format-unsupported"


def test_a_code_excel_turned_into_a_date_is_reported_with_the_date_it_shows(
    tmp_path: Path, read: Reader
) -> None:
    row = sample_files.application(1, district=datetime(2024, 3, 1))
    intake = read(
        sample_files.write_workbook(tmp_path / "data.xlsx", [sample_files.applications_sheet([row])])
    )
    assert row_findings(intake) == [
        ("text-stored-as-date", "data.xlsx", "Domande", 2, "Distretto", "01/03/2024")
    ]
    assert intake.applications[0].district is None
    assert intake.applications[0].unreadable == {"district"}


def test_hidden_rows_and_formulas_are_seen_in_sheet_xml_with_prefixed_elements(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.prefixed_workbook(tmp_path))
    assert row_findings(intake) == [
        ("formula-not-calculated", "prefisso.xlsx", "Domande", 3, "Costo totale", "=K3*2"),
        ("hidden-row", "prefisso.xlsx", "Domande", 3, None, None),
    ]


def test_findings_that_share_parameters_still_pickle_copy_and_convert_like_any_other(
    tmp_path: Path, read: Reader
) -> None:
    intake = read(sample_files.formulas_workbook(tmp_path, repeated=True))
    finding = intake.applications[1].findings[0]
    assert pickle.loads(pickle.dumps(finding)).params == finding.params
    assert copy.deepcopy(finding).params == finding.params
    assert dataclasses.asdict(finding)["params"] == {"error": "#DIV/0!", "formula": "=L3/0"}
    with pytest.raises(TypeError):
        finding.params.update(error="#N/A")  # type: ignore[attr-defined]
