"""The edit transaction checks through the last check's record (write/transaction.commit): where the
record is of the project as it is and an edit changes only words and answers no other comment
reads, the project before and after the edit is judged from the record and the changed file, as
`cm validate`'s quick check judges it; the record of the project as written is kept, so the next
command finds nothing changed. Everywhere, an edit is refused or written exactly as with a full
check."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_example
from test_quick_check import SEI, fields, full, replace_in

from commentmatrix import rules
from commentmatrix.cli import app
from commentmatrix.model.project import CommentRef
from commentmatrix.quick_check import full_check
from commentmatrix.read.check_record import load_since, read_record
from commentmatrix.read.loader import load_project
from commentmatrix.write.project_edits import _edited_comment
from commentmatrix.write.transaction import EditRefused, commit


class FullChecks:
    """Counts rules.check_project: the check of a whole project."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        check = rules.check_project

        def counted(project):  # type: ignore[no-untyped-def]
            self.calls += 1
            return check(project)

        monkeypatch.setattr(rules, "check_project", counted)


def open_comment(root: Path, comment_id: str) -> None:
    """The comment's response taken away: it is open."""
    text = (root / SEI).read_text(encoding="utf-8")
    start = text.index(f"  - id: {comment_id}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    block = text[start:end]
    block = block[:block.index("    response:\n")]
    (root / SEI).write_text(text[:start] + block + text[end:], encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = copy_example(tmp_path / "example")
    open_comment(root, "SEI-4")
    monkeypatch.setenv("CM_TODAY", "2017-09-01")
    return root


def respond(runner, root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["respond", "SEI-4", "-C", str(root), *args])


def test_a_response_is_checked_through_the_record_and_the_record_kept(project, runner, monkeypatch):
    full(project)
    checks = FullChecks(monkeypatch)
    result = respond(runner, project, "--decision", "rejected")  # without a note: a warning of its own
    assert result.exit_code == 0, result.stderr
    assert checks.calls == 0
    assert "rejected-without-note" in result.stdout
    # The record is of the project as written: nothing changed since, and it says what a full check does.
    record = read_record(project)
    since = load_since(project, record)
    assert since.changed == []
    assert fields(p for _, p in record.problems) == fields(full_check(load_project(project)).problems)


def test_a_response_prints_and_writes_the_same_with_the_record_or_without(project, runner, tmp_path, monkeypatch):
    other = copy_example(tmp_path / "other")
    open_comment(other, "SEI-4")
    full(project)  # a record for the one, none for the other (its own folder)
    checks = FullChecks(monkeypatch)
    quick = respond(runner, project, "--decision", "rejected", "--by", "Secretariat")
    assert checks.calls == 0
    slow = respond(runner, other, "--decision", "rejected", "--by", "Secretariat")
    assert checks.calls > 0
    assert (quick.exit_code, quick.stdout.replace(str(project), "ROOT"), quick.stderr) == \
        (slow.exit_code, slow.stdout.replace(str(other), "ROOT"), slow.stderr)
    assert (project / SEI).read_bytes() == (other / SEI).read_bytes()


def test_an_answer_that_adds_an_error_is_refused_through_the_record(project, monkeypatch):
    full(project)
    loaded = load_project(project)
    source = next(s for s in loaded.comment_sources if s.path == SEI)
    index = next(i for i, c in enumerate(source.file.comments) if c.id == "SEI-4")
    raw = (project / SEI).read_bytes()

    def partially(comment) -> None:  # type: ignore[no-untyped-def]
        comment["response"] = {"decision": "partially"}  # and no edits saying which part

    change = _edited_comment(loaded, CommentRef(source, index), raw, partially)
    checks = FullChecks(monkeypatch)
    with pytest.raises(EditRefused) as refused:
        commit(loaded, [change])
    assert checks.calls == 0
    assert [d.rule for d in refused.value.diagnostics] == ["partially-without-edits"]
    assert (project / SEI).read_bytes() == raw  # nothing written


def test_without_a_current_record_the_whole_project_is_checked(project, runner, monkeypatch):
    full(project)
    replace_in(project, "comments/ci.yaml", "    target: general", "    target: no-such-paragraph")  # since the record
    checks = FullChecks(monkeypatch)
    result = respond(runner, project, "--decision", "noted", "--note", "Noted.")
    assert result.exit_code == 0, result.stderr
    assert checks.calls > 0  # the record is not of the project as it was: the check is in full
    assert "still has 1 error(s) this command did not cause" in result.stderr


def test_an_answer_the_revised_draft_reads_is_checked_in_full(project, runner, monkeypatch):
    full(project)
    checks = FullChecks(monkeypatch)
    result = runner.invoke(app, ["respond", "LAO-1", "-C", str(project), "--decision", "noted", "--note", "Noted.",
                                  "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert checks.calls > 0  # its proposal applies no more: every rule reading the revision runs
