"""`cm validate` without checking again what a change cannot have touched (issue 19).

The usual change between two checks is a secretariat writing words and answers: a comment's
text, a response's note, a decision, who made it when, who prepares the response by when, and
the response's own edits. No rule that reads the project as a whole (ids, targets, rounds,
groups, the edit engine, the one-language rule) reads those words; only the file's own reading
and the text rules do. And an answer is read by rules of other comments only through an edit it
applies, a group it leads or is in, or a repeat across rounds; without those, only the
comment's own rules read it (the answer rules of rules.py, and its basis, when it records one in
the last round), and the edits it applies are read only by the engine and the one-language
rule, on the texts they change (quick_edits.py runs those texts' edits again). So when the
comment files that changed differ from their last checked bytes only in such words and answers,
the last full check's findings stand for everything else, and only the changed files are read
and run through the text rules and the answer rules again.

Exactly: the last full check is kept as a signed record (read/check_record.py). A quick check
is taken only when all of these hold, and otherwise the check runs in full:
- the record is there, signed with this user's key, of this version of cm and this folder;
- the same files are listed in the same order, and cm.yaml and the drafts have the same bytes;
- each changed comment file loaded then and loads now, and its data then and now differ only
  inside the texts of `WORDS` (with the same emptiness, or the answer rules run again), and in
  the `ANSWER_FIELDS` of comments that are in no group and repeat none, that no comment names
  (`group:`, `repeats:`: CheckRecord.named), and whose basis, if they record one, is in the
  project's last round; of such comments that propose or write edits, the edits are run again
  on their texts, as quick_edits.py allows (else the check is in full);
- no problem the project-wide rules found (rules.PROJECT_RULES) is in a changed file, unless it
  is an edit's problem that the edits run again find anew (REFOUND_RULES): its line could have
  moved with the words.
Then the problems are the record's project-wide ones (those of the texts whose edits ran again
as found now, and the bases of the comments answered, judged again), the record's own problems
of each unchanged file, and, found again, every problem of reading the files that were read
(cm.yaml, the drafts, the changed files, the folders, templates/labels.yaml), of their texts and
of their comments' answers; and cm status's facts, when the record holds them, are carried
forward (status_facts.carried_forward: the answered comments', and whether the decisions whose
edits ran again change anything, found again). tests/test_quick_check.py,
test_quick_check_review.py, test_quick_check_answers.py and test_quick_edits.py hold it to a
full check on mutations of real projects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from typing import Any

from commentmatrix.basis import suspect_problems
from commentmatrix.model.check_record import CheckRecord, SinceRecord
from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.project import CommentRef, CommentSource, Project, is_comment_file
from commentmatrix.model.status_facts import StatusFacts
from commentmatrix.quick_edits import Redone, index_revisions, redo_edits
from commentmatrix.rules import (
    ANSWERS,
    LOADING,
    ORIGINS,
    PROJECT_RULES,
    TEXTS,
    answer_problems,
    problems_by_origin,
    revisions_of,
    sorted_problems,
    text_rules,
)
from commentmatrix.status_facts import carried_forward

#: Where a comment file holds words that only its own reading and the text rules read:
#: under each comment, and under the file (a stakeholder's acknowledgement).
WORDS = {"comment": ("text",), "response": ("note", "internal_note"), "objection": ("note",),
         "acknowledgement": ("note",)}


@dataclass
class Checked:
    """What a check found: its problems, sorted; how many files it read; and its record (None
    when the project could not be recorded whole: a file that could not be read)."""

    problems: list[Diagnostic]
    files: int
    record: CheckRecord | None


def full_check(project: Project, facts: StatusFacts | None = None) -> Checked:
    """check_project's problems, and their record for the next quick check (with cm status's
    `facts` of the project, when it counted them)."""
    by_origin = problems_by_origin(project)
    problems = sorted_problems(by_origin)
    record = None
    if all(name in project.file_keys for name in project.files):
        loaded = {source.path for source in project.comment_sources}
        record = CheckRecord(list(project.files), dict(project.file_keys), loaded, _with_origins(by_origin), facts,
                             dict(project.file_signatures), named=named_comments(project),
                             edits=index_revisions(revisions_of(project), project))
    return Checked(problems, len(project.files), record)


def named_comments(project: Project) -> set[str]:
    """The ids of the comments another comment names: a group's lead (its answer is the group's)
    and a comment raised again in a later round (its answer is compared with the repeat's)."""
    return {name for source in project.comment_sources for comment in source.file.comments
            for name in (comment.group, comment.repeats) if name is not None}


def quick_check(record: CheckRecord, since: SinceRecord) -> Checked | None:
    """The problems a full check would find, when `since` (the project loaded as far as it
    changed since `record`, read/check_record.load_since) shows that only words and answers
    no other comment reads changed; None when that is not certain (then check in full)."""
    project, changed = since.project, since.changed
    if project.files != record.names or project.file_keys.keys() != record.keys.keys():
        return None  # a file added, removed, renamed or no longer readable
    if any(project.file_keys[name] != record.keys[name] for name in project.files if not is_comment_file(name)):
        return None  # cm.yaml or a draft changed: everything may read it
    now = {source.path: source for source in project.comment_sources}
    project_wide = [d for origin, d in record.problems if origin == PROJECT_RULES]
    # The digests still of the files' bytes, and the changed files' found now.
    words = {name: known for name, known in record.words.items() if project.file_keys.get(name) == known[0]}
    answered: dict[str, list[int]] = {}
    decided: dict[str, list[int]] = {}  # of those, the comments with edits (quick_edits.py)
    # A project-wide problem in a changed file, or one naming it (a duplicate id's "already used
    # in comments/x.yaml:12"), may point at a line the words moved: unless the edits are run
    # again and find it anew, the check is in full.
    moved = [d for d in project_wide if any(d.path == name or name in d.message or name in (d.hint or "") for name in changed)]
    for name in changed:
        if name not in record.loaded or name not in now:
            return None
        known = record.words.get(name)
        data = now[name].doc.data
        try:
            # The old data is decoded only when the record holds no digest of it, or more than
            # words changed (to tell which comments' answers did).
            then: str | None
            if known is not None and known[0] == record.keys[name]:
                then = known[1]
            else:
                before = since.before.get(name)
                then = _outside_words(before) if before is not None else None
            words[name] = (project.file_keys[name], _outside_words(data))
            if then is None:
                return None
            if then != words[name][1]:
                # More than words: only answers, each of a comment whose answer no other reads.
                before = since.before.get(name)
                found = _answered(before, data) if before is not None else None
                if found is None:
                    return None
                for index in found:
                    reach = _answer_reach(project, record, now[name], index)
                    if reach is None:
                        return None
                    if reach == EDITS or _response_edits(before, index) != _response_edits(data, index):
                        decided.setdefault(name, []).append(index)
                answered[name] = found
        except TypeError:  # not plain YAML data: nothing to compare it by
            return None
    redone = None
    # The edits' problems of comments in changed files are found again, on their new lines, by
    # running again the edits of the texts they are about.
    refound: dict[str, set[int]] = {}
    for d in moved:
        place = _edit_problem_place(d, now, changed)
        if place is None:
            return None
        refound.setdefault(d.path, set()).add(place)
    if decided or refound:
        redone = redo_edits(record, project, decided, since.before, since.load, set(changed), refound) \
            if since.load is not None else None
        if redone is None:
            return None
        found_again = {d.said for d in redone.removed if d.path in changed}
        dropped = {id(d) for d in project_wide if d in redone.removed or (d.path in changed and d.said in found_again)}
        if any(id(d) not in dropped for d in moved):
            return None
        project_wide = [d for d in project_wide if id(d) not in dropped] + redone.added
    # cm status's facts, kept with the record, hold words and lines of the changed files, and
    # whether the decisions of the comments whose edits were run again change anything.
    facts = None
    if record.facts is not None:
        facts = carried_forward(record.facts, project, _found_again(project, changed, redone), answered,
                                redone.unapplied if redone is not None else {})
        if facts is None:
            return None
    # The comment files read and left unparsed: their own problems are the record's.
    kept = {name for name in project.files if is_comment_file(name) and name not in changed}

    def recorded(origin: str) -> list[Diagnostic]:
        return [d for found, d in record.problems if found == origin and d.path in kept]

    # In the full check's order: of two problems equal but for their hint, both keep the same one.
    changed_sources = [now[name] for name in changed]
    by_origin = {
        LOADING: [*project.load_problems, *recorded(LOADING)],
        TEXTS: [*text_rules(project, {}), *recorded(TEXTS)],
        ANSWERS: [*answer_problems(changed_sources), *recorded(ANSWERS)],
        # An answered comment's basis is judged again: no rule but this one reads it.
        PROJECT_RULES: [*project_wide, *(d for name, indices in answered.items() for index in indices
                                         for d in suspect_problems(project, CommentRef(now[name], index)))],
    }
    # The same files as recorded (checked above), with the changed ones' new keys.
    return Checked(sorted_problems(by_origin), len(project.files),
                   CheckRecord(record.names, dict(project.file_keys), record.loaded, _with_origins(by_origin), facts,
                               dict(project.file_signatures), words, record.named,
                               redone.index if redone is not None else record.edits))


#: The project-wide rules whose problems quick_edits finds again when it runs the edits of their
#: texts: a replace's conflict, and a text changed in some of its languages.
REFOUND_RULES = ("edit-conflict", "one-language-edit")


def _edit_problem_place(problem: Diagnostic, now: dict[str, CommentSource], changed: list[str]) -> int | None:
    """The place of the comment of a changed file that an edit's problem of REFOUND_RULES is
    about ("comment ID: ..."); None for any other problem, or when that comment is not one."""
    if problem.path not in changed or problem.rule not in REFOUND_RULES:
        return None
    found = re.match(r"comment (\S+): ", problem.message)
    places = [index for index, comment in enumerate(now[problem.path].file.comments)
              if found is not None and comment.id == found.group(1)]
    return places[0] if len(places) == 1 else None


def _found_again(project: Project, changed: list[str], redone: Redone | None) -> dict[str, CommentSource]:
    """The files whose facts are found again: the changed ones, and those with comments whose
    edits' outcomes the change moved."""
    found = {source.path: source for source in project.comment_sources if source.path in changed}
    if redone is not None:
        found.update(redone.sources)
    return found


def _answered(before: Any, data: Any) -> list[int] | None:
    """The places of the comments whose answers differ between a file's data `before` and now,
    when nothing but words and answers differs; None when more does."""
    if _outside_answers(before) != _outside_answers(data):
        return None
    old, new = before.get("comments"), data.get("comments")
    if not isinstance(old, list) or not isinstance(new, list) or len(old) != len(new):
        return None
    return [index for index, (then, now) in enumerate(zip(old, new)) if _answer(then) != _answer(now)]


#: What a changed answer reaches (_answer_reach): its comment's own facts, or the edits too.
ALONE, EDITS = "alone", "edits"


def _answer_reach(project: Project, record: CheckRecord, source: CommentSource, index: int) -> str | None:
    """What the answer of the comment at `index` reaches, when no rule but its own reads it: it
    is in no group and repeats none, no other comment names it (`group:`, `repeats:`), and a
    basis it records is in its project's last round (judged without a revision). Then ALONE
    when it proposes no edit and its response writes none (the revised draft stays), else EDITS
    (quick_edits.py runs them again); None when others read it."""
    comments = source.file.comments
    if len(comments) != len(source.doc.data["comments"]):
        return None
    comment = comments[index]
    response = comment.response
    if comment.group is not None or comment.repeats is not None or comment.id in record.named:
        return None
    if response is not None and response.basis is not None:
        round_id = project.round_of(source)
        if round_id is not None and project.round_index(round_id) != len(project.rounds) - 1:
            return None
    return EDITS if comment.proposal or (response is not None and response.edits) else ALONE


def _with_origins(by_origin: dict[str, list[Diagnostic]]) -> list[tuple[str, Diagnostic]]:
    return [(origin, d) for origin in ORIGINS for d in dict.fromkeys(by_origin[origin])]


def _outside_words(data: Any) -> str:
    """A digest of a comment file's data with the words of WORDS masked, their emptiness kept."""
    if not isinstance(data, dict):
        return _digest(data)
    masked = dict(data)
    if isinstance(masked.get("acknowledgement"), dict):
        masked["acknowledgement"] = _masked(masked["acknowledgement"], WORDS["acknowledgement"])
    if isinstance(masked.get("comments"), list):
        masked["comments"] = [_comment(comment) for comment in masked["comments"]]
    return _digest(masked)


#: What a secretariat writes to answer a comment: who prepares the response by when, and the
#: response's decision, who made it when, the basis cm respond records, and the edits it applies
#: (read by no rule but the comment's own and the edit engine's: quick_edits.py).
ANSWER_FIELDS = {"comment": ("assignee", "due"), "response": ("decision", "by", "date", "basis", "edits")}


def _response_edits(data: Any, index: int) -> Any:
    """The `edits:` of the response of the comment at `index` in a file's data (None for none)."""
    comment = data["comments"][index]
    response = comment.get("response") if isinstance(comment, dict) else None
    return response.get("edits") if isinstance(response, dict) else None


def _outside_answers(data: Any) -> str:
    """A digest of a comment file's data outside its words and its comments' answers and
    responses' words: a response that holds nothing else counts as none."""
    if not isinstance(data, dict) or not isinstance(data.get("comments"), list):
        return _outside_words(data)
    return _outside_words({**data, "comments": [_unanswered(comment) for comment in data["comments"]]})


def _unanswered(comment: Any) -> Any:
    if not isinstance(comment, dict):
        return comment
    bare = {key: value for key, value in comment.items() if key not in ANSWER_FIELDS["comment"]}
    response = bare.get("response")
    if isinstance(response, dict):
        left_out = (*ANSWER_FIELDS["response"], *WORDS["response"])
        rest = {key: value for key, value in response.items() if key not in left_out}
        if rest:
            bare["response"] = rest
        else:
            del bare["response"]
    return bare


def _answer(comment: Any) -> Any:
    """A comment's answer as data to compare: whether it has a response, and the answer's fields."""
    if not isinstance(comment, dict):
        return None
    response = comment.get("response")
    own = [comment.get(key) for key in ANSWER_FIELDS["comment"]]
    if not isinstance(response, dict):
        return [*own, response]
    return [*own, [response.get(key) for key in ANSWER_FIELDS["response"]]]


def _comment(comment: Any) -> Any:
    if not isinstance(comment, dict):
        return comment
    masked = _masked(comment, WORDS["comment"])
    for part in ("response", "objection"):
        if isinstance(masked.get(part), dict):
            masked[part] = _masked(masked[part], WORDS[part])
    return masked


def _masked(mapping: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    masked = dict(mapping)
    for name in fields:
        if name in masked:
            masked[name] = _word(masked[name])
    return masked


def _word(value: Any) -> Any:
    # A text is a string or a mapping of language codes to strings: the codes stay, each
    # string is only empty or not. Anything else (a number where a text belongs) stays as it is.
    if isinstance(value, str):
        return "word" if value else ""
    if isinstance(value, dict):
        return {key: _word(item) if isinstance(item, str) else item for key, item in value.items()}
    return value


def _digest(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, default=_tagged, separators=(",", ":"))
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


def _tagged(value: Any) -> Any:
    # Dates, the one kind of value JSON lacks, tagged so that no string can stand for one.
    if isinstance(value, (dt.date, dt.datetime)):
        return ["\x00" + type(value).__name__, value.isoformat()]
    raise TypeError(f"not data of a YAML file: {type(value).__name__}")
