"""Through the CLI: no --output overwrites an input or a file wecare did not write, the
destination is checked and locked before any work, and every write fault is one message, exit 2."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from tests.reports.output_recipes import fill_the_disk, foreign_workbook, large_intake, wecare_report
from wecare_cli.cli import app as cli_app
from wecare_cli.exit_codes import ExitCode
from wecare_cli.reports.atomic import ReportKind, report_kind

pytestmark = pytest.mark.slow
"""Runs real processes or large inputs: in CI and the full run, not in the quick loop (-m "not slow")."""

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = REPO_ROOT / "examples" / "domande-esempio.xlsx"
COMMAND_KINDS = {"check": ReportKind.CHECK, "rank": ReportKind.RANK, "summary": ReportKind.SUMMARY}


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        cli_app.main(args)
    code = stopped.value.code
    captured = capsys.readouterr()
    return (code if isinstance(code, int) else 0), captured.out, captured.err


def leftovers(folder: Path, *expected: str) -> list[str]:
    """What is in ``folder`` besides ``expected`` and the lock files."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected and not p.name.endswith(".lock"))


@pytest.fixture
def intake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example applications workbook, in a folder of its own that is the current folder."""
    monkeypatch.chdir(tmp_path)
    return Path(shutil.copyfile(EXAMPLE, tmp_path / "domande.xlsx"))


# ---------------------------------------------------------------------------- inputs are not outputs


SPELLINGS = ["domande.xlsx", "./domande.xlsx", "sub/../domande.xlsx", "{absolute}", "link.xlsx"]


@pytest.mark.parametrize("spelling", SPELLINGS)
@pytest.mark.parametrize("command", ["check", "rank", "summary"])
def test_an_application_file_named_as_the_report_is_refused_and_left_byte_for_byte(
    command: str, spelling: str, intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (intake.parent / "sub").mkdir()
    (intake.parent / "link.xlsx").symlink_to(intake)
    before = intake.read_bytes()
    output = spelling.format(absolute=intake)
    code, out, err = run_main([command, "domande.xlsx", "--quiet", "--output", output], capsys)
    assert (code, out) == (ExitCode.CANNOT_RUN, "")
    assert err.startswith(f"[output-is-input] {Path(output)}: is also an input of this run (domande.xlsx): ")
    assert len(err.splitlines()) == 1
    assert intake.read_bytes() == before


def test_the_partners_file_named_as_the_report_is_refused_even_with_force(
    intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    partners = foreign_workbook(intake.parent / "partner.xlsx")
    before = partners.read_bytes()
    code, _, err = run_main(
        ["rank", "domande.xlsx", "--partners", "partner.xlsx", "-o", "partner.xlsx", "--force"], capsys
    )
    assert code == ExitCode.CANNOT_RUN
    assert err.startswith("[output-is-input] partner.xlsx: is also an input of this run (partner.xlsx)")
    assert partners.read_bytes() == before


@pytest.mark.parametrize("command", ["rank", "template"])
def test_a_configuration_file_named_as_the_report_is_refused(
    command: str, intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measures = Path(shutil.copyfile(REPO_ROOT / "measures.yaml", intake.parent / "measures.yaml"))
    before = measures.read_bytes()
    files = ["domande.xlsx"] if command == "rank" else []
    code, _, err = run_main([command, *files, "--measures", "measures.yaml", "-o", "./measures.yaml"], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err.startswith("[output-is-input] measures.yaml: is also an input of this run (measures.yaml)")
    assert measures.read_bytes() == before


# ------------------------------------------------------------------------------- foreign files


@pytest.mark.parametrize("command", ["check", "rank", "summary", "template"])
def test_a_workbook_wecare_did_not_write_survives_without_force_and_is_replaced_with_it(
    command: str, intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    officer = foreign_workbook(intake.parent / "lavoro.xlsx")
    before = officer.read_bytes()
    files = [] if command == "template" else ["domande.xlsx", "--quiet"]
    code, out, err = run_main([command, *files, "-o", "lavoro.xlsx"], capsys)
    assert (code, out) == (ExitCode.CANNOT_RUN, "")
    assert err == (
        "[output-foreign] lavoro.xlsx: already exists and is not a report written by wecare: "
        "give another name, or add --force to replace it\n"
    )
    assert officer.read_bytes() == before
    code, _, _ = run_main([command, *files, "-o", "lavoro.xlsx", "--force"], capsys)
    assert code in (ExitCode.OK, ExitCode.FINDINGS)
    assert report_kind(officer) is COMMAND_KINDS.get(command, ReportKind.TEMPLATE)


def test_a_filled_template_is_not_overwritten_by_a_new_template(
    intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["template", "-o", "modello.xlsx"], capsys)[0] == ExitCode.OK
    filled = intake.parent / "modello.xlsx"
    before = filled.read_bytes()
    code, _, err = run_main(["template", "-o", "modello.xlsx", "--lang", "it"], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err == (
        "[output-template] modello.xlsx: è un modello di domande scritto da wecare, forse compilato nel "
        "frattempo: scegli un altro nome, o aggiungi --force per sostituirlo\n"
    )
    assert filled.read_bytes() == before


@pytest.mark.parametrize("command", ["check", "rank", "summary"])
def test_wecare_s_own_earlier_report_is_replaced_without_force(
    command: str, intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    earlier = wecare_report(intake.parent / "report.xlsx", ReportKind.RANK)
    before = earlier.read_bytes()
    code, _, err = run_main([command, "domande.xlsx", "--quiet", "-o", "report.xlsx"], capsys)
    assert code in (ExitCode.OK, ExitCode.FINDINGS), err
    assert earlier.read_bytes() != before
    assert report_kind(earlier) is COMMAND_KINDS[command]
    assert leftovers(intake.parent, "domande.xlsx", "report.xlsx") == []


@pytest.mark.parametrize("command", ["check", "rank", "summary", "template"])
def test_an_extension_that_is_not_what_is_written_is_refused_and_nothing_is_created(
    command: str, intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = [] if command == "template" else ["domande.xlsx", "--quiet"]
    code, _, err = run_main([command, *files, "-o", "graduatoria.csv"], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err == (
        "[output-extension] graduatoria.csv: wecare writes an Excel workbook here: "
        "give a name ending in .xlsx\n"
    )
    assert sorted(p.name for p in intake.parent.iterdir()) == ["domande.xlsx"]


# ------------------------------------------------------------------------- checked before the work


def test_the_destination_is_checked_before_any_input_is_read(
    intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["rank", "nessuna.xlsx", "-o", "graduatoria.csv"], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err.startswith("[output-extension] graduatoria.csv: ")


def test_a_second_run_on_the_same_report_is_told_at_once_before_reading_anything(
    intake: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[object] = []
    monkeypatch.setattr("wecare_cli.cli.runs.Run.rank", lambda *args, **kwargs: read.append(args))
    with FileLock(str(intake.parent / ".graduatoria.xlsx.lock")):
        code, out, err = run_main(["rank", "domande.xlsx", "-o", "graduatoria.xlsx", "--lang", "it"], capsys)
    assert (code, out) == (ExitCode.CANNOT_RUN, "")
    assert err == (
        "[output-busy] graduatoria.xlsx: un'altra esecuzione di wecare sta scrivendo questo report "
        "(blocco .graduatoria.xlsx.lock): attendi che finisca, poi riesegui\n"
    )
    assert read == []
    assert not (intake.parent / "graduatoria.xlsx").exists()


def test_the_lock_is_held_for_the_whole_run_and_released_after(
    intake: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from wecare_cli.cli.runs import Run

    attempts: list[bool] = []
    original = Run.check

    def check_while_another_run_tries(self: Run, *args: Any) -> Any:
        attempts.append(_can_lock(FileLock(str(intake.parent / ".rilievi.xlsx.lock"))))
        return original(self, *args)

    monkeypatch.setattr(Run, "check", check_while_another_run_tries)
    code, _, _ = run_main(["check", "domande.xlsx", "--quiet", "-o", "rilievi.xlsx"], capsys)
    assert code == ExitCode.FINDINGS
    assert attempts == [False]
    assert _can_lock(FileLock(str(intake.parent / ".rilievi.xlsx.lock")))


def _can_lock(lock: FileLock) -> bool:
    from filelock import Timeout

    try:
        lock.acquire(timeout=0)
    except Timeout:
        return False
    lock.release()
    return True


# ------------------------------------------------------------------------------------ write faults


def test_a_full_disk_while_writing_the_report_is_exit_2_naming_it_and_the_old_report_stays(
    intake: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = wecare_report(intake.parent / "graduatoria.xlsx")
    before = earlier.read_bytes()
    ignored: list[Any] = []
    monkeypatch.setattr(sys, "unraisablehook", ignored.append)
    fill_the_disk(monkeypatch, room=4000)
    code, _, err = run_main(["rank", "domande.xlsx", "--quiet", "-o", "graduatoria.xlsx"], capsys)
    gc.collect()
    assert code == ExitCode.CANNOT_RUN
    assert err == "[output-not-writable] graduatoria.xlsx: cannot be written: No space left on device\n"
    assert ignored == []
    assert earlier.read_bytes() == before
    assert leftovers(intake.parent, "domande.xlsx", "graduatoria.xlsx") == []


def test_a_report_name_over_255_bytes_is_exit_2(intake: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = "g" * 251 + ".xlsx"
    code, _, err = run_main(["rank", "domande.xlsx", "--quiet", "-o", name], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err == (
        f"[output-name-too-long] {name}: the name is 256 bytes long, more than the 255 a file name can have\n"
    )


def test_a_folder_that_cannot_be_entered_is_exit_2(
    intake: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = intake.parent / "chiusa"
    folder.mkdir()
    if os.geteuid() == 0:  # root enters any folder: the system's refusal is what a user gets
        monkeypatch.setattr(os, "access", lambda path, mode, **kwargs: Path(path).name != "chiusa")
    else:
        folder.chmod(0o600)
    try:
        code, _, err = run_main(["rank", "domande.xlsx", "--quiet", "-o", "chiusa/graduatoria.xlsx"], capsys)
    finally:
        folder.chmod(0o700)
    assert code == ExitCode.CANNOT_RUN
    assert err == (
        "[output-folder-not-writable] chiusa/graduatoria.xlsx: cannot create files in its folder "
        "(no permission to write in it or to open it)\n"
    )


def test_an_input_name_that_is_not_utf_8_is_shown_with_its_bytes_in_the_report(
    intake: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from openpyxl import load_workbook

    odd = os.fsdecode(b"dom\xe8nde.xlsx")  # as unzipped from a Windows archive
    try:
        intake.rename(odd)
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system does not take names that are not UTF-8")
    code, _, err = run_main(["check", odd, "--quiet", "-o", "rilievi.xlsx"], capsys)
    assert code == ExitCode.FINDINGS, err
    legend = list(load_workbook("rilievi.xlsx")["Legend"].iter_rows(values_only=True))
    assert any(str(value).startswith("dom\\xe8nde.xlsx  sha256 ") for _, value in legend)
    code, _, err = run_main(["rank", odd, "--quiet", "-o", os.fsdecode(b"r\xe8p.csv")], capsys)
    assert code == ExitCode.CANNOT_RUN
    assert err.startswith("[output-extension] r\\xe8p.csv: ")


# --------------------------------------------------------------------- interrupted, in the process


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "Interrupted: the run stopped and left no report half written.\n"),
        ("it", "Interrotto: l'esecuzione si è fermata e non ha lasciato report scritti a metà.\n"),
    ],
)
def test_ctrl_c_is_one_line_in_the_officer_s_language_and_exit_130(
    lang: str, message: str, intake: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("wecare_cli.reports.ranking_excel._write", interrupted)
    earlier = wecare_report(intake.parent / "graduatoria.xlsx")
    before = earlier.read_bytes()
    code, _, err = run_main(
        ["rank", "domande.xlsx", "--quiet", "-o", "graduatoria.xlsx", "--lang", lang], capsys
    )
    assert (code, err) == (130, message)
    assert earlier.read_bytes() == before
    assert leftovers(intake.parent, "domande.xlsx", "graduatoria.xlsx") == []


# ------------------------------------------------------------------------------ in a real process


def wecare(args: list[str], folder: Path, **options: Any) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LANG": "C.UTF-8", "TMPDIR": str(folder / "tmp")}
    (folder / "tmp").mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "wecare_cli", *args],
        cwd=folder,
        env=environment,
        text=True,
        check=False,
        **options,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize("output_format", ["json", "csv", "table"])
def test_a_full_standard_output_is_exit_2_with_one_message_and_no_traceback(
    output_format: str, intake: Path
) -> None:
    with Path("/dev/full").open("w") as full:
        completed = wecare(
            ["check", "domande.xlsx", "--format", output_format],
            intake.parent,
            stdout=full,
            stderr=subprocess.PIPE,
        )
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stderr == (
        "[stream-not-writable] standard output: cannot be written: No space left on device; "
        "what was printed is incomplete\n"
    )


def test_a_file_size_limit_hit_while_writing_is_exit_2_and_the_old_report_stays(intake: Path) -> None:
    """A real write fault of the system (the report grows past RLIMIT_FSIZE): no traceback, no
    «Exception ignored», nothing left beside the report."""
    import resource

    large_intake(intake.parent, 3000)
    earlier = wecare_report(intake.parent / "graduatoria.xlsx")
    before = earlier.read_bytes()

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    completed = wecare(
        ["rank", "domande.csv", "--quiet", "-o", "graduatoria.xlsx"],
        intake.parent,
        capture_output=True,
        preexec_fn=small_files,
    )
    assert completed.returncode == ExitCode.CANNOT_RUN
    assert completed.stderr == "[output-not-writable] graduatoria.xlsx: cannot be written: File too large\n"
    assert earlier.read_bytes() == before
    assert leftovers(intake.parent, "domande.xlsx", "domande.csv", "graduatoria.xlsx", "tmp") == []
    assert list((intake.parent / "tmp").iterdir()) == []
