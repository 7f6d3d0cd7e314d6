"""The process exit codes, in one place, for officers and batch scripts."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What a ``wecare`` run tells the shell."""

    OK = 0
    """Everything checked; nothing blocking found."""
    FINDINGS = 1
    """The run completed and found something (an ineligible application, a change...)."""
    CANNOT_RUN = 2
    """Could not run: bad usage, bad configuration or an unreadable input or output."""
    INTERNAL_ERROR = 3
    """A bug in wecare: one short line is printed, the traceback only with --debug."""
