"""Each review rule: one change to a correct form that triggers it, and silence on the correct form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jixiao.core.review import PROFILES, RULES, Severity, review
from tests.conftest import clean_form_data, declaration

Data = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        node: Any = data
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        for key in keys[:-1]:
            node = node[key]
        node[keys[-1]] = value

    return change


def _indicator(index: int, **fields: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["indicators"][index].update(fields)

    return change


def _add(**fields: Any) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["indicators"].append({"basis": "计划标准", **fields})

    return change


def _drop_level1(level1: str) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["indicators"] = [i for i in data["indicators"] if i["level1"] != level1]

    return change


def _keep_first(count: int) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["indicators"] = data["indicators"][:count]

    return change


def _many(count: int) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        data["indicators"] += [
            {"level1": "产出指标", "level2": "数量指标", "name": f"培训班期数{n}", "target": f">={n}期", "basis": "计划标准"}
            for n in range(count)
        ]

    return change


def _no_basis(data: Data) -> None:
    for indicator in data["indicators"]:
        indicator.pop("basis", None)
        indicator.pop("basis_note", None)


def _multi_year(data: Data) -> None:
    data["end_date"] = "2025-12-31"


def _both(*changes: Callable[[Data], None]) -> Callable[[Data], None]:
    def change(data: Data) -> None:
        for each in changes:
            each(data)

    return change


# rule id, change, severity, where, exact message
TRIGGERS: list[tuple[str, Callable[[Data], None], str, str, str]] = [
    ("header-complete", _set("implementing_unit", ""), "error", "implementing_unit", "“实施单位”未填写"),
    ("header-complete", _set("funds.annual_request", None), "error", "funds.annual_request",
     "“年度资金申请总额”未填写"),
    ("header-complete", _set("category", None), "warning", "category", "“项目类别”未填写"),
    ("fund-identity", _set("funds.other", 200000), "error", "funds.annual_request",
     "年度资金申请总额 1,200,000 元 不等于财政资金与其他资金之和 1,300,000 元"),
    ("fund-identity", _set("funds.prior_year_carryover", 50000), "error", "funds.fiscal",
     "财政资金 1,100,000 元 不等于当年财政拨款与上年结转资金之和 1,050,000 元"),
    ("fund-identity", _both(_set("funds.fiscal", None), _set("funds.prior_year_carryover", 150000)), "error",
     "funds.annual_request", "年度资金申请总额 1,200,000 元 不等于当年财政拨款、上年结转资金与其他资金之和 1,250,000 元"),
    ("fund-total", _set("funds.total", 1000000), "error", "funds.total",
     "项目资金总额 1,000,000 元 小于年度资金申请总额 1,200,000 元"),
    ("fund-total", _multi_year, "info", "funds.total", "跨年度项目的项目资金总额等于本年度申请额"),
    ("dates", _set("start_date", "2024-01-01"), "error", "end_date", "计划完成日期 2023-12-31 早于计划开始日期 2024-01-01"),
    ("dates", _set("year", 2024), "warning", "year", "申报年度 2024 不在项目期间 2023-01-01 至 2023-12-31 之内"),
    ("dates", _add(level1="产出指标", level2="时效指标", name="设备采购完成时间", target="2024年3月31日前"), "error",
     "indicators[8].target", "第9个指标“设备采购完成时间”的时限 2024-03-31 不在项目期间 2023-01-01 至 2023-12-31 之内"),
    ("required-level1", _drop_level1("效益指标"), "error", "indicators", "缺少一级指标“效益指标”"),
    ("required-level1", _drop_level1("满意度指标"), "warning", "indicators", "未设置满意度指标"),
    ("level2-under-level1", _indicator(5, level2="数量指标"), "error", "indicators[5].level2",
     "第6个指标“慢性病早期发现人数”：二级指标“数量指标”不属于一级指标“效益指标”"),
    ("level2-under-level1", _indicator(4, level1="成本指标", level2="经济成本指标"), "error", "indicators[4].level1",
     "第5个指标“人均体检成本”：当前指标体系中没有一级指标“成本指标”"),
    ("level2-expected", _drop_level1("__none__") and _indicator(2, level2="时效指标"), "warning", "indicators",
     "产出指标下未设置“质量指标”"),
    ("target-present", _indicator(1, target=""), "error", "indicators[1].target", "第2个指标“健康讲座场次”未填写指标值"),
    ("target-present", _indicator(1, target="12"), "error", "indicators[1].target",
     "第2个指标“健康讲座场次”的指标值“12”缺少计量单位"),
    ("target-present", _indicator(1, name="健康讲座（场）", target="12"), "info", "indicators[1].target",
     "第2个指标“健康讲座（场）”的指标值“12”未带单位，单位写在了指标名称中（场）"),
    ("target-present", _indicator(6, target="按上级要求执行"), "warning", "indicators[6].target",
     "第7个指标“居民健康档案管理制度”的指标值“按上级要求执行”无法识别为定量值或可检验的状态"),
    ("placeholder", _indicator(2, target="≥ %"), "error", "indicators[2].target",
     "第3个指标“体检报告准确率”的指标值“≥ %”是未填写的占位符"),
    ("placeholder", _indicator(1, target="XX场"), "error", "indicators[1].target",
     "第2个指标“健康讲座场次”的指标值“XX场”是未填写的占位符"),
    ("vague-wording", _indicator(5, target="有所提高"), "warning", "indicators[5].target",
     "第6个指标“慢性病早期发现人数”的指标值“有所提高”只表示变化方向，没有基数和幅度"),
    ("input-as-output", _add(level1="产出指标", level2="质量指标", name="预算执行率", target=">=95%"), "warning",
     "indicators[8].name", "第9个指标“预算执行率”衡量的是资金投入或执行过程，不是产出"),
    ("benefit-restates-output", _add(level1="效益指标", level2="社会效益指标", name="健康体检人次数", target=">=5000人次"),
     "warning", "indicators[8]", "第9个指标“健康体检人次数”与产出指标“健康体检人次”衡量同一事项、同一单位"),
    ("benefit-restates-output", _add(level1="效益指标", level2="社会效益指标", name="居民体检人次", target="=5000人次"),
     "warning", "indicators[8]", "第9个指标“居民体检人次”与产出指标“健康体检人次”衡量同一事项、同一单位"),  # other words
    ("cost-exceeds-funds", _add(level1="产出指标", level2="成本指标", name="体检服务采购费用", target="<=150万元"),
     "warning", "indicators[8].target", "第9个指标“体检服务采购费用”的成本 <=150万元 超过项目资金 1,200,000 元"),
    ("cost-operator", _indicator(4, target=">=150元"), "warning", "indicators[4].target",
     "第5个指标“人均体检成本”是成本指标，却用了“>=”（下限）"),
    ("percent-over-100", _indicator(2, target="=120%"), "warning", "indicators[2].target",
     "第3个指标“体检报告准确率”的百分比目标 =120% 超过 100%"),
    ("duplicate-name", _add(level1="产出指标", level2="数量指标", name="健康 讲座场次", target=">=3场"), "warning",
     "indicators[8].name", "第9个指标“健康 讲座场次”与第2个指标重名"),
    ("basis-missing", _no_basis, "warning", "indicators", "全部 8 个指标都未写明指标值设定依据"),
    ("basis-missing", _indicator(3, basis=None), "warning", "indicators[3].basis", "第4个指标“体检报告送达时间”未写明指标值设定依据"),
    ("basis-missing", _indicator(3, basis="其他标准"), "warning", "indicators[3].basis_note",
     "第4个指标“体检报告送达时间”选择了“其他标准”但未说明"),
    ("indicator-count", _keep_first(2), "warning", "indicators", "只有 2 个三级指标，少于建议的 3 个"),
    ("indicator-count", _many(25), "warning", "indicators", "三级指标多达 33 个，超过建议的 30 个"),
    ("name-unit-mismatch", _indicator(2, target=">=98个"), "warning", "indicators[2].target",
     "第3个指标“体检报告准确率”名为比率，单位却是“个”"),
    ("name-unit-mismatch", _indicator(3, target="<=10%"), "warning", "indicators[3].target",
     "第4个指标“体检报告送达时间”衡量时长，单位却是“%”"),
    ("name-unit-mismatch", _add(level1="产出指标", level2="数量指标", name="扶持创业人数", target=">=500万元"), "warning",
     "indicators[8].target", "第9个指标“扶持创业人数”名为人数或户数，单位却是“万元”"),
    ("name-unit-mismatch", _indicator(1, target=">=90%"), "warning", "indicators[1].target",
     "第2个指标“健康讲座场次”名为数量，单位却是“%”"),
    ("goal-indicator-consistency", _indicator(0, target=">=4000人次"), "warning", "indicators[0].target",
     "年度总目标写“不少于5000人次”（≥ 5000 人次），第1个指标“健康体检人次”却是“>=4000人次”，低于目标的承诺"),
    ("goal-indicator-consistency", _indicator(7, target="<=90%"), "warning", "indicators[7].target",
     "年度总目标写“不低于90%”（≥ 90 %），第8个指标“居民满意度”却是“<=90%”，方向相反"),
    ("goal-indicator-consistency", _indicator(0, target="=5000人次"), "info", "indicators[0].target",
     "年度总目标写“不少于5000人次”（≥ 5000 人次），第1个指标“健康体检人次”写作“=5000人次”（恰好等于）"),
    ("goal-indicator-consistency", _indicator(3, target="<=5个工作日"), "warning", "indicators[3].target",
     "年度总目标写“10个工作日内”（≤ 10 个工作日），第4个指标“体检报告送达时间”却是“<=5个工作日”，与目标的承诺不一致（指标更严）"),
    ("goal-unmeasured", _set("annual_goal", "完成不少于5000人次健康体检；每季度开展1次家庭医生签约回访。"), "info",
     "annual_goal", "年度总目标中的“每季度开展1次”（= 4 次/年）没有对应的绩效指标"),
    ("annual-exceeds-overall",
     _both(_multi_year, _set("overall_goal", "三年内完成不少于4000人次健康体检。"), _set("funds.total", 3600000)),
     "warning", "indicators[0].target",
     "第1个指标“健康体检人次”的年度值 >=5000人次 超过项目总目标中整个项目期的“不少于4000人次”"),
]


def test_the_correct_form_has_no_findings() -> None:
    assert review(declaration(clean_form_data())) == []


@pytest.mark.parametrize(
    ("rule_id", "change", "severity", "where", "message"),
    TRIGGERS,
    ids=[f"{t[0]}:{t[3]}:{i}" for i, t in enumerate(TRIGGERS)],
)
def test_rule_triggers(rule_id: str, change: Callable[[Data], None], severity: str, where: str, message: str) -> None:
    data = clean_form_data()
    change(data)
    findings = [f for f in review(declaration(data)) if f.rule == rule_id]
    assert [(str(f.severity), f.where, f.message) for f in findings] == [(severity, where, message)]
    assert all(f.hint for f in findings)


@pytest.mark.parametrize("rule_id", [r.id for r in RULES])
def test_rule_is_silent_on_the_correct_form(rule_id: str) -> None:
    form = declaration(clean_form_data())
    assert [f for f in review(form) if f.rule == rule_id] == []


def test_every_rule_has_a_trigger_test_and_a_source() -> None:
    assert {r.id for r in RULES} == {t[0] for t in TRIGGERS}
    assert all(r.source and r.title for r in RULES)


def test_schema_b_requires_a_cost_indicator_and_accepts_it_as_level1() -> None:
    data = clean_form_data()
    profile = PROFILES["national-b"]
    missing = [f for f in review(declaration(data), profile) if f.rule == "required-level1"]
    assert [f.message for f in missing] == ["缺少一级指标“成本指标”"]
    data["indicators"][4].update(level1="成本指标", level2="经济成本指标")
    assert review(declaration(data), profile) == []


def test_the_shanghai_profile_does_not_ask_for_a_basis() -> None:
    data = clean_form_data()
    _no_basis(data)
    assert [f.rule for f in review(declaration(data), PROFILES["shanghai-2022"])] == []


def test_errors_sort_before_warnings_before_infos() -> None:
    data = clean_form_data()
    _no_basis(data)
    data["funds"]["total"] = 1
    data["indicators"][0]["target"] = "=5000人次"
    severities = [f.severity for f in review(declaration(data))]
    assert severities == sorted(severities, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index)
    assert severities[0] is Severity.ERROR and severities[-1] is Severity.INFO


def test_amounts_in_wan_yuan_use_the_same_tolerance() -> None:
    data = clean_form_data()
    data["amount_unit"] = "万元"
    data["funds"] = {"total": 120, "annual_request": 120, "current_year_appropriation": 100,
                     "prior_year_carryover": 10, "fiscal": 110, "other": 10.005}
    assert [f.rule for f in review(declaration(data))] == []
    data["funds"]["other"] = 10.02
    assert [f.where for f in review(declaration(data))] == ["funds.annual_request"]


def test_a_form_without_a_fiscal_row_gives_fiscal_funds_as_their_parts() -> None:
    data = clean_form_data()
    data["funds"]["fiscal"] = None  # S1's 自评表 has no 财政资金 row: 当年 1,000,000 + 结转 100,000 + 其他 100,000
    assert [f for f in review(declaration(data)) if f.rule == "fund-identity"] == []


@pytest.mark.parametrize(("rule_id", "level1", "level2", "name", "target"), [
    ("input-as-output", "产出指标", "质量指标", "巡检计划执行率", ">=95%"),  # a plan carried out is an output
    ("cost-operator", "效益指标", "经济效益指标", "运维成本节约率", ">=5%"),  # a saving has a lower bound
    ("cost-operator", "产出指标", "成本指标", "运维成本节约率", ">=5%"),  # wherever it is filed
    ("cost-operator", "产出指标", "成本指标", "废旧沥青混合料回收利用率", ">=90%"),  # a rate, not a cost
    ("cost-operator", "产出指标", "成本指标", "专职消防员工资福利标准", ">=6.5万元/人·年"),  # a pay floor
    ("cost-operator", "效益指标", "可持续影响指标", "成本规制年度考核得分", ">=85分"),  # a score, not a cost
    ("name-unit-mismatch", "产出指标", "质量指标", "泊位日均周转率", ">=4次"),  # turns a day, counted
    ("target-present", "产出指标", "质量指标", "治理河段防洪标准", "≥20年一遇"),
    ("vague-wording", "效益指标", "生态效益指标", "化学农药使用量", "零增长"),  # no more than last year
    ("benefit-restates-output", "效益指标", "社会效益指标", "家庭医生新增签约人次", "=5000人次"),  # another thing
    ("benefit-restates-output", "效益指标", "社会效益指标", "健康讲座投诉次数", "=0次"),  # 0 and 0 coincide
    ("cost-exceeds-funds", "产出指标", "成本指标", "体检服务采购费用", "<=100万元"),  # within 1,200,000 元
    ("cost-exceeds-funds", "产出指标", "成本指标", "人均体检成本上限", "<=2000元/人"),  # a unit cost
    ("target-present", "产出指标", "成本指标", "设备购置成本", "≤预算批复金额"),
    ("vague-wording", "效益指标", "社会效益指标", "群众办事便利度", "效果明显"),
    # 时效 and standards as forms write them are checkable, and an index has no unit
    ("target-present", "产出指标", "时效指标", "低保金发放时间", "每月10日前"),
    ("target-present", "产出指标", "时效指标", "运维月报报送时间", "次月5日前"),
    ("target-present", "产出指标", "时效指标", "监测报告出具时间", "采样后7个工作日内"),
    ("target-present", "产出指标", "质量指标", "绿地养护质量等级", "达到二级养护标准"),
    ("target-present", "产出指标", "质量指标", "路面技术状况指数（PQI）", "≥80"),
])
def test_rules_stay_silent_on_what_only_looks_like_their_case(rule_id: str, level1: str, level2: str, name: str,
                                                               target: str) -> None:
    data = clean_form_data()
    data["indicators"].append({"level1": level1, "level2": level2, "name": name, "target": target,
                               "basis": "计划标准"})
    assert rule_id not in [f.rule for f in review(declaration(data))]


def test_an_annual_project_settled_early_next_year_is_not_a_multi_year_project() -> None:
    data = clean_form_data()
    data["end_date"] = "2024-03-31"  # 2023's work and its settlement
    assert "fund-total" not in [f.rule for f in review(declaration(data))]
    data["end_date"] = "2024-06-30"  # eighteen months: a longer project whose total equals a year's request
    assert "fund-total" in [f.rule for f in review(declaration(data))]


@pytest.mark.parametrize(("name", "target"), [("人员工资支出", ">=120万元"), ("职工福利费支出", ">=10万元")])
def test_a_wage_bill_under_cost_is_still_a_cost(name: str, target: str) -> None:
    data = clean_form_data()
    data["indicators"].append({"level1": "产出指标", "level2": "成本指标", "name": name, "target": target,
                               "basis": "计划标准"})
    assert "cost-operator" in [f.rule for f in review(declaration(data))]
