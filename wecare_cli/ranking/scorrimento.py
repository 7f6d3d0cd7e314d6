"""Scorrimento: the graduatoria as approved (stage 0), then each event in date order.

Each stage changes one envelope: an event takes a grant away (rinuncia, revoca, decadenza),
lowers it (rideterminazione) or changes the budget (incremento, riduzione della dotazione);
then the envelope's allocation policy walks the approved order from the first application not
fully funded, with the money then available (:func:`wecare_cli.ranking.allocation.walk`).
Grants given at an earlier stage are kept unless an event touches them; nobody is re-ranked.

A bad event refuses the whole run (:class:`~wecare_cli.errors.ConfigError` naming the event's
line or row): nothing is half-applied.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from wecare_cli.config.measures import Line, Measure, MeasuresFile, Procedure
from wecare_cli.errors import ConfigError, Problem, Reason
from wecare_cli.findings import Moment, Money, Phrase
from wecare_cli.ranking.allocation import HOLDING_STATUSES, Seat, reported, walk
from wecare_cli.ranking.events import Event, EventKind, EventLog
from wecare_cli.ranking.model import Envelope, RankingResult, RankStatus, StageRef
from wecare_cli.verdicts import Verdict
from wecare_cli.vocabulary import identifier_key

ZERO = Decimal(0)


@dataclass(frozen=True)
class StageGrant:
    """An application whose grant a stage changed: what it had before, what it has after."""

    application_id: str | None
    rank: int | None
    before: Decimal
    after: Decimal
    status: RankStatus
    """Its status after the stage."""


@dataclass(frozen=True)
class EnvelopeStage:
    """An envelope after a stage: its budget, what is granted, and who the stage funded."""

    measure: str
    line: str | None
    budget: Decimal | None
    allocated: Decimal
    residual: Decimal | None
    freed: Decimal
    """Money the event took back from an application (rinuncia, revoca, decadenza, rideterminazione)."""
    budget_change: Decimal
    """The change of the budget (incremento positive, riduzione negative)."""
    funded: tuple[StageGrant, ...]
    """Applications granted money at this stage (stage 0: every one funded), in the approved order."""


@dataclass(frozen=True)
class Stage:
    """Stage 0 (the graduatoria as approved, every envelope), or one event and its envelope."""

    number: int
    event: Event | None
    envelopes: tuple[EnvelopeStage, ...]
    touched: StageGrant | None = None
    """The application the event names, before and after it (None for budget events and stage 0)."""

    @property
    def ref(self) -> StageRef:
        event = self.event
        return StageRef(self.number, event.day if event else None, event.act if event else None)


@dataclass(frozen=True)
class Scorrimento:
    """The stages of a ranking run with an events file."""

    events_file: str
    """The events file's name."""
    sha256: str
    stages: tuple[Stage, ...]
    outside_filter: int = 0
    """Events about measures the run does not rank (``--measure``): not applied."""


class _Book:
    """One envelope while the events are applied: its budget and its seats."""

    def __init__(self, envelope: Envelope) -> None:
        self.envelope = envelope
        self.budget = envelope.budget
        placed = [a for a in envelope.applications if a.rank is not None]
        self.tail = [a for a in envelope.applications if a.rank is None]
        self.seats = [Seat.of(a) for a in placed]
        for seat in self.seats:
            if seat.granted > 0:
                seat.funded_by = StageRef(0, None, None)

    @property
    def name(self) -> str:
        envelope = self.envelope
        return f"{envelope.measure} {envelope.line}" if envelope.line else envelope.measure

    @property
    def allocated(self) -> Decimal:
        return sum((seat.granted for seat in self.seats), ZERO)

    @property
    def allocates(self) -> bool:
        return self.budget is not None and self.envelope.procedure is not None

    def snapshot(self, freed: Decimal, change: Decimal, before: list[Decimal]) -> EnvelopeStage:
        allocated = self.allocated
        funded = tuple(
            StageGrant(seat.verdict.row.application_id, seat.rank, old, seat.granted, seat.status)
            for seat, old in zip(self.seats, before, strict=True)
            if seat.granted > old
        )
        return EnvelopeStage(
            measure=self.envelope.measure,
            line=self.envelope.line,
            budget=self.budget,
            allocated=allocated,
            residual=None if self.budget is None else self.budget - allocated,
            freed=freed,
            budget_change=change,
            funded=funded,
        )

    def result(self) -> Envelope:
        placed = reported(self.seats)
        total = placed[-1].cumulative_granted if placed else ZERO
        tail = [dataclasses.replace(a, cumulative_granted=total) for a in self.tail]
        return dataclasses.replace(self.envelope, budget=self.budget, applications=(*placed, *tail))


@dataclass(frozen=True)
class _Resolved:
    """An event with the envelope it changes and the application it names (if any)."""

    event: Event
    book: _Book
    seat: Seat | None


def scroll(result: RankingResult, log: EventLog) -> RankingResult:
    """The ranking after every event of ``log``, with its stages.

    Raises :class:`~wecare_cli.errors.ConfigError` (the events file, each bad event's line or
    row) when an event names an unknown application or envelope, is dated before the
    envelope's deadline in force (graduatoria) or opening (sportello) or after the run, takes
    away a grant the application does not hold, cuts a budget below what is granted, or
    redetermines a grant upwards.
    """
    books = [_Book(envelope) for envelope in result.envelopes]
    resolver = _Resolver(result, books)
    resolved: list[_Resolved] = []
    problems: list[tuple[int, Problem]] = []
    for event in log.in_date_order():
        found_problems: list[Problem] = []
        found = resolver.resolve(event, found_problems)
        problems += [(event.order, problem) for problem in found_problems]
        if found is not None:
            resolved.append(found)
    if problems:  # in the order of the file, as the officer reads it
        raise ConfigError(log.path, [problem for _, problem in sorted(problems, key=lambda item: item[0])])
    stages = [Stage(0, None, tuple(book.snapshot(ZERO, ZERO, [ZERO] * len(book.seats)) for book in books))]
    for number, item in enumerate(resolved, start=1):
        stages.append(_apply(item, StageRef(number, item.event.day, item.event.act), log, resolver.zone))
    scorrimento = Scorrimento(
        events_file=log.name,
        sha256=log.sha256,
        stages=tuple(stages),
        outside_filter=resolver.outside_filter,
    )
    return dataclasses.replace(
        result, envelopes=tuple(book.result() for book in books), scorrimento=scorrimento
    )


def _apply(item: _Resolved, ref: StageRef, log: EventLog, zone: ZoneInfo) -> Stage:
    """One event on its envelope, then the walk; ConfigError if the state refuses the event."""
    event, book, seat = item.event, item.book, item.seat
    before = [s.granted for s in book.seats]
    freed = change = ZERO
    touched: StageGrant | None = None
    if seat is not None:
        _must_hold_a_grant(event, seat, log, zone)
        old = seat.granted
        withdrawal = event.kind.withdrawal
        if withdrawal is not None:
            freed = seat.granted
            seat.granted, seat.status, seat.note, seat.withdrawn_by = ZERO, withdrawal, None, ref
        else:
            amount = event.amount or ZERO
            if amount > seat.granted:
                reason = Reason(
                    "event-redetermination-above-grant",
                    {
                        "application": event.application,
                        "amount": Money(amount),
                        "granted": Money(seat.granted),
                    },
                )
                raise ConfigError(log.path, [event.place.problem("amount_eur", reason)])
            freed = seat.granted - amount
            seat.granted = seat.due = amount
            seat.status, seat.note, seat.redetermined_by = RankStatus.FUNDED, None, ref
        touched = StageGrant(seat.verdict.row.application_id, seat.rank, old, seat.granted, seat.status)
    else:
        assert book.budget is not None and event.amount is not None
        change = event.amount if event.kind is EventKind.INCREMENTO_DOTAZIONE else -event.amount
        if book.budget + change < book.allocated:
            reason = Reason(
                "event-budget-below-granted",
                {
                    "envelope": book.name,
                    "budget": Money(book.budget + change),
                    "granted": Money(book.allocated),
                },
            )
            raise ConfigError(log.path, [event.place.problem("amount_eur", reason)])
        book.budget += change
    if book.allocates:
        assert book.budget is not None
        ranking = book.envelope
        walk(book.seats, book.budget - book.allocated, ranking.policy, ranking.district_cap)
    for s, old in zip(book.seats, before, strict=True):
        if old == 0 and s.granted > 0 and s.funded_by is None:
            s.funded_by = ref
    return Stage(ref.stage, event, (book.snapshot(freed, change, before),), touched)


def _must_hold_a_grant(event: Event, seat: Seat, log: EventLog, zone: ZoneInfo) -> None:
    if seat.granted > 0 and seat.status in HOLDING_STATUSES:
        return
    status = Phrase(f"status-short-{seat.status}")
    withdrawn = seat.withdrawn_by
    if withdrawn is not None and withdrawn.day is not None:
        reason = Reason(
            "event-application-already-withdrawn",
            {
                "application": event.application,
                "status": status,
                "act": withdrawn.act,
                "date": _moment(withdrawn.day, zone),
            },
        )
    else:
        reason = Reason("event-application-not-funded", {"application": event.application, "status": status})
    raise ConfigError(log.path, [event.place.problem("application", reason)])


def _moment(day: date, zone: ZoneInfo) -> Moment:
    return Moment(datetime.combine(day, time(0, 0), tzinfo=zone), date_only=True)


class _Resolver:
    """Finds what each event changes, and what is wrong with it whatever the order of events."""

    def __init__(self, result: RankingResult, books: list[_Book]) -> None:
        self.measures: MeasuresFile = result.check.configuration.measures
        self.zone = zone = self.measures.zone
        self.run_day = result.check.reference_time.astimezone(zone).date()
        self.measure_filter = result.measure_filter
        self.books = {(book.envelope.measure, book.envelope.line): book for book in books}
        self.seats: dict[str, list[tuple[_Book, Seat | None]]] = {}
        for book in books:
            for seat in book.seats:
                self._index(seat.verdict, (book, seat))
            for application in book.tail:
                self._index(application.verdict, (book, None))
        self.verdicts: dict[str, list[Verdict]] = {}
        for verdict in result.check.verdicts:
            key = _id(verdict.row.application_id)
            if key is not None:
                self.verdicts.setdefault(key, []).append(verdict)
        self.outside_filter = 0

    def _index(self, verdict: Verdict, place: tuple[_Book, Seat | None]) -> None:
        key = _id(verdict.row.application_id)
        if key is not None:
            self.seats.setdefault(key, []).append(place)

    def resolve(self, event: Event, problems: list[Problem]) -> _Resolved | None:
        before = len(problems)
        if event.kind.about_application:
            found = self._application(event, problems)
        else:
            found = self._envelope(event, problems)
        if found is None:
            return None
        book, seat = found
        self._dates(event, book, problems)
        return _Resolved(event, book, seat) if len(problems) == before else None

    def _outside(self, measure: str | None) -> bool:
        """Whether the run ranks one measure only and this is another (the event is then not applied)."""
        wanted = self.measure_filter
        if wanted is None or measure is None or measure.casefold() == wanted.casefold():
            return False
        self.outside_filter += 1
        return True

    def _application(self, event: Event, problems: list[Problem]) -> tuple[_Book, Seat | None] | None:
        key = _id(event.application)
        places = self.seats.get(key or "", [])
        problem = event.place.problem
        if not places:
            verdicts = self.verdicts.get(key or "", [])
            if verdicts and self._outside(verdicts[0].measure):
                return None
            code = "event-application-ineligible" if verdicts else "event-application-unknown"
            problems.append(problem("application", Reason(code, {"application": event.application})))
            return None
        if len(places) > 1:
            reason = Reason(
                "event-application-ambiguous", {"application": event.application, "count": len(places)}
            )
            problems.append(problem("application", reason))
            return None
        book, seat = places[0]
        if event.measure is not None:
            measure = self.measures.measure(event.measure)
            line = measure.line(event.line) if measure is not None and event.line is not None else None
            same_measure = measure is not None and measure.code == book.envelope.measure
            same_line = event.line is None or (line is not None and line.code == book.envelope.line)
            if not (same_measure and same_line):
                reason = Reason(
                    "event-envelope-mismatch",
                    {
                        "application": event.application,
                        "written": f"{event.measure} {event.line}" if event.line else event.measure,
                        "envelope": book.name,
                    },
                )
                problems.append(problem("measure", reason))
                return None
        if seat is None:
            status = Phrase(f"status-short-{RankStatus.NOT_ALLOCATED}")
            reason = Reason(
                "event-application-not-funded", {"application": event.application, "status": status}
            )
            problems.append(problem("application", reason))
            return None
        return book, seat

    def _envelope(self, event: Event, problems: list[Problem]) -> tuple[_Book, Seat | None] | None:
        problem = event.place.problem
        measure = self.measures.measure(event.measure or "")
        if measure is None:
            known = tuple(m.code for m in self.measures.measures)
            problems.append(
                problem(
                    "measure", Reason("event-measure-unknown", {"measure": event.measure, "known": known})
                )
            )
            return None
        if self._outside(measure.code):
            return None
        right, line = self._line(event, measure, problems)
        if not right:
            return None
        book = self.books.get((measure.code, line.code if line is not None else None))
        if book is None:  # not expected: every envelope of the configuration is ranked
            problems.append(
                problem("measure", Reason("event-measure-unknown", {"measure": event.measure, "known": ()}))
            )
            return None
        if book.budget is None:
            problems.append(problem("measure", Reason("event-budget-unknown", {"envelope": book.name})))
            return None
        return book, None

    def _line(self, event: Event, measure: Measure, problems: list[Problem]) -> tuple[bool, Line | None]:
        """Whether the line of a budget event is right, and the line (None for a measure without lines)."""
        problem = event.place.problem
        known = tuple(line.code for line in measure.lines)
        if not measure.lines:
            if event.line is None:
                return True, None
            reason = Reason("event-line-not-expected", {"measure": measure.code, "line": event.line})
            problems.append(problem("line", reason))
            return False, None
        if event.line is None:
            problems.append(
                problem("line", Reason("event-line-missing", {"measure": measure.code, "known": known}))
            )
            return False, None
        line = measure.line(event.line)
        if line is None:
            reason = Reason(
                "event-line-unknown", {"measure": measure.code, "line": event.line, "known": known}
            )
            problems.append(problem("line", reason))
            return False, None
        return True, line

    def _dates(self, event: Event, book: _Book, problems: list[Problem]) -> None:
        problem, zone = event.place.problem, self.zone
        if event.day > self.run_day:
            reason = Reason(
                "event-after-run", {"date": _moment(event.day, zone), "run": _moment(self.run_day, zone)}
            )
            problems.append(problem("date", reason))
            return
        envelope = book.envelope
        measure = self.measures.measure(envelope.measure)
        if measure is None:
            return
        line = measure.line(envelope.line) if envelope.line is not None else None
        if envelope.procedure is Procedure.SPORTELLO:
            opening = measure.opening_for(line)
            opens = opening.opens(zone) if opening is not None else None
            if opens is not None and event.day < opens.date():
                reason = Reason(
                    "event-before-opening",
                    {
                        "envelope": book.name,
                        "date": _moment(event.day, zone),
                        "opening": _moment(opens.date(), zone),
                    },
                )
                problems.append(problem("date", reason))
        elif envelope.procedure is Procedure.GRADUATORIA:
            closing = _closing_day(measure, line, zone)
            if closing is not None and event.day < closing:
                reason = Reason(
                    "event-before-deadline",
                    {
                        "envelope": book.name,
                        "date": _moment(event.day, zone),
                        "deadline": _moment(closing, zone),
                    },
                )
                problems.append(problem("date", reason))


def _closing_day(measure: Measure, line: Line | None, zone: ZoneInfo) -> date | None:
    """The last day applications could be submitted: the latest deadline in force of the phases."""
    days = []
    phases: list[str | None] = [phase.code for phase in measure.phases] or [None]
    for phase in phases:
        deadline = measure.deadline_in_force(line, phase)
        closes = deadline.closes(zone) if deadline is not None else None
        if closes is not None:
            days.append(closes.date())
    return max(days) if days else None


def _id(application_id: str | None) -> str | None:
    """An application id as events and the check compare it (case, accents, spaces ignored)."""
    if application_id is None:
        return None
    return identifier_key(application_id) or None


__all__ = ["EnvelopeStage", "Scorrimento", "Stage", "StageGrant", "scroll"]
