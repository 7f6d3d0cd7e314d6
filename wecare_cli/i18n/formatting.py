"""Money, numbers, percentages and dates as each language writes them, with Babel's CLDR data.

Italian: ``1.234,56 €``, ``4,7 %``, ``20/12/2017 23:59``; English: ``€1,234.56``, ``4.7%``,
``20 Dec 2017 23:59``. This module is the only place that formats a number or a date for a person.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
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
    """
    if amount is None:
        return None
    from babel.numbers import format_currency

    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    with_cents, whole = _money_patterns(lang)
    show_cents = cents if cents is not None else value != value.to_integral_value()
    text = format_currency(
        value if show_cents else value.to_integral_value(),
        "EUR",
        format=with_cents if show_cents else whole,
        locale=_locale(lang),
        currency_digits=False,
    )
    return text.translate(_SPACES)


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
    from babel.dates import format_datetime

    return format_datetime(
        instant.replace(tzinfo=None), _MOMENT.get(str(lang), _MOMENT["en"]), locale=_locale(lang)
    )


def day(value: date | None, lang: str) -> str | None:
    """A calendar day: ``20/12/2017`` / ``20 Dec 2017``."""
    if value is None:
        return None
    from babel.dates import format_date

    return format_date(value, _DAY.get(str(lang), _DAY["en"]), locale=_locale(lang))


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
