"""The ``wecare`` command: registers the commands and turns errors into exit codes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from wecare_cli import __version__
from wecare_cli.cli import check, configuration, diff, rank, summary, template
from wecare_cli.exit_codes import ExitCode

EPILOG = (
    "Exit codes: 0 ok; 1 findings (an ineligible application, a change); "
    "2 could not run (usage, configuration, unreadable input or output); 3 internal error."
)

app = typer.Typer(
    name="wecare",
    help="Check, rank and report applications to the WE.CA.RE. measures of Regione Piemonte.\n\n"
    "Example: wecare measures --as-of 2019-10-01",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"wecare {__version__}")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Check, rank and report applications to the WE.CA.RE. measures of Regione Piemonte."""


app.command("check")(check.check)
app.command("rank")(rank.rank)
app.command("diff")(diff.diff)
app.command("summary")(summary.summary)
app.command("template")(template.template)
app.add_typer(configuration.measures_app, name="measures")
app.add_typer(configuration.config_app, name="config")
app.command("districts")(configuration.districts)
app.command("init")(configuration.init)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; wecare errors exit 2 with one message, bugs exit 3 with one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    from wecare_cli.errors import WecareError

    try:
        app(args=args, prog_name="wecare")
    except SystemExit:
        raise
    except WecareError as error:
        sys.stderr.write(f"{error}\n")
        sys.exit(ExitCode.CANNOT_RUN)
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(ExitCode.CANNOT_RUN)
    except Exception as error:
        if debug:
            raise
        sys.stderr.write(
            f"Internal error: {type(error).__name__}: {error}. Run again with --debug to see the details.\n"
        )
        sys.exit(ExitCode.INTERNAL_ERROR)
