"""Which language a run speaks: ``--lang``, else ``WECARE_LANG``, else the locale, else English.

A language is any code with a catalogue (see :func:`wecare_cli.i18n.catalog.available_languages`):
adding one is adding its ``.po`` file, not editing code. Asking for a language that has no
catalogue (``--lang fr``) is an error that lists the available ones; a locale without one
(``de_DE``) quietly gives English.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from typing import ClassVar

from wecare_cli.errors import WecareError


class Lang(str):
    """A language code of the interface (``it``, ``en``...)."""

    IT: ClassVar[Lang]
    EN: ClassVar[Lang]

    __slots__ = ()
    _known: ClassVar[dict[str, Lang]] = {}

    def __new__(cls, code: str) -> Lang:
        """One object per code, so that ``Lang("it") is Lang.IT``."""
        known = cls._known.get(code)
        if known is None:
            known = super().__new__(cls, code)
            cls._known[code] = known
        return known

    def __repr__(self) -> str:
        return f"Lang({str(self)!r})"


Lang.IT = Lang("it")
Lang.EN = Lang("en")

DEFAULT = Lang.EN


class UnknownLanguageError(WecareError):
    """``--lang`` or ``WECARE_LANG`` names a language without a catalogue."""

    def __init__(self, requested: str, available: Sequence[str]) -> None:
        self.requested = requested
        self.available = tuple(available)
        super().__init__("language-unknown", requested, available=self.available)


def _code(value: str) -> str:
    """``it_IT.UTF-8`` → ``it``; ``EN`` → ``en``."""
    return value.strip().split(".")[0].split("_")[0].split("-")[0].lower()


def resolve_lang(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang``, else WECARE_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English."""
    from wecare_cli.i18n.catalog import available_languages

    env = os.environ if environ is None else environ
    available = available_languages()
    for candidate in (option, env.get("WECARE_LANG")):
        if candidate and candidate.strip():
            code = _code(candidate)
            if code not in available:
                raise UnknownLanguageError(candidate.strip(), available)
            return Lang(code)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            code = _code(value)
            return Lang(code) if code in available else DEFAULT
    return DEFAULT


def interface_lang(argv: Sequence[str] | None = None, environ: Mapping[str, str] | None = None) -> Lang:
    """The language of --help: ``--lang`` anywhere on the command line (read before parsing)."""
    args = list(sys.argv[1:] if argv is None else argv)
    chosen: str | None = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            chosen = args[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.partition("=")[2]
    try:
        return resolve_lang(chosen, environ)
    except UnknownLanguageError:
        return resolve_lang(None, {k: v for k, v in (environ or os.environ).items() if k != "WECARE_LANG"})
