"""Recipes of files whose texts hold terminal control characters: the fixtures of escape injection.

Every text an officer's terminal shows can come from a file someone else wrote: an applicant's
name, an application id, a sheet name, a file name, a measure's or a district's name. These
recipes put in them the sequences an attacker would use:

- ``ESC [2J`` clears the screen (the rows above would disappear);
- ``ESC ]52;c;...BEL`` (OSC 52) writes the officer's clipboard;
- a carriage return and a backspace overwrite what was printed before on the line;
- ``0x9b``, the 8-bit C1 form of ``ESC [``.

Nothing is committed: the tests call these functions to write the files in a temporary folder.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

from tests.ingest.sample_files import HEADERS_IT, application
from wecare_cli.config.discovery import shipped_path

CONTROLS = "\x1b[2J\x1b]52;c;SGk=\x07\r\x08\x9b"
"""Clear screen, write the clipboard, carriage return, backspace, C1 CSI."""

SHEET_CONTROLS = "\x9b2J\x7f"
"""What a sheet name can carry: Excel refuses ``[`` and ``]``, and XML the C0 controls (ESC among
them) even escaped, but the C1 CSI and DEL are valid XML characters."""

YAML_CONTROLS = "\\e[2J\\e]52;c;SGk=\\a\\r\\b\\x9b"
""":data:`CONTROLS` written with the escapes of a double-quoted YAML string."""


def hostile_workbook(folder: Path, *, hostile_row: bool = True) -> Path:
    """A workbook named with :data:`CONTROLS` whose first application, eligible, has them in its
    id and applicant name; the second (``hostile_row``) also in its applicant type, which makes it
    ineligible with a finding quoting that value. Its applications sheet and a hidden sheet are
    named with :data:`SHEET_CONTROLS`.

    XlsxWriter stores the controls of a cell as ``_x001B_`` escapes, which readers decode.
    """
    path = folder / f"domande{CONTROLS}.xlsx"
    rows = [
        application(
            1, application_id=f"FSE3{CONTROLS}1", applicant_name=f"Nome{CONTROLS}", requested_amount=80000
        )
    ]
    if hostile_row:
        rows.append(
            application(
                2,
                application_id=f"FSE3{CONTROLS}2",
                applicant_name=f"Altro{CONTROLS}",
                applicant_type=f"tipo{CONTROLS}",
            )
        )
    book = xlsxwriter.Workbook(str(path))
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet = book.add_worksheet(f"Domande{SHEET_CONTROLS}")
    sheet.write_row(0, 0, HEADERS_IT)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            if isinstance(value, datetime):
                sheet.write_datetime(number, column, value, moment)
            elif value is not None:
                sheet.write(number, column, value)
    hidden = book.add_worksheet(f"Nascosto{SHEET_CONTROLS}")
    hidden.hide()
    book.close()
    return path


def headerless_workbook(folder: Path) -> Path:
    """A workbook with no applications header, on a sheet named with :data:`SHEET_CONTROLS`: the
    error message lists the sheets it looked at."""
    path = folder / f"vuoto{CONTROLS}.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet(f"Foglio{SHEET_CONTROLS}").write(0, 0, "niente")
    book.close()
    return path


@dataclass(frozen=True)
class HostileConfiguration:
    """measures.yaml and districts.csv whose names hold control characters (file names too)."""

    measures: Path
    districts: Path

    def options(self) -> list[str]:
        return ["--measures", str(self.measures), "--districts", str(self.districts)]


def hostile_configuration(folder: Path) -> HostileConfiguration:
    """The shipped configuration with :data:`CONTROLS` in FSE1's names and in the name of D01."""
    measures = shipped_path("measures.yaml").read_text(encoding="utf-8")
    name_it = '      it: "Sperimentazione di azioni innovative di welfare territoriale"'
    name_en = '      en: "Pilot innovative local welfare actions"'
    assert name_it in measures and name_en in measures
    measures = measures.replace(name_it, f'      it: "Welfare territoriale{YAML_CONTROLS}"').replace(
        name_en, f'      en: "Territorial welfare{YAML_CONTROLS}"'
    )
    measures_path = folder / f"misure{CONTROLS}.yaml"
    measures_path.write_text(measures, encoding="utf-8")

    rows = list(
        csv.reader(io.StringIO(shipped_path("districts.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert rows[1][0] == "D01"
    rows[1][1] = f"{rows[1][1]}{CONTROLS}"
    buffer = io.StringIO()
    # Every cell quoted: the writer would leave the carriage return of CONTROLS bare.
    csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows(rows)
    districts_path = folder / f"distretti{CONTROLS}.csv"
    districts_path.write_text(buffer.getvalue(), encoding="utf-8")
    return HostileConfiguration(measures_path, districts_path)


def measures_with_hostile_key(folder: Path) -> Path:
    """The shipped measures.yaml with an unknown key holding :data:`CONTROLS` (except ``[``, which
    would read as an index) in the first measure: the configuration error quotes the key path."""
    measures = shipped_path("measures.yaml").read_text(encoding="utf-8")
    anchor = '    fund: "FSE"\n'
    assert anchor in measures
    path = folder / f"chiave{CONTROLS}.yaml"
    key = "chiave" + YAML_CONTROLS.replace("[", "")
    path.write_text(measures.replace(anchor, anchor + f'    "{key}": 1\n', 1), encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first occurrence of ``needle``."""
    return text[: text.index(needle)].count("\n") + 1


def check_json(workbook: Path, folder: Path, name: str, **changes: Any) -> Path:
    """The JSON of ``wecare check`` on the workbook, as ``diff`` reads it, written to ``folder/name``."""
    from wecare_cli.config import load_configuration
    from wecare_cli.evaluation import check_files
    from wecare_cli.i18n.lang import Lang
    from wecare_cli.reports.check import check_document
    from wecare_cli.reports.machine import to_json

    moment = datetime.fromisoformat("2019-12-01T23:59:59+01:00")
    result = check_files([workbook], load_configuration(environ={}), moment, **changes)
    path = folder / name
    path.write_text(to_json(check_document(result, Lang.EN)), encoding="utf-8")
    return path
