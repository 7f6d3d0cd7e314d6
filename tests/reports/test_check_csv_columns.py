"""The CSV of a check, written a column at a time, is the CSV of its records written one by one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wecare_cli import check
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports import check as report
from wecare_cli.reports.check import CSV_COLUMNS, check_csv, finding_record
from wecare_cli.reports.machine import csv_cell, csv_column, to_csv
from wecare_cli.verdicts import CheckResult

EXAMPLE = Path(__file__).parents[2] / "examples" / "domande-esempio.xlsx"


def records(result: CheckResult, lang: Lang) -> list[dict[str, Any]]:
    """The lines of the CSV as records, as the CSV was first written: the reference."""
    lines: list[dict[str, Any]] = []
    for verdict in result.verdicts:
        base = {
            "application_id": verdict.row.application_id,
            "measure": verdict.measure,
            "line": verdict.line,
            "status": verdict.status,
            "applicant_name": verdict.row.applicant_name,
            "file": verdict.row.position.file,
            "sheet": verdict.row.position.sheet,
            "row": verdict.row.position.row,
        }
        if not verdict.findings:
            lines.append(base)
        lines += [{**base, **finding_record(f, lang)} for f in verdict.findings]
    lines += [{"status": "file", **finding_record(f, lang)} for f in result.file_findings]
    return lines


@pytest.mark.parametrize("lang", [Lang.IT, Lang.EN])
@pytest.mark.parametrize("block", [1, 3, 2048])
def test_the_example_s_csv_is_its_records_written_one_by_one(
    lang: Lang, block: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(report, "BLOCK", block)
    result = check(EXAMPLE, as_of=date(2026, 12, 1))
    assert result.file_findings and any(not v.findings for v in result.verdicts)
    assert check_csv(result, lang) == to_csv(records(result, lang), CSV_COLUMNS, lang)


def test_a_file_finding_and_a_finding_without_a_place_keep_their_columns_empty() -> None:
    result = check(EXAMPLE, as_of=date(2026, 12, 1))
    placeless = Finding("no-data", Severity.ERROR)
    verdict = result.verdicts[0]
    moved = type(verdict)(
        row=verdict.row,
        measure=verdict.measure,
        line=verdict.line,
        phase=verdict.phase,
        district=verdict.district,
        findings=(placeless, *verdict.findings),
    )
    changed = type(result)(
        verdicts=(moved, *result.verdicts[1:]),
        file_findings=(placeless, *result.file_findings),
        files=result.files,
        unchecked=result.unchecked,
        reference_time=result.reference_time,
        configuration=result.configuration,
    )
    assert check_csv(changed, Lang.IT) == to_csv(records(changed, Lang.IT), CSV_COLUMNS, Lang.IT)


CELLS = st.one_of(
    st.none(),
    st.text(max_size=8),
    st.sampled_from(["=1+1", "+39 011", "-", "@x", "\tx", "\rx", "plain"]),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.text(max_size=3), max_size=2).map(tuple),
    st.sampled_from(list(Severity)),
)


@given(st.lists(CELLS, max_size=8), st.sampled_from([Lang.IT, Lang.EN]))
def test_a_column_is_written_as_each_of_its_cells(values: list[object], lang: Lang) -> None:
    assert csv_column(values, lang) == [csv_cell(value, lang) for value in values]


def test_an_amount_in_a_column_keeps_the_language_s_decimal_separator() -> None:
    assert csv_column([Decimal("1.5"), "=SUM(A1)"], Lang.IT) == ["1,5", "'=SUM(A1)"]
