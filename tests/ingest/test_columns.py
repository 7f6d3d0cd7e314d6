"""The whole-column fast paths give exactly what the per-cell readers give, on clean and messy columns."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli.ingest.cells import (
    CellReader,
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
from wecare_cli.ingest.columns import (
    ColumnReader,
    _amount_fast,
    _cup_fast,
    _pec_fast,
    _score_fast,
    _with_fallback,
    application_columns,
    per_cell,
)
from wecare_cli.ingest.model import SubmissionTime

COLUMNS = application_columns(ROME)
CELL_READERS: dict[str, CellReader] = {
    "application_id": read_text,
    "applicant_tax_code": read_tax_code,
    "applicant_type": read_applicant_type,
    "enterprise_size": read_enterprise_size,
    "non_profit": read_yes_no,
    "requested_amount": read_amount,
    "submitted_at": make_date_reader(ROME),
    "score": read_score,
    "cup": read_cup,
    "pec": read_pec,
}

any_cell = st.one_of(
    st.text(max_size=20),
    st.integers(min_value=-(10**18), max_value=10**18),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.just(""),
)

clean_cells: dict[str, st.SearchStrategy[Any]] = {
    "application_id": st.text(alphabet="ABCDEF-0123456789 ", min_size=0, max_size=12),
    "applicant_tax_code": st.builds(
        sample_files.partita_iva, st.integers(1, 9_999_999), st.sampled_from([1, 4, 96, 100, 120, 888])
    ),
    "applicant_type": st.sampled_from(["comune", "ets", "Cooperativa sociale", "odv", "ASL", ""]),
    "enterprise_size": st.sampled_from(["micro", "piccola", "Media impresa"]),
    "non_profit": st.one_of(st.booleans(), st.sampled_from(["Sì", "No", "si"])),
    "requested_amount": st.one_of(
        st.decimals(min_value=Decimal(0), max_value=Decimal("9999999999999.99"), places=2).map(
            lambda d: f"{d:.2f}".replace(".", ",")
        ),
        st.integers(0, 10**14).map(str),
    )
    | st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2).map(float),
    "submitted_at": st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2110, 12, 31)).map(
        lambda d: d.strftime("%d/%m/%Y %H:%M")
    )
    | st.dates(min_value=datetime(1990, 1, 1).date(), max_value=datetime(2110, 12, 31).date()).map(
        lambda d: d.strftime("%d/%m/%Y")
    )
    | st.one_of(
        st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31)).map(
            lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000)
        ),
        st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2100, 12, 31).date()),
    ),
    "score": st.floats(min_value=0, max_value=100, allow_nan=False).map(lambda x: round(x, 2)),
    "cup": st.from_regex(r"[A-Z][0-9]{2}[A-Z][0-9]{11}", fullmatch=True),
    "pec": st.builds(
        lambda user, provider: f"{user}@{provider}",
        st.from_regex(r"[a-z][a-z0-9._-]{0,10}", fullmatch=True),
        st.sampled_from(
            ["pec.it", "legalmail.it", "cert.ruparpiemonte.it", "example.com", "pec.comune.to.it"]
        ),
    ),
}


def _same(column: ColumnReader, cell: CellReader, values: list[Any]) -> None:
    fast_values, fast_issues = column(tuple(values))
    slow_values, slow_issues = per_cell(cell)(tuple(values))
    assert [repr(v) for v in fast_values] == [repr(v) for v in slow_values]
    assert fast_issues == slow_issues


@pytest.mark.parametrize("name", sorted(CELL_READERS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_clean_column_read_at_once_equals_reading_each_cell(name: str, data: st.DataObject) -> None:
    values = data.draw(st.lists(clean_cells[name], min_size=1, max_size=60))
    _same(COLUMNS[name], CELL_READERS[name], values)


@pytest.mark.parametrize("name", sorted(CELL_READERS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_messy_column_read_at_once_equals_reading_each_cell(name: str, data: st.DataObject) -> None:
    cell = st.one_of(clean_cells[name], any_cell)
    values = data.draw(st.lists(cell, min_size=1, max_size=30))
    _same(COLUMNS[name], CELL_READERS[name], values)


@pytest.mark.parametrize("name", sorted(CELL_READERS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_a_clean_column_with_empty_cells_read_at_once_equals_reading_each_cell(
    name: str, data: st.DataObject
) -> None:
    # Empty cells: an empty text as a workbook row gives it, None past the end of a short row.
    cell = st.one_of(clean_cells[name], st.sampled_from(["", None]))
    values = data.draw(st.lists(cell, min_size=1, max_size=40))
    _same(COLUMNS[name], CELL_READERS[name], values)


@pytest.mark.parametrize(
    ("fast", "reader", "filled"),
    [
        (_score_fast, read_score, [55.0, 72.5]),
        (_cup_fast, read_cup, ["J12B34567890123", "E81C19000120007"]),
        (_amount_fast, read_amount, [1500.0, 2750.5]),
        (_pec_fast, read_pec, ["a@pec.it", "b@legalmail.it"]),
    ],
    ids=["score", "cup", "amount", "pec"],
)
def test_the_filled_cells_of_a_column_with_gaps_are_read_at_once_not_cell_by_cell(
    fast: Any, reader: CellReader, filled: list[Any]
) -> None:
    read: list[object] = []

    def each_cell(value: object) -> Any:
        read.append(value)
        return reader(value)

    cells = ["", filled[0], None, filled[1], ""]
    values, issues = _with_fallback(fast, each_cell)(cells)
    assert read == []
    assert issues == {}
    assert values == per_cell(reader)(cells)[0]
    assert [value is None for value in values] == [True, False, True, False, True]


def test_float_noise_and_zero_amounts_take_the_cell_by_cell_path_with_the_same_result() -> None:
    values = [0.1 + 0.2, 0.0, -0.0, 12.5, 1234.56]
    _same(COLUMNS["requested_amount"], read_amount, values)
    assert COLUMNS["requested_amount"](tuple(values))[0][0] == Decimal("0.30")


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(
        st.decimals(min_value=Decimal(0), max_value=Decimal("99999999999999.99"), places=2).map(
            lambda d: f"{d:.2f}".replace(".", ",")
        ),
        min_size=1,
        max_size=40,
    )
)
def test_a_column_of_amounts_written_as_text_with_a_decimal_comma_reads_like_each_cell(
    values: list[str],
) -> None:
    _same(COLUMNS["requested_amount"], read_amount, values)


@settings(max_examples=80, deadline=None)
@given(
    moments=st.lists(
        st.datetimes(min_value=datetime(1995, 1, 1), max_value=datetime(2105, 12, 31)), min_size=1
    ),
    with_time=st.booleans(),
)
def test_a_column_of_dates_written_as_text_reads_like_each_cell(
    moments: list[datetime], with_time: bool
) -> None:
    pattern = "%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y"
    _same(COLUMNS["submitted_at"], make_date_reader(ROME), [m.strftime(pattern) for m in moments])


def test_an_impossible_day_in_a_text_date_column_is_found_cell_by_cell() -> None:
    values = ("20/11/2019 10:30", "31/02/2019 10:30", "21/11/2019 09:00")
    converted, issues = COLUMNS["submitted_at"](values)
    assert converted[1] is None and issues[1].code == "invalid-date"
    assert converted[0] == SubmissionTime(datetime(2019, 11, 20, 10, 30, tzinfo=ROME), date_only=False)


@pytest.mark.parametrize("odd_cell", [None, 7.0], ids=["all-text", "a-number-among-them"])
def test_a_column_repeating_a_few_codes_keeps_one_text_object_per_code(odd_cell: object) -> None:
    read = application_columns(ROME)["measure"]
    cells: list[object] = [f" {code} " for code in ["FSE1", "FSE3", "FESR"] * 400]
    if odd_cell is not None:
        cells[5] = odd_cell  # the column is then read cell by cell
    values, _ = read(cells)
    assert values == [per_cell(read_text)([cell])[0][0] for cell in cells]
    texts = [value for value in values if isinstance(value, str)]
    assert len({id(text) for text in texts}) == len(set(texts)) == (3 if odd_cell is None else 4)


def test_a_column_of_distinct_texts_is_read_like_each_cell() -> None:
    read = application_columns(ROME)["application_id"]
    cells = [f"WCR-{number:05d}" for number in range(1200)] + ["WCR-00001"]
    values, issues = read(cells)
    assert issues == {} and values == cells


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("score", [72.5, 60.0, 72.5, 0.5] * 300),
        ("requested_amount", [150000.0, 12500.5, 150000.0] * 300),
        ("requested_amount", ["150000", "12500,5", "12500,50", "150000"] * 300),
    ],
    ids=["scores", "amounts-as-numbers", "amounts-as-text"],
)
def test_a_column_repeating_a_few_numbers_keeps_one_decimal_per_value_as_each_cell_reads_it(
    name: str, cells: list[object]
) -> None:
    read = application_columns(ROME)[name]
    values, issues = read(cells)
    assert issues == {}
    assert [repr(value) for value in values] == [
        repr(per_cell(CELL_READERS[name])([cell])[0][0]) for cell in cells
    ]
    assert len({id(value) for value in values}) == len(set(cells))  # one object per distinct cell


def test_a_column_of_numbers_with_a_few_texts_reads_only_the_texts_cell_by_cell() -> None:
    read: list[object] = []

    def each_cell(value: object) -> Any:
        read.append(value)
        return read_amount(value)

    cells = [1500.0, "1.234,56", 2750.5, "", "n.d.", 90000.0, None, "1.000"]
    values, issues = _with_fallback(_amount_fast, each_cell)(cells)
    assert read == ["1.234,56", "n.d.", "1.000"]
    assert (values, issues) == per_cell(read_amount)(cells)
    assert list(issues) == [4]
