"""Amounts written as text in the Italian (``1.234,56``) and the English (``1,234.56``) way."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from wecare_cli.ingest.cells import (
    AmountStyle,
    amount_text_style,
    parse_amount_text,
    parse_english_amount_text,
    read_amount,
    read_english_amount,
)
from wecare_cli.ingest.columns import AmountColumn

CENTS = st.integers(min_value=0, max_value=10**12 - 1).map(lambda cents: Decimal(cents) / 100)
CURRENCY = st.sampled_from(["", " €", "€ ", " EUR", "EUR "])


def written(amount: Decimal, thousands: str, decimals: str, *, grouped: bool, cents: bool) -> str:
    whole, fraction = f"{amount:.2f}".split(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", thousands)
    return whole + (decimals + fraction if cents else "")


def with_currency(text: str, currency: str) -> str:
    return currency + text if currency.endswith(" ") else text + currency


@given(CENTS, st.booleans(), CURRENCY)
def test_every_amount_written_the_italian_way_reads_back_exactly(
    amount: Decimal, grouped: bool, currency: str
) -> None:
    text = with_currency(written(amount, ".", ",", grouped=grouped, cents=True), currency)
    assert parse_amount_text(text) == amount
    assert read_amount(text) == (amount.quantize(Decimal("0.01")), None)


@given(CENTS, st.booleans(), CURRENCY)
def test_every_amount_written_the_english_way_reads_back_exactly_with_the_english_reader(
    amount: Decimal, grouped: bool, currency: str
) -> None:
    text = with_currency(written(amount, ",", ".", grouped=grouped, cents=True), currency)
    assert parse_english_amount_text(text) == amount
    assert read_english_amount(text) == (amount.quantize(Decimal("0.01")), None)


@given(st.integers(min_value=1000, max_value=10**11), st.booleans(), CURRENCY)
def test_an_english_amount_with_thousands_is_english_only_and_refused_the_italian_way(
    whole: int, cents: bool, currency: str
) -> None:
    text = with_currency(written(Decimal(whole), ",", ".", grouped=True, cents=cents), currency)
    assert amount_text_style(text) is AmountStyle.ENGLISH
    assert parse_amount_text(text) is None
    assert read_amount(text)[1] is not None and read_amount(text)[1].code == "invalid-amount"  # type: ignore[union-attr]


@given(st.integers(min_value=1000, max_value=10**11), CURRENCY)
def test_an_italian_amount_with_thousands_or_a_decimal_comma_is_italian_only(
    whole: int, currency: str
) -> None:
    grouped = with_currency(written(Decimal(whole), ".", ",", grouped=True, cents=False), currency)
    comma = with_currency(f"{whole},5", currency)
    assert amount_text_style(grouped) is AmountStyle.ITALIAN
    assert amount_text_style(comma) is AmountStyle.ITALIAN
    assert parse_english_amount_text(grouped) is None
    assert read_english_amount(comma)[0] is None


@given(CENTS)
def test_a_plain_number_reads_the_same_in_both_conventions(amount: Decimal) -> None:
    text = f"{amount:.2f}"
    assert amount_text_style(text) is None
    assert parse_amount_text(text) == parse_english_amount_text(text) == amount


@given(st.lists(CENTS, min_size=1, max_size=30))
def test_a_column_wholly_english_is_told_from_one_that_mixes_the_conventions(amounts: list[Decimal]) -> None:
    english = [written(a + 1000, ",", ".", grouped=True, cents=True) for a in amounts]
    italian = [written(a + 1000, ".", ",", grouped=True, cents=True) for a in amounts]
    wholly = AmountColumn(AmountStyle.ITALIAN)
    wholly(english)
    assert wholly.wholly_other
    assert wholly.example == english[0]
    mixed = AmountColumn(AmountStyle.ITALIAN)
    mixed(english)
    mixed(italian)  # a later batch of the same table
    assert not mixed.wholly_other
    read_english = AmountColumn(AmountStyle.ENGLISH)
    values, issues = read_english(english)
    assert values == [(a + 1000).quantize(Decimal("0.01")) for a in amounts]
    assert not issues and not read_english.wholly_other


def test_numbers_of_a_workbook_read_the_same_whatever_the_convention() -> None:
    for reader in (read_amount, read_english_amount):
        assert reader(1234.5) == (Decimal("1234.50"), None)
        assert reader(300000) == (Decimal("300000.00"), None)
