"""FSE1 partnerships: third-sector partners, their cap of two projects, one application per district."""

from __future__ import annotations

from typing import Any

from tests.applications import at, codes, make_application, make_partner, partita_iva, run
from wecare_cli.config import Configuration

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
