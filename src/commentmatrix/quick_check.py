"""`cm validate` without checking again what a change cannot have touched (issue 19).

The usual change between two checks is a secretariat writing words: a comment's text, a
response's note. No rule that reads the project as a whole (ids, targets, rounds, groups, the
edit engine, the one-language rule) reads those words; only the file's own reading and the text
rules do. So when the comment files that changed differ from their last checked bytes only in
such words, the last full check's findings stand for everything else, and only the changed
files are read and run through the text rules again.

Exactly: the last full check is kept as a signed record (read/check_record.py). A quick check
is taken only when all of these hold, and otherwise the check runs in full:
- the record is there, signed with this user's key, of this version of cm and this folder;
- the same files are listed in the same order, and cm.yaml and the drafts have the same bytes;
- each changed comment file loaded then and loads now, and its data then and now differ only
  inside the texts of `WORDS`, with the same emptiness (a rule asks whether a note is empty);
- no problem the project-wide rules found (rules.PROJECT_RULES) is in a changed file: its line
  could have moved with the words.
Then the problems are the record's project-wide ones, the record's own problems of each
unchanged file, and, found again, every problem of reading the files that were read (cm.yaml,
the drafts, the changed files, the folders, templates/labels.yaml) and of their texts; and cm
status's facts, when the record holds them, are carried forward (status_facts.carried_forward).
tests/test_quick_check.py holds it to a full check on mutations of real projects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from commentmatrix.model.check_record import CheckRecord, SinceRecord
from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.project import Project, is_comment_file
from commentmatrix.model.status_facts import StatusFacts
from commentmatrix.rules import LOADING, PROJECT_RULES, TEXTS, problems_by_origin, sorted_problems, text_rules
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
                             dict(project.file_signatures))
    return Checked(problems, len(project.files), record)


def quick_check(record: CheckRecord, since: SinceRecord) -> Checked | None:
    """The problems a full check would find, when `since` (the project loaded as far as it
    changed since `record`, read/check_record.load_since) shows that only words changed;
    None when that is not certain (then check in full)."""
    project, changed = since.project, since.changed
    if project.files != record.names or project.file_keys.keys() != record.keys.keys():
        return None  # a file added, removed, renamed or no longer readable
    if any(project.file_keys[name] != record.keys[name] for name in project.files if not is_comment_file(name)):
        return None  # cm.yaml or a draft changed: everything may read it
    now = {source.path: source for source in project.comment_sources}
    project_wide = [d for origin, d in record.problems if origin == PROJECT_RULES]
    # The digests still of the files' bytes, and the changed files' found now.
    words = {name: known for name, known in record.words.items() if project.file_keys.get(name) == known[0]}
    for name in changed:
        # A project-wide problem in the file, or one naming it (a duplicate id's "already used
        # in comments/x.yaml:12"), may point at a line the words moved.
        if name not in record.loaded or name not in now or \
                any(d.path == name or name in d.message or name in (d.hint or "") for d in project_wide):
            return None
        known = record.words.get(name)
        before = since.before.get(name)
        try:
            then = known[1] if known is not None and known[0] == record.keys[name] else \
                _outside_words(before) if before is not None else None
            words[name] = (project.file_keys[name], _outside_words(now[name].doc.data))
        except TypeError:  # not plain YAML data: nothing to compare it by
            return None
        if then is None or then != words[name][1]:
            return None
    # cm status's facts, kept with the record, hold words and lines of the changed files.
    facts = carried_forward(record.facts, project, changed) if record.facts is not None else None
    if record.facts is not None and facts is None:
        return None
    # The comment files read and left unparsed: their own problems are the record's.
    kept = {name for name in project.files if is_comment_file(name) and name not in changed}
    # In the full check's order: of two problems equal but for their hint, both keep the same one.
    by_origin = {
        LOADING: [*project.load_problems, *(d for origin, d in record.problems if origin == LOADING and d.path in kept)],
        TEXTS: [*text_rules(project, {}), *(d for origin, d in record.problems if origin == TEXTS and d.path in kept)],
        PROJECT_RULES: project_wide,
    }
    # The same files as recorded (checked above), with the changed ones' new keys.
    return Checked(sorted_problems(by_origin), len(project.files),
                   CheckRecord(record.names, dict(project.file_keys), record.loaded, _with_origins(by_origin), facts,
                               dict(project.file_signatures), words))


def _with_origins(by_origin: dict[str, list[Diagnostic]]) -> list[tuple[str, Diagnostic]]:
    return [(origin, d) for origin in (LOADING, TEXTS, PROJECT_RULES) for d in dict.fromkeys(by_origin[origin])]


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
