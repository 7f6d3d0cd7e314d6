"""Declared rules: what each rule finds, what it reads, and the order the registry runs them in.

A rule is a small function with its declaration::

    @per_application(
        "amount-out-of-range",
        Severity.ERROR,
        facts={"amounts.project_value_min_eur": "minimum", "amounts.project_value_max_eur": "maximum"},
        columns=("total_cost",),
    )
    def amount_out_of_range(application, run): ...

It yields :class:`Hit` objects; the registry turns each into a finding with the rule's code and
severity, pinned to the application's row. The declaration is also what the rest of the tool
derives from it: the order rules run in (their stage, then ``after``: a rule that reads the
findings of another code runs after the rules that find it), which rules cannot be applied
(a declared fact given as unknown in measures.yaml), the README rule table's test, and the
catalogue's. An application is read only through what its rule declares
(:class:`~wecare_cli.rules.application.Application` enforces it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import IntEnum
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli.findings import Severity
from wecare_cli.multilingual import ConfigText
from wecare_cli.rules.application import CURRENT_RULE, Application
from wecare_cli.rules.columns import ApplicationColumns, envelope_groups
from wecare_cli.rules.facts import FACT_PATHS, FactTable


class Stage(IntEnum):
    """When a rule runs: on each application alone, or across all of them (after the per-application ones)."""

    PER_APPLICATION = 1
    ACROSS_APPLICATIONS = 2


@dataclass(frozen=True)
class Hit:
    """What a rule found on one application: the column it concerns, the value shown, typed parameters."""

    column: str | None
    value: object = None
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class RunContext:
    """What every rule may know about the run itself."""

    reference_time: datetime
    """The moment of the check (aware, Europe/Rome)."""
    zone: ZoneInfo


PerApplicationCheck = Callable[[Application, RunContext], Iterable[Hit]]
ColumnarCheck = Callable[[ApplicationColumns, RunContext], Iterable[tuple[int, Hit]]]
"""A per-application rule over a group of applications: (index in the group, hit) pairs."""
AcrossCheck = Callable[[Sequence[Application], RunContext], Iterable[tuple[Application, Hit]]]


@dataclass(frozen=True)
class Rule:
    """A rule and its declaration."""

    name: str
    """Unique name of the rule (its code, unless two rules share a code)."""
    code: str
    """The finding code it reports (stable, kebab-case)."""
    severity: Severity
    stage: Stage
    check: Callable[..., Iterable[Any]]
    facts: Mapping[str, str | None]
    """Configuration facts read (path -> how 'rules not applied' qualifies it, e.g. ``minimum``)."""
    columns: frozenset[str]
    """Canonical application columns read."""
    partners: bool
    """Whether the rule reads the application's partner rows."""
    after: tuple[str, ...]
    """Finding codes the rule reads: it runs after every rule that reports them."""
    needs_measure: bool
    """Run only on applications whose measure (and line, if the measure has lines) is known."""
    summary: str
    """One line saying when the rule finds something (the docstring's first line)."""
    columnar: ColumnarCheck | None = None
    """The same rule over the applications of one envelope at once (per-application rules only):
    the registry uses it when present; ``check`` stays the reference it is tested against."""


def _declare(
    stage: Stage,
    code: str,
    severity: Severity,
    *,
    facts: Mapping[str, str | None] | Sequence[str] = (),
    columns: Sequence[str] = (),
    partners: bool = False,
    after: Sequence[str] = (),
    needs_measure: bool = True,
    name: str | None = None,
    columnar: ColumnarCheck | None = None,
) -> Callable[[Callable[..., Iterable[Any]]], Rule]:
    unknown = [path for path in facts if path not in FACT_PATHS]
    if unknown:
        raise ValueError(f"rule {name or code}: unknown fact paths {unknown}")
    if columnar is not None and not needs_measure and facts:
        raise ValueError(f"rule {name or code}: a rule of no one measure reads no facts column by column")
    if columnar is not None and after:
        raise ValueError(f"rule {name or code}: a columnar rule reads no findings of other rules")
    qualified = dict(facts) if isinstance(facts, Mapping) else dict.fromkeys(facts)

    def wrap(check: Callable[..., Iterable[Any]]) -> Rule:
        summary = (check.__doc__ or "").strip().splitlines()[0] if check.__doc__ else ""
        return Rule(
            name=name or code,
            code=code,
            severity=severity,
            stage=stage,
            check=check,
            facts=qualified,
            columns=frozenset(columns),
            partners=partners,
            after=tuple(after),
            needs_measure=needs_measure,
            summary=summary,
            columnar=columnar,
        )

    return wrap


def per_application(
    code: str,
    severity: Severity,
    *,
    facts: Mapping[str, str | None] | Sequence[str] = (),
    columns: Sequence[str] = (),
    partners: bool = False,
    after: Sequence[str] = (),
    needs_measure: bool = True,
    name: str | None = None,
    columnar: ColumnarCheck | None = None,
) -> Callable[[PerApplicationCheck], Rule]:
    """Declare a rule that looks at one application at a time.

    ``columnar`` is the same rule over a group of applications sharing one envelope (or every
    application, with ``needs_measure=False``), reading each declared column as a list and each
    fact once: it must find the same hits, in the same order per application, as the function.
    """
    return _declare(
        Stage.PER_APPLICATION,
        code,
        severity,
        facts=facts,
        columns=columns,
        partners=partners,
        after=after,
        needs_measure=needs_measure,
        name=name,
        columnar=columnar,
    )


def across_applications(
    code: str,
    severity: Severity,
    *,
    facts: Mapping[str, str | None] | Sequence[str] = (),
    columns: Sequence[str] = (),
    partners: bool = False,
    after: Sequence[str] = (),
    name: str | None = None,
) -> Callable[[AcrossCheck], Rule]:
    """Declare a rule that compares applications with each other (duplicates, caps)."""
    return _declare(
        Stage.ACROSS_APPLICATIONS,
        code,
        severity,
        facts=facts,
        columns=columns,
        partners=partners,
        after=after,
        needs_measure=False,
        name=name,
    )


def run_order(rules: Sequence[Rule], earlier_codes: Iterable[str] = ()) -> tuple[Rule, ...]:
    """The rules in the order they must run: by stage, then after what they read, else as declared.

    ``earlier_codes`` are codes found before any rule runs (reading and resolution): a rule may
    read them without ordering. Raises ValueError on a duplicate name, a code read that nothing
    reports, a rule reading a later stage, or a cycle.
    """
    names = [r.name for r in rules]
    if len(names) != len(set(names)):
        raise ValueError(f"two rules share a name: {sorted(n for n in names if names.count(n) > 1)}")
    before = set(earlier_codes)
    reporters: dict[str, list[Rule]] = {}
    for rule in rules:
        reporters.setdefault(rule.code, []).append(rule)
    for rule in rules:
        for code in rule.after:
            if code in before:
                continue
            if code not in reporters:
                raise ValueError(f"rule {rule.name} runs after {code!r}, which no rule reports")
            if any(r.stage > rule.stage for r in reporters[code]):
                raise ValueError(f"rule {rule.name} reads {code!r}, reported at a later stage")
    ordered: list[Rule] = []
    placed: set[str] = set()
    pending = sorted(rules, key=lambda r: (r.stage, names.index(r.name)))
    while pending:
        ready = next(
            (
                rule
                for rule in pending
                if all(
                    code in before or all(r.name in placed for r in reporters[code] if r is not rule)
                    for code in rule.after
                )
            ),
            None,
        )
        if ready is None:
            raise ValueError(f"rules depend on each other in a cycle: {[r.name for r in pending]}")
        ordered.append(ready)
        placed.add(ready.name)
        pending.remove(ready)
    return tuple(ordered)


def apply_rules(
    applications: Sequence[Application],
    rules: Sequence[Rule],
    context: RunContext,
    columnar: bool = True,
) -> None:
    """Apply ``rules`` (already in run order) to every application; findings go on the applications.

    Each rule runs over every application before the next rule starts (a per-application rule
    sees only its own application, so this is the same as application by application, and the
    findings of an application come in run order either way): the rule in force is set once per
    rule, not once per rule and application. A rule that carries a columnar implementation runs
    it once per envelope (``columnar=False`` runs every rule application by application: the
    reference the columnar implementations are tested against).
    """
    resolved = [a for a in applications if a.resolved]
    groups: list[ApplicationColumns] | None = None
    every: ApplicationColumns | None = None
    for rule in rules:
        token = CURRENT_RULE.set(rule)
        try:
            if rule.stage is Stage.PER_APPLICATION and columnar and rule.columnar is not None:
                if rule.needs_measure:
                    if groups is None:
                        groups = envelope_groups(resolved)
                    targets = groups
                else:
                    if every is None:
                        every = ApplicationColumns(applications, None)
                    targets = [every]
                for group in targets:
                    members = group.applications
                    # Hits come per part of a rule; per application they keep the rule's order.
                    for index, hit in sorted(rule.columnar(group, context), key=_first):
                        members[index].add(rule.code, rule.severity, hit.column, hit.value, hit.params)
            elif rule.stage is Stage.PER_APPLICATION:
                check = rule.check
                for application in resolved if rule.needs_measure else applications:
                    for hit in list(check(application, context)):
                        application.add(rule.code, rule.severity, hit.column, hit.value, hit.params)
            else:
                for application, hit in list(rule.check(applications, context)):
                    application.add(rule.code, rule.severity, hit.column, hit.value, hit.params)
        finally:
            CURRENT_RULE.reset(token)


def _first(pair: tuple[int, Hit]) -> int:
    return pair[0]


@dataclass(frozen=True)
class UncheckedRule:
    """A rule not applied because the sources do not give one of its facts (null in measures.yaml)."""

    measure: str
    line: str | None
    code: str
    qualifier: str | None
    """Which part of the rule (``minimum``, ``size``, a phase...), when it matters."""
    fact: str
    """The path of the unknown fact."""
    note: ConfigText | None
    """Why the fact is unknown, as measures.yaml says; None when nothing is configured at all."""

    @property
    def rule(self) -> str:
        """``amount-out-of-range (minimum)``: the code with its qualifier."""
        return f"{self.code} ({self.qualifier})" if self.qualifier else self.code


def unchecked(
    applications: Sequence[Application], rules: Sequence[Rule], facts: FactTable
) -> list[UncheckedRule]:
    """The rules that cannot be applied to the measures and lines present, derived from the declarations.

    Each unknown fact is reported once per measure and line (and phase, for facts that differ by
    phase), under the first rule, in run order, that reads it.
    """
    seen: dict[tuple[str, str | None], Application] = {}
    for application in applications:
        if application.resolved:
            assert application.measure is not None
            key = (application.measure.code, application.line.code if application.line else None)
            seen.setdefault(key, application)
    found: list[UncheckedRule] = []
    for (code, line_code), application in seen.items():
        measure, line = application.measure, application.line
        assert measure is not None
        phases: list[str | None] = [p.code for p in measure.phases] or [None]
        reported: set[tuple[str, str | None]] = set()
        # An unknown fact is said under the first rule deciding eligibility that reads it (errors
        # before warnings, each in run order).
        for rule in sorted(rules, key=lambda r: r.severity is not Severity.ERROR):
            for path, qualifier in rule.facts.items():
                per_phase = FACT_PATHS[path].per_phase
                for phase in phases if per_phase else [phases[0]]:
                    key = (path, phase if per_phase else None)
                    if key in reported:
                        continue
                    known = facts.known(path, measure, line, phase)
                    if not known.unknown:
                        continue
                    reported.add(key)
                    label = qualifier or (phase if per_phase and measure.phases else None)
                    found.append(UncheckedRule(code, line_code, rule.code, label, path, known.note))
    return found
