"""The `cm` command line: each command parses options, calls the core once, prints, and exits.

Commands live in one module per group; importing them registers them on the shared app.
Exit codes (documented in the README): 0 clean, 1 problems found, 2 usage error (including
"no project here"), 3 unexpected internal error, 130 interrupted.
"""

from __future__ import annotations

import io
import os
import signal
import sys

from commentmatrix.cli import (  # noqa: F401  (registers stakeholder, add, respond, show, init, triage)
    check,
    ci,
    draft,
    edit,
    exchange,
    init,
    matrix,
    triage,
)
from commentmatrix.cli.common import app

__all__ = ["app", "main"]


def _terminated(signum, frame) -> None:
    print("cm: terminated", file=sys.stderr)
    sys.exit(128 + signum)


def _replace_what_the_console_cannot_show() -> None:
    """Any console encoding works: a character the console cannot encode (Thai on a cp1252
    Windows console, anything but ASCII under LANG=C with UTF-8 mode off) is written as `?`,
    never an error. `?` rather than a `\\u0e40` escape: it keeps one character per character, so
    tables stay near their width, and it cannot be mistaken for the backslashes of a Windows
    path in `file:line:col`. rich writes through these streams, so it follows (and draws its
    boxes in ASCII when the encoding is not UTF-8)."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors != "replace":
            stream.reconfigure(errors="replace")


def main() -> None:
    """Entry point: maps anything unexpected to exit 3 with a short message, never a traceback."""
    _replace_what_the_console_cannot_show()
    # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C, so a write in progress removes its
    # temporary file and the target stays as it was.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        print("cm: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("CM_DEBUG"):
            raise
        print(f"cm: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in cm, not in your files. Run again with CM_DEBUG=1 for details and report it.",
              file=sys.stderr)
        sys.exit(3)
