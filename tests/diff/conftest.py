"""Fixtures shared with the other diff tests."""

from tests.applications import configuration

__all__ = ["configuration"]
