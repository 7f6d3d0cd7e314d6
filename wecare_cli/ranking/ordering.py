"""Scores and order: weighted criteria or the score column, then the configured tie-break chain."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from wecare_cli.config.measures import Criterion, Measure, Procedure, TieBreak
from wecare_cli.verdicts import Verdict
from wecare_cli.vocabulary import identifier_key, normalise_label


@dataclass(frozen=True)
class Scored:
    """An eligible application with its score (None when it has none) and criterion points."""

    verdict: Verdict
    score: Decimal | None
    breakdown: tuple[tuple[str, Decimal], ...]


def _number(value: object) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(
                value.strip().replace(".", "").replace(",", ".") if "," in value else value.strip()
            )
        except InvalidOperation:
            return None
    return None


def score_of(verdict: Verdict, criteria: tuple[Criterion, ...] | None) -> Scored:
    """Total score: weighted sum of the criterion columns when declared, else the score column."""
    row = verdict.row
    if not criteria:
        return Scored(verdict, row.score, ())
    columns = {normalise_label(header): value for header, value in row.extra.items()}
    points: list[tuple[str, Decimal]] = []
    for criterion in criteria:
        raw = _number(columns.get(normalise_label(criterion.column)))
        if raw is None:
            return Scored(verdict, None, tuple(points))
        if criterion.max_points is not None:
            raw = min(raw, criterion.max_points)
        points.append((criterion.code, raw * criterion.weight))
    return Scored(verdict, sum((p for _, p in points), Decimal(0)), tuple(points))


def _submitted(scored: Scored) -> datetime:
    submitted = scored.verdict.row.submitted_at
    return submitted.instant if submitted is not None else datetime.max.replace(tzinfo=UTC)


def _key(scored: Scored, tie_break: TieBreak) -> object:
    row = scored.verdict.row
    if tie_break is TieBreak.FIRST_CRITERION:
        return -(scored.breakdown[0][1] if scored.breakdown else Decimal(0))
    if tie_break is TieBreak.EARLIER_SUBMISSION:
        return _submitted(scored)
    if tie_break is TieBreak.LOWER_REQUEST:
        return row.requested_amount if row.requested_amount is not None else Decimal("Infinity")
    return identifier_key(row.application_id or "")


def tie_break_chain(measure: Measure) -> tuple[TieBreak, ...]:
    """The configured chain; first-criterion only applies when criteria are declared."""
    chain = measure.ranking.tie_breaks
    if not measure.ranking.criteria:
        chain = tuple(t for t in chain if t is not TieBreak.FIRST_CRITERION)
    if TieBreak.APPLICATION_ID not in chain:
        chain = (*chain, TieBreak.APPLICATION_ID)  # the order must be total, hence reproducible
    return chain


def ordering_keys(measure: Measure) -> tuple[TieBreak, ...]:
    """What orders an envelope after the score: the tie-break chain, or submission time for a sportello."""
    if measure.procedure.value is Procedure.SPORTELLO:
        return (TieBreak.EARLIER_SUBMISSION, TieBreak.APPLICATION_ID)
    return tie_break_chain(measure)


def order(measure: Measure, scored: list[Scored]) -> list[tuple[Scored, TieBreak | None]]:
    """Sort for allocation and say, for each place, which tie-break decided it (if one did).

    graduatoria: score descending, then the tie-break chain; sportello: submission time, then id.
    """
    chain = ordering_keys(measure)
    primary = [TieBreak.EARLIER_SUBMISSION] if measure.procedure.value is Procedure.SPORTELLO else []

    def sort_key(item: Scored) -> tuple[object, ...]:
        head: tuple[object, ...] = () if primary else (-(item.score or Decimal(0)),)
        return (*head, *(_key(item, t) for t in chain))

    ranked = sorted(scored, key=sort_key)
    decided: list[TieBreak | None] = [None] * len(ranked)
    tie_chain = chain[1:] if primary else chain
    for index in range(1, len(ranked)):
        above, here = ranked[index - 1], ranked[index]
        tied = (
            _key(above, TieBreak.EARLIER_SUBMISSION) == _key(here, TieBreak.EARLIER_SUBMISSION)
            if primary
            else above.score == here.score
        )
        if not tied:
            continue
        deciding = next((t for t in tie_chain if _key(above, t) != _key(here, t)), None)
        decided[index] = deciding
        if decided[index - 1] is None:
            decided[index - 1] = deciding
    return list(zip(ranked, decided, strict=True))
