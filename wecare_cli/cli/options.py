"""Options shared by the commands, declared once."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class OutputFormat(StrEnum):
    """How a listing is printed on standard output."""

    TABLE = "table"
    JSON = "json"
    CSV = "csv"


MeasuresOption = Annotated[
    Path | None,
    typer.Option(
        "--measures",
        help="measures.yaml to use (else $WECARE_MEASURES, ./measures.yaml, the shipped copy).",
        show_default=False,
    ),
]
DistrictsOption = Annotated[
    Path | None,
    typer.Option(
        "--districts",
        help="districts.csv to use (else $WECARE_DISTRICTS, ./districts.csv, the shipped copy).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat, typer.Option("--format", "-f", help="table for people, json or csv for scripts.")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of messages: it or en (else $WECARE_LANG, else the locale).",
        show_default=False,
    ),
]


def _parse_day(value: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise typer.BadParameter(f"{value!r} is not a date: write YYYY-MM-DD or gg/mm/aaaa")


AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=_parse_day,
        metavar="DATE",
        help="Reference day (YYYY-MM-DD or gg/mm/aaaa), Europe/Rome; default today.",
        show_default=False,
    ),
]
