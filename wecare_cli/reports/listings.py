"""The configuration as plain records: what `wecare measures`, `districts` and `config check` show.

Every record is JSON-ready (text, numbers, booleans, null) and has the same keys in every language.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from wecare_cli.config.discovery import Configuration
from wecare_cli.config.facts import Fact
from wecare_cli.config.loading import DISTRICT_COLUMNS
from wecare_cli.config.measures import Deadline, Line, Measure
from wecare_cli.config.windows import deadline_in_force, is_open_on, window_for
from wecare_cli.reports.machine import iso, json_number
from wecare_cli.reports.provenance import configuration_files

__all__ = ["DISTRICT_COLUMNS", "MEASURE_COLUMNS"]

Record = dict[str, Any]

MEASURE_COLUMNS = (
    "code",
    "fund",
    "name",
    "budget_eur",
    "procedure",
    "deadline_in_force",
    "open",
)
"""The columns of `wecare measures --format csv`."""


def measure_records(config: Configuration, as_of: date) -> list[Record]:
    """One record per measure: budget, procedure, deadline in force and whether it is open."""
    zone = config.measures.zone
    records = []
    for measure in config.measures.measures:
        records.append(
            {
                "code": measure.code,
                "fund": measure.fund,
                "programme_code": measure.programme_code.value,
                "name": measure.name,
                "budget_eur": json_number(measure.budget_eur.value),
                "procedure": measure.procedure.value,
                "deadline_in_force": iso(deadline_in_force(measure, zone)),
                "open": is_open_on(measure, as_of, zone),
                "lines": [_line_record(config, measure, line, as_of) for line in measure.lines],
            }
        )
    return records


def _line_record(config: Configuration, measure: Measure, line: Line, as_of: date) -> Record:
    zone = config.measures.zone
    window = window_for(measure, line, None, zone)
    return {
        "code": line.code,
        "name": line.name,
        "budget_eur": json_number(line.budget_eur.value),
        "budget_note": line.budget_eur.note,
        "deadline_in_force": iso(window.closes),
        "open": window.is_open_on(as_of, zone),
    }


def _fact(fact: Fact[Any] | None) -> Record | None:
    if fact is None:
        return None
    value = fact.value
    if isinstance(value, Decimal):
        value = json_number(value)
    elif isinstance(value, tuple):
        value = list(value)
    return {
        "value": value,
        "source": fact.source,
        "note": fact.note,
        "alternatives": [{"value": a.value, "source": a.source, "note": a.note} for a in fact.alternatives],
    }


def _deadline(deadline: Deadline, config: Configuration) -> Record:
    return {
        "phase": deadline.phase,
        "at": iso(deadline.at),
        "closes": iso(deadline.closes(config.measures.zone)),
        "inclusive": deadline.inclusive,
        "kind": deadline.kind,
        "wording": deadline.wording,
        "act": deadline.act,
        "source": deadline.source,
        "note": deadline.note,
    }


def _facts(model: BaseModel | None) -> Record:
    if model is None:
        return {}
    facts: Record = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, Fact):
            facts[name] = _fact(value)
    return facts


def measure_detail(config: Configuration, measure: Measure) -> Record:
    """All rules of one measure, with deadline history and sources."""
    zone = config.measures.zone
    return {
        "code": measure.code,
        "fund": measure.fund,
        "name": measure.name,
        "programme_code": _fact(measure.programme_code),
        "act": _fact(measure.act),
        "budget_eur": _fact(measure.budget_eur),
        "procedure": _fact(measure.procedure),
        "district_required": measure.district_required,
        "phases": [{"code": p.code, "name": p.name, "source": p.source} for p in measure.phases],
        "opening": (
            {
                "at": iso(measure.opening.opens(zone)),
                "source": measure.opening.source,
                "note": measure.opening.note,
            }
            if measure.opening
            else None
        ),
        "deadlines": [_deadline(d, config) for d in measure.deadlines],
        "eligibility": _facts(measure.eligibility),
        "amounts": _facts(measure.amounts),
        "partnership": _facts(measure.partnership),
        "ranking": {
            "criteria": (
                [c.model_dump(mode="json") for c in measure.ranking.criteria]
                if measure.ranking.criteria is not None
                else None
            ),
            "criteria_note": measure.ranking.criteria_note,
            "threshold": _fact(measure.ranking.threshold),
            "district_cap": _fact(measure.ranking.district_cap),
            "tie_breaks": [str(t) for t in measure.ranking.tie_breaks],
            "allocation_policy": str(measure.ranking.allocation_policy),
        },
        "lines": [
            {
                "code": line.code,
                "aliases": list(line.aliases),
                "name": line.name,
                "programme_code": _fact(line.programme_code),
                "budget_eur": _fact(line.budget_eur),
                "deadlines": (
                    [_deadline(d, config) for d in line.deadlines] if line.deadlines is not None else None
                ),
                "eligibility": _facts(measure.eligibility_for(line)),
                "amounts": _facts(measure.amounts_for(line)),
            }
            for line in measure.lines
        ],
    }


def district_records(config: Configuration, province: str | None = None) -> list[Record]:
    """The districts, optionally only those in one province (by sigla, case-insensitive)."""
    wanted = province.strip().upper() if province else None
    return [
        {
            "code": d.code,
            "name": d.name,
            "provinces": list(d.provinces),
            "quadrant": d.quadrant,
            "lead_body": d.lead_body,
            "lead_body_status": d.lead_body_status,
            "seat": d.seat,
            "population": d.population,
            "verified": d.verified,
            "source": d.source,
            "note": d.note,
        }
        for d in config.districts
        if wanted is None or wanted in d.provinces
    ]


def unknown_facts(config: Configuration) -> list[str]:
    """Key paths of the facts the sources do not give (null values with a note)."""
    return sorted(_walk_unknowns(config.measures, ""))


def _walk_unknowns(value: object, path: str) -> Iterator[str]:
    if isinstance(value, Fact):
        if value.value is None:
            yield path
        return
    if isinstance(value, Deadline):
        if value.at is None:
            yield f"{path}.at"
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_unknowns(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _walk_unknowns(item, f"{path}[{index}]")


def flatten_detail(detail: Record, path: str = "") -> list[Record]:
    """A measure's detail as rows ``{path, value, source, note}`` for CSV output."""
    rows: list[Record] = []
    if isinstance(detail, dict) and "value" in detail and "source" in detail:
        value = detail["value"]
        rows.append(
            {
                "path": path,
                "value": "|".join(map(str, value)) if isinstance(value, list) else value,
                "source": detail["source"],
                "note": detail.get("note"),
            }
        )
        return rows
    if isinstance(detail, dict):
        for key, value in detail.items():
            rows.extend(flatten_detail(value, f"{path}.{key}" if path else key))
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            rows.append({"path": path, "value": "|".join(map(str, detail)), "source": None, "note": None})
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                rows.extend(flatten_detail(item, f"{path}[{index}]"))
    else:
        rows.append({"path": path, "value": detail, "source": None, "note": None})
    return rows


def configuration_document(config: Configuration) -> Record:
    """The JSON of `wecare config check`: the files used, their SHA-256 and the unknown facts."""
    measures, districts = configuration_files(config)
    return {
        "valid": True,
        "measures_file": measures.name,
        "measures_source": measures.source,
        "districts_file": districts.name,
        "districts_source": districts.source,
        "sha256": {measures.name: measures.sha256, districts.name: districts.sha256},
        "measures": len(config.measures.measures),
        "districts": len(config.districts),
        "unknown_facts": unknown_facts(config),
        "column_aliases": {canonical: list(texts) for canonical, texts in config.measures.columns.items()},
    }
