"""What a check finds: a verdict per application, with the findings that explain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from importlib import import_module
from typing import TYPE_CHECKING, Any

from wecare_cli.config.discovery import Configuration
from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest.model import ApplicationRow, InputFile
from wecare_cli.rules.registry import UncheckedRule

if TYPE_CHECKING:
    import pandas

ANALYSIS_EXTRA = "analysis"
"""The optional part of the package that brings pandas, for the analyst frames."""


def require_pandas() -> None:
    """Make sure pandas can be imported for the analyst frames; otherwise an ImportError that says
    how to install it (wecare itself never needs pandas: checking and ranking work without it)."""
    try:
        import_module("pandas")
    except ImportError as missing:
        raise ImportError(
            "The data frames of wecare (verdicts_frame, findings_frame, ranking_frame) need pandas, "
            f'which is not installed: pip install "wecare-cli[{ANALYSIS_EXTRA}]" (or pip install pandas).',
            name="pandas",
        ) from missing


@dataclass(frozen=True, slots=True)
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
    eligible: bool = field(init=False, repr=False, compare=False)
    """Eligible exactly when no finding is an error."""
    has_warnings: bool = field(init=False, repr=False, compare=False)
    """Whether any finding is a warning."""

    def __post_init__(self) -> None:
        # Known at once: every output reads them, and a cached property costs more to read.
        if not self.findings:
            object.__setattr__(self, "eligible", True)
            object.__setattr__(self, "has_warnings", False)
            return
        severities = {f.severity for f in self.findings}
        object.__setattr__(self, "eligible", Severity.ERROR not in severities)
        object.__setattr__(self, "has_warnings", Severity.WARNING in severities)

    @property
    def status(self) -> str:
        """``eligible`` or ``ineligible``."""
        return "eligible" if self.eligible else "ineligible"


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

    def verdicts_frame(self) -> pandas.DataFrame:
        """One row per application, in input order: ids, where it is, the values read and the verdict.

        Amounts stay exact (``Decimal``); needs pandas (``pip install "wecare-cli[analysis]"``).
        """
        require_pandas()
        import pandas

        records: list[dict[str, Any]] = []
        for verdict in self.verdicts:
            row = verdict.row
            records.append(
                {
                    "application_id": row.application_id,
                    "file": row.position.file,
                    "sheet": row.position.sheet,
                    "row": row.position.row,
                    "measure": verdict.measure,
                    "line": verdict.line,
                    "phase": verdict.phase,
                    "district": verdict.district,
                    "applicant_name": row.applicant_name,
                    "applicant_tax_code": row.applicant_tax_code,
                    "applicant_type": row.applicant_type,
                    "requested_amount": row.requested_amount,
                    "total_cost": row.total_cost,
                    "submitted_at": row.submitted_at.instant if row.submitted_at else None,
                    "score": row.score,
                    "status": verdict.status,
                    "errors": sum(f.severity is Severity.ERROR for f in verdict.findings),
                    "warnings": sum(f.severity is Severity.WARNING for f in verdict.findings),
                }
            )
        return pandas.DataFrame.from_records(records, columns=VERDICT_COLUMNS)

    def findings_frame(self) -> pandas.DataFrame:
        """One row per finding (of the applications, then of the files) with its code and position.

        Needs pandas (``pip install "wecare-cli[analysis]"``).
        """
        require_pandas()
        import pandas

        records = [
            _finding_record(finding, verdict.row.application_id)
            for verdict in self.verdicts
            for finding in verdict.findings
        ]
        records += [_finding_record(finding, None) for finding in self.file_findings]
        return pandas.DataFrame.from_records(records, columns=FINDING_COLUMNS)


VERDICT_COLUMNS = (
    "application_id",
    "file",
    "sheet",
    "row",
    "measure",
    "line",
    "phase",
    "district",
    "applicant_name",
    "applicant_tax_code",
    "applicant_type",
    "requested_amount",
    "total_cost",
    "submitted_at",
    "score",
    "status",
    "errors",
    "warnings",
)
"""The columns of :meth:`CheckResult.verdicts_frame`."""

FINDING_COLUMNS = ("application_id", "file", "sheet", "row", "column", "code", "severity", "value")
"""The columns of :meth:`CheckResult.findings_frame`."""


def _finding_record(finding: Finding, application_id: str | None) -> dict[str, Any]:
    return {
        "application_id": application_id,
        "file": finding.file,
        "sheet": finding.sheet,
        "row": finding.row,
        "column": finding.column,
        "code": finding.code,
        "severity": str(finding.severity),
        "value": finding.value,
    }
