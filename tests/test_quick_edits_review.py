"""quick_edits.py held to a full check on the cases a review suspected: a decision that moves
another file's replace (cm respond loads that file when it names the comment), section scopes
with titles, deleted and inserted paragraphs, texts of no language, rounds, groups, and several
quick steps in a row. Each compares the quick check (or the cm status counted from the facts it
carried forward) with a full check of a fresh load.

The project is small and written here, so that each case says which texts its replaces share.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from test_quick_check import fields, full, quick_check, replace_in
from test_quick_check_answers import fresh
from test_quick_edits import recounted, status

from commentmatrix.cli import app

CONFIG = """
    title: Water plan
    languages: [en, zh]
    draft: d1
    deadline: 2030-01-31
    stakeholders:
      - id: a
        name: A
        kind: country
      - id: b
        name: B
        kind: country
      - id: c
        name: C
        kind: country
    """

DRAFT = """
    id: d1
    title: {en: Plan, zh: 计划}
    version: "1"
    sections:
      - id: s1
        number: "1"
        title: {en: The river basin, zh: 流域}
        paragraphs:
          - id: p1
            text: {en: The river feeds people., zh: 河养人。}
          - id: p2
            text: {en: The lake is large and the river is long., zh: 湖很大，河很长。}
        sections:
          - id: s1.1
            number: "1.1"
            title: {en: Fish of the river basin, zh: 鱼}
            paragraphs:
              - id: p3
                text: {en: Fish swim upstream., zh: 鱼逆流而上。}
      - id: s2
        number: "2"
        title: {en: Other, zh: 其他}
        paragraphs:
          - id: p4
            text: Plain words of the river.
          - id: p5
            text: {en: Large fish and a large lake., zh: 大鱼大湖。}
    """


def comment(comment_id: str, target: str, edits: str, decision: str | None, text: str = "Please.",
            extra: str = "", excused: bool = True) -> str:
    """A comment's YAML (at the indentation of a file's `comments:`) proposing `edits` (YAML of
    the list's items, at column 0); a response `excused` of one-language edits."""
    block = f"- id: {comment_id}\n  target: {target}\n  text: {text}\n{extra}  proposal:\n"
    block += textwrap.indent(textwrap.dedent(edits).strip("\n"), "    ") + "\n"
    if decision is not None:
        block += f"  response:\n    decision: {decision}\n    note: Seen.\n" + ("    single_language: true\n" if excused else "")
    return block


def write(root: Path, files: dict[str, list[str]], config: str = CONFIG) -> Path:
    """The project with these comment files ({name under comments/: its comments' YAML})."""
    (root / "drafts").mkdir(parents=True, exist_ok=True)
    (root / "comments").mkdir(exist_ok=True)
    (root / "cm.yaml").write_text(textwrap.dedent(config).lstrip(), encoding="utf-8")
    (root / "drafts" / "d1.yaml").write_text(textwrap.dedent(DRAFT).lstrip(), encoding="utf-8")
    for name, comments in files.items():
        body = "".join(textwrap.indent(c, "  ") for c in comments)
        path = root / "comments" / f"{name}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"stakeholder: {Path(name).name}\nstate: submitted\ncomments:\n{body}", encoding="utf-8")
    return root


def decide(root: Path, file: str, comment_id: str, old: str, new: str) -> None:
    """The comment's decision `old` made `new`, by hand."""
    name = f"comments/{file}.yaml"
    text = (root / name).read_text(encoding="utf-8")
    start = text.index(f"  - id: {comment_id}\n")
    at = text.index(f"    decision: {old}\n", start)
    (root / name).write_text(text[:at] + f"    decision: {new}\n" + text[at + len(f"    decision: {old}\n"):], encoding="utf-8")


RIVER = "- replace: river feeds\n  with: river {word}\n  lang: en\n"


def test_cm_respond_that_lets_a_replace_in_a_file_naming_the_comment_apply_counts_it_applied(tmp_path, runner):
    # B-1 conflicts with A-1 (first in project order); B-1's words name A-1, so cm respond A-1
    # loads b.yaml with a.yaml: B-1's replace applies once A-1 is rejected, and status says so.
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p1", RIVER.format(word="nourishes"), "accepted")],
        "b": [comment("B-1", "p1", RIVER.format(word="sustains"), "accepted", text="The same as A-1, in other words.")],
    })
    before = status(runner, root)
    assert "its edits did not apply" in before[1]
    result = runner.invoke(app, ["respond", "A-1", "-C", str(root), "--decision", "rejected", "--note", "No."])
    assert result.exit_code == 0, result.output + result.stderr
    counted = status(runner, root)
    assert counted == recounted(runner, root)
    assert "its edits did not apply" not in counted[1]


def as_full(runner, root: Path, tmp_path: Path) -> list:
    """The quick check taken, and what it and the cm status after it say a full check of a fresh
    load says (status counted in a copy of the project, which has no record: the record of
    `root` stays the quick one, for the next step)."""
    quick = quick_check(root)
    assert quick is not None, "a change of decisions on replaces: the quick check should have been taken"
    return _equal_to_full(runner, root, tmp_path, quick)


def _equal_to_full(runner, root: Path, tmp_path: Path, quick) -> list:  # type: ignore[no-untyped-def]
    """The quick check's problems, asserted to be a full check's of a fresh load, and the cm
    status after it the status of a copy without a record."""
    found = fields(quick.problems)
    assert found == fresh(root)
    twin = tmp_path / "twin"
    shutil.rmtree(twin, ignore_errors=True)
    shutil.copytree(root, twin)
    assert status(runner, root) == status(runner, twin)
    return found


def test_decisions_in_a_row_on_replaces_that_share_texts_each_give_a_full_check_s_problems_and_status(tmp_path, runner):
    """Replaces of a section title (s1.1's, with `in:` that section), of a paragraph found through
    its section (C-1's `in: s1`) and of the paragraph itself, decided one after another by hand and
    with cm respond, each quick step's record the next one's: the conflicts form and undo, their
    order following project order, and status's 'decided without effect' follows them."""
    title = "- replace: basin\n  with: catchment\n  lang: en\n  in: s1.1\n"
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "s1.1", title, "accepted"),
              comment("A-2", "p1", RIVER.format(word="nourishes"), "noted")],
        "b": [comment("B-1", "s1.1", "- replace: river basin\n  with: river catchment\n  lang: en\n  in: s1.1\n", "noted")],
        "c": [comment("C-1", "s1", "- replace: feeds\n  with: sustains\n  in: s1\n", "accepted", excused=False),
              comment("C-2", "p2", "- replace: large\n  with: wide\n  lang: en\n  in: s1\n", "accepted")],
    })
    warned = [("comments/c.yaml", "one-language-edit")]  # C-1 changes p1's English only
    assert [(d.path, d.rule) for d in full_check_of(root)] == warned
    status(runner, root)  # a record with status's facts
    decide(root, "a", "A-1", "accepted", "rejected")
    decide(root, "b", "B-1", "noted", "accepted")  # applies: A-1 no longer changes s1.1's title
    assert [(d[0], d[4]) for d in as_full(runner, root, tmp_path)] == warned
    decide(root, "a", "A-1", "rejected", "accepted")  # first in project order: B-1 gives way
    found = as_full(runner, root, tmp_path)
    assert [(d[0], d[4]) for d in found] == [("comments/b.yaml", "edit-conflict"), *warned]
    result = runner.invoke(app, ["respond", "A-2", "-C", str(root), "--decision", "accepted", "--note", "Yes."])
    assert result.exit_code == 1  # C-1's replace, found in p1 through s1, would conflict: refused
    decide(root, "a", "A-2", "noted", "accepted")  # by hand it is written: C-1 gives way, unwarned
    found = as_full(runner, root, tmp_path)
    assert [(d[0], d[4]) for d in found] == [("comments/b.yaml", "edit-conflict"), ("comments/c.yaml", "edit-conflict")]
    assert '"C-1"' in status(runner, root)[1]
    result = runner.invoke(app, ["respond", "A-2", "-C", str(root), "--decision", "rejected", "--note", "No."])
    assert result.exit_code == 0, result.output + result.stderr
    decide(root, "a", "A-1", "accepted", "noted")
    assert [(d[0], d[4]) for d in as_full(runner, root, tmp_path)] == warned
    assert "decided_without_edits\": []" in status(runner, root)[1]


def full_check_of(root: Path) -> list:
    from commentmatrix.quick_check import full_check
    from commentmatrix.read.loader import load_project

    return full_check(load_project(root)).problems


NEW_RIVER = "- insert: {en: The river feeds fish too., zh: 河也养鱼。}\n  id: p1a\n  after: p1\n"


def test_a_replace_beside_other_kinds_of_edit_is_checked_on_its_texts_alone(tmp_path, runner):
    """Around the texts a decision touches: a new paragraph not applied, which would make B-1's
    `in: s1` ambiguous if it were; a paragraph of that section deleted; a group member's proposal
    on the same words; a text of no language changed by a replace with `lang: en` and one
    without. None of them is in the touched texts' outcomes, and each step is a full check's."""
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p1", NEW_RIVER, "noted"),
              comment("A-2", "p2", "- delete: p2\n", "accepted"),
              comment("A-3", "p4", "- replace: Plain words\n  with: Words\n  lang: en\n", "noted")],
        "b": [comment("B-1", "s1", "- replace: river feeds\n  with: river sustains\n  lang: en\n  in: s1\n", "accepted"),
              comment("B-2", "p4", "- replace: words of\n  with: speech of\n", "accepted")],
        "c": [comment("C-1", "p1", RIVER.format(word="nourishes"), None, extra="  group: B-9\n"),
              comment("C-2", "p1", "- replace: people\n  with: everyone\n  lang: en\n", "noted"),
              comment("B-9", "general", "- replace: lake\n  with: pond\n  in: p5\n", "noted")],
    })
    assert [d.rule for d in full_check_of(root)] == []
    status(runner, root)
    decide(root, "c", "C-2", "noted", "accepted")  # p1 touched: B-1 still found once in s1
    assert as_full(runner, root, tmp_path) == []
    decide(root, "a", "A-3", "noted", "accepted")  # p4, of no language: A-3 comes first, B-2 gives way
    found = as_full(runner, root, tmp_path)
    assert [(d[0], d[4]) for d in found] == [("comments/b.yaml", "edit-conflict")]
    decide(root, "a", "A-3", "accepted", "rejected")
    assert as_full(runner, root, tmp_path) == []
    # The new paragraph's own decision reaches past p1 (B-1 would find its words twice): in full.
    decide(root, "a", "A-1", "noted", "accepted")
    assert quick_check(root) is None
    assert [(d.path, d.rule) for d in full_check_of(root)] == [("comments/b.yaml", "replace-ambiguous")]


def test_a_decision_in_the_last_round_s_folder_is_checked_quickly_and_the_first_round_s_in_full(tmp_path, runner):
    rounds = CONFIG.replace("    draft: d1\n    deadline: 2030-01-31\n",
                            '    rounds:\n      - id: "1"\n        draft: d0\n      - id: "2"\n        draft: d1\n')
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p1", RIVER.format(word="nourishes"), "accepted")],
        "2/a": [comment("A2-1", "p1", RIVER.format(word="nourishes"), "accepted")],
        "2/b": [comment("B2-1", "p1", "- replace: feeds\n  with: sustains\n  lang: en\n", "noted")],
    }, rounds)
    (root / "drafts" / "d0.yaml").write_text((root / "drafts" / "d1.yaml").read_text(encoding="utf-8").replace("id: d1", "id: d0", 1),
                                              encoding="utf-8")
    assert [d.rule for d in full_check_of(root)] == []
    status(runner, root)
    decide(root, "2/a", "A2-1", "accepted", "rejected")
    decide(root, "2/b", "B2-1", "noted", "accepted")
    assert as_full(runner, root, tmp_path) == []
    decide(root, "a", "A-1", "accepted", "noted")  # round 1's revision is what round 2 was sent
    assert quick_check(root) is None


def test_a_duplicated_id_or_a_replace_in_a_new_paragraph_is_checked_in_full(tmp_path):
    for files, name, comment_id in [
        ({"a": [comment("A-1", "p1", RIVER.format(word="nourishes"), "accepted")],
          "b": [comment("A-1", "p5", "- replace: fish\n  with: carp\n  lang: en\n", "noted")]}, "b", "A-1"),
        ({"a": [comment("A-1", "p1", NEW_RIVER, "accepted")],
          "b": [comment("B-1", "p1a", "- replace: fish too\n  with: fish as well\n  lang: en\n", "noted")]}, "b", "B-1"),
    ]:
        root = write(tmp_path / comment_id / name, files)
        full(root)
        decide(root, name, comment_id, "noted", "accepted")
        assert quick_check(root) is None


# ---------------------------------------------------------------- inserts: their sections run whole

def insert(new_id: str, after: str, text: str) -> str:
    return f"- insert: {text}\n  id: {new_id}\n  after: {after}\n"


def same_as_full(runner, root: Path, tmp_path: Path) -> bool:
    """Whether the quick check was taken; if it was, its problems and the cm status after it
    are a full check's of a fresh load (its record kept for the next step)."""
    quick = quick_check(root)
    if quick is None:
        return False
    _equal_to_full(runner, root, tmp_path, quick)
    return True


def test_a_new_paragraph_after_an_anchor_another_file_s_insert_took_follows_that_one(tmp_path, runner):
    # A-1's y (applied, first in project order) follows p1; B-1's x follows y: x, in English
    # only, is compared with y (English only: no warning), not with p1 (in en and zh).
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p1", insert("y", "p1", "Only English."), "accepted")],
        "b": [comment("B-1", "p1", insert("x", "p1", "{en: English only.}"), "noted", excused=False)],
    })
    full(root)
    status(runner, root)
    decide(root, "b", "B-1", "noted", "accepted")
    assert same_as_full(runner, root, tmp_path)
    assert fresh(root) == []


def test_a_new_paragraph_withdrawn_leaves_the_paragraph_before_another_one_in_the_index(tmp_path, runner):
    # B-1's x withdrawn (a quick step) leaves A-1's y after p4 in s2: deleting p4 next makes y
    # follow the title of section 2 (in en and zh), and warns of y in English only.
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p4", insert("y", "p4", "{en: English only.}"), "accepted", excused=False)],
        "b": [comment("B-1", "p5", insert("x", "p5", "{en: New words., zh: 新词。}"), "accepted")],
        "c": [comment("C-1", "p4", "- delete: p4\n", "noted")],
    })
    full(root)
    status(runner, root)
    decide(root, "b", "B-1", "accepted", "noted")
    assert same_as_full(runner, root, tmp_path)
    decide(root, "c", "C-1", "noted", "accepted")
    same_as_full(runner, root, tmp_path)
    assert [d[5] for d in fresh(root)] == ["comment A-1: the new paragraph y is in en only, but the title of section 2 is in en, zh"]


def test_an_insert_where_an_old_text_is_not_found_is_checked_in_full(tmp_path, runner):
    # A-1's old text is not in p4; the hint of that problem names the text it is in, the whole
    # draft's: B-1's new paragraph x, once applied.
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p4", "- replace: brand new words\n  with: words\n  lang: en\n", "noted")],
        "b": [comment("B-1", "p1", insert("x", "p1", "{en: Some brand new words., zh: 新词。}"), "noted")],
    })
    full(root)
    status(runner, root)
    decide(root, "b", "B-1", "noted", "accepted")
    assert not same_as_full(runner, root, tmp_path)
    assert [d[6] for d in fresh(root)] == ["it is in 'x': set `in: x`"]


def test_a_new_paragraph_among_other_files_new_ones_and_one_chained_on_them_in_a_row(tmp_path, runner):
    # A-1's y follows p1 and C-1's z follows y (an id another file's insert makes): B-1's x,
    # after p1 in between in project order, lands after z; accepted, then rejected, both quick.
    root = write(tmp_path / "p", {
        "a": [comment("A-1", "p1", insert("y", "p1", "{en: Y only.}"), "accepted")],
        "b": [comment("B-1", "p1", insert("x", "p1", "{en: X only.}"), "noted", excused=False)],
        "c": [comment("C-1", "p1", insert("z", "y", "{en: Z, zh: 乙}"), "accepted", excused=False)],
    })
    full(root)
    status(runner, root)
    decide(root, "b", "B-1", "noted", "accepted")
    assert same_as_full(runner, root, tmp_path)
    assert [d[5] for d in fresh(root)] == ["comment B-1: the new paragraph x is in en only, but z before it is in en, zh"]
    decide(root, "b", "B-1", "accepted", "rejected")
    assert same_as_full(runner, root, tmp_path)


def test_a_response_s_insert_taking_its_proposal_s_id_elsewhere_then_made_a_replace(tmp_path, runner):
    root = write(tmp_path / "p", {"b": [comment("B-1", "p1", insert("x", "p1", "{en: E}"), "accepted", excused=False)]})
    full(root)
    status(runner, root)
    own = "        - insert: {en: F}\n          id: x\n          after: p2\n"
    replace_in(root, "comments/b.yaml", "      decision: accepted\n", "      decision: partially\n      edits:\n" + own)
    assert same_as_full(runner, root, tmp_path)
    assert [d[5] for d in fresh(root)] == ["comment B-1: the new paragraph x is in en only, but p2 before it is in en, zh"]
    # The same place in the response's list, now a replace: the new paragraph is no more.
    replace_in(root, "comments/b.yaml", own, "        - replace: lake\n          with: pond\n          lang: en\n          in: p2\n")
    assert same_as_full(runner, root, tmp_path)
    assert [d[5][:39] for d in fresh(root)] == ["comment B-1: the edit changes p2 in en,"]
