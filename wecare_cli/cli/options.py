"""Options shared by the commands, declared once."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.usage import install_catalogue
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang, interface_lang, resolve_lang
from wecare_cli.reports.rendering import Format


def command_language(option: str | None) -> Lang:
    """The run's language: the command's ``--lang``, else one given before the command
    (``wecare --lang it check ...``), else ``WECARE_LANG``, else the locale."""
    if option is None:
        from typer._click.globals import get_current_context

        context = get_current_context(silent=True)
        if context is not None:
            given = context.find_root().params.get("lang")
            option = given if isinstance(given, str) else None
    return resolve_lang(option)


UI = interface_lang()
"""The language of --help texts (``--lang`` is read from the command line before parsing)."""
install_catalogue(UI)


MeasuresOption = Annotated[
    Path | None,
    typer.Option(
        "--measures",
        metavar=text("metavar-file", UI),
        help=text("help-opt-measures", UI),
        show_default=False,
    ),
]
DistrictsOption = Annotated[
    Path | None,
    typer.Option(
        "--districts",
        metavar=text("metavar-file", UI),
        help=text("help-opt-districts", UI),
        show_default=False,
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help=text("help-opt-output-force", UI))]


class Amounts(StrEnum):
    """How amounts written as text separate thousands and decimals (``--amounts``)."""

    it = "it"
    en = "en"


AmountsOption = Annotated[Amounts, typer.Option("--amounts", help=text("help-opt-amounts", UI))]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=text("help-opt-format", UI))]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar=text("metavar-language", UI),
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
    raise typer.BadParameter(text("usage-not-a-date", UI, value=repr(value)))


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_parse_day,
        metavar=text("metavar-date", UI),
        help=text("help-opt-as-of", UI),
        show_default=False,
    ),
]
