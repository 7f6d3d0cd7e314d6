"""Two `wecare check` results compared: new, withdrawn and changed verdicts, and how rows are paired."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.applications import at
from tests.diff.runs import application, check_files, check_json
from wecare_cli.config import Configuration
from wecare_cli.diff import DiffKind, diff_documents, diff_files, normalise_id
from wecare_cli.reports.diff_document import diff_document
from wecare_cli.vocabulary import normalise_label


def test_two_identical_check_results_have_no_changes(tmp_path: Path, configuration: Configuration) -> None:
    rows = [application(4, "A"), application(5, "B", applicant_type="comune")]
    old, new = check_files(tmp_path, configuration, rows, rows)
    result = diff_files(old, new)
    assert result.kind is DiffKind.CHECK
    assert not result.changed
    assert diff_document(result) == {
        "kind": "check",
        "old": old.name,
        "new": new.name,
        "changed": False,
        "matched_by_position": 0,
        "new_applications": [],
        "withdrawn": [],
        "verdict_changes": [],
        "rank_changes": [],
        "grant_changes": [],
        "envelope_changes": [],
    }


def test_an_application_only_in_the_new_run_is_new_and_one_only_in_the_old_run_is_withdrawn(
    configuration: Configuration,
) -> None:
    old = check_json(configuration, [application(4, "A"), application(5, "GONE")])
    new = check_json(configuration, [application(4, "A"), application(5, "FRESH")])
    document = diff_document(diff_documents(old, new, "ieri.json", "oggi.json"))
    assert document["changed"] is True
    assert document["new_applications"] == [
        {
            "application_id": "FRESH",
            "matched_by": "application_id",
            "measure": "FSE3",
            "line": "attivazione",
            "status": "eligible",
            "rank": None,
            "granted": None,
            "file": "domande.xlsx",
            "sheet": "Domande",
            "row": 5,
        }
    ]
    assert [(a["application_id"], a["status"], a["row"]) for a in document["withdrawn"]] == [
        ("GONE", "eligible", 5)
    ]
    assert document["verdict_changes"] == []


def test_an_application_that_becomes_ineligible_lists_the_code_added_and_the_new_message(
    configuration: Configuration,
) -> None:
    old = check_json(configuration, [application(4, "A")])
    new = check_json(configuration, [application(4, "A", applicant_type="comune")])
    [change] = diff_document(diff_documents(old, new))["verdict_changes"]
    assert change == {
        "application_id": "A",
        "matched_by": "application_id",
        "measure": "FSE3",
        "line": "attivazione",
        "old_status": "eligible",
        "new_status": "ineligible",
        "codes_added": ["applicant-type-not-allowed"],
        "codes_removed": [],
        "new_findings": [
            {
                "code": "applicant-type-not-allowed",
                "severity": "error",
                "message": "«Tipologia richiedente» is comune: the call admits impresa, impresa-sociale.",
                "column": "Tipologia richiedente",
            }
        ],
        "file": "domande.xlsx",
        "sheet": "Domande",
        "row": 4,
    }


def test_an_application_that_becomes_eligible_lists_the_code_removed(configuration: Configuration) -> None:
    old = check_json(configuration, [application(4, "A", submitted_at=at("2021-01-01T10:00"))])
    new = check_json(configuration, [application(4, "A")])
    [change] = diff_document(diff_documents(old, new))["verdict_changes"]
    assert (change["old_status"], change["new_status"]) == ("ineligible", "eligible")
    assert (change["codes_added"], change["codes_removed"]) == ([], ["deadline-missed"])
    assert change["new_findings"] == []


def test_an_application_still_ineligible_for_another_reason_is_a_changed_verdict(
    configuration: Configuration,
) -> None:
    old = check_json(configuration, [application(4, "A", submitted_at=at("2021-01-01T10:00"))])
    new = check_json(configuration, [application(4, "A", applicant_type="comune")])
    result = diff_documents(old, new)
    [change] = result.verdict_changes
    assert not change.status_changed
    assert (change.codes_added, change.codes_removed) == (
        ("applicant-type-not-allowed",),
        ("deadline-missed",),
    )


def test_ids_are_compared_trimmed_and_without_regard_to_case(configuration: Configuration) -> None:
    old = check_json(configuration, [application(4, "fse3-001")])
    new = check_json(configuration, [application(9, "  FSE3-001 ")])
    result = diff_documents(old, new)
    assert not result.changed


def test_ids_are_compared_as_wecare_check_compares_them(configuration: Configuration) -> None:
    old = check_json(configuration, [application(4, "FSE3_001"), application(5, "Città 7")])
    new = check_json(configuration, [application(4, "fse3 - 001"), application(5, "CITTA\u200b 7")])
    assert not diff_documents(old, new).changed


@pytest.mark.parametrize("identifier", ["FSE3-001", " fse3_001 ", "A  B", "x--_y", "", "   ", "W-4\t"])
def test_the_quick_path_for_plain_ids_agrees_with_the_labels_of_wecare_check(identifier: str) -> None:
    assert normalise_id(identifier) == (normalise_label(identifier) or None)


def test_applications_without_an_id_are_paired_by_file_sheet_and_row_and_say_so(
    configuration: Configuration,
) -> None:
    old = check_json(configuration, [application(4, None), application(5, None)])
    new = check_json(configuration, [application(4, None, applicant_type="comune"), application(5, None)])
    document = diff_document(diff_documents(old, new))
    assert document["matched_by_position"] == 2
    assert [
        (c["application_id"], c["matched_by"], c["row"], c["new_status"]) for c in document["verdict_changes"]
    ] == [(None, "position", 4, "ineligible")]
    assert document["new_applications"] == document["withdrawn"] == []


def test_an_id_repeated_in_one_run_falls_back_to_the_position_in_both_runs(
    configuration: Configuration,
) -> None:
    old = check_json(configuration, [application(4, "A"), application(5, "B")])
    new = check_json(configuration, [application(4, "A"), application(5, "a", applicant_type="comune")])
    document = diff_document(diff_documents(old, new))
    assert document["matched_by_position"] == 2
    assert [
        (c["application_id"], c["matched_by"], c["row"], c["status"]) for c in document["new_applications"]
    ] == [("a", "position", 5, "ineligible")]
    assert [(c["application_id"], c["matched_by"], c["row"]) for c in document["withdrawn"]] == [
        ("B", "application_id", 5)
    ]
    assert document["verdict_changes"] == []
