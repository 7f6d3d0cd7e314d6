"""The picture across districts and measures: applications, requests, verdicts and grants per group."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from wecare_cli.findings import Severity
from wecare_cli.ranking.model import RankedApplication, RankingResult, RankStatus
from wecare_cli.verdicts import Verdict

UNKNOWN_GROUP = "?"


class GroupBy(StrEnum):
    """What the summary groups applications by."""

    MEASURE = "measure"
    LINE = "line"
    DISTRICT = "district"
    PROVINCE = "province"
    QUADRANT = "quadrant"
    APPLICANT_TYPE = "applicant-type"


@dataclass
class Group:
    """Totals of one group (a measure, a district...)."""

    key: str
    label: str
    applications: int = 0
    requested: Decimal = Decimal(0)
    eligible: int = 0
    ineligible: int = 0
    ineligible_by_reason: Counter[str] = field(default_factory=Counter)
    funded: int = 0
    granted: Decimal = Decimal(0)
    population: int | None = None
    """Residents, where the sources give every district's population; None when unknown."""

    def per_thousand(self, amount: Decimal) -> Decimal | None:
        """An amount per 1,000 residents, or None when the population is unknown."""
        if not self.population:
            return None
        return (amount * 1000 / self.population).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Absorption:
    """How much of a measure's budget the ranking grants."""

    measure: str
    budget: Decimal | None
    granted: Decimal

    @property
    def share(self) -> Decimal | None:
        """Granted / budget, or None when the budget is unknown or zero."""
        if not self.budget:
            return None
        return (self.granted / self.budget).quantize(Decimal("0.0001"))


@dataclass(frozen=True)
class Summary:
    """Groups in a stable order, their totals and each measure's budget absorption."""

    by: GroupBy
    groups: tuple[Group, ...]
    total: Group
    absorption: tuple[Absorption, ...]
    population_known: bool


def summarise(ranking: RankingResult, by: GroupBy) -> Summary:
    """Group every checked application and add up requests, verdicts and grants."""
    configuration = ranking.check.configuration
    placed: dict[int, RankedApplication] = {
        id(a.verdict): a for envelope in ranking.envelopes for a in envelope.applications
    }
    groups: dict[str, Group] = {}
    total = Group(key="total", label="total")
    for verdict in ranking.check.verdicts:
        key, label = _group_of(verdict, by, ranking)
        group = groups.setdefault(key, Group(key=key, label=label))
        for target in (group, total):
            _add(target, verdict, placed.get(id(verdict)))
    if by is GroupBy.DISTRICT:
        for group in groups.values():
            district = configuration.district(group.key) if group.key != UNKNOWN_GROUP else None
            group.population = district.population if district is not None else None
    order = _order(by, ranking)
    ordered = sorted(groups.values(), key=lambda g: (order.get(g.key, len(order)), g.key))
    absorption = tuple(
        Absorption(
            measure=measure.code,
            budget=measure.budget_eur.value,
            granted=sum(
                (e.allocated for e in ranking.envelopes if e.measure == measure.code),
                Decimal(0),
            ),
        )
        for measure in configuration.measures.measures
    )
    return Summary(
        by=by,
        groups=tuple(ordered),
        total=total,
        absorption=absorption,
        population_known=any(g.population for g in ordered),
    )


def _add(group: Group, verdict: Verdict, ranked: RankedApplication | None) -> None:
    group.applications += 1
    group.requested += verdict.row.requested_amount or Decimal(0)
    if verdict.eligible:
        group.eligible += 1
    else:
        group.ineligible += 1
        group.ineligible_by_reason.update({f.code for f in verdict.findings if f.severity is Severity.ERROR})
    if ranked is not None and ranked.status in (RankStatus.FUNDED, RankStatus.PARTIALLY_FUNDED):
        group.funded += 1
        group.granted += ranked.granted


def _group_of(verdict: Verdict, by: GroupBy, ranking: RankingResult) -> tuple[str, str]:
    configuration = ranking.check.configuration
    row = verdict.row
    district = configuration.district(verdict.district) if verdict.district else None
    if by is GroupBy.MEASURE:
        key = verdict.measure or UNKNOWN_GROUP
        return key, key
    if by is GroupBy.LINE:
        key = f"{verdict.measure}/{verdict.line}" if verdict.line else verdict.measure or UNKNOWN_GROUP
        return key, key
    if by is GroupBy.DISTRICT:
        return (district.code, district.name) if district else (UNKNOWN_GROUP, UNKNOWN_GROUP)
    if by is GroupBy.QUADRANT:
        quadrant = district.quadrant if district and district.quadrant else UNKNOWN_GROUP
        return quadrant, quadrant
    if by is GroupBy.PROVINCE:
        province = (row.seat_province or "").strip().upper()
        if not province and district and len(district.provinces) == 1:
            province = district.provinces[0]
        return (province, province) if province else (UNKNOWN_GROUP, UNKNOWN_GROUP)
    kind = row.applicant_type or UNKNOWN_GROUP
    return kind, kind


def _order(by: GroupBy, ranking: RankingResult) -> dict[str, int]:
    """Configuration order for measures, lines and districts; alphabetical for the rest."""
    measures = ranking.check.configuration.measures.measures
    if by is GroupBy.MEASURE:
        keys = [m.code for m in measures]
    elif by is GroupBy.LINE:
        keys = [
            f"{m.code}/{line.code}" if line else m.code for m in measures for line in (m.lines or (None,))
        ]
    elif by is GroupBy.DISTRICT:
        keys = [d.code for d in ranking.check.configuration.districts]
    else:
        keys = []
    return {key: index for index, key in enumerate(keys)}
