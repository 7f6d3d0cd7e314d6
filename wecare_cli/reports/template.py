"""The empty applications workbook of `wecare template`: the headers `wecare check` reads,
dropdown lists, text-formatted tax codes, date and euro formats and a hint on every column."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wecare_cli.config.discovery import Configuration
from wecare_cli.config.measures import Measure
from wecare_cli.i18n.catalog import text
from wecare_cli.i18n.lang import Lang
from wecare_cli.ingest.model import APPLICATION_COLUMNS, PARTNER_COLUMNS
from wecare_cli.own_workbooks import TEMPLATE_LISTS_SHEET
from wecare_cli.reports.atomic import ReportDestination, ReportKind, write_atomically
from wecare_cli.reports.workbook import open_workbook
from wecare_cli.vocabulary import APPLICANT_TYPES, ENTERPRISE_SIZES

TEMPLATE_ROWS = 1000
"""Rows prepared with dropdowns and formats below the header."""


@dataclass(frozen=True)
class TemplateColumn:
    """A column of the template: canonical field, list of allowed values and number format."""

    field: str
    header: str
    choices: str | None = None
    """Name of the list on the hidden «Liste» sheet, if the column has a dropdown."""
    number_format: str | None = None
    width: float = 18
    strict: bool = True
    """False: a value outside the list is allowed after a warning (e.g. a province outside Piemonte)."""


def _lists(config: Configuration, measures: Sequence[Measure]) -> dict[str, list[str]]:
    provinces = list(config.measures.strategy.provinces.value or ())
    lines = sorted({line.code for m in measures for line in m.lines})
    phases = [p.code for m in measures for p in m.phases]
    return {
        "measure": [m.code for m in measures],
        "line": lines,
        "phase": phases,
        "type": list(APPLICANT_TYPES),
        "size": list(ENTERPRISE_SIZES),
        "yesno": ["sì", "no"],
        "district": [d.name for d in config.districts if d.verified],
        "province": provinces,
    }


def _application_columns() -> list[TemplateColumn]:
    headers = APPLICATION_COLUMNS
    return [
        TemplateColumn("application_id", headers["application_id"], width=16),
        TemplateColumn("measure", headers["measure"], "measure", width=10),
        TemplateColumn("line", headers["line"], "line", width=14),
        TemplateColumn("phase", headers["phase"], "phase", width=13),
        TemplateColumn("applicant_name", headers["applicant_name"], width=36),
        TemplateColumn("applicant_tax_code", headers["applicant_tax_code"], number_format="@", width=19),
        TemplateColumn("applicant_type", headers["applicant_type"], "type", width=20),
        TemplateColumn("enterprise_size", headers["enterprise_size"], "size", width=13),
        TemplateColumn("non_profit", headers["non_profit"], "yesno", width=12),
        TemplateColumn("district", headers["district"], "district", width=22, strict=False),
        TemplateColumn("seat_province", headers["seat_province"], "province", width=10, strict=False),
        TemplateColumn("requested_amount", headers["requested_amount"], number_format="[$€-410] #,##0.00"),
        TemplateColumn("total_cost", headers["total_cost"], number_format="[$€-410] #,##0.00"),
        TemplateColumn("submitted_at", headers["submitted_at"], number_format="dd/mm/yyyy hh:mm", width=17),
        TemplateColumn("score", headers["score"], number_format="0.00", width=10),
        TemplateColumn("cup", headers["cup"], number_format="@", width=17),
        TemplateColumn("pec", headers["pec"], width=30),
    ]


def _partner_columns() -> list[TemplateColumn]:
    headers = PARTNER_COLUMNS
    return [
        TemplateColumn("application_id", headers["application_id"], width=16),
        TemplateColumn("partner_name", headers["partner_name"], width=36),
        TemplateColumn("partner_tax_code", headers["partner_tax_code"], number_format="@", width=19),
        TemplateColumn("partner_type", headers["partner_type"], "type", width=20),
        TemplateColumn("partner_province", headers["partner_province"], "province", width=12, strict=False),
    ]


def write_template(
    config: Configuration, destination: ReportDestination, lang: Lang, measure: str | None = None
) -> Path:
    """Write the applications template (optionally for one measure) atomically."""
    measures = list(config.measures.measures)
    if measure is not None:
        chosen = config.measures.measure(measure)
        if chosen is None:
            from wecare_cli.errors import WecareError

            raise WecareError("measure-unknown", measure=measure, known=tuple(m.code for m in measures))
        measures = [chosen]
    return write_atomically(destination, lambda path: _write(config, measures, path, lang))


def _write(config: Configuration, measures: list[Measure], path: Path, lang: Lang) -> None:
    import xlsxwriter

    workbook = open_workbook(path, ReportKind.TEMPLATE)
    header_format = workbook.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1, "text_wrap": True})
    lists = _lists(config, measures)
    applications = workbook.add_worksheet(text("template-sheet-applications", lang))
    partners = workbook.add_worksheet(text("template-sheet-partners", lang))
    hidden = workbook.add_worksheet(TEMPLATE_LISTS_SHEET)
    references: dict[str, str] = {}
    for column, (name, values) in enumerate(lists.items()):
        hidden.write_string(0, column, text(f"template-list-{name}", lang))
        for row, value in enumerate(values, start=1):
            hidden.write_string(row, column, value)
        letter = xlsxwriter.utility.xl_col_to_name(column)
        references[name] = f"={TEMPLATE_LISTS_SHEET}!${letter}$2:${letter}${max(len(values), 1) + 1}"
    hidden.hide()
    for sheet, columns in ((applications, _application_columns()), (partners, _partner_columns())):
        _columns(workbook, sheet, columns, references, header_format, lang)
    if len(measures) == 1:
        applications.write_string(1, 1, measures[0].code)
    workbook.close()


def _columns(
    workbook: Any,
    sheet: Any,
    columns: list[TemplateColumn],
    references: dict[str, str],
    header_format: Any,
    lang: Lang,
) -> None:
    for index, column in enumerate(columns):
        cell_format = (
            workbook.add_format({"num_format": column.number_format}) if column.number_format else None
        )
        sheet.set_column(index, index, column.width, cell_format)
        sheet.write_string(0, index, column.header, header_format)
        validation: dict[str, Any] = {
            "input_title": column.header[:32],
            "input_message": text(f"hint-{column.field}", lang)[:255],
        }
        if column.choices is not None:
            validation.update(
                {
                    "validate": "list",
                    "source": references[column.choices],
                    "error_type": "stop" if column.strict else "warning",
                    "error_message": text("template-choose-from-list", lang),
                }
            )
        else:
            validation["validate"] = "any"
        sheet.data_validation(1, index, TEMPLATE_ROWS, index, validation)
    sheet.freeze_panes(1, 0)
    sheet.set_row(0, 30)
