"""The application as the rules see it: its row, resolved measure, line, phase, district and partners."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli.config.discovery import Configuration
from wecare_cli.config.models import Line, Measure
from wecare_cli.findings import Finding, Severity, shown_value
from wecare_cli.ingest.model import APPLICATION_COLUMNS, ApplicationRow, PartnerRow


@dataclass
class Subject:
    """One application under check, with what its codes resolve to in the configuration."""

    row: ApplicationRow
    config: Configuration
    measure: Measure | None = None
    line: Line | None = None
    phase: str | None = None
    district_code: str | None = None
    partners: list[PartnerRow] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Findings of the rules (the row's own reading findings stay on ``row.findings``)."""

    @property
    def zone(self) -> ZoneInfo:
        """The time zone of deadlines."""
        return self.config.measures.zone

    def column(self, field_name: str) -> str:
        """The header as written in the file for a canonical field (the Italian name if absent)."""
        return self.row.headers.get(field_name, APPLICATION_COLUMNS.get(field_name, field_name))

    def add(
        self,
        code: str,
        field_name: str | None,
        value: object = None,
        severity: Severity = Severity.ERROR,
        **params: Any,
    ) -> None:
        """Record a rule finding pinned to this application's row and a column."""
        position = self.row.position
        self.findings.append(
            Finding(
                code=code,
                severity=severity,
                file=position.file,
                sheet=position.sheet,
                row=position.row,
                column=self.column(field_name) if field_name else None,
                value=shown_value(value),
                params={"id": self.row.application_id or "", **params},
            )
        )

    def has_error(self, code: str | None = None) -> bool:
        """Whether a rule already found an error (of one code, if given)."""
        return any(f.severity is Severity.ERROR and (code is None or f.code == code) for f in self.findings)
