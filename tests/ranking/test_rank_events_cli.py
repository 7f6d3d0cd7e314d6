"""`wecare rank ... --events`: the stages in the JSON, the console and the workbook; diff; refusals.

To refresh the golden files after a deliberate change, run the tests with
``WECARE_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner, Result

from tests.ranking.scrolling import attivazione, event, scrolled, with_envelope
from wecare_cli.cli.app import app
from wecare_cli.config import Configuration
from wecare_cli.exit_codes import ExitCode
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.ranking_console import stages_view

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"
EVENTS = ROOT / "examples" / "eventi.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"
AS_OF = "2026-11-22"


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, ["rank", *map(str, args)], env={"COLUMNS": "80"})


def agrees_with_golden(text: str, golden: Path) -> None:
    if os.environ.get("WECARE_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def example_json(*extra: str) -> str:
    result = invoke(EXAMPLE, "--as-of", AS_OF, "--format", "json", "--lang", "en", *extra)
    assert result.exit_code == ExitCode.FINDINGS, result.stderr
    return result.stdout


def test_the_example_with_its_events_matches_its_golden_json_byte_for_byte(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    document = example_json("--events", "examples/eventi.yaml")
    agrees_with_golden(document, ROOT / "examples" / "domande-esempio.eventi.rank.json")
    assert example_json("--events", "examples/eventi.yaml") == document


def test_the_json_gives_the_state_after_the_last_event_and_the_stages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    document = json.loads(example_json("--events", "examples/eventi.yaml"))
    scorrimento = document["scorrimento"]
    assert scorrimento["events_file"] == "eventi.yaml"
    assert scorrimento["sha256"] == hashlib.sha256(EVENTS.read_bytes()).hexdigest()
    assert [(s["stage"], s["kind"], s["date"]) for s in scorrimento["stages"]] == [
        (0, None, None),
        (1, "decadenza", "2019-01-15"),
        (2, "revoca", "2019-03-04"),
        (3, "riduzione-dotazione", "2019-03-04"),
        (4, "rinuncia", "2019-06-10"),
        (5, "incremento-dotazione", "2020-04-01"),
        (6, "rideterminazione", "2020-05-04"),
    ]
    applications = {a["application_id"]: a for r in document["rankings"] for a in r["applications"]}
    assert [
        (applications[i]["status"], applications[i]["granted"]) for i in ("FSE1-001", "FESR-002", "FSE2-002")
    ] == [
        ("lapsed", 0),
        ("revoked", 0),
        ("renounced", 0),
    ]
    assert applications["FSE3-001"]["redetermined_by"] == {
        "stage": 6,
        "date": "2020-05-04",
        "act": "D.D. n. 201 del 04/05/2020 (esempio)",
    }
    fesr_b = next(r for r in document["rankings"] if (r["measure"], r["line"]) == ("FESR", "B"))
    assert (fesr_b["budget"], fesr_b["allocated"], fesr_b["residual"]) == (900_000, 0, 900_000)


def test_without_events_the_document_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert json.loads(example_json())["scorrimento"] is None


def test_the_csv_names_the_act_that_set_each_status(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke(EXAMPLE, "--as-of", AS_OF, "--format", "csv", "--events", EVENTS, "--lang", "en")
    lines = result.stdout.lstrip("\ufeff").splitlines()
    header = lines[0].split(",")
    assert header[header.index("Note") + 1 : header.index("Note") + 4] == ["Stage", "Act date", "Act"]
    lapsed = next(line for line in lines if line.startswith("FSE1,,1,FSE1-001"))
    assert ",lapsed," in lapsed and ",1,2019-01-15,D.D. n. 12 del 15/01/2019 (esempio)," in lapsed


def stages_text(configuration: Configuration, lang: Lang) -> str:
    small = with_envelope(configuration, "FSE3", "attivazione", budget=150_000)
    rows = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000), ("D", 60, 75_000)])
    result = scrolled(
        small,
        rows,
        event("rinuncia", application="A", act="D.D. n. 5 del 16/03/2020"),
        event("incremento-dotazione", measure="FSE3", line="attivazione", amount=70_000, act="D.D. n. 6"),
    )
    assert result.scorrimento is not None
    console = Console(width=80, record=True, color_system=None, file=io.StringIO())
    console.print(stages_view(result.scorrimento, lang))
    return console.export_text()


@pytest.mark.parametrize("lang", [Lang.IT, Lang.EN])
def test_the_console_shows_each_stage_within_80_columns(configuration: Configuration, lang: Lang) -> None:
    text = stages_text(configuration, lang)
    assert max(len(line) for line in text.splitlines()) <= 80
    agrees_with_golden(text, GOLDEN / f"stages-{lang}.txt")


def test_the_console_of_rank_ends_with_the_stages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = invoke(EXAMPLE, "--as-of", AS_OF, "--lang", "it", "--events", EVENTS)
    assert "Scorrimento della graduatoria: passaggi (eventi.yaml)" in result.stdout
    assert "Rinuncia FSE2-002" in result.stdout and "Decadenza FSE1-001" in result.stdout


def test_the_workbook_gets_a_scorrimenti_sheet_and_the_act_of_each_status(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    result = invoke(
        EXAMPLE, "--as-of", AS_OF, "--lang", "it", "--events", EVENTS, "--output", target, "--quiet"
    )
    assert result.exit_code == ExitCode.FINDINGS, result.stderr
    book = load_workbook(target)
    assert book.sheetnames[:7] == ["Riepilogo", "FSE1", "FSE2", "FSE3", "FESR", "FSE4", "Scorrimenti"]
    rows = [[cell.value for cell in row] for row in book["Scorrimenti"].iter_rows()]
    assert rows[0][:4] == ["Passaggio", "Data", "Atto", "Evento"]
    assert [row[0] for row in rows[1:]] == [0] * 9 + [1, 2, 3, 4, 5, 6]
    cut = rows[12]
    header = rows[0]
    assert dict(zip(header, cut, strict=True)) == {
        "Passaggio": 3,
        "Data": "04/03/2019",
        "Atto": "D.D. n. 89 del 04/03/2019 (esempio)",
        "Evento": "Riduzione della dotazione FESR B",
        "Misura": "FESR",
        "Linea": "B",
        "Importo dell'atto": 100_000,
        "Liberato": 0,
        "Variazione della dotazione": -100_000,
        "Finanziate a seguito": "nessuna",
        "Dotazione": 900_000,
        "Assegnato": 0,
        "Residuo": 900_000,
        "Nel file degli eventi": "eventi.yaml:33",
    }
    fse1 = table(book["FSE1"])
    status = fse1[0].index("Stato")
    assert fse1[0][status + 1] == "Stato disposto da"
    assert fse1[1][status : status + 2] == [
        "decaduta",
        "D.D. n. 12 del 15/01/2019 (esempio) (15/01/2019, passaggio 1)",
    ]
    legend = [[cell.value for cell in row] for row in book["Legenda"].iter_rows()]
    events_row = next(row for row in legend if row[0] == "File degli eventi")
    assert events_row[1:] == ["eventi.yaml", f"SHA-256 {hashlib.sha256(EVENTS.read_bytes()).hexdigest()}"]
    assert [row[1] for row in legend if row[0] == "Stato"][-4:] == [
        "rinunciataria",
        "revocata",
        "decaduta",
        "non ammissibile",
    ]
    summary = table(book["Riepilogo"])[0]
    assert {"Rinunciatarie", "Revocate", "Decadute"} <= set(summary)


def table(sheet: Any) -> list[list[Any]]:
    """The rows of a sheet from its table's header on (below the title block, above the frozen panes)."""
    header = int(sheet.freeze_panes[1:]) - 1 if sheet.freeze_panes else 1
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=header)]


def test_the_english_workbook_names_the_sheet_stages(tmp_path: Path) -> None:
    target = tmp_path / "ranking.xlsx"
    invoke(EXAMPLE, "--as-of", AS_OF, "--lang", "en", "--events", EVENTS, "--output", target, "--quiet")
    assert "Stages" in load_workbook(target).sheetnames


def test_a_workbook_of_events_is_read_like_the_yaml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    from_yaml = json.loads(example_json("--events", "examples/eventi.yaml"))
    from_sheet = json.loads(example_json("--events", "examples/eventi-esempio.xlsx"))
    assert from_sheet["rankings"] == from_yaml["rankings"]
    assert [s["row"] for s in from_sheet["scorrimento"]["stages"][1:]] == [7, 5, 6, 4, 8, 9]


def test_a_bad_event_stops_the_run_with_its_line_and_writes_nothing(tmp_path: Path) -> None:
    events = tmp_path / "eventi.yaml"
    events.write_text(
        EVENTS.read_text(encoding="utf-8").replace('application: "FSE2-002"', 'application: "FSE2-099"'),
        encoding="utf-8",
    )
    target = tmp_path / "graduatoria.xlsx"
    result = invoke(EXAMPLE, "--as-of", AS_OF, "--events", events, "--output", target, "--format", "json")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert result.stdout == ""
    assert (
        result.stderr
        == "eventi.yaml:25: events[0].application: no application «FSE2-099» in the files read\n"
    )
    assert not target.exists()
    assert not [p for p in tmp_path.iterdir() if ".wecare-" in p.name]


def test_the_events_file_is_an_input_the_report_may_not_overwrite(tmp_path: Path) -> None:
    events = tmp_path / "eventi.xlsx"
    events.write_bytes((ROOT / "examples" / "eventi-esempio.xlsx").read_bytes())
    result = invoke(EXAMPLE, "--as-of", AS_OF, "--events", events, "--output", events, "--force", "--quiet")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert "output-is-input" in result.stderr
    assert events.read_bytes() == (ROOT / "examples" / "eventi-esempio.xlsx").read_bytes()


def test_diff_between_a_run_without_and_with_events_lists_exactly_what_the_events_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    before, after = tmp_path / "prima.json", tmp_path / "dopo.json"
    before.write_text(example_json(), encoding="utf-8")
    after.write_text(example_json("--events", "examples/eventi.yaml"), encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(before), str(after), "--format", "json"])
    assert result.exit_code == ExitCode.FINDINGS
    changes = json.loads(result.stdout)
    assert [(c["application_id"], c["old_status"], c["new_status"]) for c in changes["verdict_changes"]] == [
        ("FSE1-001", "funded", "lapsed"),
        ("FSE2-002", "funded", "renounced"),
        ("FESR-002", "funded", "revoked"),
    ]
    assert [(c["application_id"], c["old_granted"], c["new_granted"]) for c in changes["grant_changes"]] == [
        ("FSE1-001", 300_000, 0),
        ("FSE2-002", 90_000, 0),
        ("FSE3-001", 80_000, 72_000),
        ("FESR-002", 80_000, 0),
    ]
    assert changes["rank_changes"] == [] and changes["new_applications"] == [] and changes["withdrawn"] == []
    assert [
        (c["measure"], c["line"], c["old_budget"], c["new_budget"]) for c in changes["envelope_changes"]
    ] == [
        ("FSE1", None, 6_400_000, 6_400_000),
        ("FSE2", "regionale", 700_000, 700_000),
        ("FSE3", "attivazione", 2_500_000, 2_700_000),
        ("FESR", "B", 1_000_000, 900_000),
    ]
    table = CliRunner().invoke(app, ["diff", str(before), str(after), "--lang", "it"], env={"COLUMNS": "120"})
    assert "rinunciataria" in table.stdout and "revocata" in table.stdout and "decaduta" in table.stdout


def test_the_python_api_takes_the_events_and_its_frame_names_the_act_of_each_status() -> None:
    from wecare_cli import rank

    result = rank(EXAMPLE, as_of=date(2026, 11, 22), events=EVENTS)
    assert result.scorrimento is not None and len(result.scorrimento.stages) == 7
    frame = result.ranking_frame()
    row = frame[frame["application_id"] == "FSE2-002"].iloc[0]
    assert [row["status"], row["stage"], row["act"]] == [
        "renounced",
        4,
        "D.D. n. 310 del 10/06/2019 (esempio)",
    ]


def test_ranking_one_measure_applies_only_its_events_and_counts_the_others() -> None:
    from wecare_cli import rank

    result = rank(EXAMPLE, as_of=date(2026, 11, 22), events=str(EVENTS), measure="FESR")
    assert result.scorrimento is not None
    assert [s.event.kind.value for s in result.scorrimento.stages if s.event] == [
        "revoca",
        "riduzione-dotazione",
    ]
    assert result.scorrimento.outside_filter == 4
