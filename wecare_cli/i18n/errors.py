"""Errors that stop a run, worded in the officer's language: the only place that does it."""

from __future__ import annotations

from wecare_cli.errors import ConfigError, Reason, WecareError, set_describer, shown_path
from wecare_cli.i18n.catalog import has_text, text
from wecare_cli.i18n.lang import Lang


def reason(value: Reason, lang: Lang) -> str:
    """What is wrong in a configuration file, in words."""
    key = f"config-{value.code}"
    return text(key, lang, **value.params) if has_text(key, lang) else value.code


def _detail(error: WecareError, lang: Lang) -> str:
    """What happened, without the ``[code] file:`` that introduces it."""
    key = error.message_key
    return text(key, lang, **error.params) if has_text(key, lang) else error.code


def describe(error: WecareError, lang: Lang) -> str:
    """The message of an error: ``[code] file: what happened and what to do``, in ``lang``.

    A configuration error is one line per defect: ``file:line: key.path: reason``.
    """
    if isinstance(error, ConfigError):
        lines = []
        for line, key_path, problem in error.problems:
            where = f"{error.file.name}:{line}" if line is not None else error.file.name
            worded = reason(problem, lang)
            lines.append(f"{where}: {key_path}: {worded}" if key_path else f"{where}: {worded}")
        return "\n".join(lines)
    key = error.message_key
    # An error given as the detail of another (a file diff could not read) reads "[code] detail".
    params = {
        name: (
            f"[{value.code}] {_detail(value, lang).rstrip('.')}" if isinstance(value, WecareError) else value
        )
        for name, value in error.params.items()
    }
    detail = text(key, lang, **params) if has_text(key, lang) else error.code
    if error.subject is None:
        return detail
    return f"[{error.code}] {shown_path(error.subject)}: {detail}"


set_describer(lambda error: describe(error, Lang.EN))
