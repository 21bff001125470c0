"""Goal ↔ indicator consistency: the quantified commitments in 项目总目标 and 年度总目标 against the indicators.

A goal says "至少每半个月全面分析1次办事指南维护情况"; an indicator says 办事指南及网办能力质检分析次数 ``>=18次``.
We read each commitment (operator, number, unit; frequencies turned into yearly counts; 半小时 as 0.5 小时), find the
indicator it concerns by name similarity among those with a comparable unit, and report contradictions in value,
direction or operator, and commitments no indicator measures. Pairs that agree say nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from operator import add
from typing import NamedTuple

from ..targets import (
    CHANGE_PREFIXES,
    CHANGE_VERBS,
    EVENT_UNITS,
    LEVEL_WORDS,
    MULTIPLIERS,
    OP_SYMBOL,
    PERIODS_PER_YEAR,
    Kind,
    Target,
    chinese_number,
    format_target,
    in_base_unit,
    parse_target,
    units_compatible,
)
from .engine import Form, Hit, Severity, label, rule

_GOAL_UNITS = (
    "个百分点", "个工作日", "工作日", "平方米", "万平方米", "公里", "小时", "分钟", "个月", "万元", "人次", "户次", "家次",
    "件次", "场次", "%", "‰", "元", "秒", "天", "日", "周", "家", "件", "次", "个", "项", "台", "套", "份", "册", "张",
    "场", "条", "篇", "本", "所", "座", "辆", "名", "位", "人", "户", "批", "期", "处", "间", "部", "起", "例", "课时",
    "学时", "吨", "亩", "米", "％", "台件", "批次", "台次", "车次", "架次", "辆次", "千瓦时", "立方米", "公顷", "千克", "公斤", "盏",
    "株", "棵", "头", "只", "支", "组", "队", "轮", "微克/立方米", "毫克/升",
)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_GOAL_UNITS, key=len, reverse=True))
_CN = "一二两三四五六七八九十"
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_PERIOD_ALT = "|".join(sorted(PERIODS_PER_YEAR, key=len, reverse=True))  # "每半个月", "2次/周"
# What a rate is per: a period, or a person or thing ("300元/人·月", "300元/（人·月）").
_PER_WHAT = rf"(?:{_PERIOD_ALT}|人次|平方米|公里|[人户生名位家床亩场件台所村校头辆吨])"
# The digits goals are written with, ASCII and full-width: a class of two ranges is checked in a few instructions,
# where \d asks Unicode's tables about every character of the goal (with it the two patterns below executed a
# quarter and a fifth more instructions).
_D = "0-9０-９"
# The number, "\d+(?:\.\d+)?|半|[{_CN}]{1,3}" not after a digit, ":" or "." (thousands may be separated by commas:
# "1,000"), is spelt so that the pattern begins with a character class: the regex engine then skips to the next digit
# or numeral instead of trying a match at every character of the goal. Its first character is matched alone, then the
# lookbehinds see which it was. A multiplier before a count ("1.5万人次") and a period after it ("2次/周") are read too.
# Not a quantity: a number after an ordinal's 第 ("第3期"), in a product ("7×24小时"), of each of several things
# ("两季各1次"), an age or an anniversary ("18周岁", "102周年").
_QUANTITY = re.compile(
    rf"(?P<num>[{_D}半{_CN}](?<![{_D}:.第×*＊各].)"
    rf"(?:(?<=[{_D}])(?:[{_D}]{{0,2}}(?:,[{_D}]{{3}})+(?![{_D}])|[{_D}]*)(?:\.[{_D}]+)?|(?<=[{_CN}])[{_CN}百千零]{{0,6}}|(?<=半)))\s*"
    rf"(?:(?:[%％]\s*)?(?:至|到|-|~|～|—)\s*(?P<upper>[{_D}]+(?:\.[{_D}]+)?)\s*)?"  # a range: "3-5天", "85%-93%"
    rf"(?P<mult>[万亿千])??(?P<more>[余多])?(?P<unit>{_UNIT_ALT})(?:/[（(]?(?P<per>{_PER_WHAT}(?:[·/]{_PER_WHAT})*)[)）]?)?"
    rf"(?P<post>以上|及以上|以内|之内|以下|内)?(?![:{_D}])(?!(?<=周)[岁年])"
)
_OP_WORDS = {
    "至少": ">=", "不少于": ">=", "不低于": ">=", "不小于": ">=", "最少": ">=", "大于等于": ">=", "达到": "reach",
    "达": "reach", "小于": "<", "低于": "<", "少于": "<", "不超过": "<=", "不高于": "<=", "不多于": "<=", "控制在": "<=",
    "最多": "<=", "大于": ">", "高于": ">", "超过": ">", "多于": ">",
    # a change to a level, "满意度提升至95%": reaching it, as 达到
    **{word: "reach" if op == ">=" else op for word, op in LEVEL_WORDS.items()},
    # and the symbols, in every width Chinese input writes them
    ">=": ">=", "≥": ">=", "≧": ">=", "＞＝": ">=", "<=": "<=", "≤": "<=", "≦": "<=", "＜＝": "<=", ">": ">", "＞": ">",
    "<": "<", "＜": "<", "=": "=", "＝": "=",
}
_OP_WORD_RE = re.compile("|".join(map(re.escape, sorted(_OP_WORDS, key=len, reverse=True))))
_POST = {"以上": ">=", "及以上": ">=", "以内": "<=", "之内": "<=", "以下": "<=", "内": "<="}
# "每月", "每个月", "每两周", "每3个月", "每十天": how many times a year
_FREQUENCY = re.compile(rf"每(?P<every>[{_D}]{{1,2}}|[{_CN}]{{1,2}})?个?(?P<period>{_PERIOD_ALT})")
# A year's total stated after a frequency: "每月开展活动，全年不少于24场" commits to 24, not to 24 a month.
_TOTAL = re.compile("全年|年内共|累计|共计|合计|总计")
# A number before these is a baseline, not a commitment: the 90% of "满意度由90%提高到92%".
_TO_A_LEVEL = tuple(LEVEL_WORDS)
# Each of several things, not a period: "每期", "每个镇街", "每村" (but "每月", "每两周", "每个月").
_PER_THING = re.compile(rf"每个?(?!(?:[{_D}]{{1,2}}|[{_CN}]{{1,2}})?个?(?:{_PERIOD_ALT}))([\u4e00-\u9fff])")
# Per head: "人均", "户均", "生均", "亩均".
_PER_HEAD = re.compile("([人户生亩])均")
# What is said per year: "每年新增岗位200个" in a longer project's overall goal is not the project's total.
_PER_YEAR = re.compile("每年|全年|年均|每年度")
# List numbering "1、", "(2)" at the start or after a separator: "(?:^|(?<=[；;。\s]))[(（]?\d{1,2}\s*[、.．)）]",
# spelt, as _QUANTITY, to begin with a character class.
_NUMBERING = re.compile(rf"[(（{_D}](?<![^；;。\s].)(?:(?<=[(（])[{_D}]{{1,2}}|(?<=[{_D}])[{_D}]?)\s*[、.．)）]")
# Clauses end at these, and at a comma unless it separates thousands ("1,000人次": a digit, then three).
_SEPARATOR = rf"[，；;。！!？?\n]|,(?:(?<![{_D}],)|(?![{_D}]{{3}}(?![{_D}])))"
_CLAUSE_SPLIT = re.compile(_SEPARATOR)
_CLAUSE_BEFORE = re.compile(rf".*(?:{_SEPARATOR})", re.DOTALL)  # up to the last separator (before an end position)
# A change from a baseline ("就业率同比增长5%", "较上年提高2个百分点", "人均增收1000元") written just before the number
# or its operator: the number is the size of the change, not a level.
_CHANGE_BEFORE = re.compile(rf"(?:(?:{'|'.join(CHANGE_PREFIXES)})\s*)?(?P<verb>{'|'.join(CHANGE_VERBS)})[了约近]?$")
_CHANGE_LAST = frozenset("了约近" + "".join(verb[-1] for verb in CHANGE_VERBS))  # checked first: it is quicker
# The words that name a change: "旅游收入增长率不低于8%" commits to a change as "增长8%" does, and an indicator named
# 就业人数增长率 or 同比降幅 measures one. A verb alone does not: "提高群众满意度" ">=95%" is a level.
_CHANGE_NAMES = re.compile("|".join(("增长率", "增幅", "增速", "降幅", "幅度", "下降率", "降低率", "减少率", "提高率",
                                     "提升率", "增产", "增收", "减排", *CHANGE_PREFIXES)))
# What says that an indicator's target is a change: "较上年提高5%".
_CHANGE_TARGET = re.compile("|".join((*CHANGE_VERBS, *CHANGE_PREFIXES)))
# Names and titles in quotation marks hold numbers that are not commitments: “15分钟社区生活圈”, 《十四五规划》.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|\"[^\"]*\"|「[^「」]*」|‘[^‘’]*’")
_QUOTE_OPENING = re.compile("[“《\"「‘]")
_MONEY_UNITS = ("元", "万元")
# What money is paid per, written before it in the clause: "每人每月", "每月为每户发放", "每个村", "每次".
_PAID_PER = re.compile(rf"每个?({_PER_WHAT}|次)")
# The characters of words around a number that say it is a total, not what it is about: "，共计10台" (for str.strip).
_FILLER_CHARS = "共计合累全年总约为"
# "两年累计救助1200人次" is about 救助.
_TOTAL_WORDS = re.compile(rf"(?:[{_D}{_CN}]+年)?(?:累计|共计|合计|总计)")
# A deadline, "2022年6月底前", "12月31日前", "年底前", "次年3月底前": its words are read by the target grammar, its date
# compared with the deadlines of 时效 indicators. Commitments carry it as a day number in DATE_UNIT. The lookahead
# lets the regex engine skip to where one can begin.
_DEADLINE_WORDS = re.compile(
    rf"(?=[{_D}年上下第一二三四次明])(?:[次明](?=年))?"
    rf"(?:(?:[{_D}]{{4}}年?)?年底|(?:[{_D}]{{4}}年|(?<=[次明])年)?(?:[{_D}]{{1,2}}月(?:[{_D}]{{1,2}}[日号]|底|末|[上中下]旬)?"
    rf"|第?[一二三四1-4１-４]季度[末底]?|[上下]半年[末底]?))(?:之前|以前|前)"
)
DATE_UNIT = "日期"
# A Chinese numeral as numbers are written (十二, 一百二十, 一千零五), not a run of numerals ("十三五", "三四个").
_CN_NUMBER = re.compile("(?:[一二两三四五六七八九]千零?)?(?:[一二两三四五六七八九]百零?)?(?:[一二两三四五六七八九]?十)?"
                        "[一二两三四五六七八九]?")
# "达到百分之九十五" is read as "达到95%".
_PERCENT_WORDS = re.compile(rf"百分之([{_D}]+(?:\.[{_D}]+)?|[{_CN}百千零]+)")


# Commitment and Match are named tuples rather than frozen dataclasses: immutable all the same, and built in
# less than half the time (every form has goals of its own).
class Commitment(NamedTuple):
    phrase: str  # the words of the goal, e.g. "至少每半个月全面分析1次"
    context: str  # the clause without the quantity: what the commitment is about
    op: str  # "=", ">=", "<=", ">", "<", or "reach" (达到: agrees with = and >=)
    value: Decimal  # in the base unit (in_base_unit); per year for frequencies; a deadline's date.toordinal()
    unit: str  # base unit, or DATE_UNIT
    shown: str  # how a finding quotes it: "≥ 24 次/年"
    change: str = ""  # the words of a change from a baseline ("增长", "增长率"): compared only with indicators of one
    per: str = ""  # the period of a count per period ("月", "周"; made a year's), of a year's figure ("年"), the
    # head of a figure per head ("人" of 人均), or the thing of a count for each ("每期"): none of them a longer
    # project's total; a count for each is compared only with an indicator for each of the same ("每期培训天数")
    lower: Decimal | None = None  # a range's lower bound ("90%-95%"), value being its upper


def _chinese_value(text: str) -> Decimal | None:
    if text == "半":
        return Decimal("0.5")
    number = chinese_number(text) if _CN_NUMBER.fullmatch(text) else None
    return None if number is None else Decimal(number)


def _as_percent(words: re.Match[str]) -> str:
    number = words.group(1)
    value = number if number[0] in _DIGITS else 100 if number == "百" else _chinese_value(number)
    return words.group() if value is None else f"{value}%"


@lru_cache(maxsize=4096)
def commitments(goal: str, year: int | None = None) -> tuple[Commitment, ...]:
    """The quantified commitments of one goal text; deadlines without a year are resolved against ``year``."""
    found = []
    text = _NUMBERING.sub("；", goal)
    if "百分之" in text:
        text = _PERCENT_WORDS.sub(_as_percent, text)
    # Quoted names are blanked out where quantities are looked for, keeping every position.
    scanned = _QUOTED.sub(_blank, text) if _QUOTE_OPENING.search(text) else text
    for m in _QUANTITY.finditer(scanned):
        m_start, m_end = m.span()
        clause_start, clause_end = _clause(text, m_start)
        if m_end > clause_end:
            continue  # the match ran across a clause boundary
        prefix = text[clause_start:m_start]
        frequency = _FREQUENCY.search(prefix) if "每" in prefix else None  # every period starts with 每
        if frequency is None and prefix.endswith("每"):
            continue  # the "半个月" of "每半个月" is a period, not a quantity
        number, upper, mult, more, unit, per, post = m.groups()
        if unit == "日" and prefix.endswith("月"):
            continue  # the day of a date, "12月31日"
        if text.startswith(_TO_A_LEVEL, m_end):
            continue  # a baseline: the 90% of "满意度由90%提高到92%"
        if unit == "％":  # the full-width percent sign of Chinese input methods
            unit = "%"
        op_words = _OP_WORD_RE.findall(prefix) if prefix else None
        if op_words:
            op_word = op_words[-1]
            op = _POST[post] if post else _OP_WORDS[op_word]
            head = prefix[: prefix.rfind(op_word)]
        elif number[0].isdigit() or number == "半" or more or mult or len(number) > 1:
            op = _POST[post] if post else ">=" if more else "="  # "100余人次": more than 100
            head = prefix
        else:
            continue  # "两个免于提交", "一次性": one Chinese numeral commits only with 至少/不少于/...
        change = _CHANGE_BEFORE.search(head) if head and head[-1] in _CHANGE_LAST else None
        start = clause_start + (change.start() if change else len(head))
        value = Decimal(number.replace(",", "")) if number[0].isdigit() else _chinese_value(number)  # mostly digits
        if value is None:
            continue
        lower = None
        if upper and post:  # "2至6小时内解决": within the upper bound
            value, op = Decimal(upper), "<="
        elif upper:  # "保持在90%-95%": between the two
            lower, value, op = value, Decimal(upper), "="
        if mult:  # "1.5万人次"; "90万元" is read with its unit, 万元, as written
            value *= MULTIPLIERS[mult]
            lower = lower * MULTIPLIERS[mult] if lower is not None else None
        shown_unit, period = unit, ""
        # "每期培训50人", "保洁人员每村不少于2名": for each of several things, not their total
        each = _PER_THING.search(head) if "每" in head and unit not in _MONEY_UNITS else None
        if each is not None:
            period = "每" + each.group(1)
        elif unit in EVENT_UNITS:
            if frequency is not None and not _TOTAL.search(prefix, frequency.end()):  # "每月开展2场": 24 场 a year
                value *= _times_a_year(frequency)
                shown_unit, period = f"{unit}/年", frequency.group("period")
                start = min(start, clause_start + frequency.start())
            elif per in PERIODS_PER_YEAR:  # "2次/周"
                value *= PERIODS_PER_YEAR[per]
                shown_unit, period = f"{unit}/年", per
        elif unit in _MONEY_UNITS and "每" in head and (paid_per := _PAID_PER.findall(head)):
            # "每人每月300元" is a rate, as "300元/人·月", compared only with rates per the same; "每年补助10万元" is
            # an amount (in_base_unit: a year is implied)
            per = "·".join([*paid_per, per] if per else paid_per)
            start = min(start, clause_start + head.index("每"))
        if per is not None and not period:  # "300元/人·月", "5次/人"
            unit = shown_unit = f"{unit}/{per}"
        if not period and _PER_YEAR.search(prefix):  # "每年新增岗位200个": a year's, not a longer project's total
            period = "年"
        elif not period and "均" in head and (average := _PER_HEAD.search(head)):
            period = average.group(1)  # "人均绿地面积15平方米": per head, not a longer project's total
        base_value, base_unit = in_base_unit(value, unit)
        context = _about(text, prefix, text[m_end:clause_end], clause_start)
        if change:  # "增长5%": the size of the change
            words = change.group("verb")
            shown = f"{words}{'' if op in ('=', 'reach') else ' ' + OP_SYMBOL[op]} {value.normalize():f} {shown_unit}"
        else:  # a level, perhaps of a change: "增长率不低于8%"
            named = _CHANGE_NAMES.search(head) if head else None
            words = named.group() if named else ""
            shown = f"{'达到' if op == 'reach' else OP_SYMBOL[op]} {value.normalize():f} {shown_unit}"
        if lower is not None:
            shown = f"{lower.normalize():f}~{value.normalize():f} {shown_unit}"
            lower = in_base_unit(lower, unit)[0]
        found.append(Commitment(text[start:m_end].strip(), context, op, base_value, base_unit, shown, words, period,
                                lower))
    if "前" in scanned:
        found += _deadlines(text, scanned, year)
    return tuple(found)


def _about(text: str, before: str, after: str, clause_start: int) -> str:
    """What a commitment is about: the words of its clause before and after it, but not the other items of a list
    ("665台设备、1200台终端") nor the words of a total, a frequency or a comparison; and where the clause has no
    words of its own ("开展监测，每月1次"), the clause before."""
    if "、" in before:
        before = before[before.rfind("、") + 1 :]
    if "、" in after:
        after = after[: after.find("、")]
    context = before + after
    if "每" in context:
        context = _FREQUENCY.sub("", context)
    context = _OP_WORD_RE.sub("", context)
    if len(context.strip(_FILLER_CHARS)) < 2 and clause_start:
        context = text[_clause(text, clause_start - 1)[0] : clause_start - 1] + context
    return context


def _times_a_year(frequency: re.Match[str]) -> Decimal:
    """"每月" 12, "每两周" 26, "每3个月" 4."""
    times = Decimal(PERIODS_PER_YEAR[frequency.group("period")])
    every = frequency.group("every")
    if every:
        number = Decimal(every) if every[0] in _DIGITS else _chinese_value(every)
        if number:
            times /= number
    return times


def _clause(text: str, start: int) -> tuple[int, int]:
    """Where the clause around a position starts and ends: found from the position, which is quicker than
    splitting a long goal into clauses."""
    before = _CLAUSE_BEFORE.match(text, 0, start)
    after = _CLAUSE_SPLIT.search(text, start)
    return before.end() if before else 0, after.start() if after else len(text)


def _deadlines(text: str, scanned: str, year: int | None) -> Iterator[Commitment]:
    for m in _DEADLINE_WORDS.finditer(scanned):
        words = m.group()
        target = parse_target(words, year)
        if target.date is None or (year is not None and target.date.year < year):
            continue  # no year to resolve it against; or history ("前期工作已于2022年12月前完成")
        clause_start, clause_end = _clause(text, m.start())
        context = text[clause_start : m.start()] + text[m.end() : clause_end]
        yield Commitment(words, context, "<=", Decimal(target.date.toordinal()), DATE_UNIT, format_target(target))


def _blank(quoted: re.Match[str]) -> str:
    return "\u3000" * len(quoted.group())


@lru_cache(maxsize=1 << 14)
def _features(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The characters and the character pairs of a name or clause (names repeat across forms: computed once)."""
    return frozenset(text), frozenset(map(add, text, text[1:]))


@lru_cache(maxsize=1 << 15)
def similarity(name: str, context: str) -> float:
    """How much an indicator name and a goal clause speak of the same thing, 0..1 (characters and bigrams).

    Memoised: names repeat across forms and so do the clauses goals are made of (a clause without its number), so
    most pairs have been scored before (five in six in the benchmark's forms)."""
    return _similarity(*_features(name), *_features(context))


def _similarity(name_chars: frozenset[str], name_pairs: frozenset[str], context_chars: frozenset[str],
                context_pairs: frozenset[str]) -> float:
    if not name_chars or not context_chars:
        return 0.0
    chars = len(name_chars & context_chars) / min(len(name_chars), len(context_chars))
    if not name_pairs or not context_pairs:
        return chars / 2
    return (chars + len(name_pairs & context_pairs) / min(len(name_pairs), len(context_pairs))) / 2


_MATCH_THRESHOLD = 0.4
# A value this large (or a date) in a comparable unit is evidence that a goal and an indicator speak of the same
# thing; 100% or "2次" coincide too often to say so.
_DISTINCTIVE = 10
_PEOPLE = {"名": "人", "位": "人"}  # the same unit for that: "1.2万名学生" and 受助学生人数 ">=12000人"
# Globals are looked up faster than enum members.
_QUANTITATIVE, _RANGE, _DEADLINE_TARGET = Kind.QUANTITATIVE, Kind.RANGE, Kind.DEADLINE


class Match(NamedTuple):
    source: str  # "annual_goal" or "overall_goal"
    commitment: Commitment
    index: int | None  # the indicator it concerns, or None


def goal_matches(form: Form) -> list[Match]:
    """Each distinct commitment of the goals with the indicator it concerns; computed once per form."""
    matches: list[Match] | None = form.memo.get("goal_matches")
    if matches is not None:
        return matches
    # The indicators a commitment may concern, grouped by unit: whether units compare is then asked once per unit.
    candidates: dict[str | None, list[tuple[int, str, str]]] = {}
    deadlines: list[tuple[int, str, str]] = []  # compared only with the goals' deadlines
    for index, indicator, target in form.rows:
        kind = target.kind
        if (kind is _QUANTITATIVE or kind is _RANGE) and target.value is not None:
            candidates.setdefault(target.unit, []).append((index, indicator.name, indicator.target))
        elif kind is _DEADLINE_TARGET and target.date is not None:
            deadlines.append((index, indicator.name, indicator.target))
    comparable: dict[str, list[tuple[int, str, str]]] = {}  # a commitment's unit -> the candidates it may concern
    matches = []
    scores: dict[int, float] = {}  # place in matches -> how surely its indicator is the one meant
    seen: set[tuple[Decimal, str, int | str | None]] = set()
    read: set[tuple[Decimal, str, str]] = set()
    doc = form.doc
    for source, goal in (("annual_goal", doc.annual_goal), ("overall_goal", doc.overall_goal)):
        if not goal:
            continue
        for commitment in commitments(goal, doc.year):
            said = (commitment.value, commitment.unit, commitment.phrase)
            if said in read:
                continue  # the same words in both goals
            read.add(said)
            unit = commitment.unit
            group = deadlines if unit == DATE_UNIT else comparable.get(unit)
            if group is None:
                group = comparable[unit] = [c for u, cs in candidates.items() if units_compatible(u, unit) for c in cs]
            if unit == DATE_UNIT:  # a deadline indicator of the goal's very date is the one meant
                best, score = _same_value(commitment, group, form.targets), _EXACT
                if best is None:
                    best, score = _best_match(commitment, group)
            else:
                best, score = _best_match(commitment, group) if group else (None, 0.0)
                if best is None and group and unit != "%" and commitment.value >= _DISTINCTIVE:
                    best = _same_value(commitment, group, form.targets)
            key = (commitment.value, unit, best if best is not None else commitment.phrase)
            if key in seen:
                continue
            seen.add(key)
            if best is not None:
                scores[len(matches)] = score
            matches.append(Match(source, commitment, best))
    if len(scores) > 1:
        _one_commitment_each(matches, scores)
    form.memo["goal_matches"] = matches
    return matches


_EXACT = 2.0  # above any similarity


def _one_commitment_each(matches: list[Match], scores: dict[int, float]) -> None:
    """An indicator measures one thing. Where several commitments of one goal, of other values, found the same
    indicator (a form's milestones, "6月底前完成招标，年底前完成建设", and one 时效 indicator; "建设1个中心、10个站点"
    and 站点建设数量), it measures the one most surely its own (a deadline of its very date, else the most similar;
    of equals, the later in the goal), and the others are unmeasured. The other goal may say otherwise, and is
    compared on its own."""
    by_indicator: dict[tuple[str, int | None], list[int]] = {}
    for place in scores:
        by_indicator.setdefault((matches[place].source, matches[place].index), []).append(place)
    for places in by_indicator.values():
        if len(places) > 1:
            date = matches[max(places, key=lambda place: (scores[place], place))].commitment.value
            for place in places:
                if matches[place].commitment.value != date:
                    matches[place] = matches[place]._replace(index=None)


@lru_cache(maxsize=1 << 14)
def _measures_change(name: str, target: str) -> bool:
    """Whether an indicator measures a change from a baseline, by its name or its target as written."""
    return _CHANGE_NAMES.search(name) is not None or _CHANGE_TARGET.search(target) is not None


def _best_match(commitment: Commitment, candidates: list[tuple[int, str, str]]) -> tuple[int | None, float]:
    """The candidate (index, name, target) whose name is most similar to the commitment's clause, if similar enough
    and if both state a change or both a level, and how similar; of equally similar ones, the last in the form
    (candidates come in any order)."""
    best, score = _most_similar(commitment, candidates, commitment.context)
    if best is None and ("累" in commitment.context or "计" in commitment.context):
        # "两年累计救助1200人次" is about 救助 where no indicator counts a total (累计建成示范村数量)
        best, score = _most_similar(commitment, candidates, _TOTAL_WORDS.sub("", commitment.context))
    return best, score


def _most_similar(commitment: Commitment, candidates: list[tuple[int, str, str]],
                  context: str) -> tuple[int | None, float]:
    best, best_score = None, _MATCH_THRESHOLD
    change, each = commitment.change != "", commitment.per[:1] == "每"
    for index, name, target in candidates:
        score = similarity(name, context)
        if (score > best_score or (score == best_score and (best is None or index > best))) and \
                _measures_change(name, target) is change and (not each or _for_each(name, commitment.per)):
            best, best_score = index, score  # (the last two asked last: few candidates are similar enough)
    return best, best_score


def _for_each(name: str, each: str) -> bool:
    """Whether an indicator is named for each of the things a count is for: "每期培训天数" for "每期3-5天"."""
    return each in name.replace("每个", "每")


def _same_value(commitment: Commitment, candidates: list[tuple[int, str, str]], targets: tuple[Target, ...]) -> int | None:
    """The one candidate with the commitment's value in the same unit and direction, when no name is similar
    enough: a goal's "惠及居民不少于1200户" and an indicator's 受益住户数 ``>=1200户`` say the same in other words, and
    so do "年底前完成全部建设任务" and 项目完成时间 ``2023年12月31日前``. Two such candidates, and it is not known
    which."""
    found, direction, change = None, _DIRECTION[commitment.op], commitment.change != ""
    unit = _PEOPLE.get(commitment.unit, commitment.unit)
    for index, name, raw in candidates:
        target = targets[index]
        value, base_unit = _base_value(target, direction)
        if value == commitment.value and _PEOPLE.get(base_unit, base_unit) == unit and \
                direction * _DIRECTION[target.op or "="] >= 0 and _measures_change(name, raw) is change and \
                (commitment.per[:1] != "每" or _for_each(name, commitment.per)):
            if found is not None:
                return None
            found = index
    return found


def _base_value(target: Target, direction: int) -> tuple[Decimal, str]:
    """An indicator's value and unit as commitments carry theirs: in the base unit, a deadline as a day number, and
    of a range ("85%-90%") the bound a commitment in that direction speaks of (≤ the upper, ≥ the lower)."""
    if target.date is not None:
        return Decimal(target.date.toordinal()), DATE_UNIT
    if target.kind is _RANGE and direction < 0:
        return in_base_unit(target.upper, target.unit)
    return in_base_unit(target.value, target.unit)


def _compares(form: Form, match: Match) -> bool:
    """Whether a commitment speaks of the same period as the annual indicators."""
    return match.source == "annual_goal" or not form.multi_year


_DIRECTION = {">=": 1, ">": 1, "reach": 1, "<=": -1, "<": -1, "=": 0}
# Periods that months and years do not hold a whole number of: a count per week or per day made a year's is about
# it, and agrees with others to within a tenth ("每周1次", 52 a year, is an indicator's ">=4次/月", 48).
_INEXACT_PERIODS = frozenset({"周", "星期", "天", "日", "工作日"})
_A_TENTH = Decimal("0.1")


def _within(commitment: Commitment, target: Target, direction: int) -> bool:
    """Whether an indicator agrees with a range the goal commits to ("保持在90%-95%"): the same range; at least its
    lower bound or at most its upper; or exactly a value within it."""
    assert commitment.lower is not None
    if target.kind is _RANGE:
        return (_base_value(target, 1)[0], _base_value(target, -1)[0]) == (commitment.lower, commitment.value)
    value = _base_value(target, direction)[0]
    if direction:
        return value == (commitment.lower if direction > 0 else commitment.value)
    return commitment.lower <= value <= commitment.value


def _same(value: Decimal, commitment: Commitment, target: Target) -> bool:
    """Whether an indicator's value is the commitment's."""
    if value == commitment.value:
        return True
    unit = target.unit or ""
    if commitment.unit in EVENT_UNITS and (commitment.per in _INEXACT_PERIODS or
                                           ("/" in unit and unit.rsplit("/", 1)[1] in _INEXACT_PERIODS)):
        return abs(value - commitment.value) <= max(value, commitment.value) * _A_TENTH
    return False


@rule("goal-indicator-consistency", Severity.WARNING, "目标与指标一致",
      "RULES.md §3 第2条（细化量化、相应匹配）、§4 检查18; S3 [R]")
def goal_indicator_consistency(form: Form) -> Iterator[Hit]:
    for match in goal_matches(form):
        if match.index is None or not _compares(form, match):
            continue
        commitment = match.commitment
        indicator, target = form.doc.indicators[match.index], form.targets[match.index]
        c_dir, i_dir = _DIRECTION[commitment.op], _DIRECTION[target.op or "="]
        value = _base_value(target, c_dir)[0]
        goal_name = "年度总目标" if match.source == "annual_goal" else "项目总目标"
        said = f"{goal_name}写“{commitment.phrase}”（{commitment.shown}）"
        where = f"indicators[{match.index}].target"
        if commitment.lower is not None:  # a range
            if not _within(commitment, target, i_dir):
                yield Hit(where, f"{said}，{label(match.index, indicator)}却是“{format_target(target)}”，与目标的承诺不一致",
                          "请统一目标与指标的数值：改正指标值，或修改目标中的表述。")
        elif c_dir and i_dir and c_dir != i_dir:
            yield Hit(where, f"{said}，{label(match.index, indicator)}却是“{indicator.target}”，方向相反",
                      "目标与指标的方向应一致：目标要求不少于，指标就不应设为不超过，反之亦然。")
        elif not _same(value, commitment, target):
            looser = (c_dir >= 0 and value < commitment.value) or (c_dir < 0 and value > commitment.value)
            if not looser and commitment.unit == DATE_UNIT:
                continue  # done before the goal's deadline ("年底前" and an indicator's 10月31日前) meets it
            relation = ("低于目标的承诺" if c_dir >= 0 else "比目标的承诺宽松") if looser else "与目标的承诺不一致（指标更严）"
            yield Hit(where, f"{said}，{label(match.index, indicator)}却是“{format_target(target)}”，{relation}",
                      "请统一目标与指标的数值：改正指标值，或修改目标中的表述。")
        elif commitment.op in (">=", ">", "<=", "<") and target.op == "=":
            yield Hit(where, f"{said}，{label(match.index, indicator)}写作“{indicator.target}”（恰好等于）",
                      "目标写“至少/不超过”，指标写“=”；含义基本一致，可统一为“>=”或“<=”。", Severity.INFO)


@rule("goal-unmeasured", Severity.INFO, "目标中的承诺有指标衡量", "RULES.md §4 检查18（相关性）; S3 [R]")
def goal_unmeasured(form: Form) -> Iterator[Hit]:
    for match in goal_matches(form):
        # RULES.md §4 check 18 asks it of the annual goal; a longer project's totals are not the annual table's
        if match.index is None and _compares(form, match):
            goal_name = "年度总目标" if match.source == "annual_goal" else "项目总目标"
            yield Hit(match.source, f"{goal_name}中的“{match.commitment.phrase}”（{match.commitment.shown}）没有对应的绩效指标",
                      "目标中量化的承诺应有绩效指标衡量；请补充指标，或在目标中删去无法衡量的表述。")


@rule("annual-exceeds-overall", Severity.WARNING, "年度指标不超过总目标", "RULES.md §4 检查17 [D]")
def annual_exceeds_overall(form: Form) -> Iterator[Hit]:
    if not form.multi_year:
        return
    for match in goal_matches(form):
        commitment = match.commitment
        if match.source != "overall_goal" or match.index is None or commitment.op not in ("=", ">=", "reach"):
            continue
        target: Target = form.targets[match.index]
        value, unit = _base_value(target, 1)
        if commitment.per or "/" in commitment.unit or "/" in unit:
            continue  # a rate, or a count per period or a year's, is not the project period's total
        if value > commitment.value and commitment.unit not in ("%", "秒"):
            indicator = form.doc.indicators[match.index]
            yield Hit(f"indicators[{match.index}].target",
                      f"{label(match.index, indicator)}的年度值 {format_target(target)} 超过项目总目标中整个项目期的"
                      f"“{match.commitment.phrase}”",
                      "年度累计数量不应超过全周期的数量；请核对年度指标值或项目总目标。")
