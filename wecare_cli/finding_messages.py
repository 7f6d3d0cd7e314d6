"""The message of every finding code, in Italian and English.

Codes are stable and the same in both languages; templates are filled from the finding's
``params`` plus ``value`` and ``column``. Ingest codes live in :mod:`wecare_cli.ingest.codes`,
rule codes in :mod:`wecare_cli.rules.codes`.
"""

from __future__ import annotations

from wecare_cli.findings import Finding
from wecare_cli.ingest.codes import INGEST_MESSAGES
from wecare_cli.messages import Lang
from wecare_cli.rules.codes import RULE_MESSAGES

FINDING_MESSAGES: dict[str, dict[str, str]] = {**INGEST_MESSAGES, **RULE_MESSAGES}
"""Finding code -> {"en": template, "it": template}."""


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "?"


def finding_message(finding: Finding, lang: Lang) -> str:
    """The plain-language reason of a finding in the officer's language."""
    templates = FINDING_MESSAGES.get(finding.code)
    if templates is None:
        return finding.code
    params = _Blank(finding.params)
    params.setdefault("value", finding.value if finding.value is not None else "")
    params.setdefault("column", finding.column or "")
    return templates[str(lang)].format_map(params)
