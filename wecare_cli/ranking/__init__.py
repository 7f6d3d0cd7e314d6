"""Rank the eligible applications of each budget envelope and allocate its budget."""

from __future__ import annotations

from decimal import Decimal

from wecare_cli.config.measures import Line, Measure, Procedure
from wecare_cli.ranking.allocation import allocate
from wecare_cli.ranking.events import EventLog
from wecare_cli.ranking.model import AllocationNote, Envelope, RankedApplication, RankingResult, RankStatus
from wecare_cli.ranking.ordering import Scored, order, ordering_keys, score_of
from wecare_cli.ranking.scorrimento import scroll
from wecare_cli.verdicts import CheckResult, Verdict

__all__ = [
    "AllocationNote",
    "Envelope",
    "EventLog",
    "RankStatus",
    "RankedApplication",
    "RankingResult",
    "rank_check",
]


def rank_check(
    check: CheckResult, measure_filter: str | None = None, events: EventLog | None = None
) -> RankingResult:
    """Rank and allocate every envelope (a line, or a measure without lines) of the configuration.

    Every input row ends up in exactly one place: an envelope, or the ineligible list. With
    ``events``, the graduatoria as approved is stage 0 and each event a stage after it
    (:func:`~wecare_cli.ranking.scorrimento.scroll`): the result is the state after the last one.
    """
    measures = check.configuration.measures
    wanted = measures.measure(measure_filter) if measure_filter else None
    envelopes: list[Envelope] = []
    ineligible: list[Verdict] = []
    for verdict in check.verdicts:
        if not verdict.eligible and (wanted is None or verdict.measure == wanted.code):
            ineligible.append(verdict)
    for measure in measures.measures:
        if wanted is not None and measure is not wanted:
            continue
        lines: list[Line | None] = list(measure.lines) or [None]
        for line in lines:
            members = [
                v
                for v in check.verdicts
                if v.eligible and v.measure == measure.code and v.line == (line.code if line else None)
            ]
            envelopes.append(_envelope(measure, line, members))
    approved = RankingResult(
        check=check,
        envelopes=tuple(envelopes),
        ineligible=tuple(ineligible),
        measure_filter=wanted.code if wanted else None,
    )
    return scroll(approved, events) if events is not None else approved


def _envelope(measure: Measure, line: Line | None, members: list[Verdict]) -> Envelope:
    ranking = measure.ranking
    budget_fact = line.budget_eur if line is not None else measure.budget_eur
    procedure = measure.procedure.value
    scored = [score_of(v, ranking.criteria) for v in members]
    unscored: list[Scored] = []
    if procedure is not Procedure.SPORTELLO:
        unscored = [s for s in scored if s.score is None]
        scored = [s for s in scored if s.score is not None]
    reason = None
    if procedure is None:
        reason = AllocationNote.PROCEDURE_UNKNOWN
    elif budget_fact.value is None:
        reason = AllocationNote.BUDGET_UNKNOWN
    threshold = ranking.threshold.value if ranking.threshold is not None else None
    cap = ranking.district_cap.value if ranking.district_cap is not None else None
    placed = allocate(
        order(measure, scored), budget_fact.value, ranking.allocation_policy, threshold, cap, reason
    )
    cumulative = placed[-1].cumulative_granted if placed else Decimal(0)
    tail = tuple(
        RankedApplication(
            verdict=s.verdict,
            rank=None,
            score=None,
            breakdown=s.breakdown,
            status=RankStatus.NOT_ALLOCATED,
            requested=s.verdict.row.requested_amount or Decimal(0),
            granted=Decimal(0),
            cumulative_granted=cumulative,
            tie_break=None,
            note=reason or AllocationNote.NO_SCORE,
        )
        for s in unscored
    )
    return Envelope(
        measure=measure.code,
        line=line.code if line is not None else None,
        procedure=procedure,
        budget=budget_fact.value,
        budget_note=budget_fact.note,
        policy=ranking.allocation_policy,
        threshold=threshold,
        district_cap=cap,
        tie_breaks=ordering_keys(measure),
        applications=(*placed, *tail),
        procedure_note=measure.procedure.note if procedure is None else None,
    )
