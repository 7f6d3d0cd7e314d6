"""`wecare summary`: applications, requests, verdicts and grants by measure, district, province..."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from wecare_cli.cli.check import FilesArgument, OutputOption, PartnersOption, QuietOption, reference_time
from wecare_cli.cli.console import make_consoles, reading_progress, write_data
from wecare_cli.cli.options import (
    UI,
    AsOfOption,
    DistrictsOption,
    FormatOption,
    LangOption,
    MeasuresOption,
    OutputFormat,
)
from wecare_cli.messages import resolve_lang, text

BY_CHOICES = ("measure", "line", "district", "province", "quadrant", "applicant-type")


def summary(
    files: FilesArgument,
    by: Annotated[str, typer.Option("--by", help=text("help-opt-by", UI), show_default=True)] = "measure",
    partners: PartnersOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
    as_of: AsOfOption = None,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Summarise applications, requests, verdicts and grants by measure, district, province...

    Example: wecare summary domande.xlsx --by district --output riepilogo.xlsx
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.ingest.files import limits_from_environment
    from wecare_cli.ranking import rank_files
    from wecare_cli.reports.machine import to_json
    from wecare_cli.reports.summary import summary_csv, summary_document
    from wecare_cli.summary import GroupBy, summarise

    if by not in BY_CHOICES:
        raise typer.BadParameter(f"{by!r}: choose one of {', '.join(BY_CHOICES)}", param_hint="--by")
    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    moment = reference_time(as_of, config.measures.strategy.timezone)
    consoles = make_consoles()
    with reading_progress(consoles, quiet) as progress:
        ranking = rank_files(
            files,
            config,
            moment,
            partners=partners,
            progress=progress,
            limits=limits_from_environment(os.environ),
        )
    result = summarise(ranking, GroupBy(by))
    if output_format is OutputFormat.JSON:
        write_data(consoles, to_json(summary_document(result)))
    elif output_format is OutputFormat.CSV:
        write_data(consoles, summary_csv(result))
    elif not quiet:
        from wecare_cli.reports.summary_console import summary_view

        ascii_only = not consoles.out.encoding.lower().startswith("utf")
        consoles.out.print(summary_view(result, language, ascii_only))
    if output is not None:
        from wecare_cli.reports.atomic import expand_output_path
        from wecare_cli.reports.summary_excel import write_summary_workbook

        written = write_summary_workbook(result, expand_output_path(output, moment.date()), language)
        if not quiet:
            consoles.err.print(text("summary-written", language, path=written), markup=False)
