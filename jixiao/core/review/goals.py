"""Goal ↔ indicator consistency: the quantified commitments in 项目总目标 and 年度总目标 against the indicators.

A goal says "至少每半个月全面分析1次办事指南维护情况"; an indicator says 办事指南及网办能力质检分析次数 ``>=18次``.
commitments.py reads each commitment (operator, number, unit; frequencies turned into yearly counts; 半小时 as 0.5
小时); here we find the indicator it concerns by name similarity among those with a comparable unit, and report
contradictions in value, direction or operator, and commitments no indicator measures. Pairs that agree say nothing.
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
    Kind,
    Target,
    format_target,
    in_base_unit,
    units_compatible,
)
from .commitments import CHANGE_NAMES, DATE_UNIT, TOTAL_WORDS, Commitment, commitments
from .engine import Form, Hit, Severity, label, rule


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


# What says that an indicator's target is a change: "较上年提高5%".
_CHANGE_TARGET = re.compile("|".join((*CHANGE_VERBS, *CHANGE_PREFIXES)))


@lru_cache(maxsize=1 << 14)
def _measures_change(name: str, target: str) -> bool:
    """Whether an indicator measures a change from a baseline, by its name or its target as written."""
    return CHANGE_NAMES.search(name) is not None or _CHANGE_TARGET.search(target) is not None


def _best_match(commitment: Commitment, candidates: list[tuple[int, str, str]]) -> tuple[int | None, float]:
    """The candidate (index, name, target) whose name is most similar to the commitment's clause, if similar enough
    and if both state a change or both a level, and how similar; of equally similar ones, the last in the form
    (candidates come in any order)."""
    best, score = _most_similar(commitment, candidates, commitment.context)
    if best is None and ("累" in commitment.context or "计" in commitment.context):
        # "两年累计救助1200人次" is about 救助 where no indicator counts a total (累计建成示范村数量)
        best, score = _most_similar(commitment, candidates, TOTAL_WORDS.sub("", commitment.context))
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
