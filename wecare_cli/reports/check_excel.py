"""The findings workbook of `wecare check --output findings.xlsx`: verdicts, findings, legend."""

from __future__ import annotations

from pathlib import Path

from wecare_cli import __version__
from wecare_cli.findings import Severity
from wecare_cli.i18n.catalog import extra_folder, text
from wecare_cli.i18n.findings import finding_messages
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.atomic import ReportDestination, ReportKind, write_atomically
from wecare_cli.reports.check import BLOCK, unchecked_note
from wecare_cli.reports.provenance import configuration_files, file_name
from wecare_cli.reports.workbook import Column, Formats, Kind, SheetWriter, open_workbook
from wecare_cli.verdicts import CheckResult

ELIGIBLE_FILL = "#E2F0D9"
INELIGIBLE_FILL = "#F8D7DA"
WARNING_FILL = "#FFF2CC"


def write_check_workbook(result: CheckResult, destination: ReportDestination, lang: Lang) -> Path:
    """Write the findings workbook atomically (temporary file, then rename)."""
    return write_atomically(destination, lambda temporary: _write(result, temporary, lang))


def _write(result: CheckResult, path: Path, lang: Lang) -> None:
    workbook = open_workbook(path, ReportKind.CHECK, {"constant_memory": True})
    formats = Formats(workbook)

    worded: dict[str, str] = {}  # sheet texts, statuses and severities: each looked up once

    def t(key: str) -> str:
        found = worded.get(key)
        if found is None:
            found = worded[key] = text(key, lang)
        return found

    extra = extra_folder()  # the catalogue's extra folder, read once for every message

    footer = "&L&A&R" + t("page-footer")

    verdicts = SheetWriter(
        workbook,
        t("sheet-verdicts"),
        [
            Column(t("col-file")),
            Column(t("col-sheet")),
            Column(t("col-excel-row"), Kind.INTEGER),
            Column(t("col-application")),
            Column(t("col-measure")),
            Column(t("col-line")),
            Column(t("col-applicant"), width=36, wrap=True),
            Column(t("col-tax-code")),
            Column(t("col-requested"), Kind.EURO),
            Column(t("col-total-cost"), Kind.EURO),
            Column(t("col-submitted"), Kind.DATETIME),
            Column(t("col-verdict")),
            Column(t("col-codes"), width=40, wrap=True),
        ],
        formats,
    )
    verdicts.sheet.set_footer(footer)
    verdicts.repeated_columns = 4  # on pages across: file, sheet, row, application
    for verdict in result.verdicts:
        row = verdict.row
        fill = formats.fill(ELIGIBLE_FILL if verdict.eligible else INELIGIBLE_FILL)
        verdicts.write(
            [
                row.position.file,
                row.position.sheet,
                row.position.row,
                row.application_id,
                verdict.measure or row.measure,
                verdict.line or row.line,
                row.applicant_name,
                row.applicant_tax_code,
                row.requested_amount,
                row.total_cost,
                row.submitted_at.instant if row.submitted_at else None,
                t(verdict.status),
                ", ".join(f.code for f in verdict.findings),
            ],
            fill,
        )
    verdicts.finish()

    findings = SheetWriter(
        workbook,
        t("sheet-findings"),
        [
            Column(t("col-file")),
            Column(t("col-sheet")),
            Column(t("col-excel-row"), Kind.INTEGER),
            Column(t("col-column")),
            Column(t("col-application")),
            Column(t("col-code")),
            Column(t("col-severity")),
            Column(t("col-value"), width=24, wrap=True),
            Column(t("col-message"), width=60, wrap=True),
        ],
        formats,
    )
    findings.sheet.set_footer(footer)
    findings.repeated_columns = 3  # on pages across: file, sheet, row
    located = [(f, v.row.application_id) for v in result.verdicts for f in v.findings]
    located += [(f, None) for f in result.file_findings]
    for start in range(0, len(located), BLOCK):
        block = located[start : start + BLOCK]
        messages = finding_messages([finding for finding, _ in block], lang, extra)
        for (finding, application_id), message in zip(block, messages, strict=True):
            fill = formats.fill(INELIGIBLE_FILL if finding.severity is Severity.ERROR else WARNING_FILL)
            findings.write(
                [
                    finding.file,
                    finding.sheet,
                    finding.row,
                    finding.column,
                    application_id,
                    finding.code,
                    t(f"severity-{finding.severity}"),
                    finding.value,
                    message,
                ],
                fill,
            )
    findings.finish()

    legend = SheetWriter(
        workbook,
        t("sheet-legend"),
        [Column(t("col-item"), width=30, wrap=True), Column(t("col-value"), width=60, wrap=True)],
        formats,
    )
    legend.sheet.set_footer(footer)
    legend.write([t("legend-run-time"), result.reference_time.isoformat()])
    legend.write([t("legend-version"), f"wecare {__version__}"])
    for input_file in result.files:
        legend.write([t("legend-input-file"), f"{file_name(input_file.path)}  sha256 {input_file.sha256}"])
    for config in configuration_files(result.configuration):
        legend.write([t("legend-config-file"), f"{config.name}  sha256 {config.sha256}"])
    for rule in result.unchecked:
        where = f"{rule.measure}/{rule.line}" if rule.line else rule.measure
        legend.write([t("legend-unchecked"), f"{where}: {rule.rule}: {unchecked_note(rule, lang)}"])
    legend.finish(landscape=False)
    workbook.close()
