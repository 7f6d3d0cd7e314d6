"""The measures of measures.yaml: budgets, procedures, deadlines, eligibility, lines and ranking."""

from __future__ import annotations

from datetime import datetime, time
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, PlainValidator, StrictBool, StrictStr, field_validator, model_validator

from wecare_cli.config.facts import (
    Amount,
    AmountFact,
    ApplicantTypesFact,
    CountFact,
    Fact,
    FlagFact,
    Instant,
    Model,
    ProvincesFact,
    ShareFact,
    SizesFact,
    TextFact,
    parse_amount,
)
from wecare_cli.config.texts import Text, legacy_names
from wecare_cli.errors import ConfigProblem
from wecare_cli.vocabulary import APPLICATION_COLUMNS, PARTNER_COLUMNS, normalise_label


class Procedure(StrEnum):
    """How a measure's budget is allocated."""

    GRADUATORIA = "graduatoria"
    """Ranked by score; funded in order."""
    SPORTELLO = "sportello"
    """First come, first served until the money runs out."""


class ProcedureFact(Fact[Procedure]):
    """The allocation procedure with its source."""

    value: Procedure | None


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
    note: Text | None = None

    @model_validator(mode="after")
    def _dated_needs_source_unknown_needs_note(self) -> Deadline:
        if self.at is not None and not self.source:
            raise ConfigProblem("deadline-needs-source")
        if self.at is None and not self.note:
            raise ConfigProblem("deadline-needs-note")
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
    note: Text | None = None

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
    name: Text
    """The name in Italian and English (``name_it`` and ``name_en`` of older files are read as this)."""

    _legacy_names = model_validator(mode="before")(legacy_names)
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
    weight: Annotated[Decimal, PlainValidator(parse_amount)]
    max_points: Amount = None
    source: StrictStr


class Ranking(Model):
    """How a measure is ranked and its budget allocated."""

    criteria: tuple[Criterion, ...] | None = None
    criteria_note: Text | None = None
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
    name: Text
    """The name in Italian and English (``name_it`` and ``name_en`` of older files are read as this)."""

    _legacy_names = model_validator(mode="before")(legacy_names)
    programme_code: TextFact | None = None
    budget_eur: AmountFact
    deadlines: tuple[Deadline, ...] | None = None
    opening: Opening | None = None
    eligibility: Eligibility | None = None
    amounts: Amounts | None = None


class StrategyPublication(Model):
    """What the publication of grants needs beyond the ranking (D.Lgs. 33/2013, art. 26-27;
    Reg. (UE) 1303/2013, art. 115 and Annex XII)."""

    threshold_eur: AmountFact
    """Grants of this amount or less per beneficiary in a calendar year are listed apart
    (art. 26 c.2-3: publication is due above it)."""
    country: TextFact
    """The country of the operations (Annex XII)."""
    office: TextFact
    """The office responsible for the procedure (art. 27 c.1 d), unless a measure says otherwise."""
    responsible_official: TextFact
    """The official or manager responsible for the procedure (art. 27 c.1 d)."""


class MeasurePublication(Model):
    """What the publication of a measure's grants needs (each unset field: the strategy's)."""

    office: TextFact | None = None
    responsible_official: TextFact | None = None
    union_cofinancing_rate: ShareFact | None = None
    """The Union co-financing rate of the operations, as per priority axis (Annex XII)."""
    category_of_intervention: TextFact | None = None
    """The name of the category of intervention of the operations (Annex XII)."""


class Measure(Model):
    """One of the five WE.CA.RE. measures."""

    code: StrictStr
    fund: Literal["FSE", "FESR"]
    programme_code: TextFact
    name: Text
    """The name in Italian and English (``name_it`` and ``name_en`` of older files are read as this)."""

    _legacy_names = model_validator(mode="before")(legacy_names)
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
    publication: MeasurePublication = MeasurePublication()

    @model_validator(mode="after")
    def _lines_fit_the_budget(self) -> Measure:
        known = [line.budget_eur.value for line in self.lines if line.budget_eur.value is not None]
        total = self.budget_eur.value
        if total is None or not self.lines:
            return self
        if len(known) == len(self.lines) and sum(known) != total:
            raise ConfigProblem(
                "line-budgets-do-not-add-up", "budget_eur", "value", lines=str(sum(known)), total=str(total)
            )
        if sum(known, Decimal(0)) > total:
            raise ConfigProblem(
                "line-budgets-exceed",
                "budget_eur",
                "value",
                lines=str(sum(known, Decimal(0))),
                total=str(total),
            )
        seen: set[str] = set()
        for index, line in enumerate(self.lines):
            for code in (line.code, *line.aliases):
                if code.casefold() in seen:
                    raise ConfigProblem("line-code-shared", "lines", index, "code", value=code)
                seen.add(code.casefold())
        return self

    @model_validator(mode="after")
    def _phases_of_deadlines_exist(self) -> Measure:
        phases = [phase.code for phase in self.phases]
        declared = tuple(phases)
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
                raise ConfigProblem(
                    "phase-not-declared", *at, "phase", phase=deadline.phase, declared=declared
                )
        return self

    def line(self, code: str) -> Line | None:
        """The line with this code or alias (case-insensitive)."""
        return self._line_index.get(code.casefold())

    @cached_property
    def _line_index(self) -> dict[str, Line]:
        """Each line by its code and aliases, case-folded (the first line naming one wins)."""
        index: dict[str, Line] = {}
        for line in self.lines:
            for name in (line.code, *line.aliases):
                index.setdefault(name.casefold(), line)
        return index

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
    publication: StrategyPublication | None = None
    """None in a file written before publication existed: ``wecare publish`` then refuses."""

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ConfigProblem("unknown-time-zone", zone=value) from error
        return value


class MeasuresFile(Model):
    """The whole of measures.yaml."""

    schema_version: Literal[1]
    strategy: Strategy
    measures: tuple[Measure, ...]
    columns: dict[StrictStr, tuple[StrictStr, ...]] = Field(default_factory=dict)
    """Other header texts of the canonical columns (a platform's export): canonical -> texts."""

    @model_validator(mode="after")
    def _column_aliases_are_clear(self) -> MeasuresFile:
        known = {**APPLICATION_COLUMNS, **PARTNER_COLUMNS}
        for canonical in self.columns:
            if canonical not in known:
                raise ConfigProblem(
                    "column-alias-unknown-column", "columns", canonical, column=canonical, known=tuple(known)
                )
        for table in (APPLICATION_COLUMNS, PARTNER_COLUMNS):
            meaning: dict[str, str] = {}
            for canonical, italian in table.items():
                meaning[normalise_label(canonical)] = canonical
                meaning[normalise_label(italian)] = canonical
            for canonical, aliases in self.columns.items():
                if canonical not in table:
                    continue
                for index, alias in enumerate(aliases):
                    folded = normalise_label(alias)
                    if not folded:
                        raise ConfigProblem(
                            "column-alias-empty", "columns", canonical, index, column=canonical
                        )
                    other = meaning.setdefault(folded, canonical)
                    if other != canonical:
                        raise ConfigProblem(
                            "column-alias-collides",
                            "columns",
                            canonical,
                            index,
                            alias=alias,
                            column=canonical,
                            other=other,
                        )
        return self

    @model_validator(mode="after")
    def _budgets_add_up(self) -> MeasuresFile:
        seen: set[str] = set()
        for index, measure in enumerate(self.measures):
            if measure.code.casefold() in seen:
                raise ConfigProblem("measure-code-shared", "measures", index, "code", value=measure.code)
            seen.add(measure.code.casefold())
        total = self.strategy.total_budget_eur.value
        budgets = [m.budget_eur.value for m in self.measures]
        if total is not None and all(b is not None for b in budgets):
            spent = sum(b for b in budgets if b is not None)
            if spent != total:
                raise ConfigProblem(
                    "budgets-do-not-add-up",
                    "strategy",
                    "total_budget_eur",
                    "value",
                    spent=str(spent),
                    total=str(total),
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
