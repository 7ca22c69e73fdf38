"""The `cm` command line: each command parses options, calls the core once, prints, and exits.

Commands live in one module per group; importing them registers them on `commands` (cli/common.py), which `app` runs.
Exit codes (documented in the README): 0 clean, 1 problems found, 2 usage error (including
"no project here"), 3 unexpected internal error, 130 interrupted.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import sys

from commentmatrix.cli import (  # noqa: F401  (registers stakeholder, add, respond, show, init, triage)
    assign,
    check,
    ci,
    draft,
    edit,
    exchange,
    groups,
    init,
    letters,
    matrix,
    rounds,
    triage,
)
from commentmatrix.cli.common import app
from commentmatrix.model.collector import set_for_a_short_run

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
    set_for_a_short_run()
    _watch_stdout()
    _replace_what_the_console_cannot_show()
    # SIGTERM (kill, a CI timeout) unwinds like Ctrl-C, so a write in progress removes its
    # temporary file and the target stays as it was.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        try:
            app(standalone_mode=True)
        finally:
            # What is still buffered is written now, while a failure can be reported, not by
            # the interpreter on its way out (which prints "Exception ignored" and exits 120).
            sys.stdout.flush()
    except KeyboardInterrupt:
        print("cm: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:
        if isinstance(exc, OSError) and exc is _WatchedStdout.failure:
            _cannot_write_stdout(exc)
        if os.environ.get("CM_DEBUG"):
            raise
        print(f"cm: internal error: {type(exc).__name__}: {exc}\n"
              "This is a bug in cm, not in your files. Run again with CM_DEBUG=1 for details and report it.",
              file=sys.stderr)
        sys.exit(3)


class _WatchedStdout(io.FileIO):
    """Standard output's file descriptor, remembering the error a write to it met: a full disk,
    /dev/full, a closed pipe. An OSError that escapes a command is laid at stdout's door only
    when it is the one seen here."""

    failure: OSError | None = None

    def write(self, data, /):
        try:
            return super().write(data)
        except OSError as exc:
            _WatchedStdout.failure = exc
            raise


def _watch_stdout() -> None:
    """sys.stdout, the same text stream, written through _WatchedStdout."""
    stream = sys.stdout
    if not isinstance(stream, io.TextIOWrapper):
        return
    try:
        descriptor = stream.fileno()
        stream.flush()
    except (OSError, ValueError):
        return
    raw = _WatchedStdout(descriptor, "w", closefd=False)
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(raw), encoding=stream.encoding, errors=stream.errors,
                                  line_buffering=stream.line_buffering)


def _cannot_write_stdout(exc: OSError) -> None:
    """Exit 1 with the reason: the command's output did not arrive, which is no bug in cm. A
    reader that went away (`cm status | head -1`) is no news to anyone: exit 1 without a word."""
    if exc.errno != errno.EPIPE:
        print(f"cm: cannot write to standard output: {exc.strerror or exc}", file=sys.stderr)
    # What is left in the buffer goes nowhere, so the interpreter's own last flush succeeds.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    sys.exit(1)
