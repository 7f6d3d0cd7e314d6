"""Text read from files, made safe to show on a terminal: control characters are written visibly.

A value from an application workbook, a configuration file or a file name may hold control
characters: ``ESC [2J`` clears the screen, ``ESC ]52;...`` writes the clipboard, a carriage
return or backspaces overwrite what was printed before. Shown raw, they could hide or forge the
rows an officer reads. Every C0 and C1 control character (and DEL) is therefore written as its
escape (``\\x1b``, ``\\r``, ``\\x9b``), except the newline that layouts use.

The rich consoles of the command line apply this to every text they render; plain messages on
standard error go through :func:`visible_controls` directly.
"""

from __future__ import annotations

import re

from rich.text import Span, Text

CONTROL_CHARACTERS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""C0 controls except the newline, DEL and the C1 controls."""

_NAMED = {"\t": "\\t", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    character = match.group()
    return _NAMED.get(character) or f"\\x{ord(character):02x}"


def has_controls(text: str) -> bool:
    """Whether the text holds a control character that :func:`visible_controls` would rewrite."""
    return CONTROL_CHARACTERS.search(text) is not None


def visible_controls(text: str) -> str:
    """The text with each control character (newline excepted) written as its escape.

    ESC becomes the four characters ``\\x1b``, a carriage return ``\\r``, a tab ``\\t``.
    """
    return CONTROL_CHARACTERS.sub(_escape, text) if has_controls(text) else text


def visible_text(text: Text) -> Text:
    """A copy of the Rich text with its control characters visible and its styles kept in place."""
    plain = text.plain
    if not has_controls(plain):
        return text.copy()
    starts: list[int] = []
    pieces: list[str] = []
    position = 0
    for character in plain:
        starts.append(position)
        shown = visible_controls(character)
        pieces.append(shown)
        position += len(shown)
    starts.append(position)
    copy = text.blank_copy("".join(pieces))
    last = len(plain)
    copy.spans = [Span(starts[min(s.start, last)], starts[min(s.end, last)], s.style) for s in text.spans]
    return copy
