"""Year-end self-evaluation (单位自评): scores, total, grade, and the audit of tables filled by hand.

The rules are RULES.md section 6. Everything RULES.md calls configurable (weights, strategies, thresholds, bands)
lives in one ``EvaluationProfile``; every score carries a Chinese explanation a person can check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from .documents import Budget, EvaluatedIndicator, SelfEvaluation
from .enums import Level1
from .numbers import json_number
from .review.engine import Finding, Severity
from .targets import Kind, Target, in_base_unit, parse_target, units_compatible

ZERO, ONE, HUNDRED = Decimal(0), Decimal(1), Decimal(100)
CENT = Decimal("0.01")
NIL = Decimal("0.00")  # a score of nothing, written like every other score


def money(value: Decimal) -> Decimal:
    """Scores and rates are kept to two decimals, rounded half up (RULES.md §6.3: round(…, 2))."""
    return value.quantize(CENT, ROUND_HALF_UP)  # positional: a keyword costs more than the rounding itself


@dataclass(frozen=True)
class EvaluationProfile:
    """Every configurable number and strategy of scoring and monitoring, in one place."""

    name: str = "national"
    #: 一级 weights (RULES.md §6.1); without a satisfaction indicator its points go to 效益.
    level1_weights: tuple[tuple[Level1, Decimal], ...] = (
        (Level1.OUTPUT, Decimal(50)), (Level1.BENEFIT, Decimal(30)), (Level1.SATISFACTION, Decimal(10)))
    budget_weight: Decimal = Decimal(10)
    #: "ratio": weight × min(rate, 1) (§6.2). "banded": full marks at ≥ 90%, then weight × rate (a local variant).
    budget_strategy: str = "ratio"
    #: 反向 indicators: "ratio" (A, default) or "linear" (B) (§6.3, §8 Q2).
    reverse_strategy: str = "ratio"
    #: Deadlines missed: "all_or_nothing" or "per_day" (deduct ``late_day_share`` of the weight a day) (§8 Q4).
    deadline_strategy: str = "all_or_nothing"
    late_day_share: Decimal = Decimal("0.05")
    #: Over-achievement beyond θ needs a written reason (§6.3; not national).
    over_achievement: Decimal = Decimal("0.2")
    #: Qualitative bands (§6.4): lower bounds of 达成 and 部分达成 as shares of the weight, and pre-fill scores.
    band_floors: tuple[Decimal, Decimal] = (Decimal("0.8"), Decimal("0.6"))
    band_prefill: tuple[tuple[str, Decimal], ...] = (("达成", ONE), ("部分达成", Decimal("0.7")), ("未达成", Decimal("0.3")))
    #: Monitoring lights (§5): budget lag in points, indicator forecast share.
    lag_yellow: Decimal = Decimal(10)
    lag_red: Decimal = Decimal(25)
    forecast_yellow: Decimal = Decimal("0.9")
    #: Grades (§6.5): lower bounds of 优, 良, 中.
    grade_floors: tuple[tuple[str, Decimal], ...] = (("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)))


DEFAULT_EVALUATION = EvaluationProfile()
EVALUATION_PROFILES = {
    "national": DEFAULT_EVALUATION,
    "national-linear": EvaluationProfile(name="national-linear", reverse_strategy="linear"),
    "budget-20": EvaluationProfile(
        name="budget-20", budget_weight=Decimal(20),
        level1_weights=((Level1.OUTPUT, Decimal(40)), (Level1.BENEFIT, Decimal(30)), (Level1.SATISFACTION, Decimal(10)))),
}


class ScoringInputError(ValueError):
    """A self-evaluation that cannot be scored; ``problems`` are (field path, Chinese message)."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{path}: {message}" for path, message in problems))


class Score(NamedTuple):
    """One indicator's score; a named tuple because a bureau scores hundreds of thousands of rows."""

    value: Decimal
    explain: Callable[[], str]  # formatted only when read: a bureau scores many tables and reads few
    band: str | None = None  # the qualitative band the score lies in

    @property
    def explanation(self) -> str:
        return self.explain()


@dataclass
class Result:
    indicators: list[tuple[EvaluatedIndicator, Score | None]]  # None: not applicable
    budget_rate: Decimal | None
    budget: Score
    total: Decimal
    grade: str
    findings: list[Finding] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "indicators": [{"name": ind.name, "score": json_number(s.value) if s else None,
                            "explanation": s.explanation if s else "不适用，已从总分中剔除并按比例折算"}
                           for ind, s in self.indicators],
            "budget": {"rate": json_number(self.budget_rate), "score": json_number(self.budget.value),
                       "explanation": self.budget.explanation},
            "total": json_number(self.total),
            "grade": self.grade,
            "findings": [f.to_json() for f in self.findings],
        }




def _fmt(value: Decimal) -> str:
    return f"{money(value):f}"


# --------------------------------------------------------------------------------------------------------------
# Scoring


def score(evaluation: SelfEvaluation, profile: EvaluationProfile = DEFAULT_EVALUATION) -> Result:
    """Score a self-evaluation: raises ScoringInputError when an input needed for a score is missing or wrong."""
    year = evaluation.year
    parsed = [(parse_target(ind.target, year), None if ind.actual is None else parse_target(ind.actual, year))
              for ind in evaluation.indicators]
    _check_inputs(evaluation, parsed)
    findings: list[Finding] = []
    scored: list[tuple[EvaluatedIndicator, Score | None]] = []
    for index, (indicator, (target, actual)) in enumerate(zip(evaluation.indicators, parsed, strict=True)):
        if not indicator.applicable:
            scored.append((indicator, None))
            continue
        scored.append((indicator, _score_indicator(indicator, target, actual, profile, findings, index)))
    rate, budget = _score_budget(evaluation.budget, profile, findings)
    raw = budget.value + sum((s.value for _, s in scored if s is not None), ZERO)
    # Indicators marked not applicable leave the total; what remains is scaled back to 100 (RULES.md §6.3, L2).
    dropped = sum((ind.weight or ZERO for ind, s in scored if s is None), ZERO)
    total = money(raw * HUNDRED / (HUNDRED - dropped)) if ZERO < dropped < HUNDRED else money(raw)
    result = Result(scored, rate, budget, total, grade_of(total, profile), findings)
    findings += audit(evaluation, result, profile)
    return result


def grade_of(total: Decimal, profile: EvaluationProfile = DEFAULT_EVALUATION) -> str:
    for grade, floor in profile.grade_floors:
        if total >= floor:
            return grade
    return "差"


def _check_inputs(evaluation: SelfEvaluation, parsed: list[tuple[Target, Target | None]]) -> None:
    problems = []
    for index, (indicator, (target, actual)) in enumerate(zip(evaluation.indicators, parsed, strict=True)):
        if not indicator.applicable:
            continue
        if indicator.weight is None:
            problems.append((f"indicators[{index}].weight", f"第{index + 1}个指标“{indicator.name}”缺少分值"))
        kind = target.kind
        if (kind is _QUANTITATIVE or kind is _RANGE) and actual is not None and actual.kind is not _QUANTITATIVE:
            problems.append((f"indicators[{index}].actual", f"第{index + 1}个指标“{indicator.name}”是定量指标，"
                                                            f"实际完成值应为数字（填写的是“{indicator.actual}”）"))
        elif (kind is _QUANTITATIVE or kind is _RANGE) and actual is not None and \
                not units_compatible(actual.unit, target.unit):
            problems.append((f"indicators[{index}].actual", f"第{index + 1}个指标“{indicator.name}”实际完成值的单位"
                                                            f"“{actual.unit}”与指标值的单位“{target.unit}”不同，无法比较"))
        elif kind is _PLACEHOLDER:
            problems.append((f"indicators[{index}].target", f"第{index + 1}个指标“{indicator.name}”的年度指标值"
                                                            f"“{indicator.target}”未填写，无法评分"))
    budget = evaluation.budget
    if budget.full_year is None or budget.executed is None:
        problems.append(("budget", "缺少全年预算数或全年执行数，无法计算预算执行率"))
    if problems:
        raise ScoringInputError(problems)


def _budget_weight(budget: Budget, profile: EvaluationProfile) -> Decimal:
    return budget.weight if budget.weight is not None else profile.budget_weight


def _score_budget(budget: Budget, profile: EvaluationProfile, findings: list[Finding]
                  ) -> tuple[Decimal | None, Score]:
    weight = _budget_weight(budget, profile)
    if not budget.full_year:
        findings.append(Finding("budget-not-computable", Severity.WARNING, "budget.full_year",
                                "全年预算数为 0，预算执行率无法计算，执行率得 0 分", "请核对全年预算数。"))
        return None, Score(NIL, lambda: "全年预算数为 0，无法计算执行率")
    rate = budget.executed / budget.full_year
    percent = money(rate * HUNDRED)
    if rate > ONE:
        findings.append(Finding("budget-over-executed", Severity.WARNING, "budget.executed",
                                f"全年执行数超过全年预算数（执行率 {percent}%）", "执行率按 100% 计分；请核实是否超预算支出。"))
    capped = min(rate, ONE)
    if profile.budget_strategy == "banded" and capped >= Decimal("0.9"):
        return percent, Score(money(weight), lambda: f"执行率 {percent}% ≥ 90%，得满分 {_fmt(weight)}")
    value = money(weight * capped)
    return percent, Score(
        value, lambda: f"执行率 = {_fmt(budget.executed)} ÷ {_fmt(budget.full_year)} = {percent}%；"
                       f"得分 = {_fmt(weight)} × {'100%' if rate > ONE else f'{percent}%'} = {_fmt(value)}")


def _score_indicator(indicator: EvaluatedIndicator, target: Target, actual: Target | None,
                     profile: EvaluationProfile, findings: list[Finding], index: int) -> Score:
    weight = indicator.weight
    kind = target.kind
    if kind is _QUALITATIVE or kind is _PLACEHOLDER:
        return _score_qualitative(indicator, weight, profile, findings, f"indicators[{index}]", index)
    if actual is None:
        findings.append(Finding("actual-missing", Severity.WARNING, f"indicators[{index}].actual",
                                f"第{index + 1}个指标“{indicator.name}”未填写实际完成值，得 0 分",
                                "请填写实际完成值。"))
        return Score(NIL, lambda: "未填写实际完成值，得 0 分")
    if kind is _DEADLINE:
        return _score_deadline(indicator, target, actual, weight, profile)
    t_value = target.value
    a_value = actual.value if actual.unit is None or actual.unit == target.unit else \
        _in_unit(actual.value, actual.unit, target.unit)
    if kind is _RANGE:
        low, high = target.value, target.upper
        if low <= a_value <= high:
            return Score(money(weight),
                         lambda: f"实际 {indicator.actual} 在区间 {target.value}–{target.upper}{target.unit or ''} 内，得满分")
        ratio = (a_value / low) if a_value < low else (high / a_value if a_value else ZERO)
        value = money(weight * ratio)
        return Score(value, lambda: f"实际 {indicator.actual} 在区间外；得分 = {_fmt(weight)} × {_fmt(ratio * HUNDRED)}% = {_fmt(value)}")
    op = target.op or "="
    shown = _Shown(indicator)
    if op in ("<=", "<") or (op == "=" and t_value == 0):
        return _score_reverse(indicator, t_value, a_value, weight, profile, shown, op)
    # 正向 and 等值 (t > 0): full marks when reached, else in proportion.
    if t_value <= 0:
        return Score(money(weight) if a_value >= t_value else NIL, lambda: f"{shown}；目标值非正数，按是否达到计分")
    ratio = a_value / t_value
    if ratio >= ONE:
        if ratio - ONE > profile.over_achievement and op in (">=", ">") and not indicator.deviation_note:
            findings.append(Finding(
                "over-achievement", Severity.WARNING, f"indicators[{index}].actual",
                f"第{index + 1}个指标“{indicator.name}”实际完成值超出目标 {_fmt((ratio - ONE) * HUNDRED)}%，未说明原因",
                f"超出 {_fmt(profile.over_achievement * HUNDRED)}% 以上须说明原因；若年初目标明显偏低，评审可酌情扣分。"))
        return Score(money(weight), lambda: f"{shown}；已完成目标，得满分 {_fmt(weight)}")
    value = money(weight * ratio)
    return Score(value, lambda: f"{shown}；得分 = {_fmt(weight)} × {a_value.normalize():f} ÷ {t_value.normalize():f} = {_fmt(value)}")


class _Shown:
    """"目标 …，实际 …", written out only when an explanation is read."""

    __slots__ = ("indicator",)

    def __init__(self, indicator: EvaluatedIndicator) -> None:
        self.indicator = indicator

    def __format__(self, spec: str) -> str:
        return f"目标 {self.indicator.target}，实际 {self.indicator.actual}"


_QUALITATIVE, _PLACEHOLDER, _DEADLINE, _RANGE = Kind.QUALITATIVE, Kind.PLACEHOLDER, Kind.DEADLINE, Kind.RANGE
_JUDGED = (_QUALITATIVE, _PLACEHOLDER)  # scored by an evaluator's band, not from an actual value
_QUANTITATIVE = Kind.QUANTITATIVE
# Enum members as module names: reading Level1.X goes through EnumType.__getattr__ on Python 3.11.
_OUTPUT, _BENEFIT, _SATISFACTION, _COST = Level1.OUTPUT, Level1.BENEFIT, Level1.SATISFACTION, Level1.COST


def _in_unit(value: Decimal, unit: str | None, target_unit: str | None) -> Decimal:
    """An actual value in the target's unit: "90分钟" against "≤2小时" is 1.5."""
    if not unit or not target_unit or unit == target_unit:
        return value
    base, family = in_base_unit(value, unit)
    one, target_family = in_base_unit(ONE, target_unit)
    return base / one if family == target_family and one else value


def _score_reverse(indicator: EvaluatedIndicator, t: Decimal, a: Decimal, weight: Decimal,
                   profile: EvaluationProfile, shown: object, op: str) -> Score:
    if t == 0:
        value = money(weight) if a <= 0 else NIL
        return Score(value, lambda: f"{shown}；目标为 0，{'未发生，得满分' if a <= 0 else '实际不为 0，得 0 分'}")
    if a <= t:
        return Score(money(weight), lambda: f"{shown}；未超过上限，得满分 {_fmt(weight)}")
    if profile.reverse_strategy == "linear":
        if a >= 2 * t:
            return Score(NIL, lambda: f"{shown}；超出上限一倍及以上，得 0 分（线性法）")
        value = money(weight * (ONE - (a - t) / t))
        return Score(value, lambda: f"{shown}；线性法：得分 = {_fmt(weight)} × (1 − ({a.normalize():f} − {t.normalize():f}) ÷ "
                            f"{t.normalize():f}) = {_fmt(value)}")
    value = money(weight * t / a)
    return Score(value, lambda: f"{shown}；比例法：得分 = {_fmt(weight)} × {t.normalize():f} ÷ {a.normalize():f} = {_fmt(value)}")


_ON_TIME_WORDS = ("按时", "按期", "如期", "及时", "完成")
# "延期完成", "推迟至2023年1月完成", "未按时完成": done, but late
_LATE_WORDS = ("未", "延期", "逾期", "推迟", "延迟", "延后", "超期", "超时", "滞后", "拖期", "晚于")
_NOT_LATE = re.compile("(?:无|未|没有|不|未曾)(?:延期|逾期|推迟|延迟|延后|超期|超时|滞后|拖期|晚于)")


def _score_deadline(indicator: EvaluatedIndicator, target: Target, actual: Target, weight: Decimal,
                    profile: EvaluationProfile) -> Score:
    if actual.kind is Kind.DEADLINE and actual.date and target.date:
        late = (actual.date - target.date).days
        if late <= 0:
            return Score(money(weight), lambda: f"于 {actual.date} 完成，未超过时限 {target.date}，得满分")
        if profile.deadline_strategy == "per_day":
            value = money(max(ZERO, weight * (ONE - profile.late_day_share * late)))
            return Score(value, lambda: f"逾期 {late} 天，每天扣分值的 {_fmt(profile.late_day_share * HUNDRED)}%，得 {_fmt(value)}")
        return Score(NIL, lambda: f"于 {actual.date} 完成，超过时限 {target.date}，得 0 分")
    text = indicator.actual or ""
    said = _NOT_LATE.sub("", text)  # "按期完成，无延期" says no lateness
    on_time = any(word in text for word in _ON_TIME_WORDS) and not any(word in said for word in _LATE_WORDS)
    return Score(money(weight) if on_time else NIL, lambda: f"实际“{text}”，{'按时完成，得满分' if on_time else '未按时完成，得 0 分'}")


def _band_range(band: str, weight: Decimal, profile: EvaluationProfile) -> tuple[Decimal, Decimal]:
    top, middle = profile.band_floors
    return {"达成": (top * weight, weight), "部分达成": (middle * weight, top * weight),
            "未达成": (ZERO, middle * weight)}[band]


def band_of(value: Decimal, weight: Decimal, profile: EvaluationProfile = DEFAULT_EVALUATION) -> str:
    top, middle = profile.band_floors
    if value >= top * weight:
        return "达成"
    return "部分达成" if value >= middle * weight else "未达成"


def _score_qualitative(indicator: EvaluatedIndicator, weight: Decimal, profile: EvaluationProfile,
                       findings: list[Finding], where: str, index: int) -> Score:
    band, given = indicator.achievement, indicator.score
    if band is None and given is None:
        findings.append(Finding("not-evaluated", Severity.INFO, f"{where}.achievement",
                                f"第{index + 1}个定性指标“{indicator.name}”尚未评价，暂得 0 分",
                                "请选择达成情况（达成／部分达成／未达成），并在档次范围内给分。"))
        return Score(NIL, lambda: "尚未评价，暂得 0 分")
    if given is None:
        share = next(share for name, share in profile.band_prefill if name == band)
        value = money(weight * share)
        return Score(value, lambda: f"评价为“{band}”，按预填 {_fmt(share * HUNDRED)}% 得 {_fmt(value)}", band)
    if band is None:
        band = band_of(given, weight, profile)
        return Score(money(given), lambda: f"评价人给分 {_fmt(given)}，属“{band}”档", band)
    low, high = _band_range(band, weight, profile)
    return Score(money(given), lambda: f"评价为“{band}”（{_fmt(low)}–{_fmt(high)} 分），评价人给分 {_fmt(given)}", band)


# --------------------------------------------------------------------------------------------------------------
# Audit: what a table filled by hand or published by others gets wrong


def expected_weights(evaluation: SelfEvaluation, profile: EvaluationProfile) -> dict[Level1, Decimal]:
    # An indicator found not applicable keeps its points here: they are dropped and the total rescaled (RULES.md §6.3).
    present = {ind.level1 for ind in evaluation.indicators}
    return dict(_expected_weights(profile.level1_weights, _SATISFACTION in present, _COST in present))


@lru_cache(maxsize=64)
def _expected_weights(level1_weights: tuple[tuple[Level1, Decimal], ...], satisfaction: bool, cost: bool
                      ) -> dict[Level1, Decimal]:
    weights = dict(level1_weights)
    if not satisfaction and _SATISFACTION in weights:
        weights[_BENEFIT] = weights.get(_BENEFIT, ZERO) + weights.pop(_SATISFACTION)
    if cost:  # schema B: 成本 shares the points of 产出 (RULES.md §8 Q1)
        weights[_COST] = ZERO
    return weights


def default_weights(indicators: list[Any], profile: EvaluationProfile = DEFAULT_EVALUATION) -> list[Decimal]:
    """分值 spread evenly inside each 一级 (RULES.md §6.1), the rounding remainder on the last indicator: what a new
    self-evaluation starts from."""

    def level(indicator: Any) -> Level1:  # schema B: 成本 shares the points of 产出
        return Level1.OUTPUT if indicator.level1 == Level1.COST else Level1(indicator.level1)

    totals = dict(profile.level1_weights)
    if Level1.SATISFACTION not in {level(ind) for ind in indicators}:
        totals[Level1.BENEFIT] += totals.pop(Level1.SATISFACTION)
    weights: list[Decimal] = []
    for index, indicator in enumerate(indicators):
        group = [i for i, other in enumerate(indicators) if level(other) == level(indicator)]
        total = totals.get(level(indicator), Decimal(0))
        share = money(total / len(group))
        weights.append(total - share * (len(group) - 1) if index == group[-1] else share)
    return weights


AuditCheck = Callable[[SelfEvaluation, Result, EvaluationProfile], list[Finding]]


def audit(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile = DEFAULT_EVALUATION
          ) -> list[Finding]:
    return [finding for check in AUDIT_CHECKS for finding in check(evaluation, result, profile)]


def _weights_add_up(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile) -> list[Finding]:
    findings = []
    expected = expected_weights(evaluation, profile)
    sums: dict[Level1, Decimal] = {}
    applicable = any(indicator.applicable for indicator in evaluation.indicators)
    for indicator in evaluation.indicators:
        if indicator.weight is not None:
            level = _OUTPUT if indicator.level1 is _COST else indicator.level1
            sums[level] = sums.get(level, ZERO) + indicator.weight
    for level, weight in expected.items():
        if level is _COST:
            continue
        if applicable and sums.get(level, ZERO) != weight:
            findings.append(Finding("weights-add-up", Severity.ERROR, "indicators",
                                    f"{level}的分值合计为 {_fmt(sums.get(level, ZERO))}，应为 {_fmt(weight)}",
                                    "产出 50、效益 30、满意度 10、预算执行率 10；未设满意度指标时效益为 40。"))
    budget_weight = evaluation.budget.weight
    if budget_weight is not None and budget_weight != profile.budget_weight:
        findings.append(Finding("weights-add-up", Severity.ERROR, "budget.weight",
                                f"预算执行率的分值为 {_fmt(budget_weight)}，应为 {_fmt(profile.budget_weight)}",
                                "各项分值合计应为 100 分；请按所用评分规则填写预算执行率的分值。"))
    return findings


def _recorded_scores(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile) -> list[Finding]:
    findings = []
    for index, (indicator, computed) in enumerate(result.indicators):
        recorded, weight = indicator.score, indicator.weight
        if recorded is None or computed is None or weight is None:
            continue
        where, name = f"indicators[{index}].score", f"第{index + 1}个指标“{indicator.name}”"
        if recorded > weight:
            findings.append(Finding("score-above-weight", Severity.ERROR, where,
                                    f"{name}得分 {_fmt(recorded)} 超过其分值 {_fmt(weight)}", "得分不能超过分值。"))
        elif recorded < 0:
            findings.append(Finding("score-negative", Severity.ERROR, where, f"{name}得分 {_fmt(recorded)} 小于 0",
                                    "得分在 0 分与分值之间。"))
        elif indicator.achievement and computed.band:
            low, high = _band_range(indicator.achievement, weight, profile)
            inside = low <= recorded <= high if indicator.achievement == "达成" else low <= recorded < high
            if not inside:
                findings.append(Finding("score-outside-band", Severity.ERROR, where,
                                        f"{name}评价为“{indicator.achievement}”，得分 {_fmt(recorded)} 不在该档 "
                                        f"{_fmt(low)}–{_fmt(high)} 分之内", "请在所选档次的分数范围内给分，或改选档次。"))
        elif computed.band is None and money(recorded) != computed.value:
            if recorded == weight and computed.value < weight:
                findings.append(Finding("full-marks-unmet", Severity.ERROR, where,
                                        f"{name}未完成目标却得了满分（按规则应得 {_fmt(computed.value)}）",
                                        "未完成年度指标值的，按完成比例计分。"))
            else:
                findings.append(Finding("score-mismatch", Severity.WARNING, where,
                                        f"{name}填写的得分 {_fmt(recorded)} 与按规则计算的 {_fmt(computed.value)} 不符",
                                        computed.explanation))
    return findings


def _deviation_notes(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile) -> list[Finding]:
    findings = []
    for index, (indicator, computed) in enumerate(result.indicators):
        if computed is None or indicator.weight is None:
            continue
        if indicator.achievement is None and indicator.score is None and (
                indicator.actual is None or parse_target(indicator.target, evaluation.year).kind in _JUDGED):
            continue  # not evaluated yet: that is its own finding, not a missing explanation
        short = computed.value < indicator.weight or (indicator.score is not None and indicator.score < indicator.weight)
        if short and not indicator.deviation_note:
            findings.append(Finding("deviation-note-missing", Severity.ERROR, f"indicators[{index}].deviation_note",
                                    f"第{index + 1}个指标“{indicator.name}”未得满分，但没有填写偏差原因分析及改进措施",
                                    "得分低于分值的指标，须说明偏差原因和改进措施。"))
    return findings


def _budget_recorded(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile) -> list[Finding]:
    findings = []
    budget = evaluation.budget
    if budget.rate is not None and result.budget_rate is not None:
        fraction = budget.rate <= Decimal("1.5")  # 0.92 or 92 (%)
        recorded = budget.rate * HUNDRED if fraction else budget.rate
        # compared as written: "86.19%" is wrong where the amounts give 86.183%, "86.2%" is right
        places = max(0, -int(budget.rate.as_tuple().exponent) - (2 if fraction else 0))
        computed = (budget.executed / budget.full_year * HUNDRED).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        if recorded != computed:
            findings.append(Finding("budget-rate-mismatch", Severity.ERROR, "budget.rate",
                                    f"填写的执行率 {_fmt(recorded)}% 与 全年执行数 ÷ 全年预算数 = {_fmt(result.budget_rate)}% 不符",
                                    "执行率应按金额计算，而不是抄写印出的百分比。"))
    if budget.score is not None and money(budget.score) != result.budget.value:
        findings.append(Finding("budget-score-mismatch", Severity.ERROR, "budget.score",
                                f"预算执行率得分 {_fmt(budget.score)} 与按规则计算的 {_fmt(result.budget.value)} 不符",
                                result.budget.explanation))
    if result.budget_rate is not None and result.budget_rate < 90:
        findings.append(Finding("budget-rate-low", Severity.INFO, "budget",
                                f"预算执行率 {_fmt(result.budget_rate)}% 低于 90%", "部分地区要求说明执行率低于 90% 的原因。"))
    return findings


def _total_recorded(evaluation: SelfEvaluation, result: Result, profile: EvaluationProfile) -> list[Finding]:
    findings = []
    if evaluation.total is None:
        return findings
    parts = (evaluation.budget.score or ZERO) + sum(
        (ind.score or ZERO for ind in evaluation.indicators if ind.applicable), ZERO)
    if all(ind.score is not None for ind in evaluation.indicators if ind.applicable) and \
            money(parts) != money(evaluation.total):
        findings.append(Finding("total-not-sum", Severity.ERROR, "total",
                                f"总分 {_fmt(evaluation.total)} 不等于各项得分之和 {_fmt(parts)}", "总分 = 预算执行率得分 + 各指标得分。"))
    if money(evaluation.total) != result.total:
        findings.append(Finding("total-mismatch", Severity.WARNING, "total",
                                f"填写的总分 {_fmt(evaluation.total)} 与按规则计算的 {_fmt(result.total)} 不符",
                                "请逐项核对得分。"))
    if evaluation.grade and evaluation.grade != grade_of(evaluation.total, profile):
        findings.append(Finding("grade-mismatch", Severity.ERROR, "grade",
                                f"总分 {_fmt(evaluation.total)} 对应等级“{grade_of(evaluation.total, profile)}”，"
                                f"填写的是“{evaluation.grade}”", "优 ≥ 90，良 80–90，中 60–80，差 < 60。"))
    return findings


AUDIT_CHECKS: tuple[AuditCheck, ...] = (_weights_add_up, _recorded_scores, _deviation_notes, _budget_recorded,
                                        _total_recorded)
