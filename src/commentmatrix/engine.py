"""The edit engine: the one place that decides what an edit does to a draft.

`apply_edits(draft, requests)` returns a Revision: the draft's sections with, for every text,
the pieces kept, deleted and inserted and the comment each change came from; and one Outcome
per request saying whether and where it applied. Validation, `cm status`, the matrix synopsis
and the revised draft all read that one result.

Order (deterministic, documented in docs/format.md):
1. Requests come in project order: comment files by path, comments in file order, edits in
   list order. `collect_requests` builds them from the comments' decisions.
2. They run in four passes, each in that order: new sections, new paragraphs, deleted
   paragraphs, replacements. Structure comes first so that later edits can name what earlier
   ones created.
3. A `replace` finds its old text in the text as drafted (or as inserted, for a new paragraph),
   never in text another replacement produced: each stakeholder commented on the draft they
   were sent. Two applied edits that touch the same text conflict: the first in project order
   applies, the second is reported and left out.
4. Several inserts after the same paragraph (or section) follow one another in order.

Requests with `apply=False` (open, rejected and noted comments, proposals the secretariat
replaced by its own edits, and everything on a member of a group) are checked the same way but change nothing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from typing import Any

from commentmatrix.model.format import (
    GENERAL,
    Comment,
    DeleteEdit,
    Draft,
    Edit,
    InsertEdit,
    InsertSectionEdit,
    NewSection,
    ReplaceEdit,
    Section,
)
from commentmatrix.model.project import Project, walk_sections
from commentmatrix.model.segmentation import cut_cluster, is_grapheme_boundary, shorten
from commentmatrix.model.suggestions import KnownNames, did_you_mean
from commentmatrix.model.text import UNTAGGED, nfc
from commentmatrix.paragraph_order import ParagraphOrder
from commentmatrix.revision import (
    EditRequest,
    Outcome,
    Replacement,
    RevisedParagraph,
    RevisedSection,
    RevisedText,
    Revision,
    Status,
)

# ---------------------------------------------------------------- decisions

def decided_edits(comment: Comment) -> tuple[list[Edit], str]:
    """The edits a comment's decision applies, and where they come from ('proposal'/'response').

    accepted: the response's edits when given, else the proposal. partially: the response's
    edits only. rejected, noted and open: nothing.
    """
    response = comment.response
    if response is None:
        return [], "response"
    if response.decision == "accepted":
        if response.edits is not None:
            return list(response.edits), "response"
        return list(comment.proposal or []), "proposal"
    if response.decision == "partially" and response.edits is not None:
        return list(response.edits), "response"
    return [], "response"


def requests_for(comment: Comment, stakeholder: str, origin: Any = None,
                 base_path: tuple[str | int, ...] = ()) -> list[EditRequest]:
    """Every edit written on a comment, marked with whether its decision applies it."""
    response = comment.response
    decision = response.decision if response is not None else None
    date = response.date if response is not None else None
    response_edits = response.edits if response is not None else None
    # Where decided_edits takes the applied edits from: the proposal only for an accepted comment
    # whose response gives no edits of its own.
    applied_from = "proposal" if decision == "accepted" and response_edits is None else "response"
    # A member of a group is answered by its lead's response (groups.py): the lead's edits apply,
    # once, and nothing written on the member does, whatever it says.
    decided = comment.group is None and decision in ("accepted", "partially")
    found: list[EditRequest] = []
    for name, edits, sub in (("proposal", comment.proposal, ("proposal",)), ("response", response_edits, ("response", "edits"))):
        if not edits:
            continue
        applies = decided and name == applied_from
        for index, edit in enumerate(edits):
            found.append(EditRequest(comment.id, stakeholder, comment.target, edit, applies, date,
                                     (*base_path, *sub, index), origin))
    return found


# ---------------------------------------------------------------- the engine

def apply_edits(draft: Draft, requests: Sequence[EditRequest]) -> Revision:
    engine = _Engine(draft)
    phases: dict[type, list[int]] = {InsertSectionEdit: [], InsertEdit: [], DeleteEdit: [], ReplaceEdit: []}
    for position, request in enumerate(requests):
        phases[type(request.edit)].append(position)
    results: dict[int, Outcome] = {}
    for kind, positions in phases.items():  # in the order of the passes
        for position in positions:
            engine.position = position
            results[position] = engine.run(requests[position])
        if kind is InsertEdit:
            engine.settle_inserts()  # the later passes read the sections' paragraphs in order
    # A delete runs before every replacement but gives way to one earlier in project order.
    for position, outcome in engine.withdrawn.items():
        results[position] = outcome
    return Revision(draft, engine.sections, [results[position] for position in range(len(requests))], engine.place_names)


class _Engine:
    def __init__(self, draft: Draft):
        self.original_ids: set[str] = set()
        self.sections = [self._section(s, None) for s in draft.sections]
        self.section_index: dict[str, tuple[RevisedSection, list[RevisedSection]]] = {}
        self.paragraph_index: dict[str, tuple[RevisedParagraph, RevisedSection]] = {}
        self._index(self.sections)
        self.original_ids = set(self.section_index) | set(self.paragraph_index)
        # The ids again, for "did you mean" hints, added to wherever the indexes are: each list
        # keeps its one index, where a list made afresh for every failed edit was compared whole
        # with the one asked before (16 µs a hint at 3,000 ids, thousands in a renumbered draft).
        self.section_names = KnownNames(self.section_index)
        self.paragraph_names = KnownNames(self.paragraph_index)
        self.place_names = KnownNames([*self.section_index, *self.paragraph_index])
        self.last_after: dict[str, str] = {}
        # The sections new paragraphs go into, by identity, while the insert pass runs.
        self.orders: dict[int, ParagraphOrder] = {}
        # What checked-only edits would create, per comment: a comment's later edits may name
        # what its earlier ones add (insert A, then insert B after A) even while it is open.
        self.proposed: dict[str, dict[str, RevisedParagraph | RevisedSection]] = {}
        # The request running (its place in project order), the applied deletes by paragraph
        # (place and request), and the outcomes of deletes withdrawn for an earlier replace.
        self.position = 0
        self.deletes: dict[str, tuple[int, EditRequest]] = {}
        self.withdrawn: dict[int, Outcome] = {}

    # -- building

    def _section(self, section: Section | NewSection, inserted_by: str | None) -> RevisedSection:
        return RevisedSection(
            id=section.id, number=section.number, title=RevisedText.of(section.title, inserted_by),
            paragraphs=[RevisedParagraph(p.id, p.kind, RevisedText.of(p.text, inserted_by)) for p in section.paragraphs],
            sections=[self._section(s, inserted_by) for s in section.sections])

    def _index(self, sections: list[RevisedSection]) -> None:
        for section in sections:
            self.section_index.setdefault(section.id, (section, sections))
            for paragraph in section.paragraphs:
                self.paragraph_index.setdefault(paragraph.id, (paragraph, section))
            self._index(section.sections)

    def _known(self, name: str) -> bool:
        return name in self.section_index or name in self.paragraph_index

    def _proposed(self, request: EditRequest, name: str | None, kind: type) -> bool:
        if request.apply or name is None:
            return False
        return isinstance(self.proposed.get(request.comment_id, {}).get(name), kind)

    def _propose(self, request: EditRequest, item: RevisedParagraph | RevisedSection) -> None:
        found = self.proposed.setdefault(request.comment_id, {})
        found[item.id] = item
        if isinstance(item, RevisedSection):
            for paragraph in item.paragraphs:
                found[paragraph.id] = paragraph
            for child in item.sections:
                self._propose(request, child)

    # -- running

    def run(self, request: EditRequest) -> Outcome:
        edit = request.edit
        if isinstance(edit, InsertSectionEdit):
            return self._insert_section(request, edit)
        if isinstance(edit, InsertEdit):
            return self._insert(request, edit)
        if isinstance(edit, DeleteEdit):
            return self._delete(request, edit)
        return self._replace(request, edit)

    def _done(self, request: EditRequest, **facts: Any) -> Outcome:
        return Outcome(request, "applied" if request.apply else "checked", **facts)

    def _fail(self, request: EditRequest, rule: str, message: str, field_name: str, hint: str | None = None,
              conflicts_with: str | None = None, **found: Any) -> Outcome:
        status: Status = "conflict" if conflicts_with else "failed"
        return Outcome(request, status, rule=rule, message=message, hint=hint, field=field_name,
                       conflicts_with=conflicts_with, **found)

    def _id_taken(self, new_id: str, request: EditRequest) -> bool:
        # An edit that is only checked may reuse an id another (applied) edit creates: they
        # never meet in the same revised draft.
        return new_id in self.original_ids or (request.apply and self._known(new_id))

    def _insert_section(self, request: EditRequest, edit: InsertSectionEdit) -> Outcome:
        new = edit.insert_section
        if edit.after not in self.section_index and not self._proposed(request, edit.after, RevisedSection):
            return self._fail(request, "unknown-target", f"insert_section is placed after '{edit.after}', which is not a section of the draft",
                              "after", did_you_mean(edit.after, self.section_names))
        new_ids = [new.id, *(p.id for p in new.paragraphs)]
        for section, _ in walk_sections(new.sections):
            new_ids += [section.id, *(p.id for p in section.paragraphs)]
        taken = [i for i in new_ids if self._id_taken(i, request)]
        if taken:
            return self._fail(request, "duplicate-id", f"the new section uses the id '{taken[0]}', which the draft already has",
                              "insert_section", "give the new section and its paragraphs new ids")
        if not request.apply:
            self._propose(request, self._section(new, request.comment_id))
            return self._done(request, where=edit.after)
        anchor = self.last_after.get(edit.after, edit.after)
        siblings = self.section_index[anchor][1]
        position = next(i for i, s in enumerate(siblings) if s.id == anchor) + 1
        revised = self._section(new, request.comment_id)
        siblings.insert(position, revised)
        self.last_after[edit.after] = revised.id
        self._index_new(revised, siblings)
        return self._done(request, where=revised.id)

    def _index_new(self, section: RevisedSection, siblings: list[RevisedSection]) -> None:
        self.section_index[section.id] = (section, siblings)
        self._add_name(self.section_names, section.id)
        for paragraph in section.paragraphs:
            self._index_paragraph(paragraph, section)
        for child in section.sections:
            self._index_new(child, section.sections)

    def _index_paragraph(self, paragraph: RevisedParagraph, section: RevisedSection) -> None:
        self.paragraph_index[paragraph.id] = (paragraph, section)
        self._add_name(self.paragraph_names, paragraph.id)

    def _add_name(self, names: KnownNames, new_id: str) -> None:
        names.add(new_id)
        self.place_names.add(new_id)

    def _insert(self, request: EditRequest, edit: InsertEdit) -> Outcome:
        if self._id_taken(edit.id, request):
            return self._fail(request, "duplicate-id", f"the new paragraph's id '{edit.id}' is already used in the draft",
                              "id", "give the new paragraph an id of its own")
        if edit.after is not None and self._proposed(request, edit.after, RevisedParagraph):
            where = edit.after
        elif edit.at is not None and self._proposed(request, edit.at, RevisedSection):
            where = edit.at
        elif edit.after is not None:
            if edit.after not in self.paragraph_index:
                hint = (f"'{edit.after}' is a section: write `at: {edit.after}` to add at its end"
                        if edit.after in self.section_index else did_you_mean(edit.after, self.paragraph_names))
                return self._fail(request, "unknown-target", f"insert is placed after '{edit.after}', which is not a paragraph of the draft",
                                  "after", hint)
            anchor_paragraph, section = self.paragraph_index[self.last_after.get(edit.after, edit.after)]
            where = edit.after
        else:
            assert edit.at is not None
            if edit.at not in self.section_index:
                hint = (f"'{edit.at}' is a paragraph: write `after: {edit.at}`"
                        if edit.at in self.paragraph_index else did_you_mean(edit.at, self.section_names))
                return self._fail(request, "unknown-target", f"insert is placed at the end of '{edit.at}', which is not a section of the draft",
                                  "at", hint)
            section = self.section_index[edit.at][0]
            anchor_paragraph = None  # the end of the section
            where = edit.at
        paragraph = RevisedParagraph(edit.id, edit.kind, RevisedText.of(edit.insert, request.comment_id))
        if not request.apply:
            self._propose(request, paragraph)
            return self._done(request, where=where)
        order = self.orders.get(id(section))
        if order is None:
            order = self.orders[id(section)] = ParagraphOrder(section)
        if anchor_paragraph is None:
            order.put_last(paragraph)
        else:
            order.put_after(anchor_paragraph, paragraph)
        self._index_paragraph(paragraph, section)
        if edit.after is not None:
            self.last_after[edit.after] = edit.id
        return self._done(request, where=edit.id)

    def settle_inserts(self) -> None:
        for order in self.orders.values():
            order.settle()
        self.orders.clear()

    def _delete(self, request: EditRequest, edit: DeleteEdit) -> Outcome:
        found = self.paragraph_index.get(edit.delete)
        if found is None:
            hint = ("delete removes one paragraph; delete a section's paragraphs one by one"
                    if edit.delete in self.section_index else did_you_mean(edit.delete, self.paragraph_names))
            return self._fail(request, "unknown-target", f"delete names '{edit.delete}', which is not a paragraph of the draft",
                              "delete", hint)
        paragraph = found[0]
        if request.apply:
            other = paragraph.deleted_by or paragraph.inserted_by
            if other:
                doing = "deletes" if paragraph.deleted_by else "inserts"
                return self._fail(request, "edit-conflict",
                                  f"comment {other} already {doing} paragraph '{edit.delete}'; this delete is not applied",
                                  "delete", "keep the edit on one of the two comments", conflicts_with=other)
            paragraph.text.deleted_by = request.comment_id
            self.deletes[edit.delete] = (self.position, request)
        return self._done(request, where=edit.delete)

    def _replace(self, request: EditRequest, edit: ReplaceEdit) -> Outcome:
        scope_id = edit.in_ or request.target
        field_name = "in" if edit.in_ else "replace"
        if scope_id == GENERAL:
            return self._fail(request, "replace-needs-place",
                              "this comment targets 'general', so its replace must say where: add `in: PARAGRAPH_OR_SECTION`",
                              "replace")
        texts = self._texts_in(scope_id, request)
        if texts is None:
            return self._fail(request, "unknown-target", f"replace points to '{scope_id}', which is not in the draft",
                              field_name, did_you_mean(scope_id, self.place_names))
        old = nfc(edit.replace)
        found = [(text_id, text, lang, start)
                 for text_id, text in texts
                 for lang in _languages_for(text, edit.lang)
                 for start in _occurrences(text.base[lang], old)]
        # Only whole characters match: old text that stops before a vowel sign or tone mark of
        # the draft (เจ้าหน้าที for เจ้าหน้าที่) would put the new text's marks on the wrong letters.
        matches = [m for m in found if _whole_characters(m[1].base[m[2]], m[3], m[3] + len(old))]
        if len(matches) != 1:
            return self._replace_failed(request, edit, scope_id, old, found, matches)
        text_id, text, lang, start = matches[0]
        span = (start, start + len(old))
        shown_lang = None if lang == UNTAGGED else lang
        if not request.apply:
            return Outcome(request, "checked", where=text_id, lang=shown_lang, span=span)
        if text.deleted_by and text_id in self.deletes and self.deletes[text_id][0] > self.position \
                and not self._overlaps(text, lang, span):
            self._withdraw_delete(text_id, text, request)
        blocker = text.deleted_by
        if blocker:
            return self._fail(request, "edit-conflict",
                              f"comment {blocker} deletes paragraph '{text_id}', which this replace edits; it is not applied",
                              "replace", "keep the edit on one of the two comments", conflicts_with=blocker,
                              where=text_id, lang=shown_lang, span=span)
        replacements = text.replacements.get(lang)
        if replacements is None:
            replacements = text.replacements[lang] = []
        for other in replacements:
            if (span[0] < other.end and other.start < span[1]) or span[0] == span[1] == other.start:
                same = _quote(text.base[lang][other.start:other.end])
                return self._fail(request, "edit-conflict",
                                  f"comment {other.by} already changes the same text {same} in '{text_id}'; this replace is not applied",
                                  "replace", "merge the two edits into one, on one of the two comments", conflicts_with=other.by,
                                  where=text_id, lang=shown_lang, span=span)
        replacements.append(Replacement(span[0], span[1], nfc(edit.with_), request.comment_id))
        return Outcome(request, "applied", where=text_id, lang=shown_lang, span=span)

    def _replace_failed(self, request: EditRequest, edit: ReplaceEdit, scope_id: str, old: str,
                        found: list[tuple[str, RevisedText, str, int]],
                        matches: list[tuple[str, RevisedText, str, int]]) -> Outcome:
        """The outcome of a replace whose old text occurs no time or several times."""
        kind = "paragraph" if scope_id in self.paragraph_index else "section"
        in_lang = f" ({edit.lang})" if edit.lang else ""
        if not matches:
            hint = _cut_hint(found[0][1].base[found[0][2]], found[0][3], old) if found else None
            return self._fail(request, "replace-not-found",
                              f"the old text {_quote(old)} is not in {kind} '{scope_id}'{in_lang}",
                              "replace", hint or self._where_else(old, edit.lang, scope_id))
        places = sorted({f"{m[0]}" + (f" ({m[2]})" if m[2] != UNTAGGED else "") for m in matches})
        where_shown = f"{kind} '{scope_id}'{in_lang}"
        if len(places) > 1 or places[0].split(" ")[0] != scope_id:
            where_shown += f": in {', '.join(places)}"
        return self._fail(request, "replace-ambiguous",
                          f"the old text {_quote(old)} occurs {len(matches)} times in {where_shown}",
                          "replace", "quote more of the surrounding words, or point `in:` at one paragraph, so it occurs once")

    @staticmethod
    def _overlaps(text: RevisedText, lang: str, span: tuple[int, int]) -> bool:
        return any((span[0] < other.end and other.start < span[1]) or span[0] == span[1] == other.start
                   for other in text.replacements.get(lang, []))

    def _withdraw_delete(self, text_id: str, text: RevisedText, replace: EditRequest) -> None:
        """The first of a replacement and a delete of its paragraph in project order applies:
        the delete, though run first, is undone and reported as the conflict."""
        position, delete = self.deletes.pop(text_id)
        text.deleted_by = None
        self.withdrawn[position] = self._fail(
            delete, "edit-conflict", f"comment {replace.comment_id} already edits paragraph '{text_id}'; "
            "this delete is not applied", "delete", "keep the edit on one of the two comments",
            conflicts_with=replace.comment_id)

    def _texts_in(self, scope_id: str, request: EditRequest | None = None) -> list[tuple[str, RevisedText]] | None:
        proposals = self.proposed.get(request.comment_id) if request and not request.apply else None
        proposed = proposals.get(scope_id) if proposals else None
        if isinstance(proposed, RevisedParagraph):
            return [(proposed.id, proposed.text)]
        if isinstance(proposed, RevisedSection):
            return list(proposed.texts())
        if scope_id in self.paragraph_index:
            paragraph = self.paragraph_index[scope_id][0]
            return [(paragraph.id, paragraph.text)]
        if scope_id in self.section_index:
            return list(self.section_index[scope_id][0].texts())
        return None

    def _where_else(self, old: str, lang: str | None, scope_id: str) -> str | None:
        """A hint for text not found: the other language, the paragraph it really is in, or the
        character that differs though it looks the same (model/invisible.py)."""
        from commentmatrix.model.invisible import invisible_difference

        texts = [t for s in self.sections for t in s.texts()]
        scope = {text_id for text_id, _ in self._texts_in(scope_id) or []}
        for text_id, text in texts:
            for other_lang, value in text.base.items():
                if old in value and text_id in scope and lang and other_lang not in (lang, UNTAGGED):
                    return f"it is in the '{other_lang}' text: set `lang: {other_lang}`"
        for text_id, text in texts:
            if text_id not in scope and any(old in value for value in text.base.values()):
                return f"it is in '{text_id}': set `in: {text_id}`"
        for text_id, text in texts:
            if text_id in scope:
                for value in (text.base[other_lang] for other_lang in _languages_for(text, lang)):
                    difference = invisible_difference(old, value)
                    if difference:
                        return f"{difference}: copy the old text from the draft"
        folded = old.casefold()
        for text_id, text in texts:
            if text_id in scope and any(folded in value.casefold() for value in text.base.values()):
                return "it is there with different capitals: copy the old text exactly"
        return "copy the old text exactly as the draft has it"


def _languages_for(text: RevisedText, lang: str | None) -> list[str]:
    if lang is None:
        return list(text.base)
    if lang in text.base:
        return [lang]
    return [UNTAGGED] if UNTAGGED in text.base else []


def _whole_characters(text: str, start: int, end: int) -> bool:
    return is_grapheme_boundary(text, start) and is_grapheme_boundary(text, end)


def _cut_hint(text: str, start: int, old: str) -> str:
    """Say which character of the draft the old text cuts through, and how to quote it whole."""
    end = start + len(old)
    ends_inside = not is_grapheme_boundary(text, end)
    at = end if ends_inside else start
    cluster = cut_cluster(text, at)
    # The code points of that character the old text leaves out: after the cut, or before it.
    offset = text.rfind(cluster, 0, at + 1)
    left_out = cluster[at - offset:] if ends_inside else cluster[:at - offset]
    named = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '?')}" for c in left_out)
    return (f"it {'ends' if ends_inside else 'starts'} inside the character '{cluster}' of the draft, leaving out {named}: "
            "copy whole characters, with their vowel signs and tone marks")


def _occurrences(haystack: str, needle: str) -> Iterator[int]:
    start = haystack.find(needle)
    while start != -1:
        yield start
        start = haystack.find(needle, start + len(needle))


def _quote(text: str, width: int = 60) -> str:
    return f"'{shorten(text, width)}'"


def project_requests(project: Project, draft_id: str) -> list[EditRequest]:
    """Every edit of every comment on a draft, in project order (see the module docstring)."""
    found: list[EditRequest] = []
    # The files in order, then their comments: the order of project.comments_on, with each
    # file's draft looked up once rather than once per comment.
    for source in project.comment_sources:
        if project.draft_id_of(source) != draft_id:
            continue
        stakeholder = source.file.stakeholder
        for index, comment in enumerate(source.file.comments):
            if comment.proposal or (comment.response is not None and comment.response.edits):
                found.extend(requests_for(comment, stakeholder, source, ("comments", index)))
    return found


def revise(project: Project, draft_id: str | None = None) -> Revision | None:
    """The revision of a draft (default: the one under consultation) by its decided edits.

    Computed once per loaded project: validation, status and the writers of one command share it.
    """
    draft_id = draft_id or (project.config.current_draft_id if project.config else None)
    source = project.drafts_by_id.get(draft_id) if draft_id else None
    if source is None:
        return None
    key = ("revision", draft_id)
    if key not in project.memo:
        project.memo[key] = apply_edits(source.draft, project_requests(project, source.draft.id))
    revision: Revision = project.memo[key]
    return revision
