"""Partnership rules (FSE1): third-sector partners, their cap, one application per district."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime

from wecare_cli.findings import Severity
from wecare_cli.rules.application import Application
from wecare_cli.rules.columns import ApplicationColumns
from wecare_cli.rules.registry import Hit, RunContext, across_applications, per_application

_TYPES = "partnership.third_sector_types"
_MINIMUM = "partnership.third_sector_min_partners"
_IN_REGION = "partnership.third_sector_seated_in_region"
_MAX_APPLICATIONS = "partnership.third_sector_max_applications"
_ONE_PER_DISTRICT = "partnership.one_application_per_district"


def _missing_third_sector_columns(columns: ApplicationColumns, run: RunContext) -> Iterator[tuple[int, Hit]]:
    types_fact, minimum_fact = columns.fact(_TYPES), columns.fact(_MINIMUM)
    if types_fact is None or types_fact.value is None or minimum_fact is None or minimum_fact.value is None:
        return
    types, minimum = types_fact.value, minimum_fact.value
    in_region = columns.fact(_IN_REGION)
    anywhere = in_region is None or not in_region.value
    regional = {p.upper() for p in columns.fact("strategy.provinces").value or ()}
    region = columns.fact("strategy.region")
    for index, partners in enumerate(columns.partners()):
        found = sum(
            1
            for p in partners
            if p.partner_type in types
            and (
                anywhere
                or (p.partner_province is not None and p.partner_province.strip().upper() in regional)
            )
        )
        if found < minimum:
            params = {
                "minimum": minimum,
                "types": tuple(types),
                "found": found,
                "partners": len(partners),
                "region": region,
            }
            yield index, Hit(None, None, params)


@per_application(
    "partnership-missing-third-sector",
    Severity.ERROR,
    facts=(_TYPES, _MINIMUM, _IN_REGION, "strategy.provinces", "strategy.region"),
    partners=True,
    columnar=_missing_third_sector_columns,
)
def partnership_missing_third_sector(application: Application, run: RunContext) -> Iterator[Hit]:
    """Fewer third-sector partners (ETS, OdV, imprese sociali) seated in the region than the call asks."""
    types_fact, minimum_fact = application.fact(_TYPES), application.fact(_MINIMUM)
    if types_fact is None or types_fact.value is None or minimum_fact is None or minimum_fact.value is None:
        return
    types, minimum = types_fact.value, minimum_fact.value
    in_region = application.fact(_IN_REGION)
    provinces = application.fact("strategy.provinces").value or ()
    regional = {p.upper() for p in provinces}
    partners = application.partners
    qualifying = [
        p
        for p in partners
        if p.partner_type in types
        and (
            in_region is None
            or not in_region.value
            or (p.partner_province is not None and p.partner_province.strip().upper() in regional)
        )
    ]
    if len(qualifying) < minimum:
        yield Hit(
            None,
            None,
            {
                "minimum": minimum,
                "types": tuple(types),
                "found": len(qualifying),
                "partners": len(partners),
                "region": application.fact("strategy.region"),
            },
        )


def _declared(application: Application, path: str) -> bool:
    """Whether the application's measure sets this partnership rule (a known, true or numeric value)."""
    if application.measure is None or application.measure.partnership is None:
        return False
    fact = application.fact(path)
    return fact is not None and fact.value is not None and fact.value is not False


@across_applications(
    "third-sector-partner-over-limit",
    Severity.ERROR,
    facts=(_MAX_APPLICATIONS, _TYPES),
    partners=True,
    after=("duplicate-application",),
)
def third_sector_partner_over_limit(
    applications: Sequence[Application], run: RunContext
) -> Iterator[tuple[Application, Hit]]:
    """A third-sector partner (by tax code) is in more applications than the call allows; all are flagged.

    Counted per measure and phase (a preliminary and an executive project of the same
    partnership are one project).
    """
    groups: dict[tuple[str, str | None, str], list[Application]] = defaultdict(list)
    for application in applications:
        if not _declared(application, _MAX_APPLICATIONS) or application.has_error("duplicate-application"):
            continue
        assert application.measure is not None
        types_fact = application.fact(_TYPES)
        types = types_fact.value if types_fact is not None and types_fact.value is not None else ()
        seen: set[str] = set()
        for partner in application.partners:
            if partner.partner_type not in types or not partner.partner_tax_code:
                continue
            key = partner.partner_tax_code.upper()
            if key not in seen:
                seen.add(key)
                groups[(application.measure.code, application.phase, key)].append(application)
    for (measure_code, _phase, tax_code), members in groups.items():
        limit = members[0].fact(_MAX_APPLICATIONS).value
        if len(members) <= limit:
            continue
        ids = tuple(m.row.application_id or "?" for m in members)
        for member in members:
            yield (
                member,
                Hit(
                    None,
                    tax_code,
                    {
                        "partner": tax_code,
                        "limit": limit,
                        "count": len(members),
                        "applications": ids,
                        "measure": measure_code,
                    },
                ),
            )


@across_applications(
    "district-duplicate-application",
    Severity.ERROR,
    facts=(_ONE_PER_DISTRICT,),
    columns=("district", "submitted_at"),
    after=("duplicate-application",),
)
def district_duplicate_application(
    applications: Sequence[Application], run: RunContext
) -> Iterator[tuple[Application, Hit]]:
    """A second application for the same district and phase where the call allows one; the earliest stands."""
    groups: dict[tuple[str, str | None, str], list[Application]] = defaultdict(list)
    for application in applications:
        if (
            application.district_code is None
            or not _declared(application, _ONE_PER_DISTRICT)
            or application.has_error("duplicate-application")
        ):
            continue
        assert application.measure is not None
        groups[(application.measure.code, application.phase, application.district_code)].append(application)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=lambda member: _submission_order(member, run))
        first = ordered[0]
        for later in ordered[1:]:
            yield (
                later,
                Hit(
                    "district",
                    later.value("district"),
                    {
                        "district": _district_named(later),
                        "first": first.row.application_id or "?",
                        "first_row": first.row.position.row,
                        "first_file": first.row.position.file,
                    },
                ),
            )


def _district_named(application: Application) -> str:
    """The district by its code, with the text of the cell when it was given otherwise (``D06 (alba)``)."""
    typed = str(application.value("district") or "").strip()
    code = application.district_code or typed
    return code if typed.casefold() == code.casefold() else f"{code} ({typed})"


def _submission_order(application: Application, run: RunContext) -> datetime:
    """Submission instant; ties keep input order (the sort is stable)."""
    submitted = application.value("submitted_at")
    # Rows without a readable submission time go last: they cannot prove they came first.
    return submitted.instant if submitted is not None else datetime.max.replace(tzinfo=run.zone)
