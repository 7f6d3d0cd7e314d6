"""Deadlines in force, date-only submissions and the FESR sportello window."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.applications import ROME, at, codes, make_application, partita_iva, run
from wecare_cli.config import Configuration
from wecare_cli.findings import Moment


@pytest.mark.parametrize(
    ("submitted", "late"),
    [
        pytest.param("2020-02-27T23:59", False, id="last minute of the last extension"),
        pytest.param("2020-02-28T00:00", True, id="first minute after the last extension"),
        pytest.param("2019-11-29T12:01", False, id="after the first extension but within the second"),
        pytest.param("2020-02-27", False, id="date only on the deadline day"),
        pytest.param("2020-02-28", True, id="date only the day after"),
    ],
)
def test_the_fse3_deadline_in_force_is_the_last_extension(
    configuration: Configuration, submitted: str, late: bool
) -> None:
    result = run(configuration, [make_application(row=7, submitted_at=at(submitted))])
    expected = [("deadline-missed", "Data presentazione", 7)] if late else []
    assert codes(result.verdicts[0]) == expected


def test_a_late_application_says_the_deadline_it_missed(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=5, submitted_at=at("2020-03-02T09:30"))])
    finding = result.verdicts[0].findings[0]
    assert finding.value == "02/03/2020 09:30"
    assert finding.params["deadline"] == Moment(datetime(2020, 2, 27, 23, 59, 59, tzinfo=ROME))
    assert result.verdicts[0].status == "ineligible"


def test_the_fse1_preliminary_deadline_runs_until_the_end_of_the_twentieth_of_december(
    configuration: Configuration,
) -> None:
    common = {"measure": "FSE1", "line": None, "applicant_type": "ente-gestore", "district": "Alba"}
    on_time = make_application(row=4, submitted_at=at("2017-12-20T23:59"), **common)
    late = make_application(
        row=5,
        submitted_at=at("2017-12-21T00:01"),
        district="Bra",
        **{k: v for k, v in common.items() if k != "district"},
    )
    result = run(configuration, [on_time, late])
    assert "deadline-missed" not in [c for c, _, _ in codes(result.verdicts[0])]
    assert ("deadline-missed", "Data presentazione", 5) in codes(result.verdicts[1])


def test_the_fesr_sportello_closes_at_ten_o_clock_exclusive(configuration: Configuration) -> None:
    fesr = {"measure": "FESR", "line": "B", "applicant_type": "impresa", "enterprise_size": "micro"}
    before = make_application(row=4, submitted_at=at("2020-02-21T09:59"), **fesr)
    at_ten = make_application(
        row=5, submitted_at=at("2020-02-21T10:00"), applicant_tax_code=partita_iva(5), **fesr
    )
    result = run(configuration, [before, at_ten])
    assert codes(result.verdicts[0]) == []
    assert codes(result.verdicts[1]) == [("deadline-missed", "Data presentazione", 5)]


def test_a_date_only_submission_on_the_closing_day_of_the_sportello_is_a_warning_not_an_error(
    configuration: Configuration,
) -> None:
    fesr = {"measure": "FESR", "line": "B", "applicant_type": "impresa", "enterprise_size": "micro"}
    result = run(configuration, [make_application(row=9, submitted_at=at("2020-02-21"), **fesr)])
    assert codes(result.verdicts[0]) == [("submission-time-missing", "Data presentazione", 9)]
    assert result.verdicts[0].eligible


def test_a_sportello_application_before_the_opening_is_refused(configuration: Configuration) -> None:
    fesr = {"measure": "FESR", "line": "B", "applicant_type": "impresa", "enterprise_size": "micro"}
    result = run(configuration, [make_application(row=6, submitted_at=at("2018-10-14T23:59"), **fesr)])
    assert codes(result.verdicts[0]) == [("submitted-before-opening", "Data presentazione", 6)]
    assert result.verdicts[0].findings[0].params["opens"] == Moment(datetime(2018, 10, 15, tzinfo=ROME))


def test_a_submission_after_the_time_of_the_check_is_flagged_as_a_probable_typo(
    configuration: Configuration,
) -> None:
    result = run(configuration, [make_application(row=4, submitted_at=at("2027-02-20T11:00"))])
    assert ("submitted-in-the-future", "Data presentazione", 4) in codes(result.verdicts[0])


def test_an_unknown_deadline_is_not_guessed_but_listed_as_a_rule_not_applied(
    configuration: Configuration,
) -> None:
    row = make_application(row=4, line="aggregatori", submitted_at=at("2030-01-01T10:00"))
    result = run(configuration, [row])
    assert "deadline-missed" not in [c for c, _, _ in codes(result.verdicts[0])]
    unchecked = [(u.measure, u.line, u.rule) for u in result.unchecked]
    assert ("FSE3", "aggregatori", "deadline-missed") in unchecked
    assert ("FSE3", "aggregatori", "applicant-type-not-allowed") in unchecked
