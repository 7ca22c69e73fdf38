"""Cross-file checks. Each rule is a small generator of Diagnostics over a loaded Project.

Rule slugs are stable and documented in docs/rules.md. Problems of single files (syntax, types,
unknown fields) come from the loader; these rules see only what loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from commentmatrix.basis import late_decision_rules, suspect_rules
from commentmatrix.engine import revise
from commentmatrix.group_rules import group_rules
from commentmatrix.language_rules import language_rules
from commentmatrix.model.collector import collector_paused
from commentmatrix.model.diagnostics import Diagnostic, error, sort_key, warning
from commentmatrix.model.format import GENERAL, LANGUAGE_CODE, Section
from commentmatrix.model.positions import Path as DataPath
from commentmatrix.model.positions import SourceDocument
from commentmatrix.model.project import CommentRef, CommentSource, Project
from commentmatrix.model.suggestions import KnownNames, did_you_mean, did_you_mean_language
from commentmatrix.model.textfacts import character_problems, language_of_text
from commentmatrix.revision import Revision
from commentmatrix.round_rules import drafts_here, round_rules

Rule = Callable[[Project, dict[str, Revision]], Iterator[Diagnostic]]

# Characters Word's XML cannot hold (python-docx raises on them); tab, newline and CR are fine.


def check_project(project: Project) -> list[Diagnostic]:
    """Every problem in the project, sorted by file, line and column."""
    return sorted_problems(problems_by_origin(project))


def sorted_problems(by_origin: dict[str, list[Diagnostic]]) -> list[Diagnostic]:
    """The problems of every origin, each once, sorted by file, line and column."""
    return sorted({d for found in by_origin.values() for d in found}, key=sort_key)


#: What found a problem: reading a file (its own bytes alone), the text rules (a file's own
#: strings, against cm.yaml's languages), the answer rules (a comment's response against its
#: own fields), or the rules that read the project as a whole.
LOADING, TEXTS, ANSWERS, PROJECT_RULES = "load", "text", "answer", "rules"
ORIGINS = (LOADING, TEXTS, ANSWERS, PROJECT_RULES)


def problems_by_origin(project: Project) -> dict[str, list[Diagnostic]]:
    """The problems check_project reports, by what found them (quick_check redoes the first three
    for the files that changed and keeps the last where nothing it reads changed)."""
    # Checking keeps what it makes (revisions, the node trees composed to point at problems,
    # the diagnostics) and frees the rest by reference counting: 6 objects in cycles among the
    # 510,000 it makes with 5,000 unknown targets, on which the collector spent a third of a second.
    with collector_paused():
        revisions = revisions_of(project)
        found: dict[str, list[Diagnostic]] = {LOADING: list(project.load_problems), TEXTS: [], ANSWERS: [], PROJECT_RULES: []}
        for rule in RULES:
            found[_ORIGIN_OF.get(rule, PROJECT_RULES)].extend(rule(project, revisions))
        return found


def revisions_of(project: Project) -> dict[str, Revision]:
    """The revision of every draft that has comments on it (and of the current draft)."""
    wanted = {project.draft_id_of(s) for s in project.comment_sources}
    wanted.update(r.draft for r in project.rounds)
    revisions = {}
    for draft_id in sorted(d for d in wanted if d):
        revision = revise(project, draft_id)
        if revision is not None:
            revisions[draft_id] = revision
    return revisions


def _at(doc: SourceDocument, path: DataPath, key: bool = False) -> tuple[int, int]:
    return doc.position(path, key=key)


def config_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    config, doc = project.config, project.config_doc
    if config is None or doc is None:
        return
    seen: dict[str, int] = {}
    for index, code in enumerate(config.languages):
        if not LANGUAGE_CODE.fullmatch(code):
            yield error(doc.path, *_at(doc, ("languages", index)), "bad-language",
                        f"'{code}' is not a language code", "use lower-case ISO 639 codes: en, zh, vi, lo, km, th, my")
        if code in seen:
            yield error(doc.path, *_at(doc, ("languages", index)), "duplicate-id", f"the language '{code}' is listed twice")
        seen[code] = index
    first: dict[str, int] = {}
    for index, stakeholder in enumerate(config.stakeholders):
        if stakeholder.id in first:
            line = _at(doc, ("stakeholders", first[stakeholder.id], "id"))[0]
            yield error(doc.path, *_at(doc, ("stakeholders", index, "id")), "duplicate-id",
                        f"the stakeholder id '{stakeholder.id}' is used twice (first on line {line})")
        first.setdefault(stakeholder.id, index)
    # A draft file that failed to load may be the one named: its own errors say more.
    if config.draft is not None and not config.rounds and not _draft_found(project, config.draft):
        yield error(doc.path, *_at(doc, ("draft",)), "unknown-draft",
                    f"the draft '{config.draft}' is not in drafts/",
                    did_you_mean(config.draft, list(project.drafts_by_id)) or drafts_here(project))


def _draft_found(project: Project, draft_id: str) -> bool:
    return draft_id in project.drafts_by_id or any(d.path.startswith("drafts/") for d in project.load_problems)


# ---------------------------------------------------------------- drafts

def draft_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    first_file: dict[str, str] = {}
    for source in project.drafts:
        draft, doc = source.draft, source.doc
        if draft.id in first_file:
            yield error(doc.path, *_at(doc, ("id",)), "duplicate-id",
                        f"the draft id '{draft.id}' is also used by {first_file[draft.id]}")
            continue
        first_file[draft.id] = doc.path
        yield from _draft_ids(doc, draft.sections, ("sections",), {}, {})


def _draft_ids(doc: SourceDocument, sections: list[Section], path: DataPath, ids: dict[str, DataPath],
               numbers: dict[str, DataPath]) -> Iterator[Diagnostic]:
    # First occurrences are kept as paths: a line is looked up only to report a duplicate.
    for s_index, section in enumerate(sections):
        s_path = (*path, s_index)
        yield from _unique(doc, section.id, (*s_path, "id"), ids)
        if section.number in numbers:
            yield warning(doc.path, *_at(doc, (*s_path, "number")), "duplicate-number",
                          f"section number '{section.number}' is used twice (first on line {_at(doc, numbers[section.number])[0]})")
        numbers.setdefault(section.number, (*s_path, "number"))
        for p_index, paragraph in enumerate(section.paragraphs):
            yield from _unique(doc, paragraph.id, (*s_path, "paragraphs", p_index, "id"), ids)
        yield from _draft_ids(doc, section.sections, (*s_path, "sections"), ids, numbers)


def _unique(doc: SourceDocument, name: str, path: DataPath, ids: dict[str, DataPath]) -> Iterator[Diagnostic]:
    if name == GENERAL:
        yield error(doc.path, *_at(doc, path), "reserved-id", "'general' is reserved for comments on the whole draft",
                    "choose another id")
    if name in ids:
        first = _at(doc, ids[name])[0]
        yield error(doc.path, *_at(doc, path), "duplicate-id", f"the id '{name}' is used twice in this draft (first on line {first})",
                    "ids must be unique within a draft: sections and paragraphs share one set of ids")
    ids.setdefault(name, path)


# ---------------------------------------------------------------- comment files

def comment_file_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    roster = list(project.stakeholders_by_id)
    for source in project.comment_sources:
        file, doc = source.file, source.doc
        if project.config and file.stakeholder not in project.stakeholders_by_id:
            yield error(doc.path, *_at(doc, ("stakeholder",)), "unknown-stakeholder",
                        f"'{file.stakeholder}' is not in the roster of stakeholders in cm.yaml",
                        did_you_mean(file.stakeholder, roster) or "add the stakeholder to cm.yaml first")
        if file.draft and file.draft not in project.drafts_by_id and not project.has_rounds:
            yield error(doc.path, *_at(doc, ("draft",)), "unknown-draft", f"the draft '{file.draft}' is not in drafts/",
                        did_you_mean(file.draft, list(project.drafts_by_id)) or drafts_here(project))
        if file.state != "submitted" and file.comments:
            yield warning(doc.path, *_at(doc, ("state",)), "state-mismatch",
                          f"the state is '{file.state}' but the file holds {len(file.comments)} comment(s)",
                          "set `state: submitted` once comments have arrived")
    # Where each id is first used, as (file, index): a CommentRef is made only for a duplicate.
    first: dict[str, tuple[Any, int]] = {}
    for source in project.comment_sources:
        for index, comment in enumerate(source.file.comments):
            if comment.id not in first:
                first[comment.id] = (source, index)
                continue
            ref, other = CommentRef(source, index), CommentRef(*first[comment.id])
            yield error(ref.path, *ref.position("id"), "duplicate-id",
                        f"the comment id '{ref.id}' is already used in {other.path}:{other.position('id')[0]}",
                        "every comment id must be unique across the project")


def comment_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    targets_by_draft: dict[str, tuple[set[str], KnownNames]] = {}  # to test, and for hints
    # The comments in project order, file by file: a file's draft is looked up once.
    for source in project.comment_sources:
        draft_id = project.draft_id_of(source)
        if draft_id not in project.drafts_by_id or not source.file.comments:
            continue
        assert draft_id is not None
        if draft_id not in targets_by_draft:
            # Comments may target what an accepted edit adds (a new section, a new paragraph).
            revision = revisions.get(draft_id)
            names = revision.place_names if revision else KnownNames(project.places(draft_id))
            targets_by_draft[draft_id] = (set(names), names)
        known, names = targets_by_draft[draft_id]
        for index, comment in enumerate(source.file.comments):
            if comment.target != GENERAL and comment.target not in known:
                ref = CommentRef(source, index)
                yield error(ref.path, *ref.position("target"), "unknown-target",
                            f"target '{comment.target}' is not in draft {draft_id}",
                            did_you_mean(comment.target, names) or "name a section id, a paragraph id, or general")


def answer_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    yield from answer_problems(project.comment_sources)


def answer_problems(sources: Iterable[CommentSource]) -> Iterator[Diagnostic]:
    """What each comment's response says against itself: a decision without what it needs. A
    comment's own fields alone decide them, so quick_check finds them again in a changed file."""
    for source in sources:
        for index, comment in enumerate(source.file.comments):
            response = comment.response
            # An accepted or open comment breaks none of the decision rules.
            if response is not None and response.decision not in (None, "accepted"):
                yield from _decision_rules(CommentRef(source, index))


def _decision_rules(ref: CommentRef) -> Iterator[Diagnostic]:
    response = ref.comment.response
    if response is None or response.decision is None:
        return
    if response.decision == "partially" and not response.edits:
        yield error(ref.path, *ref.position("response", "decision"), "partially-without-edits",
                    f"comment {ref.id} is partially accepted but its response has no `edits:` saying which part applies",
                    "add `edits:` under `response:` with the part of the proposal that is taken")
    if response.decision == "rejected" and not response.note:
        yield warning(ref.path, *ref.position("response", "decision"), "rejected-without-note",
                      f"comment {ref.id} is rejected without a note; stakeholders expect a reason",
                      "add `note:` under `response:`")
    if response.decision in ("rejected", "noted") and response.edits:
        yield warning(ref.path, *ref.position("response", "edits", key=True), "edits-not-applied",
                      f"comment {ref.id} is {response.decision}, so its response edits are not applied")


# ---------------------------------------------------------------- texts: languages and characters

def text_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    languages = set(project.languages)
    # With a malformed `languages` list every text would be flagged: report the list alone.
    check_languages = bool(languages) and all(LANGUAGE_CODE.fullmatch(code) for code in languages)
    documents: list[tuple[SourceDocument, Any]] = []
    if project.config_doc is not None and project.config is not None:
        documents.append((project.config_doc, None))
    documents += [(s.doc, None) for s in project.drafts]
    documents += [(s.doc, s) for s in project.comment_sources]
    for doc, comment_source in documents:
        # The facts found when the file was read say whether it needs walking at all.
        facts = doc.facts or {"controls": True, "languages": ()}
        unknown = check_languages and not languages.issuperset(facts["languages"])
        if not facts["controls"] and not unknown:
            continue
        for path, value in _nodes(doc.data, (), facts["controls"]):
            if isinstance(value, str):
                for rule, what, hint in character_problems(value):
                    yield error(doc.path, *_at(doc, path), rule, f"{_comment_of(comment_source, path)}the text holds {what}", hint)
            elif unknown:
                yield from _language_problems(project, doc, comment_source, path, value, languages)


def _language_problems(project: Project, doc: SourceDocument, comment_source: Any, path: DataPath, mapping: dict[str, Any],
                       languages: set[str]) -> Iterator[Diagnostic]:
    if path and language_of_text(path[-1], mapping):
        for code in mapping:
            if code not in languages:
                yield error(doc.path, *_at(doc, (*path, code), key=True), "unknown-language",
                            f"{_comment_of(comment_source, path)}'{code}' is not one of the project's languages ({', '.join(project.languages)})",
                            did_you_mean_language(code, sorted(languages)) or "add it to `languages` in cm.yaml, or correct the code")
    edit_lang = mapping.get("lang")
    if "replace" in mapping and isinstance(edit_lang, str) and edit_lang not in languages:
        yield error(doc.path, *_at(doc, (*path, "lang")), "unknown-language",
                    f"'{edit_lang}' is not one of the project's languages ({', '.join(project.languages)})",
                    did_you_mean_language(edit_lang, sorted(languages)))




def _comment_of(source: Any, path: DataPath) -> str:
    if source is None or len(path) < 2 or path[0] != "comments" or not isinstance(path[1], int):
        return ""
    comments = source.file.comments
    return f"comment {comments[path[1]].id}: " if path[1] < len(comments) else ""


def _nodes(data: Any, path: DataPath, strings: bool) -> Iterator[tuple[DataPath, Any]]:
    """The mappings in a file's data (and the strings, when `strings`) with their paths,
    parents before children."""
    items: Iterable[tuple[str | int, Any]]
    if isinstance(data, dict):
        yield path, data
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if strings and isinstance(data, str):
            yield path, data
        return
    for key, value in items:
        if isinstance(value, (dict, list)):
            yield from _nodes(value, (*path, key), strings)
        elif strings and isinstance(value, str):
            yield (*path, key), value


# ---------------------------------------------------------------- edits, through the engine

def edit_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    for revision in revisions.values():
        for outcome in revision.outcomes:
            if outcome.ok:
                continue
            request = outcome.request
            source = request.origin
            path = (*request.path, outcome.field) if outcome.field else request.path
            line, column = source.doc.position(path)
            owner = f"comment {request.comment_id}: "
            yield error(source.path, line, column, outcome.rule or "bad-edit", owner + (outcome.message or ""), outcome.hint)


def _round_rules(project: Project, revisions: dict[str, Revision]) -> Iterator[Diagnostic]:
    yield from round_rules(project)
    yield from suspect_rules(project, revisions)
    yield from late_decision_rules(project, revisions)
    yield from language_rules(project, revisions)


RULES: tuple[Rule, ...] = (config_rules, draft_rules, comment_file_rules, comment_rules, answer_rules, text_rules,
                           edit_rules, _round_rules, group_rules)
_ORIGIN_OF: dict[Rule, str] = {text_rules: TEXTS, answer_rules: ANSWERS}
