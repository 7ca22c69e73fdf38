"""A reviewed Word copy into comments: Word comments, tracked changes and the comments table.

Each Word paragraph is traced to a draft text (id and language) by its review-copy bookmark, or,
when the bookmarks were lost (the text was pasted into a new file), by its words, with the
match's confidence reported. A tracked change becomes a `replace` (or `insert`/`delete` of a
whole paragraph) the edit engine can apply: the old text is widened to whole words, then to
more words until it occurs once in its paragraph, as the engine requires. A Word comment whose
range touches a tracked change of the same paragraph carries that change as its proposal.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from commentmatrix.exchange.import_plan import (
    MAX_COMMENTS,
    ImportPlan,
    Planned,
    fingerprint,
    keep_new,
    skipped_blank,
    too_many,
    with_quoted_words,
)
from commentmatrix.exchange.import_round import round_of_copy
from commentmatrix.exchange.officezip import UnsafeFile
from commentmatrix.exchange.reviewed_docx import MAX_COMMENT_CHARS, ReviewedDocument, WordComment, WordParagraph
from commentmatrix.exchange.shown_changes import shown_authors, without_shown_changes
from commentmatrix.exchange.table_file import Row, Table
from commentmatrix.exchange.table_import import find_columns, plan_table
from commentmatrix.model.errors import Refusal
from commentmatrix.model.format import GENERAL, ID_FORMAT, Draft, Round
from commentmatrix.model.project import Project, walk_sections
from commentmatrix.model.segmentation import (
    common_ends,
    is_grapheme_boundary,
    language_by_script,
    script_of,
    script_of_language,
    word_bounds,
)
from commentmatrix.model.text import UNTAGGED, as_mapping, nfc
from commentmatrix.textmatch import TextMatcher
from commentmatrix.views.review_marks import TABLE_MARK, names_for, parse_copy_identifier
from commentmatrix.write.project_edits import NewComment

TEXT_MATCH_FLOOR = 0.75
QUOTE_WIDTH = 300
#: Changes are widened and proposed as edits in paragraphs up to this long; a draft paragraph
#: is a few hundred characters, rarely a few thousand.
MAX_WIDENED_CHARS = 20_000


@dataclass(frozen=True)
class DraftText:
    id: str
    lang: str | None
    text: str
    kind: str  # title, section, paragraph
    prefix: str = ""  # a heading's "5.3 " in the review copy
    item: bool = False
    #: Where an edit of it looks for its old text, when that is more than the text itself: a
    #: section's title, paragraphs and subsections (the texts apart, so no match spans two).
    scope: str | None = None


@dataclass
class Traced:
    """A Word paragraph traced to a draft text; confidence 1.0 for a bookmark."""

    paragraph: WordParagraph
    text: DraftText
    confidence: float
    how: str


@dataclass
class _Hunk:
    start: int
    end: int
    old: str
    new: str
    author: str | None
    date: Any
    #: The moves (Word's w:name) that took text out of it or put text in, and the text moved
    #: (as it was; for where it went alone, as it is now).
    moves: tuple[str, ...] = ()
    moved: str = ""


def _draft(project: Project, chosen: Round) -> Draft:
    """The draft a round consults on: the comments are matched with it."""
    source = project.drafts_by_id.get(chosen.draft)
    if source is None:
        raise Refusal(f"the draft of round {chosen.id}, {chosen.draft}, does not load: run cm validate")
    return source.draft


def draft_texts(draft: Draft) -> dict[tuple[str, str | None], DraftText]:
    found: dict[tuple[str, str | None], DraftText] = {}

    def add(text_id: str, text: Any, kind: str, prefix: str = "", item: bool = False) -> None:
        for lang, value in as_mapping(text).items():
            key = (text_id, None if lang == UNTAGGED else lang)
            found.setdefault(key, DraftText(text_id, key[1], nfc(value), kind, prefix, item))

    add(draft.id, draft.title, "title")
    for section, _ in walk_sections(draft.sections):
        add(section.id, section.title, "section", f"{section.number} ")
        for paragraph in section.paragraphs:
            add(paragraph.id, paragraph.text, "paragraph", item=paragraph.kind == "item")
    for section, _ in walk_sections(draft.sections):
        inside = [as_mapping(text) for text in _section_texts(section)]
        for lang in as_mapping(section.title):
            key = (section.id, None if lang == UNTAGGED else lang)
            # As the engine looks for a replace's old text in a section: every text in the
            # edit's language, else in no language (an edit without one: in all of them).
            values = [nfc(value) for mapping in inside for value in
                      (mapping.values() if key[1] is None else [mapping.get(lang, mapping.get(UNTAGGED))])
                      if value is not None]
            found[key] = replace(found[key], scope="\x00".join(values))
    return found


def _section_texts(section: Any) -> Iterator[Any]:
    yield section.title
    for paragraph in section.paragraphs:
        yield paragraph.text
    for child in section.sections:
        yield from _section_texts(child)


def plan_review(project: Project, document: ReviewedDocument, stakeholder: str, round_id: str | None = None) -> ImportPlan:
    """The comments of a reviewed copy, in the round whose draft the copy shows (see
    import_round), matched with that round's draft."""
    plan = ImportPlan()
    identity = parse_copy_identifier(document.identifier)
    chosen, remark = round_of_copy(project, identity, round_id)
    if remark:
        plan.remarks.append(remark)
    draft = _draft(project, chosen)
    texts = draft_texts(draft)
    if identity is None and document.identifier and draft.id not in document.identifier.split():
        plan.remarks.append(f"this copy says it is of '{document.identifier}', not of draft {draft.id}: "
                            "paragraphs are matched by id and words")
    if identity is not None and identity.changes_since is not None:
        document = without_shown_changes(document, shown_authors(project, identity.changes_since))
    traced = _trace(project, draft, document, texts, plan)
    _untraced_changes(document, traced, plan)
    _untracked_typing(document, traced, plan)
    candidates: list[tuple[tuple[int, int], Planned]] = []
    hunks_taken: set[tuple[int, int]] = set()
    deleted = _wholly_deleted(traced)
    # Counted before any change is widened: each becomes a comment, and each costs a search.
    count = sum(1 for c in document.comments if c.text) + sum(len(_hunks(t.paragraph)) for t in traced.values())
    if count > MAX_COMMENTS:
        raise UnsafeFile(document.path, too_many(count, "Word comments and tracked changes"))
    proposals = {index: _proposals(trace, deleted, plan) for index, trace in traced.items()}
    # Per paragraph, the next change no comment has taken yet: a comment spanning many changes
    # skips those taken before it in one step.
    free = {index: _Free([edit is not None for _, edit, *_ in found]) for index, found in proposals.items()}
    ends = {index: [hunk.end for hunk, *_ in found] for index, found in proposals.items()}
    # Numbered in the order their anchors appear, as Word's comment pane lists them (the order
    # of comments.xml is not kept by LibreOffice).
    end = (len(document.paragraphs), 0)
    ordered = sorted(document.comments, key=lambda c: (c.start.paragraph, c.start.offset) if c.start else end)
    blank: list[str] = []
    for ordinal, comment in enumerate(ordered, start=1):
        origin = f"Word comment {ordinal}" + (f" by {comment.author}" if comment.author else "")
        said = _thread_text(document, comment)
        if not said:
            blank.append(origin)
            continue
        start = comment.start.paragraph if comment.start else None
        trace = traced.get(start) if start is not None else None
        target = _target(trace)
        quote = document.quote(comment, QUOTE_WIDTH)
        text = said
        if quote:
            text = with_quoted_words(_short(quote), said)
        proposal: list[dict] = []
        if trace is not None and comment.start and comment.end:
            paragraph = comment.start.paragraph  # start, now known not to be None
            low = comment.start.offset
            high = comment.end.offset if comment.end.paragraph == paragraph else 10 ** 9
            # Changes are disjoint and in order: those ending at or after `low` start at one index.
            found = proposals[paragraph]
            number = free[paragraph].next(bisect.bisect_left(ends[paragraph], low))
            while number < len(found) and found[number][0].start <= high:
                hunk, edit, *_ = found[number]
                if edit and low <= hunk.end:
                    hunks_taken.add((paragraph, number))
                    free[paragraph].take(number)
                    proposal.append(edit)
                number = free[paragraph].next(number + 1)
        remarks = [] if trace is None or trace.confidence == 1.0 else [_matched(trace)]
        remarks.extend(_thread_remarks(comment))
        lang, tagged = _language_by_script(comment, project.languages)
        remarks.extend(tagged)
        source = fingerprint("docx", stakeholder, target, text, proposal, comment.author, comment.date)
        place = (comment.start.paragraph, comment.start.offset) if comment.start else (len(document.paragraphs), ordinal)
        candidates.append((place, Planned(origin, NewComment(stakeholder, target, text, lang, proposal=proposal,
                                                             by=comment.author, date=comment.date, source=source,
                                                             round=chosen.id), remarks)))
    if blank:
        plan.remarks.append(skipped_blank(str(document.path), blank, "Word comment"))
    moves = _moves_across(traced, proposals)
    candidates.extend(_moved_across(moves, traced, proposals, hunks_taken, stakeholder, chosen.id))
    for index, trace in traced.items():
        for number, (hunk, edit, description, unproposed, heard) in enumerate(proposals[index]):
            if (index, number) in hunks_taken:
                continue
            where = _where(trace)
            remarks = [] if trace.confidence == 1.0 else [_matched(trace)]
            for name in hunk.moves:
                if name in moves:
                    others = ", ".join(dict.fromkeys(_where(traced[i]) for i, _ in moves[name] if i != index))
                    remarks.append(f"Word records this as one end of a move of “{_short(hunk.moved.strip())}” (with "
                                   f"{others}); a Word comment carries the other end")
            if edit is None:
                remarks.append(f"{unproposed}, so the change is described, not proposed")
            origin = f"tracked change in {where}" + (f" by {hunk.author}" if hunk.author else "")
            proposal = [edit] if edit else []
            source = fingerprint("docx", stakeholder, trace.text.id, heard, proposal, hunk.author, hunk.date)
            candidates.append(((index, hunk.start), Planned(origin, NewComment(
                stakeholder, _target(trace), description, topic="wording", proposal=proposal, by=hunk.author,
                date=hunk.date, source=source, round=chosen.id), remarks)))
    candidates.extend(_inserted_paragraphs(project, draft, chosen, document, traced, stakeholder))
    candidates.extend(_joined_and_split(document, traced, stakeholder, chosen.id, plan))
    # In document order, as the reviewer reads it; a comment before the change it sits on.
    keep_new(project, plan, [planned for _, planned in sorted(candidates, key=lambda item: item[0])])
    _comments_table(project, document, stakeholder, plan, chosen)
    return plan


def _where(trace: Traced) -> str:
    return f"{trace.text.id}" + (f" ({trace.text.lang})" if trace.text.lang else "")


def _moves_across(traced: dict[int, Traced], proposals: dict) -> dict[str, list[tuple[int, int]]]:
    """The moves (Word's w:name) whose text left one traced paragraph for another: name -> the
    changes, (paragraph, number), that are its ends, in document order."""
    ends: dict[str, list[tuple[int, int]]] = {}
    for index in traced:
        for number, (hunk, *_) in enumerate(proposals[index]):
            for name in hunk.moves:
                ends.setdefault(name, []).append((index, number))
    return {name: found for name, found in ends.items() if len({index for index, _ in found}) > 1}


def _moved_across(moves: dict[str, list[tuple[int, int]]], traced: dict[int, Traced], proposals: dict,
                  taken: set[tuple[int, int]], stakeholder: str, round_id: str) -> list[tuple[tuple[int, int], Planned]]:
    """A move from one paragraph to another as one comment, on the paragraph the text left:
    its description says from where to where, and its proposal is the change at each end (a
    replace in each paragraph), or none if one end cannot be proposed. As a deletion and an
    insertion, it read as two unrelated comments."""
    found: list[tuple[tuple[int, int], Planned]] = []
    for ends in moves.values():
        if any(end in taken for end in ends):
            continue  # a Word comment took a part of it: the rest are told so under them
        parts = [(traced[index], proposals[index][number]) for index, number in ends]
        source_trace, (source, *_) = next(((t, part) for t, part in parts if part[0].old), parts[0])
        places = list(dict.fromkeys(_where(trace) for trace, _ in parts))

        description, heard = (_move_words(source, places, parts, which) for which in (2, 4))
        edits = []
        for trace, (_, edit, *_) in parts:
            if edit is not None and trace.text.id != source_trace.text.id:
                edit = {**edit, "in": trace.text.id}
            edits.append(edit)
        remarks = [_matched(trace) for trace, _ in parts if trace.confidence != 1.0]
        unproposed = [(trace, why) for trace, (_, edit, _, why, _) in parts if edit is None]
        if unproposed:
            trace, why = unproposed[0]
            remarks.append(f"in {_where(trace)}, {why}, so the move is described, not proposed")
        proposal = [] if unproposed else [edit for edit in edits if edit is not None]
        taken.update(ends)
        origin = f"tracked move from {places[0]}" + (f" by {source.author}" if source.author else "")
        fingerprinted = fingerprint("docx", stakeholder, source_trace.text.id, heard, proposal, source.author, source.date)
        found.append(((ends[0][0], source.start), Planned(origin, NewComment(
            stakeholder, _target(source_trace), description, topic="wording", proposal=proposal, by=source.author,
            date=source.date, source=fingerprinted, round=round_id), remarks)))
    return found


def _thread_text(document: ReviewedDocument, comment: WordComment) -> str:
    """A Word comment's text with the replies of its thread after it, each marked with its
    author: a reply answers the comment, it is no new comment on the draft."""
    parts = [comment.text] if comment.text else []
    for reply in comment.replies:
        if reply.text:
            parts.append(f"Reply by {reply.author or 'an unknown author'}: {reply.text}")
    text = "\n\n".join(parts)
    if len(text) > MAX_COMMENT_CHARS:
        raise UnsafeFile(document.path, f"comment {comment.id} by {comment.author or 'an unknown author'} with the replies "
                                        f"in its thread is {len(text):,} characters long; cm imports comments of up to "
                                        f"{MAX_COMMENT_CHARS:,}: shorten or split it")
    return text


def _thread_remarks(comment: WordComment) -> list[str]:
    remarks = []
    replies = [reply for reply in comment.replies if reply.text]
    if replies:
        authors = ", ".join(dict.fromkeys(reply.author or "an unknown author" for reply in replies))
        remarks.append(f"{'the reply' if len(replies) == 1 else f'the {len(replies)} replies'} in its Word thread (by "
                       f"{authors}) {'is' if len(replies) == 1 else 'are'} part of this comment, not a comment of its own")
    if comment.done:
        remarks.append("marked resolved in Word: the reviewer may have settled it; check before answering it")
    if comment.orphan_reply:
        remarks.append("a reply in Word to a comment that is not in the file: imported as a comment of its own")
    return remarks


def _language_by_script(comment: WordComment, languages: list[str]) -> tuple[str | None, list[str]]:
    """The language a Word comment is tagged with, told by the script of the reviewer's words
    (its text and replies; the draft's words it quotes and cm's "Reply by" aside), and the
    remark that says so: Word's own language marks are those of the keyboard, not the text's."""
    said = "\n".join(part for part in (comment.text, *(reply.text for reply in comment.replies)) if part)
    found = language_by_script(said, languages)
    if found is None:
        return None, []
    lang, script = found
    return lang, [f"tagged {lang} by its script ({script} letters; no other language of cm.yaml is written in them)"]


class _Free:
    """The changes of a paragraph a comment may still take: `next(i)` is the first from i on,
    in near constant time (skips are shortened as they are followed)."""

    def __init__(self, available: list[bool]):
        self.after = [i if ok else i + 1 for i, ok in enumerate(available)] + [len(available)]

    def next(self, number: int) -> int:
        root = number
        while self.after[root] != root:
            root = self.after[root]
        while self.after[number] != root:
            self.after[number], number = root, self.after[number]
        return root

    def take(self, number: int) -> None:
        self.after[number] = number + 1


def _target(trace: Traced | None) -> str:
    if trace is None or trace.text.kind == "title":
        return GENERAL
    return trace.text.id


def _matched(trace: Traced) -> str:
    return f"paragraph {trace.paragraph.index + 1} of the document matched to {trace.text.id} by its words ({trace.confidence:.0%} alike)"


# ---------------------------------------------------------------- tracing paragraphs

def _trace(project: Project, draft: Draft, document: ReviewedDocument, texts: dict, plan: ImportPlan) -> dict[int, Traced]:
    names = names_for(draft, project.languages)
    traced: dict[int, Traced] = {}
    seen: set[tuple[str, str | None]] = set()
    for paragraph in document.paragraphs:
        if paragraph.in_table:
            continue
        key = next((names[m] for m in paragraph.marks if m in names), None)
        if key is not None and key not in seen and key in texts:
            seen.add(key)
            traced[paragraph.index] = Traced(paragraph, texts[key], 1.0, "bookmark")
    lost = [p for p in document.paragraphs if not p.in_table and p.index not in traced and p.original.strip()]
    remaining = {key: text for key, text in texts.items() if key not in seen}
    matcher = TextMatcher.of((key, " ".join(form.split())) for key, text in remaining.items()
                             for form in (text.text, text.prefix + text.text))
    for paragraph in lost:
        key = matcher.exact(" ".join(paragraph.original.split()))
        if key is not None:
            traced[paragraph.index] = Traced(paragraph, remaining.pop(key), 1.0, "words")
            matcher.discard(key)
    # Filtered once: removing each found paragraph from the list scanned it each time.
    lost = [p for p in lost if p.index not in traced]
    # Near matches only for the paragraphs a comment, a change or an added paragraph needs.
    wanted = _needed(document)
    needed = [p for p in lost if p.index in wanted]
    for number, paragraph in enumerate(needed):
        best = matcher.closest(" ".join(paragraph.original.split()), TEXT_MATCH_FLOOR)
        if best is not None:
            key, ratio = best
            # Rounded down: a near match must never be reported as 100% alike.
            traced[paragraph.index] = Traced(paragraph, remaining.pop(key), math.floor(ratio * 100) / 100, "words")
            matcher.discard(key)
        if matcher.exhausted:
            left = needed[number + (best is not None):]
            if left:
                plan.remarks.append(f"cm stopped comparing the document's paragraphs with the draft's by their words (the "
                                    f"work one import may spend on it is used up): {len(left):,} paragraph(s) from "
                                    f"paragraph {left[0].index + 1} on were not looked for in the draft")
            break
    return dict(sorted(traced.items()))


def _untraced_changes(document: ReviewedDocument, traced: dict[int, Traced], plan: ImportPlan) -> None:
    """Tracked changes in a paragraph that is no text of the draft (the cover note, or one not
    found by its words) are not imported: said, not left out silently."""
    for paragraph in document.paragraphs:
        if paragraph.in_table or paragraph.index in traced or not paragraph.changed:
            continue
        kept = paragraph.text("keep", "delete").strip()
        if kept:  # a paragraph wholly added is an added paragraph, imported as one
            plan.remarks.append(f"paragraph {paragraph.index + 1} of the document (“{_short(kept)}”) is no text of the "
                                "draft cm could find: its tracked changes are not imported")


def _untracked_typing(document: ReviewedDocument, traced: dict[int, Traced], plan: ImportPlan) -> None:
    """A paragraph traced by its bookmark whose words, before its tracked changes, are not the
    draft's: the reviewer typed with Track Changes off (or pasted over it). cm cannot tell their
    words from the draft's, so it proposes nothing from them; it says where, and what differs.
    A paragraph split in two (its mark inserted) is compared with the rest that follows it."""
    paragraphs = document.paragraphs
    for index, trace in traced.items():
        if trace.how != "bookmark":
            continue  # found by its words: how alike it is is said with the comments on it
        paragraph = trace.paragraph
        now = paragraph.original
        following = index + 1
        while (_split_off(paragraphs[following - 1]) and following < len(paragraphs) and following not in traced
               and not paragraphs[following].in_table):
            now += paragraphs[following].original
            following += 1
        prefix = trace.text.prefix if now.startswith(trace.text.prefix) else ""
        now = now[len(prefix):]
        draft = trace.text.text
        if now.strip() == draft.strip():
            continue
        old, new = _difference(draft.strip(), now.strip())
        said = (f"“{_head(old, 80)}” is “{_head(new, 80)}”" if old and new else f"“{_head(old, 80)}” is missing" if old
                else f"“{_head(new, 80)}” was added")
        plan.remarks.append(f"paragraph {index + 1} of the document ({_where(trace)}) differs from the draft with no "
                            f"tracked change (typed with Track Changes off?): {said}; it is not imported: compare it "
                            "with the draft")


def _split_off(paragraph: WordParagraph) -> bool:
    """Whether the reviewer pressed Enter in the paragraph: its mark is inserted."""
    return paragraph.mark_change is not None and paragraph.mark_change.op == "insert"


def _difference(old: str, new: str) -> tuple[str, str]:
    """The words that differ between two texts: what is left once their common start and end
    are set aside, widened to whole space-separated words."""
    start, end = common_ends(old, new)
    while start > 0 and not old[start - 1].isspace():
        start -= 1
    while end > 0 and not old[len(old) - end].isspace():
        end -= 1
    return old[start:len(old) - end].strip(), new[start:len(new) - end].strip()


def _needed(document: ReviewedDocument) -> set[int]:
    needed = {c.start.paragraph for c in document.comments if c.start}
    previous = None
    for paragraph in document.paragraphs:
        if paragraph.in_table:
            continue
        if paragraph.changed or paragraph.mark_change is not None:
            needed.add(paragraph.index)
            if not paragraph.text("keep", "delete").strip() and previous is not None:
                needed.add(previous)  # the paragraph an added one follows
        if paragraph.text("keep", "delete").strip():
            previous = paragraph.index
    return needed


# ---------------------------------------------------------------- tracked changes

def _hunks(paragraph: WordParagraph) -> list[_Hunk]:
    """Runs of inserted and deleted pieces between kept text, with their place in the original."""
    hunks: list[_Hunk] = []
    position = 0
    current: tuple[_Hunk, list[str], list[str]] | None = None
    moved_away = {piece.move for piece in paragraph.pieces if piece.move is not None and piece.op == "delete"}

    def close() -> None:
        if current is not None:
            hunk, old, new = current
            hunk.old, hunk.new = "".join(old), "".join(new)

    for piece in paragraph.pieces:
        if piece.op == "keep":
            close()
            current = None
            position += len(piece.text)
            continue
        if current is None:
            current = (_Hunk(position, position, "", "", piece.author, piece.date), [], [])
            hunks.append(current[0])
        if piece.move is not None:
            hunk = current[0]
            if piece.move not in hunk.moves:
                hunk.moves += (piece.move,)
            if piece.op == "delete" or piece.move not in moved_away:
                hunk.moved += piece.text
        if piece.op == "delete":
            current[1].append(piece.text)
            position += len(piece.text)
            current[0].end = position
        else:
            current[2].append(piece.text)
    close()
    return hunks


def _wholly_deleted(traced: dict[int, Traced]) -> dict[str, int]:
    """Paragraph ids whose every language version the reviewer deleted -> the first such Word
    paragraph: one `delete` edit (the engine deletes a paragraph in all its languages)."""
    versions: dict[str, list[Traced]] = {}
    for trace in traced.values():
        if trace.text.kind == "paragraph":
            versions.setdefault(trace.text.id, []).append(trace)
    return {text_id: found[0].paragraph.index for text_id, found in versions.items()
            if all(_emptied(t.paragraph) for t in found)}


def _emptied(paragraph: WordParagraph) -> bool:
    return bool(paragraph.text("delete").strip()) and not paragraph.text("keep", "insert").strip()


def _proposals(trace: Traced, deleted: dict[str, int], plan: ImportPlan) -> list[tuple[_Hunk, dict | None, str, str, str]]:
    """(hunk, edit or None, description, why there is no edit, the description the comment's fingerprint is of)
    for each tracked change of a traced paragraph. The fingerprint's is in the reviewer's own pieces of text
    (as descriptions were before a change inside a character was described by whole characters), so that
    a copy imported before is still known when imported again."""
    paragraph = trace.paragraph
    if not paragraph.changed:
        return []
    original = paragraph.original
    prefix = trace.text.prefix if original.startswith(trace.text.prefix) else ""
    body = original[len(prefix):]
    lang = trace.text.lang
    draft_text = trace.text.text
    if trace.text.id in deleted:
        if deleted[trace.text.id] != paragraph.index:
            return []
        hunk = _Hunk(0, len(original), original, "", *_first_author(paragraph))
        said = f"Delete paragraph {trace.text.id}: “{_short(body)}”."
        return [(hunk, {"delete": trace.text.id}, said, "", said)]
    if trace.text.kind == "section" and _emptied(paragraph):
        # A heading deleted whole: no edit deletes a section (only its paragraphs, one by one).
        # Taken as changes to the title after its number, it made a nonsense edit
        # (`replace: Review of Cooperation` / `with: Review of Cooperati`).
        hunk = _Hunk(0, len(original), original, "", *_first_author(paragraph))
        said = f"Delete the heading of section {trace.text.id}: “{_short(original)}”."
        return [(hunk, None, said, "an edit cannot delete a section (only its paragraphs, one by one)", said)]
    found = []
    spans = []
    # A paragraph far longer than any of a draft is described, not widened: each change's span
    # is searched for in the whole paragraph, so its cost grows with changes times length.
    # A section's title is widened until its old text occurs once in the whole section, where
    # the engine looks for it: unique in the title alone, 合作 of 合作原则 was refused as
    # occurring in every paragraph, and the import with it.
    haystack = trace.text.scope or draft_text
    widening = _Widening(body, lang, haystack if body == draft_text else None) if len(body) <= MAX_WIDENED_CHARS else None
    if widening is None:
        plan.remarks.append(f"paragraph {paragraph.index + 1} of the document is {len(body):,} characters long: its "
                            f"changes are described, not proposed (cm proposes edits in paragraphs of up to "
                            f"{MAX_WIDENED_CHARS:,} characters)")
    for hunk in _hunks(paragraph):
        if hunk.end <= len(prefix) and hunk.start < len(prefix):
            plan.remarks.append(f"a change to the number of section {trace.text.id} is left out: numbers are not text")
            continue
        if hunk.start < len(prefix):
            # The change starts in the number ("2 Review" retyped as "2 Overview"): its part in
            # the number is left out, as a change of the number alone is. Taken whole, its
            # start fell before the title's and cut the new text short.
            head = hunk.old[:len(prefix) - hunk.start]
            hunk = replace(hunk, start=len(prefix), old=hunk.old[len(head):],
                           new=hunk.new[len(head):] if hunk.new.startswith(head) else hunk.new)
        start, end = hunk.start - len(prefix), hunk.end - len(prefix)
        spans.append((widening.span(start, end, hunk.new) if widening else (start, end), hunk))
    local = _local_moves(paragraph)
    for name in local:
        # A move inside the paragraph is one change: the words between where the text was and
        # where it went are the old text of one replace. As a deletion and an unrelated
        # insertion, the reviewer's one move read as two comments.
        ends = [span for span, hunk in spans if name in hunk.moves]
        whole = (min(low for low, _ in ends), max(high for _, high in ends))
        spans = [(whole, hunk) if name in hunk.moves else (span, hunk) for span, hunk in spans]
    for (low, high), hunks in _merge(spans):
        old = body[low:high]
        # Hunks are disjoint and in order in the original text: the new text is made in one pass.
        parts, at = [], 0
        for hunk in sorted(hunks, key=lambda h: h.start):
            start, end = hunk.start - len(prefix) - low, hunk.end - len(prefix) - low
            parts += [old[at:start], hunk.new]
            at = end
        parts.append(old[at:])
        new = "".join(parts)
        first = hunks[0]
        merged = _Hunk(low + len(prefix), high + len(prefix), old, new, first.author, first.date,
                       tuple(dict.fromkeys(name for h in hunks for name in h.moves)), "".join(h.moved for h in hunks))
        # The draft's title is no section or paragraph: an edit cannot name it (`in:`), and as
        # a general comment's replace without `in:`, it made the import refused.
        titled = trace.text.kind == "title"
        applicable = widening is not None and body == draft_text and old and _occurs_once(haystack, old) and not titled
        edit = _replace(old, new, lang) if applicable else None
        unproposed = "the paragraph's words differ from the draft's"
        if titled:
            unproposed = "an edit cannot change the draft's title"
        elif widening is not None and body == draft_text and old:
            unproposed = (f"its words, “{_short(old)}”, occur more than once in section {trace.text.id}, where an edit "
                          "of its title looks for them" if trace.text.kind == "section" else
                          f"its words, “{_short(old)}”, do not occur exactly once in {trace.text.id}")
        described = _describe(old, new, hunks, _inside_a_character(body, len(prefix), hunks))
        heard = _describe(old, new, hunks)
        within = [name for name in merged.moves if name in local]
        if within:
            moved = "".join(h.moved for h in hunks if any(name in h.moves for name in within) and h.old)
            described = heard = (f"Move “{_short(moved.strip())}” within the paragraph: replace “{_short(old)}” "
                                 f"with “{_short(new)}”.")
        if titled:
            described, heard = f"In the title: {described}", f"In the title: {heard}"
        found.append((merged, edit, described, unproposed, heard))
    return found


def _move_words(source: _Hunk, places: list[str], parts: list, which: int) -> str:
    """A move across paragraphs in words, of each end's description (2) or of the one its
    fingerprint is of (4), as _proposals gives them."""
    steps = "; ".join(f"in {_where(trace)}, {part[which][0].lower()}{part[which][1:].rstrip('.')}" for trace, part in parts)
    return f"Move “{_short(source.moved.strip())}” from {places[0]} to {', '.join(places[1:])}: {steps}."


def _local_moves(paragraph: WordParagraph) -> set[str]:
    """The moves whose text was taken from and put into this same paragraph."""
    sides: dict[str, set[str]] = {}
    for piece in paragraph.pieces:
        if piece.move is not None and piece.op != "keep":
            sides.setdefault(piece.move, set()).add(piece.op)
    return {name for name, ops in sides.items() if len(ops) == 2}


def _first_author(paragraph: WordParagraph) -> tuple[str | None, Any]:
    changed = next((p for p in paragraph.pieces if p.op != "keep"), None)
    return (changed.author, changed.date) if changed else (None, None)


def _replace(old: str, new: str, lang: str | None) -> dict:
    edit: dict = {"replace": old, "with": new}
    if lang:
        edit["lang"] = lang
    return edit


def _widen(text: str, start: int, end: int, new: str, lang: str | None, draft: str | None) -> tuple[int, int]:
    """The span of a change grown to whole words of the paragraph's language (ICU's, so Thai,
    Lao and Khmer words, and Chinese ones of a character or two), then word by word until it
    occurs once in the text; its ends are never inside a character of the text as the reviewer
    left it either (an inserted tone mark belongs to the letter before it)."""
    return _Widening(text, lang, draft).span(start, end, new)


class _Widening:
    """The word bounds of one paragraph, found once for all its changes.

    Widening goes step by step (a word to the right, then one to the left, ...), and a span
    that occurs once keeps occurring once as it grows, as does one holding a word: so the first
    such step is found by galloping and halving, with a search of the text for each guess, not
    one per word. Walking word by word, a change in a paragraph of one word repeated took a
    search per word, each as long as the paragraph (minutes for a 1 KB file)."""

    def __init__(self, text: str, lang: str | None, draft: str | None):
        self.text = text
        self.bounds = sorted(b for b in word_bounds(text, lang) if is_grapheme_boundary(text, b))
        self.haystack = draft or text
        self.wordy = bool(re.search(r"\w", text))

    def span(self, start: int, end: int, new: str) -> tuple[int, int]:
        text, bounds = self.text, self.bounds
        shift = len(new) - (end - start)

        def whole(low: int, high: int) -> bool:
            return _revised_boundary(text, start, end, new, low) and _revised_boundary(text, start, end, new, high + shift)

        def unique(state: tuple[int, int]) -> bool:
            old = text[bounds[state[0]]:bounds[state[1]]]
            return _enough(old, self.wordy) and _occurs_once(self.haystack, old)

        # An insertion reads best after the words it follows: widen leftwards first.
        steps = _Steps(bisect.bisect_right(bounds, start) - 1, bisect.bisect_left(bounds, end), len(bounds) - 1,
                       1 if start == end else 0)
        found = steps.first(unique)
        while found is not None and not whole(bounds[steps.at(found)[0]], bounds[steps.at(found)[1]]):
            found = found + 1 if found < steps.last else None
        low, high = steps.at(found if found is not None else steps.last)
        return bounds[low], bounds[high]


class _Steps:
    """The spans widening passes through, as indexes into the bounds: a word to the right on
    even steps, to the left on odd ones, all to one side once the other is used up, which puts
    step k at a place computed directly, not walked to."""

    def __init__(self, low: int, high: int, top: int, step: int):
        self.low, self.high, self.top, self.step = low, high, top, step
        self.last = low + (top - high)

    def at(self, number: int) -> tuple[int, int]:
        evens = (number + 1) // 2 if self.step % 2 == 0 else number // 2
        rights = min(self.top - self.high, max(evens, number - self.low))
        return self.low - (number - rights), self.high + rights

    def first(self, holds) -> int | None:
        """The first step at which `holds` (true from there on), or None if at none."""
        if holds(self.at(0)):
            return 0
        below, guess = 0, 1
        while guess < self.last and not holds(self.at(guess)):
            below, guess = guess, guess * 2
        if guess >= self.last:
            guess = self.last
            if guess == below or not holds(self.at(guess)):
                return None
        while guess - below > 1:
            middle = (below + guess) // 2
            if holds(self.at(middle)):
                guess = middle
            else:
                below = middle
        return guess


def _revised_boundary(text: str, start: int, end: int, new: str, index: int) -> bool:
    """Whether `index` is a character boundary of the text as the reviewer left it (text with
    text[start:end] replaced by `new`), judged on the characters around it: building the whole
    revised text for each change of a long paragraph cost a copy of it per change."""
    length = len(text) - (end - start) + len(new)
    if index <= 0 or index >= length:
        return index in (0, length)
    low, high = max(index - _CONTEXT, 0), min(index + _CONTEXT, length)
    window = _revised_slice(text, start, end, new, low, high)
    return is_grapheme_boundary(window, index - low)


#: Characters either side that decide a character boundary: a cluster (a letter with its marks,
#: an emoji sequence, a flag's pair of regional indicators) is far shorter.
_CONTEXT = 32


def _revised_slice(text: str, start: int, end: int, new: str, low: int, high: int) -> str:
    after_at = start + len(new)
    parts = []
    if low < start:
        parts.append(text[low:min(high, start)])
    if high > start and low < after_at:
        parts.append(new[max(low - start, 0):min(high, after_at) - start])
    if high > after_at:
        parts.append(text[end + max(low - after_at, 0):end + (high - after_at)])
    return "".join(parts)


def _enough(old: str, wordy: bool) -> bool:
    """Old text worth quoting: not blank, and holding a word when the paragraph has words."""
    return bool(old.strip()) and (not wordy or bool(re.search(r"\w", old)))


def _occurs_once(haystack: str, needle: str) -> bool:
    first = haystack.find(needle)
    return first != -1 and haystack.find(needle, first + len(needle)) == -1


def _merge(spans: list[tuple[tuple[int, int], _Hunk]]) -> list[tuple[tuple[int, int], list[_Hunk]]]:
    merged: list[tuple[tuple[int, int], list[_Hunk]]] = []
    for (low, high), hunk in sorted(spans, key=lambda s: s[0]):
        if merged and low <= merged[-1][0][1]:
            (a, b), hunks = merged[-1]
            hunks.append(hunk)
            merged[-1] = ((a, max(b, high)), hunks)
        else:
            merged.append(((low, high), [hunk]))
    return merged


def _describe(old: str, new: str, hunks: list[_Hunk], cut: bool = False) -> str:
    """The change in words: what the reviewer deleted and typed; the widened old and new text
    when those pieces start or end inside a character (`cut`), as Word records a change made
    between a Thai letter and its tone mark: quoted alone, a bare mark sat on the quote sign."""
    deleted = old if cut else "".join(h.old for h in hunks)
    inserted = new if cut else "".join(h.new for h in hunks)
    if deleted and inserted:
        return f"Replace “{_short(deleted)}” with “{_short(inserted)}”."
    if deleted:
        return f"Delete “{_short(deleted)}”."
    return f"Insert “{_short(inserted)}”."


def _inside_a_character(body: str, offset: int, hunks: list[_Hunk]) -> bool:
    """Whether a change's deleted or typed text starts or ends inside a character of the text as
    drafted or as the reviewer left it (hunks' places count from `offset`, a heading's number)."""
    for hunk in hunks:
        start, end = hunk.start - offset, hunk.end - offset
        if not (is_grapheme_boundary(body, start) and is_grapheme_boundary(body, end)
                and _revised_boundary(body, start, end, hunk.new, start)
                and _revised_boundary(body, start, end, hunk.new, start + len(hunk.new))):
            return True
    return False


def _short(text: str) -> str:
    """Text to quote, cut to QUOTE_WIDTH at a character's end (never between a letter and its marks)."""
    if len(text) <= QUOTE_WIDTH:
        return text
    cut = QUOTE_WIDTH - 1
    while cut > 0 and not is_grapheme_boundary(text, cut):
        cut -= 1
    return text[:cut] + "…"


def _inserted_paragraphs(project: Project, draft: Draft, chosen: Round, document: ReviewedDocument,
                         traced: dict[int, Traced], stakeholder: str) -> list[tuple[tuple[int, int], Planned]]:
    """Paragraphs the reviewer added (all their text inserted) become `insert` edits after the
    draft paragraph they follow, each in the language its script says (else that paragraph's);
    added one after another in different languages, as the copy holds each language's version
    of a text, they are one new paragraph in those languages."""
    found: list[tuple[tuple[int, int], Planned]] = []
    previous: Traced | None = None
    taken = set(project.places(draft.id))
    tried: dict[str, int] = {}
    # An insert goes after a paragraph or at the end of a section: a paragraph added under a
    # heading whose section has paragraphs (before its first one) has no edit that says so;
    # `at:` put it after the section's last paragraph.
    filled = {section.id for section, _ in walk_sections(draft.sections) if section.paragraphs}
    added: list[_Added] = []
    for paragraph in document.paragraphs:
        if paragraph.in_table:
            continue
        if paragraph.index in traced:
            previous = traced[paragraph.index]
            continue
        text = paragraph.text("insert").strip()
        if not text or paragraph.text("keep", "delete").strip() or previous is None:
            continue
        anchor = previous.text
        lang = _language_of(text, anchor.lang, project.languages)
        last = added[-1] if added else None
        if (last is not None and last.anchor == anchor and last.until == paragraph.index - 1 and lang is not None
                and lang not in last.texts and None not in last.texts):
            last.texts[lang], last.until = text, paragraph.index
            continue
        author, date = _first_author(paragraph)
        item = anchor.item or (paragraph.style or "").lower().startswith("list")
        added.append(_Added(anchor, paragraph.index, paragraph.index, {lang: text}, item, author, date))
    for one in added:
        anchor = one.anchor
        if anchor.kind == "title":
            # Typed after the title or in the cover note, it is no place in the draft: the
            # reviewer's words as a general comment. It was left out, and nothing said so.
            words = "\n".join(one.texts.values())
            source = fingerprint("docx", stakeholder, GENERAL, words, None, one.author, one.date)
            origin = "paragraph added after the title" + (f" by {one.author}" if one.author else "")
            found.append(((one.first, 0), Planned(origin, NewComment(
                stakeholder, GENERAL, words, by=one.author, date=one.date, source=source, round=chosen.id),
                ["a paragraph added after the title or in the cover note is no place in the draft: it is a general comment"])))
            continue
        new_id = _new_id(anchor.id, taken, tried)
        taken.add(new_id)
        inserted: str | dict[str, str] = one.texts[None] if None in one.texts else {
            lang: value for lang, value in one.texts.items() if lang is not None}
        edit: dict = {"insert": inserted, "id": new_id}
        if anchor.kind == "section":
            edit["at"] = anchor.id
        else:
            edit["after"] = anchor.id
        if one.item:
            edit["kind"] = "item"
        target = anchor.id
        shown = " / ".join(f"“{_short(value)}”" for value in one.texts.values())
        description = f"Insert a paragraph: {shown}."
        remarks = []
        if anchor.kind == "section" and anchor.id in filled:
            description = f"Insert a paragraph at the start of section {anchor.id}: {shown}."
            remarks.append("an edit adds a paragraph after another or at the end of a section, not before a section's "
                           "first paragraph, so the change is described, not proposed")
        proposal = [] if remarks else [edit]
        source = fingerprint("docx", stakeholder, target, description, edit, one.author, one.date)
        origin = f"paragraph inserted after {anchor.id}" + (f" by {one.author}" if one.author else "")
        found.append(((one.first, 0), Planned(origin, NewComment(
            stakeholder, target, description, topic="wording", proposal=proposal, by=one.author, date=one.date,
            source=source, round=chosen.id), remarks)))
    return found


def _joined_and_split(document: ReviewedDocument, traced: dict[int, Traced], stakeholder: str, round_id: str,
                      plan: ImportPlan) -> list[tuple[tuple[int, int], Planned]]:
    """A paragraph mark the reviewer deleted (two paragraphs joined) or inserted (one split in
    two), between paragraphs that keep words of the draft, as a comment that describes it: no
    edit joins or splits a paragraph, and as two texts changed, the guess would not be the
    reviewer's edit. It was left out, and nothing said so."""
    found: list[tuple[tuple[int, int], Planned]] = []
    body = [p for p in document.paragraphs if not p.in_table]
    for first, second in itertools.pairwise(body):
        change = first.mark_change
        if change is None or second.index != first.index + 1:
            continue
        if not first.text("keep").strip() or not second.text("keep").strip():
            continue  # a paragraph added or deleted whole: imported as that
        joined = change.op == "delete"
        numbers = f"paragraphs {first.index + 1} and {second.index + 1} of the document"
        ends = [traced.get(first.index), traced.get(second.index)]
        names = [_where(t) if t is not None else f"paragraph {p.index + 1} of the document"
                 for t, p in zip(ends, (first, second))]
        trace = ends[0] or ends[1]
        if trace is None:
            plan.remarks.append(f"{numbers} were {'joined' if joined else 'split'} (a paragraph mark "
                                f"{'deleted' if joined else 'inserted'}), but neither is a text of the draft cm could find: "
                                "not imported")
            continue
        if joined:
            description = (f"Join {names[0]} and {names[1]} into one paragraph (the paragraph mark between them "
                           f"deleted): “{_tail(first.revised)}” runs on into “{_head(second.revised)}”.")
            why = "no edit joins two paragraphs"
        else:
            description = (f"Split {names[0]} in two after “{_tail(first.revised)}”: “{_head(second.revised)}” "
                           "starts a paragraph of its own.")
            why = "no edit splits a paragraph"
        remarks = [] if trace.confidence == 1.0 else [_matched(trace)]
        remarks.append(f"{numbers}: {why}, so the change is described, not proposed")
        source = fingerprint("docx", stakeholder, trace.text.id, description, None, change.author, change.date)
        origin = f"paragraph mark {'deleted' if joined else 'inserted'} in {names[0]}" + (
            f" by {change.author}" if change.author else "")
        found.append(((first.index, len(first.original)), Planned(origin, NewComment(
            stakeholder, _target(trace), description, topic="wording", by=change.author, date=change.date,
            source=source, round=round_id), remarks)))
    return found


def _tail(text: str, width: int = 60) -> str:
    """The end of a paragraph's text, from a word's start (else a character's) near `width` from its end."""
    text = text.strip()
    if len(text) <= width:
        return text
    cut = len(text) - width + 1
    space = text.find(" ", cut - 1)
    cut = space + 1 if 0 <= space < len(text) - 1 else cut
    while not is_grapheme_boundary(text, cut):
        cut += 1
    return "…" + text[cut:]


def _head(text: str, width: int = 60) -> str:
    """The start of a paragraph's text, to a word's end (else a character's) near `width`."""
    text = text.strip()
    if len(text) <= width:
        return text
    cut = width - 1
    space = text.rfind(" ", 0, cut + 1)
    cut = space if space > 0 else cut
    while not is_grapheme_boundary(text, cut):
        cut -= 1
    return text[:cut].rstrip() + "…"


@dataclass
class _Added:
    """Paragraphs added one after another after the same draft text: one new paragraph."""

    anchor: DraftText
    first: int  # the Word paragraphs it spans
    until: int
    texts: dict[str | None, str]  # language (None: untagged) -> text, in the document's order
    item: bool
    author: str | None
    date: Any


def _language_of(text: str, anchor_lang: str | None, languages: list[str]) -> str | None:
    """The language an added paragraph is in: that of the paragraph it follows, unless its
    letters are in another script that only one of the project's languages is written in (an
    English paragraph typed after a Chinese one was tagged Chinese)."""
    if anchor_lang is None:
        return None
    script = script_of(text)
    if script is None or script == script_of_language(anchor_lang):
        return anchor_lang
    matching = [lang for lang in languages if script_of_language(lang) == script]
    return matching[0] if len(matching) == 1 else anchor_lang


def _new_id(after: str, taken: set[str], tried: dict[str, int]) -> str:
    # `tried` keeps, per anchor, the number to go on from: paragraphs added after the same one
    # would otherwise try every number taken before them.
    number = tried.get(after, 1)
    while True:
        candidate = f"{after}.new" if number == 1 else f"{after}.new{number}"
        if ID_FORMAT.fullmatch(candidate) and candidate not in taken:
            tried[after] = number + 1
            return candidate
        number += 1


# ---------------------------------------------------------------- the comments table

def _comments_table(project: Project, document: ReviewedDocument, stakeholder: str, plan: ImportPlan, chosen: Round) -> None:
    for number, table in enumerate(document.tables, start=1):
        rows = tuple(Row(f"table {number} row {i}", tuple(cells)) for i, cells in enumerate(table.rows, start=1))
        as_table = Table(f"table {number}", rows)
        if TABLE_MARK in table.marks or find_columns(as_table) is not None:
            plan_table(project, as_table, document.path.name, stakeholder, None, {}, {}, "docx", plan, chosen.id)
