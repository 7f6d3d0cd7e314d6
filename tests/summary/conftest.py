"""Fixtures shared with the other rule and ranking tests."""

from tests.applications import configuration

__all__ = ["configuration"]
