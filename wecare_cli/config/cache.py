"""The validated configuration kept between runs, found again by the hashes of its files.

Parsing measures.yaml and validating both files takes longer than checking a small intake, so
the validated models are kept in the user's cache folder (``$XDG_CACHE_HOME/wecare``, else
``~/.cache/wecare``), one file per content: the key is the SHA-256 of measures.yaml's bytes, of
districts.csv's bytes, of the package version, of the code of the models and of the Python and
pydantic versions. An edited file has another hash, so it is validated again (and its errors
reported as always); nothing is ever looked up by path or date.

The kept file is a pickle, and loading a pickle can run code: it is read only from a folder and
a file that belong to the user running wecare and that nobody else can write (on systems with
file owners), the same trust as the user's own files. Anything wrong with it (unreadable,
truncated, from another version, the wrong types) is ignored and the configuration validated
again; a folder that cannot be written is skipped silently. ``WECARE_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from wecare_cli.config.districts import District
from wecare_cli.config.measures import MeasuresFile

OFF_VARIABLE = "WECARE_NO_CACHE"
"""Set to 1 (any value but empty or 0) to validate the configuration on every run, keeping nothing."""

CACHE_FORMAT = 1
"""The layout of a kept file; a change makes every older file a mismatch."""

KEPT_FILES = 8
"""Validated configurations kept (the newest by use): one per pair of files in use."""

_PREFIX = "configuration-"
_SUFFIX = ".pickle"
_MODEL_MODULES = (
    "config/facts.py",
    "config/measures.py",
    "config/districts.py",
    "config/texts.py",
    "config/loading.py",
    "vocabulary.py",
)
"""The modules whose code shapes the validated models, from the package folder (a source checkout
keeps its version number while this code changes, so the code itself is part of the key)."""


def cache_folder(environ: Mapping[str, str]) -> Path | None:
    """``$XDG_CACHE_HOME/wecare`` (an absolute path), else ``~/.cache/wecare``; None without a home."""
    base = environ.get("XDG_CACHE_HOME", "").strip()
    if base and Path(base).is_absolute():
        return Path(base) / "wecare"
    try:
        return Path.home() / ".cache" / "wecare"
    except RuntimeError:  # no home folder to be found
        return None


@dataclass(frozen=True)
class ValidatedConfiguration:
    """What the cache keeps: both files as validated."""

    measures: MeasuresFile
    districts: tuple[District, ...]


@dataclass(frozen=True)
class ConfigurationCache:
    """Validated configurations in ``folder``; ``folder=None`` keeps nothing."""

    folder: Path | None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> ConfigurationCache:
        """The user's cache folder, or none when ``WECARE_NO_CACHE`` is set."""
        env = os.environ if environ is None else environ
        if env.get(OFF_VARIABLE, "").strip() not in ("", "0"):
            return cls(None)
        return cls(cache_folder(env))

    def path_for(self, key: str) -> Path | None:
        """Where the configuration with this key is kept."""
        return None if self.folder is None else self.folder / f"{_PREFIX}{key}{_SUFFIX}"

    def load(self, key: str) -> ValidatedConfiguration | None:
        """The configuration kept under ``key``; None if there is none or it cannot be trusted."""
        path = self.path_for(key)
        if path is None or self.folder is None:
            return None
        try:
            with path.open("rb") as stream:
                if not (_trusted(self.folder.stat()) and _trusted(os.fstat(stream.fileno()))):
                    return None
                kept = pickle.load(stream)
        except Exception:  # a missing, foreign, truncated or stale file: validate the files again
            return None
        if not (
            isinstance(kept, tuple)
            and len(kept) == 2
            and kept[0] == key
            and isinstance(kept[1], ValidatedConfiguration)
            and isinstance(kept[1].measures, MeasuresFile)
            and isinstance(kept[1].districts, tuple)
            and all(isinstance(d, District) for d in kept[1].districts)
        ):
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # the newest by use stays
        return kept[1]

    def store(self, key: str, configuration: ValidatedConfiguration) -> None:
        """Keep the configuration under ``key``: written whole or not at all, silently skipped
        when the folder cannot be made or written."""
        path = self.path_for(key)
        if path is None or self.folder is None:
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _trusted(self.folder.stat()):
                return
            payload = pickle.dumps((key, configuration), protocol=pickle.HIGHEST_PROTOCOL)
            descriptor, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=_SUFFIX)
            try:
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(payload)
                Path(temporary).replace(path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self._prune()
        except (OSError, pickle.PicklingError):
            return

    def _prune(self) -> None:
        """Only the :data:`KEPT_FILES` newest by use stay."""
        if self.folder is None:
            return
        kept = sorted(self.folder.glob(f"{_PREFIX}*{_SUFFIX}"), key=_last_use, reverse=True)
        for old in kept[KEPT_FILES:]:
            old.unlink(missing_ok=True)


def _last_use(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _trusted(info: os.stat_result) -> bool:
    """Owned by the user running wecare and writable by nobody else (where files have owners)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cache_key(measures_sha256: str, districts_sha256: str) -> str:
    """The key of a configuration: the hashes of both files, and of what shapes the validated models."""
    import pydantic

    digest = hashlib.sha256()
    for part in (
        str(CACHE_FORMAT),
        _package_version(),
        f"{sys.implementation.name}-{sys.version_info[0]}.{sys.version_info[1]}",
        pydantic.VERSION,
        _code_fingerprint(),
        measures_sha256,
        districts_sha256,
    ):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _package_version() -> str:
    """The version of wecare (the package is always imported before any of its modules)."""
    return str(getattr(import_module("wecare_cli"), "__version__", ""))


def _code_fingerprint() -> str:
    """The SHA-256 of the code of the model modules (empty if it cannot be read)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    try:
        for name in _MODEL_MODULES:
            digest.update((package / name).read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()
