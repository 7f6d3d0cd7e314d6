"""How long ``wecare --help`` takes to start, against importing Typer alone.

Target: ``wecare --help`` takes at most twice as long as ``python -c "import typer"``, the
floor any Typer CLI pays. Each command runs in a fresh interpreter, the commands take turns
(so a slow spell of the machine hits all of them alike), and the median of the runs counts.

    python benchmarks/startup.py [--runs 20]

Prints the medians and the ratio; exits 1 if ``python -m wecare_cli --help`` is above target.
To see what is imported at start-up: ``python -X importtime -m wecare_cli --help``.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

TARGET_RATIO = 2.0


def time_once(command: Sequence[str]) -> float:
    """Seconds for one run of a command, output discarded."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median seconds of each command over ``runs`` rounds, after one warm-up round."""
    for command in commands.values():
        time_once(command)
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(time_once(command))
    return {name: statistics.median(values) for name, values in samples.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=20, help="runs of each command (default 20)")
    args = parser.parse_args(argv)

    baseline = "python -c 'import typer'"
    module = "python -m wecare_cli --help"
    commands = {
        baseline: [sys.executable, "-c", "import typer"],
        module: [sys.executable, "-m", "wecare_cli", "--help"],
    }
    script = shutil.which("wecare")
    if script is not None:
        commands["wecare --help"] = [script, "--help"]

    medians = measure(commands, args.runs)
    floor = medians[baseline]
    print(f"{args.runs} runs each, median wall time ({sys.executable}):")
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1000:7.1f} ms   {seconds / floor:4.2f}x")
    if script is None:
        print("  (no 'wecare' console script on PATH: not timed)")
    ratio = medians[module] / floor
    verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
    print(f"wecare --help is {ratio:.2f}x import typer: {verdict} the target of {TARGET_RATIO:.0f}x")
    return 0 if ratio <= TARGET_RATIO else 1


if __name__ == "__main__":
    sys.exit(main())
