"""Reading CSV files: encoding, separator and physical line numbers.

Encoding: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then Windows-1252 (what
Italian Excel writes for "CSV (delimitato dal separatore di elenco)"), never latin-1, which
would silently turn ``€`` into a control character. Separator: ``;``, ``,`` and tab are each
tried on the first lines and the one that yields the expected header wins (``csv.Sniffer``
guesses from character frequencies and is wrong on Italian files full of decimal commas). A
first line ``sep=;`` (written by Excel) is honoured.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest.cells import CellValue
from wecare_cli.ingest.files import LoadedFile, UnreadableFileError
from wecare_cli.ingest.headers import (
    HEADER_SEARCH_ROWS,
    HeaderSearch,
    TableSpec,
    check_duplicates,
    find_header,
    header_error,
)
from wecare_cli.ingest.rows import TableSource

DELIMITERS: tuple[str, ...] = (";", ",", "\t")


@dataclass(frozen=True)
class CsvTable:
    """A CSV file as a table, with how it was decoded."""

    source: TableSource
    encoding: str
    delimiter: str
    file_findings: list[Finding]


def decode(loaded: LoadedFile) -> tuple[str, str]:
    """The text of a CSV file and the encoding used: BOM, then UTF-8, then Windows-1252."""
    data = loaded.data
    candidates: list[str]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise UnreadableFileError("file-encoding-unknown", loaded.path)


def _records(
    text: str, delimiter: str, first_line: int, loaded: LoadedFile
) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells) for every record, blank lines included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    consumed = 0
    while True:
        try:
            record = next(reader, None)
        except csv.Error as exc:
            line = first_line + reader.line_num - 1
            raise UnreadableFileError("file-corrupt", loaded.path, reason=f"line {line}: {exc}") from None
        if record is None:
            return
        yield first_line + consumed, record
        consumed = reader.line_num


def _separator_hint(text: str) -> tuple[str | None, str, int]:
    """An Excel ``sep=X`` first line: (X, the text after it, the line the text starts on)."""
    first, newline, rest = text.partition("\n")
    line = first.strip().lstrip("\ufeff")
    if line.lower().startswith("sep=") and len(line) == 5 and newline:
        return line[4], rest, 2
    return None, text, 1


def read_csv_table(loaded: LoadedFile, spec: TableSpec) -> CsvTable:
    """The table of ``spec`` in a CSV file, or :class:`UnreadableFileError`."""
    text, encoding = decode(loaded)
    text = text.removeprefix("\ufeff")
    hinted, body, first_line = _separator_hint(text)
    delimiters = (hinted,) if hinted else DELIMITERS
    best: tuple[str, HeaderSearch] | None = None
    for delimiter in delimiters:
        first = list(islice(_records(body, delimiter, first_line, loaded), HEADER_SEARCH_ROWS))
        rows: list[tuple[int, Sequence[CellValue]]] = list(first)
        search = find_header(rows, 0, spec)
        if search.found is not None:
            best = (delimiter, search)
            break
        if best is None or _score(search) > _score(best[1]):
            best = (delimiter, search)
    assert best is not None
    delimiter, search = best
    header = search.found
    if header is None:
        raise header_error(loaded.path, None, search, spec)
    check_duplicates(loaded.path, None, header)
    records = _records(body, delimiter, first_line, loaded)
    data_rows = ((number, cells) for number, cells in records if number > header.row)
    findings: list[Finding] = []
    if encoding == "cp1252":
        findings.append(Finding("csv-encoding-cp1252", Severity.WARNING, file=loaded.path.name))
    source = TableSource(path=loaded.path, sheet=None, header=header, rows=data_rows, is_csv=True)
    return CsvTable(source=source, encoding=encoding, delimiter=delimiter, file_findings=findings)


def _score(search: HeaderSearch) -> int:
    if search.best is None:
        return 0
    return sum(1 for column in search.best.columns if column.canonical is not None)
