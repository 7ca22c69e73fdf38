"""A comment its stakeholder withdrew needs no decision (docs/format.md): `cm respond` and `cm group`
refuse to give it an answer unless --withdrawn-too says it is meant, writing nothing; a decision it
had before it was withdrawn stands, and --confirm still records its text."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_assign import cm, snapshot

WITHDRAWN = "comment LAO-12 was withdrawn by the stakeholder on 2017-09-15: it needs no decision, and "
HINT = ("    hint: to answer it all the same, add --withdrawn-too; if it was not withdrawn after all, "
        "cm withdraw LAO-12 --undo first")


@pytest.fixture
def withdrawn(example: Path) -> Path:
    """The example with two open comments, LAO-11 and LAO-12; LAO-12 withdrawn on 2017-09-15."""
    for text in ("Add gender.", "Add youth."):
        assert cm(example, "add", "lao-pdr", "-t", "principles.1", "--text", text).exit_code == 0
    assert cm(example, "withdraw", "LAO-12", "--date", "2017-09-15").exit_code == 0
    return example


@pytest.mark.parametrize("args, why", [
    (("respond", "LAO-12", "-d", "accepted"),
     "a decision given now would be published as its answer, and apply its edits"),
    (("group", "LAO-11", "LAO-12"), "in the group of LAO-11, LAO-11's answer would be published as its answer"),
    (("group", "LAO-12", "LAO-11"),
     "leading a group it would need one, published as the group's answer (another comment may lead: --lead ID)"),
    (("group", "LAO-11", "LAO-12", "--lead", "LAO-12"),
     "leading a group it would need one, published as the group's answer (another comment may lead: --lead ID)"),
])
def test_an_answer_to_a_withdrawn_comment_is_refused_and_nothing_written(withdrawn: Path, args, why):
    before = snapshot(withdrawn)
    result = cm(withdrawn, *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", f"cm: {WITHDRAWN}{why}\n{HINT}\n")
    assert snapshot(withdrawn) == before


def test_withdrawn_too_answers_it_on_purpose(withdrawn: Path):
    result = cm(withdrawn, "respond", "LAO-12", "-d", "noted", "--note", "Withdrawn at the meeting.", "--withdrawn-too")
    assert (result.exit_code, result.stdout) == (0, "LAO-12: noted (comments/lao-pdr.yaml)\n"), result.stderr
    text = (withdrawn / "comments" / "lao-pdr.yaml").read_text(encoding="utf-8")
    assert "    withdrawn: 2017-09-15\n" in text and "decision: noted" in text
    # Decided before or after its withdrawal, the decision stands: --confirm needs no flag.
    assert cm(withdrawn, "respond", "LAO-12", "--confirm").exit_code == 0
    assert cm(withdrawn, "respond", "LAO-12", "--confirm", "--withdrawn-too").exit_code == 2


def test_withdrawn_too_groups_a_withdrawn_comment(withdrawn: Path):
    result = cm(withdrawn, "group", "LAO-11", "LAO-12", "--withdrawn-too")
    assert (result.exit_code, result.stdout) == (0, "LAO-12: answered by LAO-11 (comments/lao-pdr.yaml)\n"), result.stderr
    # Already in the group, it is not answered anew: the same command without the flag changes nothing.
    before = snapshot(withdrawn)
    assert cm(withdrawn, "group", "LAO-11", "LAO-12").exit_code == 0
    assert snapshot(withdrawn) == before


def test_a_comment_not_withdrawn_is_answered_as_before(withdrawn: Path):
    assert cm(withdrawn, "respond", "LAO-11", "-d", "accepted").exit_code == 0
    assert cm(withdrawn, "withdraw", "LAO-12", "--undo").exit_code == 0
    assert cm(withdrawn, "group", "LAO-11", "LAO-12").exit_code == 0
