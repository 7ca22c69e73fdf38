"""The bilingual consistency warning (one-language-edit) on projects built in memory."""

from __future__ import annotations

from projects import SMALL, load, replaced

from commentmatrix.rules import check_project


def found(files: dict[str, str]) -> list[tuple]:
    return [(d.path, d.line, d.column, d.rule, d.message, d.hint) for d in check_project(load(files))
            if d.rule == "one-language-edit"]


UNMARKED = replaced(SMALL, "comments/lao-pdr.yaml", "      date: 2030-02-01\n      single_language: true\n",
                    "      date: 2030-02-01\n")


def test_an_edit_of_one_language_of_a_trilingual_paragraph_is_a_warning_at_the_edit():
    assert found(UNMARKED) == [(
        "comments/lao-pdr.yaml", 8, 9, "one-language-edit",
        "comment LAO-1: the edit changes background.1 in en, and no applied edit changes its zh, vi text",
        "add a replace with `lang: zh` to say the same there, or, if the zh, vi text was right already, "
        "set `single_language: true` under `response:`")]


def test_single_language_on_the_response_says_it_was_meant():
    assert found(SMALL) == []


def test_edits_of_every_language_by_several_comments_are_consistent():
    other_languages = replaced(UNMARKED, "comments/wwf.yaml", "  - id: WWF-1\n", """\
  - id: WWF-3
    target: background.1
    text: The other languages too.
    response:
      decision: accepted
      edits:
        - replace: 六千万
          with: 七千万
          lang: zh
        - replace: sáu mươi triệu
          with: bảy mươi triệu
          lang: vi
  - id: WWF-1
""")
    assert found(other_languages) == []
    zh_only = replaced(other_languages, "comments/wwf.yaml", """\
        - replace: sáu mươi triệu
          with: bảy mươi triệu
          lang: vi
""", "")
    assert [m[4] for m in found(zh_only)] == [
        "comment LAO-1: the edit changes background.1 in en, zh, and no applied edit changes its vi text",
        "comment WWF-3: the edit changes background.1 in en, zh, and no applied edit changes its vi text"]


def test_a_new_paragraph_in_fewer_languages_than_the_one_before_is_a_warning():
    files = replaced(SMALL, "comments/wwf.yaml", """\
      edits:
        - insert: {en: Protect the deep pools., zh: 保护深潭。}""", """\
      edits:
        - insert: {en: Protect the deep pools.}""")
    assert [(m[0], m[1], m[4], m[5]) for m in found(files)] == [(
        "comments/wwf.yaml", 20, "comment WWF-2: the new paragraph fisheries.2 is in en only, but fisheries.1 before it is in en, zh",
        "add the zh text to the insert")]


def test_an_open_or_rejected_edit_changes_nothing_and_warns_of_nothing():
    open_comment = replaced(UNMARKED, "comments/lao-pdr.yaml", "      decision: accepted\n", "      decision: rejected\n      note: No.\n")
    assert found(open_comment) == []
