"""The very hidden sheet holding the JSON document of the ranking, read back by ``wecare diff``."""

from __future__ import annotations

from wecare_cli.documents import EMBEDDED_SHEET
from wecare_cli.own_workbooks import embedded_cells
from wecare_cli.reports.ranking_excel.report import Report


def embedded_document(report: Report) -> None:
    """The JSON document in a very hidden last sheet, compressed, one chunk per cell of column A
    (see :func:`~wecare_cli.own_workbooks.embedded_cells`)."""
    import json

    from wecare_cli.reports.ranking import ranking_document

    document = json.dumps(
        ranking_document(report.result, report.lang), ensure_ascii=False, separators=(",", ":")
    )
    sheet = report.workbook.add_worksheet(EMBEDDED_SHEET)
    for row, cell in enumerate(embedded_cells(document.encode("utf-8"))):
        sheet.write_string(row, 0, cell)
    sheet.very_hidden()
