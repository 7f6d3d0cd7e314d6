"""One sheet per measure: the graduatoria of each of its envelopes, in order."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from wecare_cli.i18n.catalog import worded
from wecare_cli.ranking.model import Envelope
from wecare_cli.reports.ranking_excel.report import STATUS_FILLS, Report
from wecare_cli.reports.ranking_excel.summary_sheet import envelope_note
from wecare_cli.reports.stages import status_act
from wecare_cli.reports.workbook import Column, Kind, TitleLine, wrapped_lines


def _criteria(envelopes: Sequence[Envelope]) -> list[str]:
    """Criterion codes present in the breakdowns of a measure, in first-seen order."""
    codes: dict[str, None] = {}
    for envelope in envelopes:
        for application in envelope.applications:
            for code, _points in application.breakdown:
                codes.setdefault(code, None)
    return list(codes)


def title_block(report: Report, measure: str, envelopes: Sequence[Envelope]) -> list[TitleLine]:
    """What the graduatoria of a measure says above its table: the issuer, the measure, the
    call's act, then for each line its procedure and allocation policy, budget, granted,
    residual and applications by status, and the reference time of the run."""
    t = report.t
    configured = report.result.check.configuration.measures.measure(measure)
    act = configured.act.value if configured is not None else None
    lines = report.heading(t("title-graduatoria", measure=report.measure_name(measure)))
    lines.append(TitleLine(t("title-act", act=act or t("title-act-unknown"))))
    for envelope in envelopes:
        line = configured.line(envelope.line) if configured is not None and envelope.line else None
        name = worded(line.name, report.lang) if line is not None else None
        procedure = t(f"procedure-{envelope.procedure}") if envelope.procedure else t("procedure-unknown")
        where = t("title-line", line=envelope.line, name=name or "") if envelope.line else t("title-measure")
        policy = report.known(f"policy-short-{envelope.policy}", str(envelope.policy))
        lines.append(TitleLine(t("title-envelope", where=where, procedure=procedure, policy=policy)))
        statuses = Counter(a.status for a in envelope.applications)
        counts = "; ".join(
            f"{report.status_label[status]}: {statuses[status]}"
            for status in report.ranked_statuses
            if statuses[status]
        )
        lines.append(
            TitleLine(
                t(
                    "title-envelope-amounts",
                    budget=report.money(envelope.budget),
                    granted=report.money(envelope.allocated),
                    residual=report.money(envelope.residual),
                    counts=counts or t("envelope-empty"),
                )
            )
        )
    lines.append(TitleLine(report.as_of))
    return lines


def measure_sheet(report: Report, measure: str, envelopes: Sequence[Envelope]) -> None:
    """The graduatoria of a measure: its title block, then one row per application of each of
    its lines, then a totals row.

    The columns a published graduatoria shows come first (position, application, applicant,
    score, amounts, status), so that a sheet too wide for the page prints them on its first
    page; the public variant (:attr:`Report.public`) has only those.
    """
    t = report.t
    public = report.public
    with_lines = any(e.line is not None for e in envelopes)
    criteria = [] if public else _criteria(envelopes)
    acts = report.result.scorrimento is not None  # with events: the act that set each status
    status = Column(t("col-status"), width=20, wrap=True, indent=1)
    money = Column("", Kind.EURO, width=15)
    columns = [
        *([Column(t("col-line"), width=12, wrap=True)] if with_lines else []),
        Column(t("col-rank"), Kind.INTEGER, align="center"),
        Column(t("col-application")),
        Column(t("col-applicant"), width=26, wrap=True),
        Column(t("col-tax-code")),
        Column(t("col-score"), Kind.NUMBER, width=10),
        *([] if public else [Column(t("col-requested"), money.kind, money.width)]),
        Column(t("col-granted"), money.kind, money.width),
        status,
        *([Column(t("col-status-act"), width=24, wrap=True)] if acts else []),
        *(
            []
            if public
            else [
                Column(t("col-district"), width=16, wrap=True),
                Column(t("col-submitted"), Kind.DATETIME),
                *(
                    Column(t("col-criterion", code=code), Kind.NUMBER, width=10, wrap=True)
                    for code in criteria
                ),
                Column(t("col-cumulative"), money.kind, money.width),
                Column(t("col-tie-break"), width=14, wrap=True),
                Column(t("col-note"), width=26, wrap=True),
            ]
        ),
    ]
    writer = report.sheet(measure, columns, title_block(report, measure, envelopes))
    writer.repeated_columns = 3 if with_lines else 2  # on pages across: (line,) position, application
    labels = report.status_label
    status_column = columns.index(status)
    writer.colour_rows(status_column, {labels[s]: STATUS_FILLS[s] for s in report.ranked_statuses})
    statuses = Counter(a.status for e in envelopes for a in e.applications)
    if statuses:  # rows of the commonest status are as tall as its label: that is the sheet's default
        commonest = labels[statuses.most_common(1)[0][0]]
        writer.expect_lines(wrapped_lines(commonest, (status.width or 60) - 2 * status.indent))
    districts = report.districts
    width = len(columns)
    for envelope in envelopes:
        lead: list[object] = [envelope.line or ""] if with_lines else []
        if not envelope.applications:
            # The row says so, and why nothing could be allocated there anyway (if the sources say).
            empty: list[object] = [None] * width
            empty[: len(lead)] = lead
            empty[status_column] = t("envelope-empty")
            if not public:
                empty[-1] = envelope_note(envelope, report.lang)
            writer.write(empty)
            continue
        for application in envelope.applications:
            verdict = application.verdict
            row = verdict.row
            values: list[object] = [
                *lead,
                application.rank,
                row.application_id,
                report.published(row.applicant_name),
                report.published_tax_code(row.applicant_tax_code),
                application.score,
                *([] if public else [application.requested]),
                application.granted,
                labels[application.status],
                *([status_act(application.status_set_by, report.lang)] if acts else []),
            ]
            if not public:
                submitted = row.submitted_at
                district = verdict.district
                values.append(districts.get(district, district) if district else row.district)
                values.append(submitted.instant if submitted is not None else None)
                if criteria:
                    points = dict(application.breakdown)
                    values.extend(points.get(code) for code in criteria)
                values += [
                    application.cumulative_granted,
                    report.tie_break(application.tie_break),
                    report.note(application.note),
                ]
            writer.write(values)
    data_rows = writer.row - writer.header_row - 1
    totals: list[object] = [None] * width
    totals[0] = t("total")
    granted_column = status_column - 1
    totals[granted_column] = sum((e.allocated for e in envelopes), Decimal(0))
    if not public:
        totals[granted_column - 1] = sum((e.requested for e in envelopes), Decimal(0))
    writer.write(totals, report.total_fill)
    writer.finish(filter_rows=data_rows)
