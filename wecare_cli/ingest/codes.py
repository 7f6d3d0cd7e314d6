"""Messages of the findings raised while reading files and cells (see finding_messages)."""

from __future__ import annotations

INGEST_MESSAGES: dict[str, dict[str, str]] = {
    "missing-value": {
        "en": "«{column}» is required but empty.",
        "it": "«{column}» è obbligatorio ma è vuoto.",
    },
}
