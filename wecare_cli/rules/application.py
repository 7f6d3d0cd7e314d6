"""An application under check: its row, what its codes resolve to, its partners and findings.

Rules read an application only through what they declare (see :mod:`wecare_cli.rules.registry`):
:meth:`Application.value` for the columns, :meth:`Application.fact` for the configuration facts,
:meth:`Application.has_error` for the findings of the rules they run after. Reading anything
undeclared raises :class:`UndeclaredRead`, so a declaration cannot silently fall behind its code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from wecare_cli.config.discovery import Configuration
from wecare_cli.config.measures import Line, Measure
from wecare_cli.findings import Finding, Severity, shown_value
from wecare_cli.ingest.model import APPLICATION_COLUMNS, ApplicationRow, PartnerRow
from wecare_cli.rules.facts import EnvelopeFacts, FactTable

if TYPE_CHECKING:
    from wecare_cli.rules.registry import Rule

CURRENT_RULE: ContextVar[Rule | None] = ContextVar("wecare_current_rule", default=None)
"""The rule being applied; its declaration bounds what it may read."""


class UndeclaredRead(LookupError):
    """A rule read a column, fact or finding its declaration does not name (a bug in the rule)."""


@dataclass(slots=True)
class Application:
    """One application under check, with what its codes resolve to in the configuration."""

    row: ApplicationRow
    configuration: Configuration
    facts: FactTable
    measure: Measure | None = None
    line: Line | None = None
    phase: str | None = None
    district_code: str | None = None
    attached_partners: Sequence[PartnerRow] = ()
    """The partner rows naming this application (see :meth:`attach`)."""
    findings: Sequence[Finding] = ()
    """Findings of the resolution and the rules (the row's reading findings stay on ``row.findings``).

    Both start as the empty tuple and become a list at their first item: most applications have
    no partner and no finding, and two empty lists per application cost about 40 MiB while
    300,000 applications are under check."""
    _envelope: EnvelopeFacts | None = field(default=None, repr=False, compare=False)

    @property
    def resolved(self) -> bool:
        """The measure is known, and so is the line when the measure has lines."""
        return self.measure is not None and not (self.measure.lines and self.line is None)

    def column(self, field_name: str) -> str:
        """The header as written in the file for a canonical field (the Italian name if absent)."""
        return self.row.headers.get(field_name, APPLICATION_COLUMNS.get(field_name, field_name))

    # -- what rules read --------------------------------------------------------------------------

    def value(self, field_name: str) -> Any:
        """The typed value of a declared column (None when empty, absent or unreadable)."""
        rule = CURRENT_RULE.get()
        if rule is not None and field_name not in rule.columns:
            raise UndeclaredRead(f"rule {rule.name} reads column {field_name!r} without declaring it")
        return getattr(self.row, field_name)

    def unreadable(self, field_name: str) -> bool:
        """Whether a declared column held a value that could not be read (a finding says why)."""
        self.value(field_name)
        return field_name in self.row.unreadable

    def fact(self, path: str) -> Any:
        """A declared configuration fact for this application's measure, line and phase."""
        rule = CURRENT_RULE.get()
        if rule is not None and path not in rule.facts:
            raise UndeclaredRead(f"rule {rule.name} reads fact {path!r} without declaring it")
        envelope = self._envelope
        if envelope is None or not envelope.of(self.measure, self.line, self.phase):
            # Resolution reads facts before the line and phase are known: the table follows them.
            assert self.measure is not None, "facts are read only for applications of a known measure"
            envelope = self._envelope = self.facts.envelope(self.measure, self.line, self.phase)
        return envelope[path]

    @property
    def partners(self) -> Sequence[PartnerRow]:
        """The partner rows of the application (for rules that declare ``partners=True``)."""
        rule = CURRENT_RULE.get()
        if rule is not None and not rule.partners:
            raise UndeclaredRead(f"rule {rule.name} reads the partners without declaring it")
        return self.attached_partners

    def has_error(self, code: str) -> bool:
        """Whether an error of ``code`` was found; only for codes of rules declared in ``after``."""
        rule = CURRENT_RULE.get()
        if rule is not None and code not in rule.after:
            raise UndeclaredRead(f"rule {rule.name} reads {code!r} findings without running after it")
        findings = self.findings
        return bool(findings) and any(f.code == code and f.severity is Severity.ERROR for f in findings)

    # -- what resolution and the registry write --------------------------------------------------

    def add(
        self,
        code: str,
        severity: Severity,
        field_name: str | None,
        value: object = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a finding pinned to this application's row and a column."""
        position = self.row.position
        self.record(
            Finding(
                code=code,
                severity=severity,
                file=position.file,
                sheet=position.sheet,
                row=position.row,
                column=self.column(field_name) if field_name else None,
                value=shown_value(value),
                params={"id": self.row.application_id or "", **(params or {})},
            )
        )

    def record(self, *findings: Finding) -> None:
        """Add findings already made (a partner row's reading findings, say) to the application's."""
        found = self.findings
        if isinstance(found, list):
            found.extend(findings)
        elif findings:
            self.findings = [*found, *findings]

    def attach(self, partner: PartnerRow) -> None:
        """Attach a partner row that names this application, with its reading findings."""
        partners = self.attached_partners
        if isinstance(partners, list):
            partners.append(partner)
        else:
            self.attached_partners = [*partners, partner]
        self.record(*partner.findings)
