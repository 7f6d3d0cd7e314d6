"""Timeliness: submitted by the deadline in force, not before a sportello opens, not in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from wecare_cli.config.measures import Procedure
from wecare_cli.config.windows import CallWindow
from wecare_cli.findings import Moment, Severity
from wecare_cli.rules.application import Application
from wecare_cli.rules.registry import Hit, RunContext, per_application

_LAST_SECOND = time(23, 59, 59)


def _shown(moment: Moment) -> str:
    """The submission as the finding's value: a fixed, language-neutral form."""
    instant = moment.instant
    return instant.strftime("%d/%m/%Y") if moment.date_only else instant.strftime("%d/%m/%Y %H:%M")


def _submission(application: Application, run: RunContext) -> Moment | None:
    submitted = application.value("submitted_at")
    if submitted is None:
        return None
    return Moment(submitted.instant.astimezone(run.zone), submitted.date_only)


@per_application(
    "deadline-missed",
    Severity.ERROR,
    facts=("window",),
    columns=("submitted_at",),
)
def deadline_missed(application: Application, run: RunContext) -> Iterator[Hit]:
    """Submitted after the deadline in force (the last proroga), in Europe/Rome time.

    A deadline given as a date runs until 23:59:59 that day; a submission given as a date
    without a time counts as that day. FESR's sportello closes *at* its closing time.
    """
    submitted = _submission(application, run)
    window: CallWindow = application.fact("window")
    if submitted is None or window.closes is None or window.deadline is None:
        return
    closes = window.closes.astimezone(run.zone)
    if submitted.date_only:
        late = submitted.instant.date() > closes.date()
    else:
        late = not window.is_on_time(submitted.instant)
    if late:
        yield Hit(
            "submitted_at",
            _shown(submitted),
            {
                "submitted": submitted,
                "deadline": Moment(closes),
                "inclusive": window.deadline.inclusive,
                "extensions": window.extensions,
                "act": window.deadline.act,
            },
        )


@per_application(
    "submission-time-missing",
    Severity.WARNING,
    facts=("window",),
    columns=("submitted_at",),
)
def submission_time_missing(application: Application, run: RunContext) -> Iterator[Hit]:
    """A date-only submission on the day a call closes at a set time (counted as on time)."""
    submitted = _submission(application, run)
    window: CallWindow = application.fact("window")
    if submitted is None or not submitted.date_only or window.closes is None:
        return
    closes = window.closes.astimezone(run.zone)
    if submitted.instant.date() == closes.date() and closes.time() != _LAST_SECOND:
        yield Hit("submitted_at", _shown(submitted), {"submitted": submitted, "deadline": Moment(closes)})


@per_application(
    "submitted-in-the-future",
    Severity.WARNING,
    columns=("submitted_at",),
)
def submitted_in_the_future(application: Application, run: RunContext) -> Iterator[Hit]:
    """A submission later than the moment of the check (a typing error?)."""
    submitted = _submission(application, run)
    if submitted is not None and submitted.instant > run.reference_time:
        yield Hit(
            "submitted_at",
            _shown(submitted),
            {"submitted": submitted, "reference": Moment(run.reference_time)},
        )


@per_application(
    "submitted-before-opening",
    Severity.ERROR,
    facts=("procedure", "window"),
    columns=("submitted_at",),
)
def submitted_before_opening(application: Application, run: RunContext) -> Iterator[Hit]:
    """A sportello (FESR) application sent before the sportello opened."""
    submitted = _submission(application, run)
    if submitted is None or application.fact("procedure").value is not Procedure.SPORTELLO:
        return
    window: CallWindow = application.fact("window")
    if window.opens is None:
        return
    opens = window.opens.astimezone(run.zone)
    early = submitted.instant.date() < opens.date() if submitted.date_only else submitted.instant < opens
    if early:
        yield Hit("submitted_at", _shown(submitted), {"submitted": submitted, "opens": Moment(opens)})
