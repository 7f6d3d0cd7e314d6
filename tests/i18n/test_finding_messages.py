"""Findings worded together, a code at a time, read exactly as each finding worded on its own.

:func:`finding_messages` fills the fields of a code's text as columns; :func:`finding_message` is the
reference. Both word the same findings: every code of the shipped catalogues (and one no catalogue
knows), in every language, with the parameters of the template tests (texts with braces, None, money,
shares, moments, numbers, lists, phrases), counts that choose a plural form, two shares in one
sentence, a configuration note, and ``value`` or ``column`` given among the parameters.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.i18n.test_compiled_templates import CATALOGUES, NAMES, values, written
from wecare_cli.findings import Finding, Moment, Money, Severity, Share
from wecare_cli.i18n.catalog import catalogue
from wecare_cli.i18n.findings import finding_message, finding_messages
from wecare_cli.i18n.lang import Lang
from wecare_cli.multilingual import ConfigText

LANGUAGES = [Lang(path.parts[-3]) for path in CATALOGUES]
CODES = sorted(
    {
        str(key).removeprefix("finding-")
        for lang in LANGUAGES
        for key in getattr(catalogue(str(lang)), "_catalog", {})
        if isinstance(key, str) and key.startswith("finding-")
    }
    | {"a-code-no-catalogue-knows"}
)

notes = st.one_of(
    st.none(),
    written,
    st.builds(lambda it, en: ConfigText((("it", it), ("en", en))), written, written),
)
parameters = st.dictionaries(st.sampled_from([*NAMES, "note"]), values, max_size=6)
findings = st.builds(
    Finding,
    code=st.sampled_from(CODES),
    severity=st.sampled_from(list(Severity)),
    file=st.none() | written,
    sheet=st.none() | written,
    row=st.none() | st.integers(min_value=1, max_value=1_048_576),
    column=st.none() | written,
    value=st.none() | written,
    params=st.builds(
        lambda params, note, count: {**params, **({"note": note} if note is not None else {}), **count},
        parameters,
        notes,
        st.sampled_from([{}, {"count": 1}, {"count": 2}, {"count": 21}, {"count": True}]),
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(findings, max_size=40), st.sampled_from(LANGUAGES))
def test_findings_worded_together_read_as_each_worded_alone(found: list[Finding], lang: Lang) -> None:
    assert finding_messages(found, lang) == [finding_message(finding, lang) for finding in found]


def test_every_code_with_two_shares_a_moment_and_money_reads_the_same_together() -> None:
    params = {
        "id": "FSE3-001",
        "share": Share(Decimal("0.19996")),
        "minimum": Share(Decimal("0.2")),
        "deadline": Moment(datetime(2024, 3, 31, 12, 0, tzinfo=ZoneInfo("Europe/Rome"))),
        "amount": Money(Decimal("1234.01")),
    }
    found = [
        Finding(code, Severity.ERROR, "domande.xlsx", "Domande", 7, "Importo", "1.234,56", params)
        for code in CODES
    ]
    for lang in LANGUAGES:
        assert finding_messages(found, lang) == [finding_message(finding, lang) for finding in found]


def test_counted_findings_worded_together_take_each_its_own_plural_form() -> None:
    found = [
        Finding("extra-cells", Severity.WARNING, "domande.csv", None, row, None, "x", {"count": count})
        for row, count in ((3, 1), (4, 2), (5, 1))
    ]
    for lang in (Lang.IT, Lang.EN):
        together = finding_messages(found, lang)
        assert together == [finding_message(finding, lang) for finding in found]
        assert together[0] == together[2] != together[1]
