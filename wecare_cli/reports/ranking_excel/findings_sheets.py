"""Non ammesse (the reasons of each ineligible application) and Anomalie dati (file findings, warnings)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.findings import finding_message
from wecare_cli.ranking.model import RankStatus
from wecare_cli.reports.ranking_excel.report import STATUS_FILLS, WARNING_FILL, Report
from wecare_cli.reports.workbook import Column, Kind
from wecare_cli.verdicts import Verdict


def _finding_columns(report: Report, first: Sequence[Column]) -> list[Column]:
    t = report.t
    return [
        *first,
        Column(t("col-code")),
        Column(t("col-message"), width=60, wrap=True),
        Column(t("col-file")),
        Column(t("col-sheet")),
        Column(t("col-excel-row"), Kind.INTEGER, align="center"),
        Column(t("col-column"), width=20, wrap=True),
        Column(t("col-value"), width=22, wrap=True),
    ]


def _finding_cells(report: Report, finding: Finding) -> list[object]:
    return [
        finding.code,
        finding_message(finding, report.lang, report.extra),
        finding.file,
        finding.sheet,
        finding.row,
        finding.column,
        finding.value,
    ]


def ineligible_sheet(report: Report) -> None:
    t = report.t
    writer = report.sheet(
        t("sheet-ineligible"),
        _finding_columns(
            report,
            [
                Column(t("col-application")),
                Column(t("col-measure")),
                Column(t("col-line")),
                Column(t("col-applicant"), width=30, wrap=True),
            ],
        ),
    )
    writer.colour_every_row(STATUS_FILLS[RankStatus.INELIGIBLE])
    for verdict in report.result.ineligible:
        row = verdict.row
        lead = [
            row.application_id,
            verdict.measure or row.measure,
            verdict.line or row.line,
            row.applicant_name,
        ]
        for finding in verdict.findings:
            if finding.severity is Severity.ERROR:
                writer.write([*lead, *_finding_cells(report, finding)])
    writer.finish()


def _in_scope(report: Report) -> Callable[[Verdict], bool]:
    wanted = report.result.measure_filter
    return (lambda _verdict: True) if wanted is None else (lambda verdict: verdict.measure == wanted)


def data_issues_sheet(report: Report) -> None:
    t = report.t
    writer = report.sheet(
        t("sheet-data-issues"),
        _finding_columns(
            report,
            [Column(t("col-severity")), Column(t("col-application")), Column(t("col-measure"))],
        ),
    )
    severity = {s: t(f"severity-{s}") for s in Severity}
    writer.colour_rows(
        0,
        {
            severity[Severity.ERROR]: STATUS_FILLS[RankStatus.INELIGIBLE],
            severity[Severity.WARNING]: WARNING_FILL,
        },
    )
    for finding in report.result.check.file_findings:
        writer.write([severity[finding.severity], None, None, *_finding_cells(report, finding)])
    in_scope = _in_scope(report)
    for verdict in report.result.check.verdicts:
        if not verdict.has_warnings or not in_scope(verdict):
            continue
        row = verdict.row
        for finding in verdict.findings:
            if finding.severity is Severity.WARNING:
                writer.write(
                    [
                        severity[finding.severity],
                        row.application_id,
                        verdict.measure or row.measure,
                        *_finding_cells(report, finding),
                    ]
                )
    writer.finish()
