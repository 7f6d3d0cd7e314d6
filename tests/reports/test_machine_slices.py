"""Large JSON and CSV documents go out in slices, and the slices make exactly the whole text."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.machine import (
    BYTE_ORDER_MARK,
    csv_slices,
    json_escape_controls,
    to_csv,
    to_json,
    write_csv,
    write_json,
)

COLUMNS = ("application_id", "message", "row")
RECORDS = st.lists(
    st.fixed_dictionaries(
        {
            "application_id": st.text(max_size=8),
            "message": st.text(max_size=30),
            "row": st.one_of(st.none(), st.integers(min_value=2, max_value=10**6)),
        }
    ),
    max_size=30,
)


def records(count: int) -> Iterator[dict[str, Any]]:
    for index in range(count):
        yield {"application_id": f"D-{index:06d}", "message": "Presentata dopo la scadenza", "row": index + 2}


@given(RECORDS, st.integers(min_value=1, max_value=7), st.sampled_from([Lang.IT, Lang.EN]))
def test_csv_written_in_slices_is_the_text_written_at_once(
    rows: list[dict[str, Any]], size: int, lang: Lang
) -> None:
    assert "".join(csv_slices(iter(rows), COLUMNS, lang, size)) == to_csv(rows, COLUMNS, lang)


class Collected:
    """A sink that keeps every write."""

    ascii_only = False

    def __init__(self) -> None:
        self.writes: list[str] = []

    def write(self, text: str) -> None:
        self.writes.append(text)


def test_a_large_csv_is_written_a_slice_of_records_at_a_time_after_the_byte_order_mark() -> None:
    sink = Collected()
    write_csv(csv_slices(records(10_000), COLUMNS, Lang.IT), sink)  # type: ignore[arg-type]
    assert sink.writes[0] == BYTE_ORDER_MARK
    assert 5 <= len(sink.writes) <= 10
    assert "".join(sink.writes[1:]) == to_csv(list(records(10_000)), COLUMNS, Lang.IT)


def test_a_large_json_document_is_written_in_slices_with_the_text_of_to_json() -> None:
    writes: list[str] = []
    write_json({"applications": records(10_000), "summary": {"applications": 10_000}}, writes.append)
    whole = to_json({"applications": list(records(10_000)), "summary": {"applications": 10_000}})
    assert "".join(writes) == whole
    assert len(writes) < 100  # not one write per record
    assert json.loads(whole)["applications"][9_999]["row"] == 10_001


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x70, max_codepoint=0x110),  # around DEL, C1 and Latin-1's end
            st.sampled_from("«»€\u0100\u200b\U0001f600\ud800"),
            st.characters(),
        ),
        max_size=40,
    )
)
def test_del_and_the_c1_controls_are_escaped_wherever_they_are_and_nothing_else_changes(text: str) -> None:
    escaped = json_escape_controls(text)
    assert escaped == re.sub("[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    assert not re.search("[\x7f-\x9f]", escaped)
