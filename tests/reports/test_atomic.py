"""Reports are written whole or not at all, only where they may go, and never by two runs at once."""

from __future__ import annotations

import errno
import gc
import os
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tests.reports.output_recipes import (
    custom_properties,
    fill_the_disk,
    foreign_workbook,
    marker_after_padding,
    marker_behind_a_large_directory,
    marker_with_entities,
    wecare_report,
    zip_with,
)
from wecare_cli.errors import OutputError
from wecare_cli.i18n.errors import describe
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.atomic import (
    CUSTOM_PROPERTIES,
    MARKER_READ_LIMIT,
    OutputReservation,
    ReportKind,
    expand_output_path,
    marker_value,
    report_kind,
    write_atomically,
)
from wecare_cli.reports.workbook import new_workbook


def marked(text: str, pause: float = 0.0) -> Callable[[Path], None]:
    """A writer of a small wecare report holding ``text`` (pausing half-way, to overlap runs)."""

    def write(path: Path) -> None:
        path.write_bytes(b"half a workbook")
        time.sleep(pause)
        wecare_report(path, ReportKind.RANK, text)

    return write


def cell(path: Path) -> str:
    from openpyxl import load_workbook

    value = load_workbook(path).active["A1"].value  # type: ignore[index]
    return str(value)


def leftovers(folder: Path) -> list[str]:
    """Names beside the report other than itself and its lock: temporary files, working folders."""
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def fail_with(code: int) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(code, os.strerror(code))

    return write


# ------------------------------------------------------------------------------------- replacing


def test_wecare_s_own_earlier_report_is_replaced_in_one_step(tmp_path: Path) -> None:
    target = wecare_report(tmp_path / "graduatoria.xlsx", text="old")
    write_atomically(target, marked("new report"))
    assert cell(target) == "new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graduatoria.xlsx.lock", "graduatoria.xlsx"]


@pytest.mark.parametrize("kind", [ReportKind.CHECK, ReportKind.RANK, ReportKind.SUMMARY])
def test_any_report_of_wecare_is_recognised_by_its_marker(tmp_path: Path, kind: ReportKind) -> None:
    assert report_kind(wecare_report(tmp_path / "r.xlsx", kind)) is kind


def test_a_workbook_wecare_did_not_write_is_kept_unless_forced(tmp_path: Path) -> None:
    target = foreign_workbook(tmp_path / "domande.xlsx")
    before = target.read_bytes()
    with pytest.raises(OutputError) as refused:
        write_atomically(target, marked("report"))
    assert refused.value.code == "output-foreign"
    assert str(refused.value) == (
        f"[output-foreign] {target}: already exists and is not a report written by wecare: "
        "give another name, or add --force to replace it"
    )
    assert target.read_bytes() == before
    with OutputReservation(target, force=True) as reservation:
        reservation.write(marked("report"))
    assert cell(target) == "report"


def test_a_template_is_not_replaced_without_force_since_it_may_have_been_filled_in(tmp_path: Path) -> None:
    target = wecare_report(tmp_path / "modello.xlsx", ReportKind.TEMPLATE)
    with pytest.raises(OutputError) as refused:
        write_atomically(target, marked("report"))
    assert refused.value.code == "output-template"
    assert cell(target) == "earlier report"


def test_a_failing_write_leaves_the_old_report_untouched_and_no_temporary_file(tmp_path: Path) -> None:
    target = wecare_report(tmp_path / "graduatoria.xlsx", text="old")
    before = target.read_bytes()
    with pytest.raises(OutputError) as error:
        write_atomically(target, fail_with(errno.ENOSPC))
    assert error.value.code == "output-not-writable"
    assert str(error.value) == f"[output-not-writable] {target}: cannot be written: No space left on device"
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == ["graduatoria.xlsx"]


def test_a_full_disk_inside_xlsxwriter_is_an_output_error_without_an_ignored_exception(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """xlsxwriter wraps the OS error in its own FileCreateError and leaves its zip open: the zip's
    finaliser must not print «Exception ignored in ZipFile.__del__» later."""
    target = wecare_report(tmp_path / "graduatoria.xlsx", text="old")
    before = target.read_bytes()
    ignored: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    fill_the_disk(monkeypatch, room=2000)

    def write(path: Path) -> None:
        workbook, _ = new_workbook(path, ReportKind.RANK)
        workbook.add_worksheet("Riepilogo").write_string(0, 0, "new")
        workbook.close()

    with pytest.raises(OutputError) as error:
        write_atomically(target, write)
    message = str(error.value)
    del error  # the failed write's frames go now: nothing may be left to finalise noisily
    gc.collect()
    assert ignored == []
    assert message == f"[output-not-writable] {target}: cannot be written: No space left on device"
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == ["graduatoria.xlsx"]


def test_a_report_open_in_another_program_is_a_clear_error_and_the_old_one_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = wecare_report(tmp_path / "graduatoria.xlsx", text="old")
    before = target.read_bytes()

    def refuse(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError) as error:
        write_atomically(target, marked("new"))
    assert error.value.code == "output-locked"
    assert "open in another program" in str(error.value)
    assert target.read_bytes() == before
    assert leftovers(tmp_path) == ["graduatoria.xlsx"]


def test_the_mode_of_the_replaced_report_is_kept(tmp_path: Path) -> None:
    target = wecare_report(tmp_path / "graduatoria.xlsx")
    target.chmod(0o640)
    write_atomically(target, marked("new"))
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


# ----------------------------------------------------------------------------------- destinations


def test_an_input_is_never_the_report_whatever_the_spelling_even_forced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = foreign_workbook(tmp_path / "domande.xlsx")
    before = source.read_bytes()
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.xlsx").symlink_to(source)
    os.link(source, tmp_path / "hard.xlsx")
    monkeypatch.chdir(tmp_path)
    for spelling in (
        "domande.xlsx",
        "./domande.xlsx",
        "sub/../domande.xlsx",
        str(source),
        "link.xlsx",
        "hard.xlsx",
    ):
        with pytest.raises(OutputError) as refused:
            OutputReservation(Path(spelling), inputs=[Path("domande.xlsx")], force=True).check()
        assert refused.value.code == "output-is-input", spelling
        assert str(refused.value).endswith(
            ": is also an input of this run (domande.xlsx): give the report another name; nothing was written"
        )
    assert source.read_bytes() == before


def test_the_extension_must_be_the_one_written(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as refused:
        OutputReservation(tmp_path / "graduatoria.csv").check()
    assert str(refused.value) == (
        f"[output-extension] {tmp_path / 'graduatoria.csv'}: wecare writes an Excel workbook here: "
        "give a name ending in .xlsx"
    )
    with pytest.raises(OutputError):
        OutputReservation(tmp_path / "graduatoria").check()
    OutputReservation(tmp_path / "GRADUATORIA.XLSX").check()


def test_a_device_or_a_pipe_is_refused_even_forced(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.xlsx"
    os.mkfifo(pipe)
    for destination in (pipe, Path(os.devnull)):
        with pytest.raises(OutputError) as refused:
            OutputReservation(destination, force=True).check()
        assert refused.value.code == "output-not-a-file"


def test_a_folder_given_as_the_report_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cartella.xlsx").mkdir()
    for destination in (tmp_path / "cartella.xlsx", tmp_path / ".."):
        with pytest.raises(OutputError) as refused:
            OutputReservation(destination).check()
        assert refused.value.code == "output-is-folder"


def test_a_missing_or_read_only_folder_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as missing:
        write_atomically(tmp_path / "manca" / "r.xlsx", marked("x"))
    assert missing.value.code == "output-folder-missing"
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    for mode in (stat.S_IRUSR | stat.S_IXUSR, stat.S_IRUSR | stat.S_IWUSR):  # read-only; not searchable
        locked = tmp_path / f"cartella-{mode:o}"
        locked.mkdir()
        locked.chmod(mode)
        try:
            with pytest.raises(OutputError) as refused:
                write_atomically(locked / "r.xlsx", marked("x"))
            assert refused.value.code == "output-folder-not-writable"
        finally:
            locked.chmod(stat.S_IRWXU)


def test_a_folder_the_system_refuses_to_enter_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a folder without search permission gives a user who is not root."""
    original = Path.stat

    def refused(self: Path, **kwargs: Any) -> os.stat_result:
        if self.name == "r.xlsx":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return original(self, **kwargs)

    monkeypatch.setattr(Path, "stat", refused)
    with pytest.raises(OutputError) as error:
        OutputReservation(tmp_path / "r.xlsx").check()
    assert str(error.value) == (
        f"[output-folder-not-writable] {tmp_path / 'r.xlsx'}: cannot create files in its folder "
        "(no permission to write in it or to open it)"
    )


def test_a_name_over_255_bytes_is_refused_and_a_long_one_still_works(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as refused:
        OutputReservation(tmp_path / ("è" * 126 + ".xlsx")).check()
    assert refused.value.code == "output-name-too-long"
    assert str(refused.value).endswith(": the name is 257 bytes long, more than the 255 a file name can have")
    longest = tmp_path / ("a" * 250 + ".xlsx")
    write_atomically(longest, marked("long"))  # its lock and working folder get shortened names
    assert cell(longest) == "long"
    assert all(len(os.fsencode(p.name)) <= 255 for p in tmp_path.iterdir())


def test_a_name_that_is_not_utf_8_is_shown_with_its_bytes_made_visible(tmp_path: Path) -> None:
    name = os.fsdecode(b"r\xe8p.csv")
    with pytest.raises(OutputError) as refused:
        OutputReservation(tmp_path / name).check()
    assert str(refused.value).startswith(f"[output-extension] {tmp_path}/r\\xe8p.csv: ")
    assert describe(refused.value, Lang.IT).encode("utf-8")


def test_messages_are_in_the_officer_s_language(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as refused:
        OutputReservation(tmp_path / "manca" / "r.xlsx").check()
    assert (
        describe(refused.value, Lang.IT)
        == f"[output-folder-missing] {tmp_path / 'manca' / 'r.xlsx'}: la cartella non esiste"
    )


# ------------------------------------------------------------------------------------------ locks


def test_a_second_run_writing_the_same_report_stops_with_a_message(tmp_path: Path) -> None:
    target = wecare_report(tmp_path / "graduatoria.xlsx")
    before = target.read_bytes()
    with FileLock(str(tmp_path / ".graduatoria.xlsx.lock")), pytest.raises(OutputError) as error:
        write_atomically(target, marked("new"), lock_timeout=0.2)
    assert error.value.code == "output-busy"
    assert target.read_bytes() == before


def test_a_reservation_holds_the_lock_until_it_ends_and_a_second_one_is_refused_at_once(
    tmp_path: Path,
) -> None:
    target = tmp_path / "graduatoria.xlsx"
    with OutputReservation(target, lock_timeout=0):
        with pytest.raises(OutputError) as busy:
            OutputReservation(target, lock_timeout=0).__enter__()
        assert str(busy.value) == (
            f"[output-busy] {target}: another wecare run is writing this report "
            "(lock .graduatoria.xlsx.lock): wait for it to finish, then run again"
        )
    with OutputReservation(target, lock_timeout=0) as again:
        again.write(marked("second"))
    assert cell(target) == "second"


def test_two_runs_at_once_take_turns_and_the_report_is_always_whole(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    texts = ["A" * 1000, "B" * 1000]
    threads = [threading.Thread(target=write_atomically, args=(target, marked(text, 0.2))) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cell(target) in texts
    assert leftovers(tmp_path) == ["graduatoria.xlsx"]


# ----------------------------------------------------------------------------------- temporaries


def test_xlsxwriter_s_temporary_files_stay_beside_the_report_and_go_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_temporary = tmp_path / "tmp"
    system_temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temporary))
    reports = tmp_path / "reports"
    reports.mkdir()
    seen: list[str] = []

    def write(path: Path) -> None:
        workbook, _ = new_workbook(path, ReportKind.RANK)
        workbook.add_worksheet("Riepilogo").write_string(0, 0, "x")
        seen.extend(sorted(p.name for p in path.parent.iterdir()))  # constant_memory's row file
        seen.extend(p.name for p in system_temporary.iterdir())
        workbook.close()

    write_atomically(reports / "graduatoria.xlsx", write)
    assert len(seen) == 1 and seen[0].startswith("tmp")
    assert list(system_temporary.iterdir()) == []
    assert leftovers(reports) == ["graduatoria.xlsx"]


def test_the_working_folders_of_killed_runs_are_removed_by_the_next_run_of_that_report(
    tmp_path: Path,
) -> None:
    stale = tmp_path / ".graduatoria.xlsx.wecare-k1ll3d_9"
    stale.mkdir()
    (stale / "report.xlsx").write_bytes(b"")
    (stale / "tmpabc123").write_bytes(b"x" * 1000)
    other = tmp_path / ".riepilogo.xlsx.wecare-k1ll3d_9"  # another report's: perhaps in use
    other.mkdir()
    mine = tmp_path / ".graduatoria.xlsx.wecare-notmine"  # not a working folder's name
    mine.mkdir()
    with OutputReservation(tmp_path / "graduatoria.xlsx", lock_timeout=0):
        assert not stale.exists()
    assert other.is_dir() and mine.is_dir()


def test_writing_needs_a_reservation_held(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError):
        OutputReservation(tmp_path / "r.xlsx").write(marked("x"))


# ----------------------------------------------------------------------------------------- marker


def test_the_marker_says_the_kind_and_the_version(tmp_path: Path) -> None:
    from wecare_cli import __version__

    assert marker_value(ReportKind.SUMMARY) == f"summary/{__version__}"
    path = zip_with(tmp_path / "r.xlsx", {CUSTOM_PROPERTIES: custom_properties("check/0.0.1")})
    assert report_kind(path) is ReportKind.CHECK


@pytest.mark.parametrize(
    "recipe",
    [
        lambda folder: foreign_workbook(folder / "x.xlsx"),
        lambda folder: zip_with(folder / "x.xlsx", {CUSTOM_PROPERTIES: custom_properties("rank/1", "other")}),
        lambda folder: zip_with(folder / "x.xlsx", {CUSTOM_PROPERTIES: custom_properties("graduatoria/1")}),
        lambda folder: zip_with(folder / "x.xlsx", {CUSTOM_PROPERTIES: "<Properties"}),
        lambda folder: marker_with_entities(folder / "x.xlsx"),
        lambda folder: marker_after_padding(folder / "x.xlsx", MARKER_READ_LIMIT + 1),
        lambda folder: marker_behind_a_large_directory(folder / "x.xlsx", 12_000),
    ],
    ids=[
        "no-marker",
        "other-property",
        "unknown-kind",
        "broken-xml",
        "entities",
        "too-long",
        "huge-directory",
    ],
)
def test_a_file_is_taken_for_a_wecare_report_only_on_a_small_well_formed_marker(
    tmp_path: Path, recipe: Callable[[Path], Path]
) -> None:
    assert report_kind(recipe(tmp_path)) is None


def test_a_marker_within_the_read_limit_is_found(tmp_path: Path) -> None:
    assert report_kind(marker_after_padding(tmp_path / "x.xlsx", MARKER_READ_LIMIT)) is ReportKind.RANK


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04", b"PK\x03\x04" + b"\0" * 100, b"not a zip at all"])
def test_a_file_that_is_not_a_zip_is_not_a_wecare_report(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.xlsx"
    path.write_bytes(content)
    assert report_kind(path) is None


def test_the_date_placeholder_is_today() -> None:
    assert expand_output_path(Path("out/graduatoria-{date}.xlsx"), date(2026, 11, 22)) == Path(
        "out/graduatoria-2026-11-22.xlsx"
    )
