"""Which measure, line, phase and district an application names, and whether its id is unique."""

from __future__ import annotations

from wecare_cli.findings import Severity
from wecare_cli.rules.subject import Subject
from wecare_cli.vocabulary import normalise_label


def _code_key(text: str) -> str:
    return normalise_label(text).replace(" ", "")


def resolve_measure(subject: Subject) -> None:
    """measure-unknown: the Misura must be one of the configured measures (FSE1 … FSE4, FESR)."""
    text = subject.row.measure
    if text is None:
        return  # missing-value was raised while reading
    wanted = _code_key(text)
    for measure in subject.config.measures.measures:
        if _code_key(measure.code) in (wanted, wanted.removeprefix("misura")):
            subject.measure = measure
            return
    known = ", ".join(m.code for m in subject.config.measures.measures)
    subject.add("measure-unknown", "measure", text, known=known)


def resolve_line(subject: Subject) -> None:
    """line-unknown / missing-value: a measure with lines needs one of them; others take none."""
    measure = subject.measure
    if measure is None:
        return
    text = subject.row.line
    if not measure.lines:
        if text:
            subject.add("line-unknown", "line", text, measure=measure.code, known="—")
        return
    known = ", ".join(line.code for line in measure.lines)
    if text is None:
        if "line" not in subject.row.unreadable:
            subject.add("missing-value", "line", None, expected=known)
        return
    line = measure.line(text.strip()) or measure.line(_code_key(text))
    if line is None:
        subject.add("line-unknown", "line", text, measure=measure.code, known=known)
        return
    subject.line = line


def resolve_phase(subject: Subject) -> None:
    """invalid-value: a measure with phases (FSE1) takes one of them; empty means the first."""
    measure = subject.measure
    if measure is None or not measure.phases:
        return
    text = subject.row.phase
    if text is None:
        subject.phase = measure.phases[0].code
        return
    wanted = normalise_label(text)
    for phase in measure.phases:
        if wanted in (
            normalise_label(phase.code),
            normalise_label(phase.name_it),
            normalise_label(phase.name_en),
        ):
            subject.phase = phase.code
            return
    subject.add("invalid-value", "phase", text, expected=", ".join(p.code for p in measure.phases))


def resolve_district(subject: Subject) -> None:
    """district-unknown / missing-value: where a district is required it must be one of the 30.

    Elsewhere the district is information only, and an unknown one is a warning.
    """
    measure = subject.measure
    text = subject.row.district
    must_know = measure.eligibility.applicant_district_must_be_known if measure is not None else None
    required = measure is not None and (
        measure.district_required or (must_know is not None and must_know.value is True)
    )
    if text is None:
        if required and "district" not in subject.row.unreadable:
            subject.add("missing-value", "district", None)
        return
    district = subject.config.district(text)
    if district is None:
        severity = Severity.ERROR if required else Severity.WARNING
        subject.add("district-unknown", "district", text, severity)
        return
    subject.district_code = district.code


def flag_duplicate_ids(subjects: list[Subject]) -> None:
    """duplicate-application: an id on more than one row; every row after the first is flagged."""
    first_row: dict[str, Subject] = {}
    for subject in subjects:
        identifier = subject.row.application_id
        if identifier is None:
            continue
        key = normalise_label(identifier)
        if key in first_row:
            earlier = first_row[key].row.position
            subject.add(
                "duplicate-application",
                "application_id",
                identifier,
                first_file=earlier.file,
                first_row=earlier.row,
            )
        else:
            first_row[key] = subject


def flag_repeated_applicants(subjects: list[Subject]) -> None:
    """duplicate-applicant (warning): the same tax code applies twice to the same measure and line.

    Different ids, so not the same application sent twice; the call may or may not allow it, and
    the officer decides. Rows already flagged as duplicate-application are left out.
    """
    seen: dict[tuple[str, str | None, str | None, str], Subject] = {}
    for subject in subjects:
        code = subject.row.applicant_tax_code
        if code is None or subject.measure is None or subject.has_error("duplicate-application"):
            continue
        key = (subject.measure.code, subject.line.code if subject.line else None, subject.phase, code)
        first = seen.setdefault(key, subject)
        if first is not subject:
            subject.add(
                "duplicate-applicant",
                "applicant_tax_code",
                code,
                Severity.WARNING,
                first=first.row.application_id or "?",
                first_file=first.row.position.file,
                first_row=first.row.position.row,
            )
