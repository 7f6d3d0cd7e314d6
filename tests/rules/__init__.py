"""Tests of the eligibility and deadline rules."""
