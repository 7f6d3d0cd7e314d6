"""The Python API for analysts: check and rank from a notebook, with pandas frames of the results."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import wecare_cli
from wecare_cli import RankResult, check, describe, load_configuration, rank

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"
ROME = ZoneInfo("Europe/Rome")


def test_the_public_names_are_exported_and_listed_in_all() -> None:
    for name in wecare_cli.__all__:
        assert getattr(wecare_cli, name) is not None, name
    with pytest.raises(AttributeError):
        _ = wecare_cli.no_such_name


def test_check_gives_one_frame_row_per_finding_with_its_code_and_position() -> None:
    result = check([EXAMPLE], as_of=date(2026, 11, 22))
    frame = result.findings_frame()
    expected = sum(len(v.findings) for v in result.verdicts) + len(result.file_findings)
    assert len(frame) == expected
    assert {"application_id", "file", "sheet", "row", "column", "code", "severity"} <= set(frame.columns)
    late = frame[(frame["application_id"] == "FSE1-002") & (frame["code"] == "deadline-missed")]
    assert late[["file", "sheet", "row", "column", "severity"]].values.tolist() == [
        ["domande-esempio.xlsx", "Domande", 5, "Data presentazione", "error"]
    ]


def test_the_verdicts_frame_has_one_row_per_application_in_input_order_with_exact_amounts() -> None:
    result = check(str(EXAMPLE), as_of=date(2026, 11, 22))
    frame = result.verdicts_frame()
    assert list(frame["application_id"]) == [v.row.application_id for v in result.verdicts]
    assert (frame["status"] == "eligible").sum() == sum(v.eligible for v in result.verdicts)
    assert frame.loc[0, "requested_amount"] == Decimal("300000.00")


def test_rank_gives_the_graduatoria_as_a_frame_with_every_application() -> None:
    result: RankResult = rank([EXAMPLE], as_of=date(2026, 11, 22))
    frame = result.ranking_frame()
    assert len(frame) == len(result.check.verdicts)
    funded = frame[frame["status"] == "funded"]
    assert set(funded["application_id"]) >= {"FSE1-001", "FESR-001"}
    assert frame[frame["status"] == "ineligible"]["rank"].isna().all()


def test_as_of_is_a_date_the_end_of_that_day_in_rome_or_an_aware_datetime() -> None:
    configuration = load_configuration()
    day = check([EXAMPLE], configuration, as_of=date(2017, 12, 20))
    assert day.reference_time == datetime(2017, 12, 20, 23, 59, 59, tzinfo=ROME)
    moment = datetime(2018, 1, 5, 9, 0, tzinfo=ROME)
    assert check([EXAMPLE], configuration, as_of=moment).reference_time == moment
    with pytest.raises(ValueError, match="aware"):
        check([EXAMPLE], configuration, as_of=datetime(2018, 1, 5, 9, 0))


def test_an_error_of_the_api_is_a_wecare_error_worded_in_either_language(tmp_path: Path) -> None:
    with pytest.raises(wecare_cli.InputFileError) as raised:
        check([tmp_path / "manca.xlsx"])
    assert raised.value.code == "file-not-found"
    assert describe(raised.value, "it").startswith("[file-not-found] manca.xlsx: il file non esiste")  # type: ignore[arg-type]
    assert str(raised.value).startswith("[file-not-found] manca.xlsx: the file does not exist")


def test_importing_the_package_loads_neither_pandas_nor_the_readers() -> None:
    heavy = "('pandas', 'python_calamine', 'pydantic')"
    probe = f"import sys, wecare_cli; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


@pytest.mark.parametrize(
    "frame",
    ["verdicts_frame", "findings_frame", "ranking_frame"],
)
def test_without_pandas_the_frames_raise_an_import_error_naming_the_analysis_extra(
    monkeypatch: pytest.MonkeyPatch, frame: str
) -> None:
    ranked = rank([EXAMPLE], as_of=date(2026, 11, 22))
    result: object = ranked if frame == "ranking_frame" else ranked.check
    monkeypatch.setitem(sys.modules, "pandas", None)  # as if it were not installed
    with pytest.raises(ImportError, match=r'pip install "wecare-cli\[analysis\]"') as raised:
        getattr(result, frame)()
    assert raised.value.name == "pandas"
    assert frame in str(raised.value)


def test_without_pandas_check_and_rank_work_and_their_reports_are_the_same(tmp_path: Path) -> None:
    # A fresh interpreter where pandas cannot be imported, as in an install without the extra.
    probe = (
        "import sys\n"
        "sys.modules['pandas'] = None\n"
        "from datetime import date\n"
        "from wecare_cli import check, rank\n"
        f"result = rank([{str(EXAMPLE)!r}], as_of=date(2026, 11, 22))\n"
        "print(len(result.check.verdicts), sum(len(e.applications) for e in result.envelopes))\n"
        "from wecare_cli.cli.app import main\n"
        "try:\n"
        f"    main(['rank', {str(EXAMPLE)!r}, '--as-of', '2026-11-22', '--format', 'json', '--quiet'])\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code)\n"
    )
    completed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    counts, *_, exit_line = completed.stdout.splitlines()
    result = rank([EXAMPLE], as_of=date(2026, 11, 22))
    assert counts == f"{len(result.check.verdicts)} {sum(len(e.applications) for e in result.envelopes)}"
    assert exit_line in ("exit 0", "exit 1")
