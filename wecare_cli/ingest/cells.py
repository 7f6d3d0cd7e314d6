"""Cell readers: one raw cell value in, a typed value and at most one problem out.

Every reader accepts anything a spreadsheet or CSV can hold (text, int, float, bool,
date, datetime, time, timedelta, None) and never raises: a value it cannot read becomes a
:class:`CellIssue`. A reader returns ``(None, None)`` for an empty cell (None, ``""``, only
spaces or invisible characters); deciding whether empty is allowed is the caller's job.

Readers are chosen once per column (see :mod:`wecare_cli.ingest.rows`), so the per-cell work
is one call with the common case first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli import vocabulary
from wecare_cli.findings import FrozenParams, Phrase, Severity
from wecare_cli.ingest.model import SubmissionTime

CellValue = Any
"""What a cell can hold: str, int, float, bool, date, datetime, time, timedelta or None."""

NO_PARAMS: Mapping[str, object] = FrozenParams()
"""The parameters of an issue that has none."""


@dataclass(frozen=True, slots=True)
class CellIssue:
    """A problem with one cell; becomes a :class:`~wecare_cli.findings.Finding` with its position."""

    code: str
    severity: Severity = Severity.ERROR
    params: Mapping[str, object] = field(default_factory=lambda: NO_PARAMS)
    """Read-only (a copy of what was given): the findings of every cell with this issue share it."""
    shown: str | None = None
    """What to show as the finding's value instead of the cell value (e.g. a formula)."""

    def __post_init__(self) -> None:
        if self.params is not NO_PARAMS:
            object.__setattr__(self, "params", FrozenParams(self.params) if self.params else NO_PARAMS)


Reading = tuple[Any, CellIssue | None]
"""A reader's result: the typed value (None if empty or unreadable) and the problem, if any."""

CellReader = Callable[[CellValue], Reading]

EMPTY: Reading = (None, None)

MIN_YEAR = 2000
MAX_YEAR = 2100
"""Submission dates outside these years are typing mistakes, not dates."""

MAX_AMOUNT_DIGITS = 15
"""Excel keeps 15 significant digits; an amount with more (cents included) was mangled."""

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_CENT = Decimal("0.01")
_ROUNDING_NOISE = Decimal("0.000001")
_ZERO = Decimal("0.00")


def clean_text(text: str) -> str:
    """Text without surrounding whitespace (NBSP included) and without zero-width characters."""
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    return text.strip()


def is_blank(value: CellValue) -> bool:
    """True for an empty cell: None, ``""``, or text of only spaces and invisible characters."""
    if value is None or value == "":
        return True
    return isinstance(value, str) and not clean_text(value)


def _issue(code: str, **params: object) -> Reading:
    return None, CellIssue(code, Severity.ERROR, params)


_INVALID_DATE: Reading = (
    None,
    CellIssue("invalid-date", Severity.ERROR, {"min_year": MIN_YEAR, "max_year": MAX_YEAR}),
)


# --------------------------------------------------------------------------------------------
# Text and identifiers


def _number_as_text(value: int | float) -> Reading:
    if isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return repr(value), None
        if abs(value) >= 1e15:
            return _issue("digits-lost")
        return str(int(value)), None
    if abs(value) >= 10**15:
        return _issue("digits-lost")
    return str(value), None


def read_text(value: CellValue) -> Reading:
    """Free text and identifiers (codes, names, provinces): text kept as written, trimmed.

    ``NA``, ``None``, ``NULL``, ``-`` and ``n.d.`` are text, not empty. A whole number that
    Excel stored as a number (``101.0``) becomes ``"101"``; a date Excel made of the text is
    reported, since the original text is lost.
    """
    if isinstance(value, str):
        text = value.strip() if value.isascii() else clean_text(value)
        return (text, None) if text else EMPTY
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, int | float):
        return _number_as_text(value)
    if isinstance(value, date | time | timedelta):
        return None, CellIssue("text-stored-as-date", Severity.ERROR, {}, shown=_shown_moment(value))
    return str(value), None


def _shown_moment(value: date | time | timedelta) -> str:
    """A date or time as an Italian officer writes it (messages only)."""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M" if (value.hour, value.minute) != (0, 0) else "%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


_CUP = re.compile(r"[A-Z][0-9]{2}[A-Z][0-9]{11}")


def read_cup(value: CellValue) -> Reading:
    """A CUP: text; a warning when it is not 15 characters shaped like ``J12H18000010001``."""
    text, issue = read_text(value)
    if issue is not None or text is None:
        return text, issue
    if not _CUP.fullmatch("".join(text.split()).upper()):
        return text, CellIssue("cup-invalid", Severity.WARNING)
    return text, None


_LABEL = r"[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*"
EMAIL_PATTERN = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@(" + _LABEL + r"(?:\." + _LABEL + r")+)")
"""An e-mail address (the syntax officers meet: no quoted local parts or IP literals)."""
PEC_DOMAIN_MARKS: tuple[str, ...] = (
    "pec",
    "cert",
    "legalmail",
    "actalis",
    "anutel",
    "sicurezzapostale",
    "postemailcertificata",
)
"""Parts of the domain names of certified-mail (PEC) providers; custom domains also exist."""


def is_pec_domain(domain: str) -> bool:
    """True when a (lower-case) domain looks like a PEC provider's."""
    return any(mark in domain for mark in PEC_DOMAIN_MARKS)


def read_pec(value: CellValue) -> Reading:
    """A PEC address: text; warnings when it is not an e-mail address or not a PEC domain."""
    text, issue = read_text(value)
    if issue is not None or text is None:
        return text, issue
    address = text.removeprefix("mailto:")
    match = EMAIL_PATTERN.fullmatch(address)
    if match is None:
        return text, CellIssue("pec-invalid", Severity.WARNING)
    domain = match.group(1).lower()
    if not is_pec_domain(domain):
        return text, CellIssue("pec-not-certified-domain", Severity.WARNING, {"domain": domain})
    return text, None


# --------------------------------------------------------------------------------------------
# Tax codes

IVA_OFFICES = frozenset({f"{n:03d}" for n in range(1, 101)} | {"120", "121", "888", "999"})
"""Digits 8-10 of a partita IVA: the provincial office (as in ``stdnum.it.iva``)."""
_LUHN_DOUBLE = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
_TAX_CODE_SEPARATORS = str.maketrans("", "", " -:\t\n\r\u00a0\u202f")


def is_valid_partita_iva(number: str) -> bool:
    """The 11-digit form of ``stdnum.it.iva.validate`` (same rules, no exceptions, faster)."""
    if len(number) != 11 or not number.isascii() or not number.isdigit() or number[:7] == "0000000":
        return False
    if number[7:10] not in IVA_OFFICES:
        return False
    digits = [ord(ch) - 48 for ch in number]
    total = sum(digits[10::-2]) + sum(_LUHN_DOUBLE[d] for d in digits[9::-2])
    return total % 10 == 0


def is_valid_tax_code(code: str) -> bool:
    """A compact upper-case codice fiscale (16 characters) or 11-digit one (partita IVA form)."""
    if len(code) == 11:
        return is_valid_partita_iva(code)
    if len(code) != 16:
        return False
    # Imported when first needed: python-stdnum brings in pydoc and ssl, a part of every start-up.
    from stdnum.it import codicefiscale

    return bool(codicefiscale.is_valid(code))


def _lost_zeros(digits: str) -> Reading:
    padded = digits.zfill(11)
    hint = "hint-tax-code-valid" if is_valid_partita_iva(padded) else "hint-tax-code-guess"
    params = {"suggestion": padded, "hint": Phrase(hint, {"suggestion": padded})}
    return None, CellIssue("tax-code-stored-as-number", Severity.ERROR, params)


def read_tax_code(value: CellValue) -> Reading:
    """A codice fiscale or partita IVA, compacted to upper case.

    A number (or digits-only text shorter than 11) means Excel dropped the leading zeros:
    the field stays empty and the finding suggests the zero-padded code. Text that is not a
    valid code is kept (compacted) with a ``tax-code-invalid`` error.
    """
    if isinstance(value, str):
        text = clean_text(value).translate(_TAX_CODE_SEPARATORS).upper()
        if not text:
            return EMPTY
        if text.startswith("IT") and len(text) == 13 and text[2:].isdigit():
            text = text[2:]
        if is_valid_tax_code(text):
            return text, None
        if text.isascii() and text.isdigit() and len(text) < 11:
            return _lost_zeros(text)
        return text, CellIssue("tax-code-invalid")
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return _issue("tax-code-invalid")
    if isinstance(value, int | float):
        if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
            return _issue("tax-code-invalid")
        if not 0 < value < 10**16:
            return _issue("tax-code-invalid")
        number = int(value)
        if number <= 0:
            return _issue("tax-code-invalid")
        digits = str(number)
        if len(digits) < 11:
            return _lost_zeros(digits)
        if len(digits) == 11 and is_valid_partita_iva(digits):
            return digits, None
        return (digits if len(digits) <= 15 else None), CellIssue("tax-code-invalid")
    return _issue("tax-code-invalid")


# --------------------------------------------------------------------------------------------
# Amounts and numbers

_CURRENCY = r"(?:€|EUR|euro)?"
_AMOUNT_TEXT = re.compile(
    _CURRENCY + r"\s*(?:(?P<thousands>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]{1,2})?)"  # 1.234 / 1.234,56
    r"|(?P<comma>[0-9]+(?:,[0-9]{1,2})?)"  # 1234 / 1234,56
    r"|(?P<dot>[0-9]+\.[0-9]{1,2}))\s*"  # 1234.56: a single dot and 1-2 digits is a decimal point
     + _CURRENCY,
    re.IGNORECASE,
)


def _cents(amount: Decimal) -> Reading:
    if not amount.is_finite() or amount < 0 or amount.adjusted() >= MAX_AMOUNT_DIGITS:
        return _issue("invalid-amount")
    cents = amount.quantize(_CENT)
    if abs(amount - cents) > _ROUNDING_NOISE or len(cents.as_tuple().digits) > MAX_AMOUNT_DIGITS:
        return _issue("invalid-amount")
    return (cents if cents else _ZERO), None


def parse_amount_text(text: str) -> Decimal | None:
    """An amount written the Italian way (``1.234,56 €``, ``€ 1234,56``, ``1234.56``), or None.

    ``1.234`` (dots followed by groups of exactly three digits) is one thousand two hundred
    thirty-four; a single dot followed by one or two digits is a decimal point. Signs,
    percentages, brackets and letters are refused.
    """
    match = _AMOUNT_TEXT.fullmatch(" ".join(clean_text(text).split()))
    if match is None:
        return None
    if match.group("thousands"):
        number = match.group("thousands").replace(".", "").replace(",", ".")
    elif match.group("comma"):
        number = match.group("comma").replace(",", ".")
    else:
        number = match.group("dot")
    return Decimal(number)


_ENGLISH_AMOUNT_TEXT = re.compile(
    _CURRENCY + r"\s*(?:(?P<thousands>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]{1,2})?)"  # 1,234 / 1,234.56
    r"|(?P<dot>[0-9]+(?:\.[0-9]{1,2})?))\s*"  # 1234 / 1234.56
     + _CURRENCY,
    re.IGNORECASE,
)


def parse_english_amount_text(text: str) -> Decimal | None:
    """An amount written the English way (``1,234.56 €``, ``€ 1234.56``, ``300,000``), or None.

    Commas separate thousands (groups of exactly three digits) and a dot followed by one or two
    digits is the decimal point; ``1.234`` (three decimals) and ``12,5`` are refused.
    """
    match = _ENGLISH_AMOUNT_TEXT.fullmatch(" ".join(clean_text(text).split()))
    if match is None:
        return None
    return Decimal((match.group("thousands") or match.group("dot")).replace(",", ""))


class AmountStyle(StrEnum):
    """How amounts written as text separate thousands and decimals."""

    ITALIAN = "it"
    """``1.234,56`` (and ``1234.56``: a single dot and one or two digits is a decimal point)."""
    ENGLISH = "en"
    """``1,234.56``."""


def amount_text_style(text: str) -> AmountStyle | None:
    """The one convention an amount written as ``text`` can only be read in, or None when it reads
    the same in both (``1234``, ``1234.5``) or in neither."""
    italian = parse_amount_text(text)
    english = parse_english_amount_text(text)
    if italian is not None and english is None:
        return AmountStyle.ITALIAN
    if english is not None and italian is None:
        return AmountStyle.ENGLISH
    return None


def read_amount(value: CellValue) -> Reading:
    """An amount in euro as a Decimal in cents; never a silent float conversion.

    Numbers go through their shortest decimal text (``Decimal(repr(x))``), so float noise
    like ``0.30000000000000004`` rounds to cents while a real third decimal is refused.
    """
    if isinstance(value, float):
        if not math.isfinite(value):
            return _issue("invalid-amount")
        return _cents(Decimal(repr(value)))
    if isinstance(value, str):
        if is_blank(value):
            return EMPTY
        amount = parse_amount_text(value)
        if amount is None:
            return _issue("invalid-amount")
        return _cents(amount)
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return _issue("invalid-amount")
    if isinstance(value, int):
        return _cents(Decimal(value))
    return _issue("invalid-amount")


def read_english_amount(value: CellValue) -> Reading:
    """An amount in euro as :func:`read_amount` reads it, text written the English way."""
    if isinstance(value, str):
        if is_blank(value):
            return EMPTY
        amount = parse_english_amount_text(value)
        if amount is None:
            return _issue("invalid-amount")
        return _cents(amount)
    return read_amount(value)


_SCORE_TEXT = re.compile(r"[0-9]{1,9}(?:[.,][0-9]{1,9})?")


def read_score(value: CellValue) -> Reading:
    """A non-negative score: a number or decimal text (``72,5`` or ``72.5``)."""
    if isinstance(value, bool):
        return _issue("invalid-number")
    if isinstance(value, float):
        if not math.isfinite(value) or value < 0:
            return _issue("invalid-number")
        return Decimal(repr(round(value, 6))), None
    if isinstance(value, int):
        return (Decimal(value), None) if value >= 0 else _issue("invalid-number")
    if isinstance(value, str):
        text = clean_text(value)
        if not text:
            return EMPTY
        if not _SCORE_TEXT.fullmatch(text):
            return _issue("invalid-number")
        return Decimal(text.replace(",", ".")), None
    if value is None:
        return EMPTY
    return _issue("invalid-number")


# --------------------------------------------------------------------------------------------
# Closed vocabularies


def _vocabulary_reader(lookup: Callable[[str], str | None], expected: str) -> CellReader:
    @lru_cache(maxsize=4096)
    def from_text(text: str) -> Reading:
        if not clean_text(text):
            return EMPTY
        code = lookup(text)
        return (code, None) if code is not None else _issue("invalid-value", expected=expected)

    def read(value: CellValue) -> Reading:
        if isinstance(value, str):
            return from_text(value)
        if value is None:
            return EMPTY
        return _issue("invalid-value", expected=expected)

    return read


read_applicant_type = _vocabulary_reader(
    vocabulary.applicant_type_code, ", ".join(vocabulary.APPLICANT_TYPES)
)
"""Applicant or partner type: a code or an Italian label of :mod:`wecare_cli.vocabulary`."""

read_enterprise_size = _vocabulary_reader(
    vocabulary.enterprise_size_code, ", ".join(vocabulary.ENTERPRISE_SIZES)
)
"""Enterprise size: micro, piccola, media, grande (or their labels)."""

YES_NO_EXPECTED = "sì, no"


@lru_cache(maxsize=1024, typed=True)
def _yes_no_text(text: str) -> Reading:
    answer = vocabulary.yes_no(text)
    if answer is None:
        return _issue("invalid-value", expected=YES_NO_EXPECTED)
    return answer, None


def read_yes_no(value: CellValue) -> Reading:
    """Yes/no: the words of :mod:`wecare_cli.vocabulary`, Excel booleans, 1 and 0."""
    if isinstance(value, bool):
        return value, None
    if isinstance(value, str):
        text = clean_text(value)
        return _yes_no_text(text) if text else EMPTY
    if isinstance(value, int | float) and value in (0, 1):
        return value == 1, None
    if value is None:
        return EMPTY
    return _issue("invalid-value", expected=YES_NO_EXPECTED)


# --------------------------------------------------------------------------------------------
# Dates

_DATE_DMY = re.compile(
    r"(?P<d>[0-9]{1,2})(?P<sep>[/.-])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4})"
    r"(?:(?:\s+|\s*,\s*|\s*(?:ore|h)\s*)(?P<H>[0-9]{1,2})[:.](?P<M>[0-9]{2})(?:[:.](?P<S>[0-9]{2}))?)?",
    re.IGNORECASE,
)
_DATE_ISO = re.compile(
    r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
    r"(?:[T\s](?P<H>[0-9]{2}):(?P<M>[0-9]{2})(?::(?P<S>[0-9]{2})(?:[.,](?P<f>[0-9]{1,6}))?)?"
    r"\s*(?P<z>Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?",
    re.IGNORECASE,
)

EXCEL_EPOCH_1900 = datetime(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serial 1 = 1900-01-01, counting the fictitious 29/02/1900)."""
EXCEL_EPOCH_1904 = datetime(1904, 1, 1)
"""Day 0 of the 1904 date system (old Mac workbooks)."""


def _in_range(moment: date) -> bool:
    return MIN_YEAR <= moment.year <= MAX_YEAR


def _round_ms(moment: datetime) -> datetime:
    micro = moment.microsecond
    if micro % 1000 == 0:
        return moment
    return moment.replace(microsecond=0) + timedelta(milliseconds=round(micro / 1000))


def _date_only(day: date, zone: ZoneInfo) -> SubmissionTime:
    return SubmissionTime(datetime(day.year, day.month, day.day, tzinfo=zone), date_only=True)


def serial_to_datetime(serial: float, *, date1904: bool) -> datetime | None:
    """An Excel serial day number as a naive datetime (to the millisecond), or None if absurd."""
    if not math.isfinite(serial) or not 1 <= serial < 3_000_000:
        return None
    epoch = EXCEL_EPOCH_1904 if date1904 else EXCEL_EPOCH_1900
    try:
        return epoch + timedelta(milliseconds=round(serial * 86_400_000))
    except OverflowError:  # beyond year 9999
        return None


def format_moment(moment: SubmissionTime) -> str:
    """``gg/mm/aaaa`` or ``gg/mm/aaaa hh:mm[:ss]``, Rome time: how a date is shown in messages."""
    local = moment.instant
    if moment.date_only:
        return local.strftime("%d/%m/%Y")
    return local.strftime("%d/%m/%Y %H:%M:%S" if local.second else "%d/%m/%Y %H:%M")


def _parse_date_text(text: str, zone: ZoneInfo) -> SubmissionTime | None:
    match = _DATE_DMY.fullmatch(text) or _DATE_ISO.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    try:
        day = date(int(parts["y"]), int(parts["m"]), int(parts["d"]))
        if parts["H"] is None:
            return _date_only(day, zone) if _in_range(day) else None
        micro = int((parts.get("f") or "0").ljust(6, "0"))
        moment = datetime(
            day.year,
            day.month,
            day.day,
            int(parts["H"]),
            int(parts["M"]),
            int(parts["S"] or 0),
            micro,
        )
    except ValueError:
        return None
    if not _in_range(moment):
        return None
    offset = parts.get("z")
    if offset:
        if offset.upper() == "Z":
            tz = UTC
        else:
            digits = offset[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
            if minutes >= 24 * 60:
                return None
            tz = timezone(timedelta(minutes=minutes if offset[0] == "+" else -minutes))
        return SubmissionTime(moment.replace(tzinfo=tz).astimezone(zone), date_only=False)
    return SubmissionTime(moment.replace(tzinfo=zone), date_only=False)


def make_date_reader(zone: ZoneInfo, *, date1904: bool = False) -> CellReader:
    """A reader of submission dates for one workbook (its date system) in ``zone``.

    Accepted: Excel dates, Excel serial numbers (with a ``date-stored-as-number`` warning),
    ``gg/mm/aaaa``, ``gg-mm-aaaa``, ``gg.mm.aaaa`` with an optional ``hh:mm[:ss]``, and ISO 8601
    ``aaaa-mm-gg[Thh:mm[:ss]][offset]``. Never month-first. A time without offset is in
    ``zone``; a date without a time is that whole day (``date_only``).
    """

    def read(value: CellValue) -> Reading:
        if isinstance(value, datetime):
            moment: datetime
            if value.tzinfo is not None:
                moment = value.astimezone(zone)
            else:
                rounded = _round_ms(value)
                moment = datetime.combine(rounded.date(), rounded.time(), zone)
            if not _in_range(moment):
                return _INVALID_DATE
            return SubmissionTime(moment, date_only=False), None
        if isinstance(value, date):
            if not _in_range(value):
                return _INVALID_DATE
            return _date_only(value, zone), None
        if isinstance(value, str):
            text = clean_text(value)
            if not text:
                return EMPTY
            parsed = _parse_date_text(" ".join(text.split()), zone)
            return (parsed, None) if parsed is not None else _INVALID_DATE
        if value is None:
            return EMPTY
        if isinstance(value, bool):
            return _INVALID_DATE
        if isinstance(value, int | float):
            naive = serial_to_datetime(float(value) if abs(value) < 1e9 else math.inf, date1904=date1904)
            if naive is None or not _in_range(naive):
                return _INVALID_DATE
            if naive.hour == naive.minute == naive.second == naive.microsecond == 0:
                serial = _date_only(naive, zone)
            else:
                serial = SubmissionTime(naive.replace(tzinfo=zone), date_only=False)
            return serial, CellIssue(
                "date-stored-as-number", Severity.WARNING, {"date": format_moment(serial)}
            )
        return _INVALID_DATE

    return read
