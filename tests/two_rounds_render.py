"""A consultation of two rounds, written to disk for the render tests: round 1 on mws-1 (the
small project's files directly in comments/), round 2 on mws-2 (round 1's revision) with its
files in comments/2/. cm.yaml's `rounds:` is written by hand, as a secretariat would.

Round 2 has two comments that repeat one of round 1 word for word (LAO-3 repeats LAO-2; WWF-3
repeats WWF-1 and was withdrawn after its decision), a new one that edits round 2's draft
(LAO-4), and one the stakeholder withdrew before any decision (LAO-5).
"""

from __future__ import annotations

from pathlib import Path

from projects import SMALL, yaml

CONFIG = """
    title:
      en: Mekong Water Strategy
      zh: 湄公河水战略
    languages: [en, zh, vi, th, lo, km]
    rounds:
      - id: "1"
        draft: mws-1
        deadline: 2030-01-31
      - id: "2"
        draft: mws-2
        title: {en: Workshop, zh: 研讨会}
        opened: 2030-03-01
        deadline: 2030-03-31
    stakeholders:
      - id: lao-pdr
        name: {en: Lao PDR, lo: ສປປ ລາວ}
        kind: country
      - id: thailand
        name: {en: Thailand, th: ประเทศไทย}
        kind: country
        contact: คุณสมชาย
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

#: Round 1's draft as revised by its decisions: seventy million, and the deep pools paragraph.
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
            title: {en: Fish and fisheries, zh: 渔业}
            paragraphs:
              - id: fisheries.1
                text: {en: Protect spawning grounds., zh: 保护产卵场。}
              - id: fisheries.2
                text: {en: Protect the deep pools., zh: 保护深潭。}
    """

LAO_2 = """
    stakeholder: lao-pdr
    received: 2030-03-20
    comments:
      - id: LAO-3
        target: principles
        repeats: LAO-2
        text: {en: Add a principle on sharing data., zh: 增加数据共享原则。}
      - id: LAO-4
        target: background.1
        text: {en: The census says seventy-five million.}
        proposal:
          - replace: seventy million
            with: seventy-five million
            lang: en
        response:
          decision: accepted
          date: 2030-04-02
      - id: LAO-5
        target: fisheries.2
        text: {en: Name each pool.}
        withdrawn: 2030-03-25
    """

WWF_2 = """
    stakeholder: wwf
    comments:
      - id: WWF-3
        target: general
        repeats: WWF-1
        text: Fisheries deserve more weight.
        withdrawn: 2030-04-05
        response:
          decision: noted
          date: 2030-04-01
    """

THAILAND_2 = """
    stakeholder: thailand
    state: reviewing
    """

FILES: dict[str, str] = {
    **SMALL,
    "cm.yaml": CONFIG,
    "drafts/mws-2.yaml": DRAFT_2,
    "comments/2/lao-pdr.yaml": LAO_2,
    "comments/2/wwf.yaml": WWF_2,
    "comments/2/thailand.yaml": THAILAND_2,
}


def write_two_rounds(root: Path) -> Path:
    for name, text in FILES.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml(text), encoding="utf-8")
    return root
