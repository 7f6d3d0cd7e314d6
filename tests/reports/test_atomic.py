"""Reports are written whole or not at all, and two runs never write the same report at once."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from filelock import FileLock

from wecare_cli.errors import OutputError
from wecare_cli.reports.atomic import expand_output_path, write_atomically


def writer(content: bytes, pause: float = 0.0) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes(content[: len(content) // 2])
        time.sleep(pause)
        path.write_bytes(content)

    return write


def test_a_report_replaces_the_old_one_in_one_step(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    target.write_bytes(b"old")
    write_atomically(target, writer(b"new report"))
    assert target.read_bytes() == b"new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".graduatoria.xlsx.lock", "graduatoria.xlsx"]


def test_a_failing_write_leaves_the_old_report_untouched_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    target.write_bytes(b"old")

    def broken(path: Path) -> None:
        path.write_bytes(b"half")
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError) as error:
        write_atomically(target, broken)
    assert error.value.code == "output-not-writable"
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx"] == ["graduatoria.xlsx"]


def test_a_report_open_in_another_program_is_a_clear_error_and_the_old_one_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graduatoria.xlsx"
    target.write_bytes(b"old")

    def refuse(self: Path, other: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    with pytest.raises(OutputError) as error:
        write_atomically(target, writer(b"new"))
    assert error.value.code == "output-locked"
    assert "open in another program" in str(error.value)
    assert target.read_bytes() == b"old"


def test_a_second_run_writing_the_same_report_stops_with_a_message(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    target.write_bytes(b"old")
    with FileLock(str(tmp_path / ".graduatoria.xlsx.lock")), pytest.raises(OutputError) as error:
        write_atomically(target, writer(b"new"), lock_timeout=0.2)
    assert error.value.code == "output-busy"
    assert target.read_bytes() == b"old"


def test_two_runs_at_once_take_turns_and_the_report_is_always_whole(tmp_path: Path) -> None:
    target = tmp_path / "graduatoria.xlsx"
    contents = [b"A" * 10_000, b"B" * 10_000]
    threads = [
        threading.Thread(target=write_atomically, args=(target, writer(content, 0.2))) for content in contents
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_bytes() in contents


def test_a_missing_or_read_only_folder_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as missing:
        write_atomically(tmp_path / "manca" / "r.xlsx", writer(b"x"))
    assert missing.value.code == "output-folder-missing"
    if os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    locked = tmp_path / "sola-lettura"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    with pytest.raises(OutputError) as read_only:
        write_atomically(locked / "r.xlsx", writer(b"x"))
    assert read_only.value.code == "output-not-writable"


def test_the_date_placeholder_is_today() -> None:
    assert expand_output_path(Path("out/graduatoria-{date}.xlsx"), date(2026, 11, 22)) == Path(
        "out/graduatoria-2026-11-22.xlsx"
    )
