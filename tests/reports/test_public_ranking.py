"""The public graduatoria (`wecare rank --public`): what a published ranking shows, and no
natural person's tax code anywhere in the file."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from tests.applications import make_application, run
from wecare_cli.config import Configuration
from wecare_cli.i18n.lang import Lang
from wecare_cli.own_workbooks import MARKER_PROPERTY
from wecare_cli.publication import is_personal_tax_code, without_personal_tax_codes
from wecare_cli.ranking import rank_check
from wecare_cli.ranking.model import RankingResult
from wecare_cli.reports.ranking_excel import write_ranking_workbook

PERSON = "RSSMRA80A01L219X"
"""The codice fiscale of Mario Rossi, who applies as a ditta individuale."""
COMPANY = "00743110157"
SIXTEEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{16}(?![A-Za-z0-9])")


@pytest.fixture
def result(configuration: Configuration) -> RankingResult:
    """FSE3 attivazione: a company, a ditta individuale (tax code in its name too), an ineligible
    ditta individuale whose tax code is quoted by a finding."""
    return rank_check(
        run(
            configuration,
            [
                make_application(row=4, application_id="A", score=Decimal(90)),
                make_application(
                    row=5,
                    application_id="B",
                    score=Decimal(80),
                    applicant_name=f"Rossi Mario ditta individuale (C.F. {PERSON})",
                    applicant_tax_code=PERSON,
                ),
                make_application(
                    row=6,
                    application_id="C",
                    applicant_type="comune",
                    applicant_name="Bianchi Anna BNCNNA75C41F205Z",
                    applicant_tax_code="BNCNNA75C41F205Z",
                ),
            ],
        )
    )


def public_workbook(tmp_path: Path, result: RankingResult, lang: Lang = Lang.IT) -> Path:
    return write_ranking_workbook(result, tmp_path / "graduatoria-pubblica.xlsx", lang, public=True)


@pytest.mark.parametrize("lang", [Lang.IT, Lang.EN])
def test_no_part_of_the_public_workbook_holds_a_natural_person_s_tax_code(
    tmp_path: Path, result: RankingResult, lang: Lang
) -> None:
    path = public_workbook(tmp_path, result, lang)
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            content = archive.read(name)
            # Neither code in any XML part (cells, shared strings, headers, properties)...
            assert PERSON.encode() not in content, name
            assert b"BNCNNA75C41F205Z" not in content, name
            # ... nor anything else of 16 letters and digits mixed.
            assert not [m for m in SIXTEEN.findall(content) if is_personal_tax_code(m.decode())], name
    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and PERSON in value), (sheet.title, value)


def test_the_public_workbook_keeps_the_columns_of_a_published_graduatoria(
    tmp_path: Path, result: RankingResult
) -> None:
    book = load_workbook(public_workbook(tmp_path, result))
    # No ineligible applications, findings or embedded JSON document.
    assert book.sheetnames == ["Riepilogo", "FSE1", "FSE2", "FSE3", "FESR", "FSE4", "Legenda"]
    summary = book["Riepilogo"]
    summary_header = int(str(summary.freeze_panes)[1:]) - 1
    assert "Nota" not in [c.value for c in summary[summary_header]]  # the sources' notes are internal
    sheet = book["FSE3"]
    header = int(str(sheet.freeze_panes)[1:]) - 1
    table = [list(r) for r in sheet.iter_rows(min_row=header, values_only=True)]
    assert table[0] == [
        "Linea",
        "Posizione",
        "Domanda",
        "Richiedente",
        "Codice fiscale",
        "Punteggio",
        "Concesso",
        "Stato",
    ]
    attivazione = [r for r in table[1:] if r[0] == "attivazione"]
    assert [r[2:5] for r in attivazione] == [
        ["A", "Tessiture Biellesi srl", COMPANY],  # a company's 11-digit code stays
        ["B", "Rossi Mario ditta individuale (C.F. [omesso: persona fisica])", "[omesso: persona fisica]"],
    ]


def test_the_public_workbook_is_marked_as_the_public_kind(tmp_path: Path, result: RankingResult) -> None:
    with zipfile.ZipFile(public_workbook(tmp_path, result)) as archive:
        properties = archive.read("docProps/custom.xml").decode()
    assert MARKER_PROPERTY in properties
    assert "rank-public/" in properties


@pytest.mark.parametrize(
    ("text", "published"),
    [
        (PERSON, "[x]"),
        (PERSON.lower(), "[x]"),
        (f"Rossi Mario {PERSON}, Torino", "Rossi Mario [x], Torino"),
        ("RSSMRA80A01L21MX", "[x]"),  # omocodia: a letter for a digit
        ("RSSMRA80A01L219", "RSSMRA80A01L219"),  # 15 characters: not a tax code
        (COMPANY, COMPANY),
        ("Cooperativa Sociale Il Ponte", "Cooperativa Sociale Il Ponte"),
        ("ABCDEFGHIJKLMNOP", "ABCDEFGHIJKLMNOP"),  # letters only: a word, not a code
        ("RSSMRAULALMLRLMX", "[x]"),  # every digit replaced by its omocodia letter
    ],
)
def test_a_natural_person_s_tax_code_is_withheld_wherever_it_is_in_a_text(text: str, published: str) -> None:
    assert without_personal_tax_codes(text, "[x]") == published


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OMOCODIA = "0123456789LMNPQRSTUV"


@st.composite
def personal_tax_codes(draw: st.DrawFn) -> str:
    """A codice fiscale of the shape of a natural person's (omocodia letters included)."""

    def pick(alphabet: str, count: int) -> str:
        return "".join(draw(st.sampled_from(alphabet)) for _ in range(count))

    code = (
        pick(LETTERS, 6)
        + pick(OMOCODIA, 2)
        + pick("ABCDEHLMPRST", 1)
        + pick(OMOCODIA, 2)
        + pick(LETTERS, 1)
        + pick(OMOCODIA, 3)
        + pick(LETTERS, 1)
    )
    return code if draw(st.booleans()) else code.lower()


@given(
    code=personal_tax_codes(),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
    separator=st.sampled_from([" ", "(", ")", ":", ";", ",", "-", "/", "\n", "\t", "«", "»"]),
)
def test_a_tax_code_anywhere_in_a_text_never_survives(
    code: str, before: str, after: str, separator: str
) -> None:
    text = before + separator + code + separator + after
    published = without_personal_tax_codes(text, "[x]")
    assert code not in published
    assert code.upper() not in published.upper()


@given(digits=st.text(alphabet="0123456789", min_size=1, max_size=20), words=st.text(alphabet="AEIOUBCDFG "))
def test_numbers_and_words_are_never_withheld(digits: str, words: str) -> None:
    # An 11-digit partita IVA, any number, words (never in the shape of a codice fiscale) stay.
    assert without_personal_tax_codes(f"{words} {digits} {words}", "[x]") == f"{words} {digits} {words}"


def test_a_company_with_a_long_word_in_its_name_is_not_taken_for_a_natural_person(
    configuration: Configuration,
) -> None:
    from wecare_cli.publication import publication_of

    result = rank_check(
        run(
            configuration,
            [make_application(row=4, applicant_name="Rappresentazioni Teatrali srl", score=Decimal(90))],
        )
    )
    (grant,) = publication_of(result).grants
    assert (grant.beneficiary, grant.natural_person) == ("Rappresentazioni Teatrali srl", False)
