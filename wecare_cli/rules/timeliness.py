"""Timeliness: submitted by the deadline in force, not before a sportello opens, not in the future."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time

from wecare_cli.config.measures import Procedure
from wecare_cli.config.windows import CallWindow
from wecare_cli.findings import Moment, Severity
from wecare_cli.ingest.model import SubmissionTime
from wecare_cli.rules.application import Application
from wecare_cli.rules.columns import ApplicationColumns
from wecare_cli.rules.registry import Hit, RunContext, per_application

_LAST_SECOND = time(23, 59, 59)


def _shown(moment: Moment | SubmissionTime) -> str:
    """The submission as the finding's value: a fixed, language-neutral form."""
    instant = moment.instant
    day = f"{instant.day:02d}/{instant.month:02d}/{instant.year}"
    return day if moment.date_only else f"{day} {instant.hour:02d}:{instant.minute:02d}"


def _submission(application: Application, run: RunContext) -> Moment | None:
    submitted = application.value("submitted_at")
    if submitted is None:
        return None
    return Moment(submitted.instant.astimezone(run.zone), submitted.date_only)


def _submissions(columns: ApplicationColumns, run: RunContext) -> list[SubmissionTime | None]:
    """Every submission of the group in the run's time zone (built once for the four rules); a
    rule makes the :class:`Moment` of :func:`_submission` only for the submissions it reports."""
    zone = run.zone

    def build(group: ApplicationColumns) -> list[SubmissionTime | None]:
        return [
            s
            if s is None or s.instant.tzinfo is zone
            else SubmissionTime(s.instant.astimezone(zone), s.date_only)
            for s in group.column("submitted_at")
        ]

    return columns.derived("submission", ("submitted_at",), build)


def _moment(submitted: SubmissionTime) -> Moment:
    return Moment(submitted.instant, submitted.date_only)


def _deadline_missed_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    window: CallWindow = columns.fact("window")
    if window.closes is None or window.deadline is None:
        return
    closes = window.closes.astimezone(run.zone)
    last_day = closes.date()
    deadline = Moment(closes)
    for index, submitted in enumerate(_submissions(columns, run)):
        if submitted is None:
            continue
        if submitted.date_only:
            late = submitted.instant.date() > last_day
        else:
            late = not window.is_on_time(submitted.instant)
        if late:
            yield (
                index,
                Hit(
                    "submitted_at",
                    _shown(submitted),
                    {
                        "submitted": _moment(submitted),
                        "deadline": deadline,
                        "inclusive": window.deadline.inclusive,
                        "extensions": window.extensions,
                        "act": window.deadline.act,
                    },
                ),
            )


@per_application(
    "deadline-missed",
    Severity.ERROR,
    facts=("window",),
    columns=("submitted_at",),
    columnar=_deadline_missed_columns,
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


def _submission_time_missing_columns(
    columns: ApplicationColumns, run: RunContext
) -> Iterator[tuple[int, Hit]]:
    window: CallWindow = columns.fact("window")
    if window.closes is None:
        return
    closes = window.closes.astimezone(run.zone)
    if closes.time() == _LAST_SECOND:
        return
    last_day, deadline = closes.date(), Moment(closes)
    for index, submitted in enumerate(_submissions(columns, run)):
        if submitted is not None and submitted.date_only and submitted.instant.date() == last_day:
            params = {"submitted": _moment(submitted), "deadline": deadline}
            yield index, Hit("submitted_at", _shown(submitted), params)


@per_application(
    "submission-time-missing",
    Severity.WARNING,
    facts=("window",),
    columns=("submitted_at",),
    columnar=_submission_time_missing_columns,
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


def _in_the_future_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    now = run.reference_time
    reference = Moment(now)
    for index, submitted in enumerate(_submissions(columns, run)):
        if submitted is not None and submitted.instant > now:
            params = {"submitted": _moment(submitted), "reference": reference}
            yield index, Hit("submitted_at", _shown(submitted), params)


@per_application(
    "submitted-in-the-future",
    Severity.WARNING,
    columns=("submitted_at",),
    columnar=_in_the_future_columns,
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


def _before_opening_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    if columns.fact("procedure").value is not Procedure.SPORTELLO:
        return
    window: CallWindow = columns.fact("window")
    if window.opens is None:
        return
    opens = window.opens.astimezone(run.zone)
    first_day, opening = opens.date(), Moment(opens)
    for index, submitted in enumerate(_submissions(columns, run)):
        if submitted is None:
            continue
        instant = submitted.instant
        if instant.date() < first_day if submitted.date_only else instant < opens:
            yield (
                index,
                Hit("submitted_at", _shown(submitted), {"submitted": _moment(submitted), "opens": opening}),
            )


@per_application(
    "submitted-before-opening",
    Severity.ERROR,
    facts=("procedure", "window"),
    columns=("submitted_at",),
    columnar=_before_opening_columns,
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
