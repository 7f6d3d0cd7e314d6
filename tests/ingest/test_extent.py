"""How far a worksheet reaches, learnt from its XML before calamine builds a grid for it.

The scan must never see less than python-calamine: the examples below are the ways an XML can
place a cell, and the properties check that the fast path (whole rows matched at once) and the
replay of calamine's reader agree on any sheet.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ingest import hostile_files, sample_files
from wecare_cli.findings import Phrase
from wecare_cli.ingest.extent import CellReaderEmulation, SheetExtent, _wider_than
from wecare_cli.ingest.headers import column_letter
from wecare_cli.ingest.sheet_scan import SheetScanner

PROLOG = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def sheet(rows: bytes, prefix: bytes = b"") -> bytes:
    p = prefix
    namespace = b"xmlns" + (b":" + prefix[:-1] if prefix else b"") + b'="urn:main"'
    return (
        PROLOG
        + b"<"
        + p
        + b"worksheet "
        + namespace
        + b"><"
        + p
        + b'dimension ref="A1"/><'
        + p
        + b"sheetData>"
        + rows
        + b"</"
        + p
        + b"sheetData></"
        + p
        + b"worksheet>"
    )


def scan(xml: bytes, chunk: int = 7) -> SheetExtent:
    """The extent as the reader learns it, the XML arriving in small chunks."""
    scanner = SheetScanner()
    for start in range(0, len(xml), chunk):
        scanner.feed(xml[start : start + chunk])
    return scanner.close().extent


def replayed(xml: bytes) -> SheetExtent:
    """The extent by calamine's reader replayed alone on the whole XML."""
    extent = SheetExtent()
    CellReaderEmulation(extent).feed(xml)
    return extent


def where(extent: SheetExtent) -> tuple[int, int, str | None]:
    """Rows, columns and the reference outside the grid (past which nothing counts: not read)."""
    if extent.invalid is not None:
        return 0, 0, extent.invalid
    return extent.rows, extent.columns, None


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(
            b'<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row>', (1, 3, None), id="plain"
        ),
        pytest.param(
            b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="XFD1048576"><v>5</v></c></row>',
            (1_048_576, 16_384, None),
            id="a cell of row 2 placed at the last cell",
        ),
        pytest.param(
            b'<row r="2"><c r="A2" r="XFD1048576"><v>5</v></c></row>',
            (1_048_576, 16_384, None),
            id="a second r attribute wins, as in calamine",
        ),
        pytest.param(
            b'<row r="2"><c r="A2" s="1" r="C5" t="n" r="XFD9"><v>5</v></c></row>',
            (5, 3, None),
            id="calamine stops at the third of r s t",
        ),
        pytest.param(
            b'<row r="3"><c><v>1</v></c><c><v>1</v></c></row><row><c><v>1</v></c></row>',
            (4, 2, None),
            id="cells and rows without a reference follow the previous ones",
        ),
        pytest.param(
            b'<row r="1"><c r="a1"><v>1</v></c><c r="xfd7"><v>1</v></c></row>',
            (7, 16_384, None),
            id="lowercase",
        ),
        pytest.param(
            b'<row r="1"><c r="A1"><v>1</v></c></row><row r="9"><c r="Z9" s="4"/><c r="Y9" s="1"></c></row>',
            (1, 1, None),
            id="formatted cells without a value count for nothing",
        ),
        pytest.param(
            b'<row r="1"><c r="B1" t="inlineStr"><is><t>x</t></is></c><c r="C1"><f>A1</f></c></row>',
            (1, 3, None),
            id="inline text and formulas count, even a formula without a value",
        ),
        pytest.param(
            b'<row r="2"><c r="A4294967298"><v>1</v></c></row>', (0, 0, "A4294967298"), id="past 2**32"
        ),
        pytest.param(b'<row r="1048577"><c r="A1048577"><v>1</v></c></row>', (0, 0, "A1048577"), id="row"),
        pytest.param(b'<row r="1"><c r="XFE1"><v>1</v></c></row>', (0, 0, "XFE1"), id="column past XFD"),
        pytest.param(
            b'<row r="4294967297"><c><v>1</v></c></row>', (0, 0, "4294967297"), id="row element past"
        ),
        pytest.param(
            b'<row r="1"><c r="A1"><v>1</c></row><row r="9"><c r="Z9"><v>2</v></c></row>',
            (0, 0, None),
            id="an unclosed value: calamine reads to the end and fails, the scan counts nothing",
        ),
    ],
)
def test_the_extent_is_where_calamine_puts_the_farthest_value(
    rows: bytes, expected: tuple[int, int, str | None]
) -> None:
    xml = sheet(rows)
    assert where(scan(xml)) == expected
    assert where(scan(xml, chunk=1 << 20)) == expected


def test_prefixed_elements_are_read_like_plain_ones() -> None:
    rows = b'<x:row r="4"><x:c r="B4"><x:v>1</x:v></x:c></x:row>'
    rows += b'<x:row r="5"><x:c r="AA2"><x:v>1</x:v></x:c></x:row>'
    assert where(scan(sheet(rows, b"x:"))) == (4, 27, None)


def test_a_cell_without_a_reference_after_a_comment_makes_the_sheet_unreadable() -> None:
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="1"> --><row><c><v>1</v></c></row>'
    assert scan(sheet(rows)).unreadable == Phrase("problem-cell-after-comment")


def test_rows_inside_comments_and_cdata_are_skipped_as_calamine_skips_them() -> None:
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><!-- <row r="9"><c r="C9"><v>1</v></c></row> -->'
    rows += b'<![CDATA[<row r="8"><c r="D8"><v>1</v></c></row>]]><row r="2"><c r="B2"><v>1</v></c></row>'
    assert where(scan(sheet(rows))) == (2, 2, None)


def test_a_tag_longer_than_64_mib_is_not_read() -> None:
    extent = SheetExtent()
    emulation = CellReaderEmulation(extent)
    emulation.feed(sheet(b"")[:-30] + b'<row r="1" x="')
    for _ in range(70):
        emulation.feed(b"y" * (1 << 20))
    assert extent.unreadable == Phrase("problem-xml-tag-too-long")


@pytest.mark.parametrize("columns", [*range(0, 60), 701, 702, 703, 16_383, 16_384])
def test_the_pattern_of_wider_columns_matches_exactly_the_columns_after(columns: int) -> None:
    pattern = re.compile(_wider_than(columns) + rb"\Z")
    for index in (*range(0, 80), 700, 701, 702, 703, 704, 16_382, 16_383, 16_384, 18_277):
        letters = column_letter(index).encode()
        assert (pattern.match(letters) is not None) == (index >= columns), (columns, letters)


# --- the fast path and calamine's reader replayed agree --------------------------------------

cell_forms = st.sampled_from(["value", "inline", "formula", "empty", "formatted", "no-reference"])


@st.composite
def sheets(draw: st.DrawFn) -> bytes:
    """Rows as spreadsheet programs write them, now and then with cells out of place or order."""
    parts = []
    for row in sorted(draw(st.sets(st.integers(1, 40), max_size=12))):
        cells = []
        for column in draw(st.lists(st.integers(0, 60), max_size=8)):
            form = draw(cell_forms)
            at = row if draw(st.integers(0, 9)) else draw(st.integers(1, 90))
            ref = f"{column_letter(column)}{at}".encode()
            if form == "value":
                cells.append(b'<c r="' + ref + b'" s="1"><v>3</v></c>')
            elif form == "inline":
                cells.append(b'<c r="' + ref + b'" t="inlineStr"><is><t>x</t></is></c>')
            elif form == "formula":
                cells.append(b'<c r="' + ref + b'"><f>A1</f><v>2</v></c>')
            elif form == "empty":
                cells.append(b'<c r="' + ref + b'"><f t="shared" si="0"/></c>')
            elif form == "formatted":
                cells.append(b'<c r="' + ref + b'" s="2"/>')
            else:
                cells.append(b"<c><v>1</v></c>")
        hidden = b' hidden="1"' if draw(st.booleans()) else b""
        parts.append(b'<row r="%d" spans="1:9"%s>' % (row, hidden) + b"".join(cells) + b"</row>")
    return sheet(b"".join(parts))


@settings(max_examples=150, deadline=None)
@given(xml=sheets(), chunk=st.integers(1, 400))
def test_the_fast_path_and_the_replay_of_calamines_reader_find_the_same_extent(
    xml: bytes, chunk: int
) -> None:
    assert where(scan(xml, chunk)) == where(replayed(xml))


# --- real workbooks -------------------------------------------------------------------------


def test_the_extent_of_a_written_workbook_is_its_last_row_and_column(tmp_path: Path) -> None:
    path = sample_files.gaps_and_hidden_workbook(tmp_path)
    with zipfile.ZipFile(path) as archive:
        extent = scan(archive.read("xl/worksheets/sheet1.xml"), chunk=4096)
    book = openpyxl.load_workbook(path)
    assert (extent.rows, extent.columns) == (book["Domande"].max_row, book["Domande"].max_column)


def test_a_stray_value_far_away_sets_the_extent_and_is_named(tmp_path: Path) -> None:
    path = hostile_files.stray_value_workbook(tmp_path, "AZ1048576")
    with zipfile.ZipFile(path) as archive:
        extent = scan(archive.read("xl/worksheets/sheet1.xml"), chunk=4096)
    assert (extent.corner, extent.farthest, extent.cells) == ("AZ1048576", "AZ1048576", 52 * 1_048_576)


# --- and calamine itself never reaches further ----------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    b'content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
    b'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main'
    b'+xml"/></Types>'
)
ROOT_RELATIONS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
    b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    b'<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONS = (
    b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    b'2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def calamine_end(xml: bytes) -> tuple[int, int] | None:
    """Where python-calamine ends the grid of a sheet (1-based rows, columns), None if it reads none."""
    import io

    from python_calamine import CalamineWorkbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELATIONS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONS)
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    try:
        end = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name("S").end
    except Exception:
        return None
    return None if end is None else (end[0] + 1, end[1] + 1)


@settings(max_examples=120, deadline=None)
@given(xml=sheets())
def test_calamine_never_puts_a_value_past_the_extent_the_scan_found(xml: bytes) -> None:
    extent = scan(xml, chunk=64)
    end = calamine_end(xml)
    if end is not None and extent.invalid is None:
        assert end[0] <= extent.rows and end[1] <= extent.columns, (end, extent)
