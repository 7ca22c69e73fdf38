"""The bilingual consistency check: a text revised in one of its languages only.

A secretariat that takes "use 'basin' for 'catchment'" in the English and forgets the Chinese
publishes two texts that no longer say the same thing. So an applied edit that changes a text
in some of its languages, when no applied edit touches the others, is a warning; a response
with `single_language: true` says that was meant (the other language was right already). A new
paragraph in fewer languages than the paragraph it follows is the same mistake.
"""

from __future__ import annotations

from collections.abc import Iterator

from commentmatrix.model.diagnostics import Diagnostic, warning
from commentmatrix.model.project import CommentSource, Project
from commentmatrix.model.text import UNTAGGED
from commentmatrix.revision import Outcome, RevisedText, Revision


def language_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    for revision in revisions.values():
        applied: dict[tuple[str, str], Outcome] = {}
        for outcome in revision.outcomes:
            if outcome.status == "applied" and outcome.where is not None:  # Outcome.applied, without a call
                applied.setdefault((outcome.request.comment_id, outcome.where), outcome)
        for section, _ in revision.walk():
            texts: list[tuple[str, RevisedText, tuple[str, list[str]]]] = [(section.id, section.title, ("", []))]
            previous = (f"the title of section {section.number}", list(section.title.languages))
            for paragraph in section.paragraphs:
                texts.append((paragraph.id, paragraph.text, previous))
                if not paragraph.deleted_by:
                    previous = (f"{paragraph.id} before it", paragraph.text.languages)
            for text_id, text, neighbour in texts:
                yield from _one_text(applied, text_id, text, neighbour)


def _one_text(applied: dict[tuple[str, str], Outcome], text_id: str,
              text: RevisedText, neighbour: tuple[str, list[str]]) -> Iterator[Diagnostic]:
    if text.deleted_by:
        return
    if text.inserted_by:
        before, languages = neighbour
        missing = [lang for lang in languages if lang not in text.base]
        if missing and len(languages) > 1 and (outcome := _unexcused(applied, text.inserted_by, text_id)):
            if UNTAGGED in text.languages:  # a plain string: "is in  only" named no language
                yield _warning(outcome, text.inserted_by,
                               f"the new paragraph {text_id} is a text of no language, but {before} is in {_list(languages)}",
                               "give the insert in each language: `insert: {" + ", ".join(f"{lang}: ..." for lang in languages) + "}`")
            else:
                yield _warning(outcome, text.inserted_by,
                               f"the new paragraph {text_id} is in {_list(text.languages)} only, "
                               f"but {before} is in {_list(languages)}",
                               f"add the {_list(missing)} text to the insert")
        return
    if len(text.languages) < 2:
        return
    changed = [lang for lang in text.languages if text.replacements.get(lang)]
    untouched = [lang for lang in text.languages if lang not in changed]
    if not changed or not untouched:
        return
    for comment_id in dict.fromkeys(r.by for lang in changed for r in sorted(text.replacements[lang])):
        if outcome := _unexcused(applied, comment_id, text_id):
            yield _warning(outcome, comment_id,
                           f"the edit changes {text_id} in {_list(changed)}, and no applied edit changes its {_list(untouched)} text",
                           f"add a replace with `lang: {untouched[0]}` to say the same there, or, if the "
                           f"{_list(untouched)} text was right already, set `single_language: true` under `response:`")


def _unexcused(applied: dict[tuple[str, str], Outcome], comment_id: str, text_id: str) -> Outcome | None:
    """The comment's applied edit of this text, unless its response says one language was meant.

    Asked before any message is written: in a project whose responses excuse most such edits, the
    words of warnings never shown were most of this rule's time.
    """
    # The comment is found through its edit, not its id: a duplicated id must not move the warning.
    outcome = applied.get((comment_id, text_id))
    if outcome is None or not isinstance(outcome.request.origin, CommentSource) or len(outcome.request.path) < 2:
        return None
    index = outcome.request.path[1]
    if not isinstance(index, int):
        return None
    response = outcome.request.origin.file.comments[index].response
    if response is not None and response.single_language:
        return None
    return outcome


def _warning(outcome: Outcome, comment_id: str, message: str, hint: str) -> Diagnostic:
    source = outcome.request.origin
    line, column = source.doc.position(outcome.request.path)
    return warning(source.path, line, column, "one-language-edit", f"comment {comment_id}: {message}", hint)


def _list(languages: list[str]) -> str:
    return ", ".join(languages)
