"""Reading .xlsx, .xlsm, .xlsb, .xls and .ods workbooks: structure, sheet choice and cell values.

Cell values come from python-calamine (fast, typed: numbers, text, booleans, dates already
converted with the workbook's date system). What calamine does not give (the 1904 date
system for serial numbers in General cells, hidden rows, cached formula errors, formulas
without a value, macros) comes from the verified XML parts: see :mod:`archive` and
:mod:`sheet_scan`. Structural XML is parsed with defusedxml, DTDs forbidden.

Nothing reaches calamine before it is known to fit: every part it reads is verified first,
and a sheet is parsed only once its extent (:mod:`extent`, :mod:`ods_scan`) is within the
cells the run may still read. The parts are found as calamine finds them (same paths, zip
names compared without case), so that the part scanned is the part calamine parses.
"""

from __future__ import annotations

import io
import re
import struct
import threading
import xml.etree.ElementTree as StdElementTree
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from typing import Any, Generic, TypeVar

import defusedxml.ElementTree as SafeElementTree  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException
from python_calamine import CalamineSheet, CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from wecare_cli.findings import Finding, Phrase, Severity
from wecare_cli.ingest.archive import Package, read_ahead
from wecare_cli.ingest.cells import CellValue
from wecare_cli.ingest.files import (
    UNCOMPRESSED_VARIABLE,
    XLS_MACROS_STORAGE,
    CellBudget,
    LoadedFile,
    MiB,
    ReadLimits,
    UnreadableFileError,
    ole2_entries,
)
from wecare_cli.ingest.headers import (
    HEADER_SEARCH_ROWS,
    HeaderSearch,
    TableSpec,
    check_duplicates,
    find_header,
    header_error,
)
from wecare_cli.ingest.ods_scan import OdsScanner
from wecare_cli.ingest.rows import TableSource
from wecare_cli.ingest.sheet_scan import SheetMarks, SheetScanner
from wecare_cli.ingest.xls_scan import UnreadableRecords, scan_xls
from wecare_cli.ingest.xlsb_scan import RecordsCutOff, scan_sheet, scan_workbook
from wecare_cli.own_workbooks import CUSTOM_PROPERTIES, TEMPLATE_KIND, TEMPLATE_LISTS_SHEET, marked_kind

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
ODS_MANIFEST = "META-INF/manifest.xml"
ODS_ENCRYPTED = b"encryption-data"
"""The manifest of a password-protected OpenDocument file describes how each part is encrypted."""
ODS_MACRO_FOLDERS = ("Basic/", "Dialogs/", "Scripts/")
"""Where an OpenDocument file keeps its macros."""
ODS_EMPTY_LIBRARY = ("script-lc.xml", "script-lb.xml", "dialog-lc.xml", "dialog-lb.xml")
"""The library lists LibreOffice writes even when no module holds code."""
XLSB_WORKBOOK = "xl/workbook.bin"
XLSB_RELATIONS = "xl/_rels/workbook.bin.rels"

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
    """The last attribute of that local name, whatever its namespace (as calamine takes it)."""
    found = None
    for key, value in element.attrib.items():
        if _local(key) == name:
            found = str(value)
    return found


def _calamine(loaded: LoadedFile, action: Callable[[], T]) -> T:
    """Run a python-calamine call; anything it raises means the file is damaged."""
    try:
        return action()
    except PasswordError:
        raise UnreadableFileError("file-encrypted", loaded.path) from None
    except Exception as exc:
        raise UnreadableFileError(
            "file-corrupt", loaded.path, reason=Phrase("reason-workbook-unreadable", {"detail": str(exc)})
        ) from None
    except BaseException as exc:  # a Rust panic surfaces as pyo3's PanicException (a BaseException)
        if type(exc).__name__ == "PanicException":
            raise UnreadableFileError(
                "file-corrupt", loaded.path, reason=Phrase("reason-workbook-unreadable-bare")
            ) from None
        raise


SHEET_FOLDERS = frozenset({"worksheets", "chartsheets", "dialogsheets"})
"""The folders of the sheets calamine opens (it tells a sheet's kind by its folder)."""
MACRO_SHEET_FOLDERS = frozenset({"macrosheets"})
"""Where Excel keeps Excel 4.0 (XLM) macro sheets."""
_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")
_TAG_ATTRIBUTE = re.compile(rb"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _sheet_folder(target: str) -> str:
    """``worksheets`` for ``worksheets/sheet1.xml`` or ``/xl/worksheets/sheet1.xml``."""
    parts = target.removeprefix("/").split("/")
    if target.startswith("/") and len(parts) > 1:
        parts = parts[1:]
    return parts[0] if len(parts) > 1 else ""


def _without_sheets(data: bytes, unreadable: tuple[str, frozenset[str]]) -> bytes:
    """The workbook's zip with the ``<sheet>`` entries of these relationship ids taken out of its
    workbook part (every part already verified: sizes, checksums, no DTD)."""
    workbook_part, ids = unreadable

    def keep(match: re.Match[bytes]) -> bytes:
        attributes = {
            key.rsplit(b":", 1)[-1]: double if double is not None else single
            for key, double, single in _TAG_ATTRIBUTE.findall(match.group(0))
        }
        sheet_id = (attributes.get(b"id") or b"").decode("utf-8", "replace")
        return b"" if sheet_id in ids else match.group(0)

    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as original, zipfile.ZipFile(output, "w") as copy:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == workbook_part:
                content = _SHEET_TAG.sub(keep, content)
            copy.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return output.getvalue()


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


def _ascii_lower(name: str) -> str:
    return "".join(character.lower() if character.isascii() else character for character in name)


class WorkbookFile:
    """An opened, verified workbook from which tables (applications, partners) are taken.

    Order matters for safety: every part python-calamine will read is verified (real size,
    CRC, no DTD) before calamine reads it. Worksheet parts are verified last, and scanned on the
    way (extent, hidden rows, formula errors), while calamine opens the workbook (shared
    strings, styles) in a thread; an OpenDocument file is scanned whole before calamine opens
    it, since calamine reads all its sheets at once.
    """

    def __init__(self, loaded: LoadedFile, limits: ReadLimits, budget: CellBudget | None = None) -> None:
        self.loaded = loaded
        self.date1904 = False
        self.has_macros = False
        self.template = False
        """A workbook of ``wecare template`` (by its marker): its own hidden list sheet is not reported."""
        self._limits = limits
        self._budget = budget if budget is not None else CellBudget(limits.max_cells)
        self._marks: dict[str, SheetMarks] = {}
        self.xls_unchecked = False
        """An .xls whose records could not be read for its hidden rows and formula errors."""
        self.has_macro_sheets = False
        """Excel 4.0 macro sheets (never read, never run)."""
        self._unreadable_sheets: tuple[str, frozenset[str]] | None = None
        """(workbook part, relationship ids) of the sheets calamine cannot open."""
        if loaded.kind == "xls":
            # An OLE2 compound file, not a zip: calamine reads its records; the grid of each
            # sheet is checked once calamine has read it (an .xls sheet holds at most 65,536
            # rows of 256 columns).
            self.kind = "xls"
            self.has_macros = bool(ole2_entries(loaded.data, (XLS_MACROS_STORAGE,)))
            self._book = _calamine(loaded, lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
            self._read_sheets()
            if not self.sheets:
                raise UnreadableFileError("file-corrupt", loaded.path, reason=Phrase("reason-no-sheet"))
            self._scan_xls()
            return
        package = Package(loaded.data, loaded.path, limits)
        self.kind = self._kind(package)
        if self.kind == "xlsb":
            self._inspect_xlsb(package)
            self._book = _calamine(loaded, lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
        elif self.kind == "ods":
            self._inspect_ods(package)
            self._book = _calamine(loaded, lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
        else:
            sheet_parts = self._inspect_ooxml(package)
            if self._unreadable_sheets:
                # calamine refuses a whole workbook for one sheet it cannot dispatch (an Excel 4.0
                # macro sheet, a sheet without its relationship): it opens a copy without them,
                # made once every part is verified.
                self._scan_sheets(package, sheet_parts)
                unreadable = self._unreadable_sheets
                data = _calamine(loaded, lambda: _without_sheets(loaded.data, unreadable))
                self._book = _calamine(loaded, lambda: CalamineWorkbook.from_filelike(io.BytesIO(data)))
            else:
                opening = _Background(lambda: CalamineWorkbook.from_filelike(io.BytesIO(loaded.data)))
                self._scan_sheets(package, sheet_parts)
                self._book = _calamine(loaded, opening.result)
        self._read_sheets()

    def _scan_xls(self) -> None:
        """Hidden rows, formula errors and the date system from the records of an .xls; when they
        cannot be read for sure (or name other sheets than calamine's), the file says so once."""
        try:
            records = scan_xls(self.loaded.data)
        except (UnreadableRecords, ValueError, IndexError, struct.error):
            self.xls_unchecked = True
            return
        if set(records.sheets) != {sheet.name for sheet in self.sheets}:
            self.xls_unchecked = True
            return
        self.date1904 = records.date1904
        self._marks = records.sheets

    def _read_sheets(self) -> None:
        metadata = _calamine(self.loaded, lambda: self._book.sheets_metadata)
        self.sheets = [
            SheetInfo(m.name, _state(m.visible), m.typ == SheetTypeEnum.WorkSheet) for m in metadata
        ]

    def _kind(self, package: Package) -> str:
        """``ods`` or the OOXML kind, by the parts of the archive whatever the name says."""
        ooxml = package.has("[Content_Types].xml")
        odf = not ooxml and package.has("mimetype") and package.read("mimetype").strip()[:60] == ODS_MIMETYPE
        if self.loaded.kind != "ods" and odf:
            return "ods"
        if ooxml:
            names = {_ascii_lower(name) for name in package.entries}
            if XLSB_WORKBOOK in names and "xl/workbook.xml" not in names:
                return "xlsb"
            if self.loaded.kind == "xlsb" and "xl/workbook.xml" in names:
                return "xlsx"
        if self.loaded.kind == "ods" and ooxml and not package.has("mimetype"):
            return "xlsx"
        return self.loaded.kind

    # -- structure ------------------------------------------------------------------------------

    def _parse(self, package: Package, name: str) -> Any:
        try:
            return SafeElementTree.fromstring(package.read(name), forbid_dtd=True)
        except DefusedXmlException as exc:
            raise UnreadableFileError(
                "file-unsafe",
                self.loaded.path,
                reason=Phrase("reason-in-part", {"problem": type(exc).__name__, "part": name}),
            ) from None
        except (StdElementTree.ParseError, ValueError) as exc:
            raise UnreadableFileError(
                "file-corrupt",
                self.loaded.path,
                reason=Phrase("reason-xml-invalid", {"part": name, "detail": str(exc)}),
            ) from None

    def _inspect_ooxml(self, package: Package) -> dict[str, str]:
        """Read the workbook structure, verify every XML part but the worksheets; sheet name -> part.

        Paths are resolved as calamine resolves them: the folder of the main document from
        ``_rels/.rels``, ``workbook.xml`` and its relationships in that folder, sheet targets
        relative to it (or absolute), and zip names looked up without case.
        """
        path = self.loaded.path
        if not package.has("[Content_Types].xml"):
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-part-missing", {"part": "[Content_Types].xml"})
            )
        names = {_ascii_lower(name.replace("\\", "/")): name for name in package.entries}

        def lookup(wanted: str) -> str | None:
            return names.get(_ascii_lower(wanted))

        read: set[str] = set()
        folder = "xl/"
        root_relations = lookup("_rels/.rels")
        if root_relations is not None:
            read.add(root_relations)
            for relation in self._parse(package, root_relations).iter():
                if _local(relation.tag) == "Relationship" and (relation.get("Type") or "").endswith(
                    "/relationships/officeDocument"
                ):
                    target = relation.get("Target") or ""
                    folder = target[: target.rfind("/") + 1].removeprefix("/")
        workbook_part = lookup(folder + "workbook.xml")
        if workbook_part is None:
            raise UnreadableFileError("file-corrupt", path, reason=Phrase("reason-no-workbook-part"))
        workbook = self._parse(package, workbook_part)
        read.add(workbook_part)
        sheet_ids: dict[str, str] = {}
        for element in workbook.iter():
            tag = _local(element.tag)
            if tag == "workbookPr":
                self.date1904 = (element.get("date1904") or "").lower() in ("1", "true")
            elif tag == "sheet":
                sheet_ids[element.get("name") or ""] = _attribute(element, "id") or ""
        targets: dict[str, str] = {}
        relations_part = lookup(folder + "_rels/workbook.xml.rels")
        if relations_part is not None:
            read.add(relations_part)
            if b"&" in package.read(relations_part):
                # calamine takes targets as written, without decoding references: to be sure
                # of the part it reads, none is allowed.
                raise UnreadableFileError(
                    "file-corrupt",
                    path,
                    reason=Phrase("reason-character-references", {"part": relations_part}),
                )
            for relation in self._parse(package, relations_part).iter():
                if _local(relation.tag) == "Relationship":
                    targets[relation.get("Id") or ""] = relation.get("Target") or ""
        sheet_parts: dict[str, str] = {}
        dropped: set[str] = set()
        for name, sheet_id in sheet_ids.items():
            target = targets.get(sheet_id)
            if target is None or _sheet_folder(target) not in SHEET_FOLDERS:
                dropped.add(sheet_id)
                if target is not None and _sheet_folder(target) in MACRO_SHEET_FOLDERS:
                    self.has_macro_sheets = True
                continue
            part = lookup(target[1:] if target.startswith("/") else folder + target)
            if part is not None:
                sheet_parts[name] = part
        read.update(sheet_parts.values())
        package.verify_xml_parts({}, skip=frozenset(read))
        custom = lookup(CUSTOM_PROPERTIES)
        self.template = custom is not None and marked_kind(self._parse(package, custom)) == TEMPLATE_KIND
        self.has_macros = self.has_macro_sheets or any(
            name.lower().endswith("vbaproject.bin") for name in package.entries
        )
        if dropped:
            self._unreadable_sheets = (workbook_part, frozenset(dropped))
        return sheet_parts

    def _inspect_xlsb(self, package: Package) -> None:
        """Verify every part calamine reads (sizes, CRC, no DTD in the XML ones) and scan the
        workbook and sheet records: sheets, date system, hidden rows, errors, merged ranges, extent.

        Parts are found as calamine finds them: ``xl/workbook.bin``, its relationships in
        ``xl/_rels/workbook.bin.rels``, and each sheet at ``xl/`` + its target, by exact name.
        """
        path = self.loaded.path
        if not package.has(XLSB_WORKBOOK):
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-part-missing", {"part": XLSB_WORKBOOK})
            )
        try:
            book = scan_workbook(package.read(XLSB_WORKBOOK))
        except RecordsCutOff:
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-part-cut-off", {"part": XLSB_WORKBOOK})
            ) from None
        self.date1904 = book.date1904
        targets: dict[str, str] = {}
        if package.has(XLSB_RELATIONS):
            for relation in self._parse(package, XLSB_RELATIONS).iter():
                if _local(relation.tag) == "Relationship":
                    targets[relation.get("Id") or ""] = relation.get("Target") or ""
        sheet_parts = {
            name: "xl/" + targets[relation] for name, relation in book.sheets.items() if relation in targets
        }
        read = {XLSB_WORKBOOK, *sheet_parts.values()}
        package.verify_xml_parts({}, skip=frozenset(read))
        for name in package.entries:
            if name.lower().endswith(".bin") and name not in read:
                for _ in package.chunks(name):
                    pass  # styles, shared strings: verified before calamine reads them
        for name, part in sheet_parts.items():
            if not package.has(part):
                continue
            try:
                self._marks[name] = scan_sheet(package.read(part))
            except RecordsCutOff:
                raise UnreadableFileError(
                    "file-corrupt", path, reason=Phrase("reason-sheet-cut-off", {"sheet": name})
                ) from None
        custom = next((n for n in package.entries if _ascii_lower(n) == CUSTOM_PROPERTIES), None)
        self.template = custom is not None and marked_kind(self._parse(package, custom)) == TEMPLATE_KIND
        self.has_macros = any(name.lower().endswith("vbaproject.bin") for name in package.entries)

    def _scan_sheets(self, package: Package, sheet_parts: dict[str, str]) -> None:
        """Verify the worksheet parts and scan them: extent, hidden rows, formula errors."""
        for name, part in sheet_parts.items():
            scanner = SheetScanner()
            for piece in read_ahead(package.chunks(part)):
                scanner.feed(piece)
            self._marks[name] = scanner.close()

    def _inspect_ods(self, package: Package) -> None:
        """Verify every XML part, scanning content.xml, and refuse what would not fit."""
        path = self.loaded.path
        if package.has("mimetype"):
            mimetype = package.read("mimetype").strip()[:60]
            if mimetype != ODS_MIMETYPE:
                raise UnreadableFileError(
                    "file-format-unsupported",
                    path,
                    reason=Phrase(
                        "reason-content-is",
                        {"extension": ".ods", "content": mimetype.decode("ascii", "replace")},
                    ),
                )
        if package.has(ODS_MANIFEST) and ODS_ENCRYPTED in package.read(ODS_MANIFEST):
            raise UnreadableFileError("file-encrypted", path)
        if not package.has("content.xml"):
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-part-missing", {"part": "content.xml"})
            )
        # Macros (LibreOffice Basic, dialogs, scripts) are never read, by calamine or here: their
        # parts are not verified either (LibreOffice writes a DOCTYPE in each Basic module).
        macros = frozenset(name for name in package.entries if name.startswith(ODS_MACRO_FOLDERS))
        self.has_macros = any(not name.endswith(ODS_EMPTY_LIBRARY) for name in macros)
        scanner = OdsScanner()
        package.verify_xml_parts({"content.xml": scanner.feed}, skip=macros)
        content = scanner.close()
        if content.unreadable is not None:
            raise UnreadableFileError(
                "file-corrupt",
                path,
                reason=Phrase("reason-part-has", {"part": "content.xml", "problem": content.unreadable}),
            )
        self._marks = content.tables
        if content.tables:
            # calamine reads every sheet of the file at once: all of them must fit.
            name, largest = max(content.tables.items(), key=lambda item: item[1].extent.cells)
            extent = largest.extent
            self._budget.check(
                path, content.cells, "sheet-too-large", sheet=name, corner=extent.corner, far=extent.farthest
            )
        limit = self._limits.max_uncompressed_bytes
        if content.text_bytes > limit:
            raise UnreadableFileError(
                "file-too-large",
                path,
                reason=Phrase(
                    "limit-ods-text",
                    {
                        "size": f"{content.text_bytes // MiB} MiB",
                        "limit": f"{limit // MiB} MiB",
                        "variable": UNCOMPRESSED_VARIABLE,
                    },
                ),
            )

    # -- findings about the workbook as a whole -------------------------------------------------

    def file_findings(self) -> list[Finding]:
        """Hidden sheets and macros: warnings about the file as a whole."""
        name = self.loaded.name
        findings = [
            Finding(
                "hidden-sheet",
                Severity.WARNING,
                file=name,
                sheet=sheet.name,
                params={
                    "sheet_name": sheet.name,
                    "state": Phrase(f"sheet-state-{sheet.state.replace(' ', '-')}"),
                },
            )
            for sheet in self.sheets
            if not sheet.visible and not (self.template and sheet.name == TEMPLATE_LISTS_SHEET)
        ]
        if self.has_macros:
            findings.append(Finding("macros-ignored", Severity.WARNING, file=name))
        if self.xls_unchecked:
            findings.append(Finding("xls-unchecked", Severity.WARNING, file=name))
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
        # Only the searches are kept: a sheet's grid is let go as soon as it is not the one.
        near: tuple[str, HeaderSearch] | None = None
        last: tuple[str, HeaderSearch] | None = None
        for sheet in candidates:
            opened = self._open(sheet.name, spec)
            if opened.search.found is not None:
                return opened.source(self, spec)
            if near is None and opened.search.near_miss:
                near = (opened.name, opened.search)
            last = (opened.name, opened.search)
            del opened
        if near is not None:
            raise header_error(path, near[0], near[1], spec)
        if len(candidates) == 1 and last is not None:
            raise header_error(path, last[0], last[1], spec)
        listed = tuple(
            f"«{sheet.name}»"
            if sheet.visible
            else Phrase(f"sheet-listed-{sheet.state.replace(' ', '-')}", {"sheet": sheet.name})
            for sheet in self.sheets
        )
        raise UnreadableFileError(
            "sheet-not-found",
            path,
            table=spec.name,
            sheets=listed or Phrase("sheets-none"),
            expected=spec.sheet_label,
        )

    def _open(self, name: str, spec: TableSpec) -> _OpenedSheet:
        self._check_extent(name)
        sheet: CalamineSheet = _calamine(self.loaded, lambda: self._book.get_sheet_by_name(name))
        start = _calamine(self.loaded, lambda: sheet.start)
        if self.kind == "xls":
            self._check_read_extent(name, sheet)
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

    def _check_extent(self, name: str) -> None:
        """Refuse a worksheet before calamine builds its grid, if the grid would not fit."""
        if self.kind in ("ods", "xls"):
            return  # .ods: checked, all sheets together, before the file was opened; .xls: once read
        path = self.loaded.path
        marks = self._marks.get(name)
        if marks is None:
            raise UnreadableFileError(
                "file-corrupt", path, reason=Phrase("reason-sheet-no-part", {"sheet": name})
            )
        extent = marks.extent
        if extent.invalid is not None:
            raise UnreadableFileError("cell-reference-invalid", path, sheet=name, reference=extent.invalid)
        if extent.unreadable is not None:
            raise UnreadableFileError(
                "file-corrupt",
                path,
                reason=Phrase("reason-sheet-has", {"sheet": name, "problem": extent.unreadable}),
            )
        self._budget.check(
            path, extent.cells, "sheet-too-large", sheet=name, corner=extent.corner, far=extent.farthest
        )

    def _check_read_extent(self, name: str, sheet: CalamineSheet) -> None:
        """The grid of an .xls sheet calamine has read, from A1 to its last cell, within the budget."""
        marks = self._marks.setdefault(name, SheetMarks())
        end = _calamine(self.loaded, lambda: sheet.end)
        if end is not None:
            marks.extent.add(end[0] + 1, end[1])
        extent = marks.extent
        self._budget.check(
            self.loaded.path,
            extent.cells,
            "sheet-too-large",
            sheet=name,
            corner=extent.corner,
            far=extent.farthest,
        )

    def marks(self, sheet: str) -> SheetMarks:
        """Hidden rows, problem cells and extent of a sheet (empty when the sheet was not scanned)."""
        return self._marks.get(sheet) or SheetMarks()

    def first_column(self, name: str) -> Iterator[CellValue]:
        """The values of column A of sheet ``name``, top to bottom, read within the limits."""
        self._check_extent(name)
        sheet: CalamineSheet = _calamine(self.loaded, lambda: self._book.get_sheet_by_name(name))
        if self.kind == "xls":
            self._check_read_extent(name, sheet)
        self.spend(name)
        start = _calamine(self.loaded, lambda: sheet.start)
        if start is None or start[1] != 0:
            return
        for row in _calamine(self.loaded, sheet.iter_rows):
            yield row[0] if row else None

    def spend(self, sheet: str) -> None:
        """The table of ``sheet`` is kept: its cells count against what the run may read."""
        self._budget.spend(self.marks(sheet).extent.cells)


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
        book.spend(self.name)
        marks = book.marks(self.name)
        offset = self.first_column
        cell_marks = (
            marks.cells
            if offset == 0
            else {(row, column - offset): issue for (row, column), issue in marks.cells.items()}
        )
        merged_ranges = _calamine(book.loaded, lambda: self.sheet.merged_cell_ranges) or []
        merged = [(r0 + 1, c0, r1 + 1, c1) for (r0, c0), (r1, c1) in merged_ranges] + marks.merged
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
