"""The project format as pydantic models: the contract every command reads.

Models are strict: ids and numbers are strings (an unquoted `number: 5.10` is the float 5.1
and is refused, never coerced), unknown fields are refused, and every text field is a Text.
Field descriptions feed the JSON Schemas that editors use (see `cm schema`).

Every command builds these models when it starts, so this module is written for pydantic to
build them cheaply (docs/performance.md, "Start-up"): without `from __future__ import annotations`,
whose string annotations pydantic would compile one by one (a self-reference and the validators'
return types are quoted instead), and with `_empty_list` as the factory of empty lists, not
`list`, whose signature pydantic asks for and Python can only parse from its text.
"""

import datetime as dt
import re
import unicodedata
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetPydanticSchema,
    StrictStr,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from commentmatrix.model.text import nfc

LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")
ID_FORMAT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-]*")
# The target of a comment on the draft as a whole rather than on one of its parts.
GENERAL = "general"


def _compose(text: Any) -> Any:
    # Vietnamese typed on some keyboards, and text pasted from PDFs, arrive decomposed (NFD):
    # every text is composed once here, so titles, names and notes match and render like bodies.
    # The native validator before this one has checked the text's form (so a string is a str, a
    # mapping is the model's own copy with strings for values); the common composed string is
    # checked in place, without a copy or a call of nfc().
    if type(text) is str:
        return text if text.isascii() or unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    for string in text.values():
        if not (string.isascii() or unicodedata.is_normalized("NFC", string)):
            return {lang: nfc(string) for lang, string in text.items()}
    return text


def text_error(value: Any) -> tuple[str, str, dict[str, Any]]:
    """Why `value` is not a text, as (error type, message, context): the native validator says
    only that it is not (TEXT_REFUSED), and model/validation.py puts these words in its place."""
    if isinstance(value, dict) and value:
        for lang, string in value.items():
            if not isinstance(string, str):
                found = _describe(string)
                return "text_value", f"the '{lang}' text must be a string, found {found}", {"lang": lang, "found": found}
    elif isinstance(value, dict):
        return "text_empty", "the text mapping is empty: give at least one language", {}
    found = _describe(value)
    return ("text_type", f"expected text (a string, or a mapping of language codes to strings), found {found}",
            {"found": found})


def id_error(value: str) -> tuple[str, str, dict[str, Any]]:
    """Why `value` is not an id, naming the character at fault, as (error type, message, context):
    the native pattern (ID_PATTERN) says only that it does not match."""
    culprit = _id_culprit(value)
    return ("id_format", f"the id '{value}' {culprit}; ids may hold only ASCII letters, digits, '.', '-' and '_' "
                         "(no spaces or look-alike characters)", {"value": value, "culprit": culprit})


def _id_culprit(value: str) -> str:
    """Name the first character an id may not hold: a no-break or zero-width space is invisible,
    a Cyrillic 'С' looks like a Latin 'C'."""

    allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-"
    for index, char in enumerate(value):
        if char not in allowed or (index == 0 and char in "._-"):
            if char == " ":
                return "holds a space"
            if char in "._-":
                return f"starts with '{char}'"
            return f"holds U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"
    return "is empty"


ID_PATTERN_FIELD = re.compile(r"\{(stakeholder|STAKEHOLDER|n(?::0?[1-9])?)\}")


def _validate_id_pattern(value: str) -> str:
    fields = ID_PATTERN_FIELD.findall(value)
    rest = ID_PATTERN_FIELD.sub("", value)
    if "{" in rest or "}" in rest or sum(f.startswith("n") for f in fields) != 1:
        raise PydanticCustomError(
            "id_pattern", "the comment id pattern '{value}' must hold {n} once and may hold {s} or {S}, e.g. {S}-{n}",
            {"value": value, "n": "{n}", "s": "{stakeholder}", "S": "{STAKEHOLDER}"})
    return value


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    return type(value).__name__


_TEXT_SCHEMA = {
    "description": "A string, or a mapping from language code (en, zh, vi, lo, km, th, my, ...) to string.",
    "anyOf": [
        {"type": "string"},
        {"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1},
    ],
}

#: The type of pydantic's error for a value that is not a text (text_error says why).
TEXT_REFUSED = "text_type"
# A text's form is checked by pydantic-core itself (a union of a string and a non-empty mapping to
# strings, any key), so that Python only composes it (_compose). Serialized as any value, as before.
_TEXT_CORE = core_schema.no_info_after_validator_function(
    _compose,
    core_schema.union_schema(
        [core_schema.str_schema(strict=True),
         core_schema.dict_schema(core_schema.any_schema(), core_schema.str_schema(strict=True), min_length=1, strict=True)],
        custom_error_type=TEXT_REFUSED, custom_error_message="expected text"),
    serialization=core_schema.simple_ser_schema("any"))
Text = Annotated[Any, GetPydanticSchema(lambda _source, _handler: _TEXT_CORE), WithJsonSchema(_TEXT_SCHEMA)]
#: An id's rule, ID_FORMAT, as pydantic-core's (Rust) regex matches it: anchored, `$` only at the
#: very end (unlike Python's, before a final newline too); tests/test_text_values.py holds the two
#: to the same strings. Editors get the same pattern (cm schema).
ID_PATTERN = f"^{ID_FORMAT.pattern}$"
Id = Annotated[str, StringConstraints(strict=True, pattern=ID_PATTERN), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]


def _empty_list() -> list[Any]:
    return []


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=True)


# ---------------------------------------------------------------- cm.yaml

class Stakeholder(Model):
    id: Id = Field(description="Short id used by comment files, e.g. lao-pdr.")
    name: Text = Field(description="Name as published in the matrix.")
    kind: Literal["country", "organization", "other"] = Field(description="country, organization or other.")
    contact: Text | None = Field(None, description="Contact person or address.")
    languages: list[StrictStr] | None = Field(None, min_length=1, description="Languages of the letters to this stakeholder "
                                              "(cm render letters), in order; default: the project's languages.")


# The id of the one round of a project whose cm.yaml lists no rounds.
FIRST_ROUND = "1"


class Round(Model):
    id: Id = Field(description='Round id, also the folder of its comment files (comments/<id>/), e.g. "2" or written.')
    draft: Id = Field(description="Id of the draft this round consults on.")
    title: Text | None = Field(None, description="What the round was, e.g. Workshop, Kunming.")
    opened: dt.date | None = Field(None, description="When the draft went out (YYYY-MM-DD).")
    deadline: dt.date | None = Field(None, description="Last day for comments in this round (YYYY-MM-DD).")
    closed: dt.date | None = Field(None, description="When the round was closed (YYYY-MM-DD).")


class ProjectConfig(Model):
    title: Text = Field(description="Title of the consultation.")
    languages: list[StrictStr] = Field(min_length=1, description="Language codes; the first is the primary language.")
    draft: Id | None = Field(None, description="Id of the draft under consultation, in a project of one round (no `rounds:`).")
    deadline: dt.date | None = Field(None, description="Last day for comments (YYYY-MM-DD), in a project of one round.")
    rounds: list[Round] | None = Field(None, min_length=1, description="The consultation's rounds, oldest first; each names its draft.")
    round: Id | None = Field(None, description="Id of the round under way; defaults to the last of `rounds`.")
    stakeholders: list[Stakeholder] = Field(default_factory=_empty_list, description="Who was invited to comment.")
    comment_ids: Annotated[StrictStr, AfterValidator(_validate_id_pattern)] | None = Field(
        None, description="Pattern for new comment ids (`cm add`): {STAKEHOLDER} or {stakeholder} for the roster id, "
                          "{n} for the number ({n:03} pads it to three digits), e.g. \"{STAKEHOLDER}-{n}\" or \"C-{n:03}\".")

    @model_validator(mode="after")
    def _a_draft(self) -> "ProjectConfig":
        if self.draft is None and not self.rounds:
            raise PydanticCustomError("no_draft", "cm.yaml names no draft: give `draft: DRAFT-ID` (one round) or `rounds:`")
        return self

    @property
    def primary_language(self) -> str:
        return self.languages[0]

    @cached_property
    def round_list(self) -> list[Round]:
        """The rounds, oldest first: those listed, or the one round of `draft:` and `deadline:`."""
        if self.rounds:
            return list(self.rounds)
        return [Round(id=FIRST_ROUND, draft=self.draft or "", title=None, opened=None, deadline=self.deadline, closed=None)]

    @cached_property
    def current_round(self) -> Round:
        rounds = self.round_list
        return next((r for r in rounds if r.id == self.round), rounds[-1])

    @property
    def current_draft_id(self) -> str:
        return self.current_round.draft

    @property
    def current_deadline(self) -> dt.date | None:
        return self.current_round.deadline


# ---------------------------------------------------------------- drafts

class Paragraph(Model):
    id: Id = Field(description="Paragraph id, unique within the draft, e.g. principles.3.")
    text: Text = Field(description="The paragraph's text.")
    kind: Literal["item"] | None = Field(None, description="`item` for a list item.")


class Section(Model):
    id: Id = Field(description="Section id, unique within the draft.")
    number: StrictStr = Field(description='Section number as printed, a quoted string such as "5.3".')
    title: Text = Field(description="Section heading.")
    paragraphs: list[Paragraph] = Field(default_factory=_empty_list)
    sections: list["Section"] = Field(default_factory=_empty_list, description="Subsections.")


class Draft(Model):
    id: Id = Field(description="Draft id, e.g. lmec-2017-08.")
    title: Text
    version: StrictStr = Field(description='Version label, a quoted string such as "2017-08".')
    sections: list[Section] = Field(default_factory=_empty_list)


# ---------------------------------------------------------------- edits

class ReplaceEdit(Model):
    kind_tag: ClassVar[str] = "replace-edit"

    replace: StrictStr = Field(min_length=1, description="Old text; must occur exactly once where the edit points.")
    with_: StrictStr = Field(alias="with", description="New text (empty to delete the old text).")
    lang: StrictStr | None = Field(None, description="Language of the old text; may be left out when unambiguous.")
    in_: Id | None = Field(None, alias="in", description="Paragraph or section the old text is in; defaults to the comment's target.")


class InsertEdit(Model):
    kind_tag: ClassVar[str] = "insert-edit"

    insert: Text = Field(description="Text of the new paragraph.")
    id: Id = Field(description="Id of the new paragraph.")
    after: Id | None = Field(None, description="Paragraph the new one follows.")
    at: Id | None = Field(None, description="Section at whose end the new paragraph goes.")
    kind: Literal["item"] | None = None

    @model_validator(mode="after")
    def _one_place(self) -> "InsertEdit":
        if (self.after is None) == (self.at is None):
            raise PydanticCustomError("insert_place", "an insert needs exactly one of 'after: PARAGRAPH' or 'at: SECTION'")
        return self


class DeleteEdit(Model):
    kind_tag: ClassVar[str] = "delete-edit"

    delete: Id = Field(description="Id of the paragraph to delete.")


class NewSection(Model):
    id: Id
    number: StrictStr
    title: Text
    paragraphs: list[Paragraph] = Field(default_factory=_empty_list)
    sections: list[Section] = Field(default_factory=_empty_list)


class InsertSectionEdit(Model):
    kind_tag: ClassVar[str] = "insert_section-edit"

    insert_section: NewSection = Field(description="The whole new section.")
    after: Id = Field(description="Section the new one follows.")


EDIT_KEYS = ("replace", "insert", "delete", "insert_section")


def _edit_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in EDIT_KEYS:
            if key in value:
                return f"{key}-edit"
        return None
    return getattr(value, "kind_tag", None)


Edit = Annotated[
    Union[
        Annotated[ReplaceEdit, Tag("replace-edit")],
        Annotated[InsertEdit, Tag("insert-edit")],
        Annotated[DeleteEdit, Tag("delete-edit")],
        Annotated[InsertSectionEdit, Tag("insert_section-edit")],
    ],
    Discriminator(
        _edit_kind,
        custom_error_type="edit_kind",
        custom_error_message="an edit must start with one of: replace, insert, delete, insert_section",
    ),
]

# ---------------------------------------------------------------- comments

Decision = Literal["accepted", "partially", "rejected", "noted"]
DECISIONS: tuple[str, ...] = ("accepted", "partially", "rejected", "noted")
#: What a comment without a decision counts as (tally.outcome_of): open, unless its stakeholder
#: withdrew it.
OPEN = "open"
WITHDRAWN = "withdrawn"


class Response(Model):
    decision: Decision | None = Field(None, description="accepted, partially, rejected or noted; absent while open.")
    note: Text | None = Field(None, description="The secretariat's answer, published in the matrix.")
    edits: list[Edit] | None = Field(None, description="What the secretariat applies; required on partially.")
    by: StrictStr | None = Field(None, description="Who decided.")
    date: dt.date | None = Field(None, description="When it was decided (YYYY-MM-DD).")
    basis: StrictStr | None = Field(None, description="Fingerprint of the target's text the decision was made on "
                                                      "(written by cm respond); when the text changes, the response is suspect.")
    single_language: bool | None = Field(None, description="true when the edits change some languages of a text on purpose "
                                                           "(the others were right already): no one-language-edit warning.")
    internal_note: Text | None = Field(None, description="For the secretariat only, never published: cm status and cm show "
                                                         "print it, every public output leaves it out (docs/audiences.md).")


class Objection(Model):
    date: dt.date | None = Field(None, description="When the stakeholder objected (YYYY-MM-DD).")
    note: Text | None = Field(None, description="What the stakeholder said.")


class Acknowledgement(Model):
    answer: Literal["agree", "object"] = Field(description="agree: the stakeholder accepts the responses of the round; "
                                                             "object: it objects (formally) to them.")
    date: dt.date | None = Field(None, description="When the stakeholder answered (YYYY-MM-DD).")
    note: Text | None = Field(None, description="What the stakeholder said.")
    by: StrictStr | None = Field(None, description="Who answered for the stakeholder.")


class Comment(Model):
    id: Id = Field(description="Comment id, unique across the project, e.g. LAO-4.")
    target: Id = Field(description="Section id, paragraph id, or `general`.")
    topic: StrictStr | None = Field(None, description="A free word such as wording.")
    text: Text = Field(description="What the stakeholder said.")
    proposal: list[Edit] | None = Field(None, description="Edits the stakeholder proposes.")
    by: StrictStr | None = Field(None, description="Who wrote it, e.g. the author of a Word comment or tracked change.")
    date: dt.date | None = Field(None, description="When the stakeholder wrote it (YYYY-MM-DD).")
    source: StrictStr | None = Field(None, description="Where `cm import` took it from and its fingerprint, "
                                                       "e.g. docx:3f9c0a1b2d4e; a second import skips it.")
    repeats: Id | None = Field(None, description="Id of an earlier round's comment this one raises again.")
    group: Id | None = Field(None, description="Id of the comment whose response answers this one too (the group's lead): "
                                                "one decision for near-identical comments (cm group).")
    assignee: StrictStr | None = Field(None, description="Who in the secretariat prepares the response (internal: never in the public matrix).")
    due: dt.date | None = Field(None, description="When the response is due (YYYY-MM-DD; internal).")
    objection: Objection | None = Field(None, description="The stakeholder objects to the response to this comment.")
    withdrawn: dt.date | Literal[True] | None = Field(None, description="The stakeholder withdrew the comment: the date "
                                                                         "(YYYY-MM-DD), or true when it is not known.")
    internal: bool | None = Field(None, description="true: the whole comment stays out of public outputs "
                                                          "(its decided edits still change the draft, credited to the secretariat).")
    response: Response | None = None

    @property
    def decision(self) -> str | None:
        return self.response.decision if self.response else None


StakeholderState = Literal["submitted", "no-comments", "reviewing"]


class CommentFile(Model):
    stakeholder: Id = Field(description="Roster id from cm.yaml.")
    draft: Id | None = Field(None, description="Draft the comments are on; defaults to the draft of the file's round "
                                               "(the round is the folder: comments/<round>/, or the first round directly in comments/).")
    state: StakeholderState = Field("submitted", description="submitted, no-comments or reviewing.")
    received: dt.date | None = Field(None, description="When the reply arrived (YYYY-MM-DD).")
    acknowledgement: Acknowledgement | None = Field(None, description="The stakeholder's answer to the round's responses "
                                                                       "(cm stakeholder ack).")
    comments: list[Comment] = Field(default_factory=_empty_list)


def all_field_names() -> set[str]:
    """Every field name of the format, for "did you mean" on unknown fields."""
    names: set[str] = set()
    for model in (Stakeholder, Round, ProjectConfig, Paragraph, Section, Draft, ReplaceEdit, InsertEdit,
                  DeleteEdit, NewSection, InsertSectionEdit, Response, Objection, Acknowledgement, Comment, CommentFile):
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return names
