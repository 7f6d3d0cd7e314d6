"""Who may apply and for how much: applicant type, size, profit status, amounts, co-financing."""

from __future__ import annotations

from decimal import Decimal

from wecare_cli.rules.subject import Subject


def _euro(amount: Decimal) -> str:
    whole, _, cents = f"{amount:,.2f}".partition(".")
    return f"{whole.replace(',', '.')},{cents} €"


def _note(note: str | None) -> str:
    """A configuration note appended to a message, with its leading space, or nothing."""
    return f" {note}" if note else ""


def check_applicant(subject: Subject) -> None:
    """applicant-type-not-allowed: type, enterprise size or profit status outside what the call admits."""
    measure = subject.measure
    if measure is None or (measure.lines and subject.line is None):
        return
    rules = measure.eligibility_for(subject.line)
    row = subject.row
    types = rules.applicant_types
    if (
        types is not None
        and types.value is not None
        and row.applicant_type is not None
        and row.applicant_type not in types.value
    ):
        subject.add(
            "applicant-type-not-allowed",
            "applicant_type",
            row.applicant_type,
            allowed=", ".join(types.value),
            what="type",
            note=_note(types.note),
        )
    sizes = rules.enterprise_sizes
    if sizes is not None and sizes.value is not None:
        if row.enterprise_size is None:
            if "enterprise_size" not in row.unreadable:
                subject.add("missing-value", "enterprise_size", None, expected=", ".join(sizes.value))
        elif row.enterprise_size not in sizes.value:
            subject.add(
                "applicant-type-not-allowed",
                "enterprise_size",
                row.enterprise_size,
                allowed=", ".join(sizes.value),
                what="size",
                note=_note(sizes.note),
            )
    non_profit = rules.non_profit_required
    if non_profit is not None and non_profit.value:
        if row.non_profit is None:
            if "non_profit" not in row.unreadable:
                subject.add("missing-value", "non_profit", None, expected="sì")
        elif not row.non_profit:
            subject.add(
                "applicant-type-not-allowed",
                "non_profit",
                "no",
                allowed="sì",
                what="non-profit",
                note=_note(non_profit.note),
            )


def check_amounts(subject: Subject) -> None:
    """amount-out-of-range, cofinancing-below-minimum, requested-exceeds-total-cost.

    Project value is the total cost; co-financing is 1 − requested / total (measures.yaml).
    """
    measure, row = subject.measure, subject.row
    requested, total = row.requested_amount, row.total_cost
    if requested is not None and total is not None and requested > total:
        subject.add(
            "requested-exceeds-total-cost",
            "requested_amount",
            _euro(requested),
            total=_euro(total),
        )
    if measure is None or (measure.lines and subject.line is None) or total is None:
        return
    amounts = measure.amounts_for(subject.line)
    low = amounts.project_value_min_eur.value if amounts.project_value_min_eur else None
    high = amounts.project_value_max_eur.value if amounts.project_value_max_eur else None
    if (low is not None and total < low) or (high is not None and total > high):
        subject.add(
            "amount-out-of-range",
            "total_cost",
            _euro(total),
            low=_euro(low) if low is not None else "—",
            high=_euro(high) if high is not None else "—",
        )
    share = amounts.cofinancing_min_share.value if amounts.cofinancing_min_share else None
    if share is None or requested is None or total <= 0 or requested > total:
        return
    cofinancing = 1 - requested / total
    if cofinancing < share:
        subject.add(
            "cofinancing-below-minimum",
            "requested_amount",
            _euro(requested),
            share=f"{cofinancing * 100:.1f}%",
            minimum=f"{share * 100:.0f}%",
            total=_euro(total),
        )
