"""Who an output is for, decided in one place: the project as an audience may see it.

`public` (the default of every render) is what a secretariat publishes or sends to stakeholders;
`internal` is its own working copy. A public view is built from a copy of the project with the
personal and internal data taken out before any view sees it, so no writer, and no project's own
template (it receives the view), can print what was dropped:

- personal names: a stakeholder's `contact`; the `by` of a comment (the author of an imported
  Word comment or tracked change), of a response (who decided) and of an acknowledgement; a
  comment's `assignee` and `due` (the secretariat's own planning);
- a response's `internal_note`;
- every comment marked `internal: true`, whole: it has no row, is counted in no tally, and its
  decided edits, which still change the revised draft (the text is the same for every audience),
  are credited to the secretariat rather than to the comment.

The revisions stay those of the whole project: the filtered copy carries the full project's
revisions in its memo, so every view of one audience shows the same revised text.
docs/audiences.md lists, field by field, which audience sees what.
"""

from __future__ import annotations

from typing import Any

from commentmatrix.engine import revise
from commentmatrix.model.format import Acknowledgement, Comment, CommentFile, ProjectConfig
from commentmatrix.model.project import CommentSource, Project

PUBLIC = "public"
INTERNAL = "internal"
AUDIENCES = (PUBLIC, INTERNAL)
#: Published outputs are the ones that leak: forgetting a flag must not publish a name.
DEFAULT_AUDIENCE = PUBLIC
#: The CSV/XLSX matrix columns an audience does not see (the column would be empty anyway).
HIDDEN_COLUMNS: dict[str, frozenset[str]] = {PUBLIC: frozenset({"by", "internal_note"}), INTERNAL: frozenset()}

# Marks a project already filtered, and caches the public copy on the whole project.
_AUDIENCE_KEY = ("audience",)
_PUBLIC_COPY = ("audience", PUBLIC)


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}: use {' or '.join(AUDIENCES)}")
    return audience


def for_audience(project: Project, audience: str = DEFAULT_AUDIENCE) -> Project:
    """The project as `audience` may see it: itself for internal, a filtered copy for public."""
    if check_audience(audience) == INTERNAL or project.memo.get(_AUDIENCE_KEY) == PUBLIC:
        return project
    if _PUBLIC_COPY not in project.memo:
        project.memo[_PUBLIC_COPY] = _public(project)
    found: Project = project.memo[_PUBLIC_COPY]
    return found


def _public(project: Project) -> Project:
    memo: dict[Any, Any] = {_AUDIENCE_KEY: PUBLIC}
    # The revised texts are every audience's: computed on the whole project, before filtering.
    for draft_id in project.drafts_by_id:
        memo[("revision", draft_id)] = revise(project, draft_id)
    sources = [CommentSource(source.path, _public_file(source.file), source.doc) for source in project.comment_sources]
    return Project(project.root, _public_config(project.config), project.config_doc, drafts=list(project.drafts),
                   comment_sources=sources, load_problems=list(project.load_problems), files=list(project.files),
                   label_overrides=project.label_overrides, memo=memo)


def _public_config(config: ProjectConfig | None) -> ProjectConfig | None:
    if config is None:
        return None
    stakeholders = [stakeholder.model_copy(update={"contact": None}) for stakeholder in config.stakeholders]
    return config.model_copy(update={"stakeholders": stakeholders})


def _public_file(file: CommentFile) -> CommentFile:
    acknowledgement: Acknowledgement | None = file.acknowledgement
    if acknowledgement is not None:
        acknowledgement = acknowledgement.model_copy(update={"by": None})
    comments = [_public_comment(comment) for comment in file.comments if not comment.internal]
    return file.model_copy(update={"comments": comments, "acknowledgement": acknowledgement})


def _public_comment(comment: Comment) -> Comment:
    # A copy only of what has something to drop: at 10,000 comments the copies were most of the
    # public project's cost, and an untouched comment or response is the same for both audiences.
    response = comment.response
    if response is not None and (response.by is not None or response.internal_note is not None):
        response = response.model_copy(update={"by": None, "internal_note": None})
    if comment.by is None and comment.assignee is None and comment.due is None and response is comment.response:
        return comment
    return comment.model_copy(update={"by": None, "assignee": None, "due": None, "response": response})
