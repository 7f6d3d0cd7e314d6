"""`wecare publish`: the transparency open data (D.Lgs. 33/2013, art. 26–27) and the EU list of
operations (Reg. (UE) 1303/2013, Annex XII): the fields, one row per grant, the threshold, the
missing fields, no natural person's tax code, safe and reproducible writing."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.applications import make_application, run
from wecare_cli.cli.app import app
from wecare_cli.config import Configuration
from wecare_cli.documents import SCHEMA_FOLDER
from wecare_cli.errors import OutputError
from wecare_cli.i18n.lang import Lang
from wecare_cli.publication import Field, Publication, publication_of
from wecare_cli.ranking import rank_check
from wecare_cli.reports.publication import MANIFEST, write_publication

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"
PERSON = "RSSMRA80A01L219X"
FILES = [
    "elenco-operazioni.csv",
    "elenco-operazioni.xlsx",
    "trasparenza-sotto-soglia.csv",
    "trasparenza.csv",
    "trasparenza.json",
    "trasparenza.xlsx",
]
TRANSPARENCY_HEADERS = [
    "Beneficiario",
    "Codice fiscale / Partita IVA",
    "Importo",
    "Norma o titolo a base dell'attribuzione",
    "Ufficio responsabile",
    "Funzionario o dirigente responsabile del procedimento",
    "Modalità di individuazione del beneficiario",
    "Link al progetto selezionato",
]
OPERATION_HEADERS = [
    "Nome beneficiario / Beneficiary name",
    "Denominazione operazione / Operation name",
    "Sintesi operazione / Operation summary",
    "Data inizio operazione / Operation start date",
    "Data fine operazione / Operation end date",
    "Spesa ammissibile totale / Total eligible expenditure allocated to the operation",
    "Tasso di cofinanziamento UE / Union co-financing rate",
    "CAP / Postcode",
    "Paese / Country",
    "Categoria di operazione / Category of intervention",
    "Data aggiornamento elenco operazioni / Date of last update of the list of operations",
]


@pytest.fixture
def publication(configuration: Configuration) -> Publication:
    """FSE3 attivazione (budget 2.5 M€): a company with the optional columns, a ditta
    individuale, a company granted 900 € only, one ineligible (not a grant)."""
    return publication_of(
        rank_check(
            run(
                configuration,
                [
                    make_application(
                        row=4,
                        application_id="A",
                        score=Decimal(90),
                        extra={
                            "Titolo progetto": "Welfare in rete",
                            "Sintesi": "Servizi di conciliazione per 40 dipendenti",
                            "Data inizio": datetime(2020, 4, 1),
                            "Data fine": "31/03/2021",
                            "CAP": "13900",
                            "Link progetto": "https://example.org/progetti/a",
                        },
                    ),
                    make_application(
                        row=5,
                        application_id="B",
                        score=Decimal(80),
                        applicant_name=f"Rossi Mario (C.F. {PERSON})",
                        applicant_tax_code=PERSON,
                    ),
                    make_application(
                        row=6,
                        application_id="C",
                        score=Decimal(70),
                        applicant_name="Piccola Impresa srl",
                        applicant_tax_code="01622460036",
                        requested_amount=Decimal(900),
                    ),
                    make_application(row=7, application_id="X", applicant_type="comune"),
                ],
            )
        )
    )


def written(tmp_path: Path, publication: Publication, lang: Lang = Lang.IT) -> Path:
    folder = tmp_path / "pubblicazione"
    folder.mkdir(parents=True, exist_ok=True)
    write_publication(publication, folder, lang, inputs=[])
    return folder


def csv_rows(path: Path) -> list[list[str]]:
    content = path.read_bytes()
    assert content.startswith("\ufeff".encode())  # UTF-8 with a byte-order mark, for Excel
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_folder_gets_the_transparency_files_the_list_of_operations_and_the_manifest(
    tmp_path: Path, publication: Publication
) -> None:
    folder = written(tmp_path, publication)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*FILES, MANIFEST, ".wecare-publish.lock"])
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == FILES


def test_the_transparency_csv_has_the_fields_of_article_27_and_one_row_per_grant_above_the_threshold(
    tmp_path: Path, publication: Publication
) -> None:
    header, *rows = csv_rows(written(tmp_path, publication) / "trasparenza.csv")
    assert header == TRANSPARENCY_HEADERS
    act = "DGR 5 ottobre 2018, n. 20-7648 (atto di indirizzo)"
    assert rows == [
        [
            "Tessiture Biellesi srl",
            "00743110157",
            "80000,00",
            act,
            "",
            "",
            "graduatoria",
            "https://example.org/progetti/a",
        ],
        [
            "Rossi Mario (C.F. [omesso: persona fisica])",
            "[omesso: persona fisica]",
            "80000,00",
            act,
            "",
            "",
            "graduatoria",
            "",
        ],
    ]


def test_grants_up_to_the_threshold_of_measures_yaml_are_listed_apart(
    tmp_path: Path, publication: Publication, configuration: Configuration
) -> None:
    settings = configuration.measures.strategy.publication
    assert settings is not None and settings.threshold_eur.value == 1000
    assert "art. 26" in (settings.threshold_eur.source or "")
    header, *rows = csv_rows(written(tmp_path, publication) / "trasparenza-sotto-soglia.csv")
    assert header == TRANSPARENCY_HEADERS
    assert [r[:3] for r in rows] == [["Piccola Impresa srl", "01622460036", "900,00"]]


def test_the_transparency_json_obeys_its_schema_and_says_what_is_missing(
    tmp_path: Path, publication: Publication
) -> None:
    document = json.loads((written(tmp_path, publication) / "trasparenza.json").read_text(encoding="utf-8"))
    schema = json.loads((SCHEMA_FOLDER / "transparency.schema.json").read_text(encoding="utf-8"))
    assert list(Draft202012Validator(schema).iter_errors(document)) == []
    assert [g["fiscal_data"] for g in document["grants"]] == ["00743110157", "[omesso: persona fisica]"]
    assert [g["amount"] for g in document["below_threshold"]] == [900]
    assert document["threshold"]["amount"] == 1000
    assert document["year"] == 2026
    # Office and official are null in measures.yaml; B and C have no project link.
    assert document["missing"] == ["office", "responsible-official", "project-link"]


def test_the_list_of_operations_has_the_annex_xii_fields_in_italian_and_english(
    tmp_path: Path, publication: Publication
) -> None:
    header, *rows = csv_rows(written(tmp_path, publication) / "elenco-operazioni.csv")
    assert header == OPERATION_HEADERS
    assert rows == [
        [
            "Tessiture Biellesi srl",
            "Welfare in rete",
            "Servizi di conciliazione per 40 dipendenti",
            "2020-04-01",
            "31/03/2021",
            "100000,00",
            "",
            "13900",
            "Italia",
            "",
            "2026-11-22",
        ],
        # A natural person is not named in the list of operations.
        ["[omesso: persona fisica]", "", "", "", "", "100000,00", "", "", "Italia", "", "2026-11-22"],
        ["Piccola Impresa srl", "", "", "", "", "100000,00", "", "", "Italia", "", "2026-11-22"],
    ]
    assert publication.missing([Field.COFINANCING_RATE, Field.COUNTRY]) == [Field.COFINANCING_RATE]


def test_no_file_of_the_publication_holds_a_natural_person_s_tax_code(
    tmp_path: Path, publication: Publication
) -> None:
    folder = written(tmp_path, publication)
    for name in FILES:
        path = folder / name
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                assert all(PERSON.encode() not in archive.read(part) for part in archive.namelist()), name
        else:
            assert PERSON.encode() not in path.read_bytes(), name


def test_the_workbooks_have_the_same_columns_and_say_what_is_missing(
    tmp_path: Path, publication: Publication
) -> None:
    folder = written(tmp_path, publication)
    book = load_workbook(folder / "trasparenza.xlsx")
    assert book.sheetnames == ["Trasparenza", "Sotto soglia"]
    sheet = book["Trasparenza"]
    header = int(str(sheet.freeze_panes)[1:]) - 1
    lines = [str(r[0]) for r in sheet.iter_rows(max_row=header - 2, values_only=True)]
    assert lines[1] == "Concessioni di contributi (D.Lgs. 33/2013, artt. 26–27)"
    assert "Campi non disponibili (vuoti nei file): ufficio responsabile" in " ".join(lines)
    assert [c.value for c in sheet[header]] == TRANSPARENCY_HEADERS
    assert sheet.page_setup.orientation == "landscape"
    operations = load_workbook(folder / "elenco-operazioni.xlsx")["Elenco operazioni"]
    header = int(str(operations.freeze_panes)[1:]) - 1
    assert [c.value for c in operations[header]] == OPERATION_HEADERS


def test_the_same_ranking_gives_the_same_bytes(tmp_path: Path, publication: Publication) -> None:
    first, second = written(tmp_path / "a", publication), written(tmp_path / "b", publication)
    for name in [*FILES, MANIFEST]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_file_wecare_did_not_write_is_never_replaced_without_force(
    tmp_path: Path, publication: Publication
) -> None:
    folder = written(tmp_path, publication)
    (folder / "trasparenza.csv").write_text("a file of the office\n", encoding="utf-8")
    with pytest.raises(OutputError) as refused:
        write_publication(publication, folder, Lang.IT, inputs=[])
    assert refused.value.code == "publish-file-foreign"
    assert (folder / "trasparenza.csv").read_text(encoding="utf-8") == "a file of the office\n"
    write_publication(publication, folder, Lang.IT, inputs=[], force=True)
    assert (folder / "trasparenza.csv").read_bytes().startswith("\ufeffBeneficiario".encode())


def test_a_file_of_the_publication_that_is_an_input_is_refused_even_with_force(
    tmp_path: Path, publication: Publication
) -> None:
    folder = written(tmp_path, publication)
    with pytest.raises(OutputError) as refused:
        write_publication(publication, folder, Lang.IT, inputs=[folder / "trasparenza.json"], force=True)
    assert refused.value.code == "output-is-input"


def test_a_new_folder_in_an_existing_one_is_made_for_the_publication(
    tmp_path: Path, publication: Publication
) -> None:
    write_publication(publication, tmp_path / "pubblicazione", Lang.IT, inputs=[])
    assert (tmp_path / "pubblicazione" / "trasparenza.csv").is_file()


def test_a_folder_whose_parent_is_missing_too_is_refused_and_nothing_is_written(
    tmp_path: Path, publication: Publication
) -> None:
    with pytest.raises(OutputError) as refused:
        write_publication(publication, tmp_path / "manca" / "pubblicazione", Lang.IT, inputs=[])
    assert refused.value.code == "output-folder-missing"
    assert list(tmp_path.iterdir()) == []


def test_publish_on_the_example_writes_the_folder_reproducibly_with_as_of(tmp_path: Path) -> None:
    digests = []
    for name in ("uno", "due"):
        folder = tmp_path / name
        folder.mkdir()
        result = CliRunner().invoke(
            app,
            ["publish", str(EXAMPLE), "--as-of", "2020-03-01", "--output-dir", str(folder), "--lang", "it"],
            env={"COLUMNS": "80"},
        )
        assert result.exit_code == 0, result.output
        assert "Concessioni: 7 da pubblicare, 0 fino alla soglia (elencate a parte)" in result.stderr
        assert "Campi non disponibili (vuoti nei file): ufficio responsabile" in result.stderr
        digests.append({p.name: p.read_bytes() for p in folder.iterdir()})
    assert digests[0] == digests[1]


def test_publish_with_events_lists_the_grants_after_the_scorrimento(tmp_path: Path) -> None:
    folder = tmp_path / "pubblicazione"
    folder.mkdir()
    events = ROOT / "examples" / "eventi.yaml"
    args = [
        "publish",
        str(EXAMPLE),
        "--events",
        str(events),
        "--as-of",
        "2020-06-30",
        "--output-dir",
        str(folder),
    ]
    result = CliRunner().invoke(app, [*args, "--lang", "en", "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    document = json.loads((folder / "trasparenza.json").read_text(encoding="utf-8"))
    ranked = CliRunner().invoke(
        app, ["rank", str(EXAMPLE), "--events", str(events), "--as-of", "2020-06-30", "--format", "json"]
    )
    granted = sorted(
        a["granted"]
        for r in json.loads(ranked.stdout)["rankings"]
        for a in r["applications"]
        if a["granted"] > 0
    )
    assert sorted(g["amount"] for g in document["grants"] + document["below_threshold"]) == granted
