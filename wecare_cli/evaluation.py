"""The two use cases, check and rank: from files (or an intake already read) to results.

The one orchestration module: it reads through :func:`wecare_cli.ingest.read_intake`, resolves and
applies the rules (:mod:`wecare_cli.rules`), and ranks with :func:`wecare_cli.ranking.rank_check`.
:func:`check` and :func:`rank` are the public Python API (``from wecare_cli import check``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from wecare_cli.config.discovery import Configuration, load_configuration
from wecare_cli.errors import WecareError
from wecare_cli.ingest import Progress as Progress
from wecare_cli.ingest.files import ReadLimits
from wecare_cli.ingest.model import Intake
from wecare_cli.rules import RULES
from wecare_cli.rules.application import Application
from wecare_cli.rules.facts import FactTable
from wecare_cli.rules.registry import RunContext, apply_rules, unchecked
from wecare_cli.rules.resolution import (
    attach_partners,
    report_partners_not_read,
    require_conditional_columns,
    resolve_district,
    resolve_line,
    resolve_measure,
    resolve_phase,
)
from wecare_cli.verdicts import CheckResult, Verdict

if TYPE_CHECKING:
    from wecare_cli.ranking.model import RankingResult


def check_files(
    paths: Sequence[Path],
    configuration: Configuration,
    reference_time: datetime,
    partners: Path | None = None,
    progress: Progress | None = None,
    limits: ReadLimits | None = None,
    amounts: str = "it",
) -> CheckResult:
    """Read application files (within ``limits``, telling ``progress``, amounts written as text in
    the convention ``amounts``: ``it`` or ``en``) and check every application."""
    from wecare_cli.ingest import read_intake

    zone = configuration.measures.zone
    intake = read_intake(
        paths,
        partners=partners,
        zone=zone,
        limits=limits,
        progress=progress,
        amounts=amounts,
        aliases=configuration.measures.columns,
    )
    return check_intake(intake, configuration, reference_time)


def check_intake(intake: Intake, configuration: Configuration, reference_time: datetime) -> CheckResult:
    """Resolve every application, then apply the rules; the reference time is the moment of the check."""
    facts = FactTable(configuration.measures)
    applications = [
        Application(row=row, configuration=configuration, facts=facts) for row in intake.applications
    ]
    for application in applications:
        resolve_measure(application)
    require_conditional_columns(applications, intake)
    file_findings = list(intake.file_findings)
    attach_partners(applications, intake.partners, file_findings)
    report_partners_not_read(applications, intake, file_findings)
    for application in applications:
        resolve_line(application)
        resolve_phase(application)
        resolve_district(application)
    apply_rules(applications, RULES, RunContext(reference_time, configuration.measures.zone))
    not_applied = tuple(unchecked(applications, RULES, facts))
    return CheckResult(
        verdicts=tuple(_verdicts(applications)),
        file_findings=tuple(file_findings),
        files=tuple(intake.files),
        unchecked=not_applied,
        reference_time=reference_time,
        configuration=configuration,
    )


def _verdicts(applications: list[Application]) -> Iterator[Verdict]:
    """The verdict of each application, in order, each application let go once its verdict is
    made: the applications under check and the verdicts are never all in memory together."""
    applications.reverse()
    while applications:
        application = applications.pop()
        measure, line = application.measure, application.line
        yield Verdict(
            row=application.row,
            measure=measure.code if measure else None,
            line=line.code if line else None,
            phase=application.phase,
            district=application.district_code,
            findings=(*application.row.findings, *application.findings),
        )


def rank_files(
    paths: Sequence[Path],
    configuration: Configuration,
    reference_time: datetime,
    partners: Path | None = None,
    measure: str | None = None,
    progress: Progress | None = None,
    limits: ReadLimits | None = None,
    events: Path | None = None,
    amounts: str = "it",
) -> RankingResult:
    """Check application files, then rank and allocate (optionally one measure only).

    With ``events`` (a YAML file, or a workbook with an ``Eventi`` sheet), the graduatoria as
    approved is stage 0 and each event a stage of its scorrimento: the result is the state after
    the last event, its stages in ``scorrimento``. The events file is read first, so that a bad
    one stops the run before the applications are read.
    """
    if measure is not None and configuration.measures.measure(measure) is None:
        known = tuple(m.code for m in configuration.measures.measures)
        raise WecareError("measure-unknown", measure=measure, known=known)
    log = None
    if events is not None:
        from wecare_cli.event_files import load_events

        log = load_events(events, configuration.measures.zone, limits)
    checked = check_files(
        paths,
        configuration,
        reference_time,
        partners=partners,
        progress=progress,
        limits=limits,
        amounts=amounts,
    )
    from wecare_cli.ranking import rank_check  # imported by rank alone: a check starts faster

    return rank_check(checked, measure, log)


def reference_time(as_of: date | datetime | None, configuration: Configuration) -> datetime:
    """The moment of a run: an aware datetime as given, the end of a day (Europe/Rome), or now."""
    zone = configuration.measures.zone
    if isinstance(as_of, datetime):
        if as_of.tzinfo is None:
            raise ValueError("as_of must be an aware datetime (with its time zone), or a date")
        return as_of
    if isinstance(as_of, date):
        return datetime.combine(as_of, time(23, 59, 59), tzinfo=zone)
    return datetime.now(zone).replace(microsecond=0)


def check(
    paths: Sequence[Path | str] | Path | str,
    configuration: Configuration | None = None,
    as_of: date | datetime | None = None,
    partners: Path | str | None = None,
    limits: ReadLimits | None = None,
    amounts: str = "it",
) -> CheckResult:
    """Check application files as ``wecare check`` does, and return the result.

    ``configuration`` defaults to :func:`~wecare_cli.config.load_configuration` (option,
    environment, current folder, shipped copy); ``as_of`` is a date (its end, Europe/Rome), an
    aware datetime, or None for now. ``amounts`` is how amounts written as text separate
    thousands and decimals: ``it`` (``1.234,56``, the default) or ``en`` (``1,234.56``). Raises
    :class:`~wecare_cli.errors.WecareError` (a file or the configuration cannot be read);
    ``wecare_cli.describe(error, "it")`` words it.
    """
    configuration = configuration or load_configuration()
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    return check_files(
        files,
        configuration,
        reference_time(as_of, configuration),
        partners=Path(partners) if partners is not None else None,
        limits=limits,
        amounts=amounts,
    )


def rank(
    paths: Sequence[Path | str] | Path | str,
    configuration: Configuration | None = None,
    as_of: date | datetime | None = None,
    partners: Path | str | None = None,
    measure: str | None = None,
    limits: ReadLimits | None = None,
    events: Path | str | None = None,
    amounts: str = "it",
) -> RankingResult:
    """Check, rank and allocate as ``wecare rank`` does (optionally one ``measure``); the result.

    ``events`` names an events file (``wecare rank --events``): the result is then the
    graduatoria after its scorrimento, with the stages in ``result.scorrimento``.
    """
    configuration = configuration or load_configuration()
    files = [Path(paths)] if isinstance(paths, str | Path) else [Path(p) for p in paths]
    return rank_files(
        files,
        configuration,
        reference_time(as_of, configuration),
        partners=Path(partners) if partners is not None else None,
        measure=measure,
        limits=limits,
        events=Path(events) if events is not None else None,
        amounts=amounts,
    )
