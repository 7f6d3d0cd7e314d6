"""Errors that stop a run. Bad data never raises: it becomes a finding."""

from __future__ import annotations

from pathlib import Path


class WecareError(Exception):
    """A run cannot continue; the message is meant for the officer."""


class ConfigError(WecareError):
    """The configuration (measures.yaml, districts.csv) is invalid.

    Each problem is one line ``file:line: key.path: reason``.
    """

    def __init__(self, file: Path | str, problems: list[tuple[int | None, str, str]]) -> None:
        self.file = Path(file)
        self.problems = problems
        lines = []
        for line, key_path, reason in problems:
            where = f"{self.file.name}:{line}" if line is not None else self.file.name
            lines.append(f"{where}: {key_path}: {reason}" if key_path else f"{where}: {reason}")
        super().__init__("\n".join(lines))


class InputFileError(WecareError):
    """An input file cannot be read as applications (empty, wrong format, missing columns...)."""

    def __init__(self, code: str, file: Path | str, message: str) -> None:
        self.code = code
        self.file = Path(file)
        super().__init__(f"[{code}] {self.file.name}: {message}")


class OutputError(WecareError):
    """A report cannot be written (folder missing, file open in another program...)."""

    def __init__(self, code: str, file: Path | str, message: str) -> None:
        self.code = code
        self.file = Path(file)
        super().__init__(f"[{code}] {self.file}: {message}")
