"""The ranking for people: per envelope its graduatoria, the cut line, budget use and residual;
then every ineligible application with the codes of its errors.

Rank, application id, requested and granted amounts and status keep their width at any width;
the applicant's name wraps, and moves under its row when the line is too narrow for it.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.text import Text

from wecare_cli.findings import Severity
from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import ntext, text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import WITHDRAWN_STATUSES, AllocationNote, Envelope, RankingResult, RankStatus
from wecare_cli.ranking.scorrimento import Scorrimento
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.layout import Column, FittedTable
from wecare_cli.reports.machine import json_number
from wecare_cli.reports.ranking import allocation_note
from wecare_cli.reports.stages import envelope_name, stage_event, stage_funded
from wecare_cli.verdicts import Verdict

STATUS_STYLE = {
    RankStatus.FUNDED: "green",
    RankStatus.PARTIALLY_FUNDED: "cyan",
    RankStatus.ELIGIBLE_NOT_FUNDED: "yellow",
    RankStatus.BELOW_THRESHOLD: "magenta",
    RankStatus.NOT_ALLOCATED: "dim",
    RankStatus.INELIGIBLE: "red",
    RankStatus.RENOUNCED: "blue",
    RankStatus.REVOKED: "red",
    RankStatus.LAPSED: "red",
}
BAR_WIDTH = 30


def _money(amount: Decimal | None, lang: Lang) -> str:
    return euro(json_number(amount), lang)


def budget_bar(allocated: Decimal, budget: Decimal | None, lang: Lang, ascii_only: bool = False) -> Text:
    """A bar of the share of the budget granted, with the percentage."""
    if budget is None or budget <= 0:
        return Text("")
    share = min(allocated / budget, Decimal(1))
    filled = round(share * BAR_WIDTH)
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    bar = Text(full * filled, style="green")
    bar.append(empty * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {formatting.percent(share, lang)}")
    return bar


def envelope_table(envelope: Envelope, lang: Lang, ascii_only: bool = False) -> FittedTable:
    """The graduatoria of one envelope; a line marks where the money runs out."""
    procedure = (
        text(f"procedure-{envelope.procedure}", lang)
        if envelope.procedure
        else text(f"note-{AllocationNote.PROCEDURE_UNKNOWN}", lang)
    )
    budget = _money(envelope.budget, lang) if envelope.budget is not None else text("budget-unknown", lang)
    title = text(
        "rank-title",
        lang,
        envelope=envelope_name(envelope.measure, envelope.line),
        procedure=procedure,
        budget=budget,
    )
    scored = any(a.score is not None for a in envelope.applications)
    explained = any(a.tie_break or a.note for a in envelope.applications)
    columns = [
        Column(text("col-rank", lang), "right"),
        Column(text("col-application", lang)),
        Column(text("col-applicant", lang), wrap=True, below=2, minimum=16),
    ]
    if scored:
        columns.append(Column(text("col-score", lang), "right", below=3))
    columns += [
        Column(text("col-requested", lang), "right"),
        Column(text("col-granted", lang), "right"),
        Column(text("col-status", lang)),
    ]
    if explained:
        header = "col-tie-break" if any(a.tie_break for a in envelope.applications) else "col-note"
        columns.append(Column(text(header, lang), wrap=True, below=1, minimum=16))
    caption: list[str | Text] = []
    bar = budget_bar(envelope.allocated, envelope.budget, lang, ascii_only)
    if bar.plain:
        caption.append(Text(f"{text('budget-use', lang)}: ") + bar)
    caption.append(
        f"{text('col-granted', lang)} {_money(envelope.allocated, lang)}"
        f"  {text('residual', lang)} {_money(envelope.residual, lang)}"
    )
    why = envelope.budget_note if envelope.budget is None else envelope.procedure_note
    if why is not None and (envelope.budget is None or envelope.procedure is None):
        caption.append(f"{text('col-note', lang)}: {worded(why, lang)}")
    table = FittedTable(columns, title=title, caption=caption)
    cut_marked = False
    for application in envelope.applications:
        funded = application.status in (RankStatus.FUNDED, RankStatus.PARTIALLY_FUNDED)
        withdrawn = application.status in WITHDRAWN_STATUSES  # funded once: above the cut line
        if not funded and not withdrawn and not cut_marked and envelope.allocated > 0:
            table.add_note(text("cut-line", lang), "bold yellow")
            cut_marked = True
        cells: list[str | Text | None] = [
            str(application.rank) if application.rank is not None else "-",
            application.verdict.row.application_id or "?",
            application.verdict.row.applicant_name or "",
        ]
        if scored:
            cells.append(str(json_number(application.score)) if application.score is not None else "-")
        cells += [
            _money(application.requested, lang),
            _money(application.granted, lang),
            Text(text(f"status-short-{application.status}", lang), style=STATUS_STYLE[application.status]),
        ]
        if explained:
            tie_break = text(f"tie-break-{application.tie_break}", lang) if application.tie_break else ""
            note = allocation_note(application.note, lang)
            cells.append(tie_break + (f" ({note})" if note and tie_break else note or ""))
        table.add_row(*cells)
    if not envelope.applications:
        table.add_note(text("rank-envelope-empty", lang), "dim")
    return table


def error_codes(verdict: Verdict) -> str:
    """The codes of an application's errors, sorted, as the ranking's CSV gives them."""
    return ", ".join(sorted({f.code for f in verdict.findings if f.severity is Severity.ERROR}))


def ineligible_table(result: RankingResult, lang: Lang) -> FittedTable:
    """Every ineligible application with the codes of its errors (the reasons are in `wecare check`)."""
    table = FittedTable(
        [
            Column(text("col-application", lang)),
            Column(text("col-measure-line", lang)),
            Column(text("col-status", lang), optional=True),
            Column(text("col-requested", lang), "right"),
            Column(text("col-codes", lang), wrap=True, whole_words=True, below=1),
        ],
        title=Text(text("ineligible-count", lang, count=len(result.ineligible)), style="bold red"),
    )
    status = Text(
        text(f"status-short-{RankStatus.INELIGIBLE}", lang), style=STATUS_STYLE[RankStatus.INELIGIBLE]
    )
    for verdict in result.ineligible:
        measure = verdict.measure or verdict.row.measure or "?"
        table.add_row(
            verdict.row.application_id or "?",
            f"{measure}/{verdict.line}" if verdict.line else measure,
            status,
            _money(verdict.row.requested_amount, lang),
            error_codes(verdict),
        )
    return table


def ranking_view(result: RankingResult, lang: Lang, ascii_only: bool = False) -> RenderableType:
    """Every envelope's table, every ineligible application with its error codes, then the stages
    of the scorrimento (with --events)."""
    parts: list[RenderableType] = []
    for envelope in result.envelopes:
        if parts:
            parts.append(Text(""))
        parts.append(envelope_table(envelope, lang, ascii_only))
    if result.ineligible:
        parts += [Text(""), ineligible_table(result, lang)]
    if result.scorrimento is not None:
        parts += [Text(""), stages_view(result.scorrimento, lang)]
    return Group(*parts)


def stages_view(scorrimento: Scorrimento, lang: Lang) -> FittedTable:
    """The stages of the scorrimento: each event, what it freed or added, who it funded, the residual.

    Stage 0 (the graduatoria as approved) says how many applications it funded; the tables
    above are the state after the last event.
    """
    table = FittedTable(
        [
            Column("#", "right"),
            Column(text("col-date", lang)),
            Column(text("col-event", lang), wrap=True, minimum=16),
            Column(text("col-change", lang), "right"),
            Column(text("col-funded-as-result", lang), wrap=True, whole_words=True, below=1, minimum=12),
            Column(text("residual", lang), "right"),
        ],
        title=text("stages-title", lang, file=scorrimento.events_file),
        caption=[ntext("stages-outside-measure", scorrimento.outside_filter, lang)]
        if scorrimento.outside_filter
        else [],
    )
    for stage in scorrimento.stages:
        event = stage.event
        if event is None:
            funded = sum(len(envelope.funded) for envelope in stage.envelopes)
            table.add_row(
                "0", "", text("stage-approved", lang), "", ntext("stage-funded-count", funded, lang), ""
            )
            continue
        envelope = stage.envelopes[0]
        what = stage_event(stage, lang)
        if event.application is not None:
            what += f" ({envelope_name(envelope.measure, envelope.line)})"
        change = envelope.freed + envelope.budget_change
        table.add_row(
            str(stage.number),
            formatting.day(event.day, lang) or "",
            f"{what}: {event.act}",
            ("+" if change > 0 else "-") + _money(abs(change), lang) if change else "",
            stage_funded(stage, envelope, lang),
            _money(envelope.residual, lang),
        )
    return table
