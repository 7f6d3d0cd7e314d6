"""Nothing is lost: every non-blank data row of a file is exactly one application, at a unique position."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from tests.ingest import sample_files
from tests.ingest.positions import ROME
from wecare_cli.ingest import Intake, read_intake


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.replace("\u200b", "").strip())


def _data_rows_counted_independently(path: Path, intake: Intake) -> int:
    """Non-blank rows below the header, counted with openpyxl or the csv module, not with the ingest code."""
    source = intake.files[0]
    if source.kind == "csv":
        text = path.read_bytes().decode(source.encoding or "utf-8")
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=source.delimiter or ";"))
        # physical lines are not records when a value holds a line break: count records after the header
        header_index = next(i for i, record in enumerate(records) if "Codice domanda" in "".join(record))
        return sum(1 for record in records[header_index + 1 :] if not all(_blank(cell) for cell in record))
    if source.kind == "ods":
        with zipfile.ZipFile(path) as archive:
            content = ElementTree.fromstring(archive.read("content.xml"))
        table_rows = [row for row in content.iter() if row.tag.endswith("}table-row")]
        return sum(1 for row in table_rows[source.header_row :] if "".join(row.itertext()).strip())
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheet = book[source.sheet or ""]
    return sum(
        1
        for row in sheet.iter_rows(min_row=source.header_row + 1, values_only=True)
        if not all(_blank(cell) for cell in row)
    )


@pytest.mark.parametrize("name", sorted(sample_files.READABLE))
def test_every_non_blank_data_row_is_exactly_one_application_at_a_unique_position(
    name: str, tmp_path: Path
) -> None:
    path = sample_files.READABLE[name](tmp_path)
    intake = read_intake([path], zone=ROME)
    assert len(intake.applications) == _data_rows_counted_independently(path, intake)
    assert intake.files[0].rows == len(intake.applications)
    positions = [row.position for row in intake.applications]
    assert len(set(positions)) == len(positions)
    assert positions == sorted(positions, key=lambda p: p.row)
    assert all(p.row > intake.files[0].header_row for p in positions)


def test_styled_but_empty_rows_down_the_sheet_add_no_application(tmp_path: Path) -> None:
    path = sample_files.write_workbook(
        tmp_path / "formattato.xlsx", [sample_files.applications_sheet([sample_files.application(1)])]
    )
    book = openpyxl.load_workbook(path)
    sheet = book["Domande"]
    for number in range(3, 5000):
        sheet.cell(row=number, column=1).number_format = "@"
        sheet.cell(row=number, column=2).value = ""
    sheet.cell(row=5001, column=4).value = "   "
    book.save(path)
    intake = read_intake([path], zone=ROME)
    assert [row.position.row for row in intake.applications] == [2]
    assert intake.file_findings == []


def test_an_application_far_below_a_long_blank_gap_is_still_read(tmp_path: Path) -> None:
    rows: list[list[object]] = [sample_files.application(1), *([[]] * 3000), sample_files.application(2)]
    path = sample_files.write_workbook(tmp_path / "lontano.xlsx", [sample_files.applications_sheet(rows)])
    intake = read_intake([path], zone=ROME)
    assert [row.position.row for row in intake.applications] == [2, 3003]
    assert intake.file_findings[0].params == {"first": 3, "last": 3002, "next": 3003}


def test_more_rows_than_a_batch_keep_their_order_and_findings(tmp_path: Path) -> None:
    count = 5000
    rows = [
        sample_files.application(n, requested_amount="x" if n % 1000 == 0 else 1000.0)
        for n in range(1, count + 1)
    ]
    path = sample_files.write_workbook(tmp_path / "tante.xlsx", [sample_files.applications_sheet(rows)])
    intake = read_intake([path], zone=ROME)
    assert len(intake.applications) == count
    assert [row.application_id for row in intake.applications[:3]] == ["FSE3-0001", "FSE3-0002", "FSE3-0003"]
    flagged = [(row.position.row, f.code) for row in intake.applications for f in row.findings]
    assert flagged == [(n + 1, "invalid-amount") for n in range(1000, count + 1, 1000)]
