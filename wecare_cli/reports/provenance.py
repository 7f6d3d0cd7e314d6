"""What a report says about the files of a run: their names and SHA-256, never the machine's paths.

Reports are mailed, published and archived: a path such as ``/home/rossi/bandi/2026/domande.xlsx``
tells the reader about the officer's machine, not about the data. Every report (the JSON
documents, the CSV, the workbooks' Legenda sheets, ``wecare config check``) names a file by its
name alone and identifies its content by its SHA-256; the positions of findings already name
files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from wecare_cli.config.discovery import Configuration


def file_name(path: str | PurePath) -> str:
    """The name of the file, without its folders (``examples/domande.xlsx`` -> ``domande.xlsx``)."""
    text = str(path)
    name = PurePath(text).name
    return name or text


@dataclass(frozen=True)
class ConfigurationFile:
    """A configuration file of the run: its name, which rule chose it, and its SHA-256."""

    name: str
    source: str
    """``option``, ``environment``, ``current-folder`` or ``shipped``."""
    sha256: str


def configuration_files(configuration: Configuration) -> tuple[ConfigurationFile, ConfigurationFile]:
    """``measures.yaml`` and ``districts.csv`` as loaded (the bytes that were validated)."""
    return (
        ConfigurationFile(
            file_name(Path(configuration.measures_path)),
            str(configuration.measures_source),
            configuration.measures_sha256,
        ),
        ConfigurationFile(
            file_name(Path(configuration.districts_path)),
            str(configuration.districts_source),
            configuration.districts_sha256,
        ),
    )
