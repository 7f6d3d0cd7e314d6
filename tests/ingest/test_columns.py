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
from wecare_cli.ingest.columns import ColumnReader, application_columns, per_cell

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
    "requested_amount": st.decimals(
        min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2
    ).map(float),
    "submitted_at": st.one_of(
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


def test_float_noise_and_zero_amounts_take_the_cell_by_cell_path_with_the_same_result() -> None:
    values = [0.1 + 0.2, 0.0, -0.0, 12.5, 1234.56]
    _same(COLUMNS["requested_amount"], read_amount, values)
    assert COLUMNS["requested_amount"](tuple(values))[0][0] == Decimal("0.30")
