"""Converting a whole column of a batch of rows at once.

A 100,000-row workbook has well over a million cells, so the common case (a clean column:
all text without stray spaces, all valid 11-digit tax codes, all Excel numbers with at most
two decimals, all Excel dates) is checked with a few operations over the whole column
(``map`` of C functions, ``min``/``max``, one regular expression over the joined text). Only
when a column is not clean does it fall back to the per-cell readers of
:mod:`wecare_cli.ingest.cells`, which define the behaviour: a fast path must give exactly
what the per-cell reader gives, and the tests check that it does.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat
from operator import attrgetter, methodcaller
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli.ingest.cells import (
    EMAIL_PATTERN,
    MAX_YEAR,
    MIN_YEAR,
    AmountStyle,
    CellIssue,
    CellReader,
    CellValue,
    amount_text_style,
    is_pec_domain,
    make_date_reader,
    read_amount,
    read_applicant_type,
    read_cup,
    read_english_amount,
    read_enterprise_size,
    read_pec,
    read_score,
    read_tax_code,
    read_text,
    read_yes_no,
)
from wecare_cli.ingest.model import SubmissionTime

ColumnResult = tuple[list[Any], dict[int, CellIssue]]
"""The converted values (None when empty or unreadable) and the problem of each cell that has one."""

ColumnReader = Callable[[Sequence[CellValue]], ColumnResult]

_INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad")
_strip = methodcaller("strip")
_SEPARATOR = "\x1f"
_microsecond = attrgetter("microsecond")


def per_cell(reader: CellReader) -> ColumnReader:
    """The column reader that calls ``reader`` on every cell (the reference behaviour)."""

    def read(values: Sequence[CellValue]) -> ColumnResult:
        out: list[Any] = []
        issues: dict[int, CellIssue] = {}
        append = out.append
        for index, value in enumerate(values):
            converted, issue = reader(value)
            append(converted)
            if issue is not None:
                issues[index] = issue
        return out, issues

    return read


def _only(values: Sequence[CellValue], kind: type) -> bool:
    return set(map(type, values)) == {kind}


def _clean_strings(values: Sequence[CellValue]) -> list[str] | None:
    """The values stripped, if they are all text without invisible characters; else None."""
    if not _only(values, str):
        return None
    stripped: list[str] = list(map(_strip, values))
    joined = "".join(stripped)
    if not joined.isascii() and any(mark in joined for mark in _INVISIBLE):
        return None
    return stripped


def _empty_to_none(values: list[Any]) -> list[Any]:
    if "" in values:
        return [None if value == "" else value for value in values]
    return values


def _with_fallback(
    fast: Callable[[Sequence[CellValue]], list[Any] | None], reader: CellReader
) -> ColumnReader:
    """``fast`` over the column; else over each kind of its filled cells (numbers, texts, dates...;
    an empty cell reads as nothing, as every cell reader reads it), ``reader`` cell by cell only
    for a kind ``fast`` does not take whole: a column of numbers with a few texts among them
    reads its numbers at once and its texts one by one."""

    def read(values: Sequence[CellValue]) -> ColumnResult:
        result = fast(values)
        if result is not None:
            return result, {}
        kinds: dict[type, list[int]] = {}
        for index, value in enumerate(values):
            if value is not None and value != "":
                kinds.setdefault(type(value), []).append(index)
        out: list[Any] = [None] * len(values)
        issues: dict[int, CellIssue] = {}
        for indices in kinds.values():
            part = fast([values[i] for i in indices]) if len(indices) < len(values) else None
            if part is not None:
                for i, value in zip(indices, part, strict=True):
                    out[i] = value
                continue
            for i in indices:
                out[i], issue = reader(values[i])
                if issue is not None:
                    issues[i] = issue
        return out, dict(sorted(issues.items())) if len(kinds) > 1 else issues

    return read


def _few_distinct(reader: CellReader) -> ColumnReader:
    """Columns of a few repeated texts (types, sizes, yes/no): each distinct text read once."""
    slow = per_cell(reader)

    def read(values: Sequence[CellValue]) -> ColumnResult:
        if not _only(values, str):
            return slow(values)
        distinct = set(values)
        if len(distinct) * 4 > len(values) + 16:
            return slow(values)
        results = {value: reader(value) for value in distinct}
        if all(issue is None for _, issue in results.values()):
            converted = {value: result for value, (result, _) in results.items()}
            return list(map(converted.__getitem__, values)), {}
        out: list[Any] = []
        issues: dict[int, CellIssue] = {}
        for index, value in enumerate(values):
            result, issue = results[value]
            out.append(result)
            if issue is not None:
                issues[index] = issue
        return out, issues

    return read


def _one_object_per_text(read: ColumnReader) -> ColumnReader:
    """``read``, with equal texts as one object when the column repeats them (codes of measures,
    lines, districts, provinces): a row then holds a reference, not a copy, of its measure's
    code, whichever path read the column."""

    def shared(values: Sequence[CellValue]) -> ColumnResult:
        texts, issues = read(values)
        distinct = dict(zip(texts, texts, strict=True))
        if len(distinct) * 2 > len(texts):
            return texts, issues
        return list(map(distinct.__getitem__, texts)), issues

    return shared


def _text_fast(values: Sequence[CellValue]) -> list[Any] | None:
    stripped = _clean_strings(values)
    return None if stripped is None else _empty_to_none(stripped)


read_text_column = _one_object_per_text(_with_fallback(_text_fast, read_text))

_OFFICE = r"(?:00[1-9]|0[1-9][0-9]|100|12[01]|888|999)"
_PIVA = r"(?!0{7})[0-9]{7}" + _OFFICE + r"[0-9]"
_ALL_PIVA_SHAPED = re.compile(r"(?:" + _PIVA + _SEPARATOR + r")*" + _PIVA)
"""11 digits, not starting with 7 zeros, a valid office code: stdnum.it.iva's rules but the check digit."""
_LUHN_PLAIN = bytes.maketrans(b"0123456789", bytes(range(10)))
_LUHN_DOUBLED = bytes.maketrans(b"0123456789", bytes([0, 2, 4, 6, 8, 1, 3, 5, 7, 9]))
_LUHN_FAILS = bytes(0 if value % 10 == 0 else 1 for value in range(256))


def all_luhn_valid(codes: Sequence[str]) -> bool:
    """True when every code (each exactly 11 ASCII digits) passes the Luhn check of the partita IVA.

    Done for the whole column at once: the k-th digits of all codes are one ``bytes`` slice,
    translated to their Luhn contribution and read as one big integer with a byte per code;
    adding the 11 integers sums each code in its own byte (at most 99, so no carry crosses
    into the next code), and a code is valid when its byte is a multiple of 10.
    """
    data = "".join(codes).encode("ascii")
    total = 0
    for position in range(11):
        table = _LUHN_DOUBLED if position % 2 else _LUHN_PLAIN
        total += int.from_bytes(data[position::11].translate(table), "big")
    return b"\x01" not in total.to_bytes(len(codes), "big").translate(_LUHN_FAILS)


def _tax_code_fast(values: Sequence[CellValue]) -> list[Any] | None:
    stripped = _clean_strings(values)
    if not stripped or not _ALL_PIVA_SHAPED.fullmatch(_SEPARATOR.join(stripped)):
        return None
    return stripped if all_luhn_valid(stripped) else None


read_tax_code_column = _with_fallback(_tax_code_fast, read_tax_code)

_THIRD_DECIMAL = re.compile(r"\.[0-9]{3}")
_SEVENTH_DECIMAL = re.compile(r"\.[0-9]{7}")


def _plain_floats(values: Sequence[CellValue], below: float) -> list[str] | None:
    """The shortest decimal text of each value, if all are finite floats in [0, below)."""
    if not values or not _only(values, float):
        return None
    floats: Sequence[float] = values
    if any(map(math.isnan, floats)) or min(floats) < 0 or max(floats) >= below:
        return None
    texts = list(map(repr, floats))
    joined = _SEPARATOR.join(texts)
    if "e" in joined or "-" in joined:
        return None
    return texts


_COMMA_AMOUNT = r"[0-9]{1,13}(?:,[0-9]{1,2})?"
_ALL_COMMA_AMOUNTS = re.compile(r"(?:" + _COMMA_AMOUNT + _SEPARATOR + r")*" + _COMMA_AMOUNT)
_comma_to_dot = methodcaller("replace", ",", ".")
_CENT = Decimal("0.01")


def _decimals(texts: Sequence[str], make: Callable[[str], Decimal] = Decimal) -> list[Any]:
    """``make`` of each text, one Decimal per distinct text: a column's repeated amounts and
    scores share one object (equal texts, so the same digits and exponent)."""
    made = {text: make(text) for text in set(texts)}
    return list(map(made.__getitem__, texts))


def _cents(text: str) -> Decimal:
    return Decimal(text).quantize(_CENT)


def _amount_fast(values: Sequence[CellValue]) -> list[Any] | None:
    if not values:
        return None
    kinds = set(map(type, values))
    if kinds == {str}:
        # Text as a CSV or a text cell holds it, in the commonest form: 1234 or 1234,56.
        stripped = _clean_strings(values)
        if stripped is None or not _ALL_COMMA_AMOUNTS.fullmatch(_SEPARATOR.join(stripped)):
            return None
        return _decimals(list(map(_comma_to_dot, stripped)), _cents)
    if kinds != {float}:
        return None
    # Positive floats whose two-decimal text reads back as the same float have at most two
    # decimals: Decimal of that text is what read_amount gives (zero and noise go cell by cell).
    floats: Sequence[float] = values
    if any(map(math.isnan, floats)) or min(floats) <= 0 or max(floats) >= 1e13:
        return None
    texts = list(map("%.2f".__mod__, floats))
    if list(map(float, texts)) != list(floats):
        return None
    return _decimals(texts)


read_amount_column = _with_fallback(_amount_fast, read_amount)


def _english_amount_fast(values: Sequence[CellValue]) -> list[Any] | None:
    if _only(values, str):
        return None
    return _amount_fast(values)


read_english_amount_column = _with_fallback(_english_amount_fast, read_english_amount)


class AmountColumn:
    """The reader of one amount column in one convention, counting, over every batch of the
    table, the texts only the other convention (or only this one) reads.

    The counts tell a column written wholly in the other convention (``300,000.00`` read the
    Italian way) from one that mixes them, which stays cell by cell.
    """

    def __init__(self, style: AmountStyle) -> None:
        self.style = style
        self.read: ColumnReader = (
            read_english_amount_column if style is AmountStyle.ENGLISH else read_amount_column
        )
        self.other_only = 0
        """Texts only the other convention reads (each also an ``invalid-amount`` here)."""
        self.own_only = 0
        """Texts only this convention reads (counting stops at the first: the column is then read
        as it is, and nothing more is looked at)."""
        self.example: str | None = None
        """The first text only the other convention reads."""

    def __call__(self, values: Sequence[CellValue]) -> ColumnResult:
        result = self.read(values)
        if self.own_only:
            return result  # a text only this convention reads was seen: never wholly the other
        issues = result[1]
        for index, value in enumerate(values):
            # Texts without a separator (1234) read the same in both conventions.
            if type(value) is not str or ("," not in value and "." not in value):
                continue
            style = amount_text_style(value)
            if style is None:
                continue
            if style is self.style:
                if index not in issues:
                    self.own_only += 1
                    return result
            else:
                self.other_only += 1
                if self.example is None:
                    self.example = " ".join(value.split())
        return result

    @property
    def wholly_other(self) -> bool:
        """Every text of the column that reads in one convention only reads in the other one."""
        return self.other_only > 0 and self.own_only == 0


def _score_fast(values: Sequence[CellValue]) -> list[Any] | None:
    texts = _plain_floats(values, 1e9)
    if texts is None or _SEVENTH_DECIMAL.search(_SEPARATOR.join(texts)):
        return None
    return _decimals(texts)


read_score_column = _with_fallback(_score_fast, read_score)

_ALL_CUP = re.compile(r"(?:[A-Z][0-9]{2}[A-Z][0-9]{11}" + _SEPARATOR + r")*[A-Z][0-9]{2}[A-Z][0-9]{11}")


def _cup_fast(values: Sequence[CellValue]) -> list[Any] | None:
    stripped = _clean_strings(values)
    if stripped is None or not _ALL_CUP.fullmatch(_SEPARATOR.join(stripped)):
        return None
    return stripped


read_cup_column = _with_fallback(_cup_fast, read_cup)

_EMAIL = EMAIL_PATTERN.pattern
_ALL_EMAILS = re.compile(r"(?:" + _EMAIL + r"\n)*" + _EMAIL)
_DOMAINS = re.compile(r"@([^\n]*)")


def _pec_fast(values: Sequence[CellValue]) -> list[Any] | None:
    stripped = _clean_strings(values)
    if stripped is None:
        return None
    joined = "\n".join(stripped)
    if joined.count("\n") != len(stripped) - 1 or not _ALL_EMAILS.fullmatch(joined):
        return None
    for domain in set(_DOMAINS.findall(joined)):
        if not is_pec_domain(domain.lower()):
            return None
    return stripped


read_pec_column = _with_fallback(_pec_fast, read_pec)


def _yes_no_column() -> ColumnReader:
    distinct = _few_distinct(read_yes_no)

    def read(values: Sequence[CellValue]) -> ColumnResult:
        if _only(values, bool):
            return list(values), {}
        return distinct(values)

    return read


_DAY = r"[0-9]{2}/[0-9]{2}/[0-9]{4}"
_DAY_TIME = _DAY + r" [0-9]{2}:[0-9]{2}"
_ALL_DAYS = re.compile(r"(?:" + _DAY + _SEPARATOR + r")*" + _DAY)
_ALL_DAY_TIMES = re.compile(r"(?:" + _DAY_TIME + _SEPARATOR + r")*" + _DAY_TIME)


def make_date_column(zone: ZoneInfo, *, date1904: bool) -> ColumnReader:
    """Submission dates: Excel dates in range are converted in one pass, anything else cell by cell."""

    def from_text(values: Sequence[CellValue]) -> list[Any] | None:
        # Text in the commonest forms, every cell alike: gg/mm/aaaa hh:mm or gg/mm/aaaa.
        stripped = _clean_strings(values)
        if stripped is None:
            return None
        joined = _SEPARATOR.join(stripped)
        try:
            if _ALL_DAY_TIMES.fullmatch(joined):
                moments = [
                    datetime(int(t[6:10]), int(t[3:5]), int(t[:2]), int(t[11:13]), int(t[14:16]), 0, 0, zone)
                    for t in stripped
                ]
                date_only = False
            elif _ALL_DAYS.fullmatch(joined):
                moments = [datetime(int(t[6:10]), int(t[3:5]), int(t[:2]), tzinfo=zone) for t in stripped]
                date_only = True
            else:
                return None
        except ValueError:  # 31/02, 24:00: cell by cell, to say which
            return None
        if min(moments).year < MIN_YEAR or max(moments).year > MAX_YEAR:
            return None
        return list(map(SubmissionTime, moments, repeat(date_only)))

    def fast(values: Sequence[CellValue]) -> list[Any] | None:
        # python-calamine gives a datetime, or a date when the time is 00:00 (a date-only cell).
        kinds = set(map(type, values))
        if kinds == {str}:
            return from_text(values)
        if not values or not kinds <= {datetime, date}:
            return None
        moments: list[datetime] = list(values)
        days = [i for i, kind in enumerate(map(type, values)) if kind is date] if date in kinds else []
        for i in days:
            day = moments[i]
            moments[i] = datetime(day.year, day.month, day.day)
        if min(moments).year < MIN_YEAR or max(moments).year > MAX_YEAR or any(map(_microsecond, moments)):
            return None  # out of range, or milliseconds to round: cell by cell
        instants = map(
            datetime.combine, map(datetime.date, moments), map(datetime.time, moments), repeat(zone)
        )
        out = list(map(SubmissionTime, instants, repeat(False)))
        for i in days:
            out[i] = SubmissionTime(out[i].instant, True)
        return out

    return _with_fallback(fast, make_date_reader(zone, date1904=date1904))


AMOUNT_COLUMNS = ("requested_amount", "total_cost")


def application_columns(
    zone: ZoneInfo, *, date1904: bool = False, amounts: AmountStyle = AmountStyle.ITALIAN
) -> dict[str, ColumnReader]:
    """The column reader of each canonical application column (amounts as text in ``amounts``)."""
    return {
        "application_id": read_text_column,
        "measure": read_text_column,
        "line": read_text_column,
        "applicant_name": read_text_column,
        "applicant_tax_code": read_tax_code_column,
        "applicant_type": _few_distinct(read_applicant_type),
        "enterprise_size": _few_distinct(read_enterprise_size),
        "non_profit": _yes_no_column(),
        "district": read_text_column,
        "seat_province": read_text_column,
        "requested_amount": AmountColumn(amounts),
        "total_cost": AmountColumn(amounts),
        "submitted_at": make_date_column(zone, date1904=date1904),
        "phase": read_text_column,
        "score": read_score_column,
        "cup": read_cup_column,
        "pec": read_pec_column,
    }


def partner_columns() -> dict[str, ColumnReader]:
    """The column reader of each canonical partner column."""
    return {
        "application_id": read_text_column,
        "partner_name": read_text_column,
        "partner_tax_code": read_tax_code_column,
        "partner_type": _few_distinct(read_applicant_type),
        "partner_province": read_text_column,
    }
