"""The events of a living graduatoria: renunciations, revocations, lapses, redeterminations and
budget changes, as the officer records them beside the intake (YAML, or an ``Eventi`` sheet).

Each event is typed (:class:`Event`) and knows where it is written (file, line or Excel row, and
the key path of each of its fields), so that a refusal names the line to fix. The fields:

* ``date`` – the day the act took effect (Europe/Rome), a day without a time;
* ``act`` – the act, as it is cited (``D.D. n. 698 del 21/05/2019``);
* ``kind`` – one of :class:`EventKind`;
* ``application`` – for the four kinds about an application (with ``measure`` and ``line``
  optionally, checked against the application's envelope);
* ``measure`` and ``line`` – for the two budget kinds: the envelope;
* ``amount_eur`` – the change of the budget, or the new grant of a rideterminazione.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated

from pydantic import PlainValidator, StrictStr, field_validator, model_validator

from wecare_cli.config.facts import Model, parse_amount
from wecare_cli.errors import ConfigProblem, Problem, Reason
from wecare_cli.ranking.model import RankStatus
from wecare_cli.vocabulary import normalise_label

EVENT_FIELDS = ("date", "act", "kind", "application", "measure", "line", "amount_eur")
"""The keys of an event (YAML) and the canonical names of the columns of the Eventi sheet."""


class EventKind(StrEnum):
    """What happened (the Italian administrative terms, as acts write them)."""

    RINUNCIA = "rinuncia"
    """The applicant renounces the grant: the application becomes ``renounced``."""
    REVOCA = "revoca"
    """The grant is revoked: the application becomes ``revoked``."""
    DECADENZA = "decadenza"
    """The grant lapses: the application becomes ``lapsed``."""
    RIDETERMINAZIONE = "rideterminazione"
    """The grant is set again, lower, after checks: it stays ``funded`` with the new grant."""
    INCREMENTO_DOTAZIONE = "incremento-dotazione"
    """The envelope's budget grows by the amount."""
    RIDUZIONE_DOTAZIONE = "riduzione-dotazione"
    """The envelope's budget shrinks by the amount (never below what is already granted)."""

    @property
    def about_application(self) -> bool:
        """Whether the event names an application (else it names an envelope)."""
        return self not in (EventKind.INCREMENTO_DOTAZIONE, EventKind.RIDUZIONE_DOTAZIONE)

    @property
    def withdrawal(self) -> RankStatus | None:
        """The status an application is left in when the event takes its grant away."""
        return _WITHDRAWALS.get(self)


_WITHDRAWALS = {
    EventKind.RINUNCIA: RankStatus.RENOUNCED,
    EventKind.REVOCA: RankStatus.REVOKED,
    EventKind.DECADENZA: RankStatus.LAPSED,
}
_KINDS = {normalise_label(kind.value): kind for kind in EventKind}


def parse_kind(value: object) -> EventKind:
    """A kind as written: case, accents, spaces, ``_`` and ``-`` do not matter (``Incremento dotazione``)."""
    if isinstance(value, str):
        kind = _KINDS.get(normalise_label(value))
        if kind is not None:
            return kind
    expected = " | ".join(kind.value for kind in EventKind)
    raise ConfigProblem("not-one-of", expected=expected, value=repr(value))


def parse_day(value: object) -> date:
    """A day: a date (YAML ``2019-05-21``), or text ``2019-05-21`` or ``21/05/2019``; never a time."""
    if isinstance(value, datetime):
        raise ConfigProblem("event-date-not-a-day")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
    raise ConfigProblem("not-a-date")


_CENT = Decimal("0.01")


def parse_event_amount(value: object) -> Decimal | None:
    """An amount in euro: a positive number, to the cent."""
    amount = parse_amount(value)
    if amount is None:
        return None
    if amount <= 0:
        raise ConfigProblem("event-amount-not-positive")
    if amount != amount.quantize(_CENT):
        raise ConfigProblem("event-amount-cents")
    return amount


EventDay = Annotated[date, PlainValidator(parse_day)]
EventAmount = Annotated[Decimal | None, PlainValidator(parse_event_amount)]
Kind = Annotated[EventKind, PlainValidator(parse_kind)]

_NEEDED: dict[EventKind, tuple[str, ...]] = {
    EventKind.RINUNCIA: ("application",),
    EventKind.REVOCA: ("application",),
    EventKind.DECADENZA: ("application",),
    EventKind.RIDETERMINAZIONE: ("application", "amount_eur"),
    EventKind.INCREMENTO_DOTAZIONE: ("measure", "amount_eur"),
    EventKind.RIDUZIONE_DOTAZIONE: ("measure", "amount_eur"),
}
_REFUSED: dict[EventKind, tuple[str, ...]] = {
    EventKind.RINUNCIA: ("amount_eur",),
    EventKind.REVOCA: ("amount_eur",),
    EventKind.DECADENZA: ("amount_eur",),
    EventKind.RIDETERMINAZIONE: (),
    EventKind.INCREMENTO_DOTAZIONE: ("application",),
    EventKind.RIDUZIONE_DOTAZIONE: ("application",),
}


class EventEntry(Model):
    """One event as written; which keys it needs depends on its kind."""

    date: EventDay
    act: StrictStr
    kind: Kind
    application: StrictStr | None = None
    measure: StrictStr | None = None
    line: StrictStr | None = None
    amount_eur: EventAmount = None

    @field_validator("act", "application", "measure", "line")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ConfigProblem("empty")
        return value.strip() if value is not None else None

    @model_validator(mode="after")
    def _keys_of_the_kind(self) -> EventEntry:
        for key in _NEEDED[self.kind]:
            if getattr(self, key) is None:
                raise ConfigProblem("event-key-missing", key, field=key, kind=self.kind.value)
        for key in _REFUSED[self.kind]:
            if getattr(self, key) is not None:
                raise ConfigProblem("event-key-not-for-kind", key, field=key, kind=self.kind.value)
        if self.line is not None and self.measure is None:
            raise ConfigProblem("event-line-without-measure", "measure")
        return self


class EventsDocument(Model):
    """The whole events file: ``events:``, a list of events (it may be empty)."""

    events: tuple[EventEntry, ...]


@dataclass(frozen=True)
class EventPlace:
    """Where an event is written, and where each of its fields is (for messages)."""

    file: str
    """The file name."""
    sheet: str | None
    """The sheet of a workbook (None for YAML)."""
    row: int | None
    """The YAML line of the event, or its Excel row."""
    keys: Mapping[str, tuple[int | None, str]] = field(default_factory=dict)
    """Field -> (line or row, key path: ``events[2].application``, ``Eventi!D5 «Codice domanda»``)."""

    def problem(self, key: str, reason: Reason) -> Problem:
        """A defect of this event, at the line of ``key`` (or of the event when the key is not written)."""
        line, path = self.keys.get(key, (self.row, key))
        return (line if line is not None else self.row, path, reason)


@dataclass(frozen=True)
class Event:
    """One event of the graduatoria, typed."""

    order: int
    """Its place in the file (0 = first): events of the same day are applied in this order."""
    day: date
    act: str
    kind: EventKind
    application: str | None
    measure: str | None
    line: str | None
    amount: Decimal | None
    place: EventPlace

    @classmethod
    def of(cls, order: int, entry: EventEntry, place: EventPlace) -> Event:
        return cls(
            order=order,
            day=entry.date,
            act=entry.act,
            kind=entry.kind,
            application=entry.application,
            measure=entry.measure,
            line=entry.line,
            amount=entry.amount_eur,
            place=place,
        )


@dataclass(frozen=True)
class EventLog:
    """The events of one file, in file order, with the SHA-256 of the bytes read."""

    path: Path
    name: str
    """The file name, as messages and reports show it."""
    sha256: str
    events: tuple[Event, ...]

    def in_date_order(self) -> list[Event]:
        """The events by day; events of the same day in file order."""
        return sorted(self.events, key=lambda event: (event.day, event.order))
