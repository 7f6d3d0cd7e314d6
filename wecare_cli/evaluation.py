"""Check a call's intake: every application gets a verdict with the findings that explain it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from pathlib import Path

from wecare_cli.config.discovery import Configuration
from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest import Progress as Progress
from wecare_cli.ingest.files import ReadLimits
from wecare_cli.ingest.model import ApplicationRow, InputFile, Intake
from wecare_cli.rules import RULES
from wecare_cli.rules.application import Application
from wecare_cli.rules.facts import FactTable
from wecare_cli.rules.registry import RunContext, UncheckedRule, apply_rules, unchecked
from wecare_cli.rules.resolution import (
    attach_partners,
    require_conditional_columns,
    resolve_district,
    resolve_line,
    resolve_measure,
    resolve_phase,
)


@dataclass(frozen=True)
class Verdict:
    """The outcome of the check for one input row."""

    row: ApplicationRow
    measure: str | None
    """The measure code the row resolved to (None if unknown or missing)."""
    line: str | None
    phase: str | None
    district: str | None
    """District code (D01…) when the row names a known district."""
    findings: tuple[Finding, ...]

    @cached_property
    def eligible(self) -> bool:
        """Eligible exactly when no finding is an error."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def status(self) -> str:
        """``eligible`` or ``ineligible``."""
        return "eligible" if self.eligible else "ineligible"

    @cached_property
    def has_warnings(self) -> bool:
        """Whether any finding is a warning."""
        return any(f.severity is Severity.WARNING for f in self.findings)


@dataclass(frozen=True)
class MeasureTotals:
    """The applications of one measure (None: the measure is unknown or missing) and what they ask."""

    measure: str | None
    applications: int
    eligible: int
    ineligible: int
    requested: Decimal
    """Sum of the requested amounts that could be read, eligible or not."""


@dataclass(frozen=True)
class CheckResult:
    """Everything `wecare check` reports: one verdict per input row, in input order."""

    verdicts: tuple[Verdict, ...]
    file_findings: tuple[Finding, ...]
    files: tuple[InputFile, ...]
    unchecked: tuple[UncheckedRule, ...]
    reference_time: datetime
    configuration: Configuration

    @property
    def all_eligible(self) -> bool:
        """Whether every application is eligible and no file-level error was found."""
        return all(v.eligible for v in self.verdicts) and not any(
            f.severity is Severity.ERROR for f in self.file_findings
        )

    @cached_property
    def totals_by_measure(self) -> tuple[MeasureTotals, ...]:
        """Applications, verdicts and requests per measure, in the configuration's order (unknown last)."""
        counts: dict[str | None, list[int]] = {}
        requested: dict[str | None, Decimal] = {}
        for verdict in self.verdicts:
            entry = counts.setdefault(verdict.measure, [0, 0, 0])
            entry[0] += 1
            entry[1 if verdict.eligible else 2] += 1
            amount = verdict.row.requested_amount
            requested[verdict.measure] = requested.get(verdict.measure, Decimal(0)) + (amount or Decimal(0))
        order = {m.code: index for index, m in enumerate(self.configuration.measures.measures)}
        return tuple(
            MeasureTotals(code, counts[code][0], counts[code][1], counts[code][2], requested[code])
            for code in sorted(counts, key=lambda code: (code not in order, order.get(code or "", 0)))
        )

    @property
    def has_warnings(self) -> bool:
        """Whether any warning was found, on a row or a file."""
        return any(v.has_warnings for v in self.verdicts) or any(
            f.severity is Severity.WARNING for f in self.file_findings
        )


def check_files(
    paths: Sequence[Path],
    configuration: Configuration,
    reference_time: datetime,
    partners: Path | None = None,
    progress: Progress | None = None,
    limits: ReadLimits | None = None,
) -> CheckResult:
    """Read application files (within ``limits``, telling ``progress``) and check every application."""
    from wecare_cli.ingest import read_intake

    zone = configuration.measures.zone
    intake = read_intake(paths, partners=partners, zone=zone, limits=limits, progress=progress)
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
    for application in applications:
        resolve_line(application)
        resolve_phase(application)
        resolve_district(application)
    apply_rules(applications, RULES, RunContext(reference_time, configuration.measures.zone))
    verdicts = tuple(
        Verdict(
            row=a.row,
            measure=a.measure.code if a.measure else None,
            line=a.line.code if a.line else None,
            phase=a.phase,
            district=a.district_code,
            findings=(*a.row.findings, *a.findings),
        )
        for a in applications
    )
    return CheckResult(
        verdicts=verdicts,
        file_findings=tuple(file_findings),
        files=tuple(intake.files),
        unchecked=tuple(unchecked(applications, RULES, facts)),
        reference_time=reference_time,
        configuration=configuration,
    )
