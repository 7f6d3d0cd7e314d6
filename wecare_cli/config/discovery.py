"""Where the configuration comes from: option, environment, current folder, shipped copy."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from wecare_cli.config.cache import ConfigurationCache, ValidatedConfiguration, cache_key
from wecare_cli.config.districts import District
from wecare_cli.config.loading import districts_from_text, measures_from_text, read_config_text
from wecare_cli.config.measures import MeasuresFile
from wecare_cli.errors import ConfigError, OutputError, Reason
from wecare_cli.vocabulary import normalise_label

MEASURES_FILE = "measures.yaml"
DISTRICTS_FILE = "districts.csv"
ENVIRONMENT = {MEASURES_FILE: "WECARE_MEASURES", DISTRICTS_FILE: "WECARE_DISTRICTS"}


class ConfigSource(StrEnum):
    """Which rule chose a configuration file (first match wins, in this order)."""

    OPTION = "option"
    ENVIRONMENT = "environment"
    CURRENT_FOLDER = "current-folder"
    SHIPPED = "shipped"


def shipped_path(name: str) -> Path:
    """The copy shipped inside the installed package.

    A wheel carries it in ``wecare_cli/data``; a source checkout uses the repository's own file,
    so the repository holds a single copy of the data.
    """
    package = Path(__file__).resolve().parent.parent
    inside = package / "data" / name
    return inside if inside.is_file() else package.parent / name


def resolve_config_path(
    name: str,
    option: Path | None,
    environ: Mapping[str, str],
    cwd: Path,
) -> tuple[Path, ConfigSource]:
    """Pick the file for ``measures.yaml`` or ``districts.csv``; first match wins."""
    if option is not None:
        return option, ConfigSource.OPTION
    from_environment = environ.get(ENVIRONMENT[name], "").strip()
    if from_environment:
        return Path(from_environment), ConfigSource.ENVIRONMENT
    local = cwd / name
    if local.is_file():
        return local, ConfigSource.CURRENT_FOLDER
    return shipped_path(name), ConfigSource.SHIPPED


@dataclass(frozen=True)
class Configuration:
    """Measures and districts as loaded, with where they came from and their SHA-256."""

    measures: MeasuresFile
    districts: tuple[District, ...]
    measures_path: Path
    measures_source: ConfigSource
    districts_path: Path
    districts_source: ConfigSource
    measures_sha256: str
    """SHA-256 of the measures.yaml bytes that were validated (read once, at load time)."""
    districts_sha256: str
    """SHA-256 of the districts.csv bytes that were validated."""

    def district(self, text: str) -> District | None:
        """The district with this code or name (case- and accent-insensitive)."""
        return self._district_index.get(normalise_label(text))

    @cached_property
    def _district_index(self) -> dict[str, District]:
        index: dict[str, District] = {}
        for district in reversed(self.districts):
            index[normalise_label(district.name)] = district
            index[normalise_label(district.code)] = district
        return index

    def file_hashes(self) -> dict[str, str]:
        """SHA-256 of each configuration file as it was loaded, by path."""
        return {
            str(self.measures_path): self.measures_sha256,
            str(self.districts_path): self.districts_sha256,
        }


def load_configuration(
    measures: Path | None = None,
    districts: Path | None = None,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    *,
    cache: ConfigurationCache | None = None,
) -> Configuration:
    """Find, read and validate both configuration files.

    Files already validated with the very same bytes are taken from ``cache`` (by default the
    user's cache folder, see :mod:`wecare_cli.config.cache`) instead of being parsed again.
    """
    env = os.environ if environ is None else environ
    here = Path.cwd() if cwd is None else cwd
    measures_path, measures_source = resolve_config_path(MEASURES_FILE, measures, env, here)
    districts_path, districts_source = resolve_config_path(DISTRICTS_FILE, districts, env, here)
    measures_text = read_config_text(measures_path)
    districts_text = read_config_text(districts_path)
    kept = ConfigurationCache.from_environment() if cache is None else cache
    key = cache_key(measures_text.sha256, districts_text.sha256)
    validated = kept.load(key)
    if validated is None:
        validated = ValidatedConfiguration(
            measures=measures_from_text(measures_path, measures_text.value),
            districts=districts_from_text(districts_path, districts_text.value),
        )
        kept.store(key, validated)
    return Configuration(
        measures=validated.measures,
        districts=validated.districts,
        measures_path=measures_path,
        measures_source=measures_source,
        districts_path=districts_path,
        districts_source=districts_source,
        measures_sha256=measures_text.sha256,
        districts_sha256=districts_text.sha256,
    )


def write_editable_copies(folder: Path, overwrite: bool = False) -> list[Path]:
    """Write the shipped measures.yaml and districts.csv into a folder for editing."""
    targets = [folder / MEASURES_FILE, folder / DISTRICTS_FILE]
    existing = [t for t in targets if t.exists()]
    if existing and not overwrite:
        names = ", ".join(t.name for t in existing)
        raise OutputError("output-exists", folder, names=names)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target in targets:
            source = shipped_path(target.name)
            if not source.is_file():
                raise ConfigError(source, [(None, "", Reason("shipped-copy-missing"))])
            shutil.copyfile(source, target)
    except OSError as error:
        raise OutputError("output-not-writable", folder, reason=error.strerror or str(error)) from None
    return targets
