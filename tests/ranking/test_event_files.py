"""Reading events: YAML like measures.yaml (bounded, every defect at its line) and the Eventi sheet."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from wecare_cli.config.loading import ConfigLimits
from wecare_cli.errors import ConfigError, ConfigProblem, InputFileError
from wecare_cli.event_files import load_events
from wecare_cli.i18n.errors import describe
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.events import EventKind, EventLog, parse_day, parse_kind

ROME = ZoneInfo("Europe/Rome")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

RENUNCIATION = """\
events:
  - date: 2020-03-16
    act: "D.D. n. 5 del 16/03/2020"
    kind: rinuncia
    application: "FSE3-004"
"""


def events_file(tmp_path: Path, text: str, name: str = "eventi.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ConfigError) as refused:
        load_events(path, ROME)
    return [(line, key, reason.code) for line, key, reason in refused.value.problems]


def test_a_yaml_event_is_read_with_the_line_of_each_of_its_keys(tmp_path: Path) -> None:
    log = load_events(events_file(tmp_path, RENUNCIATION), ROME)
    (event,) = log.events
    assert (event.day, event.act, event.kind, event.application) == (
        date(2020, 3, 16),
        "D.D. n. 5 del 16/03/2020",
        EventKind.RINUNCIA,
        "FSE3-004",
    )
    assert (event.place.file, event.place.sheet, event.place.row) == ("eventi.yaml", None, 2)
    assert event.place.keys["application"] == (5, "events[0].application")
    assert len(log.sha256) == 64 and log.name == "eventi.yaml"


def test_an_empty_list_of_events_is_a_file_without_events(tmp_path: Path) -> None:
    assert load_events(events_file(tmp_path, "events: []\n"), ROME).events == ()


def test_an_unknown_key_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = RENUNCIATION + "    importo: 5\n"
    assert problems(events_file(tmp_path, text)) == [(6, "events[0].importo", "unknown-key")]


def test_an_unknown_kind_is_an_error_at_its_line_that_lists_the_kinds(tmp_path: Path) -> None:
    path = events_file(tmp_path, RENUNCIATION.replace("kind: rinuncia", "kind: rinunzia"))
    assert problems(path) == [(4, "events[0].kind", "not-one-of")]
    with pytest.raises(ConfigError) as refused:
        load_events(path, ROME)
    assert "rinuncia | revoca | decadenza | rideterminazione" in describe(refused.value, Lang.EN)


def test_each_kind_needs_its_own_keys_and_refuses_the_others(tmp_path: Path) -> None:
    text = """\
events:
  - date: 2020-03-16
    act: "a"
    kind: rinuncia
  - date: 2020-03-16
    act: "b"
    kind: rinuncia
    application: "X"
    amount_eur: 100
  - date: 2020-03-16
    act: "c"
    kind: incremento-dotazione
    measure: "FSE3"
    line: "attivazione"
  - date: 2020-03-16
    act: "d"
    kind: riduzione-dotazione
    application: "X"
    measure: "FSE3"
    amount_eur: 100
  - date: 2020-03-16
    act: "e"
    kind: revoca
    application: "X"
    line: "attivazione"
"""
    assert problems(events_file(tmp_path, text)) == [
        (2, "events[0].application", "event-key-missing"),
        (9, "events[1].amount_eur", "event-key-not-for-kind"),
        (10, "events[2].amount_eur", "event-key-missing"),
        (18, "events[3].application", "event-key-not-for-kind"),
        (21, "events[4].measure", "event-line-without-measure"),
    ]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("date: 2020-03-16T10:00:00", "event-date-not-a-day"),
        ("date: 2020-02-30", "not-a-date"),
        ("date: domani", "not-a-date"),
        ("amount_eur: 0", "event-amount-not-positive"),
        ("amount_eur: -5", "negative"),
        ("amount_eur: 10.005", "event-amount-cents"),
        ("amount_eur: '1000'", "not-a-number"),
        ("act: ''", "empty"),
        ("application: 12", "not-text"),
    ],
)
def test_a_value_that_is_not_what_its_key_needs_is_an_error_at_its_line(
    tmp_path: Path, written: str, code: str
) -> None:
    key = written.split(":")[0]
    base = {
        "date": "date: 2020-03-16",
        "act": 'act: "D.D."',
        "kind": "kind: rideterminazione",
        "application": 'application: "X"',
        "amount_eur": "amount_eur: 1000",
    }
    base[key] = written
    text = "events:\n  - " + "\n    ".join(base.values()) + "\n"
    line = 2 + list(base).index(key)
    assert problems(events_file(tmp_path, text)) == [(line, f"events[0].{key}", code)]


def test_a_file_that_is_not_a_list_of_events_is_refused(tmp_path: Path) -> None:
    assert problems(events_file(tmp_path, "")) == [(1, "", "events-file-empty")]
    assert problems(events_file(tmp_path, "- date: 2020-03-16\n")) == [(1, "", "events-not-a-mapping")]
    assert problems(events_file(tmp_path, "events: 3\n")) == [(1, "events", "not-a-list")]
    assert problems(events_file(tmp_path, "event: []\n")) == [
        (1, "events", "key-missing"),
        (1, "event", "unknown-key"),
    ]


def test_a_key_written_twice_and_a_yaml_syntax_error_are_refused_with_their_line(tmp_path: Path) -> None:
    assert problems(events_file(tmp_path, RENUNCIATION + "    kind: revoca\n")) == [
        (6, "events[0].kind", "duplicate-key")
    ]
    assert problems(events_file(tmp_path, "events:\n  - date: [2020\n")) == [(3, "", "yaml-unclosed")]


def test_the_yaml_is_read_within_the_bounds_of_a_configuration_file(tmp_path: Path) -> None:
    path = events_file(tmp_path, RENUNCIATION)
    with pytest.raises(ConfigError) as refused:
        load_events(path, ROME, config_limits=ConfigLimits(max_file_bytes=10))
    assert refused.value.problems[0][2].code == "too-large"


def test_a_missing_file_and_an_unknown_format_are_one_message_each(tmp_path: Path) -> None:
    assert problems(tmp_path / "nessuno.yaml") == [(None, "", "file-not-found")]
    assert problems(events_file(tmp_path, "x", "eventi.txt")) == [(None, "", "events-format-unsupported")]


# ------------------------------------------------------------------------------- the Eventi sheet

HEADERS = ["Data", "Atto", "Evento", "Codice domanda", "Misura", "Linea", "Importo"]


def events_workbook(path: Path, rows: list[list[object]], sheet: str = "Eventi", title: bool = True) -> Path:
    """A workbook with an events sheet: a title, a blank row, the Italian headers, the rows."""
    book = Workbook()
    worksheet = book.active
    assert worksheet is not None
    worksheet.title = sheet
    if title:
        worksheet.append(["Eventi della graduatoria"])
        worksheet.append([])
    worksheet.append(HEADERS)
    for row in rows:
        worksheet.append(row)
    book.save(path)
    return path


def test_the_eventi_sheet_gives_the_same_events_with_excel_rows(tmp_path: Path) -> None:
    path = events_workbook(
        tmp_path / "eventi.xlsx",
        [
            [datetime(2020, 3, 16), "D.D. n. 5", "Rinuncia", "FSE3-004", None, None, None],
            [],
            ["01/04/2020", "D.D. n. 6", "Incremento dotazione", None, "FSE3", "attivazione", 200000],
            [date(2020, 5, 4), "D.D. n. 7", "RIDETERMINAZIONE", "FSE3-001", None, None, "72.000,00 €"],
        ],
    )
    log = load_events(path, ROME)
    assert [(e.order, e.day, e.kind, e.application, e.measure, e.line, e.amount) for e in log.events] == [
        (0, date(2020, 3, 16), EventKind.RINUNCIA, "FSE3-004", None, None, None),
        (1, date(2020, 4, 1), EventKind.INCREMENTO_DOTAZIONE, None, "FSE3", "attivazione", Decimal(200000)),
        (2, date(2020, 5, 4), EventKind.RIDETERMINAZIONE, "FSE3-001", None, None, Decimal(72000)),
    ]
    assert [(e.place.sheet, e.place.row) for e in log.events] == [("Eventi", 4), ("Eventi", 6), ("Eventi", 7)]


def test_a_bad_row_of_the_sheet_is_refused_at_its_excel_row_and_cell(tmp_path: Path) -> None:
    path = events_workbook(
        tmp_path / "eventi.xlsx",
        [
            [datetime(2020, 3, 16, 10, 30), "D.D. n. 5", "Rinuncia", "FSE3-004"],
            ["16/03/2020", "D.D. n. 6", "Rinunzia", "FSE3-004"],
            ["16/03/2020", "D.D. n. 7", "Rinuncia"],
            ["16/03/2020", "D.D. n. 8", "Incremento dotazione", None, "FSE3", "attivazione", "tanti"],
        ],
    )
    assert problems(path) == [
        (4, "Eventi!A4 «Data»", "event-date-not-a-day"),
        (5, "Eventi!C5 «Evento»", "not-one-of"),
        (6, "Eventi!D6 «Codice domanda»", "event-key-missing"),
        (7, "Eventi!G7 «Importo»", "not-a-number"),
    ]


def test_a_needed_column_that_the_sheet_does_not_have_is_named_in_italian(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Eventi"
    sheet.append(["Data", "Atto", "Evento", "Codice domanda"])
    sheet.append([date(2020, 4, 1), "D.D.", "Incremento dotazione", None])
    book.save(tmp_path / "eventi.xlsx")
    with pytest.raises(ConfigError) as refused:
        load_events(tmp_path / "eventi.xlsx", ROME)
    assert describe(refused.value, Lang.IT) == (
        "eventi.xlsx:2: Eventi «Misura»: un evento «incremento-dotazione» richiede «Misura»"
    )


def test_a_workbook_without_an_eventi_sheet_is_refused_with_its_sheets(tmp_path: Path) -> None:
    path = events_workbook(tmp_path / "eventi.xlsx", [], sheet="Foglio1")
    with pytest.raises(InputFileError) as refused:
        load_events(path, ROME)
    assert refused.value.code == "events-sheet-missing"
    assert "«Foglio1»" in describe(refused.value, Lang.EN)


def test_an_eventi_sheet_without_its_header_is_refused_like_an_intake(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Eventi"
    sheet.append(["Data", "Atto", "Tipo"])
    book.save(tmp_path / "eventi.xlsx")
    with pytest.raises(InputFileError) as refused:
        load_events(tmp_path / "eventi.xlsx", ROME)
    assert refused.value.code == "column-missing"


def test_a_workbook_is_opened_as_an_intake_is_and_a_renamed_file_refused(tmp_path: Path) -> None:
    path = events_file(tmp_path, RENUNCIATION, "eventi.xlsx")
    with pytest.raises(InputFileError) as refused:
        load_events(path, ROME)
    assert refused.value.code == "file-not-xlsx"


# ------------------------------------------------------------------------------------ the example


def recipe() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_eventi", EXAMPLES / "make_eventi.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_eventi"] = module
    spec.loader.exec_module(module)
    return module


def fields(log: EventLog) -> list[tuple[object, ...]]:
    return [(e.order, e.day, e.act, e.kind, e.application, e.measure, e.line, e.amount) for e in log.events]


def test_the_example_workbook_recipe_gives_the_events_of_eventi_yaml(tmp_path: Path) -> None:
    built = recipe().build(tmp_path / "eventi-esempio.xlsx")
    from_yaml = load_events(EXAMPLES / "eventi.yaml", ROME)
    assert fields(load_events(built, ROME)) == fields(from_yaml)
    assert fields(load_events(EXAMPLES / "eventi-esempio.xlsx", ROME)) == fields(from_yaml)


def test_the_example_has_a_renunciation_a_revocation_and_a_budget_increase() -> None:
    kinds = {event.kind for event in load_events(EXAMPLES / "eventi.yaml", ROME).events}
    assert {EventKind.RINUNCIA, EventKind.REVOCA, EventKind.INCREMENTO_DOTAZIONE} <= kinds


# ----------------------------------------------------------------------------------- the parsers


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_a_day_is_read_back_from_its_iso_and_its_italian_writing(day: date) -> None:
    assert parse_day(day) == day
    assert parse_day(day.isoformat()) == day
    assert parse_day(day.strftime("%d/%m/%Y")) == day


@given(st.datetimes())
def test_a_moment_with_a_time_is_never_taken_for_a_day(moment: datetime) -> None:
    with pytest.raises(ConfigProblem):
        parse_day(moment)


@given(
    st.sampled_from(list(EventKind)),
    st.lists(st.booleans(), min_size=30, max_size=30),
    st.sampled_from(" _-"),
)
def test_a_kind_is_read_whatever_its_case_and_separators(
    kind: EventKind, upper: list[bool], separator: str
) -> None:
    written = "".join(c.upper() if big else c for c, big in zip(kind.value, upper, strict=False))
    assert parse_kind(written.replace("-", separator)) is kind


@given(st.text(max_size=30))
def test_any_other_text_is_refused_as_a_kind(written: str) -> None:
    kinds = {kind.value.replace("-", " ") for kind in EventKind}
    if " ".join(written.replace("-", " ").replace("_", " ").split()).casefold() in kinds:
        return
    try:
        parse_kind(written)
    except ConfigProblem as problem:
        assert problem.reason.code == "not-one-of"
    else:
        pytest.fail(f"{written!r} was read as a kind")
