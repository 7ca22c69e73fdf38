"""Where outputs go and how every file is written: whole or not at all.

Writes go to a temporary file beside the target, are flushed to disk, then renamed over it,
so a crash or Ctrl-C leaves the old file whole. Default outputs live in the project's build/
folder and never overwrite a source file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from commentmatrix.project import BUILD_DIR, COMMENTS_DIR, CONFIG_NAME, DRAFTS_DIR, TEMPLATES_DIR


class OutputRefused(Exception):
    """The output path would overwrite a project source file."""


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def default_output(root: Path, name: str) -> Path:
    """build/<name> under the project root: the README's one place for generated files."""
    return root / BUILD_DIR / name


def check_output(root: Path, path: Path) -> Path:
    """Refuse an output path that is a source file of the project (cm.yaml, drafts, comments, templates)."""
    resolved = path.resolve()
    sources = [root / CONFIG_NAME, root / DRAFTS_DIR, root / COMMENTS_DIR, root / TEMPLATES_DIR]
    for source in sources:
        source = source.resolve()
        if resolved == source or resolved.is_relative_to(source) and source.is_dir():
            raise OutputRefused(f"{path} is a source file of the project; write outputs elsewhere (default: {BUILD_DIR}/)")
    return resolved
