"""Which round an import's comments belong to.

A comment is made on the draft its stakeholder read, so a review copy's comments belong to the
round that consults on the copy's draft (its identifier names it: views/review_marks), whatever
round is under way now: a round-1 copy that comes back late is round 1's. A file that names no
draft (a table, a copy whose properties were cleared) goes to the round asked for, by default the
current one.
"""

from __future__ import annotations

from commentmatrix.model.errors import Refusal
from commentmatrix.model.format import Round
from commentmatrix.model.project import CONFIG_NAME, Project
from commentmatrix.views.review_marks import CopyIdentity


def round_of_copy(project: Project, identity: CopyIdentity | None, given: str | None) -> tuple[Round, str | None]:
    """The round of a review copy and, when the copy does not name its draft or is of another round
    than the one under way, a remark saying which round was taken. `given` is --round (None: not given)."""
    asked = project.round(given) if given is not None else None
    if identity is None:
        chosen = asked or project.round(None)
        remark = None
        if project.has_rounds:
            how = "as --round says" if asked else "the current round"
            remark = (f"the copy does not say which draft it was made from: its comments go to round {chosen.id} "
                      f"({how}) and are matched with draft {chosen.draft}"
                      + ("" if asked else "; give --round ID for another round"))
        return chosen, remark
    shown = f"draft {identity.draft}" + (f" (version {identity.version})" if identity.version else "")
    found = next((r for r in project.rounds if r.draft == identity.draft), None)
    if found is None:
        rounds = ", ".join(f"round {r.id} on {r.draft}" for r in project.rounds)
        raise Refusal(f"this copy is of {shown}, which no round of {CONFIG_NAME} consults on ({rounds}): "
                      "its comments cannot be matched with the draft they were made on",
                      hint="import it into the project that sent it out, or export a new review copy: cm export review-copy")
    if asked is not None and asked.id != found.id:
        raise Refusal(f"--round {asked.id}: this copy is of {shown}, which round {found.id} consults on, "
                      f"so its comments belong to round {found.id}",
                      hint=f"leave out --round, or give --round {found.id}")
    current = project.round(None)
    if found.id != current.id:
        # A late reply: said, since its comments (and what accepting them changes) land in a
        # round the next one already stands on, not in the round under way.
        closed = f", closed {found.closed.isoformat()}" if found.closed else ""
        return found, (f"this copy is of {shown}, which round {found.id} consults on{closed}: its comments go to "
                       f"round {found.id}, not to round {current.id} under way")
    return found, None
