"""Fixtures shared by the report tests."""

from tests.applications import configuration

__all__ = ["configuration"]
