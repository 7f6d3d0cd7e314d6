"""``wecare diff`` for people: one listing per kind of change, in the officer's language.

Ids, statuses, ranks and amounts keep their width; the reasons of a changed verdict are printed
as the check prints findings (``+code message`` for a code added, ``-code`` for one removed).
Only characters of Windows-1252 are used in the words (arrows are written ``->``), so the view
prints on any console.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.text import Text

from wecare_cli.diff import (
    ApplicationState,
    DiffKind,
    DiffResult,
    EnvelopeChange,
    EnvelopePresence,
    EnvelopeTotals,
    MatchedBy,
    VerdictChange,
)
from wecare_cli.i18n.catalog import has_text, text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.layout import GAP, Column, FittedTable, as_text, paragraph, prefixed, wrap
from wecare_cli.reports.machine import json_number
from wecare_cli.reports.provenance import file_name

ARROW = "->"
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
    """A status in the officer's language, short (the code itself when it is not a known one)."""
    if status is None:
        return Text(NONE)
    key = status if kind is DiffKind.CHECK else f"status-short-{status}"
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


def _applications_table(
    title: str, states: Iterable[ApplicationState], kind: DiffKind, lang: Lang
) -> FittedTable:
    columns = [
        Column(text("col-application", lang)),
        Column(text("col-measure-line", lang)),
        Column(text("col-status", lang)),
    ]
    if kind is DiffKind.RANK:
        columns += [Column("#", "right"), Column(text("col-granted", lang), "right")]
    columns.append(Column(text("col-row", lang), below=1))
    table = FittedTable(columns, title=title)
    for state in states:
        cells: list[str | Text | None] = [
            _application(state, lang),
            _envelope(state.measure, state.line),
            status_label(state.status, kind, lang),
        ]
        if kind is DiffKind.RANK:
            cells += [str(state.rank) if state.rank is not None else NONE, _money(state.granted, lang)]
        cells.append(_where(state))
        table.add_row(*cells)
    return table


def _verdicts_table(result: DiffResult, lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-application", lang)),
            Column(text("col-measure-line", lang)),
            Column(text("col-before", lang)),
            Column(text("col-after", lang)),
        ],
        title=text("diff-verdict-changes", lang, count=len(result.verdict_changes)),
    )
    for change in result.verdict_changes:
        table.add_row(
            _application(change.new, lang),
            _envelope(change.new.measure, change.new.line),
            status_label(change.old.status, result.kind, lang),
            status_label(change.new.status, result.kind, lang),
        )
    return table


class ReasonBlocks:
    """Per changed verdict: its id, then each finding of the new run (``+`` when its code is new)
    and each code removed (``-``), wrapping under themselves."""

    def __init__(self, changes: Iterable[VerdictChange], lang: Lang) -> None:
        self.changes = tuple(changes)
        self.lang = lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 20)
        yield from wrap(Text(text("diff-reasons", self.lang), style="bold"), width)
        for change in self.changes:
            lines: list[Text] = []
            added = set(change.codes_added)
            for finding in change.new.findings:
                new = finding.code in added
                body = Text(finding.code, style="bold red" if new else "bold")
                if finding.message:
                    body.append(" " * GAP)
                    body.append_text(as_text(finding.message.strip()))
                lines += prefixed(Text(" " * GAP + ("+" if new else " ")), body, width)
            for code in change.codes_removed:
                lines += prefixed(Text(" " * GAP + "-"), Text(code, style="green"), width)
            if lines:
                yield from wrap(as_text(_application(change.new, self.lang), "bold"), width)
                yield from lines


def _ranks_table(result: DiffResult, lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-application", lang)),
            Column(text("col-before", lang)),
            Column(text("col-after", lang)),
        ],
        title=text("diff-rank-changes", lang, count=len(result.rank_changes)),
    )
    for change in result.rank_changes:
        old, new = change.old, change.new
        table.add_row(
            _application(new, lang),
            f"{_envelope(old.measure, old.line)} #{old.rank if old.rank is not None else NONE}",
            f"{_envelope(new.measure, new.line)} #{new.rank if new.rank is not None else NONE}",
        )
    return table


def _grants_table(result: DiffResult, lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-application", lang)),
            Column(text("col-measure-line", lang)),
            Column(text("col-before", lang), "right"),
            Column(text("col-after", lang), "right"),
            Column(text("col-difference", lang), "right"),
        ],
        title=text("diff-grant-changes", lang, count=len(result.grant_changes)),
    )
    for change in result.grant_changes:
        difference = change.difference
        sign = "+" if difference > 0 else "-"
        table.add_row(
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
    return after if before == after else f"{before}\n{ARROW} {after}"


def _envelopes_table(result: DiffResult, lang: Lang) -> FittedTable:
    notes = any(c.change is not EnvelopePresence.CHANGED for c in result.envelope_changes)
    columns = [
        Column(text("col-measure-line", lang)),
        Column(text("col-budget", lang), "right"),
        Column(text("col-allocated", lang), "right"),
        Column(text("residual", lang), "right"),
    ]
    if notes:
        columns.append(Column(text("col-note", lang), wrap=True, below=1))
    table = FittedTable(
        columns, title=text("diff-envelope-changes", lang, count=len(result.envelope_changes))
    )
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
        table.add_row(*cells)
    return table


def diff_title(result: DiffResult, lang: Lang) -> RenderableType:
    """One paragraph: what was compared with what (file names), and whether anything changed."""
    kind = text(f"diff-kind-{result.kind}", lang)
    old, new = file_name(result.old), file_name(result.new)
    if not result.changed:
        return paragraph(text("diff-title-unchanged", lang, kind=kind, old=old, new=new))
    return paragraph(text("diff-title-changed", lang, kind=kind, old=old, new=new), "bold")


def diff_view(result: DiffResult, lang: Lang) -> RenderableType:
    """A listing for each kind of change that has entries (nothing when nothing changed)."""
    parts: list[RenderableType] = []
    if result.new_applications:
        title = text("diff-new-applications", lang, count=len(result.new_applications))
        parts.append(_applications_table(title, result.new_applications, result.kind, lang))
    if result.withdrawn:
        title = text("diff-withdrawn", lang, count=len(result.withdrawn))
        parts.append(_applications_table(title, result.withdrawn, result.kind, lang))
    if result.verdict_changes:
        parts.append(_verdicts_table(result, lang))
        if any(c.new.findings or c.codes_removed for c in result.verdict_changes):
            parts.append(ReasonBlocks(result.verdict_changes, lang))
    if result.rank_changes:
        parts.append(_ranks_table(result, lang))
    if result.grant_changes:
        parts.append(_grants_table(result, lang))
    if result.envelope_changes:
        parts.append(_envelopes_table(result, lang))
    spaced: list[RenderableType] = []
    for part in parts:
        spaced += [Text(""), part] if spaced else [part]
    return Group(*spaced)
