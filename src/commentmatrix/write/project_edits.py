"""The secretariat's edits to a project: register stakeholders, add comments, record responses.

Each operation takes a loaded Project and returns the new contents of the files it changes
(`FileChange`); nothing is written here. write/transaction.py validates and writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from commentmatrix.basis import current_basis
from commentmatrix.model.errors import NoSuchProposedEdit, NotOneOf, UnknownName, UsageError
from commentmatrix.model.format import DECISIONS, GENERAL, ID_FORMAT, ID_PATTERN_FIELD
from commentmatrix.model.project import COMMENTS_DIR, CONFIG_NAME, CommentRef, Project
from commentmatrix.model.suggestions import did_you_mean
from commentmatrix.model.text import UNTAGGED, as_mapping
from commentmatrix.read.documents import spliced
from commentmatrix.read.yaml_reader import YamlDocument
from commentmatrix.write import yaml_edit
from commentmatrix.write.edit_preview import EditPreview, plain, preview_of
from commentmatrix.write.transaction import EditRefused, FileChange, LanguageUnsaid, OwnEditsRefused, WithdrawnAnswered

STATES = ("submitted", "no-comments", "reviewing")
KINDS = ("country", "organization", "other")
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


# ---------------------------------------------------------------- texts

def set_text(existing: Any, value: str, lang: str | None, primary: str | None) -> Any:
    """The text with `value` in `lang`: a plain string stays plain until a second language joins it."""
    if isinstance(existing, dict):
        if lang is None:
            if len(existing) == 1:
                existing[next(iter(existing))] = value
                return existing
            raise LanguageUnsaid(f"the text is written in {', '.join(existing)}: say which language this is with --lang")
        existing[lang] = value
        return existing
    if lang is None or (isinstance(existing, str) and lang == primary):
        return value
    if isinstance(existing, str) and existing:
        return yaml_edit.mapping({primary or lang: existing, lang: value})
    return yaml_edit.mapping({lang: value})


def text_in_languages(texts: list[tuple[str | None, str]], primary: str | None) -> Any:
    """One text from (LANG, TEXT) pairs, a LANG None being the primary language: a plain string
    when it is one text without a language, else a mapping LANG -> TEXT."""
    text: Any = None
    for lang, value in texts:
        text = set_text(text, value, lang or (primary if len(texts) > 1 else None), primary)
    return text


def _check_lang(project: Project, lang: str | None) -> None:
    if lang is not None:
        project.require_languages([lang], otherwise="add it to `languages` in cm.yaml first")


# ---------------------------------------------------------------- stakeholders

def add_stakeholder(project: Project, stakeholder_id: str, names: list[tuple[str | None, str]], kind: str,
                    contact: str | None = None, languages: tuple[str, ...] = ()) -> list[FileChange]:
    """A new roster entry in cm.yaml; `languages` those of its letters, in order (each one of the
    project's; none: the project's)."""
    if project.config is None:
        raise EditRefused(f"{CONFIG_NAME} could not be read: run cm validate")
    if not ID_FORMAT.fullmatch(stakeholder_id):
        raise UsageError(f"'{stakeholder_id}' cannot be an id: use ASCII letters, digits, '.', '-' and '_'")
    if stakeholder_id in project.stakeholders_by_id:
        raise EditRefused(f"'{stakeholder_id}' is already in the roster")
    if kind not in KINDS:
        raise UsageError(f"the kind must be one of {', '.join(KINDS)}, not '{kind}'")
    if not names:
        raise UsageError("give the stakeholder's name with --name")
    for lang, _ in names:
        _check_lang(project, lang)
    name = text_in_languages(names, project.primary_language)
    project.require_languages(languages, otherwise="add it to `languages` in cm.yaml first")
    raw = (project.root / CONFIG_NAME).read_bytes()
    document = yaml_edit.load(raw)
    entry = yaml_edit.mapping({"id": stakeholder_id, "name": name, "kind": kind})
    if contact:
        entry["contact"] = contact
    if languages:
        entry["languages"] = yaml_edit.sequence(list(languages))
    roster = document.data.get("stakeholders")
    if roster is None or not hasattr(roster, "append"):
        yaml_edit.set_key(document.data, "stakeholders", yaml_edit.block([]))
        roster = document.data["stakeholders"]
    _block_style(roster)
    yaml_edit.append_item(roster, entry)
    return [FileChange(CONFIG_NAME, raw, document.dump(document.data))]


def set_state(project: Project, stakeholder_id: str, state: str, received: dt.date | None = None,
              round_id: str | None = None) -> list[FileChange]:
    """The stakeholder's state in a round (default: the current one), in that round's file."""
    if state not in STATES:
        raise UsageError(f"the state must be one of {', '.join(STATES)}, not '{state}'")
    path, raw, document = _comment_file(project, stakeholder_id, round_id)
    yaml_edit.set_key(document.data, "state", state)
    if received is not None:
        yaml_edit.set_key(document.data, "received", received)
    return [FileChange(path, raw, document.dump(document.data))]


def _comment_file(project: Project, stakeholder_id: str,
                  round_id: str | None = None) -> tuple[str, bytes | None, yaml_edit.YamlFile]:
    """The stakeholder's comment file of a round (default: the current one) for editing; a new
    one (state submitted) in that round's folder when there is none. Never another round's file."""
    _known_stakeholder(project, stakeholder_id)
    round_id = project.round(round_id).id
    sources = project.sources_of(stakeholder_id, round_id)
    if len(sources) > 1:
        raise EditRefused(f"'{stakeholder_id}' has several comment files in round {round_id} "
                          f"({', '.join(s.path for s in sources)}); edit them by hand or merge them into one")
    if sources:
        path = sources[0].path
        raw = (project.root / path).read_bytes()
        return path, raw, yaml_edit.load(raw)
    path = f"{round_folder(project, round_id)}/{stakeholder_id}.yaml"
    if (project.root / path).exists():
        raise EditRefused(f"{path} exists but does not load as {stakeholder_id}'s comments: run cm validate")
    fresh = yaml_edit.new_file(yaml_edit.mapping({"stakeholder": stakeholder_id, "state": "submitted", "comments": []}))
    return path, None, yaml_edit.load(fresh)


def round_folder(project: Project, round_id: str) -> str:
    """Where a round's new comment files go: comments/ROUND/, except for the first round (or a
    project without rounds) when its files are directly in comments/ already."""
    if not project.has_rounds:
        return COMMENTS_DIR
    own = f"{COMMENTS_DIR}/{round_id}"
    if project.round_index(round_id) == 0:
        existing = [s.path for s in project.sources_in(round_id)]
        if not existing or any(project.round_folder_of(path) is None for path in existing):
            return COMMENTS_DIR
    return own


def _known_stakeholder(project: Project, stakeholder_id: str) -> None:
    if stakeholder_id not in project.stakeholders_by_id:
        known = list(project.stakeholders_by_id)
        raise UnknownName(f"'{stakeholder_id}' is not in the roster of stakeholders in {CONFIG_NAME}",
                          hint=did_you_mean(stakeholder_id, known) or "add it first: cm stakeholder add ID --name NAME --kind KIND")


def _block_style(sequence: Any) -> None:
    # `comments: []` is the natural way to write an empty list; the first item turns it into a block list.
    if hasattr(sequence, "fa") and not len(sequence):
        sequence.fa.set_block_style()


# ---------------------------------------------------------------- comments

def next_comment_id(project: Project, stakeholder_id: str, also_taken: set[str] | frozenset[str] = frozenset()) -> str:
    """The next id in the stakeholder's scheme: its last id's prefix, else cm.yaml's `comment_ids`,
    else {STAKEHOLDER}-{n}; numbered one past the highest number with that prefix in the project
    (and in `also_taken`, the ids a batch has given already)."""
    ids = CommentIds(project)
    for comment_id in also_taken:
        ids.take(comment_id)
    return ids.next(stakeholder_id)


@dataclass
class _Scheme:
    prefix: str
    width: int
    suffix: str
    pattern: re.Pattern[str]
    highest: int


class CommentIds:
    """Comment ids for a batch: each stakeholder's scheme and highest number are found once, in
    one pass over the project's ids, and then counted on; a batch of thousands of comments
    would otherwise rescan every id of the project for each new one."""

    def __init__(self, project: Project):
        self.project = project
        self.taken: set[str] = set(project.comments_by_id)
        self.schemes: dict[str, _Scheme] = {}

    def _scheme(self, stakeholder_id: str) -> _Scheme:
        if stakeholder_id in self.schemes:
            return self.schemes[stakeholder_id]
        own = [s for source in self.project.sources_of(stakeholder_id) for s in (c.id for c in source.file.comments)]
        numbered = [m for m in (_NUMBERED.match(i) for i in reversed(own)) if m]
        if numbered:
            prefix, width, suffix = numbered[0].group(1), len(numbered[0].group(2)), ""
            if not numbered[0].group(2).startswith("0"):
                width = 0
        else:
            pattern = (self.project.config.comment_ids if self.project.config else None) or "{STAKEHOLDER}-{n}"
            filled = pattern.replace("{stakeholder}", stakeholder_id).replace("{STAKEHOLDER}", stakeholder_id.upper())
            number_field = ID_PATTERN_FIELD.search(filled)
            assert number_field is not None
            spec = number_field.group(1)
            width = int(spec.split(":")[1]) if ":" in spec else 0
            prefix, suffix = filled[: number_field.start()], filled[number_field.end():]
        matcher = re.compile(re.escape(prefix) + r"(\d+)" + re.escape(suffix))
        used = [int(m.group(1)) for m in map(matcher.fullmatch, self.taken) if m]
        scheme = _Scheme(prefix, width, suffix, matcher, max(used, default=0))
        self.schemes[stakeholder_id] = scheme
        return scheme

    def take(self, comment_id: str) -> None:
        """Count `comment_id` as used (an id given in the batch), so no later one repeats or undercuts it."""
        self.taken.add(comment_id)
        for scheme in self.schemes.values():
            match = scheme.pattern.fullmatch(comment_id)
            if match:
                scheme.highest = max(scheme.highest, int(match.group(1)))

    def next(self, stakeholder_id: str) -> str:
        scheme = self._scheme(stakeholder_id)
        number = scheme.highest + 1
        while True:
            digits = f"{number:0{scheme.width}d}" if scheme.width else str(number)
            candidate = f"{scheme.prefix}{digits}{scheme.suffix}"
            if candidate not in self.taken:
                return candidate
            number += 1


@dataclass(frozen=True)
class NewComment:
    stakeholder: str
    target: str
    text: Any
    lang: str | None = None
    topic: str | None = None
    proposal: list[dict[str, Any]] = field(default_factory=list)
    comment_id: str | None = None
    by: str | None = None
    date: dt.date | None = None
    source: str | None = None
    response: dict[str, Any] | None = None
    round: str | None = None  # default: the current round
    repeats: str | None = None


def add_comment(project: Project, new: NewComment) -> tuple[str, list[FileChange]]:
    """Append a comment to the stakeholder's file (made if missing); returns its id and the change."""
    ids, changes = add_comments(project, [new])
    return ids[0], changes


def add_previewed(project: Project, new: NewComment) -> tuple[str, list[FileChange], EditPreview | None]:
    """As add_comment, with what accepting the proposal would do to the round's draft (refused,
    with the engine's words, when a proposed edit does not apply)."""
    _check_edit_langs(project, new.proposal)
    added, changes = add_comment(project, new)
    round_id = project.round(new.round).id
    entry = _comment_entry(project, new, added)
    return added, changes, preview_of(project, project.round(round_id).draft, new.stakeholder, plain(entry), proposed=True)


def add_comments(project: Project, news: list[NewComment]) -> tuple[list[str], list[FileChange]]:
    """Append several comments at once (`cm import`): each checked as one `add_comment`, numbered
    one after the other, and one change per file touched."""
    files: dict[tuple[str, str], tuple[str, bytes | None, yaml_edit.YamlFile]] = {}
    notes: dict[tuple[str, str], tuple[str, ...]] = {}
    given: set[str] = set()
    ids: list[str] = []
    numbering = CommentIds(project)
    for new in news:
        _check_new_comment(project, new)
        comment_id = new.comment_id or numbering.next(new.stakeholder)
        if comment_id in project.comments_by_id:
            raise EditRefused(f"the comment id '{comment_id}' is already used in {project.comments_by_id[comment_id].path}")
        if comment_id in given:
            raise EditRefused(f"the comment id '{comment_id}' is given twice")
        given.add(comment_id)
        numbering.take(comment_id)
        ids.append(comment_id)
        round_id = project.round(new.round).id
        if (new.stakeholder, round_id) not in files:
            files[(new.stakeholder, round_id)] = _comment_file(project, new.stakeholder, round_id)
        document = files[(new.stakeholder, round_id)][2]
        if document.data.get("state") not in (None, "submitted"):
            # Comments have arrived (as docs/editing.md says), which the user is told: the
            # file said otherwise.
            notes[(new.stakeholder, round_id)] = (f"its state goes from {document.data['state']} to submitted, as comments "
                                                  "have arrived",)
            document.data["state"] = "submitted"
        comments = document.data.get("comments")
        if comments is None:
            yaml_edit.set_key(document.data, "comments", yaml_edit.block([]))
            comments = document.data["comments"]
        _block_style(comments)
        yaml_edit.append_item(comments, _comment_entry(project, new, comment_id))
    return ids, [FileChange(path, raw, document.dump(document.data), notes=notes.get(key, ()))
                 for key, (path, raw, document) in files.items()]


def _check_new_comment(project: Project, new: NewComment) -> None:
    _known_stakeholder(project, new.stakeholder)
    _check_lang(project, new.lang)
    draft = project.round(new.round).draft
    targets = project.places(draft)
    if new.target != GENERAL and new.target not in targets:
        raise UnknownName(f"target '{new.target}' is not in draft {draft}",
                          hint=did_you_mean(new.target, targets) or "name a section id, a paragraph id, or general")
    if isinstance(new.text, str) and not new.text.strip():
        raise EditRefused("the comment's text is empty")


def _comment_entry(project: Project, new: NewComment, comment_id: str) -> Any:
    entry = yaml_edit.mapping({"id": comment_id, "target": new.target})
    if new.topic:
        entry["topic"] = new.topic
    if isinstance(new.text, dict):
        for code in new.text:
            _check_lang(project, code)
        entry["text"] = yaml_edit.mapping(new.text)
    else:
        entry["text"] = set_text(None, new.text, new.lang, project.primary_language)
    if new.proposal:
        entry["proposal"] = yaml_edit.block(new.proposal)
    for key in ("by", "date", "source", "repeats"):
        if getattr(new, key) is not None:
            entry[key] = getattr(new, key)
    if new.response:
        entry["response"] = yaml_edit.mapping(new.response)
    return entry


def replace_edit(old: str, new: str, lang: str | None = None, where: str | None = None) -> dict[str, Any]:
    edit: dict[str, Any] = {"replace": old, "with": new}
    if lang:
        edit["lang"] = lang
    if where:
        edit["in"] = where
    return edit


def insert_edit(text: Any, place: str, new_id: str, place_key: str = "after") -> dict[str, Any]:
    """A new paragraph `new_id` after paragraph `place` (`place_key` "after"), or at the end of
    section `place` ("at"); `text` is a string or {lang: text}."""
    return {"insert": yaml_edit.mapping(text) if isinstance(text, dict) else text, place_key: place, "id": new_id}


def delete_edit(paragraph: str) -> dict[str, Any]:
    return {"delete": paragraph}


def _check_edit_langs(project: Project, edits: list[dict[str, Any]]) -> None:
    for edit in edits:
        _check_lang(project, edit.get("lang"))
        if isinstance(edit.get("insert"), dict):
            for code in edit["insert"]:
                _check_lang(project, code)


# ---------------------------------------------------------------- responses

@dataclass(frozen=True)
class NewResponse:
    comment_id: str
    decision: str
    note: str | None = None
    lang: str | None = None
    by: str | None = None
    date: dt.date | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    take: list[int] = field(default_factory=list)
    single_language: bool = False  # the edits change some of a text's languages on purpose
    replace_edits: bool = False  # the edits given replace the response's edits, instead of adding to them
    withdrawn_too: bool = False  # a comment its stakeholder withdrew is answered on purpose


def find_comment(project: Project, comment_id: str, round_id: str | None = None) -> CommentRef:
    """The comment of that id, wherever it is; with `round_id`, refused unless it is in that round."""
    ref = project.comments_by_id.get(comment_id)
    if ref is None:
        raise UnknownName(f"there is no comment '{comment_id}'", hint=did_you_mean(comment_id, project.comments_by_id))
    if round_id is not None:
        wanted = project.round(round_id).id
        found = project.comment_round(ref)
        if found != wanted:
            raise EditRefused(f"comment {comment_id} is in round {found} ({ref.path}), not in round {wanted}",
                              hint=f"leave out --round, or give --round {found}")
    return ref


def record_response(project: Project, new: NewResponse) -> list[FileChange]:
    """Set a comment's decision (and note, edits, by, date), keeping what the response already had;
    the response records the text it was decided on (`basis:`, see basis.py)."""
    return respond(project, new)[0]


def respond(project: Project, new: NewResponse) -> tuple[list[FileChange], EditPreview | None]:
    """As record_response, with what the comment's decided edits do to its draft (refused, with
    the engine's words, when one of them does not apply)."""
    ref = find_comment(project, new.comment_id)
    if new.decision not in DECISIONS:
        raise NotOneOf(f"the decision must be one of {', '.join(DECISIONS)}, not '{new.decision}'")
    if not new.withdrawn_too:
        refuse_withdrawn(ref, "a decision given now would be published as its answer, and apply its edits")
    _check_lang(project, new.lang)
    _check_edit_langs(project, new.edits)
    raw = (project.root / ref.path).read_bytes()
    edited: list[Any] = []

    def change(comment: Any) -> None:
        edits = list(new.edits)
        proposal = comment.get("proposal") or []
        for number in new.take:
            if not 1 <= number <= len(proposal):
                raise NoSuchProposedEdit(f"comment {ref.id} has {len(proposal)} proposed edit(s); there is no number {number}")
            edits.append(_copy(proposal[number - 1]))
        response = comment.get("response")
        if response is None:
            response = yaml_edit.mapping({})
            had_edits = False
        else:
            had_edits = bool(response.get("edits"))
        if had_edits and edits and not new.replace_edits:
            edits = _added_to(ref.id, list(response["edits"]), edits)
        if new.decision == "partially" and not edits and not had_edits:
            raise OwnEditsRefused(f"comment {ref.id} cannot be partially accepted without saying which part applies",
                              hint="name the proposed edits taken with --take N (1 for the first), or give the change "
                                   "with --replace OLD --with NEW" if proposal else "give the change with --replace OLD --with NEW")
        yaml_edit.set_key(response, "decision", new.decision)
        if new.note is not None:
            yaml_edit.set_key(response, "note", set_text(response.get("note"), new.note, new.lang, project.primary_language))
        if edits:
            yaml_edit.set_key(response, "edits", yaml_edit.block(edits))
        if new.by:
            yaml_edit.set_key(response, "by", new.by)
        if new.date:
            yaml_edit.set_key(response, "date", new.date)
        if new.single_language:
            yaml_edit.set_key(response, "single_language", True)
        if basis is not None:
            yaml_edit.set_key(response, "basis", basis)
        if "response" not in comment:
            yaml_edit.set_key(comment, "response", response)
        edited.append(plain(comment))

    basis = current_basis(project, ref)
    file_change = _edited_comment(project, ref, raw, change)
    return [file_change], preview_of(project, project.draft_id_of(ref.source), ref.stakeholder, edited[0])


def refuse_withdrawn(ref: CommentRef, why: str) -> None:
    """Refuse to answer a comment its stakeholder withdrew: it needs no decision (docs/format.md),
    so an answer to it is most likely meant for another comment; --withdrawn-too answers it on purpose."""
    withdrawn = ref.comment.withdrawn
    if withdrawn is None:
        return
    when = "" if withdrawn is True else f" on {withdrawn.isoformat()}"
    raise WithdrawnAnswered(f"comment {ref.id} was withdrawn by the stakeholder{when}: it needs no decision, and {why}",
                            hint=f"to answer it all the same, add --withdrawn-too; if it was not withdrawn after all, "
                                 f"cm withdraw {ref.id} --undo first")


def stale_notes(project: Project, new: NewResponse) -> dict[str, str]:
    """The languages of the response's note (-> their text; UNTAGGED for a plain note) that a
    new decision leaves as they were, written for the decision before: all of them without a
    new note, the others with a note in one language (a Chinese 采纳 under a rejection)."""
    ref = project.comments_by_id.get(new.comment_id)
    before = ref.comment.response if ref is not None else None
    if before is None or before.decision in (None, new.decision) or (new.note is not None and new.lang is None):
        return {}
    return {lang: text for lang, text in as_mapping(before.note).items()
            if new.note is None or lang not in (new.lang, UNTAGGED)}


def _added_to(comment_id: str, existing: list[Any], added: list[Any]) -> list[Any]:
    """The response's edits with the new ones after them; an edit it has already is refused
    (applied twice, it would only conflict with itself)."""
    known = [plain(edit) for edit in existing]
    for edit in added:
        if plain(edit) in known:
            raise EditRefused(f"the response to {comment_id} has this edit already: {_edit_words(plain(edit))}",
                              hint="leave it out, or give --replace-edits to set the response's edits anew")
        known.append(plain(edit))
    return [*existing, *added]


def _edit_words(edit: dict[str, Any]) -> str:
    if "replace" in edit:
        return f"replace '{edit['replace']}' with '{edit['with']}'"
    if "delete" in edit:
        return f"delete {edit['delete']}"
    return f"new paragraph {edit.get('id')}"


def confirm_response(project: Project, comment_id: str, round_id: str | None = None) -> list[FileChange]:
    """Record again the text a decided response stands on (`basis:`): someone checked that the
    decision still holds for the target's text as it is now, and the response is no longer suspect."""
    ref = find_comment(project, comment_id, round_id)
    if ref.comment.decision is None:
        raise EditRefused(f"comment {comment_id} has no decision to confirm",
                          hint=f"decide it first: cm respond {comment_id} --decision DECISION")
    basis = current_basis(project, ref)
    if basis is None:
        raise EditRefused(f"comment {comment_id} is on {ref.comment.target}, which has no text in the drafts to confirm the decision on")
    raw = (project.root / ref.path).read_bytes()
    return [_edited_comment(project, ref, raw, lambda comment: yaml_edit.set_key(comment["response"], "basis", basis))]


def set_withdrawn(project: Project, comment_ids: list[str], day: dt.date | None) -> list[FileChange]:
    """Mark comments withdrawn by their stakeholder on `day` (None: no longer withdrawn)."""
    return set_field(project, comment_ids, "withdrawn", day)


def set_repeats(project: Project, comment_id: str, earlier: str | None) -> list[FileChange]:
    """Say that a comment raises again an earlier round's comment (None: it does not)."""
    if earlier is not None:
        find_comment(project, earlier)
    return set_field(project, [comment_id], "repeats", earlier)


def set_field(project: Project, comment_ids: list[str], key: str, value: Any) -> list[FileChange]:
    """One field of each comment set (or removed, for None); one change per file touched."""
    refs = [find_comment(project, comment_id) for comment_id in dict.fromkeys(comment_ids)]
    return set_fields(project, refs, {key: value})


def set_fields(project: Project, refs: list[CommentRef], fields: dict[str, Any]) -> list[FileChange]:
    """Several fields of each comment set (a None value: the field removed), as one edit of its
    lines; one change per file touched."""
    originals: dict[str, bytes] = {}
    edited: dict[str, bytes] = {}

    def change(comment: Any) -> None:
        for key, value in fields.items():
            if value is not None:
                yaml_edit.set_key(comment, key, value)
            elif key in comment:
                # The comment lines below the removed line (the next comment's heading) stay.
                trailing = yaml_edit.take_trailing_comment(comment, key) if list(comment)[-1] == key else None
                del comment[key]
                if trailing and len(comment):
                    yaml_edit.put_trailing_comment(comment, list(comment)[-1], trailing)

    for ref in refs:
        if ref.path not in originals:
            originals[ref.path] = (project.root / ref.path).read_bytes()
        raw = edited.get(ref.path, originals[ref.path])
        # The reader's marks fit the file as read; a second edit of the same file loads it whole.
        edited[ref.path] = yaml_edit.edit_item(raw, "comments", ref.index, _place(ref, raw), change)[0]
    return [FileChange(path, originals[path], after) for path, after in edited.items()]


def _edited_comment(project: Project, ref: CommentRef, raw: bytes, change: Any) -> FileChange:
    place = _place(ref, raw)
    after, splice = yaml_edit.edit_item(raw, "comments", ref.index, place, change)
    reading = None
    # A file read with problems is parsed again: the problems would have to be found again too.
    if splice is not None and isinstance(ref.source.doc, YamlDocument) and \
            not any(problem.path == ref.path for problem in project.load_problems):
        reading = spliced(ref.source.doc, "comments", ref.index, splice.mark_first, splice.mark_removed, splice.mark_added,
                          splice.item, after, previous=ref.source.file)
    return FileChange(ref.path, raw, after, reading)


def _place(ref: CommentRef, raw: bytes) -> yaml_edit.ItemPlace | None:
    """Where the comment's lines are, from the marks the reader kept, if it read these very bytes."""
    doc = ref.source.doc
    if not isinstance(doc, YamlDocument) or doc.raw != raw or not isinstance(doc.data, dict):
        return None
    marks = doc.marks.get("comments")
    items = doc.data.get("comments")
    if not marks or not isinstance(items, list) or len(marks) != len(items) or not 0 <= ref.index < len(marks):
        return None
    line, column = marks[ref.index][:2]
    following = tuple(marks[ref.index + 1][:2]) if ref.index + 1 < len(marks) else None
    return yaml_edit.ItemPlace((line, column), following, items[ref.index])  # type: ignore[arg-type]


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return yaml_edit.mapping({k: _copy(v) for k, v in value.items()})
    if isinstance(value, list):
        return yaml_edit.block([_copy(v) for v in value])
    return str(value) if isinstance(value, str) else value


# ---------------------------------------------------------------- the editor snippet of `cm add --edit`


# ---------------------------------------------------------------- the draft under consultation

def make_current(project: Project, draft_id: str) -> list[FileChange]:
    """The current round's draft set to `draft_id` (cm.yaml's `draft:`, or the current round's
    `draft:` in `rounds:`): a new version replacing the draft of a round that has no comments
    yet. A round with comments keeps its draft: they are about its text, and the new version
    starts a round of its own."""
    if project.config is None:
        raise EditRefused(f"{CONFIG_NAME} could not be read: run cm validate")
    current = project.round(None)
    if current.draft == draft_id:
        return []
    comments = sum(1 for _ in project.comments_in(current.id))
    if comments:
        raise EditRefused(f"round {current.id} has {comments} comment{'s' if comments != 1 else ''} on draft {current.draft}, "
                          "so its draft stays; a new version of the draft starts the next round",
                          hint="start it from the document: cm round start ID --version V --from FILE.docx")
    raw = (project.root / CONFIG_NAME).read_bytes()
    document = yaml_edit.load(raw)
    if project.has_rounds:
        yaml_edit.set_key(document.data["rounds"][project.round_index(current.id)], "draft", draft_id)
    else:
        yaml_edit.set_key(document.data, "draft", draft_id)
    return [FileChange(CONFIG_NAME, raw, document.dump(document.data))]
