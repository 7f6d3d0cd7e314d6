"""Findings reduced to what the officer sees: code, file, sheet, Excel row, column header, value."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from wecare_cli.findings import Finding
from wecare_cli.ingest import Intake

ROME = ZoneInfo("Europe/Rome")

Where = tuple[str, str | None, str | None, int | None, str | None, str | None]


def where(finding: Finding) -> Where:
    """A finding as (code, file, sheet, row, column, value)."""
    return (finding.code, finding.file, finding.sheet, finding.row, finding.column, finding.value)


def row_findings(intake: Intake) -> list[Where]:
    """Every finding of every application row, in input order."""
    return [where(f) for row in intake.applications for f in row.findings]


def partner_findings(intake: Intake) -> list[Where]:
    return [where(f) for row in intake.partners for f in row.findings]


def file_findings(intake: Intake) -> list[Where]:
    return [where(f) for f in intake.file_findings]
