"""Measure, line, district and id: what an application names must exist, once."""

from __future__ import annotations

from tests.applications import codes, make_application, partita_iva, run
from wecare_cli.config import Configuration


def test_an_unknown_measure_is_refused_with_the_list_of_known_ones(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=6, measure="FSE9")])
    assert codes(result.verdicts[0]) == [("measure-unknown", "Misura", 6)]
    assert result.verdicts[0].findings[0].params["known"] == ("FSE1", "FSE2", "FSE3", "FESR", "FSE4")


def test_a_measure_is_recognised_whatever_its_case_and_spacing(configuration: Configuration) -> None:
    result = run(configuration, [make_application(measure=" fse 3 ")])
    assert result.verdicts[0].measure == "FSE3"


def test_an_unknown_line_is_refused(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=5, line="C")])
    assert codes(result.verdicts[0]) == [("line-unknown", "Linea", 5)]


def test_a_measure_with_lines_needs_a_line(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=5, line=None)])
    assert codes(result.verdicts[0]) == [("missing-value", "Linea", 5)]


def test_an_id_on_two_rows_flags_every_row_after_the_first(configuration: Configuration) -> None:
    rows = [
        make_application(row=4, application_id="W-1"),
        make_application(row=5, application_id="W-2", applicant_tax_code=partita_iva(5)),
        make_application(row=6, application_id=" w-1"),
        make_application(row=7, application_id="W-1"),
    ]
    result = run(configuration, rows)
    assert [codes(v) for v in result.verdicts] == [
        [],
        [],
        [("duplicate-application", "Codice domanda", 6)],
        [("duplicate-application", "Codice domanda", 7)],
    ]


def test_an_fse1_district_must_be_one_of_the_thirty(configuration: Configuration) -> None:
    row = make_application(
        row=9, measure="FSE1", line=None, applicant_type="ente-gestore", district="Atlantide"
    )
    result = run(configuration, [row])
    assert ("district-unknown", "Distretto", 9) in codes(result.verdicts[0])
    assert result.verdicts[0].status == "ineligible"


def test_a_district_is_found_by_name_without_accents_or_by_code(configuration: Configuration) -> None:
    rows = [
        make_application(row=4, measure="FSE1", line=None, applicant_type="ente-gestore", district="MONDOVI"),
        make_application(row=5, measure="FSE1", line=None, applicant_type="ente-gestore", district="d06"),
    ]
    result = run(configuration, rows)
    assert [v.district for v in result.verdicts] == ["D10", "D06"]


def test_an_unknown_district_outside_fse1_is_only_a_warning(configuration: Configuration) -> None:
    result = run(configuration, [make_application(row=4, district="Atlantide")])
    assert codes(result.verdicts[0]) == [("district-unknown", "Distretto", 4)]
    assert result.verdicts[0].eligible


def test_the_same_applicant_twice_in_one_line_is_a_warning_on_the_second(
    configuration: Configuration,
) -> None:
    rows = [
        make_application(row=4, application_id="W-1"),
        make_application(row=5, application_id="W-2", applicant_tax_code=partita_iva(5)),
        make_application(row=6, application_id="W-3"),
        make_application(row=7, application_id="W-4", line="aggregatori", applicant_type="ets"),
    ]
    result = run(configuration, rows)
    assert [codes(v) for v in result.verdicts] == [
        [],
        [],
        [("duplicate-applicant", "Codice fiscale", 6)],
        [],
    ]
    assert result.verdicts[2].eligible
