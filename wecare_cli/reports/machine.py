"""JSON and CSV renderings: stable keys, the same in every language."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, localcontext
from itertools import chain
from typing import TYPE_CHECKING, Any

from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import has_text, text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.multilingual import ConfigText

if TYPE_CHECKING:
    from wecare_cli.reports.rendering import Sink


def json_number(amount: Decimal | None) -> int | float | None:
    """An amount as a JSON number: whole euro as an integer, else rounded to the cent."""
    if amount is None:
        return None
    if amount == amount.to_integral_value():
        return int(amount)
    if amount.adjusted() > _CENT_DIGITS:  # rounding to the cent needs more digits than the context's
        with localcontext() as context:
            context.prec = amount.adjusted() + 3
            return float(round(amount, 2))
    return float(round(amount, 2))


_CENT_DIGITS = 24
"""Integer digits an amount may have for the default decimal context (28 digits) to round it to the cent."""


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
    return json_escape_controls("".join(_pieces(document, "", None))) + "\n"


SLICE = 1 << 16
"""Characters gathered before they are written: a large document goes out in slices, not record by record."""


def write_json(document: object, write: Callable[[str], object]) -> None:
    """The same text as :func:`to_json`, written in slices of about :data:`SLICE` characters.

    A list of records may be given as an iterator: its records are then built and written a
    slice at a time, so a 100,000-application document never sits whole in memory.
    """
    for piece in slices(_pieces(document, "", None)):
        write(json_escape_controls(piece))
    write("\n")


def slices(pieces: Iterable[str], size: int = SLICE) -> Iterator[str]:
    """The pieces joined into slices of at least ``size`` characters (the last one shorter)."""
    gathered: list[str] = []
    length = 0
    for piece in pieces:
        gathered.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(gathered)
            gathered.clear()
            length = 0
    if gathered:
        yield "".join(gathered)


_RAW_CONTROLS = re.compile("[\x7f-\x9f]")
"""DEL and the C1 controls: json escapes the C0 controls, but writes these as they are."""


_ALL_BUT_RAW_CONTROLS = bytes(byte for byte in range(256) if not 0x7F <= byte <= 0x9F)
"""Every byte but those of DEL and the C1 controls in Latin-1."""


def json_escape_controls(document: str) -> str:
    """JSON text with DEL and the C1 controls written ``\\u009b``: on a terminal, 0x9b is an escape.

    They can only occur inside JSON strings, where the escape means the same character. Whether
    the text holds any is told without the regular expression, which looks at each character
    (0.21 s for the 59 MB of a 100,000-application check): encoded as Latin-1, the characters up
    to U+00FF become a byte each and the others are dropped, and deleting every byte but 0x7F-0x9F
    leaves something exactly when DEL or a C1 control is there (0.07-0.09 s).
    """
    if not document.encode("latin-1", "ignore").translate(None, _ALL_BUT_RAW_CONTROLS):
        return document
    return _RAW_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def _jsonable(value: object) -> object:
    """What json cannot encode by itself: a configuration text, as written (text or {lang: text})."""
    if isinstance(value, ConfigText):
        return dict(value.texts) if value.languages else value.texts[0][1]
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "), default=_jsonable)
"""One encoder for every record (``json.dumps`` with options makes a new one per call)."""


class Encoded(str):
    """A record already encoded as JSON text (as :data:`_ENCODER` would write it): written as is."""

    __slots__ = ()


class EncodedRecords(tuple[str, ...]):
    """Consecutive records of a record list, each already encoded (never none): written as that
    many records, as if each were an :class:`Encoded` item of the list."""

    __slots__ = ()


encode_string: Callable[[str], str] = json.encoder.encode_basestring
"""A text as a JSON string, as the encoder writes it (``ensure_ascii=False``)."""


def encode_compact(value: object) -> str:
    """Any value as the records of a document are encoded."""
    return _ENCODER.encode(value)


def _compact(value: object) -> str:
    """One value as JSON (the C1 controls are escaped once per slice, by the caller)."""
    return _ENCODER.encode(value)


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
                kind = type(item)
                if kind is Encoded:
                    yield item
                elif kind is EncodedRecords:
                    yield (",\n" + inner).join(item)
                else:
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


BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    """How a run's CSV is written, decided once from its language.

    CSV is for spreadsheets: a double click opens it in Excel or LibreOffice in the officer's
    locale, which splits fields on its *list separator*: ``;`` where the decimal separator is a
    comma (Italian), ``,`` where it is a point (English). Numbers use that decimal separator, the
    header row is worded in the language (``Codice domanda`` / ``Application id``) while the
    values stay the codes of the JSON (``ineligible``, ``deadline-missed``), and the text starts
    with a byte-order mark so that Excel reads it as UTF-8 (see :func:`write_csv`).
    """

    lang: Lang
    separator: str
    decimal: str

    @classmethod
    def of(cls, lang: Lang) -> CsvDialect:
        """The dialect of a language: its CLDR locale's decimal separator decides the list separator."""
        decimal = formatting.decimal_symbol(lang)
        return cls(lang=lang, separator=";" if decimal == "," else ",", decimal=decimal)

    def header(self, column: str) -> str:
        """A column's header in the language (``csv-application-id``), the key itself if it has none."""
        key = "csv-" + column.replace("_", "-").replace(".", "-")
        return text(key, self.lang) if has_text(key, self.lang) else column


def csv_cell(value: Any, lang: Lang | None = None) -> str:
    """A value as CSV text; text that a spreadsheet would run as a formula is quoted with '.

    A configuration text is given in ``lang`` (marked when it falls back to another language),
    and a number with the language's decimal separator.
    """
    if value is None:
        return ""
    if isinstance(value, ConfigText):
        value = worded(value, lang) if lang is not None else str(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "|".join(csv_cell(v, lang) for v in value)
    if isinstance(value, int | float | Decimal):
        return formatting.plain_number(value, lang) if lang is not None else str(value)
    written = str(value)
    return "'" + written if written.startswith(FORMULA_PREFIXES) else written


def to_csv(records: Iterable[dict[str, Any]], columns: Sequence[str], lang: Lang) -> str:
    """Records as CSV in the run's dialect (:class:`CsvDialect`): a header row, one record per line."""
    return "".join(csv_slices(records, columns, lang))


CSV_SLICE = 2000
"""Records written to the text of one slice of CSV."""


def csv_slices(
    records: Iterable[dict[str, Any]], columns: Sequence[str], lang: Lang, size: int = CSV_SLICE
) -> Iterator[str]:
    """The text of :func:`to_csv`, ``size`` records a slice (the records may come from a generator)."""
    return csv_lines_slices(
        ([csv_cell(record.get(column), lang) for column in columns] for record in records),
        columns,
        lang,
        size,
    )


def csv_lines_slices(
    lines: Iterable[Sequence[str]], columns: Sequence[str], lang: Lang, size: int = CSV_SLICE
) -> Iterator[str]:
    """The CSV text of a header row of ``columns`` and of ``lines`` already written as cells
    (:func:`csv_cell`), ``size`` lines a slice."""
    dialect = CsvDialect.of(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.separator, lineterminator="\n")
    writer.writerow([dialect.header(column) for column in columns])
    pending = 0
    for line in lines:
        writer.writerow(line)
        pending += 1
        if pending >= size:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue()


def csv_column(values: Iterable[Any], lang: Lang) -> list[str]:
    """:func:`csv_cell` of each value of a column, a plain text (the most frequent) taken as it is."""
    return [
        value if type(value) is str and not value.startswith(FORMULA_PREFIXES) else csv_cell(value, lang)
        for value in values
    ]


def write_csv(document: str | Iterable[str], sink: Sink) -> None:
    """CSV text to standard output, after a byte-order mark when the output is UTF-8 (not on a
    console that cannot write one, such as cp1252, where the text is in the console's encoding).

    The text may come in slices (:func:`csv_slices`): each is written as it is made.
    """
    if not sink.ascii_only:
        sink.write(BYTE_ORDER_MARK)
    for piece in (document,) if isinstance(document, str) else document:
        sink.write(piece)
