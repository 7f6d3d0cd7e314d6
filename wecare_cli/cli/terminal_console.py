"""The console every command prints through: text from files can never drive the terminal.

Values shown on screen (applicant names, ids, sheet and file names, configuration texts) come
from files someone else wrote. :class:`TerminalConsole` renders them as data:

- control characters are written visibly (``\\x1b``, ``\\r``; see
  :mod:`wecare_cli.reports.terminal`) in every text segment, before Rich turns styles into its
  own escape codes. Rich keeps those codes (colours, cursor moves of the progress bar) in
  separate control segments, which pass unchanged;
- plain strings are escaped before they become Rich text, so table columns are measured on
  what is shown;
- Rich markup (``[bold]``, ``[link=...]``) and emoji codes (``:warning:``) in a value are
  text, not instructions: a name like ``[/b]`` neither changes the styling nor breaks the run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.text import Text

from wecare_cli.reports.terminal import has_controls, visible_controls, visible_text


class TerminalConsole(Console):
    """A Rich console that shows control characters in text instead of sending them."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("markup", False)
        options.setdefault("emoji", False)
        super().__init__(**options)

    def render_str(self, text: str, **options: Any) -> Text:
        """A string as Rich text, its control characters already visible (they take room in a table)."""
        return super().render_str(visible_controls(text), **options)

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        """Segments of the renderable; a text segment never carries a control character."""
        if isinstance(renderable, Text) and has_controls(renderable.plain):
            renderable = visible_text(renderable)
        for segment in super().render(renderable, options):
            if segment.control is None and has_controls(segment.text):
                yield Segment(visible_controls(segment.text), segment.style)
            else:
                yield segment
