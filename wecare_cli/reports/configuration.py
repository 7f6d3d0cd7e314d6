"""Rich tables of the configuration: measures, one measure's rules, districts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from wecare_cli.config.discovery import Configuration
from wecare_cli.i18n import formatting
from wecare_cli.i18n.catalog import text, worded
from wecare_cli.i18n.lang import Lang
from wecare_cli.reports.layout import Column, FittedTable, paragraph
from wecare_cli.reports.listings import Record
from wecare_cli.reports.provenance import configuration_files


def euro(value: float | int | Decimal | None, lang: Lang, unknown: str = "unknown") -> str:
    """An amount the way an officer writes it (1.234.567 € / €1,234,567), or 'unknown'.

    ``unknown`` names the word for a missing amount: ``unknown-f`` where Italian needs the feminine
    (a *dotazione non nota*), ``unknown`` (masculine, an *importo non noto*) otherwise.
    """
    return formatting.money(value, lang) or text(unknown, lang)


def _state(value: bool | None, lang: Lang) -> Text:
    if value is None:
        return Text(text("unknown", lang), style="yellow")
    return Text(text("open", lang), style="green") if value else Text(text("closed", lang))


def _procedure(value: str | None, lang: Lang) -> str:
    return text(f"procedure-{value}", lang) if value else text("unknown-f", lang)


def _when(value: str | None, lang: Lang) -> str:
    if value is None:
        return text("unknown-f", lang)  # una scadenza non nota
    day, _, clock = value.partition("T")
    year, month, dd = day.split("-")
    return f"{dd}/{month}/{year} {clock[:5]}" if clock else f"{dd}/{month}/{year}"


def measures_table(records: list[Record], as_of: str, lang: Lang) -> FittedTable:
    """The measures with budget, procedure, deadline in force and open state."""
    table = FittedTable(
        [
            Column(text("col-code", lang)),
            Column(text("col-name", lang), wrap=True, below=2, minimum=14),
            Column(text("col-fund", lang)),
            Column(text("col-budget", lang), "right"),
            Column(text("col-procedure", lang), wrap=True, below=1, minimum=10),
            Column(text("col-deadline", lang), wrap=True, whole_words=True, minimum=10),
            Column(text("col-open", lang)),
        ],
        title=text("measures-title", lang, as_of=_when(as_of, lang)),
    )
    total = 0
    for record in records:
        total += record["budget_eur"] or 0
        table.add_row(
            record["code"],
            worded(record["name"], lang),
            record["fund"],
            euro(record["budget_eur"], lang, "unknown-f"),
            _procedure(record["procedure"], lang),
            _when(record["deadline_in_force"], lang),
            _state(record["open"], lang),
        )
        for line in record["lines"]:
            table.add_row(
                "",
                Text(f"{line['code']}: {worded(line['name'], lang)}", style="dim"),
                "",
                euro(line["budget_eur"], lang, "unknown-f"),
                "",
                _when(line["deadline_in_force"], lang),
                _state(line["open"], lang),
            )
    table.add_rule()
    table.add_row(text("total", lang), "", "", euro(total, lang, "unknown-f"), "", "", "")
    return table


def _fact_value(fact: dict[str, Any] | None, lang: Lang) -> str:
    if fact is None:
        return "—"
    value = fact["value"]
    if value is None:
        return text("unknown", lang)
    if isinstance(value, bool):
        return text("yes" if value else "no", lang)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


_RULE_KEYS = {
    "applicant_types": "rule-applicant-types",
    "enterprise_sizes": "rule-enterprise-sizes",
    "non_profit_required": "rule-non-profit",
    "applicant_district_must_be_known": "rule-district-known",
    "project_value_min_eur": "rule-project-min",
    "project_value_max_eur": "rule-project-max",
    "cofinancing_min_share": "rule-cofinancing",
    "third_sector_types": "rule-third-sector-types",
    "third_sector_min_partners": "rule-third-sector-min",
    "third_sector_seated_in_region": "rule-third-sector-region",
    "third_sector_max_applications": "rule-third-sector-max",
    "one_application_per_district": "rule-one-per-district",
    "threshold": "rule-threshold",
    "district_cap": "rule-district-cap",
    "budget_eur": "rule-budget",
    "programme_code": "rule-programme",
    "act": "rule-act",
}


def _rules_table(title: str, facts: dict[str, Any], lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-rule", lang), wrap=True, minimum=16),
            Column(text("col-value", lang), wrap=True, minimum=14),
            Column(text("col-source", lang), wrap=True, below=1, minimum=30),
        ],
        title=title,
    )
    for name, fact in facts.items():
        if fact is None:
            continue
        value = _fact_value(fact, lang)
        if fact["value"] is not None and name.endswith("_eur"):
            value = euro(fact["value"], lang)
        elif fact["value"] is not None and name.endswith("_share"):
            value = formatting.percent(Decimal(str(fact["value"])), lang) or ""
        source = fact.get("source") or ""
        note = worded(fact["note"], lang) if fact.get("note") else ""
        table.add_row(
            text(_RULE_KEYS.get(name, name), lang),
            value,
            f"{source} ({note})" if source and note else source or note,
        )
    return table


def _deadline_table(title: str, deadlines: list[Record], lang: Lang) -> FittedTable:
    table = FittedTable(
        [
            Column(text("col-phase", lang)),
            Column(text("col-kind", lang)),
            Column(text("col-deadline", lang)),
            Column(text("col-act", lang), wrap=True, below=2, minimum=16),
            Column(text("col-source", lang), wrap=True, below=1, minimum=20),
        ],
        title=title,
    )
    for deadline in deadlines:
        closing = _when(deadline["closes"], lang)
        if not deadline["inclusive"]:
            closing = f"< {closing}"
        source = deadline["source"] or ""
        note = worded(deadline["note"], lang) if deadline["note"] else ""
        table.add_row(
            deadline["phase"] or "",
            deadline["kind"],
            closing,
            deadline["act"] or "",
            f"{source} ({note})" if source and note else source or note,
        )
    return table


def measure_detail_view(detail: Record, lang: Lang) -> RenderableType:
    """All rules of one measure with their sources, then each line's."""
    name = worded(detail["name"], lang)
    parts: list[RenderableType] = [
        paragraph(text("measure-show-title", lang, code=detail["code"], name=name), "bold"),
        _rules_table(
            text("rules", lang),
            {
                "programme_code": detail["programme_code"],
                "act": detail["act"],
                "budget_eur": detail["budget_eur"],
                **detail["eligibility"],
                **detail["amounts"],
                **detail["partnership"],
                "threshold": detail["ranking"]["threshold"],
                "district_cap": detail["ranking"]["district_cap"],
            },
            lang,
        ),
        paragraph(f"{text('col-procedure', lang)}: {_procedure(detail['procedure']['value'], lang)}"),
    ]
    if detail["opening"]:
        parts.append(paragraph(f"{text('rule-opening', lang)}: {_when(detail['opening']['at'], lang)}"))
    if detail["deadlines"]:
        parts += [Text(""), _deadline_table(text("deadline-history", lang), detail["deadlines"], lang)]
    for line in detail["lines"]:
        title = f"{text('col-line', lang)} {line['code']}: {worded(line['name'], lang)}"
        parts.append(Text(""))
        parts.append(
            _rules_table(
                title,
                {
                    "programme_code": line["programme_code"],
                    "budget_eur": line["budget_eur"],
                    **line["eligibility"],
                    **line["amounts"],
                },
                lang,
            )
        )
        if line["deadlines"]:
            parts += [Text(""), _deadline_table(text("deadline-history", lang), line["deadlines"], lang)]
    return Group(*parts)


def districts_table(records: list[Record], lang: Lang) -> FittedTable:
    """The districts with province, quadrant, lead body and whether the row is verified."""
    table = FittedTable(
        [
            Column(text("col-code", lang)),
            Column(text("col-name", lang), wrap=True, minimum=12),
            Column(text("col-province", lang)),
            Column(text("col-quadrant", lang)),
            Column(text("col-lead-body", lang), wrap=True, below=1, minimum=16),
            Column(text("col-population", lang), "right", below=2),
            Column(text("col-verified", lang)),
        ],
        title=text("districts-title", lang, count=len(records)),
    )
    for record in records:
        table.add_row(
            record["code"],
            record["name"],
            ", ".join(record["provinces"]),
            record["quadrant"] or "",
            record["lead_body"] or text("unknown", lang),
            str(record["population"]) if record["population"] is not None else text("unknown-f", lang),
            text("yes" if record["verified"] else "no", lang),
        )
    return table


def configuration_check_view(configuration: Configuration, unknowns: list[str], lang: Lang) -> RenderableType:
    """The files of a valid configuration (their names and where they come from) and the facts the
    sources do not give."""
    measures, districts = configuration_files(configuration)
    parts: list[RenderableType] = [
        paragraph(
            text(
                "config-ok",
                lang,
                measures=len(configuration.measures.measures),
                measures_path=measures.name,
                measures_source=text(f"config-source-{measures.source}", lang),
                districts=len(configuration.districts),
                districts_path=districts.name,
                districts_source=text(f"config-source-{districts.source}", lang),
            )
        ),
        paragraph(text("config-unknowns", lang, count=len(unknowns))),
        *(paragraph(path, prefix="  - ") for path in unknowns),
    ]
    aliases = configuration.measures.columns
    if aliases:
        parts.append(paragraph(text("config-column-aliases", lang, count=len(aliases))))
        parts.extend(
            paragraph(f"{canonical}: " + ", ".join(f"«{alias}»" for alias in texts), prefix="  - ")
            for canonical, texts in aliases.items()
        )
    return Group(*parts)
