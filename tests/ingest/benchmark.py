"""How fast read_intake is against python-calamine alone, on a generated workbook (not a test).

Usage, from the repository root::

    python -m tests.ingest.benchmark [--rows 100000] [--repeat 3] [--keep FILE]

Writes a workbook of ``--rows`` clean applications (17 columns, shared strings, dates as
Excel dates, as Excel saves them), then times, each in a fresh process so that peak memory is
the process's own: python-calamine reading every row (``iter_rows`` and ``to_python``) and
``read_intake``. Prints the best wall time, CPU time and peak resident memory of each.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import xlsxwriter

from tests.ingest.sample_files import HEADERS_IT, partita_iva


def write_benchmark_workbook(path: Path, rows: int, *, seed: int = 1) -> Path:
    """``rows`` valid applications in a «Domande» sheet, written with XlsxWriter."""
    rng = random.Random(seed)
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Domande")
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet.write_row(0, 0, HEADERS_IT)
    start = datetime(2019, 10, 1, 9, 0)
    for r in range(1, rows + 1):
        sheet.write_string(r, 0, f"D{r:06d}")
        sheet.write_string(r, 1, rng.choice(["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]))
        sheet.write_string(r, 2, "attivazione")
        sheet.write_string(r, 3, f"Cooperativa sociale numero {r}")
        sheet.write_string(r, 4, partita_iva(rng.randrange(1, 10_000_000), rng.randrange(1, 101)))
        sheet.write_string(r, 5, rng.choice(["comune", "ets", "Cooperativa sociale", "odv"]))
        sheet.write_string(r, 6, rng.choice(["micro", "piccola", "media"]))
        sheet.write_string(r, 7, rng.choice(["Sì", "No"]))
        sheet.write_string(r, 8, f"D{rng.randint(1, 30):02d}")
        sheet.write_string(r, 9, rng.choice(["TO", "CN", "NO", "AT", "AL", "BI", "VB", "VC"]))
        sheet.write_number(r, 10, round(rng.uniform(1_000, 200_000), 2))
        sheet.write_number(r, 11, round(rng.uniform(1_000, 300_000), 2))
        sheet.write_datetime(r, 12, start + timedelta(minutes=rng.randint(0, 100_000)), moment)
        sheet.write_string(r, 13, "preliminare")
        sheet.write_number(r, 14, rng.randint(0, 100))
        sheet.write_string(r, 15, f"J{rng.randint(10, 99)}H{rng.randint(10**10, 10**11 - 1)}")
        sheet.write_string(r, 16, f"coop{r}@pec.it")
    book.close()
    return path


def _measure(mode: str, path: Path) -> dict[str, float]:
    """Run one reading in this process and return its wall time, CPU time and peak memory."""
    wall, cpu = time.perf_counter(), time.process_time()
    if mode == "read_intake":
        from wecare_cli.ingest import read_intake

        count = len(read_intake([path], zone=ZoneInfo("Europe/Rome")).applications)
    else:
        from python_calamine import CalamineWorkbook

        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Domande")
        count = len(sheet.to_python()) if mode == "calamine_to_python" else sum(1 for _ in sheet.iter_rows())
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rows": count,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbook here (and reuse it if it exists)")
    parser.add_argument("--measure", choices=["calamine_iter_rows", "calamine_to_python", "read_intake"])
    parser.add_argument("--path", type=Path)
    options = parser.parse_args(argv)
    if options.measure:
        print(json.dumps(_measure(options.measure, options.path)))
        return 0
    with tempfile.TemporaryDirectory() as folder:
        path = options.keep or Path(folder) / "benchmark.xlsx"
        if not path.exists():
            write_benchmark_workbook(path, options.rows)
        print(f"{path.name}: {options.rows} rows, {path.stat().st_size / 2**20:.1f} MiB")
        results: dict[str, list[dict[str, float]]] = {}
        modes = ("calamine_iter_rows", "calamine_to_python", "read_intake")
        for _ in range(options.repeat):
            for mode in modes:
                command = [sys.executable, "-m", "tests.ingest.benchmark", "--measure", mode]
                command += ["--path", str(path)]
                output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
                results.setdefault(mode, []).append(json.loads(output))
        # Runs of one round are next to each other in time: their ratio is the least sensitive
        # to other load on the machine, so the median ratio per round is reported too.
        for mode in modes:
            runs = results[mode]
            ratios = sorted(
                run["wall"] / base["wall"]
                for run, base in zip(runs, results["calamine_iter_rows"], strict=True)
            )
            best = min(runs, key=lambda r: r["wall"])
            print(
                f"{mode:20s} best wall {best['wall']:.2f} s, cpu {min(r['cpu'] for r in runs):.2f} s, "
                f"median ratio to calamine iter_rows {ratios[len(ratios) // 2]:.2f}x, "
                f"peak {max(r['peak_mib'] for r in runs):.0f} MiB"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
