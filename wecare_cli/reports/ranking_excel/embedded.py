"""The very hidden sheet holding the JSON document of the ranking, read back by ``wecare diff``."""

from __future__ import annotations

from wecare_cli.documents import EMBEDDED_SHEET
from wecare_cli.reports.ranking_excel.report import EMBEDDED_CHUNK, Report


def embedded_document(report: Report) -> None:
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
