"""The graduatoria workbook of `wecare rank --output graduatoria.xlsx`.

Built only from the :class:`RankingResult` (nothing is ranked or allocated again here):

* **Riepilogo** – per measure and line: budget, requested, granted, residual, applications by
  status and the ineligible ones, then a bar chart of granted against budget;
* **one sheet per measure** – the graduatoria of each line, in order (with an events file:
  the state after the last event, and the act that set each status);
* **Scorrimenti** (with an events file) – each stage: the event, what it freed or added, who
  it funded, the residual after it;
* **Non ammesse** – one row per reason (error finding) of each ineligible application;
* **Anomalie dati** – findings about the files, and warnings on rows;
* **Legenda** – reference time, version, input and configuration files with their SHA-256, the
  rules not applied, the allocation policy and tie-breaks of each line, the status colours;
* **_wecare** (very hidden) – the JSON document of ``wecare rank --format json``, compressed, in
  chunks down column A (:func:`~wecare_cli.own_workbooks.embedded_cells`), so that ``wecare diff``
  can compare two workbooks.

Sheets are written one after the other, each top to bottom, in xlsxwriter's constant_memory
mode: a ranking of 100,000 applications is written quickly and in little memory. Text from the
input is always written as text, never as a formula.
"""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

from wecare_cli import __version__
from wecare_cli.documents import EMBEDDED_SHEET
from wecare_cli.i18n.lang import Lang
from wecare_cli.memory import collector_paused
from wecare_cli.ranking.model import RankingResult
from wecare_cli.reports.atomic import ReportDestination, ReportKind, write_atomically
from wecare_cli.reports.ranking_excel.embedded import embedded_document
from wecare_cli.reports.ranking_excel.findings_sheets import data_issues_sheet, ineligible_sheet
from wecare_cli.reports.ranking_excel.legend_sheet import legend_sheet
from wecare_cli.reports.ranking_excel.measure_sheets import measure_sheet
from wecare_cli.reports.ranking_excel.report import STATUS_FILLS, Report, by_measure
from wecare_cli.reports.ranking_excel.scorrimenti_sheet import scorrimenti_sheet
from wecare_cli.reports.ranking_excel.summary_sheet import summary_sheet
from wecare_cli.reports.workbook import new_workbook

__all__ = ["EMBEDDED_SHEET", "STATUS_FILLS", "write_ranking_workbook"]


def write_ranking_workbook(
    result: RankingResult, destination: ReportDestination, lang: Lang, public: bool = False
) -> Path:
    """Write the graduatoria workbook atomically (temporary file beside it, then rename).

    ``public``: the graduatoria to publish (``wecare rank --public``): the summary, each
    measure's position, application, applicant, tax code (a natural person's withheld), score,
    grant and status, and a short legend; no ineligible applications, findings, notes, files or
    embedded document, and no 16-character codice fiscale in any cell.

    Raises :class:`~wecare_cli.errors.OutputError` when the destination may not be written (see
    :class:`~wecare_cli.reports.atomic.OutputReservation`) or writing fails; the previous file
    is then left untouched.
    """
    return write_atomically(destination, lambda temporary: _write(result, temporary, lang, public))


def _write(result: RankingResult, path: Path, lang: Lang, public: bool) -> None:
    with collector_paused():
        _write_workbook(result, path, lang, public)


def _write_workbook(result: RankingResult, path: Path, lang: Lang, public: bool) -> None:
    workbook, formats = new_workbook(path, ReportKind.RANK_PUBLIC if public else ReportKind.RANK)
    report = Report(result, workbook, formats, lang, public)
    reference = result.check.reference_time
    workbook.set_properties(
        {
            "title": report.t("workbook-title-public" if public else "workbook-title"),
            "creator": f"wecare {__version__}",
            # The reference time, not the clock: the same ranking gives the same document.
            "created": reference.astimezone(UTC).replace(tzinfo=None),
        }
    )
    summary_sheet(report)
    for measure, envelopes in by_measure(result.envelopes):
        measure_sheet(report, measure, envelopes)
    if public:
        legend_sheet(report)
        workbook.close()
        return
    if result.scorrimento is not None:
        scorrimenti_sheet(report, result.scorrimento)
    ineligible_sheet(report)
    data_issues_sheet(report)
    legend_sheet(report)
    embedded_document(report)
    workbook.close()
