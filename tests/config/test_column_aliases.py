"""``columns:`` in measures.yaml: other header texts of the canonical columns, validated."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from wecare_cli.cli.app import app

ROOT = Path(__file__).resolve().parents[2]


def measures_with(tmp_path: Path, columns: str) -> Path:
    path = tmp_path / "measures.yaml"
    path.write_text((ROOT / "measures.yaml").read_text(encoding="utf-8") + columns, encoding="utf-8")
    return path


def config_check(path: Path, lang: str = "en") -> tuple[int, str]:
    result = CliRunner().invoke(app, ["config", "check", "--measures", str(path), "--lang", lang])
    return result.exit_code, result.stderr


def test_the_shipped_configuration_has_no_aliases_and_reads_only_the_canonical_and_italian_headers() -> None:
    from wecare_cli.config import load_configuration

    assert load_configuration(ROOT / "measures.yaml", ROOT / "districts.csv").measures.columns == {}


def test_an_alias_of_an_unknown_column_is_a_configuration_error_naming_it(tmp_path: Path) -> None:
    code, message = config_check(measures_with(tmp_path, '\ncolumns:\n  codice_beneficiario: ["CF"]\n'))
    assert code == 2
    assert (
        "«codice_beneficiario» is not a column of the applications or partners (columns: application_id"
        in message
    )
    assert "columns.codice_beneficiario" in message


@pytest.mark.parametrize(
    ("alias", "other"),
    [
        ("Richiedente", "applicant_name"),  # another column's Italian header
        ("applicant_name", "applicant_name"),  # another column's canonical name
        ("  RICHIEDENTE ", "applicant_name"),  # matched as headers are: case and spaces ignored
    ],
)
def test_an_alias_that_names_another_column_is_a_configuration_error(
    tmp_path: Path, alias: str, other: str
) -> None:
    code, message = config_check(measures_with(tmp_path, f'\ncolumns:\n  applicant_tax_code: ["{alias}"]\n'))
    assert code == 2
    assert f"the header «{alias}» given for applicant_tax_code already names the column {other}" in message
    assert "columns.applicant_tax_code[0]" in message


def test_the_same_alias_for_two_columns_is_a_configuration_error_in_italian_too(tmp_path: Path) -> None:
    path = measures_with(
        tmp_path, '\ncolumns:\n  applicant_name: ["Beneficiario"]\n  district: ["Beneficiario"]\n'
    )
    code, message = config_check(path, "it")
    assert code == 2
    assert "l'intestazione «Beneficiario» data per" in message


def test_an_alias_of_a_column_own_names_is_harmless(tmp_path: Path) -> None:
    code, _ = config_check(
        measures_with(tmp_path, '\ncolumns:\n  applicant_tax_code: ["Codice fiscale", "CF"]\n')
    )
    assert code == 0


def test_an_empty_alias_is_a_configuration_error(tmp_path: Path) -> None:
    code, message = config_check(measures_with(tmp_path, '\ncolumns:\n  applicant_tax_code: ["  "]\n'))
    assert code == 2
    assert "an empty header is given for applicant_tax_code" in message
