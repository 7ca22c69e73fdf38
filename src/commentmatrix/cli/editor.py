"""`cm add --edit`: write a comment in $VISUAL / $EDITOR on a prepared YAML snippet."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from commentmatrix.model.errors import Refusal
from commentmatrix.write.project_edits import NewComment
from commentmatrix.write.snippet import comment_from_snippet, snippet_for
from commentmatrix.write.transaction import EditRefused


def comment_from_editor(project: Any, stakeholder: str, target: str, text: str | None, lang: str | None,
                        topic: str | None, proposal: list[dict], comment_id: str | None) -> NewComment:
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    snippet = snippet_for(project, stakeholder, target, text, lang, topic, proposal)
    handle, name = tempfile.mkstemp(prefix="cm-comment-", suffix=".yaml")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(snippet)
        finished = subprocess.run([*shlex.split(editor), str(path)], check=False)
        if finished.returncode != 0:
            raise Refusal(f"the editor ({editor}) exited with status {finished.returncode}; nothing was added")
        written = path.read_text(encoding="utf-8")
    finally:
        path.unlink(missing_ok=True)
    try:
        return comment_from_snippet(written, stakeholder, comment_id)
    except EditRefused as exc:
        # The snippet is the user's own text: say what is wrong with it and that nothing was kept.
        raise EditRefused(f"{exc.message}; nothing was added", hint=exc.hint) from None
