"""The corpus of real-world files: each one checks with its expected exit code and code.

The files are committed (``tests/corpus/files/``) and built by ``tests/corpus/make_corpus.py``;
the tests also rebuild them, to show the recipes still make what is committed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.corpus import make_corpus
from tests.corpus.binary_workbooks import convert, soffice
from wecare_cli.cli.app import app

AS_OF = "2026-11-22"


def run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(app, [*args, "--format", "json", "--as-of", AS_OF, "--lang", "en"])
    try:
        document = json.loads(result.stdout)
    except json.JSONDecodeError:
        document = None
    return result.exit_code, document if document is not None else result.stderr


def codes_of(document: Any) -> set[str]:
    """Every finding code of a check document."""
    found = {finding["code"] for finding in document["file_findings"]}
    for application in document["applications"]:
        found.update(finding["code"] for finding in application["findings"])
    return found


@pytest.mark.parametrize("name", sorted(make_corpus.CASES))
def test_each_corpus_file_checks_with_its_exit_code_and_code(name: str) -> None:
    case = make_corpus.CASES[name]
    code, answer = run("check", str(make_corpus.FILES / name), *case.options)
    assert code == case.exit_code, answer
    if code == 2:
        assert f"[{case.code}]" in answer
    else:
        assert case.code in codes_of(answer)


def _comparable(document: Any, name: str, ignored: frozenset[str] = frozenset()) -> str:
    """The document with the file's name and hash taken out, and findings of ``ignored`` codes."""
    document = json.loads(json.dumps(document).replace(name, "FILE"))
    document.pop("reference_time", None)
    for file in document.get("files", []):
        file.pop("sha256")
        file.pop("kind")
    document["file_findings"] = [f for f in document["file_findings"] if f["code"] not in ignored]
    for application in document.get("applications", []):
        application["findings"] = [f for f in application["findings"] if f["code"] not in ignored]
    if "summary" in document:
        document.pop("summary")
    return json.dumps(document, sort_keys=True, indent=1)


def _same_as_the_example(path: Path, ignored: frozenset[str] = frozenset()) -> None:
    for command in ("check", "rank"):
        expected_code, expected = run(command, str(make_corpus.EXAMPLE))
        code, answer = run(command, str(path))
        assert code == expected_code
        assert _comparable(answer, path.name, ignored) == _comparable(
            expected, make_corpus.EXAMPLE.name, ignored
        )


def test_the_xls_copy_of_the_example_gives_the_same_verdicts_findings_and_ranking_hidden_row_included() -> (
    None
):
    path = make_corpus.FILES / "domande-esempio.xls"
    _same_as_the_example(path)
    _, answer = run("check", str(path))
    hidden = [f for a in answer["applications"] for f in a["findings"] if f["code"] == "hidden-row"]
    assert [(f["sheet"], f["row"]) for f in hidden] == [("Domande", 13)]
    assert "xls-unchecked" not in codes_of(answer)


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_the_example_saved_as_excel_97_by_libreoffice_gives_the_same_verdicts_and_ranking(
    tmp_path: Path,
) -> None:
    path = convert(make_corpus.EXAMPLE, tmp_path / "domande-esempio.xls", "xls")
    _same_as_the_example(path)


def test_an_xls_whose_records_cannot_be_read_says_so_once_and_keeps_its_verdicts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wecare_cli.ingest import workbook
    from wecare_cli.ingest.xls_scan import UnreadableRecords

    def unreadable(data: bytes) -> object:
        raise UnreadableRecords

    monkeypatch.setattr(workbook, "scan_xls", unreadable)
    path = make_corpus.FILES / "domande-esempio.xls"
    _same_as_the_example(path, frozenset({"xls-unchecked", "hidden-row"}))
    _, answer = run("check", str(path))
    unchecked = [f for f in answer["file_findings"] if f["code"] == "xls-unchecked"]
    assert [(f["file"], f["severity"]) for f in unchecked] == [(path.name, "warning")]
    assert unchecked[0]["message"].startswith(
        "The records of this Excel 97-2003 workbook (.xls) could not be read"
    )


def test_the_xls_renamed_xlsx_is_read_as_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "domande-esempio.xlsx"
    shutil.copy(make_corpus.FILES / "domande-esempio.xls", path)
    code, answer = run("check", str(path))
    assert code == 1
    assert answer["summary"]["files"][0]["kind"] == "xls"


def test_the_xlsb_recipe_rebuilds_the_committed_file_byte_for_byte(tmp_path: Path) -> None:
    make_corpus.build(tmp_path, ["domande-esempio.xlsb"])
    assert (tmp_path / "domande-esempio.xlsb").read_bytes() == (
        make_corpus.FILES / "domande-esempio.xlsb"
    ).read_bytes()


def test_the_ods_copy_of_the_example_keeps_its_hidden_row_and_gives_the_same_verdicts_and_ranking() -> None:
    path = make_corpus.FILES / "domande-esempio.ods"
    _same_as_the_example(path)
    _, answer = run("check", str(path))
    hidden = [f for a in answer["applications"] for f in a["findings"] if f["code"] == "hidden-row"]
    assert [(f["sheet"], f["row"]) for f in hidden] == [("Domande", 13)]


def test_an_ods_with_basic_macros_is_read_with_one_macros_ignored_warning_whatever_its_doctypes() -> None:
    path = make_corpus.FILES / "macro-basic.ods"
    _same_as_the_example(path, frozenset({"macros-ignored"}))
    _, answer = run("check", str(path))
    warnings = [f for f in answer["file_findings"] if f["code"] == "macros-ignored"]
    assert [(f["file"], f["severity"]) for f in warnings] == [("macro-basic.ods", "warning")]


def test_an_ods_with_only_empty_basic_library_lists_has_no_macros_warning(tmp_path: Path) -> None:
    source = make_corpus.FILES / "macro-basic.ods"
    path = tmp_path / "liste-vuote.ods"
    make_corpus._rezip(source, path, {"Basic/Standard/Module1.xml": None})
    _, answer = run("check", str(path))
    assert "macros-ignored" not in codes_of(answer)


def test_a_password_protected_ods_is_file_encrypted_in_both_languages() -> None:
    path = make_corpus.FILES / "protetto.ods"
    code, answer = run("check", str(path))
    assert code == 2
    assert answer.strip() == (
        "[file-encrypted] protetto.ods: the workbook is protected by a password; remove the password "
        "(Excel: File > Info; LibreOffice: File > Save As without «Save with password») and save it again."
    )
    result = CliRunner().invoke(app, ["check", str(path), "--lang", "it"])
    assert result.exit_code == 2
    assert "[file-encrypted] protetto.ods: la cartella di lavoro è protetta da password" in result.stderr


def test_a_zip_whose_parts_are_named_with_backslashes_gives_the_same_verdicts_and_ranking() -> None:
    _same_as_the_example(make_corpus.FILES / "barre-rovesciate.xlsx")


def test_an_xlsm_with_an_excel_4_macro_sheet_is_read_with_macros_ignored_and_the_same_verdicts() -> None:
    path = make_corpus.FILES / "macro-excel4.xlsm"
    _same_as_the_example(path, frozenset({"macros-ignored"}))
    _, answer = run("check", str(path))
    assert [f["file"] for f in answer["file_findings"] if f["code"] == "macros-ignored"] == [path.name]
    assert "Macro1" not in json.dumps(answer)


def test_a_refusal_for_the_compression_ratio_names_its_variable_in_both_languages() -> None:
    path = str(make_corpus.FILES / "molto-compresso.xlsx")
    english = CliRunner().invoke(app, ["check", path, "--lang", "en"])
    italian = CliRunner().invoke(app, ["check", path, "--lang", "it"])
    assert english.exit_code == italian.exit_code == 2
    assert "is compressed more than 200 times; for a genuine file raise WECARE_MAX_RATIO)" in english.stderr
    assert (
        "è compressa più di 200 volte; se il file è quello giusto, alza WECARE_MAX_RATIO)" in italian.stderr
    )


def test_the_compressed_file_reads_once_its_limit_is_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WECARE_MAX_RATIO", "5000")
    _same_as_the_example(make_corpus.FILES / "molto-compresso.xlsx")


def test_an_english_format_amount_column_gets_one_file_level_finding_naming_the_option() -> None:
    code, answer = run("check", str(make_corpus.FILES / "importi-inglesi.csv"))
    assert code == 1
    columns = [f for f in answer["file_findings"] if f["code"] == "amount-column-format"]
    assert [(f["column"], f["row"], f["value"], f["severity"]) for f in columns] == [
        ("Contributo richiesto", 1, "300,000.00 €", "error"),
        ("Costo totale", 1, "300,000.00 €", "error"),
    ]
    assert columns[0]["message"] == (
        "Column «Contributo richiesto» writes its amounts the English way (1,234.56), e.g. 300,000.00 €: "
        "those amounts were not read. Check the file again with --amounts en."
    )
    cells = [f for a in answer["applications"] for f in a["findings"] if f["code"] == "amount-format-other"]
    assert cells[0]["message"] == (
        "«Contributo richiesto»: 300,000.00 € is written the English way (1,234.56), like the whole column: "
        "not read. Check the file again with --amounts en."
    )
    assert len(cells) == 63


def test_the_english_format_csv_read_with_amounts_en_gives_the_verdicts_of_the_italian_one() -> None:
    english = make_corpus.FILES / "importi-inglesi.csv"
    italian = make_corpus.FILES / "importi-italiani.csv"
    for command in ("check", "rank"):
        expected_code, expected = run(command, str(italian))
        code, answer = run(command, str(english), "--amounts", "en")
        assert code == expected_code
        assert _comparable(answer, english.name) == _comparable(expected, italian.name)


def test_a_column_mixing_the_conventions_keeps_one_invalid_amount_per_cell_and_no_column_finding() -> None:
    _, answer = run("check", str(make_corpus.FILES / "importi-misti.csv"))
    assert "amount-column-format" not in codes_of(answer)
    assert "amount-format-other" not in codes_of(answer)
    invalid = [f for a in answer["applications"] for f in a["findings"] if f["code"] == "invalid-amount"]
    assert len(invalid) == 33
    assert all(
        ("," in f["value"] and f["value"].endswith(".00 €")) or f["value"] == "12.5OO,00 €" for f in invalid
    )


def test_the_amount_column_finding_is_worded_in_italian(monkeypatch: pytest.MonkeyPatch) -> None:
    result = CliRunner().invoke(
        app, ["check", str(make_corpus.FILES / "importi-inglesi.csv"), "--format", "json", "--lang", "it"]
    )
    finding = next(
        f for f in json.loads(result.stdout)["file_findings"] if f["code"] == "amount-column-format"
    )
    assert finding["message"] == (
        "La colonna «Contributo richiesto» scrive gli importi all'inglese (1,234.56), "
        "ad esempio 300,000.00 €: quegli importi non sono stati letti. Ricontrolla il file con --amounts en."
    )


def platform_measures(folder: Path) -> str:
    path = folder / "measures.yaml"
    make_corpus.platform_measures(path)
    return str(path)


def test_a_differently_headed_export_checks_with_the_same_verdicts_once_its_headers_are_aliases(
    tmp_path: Path,
) -> None:
    path = make_corpus.FILES / "piattaforma.xlsx"
    measures = ("--measures", platform_measures(tmp_path))
    for command in ("check", "rank"):
        expected_code, expected = run(command, str(make_corpus.EXAMPLE))
        code, answer = run(command, str(path), *measures)
        assert code == expected_code
        written = json.dumps(answer)
        for original, platform in make_corpus.PLATFORM_HEADERS.items():
            written = written.replace(platform, original)
        assert _comparable(json.loads(written), path.name) == _comparable(expected, make_corpus.EXAMPLE.name)


def test_config_check_lists_the_column_aliases_in_both_languages_and_in_json(tmp_path: Path) -> None:
    measures = platform_measures(tmp_path)
    english = CliRunner().invoke(app, ["config", "check", "--measures", measures, "--lang", "en"])
    assert english.exit_code == 0
    assert "Other headers of the columns (columns:): 6." in english.stdout
    assert "  - applicant_tax_code: «Cod. Fiscale Beneficiario», «CF beneficiario»" in english.stdout
    italian = CliRunner().invoke(app, ["config", "check", "--measures", measures, "--lang", "it"])
    assert "Altre intestazioni delle colonne (columns:): 6." in italian.stdout
    document = CliRunner().invoke(app, ["config", "check", "--measures", measures, "--format", "json"])
    assert json.loads(document.stdout)["column_aliases"]["application_id"] == ["ID Pratica"]
    shipped = CliRunner().invoke(app, ["config", "check", "--format", "json"])
    assert json.loads(shipped.stdout)["column_aliases"] == {}


def test_an_italian_format_column_read_with_amounts_en_names_the_italian_option() -> None:
    _, answer = run("check", str(make_corpus.FILES / "importi-italiani.csv"), "--amounts", "en")
    columns = [f for f in answer["file_findings"] if f["code"] == "amount-column-format"]
    assert [f["column"] for f in columns] == ["Contributo richiesto", "Costo totale"]
    assert columns[0]["message"].endswith(
        "writes its amounts the Italian way (1.234,56), e.g. 300.000,00 €: those amounts were not read. "
        "Check the file again with --amounts it."
    )
