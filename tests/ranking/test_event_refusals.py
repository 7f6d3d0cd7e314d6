"""Bad events are refused with the event's line, in words, and nothing is half-applied."""

from __future__ import annotations

from datetime import date

import pytest

from tests.applications import make_application, partita_iva
from tests.ranking.scrolling import attivazione, envelope_of, event, fesr_b, scrolled, with_envelope
from wecare_cli.config import Configuration
from wecare_cli.errors import ConfigError
from wecare_cli.i18n.errors import describe
from wecare_cli.i18n.lang import Lang
from wecare_cli.ranking.events import Event


@pytest.fixture
def small(configuration: Configuration) -> Configuration:
    return with_envelope(configuration, "FSE3", "attivazione", budget=150_000)


ROWS = attivazione([("A", 90, 80_000), ("B", 80, 70_000), ("C", 70, 70_000)])


def refusal(configuration: Configuration, *events: Event) -> list[tuple[int | None, str, str]]:
    with pytest.raises(ConfigError) as refused:
        scrolled(configuration, ROWS, *events)
    assert refused.value.file.name == "eventi.yaml"
    return [(line, path, reason.code) for line, path, reason in refused.value.problems]


def test_an_unknown_application_is_refused_at_its_line(small: Configuration) -> None:
    assert refusal(small, event("rinuncia", application="NESSUNA")) == [
        (13, "events[0].application", "event-application-unknown")
    ]


def test_ids_are_matched_as_the_check_matches_them(small: Configuration) -> None:
    result = scrolled(small, ROWS, event("rinuncia", application=" a "))
    assert result.scorrimento is not None and len(result.scorrimento.stages) == 2


def test_renouncing_an_application_that_was_never_funded_is_refused(small: Configuration) -> None:
    assert refusal(small, event("rinuncia", application="C")) == [
        (13, "events[0].application", "event-application-not-funded")
    ]


def test_an_ineligible_application_was_never_funded(small: Configuration) -> None:
    rows = [
        *ROWS,
        make_application(row=9, application_id="X", applicant_tax_code=partita_iva(9), measure="FSE9"),
    ]
    with pytest.raises(ConfigError) as refused:
        scrolled(small, rows, event("revoca", application="X"))
    assert refused.value.problems[0][2].code == "event-application-ineligible"


def test_a_grant_already_taken_away_cannot_be_taken_again_and_the_message_says_by_which_act(
    small: Configuration,
) -> None:
    first = event("rinuncia", application="A", act="D.D. n. 5")
    second = event("revoca", date(2020, 4, 1), application="A", act="D.D. n. 6")
    with pytest.raises(ConfigError) as refused:
        scrolled(small, ROWS, first, second)
    assert [(line, reason.code) for line, _, reason in refused.value.problems] == [
        (23, "event-application-already-withdrawn")
    ]
    assert describe(refused.value, Lang.IT) == (
        "eventi.yaml:23: events[1].application: la domanda «A» non ha più un contributo concesso: "
        "è rinunciataria dal 16/03/2020 (D.D. n. 5)"
    )


def test_an_event_before_the_deadline_in_force_of_a_graduatoria_is_refused(small: Configuration) -> None:
    assert refusal(small, event("rinuncia", date(2020, 2, 26), application="A")) == [
        (10, "events[0].date", "event-before-deadline")
    ]


def test_an_event_on_the_day_of_the_deadline_is_accepted(small: Configuration) -> None:
    result = scrolled(small, ROWS, event("rinuncia", date(2020, 2, 27), application="A"))
    assert result.scorrimento is not None


def test_an_event_before_a_sportello_opened_is_refused(configuration: Configuration) -> None:
    rows = fesr_b([("F", "2019-01-10T09:00", 80_000)])
    with pytest.raises(ConfigError) as refused:
        scrolled(configuration, rows, event("revoca", date(2018, 10, 14), application="F"))
    assert refused.value.problems[0][2].code == "event-before-opening"
    assert describe(refused.value, Lang.EN) == (
        "eventi.yaml:10: events[0].date: dated 14 Oct 2018, before FESR B opened (15 Oct 2018)"
    )


def test_an_event_after_the_day_of_the_run_is_refused(small: Configuration) -> None:
    assert refusal(small, event("rinuncia", date(2027, 1, 1), application="A")) == [
        (10, "events[0].date", "event-after-run")
    ]


def test_a_budget_cut_below_what_is_granted_is_refused(small: Configuration) -> None:
    cut = event("riduzione-dotazione", measure="FSE3", line="attivazione", amount="0.01")
    assert refusal(small, cut) == [(16, "events[0].amount_eur", "event-budget-below-granted")]


def test_a_budget_cut_down_to_what_is_granted_is_accepted(small: Configuration) -> None:
    cut = event("riduzione-dotazione", measure="FSE3", line="attivazione", amount=1)
    rows = attivazione([("A", 90, 80_000), ("B", 80, 69_999)])
    result = scrolled(small, rows, cut)
    assert envelope_of(result, "FSE3", "attivazione").residual == 0


def test_a_rideterminazione_above_the_grant_is_refused(small: Configuration) -> None:
    upward = event("rideterminazione", application="A", amount="80000.01")
    assert refusal(small, upward) == [(16, "events[0].amount_eur", "event-redetermination-above-grant")]


def test_a_budget_event_needs_a_known_measure_and_line(small: Configuration) -> None:
    assert refusal(
        small,
        event("incremento-dotazione", measure="FSE9", amount=1, order=0),
        event("incremento-dotazione", measure="FSE3", amount=1),
        event("incremento-dotazione", measure="FSE3", line="nessuna", amount=1),
        event("incremento-dotazione", measure="FSE4", line="A", amount=1),
    ) == [
        (14, "events[0].measure", "event-measure-unknown"),
        (25, "events[1].line", "event-line-missing"),
        (35, "events[2].line", "event-line-unknown"),
        (45, "events[3].line", "event-line-not-expected"),
    ]


def test_a_budget_the_sources_do_not_give_cannot_change(small: Configuration) -> None:
    unknown = event("incremento-dotazione", measure="FSE3", line="animazione", amount=1000)
    assert refusal(small, unknown) == [(14, "events[0].measure", "event-budget-unknown")]


def test_an_envelope_written_beside_the_application_must_be_its_own(small: Configuration) -> None:
    wrong = event("rinuncia", application="A", measure="FSE3", line="aggregatori")
    assert refusal(small, wrong) == [(14, "events[0].measure", "event-envelope-mismatch")]
    right = event("rinuncia", application="A", measure="fse3", line="ATTIVAZIONE")
    assert scrolled(small, ROWS, right).scorrimento is not None


def test_every_problem_that_does_not_depend_on_the_order_of_events_is_reported_at_once(
    small: Configuration,
) -> None:
    assert refusal(
        small,
        event("rinuncia", application="NESSUNA"),
        event("rinuncia", date(2019, 1, 1), application="A"),
        event("rinuncia", application="B"),
    ) == [
        (13, "events[0].application", "event-application-unknown"),
        (20, "events[1].date", "event-before-deadline"),
    ]


def test_every_refusal_is_worded_in_both_languages(small: Configuration) -> None:
    for bad in (
        event("rinuncia", application="NESSUNA"),
        event("rinuncia", application="C"),
        event("rinuncia", date(2020, 1, 1), application="A"),
        event("riduzione-dotazione", measure="FSE3", line="attivazione", amount=1),
        event("rideterminazione", application="A", amount=90_000),
        event("incremento-dotazione", measure="FSE3", line="animazione", amount=1),
    ):
        with pytest.raises(ConfigError) as refused:
            scrolled(small, ROWS, bad)
        code = refused.value.problems[0][2].code
        english, italian = describe(refused.value, Lang.EN), describe(refused.value, Lang.IT)
        assert code not in english and code not in italian and english != italian
        assert "{" not in english + italian
