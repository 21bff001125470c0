"""Self-evaluation scoring, its strategies and audit checks, and the monitoring maths (RULES.md §5, §6)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from jixiao.core.documents import load_self_evaluation
from jixiao.core.evaluation import EVALUATION_PROFILES, EvaluationProfile, ScoringInputError, score
from jixiao.core.monitoring import Light, budget_light, indicator_light, missing_explanation, time_progress
from jixiao.core.targets import parse_target

WORKED: dict[str, Any] = {
    "schema": "jixiao/self-evaluation@1", "name": "RULES.md §6.6 worked example", "year": 2022,
    "budget": {"initial": 500, "full_year": 500, "executed": 460, "weight": 10},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "服务企业数", "target": "=30000家", "actual": "28500",
         "weight": 15, "deviation_note": "部分企业延期开办"},
        {"level1": "产出指标", "level2": "数量指标", "name": "办理事项", "target": "≥19900件", "actual": "21000",
         "weight": 15},
        {"level1": "产出指标", "level2": "质量指标", "name": "系统可用率", "target": "=100%", "actual": "99.5%",
         "weight": 10, "deviation_note": "一次计划停机"},
        {"level1": "产出指标", "level2": "时效指标", "name": "故障响应时间", "target": "≤2小时", "actual": "2.5",
         "weight": 10, "deviation_note": "夜间故障响应偏慢"},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "企业办事效率", "target": "提升",
         "achievement": "部分达成", "score": 10.5, "weight": 15, "deviation_note": "线上办理比例仍偏低"},
        {"level1": "效益指标", "level2": "可持续影响指标", "name": "运维管理制度", "target": "健全",
         "achievement": "达成", "weight": 15},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "服务对象满意度", "target": "≥90%",
         "actual": "92%", "weight": 10},
    ],
}


def worked(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(WORKED)
    for path, value in changes.items():
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split("__")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value
    return data


def scored(data: dict[str, Any], profile: str = "national") -> Any:
    return score(load_self_evaluation(data), EVALUATION_PROFILES[profile])


def test_the_worked_example_scores_91_90_with_the_default_profile() -> None:
    result = scored(WORKED)
    assert [str(s.value) for _, s in result.indicators] == ["14.25", "15.00", "9.95", "8.00", "10.50", "15.00",
                                                           "10.00"]
    assert (str(result.budget.value), str(result.total), result.grade) == ("9.20", "91.90", "优")
    assert result.findings == []


def test_the_linear_strategy_scores_91_40() -> None:
    result = scored(WORKED, "national-linear")
    assert str(result.indicators[3][1].value) == "7.50" and str(result.total) == "91.40" and result.grade == "优"


def test_every_score_explains_itself_in_chinese() -> None:
    result = scored(WORKED)
    assert result.indicators[0][1].explanation == "目标 =30000家，实际 28500；得分 = 15.00 × 28500 ÷ 30000 = 14.25"
    assert result.indicators[3][1].explanation == "目标 ≤2小时，实际 2.5；比例法：得分 = 10.00 × 2 ÷ 2.5 = 8.00"
    assert result.budget.explanation == "执行率 = 460.00 ÷ 500.00 = 92.00%；得分 = 10.00 × 92.00% = 9.20"
    assert result.to_json()["total"] == 91.9


@pytest.mark.parametrize(("target", "actual", "strategy", "expected"), [
    ("≥100件", "120", "ratio", "10.00"),           # 正向, reached
    ("≥100件", "80", "ratio", "8.00"),             # 正向, proportional
    ("=50个", "40", "ratio", "8.00"),              # 等值, t > 0: as 正向
    ("=0次", "0", "ratio", "10.00"),               # zero target met
    ("=0次", "2", "ratio", "0.00"),                # zero target missed
    ("≤2小时", "1.5", "ratio", "10.00"),           # 反向 within the ceiling
    ("≤2小时", "4", "ratio", "5.00"),              # 反向 ratio: 10 × 2/4
    ("≤2小时", "4", "linear", "0.00"),             # 反向 linear: a ≥ 2t
    ("≤2小时", "3", "linear", "5.00"),             # 反向 linear: 10 × (1 − 1/2)
    ("≤2小时", "90分钟", "ratio", "10.00"),        # units converted
    ("每月至少1次", "12次", "ratio", "10.00"),      # a year's count against a count per month
    ("每周1次", "26次", "ratio", "5.00"),           # 26 of 52 a year
    ("≥45万亩", "400000亩", "ratio", "8.89"),      # 万 kept in the target's unit: 400,000 of 450,000
    ("2022年6月30日前", "2022年6月20日", "ratio", "10.00"),  # deadline met
    ("2022年6月30日前", "2022年7月10日", "ratio", "0.00"),   # deadline missed
    ("2022年6月30日前", "按期完成", "ratio", "10.00"),        # on time, in words
    ("2022年6月30日前", "延期完成", "ratio", "0.00"),         # late, in words
    ("2022年6月30日前", "推迟至2022年8月完成", "ratio", "0.00"),
    ("2022年6月30日前", "逾期完成", "ratio", "0.00"),
    ("2022年6月30日前", "按期完成，无延期", "ratio", "10.00"),  # lateness denied is not lateness
    ("2022年6月30日前", "如期完成，未逾期", "ratio", "10.00"),
    ("30分钟内响应", "20分钟", "ratio", "10.00"),             # a time limit with what is done within it
    ("≤30分钟响应", "1小时", "ratio", "5.00"),
])
def test_quantitative_strategies(target: str, actual: str, strategy: str, expected: str) -> None:
    profile = "national-linear" if strategy == "linear" else "national"
    data = worked(indicators__1__target=target, indicators__1__actual=actual, indicators__1__weight=10,
                  indicators__0__weight=20, indicators__1__deviation_note="说明")
    assert str(scored(data, profile).indicators[1][1].value) == expected


def test_a_late_deadline_loses_a_share_a_day_with_the_per_day_strategy() -> None:
    data = worked(indicators__1__target="2022年6月30日前", indicators__1__actual="2022年7月2日",
                  indicators__1__deviation_note="延期")
    result = score(load_self_evaluation(data), EvaluationProfile(deadline_strategy="per_day"))
    assert str(result.indicators[1][1].value) == "13.50"  # 15 × (1 − 2 × 5%)


def test_qualitative_bands_prefill_and_the_evaluators_choice() -> None:
    data = worked(indicators__5__achievement="部分达成", indicators__5__deviation_note="x")
    assert str(scored(data).indicators[5][1].value) == "10.50"  # 0.7 × 15
    data = worked(indicators__5__achievement=None, indicators__5__score=13)
    assert scored(data).indicators[5][1].band == "达成"
    data = worked(indicators__5__achievement=None)
    result = scored(data)
    assert str(result.indicators[5][1].value) == "0.00"
    assert [f.rule for f in result.findings if f.rule == "not-evaluated"] == ["not-evaluated"]


def test_not_applicable_indicators_are_dropped_and_the_total_rescaled() -> None:
    data = worked(indicators__1__applicable=False)
    result = scored(data)
    assert result.indicators[1][1] is None
    assert str(result.total) == "90.47"  # (91.90 − 15) × 100 / 85
    assert result.findings == []  # its points still count towards 产出's 50
    result = scored(worked(indicators__6__applicable=False))  # the only satisfaction indicator
    assert "weights-add-up" not in [f.rule for f in result.findings]


def test_over_achievement_beyond_the_threshold_needs_a_reason() -> None:
    rules = [f.rule for f in scored(worked(indicators__1__actual="25000")).findings]
    assert rules == ["over-achievement"]


def test_a_20_point_budget_strategy() -> None:
    data = worked(budget__weight=20)
    data["indicators"][0]["weight"] = 5
    result = scored(data, "budget-20")
    assert str(result.budget.value) == "18.40"


# Audit checks: each with a case that triggers it and the clean worked example that does not.
AUDIT_CASES = [
    ("weights-add-up", worked(indicators__1__weight=20)),
    ("score-above-weight", worked(indicators__1__score=16)),
    ("score-outside-band", worked(indicators__4__score=13)),
    ("full-marks-unmet", worked(indicators__0__score=15)),
    ("score-mismatch", worked(indicators__0__score=12)),
    ("deviation-note-missing", worked(indicators__0__deviation_note=None)),
    ("budget-rate-mismatch", worked(budget__rate=86.19)),
    ("budget-score-mismatch", worked(budget__score=10)),
    ("total-not-sum", worked(total=95, budget__score=9.2, **{f"indicators__{i}__score": s for i, s in enumerate(
        [14.25, 15, 9.95, 8, 10.5, 15, 10])})),
    ("total-mismatch", worked(total=93)),
    ("grade-mismatch", worked(total=91.9, grade="良")),
]


@pytest.mark.parametrize(("rule", "data"), AUDIT_CASES, ids=[c[0] for c in AUDIT_CASES])
def test_audit_check_triggers(rule: str, data: dict[str, Any]) -> None:
    assert rule in [f.rule for f in scored(data).findings]


@pytest.mark.parametrize("rule", [c[0] for c in AUDIT_CASES])
def test_audit_check_is_silent_on_a_correct_table(rule: str) -> None:
    recorded = worked(total=91.9, grade="优", budget__rate=92, budget__score=9.2,
                      **{f"indicators__{i}__score": s for i, s in enumerate([14.25, 15, 9.95, 8, 10.5, 15, 10])})
    assert rule not in [f.rule for f in scored(recorded).findings]


def test_satisfaction_absent_moves_its_points_to_benefit() -> None:
    data = worked()
    data["indicators"] = data["indicators"][:6]
    data["indicators"][5]["weight"] = 25
    assert "weights-add-up" not in [f.rule for f in scored(data).findings]


@pytest.mark.parametrize(("change", "where"), [
    ({"indicators__1__weight": None}, "indicators[1].weight"),
    ({"indicators__1__actual": "达成预期指标"}, "indicators[1].actual"),
    ({"budget__executed": None}, "budget"),
    ({"indicators__0__actual": "95%"}, "indicators[0].actual"),  # a share against a count of 家: not comparable
    ({"indicators__2__actual": "12次"}, "indicators[2].actual"),
])
def test_inputs_that_cannot_be_scored_are_located(change: dict[str, Any], where: str) -> None:
    with pytest.raises(ScoringInputError) as raised:
        scored(worked(**change))
    assert raised.value.problems[0][0] == where


def test_the_monitoring_example_gives_the_yellow_lights_it_states() -> None:
    assert str(time_progress(7).quantize(Decimal("0.1"))) == "58.3"
    budget = budget_light(7, Decimal(500), Decimal(230))
    assert (str(budget.rate), str(budget.lag), budget.light) == ("46.00", "12.33", Light.YELLOW)
    service = indicator_light(parse_target("=30000家"), "数量指标", Decimal(15000), Decimal(29000), "有可能")
    assert (str(service.progress), str(service.forecast), service.light) == ("50.00", "96.67", Light.YELLOW)
    assert service.needs_explanation


@pytest.mark.parametrize(("lag_spent", "light"), [(280, Light.GREEN), (230, Light.YELLOW), (150, Light.RED)])
def test_budget_lights(lag_spent: int, light: Light) -> None:
    assert budget_light(7, Decimal(500), Decimal(lag_spent)).light is light


@pytest.mark.parametrize(("forecast", "possibility", "light"), [
    (30000, "确定能", Light.GREEN), (28000, "确定能", Light.YELLOW), (30000, "有可能", Light.YELLOW),
    (26000, "有可能", Light.RED), (31000, "完全不可能", Light.RED),
])
def test_indicator_lights(forecast: int, possibility: str, light: Light) -> None:
    result = indicator_light(parse_target(">=30000家"), "数量指标", None, Decimal(forecast), possibility)
    assert result.light is light


def test_a_reverse_indicator_forecast_and_a_qualitative_light() -> None:
    assert indicator_light(parse_target("≤2小时"), "时效指标", None, Decimal(2), "确定能").light is Light.GREEN
    assert indicator_light(parse_target("≤2小时"), "时效指标", None, Decimal(3), "有可能").light is Light.RED
    assert indicator_light(parse_target("健全"), "可持续影响指标", None, None, None, band="达成").light is Light.GREEN


def test_an_indicator_off_target_must_say_why_how_likely_and_what_is_done() -> None:
    short = indicator_light(parse_target(">=30000家"), "数量指标", None, Decimal(29000), "有可能")
    assert missing_explanation(short, [], None, " ") == ["勾选偏差原因", "选择完成目标可能性", "填写整改措施"]
    assert missing_explanation(short, ["不存在的原因"], "也许", None) == ["勾选偏差原因", "选择完成目标可能性",
                                                                        "填写整改措施"]
    assert missing_explanation(short, ["经费保障"], "有可能", "四季度加大宣传") == []
    on_track = indicator_light(parse_target(">=30000家"), "数量指标", None, Decimal(30000), "确定能")
    assert missing_explanation(on_track, [], None, None) == []


def test_a_budget_weight_other_than_the_profiles_is_an_error() -> None:
    result = scored(worked(budget__weight=20))  # with the indicators' 90 points the total could pass 100
    assert [(f.rule, f.where, f.message) for f in result.findings] == [
        ("weights-add-up", "budget.weight", "预算执行率的分值为 20.00，应为 10.00")]


@pytest.mark.parametrize(("forecast", "light"), [(0, Light.GREEN), (3, Light.RED)])
def test_a_zero_target_is_a_ceiling_in_monitoring(forecast: int, light: Light) -> None:
    monitor = indicator_light(parse_target("=0起"), "质量指标", None, Decimal(forecast), "确定能")
    assert monitor.light is light


def test_an_over_achievement_needs_a_reason_and_a_written_one_is_enough() -> None:
    data = worked(indicators__1__actual="30000")  # 51% over ≥19900件
    assert [f.rule for f in scored(data).findings] == ["over-achievement"]
    data = worked(indicators__1__actual="30000", indicators__1__deviation_note="新增线上渠道，办件量超出预期")
    assert scored(data).findings == []


def test_a_negative_score_is_an_error() -> None:
    data = worked(indicators__5__achievement=None, indicators__5__score=-3, indicators__5__deviation_note="x")
    assert [(f.rule, f.where) for f in scored(data).findings] == [("score-negative", "indicators[5].score")]


def test_a_qualitative_indicator_not_yet_judged_asks_for_a_judgement_not_an_explanation() -> None:
    data = worked(indicators__5__achievement=None, indicators__5__actual="达成预期指标")
    assert [f.rule for f in scored(data).findings] == ["not-evaluated"]


@pytest.mark.parametrize(("rate", "flagged"), [("86.18", False), ("86.2", False), ("0.8618", False),
                                               ("86.19", True), ("0.8619", True), ("86.3", True)])
def test_a_recorded_execution_rate_is_compared_as_written(rate: str, flagged: bool) -> None:
    # RULES.md §6.2: 215,457.60 / 250,000 = 86.18%, printed as 86.19%
    data = worked(budget__full_year=250000, budget__executed="215457.60", budget__initial=250000, budget__rate=rate)
    assert ("budget-rate-mismatch" in [f.rule for f in scored(data).findings]) is flagged
