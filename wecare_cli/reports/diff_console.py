"""Rich view of ``wecare diff``: one table per kind of change, in the officer's language.

Only characters of Windows-1252 are used (arrows are written ``->``), so the view prints on
any console.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wecare_cli.diff import (
    ApplicationState,
    DiffKind,
    DiffResult,
    EnvelopeChange,
    EnvelopePresence,
    EnvelopeTotals,
    MatchedBy,
)
from wecare_cli.i18n.catalog import has_text, text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.machine import json_number

ARROW = " -> "
NONE = "-"
STATUS_STYLE = {
    "eligible": "green",
    "funded": "green",
    "partially-funded": "cyan",
    "eligible-not-funded": "yellow",
    "below-threshold": "magenta",
    "not-allocated": "dim",
    "ineligible": "red",
    "renounced": "blue",
    "revoked": "red",
    "lapsed": "red",
}


def _money(amount: Decimal | None, lang: Lang) -> str:
    return euro(json_number(amount), lang)


def status_label(status: str | None, kind: DiffKind, lang: Lang) -> Text:
    """A status in the officer's language (the code itself when it is not a known one)."""
    if status is None:
        return Text(NONE)
    key = status if kind is DiffKind.CHECK else f"status-{status}"
    label = text(key, lang) if has_text(key, lang) else status
    return Text(label, style=STATUS_STYLE.get(status, ""))


def _application(state: ApplicationState, lang: Lang) -> str:
    name = state.application_id if state.application_id not in (None, "") else "?"
    if state.matched_by is MatchedBy.POSITION:
        return f"{name} {text('diff-by-position', lang)}"
    return str(name)


def _envelope(measure: str | None, line: str | None) -> str:
    code = measure or "?"
    return f"{code}/{line}" if line else code


def _where(state: ApplicationState) -> str:
    position = state.position
    return ":".join(str(p) for p in (position.file, position.row) if p is not None)


def _table(title: str) -> Table:
    return Table(title=Text(title), title_justify="left")


def _row(table: Table, *cells: str | Text) -> None:
    """Add a row. Plain text stays a string: the wecare console reads no Rich markup in it (ids and
    file names may hold brackets) and measures it with its control characters written out."""
    table.add_row(*cells)


def _applications_table(title: str, states: Iterable[ApplicationState], kind: DiffKind, lang: Lang) -> Table:
    table = _table(title)
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-measure-line", lang), no_wrap=True)
    table.add_column(text("col-status", lang), min_width=12)
    if kind is DiffKind.RANK:
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column(text("col-granted", lang), justify="right", no_wrap=True)
    table.add_column(text("col-row", lang), no_wrap=True)
    for state in states:
        cells: list[str | Text] = [
            _application(state, lang),
            _envelope(state.measure, state.line),
            status_label(state.status, kind, lang),
        ]
        if kind is DiffKind.RANK:
            cells += [str(state.rank) if state.rank is not None else NONE, _money(state.granted, lang)]
        cells.append(_where(state))
        _row(table, *cells)
    return table


def _verdicts_table(result: DiffResult, lang: Lang) -> Table:
    table = _table(text("diff-verdict-changes", lang, count=len(result.verdict_changes)))
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-measure-line", lang), no_wrap=True)
    table.add_column(text("col-before", lang), min_width=10)
    table.add_column(text("col-after", lang), min_width=10)
    for change in result.verdict_changes:
        _row(
            table,
            _application(change.new, lang),
            _envelope(change.new.measure, change.new.line),
            status_label(change.old.status, result.kind, lang),
            status_label(change.new.status, result.kind, lang),
        )
    return table


def _reasons_table(result: DiffResult, lang: Lang) -> Table | None:
    """Per changed verdict: codes added (+) and removed (-), and every finding of the new run."""
    table = _table(text("diff-reasons", lang))
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-reasons", lang), ratio=1)
    for change in result.verdict_changes:
        added = set(change.codes_added)
        lines = [
            Text(
                f"{'+' if f.code in added else ' '}{f.code}"
                + (f": {f.message.strip()}" if f.message else ""),
                style="red" if f.code in added else "",
            )
            for f in change.new.findings
        ]
        lines += [Text(f"-{code}", style="green") for code in change.codes_removed]
        if lines:
            _row(table, _application(change.new, lang), Text("\n").join(lines))
    return table if table.row_count else None


def _ranks_table(result: DiffResult, lang: Lang) -> Table:
    table = _table(text("diff-rank-changes", lang, count=len(result.rank_changes)))
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-before", lang), no_wrap=True)
    table.add_column(text("col-after", lang), no_wrap=True)
    for change in result.rank_changes:
        old, new = change.old, change.new
        _row(
            table,
            _application(new, lang),
            f"{_envelope(old.measure, old.line)} #{old.rank if old.rank is not None else NONE}",
            f"{_envelope(new.measure, new.line)} #{new.rank if new.rank is not None else NONE}",
        )
    return table


def _grants_table(result: DiffResult, lang: Lang) -> Table:
    table = _table(text("diff-grant-changes", lang, count=len(result.grant_changes)))
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-measure-line", lang), no_wrap=True)
    table.add_column(text("col-before", lang), justify="right", no_wrap=True)
    table.add_column(text("col-after", lang), justify="right", no_wrap=True)
    table.add_column(text("col-difference", lang), justify="right", no_wrap=True)
    for change in result.grant_changes:
        difference = change.difference
        sign = "+" if difference > 0 else "-"
        _row(
            table,
            _application(change.new, lang),
            _envelope(change.new.measure, change.new.line),
            _money(change.old_granted, lang),
            _money(change.new_granted, lang),
            Text(sign + _money(abs(difference), lang), style="green" if difference > 0 else "red"),
        )
    return table


def _totals(change: EnvelopeChange, lang: Lang, pick: str) -> str:
    """``before`` and, on a second line, ``-> after`` (only the value when it did not change)."""

    def one(totals: EnvelopeTotals | None) -> str:
        return NONE if totals is None else _money(getattr(totals, pick), lang)

    before, after = one(change.old), one(change.new)
    return after if before == after else f"{before}\n{ARROW.strip()} {after}"


def _envelopes_table(result: DiffResult, lang: Lang) -> Table:
    table = _table(text("diff-envelope-changes", lang, count=len(result.envelope_changes)))
    table.show_lines = True
    notes = any(c.change is not EnvelopePresence.CHANGED for c in result.envelope_changes)
    table.add_column(text("col-measure-line", lang), no_wrap=True)
    table.add_column(text("col-budget", lang), justify="right")
    table.add_column(text("col-allocated", lang), justify="right")
    table.add_column(text("residual", lang), justify="right")
    if notes:
        table.add_column(text("col-note", lang))
    for change in result.envelope_changes:
        cells = [
            _envelope(change.measure, change.line),
            _totals(change, lang, "budget"),
            _totals(change, lang, "allocated"),
            _totals(change, lang, "residual"),
        ]
        if change.change is EnvelopePresence.ADDED:
            cells.append(text("diff-envelope-added", lang))
        elif change.change is EnvelopePresence.REMOVED:
            cells.append(text("diff-envelope-removed", lang))
        elif notes:
            cells.append("")
        _row(table, *cells)
    return table


def diff_title(result: DiffResult, lang: Lang) -> Text:
    """One line: what was compared with what, and whether anything changed.

    The paths may be long: print it with ``soft_wrap=True`` so that the line is never cut.
    """
    kind = text(f"diff-kind-{result.kind}", lang)
    if not result.changed:
        return Text(text("diff-title-unchanged", lang, kind=kind, old=result.old, new=result.new))
    return Text(text("diff-title-changed", lang, kind=kind, old=result.old, new=result.new), style="bold")


def diff_view(result: DiffResult, lang: Lang) -> RenderableType:
    """A table for each kind of change that has entries (nothing when nothing changed)."""
    parts: list[RenderableType] = []
    if result.new_applications:
        title = text("diff-new-applications", lang, count=len(result.new_applications))
        parts.append(_applications_table(title, result.new_applications, result.kind, lang))
    if result.withdrawn:
        title = text("diff-withdrawn", lang, count=len(result.withdrawn))
        parts.append(_applications_table(title, result.withdrawn, result.kind, lang))
    if result.verdict_changes:
        parts.append(_verdicts_table(result, lang))
        reasons = _reasons_table(result, lang)
        if reasons is not None:
            parts.append(reasons)
    if result.rank_changes:
        parts.append(_ranks_table(result, lang))
    if result.grant_changes:
        parts.append(_grants_table(result, lang))
    if result.envelope_changes:
        parts.append(_envelopes_table(result, lang))
    return Group(*parts)
