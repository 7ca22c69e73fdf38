"""One draft from a document per language (`cm import draft en.docx --with zh.docx`), aligned by
structure: sections by number (by place among their siblings when unnumbered), paragraphs by
place in their section; what does not pair up is kept in its one language and reported.
"""

from __future__ import annotations

from commentmatrix.exchange.draft_import import DraftImport, ImportedSection, first_text, made_lines, shortened


def pair_documents(first: DraftImport, second: DraftImport, first_name: str, second_name: str) -> DraftImport:
    """One draft from a document per language, aligned by structure: sections by number (by
    place among their siblings when unnumbered), paragraphs by place in their section. The first
    document's ids stand; what does not pair up is kept in its one language and reported."""
    notes = [f"{first_name}: {note}" for note in first.notes] + [f"{second_name}: {note}" for note in second.notes]
    for code, text in second.title.items():
        first.title.setdefault(code, text)

    def label(section: ImportedSection) -> str:
        return shortened(f"{section.number} {first_text(section.title)}".strip(), 40)

    def align(mine: list[ImportedSection], theirs: list[ImportedSection]) -> list[tuple[ImportedSection | None, ImportedSection | None]]:
        numbered = all(s.number for s in mine + theirs) and len({s.number for s in mine}) == len(mine) \
            and len({s.number for s in theirs}) == len(theirs)
        if not numbered:
            width = max(len(mine), len(theirs))
            return [(mine[i] if i < len(mine) else None, theirs[i] if i < len(theirs) else None) for i in range(width)]
        by_number = {s.number: s for s in theirs}
        pairs: list[tuple[ImportedSection | None, ImportedSection | None]] = [(s, by_number.pop(s.number, None)) for s in mine]
        pairs.extend((None, s) for s in by_number.values())
        return pairs

    def walk(mine: list[ImportedSection], theirs: list[ImportedSection]) -> None:
        for own, other in align(mine, theirs):
            if own is None and other is not None:
                notes.append(f"{second_name}, paragraph {other.where}: section {label(other)} is not in {first_name}; "
                             "it is not imported")
                continue
            if own is None:
                continue
            if other is None:
                notes.append(f"{first_name}, paragraph {own.where}: section {label(own)} is not in {second_name}: "
                             "it has one language")
                continue
            for code, text in other.title.items():
                own.title.setdefault(code, text)
            for index in range(max(len(own.paragraphs), len(other.paragraphs))):
                if index >= len(other.paragraphs):
                    unit = own.paragraphs[index]
                    notes.append(f"{first_name}, {label(own)}, paragraph {unit.where} ({shortened(first_text(unit.texts), 40)}): "
                                 f"{second_name} has no paragraph {index + 1} in this section; it has one language")
                elif index >= len(own.paragraphs):
                    unit = other.paragraphs[index]
                    notes.append(f"{second_name}, {label(other)}, paragraph {unit.where} ({shortened(first_text(unit.texts), 40)}): "
                                 f"{first_name} has no paragraph {index + 1} in this section; it is not imported")
                else:
                    for code, text in other.paragraphs[index].texts.items():
                        own.paragraphs[index].texts.setdefault(code, text)
            walk(own.sections, other.sections)

    walk(first.sections, second.sections)
    languages = list(dict.fromkeys(first.languages + second.languages))
    paired = DraftImport(first.draft_id, first.version, first.title, first.sections, languages, notes=notes)
    paired.made = made_lines(paired)
    return paired
