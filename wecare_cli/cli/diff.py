"""`wecare diff`: what changed between two runs of check or rank."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.console import make_consoles, write_data
from wecare_cli.cli.options import LangOption
from wecare_cli.exit_codes import ExitCode
from wecare_cli.messages import resolve_lang, text


class DiffFormat(StrEnum):
    """How the changes are printed on standard output."""

    TABLE = "table"
    JSON = "json"


OldArgument = Annotated[
    Path,
    typer.Argument(
        metavar="OLD",
        help="The earlier run: JSON of wecare check or rank --format json, or a wecare rank workbook.",
        show_default=False,
    ),
]
NewArgument = Annotated[
    Path,
    typer.Argument(metavar="NEW", help="The later run, of the same kind as OLD.", show_default=False),
]


def diff(
    old: OldArgument,
    new: NewArgument,
    output_format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="table for people, json for scripts.")
    ] = DiffFormat.TABLE,
    lang: LangOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing; only the exit code.")] = False,
) -> None:
    """Compare two runs of check or of rank: what is new, withdrawn or changed.

    Reports new and withdrawn applications, changed verdicts (with the finding codes added and
    removed), changed ranks and grants, and the budget, allocation and residual of each
    envelope. Applications are matched by id (trimmed, case-insensitive), or by file, sheet and
    row when the id is missing or repeated. Exit 0 when nothing changed, 1 when something did,
    2 when an input cannot be read or the two are not of the same kind.

    Example: wecare diff ieri.json oggi.json --format json
    """
    import json
    import os

    from wecare_cli.diff import DiffInputError, diff_document, diff_files
    from wecare_cli.ingest.files import limits_from_environment

    language = resolve_lang(lang)
    consoles = make_consoles()
    limits = limits_from_environment(os.environ)
    try:
        result = diff_files(old, new, limits)
    except DiffInputError as error:
        consoles.err.print(error.message(language), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(ExitCode.CANNOT_RUN) from None
    if not quiet:
        if output_format is DiffFormat.JSON:
            # On a console that is not UTF-8, escape non-ASCII text instead of losing it.
            ascii_only = not consoles.out.encoding.lower().startswith("utf")
            document = json.dumps(diff_document(result), ensure_ascii=ascii_only, indent=2)
            write_data(consoles, document + "\n")
        else:
            from wecare_cli.reports.diff_console import diff_title, diff_view

            consoles.out.print(diff_title(result, language), soft_wrap=True, highlight=False)
            if result.changed:
                consoles.out.print(diff_view(result, language))
        if result.matched_by_position:
            consoles.err.print(
                text("diff-matched-by-position", language, count=result.matched_by_position),
                markup=False,
                highlight=False,
                soft_wrap=True,
            )
    raise typer.Exit(ExitCode.FINDINGS if result.changed else ExitCode.OK)
