"""Shares compared in one sentence never look equal when they differ."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wecare_cli.findings import Money, Share
from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang


def cofinancing(share: str, lang: Lang) -> str:
    return text(
        "finding-cofinancing-below-minimum",
        lang,
        requested=Money(Decimal("240100")),
        total=Money(Decimal("300000")),
        share=Share(Decimal(share)),
        minimum=Share(Decimal("0.2")),
    )


def test_a_share_just_below_its_minimum_shows_the_decimals_that_tell_them_apart() -> None:
    assert "cofinanziamento 19,97 %, sotto il minimo del 20 %" in cofinancing("0.19966", Lang.IT)
    assert "co-financing 19.97%, below the minimum 20%" in cofinancing("0.19966", Lang.EN)


def test_a_share_far_from_its_minimum_keeps_one_decimal_at_most() -> None:
    assert "cofinanziamento 15 %, sotto il minimo del 20 %" in cofinancing("0.15", Lang.IT)
    assert "cofinanziamento 12,3 %" in cofinancing("0.12345", Lang.IT)


def test_a_share_alone_keeps_one_decimal() -> None:
    assert formatting.percent(Decimal("0.19966"), "it") == "20 %"


@pytest.mark.parametrize("lang", ["it", "en"])
@given(
    a=st.decimals(min_value=0, max_value=1, places=6),
    b=st.decimals(min_value=0, max_value=1, places=6),
)
def test_two_different_shares_are_always_worded_differently(lang: str, a: Decimal, b: Decimal) -> None:
    decimals = formatting.distinct_percent_decimals([a, b], lang)
    shown = {formatting.percent(a, lang, decimals), formatting.percent(b, lang, decimals)}
    assert len(shown) == (1 if a == b else 2)
