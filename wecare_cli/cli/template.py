"""`wecare template`: an empty applications workbook that checks clean once filled in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.console import make_consoles
from wecare_cli.cli.options import (
    UI,
    DistrictsOption,
    ForceOption,
    LangOption,
    MeasuresOption,
    command_language,
)
from wecare_cli.errors import shown_path
from wecare_cli.i18n.catalog import text


def template(
    output: Annotated[
        Path,
        typer.Option(
            "--output", "-o", metavar=text("metavar-file", UI), help=text("help-opt-output-workbook", UI)
        ),
    ],
    measure: Annotated[
        str | None,
        typer.Option(
            "--measure", metavar=text("metavar-code", UI), help=text("help-opt-template-measure", UI)
        ),
    ] = None,
    force: ForceOption = False,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """Write an empty applications workbook with dropdown lists and a hint on every column.

    Example: wecare template --measure FSE3 -o domande-fse3.xlsx
    """
    from datetime import date

    from wecare_cli.cli.runs import output_reservation
    from wecare_cli.config import load_configuration
    from wecare_cli.reports.template import write_template

    language = command_language(lang)
    config = load_configuration(measures_file, districts_file)
    with output_reservation(output, date.today(), config, (), force) as reservation:
        written = write_template(config, reservation, language, measure)
    make_consoles().err.print(text("template-written", language, path=shown_path(written)), markup=False)
