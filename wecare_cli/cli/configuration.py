"""Commands about the configuration: measures, districts, config check, init."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.console import make_consoles
from wecare_cli.cli.options import (
    UI,
    AsOfOption,
    DistrictsOption,
    FormatOption,
    LangOption,
    MeasuresOption,
    command_language,
)
from wecare_cli.cli.usage import TranslatedCommand, TranslatedGroup
from wecare_cli.errors import shown_path
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text
from wecare_cli.reports.rendering import Format

measures_app = typer.Typer(cls=TranslatedGroup, help=text("help-measures", UI), no_args_is_help=False)
config_app = typer.Typer(cls=TranslatedGroup, help=text("help-config", UI), no_args_is_help=True)


def today_in(zone_name: str) -> date:
    """Today's date where the deadlines are written (Europe/Rome)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone_name)).date()


@measures_app.callback(invoke_without_command=True, help=text("help-measures-list", UI))
def measures(
    ctx: typer.Context,
    output_format: FormatOption = Format.TABLE,
    as_of: AsOfOption = None,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """List the measures: budget, procedure, deadline in force, open on --as-of.

    Example: wecare measures --as-of 2019-10-01 --format json
    """
    if ctx.invoked_subcommand is not None:
        return
    from wecare_cli.config import load_configuration
    from wecare_cli.reports.rendering import MeasuresListing, render

    language = command_language(lang)
    config = load_configuration(measures_file, districts_file)
    day = as_of or today_in(config.measures.strategy.timezone)
    render(MeasuresListing(config, day), output_format, language, make_consoles())


@measures_app.command("show", help=text("help-measures-show", UI), cls=TranslatedCommand)
def measures_show(
    code: Annotated[
        str, typer.Argument(metavar=text("metavar-code", UI), help=text("help-arg-measure-code", UI))
    ],
    output_format: FormatOption = Format.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """Show every rule of one measure, with its deadline history and sources.

    Example: wecare measures show FSE3
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.reports.rendering import MeasureDetail, render

    language = command_language(lang)
    config = load_configuration(measures_file, districts_file)
    consoles = make_consoles()
    measure = config.measures.measure(code)
    if measure is None:
        known = ", ".join(m.code for m in config.measures.measures)
        consoles.note(text("error-measure-unknown", language, measure=code, known=known))
        raise typer.Exit(ExitCode.CANNOT_RUN)
    render(MeasureDetail(config, measure), output_format, language, consoles)


def districts(
    province: Annotated[
        str | None,
        typer.Option("--province", metavar=text("metavar-province", UI), help=text("help-opt-province", UI)),
    ] = None,
    output_format: FormatOption = Format.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """List the 30 Distretti della Coesione Sociale.

    Example: wecare districts --province CN
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.reports.rendering import DistrictsListing, render

    language = command_language(lang)
    config = load_configuration(measures_file, districts_file)
    if province is not None:
        known = sorted(
            {p.upper() for p in config.measures.strategy.provinces.value or ()}
            | {p.upper() for d in config.districts for p in d.provinces}
        )
        if province.strip().upper() not in known:
            from wecare_cli.errors import WecareError

            raise WecareError("province-unknown", province=province.strip(), known=tuple(known))
    render(DistrictsListing(config, province), output_format, language, make_consoles())


@config_app.command("check", help=text("help-config-check", UI), cls=TranslatedCommand)
def config_check(
    output_format: FormatOption = Format.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """Validate measures.yaml and districts.csv; exit 2 naming file, line and key if invalid.

    Example: wecare config check --measures my/measures.yaml
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.reports.rendering import ConfigurationCheck, render

    language = command_language(lang)
    config = load_configuration(measures_file, districts_file)
    render(ConfigurationCheck(config), output_format, language, make_consoles())


def init(
    folder: Annotated[
        Path, typer.Argument(metavar=text("metavar-folder", UI), help=text("help-arg-folder", UI))
    ],
    force: Annotated[bool, typer.Option("--force", help=text("help-opt-force", UI))] = False,
    lang: LangOption = None,
) -> None:
    """Write editable copies of the shipped measures.yaml and districts.csv.

    Example: wecare init bando-2026/
    """
    from wecare_cli.config import write_editable_copies

    language = command_language(lang)
    consoles = make_consoles()
    for path in write_editable_copies(folder, overwrite=force):
        consoles.err.print(text("init-written", language, path=shown_path(path)), markup=False)
