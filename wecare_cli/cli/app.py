"""The ``wecare`` command: registers the commands and turns errors into exit codes."""

from __future__ import annotations

import signal
import sys
from typing import Annotated, Any

import typer
from typer import _click as click

from wecare_cli import __version__
from wecare_cli.cli import check, configuration, diff, publish, rank, summary, template
from wecare_cli.cli.options import UI, LangOption
from wecare_cli.cli.process import (
    Interrupted,
    flush_standard_output,
    guarded_standard_streams,
    say,
    signals_unwind,
)
from wecare_cli.cli.usage import TranslatedCommand, TranslatedGroup, describe_usage_error
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang, interface_lang

LANGUAGE = "wecare.language"
"""Where the context keeps the officer's language (``--lang`` read before parsing)."""


class WecareGroup(TranslatedGroup):
    """The root command: a wecare error (bad file, bad configuration, unwritable output) is one
    message in the officer's language and exit 2; an interruption is one message and 128 + signal."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        language = interface_lang(args)
        context = super().make_context(info_name, args, parent, **extra)
        context.meta[LANGUAGE] = language
        return context

    def invoke(self, ctx: click.Context) -> Any:
        from wecare_cli.errors import WecareError

        try:
            return super().invoke(ctx)
        except (WecareError, KeyboardInterrupt, Interrupted) as stop:
            raise typer.Exit(_stopped(stop, ctx.meta.get(LANGUAGE, UI))) from None


def _stopped(stop: BaseException, language: Lang) -> int:
    """Say on standard error why the run stopped; the exit code."""
    from wecare_cli.errors import WecareError

    if isinstance(stop, WecareError):
        from wecare_cli.i18n.errors import describe

        message, code = describe(stop, language), int(ExitCode.CANNOT_RUN)
    else:
        message = text("interrupted", language)
        code = stop.exit_code if isinstance(stop, Interrupted) else 128 + signal.SIGINT
    say(message)
    return code


app = typer.Typer(
    cls=WecareGroup,
    name="wecare",
    help=text("help-app", UI),
    epilog=text("help-epilog", UI),
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
        typer.Option("--version", callback=_show_version, is_eager=True, help=text("help-version", UI)),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Check, rank and report applications to the WE.CA.RE. measures of Regione Piemonte."""


app.command("check", help=text("help-check", UI), cls=TranslatedCommand)(check.check)
app.command("rank", help=text("help-rank", UI), cls=TranslatedCommand)(rank.rank)
app.command("publish", help=text("help-publish", UI), cls=TranslatedCommand)(publish.publish)
app.command("diff", help=text("help-diff", UI), cls=TranslatedCommand)(diff.diff)
app.command("summary", help=text("help-summary", UI), cls=TranslatedCommand)(summary.summary)
app.command("template", help=text("help-template", UI), cls=TranslatedCommand)(template.template)
app.add_typer(configuration.measures_app, name="measures")
app.add_typer(configuration.config_app, name="config")
app.command("districts", help=text("help-districts", UI), cls=TranslatedCommand)(configuration.districts)
app.command("init", help=text("help-init", UI), cls=TranslatedCommand)(configuration.init)


def _known_language(args: list[str]) -> None:
    """``--lang`` (anywhere on the command line) must name a language with a catalogue."""
    from wecare_cli.i18n.lang import resolve_lang

    for index, arg in enumerate(args):
        if arg == "--":
            return
        if arg == "--lang" and index + 1 < len(args):
            resolve_lang(args[index + 1])
        elif arg.startswith("--lang="):
            resolve_lang(arg.partition("=")[2])


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; wecare errors exit 2 with one message, bugs exit 3 with one line."""
    args = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in args
    args = [a for a in args if a != "--debug"]
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    from wecare_cli.memory import collector_paused

    with collector_paused(), signals_unwind(), guarded_standard_streams():
        _run(args, debug)


def _run(args: list[str], debug: bool) -> None:
    from wecare_cli.errors import WecareError

    try:
        _known_language(args)
        try:
            outcome = app(args=args, prog_name="wecare", standalone_mode=False)
        finally:
            flush_standard_output()  # the last of the data reaches its file whole, or the run says so
        sys.exit(outcome if isinstance(outcome, int) else ExitCode.OK)
    except SystemExit:
        raise
    except click.exceptions.UsageError as error:
        say(describe_usage_error(error, interface_lang(args)))
        sys.exit(ExitCode.CANNOT_RUN)
    except typer.Abort:
        say(text("interrupted", interface_lang(args)))
        sys.exit(128 + signal.SIGINT)
    except (WecareError, KeyboardInterrupt, Interrupted) as stop:
        sys.exit(_stopped(stop, interface_lang(args)))
    except Exception as error:
        if debug:
            raise
        say(f"Internal error: {type(error).__name__}: {error}. Run again with --debug to see the details.")
        sys.exit(ExitCode.INTERNAL_ERROR)
