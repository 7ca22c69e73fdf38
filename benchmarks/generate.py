"""Generate a synthetic consultation: deterministic by seed, valid, and shaped like a real one.

    python benchmarks/generate.py OUT --comments 10000 --stakeholders 200 [--paragraphs 3000] [--seed 2017]

The project has N stakeholder files (countries, organisations), M comments spread unevenly over
them, and a bilingual (en + zh) draft of P paragraphs in sections and subsections. Comments are of
realistic length (English 15-90 words, Chinese 20-120 characters). About half carry a proposal
that really applies to the draft: a replacement of a phrase that occurs once in its paragraph,
a new paragraph, or (rarely) a deletion. Decisions: about a quarter open, the rest accepted,
partially accepted (with the secretariat's own edit), rejected or noted. Accepted and partial
edits never overlap, so the project validates and the revised draft has real changes; once a
paragraph has no free phrase left, further comments on it carry no proposal.

Used by benchmarks/run.py; importable (`generate(root, ...)`) for other benchmarks.
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

WORDS = ["environmental", "cooperation", "regional", "capacity", "biodiversity", "water", "climate", "policy", "dialogue", "research", "conservation", "ecosystem", "pollution", "monitoring", "governance", "sustainable", "development", "partnership", "resilience", "adaptation", "mitigation", "wetland", "forest", "river", "basin", "community", "livelihood", "awareness", "technology", "transfer", "exchange", "platform", "mechanism", "framework", "implementation", "assessment", "data", "information", "sharing", "institutional", "coordination", "national", "local", "stakeholder", "youth", "women", "private", "sector", "investment", "green", "growth", "urban", "rural", "waste", "management", "air", "quality"]
HAN = ("环境合作区域能力生物多样性水资源气候政策对话研究保护生态系统污染监测治理可持续发展伙伴关系韧性适应减缓湿地森林河流"
       "流域社区生计意识技术转让交流平台机制框架实施评估数据信息共享体制协调国家地方利益相关方青年妇女私营部门投资绿色增长城乡废物管理空气质量")
COMMENT_WORDS = ["please", "consider", "revise", "the", "wording", "of", "this", "item", "clarify", "add", "reference", "to", "include", "specific", "measures", "we", "suggest", "that", "should", "be", "strengthened", "in", "line", "with", "national", "priorities", "and", "the", "text", "is", "unclear", "propose", "replacing", "it", "with", "a", "more", "precise", "formulation"]
ORG_KINDS = ("country", "organization", "other")
# open, accepted, partially, rejected, noted: a consultation in the middle of its response phase.
DECISION_WEIGHTS = ((None, 25), ("accepted", 35), ("partially", 10), ("rejected", 15), ("noted", 15))


@dataclass
class _Paragraph:
    id: str
    en: str
    zh: str
    en_words: list[str]
    used: list[tuple[int, int]] = field(default_factory=list)  # word spans taken by applied edits
    deleted: bool = False
    reserved: bool = False  # kept for a deletion: nothing else is proposed on it


@dataclass
class Generated:
    comments: int
    stakeholders: int
    paragraphs: int
    applied_edits: int
    files: int
    bytes: int


def generate(root: Path, comments: int, stakeholders: int, paragraphs: int = 3000, seed: int = 2017) -> Generated:
    """Write a project at `root` (which must be empty or absent) and say what is in it."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "drafts").mkdir()
    (root / "comments").mkdir()
    body = _draft(rng, paragraphs)
    written = _write(root / "drafts" / "synthetic.yaml", _draft_yaml(body))
    ids = [f"st{n:03d}" for n in range(stakeholders)]
    written += _write(root / "cm.yaml", _config_yaml(rng, ids))
    # Uneven shares, like a real consultation: a few stakeholders send most of the comments.
    weights = [1 / (1 + n % 37) for n in range(stakeholders)]
    owners = rng.choices(range(stakeholders), weights=weights, k=comments)
    per_file: dict[int, list[str]] = {}
    counters = [0] * stakeholders
    paragraph_list = [p for section in body for p in section[3]]
    applied = 0
    for owner in owners:
        counters[owner] += 1
        entry, did_apply = _comment(rng, f"ST{owner:03d}-{counters[owner]}", paragraph_list, body)
        applied += did_apply
        per_file.setdefault(owner, []).append(entry)
    for n, stakeholder in enumerate(ids):
        entries = per_file.get(n)
        if entries:
            text = f"stakeholder: {stakeholder}\nstate: submitted\nreceived: 2026-09-{1 + n % 28:02d}\ncomments:\n" + "".join(entries)
        else:
            text = f"stakeholder: {stakeholder}\nstate: {'no-comments' if n % 2 else 'reviewing'}\n"
        written += _write(root / "comments" / f"{stakeholder}.yaml", text)
    return Generated(comments, stakeholders, len(paragraph_list), applied, stakeholders + 2, written)


def _write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def _config_yaml(rng: random.Random, ids: list[str]) -> str:
    lines = ["title:\n  en: Synthetic consultation on a regional environmental strategy\n  zh: 区域环境战略征求意见（合成数据）\n",
             "languages: [en, zh]\ndraft: synthetic\ndeadline: 2026-09-30\nstakeholders:\n"]
    for n, stakeholder in enumerate(ids):
        kind = ORG_KINDS[0] if n % 3 == 0 else ORG_KINDS[1 + n % 2]
        lines.append(f"  - id: {stakeholder}\n    name:\n      en: Stakeholder {n} {rng.choice(WORDS).title()}\n"
                     f"      zh: 利益相关方{n}{_han(rng, 2, 6)}\n    kind: {kind}\n")
    return "".join(lines)


def _draft(rng: random.Random, paragraphs: int) -> list[tuple[str, str, str, list[_Paragraph]]]:
    """Sections of 5 to 40 paragraphs: (id, number, title, paragraphs)."""
    sections = []
    made = 0
    while made < paragraphs:
        count = min(rng.randint(5, 40), paragraphs - made)
        number = len(sections) + 1
        items = []
        for p in range(count):
            words = [rng.choice(WORDS) for _ in range(rng.randint(30, 90))]
            words[-1] += f" (ref {number}.{p + 1})"
            items.append(_Paragraph(f"s{number}.p{p + 1}", " ".join(words) + ".",
                                    _han(rng, 40, 140) + f"（{number}.{p + 1}）。", words))
        sections.append((f"s{number}", str(number), _words(rng, WORDS, 2, 5).capitalize(), items))
        made += count
    return sections


def _draft_yaml(sections: list[tuple[str, str, str, list[_Paragraph]]]) -> str:
    out = ["id: synthetic\ntitle:\n  en: Regional Environmental Cooperation Strategy (synthetic)\n  zh: 区域环境合作战略（合成）\n",
           'version: "1"\nsections:\n']
    for section_id, number, title, items in sections:
        out.append(f'  - id: {section_id}\n    number: "{number}"\n    title:\n      en: {title}\n      zh: 第{number}部分\n    paragraphs:\n')
        for paragraph in items:
            out.append(f"      - id: {paragraph.id}\n        text:\n          en: {paragraph.en}\n          zh: {paragraph.zh}\n")
    return "".join(out)


def _comment(rng: random.Random, comment_id: str, paragraphs: list[_Paragraph],
             sections: list[tuple[str, str, str, list[_Paragraph]]]) -> tuple[str, int]:
    decision = rng.choices([d for d, _ in DECISION_WEIGHTS], weights=[w for _, w in DECISION_WEIGHTS])[0]
    roll = rng.random()
    paragraph = None
    if roll < 0.08:
        target = "general"
    elif roll < 0.2:
        target = rng.choice(sections)[0]
    else:
        paragraph = rng.choice(paragraphs)
        target = paragraph.id
    lines = [f"  - id: {comment_id}\n    target: {target}\n",
             f"    text:\n      en: {_words(rng, COMMENT_WORDS, 15, 90).capitalize()}.\n      zh: {_han(rng, 20, 120)}。\n"]
    applies = decision in ("accepted", "partially")
    edit = None
    if paragraph is not None and not paragraph.deleted and rng.random() < 0.6:
        edit = _proposal(rng, paragraph, applies, comment_id)
    if edit:
        lines.append("    proposal:\n" + _edit_yaml(edit, 6))
    if decision == "partially" and not edit:
        decision = "accepted"  # partial acceptance names the part taken: only for a proposal
    if decision:
        lines.append(f"    response:\n      decision: {decision}\n      note:\n        en: {_words(rng, COMMENT_WORDS, 5, 30).capitalize()}.\n"
                     f"        zh: {_han(rng, 8, 40)}。\n      by: Secretariat\n      date: 2026-10-{1 + rng.randrange(28):02d}\n")
        if edit and "replace" in edit:
            # The replace is in the English only, as the secretariat meant (no one-language-edit warning).
            lines.append("      single_language: true\n")
    if decision == "partially":
        # A partial acceptance applies the secretariat's own wording: the response's edits.
        taken = {**edit, "with": "revised " + edit["with"]} if "with" in edit else edit
        lines.append("      edits:\n" + _edit_yaml(taken, 8))
    return "".join(lines), int(bool(edit) and applies)


def _edit_yaml(edit: dict, indent: int) -> str:
    pad = " " * indent
    out = []
    for n, (key, value) in enumerate(edit.items()):
        lead = f"{pad}- " if n == 0 else f"{pad}  "
        if isinstance(value, dict):
            out.append(f"{lead}{key}:\n" + "".join(f"{pad}    {lang}: {text}\n" for lang, text in value.items()))
        else:
            out.append(f"{lead}{key}: {value}\n")
    return "".join(out)


def _proposal(rng: random.Random, paragraph: _Paragraph, applies: bool, comment_id: str) -> dict | None:
    if paragraph.reserved:
        return None
    kind = rng.random()
    if kind < 0.04 and not paragraph.used and applies:
        paragraph.deleted = paragraph.reserved = True
        return {"delete": paragraph.id}
    if kind < 0.12:
        return {"insert": {"en": _words(rng, WORDS, 15, 50).capitalize() + ".", "zh": _han(rng, 20, 60) + "。"},
                "id": f"{paragraph.id}.{comment_id.lower()}", "after": paragraph.id}
    span = _free_span(rng, paragraph, reserve=applies)
    if span is None:
        return None
    return {"replace": " ".join(paragraph.en_words[span[0]:span[1]]), "with": _words(rng, WORDS, 1, 4), "lang": "en"}


def _free_span(rng: random.Random, paragraph: _Paragraph, reserve: bool) -> tuple[int, int] | None:
    """A run of 2-5 words that occurs once in the paragraph and overlaps no applied edit."""
    words = paragraph.en_words
    for _ in range(8):
        length = rng.randint(2, 5)
        start = rng.randrange(0, max(1, len(words) - length))
        end = start + length
        if any(start < b + 1 and a - 1 < end for a, b in paragraph.used):
            continue
        phrase = " ".join(words[start:end])
        if paragraph.en.count(phrase) != 1 or _touches_word(paragraph.en, phrase):
            continue
        if reserve:
            paragraph.used.append((start, end))
        return start, end
    return None


def _touches_word(text: str, phrase: str) -> bool:
    """True when the phrase is part of a longer word (e.g. 'water' inside 'wastewater')."""
    at = text.index(phrase)
    before = text[at - 1] if at else " "
    after = text[at + len(phrase)] if at + len(phrase) < len(text) else " "
    return before.isalnum() or after.isalnum()


def _words(rng: random.Random, pool: tuple[str, ...] | list[str], low: int, high: int) -> str:
    return " ".join(rng.choice(pool) for _ in range(rng.randint(low, high)))


def _han(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choice(HAN) for _ in range(rng.randint(low, high)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to create (must not exist)")
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--stakeholders", type=int, default=200)
    parser.add_argument("--paragraphs", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2017)
    args = parser.parse_args()
    if args.out.exists():
        parser.error(f"{args.out} exists; give a new folder")
    made = generate(args.out, args.comments, args.stakeholders, args.paragraphs, args.seed)
    print(f"{made.comments} comments from {made.stakeholders} stakeholders on {made.paragraphs} paragraphs, "
          f"{made.applied_edits} applied edits, {made.files} files, {made.bytes / 2**20:.1f} MiB -> {args.out}")


if __name__ == "__main__":
    main()
