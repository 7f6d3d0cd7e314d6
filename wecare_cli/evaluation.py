"""Check a call's intake: every application gets a verdict with the findings that explain it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path

from wecare_cli.config.discovery import Configuration
from wecare_cli.config.models import Line, Measure
from wecare_cli.errors import InputFileError
from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest import Progress as Progress
from wecare_cli.ingest.files import ReadLimits
from wecare_cli.ingest.model import APPLICATION_COLUMNS, ApplicationRow, InputFile, Intake
from wecare_cli.rules.deadlines import check_deadline, check_opening
from wecare_cli.rules.eligibility import check_amounts, check_applicant
from wecare_cli.rules.identity import (
    flag_duplicate_ids,
    flag_repeated_applicants,
    resolve_district,
    resolve_line,
    resolve_measure,
    resolve_phase,
)
from wecare_cli.rules.partnership import (
    check_third_sector_partners,
    flag_partners_over_limit,
    flag_second_applications_per_district,
    partner_key,
)
from wecare_cli.rules.subject import Subject


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
class UncheckedRule:
    """A rule not applied because the sources do not give its figure (null in measures.yaml)."""

    measure: str
    line: str | None
    rule: str
    note: str


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
    """Apply every rule to an intake already read; the reference time is the moment of the check."""
    subjects = [Subject(row=row, config=configuration) for row in intake.applications]
    for subject in subjects:
        resolve_measure(subject)
    _require_conditional_columns(subjects, intake)
    by_id: dict[str, list[Subject]] = {}
    for subject in subjects:
        if subject.row.application_id is not None:
            by_id.setdefault(partner_key(subject.row.application_id), []).append(subject)
    file_findings = list(intake.file_findings)
    for partner in intake.partners:
        owners = by_id.get(partner_key(partner.application_id)) if partner.application_id else None
        if owners:
            # A partner's own defects (a wrong tax code...) are defects of the application it joins.
            owners[0].partners.append(partner)
            owners[0].findings.extend(partner.findings)
            continue
        if partner.application_id is not None:
            file_findings.append(
                Finding(
                    code="partner-without-application",
                    severity=Severity.WARNING,
                    file=partner.position.file,
                    sheet=partner.position.sheet,
                    row=partner.position.row,
                    column=partner.headers.get("application_id"),
                    value=partner.application_id,
                )
            )
        file_findings.extend(partner.findings)

    for subject in subjects:
        resolve_line(subject)
        resolve_phase(subject)
        resolve_district(subject)
        check_deadline(subject, reference_time)
        check_opening(subject)
        check_applicant(subject)
        check_amounts(subject)
        check_third_sector_partners(subject)
    flag_duplicate_ids(subjects)
    flag_repeated_applicants(subjects)
    flag_second_applications_per_district(subjects)
    flag_partners_over_limit(subjects)

    verdicts = tuple(
        Verdict(
            row=s.row,
            measure=s.measure.code if s.measure else None,
            line=s.line.code if s.line else None,
            phase=s.phase,
            district=s.district_code,
            findings=(*s.row.findings, *s.findings),
        )
        for s in subjects
    )
    return CheckResult(
        verdicts=verdicts,
        file_findings=tuple(file_findings),
        files=tuple(intake.files),
        unchecked=tuple(unchecked_rules(subjects)),
        reference_time=reference_time,
        configuration=configuration,
    )


def _require_conditional_columns(subjects: list[Subject], intake: Intake) -> None:
    """Stop when a file lacks the line column its measures need, or FSE1's district column."""
    missing: dict[str, set[str]] = {}
    for subject in subjects:
        measure = subject.measure
        if measure is None:
            continue
        needed = []
        if measure.lines and "line" not in subject.row.headers:
            needed.append("line")
        if measure.district_required and "district" not in subject.row.headers:
            needed.append("district")
        if needed:
            missing.setdefault(subject.row.position.file, set()).update(needed)
    for file_name, columns in missing.items():
        source = next((f for f in intake.files if Path(f.path).name == file_name), None)
        where = (
            f"sheet «{source.sheet}», header on row {source.header_row}" if source and source.sheet else ""
        )
        names = ", ".join(f"{c} ({APPLICATION_COLUMNS[c]})" for c in sorted(columns))
        raise InputFileError(
            "column-missing",
            file_name,
            f"{where + ': ' if where else ''}missing columns needed by the measures in the file: {names}.",
        )


def unchecked_rules(subjects: list[Subject]) -> list[UncheckedRule]:
    """The rules that could not be applied to the measures and lines present in the intake."""
    seen: dict[tuple[str, str | None], tuple[Measure, Line | None]] = {}
    for subject in subjects:
        if subject.measure is not None:
            seen.setdefault(
                (subject.measure.code, subject.line.code if subject.line else None),
                (subject.measure, subject.line),
            )
    found: list[UncheckedRule] = []
    for (code, line_code), (measure, line) in seen.items():
        if measure.lines and line is None:
            continue
        zone = subjects[0].zone
        phases: list[str | None] = [p.code for p in measure.phases] or [None]
        for phase in phases:
            deadline = measure.deadline_in_force(line, phase)
            if deadline is None or deadline.closes(zone) is None:
                note = deadline.note if deadline is not None and deadline.note else "no deadline configured"
                rule = "deadline-missed" if phase is None else f"deadline-missed ({phase})"
                found.append(UncheckedRule(code, line_code, rule, note))
        eligibility = measure.eligibility_for(line)
        for rule, fact in (
            ("applicant-type-not-allowed", eligibility.applicant_types),
            ("applicant-type-not-allowed (size)", eligibility.enterprise_sizes),
        ):
            if fact is not None and fact.value is None:
                found.append(UncheckedRule(code, line_code, rule, fact.note or ""))
        amounts = measure.amounts_for(line)
        for rule, amount_fact in (
            ("amount-out-of-range (minimum)", amounts.project_value_min_eur),
            ("amount-out-of-range (maximum)", amounts.project_value_max_eur),
            ("cofinancing-below-minimum", amounts.cofinancing_min_share),
        ):
            if amount_fact is not None and amount_fact.value is None:
                found.append(UncheckedRule(code, line_code, rule, amount_fact.note or ""))
    return found
