"""What `wecare diff` reads: JSON files, ranking workbooks (the _wecare sheet) and what it refuses."""

from __future__ import annotations

import gc
import os
import re
import weakref
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from tests.applications import run
from tests.diff.runs import application, check_json, rank_json, write
from wecare_cli import diff
from wecare_cli.config import Configuration
from wecare_cli.diff import DiffInputError, diff_files, load_document
from wecare_cli.errors import WecareError
from wecare_cli.i18n.errors import describe
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.files import ReadLimits
from wecare_cli.own_workbooks import embedded_cells
from wecare_cli.ranking import rank_check
from wecare_cli.reports.machine import to_json
from wecare_cli.reports.ranking import ranking_document


def ranking_workbook(
    path: Path, document: dict[str, Any] | None, chunk: int = 30_000, gap: bool = False
) -> Path:
    """A workbook as `wecare rank --output` wrote it before its document was compressed: the JSON
    text in column A of a very hidden sheet.

    ``document=None`` leaves the sheet out; ``gap`` leaves an empty cell after the first chunk.
    """
    workbook = Workbook()
    visible = workbook.active
    assert visible is not None
    visible.title = "Graduatoria"
    visible["A1"] = "Graduatoria WE.CA.RE."
    if document is not None:
        hidden = workbook.create_sheet("_wecare")
        hidden.sheet_state = "veryHidden"
        json_text = to_json(document)
        chunks = [json_text[start : start + chunk] for start in range(0, len(json_text), chunk)]
        row = 1
        for index, text in enumerate(chunks):
            # As xlsxwriter (the writer of wecare rank) stores text that looks like an OOXML escape.
            hidden.cell(row=row, column=1, value=re.sub(r"(_x[0-9A-Fa-f]{4}_)", r"_x005F\1", text))
            row += 2 if gap and index == 0 else 1
    workbook.save(path)
    return path


def compressed_workbook(path: Path, cells: list[str]) -> Path:
    """A workbook as `wecare rank --output` writes it now: ``cells`` down column A of ``_wecare``."""
    workbook = Workbook()
    hidden = workbook.create_sheet("_wecare")
    hidden.sheet_state = "veryHidden"
    for row, cell in enumerate(cells, start=1):
        hidden.cell(row=row, column=1, value=cell)
    workbook.save(path)
    return path


def many_applications() -> list[Any]:
    return [application(4 + i, f"P{i:03d}", score=90 - i % 80) for i in range(150)]


def test_a_ranking_workbook_gives_back_the_json_document_split_in_chunks_of_30000_characters(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = rank_json(configuration, many_applications())
    assert len(to_json(document)) > 30_000
    workbook = ranking_workbook(tmp_path / "graduatoria.xlsx", document)
    assert load_document(workbook) == document


def test_empty_cells_between_the_chunks_are_skipped(tmp_path: Path, configuration: Configuration) -> None:
    document = rank_json(configuration, [application(4, "A")])
    workbook = ranking_workbook(tmp_path / "graduatoria.xlsx", document, chunk=500, gap=True)
    assert load_document(workbook) == document


def test_a_workbook_and_the_json_of_the_same_ranking_have_no_changes(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = rank_json(configuration, [application(4, "A"), application(5, "B")])
    workbook = ranking_workbook(tmp_path / "graduatoria.xlsx", document, chunk=1000)
    json_file = write(tmp_path / "graduatoria.json", document)
    assert not diff_files(workbook, json_file).changed


def test_two_workbooks_show_the_grant_that_changed(tmp_path: Path, configuration: Configuration) -> None:
    old = ranking_workbook(tmp_path / "ieri.xlsx", rank_json(configuration, [application(4, "A")]))
    new = ranking_workbook(
        tmp_path / "oggi.xlsx", rank_json(configuration, [application(4, "A", requested=50_000)])
    )
    result = diff_files(old, new)
    assert [(g.new.application_id, g.old_granted, g.new_granted) for g in result.grant_changes] == [
        ("A", Decimal(60_000), Decimal(50_000))
    ]


def test_text_that_looks_like_an_excel_escape_comes_back_as_written(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = rank_json(configuration, [application(4, "A", applicant_name="Coop _x0041_ _x000D_")])
    workbook = ranking_workbook(tmp_path / "graduatoria.xlsx", document)
    assert (
        load_document(workbook)["rankings"][3]["applications"][0]["applicant_name"] == "Coop _x0041_ _x000D_"
    )


def test_the_workbook_written_by_wecare_rank_gives_back_its_json_document(
    tmp_path: Path, configuration: Configuration
) -> None:
    ranking_excel = pytest.importorskip("wecare_cli.reports.ranking_excel")
    rows = [
        application(4 + i, f"P{i:02d}", score=90 - i, applicant_name=f"Coop _x0041_ «è» {i}")
        for i in range(300)
    ]
    ranking = rank_check(run(configuration, rows))
    written = ranking_excel.write_ranking_workbook(ranking, tmp_path / "graduatoria.xlsx", Lang.IT)
    assert load_document(written) == ranking_document(ranking, Lang.IT)


def test_a_workbook_written_before_the_document_was_compressed_is_read_as_the_one_written_now(
    tmp_path: Path, configuration: Configuration
) -> None:
    ranking_excel = pytest.importorskip("wecare_cli.reports.ranking_excel")
    ranking = rank_check(run(configuration, [application(4 + i, f"P{i:02d}") for i in range(40)]))
    document = ranking_document(ranking, Lang.IT)
    before = ranking_workbook(tmp_path / "ieri.xlsx", document, chunk=2000)
    now = ranking_excel.write_ranking_workbook(ranking, tmp_path / "oggi.xlsx", Lang.IT)
    assert load_document(before) == load_document(now) == document
    assert not diff_files(before, now).changed


def test_a_damaged_compressed_document_is_invalid_embedded_json(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = to_json(rank_json(configuration, many_applications())).encode("utf-8")
    first, *rest = embedded_cells(document)
    cut = compressed_workbook(tmp_path / "troncato.xlsx", [first, rest[0][:-400]])
    not_base64 = compressed_workbook(tmp_path / "alterato.xlsx", [first, "***" + rest[0][3:]])
    for broken in (cut, not_base64):
        with pytest.raises(DiffInputError) as raised:
            load_document(broken)
        assert raised.value.code == "invalid-embedded-json"
        assert str(raised.value) == (
            f"{broken}: the _wecare sheet does not hold a valid JSON document "
            "(the compressed document is damaged or cut off)."
        )
        assert describe(raised.value, Lang.IT) == (
            f"{broken}: il foglio _wecare non contiene un documento JSON valido "
            "(il documento compresso è danneggiato o troncato)."
        )


def test_a_compressed_document_that_inflates_beyond_the_part_limit_is_refused(tmp_path: Path) -> None:
    # 50 MB of spaces compress to about 50 KB: never inflated beyond the limit.
    bomb = compressed_workbook(tmp_path / "bomba.xlsx", list(embedded_cells(b"[" + b" " * 50_000_000 + b"]")))
    with pytest.raises(DiffInputError) as raised:
        load_document(bomb, ReadLimits(max_entry_bytes=1024 * 1024))
    assert raised.value.code == "file-refused"
    assert str(raised.value) == (
        f"{bomb}: [file-too-large] the file is too large to read safely (part _wecare inflates beyond "
        "1.0 MiB; for a genuine file raise WECARE_MAX_PART_MB); check that it is the right file."
    )


def test_a_ranking_workbook_is_recognised_by_its_content_whatever_its_name(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = rank_json(configuration, [application(4, "A")])
    renamed = ranking_workbook(tmp_path / "graduatoria.xlsx", document).rename(tmp_path / "graduatoria.bak")
    assert load_document(renamed) == document


def test_a_zip_archive_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "allegati.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("domande.csv", "application_id\n")
    with pytest.raises(DiffInputError) as raised:
        load_document(archive)
    assert raised.value.code == "workbook-unreadable"
    assert str(raised.value).startswith(f"{archive}: cannot be read as a workbook (")


def test_a_workbook_without_the_wecare_sheet_is_not_a_ranking_workbook(tmp_path: Path) -> None:
    workbook = ranking_workbook(tmp_path / "domande.xlsx", None)
    with pytest.raises(WecareError) as raised:
        load_document(workbook)
    assert (
        str(raised.value) == f"{workbook}: not a ranking workbook written by wecare rank (no _wecare sheet)."
    )


def test_a_file_named_xlsx_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "graduatoria.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    with pytest.raises(DiffInputError) as raised:
        load_document(fake)
    assert str(raised.value) == f"{fake}: cannot be read as a workbook (not a zip file)."


def test_invalid_json_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "oggi.json"
    broken.write_text("not json", encoding="utf-8")
    with pytest.raises(DiffInputError) as raised:
        load_document(broken)
    assert raised.value.code == "invalid-json"
    assert str(raised.value) == (
        f"{broken}: not valid JSON (Expecting value: line 1 column 1 (char 0)). "
        "Give the output of wecare check or wecare rank --format json."
    )
    assert describe(raised.value, Lang.IT).startswith(f"{broken}: non è un JSON valido (")


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(DiffInputError) as raised:
        load_document(tmp_path / "nowhere.json")
    assert str(raised.value) == f"{tmp_path / 'nowhere.json'}: file not found."


def test_json_with_a_byte_order_mark_or_in_the_windows_code_page_is_read(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = check_json(configuration, [application(4, "A", applicant_type="comune")])
    assert "«" in to_json(document)
    with_bom = tmp_path / "bom.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + to_json(document).encode("utf-8"))
    windows = tmp_path / "cp1252.json"
    windows.write_bytes(to_json(document).encode("cp1252"))
    assert load_document(with_bom) == load_document(windows) == document


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("[]", "not a document of wecare check or wecare rank (no «applications» or «rankings» list)."),
        (
            '{"tool": {}}',
            "not a document of wecare check or wecare rank (no «applications» or «rankings» list).",
        ),
        ('{"applications": [1]}', "applications[0]: not an object."),
        (
            '{"rankings": [{"applications": [{"rank": "first"}]}]}',
            "rankings[0].applications[0].rank: not a whole number.",
        ),
        ('{"rankings": [{"budget": true}]}', "rankings[0].budget: not an amount."),
    ],
)
def test_a_json_file_that_is_not_a_wecare_document_is_refused_with_the_place_of_the_defect(
    tmp_path: Path, configuration: Configuration, content: str, reason: str
) -> None:
    odd = tmp_path / "odd.json"
    odd.write_text(content, encoding="utf-8")
    kind = rank_json if "rankings" in content else check_json
    good = write(tmp_path / "good.json", kind(configuration, [application(4, "A")]))
    with pytest.raises(DiffInputError) as raised:
        diff_files(good, odd)
    assert str(raised.value) == f"{odd}: {reason}"


def test_a_check_result_and_a_ranking_cannot_be_compared(
    tmp_path: Path, configuration: Configuration
) -> None:
    rows = [application(4, "A")]
    check = write(tmp_path / "check.json", check_json(configuration, rows))
    ranking = write(tmp_path / "rank.json", rank_json(configuration, rows))
    with pytest.raises(DiffInputError) as raised:
        diff_files(check, ranking)
    assert str(raised.value) == (
        f"{check} is a result of wecare check and {ranking} of wecare rank: "
        "compare two results of the same command."
    )


# --- every input of diff is opened safely ---------------------------------------------------


def test_a_ranking_workbook_that_is_a_zip_bomb_is_refused_at_once(tmp_path: Path) -> None:
    from tests.hostile.bounded import run_capped
    from tests.ingest import hostile_files

    bomb = hostile_files.ranking_workbook_bomb(tmp_path)
    other = tmp_path / "oggi.json"
    other.write_text('{"rankings": []}', encoding="utf-8")
    outcome = run_capped(["diff", bomb, other], timeout=60)
    assert outcome.code == 2, outcome.err
    assert outcome.err.strip() == (
        f"{bomb}: cannot be read as a workbook ([file-too-large] the file is too large to read safely "
        "(part xl/worksheets/sheet2.xml declares 4095 MiB, limit 500 MiB; for a genuine file raise "
        "WECARE_MAX_PART_MB); check that it is the right file)."
    )


def test_a_ranking_workbook_whose_wecare_sheet_reaches_far_is_refused_before_it_is_parsed(
    tmp_path: Path,
) -> None:
    from tests.hostile.bounded import run_capped
    from tests.ingest import hostile_files

    far = hostile_files.ranking_workbook_far_value(tmp_path)
    outcome = run_capped(["diff", far, far], timeout=60)
    assert outcome.code == 2, outcome.err
    assert "[sheet-too-large] the sheet «_wecare» reaches cell XFD1048576" in outcome.err
    assert "Traceback" not in outcome.err


def test_a_json_input_larger_than_the_file_limit_is_refused(
    tmp_path: Path, configuration: Configuration
) -> None:
    document = rank_json(configuration, many_applications())
    large = write(tmp_path / "ieri.json", document)
    with pytest.raises(DiffInputError) as raised:
        load_document(large, ReadLimits(max_file_bytes=1000))
    assert raised.value.code == "file-refused"
    assert str(raised.value).startswith(f"{large}: [file-too-large] the file is too large to read safely (")
    assert describe(raised.value, Lang.IT).startswith(f"{large}: [file-too-large] il file è troppo grande")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_given_to_diff_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "ieri.json"
    os.mkfifo(pipe)
    with pytest.raises(DiffInputError) as raised:
        load_document(pipe)
    assert str(raised.value) == (
        f"{pipe}: [file-not-regular] this is not a file but a FIFO (named pipe): it would never end or would "
        "wait for ever; give the path of a saved spreadsheet."
    )


def test_diff_takes_its_limits_from_the_environment(tmp_path: Path, configuration: Configuration) -> None:
    from tests.hostile.bounded import run_capped

    document = write(tmp_path / "ieri.json", rank_json(configuration, many_applications()))
    outcome = run_capped(["diff", document, document], environment={"WECARE_MAX_FILE_MB": "0.01"})
    assert outcome.code == 2
    assert outcome.err.startswith(f"{document}: [file-too-large] the file is too large to read safely (")
    assert (
        "KiB, limit 10 KiB; for a genuine file raise WECARE_MAX_FILE_MB); check that it is the right file."
        in (outcome.err)
    )


class _Document(dict[str, Any]):
    """A loaded document that can be watched going (a plain dict cannot be referenced weakly)."""


def test_comparing_two_files_lets_the_first_document_go_before_the_second_is_read(
    tmp_path: Path, configuration: Configuration, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [application(4, "A"), application(5, "B")]
    old = write(tmp_path / "old.json", check_json(configuration, rows))
    new = write(tmp_path / "new.json", check_json(configuration, rows[:1]))
    loaded: list[weakref.ref[_Document]] = []

    def load(path: Path, limits: ReadLimits | None = None) -> _Document:
        gc.collect()
        assert all(earlier() is None for earlier in loaded), "a document read before is still held"
        document = _Document(load_document(path, limits))
        loaded.append(weakref.ref(document))
        return document

    monkeypatch.setattr(diff, "load_document", load)
    result = diff_files(old, new)
    assert [state.application_id for state in result.withdrawn] == ["B"]
    assert len(loaded) == 2
