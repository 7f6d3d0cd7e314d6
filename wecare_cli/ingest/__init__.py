"""Read application workbooks and CSV files into typed rows, every cell problem a finding.

The one entry point is :func:`read_intake`. A file that cannot be read at all raises
:class:`~wecare_cli.errors.InputFileError` (its ``code`` says why, see
the ``error-<code>`` messages of the catalogue); anything wrong *inside* a readable file
is a :class:`~wecare_cli.findings.Finding` (see the ``finding-<code>`` messages)
and never stops the reading.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from operator import is_not
from pathlib import Path
from zoneinfo import ZoneInfo

from wecare_cli.findings import Finding, Phrase, Severity
from wecare_cli.ingest.cells import AmountStyle, amount_text_style
from wecare_cli.ingest.columns import (
    AMOUNT_COLUMNS,
    AmountColumn,
    ColumnReader,
    application_columns,
    partner_columns,
)
from wecare_cli.ingest.csv_files import read_csv_table
from wecare_cli.ingest.files import (
    CELLS_VARIABLE,
    CellBudget,
    LoadedFile,
    ReadLimits,
    UnreadableFileError,
    grouped,
    load_file,
    shown_name,
    shown_path,
)
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
from wecare_cli.memory import collector_paused, return_freed_memory

__all__ = [
    "AmountStyle",
    "ApplicationRow",
    "InputFile",
    "Intake",
    "PartnerRow",
    "Position",
    "Progress",
    "ReadLimits",
    "SubmissionTime",
    "UnreadableFileError",
    "read_intake",
]

Progress = Callable[[int, int, Path], None]
"""Told ``(files done, files in all, file being read)`` before each file is read, and once at the end."""


def read_intake(
    paths: Sequence[Path],
    *,
    partners: Path | None = None,
    zone: ZoneInfo,
    limits: ReadLimits | None = None,
    progress: Progress | None = None,
    amounts: AmountStyle | str = AmountStyle.ITALIAN,
    aliases: Mapping[str, tuple[str, ...]] | None = None,
) -> Intake:
    """Read every application file in order, and the partners file if given.

    ``Intake.applications`` keeps the input order (file order, then row order): every
    non-blank data row is exactly one :class:`ApplicationRow`. Partners come from a sheet
    named ``Partner``/``Partners``/``Partenariato`` of an applications workbook and from
    ``partners`` (CSV or workbook). Times without an offset are in ``zone``. The same file
    (the same content) given twice is read once, with a ``file-given-twice`` note.

    Every file is read within ``limits``; the cells of all of them together count against
    :attr:`ReadLimits.max_cells`. Amounts written as text are read in the convention ``amounts``
    (``it``: ``1.234,56``, ``en``: ``1,234.56``); an amount column written wholly in the other
    one gets an ``amount-column-format`` finding naming the option, each of its cells
    ``amount-format-other``. ``aliases`` gives canonical columns more header texts (the
    ``columns:`` of the configuration). Raises :class:`~wecare_cli.errors.InputFileError` when a
    file cannot be read at all, or when memory runs out while reading it.
    """
    limits = limits or ReadLimits()
    reading = _Reading(zone, limits, AmountStyle(amounts), aliases or {})
    files = [(Path(path), "applications") for path in paths]
    if partners is not None:
        files.append((Path(partners), "partners"))
    # Reading creates millions of small objects and no reference cycles: the cyclic garbage
    # collector would rescan them again and again (it more than doubles the time on 100,000
    # rows), so it is paused while reading and restored afterwards.
    with collector_paused():
        for done, (path, role) in enumerate(files):
            if progress is not None:
                progress(done, len(files), path)
            reading.file(path, role)
        if progress is not None and files:
            progress(len(files), len(files), files[-1][0])
    return_freed_memory()  # what the spreadsheet reader held, now that the rows are built
    return reading.intake


class _Reading:
    """One call of :func:`read_intake`: what was read so far, and what may still be."""

    def __init__(
        self, zone: ZoneInfo, limits: ReadLimits, amounts: AmountStyle, aliases: Mapping[str, tuple[str, ...]]
    ) -> None:
        self.zone = zone
        self.limits = limits
        self.amounts = amounts
        self.applications = APPLICATIONS.with_aliases(aliases)
        self.partners = PARTNERS.with_aliases(aliases)
        self.budget = CellBudget(limits.max_cells)
        self.intake = Intake()
        self.read: dict[tuple[str, str], str] = {}
        """(content hash, role of the table) -> name of the file it was read from."""

    def file(self, path: Path, role: str) -> None:
        try:
            self._file(path, role)
        except MemoryError:
            # The last resort: the limits are meant to refuse such a file before it is read.
            raise UnreadableFileError(
                "file-out-of-memory", path, variable=CELLS_VARIABLE, limit=grouped(self.limits.max_cells)
            ) from None

    def _file(self, path: Path, role: str) -> None:
        loaded = load_file(path, self.limits)
        first = self.read.get((loaded.sha256, role))
        if first is not None:
            self.intake.file_findings.append(
                Finding("file-given-twice", Severity.WARNING, file=loaded.name, params={"first": first})
            )
            return
        applications, partners = self.applications, self.partners
        spec, other = (applications, partners) if role == "applications" else (partners, applications)
        if loaded.kind == "csv":
            table = read_csv_table(loaded, spec, self.limits, self.budget)
            self.intake.file_findings.extend(table.file_findings)
            self._add(table.source, loaded, loaded.kind, False, role, table.encoding, table.delimiter)
            return
        book = WorkbookFile(loaded, self.limits, self.budget)
        self.intake.file_findings.extend(book.file_findings())
        source = book.table(spec, avoid=other)
        assert source is not None
        self._add(source, loaded, book.kind, book.date1904, role)
        if role == "applications":
            partner_source = book.table(self.partners, by_name_only=True)
            if partner_source is not None:
                self._add(partner_source, loaded, book.kind, book.date1904, "partners", optional=True)

    def _add(
        self,
        source: TableSource,
        loaded: LoadedFile,
        kind: str,
        date1904: bool,
        role: str,
        encoding: str | None = None,
        delimiter: str | None = None,
        optional: bool = False,
    ) -> None:
        """``optional``: a partners sheet inside an applications workbook, which may well be empty
        (no-data is not said of it: whether partners are needed is for the rules to say)."""
        intake = self.intake
        spec: TableSpec = source.header.spec
        if spec.name == APPLICATIONS.name:
            columns = application_columns(self.zone, date1904=date1904, amounts=self.amounts)
            built_apps = build_rows(source, columns, ApplicationRow)
            intake.applications.extend(built_apps.rows)
            intake.file_findings.extend(built_apps.file_findings)
            intake.file_findings.extend(_amount_columns_in_other_style(source, columns, built_apps.rows))
            count = len(built_apps.rows)
        else:
            built_partners = build_rows(source, partner_columns(), PartnerRow)
            intake.partners.extend(built_partners.rows)
            intake.file_findings.extend(
                f for f in built_partners.file_findings if not (optional and f.code == "no-data")
            )
            count = len(built_partners.rows)
        self.read.setdefault((loaded.sha256, role), shown_name(loaded.path))
        intake.files.append(
            InputFile(
                path=shown_path(loaded.path),
                sha256=loaded.sha256,
                kind=kind,
                sheet=source.sheet,
                header_row=source.header.row,
                rows=count,
                encoding=encoding,
                delimiter=delimiter,
                role=role,
            )
        )


def _amount_columns_in_other_style(
    source: TableSource, columns: dict[str, ColumnReader], rows: Sequence[ApplicationRow]
) -> list[Finding]:
    """One finding per amount column written wholly in the other convention; its cells' findings
    say so too (``amount-format-other`` instead of ``invalid-amount``). A column that mixes the
    conventions keeps its ``invalid-amount`` findings."""
    findings: list[Finding] = []
    for name in AMOUNT_COLUMNS:
        reader = columns[name]
        column = source.header.canonical.get(name)
        if not isinstance(reader, AmountColumn) or column is None or not reader.wholly_other:
            continue
        other = AmountStyle.ITALIAN if reader.style is AmountStyle.ENGLISH else AmountStyle.ENGLISH
        params: dict[str, object] = {
            "style": Phrase(f"amount-style-{other}"),
            "option": f"--amounts {other}",
        }
        count = 0
        for row in rows:
            if not row.findings:
                continue
            renamed = [
                replace(finding, code="amount-format-other", params=dict(params))
                if finding.code == "invalid-amount"
                and finding.column == column.header
                and finding.value is not None
                and amount_text_style(finding.value) is other
                else finding
                for finding in row.findings
            ]
            changed = sum(map(is_not, renamed, row.findings))
            if changed:
                row.findings = tuple(renamed)
                count += changed
        findings.append(
            Finding(
                "amount-column-format",
                Severity.ERROR,
                file=shown_name(source.path),
                sheet=source.sheet,
                row=source.header.row,
                column=column.header,
                value=reader.example,
                params={**params, "count": count, "example": reader.example},
            )
        )
    return findings
