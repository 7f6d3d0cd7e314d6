"""Build examples/eventi-esempio.xlsx: the events of examples/eventi.yaml as an «Eventi» sheet.

The same events, for officers who keep them in Excel: one row per act, the Italian headers
`wecare rank --events` reads (Data, Atto, Evento, Codice domanda, Misura, Linea, Importo), a
title above them. Run: ``python examples/make_eventi.py``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from openpyxl import Workbook
from openpyxl.styles import Font

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "eventi.yaml"
TARGET = HERE / "eventi-esempio.xlsx"

COLUMNS: list[tuple[str, str]] = [
    ("date", "Data"),
    ("act", "Atto"),
    ("kind", "Evento"),
    ("application", "Codice domanda"),
    ("measure", "Misura"),
    ("line", "Linea"),
    ("amount_eur", "Importo"),
]
"""(key of eventi.yaml, Italian header of the sheet)."""

KIND_WORDS = {
    "rinuncia": "Rinuncia",
    "revoca": "Revoca",
    "decadenza": "Decadenza",
    "rideterminazione": "Rideterminazione",
    "incremento-dotazione": "Incremento dotazione",
    "riduzione-dotazione": "Riduzione dotazione",
}
"""How an officer writes the kinds in a sheet (case, spaces and hyphens do not matter)."""


def build(target: Path = TARGET, source: Path = SOURCE) -> Path:
    """Write the events workbook and return its path."""
    events: list[dict[str, Any]] = yaml.safe_load(source.read_text(encoding="utf-8"))["events"]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Eventi"
    sheet["A1"] = "Regione Piemonte – WE.CA.RE. – Eventi della graduatoria (esempio, dati fittizi)"
    sheet["A1"].font = Font(bold=True, size=13)
    for column, (_key, header) in enumerate(COLUMNS, start=1):
        sheet.cell(row=3, column=column, value=header).font = Font(bold=True)
    for offset, entry in enumerate(events):
        for column, (key, _header) in enumerate(COLUMNS, start=1):
            value = entry.get(key)
            if key == "kind":
                value = KIND_WORDS[value]
            cell = sheet.cell(row=4 + offset, column=column, value=value)
            if key == "date":
                cell.number_format = "dd/mm/yyyy"
            elif key == "amount_eur" and value is not None:
                cell.number_format = "#,##0.00 €"
            elif key == "application":
                cell.number_format = "@"
    for letter, width in zip("ABCDEFG", (12, 38, 22, 16, 9, 12, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A4"
    workbook.save(target)
    return target


if __name__ == "__main__":
    print(build())
