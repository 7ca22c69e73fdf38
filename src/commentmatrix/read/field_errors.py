"""Pydantic's complaints about a file, as Diagnostics at the lines they are about, in plain words.

The model (model/validation.py) says what is wrong and where in the data; this module knows
where that is in the file (line and column from the reader) and how to say it to a person,
with a hint where one helps: an unquoted `5.10` is the number 5.1, a `no` is not a yes/no
question here, a mistyped field name has a close one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from commentmatrix.model.diagnostics import Diagnostic, error
from commentmatrix.model.format import all_field_names
from commentmatrix.model.positions import SourceDocument
from commentmatrix.model.suggestions import closest, did_you_mean
from commentmatrix.model.validation import FieldError

_FIELD_NAMES = sorted(all_field_names())


def field_diagnostics(errors: list[FieldError], doc: SourceDocument) -> list[Diagnostic]:
    """Pydantic's errors as Diagnostics at the lines they are about, in plain words."""
    found = []
    for item in errors:
        loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and part.endswith("-edit")))
        field = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
        kind = item["type"]
        message, hint, at_key = item["msg"], None, False
        if kind == "extra_forbidden":
            at_key = True
            message = f"unknown field '{field}'"
            near = closest(field, _FIELD_NAMES, cutoff=0.7)
            hint = f"did you mean '{near}'?" if near else "see docs/format.md for the fields of each file"
        elif kind == "missing":
            message = f"missing required field '{field}'"
        elif kind in ("string_type", "date_type", "list_type", "dict_type", "model_type", "int_type", "bool_type"):
            wanted = {"string_type": "text", "date_type": "a date (YYYY-MM-DD)", "list_type": "a list",
                      "dict_type": "a mapping", "model_type": "a mapping of fields",
                      "int_type": "a whole number", "bool_type": "true or false"}[kind]
            raw = doc.raw_scalar(loc)
            message = f"'{field}' must be {wanted}, found {_describe(item.get('input'), raw)}"
            if kind == "string_type" and isinstance(item.get("input"), (int, float)) and not isinstance(item.get("input"), bool):
                hint = f'quote it: {field}: "{raw}" (unquoted, YAML reads {raw} as a number)'
            elif kind == "string_type" and isinstance(item.get("input"), (dt.date, dt.datetime)):
                hint = f'quote it: {field}: "{raw}" (unquoted, YAML reads {raw} as a date)'
            elif kind == "string_type" and isinstance(item.get("input"), bool):
                hint = f'quote it: {field}: "{raw}" (unquoted, YAML reads {raw} as a yes/no value)'
        elif kind in ("text_type", "text_value"):
            raw = doc.raw_scalar(loc)
            found_value = item.get("ctx", {}).get("found", "")
            message = f"'{field}' must be text (a string, or a mapping of language codes to strings), found {found_value}"
            if kind == "text_value":
                message = f"'{field}': {item['msg']}"
            if isinstance(item.get("input"), (int, float)) and raw:
                hint = f'quote it: {field}: "{raw}"'
        elif kind == "literal_error":
            expected = item.get("ctx", {}).get("expected", "")
            options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",") if o.strip()]
            message = f"'{field}' cannot be {_describe(item.get('input'), doc.raw_scalar(loc))}: use one of {', '.join(options)}"
            if isinstance(item.get("input"), str):
                hint = did_you_mean(item["input"], options)
        elif kind in ("too_short", "string_too_short"):
            message = f"'{field}' must not be empty"
        else:
            message = f"'{field}': {message}" if field and not message.startswith(("the ", "an ", "expected")) else message
        line, column = doc.position(loc, key=at_key)
        found.append(error(doc.path, line, column, _RULES.get(kind, "wrong-value"), message, hint))
    return found


_RULES = {
    "string_type": "wrong-type", "date_type": "wrong-type", "list_type": "wrong-type", "dict_type": "wrong-type",
    "model_type": "wrong-type", "int_type": "wrong-type", "bool_type": "wrong-type",
    "text_type": "wrong-type", "text_value": "wrong-type", "text_empty": "wrong-type",
    "extra_forbidden": "unknown-field",
    "missing": "missing-field",
    "literal_error": "wrong-value",
    "string_too_short": "wrong-value",
    "id_format": "bad-id",
    "edit_kind": "bad-edit",
    "insert_place": "bad-edit",
    "no_draft": "missing-field",
}


def _describe(value: Any, raw: str) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {raw or value}"
    if isinstance(value, bool):
        return f"'{raw or str(value).lower()}' (read as {str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"the number {raw or value}"
    if isinstance(value, str):
        return f"'{value}'"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"'{value}'"
