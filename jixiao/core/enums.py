"""The official enumerations, defined once (RULES.md section 2.2).

The values stay in Chinese because they are the terms users know; the names of the Python objects are English.
"""

from __future__ import annotations

from enum import StrEnum


class Level1(StrEnum):
    COST = "成本指标"
    OUTPUT = "产出指标"
    BENEFIT = "效益指标"
    SATISFACTION = "满意度指标"


class Category(StrEnum):
    RECURRING = "经常性项目"
    ONE_OFF = "一次性项目"


class Basis(StrEnum):
    PLAN = "计划标准"
    INDUSTRY = "行业标准"
    HISTORY = "历史标准"
    OTHER = "其他标准"


class Schema(StrEnum):
    """Which national indicator schema a profile follows (RULES.md 2.2)."""

    A = "A"  # 财预〔2015〕88号 + 财预〔2020〕10号: 成本 is a 二级 under 产出
    B = "B"  # 财预〔2021〕101号: 成本 is a 一级 of its own


QUANTITY = "数量指标"
QUALITY = "质量指标"
TIMELINESS = "时效指标"
COST = "成本指标"
ECONOMIC_COST = "经济成本指标"
SOCIAL_COST = "社会成本指标"
ECOLOGICAL_COST = "生态环境成本指标"
ECONOMIC_BENEFIT = "经济效益指标"
SOCIAL_BENEFIT = "社会效益指标"
ECOLOGICAL_BENEFIT = "生态效益指标"
SUSTAINABLE_IMPACT = "可持续影响指标"
SERVICE_SATISFACTION = "服务对象满意度指标"

_BENEFITS = (ECONOMIC_BENEFIT, SOCIAL_BENEFIT, ECOLOGICAL_BENEFIT, SUSTAINABLE_IMPACT)

#: level1 -> the level2 names allowed under it, per schema.
TREE: dict[Schema, dict[Level1, tuple[str, ...]]] = {
    Schema.A: {
        Level1.OUTPUT: (QUANTITY, QUALITY, TIMELINESS, COST),
        Level1.BENEFIT: _BENEFITS,
        Level1.SATISFACTION: (SERVICE_SATISFACTION,),
    },
    Schema.B: {
        Level1.COST: (ECONOMIC_COST, SOCIAL_COST, ECOLOGICAL_COST),
        Level1.OUTPUT: (QUANTITY, QUALITY, TIMELINESS),
        Level1.BENEFIT: _BENEFITS,
        Level1.SATISFACTION: (SERVICE_SATISFACTION,),
    },
}

#: Every level2 name of either schema, in display order.
LEVEL2_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(name for tree in TREE.values() for names in tree.values() for name in names)
)

#: level1 -> every level2 either schema allows under it, for pickers.
LEVEL2_BY_LEVEL1: dict[Level1, tuple[str, ...]] = {
    level1: tuple(dict.fromkeys(name for tree in TREE.values() for name in tree.get(level1, ())))
    for level1 in Level1
}

#: Spellings seen on older or local forms, mapped to the canonical name (RULES.md 2.2).
LEVEL2_ALIASES: dict[str, str] = {
    "环境效益指标": ECOLOGICAL_BENEFIT,
    "生态环境效益指标": ECOLOGICAL_BENEFIT,
    "可持续发展指标": SUSTAINABLE_IMPACT,
    "可持续影响": SUSTAINABLE_IMPACT,
    "满意度指标": SERVICE_SATISFACTION,
    "服务对象满意度": SERVICE_SATISFACTION,
    "社会公众或服务对象满意度指标": SERVICE_SATISFACTION,
    "生态成本指标": ECOLOGICAL_COST,
}


def canonical_level2(name: str) -> str | None:
    """The canonical level2 name for what a user wrote, or None if it is no level2 at all."""
    text = "".join(name.split())
    if text in LEVEL2_NAMES:
        return text
    if text in LEVEL2_ALIASES:
        return LEVEL2_ALIASES[text]
    with_suffix = text + "指标"
    if with_suffix in LEVEL2_NAMES:
        return with_suffix
    return LEVEL2_ALIASES.get(with_suffix)


def canonical_level1(name: str) -> Level1 | None:
    text = "".join(name.split())
    for candidate in (text, text + "指标"):
        try:
            return Level1(candidate)
        except ValueError:
            continue
    return None
