"""The Scorrimenti sheet: each stage of the scorrimento, what it freed or added, who it funded.

Stage 0 (the graduatoria as approved) has a row per envelope with how many applications it
funded; each event has a row: its day, act and kind, the application or envelope it names, the
amount the act gives, the money it freed or the change of the budget, the applications funded
as a result, and the envelope's budget, allocation and residual after it.
"""

from __future__ import annotations

from wecare_cli.i18n import formatting
from wecare_cli.ranking.scorrimento import Scorrimento
from wecare_cli.reports.ranking_excel.report import Report
from wecare_cli.reports.stages import stage_event, stage_funded
from wecare_cli.reports.workbook import Column, Kind


def scorrimenti_sheet(report: Report, scorrimento: Scorrimento) -> None:
    t = report.t
    writer = report.sheet(
        t("sheet-scorrimenti"),
        [
            Column(t("col-stage"), Kind.INTEGER, align="center"),
            Column(t("col-date")),
            Column(t("col-act"), width=30, wrap=True),
            Column(t("col-event"), width=30, wrap=True),
            Column(t("col-measure")),
            Column(t("col-line")),
            Column(t("col-act-amount"), Kind.EURO),
            Column(t("col-freed"), Kind.EURO),
            Column(t("col-budget-change"), Kind.EURO),
            Column(t("col-funded-as-result"), width=30, wrap=True, indent=1),
            Column(t("col-budget"), Kind.EURO),
            Column(t("col-allocated"), Kind.EURO),
            Column(t("col-residual"), Kind.EURO),
            Column(t("col-events-row"), indent=1),
        ],
    )
    lang = report.lang
    for stage in scorrimento.stages:
        event = stage.event
        for envelope in stage.envelopes:
            place = event.place if event is not None else None
            writer.write(
                [
                    stage.number,
                    formatting.day(event.day, lang) if event else None,
                    event.act if event else None,
                    stage_event(stage, lang),
                    envelope.measure,
                    envelope.line,
                    event.amount if event else None,
                    envelope.freed if event else None,
                    envelope.budget_change if event else None,
                    stage_funded(stage, envelope, lang),
                    envelope.budget if envelope.budget is not None else report.unknown,
                    envelope.allocated,
                    envelope.residual if envelope.residual is not None else report.unknown,
                    ":".join(str(p) for p in (place.file, place.sheet, place.row) if p is not None)
                    if place is not None
                    else None,
                ]
            )
    writer.finish()
