"""Projects built in memory for unit tests of the core modules.

A project is given as YAML text per relative path and loaded with the real loader through
`MappingFiles`: the same parsing, validation and source positions as a project on disk, so a
test can assert the line and column a rule points at, and nothing touches the disk.

`SMALL` is a small multilingual consultation (English, Chinese, Vietnamese, Thai, Lao, Khmer)
that validates cleanly; tests change one file of it with `with_file` or `replaced`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from pathlib import Path

from commentmatrix.model.project import Project
from commentmatrix.read.loader import MappingFiles, load_project

ROOT = Path("/in-memory/project")


def load(files: Mapping[str, str]) -> Project:
    """The Project of these files ({relative path: YAML text}); the texts are dedented."""
    return load_project(ROOT, MappingFiles(ROOT, {name: yaml(text).encode("utf-8") for name, text in files.items()}))


def yaml(text: str) -> str:
    """Dedented YAML text without the leading newline of a triple-quoted string."""
    return textwrap.dedent(text).lstrip("\n")


def with_file(files: Mapping[str, str], name: str, text: str | None) -> dict[str, str]:
    """The files with one added or replaced (or removed, when `text` is None)."""
    changed = {**files, name: text}
    return {key: value for key, value in changed.items() if value is not None}


def replaced(files: Mapping[str, str], name: str, old: str, new: str) -> dict[str, str]:
    """The files with `old` replaced by `new` once in one of them (`old` must be there once)."""
    text = yaml(files[name])
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
    return {**files, name: text.replace(old, new)}


CONFIG = """
    title:
      en: Mekong Water Strategy
      zh: 湄公河水战略
    languages: [en, zh, vi, th, lo, km]
    draft: mws-1
    deadline: 2030-01-31
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

DRAFT = """
    id: mws-1
    title: {en: Mekong Water Strategy, zh: 湄公河水战略}
    version: "2029-12"
    sections:
      - id: background
        number: "1"
        title: {en: Background, zh: 背景, vi: Bối cảnh}
        paragraphs:
          - id: background.1
            text:
              en: The river feeds sixty million people.
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
    """

LAO = """
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
    """

THAILAND = """
    stakeholder: thailand
    state: no-comments
    """

CAMBODIA = """
    stakeholder: cambodia
    state: reviewing
    """

WWF = """
    stakeholder: wwf
    comments:
      - id: WWF-1
        target: general
        text: Fisheries deserve more weight.
        response:
          decision: noted
          note: The fisheries section covers this.
      - id: WWF-2
        target: fisheries.1
        text: {en: Name the deep pools., km: ដាក់ឈ្មោះអន្លង់ជ្រៅ។}
        proposal:
          - insert: {en: Protect the deep pools., zh: 保护深潭。}
            after: fisheries.1
            id: fisheries.2
        response:
          decision: partially
          note: {en: One pool at a time., zh: 逐个处理。}
          edits:
            - insert: {en: Protect the deep pools., zh: 保护深潭。}
              after: fisheries.1
              id: fisheries.2
    """

#: A clean project: every decision kind but rejected, one stakeholder per reply state
#: (Viet Nam has not replied), an open comment (LAO-2), and edits that apply.
SMALL: dict[str, str] = {
    "cm.yaml": CONFIG,
    "drafts/mws-1.yaml": DRAFT,
    "comments/lao-pdr.yaml": LAO,
    "comments/thailand.yaml": THAILAND,
    "comments/cambodia.yaml": CAMBODIA,
    "comments/wwf.yaml": WWF,
}


def small() -> Project:
    return load(SMALL)
