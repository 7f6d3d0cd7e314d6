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
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

LANGUAGE_CODE = re.compile(r"[a-z]{2}")
FALLBACK_ORDER: tuple[str, ...] = ("en", "it")
"""The languages tried, in order, when a text lacks the run's language."""


@dataclass(frozen=True)
class ConfigText:
    """A text of the configuration in one or more languages (``texts``), or written without one."""

    texts: tuple[tuple[str, str], ...]
    """(language code, text) pairs as written; a single pair with code ``""`` for a plain string."""

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages the text is written in (empty for a plain string)."""
        return tuple(code for code, _ in self.texts if code)

    def get(self, lang: str) -> tuple[str, str | None]:
        """The text in ``lang``; else in a fallback language, with that language's code.

        Returns ``(text, None)`` when the text is in ``lang`` or written without a language,
        ``(text, code)`` when it falls back to the language ``code``.
        """
        by_code = dict(self.texts)
        if "" in by_code:
            return by_code[""], None
        if lang in by_code:
            return by_code[lang], None
        for code in (*FALLBACK_ORDER, *by_code):
            if code in by_code:
                return by_code[code], code
        raise LookupError("a configuration text without any language")  # validation forbids it

    def matches(self) -> tuple[str, ...]:
        """Every version of the text (to match what an officer typed, in any language)."""
        return tuple(text for _, text in self.texts)

    def __str__(self) -> str:
        return self.get(FALLBACK_ORDER[0])[0]


def parse_text(value: object) -> ConfigText:
    """A plain string, or a mapping ``{language code: text}`` with at least one non-empty text."""
    if isinstance(value, ConfigText):
        return value
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("empty text")
        return ConfigText((("", value),))
    if isinstance(value, Mapping):
        pairs: list[tuple[str, str]] = []
        for code, text in value.items():
            if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
                raise ValueError(f"{code!r} is not a language code (write it, en, ...)")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the {code} text must be non-empty text")
            pairs.append((code, text))
        if not pairs:
            raise ValueError("a text needs at least one language")
        return ConfigText(tuple(pairs))
    raise ValueError("must be text, or a mapping of language codes to text (it: ..., en: ...)")


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
