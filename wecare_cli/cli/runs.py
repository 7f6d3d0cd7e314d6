"""What check, rank and summary share: the configuration, the moment of the run, the report's
destination (checked and locked before any work), reading and saving."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from wecare_cli.cli.console import Consoles, make_consoles, reading_progress
from wecare_cli.cli.options import command_language
from wecare_cli.errors import shown_path
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang

if TYPE_CHECKING:
    from wecare_cli.config import Configuration
    from wecare_cli.ranking import RankingResult
    from wecare_cli.reports.atomic import OutputReservation, ReportDestination
    from wecare_cli.verdicts import CheckResult


def reference_time(as_of: date | None, zone_name: str) -> datetime:
    """The moment of the run: the end of --as-of day, else now (Europe/Rome)."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    if as_of is None:
        return datetime.now(zone).replace(microsecond=0)
    return datetime.combine(as_of, time(23, 59, 59), tzinfo=zone)


@dataclass(frozen=True)
class Run:
    """One run of a command over application files."""

    language: Lang
    configuration: Configuration
    moment: datetime
    consoles: Consoles
    quiet: bool
    output: OutputReservation | None = None
    """The report's destination, reserved before the work (None without --output)."""

    def check(self, files: Sequence[Path], partners: Path | None, amounts: str = "it") -> CheckResult:
        """Read and check the files, with a progress bar on a terminal."""
        from wecare_cli.evaluation import check_files
        from wecare_cli.ingest.files import limits_from_environment

        with reading_progress(self.consoles, self.quiet) as progress:
            return check_files(
                files,
                self.configuration,
                self.moment,
                partners=partners,
                progress=progress,
                limits=limits_from_environment(os.environ),
                amounts=amounts,
            )

    def rank(
        self,
        files: Sequence[Path],
        partners: Path | None,
        measure: str | None = None,
        events: Path | None = None,
        amounts: str = "it",
    ) -> RankingResult:
        """Read, check, rank and allocate (then apply the events), with a progress bar on a terminal."""
        from wecare_cli.evaluation import rank_files
        from wecare_cli.ingest.files import limits_from_environment

        with reading_progress(self.consoles, self.quiet) as progress:
            return rank_files(
                files,
                self.configuration,
                self.moment,
                partners=partners,
                measure=measure,
                progress=progress,
                limits=limits_from_environment(os.environ),
                events=events,
                amounts=amounts,
            )

    def save(self, write: Callable[[ReportDestination], Path], done: str) -> None:
        """Write the report reserved for --output, if any, and say where, unless quiet."""
        if self.output is None:
            return
        written = write(self.output)
        if not self.quiet:
            self.consoles.err.print(text(done, self.language, path=shown_path(written)), markup=False)


def inputs_of(files: Sequence[Path], partners: Path | None, events: Path | None = None) -> list[Path]:
    """The files a run reads, besides its configuration (the report may be none of them)."""
    return [*files, *(path for path in (partners, events) if path is not None)]


def output_reservation(
    output: Path, today: date, configuration: Configuration, inputs: Sequence[Path], force: bool
) -> OutputReservation:
    """The report's destination ({date} filled in), to check and lock for the whole run.

    Entered before reading any application, so that a wrong destination, or another run writing
    the same report, stops the run at once. The configuration files count as inputs too.
    """
    from wecare_cli.reports.atomic import OutputReservation, expand_output_path

    sources = [*inputs, configuration.measures_path, configuration.districts_path]
    destination = expand_output_path(output, today)
    return OutputReservation(destination, inputs=sources, force=force, lock_timeout=0)


def start_run(
    lang: str | None,
    measures_file: Path | None,
    districts_file: Path | None,
    as_of: date | None,
    quiet: bool,
) -> Run:
    """Resolve the language, load the configuration and fix the moment of the run."""
    from wecare_cli.config import load_configuration

    configuration = load_configuration(measures_file, districts_file)
    return Run(
        language=command_language(lang),
        configuration=configuration,
        moment=reference_time(as_of, configuration.measures.strategy.timezone),
        consoles=make_consoles(),
        quiet=quiet,
    )


@contextmanager
def open_run(
    lang: str | None,
    measures_file: Path | None,
    districts_file: Path | None,
    as_of: date | None,
    quiet: bool,
    output: Path | None = None,
    force: bool = False,
    inputs: Sequence[Path] = (),
) -> Iterator[Run]:
    """:func:`start_run`, with the --output destination reserved until the run ends."""
    run = start_run(lang, measures_file, districts_file, as_of, quiet)
    if output is None:
        yield run
        return
    with output_reservation(output, run.moment.date(), run.configuration, inputs, force) as reservation:
        yield dataclasses.replace(run, output=reservation)
