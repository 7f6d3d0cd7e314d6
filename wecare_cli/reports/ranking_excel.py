"""The graduatoria workbook of `wecare rank --output graduatoria.xlsx`.

Built only from the :class:`RankingResult` (nothing is ranked or allocated again here):

* **Riepilogo** – per measure and line: budget, requested, granted, residual, applications by
  status and the ineligible ones, then a bar chart of granted against budget;
* **one sheet per measure** – the graduatoria of each line, in order;
* **Non ammesse** – one row per reason (error finding) of each ineligible application;
* **Anomalie dati** – findings about the files, and warnings on rows;
* **Legenda** – reference time, version, input and configuration files with their SHA-256, the
  rules not applied, the allocation policy and tie-breaks of each line, the status colours;
* **_wecare** (very hidden) – the JSON document of ``wecare rank --format json``, in chunks down
  column A, so that ``wecare diff`` can compare two workbooks.

Sheets are written one after the other, each top to bottom, in xlsxwriter's constant_memory
mode: a ranking of 100,000 applications is written quickly and in little memory. Text from the
input is always written as text, never as a formula.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from wecare_cli import __version__
from wecare_cli.evaluation import Verdict
from wecare_cli.finding_messages import finding_message
from wecare_cli.findings import Finding, Severity
from wecare_cli.messages import CATALOGS, Lang, text
from wecare_cli.ranking.model import AllocationNote, Envelope, RankingResult, RankStatus
from wecare_cli.reports.atomic import ReportDestination, ReportKind, write_atomically
from wecare_cli.reports.ranking import allocation_note
from wecare_cli.reports.workbook import (
    Column,
    Formats,
    Kind,
    SheetWriter,
    new_workbook,
    sheet_title,
    wrapped_lines,
)

STATUS_FILLS: dict[RankStatus, str] = {
    RankStatus.FUNDED: "#C6EFCE",
    RankStatus.PARTIALLY_FUNDED: "#DDEBF7",
    RankStatus.ELIGIBLE_NOT_FUNDED: "#FFEB9C",
    RankStatus.BELOW_THRESHOLD: "#F4CCE4",
    RankStatus.NOT_ALLOCATED: "#E7E6E6",
    RankStatus.INELIGIBLE: "#F8CBAD",
}
"""Background colour of a row by status (the Stato column says the same in words)."""

WARNING_FILL = "#FFF2CC"
TOTAL_FILL = "#D9D9D9"
BUDGET_COLOUR = "#A6A6A6"
GRANTED_COLOUR = "#548235"

RANKED_STATUSES: tuple[RankStatus, ...] = (
    RankStatus.FUNDED,
    RankStatus.PARTIALLY_FUNDED,
    RankStatus.ELIGIBLE_NOT_FUNDED,
    RankStatus.BELOW_THRESHOLD,
    RankStatus.NOT_ALLOCATED,
)
"""The statuses an application in an envelope can have, in the order of the summary columns."""

EURO_AXIS = "[$€-410] #,##0"
EMBEDDED_SHEET = "_wecare"
"""The very hidden sheet holding the JSON document (read back by ``wecare diff``)."""
EMBEDDED_CHUNK = 32_000
"""Characters per cell of the embedded JSON (ASCII only, under Excel's 32,767 per cell)."""


def write_ranking_workbook(result: RankingResult, destination: ReportDestination, lang: Lang) -> Path:
    """Write the graduatoria workbook atomically (temporary file beside it, then rename).

    Raises :class:`~wecare_cli.errors.OutputError` when the destination may not be written (see
    :class:`~wecare_cli.reports.atomic.OutputReservation`) or writing fails; the previous file
    is then left untouched.
    """
    return write_atomically(destination, lambda temporary: _write(result, temporary, lang))


@dataclass
class _Tally:
    """One row of the summary: an envelope, or ineligible applications outside any envelope."""

    measure: str
    line: str
    envelope: Envelope | None
    statuses: Counter[RankStatus] = field(default_factory=Counter)
    ineligible: int = 0


class _Report:
    """The state shared by the sheets of one workbook."""

    def __init__(self, result: RankingResult, workbook: Any, formats: Formats, lang: Lang) -> None:
        self.result = result
        self.workbook = workbook
        self.lang = lang
        self.formats = formats
        self.taken: set[str] = {EMBEDDED_SHEET.casefold()}
        self.status_label = {status: self.t(f"status-{status}") for status in RankStatus}
        self.status_fill = {status: self.formats.fill(colour) for status, colour in STATUS_FILLS.items()}
        self.total_fill = self.formats.fill(TOTAL_FILL, bold=True)
        self.unknown = self.t("budget-unknown")
        configuration = result.check.configuration
        self.districts = {d.code: f"{d.code} {d.name}" for d in configuration.districts}
        self._tie_breaks: dict[str, str] = {}
        self.footer = "&L&A&C" + _footer_text(f"wecare {__version__}") + "&R" + self.t("page-footer")

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def known(self, key: str, fallback: str) -> str:
        """The text of ``key`` when the catalogue has it, else ``fallback`` as it is."""
        return self.t(key) if key in CATALOGS[self.lang] else fallback

    def sheet(self, name: str, columns: Sequence[Column]) -> SheetWriter:
        writer = SheetWriter(self.workbook, sheet_title(name, self.taken), columns, self.formats)
        writer.sheet.set_footer(self.footer)
        return writer

    def envelope_name(self, envelope: Envelope) -> str:
        return f"{envelope.measure} {envelope.line}" if envelope.line else envelope.measure

    def note(self, note: AllocationNote | None) -> str | None:
        """Why an application has its status, in the officer's language."""
        return allocation_note(note, self.lang)

    def tie_break(self, code: str | None) -> str | None:
        if code is None:
            return None
        if code not in self._tie_breaks:
            self._tie_breaks[code] = self.known(f"tie-break-{code}", code)
        return self._tie_breaks[code]


def _footer_text(value: str) -> str:
    """Text for a header/footer: a literal ampersand is written as two."""
    return value.replace("&", "&&")


def _write(result: RankingResult, path: Path, lang: Lang) -> None:
    with _collector_paused():
        _write_workbook(result, path, lang)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the workbook is written.

    A big ranking and the embedded JSON document are millions of objects that a full collection
    would walk again and again (about a second on 100,000 applications) to free nothing: what is
    built here is freed by reference counting, and any cycle is collected once it runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _write_workbook(result: RankingResult, path: Path, lang: Lang) -> None:
    workbook, formats = new_workbook(path, ReportKind.RANK)
    report = _Report(result, workbook, formats, lang)
    reference = result.check.reference_time
    workbook.set_properties(
        {
            "title": report.t("workbook-title"),
            "creator": f"wecare {__version__}",
            # The reference time, not the clock: the same ranking gives the same document.
            "created": reference.astimezone(UTC).replace(tzinfo=None),
        }
    )
    _summary_sheet(report)
    for measure, envelopes in _by_measure(result.envelopes):
        _measure_sheet(report, measure, envelopes)
    _ineligible_sheet(report)
    _data_issues_sheet(report)
    _legend_sheet(report)
    _embedded_document(report)
    workbook.close()


def _by_measure(envelopes: Iterable[Envelope]) -> list[tuple[str, list[Envelope]]]:
    """Envelopes grouped by measure, in the configuration's order."""
    groups: dict[str, list[Envelope]] = {}
    for envelope in envelopes:
        groups.setdefault(envelope.measure, []).append(envelope)
    return list(groups.items())


# ---------------------------------------------------------------------------------------- summary


def _tallies(report: _Report) -> list[_Tally]:
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


def _summary_sheet(report: _Report) -> None:
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
                for status in (*RANKED_STATUSES, RankStatus.INELIGIBLE)
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
        counts = [tally.statuses[s] for s in RANKED_STATUSES]
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
                _envelope_note(envelope),
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
            *(totals[s] for s in RANKED_STATUSES),
            ineligible,
            None if budget_known else t("budget-unknown-for", envelopes=", ".join(unknown_budgets)),
        ],
        report.total_fill,
    )
    envelopes = len(report.result.envelopes)
    if envelopes:
        _budget_chart(report, writer, envelopes)
    writer.finish(filter_rows=data_rows)


def _envelope_note(envelope: Envelope) -> str | None:
    """Why nothing could be allocated: the unknown procedure and/or budget, as the sources say."""
    notes = [
        note
        for note in (
            envelope.procedure_note if envelope.procedure is None else None,
            envelope.budget_note if envelope.budget is None else None,
        )
        if note
    ]
    return "; ".join(notes) or None


def _share(granted: Decimal, budget: Decimal | None) -> float | None:
    """The share of the budget granted, for a percentage cell; None when it has no meaning."""
    if budget is None or budget <= 0:
        return None
    return float(granted / budget)


def _budget_chart(report: _Report, writer: SheetWriter, envelopes: int) -> None:
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


# ---------------------------------------------------------------------------------------- measures


def _criteria(envelopes: Sequence[Envelope]) -> list[str]:
    """Criterion codes present in the breakdowns of a measure, in first-seen order."""
    codes: dict[str, None] = {}
    for envelope in envelopes:
        for application in envelope.applications:
            for code, _points in application.breakdown:
                codes.setdefault(code, None)
    return list(codes)


def _measure_sheet(report: _Report, measure: str, envelopes: Sequence[Envelope]) -> None:
    t = report.t
    with_lines = any(e.line is not None for e in envelopes)
    criteria = _criteria(envelopes)
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
        Column(t("col-status"), width=26, wrap=True, indent=1),
        Column(t("col-tie-break"), width=18, wrap=True),
        Column(t("col-note"), width=34, wrap=True),
    ]
    writer = report.sheet(measure, columns)
    labels = report.status_label
    status_column = len(columns) - 3
    writer.colour_rows(status_column, {labels[s]: STATUS_FILLS[s] for s in RANKED_STATUSES})
    statuses = Counter(a.status for e in envelopes for a in e.applications)
    if statuses:  # rows of the commonest status are as tall as its label: that is the sheet's default
        commonest = labels[statuses.most_common(1)[0][0]]
        status = columns[status_column]
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
                None,
                _envelope_note(envelope),
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
                report.tie_break(application.tie_break),
                report.note(application.note),
            ]
            writer.write(values)
    writer.finish()


# ---------------------------------------------------------------------------------------- findings


def _finding_columns(report: _Report, first: Sequence[Column]) -> list[Column]:
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


def _finding_cells(report: _Report, finding: Finding) -> list[object]:
    return [
        finding.code,
        finding_message(finding, report.lang),
        finding.file,
        finding.sheet,
        finding.row,
        finding.column,
        finding.value,
    ]


def _ineligible_sheet(report: _Report) -> None:
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


def _in_scope(report: _Report) -> Callable[[Verdict], bool]:
    wanted = report.result.measure_filter
    return (lambda _verdict: True) if wanted is None else (lambda verdict: verdict.measure == wanted)


def _data_issues_sheet(report: _Report) -> None:
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


# ---------------------------------------------------------------------------------------- legend


def _legend_sheet(report: _Report) -> None:
    t = report.t
    result = report.result
    check = result.check
    writer = report.sheet(
        t("sheet-legend"),
        [
            Column(t("col-item"), width=40, wrap=True),
            Column(t("col-value"), width=62, wrap=True, align="left"),
            Column(t("col-detail"), width=76, wrap=True),
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
        writer.write([t("legend-input-file"), input_file.path, f"SHA-256 {input_file.sha256}\n{detail}"])
    for config_path, digest in check.configuration.file_hashes().items():
        writer.write([t("legend-config-file"), config_path, f"SHA-256 {digest}"])
    writer.write([t("legend-rules-applied"), t("legend-rules-applied-text"), None])
    for rule in check.unchecked:
        where = f"{rule.measure} {rule.line}" if rule.line else rule.measure
        writer.write([t("legend-unchecked"), f"{where}: {rule.rule}", rule.note])
    measures = check.configuration.measures
    for code, _envelopes in _by_measure(result.envelopes):
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
            writer.write([t("legend-criteria", measure=code), measure.ranking.criteria_note, None])
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
    for status in RankStatus:
        writer.write(
            [t("legend-status"), report.status_label[status], str(status)], report.status_fill[status]
        )
    writer.finish()


# ---------------------------------------------------------------------------------------- embedded


def _embedded_document(report: _Report) -> None:
    """The JSON document in a very hidden last sheet, one chunk per cell of column A.

    ASCII-only JSON (everything else escaped), so a chunk never breaks a character and every
    character is valid in the sheet's XML.
    """
    import json

    from wecare_cli.reports.ranking import ranking_document

    document = json.dumps(
        ranking_document(report.result, report.lang), ensure_ascii=True, separators=(",", ":")
    )
    sheet = report.workbook.add_worksheet(EMBEDDED_SHEET)
    for row, start in enumerate(range(0, len(document), EMBEDDED_CHUNK)):
        sheet.write_string(row, 0, document[start : start + EMBEDDED_CHUNK])
    sheet.very_hidden()
