"""`cm round start`: close the round under way and open the next one on a new draft.

The new draft comes in as a ready FileChange (the revised text through the one draft writer, or
a Word version through `cm import draft`'s core); this module checks that the round may start
and writes cm.yaml: the current round closed, the new one registered, and a project of one round
(`draft:` and `deadline:` at the top level) turned into the `rounds:` form, every other line of
cm.yaml kept byte for byte. Nothing is written here: write/transaction.py validates and writes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from commentmatrix.model.diagnostics import Diagnostic
from commentmatrix.model.errors import UsageError
from commentmatrix.model.format import ID_FORMAT
from commentmatrix.model.project import CONFIG_NAME, DRAFTS_DIR, Project
from commentmatrix.revision import Revision
from commentmatrix.tally import OPEN, outcome_of
from commentmatrix.write import yaml_edit
from commentmatrix.write.transaction import EditRefused, FileChange

_NOT_IN_AN_ID = re.compile(r"[^A-Za-z0-9._\-]+")


@dataclass(frozen=True)
class RoundStart:
    round_id: str
    version: str
    today: dt.date
    draft_id: str | None = None  # default: from the current draft's id and the version
    title: str | dict[str, str] | None = None  # a text, or {LANG: text}
    opened: dt.date | None = None  # default: today
    deadline: dt.date | None = None
    allow_open: bool = False


@dataclass(frozen=True)
class NextDraft:
    """The new round's draft file, and how many of its paragraphs differ from the current draft."""

    change: FileChange
    changed: int


def new_draft_id(project: Project, request: RoundStart) -> str:
    """The id the new draft takes: --draft-id, else the current draft's id with its version
    replaced by the new one (lmec-2017-08, version 2017-08 -> lmec-2017-10), else the id and the
    version joined by a dash (d1 -> d1-2)."""
    if request.draft_id is not None:
        return request.draft_id
    current = project.current_draft
    old_id = project.round(None).draft
    old_version = current.draft.version if current is not None else None
    label = _NOT_IN_AN_ID.sub("-", request.version).strip("-.")
    if old_version and old_id.endswith(old_version) and old_id != old_version:
        return old_id[: -len(old_version)] + label
    return f"{old_id}-{label}"


def check_start(project: Project, request: RoundStart, problems: list[Diagnostic]) -> str:
    """Refuse a round that cannot start now; the new draft's id when it can. `problems` are the
    project's errors as `cm validate` finds them: the revised draft is made of decided edits
    that apply, so a project with errors starts no round."""
    if project.config is None:
        raise EditRefused(f"{CONFIG_NAME} could not be read: run cm validate")
    if not ID_FORMAT.fullmatch(request.round_id):
        raise UsageError(f"'{request.round_id}' cannot be a round id: use ASCII letters, digits, '.', '-' and '_'")
    if any(r.id == request.round_id for r in project.rounds):
        raise EditRefused(f"there is already a round '{request.round_id}' in {CONFIG_NAME}",
                          hint="give the new round an id of its own")
    if not request.version.strip():
        raise UsageError("give the new draft's version label with --version")
    draft_id = new_draft_id(project, request)
    if not ID_FORMAT.fullmatch(draft_id):
        raise UsageError(f"'{draft_id}' cannot be a draft id: give one with --draft-id "
                         "(ASCII letters, digits, '.', '-' and '_')")
    if draft_id in project.drafts_by_id or (project.root / DRAFTS_DIR / f"{draft_id}.yaml").exists():
        taken = project.drafts_by_id[draft_id].path if draft_id in project.drafts_by_id else f"{DRAFTS_DIR}/{draft_id}.yaml"
        raise EditRefused(f"draft id '{draft_id}' is already used by {taken}",
                          hint="give the new draft an id of its own with --draft-id")
    current = project.round(None)
    still_open = [ref for ref in project.comments_in(current.id) if outcome_of(ref.comment, project) == OPEN]
    if still_open and not request.allow_open:
        raise EditRefused(f"round {current.id} has {len(still_open)} open comment{'s' if len(still_open) != 1 else ''} "
                          f"(first: {still_open[0].id}); its revised draft would leave them out",
                          hint="decide them with cm triage, or start the round anyway with --allow-open")
    if problems:
        raise EditRefused(f"the project has {len(problems)} error{'s' if len(problems) != 1 else ''}, so the revised "
                          f"draft of round {current.id} cannot be made; nothing was written", problems,
                          hint="fix them (cm validate lists them), then start the round", root=project.root)
    return draft_id


def changed_paragraphs(revision: Revision) -> int:
    """Paragraphs the decided edits changed, added or deleted."""
    return sum(1 for _, paragraph in revision.paragraphs()
               if paragraph.text.changed or paragraph.inserted_by or paragraph.deleted_by)


def start_round(project: Project, request: RoundStart, draft_id: str, next_draft: NextDraft) -> list[FileChange]:
    """The new draft file and cm.yaml with the current round closed and the new one registered."""
    raw = (project.root / CONFIG_NAME).read_bytes()
    document = yaml_edit.load(raw)
    data = document.data
    new_round = _round_entry(request.round_id, draft_id, request.title, request.opened or request.today,
                             request.deadline, None)
    current = project.round(None)
    if not project.has_rounds:
        config = project.config
        assert config is not None  # check_start refused a project without one
        first = _round_entry(current.id, current.draft, None, None, config.deadline, request.today)
        _into_rounds(data, yaml_edit.sequence([first, new_round]))
    else:
        rounds = data["rounds"]
        entry = rounds[project.round_index(current.id)]
        if entry.get("closed") is None:
            yaml_edit.set_key(entry, "closed", dt.date.fromordinal(request.today.toordinal()))
        yaml_edit.append_item(rounds, new_round)
    if data.get("round") is not None:
        yaml_edit.set_key(data, "round", yaml_edit.quoted(request.round_id))
    return [next_draft.change, FileChange(CONFIG_NAME, raw, document.dump(data))]


def _round_entry(round_id: str, draft_id: str, title: str | dict[str, str] | None, opened: dt.date | None,
                 deadline: dt.date | None, closed: dt.date | None) -> Any:
    # Round ids are strings: "2" quoted, or it would load as a number.
    entry = yaml_edit.mapping({"id": yaml_edit.quoted(round_id), "draft": draft_id})
    for key, value in (("title", title), ("opened", opened), ("deadline", deadline), ("closed", closed)):
        if value is not None:
            # A fresh date each time: the same object twice would be dumped as an anchor and alias.
            entry[key] = (dt.date.fromordinal(value.toordinal()) if isinstance(value, dt.date)
                          else yaml_edit.mapping(value) if isinstance(value, dict) else value)
    return entry


def _into_rounds(data: Any, rounds: Any) -> None:
    """`rounds:` where `draft:` was, `draft:` and `deadline:` gone. The comment lines that
    followed a removed key follow the key before it (or the rounds), so they stay where they were."""
    keys = list(data)
    place = keys.index("draft") if "draft" in keys else len(keys)
    carried: dict[str, list[str]] = {}
    for key in ("draft", "deadline"):
        if key not in data:
            continue
        trailing = yaml_edit.take_trailing_comment(data, key)
        at = keys.index(key)
        survivor = next((k for k in reversed(keys[:at]) if k not in ("draft", "deadline")), None)
        heir = "rounds" if survivor is None or keys.index(survivor) < place <= at else survivor
        if trailing:
            carried.setdefault(heir, []).append(trailing)
    for key in ("draft", "deadline"):
        if key in data:
            del data[key]
    data.insert(min(place, len(data)), "rounds", rounds)
    for heir, comments in carried.items():
        own = yaml_edit.take_trailing_comment(data, heir)
        yaml_edit.put_trailing_comment(data, heir, "".join([*([own] if own else []), *comments]))
