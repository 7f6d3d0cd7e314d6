"""No text from a file can drive the officer's terminal: its control characters are shown, never sent.

Every command runs on files whose names and texts hold ``ESC [2J``, OSC 52, CR, BS and the C1 CSI
(see :mod:`tests.cli.control_character_files`), once with its output going to a pipe and once
with Rich forced to treat it as an interactive colour terminal. In both, nothing but Rich's own
codes (colours, the progress bar's cursor moves) may reach the output, and the controls of the
values appear written out (``\\x1b``).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import xlsxwriter
from rich.text import Text

from tests.cli import control_character_files as recipes
from tests.cli.control_character_files import CONTROLS, SHEET_CONTROLS
from tests.ingest.sample_files import HEADERS_IT, application
from wecare_cli.cli.app import main
from wecare_cli.cli.terminal_console import TerminalConsole
from wecare_cli.exit_codes import ExitCode
from wecare_cli.reports.terminal import visible_controls

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

SHOWN = visible_controls(CONTROLS)
"""How the controls must appear: ``\\x1b[2J\\x1b]52;c;SGk=\\x07\\r\\x08\\x9b``."""
SHOWN_SHEET = visible_controls(SHEET_CONTROLS)

RICH_CODES = re.compile(r"\x1b\[[0-9;]*m|\x1b\[\?25[lh]|\x1b\[2K|\x1b\[[0-9]*A|\r(?=\x1b\[(?:2K|[0-9]*A))")
"""What Rich itself writes on a terminal: colours (SGR), hiding the cursor and redrawing the bar."""
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")

PIPE: dict[str, str] = {}
TERMINAL = {"TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "1", "FORCE_COLOR": "1", "TERM": "xterm-256color"}


@dataclass(frozen=True)
class HostileFiles:
    """Every fixture, written once for the module."""

    folder: Path
    workbook: Path
    headerless: Path
    configuration: recipes.HostileConfiguration
    bad_key: Path
    old_json: Path
    new_json: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> HostileFiles:
    folder = tmp_path_factory.mktemp("controls")
    earlier = folder / "earlier"
    earlier.mkdir()
    workbook = recipes.hostile_workbook(folder)
    return HostileFiles(
        folder=folder,
        workbook=workbook,
        headerless=recipes.headerless_workbook(folder),
        configuration=recipes.hostile_configuration(folder),
        bad_key=recipes.measures_with_hostile_key(folder),
        old_json=recipes.check_json(recipes.hostile_workbook(earlier, hostile_row=False), folder, "old.json"),
        new_json=recipes.check_json(workbook, folder, "new.json"),
    )


@dataclass(frozen=True)
class Command:
    """A command line over the fixtures, what it exits with and where the values must show."""

    name: str
    argv: Callable[[HostileFiles], list[str]]
    exit_code: int
    shown_on: str
    """``out`` or ``err``: the stream that must show the controls written out."""
    shown: str = SHOWN


AS_OF = ["--as-of", "2019-12-01"]
COMMANDS = [
    Command("check", lambda f: ["check", str(f.workbook), *AS_OF], ExitCode.FINDINGS, "out"),
    Command(
        "check: the hidden sheet's name",
        lambda f: ["check", str(f.workbook), *AS_OF],
        ExitCode.FINDINGS,
        "out",
        f"Nascosto{SHOWN_SHEET}",
    ),
    Command("rank", lambda f: ["rank", str(f.workbook), *AS_OF], ExitCode.FINDINGS, "out"),
    Command(
        "summary by district",
        lambda f: ["summary", str(f.workbook), *AS_OF, "--by", "district", *f.configuration.options()],
        ExitCode.OK,
        "out",
    ),
    Command("diff", lambda f: ["diff", str(f.old_json), str(f.new_json)], ExitCode.FINDINGS, "out"),
    Command(
        "diff of a file that does not exist",
        lambda f: ["diff", str(f.folder / f"manca{CONTROLS}.json"), str(f.new_json)],
        ExitCode.CANNOT_RUN,
        "err",
    ),
    Command("districts", lambda f: ["districts", *f.configuration.options()], ExitCode.OK, "out"),
    Command(
        "measures",
        lambda f: ["measures", "--as-of", "2019-01-01", *f.configuration.options()],
        ExitCode.OK,
        "out",
    ),
    Command(
        "measures in Italian",
        lambda f: ["measures", "--lang", "it", "--as-of", "2019-01-01", *f.configuration.options()],
        ExitCode.OK,
        "out",
    ),
    Command(
        "measures show",
        lambda f: ["measures", "show", "FSE1", *f.configuration.options()],
        ExitCode.OK,
        "out",
        "Territorial welfare\\x1b[2J\\x1b]52;c;SGk=",
    ),
    Command("config check", lambda f: ["config", "check", *f.configuration.options()], ExitCode.OK, "out"),
    Command(
        "template",
        lambda f: ["template", "-o", str(f.folder / f"modello{CONTROLS}.xlsx"), "--force"],
        ExitCode.OK,
        "err",
    ),
    Command(
        "template for an unknown measure",
        lambda f: ["template", "-o", str(f.folder / "modello.xlsx"), "--measure", f"X{CONTROLS}"],
        ExitCode.CANNOT_RUN,
        "err",
    ),
    Command("init", lambda f: ["init", str(f.folder / f"cartella{CONTROLS}"), "--force"], ExitCode.OK, "err"),
    Command(
        "check of a file that does not exist",
        lambda f: ["check", str(f.folder / f"manca{CONTROLS}.xlsx")],
        ExitCode.CANNOT_RUN,
        "err",
    ),
    Command(
        "check of a workbook without a header",
        lambda f: ["check", str(f.headerless)],
        ExitCode.CANNOT_RUN,
        "err",
        f"«Foglio{SHOWN_SHEET}»",
    ),
    Command("a configuration error", lambda f: ["config", "check", "--measures", str(f.bad_key)], 2, "err"),
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as raised:
        main(argv)
    captured = capsys.readouterr()
    code = raised.value.code
    return (code if isinstance(code, int) else -1), captured.out, captured.err


def without_rich_codes(output: str) -> str:
    return RICH_CODES.sub("", output)


@pytest.fixture(params=[PIPE, TERMINAL], ids=["to a pipe", "to a forced terminal"])
def screen(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    for name in ("NO_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    environment: dict[str, str] = {"COLUMNS": "250", **request.param}
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return environment


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c.name)
def test_control_characters_from_files_are_shown_written_out_and_never_reach_the_terminal(
    command: Command,
    files: HostileFiles,
    screen: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(command.argv(files), capsys)
    assert code == command.exit_code, err
    for output in (out, err):
        assert RAW_CONTROL.findall(without_rich_codes(output)) == []
    shown = out if command.shown_on == "out" else err
    assert command.shown in without_rich_codes(shown)
    if screen is TERMINAL and command.shown_on == "out":
        assert "\x1b[" in out  # Rich did style the output: this was a terminal
    assert "Traceback" not in err


def test_a_configuration_error_quotes_the_key_with_its_controls_written_out_at_its_line(
    files: HostileFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["config", "check", "--measures", str(files.bad_key)], capsys)
    key = visible_controls("chiave\x1b2J\x1b]52;c;SGk=\x07\r\x08\x9b")
    line = recipes.line_of(files.bad_key.read_text(encoding="utf-8"), '"chiave')
    assert code == ExitCode.CANNOT_RUN
    assert out == ""
    assert err == f"chiave{SHOWN}.yaml:{line}: measures[0].{key}: unknown key\n"


def test_a_file_error_is_one_line_naming_the_file_with_its_controls_written_out(
    files: HostileFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["check", str(files.folder / f"manca{CONTROLS}.xlsx")], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err == (
        f"[file-not-found] manca{SHOWN}.xlsx: the file does not exist; check the name and the folder.\n"
    )


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(lambda f: ["check", str(f.workbook), *AS_OF, "--format", "json"], id="check"),
        pytest.param(lambda f: ["rank", str(f.workbook), *AS_OF, "--format", "json"], id="rank"),
        pytest.param(lambda f: ["diff", str(f.old_json), str(f.new_json), "--format", "json"], id="diff"),
        pytest.param(lambda f: ["districts", "--format", "json", *f.configuration.options()], id="districts"),
    ],
)
def test_json_output_escapes_every_control_character_and_keeps_the_values(
    argv: Callable[[HostileFiles], list[str]], files: HostileFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(argv(files), capsys)
    assert RAW_CONTROL.findall(out) == []
    assert "\\u001b[2J\\u001b]52;c;SGk=\\u0007\\r\\b\\u009b" in out
    assert any(CONTROLS in value for value in strings(json.loads(out)))  # the same values, escaped


def strings(document: object) -> Iterator[str]:
    """Every string in a JSON document."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for value in document.values():
            yield from strings(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings(value)


def test_csv_output_is_data_and_keeps_the_values_exactly(
    files: HostileFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(["check", str(files.workbook), *AS_OF, "--format", "csv"], capsys)
    assert f"Nome{CONTROLS}" in out


def markup_workbook(folder: Path) -> Path:
    """Rich markup and an emoji code in the file name and the applicant's name (a closing tag that
    closes nothing made Rich stop the run)."""
    path = folder / "domande[bold][link=mailto:a@b.it].xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Domande")
    sheet.write_row(0, 0, HEADERS_IT)
    row = application(1, applicant_name="[/b]Coop [red]:warning:")
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for column, value in enumerate(row):
        if column == HEADERS_IT.index("Data presentazione"):
            sheet.write_datetime(1, column, value, moment)
        elif value is not None:
            sheet.write(1, column, value)
    book.close()
    return path


def test_rich_markup_and_emoji_codes_in_a_value_are_shown_as_text_and_do_not_break_the_run(
    tmp_path: Path, screen: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(markup_workbook(tmp_path)), *AS_OF], capsys)
    assert code == ExitCode.FINDINGS, err
    plain = without_rich_codes(out)
    assert "[/b]Coop [red]:warning:" in plain
    assert "domande[bold][link=mailto:a@b.it].xlsx, sheet" in plain
    assert "\x1b]8;" not in out  # no hyperlink was made


def test_the_console_keeps_the_styles_around_a_control_character_it_writes_out() -> None:
    stream = io.StringIO()
    console = TerminalConsole(file=stream, force_terminal=True, color_system="standard", width=60)
    console.print(Text.assemble(("ok", "green"), " x\x1by\x9b ", ("fine", "red")))
    assert stream.getvalue() == "\x1b[32mok\x1b[0m x\\x1by\\x9b \x1b[31mfine\x1b[0m\n"


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]52;c;SGk=\x07", "\\x1b]52;c;SGk=\\x07"),
        ("a\rb\x08", "a\\rb\\x08"),
        ("\t\x00\x7f\x9b\x85", "\\t\\x00\\x7f\\x9b\\x85"),
        ("two\nlines «sì» €", "two\nlines «sì» €"),
    ],
)
def test_visible_controls_writes_out_every_c0_and_c1_control_but_the_newline(raw: str, shown: str) -> None:
    assert visible_controls(raw) == shown
