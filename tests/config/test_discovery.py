"""Where the configuration comes from: option, then environment, then current folder, then shipped."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from wecare_cli.config import ConfigSource, load_configuration, resolve_config_path, write_editable_copies
from wecare_cli.config.discovery import shipped_path
from wecare_cli.errors import OutputError

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = REPO_ROOT / "tests" / "fixtures" / "broken_config"


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    """A measures.yaml in each of the places the lookup tries, every one a different file."""
    found: dict[str, Path] = {}
    for place in ("option", "environment", "cwd"):
        folder = tmp_path / place
        folder.mkdir()
        shutil.copyfile(FIXTURES / "valid_measures.yaml", folder / "measures.yaml")
        shutil.copyfile(FIXTURES / "valid_districts.csv", folder / "districts.csv")
        found[place] = folder
    return found


@pytest.mark.parametrize(
    ("name", "variable"),
    [("measures.yaml", "WECARE_MEASURES"), ("districts.csv", "WECARE_DISTRICTS")],
    ids=["measures", "districts"],
)
def test_the_option_wins_over_the_environment_and_the_current_folder(
    places: dict[str, Path], name: str, variable: str
) -> None:
    option = places["option"] / name
    environ = {variable: str(places["environment"] / name)}
    assert resolve_config_path(name, option, environ, places["cwd"]) == (option, ConfigSource.OPTION)


@pytest.mark.parametrize(
    ("name", "variable"),
    [("measures.yaml", "WECARE_MEASURES"), ("districts.csv", "WECARE_DISTRICTS")],
    ids=["measures", "districts"],
)
def test_the_environment_wins_over_the_current_folder(
    places: dict[str, Path], name: str, variable: str
) -> None:
    environ = {variable: str(places["environment"] / name)}
    assert resolve_config_path(name, None, environ, places["cwd"]) == (
        places["environment"] / name,
        ConfigSource.ENVIRONMENT,
    )


def test_the_variable_for_one_file_does_not_choose_the_other(places: dict[str, Path]) -> None:
    environ = {"WECARE_MEASURES": str(places["environment"] / "measures.yaml")}
    assert resolve_config_path("districts.csv", None, environ, places["cwd"]) == (
        places["cwd"] / "districts.csv",
        ConfigSource.CURRENT_FOLDER,
    )


def test_a_blank_environment_variable_is_ignored(places: dict[str, Path]) -> None:
    environ = {"WECARE_MEASURES": "  "}
    assert resolve_config_path("measures.yaml", None, environ, places["cwd"]) == (
        places["cwd"] / "measures.yaml",
        ConfigSource.CURRENT_FOLDER,
    )


def test_the_current_folder_wins_over_the_shipped_copy(places: dict[str, Path]) -> None:
    assert resolve_config_path("measures.yaml", None, {}, places["cwd"]) == (
        places["cwd"] / "measures.yaml",
        ConfigSource.CURRENT_FOLDER,
    )


def test_a_folder_named_like_the_file_in_the_current_folder_is_not_taken(tmp_path: Path) -> None:
    (tmp_path / "measures.yaml").mkdir()
    path, source = resolve_config_path("measures.yaml", None, {}, tmp_path)
    assert source is ConfigSource.SHIPPED
    assert path == shipped_path("measures.yaml")


@pytest.mark.parametrize("name", ["measures.yaml", "districts.csv"])
def test_with_nothing_else_the_shipped_copy_is_used_and_it_is_the_repository_file(
    tmp_path: Path, name: str
) -> None:
    path, source = resolve_config_path(name, None, {}, tmp_path)
    assert source is ConfigSource.SHIPPED
    assert path.name == name
    assert path.read_bytes() == (REPO_ROOT / name).read_bytes()


def test_load_configuration_reports_where_each_file_came_from(places: dict[str, Path]) -> None:
    config = load_configuration(
        measures=places["option"] / "measures.yaml",
        environ={"WECARE_DISTRICTS": str(places["environment"] / "districts.csv")},
        cwd=places["cwd"],
    )
    assert (config.measures_path, config.measures_source) == (
        places["option"] / "measures.yaml",
        ConfigSource.OPTION,
    )
    assert (config.districts_path, config.districts_source) == (
        places["environment"] / "districts.csv",
        ConfigSource.ENVIRONMENT,
    )
    assert [m.code for m in config.measures.measures] == ["FSE2", "FESR"]
    assert [d.code for d in config.districts] == ["D01", "D02", "D27"]


def test_load_configuration_hashes_the_files_it_read(places: dict[str, Path]) -> None:
    config = load_configuration(environ={}, cwd=places["cwd"])
    measures = places["cwd"] / "measures.yaml"
    districts = places["cwd"] / "districts.csv"
    assert config.file_hashes() == {
        str(measures): hashlib.sha256(measures.read_bytes()).hexdigest(),
        str(districts): hashlib.sha256(districts.read_bytes()).hexdigest(),
    }


def test_load_configuration_from_an_empty_folder_uses_the_shipped_copies(tmp_path: Path) -> None:
    config = load_configuration(environ={}, cwd=tmp_path)
    assert config.measures_source is ConfigSource.SHIPPED
    assert config.districts_source is ConfigSource.SHIPPED
    assert len(config.measures.measures) == 5
    assert len(config.districts) == 30


def test_write_editable_copies_writes_both_shipped_files_into_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "bando-2026"
    written = write_editable_copies(folder)
    assert written == [folder / "measures.yaml", folder / "districts.csv"]
    for path in written:
        assert path.read_bytes() == shipped_path(path.name).read_bytes()


def test_the_written_copies_are_what_the_current_folder_rule_then_finds(tmp_path: Path) -> None:
    write_editable_copies(tmp_path)
    config = load_configuration(environ={}, cwd=tmp_path)
    assert config.measures_source is ConfigSource.CURRENT_FOLDER
    assert config.measures_path == tmp_path / "measures.yaml"


def test_write_editable_copies_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    (tmp_path / "measures.yaml").write_text("# my edits\n", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_editable_copies(tmp_path)
    assert raised.value.code == "output-exists"
    assert str(raised.value) == (
        f"[output-exists] {tmp_path}: already holds measures.yaml (use --force to replace)"
    )
    assert (tmp_path / "measures.yaml").read_text(encoding="utf-8") == "# my edits\n"
    assert not (tmp_path / "districts.csv").exists()


def test_write_editable_copies_replaces_existing_files_when_forced(tmp_path: Path) -> None:
    (tmp_path / "measures.yaml").write_text("# my edits\n", encoding="utf-8")
    write_editable_copies(tmp_path, overwrite=True)
    assert (tmp_path / "measures.yaml").read_bytes() == shipped_path("measures.yaml").read_bytes()
    assert (tmp_path / "districts.csv").read_bytes() == shipped_path("districts.csv").read_bytes()


def test_write_editable_copies_into_a_path_that_is_a_file_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_editable_copies(blocker)
    assert raised.value.code == "output-not-writable"


def test_the_configuration_hash_is_of_the_bytes_loaded_even_if_the_file_changes_afterwards(
    tmp_path: Path,
) -> None:
    import hashlib

    measures, districts = write_editable_copies(tmp_path)
    loaded = load_configuration(measures, districts, environ={})
    original = hashlib.sha256(measures.read_bytes()).hexdigest()
    edited = measures.read_text(encoding="utf-8") + "\n# edited during the run\n"
    measures.write_text(edited, encoding="utf-8")
    assert loaded.file_hashes()[str(measures)] == original
    assert loaded.districts_sha256 == hashlib.sha256(districts.read_bytes()).hexdigest()
