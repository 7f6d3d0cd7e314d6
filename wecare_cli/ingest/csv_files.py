"""Reading CSV files: encoding, separator and physical line numbers.

Encoding: a BOM decides (UTF-8, UTF-16); otherwise strict UTF-8, then Windows-1252 (what
Italian Excel writes for "CSV (delimitato dal separatore di elenco)"), never latin-1, which
would silently turn ``€`` into a control character. Separator: ``;``, ``,`` and tab are each
tried on the first lines and the one that yields the expected header wins (``csv.Sniffer``
guesses from character frequencies and is wrong on Italian files full of decimal commas). A
first line ``sep=;`` (written by Excel) is honoured.

Memory: the text is decoded as it is read, from the bytes already in memory (never a second
copy of the whole file, four bytes a character); the fields the file can hold (separators and
line ends counted in the bytes) are checked against the cells a run may read before any row
is; a cell may be as long as the file (as in a workbook), not only csv's default 128 KiB.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

from wecare_cli.findings import Finding, Phrase, Severity
from wecare_cli.ingest.cells import CellValue
from wecare_cli.ingest.files import CellBudget, LoadedFile, MiB, ReadLimits, UnreadableFileError, grouped
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


_CHUNK = 4 * MiB
_FIELD_LIMIT_CAP = 2**31 - 1
"""csv.field_size_limit takes a C long (32 bits on Windows)."""


def encoding_of(loaded: LoadedFile) -> str:
    """The encoding of a CSV file: BOM, then UTF-8, then Windows-1252 (each checked on every byte)."""
    data = loaded.data
    candidates: list[str]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "cp1252"]
    view = memoryview(data)
    for encoding in candidates:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for offset in range(0, len(view), _CHUNK):
                decoder.decode(view[offset : offset + _CHUNK])
            decoder.decode(b"", True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise UnreadableFileError("file-encoding-unknown", loaded.path)


def _text(loaded: LoadedFile, encoding: str) -> io.TextIOWrapper:
    """The file's text, decoded while it is read, with its line ends as written."""
    return io.TextIOWrapper(io.BytesIO(loaded.data), encoding=encoding, newline="")


def _records(
    loaded: LoadedFile, encoding: str, skip_first: bool, delimiter: str
) -> Iterator[tuple[int, list[str]]]:
    """(physical line where the record starts, cells) for every record, blank lines included."""
    text = _text(loaded, encoding)
    first_line = 1
    if skip_first:
        text.readline()
        first_line = 2
    reader = csv.reader(text, delimiter=delimiter)
    consumed = 0
    while True:
        try:
            record = next(reader, None)
        except csv.Error as exc:
            line = first_line + reader.line_num - 1
            raise UnreadableFileError(
                "file-corrupt",
                loaded.path,
                reason=Phrase("reason-csv-line", {"line": line, "detail": str(exc)}),
            ) from None
        if record is None:
            return
        yield first_line + consumed, record
        consumed = reader.line_num


def _separator_hint(loaded: LoadedFile, encoding: str) -> str | None:
    """The separator an Excel ``sep=X`` first line names, if the file starts with one."""
    first = _text(loaded, encoding).readline(64)
    line = first.strip().lstrip("\ufeff")
    if line.lower().startswith("sep=") and len(line) == 5 and first.endswith(("\n", "\r")):
        return line[4]
    return None


def _allow_long_cells(limits: ReadLimits) -> None:
    """A cell as long as the file may be (csv refuses cells over 128 KiB by default)."""
    wanted = min(max(limits.max_file_bytes, 1), _FIELD_LIMIT_CAP)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def _fields(loaded: LoadedFile, encoding: str, delimiters: Sequence[str]) -> tuple[int, int]:
    """(fields the file can hold at most, whichever the separator, lines), counted in the bytes.

    Every record ends at a line end and every field but the last at a separator: quoted ones
    count too, so this is an upper bound, known before a single record is parsed.
    """
    data = loaded.data
    unit = "utf-8"
    if encoding == "utf-16":
        unit = "utf-16-be" if data.startswith(codecs.BOM_UTF16_BE) else "utf-16-le"
    newline, carriage = "\n".encode(unit), "\r".encode(unit)
    ends = data.count(newline) + data.count(carriage) - data.count(carriage + newline) + 1
    separators = max(data.count(delimiter.encode(unit)) for delimiter in delimiters)
    return separators + ends, data.count(newline) + 1


def read_csv_table(
    loaded: LoadedFile,
    spec: TableSpec,
    limits: ReadLimits | None = None,
    budget: CellBudget | None = None,
) -> CsvTable:
    """The table of ``spec`` in a CSV file, or :class:`UnreadableFileError`."""
    limits = limits or ReadLimits()
    budget = budget if budget is not None else CellBudget(limits.max_cells)
    _allow_long_cells(limits)
    encoding = encoding_of(loaded)
    hinted = _separator_hint(loaded, encoding)
    delimiters = (hinted,) if hinted else DELIMITERS
    fields, lines = _fields(loaded, encoding, delimiters)
    budget.check(loaded.path, fields, "csv-too-large", lines=grouped(lines))
    best: tuple[str, HeaderSearch] | None = None
    for delimiter in delimiters:
        first = list(islice(_records(loaded, encoding, hinted is not None, delimiter), HEADER_SEARCH_ROWS))
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
    budget.spend(fields)
    records = _records(loaded, encoding, hinted is not None, delimiter)
    data_rows = ((number, cells) for number, cells in records if number > header.row)
    findings: list[Finding] = []
    if encoding == "cp1252":
        findings.append(Finding("csv-encoding-cp1252", Severity.WARNING, file=loaded.name))
    source = TableSource(path=loaded.path, sheet=None, header=header, rows=data_rows, is_csv=True)
    return CsvTable(source=source, encoding=encoding, delimiter=delimiter, file_findings=findings)


def _score(search: HeaderSearch) -> int:
    if search.best is None:
        return 0
    return sum(1 for column in search.best.columns if column.canonical is not None)
