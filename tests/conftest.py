"""Shared fixtures: every test runs with a clean, predictable environment."""

from __future__ import annotations

from pathlib import Path

import pytest

import wecare_cli.i18n.errors  # noqa: F401  (str() of an error is its English message)


@pytest.fixture(scope="session")
def _test_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder for the whole run: the tests never read or fill the developer's own."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, _test_cache_folder: Path) -> None:
    """A developer's WECARE_* variables or Italian locale must not change what the tests see."""
    for name in (
        "WECARE_MEASURES",
        "WECARE_DISTRICTS",
        "WECARE_LANG",
        "WECARE_NO_CACHE",
        "LC_ALL",
        "LC_MESSAGES",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(_test_cache_folder))
