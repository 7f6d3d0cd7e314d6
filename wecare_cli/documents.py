"""The JSON documents wecare writes, stated once as JSON Schemas (draft 2020-12).

The reports write these documents; ``wecare diff`` reads back those of check and rank (from a file,
or from the very hidden sheet :data:`EMBEDDED_SHEET` of a graduatoria workbook) through the same
definitions. The schemas ship in the package as ``wecare_cli/schemas/<name>.schema.json``
(``python -m wecare_cli.documents`` writes them from this module; a test checks they match), and
the tests validate every golden document and every command's JSON against them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

EMBEDDED_SHEET = "_wecare"
"""The very hidden sheet of a graduatoria workbook that holds its JSON document, in column A."""

SCHEMA_FOLDER = Path(__file__).resolve().parent / "schemas"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]

TEXT: Schema = {"type": "string"}
MAYBE_TEXT: Schema = {"type": ["string", "null"]}
NUMBER: Schema = {"type": "number"}
MAYBE_NUMBER: Schema = {"type": ["number", "null"]}
COUNT: Schema = {"type": "integer", "minimum": 0}
MAYBE_COUNT: Schema = {"type": ["integer", "null"]}
CODE: Schema = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
MAYBE_CODE: Schema = {"type": ["string", "null"], "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
INSTANT: Schema = {"type": ["string", "null"], "format": "date-time"}
TOOL: Schema = {
    "type": "object",
    "required": ["name", "version"],
    "properties": {"name": {"const": "wecare"}, "version": TEXT},
}
CONFIG_TEXT: Schema = {
    "description": "A configuration text: as written, or {language code: text}.",
    "anyOf": [TEXT, {"type": "object", "additionalProperties": TEXT}, {"type": "null"}],
}


def _record(required: dict[str, Schema], optional: dict[str, Schema] | None = None) -> Schema:
    """An object with these keys (every one present), and possibly others added later."""
    return {
        "type": "object",
        "required": list(required),
        "properties": {**required, **(optional or {})},
    }


POSITION: dict[str, Schema] = {"file": MAYBE_TEXT, "sheet": MAYBE_TEXT, "row": MAYBE_COUNT}

FINDING = _record(
    {
        "code": CODE,
        "severity": {"enum": ["error", "warning"]},
        "message": TEXT,
        **POSITION,
        "column": MAYBE_TEXT,
        "value": MAYBE_TEXT,
    }
)

INPUT_FILE = _record(
    {
        "path": TEXT,
        "role": {"enum": ["applications", "partners"]},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "kind": TEXT,
        "sheet": MAYBE_TEXT,
        "header_row": COUNT,
        "rows": COUNT,
        "encoding": MAYBE_TEXT,
        "delimiter": MAYBE_TEXT,
    }
)

CHECK_DOCUMENT: Schema = {
    "$id": "check.schema.json",
    "title": "wecare check --format json",
    **_record(
        {
            "tool": TOOL,
            "reference_time": INSTANT,
            "applications": {
                "type": "array",
                "items": _record(
                    {
                        "application_id": MAYBE_TEXT,
                        "measure": MAYBE_TEXT,
                        "line": MAYBE_TEXT,
                        "phase": MAYBE_TEXT,
                        "status": {"enum": ["eligible", "ineligible"]},
                        "applicant_name": MAYBE_TEXT,
                        "applicant_tax_code": MAYBE_TEXT,
                        "applicant_type": MAYBE_TEXT,
                        "district": MAYBE_TEXT,
                        "requested_amount": MAYBE_NUMBER,
                        "total_cost": MAYBE_NUMBER,
                        "submitted_at": INSTANT,
                        "score": MAYBE_NUMBER,
                        **POSITION,
                        "extra": {"type": "object"},
                        "findings": {"type": "array", "items": FINDING},
                    }
                ),
            },
            "file_findings": {"type": "array", "items": FINDING},
            "summary": _record(
                {
                    "applications": COUNT,
                    "eligible": COUNT,
                    "ineligible": COUNT,
                    "with_warnings": COUNT,
                    "errors": COUNT,
                    "warnings": COUNT,
                    "by_code": {"type": "object", "additionalProperties": COUNT},
                    "by_measure": {
                        "type": "array",
                        "items": _record(
                            {
                                "measure": MAYBE_TEXT,
                                "applications": COUNT,
                                "eligible": COUNT,
                                "ineligible": COUNT,
                                "requested_eur": NUMBER,
                            }
                        ),
                    },
                    "unchecked_rules": {
                        "type": "array",
                        "items": _record(
                            {"measure": TEXT, "line": MAYBE_TEXT, "rule": TEXT, "note": MAYBE_TEXT}
                        ),
                    },
                    "files": {"type": "array", "items": INPUT_FILE},
                }
            ),
        }
    ),
}

ACT: Schema = {
    "description": "The stage, day and act of a scorrimento event (null without events).",
    "anyOf": [
        {"type": "null"},
        _record({"stage": COUNT, "date": {"type": ["string", "null"], "format": "date"}, "act": MAYBE_TEXT}),
    ],
}

STAGE_OUTCOME = _record(
    {
        "application_id": MAYBE_TEXT,
        "rank": MAYBE_COUNT,
        "granted_before": NUMBER,
        "granted": NUMBER,
        "status": CODE,
    }
)

STAGE = _record(
    {
        "stage": COUNT,
        "date": {"type": ["string", "null"], "format": "date"},
        "act": MAYBE_TEXT,
        "kind": MAYBE_CODE,
        "application_id": MAYBE_TEXT,
        "measure": MAYBE_TEXT,
        "line": MAYBE_TEXT,
        "amount": MAYBE_NUMBER,
        **POSITION,
        "target": {"anyOf": [{"type": "null"}, STAGE_OUTCOME]},
        "envelopes": {
            "type": "array",
            "items": _record(
                {
                    "measure": TEXT,
                    "line": MAYBE_TEXT,
                    "budget": MAYBE_NUMBER,
                    "allocated": NUMBER,
                    "residual": MAYBE_NUMBER,
                    "freed": NUMBER,
                    "budget_change": NUMBER,
                    "funded": {"type": "array", "items": STAGE_OUTCOME},
                }
            ),
        },
    }
)

SCORRIMENTO: Schema = {
    "description": "The events applied after the graduatoria as approved (null without --events).",
    "anyOf": [
        {"type": "null"},
        _record(
            {
                "events_file": TEXT,
                "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "events_outside_measure": COUNT,
                "stages": {"type": "array", "items": STAGE},
            }
        ),
    ],
}

RANKED_APPLICATION = _record(
    {
        "application_id": MAYBE_TEXT,
        "rank": MAYBE_COUNT,
        "score": MAYBE_NUMBER,
        "breakdown": {"type": "object", "additionalProperties": NUMBER},
        "status": CODE,
        "requested": NUMBER,
        "granted": NUMBER,
        "cumulative_granted": NUMBER,
        "tie_break": MAYBE_CODE,
        "note": MAYBE_CODE,
        "funded_by": ACT,
        "withdrawn_by": ACT,
        "redetermined_by": ACT,
        "applicant_name": MAYBE_TEXT,
        "district": MAYBE_TEXT,
        "submitted_at": INSTANT,
        **POSITION,
    }
)

ENVELOPE = _record(
    {
        "measure": TEXT,
        "line": MAYBE_TEXT,
        "procedure": {"enum": ["graduatoria", "sportello", None]},
        "budget": MAYBE_NUMBER,
        "budget_note": MAYBE_TEXT,
        "procedure_note": MAYBE_TEXT,
        "allocated": NUMBER,
        "residual": MAYBE_NUMBER,
        "requested": NUMBER,
        "policy": CODE,
        "threshold": MAYBE_NUMBER,
        "district_cap": MAYBE_COUNT,
        "tie_breaks": {"type": "array", "items": CODE},
        "applications": {"type": "array", "items": RANKED_APPLICATION},
    }
)

RANK_DOCUMENT: Schema = {
    "$id": "rank.schema.json",
    "title": "wecare rank --format json",
    **_record(
        {
            "tool": TOOL,
            "reference_time": INSTANT,
            "measure": MAYBE_TEXT,
            "rankings": {"type": "array", "items": ENVELOPE},
            "ineligible": {
                "type": "array",
                "items": _record(
                    {
                        "application_id": MAYBE_TEXT,
                        "measure": MAYBE_TEXT,
                        "line": MAYBE_TEXT,
                        "status": {"const": "ineligible"},
                        **POSITION,
                        "findings": {"type": "array", "items": FINDING},
                    }
                ),
            },
            "file_findings": {"type": "array", "items": FINDING},
            "scorrimento": SCORRIMENTO,
        }
    ),
}

GROUP = _record(
    {
        "group": TEXT,
        "label": TEXT,
        "applications": COUNT,
        "requested": NUMBER,
        "eligible": COUNT,
        "ineligible": COUNT,
        "ineligible_by_reason": {"type": "object", "additionalProperties": COUNT},
        "funded": COUNT,
        "granted": NUMBER,
        "population": MAYBE_COUNT,
        "requested_per_1000_residents": MAYBE_NUMBER,
        "granted_per_1000_residents": MAYBE_NUMBER,
    }
)

SUMMARY_DOCUMENT: Schema = {
    "$id": "summary.schema.json",
    "title": "wecare summary --format json",
    **_record(
        {
            "by": CODE,
            "groups": {"type": "array", "items": GROUP},
            "total": GROUP,
            "budget_absorption": {
                "type": "array",
                "items": _record(
                    {"measure": TEXT, "budget": MAYBE_NUMBER, "granted": NUMBER, "share": MAYBE_NUMBER}
                ),
            },
            "population_note": MAYBE_TEXT,
        }
    ),
}

_CHANGED_APPLICATION: dict[str, Schema] = {
    "application_id": MAYBE_TEXT,
    "matched_by": {"enum": ["application_id", "position"]},
}

DIFF_DOCUMENT: Schema = {
    "$id": "diff.schema.json",
    "title": "wecare diff --format json",
    **_record(
        {
            "kind": {"enum": ["check", "rank"]},
            "old": TEXT,
            "new": TEXT,
            "changed": {"type": "boolean"},
            "matched_by_position": COUNT,
            "new_applications": {"type": "array", "items": _record(_CHANGED_APPLICATION)},
            "withdrawn": {"type": "array", "items": _record(_CHANGED_APPLICATION)},
            "verdict_changes": {
                "type": "array",
                "items": _record(
                    {
                        **_CHANGED_APPLICATION,
                        "old_status": MAYBE_TEXT,
                        "new_status": MAYBE_TEXT,
                        "codes_added": {"type": "array", "items": CODE},
                        "codes_removed": {"type": "array", "items": CODE},
                    }
                ),
            },
            "rank_changes": {"type": "array", "items": _record(_CHANGED_APPLICATION)},
            "grant_changes": {
                "type": "array",
                "items": _record(
                    {
                        **_CHANGED_APPLICATION,
                        "old_granted": NUMBER,
                        "new_granted": NUMBER,
                        "difference": NUMBER,
                    }
                ),
            },
            "envelope_changes": {
                "type": "array",
                "items": _record({"measure": MAYBE_TEXT, "line": MAYBE_TEXT, "change": CODE}),
            },
        }
    ),
}

MEASURES_DOCUMENT: Schema = {
    "$id": "measures.schema.json",
    "title": "wecare measures --format json",
    **_record(
        {
            "as_of": {"type": "string", "format": "date"},
            "measures": {
                "type": "array",
                "items": _record(
                    {
                        "code": TEXT,
                        "fund": {"enum": ["FSE", "FESR"]},
                        "programme_code": MAYBE_TEXT,
                        "name": CONFIG_TEXT,
                        "budget_eur": MAYBE_NUMBER,
                        "procedure": {"enum": ["graduatoria", "sportello", None]},
                        "deadline_in_force": INSTANT,
                        "open": {"type": ["boolean", "null"]},
                        "lines": {"type": "array"},
                    }
                ),
            },
        }
    ),
}

DISTRICTS_DOCUMENT: Schema = {
    "$id": "districts.schema.json",
    "title": "wecare districts --format json",
    **_record(
        {
            "districts": {
                "type": "array",
                "items": _record(
                    {
                        "code": TEXT,
                        "name": TEXT,
                        "provinces": {"type": "array", "items": TEXT},
                        "quadrant": MAYBE_TEXT,
                        "lead_body": MAYBE_TEXT,
                        "lead_body_status": {"enum": ["confirmed", "partial", "unverified"]},
                        "seat": MAYBE_TEXT,
                        "population": MAYBE_COUNT,
                        "verified": {"type": "boolean"},
                        "source": MAYBE_TEXT,
                        "note": CONFIG_TEXT,
                    }
                ),
            }
        }
    ),
}

CONFIGURATION_DOCUMENT: Schema = {
    "$id": "config-check.schema.json",
    "title": "wecare config check --format json",
    **_record(
        {
            "valid": {"const": True},
            "measures_file": TEXT,
            "measures_source": CODE,
            "districts_file": TEXT,
            "districts_source": CODE,
            "sha256": {
                "type": "object",
                "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
            "measures": COUNT,
            "districts": COUNT,
            "unknown_facts": {"type": "array", "items": TEXT},
            "column_aliases": {
                "type": "object",
                "description": "The other header texts of each canonical column (columns: of measures.yaml).",
                "additionalProperties": {"type": "array", "items": TEXT},
            },
        }
    ),
}

TRANSPARENCY_GRANT = _record(
    {
        "beneficiary": MAYBE_TEXT,
        "fiscal_data": MAYBE_TEXT,
        "amount": NUMBER,
        "legal_basis": MAYBE_TEXT,
        "office": MAYBE_TEXT,
        "responsible_official": MAYBE_TEXT,
        "selection_method": {"enum": ["graduatoria", "sportello", None]},
        "project_link": MAYBE_TEXT,
    }
)
"""A grant with the fields of D.Lgs. 33/2013, art. 27 c.1 (a natural person's tax code withheld)."""

TRANSPARENCY_DOCUMENT: Schema = {
    "$id": "transparency.schema.json",
    "title": "wecare publish: trasparenza.json",
    **_record(
        {
            "tool": TOOL,
            "reference_time": INSTANT,
            "measure": MAYBE_TEXT,
            "year": COUNT,
            "threshold": _record({"amount": MAYBE_NUMBER, "source": MAYBE_TEXT}),
            "grants": {"type": "array", "items": TRANSPARENCY_GRANT},
            "below_threshold": {"type": "array", "items": TRANSPARENCY_GRANT},
            "missing": {"type": "array", "items": CODE},
        }
    ),
}

PUBLISH_MANIFEST: Schema = {
    "$id": "publish-manifest.schema.json",
    "title": "wecare publish: .wecare-publish.json",
    **_record(
        {
            "tool": TOOL,
            "files": {
                "type": "object",
                "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
            },
        }
    ),
}

SCHEMAS: dict[str, Schema] = {
    "check": CHECK_DOCUMENT,
    "rank": RANK_DOCUMENT,
    "summary": SUMMARY_DOCUMENT,
    "diff": DIFF_DOCUMENT,
    "measures": MEASURES_DOCUMENT,
    "districts": DISTRICTS_DOCUMENT,
    "config-check": CONFIGURATION_DOCUMENT,
    "transparency": TRANSPARENCY_DOCUMENT,
    "publish-manifest": PUBLISH_MANIFEST,
}
"""Every document, by the name of its schema file."""


def schema_text(name: str) -> str:
    """The shipped file of a schema, as this module states it."""
    return json.dumps({"$schema": DRAFT, **SCHEMAS[name]}, indent=2, ensure_ascii=False) + "\n"


def required_keys(name: str) -> tuple[str, ...]:
    """The top-level keys every document of this kind has (``diff`` tells documents apart by them)."""
    return tuple(SCHEMAS[name]["required"])


def _write_files() -> None:
    SCHEMA_FOLDER.mkdir(exist_ok=True)
    for name in SCHEMAS:
        (SCHEMA_FOLDER / f"{name}.schema.json").write_text(schema_text(name), encoding="utf-8")


if __name__ == "__main__":  # python -m wecare_cli.documents: write the shipped schema files
    _write_files()
    sys.exit(0)
