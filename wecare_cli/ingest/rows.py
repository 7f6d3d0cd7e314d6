"""From the rows of a table (workbook sheet or CSV) to typed rows with their findings.

Every non-blank row after the header becomes exactly one row object, whatever its cells
hold; fully blank rows are skipped, but blank rows followed by more data are reported
(``blank-gap``) and nothing after a gap is lost.

Rows are converted in batches, a column at a time (see :mod:`wecare_cli.ingest.columns`):
a column reader is chosen once per column and sees all the batch's cells of that column.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat, zip_longest
from operator import is_, itemgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from wecare_cli.findings import Finding, Severity, shown_value
from wecare_cli.ingest.cells import CellIssue, CellValue, is_blank
from wecare_cli.ingest.columns import ColumnReader
from wecare_cli.ingest.files import shown_name
from wecare_cli.ingest.headers import Header, column_letter
from wecare_cli.ingest.model import NO_EXTRA, ApplicationRow, PartnerRow, Position

BATCH_ROWS = 4096
"""Rows converted together; bounds the memory of the raw cells held at once."""


@dataclass
class TableSource:
    """A table as read from a file: its header and the rows after it."""

    path: Path
    sheet: str | None
    header: Header
    rows: Iterator[tuple[int, Sequence[CellValue]]]
    """(Excel row number or CSV line, cells) for every row after the header, blank ones included."""
    first_column: int = 0
    """Sheet column index of ``cells[0]``."""
    hidden_rows: frozenset[int] = frozenset()
    cell_marks: Mapping[tuple[int, int], CellIssue] = field(default_factory=dict)
    """(row, index in cells) -> a problem the cell value does not show (formula errors...)."""
    merged: Sequence[tuple[int, int, int, int]] = ()
    """Merged ranges: (first row, first sheet column index, last row, last sheet column index)."""
    is_csv: bool = False


R = TypeVar("R", ApplicationRow, PartnerRow)


@dataclass
class BuiltTable(Generic[R]):
    """The rows of one table and the findings about the table as a whole."""

    rows: list[R]
    file_findings: list[Finding]


def _is_blank_row(cells: Sequence[CellValue]) -> bool:
    for cell in cells:
        if cell == "" or cell is None:
            continue
        if type(cell) is not str or (cell.isascii() and cell.strip()) or not is_blank(cell):
            return False
    return True


_FIXED_FIELDS = ("position", "headers", "letters")
_TRAILING_FIELDS = ("extra", "findings", "unreadable")


class _TableBuilder(Generic[R]):
    """Converts the rows of one table, batch by batch."""

    def __init__(
        self, source: TableSource, columns: Mapping[str, ColumnReader], factory: Callable[..., R]
    ) -> None:
        self.source = source
        self.factory: Callable[..., R] = factory
        header = source.header
        self.file = shown_name(source.path)
        self.sheet = source.sheet
        self.header = header
        canonical = header.canonical
        self.headers = {name: column.header for name, column in canonical.items()}
        self.letters: dict[str, str] = (
            {} if source.is_csv else {name: column.letter for name, column in canonical.items()}
        )
        required = set(header.spec.required)
        # (field, index in cells, header as written, column reader, required) per canonical column
        self.plan = [
            (name, column.index, column.header, columns[name], name in required)
            for name, column in canonical.items()
        ]
        names = [f.name for f in dataclasses.fields(factory)]  # type: ignore[arg-type]
        self.value_fields = [n for n in names if n not in _FIXED_FIELDS and n not in _TRAILING_FIELDS]
        # Non-canonical columns are kept in ``extra`` under their header; a second column with
        # the same header (or a canonical one repeated) under "header (letter)".
        self.extra_columns: list[tuple[int, str]] = []
        used: set[str] = set()
        for column in header.columns:
            if column.canonical is not None and canonical.get(column.canonical) is column:
                continue
            key = column.header if column.header not in used else f"{column.header} ({column.letter})"
            used.add(key)
            self.extra_columns.append((column.index, key))
        self.named_indices = {column.index for column in header.columns}
        self.contiguous = self.named_indices == set(range(len(self.named_indices)))
        self.by_index = {column.index: column for column in header.columns}
        # The marks of each row, grouped once: looking them up per marked row stays linear.
        self.marks_by_row: dict[int, list[tuple[int, CellIssue]]] = {}
        for (row, index), issue in source.cell_marks.items():
            self.marks_by_row.setdefault(row, []).append((index, issue))
        self.marked_rows = self.marks_by_row.keys()
        self.unreadable_sets: dict[frozenset[str], frozenset[str]] = {}
        """Each set of unreadable columns once: a column of formula errors makes the same set per row."""

    def cell_finding(self, issue: CellIssue, row: int, column: str | None, raw: CellValue) -> Finding:
        return Finding(
            issue.code,
            issue.severity,
            self.file,
            self.sheet,
            row,
            column,
            issue.shown if issue.shown is not None else shown_value(raw),
            issue.params,  # read-only: shared by the findings of every cell with this issue
        )

    def convert(self, batch: list[tuple[int, Sequence[CellValue]]]) -> list[R]:
        numbers = [number for number, _ in batch]
        count = len(batch)
        columns = list(zip_longest(*(cells for _, cells in batch), fillvalue=None)) if batch else []
        width = len(columns)
        findings: dict[int, list[Finding]] = {}
        unreadable: dict[int, set[str]] = {}
        marks = self.source.cell_marks
        marked = (
            [i for i, number in enumerate(numbers) if number in self.marked_rows] if self.marked_rows else []
        )
        # The batch's marked cells by column: each column visits only its own marks.
        marked_in: dict[int, list[int]] = {}
        for i in marked:
            for index, _ in self.marks_by_row[numbers[i]]:
                marked_in.setdefault(index, []).append(i)

        values_by_field: dict[str, Sequence[Any]] = {}
        for name, index, written, reader, required in self.plan:
            cells: Sequence[CellValue] = columns[index] if index < width else tuple(repeat(None, count))
            values, issues = reader(cells)
            for i in marked_in.get(index, ()):
                values[i] = None
                issues.pop(i, None)
            for i, issue in issues.items():
                findings.setdefault(i, []).append(self.cell_finding(issue, numbers[i], written, cells[i]))
                if values[i] is None and issue.severity is Severity.ERROR:
                    unreadable.setdefault(i, set()).add(name)
            if required and any(map(is_, values, repeat(None))):
                for i, value in enumerate(values):
                    if value is None and i not in issues and (numbers[i], index) not in marks:
                        findings.setdefault(i, []).append(
                            Finding(
                                "missing-value",
                                Severity.ERROR,
                                self.file,
                                self.sheet,
                                numbers[i],
                                written,
                                None,
                            )
                        )
            values_by_field[name] = values

        for i in marked:
            row = numbers[i]
            for index, issue in self.marks_by_row[row]:
                column = self.by_index.get(index)
                written = (
                    column.header if column is not None else column_letter(self.source.first_column + index)
                )
                findings.setdefault(i, []).append(self.cell_finding(issue, row, written, None))
                if column is not None and column.canonical is not None:
                    unreadable.setdefault(i, set()).add(column.canonical)

        extras = self._extras(batch)
        if self.source.is_csv:
            self._surplus_cells(batch, findings)
        hidden = self.source.hidden_rows
        if hidden:
            for i, number in enumerate(numbers):
                if number in hidden:
                    findings.setdefault(i, []).append(
                        Finding(
                            "hidden-row",
                            Severity.WARNING,
                            self.file,
                            self.sheet,
                            number,
                            None,
                            None,
                            {"row": number},
                        )
                    )

        positions = list(map(Position, repeat(self.file, count), repeat(self.sheet, count), numbers))
        ordered: list[Iterable[Any]] = [
            values_by_field.get(name, repeat(None, count)) for name in self.value_fields
        ]
        # Rows without extra cells or findings share one empty mapping and the empty tuple.
        extra_dicts: list[Mapping[str, Any]] = [NO_EXTRA] * count
        for i, extra in extras.items():
            extra_dicts[i] = extra
        finding_lists: list[Sequence[Finding]] = [()] * count
        for i, found in findings.items():
            finding_lists[i] = tuple(found)
        unreadable_sets: list[frozenset[str]] = [frozenset()] * count
        shared = self.unreadable_sets
        for i, names in unreadable.items():
            unread = frozenset(names)
            unreadable_sets[i] = shared.setdefault(unread, unread)
        return list(
            map(
                self.factory,
                positions,
                repeat(self.headers, count),
                repeat(self.letters, count),
                *ordered,
                extra_dicts,
                finding_lists,
                unreadable_sets,
            )
        )

    def _extras(self, batch: list[tuple[int, Sequence[CellValue]]]) -> dict[int, dict[str, Any]]:
        extras: dict[int, dict[str, Any]] = {}
        widest = max(map(len, map(itemgetter(1), batch)), default=0)
        if not self.extra_columns and self.contiguous and widest <= len(self.named_indices):
            return extras  # every cell of every row is under a canonical header
        extra_columns = self.extra_columns
        named = self.named_indices
        is_csv = self.source.is_csv
        width = self.header.width
        for i, (_, cells) in enumerate(batch):
            count = len(cells)
            for index, key in extra_columns:
                if index < count and not is_blank(cells[index]):
                    extras.setdefault(i, {})[key] = cells[index]
            if len(named) < count:
                for index in range(count):
                    if index in named or (is_csv and index >= width):
                        continue
                    if not is_blank(cells[index]):
                        extras.setdefault(i, {})[column_letter(self.source.first_column + index)] = cells[
                            index
                        ]
        return extras

    def _surplus_cells(
        self, batch: list[tuple[int, Sequence[CellValue]]], findings: dict[int, list[Finding]]
    ) -> None:
        width = self.header.width
        for i, (number, cells) in enumerate(batch):
            if len(cells) <= width:
                continue
            surplus = [str(cell) for cell in cells[width:] if not is_blank(cell)]
            if surplus:
                findings.setdefault(i, []).append(
                    Finding(
                        "extra-cells",
                        Severity.WARNING,
                        self.file,
                        self.sheet,
                        number,
                        None,
                        "; ".join(surplus),
                        {"count": len(surplus)},
                    )
                )


def build_rows(
    source: TableSource,
    columns: Mapping[str, ColumnReader],
    factory: Callable[..., R],
) -> BuiltTable[R]:
    """Convert every non-blank row of ``source``; ``factory`` (ApplicationRow, PartnerRow) makes each row."""
    builder = _TableBuilder(source, columns, factory)
    rows: list[R] = []
    findings: list[Finding] = []
    blank_run: list[int] = []
    last_row: int | None = None
    batch: list[tuple[int, Sequence[CellValue]]] = []
    for item in source.rows:
        number, cells = item
        if _is_blank_row(cells):
            blank_run.append(number)
            continue
        if blank_run:
            findings.append(
                Finding(
                    "blank-gap",
                    Severity.WARNING,
                    file=builder.file,
                    sheet=source.sheet,
                    row=blank_run[0],
                    params={"first": blank_run[0], "last": blank_run[-1], "next": number},
                )
            )
            blank_run = []
        last_row = number
        batch.append(item)
        if len(batch) >= BATCH_ROWS:
            rows.extend(builder.convert(batch))
            batch = []
    if batch:
        rows.extend(builder.convert(batch))
    findings.extend(_merged_findings(source, last_row))
    if not rows:
        findings.append(
            Finding(
                "no-data",
                Severity.ERROR,
                file=builder.file,
                sheet=source.sheet,
                row=source.header.row,
                params={"header_row": source.header.row},
            )
        )
    return BuiltTable(rows=rows, file_findings=findings)


def _merged_findings(source: TableSource, last_row: int | None) -> list[Finding]:
    """One error per merged range that reaches into the data rows (titles above are fine)."""
    if last_row is None or not source.merged:
        return []
    header = source.header
    by_index = {column.index: column.header for column in header.columns}
    findings = []
    for first_row, first_col, last_merged_row, last_col in sorted(source.merged):
        if last_merged_row <= header.row or first_row > last_row:
            continue
        top_left = f"{column_letter(first_col)}{first_row}"
        cell_range = f"{top_left}:{column_letter(last_col)}{last_merged_row}"
        findings.append(
            Finding(
                "merged-cells",
                Severity.ERROR,
                file=shown_name(source.path),
                sheet=source.sheet,
                row=first_row,
                column=by_index.get(first_col - source.first_column, column_letter(first_col)),
                value=cell_range,
                params={"range": cell_range, "cell": top_left},
            )
        )
    return findings
