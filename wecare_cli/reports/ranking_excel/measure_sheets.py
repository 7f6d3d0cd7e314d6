"""One sheet per measure: the graduatoria of each of its envelopes, in order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from wecare_cli.ranking.model import Envelope
from wecare_cli.reports.ranking_excel.report import STATUS_FILLS, Report
from wecare_cli.reports.ranking_excel.summary_sheet import envelope_note
from wecare_cli.reports.stages import status_act
from wecare_cli.reports.workbook import Column, Kind, wrapped_lines


def _criteria(envelopes: Sequence[Envelope]) -> list[str]:
    """Criterion codes present in the breakdowns of a measure, in first-seen order."""
    codes: dict[str, None] = {}
    for envelope in envelopes:
        for application in envelope.applications:
            for code, _points in application.breakdown:
                codes.setdefault(code, None)
    return list(codes)


def measure_sheet(report: Report, measure: str, envelopes: Sequence[Envelope]) -> None:
    t = report.t
    with_lines = any(e.line is not None for e in envelopes)
    criteria = _criteria(envelopes)
    acts = report.result.scorrimento is not None  # with events: the act that set each status
    status = Column(t("col-status"), width=26, wrap=True, indent=1)
    columns = [
        *([Column(t("col-line"))] if with_lines else []),
        Column(t("col-rank"), Kind.INTEGER, align="center"),
        Column(t("col-application")),
        Column(t("col-applicant"), width=34, wrap=True),
        Column(t("col-tax-code")),
        Column(t("col-district"), width=22, wrap=True),
        Column(t("col-submitted"), Kind.DATETIME),
        Column(t("col-score"), Kind.NUMBER),
        *(Column(t("col-criterion", code=code), Kind.NUMBER, width=12, wrap=True) for code in criteria),
        Column(t("col-requested"), Kind.EURO),
        Column(t("col-granted"), Kind.EURO),
        Column(t("col-cumulative"), Kind.EURO),
        status,
        *([Column(t("col-status-act"), width=30, wrap=True)] if acts else []),
        Column(t("col-tie-break"), width=18, wrap=True),
        Column(t("col-note"), width=34, wrap=True),
    ]
    writer = report.sheet(measure, columns)
    labels = report.status_label
    status_column = columns.index(status)
    writer.colour_rows(status_column, {labels[s]: STATUS_FILLS[s] for s in report.ranked_statuses})
    statuses = Counter(a.status for e in envelopes for a in e.applications)
    if statuses:  # rows of the commonest status are as tall as its label: that is the sheet's default
        commonest = labels[statuses.most_common(1)[0][0]]
        writer.expect_lines(wrapped_lines(commonest, (status.width or 60) - 2 * status.indent))
    districts = report.districts
    blanks_before_status = 7 + len(criteria) + 3  # rank … score, criteria, three amounts
    for envelope in envelopes:
        lead: list[object] = [envelope.line or ""] if with_lines else []
        if not envelope.applications:
            # The row says so, and why nothing could be allocated there anyway (if the sources say).
            empty = [
                *lead,
                *([None] * blanks_before_status),
                t("envelope-empty"),
                *([None] if acts else []),
                None,
                envelope_note(envelope, report.lang),
            ]
            writer.write(empty)
            continue
        for application in envelope.applications:
            verdict = application.verdict
            row = verdict.row
            submitted = row.submitted_at
            district = verdict.district
            values: list[object] = [
                *lead,
                application.rank,
                row.application_id,
                row.applicant_name,
                row.applicant_tax_code,
                districts.get(district, district) if district else row.district,
                submitted.instant if submitted is not None else None,
                application.score,
            ]
            if criteria:
                points = dict(application.breakdown)
                values.extend(points.get(code) for code in criteria)
            values += [
                application.requested,
                application.granted,
                application.cumulative_granted,
                labels[application.status],
                *([status_act(application.status_set_by, report.lang)] if acts else []),
                report.tie_break(application.tie_break),
                report.note(application.note),
            ]
            writer.write(values)
    writer.finish()
