"""Scorrimento: each event frees or adds money, and the envelope's policy walks the approved order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.applications import run
from tests.ranking.scrolling import (
    attivazione,
    envelope_of,
    event,
    fesr_b,
    fse1,
    outcome,
    scrolled,
    with_envelope,
)
from wecare_cli.config import Configuration
from wecare_cli.config.measures import AllocationPolicy, Partnership
from wecare_cli.errors import ConfigError
from wecare_cli.ranking import rank_check
from wecare_cli.ranking.model import AllocationNote, StageRef

RENUNCIATION_DAY = date(2020, 3, 16)


@pytest.fixture
def small(configuration: Configuration) -> Configuration:
    """FSE3 attivazione with a budget of 150,000 € (strict order)."""
    return with_envelope(configuration, "FSE3", "attivazione", budget=150_000)


def test_without_events_the_stage_refs_stay_empty_and_there_is_no_scorrimento(small: Configuration) -> None:
    result = rank_check(run(small, attivazione([("A", 90, 80_000)])))
    assert result.scorrimento is None
    application = envelope_of(result, "FSE3", "attivazione").applications[0]
    assert (application.funded_by, application.withdrawn_by, application.status_set_by) == (None, None, None)


def test_a_renunciation_funds_exactly_the_next_one_and_no_further(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000), ("D", 60, 60_000)])
    result = scrolled(small, rows, event("rinuncia", application="A", act="D.D. n. 5"))
    assert outcome(result) == [
        ("A", "renounced", 0),
        ("B", "funded", 70_000),
        ("C", "funded", 70_000),
        ("D", "eligible-not-funded", 0),
    ]
    envelope = envelope_of(result, "FSE3", "attivazione")
    assert (envelope.budget, envelope.allocated, envelope.residual) == (
        Decimal(150_000),
        Decimal(140_000),
        Decimal(10_000),
    )
    a, b, c, _ = envelope.applications
    stage_one = StageRef(1, RENUNCIATION_DAY, "D.D. n. 5")
    assert (a.funded_by, a.withdrawn_by) == (StageRef(0, None, None), stage_one)
    assert (b.funded_by, c.funded_by) == (StageRef(0, None, None), stage_one)
    assert [a.rank for a in envelope.applications] == [1, 2, 3, 4]  # nobody is re-ranked
    assert [int(a.cumulative_granted) for a in envelope.applications] == [0, 70_000, 140_000, 140_000]


def test_one_euro_short_the_next_one_is_not_funded_and_strict_order_stops_there(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 80_001), ("D", 60, 60_000)])
    result = scrolled(small, rows, event("rinuncia", application="A"))
    assert outcome(result) == [
        ("A", "renounced", 0),
        ("B", "funded", 70_000),
        ("C", "eligible-not-funded", 0),
        ("D", "eligible-not-funded", 0),
    ]
    assert envelope_of(result, "FSE3", "attivazione").residual == 80_000
    assert result.scorrimento is not None
    assert result.scorrimento.stages[1].envelopes[0].funded == ()


def test_under_the_partial_policy_the_partially_funded_one_is_topped_up_first(
    configuration: Configuration,
) -> None:
    partial = with_envelope(configuration, "FSE3", "attivazione", 150_000, AllocationPolicy.PARTIAL)
    rows = attivazione([("A", 90, 80_000), ("B", 80, 100_000), ("C", 70, 60_000)])
    assert outcome(rank_check(run(partial, rows))) == [
        ("A", "funded", 80_000),
        ("B", "partially-funded", 70_000),
        ("C", "eligible-not-funded", 0),
    ]
    result = scrolled(partial, rows, event("rinuncia", application="A"))
    assert outcome(result) == [
        ("A", "renounced", 0),
        ("B", "funded", 100_000),
        ("C", "partially-funded", 50_000),
    ]
    assert result.scorrimento is not None
    funded = result.scorrimento.stages[1].envelopes[0].funded
    assert [(g.application_id, int(g.before), int(g.after), str(g.status)) for g in funded] == [
        ("B", 70_000, 100_000, "funded"),
        ("C", 0, 50_000, "partially-funded"),
    ]


def test_under_skip_ahead_a_request_that_still_does_not_fit_is_skipped_and_a_later_one_funded(
    configuration: Configuration,
) -> None:
    skipping = with_envelope(configuration, "FSE3", "attivazione", 150_000, AllocationPolicy.SKIP_AHEAD)
    rows = attivazione([("A", 90, 60_000), ("B", 80, 100_000), ("C", 70, 90_000), ("D", 60, 50_000)])
    assert outcome(rank_check(run(skipping, rows))) == [
        ("A", "funded", 60_000),
        ("B", "eligible-not-funded", 0),
        ("C", "funded", 90_000),
        ("D", "eligible-not-funded", 0),
    ]
    result = scrolled(skipping, rows, event("revoca", application="A"))
    assert outcome(result) == [
        ("A", "revoked", 0),
        ("B", "eligible-not-funded", 0),
        ("C", "funded", 90_000),
        ("D", "funded", 50_000),
    ]


def test_two_events_of_the_same_day_are_applied_in_the_order_of_the_file(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 60_000)])
    renounce = event("rinuncia", application="A")
    cut = event("riduzione-dotazione", measure="FSE3", line="attivazione", amount=20_000)
    result = scrolled(small, rows, renounce, cut)
    assert outcome(result) == [("A", "renounced", 0), ("B", "funded", 70_000), ("C", "funded", 60_000)]
    assert result.scorrimento is not None
    first, second = result.scorrimento.stages[1:]
    assert [(g.application_id, int(g.after)) for g in first.envelopes[0].funded] == [("C", 60_000)]
    assert (first.envelopes[0].residual, second.envelopes[0].residual) == (Decimal(20_000), Decimal(0))
    assert (second.envelopes[0].budget, second.envelopes[0].budget_change) == (
        Decimal(130_000),
        Decimal(-20_000),
    )


def test_a_cut_written_before_the_renunciation_of_the_same_day_comes_first_and_is_refused(
    small: Configuration,
) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000)])
    cut = event("riduzione-dotazione", measure="FSE3", line="attivazione", amount=20_000)
    renounce = event("rinuncia", application="A")
    with pytest.raises(ConfigError) as refused:
        scrolled(small, rows, cut, renounce)
    assert [(line, path, reason.code) for line, path, reason in refused.value.problems] == [
        (16, "events[0].amount_eur", "event-budget-below-granted")
    ]


def test_events_are_applied_by_date_whatever_their_order_in_the_file(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000)])
    later = event("rinuncia", date(2020, 5, 4), application="C", act="later")
    earlier = event("rinuncia", date(2020, 4, 1), application="A", act="earlier")
    result = scrolled(small, rows, later, earlier)
    assert result.scorrimento is not None
    assert [s.event.act for s in result.scorrimento.stages[1:] if s.event] == ["earlier", "later"]
    assert outcome(result) == [("A", "renounced", 0), ("B", "funded", 70_000), ("C", "renounced", 0)]


def test_a_budget_increase_never_reaches_an_application_below_the_threshold(
    configuration: Configuration,
) -> None:
    scored = with_envelope(configuration, "FSE3", "attivazione", 150_000, threshold=60)
    rows = attivazione([("A", 90, 80_000), ("B", 70, 100_000), ("LOW", 50, 60_000), ("C", 65, 60_000)])
    increase = event("incremento-dotazione", measure="FSE3", line="attivazione", amount=200_000)
    result = scrolled(scored, rows, increase)
    assert outcome(result) == [
        ("A", "funded", 80_000),
        ("B", "funded", 100_000),
        ("C", "funded", 60_000),
        ("LOW", "below-threshold", 0),
    ]
    envelope = envelope_of(result, "FSE3", "attivazione")
    assert (envelope.budget, envelope.residual) == (Decimal(350_000), Decimal(110_000))


def test_a_district_whose_funded_project_renounces_can_be_funded_by_its_next_project(
    configuration: Configuration,
) -> None:
    # One funded project per district (the cap), several applications allowed for the test.
    capped = with_envelope(configuration, "FSE1", None, partnership=Partnership())
    rows, partners = fse1(
        [("ALBA-1", 90, "Alba", 300_000), ("ALBA-2", 80, "Alba", 250_000), ("BRA-1", 70, "Bra", 200_000)]
    )
    approved = rank_check(run(capped, rows, partners))
    first = envelope_of(approved, "FSE1", None).applications
    assert [(str(a.status), a.note) for a in first] == [
        ("funded", None),
        ("eligible-not-funded", AllocationNote.DISTRICT_CAP_REACHED),
        ("funded", None),
    ]
    renounce = event("rinuncia", date(2018, 6, 1), application="ALBA-1")
    result = scrolled(capped, rows, renounce, partners=partners)
    applications = envelope_of(result, "FSE1", None).applications
    assert [
        (str(a.verdict.row.application_id), str(a.status), int(a.granted), a.note) for a in applications
    ] == [
        ("ALBA-1", "renounced", 0, None),
        ("ALBA-2", "funded", 250_000, None),
        ("BRA-1", "funded", 200_000, None),
    ]


def test_in_a_sportello_the_freed_money_goes_to_the_next_in_submission_order(
    configuration: Configuration,
) -> None:
    sportello = with_envelope(configuration, "FESR", "B", budget=150_000)
    rows = fesr_b(
        [
            ("LATE", "2019-01-10T11:00", 60_000),
            ("FIRST", "2019-01-10T09:00", 80_000),
            ("NEXT", "2019-01-10T10:00", 80_000),
        ]
    )
    assert outcome(rank_check(run(sportello, rows)), "FESR", "B") == [
        ("FIRST", "funded", 80_000),
        ("NEXT", "eligible-not-funded", 0),
        ("LATE", "eligible-not-funded", 0),
    ]
    result = scrolled(sportello, rows, event("revoca", date(2019, 3, 4), application="FIRST"))
    assert outcome(result, "FESR", "B") == [
        ("FIRST", "revoked", 0),
        ("NEXT", "funded", 80_000),
        ("LATE", "funded", 60_000),
    ]


def test_a_rideterminazione_keeps_the_grant_funded_at_the_new_amount_and_frees_the_difference(
    configuration: Configuration,
) -> None:
    partial = with_envelope(configuration, "FSE3", "attivazione", 150_000, AllocationPolicy.PARTIAL)
    rows = attivazione([("A", 90, 100_000), ("B", 80, 60_000)])
    lower = event("rideterminazione", application="A", amount=90_000, act="D.D. n. 9")
    increase = event(
        "incremento-dotazione", date(2020, 4, 1), measure="FSE3", line="attivazione", amount=50_000
    )
    result = scrolled(partial, rows, lower, increase)
    # A keeps 90,000 (never topped up back to its request); B, partial at 50,000, is topped up.
    assert outcome(result) == [("A", "funded", 90_000), ("B", "funded", 60_000)]
    a = envelope_of(result, "FSE3", "attivazione").applications[0]
    assert a.redetermined_by == StageRef(1, RENUNCIATION_DAY, "D.D. n. 9")
    assert a.status_set_by == a.redetermined_by
    assert result.scorrimento is not None
    stage = result.scorrimento.stages[1]
    assert stage.touched is not None and (int(stage.touched.before), int(stage.touched.after)) == (
        100_000,
        90_000,
    )
    assert stage.envelopes[0].freed == Decimal(10_000)


def test_an_envelope_untouched_by_events_is_as_approved(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000)])
    result = scrolled(small, rows, event("rinuncia", application="A"))
    approved = rank_check(run(small, rows))
    assert envelope_of(result, "FSE2", "territoriale") == envelope_of(approved, "FSE2", "territoriale")


def test_stage_zero_lists_every_funded_application_of_every_envelope(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000)])
    result = scrolled(small, rows, event("rinuncia", application="A"))
    assert result.scorrimento is not None
    stage = result.scorrimento.stages[0]
    assert stage.event is None and len(stage.envelopes) == len(result.envelopes)
    attivazione_stage = next(e for e in stage.envelopes if e.line == "attivazione")
    assert [g.application_id for g in attivazione_stage.funded] == ["A", "B"]


def test_events_of_another_measure_are_not_applied_when_one_measure_is_ranked(small: Configuration) -> None:
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000)])
    fesr = event("incremento-dotazione", date(2019, 3, 4), measure="FESR", line="B", amount=1000)
    result = scrolled(small, rows, fesr, event("rinuncia", application="A"), measure="FSE3")
    assert result.scorrimento is not None
    assert result.scorrimento.outside_filter == 1
    assert len(result.scorrimento.stages) == 2
