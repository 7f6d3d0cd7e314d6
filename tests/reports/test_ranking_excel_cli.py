"""`wecare rank FILE --output graduatoria.xlsx`: from an officer's spreadsheet to the workbook."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.exit_codes import ExitCode
from wecare_cli.ingest.model import APPLICATION_COLUMNS

HYPERLINK = '=HYPERLINK("http://x","y")'
COLUMNS = [
    "application_id",
    "measure",
    "line",
    "applicant_name",
    "applicant_tax_code",
    "applicant_type",
    "enterprise_size",
    "requested_amount",
    "total_cost",
    "submitted_at",
    "score",
]
ROWS: list[list[object]] = [
    ["FSE3-001", "FSE3", "attivazione", "Tessiture Biellesi srl", "00743110157", "impresa", "piccola",
     80000, 100000, datetime(2020, 2, 20, 11, 0), 90],
    ["FSE3-002", "FSE3", "attivazione", HYPERLINK, "00743110157", "impresa", "piccola",
     60000, 80000, datetime(2020, 2, 20, 12, 0), 80],
    ["FSE3-003", "FSE3", "attivazione", "Comune di Biella", "00743110157", "comune", None,
     70000, 90000, datetime(2020, 2, 21, 9, 0), 85],
]  # fmt: skip


def intake(path: Path) -> Path:
    """An applications workbook with the Italian headers officers write."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Domande"
    sheet.append([APPLICATION_COLUMNS[name] for name in COLUMNS])
    for values in ROWS:
        sheet.append(values)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text in the officer's file, not a formula
    book.save(path)
    return path


def test_wecare_rank_writes_the_graduatoria_workbook(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = intake(tmp_path / "domande.xlsx")
    result = CliRunner().invoke(
        app,
        ["rank", source.name, "--output", "graduatoria-{date}.xlsx", "--as-of", "2020-03-01", "--lang", "it"],
    )
    assert result.exit_code == ExitCode.FINDINGS, result.output  # one application is not eligible
    written = tmp_path / "graduatoria-2020-03-01.xlsx"
    book = load_workbook(written)
    assert book.sheetnames == [
        "Riepilogo",
        "FSE1",
        "FSE2",
        "FSE3",
        "FESR",
        "FSE4",
        "Non ammesse",
        "Anomalie dati",
        "Legenda",
        "_wecare",
    ]
    graduatoria = [
        (row[1].value, row[2].value, row[3].value, row[3].data_type)
        for row in book["FSE3"].iter_rows(min_row=2)
        if row[0].value == "attivazione"
    ]
    assert graduatoria == [
        (1, "FSE3-001", "Tessiture Biellesi srl", "s"),
        (2, "FSE3-002", HYPERLINK, "s"),
    ]
    reasons = [
        (r[0].value, r[4].value, r[8].value, r[9].value) for r in book["Non ammesse"].iter_rows(min_row=2)
    ]
    assert reasons == [
        ("FSE3-003", "applicant-type-not-allowed", 4, "Tipologia richiedente"),
        ("FSE3-003", "missing-value", 4, "Dimensione impresa"),
    ]
    inputs = [
        (r[1].value, r[2].value)
        for r in book["Legenda"].iter_rows(min_row=2)
        if r[0].value == "File in ingresso"
    ]
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert inputs == [
        (
            "domande.xlsx",
            f"SHA-256 {digest}\n"
            "xlsx, foglio «Domande», intestazione alla riga 1, 3 righe di dati (applications)",
        )
    ]
    # No temporary workbook left behind.
    assert {p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"} == {
        "domande.xlsx",
        "graduatoria-2020-03-01.xlsx",
    }
