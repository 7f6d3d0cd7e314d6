"""What check, rank and summary share: the configuration, the moment of the run, reading and saving."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING

from wecare_cli.cli.console import Consoles, make_consoles, reading_progress
from wecare_cli.messages import Lang, resolve_lang, text

if TYPE_CHECKING:
    from wecare_cli.config import Configuration
    from wecare_cli.evaluation import CheckResult
    from wecare_cli.ranking import RankingResult


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

    def check(self, files: Sequence[Path], partners: Path | None) -> CheckResult:
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
            )

    def rank(self, files: Sequence[Path], partners: Path | None, measure: str | None = None) -> RankingResult:
        """Read, check, rank and allocate, with a progress bar on a terminal."""
        from wecare_cli.ingest.files import limits_from_environment
        from wecare_cli.ranking import rank_files

        with reading_progress(self.consoles, self.quiet) as progress:
            return rank_files(
                files,
                self.configuration,
                self.moment,
                partners=partners,
                measure=measure,
                progress=progress,
                limits=limits_from_environment(os.environ),
            )

    def save(self, output: Path | None, write: Callable[[Path], Path], done: str) -> None:
        """Write a report if --output was given ({date} filled in) and say where, unless quiet."""
        if output is None:
            return
        from wecare_cli.reports.atomic import expand_output_path

        written = write(expand_output_path(output, self.moment.date()))
        if not self.quiet:
            self.consoles.err.print(text(done, self.language, path=written), markup=False)


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
        language=resolve_lang(lang),
        configuration=configuration,
        moment=reference_time(as_of, configuration.measures.strategy.timezone),
        consoles=make_consoles(),
        quiet=quiet,
    )
