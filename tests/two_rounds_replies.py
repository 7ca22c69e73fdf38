"""A consultation in two rounds, for the tests of status, the round-to-round classification and
`cm diff --rounds`: the small project's draft and replies as round 1 (files directly in
comments/), a revised draft and a second set of replies in comments/2/.

Between the rounds: Lao PDR repeats its rejected LAO-2 (re-wrapped, the same words), withdrew
LAO-3, lets LAO-1 (accepted, applied in mws-2) rest, and raises L2-1 anew; WWF revises WWF-1 and
lets WWF-2 rest; Thailand, silent in round 1, raises TH2-1, which repeats another stakeholder's
comment (so it is new for Thailand); Cambodia, reviewing in round 1, has not replied in round 2.
"""

from __future__ import annotations

from pathlib import Path

from projects import CAMBODIA, DRAFT, THAILAND, WWF, load, yaml

from commentmatrix.model.project import Project

CONFIG = """
    title:
      en: Mekong Water Strategy
      zh: 湄公河水战略
    languages: [en, zh, vi, th, lo, km]
    rounds:
      - id: "1"
        draft: mws-1
        opened: 2029-12-01
        deadline: 2030-01-31
        closed: 2030-02-10
      - id: "2"
        draft: mws-2
        title: {en: Second reading, zh: 二读}
        opened: 2030-03-01
        deadline: 2030-04-15
    stakeholders:
      - id: lao-pdr
        name: {en: Lao PDR, lo: ສປປ ລາວ}
        kind: country
      - id: thailand
        name: {en: Thailand, th: ประเทศไทย}
        kind: country
      - id: cambodia
        name: {en: Cambodia, km: កម្ពុជា}
        kind: country
      - id: viet-nam
        name: {en: Viet Nam, vi: Việt Nam}
        kind: country
      - id: wwf
        name: WWF
        kind: organization
    """

LAO_1 = """
    stakeholder: lao-pdr
    received: 2030-01-20
    comments:
      - id: LAO-1
        target: background.1
        text: {en: Say how many people., lo: ບອກຈຳນວນຄົນ.}
        proposal:
          - replace: sixty million
            with: seventy million
            lang: en
        response:
          decision: accepted
          date: 2030-02-01
          single_language: true
      - id: LAO-2
        target: principles
        text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}
        response:
          decision: rejected
          note: Data sharing is in the annex.
      - id: LAO-3
        target: fisheries.1
        text: {en: Name the spawning grounds., lo: ບອກຊື່ບ່ອນວາງໄຂ່.}
        withdrawn: 2030-01-25
    """

DRAFT_2 = """
    id: mws-2
    title: {en: Mekong Water Strategy, zh: 湄公河水战略}
    version: "2030-03"
    sections:
      - id: background
        number: "1"
        title: {en: Background, zh: 背景, vi: Bối cảnh}
        paragraphs:
          - id: background.1
            text:
              en: The river feeds seventy million people.
              zh: 这条河养活了六千万人。
              vi: Dòng sông nuôi sống sáu mươi triệu người.
      - id: principles
        number: "2"
        title: {en: Principles, zh: 原则}
        paragraphs:
          - id: principles.1
            text: {en: Mutual benefit, zh: 互利, th: ผลประโยชน์ร่วมกัน}
          - id: principles.2
            text: {en: Openness, zh: 开放, lo: ການເປີດກວ້າງ, km: ការបើកចំហ}
        sections:
          - id: fisheries
            number: "2.1"
            title: {en: Fisheries, zh: 渔业}
            paragraphs:
              - id: fisheries.1
                text: {en: Protect spawning grounds., zh: 保护产卵场。}
              - id: fisheries.2
                text: {en: Protect the deep pools., zh: 保护深潭。}
    """

LAO_2 = """
    stakeholder: lao-pdr
    received: 2030-04-02
    comments:
      - id: L2-1
        target: principles.1
        text: {en: Benefit must be measured., lo: ຕ້ອງວັດແທກຜົນປະໂຫຍດ.}
        response:
          decision: rejected
          note: Out of scope.
      - id: L2-2
        target: principles
        repeats: LAO-2
        text:
          en: "Add a principle   on sharing
            data."
          zh: 增加数据共享原则。
    """

WWF_2 = """
    stakeholder: wwf
    comments:
      - id: WWF2-1
        target: general
        repeats: WWF-1
        text: Fisheries deserve much more weight.
    """

THAILAND_2 = """
    stakeholder: thailand
    received: 2030-04-10
    comments:
      - id: TH2-1
        target: background.1
        repeats: LAO-1
        text: {en: Cite the census., th: อ้างอิงสำมะโนประชากร}
    """

VIET_NAM_2 = """
    stakeholder: viet-nam
    state: reviewing
    """

TWO_ROUNDS: dict[str, str] = {
    "cm.yaml": CONFIG,
    "drafts/mws-1.yaml": DRAFT,
    "drafts/mws-2.yaml": DRAFT_2,
    "comments/lao-pdr.yaml": LAO_1,
    "comments/thailand.yaml": THAILAND,
    "comments/cambodia.yaml": CAMBODIA,
    "comments/wwf.yaml": WWF,
    "comments/2/lao-pdr.yaml": LAO_2,
    "comments/2/wwf.yaml": WWF_2,
    "comments/2/thailand.yaml": THAILAND_2,
    "comments/2/viet-nam.yaml": VIET_NAM_2,
}


def two_rounds() -> Project:
    return load(TWO_ROUNDS)


def write(root: Path, files: dict[str, str] = TWO_ROUNDS) -> Path:
    """The project's files on disk under `root` (for tests through the CLI)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml(text), encoding="utf-8")
    return root
