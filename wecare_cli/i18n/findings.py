"""The message of every finding, in the officer's language, from the catalogue (``finding-<code>``).

Codes are stable and the same in every language; the message is filled from the finding's typed
``params`` (formatted in the language by :mod:`wecare_cli.i18n.catalog`) plus its ``value`` and
``column``. A ``note`` parameter (the configuration's note on the fact the rule read) follows the
sentence, in the run's language.
"""

from __future__ import annotations

from wecare_cli.findings import Finding
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
