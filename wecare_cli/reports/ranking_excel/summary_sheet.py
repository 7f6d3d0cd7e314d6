"""The Riepilogo sheet: budget, requested, granted, residual and status counts per envelope, and a chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from wecare_cli.i18n.catalog import worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import Envelope, RankStatus
from wecare_cli.reports.ranking_excel.report import (
    BUDGET_COLOUR,
    EURO_AXIS,
    GRANTED_COLOUR,
    Report,
)
from wecare_cli.reports.workbook import Column, Kind, SheetWriter, TitleLine


@dataclass
class _Tally:
    """One row of the summary: an envelope, or ineligible applications outside any envelope."""

    measure: str
    line: str
    envelope: Envelope | None
    statuses: Counter[RankStatus] = field(default_factory=Counter)
    ineligible: int = 0
    ineligible_requested: Decimal = Decimal(0)
    """What the ineligible applications of the row asked for (those that give an amount)."""


def _tallies(report: Report) -> list[_Tally]:
    """Counts per envelope, then rows for ineligible applications whose line or measure is unknown."""
    result = report.result
    tallies: dict[tuple[str | None, str | None], _Tally] = {}
    for envelope in result.envelopes:
        tally = _Tally(envelope.measure, envelope.line or "", envelope)
        tally.statuses.update(a.status for a in envelope.applications)
        tallies[(envelope.measure, envelope.line)] = tally
    extra: dict[tuple[str | None, str | None], _Tally] = {}
    for verdict in result.ineligible:
        key = (verdict.measure, verdict.line)
        if key not in tallies:
            key = (verdict.measure, None) if verdict.measure is not None else (None, None)
            if key not in tallies and key not in extra:
                extra[key] = _Tally(
                    verdict.measure or report.t("measure-not-determined"),
                    report.t("line-not-determined") if verdict.measure is not None else "",
                    None,
                )
        tally = tallies.get(key) or extra[key]
        tally.ineligible += 1
        tally.ineligible_requested += verdict.row.requested_amount or Decimal(0)
    measure_order = {e.measure: index for index, e in enumerate(result.envelopes)}
    ordered_extra = sorted(
        extra.items(), key=lambda item: measure_order.get(item[0][0] or "", len(measure_order))
    )
    return [*tallies.values(), *(tally for _, tally in ordered_extra)]


def _overall_budget(report: Report) -> tuple[str, Decimal | None]:
    """The label of the totals row and the budget it stands for: the strategy's (or, with
    --measure, the measure's) budget as the configuration gives it."""
    t = report.t
    measures = report.result.check.configuration.measures
    wanted = report.result.measure_filter
    if wanted is None:
        return t("total-strategy"), measures.strategy.total_budget_eur.value
    measure = measures.measure(wanted)
    return t("total-measure", measure=wanted), measure.budget_eur.value if measure is not None else None


def summary_sheet(report: Report) -> None:
    t = report.t
    count = Column("", Kind.INTEGER, width=12)
    total_label, overall_budget = _overall_budget(report)
    title = report.heading(t("title-summary"))
    title.append(TitleLine(t("title-summary-budget", label=total_label, budget=report.money(overall_budget))))
    title.append(TitleLine(t("title-summary-requested")))
    title.append(TitleLine(report.as_of))
    writer = report.sheet(
        t("sheet-summary"),
        [
            Column(t("col-measure"), width=10, wrap=True),
            Column(t("col-line"), width=13, wrap=True),
            Column(t("col-procedure"), width=13, wrap=True),
            Column(t("col-budget"), Kind.EURO, width=16),
            Column(t("col-requested-all"), Kind.EURO, width=16, wrap=True),
            Column(t("col-requested-eligible"), Kind.EURO, width=16, wrap=True),
            Column(t("col-granted"), Kind.EURO, width=16),
            Column(t("col-residual"), Kind.EURO, width=16),
            Column(t("col-budget-use"), Kind.PERCENT, width=9),
            *(
                Column(t(f"col-{status}-count"), count.kind, count.width)
                for status in (*report.ranked_statuses, RankStatus.INELIGIBLE)
            ),
            *([] if report.public else [Column(t("col-note"), width=40, wrap=True, indent=1)]),
        ],
        title_block=title,
    )
    writer.repeated_columns = 2  # on pages across: measure, line
    tallies = _tallies(report)
    totals: Counter[RankStatus] = Counter()
    total_requested = total_requested_all = total_granted = total_budget = Decimal(0)
    unknown_budgets: list[str] = []
    ineligible = 0
    for tally in tallies:
        envelope = tally.envelope
        totals.update(tally.statuses)
        ineligible += tally.ineligible
        total_requested_all += tally.ineligible_requested
        counts = [tally.statuses[s] for s in report.ranked_statuses]
        if envelope is None:
            writer.write(
                [
                    tally.measure,
                    tally.line,
                    None,
                    None,
                    tally.ineligible_requested,
                    None,
                    None,
                    None,
                    None,
                    *counts,
                    tally.ineligible,
                    *([] if report.public else [None]),
                ]
            )
            continue
        requested, granted, residual = envelope.requested, envelope.allocated, envelope.residual
        total_requested += requested
        total_requested_all += requested
        total_granted += granted
        if envelope.budget is None:
            unknown_budgets.append(report.envelope_name(envelope))
        else:
            total_budget += envelope.budget
        procedure = t(f"procedure-{envelope.procedure}") if envelope.procedure else t("procedure-unknown")
        writer.write(
            [
                tally.measure,
                tally.line,
                procedure,
                envelope.budget if envelope.budget is not None else report.unknown,
                requested + tally.ineligible_requested,
                requested,
                granted,
                residual if residual is not None else report.unknown,
                _share(granted, envelope.budget),
                *counts,
                tally.ineligible,
                *([] if report.public else [envelope_note(envelope, report.lang)]),
            ]
        )
    data_rows = writer.row - writer.header_row - 1
    notes = []
    if unknown_budgets:
        notes.append(
            t(
                "budget-unknown-for-known",
                envelopes=", ".join(unknown_budgets),
                known=report.money(total_budget),
            )
        )
    writer.write(
        [
            total_label,
            None,
            None,
            overall_budget if overall_budget is not None else report.unknown,
            total_requested_all,
            total_requested,
            total_granted,
            overall_budget - total_granted if overall_budget is not None else report.unknown,
            _share(total_granted, overall_budget),
            *(totals[s] for s in report.ranked_statuses),
            ineligible,
            *([] if report.public else ["; ".join(notes) or None]),
        ],
        report.total_fill,
    )
    envelopes = len(report.result.envelopes)
    if envelopes:
        _budget_chart(report, writer, envelopes)
    writer.finish(filter_rows=data_rows)


def envelope_note(envelope: Envelope, lang: Lang) -> str | None:
    """Why nothing could be allocated: the unknown procedure and/or budget, as the sources say."""
    notes = [
        worded(note, lang)
        for note in (
            envelope.procedure_note if envelope.procedure is None else None,
            envelope.budget_note if envelope.budget is None else None,
        )
        if note
    ]
    return "; ".join(n for n in notes if n) or None


def _share(granted: Decimal, budget: Decimal | None) -> float | None:
    """The share of the budget granted, for a percentage cell; None when it has no meaning."""
    if budget is None or budget <= 0:
        return None
    return float(granted / budget)


def _budget_chart(report: Report, writer: SheetWriter, envelopes: int) -> None:
    """Bars of granted against budget per envelope, below the summary table.

    Unknown budgets are text cells: they draw no bar (never a bar of 0 passed off as a figure).
    """
    name = writer.sheet.name
    chart = report.workbook.add_chart({"type": "bar"})
    first = writer.header_row + 1
    last = writer.header_row + envelopes
    categories = [name, first, 0, last, 1]
    for column, key, colour in ((3, "chart-budget", BUDGET_COLOUR), (6, "chart-granted", GRANTED_COLOUR)):
        chart.add_series(
            {
                "name": report.t(key),
                "categories": categories,
                "values": [name, first, column, last, column],
                "fill": {"color": colour},
                "gap": 60,
            }
        )
    chart.set_title({"name": report.t("chart-title"), "name_font": {"size": 12}})
    chart.set_x_axis({"num_format": EURO_AXIS, "major_gridlines": {"visible": True}})
    chart.set_y_axis({"reverse": True, "num_font": {"rotation": 0}})
    chart.set_legend({"position": "bottom"})
    chart.show_hidden_data()  # filtering the table must not empty the chart
    chart.set_size({"width": 900, "height": 140 + 40 * envelopes})
    # Printed on a page of its own, below the table: never cut across two pages, nor under the
    # header row repeated at the top of a page. It starts right of the columns repeated on the
    # pages across, so that no sliver of it is printed again with them.
    anchor = writer.row + 1
    writer.sheet.set_h_pagebreaks([anchor])
    writer.sheet.insert_chart(anchor, writer.repeated_columns, chart, {"object_position": 3})
