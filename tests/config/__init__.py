"""Tests of the configuration: loading, validation messages, discovery."""
