"""status.build_status on projects built in memory: counts per stakeholder and section, open
items, reply states, decided comments that change nothing, and the filters."""

from __future__ import annotations

import datetime as dt

from projects import SMALL, load, replaced, with_file

from commentmatrix.model.diagnostics import warning
from commentmatrix.rules import check_project
from commentmatrix.status import (
    OpenItem,
    SectionRow,
    StakeholderRow,
    StatusFilter,
    UnappliedDecision,
    build_status,
)
from commentmatrix.tally import Tally

TODAY = dt.date(2030, 1, 21)
LAO = {"en": "Lao PDR", "lo": "ສປປ ລາວ"}
THAILAND = {"en": "Thailand", "th": "ประเทศไทย"}
CAMBODIA = {"en": "Cambodia", "km": "កម្ពុជា"}
VIET_NAM = {"en": "Viet Nam", "vi": "Việt Nam"}
LAO_2_OPEN = OpenItem("LAO-2", "lao-pdr", "principles", {"en": "Add a principle on sharing data.", "zh": "增加数据共享原则。"},
                      "comments/lao-pdr.yaml", 15)


def status_of(files: dict[str, str], only: StatusFilter | None = None, today: dt.date = TODAY):
    project = load(files)
    return build_status(project, check_project(project), today, only or StatusFilter())


def test_counts_per_stakeholder_follow_the_roster_with_every_reply_state():
    status = status_of(SMALL)
    assert status.stakeholders == [
        StakeholderRow("lao-pdr", LAO, "country", "submitted", dt.date(2030, 1, 20), Tally.counted(accepted=1, open=1)),
        StakeholderRow("thailand", THAILAND, "country", "no-comments", None, Tally()),
        StakeholderRow("cambodia", CAMBODIA, "country", "reviewing", None, Tally()),
        StakeholderRow("viet-nam", VIET_NAM, "country", "pending", None, Tally()),
        StakeholderRow("wwf", "WWF", "organization", "submitted", None, Tally.counted(partially=1, noted=1)),
    ]
    assert status.totals == Tally.counted(accepted=1, partially=1, noted=1, open=1)
    assert (status.totals.decided, status.errors, status.warnings) == (3, 0, 0)


def test_counts_per_section_put_general_first_then_draft_order_with_paragraphs_in_their_section():
    assert status_of(SMALL).sections == [
        SectionRow("general", "", "General", Tally.counted(noted=1)),
        SectionRow("background", "1", {"en": "Background", "zh": "背景", "vi": "Bối cảnh"}, Tally.counted(accepted=1)),
        SectionRow("principles", "2", {"en": "Principles", "zh": "原则"}, Tally.counted(open=1)),
        SectionRow("fisheries", "2.1", {"en": "Fisheries", "zh": "渔业"}, Tally.counted(partially=1)),
    ]


def test_open_items_give_the_file_and_the_line_of_the_comment_id():
    assert status_of(SMALL).open_items == [LAO_2_OPEN]


def test_header_values_and_days_left_come_from_the_config_and_the_day():
    status = status_of(SMALL, today=dt.date(2030, 2, 2))
    assert (status.title, status.draft_id, status.draft_version, status.deadline, status.days_left) == (
        {"en": "Mekong Water Strategy", "zh": "湄公河水战略"}, "mws-1", "2029-12", dt.date(2030, 1, 31), -2)


def test_an_accepted_comment_without_edits_is_decided_without_edits():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n",
                     "text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}\n    response:\n      decision: accepted\n")
    status = status_of(files)
    assert status.unapplied == [UnappliedDecision("LAO-2", "lao-pdr", "accepted", "no edits to apply")]
    assert status.open_items == []
    assert status.to_json()["totals"]["decided_without_edits"] == 1


def test_an_accepted_comment_whose_edit_fails_is_decided_without_edits_and_counted_as_an_error():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "replace: sixty million", "replace: sáu mươi triệu người")
    status = status_of(files)
    assert status.unapplied == [UnappliedDecision("LAO-1", "lao-pdr", "accepted", "its edits did not apply (see cm validate)")]
    assert (status.errors, status.warnings) == (1, 0)


def test_a_stakeholder_with_several_files_is_submitted_if_any_is_and_received_on_the_latest_day():
    files = with_file(SMALL, "comments/lao-pdr/round-2.yaml", "stakeholder: lao-pdr\nstate: reviewing\nreceived: 2030-01-25\n")
    files = with_file(files, "comments/cambodia-2.yaml", "stakeholder: cambodia\nstate: no-comments\nreceived: 2030-01-05\n")
    rows = {row.id: (row.state, row.received, row.tally.comments) for row in status_of(files).stakeholders}
    assert rows == {"lao-pdr": ("submitted", dt.date(2030, 1, 25), 2), "thailand": ("no-comments", None, 0),
                    "cambodia": ("reviewing", dt.date(2030, 1, 5), 0), "viet-nam": ("pending", None, 0),
                    "wwf": ("submitted", None, 2)}


def test_a_stakeholder_filter_keeps_its_row_and_its_comments_only():
    status = status_of(SMALL, StatusFilter(stakeholders=("wwf",)))
    assert [row.id for row in status.stakeholders] == ["wwf"]
    assert status.totals == Tally.counted(partially=1, noted=1)
    assert [row.id for row in status.sections] == ["general", "fisheries"]
    assert status.open_items == []


def test_a_section_filter_takes_the_comments_on_its_subsections_too():
    status = status_of(SMALL, StatusFilter(section="principles"))
    assert status.totals == Tally.counted(partially=1, open=1)
    assert [(row.id, row.tally.comments) for row in status.sections] == [("principles", 1), ("fisheries", 1)]
    assert status.open_items == [LAO_2_OPEN]


def test_the_open_filter_keeps_stakeholders_with_open_comments_or_no_final_reply():
    status = status_of(SMALL, StatusFilter(open_only=True))
    assert [(row.id, row.state) for row in status.stakeholders] == [
        ("lao-pdr", "submitted"), ("cambodia", "reviewing"), ("viet-nam", "pending")]


def test_errors_and_warnings_are_counted_from_the_diagnostics_given():
    project = load(SMALL)
    given = [warning("comments/wwf.yaml", 1, 1, "state-mismatch", "a"), warning("cm.yaml", 1, 1, "duplicate-number", "b")]
    status = build_status(project, given, TODAY)
    assert (status.errors, status.warnings) == (0, 2)


def test_status_json_carries_the_same_values():
    report = status_of(SMALL).to_json()
    assert report["stakeholders"][0] == {"id": "lao-pdr", "name": LAO, "kind": "country", "state": "submitted",
                                         "received": "2030-01-20", "comments": 2, "accepted": 1, "partially": 0,
                                         "rejected": 0, "noted": 0, "withdrawn": 0, "open": 1,
                                         "acknowledged": "not yet", "acknowledgement": None}
    assert report["open_items"] == [{"id": "LAO-2", "stakeholder": "lao-pdr", "target": "principles",
                                     "text": {"en": "Add a principle on sharing data.", "zh": "增加数据共享原则。"},
                                     "file": "comments/lao-pdr.yaml", "line": 15,
                                     "assignee": None, "due": None, "overdue": False}]
    assert (report["assignees"], report["objections"]) == ([], [])
    assert (report["days_left"], report["deadline"], report["today"]) == (10, "2030-01-31", "2030-01-21")
