"""Shared fixtures: every test runs with a clean, predictable environment."""

from __future__ import annotations

import pytest

import wecare_cli.i18n.errors  # noqa: F401  (str() of an error is its English message)


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's WECARE_* variables or Italian locale must not change what the tests see."""
    for name in ("WECARE_MEASURES", "WECARE_DISTRICTS", "WECARE_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
