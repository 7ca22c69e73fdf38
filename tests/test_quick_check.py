"""quick_check: a check that redoes only what changed words can touch gives a full check's problems.

Each case fills the record with a full check of the example project, given problems of each
origin (a project-wide one, one of a file's own texts), changes it as a secretariat does, and
compares the quick check field by field with a full check of a fresh load. Where the quick check
cannot be trusted it must say so (None), and `cm validate` then checks in full.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

import pytest
from conftest import copy_example

from commentmatrix.cli import app
from commentmatrix.quick_check import full_check
from commentmatrix.quick_check import quick_check as quick_problems
from commentmatrix.read.check_record import RECORD_FOLDER, RECORD_FORMAT, load_since, read_record, store_record
from commentmatrix.read.documents import cache_folder
from commentmatrix.read.loader import load_project

LAO = "comments/lao-pdr.yaml"  # clean: the file the secretariat writes in
CI = "comments/ci.yaml"  # holds a project-wide problem: a target not in the draft
SEI = "comments/sei.yaml"  # holds a problem of its own text: a hidden character
LAO_WORDS = "use “NGOs” for short"


def fields(problems):
    return [(d.path, d.line, d.column, d.severity, d.rule, d.message, d.hint) for d in problems]


def full(root: Path):
    """A full check's problems, its record kept (as cm validate does)."""
    checked = full_check(load_project(root))
    store_record(root, checked.record)
    return fields(checked.problems)


def quick_check(root: Path):
    """The quick check cm validate takes, its record kept; None where it checks in full."""
    record = read_record(root)
    checked = quick_problems(record, load_since(root, record)) if record is not None else None
    if checked is not None:
        store_record(root, checked.record)
    return checked


def replace_in(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def example_with_problems(destination: Path) -> Path:
    """The example with a problem of each origin: a project-wide one in ci.yaml (a target not in
    the draft), one of its own text in sei.yaml (a hidden character); lao-pdr.yaml clean."""
    root = copy_example(destination)
    replace_in(root, CI, "    target: general", "    target: no-such-paragraph")
    replace_in(root, SEI, "  - id: SEI-2\n    target: priority-areas\n    text:\n      en: ",
               "  - id: SEI-2\n    target: priority-areas\n    text:\n      en: \u202e")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = example_with_problems(tmp_path / "example")
    problems = full(root)
    assert {(d[0], d[4]) for d in problems} >= {(CI, "unknown-target"), (SEI, "hidden-character")}
    assert not [d for d in problems if d[0] == LAO]
    return root


def assert_quick_equals_full(root: Path) -> list:
    quick = quick_check(root)
    assert quick is not None, "only words changed: the quick check should have been taken"
    found = fields(quick.problems)
    assert found == full(root)
    return found


def test_a_words_change_is_checked_quickly_and_the_next_one_too(project):
    replace_in(project, LAO, LAO_WORDS, "use, as the delegation wrote, “NGOs” for short")
    assert_quick_equals_full(project)
    full_record = quick_check(project)  # nothing changed since: the record the quick check kept stands
    assert full_record is not None
    replace_in(project, LAO, "as the delegation wrote,", "as the delegation\n        wrote over two lines,")
    assert_quick_equals_full(project)


# YAML holds a control character only escaped, in double quotes: as cm import writes them.
@pytest.mark.parametrize("words", ["use\u202e “NGOs” for short", '"use\\a “NGOs” for short"', '"use\\x85 “NGOs” for short"'],
                         ids=["bidi control", "control", "C1 control"])
def test_words_that_bring_a_hidden_or_control_character_are_found_quickly(project, words):
    replace_in(project, LAO, LAO_WORDS, words)
    found = assert_quick_equals_full(project)
    assert any(d[0] == LAO for d in found)


def test_a_file_s_own_text_problem_moves_with_its_words(project):
    before = [d for d in full(project) if d[0] == SEI]
    replace_in(project, SEI, "      en: Suggest to develop", "      en: >-\n        A line before.\n        Suggest to develop")
    after = [d for d in assert_quick_equals_full(project) if d[0] == SEI]
    assert [d[1] for d in after] != [d[1] for d in before]  # the hidden character is a line further down


def test_words_of_a_file_with_a_project_wide_problem_are_checked_in_full(project):
    replace_in(project, CI, "Coherence of words", "Coherence of the words")
    assert quick_check(project) is None


def test_a_file_named_by_another_file_s_problem_is_checked_in_full(project):
    # A duplicate id's error names the line of its first use: words moving that line change it.
    replace_in(project, "comments/tnc.yaml", "  - id: TNC-1", "  - id: LAO-3\n    target: general\n    text: again\n  - id: TNC-1")
    assert any(LAO in d[5] for d in full(project))
    replace_in(project, LAO, LAO_WORDS, "use\n        “NGOs” for short")
    assert quick_check(project) is None


# Answers are checked quickly where nothing else reads them (tests/test_quick_check_answers.py),
# and on the texts their replaces touch (tests/test_quick_edits.py).
@pytest.mark.parametrize("old, new", [
    ("    target: general", "    target: background"),
    ("      - replace: non-governmental organizations", "      - replace: non-governmental organisations"),
    ("    topic: wording", "    topic: words"),
], ids=["a target", "an edit", "a topic"])
def test_anything_but_words_is_checked_in_full(project, old, new):
    replace_in(project, LAO, old, new)
    assert quick_check(project) is None


def test_a_note_emptied_is_checked_quickly(project):
    # "Rejected without a note" asks whether a note is empty: the answer rules run again on the file.
    replace_in(project, LAO, "        en: Accepted", "        en: ''")
    assert_quick_equals_full(project)


def test_a_broken_new_or_deleted_file_or_a_changed_draft_is_checked_in_full(project):
    draft = next((project / "drafts").glob("*.yaml")).relative_to(project).as_posix()
    changes = [
        lambda: (project / LAO).write_text((project / LAO).read_text(encoding="utf-8") + "  - [unclosed\n", encoding="utf-8"),
        lambda: (project / "comments" / "new.yaml").write_text("stakeholder: tnc\ncomments: []\n", encoding="utf-8"),
        lambda: (project / "comments" / "new.yaml").unlink(),
        lambda: replace_in(project, draft, "title:", "title: "),
    ]
    for change in changes:
        full(project)
        change()
        assert quick_check(project) is None


def test_a_record_edited_in_the_cache_folder_is_not_trusted(project):
    records = list((cache_folder() / RECORD_FOLDER).glob("*.record"))
    mine = max(records, key=os.path.getmtime)
    signed = mine.read_bytes()
    written = f'"format": {RECORD_FORMAT},'.encode()
    assert written in signed
    mine.write_bytes(signed.replace(written, written.replace(b",", b" ,"), 1))  # the same JSON, other bytes
    replace_in(project, LAO, LAO_WORDS, "use “NGOs”, for short")
    assert quick_check(project) is None


def test_random_words_changes_give_a_full_check_s_problems(project):
    chooser = random.Random(19)
    taken = 0
    for _ in range(16):
        name = chooser.choice([LAO, SEI])
        text = (project / name).read_text(encoding="utf-8")
        words = [w for w in re.findall(r"(?m)^      (?:en|zh): (.{12,})$", text) if not w.startswith(("'", '"', "|", ">"))]
        old = chooser.choice(words)
        cut = chooser.randrange(1, len(old))
        new = old[:cut] + chooser.choice(["", " more", "\u200b", "，另", "\u202e", "\n        and a line"]) + old[cut:]
        (project / name).write_text(text.replace(old, new, 1), encoding="utf-8")
        quick = quick_check(project)
        if quick is not None:
            taken += 1
            assert fields(quick.problems) == full(project), f"after changing {name}: {old!r} -> {new!r}"
        else:
            full(project)  # not only words (a proposal's text, say): checked in full
    assert taken >= 8


def test_cm_validate_prints_the_same_whichever_check_it_took(runner, project):
    replace_in(project, LAO, LAO_WORDS, "use “NGOs” for short, always")
    assert quick_check(project) is not None
    quick = runner.invoke(app, ["validate", "-C", str(project), "--format", "json"])
    records = cache_folder() / RECORD_FOLDER
    for record in records.glob("*.record"):
        record.unlink()
    slow = runner.invoke(app, ["validate", "-C", str(project), "--format", "json"])
    assert (quick.exit_code, quick.output) == (slow.exit_code, slow.output)
    assert quick.exit_code == 1 and '"rule": "unknown-target"' in quick.output


def test_a_project_loaded_whole_gives_the_same_quick_problems(project):
    # cm status loads every file (it prints their words) and takes its counts the quick way.
    from commentmatrix.read.check_record import loaded_since

    replace_in(project, SEI, "      en: Suggest to develop", "      en: >-\n        A line before.\n        Suggest to develop")
    record = read_record(project)
    checked = quick_problems(record, loaded_since(load_project(project), record))
    assert checked is not None
    assert fields(checked.problems) == full(project)


def test_cm_status_counts_the_same_whichever_check_it_took(runner, project):
    args = ["status", "-C", str(project), "--json", "--today", "2017-09-01"]
    runner.invoke(app, args)
    replace_in(project, LAO, LAO_WORDS, "use “NGOs” for short, please")
    replace_in(project, SEI, "      en: Suggest to develop", "      en: >-\n        A line before.\n        Suggest to develop")
    assert quick_check(project) is not None
    quick = runner.invoke(app, args)
    for record in (cache_folder() / RECORD_FOLDER).glob("*.record"):
        record.unlink()
    slow = runner.invoke(app, args)
    assert (quick.exit_code, quick.output) == (slow.exit_code, slow.output)
    assert json.loads(quick.output)["validation"] == {"errors": 2, "warnings": 0}  # the target and the hidden character


def test_a_full_cm_validate_keeps_cm_status_s_facts_where_it_counted_before(runner, project, monkeypatch):
    from commentmatrix import status_facts

    count, counted = status_facts.status_facts, []
    monkeypatch.setattr(status_facts, "status_facts", lambda loaded: counted.append(loaded) or count(loaded))
    args = ["status", "-C", str(project), "--json", "--today", "2017-09-01"]
    assert runner.invoke(app, ["validate", "-C", str(project)]).exit_code == 1  # the example's two errors
    assert counted == []  # a first check (CI's) counts nothing for a cm status that may never come
    runner.invoke(app, args)
    draft = next((project / "drafts").glob("*.yaml")).relative_to(project).as_posix()
    replace_in(project, draft, "title:", "title: ")  # a draft changed: checked in full
    runner.invoke(app, ["validate", "-C", str(project)])
    counted.clear()
    quick = runner.invoke(app, args)
    assert counted == []  # counted from the facts the full check kept
    for record in (cache_folder() / RECORD_FOLDER).glob("*.record"):
        record.unlink()
    slow = runner.invoke(app, args)
    assert len(counted) == 1
    assert (quick.exit_code, quick.output) == (slow.exit_code, slow.output)
