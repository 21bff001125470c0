"""Target values (指标目标值): parse what people write into a value with a kind, and format it back.

The grammar is DESIGN.md section 3 and RULES.md section 2.3. Parsing never raises on user text: whatever it
cannot read becomes a qualitative value of class ``other``, and the review rules say so.

Parsing is memoised: a province's forms repeat a few thousand spellings (``=100%``, ``及时``) hundreds of
thousands of times. The memo is a bounded cache of a pure function, not shared state.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from functools import lru_cache
from typing import Any, NamedTuple, cast

from .numbers import json_number


class Kind(StrEnum):
    QUANTITATIVE = "quantitative"
    RANGE = "range"
    DEADLINE = "deadline"
    QUALITATIVE = "qualitative"
    PLACEHOLDER = "placeholder"


class Qual(StrEnum):
    VAGUE = "vague"  # a change with no baseline: 提升, 提高, 增长 ...
    STATE = "state"  # a state that can be checked: 健全, 齐全, 及时 ...
    OTHER = "other"


class Direction(StrEnum):
    POSITIVE = "正向"
    NEGATIVE = "反向"
    EQUAL = "等值"


OPS = ("=", ">=", "<=", ">", "<")
_DIRECTION_OF_OP = {
    "=": Direction.EQUAL,
    ">=": Direction.POSITIVE,
    ">": Direction.POSITIVE,
    "<=": Direction.NEGATIVE,
    "<": Direction.NEGATIVE,
}
OP_SYMBOL = {"=": "=", ">=": "≥", "<=": "≤", ">": ">", "<": "<"}
_COMPARED = 8  # Target's fields that take part in equality: all but raw


class Target(NamedTuple):
    """A parsed target value. ``raw`` is what was written and takes no part in equality.

    A named tuple rather than a frozen dataclass because one is built for every value parsed, and a tuple is built
    in less than half the time (a frozen dataclass sets each field through ``object.__setattr__``). It keeps the
    frozen dataclass's behaviour: immutable; equal only to another ``Target``, and then by every field but ``raw``;
    hashed likewise; not ordered.
    """

    kind: Kind
    op: str | None = None
    value: Decimal | None = None
    upper: Decimal | None = None
    unit: str | None = None
    date: date | None = None
    qual: Qual | None = None
    text: str | None = None  # canonical text of qualitative values, placeholders and unresolved deadlines
    raw: str = ""  # the last field, so that self[:_COMPARED] is every field but this one

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self[:_COMPARED] == cast(Target, other)[:_COMPARED]
        # Not NotImplemented for a plain tuple: it would then compare itself with us item by item.
        return False if isinstance(other, tuple) else NotImplemented

    def __ne__(self, other: object) -> bool:  # tuple's own != would compare raw too
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self[:_COMPARED])

    def __lt__(self, other: object) -> bool:  # no order, as a dataclass without order=True (tuple order sees raw)
        return NotImplemented

    __le__ = __gt__ = __ge__ = __lt__

    @property
    def direction(self) -> Direction:
        if self.kind is Kind.DEADLINE:
            return Direction.NEGATIVE
        if self.kind is Kind.QUALITATIVE:
            return _qualitative_direction(self.text or "")
        if self.op:
            return _DIRECTION_OF_OP[self.op]
        return Direction.EQUAL

    @property
    def is_measurable(self) -> bool:
        return self.kind in (Kind.QUANTITATIVE, Kind.RANGE, Kind.DEADLINE) or self.qual is Qual.STATE

    def describe(self) -> str:
        """A short Chinese reading of the value, e.g. ``≥ 19900 件，正向``."""
        if self.kind is Kind.QUANTITATIVE:
            unit = f" {self.unit}" if self.unit else ""
            return f"{OP_SYMBOL[self.op or '=']} {_number(self.value)}{unit}，{self.direction}"
        if self.kind is Kind.RANGE:
            unit = f" {self.unit}" if self.unit else ""
            return f"{_number(self.value)} 至 {_number(self.upper)}{unit}，区间"
        if self.kind is Kind.DEADLINE:
            when = f"{self.date.year}年{self.date.month}月{self.date.day}日" if self.date else self.text
            return f"不晚于 {when}，时限"
        if self.kind is Kind.PLACEHOLDER:
            return "未填写的占位值"
        label = {Qual.VAGUE: "定性（变化趋势，无基数）", Qual.STATE: "定性（状态）", Qual.OTHER: "定性（其他）"}
        return f"{label[self.qual or Qual.OTHER]}：{self.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "raw": self.raw,
            "kind": str(self.kind),
            "op": self.op,
            "value": json_number(self.value),
            "upper": json_number(self.upper),
            "unit": self.unit,
            "date": self.date.isoformat() if self.date else None,
            "qual": str(self.qual) if self.qual else None,
            "direction": str(self.direction),
        }


def parse_target(raw: str | None, year: int | None = None) -> Target:
    """Parse one target value; deadlines without a year are resolved against ``year``."""
    if raw.__class__ is not str:  # the common case first: this runs for every value of every form
        raw = "" if raw is None else str(raw)
    return _parse_cached(raw, year)


def format_target(target: Target) -> str:
    """The canonical spelling of a value: ``parse_target(format_target(t)) == t``."""
    kind = target.kind
    if kind is Kind.QUANTITATIVE:
        return f"{target.op}{_number(target.value)}{target.unit or ''}"
    if kind is Kind.RANGE:
        return f"{_number(target.value)}~{_number(target.upper)}{target.unit or ''}"
    if kind is Kind.DEADLINE and target.date is not None:
        d = target.date
        return f"{d.year}年{d.month}月{d.day}日前"
    return target.text or ""


_new_tuple = tuple.__new__
_QUANTITATIVE = Kind.QUANTITATIVE  # a global is looked up faster than an enum member


def _quantity(op: str, value: Decimal, unit: str | None, raw: str) -> Target:
    """``Target(Kind.QUANTITATIVE, op=op, value=value, unit=unit, raw=raw)`` in a third of the time: most values
    parsed are quantities, and NamedTuple's keyword arguments cost more than the rest of reading "=100%"."""
    return _new_tuple(Target, (_QUANTITATIVE, op, value, None, unit, None, None, None, raw))


# --------------------------------------------------------------------------------------------------------------
# Normalisation

_TRANSLATE = str.maketrans(
    {
        "≥": ">=",
        "≤": "<=",
        "≧": ">=",
        "≦": "<=",
        "═": "=",
        "〜": "~",
        "～": "~",
        "—": "-",
        "–": "-",
        "－": "-",
        "−": "-",
        "‐": "-",
        "﹣": "-",
        "【": "(",
        "】": ")",
        "〔": "(",
        "〕": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "。": "",
        "；": "",
        ";": "",
        "\u3000": " ",
        "\xa0": " ",
        "％": "%",
        "\u2030": "‰",
        "‹": "<",  # single angle quotation marks, typed for < and > on some published forms ("‹**元/户·年")
        "›": ">",
    }
)
_TRANSLATED = re.compile(f"[{re.escape(''.join(map(chr, _TRANSLATE)))}]")
_REVERSED_OP = re.compile(r"^=\s*([<>])(?!=)")  # "=>90%" written for ">=90%"
_REMARK = re.compile(r"\s*\([^()]*\)\s*$")
_BRACKETED_PER = re.compile(r"/\(([^()]*)\)")
#: A word in brackets within a unit, "头（羽）次", "台（套）": the unit is the same without it (targets and goals).
ALTERNATIVE_IN_UNIT = re.compile(r"(?<=[头只台套个件株棵])[(（][头只羽台套个件株棵][)）](?=[次\u4e00-\u9fff]|$)")


# Text made only of these characters is already normal: NFKC, the table and the folding of spaces leave each of
# them alone (printable ASCII but the space, ";", "[" and "]"; CJK ideographs; a few symbols). Most targets are
# written so, and the check costs a fraction of the passes it spares.
_NORMAL_CHARS = r"!-:<-Z\\^-~\u4e00-\u9fff‰《》×、“”"
_ALREADY_NORMAL = re.compile(f"[{_NORMAL_CHARS}]*")
# What NFKC and then the table make of the characters most often folded: the full-width forms of ASCII
# (U+FF01..FF5E, as in "＞＝９０％" or "，") and the table's own characters.
_FOLDED = {
    char: unicodedata.normalize("NFKC", char).translate(_TRANSLATE)
    for char in (*map(chr, range(0xFF01, 0xFF5F)), *map(chr, _TRANSLATE))
}
# Text of these characters and normal ones (and spaces) can be folded one character at a time: NFKC composes none
# of them with a neighbour. Replacing the few that occur costs less than NFKC and then the table, and less than
# str.translate, which looks every character of Chinese text up in its table.
_FOLDS_ALONE = re.compile(f"[ {_NORMAL_CHARS}{re.escape(''.join(_FOLDED))}]*")
_TO_FOLD = re.compile(f"[{re.escape(''.join(_FOLDED))}]")


def normalise(raw: str) -> str:
    """Fold widths and variants so that the grammar sees one spelling of each symbol."""
    if _ALREADY_NORMAL.fullmatch(raw):
        text = raw
    elif _FOLDS_ALONE.fullmatch(raw):
        text = raw
        for char in set(_TO_FOLD.findall(raw)):  # what each becomes is normal: no order to keep
            text = text.replace(char, _FOLDED[char])
        if " " in text:  # the only space these characters leave
            text = " ".join(text.split())
    else:
        text = unicodedata.normalize("NFKC", raw)
        if _TRANSLATED.search(text):  # str.translate with a dict costs a lookup per character: only when needed
            text = text.translate(_TRANSLATE)
        text = " ".join(text.split())
    if text.startswith("="):
        text = _REVERSED_OP.sub(r"\1=", text)
    if "/(" in text:  # "300元/（人·月）" is per 人·月, not 元/ and a remark
        text = _BRACKETED_PER.sub(r"/\1", text)
    if "(" in text:  # "280万头（羽）次": the other animal's word in a unit
        text = ALTERNATIVE_IN_UNIT.sub("", text)
    return text.rstrip(",.;: ")


# --------------------------------------------------------------------------------------------------------------
# Vocabulary

#: A change to a level states the level: "提升至95%" is at least 95%, "压缩至3个工作日" at most 3 (targets and goals).
LEVEL_WORDS = {
    **dict.fromkeys(("提升至", "提升到", "提高至", "提高到", "增加至", "增加到", "增至"), ">="),
    **dict.fromkeys(("降低至", "降低到", "降至", "压缩至", "压缩到", "缩短至", "缩短到", "减少至", "减少到"), "<="),
}
_PRE_WORDS = {
    "大于或等于": ">=",
    "大于等于": ">=",
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "不得低于": ">=",
    "不得少于": ">=",
    "至少": ">=",
    "最少": ">=",
    "达到": ">=",
    "达": ">=",
    "小于或等于": "<=",
    "小于等于": "<=",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "不得超过": "<=",
    "不得高于": "<=",
    "控制在": "<=",
    "最多": "<=",
    "至多": "<=",
    "低于": "<",
    "小于": "<",
    "少于": "<",
    "大于": ">",
    "高于": ">",
    "超过": ">",
    "多于": ">",
    "等于": "=",
    "为": "=",
    "各": "=",  # "各1次": once each
    "约": "=",
    "约为": "=",
    "完成": "=",
    **LEVEL_WORDS,
}
_POST_WORDS = {
    "及以上": ">=",
    "或以上": ">=",
    "以上": ">=",
    "之上": ">=",
    "及以下": "<=",
    "或以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "内": "<=",
    "左右": "=",
    "之间": "=",
}
_SYMBOLS = {">=": ">=", "<=": "<=", "=": "=", ">": ">", "<": "<"}
#: Comparisons with a baseline ("较上年提高5%"): the number is the size of the change (targets and goals).
CHANGE_PREFIXES = ("较上年度", "较上一年", "较上年", "比上年", "同比", "较去年", "环比")
CHANGE_VERBS = {"提高": ">=", "提升": ">=", "增长": ">=", "增加": ">=", "降低": ">=", "下降": ">=", "减少": ">=",
                "增产": ">=", "增收": ">=", "减排": ">=", "缩短": ">="}
_AFTER_NUMBER = frozenset("0123456789%‰)前内个次件项人天日时")
_TRAILING_FILLER = ("完成", "办结", "到位", "达标", "解决", "(含)", "(含本数)")
_DROPPABLE_ENDINGS = (")", *_TRAILING_FILLER)


def _alternation(words: dict[str, str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUM = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+"
_MAX_DIGITS = 18
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# "一万二千", "八十五点五": 万 and 亿 inside a numeral (not the multiplier of "三万人"), and decimals after 点
_CN_NUM = rf"[零〇一二两三四五六七八九十][{_CN_DIGITS}]*(?:[万亿][{_CN_DIGITS}]+)*(?:点[零〇一二三四五六七八九]+)?"
_PRE = _alternation({**_PRE_WORDS, **_SYMBOLS})
_POST = _alternation(_POST_WORDS)
_CHANGE = _alternation(CHANGE_VERBS)
_UNIT = rf"(?!{_POST})[^\d\s()<>=~,:./-][^\s()<>=~,:.-]{{0,11}}?"

_QUANT = re.compile(
    # the indicator's name written before the value: "满意度≥90%", "合格率100%", "完成率不低于95%" (a name without a
    # symbol after it must end as a name does: "不低于95%" is no name and an operator, 每季度 is a period), or the
    # event a time limit runs from: "采样后7个工作日内"; not a period, "每日≥1次" is a frequency
    rf"(?:(?!每)[\u4e00-\u9fff]{{1,16}}(?:(?=\s*[<>=])|(?:(?<=[率度])(?<![季年]度)|(?<=后))(?=\s*(?:\d|{_PRE}))))?\s*"
    rf"(?:(?:{_alternation(CHANGE_PREFIXES)})?\s*(?P<change>{_CHANGE}))?\s*"
    rf"(?P<pre>{_PRE})?\s*"
    rf"(?:(?P<num>{_NUM})|(?P<pct>百分之)?(?P<cn>{_CN_NUM}|(?<=百分之)百))\s*"
    rf"(?P<mult>[万亿千](?=\s*(?:$|[^米克瓦伏])))?\s*"
    rf"(?P<unit>{_UNIT})?\s*"
    rf"(?P<post>{_POST})?"
)
_RANGE = re.compile(
    rf"(?P<num>{_NUM})\s*(?P<mult1>[万亿千](?![米克瓦伏]))?\s*(?P<unit1>{_UNIT})?\s*(?:-|~|至|到)\s*"
    rf"(?P<upper>{_NUM})\s*(?P<mult2>[万亿千](?![米克瓦伏]))?\s*(?P<unit2>{_UNIT})?\s*(?:{_POST})?"
)
_FREQUENCY = re.compile(r"每\s*(?P<per>年|半年|学期|季度|季|月|旬|半月|半个月|周|星期|天|日|工作日)\s*(?P<body>.*)")

_UNIT_SPELLINGS = {
    "百分比": "%",
    "百分率": "%",
    "m2": "平方米",
    "m²": "平方米",
    "平米": "平方米",
    "平方": "平方米",
    "km": "公里",
    "千米": "公里",
    "平方千米": "平方公里",
    "km2": "平方公里",
    "个小时": "小时",
    "h": "小时",
    "min": "分钟",
    "工作日": "个工作日",
    "kg": "千克",
    "公斤": "千克",
    "t": "吨",
    "萬元": "万元",  # a page converted to traditional characters
}
#: Units of things counted one by one: 万/亿/千 before them is a multiplier, not part of the unit.
COUNT_UNITS = frozenset(
    (
        "人 人次 户 户次 件 件次 个 家 家次 次 项 台 台次 套 份 册 张 场 场次 条 篇 本 所 座 辆 辆次 株 棵 头 只 名 位 批 期 处 "
        "块 间 幅 部 起 宗 笔 单 例 课时 学时 人天 人日 页 字 首 支 根 组 群 门 栋 盏 架次 轮 节 堂 课 类 种 款 枚 盒 箱 袋 "
        "册次 卷次 项次 座次 站次 所次 村次 校次 人月 个工作日 天 日 粒 尾 羽 颗 幢 枝 匹 眼 剂 针 人份 车次 批次 班次 趟次 航次 亩次 "
        "头次 只次 羽次 剂次"
    ).split()
)
_CHINESE_ONLY_UNITS = frozenset({"级", "星", "个月", "年", "周", "小时", "分钟", "%"})
MULTIPLIERS = {"千": Decimal(1000), "万": Decimal(10000), "亿": Decimal(100000000)}
_CN_VALUE = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALE = {"十": 10, "百": 100, "千": 1000}


_PLACEHOLDER_CHARS = "*xX×?…_-.·%‰ "
_PLACEHOLDER_WORDS = ("待定", "待填", "暂无", "无数据", "-", "/", "\\", "略", "xx", "XX")

VAGUE_WORDS = ("有所提升", "有所提高", "有所改善", "有所增加", "有所增长", "有所下降", "有所减少", "进一步", "逐步", "稳步",
               "不断", "较大", "大幅", "提升", "提高", "增长", "增加", "增强", "加强", "优化", "改善",
               "改进", "促进", "推动", "扩大", "降低", "减少", "下降", "缩短", "减轻", "好转", "上升", "有升", "提质",
               "增效", "向好", "改观", "升级")
_NEGATIVE_WORDS = ("降低", "减少", "下降", "缩短", "减轻", "压缩")
STATE_WORDS = ("健全", "齐全", "及时", "有效", "稳定", "合格", "达标", "完善", "规范", "良好", "安全", "正常", "准确", "完整",
               "到位", "按时", "准时", "达到预期", "符合要求", "符合规定", "符合标准", "满足需求", "满足要求", "已完成", "完成",
               "通过", "落实", "可持续", "长期", "保障", "满意", "建立", "实现", "合规", "全覆盖", "覆盖", "无事故", "零事故",
               # "效果明显" (RULES.md §2.3), "达到二级养护标准"; not "不明显", "无标准" (and "明显提升" is vague)
               "(?<![不无])(?:明显|显著)", "(?:达到|符合|满足)[^，。；]{0,12}标准",
               # a ceiling set elsewhere, checkable against it: "≤预算批复金额", "不超过合同金额", "不高于市场价"
               "(?:预算|批复|合同)[^，。；]{0,6}(?:金额|额度|价款)", "(?:不超过?|不高于|不突破)(?:预算|市场价|合同|批复|定额)",
               # rules kept, as published forms write them: "符合相关文件要求", "专款专用", "应保尽保"
               "符合[^，。；]{0,8}(?:规定|要求|标准)", "严格执行", "专款专用", "应(?P<what>.)尽(?P=what)", "达成预期",
               "(?:零|不|未)发生",
               # a deadline by a known day, the same day, or last year's level: "春节前", "当日办结", "不低于上年"
               "(?:春节|元旦|国庆|中秋|端午|清明|汛期|开学|入冬|入汛)(?:前|之前)", "当日|当天|即时办结|即办",
               "不低于(?:上年|去年|上一年度|往年)")
#: One-character answers are states only when they are the whole value: "无" yes, "无法量化" no.
_STATE_ANSWERS = frozenset("无是否好高优有")


_NEGATIVE_RE = re.compile("|".join(_NEGATIVE_WORDS))
_NO_GROWTH = re.compile("零增长|负增长|不增长|持平")
_VAGUE_RE = re.compile("|".join(VAGUE_WORDS))
_STATE_RE = re.compile("|".join(STATE_WORDS))


def _qualitative_direction(text: str) -> Direction:
    if no_growth := _NO_GROWTH.search(text):  # "零增长" of 农药使用量: no more than last year
        return Direction.EQUAL if no_growth.group() == "持平" else Direction.NEGATIVE
    if _NEGATIVE_RE.search(text):
        return Direction.NEGATIVE
    if _VAGUE_RE.search(text):
        return Direction.POSITIVE
    return Direction.EQUAL


def classify_qualitative(text: str) -> Qual:
    if _NO_GROWTH.search(text):  # "零增长": no more than last year, checkable
        return Qual.STATE
    if _VAGUE_RE.search(text):
        return Qual.VAGUE
    if text in _STATE_ANSWERS or _STATE_RE.search(text) or (text[:1] in "每次" and _RECURRING_DEADLINE.fullmatch(text)):
        return Qual.STATE
    return Qual.OTHER


# A deadline that comes again each period, checkable each time: "每月10日前", "次月5日前", "每日7:00前".
_RECURRING_DEADLINE = re.compile(r"(?:每|次)(?:个)?(?:月|日|天|周|季度|季|年|学期|工作日)\S{0,8}?\d{1,2}(?::\d{2})?"
                                 r"\s*(?:日|号|点|时|月底|月末|月)?\s*(?:前|之前|以前|内)")


# --------------------------------------------------------------------------------------------------------------
# Parsing


@lru_cache(maxsize=1 << 16)
def _parse_cached(raw: str, year: int | None) -> Target:
    return _parse_text(_core_text(normalise(raw)), raw, year)


def _parse_text(text: str, raw: str, year: int | None) -> Target:
    if not text:
        return Target(Kind.PLACEHOLDER, text="", raw=raw)
    simple = _simple(text, raw)
    if simple is not None:
        return simple
    # Cheap gates first: each is a character the parser after it cannot match without, so most free text needs
    # only the last two steps, and a date is not tried as a range. A range goes before a quantity because no text
    # reads as both (_QUANT reads one number, its unit takes no "-" or "~", and a 至 or 到 in its unit is
    # implausible), and _QUANT is slow to fail on a range.
    if text[0] == "±":  # "±3%以内": a deviation either way
        return _deviation(text, raw, year)
    digits = _DIGIT.search(text) is not None
    if digits and _DATE_SHAPE.search(text) and (deadline := _deadline(text, raw, year)) is not None:
        return deadline  # a date first: the other parsers are slow to fail on one, and none reads a date
    return (
        (digits and _RANGE_SEPARATOR.search(text) and _range(text, raw))
        or (digits and "/" in text and _per_population(text, raw))
        or ((digits or _CN_NUMERAL.search(text)) and _quantitative(text, raw))
        or (_DATE_CHARACTER.search(text) and _deadline(text, raw, year))
        or ("每" in text and _frequency(text, raw))
        or (digits and _share_after_words(text, raw))
        or _placeholder(text, raw)
        or _qualitative(text, raw, year)
    )


def _deviation(text: str, raw: str, year: int | None) -> Target:
    rest = text[1:].lstrip()
    if rest.startswith("±"):  # one ± says it; more is not a value (and would recurse once each)
        return Target(Kind.QUALITATIVE, qual=Qual.OTHER, text=text, raw=raw)
    bound = _parse_text(rest, raw, year)
    if bound.kind is Kind.PLACEHOLDER:
        return Target(Kind.PLACEHOLDER, text=text, raw=raw)
    if bound.kind is not Kind.QUANTITATIVE or bound.op not in ("=", "<=") or bound.value is None or bound.value < 0:
        return Target(Kind.QUALITATIVE, qual=Qual.OTHER, text=text, raw=raw)
    return Target(Kind.RANGE, value=-bound.value, upper=bound.value, unit=bound.unit, raw=raw)


# A share after the words it is of: "完成项目主体工程70%", "误差不超过2%" (not a change: "有所提升5%" stays vague; and
# not where a comparison stands apart from the number: "不超过总额的10%").
_SHARE_AFTER_WORDS = re.compile(rf"(?P<words>[\u4e00-\u9fff]{{2,16}}?)(?P<pre>{_PRE})?(?P<num>\d{{1,3}}(?:\.\d+)?)\s*"
                                r"(?P<unit>[%‰])")


_COMPARISON_WORD = re.compile(_alternation(tuple(w for w, op in {**_PRE_WORDS, **_POST_WORDS}.items() if op != "=")))


def _share_after_words(text: str, raw: str) -> Target | None:
    m = _SHARE_AFTER_WORDS.fullmatch(text)
    if m is None or _VAGUE_RE.search(text) or _COMPARISON_WORD.search(m["words"]):
        return None
    pre = m["pre"]
    op = (_PRE_WORDS.get(pre) or _SYMBOLS[pre]) if pre else "="
    return _quantity(op, _clean(Decimal(m["num"])), m["unit"], raw)


# An incidence per so many people: "<1/10万" (麻疹发病率), "≤15/10万", "≤ 0.5/1000".
_PER_POPULATION = re.compile(rf"(?P<pre>{_PRE})?\s*(?P<num>\d+(?:\.\d+)?)\s*/\s*(?P<per>\d*\s*[万千亿]|\d{{3,}})(?P<who>人|人口)?")


def _per_population(text: str, raw: str) -> Target | None:
    m = _PER_POPULATION.fullmatch(text)
    if m is None:
        return None
    pre = m.group("pre")
    op = (_PRE_WORDS.get(pre) or _SYMBOLS[pre]) if pre else "="
    return _quantity(op, _clean(Decimal(m.group("num"))), f"/{m.group('per').replace(' ', '')}", raw)


def _simple(text: str, raw: str) -> Target | None:
    """The common shape, "=100%", ">= 19900件", "不少于5次", "2小时以内", read as _quantitative would read it but
    without its general machinery."""
    simple = (_SIMPLE_WORD if text[:1] in _PRE_WORD_FIRST else _SIMPLE_SYMBOL).fullmatch(text)
    if simple is None:
        return None
    pre, number, unit, post = simple.groups()
    value = Decimal(number) if "." not in number else _clean(Decimal(number))
    op = _POST_WORDS[post] if post else (_PRE_WORDS.get(pre) or _SYMBOLS[pre]) if pre else "="
    return _quantity(op, value, unit, raw)


# Units that _quantitative keeps as written after a plain number (no spelling to fold, never a date, never a
# multiplier of a count): a value of this shape can be read without it.
_SIMPLE_UNITS = ("%", "‰", "件", "个", "次", "家", "项", "台", "人", "户", "套", "场", "名", "册", "篇", "份", "张", "条",
                 "批", "期", "人次", "户次", "课时", "小时", "分钟", "秒", "天", "周", "个月", "个工作日", "元", "万元",
                 "千元", "亿元", "米", "公里", "平方米", "万平方米", "亩", "千克", "吨")
# The number is possessive (nothing after it starts with a digit, so giving digits back never helps): a date or a
# range is rejected at once instead of once per digit.
_SIMPLE_REST = rf"(\d{{1,15}}+(?:\.\d{{1,6}}+)?) ?(?P<unit>{_alternation(_SIMPLE_UNITS)})? ?(?P<post>{_POST})?"
_SIMPLE_SYMBOL = re.compile(rf"(?:(?P<pre>{_alternation(_SYMBOLS)}) ?)?{_SIMPLE_REST}")
_SIMPLE_WORD = re.compile(rf"(?P<pre>{_alternation(_PRE_WORDS)}) ?{_SIMPLE_REST}")
_PRE_WORD_FIRST = frozenset(word[0] for word in _PRE_WORDS)  # Chinese characters: no symbol, no digit
_DIGIT = re.compile(r"\d")
_CN_NUMERAL = re.compile(f"[{_CN_DIGITS}]")
_RANGE_SEPARATOR = re.compile("[-~至到]")  # _RANGE's (?:-|~|至|到)
_DATE_SHAPE = re.compile(r"\d{4}\s*[年./-]|\d{1,2}\s*月")  # "2022年", "2022-12-31", "12月底前"
_DATE_CHARACTER = re.compile("[年月季./-]")  # every pattern of _deadline has one: 年, 月, 季度 or an ISO separator


def _qualitative(text: str, raw: str, year: int | None) -> Target:
    if text.startswith("="):  # "=合格" says no more than "合格"
        rest = _parse_text(text.lstrip("= "), raw, year)
        if rest.kind is Kind.QUALITATIVE:
            return rest
    return Target(Kind.QUALITATIVE, qual=classify_qualitative(text), text=text, raw=raw)


def _core_text(text: str) -> str:
    """Drop what does not change the value: a trailing remark "≥95%(2022:90%)", a trailing "完成", punctuation."""
    if not text.endswith(_DROPPABLE_ENDINGS):
        return text
    while True:
        stripped = _REMARK.sub("", text)
        for filler in _TRAILING_FILLER:
            # "100%完成" is 100%; "全部完成" is a state and keeps its word
            if stripped.endswith(filler) and stripped[: -len(filler)].rstrip()[-1:] in _AFTER_NUMBER:
                stripped = stripped[: -len(filler)]
        stripped = stripped.rstrip(",.;: ")
        if stripped == text or not stripped:
            return text
        text = stripped


def _quantitative(text: str, raw: str) -> Target | None:
    m = _QUANT.fullmatch(text)
    if m is None:
        return None
    change, pre, num, pct, cn, mult, unit, post = m.groups()
    if num is not None:
        if len(num) > _MAX_DIGITS:
            return None  # no target has 20 digits; reading it as a number would only mislead
        value = Decimal(num.replace(",", "") if "," in num else num)
    else:
        value = _HUNDRED if cn == "百" else chinese_number(cn)  # 百分之百
        if value is None:
            return None
        if pct:
            if unit:
                return None
            unit = "%"
    if unit and unit not in _KNOWN_UNITS and (words := _UNIT_THEN_WORDS.fullmatch(unit)) is not None:
        # "30分钟内响应": within 30 分钟
        unit, post = words.group("unit"), words.group("post") or post
    if unit:
        if not _plausible_unit(unit, chinese=num is None, value=value):
            return None  # "3月", "2022年" are dates; "一般" is not a quantity
        unit = spelt_unit(unit)
    if mult:
        if not unit or unit in COUNT_UNITS:
            value *= MULTIPLIERS[mult]
        else:
            unit = mult + unit
    if post:
        op = _POST_WORDS[post]
    elif pre:
        op = _PRE_WORDS.get(pre) or _SYMBOLS[pre]
    else:
        op = CHANGE_VERBS[change] if change else "="
    if mult or "." in (num or ""):
        value = _clean(value)
    return _quantity(op, value, unit or None, raw)


def spelt_unit(unit: str) -> str:
    """A unit in its one spelling: 百分比 is %, 元/人*月 and 元/人/月 are 元/人·月, 元/平米 is 元/平方米."""
    if "/" not in unit[1:]:
        return _UNIT_SPELLINGS.get(unit, unit)
    numerator, *per = _RATE_PARTS.split(unit)
    return f"{_UNIT_SPELLINGS.get(numerator, numerator)}/{'·'.join(_UNIT_SPELLINGS.get(p, p) for p in per if p)}"


_RATE_PARTS = re.compile("[/·*×]")
_POST_ENDINGS = tuple(_POST_WORDS)
# A unit followed by words: a time limit and what is to be done within it ("30分钟内响应", "≤2小时到场",
# "1个工作日内回复"), or a share and what it is of ("≥90%满意度", "100%合格", "95%以上的群众"): the value stands,
# the words do not change it. (Not 日 or 月, which end dates: "15日前".)
_UNIT_THEN_WORDS = re.compile(rf"(?P<unit>秒|分钟|小时|个小时|天|个工作日|工作日|周(?![岁年])|个月|%|‰)\s*(?P<post>{_POST})?"
                              r"(?![^\u4e00-\u9fff]|后|.*前$)[\u4e00-\u9fff]+")  # "3个月后" is not within 3 months
_NOT_IN_UNITS = ("以上", "以下", "以内", "的", "完成", "达到", "及", "或", "和", "至", "到")


def _plausible_unit(unit: str, *, chinese: bool, value: Decimal) -> bool:
    if unit == "年" and 1900 <= value <= 2100 and value == value.to_integral_value():
        return False  # "2022年" is a year; "3年" a duration
    return _plausible(unit, chinese)


@lru_cache(maxsize=4096)
def _plausible(unit: str, chinese: bool) -> bool:
    if any(word in unit for word in _NOT_IN_UNITS) or unit[0] in "月号" or unit.endswith(_POST_ENDINGS):
        return False  # "3月" is a month; "个月" is the duration
    if unit[0] == "年" and len(unit) > 1 and unit != "年一遇":
        return False  # "2022年" is a year; "20年一遇" a flood standard
    if unit[0] == "日" and len(unit) > 1:
        return False  # "15日前" is a day of the month
    if unit[-1] == "前":
        return False  # "3季度末前" is a deadline
    if chinese:  # after a Chinese numeral only a known unit makes a quantity: 三次 yes, 一般 no
        return _UNIT_SPELLINGS.get(unit, unit) in _KNOWN_UNITS
    return True


def _range(text: str, raw: str) -> Target | None:
    m = _RANGE.fullmatch(text)
    if m is None:
        return None
    num, mult1, unit1, upper, mult2, unit2 = m.groups()
    unit1 = spelt_unit(unit1) if unit1 else ""
    unit2 = spelt_unit(unit2) if unit2 else ""
    if unit1 and unit2 and unit1 != unit2:
        return None
    unit = unit2 or unit1
    if len(num) > _MAX_DIGITS or len(upper) > _MAX_DIGITS:
        return None
    low, high = Decimal(num.replace(",", "")), Decimal(upper.replace(",", ""))
    if unit and not _plausible_unit(unit, chinese=False, value=high):
        return None
    mult1, mult2 = mult1 or mult2, mult2 or mult1  # "1-2万人次" is 1万 to 2万
    if mult1 and mult2:
        if not unit or unit in COUNT_UNITS:
            low, high = low * MULTIPLIERS[mult1], high * MULTIPLIERS[mult2]
        elif mult1 == mult2:
            unit = mult2 + unit
        else:
            return None
    if low > high:
        return None
    if "." in num or "." in upper:  # whole numbers (times whole multipliers) are already in their one spelling
        low, high = _clean(low), _clean(high)
    return Target(Kind.RANGE, value=low, upper=high, unit=unit or None, raw=raw)


_DATE_END = r"(?:之前|以前|前|为止|截止|止|内|底前|末前|底|末)?"
_FULL_DATE = re.compile(
    rf"(?:(?P<y>\d{{4}})\s*年\s*)?(?P<m>\d{{1,2}})\s*月\s*"
    rf"(?:(?P<d>\d{{1,2}})\s*[日号]|(?P<end>底|末|份|中旬|上旬|下旬))?\s*{_DATE_END}"
)
_ISO_DATE = re.compile(rf"(?P<y>\d{{4}})\s*[.\-/]\s*(?P<m>\d{{1,2}})\s*[.\-/]\s*(?P<d>\d{{1,2}})\s*{_DATE_END}")
_YEAR_END = re.compile(
    r"(?:本|当|年度|全)?(?:年底|年末|年内|年度内|年底前|年末前|全年|本年度|年度|当年|本年|今年)(?:前|之前|以前|内)?"
)
_YEAR_ONLY = re.compile(r"(?P<y>\d{4})\s*年\s*(?:度)?(?:底|末|内|年底|年末|全年)?(?:前|之前|以前)?")
_HALF_YEAR = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<half>上|下)半年(?:底|末)?(?:前|之前|内)?")
_QUARTER = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?:第)?(?P<q>[一二三四1-4])季度(?:底|末)?(?:前|之前|内)?")
_LEAD_IN = re.compile("^(?:计划|预计|确定|力争|确保|拟|须|需)?[于在](?=[0-9本当年次明今上下第一二三四])")
_DONE_BY = re.compile(r"(前|之前|以前)[\u4e00-\u9fff]{1,6}$")
_PERIOD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*[日号])?\s*[-~至到]\s*(?P<end>\d{4}\s*年.+)")
_QUARTER_NUMBER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
# How the patterns above can begin, a digit (\d) aside: _YEAR_END, _HALF_YEAR, _QUARTER.
_DEADLINE_FIRST = frozenset("本当年全今上下第一二三四次明")


def _deadline(text: str, raw: str, year: int | None) -> Target | None:
    # "<=2023年5月31日": a deadline is already a ceiling
    body = _LEAD_IN.sub("", text.removeprefix("<=").removeprefix("<").lstrip()).removesuffix("完成").rstrip()
    if "前" in body:  # "2022年12月底前发放完毕": by then
        body = _DONE_BY.sub(r"\1", body)
    if (period := _PERIOD.fullmatch(body)) is not None:  # "2022年3月-2022年11月": done by the period's end
        body = period["end"]
    if body.startswith(("次年", "明年")):  # "次年3月底前", "次年底前": in the year after the form's
        if year is None:
            return None
        body, year = body[1:] if body[2:3] in ("底", "末") else body[2:], year + 1
    if not body or not (body[0].isdecimal() or body[0] in _DEADLINE_FIRST):
        return None  # no pattern below can match: the frequent case of free text that has a 年 or 月 in it
    month = day = None
    explicit_year = None
    canonical = None
    if (m := _ISO_DATE.fullmatch(body)) or (m := _FULL_DATE.fullmatch(body)):
        y, end = m["y"], m["end"] if m.re is _FULL_DATE else None
        month = int(m["m"])
        if not 1 <= month <= 12:
            return None
        explicit_year = int(y) if y else None
        if d := m["d"]:
            day = int(d)
        elif end in ("中旬", "上旬"):
            day = 20 if end == "中旬" else 10
        elif not end and not y and m.re is _FULL_DATE and not text.endswith(("前", "内", "止")):
            return None  # "3月" alone is not clearly a deadline
    elif m := _YEAR_ONLY.fullmatch(body):
        explicit_year, month, day = int(m["y"]), 12, 31
    elif _YEAR_END.fullmatch(body):
        month, day = 12, 31
    elif m := _HALF_YEAR.fullmatch(body):
        month, day = (6, 30) if m["half"] == "上" else (12, 31)
        explicit_year = int(m["y"]) if m["y"] else None
    elif m := _QUARTER.fullmatch(body):
        month = _QUARTER_NUMBER[m["q"]] * 3
        explicit_year = int(m["y"]) if m["y"] else None
    else:
        return None
    resolved_year = explicit_year or year
    if day is None:
        # "12月底前", "6月前": the end of that month; the lenient reading of how forms use it.
        day = calendar.mdays[month] + (month == 2 and calendar.isleap(resolved_year or 2000))
    if resolved_year is None:
        canonical = f"{month}月{day}日前"
        if day > 28 and month == 2:
            canonical = "2月底前"
        return Target(Kind.DEADLINE, op="<=", text=canonical, raw=raw)
    try:
        when = date(resolved_year, month, day)
    except ValueError:
        return None
    return Target(Kind.DEADLINE, op="<=", date=when, raw=raw)


PERIODS_PER_YEAR = {"年": 1, "半年": 2, "学期": 2, "季度": 4, "季": 4, "月": 12, "旬": 36, "半月": 24, "半个月": 24,
                    "周": 52, "星期": 52, "天": 365, "日": 365, "晚": 365, "工作日": 250}


def _frequency(text: str, raw: str) -> Target | None:
    """"每季度1次" is a count per period: kept as ``=1次/季度`` so the period is not lost."""
    m = _FREQUENCY.fullmatch(text)
    if m is None:
        return None
    inner = _simple(m["body"], raw) or _quantitative(m["body"], raw)
    if inner is None or inner.unit is None or "/" in inner.unit:
        return None
    per = {"季": "季度", "星期": "周", "日": "天", "半个月": "半月"}.get(m["per"], m["per"])
    return Target(Kind.QUANTITATIVE, op=inner.op, value=inner.value, unit=f"{inner.unit}/{per}", raw=raw)


_LEADING_OPERATOR = re.compile(_PRE)


def _placeholder(text: str, raw: str) -> Target | None:
    body = text
    op = None
    if leading := _LEADING_OPERATOR.match(text):
        word = leading.group()
        op = _PRE_WORDS.get(word) or _SYMBOLS.get(word)
        body = body[len(word) :].strip()
    if body in _PLACEHOLDER_WORDS or (body and not body.strip(_PLACEHOLDER_CHARS)):  # only placeholder characters
        return Target(Kind.PLACEHOLDER, op=op, text=text, raw=raw)
    # "≥ %", ">=XX个", "XX场", "≤**元/株": an operator or a unit, with no number; "万亩": a unit alone
    stripped = body.strip("*xX×?…_ ")
    no_number = stripped != body or (op is not None and text[0] in "<>=")
    if (no_number and not stripped) or ((no_number or op is None) and _is_unit(stripped)):
        return Target(Kind.PLACEHOLDER, op=op, text=text, raw=raw)
    return None


def _is_unit(text: str) -> bool:
    """Whether text is a unit and nothing else: 个, 万元, 万亩, 元/人·月."""
    numerator, _, per = text.partition("/")
    numerator = _UNIT_SPELLINGS.get(numerator, numerator)
    if numerator not in _KNOWN_UNITS and not (numerator[:1] in MULTIPLIERS and numerator[1:] in _KNOWN_UNITS):
        return False
    return not per or all(0 < len(part) <= 3 and not part.isdecimal() for part in re.split("[/·]", per))


def chinese_number(text: str) -> Decimal | None:
    """Chinese numerals as forms write them: 三, 十二, 一百零五, 两千, 一万二千, 一千二 (1200), 八十五点五; None for
    what is not one, such as a run of numerals ("十三五", "三四")."""
    whole, point, fraction = text.partition("点")
    value = _chinese_integer(whole)
    if value is None or not point:
        return None if value is None else Decimal(value)
    if not fraction or any(char not in _CN_VALUE for char in fraction):
        return None
    return Decimal(f"{value}.{''.join(str(_CN_VALUE[char]) for char in fraction)}")


_CN_SECTIONS = tuple((mark, int(MULTIPLIERS[mark])) for mark in ("亿", "万"))


def _chinese_integer(text: str, after: int = 0) -> int | None:
    for mark, scale in _CN_SECTIONS:  # "一万二千" is 1 of 万 and 2000
        if mark in text:
            high, _, low = text.partition(mark)
            high_value = _chinese_integer(high) if high else None
            low_value = _chinese_integer(low, after=scale) if low else 0
            return None if high_value is None or low_value is None else high_value * scale + low_value
    return _chinese_section(text, after)


def _chinese_section(text: str, after: int = 0) -> int | None:
    """Below 万: "一百零五", "二十", "十二"; ``after`` is the scale just before, so that "一万二" is 12000."""
    total, digit, scale, zero = 0, None, after, False
    for char in text:
        if char in "零〇":
            if digit is not None:
                return None
            zero = True
        elif char in _CN_VALUE:
            if digit is not None:
                return None  # a run of numerals
            digit = _CN_VALUE[char]
        elif char in _CN_SCALE:
            value = _CN_SCALE[char]
            if scale and value >= scale:
                return None
            if digit is None and not (char == "十" and total == 0 and not zero):
                return None  # "百" alone
            total += (1 if digit is None else digit) * value
            digit, scale, zero = None, value, False
        else:
            return None
    if digit is None:
        return total if total or zero else None
    # "一千二" is 1200, as "一万二" is 12000; "一千零二" is 1002
    return total + (digit * scale // 10 if scale >= 100 and not zero else digit)


def _clean(value: Decimal) -> Decimal:
    """One representation per number, so that equal values format alike: 12000.0 -> 12000."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return value.normalize()


_ONE = Decimal(1)
_HUNDRED = Decimal(100)


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return format(value, "f")




# --------------------------------------------------------------------------------------------------------------
# Units and comparison

_UNIT_FACTORS: dict[str, tuple[str, Decimal]] = {
    "元": ("元", Decimal(1)),
    "千元": ("元", Decimal(1000)),
    "万元": ("元", Decimal(10000)),
    "亿元": ("元", Decimal(100000000)),
    "秒": ("秒", Decimal(1)),
    "分钟": ("秒", Decimal(60)),
    "小时": ("秒", Decimal(3600)),
    "天": ("秒", Decimal(86400)),
    "日": ("秒", Decimal(86400)),
    "周": ("秒", Decimal(604800)),
    "%": ("%", Decimal(1)),
    "‰": ("%", Decimal("0.1")),
    "米": ("米", Decimal(1)),
    "公里": ("米", Decimal(1000)),
    "平方米": ("平方米", Decimal(1)),
    "平方公里": ("平方米", Decimal(1000000)),
    "万平方米": ("平方米", Decimal(10000)),
    "亩": ("平方米", Decimal("666.6666666666666666666666667")),
    "公顷": ("平方米", Decimal(10000)),
    "千克": ("千克", Decimal(1)),
    "公斤": ("千克", Decimal(1)),
    "吨": ("千克", Decimal(1000)),
    "万吨": ("千克", Decimal(10000000)),
    "千瓦时": ("千瓦时", Decimal(1)),
}
_KNOWN_UNITS = COUNT_UNITS | _UNIT_FACTORS.keys() | _CHINESE_ONLY_UNITS

#: Counting words that mean the same kind of thing: a goal's "7名志愿者" is an indicator's "7个"/"7人" or "7台".
_GENERIC_COUNT = frozenset({"个", "项", "名", "人", "位"})
#: Occasions: a goal's "每月举办1次读书会" is an indicator's 读书会场次 ">=12场".
_OCCASION_UNITS = frozenset({"次", "场", "场次", "期", "轮", "家次", "户次"})  # (检查家次: a count of checks)


#: Units of events, counted over a period: "每月2场" is 24 场 a year, where "每天7名志愿者在岗" stays 7 名.
EVENT_UNITS = frozenset("次 场 场次 期 篇 批 批次 轮 人次 户次 家次 件次 台次 车次 辆次 架次 册次 卷次 项次 座次 站次 所次 村次 "
                        "校次 课时 学时".split())
# Units of things that a generic count (个, 名 ...) may stand for: not events, not days ("2000名" is not "20个工作日").
_THINGS = COUNT_UNITS - EVENT_UNITS - {"天", "日", "个工作日", "人天", "人日", "人月"}


def in_base_unit(value: Decimal, unit: str | None) -> tuple[Decimal, str]:
    """Express a quantity in its family's base unit, for comparisons: 万元 -> 元, 小时 -> 秒; events per period as a
    yearly count (1次/月 -> 12 次); other rates with their denominators in one order, a year being implied (forms
    are annual): 万元/月·人 -> 元/人·月, 元/人·年 -> 元/人."""
    if unit in _UNIT_FACTORS:
        base, factor = _UNIT_FACTORS[unit]
        return value * factor, base
    if not unit:
        return value, ""
    if "/" in unit:
        return _rate_in_base_unit(value, unit)
    if unit[0] in MULTIPLIERS and unit[1:] in _KNOWN_UNITS:  # "45万亩", kept as written after the number
        return in_base_unit(value * MULTIPLIERS[unit[0]], unit[1:])
    return value, unit


#: What a rate is per, in other words: "每生每日5元" is 5 元/人·天.
_PER_SPELLINGS = {"生": "人", "名": "人", "位": "人", "人次": "人", "日": "天", "季": "季度", "星期": "周", "半个月": "半月",
                  "车": "辆"}


def _rate_in_base_unit(value: Decimal, unit: str) -> tuple[Decimal, str]:
    numerator, *denominators = unit.replace("·", "/").split("/")
    value, numerator = in_base_unit(value, numerator)  # "1万人次/年" counts 人次
    parts = sorted(_PER_SPELLINGS.get(part, part) for part in denominators if part != "年")
    # Counted per period, or paid per person and period: a year's ("300元/人·月" is 3600 元/人); money per period
    # alone stays a rate, as forms often write a monthly standard without its period ("补贴标准 =300元").
    if numerator in EVENT_UNITS or (numerator == "元" and len(parts) > 1):
        periods = [part for part in parts if part in PERIODS_PER_YEAR]
        if len(periods) == 1:
            value *= PERIODS_PER_YEAR[periods[0]]
            parts.remove(periods[0])
    return value, f"{numerator}/{'·'.join(parts)}" if parts else numerator


@lru_cache(maxsize=4096)
def base_unit(unit: str | None) -> str:
    """The unit in_base_unit expresses a quantity of this unit in: "秒" for 小时, "元/人" for 元/人·月."""
    return in_base_unit(_ONE, unit)[1]


@lru_cache(maxsize=4096)
def units_compatible(a: str | None, b: str | None) -> bool:
    """Whether two quantities can be compared: same unit family, or both generic counts."""
    if not a or not b:
        return True
    if base_unit(a) == base_unit(b):
        return True
    if a in _GENERIC_COUNT:
        return b in _THINGS
    if b in _GENERIC_COUNT:
        return a in _THINGS
    return a in _OCCASION_UNITS and b in _OCCASION_UNITS


def coerce_decimal(text: str) -> Decimal | None:
    """A number in text written by people ("1,200", "３５"), or None (also for "NaN" and "Infinity")."""
    try:
        value = Decimal(normalise(text).replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None
