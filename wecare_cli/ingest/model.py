"""What reading an application file produces: typed rows, each with its position, and findings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from wecare_cli.findings import Finding
from wecare_cli.vocabulary import APPLICATION_COLUMNS as APPLICATION_COLUMNS
from wecare_cli.vocabulary import PARTNER_COLUMNS as PARTNER_COLUMNS
from wecare_cli.vocabulary import REQUIRED_APPLICATION_COLUMNS as REQUIRED_APPLICATION_COLUMNS
from wecare_cli.vocabulary import REQUIRED_PARTNER_COLUMNS as REQUIRED_PARTNER_COLUMNS

NO_EXTRA: Mapping[str, Any] = {}
"""The ``extra`` of every row without cells outside the canonical columns: one object shared by
them all, never changed (a row's ``extra`` is read-only), so that an intake of many rows does not
hold an empty dictionary per row."""


@dataclass(frozen=True, slots=True)
class Position:
    """Where a record sits, in the officer's coordinates."""

    file: str
    """File name as given on the command line (not the absolute path)."""
    sheet: str | None
    """Sheet name for workbooks; None for CSV."""
    row: int
    """Excel row number (1-based, header and title rows counted); CSV: the physical line number."""


@dataclass(frozen=True, slots=True)
class SubmissionTime:
    """When an application was submitted, as an aware instant in Europe/Rome."""

    instant: datetime
    date_only: bool
    """True when the cell held a date without a time: it then counts as that whole day."""


@dataclass(slots=True)
class ApplicationRow:
    """One data row of an applications sheet, converted cell by cell.

    A field is None when its cell is empty, its column is absent, or its value could not be
    read; in the last case a finding explains why and the field name is in ``unreadable``.
    """

    position: Position
    headers: dict[str, str]
    """Canonical column name -> header as written in the file (only columns present)."""
    letters: dict[str, str]
    """Canonical column name -> column letter (A, B, ...); empty for CSV."""
    application_id: str | None = None
    measure: str | None = None
    line: str | None = None
    applicant_name: str | None = None
    applicant_tax_code: str | None = None
    applicant_type: str | None = None
    enterprise_size: str | None = None
    non_profit: bool | None = None
    district: str | None = None
    seat_province: str | None = None
    requested_amount: Decimal | None = None
    total_cost: Decimal | None = None
    submitted_at: SubmissionTime | None = None
    phase: str | None = None
    score: Decimal | None = None
    cup: str | None = None
    pec: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA)
    """Columns that are not canonical: header as written -> raw cell value (kept for reports)."""
    findings: Sequence[Finding] = ()
    """Findings about the cells of this row (format problems, missing values...), a tuple."""
    unreadable: frozenset[str] = frozenset()
    """Canonical names of fields whose cell held a value that could not be read."""


@dataclass(slots=True)
class PartnerRow:
    """One row of a partners sheet (or partners CSV)."""

    position: Position
    headers: dict[str, str]
    letters: dict[str, str]
    application_id: str | None = None
    partner_name: str | None = None
    partner_tax_code: str | None = None
    partner_type: str | None = None
    partner_province: str | None = None
    extra: Mapping[str, Any] = field(default_factory=lambda: NO_EXTRA)
    """Columns that are not canonical: header as written -> raw cell value."""
    findings: Sequence[Finding] = ()
    unreadable: frozenset[str] = frozenset()


@dataclass(frozen=True)
class InputFile:
    """An input file as read: what it was, its hash and where the data was found."""

    path: str
    sha256: str
    kind: str
    """``xlsx``, ``xlsm``, ``xlsb``, ``xls``, ``ods`` or ``csv``."""
    sheet: str | None
    header_row: int
    rows: int
    """Data rows read (every one is in ``Intake.applications`` or ``Intake.partners``)."""
    encoding: str | None = None
    delimiter: str | None = None
    role: str = "applications"
    """``applications`` or ``partners``."""


@dataclass
class Intake:
    """Everything read from the input files, in input order."""

    applications: list[ApplicationRow] = field(default_factory=list)
    partners: list[PartnerRow] = field(default_factory=list)
    file_findings: list[Finding] = field(default_factory=list)
    """Findings about a file or sheet as a whole (hidden sheets, blank gaps, encoding...)."""
    files: list[InputFile] = field(default_factory=list)
