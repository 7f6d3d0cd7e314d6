"""Cell readers: exact behaviour on the traps of Italian spreadsheets, and properties over any input."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.it import codicefiscale, iva

from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli.findings import Severity
from wecare_cli.ingest.cells import (
    CellReader,
    is_valid_partita_iva,
    is_valid_tax_code,
    make_date_reader,
    read_amount,
    read_applicant_type,
    read_cup,
    read_enterprise_size,
    read_pec,
    read_score,
    read_tax_code,
    read_text,
    read_yes_no,
)
from wecare_cli.ingest.columns import all_luhn_valid
from wecare_cli.ingest.model import SubmissionTime

read_date = make_date_reader(ROME)
read_date_1904 = make_date_reader(ROME, date1904=True)

READERS: dict[str, CellReader] = {
    "text": read_text,
    "tax code": read_tax_code,
    "amount": read_amount,
    "score": read_score,
    "applicant type": read_applicant_type,
    "enterprise size": read_enterprise_size,
    "yes/no": read_yes_no,
    "cup": read_cup,
    "pec": read_pec,
    "date": read_date,
    "date 1904": read_date_1904,
}

any_cell = st.one_of(
    st.text(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.datetimes(),
    st.dates(),
    st.times(),
    st.timedeltas(),
)
"""Anything python-calamine or the csv module can hand over."""


def code(reading: tuple[Any, Any]) -> str | None:
    return None if reading[1] is None else str(reading[1].code)


# --------------------------------------------------------------------------------------------
# Properties over any input


@pytest.mark.parametrize("name", sorted(READERS))
@settings(max_examples=300, deadline=None)
@given(value=any_cell)
def test_any_cell_value_gives_a_value_or_a_finding_never_an_exception(name: str, value: Any) -> None:
    converted, issue = READERS[name](value)
    if issue is not None:
        assert issue.severity in (Severity.ERROR, Severity.WARNING)
        assert issue.code
    if value is None or value == "":
        assert (converted, issue) == (None, None)


@settings(max_examples=300, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**13 - 1))
def test_an_amount_written_the_italian_way_reads_back_to_the_same_value(cents: int) -> None:
    amount = Decimal(cents).scaleb(-2)
    whole, decimals = f"{amount:.2f}".split(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    for text in (
        f"{grouped},{decimals} €",
        f"€ {grouped},{decimals}",
        f"{whole},{decimals}",
        f"{whole}.{decimals}",
    ):
        assert read_amount(text) == (amount, None), text


@settings(max_examples=300, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31, 23, 59)))
def test_a_time_written_dd_mm_yyyy_hh_mm_reads_back_to_the_same_instant_in_rome(moment: datetime) -> None:
    moment = moment.replace(second=0, microsecond=0)
    parsed, issue = read_date(moment.strftime("%d/%m/%Y %H:%M"))
    assert issue is None
    assert parsed == SubmissionTime(moment.replace(tzinfo=ROME), date_only=False)
    assert parsed.instant.tzinfo is ROME


@settings(max_examples=200, deadline=None)
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_a_date_written_in_any_accepted_pattern_is_that_whole_day(day: date) -> None:
    expected = SubmissionTime(datetime(day.year, day.month, day.day, tzinfo=ROME), date_only=True)
    for text in (
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        day.strftime("%d.%m.%Y"),
        day.isoformat(),
    ):
        assert read_date(text) == (expected, None), text


@settings(max_examples=300, deadline=None)
@given(digits=st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_the_fast_partita_iva_checks_agree_with_python_stdnum(digits: str) -> None:
    assert is_valid_partita_iva(digits) == iva.is_valid(digits)
    assert all_luhn_valid([digits]) == luhn.is_valid(digits)


@settings(max_examples=100, deadline=None)
@given(codes=st.lists(st.text(alphabet="0123456789", min_size=11, max_size=11), min_size=1, max_size=40))
def test_the_whole_column_luhn_check_is_the_check_of_every_code(codes: list[str]) -> None:
    assert all_luhn_valid(codes) == all(luhn.is_valid(code) for code in codes)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=16, max_size=16))
def test_the_sixteen_character_check_is_python_stdnum(text: str) -> None:
    assert is_valid_tax_code(text) == codicefiscale.is_valid(text)


# --------------------------------------------------------------------------------------------
# Tax codes


def test_a_float_tax_code_is_never_stringified_with_a_decimal_point() -> None:
    value, issue = read_tax_code(1735420018.0)
    assert value is None
    assert issue is not None and issue.code == "tax-code-stored-as-number"
    assert issue.params["suggestion"] == "01735420018"


def test_an_eleven_digit_number_that_is_a_valid_partita_iva_lost_nothing_and_is_accepted() -> None:
    valid = sample_files.partita_iva(9_876_543, 1)
    assert valid[0] != "0"
    assert read_tax_code(float(valid)) == (valid, None)
    assert read_tax_code(int(valid)) == (valid, None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (sample_files.PIVA_TORINO, sample_files.PIVA_TORINO),
        (" 007 431 101 57 ", sample_files.PIVA_TORINO),
        ("IT00743110157", sample_files.PIVA_TORINO),
        (sample_files.CF_PERSON.lower(), sample_files.CF_PERSON),
        ("rcc mnl 83s18 d969h", sample_files.CF_PERSON),
        (sample_files.CF_OMOCODIC, sample_files.CF_OMOCODIC),
        ("\u200b" + sample_files.PIVA_TORINO + "\ufeff", sample_files.PIVA_TORINO),
    ],
)
def test_valid_tax_codes_are_compacted_to_upper_case(cell: str, expected: str) -> None:
    assert read_tax_code(cell) == (expected, None)


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("00743110158", "00743110158"),  # check digit
        ("CNTCHR83T32D969H", "CNTCHR83T32D969H"),  # 32nd of the month
        ("abc", "ABC"),
        ("00743110157.0", "00743110157.0"),
    ],
)
def test_an_invalid_tax_code_is_kept_compacted_with_an_error(cell: str, stored: str) -> None:
    value, issue = read_tax_code(cell)
    assert value == stored
    assert issue is not None and (issue.code, issue.severity) == ("tax-code-invalid", Severity.ERROR)


def test_digits_only_text_shorter_than_eleven_is_a_lost_zero_as_in_a_csv_saved_by_excel() -> None:
    assert code(read_tax_code("1735420018")) == "tax-code-stored-as-number"


# --------------------------------------------------------------------------------------------
# Amounts


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1.234,56 €", "1234.56"),
        ("€ 1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("1.234.567", "1234567.00"),
        ("12.5", "12.50"),
        ("EUR 1.000", "1000.00"),
        ("1.000,00\u00a0€", "1000.00"),
        ("0", "0.00"),
        (0.30000000000000004, "0.30"),
        (1234.56, "1234.56"),
        (100000, "100000.00"),
        (-0.0, "0.00"),
    ],
)
def test_amounts_read_the_italian_way(cell: Any, expected: str) -> None:
    value, issue = read_amount(cell)
    assert issue is None
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "cell",
    [
        "1.234,5O",
        "12,5%",
        "-100",
        "(100)",
        "1,234",
        "1234.567",
        "1.23.4",
        "O",
        "12.345,678",
        True,
        12.345,
        -5.0,
        float("nan"),
        float("inf"),
        1e16,
        "1" * 16,
        time(10, 0),
        "dieci euro",
    ],
)
def test_what_is_not_an_amount_is_refused_never_guessed(cell: Any) -> None:
    value, issue = read_amount(cell)
    assert value is None
    assert issue is not None and (issue.code, issue.severity) == ("invalid-amount", Severity.ERROR)


# --------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    ("cell", "expected", "date_only"),
    [
        ("05/03/2024", datetime(2024, 3, 5), True),
        ("5/3/2024", datetime(2024, 3, 5), True),
        ("05-03-2024", datetime(2024, 3, 5), True),
        ("05.03.2024", datetime(2024, 3, 5), True),
        ("05/03/2024 10:30", datetime(2024, 3, 5, 10, 30), False),
        ("05/03/2024 10:30:15", datetime(2024, 3, 5, 10, 30, 15), False),
        ("2024-03-05", datetime(2024, 3, 5), True),
        ("2024-03-05T10:30", datetime(2024, 3, 5, 10, 30), False),
        ("2024-03-05 10:30:00", datetime(2024, 3, 5, 10, 30), False),
        (datetime(2024, 3, 5, 10, 30), datetime(2024, 3, 5, 10, 30), False),
        (date(2024, 3, 5), datetime(2024, 3, 5), True),
    ],
)
def test_dates_are_read_day_first_in_rome_time(cell: Any, expected: datetime, date_only: bool) -> None:
    assert read_date(cell) == (SubmissionTime(expected.replace(tzinfo=ROME), date_only), None)


def test_an_iso_time_with_an_offset_is_converted_to_rome() -> None:
    parsed, issue = read_date("2019-11-29T11:00:00Z")
    assert issue is None
    assert parsed.instant == datetime(2019, 11, 29, 12, 0, tzinfo=ROME)
    assert parsed.instant.utcoffset() == timedelta(hours=1)
    summer, _ = read_date("2019-07-01T10:00:00+00:00")
    assert summer.instant == datetime(2019, 7, 1, 12, 0, tzinfo=ROME)
    assert read_date(datetime(2019, 7, 1, 10, 0, tzinfo=UTC))[0].instant.hour == 12


@pytest.mark.parametrize(
    "cell",
    [
        "03/25/2024",
        "31/02/2024",
        "5/3/24",
        "2024/03/05",
        "05/03-2024",
        "1999-12-31",
        "01/01/2101",
        "ieri",
        "05/03/2024 25:00",
        True,
        time(10, 30),
        timedelta(days=3),
        0.5,
        12,
        float("nan"),
        datetime(1999, 1, 1),
    ],
)
def test_what_is_not_a_date_is_refused_and_never_swapped_day_for_month(cell: Any) -> None:
    assert code(read_date(cell)) == "invalid-date"


def test_a_serial_number_is_a_date_with_a_warning_that_says_which() -> None:
    parsed, issue = read_date(45356)
    assert parsed == SubmissionTime(datetime(2024, 3, 5, tzinfo=ROME), date_only=True)
    assert issue is not None and (issue.code, issue.severity) == ("date-stored-as-number", Severity.WARNING)
    assert issue.params == {"date": "05/03/2024"}
    with_time, warning = read_date(45356.4375)
    assert with_time == SubmissionTime(datetime(2024, 3, 5, 10, 30, tzinfo=ROME), date_only=False)
    assert warning is not None and warning.params == {"date": "05/03/2024 10:30"}


def test_the_1904_date_system_shifts_serial_numbers_by_four_years_and_a_day() -> None:
    assert read_date_1904(45356)[0] == SubmissionTime(datetime(2028, 3, 6, tzinfo=ROME), date_only=True)


# --------------------------------------------------------------------------------------------
# Vocabularies, text, identifiers


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Sì", True),
        ("SI", True),
        ("x", True),
        ("VERO", True),
        (True, True),
        (1, True),
        (1.0, True),
        ("No", False),
        ("falso", False),
        (False, False),
        (0, False),
    ],
)
def test_yes_no_answers_from_words_and_excel_booleans(cell: Any, expected: bool) -> None:
    assert read_yes_no(cell) == (expected, None)


def test_an_unknown_yes_no_answer_lists_what_is_accepted() -> None:
    value, issue = read_yes_no("forse")
    assert value is None
    assert issue is not None and issue.code == "invalid-value" and issue.params == {"expected": "sì, no"}


def test_applicant_types_accept_codes_and_italian_labels() -> None:
    assert read_applicant_type("Cooperativa sociale") == ("impresa-sociale", None)
    assert read_applicant_type("ENTE_GESTORE") == ("ente-gestore", None)
    assert code(read_applicant_type("fondazione")) == "invalid-value"
    assert code(read_applicant_type(3.0)) == "invalid-value"
    assert read_enterprise_size("Piccola impresa") == ("piccola", None)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("NA", "NA"),
        ("None", "None"),
        ("NULL", "NULL"),
        ("-", "-"),
        ("n.d.", "n.d."),
        (101.0, "101"),
        (7, "7"),
        ("  Ente\u00a0", "Ente"),
        ("\u200bD01", "D01"),
        (1.5, "1.5"),
    ],
)
def test_identifiers_stay_text(cell: Any, expected: str) -> None:
    assert read_text(cell) == (expected, None)


@pytest.mark.parametrize("cell", ["", "   ", "\u00a0", "\u200b", None])
def test_empty_cells_are_empty_for_every_reader(cell: Any) -> None:
    for reader in READERS.values():
        assert reader(cell) == (None, None)


def test_a_date_in_a_text_column_is_reported_since_the_original_text_is_lost() -> None:
    assert code(read_text(datetime(2024, 3, 1))) == "text-stored-as-date"
    assert code(read_text(1.2345678901234567e18)) == "digits-lost"


def test_cup_and_pec_problems_are_warnings_that_keep_the_value() -> None:
    assert read_cup("J12H18000010001") == ("J12H18000010001", None)
    assert read_cup("j12h18000010001") == ("j12h18000010001", None)
    value, issue = read_cup("J12H1800001000")
    assert value == "J12H1800001000" and issue is not None and issue.severity is Severity.WARNING
    assert read_pec("comune.torino@cert.comune.torino.it") == ("comune.torino@cert.comune.torino.it", None)
    assert code(read_pec("info@comune.example.it")) == "pec-not-certified-domain"
    assert code(read_pec("info@@pec.it")) == "pec-invalid"


@pytest.mark.parametrize(("cell", "expected"), [(72.5, "72.5"), ("72,5", "72.5"), ("80", "80"), (80, "80")])
def test_scores_are_decimal_numbers(cell: Any, expected: str) -> None:
    assert read_score(cell) == (Decimal(expected), None)


@pytest.mark.parametrize("cell", ["ottimo", "-3", "1.234,5", True, float("nan"), -1.0])
def test_a_score_that_is_not_a_non_negative_number_is_invalid_number(cell: Any) -> None:
    assert code(read_score(cell)) == "invalid-number"
