"""Resolution, the step before the rules: which measure, line, phase and district an application names,
and which partner rows belong to it.

Resolution is not a rule: it decides what the rules apply to. What it cannot resolve is a finding
like any other (:data:`RESOLUTION_CODES`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wecare_cli.errors import InputFileError
from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest.headers import shown_headers, where
from wecare_cli.ingest.model import APPLICATION_COLUMNS, Intake, PartnerRow
from wecare_cli.rules.application import Application
from wecare_cli.vocabulary import identifier_key, normalise_label


@dataclass(frozen=True)
class ResolutionCode:
    """A finding resolution reports, with its severity and when."""

    code: str
    severity: str
    summary: str


RESOLUTION_CODES: tuple[ResolutionCode, ...] = (
    ResolutionCode("measure-unknown", "error", "the Misura is not one of the configured measures"),
    ResolutionCode("line-unknown", "error", "the Linea is not a line of the application's measure"),
    ResolutionCode("missing-value", "error", "a measure with lines, or FSE1, without its line or district"),
    ResolutionCode("invalid-value", "error", "a phase that is not one of the measure's phases"),
    ResolutionCode("district-unknown", "error or warning", "the district is not one of the configured ones"),
    ResolutionCode("partner-without-application", "warning", "a partner row whose application is not there"),
    ResolutionCode(
        "partners-not-read",
        "error",
        "applications of a measure that needs partners, and no partner sheet or --partners file was read",
    ),
)
"""Every code resolution reports."""


def partner_key(application_id: str) -> str:
    """How a partner row is matched to its application: the id, trimmed and case-folded."""
    return identifier_key(application_id)


@lru_cache(maxsize=4096)
def _code_key(text: str) -> str:
    """A measure or line code as compared (remembered: a file repeats a handful of codes)."""
    return normalise_label(text).replace(" ", "")


_label = lru_cache(maxsize=4096)(normalise_label)
"""``normalise_label`` of a phase, remembered like :func:`_code_key`."""


def resolve_measure(application: Application) -> None:
    """measure-unknown: the Misura must be one of the configured measures."""
    text = application.row.measure
    if text is None:
        return  # missing-value was raised while reading
    wanted = _code_key(text)
    measures = application.configuration.measures.measures
    for measure in measures:
        if _code_key(measure.code) in (wanted, wanted.removeprefix("misura")):
            application.measure = measure
            return
    known = tuple(m.code for m in measures)
    application.add("measure-unknown", Severity.ERROR, "measure", text, {"known": known})


def resolve_line(application: Application) -> None:
    """line-unknown / missing-value: a measure with lines needs one of them; others take none."""
    measure = application.measure
    if measure is None:
        return
    text = application.row.line
    if not measure.lines:
        if text:
            application.add(
                "line-unknown", Severity.ERROR, "line", text, {"measure": measure.code, "known": ()}
            )
        return
    known = tuple(line.code for line in measure.lines)
    if text is None:
        if "line" not in application.row.unreadable:
            application.add("missing-value", Severity.ERROR, "line", None, {"expected": known})
        return
    line = measure.line(text.strip()) or measure.line(_code_key(text))
    if line is None:
        application.add(
            "line-unknown", Severity.ERROR, "line", text, {"measure": measure.code, "known": known}
        )
        return
    application.line = line


def resolve_phase(application: Application) -> None:
    """invalid-value: a measure with phases (FSE1) takes one of them; empty means the first."""
    measure = application.measure
    if measure is None or not measure.phases:
        return
    text = application.row.phase
    if text is None:
        application.phase = measure.phases[0].code
        return
    wanted = _label(text)
    for phase in measure.phases:
        if wanted in (_label(phase.code), *map(_label, phase.name.matches())):
            application.phase = phase.code
            return
    application.add(
        "invalid-value", Severity.ERROR, "phase", text, {"expected": tuple(p.code for p in measure.phases)}
    )


def resolve_district(application: Application) -> None:
    """district-unknown / missing-value: where a district is required it must be a configured one.

    Elsewhere the district is information only, and an unknown one is a warning.
    """
    measure = application.measure
    text = application.row.district
    must_know = measure.eligibility.applicant_district_must_be_known if measure is not None else None
    required = measure is not None and (
        measure.district_required or (must_know is not None and must_know.value is True)
    )
    if text is None:
        if required and "district" not in application.row.unreadable:
            application.add("missing-value", Severity.ERROR, "district", None)
        return
    district = application.configuration.district(text)
    if district is None:
        severity = Severity.ERROR if required else Severity.WARNING
        count = len(application.configuration.districts)
        application.add("district-unknown", severity, "district", text, {"count": count})
        return
    application.district_code = district.code


def attach_partners(
    applications: Sequence[Application], partners: Sequence[PartnerRow], file_findings: list[Finding]
) -> None:
    """Give each partner row to the first application with its id; a row without one is a warning.

    A partner's own defects (a wrong tax code...) are defects of the application it joins.
    """
    if not partners:
        return
    by_id: dict[str, list[Application]] = {}
    for application in applications:
        if application.row.application_id is not None:
            by_id.setdefault(partner_key(application.row.application_id), []).append(application)
    for partner in partners:
        owners = by_id.get(partner_key(partner.application_id)) if partner.application_id else None
        if owners:
            owners[0].attach(partner)
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


MINIMUM_PARTNERS = "partnership.third_sector_min_partners"
"""The fact that makes a measure need partner rows: at least this many partners of a kind."""


def report_partners_not_read(
    applications: Sequence[Application], intake: Intake, file_findings: list[Finding]
) -> None:
    """partners-not-read: some applications are of a measure whose partnership rules need partner
    rows, and no partner table was read at all (no Partner sheet in any workbook, no --partners).

    One finding for the intake, instead of every such application failing in silence ("found 0
    among 0 partners"): its partnership rules still fail, since no partner can be counted.
    """
    if intake.partners or any(f.role == "partners" for f in intake.files):
        return
    needing: dict[str, int] = {}
    for application in applications:
        if application.measure is None:
            continue
        minimum = application.fact(MINIMUM_PARTNERS)
        if minimum is not None and minimum.value:
            code = application.measure.code
            needing[code] = needing.get(code, 0) + 1
    if needing:
        file_findings.append(
            Finding(
                "partners-not-read",
                Severity.ERROR,
                params={"measures": tuple(needing), "count": sum(needing.values())},
            )
        )


def require_conditional_columns(applications: Sequence[Application], intake: Intake) -> None:
    """Stop when a file lacks the line column its measures need, or a required district column."""
    missing: dict[str, set[str]] = {}
    for application in applications:
        measure = application.measure
        if measure is None:
            continue
        needed = []
        if measure.lines and "line" not in application.row.headers:
            needed.append("line")
        if measure.district_required and "district" not in application.row.headers:
            needed.append("district")
        if needed:
            missing.setdefault(application.row.position.file, set()).update(needed)
    for file_name, columns in missing.items():
        source = next((f for f in intake.files if Path(f.path).name == file_name), None)
        found = next(a.row.headers for a in applications if a.row.position.file == file_name)
        raise InputFileError(
            "column-missing",
            file_name,
            where=where(source.sheet if source is not None else None),
            header_row=source.header_row if source is not None else "?",
            missing=tuple(f"{APPLICATION_COLUMNS[c]} ({c})" for c in sorted(columns)),
            found=shown_headers(list(found.values())),
        )
