"""Every field of the format with every wrong type: exit 1, the error on the line of the value,
in plain words (no validator jargon), never a crash. Generated from the base project's own lines,
so a new field is covered as soon as the base project uses it."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import BASE

from commentmatrix.cli import app

WRONG = {"number": "12", "decimal": "5.10", "boolean": "true", "list": "[a, b]", "mapping": "{a: b}",
         "null": "~", "date": "2030-01-01", "empty": '""'}
# Wrong-looking values that are right: optional fields left empty, dates where dates belong, a
# decision not taken yet, empty texts (shown as empty).
ACCEPTED = {("deadline", "date"), ("deadline", "null"), ("received", "date"), ("received", "null"),
            ("decision", "null"), ("drafts/d1.yaml", "kind", "null"), ("lang", "null"), ("note", "null"), ("topic", "null"),
            ("insert", "empty"), ("name", "empty"), ("note", "empty"), ("number", "empty"), ("text", "empty"),
            ("title", "empty"), ("topic", "empty"), ("version", "empty"), ("with", "empty"), ("zh", "empty"),
            ("single_language", "boolean"), ("single_language", "null")}
JARGON = re.compile(r"should|Input|pydantic|type=|validation error|literal_|_type\b", re.IGNORECASE)
FIELD_LINE = re.compile(r"^(\s*(?:- )?)([a-z_]+): (.+)$")


def _variants():
    for name in ("cm.yaml", "drafts/d1.yaml", "comments/lao-pdr.yaml", "comments/tnc.yaml"):
        lines = (BASE / name).read_text(encoding="utf-8").splitlines(keepends=True)
        seen = set()
        for number, line in enumerate(lines, start=1):
            match = FIELD_LINE.match(line)
            if not match or match.group(2) in seen:
                continue
            seen.add(match.group(2))
            for kind, value in WRONG.items():
                changed = lines.copy()
                changed[number - 1] = f"{match.group(1)}{match.group(2)}: {value}\n"
                # Every field once in the fast loop; the whole sweep of wrong types in the full suite.
                sweep = () if kind == next(iter(WRONG)) else (pytest.mark.slow,)
                yield pytest.param(name, number, match.group(2), kind, "".join(changed), id=f"{name}:{match.group(2)}={kind}",
                                   marks=sweep)


@pytest.mark.parametrize("name, number, field, kind, content", list(_variants()))
def test_a_field_with_a_wrong_type_is_an_error_on_its_line(tmp_path, runner, monkeypatch, name, number, field, kind, content):
    project = tmp_path / "p"
    shutil.copytree(BASE, project)
    (project / name).write_text(content, encoding="utf-8")
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["validate"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    if (field, kind) in ACCEPTED or (name, field, kind) in ACCEPTED:
        assert result.exit_code == 0, result.stdout
        return
    assert result.exit_code == 1, f"{field}: {WRONG[kind]} was accepted"
    errors = [line for line in result.stdout.splitlines() if "[error]" in line]
    assert errors and all(re.match(r"^[\w/.-]+\.yaml:\d+:\d+: \[error\] ", line) for line in errors)
    ours = [line for line in errors if line.startswith(f"{name}:")]
    # Inner language keys of a text report at the text; a changed id can break a reference elsewhere.
    assert ours or field in ("id", "lang") or kind == "empty", result.stdout
    lines = {int(line.split(":")[1]) for line in ours}
    assert not ours or lines & {number, number - 1, number - 2}, (number, result.stdout)
    assert not JARGON.search(result.stdout), result.stdout
