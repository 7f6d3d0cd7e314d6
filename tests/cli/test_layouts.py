"""Every command reads at 60, 80 and 120 columns and when piped: golden text of the shipped example.

The golden files in ``tests/cli/golden/`` are the views of the shipped example (``--as-of
2026-11-22``) at each width, in Italian and English. After a deliberate change of a layout or a
text, regenerate them with ``WECARE_UPDATE_GOLDEN=1 python -m pytest tests/cli/test_layouts.py``
and review the diff. Beyond the golden text, the tests say what must hold at any width: no line is
wider than the width, and every id, verdict, status, amount and finding code is there in full.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.formatting import money
from wecare_cli.i18n.lang import Lang

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = "examples/domande-esempio.xlsx"
AS_OF = ["--as-of", "2026-11-22"]
WIDTHS = (60, 80, 120)
LANGUAGES = ("it", "en")
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass(frozen=True)
class View:
    """A command whose table view has golden text."""

    name: str
    argv: Callable[[Path], list[str]]
    exit_code: int


def _diff_inputs(folder: Path) -> list[str]:
    """Two nights of the example's ranking: the later one has an ineligible application more and
    grants one application less (the earlier file is the later one, changed)."""
    later = json.loads((ROOT / "examples" / "domande-esempio.rank.json").read_text(encoding="utf-8"))
    earlier = json.loads(json.dumps(later))
    earlier["ineligible"] = earlier["ineligible"][1:]
    first = earlier["rankings"][0]
    first["applications"][0]["granted"] -= 50_000
    first["allocated"] -= 50_000
    first["residual"] += 50_000
    old, new = folder / "graduatoria-2026-11-21.json", folder / "graduatoria-2026-11-22.json"
    old.write_text(json.dumps(earlier), encoding="utf-8")
    new.write_text(json.dumps(later), encoding="utf-8")
    return ["diff", str(old), str(new)]


VIEWS = [
    View("check", lambda _: ["check", EXAMPLE, *AS_OF], 1),
    View("rank", lambda _: ["rank", EXAMPLE, *AS_OF], 1),
    View("summary", lambda _: ["summary", EXAMPLE, *AS_OF], 0),
    View("diff", _diff_inputs, 1),
    View("districts", lambda _: ["districts"], 0),
    View("measures", lambda _: ["measures", *AS_OF], 0),
    View("measures-show", lambda _: ["measures", "show", "FSE1"], 0),
    View("config-check", lambda _: ["config", "check"], 0),
]


def shown(argv: list[str], lang: str, columns: int | None) -> tuple[int, str]:
    """Standard output of a command run in the repository (its own configuration), not a terminal."""
    env = {"COLUMNS": str(columns)} if columns is not None else {}
    result = CliRunner().invoke(app, [*argv, "--lang", lang], env=env)
    return result.exit_code, result.stdout


@pytest.fixture(autouse=True)
def _in_the_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "WECARE_LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_the_view_matches_its_golden_text_and_no_line_is_wider_than_the_width(
    view: View, lang: str, width: int, tmp_path: Path
) -> None:
    code, output = shown(view.argv(tmp_path), lang, width)
    assert code == view.exit_code, output
    too_wide = [line for line in output.splitlines() if len(line) > width]
    assert too_wide == []
    assert [line for line in output.splitlines() if line != line.rstrip()] == []
    golden = GOLDEN / f"{view.name}-{lang}-{width}.txt"
    if os.environ.get("WECARE_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")


def _example(command: str) -> Any:
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", command, EXAMPLE, *AS_OF, "--format", "json", "--lang", "en"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def check_document() -> Any:
    return _example("check")


@pytest.fixture(scope="module")
def rank_document() -> Any:
    return _example("rank")


def _words(output: str) -> set[str]:
    return set(output.split())


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_verdict_and_finding_code_of_the_check_is_there_in_full(
    lang: str, width: int, check_document: Any
) -> None:
    _, output = shown(["check", EXAMPLE, *AS_OF], lang, width)
    words = _words(output)
    verdicts = {"eligible": text("eligible", Lang(lang)), "ineligible": text("ineligible", Lang(lang))}
    lines = output.splitlines()
    for application in check_document["applications"]:
        verdict_line = next(
            line
            for line in lines
            if re.match(rf"\s+{application['row']}\s+{application['application_id']}\s", line)
        )
        assert f"  {verdicts[application['status']]}" in verdict_line
        for finding in application["findings"]:
            assert finding["code"] in words
    for finding in check_document["file_findings"]:
        assert finding["code"] in words


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_status_and_grant_of_the_ranking_is_there_in_full(
    lang: str, width: int, rank_document: Any
) -> None:
    _, output = shown(["rank", EXAMPLE, *AS_OF], lang, width)
    language = Lang(lang)
    for envelope in rank_document["rankings"]:
        for application in envelope["applications"]:
            row = next(line for line in output.splitlines() if f"  {application['application_id']}  " in line)
            assert text(f"status-short-{application['status']}", language) in row
            assert (money(application["granted"], lang) or "?") in row
    blocks = _rows_below(output, text("ineligible-count", language, count=len(rank_document["ineligible"])))
    for application in rank_document["ineligible"]:
        codes = {f["code"] for f in application["findings"] if f["severity"] == "error"}
        assert codes <= set(re.split(r"[\s,]+", blocks[application["application_id"]]))


def _rows_below(output: str, title: str) -> dict[str, str]:
    """The rows of the listing under ``title``: first word -> the row with its lines below."""
    lines = output[output.index(title[:30]) :].splitlines()[1:]
    rows: dict[str, str] = {}
    key = None
    for line in lines:
        if line and not line[0].isspace() and not line.startswith("─"):
            key = line.split()[0]
            rows[key] = line
        elif key is not None:
            rows[key] += "\n" + line
    return rows


def test_piped_without_columns_the_views_are_80_columns_wide(tmp_path: Path) -> None:
    """A pipe, a file or cron: the text of 80 columns, whatever terminal the command was typed in."""
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    for view in VIEWS[:2]:
        completed = subprocess.run(
            [sys.executable, "-m", "wecare_cli", *view.argv(tmp_path), "--lang", "it"],
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            check=False,
        )
        assert completed.stdout == (GOLDEN / f"{view.name}-it-80.txt").read_text(encoding="utf-8")


def test_on_a_colour_terminal_the_text_is_the_same_with_colours(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name, value in {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}.items():
        monkeypatch.setenv(name, value)
    code, output = shown(["check", EXAMPLE, *AS_OF], "en", 80)
    assert code == 1
    assert "\x1b[" in output  # coloured: this was a terminal
    assert ANSI.sub("", output) == (GOLDEN / "check-en-80.txt").read_text(encoding="utf-8")


def test_the_severity_is_a_word_so_it_reads_without_colour() -> None:
    _, output = shown(["check", EXAMPLE, *AS_OF], "it", 80)
    assert re.search(r"^\s+5:N\s+errore\s+deadline-missed\s+Presentata il", output, re.MULTILINE)
    assert re.search(
        r"^\s+14:Q\s+avviso\s+pec-not-certified-domain\s+«PEC»: il dominio", output, re.MULTILINE
    )
    assert "«PEC»: «PEC»" not in output


def test_rank_of_one_measure_exits_by_that_measure_alone() -> None:
    assert shown(["rank", EXAMPLE, *AS_OF, "--measure", "FSE4"], "en", 80)[0] == 0
    assert shown(["rank", EXAMPLE, *AS_OF, "--measure", "FSE1"], "en", 80)[0] == 1


def test_a_large_check_shows_the_first_applications_with_findings_and_says_where_the_rest_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wecare_cli.reports import check_console

    monkeypatch.setattr(check_console, "SHOWN_APPLICATIONS", 5)
    _, output = shown(["check", EXAMPLE, *AS_OF], "en", 80)
    listed = re.findall(r"^\s+\d+\s+(\S+)\s+\S+\s+(?:eligible|ineligible)\b", output, re.MULTILINE)
    assert listed == ["FSE1-002", "FSE1-003", "FSE1-004", "FSE1-005", "FSE1-006"]  # FSE1-001 has none
    assert "the first 5 of the 25 applications with findings (7 have none)" in " ".join(output.split())
    assert "Totals by measure" in output


def _readme_sample(first_line: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"^```[a-z]*\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    return next(block for block in blocks if block.startswith(first_line))


def test_the_readme_shows_the_check_and_the_ranking_as_they_are_printed() -> None:
    golden = (GOLDEN / "check-en-80.txt").read_text(encoding="utf-8").splitlines()
    assert [line for line in _readme_sample("Applications checked").splitlines() if line not in golden] == []
    _, ranking = shown(["rank", EXAMPLE, *AS_OF, "--measure", "FESR"], "en", 80)
    assert _readme_sample("FESR A") == ranking
