"""One renderer per result and format: the only place that decides how a result is printed.

Every command ends in ``render(result, format, lang, sink)``. Each result type has one function
that handles every :class:`Format` and ends in ``assert_never``, so an unhandled format is a type
error (mypy) and never silently prints a table. Machine formats (JSON, CSV) have the same keys
in every language; the table is for people, in the officer's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol, assert_never

from wecare_cli.i18n.lang import Lang

if TYPE_CHECKING:
    from wecare_cli.config import Configuration, Measure
    from wecare_cli.diff import DiffResult
    from wecare_cli.ranking.model import RankingResult
    from wecare_cli.summary import Summary
    from wecare_cli.verdicts import CheckResult


class Format(StrEnum):
    """How a command prints its result on standard output."""

    TABLE = "table"
    """For people: tables and text in the officer's language."""
    JSON = "json"
    """For scripts: the documented JSON (see :mod:`wecare_cli.documents`)."""
    CSV = "csv"
    """For spreadsheets: one record per line."""


class Sink(Protocol):
    """Where a renderer writes: machine text as given, people's views through a console."""

    @property
    def ascii_only(self) -> bool:
        """Whether the output cannot show characters outside ASCII (a cp1252 console)."""

    def write(self, text: str) -> None:
        """Machine-readable text, exactly as given."""

    def show(self, renderable: Any, *, wrap: bool = True) -> None:
        """A view for people (a Rich renderable or text); ``wrap=False`` leaves long lines whole."""

    def note(self, text: str) -> None:
        """A message for people on standard error."""


@dataclass(frozen=True)
class MeasuresListing:
    """``wecare measures``: the measures as of a day."""

    configuration: Configuration
    as_of: date


@dataclass(frozen=True)
class MeasureDetail:
    """``wecare measures show CODE``: one measure's rules, deadlines and sources."""

    configuration: Configuration
    measure: Measure


@dataclass(frozen=True)
class DistrictsListing:
    """``wecare districts``: the districts, optionally of one province."""

    configuration: Configuration
    province: str | None


@dataclass(frozen=True)
class ConfigurationCheck:
    """``wecare config check``: the configuration is valid; the facts the sources do not give."""

    configuration: Configuration


def render_check(result: CheckResult, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare check``."""
    from wecare_cli.reports import check

    if fmt is Format.JSON:
        from wecare_cli.reports.machine import write_json

        write_json(check.check_document(result, lang, lazy=True), sink.write)
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import write_csv

        write_csv(check.check_csv_slices(result, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.check_console import check_view

        for part in check_view(result, lang):
            sink.show(part)
    else:
        assert_never(fmt)


def render_ranking(result: RankingResult, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare rank``."""
    from wecare_cli.reports import ranking

    if fmt is Format.JSON:
        from wecare_cli.reports.machine import write_json

        write_json(ranking.ranking_document(result, lang, lazy=True), sink.write)
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import write_csv

        write_csv(ranking.ranking_csv(result, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.ranking_console import ranking_view

        sink.show(ranking_view(result, lang, sink.ascii_only))
    else:
        assert_never(fmt)


def render_summary(result: Summary, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare summary``."""
    from wecare_cli.reports import summary

    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json(summary.summary_document(result, lang)))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import write_csv

        write_csv(summary.summary_csv(result, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.summary_console import summary_view

        sink.show(summary_view(result, lang, sink.ascii_only))
    else:
        assert_never(fmt)


def render_measures(result: MeasuresListing, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare measures``."""
    from wecare_cli.reports import listings

    records = listings.measure_records(result.configuration, result.as_of)
    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json({"as_of": result.as_of.isoformat(), "measures": records}))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import to_csv, write_csv

        write_csv(to_csv(records, listings.MEASURE_COLUMNS, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.configuration import measures_table

        sink.show(measures_table(records, result.as_of.isoformat(), lang))
    else:
        assert_never(fmt)


def render_measure_detail(result: MeasureDetail, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare measures show CODE``."""
    from wecare_cli.reports import listings

    detail = listings.measure_detail(result.configuration, result.measure)
    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json(detail))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import to_csv, write_csv

        write_csv(to_csv(listings.flatten_detail(detail), ("path", "value", "source", "note"), lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.configuration import measure_detail_view

        sink.show(measure_detail_view(detail, lang))
    else:
        assert_never(fmt)


def render_districts(result: DistrictsListing, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare districts``."""
    from wecare_cli.reports import listings

    records = listings.district_records(result.configuration, result.province)
    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json({"districts": records}))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import to_csv, write_csv

        write_csv(to_csv(records, listings.DISTRICT_COLUMNS, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.i18n.catalog import text
        from wecare_cli.reports.configuration import districts_table

        if not records:
            sink.note(text("districts-none-in-province", lang, province=(result.province or "").upper()))
            return
        sink.show(districts_table(records, lang))
        unverified = sum(1 for r in records if not r["verified"] or r["lead_body_status"] == "unverified")
        if unverified:
            sink.note(text("districts-unverified", lang, count=unverified))
    else:
        assert_never(fmt)


def render_configuration_check(result: ConfigurationCheck, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare config check``."""
    from wecare_cli.reports import listings

    configuration = result.configuration
    unknowns = listings.unknown_facts(configuration)
    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json(listings.configuration_document(configuration)))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import to_csv, write_csv

        write_csv(to_csv([{"unknown_fact": path} for path in unknowns], ("unknown_fact",), lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.configuration import configuration_check_view

        sink.show(configuration_check_view(configuration, unknowns, lang))
    else:
        assert_never(fmt)


def render_diff(result: DiffResult, fmt: Format, lang: Lang, sink: Sink) -> None:
    """``wecare diff``."""
    from wecare_cli.reports import diff_document

    if fmt is Format.JSON:
        from wecare_cli.reports.machine import to_json

        sink.write(to_json(diff_document.diff_document(result)))
    elif fmt is Format.CSV:
        from wecare_cli.reports.machine import write_csv

        write_csv(diff_document.diff_csv(result, lang), sink)
    elif fmt is Format.TABLE:
        from wecare_cli.reports.diff_console import diff_title, diff_view

        sink.show(diff_title(result, lang))
        if result.changed:
            sink.show(diff_view(result, lang))
    else:
        assert_never(fmt)
    if result.matched_by_position:
        from wecare_cli.i18n.catalog import text

        sink.note(text("diff-matched-by-position", lang, count=result.matched_by_position))


Renderer = Callable[[Any, Format, Lang, Sink], None]

RENDERERS: dict[str, Renderer] = {
    "wecare_cli.verdicts.CheckResult": render_check,
    "wecare_cli.ranking.model.RankingResult": render_ranking,
    "wecare_cli.summary.Summary": render_summary,
    "wecare_cli.diff.DiffResult": render_diff,
    f"{__name__}.MeasuresListing": render_measures,
    f"{__name__}.MeasureDetail": render_measure_detail,
    f"{__name__}.DistrictsListing": render_districts,
    f"{__name__}.ConfigurationCheck": render_configuration_check,
}
"""The qualified name of a result type -> its renderer: named, so that printing a check does not
import the modules of the other results (ranking, diff, summary)."""


def render(result: object, fmt: Format, lang: Lang, sink: Sink) -> None:
    """Print ``result`` in ``fmt``; a result type without a renderer is a bug, never a silent table."""
    kind = type(result)
    renderer = RENDERERS.get(f"{kind.__module__}.{kind.__qualname__}")
    if renderer is None:
        raise TypeError(f"no renderer for {kind.__name__}")
    renderer(result, fmt, lang, sink)
