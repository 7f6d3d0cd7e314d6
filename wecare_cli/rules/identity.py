"""Whether an application's id is unique, and whether its applicant applied twice."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from wecare_cli.findings import Severity
from wecare_cli.rules.application import Application
from wecare_cli.rules.columns import ApplicationColumns
from wecare_cli.rules.registry import Hit, RunContext, across_applications
from wecare_cli.vocabulary import identifier_key


@across_applications("duplicate-application", Severity.ERROR, columns=("application_id",))
def duplicate_application(
    applications: Sequence[Application], run: RunContext
) -> Iterator[tuple[Application, Hit]]:
    """The same application id on more than one row: every row after the first is flagged."""
    first_row: dict[str, Application] = {}
    identifiers = ApplicationColumns(applications, None).column("application_id")
    for application, identifier in zip(applications, identifiers, strict=True):
        if identifier is None:
            continue
        key = identifier_key(identifier)
        if key in first_row:
            earlier = first_row[key].row.position
            yield (
                application,
                Hit(
                    "application_id",
                    identifier,
                    {"first_file": earlier.file, "first_row": earlier.row},
                ),
            )
        else:
            first_row[key] = application


@across_applications(
    "duplicate-applicant",
    Severity.WARNING,
    columns=("applicant_tax_code",),
    after=("duplicate-application",),
)
def duplicate_applicant(
    applications: Sequence[Application], run: RunContext
) -> Iterator[tuple[Application, Hit]]:
    """The same tax code applies twice to one measure, line and phase under different ids.

    Different ids, so not the same application sent twice; the call may or may not allow it, and
    the officer decides. Rows already flagged as duplicate-application are left out.
    """
    seen: dict[tuple[str, str | None, str | None, str], Application] = {}
    codes = ApplicationColumns(applications, None).column("applicant_tax_code")
    for application, code in zip(applications, codes, strict=True):
        if code is None or application.measure is None or application.has_error("duplicate-application"):
            continue
        line = application.line.code if application.line else None
        first = seen.setdefault((application.measure.code, line, application.phase, code), application)
        if first is not application:
            yield (
                application,
                Hit(
                    "applicant_tax_code",
                    code,
                    {
                        "first": first.row.application_id or "?",
                        "first_file": first.row.position.file,
                        "first_row": first.row.position.row,
                    },
                ),
            )
