"""Tests of ranking and allocation."""
