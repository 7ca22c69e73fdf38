"""The edit options of `cm respond` and `cm add`: several replaces, inserts and deletes in one call.

Typer hands each repeated option over as a list and cannot tell in which order different options
were typed, so edits are paired by count alone: the Nth --replace with the Nth --with, and an
option that qualifies them (--in, --edit-lang; --after or --at, --insert-lang for inserts) is given
either once, for all of them, or once for each. Any other count is refused, never guessed.

A text without --edit-lang/--insert-lang may name its language as --text does (th=เดิม: the
text เดิม in th), read by the same function, cli/common.text_in_language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Optional

import typer

from commentmatrix.cli.common import text_in_language
from commentmatrix.model.errors import UsageError

Texts = Optional[list[str]]
ReplaceOption = Annotated[Texts, typer.Option("--replace", metavar="OLD", help="Old text to change, exactly as in the draft (with --with NEW); LANG=OLD for one language (or --edit-lang); repeat for several edits.")]
WithOption = Annotated[Texts, typer.Option("--with", metavar="NEW", help="New text for the Nth --replace (empty to delete the old text).")]
InOption = Annotated[Texts, typer.Option("--in", metavar="ID", help="Paragraph or section the old text is in (default: the target): once for all the --replace, or once for each.")]
EditLangOption = Annotated[Texts, typer.Option("--edit-lang", metavar="LANG", help="Language of the --replace texts: once for all, or once for each --replace.")]
InsertOption = Annotated[Texts, typer.Option("--insert", metavar="TEXT", help="Text of a new paragraph (with --after or --at, and --new-id); LANG=TEXT for one language (or --insert-lang); repeat for several.")]
AfterOption = Annotated[Texts, typer.Option("--after", metavar="PARA", help="Paragraph the new one follows: once for all the --insert, or once for each.")]
AtOption = Annotated[Texts, typer.Option("--at", metavar="SECTION", help="Section at whose end the new paragraph goes, instead of --after (a section without paragraphs has none to follow): once for all the --insert, or once for each.")]
NewIdOption = Annotated[Texts, typer.Option("--new-id", metavar="ID", help="Id of the new paragraph: one for each --insert (the same id twice, with two --insert-lang, is one paragraph in two languages).")]
InsertLangOption = Annotated[Texts, typer.Option("--insert-lang", metavar="LANG", help="Language of the --insert texts: once for all, or once for each --insert.")]
DeleteOption = Annotated[Texts, typer.Option("--delete", metavar="PARA", help="Paragraph to delete; repeat for several.")]


@dataclass(frozen=True)
class EditOptions:
    replace: list[str]
    with_: list[str]
    in_: list[str]
    edit_lang: list[str]
    insert: list[str]
    after: list[str]
    new_id: list[str]
    insert_lang: list[str]
    delete: list[str]
    at: list[str]

    @classmethod
    def of(cls, *values: list[str] | None) -> EditOptions:
        return cls(*(list(value or []) for value in values))

    @property
    def given(self) -> bool:
        return any(bool(getattr(self, name)) for name in self.__dataclass_fields__)

    @property
    def proposes(self) -> bool:
        """Some edit is given (the other options only qualify them)."""
        return bool(self.replace or self.with_ or self.insert or self.delete)


def edits_from(options: EditOptions, languages: list[str], default_lang: str | None = None) -> list[dict[str, Any]]:
    """The edits the options describe: the replaces, then the inserts, then the deletes (the
    engine runs them in its own passes whatever their order). A text's language is its
    --edit-lang/--insert-lang, else its LANG= prefix (one of `languages`, the project's), else
    `default_lang` (cm add: the comment's --lang)."""
    from commentmatrix.write.project_edits import delete_edit, replace_edit

    count = len(options.replace)
    if len(options.with_) != count:
        raise UsageError(f"{_times(count, '--replace')} but {_times(len(options.with_), '--with')}: each --replace OLD "
                         "needs its --with NEW, in the same order (--with '' deletes the old text)")
    wheres = _paired("--in", options.in_, count, "--replace")
    langs = _paired("--edit-lang", options.edit_lang, count, "--replace")
    edits = []
    for given_old, given_new, given_lang, where in zip(options.replace, options.with_, langs, wheres):
        old, old_lang = text_in_language(given_old, given_lang, languages, "--replace", "old text")
        new, new_lang = text_in_language(given_new, given_lang, languages, "--with", "new text")
        if old_lang and new_lang and old_lang != new_lang:
            # One edit is found and made in one language: which one was meant cannot be told.
            raise UsageError(f"--replace {given_old} --with {given_new} name two languages ({old_lang}, {new_lang}): "
                             "an edit changes the text of one language",
                             hint="give each language's edit as its own --replace and --with")
        edits.append(replace_edit(old or "", new or "", old_lang or new_lang or default_lang, where))
    edits += _inserts(options, languages, default_lang)
    edits += [delete_edit(paragraph) for paragraph in options.delete]
    return edits


def _inserts(options: EditOptions, languages: list[str], default_lang: str | None) -> list[dict[str, Any]]:
    from commentmatrix.write.project_edits import insert_edit

    count = len(options.insert)
    if len(options.new_id) != count:
        raise UsageError(f"{_times(count, '--insert')} but {_times(len(options.new_id), '--new-id')}: "
                         "each new paragraph needs its id (--new-id ID), in the same order")
    if options.after and options.at:
        raise UsageError("give --after PARA or --at SECTION, not both: add the paragraphs placed each way in a command of its own")
    if count and not options.after and not options.at:
        raise UsageError("say where the new paragraph goes with --after PARA, or with --at SECTION for the end of a section")
    # `at:` in the file for --at, `after:` for --after: the format's two places of a new paragraph.
    place_key = "at" if options.at else "after"
    afters = _paired(f"--{place_key}", options.at or options.after, count, "--insert")
    langs = _paired("--insert-lang", options.insert_lang, count, "--insert")
    paragraphs: dict[str, tuple[str | None, dict[str | None, str]]] = {}
    for given, after, new_id, given_lang in zip(options.insert, afters, options.new_id, langs):
        text, lang = text_in_language(given, given_lang, languages, "--insert", "new paragraph")
        text, lang = text or "", lang or default_lang
        if new_id not in paragraphs:
            paragraphs[new_id] = (after, {lang: text})
            continue
        # The same id again: the same new paragraph, in another language.
        known_after, texts = paragraphs[new_id]
        if lang is None or None in texts or lang in texts or after != known_after:
            raise UsageError(f"--new-id {new_id} is given twice: one new paragraph in two languages needs a different "
                             f"language for each text (--insert-lang, or LANG=TEXT) and the same --{place_key}; "
                             "two paragraphs need two ids")
        texts[lang] = text
    found = []
    for new_id, (after, texts) in paragraphs.items():
        found.append(insert_edit(texts[None] if None in texts else dict(texts), after or "", new_id, place_key))
    return found


def _paired(name: str, values: list[str], count: int, of: str) -> list[str | None]:
    if not values:
        return [None] * count
    if not count:
        raise UsageError(f"{name} goes with {of}")
    given: list[str | None] = list(values)
    if len(given) == 1:
        return given * count
    if len(given) == count:
        return given
    raise UsageError(f"{_times(len(values), name)} for {_times(count, of)}: give {name} once for all of them, "
                     f"or once for each {of}, in the same order")


def _times(count: int, option: str) -> str:
    return f"{count} {option}" if count != 1 else f"one {option}"
