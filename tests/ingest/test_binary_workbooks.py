"""Excel binary workbooks (.xlsb, .xls): what their records tell beyond the values, and their bounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.corpus.binary_workbooks import BinarySheet, convert, sheet_part, soffice, write_xlsb
from tests.ingest.conftest import Reader
from tests.ingest.sample_files import HEADERS_IT, application
from wecare_cli.errors import InputFileError
from wecare_cli.ingest import ReadLimits, read_intake
from wecare_cli.ingest.xlsb_scan import records as record_list
from wecare_cli.ingest.xlsb_scan import scan_sheet

ROME = ZoneInfo("Europe/Rome")
COLUMN = {name: index for index, name in enumerate(HEADERS_IT)}


def domande(*rows: Sequence[Any], **options: Any) -> BinarySheet:
    return BinarySheet("Domande", [list(HEADERS_IT), *rows], **options)


def codes(intake: object) -> list[tuple[str, int | None]]:
    found = [(f.code, f.row) for f in intake.file_findings]  # type: ignore[attr-defined]
    for row in intake.applications:  # type: ignore[attr-defined]
        found.extend((f.code, f.row) for f in row.findings)
    return found


def test_an_xlsb_reads_values_dates_and_amounts_like_an_xlsx(tmp_path: Path, read: Reader) -> None:
    path = write_xlsb(tmp_path / "domande.xlsb", [domande(application(1), application(2))])
    intake = read(path)
    assert [row.application_id for row in intake.applications] == ["FSE3-0001", "FSE3-0002"]
    first = intake.applications[0]
    assert first.requested_amount == Decimal("80000.50")
    assert first.submitted_at is not None and first.submitted_at.instant == datetime(
        2019, 11, 20, 10, 30, tzinfo=ROME
    )
    assert intake.files[0].kind == "xlsb"
    assert codes(intake) == []


def test_an_xlsb_reports_its_hidden_rows_merged_cells_and_formula_errors_at_their_cells(
    tmp_path: Path, read: Reader
) -> None:
    sheet = domande(
        application(1),
        application(2),
        application(3),
        hidden_rows={3},
        merged=[(4, COLUMN["Richiedente"], 4, COLUMN["Codice fiscale"])],
        errors={(2, COLUMN["Contributo richiesto"]): "#DIV/0!"},
    )
    intake = read(write_xlsb(tmp_path / "segni.xlsb", [sheet]))
    found = codes(intake)
    assert ("hidden-row", 3) in found
    assert ("merged-cells", 4) in found
    assert ("formula-error", 2) in found
    error = next(f for f in intake.applications[0].findings if f.code == "formula-error")
    assert error.value == "#DIV/0!"
    assert error.column == "Contributo richiesto"


def test_an_xlsb_in_the_1904_date_system_reads_its_serial_numbers_with_it(
    tmp_path: Path, read: Reader
) -> None:
    serial_1904 = (datetime(2019, 11, 20, 10, 30) - datetime(1904, 1, 1)).total_seconds() / 86400
    row = application(1, submitted_at=serial_1904)
    intake = read(write_xlsb(tmp_path / "mac.xlsb", [domande(row)], date1904=True))
    moment = intake.applications[0].submitted_at
    assert moment is not None and moment.instant == datetime(2019, 11, 20, 10, 30, tzinfo=ROME)


def test_a_stray_cell_far_away_in_an_xlsb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    far = [None] * 16_000 + ["x"]
    path = write_xlsb(tmp_path / "lontano.xlsb", [domande(application(1), far)])
    with pytest.raises(InputFileError) as raised:
        read_intake([path], zone=ROME, limits=ReadLimits(max_cells=10_000))
    assert raised.value.code == "sheet-too-large"


def test_an_xlsb_sheet_cut_in_the_middle_of_a_record_is_called_damaged(tmp_path: Path, read: Reader) -> None:
    part = sheet_part(domande(application(1)))
    assert sum(1 for _ in record_list(part)) > 3
    with pytest.raises(ValueError):
        scan_sheet(part[:-3] + b"\x05\x7f")


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_an_xls_saved_by_libreoffice_reports_hidden_rows_and_formula_errors_and_reads_its_1904_serials(
    tmp_path: Path, read: Reader
) -> None:
    from openpyxl import Workbook
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book = Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.title = "Domande"
    serial_1904 = (datetime(2019, 11, 20, 10, 30) - datetime(1904, 1, 1)).total_seconds() / 86400
    for row in (list(HEADERS_IT), application(1, submitted_at=serial_1904), application(2), application(3)):
        sheet.append(row)
    sheet.cell(row=3, column=COLUMN["Contributo richiesto"] + 1, value="=1/0")
    sheet.row_dimensions[4].hidden = True
    source = tmp_path / "mac.xlsx"
    book.save(source)
    intake = read(convert(source, tmp_path / "mac.xls", "xls"))
    found = codes(intake)
    assert ("hidden-row", 4) in found
    assert ("formula-error", 3) in found
    assert "xls-unchecked" not in {code for code, _ in found}
    moment = intake.applications[0].submitted_at
    assert moment is not None and moment.instant == datetime(2019, 11, 20, 10, 30, tzinfo=ROME)
