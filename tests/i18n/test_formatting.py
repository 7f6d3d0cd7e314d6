"""Amounts and dates written without Babel on the usual path are exactly Babel's text."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wecare_cli.i18n import formatting
from wecare_cli.i18n.lang import Lang

LANGUAGES = st.sampled_from([Lang.IT, Lang.EN])
AMOUNTS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**12), max_value=10**12),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
)


@given(AMOUNTS, LANGUAGES, st.sampled_from([True, False, None]))
def test_an_amount_is_written_as_babel_writes_it(
    amount: Decimal | int | float, lang: Lang, cents: bool | None
) -> None:
    value = Decimal(str(amount)) if isinstance(amount, float) else Decimal(amount)
    show_cents = cents if cents is not None else value != value.to_integral_value()
    assert formatting.money(amount, lang, cents=cents) == formatting.babel_money(
        value, lang, cents=show_cents
    )


@pytest.mark.parametrize(
    ("amount", "lang", "written"),
    [
        (Decimal("80000"), Lang.IT, "80.000,00 €"),
        (Decimal("80000"), Lang.EN, "€80,000.00"),
        (Decimal("1234567.895"), Lang.IT, "1.234.567,90 €"),
        (Decimal("0.005"), Lang.EN, "€0.00"),
        (Decimal("-12.5"), Lang.IT, "-12,50 €"),
    ],
)
def test_an_amount_with_cents_reads_as_the_officer_writes_it(
    amount: Decimal, lang: Lang, written: str
) -> None:
    assert formatting.money(amount, lang, cents=True) == written


def test_an_amount_rounded_to_the_euro_rounds_half_to_even() -> None:
    assert formatting.money(Decimal("1234567.5"), Lang.IT, cents=False) == "1.234.568 €"
    assert formatting.money(Decimal("2.5"), Lang.EN, cents=False) == "€2"


@given(st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31)), LANGUAGES)
def test_an_instant_is_written_as_babel_writes_it(instant: datetime, lang: Lang) -> None:
    pattern = {Lang.IT: "dd/MM/yyyy HH:mm", Lang.EN: "d MMM yyyy HH:mm"}[lang]
    assert formatting.moment(instant, lang) == formatting.babel_dated(instant, pattern, lang)


@given(st.dates(), LANGUAGES)
def test_a_day_is_written_as_babel_writes_it(value: date, lang: Lang) -> None:
    pattern = {Lang.IT: "dd/MM/yyyy", Lang.EN: "d MMM yyyy"}[lang]
    assert formatting.day(value, lang) == formatting.babel_dated(value, pattern, lang)


def test_an_instant_reads_as_the_officer_writes_it() -> None:
    instant = datetime(2017, 12, 20, 23, 59, 59)
    assert formatting.moment(instant, Lang.IT) == "20/12/2017 23:59"
    assert formatting.moment(instant, Lang.EN) == "20 Dec 2017 23:59"
    assert formatting.moment(instant, Lang.EN, date_only=True) == "20 Dec 2017"
    assert formatting.day(date(999, 3, 1), Lang.IT) == "01/03/0999"


@pytest.mark.parametrize("amount", ["1E+26", "-1E+26", "-123456789012345678901234567.89"])
def test_an_amount_beyond_the_default_decimal_precision_is_written_not_refused(amount: str) -> None:
    assert formatting.money(Decimal(amount), Lang.IT, cents=True) == formatting.babel_money(
        Decimal(amount), Lang.IT, cents=True
    )
