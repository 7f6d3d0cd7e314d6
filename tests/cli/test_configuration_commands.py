"""The configuration commands: measures, measures show, districts, config check, init, --version."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from wecare_cli import __version__
from wecare_cli.cli.app import app, main
from wecare_cli.exit_codes import ExitCode

REPO_ROOT = Path(__file__).resolve().parents[2]
BROKEN = REPO_ROOT / "tests" / "fixtures" / "broken_config"
CODES = ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]
CUNEO = ["D06", "D07", "D08", "D09", "D10"]


@pytest.fixture(autouse=True)
def _in_an_empty_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No measures.yaml in the current folder: the commands read the shipped copies."""
    monkeypatch.chdir(tmp_path)


def invoke(*args: str, columns: int = 200) -> Result:
    return CliRunner().invoke(app, list(args), env={"COLUMNS": str(columns)})


def run_main(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the real entry point (which turns wecare errors into exit codes) in this process."""
    with pytest.raises(SystemExit) as raised:
        main(list(argv))
    captured = capsys.readouterr()
    code = raised.value.code
    return (code if isinstance(code, int) else -1), captured.out, captured.err


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- wecare measures --------------------------------------------------------------------------


def test_measures_as_json_lists_the_five_measures_and_their_twenty_million() -> None:
    document = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01"))
    measures = document["measures"]
    assert document["as_of"] == "2019-10-01"
    assert [m["code"] for m in measures] == CODES
    assert [m["budget_eur"] for m in measures] == [6_400_000, 3_600_000, 4_000_000, 5_000_000, 1_000_000]
    assert sum(m["budget_eur"] for m in measures) == 20_000_000
    assert [m["procedure"] for m in measures] == [
        "graduatoria",
        "graduatoria",
        "graduatoria",
        "sportello",
        None,
    ]


def test_measures_as_json_gives_each_deadline_in_force_as_an_instant_in_rome() -> None:
    measures = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01"))["measures"]
    assert {m["code"]: m["deadline_in_force"] for m in measures} == {
        "FSE1": "2017-12-20T23:59:59+01:00",
        "FSE2": "2018-12-24T23:59:59+01:00",
        "FSE3": "2020-02-27T23:59:59+01:00",
        "FESR": "2020-02-21T10:00:00+01:00",
        "FSE4": "2017-09-05T23:59:59+02:00",
    }


def test_on_the_first_of_october_2019_fse3_is_open_and_fse2_is_closed() -> None:
    measures = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01"))["measures"]
    assert {m["code"]: m["open"] for m in measures} == {
        "FSE1": None,
        "FSE2": False,
        "FSE3": True,
        "FESR": True,
        "FSE4": False,
    }


def test_the_day_can_be_written_the_italian_way() -> None:
    document = as_json(invoke("measures", "--format", "json", "--as-of", "01/10/2019"))
    assert document["as_of"] == "2019-10-01"


def test_a_day_that_does_not_exist_is_a_usage_error() -> None:
    result = invoke("measures", "--as-of", "2019-02-30")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert "'2019-02-30' is not a date: write YYYY-MM-DD or dd/mm/yyyy" in result.stderr
    assert result.stdout == ""


def test_measures_as_json_lists_fse3_lines_with_the_unknown_animazione_budget() -> None:
    measures = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01"))["measures"]
    fse3 = measures[2]
    lines = {line["code"]: line for line in fse3["lines"]}
    assert list(lines) == ["attivazione", "aggregatori", "animazione"]
    assert [line["budget_eur"] for line in lines.values()] == [2_500_000, 1_200_000, None]
    assert lines["animazione"]["budget_note"]["en"].startswith("NOT FOUND.")
    assert lines["animazione"]["budget_note"]["it"].startswith("NON TROVATO.")
    assert lines["attivazione"]["deadline_in_force"] == "2020-02-27T23:59:59+01:00"
    assert lines["attivazione"]["open"] is True
    assert lines["aggregatori"]["deadline_in_force"] is None
    assert lines["aggregatori"]["open"] is None


def test_measures_as_csv_has_a_header_and_one_row_per_measure() -> None:
    result = invoke("measures", "--format", "csv", "--as-of", "2019-10-01")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeff")  # a byte-order mark: Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["Code", "Fund", "Name", "Budget (€)", "Procedure", "Deadline in force", "Open"]
    assert rows[1:] == [
        [
            "FSE1",
            "FSE",
            "Pilot innovative local welfare actions",
            "6400000",
            "graduatoria",
            "2017-12-20T23:59:59+01:00",
            "",
        ],
        [
            "FSE2",
            "FSE",
            "Social innovation projects for the third sector",
            "3600000",
            "graduatoria",
            "2018-12-24T23:59:59+01:00",
            "false",
        ],
        [
            "FSE3",
            "FSE",
            "Promoting company welfare",
            "4000000",
            "graduatoria",
            "2020-02-27T23:59:59+01:00",
            "true",
        ],
        [
            "FESR",
            "FESR",
            "Strengthening businesses with socially desirable effects",
            "5000000",
            "sportello",
            "2020-02-21T10:00:00+01:00",
            "true",
        ],
        [
            "FSE4",
            "FSE",
            "System action – support to local project design",
            "1000000",
            "",
            "2017-09-05T23:59:59+02:00",
            "false",
        ],
    ]


def test_the_measures_table_shows_budgets_deadlines_and_the_total() -> None:
    result = invoke("measures", "--as-of", "2019-10-01")
    assert result.exit_code == 0
    out = result.stdout
    assert "WE.CA.RE. measures on 01/10/2019" in out
    for header in ("Code", "Name", "Fund", "Budget", "Procedure", "Deadline in force", "Open"):
        assert header in out
    assert "€6,400,000" in out
    assert "€20,000,000" in out
    assert "21/02/2020 10:00" in out
    assert "27/02/2020 23:59" in out


def test_with_lang_it_the_measures_table_is_in_italian() -> None:
    result = invoke("measures", "--as-of", "2019-10-01", "--lang", "it")
    assert result.exit_code == 0
    out = result.stdout
    assert "Misure WE.CA.RE. al 01/10/2019" in out
    for header in ("Codice", "Nome", "Fondo", "Dotazione", "Procedura", "Scadenza in vigore", "Aperto"):
        assert header in out
    assert "6.400.000 €" in out
    assert "20.000.000 €" in out
    assert "a sportello" in out
    assert "Promozione del welfare aziendale" in out
    assert "Code" not in out


def test_json_keys_and_codes_do_not_change_with_the_language() -> None:
    english = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01", "--lang", "en"))
    italian = as_json(invoke("measures", "--format", "json", "--as-of", "2019-10-01", "--lang", "it"))
    assert english == italian


@pytest.mark.parametrize("lang", ["en", "it"])
def test_the_measures_table_fits_80_columns_and_keeps_every_open_state(lang: str) -> None:
    result = invoke("measures", "--as-of", "2019-10-01", "--lang", lang, columns=80)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    states = ("unknown", "open", "closed") if lang == "en" else ("non noto", "aperto", "chiuso")
    # Five measures and seven lines, each row ending with its open state (the procedure moved
    # under a row is not a row).
    procedure = "Procedure:" if lang == "en" else "Procedura:"
    rows = [line for line in lines if line.rstrip().endswith(states) and procedure not in line]
    assert len(rows) == 12


# --- wecare measures show ---------------------------------------------------------------------


def test_measures_show_fse3_prints_its_rules_and_deadline_history() -> None:
    result = invoke("measures", "show", "FSE3")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("FSE3 – Promoting company welfare\n")
    assert "Procedure: ranked (graduatoria)" in out
    assert "Line attivazione: Design and start-up of company welfare schemes" in out
    assert "Deadline history" in out
    for closing in ("13/09/2019 23:59", "29/11/2019 12:00", "27/02/2020 23:59"):
        assert closing in out


def test_measures_show_takes_the_code_in_any_case() -> None:
    assert invoke("measures", "show", "fse3").stdout == invoke("measures", "show", "FSE3").stdout


def test_measures_show_fse3_as_json_gives_every_fact_with_its_source() -> None:
    detail = as_json(invoke("measures", "show", "FSE3", "--format", "json"))
    assert detail["code"] == "FSE3"
    assert detail["budget_eur"]["value"] == 4_000_000
    assert detail["budget_eur"]["source"].startswith("http://www.newsbiella.it/")
    assert detail["procedure"]["value"] == "graduatoria"
    assert detail["deadlines"] == []
    lines = {line["code"]: line for line in detail["lines"]}
    assert [d["closes"] for d in lines["attivazione"]["deadlines"]] == [
        "2019-09-13T23:59:59+02:00",
        "2019-11-29T12:00:00+01:00",
        "2020-02-27T23:59:59+01:00",
    ]
    assert [d["kind"] for d in lines["attivazione"]["deadlines"]] == ["original", "proroga", "proroga"]
    animazione = lines["animazione"]["budget_eur"]
    assert animazione["value"] is None
    assert [a["value"] for a in animazione["alternatives"]] == [300_000, 1_100_000]
    assert lines["attivazione"]["amounts"]["cofinancing_min_share"]["value"] == 0.2


def test_measures_show_fesr_as_json_gives_the_opening_and_the_exclusive_closing() -> None:
    detail = as_json(invoke("measures", "show", "FESR", "--format", "json"))
    assert detail["opening"]["at"] == "2018-10-15T00:00:00+02:00"
    assert [(d["closes"], d["inclusive"], d["kind"]) for d in detail["deadlines"]] == [
        ("2020-02-21T10:00:00+01:00", False, "chiusura")
    ]


def test_an_unknown_measure_exits_2_and_names_the_known_ones() -> None:
    result = invoke("measures", "show", "FSE9")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert result.stdout == ""
    assert result.stderr == "Unknown measure 'FSE9'. Known measures: FSE1, FSE2, FSE3, FESR, FSE4.\n"


def test_an_unknown_measure_is_reported_in_italian_with_lang_it() -> None:
    result = invoke("measures", "show", "FSE9", "--lang", "it")
    assert result.exit_code == ExitCode.CANNOT_RUN
    assert result.stderr == "Misura sconosciuta 'FSE9'. Misure note: FSE1, FSE2, FSE3, FESR, FSE4.\n"


# --- wecare districts -------------------------------------------------------------------------


def test_districts_as_json_lists_the_thirty_districts() -> None:
    districts = as_json(invoke("districts", "--format", "json"))["districts"]
    assert [d["code"] for d in districts] == [f"D{n:02d}" for n in range(1, 31)]
    assert [d["code"] for d in districts if not d["verified"]] == ["D27", "D28", "D29", "D30"]
    assert list(districts[0]) == [
        "code",
        "name",
        "provinces",
        "quadrant",
        "lead_body",
        "lead_body_status",
        "seat",
        "population",
        "verified",
        "source",
        "note",
    ]


@pytest.mark.parametrize("province", ["CN", "cn"])
def test_districts_of_the_province_of_cuneo_are_the_five_cuneo_districts(province: str) -> None:
    districts = as_json(invoke("districts", "--province", province, "--format", "json"))["districts"]
    assert [d["code"] for d in districts] == CUNEO
    assert [d["name"] for d in districts] == ["Alba", "Bra", "Cuneo", "Fossano", "Mondovì"]
    assert all(d["provinces"] == ["CN"] for d in districts)


@pytest.mark.parametrize("output_format", ["table", "json", "csv"])
def test_a_province_that_is_not_one_of_piemonte_is_refused_naming_the_provinces(
    output_format: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["districts", "--province", "XX", "--format", output_format], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert out == ""
    assert err == "Unknown province 'XX': the districts are in AL, AT, BI, CN, NO, TO, VB, VC.\n"


def test_a_known_province_without_districts_says_so_instead_of_an_empty_table(tmp_path: Path) -> None:
    districts = tmp_path / "districts.csv"
    lines = (REPO_ROOT / "districts.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    districts.write_text("".join(line for line in lines if ",VB," not in line), encoding="utf-8")
    result = invoke("districts", "--province", "VB", "--districts", str(districts), "--lang", "it")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Nessun distretto nella provincia VB.\n"


def test_districts_as_csv_joins_provinces_with_a_bar_and_writes_booleans_as_words() -> None:
    result = invoke("districts", "--province", "CN", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert [row["Code"] for row in rows] == CUNEO
    assert rows[0]["Provinces"] == "CN"
    assert rows[0]["Verified"] == "true"
    assert rows[0]["Population"] == ""


def test_the_districts_table_warns_on_standard_error_about_unverified_rows() -> None:
    result = invoke("districts")
    assert result.exit_code == 0
    assert "Distretti della Coesione Sociale (30)" in result.stdout
    assert result.stderr == (
        "16 districts are placeholders or have an unverified lead body: see districts.csv.\n"
    )


# --- wecare config check ----------------------------------------------------------------------


def test_config_check_on_the_shipped_files_exits_0_and_lists_the_unknown_facts() -> None:
    result = invoke("config", "check")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Configuration valid: 5 measures (")
    assert "30 districts (" in out
    assert "Facts the sources do not give (null in measures.yaml): 42." in out
    assert "  - measures[2].lines[2].budget_eur\n" in out
    assert "  - measures[4].procedure\n" in out
    assert result.stderr == ""


def test_config_check_as_json_says_valid_and_where_the_files_came_from(tmp_path: Path) -> None:
    document = as_json(invoke("config", "check", "--format", "json"))
    assert document["valid"] is True
    assert (document["measures_source"], document["districts_source"]) == ("shipped", "shipped")
    assert (document["measures"], document["districts"]) == (5, 30)
    assert len(document["unknown_facts"]) == 42
    assert "measures[0].deadlines[1].at" in document["unknown_facts"]
    assert set(document["sha256"]) == {document["measures_file"], document["districts_file"]}


def test_config_check_reads_the_files_named_by_the_environment(tmp_path: Path) -> None:
    env = {
        "WECARE_MEASURES": str(BROKEN / "valid_measures.yaml"),
        "WECARE_DISTRICTS": str(BROKEN / "valid_districts.csv"),
    }
    result = CliRunner().invoke(app, ["config", "check", "--format", "json"], env=env)
    document = as_json(result)
    assert (document["measures_source"], document["districts_source"]) == ("environment", "environment")
    assert (document["measures"], document["districts"]) == (2, 3)
    assert document["unknown_facts"] == ["measures[1].lines[1].budget_eur"]


def test_config_check_on_a_broken_file_exits_2_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["config", "check", "--measures", str(BROKEN / "unknown_key.yaml")], capsys)
    assert (code, out) == (ExitCode.CANNOT_RUN, "")
    assert err == "unknown_key.yaml:49: measures[1].deadlines[0].inclusiv: unknown key\n"


# --- wecare init ------------------------------------------------------------------------------


def test_init_writes_editable_copies_of_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "bando-2026"
    result = invoke("init", str(folder))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"Written {folder / 'measures.yaml'}\nWritten {folder / 'districts.csv'}\n"
    assert (folder / "measures.yaml").read_bytes() == (REPO_ROOT / "measures.yaml").read_bytes()
    assert (folder / "districts.csv").read_bytes() == (REPO_ROOT / "districts.csv").read_bytes()


def test_init_refuses_to_overwrite_and_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "measures.yaml").write_text("# my edits\n", encoding="utf-8")
    code, out, err = run_main(["init", str(tmp_path)], capsys)
    assert (code, out) == (ExitCode.CANNOT_RUN, "")
    assert err == f"[output-exists] {tmp_path}: already holds measures.yaml (use --force to replace)\n"
    assert (tmp_path / "measures.yaml").read_text(encoding="utf-8") == "# my edits\n"


def test_init_with_force_replaces_the_files(tmp_path: Path) -> None:
    (tmp_path / "measures.yaml").write_text("# my edits\n", encoding="utf-8")
    result = invoke("init", str(tmp_path), "--force")
    assert result.exit_code == 0
    assert (tmp_path / "measures.yaml").read_bytes() == (REPO_ROOT / "measures.yaml").read_bytes()


def test_the_copies_init_writes_are_then_read_from_the_current_folder(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path)).exit_code == 0
    document = as_json(invoke("config", "check", "--format", "json"))
    assert document["measures_source"] == "current-folder"
    assert document["measures_file"] == "measures.yaml"  # a name: reports carry no machine paths
    assert (
        document["sha256"]["measures.yaml"]
        == hashlib.sha256((tmp_path / "measures.yaml").read_bytes()).hexdigest()
    )


# --- wecare --version -------------------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"wecare {__version__}\n"


def test_without_arguments_wecare_prints_its_help() -> None:
    result = invoke()
    assert "Usage: wecare [OPTIONS] COMMAND [ARGS]..." in result.output


# --- a real process ---------------------------------------------------------------------------


def run_wecare(args: Sequence[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **env}
    for name in ("WECARE_MEASURES", "WECARE_DISTRICTS", "WECARE_LANG"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "wecare_cli", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
    )


def test_a_broken_measures_file_exits_2_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    broken = BROKEN / "deadline_impossible_date.yaml"
    completed = run_wecare(["measures", "--measures", str(broken)], tmp_path)
    stderr = completed.stderr.decode("utf-8")
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stdout == b""
    assert stderr == (
        "deadline_impossible_date.yaml:22: measures[0].deadlines[0].at: "
        "not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)\n"
    )
    assert "Traceback" not in stderr


def test_a_broken_measures_file_in_the_current_folder_is_found_and_refused(tmp_path: Path) -> None:
    (tmp_path / "measures.yaml").write_bytes((BROKEN / "negative_budget.yaml").read_bytes())
    completed = run_wecare(["config", "check"], tmp_path)
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stderr == b"measures.yaml:18: measures[0].budget_eur.value: must not be negative\n"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", ["€6,400,000", "€20,000,000", "Line A – large"]), ("it", ["6.400.000 €", "Linea A –"])],
    ids=["english", "italian"],
)
def test_a_windows_console_encoding_with_a_pipe_and_no_colour_does_not_crash(
    tmp_path: Path, lang: str, expected: list[str]
) -> None:
    completed = run_wecare(
        ["measures", "--as-of", "2019-10-01", "--lang", lang],
        tmp_path,
        NO_COLOR="1",
        TERM="dumb",
        PYTHONIOENCODING="cp1252",
        COLUMNS="200",
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout.decode("cp1252")
    for fragment in expected:
        assert fragment in out
    assert "\x1b[" not in out
    assert b"Traceback" not in completed.stderr


def test_an_ascii_only_console_gets_replacement_characters_instead_of_a_crash(tmp_path: Path) -> None:
    completed = run_wecare(
        ["measures", "--as-of", "2019-10-01", "--lang", "it"], tmp_path, PYTHONIOENCODING="ascii"
    )
    assert completed.returncode == 0, completed.stderr
    out = completed.stdout.decode("ascii")
    assert "6.400.000 ?" in out
