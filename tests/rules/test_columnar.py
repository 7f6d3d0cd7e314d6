"""The columnar form of every per-application rule finds what the rule finds, application by application.

Each rule's function is the reference: over applications and configuration facts generated at
random (bounds on both sides of a value, deadlines on both sides of a submission, unknown facts,
unreadable cells, partners in and out of the region), the columnar form must give every
application the same hits in the same order. A whole check is also compared both ways.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.applications import CHECK_TIME, ROME, make_application, make_partner
from wecare_cli import evaluation
from wecare_cli.config import Configuration
from wecare_cli.config.measures import Procedure
from wecare_cli.config.windows import CallWindow
from wecare_cli.findings import Severity
from wecare_cli.ingest.model import Intake, SubmissionTime
from wecare_cli.rules import RULES
from wecare_cli.rules.application import CURRENT_RULE, Application, UndeclaredRead
from wecare_cli.rules.columns import ApplicationColumns, envelope_groups
from wecare_cli.rules.facts import EnvelopeFacts, FactTable
from wecare_cli.rules.registry import Hit, Rule, RunContext, Stage, apply_rules, per_application
from wecare_cli.rules.resolution import resolve_line, resolve_measure

UTC = ZoneInfo("UTC")
BASE = datetime(2020, 2, 20, 12, 0, tzinfo=ROME)
COLUMNAR = [rule for rule in RULES if rule.columnar is not None]
TYPES = ("impresa", "ets", "odv", "impresa-sociale", "ente-pubblico")
SIZES = ("micro", "piccola", "media", "grande")
PROVINCES = ("TO", " to ", "CN", "MI", None)


def test_every_per_application_rule_carries_its_columnar_form() -> None:
    per_application_rules = {rule.name for rule in RULES if rule.stage is Stage.PER_APPLICATION}
    assert {rule.name for rule in COLUMNAR} == per_application_rules


moments = st.builds(
    lambda seconds, zone: (BASE + timedelta(seconds=seconds)).astimezone(zone),
    st.integers(-3 * 86400, 3 * 86400).map(lambda s: s - s % 30),
    st.sampled_from([ROME, UTC]),
)


@st.composite
def submissions(draw: st.DrawFn) -> SubmissionTime | None:
    if draw(st.booleans()):
        return None
    if draw(st.booleans()):  # a date without a time: midnight in Rome
        day = draw(moments).astimezone(ROME).date()
        return SubmissionTime(datetime(day.year, day.month, day.day, tzinfo=ROME), date_only=True)
    return SubmissionTime(draw(moments), date_only=False)


amounts = st.one_of(
    st.none(),
    st.integers(-1_000, 30_000_000).map(lambda cents: Decimal(cents).scaleb(-2)),
    st.sampled_from([Decimal("0"), Decimal("60000"), Decimal("200000"), Decimal("0.01")]),
)


@st.composite
def rows(draw: st.DrawFn, number: int) -> Any:
    size = draw(st.sampled_from((*SIZES, None, "enorme")))
    non_profit = draw(st.sampled_from([True, False, None]))
    unreadable = frozenset(
        name
        for name, value in (("enterprise_size", size), ("non_profit", non_profit))
        if value is None and draw(st.booleans())
    )
    row = make_application(
        row=number + 2,
        application_id=f"W-{number}",
        applicant_type=draw(st.sampled_from((*TYPES, None))),
        enterprise_size=size,
        non_profit=non_profit,
        requested_amount=draw(amounts),
        total_cost=draw(amounts),
        submitted_at=draw(submissions()),
    )
    row.unreadable = unreadable
    partners = [
        make_partner(
            f"W-{number}",
            partner_type=draw(st.sampled_from((*TYPES, None))),
            partner_province=draw(st.sampled_from(PROVINCES)),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    return row, partners


def _fact(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A configured fact (value or unknown, with or without a note), or no such fact at all."""
    return st.one_of(
        st.none(),
        st.builds(
            SimpleNamespace,
            value=st.one_of(st.none(), values),
            note=st.sampled_from([None, "nota"]),
        ),
    )


def _subset(items: Sequence[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(items), unique=True).map(tuple)


@st.composite
def windows(draw: st.DrawFn) -> CallWindow:
    deadline = draw(
        st.one_of(
            st.none(),
            st.builds(SimpleNamespace, inclusive=st.booleans(), act=st.sampled_from([None, "DD 1/2020"])),
        )
    )
    last_second = draw(st.booleans())
    closes = draw(st.one_of(st.none(), moments))
    if closes is not None and last_second:
        local = closes.astimezone(ROME)
        closes = local.replace(hour=23, minute=59, second=59)
    return CallWindow(
        measure="M",
        line=None,
        phase=None,
        opens=draw(st.one_of(st.none(), moments)),
        deadline=deadline,  # type: ignore[arg-type]
        closes=closes,
        extensions=draw(st.integers(0, 3)),
    )


FACTS: dict[str, st.SearchStrategy[Any]] = {
    "window": windows(),
    "procedure": st.builds(SimpleNamespace, value=st.sampled_from([*Procedure, None]), note=st.none()),
    "eligibility.applicant_types": _fact(_subset(TYPES)),
    "eligibility.enterprise_sizes": _fact(_subset(SIZES)),
    "eligibility.non_profit_required": _fact(st.booleans()),
    "amounts.project_value_min_eur": _fact(amounts.filter(lambda a: a is not None)),
    "amounts.project_value_max_eur": _fact(amounts.filter(lambda a: a is not None)),
    "amounts.cofinancing_min_share": _fact(
        st.integers(0, 100).map(lambda percent: Decimal(percent).scaleb(-2))
    ),
    "partnership.third_sector_types": _fact(_subset(TYPES)),
    "partnership.third_sector_min_partners": _fact(st.integers(0, 3)),
    "partnership.third_sector_seated_in_region": _fact(st.booleans()),
    "strategy.provinces": st.builds(
        SimpleNamespace, value=st.sampled_from([("TO", "CN"), ("to",), None]), note=st.none()
    ),
    "strategy.region": st.just("Piemonte"),
}


def _reference_hits(rule: Rule, applications: Sequence[Application], run: RunContext) -> list[list[Hit]]:
    token = CURRENT_RULE.set(rule)
    try:
        return [list(rule.check(application, run)) for application in applications]
    finally:
        CURRENT_RULE.reset(token)


def _columnar_hits(rule: Rule, group: ApplicationColumns, run: RunContext) -> list[list[Hit]]:
    assert rule.columnar is not None
    found: list[list[Hit]] = [[] for _ in group.applications]
    token = CURRENT_RULE.set(rule)
    try:
        for index, hit in sorted(rule.columnar(group, run), key=lambda pair: pair[0]):
            found[index].append(hit)
    finally:
        CURRENT_RULE.reset(token)
    return found


@pytest.mark.parametrize("rule", COLUMNAR, ids=lambda rule: rule.name)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_rule_over_a_group_finds_what_it_finds_one_application_at_a_time(
    rule: Rule, configuration: Configuration, data: st.DataObject
) -> None:
    measure = configuration.measures.measure("FSE1")
    assert measure is not None
    table = FactTable(configuration.measures)
    envelope = EnvelopeFacts(configuration.measures, measure, None, "preliminare")
    for path in rule.facts:
        envelope[path] = data.draw(FACTS[path], label=path)
    drawn = data.draw(st.lists(st.integers(0, 10_000), max_size=8))
    applications = []
    for number in drawn:
        row, partners = data.draw(rows(number))
        application = Application(
            row=row, configuration=configuration, facts=table, measure=measure, phase="preliminare"
        )
        application.attached_partners = partners
        application._envelope = envelope
        applications.append(application)
    reference_time = data.draw(moments, label="reference time")
    run = RunContext(reference_time, ROME)
    group = ApplicationColumns(applications, envelope if rule.needs_measure else None)
    assert _columnar_hits(rule, group, run) == _reference_hits(rule, applications, run)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_whole_check_finds_the_same_findings_column_by_column_as_application_by_application(
    configuration: Configuration, data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    measures = {m.code: m for m in configuration.measures.measures}
    drawn = data.draw(st.lists(st.integers(0, 10_000), unique=True, max_size=12))
    applications, partners = [], []
    for number in drawn:
        row, attached = data.draw(rows(number))
        code = data.draw(st.sampled_from([*measures, "FSE9", None]))
        measure = measures.get(code or "")
        line = data.draw(st.sampled_from([*(line.code for line in measure.lines), None])) if measure else None
        phase = (
            data.draw(st.sampled_from([*(phase.code for phase in measure.phases), None])) if measure else None
        )
        applications.append(replace(row, measure=code, line=line, phase=phase))
        partners.extend(attached)

    def check(apply: Callable[..., None]) -> list[Any]:
        with monkeypatch.context() as patch:
            patch.setattr(evaluation, "apply_rules", apply)
            result = evaluation.check_intake(
                Intake(applications=applications, partners=partners), configuration, CHECK_TIME
            )
        return [verdict.findings for verdict in result.verdicts]

    assert check(apply_rules) == check(functools.partial(apply_rules, columnar=False))


def test_a_columnar_rule_reading_an_undeclared_column_is_stopped(configuration: Configuration) -> None:
    def reads_too_much(columns: ApplicationColumns, run: RunContext) -> Any:
        yield from ((index, Hit("score", score)) for index, score in enumerate(columns.column("score")))

    @per_application("x-test", Severity.WARNING, columns=("total_cost",), columnar=reads_too_much)
    def rule(application: Application, run: RunContext) -> Any:
        return iter(())

    applications = [
        Application(
            row=make_application(), configuration=configuration, facts=FactTable(configuration.measures)
        )
    ]
    resolve_measure(applications[0])
    resolve_line(applications[0])
    with pytest.raises(UndeclaredRead, match="x-test reads column 'score'"):
        apply_rules(applications, [rule], RunContext(CHECK_TIME, ROME))
    assert envelope_groups(applications)[0].applications == applications


def test_a_columnar_rule_that_would_read_other_findings_is_refused_at_its_declaration() -> None:
    with pytest.raises(ValueError, match="reads no findings"):
        per_application(
            "x-test", Severity.ERROR, after=("duplicate-application",), columnar=lambda c, r: iter(())
        )
