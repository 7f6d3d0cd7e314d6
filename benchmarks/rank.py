"""Time the graduatoria workbook of 100,000 applications against xlsxwriter writing the same cells.

Builds a ranking in memory (verdicts made directly, then ``rank_check``: generation is not
timed), then times ``write_ranking_workbook`` (every sheet, chart, embedded JSON, atomic
rename) against the bare cost of the same cells: every value of every sheet of the written
workbook, read back with python-calamine, written again with xlsxwriter in constant_memory
mode with a plain typed write per cell and no other work. Target: at most 1.5x.

Runs are interleaved and the least CPU time of each is compared (CPU time leaves out the
writer's fsync and time lost to other programs); wall-clock figures are printed too. The time
to build and compress the JSON document embedded for ``wecare diff`` is shown separately (it is
part of the writer's time; the bare writer writes its compressed cells as they are), and so is
the peak memory of the process before and after the first write (Linux: ``VmHWM``).

Run: ``python benchmarks/rank.py [--size 100000] [--repeat 3] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from wecare_cli.config import Configuration, load_configuration
from wecare_cli.findings import Finding, Severity
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.model import APPLICATION_COLUMNS, ApplicationRow, InputFile, Position, SubmissionTime
from wecare_cli.ranking import RankingResult, rank_check
from wecare_cli.reports.ranking import ranking_document
from wecare_cli.reports.ranking_excel import write_ranking_workbook
from wecare_cli.verdicts import CheckResult, Verdict

TARGET = 1.5
ROME = ZoneInfo("Europe/Rome")
FILE = "domande.xlsx"
SHEET = "Domande"
ENVELOPES: list[tuple[str, str | None, float]] = [
    ("FSE1", None, 0.05),
    ("FSE2", "territoriale", 0.15),
    ("FSE2", "regionale", 0.05),
    ("FSE3", "attivazione", 0.30),
    ("FSE3", "aggregatori", 0.10),
    ("FSE3", "animazione", 0.05),
    ("FESR", "A", 0.15),
    ("FESR", "B", 0.10),
    ("FSE4", None, 0.05),
]
"""Measure, line and share of the applications."""
NAMES = ["Cooperativa sociale", "Consorzio", "Impresa sociale", "Associazione", "Fondazione", "Tessiture"]
PLACES = ["Biella", "Cuneo", "Asti", "Novara", "Alba", "Ivrea", "Vercelli", "Pinerolo"]
TAX_CODES = ["02601810019", "09083010042", "06131860964", "06842680966", "08657970011", "04323190019"]


def ranking(configuration: Configuration, size: int, seed: int = 7) -> RankingResult:
    """``size`` applications: 10% ineligible (one or two reasons), 5% with a warning."""
    generator = random.Random(seed)
    headers = dict(APPLICATION_COLUMNS)
    districts = [d.code for d in configuration.districts]
    start = datetime(2020, 1, 10, 9, 0, tzinfo=ROME)
    weights = [share for _, _, share in ENVELOPES]
    verdicts: list[Verdict] = []
    for index in range(size):
        measure, line, _share = generator.choices(ENVELOPES, weights)[0]
        row_number = index + 2
        requested = Decimal(generator.randrange(2_000_000, 20_000_000)) / 100
        row = ApplicationRow(
            position=Position(FILE, SHEET, row_number),
            headers=headers,
            letters={},
            application_id=f"{measure}-{index:06d}",
            measure=measure,
            line=line,
            applicant_name=f"{generator.choice(NAMES)} {generator.choice(PLACES)} n. {index}",
            applicant_tax_code=generator.choice(TAX_CODES),
            applicant_type="impresa",
            district=generator.choice(districts),
            requested_amount=requested,
            total_cost=requested * 2,
            submitted_at=SubmissionTime(start + timedelta(minutes=generator.randrange(60 * 24 * 40)), False),
            score=Decimal(generator.randrange(3000, 10000)) / 100,
        )
        findings: list[Finding] = []
        draw = generator.random()
        if draw < 0.10:
            findings.append(
                Finding(
                    "applicant-type-not-allowed",
                    Severity.ERROR,
                    FILE,
                    SHEET,
                    row_number,
                    "Tipologia richiedente",
                    "comune",
                    {"allowed": "impresa, impresa-sociale", "note": ""},
                )
            )
            if draw < 0.04:
                findings.append(
                    Finding("missing-value", Severity.ERROR, FILE, SHEET, row_number, "Codice fiscale", None)
                )
        elif draw < 0.15:
            findings.append(
                Finding("pec-invalid", Severity.WARNING, FILE, SHEET, row_number, "PEC", "ufficio.example.it")
            )
        verdicts.append(
            Verdict(
                row=row,
                measure=measure,
                line=line,
                phase="preliminare" if measure == "FSE1" else None,
                district=row.district,
                findings=tuple(findings),
            )
        )
    check = CheckResult(
        verdicts=tuple(verdicts),
        file_findings=(Finding("hidden-row", Severity.WARNING, FILE, SHEET, 3, None, None, {"row": 3}),),
        files=(InputFile(FILE, "0" * 64, "xlsx", SHEET, 1, size),),
        unchecked=(),
        reference_time=datetime(2020, 3, 1, 23, 59, 59, tzinfo=ROME),
        configuration=configuration,
    )
    return rank_check(check)


@dataclass
class Timing:
    """CPU and wall-clock seconds of each run of one action."""

    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)

    def run(self, action: Callable[[], object]) -> None:
        started, started_cpu = time.perf_counter(), time.process_time()
        action()
        self.cpu.append(time.process_time() - started_cpu)
        self.wall.append(time.perf_counter() - started)

    def summary(self) -> str:
        every = ", ".join(f"{t:.2f}" for t in self.cpu)
        return (
            f"{min(self.cpu):.2f} s CPU, {min(self.wall):.2f} s wall "
            f"(CPU runs: {every}; median {statistics.median(self.cpu):.2f})"
        )


def sheet_values(path: Path) -> list[tuple[str, list[list[Any]]]]:
    """Every sheet's values as python-calamine reads them back (the cells to write again)."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    return [(name, workbook.get_sheet_by_name(name).to_python()) for name in workbook.sheet_names]


def bare_xlsxwriter(path: Path, sheets: list[tuple[str, list[list[Any]]]]) -> None:
    """The same cells with xlsxwriter alone: one typed write per non-empty cell, two formats."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
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
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value, number)
    workbook.close()


def peak_mib() -> float | None:
    """The process's peak resident memory so far, in MiB (None where /proc does not say)."""
    try:
        status = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def embedded_payload(result: RankingResult) -> list[str]:
    """The cells of the embedded document: the JSON built, encoded and compressed."""
    from wecare_cli.own_workbooks import embedded_cells

    document = json.dumps(ranking_document(result, Lang.IT), ensure_ascii=False, separators=(",", ":"))
    return list(embedded_cells(document.encode("utf-8")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="profile one run of the writer (cProfile)")
    options = parser.parse_args(argv)

    configuration = load_configuration(environ={})
    started = time.perf_counter()
    result = ranking(configuration, options.size)
    placed = sum(len(e.applications) for e in result.envelopes)
    print(
        f"ranking of {options.size:,} applications built in {time.perf_counter() - started:.1f} s "
        f"({placed:,} placed in {len(result.envelopes)} envelopes, {len(result.ineligible):,} ineligible)"
    )
    with tempfile.TemporaryDirectory() as folder:
        ours = Path(folder) / "graduatoria.xlsx"
        bare = Path(folder) / "bare.xlsx"
        if options.profile:
            profiler = cProfile.Profile()
            profiler.runcall(write_ranking_workbook, result, ours, Lang.IT)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        before = peak_mib()
        write_ranking_workbook(result, ours, Lang.IT)  # warm-up, and the cells to write again
        after = peak_mib()
        sheets = sheet_values(ours)
        cells = sum(1 for _, rows in sheets for values in rows for value in values if value != "")
        document = Timing()
        writer = Timing()
        bare_writer = Timing()
        # Interleaved, best of each: a busy machine slows both alike.
        for _ in range(options.repeat):
            writer.run(lambda: write_ranking_workbook(result, ours, Lang.IT))
            bare_writer.run(lambda: bare_xlsxwriter(bare, sheets))
            document.run(lambda: embedded_payload(result))
        ratio = min(writer.cpu) / min(bare_writer.cpu)
        print(
            f"cells written (non-empty): {cells:,} in {len(sheets)} sheets; "
            f"workbook {ours.stat().st_size:,} bytes"
        )
        print(f"write_ranking_workbook:       {writer.summary()}")
        print(f"xlsxwriter alone, same cells: {bare_writer.summary()}")
        print(f"  of the writer's time, the embedded document for wecare diff: {document.summary()}")
        if before is not None and after is not None:
            print(f"peak memory: {before:.0f} MiB with the ranking built, {after:.0f} MiB after a write")
        verdict = "within" if ratio <= TARGET else "OVER"
        wall_ratio = min(writer.wall) / min(bare_writer.wall)
        print(
            f"ratio (CPU): {ratio:.2f}x ({verdict} the target of at most {TARGET}x); "
            f"wall clock: {wall_ratio:.2f}x"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
