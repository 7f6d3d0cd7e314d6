"""Who may apply and for how much: applicant type, size, profit status, amounts, co-financing."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from wecare_cli.findings import Money, Phrase, Severity, Share
from wecare_cli.rules.application import Application
from wecare_cli.rules.columns import ApplicationColumns
from wecare_cli.rules.registry import Hit, RunContext, per_application

_TYPE = "eligibility.applicant_types"
_SIZES = "eligibility.enterprise_sizes"
_NON_PROFIT = "eligibility.non_profit_required"


def _applicant_type_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    # Each part over the whole group; the registry puts an application's hits back in this order.
    for fact_path, column, what in ((_TYPE, "applicant_type", "type"), (_SIZES, "enterprise_size", "size")):
        fact = columns.fact(fact_path)
        if fact is None or fact.value is None:
            continue
        allowed = fact.value
        params = {"allowed": tuple(allowed), "what": what, "note": fact.note}
        for index, value in enumerate(columns.column(column)):
            if value is not None and value not in allowed:
                yield index, Hit(column, value, params)
    non_profit = columns.fact(_NON_PROFIT)
    if non_profit is not None and non_profit.value:
        params = {"allowed": ("sì",), "what": "non-profit", "note": non_profit.note}
        for index, value in enumerate(columns.column("non_profit")):
            if value is False:
                yield index, Hit("non_profit", "no", params)


@per_application(
    "applicant-type-not-allowed",
    Severity.ERROR,
    facts={_TYPE: None, _SIZES: "size", _NON_PROFIT: "non-profit"},
    columns=("applicant_type", "enterprise_size", "non_profit"),
    columnar=_applicant_type_columns,
)
def applicant_type_not_allowed(application: Application, run: RunContext) -> Iterator[Hit]:
    """Type, enterprise size or profit status outside what the call or line admits."""
    types = application.fact(_TYPE)
    kind = application.value("applicant_type")
    if types is not None and types.value is not None and kind is not None and kind not in types.value:
        yield Hit("applicant_type", kind, {"allowed": tuple(types.value), "what": "type", "note": types.note})
    sizes = application.fact(_SIZES)
    size = application.value("enterprise_size")
    if sizes is not None and sizes.value is not None and size is not None and size not in sizes.value:
        yield Hit(
            "enterprise_size", size, {"allowed": tuple(sizes.value), "what": "size", "note": sizes.note}
        )
    non_profit = application.fact(_NON_PROFIT)
    if non_profit is not None and non_profit.value and application.value("non_profit") is False:
        yield Hit("non_profit", "no", {"allowed": ("sì",), "what": "non-profit", "note": non_profit.note})


def _value_required_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    sizes = columns.fact(_SIZES)
    if sizes is not None and sizes.value is not None:
        params = {"expected": tuple(sizes.value)}
        unreadable = columns.unreadable("enterprise_size")
        for index, size in enumerate(columns.column("enterprise_size")):
            if size is None and not unreadable[index]:
                yield index, Hit("enterprise_size", None, params)
    non_profit = columns.fact(_NON_PROFIT)
    if non_profit is not None and non_profit.value:
        params = {"expected": ("sì",)}
        unreadable = columns.unreadable("non_profit")
        for index, value in enumerate(columns.column("non_profit")):
            if value is None and not unreadable[index]:
                yield index, Hit("non_profit", None, params)


@per_application(
    "missing-value",
    Severity.ERROR,
    name="value-required-by-call",
    facts=(_SIZES, _NON_PROFIT),
    columns=("enterprise_size", "non_profit"),
    columnar=_value_required_columns,
)
def value_required_by_call(application: Application, run: RunContext) -> Iterator[Hit]:
    """An enterprise size or profit status left empty where the call restricts it."""
    sizes = application.fact(_SIZES)
    if (
        sizes is not None
        and sizes.value is not None
        and application.value("enterprise_size") is None
        and not application.unreadable("enterprise_size")
    ):
        yield Hit("enterprise_size", None, {"expected": tuple(sizes.value)})
    non_profit = application.fact(_NON_PROFIT)
    if (
        non_profit is not None
        and non_profit.value
        and application.value("non_profit") is None
        and not application.unreadable("non_profit")
    ):
        yield Hit("non_profit", None, {"expected": ("sì",)})


def _exceeds_total_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    pairs = zip(columns.column("requested_amount"), columns.column("total_cost"), strict=True)
    for index, (requested, total) in enumerate(pairs):
        if requested is not None and total is not None and requested > total:
            params = {"requested": Money(requested), "total": Money(total)}
            yield index, Hit("requested_amount", requested, params)


@per_application(
    "requested-exceeds-total-cost",
    Severity.ERROR,
    columns=("requested_amount", "total_cost"),
    needs_measure=False,
    columnar=_exceeds_total_columns,
)
def requested_exceeds_total_cost(application: Application, run: RunContext) -> Iterator[Hit]:
    """The requested contribution is larger than the project's total cost."""
    requested, total = application.value("requested_amount"), application.value("total_cost")
    if requested is not None and total is not None and requested > total:
        yield Hit("requested_amount", requested, {"requested": Money(requested), "total": Money(total)})


_MINIMUM = "amounts.project_value_min_eur"
_MAXIMUM = "amounts.project_value_max_eur"
_COFINANCING = "amounts.cofinancing_min_share"


def _out_of_range_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    low_fact, high_fact = columns.fact(_MINIMUM), columns.fact(_MAXIMUM)
    low = low_fact.value if low_fact is not None else None
    high = high_fact.value if high_fact is not None else None
    if low is None and high is None:
        return
    shown_low = Money(low) if low is not None else None
    shown_high = Money(high) if high is not None else None
    bounds = _bounds(low, high)
    for index, total in enumerate(columns.column("total_cost")):
        if total is None:
            continue
        if (low is not None and total < low) or (high is not None and total > high):
            params = {"total": Money(total), "low": shown_low, "high": shown_high, "bounds": bounds}
            yield index, Hit("total_cost", total, params)


@per_application(
    "amount-out-of-range",
    Severity.ERROR,
    facts={_MINIMUM: "minimum", _MAXIMUM: "maximum"},
    columns=("total_cost",),
    columnar=_out_of_range_columns,
)
def amount_out_of_range(application: Application, run: RunContext) -> Iterator[Hit]:
    """Project value (the total cost) outside the call's bounds."""
    total = application.value("total_cost")
    if total is None:
        return
    low_fact, high_fact = application.fact(_MINIMUM), application.fact(_MAXIMUM)
    low = low_fact.value if low_fact is not None else None
    high = high_fact.value if high_fact is not None else None
    if (low is not None and total < low) or (high is not None and total > high):
        yield Hit(
            "total_cost",
            total,
            {
                "total": Money(total),
                "low": Money(low) if low is not None else None,
                "high": Money(high) if high is not None else None,
                "bounds": _bounds(low, high),
            },
        )


def _bounds(low: Decimal | None, high: Decimal | None) -> Phrase:
    """The call's bounds as the message says them: only those the call sets."""
    if low is not None and high is not None:
        return Phrase("bounds-between", {"low": Money(low), "high": Money(high)})
    if low is not None:
        return Phrase("bounds-at-least", {"low": Money(low)})
    assert high is not None, "a hit is outside at least one bound"
    return Phrase("bounds-at-most", {"high": Money(high)})


def _cofinancing_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    fact = columns.fact(_COFINANCING)
    minimum = fact.value if fact is not None else None
    if minimum is None:
        return
    shown_minimum = Share(Decimal(minimum))
    pairs = zip(columns.column("requested_amount"), columns.column("total_cost"), strict=True)
    for index, (requested, total) in enumerate(pairs):
        if requested is None or total is None or total <= 0 or requested > total:
            continue
        cofinancing = 1 - requested / total
        if cofinancing < minimum:
            params = {
                "requested": Money(requested),
                "total": Money(total),
                "share": Share(Decimal(cofinancing)),
                "minimum": shown_minimum,
            }
            yield index, Hit("requested_amount", requested, params)


@per_application(
    "cofinancing-below-minimum",
    Severity.ERROR,
    facts={_COFINANCING: None},
    columns=("requested_amount", "total_cost"),
    columnar=_cofinancing_columns,
)
def cofinancing_below_minimum(application: Application, run: RunContext) -> Iterator[Hit]:
    """The applicant's share, 1 − requested / total cost, is below the call's minimum co-financing."""
    fact = application.fact(_COFINANCING)
    minimum = fact.value if fact is not None else None
    requested, total = application.value("requested_amount"), application.value("total_cost")
    if minimum is None or requested is None or total is None or total <= 0 or requested > total:
        return
    cofinancing = 1 - requested / total
    if cofinancing < minimum:
        yield Hit(
            "requested_amount",
            requested,
            {
                "requested": Money(requested),
                "total": Money(total),
                "share": Share(Decimal(cofinancing)),
                "minimum": Share(Decimal(minimum)),
            },
        )
