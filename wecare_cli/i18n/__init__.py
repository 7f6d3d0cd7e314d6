"""The rendering edge's language: formatting of numbers, money and dates per language.

The core never imports this package: it hands typed values (Decimal, datetime, codes) to the
reports, which word and format them here, in the officer's language.
"""
