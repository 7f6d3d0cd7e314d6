"""Two runs built in code, written as the JSON files `wecare check` and `wecare rank` print."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.applications import make_application, run
from wecare_cli.config import Configuration
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.model import ApplicationRow
from wecare_cli.ranking import rank_check
from wecare_cli.reports.check import check_document
from wecare_cli.reports.machine import to_json
from wecare_cli.reports.ranking import ranking_document


def application(
    row: int, application_id: str | None, score: int = 80, requested: int = 60_000, **fields: Any
) -> ApplicationRow:
    """An eligible FSE3 'attivazione' application with a score; total cost twice the request."""
    return make_application(
        row=row,
        application_id=application_id,
        score=Decimal(score),
        requested_amount=Decimal(requested),
        total_cost=Decimal(requested) * 2,
        **fields,
    )


def check_json(configuration: Configuration, rows: list[ApplicationRow]) -> dict[str, Any]:
    """The document of `wecare check --format json` for these rows."""
    return check_document(run(configuration, rows), Lang.EN)


def rank_json(configuration: Configuration, rows: list[ApplicationRow]) -> dict[str, Any]:
    """The document of `wecare rank --format json` for these rows."""
    return ranking_document(rank_check(run(configuration, rows)), Lang.EN)


def write(path: Path, document: dict[str, Any]) -> Path:
    """Write a document as the command prints it."""
    path.write_text(to_json(document), encoding="utf-8")
    return path


def check_files(
    tmp_path: Path, configuration: Configuration, old: list[ApplicationRow], new: list[ApplicationRow]
) -> tuple[Path, Path]:
    """OLD and NEW check results as JSON files."""
    return (
        write(tmp_path / "old-check.json", check_json(configuration, old)),
        write(tmp_path / "new-check.json", check_json(configuration, new)),
    )


def rank_files(
    tmp_path: Path, configuration: Configuration, old: list[ApplicationRow], new: list[ApplicationRow]
) -> tuple[Path, Path]:
    """OLD and NEW rankings as JSON files."""
    return (
        write(tmp_path / "old-rank.json", rank_json(configuration, old)),
        write(tmp_path / "new-rank.json", rank_json(configuration, new)),
    )
