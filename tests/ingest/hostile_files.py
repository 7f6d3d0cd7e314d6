"""Recipes of hostile inputs that aim at memory, time or silent data change (no binary is committed).

Each function writes one file in ``folder`` and returns its path: a stray value far from the
data, cell references past the grid, OpenDocument repetitions, huge or wide CSV files, a named
pipe, renamed binary workbooks, a file name that is not UTF-8, a ranking workbook that is a zip
bomb. See :mod:`tests.ingest.sample_files` for the ordinary and the broken files.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from tests.ingest.sample_files import (
    HEADERS_IT,
    ODS_MANIFEST,
    ODS_NAMESPACES,
    _ods_cell,
    _patch_sizes,
    _rezip,
    application,
    applications_sheet,
    write_workbook,
)

# --------------------------------------------------------------------------------------------
# Workbooks that reach far


def stray_value_workbook(folder: Path, cell: str = "XFD1048576") -> Path:
    """Two applications, and a single «x» typed in ``cell``: a 6 KB file."""
    path = write_workbook(folder / "lontano.xlsx", [applications_sheet([application(1), application(2)])])
    book = openpyxl.load_workbook(path)
    book["Domande"][cell] = "x"
    book.save(path)
    return path


def styled_far_cell_workbook(folder: Path) -> Path:
    """Two applications and a cell formatted (bold) but empty in XFD1048576: nothing to read there."""
    path = write_workbook(folder / "formattato.xlsx", [applications_sheet([application(1), application(2)])])
    book = openpyxl.load_workbook(path)
    book["Domande"]["XFD1048576"].font = Font(bold=True)
    book.save(path)
    return path


def reference_past_grid_workbook(folder: Path, row: int = 2**32 + 2) -> Path:
    """B01 on row 2; the cells of B99 (row 3) written with the row ``row``, past the last one.

    A 32-bit reader wraps 2**32 + 2 round to 2: B99 would overwrite B01 with its own values.
    """
    rows = [application(1, application_id="B01"), application(2, application_id="B99")]
    plain = write_workbook(folder / "griglia_base.xlsx", [applications_sheet(rows)])
    with zipfile.ZipFile(plain) as original:
        sheet = original.read("xl/worksheets/sheet1.xml")
    hostile = re.sub(rb'r="([A-Z]+)3"', lambda found: b'r="' + found.group(1) + b"%d" % row + b'"', sheet)
    path = _rezip(plain, folder / "oltre_la_griglia.xlsx", replace={"xl/worksheets/sheet1.xml": hostile})
    plain.unlink()
    return path


def ranking_workbook_bomb(folder: Path, declared: int = 0xFFFF_FFF0) -> Path:
    """A workbook with a very hidden ``_wecare`` sheet (as `wecare rank` writes) whose part
    declares ``declared`` bytes once decompressed."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Graduatoria"
    hidden = book.create_sheet("_wecare")
    hidden.sheet_state = "veryHidden"
    hidden["A1"] = '{"rankings": []}'
    plain = folder / "bomba_base.xlsx"
    book.save(plain)
    path = folder / "graduatoria_bomba.xlsx"
    path.write_bytes(_patch_sizes(plain.read_bytes(), "xl/worksheets/sheet2.xml", uncompressed=declared))
    plain.unlink()
    return path


def ranking_workbook_far_value(folder: Path) -> Path:
    """A ranking workbook whose ``_wecare`` sheet has a stray value in XFD1048576."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Graduatoria"
    hidden = book.create_sheet("_wecare")
    hidden.sheet_state = "veryHidden"
    hidden["A1"] = '{"rankings": []}'
    hidden["XFD1048576"] = "x"
    path = folder / "graduatoria_lontana.xlsx"
    book.save(path)
    return path


def xlsb_renamed(folder: Path) -> Path:
    """An Excel binary workbook (parts ``xl/workbook.bin``, ``xl/worksheets/sheet1.bin``) renamed .xlsx."""
    path = folder / "binario.xlsx"
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>'
        "</Types>"
    )
    relations = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.bin"/></Relationships>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", relations)
        archive.writestr("xl/workbook.bin", b"\x83\x01\x00\x80\x01\x00binary records")
        archive.writestr("xl/worksheets/sheet1.bin", b"\x81\x01\x00binary records")
    return path


# --------------------------------------------------------------------------------------------
# OpenDocument repetitions


def _ods(path: Path, rows: Sequence[str], *, table: str = "Domande") -> Path:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<office:document-content {ODS_NAMESPACES} office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{table}">{"".join(rows)}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST, zipfile.ZIP_DEFLATED)
    return path


def _ods_row(values: Sequence[Any], attributes: str = "") -> str:
    return f"<table:table-row{attributes}>{''.join(map(_ods_cell, values))}</table:table-row>"


def ods_repeated_rows(folder: Path, repeats: int = 1_048_574) -> Path:
    """A 1 KB .ods whose only application row says «repeated ``repeats`` times»."""
    header = _ods_row(HEADERS_IT)
    data = _ods_row(application(1), f' table:number-rows-repeated="{repeats}"')
    return _ods(folder / "ripetute.ods", [header, data])


def ods_repeated_columns(folder: Path, repeats: int = 16_384) -> Path:
    """An .ods whose application row ends with a text cell repeated across ``repeats`` columns."""
    header = _ods_row(HEADERS_IT)
    cell = (
        f'<table:table-cell table:number-columns-repeated="{repeats}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    )
    data = "<table:table-row>" + "".join(map(_ods_cell, application(1))) + cell + "</table:table-row>"
    rows = [header] + [data.replace("FSE3-0001", f"FSE3-{number:04d}") for number in range(1, 300)]
    return _ods(folder / "colonne_ripetute.ods", rows)


def ods_repeated_spaces(folder: Path, spaces: int = 1_000_000_000) -> Path:
    """An .ods whose applicant name is «x» followed by ``spaces`` spaces (``<text:s text:c=...>``)."""
    header = _ods_row(HEADERS_IT)
    cells = "".join(map(_ods_cell, application(1)))
    name = f'<table:table-cell office:value-type="string"><text:p>x<text:s text:c="{spaces}"/></text:p>'
    cells = cells.replace(
        '<table:table-cell office:value-type="string"><text:p>Cooperativa Esempio 1</text:p>', name, 1
    )
    return _ods(folder / "spazi.ods", [header, f"<table:table-row>{cells}</table:table-row>"])


def ods_hidden_rows(folder: Path) -> Path:
    """Applications on rows 2-5 of an .ods; row 3 hidden (collapsed), row 4 filtered out."""
    rows = [
        _ods_row(HEADERS_IT),
        _ods_row(application(1)),
        _ods_row(application(2), ' table:visibility="collapse"'),
        _ods_row(application(3), ' table:visibility="filter"'),
        _ods_row(application(4)),
        '<table:table-row table:number-rows-repeated="1048571"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>',
    ]
    return _ods(folder / "nascoste.ods", rows)


# --------------------------------------------------------------------------------------------
# CSV files


CSV_ROW = [
    "FSE3",
    "attivazione",
    "Cooperativa Esempio",
    "00743110157",
    "impresa-sociale",
    "piccola",
    "Sì",
    "D01",
    "TO",
    "80000,5",
    "100000",
    "20/11/2019 10:30",
    "",
    "72,5",
    "J12H18000010001",
    "coop@pec.it",
]
"""A valid FSE3 application after its id, in the order of ``HEADERS_IT``."""


def large_csv(folder: Path, rows: int = 1_000_000) -> Path:
    """``rows`` applications in a «;» CSV: about 105 bytes a row (a million rows: 105 MB)."""
    path = folder / "grande.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS_IT)
        writer.writerows([f"FSE3-{number:07d}", *CSV_ROW] for number in range(rows))
    return path


def separators_line_csv(folder: Path, size: int = 50_000_000) -> Path:
    """One line of ``size`` bytes, nothing but separators: that many empty cells."""
    path = folder / "riga_infinita.csv"
    path.write_bytes(b";".join(h.encode() for h in HEADERS_IT) + b";" * (size - 300))
    return path


def long_cell_csv(folder: Path, size: int = 50_000_000) -> Path:
    """One application whose applicant name is ``size`` characters long."""
    path = folder / "cella_lunga.csv"
    row = ["FSE3-0001", "FSE3", "attivazione", "x" * size, *CSV_ROW[3:]]
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS_IT)
        writer.writerow(row)
    return path


def applications_csv(folder: Path, name: str = "domande.csv", rows: int = 3) -> Path:
    """A small valid «;» CSV of ``rows`` applications (name as text: it may hold surrogate escapes)."""
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADERS_IT)
        writer.writerows([f"FSE3-{number:04d}", *CSV_ROW] for number in range(1, rows + 1))
    return path


def latin1_named_csv(folder: Path) -> Path:
    """A valid CSV whose file name is «caffè.csv» written in Latin-1: not valid UTF-8."""
    return applications_csv(folder, os.fsdecode(b"caff\xe8.csv"))


def named_pipe(folder: Path) -> Path:
    """A FIFO named like a CSV: opening it for reading waits for a writer that never comes."""
    path = folder / "domande.csv"
    os.mkfifo(path)
    return path
