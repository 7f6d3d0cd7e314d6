"""Read measures.yaml and districts.csv into typed models; every defect names file, line and key."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from wecare_cli.config.districts import District
from wecare_cli.config.facts import ProblemAt
from wecare_cli.config.measures import MeasuresFile
from wecare_cli.errors import ConfigError
from wecare_cli.vocabulary import normalise_label

Problem = tuple[int | None, str, str]

_QUOTE_HINT = "must be text: put it in quotes (YAML reads NO as false and 012 as a number)"


def _key_path(loc: Sequence[int | str]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _reason(error: ErrorDetails) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "missing":
        return "required key missing"
    if kind.startswith("string_") and kind == "string_type":
        return _QUOTE_HINT
    if kind in ("literal_error", "enum"):
        return f"must be {error.get('ctx', {}).get('expected', '?')}, not {error['input']!r}"
    message = error["msg"]
    return message.removeprefix("Value error, ")


class _Loader(yaml.SafeLoader):
    """The safe loader, except that a date that does not exist (2019-02-30) stays text.

    PyYAML would raise a bare ValueError without a line; as text it reaches the model, which
    reports it as "not a date" at its key and line like any other malformed date.
    """


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> object:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _yaml_reason(error: yaml.YAMLError) -> str:
    """A YAML syntax error in words, with a hint for the usual causes."""
    problem = str(getattr(error, "problem", None) or error)
    if "'\\t'" in problem or "tab character" in problem:
        return "not valid YAML: a tab where YAML needs spaces (indent with spaces, never tabs)"
    if problem == "mapping values are not allowed here":
        return f"not valid YAML: {problem} (put text that contains ': ' in quotes)"
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    if (
        context
        and context_mark is not None
        and problem_mark is not None
        and context_mark.line != problem_mark.line
    ):
        return f"not valid YAML: {problem} ({context} that starts on line {context_mark.line + 1})"
    return f"not valid YAML: {problem}"


def _error_loc(detail: ErrorDetails) -> list[int | str]:
    """The location of an error, extended by the key a cross-key check names (see ProblemAt)."""
    cause = detail.get("ctx", {}).get("error")
    extra = cause.at if isinstance(cause, ProblemAt) else ()
    return _clean_loc([*detail["loc"], *extra])


def _line_of(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the deepest node the location reaches in the YAML tree."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            if match is None:
                key = next((k for k, _ in node.value if getattr(k, "value", None) == part), None)
                return key.start_mark.line + 1 if key is not None else line
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            # Pydantic adds union or model tags to the location; they are not YAML keys.
            continue
        line = node.start_mark.line + 1
    return line


def _duplicate_keys(node: yaml.Node | None, path: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            child = f"{path}.{name}" if path else name
            if name in seen:
                problems.append((key.start_mark.line + 1, child, "key written twice"))
            seen.add(name)
            problems.extend(_duplicate_keys(value, child))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicate_keys(item, f"{path}[{index}]"))
    return problems


def _clean_loc(loc: Sequence[int | str]) -> list[int | str]:
    """Drop pydantic's internal tags (``function-plain[...]``, generic names) from a location."""
    return [part for part in loc if isinstance(part, int) or ("[" not in part and "(" not in part)]


def load_measures(path: Path) -> MeasuresFile:
    """Read and validate measures.yaml; raise ConfigError naming file, line and key path."""
    text = _read_text(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
        data: Any = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(path, [(line, "", _yaml_reason(error))]) from None
    duplicates = _duplicate_keys(root)
    if duplicates:
        raise ConfigError(path, duplicates)
    if root is None:
        raise ConfigError(
            path, [(1, "", "the file is empty: expected 'schema_version', 'strategy' and 'measures'")]
        )
    if not isinstance(data, dict):
        line = root.start_mark.line + 1
        raise ConfigError(
            path, [(line, "", "expected a mapping with 'schema_version', 'strategy' and 'measures'")]
        )
    try:
        return MeasuresFile.model_validate(data)
    except ValidationError as error:
        problems: list[Problem] = []
        for detail in error.errors():
            loc = _error_loc(detail)
            problems.append((_line_of(root, loc), _key_path(loc), _reason(detail)))
        raise ConfigError(path, _unique(problems)) from None


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    return [p for p in problems if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


DISTRICT_COLUMNS = (
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
)


def load_districts(path: Path) -> tuple[District, ...]:
    """Read and validate districts.csv (every cell as text); raise ConfigError naming the line."""
    text = _read_text(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    missing = [c for c in DISTRICT_COLUMNS if c not in header]
    unknown = [c for c in header if c not in DISTRICT_COLUMNS]
    problems: list[Problem] = []
    if missing:
        problems.append((1, "", f"missing columns: {', '.join(missing)}"))
    if unknown:
        problems.append((1, "", f"unknown columns: {', '.join(unknown)}"))
    if problems:
        raise ConfigError(path, problems)
    districts: list[tuple[int, District]] = []
    for row in reader:
        line = reader.line_num
        if None in row:
            problems.append((line, "", "more cells than columns"))
            continue
        try:
            districts.append((line, District.model_validate(_district_fields(row))))
        except ValueError as error:
            details = error.errors() if isinstance(error, ValidationError) else []
            if not details:
                problems.append((line, "", str(error)))
            for detail in details:
                problems.append((line, _key_path(_clean_loc(detail["loc"])), _reason(detail)))
    problems.extend(_district_duplicates(districts))
    if problems:
        raise ConfigError(path, problems)
    return tuple(district for _, district in districts)


def _district_fields(row: dict[str, str]) -> dict[str, Any]:
    cells = {key: (value or "").strip() for key, value in row.items()}
    verified = cells["verified"].casefold()
    if verified not in ("true", "false"):
        raise ValueError(f"verified: write true or false, not {cells['verified']!r}")
    population: int | None = None
    if cells["population"]:
        if not cells["population"].isdigit():
            raise ValueError(f"population: not a whole number: {cells['population']!r}")
        population = int(cells["population"])
    return {
        "code": cells["code"],
        "name": cells["name"],
        "provinces": tuple(p.strip() for p in cells["provinces"].split("|") if p.strip()),
        "quadrant": cells["quadrant"] or None,
        "lead_body": cells["lead_body"] or None,
        "lead_body_status": cells["lead_body_status"],
        "seat": cells["seat"] or None,
        "population": population,
        "verified": verified == "true",
        "source": cells["source"] or None,
        "note": cells["note"] or None,
    }


def _district_duplicates(districts: list[tuple[int, District]]) -> list[Problem]:
    """Codes and names must be unique and not empty: a district is looked up by either."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, district in districts:
        for column, value in (("code", district.code), ("name", district.name)):
            key = normalise_label(value)
            if not key:
                problems.append((line, column, "must not be empty"))
            elif first_line.setdefault(key, line) != line:
                problems.append((line, column, f"{value!r} is already used on line {first_line[key]}"))
    return problems


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(path, [(None, "", "file not found")]) from None
    except IsADirectoryError:
        raise ConfigError(path, [(None, "", "is a folder, not a file")]) from None
    except OSError as error:
        raise ConfigError(path, [(None, "", f"cannot be read: {error.strerror}")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(path, [(line, "", "not UTF-8 text: save it as UTF-8")]) from None
