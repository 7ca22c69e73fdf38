"""Checking data against the format's models, with pydantic's errors handed on as plain values.

Only the model folder imports pydantic; the reader turns these errors into Diagnostics with
their file positions (read/field_errors.py).
"""

from __future__ import annotations

from typing import Any, TypedDict, TypeVar

from pydantic import BaseModel, ValidationError

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
        return None, [FieldError(loc=tuple(e["loc"]), type=e["type"], msg=e["msg"], input=e.get("input"),
                                 ctx=dict(e.get("ctx") or {})) for e in exc.errors(include_url=False)]
