"""JSON and CSV renderings: stable keys, the same in every language."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from typing import Any

from wecare_cli.i18n.catalog import worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.multilingual import ConfigText


def json_number(amount: Decimal | None) -> int | float | None:
    """An amount as a JSON number: whole euro as an integer, else rounded to the cent."""
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    return float(round(amount, 2))


def iso(instant: date | datetime | None) -> str | None:
    """An instant or date as ISO 8601 text."""
    return instant.isoformat() if instant is not None else None


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


RECORD_LISTS = frozenset(
    {
        "applications",
        "ineligible",
        "file_findings",
        "measures",
        "districts",
        "groups",
        "budget_absorption",
        "unchecked_rules",
        "files",
        "new_applications",
        "withdrawn",
        "verdict_changes",
        "rank_changes",
        "grant_changes",
        "envelope_changes",
        "stages",
    }
)
"""Lists whose items are records: one compact record per line keeps large outputs fast and greppable."""


def to_json(document: object) -> str:
    """Deterministic JSON: the structure indented, each record of a large list on a line of its own.

    Writing 100,000 applications through the pure-Python indenting encoder takes tens of seconds;
    records go through the C encoder instead, and the file still diffs line by line.
    """
    return "".join(_pieces(document, "", None)) + "\n"


def write_json(document: object, write: Callable[[str], object]) -> None:
    """The same text as :func:`to_json`, written piece by piece.

    A list of records may be given as an iterator: its records are then built and written one
    at a time, so a 100,000-application document never sits whole in memory.
    """
    for piece in _pieces(document, "", None):
        write(piece)
    write("\n")


_RAW_CONTROLS = re.compile("[\x7f-\x9f]")
"""DEL and the C1 controls: json escapes the C0 controls, but writes these as they are."""


def json_escape_controls(document: str) -> str:
    """JSON text with DEL and the C1 controls written ``\\u009b``: on a terminal, 0x9b is an escape.

    They can only occur inside JSON strings, where the escape means the same character.
    """
    if _RAW_CONTROLS.search(document) is None:
        return document
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def _jsonable(value: object) -> object:
    """What json cannot encode by itself: a configuration text, as written (text or {lang: text})."""
    if isinstance(value, ConfigText):
        return dict(value.texts) if value.languages else value.texts[0][1]
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _compact(value: object) -> str:
    encoded = json.dumps(value, ensure_ascii=False, separators=(", ", ": "), default=_jsonable)
    return json_escape_controls(encoded)


def _pieces(value: object, indent: str, key: str | None) -> Iterator[str]:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        yield "{\n"
        for index, (name, item) in enumerate(value.items()):
            yield f"{',' if index else ''}{'' if not index else chr(10)}{inner}{_compact(str(name))}: "
            yield from _pieces(item, inner, str(name))
        yield "\n" + indent + "}"
        return
    if isinstance(value, Iterator) or (isinstance(value, list) and value):
        items = iter(value)
        first = next(items, _NOTHING)
        if first is _NOTHING:
            yield "[]"
            return
        records = key in RECORD_LISTS and (
            isinstance(value, Iterator) or not any(map(_has_record_list, value))
        )
        yield "[\n"
        for index, item in enumerate(chain((first,), items)):
            yield ",\n" + inner if index else inner
            if records:
                yield _compact(item)
            else:
                yield from _pieces(item, inner, None)
        yield "\n" + indent + "]"
        return
    yield _compact(value)


_NOTHING = object()


def _has_record_list(item: object) -> bool:
    return isinstance(item, dict) and any(
        k in RECORD_LISTS and (isinstance(v, Iterator) or (isinstance(v, list) and v))
        for k, v in item.items()
    )


def csv_cell(value: Any, lang: Lang | None = None) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula is quoted with '.

    A configuration text is given in ``lang`` (marked when it falls back to another language).
    """
    if value is None:
        return ""
    if isinstance(value, ConfigText):
        value = worded(value, lang) if lang is not None else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "|".join(csv_cell(v, lang) for v in value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(records: Iterable[dict[str, Any]], columns: Sequence[str], lang: Lang | None = None) -> str:
    """Records as CSV with a header row, one record per line (configuration texts in ``lang``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_cell(record.get(column), lang) for column in columns])
    return buffer.getvalue()
