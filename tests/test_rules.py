"""rules.check_project on projects built in memory: each cross-file problem is one Diagnostic
with its rule, file, line, column, message and hint; a clean project has none."""

from __future__ import annotations

from projects import DRAFT, SMALL, load, replaced, with_file

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.rules import check_project

# The response edits of WWF-2 in comments/wwf.yaml, as written there.
WWF_2_EDITS = ("      edits:\n"
               "        - insert: {en: Protect the deep pools., zh: 保护深潭。}\n"
               "          after: fisheries.1\n"
               "          id: fisheries.2\n")


def found(files: dict[str, str]) -> list[tuple]:
    return [(d.path, d.line, d.column, d.severity.value, d.rule, d.message, d.hint)
            for d in check_project(load(files))]


def test_a_clean_multilingual_project_has_no_problems():
    assert found(SMALL) == []


# ---------------------------------------------------------------- cm.yaml

def test_a_language_that_is_no_code_and_a_repeated_one_point_at_their_list_items():
    files = replaced(SMALL, "cm.yaml", "languages: [en, zh, vi, th, lo, km]", "languages: [en, zh, vi, th, lo, km, Khmer, zh]")
    assert found(files) == [
        ("cm.yaml", 4, 37, "error", "bad-language", "'Khmer' is not a language code",
         "use lower-case ISO 639 codes: en, zh, vi, lo, km, th, my"),
        ("cm.yaml", 4, 44, "error", "duplicate-id", "the language 'zh' is listed twice", None),
    ]


def test_a_repeated_stakeholder_id_names_the_line_of_the_first():
    files = replaced(SMALL, "cm.yaml", "kind: organization\n",
                     "kind: organization\n  - id: thailand\n    name: ไทย\n    kind: country\n")
    assert found(files) == [
        ("cm.yaml", 24, 9, "error", "duplicate-id", "the stakeholder id 'thailand' is used twice (first on line 11)", None),
    ]


def test_a_config_naming_a_missing_draft_suggests_the_one_there():
    files = replaced(SMALL, "cm.yaml", "draft: mws-1", "draft: mws-2")
    assert found(files) == [
        ("cm.yaml", 5, 8, "error", "unknown-draft", "the draft 'mws-2' is not in drafts/", "did you mean 'mws-1'?"),
    ]


# ---------------------------------------------------------------- drafts

def test_a_draft_id_used_by_two_files_is_reported_on_the_later_file():
    # "mws-1-copy.yaml" sorts before "mws-1.yaml" ('-' < '.'), so the copy is the first.
    files = with_file(SMALL, "drafts/mws-1-copy.yaml", DRAFT)
    assert found(files) == [
        ("drafts/mws-1.yaml", 1, 5, "error", "duplicate-id", "the draft id 'mws-1' is also used by drafts/mws-1-copy.yaml", None),
    ]


def test_a_repeated_section_number_is_a_warning_naming_the_first_line():
    files = replaced(SMALL, "drafts/mws-1.yaml", 'number: "2.1"', 'number: "1"')
    assert found(files) == [
        ("drafts/mws-1.yaml", 24, 17, "warning", "duplicate-number", "section number '1' is used twice (first on line 6)", None),
    ]


def test_a_paragraph_id_repeated_from_another_section_is_a_duplicate():
    files = replaced(SMALL, "drafts/mws-1.yaml", "- id: principles.2", "- id: background.1")
    assert found(files) == [
        ("drafts/mws-1.yaml", 20, 13, "error", "duplicate-id",
         "the id 'background.1' is used twice in this draft (first on line 9)",
         "ids must be unique within a draft: sections and paragraphs share one set of ids"),
    ]


def test_general_is_reserved_as_a_paragraph_id():
    files = replaced(SMALL, "drafts/mws-1.yaml", "- id: principles.2", "- id: general")
    assert found(files) == [
        ("drafts/mws-1.yaml", 20, 13, "error", "reserved-id", "'general' is reserved for comments on the whole draft",
         "choose another id"),
    ]


# ---------------------------------------------------------------- comment files

def test_a_stakeholder_outside_the_roster_points_at_the_stakeholder_value():
    files = replaced(SMALL, "comments/wwf.yaml", "stakeholder: wwf", "stakeholder: wwf-asia")
    assert found(files) == [
        ("comments/wwf.yaml", 1, 14, "error", "unknown-stakeholder",
         "'wwf-asia' is not in the roster of stakeholders in cm.yaml", "add the stakeholder to cm.yaml first"),
    ]


def test_a_misspelt_roster_id_gets_a_did_you_mean():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "stakeholder: lao-pdr", "stakeholder: lao_pdr")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 1, 14, "error", "unknown-stakeholder",
         "'lao_pdr' is not in the roster of stakeholders in cm.yaml", "did you mean 'lao-pdr'?"),
    ]


def test_a_comment_file_on_a_missing_draft_points_at_its_draft_field():
    files = replaced(SMALL, "comments/wwf.yaml", "stakeholder: wwf\n", "stakeholder: wwf\ndraft: mws-0\n")
    assert found(files) == [
        ("comments/wwf.yaml", 2, 8, "error", "unknown-draft", "the draft 'mws-0' is not in drafts/", "did you mean 'mws-1'?"),
    ]


def test_a_file_still_reviewing_that_holds_comments_is_a_state_warning():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "stakeholder: lao-pdr\n", "stakeholder: lao-pdr\nstate: reviewing\n")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 2, 8, "warning", "state-mismatch", "the state is 'reviewing' but the file holds 2 comment(s)",
         "set `state: submitted` once comments have arrived"),
    ]


def test_a_comment_id_used_in_two_files_names_the_first_file_and_line():
    files = replaced(SMALL, "comments/wwf.yaml", "- id: WWF-2", "- id: LAO-1")
    assert found(files) == [
        ("comments/wwf.yaml", 9, 9, "error", "duplicate-id", "the comment id 'LAO-1' is already used in comments/lao-pdr.yaml:4",
         "every comment id must be unique across the project"),
    ]


# ---------------------------------------------------------------- comments and decisions

def test_an_unknown_target_points_at_the_target_value_with_a_suggestion():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "target: principles\n", "target: principle\n")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 16, 13, "error", "unknown-target", "target 'principle' is not in draft mws-1",
         "did you mean 'principles'?"),
    ]


def test_a_comment_may_target_a_paragraph_that_a_decided_edit_adds():
    # fisheries.2 is inserted by WWF-2's response edits (partially accepted).
    assert found(replaced(SMALL, "comments/lao-pdr.yaml", "target: principles\n", "target: fisheries.2\n")) == []


def test_a_paragraph_only_proposed_by_an_undecided_edit_is_no_target():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "target: principles\n", "target: fisheries.2\n")
    files = replaced(files, "comments/wwf.yaml", "decision: partially", "decision: noted")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 16, 13, "error", "unknown-target", "target 'fisheries.2' is not in draft mws-1",
         "did you mean 'fisheries.1'?"),
        ("comments/wwf.yaml", 19, 7, "warning", "edits-not-applied", "comment WWF-2 is noted, so its response edits are not applied", None),
    ]


def test_partially_without_edits_points_at_the_decision():
    files = replaced(SMALL, "comments/wwf.yaml", WWF_2_EDITS, "")
    assert found(files) == [
        ("comments/wwf.yaml", 17, 17, "error", "partially-without-edits",
         "comment WWF-2 is partially accepted but its response has no `edits:` saying which part applies",
         "add `edits:` under `response:` with the part of the proposal that is taken"),
    ]


def test_rejected_without_a_note_is_a_warning_at_the_decision():
    files = replaced(SMALL, "comments/wwf.yaml", "decision: noted\n      note: The fisheries section covers this.\n",
                     "decision: rejected\n")
    assert found(files) == [
        ("comments/wwf.yaml", 7, 17, "warning", "rejected-without-note",
         "comment WWF-1 is rejected without a note; stakeholders expect a reason", "add `note:` under `response:`"),
    ]


def test_response_edits_of_a_rejected_comment_are_reported_at_the_edits_key():
    files = replaced(SMALL, "comments/wwf.yaml", "decision: partially", "decision: rejected")
    assert found(files) == [
        ("comments/wwf.yaml", 19, 7, "warning", "edits-not-applied", "comment WWF-2 is rejected, so its response edits are not applied", None),
    ]


# ---------------------------------------------------------------- texts

def test_a_control_character_names_the_comment_and_the_character():
    files = replaced(SMALL, "comments/wwf.yaml", "text: Fisheries deserve more weight.", 'text: "Fisheries\\x0c deserve more weight."')
    assert found(files) == [
        ("comments/wwf.yaml", 5, 11, "error", "control-character",
         "comment WWF-1: the text holds the control character U+000C (FORM FEED), which Word documents cannot hold",
         "delete it; it usually comes from copying out of a PDF or another program"),
    ]


def test_a_text_in_a_language_the_project_lacks_points_at_the_language_key():
    # Lao written with Laos's country code, LA (ISO 639's la is Latin): the hint names lo.
    files = replaced(SMALL, "comments/lao-pdr.yaml", "lo: ບອກຈຳນວນຄົນ.", "la: ບອກຈຳນວນຄົນ.")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 6, 38, "error", "unknown-language",
         "comment LAO-1: 'la' is not one of the project's languages (en, zh, vi, th, lo, km)", "did you mean 'lo'?"),
    ]
    # A code of no language near one of the project's is not guessed at.
    files = replaced(SMALL, "comments/lao-pdr.yaml", "lo: ບອກຈຳນວນຄົນ.", "xx: ບອກຈຳນວນຄົນ.")
    assert found(files)[0][6] == "add it to `languages` in cm.yaml, or correct the code"


def test_a_replace_in_an_unknown_language_is_reported_at_lang_and_not_found_at_replace():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "lang: en", "lang: eng")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 8, 18, "error", "replace-not-found",
         "comment LAO-1: the old text 'sixty million' is not in paragraph 'background.1' (eng)",
         "it is in the 'en' text: set `lang: en`"),
        ("comments/lao-pdr.yaml", 10, 15, "error", "unknown-language",
         "'eng' is not one of the project's languages (en, zh, vi, th, lo, km)", "did you mean 'en'?"),
    ]


# ---------------------------------------------------------------- edits, through the engine

def test_replace_not_found_points_at_the_replace_line():
    files = replaced(SMALL, "comments/lao-pdr.yaml", "replace: sixty million", "replace: 60 million")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 8, 18, "error", "replace-not-found",
         "comment LAO-1: the old text '60 million' is not in paragraph 'background.1' (en)",
         "copy the old text exactly as the draft has it"),
    ]


def test_an_insert_after_a_section_points_at_after_and_suggests_at():
    files = replaced(SMALL, "comments/wwf.yaml", "          after: fisheries.1\n", "          after: fisheries\n")
    assert found(files) == [
        ("comments/wwf.yaml", 21, 18, "error", "unknown-target",
         "comment WWF-2: insert is placed after 'fisheries', which is not a paragraph of the draft",
         "'fisheries' is a section: write `at: fisheries` to add at its end"),
    ]


def test_the_later_of_two_overlapping_replacements_is_the_conflict():
    files = replaced(SMALL, "comments/wwf.yaml", "  - id: WWF-2\n",
                     "  - id: WWF-3\n    target: background.1\n    text: Rounder.\n    proposal:\n"
                     "      - replace: sixty million people\n        with: many people\n"
                     "    response:\n      decision: accepted\n  - id: WWF-2\n")
    assert found(files) == [
        ("comments/wwf.yaml", 13, 18, "error", "edit-conflict",
         "comment WWF-3: comment LAO-1 already changes the same text 'sixty million' in 'background.1'; this replace is not applied",
         "merge the two edits into one, on one of the two comments"),
    ]


# ---------------------------------------------------------------- the whole list

def test_problems_of_every_file_come_sorted_by_file_line_and_column_with_load_problems_among_them():
    files = replaced(SMALL, "cm.yaml", "draft: mws-1", "draft: mws-2")
    files = replaced(files, "comments/wwf.yaml", "stakeholder: wwf", "stakeholder: wwf-asia")
    files = with_file(files, "comments/thailand.yaml", "stakeholder: thailand\nstate: [\n")
    diagnostics = check_project(load(files))
    assert [(d.path, d.line, d.column, d.rule) for d in diagnostics] == [
        ("cm.yaml", 5, 8, "unknown-draft"),
        ("comments/thailand.yaml", 3, 1, "yaml-syntax"),  # the unclosed list is found where the file ends
        ("comments/wwf.yaml", 1, 14, "unknown-stakeholder"),
    ]
    assert all(isinstance(d, Diagnostic) and d.is_error for d in diagnostics)


def test_a_language_code_in_other_case_is_pointed_at_the_projects_code():
    """BCP 47 codes are case-insensitive: EN is en (difflib alone shares no character between them)."""
    files = replaced(SMALL, "comments/lao-pdr.yaml", "lo: ບອກຈຳນວນຄົນ.", "LO: ບອກຈຳນວນຄົນ.")
    assert found(files) == [
        ("comments/lao-pdr.yaml", 6, 38, "error", "unknown-language",
         "comment LAO-1: 'LO' is not one of the project's languages (en, zh, vi, th, lo, km)", "did you mean 'lo'?"),
    ]
