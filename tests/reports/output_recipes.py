"""Recipes of the files the output-safety tests put where a report goes: wecare's own earlier
reports (with their marker), a workbook wecare did not write, hostile zips, a large intake.

Everything is built here, in a temporary folder: no binary file is committed.
"""

from __future__ import annotations

import csv
import errno
import io
import os
import zipfile
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import openpyxl
import pytest

from tests.ingest.sample_files import HEADERS_IT, application
from wecare_cli.reports.atomic import CUSTOM_PROPERTIES, MARKER_PROPERTY, ReportKind, marker_value
from wecare_cli.reports.workbook import open_workbook

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def custom_properties(value: str, name: str = MARKER_PROPERTY) -> str:
    """``docProps/custom.xml`` holding one text property, as xlsxwriter writes it."""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{name}">'
        f"<vt:lpwstr>{value}</vt:lpwstr></property></Properties>"
    )


def wecare_report(path: Path, kind: ReportKind = ReportKind.RANK, text: str = "earlier report") -> Path:
    """A small workbook marked as a wecare report of ``kind`` (what an earlier run left)."""
    workbook = open_workbook(path, kind)
    workbook.add_worksheet("Riepilogo").write_string(0, 0, text)
    workbook.close()
    return path


def foreign_workbook(path: Path) -> Path:
    """An officer's own workbook, not written by wecare (no marker)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Domande"
    sheet.append(list(HEADERS_IT))
    sheet.append(application(1))
    workbook.save(path)
    return path


def zip_with(path: Path, parts: dict[str, str | bytes]) -> Path:
    """A zip holding ``parts`` (name -> content), with a content-types part like any workbook."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        for name, content in parts.items():
            archive.writestr(name, content)
    return path


def marker_with_entities(path: Path) -> Path:
    """A marker property whose value comes from an entity (billion-laughs style): never expanded."""
    document = (
        '<?xml version="1.0"?><!DOCTYPE Properties [<!ENTITY kind "rank/0">]>'
        + custom_properties("&kind;").split("?>", 1)[1]
    )
    return zip_with(path, {CUSTOM_PROPERTIES: document})


def marker_after_padding(path: Path, size: int) -> Path:
    """A marker at the end of a ``custom.xml`` of ``size`` bytes (comment padding before it)."""
    document = custom_properties(marker_value(ReportKind.RANK))
    head, _, body = document.partition("\n")
    padding = "<!--" + "x" * max(size - len(document) - 7, 0) + "-->"
    return zip_with(path, {CUSTOM_PROPERTIES: f"{head}\n{padding}{body}"})


def marker_behind_a_large_directory(path: Path, parts: int) -> Path:
    """A marked zip whose central directory holds ``parts`` entries (more than a report has)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(CUSTOM_PROPERTIES, custom_properties(marker_value(ReportKind.RANK)))
        for number in range(parts):
            archive.writestr(f"xl/media/padding-{number:06d}-{'p' * 64}.bin", b"")
    return path


def large_intake(folder: Path, count: int) -> Path:
    """A day's intake of ``count`` valid FSE3 applications, as the UTF-8 CSV a portal exports."""
    path = folder / "domande.csv"
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS_IT)
        for number in range(1, count + 1):
            writer.writerow(
                value.strftime("%d/%m/%Y %H:%M") if isinstance(value, datetime) else value
                for value in application(number, score=40 + number % 60)
            )
    return path


class FillingFile:
    """A file on a disk with ``room`` bytes left: any write beyond them fails with ENOSPC."""

    def __init__(self, stream: IO[bytes], room: int) -> None:
        self._stream = stream
        self._room = room

    def write(self, data: bytes) -> int:
        if len(data) > self._room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self._room -= len(data)
        return self._stream.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def fill_the_disk(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    """From now on, the zip of any workbook written finds only ``room`` bytes on the disk (the
    way xlsxwriter meets a full disk: its zip file's writes fail, and keep failing)."""
    original = io.open

    def opened(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        stream = original(file, mode, *args, **kwargs)
        if mode == "w+b" and str(file).endswith(".xlsx"):
            return FillingFile(stream, room)
        return stream

    monkeypatch.setattr(io, "open", opened)
