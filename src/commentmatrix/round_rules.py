"""Checks of a consultation's rounds: the rounds in cm.yaml, the round each comment file is in,
and what a comment says about earlier rounds (`repeats:`).

A comment file belongs to the round named by its folder under comments/ (comments/2/lao-pdr.yaml
is round 2's); a file directly in comments/ belongs to the first round, so a project that grows a
second round keeps its first round's files where they are.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from commentmatrix.model.diagnostics import Diagnostic, error, warning
from commentmatrix.model.project import COMMENTS_DIR, CONFIG_NAME, CommentRef, Project
from commentmatrix.model.suggestions import KnownNames, did_you_mean


def drafts_here(project: Project) -> str:
    if not project.drafts_by_id:
        return "drafts/ holds no draft yet: add one (see docs/format.md)"
    return f"the drafts in drafts/ are: {', '.join(sorted(project.drafts_by_id))}"


def round_rules(project: Project) -> Iterator[Diagnostic]:
    yield from _config_rounds(project)
    yield from _file_rounds(project)
    yield from _repeats(project)


def _config_rounds(project: Project) -> Iterator[Diagnostic]:
    config, doc = project.config, project.config_doc
    if config is None or doc is None or not config.rounds:
        return
    for key in ("draft", "deadline"):
        if getattr(config, key) is not None:
            yield error(doc.path, *doc.position((key,), key=True), "round-field",
                        f"with `rounds:`, each round has its own `{key}`: this `{key}:` is not read",
                        f"move it into the round it belongs to (rounds: - id: ... {key}: ...) and delete this line")
    seen: dict[str, int] = {}
    drafts: dict[str, str] = {}
    loading_drafts = any(d.path.startswith("drafts/") for d in project.load_problems)
    previous_closed = None
    for index, found in enumerate(config.rounds):
        at = ("rounds", index)
        if found.id in seen:
            yield error(doc.path, *doc.position((*at, "id")), "duplicate-id",
                        f"the round id '{found.id}' is used twice (first on line {doc.position(('rounds', seen[found.id], 'id'))[0]})")
            continue
        seen[found.id] = index
        if found.draft not in project.drafts_by_id and not loading_drafts:
            yield error(doc.path, *doc.position((*at, "draft")), "unknown-draft",
                        f"round {found.id}: the draft '{found.draft}' is not in drafts/",
                        did_you_mean(found.draft, list(project.drafts_by_id)) or drafts_here(project))
        if found.draft in drafts:
            yield error(doc.path, *doc.position((*at, "draft")), "shared-draft",
                        f"rounds {drafts[found.draft]} and {found.id} both consult on draft {found.draft}: "
                        "a round's comments are applied to its own draft",
                        "each round consults on the draft revised by the one before: cm round start ID --version LABEL writes it")
        drafts.setdefault(found.draft, found.id)
        dates = [(name, getattr(found, name)) for name in ("opened", "deadline", "closed") if getattr(found, name)]
        for (first, early), (second, late) in pairwise(dates):
            if late < early:
                yield warning(doc.path, *doc.position((*at, second)), "round-dates",
                              f"round {found.id}: the {_DATE_NAMES[second]} ({late}) is before the {_DATE_NAMES[first]} ({early})")
        if previous_closed is not None and found.opened is not None and found.opened < previous_closed[1]:
            yield warning(doc.path, *doc.position((*at, "opened")), "round-dates",
                          f"round {found.id} opened on {found.opened}, before round {previous_closed[0]} closed ({previous_closed[1]})")
        previous_closed = (found.id, found.closed) if found.closed else None
    if config.round is not None and config.round not in seen:
        yield error(doc.path, *doc.position(("round",)), "unknown-round",
                    f"the round '{config.round}' is not one of `rounds:` ({', '.join(seen)})",
                    did_you_mean(config.round, list(seen)) or "name one of the rounds' ids, or delete the line for the last round")


_DATE_NAMES = {"opened": "opening date", "deadline": "deadline", "closed": "closing date"}


def _file_rounds(project: Project) -> Iterator[Diagnostic]:
    if not project.has_rounds:
        return
    ids = [r.id for r in project.rounds]
    for source in project.comment_sources:
        folder = project.round_folder_of(source.path)
        round_id = project.round_of(source)
        if round_id is None and folder is not None:
            yield error(source.path, *source.doc.position(("stakeholder",), key=True), "unknown-round",
                        f"this file is in {COMMENTS_DIR}/{folder}/, but {CONFIG_NAME} has no round '{folder}' "
                        f"(rounds: {', '.join(ids)}), so its comments belong to no round",
                        _round_hint(folder, ids)
                        or f"a comment file goes in {COMMENTS_DIR}/ROUND/ (the first round's may stay directly in {COMMENTS_DIR}/)")
            continue
        if round_id is None:
            continue
        own = project.round(round_id).draft
        if source.file.draft is not None and source.file.draft != own:
            holder = next((r.id for r in project.rounds if r.draft == source.file.draft), None)
            yield error(source.path, *source.doc.position(("draft",)), "draft-mismatch",
                        f"this file is in round {round_id}, whose draft is {own}, but its `draft:` says {source.file.draft}",
                        f"move the file to {COMMENTS_DIR}/{holder}/ (round {holder} consults on {source.file.draft})" if holder
                        else "delete the `draft:` line: a file's round decides its draft")


def _round_hint(folder: str, ids: list[str]) -> str | None:
    """The round a folder most likely means: `round-2` or `r2` for round 2, else the closest id."""
    ending = [r for r in ids if folder.endswith(r) and not folder[-len(r) - 1:-len(r)].isalnum()] if folder else []
    ending += [r for r in ids if folder.lower() in (f"r{r}", f"round{r}")]
    if ending:
        return f"did you mean '{ending[0]}'? move the file to {COMMENTS_DIR}/{ending[0]}/"
    return did_you_mean(folder, ids, cutoff=0.5)


def _repeats(project: Project) -> Iterator[Diagnostic]:
    # The ids of the rounds before each round, gathered once a round: every unknown `repeats:`
    # of a round asks the same list (it was built again, from every comment, for each one).
    earlier_ids: dict[int, KnownNames] = {}
    for source in project.comment_sources:
        for index, comment in enumerate(source.file.comments):
            if comment.repeats is not None:
                yield from _repeat(project, CommentRef(source, index), comment.repeats, earlier_ids)


def _repeat(project: Project, ref: CommentRef, earlier_id: str, earlier_ids: dict[int, KnownNames]) -> Iterator[Diagnostic]:
    at = ref.position("repeats")
    earlier = project.comments_by_id.get(earlier_id)
    if earlier is None:
        place = project.round_index(project.round_of(ref.source) or "")
        if place not in earlier_ids:
            earlier_ids[place] = KnownNames(c.id for c in project.comments()
                                            if 0 <= project.round_index(project.round_of(c.source) or "") < place)
        yield error(ref.path, *at, "unknown-comment", f"comment {ref.id} repeats '{earlier_id}', which is no comment of the project",
                    did_you_mean(earlier_id, earlier_ids[place]) or "name the id of the earlier round's comment")
        return
    mine, theirs = project.round_of(ref.source), project.round_of(earlier.source)
    if mine is None or theirs is None:
        return
    if project.round_index(theirs) >= project.round_index(mine):
        where = "this same round" if theirs == mine else f"round {theirs}, a later round"
        yield error(ref.path, *at, "repeats-not-earlier",
                    f"comment {ref.id} repeats {earlier_id}, which is in {where}: `repeats:` names a comment of an earlier round",
                    "for a duplicate within one round, answer both alike" if theirs == mine else None)
