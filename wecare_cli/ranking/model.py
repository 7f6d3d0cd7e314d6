"""What ranking produces: per budget envelope, the ordered applications and what each is granted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from wecare_cli.config.measures import AllocationPolicy, Procedure, TieBreak
from wecare_cli.multilingual import ConfigText
from wecare_cli.verdicts import CheckResult, Verdict, require_pandas

if TYPE_CHECKING:
    import pandas

    from wecare_cli.ranking.scorrimento import Scorrimento


class AllocationNote(StrEnum):
    """Why an application has its status, when the status alone does not say (a code; words in reports)."""

    DISTRICT_CAP_REACHED = "district-cap-reached"
    """Its district already has the most funded projects the call allows."""
    BUDGET_UNKNOWN = "budget-unknown"
    """The envelope's budget is not given by the sources: nothing is allocated."""
    PROCEDURE_UNKNOWN = "procedure-unknown"
    """The measure's procedure (graduatoria or sportello) is not given: nothing is allocated."""
    NO_SCORE = "no-score"
    """A graduatoria application without a score cannot be placed."""


class RankStatus(StrEnum):
    """Outcome of an application in the ranking (English code; Italian label in reports)."""

    FUNDED = "funded"
    """ammessa e finanziata"""
    PARTIALLY_FUNDED = "partially-funded"
    """finanziata parzialmente"""
    ELIGIBLE_NOT_FUNDED = "eligible-not-funded"
    """ammissibile non finanziata per esaurimento risorse"""
    BELOW_THRESHOLD = "below-threshold"
    """non idonea (sotto la soglia di punteggio)"""
    NOT_ALLOCATED = "not-allocated"
    """ammissibile, non allocata: manca un dato che le fonti non danno (dotazione, procedura, punteggio)"""
    INELIGIBLE = "ineligible"
    """non ammissibile (motivi nel controllo)"""
    RENOUNCED = "renounced"
    """rinunciataria: the applicant renounced the grant (an event of the scorrimento; granted 0)"""
    REVOKED = "revoked"
    """revocata: the grant was revoked (an event of the scorrimento; granted 0)"""
    LAPSED = "lapsed"
    """decaduta: the grant lapsed (an event of the scorrimento; granted 0)"""


WITHDRAWN_STATUSES: tuple[RankStatus, ...] = (RankStatus.RENOUNCED, RankStatus.REVOKED, RankStatus.LAPSED)
"""The statuses of an application whose grant an event took away."""


@dataclass(frozen=True)
class StageRef:
    """A stage of the scorrimento: 0 is the graduatoria as approved, then one stage per event."""

    stage: int
    day: date | None
    """The day the event's act took effect (None for stage 0)."""
    act: str | None
    """The act, as the events file writes it (None for stage 0)."""


@dataclass(frozen=True)
class RankedApplication:
    """One eligible application in its envelope."""

    verdict: Verdict
    rank: int | None
    """Position within the envelope (1 = first); None when it cannot be placed."""
    score: Decimal | None
    breakdown: tuple[tuple[str, Decimal], ...]
    """Points per criterion (criterion code, weighted points) when measures.yaml declares criteria."""
    status: RankStatus
    requested: Decimal
    granted: Decimal
    cumulative_granted: Decimal
    tie_break: TieBreak | None
    """The tie-break that decided this place against an application with the same score."""
    note: AllocationNote | None
    """Why the status, when it is not plain (district cap reached, budget unknown...)."""
    funded_by: StageRef | None = None
    """The stage that first granted it money (None without an events file, or never funded)."""
    withdrawn_by: StageRef | None = None
    """The event that took its grant away (renunciation, revocation, lapse), if one did."""
    redetermined_by: StageRef | None = None
    """The last rideterminazione of its grant, if any."""

    @property
    def status_set_by(self) -> StageRef | None:
        """The stage that gave the application its current status and grant (None without events)."""
        return self.withdrawn_by or self.redetermined_by or self.funded_by


@dataclass(frozen=True)
class Envelope:
    """A budget envelope: a measure's line, or the measure itself when it has no lines."""

    measure: str
    line: str | None
    procedure: Procedure | None
    budget: Decimal | None
    """None when the sources do not give it: nothing is allocated then."""
    budget_note: ConfigText | None
    policy: AllocationPolicy
    threshold: Decimal | None
    district_cap: int | None
    tie_breaks: tuple[TieBreak, ...]
    applications: tuple[RankedApplication, ...]
    procedure_note: ConfigText | None = None
    """Why the procedure is unknown, when it is (nothing is allocated then)."""

    @property
    def allocated(self) -> Decimal:
        """Total granted in the envelope."""
        return sum((a.granted for a in self.applications), Decimal(0))

    @property
    def requested(self) -> Decimal:
        """Total requested by the eligible applications of the envelope."""
        return sum((a.requested for a in self.applications), Decimal(0))

    @property
    def residual(self) -> Decimal | None:
        """Budget left after allocation; None when the budget is unknown."""
        return None if self.budget is None else self.budget - self.allocated


@dataclass(frozen=True)
class RankingResult:
    """The ranking of every envelope, built from one check result."""

    check: CheckResult
    envelopes: tuple[Envelope, ...]
    ineligible: tuple[Verdict, ...]
    """Applications that failed the check, in input order."""
    measure_filter: str | None
    scorrimento: Scorrimento | None = None
    """The stages of the scorrimento, when the ranking was run with an events file: the
    envelopes and applications above are then the state after the last event."""

    def ranking_frame(self) -> pandas.DataFrame:
        """One row per application: each envelope's in order, then the ineligible ones (rank empty).

        Amounts stay exact (``Decimal``); needs pandas (``pip install "wecare-cli[analysis]"``).
        """
        require_pandas()
        import pandas

        records: list[dict[str, Any]] = []
        for envelope in self.envelopes:
            for application in envelope.applications:
                row = application.verdict.row
                stage = application.status_set_by
                records.append(
                    {
                        "measure": envelope.measure,
                        "line": envelope.line,
                        "rank": application.rank,
                        "application_id": row.application_id,
                        "applicant_name": row.applicant_name,
                        "district": application.verdict.district,
                        "status": str(application.status),
                        "score": application.score,
                        "requested": application.requested,
                        "granted": application.granted,
                        "cumulative_granted": application.cumulative_granted,
                        "tie_break": str(application.tie_break) if application.tie_break else None,
                        "note": str(application.note) if application.note else None,
                        "stage": stage.stage if stage else None,
                        "act_date": stage.day if stage else None,
                        "act": stage.act if stage else None,
                        "file": row.position.file,
                        "sheet": row.position.sheet,
                        "row": row.position.row,
                    }
                )
        for verdict in self.ineligible:
            row = verdict.row
            records.append(
                {
                    "measure": verdict.measure,
                    "line": verdict.line,
                    "application_id": row.application_id,
                    "applicant_name": row.applicant_name,
                    "district": verdict.district,
                    "status": str(RankStatus.INELIGIBLE),
                    "requested": row.requested_amount,
                    "granted": Decimal(0),
                    "file": row.position.file,
                    "sheet": row.position.sheet,
                    "row": row.position.row,
                }
            )
        return pandas.DataFrame.from_records(records, columns=RANKING_COLUMNS)


RANKING_COLUMNS = (
    "measure",
    "line",
    "rank",
    "application_id",
    "applicant_name",
    "district",
    "status",
    "score",
    "requested",
    "granted",
    "cumulative_granted",
    "tie_break",
    "note",
    "stage",
    "act_date",
    "act",
    "file",
    "sheet",
    "row",
)
"""The columns of :meth:`RankingResult.ranking_frame` (``stage``, ``act_date`` and ``act``: what set
the current status, when the ranking was run with events)."""
