"""The ranking as the documented JSON of `wecare rank --format json` (deterministic)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from wecare_cli import __version__
from wecare_cli.i18n.catalog import extra_folder, text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.model import AllocationNote, Envelope, RankedApplication, RankingResult, StageRef
from wecare_cli.ranking.scorrimento import Scorrimento, Stage, StageGrant
from wecare_cli.reports.check import finding_record
from wecare_cli.reports.machine import iso, json_number, to_csv

Record = dict[str, Any]


def stage_ref_record(ref: StageRef | None) -> Record | None:
    """``{"stage", "date", "act"}`` of a stage (stage 0: date and act null), or None."""
    if ref is None:
        return None
    return {"stage": ref.stage, "date": iso(ref.day), "act": ref.act}


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
        "funded_by": stage_ref_record(application.funded_by),
        "withdrawn_by": stage_ref_record(application.withdrawn_by),
        "redetermined_by": stage_ref_record(application.redetermined_by),
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
    extra = extra_folder()  # read once for every finding's message
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
                    "findings": [finding_record(f, lang, extra) for f in v.findings],
                }
                for v in result.ineligible
            ),
        ),
        "file_findings": [finding_record(f, lang) for f in result.check.file_findings],
        "scorrimento": scorrimento_record(result.scorrimento),
    }


def scorrimento_record(scorrimento: Scorrimento | None) -> Record | None:
    """The events file and the stages: stage 0 (the graduatoria as approved), then one per event."""
    if scorrimento is None:
        return None
    return {
        "events_file": scorrimento.events_file,
        "sha256": scorrimento.sha256,
        "events_outside_measure": scorrimento.outside_filter,
        "stages": [stage_record(stage) for stage in scorrimento.stages],
    }


def _grant_record(grant: StageGrant) -> Record:
    return {
        "application_id": grant.application_id,
        "rank": grant.rank,
        "granted_before": json_number(grant.before),
        "granted": json_number(grant.after),
        "status": str(grant.status),
    }


def stage_record(stage: Stage) -> Record:
    """One stage: the event (null fields for stage 0), the application it names, each envelope after it."""
    event = stage.event
    place = event.place if event is not None else None
    return {
        "stage": stage.number,
        "date": iso(event.day) if event else None,
        "act": event.act if event else None,
        "kind": str(event.kind) if event else None,
        "application_id": event.application if event else None,
        "measure": event.measure if event else None,
        "line": event.line if event else None,
        "amount": json_number(event.amount) if event else None,
        "file": place.file if place else None,
        "sheet": place.sheet if place else None,
        "row": place.row if place else None,
        "target": _grant_record(stage.touched) if stage.touched is not None else None,
        "envelopes": [
            {
                "measure": envelope.measure,
                "line": envelope.line,
                "budget": json_number(envelope.budget),
                "allocated": json_number(envelope.allocated),
                "residual": json_number(envelope.residual),
                "freed": json_number(envelope.freed),
                "budget_change": json_number(envelope.budget_change),
                "funded": [_grant_record(grant) for grant in envelope.funded],
            }
            for envelope in stage.envelopes
        ],
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
    "stage",
    "act_date",
    "act",
    "district",
    "submitted_at",
    "codes",
    "file",
    "sheet",
    "row",
)
"""The columns of `wecare rank --format csv`: one line per application, ranked ones first.
``stage``, ``act_date`` and ``act``: the stage of the scorrimento that set the current status."""


def ranking_csv(result: RankingResult, lang: Lang) -> str:
    """Every application of every envelope in order, then the ineligible ones with their error codes."""
    records: list[Record] = []
    for envelope in result.envelopes:
        for application in envelope.applications:
            record = ranked_record(application)
            for nested in ("breakdown", "funded_by", "withdrawn_by", "redetermined_by"):
                record.pop(nested)
            stage = application.status_set_by
            if stage is not None:
                record.update({"stage": stage.stage, "act_date": iso(stage.day), "act": stage.act})
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
    return to_csv(records, CSV_COLUMNS, lang)


def allocation_note(note: AllocationNote | None, lang: Lang) -> str | None:
    """An allocation note in words (the sources' reason for an unknown figure is on the envelope)."""
    return text(f"note-{note}", lang) if note is not None else None
