"""The very hidden sheet holding the JSON document of the ranking, read back by ``wecare diff``."""

from __future__ import annotations

from itertools import count

from wecare_cli.documents import EMBEDDED_SHEET
from wecare_cli.own_workbooks import EmbeddedCells
from wecare_cli.reports.ranking_excel.report import Report


def embedded_document(report: Report) -> None:
    """The JSON document in a very hidden last sheet, compressed, one chunk per cell of column A
    (see :func:`~wecare_cli.own_workbooks.embedded_cells`).

    The document is the text of ``wecare rank --format json``, written a slice at a time into
    the compressor as that command writes it, and each cell is written as soon as it is full:
    made whole and then compressed, the document of 100,000 applications took about 220 MiB.
    """
    from wecare_cli.reports.machine import write_json
    from wecare_cli.reports.ranking import ranking_document

    sheet = report.workbook.add_worksheet(EMBEDDED_SHEET)
    cells = EmbeddedCells()
    rows = count()

    def write(text: str) -> None:
        for cell in cells.feed(text.encode("utf-8")):
            sheet.write_string(next(rows), 0, cell)

    write_json(ranking_document(report.result, report.lang, lazy=True), write)
    for cell in cells.close():
        sheet.write_string(next(rows), 0, cell)
    sheet.very_hidden()
