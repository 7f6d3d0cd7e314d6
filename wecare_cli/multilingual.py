"""A text written in one or more languages (a configuration's names and notes)."""

from __future__ import annotations

from dataclasses import dataclass

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
