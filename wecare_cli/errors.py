"""Errors that stop a run. Bad data never raises: it becomes a finding."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

_SURROGATES = re.compile("[\ud800-\udfff]")


def _visible_surrogate(match: re.Match[str]) -> str:
    point = ord(match.group())
    # 0xDC80..0xDCFF stand for the bytes 0x80..0xFF that were not valid UTF-8 (surrogate escapes).
    return f"\\x{point - 0xDC00:02x}" if 0xDC80 <= point <= 0xDCFF else f"\\u{point:04x}"


def undecodable_made_visible(text: str) -> str:
    """``text`` with the bytes that were not UTF-8 shown as ``\\xNN`` (a file name from a Windows
    archive arrives with surrogate escapes, which no terminal nor workbook can take)."""
    return _SURROGATES.sub(_visible_surrogate, text) if _SURROGATES.search(text) else text


def shown_path(path: Path | str) -> str:
    """A path as the officer reads it: never a crash on a name that is not valid UTF-8."""
    return undecodable_made_visible(str(path))


@dataclass(frozen=True)
class Reason:
    """What is wrong, as a stable code and typed parameters; the edge words it in the officer's language."""

    code: str
    params: Mapping[str, object] = field(default_factory=dict)


class ConfigProblem(ValueError):
    """A defect found while validating, as a stable code and parameters (worded at the edge).

    ``at`` names the key to fix below the model being validated (e.g. ``("deadlines", 0,
    "phase")``), so the message points at the line to edit rather than at the start of the
    measure or of the file.
    """

    def __init__(self, code: str, *at: str | int, **params: object) -> None:
        super().__init__(code)
        self.reason = Reason(code, params)
        self.at = at


class WecareError(Exception):
    """A run cannot continue: a stable ``code``, its parameters, and what it is about (a file...).

    The core never words an error: the rendering edge does (``wecare_cli.i18n.errors.describe``),
    in the officer's language. ``str(error)`` is a short, language-neutral form for logs.
    """

    message_prefix = "error-"
    """The catalogue key of the message is this prefix and the code."""

    def __init__(self, code: str, subject: Path | str | None = None, **params: object) -> None:
        self.code = code
        self.subject = subject
        self.params: dict[str, object] = params
        super().__init__(code)

    @property
    def message_key(self) -> str:
        """The catalogue key of the message."""
        return self.message_prefix + self.code

    def __str__(self) -> str:
        if _describer is not None:
            return _describer(self)
        where = f" {shown_path(self.subject)}" if self.subject is not None else ""
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"[{self.code}]{where}" + (f": {details}" if details else "")


Problem = tuple[int | None, str, Reason]
"""One defect of a configuration file: line (or None), key path (or ""), what is wrong."""


class ConfigError(WecareError):
    """The configuration (measures.yaml, districts.csv) is invalid.

    Each problem is worded as one line ``file:line: key.path: reason``.
    """

    def __init__(self, file: Path | str, problems: list[Problem]) -> None:
        self.file = Path(file)
        self.problems = problems
        super().__init__("config-invalid", self.file)

    def __str__(self) -> str:
        if _describer is not None:
            return _describer(self)
        lines = []
        for line, key_path, reason in self.problems:
            where = f"{self.file.name}:{line}" if line is not None else self.file.name
            lines.append(f"{where}: {key_path + ': ' if key_path else ''}[{reason.code}]")
        return "\n".join(lines)


class InputFileError(WecareError):
    """An input file cannot be read as applications (empty, wrong format, missing columns...)."""

    def __init__(self, code: str, file: Path | str, **params: object) -> None:
        self.file = Path(file)
        super().__init__(code, self.file.name or str(self.file), **params)


class OutputError(WecareError):
    """A report or standard output cannot be written (folder missing, an input named as the
    report, file open in another program, disk full...). The message reads ``[code] path: ...``."""

    def __init__(self, code: str, file: Path | str, **params: object) -> None:
        self.file = file if isinstance(file, str) else Path(file)
        super().__init__(code, self.file, **params)


_describer: Callable[[WecareError], str] | None = None


def set_describer(describer: Callable[[WecareError], str] | None) -> None:
    """Let the rendering edge word ``str(error)`` (in English): the core itself words nothing."""
    global _describer
    _describer = describer
