"""The shipped configuration loads and adds up."""

from __future__ import annotations

from decimal import Decimal

from wecare_cli.config import load_configuration


def test_the_shipped_measures_add_up_to_twenty_million_euro() -> None:
    config = load_configuration(environ={})
    budgets = [m.budget_eur.value for m in config.measures.measures]
    assert [m.code for m in config.measures.measures] == ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]
    assert sum(b for b in budgets if b is not None) == Decimal(20_000_000)
    assert len(config.districts) == 30
