"""Walk the order and grant what the envelope's budget covers, by the configured policy."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from wecare_cli.config.measures import AllocationPolicy, TieBreak
from wecare_cli.ranking.model import AllocationNote, RankedApplication, RankStatus
from wecare_cli.ranking.ordering import Scored


def allocate(
    ordered: list[tuple[Scored, TieBreak | None]],
    budget: Decimal | None,
    policy: AllocationPolicy,
    threshold: Decimal | None,
    district_cap: int | None,
    unallocated_reason: AllocationNote | None = None,
) -> tuple[RankedApplication, ...]:
    """Grant in order while the budget covers the request.

    strict-order: the first that does not fit and every later one are not funded;
    partial: the first that does not fit gets what is left, then the walk stops;
    skip-ahead: what does not fit is skipped and later, smaller requests are still funded.
    Applications under the threshold are ``below-threshold``; a district over its cap is skipped.
    With an unknown budget (or procedure) nothing is granted and the reason is given.
    """
    remaining = budget
    stopped = False
    cumulative = Decimal(0)
    per_district: Counter[str] = Counter()
    placed: list[RankedApplication] = []
    for rank, (scored, tie_break) in enumerate(ordered, start=1):
        verdict = scored.verdict
        requested = verdict.row.requested_amount or Decimal(0)
        granted = Decimal(0)
        note: AllocationNote | None = None
        if unallocated_reason is not None or remaining is None:
            status, note = RankStatus.NOT_ALLOCATED, unallocated_reason or AllocationNote.BUDGET_UNKNOWN
        elif threshold is not None and scored.score is not None and scored.score < threshold:
            status = RankStatus.BELOW_THRESHOLD
        elif stopped:
            status = RankStatus.ELIGIBLE_NOT_FUNDED
        elif district_cap is not None and verdict.district and per_district[verdict.district] >= district_cap:
            status, note = RankStatus.ELIGIBLE_NOT_FUNDED, AllocationNote.DISTRICT_CAP_REACHED
        elif requested <= remaining:
            status, granted = RankStatus.FUNDED, requested
        elif policy is AllocationPolicy.PARTIAL and remaining > 0:
            status, granted, stopped = RankStatus.PARTIALLY_FUNDED, remaining, True
        else:
            status = RankStatus.ELIGIBLE_NOT_FUNDED
            stopped = policy is not AllocationPolicy.SKIP_AHEAD
        if granted:
            assert remaining is not None
            remaining -= granted
            cumulative += granted
            if verdict.district:
                per_district[verdict.district] += 1
        placed.append(
            RankedApplication(
                verdict=verdict,
                rank=rank,
                score=scored.score,
                breakdown=scored.breakdown,
                status=status,
                requested=requested,
                granted=granted,
                cumulative_granted=cumulative,
                tie_break=tie_break,
                note=note,
            )
        )
    return tuple(placed)
