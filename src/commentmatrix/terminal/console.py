"""The consoles cm prints through, made in one place so the CLI never touches rich itself."""

from __future__ import annotations

from rich.console import Console


def stdout_console() -> Console:
    # No file= argument: rich then finds sys.stdout when printing, so the test runner's capture
    # and a redirected stdout both work.
    return Console()
