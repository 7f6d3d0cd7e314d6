"""Build the corpus of real-world files (``tests/corpus/files/``): one recipe per file.

Usage, from the repository root: ``python tests/corpus/make_corpus.py [FOLDER]`` (default: the
committed folder). Every file of the corpus comes from a recipe here, built from the shipped
example (``examples/domande-esempio.xlsx``) or written from scratch:

- ``.xls``: the example converted by LibreOffice (``soffice --convert-to xls``, "Excel 97"), as
  an office saves it; the committed copy serves machines without LibreOffice.
- ``.xlsb``: LibreOffice reads but cannot write Excel binary workbooks and no Python library
  writes them, so :mod:`tests.corpus.binary_workbooks` writes their records itself.
- the others (OpenDocument with macros or a password, zips named with backslashes, Excel 4.0
  macro sheets, English amounts, a platform's headers) are zips and texts written here.

:data:`CASES` says, for each file, what ``wecare check`` must answer: its exit code and the
error or finding code that matters.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.binary_workbooks import convert, xlsb_from_xlsx  # noqa: E402
from wecare_cli.ingest.cells import parse_amount_text  # noqa: E402

FILES = Path(__file__).resolve().parent / "files"
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"

Recipe = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    recipe: Recipe
    exit_code: int
    code: str
    """The error code (exit 2) or a finding code the check reports."""
    options: tuple[str, ...] = ()
    needs_soffice: bool = False
    """Only LibreOffice builds it (the committed copy is used elsewhere)."""


def example_xls(target: Path) -> None:
    convert(EXAMPLE, target, "xls")


def example_xlsb(target: Path) -> None:
    xlsb_from_xlsx(EXAMPLE, target)


def example_ods(target: Path) -> None:
    convert(EXAMPLE, target, "ods")


def _base(target: Path, name: str) -> Path:
    """A file of the corpus another is made from: the one just built beside ``target``, else the
    committed one."""
    beside = target.parent / name
    return beside if beside.exists() else FILES / name


def _rezip(source: Path, target: Path, changes: dict[str, bytes | None]) -> None:
    """``source`` rewritten into ``target`` part by part, in order: ``changes`` replaces a part
    (None drops it) or adds it at the end; ``mimetype`` stays first and stored."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as rebuilt:
        for info in original.infolist():
            if info.filename in changes and changes[info.filename] is None:
                continue
            data = changes.get(info.filename) or original.read(info.filename)
            _write(rebuilt, info.filename, data, stored=info.compress_type == zipfile.ZIP_STORED)
        for name, added in changes.items():
            if added is not None and name not in original.namelist():
                _write(rebuilt, name, added)


def _write(archive: zipfile.ZipFile, name: str, data: bytes, *, stored: bool = False) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    archive.writestr(info, data)


_BASIC_LIBRARIES = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:libraries PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "libraries.dtd">
<library:libraries xmlns:library="http://openoffice.org/2000/library" \
xmlns:xlink="http://www.w3.org/1999/xlink">
 <library:library library:name="Standard" xlink:href="Basic/Standard/script.xlb/" \
xlink:type="simple" library:link="false"/>
</library:libraries>
"""
_BASIC_LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Module1"/>
</library:library>
"""
_BASIC_MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic" script:moduleType="normal">REM  *****  BASIC  *****

Sub Main
    MsgBox &quot;Graduatoria aggiornata&quot;
End Sub
</script:module>
"""


def ods_with_basic_macros(target: Path) -> None:
    """The example .ods with a LibreOffice Basic module, its parts as LibreOffice writes them
    (each with a DOCTYPE) and listed in the manifest."""
    source = _base(target, "domande-esempio.ods")
    with zipfile.ZipFile(source) as original:
        manifest = original.read("META-INF/manifest.xml").decode()
    entries = "".join(
        f' <manifest:file-entry manifest:full-path="{path}" manifest:media-type="{kind}"/>\n'
        for path, kind in (
            ("Basic/Standard/Module1.xml", "text/xml"),
            ("Basic/Standard/script-lb.xml", "text/xml"),
            ("Basic/script-lc.xml", "text/xml"),
        )
    )
    manifest = manifest.replace("</manifest:manifest>", entries + "</manifest:manifest>")
    _rezip(
        source,
        target,
        {
            "Thumbnails/thumbnail.png": None,
            "META-INF/manifest.xml": manifest.encode(),
            "Basic/Standard/Module1.xml": _BASIC_MODULE.encode(),
            "Basic/Standard/script-lb.xml": _BASIC_LIBRARY.encode(),
            "Basic/script-lc.xml": _BASIC_LIBRARIES.encode(),
        },
    )


_ENCRYPTED_ENTRY = """ <manifest:file-entry manifest:full-path="{path}" manifest:media-type="text/xml" \
manifest:size="{size}">
  <manifest:encryption-data \
manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" \
manifest:checksum="{checksum}">
   <manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" \
manifest:initialisation-vector="{iv}"/>
   <manifest:start-key-generation \
manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/>
   <manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" \
manifest:iteration-count="100000" manifest:salt="{salt}"/>
  </manifest:encryption-data>
 </manifest:file-entry>
"""


def _noise(seed: str, size: int) -> bytes:
    """Bytes that look like cipher text (the same every time)."""
    out = b""
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(f"{seed}{counter}".encode()).digest()
        counter += 1
    return out[:size]


def ods_with_password(target: Path) -> None:
    """The example .ods as LibreOffice saves it with a password: the XML parts replaced by
    cipher text, and the manifest saying how each was encrypted (``manifest:encryption-data``).
    The bytes are not a real AES cipher text (no reader should get as far as decrypting them)."""
    source = _base(target, "domande-esempio.ods")
    changes: dict[str, bytes | None] = {"Thumbnails/thumbnail.png": None}
    entries = ""
    with zipfile.ZipFile(source) as original:
        for part in ("content.xml", "styles.xml", "meta.xml", "settings.xml"):
            size = original.getinfo(part).file_size
            changes[part] = _noise(part, original.getinfo(part).compress_size)
            entries += _ENCRYPTED_ENTRY.format(
                path=part,
                size=size,
                checksum=base64.b64encode(_noise(part + "sum", 32)).decode(),
                iv=base64.b64encode(_noise(part + "iv", 16)).decode(),
                salt=base64.b64encode(_noise(part + "salt", 16)).decode(),
            )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.3">\n'
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\n'
        f"{entries}</manifest:manifest>\n"
    )
    changes["META-INF/manifest.xml"] = manifest.encode()
    _rezip(source, target, changes)


def backslash_names(target: Path) -> None:
    """The example .xlsx with its parts named with backslashes (``xl\\worksheets\\sheet1.xml``),
    as some exporters write them."""
    with zipfile.ZipFile(EXAMPLE) as original, zipfile.ZipFile(target, "w") as rebuilt:
        for info in original.infolist():
            _write(rebuilt, info.filename.replace("/", "\\"), original.read(info.filename))


_MACRO_SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" \
xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">
<sheetData><row r="1"><c r="A1" t="str"><f>ALERT("Domande caricate")</f><v>TRUE</v></c></row>\
<row r="2"><c r="A2" t="str"><f>RETURN()</f><v>TRUE</v></c></row></sheetData></xm:macrosheet>
"""


def excel4_macro_sheet(target: Path) -> None:
    """The example as an .xlsm holding an Excel 4.0 macro sheet (``xl/macrosheets/sheet1.xml``,
    relationship type ``xlMacrosheet``), hidden, as old workbooks keep them."""
    with zipfile.ZipFile(EXAMPLE) as original:
        types = original.read("[Content_Types].xml").decode()
        workbook = original.read("xl/workbook.xml").decode()
        relations = original.read("xl/_rels/workbook.xml.rels").decode()
    types = types.replace(
        "</Types>",
        '<Override PartName="/xl/macrosheets/sheet1.xml" '
        'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>',
    ).replace(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    workbook = workbook.replace(
        "</sheets>", '<sheet name="Macro1" sheetId="99" state="hidden" r:id="rIdMacro1"/></sheets>'
    )
    relations = relations.replace(
        "</Relationships>",
        '<Relationship Id="rIdMacro1" '
        'Type="http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet" '
        'Target="macrosheets/sheet1.xml"/></Relationships>',
    )
    _rezip(
        EXAMPLE,
        target,
        {
            "[Content_Types].xml": types.encode(),
            "xl/workbook.xml": workbook.encode(),
            "xl/_rels/workbook.xml.rels": relations.encode(),
            "xl/macrosheets/sheet1.xml": _MACRO_SHEET,
        },
    )


def highly_compressed(target: Path) -> None:
    """The example with 17 MiB of blanks between the elements of its Domande sheet: a genuine
    file (a spreadsheet program may write long runs of indentation) compressed over 200 times."""
    with zipfile.ZipFile(EXAMPLE) as original:
        sheet = original.read("xl/worksheets/sheet2.xml")
    padded = sheet.replace(b"<sheetData>", b"\n" + b" " * (17 * 1024 * 1024) + b"<sheetData>", 1)
    _rezip(EXAMPLE, target, {"xl/worksheets/sheet2.xml": padded})


AMOUNT_HEADERS = ("Contributo richiesto", "Costo totale")


def _grouped(amount: float, thousands: str, decimals: str) -> str:
    whole, cents = f"{amount:,.2f}".split(".")
    return whole.replace(",", thousands) + decimals + cents + " €"


def _example_csv(target: Path, amount: Callable[[float], str], *, mixed: bool = False) -> None:
    """The applications of the example as a CSV (comma-separated, UTF-8), amounts written by
    ``amount``; with ``mixed``, every other amount the Italian way instead."""
    book = load_workbook(EXAMPLE)
    rows = list(book["Domande"].iter_rows(values_only=True))
    header_row = next(index for index, row in enumerate(rows) if row and row[0] == "Codice domanda")
    header = [str(cell) for cell in rows[header_row] if cell is not None]
    amount_columns = {header.index(name) for name in AMOUNT_HEADERS}
    lines: list[list[str]] = [header]
    for number, row in enumerate(rows[header_row + 1 :]):
        cells: list[str] = []
        for index, value in enumerate(row[: len(header)]):
            if index in amount_columns and isinstance(value, str) and parse_amount_text(value) is not None:
                value = float(parse_amount_text(value) or 0)  # an amount typed as text, the Italian way
            if index in amount_columns and isinstance(value, int | float) and not isinstance(value, bool):
                italian = mixed and number % 2 == 1
                cells.append(_grouped(value, ".", ",") if italian else amount(value))
            elif isinstance(value, datetime):
                cells.append(value.strftime("%d/%m/%Y %H:%M"))
            else:
                cells.append("" if value is None else str(value))
        if any(cells):
            lines.append(cells)
    with target.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(lines)


def italian_csv(target: Path) -> None:
    _example_csv(target, lambda value: _grouped(value, ".", ","))


def english_csv(target: Path) -> None:
    """As an English-locale profile exports it: ``300,000.00 €``."""
    _example_csv(target, lambda value: _grouped(value, ",", "."))


def mixed_csv(target: Path) -> None:
    """Half the amounts the English way, half the Italian way: no convention can be assumed."""
    _example_csv(target, lambda value: _grouped(value, ",", "."), mixed=True)


PLATFORM_HEADERS = {
    "Codice domanda": "ID Pratica",
    "Richiedente": "Ragione sociale beneficiario",
    "Codice fiscale": "Cod. Fiscale Beneficiario",
    "Contributo richiesto": "Importo contributo richiesto",
    "Costo totale": "Costo complessivo progetto",
    "Data presentazione": "Data invio domanda",
}
"""The example's headers as a grants platform exports them."""
PLATFORM_COLUMNS = """
# The headers of the grants platform's export, for the same columns.
columns:
  application_id: ["ID Pratica"]
  applicant_name: ["Ragione sociale beneficiario"]
  applicant_tax_code: ["Cod. Fiscale Beneficiario", "CF beneficiario"]
  requested_amount: ["Importo contributo richiesto"]
  total_cost: ["Costo complessivo progetto"]
  submitted_at: ["Data invio domanda"]
"""


def platform_export(target: Path) -> None:
    """The example with the platform's headers (in both sheets)."""
    book = load_workbook(EXAMPLE)
    for sheet in (book["Domande"], book["Partner"]):
        for row in sheet.iter_rows(max_row=5):
            for cell in row:
                if isinstance(cell.value, str) and cell.value in PLATFORM_HEADERS:
                    cell.value = PLATFORM_HEADERS[cell.value]
    book.save(target)


def platform_measures(target: Path) -> None:
    """The shipped measures.yaml with the platform's headers in ``columns:``."""
    target.write_text(
        (ROOT / "measures.yaml").read_text(encoding="utf-8") + PLATFORM_COLUMNS, encoding="utf-8"
    )


CASES: dict[str, Case] = {
    "domande-esempio.xls": Case(example_xls, 1, "hidden-row", needs_soffice=True),
    "domande-esempio.xlsb": Case(example_xlsb, 1, "hidden-row"),
    "domande-esempio.ods": Case(example_ods, 1, "hidden-row", needs_soffice=True),
    "macro-basic.ods": Case(ods_with_basic_macros, 1, "macros-ignored"),
    "protetto.ods": Case(ods_with_password, 2, "file-encrypted"),
    "barre-rovesciate.xlsx": Case(backslash_names, 1, "hidden-row"),
    "macro-excel4.xlsm": Case(excel4_macro_sheet, 1, "macros-ignored"),
    "molto-compresso.xlsx": Case(highly_compressed, 2, "file-too-large"),
    "importi-italiani.csv": Case(italian_csv, 1, "partners-not-read"),
    "importi-inglesi.csv": Case(english_csv, 1, "amount-column-format"),
    "importi-misti.csv": Case(mixed_csv, 1, "invalid-amount"),
    "piattaforma.xlsx": Case(platform_export, 2, "column-missing"),
}
"""Every file, and what ``wecare check FILE`` answers. The platform's ``measures.yaml`` is made
by :func:`platform_measures` from the current one where a test needs it (not committed: it would
go stale)."""


def build(folder: Path, names: list[str] | None = None, *, with_soffice: bool = True) -> None:
    """Write the files of :data:`CASES` (or only ``names``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, case in CASES.items():
        if names is not None and name not in names:
            continue
        if case.needs_soffice and not with_soffice:
            continue
        case.recipe(folder / name)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else FILES
    build(folder)
    for name in CASES:
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
