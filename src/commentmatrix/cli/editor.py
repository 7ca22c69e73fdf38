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
    # A blank one is as if unset: split to nothing, the snippet itself was run as the program.
    editor = (os.environ.get("VISUAL") or "").strip() or (os.environ.get("EDITOR") or "").strip() or "vi"
    try:
        command = shlex.split(editor)
    except ValueError as exc:  # an unbalanced quote
        raise Refusal(f"$VISUAL or $EDITOR ({editor}) is not a command cm can run ({exc}); nothing was added") from None
    snippet = snippet_for(project, stakeholder, target, text, lang, topic, proposal)
    handle, name = tempfile.mkstemp(prefix="cm-comment-", suffix=".yaml")
    path = Path(name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(snippet)
        try:
            finished = subprocess.run([*command, str(path)], check=False)
        except OSError as exc:
            # No such program, or not one that can run: it was an internal error.
            raise Refusal(f"the editor ({editor}) could not be started ({exc.strerror or exc}); set $VISUAL or $EDITOR "
                          "to the editor to use (EDITOR=nano); nothing was added") from None
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
