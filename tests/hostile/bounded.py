"""Running `wecare` in a child process with a cap on its memory, as an officer's machine would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

GiB = 1024**3
MEMORY_CAP = 3 * GiB // 2
"""The address space a run gets (``ulimit -v`` 1.5 GiB): python-calamine aborts the process when
an allocation fails, so exceeding the cap shows as exit 134, not as a MemoryError."""


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def _environment(extra: Mapping[str, str]) -> dict[str, str]:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("WECARE_") and name not in ("LC_ALL", "LC_MESSAGES")
    }
    environment.update({"LANG": "C.UTF-8", "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8", **extra})
    return environment


def _cap_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


CAP: Callable[[], None] | None = _cap_memory if os.name == "posix" else None
"""Windows has no address-space limit for a child: there the runs go uncapped."""


def run_capped(
    args: Sequence[str | bytes | Path],
    *,
    environment: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Outcome:
    """``wecare ARGS`` under :data:`MEMORY_CAP`; a run that hangs fails the test after ``timeout`` s."""
    completed = subprocess.run(
        [sys.executable, "-m", "wecare_cli", *args],
        capture_output=True,
        env=_environment(environment or {}),
        cwd=cwd,
        timeout=timeout,
        preexec_fn=CAP,
        check=False,
    )
    return Outcome(
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )
