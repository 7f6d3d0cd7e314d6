"""What an OpenDocument spreadsheet expands to, learnt from content.xml before calamine opens it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.ingest import hostile_files, sample_files
from tests.ingest.conftest import Reader
from wecare_cli.errors import InputFileError
from wecare_cli.findings import Phrase
from wecare_cli.ingest.ods_scan import OdsContent, OdsScanner


def content(rows: str, table: str = "Domande") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {sample_files.ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{table}">{rows}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    ).encode()


def scan(xml: bytes, chunk: int = 11) -> OdsContent:
    scanner = OdsScanner()
    for start in range(0, len(xml), chunk):
        scanner.feed(xml[start : start + chunk])
    return scanner.close()


TEXT = '<table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell>'
EMPTY = "<table:table-cell/>"
REPEATED_VALUE = (
    '<table:table-cell table:number-columns-repeated="9" office:value-type="float" office:value="1"/>'
)


def row(cells: str, attributes: str = "") -> str:
    return f"<table:table-row{attributes}>{cells}</table:table-row>"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        pytest.param(row(TEXT * 3) * 2, (2, 3), id="plain"),
        pytest.param(
            row(TEXT) + row(TEXT, ' table:number-rows-repeated="1000"'), (1001, 1), id="rows repeated"
        ),
        pytest.param(
            row(TEXT) + row(EMPTY, ' table:number-rows-repeated="1048000"'),
            (1, 1),
            id="empty rows after the last",
        ),
        pytest.param(
            row(TEXT) + row(EMPTY, ' table:number-rows-repeated="5000"') + row(TEXT),
            (5002, 1),
            id="empty between",
        ),
        pytest.param(
            row(TEXT + '<table:table-cell table:number-columns-repeated="700"/>' + TEXT),
            (1, 702),
            id="columns",
        ),
        pytest.param(
            row(TEXT + '<table:table-cell table:number-columns-repeated="16000"/>'), (1, 1), id="trailing"
        ),
        pytest.param(row(REPEATED_VALUE), (1, 9), id="a value repeated"),
        pytest.param(row('<table:table-cell table:formula="of:=1+1"/>'), (1, 1), id="a formula counts"),
        pytest.param(
            row(TEXT, ' table:number-rows-repeated="&#49;000"'), (1000, 1), id="a count with a reference"
        ),
        pytest.param(
            row(
                '<table:table-cell office:value-type="float" office:value="1">'
                + row(TEXT * 50)
                + "</table:table-cell>"
            ),
            (1, 1),
            id="a row inside a cell is skipped, as calamine skips it",
        ),
    ],
)
def test_the_extent_of_a_sheet_is_its_last_value_with_every_repetition_expanded(
    rows: str, expected: tuple[int, int]
) -> None:
    for chunk in (7, 1 << 20):
        extent = scan(content(rows), chunk).tables["Domande"].extent
        assert (extent.rows, extent.columns) == expected


def test_the_text_a_repeated_cell_makes_is_counted_with_its_repetitions() -> None:
    repeated = '<table:table-cell table:number-columns-repeated="100" office:value-type="string">'
    repeated += '<text:p>x<text:s text:c="1000"/></text:p></table:table-cell>'
    found = scan(content(row(repeated, ' table:number-rows-repeated="10"')))
    assert found.text_bytes > 10 * 100 * 1000


def test_hidden_and_filtered_rows_are_known_with_their_repetitions() -> None:
    rows = row(TEXT) + row(TEXT, ' table:visibility="collapse" table:number-rows-repeated="2"')
    rows += row(EMPTY, ' table:visibility="collapse"') + row(TEXT, ' table:visibility="filter"')
    assert scan(content(rows)).tables["Domande"].hidden_rows == {2, 3, 5}


def test_a_comment_inside_a_sheet_makes_the_count_uncertain() -> None:
    scanned = scan(content(row(TEXT) + "<!-- x -->" + row(TEXT)))
    assert scanned.unreadable == Phrase("problem-comment-in-sheet")


def test_every_sheet_is_counted_since_calamine_reads_them_all_at_once() -> None:
    xml = content(row(TEXT * 2)).replace(
        b"</table:table>",
        b'</table:table><table:table table:name="Altro">' + row(TEXT * 5).encode() * 4 + b"",
    )
    xml = xml.replace(b"</office:spreadsheet>", b"</table:table></office:spreadsheet>")
    found = scan(xml)
    assert {name: marks.extent.cells for name, marks in found.tables.items()} == {"Domande": 2, "Altro": 20}
    assert found.cells == 22


def test_hidden_rows_of_an_ods_become_hidden_row_findings(tmp_path: Path, read: Reader) -> None:
    intake = read(hostile_files.ods_hidden_rows(tmp_path))
    hidden = [f.row for row in intake.applications for f in row.findings if f.code == "hidden-row"]
    assert hidden == [3, 4]


def test_a_workbook_named_ods_and_an_ods_named_xlsx_are_read_for_what_they_are(
    tmp_path: Path, read: Reader
) -> None:
    ods = sample_files.ods_workbook(tmp_path)
    renamed = ods.rename(tmp_path / "domande_ods.xlsx")
    assert [row.application_id for row in read(renamed).applications] == ["FSE3-0001", "FSE3-0002"]
    workbook = sample_files.titled_workbook(tmp_path)
    named_ods = workbook.rename(tmp_path / "domande_titolo.ods")
    assert len(read(named_ods).applications) == 4


def test_an_ods_whose_count_of_repetitions_is_not_a_number_is_refused(tmp_path: Path, read: Reader) -> None:
    path = hostile_files.ods_repeated_rows(tmp_path, 1)
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("content.xml").replace(b'number-rows-repeated="1"', b'number-rows-repeated="many"')
    broken = sample_files._rezip(path, tmp_path / "contorto.ods", replace={"content.xml": xml})
    with pytest.raises(InputFileError) as raised:
        read(broken)
    assert raised.value.code == "file-corrupt"
    assert "content.xml has a repetition count that is not a number" in str(raised.value)


# --- calamine never reaches further than the scan ---------------------------------------------

values = st.sampled_from(
    [
        EMPTY,
        TEXT,
        '<table:table-cell office:value-type="float" office:value="2"><text:p>2</text:p></table:table-cell>',
        '<table:table-cell table:style-name="ce1"/>',
        '<table:table-cell table:formula="of:=1" office:value-type="float" office:value="1"/>',
    ]
)


@st.composite
def tables(draw: st.DrawFn) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 8))):
        cells = ""
        for _ in range(draw(st.integers(0, 6))):
            cell = draw(values)
            repeat = draw(st.sampled_from([1, 1, 1, 2, 30]))
            if repeat > 1:
                cell = cell.replace(
                    "<table:table-cell", f'<table:table-cell table:number-columns-repeated="{repeat}"', 1
                )
            cells += cell
        repeated = draw(st.sampled_from([1, 1, 1, 3, 200]))
        attributes = f' table:number-rows-repeated="{repeated}"' if repeated > 1 else ""
        rows.append(row(cells, attributes))
    return "".join(rows)


def calamine_end(xml: bytes) -> tuple[int, int] | None:
    from python_calamine import CalamineWorkbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", xml)
        archive.writestr("META-INF/manifest.xml", sample_files.ODS_MANIFEST)
    end = CalamineWorkbook.from_filelike(io.BytesIO(buffer.getvalue())).get_sheet_by_name("Domande").end
    return None if end is None else (end[0] + 1, end[1] + 1)


@settings(max_examples=120, deadline=None)
@given(rows=tables(), chunk=st.integers(5, 300))
def test_calamine_never_puts_a_value_past_the_extent_the_scan_found(rows: str, chunk: int) -> None:
    xml = content(rows)
    extent = scan(xml, chunk).tables["Domande"].extent
    end = calamine_end(xml)
    if end is None:
        assert extent.cells == 0
    else:
        assert end[0] <= extent.rows and end[1] <= extent.columns, (end, extent)
