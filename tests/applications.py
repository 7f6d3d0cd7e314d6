"""Applications built in code, so each rule and ranking test says exactly what it changes."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from stdnum import luhn

from wecare_cli.config import Configuration, load_configuration
from wecare_cli.evaluation import check_intake
from wecare_cli.ingest.model import (
    APPLICATION_COLUMNS,
    PARTNER_COLUMNS,
    ApplicationRow,
    Intake,
    PartnerRow,
    Position,
    SubmissionTime,
)
from wecare_cli.verdicts import CheckResult, Verdict

ROME = ZoneInfo("Europe/Rome")
CHECK_TIME = datetime(2026, 11, 22, 9, 0, tzinfo=ROME)
FILE = "domande.xlsx"
SHEET = "Domande"


def at(text: str) -> SubmissionTime:
    """A submission time written as ISO text, in Rome time."""
    if "T" in text:
        return SubmissionTime(datetime.fromisoformat(text).replace(tzinfo=ROME), date_only=False)
    return SubmissionTime(datetime.fromisoformat(text + "T00:00").replace(tzinfo=ROME), date_only=True)


FSE3_ON_TIME: dict[str, Any] = {
    "measure": "FSE3",
    "line": "attivazione",
    "applicant_name": "Tessiture Biellesi srl",
    "applicant_tax_code": "00743110157",
    "applicant_type": "impresa",
    "enterprise_size": "piccola",
    "requested_amount": Decimal("80000.00"),
    "total_cost": Decimal("100000.00"),
    "submitted_at": at("2020-02-20T11:00"),
}


def partita_iva(number: int) -> str:
    """A formally valid partita IVA (Torino office code), different for each number."""
    base = f"{number + 1000:07d}001"
    return base + luhn.calc_check_digit(base)


def make_application(row: int = 4, **fields: Any) -> ApplicationRow:
    """An FSE3 'attivazione' application that passes every rule, with ``fields`` changed."""
    values = {"application_id": f"W-{row}", **FSE3_ON_TIME, **fields}
    headers = {name: APPLICATION_COLUMNS[name] for name in APPLICATION_COLUMNS}
    return ApplicationRow(
        position=Position(file=FILE, sheet=SHEET, row=row),
        headers=headers,
        letters={},
        **values,
    )


def make_partner(application_id: str, row: int = 2, **fields: Any) -> PartnerRow:
    """A third-sector partner seated in Torino, with ``fields`` changed."""
    values = {
        "application_id": application_id,
        "partner_name": "Cooperativa Il Ponte",
        "partner_tax_code": "01622460036",
        "partner_type": "ets",
        "partner_province": "TO",
        **fields,
    }
    return PartnerRow(
        position=Position(file=FILE, sheet="Partner", row=row),
        headers=dict(PARTNER_COLUMNS),
        letters={},
        **values,
    )


@pytest.fixture(scope="session")
def configuration() -> Configuration:
    """The shipped configuration."""
    return load_configuration(environ={})


def run(
    configuration: Configuration,
    applications: list[ApplicationRow],
    partners: list[PartnerRow] | None = None,
) -> CheckResult:
    """Check applications already built in code."""
    intake = Intake(applications=applications, partners=partners or [])
    return check_intake(intake, configuration, CHECK_TIME)


def codes(verdict: Verdict) -> list[tuple[str, str | None, int | None]]:
    """(code, column, row) of each finding, in order."""
    return [(f.code, f.column, f.row) for f in verdict.findings]
