"""The check for people: one block per application, the way linters and compilers print findings.

::

    Applications checked: 32 (eligible 8, ineligible 24, with warnings 5)
    domande-esempio.xlsx, sheet «Domande»
       4  FSE1-001  FSE1  eligible    Consorzio Servizi Sociali Langhe (esempio)
       5  FSE1-002  FSE1  ineligible  Consorzio Monregalese (esempio)
          5:M  error  deadline-missed  Submitted on 21 Dec 2017 09:30, after the
               deadline in force (20 Dec 2017 23:59, Europe/Rome).

A verdict line (Excel row, application id, measure/line, verdict, applicant), then one line per
finding: ``row:column severity code message``, the message wrapping under itself. The severity
is a word, so it reads without colour; ids and codes are never cut. Then the findings about the
files, the totals per measure and the rules not applied.

The blocks are printed as they are laid out, a batch at a time. A large intake shows its first
:data:`SHOWN_APPLICATIONS` applications with findings and says how many more there are: every one
of them is in the JSON, the CSV and the workbook of ``--output``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.findings import finding_message
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.check import unchecked_note
from wecare_cli.reports.configuration import euro
from wecare_cli.reports.layout import GAP, Column, FittedTable, as_text, paragraph, prefixed, wrap
from wecare_cli.verdicts import CheckResult, Verdict

SHOWN_APPLICATIONS = 200
"""A check of more applications than this shows only this many of those with findings."""
BATCH = 50
"""Blocks laid out and printed together."""
SEVERITY_STYLE = {Severity.ERROR: "red", Severity.WARNING: "yellow"}


def severity_word(severity: Severity, lang: Lang) -> str:
    """``error`` / ``warning`` (``errore`` / ``avviso``): the severity reads without colour."""
    return text(f"severity-{severity}", lang)


@dataclass(frozen=True)
class Located:
    """A finding and where it is, as the officer reads it (``5:M``, ``Partner:13:A``)."""

    finding: Finding
    where: str


def finding_lines(
    located: Sequence[Located], lang: Lang, width: int, indent: int, place: int | None = None
) -> list[Text]:
    """``where severity code message`` per finding, aligned, the message wrapping under itself.

    ``place`` is the width of the positions (by default the widest of these findings'); a
    position wider than a third of the line gets a line of its own.
    """
    if not located:
        return []
    widest = place if place is not None else max(cell_len(item.where) for item in located)
    place = min(widest, max(width // 3, 4))
    words = [severity_word(severity, lang) for severity in Severity]
    severity_width = max(cell_len(word) for word in words)
    lines: list[Text] = []
    margin = " " * indent
    for item in located:
        finding = item.finding
        style = SEVERITY_STYLE.get(finding.severity, "")
        body = Text(severity_word(finding.severity, lang).ljust(severity_width), style=style)
        body.append(" " * GAP)
        body.append(finding.code, style=f"bold {style}")
        body.append(" " * GAP)
        body.append_text(as_text(finding_message(finding, lang)))
        where = as_text(item.where, "dim")
        if where.cell_len > place:
            lines.extend(Text(margin) + line for line in wrap(where, width - indent))
            where = Text("")
        head = Text(margin) + where + Text(" " * (place - where.cell_len + GAP))
        lines.extend(prefixed(head, body, width))
    return lines


def _letter(verdict: Verdict, finding: Finding) -> str | None:
    """The Excel column letter of a finding on the application's own row (None for CSV or elsewhere)."""
    row = verdict.row
    if finding.column is None or (finding.file, finding.sheet) != (row.position.file, row.position.sheet):
        return None
    for field_name, header in row.headers.items():
        if header == finding.column:
            return row.letters.get(field_name)
    return None


def application_where(verdict: Verdict, finding: Finding) -> str:
    """``row:column``, with the sheet (and the file) when the finding is not on the application's sheet."""
    position = verdict.row.position
    parts: list[str] = []
    if finding.file is not None and finding.file != position.file:
        parts.append(finding.file)
    if finding.sheet is not None and (finding.sheet != position.sheet or parts):
        parts.append(finding.sheet)
    if finding.row is not None:
        parts.append(str(finding.row))
    letter = _letter(verdict, finding)
    return ":".join(parts) + (f":{letter}" if letter and parts else "")


def file_where(finding: Finding) -> str:
    """``sheet:row:column`` of a finding about a file (the file heads its group)."""
    return ":".join(str(p) for p in (finding.sheet, finding.row) if p is not None)


@dataclass(frozen=True)
class Alignment:
    """The widths the verdict lines share, measured on the applications shown."""

    row: int
    application: int
    measure: int
    verdict: int
    where: int
    """The widest position of a finding."""


def _measure(verdict: Verdict) -> str:
    measure = verdict.measure or verdict.row.measure or "?"
    return f"{measure}/{verdict.line}" if verdict.line else measure


def _verdict_word(verdict: Verdict, lang: Lang) -> Text:
    if verdict.eligible:
        return Text(text("eligible", lang), style="green")
    return Text(text("ineligible", lang), style="bold red")


def _alignment(verdicts: Sequence[Verdict], lang: Lang) -> Alignment:
    return Alignment(
        row=max((len(str(v.row.position.row)) for v in verdicts), default=1),
        application=max((cell_len(as_text(v.row.application_id or "?").plain) for v in verdicts), default=1),
        measure=max((cell_len(as_text(_measure(v)).plain) for v in verdicts), default=1),
        verdict=max(cell_len(text(key, lang)) for key in ("eligible", "ineligible")),
        where=max(
            (cell_len(as_text(application_where(v, f)).plain) for v in verdicts for f in v.findings),
            default=1,
        ),
    )


def _heading(verdict: Verdict, lang: Lang) -> Text:
    position = verdict.row.position
    heading = as_text(position.file, "bold")
    if position.sheet is not None:
        heading.append(", ")
        heading.append_text(as_text(text("where-sheet", lang, sheet=position.sheet)))
    return heading


@dataclass(frozen=True)
class ApplicationBlocks:
    """A batch of application blocks, laid out for the width they are printed at."""

    verdicts: tuple[Verdict, ...]
    lang: Lang
    alignment: Alignment
    heading: bool
    """Whether the first verdict starts a new file (or sheet): its heading is printed first."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 20)
        previous: tuple[str, str | None] | None = None
        for index, verdict in enumerate(self.verdicts):
            where = (verdict.row.position.file, verdict.row.position.sheet)
            if where != previous and (index or self.heading):
                yield from wrap(_heading(verdict, self.lang), width)
            previous = where
            yield from self.block(verdict, width)

    def block(self, verdict: Verdict, width: int) -> list[Text]:
        """The verdict line and the finding lines of one application."""
        align = self.alignment
        cap = max(width // 3, 8)
        line = Text(" " * GAP + str(verdict.row.position.row).rjust(align.row) + " " * GAP)
        for value, size in (
            (as_text(verdict.row.application_id or "?", "bold"), align.application),
            (as_text(_measure(verdict)), align.measure),
            (_verdict_word(verdict, self.lang), align.verdict),
        ):
            line.append_text(value)
            line.append(" " * (max(min(size, cap) - value.cell_len, 0) + GAP))
        indent = GAP * 2 + align.row
        applicant = as_text(verdict.row.applicant_name or "")
        lines: list[Text]
        if not applicant.plain:
            lines = wrap(line, width)
        elif width - line.cell_len >= 16:
            lines = prefixed(line, applicant, width)
        else:
            lines = wrap(line, width) + prefixed(" " * indent, applicant, width)
        located = [Located(f, application_where(verdict, f)) for f in verdict.findings]
        return lines + finding_lines(located, self.lang, width, indent, align.where)


def _shown(result: CheckResult) -> tuple[Verdict, ...]:
    verdicts = result.verdicts
    if len(verdicts) <= SHOWN_APPLICATIONS:
        return verdicts
    with_findings = (v for v in verdicts if v.findings)
    return tuple(v for _, v in zip(range(SHOWN_APPLICATIONS), with_findings, strict=False))


def _headline(result: CheckResult, lang: Lang) -> RenderableType:
    verdicts = result.verdicts
    eligible = sum(1 for v in verdicts if v.eligible)
    return paragraph(
        text(
            "check-headline",
            lang,
            count=len(verdicts),
            eligible=eligible,
            ineligible=len(verdicts) - eligible,
            warnings=sum(1 for v in verdicts if v.has_warnings),
        ),
        "bold",
    )


@dataclass(frozen=True)
class FileFindings:
    """The findings about the files as a whole, grouped by file."""

    findings: tuple[Finding, ...]
    lang: Lang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 20)
        yield from wrap(Text(text("file-findings", self.lang), style="bold"), width)
        groups: dict[str | None, list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault(finding.file, []).append(finding)
        for file_name, findings in groups.items():
            if file_name is not None:
                yield from wrap(Text(GAP * " ") + as_text(file_name, "bold"), width)
            located = [Located(f, file_where(f)) for f in findings]
            yield from finding_lines(located, self.lang, width, GAP * (2 if file_name is not None else 1))


def _totals(result: CheckResult, lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-measure", lang)),
            Column(text("col-applications", lang), "right"),
            Column(text("col-eligible-count", lang), "right"),
            Column(text("col-ineligible-count", lang), "right"),
            Column(text("col-requested", lang), "right"),
        ],
        title=text("totals-by-measure", lang),
    )
    for entry in result.totals_by_measure:
        table.add_row(
            entry.measure or "?",
            str(entry.applications),
            str(entry.eligible),
            str(entry.ineligible),
            euro(entry.requested, lang),
        )
    table.add_rule()
    table.add_row(
        text("total", lang),
        str(len(result.verdicts)),
        str(sum(e.eligible for e in result.totals_by_measure)),
        str(sum(e.ineligible for e in result.totals_by_measure)),
        euro(sum((e.requested for e in result.totals_by_measure), Decimal(0)), lang),
    )
    return table


def check_view(result: CheckResult, lang: Lang) -> Iterator[RenderableType]:
    """The parts of the check's view, in order: printed one after the other as they come."""
    yield _headline(result, lang)
    shown = _shown(result)
    alignment = _alignment(shown, lang)
    for start in range(0, len(shown), BATCH):
        batch = shown[start : start + BATCH]
        new_file = start == 0 or (
            (shown[start - 1].row.position.file, shown[start - 1].row.position.sheet)
            != (batch[0].row.position.file, batch[0].row.position.sheet)
        )
        yield ApplicationBlocks(batch, lang, alignment, heading=new_file)
    if len(shown) < len(result.verdicts):
        with_findings = sum(1 for v in result.verdicts if v.findings)
        yield paragraph(
            text(
                "check-not-shown",
                lang,
                shown=len(shown),
                with_findings=with_findings,
                clean=len(result.verdicts) - with_findings,
            ),
            "yellow",
        )
    if result.file_findings:
        yield FileFindings(result.file_findings, lang)
    yield _totals(result, lang)
    if result.unchecked:
        yield paragraph(text("unchecked-title", lang), "yellow")
        for rule in result.unchecked:
            where = f"{rule.measure}/{rule.line}" if rule.line else rule.measure
            yield paragraph(f"{where}: {rule.rule}: {unchecked_note(rule, lang)}", prefix="  - ")
