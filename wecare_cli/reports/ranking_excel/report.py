"""What the sheets of one graduatoria workbook share: the result, the language, formats and colours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from wecare_cli import __version__
from wecare_cli.documents import EMBEDDED_SHEET
from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import extra_folder, has_text, text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.publication import is_personal_tax_code, without_personal_tax_codes
from wecare_cli.ranking.model import WITHDRAWN_STATUSES, AllocationNote, Envelope, RankingResult, RankStatus
from wecare_cli.reports.ranking import allocation_note
from wecare_cli.reports.workbook import Column, Formats, SheetWriter, TitleLine, TitleStyle, sheet_title

STATUS_FILLS: dict[RankStatus, str] = {
    RankStatus.FUNDED: "#C6EFCE",
    RankStatus.PARTIALLY_FUNDED: "#DDEBF7",
    RankStatus.ELIGIBLE_NOT_FUNDED: "#FFEB9C",
    RankStatus.BELOW_THRESHOLD: "#F4CCE4",
    RankStatus.NOT_ALLOCATED: "#E7E6E6",
    RankStatus.INELIGIBLE: "#F8CBAD",
    RankStatus.RENOUNCED: "#E4DFEC",
    RankStatus.REVOKED: "#FCE4D6",
    RankStatus.LAPSED: "#D0CECE",
}
"""Background colour of a row by status (the Stato column says the same in words)."""

WARNING_FILL = "#FFF2CC"
TOTAL_FILL = "#D9D9D9"
BUDGET_COLOUR = "#A6A6A6"
GRANTED_COLOUR = "#548235"

RANKED_STATUSES: tuple[RankStatus, ...] = (
    RankStatus.FUNDED,
    RankStatus.PARTIALLY_FUNDED,
    RankStatus.ELIGIBLE_NOT_FUNDED,
    RankStatus.BELOW_THRESHOLD,
    RankStatus.NOT_ALLOCATED,
)
"""The statuses an application in an envelope can have, in the order of the summary columns
(with an events file, :data:`WITHDRAWN_STATUSES` follow)."""

EURO_AXIS = "[$€-410] #,##0"


class Report:
    """The state shared by the sheets of one workbook."""

    def __init__(
        self, result: RankingResult, workbook: Any, formats: Formats, lang: Lang, public: bool = False
    ) -> None:
        self.result = result
        self.public = public
        """The public graduatoria: only what may be published, personal tax codes withheld."""
        self.withheld = text("public-withheld", lang)
        self.workbook = workbook
        self.lang = lang
        self.extra = extra_folder()
        """The catalogue's extra folder, read once for every finding's message of the workbook."""
        self.formats = formats
        self.taken: set[str] = {EMBEDDED_SHEET.casefold()}
        self.status_label = {status: self.t(f"status-{status}") for status in RankStatus}
        self.status_fill = {status: self.formats.fill(colour) for status, colour in STATUS_FILLS.items()}
        self.total_fill = self.formats.fill(TOTAL_FILL, bold=True)
        self.unknown = self.t("budget-unknown")
        configuration = result.check.configuration
        self.districts = {d.code: f"{d.code} {d.name}" for d in configuration.districts}
        self._tie_breaks: dict[str, str] = {}
        self.footer = "&L&A&C" + footer_text(f"wecare {__version__}") + "&R" + self.t("page-footer")
        strategy = configuration.measures.strategy
        self.issuer = self.t("title-issuer", region=strategy.region, strategy=strategy.name)
        self.as_of = self.t(
            "title-reference-time",
            moment=formatting.moment(result.check.reference_time, lang) or "",
            zone=str(result.check.reference_time.tzinfo),
        )
        self.ranked_statuses = (
            (*RANKED_STATUSES, *WITHDRAWN_STATUSES) if result.scorrimento is not None else RANKED_STATUSES
        )
        """The statuses of applications in envelopes: a grant taken away only with an events file."""

    def t(self, key: str, **params: object) -> str:
        return text(key, self.lang, **params)

    def known(self, key: str, fallback: str) -> str:
        """The text of ``key`` when the catalogue has it, else ``fallback`` as it is."""
        return self.t(key) if has_text(key, self.lang) else fallback

    def sheet(
        self,
        name: str,
        columns: Sequence[Column],
        title_block: Sequence[TitleLine] = (),
    ) -> SheetWriter:
        """A sheet of the workbook, its page header naming the issuer, the sheet (the measure)
        and the reference time of the run, its footer the page number."""
        writer = SheetWriter(
            self.workbook,
            sheet_title(name, self.taken),
            columns,
            self.formats,
            title_block,
            redact=self.without_personal_codes if self.public else None,
        )
        writer.sheet.set_header("&L" + footer_text(self.issuer) + "&C&A&R" + footer_text(self.as_of))
        writer.sheet.set_footer(self.footer)
        return writer

    def without_personal_codes(self, value: str) -> str:
        """The text with every natural person's tax code in it withheld."""
        return without_personal_tax_codes(value, self.withheld)

    def published(self, value: str | None) -> str | None:
        """A text as the workbook shows it: in the public graduatoria, without personal tax codes."""
        if value is None or not self.public:
            return value
        return self.without_personal_codes(value)

    def published_tax_code(self, code: str | None) -> str | None:
        """The applicant's tax code; in the public graduatoria, a natural person's is withheld."""
        if code is not None and self.public and is_personal_tax_code(code):
            return self.withheld
        return code

    def heading(self, title: str) -> list[TitleLine]:
        """The first lines of a title block: the issuer, then the document's title."""
        return [TitleLine(self.issuer, TitleStyle.HEADING), TitleLine(title, TitleStyle.TITLE)]

    def money(self, amount: Decimal | None) -> str:
        """An amount in words for a title block ("non nota" when unknown)."""
        if amount is None:
            return self.unknown
        return formatting.money(amount, self.lang, cents=True) or self.unknown

    def measure_name(self, code: str) -> str:
        """``FSE3 – Promozione del welfare aziendale`` (the code alone if the measure is not configured)."""
        measure = self.result.check.configuration.measures.measure(code)
        name = worded(measure.name, self.lang) if measure is not None else None
        return f"{code} – {name}" if name else code

    def envelope_name(self, envelope: Envelope) -> str:
        return f"{envelope.measure} {envelope.line}" if envelope.line else envelope.measure

    def note(self, note: AllocationNote | None) -> str | None:
        """Why an application has its status, in the officer's language."""
        return allocation_note(note, self.lang)

    def tie_break(self, code: str | None) -> str | None:
        if code is None:
            return None
        if code not in self._tie_breaks:
            self._tie_breaks[code] = self.known(f"tie-break-{code}", code)
        return self._tie_breaks[code]


def footer_text(value: str) -> str:
    """Text for a header/footer: a literal ampersand is written as two."""
    return value.replace("&", "&&")


def by_measure(envelopes: Iterable[Envelope]) -> list[tuple[str, list[Envelope]]]:
    """Envelopes grouped by measure, in the configuration's order."""
    groups: dict[str, list[Envelope]] = {}
    for envelope in envelopes:
        groups.setdefault(envelope.measure, []).append(envelope)
    return list(groups.items())
