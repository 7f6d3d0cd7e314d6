"""Applicant types, sizes, profit status, project value and co-financing, read from measures.yaml."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.applications import codes, make_application, run
from wecare_cli.config import Configuration
from wecare_cli.findings import Money


def test_an_application_that_meets_every_rule_is_eligible_with_no_findings(
    configuration: Configuration,
) -> None:
    result = run(configuration, [make_application()])
    assert result.verdicts[0].status == "eligible"
    assert result.verdicts[0].findings == ()
    assert result.all_eligible


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param(
            {"applicant_type": "comune"},
            [("applicant-type-not-allowed", "Tipologia richiedente", 4)],
            id="a comune in FSE3",
        ),
        pytest.param(
            {"enterprise_size": "grande"},
            [("applicant-type-not-allowed", "Dimensione impresa", 4)],
            id="a large firm in FSE3",
        ),
        pytest.param(
            {"enterprise_size": None},
            [("missing-value", "Dimensione impresa", 4)],
            id="FSE3 without a size",
        ),
        pytest.param(
            {"measure": "FESR", "line": "B", "enterprise_size": "media"},
            [("applicant-type-not-allowed", "Dimensione impresa", 4)],
            id="a medium firm in FESR line B",
        ),
        pytest.param(
            {
                "measure": "FESR",
                "line": "A",
                "applicant_type": "impresa-sociale",
                "non_profit": False,
                "total_cost": Decimal("1500000"),
                "requested_amount": Decimal("1000000"),
            },
            [("applicant-type-not-allowed", "Senza scopo di lucro", 4)],
            id="a for-profit firm in FESR line A",
        ),
        pytest.param(
            {"measure": "FSE2", "line": "regionale", "applicant_type": "impresa"},
            [("applicant-type-not-allowed", "Tipologia richiedente", 4)],
            id="a firm in FSE2",
        ),
    ],
)
def test_an_applicant_outside_what_the_call_admits_is_ineligible(
    configuration: Configuration, fields: dict[str, object], expected: list[tuple[str, str, int]]
) -> None:
    result = run(configuration, [make_application(row=4, **fields)])
    found = [c for c in codes(result.verdicts[0]) if c[0] in ("applicant-type-not-allowed", "missing-value")]
    assert found == expected
    assert result.verdicts[0].status == "ineligible"


@pytest.mark.parametrize(
    ("total", "out_of_range"),
    [
        pytest.param("60000.00", False, id="exactly the minimum"),
        pytest.param("59999.99", True, id="a cent under the minimum"),
        pytest.param("200000.00", False, id="exactly the maximum"),
        pytest.param("200000.01", True, id="a cent over the maximum"),
    ],
)
def test_the_fse3_project_value_must_lie_between_60000_and_200000_euro(
    configuration: Configuration, total: str, out_of_range: bool
) -> None:
    requested = Decimal(total) * Decimal("0.5")
    result = run(
        configuration,
        [make_application(row=8, total_cost=Decimal(total), requested_amount=requested)],
    )
    expected = [("amount-out-of-range", "Costo totale", 8)] if out_of_range else []
    assert codes(result.verdicts[0]) == expected


@pytest.mark.parametrize(
    ("requested", "below"),
    [
        pytest.param("80000.00", False, id="exactly 20 percent co-financing"),
        pytest.param("80000.01", True, id="a cent more than 80 percent requested"),
    ],
)
def test_fse3_needs_at_least_twenty_percent_co_financing(
    configuration: Configuration, requested: str, below: bool
) -> None:
    result = run(
        configuration,
        [make_application(row=3, total_cost=Decimal("100000"), requested_amount=Decimal(requested))],
    )
    expected = [("cofinancing-below-minimum", "Contributo richiesto", 3)] if below else []
    assert codes(result.verdicts[0]) == expected


def test_a_request_larger_than_the_total_cost_is_refused(configuration: Configuration) -> None:
    result = run(
        configuration,
        [make_application(row=12, total_cost=Decimal("100000"), requested_amount=Decimal("100000.01"))],
    )
    assert codes(result.verdicts[0]) == [("requested-exceeds-total-cost", "Contributo richiesto", 12)]
    assert result.verdicts[0].findings[0].params["total"] == Money(Decimal("100000"))


def test_fesr_line_a_needs_a_project_of_at_least_one_million_as_the_brochure_says(
    configuration: Configuration,
) -> None:
    row = make_application(
        row=4,
        measure="FESR",
        line="1",
        applicant_type="impresa-sociale",
        non_profit=True,
        enterprise_size="media",
        total_cost=Decimal("999999.99"),
        requested_amount=Decimal("500000"),
    )
    result = run(configuration, [row])
    assert codes(result.verdicts[0]) == [("amount-out-of-range", "Costo totale", 4)]
    assert result.verdicts[0].line == "A"


def test_a_project_under_a_minimum_with_no_maximum_is_told_only_the_minimum(
    configuration: Configuration,
) -> None:
    from wecare_cli.i18n.findings import finding_message
    from wecare_cli.i18n.lang import Lang

    row = make_application(
        row=4,
        measure="FESR",
        line="A",
        applicant_type="impresa-sociale",
        non_profit=True,
        enterprise_size="media",
        total_cost=Decimal("999999.99"),
        requested_amount=Decimal("500000"),
    )
    finding = run(configuration, [row]).verdicts[0].findings[0]
    assert finding_message(finding, Lang.IT) == (
        "Il valore del progetto (costo totale) 999.999,99 € è fuori dai limiti del bando: "
        "almeno 1.000.000,00 €."
    )


def test_a_project_outside_both_bounds_is_told_both(configuration: Configuration) -> None:
    from wecare_cli.i18n.findings import finding_message
    from wecare_cli.i18n.lang import Lang

    row = make_application(row=8, total_cost=Decimal("200000.01"), requested_amount=Decimal("100000"))
    finding = run(configuration, [row]).verdicts[0].findings[0]
    assert finding_message(finding, Lang.EN) == (
        "Project value (total cost) €200,000.01 is outside the call's range: "
        "at least €60,000.00, at most €200,000.00."
    )
