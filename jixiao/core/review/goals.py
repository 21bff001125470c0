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
from itertools import combinations
from operator import add
from typing import NamedTuple

from ..targets import (
    CHANGE_PREFIXES,
    CHANGE_VERBS,
    EVENT_UNITS,
    Kind,
    Target,
    base_unit,
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
_NEAR = 0.1  # names this much less similar than the most similar are as likely meant
# A value this large (or a date) in a comparable unit is evidence that a goal and an indicator speak of the same
# thing; 100% or "2次" coincide too often to say so.
_DISTINCTIVE = 10
# A time limit is such evidence at any size: a form rarely sets two limits of "1个月内".
_TIME_LIMIT_UNITS = frozenset({"秒", "个月", "个工作日"})
_PEOPLE = {"名": "人", "位": "人"}  # the same unit for that: "1.2万名学生" and 受助学生人数 ">=12000人"
_EXACT = 2.0  # how surely a deadline indicator of the goal's very date is the one meant: above any similarity
# A deadline is compared only with the few indicators of a deadline, so less likeness of words is enough.
_DEADLINE_THRESHOLD = 0.3
_GOAL_NAMES = {"annual_goal": "年度总目标", "overall_goal": "项目总目标"}
# Shares and durations do not add up over a project's years.
_NOT_ADDITIVE = frozenset({"%", "秒"})
# Globals are looked up faster than enum members (this runs for every indicator of every form).
_QUANTITATIVE, _RANGE, _DEADLINE = Kind.QUANTITATIVE, Kind.RANGE, Kind.DEADLINE

Candidate = tuple[int, str, str]  # an indicator a commitment may concern: (index, name, target as written)


class Match(NamedTuple):
    source: str  # "annual_goal" or "overall_goal"
    commitment: Commitment
    index: int | None  # the indicator it concerns, or None
    parts: tuple[int, ...] = ()  # or the indicators that measure it together, their values adding up to its


def goal_matches(form: Form) -> list[Match]:
    """Each distinct commitment of the goals with the indicator it concerns; computed once per form."""
    matches: list[Match] | None = form.memo.get("goal_matches")
    if matches is not None:
        return matches
    by_unit, deadlines = _candidates(form)
    targets = _compared_targets(form)
    comparable: dict[str, list[Candidate]] = {}  # a commitment's unit -> the candidates it may concern
    matches = []
    scores: dict[int, float] = {}  # place in matches -> how surely its indicator is the one meant
    phrases_read: set[tuple[Decimal, str, str]] = set()
    matched: set[tuple[Decimal, str, int | str]] = set()
    doc = form.doc
    for source, goal in (("annual_goal", doc.annual_goal), ("overall_goal", doc.overall_goal)):
        if not goal:
            continue
        for commitment in commitments(goal, doc.year):
            unit = commitment.unit
            said = (commitment.value, unit, commitment.phrase)
            if said in phrases_read:
                continue  # the same words in both goals
            phrases_read.add(said)
            group = deadlines if unit == DATE_UNIT else comparable.get(unit)
            if group is None:
                group = comparable[unit] = [c for u, cs in by_unit.items() if units_compatible(u, unit) for c in cs]
            if commitment.per_head:  # "亩均投入1500元" is measured in 元 or in 元/亩
                per_head = base_unit(f"{unit}/{commitment.per_head}")
                group = group + [c for u, cs in by_unit.items() if u and "/" in u and base_unit(u) == per_head for c in cs]
            elif commitment.period and unit in EVENT_UNITS:  # "区级河长每季度巡河不少于1次": 4 次 for each 河长
                per_person = f"{unit}/人"
                group = group + [c for u, cs in by_unit.items() if u and "/" in u and base_unit(u) == per_person
                                 for c in cs]
            best, score = _indicator_for(commitment, group, targets)
            if best is None and unit == "元" and not commitment.change:
                best, score = _standard_of_the_same_amount(commitment, by_unit, targets), _MATCH_THRESHOLD
            if (best is None or _base_value(targets[best], 1)[0] != commitment.value) and \
                    (parts := (len(group) > 1 and _adds_up(commitment) and _parts(commitment, group, targets)) or
                     (best is None and _quoting(commitment, form, best))):
                matches.append(Match(source, commitment, None, parts))
                continue
            key = (commitment.value, unit, best if best is not None else commitment.phrase)
            if key in matched:
                continue  # another wording of a commitment already matched
            matched.add(key)
            if best is not None:
                scores[len(matches)] = score
            matches.append(Match(source, commitment, best))
    if len(scores) > 1:
        _one_commitment_each(matches, scores, form)
    _counted_together(matches, form)
    form.memo["goal_matches"] = matches
    return matches


def _quoting(commitment: Commitment, form: Form, best: int | None) -> tuple[int, ...]:
    """Indicators whose names quote a time limit or amount the goal sets, measuring how often it is met: "5分钟内到达
    现场" and 5分钟到达现场率 ``>=90%``; none where an indicator of the same unit was found."""
    written = commitment.written
    if best is not None or not written or not written[0].isdecimal() or commitment.unit == DATE_UNIT or \
            written not in _names(form):
        return ()
    return tuple(index for index, indicator in enumerate(form.doc.indicators)
                 if (at := indicator.name.find(written)) >= 0 and not indicator.name[at - 1 : at].isdecimal())


def _names(form: Form) -> str:
    """The indicators' names in one string, to ask once whether any of them holds some words."""
    names: str | None = form.memo.get("names")
    if names is None:
        names = form.memo["names"] = "\n".join(indicator.name for indicator in form.doc.indicators)
    return names


# How similar the name of an indicator measuring part of a commitment is to it: "培训农民500人次" and 线上培训人次.
_PART_THRESHOLD = 0.3
_ADDING_UP = frozenset({"=", ">=", "reach"})


def _parts(commitment: Commitment, group: list[Candidate], targets: tuple[Target, ...]) -> tuple[int, ...]:
    """Two or three indicators that measure a total together, their values adding up to it: "新建和改造公厕30座" and
    新建公厕数量 ``=10座``, 改造公厕数量 ``=20座``; none where it is not a total."""
    if commitment.unit == DATE_UNIT or commitment.change:  # (and _adds_up, asked first)
        return ()
    unit = _PEOPLE.get(commitment.unit, commitment.unit)
    values = []
    for index, name, raw in group:
        target = targets[index]
        value, target_unit = _base_value(target, 1)
        if target.op in _ADDING_UP and _PEOPLE.get(target_unit, target_unit) == unit and \
                0 < value < commitment.value and similarity(name, commitment.context) >= _PART_THRESHOLD and \
                _same_kind(commitment, name, raw):
            values.append((index, value))
    for size in (2, 3):
        for combination in combinations(values[:12], size):
            if sum(value for _, value in combination) == commitment.value:
                return tuple(sorted(index for index, _ in combination))
    return ()


def _compared_targets(form: Form) -> tuple[Target, ...]:
    """The indicators' targets as goals are compared with them: a count whose name gives its period is a count per
    that period ("护林员每日巡山次数" ``>=1次`` is ``>=1次/天``, 365 a year, as a goal's "每日巡山不少于1次"), and a
    duration or amount named for one occasion, thing or person is per that (单次上门服务时长 ``>=1小时`` is
    ``>=1小时/次``, 单个企业补助上限 ``<=50万元`` is ``<=50万元/个``)."""
    compared: tuple[Target, ...] | None = form.memo.get("compared_targets")
    if compared is None:
        compared = form.targets
        for index, (indicator, target) in enumerate(zip(form.doc.indicators, form.targets, strict=True)):
            unit, name = target.unit, indicator.name
            if unit and (unit in EVENT_UNITS or ("/" not in unit and ("每" in name or "单" in name or "均" in name))):
                unit = _unit_as_named(name, unit)  # (most names qualify nothing: asked only where one may)
            if unit != target.unit:
                changed = list(compared)  # most forms have none: their targets are compared as they are
                changed[index] = target._replace(unit=unit)
                compared = tuple(changed)
        form.memo["compared_targets"] = compared
    return compared


@lru_cache(maxsize=1 << 14)
def _unit_as_named(name: str, unit: str) -> str:
    """An indicator's unit as its name qualifies it (see _compared_targets)."""
    person = "人" if _PER_PERSON.search(name) else ""
    if unit in EVENT_UNITS and (period := _named_period(name)):
        return f"{unit}/{person}·{period}" if person else f"{unit}/{period}"  # 每生每月送教次数: 次/人·月
    if "/" not in unit and (per := _PER_ONE.search(name)) and (base := base_unit(unit)) in ("秒", "元"):
        if base == "元" or _PER_ONE_UNIT[per.group()] in "次场":
            # 单次上门服务时长 ``>=1小时``: "每次不少于1小时" (not 每人每月上岗天数, a count of days each)
            return f"{unit}/{_PER_ONE_UNIT[per.group()]}"
        if person and unit in ("小时", "分钟") and (period := _named_period(name)):
            return f"{unit}/人·{period}"  # 人均每月服务时长 ``>=10小时``: "每人每月服务时长不少于10小时"
    return unit


_PER_ONE_UNIT = {"单次": "次", "每次": "次", "单场": "场", "每场": "场", "单个": "个", "每个": "个", "每人": "人", "人均": "人",
                 "每生": "人", "生均": "人", "每户": "户", "户均": "户"}
_PER_ONE = re.compile("|".join(_PER_ONE_UNIT))
_PER_PERSON = re.compile("每人|人均|每生|生均|每名")


@lru_cache(maxsize=1 << 14)
def _named_period(name: str) -> str:
    for words, period in _NAMED_PERIODS:
        if words in name:
            return period
    return ""


_NAMED_PERIODS = (("每日", "天"), ("每天", "天"), ("日均", "天"), ("每周", "周"), ("周均", "周"), ("每旬", "旬"),
                  ("每月", "月"), ("月均", "月"), ("每季度", "季度"), ("每季", "季度"), ("每学期", "学期"),
                  ("每半年", "半年"))


def _standard_of_the_same_amount(commitment: Commitment, by_unit: dict[str | None, list[Candidate]],
                                 targets: tuple[Target, ...]) -> int | None:
    """The one indicator of a standard per thing (``<=180元/盏``) of the very amount a goal states without saying
    per what ("路灯单灯维护费用不超过180元"), if there is one."""
    found = None
    for unit, candidates in by_unit.items():
        if unit and "/" in unit and base_unit(unit).startswith("元/"):
            for index, _, _ in candidates:
                if _base_value(targets[index], _DIRECTION[commitment.op])[0] == commitment.value:
                    if found is not None:
                        return None
                    found = index
    return found


def _candidates(form: Form) -> tuple[dict[str | None, list[Candidate]], list[Candidate]]:
    """The indicators with a value, by unit (whether units compare is then asked once per unit), and those with a
    deadline (compared only with the goals' deadlines)."""
    by_unit: dict[str | None, list[Candidate]] = {}
    deadlines: list[Candidate] = []
    for index, (indicator, target) in enumerate(zip(form.doc.indicators, _compared_targets(form), strict=True)):
        kind = target.kind
        if (kind is _QUANTITATIVE or kind is _RANGE) and target.value is not None:
            by_unit.setdefault(target.unit, []).append((index, indicator.name, indicator.target))
        elif kind is _DEADLINE and target.date is not None:
            deadlines.append((index, indicator.name, indicator.target))
    return by_unit, deadlines


def _indicator_for(commitment: Commitment, group: list[Candidate], targets: tuple[Target, ...]) -> tuple[int | None,
                                                                                                           float]:
    """The indicator a commitment concerns among those of a comparable unit, and how surely."""
    if not group:
        return None, 0.0
    if commitment.unit == DATE_UNIT:  # a deadline indicator of the goal's very date is the one meant
        best = _same_value(commitment, group, targets)
        return (best, _EXACT) if best is not None else _best_match(commitment, group)
    best, score = _best_match(commitment, group)
    if best is None and commitment.unit != "%" and (commitment.value >= _DISTINCTIVE or "/" in commitment.unit or (
            commitment.unit in _TIME_LIMIT_UNITS and commitment.op == "<=")):  # (a rate's unit says what it is)
        same = _same_value(commitment, group, targets)
        if same is None and "/" in commitment.unit and len(group) == 1 and \
                _same_kind(commitment, group[0][1], group[0][2]):
            same = group[0][0]  # the form's one standard of that rate: "每生每天5元" and 营养膳食补助标准 ``=4元/生·天``
        return same, _MATCH_THRESHOLD  # weaker than any similar name
    if best is not None and commitment.value >= _DISTINCTIVE and \
            _base_value(targets[best], 1)[1] != commitment.unit:
        # "为65所学校配备保安员320名": 保安员人数 ``=320名`` is the more similar, but 学校数 ``=65所`` has the value in the
        # very unit, which says more than a count word that could mean either
        same_unit = [c for c in group if _base_value(targets[c[0]], 1)[1] == commitment.unit]
        exact = _same_value(commitment, same_unit, targets) if same_unit else None
        if exact is not None:
            return exact, _MATCH_THRESHOLD  # as surely as any value found without a similar name
    if best is not None and _base_value(targets[best], _DIRECTION[commitment.op])[0] != commitment.value:
        # of (nearly) equally similar names, the one of the very value: "每场补助200元" between 公益电影放映补助标准
        # ``=200元/场`` and 送戏下乡演出补助标准 ``=4000元/场``
        scores = {c: similarity(c[1], commitment.context) for c in group}
        near = [c for c, similar in scores.items() if similar >= score - _NEAR]
        exact = _same_value(commitment, near, targets) if len(near) > 1 else None
        if exact is not None:
            return exact, next(similar for c, similar in scores.items() if c[0] == exact)
    return best, score


def _one_commitment_each(matches: list[Match], scores: dict[int, float], form: Form) -> None:
    """An indicator measures one thing. Where several commitments of one goal, of other values, found the same
    indicator (a form's milestones, "6月底前完成招标，年底前完成建设", and one 时效 indicator; "建设1个中心、10个站点"
    and 站点建设数量; "每月开展活动不少于2场，全年不少于4000场" and 活动场次 ``>=4000场``), it measures the one it
    agrees with, else the one most surely its own (a deadline of its very date, else the most similar; of equals,
    the later in the goal); the others are measured by another indicator of their very value if there is one ("资助
    3600人" after "普通高中…资助1580人" took 普通高中国家助学金资助人数), else unmeasured. The other goal may say
    otherwise, and is compared on its own."""
    by_indicator: dict[tuple[str, int | None], list[int]] = {}
    for place in scores:
        by_indicator.setdefault((matches[place].source, matches[place].index), []).append(place)
    for (_, index), places in by_indicator.items():
        if len(places) > 1 and index is not None:
            target, written = _compared_targets(form)[index], form.doc.indicators[index].target
            agreeing = [place for place in places if _disagreement(matches[place].commitment, target, written) is None]
            kept_value = matches[max(agreeing or places, key=lambda place: (scores[place], place))].commitment.value
            for place in places:
                if matches[place].commitment.value != kept_value:
                    matches[place] = matches[place]._replace(index=_second_choice(matches[place].commitment, form,
                                                                                  taken=index))


def _counted_together(matches: list[Match], form: Form) -> None:
    """An indicator may count a commitment together with one or two others of its goal that no indicator measures:
    "养护6个综合公园、14个游园" and 养护公园游园数量 ``=20个`` measure both, with no value to compare."""
    unmatched = [(other, m) for other, m in enumerate(matches) if m.index is None and not m.parts]
    if not unmatched:
        return
    for place, match in enumerate(matches):
        commitment, index = match.commitment, match.index
        if index is None or not _adds_up(commitment):
            continue
        others = [(other, m.commitment.value) for other, m in unmatched if m.source == match.source and
                  m.commitment.unit == commitment.unit and _adds_up(m.commitment)]
        if not others:
            continue
        target = _compared_targets(form)[index]
        wanted = _base_value(target, 1)[0] - commitment.value
        if wanted <= 0 or _disagreement(commitment, target, form.doc.indicators[index].target) is None:
            continue
        together = next((c for size in (1, 2) for c in combinations(others[:12], size)
                         if sum(value for _, value in c) == wanted), None)
        if together is not None:
            matches[place] = Match(match.source, commitment, None, (index,))
            for other, _ in together:
                matches[other] = matches[other]._replace(parts=(index,))


def _adds_up(commitment: Commitment) -> bool:
    return commitment.op in _ADDING_UP and commitment.is_total and commitment.unit not in _NOT_ADDITIVE


def _second_choice(commitment: Commitment, form: Form, taken: int) -> int | None:
    """The one other indicator of a commitment's very value, for a distinctive value (as _indicator_for's last
    resort); for a deadline, else the most similar other deadline."""
    if commitment.value < _DISTINCTIVE and commitment.unit != DATE_UNIT:
        return None
    by_unit, deadlines = _candidates(form)
    group = deadlines if commitment.unit == DATE_UNIT else \
        [c for unit, cs in by_unit.items() if units_compatible(unit, commitment.unit) for c in cs]
    others = [c for c in group if c[0] != taken]
    same = _same_value(commitment, others, _compared_targets(form))
    if same is None and commitment.unit == DATE_UNIT:  # milestones: "10月底前全部竣工，11月30日前完成竣工验收"
        same = _best_match(commitment, others)[0]
    return same


# What says that an indicator's target is a change: "较上年提高5%".
_CHANGE_TARGET = re.compile("|".join((*CHANGE_VERBS, *CHANGE_PREFIXES)))


@lru_cache(maxsize=1 << 14)
def _measures_change(name: str, target: str) -> bool:
    """Whether an indicator measures a change from a baseline, by its name or its target as written."""
    return CHANGE_NAMES.search(name) is not None or _CHANGE_TARGET.search(target) is not None


def _same_kind(commitment: Commitment, name: str, target: str) -> bool:
    """Whether an indicator may measure a commitment at all: both a change or both a level, and, for a count for
    each of several things ("每期3-5天"), an indicator named for each of the same ("每期培训天数") or, for a
    frequency ("对每座设施每月巡检不少于2次"), one given per period (设施巡检频次 ``>=2次/月``)."""
    return _measures_change(name, target) is (commitment.change != "") and (
        not commitment.for_each or commitment.for_each in name.replace("每个", "每") or
        (commitment.period != "" and "/" in target))  # a frequency, "≥2次/月", is for each already


def _best_match(commitment: Commitment, candidates: list[Candidate]) -> tuple[int | None, float]:
    """The candidate whose name is most similar to what the commitment is about, if similar enough and of the same
    kind, and how similar; of equally similar ones, the last in the form (candidates come in any order)."""
    best, score = _most_similar(commitment, candidates, commitment.context)
    if best is None and ("累" in commitment.context or "计" in commitment.context):
        # "两年累计救助1200人次" is about 救助 where no indicator counts a total (累计建成示范村数量)
        best, score = _most_similar(commitment, candidates, TOTAL_WORDS.sub("", commitment.context))
    return best, score


def _most_similar(commitment: Commitment, candidates: list[Candidate], context: str) -> tuple[int | None, float]:
    best, best_score = None, _DEADLINE_THRESHOLD if commitment.unit == DATE_UNIT else _MATCH_THRESHOLD
    for index, name, target in candidates:
        score = similarity(name, context)
        if (score > best_score or (score == best_score and (best is None or index > best))) and \
                _same_kind(commitment, name, target):  # asked last: few candidates are similar enough
            best, best_score = index, score
    return (best, best_score) if best is not None else (None, 0.0)


def _same_value(commitment: Commitment, candidates: list[Candidate], targets: tuple[Target, ...]) -> int | None:
    """The one candidate with the commitment's value in the same unit and direction, when no name is similar
    enough: a goal's "惠及居民不少于1200户" and an indicator's 受益住户数 ``>=1200户`` say the same in other words, and
    so do "年底前完成全部建设任务" and 项目完成时间 ``2023年12月31日前``. Two such candidates, and it is not known
    which."""
    found, direction = None, _DIRECTION[commitment.op]
    unit = _PEOPLE.get(commitment.unit, commitment.unit)
    for index, name, raw in candidates:
        target = targets[index]
        value, base_unit = _base_value(target, direction)
        if value == commitment.value and _PEOPLE.get(base_unit, base_unit) == unit and \
                direction * _DIRECTION[target.op or "="] >= 0 and _same_kind(commitment, name, raw):
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


def _same_period_as_indicators(form: Form, match: Match) -> bool:
    """Whether a commitment speaks of the year the indicators measure: the annual goal's, or a one-year project's."""
    return match.source == "annual_goal" or not form.multi_year


_DIRECTION = {">=": 1, ">": 1, "reach": 1, "<=": -1, "<": -1, "=": 0}
# Periods that months and years do not hold a whole number of: a count per week or per day made a year's is about
# it, and agrees with others to within a tenth ("每周1次", 52 a year, is an indicator's ">=4次/月", 48).
_INEXACT_PERIODS = frozenset({"周", "星期", "天", "日", "工作日"})
_A_TENTH = Decimal("0.1")
_MISMATCH_HINT = "请统一目标与指标的数值：改正指标值，或修改目标中的表述。"


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
    if commitment.unit in EVENT_UNITS and (commitment.period in _INEXACT_PERIODS or
                                           ("/" in unit and unit.rsplit("/", 1)[1] in _INEXACT_PERIODS)):
        return abs(value - commitment.value) <= max(value, commitment.value) * _A_TENTH
    return False


def _disagreement(commitment: Commitment, target: Target, written: str) -> tuple[str, str, Severity | None] | None:
    """How an indicator disagrees with a commitment it measures: what the finding says after naming the indicator,
    its hint and its severity (None: the rule's); None where they agree."""
    c_dir, i_dir = _DIRECTION[commitment.op], _DIRECTION[target.op or "="]
    if commitment.lower is not None:  # a range
        if _within(commitment, target, i_dir):
            return None
        return f"却是“{format_target(target)}”，与目标的承诺不一致", _MISMATCH_HINT, None
    if c_dir and i_dir and c_dir != i_dir:  # quoted as written: the operator is what is wrong
        return (f"却是“{written}”，方向相反", "目标与指标的方向应一致：目标要求不少于，指标就不应设为不超过，反之亦然。",
                None)
    if target.kind is _RANGE and c_dir == 0 and \
            _base_value(target, 1)[0] <= commitment.value <= _base_value(target, -1)[0]:
        return None  # "12万剂次左右" and 11万-13万剂次: within it
    value = _base_value(target, c_dir)[0]
    if not _same(value, commitment, target):
        # (for "=", as for "≥", a lower value falls short and a higher one is stricter)
        looser = (c_dir >= 0 and value < commitment.value) or (c_dir < 0 and value > commitment.value)
        if not looser and commitment.unit == DATE_UNIT:
            return None  # done before the goal's deadline ("年底前" and an indicator's 10月31日前) meets it
        # stricter only where the goal sets a bound: against an exact figure ("每生每天4元") other is just other
        stricter = "（指标更严）" if commitment.op != "=" else ""
        relation = ("低于目标的承诺" if c_dir >= 0 else "比目标的承诺宽松") if looser else f"与目标的承诺不一致{stricter}"
        return f"却是“{format_target(target)}”，{relation}", _MISMATCH_HINT, None
    if commitment.op in (">=", ">", "<=", "<") and target.op == "=":
        return (f"写作“{written}”（恰好等于）", "目标写“至少/不超过”，指标写“=”；含义基本一致，可统一为“>=”或“<=”。",
                Severity.INFO)
    return None


def _over_counted_things(form: Form, commitment: Commitment, target: Target) -> bool:
    """Whether an indicator counts a frequency over things the goals count: "其他177处集中供水工程每季度检测1次" and
    检测次数 ``>=708次`` (177 × 4), the 177 written before the frequency or in the other goal."""
    if not commitment.period or commitment.unit not in EVENT_UNITS or not commitment.value:
        return False
    times = _base_value(target, 1)[0] / commitment.value
    return times > 1 and times == times.to_integral_value() and times in _counts_in_goals(form)


def _counts_in_goals(form: Form) -> frozenset[Decimal]:
    counts: frozenset[Decimal] | None = form.memo.get("counts_in_goals")
    if counts is None:
        goals = f"{form.doc.overall_goal or ''}{form.doc.annual_goal or ''}"
        counts = form.memo["counts_in_goals"] = frozenset(Decimal(n) for n in _THING_COUNT.findall(goals))
    return counts


_THING_COUNT = re.compile(r"(\d+)\s*(?:个(?!月|工作日|百分点)|处|座|所|家|台|条|户|名|人|辆|站|村|校|盏|块|套|间)")


@rule("goal-indicator-consistency", Severity.WARNING, "目标与指标一致",
      "RULES.md §3 第2条（细化量化、相应匹配）、§4 检查18; S3 [R]")
def goal_indicator_consistency(form: Form) -> Iterator[Hit]:
    for match in goal_matches(form):
        if match.index is None or not _same_period_as_indicators(form, match):
            continue
        commitment, indicator = match.commitment, form.doc.indicators[match.index]
        target = _compared_targets(form)[match.index]
        disagreement = _disagreement(commitment, target, indicator.target)
        if disagreement is not None and not _over_counted_things(form, commitment, target):
            said, hint, severity = disagreement
            yield Hit(f"indicators[{match.index}].target",
                      f"{_GOAL_NAMES[match.source]}写“{commitment.phrase}”（{commitment.shown}），"
                      f"{label(match.index, indicator)}{said}", hint, severity)


@rule("goal-unmeasured", Severity.INFO, "目标中的承诺有指标衡量", "RULES.md §4 检查18（相关性）; S3 [R]")
def goal_unmeasured(form: Form) -> Iterator[Hit]:
    for match in goal_matches(form):
        # RULES.md §4 check 18 asks it of the annual goal; a longer project's totals are not the annual table's
        if match.index is None and not match.parts and _same_period_as_indicators(form, match):
            commitment = match.commitment
            yield Hit(match.source,
                      f"{_GOAL_NAMES[match.source]}中的“{commitment.phrase}”（{commitment.shown}）没有对应的绩效指标",
                      "目标中量化的承诺应有绩效指标衡量；请补充指标，或在目标中删去无法衡量的表述。")


@rule("annual-exceeds-overall", Severity.WARNING, "年度指标不超过总目标", "RULES.md §4 检查17 [D]")
def annual_exceeds_overall(form: Form) -> Iterator[Hit]:
    if not form.multi_year:
        return
    for match in goal_matches(form):
        commitment = match.commitment
        if match.source != "overall_goal" or match.index is None or commitment.op not in ("=", ">=", "reach") or \
                not commitment.is_total or commitment.unit in _NOT_ADDITIVE:
            continue
        target = _compared_targets(form)[match.index]
        value, unit = _base_value(target, 1)
        if "/" not in unit and value > commitment.value:  # (an annual rate is no total either)
            indicator = form.doc.indicators[match.index]
            yield Hit(f"indicators[{match.index}].target",
                      f"{label(match.index, indicator)}的年度值 {format_target(target)} 超过项目总目标中整个项目期的"
                      f"“{commitment.phrase}”",
                      "年度累计数量不应超过全周期的数量；请核对年度指标值或项目总目标。")
