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
import string
from collections.abc import Callable, Mapping
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
    return _folders(extra_folder())


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
    return None if value is None else _worded(value, lang, extra_folder())


def _worded(value: ConfigText, lang: Lang, extra: str) -> str | None:
    shown, fallback = value.get(str(lang))
    if fallback is None:
        return shown
    return _text("config-text-fallback", lang, {"language": fallback, "text": shown}, extra)


_TYPED_KINDS = (Money, Share, Moment)


def render_parameter(value: object, lang: Lang, share_decimals: int = 1, *, extra: str | None = None) -> str:
    """A typed parameter as text in the language: money, shares, moments, lists, numbers.

    ``extra``: the extra catalogue folder as :func:`extra_folder` read it (None: read when needed).
    """
    return _render(value, lang, share_decimals, extra)


def _render(value: object, lang: Lang, share_decimals: int, extra: str | None) -> str:
    """:func:`render_parameter` with the extra catalogue folder already read (None: read it if needed)."""
    if type(value) is str:  # the most frequent: identifiers, values and headers as read
        return value
    if value is None:
        return NOTHING
    if isinstance(value, _TYPED_KINDS):
        return _typed(value, lang, share_decimals)
    if type(value) is int:
        return str(value)
    if isinstance(value, ConfigText):
        return _worded(value, lang, extra_folder() if extra is None else extra) or NOTHING
    if isinstance(value, Phrase):
        return _text(value.key, lang, value.params, extra_folder() if extra is None else extra)
    if isinstance(value, tuple | list | frozenset):
        if any(isinstance(item, Phrase) for item in value):  # worded items: «Liste» (nascosto)
            folder = extra_folder() if extra is None else extra
            return ", ".join(
                _text(i.key, lang, i.params, folder) if isinstance(i, Phrase) else str(i) for i in value
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
    # The key of an exact Money, Share or Moment holds its fields, equal as the values are equal
    # (without the dataclass's hash and equality, written in Python).
    key: tuple[object, ...]
    if type(value) is Moment:
        instant = value.instant
        key = (Moment, instant, value.date_only, instant.tzinfo, lang, share_decimals)
    elif type(value) is Money:
        key = (Money, value.amount, type(value.amount), lang, share_decimals)
    elif type(value) is Share:
        key = (Share, value.fraction, type(value.fraction), lang, share_decimals)
    else:
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

    __slots__ = ("extra", "lang", "share_decimals")

    def __init__(
        self, params: Mapping[str, object], lang: Lang, share_decimals: int = 1, extra: str | None = None
    ) -> None:
        super().__init__(params)
        self.lang = lang
        self.share_decimals = share_decimals
        self.extra = extra

    def __getitem__(self, key: str) -> str:
        if key not in self:
            return "{" + key + "}"
        return _render(dict.__getitem__(self, key), self.lang, self.share_decimals, self.extra)


_FORMATTER = string.Formatter()
_CONVERSIONS: dict[str, Callable[[object], str]] = {"r": repr, "s": str, "a": ascii}
_PLAIN_CONVERSIONS = frozenset({None, *_CONVERSIONS})
_MISSING = object()


class Template:
    """A catalogue text taken apart once: its literal pieces and the fields between them.

    Filling it renders the parameters the fields name and joins them with the pieces, as
    ``str.format_map`` would; a text whose fields ``format_map`` reads in ways a plain name does
    not (``{0}``, ``{a.b}``, ``{a[0]}``, a nested ``{a:{b}}``, an unknown conversion, or a text it
    cannot parse) keeps ``format_map`` itself (``fields`` is None).
    """

    __slots__ = ("fields", "head", "plain", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.head = text
        self.fields: tuple[tuple[str, str | None, str, str], ...] | None = None
        self.plain: tuple[tuple[str, str], ...] | None = None
        """The fields as (name, literal after it) when none has a conversion or a format spec."""
        try:
            parsed = list(_FORMATTER.parse(text))
        except ValueError:
            return
        head = ""
        fields: list[tuple[str, str | None, str, str]] = []
        for literal, name, spec, conversion in parsed:
            if fields:
                name_, conversion_, spec_, before = fields[-1]
                fields[-1] = (name_, conversion_, spec_, before + literal)
            else:
                head += literal
            if name is None:
                continue
            spec = spec or ""
            if not name.isidentifier() or "{" in spec or conversion not in _PLAIN_CONVERSIONS:
                return
            fields.append((name, conversion, spec, ""))
        self.head = head
        self.fields = tuple(fields)
        if all(conversion is None and not spec for _, conversion, spec, _ in fields):
            self.plain = tuple((name, literal) for name, _, _, literal in fields)

    def fill(self, lang: Lang, params: Mapping[str, object], extra: str | None = None) -> str:
        """The text with its parameters rendered in the language (``{name}`` for a missing one)."""
        if not params:
            return self.text
        # Shares compared in one sentence (a value and its threshold) never look equal when they differ.
        shares = [value.fraction for value in params.values() if isinstance(value, Share)]
        decimals = formatting.distinct_percent_decimals(shares, lang) if len(shares) > 1 else 1
        if self.fields is None:
            return self.text.format_map(_Rendered(params, lang, decimals, extra))
        pieces = [self.head]
        append = pieces.append
        get = params.get
        shown: str
        if self.plain is not None:  # no conversion, no format spec: the usual text
            for name, literal in self.plain:
                value = get(name, _MISSING)
                if type(value) is str:
                    shown = value
                elif value is _MISSING:
                    shown = "{" + name + "}"
                else:
                    shown = _render(value, lang, decimals, extra)
                    if type(shown) is not str:
                        shown = format(shown, "")
                append(shown)
                append(literal)
            return "".join(pieces)
        for name, conversion, spec, literal in self.fields:
            value = get(name, _MISSING)
            shown = "{" + name + "}" if value is _MISSING else _render(value, lang, decimals, extra)
            if conversion is not None:
                shown = _CONVERSIONS[conversion](shown)
            if spec or type(shown) is not str:
                shown = format(shown, spec)
            append(shown)
            append(literal)
        return "".join(pieces)


_COMPILED: dict[str, Template] = {}


def compiled(text: str) -> Template:
    """The text taken apart (once per text)."""
    found = _COMPILED.get(text)
    if found is None:
        found = _COMPILED[text] = Template(text)
    return found


def extra_folder() -> str:
    """``WECARE_LOCALE_DIR`` as set now, the part of the key of every cached text (read once per text)."""
    return os.environ.get(EXTRA_LOCALE_VARIABLE, "")


_FOLDERS: dict[str, tuple[Path, ...]] = {}


def _folders(extra: str) -> tuple[Path, ...]:
    found = _FOLDERS.get(extra)
    if found is None:
        stripped = extra.strip()
        found = _FOLDERS[extra] = (Path(stripped), LOCALE_DIR) if stripped else (LOCALE_DIR,)
    return found


class Entry:
    """What the catalogues hold for a key in a language, looked up once per run and key."""

    __slots__ = ("known", "plural", "template")

    def __init__(self, known: bool, plural: bool, template: Template) -> None:
        self.known = known
        """Whether the language's catalogue has the key."""
        self.plural = plural
        """Whether the key has plural forms in the language's catalogue or the source one."""
        self.template = template
        """The text in the language, else in English, else the key itself."""


_ENTRIES: dict[tuple[str, str, str], Entry] = {}
"""(extra catalogue folder, language, key) -> what the catalogues hold for it."""


def entry(key: str, lang: Lang, extra: str) -> Entry:
    """What the catalogues hold for ``key`` in ``lang``, with ``extra`` as ``WECARE_LOCALE_DIR``.

    A report words hundreds of thousands of findings: the catalogue is not searched for each.
    The extra folder is part of the key, so changing it is seen at once.
    """
    cache_key = (extra, str(lang), key)
    found = _ENTRIES.get(cache_key)
    if found is None:
        found = _ENTRIES[cache_key] = _looked_up(key, str(lang), _folders(extra))
    return found


def _looked_up(key: str, lang: str, folders: tuple[Path, ...]) -> Entry:
    own = _catalogue(lang, folders)
    text: str | None = own.gettext(key)
    known = text != key
    if not known:
        text = None if lang == SOURCE_LANGUAGE else _catalogue(SOURCE_LANGUAGE, folders).gettext(key)
        text = None if text == key else text
    plural = any(
        (key, 0) in getattr(_catalogue(name, folders), "_catalog", {}) for name in (lang, SOURCE_LANGUAGE)
    )
    return Entry(known, plural, compiled(key if text is None else text))


def has_text(key: str, lang: Lang) -> bool:
    """Whether the language's catalogue has ``key`` (looked up once per run and key)."""
    return entry(key, lang, extra_folder()).known


def text(key: str, lang: Lang, **params: object) -> str:
    """The text of ``key`` in ``lang`` with its parameters filled in (English when the key is missing)."""
    return _text(key, lang, params, extra_folder())


def _text(key: str, lang: Lang, params: Mapping[str, object], extra: str, found: Entry | None = None) -> str:
    """:func:`text` with the parameters as a mapping and the extra catalogue folder already read."""
    if found is None:
        found = entry(key, lang, extra)
    count = params.get("count")
    if isinstance(count, int) and not isinstance(count, bool) and found.plural:
        # A text with plural forms (``1 cella``, ``2 celle``) filled by a generic caller, such as
        # a finding's message: the form is chosen by its count.
        return _ntext(key, count, lang, params, extra)
    return found.template.fill(lang, params, extra)


def words(found: Entry, key: str, lang: Lang, params: Mapping[str, object], extra: str) -> str:
    """The text of an entry looked up with :func:`entry`, filled as :func:`text` fills it."""
    return _text(key, lang, params, extra, found)


def ntext(key: str, count: int, lang: Lang, **params: object) -> str:
    """A counted text (``1 domanda``, ``3 domande``): the language's plural form for ``count``."""
    return _ntext(key, count, lang, {"count": count, **params}, extra_folder())


def _ntext(key: str, count: int, lang: Lang, params: Mapping[str, object], extra: str) -> str:
    """:func:`ntext` with ``count`` among the parameters and the extra catalogue folder already read."""
    folders = _folders(extra)
    found = _catalogue(str(lang), folders).ngettext(key, key, count)
    if found == key and str(lang) != SOURCE_LANGUAGE:
        found = _catalogue(SOURCE_LANGUAGE, folders).ngettext(key, key, count)
    return compiled(found).fill(lang, params, extra)
