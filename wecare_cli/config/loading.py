"""Read measures.yaml and districts.csv into typed models; every defect names file, line and key."""

from __future__ import annotations

import csv
import hashlib
import io
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from wecare_cli.config.districts import District
from wecare_cli.config.measures import MeasuresFile
from wecare_cli.config.texts import LANGUAGE_CODE
from wecare_cli.errors import ConfigError, ConfigProblem, Problem, Reason
from wecare_cli.vocabulary import normalise_label

if TYPE_CHECKING:
    import yaml

T = TypeVar("T")


@dataclass(frozen=True)
class Loaded(Generic[T]):
    """A configuration file as validated, and the SHA-256 of the bytes that were validated."""

    value: T
    sha256: str


KiB = 1024


@dataclass(frozen=True)
class ConfigLimits:
    """Bounds on a configuration file, so that a broken or hostile one fails at once with exit 2.

    The shipped measures.yaml is about 30 KiB, nested 10 levels deep, with fewer than 1,500 values;
    districts.csv is about 8 KiB and 372 cells. A YAML alias (``*name``) counts as every value of
    the node it names, so an alias bomb ("billion laughs") is refused while it is read, before
    anything is expanded.
    """

    max_file_bytes: int = 1024 * KiB
    """Size of measures.yaml or districts.csv."""
    max_depth: int = 64
    """Levels of nested mappings and lists in measures.yaml, aliases expanded."""
    max_values: int = 100_000
    """Values (mappings, lists, scalars) of measures.yaml, aliases expanded; cells of districts.csv."""


def _limit_reason(key: str, **params: object) -> Reason:
    return Reason(key.removeprefix("config-"), params)


class _LimitExceeded(Exception):
    """A bound of :class:`ConfigLimits` crossed at a line of the file."""

    def __init__(self, line: int, reason: Reason) -> None:
        super().__init__(reason.code)
        self.line = line
        self.reason = reason


def key_path(loc: Sequence[int | str]) -> str:
    """A location as a key path: ``measures[2].deadlines[0].at``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


_PYDANTIC_REASONS: dict[str, str] = {
    "extra_forbidden": "unknown-key",
    "missing": "key-missing",
    "string_type": "not-text",
    "bool_type": "not-true-false",
    "bool_parsing": "not-true-false",
    "int_type": "not-whole-number",
    "int_parsing": "not-whole-number",
    "int_from_float": "not-whole-number",
    "greater_than_equal": "below-minimum",
    "tuple_type": "not-a-list",
    "list_type": "not-a-list",
    "dict_type": "not-a-mapping",
    "model_type": "not-a-mapping",
    "model_attributes_type": "not-a-mapping",
}
"""Pydantic's error types, as wecare's reason codes (worded in the officer's language)."""


def validation_reason(error: ErrorDetails) -> Reason:
    """A pydantic error as wecare's reason code and parameters."""
    kind = error["type"]
    context = error.get("ctx", {})
    cause = context.get("error")
    if isinstance(cause, ConfigProblem):
        return cause.reason
    if kind in ("literal_error", "enum"):
        return Reason("not-one-of", {"expected": context.get("expected", "?"), "value": repr(error["input"])})
    if kind in _PYDANTIC_REASONS:
        return Reason(_PYDANTIC_REASONS[kind], {key: str(value) for key, value in context.items()})
    return Reason("invalid", {"detail": error["msg"].removeprefix("Value error, ")})


def _error_loc(detail: ErrorDetails) -> list[int | str]:
    """The location of an error, extended by the key a cross-key check names (see ConfigProblem)."""
    cause = detail.get("ctx", {}).get("error")
    extra = cause.at if isinstance(cause, ConfigProblem) else ()
    return _clean_loc([*detail["loc"], *extra])


class NodeLines:
    """Lines of the nodes of a YAML tree, found by the location of a validation error.

    Each mapping's keys are indexed once: a file with thousands of wrong keys gets thousands of
    messages, and looking each key up by a walk through its mapping would take minutes.
    """

    def __init__(self, root: yaml.Node | None) -> None:
        self.root = root
        self._keys: dict[int, dict[str, yaml.Node]] = {}

    def _value(self, mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
        import yaml

        index = self._keys.get(id(mapping))
        if index is None:
            # The last occurrence, as in the data: after merge keys (<<) are flattened, a key
            # written in the mapping follows the ones it overrides.
            index = self._keys[id(mapping)] = {
                k.value: v for k, v in mapping.value if isinstance(k, yaml.ScalarNode)
            }
        return index.get(key)

    def line_of(self, loc: Sequence[int | str]) -> int | None:
        """The 1-based line of the deepest node the location reaches in the YAML tree."""
        import yaml

        node = self.root
        line = node.start_mark.line + 1 if node is not None else None
        for part in loc:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                match = self._value(node, part)
                if match is None:
                    return line
                node = match
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
                node = node.value[part]
            else:
                # Pydantic adds union or model tags to the location; they are not YAML keys.
                continue
            line = node.start_mark.line + 1
        return line


def _clean_loc(loc: Sequence[int | str]) -> list[int | str]:
    """Drop pydantic's internal tags (``function-plain[...]``, generic names) from a location."""
    return [part for part in loc if isinstance(part, int) or ("[" not in part and "(" not in part)]


def load_measures(path: Path, limits: ConfigLimits | None = None) -> MeasuresFile:
    """Read and validate measures.yaml; raise ConfigError naming file, line and key path."""
    return read_measures(path, limits).value


def read_measures(path: Path, limits: ConfigLimits | None = None) -> Loaded[MeasuresFile]:
    """measures.yaml validated, with the SHA-256 of the very bytes validated."""
    return read_yaml_model(
        path, MeasuresFile, limits, empty="empty-file", not_a_mapping="not-a-mapping-of-measures"
    )


def read_config_text(path: Path, limits: ConfigLimits | None = None) -> Loaded[str]:
    """A configuration file as text, with the SHA-256 of its bytes, not yet parsed.

    The same bounds and the same errors as every reader here (missing, a folder, too large,
    not UTF-8), so that the text can be validated later, or its validated form found by its hash.
    """
    text, digest = _read_text(path, limits or ConfigLimits())
    return Loaded(text, digest)


def measures_from_text(path: Path, text: str, limits: ConfigLimits | None = None) -> MeasuresFile:
    """The text of measures.yaml (from :func:`read_config_text`) parsed and validated."""
    bounds = limits or ConfigLimits()
    from wecare_cli.config.yaml_tree import yaml_tree

    root, data = yaml_tree(path, text, bounds, "empty-file", "not-a-mapping-of-measures")
    return validate_yaml(path, YamlDocument(data, NodeLines(root), ""), MeasuresFile)


def districts_from_text(path: Path, text: str, limits: ConfigLimits | None = None) -> tuple[District, ...]:
    """The text of districts.csv (from :func:`read_config_text`) parsed and validated."""
    return _districts(path, text, limits or ConfigLimits())


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class YamlDocument:
    """A YAML file read within bounds: its data (a mapping), the lines of its keys, its SHA-256."""

    data: dict[str, Any]
    lines: NodeLines
    sha256: str


def read_yaml_document(
    path: Path, limits: ConfigLimits | None = None, *, empty: str, not_a_mapping: str
) -> YamlDocument:
    """A YAML file read within ``limits`` (size, nesting, values with aliases expanded).

    Every defect is a :class:`ConfigError` naming the file and the line: YAML syntax, keys
    written twice, bounds. ``empty`` and ``not_a_mapping`` are the reason codes for a file with
    nothing in it and for one whose top level is not a mapping.
    """
    bounds = limits or ConfigLimits()
    text, digest = _read_text(path, bounds)
    from wecare_cli.config.yaml_tree import yaml_tree

    root, data = yaml_tree(path, text, bounds, empty, not_a_mapping)
    return YamlDocument(data, NodeLines(root), digest)


def validate_yaml(path: Path, document: YamlDocument, model: type[M]) -> M:
    """The document validated as ``model``; each defect a problem of a :class:`ConfigError`
    with its line and key path (unknown keys, missing keys, wrong types...)."""
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        raise ConfigError(path, validation_problems(error, document.lines)) from None


def read_yaml_model(
    path: Path, model: type[M], limits: ConfigLimits | None = None, *, empty: str, not_a_mapping: str
) -> Loaded[M]:
    """A YAML file read within ``limits`` and validated as ``model``, with the SHA-256 of its bytes."""
    document = read_yaml_document(path, limits, empty=empty, not_a_mapping=not_a_mapping)
    return Loaded(validate_yaml(path, document, model), document.sha256)


def validation_problems(error: ValidationError, lines: NodeLines) -> list[Problem]:
    """Each defect pydantic found, with the line of its key in the YAML tree and its key path."""
    problems: list[Problem] = []
    for detail in error.errors():
        loc = _error_loc(detail)
        problems.append((lines.line_of(loc), key_path(loc), validation_reason(detail)))
    return _unique(problems)


def _unique(problems: list[Problem]) -> list[Problem]:
    """The problems without repeats (pydantic reports a union's error once per member)."""
    seen: set[tuple[int | None, str, str, str]] = set()
    unique: list[Problem] = []
    for line, key_path, reason in problems:
        key = (line, key_path, reason.code, repr(sorted(reason.params.items())))
        if key not in seen:
            seen.add(key)
            unique.append((line, key_path, reason))
    return unique


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


def load_districts(path: Path, limits: ConfigLimits | None = None) -> tuple[District, ...]:
    """Read and validate districts.csv (every cell as text); raise ConfigError naming the line."""
    return read_districts(path, limits).value


def read_districts(path: Path, limits: ConfigLimits | None = None) -> Loaded[tuple[District, ...]]:
    """districts.csv validated, with the SHA-256 of the very bytes validated."""
    bounds = limits or ConfigLimits()
    text, digest = _read_text(path, bounds)
    return Loaded(_districts(path, text, bounds), digest)


def _districts(path: Path, text: str, bounds: ConfigLimits) -> tuple[District, ...]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        return _read_districts(path, reader, bounds)
    except _LimitExceeded as exceeded:
        raise ConfigError(path, [(exceeded.line, "", exceeded.reason)]) from None
    except csv.Error as error:
        line = max(reader.reader.line_num, 1)
        if "field larger than field limit" in str(error):
            reason = _limit_reason("config-cell-too-long", limit=f"{csv.field_size_limit():,}")
        else:
            reason = _limit_reason("config-csv-invalid", detail=str(error))
        raise ConfigError(path, [(line, "", reason)]) from None


def _read_districts(path: Path, reader: csv.DictReader[str], limits: ConfigLimits) -> tuple[District, ...]:
    header = reader.fieldnames or []
    cells = len(header)
    if cells > limits.max_values:
        raise _LimitExceeded(1, _limit_reason("config-too-many-cells", limit=f"{limits.max_values:,}"))
    missing = [c for c in DISTRICT_COLUMNS if c not in header and not _translated_column(c, header)]
    unknown = [
        c for c in header if c not in DISTRICT_COLUMNS and _translation_of(c) not in TRANSLATED_COLUMNS
    ]
    problems: list[Problem] = []
    if missing:
        problems.append((1, "", Reason("missing-columns", {"columns": tuple(missing)})))
    if unknown:
        problems.append((1, "", Reason("unknown-columns", {"columns": tuple(unknown)})))
    if problems:
        raise ConfigError(path, problems)
    districts: list[tuple[int, District]] = []
    for row in reader:
        line = reader.line_num
        extra = row.get(None)
        cells += len(header) + (len(extra) if isinstance(extra, list) else 0)
        if cells > limits.max_values:
            raise _LimitExceeded(line, _limit_reason("config-too-many-cells", limit=f"{limits.max_values:,}"))
        if None in row:
            problems.append((line, "", Reason("more-cells-than-columns")))
            continue
        try:
            districts.append((line, District.model_validate(_district_fields(row))))
        except ValueError as error:
            details = error.errors() if isinstance(error, ValidationError) else []
            if not details:
                reason = (
                    error.reason
                    if isinstance(error, ConfigProblem)
                    else Reason("invalid", {"detail": str(error)})
                )
                problems.append((line, "", reason))
            for detail in details:
                problems.append((line, key_path(_clean_loc(detail["loc"])), validation_reason(detail)))
    problems.extend(_district_duplicates(districts))
    if problems:
        raise ConfigError(path, problems)
    return tuple(district for _, district in districts)


def _district_fields(row: dict[str, str]) -> dict[str, Any]:
    cells = {key: (value or "").strip() for key, value in row.items()}
    verified = cells["verified"].casefold()
    if verified not in ("true", "false"):
        raise ConfigProblem("verified-not-true-false", value=cells["verified"])
    population: int | None = None
    if cells["population"]:
        if not cells["population"].isdigit():
            raise ConfigProblem("population-not-whole-number", value=cells["population"])
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
        "note": _translated_cell(cells, "note"),
    }


TRANSLATED_COLUMNS = ("note",)
"""Columns of districts.csv written in several languages: ``note.it``, ``note.en`` (or ``note`` alone)."""


def _translation_of(column: str) -> str | None:
    """``note.it`` → ``note``; None for a column that is not a translation."""
    base, dot, code = column.rpartition(".")
    return base if dot and LANGUAGE_CODE.fullmatch(code) else None


def _translated_column(column: str, header: Sequence[str]) -> bool:
    return column in TRANSLATED_COLUMNS and any(_translation_of(h) == column for h in header)


def _translated_cell(cells: dict[str, str], column: str) -> Any:
    """The cell as written (``note``), or its translations as a mapping (``note.it``, ``note.en``)."""
    translations = {
        key.rpartition(".")[2]: value
        for key, value in cells.items()
        if _translation_of(key) == column and value
    }
    if translations:
        return translations
    return cells.get(column) or None


def _district_duplicates(districts: list[tuple[int, District]]) -> list[Problem]:
    """Codes and names must be unique and not empty: a district is looked up by either."""
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, district in districts:
        for column, value in (("code", district.code), ("name", district.name)):
            key = normalise_label(value)
            if not key:
                problems.append((line, column, Reason("empty")))
            elif first_line.setdefault(key, line) != line:
                problems.append(
                    (line, column, Reason("already-used", {"value": value, "line": first_line[key]}))
                )
    return problems


def _size(size: int) -> str:
    return f"{size // (1024 * KiB):,} MiB" if size % (1024 * KiB) == 0 else f"{size // KiB:,} KiB"


def _read_text(path: Path, limits: ConfigLimits) -> tuple[str, str]:
    """The file as text, and the SHA-256 of its bytes: a regular file of at most
    ``limits.max_file_bytes``, UTF-8 (BOM allowed)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(path, [(None, "", _limit_reason("config-not-a-file"))])
        with path.open("rb") as stream:
            # Never more than the limit, even if the file grows or lies about its size.
            raw = stream.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        raise ConfigError(path, [(None, "", Reason("file-not-found"))]) from None
    except IsADirectoryError:
        raise ConfigError(path, [(None, "", Reason("file-is-folder"))]) from None
    except OSError as error:
        raise ConfigError(path, [(None, "", Reason("file-unreadable", {"reason": error.strerror}))]) from None
    if len(raw) > limits.max_file_bytes:
        line = raw.count(b"\n", 0, limits.max_file_bytes) + 1
        reason = _limit_reason("config-too-large", limit=_size(limits.max_file_bytes))
        raise ConfigError(path, [(line, "", reason)])
    try:
        return raw.decode("utf-8-sig"), hashlib.sha256(raw).hexdigest()
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ConfigError(path, [(line, "", Reason("not-utf8"))]) from None
