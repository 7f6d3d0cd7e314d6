"""Recipes of hostile configuration files: alias bombs, deep nesting, files too large.

Each function writes its file in a folder and returns the path with the line the loader must
report; nothing is committed (a 50 MB file is a recipe, not a fixture).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from wecare_cli.config.discovery import shipped_path
from wecare_cli.config.loading import DISTRICT_COLUMNS, ConfigLimits

LIMITS = ConfigLimits()
HEADER = ",".join(DISTRICT_COLUMNS) + "\n"


@dataclass(frozen=True)
class Bomb:
    """A hostile file and the line where the loader must stop."""

    path: Path
    line: int | None


def shipped_measures() -> str:
    return shipped_path("measures.yaml").read_text(encoding="utf-8")


def _line_count(text: str) -> int:
    return text.count("\n")


def alias_bomb(folder: Path, levels: int = 9) -> Bomb:
    """The shipped measures.yaml with a "billion laughs" appended: each level is a list of ten
    aliases of the previous one, so the ninth stands for a billion values. The loader must stop
    on the line of the first level whose aliases take the document past the limit."""
    base = shipped_measures()
    lines = ["laughs:", '  l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"  l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 10)}]" for n in range(1, levels)]
    # The shipped values plus the key "laughs", its mapping and each level's key, list and items.
    values = _value_count(base)
    crossing = None
    size = 0
    for level in range(levels):
        size = 11 if level == 0 else 1 + 10 * size
        values += 1 + size  # the level's key and its list
        if crossing is None and values > LIMITS.max_values:
            crossing = _line_count(base) + 2 + level
    path = folder / "measures.yaml"
    path.write_text(base + "\n".join(lines) + "\n", encoding="utf-8")
    return Bomb(path, crossing)


def _value_count(text: str) -> int:
    """Values of a YAML document (mappings, lists, scalars), aliases expanded; plus the appended
    top-level key and its mapping."""
    import yaml

    count = sum(
        1
        for event in yaml.parse(text, Loader=yaml.SafeLoader)
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent | yaml.AliasEvent)
    )
    return count + 2


def nested_lists(folder: Path, depth: int = 100_000) -> Bomb:
    """``[[[[...]]]]`` nested ``depth`` times on one line: PyYAML's composer recurses once per level."""
    path = folder / "measures.yaml"
    path.write_text("[" * depth + "]" * depth + "\n", encoding="utf-8")
    return Bomb(path, 1)


def nested_mappings(folder: Path, depth: int) -> Bomb:
    """``depth`` mappings in block style, one per line (``levelN:`` indented one step more each
    time, the last holding a text). With more levels than the limit, the loader stops on the line
    of the first level too many."""
    path = folder / "measures.yaml"
    lines = [f"{'  ' * level}level{level}:" for level in range(depth - 1)]
    lines.append(f"{'  ' * (depth - 1)}level{depth - 1}: fine")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Bomb(path, LIMITS.max_depth + 1 if depth > LIMITS.max_depth else None)


def deep_through_an_alias(folder: Path) -> Bomb:
    """Two nestings of 40 lists, each within the limit, one inside the other through an alias."""
    path = folder / "measures.yaml"
    path.write_text(
        "deep: &deep " + "[" * 40 + "]" * 40 + "\n" + "deeper: " + "[" * 40 + "*deep" + "]" * 40 + "\n",
        encoding="utf-8",
    )
    return Bomb(path, 2)


def alias_loop(folder: Path) -> Bomb:
    """An anchor whose value holds an alias of itself: expanded, it would never end."""
    path = folder / "measures.yaml"
    path.write_text("schema_version: 1\nstrategy: &strategy\n  code: *strategy\n", encoding="utf-8")
    return Bomb(path, 3)


def many_unknown_keys(folder: Path, count: int = 30_000) -> Bomb:
    """The shipped measures.yaml followed by ``count`` unknown keys: within the limits (a few
    hundred KB), and each must get its message; the line is the last key's."""
    base = shipped_measures()
    path = folder / "measures.yaml"
    path.write_text(base + "".join(f"extra{n}: {n}\n" for n in range(count)), encoding="utf-8")
    return Bomb(path, _line_count(base) + count)


def padded_measures(folder: Path, megabytes: int = 50) -> Bomb:
    """The shipped measures.yaml followed by comment lines up to ``megabytes`` MB."""
    base = shipped_measures().encode("utf-8")
    comment = b"# " + b"x" * 77 + b"\n"
    repeats = (megabytes * 1_000_000 - len(base)) // len(comment)
    path = folder / "measures.yaml"
    with path.open("wb") as stream:
        stream.write(base)
        for _ in range(repeats // 1000):
            stream.write(comment * 1000)
    # The first byte past the limit lies on this line.
    line = base.count(b"\n") + (LIMITS.max_file_bytes - len(base)) // len(comment) + 1
    return Bomb(path, line)


def padded_districts(folder: Path, megabytes: int = 2) -> Bomb:
    """The shipped districts.csv followed by rows of an unknown district, up to ``megabytes`` MB."""
    base = shipped_path("districts.csv").read_bytes()
    row = b"D99,Distretto ripetuto,TO,,,unverified,,,false,,\n"
    path = folder / "districts.csv"
    path.write_bytes(base + row * ((megabytes * 1_000_000 - len(base)) // len(row)))
    line = base.count(b"\n") + (LIMITS.max_file_bytes - len(base)) // len(row) + 1
    return Bomb(path, line)


def many_cells(folder: Path) -> Bomb:
    """A districts.csv of empty rows, small on disk (110 KB) but with more cells than the limit."""
    path = folder / "districts.csv"
    width = len(DISTRICT_COLUMNS)
    path.write_text(HEADER + ("," * (width - 1) + "\n") * 10_000, encoding="utf-8")
    # The header holds ``width`` cells, then each row as many: the row that crosses the limit.
    return Bomb(path, LIMITS.max_values // width + 1)


def long_cell(folder: Path) -> Bomb:
    """A districts.csv whose second row has a 200,000-character name (a quote left open looks so)."""
    path = folder / "districts.csv"
    path.write_text(HEADER + f'D01,"{"x" * 200_000}",TO,,,unverified,,,false,,\n', encoding="utf-8")
    return Bomb(path, 2)
