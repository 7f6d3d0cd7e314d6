"""Errors that stop a run. Bad data never raises: it becomes a finding."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wecare_cli.messages import Lang

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


class WecareError(Exception):
    """A run cannot continue; the message is meant for the officer."""

    def message(self, lang: Lang) -> str:
        """The message in the officer's language (errors without a translation give their text)."""
        return str(self)


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
    """A report or standard output cannot be written (folder missing, an input named as the
    report, file open in another program, disk full...).

    ``code`` is stable and is also the key of the message in :mod:`wecare_cli.messages`;
    ``params`` fill it in. The message reads ``[code] path: what happened``.
    """

    def __init__(self, code: str, file: Path | str, **params: object) -> None:
        self.code = code
        self.file = file if isinstance(file, str) else Path(file)
        self.params = params
        super().__init__(self._render(None))

    def message(self, lang: Lang) -> str:
        return self._render(lang)

    def _render(self, lang: Lang | None) -> str:
        from wecare_cli.messages import Lang, text

        detail = text(self.code, lang or Lang.EN, **self.params)
        return f"[{self.code}] {shown_path(self.file)}: {detail}"
