"""The ranking as the documented JSON of `wecare rank --format json` (deterministic)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wecare_cli import __version__
from wecare_cli.i18n.catalog import text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import AllocationNote, Envelope, RankedApplication, RankingResult
from wecare_cli.reports.check import finding_record
from wecare_cli.reports.machine import json_number, to_csv

Record = dict[str, Any]


def ranked_record(application: RankedApplication) -> Record:
    """One application in its envelope."""
    row = application.verdict.row
    return {
        "application_id": row.application_id,
        "rank": application.rank,
        "score": json_number(application.score),
        "breakdown": {code: json_number(points) for code, points in application.breakdown},
        "status": str(application.status),
        "requested": json_number(application.requested),
        "granted": json_number(application.granted),
        "cumulative_granted": json_number(application.cumulative_granted),
        "tie_break": str(application.tie_break) if application.tie_break else None,
        "note": str(application.note) if application.note else None,
        "applicant_name": row.applicant_name,
        "district": application.verdict.district,
        "submitted_at": row.submitted_at.instant.isoformat() if row.submitted_at else None,
        "file": row.position.file,
        "sheet": row.position.sheet,
        "row": row.position.row,
    }


def envelope_record(envelope: Envelope, lang: Lang, lazy: bool = False) -> Record:
    """A budget envelope with its totals and ordered applications."""
    return {
        "measure": envelope.measure,
        "line": envelope.line,
        "procedure": str(envelope.procedure) if envelope.procedure else None,
        "budget": json_number(envelope.budget),
        "budget_note": worded(envelope.budget_note, lang) if envelope.budget is None else None,
        "procedure_note": worded(envelope.procedure_note, lang),
        "allocated": json_number(envelope.allocated),
        "residual": json_number(envelope.residual),
        "requested": json_number(envelope.requested),
        "policy": str(envelope.policy),
        "threshold": json_number(envelope.threshold),
        "district_cap": envelope.district_cap,
        "tie_breaks": [str(t) for t in envelope.tie_breaks],
        "applications": (ranked_record(a) for a in envelope.applications)
        if lazy
        else [ranked_record(a) for a in envelope.applications],
    }


def ranking_document(result: RankingResult, lang: Lang, lazy: bool = False) -> Record:
    """``{"rankings": [...], "ineligible": [...]}`` plus the tool and reference time."""
    return {
        "tool": {"name": "wecare", "version": __version__},
        "reference_time": result.check.reference_time.isoformat(),
        "measure": result.measure_filter,
        "rankings": [envelope_record(e, lang, lazy) for e in result.envelopes],
        "ineligible": _maybe_lazy(
            lazy,
            (
                {
                    "application_id": v.row.application_id,
                    "measure": v.measure,
                    "line": v.line,
                    "status": "ineligible",
                    "file": v.row.position.file,
                    "sheet": v.row.position.sheet,
                    "row": v.row.position.row,
                    "findings": [finding_record(f, lang) for f in v.findings],
                }
                for v in result.ineligible
            ),
        ),
        "file_findings": [finding_record(f, lang) for f in result.check.file_findings],
    }


def _maybe_lazy(lazy: bool, records: Iterator[Record]) -> Iterator[Record] | list[Record]:
    return records if lazy else list(records)


CSV_COLUMNS = (
    "measure",
    "line",
    "rank",
    "application_id",
    "applicant_name",
    "status",
    "score",
    "requested",
    "granted",
    "cumulative_granted",
    "tie_break",
    "note",
    "district",
    "submitted_at",
    "codes",
    "file",
    "sheet",
    "row",
)
"""The columns of `wecare rank --format csv`: one line per application, ranked ones first."""


def ranking_csv(result: RankingResult) -> str:
    """Every application of every envelope in order, then the ineligible ones with their error codes."""
    records: list[Record] = []
    for envelope in result.envelopes:
        for application in envelope.applications:
            record = ranked_record(application)
            record.pop("breakdown")
            records.append({"measure": envelope.measure, "line": envelope.line, **record})
    for verdict in result.ineligible:
        row = verdict.row
        records.append(
            {
                "measure": verdict.measure,
                "line": verdict.line,
                "application_id": row.application_id,
                "applicant_name": row.applicant_name,
                "status": "ineligible",
                "requested": json_number(row.requested_amount),
                "granted": 0,
                "district": verdict.district,
                "submitted_at": row.submitted_at.instant.isoformat() if row.submitted_at else None,
                "codes": sorted({f.code for f in verdict.findings if f.severity == "error"}),
                "file": row.position.file,
                "sheet": row.position.sheet,
                "row": row.position.row,
            }
        )
    return to_csv(records, CSV_COLUMNS)


def allocation_note(note: AllocationNote | None, lang: Lang) -> str | None:
    """An allocation note in words (the sources' reason for an unknown figure is on the envelope)."""
    return text(f"note-{note}", lang) if note is not None else None
