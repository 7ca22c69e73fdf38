"""group_rules, groups.py and the engine on groups: a member of a group is answered by its lead
(counted with the lead's decision, nothing of its own applied), and each mistake in a group is
a diagnostic on the line and column of the field at fault."""

from __future__ import annotations

from projects import CONFIG, DRAFT, SMALL, load, replaced, with_file, yaml

from commentmatrix.engine import revise
from commentmatrix.groups import lead_of, members_of, response_of
from commentmatrix.rules import check_project
from commentmatrix.tally import OPEN, WITHDRAWN, outcome_of

VIET_NAM = """
    stakeholder: viet-nam
    comments:
      - id: VN-1
        target: principles
        text: {vi: Thêm nguyên tắc chia sẻ dữ liệu., zh: 增加数据共享原则。}
        group: LAO-2
      - id: VN-2
        target: background.1
        text: {vi: Nói rõ có bao nhiêu người., zh: 请说明有多少人。}
        proposal:
          - replace: sixty million
            with: seventy million
            lang: en
        group: LAO-1
    """

GROUPED = with_file(SMALL, "comments/viet-nam.yaml", VIET_NAM)
GROUP_RULES = {"unknown-comment", "group-chain", "group-across-rounds", "group-member-decided", "group-proposal-conflict"}


def found(files: dict[str, str]) -> list[tuple]:
    return [(d.path, d.line, d.column, d.severity.value, d.rule, d.message, d.hint) for d in check_project(load(files))
            if d.rule in GROUP_RULES]


def test_a_sound_group_validates_cleanly_and_the_same_proposal_twice_is_no_conflict():
    assert check_project(load(GROUPED)) == []


def test_a_member_is_answered_by_its_lead_and_counts_with_its_decision():
    project = load(GROUPED)
    member = project.comments_by_id["VN-2"].comment
    assert lead_of(project, member) is not None and lead_of(project, member).id == "LAO-1"
    assert [m.id for m in members_of(project, "LAO-1")] == ["VN-2"]
    assert response_of(project, member) is project.comments_by_id["LAO-1"].comment.response
    assert outcome_of(member, project) == "accepted"
    assert outcome_of(member) == OPEN  # on its own, the member has no decision
    assert outcome_of(project.comments_by_id["VN-1"].comment, project) == OPEN  # its lead LAO-2 is open


def test_a_members_own_withdrawal_counts_while_the_lead_is_undecided():
    project = load(replaced(GROUPED, "comments/viet-nam.yaml", "    group: LAO-2\n", "    group: LAO-2\n    withdrawn: 2030-02-01\n"))
    assert outcome_of(project.comments_by_id["VN-1"].comment, project) == WITHDRAWN


def test_the_leads_edit_applies_once_and_the_members_proposal_is_only_checked():
    revision = revise(load(GROUPED))
    assert revision is not None
    statuses = {(o.request.comment_id, o.status) for o in revision.outcomes if o.request.target == "background.1"}
    assert statuses == {("LAO-1", "applied"), ("VN-2", "checked")}
    text = next(t for _, i, t in revision.changed_texts() if i == "background.1")
    assert text.revised() == {"en": "The river feeds seventy million people.", "zh": "这条河养活了六千万人。",
                              "vi": "Dòng sông nuôi sống sáu mươi triệu người."}


def test_a_member_with_a_decision_of_its_own_applies_nothing_and_is_an_error():
    files = replaced(GROUPED, "comments/viet-nam.yaml", "    group: LAO-1\n",
                     "    group: LAO-1\n    response:\n      decision: accepted\n")
    project = load(files)
    revision = revise(project)
    assert revision is not None
    assert [o.status for o in revision.outcomes if o.request.comment_id == "VN-2"] == ["checked"]
    assert found(files) == [
        ("comments/viet-nam.yaml", 16, 17, "error", "group-member-decided",
         "comment VN-2 is answered by its group's lead LAO-1, but has a decision of its own (accepted)",
         "answer the group on its lead (cm respond LAO-1) and delete VN-2's response, "
         "or take it out of the group: cm group --clear VN-2")]


def test_an_unknown_lead_is_named_with_the_closest_comment_of_the_round():
    files = replaced(GROUPED, "comments/viet-nam.yaml", "group: LAO-2", "group: LAO-22")
    assert found(files) == [
        ("comments/viet-nam.yaml", 6, 12, "error", "unknown-comment",
         "comment VN-1 is grouped with 'LAO-22', which is no comment of the project", "did you mean 'LAO-2'?")]


def test_a_comment_naming_itself_or_a_grouped_lead_is_a_chain():
    itself = replaced(GROUPED, "comments/viet-nam.yaml", "group: LAO-2", "group: VN-1")
    assert [(d[1], d[2], d[4], d[5]) for d in found(itself)] == [
        (6, 12, "group-chain", "comment VN-1 names itself as the lead of its group")]
    chain = replaced(GROUPED, "comments/viet-nam.yaml", "group: LAO-1", "group: VN-1")
    assert [(d[1], d[2], d[4], d[5], d[6]) for d in found(chain)] == [
        (14, 12, "group-chain", "comment VN-2 is grouped with VN-1, which is itself grouped with LAO-2: a group has one lead",
         "name the lead of the whole group: cm group LAO-2 VN-2")]


def test_a_group_across_rounds_is_an_error():
    rounds = "rounds:\n  - id: r1\n    draft: mws-1\n  - id: r2\n    draft: mws-2\n"
    files = {**SMALL, "cm.yaml": yaml(CONFIG).replace("draft: mws-1\ndeadline: 2030-01-31\n", rounds),
             "drafts/mws-2.yaml": yaml(DRAFT).replace("id: mws-1", "id: mws-2"),
             "comments/r2/viet-nam.yaml": VIET_NAM.replace("    group: LAO-1\n", "")}
    assert found(files) == [
        ("comments/r2/viet-nam.yaml", 6, 12, "error", "group-across-rounds",
         "comment VN-1 (round r2) is grouped with LAO-2, which is in round r1: a group is answered once, in one round",
         "for a comment raised again from an earlier round, write `repeats: LAO-2` instead (cm repeats VN-1 LAO-2)")]


def test_a_members_other_change_to_the_same_text_is_a_warning_naming_both():
    files = replaced(GROUPED, "comments/viet-nam.yaml", "with: seventy million", "with: sixty-five million")
    assert found(files) == [
        ("comments/viet-nam.yaml", 11, 9, "warning", "group-proposal-conflict",
         "comment VN-2 proposes 'sixty million' → 'sixty-five million' in background.1, unlike LAO-1's edits "
         "('sixty million' → 'seventy million' in background.1): in the group of LAO-1 only the lead's edits apply",
         "if VN-2 asks for something else, take it out of the group (cm group --clear VN-2) and answer it on its own")]


def test_two_members_proposing_different_changes_to_the_same_thai_text_are_warned():
    wwf = """
        stakeholder: wwf
        comments:
          - id: WWF-9
            target: principles.1
            text: ควรแก้ถ้อยคำ
            proposal:
              - replace: ผลประโยชน์ร่วมกัน
                with: ผลประโยชน์ร่วมกันของทุกประเทศ
                lang: th
            group: LAO-2
        """
    cambodia = """
        stakeholder: cambodia
        comments:
          - id: KH-1
            target: principles.1
            text: แก้ถ้อยคำ
            proposal:
              - replace: ผลประโยชน์
                with: ประโยชน์
                lang: th
            group: LAO-2
        """
    files = {**GROUPED, "comments/wwf.yaml": wwf, "comments/cambodia.yaml": cambodia}
    assert [(d[0], d[1], d[4], d[5].split(":")[0]) for d in found(files)] == [
        ("comments/wwf.yaml", 7, "group-proposal-conflict",
         "comment WWF-9 proposes 'ผลประโยชน์ร่วมกัน' → 'ผลประโยชน์ร่วมกันของทุกประเทศ' in principles.1, "
         "unlike KH-1's proposal ('ผลประโยชน์' → 'ประโยชน์' in principles.1)")]
