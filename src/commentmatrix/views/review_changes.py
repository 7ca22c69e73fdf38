"""What a review copy shows with `--changes-since R`: round R's revision as tracked changes.

A round's draft is made by `cm round start` from the revised text of the round before, so the
changes from round R's draft to this round's are exactly R's decided edits, each credited to
the comment that caused it (the one revision engine, and the tracked view `cm render draft
--changes tracked` shows). A draft edited by hand afterwards differs from that revision in ways
no comment explains; the copy would then show a text that is not the draft under consultation,
so it is refused, naming the texts that differ.
"""

from __future__ import annotations

from collections.abc import Iterable

from commentmatrix.engine import revise
from commentmatrix.model.errors import Refusal
from commentmatrix.model.format import Draft, Round, Text
from commentmatrix.model.project import Project, walk_sections
from commentmatrix.model.text import as_mapping, nfc
from commentmatrix.views.draft import DraftView, build_draft_view

SHOWN_DIFFERENCES = 5


def changes_view(project: Project, chosen: Round, since_id: str, languages: Iterable[str]) -> DraftView:
    """The tracked view of round `since_id`'s revision, which must read as `chosen`'s draft."""
    since = project.round(since_id)
    if project.round_index(since.id) >= project.round_index(chosen.id):
        raise Refusal(f"--changes-since {since.id}: round {since.id} is not before round {chosen.id}",
                      hint="name an earlier round, such as the one before this")
    source = project.drafts_by_id.get(chosen.draft)
    revision = revise(project, since.draft)
    if revision is None or source is None:
        raise Refusal(f"the drafts of rounds {since.id} and {chosen.id} must both load: run cm validate")
    differing = differences(revision.to_draft(source.draft.id, source.draft.version), source.draft)
    following = project.rounds[project.round_index(since.id) + 1]
    if differing and following.id != chosen.id:
        # Round R's decided edits made the draft of the round after it; a later round's draft
        # holds that round's decisions too, which the copy would show as nobody's change.
        raise Refusal(f"--changes-since {since.id}: round {since.id}'s decided edits made the draft of round "
                      f"{following.id} ({following.draft}), and round {chosen.id}'s draft holds later rounds' decisions "
                      "too; a copy shows the changes of one round",
                      hint=f"give the round before this one: --changes-since {project.rounds[project.round_index(chosen.id) - 1].id}")
    if differing:
        shown = ", ".join(differing[:SHOWN_DIFFERENCES]) + (f" and {len(differing) - SHOWN_DIFFERENCES} more"
                                                           if len(differing) > SHOWN_DIFFERENCES else "")
        raise Refusal(f"--changes-since {since.id}: draft {chosen.draft} is not draft {since.draft} with round "
                      f"{since.id}'s decided edits: {shown} differ, and no comment explains the change, so the copy "
                      "cannot show it as a change credited to a comment",
                      hint="export the copy without --changes-since (it then shows this round's draft as it is)")
    return build_draft_view(project, revision, list(languages), tracked=True)


def differences(expected: Draft, actual: Draft) -> list[str]:
    """The ids of the texts (and 'the title') that differ between two drafts, in document order."""
    mine, theirs = _texts(expected), _texts(actual)
    found = [key for key in mine if mine[key] != theirs.get(key)]
    found += [key for key in theirs if key not in mine]
    return found


def _texts(draft: Draft) -> dict[str, tuple[object, ...]]:
    found: dict[str, tuple[object, ...]] = {"the title": (_text(draft.title),)}
    for section, parents in walk_sections(draft.sections):
        found[section.id] = (section.number, _text(section.title), parents[-1].id if parents else None,
                             tuple(p.id for p in section.paragraphs))
        for paragraph in section.paragraphs:
            found[paragraph.id] = (_text(paragraph.text), paragraph.kind, section.id)
    return found


def _text(text: Text | None) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((lang, nfc(value)) for lang, value in as_mapping(text).items()))
