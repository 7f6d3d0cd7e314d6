"""JSON and CSV renderings: stable keys, the same in every language."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def to_json(document: object) -> str:
    """Deterministic, human-readable JSON (UTF-8 characters kept as they are)."""
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def csv_cell(value: Any) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "|".join(csv_cell(v) for v in value)
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def to_csv(records: Iterable[dict[str, Any]], columns: Sequence[str]) -> str:
    """Records as CSV with a header row, one record per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([csv_cell(record.get(column)) for column in columns])
    return buffer.getvalue()
