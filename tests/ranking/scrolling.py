"""Recipes for scorrimento tests: envelopes with a chosen budget and policy, events built in code."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.applications import at, make_application, make_partner, partita_iva, run
from wecare_cli.config import Configuration
from wecare_cli.config.facts import AmountFact
from wecare_cli.config.measures import AllocationPolicy
from wecare_cli.ingest.model import ApplicationRow, PartnerRow
from wecare_cli.ranking import rank_check
from wecare_cli.ranking.events import EVENT_FIELDS, Event, EventKind, EventLog, EventPlace
from wecare_cli.ranking.model import Envelope, RankingResult

EVENTS_FILE = "eventi.yaml"
AFTER_DEADLINE = date(2020, 3, 16)
"""A day after the FSE3 attivazione deadline in force (27/02/2020) and before the run (2026)."""


def with_envelope(
    configuration: Configuration,
    measure: str,
    line: str | None,
    budget: int | None = None,
    policy: AllocationPolicy | None = None,
    threshold: int | None = None,
    **measure_changes: Any,
) -> Configuration:
    """The configuration with one envelope's budget, and its measure's policy or threshold, changed."""
    measures = configuration.measures
    changed = []
    for item in measures.measures:
        if item.code == measure:
            ranking: dict[str, Any] = {}
            if policy is not None:
                ranking["allocation_policy"] = policy
            if threshold is not None:
                ranking["threshold"] = AmountFact(value=Decimal(threshold), source="test")
            updates: dict[str, Any] = {"ranking": item.ranking.model_copy(update=ranking), **measure_changes}
            if budget is not None:
                fact = AmountFact(value=Decimal(budget), source="test")
                if line is None:
                    updates["budget_eur"] = fact
                else:
                    updates["lines"] = tuple(
                        found.model_copy(update={"budget_eur": fact}) if found.code == line else found
                        for found in item.lines
                    )
            item = item.model_copy(update=updates)
        changed.append(item)
    return dataclasses.replace(
        configuration, measures=measures.model_copy(update={"measures": tuple(changed)})
    )


def attivazione(requests: list[tuple[str, int, int]]) -> list[ApplicationRow]:
    """(id, score, requested €) → eligible FSE3 attivazione applications (co-financing 20%)."""
    return [
        make_application(
            row=index + 4,
            application_id=identifier,
            applicant_tax_code=partita_iva(index),
            score=Decimal(score),
            requested_amount=Decimal(requested),
            total_cost=Decimal(requested) * 5 / 4,
        )
        for index, (identifier, score, requested) in enumerate(requests)
    ]


def fse1(requests: list[tuple[str, int, str, int]]) -> tuple[list[ApplicationRow], list[PartnerRow]]:
    """(id, score, district, requested €) → eligible FSE1 preliminary projects, each with its own ETS."""
    rows = [
        make_application(
            row=index + 4,
            application_id=identifier,
            measure="FSE1",
            line=None,
            applicant_type="ente-gestore",
            enterprise_size=None,
            applicant_tax_code=partita_iva(index),
            district=district,
            score=Decimal(score),
            requested_amount=Decimal(requested),
            total_cost=Decimal(requested),
            submitted_at=at("2017-12-15T10:00"),
        )
        for index, (identifier, score, district, requested) in enumerate(requests)
    ]
    partners = [
        make_partner(identifier, row=index + 2, partner_tax_code=partita_iva(100 + index))
        for index, (identifier, *_rest) in enumerate(requests)
    ]
    return rows, partners


def fesr_b(requests: list[tuple[str, str, int]]) -> list[ApplicationRow]:
    """(id, submission time, requested €) → eligible FESR line B applications (a sportello)."""
    return [
        make_application(
            row=index + 4,
            application_id=identifier,
            measure="FESR",
            line="B",
            applicant_type="impresa",
            enterprise_size="micro",
            applicant_tax_code=partita_iva(index),
            requested_amount=Decimal(requested),
            total_cost=Decimal(requested),
            submitted_at=at(submitted),
        )
        for index, (identifier, submitted, requested) in enumerate(requests)
    ]


def event(
    kind: str,
    day: date = AFTER_DEADLINE,
    application: str | None = None,
    measure: str | None = None,
    line: str | None = None,
    amount: int | str | None = None,
    act: str | None = None,
    order: int = 0,
) -> Event:
    """An event as the events file would give it, written at line ``10 * (order + 1)``."""
    return Event(
        order=order,
        day=day,
        act=act or f"D.D. n. {order + 1}",
        kind=EventKind(kind),
        application=application,
        measure=measure,
        line=line,
        amount=Decimal(amount) if amount is not None else None,
        place=written_at(order),
    )


def written_at(order: int) -> EventPlace:
    """Where the event ``order`` is: from line 10 for the first, one key a line, 10 lines each."""
    row = 10 * (order + 1)
    keys = {key: (row + offset, f"events[{order}].{key}") for offset, key in enumerate(EVENT_FIELDS)}
    return EventPlace(file=EVENTS_FILE, sheet=None, row=row, keys=keys)


def events_log(*events: Event) -> EventLog:
    """The events in file order (their ``order`` renumbered so)."""
    ordered = tuple(
        dataclasses.replace(e, order=index, place=written_at(index)) for index, e in enumerate(events)
    )
    return EventLog(path=Path(EVENTS_FILE), name=EVENTS_FILE, sha256="0" * 64, events=ordered)


def scrolled(
    configuration: Configuration,
    rows: list[ApplicationRow],
    *events: Event,
    partners: list[PartnerRow] | None = None,
    measure: str | None = None,
) -> RankingResult:
    """Check, rank, then apply the events."""
    return rank_check(run(configuration, rows, partners), measure, events_log(*events))


def envelope_of(result: RankingResult, measure: str, line: str | None) -> Envelope:
    return next(e for e in result.envelopes if (e.measure, e.line) == (measure, line))


def outcome(
    result: RankingResult, measure: str = "FSE3", line: str | None = "attivazione"
) -> list[tuple[str, str, int]]:
    """(id, status, granted €) of each application of an envelope, in the approved order."""
    return [
        (str(a.verdict.row.application_id), str(a.status), int(a.granted))
        for a in envelope_of(result, measure, line).applications
    ]
