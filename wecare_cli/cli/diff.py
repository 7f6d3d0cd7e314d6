"""`wecare diff`: what changed between two runs of check or rank."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.console import make_consoles
from wecare_cli.cli.options import UI, FormatOption, LangOption, command_language
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text
from wecare_cli.reports.rendering import Format

OldArgument = Annotated[
    Path,
    typer.Argument(metavar=text("metavar-old", UI), help=text("help-arg-old", UI), show_default=False),
]
NewArgument = Annotated[
    Path,
    typer.Argument(metavar=text("metavar-new", UI), help=text("help-arg-new", UI), show_default=False),
]


def diff(
    old: OldArgument,
    new: NewArgument,
    output_format: FormatOption = Format.TABLE,
    lang: LangOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=text("help-opt-diff-quiet", UI))] = False,
) -> None:
    """Compare two runs of check or of rank: what is new, withdrawn or changed.

    Reports new and withdrawn applications, changed verdicts (with the finding codes added and
    removed), changed ranks and grants, and the budget, allocation and residual of each
    envelope. Applications are matched by id (trimmed, case-insensitive), or by file, sheet and
    row when the id is missing or repeated. Exit 0 when nothing changed, 1 when something did,
    2 when an input cannot be read or the two are not of the same kind.

    Example: wecare diff ieri.json oggi.json --format json
    """
    import os

    from wecare_cli.diff import DiffInputError, diff_files
    from wecare_cli.ingest.files import limits_from_environment
    from wecare_cli.reports.rendering import render

    language = command_language(lang)
    consoles = make_consoles()
    limits = limits_from_environment(os.environ)
    try:
        result = diff_files(old, new, limits)
    except DiffInputError as error:
        from wecare_cli.i18n.errors import describe

        consoles.note(describe(error, language))
        raise typer.Exit(ExitCode.CANNOT_RUN) from None
    if not quiet:
        render(result, output_format, language, consoles)
    raise typer.Exit(ExitCode.FINDINGS if result.changed else ExitCode.OK)
