"""Nothing escapes translation: under a pseudo-language every word meant for people comes from the catalogue.

A catalogue ``qps`` is generated from ``en.po`` with every text wrapped in ``⟦…⟧`` (placeholders kept),
and every command, error path and report runs with ``--lang qps``. What is left of the output once
the wrapped texts are taken out may hold data (ids, names, amounts, codes, file names, the input's own
words) but no word of the interface: a word of the catalogue's English or Italian vocabulary left
unwrapped is a string that bypassed translation. Machine fields (codes, JSON keys) stay identical.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "wecare_cli" / "locale"
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"
OPEN, CLOSE = "⟦", "⟧"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[A-Za-zÀ-ÿ]{4,}")


def _wrapped(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}" if text else text


@pytest.fixture(scope="module")
def pseudo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A locale folder holding the ``qps`` catalogue: every English text wrapped in ⟦…⟧."""
    folder = tmp_path_factory.mktemp("pseudo-locale")
    with (LOCALE / "en" / "LC_MESSAGES" / "wecare.po").open("rb") as handle:
        english = read_po(handle, locale="en")
    catalogue = Catalog(locale="en", domain="wecare")
    for message in english:
        if not message.id:
            continue
        value = message.string
        wrapped = (
            tuple(_wrapped(str(v)) for v in value)
            if isinstance(value, tuple | list)
            else _wrapped(str(value))
        )
        catalogue.add(message.id, wrapped)
    target = folder / "qps" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "wecare.mo").open("wb") as out:
        write_mo(out, catalogue)
    return folder


def _vocabulary() -> set[str]:
    words: set[str] = set()
    for lang in ("en", "it"):
        with (LOCALE / lang / "LC_MESSAGES" / "wecare.po").open("rb") as handle:
            for message in read_po(handle, locale=lang):
                values = message.string if isinstance(message.string, tuple | list) else [message.string]
                for value in values:
                    words |= {w.casefold() for w in WORD.findall(PLACEHOLDER.sub(" ", str(value or "")))}
    return words


def _data_words(folder: Path) -> set[str]:
    """The words the inputs and the configuration bring (names, notes, headers, sources)."""
    words: set[str] = set()
    workbook = load_workbook(EXAMPLE, read_only=True, data_only=True)
    for sheet in workbook.worksheets:
        words |= {w.casefold() for w in WORD.findall(sheet.title)}
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    words |= {w.casefold() for w in WORD.findall(value)}
    workbook.close()
    for name in ("measures.yaml", "districts.csv"):
        words |= {w.casefold() for w in WORD.findall((ROOT / name).read_text(encoding="utf-8"))}
    words |= {w.casefold() for w in WORD.findall(str(folder))}
    words |= {w.casefold() for entry in folder.iterdir() for w in WORD.findall(entry.name)}
    # What the officer types: the program, its commands, file extensions.
    words |= {"wecare", "check", "rank", "summary", "measures", "show", "districts", "config", "template"}
    words |= {"init", "diff", "xlsx", "xlsm", "yaml", "json", "table"}
    # Codes that are one word (statuses, severities, procedures...) are machine text too.
    from wecare_cli.config.measures import AllocationPolicy, Procedure, TieBreak
    from wecare_cli.findings import Severity
    from wecare_cli.ranking.model import RankStatus

    for codes in (RankStatus, Severity, Procedure, TieBreak, AllocationPolicy):
        words |= {str(code.value).casefold() for code in codes}
    return words


def _unwrapped(text: str) -> str:
    """The text with every ⟦…⟧ taken out (they nest: a message inside a message)."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(rf"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}", " ", text)
    # A layout may wrap a text over lines, or cut it with "...": what follows an opening mark counts.
    return re.sub(rf"{OPEN}[^{CLOSE}]*", " ", text)


CODE = re.compile(r"--?[a-z][a-z-]*|[a-z0-9]+(?:-[a-z0-9]+)+")
"""An option (``--format``) or a stable code (``file-is-folder``): the same in every language."""


def _leaks(text: str, vocabulary: set[str], data: set[str]) -> set[str]:
    left = CODE.sub(" ", _unwrapped(text))
    return {w for w in WORD.findall(left) if w.casefold() in vocabulary and w.casefold() not in data}


def _run(pseudo: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "WECARE_LOCALE_DIR": str(pseudo), "COLUMNS": "200", "LANG": "C.UTF-8"}
    return subprocess.run(
        [sys.executable, "-m", "wecare_cli", *args, "--lang", "qps"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=cwd,
    )


def _workbook_texts(path: Path) -> Iterator[str]:
    workbook = load_workbook(path, read_only=False)
    for sheet in workbook.worksheets:
        if sheet.sheet_state == "veryHidden":
            continue  # the embedded JSON of the graduatoria (machine data)
        yield sheet.title
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    yield value
        footer = sheet.oddFooter
        if footer is not None:
            yield " ".join(
                str(part.text or "") for part in (footer.left, footer.center, footer.right) if part
            )
    workbook.close()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pseudo-run")
    (folder / "broken.yaml").write_text("schema_version: 1\nstrategy: {}\nmeasures: []\nbogus: 1\n", "utf-8")
    (folder / "empty.xlsx").write_bytes(b"")
    return folder


COMMANDS: dict[str, tuple[tuple[str, ...], int]] = {
    "check": (("check", str(EXAMPLE), "--as-of", "2026-11-22"), 1),
    "check as json": (("check", str(EXAMPLE), "--as-of", "2026-11-22", "--format", "json"), 1),
    "check as csv": (("check", str(EXAMPLE), "--as-of", "2026-11-22", "--format", "csv"), 1),
    "rank": (("rank", str(EXAMPLE), "--as-of", "2026-11-22"), 1),
    "rank public": (("rank", str(EXAMPLE), "--as-of", "2026-11-22", "--public", "-o", "pubblica.xlsx"), 1),
    "publish": (("publish", str(EXAMPLE), "--as-of", "2026-11-22", "--output-dir", "."), 0),
    "summary": (("summary", str(EXAMPLE), "--as-of", "2026-11-22", "--by", "district"), None),  # type: ignore[dict-item]
    "measures": (("measures", "--as-of", "2019-10-01"), 0),
    "measures show": (("measures", "show", "FSE3"), 0),
    "districts": (("districts",), 0),
    "config check": (("config", "check"), 0),
    "help": (("check", "--help"), 0),
    "root help": (("--help",), 0),
    "missing file": (("check", "manca.xlsx"), 2),
    "empty file": (("check", "empty.xlsx"), 2),
    "a folder": (("check", "."), 2),
    "bad configuration": (("config", "check", "--measures", "broken.yaml"), 2),
    "unknown measure": (("measures", "show", "FSE9"), 2),
    "usage error": (("check", "--bogus"), 2),
    "missing argument": (("check",), 2),
    "bad choice": (("check", "x.xlsx", "--format", "xml"), 2),
    "missing output folder": (("rank", str(EXAMPLE), "--output", "manca/g.xlsx"), 2),
    "output over an input": (("rank", str(EXAMPLE), "--output", str(EXAMPLE)), 2),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_word_of_a_command_for_people_comes_from_the_catalogue(
    name: str, pseudo: Path, workspace: Path
) -> None:
    args, expected = COMMANDS[name]
    run = _run(pseudo, workspace, *args)
    if expected is not None:
        assert run.returncode == expected, run.stderr
    assert "Traceback" not in run.stderr
    vocabulary, data = _vocabulary(), _data_words(workspace)
    data |= {w.casefold() for arg in args for w in WORD.findall(arg)}
    people = run.stdout if "--format" not in args else ""
    assert _leaks(people + run.stderr, vocabulary, data) == set(), (people + run.stderr)[:3000]
    if "json" in args:
        document = json.loads(run.stdout)
        messages = [f["message"] for a in document["applications"] for f in a["findings"]]
        assert messages and all(m.startswith(OPEN) for m in messages)
    if "csv" in args:
        header = run.stdout.splitlines()[0]
        assert "code" in header or OPEN in header


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(
            ("check", str(EXAMPLE), "--as-of", "2026-11-22", "--output", "rilievi.xlsx"), id="findings"
        ),
        pytest.param(
            ("rank", str(EXAMPLE), "--as-of", "2026-11-22", "--output", "graduatoria.xlsx"), id="graduatoria"
        ),
        pytest.param(
            ("summary", str(EXAMPLE), "--as-of", "2026-11-22", "--output", "riepilogo.xlsx"), id="summary"
        ),
        pytest.param(("template", "--output", "modello.xlsx"), id="template"),
    ],
)
def test_every_sheet_of_every_workbook_speaks_only_the_catalogue(
    args: tuple[str, ...], pseudo: Path, workspace: Path
) -> None:
    output = workspace / args[args.index("--output") + 1]
    run = _run(pseudo, workspace, *args, "--force")
    assert run.returncode in (0, 1), run.stderr
    vocabulary, data = _vocabulary(), _data_words(workspace)
    leaks = {text: found for text in _workbook_texts(output) if (found := _leaks(text, vocabulary, data))}
    assert leaks == {}


@pytest.mark.slow
def test_codes_and_json_keys_are_the_same_under_the_pseudo_language(pseudo: Path, workspace: Path) -> None:
    pseudo_run = _run(pseudo, workspace, "rank", str(EXAMPLE), "--as-of", "2026-11-22", "--format", "json")
    english = subprocess.run(
        [
            sys.executable,
            "-m",
            "wecare_cli",
            "rank",
            str(EXAMPLE),
            "--as-of",
            "2026-11-22",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        cwd=workspace,
        env={**os.environ, "LANG": "C.UTF-8"},
    )

    def skeleton(value: object) -> object:
        if isinstance(value, dict):
            return {
                k: skeleton(v)
                for k, v in value.items()
                if k not in ("message", "budget_note", "procedure_note")
            }
        if isinstance(value, list):
            return [skeleton(v) for v in value]
        return value

    assert skeleton(json.loads(pseudo_run.stdout)) == skeleton(json.loads(english.stdout))
