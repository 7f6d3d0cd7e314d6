"""Rich view of a ranking: a table per envelope with a budget-use bar, the cut line and the residual."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import ntext, text
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import WITHDRAWN_STATUSES, Envelope, RankingResult, RankStatus
from wecare_cli.ranking.scorrimento import Scorrimento
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.machine import json_number
from wecare_cli.reports.ranking import allocation_note
from wecare_cli.reports.stages import envelope_name, stage_event, stage_funded

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


def budget_bar(allocated: Decimal, budget: Decimal | None, ascii_only: bool = False) -> Text:
    """A bar of the share of the budget granted, with the percentage."""
    if budget is None or budget <= 0:
        return Text("")
    share = min(float(allocated / budget), 1.0)
    filled = round(share * BAR_WIDTH)
    full, empty = ("#", "-") if ascii_only else ("█", "░")
    bar = Text(full * filled, style="green")
    bar.append(empty * (BAR_WIDTH - filled), style="dim")
    bar.append(f" {share * 100:.1f}%")
    return bar


def envelope_table(envelope: Envelope, lang: Lang, ascii_only: bool = False) -> Table:
    """The graduatoria of one envelope; a line marks where the money runs out."""
    procedure = text(f"procedure-{envelope.procedure}", lang) if envelope.procedure else text("unknown", lang)
    table = Table(
        title=text(
            "rank-title",
            lang,
            measure=envelope.measure,
            line=envelope.line or "",
            procedure=procedure,
            budget=_money(envelope.budget, lang),
        ),
        title_justify="left",
    )
    explained = any(a.tie_break or a.note for a in envelope.applications)
    table.add_column(text("col-rank", lang), justify="right")
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-applicant", lang), min_width=16, ratio=1)
    table.add_column(text("col-score", lang), justify="right")
    table.add_column(text("col-requested", lang), justify="right", no_wrap=True)
    table.add_column(text("col-granted", lang), justify="right", no_wrap=True)
    table.add_column(text("col-status", lang))
    if explained:
        table.add_column(text("col-tie-break", lang), ratio=1)
    cut_marked = False
    for application in envelope.applications:
        funded = application.status in (RankStatus.FUNDED, RankStatus.PARTIALLY_FUNDED)
        withdrawn = application.status in WITHDRAWN_STATUSES  # funded once: above the cut line
        if not funded and not withdrawn and not cut_marked and envelope.allocated > 0:
            table.add_section()
            filler = [""] * (6 if explained else 5)
            table.add_row("", Text(text("cut-line", lang), style="bold yellow"), *filler)
            table.add_section()
            cut_marked = True
        cells: list[str | Text] = [
            str(application.rank) if application.rank is not None else "-",
            application.verdict.row.application_id or "?",
            application.verdict.row.applicant_name or "",
            str(json_number(application.score)) if application.score is not None else "-",
            _money(application.requested, lang),
            _money(application.granted, lang),
            Text(text(f"status-short-{application.status}", lang), style=STATUS_STYLE[application.status]),
        ]
        if explained:
            tie_break = text(f"tie-break-{application.tie_break}", lang) if application.tie_break else ""
            note = allocation_note(application.note, lang)
            cells.append(tie_break + (f" ({note})" if note else ""))
        table.add_row(*cells)
    residual = envelope.residual
    table.caption = (
        f"{text('budget-use', lang)}: "
        + budget_bar(envelope.allocated, envelope.budget, ascii_only).plain
        + f"\n{text('col-granted', lang)} {_money(envelope.allocated, lang)}"
        + f"  {text('residual', lang)} {_money(residual, lang)}"
    )
    table.caption_justify = "left"
    return table


def ranking_view(result: RankingResult, lang: Lang, ascii_only: bool = False) -> RenderableType:
    """Every envelope's table, how many applications were ineligible, then the stages (with events)."""
    parts: list[RenderableType] = [envelope_table(e, lang, ascii_only) for e in result.envelopes]
    if result.ineligible:
        parts.append(Text(text("ineligible-count", lang, count=len(result.ineligible)), style="red"))
    if result.scorrimento is not None:
        parts.append(stages_view(result.scorrimento, lang))
    return Group(*parts)


def stages_view(scorrimento: Scorrimento, lang: Lang) -> RenderableType:
    """The stages of the scorrimento: each event, what it freed or added, who it funded, the residual.

    Stage 0 (the graduatoria as approved) says how many applications it funded; the tables
    above are the state after the last event.
    """
    table = Table(
        title=text("stages-title", lang, file=scorrimento.events_file), title_justify="left", show_lines=True
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(text("col-event", lang), ratio=3, min_width=16)
    table.add_column(text("col-change", lang), justify="right", no_wrap=True)
    table.add_column(text("col-funded-as-result", lang), ratio=2, min_width=10)
    table.add_column(text("residual", lang), justify="right", no_wrap=True)
    for stage in scorrimento.stages:
        event = stage.event
        if event is None:
            funded = sum(len(envelope.funded) for envelope in stage.envelopes)
            table.add_row(
                "0", text("stage-approved", lang), "", ntext("stage-funded-count", funded, lang), ""
            )
            continue
        envelope = stage.envelopes[0]
        lines = [formatting.day(event.day, lang) or "", stage_event(stage, lang)]
        if event.application is not None:
            lines.append(envelope_name(envelope.measure, envelope.line))
        lines.append(event.act)
        change = envelope.freed + envelope.budget_change
        table.add_row(
            str(stage.number),
            "\n".join(lines),
            ("+" if change > 0 else "-") + _money(abs(change), lang) if change else "",
            stage_funded(stage, envelope, lang),
            _money(envelope.residual, lang),
        )
    if scorrimento.outside_filter:
        table.caption = ntext("stages-outside-measure", scorrimento.outside_filter, lang)
        table.caption_justify = "left"
    return table
