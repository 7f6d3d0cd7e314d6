"""The summary for people: one row per group with a bar of its requests, then budget absorption.

Counts and amounts keep their width; the reasons of ineligibility (codes with their counts) wrap
between codes and move under the row when the line is narrow; the bar is left out first.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group as RichGroup
from rich.console import RenderableType
from rich.text import Text

from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.layout import NO_BREAK, Column, FittedTable, as_text, paragraph
from wecare_cli.reports.machine import json_number
from wecare_cli.summary import Summary

BAR = 16


def _bar(value: Decimal, largest: Decimal, ascii_only: bool) -> Text:
    filled = round(float(value / largest) * BAR) if largest > 0 else 0
    return Text(("#" if ascii_only else "█") * filled, style="cyan")


def summary_view(summary: Summary, lang: Lang, ascii_only: bool = False) -> RenderableType:
    """The groups table, then each measure's budget absorption."""
    per_thousand = summary.population_known
    columns = [
        Column(text("col-group", lang), wrap=True, minimum=10),
        Column(text("col-applications", lang), "right"),
        Column(text("col-requested", lang), "right"),
        Column("", optional=True),
        Column(text("col-eligible-count", lang), "right"),
        Column(text("col-ineligible-count", lang), "right"),
        Column(text("col-funded", lang), "right", below=2),
        Column(text("col-granted", lang), "right", below=3),
        Column(text("col-reasons", lang), wrap=True, whole_words=True, below=1, minimum=20),
    ]
    if per_thousand:
        columns.append(Column(text("col-per-1000", lang), "right", below=2))
    table = FittedTable(columns, title=text("summary-title", lang, by=text(f"by-{summary.by}", lang)))
    largest = max((g.requested for g in summary.groups), default=Decimal(0))
    for group in (*summary.groups, summary.total):
        total = group is summary.total
        if total:
            table.add_rule()
        reasons = ", ".join(
            f"{code}{NO_BREAK}{count}" for code, count in sorted(group.ineligible_by_reason.items())
        )
        cells: list[str | Text | None] = [
            text("total", lang) if total else as_text(group.label),
            str(group.applications),
            euro(json_number(group.requested), lang),
            None if total else _bar(group.requested, largest, ascii_only),
            str(group.eligible),
            str(group.ineligible),
            str(group.funded),
            euro(json_number(group.granted), lang),
            reasons,
        ]
        if per_thousand:
            amount = group.per_thousand(group.granted)
            cells.append(euro(json_number(amount), lang) if amount is not None else text("unknown", lang))
        table.add_row(*cells)
    absorption = FittedTable(
        [
            Column(text("col-measure", lang)),
            Column(text("col-budget", lang), "right"),
            Column(text("col-granted", lang), "right"),
            Column(text("budget-use", lang), "right"),
        ],
        title=text("absorption-title", lang),
    )
    for item in summary.absorption:
        share = item.share
        absorption.add_row(
            item.measure,
            euro(json_number(item.budget), lang, "unknown-f"),
            euro(json_number(item.granted), lang),
            formatting.percent(share, lang) if share is not None else text("unknown-f", lang),
        )
    parts: list[RenderableType] = [table, Text(""), absorption]
    if not per_thousand:
        parts.append(paragraph(text("population-unknown", lang), "yellow"))
    return RichGroup(*parts)
