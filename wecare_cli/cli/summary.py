"""`wecare summary`: applications, requests, verdicts and grants by measure, district, province..."""

from __future__ import annotations

from typing import Annotated

import typer

from wecare_cli.cli.check import FilesArgument, OutputOption, PartnersOption, QuietOption
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
from wecare_cli.i18n.catalog import text
from wecare_cli.reports.rendering import Format, render

BY_CHOICES = ("measure", "line", "district", "province", "quadrant", "applicant-type")


def summary(
    files: FilesArgument,
    by: Annotated[
        str,
        typer.Option(
            "--by", metavar=text("metavar-group", UI), help=text("help-opt-by", UI), show_default=True
        ),
    ] = "measure",
    partners: PartnersOption = None,
    amounts: AmountsOption = Amounts.it,
    output_format: FormatOption = Format.TABLE,
    output: OutputOption = None,
    force: ForceOption = False,
    as_of: AsOfOption = None,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Summarise applications, requests, verdicts and grants by measure, district, province...

    Example: wecare summary domande.xlsx --by district --output riepilogo.xlsx
    """
    from wecare_cli.summary import GroupBy, summarise

    if by not in BY_CHOICES:
        raise typer.BadParameter(f"{by!r}: choose one of {', '.join(BY_CHOICES)}", param_hint="--by")
    with open_run(
        lang, measures_file, districts_file, as_of, quiet, output, force, inputs_of(files, partners)
    ) as run:
        result = summarise(run.rank(files, partners, amounts=amounts), GroupBy(by))
        if not (quiet and output_format is Format.TABLE):
            render(result, output_format, run.language, run.consoles)
        if run.output is not None:
            from wecare_cli.reports.summary_excel import write_summary_workbook

            run.save(lambda report: write_summary_workbook(result, report, run.language), "summary-written")
