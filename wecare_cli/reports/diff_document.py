"""The changes between two runs as the documented JSON of `wecare diff --format json`, and as CSV."""

from __future__ import annotations

from typing import Any

from wecare_cli.diff import (
    ApplicationState,
    DiffResult,
    EnvelopeChange,
    GrantChange,
    RankChange,
    VerdictChange,
)
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.machine import json_number, to_csv
from wecare_cli.reports.provenance import file_name

Record = dict[str, Any]


def _where(state: ApplicationState) -> Record:
    return {"file": state.position.file, "sheet": state.position.sheet, "row": state.position.row}


def _application_record(state: ApplicationState) -> Record:
    return {
        "application_id": state.application_id,
        "matched_by": str(state.matched_by),
        "measure": state.measure,
        "line": state.line,
        "status": state.status,
        "rank": state.rank,
        "granted": json_number(state.granted),
        **_where(state),
    }


def _verdict_record(change: VerdictChange) -> Record:
    new = change.new
    return {
        "application_id": new.application_id,
        "matched_by": str(new.matched_by),
        "measure": new.measure,
        "line": new.line,
        "old_status": change.old.status,
        "new_status": new.status,
        "codes_added": list(change.codes_added),
        "codes_removed": list(change.codes_removed),
        "new_findings": [
            {"code": f.code, "severity": f.severity, "message": f.message, "column": f.column}
            for f in new.findings
        ],
        **_where(new),
    }


def _rank_record(change: RankChange) -> Record:
    new = change.new
    return {
        "application_id": new.application_id,
        "matched_by": str(new.matched_by),
        "old_measure": change.old.measure,
        "old_line": change.old.line,
        "new_measure": new.measure,
        "new_line": new.line,
        "moved": change.moved,
        "old_rank": change.old.rank,
        "new_rank": new.rank,
        **_where(new),
    }


def _grant_record(change: GrantChange) -> Record:
    new = change.new
    return {
        "application_id": new.application_id,
        "matched_by": str(new.matched_by),
        "measure": new.measure,
        "line": new.line,
        "old_granted": json_number(change.old_granted),
        "new_granted": json_number(change.new_granted),
        "difference": json_number(change.difference),
        **_where(new),
    }


def _envelope_record(change: EnvelopeChange) -> Record:
    old, new = change.old, change.new
    return {
        "measure": change.measure,
        "line": change.line,
        "change": str(change.change),
        "old_budget": json_number(old.budget) if old else None,
        "new_budget": json_number(new.budget) if new else None,
        "old_allocated": json_number(old.allocated) if old else None,
        "new_allocated": json_number(new.allocated) if new else None,
        "old_residual": json_number(old.residual) if old else None,
        "new_residual": json_number(new.residual) if new else None,
    }


def diff_document(result: DiffResult) -> Record:
    """The documented JSON of ``wecare diff --format json`` (keys never change with language)."""
    return {
        "kind": str(result.kind),
        "old": file_name(result.old),
        "new": file_name(result.new),
        "changed": result.changed,
        "matched_by_position": result.matched_by_position,
        "new_applications": [_application_record(s) for s in result.new_applications],
        "withdrawn": [_application_record(s) for s in result.withdrawn],
        "verdict_changes": [_verdict_record(c) for c in result.verdict_changes],
        "rank_changes": [_rank_record(c) for c in result.rank_changes],
        "grant_changes": [_grant_record(c) for c in result.grant_changes],
        "envelope_changes": [_envelope_record(c) for c in result.envelope_changes],
    }


CSV_COLUMNS = (
    "change",
    "application_id",
    "matched_by",
    "measure",
    "line",
    "old",
    "new",
    "difference",
    "codes_added",
    "codes_removed",
    "file",
    "sheet",
    "row",
)
"""The columns of `wecare diff --format csv`: one line per change."""


def diff_csv(result: DiffResult, lang: Lang) -> str:
    """One line per change: new and withdrawn applications, verdicts, ranks, grants, then envelopes."""
    records: list[Record] = []
    for change, states in (("new", result.new_applications), ("withdrawn", result.withdrawn)):
        for state in states:
            record = _application_record(state)
            records.append({**record, "change": change, "new" if change == "new" else "old": state.status})
    for verdict in result.verdict_changes:
        record = _verdict_record(verdict)
        records.append(
            {**record, "change": "verdict", "old": record["old_status"], "new": record["new_status"]}
        )
    for rank in result.rank_changes:
        record = _rank_record(rank)
        records.append(
            {
                **record,
                "change": "rank",
                "measure": record["new_measure"],
                "line": record["new_line"],
                "old": record["old_rank"],
                "new": record["new_rank"],
            }
        )
    for grant in result.grant_changes:
        record = _grant_record(grant)
        records.append(
            {**record, "change": "grant", "old": record["old_granted"], "new": record["new_granted"]}
        )
    for envelope in result.envelope_changes:
        record = _envelope_record(envelope)
        old, new = record["old_residual"], record["new_residual"]
        records.append(
            {
                "change": f"envelope-{record['change']}",
                "measure": record["measure"],
                "line": record["line"],
                "old": old,
                "new": new,
            }
        )
    return to_csv(records, CSV_COLUMNS, lang)
