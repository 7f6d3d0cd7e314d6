"""The configuration facts a rule may read, by path, resolved once per measure, line and phase.

A rule declares the paths it reads (``amounts.project_value_min_eur``, ``deadline``...) and reads
them only through :meth:`FactTable.get`. The same declarations say which rules could not be
applied: a declared fact that the configuration gives as unknown (``value: null``) means its rule
is not applied to that measure, line or phase (see :func:`wecare_cli.rules.registry.unchecked`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli.config.facts import Fact
from wecare_cli.config.measures import Line, Measure, MeasuresFile
from wecare_cli.config.windows import CallWindow, window_for
from wecare_cli.multilingual import ConfigText


@dataclass(frozen=True)
class Known:
    """Whether a fact is given by the sources, and the configuration's note when it is not."""

    unknown: bool
    note: ConfigText | None = None


Resolver = Callable[[MeasuresFile, Measure, Line | None, str | None, ZoneInfo], Any]
Judge = Callable[[Any], Known]


@dataclass(frozen=True)
class FactPath:
    """A readable fact: how to find it for a measure, line and phase, and when it counts as unknown."""

    path: str
    resolve: Resolver
    judge: Judge
    per_phase: bool = False
    """The fact differs by phase (deadlines): 'not applied' is said per phase."""


def _fact_known(fact: Fact[Any] | None) -> Known:
    """A fact left out means the call sets no such rule; ``value: null`` means unknown."""
    if fact is None or fact.value is not None:
        return Known(False)
    return Known(True, fact.note)


def _window_known(window: CallWindow) -> Known:
    """A call without a dated deadline in force cannot be checked for timeliness."""
    if window.closes is not None:
        return Known(False)
    return Known(True, window.deadline.note if window.deadline is not None else None)


def _always_known(_value: Any) -> Known:
    return Known(False)


def _group_fact(group: str, name: str) -> Resolver:
    def resolve(
        strategy: MeasuresFile, measure: Measure, line: Line | None, phase: str | None, zone: ZoneInfo
    ) -> Any:
        if group == "eligibility":
            return getattr(measure.eligibility_for(line), name)
        if group == "amounts":
            return getattr(measure.amounts_for(line), name)
        if group == "partnership":
            return getattr(measure.partnership, name) if measure.partnership is not None else None
        return getattr(strategy.strategy, name)

    return resolve


def _window(
    strategy: MeasuresFile, measure: Measure, line: Line | None, phase: str | None, zone: ZoneInfo
) -> CallWindow:
    return window_for(measure, line, phase, zone)


def _procedure(
    strategy: MeasuresFile, measure: Measure, line: Line | None, phase: str | None, zone: ZoneInfo
) -> Any:
    return measure.procedure


def _paths() -> dict[str, FactPath]:
    paths = [
        FactPath("window", _window, _window_known, per_phase=True),
        FactPath("procedure", _procedure, _fact_known),
    ]
    groups = {
        "eligibility": ("applicant_types", "enterprise_sizes", "non_profit_required"),
        "amounts": ("project_value_min_eur", "project_value_max_eur", "cofinancing_min_share"),
        "partnership": (
            "third_sector_types",
            "third_sector_min_partners",
            "third_sector_seated_in_region",
            "third_sector_max_applications",
            "one_application_per_district",
        ),
        "strategy": ("provinces", "region"),
    }
    for group, names in groups.items():
        for name in names:
            judge = _always_known if (group, name) == ("strategy", "region") else _fact_known
            paths.append(FactPath(f"{group}.{name}", _group_fact(group, name), judge))
    return {p.path: p for p in paths}


FACT_PATHS: dict[str, FactPath] = _paths()
"""Every fact a rule may declare, by path."""


class EnvelopeFacts(dict[str, Any]):
    """The facts of one measure, line and phase by path, each resolved the first time it is read."""

    __slots__ = ("_line", "_measure", "_measures", "_phase")

    def __init__(
        self, measures: MeasuresFile, measure: Measure, line: Line | None, phase: str | None
    ) -> None:
        super().__init__()
        self._measures = measures
        self._measure = measure
        self._line = line
        self._phase = phase

    def of(self, measure: Measure | None, line: Line | None, phase: str | None) -> bool:
        """Whether these are the facts of this measure, line and phase."""
        return measure is self._measure and line is self._line and phase == self._phase

    def __missing__(self, path: str) -> Any:
        value = FACT_PATHS[path].resolve(
            self._measures, self._measure, self._line, self._phase, self._measures.zone
        )
        self[path] = value
        return value


class FactTable:
    """The facts of one configuration, resolved once per (measure, line, phase) and path."""

    def __init__(self, measures: MeasuresFile) -> None:
        self.measures = measures
        self.zone = measures.zone
        self._envelopes: dict[tuple[str, str | None, str | None], EnvelopeFacts] = {}

    def envelope(self, measure: Measure, line: Line | None, phase: str | None) -> EnvelopeFacts:
        """Every fact of this measure, line and phase (one table shared by its applications)."""
        key = (measure.code, line.code if line is not None else None, phase)
        found = self._envelopes.get(key)
        if found is None:
            found = self._envelopes[key] = EnvelopeFacts(self.measures, measure, line, phase)
        return found

    def get(self, path: str, measure: Measure, line: Line | None, phase: str | None) -> Any:
        """The fact at ``path`` for this measure, line and phase (None when the call sets none)."""
        return self.envelope(measure, line, phase)[path]

    def known(self, path: str, measure: Measure, line: Line | None, phase: str | None) -> Known:
        """Whether the fact at ``path`` is given by the sources for this measure, line and phase."""
        return FACT_PATHS[path].judge(self.get(path, measure, line, phase))
