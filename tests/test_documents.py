"""The JSON documents are stated once as JSON Schemas, shipped in the package, and every output obeys them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from wecare_cli.cli.app import app
from wecare_cli.documents import SCHEMA_FOLDER, SCHEMAS, schema_text

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "domande-esempio.xlsx"


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(document)
    ]


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_shipped_schema_files_are_the_ones_the_module_states(name: str) -> None:
    shipped = (SCHEMA_FOLDER / f"{name}.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(name), "run: python -m wecare_cli.documents"


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        ("check", "domande-esempio.check.json"),
        ("rank", "domande-esempio.rank.json"),
        ("rank", "domande-esempio.eventi.rank.json"),
    ],
)
def test_the_golden_documents_of_the_example_obey_their_schemas(name: str, golden: str) -> None:
    document = json.loads((ROOT / "examples" / golden).read_text(encoding="utf-8"))
    assert errors(name, document) == []


def _json(*args: str) -> Any:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_every_command_s_json_obeys_its_schema(tmp_path: Path) -> None:
    check = _json("check", str(EXAMPLE), "--as-of", "2026-11-22")
    rank = _json("rank", str(EXAMPLE), "--as-of", "2026-11-22")
    assert errors("check", check) == []
    assert errors("rank", rank) == []
    for by in ("measure", "district", "applicant-type"):
        assert errors("summary", _json("summary", str(EXAMPLE), "--as-of", "2026-11-22", "--by", by)) == []
    assert errors("measures", _json("measures", "--as-of", "2019-10-01")) == []
    assert errors("districts", _json("districts")) == []
    assert errors("config-check", _json("config", "check")) == []
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(rank), encoding="utf-8")
    changed = {**rank, "rankings": rank["rankings"][1:]}
    new.write_text(json.dumps(changed), encoding="utf-8")
    assert errors("diff", _json("diff", str(old), str(new))) == []


def test_a_document_missing_a_required_key_breaks_its_schema() -> None:
    document = json.loads((ROOT / "examples" / "domande-esempio.rank.json").read_text(encoding="utf-8"))
    del document["rankings"][0]["residual"]
    document["ineligible"][0]["status"] = "funded"
    found = errors("rank", document)
    assert any("residual" in e for e in found) and any("ineligible/0/status" in e for e in found)
