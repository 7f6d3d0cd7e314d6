"""`wecare check`: is every application eligible and on time, and if not, why and where."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.options import (
    UI,
    Amounts,
    AmountsOption,
    AsOfOption,
    DistrictsOption,
    ForceOption,
    FormatOption,
    LangOption,
    MeasuresOption,
)
from wecare_cli.cli.runs import inputs_of, open_run
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text
from wecare_cli.reports.rendering import Format, render

FilesArgument = Annotated[
    list[Path],
    typer.Argument(help=text("help-arg-files", UI), metavar=text("metavar-files", UI)),
]
PartnersOption = Annotated[
    Path | None,
    typer.Option("--partners", metavar=text("metavar-file", UI), help=text("help-opt-partners", UI)),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar=text("metavar-file", UI), help=text("help-opt-output-findings", UI)
    ),
]
StrictOption = Annotated[bool, typer.Option("--strict", help=text("help-opt-strict", UI))]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=text("help-opt-quiet", UI))]


def check(
    files: FilesArgument,
    partners: PartnersOption = None,
    amounts: AmountsOption = Amounts.it,
    output_format: FormatOption = Format.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
    strict: StrictOption = False,
    as_of: AsOfOption = None,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Check application files: eligibility and deadlines, each finding pinned to its cell.

    Exit 0 when every application is eligible, 1 when one is not (with --strict, also on a
    warning), 2 when the files or the configuration cannot be read.

    Example: wecare check domande.xlsx --format json
    """
    with open_run(
        lang, measures_file, districts_file, as_of, quiet, output, force, inputs_of(files, partners)
    ) as run:
        result = run.check(files, partners, amounts)
        if not (quiet and output_format is Format.TABLE):
            render(result, output_format, run.language, run.consoles)
        if run.output is not None:
            from wecare_cli.reports.check_excel import write_check_workbook

            run.save(lambda report: write_check_workbook(result, report, run.language), "check-written")
    failed = not result.all_eligible or (strict and result.has_warnings)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)
