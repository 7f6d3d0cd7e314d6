"""The summary workbook: groups with native charts of requests and grants, and budget absorption."""

from __future__ import annotations

from pathlib import Path

from wecare_cli import __version__
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.atomic import ReportDestination, ReportKind, write_atomically
from wecare_cli.reports.summary import group_name
from wecare_cli.reports.workbook import Column, Formats, Kind, SheetWriter, open_workbook
from wecare_cli.summary import Summary


def write_summary_workbook(summary: Summary, destination: ReportDestination, lang: Lang) -> Path:
    """Write the summary workbook atomically."""
    return write_atomically(destination, lambda path: _write(summary, path, lang))


def _write(summary: Summary, path: Path, lang: Lang) -> None:
    def t(key: str) -> str:
        return text(key, lang)

    footer = "&L&A&R" + t("page-footer")
    workbook = open_workbook(path, ReportKind.SUMMARY)
    formats = Formats(workbook)
    groups_title = t("sheet-summary-groups")
    population = summary.population_known  # else the legend says why there is no per-1,000 figure
    groups = SheetWriter(
        workbook,
        groups_title,
        [
            Column(t(f"col-by-{summary.by}"), width=28, wrap=True),
            Column(t("col-applications"), Kind.INTEGER),
            Column(t("col-requested"), Kind.EURO),
            Column(t("col-eligible-count"), Kind.INTEGER),
            Column(t("col-ineligible-count"), Kind.INTEGER),
            Column(t("col-reasons"), width=40, wrap=True),
            Column(t("col-funded"), Kind.INTEGER),
            Column(t("col-granted"), Kind.EURO),
            *(
                [Column(t("col-population"), Kind.INTEGER), Column(t("col-per-1000"), Kind.EURO)]
                if population
                else []
            ),
        ],
        formats,
    )
    groups.repeated_columns = 1  # on pages across: the group
    groups.sheet.set_footer(footer)
    for group in summary.groups:
        per_thousand = group.per_thousand(group.granted)
        groups.write(
            [
                group_name(group, summary.by, lang),
                group.applications,
                group.requested,
                group.eligible,
                group.ineligible,
                ", ".join(f"{code} {count}" for code, count in sorted(group.ineligible_by_reason.items())),
                group.funded,
                group.granted,
                *(
                    [
                        group.population if group.population is not None else t("unknown-f"),
                        per_thousand if per_thousand is not None else t("unknown"),
                    ]
                    if population
                    else []
                ),
            ]
        )
    last = groups.row - 1
    total = summary.total
    groups.write(
        [t("total"), total.applications, total.requested, total.eligible, total.ineligible, "",
         total.funded, total.granted, *([None, None] if population else [])]
    )  # fmt: skip
    groups.finish()
    if summary.groups:
        chart = workbook.add_chart({"type": "bar"})
        for column, colour in ((2, "#4F81BD"), (7, "#9BBB59")):
            chart.add_series(
                {
                    "name": [groups_title, 0, column],
                    "categories": [groups_title, 1, 0, last, 0],
                    "values": [groups_title, 1, column, last, column],
                    "fill": {"color": colour},
                }
            )
        chart.set_title({"name": t("chart-requests-grants")})
        chart.set_x_axis({"num_format": "#,##0"})
        chart.set_size({"width": 720, "height": max(288, 24 * len(summary.groups))})
        groups.sheet.insert_chart(last + 3, 1, chart)

    absorption_title = t("sheet-summary-absorption")
    absorption = SheetWriter(
        workbook,
        absorption_title,
        [
            Column(t("col-measure"), width=12),
            Column(t("col-budget"), Kind.EURO),
            Column(t("col-granted"), Kind.EURO),
            Column(t("budget-use"), Kind.PERCENT),
        ],
        formats,
    )
    absorption.sheet.set_footer(footer)
    for item in summary.absorption:
        absorption.write(
            [
                item.measure,
                item.budget if item.budget is not None else t("unknown-f"),
                item.granted,
                item.share if item.share is not None else t("unknown-f"),
            ]
        )
    absorption.finish()
    chart = workbook.add_chart({"type": "column"})
    count = len(summary.absorption)
    for column, colour in ((1, "#BFBFBF"), (2, "#9BBB59")):
        chart.add_series(
            {
                "name": [absorption_title, 0, column],
                "categories": [absorption_title, 1, 0, count, 0],
                "values": [absorption_title, 1, column, count, column],
                "fill": {"color": colour},
            }
        )
    chart.set_title({"name": t("absorption-title")})
    chart.set_y_axis({"num_format": "#,##0"})
    absorption.sheet.insert_chart(count + 3, 0, chart)
    notes = workbook.add_worksheet(t("sheet-legend"))
    notes.set_column(0, 0, 100)
    notes.set_paper(9)  # A4
    notes.set_landscape()
    notes.fit_to_pages(1, 0)
    notes.set_footer(footer)
    notes.write_string(0, 0, f"wecare {__version__}")
    if not summary.population_known:
        notes.write_string(1, 0, t("population-unknown"))
    workbook.close()
