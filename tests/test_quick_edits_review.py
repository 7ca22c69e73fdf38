"""quick_edits.py held to a full check on the cases a review suspected: a decision that moves
another file's replace (cm respond loads that file when it names the comment), section scopes
with titles, deleted and inserted paragraphs, texts of no language, rounds, groups, and several
quick steps in a row. Each compares the quick check (or the cm status counted from the facts it
carried forward) with a full check of a fresh load.

The project is small and written here, so that each case says which texts its replaces share.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

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
            text: {en: The lake is large., zh: 湖很大。}
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
            text: Plain words of no language.
    """


def comment(comment_id: str, target: str, edits: str, decision: str | None, text: str = "Please.",
            extra: str = "") -> str:
    """A comment's YAML (at the indentation of a file's `comments:`) proposing `edits` (YAML of
    the list's items, at column 0)."""
    block = f"- id: {comment_id}\n  target: {target}\n  text: {text}\n{extra}  proposal:\n"
    block += textwrap.indent(textwrap.dedent(edits).strip("\n"), "    ") + "\n"
    if decision is not None:
        block += f"  response:\n    decision: {decision}\n    single_language: true\n"
    return block


def write(root: Path, files: dict[str, list[str]]) -> Path:
    """The project with these comment files ({stakeholder: its comments' YAML})."""
    (root / "drafts").mkdir(parents=True, exist_ok=True)
    (root / "comments").mkdir(exist_ok=True)
    (root / "cm.yaml").write_text(textwrap.dedent(CONFIG).lstrip(), encoding="utf-8")
    (root / "drafts" / "d1.yaml").write_text(textwrap.dedent(DRAFT).lstrip(), encoding="utf-8")
    for stakeholder, comments in files.items():
        body = "".join(textwrap.indent(c, "  ") for c in comments)
        (root / "comments" / f"{stakeholder}.yaml").write_text(
            f"stakeholder: {stakeholder}\nstate: submitted\ncomments:\n{body}", encoding="utf-8")
    return root


def decide(root: Path, stakeholder: str, comment_id: str, old: str, new: str) -> None:
    name = f"comments/{stakeholder}.yaml"
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
