"""The marks of a worksheet (formula errors, formulas without a value, hidden rows) found near their
markers are exactly those a search of the whole block finds, on well-formed and careless XML."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wecare_cli.ingest.sheet_scan import (
    _ERROR_CELL,
    _HIDDEN_ROW,
    _NO_VALUE_FORMULA,
    SheetScanner,
    _unescape,
    matches_near,
)

SEARCHES = [
    pytest.param(b't="e"', _ERROR_CELL, False, id="formula errors"),
    pytest.param(b'hidden="', _HIDDEN_ROW, False, id="hidden rows"),
    pytest.param(b"<f", _NO_VALUE_FORMULA, True, id="formulas without a value"),
]
"""(marker, pattern, in_next_element) as the scanner searches; formulas: whole blocks with a ":f"."""

# Pieces of worksheet XML as writers produce them, and as careless ones do: a "<" or ">" in an
# attribute value, markers in text, comments, prefixed elements, cells without their end.
PIECES = [
    b'<row r="3">',
    b'<row r="4" hidden="1">',
    b'<row r="5" spans="1:3" hidden="true" ht="15">',
    b'<row r="6" xhidden="1">',
    b"</row>",
    b'<c r="A3">',
    b'<c r="B3" t="e">',
    b'<c r="C3" s="2" t="e">',
    b'<c r="D3" t="str">',
    b'<c r="E3" xt="e">',
    b'<c r="F3" a="<" t="e">',
    b'<c r="G3" a=">" t="e">',
    b'<c r="H3" a="<c" t="str">',
    b'<c r="I3"/>',
    b"</c>",
    b"<f>A1/0</f>",
    b"<f>SUM(A1:A2)</f>",
    b'<f t="shared" si="0"/>',
    b"<f>",
    b"</f>",
    b"<fx>1</fx>",
    b"<v>#DIV/0!</v>",
    b"<v>12</v>",
    b"<v/>",
    b"<v></v>",
    b'<x:c r="J3" t="e">',
    b"<x:f>1/0</x:f>",
    b"</x:c>",
    b'<is><t>t="e" hidden="1" &lt;f</t></is>',
    b'<!-- <c r="K3" t="e"> -->',
    b" ",
    b"\n",
    b"<",
    b">",
    b'"',
]


def reference(block: bytes, pattern: re.Pattern[bytes]) -> list[tuple[int, int, tuple[bytes | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in pattern.finditer(block)]


def near(
    block: bytes, marker: bytes, pattern: re.Pattern[bytes], in_next_element: bool
) -> list[tuple[int, int, tuple[bytes | None, ...]]]:
    whole_if = b":f" if in_next_element else None
    found = matches_near(block, marker, pattern, in_next_element=in_next_element, whole_if=whole_if)
    return [(m.start(), m.end(), m.groups()) for m in found]


def scanned(xml: bytes) -> dict[tuple[int, int], tuple[str, str | None]]:
    """The marks the scanner finds in a worksheet's XML: (row, column) -> (code, value shown)."""
    scanner = SheetScanner()
    scanner.feed(xml)
    return {key: (issue.code, issue.shown) for key, issue in scanner.close().cells.items()}


@pytest.mark.parametrize(("marker", "pattern", "in_next_element"), SEARCHES)
@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40))
def test_marks_found_near_their_markers_are_those_of_a_whole_search(
    marker: bytes, pattern: re.Pattern[bytes], in_next_element: bool, pieces: list[bytes]
) -> None:
    block = b"".join(pieces)
    assert near(block, marker, pattern, in_next_element) == reference(block, pattern)


@pytest.mark.parametrize(("marker", "pattern", "in_next_element"), SEARCHES)
@settings(max_examples=200, deadline=None)
@given(block=st.binary(max_size=200).map(lambda noise: noise.replace(b"\x00", b"<")))
def test_marks_found_near_their_markers_are_those_of_a_whole_search_in_any_bytes(
    marker: bytes, pattern: re.Pattern[bytes], in_next_element: bool, block: bytes
) -> None:
    salted = block + b'<c r="A1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="B1"><f>A1</f></c>'
    assert near(salted, marker, pattern, in_next_element) == reference(salted, pattern)


def test_an_error_cell_with_a_less_than_sign_in_an_attribute_is_still_marked() -> None:
    xml = (
        b'<worksheet><sheetData><row r="2"><c r="B2" a="<" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        b'<c r="C2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>'
    )
    assert scanned(xml) == {
        (2, 1): ("formula-error", "#DIV/0!"),
        (2, 2): ("formula-error", "#N/A"),
    }


def _formulas_of_cells_without_error(
    found: list[re.Match[bytes]],
) -> list[tuple[int, int, tuple[bytes | None, ...]]]:
    return [(m.start(), m.end(), m.groups()) for m in found if b't="e"' not in m.group(1)]


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=40))
def test_formulas_passed_over_inside_error_cells_leave_every_formula_the_scanner_reports(
    pieces: list[bytes],
) -> None:
    block = b"".join(pieces)
    errors = [m.span() for m in matches_near(block, b't="e"', _ERROR_CELL)]
    passing_over = matches_near(
        block, b"<f", _NO_VALUE_FORMULA, in_next_element=True, whole_if=b":f", skip=errors
    )
    assert _formulas_of_cells_without_error(passing_over) == _formulas_of_cells_without_error(
        list(_NO_VALUE_FORMULA.finditer(block))
    )


def test_a_formula_without_a_value_beside_error_cells_is_still_marked() -> None:
    xml = (
        b'<worksheet><sheetData><row r="2"><c r="A2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        b'<c r="B2"><f>A2*2</f></c><c r="C2" t="e"><f>NA()</f><v>#N/A</v></c>'
        b'<c r="D2"><f>C2</f><v></v></c></row></sheetData></worksheet>'
    )
    assert scanned(xml) == {
        (2, 0): ("formula-error", "#DIV/0!"),
        (2, 1): ("formula-not-calculated", "=A2*2"),
        (2, 2): ("formula-error", "#N/A"),
        (2, 3): ("formula-not-calculated", "=C2"),
    }


def test_the_same_error_down_a_column_is_kept_once_for_all_its_cells() -> None:
    scanner = SheetScanner()
    rows = b"".join(
        b'<row r="%d"><c r="O%d" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="P%d" t="e"><v>#N/A</v></c></row>'
        % (row, row, row)
        for row in range(2, 6)
    )
    scanner.feed(b"<worksheet><sheetData>" + rows + b"</sheetData></worksheet>")
    marks = scanner.close().cells
    assert len(marks) == 8
    assert len({id(issue) for issue in marks.values()}) == 2
    assert marks[(5, 14)].params == {"error": "#DIV/0!", "formula": "=1/0"}
    assert marks[(3, 15)].params == {"error": "#N/A"}


def _marks_of_a_whole_search(block: bytes) -> dict[tuple[int, int], tuple[str, str | None]]:
    """The marks as searching the whole block finds them: every error cell, then every formula
    without a value outside them (the reference of the scanner's searches near their markers)."""
    scanner = SheetScanner()
    for match in _ERROR_CELL.finditer(block):
        scanner._mark(
            match.group(1),
            "formula-error",
            _unescape(match.group(3) or b"#ERROR"),
            match.group(2),
        )
    for match in _NO_VALUE_FORMULA.finditer(block):
        attributes = match.group(1)
        if (match.group(3) is not None and b't="str"' in attributes) or b't="e"' in attributes:
            continue
        scanner._mark(attributes, "formula-not-calculated", None, match.group(2))
    return {key: (issue.code, issue.shown) for key, issue in scanner.marks.cells.items()}


@settings(max_examples=400, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES[5:24]), max_size=40))
def test_a_sheet_of_error_cells_and_formulas_is_marked_as_a_whole_search_marks_it(
    pieces: list[bytes],
) -> None:
    block = b'<worksheet><sheetData><row r="3">' + b"".join(pieces) + b"</row></sheetData></worksheet>"
    assert scanned(block) == _marks_of_a_whole_search(block)
