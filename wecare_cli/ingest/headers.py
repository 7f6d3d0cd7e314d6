"""Finding the header row of a table and matching its columns to the canonical names.

Officers' templates put a title (and a logo, a date...) above the header, write the Italian
header or the canonical name, and vary case, accents, spaces, ``_`` and invisible characters.
The header is the first row, among the first :data:`HEADER_SEARCH_ROWS`, that holds every
required column; matching uses :func:`wecare_cli.vocabulary.normalise_label`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from wecare_cli.findings import Phrase
from wecare_cli.ingest.cells import CellValue
from wecare_cli.ingest.files import UnreadableFileError
from wecare_cli.ingest.model import (
    APPLICATION_COLUMNS,
    PARTNER_COLUMNS,
    REQUIRED_APPLICATION_COLUMNS,
    REQUIRED_PARTNER_COLUMNS,
)
from wecare_cli.vocabulary import normalise_label

HEADER_SEARCH_ROWS = 20
"""The header must be in the first rows of the sheet (title rows above it are normal)."""

SHOWN_HEADERS = 15
"""At most this many headers are listed in an error message."""


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


@dataclass(frozen=True)
class TableSpec:
    """The columns of one kind of table (applications, partners) and how to recognise its sheet."""

    name: str
    columns: Mapping[str, str]
    """Canonical column name -> Italian header."""
    required: tuple[str, ...]
    sheet_names: frozenset[str]
    """Normalised sheet names that hold this table."""
    sheet_label: str
    """The sheet name to suggest in messages."""
    aliases: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Other header texts of canonical columns (``columns:`` of the configuration, validated there)."""

    @cached_property
    def labels(self) -> dict[str, str]:
        """Normalised header -> canonical name (the canonical name, the Italian header, the aliases)."""
        index: dict[str, str] = {}
        for canonical, italian in self.columns.items():
            index[normalise_label(canonical)] = canonical
            index[normalise_label(italian)] = canonical
        for canonical, aliases in self.aliases.items():
            if canonical in self.columns:
                for alias in aliases:
                    index.setdefault(normalise_label(alias), canonical)
        return index

    def with_aliases(self, aliases: Mapping[str, tuple[str, ...]]) -> TableSpec:
        """This table, its columns also recognised by ``aliases`` (canonical -> header texts)."""
        mine = {canonical: texts for canonical, texts in aliases.items() if canonical in self.columns}
        return dataclasses.replace(self, aliases=mine) if mine else self

    @property
    def min_matches(self) -> int:
        """How many known columns make a row look like a header with columns missing."""
        return max(2, (len(self.required) + 1) // 2)

    def describe(self, canonical: str) -> str:
        """``Codice domanda (application_id)``: both names, for messages."""
        return f"{self.columns[canonical]} ({canonical})"

    def holds_sheet(self, sheet: str) -> bool:
        return normalise_label(sheet) in self.sheet_names


APPLICATIONS = TableSpec(
    name="applications",
    columns=APPLICATION_COLUMNS,
    required=REQUIRED_APPLICATION_COLUMNS,
    sheet_names=frozenset({"domande", "applications"}),
    sheet_label="Domande",
)
PARTNERS = TableSpec(
    name="partners",
    columns=PARTNER_COLUMNS,
    required=REQUIRED_PARTNER_COLUMNS,
    sheet_names=frozenset({"partner", "partners", "partenariato"}),
    sheet_label="Partner",
)


@dataclass(frozen=True)
class Column:
    """One non-empty header cell."""

    index: int
    """Index of the column in the row's list of cells."""
    header: str
    """The header as written (surrounding spaces removed)."""
    letter: str
    """Column letter in the sheet (also computed for CSV, where it is the column's place)."""
    canonical: str | None


@dataclass(frozen=True)
class Header:
    """A candidate header row and what it matched."""

    row: int
    """Excel row number (or CSV line)."""
    columns: tuple[Column, ...]
    width: int
    """Number of cells of the header row (CSV: to spot lines with extra cells)."""
    spec: TableSpec
    duplicates: tuple[tuple[Column, Column], ...] = field(default=())

    @cached_property
    def canonical(self) -> dict[str, Column]:
        """Canonical name -> its column (the first one when duplicated)."""
        found: dict[str, Column] = {}
        for column in self.columns:
            if column.canonical is not None and column.canonical not in found:
                found[column.canonical] = column
        return found

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in self.spec.required if name not in self.canonical)

    @property
    def complete(self) -> bool:
        return not self.missing

    def shown(self) -> Phrase:
        """The headers found, for a message: the first :data:`SHOWN_HEADERS` and how many more."""
        return shown_headers([column.header for column in self.columns])


def match_header(cells: Sequence[CellValue], row: int, first_column: int, spec: TableSpec) -> Header:
    """Read one row as a header: every non-empty text cell, matched to a canonical name if possible."""
    labels = spec.labels
    columns: list[Column] = []
    seen: dict[str, Column] = {}
    duplicates: list[tuple[Column, Column]] = []
    for index, cell in enumerate(cells):
        if cell is None or cell == "":
            continue
        text = cell if isinstance(cell, str) else str(cell)
        written = " ".join(text.split())
        if not written:
            continue
        canonical = labels.get(normalise_label(text))
        column = Column(index, written, column_letter(first_column + index), canonical)
        columns.append(column)
        if canonical is not None:
            if canonical in seen:
                duplicates.append((seen[canonical], column))
            else:
                seen[canonical] = column
    return Header(row=row, columns=tuple(columns), width=len(cells), spec=spec, duplicates=tuple(duplicates))


@dataclass(frozen=True)
class HeaderSearch:
    """The outcome of looking for a header in the first rows of a sheet."""

    found: Header | None
    best: Header | None
    """The row that matched most known columns (for the error message), if any did."""
    first_filled_row: Header | None

    @property
    def near_miss(self) -> bool:
        """A header was clearly meant but columns are missing."""
        return (
            self.found is None
            and self.best is not None
            and sum(1 for c in self.best.columns if c.canonical) >= self.best.spec.min_matches
        )


def find_header(
    rows: Sequence[tuple[int, Sequence[CellValue]]], first_column: int, spec: TableSpec
) -> HeaderSearch:
    """The first row among ``rows`` holding every required column of ``spec``."""
    best: Header | None = None
    best_score = 0
    first_filled: Header | None = None
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        header = match_header(cells, number, first_column, spec)
        if not header.columns:
            continue
        if first_filled is None:
            first_filled = header
        if header.complete:
            return HeaderSearch(found=header, best=header, first_filled_row=first_filled)
        score = sum(1 for column in header.columns if column.canonical is not None)
        if score > best_score:
            best, best_score = header, score
    return HeaderSearch(found=None, best=best, first_filled_row=first_filled)


def shown_headers(headers: Sequence[str]) -> Phrase:
    """Headers for a message: the first :data:`SHOWN_HEADERS`, in «», and how many more."""
    if not headers:
        return Phrase("headers-none")
    listed = ", ".join(f"«{header}»" for header in headers[:SHOWN_HEADERS])
    more = len(headers) - SHOWN_HEADERS
    return (
        Phrase("headers-listed-more", {"listed": listed, "more": more})
        if more > 0
        else Phrase("headers-listed", {"listed": listed})
    )


def where(sheet: str | None) -> Phrase:
    """Where a table is, for a message: a sheet, or the CSV file."""
    return Phrase("where-sheet", {"sheet": sheet}) if sheet is not None else Phrase("where-csv")


def where_of(sheet: str | None) -> Phrase:
    """The same, after "rows": ``of sheet «Domande»``, ``del file CSV`` (Italian joins the article)."""
    return Phrase("where-of-sheet", {"sheet": sheet}) if sheet is not None else Phrase("where-of-csv")


def check_duplicates(path: Path, sheet: str | None, header: Header) -> None:
    """Raise ``duplicate-column`` when two columns of the header mean the same canonical column."""
    if header.duplicates:
        first, second = header.duplicates[0]
        raise UnreadableFileError(
            "duplicate-column",
            path,
            where=where(sheet),
            first=f"{first.letter} «{first.header}»",
            second=f"{second.letter} «{second.header}»",
            column=header.spec.describe(first.canonical or ""),
        )


def header_error(path: Path, sheet: str | None, search: HeaderSearch, spec: TableSpec) -> UnreadableFileError:
    """``column-missing`` when a header was clearly meant, else ``header-not-found``."""
    if search.near_miss and search.best is not None:
        best = search.best
        return UnreadableFileError(
            "column-missing",
            path,
            where=where(sheet),
            header_row=best.row,
            missing=", ".join(spec.describe(name) for name in best.missing),
            found=best.shown(),
        )
    shown = search.best or search.first_filled_row
    return UnreadableFileError(
        "header-not-found",
        path,
        where=where_of(sheet),
        rows=HEADER_SEARCH_ROWS,
        missing=", ".join(spec.describe(name) for name in (shown.missing if shown else spec.required)),
        found_row=shown.row if shown else "-",
        found=shown.shown() if shown else Phrase("headers-none"),
    )
