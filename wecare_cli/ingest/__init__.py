"""Read application workbooks and CSV files into typed rows, every cell problem a finding.

The one entry point is :func:`read_intake`. A file that cannot be read at all raises
:class:`~wecare_cli.errors.InputFileError` (its ``code`` says why, see
:data:`wecare_cli.ingest.codes.FILE_ERROR_MESSAGES`); anything wrong *inside* a readable file
is a :class:`~wecare_cli.findings.Finding` (see :data:`wecare_cli.ingest.codes.INGEST_MESSAGES`)
and never stops the reading.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from wecare_cli.ingest.columns import application_columns, partner_columns
from wecare_cli.ingest.csv_files import read_csv_table
from wecare_cli.ingest.files import ReadLimits, UnreadableFileError, load_file
from wecare_cli.ingest.headers import APPLICATIONS, PARTNERS, TableSpec
from wecare_cli.ingest.model import (
    ApplicationRow,
    InputFile,
    Intake,
    PartnerRow,
    Position,
    SubmissionTime,
)
from wecare_cli.ingest.rows import TableSource, build_rows
from wecare_cli.ingest.workbook import WorkbookFile

__all__ = [
    "ApplicationRow",
    "InputFile",
    "Intake",
    "PartnerRow",
    "Position",
    "ReadLimits",
    "SubmissionTime",
    "UnreadableFileError",
    "read_intake",
]


def read_intake(
    paths: Sequence[Path],
    *,
    partners: Path | None = None,
    zone: ZoneInfo,
    limits: ReadLimits | None = None,
) -> Intake:
    """Read every application file in order, and the partners file if given.

    ``Intake.applications`` keeps the input order (file order, then row order): every
    non-blank data row is exactly one :class:`ApplicationRow`. Partners come from a sheet
    named ``Partner``/``Partners``/``Partenariato`` of an applications workbook and from
    ``partners`` (CSV or workbook). Times without an offset are in ``zone``.

    Raises :class:`~wecare_cli.errors.InputFileError` when a file cannot be read at all.
    """
    limits = limits or ReadLimits()
    intake = Intake()
    # Reading creates millions of small objects and no reference cycles: the cyclic garbage
    # collector would rescan them again and again (it more than doubles the time on 100,000
    # rows), so it is paused while reading and restored afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        for path in paths:
            _read_file(Path(path), intake, zone, limits, role="applications")
        if partners is not None:
            _read_file(Path(partners), intake, zone, limits, role="partners")
    finally:
        if collecting:
            gc.enable()
    return intake


def _read_file(path: Path, intake: Intake, zone: ZoneInfo, limits: ReadLimits, *, role: str) -> None:
    loaded = load_file(path, limits)
    spec, other = (APPLICATIONS, PARTNERS) if role == "applications" else (PARTNERS, APPLICATIONS)
    if loaded.kind == "csv":
        table = read_csv_table(loaded, spec)
        intake.file_findings.extend(table.file_findings)
        _add_table(
            intake,
            table.source,
            path,
            loaded.sha256,
            loaded.kind,
            zone,
            False,
            role,
            table.encoding,
            table.delimiter,
        )
        return
    book = WorkbookFile(loaded, limits)
    intake.file_findings.extend(book.file_findings())
    source = book.table(spec, avoid=other)
    assert source is not None
    _add_table(intake, source, path, loaded.sha256, loaded.kind, zone, book.date1904, role)
    if role == "applications":
        partner_source = book.table(PARTNERS, by_name_only=True)
        if partner_source is not None:
            _add_table(
                intake, partner_source, path, loaded.sha256, loaded.kind, zone, book.date1904, "partners"
            )


def _add_table(
    intake: Intake,
    source: TableSource,
    path: Path,
    sha256: str,
    kind: str,
    zone: ZoneInfo,
    date1904: bool,
    role: str,
    encoding: str | None = None,
    delimiter: str | None = None,
) -> None:
    spec: TableSpec = source.header.spec
    if spec is APPLICATIONS:
        built_apps = build_rows(source, application_columns(zone, date1904=date1904), ApplicationRow)
        intake.applications.extend(built_apps.rows)
        intake.file_findings.extend(built_apps.file_findings)
        count = len(built_apps.rows)
    else:
        built_partners = build_rows(source, partner_columns(), PartnerRow)
        intake.partners.extend(built_partners.rows)
        intake.file_findings.extend(built_partners.file_findings)
        count = len(built_partners.rows)
    intake.files.append(
        InputFile(
            path=str(path),
            sha256=sha256,
            kind=kind,
            sheet=source.sheet,
            header_row=source.header.row,
            rows=count,
            encoding=encoding,
            delimiter=delimiter,
            role=role,
        )
    )
