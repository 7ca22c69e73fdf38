"""Diagnostics as text for people, JSON for scripts, GitHub workflow annotations, and SARIF.

Formatters sit in a plain dict keyed by name. Each returns the whole output as a string, so
the CLI prints it with plain stdout: rich would wrap long lines and eat `[...]`.

Messages quote what the files hold (a decision, an id, a file name), so every line made of them
goes through model/inert.py: one line each, no control character a terminal or a CI runner
obeys. JSON and SARIF are JSON-escaped, with C1 controls and bidi controls as `\\u` escapes too.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from commentmatrix import __version__
from commentmatrix.model.diagnostics import Diagnostic, counts
from commentmatrix.model.inert import json_text, not_a_command, one_line, workflow_data, workflow_property
from commentmatrix.render.markdown import code as md_code
from commentmatrix.render.markdown import one_line as md_one_line

JSON_FORMAT_VERSION = 1


def _shown(path: str, prefix: str) -> str:
    return f"{prefix}/{path}" if prefix else path


def _where(d: Diagnostic, prefix: str) -> str:
    return f"{_shown(d.path, prefix)}:{d.line}:{d.column}" if d.line else _shown(d.path, prefix)


def text_lines(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> list[str]:
    """The plain report, line by line; a line feed inside a path, message or hint shows as `\\n`."""
    lines = []
    for d in diagnostics:
        lines.append(f"{one_line(_where(d, prefix))}: [{d.severity.value}] {one_line(d.message)} ({one_line(d.rule)})")
        if d.hint:
            lines.append(f"    hint: {one_line(d.hint)}")
    lines.append(summary_line(diagnostics, files))
    return lines


def format_text(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    return "\n".join(text_lines(diagnostics, files, prefix)) + "\n"


def summary_line(diagnostics: list[Diagnostic], files: int) -> str:
    errors, warnings = counts(diagnostics)
    checked = f"{files} file{'s' if files != 1 else ''} checked"
    if not diagnostics:
        return f"No problems: {checked}."
    parts = [f"{errors} error{'s' if errors != 1 else ''}", f"{warnings} warning{'s' if warnings != 1 else ''}"]
    return f"{', '.join(parts)} ({checked})."


def format_json(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    errors, warnings = counts(diagnostics)
    document = {
        "version": JSON_FORMAT_VERSION,
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "diagnostics": [
            {"path": _shown(d.path, prefix), "line": d.line, "column": d.column, "severity": d.severity.value,
             "rule": d.rule, "message": d.message, "hint": d.hint}
            for d in diagnostics
        ],
    }
    return json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


def format_github(diagnostics: list[Diagnostic], files: int, prefix: str = "", token: str | None = None) -> str:
    """One workflow command per problem, so a pull request shows each on its line, then the
    plain report between `::stop-commands::TOKEN` and `::TOKEN::`.

    GitHub shows only the first ten annotations of each kind per step; the plain lines that
    follow keep every problem in the log. The runner obeys no workflow command between the two
    fences, and the token is new and random on every run (`secrets.token_hex`), so no file can
    end the fence early. The values in the annotations are escaped as GitHub reads them, and a
    line feed inside a value shows as `\\n`: cm writes every line that starts with `::`.
    """
    lines = []
    for d in diagnostics:
        props = [f"file={workflow_property(_shown(d.path, prefix))}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.column}"]
        props.append(f"title={workflow_property(f'cm {d.rule}')}")
        message = workflow_data(d.message, *([f"hint: {d.hint}"] if d.hint else []))
        lines.append(f"::{d.severity.value} {','.join(props)}::{message}")
    fence = token or secrets.token_hex(16)
    lines.append(f"::stop-commands::{fence}")
    lines += [not_a_command(line) for line in text_lines(diagnostics, files, prefix)]
    lines.append(f"::{fence}::")
    return "\n".join(lines) + "\n"


def github_step_summary(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY: every problem, not only the first ten.
    Locations are code spans and messages escaped by render/markdown.py, so no file name or
    value breaks the table, mentions anyone or links anywhere."""
    lines = ["## cm validate", "", summary_line(diagnostics, files), ""]
    if diagnostics:
        lines += ["| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
        for d in diagnostics:
            message = md_one_line(one_line(d.message + (f" (hint: {d.hint})" if d.hint else "")))
            lines.append(f"| {md_code(_where(d, prefix))} | {d.severity.value} | {md_one_line(d.rule)} | {message} |")
    return "\n".join(lines) + "\n"


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
RULES_DOC = "docs/rules.md"


def format_sarif(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    """SARIF 2.1.0, for GitHub code scanning (upload with github/codeql-action/upload-sarif).

    Paths are relative to the checkout (%SRCROOT%) when cm runs at or above the project. A
    fingerprint of path, rule, message and occurrence (not the line) lets code scanning follow a
    problem when lines above it move.
    """
    rules = sorted({d.rule for d in diagnostics})
    index = {rule: i for i, rule in enumerate(rules)}
    results = []
    seen: dict[str, int] = {}
    for d in diagnostics:
        path = _shown(d.path, prefix)
        if PurePosixPath(path).is_absolute():
            artifact = {"uri": PurePosixPath(path).as_uri()}
        else:
            artifact = {"uri": quote(path), "uriBaseId": "%SRCROOT%"}
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        # Code scanning needs a line; a problem with the whole file is shown on its first line.
        region = {"startLine": d.line or 1, **({"startColumn": d.column} if d.line and d.column else {})}
        key = f"{path}\0{d.rule}\0{d.message}"
        seen[key] = seen.get(key, 0) + 1
        fingerprint = hashlib.sha256(f"{key}\0{seen[key]}".encode()).hexdigest()[:32]
        results.append({
            "ruleId": d.rule,
            "ruleIndex": index[d.rule],
            "level": d.severity.value,
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": artifact, "region": region}}],
            "partialFingerprints": {"commentmatrix/v1": fingerprint},
        })
    driver: dict[str, Any] = {
        "name": "commentmatrix",
        "version": __version__,
        "rules": [{"id": rule, "name": rule, "shortDescription": {"text": f"cm rule {rule} (see {RULES_DOC})"}}
                  for rule in rules],
    }
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0",
                "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}]}
    return json_text(json.dumps(document, ensure_ascii=False, indent=2)) + "\n"


FORMATTERS: dict[str, Callable[[list[Diagnostic], int, str], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}
