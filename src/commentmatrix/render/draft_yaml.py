"""The revised draft as a new draft file: the base of the next consultation round.

Written by the one draft writer (write/draft_file.py); a paragraph that a comment changed
carries a `# revised by ID` note.
Loading the file with the project loader gives back exactly `Revision.to_draft()`.
"""

from __future__ import annotations

import textwrap

from commentmatrix.model.text import as_mapping
from commentmatrix.revision import RevisedSection, RevisedText, Revision
from commentmatrix.views.draft import natural_key
from commentmatrix.write.draft_file import DraftEntry, ParagraphEntry, SectionEntry, draft_file


def render_yaml(revision: Revision, draft_id: str, version: str) -> bytes:
    draft = revision.to_draft(draft_id, version)
    applied = sorted({o.request.comment_id for o in revision.applied}, key=natural_key)
    header = [f"Draft {draft.id}, version {draft.version}: draft {revision.draft.id} (version {revision.draft.version})",
              f"with the decided edits of {len(applied)} comment{'s' if len(applied) != 1 else ''} applied."]
    header += textwrap.wrap("Comments: " + ", ".join(applied), 96) if applied else []
    header.append("Written by `cm render draft --format yaml`.")
    return draft_file(DraftEntry(draft.id, as_mapping(draft.title), draft.version, _sections(revision.sections),
                                 "\n".join(header)))


def _sections(sections: list[RevisedSection]) -> list[SectionEntry]:
    return [SectionEntry(section.id, section.number, as_mapping(section.title.revised()),
                         [ParagraphEntry(p.id, as_mapping(p.text.revised()), p.kind, _note(p.text) if p.text.changed else None)
                          for p in section.paragraphs if not p.deleted_by],
                         _sections(section.sections), _note(section.title) if section.title.changed else None)
            for section in sections]


def _note(text: RevisedText) -> str:
    return ("added by " if text.inserted_by else "revised by ") + ", ".join(text.changed_by())
