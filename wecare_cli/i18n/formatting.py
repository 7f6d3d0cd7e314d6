"""Money, numbers, percentages and dates as each language writes them, with Babel's CLDR data.

Italian: ``1.234,56 €``, ``4,7 %``, ``20/12/2017 23:59``; English: ``€1,234.56``, ``4.7%``,
``20 Dec 2017 23:59``. This module is the only place that formats a number or a date for a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, localcontext
from functools import lru_cache
from typing import Any

_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})
"""CLDR's no-break spaces become plain ones: output stays greppable and prints on any console."""

_LOCALES: dict[str, str] = {"it": "it_IT", "en": "en"}
_PERCENT: dict[str, str] = {"it": "#,##0.# %", "en": "#,##0.#%"}
_MOMENT: dict[str, str] = {"it": "dd/MM/yyyy HH:mm", "en": "d MMM yyyy HH:mm"}
_DAY: dict[str, str] = {"it": "dd/MM/yyyy", "en": "d MMM yyyy"}


def _locale(lang: str) -> str:
    return _LOCALES.get(str(lang), "en")


@lru_cache(maxsize=8)
def _money_patterns(lang: str) -> tuple[str, str]:
    """The locale's currency pattern with cents and without."""
    from babel import Locale

    pattern = Locale.parse(_locale(lang)).currency_formats["standard"].pattern.split(";")[0]
    return pattern, pattern.replace(".00", "")


def money(amount: Decimal | int | float | None, lang: str, *, cents: bool | None = None) -> str | None:
    """An amount in euro: ``80.000,00 €`` / ``€80,000.00``; None stays None.

    ``cents``: always (True), never (False, rounded to the euro) or only when the amount has some (None).
    The text is Babel's (:func:`babel_money`); a positive amount is written from the locale's
    shape, measured once with Babel, which is about twenty times faster (a report words
    hundreds of thousands of amounts).
    """
    if amount is None:
        return None
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    show_cents = cents if cents is not None else value != value.to_integral_value()
    if value.is_signed() or not value.is_finite():
        return babel_money(value, lang, cents=show_cents)
    prefix, suffix, separators = _money_shape(str(lang), show_cents)
    digits = format(value, ",.2f") if show_cents else format(value.to_integral_value(), ",.0f")
    return prefix + digits.translate(separators) + suffix


def babel_money(value: Decimal, lang: str, *, cents: bool) -> str:
    """An amount in euro as Babel writes it with the locale's currency pattern (the reference)."""
    from babel.numbers import format_currency

    with_cents, whole = _money_patterns(lang)
    with localcontext() as context:
        # Enough precision for any amount a cell can hold (Babel quantizes to the cent).
        context.prec = max(context.prec, value.adjusted() + 10)
        text = format_currency(
            value if cents else value.to_integral_value(),
            "EUR",
            format=with_cents if cents else whole,
            locale=_locale(lang),
            currency_digits=False,
        )
    return text.translate(_SPACES)


_PROBE = Decimal("1234567.50")
"""An amount whose text shows every part of a currency pattern: sign, groups, decimals, symbol."""


@lru_cache(maxsize=16)
def _money_shape(lang: str, cents: bool) -> tuple[str, str, dict[int, str]]:
    """What Babel writes before and after the digits of a positive amount, and the separators."""
    from babel.numbers import get_decimal_symbol, get_group_symbol

    probe = babel_money(_PROBE, lang, cents=cents)
    first = next(i for i, c in enumerate(probe) if c.isdigit())
    last = max(i for i, c in enumerate(probe) if c.isdigit())
    group = get_group_symbol(_locale(lang)).translate(_SPACES)
    decimal = get_decimal_symbol(_locale(lang)).translate(_SPACES)
    return probe[:first], probe[last + 1 :], str.maketrans({",": group, ".": decimal})


def number(value: Decimal | int | float | None, lang: str) -> str | None:
    """A number as written in the language (``72,5`` / ``72.5``, ``1.234`` / ``1,234``)."""
    if value is None:
        return None
    from babel.numbers import format_decimal

    return format_decimal(value, format="#,##0.######", locale=_locale(lang)).translate(_SPACES)


def percent(fraction: Decimal | float | None, lang: str, decimals: int = 1) -> str | None:
    """A share as a percentage with at most ``decimals`` decimals: ``4,7 %`` / ``4.7%``."""
    if fraction is None:
        return None
    from babel.numbers import format_percent

    value = fraction if isinstance(fraction, Decimal) else Decimal(str(fraction))
    pattern = _PERCENT.get(str(lang), _PERCENT["en"])
    if decimals != 1:
        pattern = pattern.replace("0.#", "0." + "#" * decimals if decimals else "0")
    return format_percent(value, format=pattern, locale=_locale(lang)).translate(_SPACES)


MAX_PERCENT_DECIMALS = 6


def distinct_percent_decimals(fractions: Sequence[Decimal], lang: str) -> int:
    """The fewest decimals (one at least) that show different shares as different percentages.

    A co-financing of 19.96 % against a minimum of 20 % reads ``20 %, below the minimum 20 %``
    with one decimal; with two it reads ``19,96 %``.
    """
    distinct = set(fractions)
    for decimals in range(1, MAX_PERCENT_DECIMALS + 1):
        if len({percent(f, lang, decimals) for f in distinct}) == len(distinct):
            return decimals
    return MAX_PERCENT_DECIMALS


def moment(instant: datetime | None, lang: str, *, date_only: bool = False) -> str | None:
    """An instant in its own time zone: ``20/12/2017 23:59`` / ``20 Dec 2017 23:59``."""
    if instant is None:
        return None
    if date_only:
        return day(instant.date(), lang)
    # In its own time zone: the fields are the wall clock's, and Babel is given the instant without its zone.
    return _dated(instant, _MOMENT.get(str(lang), _MOMENT["en"]), str(lang))


def day(value: date | None, lang: str) -> str | None:
    """A calendar day: ``20/12/2017`` / ``20 Dec 2017``."""
    if value is None:
        return None
    return _dated(value, _DAY.get(str(lang), _DAY["en"]), str(lang))


def babel_dated(value: date, pattern: str, lang: str) -> str:
    """A day or an instant as Babel writes it with a CLDR pattern (the reference of :func:`_dated`)."""
    from babel.dates import format_date, format_datetime

    if isinstance(value, datetime):
        return str(format_datetime(value, pattern, locale=_locale(lang)))
    return str(format_date(value, pattern, locale=_locale(lang)))


_FIELDS = frozenset({"d", "dd", "MM", "MMM", "yyyy", "HH", "mm"})
"""The pattern fields written without Babel (a pattern with any other goes through Babel)."""


@lru_cache(maxsize=32)
def _date_template(pattern: str, lang: str) -> tuple[str, tuple[str, ...]] | None:
    """The pattern as a ``%(field)s`` template and the locale's short month names, or None."""
    from babel import Locale
    from babel.dates import parse_pattern

    form = str(parse_pattern(pattern).format)
    if not set(re.findall(r"%\((\w+)\)s", form)) <= _FIELDS:
        return None
    names = Locale.parse(_locale(lang)).months["format"]["abbreviated"]
    return form, tuple(str(names[month]) for month in range(1, 13))


_WRITTEN = {
    "d": "%(day)d",
    "dd": "%(day)02d",
    "MM": "%(month)02d",
    "MMM": "%(name)s",
    "yyyy": "%(year)04d",
    "HH": "%(hour)02d",
    "mm": "%(minute)02d",
}
"""Each pattern field as the number it shows, written by ``%`` (``%02d`` is ``f"{n:02d}"`` for n >= 0)."""


@lru_cache(maxsize=32)
def _date_form(pattern: str, lang: str) -> tuple[str, tuple[str, ...], bool] | None:
    """The pattern as one ``%`` template of the value's numbers; the month names; whether it has a time."""
    template = _date_template(pattern, lang)
    if template is None or "%%" in template[0]:
        return None
    form, months = template
    timed = "%(HH)s" in form or "%(mm)s" in form
    return re.sub(r"%\((\w+)\)s", lambda field: _WRITTEN[field.group(1)], form), months, timed


def _dated(value: date, pattern: str, lang: str) -> str:
    """A day or an instant with a CLDR pattern: Babel's text, written directly for the usual fields.

    An instant's zone is not read: it is shown in its own (Babel is given it without the zone).
    """
    template = _date_form(pattern, lang)
    clock: dict[str, int] = {}
    if isinstance(value, datetime):
        if template is None:
            return babel_dated(value.replace(tzinfo=None), pattern, lang)
        clock = {"hour": value.hour, "minute": value.minute}
    elif template is None or template[2]:
        return babel_dated(value, pattern, lang)
    form, months, _ = template
    return form % {
        "day": value.day,
        "month": value.month,
        "name": months[value.month - 1],
        "year": value.year,
        **clock,
    }


def decimal_symbol(lang: str) -> str:
    """The decimal separator of the language's CLDR locale: ``,`` in Italian, ``.`` in English."""
    from babel.numbers import get_decimal_symbol

    return str(get_decimal_symbol(_locale(lang)))


def plain_number(value: int | float | Decimal, lang: str) -> str:
    """A number for a spreadsheet cell: no grouping, the language's decimal separator (``1234,5``)."""
    written = str(value)
    return written.replace(".", decimal_symbol(lang)) if "." in written else written


def listing(items: Any, lang: str) -> str:
    """Codes or names as a list in running text: ``a, b, c``."""
    return ", ".join(str(item) for item in items)
