"""The configuration: where it comes from, and the typed objects every command uses."""

from wecare_cli.config.discovery import (
    ConfigSource,
    Configuration,
    load_configuration,
    resolve_config_path,
    write_editable_copies,
)
from wecare_cli.config.districts import District
from wecare_cli.config.loading import load_districts, load_measures
from wecare_cli.config.measures import Line, Measure, MeasuresFile

__all__ = [
    "ConfigSource",
    "Configuration",
    "District",
    "Line",
    "Measure",
    "MeasuresFile",
    "load_configuration",
    "load_districts",
    "load_measures",
    "resolve_config_path",
    "write_editable_copies",
]
