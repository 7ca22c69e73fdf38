"""Compiled templates kept in the cache folder, so that a command does not compile again the
templates that have not changed (templating.py hands Jinja's compiled code here and back).

Compiling the HTML matrix's four templates (Jinja's lexer and parser, its Python code generator,
then compile()) took about 25 ms of every command; loading their code back takes a tenth of a
millisecond. A compiled template is a marshalled code object, and that is code: whoever can
write in the cache folder (a shared or restored one) could plant an entry that runs anything.
An entry is therefore used only when it carries this user's HMAC, like a parse entry
(read/documents.py: read_signed, store_signed); one planted, edited, signed with another key or
not readable as code is ignored and the template compiled again, never an error.

An entry is named by everything its code comes from: the template's source, its name and file
(the code carries both, for error messages), the compiler's and Python's versions, and cm's code
(`code_fingerprint`), whose environment options (the sandbox's intercepted operators, trimming,
autoescape) the generated code depends on. A template edited is a new name, compiled at once.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from pathlib import Path
from types import CodeType

from commentmatrix.read.documents import cache_folder, code_fingerprint, read_signed, store_signed

ENTRY_FORMAT = 1
TEMPLATE_FOLDER = "templates"
# Compiled code is about six times the size of its source: an entry far larger is not read.
_BYTES_PER_CHARACTER = 32
_SLACK = 1024 * 1024


def compiled_folder() -> Path | None:
    """Where compiled templates are kept, beside the parse entries; None when the cache is off."""
    folder = cache_folder()
    return folder / TEMPLATE_FOLDER if folder is not None else None


def entry_key(name: str, filename: str | None, source: str, compiler: str) -> str:
    """The name of the entry of `source` (template `name` read from `filename`) as `compiler` compiles it."""
    described = f"{ENTRY_FORMAT}\0{compiler}\0{sys.version}\0{code_fingerprint()}\0{name}\0{filename}\0"
    digest = hashlib.blake2b(described.encode("utf-8", "surrogatepass"), digest_size=20)
    digest.update(source.encode("utf-8", "surrogatepass"))
    # Never the name of a parse entry (plain hex): a signature cannot be lifted from one to the other.
    return f"template-{digest.hexdigest()}"


def compiled(folder: Path, key: str, source_characters: int) -> CodeType | None:
    """The code kept under `key` if it is there and signed with this user's key; else None."""
    payload = read_signed(_path(folder, key), key, _SLACK + _BYTES_PER_CHARACTER * source_characters)
    if payload is None:
        return None  # none there, planted, edited, or signed with another key: compile again
    try:
        code = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None  # signed but not code this Python reads
    return code if isinstance(code, CodeType) else None


def keep_compiled(folder: Path, key: str, code: CodeType) -> None:
    """Keep `code` under `key`, signed (nothing is kept when the folder cannot be written)."""
    store_signed(_path(folder, key), key, marshal.dumps(code))


def _path(folder: Path, key: str) -> Path:
    return folder / f"{key}.bin"
