"""Hostile and broken inputs through the whole command."""
