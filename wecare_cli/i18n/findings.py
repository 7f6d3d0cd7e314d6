"""The message of every finding, in the officer's language, from the catalogue (``finding-<code>``).

Codes are stable and the same in every language; the message is filled from the finding's typed
``params`` (formatted in the language by :mod:`wecare_cli.i18n.catalog`) plus its ``value`` and
``column``. A ``note`` parameter (the configuration's note on the fact the rule read) follows the
sentence, in the run's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from wecare_cli.findings import Finding, Share
from wecare_cli.i18n import catalog
from wecare_cli.i18n.lang import Lang


def message_key(code: str) -> str:
    """The catalogue key of a finding code's message."""
    return f"finding-{code}"


def finding_message(finding: Finding, lang: Lang, extra: str | None = None) -> str:
    """The plain-language reason of a finding in the officer's language.

    ``extra``: :func:`catalog.extra_folder` as read once by a caller wording many findings (read
    here, once for the whole message and its phrases, when not given).
    """
    key = message_key(finding.code)
    if extra is None:
        extra = catalog.extra_folder()
    found = catalog.entry(key, lang, extra)
    if not found.known:
        return finding.code
    params: dict[str, object] = {
        "value": finding.value or "",
        "column": finding.column or "",
        **finding.params,
    }
    note = params.pop("note", None)
    message = catalog.words(found, key, lang, params, extra)
    return f"{message} {catalog.render_parameter(note, lang, extra=extra)}" if note else message


def finding_messages(findings: Sequence[Finding], lang: Lang, extra: str | None = None) -> list[str]:
    """:func:`finding_message` of each finding, in order, the findings of one code filled together.

    A report words tens of thousands of findings: per code, the catalogue entry is looked up once
    and each field of its text is rendered for all the code's findings as one column, then the
    columns are joined with the text's pieces. A finding whose text needs more than its fields
    (a plural form chosen by its count, shares compared in one sentence) or a text ``format_map``
    must fill is worded by :func:`finding_message` itself; a test compares both on every code.
    """
    if extra is None:
        extra = catalog.extra_folder()
    messages: list[str] = [""] * len(findings)
    by_code: dict[str, list[int]] = {}
    for index, finding in enumerate(findings):
        by_code.setdefault(finding.code, []).append(index)
    for code, indices in by_code.items():
        group = [findings[i] for i in indices]
        for i, message in zip(indices, _code_messages(code, group, lang, extra), strict=True):
            messages[i] = message
    return messages


def _code_messages(code: str, findings: list[Finding], lang: Lang, extra: str) -> list[str]:
    key = message_key(code)
    found = catalog.entry(key, lang, extra)
    if not found.known:
        return [code] * len(findings)
    plain = found.template.plain
    if plain is None or any(_worded_alone(f, found.plural) for f in findings):
        return [finding_message(f, lang, extra) for f in findings]
    pieces: list[list[str]] = [[found.template.head] * len(findings)]
    for name, literal in plain:
        pieces.append(_field(name, findings, lang, extra))
        pieces.append([literal] * len(findings))
    messages = list(map("".join, zip(*pieces, strict=True)))
    for index, finding in enumerate(findings):
        note = finding.params.get("note")
        if note:
            messages[index] += " " + catalog.render_parameter(note, lang, extra=extra)
    return messages


def _worded_alone(finding: Finding, plural: bool) -> bool:
    """Whether a finding's text needs more than each field rendered on its own."""
    params = finding.params
    if not params:
        return False
    if plural:
        count = params.get("count")
        if isinstance(count, int) and not isinstance(count, bool):
            return True
    kinds = set(map(type, params.values()))
    if not any(issubclass(kind, Share) for kind in kinds):
        return False
    return sum(isinstance(value, Share) for value in params.values()) > 1


def _field(name: str, findings: list[Finding], lang: Lang, extra: str) -> list[str]:
    """One field of a text, rendered for each finding as :meth:`catalog.Template.fill` renders it."""
    if name == "value":
        values: list[object] = [f.params.get(name, f.value or "") for f in findings]
    elif name == "column":
        values = [f.params.get(name, f.column or "") for f in findings]
    elif name == "note":
        values = [_MISSING] * len(findings)  # taken out of the parameters, said after the text
    else:
        values = [f.params.get(name, _MISSING) for f in findings]
    return [value if type(value) is str else _rendered(value, name, lang, extra) for value in values]


def _rendered(value: object, name: str, lang: Lang, extra: str) -> str:
    if value is _MISSING:
        return "{" + name + "}"
    shown = catalog.render_parameter(value, lang, extra=extra)
    return shown if type(shown) is str else format(shown, "")


_MISSING = object()
