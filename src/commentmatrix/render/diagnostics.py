"""Diagnostics as text for people, JSON for scripts, GitHub workflow annotations, and SARIF.

Formatters sit in a plain dict keyed by name. Each returns the whole output as a string, so
the CLI prints it with plain stdout: rich would wrap long lines and eat `[...]`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from commentmatrix import __version__
from commentmatrix.model.diagnostics import Diagnostic, counts

JSON_FORMAT_VERSION = 1


def _shown(path: str, prefix: str) -> str:
    return f"{prefix}/{path}" if prefix else path


def format_text(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    lines = []
    for d in diagnostics:
        where = f"{_shown(d.path, prefix)}:{d.line}:{d.column}" if d.line else _shown(d.path, prefix)
        lines.append(f"{where}: [{d.severity.value}] {d.message} ({d.rule})")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    lines.append(summary_line(diagnostics, files))
    return "\n".join(lines) + "\n"


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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def format_github(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    """One workflow command per problem, so a pull request shows each on its line.

    GitHub shows only the first ten annotations of each kind per step; the plain lines that
    follow keep every problem in the log.
    """
    lines = []
    for d in diagnostics:
        props = [f"file={_escape_property(_shown(d.path, prefix))}"]
        if d.line:
            props += [f"line={d.line}", f"col={d.column}"]
        props.append(f"title={_escape_property(f'cm {d.rule}')}")
        message = d.message + (f"\nhint: {d.hint}" if d.hint else "")
        lines.append(f"::{d.severity.value} {','.join(props)}::{_escape_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "") + format_text(diagnostics, files, prefix)


def github_step_summary(diagnostics: list[Diagnostic], files: int, prefix: str = "") -> str:
    """A Markdown table for $GITHUB_STEP_SUMMARY: every problem, not only the first ten."""
    lines = ["## cm validate", "", summary_line(diagnostics, files), ""]
    if diagnostics:
        lines += ["| Location | Severity | Rule | Message |", "| --- | --- | --- | --- |"]
        for d in diagnostics:
            where = f"{_shown(d.path, prefix)}:{d.line}:{d.column}" if d.line else _shown(d.path, prefix)
            message = (d.message + (f" (hint: {d.hint})" if d.hint else "")).replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{where}` | {d.severity.value} | {d.rule} | {message} |")
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
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATTERS: dict[str, Callable[[list[Diagnostic], int, str], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
    "sarif": format_sarif,
}
