"""The review of the five published 2022 forms, finding by finding (the closing note of issue 2 says why each is right)."""

from __future__ import annotations

from jixiao.core.review import PROFILES, review
from jixiao.formats.json_io import seed_declarations

VAGUE = "vague-wording"
BASIS = "basis-missing"

EXPECTED = {
    "窗口业务管理": [
        ("warning", VAGUE, "indicators[7].target"),  # 优化营商环境: 优化
        ("warning", VAGUE, "indicators[8].target"),  # 政府服务窗口工作效能: 提升
        ("warning", VAGUE, "indicators[9].target"),  # 提升企业办事体验感: 提升
        ("warning", BASIS, "indicators"),
    ],
    "深化“一网通办”专项费用": [
        # 至少每半个月分析1次 = at least 24 a year, the indicator says >=18次
        ("warning", "goal-indicator-consistency", "indicators[1].target"),
        ("warning", VAGUE, "indicators[15].target"),  # 系统操作效率提升: 提升
        ("warning", BASIS, "indicators"),
        # 完成至少50个人工智能事项建设 vs 人工智能事项数 =50个
        ("info", "goal-indicator-consistency", "indicators[5].target"),
    ],
    "网络信息系统开发、升级、建设（历年已批复）": [
        ("warning", VAGUE, "indicators[8].target"),  # 系统操作效率提升: 提升
        ("warning", BASIS, "indicators"),
    ],
    "网络信息系统运行与维护": [
        # 一般故障半小时内解决 vs 一般故障平均恢复时长 <=15分钟
        ("warning", "goal-indicator-consistency", "indicators[6].target"),
        ("warning", VAGUE, "indicators[13].target"),  # 系统操作效率提升: 提升
        ("warning", BASIS, "indicators"),
        ("info", "goal-unmeasured", "annual_goal"),  # 重大故障2至6小时内解决: no indicator
    ],
    "宣传与推广": [
        ("warning", VAGUE, "indicators[9].target"),  # 窗口工作效能: 提高
        ("warning", VAGUE, "indicators[10].target"),  # 提升政策普及率: 提升
        ("warning", VAGUE, "indicators[11].target"),  # 微信公众号推文浏览量: 增长
        ("warning", BASIS, "indicators"),
    ],
}


def test_seed_forms_review_result() -> None:
    result = {
        doc.name: [(str(f.severity), f.rule, f.where) for f in review(doc)] for doc in seed_declarations()
    }
    assert result == EXPECTED


def test_seed_goal_findings_quote_the_goal_and_the_indicator() -> None:
    messages = [f.message for doc in seed_declarations() for f in review(doc) if f.rule.startswith("goal")]
    assert messages == [
        "年度总目标写“至少每半个月全面分析1次”（≥ 24 次/年），第2个指标“办事指南及网办能力质检分析次数”却是“>=18次”，"
        "低于目标的承诺",
        "年度总目标写“至少50个”（≥ 50 个），第6个指标“人工智能事项数”写作“=50个”（恰好等于）",
        "年度总目标写“半小时内”（≤ 0.5 小时），第7个指标“一般故障平均恢复时长”却是“<=15分钟”，与目标的承诺不一致（指标更严）",
        "年度总目标中的“2至6小时内”（≤ 6 小时）没有对应的绩效指标",
    ]


def test_seed_forms_have_no_errors_and_no_basis_warning_under_the_shanghai_profile() -> None:
    for doc in seed_declarations():
        rules = {f.rule for f in review(doc, PROFILES["shanghai-2022"])}
        assert BASIS not in rules
        assert all(f.severity != "error" for f in review(doc))
