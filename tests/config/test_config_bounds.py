"""A hostile or broken configuration file fails at once: one ``file:line: reason`` and exit 2.

measures.yaml and districts.csv are bounded in size, nesting and (YAML aliases expanded) number
of values by :class:`~wecare_cli.config.loading.ConfigLimits`. Each bomb runs through the real
command in a fresh process, under a 1 GiB address-space limit and with a 20-second timeout: a
guard against a hang, not a measure of speed.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from tests.config import config_bombs
from tests.config.config_bombs import LIMITS, Bomb
from wecare_cli.config import load_districts, load_measures
from wecare_cli.config.discovery import shipped_path
from wecare_cli.config.loading import ConfigLimits
from wecare_cli.errors import ConfigError
from wecare_cli.exit_codes import ExitCode

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken_config"
GiB = 1024**3
TOO_LARGE = (
    "larger than 1 MiB, the limit for a configuration file; the limit is crossed on this line "
    "(is it the right file?)"
)
TOO_DEEP = "nested more than 64 levels deep (counting what its aliases *name bring in)"
TOO_MANY_VALUES = "more than 100,000 values once its aliases (*name) are expanded: an alias bomb?"
NOT_A_FILE = "not a regular file (a pipe or a device): give the path of a file"


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (GiB, GiB))


def config_check(option: str, path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``wecare config check`` in a new process with at most 1 GiB of address space."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("WECARE_")}
    return subprocess.run(
        [sys.executable, "-m", "wecare_cli", "config", "check", option, str(path)],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
        cwd=cwd,
        env={**environment, "LANG": "C.UTF-8"},
        preexec_fn=_limit_memory,
    )


MEASURES_BOMBS: list[tuple[str, Callable[[Path], Bomb], str]] = [
    ("a billion laughs of nine levels of aliases", config_bombs.alias_bomb, TOO_MANY_VALUES),
    ("100,000 nested lists on one line", config_bombs.nested_lists, TOO_DEEP),
    ("65 nested mappings in block style", lambda f: config_bombs.nested_mappings(f, 65), TOO_DEEP),
    (
        "two nestings within the limit, one inside the other by an alias",
        config_bombs.deep_through_an_alias,
        TOO_DEEP,
    ),
    (
        "an alias inside the value it names",
        config_bombs.alias_loop,
        "the alias *strategy is inside the value it names: it would repeat without end",
    ),
    ("a 50 MB measures.yaml", config_bombs.padded_measures, TOO_LARGE),
]

DISTRICTS_BOMBS: list[tuple[str, Callable[[Path], Bomb], str]] = [
    ("a 2 MB districts.csv", config_bombs.padded_districts, TOO_LARGE),
    ("110,000 empty cells in 110 KB", config_bombs.many_cells, "more than 100,000 cells"),
    (
        "a cell of 200,000 characters",
        config_bombs.long_cell,
        "a cell longer than 131,072 characters (a quote left open?)",
    ),
]


@pytest.mark.parametrize(
    ("option", "recipe", "reason"),
    [("--measures", r, m) for _, r, m in MEASURES_BOMBS]
    + [("--districts", r, m) for _, r, m in DISTRICTS_BOMBS],
    ids=[name for name, _, _ in MEASURES_BOMBS + DISTRICTS_BOMBS],
)
def test_a_configuration_bomb_is_refused_at_once_with_one_message_at_its_line_and_exit_2(
    option: str, recipe: Callable[[Path], Bomb], reason: str, tmp_path: Path
) -> None:
    bomb = recipe(tmp_path)
    completed = config_check(option, bomb.path, tmp_path)
    assert completed.returncode == ExitCode.CANNOT_RUN, completed.stderr
    assert completed.stderr == f"{bomb.path.name}:{bomb.line}: {reason}\n"
    assert completed.stdout == ""


def test_the_alias_bomb_stops_on_the_line_of_the_level_that_crosses_the_limit(tmp_path: Path) -> None:
    bomb = config_bombs.alias_bomb(tmp_path)
    lines = bomb.path.read_text(encoding="utf-8").splitlines()
    assert bomb.line is not None
    # l0 to l3 hold 12,345 values in all (aliases expanded); l4 alone 111,112.
    assert lines[bomb.line - 1].startswith("  l4: &l4 [*l3, ")


def test_thirty_thousand_unknown_keys_each_get_their_message_without_delay(tmp_path: Path) -> None:
    bomb = config_bombs.many_unknown_keys(tmp_path)
    completed = config_check("--measures", bomb.path, tmp_path)
    assert completed.returncode == ExitCode.CANNOT_RUN
    lines = completed.stderr.splitlines()
    assert len(lines) == 30_000
    assert lines[-1] == f"measures.yaml:{bomb.line}: extra29999: unknown key"


@pytest.mark.parametrize(
    ("option", "name"), [("--measures", "measures.yaml"), ("--districts", "districts.csv")]
)
def test_a_pipe_given_as_configuration_is_refused_without_waiting_for_a_writer(
    option: str, name: str, tmp_path: Path
) -> None:
    pipe = tmp_path / name
    os.mkfifo(pipe)
    completed = config_check(option, pipe, tmp_path)
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stderr == f"{name}: {NOT_A_FILE}\n"


def test_a_device_given_as_configuration_is_refused(tmp_path: Path) -> None:
    completed = config_check("--measures", Path("/dev/zero"), tmp_path)
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stderr == f"zero: {NOT_A_FILE}\n"


def test_nesting_up_to_the_limit_is_read_and_then_validated(tmp_path: Path) -> None:
    bomb = config_bombs.nested_mappings(tmp_path, LIMITS.max_depth)
    with pytest.raises(ConfigError) as raised:
        load_measures(bomb.path)
    assert TOO_DEEP not in str(raised.value)
    assert "level0: unknown key" in str(raised.value)


def test_a_file_of_exactly_the_size_limit_is_read(tmp_path: Path) -> None:
    base = shipped_path("measures.yaml").read_bytes()
    path = tmp_path / "measures.yaml"
    path.write_bytes(base + b"#" * (LIMITS.max_file_bytes - len(base) - 1) + b"\n")
    assert len(path.read_bytes()) == LIMITS.max_file_bytes
    assert [m.code for m in load_measures(path).measures] == ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]


def test_anchors_aliases_and_merge_keys_within_the_limits_are_read_as_usual(tmp_path: Path) -> None:
    text = (FIXTURES / "valid_measures.yaml").read_text(encoding="utf-8")
    edits = {
        'programme_code: {value: "POR FSE 2014-2020", source: "Call text"}': (
            'programme_code: {value: "POR FSE 2014-2020", source: &call "Call text"}'
        ),
        'procedure: {value: "graduatoria", source: "Call text"}': (
            'procedure: {value: "graduatoria", source: *call}'
        ),
        'budget_eur: {value: 2900000, source: "Call text"}': (
            'budget_eur: &line_budget {value: 2900000, source: "Call text"}'
        ),
        'budget_eur: {value: 700000, source: "Call text"}': "budget_eur: {<<: *line_budget, value: 700000}",
    }
    for old, new in edits.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    path = tmp_path / "measures.yaml"
    path.write_text(text, encoding="utf-8")
    measure = load_measures(path).measures[0]
    assert measure.procedure.source == "Call text"
    assert [(line.budget_eur.value, line.budget_eur.source) for line in measure.lines] == [
        (Decimal(2900000), "Call text"),
        (Decimal(700000), "Call text"),
    ]


def test_the_limits_are_the_ones_given_to_the_loaders(tmp_path: Path) -> None:
    tight = ConfigLimits(max_file_bytes=4096, max_depth=3, max_values=500)
    with pytest.raises(ConfigError) as too_large:
        load_measures(shipped_path("measures.yaml"), tight)
    assert str(too_large.value).startswith("measures.yaml:")
    assert str(too_large.value).endswith(
        ": larger than 4 KiB, the limit for a configuration file; the limit is crossed on this line "
        "(is it the right file?)"
    )
    with pytest.raises(ConfigError) as too_deep:
        load_measures(FIXTURES / "valid_measures.yaml", ConfigLimits(max_depth=3))
    assert str(too_deep.value) == (
        "valid_measures.yaml:10: nested more than 3 levels deep (counting what its aliases *name bring in)"
    )
    with pytest.raises(ConfigError) as too_many:
        load_districts(shipped_path("districts.csv"), ConfigLimits(max_values=100))
    # 12 cells a row (note.it and note.en): the header and 7 rows are 96, the 8th row (line 9) crosses 100.
    assert str(too_many.value) == "districts.csv:9: more than 100 cells"


def test_the_shipped_configuration_is_far_within_the_limits() -> None:
    for name in ("measures.yaml", "districts.csv"):
        assert shipped_path(name).stat().st_size * 10 < LIMITS.max_file_bytes
    load_measures(shipped_path("measures.yaml"), ConfigLimits(max_values=LIMITS.max_values // 10))
    load_measures(shipped_path("measures.yaml"), ConfigLimits(max_depth=LIMITS.max_depth // 4))
    load_districts(shipped_path("districts.csv"), ConfigLimits(max_values=LIMITS.max_values // 10))
