"""The files of `wecare publish`: the transparency open data and the EU list of operations.

``DIR/trasparenza.csv``, ``.xlsx`` and ``.json`` list every grant with the fields of D.Lgs.
33/2013, art. 27 c.1 (beneficiary and fiscal data, amount, legal basis, office and responsible
official, selection method, link to the project); grants of the threshold or less per beneficiary
in the calendar year (``strategy.publication.threshold_eur`` of measures.yaml) are listed apart
(``trasparenza-sotto-soglia.csv``, a sheet of the workbook, a list of the JSON).
``DIR/elenco-operazioni.csv`` and ``.xlsx`` list every grant with the fields of Annex XII of Reg.
(UE) 1303/2013, with headers in Italian and English.

A natural person's tax code is never written (nor a natural person's name in the list of
operations). Files are written one by one, each atomically, and only over files wecare wrote
there itself: the folder's manifest ``.wecare-publish.json`` holds the SHA-256 of each. The
same ranking with the same ``--as-of`` gives the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC
from decimal import Decimal
from pathlib import Path
from typing import Any

from wecare_cli import __version__
from wecare_cli.errors import OutputError
from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.publication import (
    OPERATION_FIELDS,
    TRANSPARENCY_FIELDS,
    Field,
    Grant,
    Publication,
    without_personal_tax_codes,
)
from wecare_cli.reports.atomic import OutputReservation, ReportKind
from wecare_cli.reports.machine import BYTE_ORDER_MARK, CsvDialect, csv_cell, json_number
from wecare_cli.reports.workbook import Column, Kind, SheetWriter, TitleLine, TitleStyle, new_workbook

TITLE_LINE_WIDTH = 120
"""Characters of a line of a title block before it is broken (it must fit the printed page)."""
MANIFEST = ".wecare-publish.json"
"""The manifest of a publication folder: the files wecare wrote there, with their SHA-256."""
TRANSPARENCY = "trasparenza"
BELOW_THRESHOLD = "trasparenza-sotto-soglia"
OPERATIONS = "elenco-operazioni"

TRANSPARENCY_COLUMNS = (
    "beneficiary",
    "fiscal_data",
    "amount",
    "legal_basis",
    "office",
    "responsible_official",
    "selection_method",
    "project_link",
)
"""The fields of art. 27 c.1, in its order (a–f), as JSON keys and CSV columns."""
OPERATION_COLUMNS = (
    "beneficiary",
    "operation_name",
    "operation_summary",
    "start_date",
    "end_date",
    "eligible_expenditure",
    "cofinancing_rate",
    "postcode",
    "country",
    "category_of_intervention",
    "last_update",
)
"""The fields of Annex XII of Reg. (UE) 1303/2013, in its order."""


# ------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Words:
    """The words the exports need in the run's language."""

    lang: Lang
    withheld: str

    @classmethod
    def of(cls, lang: Lang) -> Words:
        return cls(lang, text("public-withheld", lang))

    def published(self, value: str | None) -> str | None:
        """A text without natural persons' tax codes."""
        return without_personal_tax_codes(value, self.withheld) if value else value

    def published_text(self, value: str) -> str:
        return without_personal_tax_codes(value, self.withheld)


def _cents(amount: Decimal | None) -> Decimal | None:
    """An amount to the cent (``900`` is written ``900,00`` like every other amount)."""
    return amount.quantize(Decimal("0.01")) if amount is not None else None


def transparency_record(grant: Grant, words: Words) -> dict[str, Any]:
    """A grant as art. 27 c.1 publishes it (a natural person's tax code withheld)."""
    return {
        "beneficiary": words.published(grant.beneficiary),
        "fiscal_data": words.withheld if grant.natural_person else grant.tax_code,
        "amount": _cents(grant.amount),
        "legal_basis": grant.legal_basis,
        "office": grant.office,
        "responsible_official": grant.responsible_official,
        "selection_method": str(grant.procedure) if grant.procedure is not None else None,
        "project_link": grant.project_link,
    }


def operation_record(grant: Grant, publication: Publication, words: Words) -> dict[str, Any]:
    """A grant as Annex XII lists the operation (a natural person is not named)."""
    return {
        "beneficiary": words.withheld if grant.natural_person else words.published(grant.beneficiary),
        "operation_name": words.published(grant.operation_name),
        "operation_summary": words.published(grant.operation_summary),
        "start_date": grant.start_date,
        "end_date": grant.end_date,
        "eligible_expenditure": _cents(grant.eligible_expenditure),
        "cofinancing_rate": grant.cofinancing_rate,
        "postcode": grant.postcode,
        "country": grant.country,
        "category_of_intervention": grant.category_of_intervention,
        "last_update": publication.reference_time.date().isoformat(),
    }


def transparency_document(publication: Publication, lang: Lang) -> dict[str, Any]:
    """``trasparenza.json``: the grants to publish, those below the threshold, what is missing."""
    words = Words.of(lang)

    def jsonable(record: dict[str, Any]) -> dict[str, Any]:
        return {k: json_number(v) if isinstance(v, Decimal) else v for k, v in record.items()}

    return {
        "tool": {"name": "wecare", "version": __version__},
        "reference_time": publication.reference_time.isoformat(),
        "measure": publication.measure_filter,
        "year": publication.year,
        "threshold": {
            "amount": json_number(publication.threshold),
            "source": publication.threshold_source,
        },
        "grants": [jsonable(transparency_record(g, words)) for g in publication.published],
        "below_threshold": [jsonable(transparency_record(g, words)) for g in publication.below_threshold],
        "missing": [str(f) for f in publication.missing(TRANSPARENCY_FIELDS)],
    }


# ------------------------------------------------------------------------------------- formats


def _csv(
    records: Sequence[dict[str, Any]], columns: Sequence[str], headers: Sequence[str], lang: Lang
) -> bytes:
    """Records as CSV for a spreadsheet in the run's language (separator, decimal comma), UTF-8
    with a byte-order mark; text a spreadsheet would run as a formula is quoted."""
    dialect = CsvDialect.of(lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.separator, lineterminator="\n")
    writer.writerow(headers)
    for record in records:
        writer.writerow([csv_cell(record.get(column), lang) for column in columns])
    return (BYTE_ORDER_MARK + buffer.getvalue()).encode("utf-8")


def transparency_headers(lang: Lang) -> list[str]:
    return [text(f"col-transparency-{c.replace('_', '-')}", lang) for c in TRANSPARENCY_COLUMNS]


def operation_headers(lang: Lang) -> list[str]:
    """Italian and English, whatever the run's language (Annex XII asks for a second language)."""
    return [text(f"col-operation-{c.replace('_', '-')}", lang) for c in OPERATION_COLUMNS]


def _missing_line(fields: Sequence[Field], lang: Lang) -> str:
    if not fields:
        return text("publish-missing-none", lang)
    listed = formatting.listing([text(f"publish-field-{f}", lang) for f in fields], lang)
    return text("publish-missing", lang, fields=listed)


def _title(lang: Lang, publication: Publication, title: str, lines: Sequence[str]) -> list[TitleLine]:
    moment = publication.reference_time
    return [
        TitleLine(text("publish-issuer", lang), TitleStyle.HEADING),
        TitleLine(title, TitleStyle.TITLE),
        *(TitleLine(part) for line in lines for part in textwrap.wrap(line, TITLE_LINE_WIDTH)),
        TitleLine(
            text(
                "title-reference-time",
                lang,
                moment=formatting.moment(moment, lang) or "",
                zone=str(moment.tzinfo),
            )
        ),
    ]


def _workbook(
    path: Path,
    publication: Publication,
    lang: Lang,
    sheets: Sequence[tuple[str, Sequence[Column], Sequence[TitleLine], Sequence[Sequence[object]]]],
) -> None:
    workbook, formats = new_workbook(path, ReportKind.PUBLICATION)
    workbook.set_properties(
        {
            "title": sheets[0][0],
            "creator": f"wecare {__version__}",
            "created": publication.reference_time.astimezone(UTC).replace(tzinfo=None),
        }
    )
    words = Words.of(lang)
    for name, columns, title, rows in sheets:
        writer = SheetWriter(workbook, name, columns, formats, title, redact=words.published_text)
        writer.sheet.set_header("&L" + text("publish-issuer", lang).replace("&", "&&") + "&C&A")
        writer.sheet.set_footer("&C" + f"wecare {__version__}" + "&R" + text("page-footer", lang))
        for row in rows:
            writer.write(row)
        writer.finish()
    workbook.close()


def _transparency_columns(lang: Lang) -> list[Column]:
    headers = transparency_headers(lang)
    widths = (26, 14, None, 26, 18, 18, 14, 22)
    return [
        Column(
            header, Kind.EURO if column == "amount" else Kind.TEXT, width=width or 15, wrap=width is not None
        )
        for header, column, width in zip(headers, TRANSPARENCY_COLUMNS, widths, strict=True)
    ]


def _operation_columns(lang: Lang) -> list[Column]:
    headers = operation_headers(lang)
    kinds = {"eligible_expenditure": Kind.EURO, "cofinancing_rate": Kind.PERCENT}
    widths = (20, 18, 24, 11, 11, 14, 12, 9, 9, 16, 10)
    return [
        Column(header, kinds.get(column, Kind.TEXT), width=width, wrap=True)
        for header, column, width in zip(headers, OPERATION_COLUMNS, widths, strict=True)
    ]


def _cells(record: dict[str, Any], columns: Sequence[str]) -> list[object]:
    return [record.get(column) for column in columns]


# ------------------------------------------------------------------------------------- the folder


@dataclass(frozen=True)
class PublishedFile:
    name: str
    write: Callable[[Path], None]


def publication_files(publication: Publication, lang: Lang) -> list[PublishedFile]:
    """The files of a publication, each with the function that writes it to a path."""
    words = Words.of(lang)
    published = [transparency_record(g, words) for g in publication.published]
    below = [transparency_record(g, words) for g in publication.below_threshold]
    operations = [operation_record(g, publication, words) for g in publication.grants]
    t_headers = transparency_headers(lang)
    o_headers = operation_headers(lang)
    threshold = formatting.money(publication.threshold, lang, cents=True) if publication.threshold else None
    t_missing = _missing_line(publication.missing(TRANSPARENCY_FIELDS), lang)
    o_missing = _missing_line(publication.missing(OPERATION_FIELDS), lang)
    threshold_line = (
        text("publish-threshold", lang, threshold=threshold, year=str(publication.year))
        if threshold
        else text("publish-threshold-unknown", lang)
    )

    def put(content: bytes) -> Callable[[Path], None]:
        return lambda path: _write_bytes(path, content)

    def transparency_workbook(path: Path) -> None:
        columns = _transparency_columns(lang)
        _workbook(
            path,
            publication,
            lang,
            [
                (
                    text("sheet-transparency", lang),
                    columns,
                    _title(
                        lang,
                        publication,
                        text("publish-transparency-title", lang),
                        [threshold_line, t_missing],
                    ),
                    [_cells(r, TRANSPARENCY_COLUMNS) for r in published],
                ),
                (
                    text("sheet-below-threshold", lang),
                    columns,
                    _title(lang, publication, text("publish-below-title", lang), [threshold_line]),
                    [_cells(r, TRANSPARENCY_COLUMNS) for r in below],
                ),
            ],
        )

    def operations_workbook(path: Path) -> None:
        _workbook(
            path,
            publication,
            lang,
            [
                (
                    text("sheet-operations", lang),
                    _operation_columns(lang),
                    _title(lang, publication, text("publish-operations-title", lang), [o_missing]),
                    [_cells(r, OPERATION_COLUMNS) for r in operations],
                )
            ],
        )

    document = json.dumps(transparency_document(publication, lang), ensure_ascii=False, indent=2) + "\n"
    return [
        PublishedFile(f"{TRANSPARENCY}.csv", put(_csv(published, TRANSPARENCY_COLUMNS, t_headers, lang))),
        PublishedFile(f"{BELOW_THRESHOLD}.csv", put(_csv(below, TRANSPARENCY_COLUMNS, t_headers, lang))),
        PublishedFile(f"{TRANSPARENCY}.xlsx", transparency_workbook),
        PublishedFile(f"{TRANSPARENCY}.json", put(document.encode("utf-8"))),
        PublishedFile(f"{OPERATIONS}.csv", put(_csv(operations, OPERATION_COLUMNS, o_headers, lang))),
        PublishedFile(f"{OPERATIONS}.xlsx", operations_workbook),
    ]


def _write_bytes(path: Path, content: bytes) -> None:
    path.write_bytes(content)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def read_manifest(folder: Path) -> dict[str, str]:
    """The files the manifest says wecare wrote, with their SHA-256 (none if it is unreadable)."""
    try:
        document = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


LOCK = ".wecare-publish.lock"
"""The lock of a publication folder while a run writes it (it stays, empty, as every report lock)."""


def write_publication(
    publication: Publication, folder: Path, lang: Lang, inputs: Sequence[Path], force: bool = False
) -> list[Path]:
    """Write every file of the publication into ``folder``; returns their paths.

    Refused with an :class:`OutputError` before anything is written: a missing folder, another
    run writing the same folder, a file of the publication that is one of the inputs, or one
    that wecare did not write there (not in the manifest, or changed since) unless ``force``.
    Each file is written beside its destination, then moved onto it in one step; the manifest
    with the SHA-256 of each comes last.
    """
    from filelock import FileLock, Timeout

    if not folder.exists() and folder.parent.is_dir():
        # A new folder for this publication (``--output-dir pubblicazione``): made, as an officer
        # expects; a folder whose parent is missing too is more likely a mistyped path.
        try:
            folder.mkdir()
        except FileExistsError:
            pass
        except OSError as error:
            raise OutputError("output-folder-missing", folder) from error
    if not folder.is_dir():
        raise OutputError("output-folder-missing", folder)
    files = publication_files(publication, lang)
    lock = FileLock(str(folder / LOCK), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError("output-busy", folder, lock=LOCK) from None
    except OSError:
        raise OutputError("output-folder-not-writable", folder) from None
    try:
        manifest = read_manifest(folder)
        for published in (*files, PublishedFile(MANIFEST, _write_nothing)):
            destination = folder / published.name
            OutputReservation(destination, inputs=inputs, force=True, extension=destination.suffix).check()
            if published.name == MANIFEST:
                continue
            if destination.exists() and not force and manifest.get(published.name) != _digest(destination):
                raise OutputError("publish-file-foreign", destination)
        written: dict[str, str] = {}
        paths: list[Path] = []
        for published in files:
            path = _replace(folder / published.name, published.write)
            written[published.name] = _digest(path) or ""
            paths.append(path)
        listing = {"tool": {"name": "wecare", "version": __version__}, "files": dict(sorted(written.items()))}
        content = (json.dumps(listing, indent=2) + "\n").encode("utf-8")
        _replace(folder / MANIFEST, lambda path: _write_bytes(path, content))
        return paths
    finally:
        lock.release()


def _write_nothing(path: Path) -> None:
    """The manifest's place in the checks (it is written apart, last)."""


def _replace(destination: Path, write: Callable[[Path], None]) -> Path:
    """``write(temporary)`` in a private folder beside ``destination``, then one rename onto it."""
    import os
    import shutil
    import tempfile

    try:
        working = Path(tempfile.mkdtemp(prefix=".wecare-publish-", dir=destination.parent))
    except OSError:
        raise OutputError("output-folder-not-writable", destination) from None
    try:
        temporary = working / destination.name
        write(temporary)
        with temporary.open("rb") as handle:
            os.fsync(handle.fileno())
        temporary.replace(destination)
    except OSError as error:
        raise OutputError("output-not-writable", destination, reason=error.strerror or str(error)) from None
    finally:
        shutil.rmtree(working, ignore_errors=True)
    return destination
