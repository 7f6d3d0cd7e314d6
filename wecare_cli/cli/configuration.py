"""Commands about the configuration: measures, districts, config check, init."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from wecare_cli.cli.console import make_consoles, write_data
from wecare_cli.cli.options import (
    UI,
    AsOfOption,
    DistrictsOption,
    FormatOption,
    LangOption,
    MeasuresOption,
    OutputFormat,
    TranslatedCommand,
    TranslatedGroup,
)
from wecare_cli.errors import shown_path
from wecare_cli.exit_codes import ExitCode
from wecare_cli.messages import resolve_lang, text

measures_app = typer.Typer(cls=TranslatedGroup, help=text("help-measures", UI), no_args_is_help=False)
config_app = typer.Typer(cls=TranslatedGroup, help=text("help-config", UI), no_args_is_help=True)

MEASURE_COLUMNS = (
    "code",
    "fund",
    "name_it",
    "budget_eur",
    "procedure",
    "deadline_in_force",
    "open",
)


def today_in(zone_name: str) -> date:
    """Today's date where the deadlines are written (Europe/Rome)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone_name)).date()


@measures_app.callback(invoke_without_command=True, help=text("help-measures-list", UI))
def measures(
    ctx: typer.Context,
    output_format: FormatOption = OutputFormat.TABLE,
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
    from wecare_cli.listings import measure_records
    from wecare_cli.reports.machine import to_csv, to_json

    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    day = as_of or today_in(config.measures.strategy.timezone)
    records = measure_records(config, day)
    consoles = make_consoles()
    if output_format is OutputFormat.JSON:
        write_data(consoles, to_json({"as_of": day.isoformat(), "measures": records}))
    elif output_format is OutputFormat.CSV:
        write_data(consoles, to_csv(records, MEASURE_COLUMNS))
    else:
        from wecare_cli.reports.configuration import measures_table

        consoles.out.print(measures_table(records, day.isoformat(), language))


@measures_app.command("show", help=text("help-measures-show", UI), cls=TranslatedCommand)
def measures_show(
    code: Annotated[str, typer.Argument(help=text("help-arg-measure-code", UI))],
    output_format: FormatOption = OutputFormat.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """Show every rule of one measure, with its deadline history and sources.

    Example: wecare measures show FSE3
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.listings import measure_detail
    from wecare_cli.reports.machine import to_json

    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    consoles = make_consoles()
    measure = config.measures.measure(code)
    if measure is None:
        known = ", ".join(m.code for m in config.measures.measures)
        consoles.err.print(text("measure-unknown", language, code=code, known=known), markup=False)
        raise typer.Exit(ExitCode.CANNOT_RUN)
    detail = measure_detail(config, measure)
    if output_format is OutputFormat.TABLE:
        from wecare_cli.reports.configuration import measure_detail_view

        consoles.out.print(measure_detail_view(detail, language))
    elif output_format is OutputFormat.CSV:
        from wecare_cli.listings import flatten_detail
        from wecare_cli.reports.machine import to_csv

        write_data(consoles, to_csv(flatten_detail(detail), ("path", "value", "source", "note")))
    else:
        write_data(consoles, to_json(detail))


def districts(
    province: Annotated[str | None, typer.Option("--province", help=text("help-opt-province", UI))] = None,
    output_format: FormatOption = OutputFormat.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """List the 30 Distretti della Coesione Sociale.

    Example: wecare districts --province CN
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.config.loading import DISTRICT_COLUMNS
    from wecare_cli.listings import district_records
    from wecare_cli.reports.machine import to_csv, to_json

    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    records = district_records(config, province)
    consoles = make_consoles()
    if output_format is OutputFormat.JSON:
        write_data(consoles, to_json({"districts": records}))
    elif output_format is OutputFormat.CSV:
        write_data(consoles, to_csv(records, DISTRICT_COLUMNS))
    else:
        from wecare_cli.reports.configuration import districts_table

        consoles.out.print(districts_table(records, language))
        unverified = sum(1 for r in records if not r["verified"] or r["lead_body_status"] == "unverified")
        if unverified:
            consoles.err.print(text("districts-unverified", language, count=unverified))


@config_app.command("check", help=text("help-config-check", UI), cls=TranslatedCommand)
def config_check(
    output_format: FormatOption = OutputFormat.TABLE,
    measures_file: MeasuresOption = None,
    districts_file: DistrictsOption = None,
    lang: LangOption = None,
) -> None:
    """Validate measures.yaml and districts.csv; exit 2 naming file, line and key if invalid.

    Example: wecare config check --measures my/measures.yaml
    """
    from wecare_cli.config import load_configuration
    from wecare_cli.listings import unknown_facts
    from wecare_cli.reports.machine import to_json

    language = resolve_lang(lang)
    config = load_configuration(measures_file, districts_file)
    unknowns = unknown_facts(config)
    consoles = make_consoles()
    if output_format is OutputFormat.TABLE:
        consoles.out.print(
            text(
                "config-ok",
                language,
                measures=len(config.measures.measures),
                measures_path=config.measures_path,
                measures_source=config.measures_source,
                districts=len(config.districts),
                districts_path=config.districts_path,
                districts_source=config.districts_source,
            ),
            markup=False,
        )
        consoles.out.print(text("config-unknowns", language, count=len(unknowns)))
        for path in unknowns:
            consoles.out.print(f"  - {path}", markup=False)
    elif output_format is OutputFormat.CSV:
        from wecare_cli.reports.machine import to_csv

        write_data(consoles, to_csv([{"unknown_fact": path} for path in unknowns], ("unknown_fact",)))
    else:
        write_data(
            consoles,
            to_json(
                {
                    "valid": True,
                    "measures_file": str(config.measures_path),
                    "measures_source": str(config.measures_source),
                    "districts_file": str(config.districts_path),
                    "districts_source": str(config.districts_source),
                    "sha256": config.file_hashes(),
                    "measures": len(config.measures.measures),
                    "districts": len(config.districts),
                    "unknown_facts": unknowns,
                }
            ),
        )


def init(
    folder: Annotated[Path, typer.Argument(help=text("help-arg-folder", UI))],
    force: Annotated[bool, typer.Option("--force", help=text("help-opt-force", UI))] = False,
    lang: LangOption = None,
) -> None:
    """Write editable copies of the shipped measures.yaml and districts.csv.

    Example: wecare init bando-2026/
    """
    from wecare_cli.config import write_editable_copies

    language = resolve_lang(lang)
    consoles = make_consoles()
    for path in write_editable_copies(folder, overwrite=force):
        consoles.err.print(text("init-written", language, path=shown_path(path)), markup=False)
