"""The Legenda sheet: run time, version, files with their SHA-256, rules not applied, policies, colours."""

from __future__ import annotations

from wecare_cli import __version__
from wecare_cli.i18n.catalog import worded
from wecare_cli.ranking.model import RankStatus
from wecare_cli.reports.check import unchecked_note
from wecare_cli.reports.provenance import configuration_files, file_name
from wecare_cli.reports.ranking_excel.report import Report, by_measure
from wecare_cli.reports.workbook import Column, Kind, SheetWriter


def legend_sheet(report: Report) -> None:
    t = report.t
    result = report.result
    check = result.check
    writer = report.sheet(
        t("sheet-legend"),
        [
            Column(t("col-item"), width=30, wrap=True),
            Column(t("col-value"), width=50, wrap=True, align="left"),
            Column(t("col-detail"), width=62, wrap=True),
        ],
    )
    reference = check.reference_time
    writer.write(
        [
            t("legend-reference-time"),
            reference,
            t("legend-timezone", zone=str(reference.tzinfo), iso=reference.isoformat()),
        ],
        kinds=[Kind.TEXT, Kind.DATETIME, Kind.TEXT],
    )
    writer.write([t("legend-version"), f"wecare {__version__}", None])
    if result.measure_filter is not None:
        writer.write([t("legend-measure-filter"), result.measure_filter, None])
    if report.public:  # what is left out of the published graduatoria, and why
        writer.write([t("legend-public"), t("legend-public-text"), None])
    else:
        _files_and_rules(report, writer)
    measures = check.configuration.measures
    for code, _envelopes in by_measure(result.envelopes):
        measure = measures.measure(code)
        if measure is None:
            continue
        criteria = measure.ranking.criteria
        if criteria:
            listed = "; ".join(
                f"{c.code} ({c.column}, ×{c.weight}"
                + (f", max {c.max_points}" if c.max_points is not None else "")
                + ")"
                for c in criteria
            )
            writer.write([t("legend-criteria", measure=code), listed, "; ".join(c.source for c in criteria)])
        elif measure.ranking.criteria_note:
            criteria_note = worded(measure.ranking.criteria_note, report.lang)
            writer.write([t("legend-criteria", measure=code), criteria_note, None])
    not_set = t("legend-not-set")
    for envelope in result.envelopes:
        procedure = t(f"procedure-{envelope.procedure}") if envelope.procedure else t("procedure-unknown")
        detail = t(
            "legend-allocation-detail",
            procedure=procedure,
            tie_breaks=" → ".join(report.tie_break(code) or code for code in envelope.tie_breaks),
            threshold=envelope.threshold if envelope.threshold is not None else not_set,
            cap=envelope.district_cap if envelope.district_cap is not None else not_set,
        )
        writer.write(
            [
                t("legend-allocation", envelope=report.envelope_name(envelope)),
                report.known(f"policy-{envelope.policy}", str(envelope.policy)),
                detail,
            ]
        )
    writer.write([t("legend-amounts"), t("legend-amounts-text"), None])
    for status in (*report.ranked_statuses, RankStatus.INELIGIBLE):
        writer.write(
            [t("legend-status"), report.status_label[status], str(status)], report.status_fill[status]
        )
    writer.finish()


def _files_and_rules(report: Report, writer: SheetWriter) -> None:
    """The input, configuration and events files with their SHA-256, and the rules not applied."""
    t = report.t
    result = report.result
    check = result.check
    for input_file in check.files:
        detail_key = "legend-input-detail" if input_file.sheet else "legend-input-detail-csv"
        detail = t(
            detail_key,
            kind=input_file.kind,
            sheet=input_file.sheet,
            header_row=input_file.header_row,
            rows=input_file.rows,
            role=input_file.role,
        )
        writer.write(
            [t("legend-input-file"), file_name(input_file.path), f"SHA-256 {input_file.sha256}\n{detail}"]
        )
    for config in configuration_files(check.configuration):
        writer.write([t("legend-config-file"), config.name, f"SHA-256 {config.sha256}"])
    if result.scorrimento is not None:
        scorrimento = result.scorrimento
        writer.write(
            [t("legend-events-file"), file_name(scorrimento.events_file), f"SHA-256 {scorrimento.sha256}"]
        )
    writer.write([t("legend-rules-applied"), t("legend-rules-applied-text"), None])
    for rule in check.unchecked:
        where = f"{rule.measure} {rule.line}" if rule.line else rule.measure
        writer.write([t("legend-unchecked"), f"{where}: {rule.rule}", unchecked_note(rule, report.lang)])
