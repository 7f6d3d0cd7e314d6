"""Time `wecare check` on 1k, 10k and 100k-row workbooks against the raw reads it builds on.

Prints, per size: the whole `wecare check` process (JSON to /dev/null), reading the same
workbook with python-calamine alone (whole process too), `frictionless validate` on the same
data as CSV when frictionless is installed, and each one's peak memory. Targets at 100k rows:
at most 1.5x the calamine read, faster than frictionless, at most 500 MiB.

Run: ``python benchmarks/check.py [--sizes 1000,10000,100000] [--repeat 3]``.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from wecare_cli.ingest.model import APPLICATION_COLUMNS

HEADERS = list(APPLICATION_COLUMNS.values())
TAX_CODES = ["02601810019", "09083010042", "06131860964", "06842680966", "08657970011", "04323190019"]

CALAMINE_READ = (
    "import sys; from python_calamine import CalamineWorkbook; "
    "wb = CalamineWorkbook.from_path(sys.argv[1]); "
    "rows = wb.get_sheet_by_name('Domande').to_python(); print(len(rows))"
)
MEASURE_PEAK = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def rows(count: int, seed: int = 1) -> list[list[object]]:
    """Plausible FSE3 / FESR / FSE2 applications, a few of them with problems."""
    generator = random.Random(seed)
    start = datetime(2019, 3, 1, 9, 0)
    data: list[list[object]] = []
    for index in range(count):
        kind = index % 3
        measure, line, size = (
            ("FSE3", "attivazione", "piccola"),
            ("FESR", "B", "micro"),
            ("FSE2", "territoriale", ""),
        )[kind]
        total = generator.randrange(60_000, 100_000)
        values = {
            "application_id": f"D-{index:06d}",
            "measure": measure,
            "line": line,
            "phase": "",
            "applicant_name": f"Richiedente {index}",
            "applicant_tax_code": TAX_CODES[index % len(TAX_CODES)],
            "applicant_type": ("impresa", "impresa", "ets")[kind],
            "enterprise_size": size,
            "non_profit": "no" if kind < 2 else "sì",
            "district": "",
            "seat_province": "TO",
            "requested_amount": round(total * 0.7, 2),
            "total_cost": total,
            "submitted_at": start + timedelta(minutes=index),
            "score": generator.randrange(40, 100),
            "cup": "",
            "pec": f"r{index}@pec.esempio.it",
        }
        data.append([values[name] for name in APPLICATION_COLUMNS])
    return data


def write_workbook(path: Path, data: list[list[object]]) -> None:
    """The data as an officer's workbook (xlsxwriter, text tax codes, real date cells)."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Domande")
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, HEADERS)
    for number, values in enumerate(data, start=1):
        for column, value in enumerate(values):
            if isinstance(value, datetime):
                sheet.write_datetime(number, column, value, when)
            elif isinstance(value, str):
                sheet.write_string(number, column, value)
            else:
                sheet.write_number(number, column, float(value))  # type: ignore[arg-type]
    workbook.close()


def write_csv(path: Path, data: list[list[object]]) -> None:
    """The same data as a UTF-8 CSV."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        for values in data:
            writer.writerow([v.isoformat() if isinstance(v, datetime) else v for v in values])


def timed(command: list[str], repeat: int) -> tuple[float, float]:
    """Median wall time in seconds and peak memory in MiB of a whole process."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - started)
    peak = subprocess.run(
        [sys.executable, "-c", MEASURE_PEAK, *command], capture_output=True, text=True, check=False
    ).stdout.strip()
    return statistics.median(times), int(peak or 0) / 1024


def main() -> None:
    """Generate the workbooks, run each tool and print a table of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    frictionless = shutil.which("frictionless")
    header = ("rows", "wecare s", "MiB", "calamine s", "MiB", "ratio", "frictionless s")
    print(" ".join(f"{h:>{w}}" for h, w in zip(header, (8, 9, 6, 10, 6, 6, 14), strict=True)))
    with tempfile.TemporaryDirectory() as folder:
        for size in (int(s) for s in arguments.sizes.split(",")):
            data = rows(size)
            workbook = Path(folder) / f"domande-{size}.xlsx"
            write_workbook(workbook, data)
            wecare = [sys.executable, "-m", "wecare_cli", "check", str(workbook), "--format", "json"]
            ours, our_peak = timed(wecare, arguments.repeat)
            raw, raw_peak = timed([sys.executable, "-c", CALAMINE_READ, str(workbook)], arguments.repeat)
            other = "not installed"
            if frictionless:
                table = Path(folder) / f"domande-{size}.csv"
                write_csv(table, data)
                seconds, _ = timed([frictionless, "validate", str(table)], 1)
                other = f"{seconds:.2f}"
            print(
                f"{size:>8} {ours:>9.2f} {our_peak:>6.0f} {raw:>10.2f} {raw_peak:>6.0f} "
                f"{ours / raw:>6.2f} {other:>14}"
            )
    print("targets at 100k rows: ratio <= 1.5, faster than frictionless, peak <= 500 MiB")


if __name__ == "__main__":
    main()
