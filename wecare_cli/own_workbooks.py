"""What marks a workbook as wecare's own: written by the reports, recognised when it is read again.

Every workbook wecare writes carries the custom document property ``wecare-report`` (``kind/version``,
see :mod:`wecare_cli.reports.atomic`). A workbook of ``wecare template`` keeps its dropdown lists
on a hidden sheet of its own; reading a filled template, that sheet is the template's, not data
someone hid, and is not reported.
"""

from __future__ import annotations

from typing import Any

MARKER_PROPERTY = "wecare-report"
"""The custom document property that marks a workbook written by wecare: ``kind/version``."""
CUSTOM_PROPERTIES = "docProps/custom.xml"
"""Where an OOXML workbook keeps its custom document properties."""
TEMPLATE_KIND = "template"
"""The kind of ``wecare template`` workbooks in the marker."""
TEMPLATE_LISTS_SHEET = "Liste"
"""The hidden sheet of a template that holds the values of its dropdown lists."""


def marked_kind(properties: Any) -> str | None:
    """The kind in the ``wecare-report`` property of a parsed ``docProps/custom.xml`` (None if absent)."""
    for element in properties:
        if str(element.tag).rpartition("}")[2] == "property" and element.get("name") == MARKER_PROPERTY:
            value = next((child.text or "" for child in element), "")
            return value.partition("/")[0]
    return None
