"""The validated configuration kept between runs: found by the hashes of its files, never trusted blindly."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wecare_cli.config import discovery, load_configuration, loading, write_editable_copies
from wecare_cli.config.cache import (
    KEPT_FILES,
    ConfigurationCache,
    ValidatedConfiguration,
    cache_folder,
    cache_key,
)
from wecare_cli.errors import ConfigError

SHIPPED_NAME = 'name: "WE.CA.RE. – Welfare Cantiere Regionale"'


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """Editable copies of the shipped measures.yaml and districts.csv."""
    measures, districts = write_editable_copies(tmp_path / "config")
    return measures, districts


@pytest.fixture
def cache(tmp_path: Path) -> ConfigurationCache:
    return ConfigurationCache(tmp_path / "cache" / "wecare")


def kept_files(cache: ConfigurationCache) -> list[Path]:
    assert cache.folder is not None
    return sorted(cache.folder.glob("configuration-*.pickle")) if cache.folder.exists() else []


def count_validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every measures.yaml parsed and validated from now on (the cache spares the others)."""
    validated: list[Path] = []
    real = loading.measures_from_text

    def counting(path: Path, text: str) -> object:
        validated.append(path)
        return real(path, text)

    monkeypatch.setattr(discovery, "measures_from_text", counting)
    return validated


def test_a_second_load_of_the_same_files_takes_the_validated_configuration_from_the_cache(
    files: tuple[Path, Path], cache: ConfigurationCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    validated = count_validations(monkeypatch)
    first = load_configuration(*files, environ={}, cache=cache)
    second = load_configuration(*files, environ={}, cache=cache)
    assert validated == [files[0]]
    assert len(kept_files(cache)) == 1
    assert second.measures == first.measures
    assert second.districts == first.districts
    assert second.file_hashes() == first.file_hashes()
    assert second.district("Torino") == first.district("Torino")


def test_an_edited_measures_file_is_validated_again_and_its_change_is_seen(
    files: tuple[Path, Path], cache: ConfigurationCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    measures, districts = files
    load_configuration(measures, districts, environ={}, cache=cache)
    text = measures.read_text(encoding="utf-8")
    assert SHIPPED_NAME in text
    measures.write_text(text.replace(SHIPPED_NAME, 'name: "WE.CA.RE. edited"'), encoding="utf-8")
    validated = count_validations(monkeypatch)
    edited = load_configuration(measures, districts, environ={}, cache=cache)
    assert validated == [measures]
    assert edited.measures.strategy.name == "WE.CA.RE. edited"
    assert len(kept_files(cache)) == 2


def test_an_edited_districts_file_is_validated_again(
    files: tuple[Path, Path], cache: ConfigurationCache
) -> None:
    measures, districts = files
    before = load_configuration(measures, districts, environ={}, cache=cache)
    header, _first, *rest = districts.read_text(encoding="utf-8").splitlines(keepends=True)
    districts.write_text(header + "".join(rest), encoding="utf-8")
    after = load_configuration(measures, districts, environ={}, cache=cache)
    assert len(after.districts) == len(before.districts) - 1


def test_an_edited_file_with_an_error_is_reported_even_when_its_former_version_is_cached(
    files: tuple[Path, Path], cache: ConfigurationCache
) -> None:
    measures, districts = files
    load_configuration(measures, districts, environ={}, cache=cache)
    measures.write_text(measures.read_text(encoding="utf-8") + "\nunknown_key: 1\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_configuration(measures, districts, environ={}, cache=cache)
    problems = [(reason.code, key) for _, key, reason in raised.value.problems]
    assert problems == [("unknown-key", "unknown_key")]
    assert len(kept_files(cache)) == 1


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle at all", pickle.dumps(("another key", None))[:-3], pickle.dumps({"a": 1})],
    ids=["empty", "garbage", "truncated", "another object"],
)
def test_a_corrupted_cache_file_is_ignored_and_written_again(
    files: tuple[Path, Path], cache: ConfigurationCache, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    first = load_configuration(*files, environ={}, cache=cache)
    (kept,) = kept_files(cache)
    kept.write_bytes(content)
    validated = count_validations(monkeypatch)
    again = load_configuration(*files, environ={}, cache=cache)
    assert validated == [files[0]]
    assert again.measures == first.measures
    assert kept_files(cache) == [kept]
    assert kept.read_bytes() != content
    load_configuration(*files, environ={}, cache=cache)
    assert validated == [files[0]]  # the rewritten file serves the next run


def test_a_cache_file_kept_under_another_key_is_not_taken(
    files: tuple[Path, Path], cache: ConfigurationCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = load_configuration(*files, environ={}, cache=cache)
    (kept,) = kept_files(cache)
    other = ValidatedConfiguration(first.measures, first.districts[:1])
    kept.write_bytes(pickle.dumps(("0" * 64, other)))
    validated = count_validations(monkeypatch)
    assert load_configuration(*files, environ={}, cache=cache).districts == first.districts
    assert validated == [files[0]]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="files have no owner here")
@pytest.mark.parametrize("which", ["file", "folder"])
def test_a_cache_that_others_can_write_is_never_loaded(
    files: tuple[Path, Path], cache: ConfigurationCache, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    load_configuration(*files, environ={}, cache=cache)
    (kept,) = kept_files(cache)
    target = kept if which == "file" else kept.parent
    target.chmod(stat.S_IMODE(target.stat().st_mode) | stat.S_IWOTH)
    validated = count_validations(monkeypatch)
    load_configuration(*files, environ={}, cache=cache)
    assert validated == [files[0]]


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="files have no owner here")
def test_the_cache_folder_and_its_files_are_private_to_the_user(
    files: tuple[Path, Path], cache: ConfigurationCache
) -> None:
    load_configuration(*files, environ={}, cache=cache)
    (kept,) = kept_files(cache)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700


def test_a_cache_folder_that_cannot_be_made_is_skipped_silently(
    files: tuple[Path, Path], tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    cache = ConfigurationCache(blocker / "wecare")
    first = load_configuration(*files, environ={}, cache=cache)
    second = load_configuration(*files, environ={}, cache=cache)
    assert second.measures == first.measures
    assert blocker.read_text(encoding="utf-8") == ""


def test_wecare_no_cache_keeps_nothing(files: tuple[Path, Path], tmp_path: Path) -> None:
    environ = {"XDG_CACHE_HOME": str(tmp_path / "xdg"), "WECARE_NO_CACHE": "1"}
    cache = ConfigurationCache.from_environment(environ)
    assert cache.folder is None
    load_configuration(*files, environ={}, cache=cache)
    assert not (tmp_path / "xdg").exists()


def test_the_cache_is_on_by_default_in_the_user_cache_folder(
    files: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    load_configuration(*files, environ={})
    assert len(list((tmp_path / "xdg" / "wecare").glob("configuration-*.pickle"))) == 1
    monkeypatch.setenv("WECARE_NO_CACHE", "0")
    assert ConfigurationCache.from_environment().folder == tmp_path / "xdg" / "wecare"


def test_the_cache_folder_is_xdg_cache_home_when_absolute_else_the_home_cache(tmp_path: Path) -> None:
    assert cache_folder({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "wecare"
    assert cache_folder({"XDG_CACHE_HOME": "relative/path"}) == Path.home() / ".cache" / "wecare"
    assert cache_folder({}) == Path.home() / ".cache" / "wecare"


def test_the_key_changes_with_either_file_and_with_nothing_else(files: tuple[Path, Path]) -> None:
    key = cache_key("a" * 64, "b" * 64)
    assert key == cache_key("a" * 64, "b" * 64)
    assert key != cache_key("c" * 64, "b" * 64)
    assert key != cache_key("a" * 64, "c" * 64)


def test_only_the_newest_configurations_by_use_are_kept(
    files: tuple[Path, Path], cache: ConfigurationCache
) -> None:
    measures, districts = files
    text = measures.read_text(encoding="utf-8")
    for index in range(KEPT_FILES + 2):
        measures.write_text(text.replace(SHIPPED_NAME, f'name: "version {index}"'), encoding="utf-8")
        load_configuration(measures, districts, environ={}, cache=cache)
        for kept in kept_files(cache):  # older by use than the one just written
            os.utime(kept, (kept.stat().st_mtime - 10, kept.stat().st_mtime - 10))
    assert len(kept_files(cache)) == KEPT_FILES


def test_a_run_with_its_configuration_in_the_cache_never_loads_the_yaml_reader(tmp_path: Path) -> None:
    # Fresh interpreters: this test process has long since imported everything.
    program = (
        "import sys\n"
        "from wecare_cli.config import load_configuration\n"
        "load_configuration(environ={})\n"
        "print('yaml' in sys.modules)\n"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = [
        subprocess.run(
            [sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]
