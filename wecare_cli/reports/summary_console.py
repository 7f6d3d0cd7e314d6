"""Rich view of a summary: one row per group with inline bars of requests and grants."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.machine import json_number
from wecare_cli.summary import Summary

BAR = 16


def _bar(value: Decimal, largest: Decimal, ascii_only: bool) -> Text:
    filled = round(float(value / largest) * BAR) if largest > 0 else 0
    return Text(("#" if ascii_only else "█") * filled, style="cyan")


def summary_view(summary: Summary, lang: Lang, ascii_only: bool = False) -> RenderableType:
    """The groups table, then each measure's budget absorption."""
    table = Table(title=text("summary-title", lang, by=text(f"by-{summary.by}", lang)))
    for key, justify in (
        ("col-group", "left"),
        ("col-applications", "right"),
        ("col-requested", "right"),
        ("", "left"),
        ("eligible", "right"),
        ("ineligible", "right"),
        ("col-reasons", "left"),
        ("col-funded", "right"),
        ("col-granted", "right"),
        ("col-per-1000", "right"),
    ):
        table.add_column(text(key, lang) if key else "", justify=justify)  # type: ignore[arg-type]
    largest = max((g.requested for g in summary.groups), default=Decimal(0))
    for group in (*summary.groups, summary.total):
        if group is summary.total:
            table.add_section()
        reasons = ", ".join(f"{code} {count}" for code, count in sorted(group.ineligible_by_reason.items()))
        per_thousand = group.per_thousand(group.granted)
        table.add_row(
            text("total", lang) if group is summary.total else group.label,
            str(group.applications),
            euro(json_number(group.requested), lang),
            _bar(group.requested, largest, ascii_only) if group is not summary.total else "",
            str(group.eligible),
            str(group.ineligible),
            reasons,
            str(group.funded),
            euro(json_number(group.granted), lang),
            euro(json_number(per_thousand), lang) if per_thousand is not None else text("unknown", lang),
        )
    absorption = Table(title=text("absorption-title", lang), title_justify="left")
    for key in ("col-measure", "col-budget", "col-granted", "budget-use"):
        absorption.add_column(text(key, lang))
    for item in summary.absorption:
        share = item.share
        absorption.add_row(
            item.measure,
            euro(json_number(item.budget), lang),
            euro(json_number(item.granted), lang),
            f"{float(share) * 100:.1f}%" if share is not None else text("unknown", lang),
        )
    parts: list[RenderableType] = [table, absorption]
    if not summary.population_known:
        parts.append(Text(text("population-unknown", lang), style="yellow"))
    return RichGroup(*parts)
