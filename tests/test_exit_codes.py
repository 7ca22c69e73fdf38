"""One error path: the same problem ends every command with the same exit code and words."""

from __future__ import annotations

import pytest

from commentmatrix.cli import app


def _run(runner, project, *args):
    return runner.invoke(app, [*args, "--project", str(project)])


@pytest.mark.parametrize("args", [
    ("add", "laos", "--target", "general", "--text", "x"),
    ("stakeholder", "state", "laos", "submitted"),
    ("status", "--stakeholder", "laos"),
    ("triage", "--stakeholder", "laos"),
    ("import", "docx", "reviewed.docx", "--stakeholder", "laos"),
    ("import", "table", "comments.csv", "--stakeholder", "laos"),
])
def test_an_unknown_stakeholder_is_a_usage_error_in_every_command(runner, example, args):
    result = _run(runner, example, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("cm: 'laos' is not in the roster")


@pytest.mark.parametrize("args", [
    ("show", "LAO-66"),
    ("respond", "LAO-66", "--decision", "noted"),
])
def test_an_unknown_comment_is_a_usage_error_with_a_suggestion(runner, example, args):
    result = _run(runner, example, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", "cm: there is no comment 'LAO-66'\n    hint: did you mean 'LAO-6'?\n")


@pytest.mark.parametrize("args", [
    ("render", "matrix", "--lang", "fr"),
    ("render", "draft", "--lang", "fr"),
    ("export", "review-copy", "--lang", "fr"),
    ("add", "lao-pdr", "--target", "general", "--text", "x", "--lang", "fr"),
])
def test_an_unknown_language_is_refused_in_the_same_words_everywhere(runner, example, args):
    result = _run(runner, example, *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == "cm: language 'fr' is not in cm.yaml's languages (en, zh)"


def test_no_project_is_a_usage_error_in_every_command(runner, tmp_path):
    for args in (("validate",), ("status",), ("render", "matrix"), ("respond", "X-1", "-d", "noted"),
                 ("import", "docx", "x.docx", "-s", "a"), ("diff",)):
        result = _run(runner, tmp_path, *args)
        assert (result.exit_code, result.stdout) == (2, ""), args
        assert result.stderr == (f"cm: no cm.yaml in {tmp_path.resolve()} or any folder above it; "
                                 "run cm inside a consultation project or pass --project DIR\n"), args


@pytest.mark.parametrize("args, message", [
    (("respond", "LAO-4", "--decision", "maybe"), "cm: the decision must be one of accepted, partially, rejected, noted, not 'maybe'\n"),
    (("stakeholder", "state", "lao-pdr", "answered"), "cm: the state must be one of submitted, no-comments, reviewing, not 'answered'\n"),
    (("stakeholder", "add", "wwf", "--name", "WWF", "--kind", "ngo"), "cm: the kind must be one of country, organization, other, not 'ngo'\n"),
    # A name in a language the project does not have was written as the name "lo=ລາວ".
    (("stakeholder", "add", "laos", "--name", "lo=ລາວ", "--kind", "country"),
     "cm: language 'lo' of --name lo=ລາວ is not in cm.yaml's languages (en, zh)\n"
     "    hint: add it to cm.yaml's languages first, or give the name in one of them\n"),
])
def test_a_value_outside_its_choices_is_a_usage_error(runner, example, args, message):
    before = {p: p.read_bytes() for p in sorted(example.rglob("*.yaml"))}
    result = _run(runner, example, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)
    assert {p: p.read_bytes() for p in sorted(example.rglob("*.yaml"))} == before


def test_a_refusal_quoting_an_argument_shows_its_escape_characters_inert(runner, example):
    result = _run(runner, example, "show", "LAO-6\x1b[2J\x1b]0;pwned\x07")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "cm: there is no comment 'LAO-6\\x1b[2J\\x1b]0;pwned\\x07'\n"
