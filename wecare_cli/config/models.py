"""Typed, frozen models of measures.yaml and districts.csv.

Codes are strict text: YAML reads ``NO`` as false and ``012`` as a number, and a strict
``str`` field refuses both instead of silently turning them into something else.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Generic, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)

from wecare_cli.vocabulary import APPLICANT_TYPES, ENTERPRISE_SIZES

T = TypeVar("T")


class ProblemAt(ValueError):
    """A check across several keys, naming the key to fix below the model being validated.

    ``at`` is the key path from that model (e.g. ``("deadlines", 0, "phase")``), so the
    message points at the line to edit rather than at the start of the measure or file.
    """

    def __init__(self, message: str, *at: str | int) -> None:
        super().__init__(message)
        self.at = at


class Model(BaseModel):
    """Base of every configuration model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _parse_instant(value: object) -> date | datetime | None:
    """Accept a YAML date or timestamp, or the same written as ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError("not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)")


Instant = Annotated[date | datetime | None, PlainValidator(_parse_instant)]


def _parse_amount(value: object) -> Decimal | None:
    """Accept an integer or decimal number (never a boolean or text)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError("not a number")
    amount = Decimal(str(value))
    if amount < 0:
        raise ValueError("must not be negative")
    return amount


Amount = Annotated[Decimal | None, PlainValidator(_parse_amount)]


class Alternative(Model):
    """Another source's figure for the same fact, recorded beside the one in force."""

    value: Any = None
    source: StrictStr
    note: StrictStr | None = None


class Fact(Model, Generic[T]):
    """A value with its source. ``value: null`` means unknown and needs a note."""

    value: T | None
    source: StrictStr | None = None
    note: StrictStr | None = None
    alternatives: tuple[Alternative, ...] = ()

    @model_validator(mode="after")
    def _value_needs_source_unknown_needs_note(self) -> Fact[T]:
        if self.value is not None and not self.source:
            raise ValueError("a value needs a source")
        if self.value is None and not self.note:
            raise ValueError("an unknown value (null) needs a note saying why")
        return self

    @property
    def known(self) -> bool:
        """Whether the sources give this fact."""
        return self.value is not None


class AmountFact(Fact[Decimal]):
    """An amount in euro with its source."""

    value: Amount


class ShareFact(Fact[Decimal]):
    """A share between 0 and 1 (0.20 = 20%) with its source."""

    value: Amount

    @field_validator("value")
    @classmethod
    def _between_zero_and_one(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value > 1:
            raise ValueError("a share is written between 0 and 1 (0.20 = 20%)")
        return value


class TextFact(Fact[str]):
    """A piece of text (an act, a programme code) with its source."""

    value: StrictStr | None


class FlagFact(Fact[bool]):
    """A yes/no rule with its source."""

    value: StrictBool | None


class CountFact(Fact[int]):
    """A whole number with its source."""

    value: Annotated[int, Field(strict=True, ge=0)] | None


class Procedure(StrEnum):
    """How a measure's budget is allocated."""

    GRADUATORIA = "graduatoria"
    """Ranked by score; funded in order."""
    SPORTELLO = "sportello"
    """First come, first served until the money runs out."""


class ProcedureFact(Fact[Procedure]):
    """The allocation procedure with its source."""

    value: Procedure | None


def _check_vocabulary(values: tuple[str, ...] | None, allowed: tuple[str, ...]) -> None:
    for item in values or ():
        if item not in allowed:
            raise ValueError(f"unknown code {item!r}; known: {', '.join(allowed)}")


class ApplicantTypesFact(Fact[tuple[str, ...]]):
    """The applicant (or partner) types a call admits."""

    value: tuple[StrictStr, ...] | None

    @field_validator("value")
    @classmethod
    def _known_types(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_vocabulary(value, APPLICANT_TYPES)
        return value


class SizesFact(Fact[tuple[str, ...]]):
    """The enterprise sizes a call admits."""

    value: tuple[StrictStr, ...] | None

    @field_validator("value")
    @classmethod
    def _known_sizes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_vocabulary(value, ENTERPRISE_SIZES)
        return value


class ProvincesFact(Fact[tuple[str, ...]]):
    """Province codes (sigle) with their source."""

    value: tuple[StrictStr, ...] | None


class Deadline(Model):
    """One deadline as set by one act; later entries of the same phase extend earlier ones."""

    at: Instant
    phase: StrictStr | None = None
    inclusive: StrictBool = True
    """True: submissions up to and including ``at`` are on time. False: the window closes at ``at``."""
    kind: Literal["original", "proroga", "chiusura"] = "original"
    wording: StrictStr | None = None
    act: StrictStr | None = None
    source: StrictStr | None = None
    note: StrictStr | None = None

    @model_validator(mode="after")
    def _dated_needs_source_unknown_needs_note(self) -> Deadline:
        if self.at is not None and not self.source:
            raise ValueError("a deadline needs a source")
        if self.at is None and not self.note:
            raise ValueError("an unknown deadline (at: null) needs a note saying why")
        return self

    def closes(self, zone: ZoneInfo) -> datetime | None:
        """The last instant that is on time (inclusive) or the closing instant (exclusive).

        A date without a time ("entro e non oltre il 20 dicembre 2017") runs to 23:59:59.
        """
        if self.at is None:
            return None
        if isinstance(self.at, datetime):
            return self.at if self.at.tzinfo else self.at.replace(tzinfo=zone)
        return datetime.combine(self.at, time(23, 59, 59), tzinfo=zone)


class Opening(Model):
    """When a sportello opens."""

    at: Instant
    source: StrictStr | None = None
    note: StrictStr | None = None

    def opens(self, zone: ZoneInfo) -> datetime | None:
        """The first instant a submission is accepted (a date alone opens at 00:00)."""
        if self.at is None:
            return None
        if isinstance(self.at, datetime):
            return self.at if self.at.tzinfo else self.at.replace(tzinfo=zone)
        return datetime.combine(self.at, time(0, 0), tzinfo=zone)


class Phase(Model):
    """A submission phase (FSE1: preliminare, esecutivo)."""

    code: StrictStr
    name_it: StrictStr
    name_en: StrictStr
    source: StrictStr


class Eligibility(Model):
    """Who may apply. A key left out means the call sets no such rule."""

    applicant_types: ApplicantTypesFact | None = None
    enterprise_sizes: SizesFact | None = None
    non_profit_required: FlagFact | None = None
    applicant_district_must_be_known: FlagFact | None = None


class Amounts(Model):
    """Project value bounds (project value = total cost) and minimum co-financing."""

    project_value_min_eur: AmountFact | None = None
    project_value_max_eur: AmountFact | None = None
    cofinancing_min_share: ShareFact | None = None


class Partnership(Model):
    """Partnership rules (FSE1)."""

    third_sector_types: ApplicantTypesFact | None = None
    third_sector_min_partners: CountFact | None = None
    third_sector_seated_in_region: FlagFact | None = None
    third_sector_max_applications: CountFact | None = None
    one_application_per_district: FlagFact | None = None


class AllocationPolicy(StrEnum):
    """How the budget walk treats the first application that does not fit."""

    STRICT_ORDER = "strict-order"
    """Stop at the first that does not fit: it and every later one are not funded."""
    PARTIAL = "partial"
    """Fund the first that does not fit with what is left, then stop."""
    SKIP_AHEAD = "skip-ahead"
    """Skip what does not fit and keep funding later ones that do."""


class TieBreak(StrEnum):
    """Keys that order applications with the same score."""

    FIRST_CRITERION = "first-criterion"
    EARLIER_SUBMISSION = "earlier-submission"
    LOWER_REQUEST = "lower-request"
    APPLICATION_ID = "application-id"


class Criterion(Model):
    """A scoring criterion: a column of the applications sheet and its weight."""

    code: StrictStr
    column: StrictStr
    weight: Annotated[Decimal, PlainValidator(_parse_amount)]
    max_points: Amount = None
    source: StrictStr


class Ranking(Model):
    """How a measure is ranked and its budget allocated."""

    criteria: tuple[Criterion, ...] | None = None
    criteria_note: StrictStr | None = None
    threshold: AmountFact | None = None
    district_cap: CountFact | None = None
    tie_breaks: tuple[TieBreak, ...] = (
        TieBreak.FIRST_CRITERION,
        TieBreak.EARLIER_SUBMISSION,
        TieBreak.LOWER_REQUEST,
        TieBreak.APPLICATION_ID,
    )
    allocation_policy: AllocationPolicy = AllocationPolicy.STRICT_ORDER
    allocation_policy_source: StrictStr | None = None


class Line(Model):
    """A budget envelope (line, call) of a measure. Unset rules fall back to the measure's."""

    code: StrictStr
    aliases: tuple[StrictStr, ...] = ()
    name_it: StrictStr
    name_en: StrictStr
    programme_code: TextFact | None = None
    budget_eur: AmountFact
    deadlines: tuple[Deadline, ...] | None = None
    opening: Opening | None = None
    eligibility: Eligibility | None = None
    amounts: Amounts | None = None


class Measure(Model):
    """One of the five WE.CA.RE. measures."""

    code: StrictStr
    fund: Literal["FSE", "FESR"]
    programme_code: TextFact
    name_it: StrictStr
    name_en: StrictStr
    act: TextFact
    budget_eur: AmountFact
    procedure: ProcedureFact
    district_required: StrictBool = False
    phases: tuple[Phase, ...] = ()
    opening: Opening | None = None
    deadlines: tuple[Deadline, ...] = ()
    eligibility: Eligibility = Eligibility()
    amounts: Amounts = Amounts()
    partnership: Partnership | None = None
    lines: tuple[Line, ...] = ()
    ranking: Ranking = Ranking()

    @model_validator(mode="after")
    def _lines_fit_the_budget(self) -> Measure:
        known = [line.budget_eur.value for line in self.lines if line.budget_eur.value is not None]
        total = self.budget_eur.value
        if total is None or not self.lines:
            return self
        if len(known) == len(self.lines) and sum(known) != total:
            raise ProblemAt(
                f"the lines' budgets add up to {sum(known)}, not to the measure's {total}",
                "budget_eur",
                "value",
            )
        if sum(known, Decimal(0)) > total:
            raise ProblemAt(
                f"the known lines' budgets ({sum(known)}) exceed the measure's {total}", "budget_eur", "value"
            )
        seen: set[str] = set()
        for index, line in enumerate(self.lines):
            for code in (line.code, *line.aliases):
                if code.casefold() in seen:
                    raise ProblemAt(f"two lines share the code or alias {code!r}", "lines", index, "code")
                seen.add(code.casefold())
        return self

    @model_validator(mode="after")
    def _phases_of_deadlines_exist(self) -> Measure:
        phases = [phase.code for phase in self.phases]
        declared = ", ".join(phases) or "none"
        located: list[tuple[tuple[str | int, ...], Deadline]] = [
            (("deadlines", index), deadline) for index, deadline in enumerate(self.deadlines)
        ]
        for line_index, line in enumerate(self.lines):
            located += [
                (("lines", line_index, "deadlines", index), deadline)
                for index, deadline in enumerate(line.deadlines or ())
            ]
        for at, deadline in located:
            if deadline.phase is not None and deadline.phase not in phases:
                raise ProblemAt(
                    f"phase {deadline.phase!r} is not among the measure's phases (declared: {declared})",
                    *at,
                    "phase",
                )
        return self

    def line(self, code: str) -> Line | None:
        """The line with this code or alias (case-insensitive)."""
        wanted = code.casefold()
        for line in self.lines:
            if wanted in (line.code.casefold(), *(alias.casefold() for alias in line.aliases)):
                return line
        return None

    def deadlines_for(self, line: Line | None, phase: str | None) -> tuple[Deadline, ...]:
        """The deadline history that applies to a line and phase, oldest first."""
        history = line.deadlines if line is not None and line.deadlines is not None else self.deadlines
        if phase is None and self.phases:
            phase = self.phases[0].code
        return tuple(d for d in history if d.phase is None or d.phase == phase)

    def deadline_in_force(self, line: Line | None, phase: str | None) -> Deadline | None:
        """The last extension of the deadline for a line and phase, if any was set."""
        history = self.deadlines_for(line, phase)
        return history[-1] if history else None

    def opening_for(self, line: Line | None) -> Opening | None:
        """When the sportello opens for this line."""
        if line is not None and line.opening is not None:
            return line.opening
        return self.opening

    def eligibility_for(self, line: Line | None) -> Eligibility:
        """The eligibility rules of a line, each unset rule inherited from the measure."""
        if line is None or line.eligibility is None:
            return self.eligibility
        own = line.eligibility
        return Eligibility(
            **{
                name: getattr(own, name) or getattr(self.eligibility, name)
                for name in Eligibility.model_fields
            }
        )

    def amounts_for(self, line: Line | None) -> Amounts:
        """The amount rules of a line, each unset rule inherited from the measure."""
        if line is None or line.amounts is None:
            return self.amounts
        own = line.amounts
        return Amounts(
            **{name: getattr(own, name) or getattr(self.amounts, name) for name in Amounts.model_fields}
        )


class Strategy(Model):
    """The strategy as a whole."""

    code: StrictStr
    name: StrictStr
    region: StrictStr
    timezone: StrictStr
    legal_basis: TextFact
    total_budget_eur: AmountFact
    provinces: ProvincesFact

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {value!r}") from error
        return value


class MeasuresFile(Model):
    """The whole of measures.yaml."""

    schema_version: Literal[1]
    strategy: Strategy
    measures: tuple[Measure, ...]

    @model_validator(mode="after")
    def _budgets_add_up(self) -> MeasuresFile:
        seen: set[str] = set()
        for index, measure in enumerate(self.measures):
            if measure.code.casefold() in seen:
                raise ProblemAt(f"two measures share the code {measure.code!r}", "measures", index, "code")
            seen.add(measure.code.casefold())
        total = self.strategy.total_budget_eur.value
        budgets = [m.budget_eur.value for m in self.measures]
        if total is not None and all(b is not None for b in budgets):
            spent = sum(b for b in budgets if b is not None)
            if spent != total:
                raise ProblemAt(
                    f"the measures' budgets add up to {spent}, not to the total {total}",
                    "strategy",
                    "total_budget_eur",
                    "value",
                )
        return self

    @cached_property
    def zone(self) -> ZoneInfo:
        """The time zone deadlines are written in."""
        return ZoneInfo(self.strategy.timezone)

    def measure(self, code: str) -> Measure | None:
        """The measure with this code (case-insensitive)."""
        wanted = code.strip().casefold()
        return next((m for m in self.measures if m.code.casefold() == wanted), None)


class District(Model):
    """One Distretto della Coesione Sociale (a row of districts.csv)."""

    code: StrictStr
    name: StrictStr
    provinces: tuple[StrictStr, ...]
    quadrant: StrictStr | None
    lead_body: StrictStr | None
    lead_body_status: Literal["confirmed", "partial", "unverified"]
    seat: StrictStr | None
    population: Annotated[int, Field(ge=0)] | None
    verified: StrictBool
    source: StrictStr | None
    note: StrictStr | None

    @model_validator(mode="after")
    def _verified_needs_source(self) -> District:
        if self.verified and not self.source:
            raise ValueError("a verified district needs a source")
        return self
