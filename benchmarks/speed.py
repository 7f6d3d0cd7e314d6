"""Every speed figure of wecare side by side, in one run: a check and a ranking against their floors.

For each size (1k, 10k, 100k rows; 300k with ``--large``) and each variant of the same
generated workbook, every command runs in a fresh process, the commands take turns round after
round (a busy spell of the machine slows all of them alike), and the median of each is printed
with its wall time and peak memory (the process's maximum resident set):

- ``calamine``: reading the sheet with python-calamine alone (the floor of any check);
- ``json``: ``wecare check --format json`` (to a file);
- ``table``: ``wecare check`` with its default output, at 80 columns (to a file);
- ``xlsx``: ``wecare check --quiet --output findings.xlsx``, and ``check0``: ``wecare check
  --quiet`` (no output: their difference is the cost of the findings workbook);
- ``rank``: ``wecare rank --quiet --output graduatoria.xlsx``, and ``rank0``: the same without
  ``--output`` (their difference is the cost of the workbook);
- ``xlsxwriter``: xlsxwriter alone, ``constant_memory``, writing the cells of that graduatoria
  workbook (read back with python-calamine before the clock starts): the floor of ``rank``;
  ``xlsxwriter-f``: the same for the findings workbook, the floor of ``xlsx``.

Variants: ``clean`` (typed cells: text codes, number amounts, date cells), ``text`` (the same
with text in typed columns: an Italian amount ``"1.234,56"`` every 7th row, a date written as
text every 11th, a score ``"n.d."`` every 13th) and ``errors`` (the clean data with a formula
error ``#DIV/0!`` in the score of every row).

CPU time (user and system) is compared, not wall time: on a machine busy with other work it
varies far less. Ratios are taken within each round (same moment, same data), and their median
is printed:
``json`` and ``table`` against ``calamine``, ``table`` and ``xlsx`` against ``json``, ``errors``
and ``text`` against ``clean`` (the ``json`` run), the workbooks (``rank`` minus ``rank0``,
``xlsx`` minus ``check0``) against ``xlsxwriter`` and ``xlsxwriter-f``. The ranking is timed
on the clean variant only.

Run: ``python benchmarks/speed.py [--sizes 1000,10000,100000] [--large] [--rounds 3]
[--variants clean,text,errors] [--only json,table]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

HEADERS = [
    "Codice domanda",
    "Misura",
    "Linea",
    "Fase",
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
    "Punteggio",
    "CUP",
    "PEC",
]
VARIANTS = ("clean", "text", "errors")
AS_OF = "2019-06-30"
SHEET = "Domande"

CALAMINE_READ = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "wb = CalamineWorkbook.from_path(sys.argv[1]); "
    f"rows = wb.get_sheet_by_name({SHEET!r}).to_python(); print(len(rows))"
)
BARE_XLSXWRITER = """
import sys, time
from datetime import datetime
from python_calamine import CalamineWorkbook
import xlsxwriter

source = CalamineWorkbook.from_path(sys.argv[1])
sheets = [(name, source.get_sheet_by_name(name).to_python()) for name in source.sheet_names]
started, started_cpu = time.perf_counter(), time.process_time()
workbook = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True, "strings_to_formulas": False})
number = workbook.add_format({"num_format": "[$€-410] #,##0.00"})
moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
for name, rows in sheets:
    sheet = workbook.add_worksheet(name)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if isinstance(value, str):
                if value:
                    sheet.write_string(r, c, value)
            elif isinstance(value, datetime):
                sheet.write_datetime(r, c, value, moment)
            elif isinstance(value, (int, float)):
                sheet.write_number(r, c, value, number)
workbook.close()
print(time.process_time() - started_cpu, time.perf_counter() - started)
"""
"""Writes the cells of a workbook again with xlsxwriter alone; prints CPU and wall seconds of the writing."""


def tax_code(index: int) -> str:
    """A valid partita IVA of its own for each applicant, the same for every 50th (a duplicate)."""
    from stdnum import luhn

    base = f"{1_000_000 + (index if index % 50 else 0):07d}001"
    return base + luhn.calc_check_digit(base)


def application(index: int, generator: random.Random) -> dict[str, object]:
    """One plausible FSE3 / FESR / FSE2 application (the FSE2 ones late and too small).

    About one finding for every two applications, as in a real intake: the FSE2 applications
    were submitted after that measure's deadline, most of them below its least project value, and
    every 50th applicant applied twice.
    """
    kind = index % 3
    measure, line, size = (
        ("FSE3", "attivazione", "piccola"),
        ("FESR", "B", "micro"),
        ("FSE2", "territoriale", ""),
    )[kind]
    total = generator.randrange(60_000, 100_000)
    return {
        "Codice domanda": f"D-{index:06d}",
        "Misura": measure,
        "Linea": line,
        "Fase": "",
        "Richiedente": f"Richiedente {index}",
        "Codice fiscale": tax_code(index),
        "Tipologia richiedente": ("impresa", "impresa", "ets")[kind],
        "Dimensione impresa": size,
        "Senza scopo di lucro": "no" if kind < 2 else "sì",
        "Distretto": "",
        "Provincia sede": "TO",
        "Contributo richiesto": round(total * 0.7, 2),
        "Costo totale": total,
        "Data presentazione": datetime(2019, 3, 1, 9, 0) + timedelta(minutes=index),
        "Punteggio": generator.randrange(40, 100),
        "CUP": "",
        "PEC": f"r{index}@pec.esempio.it",
    }


def italian_amount(value: float) -> str:
    """``1234.5`` as an officer types it in a text cell: ``1.234,50``."""
    return f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def write_workbook(path: Path, count: int, variant: str, seed: int = 1) -> None:
    """``count`` applications of ``variant`` as an officer's workbook (xlsxwriter, constant memory)."""
    import xlsxwriter

    generator = random.Random(seed)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False})
    sheet = workbook.add_worksheet(SHEET)
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, HEADERS)
    for index in range(count):
        values = application(index, generator)
        row = index + 1
        for column, header in enumerate(HEADERS):
            value = values[header]
            if variant == "text":
                if header == "Contributo richiesto" and index % 7 == 3:
                    value = italian_amount(float(value))  # type: ignore[arg-type]
                elif header == "Data presentazione" and index % 11 == 5:
                    value = f"{value:%d/%m/%Y %H:%M}"
                elif header == "Punteggio" and index % 13 == 6:
                    value = "n.d."
            if variant == "errors" and header == "Punteggio":
                sheet.write_formula(row, column, "=1/0", None, "#DIV/0!")
            elif isinstance(value, datetime):
                sheet.write_datetime(row, column, value, when)
            elif isinstance(value, str):
                if value:
                    sheet.write_string(row, column, value)
            else:
                sheet.write_number(row, column, value)
    workbook.close()


@dataclass
class Runs:
    """CPU seconds, wall seconds and peak MiB of each run of one command."""

    seconds: list[float] = field(default_factory=list)
    """CPU time (user and system) of the process: what the ratios compare."""
    wall: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)


def run(command: Sequence[str], environment: dict[str, str]) -> tuple[float, float, float, str]:
    """CPU seconds (user and system, children included), wall seconds, peak MiB and output of a process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment, text=True
    )
    output = process.stdout.read() if process.stdout is not None else ""
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = 0  # reaped by wait4
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):  # 1: the intake has ineligible applications, as generated
        raise SystemExit(f"exit {code}: {' '.join(command)}")
    cpu = usage.ru_utime + usage.ru_stime
    return cpu, wall, usage.ru_maxrss / 1024, output


def wecare(*arguments: str) -> list[str]:
    """A wecare command in a fresh interpreter of this environment."""
    return [sys.executable, "-m", "wecare_cli", *arguments]


def commands(workbook: Path, folder: Path) -> dict[str, list[str]]:
    """Every command timed on one workbook (the rank's floor is added once its workbook exists)."""
    name = workbook.stem
    quiet = (str(workbook), "--as-of", AS_OF, "--quiet", "--force")
    return {
        "calamine": [sys.executable, "-c", CALAMINE_READ, str(workbook)],
        "json": [
            "sh",
            "-c",
            f'"$0" "$@" > {folder / (name + ".json")}',
            *wecare("check", str(workbook), "--as-of", AS_OF, "--format", "json"),
        ],
        "table": [
            "sh",
            "-c",
            f'"$0" "$@" > {folder / (name + ".txt")}',
            *wecare("check", str(workbook), "--as-of", AS_OF),
        ],
        "xlsx": wecare("check", *quiet, "-o", str(folder / f"{name}.f.xlsx")),
        "check0": wecare("check", *quiet),
        "rank": wecare("rank", *quiet, "-o", str(folder / f"{name}.g.xlsx")),
        "rank0": wecare("rank", *quiet),
    }


FLOORS = {"rank": "xlsxwriter", "xlsx": "xlsxwriter-f"}
"""The workbook commands, and the name of xlsxwriter alone writing the cells of their workbook."""
WRITTEN = {"rank": "g", "xlsx": "f"}
"""The suffix of the workbook each command writes (see :func:`commands`)."""


def median_ratio(top: Runs, bottom: Runs) -> float:
    """The median of the ratios taken round by round."""
    return statistics.median(a / b for a, b in zip(top.seconds, bottom.seconds, strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--large", action="store_true", help="also 300,000 rows")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument("--only", default="", help="commands to time (default: all)")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the workbooks in")
    options = parser.parse_args(argv)
    sizes = [int(s) for s in options.sizes.split(",")] + ([300_000] if options.large else [])
    variants = [v for v in options.variants.split(",") if v]
    only = {c for c in options.only.split(",") if c}
    # The 300,000-row intake holds 5.1 million cells, past the 4 million a run reads by default
    # (WECARE_MAX_CELLS): the limit is raised for every size alike.
    environment = {**os.environ, "COLUMNS": "80", "WECARE_LANG": "en", "WECARE_MAX_CELLS": "20000000"}
    # An installed wecare has its bytecode compiled: never time the compiling of its modules.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    warm = False
    print(
        f"{options.rounds} rounds; median CPU seconds, median wall seconds in brackets, peak MiB; "
        "ratios of CPU time, the median of the ratios of each round"
    )
    with tempfile.TemporaryDirectory() as temporary:
        folder = options.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            results: dict[str, dict[str, Runs]] = {}
            timed: dict[str, dict[str, list[str]]] = {}
            for variant in variants:
                workbook = folder / f"domande-{variant}-{size}.xlsx"
                if not workbook.exists():
                    write_workbook(workbook, size, variant)
                every = commands(workbook, folder)
                if variant != "clean":  # the graduatoria of the clean intake is enough
                    every = {k: v for k, v in every.items() if not k.startswith("rank")}
                timed[variant] = {k: v for k, v in every.items() if not only or k in only}
                results[variant] = {key: Runs() for key in timed[variant]}
                for workbook_command, floor in FLOORS.items():
                    if workbook_command in timed[variant]:
                        results[variant][floor] = Runs()
            if not warm:  # one untimed run of each command: bytecode written, files in the page cache
                for variant in variants:
                    for command in timed[variant].values():
                        run(command, environment)
                warm = True
            for _ in range(options.rounds):
                for variant in variants:
                    runs = results[variant]
                    for key, command in timed[variant].items():
                        cpu, wall, peak, _ = run(command, environment)
                        runs[key].seconds.append(cpu)
                        runs[key].wall.append(wall)
                        runs[key].peaks.append(peak)
                    for workbook_command, floor in FLOORS.items():
                        if workbook_command not in timed[variant]:
                            continue
                        written = folder / f"domande-{variant}-{size}.{WRITTEN[workbook_command]}.xlsx"
                        bare = [
                            sys.executable,
                            "-c",
                            BARE_XLSXWRITER,
                            str(written),
                            str(folder / "bare.xlsx"),
                        ]
                        _, _, peak, output = run(bare, environment)
                        cpu_seconds, wall_seconds = (float(x) for x in output.split())
                        runs[floor].seconds.append(cpu_seconds)
                        runs[floor].wall.append(wall_seconds)
                        runs[floor].peaks.append(peak)
            report(size, results)
    return 0


def report(size: int, results: dict[str, dict[str, Runs]]) -> None:
    """One block of lines per size: each variant's commands, then the ratios."""
    print(f"\n{size:,} rows")
    for variant, runs in results.items():
        cells = "  ".join(
            f"{key} {statistics.median(r.seconds):.2f} ({statistics.median(r.wall):.2f}) {max(r.peaks):.0f}"
            for key, r in runs.items()
        )
        print(f"  {variant:<7} {cells}")
        ratios = []
        for top, bottom in (
            ("json", "calamine"),
            ("table", "calamine"),
            ("table", "json"),
            ("xlsx", "json"),
        ):
            if top in runs and bottom in runs:
                ratios.append(f"{top}/{bottom} {median_ratio(runs[top], runs[bottom]):.2f}x")
        if {"rank", "rank0", "xlsxwriter"} <= runs.keys():
            rank, rank0, bare = runs["rank"].seconds, runs["rank0"].seconds, runs["xlsxwriter"].seconds
            workbook = statistics.median((a - b) / c for a, b, c in zip(rank, rank0, bare, strict=True))
            ratios.append(f"workbook (rank - rank0)/xlsxwriter {workbook:.2f}x")
        if {"xlsx", "check0", "xlsxwriter-f"} <= runs.keys():
            xlsx, check0, bare = runs["xlsx"].seconds, runs["check0"].seconds, runs["xlsxwriter-f"].seconds
            workbook = statistics.median((a - b) / c for a, b, c in zip(xlsx, check0, bare, strict=True))
            ratios.append(f"findings workbook (xlsx - check0)/xlsxwriter-f {workbook:.2f}x")
        if variant != "clean" and "clean" in results and "json" in runs and "json" in results["clean"]:
            ratios.append(f"json {variant}/clean {median_ratio(runs['json'], results['clean']['json']):.2f}x")
        if ratios:
            print(f"  {'':<7} {'  '.join(ratios)}")


if __name__ == "__main__":
    sys.exit(main())
