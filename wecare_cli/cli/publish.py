"""`wecare publish`: the transparency open data and the EU list of operations of a ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.check import FilesArgument, PartnersOption, QuietOption
from wecare_cli.cli.options import (
    UI,
    Amounts,
    AmountsOption,
    AsOfOption,
    DistrictsOption,
    LangOption,
    MeasuresOption,
)
from wecare_cli.cli.runs import inputs_of, open_run
from wecare_cli.errors import WecareError, shown_path
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text


def publish(
    files: FilesArgument,
    output_dir: Annotated[
        Path,
        typer.Option(
            "--output-dir",
            metavar=text("metavar-folder", UI),
            help=text("help-opt-publish-output-dir", UI),
            show_default=False,
        ),
    ],
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
    partners: PartnersOption = None,
    amounts: AmountsOption = Amounts.it,
    force: Annotated[
        bool, typer.Option("--force", help=text("help-opt-publish-force", UI), show_default=False)
    ] = False,
    as_of: AsOfOption = None,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
    quiet: QuietOption = False,
) -> None:
    """Rank as `wecare rank` does, then write the transparency open data and the list of operations.

    Exit 0 when the files are written, 2 when the inputs, the configuration or the folder
    cannot be used (nothing is then written).
    """
    inputs = inputs_of(files, partners, events)
    with open_run(lang, measures_file, districts_file, as_of, quiet) as run:
        if run.configuration.measures.strategy.publication is None:
            raise WecareError("publish-not-configured")
        from wecare_cli.publication import OPERATION_FIELDS, TRANSPARENCY_FIELDS, publication_of
        from wecare_cli.reports.publication import write_publication

        result = run.rank(files, partners, measure, events, amounts)
        publication = publication_of(result)
        sources = [*inputs, run.configuration.measures_path, run.configuration.districts_path]
        written = write_publication(publication, output_dir, run.language, sources, force)
        if not quiet:
            say = run.consoles.err.print
            say(
                text(
                    "publish-written",
                    run.language,
                    path=shown_path(output_dir),
                    files=", ".join(p.name for p in written),
                ),
                markup=False,
            )
            say(
                text(
                    "publish-counts",
                    run.language,
                    published=len(publication.published),
                    below=len(publication.below_threshold),
                ),
                markup=False,
            )
            missing = publication.missing((*TRANSPARENCY_FIELDS, *OPERATION_FIELDS))
            if missing:
                names = ", ".join(text(f"publish-field-{f}", run.language) for f in missing)
                say(text("publish-missing", run.language, fields=names), markup=False)
    raise typer.Exit(ExitCode.OK)
