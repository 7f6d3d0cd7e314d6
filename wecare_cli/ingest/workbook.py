"""Reading .xlsx, .xlsm and .ods workbooks: structure, sheet choice and cell values.

Cell values come from python-calamine (fast, typed: numbers, text, booleans, dates already
converted with the workbook's date system). What calamine does not give (the 1904 date
system for serial numbers in General cells, hidden rows, cached formula errors, formulas
without a value, macros) comes from the verified XML parts: see :mod:`archive` and
:mod:`sheet_scan`. Structural XML is parsed with defusedxml, DTDs forbidden.
"""

from __future__ import annotations

import io
import posixpath
import threading
import xml.etree.ElementTree as StdElementTree
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Generic, TypeVar

import defusedxml.ElementTree as SafeElementTree  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException
from python_calamine import CalamineSheet, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from wecare_cli.findings import Finding, Severity
from wecare_cli.ingest.archive import Package
from wecare_cli.ingest.cells import CellValue
from wecare_cli.ingest.files import LoadedFile, ReadLimits, UnreadableFileError
from wecare_cli.ingest.headers import (
    HEADER_SEARCH_ROWS,
    HeaderSearch,
    TableSpec,
    check_duplicates,
    find_header,
    header_error,
)
from wecare_cli.ingest.rows import TableSource
from wecare_cli.ingest.sheet_scan import SheetMarks, SheetScanner

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

T = TypeVar("T")


@dataclass(frozen=True)
class SheetInfo:
    """A sheet of the workbook as listed in it."""

    name: str
    state: str
    """``visible``, ``hidden`` or ``very hidden``."""
    worksheet: bool
    """False for chart sheets, dialog sheets and macro sheets."""

    @property
    def visible(self) -> bool:
        return self.state == "visible"


def _state(visible: SheetVisibleEnum) -> str:
    if visible == SheetVisibleEnum.Hidden:
        return "hidden"
    if visible == SheetVisibleEnum.VeryHidden:
        return "very hidden"
    return "visible"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def _calamine(loaded: LoadedFile, action: Callable[[], T]) -> T:
    """Run a python-calamine call; anything it raises means the file is damaged."""
    try:
        return action()
    except PasswordError:
        raise UnreadableFileError("file-encrypted", loaded.path) from None
    except Exception as exc:
        raise UnreadableFileError(
            "file-corrupt", loaded.path, reason=f"the workbook cannot be read: {exc}"
        ) from None
    except BaseException as exc:  # a Rust panic surfaces as pyo3's PanicException (a BaseException)
        if type(exc).__name__ == "PanicException":
            raise UnreadableFileError(
                "file-corrupt", loaded.path, reason="the workbook cannot be read"
            ) from None
        raise


class _Background(Generic[T]):
    """Run ``action`` in a thread; python-calamine releases the GIL while it parses."""

    def __init__(self, action: Callable[[], T]) -> None:
        self._result: T | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(action,), daemon=True)
        self._thread.start()

    def _run(self, action: Callable[[], T]) -> None:
        try:
            self._result = action()
        except BaseException as exc:  # handed over to the caller of result()
            self._error = exc

    def result(self) -> T:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result  # type: ignore[return-value]


RETAIN_SHEETS_BYTES = 256 * 1024 * 1024
"""Worksheet XML up to this size is kept after verification, to be scanned while calamine parses."""


class WorkbookFile:
    """An opened, verified workbook from which tables (applications, partners) are taken.

    Order matters for safety: every part python-calamine will read is verified (real size,
    CRC, no DTD) before calamine reads it. Worksheet parts are verified last, while calamine
    opens the workbook (shared strings, styles) in a thread; their decompressed XML is kept
    and scanned (hidden rows, formula errors) while calamine parses the chosen sheet.
    """

    def __init__(self, loaded: LoadedFile, limits: ReadLimits) -> None:
        self.loaded = loaded
        self.date1904 = False
        self.has_macros = False
        self._marks: dict[str, SheetMarks] = {}
        self._pending: dict[str, list[bytes]] = {}
        package = Package(loaded.data, loaded.path, limits)
        if loaded.kind == "ods":
            self._inspect_ods(package)
            self._book = _calamine(loaded, lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
        else:
            sheet_parts = self._inspect_ooxml(package)
            opening = _Background(lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
            self._verify_sheets(package, sheet_parts)
            self._book = _calamine(loaded, opening.result)
        metadata = _calamine(loaded, lambda: self._book.sheets_metadata)
        self.sheets = [
            SheetInfo(m.name, _state(m.visible), m.typ == SheetTypeEnum.WorkSheet) for m in metadata
        ]

    # -- structure ------------------------------------------------------------------------------

    def _parse(self, package: Package, name: str) -> Any:
        try:
            return SafeElementTree.fromstring(package.read(name), forbid_dtd=True)
        except DefusedXmlException as exc:
            raise UnreadableFileError(
                "file-unsafe", self.loaded.path, reason=f"{type(exc).__name__} in {name}"
            ) from None
        except (StdElementTree.ParseError, ValueError) as exc:
            raise UnreadableFileError(
                "file-corrupt", self.loaded.path, reason=f"{name} is not valid XML: {exc}"
            ) from None

    def _inspect_ooxml(self, package: Package) -> dict[str, str]:
        """Read the workbook structure, verify every XML part but the worksheets; sheet name -> part."""
        path = self.loaded.path
        if not package.has("[Content_Types].xml"):
            raise UnreadableFileError("file-corrupt", path, reason="there is no [Content_Types].xml")
        workbook_part = "xl/workbook.xml"
        read = {"_rels/.rels"}
        if package.has("_rels/.rels"):
            for relation in self._parse(package, "_rels/.rels").iter():
                if _local(relation.tag) == "Relationship" and (relation.get("Type") or "").endswith(
                    "/officeDocument"
                ):
                    workbook_part = _resolve("", relation.get("Target") or "")
        if not package.has(workbook_part):
            raise UnreadableFileError(
                "file-corrupt", path, reason="there is no workbook part (is it another kind of document?)"
            )
        workbook = self._parse(package, workbook_part)
        read.add(workbook_part)
        sheet_ids: dict[str, str] = {}
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                self.date1904 = (element.get("date1904") or "").lower() in ("1", "true")
            elif tag == "sheet":
                sheet_ids[element.get("name") or ""] = _attribute(element, "id") or ""
        base = posixpath.dirname(workbook_part)
        relations_part = posixpath.join(base, "_rels", posixpath.basename(workbook_part) + ".rels")
        targets: dict[str, str] = {}
        if package.has(relations_part):
            read.add(relations_part)
            for relation in self._parse(package, relations_part).iter():
                if _local(relation.tag) == "Relationship" and relation.get("TargetMode") != "External":
                    targets[relation.get("Id") or ""] = _resolve(base, relation.get("Target") or "")
        sheet_parts = {
            name: targets[sheet_id]
            for name, sheet_id in sheet_ids.items()
            if sheet_id in targets and package.has(targets[sheet_id])
        }
        read.update(sheet_parts.values())
        package.verify_xml_parts({}, skip=frozenset(read))
        self.has_macros = any(name.lower().endswith("vbaproject.bin") for name in package.entries)
        return sheet_parts

    def _verify_sheets(self, package: Package, sheet_parts: dict[str, str]) -> None:
        """Verify the worksheet parts; keep their XML for a later scan, or scan it now if too large."""
        retain = sum(package.entries[part].file_size for part in sheet_parts.values()) <= RETAIN_SHEETS_BYTES
        for name, part in sheet_parts.items():
            if retain:
                self._pending[name] = list(package.chunks(part))
            else:
                scanner = SheetScanner()
                for piece in package.chunks(part):
                    scanner.feed(piece)
                self._marks[name] = scanner.close()

    def _inspect_ods(self, package: Package) -> None:
        path = self.loaded.path
        if package.has("mimetype"):
            mimetype = package.read("mimetype").strip()[:60]
            if mimetype != ODS_MIMETYPE:
                raise UnreadableFileError(
                    "file-format-unsupported",
                    path,
                    reason=f"the name says .ods but the content is {mimetype.decode('ascii', 'replace')}",
                )
        if not package.has("content.xml"):
            raise UnreadableFileError("file-corrupt", path, reason="there is no content.xml")
        package.verify_xml_parts({})

    # -- findings about the workbook as a whole -------------------------------------------------

    def file_findings(self) -> list[Finding]:
        """Hidden sheets and macros: warnings about the file as a whole."""
        name = self.loaded.path.name
        findings = [
            Finding(
                "hidden-sheet",
                Severity.WARNING,
                file=name,
                sheet=sheet.name,
                params={"sheet_name": sheet.name, "state": sheet.state},
            )
            for sheet in self.sheets
            if not sheet.visible
        ]
        if self.has_macros:
            findings.append(Finding("macros-ignored", Severity.WARNING, file=name))
        return findings

    # -- tables ---------------------------------------------------------------------------------

    def table(
        self, spec: TableSpec, *, by_name_only: bool = False, avoid: TableSpec | None = None
    ) -> TableSource | None:
        """The table of ``spec``: the sheet named for it, else the first visible sheet holding its header.

        With ``by_name_only`` (a partners sheet inside an applications workbook) only a sheet
        named for the table is read, and None means there is none. Raises
        :class:`UnreadableFileError` when the table cannot be found.
        """
        path = self.loaded.path
        named = [sheet for sheet in self.sheets if spec.holds_sheet(sheet.name) and sheet.worksheet]
        if named:
            opened = self._open(named[0].name, spec)
            if opened.search.found is None:
                raise header_error(path, named[0].name, opened.search, spec)
            return opened.source(self, spec)
        if by_name_only:
            return None
        candidates = [
            sheet
            for sheet in self.sheets
            if sheet.visible and sheet.worksheet and not (avoid is not None and avoid.holds_sheet(sheet.name))
        ]
        near: _OpenedSheet | None = None
        last: _OpenedSheet | None = None
        for sheet in candidates:
            opened = self._open(sheet.name, spec)
            if opened.search.found is not None:
                return opened.source(self, spec)
            if near is None and opened.search.near_miss:
                near = opened
            last = opened
        if near is not None:
            raise header_error(path, near.name, near.search, spec)
        if len(candidates) == 1 and last is not None:
            raise header_error(path, last.name, last.search, spec)
        listed = ", ".join(
            f"«{sheet.name}»" + ("" if sheet.visible else f" ({sheet.state})") for sheet in self.sheets
        )
        raise UnreadableFileError(
            "sheet-not-found",
            path,
            table=spec.name,
            sheets=listed or "none",
            expected=spec.sheet_label,
        )

    def _open(self, name: str, spec: TableSpec) -> _OpenedSheet:
        parsing = _Background(lambda: self._book.get_sheet_by_name(name))
        self.marks(name)  # scanned while calamine parses
        sheet: CalamineSheet = _calamine(self.loaded, parsing.result)
        start = _calamine(self.loaded, lambda: sheet.start)
        if start is None:
            rows: Iterator[tuple[int, Sequence[CellValue]]] = iter(())
            first_column = 0
        else:
            first_column = start[1]
            # iter_rows yields every row from the first one of the sheet (row 1), but only
            # the columns from the first one holding data.
            rows = enumerate(_calamine(self.loaded, sheet.iter_rows), start=1)
        first = _calamine(self.loaded, lambda: list(islice(rows, HEADER_SEARCH_ROWS)))
        search = find_header(first, first_column, spec)
        return _OpenedSheet(name, sheet, first_column, first, rows, search)

    def marks(self, sheet: str) -> SheetMarks:
        """Hidden rows and problem cells of a sheet (scanned on first use)."""
        if sheet not in self._marks:
            scanner = SheetScanner()
            for piece in self._pending.pop(sheet, []):
                scanner.feed(piece)
            self._marks[sheet] = scanner.close()
        return self._marks[sheet]


@dataclass
class _OpenedSheet:
    name: str
    sheet: CalamineSheet
    first_column: int
    first_rows: list[tuple[int, Sequence[CellValue]]]
    rest: Iterator[tuple[int, Sequence[CellValue]]]
    search: HeaderSearch

    def source(self, book: WorkbookFile, spec: TableSpec) -> TableSource:
        header = self.search.found
        assert header is not None
        check_duplicates(book.loaded.path, self.name, header)
        marks = book.marks(self.name)
        offset = self.first_column
        cell_marks = {(row, column - offset): issue for (row, column), issue in marks.cells.items()}
        merged_ranges = _calamine(book.loaded, lambda: self.sheet.merged_cell_ranges) or []
        merged = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in merged_ranges]
        after_header = [(number, cells) for number, cells in self.first_rows if number > header.row]
        return TableSource(
            path=book.loaded.path,
            sheet=self.name,
            header=header,
            rows=chain(after_header, self.rest),
            first_column=offset,
            hidden_rows=frozenset(marks.hidden_rows),
            cell_marks=cell_marks,
            merged=merged,
            is_csv=False,
        )
