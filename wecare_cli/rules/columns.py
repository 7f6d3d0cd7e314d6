"""Applications of one envelope read column by column: the columnar form of a per-application rule.

A per-application rule may carry, in its declaration, a second implementation that takes a whole
group of applications at once (see :func:`wecare_cli.rules.registry.per_application`). The registry
groups the applications by envelope (the same measure, line and phase share every configuration
fact), so the rule reads each fact once per group and each declared column as one list, instead of
one method call per application and value. The per-application implementation stays the reference:
property tests assert the two find the same hits, in the same order, for any application.

Reads stay bounded by the declaration: a column, fact or the partners the rule in force does not
declare raise :class:`~wecare_cli.rules.application.UndeclaredRead`, as for one application.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wecare_cli.ingest.model import PartnerRow
from wecare_cli.rules.application import CURRENT_RULE, Application, UndeclaredRead
from wecare_cli.rules.facts import EnvelopeFacts


class ApplicationColumns:
    """The applications of one envelope (or every application, for rules that need no measure)."""

    __slots__ = ("_columns", "_derived", "applications", "envelope")

    def __init__(self, applications: Sequence[Application], envelope: EnvelopeFacts | None) -> None:
        self.applications = applications
        self.envelope = envelope
        """The facts shared by the group; None for the group of every application."""
        self._columns: dict[str, list[Any]] = {}
        self._derived: dict[str, list[Any]] = {}

    def __len__(self) -> int:
        return len(self.applications)

    def column(self, field_name: str) -> list[Any]:
        """The typed values of a declared column, one per application (None when empty or unreadable)."""
        rule = CURRENT_RULE.get()
        if rule is not None and field_name not in rule.columns:
            raise UndeclaredRead(f"rule {rule.name} reads column {field_name!r} without declaring it")
        found = self._columns.get(field_name)
        if found is None:
            found = self._columns[field_name] = [getattr(a.row, field_name) for a in self.applications]
        return found

    def unreadable(self, field_name: str) -> list[bool]:
        """Per application, whether a declared column held a value that could not be read."""
        self.column(field_name)
        key = "unreadable:" + field_name
        found = self._derived.get(key)
        if found is None:
            found = self._derived[key] = [field_name in a.row.unreadable for a in self.applications]
        return found

    def derived(
        self, name: str, reads: Sequence[str], build: Callable[[ApplicationColumns], list[Any]]
    ) -> list[Any]:
        """A column computed from the declared columns ``reads``, built once for all rules naming it."""
        for field_name in reads:
            self.column(field_name)
        found = self._derived.get(name)
        if found is None:
            found = self._derived[name] = build(self)
        return found

    def fact(self, path: str) -> Any:
        """A declared configuration fact of the group's envelope."""
        rule = CURRENT_RULE.get()
        if rule is not None and path not in rule.facts:
            raise UndeclaredRead(f"rule {rule.name} reads fact {path!r} without declaring it")
        if self.envelope is None:
            raise UndeclaredRead(f"fact {path!r} read for applications of no one measure")
        return self.envelope[path]

    def partners(self) -> list[Sequence[PartnerRow]]:
        """The partner rows of each application (for rules that declare ``partners=True``)."""
        rule = CURRENT_RULE.get()
        if rule is not None and not rule.partners:
            raise UndeclaredRead(f"rule {rule.name} reads the partners without declaring it")
        return [a.attached_partners for a in self.applications]


def envelope_groups(applications: Sequence[Application]) -> list[ApplicationColumns]:
    """The resolved applications grouped by envelope (measure, line and phase), in order of appearance."""
    groups: dict[int, tuple[EnvelopeFacts, list[Application]]] = {}
    for application in applications:
        if not application.resolved:
            continue
        assert application.measure is not None
        envelope = application.facts.envelope(application.measure, application.line, application.phase)
        found = groups.get(id(envelope))
        if found is None:
            groups[id(envelope)] = (envelope, [application])
        else:
            found[1].append(application)
    return [ApplicationColumns(members, envelope) for envelope, members in groups.values()]
