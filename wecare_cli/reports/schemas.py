"""The JSON documents wecare writes and reads back, stated once.

``wecare diff`` reads what ``wecare check --format json`` and ``wecare rank --format json`` write,
and what the graduatoria workbook embeds in its very hidden sheet :data:`EMBEDDED_SHEET`.
"""

from __future__ import annotations

EMBEDDED_SHEET = "_wecare"
"""The very hidden sheet of a graduatoria workbook that holds its JSON document, in column A."""
