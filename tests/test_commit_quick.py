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

from commentmatrix import quick_check, rules, status_facts
from commentmatrix.cli import app
from commentmatrix.model.project import CommentRef
from commentmatrix.quick_check import full_check
from commentmatrix.read.check_record import load_since, read_record
from commentmatrix.read.loader import load_project
from commentmatrix.write.project_edits import _edited_comment
from commentmatrix.write.transaction import EditRefused, commit


class FullChecks:
    """Counts rules.check_project and quick_check.full_check: the checks of a whole project."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        for module, name in ((rules, "check_project"), (quick_check, "full_check")):
            monkeypatch.setattr(module, name, self._counted(getattr(module, name)))

    def _counted(self, check):  # type: ignore[no-untyped-def]
        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            self.calls += 1
            return check(*args, **kwargs)
        return counted


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


@pytest.mark.parametrize("comment_id, in_full", [
    ("TNC-1", False),  # its inserts apply no more: the edits of their section are run again
    ("LAO-8", True),  # its new section's ids reach every section after it: every rule reading the revision runs
], ids=["new paragraphs", "a new section"])
def test_an_answer_whose_inserts_the_revised_draft_reads(project, runner, monkeypatch, comment_id, in_full):
    full(project)
    checks = FullChecks(monkeypatch)
    result = runner.invoke(app, ["respond", comment_id, "-C", str(project), "--decision", "noted", "--note", "Noted.",
                                  "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert (checks.calls > 0) == in_full


def test_after_an_answer_checked_in_full_cm_status_counts_through_the_record(project, runner, monkeypatch, tmp_path):
    count = status_facts.status_facts
    other = copy_example(tmp_path / "other")
    open_comment(other, "SEI-4")
    assert runner.invoke(app, ["status", "-C", str(project)]).exit_code == 0  # a record with status's facts
    answer = ["--decision", "noted", "--note", "Noted.", "--lang", "en"]
    assert runner.invoke(app, ["respond", "TNC-1", "-C", str(project), *answer]).exit_code == 0  # in full: inserts
    assert runner.invoke(app, ["respond", "TNC-1", "-C", str(other), *answer]).exit_code == 0
    counted: list[object] = []
    monkeypatch.setattr(status_facts, "status_facts", lambda loaded: counted.append(loaded) or count(loaded))
    quick = runner.invoke(app, ["status", "--json", "-C", str(project)])
    assert counted == []  # the full check of the answer kept the facts cm status counts
    monkeypatch.setenv("CM_CACHE_DIR", "off")  # the twin's record out of reach: counted in full
    slow = runner.invoke(app, ["status", "--json", "-C", str(other)])
    assert len(counted) == 1
    assert quick.exit_code == slow.exit_code == 0
    assert quick.stdout.replace(str(project), "ROOT") == slow.stdout.replace(str(other), "ROOT")


def test_an_answer_whose_replaces_the_revised_draft_reads_is_checked_on_their_texts(project, runner, monkeypatch):
    full(project)
    checks = FullChecks(monkeypatch)
    result = runner.invoke(app, ["respond", "LAO-1", "-C", str(project), "--decision", "noted", "--note", "Noted.",
                                  "--lang", "en"])
    assert result.exit_code == 0, result.stderr
    assert checks.calls == 0  # its proposal's replace is run again with the others in its text


# ---------------------------------------------------------------- an edit made on the project in part

class WholeLoads:
    """Counts the loads of the whole project from the disk (load_project without `skip`, and not
    the check's second load, with the changed files in memory)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import commentmatrix.read.loader as loader

        self.calls = 0
        load = loader.load_project

        def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
            if kwargs.get("skip") is None and len(args) < 2 and kwargs.get("files") is None:
                self.calls += 1
            return load(*args, **kwargs)

        monkeypatch.setattr(loader, "load_project", counted)


def twin(tmp_path: Path) -> Path:
    """The same project in another folder, with no record of its own: every edit on it is made on
    the whole project."""
    other = copy_example(tmp_path / "other")
    open_comment(other, "SEI-4")
    return other


def same_edit(runner, project: Path, other: Path, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    """The command on both projects: the same exit, output and files."""
    results = []
    for root in (project, other):
        result = runner.invoke(app, [*args, "-C", str(root)])
        results.append((result.exit_code, result.stdout.replace(str(root), "ROOT"), result.stderr.replace(str(root), "ROOT")))
    assert results[0] == results[1], args
    for path in sorted((project / "comments").glob("*.yaml")):
        if path.is_file():  # not a pipe a test put there
            assert path.read_bytes() == (other / "comments" / path.name).read_bytes(), path.name
    return results[0]


def test_a_response_whose_own_edit_does_not_apply_is_refused_without_the_whole_project(project, runner, monkeypatch,
                                                                                         tmp_path):
    # The old text is not in LAO-1's paragraph: the comment and the draft say so, whatever else.
    other = twin(tmp_path)
    full(project)
    loads = WholeLoads(monkeypatch)
    exit_code, _, stderr = same_edit(runner, project, other, "respond", "LAO-1", "--decision", "accepted",
                                     "--replace", "no such words", "--with", "others", "--edit-lang", "en")
    assert exit_code == 1 and "the old text 'no such words' is not in paragraph 'background.1'" in stderr
    assert loads.calls == 1  # the twin's, which has no record


def test_a_response_without_edits_reads_only_its_own_file(project, runner, monkeypatch, tmp_path):
    other = twin(tmp_path)
    full(project)
    loads = WholeLoads(monkeypatch)
    same_edit(runner, project, other, "respond", "SEI-4", "--decision", "noted", "--note", "Noted.")
    assert loads.calls == 1  # the twin's, which has no record
    # The record kept is of the project as written.
    record = read_record(project)
    assert load_since(project, record).changed == []
    assert fields(p for _, p in record.problems) == fields(full_check(load_project(project)).problems)


@pytest.mark.parametrize("args", [
    ["respond", "SEI-4", "--decision", "rejected"],  # a warning of its own
    ["respond", "SEI-3", "--decision", "noted", "--by", "Secretariat", "--date", "2017-09-02"],
    ["respond", "SEI-3", "--confirm"],
    ["assign", "SEI-4", "--to", "Ms Li", "--due", "2017-09-30"],
    ["assign", "SEI-4", "--clear"],
], ids=["a rejection", "a decision changed", "a confirmation", "an assignment", "an assignment cleared"])
def test_edits_of_one_comment_print_and_write_what_they_do_on_the_whole_project(project, runner, monkeypatch,
                                                                                tmp_path, args):
    other = twin(tmp_path)
    full(project)
    loads = WholeLoads(monkeypatch)
    exit_code, _, _ = same_edit(runner, project, other, *args)
    assert exit_code == 0
    assert loads.calls == 1  # only the twin's


@pytest.mark.parametrize("args", [
    ["respond", "SEI-9", "--decision", "noted"],  # no such comment: the hint names the project's ids
    ["respond", "LAO-8", "--decision", "noted", "--note", "Noted.", "--lang", "en"],  # its new section applies no more
], ids=["an unknown id", "a new section's decision"])
def test_what_one_file_cannot_settle_is_done_on_the_whole_project(project, runner, monkeypatch, tmp_path, args):
    other = twin(tmp_path)
    full(project)
    loads = WholeLoads(monkeypatch)
    same_edit(runner, project, other, *args)
    assert loads.calls == 2  # the project's own (after trying it in part) and the twin's


@pytest.mark.parametrize("args", [
    ["respond", "SEI-4", "--decision", "partially"],  # which part?
    ["respond", "SEI-4", "--decision", "acepted"],  # not a decision
    ["respond", "LAO-1", "--decision", "partially", "--take", "3"],  # it proposes two
    ["respond", "LAO-1", "--decision", "accepted", "--note", "Agreed."],  # its note is in en and zh: which?
], ids=["partially without edits", "a misspelt decision", "a proposed edit it does not have", "a note's language unsaid"])
def test_a_refusal_the_comment_alone_decides_is_made_in_part(project, runner, monkeypatch, tmp_path, args):
    other = twin(tmp_path)
    full(project)
    loads = WholeLoads(monkeypatch)
    exit_code, _, _ = same_edit(runner, project, other, *args)
    assert exit_code in (1, 2)
    assert loads.calls == 1  # the twin's, which has no record


def test_an_id_used_twice_is_found_where_the_whole_project_finds_it(project, runner, monkeypatch, tmp_path):
    other = twin(tmp_path)
    for root in (project, other):
        replace_in(root, "comments/tnc.yaml", "  - id: TNC-1", "  - id: SEI-4\n    target: general\n    text: again\n  - id: TNC-1")
    full(project)
    loads = WholeLoads(monkeypatch)
    same_edit(runner, project, other, "respond", "SEI-4", "--decision", "noted", "--note", "Noted.")
    assert loads.calls == 2


def test_a_file_changed_since_the_record_is_read_with_the_edit(project, runner, monkeypatch, tmp_path):
    other = twin(tmp_path)
    full(project)
    for root in (project, other):  # words in another file, and a target no draft has
        replace_in(root, "comments/ci.yaml", "    target: general", "    target: no-such-paragraph")
    loads = WholeLoads(monkeypatch)
    _, _, stderr = same_edit(runner, project, other, "respond", "SEI-4", "--decision", "noted", "--note", "Noted.")
    assert "still has 1 error(s)" in stderr
    assert loads.calls == 2  # a target changed since the record: checked on the whole project
    for root in (project, other):
        replace_in(root, SEI, "      en: Suggest to develop", "      en: Suggest, please, to develop")
    full(project)
    for root in (project, other):
        replace_in(root, "comments/ci.yaml", "Coherence of words", "Coherence of the words")
    loads.calls = 0
    same_edit(runner, project, other, "respond", "SEI-4", "--decision", "rejected", "--note", "No.")


def test_a_file_replaced_by_a_pipe_since_the_record_is_refused_not_waited_on(project, runner, monkeypatch, tmp_path):
    """The files that may name the comment are read as the loader reads them: a named pipe put
    where a comment file was (a hostile pull request) is refused, not read until a writer comes."""
    import contextlib
    import os
    import threading

    other = twin(tmp_path)
    full(project)
    for root in (project, other):
        (root / "comments" / "tnc.yaml").unlink()
        os.mkfifo(root / "comments" / "tnc.yaml")
    # Only a reader that waits for a writer would hang: after 60 s one comes, and the test fails.
    waited = threading.Event()

    def writer() -> None:
        waited.set()
        for root in (project, other):
            # A writer's end opened and closed: the waiting reader reads nothing, and goes on (on a
            # pipe no reader waits on, opening fails: nothing to free).
            with contextlib.suppress(OSError):
                os.close(os.open(root / "comments" / "tnc.yaml", os.O_WRONLY | os.O_NONBLOCK))

    guard = threading.Timer(60, writer)
    guard.daemon = True
    guard.start()
    try:
        same_edit(runner, project, other, "respond", "SEI-4", "--decision", "noted", "--note", "Noted.")
    finally:
        guard.cancel()
    assert not waited.is_set()
