"""A generated, valid consultation of any size: for the kill-mid-write test and the limits."""

from __future__ import annotations

from pathlib import Path

PARAGRAPHS_PER_SECTION = 10


def generate(root: Path, comments: int, stakeholders: int = 20, paragraphs: int = 500, comment_words: int = 30) -> Path:
    """cm.yaml, one bilingual draft and `comments` comments spread over the stakeholders; every
    fourth comment is accepted with a replace that applies (one per paragraph at most)."""
    root.mkdir(parents=True, exist_ok=True)
    roster = "".join(f"  - id: s{s}\n    name: {{en: Stakeholder {s}, zh: 利益相关方{s}}}\n    kind: country\n"
                     for s in range(stakeholders))
    (root / "cm.yaml").write_text("title: {en: Generated consultation, zh: 生成的征求意见}\nlanguages: [en, zh]\n"
                                  f"draft: big\ndeadline: 2030-01-31\nstakeholders:\n{roster}", encoding="utf-8")
    draft = ['id: big\ntitle: {en: Generated draft, zh: 生成的草案}\nversion: "1"\nsections:\n']
    for s in range(-(-paragraphs // PARAGRAPHS_PER_SECTION)):
        draft.append(f"  - id: sec{s}\n    number: \"{s + 1}\"\n    title: {{en: Section {s + 1}, zh: 第{s + 1}节}}\n    paragraphs:\n")
        for p in range(s * PARAGRAPHS_PER_SECTION, min(paragraphs, (s + 1) * PARAGRAPHS_PER_SECTION)):
            words = " ".join(f"w{w}p{p}" for w in range(20))
            draft.append(f"      - id: p{p}\n        text:\n          en: {words}\n          zh: 段落{p}的中文文本。\n")
    (root / "drafts").mkdir(exist_ok=True)
    (root / "drafts" / "big.yaml").write_text("".join(draft), encoding="utf-8")
    (root / "comments").mkdir(exist_ok=True)
    files: dict[int, list[str]] = {s: [] for s in range(stakeholders)}
    body = " ".join(["please consider revising the wording of this paragraph"] * (comment_words // 8 + 1)).split()[:comment_words]
    for k in range(comments):
        p = k % paragraphs
        lines = [f"  - id: C-{k + 1}\n    target: p{p}\n    text: {' '.join(body)} ({k})\n"]
        if k % 4 == 0 and k < paragraphs:
            lines.append(f"    proposal:\n      - replace: w3p{p}\n        with: W3P{p}\n        lang: en\n"
                         "    response:\n      decision: accepted\n")
        elif k % 4 == 1:
            lines.append("    response:\n      decision: rejected\n      note: {en: Out of scope., zh: 超出范围。}\n")
        elif k % 4 == 2:
            lines.append("    response:\n      decision: noted\n      note: Thank you.\n")
        files[k % stakeholders].append("".join(lines))
    for s, items in files.items():
        text = f"stakeholder: s{s}\nstate: submitted\nreceived: 2030-01-10\ncomments:\n" + "".join(items)
        if not items:
            text = f"stakeholder: s{s}\nstate: no-comments\ncomments: []\n"
        (root / "comments" / f"s{s}.yaml").write_text(text, encoding="utf-8")
    return root
