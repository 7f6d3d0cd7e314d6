"""The rule registry: every rule declared, registered, documented, worded, and read only as declared."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.applications import CHECK_TIME, make_application, make_partner
from wecare_cli.config import Configuration
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.catalog import has_text
from wecare_cli.i18n.findings import message_key
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.codes import INGEST_CODES
from wecare_cli.rules import DECLARED, RULES, eligibility, identity, partnership, timeliness
from wecare_cli.rules.application import Application, UndeclaredRead
from wecare_cli.rules.facts import FACT_PATHS, FactTable
from wecare_cli.rules.registry import (
    Hit,
    Rule,
    RunContext,
    across_applications,
    apply_rules,
    per_application,
    run_order,
)
from wecare_cli.rules.resolution import RESOLUTION_CODES

ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = (eligibility, identity, partnership, timeliness)


def test_every_rule_defined_in_a_rule_module_is_registered() -> None:
    defined = {
        value.name for module in RULE_MODULES for value in vars(module).values() if isinstance(value, Rule)
    }
    assert defined == {rule.name for rule in DECLARED}
    assert {rule.name for rule in RULES} == defined


def test_rules_that_read_duplicate_application_findings_run_after_the_rule_that_finds_them() -> None:
    order = [rule.name for rule in RULES]
    for rule in RULES:
        for code in rule.after:
            reporters = [r.name for r in RULES if r.code == code]
            assert all(order.index(r) < order.index(rule.name) for r in reporters), rule.name
    assert order.index("duplicate-application") < order.index("duplicate-applicant")


def _table_codes(readme: str, title: str) -> set[str]:
    lines = readme.split(title, 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| code"))
    codes: set[str] = set()
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        codes.update(re.findall(r"`([a-z0-9-]+)`", line.split("|")[1]))
    return codes


def test_the_readme_rule_table_lists_exactly_the_codes_rules_resolution_and_reading_report() -> None:
    documented = _table_codes((ROOT / "README.md").read_text(encoding="utf-8"), "### Rules of `wecare check`")
    reported = {r.code for r in RULES} | {c.code for c in RESOLUTION_CODES} | set(INGEST_CODES)
    assert documented == reported


def test_every_rule_code_has_a_message_in_every_language() -> None:
    for rule in RULES:
        for lang in (Lang.EN, Lang.IT):
            assert has_text(message_key(rule.code), lang), (rule.code, lang)
    for resolution in RESOLUTION_CODES:
        assert has_text(message_key(resolution.code), Lang.IT), resolution.code


def test_every_declared_fact_resolves_for_every_measure_line_and_phase(configuration: Configuration) -> None:
    facts = FactTable(configuration.measures)
    declared = {path for rule in RULES for path in rule.facts}
    assert declared <= set(FACT_PATHS)
    for measure in configuration.measures.measures:
        for line in measure.lines or (None,):
            phases: list[str | None] = [p.code for p in measure.phases] or [None]
            for phase in phases:
                for path in declared:
                    facts.get(path, measure, line, phase)
                    facts.known(path, measure, line, phase)


def _apply(rule: Rule, configuration: Configuration) -> list[str]:
    facts = FactTable(configuration.measures)
    subject = Application(row=make_application(), configuration=configuration, facts=facts)
    subject.measure = configuration.measures.measure("FSE3")
    assert subject.measure is not None
    subject.line = subject.measure.line("attivazione")
    apply_rules([subject], [rule], RunContext(CHECK_TIME, configuration.measures.zone))
    return [f.code for f in subject.findings]


@per_application("reads-an-undeclared-column", Severity.ERROR, columns=("total_cost",))
def _reads_undeclared_column(application: Application, run: RunContext) -> Iterator[Hit]:
    """Reads the requested amount without declaring it."""
    if application.value("requested_amount") is not None:
        yield Hit("requested_amount")


@per_application("reads-an-undeclared-fact", Severity.ERROR)
def _reads_undeclared_fact(application: Application, run: RunContext) -> Iterator[Hit]:
    """Reads a fact without declaring it."""
    if application.fact("amounts.project_value_min_eur") is not None:
        yield Hit(None)


@across_applications("reads-findings-without-after", Severity.WARNING)
def _reads_findings_without_after(
    applications: Sequence[Application], run: RunContext
) -> Iterator[tuple[Application, Hit]]:
    """Reads duplicate-application findings without running after that rule."""
    for application in applications:
        if application.has_error("duplicate-application"):
            yield application, Hit(None)


@pytest.mark.parametrize(
    "rule",
    [_reads_undeclared_column, _reads_undeclared_fact, _reads_findings_without_after],
    ids=lambda rule: rule.name,
)
def test_a_rule_that_reads_what_it_does_not_declare_fails_loudly(
    rule: Rule, configuration: Configuration
) -> None:
    with pytest.raises(UndeclaredRead, match=rule.name):
        _apply(rule, configuration)


@per_application("first-rule", Severity.ERROR)
def _first(application: Application, run: RunContext) -> Iterator[Hit]:
    """A rule other rules read."""
    yield Hit(None)


@across_applications("reads-first", Severity.WARNING, after=("first-rule",))
def _reads_first(applications: Sequence[Application], run: RunContext) -> Iterator[tuple[Application, Hit]]:
    """Reads the first rule's findings."""
    return iter(())


@across_applications("reads-reader", Severity.WARNING, after=("reads-first",))
def _reads_reader(applications: Sequence[Application], run: RunContext) -> Iterator[tuple[Application, Hit]]:
    """Reads the reader's findings."""
    return iter(())


def test_the_run_order_follows_stages_and_after_whatever_the_declaration_order() -> None:
    assert [r.name for r in run_order([_reads_reader, _reads_first, _first])] == [
        "first-rule",
        "reads-first",
        "reads-reader",
    ]


def test_a_rule_reading_a_code_no_rule_reports_is_refused() -> None:
    with pytest.raises(ValueError, match="no rule reports"):
        run_order([_reads_first])


@across_applications("cycle-a", Severity.WARNING, after=("cycle-b",))
def _cycle_a(applications: Sequence[Application], run: RunContext) -> Iterator[tuple[Application, Hit]]:
    """One half of a cycle."""
    return iter(())


@across_applications("cycle-b", Severity.WARNING, after=("cycle-a",))
def _cycle_b(applications: Sequence[Application], run: RunContext) -> Iterator[tuple[Application, Hit]]:
    """The other half."""
    return iter(())


def test_rules_that_depend_on_each_other_in_a_cycle_are_refused() -> None:
    with pytest.raises(ValueError, match="cycle"):
        run_order([_cycle_a, _cycle_b])


@per_application("per-row-reads-across", Severity.WARNING, after=("duplicate-application",))
def _per_row_reads_across(application: Application, run: RunContext) -> Iterator[Hit]:
    """A per-application rule cannot read a finding of the across-applications stage."""
    return iter(())


def test_a_per_application_rule_cannot_run_after_an_across_applications_rule() -> None:
    with pytest.raises(ValueError, match="later stage"):
        run_order([*DECLARED, _per_row_reads_across])


def test_a_rule_declaring_an_unknown_fact_path_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="unknown fact paths"):
        per_application("bad", Severity.ERROR, facts=("amounts.no_such_fact",))


def test_an_application_holds_no_list_until_its_first_finding_or_partner(
    configuration: Configuration,
) -> None:
    bare = Application(
        row=make_application(), configuration=configuration, facts=FactTable(configuration.measures)
    )
    other = Application(
        row=make_application(), configuration=configuration, facts=FactTable(configuration.measures)
    )
    assert not bare.findings and not bare.attached_partners
    assert bare.findings is other.findings  # one shared empty tuple, not a list per application
    partner = make_partner("W-4", findings=(Finding("partner-tax-code-invalid", Severity.ERROR, row=2),))
    bare.attach(partner)
    bare.add("first-rule", Severity.ERROR, None)
    assert bare.attached_partners == [partner]
    assert [f.code for f in bare.findings] == ["partner-tax-code-invalid", "first-rule"]
    assert not other.findings and not other.attached_partners
