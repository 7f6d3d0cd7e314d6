"""Timeliness: submitted by the deadline in force, and not before a sportello opens."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from wecare_cli.config.models import Line, Measure, Procedure
from wecare_cli.deadlines import CallWindow, window_for
from wecare_cli.findings import Severity
from wecare_cli.rules.subject import Subject


def _when(instant: datetime, date_only: bool = False) -> str:
    return instant.strftime("%d/%m/%Y") if date_only else instant.strftime("%d/%m/%Y %H:%M")


def check_deadline(subject: Subject, reference_time: datetime) -> None:
    """deadline-missed: submitted after the last extension of the deadline (Europe/Rome).

    A deadline given as a date runs until 23:59:59 that day; a submission given as a date
    without a time counts as that day. FESR's sportello closes *at* its closing time.
    """
    measure, submitted = subject.measure, subject.row.submitted_at
    if measure is None or submitted is None or (measure.lines and subject.line is None):
        return
    window = _window(measure, subject.line, subject.phase, subject.zone)
    instant = submitted.instant.astimezone(subject.zone)
    if instant > reference_time:
        subject.add(
            "submitted-in-the-future",
            "submitted_at",
            _when(instant, submitted.date_only),
            Severity.WARNING,
            reference=_when(reference_time),
        )
    if window.closes is None or window.deadline is None:
        return
    closes = window.closes.astimezone(subject.zone)
    if submitted.date_only:
        late = instant.date() > closes.date()
        if not late and instant.date() == closes.date() and closes.time() != time(23, 59, 59):
            subject.add(
                "submission-time-missing",
                "submitted_at",
                _when(instant, True),
                Severity.WARNING,
                deadline=_when(closes),
            )
    else:
        late = not window.is_on_time(instant)
    if late:
        subject.add(
            "deadline-missed",
            "submitted_at",
            _when(instant, submitted.date_only),
            deadline=_when(closes),
            inclusive=window.deadline.inclusive,
            extensions=window.extensions,
            act=window.deadline.act or "",
        )


def _window(measure: Measure, line: Line | None, phase: str | None, zone: ZoneInfo) -> CallWindow:
    """The window of a measure, line and phase, worked out once per measure."""
    return measure.memo(
        ("window", line.code if line else None, phase, str(zone)),
        lambda: window_for(measure, line, phase, zone),
    )


def check_opening(subject: Subject) -> None:
    """submitted-before-opening: a sportello application sent before the sportello opened."""
    measure, submitted = subject.measure, subject.row.submitted_at
    if measure is None or submitted is None or measure.procedure.value is not Procedure.SPORTELLO:
        return
    opening = measure.opening_for(subject.line)
    opens = opening.opens(subject.zone) if opening is not None else None
    if opens is None:
        return
    instant = submitted.instant.astimezone(subject.zone)
    early = instant.date() < opens.date() if submitted.date_only else instant < opens
    if early:
        subject.add(
            "submitted-before-opening",
            "submitted_at",
            _when(instant, submitted.date_only),
            opens=_when(opens),
        )
