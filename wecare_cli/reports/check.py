"""The check result as a JSON document and as CSV: one entry per input row, in input order."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from itertools import chain, islice
from operator import attrgetter
from typing import Any

from wecare_cli import __version__
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.catalog import extra_folder, text, worded
from wecare_cli.i18n.findings import finding_message, finding_messages
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.machine import (
    Encoded,
    EncodedRecords,
    csv_column,
    csv_lines_slices,
    encode_compact,
    encode_string,
    json_number,
)
from wecare_cli.reports.provenance import file_name
from wecare_cli.rules.registry import UncheckedRule
from wecare_cli.verdicts import CheckResult, Verdict

Record = dict[str, Any]


def plain(value: object) -> Any:
    """A cell value as JSON: text, number, boolean or null (dates as ISO text)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def finding_record(finding: Finding, lang: Lang, extra: str | None = None) -> Record:
    """A finding with its message in the officer's language (``extra``: see :func:`finding_message`)."""
    return finding.to_record(finding_message(finding, lang, extra))


def application_record(verdict: Verdict, lang: Lang) -> Record:
    """One application: ids, verdict, the values read and every finding."""
    row = verdict.row
    return {
        "application_id": row.application_id,
        "measure": verdict.measure,
        "line": verdict.line,
        "phase": verdict.phase,
        "status": verdict.status,
        "applicant_name": row.applicant_name,
        "applicant_tax_code": row.applicant_tax_code,
        "applicant_type": row.applicant_type,
        "district": verdict.district,
        "requested_amount": json_number(row.requested_amount),
        "total_cost": json_number(row.total_cost),
        "submitted_at": row.submitted_at.instant.isoformat() if row.submitted_at else None,
        "score": json_number(row.score),
        "file": row.position.file,
        "sheet": row.position.sheet,
        "row": row.position.row,
        "extra": {header: plain(value) for header, value in row.extra.items()},
        "findings": [finding_record(f, lang) for f in verdict.findings],
    }


def application_json(verdict: Verdict, lang: Lang, extra: str | None = None) -> Encoded:
    """:func:`application_record` already encoded: the same text as encoding that record."""
    return Encoded(applications_json((verdict,), lang, extra)[0])


def applications_json(verdicts: Sequence[Verdict], lang: Lang, extra: str | None = None) -> list[str]:
    """:func:`application_record` of each verdict already encoded, encoded a column at a time.

    A large check writes 100,000 of them: building each record as a dictionary and encoding it
    took more time than the rules, and so did encoding each record's values one by one. Each
    field is encoded here for all the verdicts at once (a text column by the C encoder in one
    pass, a column of codes once per distinct code), and the records are then joined from the
    encoded columns; a test compares them with encoding each record, on every application of
    the example and on generated ones. ``extra``: the catalogue's extra folder, read once for a
    whole document (see :func:`finding_message`).
    """
    if extra is None:
        extra = extra_folder()
    rows = [v.row for v in verdicts]
    positions = [r.position for r in rows]
    submitted = [s.instant.isoformat() if s else None for s in map(_SUBMITTED, rows)]
    findings = _finding_lists(list(map(_FINDINGS, verdicts)), lang, extra)
    extras = [_extra(e) if e else "{}" for e in map(_EXTRA, rows)]
    return [
        f'{{"application_id": {i}, "measure": {m}, "line": {ln}, "phase": {ph}, "status": {st}, '
        f'"applicant_name": {n}, "applicant_tax_code": {tc}, "applicant_type": {ty}, '
        f'"district": {d}, "requested_amount": {ra}, "total_cost": {tco}, "submitted_at": {sa}, '
        f'"score": {sc}, "file": {fi}, "sheet": {sh}, "row": {r}, "extra": {ex}, "findings": {fs}}}'
        for i, m, ln, ph, st, n, tc, ty, d, ra, tco, sa, sc, fi, sh, r, ex, fs in zip(
            _texts(list(map(_ID, rows))),
            _codes(list(map(_MEASURE, verdicts))),
            _codes(list(map(_LINE, verdicts))),
            _codes(list(map(_PHASE, verdicts))),
            _codes(list(map(_STATUS, verdicts))),
            _texts(list(map(_NAME, rows))),
            _texts(list(map(_TAX_CODE, rows))),
            _codes(list(map(_TYPE, rows))),
            _codes(list(map(_DISTRICT, verdicts))),
            _numbers(list(map(_REQUESTED, rows))),
            _numbers(list(map(_COST, rows))),
            _texts(submitted),
            _numbers(list(map(_SCORE, rows))),
            _codes(list(map(_FILE, positions))),
            _codes(list(map(_SHEET, positions))),
            map(_scalar, map(_ROW, positions)),
            extras,
            findings,
            strict=True,
        )
    ]


_ID, _NAME, _TAX_CODE, _TYPE = (
    attrgetter(n) for n in ("application_id", "applicant_name", "applicant_tax_code", "applicant_type")
)
_REQUESTED, _COST, _SCORE = (attrgetter(n) for n in ("requested_amount", "total_cost", "score"))
_SUBMITTED, _EXTRA = attrgetter("submitted_at"), attrgetter("extra")
_MEASURE, _LINE, _PHASE, _DISTRICT = (attrgetter(n) for n in ("measure", "line", "phase", "district"))
_STATUS, _FINDINGS = attrgetter("status"), attrgetter("findings")
_FILE, _SHEET, _ROW = attrgetter("file"), attrgetter("sheet"), attrgetter("row")
"""Of a position, and of a finding."""
_CODE, _SEVERITY, _COLUMN, _VALUE = (attrgetter(n) for n in ("code", "severity", "column", "value"))
_CODE_SEVERITY = attrgetter("code", "severity")
_ELIGIBLE, _WARNED = attrgetter("eligible"), attrgetter("has_warnings")


def _texts(values: Sequence[str | None]) -> list[str]:
    """A column of texts encoded: by the C encoder in one pass when no value is missing."""
    if None in values:
        return [_text(value) for value in values]
    return list(map(encode_string, values))  # type: ignore[arg-type]


def _numbers(values: list[Decimal | None]) -> list[str]:
    """A column of amounts encoded: whole euro as json_number's integer, written directly."""
    return [
        "null"
        if amount is None
        else int.__repr__(int(amount))
        if amount == amount.to_integral_value()
        else _scalar(json_number(amount))
        for amount in values
    ]


def _codes(values: list[str | None]) -> list[str]:
    """A column of texts that repeat (codes, file and sheet names), each distinct one encoded once."""
    encoded = {value: _code(value) for value in set(values)}
    return list(map(encoded.__getitem__, values))


def _text(value: str | None) -> str:
    return "null" if value is None else encode_string(value)


_CODES: dict[str | None, str] = {None: "null"}
"""Encoded codes, statuses and names by text (bounded: emptied when full)."""

_CODES_LIMIT = 1 << 12


def _code(value: str | None) -> str:
    """A text a file repeats, encoded once: the same as :func:`_text`."""
    found = _CODES.get(value)
    if found is None:
        if len(_CODES) >= _CODES_LIMIT:
            _CODES.clear()
            _CODES[None] = "null"
        found = _CODES[value] = encode_string(value)  # type: ignore[arg-type]
    return found


def _scalar(value: object) -> str:
    """A JSON scalar as the encoder writes it (anything else goes through the encoder itself)."""
    kind = type(value)
    if kind is str:
        return encode_string(value)  # type: ignore[arg-type]
    if value is None:
        return "null"
    if kind is int:
        return int.__repr__(value)
    if kind is float and math.isfinite(value):  # type: ignore[arg-type]
        return float.__repr__(value)
    return encode_compact(value)


def _extra(extra: Mapping[str, object]) -> str:
    return "{" + ", ".join(f"{encode_string(str(k))}: {_scalar(plain(v))}" for k, v in extra.items()) + "}"


def _finding_lists(lists: list[tuple[Finding, ...]], lang: Lang, extra: str) -> list[str]:
    """Each verdict's findings as a JSON list, every finding of the verdicts encoded a column at a time."""
    every = [finding for found in lists for finding in found]
    if not every:
        return ["[]"] * len(lists)
    encoded = iter(
        [
            f'{{"code": {c}, "severity": {sv}, "message": {m}, "file": {fi}, "sheet": {sh}, '
            f'"row": {r}, "column": {co}, "value": {v}}}'
            for c, sv, m, fi, sh, r, co, v in zip(
                _codes(list(map(_CODE, every))),
                _codes(list(map(str, map(_SEVERITY, every)))),
                _texts(finding_messages(every, lang, extra)),
                _codes(list(map(_FILE, every))),
                _codes(list(map(_SHEET, every))),
                map(_scalar, map(_ROW, every)),
                _codes(list(map(_COLUMN, every))),
                _texts(list(map(_VALUE, every))),
                strict=True,
            )
        ]
    )
    return ["[" + ", ".join(islice(encoded, len(found))) + "]" if found else "[]" for found in lists]


def summary_record(result: CheckResult, lang: Lang) -> Record:
    """Counts: applications, verdicts, findings by code, per measure; files read; rules not applied."""
    verdicts = result.verdicts
    # Counted in one pass over the findings, by code and severity together.
    counts = Counter(
        map(_CODE_SEVERITY, chain.from_iterable((*map(_FINDINGS, verdicts), result.file_findings)))
    )
    by_severity: Counter[Severity] = Counter()
    by_code: Counter[str] = Counter()
    for (code, severity), count in counts.items():
        by_severity[severity] += count
        by_code[code] += count
    eligible = sum(map(_ELIGIBLE, verdicts))
    measures = [
        {
            "measure": totals.measure,
            "applications": totals.applications,
            "eligible": totals.eligible,
            "ineligible": totals.ineligible,
            "requested_eur": json_number(totals.requested),
        }
        for totals in result.totals_by_measure
    ]
    return {
        "applications": len(verdicts),
        "eligible": eligible,
        "ineligible": len(verdicts) - eligible,
        "with_warnings": sum(map(_WARNED, verdicts)),
        "errors": by_severity[Severity.ERROR],
        "warnings": by_severity[Severity.WARNING],
        "by_code": dict(sorted(by_code.items())),
        "by_measure": measures,
        "unchecked_rules": [
            {"measure": u.measure, "line": u.line, "rule": u.rule, "note": unchecked_note(u, lang)}
            for u in result.unchecked
        ],
        "files": [
            {
                "path": file_name(f.path),
                "role": f.role,
                "sha256": f.sha256,
                "kind": f.kind,
                "sheet": f.sheet,
                "header_row": f.header_row,
                "rows": f.rows,
                "encoding": f.encoding,
                "delimiter": f.delimiter,
            }
            for f in result.files
        ],
    }


BLOCK = 2048
"""Applications encoded together, a column at a time, while a document is written."""


def _blocks(verdicts: tuple[Verdict, ...]) -> Iterator[tuple[Verdict, ...]]:
    """The verdicts, :data:`BLOCK` at a time (each block encoded a column at a time)."""
    for start in range(0, len(verdicts), BLOCK):
        yield verdicts[start : start + BLOCK]


def check_document(result: CheckResult, lang: Lang, lazy: bool = False) -> Record:
    """The documented JSON of `wecare check --format json`.

    ``lazy``: the applications are an iterator built while writing (see machine.write_json).
    """
    if lazy:
        extra = extra_folder()
        applications: Iterator[Any] = (
            EncodedRecords(applications_json(block, lang, extra)) for block in _blocks(result.verdicts)
        )
        return {
            "tool": {"name": "wecare", "version": __version__},
            "reference_time": result.reference_time.isoformat(),
            "applications": applications,
            "file_findings": [finding_record(f, lang) for f in result.file_findings],
            "summary": summary_record(result, lang),
        }
    records = [application_record(v, lang) for v in result.verdicts]
    return {
        "tool": {"name": "wecare", "version": __version__},
        "reference_time": result.reference_time.isoformat(),
        "applications": records,
        "file_findings": [finding_record(f, lang) for f in result.file_findings],
        "summary": summary_record(result, lang),
    }


CSV_COLUMNS = (
    "application_id",
    "measure",
    "line",
    "status",
    "applicant_name",
    "code",
    "severity",
    "message",
    "file",
    "sheet",
    "row",
    "column",
    "value",
)


def check_csv(result: CheckResult, lang: Lang) -> str:
    """One line per finding; an application without findings still gets one line (empty code)."""
    return "".join(check_csv_slices(result, lang))


def check_csv_slices(result: CheckResult, lang: Lang) -> Iterator[str]:
    """The text of :func:`check_csv` in slices, each line written as its slice is made."""
    return csv_lines_slices(_csv_lines(result, lang), CSV_COLUMNS, lang)


def _csv_lines(result: CheckResult, lang: Lang) -> Iterator[list[str]]:
    """The lines of :func:`check_csv` as cells, the verdicts of each block written a column at a time.

    A line holds the application's columns, then its finding's (code, severity, message, and the
    finding's own file, sheet, row, column and value); an application without findings has one
    line with the finding's columns empty but its own file, sheet and row.
    """
    extra = extra_folder()  # read once for every message
    for block in _blocks(result.verdicts):
        rows = [v.row for v in block]
        positions = [r.position for r in rows]
        leads = zip(
            csv_column(map(_ID, rows), lang),
            csv_column(map(_MEASURE, block), lang),
            csv_column(map(_LINE, block), lang),
            csv_column(map(_STATUS, block), lang),
            csv_column(map(_NAME, rows), lang),
            strict=True,
        )
        places = zip(
            csv_column(map(_FILE, positions), lang),
            csv_column(map(_SHEET, positions), lang),
            csv_column(map(_ROW, positions), lang),
            strict=True,
        )
        lists = list(map(_FINDINGS, block))
        found = iter(_csv_finding_cells([f for fs in lists for f in fs], lang, extra))
        for lead, place, findings in zip(leads, places, lists, strict=True):
            if not findings:
                yield [*lead, "", "", "", *place, "", ""]
            for _ in findings:
                yield [*lead, *next(found)]
    for cells in _csv_finding_cells(list(result.file_findings), lang, extra):
        yield ["", "", "", "file", "", *cells]


def _csv_finding_cells(findings: list[Finding], lang: Lang, extra: str) -> Iterator[tuple[str, ...]]:
    """The cells of each finding's columns (code to value), written a column at a time."""
    return zip(
        csv_column(map(_CODE, findings), lang),
        csv_column(map(str, map(_SEVERITY, findings)), lang),
        csv_column(finding_messages(findings, lang, extra), lang),
        csv_column(map(_FILE, findings), lang),
        csv_column(map(_SHEET, findings), lang),
        csv_column(map(_ROW, findings), lang),
        csv_column(map(_COLUMN, findings), lang),
        csv_column(map(_VALUE, findings), lang),
        strict=True,
    )


def unchecked_note(rule: UncheckedRule, lang: Lang) -> str:
    """Why a rule is not applied, as measures.yaml says (in the run's language), or that nothing is set."""
    return worded(rule.note, lang) or text("unchecked-not-configured", lang, fact=rule.fact)
