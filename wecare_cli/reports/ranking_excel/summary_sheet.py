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
from wecare_cli.reports.workbook import Column, Kind, SheetWriter


@dataclass
class _Tally:
    """One row of the summary: an envelope, or ineligible applications outside any envelope."""

    measure: str
    line: str
    envelope: Envelope | None
    statuses: Counter[RankStatus] = field(default_factory=Counter)
    ineligible: int = 0


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
        (tallies.get(key) or extra[key]).ineligible += 1
    measure_order = {e.measure: index for index, e in enumerate(result.envelopes)}
    ordered_extra = sorted(
        extra.items(), key=lambda item: measure_order.get(item[0][0] or "", len(measure_order))
    )
    return [*tallies.values(), *(tally for _, tally in ordered_extra)]


def summary_sheet(report: Report) -> None:
    t = report.t
    count = Column("", Kind.INTEGER, width=13)
    writer = report.sheet(
        t("sheet-summary"),
        [
            Column(t("col-measure")),
            Column(t("col-line")),
            Column(t("col-procedure"), width=20, wrap=True),
            Column(t("col-budget"), Kind.EURO),
            Column(t("col-requested"), Kind.EURO),
            Column(t("col-granted"), Kind.EURO),
            Column(t("col-residual"), Kind.EURO),
            Column(t("col-budget-use"), Kind.PERCENT, width=10),
            *(
                Column(t(f"col-{status}-count"), count.kind, count.width)
                for status in (*report.ranked_statuses, RankStatus.INELIGIBLE)
            ),
            Column(t("col-note"), width=48, wrap=True, indent=1),
        ],
    )
    tallies = _tallies(report)
    totals: Counter[RankStatus] = Counter()
    total_requested = total_granted = total_budget = total_residual = Decimal(0)
    unknown_budgets: list[str] = []
    ineligible = 0
    for tally in tallies:
        envelope = tally.envelope
        totals.update(tally.statuses)
        ineligible += tally.ineligible
        counts = [tally.statuses[s] for s in report.ranked_statuses]
        if envelope is None:
            writer.write(
                [
                    tally.measure,
                    tally.line,
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                    *counts,
                    tally.ineligible,
                    None,
                ]
            )
            continue
        requested, granted, residual = envelope.requested, envelope.allocated, envelope.residual
        total_requested += requested
        total_granted += granted
        if envelope.budget is None:
            unknown_budgets.append(report.envelope_name(envelope))
        else:
            total_budget += envelope.budget
            total_residual += residual or Decimal(0)
        procedure = t(f"procedure-{envelope.procedure}") if envelope.procedure else t("procedure-unknown")
        writer.write(
            [
                tally.measure,
                tally.line,
                procedure,
                envelope.budget if envelope.budget is not None else report.unknown,
                requested,
                granted,
                residual if residual is not None else report.unknown,
                _share(granted, envelope.budget),
                *counts,
                tally.ineligible,
                envelope_note(envelope, report.lang),
            ]
        )
    data_rows = writer.row - 1
    budget_known = not unknown_budgets
    writer.write(
        [
            t("total"),
            None,
            None,
            total_budget if budget_known else report.unknown,
            total_requested,
            total_granted,
            total_residual if budget_known else report.unknown,
            _share(total_granted, total_budget) if budget_known else None,
            *(totals[s] for s in report.ranked_statuses),
            ineligible,
            None if budget_known else t("budget-unknown-for", envelopes=", ".join(unknown_budgets)),
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
    categories = [name, 1, 0, envelopes, 1]
    for column, key, colour in ((3, "chart-budget", BUDGET_COLOUR), (5, "chart-granted", GRANTED_COLOUR)):
        chart.add_series(
            {
                "name": report.t(key),
                "categories": categories,
                "values": [name, 1, column, envelopes, column],
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
    writer.sheet.insert_chart(writer.row + 1, 0, chart, {"object_position": 3})
