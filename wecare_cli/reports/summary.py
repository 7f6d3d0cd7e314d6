"""The summary as JSON and CSV records (same keys in every language)."""

from __future__ import annotations

from typing import Any

from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.machine import json_number, to_csv
from wecare_cli.summary import UNKNOWN_GROUP, Group, GroupBy, Summary

Record = dict[str, Any]


def group_name(group: Group, by: GroupBy, lang: Lang) -> str:
    """A group as people read it: an application whose group is not known says which is missing
    (``(misura non determinata)``), where the JSON keeps the key ``?``."""
    return text(f"group-unknown-{by}", lang) if group.key == UNKNOWN_GROUP else group.label


def group_record(group: Group) -> Record:
    """One group's totals; per-1,000-residents figures are null when the population is unknown."""
    return {
        "group": group.key,
        "label": group.label,
        "applications": group.applications,
        "requested": json_number(group.requested),
        "eligible": group.eligible,
        "ineligible": group.ineligible,
        "ineligible_by_reason": dict(sorted(group.ineligible_by_reason.items())),
        "funded": group.funded,
        "granted": json_number(group.granted),
        "population": group.population,
        "requested_per_1000_residents": json_number(group.per_thousand(group.requested)),
        "granted_per_1000_residents": json_number(group.per_thousand(group.granted)),
    }


def summary_document(summary: Summary, lang: Lang) -> Record:
    """``{"by", "groups": [...], "total": {...}, "budget_absorption": [...], "population_note"}``."""
    return {
        "by": str(summary.by),
        "groups": [group_record(g) for g in summary.groups],
        "total": group_record(summary.total),
        "budget_absorption": [
            {
                "measure": a.measure,
                "budget": json_number(a.budget),
                "granted": json_number(a.granted),
                "share": float(a.share) if a.share is not None else None,
            }
            for a in summary.absorption
        ],
        "population_note": None if summary.population_known else text("population-unknown", lang),
    }


CSV_COLUMNS = (
    "group",
    "label",
    "applications",
    "requested",
    "eligible",
    "ineligible",
    "ineligible_by_reason",
    "funded",
    "granted",
    "population",
    "requested_per_1000_residents",
    "granted_per_1000_residents",
)


def summary_csv(summary: Summary, lang: Lang) -> str:
    """One line per group, then the total; reasons as ``code=count|code=count``."""
    records = []
    for group in (*summary.groups, summary.total):
        record = group_record(group)
        record["ineligible_by_reason"] = [f"{k}={v}" for k, v in record["ineligible_by_reason"].items()]
        records.append(record)
    return to_csv(records, CSV_COLUMNS, lang)
