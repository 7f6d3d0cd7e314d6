"""measures.yaml (and any YAML file wecare reads) to a node tree and data, within bounds.

Imported only when a YAML file is parsed: a run whose configuration is in the cache
(:mod:`wecare_cli.config.cache`) never loads the YAML reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from wecare_cli.config.loading import ConfigLimits, _limit_reason, _LimitExceeded
from wecare_cli.errors import ConfigError, Problem, Reason


@dataclass
class _Collection:
    """A mapping or list being read: its values so far (aliases expanded) and its nesting below."""

    anchor: str | None
    values: int = 1
    height: int = 1


@dataclass
class _ExpansionBudget:
    """Counts the nesting and the expanded values of a YAML stream event by event, without recursion.

    Aliases are counted by the size and height of the node they name (recorded when it closed),
    so the count grows with the document as a program would see it while nothing is expanded.
    """

    limits: ConfigLimits
    open: list[_Collection] = field(default_factory=list)
    anchored: dict[str, tuple[int, int]] = field(default_factory=dict)
    values: int = 0

    def count(self, event: yaml.Event) -> None:
        """Count one event; raise _LimitExceeded at the line where a bound is crossed."""
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, yaml.AliasEvent):
            anchor = str(event.anchor)
            if any(c.anchor == anchor for c in self.open):
                raise _LimitExceeded(line, _limit_reason("config-alias-loop", anchor=anchor))
            if anchor in self.anchored:  # else the composer reports the undefined alias
                self._add(line, *self.anchored[anchor])
        elif isinstance(event, yaml.ScalarEvent):
            self._add(line, 1, 0)
            if event.anchor is not None:
                self.anchored[event.anchor] = (1, 0)
        elif isinstance(event, yaml.CollectionStartEvent):
            if len(self.open) >= self.limits.max_depth:
                raise _LimitExceeded(line, _limit_reason("config-too-deep", limit=self.limits.max_depth))
            self._grow(line, 1, 0)
            self.open.append(_Collection(event.anchor))
        elif isinstance(event, yaml.CollectionEndEvent) and self.open:
            closed = self.open.pop()
            self._attach(closed.values, closed.height)
            if closed.anchor is not None:
                self.anchored[closed.anchor] = (closed.values, closed.height)

    def _add(self, line: int, values: int, height: int) -> None:
        self._grow(line, values, height)
        self._attach(values, height)

    def _grow(self, line: int, values: int, height: int) -> None:
        self.values += values
        if self.values > self.limits.max_values:
            limit = f"{self.limits.max_values:,}"
            raise _LimitExceeded(line, _limit_reason("config-too-many-values", limit=limit))
        if len(self.open) + height > self.limits.max_depth:
            raise _LimitExceeded(line, _limit_reason("config-too-deep", limit=self.limits.max_depth))

    def _attach(self, values: int, height: int) -> None:
        if self.open:
            parent = self.open[-1]
            parent.values += values
            parent.height = max(parent.height, height + 1)


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


class _BoundedLoader(_Loader):
    """The loader, counting every event against the limits before the (recursive) composer sees it."""

    def __init__(self, stream: str, limits: ConfigLimits) -> None:
        super().__init__(stream)
        self._budget = _ExpansionBudget(limits)

    def get_event(self) -> Any:
        event = super().get_event()  # type: ignore[no-untyped-call]
        if event is not None:
            self._budget.count(event)
        return event


def _yaml_reason(error: yaml.YAMLError) -> Reason:
    """A YAML syntax error, with a hint for the usual causes (the parser's own words as detail)."""
    problem = str(getattr(error, "problem", None) or error)
    if "'\\t'" in problem or "tab character" in problem:
        return Reason("yaml-tab")
    if problem == "mapping values are not allowed here":
        return Reason("yaml-colon", {"problem": problem})
    context = getattr(error, "context", None)
    context_mark = getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    if (
        context
        and context_mark is not None
        and problem_mark is not None
        and context_mark.line != problem_mark.line
    ):
        return Reason(
            "yaml-unclosed", {"problem": problem, "context": context, "line": context_mark.line + 1}
        )
    return Reason("yaml-invalid", {"problem": problem})


def _duplicate_keys(node: yaml.Node | None, path: str = "") -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            child = f"{path}.{name}" if path else name
            if name in seen:
                problems.append((key.start_mark.line + 1, child, Reason("duplicate-key")))
            seen.add(name)
            problems.extend(_duplicate_keys(value, child))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            problems.extend(_duplicate_keys(item, f"{path}[{index}]"))
    return problems


def yaml_tree(
    path: Path, text: str, bounds: ConfigLimits, empty: str, not_a_mapping: str
) -> tuple[yaml.Node, Any]:
    """The YAML node tree (for lines) and the data it holds, a mapping; ConfigError otherwise."""
    loader = _BoundedLoader(text, bounds)  # a SafeLoader
    try:
        root = loader.get_single_node()
        duplicates = _duplicate_keys(root)  # before merge keys (<<) are flattened into the tree
        if duplicates:
            raise ConfigError(path, duplicates)
        data: Any = loader.construct_document(root) if root is not None else None
    except _LimitExceeded as exceeded:
        raise ConfigError(path, [(exceeded.line, "", exceeded.reason)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise ConfigError(path, [(line, "", _yaml_reason(error))]) from None
    finally:
        loader.dispose()
    if root is None:
        raise ConfigError(path, [(1, "", Reason(empty))])
    if not isinstance(data, dict):
        line = root.start_mark.line + 1
        raise ConfigError(path, [(line, "", Reason(not_a_mapping))])
    return root, data
