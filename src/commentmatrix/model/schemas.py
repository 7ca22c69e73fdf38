"""JSON Schemas of the project files, generated from the models the loader validates with.

Editors (VS Code's YAML extension, i.e. yaml-language-server) validate with draft-07, so the
schemas are draft-07: definitions under `definitions`, not pydantic's `$defs`. The schemas are
committed under schemas/ and the example files point at them with a modeline.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from commentmatrix.model.format import CommentFile, Draft, ProjectConfig

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMAS_DIR = "schemas"

#: file name -> (model, title, description)
SCHEMAS: dict[str, tuple[type[BaseModel], str, str]] = {
    "cm.schema.json": (ProjectConfig, "commentmatrix project (cm.yaml)",
                       "The consultation: title, languages, the draft under consultation, deadline and stakeholder roster."),
    "draft.schema.json": (Draft, "commentmatrix draft (drafts/*.yaml)",
                          "A draft under consultation: sections with numbered titles and paragraphs, each with a stable id."),
    "comments.schema.json": (CommentFile, "commentmatrix comment file (comments/*.yaml)",
                             "One stakeholder's comments on a draft, with the secretariat's responses."),
}


def build_schema(model: type[BaseModel], title: str, description: str) -> dict[str, Any]:
    generated = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = generated.pop("$defs", {})
    generated.pop("title", None)
    schema: dict[str, Any] = {"$schema": DRAFT_07, "title": title, "description": description, **generated}
    if definitions:
        schema["definitions"] = definitions
    return schema


def schema_files() -> dict[str, bytes]:
    """{file name: bytes} of every schema, byte-identical from run to run."""
    return {name: (json.dumps(build_schema(*spec), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            for name, spec in SCHEMAS.items()}
