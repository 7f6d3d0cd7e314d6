"""`wecare rank`: rank the eligible applications, allocate each budget, write the graduatoria."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

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
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text
from wecare_cli.reports.rendering import Format, render

if TYPE_CHECKING:
    from wecare_cli.ranking import RankingResult


def rank(
    files: FilesArgument,
    measure: Annotated[
        str | None,
        typer.Option("--measure", metavar=text("metavar-code", UI), help=text("help-opt-rank-measure", UI)),
    ] = None,
    events: Annotated[
        Path | None,
        typer.Option(
            "--events",
            metavar=text("metavar-file", UI),
            help=text("help-opt-rank-events", UI),
            show_default=False,
        ),
    ] = None,
    public: Annotated[
        bool, typer.Option("--public", help=text("help-opt-rank-public", UI), show_default=False)
    ] = False,
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
    """Rank eligible applications, allocate each budget and write the graduatoria.

    Runs the same check as `wecare check`, then orders each envelope (score, or submission
    time for sportello measures) and funds it in order. Exit 0 when every application ranked is
    eligible, 1 when some are not (with --measure, only that measure's applications count; an
    error about a file always does), 2 when the files or the configuration cannot be read.

    With --events (a YAML file, or a workbook with an Eventi sheet) the graduatoria as
    approved is stage 0, then each renunciation, revocation, lapse, redetermination or budget
    change is a stage of its scorrimento, in date order.

    With --public the workbook is the graduatoria to publish: position, application,
    applicant, score, grant and status only; a natural person's tax code is never in it.

    Example: wecare rank domande.xlsx --output graduatoria-{date}.xlsx
    """
    inputs = inputs_of(files, partners, events)
    with open_run(lang, measures_file, districts_file, as_of, quiet, output, force, inputs) as run:
        result = run.rank(files, partners, measure, events, amounts)
        if not (quiet and output_format is Format.TABLE):
            render(result, output_format, run.language, run.consoles)
        if run.output is not None:
            from wecare_cli.reports.ranking_excel import write_ranking_workbook

            run.save(
                lambda report: write_ranking_workbook(result, report, run.language, public=public),
                "rank-written-public" if public else "rank-written",
            )
    raise typer.Exit(ExitCode.FINDINGS if ranking_found_something(result) else ExitCode.OK)


def ranking_found_something(result: RankingResult) -> bool:
    """Exit 1: an ineligible application among those ranked (only the measure of --measure, if
    given), or an error about a file of the intake (it may hide applications of any measure)."""
    from wecare_cli.findings import Severity

    return bool(result.ineligible) or any(f.severity is Severity.ERROR for f in result.check.file_findings)
