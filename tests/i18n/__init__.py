"""Tests of the two languages."""
