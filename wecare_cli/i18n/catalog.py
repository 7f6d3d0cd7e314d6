"""The one catalogue of every text shown to people, in gettext's format.

Messages are looked up by a symbolic key (``col-budget``, ``finding-deadline-missed``) in
``wecare_cli/locale/<lang>/LC_MESSAGES/wecare.mo``, compiled from the ``.po`` file beside it;
``en.po`` is the source catalogue, and every other language translates it (a translator edits a
``.po`` file in Poedit; the English text of each key is its "extracted comment"). Templates use
Python's ``str.format`` placeholders; typed parameters (:class:`~wecare_cli.findings.Money`,
:class:`~wecare_cli.findings.Moment`...) are formatted in the language by
:mod:`wecare_cli.i18n.formatting`. Counted texts use gettext plural forms (:func:`ntext`).

``WECARE_LOCALE_DIR`` names an extra folder of catalogues, searched first: a translator tries a
new ``<lang>/LC_MESSAGES/wecare.mo`` without reinstalling.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from wecare_cli.findings import Moment, Money, Phrase, Share
from wecare_cli.i18n import formatting
from wecare_cli.i18n.lang import Lang
from wecare_cli.multilingual import ConfigText

DOMAIN = "wecare"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
EXTRA_LOCALE_VARIABLE = "WECARE_LOCALE_DIR"
SOURCE_LANGUAGE = "en"
NOTHING = "—"


def locale_dirs() -> tuple[Path, ...]:
    """Where catalogues are looked for: ``WECARE_LOCALE_DIR`` first, then the shipped ones."""
    extra = os.environ.get(EXTRA_LOCALE_VARIABLE, "").strip()
    return (Path(extra), LOCALE_DIR) if extra else (LOCALE_DIR,)


def available_languages() -> tuple[str, ...]:
    """The languages that have a compiled catalogue, sorted."""
    found = {
        entry.name
        for folder in locale_dirs()
        if folder.is_dir()
        for entry in folder.iterdir()
        if (entry / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file()
    }
    return tuple(sorted(found))


@lru_cache(maxsize=16)
def _catalogue(lang: str, folders: tuple[Path, ...]) -> gettext.NullTranslations:
    for folder in folders:
        path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        if path.is_file():
            with path.open("rb") as handle:
                return gettext.GNUTranslations(handle)
    return gettext.NullTranslations()


def catalogue(lang: str) -> gettext.NullTranslations:
    """The translations of a language (an empty catalogue if it has none)."""
    return _catalogue(str(lang), locale_dirs())


def worded(value: ConfigText | None, lang: Lang) -> str | None:
    """A configuration text in the run's language; another language is marked, never silently shown."""
    if value is None:
        return None
    shown, fallback = value.get(str(lang))
    if fallback is None:
        return shown
    return text("config-text-fallback", lang, language=fallback, text=shown)


def render_parameter(value: object, lang: Lang, share_decimals: int = 1) -> str:
    """A typed parameter as text in the language: money, shares, moments, lists, numbers."""
    if type(value) is str:  # the most frequent: identifiers, values and headers as read
        return value
    if value is None:
        return NOTHING
    if isinstance(value, Money | Share | Moment):
        return _typed(value, lang, share_decimals)
    if isinstance(value, ConfigText):
        return worded(value, lang) or NOTHING
    if isinstance(value, Phrase):
        return text(value.key, lang, **value.params)
    if isinstance(value, tuple | list | frozenset):
        if any(isinstance(item, Phrase) for item in value):  # worded items: «Liste» (nascosto)
            return ", ".join(
                text(i.key, lang, **i.params) if isinstance(i, Phrase) else str(i) for i in value
            )
        return formatting.listing(value, lang) or NOTHING
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        return formatting.number(value, lang) or NOTHING
    return str(value)


_TYPED: dict[tuple[object, ...], str] = {}
"""Money, shares and moments as worded, by value: a run words the same deadline or threshold in
thousands of findings (bounded: emptied when full). The key holds what equality leaves out and
the wording shows: the time zone of an instant (equal instants in two zones read differently) and
the type of a number."""

_TYPED_LIMIT = 1 << 14


def _typed(value: Money | Share | Moment, lang: Lang, share_decimals: int) -> str:
    inner = (
        value.instant.tzinfo
        if isinstance(value, Moment)
        else type(value.amount if isinstance(value, Money) else value.fraction)
    )
    key = (value, inner, str(lang), share_decimals)
    found = _TYPED.get(key)
    if found is None:
        if isinstance(value, Money):
            found = formatting.money(value.amount, lang, cents=True) or NOTHING
        elif isinstance(value, Share):
            found = formatting.percent(value.fraction, lang, share_decimals) or NOTHING
        else:
            found = formatting.moment(value.instant, lang, date_only=value.date_only) or NOTHING
        if len(_TYPED) >= _TYPED_LIMIT:
            _TYPED.clear()
        _TYPED[key] = found
    return found


class _Rendered(dict[str, object]):
    """The parameters of a template, each rendered when the template uses it (a missing one: ``{name}``)."""

    __slots__ = ("lang", "share_decimals")

    def __init__(self, params: Mapping[str, object], lang: Lang, share_decimals: int = 1) -> None:
        super().__init__(params)
        self.lang = lang
        self.share_decimals = share_decimals

    def __getitem__(self, key: str) -> str:
        if key not in self:
            return "{" + key + "}"
        return render_parameter(dict.__getitem__(self, key), self.lang, self.share_decimals)


def _fill(template: str, lang: Lang, params: Mapping[str, object]) -> str:
    if not params:
        return template
    # Shares compared in one sentence (a value and its threshold) never look equal when they differ.
    shares = [value.fraction for value in params.values() if isinstance(value, Share)]
    decimals = formatting.distinct_percent_decimals(shares, lang) if len(shares) > 1 else 1
    return template.format_map(_Rendered(params, lang, decimals))


_TEMPLATES: dict[tuple[str, str, str], str | None] = {}
"""(extra catalogue folder, language, key) -> its text, None when neither catalogue has it."""


def _template(key: str, lang: Lang) -> str | None:
    """The text of ``key`` in ``lang``, else in English, else None; looked up once per run and key.

    A report words hundreds of thousands of findings: the catalogue is not searched for each.
    The extra folder of ``WECARE_LOCALE_DIR`` is part of the key, so changing it is seen at once.
    """
    cache_key = (os.environ.get(EXTRA_LOCALE_VARIABLE, ""), str(lang), key)
    try:
        return _TEMPLATES[cache_key]
    except KeyError:
        pass
    found: str | None = catalogue(lang).gettext(key)
    if found == key:
        found = None if str(lang) == SOURCE_LANGUAGE else catalogue(SOURCE_LANGUAGE).gettext(key)
        found = None if found == key else found
    _TEMPLATES[cache_key] = found
    return found


_HAS: dict[tuple[str, str, str], bool] = {}


def has_text(key: str, lang: Lang) -> bool:
    """Whether the language's catalogue has ``key`` (looked up once per run and key)."""
    cache_key = (os.environ.get(EXTRA_LOCALE_VARIABLE, ""), str(lang), key)
    known = _HAS.get(cache_key)
    if known is None:
        known = _HAS[cache_key] = catalogue(lang).gettext(key) != key
    return known


def text(key: str, lang: Lang, **params: object) -> str:
    """The text of ``key`` in ``lang`` with its parameters filled in (English when the key is missing)."""
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and _has_plural(key, lang):
        # A text with plural forms (``1 cella``, ``2 celle``) filled by a generic caller, such as
        # a finding's message: the form is chosen by its count.
        return ntext(key, count, lang, **{k: v for k, v in params.items() if k != "count"})
    found = _template(key, lang)
    return _fill(key if found is None else found, lang, params)


def _has_plural(key: str, lang: Lang) -> bool:
    """Whether ``key`` has plural forms in the language's catalogue or the source one."""
    return any((key, 0) in getattr(catalogue(name), "_catalog", {}) for name in (str(lang), SOURCE_LANGUAGE))


def ntext(key: str, count: int, lang: Lang, **params: object) -> str:
    """A counted text (``1 domanda``, ``3 domande``): the language's plural form for ``count``."""
    found = catalogue(lang).ngettext(key, key, count)
    if found == key and str(lang) != SOURCE_LANGUAGE:
        found = catalogue(SOURCE_LANGUAGE).ngettext(key, key, count)
    return _fill(found, lang, {"count": count, **params})
