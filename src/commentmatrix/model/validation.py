"""Checking data against the format's models, with pydantic's errors handed on as plain values.

Only the model folder imports pydantic; the reader turns these errors into Diagnostics with
their file positions (read/field_errors.py).
"""

from __future__ import annotations

from typing import Any, TypedDict, TypeVar

from pydantic import BaseModel, ValidationError

from commentmatrix.model.format import ID_PATTERN, TEXT_REFUSED, id_error, text_error

FileModel = BaseModel  # the models a whole file is checked against (ProjectConfig, Draft, CommentFile)
M = TypeVar("M", bound=BaseModel)


class FieldError(TypedDict, total=False):
    """One problem: where in the data (`loc`), its kind (`type`), pydantic's words, the value."""

    loc: tuple[int | str, ...]
    type: str
    msg: str
    input: Any
    ctx: dict[str, Any]


def validate(model: type[M], data: Any) -> tuple[M | None, list[FieldError]]:
    """`data` as `model`, or None and every problem found."""
    try:
        return model.model_validate(data), []
    except ValidationError as exc:
        return None, [_error(e) for e in exc.errors(include_url=False)]


def _error(e: Any) -> FieldError:
    kind, msg, ctx = e["type"], e["msg"], dict(e.get("ctx") or {})
    # Texts and ids are checked natively by pydantic-core, which says only that the value does not
    # fit: the format's own words, naming what is wrong, are put in here (model/format.py).
    if kind == TEXT_REFUSED:
        kind, msg, ctx = text_error(e.get("input"))
    elif kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        kind, msg, ctx = id_error(e.get("input"))
    return FieldError(loc=tuple(e["loc"]), type=kind, msg=msg, input=e.get("input"), ctx=ctx)
