"""`wecare check`: is every application eligible and on time, and if not, why and where."""

from __future__ import annotations

import os
from datetime import date, datetime, time
from pathlib import Path
from typing import Annotated

import typer

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
from wecare_cli.exit_codes import ExitCode
from wecare_cli.messages import resolve_lang, text

FilesArgument = Annotated[
    list[Path],
    typer.Argument(help=text("help-arg-files", UI)),
]
PartnersOption = Annotated[
    Path | None,
    typer.Option("--partners", help=text("help-opt-partners", UI)),
]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help=text("help-opt-output-findings", UI)),
]
StrictOption = Annotated[bool, typer.Option("--strict", help=text("help-opt-strict", UI))]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help=text("help-opt-quiet", UI))]


def reference_time(as_of: date | None, zone_name: str) -> datetime:
    """The moment of the check: the end of --as-of day, else now (Europe/Rome)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    if as_of is None:
        return datetime.now(zone).replace(microsecond=0)
    return datetime.combine(as_of, time(23, 59, 59), tzinfo=zone)


def check(
    files: FilesArgument,
    partners: PartnersOption = None,
    output_format: FormatOption = OutputFormat.TABLE,
    output: OutputOption = None,
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
    from wecare_cli.config import load_configuration
    from wecare_cli.evaluation import check_files
    from wecare_cli.ingest.files import limits_from_environment
    from wecare_cli.reports.check import check_csv, check_document
    from wecare_cli.reports.machine import write_json

    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    moment = reference_time(as_of, config.measures.strategy.timezone)
    consoles = make_consoles()
    with reading_progress(consoles, quiet) as progress:
        result = check_files(
            files,
            config,
            moment,
            partners=partners,
            progress=progress,
            limits=limits_from_environment(os.environ),
        )
    if output_format is OutputFormat.JSON:
        write_json(check_document(result, language, lazy=True), consoles.out.file.write)
    elif output_format is OutputFormat.CSV:
        write_data(consoles, check_csv(result, language))
    elif not quiet:
        from wecare_cli.reports.check_console import check_view

        consoles.out.print(check_view(result, language))
    if output is not None:
        from wecare_cli.reports.atomic import expand_output_path
        from wecare_cli.reports.check_excel import write_check_workbook

        written = write_check_workbook(result, expand_output_path(output, moment.date()), language)
        if not quiet:
            consoles.err.print(text("check-written", language, path=written), markup=False)
    failed = not result.all_eligible or (strict and result.has_warnings)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)
