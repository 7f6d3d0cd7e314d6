"""Rich view of a check: one row per application with its verdict and reasons, then totals."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.findings import finding_message
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.check import unchecked_note
from wecare_cli.reports.configuration import euro
from wecare_cli.verdicts import CheckResult


def _reason(finding: Finding, lang: Lang) -> Text:
    style = "red" if finding.severity is Severity.ERROR else "yellow"
    column = f" «{finding.column}»" if finding.column else ""
    line = Text(f"{finding.code}", style=style)
    line.append(f"{column}: {finding_message(finding, lang)}", style="default")
    return line


def check_view(result: CheckResult, lang: Lang) -> RenderableType:
    """The table of applications, the file findings, totals per measure and rules not applied."""
    table = Table(title=text("check-title", lang, count=len(result.verdicts)), show_lines=True)
    table.add_column(text("col-row", lang), justify="right", no_wrap=True)
    table.add_column(text("col-application", lang), no_wrap=True)
    table.add_column(text("col-measure-line", lang), no_wrap=True)
    table.add_column(text("col-applicant", lang), max_width=28)
    table.add_column(text("col-verdict", lang), no_wrap=True)
    table.add_column(text("col-reasons", lang), ratio=1)
    for verdict in result.verdicts:
        row = verdict.row
        verdict_text = (
            Text(text("eligible", lang), style="green")
            if verdict.eligible
            else Text(text("ineligible", lang), style="bold red")
        )
        reasons = (
            Text("\n").join(_reason(f, lang) for f in verdict.findings) if verdict.findings else Text("")
        )
        measure = verdict.measure or row.measure or "?"
        table.add_row(
            f"{row.position.file}:{row.position.row}",
            row.application_id or "?",
            f"{measure}/{verdict.line}" if verdict.line else measure,
            row.applicant_name or "",
            verdict_text,
            reasons,
        )
    parts: list[RenderableType] = [table]
    if result.file_findings:
        files = Table(title=text("file-findings", lang), title_justify="left")
        files.add_column(text("col-where", lang), no_wrap=True)
        files.add_column(text("col-reasons", lang))
        for finding in result.file_findings:
            where = ":".join(str(p) for p in (finding.file, finding.sheet, finding.row) if p is not None)
            files.add_row(where, _reason(finding, lang))
        parts.append(files)
    totals = Table(title=text("totals-by-measure", lang), title_justify="left")
    for key in ("col-measure", "col-applications", "eligible", "ineligible", "col-requested"):
        totals.add_column(text(key, lang), justify="left" if key == "col-measure" else "right")
    for entry in result.totals_by_measure:
        totals.add_row(
            entry.measure or "?",
            str(entry.applications),
            str(entry.eligible),
            str(entry.ineligible),
            euro(entry.requested, lang),
        )
    totals.add_section()
    totals.add_row(
        text("total", lang),
        str(len(result.verdicts)),
        str(sum(e.eligible for e in result.totals_by_measure)),
        str(sum(e.ineligible for e in result.totals_by_measure)),
        "",
    )
    parts.append(totals)
    if result.unchecked:
        lines = Text(text("unchecked-title", lang) + "\n", style="yellow")
        for rule in result.unchecked:
            where = f"{rule.measure}/{rule.line}" if rule.line else rule.measure
            lines.append(f"  - {where}: {rule.rule}: {unchecked_note(rule, lang)}\n", style="default")
        parts.append(lines)
    return Group(*parts)
