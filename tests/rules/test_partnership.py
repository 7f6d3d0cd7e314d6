"""FSE1 partnerships: third-sector partners, their cap of two projects, one application per district."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.applications import CHECK_TIME, at, codes, make_application, make_partner, partita_iva, run
from tests.ingest.sample_files import HEADERS_IT, application
from wecare_cli.cli.app import app
from wecare_cli.config import Configuration
from wecare_cli.evaluation import check_intake
from wecare_cli.findings import Severity
from wecare_cli.ingest.model import ApplicationRow, InputFile, Intake

FSE1: dict[str, Any] = {
    "measure": "FSE1",
    "line": None,
    "applicant_type": "ente-gestore",
    "enterprise_size": None,
    "submitted_at": at("2017-12-15T10:00"),
}


def test_an_fse1_partnership_without_a_third_sector_partner_is_refused(configuration: Configuration) -> None:
    row = make_application(
        row=4, applicant_tax_code=partita_iva(4), application_id="F1", district="Alba", **FSE1
    )
    partners = [make_partner("F1", partner_type="comune")]
    result = run(configuration, [row], partners)
    assert codes(result.verdicts[0]) == [("partnership-missing-third-sector", None, 4)]


def test_a_third_sector_partner_seated_outside_piemonte_does_not_count(configuration: Configuration) -> None:
    row = make_application(
        row=4, applicant_tax_code=partita_iva(4), application_id="F1", district="Alba", **FSE1
    )
    partners = [make_partner("F1", partner_province="MI")]
    result = run(configuration, [row], partners)
    assert codes(result.verdicts[0]) == [("partnership-missing-third-sector", None, 4)]


def test_an_odv_seated_in_novara_satisfies_the_partnership_rule(configuration: Configuration) -> None:
    row = make_application(
        row=4, applicant_tax_code=partita_iva(4), application_id="F1", district="Alba", **FSE1
    )
    partners = [make_partner("F1", partner_type="odv", partner_province="NO")]
    result = run(configuration, [row], partners)
    assert codes(result.verdicts[0]) == []


def test_a_third_sector_partner_in_three_fse1_applications_flags_all_three(
    configuration: Configuration,
) -> None:
    rows = [
        make_application(
            row=4, applicant_tax_code=partita_iva(4), application_id="F1", district="Alba", **FSE1
        ),
        make_application(
            row=5, applicant_tax_code=partita_iva(5), application_id="F2", district="Bra", **FSE1
        ),
        make_application(
            row=6, applicant_tax_code=partita_iva(6), application_id="F3", district="Cuneo", **FSE1
        ),
    ]
    partners = [make_partner(f"F{n}", row=n + 1, partner_tax_code="01622460036") for n in (1, 2, 3)]
    result = run(configuration, rows, partners)
    assert [codes(v) for v in result.verdicts] == [
        [("third-sector-partner-over-limit", None, 4)],
        [("third-sector-partner-over-limit", None, 5)],
        [("third-sector-partner-over-limit", None, 6)],
    ]


def test_a_third_sector_partner_in_two_fse1_applications_is_within_the_limit(
    configuration: Configuration,
) -> None:
    rows = [
        make_application(
            row=4, applicant_tax_code=partita_iva(4), application_id="F1", district="Alba", **FSE1
        ),
        make_application(
            row=5, applicant_tax_code=partita_iva(5), application_id="F2", district="Bra", **FSE1
        ),
    ]
    partners = [make_partner(f"F{n}", row=n + 1) for n in (1, 2)]
    result = run(configuration, rows, partners)
    assert [codes(v) for v in result.verdicts] == [[], []]


def test_the_earliest_application_of_a_district_stands_and_later_ones_are_refused(
    configuration: Configuration,
) -> None:
    later = make_application(
        row=4, application_id="F1", district="Alba", **{**FSE1, "submitted_at": at("2017-12-18T09:00")}
    )
    earlier = make_application(
        row=5,
        application_id="F2",
        district="alba",
        applicant_tax_code=partita_iva(5),
        **{**FSE1, "submitted_at": at("2017-12-01T09:00")},
    )
    partners = [make_partner("F1", row=2, partner_tax_code="94050080038"), make_partner("F2", row=3)]
    result = run(configuration, [later, earlier], partners)
    assert codes(result.verdicts[0]) == [("district-duplicate-application", "Distretto", 4)]
    assert codes(result.verdicts[1]) == []
    assert result.verdicts[0].findings[0].params["first"] == "F2"


def test_a_partner_row_for_an_unknown_application_is_reported_not_lost(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=4)], [make_partner("NOPE", row=7)])
    assert [(f.code, f.sheet, f.row) for f in result.file_findings] == [
        ("partner-without-application", "Partner", 7)
    ]


# --- partners-not-read -------------------------------------------------------------------------


def _fse1(row: int = 4, application_id: str = "F1") -> ApplicationRow:
    return make_application(
        row=row, applicant_tax_code=partita_iva(row), application_id=application_id, district="Alba", **FSE1
    )


def test_fse1_applications_without_any_partner_table_get_one_finding_for_the_intake(
    configuration: Configuration,
) -> None:
    result = run(configuration, [_fse1(4, "F1"), make_application(row=5), _fse1(6, "F2")])
    assert [(f.code, f.severity, f.file, f.row) for f in result.file_findings] == [
        ("partners-not-read", Severity.ERROR, None, None)
    ]
    assert result.file_findings[0].params == {"measures": ("FSE1",), "count": 2}
    # the partnership still cannot pass: no partner can be counted
    assert codes(result.verdicts[0]) == [("partnership-missing-third-sector", None, 4)]
    assert not result.all_eligible


def test_an_intake_without_a_measure_that_needs_partners_does_not_miss_them(
    configuration: Configuration,
) -> None:
    result = run(configuration, [make_application(row=4), make_application(row=5, application_id="B")])
    assert result.file_findings == ()


def test_an_empty_partner_table_that_was_read_is_not_a_missing_one(configuration: Configuration) -> None:
    intake = Intake(
        applications=[_fse1()],
        files=[InputFile("domande.xlsx", "0" * 64, "xlsx", "Partner", 1, 0, role="partners")],
    )
    result = check_intake(intake, configuration, CHECK_TIME)
    assert result.file_findings == ()
    assert codes(result.verdicts[0]) == [("partnership-missing-third-sector", None, 4)]


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "No partner data was read"),
        ("it", "Non è stato letto alcun dato sui partner"),
    ],
)
def test_a_csv_intake_without_partners_says_that_none_were_read_and_how_to_give_them(
    lang: str, words: str, tmp_path: Path
) -> None:
    row = application(
        1,
        application_id="FSE1-0001",
        measure="FSE1",
        line=None,
        applicant_type="ente-gestore",
        district="Alba",
        submitted_at="12/12/2017 10:15",
        phase="preliminare",
        requested_amount=300000,
        total_cost=300000,
    )
    path = tmp_path / "domande.csv"
    cells = ["" if value is None else str(value) for value in row]
    path.write_text(";".join(HEADERS_IT) + "\n" + ";".join(cells) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", str(path), "--as-of", "2026-11-22", "--lang", lang], env={"COLUMNS": "80"}
    )
    assert result.exit_code == 1
    output = " ".join(result.stdout.split())
    assert f"partners-not-read {words}" in output
    assert "--partners FILE" in output
