"""Partnership rules (FSE1): third-sector partners, their cap, one application per district."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from wecare_cli.rules.subject import Subject
from wecare_cli.vocabulary import normalise_label


def check_third_sector_partners(subject: Subject) -> None:
    """partnership-missing-third-sector: at least N ETS / OdV / imprese sociali seated in the region."""
    measure = subject.measure
    rules = measure.partnership if measure is not None else None
    if rules is None or rules.third_sector_types is None or rules.third_sector_types.value is None:
        return
    minimum = rules.third_sector_min_partners.value if rules.third_sector_min_partners else None
    if minimum is None:
        return
    types = rules.third_sector_types.value
    in_region = rules.third_sector_seated_in_region
    provinces = subject.config.measures.strategy.provinces.value or ()
    regional = {p.upper() for p in provinces}
    qualifying = [
        p
        for p in subject.partners
        if p.partner_type in types
        and (
            in_region is None
            or not in_region.value
            or (p.partner_province is not None and p.partner_province.strip().upper() in regional)
        )
    ]
    if len(qualifying) < minimum:
        subject.add(
            "partnership-missing-third-sector",
            None,
            None,
            minimum=minimum,
            types=", ".join(types),
            found=len(qualifying),
            partners=len(subject.partners),
            region=subject.config.measures.strategy.region,
        )


def _applies(subject: Subject, rule: str) -> bool:
    measure = subject.measure
    if measure is None or measure.partnership is None:
        return False
    fact = getattr(measure.partnership, rule)
    return fact is not None and fact.value is not None and fact.value is not False


def flag_partners_over_limit(subjects: list[Subject]) -> None:
    """third-sector-partner-over-limit: a third-sector partner (by tax code) in too many applications.

    Counted per measure and phase (a preliminary and an executive project of the same
    partnership are one project); every application that includes the partner is flagged.
    """
    groups: dict[tuple[str, str | None, str], list[Subject]] = defaultdict(list)
    for subject in subjects:
        if not _applies(subject, "third_sector_max_applications") or subject.has_error(
            "duplicate-application"
        ):
            continue
        assert subject.measure is not None and subject.measure.partnership is not None
        types_fact = subject.measure.partnership.third_sector_types
        types = types_fact.value if types_fact is not None and types_fact.value is not None else ()
        seen: set[str] = set()
        for partner in subject.partners:
            if partner.partner_type not in types or not partner.partner_tax_code:
                continue
            key = partner.partner_tax_code.upper()
            if key not in seen:
                seen.add(key)
                groups[(subject.measure.code, subject.phase, key)].append(subject)
    for (measure_code, _phase, tax_code), members in groups.items():
        limit_fact = members[0].measure.partnership.third_sector_max_applications  # type: ignore[union-attr]
        limit = limit_fact.value if limit_fact is not None else None
        if limit is None or len(members) <= limit:
            continue
        ids = ", ".join(m.row.application_id or "?" for m in members)
        for member in members:
            member.add(
                "third-sector-partner-over-limit",
                None,
                tax_code,
                limit=limit,
                count=len(members),
                applications=ids,
                measure=measure_code,
            )


def flag_second_applications_per_district(subjects: list[Subject]) -> None:
    """district-duplicate-application: one application per district (and phase); the earliest stands."""
    groups: dict[tuple[str, str | None, str], list[Subject]] = defaultdict(list)
    for subject in subjects:
        if (
            not _applies(subject, "one_application_per_district")
            or subject.district_code is None
            or subject.has_error("duplicate-application")
        ):
            continue
        assert subject.measure is not None
        groups[(subject.measure.code, subject.phase, subject.district_code)].append(subject)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(members, key=_submission_order)
        first = ordered[0]
        for later in ordered[1:]:
            later.add(
                "district-duplicate-application",
                "district",
                later.row.district,
                first=first.row.application_id or "?",
                first_row=first.row.position.row,
                first_file=first.row.position.file,
            )


def _submission_order(subject: Subject) -> datetime:
    """Submission instant; ties keep input order (the sort is stable)."""
    submitted = subject.row.submitted_at
    # Rows without a readable submission time go last: they cannot prove they came first.
    return submitted.instant if submitted is not None else datetime.max.replace(tzinfo=subject.zone)


def partner_key(application_id: str) -> str:
    """How a partner row is matched to its application: the id, trimmed and case-folded."""
    return normalise_label(application_id)
