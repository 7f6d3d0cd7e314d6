"""The building blocks of the configuration: frozen models, and facts that carry their source.

A fact is ``{value, source, note, alternatives}``: a value needs a source, and ``value: null``
(unknown) needs a note saying why. Codes are strict text: YAML reads ``NO`` as false and ``012``
as a number, and a strict ``str`` field refuses both instead of silently turning them into
something else.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictStr,
    field_validator,
    model_validator,
)

from wecare_cli.config.texts import Text
from wecare_cli.errors import ConfigProblem
from wecare_cli.vocabulary import APPLICANT_TYPES, ENTERPRISE_SIZES

T = TypeVar("T")


class Model(BaseModel):
    """Base of every configuration model: unknown keys are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def parse_instant(value: object) -> date | datetime | None:
    """Accept a YAML date or timestamp, or the same written as ISO text."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text) if "T" in text or " " in text else date.fromisoformat(text)
        except ValueError:
            pass
    raise ConfigProblem("not-a-date")


Instant = Annotated[date | datetime | None, PlainValidator(parse_instant)]


def parse_amount(value: object) -> Decimal | None:
    """Accept an integer or decimal number (never a boolean or text)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ConfigProblem("not-a-number")
    amount = Decimal(str(value))
    if amount < 0:
        raise ConfigProblem("negative")
    return amount


Amount = Annotated[Decimal | None, PlainValidator(parse_amount)]


class Alternative(Model):
    """Another source's figure for the same fact, recorded beside the one in force."""

    value: Any = None
    source: StrictStr
    note: Text | None = None


class Fact(Model, Generic[T]):
    """A value with its source. ``value: null`` means unknown and needs a note."""

    value: T | None
    source: StrictStr | None = None
    note: Text | None = None
    """Why the value is unknown, or what to know about it (Italian and English)."""
    alternatives: tuple[Alternative, ...] = ()

    @model_validator(mode="after")
    def _value_needs_source_unknown_needs_note(self) -> Fact[T]:
        if self.value is not None and not self.source:
            raise ConfigProblem("value-needs-source")
        if self.value is None and not self.note:
            raise ConfigProblem("unknown-needs-note")
        return self

    @property
    def known(self) -> bool:
        """Whether the sources give this fact."""
        return self.value is not None


class AmountFact(Fact[Decimal]):
    """An amount in euro with its source."""

    value: Amount


class ShareFact(Fact[Decimal]):
    """A share between 0 and 1 (0.20 = 20%) with its source."""

    value: Amount

    @field_validator("value")
    @classmethod
    def _between_zero_and_one(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and value > 1:
            raise ConfigProblem("share-above-one")
        return value


class TextFact(Fact[str]):
    """A piece of text (an act, a programme code) with its source."""

    value: StrictStr | None


class FlagFact(Fact[bool]):
    """A yes/no rule with its source."""

    value: StrictBool | None


class CountFact(Fact[int]):
    """A whole number with its source."""

    value: Annotated[int, Field(strict=True, ge=0)] | None


def _check_vocabulary(values: tuple[str, ...] | None, allowed: tuple[str, ...]) -> None:
    for item in values or ():
        if item not in allowed:
            raise ConfigProblem("unknown-code", item=item, known=allowed)


class ApplicantTypesFact(Fact[tuple[str, ...]]):
    """The applicant (or partner) types a call admits."""

    value: tuple[StrictStr, ...] | None

    @field_validator("value")
    @classmethod
    def _known_types(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_vocabulary(value, APPLICANT_TYPES)
        return value


class SizesFact(Fact[tuple[str, ...]]):
    """The enterprise sizes a call admits."""

    value: tuple[StrictStr, ...] | None

    @field_validator("value")
    @classmethod
    def _known_sizes(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        _check_vocabulary(value, ENTERPRISE_SIZES)
        return value


class ProvincesFact(Fact[tuple[str, ...]]):
    """Province codes (sigle) with their source."""

    value: tuple[StrictStr, ...] | None
