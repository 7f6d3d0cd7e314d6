"""What may be published of a ranking: the grants as the transparency exports list them, and
personal tax codes withheld.

A published graduatoria and the transparency open data (D.Lgs. 33/2013, art. 26–27) name the
beneficiaries, but art. 26 c.4 excludes the identifying data of natural persons where they would
reveal health or socio-economic hardship. wecare takes the safe side: a natural person's tax code
(the 16-character codice fiscale, as of a *ditta individuale*) is never published, wherever it
appears (the tax-code column, a name that contains one, a note); a company's or body's 11-digit
codice fiscale / partita IVA is published.

The core says what is withheld; the words that replace it are the reports' (the caller passes them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from wecare_cli.config.measures import Measure, Procedure, StrategyPublication
from wecare_cli.ingest.model import ApplicationRow
from wecare_cli.ranking.model import RankingResult
from wecare_cli.vocabulary import normalise_label

PERSONAL_TAX_CODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[ABCDEHLMPRSTabcdehlmprst]"
    r"[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z]"
    r"(?![A-Za-z0-9])"
)
"""A natural person's codice fiscale (16 characters, omocodia letters included), anywhere in a
text: six letters, year, month letter, day, municipality, check letter."""

SIXTEEN_CHARACTERS = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{16}(?![A-Za-z0-9])")
"""A run of exactly 16 letters and digits: withheld when it mixes both (a codice fiscale written
with a typo is still withheld: better a code too many hidden than a person's published), or when
it has the shape of a codice fiscale."""


def _looks_personal(token: str) -> bool:
    """16 characters that mix letters and digits, or letters alone in the shape of a codice
    fiscale (every digit replaced by its omocodia letter)."""
    mixed = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
    return mixed or PERSONAL_TAX_CODE.fullmatch(token) is not None


def is_personal_tax_code(code: str | None) -> bool:
    """Whether ``code`` is (or looks like) a natural person's 16-character codice fiscale."""
    if code is None:
        return False
    compact = code.strip().replace(" ", "")
    return bool(SIXTEEN_CHARACTERS.fullmatch(compact)) and _looks_personal(compact)


def without_personal_tax_codes(text: str, replacement: str) -> str:
    """``text`` with every natural person's tax code in it replaced by ``replacement``."""
    if len(text) < 16:
        return text
    return SIXTEEN_CHARACTERS.sub(
        lambda match: replacement if _looks_personal(match.group()) else match.group(), text
    )


# ------------------------------------------------------------------------------ the records


class Field(StrEnum):
    """A field of the exports that may be empty: the export lists those it could not fill."""

    OFFICE = "office"
    RESPONSIBLE_OFFICIAL = "responsible-official"
    LEGAL_BASIS = "legal-basis"
    PROJECT_LINK = "project-link"
    OPERATION_NAME = "operation-name"
    OPERATION_SUMMARY = "operation-summary"
    START_DATE = "start-date"
    END_DATE = "end-date"
    ELIGIBLE_EXPENDITURE = "eligible-expenditure"
    COFINANCING_RATE = "cofinancing-rate"
    POSTCODE = "postcode"
    COUNTRY = "country"
    CATEGORY_OF_INTERVENTION = "category-of-intervention"


INTAKE_COLUMNS: dict[Field, tuple[str, ...]] = {
    Field.PROJECT_LINK: ("link progetto", "link al progetto", "url progetto", "project link"),
    Field.OPERATION_NAME: (
        "titolo progetto",
        "titolo del progetto",
        "denominazione operazione",
        "operation name",
    ),
    Field.OPERATION_SUMMARY: ("sintesi", "sintesi progetto", "sintesi operazione", "operation summary"),
    Field.START_DATE: ("data inizio", "data inizio progetto", "data inizio operazione", "start date"),
    Field.END_DATE: ("data fine", "data fine progetto", "data fine operazione", "end date"),
    Field.POSTCODE: ("cap", "cap intervento", "codice postale", "postcode"),
}
"""The optional columns of the intake that the exports read (headers as normalised labels)."""


@dataclass(frozen=True)
class Grant:
    """One grant awarded: what art. 27 c.1 of D.Lgs. 33/2013 and Annex XII of Reg. (UE)
    1303/2013 publish of it. ``None``: not given by the configuration or the intake."""

    application_id: str | None
    measure: str
    line: str | None
    beneficiary: str | None
    """As the intake names it (the reports withhold a natural person's tax code inside it)."""
    tax_code: str | None
    natural_person: bool
    """The tax code is (or looks like) a natural person's 16-character codice fiscale."""
    amount: Decimal
    legal_basis: str | None
    """The call's act (the norm or title of the grant, art. 27 c.1 c)."""
    office: str | None
    responsible_official: str | None
    procedure: Procedure | None
    """How the beneficiary was chosen (art. 27 c.1 e): graduatoria or sportello."""
    project_link: str | None
    operation_name: str | None
    operation_summary: str | None
    start_date: str | None
    end_date: str | None
    eligible_expenditure: Decimal | None
    """The operation's total cost as the intake gives it (``Costo totale``)."""
    cofinancing_rate: Decimal | None
    postcode: str | None
    country: str | None
    category_of_intervention: str | None


@dataclass(frozen=True)
class Publication:
    """The grants of a ranking as the transparency exports publish them."""

    reference_time: datetime
    year: int
    """The calendar year of the threshold: the reference time's (grants of other runs in the
    same year are not known here)."""
    threshold: Decimal | None
    threshold_source: str | None
    published: tuple[Grant, ...]
    """Grants to beneficiaries who receive more than the threshold in the year (all, when the
    threshold is unknown)."""
    below_threshold: tuple[Grant, ...]
    """Grants to beneficiaries who receive the threshold or less in the year: listed apart."""
    measure_filter: str | None

    @property
    def grants(self) -> tuple[Grant, ...]:
        return (*self.published, *self.below_threshold)

    def missing(self, fields: Sequence[Field]) -> list[Field]:
        """The fields, of ``fields``, empty in at least one grant."""
        grants = self.grants
        return [f for f in fields if any(getattr(g, f.name.lower()) is None for g in grants)]


TRANSPARENCY_FIELDS = (Field.LEGAL_BASIS, Field.OFFICE, Field.RESPONSIBLE_OFFICIAL, Field.PROJECT_LINK)
"""The fields of art. 27 c.1 that may be missing."""
OPERATION_FIELDS = (
    Field.OPERATION_NAME,
    Field.OPERATION_SUMMARY,
    Field.START_DATE,
    Field.END_DATE,
    Field.ELIGIBLE_EXPENDITURE,
    Field.COFINANCING_RATE,
    Field.POSTCODE,
    Field.COUNTRY,
    Field.CATEGORY_OF_INTERVENTION,
)
"""The fields of Annex XII that may be missing."""


def publication_of(result: RankingResult) -> Publication:
    """Every grant of the ranking (granted more than 0), with what the exports publish of it."""
    configuration = result.check.configuration
    strategy = configuration.measures.strategy
    settings = strategy.publication
    grants: list[Grant] = []
    for envelope in result.envelopes:
        measure = configuration.measures.measure(envelope.measure)
        for application in envelope.applications:
            if application.granted <= 0:
                continue
            grants.append(_grant(application.verdict.row, envelope.measure, envelope.line, measure, settings))
            grants[-1] = replace(grants[-1], amount=application.granted, procedure=envelope.procedure)
    threshold = settings.threshold_eur.value if settings is not None else None
    totals: dict[str, Decimal] = {}
    for grant in grants:
        key = _beneficiary_key(grant)
        totals[key] = totals.get(key, Decimal(0)) + grant.amount
    published = tuple(g for g in grants if threshold is None or totals[_beneficiary_key(g)] > threshold)
    below = tuple(g for g in grants if threshold is not None and totals[_beneficiary_key(g)] <= threshold)
    return Publication(
        reference_time=result.check.reference_time,
        year=result.check.reference_time.year,
        threshold=threshold,
        threshold_source=settings.threshold_eur.source if settings is not None else None,
        published=published,
        below_threshold=below,
        measure_filter=result.measure_filter,
    )


def _beneficiary_key(grant: Grant) -> str:
    """The same beneficiary: the same tax code, else the same name (case and spaces aside)."""
    if grant.tax_code:
        return "code:" + grant.tax_code.strip().upper()
    return "name:" + " ".join((grant.beneficiary or "").split()).casefold()


def _grant(
    row: ApplicationRow,
    measure_code: str,
    line: str | None,
    measure: Measure | None,
    settings: StrategyPublication | None,
) -> Grant:
    own = measure.publication if measure is not None else None
    office = (own.office if own is not None else None) or (settings.office if settings else None)
    official = (own.responsible_official if own is not None else None) or (
        settings.responsible_official if settings else None
    )
    intake = _intake_values(row)
    rate = own.union_cofinancing_rate if own is not None else None
    category = own.category_of_intervention if own is not None else None
    return Grant(
        application_id=row.application_id,
        measure=measure_code,
        line=line,
        beneficiary=row.applicant_name,
        tax_code=row.applicant_tax_code,
        natural_person=is_personal_tax_code(row.applicant_tax_code) or _names_a_person(row.applicant_name),
        amount=Decimal(0),
        legal_basis=measure.act.value if measure is not None else None,
        office=office.value if office is not None else None,
        responsible_official=official.value if official is not None else None,
        procedure=None,
        project_link=intake.get(Field.PROJECT_LINK),
        operation_name=intake.get(Field.OPERATION_NAME),
        operation_summary=intake.get(Field.OPERATION_SUMMARY),
        start_date=intake.get(Field.START_DATE),
        end_date=intake.get(Field.END_DATE),
        eligible_expenditure=row.total_cost,
        cofinancing_rate=rate.value if rate is not None else None,
        postcode=intake.get(Field.POSTCODE),
        country=settings.country.value if settings is not None else None,
        category_of_intervention=category.value if category is not None else None,
    )


def _names_a_person(name: str | None) -> bool:
    """The name holds a natural person's tax code (``Rossi Mario RSSMRA80A01L219X``)."""
    return bool(name) and without_personal_tax_codes(name or "", "") != name


def _intake_values(row: ApplicationRow) -> dict[Field, str]:
    """The optional columns of the row (:data:`INTAKE_COLUMNS`) that hold a value, as text
    (a date as ``yyyy-mm-dd``)."""
    wanted = {label: field for field, labels in INTAKE_COLUMNS.items() for label in labels}
    found: dict[Field, str] = {}
    for header, value in row.extra.items():
        field = wanted.get(normalise_label(str(header)))
        if field is None or field in found or value is None:
            continue
        if isinstance(value, datetime):
            written = value.date().isoformat()
        elif isinstance(value, date):
            written = value.isoformat()
        else:
            written = str(value).strip()
        if written:
            found[field] = written
    return found
