"""Click's and Typer's own words in the officer's language: help sections, usage lines, usage errors.

Typer words its help sections (``Options``, ``[required]``...) through Python's gettext: the
catalogue is bound as gettext's domain before any help is formatted (:func:`install_catalogue`).
The usage line and the usage errors of the command-line parser are hard-coded English there, so
wecare words them itself from the error's structured data (:func:`describe_usage_error`).
"""

from __future__ import annotations

import gettext
import os
from difflib import get_close_matches
from enum import Enum
from typing import Any

from typer import _click as click
from typer.core import TyperCommand, TyperGroup

from wecare_cli.i18n.catalog import DOMAIN, locale_dirs, text
from wecare_cli.i18n.lang import Lang


def install_catalogue(lang: Lang) -> None:
    """Bind wecare's catalogue as gettext's domain, in ``lang``, for Typer's own words."""
    folder = next(
        (d for d in locale_dirs() if (d / str(lang) / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()), None
    )
    if folder is None:
        return
    gettext.bindtextdomain(DOMAIN, str(folder))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = str(lang)


def _without_programmer_types(command: click.Command) -> None:
    """Help shows a parameter's metavar (``FILE``, ``DATE``), never a programmer's type (``<list[Path]>``)."""
    for param in command.params:
        if getattr(param, "metavar", None) is not None and hasattr(param, "display_type"):
            param.display_type = lambda ctx: ""


class _Worded:
    """What the command classes share: usage line and help option in the officer's language."""

    language: Lang

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=text("usage-prefix", self.language))

    def get_help_option(self, ctx: click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = text("help-help", self.language)
        return option


class TranslatedCommand(_Worded, TyperCommand):
    """A command whose usage line and --help option are in the officer's language too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from wecare_cli.cli.options import UI

        super().__init__(*args, **kwargs)
        self.language = UI
        self.options_metavar = text("usage-options", UI)
        _without_programmer_types(self)


class TranslatedGroup(_Worded, TyperGroup):
    """A group whose usage line, --help option and "no such command" are in the officer's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from wecare_cli.cli.options import UI

        super().__init__(*args, **kwargs)
        self.language = UI
        self.options_metavar = text("usage-options", UI)
        self.subcommand_metavar = text("usage-command", UI)
        self.suggest_commands = False  # worded below, in the officer's language
        _without_programmer_types(self)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if args and self.get_command(ctx, name) is None and not name.startswith("-"):
            matches = get_close_matches(name, list(self.commands))
            message = text("usage-no-such-command", self.language, command=name)
            if matches:
                message += " " + text("usage-did-you-mean", self.language, names=", ".join(matches))
            raise click.exceptions.UsageError(message, ctx)
        return super().resolve_command(ctx, args)


def _choices(param: Any) -> tuple[str, ...] | None:
    """The values an option takes, when it takes one of a few (an enum)."""
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return tuple(str(member.value) for member in annotation)
    return None


def _given(error: click.exceptions.BadParameter) -> object:
    """The value the officer typed, when the parser kept it."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors):
        details = errors()
        if details:
            return details[0].get("input")
    return None


def _hint(error: click.exceptions.BadParameter) -> str:
    param = error.param
    if param is None:
        return ""
    return str(param.get_error_hint()) if hasattr(param, "get_error_hint") else str(param.name)


def _detail(error: click.exceptions.UsageError, lang: Lang) -> str:
    """What is wrong with the command line, in words."""
    if isinstance(error, click.exceptions.NoSuchOption):
        detail = text("usage-no-such-option", lang, option=error.option_name)
        if error.possibilities:
            names = ", ".join(sorted(error.possibilities))
            detail += " " + text("usage-did-you-mean", lang, names=names)
        return detail
    if isinstance(error, click.exceptions.MissingParameter):
        kind = "argument" if getattr(error.param, "param_type_name", "") == "argument" else "option"
        return text(f"usage-missing-{kind}", lang, name=_hint(error))
    if isinstance(error, click.exceptions.BadParameter):
        choices = _choices(error.param)
        given = _given(error)
        if choices is not None and given is not None:
            return text(
                "usage-not-one-of", lang, name=_hint(error), value=repr(given), choices=", ".join(choices)
            )
        return text("usage-invalid-value", lang, name=_hint(error), message=error.message)
    if isinstance(error, click.exceptions.BadOptionUsage):
        if "requires" in error.message:
            return text("usage-option-needs-value", lang, option=error.option_name)
        if "does not take a value" in error.message:
            return text("usage-option-takes-no-value", lang, option=error.option_name)
    if error.message.startswith("Got unexpected extra argument"):
        extra = error.message.partition("(")[2].rstrip(")")
        return text("usage-extra-arguments", lang, arguments=extra)
    return error.message


def describe_usage_error(error: click.exceptions.UsageError, lang: Lang) -> str:
    """The usage line, where to find help, and what is wrong: Click's message, in the officer's words."""
    lines: list[str] = []
    ctx = error.ctx
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(text("usage-try-help", lang, command=f"{ctx.command_path} --help"))
        lines.append("")
    lines.append(text("usage-error", lang, message=_detail(error, lang)))
    return "\n".join(lines)
