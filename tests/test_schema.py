"""cm schema: the committed schemas are what the models generate, and every example file passes them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from commentmatrix.cli import app
from commentmatrix.read.yaml_reader import read_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "cm.yaml", *sorted((ROOT / "drafts").glob("*.yaml")), *sorted((ROOT / "comments").glob("*.yaml"))]
SCHEMA_OF = {"cm.yaml": "cm.schema.json", "drafts": "draft.schema.json", "comments": "comments.schema.json"}


def schema_for(path: Path) -> Path:
    key = path.name if path.parent == ROOT else path.parent.name
    return ROOT / "schemas" / SCHEMA_OF[key]


def as_json(value):
    """What an editor's YAML 1.2 reader hands the validator: dates are plain strings."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def load(path: Path):
    doc, problems = read_bytes(path.read_bytes(), path.name)
    assert problems == []
    return as_json(doc.data)


def validator(name: str) -> jsonschema.Draft7Validator:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def test_committed_schemas_are_what_cm_schema_writes(tmp_path):
    result = CliRunner().invoke(app, ["schema", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert result.stdout == "".join(f"{tmp_path / 'out' / name}: written\n"
                                    for name in ("cm.schema.json", "draft.schema.json", "comments.schema.json"))
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(p.name for p in (ROOT / "schemas").iterdir())
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (ROOT / "schemas" / name).read_bytes(), \
            f"schemas/{name} is stale: run `cm schema` and commit the result"


def test_cm_schema_defaults_to_the_project_schemas_folder_and_leaves_equal_files_alone(tmp_path, monkeypatch):
    (tmp_path / "cm.yaml").write_text("title: T\nlanguages: [en]\ndraft: d\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(app, ["schema"])
    second = CliRunner().invoke(app, ["schema"])
    assert (first.exit_code, second.exit_code) == (0, 0)
    assert first.stdout.splitlines() == ["schemas/cm.schema.json: written", "schemas/draft.schema.json: written",
                                         "schemas/comments.schema.json: written"]
    assert second.stdout.splitlines() == ["schemas/cm.schema.json: up to date", "schemas/draft.schema.json: up to date",
                                          "schemas/comments.schema.json: up to date"]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_example_file_passes_its_schema_and_names_it_on_the_first_line(path):
    schema = schema_for(path)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    relative = Path("..") / "schemas" / schema.name if path.parent != ROOT else Path("schemas") / schema.name
    assert first == f"# yaml-language-server: $schema={relative.as_posix()}"
    assert (path.parent / relative).resolve() == schema
    errors = [e.message for e in validator(schema.name).iter_errors(load(path))]
    assert errors == []


def test_schemas_are_draft_07_with_definitions_and_field_descriptions():
    schema = json.loads((ROOT / "schemas" / "comments.schema.json").read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema)
    assert schema["properties"]["stakeholder"]["description"] == "Roster id from cm.yaml."
    edits = schema["definitions"]["Comment"]["properties"]["proposal"]["anyOf"][0]["items"]
    assert edits == {"oneOf": [{"$ref": f"#/definitions/{name}"}
                               for name in ("ReplaceEdit", "InsertEdit", "DeleteEdit", "InsertSectionEdit")]}


COMMENT = {"stakeholder": "lao-pdr", "comments": [{"id": "LAO-9", "target": "principles.3", "text": "t"}]}


@pytest.mark.parametrize("change, expected", [
    (lambda c: c["comments"][0].update(targte="x"), "Additional properties are not allowed ('targte' was unexpected)"),
    (lambda c: c["comments"][0].update(id="LAO 9"), "'LAO 9' does not match '^[A-Za-z0-9][A-Za-z0-9._\\\\-]*$'"),
    (lambda c: c.update(state="sent"), "'sent' is not one of ['submitted', 'no-comments', 'reviewing']"),
    (lambda c: c["comments"][0].update(proposal=[{"swap": "a"}]), "{'swap': 'a'} is not valid under any of the given schemas"),
    (lambda c: c["comments"][0].update(response={"decision": "accept"}), "'accept' is not one of ['accepted', 'partially', 'rejected', 'noted']"),
])
def test_comment_schema_refuses_what_the_loader_refuses(change, expected):
    data = json.loads(json.dumps(COMMENT))
    change(data)
    assert expected in messages(validator("comments.schema.json").iter_errors(data))


def messages(errors) -> list[str]:
    """Every message, with those of the branches of anyOf/oneOf (what an editor shows on hover)."""
    found = []
    for error in errors:
        found.append(error.message)
        found.extend(messages(error.context or []))
    return found


def test_draft_schema_refuses_an_unquoted_section_number():
    data = {"id": "d", "title": "T", "version": "1", "sections": [{"id": "s", "number": 5.1, "title": "S"}]}
    assert [e.message for e in validator("draft.schema.json").iter_errors(data)] == ["5.1 is not of type 'string'"]
