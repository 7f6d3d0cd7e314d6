"""The shipped configuration's facts, and what deadlines and line rules mean."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from wecare_cli.config import Configuration, Measure, load_configuration, load_measures
from wecare_cli.config.measures import Deadline, MeasuresFile
from wecare_cli.config.windows import deadline_in_force, is_open_on, window_for

ROME = ZoneInfo("Europe/Rome")
UTC = ZoneInfo("UTC")
BASELINE = Path(__file__).resolve().parent.parent / "fixtures" / "broken_config" / "valid_measures.yaml"


@pytest.fixture(scope="module")
def shipped() -> Configuration:
    return load_configuration(environ={}, cwd=Path(__file__).resolve().parent)


def measure(config: Configuration, code: str) -> Measure:
    found = config.measures.measure(code)
    assert found is not None, code
    return found


# --- the shipped facts ------------------------------------------------------------------------


def test_the_shipped_configuration_has_the_five_measures_in_order(shipped: Configuration) -> None:
    assert [m.code for m in shipped.measures.measures] == ["FSE1", "FSE2", "FSE3", "FESR", "FSE4"]
    assert [m.fund for m in shipped.measures.measures] == ["FSE", "FSE", "FSE", "FESR", "FSE"]


def test_the_measure_budgets_add_up_to_the_twenty_million_of_the_strategy(shipped: Configuration) -> None:
    budgets = {m.code: m.budget_eur.value for m in shipped.measures.measures}
    assert budgets == {
        "FSE1": Decimal(6_400_000),
        "FSE2": Decimal(3_600_000),
        "FSE3": Decimal(4_000_000),
        "FESR": Decimal(5_000_000),
        "FSE4": Decimal(1_000_000),
    }
    assert shipped.measures.strategy.total_budget_eur.value == Decimal(20_000_000)
    assert sum(b for b in budgets.values() if b is not None) == Decimal(20_000_000)


def test_fesr_has_line_a_of_four_million_and_line_b_of_one_million(shipped: Configuration) -> None:
    fesr = measure(shipped, "FESR")
    assert [(line.code, line.aliases, line.budget_eur.value) for line in fesr.lines] == [
        ("A", ("1",), Decimal(4_000_000)),
        ("B", ("2",), Decimal(1_000_000)),
    ]


def test_a_line_is_found_by_its_code_or_its_alias_in_any_case(shipped: Configuration) -> None:
    fesr = measure(shipped, "FESR")
    line_a, line_b = fesr.lines
    assert fesr.line("a") is line_a
    assert fesr.line("1") is line_a
    assert fesr.line("B") is line_b
    assert fesr.line("C") is None


def test_fse2_splits_its_budget_into_two_point_nine_and_zero_point_seven_million(
    shipped: Configuration,
) -> None:
    fse2 = measure(shipped, "FSE2")
    assert [(line.code, line.budget_eur.value) for line in fse2.lines] == [
        ("territoriale", Decimal(2_900_000)),
        ("regionale", Decimal(700_000)),
    ]


def test_the_fse3_animazione_budget_is_unknown_with_both_candidate_figures_recorded(
    shipped: Configuration,
) -> None:
    fse3 = measure(shipped, "FSE3")
    assert [(line.code, line.budget_eur.value) for line in fse3.lines] == [
        ("attivazione", Decimal(2_500_000)),
        ("aggregatori", Decimal(1_200_000)),
        ("animazione", None),
    ]
    animazione = fse3.lines[2].budget_eur
    assert not animazione.known
    assert animazione.note is not None
    assert animazione.note.get("en")[0].startswith("NOT FOUND.")
    assert [alternative.value for alternative in animazione.alternatives] == [300_000, 1_100_000]
    assert all(alternative.source for alternative in animazione.alternatives)


def test_the_shipped_districts_are_thirty_with_four_unverified_placeholders(shipped: Configuration) -> None:
    assert [d.code for d in shipped.districts] == [f"D{n:02d}" for n in range(1, 31)]
    placeholders = [d for d in shipped.districts if not d.verified]
    assert [d.code for d in placeholders] == ["D27", "D28", "D29", "D30"]
    assert all(d.lead_body_status == "unverified" and d.source is None for d in placeholders)
    assert all(d.population is None for d in shipped.districts)


def test_a_district_is_found_by_code_or_by_name_ignoring_case_and_accents(shipped: Configuration) -> None:
    by_name = shipped.district("mondovi")
    by_code = shipped.district("d10")
    assert by_name is not None
    assert by_name is by_code
    assert by_name.name == "Mondovì"
    assert shipped.district("Atlantide") is None


def test_the_strategy_provinces_are_the_eight_of_piemonte(shipped: Configuration) -> None:
    assert shipped.measures.strategy.provinces.value == ("TO", "VC", "NO", "CN", "AT", "AL", "BI", "VB")


# --- deadlines --------------------------------------------------------------------------------


def test_a_deadline_given_as_a_date_runs_until_the_end_of_that_day_in_rome() -> None:
    deadline = Deadline(at=date(2018, 12, 24), source="call")
    assert deadline.closes(ROME) == datetime(2018, 12, 24, 23, 59, 59, tzinfo=ROME)


def test_a_deadline_with_a_time_and_no_offset_is_read_as_rome_time() -> None:
    deadline = Deadline(at=datetime(2019, 11, 29, 12, 0), source="proroga")
    closes = deadline.closes(ROME)
    assert closes == datetime(2019, 11, 29, 12, 0, tzinfo=ROME)
    assert closes is not None
    assert closes.utcoffset() == timedelta(hours=1)


def test_a_date_deadline_in_summer_closes_at_midnight_summer_time(shipped: Configuration) -> None:
    window = window_for(measure(shipped, "FSE4"), None, None, ROME)
    assert window.closes is not None
    assert window.closes.isoformat() == "2017-09-05T23:59:59+02:00"


def test_an_unknown_deadline_closes_at_no_known_instant() -> None:
    deadline = Deadline(at=None, note="not found")
    assert deadline.closes(ROME) is None


def test_the_last_proroga_is_the_fse3_attivazione_deadline_in_force(shipped: Configuration) -> None:
    fse3 = measure(shipped, "FSE3")
    attivazione = fse3.line("attivazione")
    history = fse3.deadlines_for(attivazione, None)
    assert [(d.kind, d.at) for d in history] == [
        ("original", date(2019, 9, 13)),
        ("proroga", datetime(2019, 11, 29, 12, 0)),
        ("proroga", date(2020, 2, 27)),
    ]
    assert fse3.deadline_in_force(attivazione, None) is history[-1]
    window = window_for(fse3, attivazione, None, ROME)
    assert window.closes == datetime(2020, 2, 27, 23, 59, 59, tzinfo=ROME)
    assert window.extensions == 2
    assert deadline_in_force(fse3, ROME) == datetime(2020, 2, 27, 23, 59, 59, tzinfo=ROME)


def test_a_submission_on_the_last_day_of_a_date_deadline_is_on_time_and_a_second_later_is_late(
    shipped: Configuration,
) -> None:
    window = window_for(measure(shipped, "FSE2"), None, None, ROME)
    assert window.is_on_time(datetime(2018, 12, 24, 23, 59, 59, tzinfo=ROME)) is True
    assert window.is_on_time(datetime(2018, 12, 25, 0, 0, 0, tzinfo=ROME)) is False


def test_a_submission_is_judged_by_rome_time_not_by_its_own_offset(shipped: Configuration) -> None:
    window = window_for(measure(shipped, "FSE2"), None, None, ROME)
    # 23:30 UTC on the 24th is 00:30 of the 25th in Rome: late.
    assert window.is_on_time(datetime(2018, 12, 24, 23, 30, tzinfo=UTC)) is False
    assert window.is_on_time(datetime(2018, 12, 24, 22, 30, tzinfo=UTC)) is True


def test_the_fesr_sportello_closes_at_ten_exclusive_on_the_21st_of_february_2020(
    shipped: Configuration,
) -> None:
    fesr = measure(shipped, "FESR")
    window = window_for(fesr, fesr.line("A"), None, ROME)
    assert window.closes == datetime(2020, 2, 21, 10, 0, tzinfo=ROME)
    assert window.deadline is not None
    assert window.deadline.inclusive is False
    assert window.is_on_time(datetime(2020, 2, 21, 9, 59, 59, tzinfo=ROME)) is True
    assert window.is_on_time(datetime(2020, 2, 21, 10, 0, 0, tzinfo=ROME)) is False


def test_the_fesr_sportello_opens_at_midnight_on_the_15th_of_october_2018(shipped: Configuration) -> None:
    fesr = measure(shipped, "FESR")
    window = window_for(fesr, fesr.line("B"), None, ROME)
    assert window.opens == datetime(2018, 10, 15, 0, 0, tzinfo=ROME)
    assert window.is_open_on(date(2018, 10, 14), ROME) is False
    assert window.is_open_on(date(2018, 10, 15), ROME) is True
    assert window.is_open_on(date(2020, 2, 21), ROME) is True
    assert window.is_open_on(date(2020, 2, 22), ROME) is False


def test_a_measure_is_open_on_the_last_day_of_a_date_deadline_and_closed_the_day_after(
    shipped: Configuration,
) -> None:
    fse2 = measure(shipped, "FSE2")
    assert is_open_on(fse2, date(2018, 12, 24), ROME) is True
    assert is_open_on(fse2, date(2018, 12, 25), ROME) is False


def test_whether_a_measure_is_open_is_unknown_when_a_deadline_it_needs_is_unknown(
    shipped: Configuration,
) -> None:
    # FSE1's preliminary phase closed in 2017; the executive phase has no known deadline.
    fse1 = measure(shipped, "FSE1")
    assert window_for(fse1, None, "preliminare", ROME).is_open_on(date(2019, 10, 1), ROME) is False
    assert window_for(fse1, None, "esecutivo", ROME).is_open_on(date(2019, 10, 1), ROME) is None
    assert is_open_on(fse1, date(2019, 10, 1), ROME) is None


def test_without_a_phase_the_first_declared_phase_applies(shipped: Configuration) -> None:
    fse1 = measure(shipped, "FSE1")
    window = window_for(fse1, None, None, ROME)
    assert window.phase == "preliminare"
    assert window.closes == datetime(2017, 12, 20, 23, 59, 59, tzinfo=ROME)


# --- lines inherit the measure's rules ----------------------------------------------------------


def test_a_line_without_deadlines_uses_the_measure_deadlines(shipped: Configuration) -> None:
    fesr = measure(shipped, "FESR")
    line_a = fesr.line("A")
    assert line_a is not None
    assert line_a.deadlines is None
    assert fesr.deadlines_for(line_a, None) == fesr.deadlines


def test_a_line_without_eligibility_or_amounts_inherits_the_measure_rules(shipped: Configuration) -> None:
    fse2 = measure(shipped, "FSE2")
    territoriale = fse2.line("territoriale")
    assert fse2.eligibility_for(territoriale) == fse2.eligibility
    amounts = fse2.amounts_for(territoriale)
    assert amounts.project_value_min_eur is not None
    assert amounts.project_value_min_eur.value == Decimal(85_000)


def test_a_line_rule_overrides_the_measure_rule_and_unset_ones_are_inherited() -> None:
    measures = load_measures(BASELINE)
    data = measures.model_dump(mode="python")
    fse2 = data["measures"][0]
    fse2["eligibility"]["enterprise_sizes"] = {"value": ("micro",), "source": "call"}
    fse2["amounts"]["project_value_min_eur"] = {"value": 85_000, "source": "call"}
    fse2["lines"][1]["eligibility"] = {"applicant_types": {"value": ("impresa-sociale",), "source": "line"}}
    fse2["lines"][1]["amounts"] = {"project_value_max_eur": {"value": 200_000, "source": "line"}}
    edited = MeasuresFile.model_validate(data).measures[0]
    regionale = edited.line("regionale")

    eligibility = edited.eligibility_for(regionale)
    assert eligibility.applicant_types is not None
    assert eligibility.applicant_types.value == ("impresa-sociale",)
    assert eligibility.enterprise_sizes is not None
    assert eligibility.enterprise_sizes.value == ("micro",)

    amounts = edited.amounts_for(regionale)
    assert amounts.project_value_max_eur is not None
    assert amounts.project_value_max_eur.value == Decimal(200_000)
    assert amounts.project_value_min_eur is not None
    assert amounts.project_value_min_eur.value == Decimal(85_000)
    assert amounts.cofinancing_min_share is not None
    assert amounts.cofinancing_min_share.value == Decimal("0.2")

    # The other line sets nothing of its own: it keeps every rule of the measure.
    assert edited.eligibility_for(edited.line("territoriale")) == edited.eligibility


def test_fesr_line_b_admits_only_micro_and_small_firms_while_line_a_admits_medium_ones(
    shipped: Configuration,
) -> None:
    fesr = measure(shipped, "FESR")
    sizes = {code: fesr.eligibility_for(fesr.line(code)).enterprise_sizes for code in ("A", "B")}
    assert {code: fact.value if fact else None for code, fact in sizes.items()} == {
        "A": ("micro", "piccola", "media"),
        "B": ("micro", "piccola"),
    }
