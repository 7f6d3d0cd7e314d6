"""Walk the order and grant what the envelope's budget covers, by the configured policy.

One walk serves the graduatoria as approved (every application still to fund) and every stage
of a scorrimento (:mod:`wecare_cli.ranking.scorrimento`: the money an event frees or adds,
walked from the first application not fully funded), so both follow the same rules.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from wecare_cli.config.measures import AllocationPolicy, TieBreak
from wecare_cli.ranking.model import AllocationNote, RankedApplication, RankStatus, StageRef
from wecare_cli.ranking.ordering import Scored
from wecare_cli.verdicts import Verdict

OPEN_STATUSES = (RankStatus.ELIGIBLE_NOT_FUNDED, RankStatus.PARTIALLY_FUNDED)
"""The statuses of an application that may still receive money."""
HOLDING_STATUSES = (RankStatus.FUNDED, RankStatus.PARTIALLY_FUNDED)
"""The statuses of an application that holds a grant (and its district's place)."""


@dataclass
class Seat:
    """An application's place in its envelope while money is allocated (changed by the walk)."""

    verdict: Verdict
    rank: int | None
    score: Decimal | None
    breakdown: tuple[tuple[str, Decimal], ...]
    tie_break: TieBreak | None
    requested: Decimal
    due: Decimal
    """What full funding is: the request, or the grant a rideterminazione set."""
    granted: Decimal
    status: RankStatus
    note: AllocationNote | None = None
    funded_by: StageRef | None = None
    withdrawn_by: StageRef | None = None
    redetermined_by: StageRef | None = None

    @classmethod
    def of(cls, application: RankedApplication) -> Seat:
        """The seat of an application as a ranking left it (for a later stage)."""
        return cls(
            verdict=application.verdict,
            rank=application.rank,
            score=application.score,
            breakdown=application.breakdown,
            tie_break=application.tie_break,
            requested=application.requested,
            due=application.requested,
            granted=application.granted,
            status=application.status,
            note=application.note,
            funded_by=application.funded_by,
            withdrawn_by=application.withdrawn_by,
            redetermined_by=application.redetermined_by,
        )

    @property
    def district(self) -> str | None:
        return self.verdict.district

    def ranked(self, cumulative: Decimal) -> RankedApplication:
        """The application as the ranking reports it, with the total granted down to it."""
        return RankedApplication(
            verdict=self.verdict,
            rank=self.rank,
            score=self.score,
            breakdown=self.breakdown,
            status=self.status,
            requested=self.requested,
            granted=self.granted,
            cumulative_granted=cumulative,
            tie_break=self.tie_break,
            note=self.note,
            funded_by=self.funded_by,
            withdrawn_by=self.withdrawn_by,
            redetermined_by=self.redetermined_by,
        )


def walk(
    seats: list[Seat], available: Decimal, policy: AllocationPolicy, district_cap: int | None
) -> Decimal:
    """Grant ``available`` in the approved order, from the first application not fully funded.

    strict-order: the first that does not fit and every later one are not funded;
    partial: the first that does not fit gets what is left, then the walk stops (a partially
    funded application is topped up first when money comes back);
    skip-ahead: what does not fit is skipped and later, smaller requests are still funded.
    Applications under the threshold, not allocated, or whose grant was taken away are never
    reached; a district over its cap is skipped. Returns what is left.
    """
    held: Counter[str] = Counter(
        seat.district
        for seat in seats
        if seat.district and seat.granted > 0 and seat.status in HOLDING_STATUSES
    )
    for seat in seats:
        if seat.status not in OPEN_STATUSES:
            continue
        seat.note = None
        newcomer = seat.granted == 0
        if newcomer and district_cap is not None and seat.district and held[seat.district] >= district_cap:
            seat.note = AllocationNote.DISTRICT_CAP_REACHED
            continue
        missing = seat.due - seat.granted
        if missing <= available:
            seat.granted, seat.status = seat.due, RankStatus.FUNDED
            available -= missing
        elif policy is AllocationPolicy.PARTIAL and available > 0:
            seat.granted, seat.status = seat.granted + available, RankStatus.PARTIALLY_FUNDED
            available = Decimal(0)
        elif policy is AllocationPolicy.SKIP_AHEAD:
            continue
        if newcomer and seat.granted > 0 and seat.district:
            held[seat.district] += 1
        if seat.status is not RankStatus.FUNDED:
            break
    return available


def reported(seats: Iterable[Seat]) -> list[RankedApplication]:
    """The seats as ranked applications, each with the total granted down to it."""
    cumulative = Decimal(0)
    placed = []
    for seat in seats:
        cumulative += seat.granted
        placed.append(seat.ranked(cumulative))
    return placed


def allocate(
    ordered: list[tuple[Scored, TieBreak | None]],
    budget: Decimal | None,
    policy: AllocationPolicy,
    threshold: Decimal | None,
    district_cap: int | None,
    unallocated_reason: AllocationNote | None = None,
) -> tuple[RankedApplication, ...]:
    """Grant in order while the budget covers the request (see :func:`walk` for the policies).

    Applications under the threshold are ``below-threshold``. With an unknown budget (or
    procedure) nothing is granted and the reason is given.
    """
    seats: list[Seat] = []
    for rank, (scored, tie_break) in enumerate(ordered, start=1):
        requested = scored.verdict.row.requested_amount or Decimal(0)
        status, note = RankStatus.ELIGIBLE_NOT_FUNDED, None
        if unallocated_reason is not None or budget is None:
            status, note = RankStatus.NOT_ALLOCATED, unallocated_reason or AllocationNote.BUDGET_UNKNOWN
        elif threshold is not None and scored.score is not None and scored.score < threshold:
            status = RankStatus.BELOW_THRESHOLD
        seats.append(
            Seat(
                verdict=scored.verdict,
                rank=rank,
                score=scored.score,
                breakdown=scored.breakdown,
                tie_break=tie_break,
                requested=requested,
                due=requested,
                granted=Decimal(0),
                status=status,
                note=note,
            )
        )
    if budget is not None and unallocated_reason is None:
        walk(seats, budget, policy, district_cap)
    return tuple(reported(seats))
