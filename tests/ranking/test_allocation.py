"""Allocation edge cases: exact fit, one euro over, ties at the cut line, empty and zero budgets, policies."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.applications import at, make_application, run
from wecare_cli.config import Configuration
from wecare_cli.config.measures import AllocationPolicy, TieBreak
from wecare_cli.ranking import rank_check
from wecare_cli.ranking.allocation import allocate
from wecare_cli.ranking.model import AllocationNote, RankedApplication
from wecare_cli.ranking.ordering import Scored, order, score_of


def scored_rows(
    configuration: Configuration, requests: list[tuple[str, int, int]]
) -> list[tuple[Scored, TieBreak | None]]:
    """(id, score, requested €) → ordered FSE3 attivazione applications."""
    rows = [
        make_application(
            row=index + 4,
            application_id=identifier,
            score=Decimal(score),
            requested_amount=Decimal(requested),
            total_cost=Decimal(requested) * 2 if requested * 2 <= 200_000 else Decimal(200_000),
        )
        for index, (identifier, score, requested) in enumerate(requests)
    ]
    result = run(configuration, rows)
    measure = configuration.measures.measure("FSE3")
    assert measure is not None
    return order(measure, [score_of(v, None) for v in result.verdicts])


def outcome(placed: tuple[RankedApplication, ...]) -> list[tuple[str | None, str, int]]:
    return [(a.verdict.row.application_id, str(a.status), int(a.granted)) for a in placed]


def test_an_envelope_that_exactly_covers_the_requests_funds_them_all(configuration: Configuration) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 80, 40_000)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.STRICT_ORDER, None, None)
    assert outcome(placed) == [("A", "funded", 60_000), ("B", "funded", 40_000)]
    assert placed[-1].cumulative_granted == Decimal(100_000)


def test_one_euro_over_the_budget_leaves_the_last_one_unfunded(configuration: Configuration) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 80, 40_001)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.STRICT_ORDER, None, None)
    assert outcome(placed) == [("A", "funded", 60_000), ("B", "eligible-not-funded", 0)]


def test_strict_order_does_not_fund_a_smaller_later_request_that_would_fit(
    configuration: Configuration,
) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 80, 50_000), ("C", 70, 10_000)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.STRICT_ORDER, None, None)
    assert outcome(placed) == [
        ("A", "funded", 60_000),
        ("B", "eligible-not-funded", 0),
        ("C", "eligible-not-funded", 0),
    ]


def test_skip_ahead_funds_a_smaller_later_request_that_fits(configuration: Configuration) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 80, 50_000), ("C", 70, 10_000)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.SKIP_AHEAD, None, None)
    assert outcome(placed) == [
        ("A", "funded", 60_000),
        ("B", "eligible-not-funded", 0),
        ("C", "funded", 10_000),
    ]


def test_partial_funding_gives_the_first_that_does_not_fit_what_is_left_and_stops(
    configuration: Configuration,
) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 80, 50_000), ("C", 70, 10_000)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.PARTIAL, None, None)
    assert outcome(placed) == [
        ("A", "funded", 60_000),
        ("B", "partially-funded", 40_000),
        ("C", "eligible-not-funded", 0),
    ]


def test_a_zero_budget_funds_nobody(configuration: Configuration) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000)])
    placed = allocate(ordered, Decimal(0), AllocationPolicy.PARTIAL, None, None)
    assert outcome(placed) == [("A", "eligible-not-funded", 0)]


def test_an_application_under_the_threshold_is_not_suitable_and_does_not_stop_the_walk(
    configuration: Configuration,
) -> None:
    ordered = scored_rows(configuration, [("A", 90, 60_000), ("B", 50, 10_000)])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.STRICT_ORDER, Decimal(60), None)
    assert outcome(placed) == [("A", "funded", 60_000), ("B", "below-threshold", 0)]


def test_a_tie_at_the_cut_line_is_decided_by_the_earlier_submission(configuration: Configuration) -> None:
    rows = [
        make_application(
            row=4,
            application_id="LATE",
            score=Decimal(80),
            submitted_at=at("2020-02-20T12:00"),
            requested_amount=Decimal(60_000),
            total_cost=Decimal(120_000),
        ),
        make_application(
            row=5,
            application_id="EARLY",
            score=Decimal(80),
            submitted_at=at("2020-02-20T09:00"),
            requested_amount=Decimal(60_000),
            total_cost=Decimal(120_000),
        ),
    ]
    result = run(configuration, rows)
    measure = configuration.measures.measure("FSE3")
    assert measure is not None
    ordered = order(measure, [score_of(v, None) for v in result.verdicts])
    placed = allocate(ordered, Decimal(100_000), AllocationPolicy.STRICT_ORDER, None, None)
    assert outcome(placed) == [("EARLY", "funded", 60_000), ("LATE", "eligible-not-funded", 0)]
    assert [a.tie_break for a in placed] == ["earlier-submission", "earlier-submission"]


def test_each_place_in_a_tie_names_the_tie_break_that_separated_it_from_the_one_above(
    configuration: Configuration,
) -> None:
    common = {"score": Decimal(70), "submitted_at": at("2020-02-20T09:00"), "total_cost": Decimal(120_000)}
    rows = [
        make_application(row=4, application_id="B", requested_amount=Decimal(50_000), **common),
        make_application(row=5, application_id="A", requested_amount=Decimal(50_000), **common),
        make_application(row=6, application_id="C", requested_amount=Decimal(40_000), **common),
    ]
    result = run(configuration, rows)
    measure = configuration.measures.measure("FSE3")
    assert measure is not None
    ordered = order(measure, [score_of(v, None) for v in result.verdicts])
    assert [(s.verdict.row.application_id, tie) for s, tie in ordered] == [
        ("C", "lower-request"),
        ("A", "lower-request"),
        ("B", "application-id"),
    ]


def test_every_row_is_in_exactly_one_envelope_or_in_the_ineligible_list(configuration: Configuration) -> None:
    rows = [
        make_application(row=4, application_id="OK", score=Decimal(80)),
        make_application(row=5, application_id="BAD", measure="FSE9"),
        make_application(row=6, application_id="NOSCORE"),
    ]
    ranking = rank_check(run(configuration, rows))
    placed = [a.verdict.row.application_id for e in ranking.envelopes for a in e.applications]
    assert sorted(str(i) for i in placed + [v.row.application_id for v in ranking.ineligible]) == [
        "BAD",
        "NOSCORE",
        "OK",
    ]
    attivazione = next(e for e in ranking.envelopes if e.line == "attivazione")
    assert [(a.verdict.row.application_id, a.rank, str(a.status)) for a in attivazione.applications] == [
        ("OK", 1, "funded"),
        ("NOSCORE", None, "not-allocated"),
    ]


def test_an_envelope_with_no_eligible_application_keeps_its_whole_budget(
    configuration: Configuration,
) -> None:
    ranking = rank_check(run(configuration, [make_application(row=4, score=Decimal(80))]))
    regionale = next(e for e in ranking.envelopes if e.measure == "FSE2" and e.line == "regionale")
    assert regionale.applications == ()
    assert regionale.residual == Decimal(700_000)


def test_an_envelope_whose_budget_is_unknown_allocates_nothing_and_says_why(
    configuration: Configuration,
) -> None:
    row = make_application(
        row=4, line="animazione", score=Decimal(80), applicant_type="ets", enterprise_size=None
    )
    ranking = rank_check(run(configuration, [row]))
    animazione = next(e for e in ranking.envelopes if e.line == "animazione")
    assert animazione.budget is None and animazione.residual is None
    assert [str(a.status) for a in animazione.applications] == ["not-allocated"]
    assert animazione.applications[0].note is AllocationNote.BUDGET_UNKNOWN


@pytest.mark.parametrize("line", ["A", "B"])
def test_fesr_is_ranked_by_submission_time_first_come_first_served(
    configuration: Configuration, line: str
) -> None:
    fesr = {
        "measure": "FESR",
        "line": line,
        "applicant_type": "impresa-sociale",
        "non_profit": True,
        "enterprise_size": "micro",
    }
    big = (
        {"total_cost": Decimal(1_200_000), "requested_amount": Decimal(900_000)}
        if line == "A"
        else {"total_cost": Decimal(90_000), "requested_amount": Decimal(80_000)}
    )
    rows = [
        make_application(row=4, application_id="SECOND", submitted_at=at("2019-01-10T10:00"), **fesr, **big),
        make_application(row=5, application_id="FIRST", submitted_at=at("2019-01-10T09:00"), **fesr, **big),
    ]
    ranking = rank_check(run(configuration, rows), "FESR")
    envelope = next(e for e in ranking.envelopes if e.line == line)
    assert [a.verdict.row.application_id for a in envelope.applications] == ["FIRST", "SECOND"]
