"""Rounds in cm validate: the rounds of cm.yaml, the round each comment file is in, `repeats:`
and suspect responses, on two-round projects built in memory (see projects.py)."""

from __future__ import annotations

from projects import DRAFT, load, replaced, with_file, yaml

from commentmatrix.basis import current_basis, suspect_reason
from commentmatrix.rules import check_project

CONFIG = """
    title: Mekong Water Strategy
    languages: [en, zh, vi, th, lo, km]
    rounds:
      - id: "1"
        draft: mws-1
        opened: 2029-12-01
        deadline: 2030-01-31
        closed: 2030-02-10
      - id: "2"
        title: {en: Written round, zh: 书面征求意见}
        draft: mws-2
        opened: 2030-03-01
        deadline: 2030-03-31
    stakeholders:
      - id: lao-pdr
        name: Lao PDR
        kind: country
      - id: thailand
        name: {en: Thailand, th: ประเทศไทย}
        kind: country
    """

# Round 2's draft: round 1's text with LAO-1's edit applied, and principles.2 gone.
DRAFT_2 = """
    id: mws-2
    title: Mekong Water Strategy
    version: "2030-03"
    sections:
      - id: background
        number: "1"
        title: {en: Background, zh: 背景}
        paragraphs:
          - id: background.1
            text:
              en: The river feeds seventy million people.
              zh: 这条河养活了六千万人。
              vi: Dòng sông nuôi sống sáu mươi triệu người.
      - id: principles
        number: "2"
        title: {en: Principles, zh: 原则}
        paragraphs:
          - id: principles.1
            text: {en: Mutual benefit, zh: 互利, th: ผลประโยชน์ร่วมกัน}
    """

LAO_1 = """
    stakeholder: lao-pdr
    comments:
      - id: LAO-1
        target: background.1
        text: Say how many people.
        proposal:
          - replace: sixty million
            with: seventy million
            lang: en
        response:
          decision: accepted
          single_language: true
      - id: LAO-2
        target: principles.1
        text: {en: Add sharing of data., th: เพิ่มการแบ่งปันข้อมูล}
        response:
          decision: rejected
          note: Out of scope.
    """

LAO_2 = """
    stakeholder: lao-pdr
    comments:
      - id: LAO-3
        target: principles.1
        repeats: LAO-2
        text: {en: Add sharing of data., th: เพิ่มการแบ่งปันข้อมูล}
    """

TWO_ROUNDS = {
    "cm.yaml": CONFIG,
    "drafts/mws-1.yaml": DRAFT,
    "drafts/mws-2.yaml": DRAFT_2,
    "comments/lao-pdr.yaml": LAO_1,
    "comments/2/lao-pdr.yaml": LAO_2,
    "comments/2/thailand.yaml": "stakeholder: thailand\nstate: no-comments\n",
}


# The project as it was while round 1 was the only round: the decisions of round 1 were made on it.
ROUND_1_ONLY = {
    "cm.yaml": yaml(CONFIG)[:yaml(CONFIG).index('  - id: "2"')] + yaml(CONFIG)[yaml(CONFIG).index("stakeholders:"):],
    "drafts/mws-1.yaml": DRAFT,
    "comments/lao-pdr.yaml": LAO_1,
}


def found(files: dict[str, str]) -> list[tuple]:
    return [(d.path, d.line, d.column, d.severity.value, d.rule, d.message, d.hint) for d in check_project(load(files))]


def rules(files: dict[str, str]) -> list[str]:
    return [d.rule for d in check_project(load(files))]


def test_two_rounds_each_on_its_own_draft_validate_cleanly():
    # LAO-1's old text is only in round 1's draft, LAO-3's target only checked against round 2's.
    assert found(TWO_ROUNDS) == []


def test_each_file_belongs_to_the_round_of_its_folder_and_states_are_per_round():
    project = load(TWO_ROUNDS)
    assert [project.round_of(s) for s in project.comment_sources] == ["2", "2", "1"]
    assert [r.id for r in project.comments_in("1")] == ["LAO-1", "LAO-2"]
    assert project.current_round.id == "2"
    assert project.state_of("thailand") == "no-comments"
    assert project.state_of("thailand", "1") == "pending"
    assert project.state_of("lao-pdr", "1") == "submitted"


def test_a_comment_is_checked_against_its_own_rounds_draft():
    # principles.2 is in round 1's draft but not in round 2's.
    files = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "target: principles.1", "target: principles.2")
    assert found(files) == [("comments/2/lao-pdr.yaml", 4, 13, "error", "unknown-target",
                             "target 'principles.2' is not in draft mws-2", "did you mean 'principles.1'?")]
    files = replaced(TWO_ROUNDS, "comments/lao-pdr.yaml", "target: principles.1", "target: principles.2")
    assert found(files) == []


def test_with_rounds_a_top_level_draft_is_not_read_and_says_so():
    files = replaced(TWO_ROUNDS, "cm.yaml", "languages: [en, zh, vi, th, lo, km]\n", "languages: [en, zh, vi, th, lo, km]\ndraft: mws-1\n")
    assert found(files) == [("cm.yaml", 3, 1, "error", "round-field",
                             "with `rounds:`, each round has its own `draft`: this `draft:` is not read",
                             "move it into the round it belongs to (rounds: - id: ... draft: ...) and delete this line")]


def test_a_project_without_draft_or_rounds_is_refused():
    files = replaced(TWO_ROUNDS, "cm.yaml", yaml(CONFIG)[yaml(CONFIG).index("rounds:"):yaml(CONFIG).index("stakeholders:")], "")
    problems = check_project(load(files))
    assert [(p.path, p.rule) for p in problems if p.path == "cm.yaml"] == [("cm.yaml", "missing-field")]
    assert "give `draft: DRAFT-ID` (one round) or `rounds:`" in problems[0].message


def test_round_mistakes_in_cm_yaml_point_at_their_lines():
    files = replaced(TWO_ROUNDS, "cm.yaml", "    draft: mws-2\n", "    draft: mws-1\n")
    files = replaced(files, "cm.yaml", "deadline: 2030-03-31\n", "deadline: 2030-02-28\n    closed: 2030-02-01\n")
    files = replaced(files, "cm.yaml", "stakeholders:", "round: \"3\"\nstakeholders:")
    assert found(files) == [
        ("cm.yaml", 11, 12, "error", "shared-draft",
         "rounds 1 and 2 both consult on draft mws-1: a round's comments are applied to its own draft",
         "each round consults on the draft revised by the one before: cm round start ID --version LABEL writes it"),
        ("cm.yaml", 13, 15, "warning", "round-dates", "round 2: the deadline (2030-02-28) is before the opening date (2030-03-01)", None),
        ("cm.yaml", 14, 13, "warning", "round-dates", "round 2: the closing date (2030-02-01) is before the deadline (2030-02-28)", None),
        ("cm.yaml", 15, 8, "error", "unknown-round", "the round '3' is not one of `rounds:` (1, 2)",
         "name one of the rounds' ids, or delete the line for the last round"),
    ]


def test_a_round_opened_before_the_one_before_closed_is_a_warning():
    files = replaced(TWO_ROUNDS, "cm.yaml", "opened: 2030-03-01", "opened: 2030-02-05")
    assert found(files) == [("cm.yaml", 12, 13, "warning", "round-dates",
                             "round 2 opened on 2030-02-05, before round 1 closed (2030-02-10)", None)]


def test_a_round_draft_that_is_missing_is_named_with_the_drafts_there():
    files = replaced(TWO_ROUNDS, "cm.yaml", "draft: mws-2", "draft: mws-3")
    assert found(files) == [("cm.yaml", 11, 12, "error", "unknown-draft", "round 2: the draft 'mws-3' is not in drafts/",
                             "did you mean 'mws-2'?")]


def test_a_file_in_a_folder_that_is_no_round_is_an_error_with_the_closest_round():
    files = with_file(TWO_ROUNDS, "comments/2/thailand.yaml", None)
    files = with_file(files, "comments/round-2/thailand.yaml", "stakeholder: thailand\nstate: no-comments\n")
    assert found(files) == [("comments/round-2/thailand.yaml", 1, 1, "error", "unknown-round",
                             "this file is in comments/round-2/, but cm.yaml has no round 'round-2' (rounds: 1, 2), "
                             "so its comments belong to no round", "did you mean '2'? move the file to comments/2/")]


def test_a_files_draft_must_be_its_rounds_draft():
    files = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "stakeholder: lao-pdr\n", "stakeholder: lao-pdr\ndraft: mws-1\n")
    assert found(files)[0] == ("comments/2/lao-pdr.yaml", 2, 8, "error", "draft-mismatch",
                               "this file is in round 2, whose draft is mws-2, but its `draft:` says mws-1",
                               "move the file to comments/1/ (round 1 consults on mws-1)")


def test_repeats_must_name_an_earlier_rounds_comment():
    unknown = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "repeats: LAO-2", "repeats: LAO-9")
    assert found(unknown) == [("comments/2/lao-pdr.yaml", 5, 14, "error", "unknown-comment",
                               "comment LAO-3 repeats 'LAO-9', which is no comment of the project", "did you mean 'LAO-2'?")]
    itself = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "repeats: LAO-2", "repeats: LAO-3")
    assert found(itself) == [("comments/2/lao-pdr.yaml", 5, 14, "error", "repeats-not-earlier",
                              "comment LAO-3 repeats LAO-3, which is in this same round: `repeats:` names a comment of an earlier round",
                              "for a duplicate within one round, answer both alike")]
    later = replaced(TWO_ROUNDS, "comments/lao-pdr.yaml", "  - id: LAO-2\n", "  - id: LAO-2\n    repeats: LAO-3\n")
    assert ("repeats-not-earlier", "comment LAO-2 repeats LAO-3, which is in round 2, a later round: "
            "`repeats:` names a comment of an earlier round") in [(d.rule, d.message) for d in check_project(load(later))]


def test_withdrawn_takes_a_date_or_true_and_nothing_else():
    for value, ok in (("2030-03-05", True), ("true", True), ("false", False), ("soon", False)):
        files = replaced(TWO_ROUNDS, "comments/2/lao-pdr.yaml", "repeats: LAO-2\n", f"repeats: LAO-2\n    withdrawn: {value}\n")
        assert (rules(files) == []) is ok, value


# ---------------------------------------------------------------- suspect responses

def _with_basis(files: dict[str, str], comment_id: str, decided_on: dict[str, str] | None = None) -> dict[str, str]:
    """The files with `basis:` recorded on the comment's response, as cm respond records it on
    the project of `decided_on` (default: these files)."""
    project = load(decided_on or files)
    basis = current_basis(project, project.comments_by_id[comment_id])
    path = project.comments_by_id[comment_id].path
    text = yaml(files[path])
    anchor = f"- id: {comment_id}\n"
    start = text.index(anchor)
    decision = text.index("      decision:", start)
    end = text.index("\n", decision) + 1
    return {**files, path: text[:end] + f"      basis: {basis}\n" + text[end:]}


def test_a_decision_on_an_unchanged_text_is_sound_across_rounds():
    files = _with_basis(_with_basis(TWO_ROUNDS, "LAO-1", ROUND_1_ONLY), "LAO-2", ROUND_1_ONLY)
    project = load(files)
    # LAO-1's own edit changed background.1 for round 2: that is what the decision did, not a change since.
    assert [suspect_reason(project, ref) for ref in project.comments()] == [None, None, None]
    assert found(files) == []


def test_editing_the_decided_paragraph_in_its_draft_makes_the_response_suspect():
    files = _with_basis(TWO_ROUNDS, "LAO-2", decided_on=ROUND_1_ONLY)
    assert found(files) == []
    files = replaced(files, "drafts/mws-1.yaml", "{en: Mutual benefit,", "{en: Mutual benefit for all,")
    problems = found(files)
    assert [(p[0], p[4], p[5]) for p in problems] == [
        ("comments/lao-pdr.yaml", "suspect-response",
         "comment LAO-2: the response is suspect: the text of principles.1 is not the text the decision was made on")]
    assert problems[0][6] == "check that the response still holds, then: cm respond LAO-2 --confirm"


def test_a_later_round_changing_the_paragraph_makes_the_response_suspect_until_confirmed():
    files = _with_basis(TWO_ROUNDS, "LAO-2", ROUND_1_ONLY)
    files = replaced(files, "drafts/mws-2.yaml", "{en: Mutual benefit,", "{en: Mutual benefit and trust,")
    project = load(files)
    assert suspect_reason(project, project.comments_by_id["LAO-2"]) == \
        "round 2's draft mws-2 changed principles.1 after the decision"
    confirmed = _with_basis(replaced(TWO_ROUNDS, "drafts/mws-2.yaml", "{en: Mutual benefit,", "{en: Mutual benefit and trust,"), "LAO-2")
    assert found(confirmed) == []


def test_in_a_one_round_project_the_draft_edited_after_the_decision_is_suspect():
    from projects import SMALL

    files = _with_basis(SMALL, "LAO-1")
    assert found(files) == []
    edited = replaced(files, "drafts/mws-1.yaml", "养活了六千万人", "养活了六千多万人")
    assert [d[4] for d in found(edited)] == ["suspect-response"]
