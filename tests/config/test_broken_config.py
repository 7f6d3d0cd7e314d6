"""Every configuration defect is one line ``file:line: key.path: reason``, from the library and the CLI.

Each fixture in tests/fixtures/broken_config/ is the valid baseline (valid_measures.yaml or
valid_districts.csv) broken in exactly one place; its first line says how.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

import pytest

from wecare_cli.cli.app import main
from wecare_cli.config import load_districts, load_measures
from wecare_cli.errors import ConfigError
from wecare_cli.exit_codes import ExitCode

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken_config"
BASELINES = ("valid_measures.yaml", "valid_districts.csv")
GENERATED = "not_utf8.yaml"
"""Written by the tests (see ``fixture_path``): it must stay Windows-1252, which editors would "fix"."""

QUOTE_HINT = "must be text: put it in quotes (YAML reads NO as false and 012 as a number)"
APPLICANT_TYPES = (
    "ente-gestore, comune, unione-comuni, asl, ente-pubblico, ets, odv, impresa-sociale, impresa"
)


@dataclass(frozen=True)
class Defect:
    """A broken file and the one message the loader must give for it."""

    identifier: str
    """The test id, in words."""
    file: str
    message: str
    evidence: str | None
    """Text found on the reported line of the file: proves the line number points at the defect."""

    @property
    def line(self) -> int:
        return int(self.message.split(":")[1])


def identifier(defect: Defect) -> str:
    return defect.identifier


MEASURES_DEFECTS = [
    Defect(
        "a deadline written the Italian way is not a date",
        "deadline_not_a_date.yaml",
        "deadline_not_a_date.yaml:22: measures[0].deadlines[0].at: "
        "not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        "at: 24/12/2018",
    ),
    Defect(
        "a deadline on the 30th of February is not a date",
        "deadline_impossible_date.yaml",
        "deadline_impossible_date.yaml:22: measures[0].deadlines[0].at: "
        "not a date (write YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)",
        "at: 2019-02-30",
    ),
    Defect(
        "a misspelt key is an unknown key",
        "unknown_key.yaml",
        "unknown_key.yaml:49: measures[1].deadlines[0].inclusiv: unknown key",
        "inclusiv: false",
    ),
    Defect(
        "the province code NO without quotes is refused",
        "code_not_quoted_NO.yaml",
        f"code_not_quoted_NO.yaml:10: strategy.provinces.value[1]: {QUOTE_HINT}",
        '["TO", NO]',
    ),
    Defect(
        "a code 012 without quotes is refused",
        "octal_looking_code.yaml",
        f"octal_looking_code.yaml:56: measures[1].lines[1].code: {QUOTE_HINT}",
        "code: 012",
    ),
    Defect(
        "a text with a colon and no quotes is a YAML syntax error",
        "yaml_syntax_error.yaml",
        "yaml_syntax_error.yaml:53: not valid YAML: mapping values are not allowed here "
        "(put text that contains ': ' in quotes)",
        "name_it: Linea A: progetti sanitari",
    ),
    Defect(
        "a brace left open is reported with the line where it opened",
        "yaml_flow_mapping_not_closed.yaml",
        "yaml_flow_mapping_not_closed.yaml:56: not valid YAML: expected ',' or '}', but got '-' "
        "(while parsing a flow mapping that starts on line 55)",
        '- code: "B"',
    ),
    Defect(
        "a tab used for indentation is refused",
        "tab_indentation.yaml",
        "tab_indentation.yaml:44: not valid YAML: a tab where YAML needs spaces "
        "(indent with spaces, never tabs)",
        "\tprocedure:",
    ),
    Defect(
        "a key written twice is refused at its second occurrence",
        "duplicate_key.yaml",
        "duplicate_key.yaml:19: measures[0].budget_eur: key written twice",
        "budget_eur: {value: 3000000",
    ),
    Defect(
        "measure budgets that do not add up to the strategy total are refused",
        "budgets_do_not_add_up.yaml",
        "budgets_do_not_add_up.yaml:9: strategy.total_budget_eur.value: "
        "the measures' budgets add up to 8600000, not to the total 9000000",
        "total_budget_eur: {value: 9000000",
    ),
    Defect(
        "line budgets that do not add up to the measure's are refused",
        "line_budgets_do_not_add_up.yaml",
        "line_budgets_do_not_add_up.yaml:18: measures[0].budget_eur.value: "
        "the lines' budgets add up to 3500000, not to the measure's 3600000",
        "budget_eur: {value: 3600000",
    ),
    Defect(
        "known line budgets above the measure's are refused",
        "line_budgets_exceed_measure.yaml",
        "line_budgets_exceed_measure.yaml:43: measures[1].budget_eur.value: "
        "the known lines' budgets (5500000) exceed the measure's 5000000",
        "budget_eur: {value: 5000000",
    ),
    Defect(
        "an applicant type outside the vocabulary is refused",
        "unknown_applicant_type.yaml",
        "unknown_applicant_type.yaml:25: measures[0].eligibility.applicant_types.value: "
        f"unknown code 'cooperativa'; known: {APPLICANT_TYPES}",
        '["ets", "cooperativa"]',
    ),
    Defect(
        "a value without a source is refused",
        "value_without_source.yaml",
        "value_without_source.yaml:18: measures[0].budget_eur: a value needs a source",
        "budget_eur: {value: 3600000}",
    ),
    Defect(
        "an unknown value without a note is refused",
        "null_without_note.yaml",
        "null_without_note.yaml:27: measures[0].amounts.cofinancing_min_share: "
        "an unknown value (null) needs a note saying why",
        "cofinancing_min_share: {value: null}",
    ),
    Defect(
        "a time zone that does not exist is refused",
        "unknown_timezone.yaml",
        "unknown_timezone.yaml:7: strategy.timezone: unknown time zone 'Europe/Roma'",
        'timezone: "Europe/Roma"',
    ),
    Defect(
        "a share written as a percentage is refused",
        "share_above_one.yaml",
        "share_above_one.yaml:27: measures[0].amounts.cofinancing_min_share.value: "
        "a share is written between 0 and 1 (0.20 = 20%)",
        "cofinancing_min_share: {value: 20,",
    ),
    Defect(
        "a negative budget is refused",
        "negative_budget.yaml",
        "negative_budget.yaml:18: measures[0].budget_eur.value: must not be negative",
        "budget_eur: {value: -3600000",
    ),
    Defect(
        "a deadline for an undeclared phase is refused at its phase key",
        "deadline_phase_not_declared.yaml",
        "deadline_phase_not_declared.yaml:22: measures[0].deadlines[0].phase: "
        "phase 'esecutivo' is not among the measure's phases (declared: —)",
        'phase: "esecutivo"',
    ),
    Defect(
        "a list instead of a mapping is refused at its first line",
        "not_a_mapping.yaml",
        "not_a_mapping.yaml:2: expected a mapping with 'schema_version', 'strategy' and 'measures'",
        '- code: "FSE2"',
    ),
    Defect(
        "an empty file is refused",
        "empty_file.yaml",
        "empty_file.yaml:1: the file is empty: expected 'schema_version', 'strategy' and 'measures'",
        None,
    ),
    Defect(
        "a file saved as Windows-1252 is refused at the first character that is not UTF-8",
        GENERATED,
        "not_utf8.yaml:5: not UTF-8 text: save it as UTF-8",
        "name: ",
    ),
]

DISTRICTS_DEFECTS = [
    Defect(
        "a districts file without the seat column is refused",
        "districts_missing_column.csv",
        "districts_missing_column.csv:1: missing columns: seat",
        "code,name,",
    ),
    Defect(
        "a districts file with an extra column is refused",
        "districts_unknown_column.csv",
        "districts_unknown_column.csv:1: unknown columns: comuni",
        ",note,comuni",
    ),
    Defect(
        "verified written in Italian is refused",
        "districts_verified_not_boolean.csv",
        "districts_verified_not_boolean.csv:3: verified: write true or false, not 'sì'",
        ",sì,",
    ),
    Defect(
        "a district code used twice is refused at its second row",
        "districts_duplicate_code.csv",
        "districts_duplicate_code.csv:4: code: 'D01' is already used on line 2",
        "D01,Distretto non identificato 27,",
    ),
    Defect(
        "a population written with a thousands separator is refused",
        "districts_population_not_number.csv",
        "districts_population_not_number.csv:3: population: not a whole number: '93.839'",
        ",93.839,",
    ),
    Defect(
        "a name with an unquoted comma gives a row more cells than columns",
        "districts_extra_cell.csv",
        "districts_extra_cell.csv:3: more cells than columns",
        "D02,Alessandria, Valenza,",
    ),
    Defect(
        "a lead body status outside the three allowed is refused",
        "districts_bad_status.csv",
        "districts_bad_status.csv:3: lead_body_status: "
        "must be 'confirmed', 'partial' or 'unverified', not 'confermato'",
        ",confermato,",
    ),
]

STRUCTURAL = {
    "not_a_mapping.yaml",
    "empty_file.yaml",
    GENERATED,
    "districts_missing_column.csv",
    "districts_unknown_column.csv",
}
"""Defects that change the file's shape, not one place in the baseline."""


def write_not_utf8(folder: Path) -> Path:
    """The baseline saved by a Windows editor as Windows-1252: '–' on line 5 becomes byte 0x96."""
    lines = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = "# Defect: saved as Windows-1252 (cp1252), not UTF-8.\n"
    path = folder / GENERATED
    path.write_bytes("".join(lines).encode("cp1252"))
    return path


def fixture_path(defect: Defect, tmp_path: Path) -> Path:
    return write_not_utf8(tmp_path) if defect.file == GENERATED else FIXTURES / defect.file


def fixture_lines(path: Path) -> list[str]:
    raw = path.read_bytes()
    encoding = "cp1252" if path.name == GENERATED else "utf-8"
    return raw.decode(encoding).splitlines()


ALL_DEFECTS = [*MEASURES_DEFECTS, *DISTRICTS_DEFECTS]


def test_the_baselines_the_defects_start_from_are_valid() -> None:
    measures = load_measures(FIXTURES / "valid_measures.yaml")
    districts = load_districts(FIXTURES / "valid_districts.csv")
    assert [m.code for m in measures.measures] == ["FSE2", "FESR"]
    assert [d.code for d in districts] == ["D01", "D02", "D27"]


def test_every_file_in_the_fixture_folder_has_a_case_here() -> None:
    on_disk = {path.name for path in FIXTURES.iterdir()}
    covered = {defect.file for defect in ALL_DEFECTS} - {GENERATED}
    assert on_disk == covered | set(BASELINES)


@pytest.mark.parametrize("defect", [d for d in ALL_DEFECTS if d.file not in STRUCTURAL], ids=identifier)
def test_a_defect_fixture_is_the_baseline_changed_in_one_place(defect: Defect) -> None:
    baseline = BASELINES[0] if defect.file.endswith(".yaml") else BASELINES[1]
    before = (FIXTURES / baseline).read_text(encoding="utf-8").splitlines()
    after = (FIXTURES / defect.file).read_text(encoding="utf-8").splitlines()
    if defect.file.endswith(".yaml"):
        assert after[0].startswith("# Defect: ")
        before, after = before[1:], after[1:]
    changes = [op for op in difflib.SequenceMatcher(None, before, after).get_opcodes() if op[0] != "equal"]
    assert len(changes) == 1
    _, start, end, new_start, new_end = changes[0]
    assert end - start <= 1
    assert new_end - new_start <= 1


@pytest.mark.parametrize("defect", ALL_DEFECTS, ids=identifier)
def test_the_reported_line_is_the_line_that_holds_the_defect(defect: Defect, tmp_path: Path) -> None:
    lines = fixture_lines(fixture_path(defect, tmp_path))
    if defect.evidence is None:
        assert lines == []
    else:
        assert defect.evidence in lines[defect.line - 1]


@pytest.mark.parametrize("defect", MEASURES_DEFECTS, ids=identifier)
def test_load_measures_refuses_a_broken_file_with_one_exact_message(defect: Defect, tmp_path: Path) -> None:
    path = fixture_path(defect, tmp_path)
    with pytest.raises(ConfigError) as raised:
        load_measures(path)
    assert str(raised.value) == defect.message
    assert len(raised.value.problems) == 1
    assert raised.value.file == path


@pytest.mark.parametrize("defect", DISTRICTS_DEFECTS, ids=identifier)
def test_load_districts_refuses_a_broken_file_with_one_exact_message(defect: Defect, tmp_path: Path) -> None:
    path = fixture_path(defect, tmp_path)
    with pytest.raises(ConfigError) as raised:
        load_districts(path)
    assert str(raised.value) == defect.message
    assert len(raised.value.problems) == 1


@pytest.mark.parametrize("defect", ALL_DEFECTS, ids=identifier)
def test_config_check_exits_2_with_the_message_on_standard_error(
    defect: Defect, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = fixture_path(defect, tmp_path)
    option = "--measures" if path.suffix == ".yaml" else "--districts"
    with pytest.raises(SystemExit) as raised:
        main(["config", "check", option, str(path)])
    captured = capsys.readouterr()
    assert raised.value.code == ExitCode.CANNOT_RUN
    assert captured.err == defect.message + "\n"
    assert captured.out == ""
    assert "Traceback" not in captured.err


def test_a_misspelt_required_key_names_both_the_missing_and_the_unknown_key(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8")
    path = tmp_path / "measures.yaml"
    path.write_text(
        text.replace('    budget_eur: {value: 5000000, source: "Call text"}', "    budget: 5000000")
    )
    with pytest.raises(ConfigError) as raised:
        load_measures(path)
    assert str(raised.value).splitlines() == [
        "measures.yaml:37: measures[1].budget_eur: required key missing",
        "measures.yaml:43: measures[1].budget: unknown key",
    ]


def test_a_line_code_used_twice_is_refused_at_the_second_line(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8")
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace('      - code: "B"', '      - code: "a"'))
    with pytest.raises(ConfigError) as raised:
        load_measures(path)
    assert (
        str(raised.value)
        == "measures.yaml:56: measures[1].lines[1].code: two lines share the code or alias 'a'"
    )


def test_a_measure_code_used_twice_is_refused_at_the_second_measure(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8")
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace('  - code: "FESR"', '  - code: "fse2"'))
    with pytest.raises(ConfigError) as raised:
        load_measures(path)
    assert str(raised.value) == "measures.yaml:37: measures[1].code: two measures share the code 'fse2'"


def test_a_procedure_outside_the_two_known_is_refused_with_the_choices(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8")
    path = tmp_path / "measures.yaml"
    path.write_text(text.replace('{value: "sportello"', '{value: "a sportello"'))
    with pytest.raises(ConfigError) as raised:
        load_measures(path)
    assert str(raised.value) == (
        "measures.yaml:44: measures[1].procedure.value: "
        "must be 'graduatoria' or 'sportello', not 'a sportello'"
    )


def test_a_missing_file_is_reported_without_a_line() -> None:
    with pytest.raises(ConfigError) as raised:
        load_measures(FIXTURES / "no_such_file.yaml")
    assert str(raised.value) == "no_such_file.yaml: file not found"
