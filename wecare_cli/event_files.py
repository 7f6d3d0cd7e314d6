"""Reading an events file: YAML (like measures.yaml) or the ``Eventi`` sheet of a workbook.

Both are read within bounds and checked the same way (one model, :class:`EventEntry`); every
defect is a :class:`~wecare_cli.errors.ConfigError` naming the file and the line (YAML) or the
Excel row and cell (workbook): unknown keys and kinds, missing keys, dates and amounts that are
not. A workbook is opened as application workbooks are (a regular file within the reading
limits, every part verified before it is parsed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from wecare_cli.config.loading import (
    ConfigLimits,
    NodeLines,
    key_path,
    read_yaml_document,
    validate_yaml,
    validation_reason,
)
from wecare_cli.errors import ConfigError, Problem, Reason
from wecare_cli.ingest.cells import CellIssue, CellValue, make_date_reader, read_amount, read_text
from wecare_cli.ingest.files import (
    WORKBOOK_EXTENSIONS,
    ReadLimits,
    UnreadableFileError,
    load_file,
    shown_name,
)
from wecare_cli.ingest.headers import Header, TableSpec
from wecare_cli.ingest.workbook import WorkbookFile
from wecare_cli.ranking.events import (
    EVENT_FIELDS,
    Event,
    EventEntry,
    EventLog,
    EventPlace,
    EventsDocument,
)

YAML_EXTENSIONS = frozenset({".yaml", ".yml"})

EVENT_COLUMNS: dict[str, str] = {
    "date": "Data",
    "act": "Atto",
    "kind": "Evento",
    "application": "Codice domanda",
    "measure": "Misura",
    "line": "Linea",
    "amount_eur": "Importo",
}
"""The columns of the Eventi sheet: canonical name (the YAML key) -> Italian header."""

EVENTS_TABLE = TableSpec(
    name="events",
    columns=EVENT_COLUMNS,
    required=("date", "act", "kind"),
    sheet_names=frozenset({"eventi", "events", "scorrimenti"}),
    sheet_label="Eventi",
)


def load_events(
    path: Path, zone: ZoneInfo, limits: ReadLimits | None = None, config_limits: ConfigLimits | None = None
) -> EventLog:
    """The events of a YAML file or of the Eventi sheet of a workbook (by the file's extension).

    Raises :class:`~wecare_cli.errors.ConfigError` for a defect in an event, and
    :class:`~wecare_cli.errors.InputFileError` for a workbook that cannot be read.
    """
    extension = path.suffix.lower()
    if extension in YAML_EXTENSIONS:
        return _yaml_events(path, config_limits)
    if extension in WORKBOOK_EXTENSIONS:
        return _workbook_events(path, zone, limits or ReadLimits())
    raise ConfigError(
        path, [(None, "", Reason("events-format-unsupported", {"extension": extension or "-"}))]
    )


def _yaml_events(path: Path, limits: ConfigLimits | None) -> EventLog:
    document = read_yaml_document(
        path, limits, empty="events-file-empty", not_a_mapping="events-not-a-mapping"
    )
    validated = validate_yaml(path, document, EventsDocument)
    name = shown_name(path)
    events = tuple(
        Event.of(index, entry, _yaml_place(name, document.lines, index))
        for index, entry in enumerate(validated.events)
    )
    return EventLog(path=path, name=name, sha256=document.sha256, events=events)


def _yaml_place(name: str, lines: NodeLines, index: int) -> EventPlace:
    keys = {
        key: (lines.line_of(["events", index, key]), key_path(["events", index, key])) for key in EVENT_FIELDS
    }
    return EventPlace(file=name, sheet=None, row=lines.line_of(["events", index]), keys=keys)


def _workbook_events(path: Path, zone: ZoneInfo, limits: ReadLimits) -> EventLog:
    loaded = load_file(path, limits)
    book = WorkbookFile(loaded, limits)
    source = book.table(EVENTS_TABLE, by_name_only=True)
    if source is None:
        sheets = ", ".join(f"«{sheet.name}»" for sheet in book.sheets) or "-"
        raise UnreadableFileError(
            "events-sheet-missing", path, sheets=sheets, expected=EVENTS_TABLE.sheet_label
        )
    sheet = source.sheet or EVENTS_TABLE.sheet_label
    header = source.header
    columns = dict(header.canonical)
    read_date = make_date_reader(zone, date1904=book.date1904)
    events: list[Event] = []
    problems: list[Problem] = []
    for row, cells in source.rows:
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        place = _sheet_place(loaded.name, sheet, row, header)
        values: dict[str, Any] = {}
        unreadable: list[Problem] = []
        for key, column in columns.items():
            raw = cells[column.index] if column.index < len(cells) else None
            issue = source.cell_marks.get((row, column.index))
            value, problem = _cell(key, raw, issue, read_date)
            if problem is not None:
                unreadable.append(place.problem(key, problem))
            elif value is not None:
                values[key] = value
        if unreadable:
            problems.extend(unreadable)
            continue
        try:
            entry = EventEntry.model_validate(values)
        except ValidationError as error:
            problems.extend(_row_problems(error, place))
            continue
        events.append(Event.of(len(events), entry, place))
    if problems:
        raise ConfigError(path, problems)
    return EventLog(path=path, name=loaded.name, sha256=loaded.sha256, events=tuple(events))


def _sheet_place(name: str, sheet: str, row: int, header: Header) -> EventPlace:
    keys: dict[str, tuple[int | None, str]] = {}
    for key in EVENT_FIELDS:
        column = header.canonical.get(key)
        if column is not None:
            keys[key] = (row, f"{sheet}!{column.letter}{row} «{column.header}»")
        else:
            keys[key] = (row, f"{sheet} «{EVENT_COLUMNS[key]}»")
    return EventPlace(file=name, sheet=sheet, row=row, keys=keys)


def _cell(key: str, raw: CellValue, issue: CellIssue | None, read_date: Any) -> tuple[Any, Reason | None]:
    """The value of one cell for the model, or why it cannot be read."""
    if issue is not None:
        return None, Reason("event-cell-unreadable", {"issue": issue.code, "value": issue.shown or ""})
    if key == "date":
        moment, problem = read_date(raw)
        if problem is not None and problem.severity == "error":
            return None, Reason("not-a-date")
        if moment is None:
            return None, None
        local = moment.instant
        if not moment.date_only and (local.hour, local.minute, local.second, local.microsecond) != (
            0,
            0,
            0,
            0,
        ):
            return None, Reason("event-date-not-a-day")
        return local.date(), None
    if key == "amount_eur":
        amount, problem = read_amount(raw)
        if problem is not None:
            return None, Reason("not-a-number")
        return amount, None
    text, problem = read_text(raw)
    if problem is not None:
        return None, Reason("event-cell-not-text")
    return text, None


def _row_problems(error: ValidationError, place: EventPlace) -> Sequence[Problem]:
    problems: list[Problem] = []
    for detail in error.errors():
        location = [part for part in detail["loc"] if isinstance(part, str) and part in EVENT_FIELDS]
        cause = detail.get("ctx", {}).get("error")
        extra = [part for part in getattr(cause, "at", ()) if isinstance(part, str)]
        key = (extra or location or ["date"])[-1]
        reason = validation_reason(detail)
        named = reason.params.get("field")
        if isinstance(named, str) and named in EVENT_COLUMNS:  # the sheet's column, not the YAML key
            reason = Reason(reason.code, {**reason.params, "field": EVENT_COLUMNS[named]})
        problems.append(place.problem(key, reason))
    return problems
