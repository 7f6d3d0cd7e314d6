"""The codes the ingest layer reports: findings inside a readable file, and refusals of a file.

The words of each code are in the catalogue (``finding-<code>`` and ``error-<code>``, see
:mod:`wecare_cli.i18n.catalog`); this module only declares the codes, so that the tests can hold
the catalogue, the README and the code together.

Severities of the findings (cell and row findings are in ``ApplicationRow.findings`` /
``PartnerRow.findings``; file findings in ``Intake.file_findings``):

========================== ======== ====================================================
code                       severity where / meaning
========================== ======== ====================================================
missing-value              error    cell: a required field is empty
tax-code-stored-as-number  error    cell: a number in a tax-code column, leading zeros lost
tax-code-invalid           error    cell: not a valid codice fiscale / partita IVA
invalid-amount             error    cell: not an amount in euro
invalid-date               error    cell: not a date (never read month-first)
date-stored-as-number      warning  cell: an Excel serial number in a General cell
invalid-value              error    cell: not one of the accepted values (types, sizes, yes/no)
invalid-number             error    cell: the score is not a non-negative number
text-stored-as-date        error    cell: Excel turned a code into a date
digits-lost                error    cell: a number longer than the 15 digits Excel keeps
cup-invalid                warning  cell: the CUP does not have the 15-character shape
pec-invalid                warning  cell: the PEC is not an e-mail address
pec-not-certified-domain   warning  cell: the PEC domain does not look like a PEC provider
formula-error              error    cell: the formula's cached result is an error (#DIV/0!...)
formula-not-calculated     error    cell: a formula without a calculated value
hidden-row                 warning  row: hidden in Excel, checked anyway
extra-cells                warning  row: a CSV line with more cells than the header
hidden-sheet               warning  file: a hidden or very hidden sheet
blank-gap                  warning  file: blank rows followed by more data
merged-cells               error    file: merged cells inside the data area
no-data                    error    file: a header but no data rows
macros-ignored             warning  file: the workbook holds macros; they are not run
csv-encoding-cp1252        warning  file: the CSV is not UTF-8, read as Windows-1252
file-given-twice           warning  file: the same file (same content) given again; read once
========================== ======== ====================================================
"""

from __future__ import annotations

INGEST_CODES: tuple[str, ...] = (
    "missing-value",
    "tax-code-stored-as-number",
    "tax-code-invalid",
    "invalid-amount",
    "invalid-date",
    "date-stored-as-number",
    "invalid-value",
    "invalid-number",
    "text-stored-as-date",
    "digits-lost",
    "cup-invalid",
    "pec-invalid",
    "pec-not-certified-domain",
    "formula-error",
    "formula-not-calculated",
    "hidden-row",
    "extra-cells",
    "hidden-sheet",
    "blank-gap",
    "merged-cells",
    "no-data",
    "macros-ignored",
    "xls-unchecked",
    "amount-column-format",
    "amount-format-other",
    "csv-encoding-cp1252",
    "file-given-twice",
)
"""Every finding code of the ingest layer."""

FILE_ERROR_CODES: tuple[str, ...] = (
    "file-not-found",
    "file-not-regular",
    "file-is-folder",
    "file-unreadable",
    "file-empty",
    "file-not-xlsx",
    "file-encrypted",
    "file-corrupt",
    "file-too-large",
    "sheet-too-large",
    "csv-too-large",
    "run-too-large",
    "cell-reference-invalid",
    "file-out-of-memory",
    "file-unsafe",
    "file-format-unsupported",
    "file-encoding-unknown",
    "sheet-not-found",
    "header-not-found",
    "column-missing",
    "duplicate-column",
)
"""Every code of an :class:`~wecare_cli.ingest.files.UnreadableFileError` (exit 2, no report)."""
