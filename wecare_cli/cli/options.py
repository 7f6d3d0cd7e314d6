"""Options shared by the commands, declared once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import interface_lang
from wecare_cli.reports.rendering import Format

UI = interface_lang()
"""The language of --help texts (``--lang`` is read from the command line before parsing)."""


MeasuresOption = Annotated[
    Path | None,
    typer.Option(
        "--measures",
        help=text("help-opt-measures", UI),
        show_default=False,
    ),
]
DistrictsOption = Annotated[
    Path | None,
    typer.Option(
        "--districts",
        help=text("help-opt-districts", UI),
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help=text("help-opt-output-force", UI))]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=text("help-opt-format", UI))]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help=text("help-opt-lang", UI),
        show_default=False,
    ),
]


def _parse_day(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD or gg/mm/aaaa")


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_parse_day,
        metavar="DATE",
        help=text("help-opt-as-of", UI),
        show_default=False,
    ),
]


class TranslatedCommand(TyperCommand):
    """A command whose --help option is described in the officer's language too."""

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = text("help-help", UI)
        return option


class TranslatedGroup(TyperGroup):
    """A group of commands whose --help option is described in the officer's language too."""

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = text("help-help", UI)
        return option
