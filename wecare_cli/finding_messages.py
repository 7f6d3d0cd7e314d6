"""The message of every finding code, in Italian and English.

Codes are stable and the same in both languages; templates are filled from the finding's typed
``params`` (formatted here, in the officer's language) plus ``value`` and ``column``. A ``note``
parameter (the configuration's note on the fact the rule read) follows the sentence. Ingest codes
live in :mod:`wecare_cli.ingest.codes`, rule codes in :mod:`wecare_cli.rules.codes`.
"""

from __future__ import annotations

from decimal import Decimal

from wecare_cli.findings import Finding, Moment, Money, Share
from wecare_cli.i18n import formatting
from wecare_cli.ingest.codes import INGEST_MESSAGES
from wecare_cli.messages import Lang
from wecare_cli.rules.codes import RULE_MESSAGES

FINDING_MESSAGES: dict[str, dict[str, str]] = {**INGEST_MESSAGES, **RULE_MESSAGES}
"""Finding code -> {"en": template, "it": template}."""

NOTHING = "—"


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def render_parameter(value: object, lang: Lang) -> str:
    """A typed parameter as text in the officer's language."""
    if value is None:
        return NOTHING
    if isinstance(value, Money):
        return formatting.money(value.amount, lang, cents=True) or NOTHING
    if isinstance(value, Share):
        return formatting.percent(value.fraction, lang) or NOTHING
    if isinstance(value, Moment):
        return formatting.moment(value.instant, lang, date_only=value.date_only) or NOTHING
    if isinstance(value, tuple | list | frozenset):
        return formatting.listing(value, lang) or NOTHING
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        return formatting.number(value, lang) or NOTHING
    return str(value)


def finding_message(finding: Finding, lang: Lang) -> str:
    """The plain-language reason of a finding in the officer's language."""
    templates = FINDING_MESSAGES.get(finding.code)
    if templates is None:
        return finding.code
    params = _Blank({key: render_parameter(value, lang) for key, value in finding.params.items()})
    params.setdefault("value", finding.value if finding.value is not None else "")
    params.setdefault("column", finding.column or "")
    message = templates[str(lang)].format_map(params)
    note = finding.params.get("note")
    return f"{message} {note}" if note else message
