"""What changed between two runs: two `wecare check` or two `wecare rank` results compared.

The inputs are the JSON documents of ``wecare check --format json`` or ``wecare rank --format
json``, or ranking workbooks written by ``wecare rank --output`` (the JSON document is embedded
in a very hidden sheet ``_wecare``, compressed and split into chunks in column A; the plain JSON
chunks of workbooks written before are read too). Applications are matched by
``application_id``, compared as `wecare check` compares ids (trimmed, case-insensitive; see
:func:`normalise_id`); an application whose id is missing or repeated in either run is matched
by its position (file, sheet, row) instead, and every entry says how it was matched.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from wecare_cli.documents import EMBEDDED_SHEET, SCHEMAS
from wecare_cli.errors import WecareError
from wecare_cli.vocabulary import identifier_key

if TYPE_CHECKING:
    from wecare_cli.ingest.files import ReadLimits, UnreadableFileError

Record = dict[str, Any]

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
ZERO = Decimal(0)
_NO_CODES: frozenset[str] = frozenset()


class DiffKind(StrEnum):
    """Which command produced the two documents."""

    CHECK = "check"
    RANK = "rank"


class MatchedBy(StrEnum):
    """How an application of one run was paired with the other run."""

    APPLICATION_ID = "application_id"
    POSITION = "position"
    """The id is missing, or repeated in one of the runs: file, sheet and row are used."""


class DiffInputError(WecareError):
    """An input of ``wecare diff`` cannot be used; ``code`` picks the message (``diff-<code>``).

    When the file itself was refused by the reader of input files, ``refusal`` is that error
    (the ``detail`` of the message).
    """

    message_prefix = "diff-"

    def __init__(
        self, code: str, path: str, refusal: UnreadableFileError | None = None, **params: object
    ) -> None:
        self.path = path
        self.refusal = refusal
        if refusal is not None:
            params["detail"] = refusal
        super().__init__(code, None, path=path, **params)


def _lists(kind: str) -> tuple[str, ...]:
    """The top-level keys of a document that are lists of records (the applications, the rankings...)."""
    schema = SCHEMAS[kind]
    return tuple(key for key in schema["required"] if schema["properties"][key].get("type") == "array")


_LIST_KEYS: dict[DiffKind, tuple[str, ...]] = {
    DiffKind.CHECK: tuple(k for k in _lists("check") if k not in _lists("rank")),
    DiffKind.RANK: tuple(k for k in _lists("rank") if k not in _lists("check")),
}
"""What tells a check document from a rank document: the lists one has and the other has not
(the first is enough: ``applications`` for a check, ``rankings`` for a rank)."""


# --- reading the inputs -------------------------------------------------------------------------


def load_document(path: Path, limits: ReadLimits | None = None) -> Record:
    """The JSON document of a check or rank run, from a JSON file or a ranking workbook.

    The file is opened as every input is (a regular file, within ``limits``), and a workbook
    (recognised by its content, a zip archive, whatever its name) is verified part by part
    before its ``_wecare`` sheet is read. Raises :class:`DiffInputError` when the file is
    missing, unreadable, too large, not JSON, or a workbook without the ``_wecare`` sheet.
    """
    from wecare_cli.ingest.files import ZIP_MAGIC, ReadLimits, UnreadableFileError, read_input, shown_path

    name = shown_path(path)
    limits = limits or ReadLimits()
    try:
        raw = read_input(path, limits)
    except UnreadableFileError as error:
        if error.code == "file-not-found":
            raise DiffInputError("not-found", name) from None
        if error.code == "file-unreadable":
            raise DiffInputError("unreadable", name, detail=error.params["reason"]) from None
        raise DiffInputError("file-refused", name, refusal=error) from None
    if raw.startswith(ZIP_MAGIC):
        return _parse_json(_embedded_json(path, raw, name, limits), name, embedded=True)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        raise DiffInputError("workbook-unreadable", name, detail="not a zip file")
    return _parse_json(raw, name, embedded=False)


def _parse_json(raw: bytes | str, name: str, embedded: bool) -> Record:
    code = "invalid-embedded-json" if embedded else "invalid-json"
    try:
        document = json.loads(raw)
    except UnicodeDecodeError:
        # A document redirected from a Windows console may be in the console's code page.
        try:
            document = json.loads(raw.decode("cp1252") if isinstance(raw, bytes) else raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DiffInputError(code, name, detail=str(error)) from None
    except json.JSONDecodeError as error:
        raise DiffInputError(code, name, detail=str(error)) from None
    except RecursionError:
        raise DiffInputError(code, name, detail="nested too deeply") from None
    if not isinstance(document, dict):
        raise DiffInputError("not-a-document", name)
    return document


def _embedded_json(path: Path, raw: bytes, name: str, limits: ReadLimits) -> str | bytes:
    """The JSON text held in column A of the ``_wecare`` sheet, chunks joined top to bottom
    (inflated, within the reading limit of one part, when the document is compressed).

    The workbook is read as application workbooks are (every part verified, the sheet's
    extent checked before it is parsed); the cell text comes back as written (the reader
    decodes Excel's ``_xHHHH_`` escapes itself).
    """
    import hashlib

    from wecare_cli.findings import Phrase
    from wecare_cli.ingest.files import PART_VARIABLE, LoadedFile, UnreadableFileError, mebibytes
    from wecare_cli.ingest.workbook import WorkbookFile
    from wecare_cli.own_workbooks import EmbeddedDocumentError, embedded_json

    loaded = LoadedFile(path=path, data=raw, sha256=hashlib.sha256(raw).hexdigest(), kind="xlsx")
    try:
        workbook = WorkbookFile(loaded, limits)
        if EMBEDDED_SHEET not in {sheet.name for sheet in workbook.sheets}:
            raise DiffInputError("not-a-ranking-workbook", name, sheet=EMBEDDED_SHEET)
        chunks = [
            value if isinstance(value, str) else str(value)
            for value in workbook.first_column(EMBEDDED_SHEET)
            if value is not None and value != ""
        ]
    except UnreadableFileError as error:
        raise DiffInputError("workbook-unreadable", name, refusal=error) from None
    if not chunks:
        raise DiffInputError("invalid-embedded-json", name, detail="the sheet is empty")
    try:
        return embedded_json(chunks, limits.max_entry_bytes)
    except EmbeddedDocumentError as error:
        if error.reason == "too-large":
            limit = mebibytes(limits.max_entry_bytes)
            reason = Phrase(
                "limit-part-inflates", {"part": EMBEDDED_SHEET, "limit": limit, "variable": PART_VARIABLE}
            )
            refusal = UnreadableFileError("file-too-large", name, reason=reason)
            raise DiffInputError("file-refused", name, refusal=refusal) from None
        damaged = Phrase("reason-embedded-damaged")
        raise DiffInputError("invalid-embedded-json", name, detail=damaged) from None


def document_kind(document: Mapping[str, Any], name: str) -> DiffKind:
    """``check`` or ``rank``: the kind whose schema's lists (``applications``, ``rankings``) it holds.

    The keys come from the schemas the reports write (:mod:`wecare_cli.documents`).
    """
    kinds = [kind for kind, keys in _LIST_KEYS.items() if isinstance(document.get(keys[0]), list)]
    if len(kinds) != 1:
        raise DiffInputError("not-a-document", name)
    return kinds[0]


# --- the result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Position:
    """Where an application is in the input files (Excel row number)."""

    file: str | None
    sheet: str | None
    row: int | None


@dataclass(frozen=True)
class FindingSummary:
    """One finding of the newer run, with its message as that run wrote it."""

    code: str
    severity: str | None
    message: str | None
    column: str | None


@dataclass(frozen=True)
class ApplicationState:
    """One application as one run saw it."""

    application_id: str | None
    matched_by: MatchedBy
    measure: str | None
    line: str | None
    status: str | None
    rank: int | None
    """Place in its envelope (rank documents; None when not placed or for check documents)."""
    granted: Decimal | None
    """Amount granted (rank documents: 0 when ineligible); None for check documents."""
    in_envelope: bool
    """Whether the application is in a ranking envelope (rank documents, eligible)."""
    findings: tuple[FindingSummary, ...]
    position: Position

    @property
    def codes(self) -> frozenset[str]:
        """The distinct finding codes."""
        return frozenset(f.code for f in self.findings) if self.findings else _NO_CODES


@dataclass(frozen=True)
class VerdictChange:
    """A status that changed, or the same status for other reasons (finding codes)."""

    old: ApplicationState
    new: ApplicationState
    codes_added: tuple[str, ...]
    codes_removed: tuple[str, ...]

    @property
    def status_changed(self) -> bool:
        """Whether the status itself changed (not only the reasons)."""
        return self.old.status != self.new.status


@dataclass(frozen=True)
class RankChange:
    """A new place in the same envelope, or a move to another envelope."""

    old: ApplicationState
    new: ApplicationState

    @property
    def moved(self) -> bool:
        """Whether the application is now in another envelope (measure, line)."""
        return (self.old.measure, self.old.line) != (self.new.measure, self.new.line)


@dataclass(frozen=True)
class GrantChange:
    """A different amount granted (0 when not funded or ineligible)."""

    old: ApplicationState
    new: ApplicationState
    old_granted: Decimal
    new_granted: Decimal

    @property
    def difference(self) -> Decimal:
        """New minus old."""
        return self.new_granted - self.old_granted


class EnvelopePresence(StrEnum):
    """Whether an envelope is in both rankings or in one only."""

    CHANGED = "changed"
    ADDED = "added"
    """Only in NEW."""
    REMOVED = "removed"
    """Only in OLD."""


@dataclass(frozen=True)
class EnvelopeTotals:
    """Budget, amount allocated and residual of an envelope in one run (None = unknown)."""

    budget: Decimal | None
    allocated: Decimal | None
    residual: Decimal | None


@dataclass(frozen=True)
class EnvelopeChange:
    """A budget envelope (measure, line) whose budget, allocation or residual changed."""

    measure: str | None
    line: str | None
    change: EnvelopePresence
    old: EnvelopeTotals | None
    new: EnvelopeTotals | None


@dataclass(frozen=True)
class DiffResult:
    """Everything ``wecare diff`` reports, in a deterministic order.

    New applications and changes follow the NEW document's order, withdrawn ones the OLD's;
    envelopes follow NEW, then those only in OLD.
    """

    kind: DiffKind
    old: str
    new: str
    new_applications: tuple[ApplicationState, ...]
    withdrawn: tuple[ApplicationState, ...]
    verdict_changes: tuple[VerdictChange, ...]
    rank_changes: tuple[RankChange, ...]
    grant_changes: tuple[GrantChange, ...]
    envelope_changes: tuple[EnvelopeChange, ...]
    matched_by_position: int
    """Applications (of either run) identified by position because their id is missing or repeated."""

    @property
    def changed(self) -> bool:
        """Whether anything changed."""
        return bool(
            self.new_applications
            or self.withdrawn
            or self.verdict_changes
            or self.rank_changes
            or self.grant_changes
            or self.envelope_changes
        )


# --- reading the documents' records -------------------------------------------------------------


class _Raw(NamedTuple):
    """An application record before the ids of both runs are known."""

    application_id: str | None
    measure: str | None
    line: str | None
    status: str | None
    rank: int | None
    granted: Decimal | None
    in_envelope: bool
    findings: tuple[FindingSummary, ...]
    file: str | None
    sheet: str | None
    row: int | None

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(f.code for f in self.findings) if self.findings else _NO_CODES


class _Defect(Exception):
    """A value of the wrong type; ``field`` is its place inside the record being read."""

    def __init__(self, field: str, detail: str) -> None:
        super().__init__(field, detail)
        self.field = field
        self.detail = detail


def _objects(value: object, where: str, name: str) -> list[Mapping[str, Any]]:
    if not isinstance(value, list):
        raise DiffInputError("invalid-structure", name, where=where, detail="not a list")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise DiffInputError("invalid-structure", name, where=f"{where}[{index}]", detail="not an object")
    return value


def _text(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    return str(value)


def _integer(value: object, field: str) -> int | None:
    if value is None:
        return None
    if type(value) is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise _Defect(field, "not a whole number")


def _amount(value: object, field: str) -> Decimal | None:
    if value is None:
        return None
    if type(value) is int:
        return Decimal(value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Defect(field, "not an amount")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise _Defect(field, "not an amount") from None
    if not amount.is_finite():
        raise _Defect(field, "not an amount")
    return amount


def _findings(value: object) -> tuple[FindingSummary, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Defect("findings", "not a list")
    found = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise _Defect(f"findings[{index}]", "not an object")
        code = _text(item.get("code"))
        if code is None:
            raise _Defect(f"findings[{index}].code", "missing")
        found.append(
            FindingSummary(
                code=code,
                severity=_text(item.get("severity")),
                message=_text(item.get("message")),
                column=_text(item.get("column")),
            )
        )
    return tuple(found)


def _check_record(item: Mapping[str, Any]) -> _Raw:
    return _Raw(
        application_id=_text(item.get("application_id")),
        measure=_text(item.get("measure")),
        line=_text(item.get("line")),
        status=_text(item.get("status")),
        rank=None,
        granted=None,
        in_envelope=False,
        findings=_findings(item.get("findings")),
        file=_text(item.get("file")),
        sheet=_text(item.get("sheet")),
        row=_integer(item.get("row"), "row"),
    )


def _ranked_record(item: Mapping[str, Any], measure: str | None, line: str | None) -> _Raw:
    return _Raw(
        application_id=_text(item.get("application_id")),
        measure=measure,
        line=line,
        status=_text(item.get("status")),
        rank=_integer(item.get("rank"), "rank"),
        granted=_amount(item.get("granted"), "granted") or ZERO,
        in_envelope=True,
        findings=(),
        file=_text(item.get("file")),
        sheet=_text(item.get("sheet")),
        row=_integer(item.get("row"), "row"),
    )


def _ineligible_record(item: Mapping[str, Any]) -> _Raw:
    return _Raw(
        application_id=_text(item.get("application_id")),
        measure=_text(item.get("measure")),
        line=_text(item.get("line")),
        status=_text(item.get("status")) or "ineligible",
        rank=None,
        granted=ZERO,
        in_envelope=False,
        findings=_findings(item.get("findings")),
        file=_text(item.get("file")),
        sheet=_text(item.get("sheet")),
        row=_integer(item.get("row"), "row"),
    )


def _check_records(document: Mapping[str, Any], name: str) -> list[_Raw]:
    records = []
    for index, item in enumerate(_objects(document.get("applications"), "applications", name)):
        try:
            records.append(_check_record(item))
        except _Defect as defect:
            where = f"applications[{index}].{defect.field}"
            raise DiffInputError("invalid-structure", name, where=where, detail=defect.detail) from None
    return records


def _rank_records(document: Mapping[str, Any], name: str) -> list[_Raw]:
    records = []
    for e_index, envelope in enumerate(_objects(document.get("rankings"), "rankings", name)):
        base = f"rankings[{e_index}].applications"
        measure, line = _text(envelope.get("measure")), _text(envelope.get("line"))
        for index, item in enumerate(_objects(envelope.get("applications") or [], base, name)):
            try:
                records.append(_ranked_record(item, measure, line))
            except _Defect as defect:
                where = f"{base}[{index}].{defect.field}"
                raise DiffInputError("invalid-structure", name, where=where, detail=defect.detail) from None
    for index, item in enumerate(_objects(document.get("ineligible") or [], "ineligible", name)):
        try:
            records.append(_ineligible_record(item))
        except _Defect as defect:
            where = f"ineligible[{index}].{defect.field}"
            raise DiffInputError("invalid-structure", name, where=where, detail=defect.detail) from None
    return records


def _envelopes(document: Mapping[str, Any], name: str) -> dict[tuple[str | None, str | None], EnvelopeTotals]:
    found: dict[tuple[str | None, str | None], EnvelopeTotals] = {}
    for index, envelope in enumerate(_objects(document.get("rankings"), "rankings", name)):
        key = (_text(envelope.get("measure")), _text(envelope.get("line")))
        try:
            found[key] = EnvelopeTotals(
                budget=_amount(envelope.get("budget"), "budget"),
                allocated=_amount(envelope.get("allocated"), "allocated"),
                residual=_amount(envelope.get("residual"), "residual"),
            )
        except _Defect as defect:
            where = f"rankings[{index}].{defect.field}"
            raise DiffInputError("invalid-structure", name, where=where, detail=defect.detail) from None
    return found


# --- matching -----------------------------------------------------------------------------------

Key = tuple[object, ...]
ID_KEY = "id"
POSITION_KEY = "position"


def normalise_id(application_id: str | None) -> str | None:
    """The id as compared, as `wecare check` compares ids (:func:`identifier_key`): trimmed,
    case-folded, spaces, ``_`` and ``-`` alike, without invisible characters or accents; None
    when missing or blank."""
    if application_id is None:
        return None
    return identifier_key(application_id) or None


def _keyed(records: Sequence[_Raw], ids: Sequence[str | None], usable: set[str]) -> dict[Key, _Raw]:
    """Each record under its key: ("id", id) when the id is usable, else ("position", ...).

    Two rows at the same position (not expected) get distinct keys in their order.
    """
    keyed: dict[Key, _Raw] = {}
    for raw, normalised in zip(records, ids, strict=True):
        if normalised is not None and normalised in usable:
            keyed[(ID_KEY, normalised)] = raw
            continue
        occurrence = 0
        while (key := (POSITION_KEY, raw.file, raw.sheet, raw.row, occurrence)) in keyed:
            occurrence += 1
        keyed[key] = raw
    return keyed


def _usable_ids(old: Iterable[str | None], new: Iterable[str | None]) -> set[str]:
    """Ids present at most once in each run."""
    counts_old = Counter(i for i in old if i is not None)
    counts_new = Counter(i for i in new if i is not None)
    return {i for i in counts_old.keys() | counts_new.keys() if counts_old[i] <= 1 and counts_new[i] <= 1}


def _state(key: Key, raw: _Raw) -> ApplicationState:
    """The typed view of a record, built only for the applications the result reports."""
    return ApplicationState(
        application_id=raw.application_id,
        matched_by=MatchedBy.APPLICATION_ID if key[0] == ID_KEY else MatchedBy.POSITION,
        measure=raw.measure,
        line=raw.line,
        status=raw.status,
        rank=raw.rank,
        granted=raw.granted,
        in_envelope=raw.in_envelope,
        findings=raw.findings,
        position=Position(raw.file, raw.sheet, raw.row),
    )


# --- comparing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    """What a comparison needs of one document: its kind, its application records and, for a
    ranking, its envelopes' totals (the document itself can then be let go)."""

    name: str
    kind: DiffKind
    records: list[_Raw]
    envelopes: dict[tuple[str | None, str | None], EnvelopeTotals]


def _side(document: Mapping[str, Any], name: str, old: _Side | None = None) -> _Side:
    """The records of ``document``; with ``old``, the other side, its kind is checked first."""
    kind = document_kind(document, name)
    if old is not None and kind is not old.kind:
        raise DiffInputError("kinds-differ", old.name, new=name, old_kind=str(old.kind), new_kind=str(kind))
    if kind is DiffKind.CHECK:
        return _Side(name, kind, _check_records(document, name), {})
    return _Side(name, kind, _rank_records(document, name), _envelopes(document, name))


def diff_documents(
    old: Mapping[str, Any], new: Mapping[str, Any], old_name: str = "OLD", new_name: str = "NEW"
) -> DiffResult:
    """Compare two documents of the same kind (two check results or two rankings).

    ``old_name`` and ``new_name`` name the inputs in errors and in the result.
    """
    kind = document_kind(old, old_name)
    new_kind = document_kind(new, new_name)
    if kind is not new_kind:
        raise DiffInputError(
            "kinds-differ", old_name, new=new_name, old_kind=str(kind), new_kind=str(new_kind)
        )
    return _compare(_side(old, old_name), _side(new, new_name))


def _compare(old: _Side, new: _Side) -> DiffResult:
    kind, old_name, new_name = old.kind, old.name, new.name
    old_records, new_records = old.records, new.records
    old_ids = [normalise_id(r.application_id) for r in old_records]
    new_ids = [normalise_id(r.application_id) for r in new_records]
    usable = _usable_ids(old_ids, new_ids)
    before = _keyed(old_records, old_ids, usable)
    after = _keyed(new_records, new_ids, usable)

    verdicts: list[VerdictChange] = []
    ranks: list[RankChange] = []
    grants: list[GrantChange] = []
    ranked = kind is DiffKind.RANK
    for key, current in after.items():
        previous = before.get(key)
        if previous is None or previous == current:
            continue
        pair = (_state(key, previous), _state(key, current))
        old_codes, new_codes = previous.codes, current.codes
        if previous.status != current.status or old_codes != new_codes:
            added = tuple(sorted(new_codes - old_codes))
            removed = tuple(sorted(old_codes - new_codes))
            verdicts.append(VerdictChange(*pair, added, removed))
        if not ranked:
            continue
        if (
            previous.in_envelope
            and current.in_envelope
            and (previous.measure, previous.line, previous.rank)
            != (current.measure, current.line, current.rank)
        ):
            ranks.append(RankChange(*pair))
        old_granted = previous.granted or ZERO
        new_granted = current.granted or ZERO
        if old_granted != new_granted:
            grants.append(GrantChange(*pair, old_granted, new_granted))

    envelopes: list[EnvelopeChange] = []
    if ranked:
        old_envelopes, new_envelopes = old.envelopes, new.envelopes
        for (measure, line), totals in new_envelopes.items():
            previous_totals = old_envelopes.get((measure, line))
            if previous_totals is None:
                envelopes.append(EnvelopeChange(measure, line, EnvelopePresence.ADDED, None, totals))
            elif previous_totals != totals:
                envelopes.append(
                    EnvelopeChange(measure, line, EnvelopePresence.CHANGED, previous_totals, totals)
                )
        for (measure, line), totals in old_envelopes.items():
            if (measure, line) not in new_envelopes:
                envelopes.append(EnvelopeChange(measure, line, EnvelopePresence.REMOVED, totals, None))

    by_position = {key[:-1] for keyed in (before, after) for key in keyed if key[0] == POSITION_KEY}
    return DiffResult(
        kind=kind,
        old=old_name,
        new=new_name,
        new_applications=tuple(_state(key, raw) for key, raw in after.items() if key not in before),
        withdrawn=tuple(_state(key, raw) for key, raw in before.items() if key not in after),
        verdict_changes=tuple(verdicts),
        rank_changes=tuple(ranks),
        grant_changes=tuple(grants),
        envelope_changes=tuple(envelopes),
        matched_by_position=len(by_position),
    )


def diff_files(old: Path, new: Path, limits: ReadLimits | None = None) -> DiffResult:
    """Read two JSON documents or ranking workbooks (within ``limits``) and compare them."""
    from wecare_cli.ingest.files import shown_path

    old_name, new_name = shown_path(old), shown_path(new)
    # One document at a time, each let go once its records are read: two documents of 100,000
    # applications held whole took about 950 MiB.
    before = _side(load_document(old, limits), old_name)
    return _compare(before, _side(load_document(new, limits), new_name, before))
