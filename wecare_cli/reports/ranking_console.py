"""Rich view of a ranking: a table per envelope with a budget-use bar, the cut line and the residual."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import Envelope, RankingResult, RankStatus
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.machine import json_number
from wecare_cli.reports.ranking import allocation_note

STATUS_STYLE = {
    RankStatus.FUNDED: "green",
    RankStatus.PARTIALLY_FUNDED: "cyan",
    RankStatus.ELIGIBLE_NOT_FUNDED: "yellow",
    RankStatus.BELOW_THRESHOLD: "magenta",
    RankStatus.NOT_ALLOCATED: "dim",
    RankStatus.INELIGIBLE: "red",
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
        if not funded and not cut_marked and envelope.allocated > 0:
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
    """Every envelope's table, then how many applications were ineligible."""
    parts: list[RenderableType] = [envelope_table(e, lang, ascii_only) for e in result.envelopes]
    if result.ineligible:
        parts.append(Text(text("ineligible-count", lang, count=len(result.ineligible)), style="red"))
    return Group(*parts)
