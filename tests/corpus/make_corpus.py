"""Build the corpus of real-world files (``tests/corpus/files/``): one recipe per file.

Usage, from the repository root: ``python tests/corpus/make_corpus.py [FOLDER]`` (default: the
committed folder). Every file of the corpus comes from a recipe here, built from the shipped
example (``examples/domande-esempio.xlsx``) or written from scratch:

- ``.xls``: the example converted by LibreOffice (``soffice --convert-to xls``, "Excel 97"), as
  an office saves it; the committed copy serves machines without LibreOffice.
- ``.xlsb``: LibreOffice reads but cannot write Excel binary workbooks and no Python library
  writes them, so :mod:`tests.corpus.binary_workbooks` writes their records itself.
- the others (OpenDocument with macros or a password, zips named with backslashes, Excel 4.0
  macro sheets, English amounts, a platform's headers) are zips and texts written here.

:data:`CASES` says, for each file, what ``wecare check`` must answer: its exit code and the
error or finding code that matters.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.corpus.binary_workbooks import convert, xlsb_from_xlsx  # noqa: E402

FILES = Path(__file__).resolve().parent / "files"
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"

Recipe = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    recipe: Recipe
    exit_code: int
    code: str
    """The error code (exit 2) or a finding code the check reports."""
    options: tuple[str, ...] = ()
    needs_soffice: bool = False
    """Only LibreOffice builds it (the committed copy is used elsewhere)."""


def example_xls(target: Path) -> None:
    convert(EXAMPLE, target, "xls")


def example_xlsb(target: Path) -> None:
    xlsb_from_xlsx(EXAMPLE, target)


CASES: dict[str, Case] = {
    "domande-esempio.xls": Case(example_xls, 1, "xls-unchecked", needs_soffice=True),
    "domande-esempio.xlsb": Case(example_xlsb, 1, "hidden-row"),
}


def build(folder: Path, names: list[str] | None = None, *, with_soffice: bool = True) -> None:
    """Write the files of :data:`CASES` (or only ``names``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, case in CASES.items():
        if names is not None and name not in names:
            continue
        if case.needs_soffice and not with_soffice:
            continue
        case.recipe(folder / name)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else FILES
    build(folder)
    for name in CASES:
        print(folder / name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
