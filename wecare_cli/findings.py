"""Findings: what a check found, pinned to the file, sheet, Excel row and column the officer sees."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Never


class Severity(StrEnum):
    """How much a finding weighs on the verdict."""

    ERROR = "error"
    """The application is ineligible (or the row cannot be checked)."""
    WARNING = "warning"
    """Something the officer should look at; fails the run only with --strict."""


class FrozenParams(dict[str, Any]):
    """Parameters that many findings share (those of one cell issue down a column): a mapping
    that refuses to change, yet pickles, copies and converts like the plain dict it is."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Never:
        raise TypeError("the parameters of a finding are shared and cannot be changed")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __reduce__(self) -> tuple[type[FrozenParams], tuple[dict[str, Any]]]:
        return (FrozenParams, (dict(self),))

    def __copy__(self) -> FrozenParams:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> FrozenParams:
        return FrozenParams(copy.deepcopy(dict(self), memo))


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found in the input, with a stable kebab-case code and its position.

    ``row`` is the Excel row number (the header row counts, as in Excel); ``column`` is the
    header as written in the file. ``params`` fill the message template of ``code`` in the
    officer's language when it is shown; they are typed values (:class:`Money`, :class:`Share`,
    :class:`Moment`, numbers, identifiers, tuples of codes), never text already worded for a reader.
    """

    code: str
    severity: Severity
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_record(self, message: str) -> dict[str, Any]:
        """The finding as a JSON-ready record with its message already rendered."""
        return {
            "code": self.code,
            "severity": str(self.severity),
            "message": message,
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "value": self.value,
        }


@dataclass(frozen=True)
class Money:
    """An amount in euro, as a finding's parameter (formatted in the officer's language when shown)."""

    amount: Decimal


@dataclass(frozen=True)
class Share:
    """A share between 0 and 1 (0.2 is 20 %), as a finding's parameter."""

    fraction: Decimal


@dataclass(frozen=True)
class Moment:
    """An instant (aware), as a finding's parameter; ``date_only`` shows the day alone."""

    instant: datetime
    date_only: bool = False


@dataclass(frozen=True)
class Phrase:
    """A piece of wording named by a stable key (``hint-tax-code-valid``), worded at the edge."""

    key: str
    params: dict[str, object] = field(default_factory=dict)


def shown_value(value: object) -> str | None:
    """A cell value as the officer would recognise it in a message (None stays None)."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
