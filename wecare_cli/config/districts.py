"""The districts of districts.csv: the Distretti della Coesione Sociale, one row each."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictBool, StrictStr, model_validator

from wecare_cli.config.facts import Model
from wecare_cli.config.texts import Text
from wecare_cli.errors import ConfigProblem


class District(Model):
    """One Distretto della Coesione Sociale (a row of districts.csv)."""

    code: StrictStr
    name: StrictStr
    provinces: tuple[StrictStr, ...]
    quadrant: StrictStr | None
    lead_body: StrictStr | None
    lead_body_status: Literal["confirmed", "partial", "unverified"]
    seat: StrictStr | None
    population: Annotated[int, Field(ge=0)] | None
    verified: StrictBool
    source: StrictStr | None
    note: Text | None

    @model_validator(mode="after")
    def _verified_needs_source(self) -> District:
        if self.verified and not self.source:
            raise ConfigProblem("verified-needs-source")
        return self
