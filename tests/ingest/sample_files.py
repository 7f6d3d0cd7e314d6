"""Recipes of the input files used by the ingest tests: every workbook and CSV is built here.

The tests call these functions to write each file in a temporary folder;
``python tests/fixtures/inputs/make_fixtures.py [FOLDER]`` writes them all to FOLDER (by default
``tests/fixtures/inputs``) to try them with ``wecare check`` by hand. No binary file is committed:
the recipes are the fixtures.

Workbooks are written with openpyxl (hidden sheets and rows, merged cells, the 1904 date
system, formulas without a cached value) or XlsxWriter (formulas with a cached error result),
and hostile files are assembled byte by byte with :mod:`zipfile`.
"""

from __future__ import annotations

import re
import struct
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
import xlsxwriter
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from stdnum import luhn
from stdnum.it import codicefiscale

DEFAULT_FOLDER = Path(__file__).resolve().parents[1] / "fixtures" / "inputs"

HEADERS_IT: tuple[str, ...] = (
    "Codice domanda",
    "Misura",
    "Linea",
    "Richiedente",
    "Codice fiscale",
    "Tipologia richiedente",
    "Dimensione impresa",
    "Senza scopo di lucro",
    "Distretto",
    "Provincia sede",
    "Contributo richiesto",
    "Costo totale",
    "Data presentazione",
    "Fase",
    "Punteggio",
    "CUP",
    "PEC",
)
"""The Italian headers, in the order of ``APPLICATION_COLUMNS``."""

PARTNER_HEADERS_IT: tuple[str, ...] = (
    "Codice domanda",
    "Denominazione partner",
    "Codice fiscale partner",
    "Tipologia partner",
    "Provincia sede partner",
)


def partita_iva(seed: int, office: int = 1) -> str:
    """A valid 11-digit partita IVA (seven digits from ``seed``, office code, Luhn check digit)."""
    base = f"{seed % 10_000_000:07d}{office:03d}"
    return base + luhn.calc_check_digit(base)


PIVA_TORINO = "00743110157"
"""A valid partita IVA (the example of python-stdnum's documentation)."""
PIVA_ALBIANO = "01735420018"
"""Albiano d'Ivrea's codice fiscale: stored as a number it loses its leading zero."""
CF_PERSON = "RCCMNL83S18D969H"
"""A valid personal codice fiscale (python-stdnum's example)."""


def omocodic(code: str) -> str:
    """The same person's codice fiscale with its last digit replaced by a letter (omocodia)."""
    letters = "LMNPQRSTUV"
    body = code[:14] + letters[int(code[14])]
    return body + codicefiscale.calc_check_digit(body)


CF_OMOCODIC = omocodic(CF_PERSON)


def application(number: int, **changes: Any) -> list[Any]:
    """A valid application row in the order of :data:`HEADERS_IT`; ``changes`` by canonical name."""
    values: dict[str, Any] = {
        "application_id": f"FSE3-{number:04d}",
        "measure": "FSE3",
        "line": "attivazione",
        "applicant_name": f"Cooperativa Esempio {number}",
        "applicant_tax_code": partita_iva(1000 + number),
        "applicant_type": "impresa-sociale",
        "enterprise_size": "piccola",
        "non_profit": "Sì",
        "district": "D01",
        "seat_province": "TO",
        "requested_amount": 80000.5,
        "total_cost": 100000,
        "submitted_at": datetime(2019, 11, 20, 10, 30),
        "phase": None,
        "score": 72.5,
        "cup": "J12H18000010001",
        "pec": f"coop{number}@pec.it",
    }
    for name, value in changes.items():
        if name not in values:
            raise KeyError(name)
        values[name] = value
    return list(values.values())


@dataclass
class Sheet:
    """One sheet of a workbook written with openpyxl."""

    name: str
    rows: Sequence[Sequence[Any]]
    first_row: int = 1
    first_column: int = 1
    state: str = "visible"
    hidden_rows: Sequence[int] = ()
    merged: Sequence[str] = ()
    number_formats: dict[str, str] = field(default_factory=dict)
    """Cell reference -> number format (e.g. a date format)."""


def write_workbook(path: Path, sheets: Sequence[Sheet], *, date1904: bool = False) -> Path:
    """An .xlsx (or .xlsm) with these sheets; datetimes get a date format, as Excel does."""
    book = openpyxl.Workbook()
    default = book.active
    assert default is not None
    if date1904:
        book.epoch = CALENDAR_MAC_1904
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        sheet.sheet_state = spec.state
        for r, row in enumerate(spec.rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                cell = sheet.cell(row=spec.first_row + r, column=spec.first_column + c, value=value)
                if isinstance(value, datetime):
                    cell.number_format = "dd/mm/yyyy hh:mm"
                elif isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
        for reference, number_format in spec.number_formats.items():
            sheet[reference].number_format = number_format
        for number in spec.hidden_rows:
            sheet.row_dimensions[number].hidden = True
        for cell_range in spec.merged:
            sheet.merge_cells(cell_range)
    book.remove(default)
    book.save(path)
    return path


def applications_sheet(rows: Sequence[Sequence[Any]], **options: Any) -> Sheet:
    """A «Domande» sheet: the Italian header on the first row, then ``rows``."""
    return Sheet("Domande", [HEADERS_IT, *rows], **options)


# --------------------------------------------------------------------------------------------
# Readable files


def titled_workbook(folder: Path) -> Path:
    """Two title rows above the header (row 3), data from column B, a partners sheet, a hidden
    first sheet of lists, an extra «Note» column, Napoli's NA, a number-stored tax code."""
    rows: list[list[Any]] = [
        [*application(1), "prima domanda"],
        [*application(2, seat_province="NA", applicant_tax_code=1735420018.0), None],
        [
            *application(3, applicant_tax_code=CF_PERSON.lower(), applicant_type="Cooperativa sociale"),
            "persona",
        ],
        [*application(4, applicant_tax_code=CF_OMOCODIC, requested_amount="1.234,56 €"), None],
    ]
    domande = Sheet(
        "Domande",
        [
            ["Regione Piemonte – WE.CA.RE. Welfare Cantiere Regionale"],
            ["Domande ricevute – misura FSE3"],
            [*HEADERS_IT, "Note"],
            *rows,
        ],
        first_column=2,
    )
    partners = Sheet(
        "Partner",
        [
            list(PARTNER_HEADERS_IT),
            ["FSE3-0001", "Associazione Uno", partita_iva(5001), "odv", "TO"],
            ["FSE3-0001", "Associazione Due", partita_iva(5002), "ETS", "CN"],
            ["FSE3-0002", "Associazione Tre", 1735420018, "odv", "NO"],
        ],
    )
    lists = Sheet("Liste", [["Tipologie"], ["comune"], ["ets"]], state="hidden")
    return write_workbook(folder / "domande_titolo.xlsx", [lists, domande, partners])


def messy_cells_workbook(folder: Path) -> Path:
    """One problem per row, each in a known cell (see the test for the exact findings)."""
    rows = [
        application(1),  # row 2: clean
        application(2, applicant_tax_code=1735420018),  # row 3: zeros lost, recoverable
        application(3, applicant_tax_code=123456789),  # row 4: zeros lost, only a guess
        application(4, applicant_tax_code="RSSMRA85T10A562X"),  # row 5: wrong check character
        application(5, applicant_tax_code="\u200b" + PIVA_TORINO),  # row 6: zero-width space
        application(6, requested_amount="1.234,5O €"),  # row 7: letter O
        application(7, requested_amount="12,5%", total_cost=-5.0),  # row 8
        application(8, submitted_at="03/25/2024"),  # row 9: month first
        application(9, submitted_at="31/02/2024"),  # row 10: no such day
        application(10, submitted_at=45356),  # row 11: serial in a General cell
        application(11, submitted_at="05/03/2024"),  # row 12: date only
        application(12, applicant_type="fondazione bancaria", non_profit="forse"),  # row 13
        application(13, cup="ABC", pec="not an address"),  # row 14
        application(14, pec="ufficio@comune.example.it"),  # row 15
        application(15, application_id=None, applicant_name="   "),  # row 16: empty required
        application(16, seat_province="NA", district="n.d.", line="-", phase="NULL"),  # row 17
        application(17, score="ottimo"),  # row 18
        application(18, applicant_name="Coop «Ünïcödé» 🚀 עברית\n" + "x" * 30000),  # row 19
        application(19, application_id=101.0, submitted_at="2024-03-05T10:30:00+00:00"),  # row 20
    ]
    return write_workbook(folder / "celle.xlsx", [applications_sheet(rows)])


def gaps_and_hidden_workbook(folder: Path) -> Path:
    """Blank rows between applications, a hidden row, merged cells inside the data."""
    rows: list[Sequence[Any]] = [
        application(1),  # 2
        application(2),  # 3
        [],  # 4
        [],  # 5
        application(3),  # 6
        application(4),  # 7 hidden
        application(5),  # 8  (merged B8:B9)
        application(6, measure=None),  # 9
    ]
    sheet = applications_sheet(rows, hidden_rows=(7,), merged=("B8:B9",))
    return write_workbook(folder / "buchi.xlsx", [sheet])


def workbook_1904(folder: Path) -> Path:
    """A workbook in the 1904 date system: a date cell and a serial number in a General cell."""
    rows = [
        application(1, submitted_at=datetime(2019, 11, 20, 10, 30)),
        application(2, submitted_at=43788),  # 1904 system: 20/11/2023
    ]
    return write_workbook(folder / "mac_1904.xlsx", [applications_sheet(rows)], date1904=True)


def formulas_workbook(folder: Path, repeated: bool = False) -> Path:
    """Formulas: cached error results (written by XlsxWriter with their cached value); ``repeated``:
    the same formula and error in rows 3 and 4."""
    path = folder / "formule.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Domande")
    sheet.write_row(0, 0, HEADERS_IT)
    for r, row in enumerate([application(1), application(2), application(3)], start=1):
        for c, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, book.add_format({"num_format": "dd/mm/yyyy hh:mm"}))
            elif value is not None:
                sheet.write(r, c, value)
    sheet.write_formula("K3", "=L3/0", None, "#DIV/0!")
    if repeated:
        sheet.write_formula("K4", "=L3/0", None, "#DIV/0!")
    else:
        sheet.write_formula("L4", "=NA()", None, "#N/A")
    book.close()
    return path


def uncalculated_workbook(folder: Path) -> Path:
    """A formula written by a program, never calculated (openpyxl stores no cached value)."""
    rows = [application(1), application(2, total_cost="=K3*2")]
    return write_workbook(folder / "non_calcolato.xlsx", [applications_sheet(rows)])


def prefixed_workbook(folder: Path) -> Path:
    """Sheet XML whose elements carry a namespace prefix (<x:row>, <x:c>), as some .NET writers do;
    with a hidden row and a formula never calculated, to check they are still seen."""
    rows = [application(1), application(2, total_cost="=K3*2")]
    plain = write_workbook(folder / "prefisso_base.xlsx", [applications_sheet(rows, hidden_rows=(3,))])
    with zipfile.ZipFile(plain) as original:
        sheet = original.read("xl/worksheets/sheet1.xml")
    prefixed = re.sub(rb"<(/?)([A-Za-z]\w*)", rb"<\1x:\2", sheet).replace(
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        1,
    )
    path = _rezip(plain, folder / "prefisso.xlsx", replace={"xl/worksheets/sheet1.xml": prefixed})
    plain.unlink()
    return path


def macro_workbook(folder: Path) -> Path:
    """An .xlsm holding a VBA project."""
    plain = write_workbook(folder / "macro_base.xlsx", [applications_sheet([application(1)])])
    path = folder / "macro.xlsm"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really VBA")
    plain.unlink()
    return path


def header_only_workbook(folder: Path) -> Path:
    return write_workbook(folder / "solo_intestazione.xlsx", [applications_sheet([])])


def canonical_headers_workbook(folder: Path) -> Path:
    """Canonical names as headers, with case, NBSP, zero-width and underscores, in another order."""
    header = [
        "APPLICATION_ID",
        "Measure",
        "applicant\u00a0name",
        "Applicant_Tax_Code\u200b",
        " applicant  type ",
        "Requested Amount",
        "total_cost",
        "Submitted_At",
    ]
    row = ["A-1", "FSE3", "Ente Uno", PIVA_TORINO, "comune", 1000, 2000, datetime(2019, 11, 20, 9, 0)]
    return write_workbook(folder / "canonici.xlsx", [Sheet("Foglio1", [header, row])])


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, datetime):
        kind, attribute, shown = "date", f' office:date-value="{value.isoformat()}"', value.isoformat()
    elif isinstance(value, int | float):
        kind, attribute, shown = "float", f' office:value="{value}"', str(value)
    else:
        kind, attribute, shown = "string", "", escape(str(value))
    cell = f'<table:table-cell office:value-type="{kind}"{attribute}>'
    return f"{cell}<text:p>{shown}</text:p></table:table-cell>"


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


ODS_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def ods_workbook(folder: Path, *, mimetype: str = "application/vnd.oasis.opendocument.spreadsheet") -> Path:
    """A LibreOffice Calc spreadsheet, written by hand: the mimetype entry first, then content.xml."""
    rows = [HEADERS_IT, application(1), application(2, applicant_tax_code=1735420018)]
    body = "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="Domande">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    path = folder / "domande.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    return path


def applications_csv_cp1252(folder: Path) -> Path:
    """Italian Excel's «CSV (delimitato dal separatore di elenco)»: «;» and Windows-1252."""
    lines = [
        ";".join(HEADERS_IT),
        "FSE3-0001;FSE3;attivazione;Società Più;00743110157;comune;;sì;D01;TO;1.234,56 €;2.000,00;"
        "20/11/2019 10:30;;;;",
        "FSE3-0002;FSE3;attivazione;Ente Due;1735420018;comune;;no;D02;NA;€ 500;1000;20/11/2019;;;;",
    ]
    path = folder / "domande_cp1252.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def applications_csv_utf8_bom(folder: Path) -> Path:
    """«CSV UTF-8» with a BOM, comma-separated, a quoted value with a line break, a ragged row."""
    lines = [
        ",".join(HEADERS_IT),
        'FSE3-0001,FSE3,attivazione,"Cooperativa ""La Più""\nseconda riga",00743110157,comune,,sì,D01,TO,'
        '"1234,56",2000,2019-11-20T10:30,,,,',
        "",
        "FSE3-0002,FSE3,attivazione,Ente Due,00743110157,comune,,no,D02,TO,500,1000,20/11/2019,,,,,"
        "in più,ancora",
    ]
    path = folder / "domande_bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode("utf-8") + b"\n")
    return path


def applications_csv_utf16_tabs(folder: Path) -> Path:
    """Excel's «Testo Unicode»: UTF-16 with a BOM, tab-separated."""
    lines = [
        "\t".join(HEADERS_IT),
        "\t".join(
            [
                "FSE3-0001",
                "FSE3",
                "attivazione",
                "Ente Uno",
                PIVA_TORINO,
                "comune",
                "",
                "sì",
                "D01",
                "TO",
                "1000",
                "2000",
                "20/11/2019 10:30",
                "",
                "",
                "",
                "",
            ]
        ),
    ]
    path = folder / "domande_utf16.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    return path


def partners_csv(folder: Path) -> Path:
    lines = [
        ";".join(PARTNER_HEADERS_IT),
        f"FSE3-0001;Associazione Uno;{partita_iva(7001)};odv;TO",
        "FSE3-0001;Associazione Due;;terzo settore;NA",
    ]
    path = folder / "partner.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# Files that cannot be read


def empty_file(folder: Path) -> Path:
    path = folder / "vuoto.xlsx"
    path.write_bytes(b"")
    return path


def html_renamed(folder: Path) -> Path:
    """What many portals export as «Excel»: an HTML table."""
    path = folder / "export_portale.xlsx"
    path.write_text(
        "<html><body><table><tr><td>Codice domanda</td></tr></table></body></html>", encoding="utf-8"
    )
    return path


def csv_renamed(folder: Path) -> Path:
    path = folder / "rinominato.xlsx"
    path.write_text(";".join(HEADERS_IT) + "\n", encoding="utf-8")
    return path


OLE2_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
"""The signature of an OLE2 compound file, and nothing else."""

_FREE, _END, _FAT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD


def _ole2_entry(name: str, kind: int, child: int = _FREE, right: int = _FREE) -> bytes:
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    entry = encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
    entry += struct.pack("<III", _FREE, right, child) + b"\x00" * 36
    return entry + struct.pack("<IQ", _END, 0)


def ole2_container(streams: Sequence[str]) -> bytes:
    """A compound file (version 3, 512-byte sectors) whose root holds empty streams of these names.

    Sector 0 is the FAT, sector 1 the directory: enough for any reader to list the streams.
    """
    header = OLE2_HEADER[:8] + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
    header += b"\x00" * 6 + struct.pack("<IIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END) + struct.pack("<I", 0)
    header += struct.pack("<I", 0) + struct.pack("<I", _FREE) * 108
    fat = struct.pack("<II", _FAT, _END) + struct.pack("<I", _FREE) * 126
    entries = [_ole2_entry("Root Entry", 5, child=1 if streams else _FREE)]
    for index, name in enumerate(streams, start=1):
        entries.append(_ole2_entry(name, 2, right=index + 1 if index < len(streams) else _FREE))
    directory = b"".join(entries).ljust(512 * ((len(entries) * 128 + 511) // 512), b"\x00")
    return header + fat + directory


def legacy_xls(folder: Path) -> Path:
    """An Excel 97-2003 workbook that lists no sheet: an OLE2 container with an empty «Workbook» stream."""
    path = folder / "vecchio.xls"
    path.write_bytes(ole2_container(["Workbook", "\x05SummaryInformation"]))
    return path


def encrypted_xlsx(folder: Path) -> Path:
    """A password-protected .xlsx is an OLE2 container holding the encrypted package, not a zip."""
    path = folder / "protetto.xlsx"
    path.write_bytes(ole2_container(["\x06DataSpaces", "EncryptionInfo", "EncryptedPackage"]))
    return path


def legacy_xls_renamed(folder: Path) -> Path:
    """An old .xls renamed .xlsx: not to be taken for a password-protected workbook."""
    path = folder / "vecchio_rinominato.xlsx"
    path.write_bytes(ole2_container(["Workbook"]))
    return path


def word_document_renamed(folder: Path) -> Path:
    """A Word 97-2003 document renamed .xlsx: an OLE2 container that is no workbook at all."""
    path = folder / "lettera.xlsx"
    path.write_bytes(ole2_container(["WordDocument", "1Table"]))
    return path


def truncated_xlsx(folder: Path) -> Path:
    """Half a workbook, as after an interrupted download."""
    whole = write_workbook(folder / "intero.xlsx", [applications_sheet([application(1)])])
    data = whole.read_bytes()
    whole.unlink()
    path = folder / "troncato.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _rezip(
    source: Path, target: Path, *, drop: Sequence[str] = (), replace: dict[str, bytes] | None = None
) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as rebuilt:
        for info in original.infolist():
            if info.filename in drop:
                continue
            data = (replace or {}).get(info.filename, original.read(info.filename))
            rebuilt.writestr(info.filename, data)
    return target


def without_content_types(folder: Path) -> Path:
    whole = write_workbook(folder / "base_ct.xlsx", [applications_sheet([application(1)])])
    path = _rezip(whole, folder / "senza_content_types.xlsx", drop=["[Content_Types].xml"])
    whole.unlink()
    return path


def without_workbook_part(folder: Path) -> Path:
    whole = write_workbook(folder / "base_wb.xlsx", [applications_sheet([application(1)])])
    path = _rezip(whole, folder / "senza_workbook.xlsx", drop=["xl/workbook.xml"])
    whole.unlink()
    return path


def _patch_sizes(data: bytes, name: str, *, uncompressed: int) -> bytes:
    """Make the archive declare ``uncompressed`` bytes for entry ``name`` (central and local headers)."""
    encoded = name.encode()
    patched = bytearray(data)
    central = patched.find(b"PK\x01\x02")
    while central >= 0:
        name_length = int.from_bytes(patched[central + 28 : central + 30], "little")
        if bytes(patched[central + 46 : central + 46 + name_length]) == encoded:
            patched[central + 24 : central + 28] = uncompressed.to_bytes(4, "little")
            local = int.from_bytes(patched[central + 42 : central + 46], "little")
            patched[local + 22 : local + 26] = uncompressed.to_bytes(4, "little")
        central = patched.find(b"PK\x01\x02", central + 4)
    return bytes(patched)


def declared_bomb(folder: Path) -> Path:
    """A small file whose sheet declares 4 GB once decompressed."""
    whole = write_workbook(folder / "base_bomb.xlsx", [applications_sheet([application(1)])])
    path = folder / "bomba.xlsx"
    path.write_bytes(_patch_sizes(whole.read_bytes(), "xl/worksheets/sheet1.xml", uncompressed=0xFFFF_FFF0))
    whole.unlink()
    return path


def lying_bomb(folder: Path) -> Path:
    """A sheet that declares 2 KB but inflates to 8 MB of blanks: caught while decompressing."""
    whole = write_workbook(folder / "base_lie.xlsx", [applications_sheet([application(1)])])
    with zipfile.ZipFile(whole) as original:
        sheet = original.read("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"<sheetData>", b"<sheetData>" + b" " * (8 * 1024 * 1024), 1)
    rebuilt = _rezip(whole, folder / "base_lie2.xlsx", replace={"xl/worksheets/sheet1.xml": padded})
    path = folder / "bugiardo.xlsx"
    path.write_bytes(_patch_sizes(rebuilt.read_bytes(), "xl/worksheets/sheet1.xml", uncompressed=2048))
    whole.unlink()
    rebuilt.unlink()
    return path


def too_many_parts(folder: Path) -> Path:
    path = folder / "troppe_parti.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        for number in range(10_001):
            archive.writestr(f"x/{number}.txt", "")
    return path


BILLION_LAUGHS = (
    b'<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    b' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
    b' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
)


def billion_laughs(folder: Path) -> Path:
    """Entity expansion in the sheet XML (the «billion laughs» attack)."""
    whole = write_workbook(folder / "base_lol.xlsx", [applications_sheet([application(1)])])
    with zipfile.ZipFile(whole) as original:
        sheet = original.read("xl/worksheets/sheet1.xml")
    hostile = BILLION_LAUGHS + sheet.replace(b"FSE3-0001", b"&lol3;", 1)
    path = _rezip(whole, folder / "risate.xlsx", replace={"xl/worksheets/sheet1.xml": hostile})
    whole.unlink()
    return path


def external_entity(folder: Path) -> Path:
    """An external entity in the workbook part (XXE)."""
    whole = write_workbook(folder / "base_xxe.xlsx", [applications_sheet([application(1)])])
    with zipfile.ZipFile(whole) as original:
        workbook = original.read("xl/workbook.xml")
    hostile = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + workbook
    path = _rezip(whole, folder / "xxe.xlsx", replace={"xl/workbook.xml": hostile})
    whole.unlink()
    return path


def no_header_workbook(folder: Path) -> Path:
    sheet = Sheet("Domande", [["Elenco"], ["nessuna intestazione qui"], [1, 2, 3]])
    return write_workbook(folder / "senza_intestazione.xlsx", [sheet])


def wrong_sheets_workbook(folder: Path) -> Path:
    return write_workbook(
        folder / "fogli_sbagliati.xlsx",
        [
            Sheet("Riepilogo", [["Totale", 3]]),
            Sheet("Note", [["nulla"]]),
            Sheet("Liste", [["x"]], state="hidden"),
        ],
    )


def missing_column_workbook(folder: Path) -> Path:
    header = [h for h in HEADERS_IT if h != "Costo totale"]
    row = [v for h, v in zip(HEADERS_IT, application(1), strict=True) if h != "Costo totale"]
    return write_workbook(folder / "colonna_mancante.xlsx", [Sheet("Domande", [["Titolo"], header, row])])


def duplicate_column_workbook(folder: Path) -> Path:
    header = [*HEADERS_IT, "codice_fiscale"]
    return write_workbook(
        folder / "colonna_doppia.xlsx", [Sheet("Domande", [header, [*application(1), PIVA_TORINO]])]
    )


Recipe = Callable[[Path], Path]

READABLE: dict[str, Recipe] = {
    "titled": titled_workbook,
    "messy": messy_cells_workbook,
    "gaps": gaps_and_hidden_workbook,
    "mac1904": workbook_1904,
    "formulas": formulas_workbook,
    "uncalculated": uncalculated_workbook,
    "macro": macro_workbook,
    "prefixed": prefixed_workbook,
    "canonical": canonical_headers_workbook,
    "ods": ods_workbook,
    "csv_cp1252": applications_csv_cp1252,
    "csv_bom": applications_csv_utf8_bom,
    "csv_utf16": applications_csv_utf16_tabs,
}
"""Files that are read (their problems are findings)."""

UNREADABLE: dict[str, tuple[Recipe, str]] = {
    "empty": (empty_file, "file-empty"),
    "html": (html_renamed, "file-not-xlsx"),
    "csv_renamed": (csv_renamed, "file-not-xlsx"),
    "legacy": (legacy_xls, "file-corrupt"),
    "encrypted": (encrypted_xlsx, "file-encrypted"),
    "legacy_renamed": (legacy_xls_renamed, "file-corrupt"),
    "word_renamed": (word_document_renamed, "file-format-unsupported"),
    "truncated": (truncated_xlsx, "file-corrupt"),
    "no_content_types": (without_content_types, "file-corrupt"),
    "no_workbook": (without_workbook_part, "file-corrupt"),
    "declared_bomb": (declared_bomb, "file-too-large"),
    "lying_bomb": (lying_bomb, "file-too-large"),
    "too_many_parts": (too_many_parts, "file-too-large"),
    "billion_laughs": (billion_laughs, "file-unsafe"),
    "external_entity": (external_entity, "file-unsafe"),
    "no_header": (no_header_workbook, "header-not-found"),
    "wrong_sheets": (wrong_sheets_workbook, "sheet-not-found"),
    "missing_column": (missing_column_workbook, "column-missing"),
    "duplicate_column": (duplicate_column_workbook, "duplicate-column"),
}
"""Files that cannot be read at all, with the code of the error they raise."""


def main(argv: Sequence[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else DEFAULT_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    recipes: list[Recipe] = [*READABLE.values(), *(recipe for recipe, _ in UNREADABLE.values())]
    recipes += [header_only_workbook, partners_csv]
    for recipe in recipes:
        print(recipe(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
