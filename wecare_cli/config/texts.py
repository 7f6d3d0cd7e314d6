"""Texts of the configuration that people read (names, notes), in several languages, one shape for all.

In measures.yaml a translatable text is a mapping from language code to text, Italian first::

    note:
      it: "NON TROVATO nelle fonti."
      en: "NOT FOUND in the sources."

A plain string is still accepted (files written before texts had languages): it is shown as
written, whatever the language of the run. The core only carries texts; the reports choose the
run's language, and say so visibly when they fall back to another one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from wecare_cli.errors import ConfigProblem
from wecare_cli.multilingual import ConfigText

LANGUAGE_CODE = re.compile(r"[a-z]{2}")

__all__ = ["LANGUAGE_CODE", "ConfigText", "Text", "legacy_names", "parse_text"]


def parse_text(value: object) -> ConfigText:
    """A plain string, or a mapping ``{language code: text}`` with at least one non-empty text."""
    if isinstance(value, ConfigText):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ConfigProblem("text-empty")
        return ConfigText((("", value),))
    if isinstance(value, Mapping):
        pairs: list[tuple[str, str]] = []
        for code, text in value.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
                raise ConfigProblem("not-a-language-code", language=code)
            if not isinstance(text, str) or not text.strip():
                raise ConfigProblem("text-empty-in", language=code)
            pairs.append((code, text))
        if not pairs:
            raise ConfigProblem("text-needs-language")
        return ConfigText(tuple(pairs))
    raise ConfigProblem("not-a-text")


def _serialise(text: ConfigText) -> Any:
    """As written: a plain string, or the mapping of language codes to text."""
    if text.languages:
        return dict(text.texts)
    return text.texts[0][1]


Text = Annotated[ConfigText, BeforeValidator(parse_text), PlainSerializer(_serialise)]
"""A translatable text field of a configuration model."""


def legacy_names(data: Any) -> Any:
    """``name_it`` + ``name_en`` (files before texts had languages) read as ``name: {it, en}``."""
    if isinstance(data, dict) and ("name_it" in data or "name_en" in data) and "name" not in data:
        data = dict(data)
        names = {code: data.pop(f"name_{code}") for code in ("it", "en") if f"name_{code}" in data}
        data["name"] = names
    return data
