"""The JSON of an application written directly is the text of encoding its record."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wecare_cli import check
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.model import ApplicationRow, Position, SubmissionTime
from wecare_cli.reports.check import application_json, application_record, applications_json
from wecare_cli.reports.machine import encode_compact
from wecare_cli.verdicts import Verdict

EXAMPLE = Path(__file__).parents[2] / "examples" / "domande-esempio.xlsx"
ROME = ZoneInfo("Europe/Rome")

TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # quotes, backslashes, controls, C1, emoji
MAYBE_TEXT = st.none() | TEXT
AMOUNT = st.none() | st.decimals(min_value=0, max_value=10**30, places=2, allow_nan=False)
CELL: st.SearchStrategy[object] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    TEXT,
    st.floats(allow_nan=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.dates(),
    st.times(),
)


@st.composite
def verdicts(draw: st.DrawFn) -> Verdict:
    submitted = draw(st.none() | st.datetimes(timezones=st.just(ROME)))
    row = ApplicationRow(
        position=Position(file=draw(TEXT), sheet=draw(MAYBE_TEXT), row=draw(st.integers(1, 1_048_576))),
        headers={},
        letters={},
        application_id=draw(MAYBE_TEXT),
        applicant_name=draw(MAYBE_TEXT),
        applicant_tax_code=draw(MAYBE_TEXT),
        applicant_type=draw(MAYBE_TEXT),
        requested_amount=draw(AMOUNT),
        total_cost=draw(AMOUNT),
        score=draw(AMOUNT),
        submitted_at=SubmissionTime(submitted, draw(st.booleans())) if submitted else None,
        extra=draw(st.dictionaries(TEXT, CELL, max_size=3)),
    )
    findings = draw(
        st.lists(
            st.builds(
                Finding,
                code=st.sampled_from(["deadline-missed", "invalid-value", "no-such-code"]),
                severity=st.sampled_from(list(Severity)),
                file=MAYBE_TEXT,
                sheet=MAYBE_TEXT,
                row=st.none() | st.integers(1, 10**6),
                column=MAYBE_TEXT,
                value=MAYBE_TEXT,
            ),
            max_size=3,
        )
    )
    return Verdict(
        row=row,
        measure=draw(MAYBE_TEXT),
        line=draw(MAYBE_TEXT),
        phase=draw(MAYBE_TEXT),
        district=draw(MAYBE_TEXT),
        findings=tuple(findings),
    )


@given(verdicts(), st.sampled_from([Lang.IT, Lang.EN]))
def test_any_application_is_written_as_its_record_would_be_encoded(verdict: Verdict, lang: Lang) -> None:
    assert application_json(verdict, lang) == encode_compact(application_record(verdict, lang))


@pytest.mark.parametrize("lang", [Lang.IT, Lang.EN])
def test_every_application_of_the_example_is_written_as_its_record(lang: Lang) -> None:
    result = check(EXAMPLE, as_of=date(2026, 12, 1))
    assert len(result.verdicts) == 32
    for verdict in result.verdicts:
        assert application_json(verdict, lang) == encode_compact(application_record(verdict, lang))


def test_a_time_and_a_datetime_in_extra_columns_are_iso_text() -> None:
    row = ApplicationRow(
        position=Position(file="d.xlsx", sheet="Domande", row=2),
        headers={},
        letters={},
        extra={"Ora": time(9, 30), "Quando": datetime(2020, 1, 2, 3, 4)},
    )
    verdict = Verdict(row=row, measure=None, line=None, phase=None, district=None, findings=())
    written = application_json(verdict, Lang.IT)
    assert '"extra": {"Ora": "09:30:00", "Quando": "2020-01-02T03:04:00"}' in written
    assert written == encode_compact(application_record(verdict, Lang.IT))


def test_an_amount_with_cents_beyond_28_digits_is_written_rounded_to_the_cent() -> None:
    from wecare_cli.reports.machine import json_number

    assert json_number(Decimal("123456789012345678901234567.5")) == 1.2345678901234568e26
    assert json_number(Decimal("12.5")) == 12.5
    assert json_number(Decimal("1000000")) == 1_000_000


@given(st.lists(verdicts(), max_size=6), st.sampled_from([Lang.IT, Lang.EN]))
def test_applications_encoded_a_column_at_a_time_are_each_written_as_its_record(
    written: list[Verdict], lang: Lang
) -> None:
    # Columns with and without a missing value (the text encoder's one pass), and codes that repeat.
    assert applications_json(written, lang) == [encode_compact(application_record(v, lang)) for v in written]


def test_a_document_written_in_blocks_of_applications_is_the_document_written_whole() -> None:
    from wecare_cli.reports import check as report
    from wecare_cli.reports.machine import to_json, write_json

    result = check(EXAMPLE, as_of=date(2026, 12, 1))
    whole = to_json(report.check_document(result, Lang.IT))
    for block in (1, 5, 32, 2048):
        pieces: list[str] = []
        previous, report.BLOCK = report.BLOCK, block
        try:
            write_json(report.check_document(result, Lang.IT, lazy=True), pieces.append)
        finally:
            report.BLOCK = previous
        assert "".join(pieces) == whole
