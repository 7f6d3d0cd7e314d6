"""Two rankings compared: statuses, ranks, grants and each envelope's budget, allocation and residual."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from tests.diff.runs import application, rank_files, rank_json
from wecare_cli.config import Configuration
from wecare_cli.diff import DiffKind, diff_documents, diff_files
from wecare_cli.ingest.model import ApplicationRow
from wecare_cli.reports.diff_document import diff_document


def a_full_envelope() -> list[ApplicationRow]:
    """41 requests of 60,000 € and X's 40,000 €: FSE3 attivazione's 2,500,000 € exactly."""
    return [application(4 + i, f"P{i:02d}", score=90 - i) for i in range(41)] + [
        application(45, "X", score=10, requested=40_000)
    ]


def test_two_identical_rankings_have_no_changes(tmp_path: Path, configuration: Configuration) -> None:
    rows = [application(4, "A"), application(5, "B", applicant_type="comune")]
    old, new = rank_files(tmp_path, configuration, rows, rows)
    result = diff_files(old, new)
    assert result.kind is DiffKind.RANK
    assert not result.changed
    assert diff_document(result)["changed"] is False


def test_a_new_application_that_outranks_the_last_funded_one_pushes_it_out_of_the_money(
    configuration: Configuration,
) -> None:
    old = rank_json(configuration, a_full_envelope())
    new = rank_json(configuration, [*a_full_envelope(), application(46, "Y", score=99, requested=40_000)])
    document = diff_document(diff_documents(old, new))
    assert [
        (a["application_id"], a["status"], a["rank"], a["granted"]) for a in document["new_applications"]
    ] == [("Y", "funded", 1, 40_000)]
    assert [
        (c["application_id"], c["old_status"], c["new_status"], c["codes_added"], c["codes_removed"])
        for c in document["verdict_changes"]
    ] == [("X", "funded", "eligible-not-funded", [], [])]
    assert len(document["rank_changes"]) == 42
    assert document["rank_changes"][0] == {
        "application_id": "P00",
        "matched_by": "application_id",
        "old_measure": "FSE3",
        "old_line": "attivazione",
        "new_measure": "FSE3",
        "new_line": "attivazione",
        "moved": False,
        "old_rank": 1,
        "new_rank": 2,
        "file": "domande.xlsx",
        "sheet": "Domande",
        "row": 4,
    }
    assert [(c["application_id"], c["old_rank"], c["new_rank"]) for c in document["rank_changes"][-1:]] == [
        ("X", 42, 43)
    ]
    assert document["grant_changes"] == [
        {
            "application_id": "X",
            "matched_by": "application_id",
            "measure": "FSE3",
            "line": "attivazione",
            "old_granted": 40_000,
            "new_granted": 0,
            "difference": -40_000,
            "file": "domande.xlsx",
            "sheet": "Domande",
            "row": 45,
        }
    ]
    assert document["envelope_changes"] == []


def test_a_smaller_request_changes_the_grant_and_the_envelope_residual(configuration: Configuration) -> None:
    old = rank_json(configuration, [application(4, "A", requested=60_000), application(5, "B")])
    new = rank_json(configuration, [application(4, "A", requested=50_000), application(5, "B")])
    document = diff_document(diff_documents(old, new))
    assert [
        (c["application_id"], c["old_granted"], c["new_granted"], c["difference"])
        for c in document["grant_changes"]
    ] == [("A", 60_000, 50_000, -10_000)]
    assert document["envelope_changes"] == [
        {
            "measure": "FSE3",
            "line": "attivazione",
            "change": "changed",
            "old_budget": 2_500_000,
            "new_budget": 2_500_000,
            "old_allocated": 120_000,
            "new_allocated": 110_000,
            "old_residual": 2_380_000,
            "new_residual": 2_390_000,
        }
    ]
    assert document["verdict_changes"] == document["rank_changes"] == []


def test_an_application_moved_to_another_line_is_a_rank_change_in_both_envelopes(
    configuration: Configuration,
) -> None:
    old = rank_json(configuration, [application(4, "A")])
    new = rank_json(configuration, [application(4, "A", line="aggregatori")])
    document = diff_document(diff_documents(old, new))
    assert [
        (c["old_line"], c["old_rank"], c["new_line"], c["new_rank"], c["moved"])
        for c in document["rank_changes"]
    ] == [("attivazione", 1, "aggregatori", 1, True)]
    assert [(e["line"], e["old_residual"], e["new_residual"]) for e in document["envelope_changes"]] == [
        ("attivazione", 2_440_000, 2_500_000),
        ("aggregatori", 1_200_000, 1_140_000),
    ]


def test_an_application_that_becomes_ineligible_gives_its_reason_and_loses_its_grant(
    configuration: Configuration,
) -> None:
    old = rank_json(configuration, [application(4, "A")])
    new = rank_json(configuration, [application(4, "A", applicant_type="comune")])
    result = diff_documents(old, new)
    [change] = result.verdict_changes
    assert (change.old.status, change.new.status) == ("funded", "ineligible")
    assert change.codes_added == ("applicant-type-not-allowed",)
    assert [(g.old_granted, g.new_granted) for g in result.grant_changes] == [(Decimal(60_000), Decimal(0))]
    assert result.rank_changes == ()


def test_an_envelope_only_in_one_ranking_is_added_or_removed(configuration: Configuration) -> None:
    rows = [application(4, "A")]
    everything = rank_json(configuration, rows)
    fse3_only = dict(everything, rankings=[e for e in everything["rankings"] if e["measure"] == "FSE3"])
    document = diff_document(diff_documents(fse3_only, everything))
    assert [(e["measure"], e["line"], e["change"]) for e in document["envelope_changes"]] == [
        ("FSE1", None, "added"),
        ("FSE2", "territoriale", "added"),
        ("FSE2", "regionale", "added"),
        ("FESR", "A", "added"),
        ("FESR", "B", "added"),
        ("FSE4", None, "added"),
    ]
    assert document["envelope_changes"][0] == {
        "measure": "FSE1",
        "line": None,
        "change": "added",
        "old_budget": None,
        "new_budget": 6_400_000,
        "old_allocated": None,
        "new_allocated": 0,
        "old_residual": None,
        "new_residual": 6_400_000,
    }
    reverse = diff_document(diff_documents(everything, fse3_only))
    assert {e["change"] for e in reverse["envelope_changes"]} == {"removed"}
