"""Reading quantified commitments from goal text, and matching them to indicators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jixiao.core.review import review
from jixiao.core.review.commitments import DATE_UNIT, commitments
from jixiao.core.review.goals import similarity
from tests.conftest import clean_form_data, declaration


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("保证每天有7名志愿者在岗", [("=", "7", "名")]),
        ("至少每半个月全面分析1次办事指南维护情况", [(">=", "24", "次")]),
        ("每季度开展1次检查", [("=", "4", "次")]),
        ("每周不少于3次推文", [(">=", "156", "次")]),
        ("每月1次", [("=", "12", "次")]),
        ("一般故障半小时内解决", [("<=", "1800", "秒")]),
        ("重大故障2至6小时内解决", [("<=", "21600", "秒")]),
        ("使用者投诉率小于10%", [("<", "10", "%")]),
        ("满意度达到100%", [("reach", "100", "%")]),
        ("满意度不低于９５％", [(">=", "95", "%")]),  # full-width digits and percent sign, as Chinese input writes them
        ("满意度≥95%", [(">=", "95", "%")]),
        ("满意度＞＝９０％", [(">=", "90", "%")]),
        ("投诉率≤5%，响应时间<2小时", [("<=", "5", "%"), ("<", "7200", "秒")]),
        ("服务群众不少于1,000人次", [(">=", "1000", "人次")]),
        ("完成1,200,000元投资,覆盖5个社区", [("=", "1200000", "元"), ("=", "5", "个")]),
        ("完成5项,10个社区", [("=", "5", "项"), ("=", "10", "个")]),  # an ASCII comma between clauses
        ("梳理不少于10项企业档案信息", [(">=", "10", "项")]),
        ("完成至少50个人工智能事项建设", [(">=", "50", "个")]),
        ("培训人数达到1.5万人次", [("reach", "15000", "人次")]),  # 万 before a count multiplies it
        ("惠及2万户、3千名居民", [("=", "20000", "户"), ("=", "3000", "名")]),
        ("群众满意度提升至95%", [("reach", "95", "%")]),
        ("巡检不少于2次/周", [(">=", "104", "次")]),  # a count per period after the unit: a yearly count
        ("发放补贴100元/月", [("=", "100", "元/月")]),  # a rate stays a rate
        ("办理时限压缩至3个工作日", [("<=", "3", "个工作日")]),
        ("控制在90万元以内", [("<=", "900000", "元")]),
        ("周一到周五 8:30-17:00驻场工程师现场服务", []),
        ("1、建立健全长效管理制度；2、提升政务服务能级。", []),
        ("2022年完成建设", []),
        ("通过将综窗系统升级、两个免于提交工作落地延续", []),
        ("至少两次专项检查", [(">=", "2", "次")]),
        # numbers that are not quantities: dates, ordinals, products, ages, names in quotation marks
        ("于2022年12月31日完成系统上线", []),  # read as a deadline when it says 前 (below)
        ("项目实施期为2022年1月1日至2022年12月31日", []),
        ("5日内办结", [("<=", "432000", "秒")]),  # a number of days is still read
        ("年内完成第3期工程，依据《条例》第10条开展检查", []),
        ("提供7×24小时运维服务", []),
        ("为年满18周岁的居民建档", []),
        ("推进“15分钟社区生活圈”建设，落实《2022年100项重点工作》", []),
        ('推进"15分钟社区生活圈"建设，「3年行动计划」', []),
        ("新建和改造公厕30座（其中新建10座）", [("=", "30", "座"), ("=", "10", "座")]),
        ("“一网通办”事项达到1500项", [("reach", "1500", "项")]),
        ("庆祝建党102周年，培育文艺团队10支", [("=", "10", "支")]),
        ("春秋两季集中免疫各1次", []),  # once for each of several: the total is not said
        # Chinese numerals as numbers are written; a lone 一 or 两 ("一个", "两个": "a", "a couple") commits only with
        # an operator or a frequency, and "一次性" never
        ("惠及八百余人，培训学员一千二百人次，开展演出二十场", [(">=", "800", "人"), ("=", "1200", "人次"), ("=", "20", "场")]),
        ("观众八万人次", [("=", "80000", "人次")]),
        ("“十三五”期间，一次性补贴，三四个社区，建立一个平台，举办三场活动", [("=", "3", "场")]),
        ("每处每月巡查不少于两次，每季度开展一次入户核查，全年举办临时展览八个", [(">=", "24", "次"), ("=", "4", "次"),
                                                         ("=", "8", "个")]),
        ("图书外借量达到60万册次，完成1,236条段河道保洁，每餐补贴6元", [("reach", "600000", "册次"), ("=", "1236", "条段"),
                                                     ("=", "6", "元/餐")]),
        # standards for each of something, hours per person, every ten days, averages per period
        ("每队配备标准不低于15万元，单个建设标准不超过60万元，每座每年3万元", [(">=", "150000", "元/队"),
                                                        ("<=", "600000", "元/个"), ("=", "30000", "元/座")]),
        ("每人每月服务不少于20小时，每天开放8小时", [(">=", "72000", "秒/人·月"), ("=", "28800", "秒")]),
        ("全年每旬发布旬报1期，完成1.2万卷次、50项次，日均服务乘客2000人次", [("=", "36", "期"), ("=", "12000", "卷次"),
                                                          ("=", "50", "项次"), ("=", "730000", "人次")]),
        # the past a sentence opens on covers its clauses, until one turns to what is planned
        ("上年全区共检查1860家次，排查隐患4300余项；上年接待5万人次，今年力争6万人次", [("=", "60000", "人次")]),
        ("现有床位300张，新增床位50张，打造15分钟健身圈", [("=", "50", "张")]),
        ("桥梁经常性检查1940座次，每部补助15万元，小学生均公用经费每年1200元", [("=", "1940", "座次"),
                                                          ("=", "150000", "元/部"), ("=", "1200", "元/人")]),
        ("普及率达到百分之九十五，满意度百分之百", [("reach", "95", "%"), ("=", "100", "%")]),
        # 万 inside a numeral, a numeral's omitted last scale (一千二 is 1200), and decimals after 点
        ("服务群众一万二千人次，接待两万五千人次，完成一万零五百件", [("=", "12000", "人次"), ("=", "25000", "人次"),
                                                  ("=", "10500", "件")]),
        ("培训一千二人次，满意度达到百分之八十五点五，服务三点五万人次", [("=", "1200", "人次"), ("reach", "85.5", "%"),
                                                     ("=", "35000", "人次")]),
        # a range: between its bounds (value is the upper); within a range, the upper bound
        ("病床使用率保持在85%-93%", [("=", "93", "%")]),
        ("产后访视于出院后3-7天内完成", [("<=", "604800", "秒")]),
        ("抽检3000批次以上，节约用电80万千瓦时，亩产提高50公斤", [(">=", "3000", "批次"), ("=", "800000", "千瓦时"),
                                                       ("=", "50", "千克")]),
        # 余 and 多 after the number: more than it
        ("组织100余人次参加培训", [(">=", "100", "人次")]),
        ("全年接待群众咨询5万余人次", [(">=", "50000", "人次")]),
        ("为300多名学生提供午餐", [(">=", "300", "名")]),
        # a change from a baseline: the size of the change
        ("就业率同比增长5%", [("=", "5", "%")]),
        ("满意度较上年提高不少于2个百分点", [(">=", "2", "个百分点")]),
        ("满意度提高至95%", [("reach", "95", "%")]),  # a change *to* a level is that level
        ("满意度由2022年的90%提高到92%，办理时限由20个工作日压缩至10个工作日", [("reach", "92", "%"),
                                                               ("<=", "10", "个工作日")]),  # not the baselines
        # money per person or period is a rate, as "300元/人·月"; per year alone it is an amount
        ("发放补贴每人每月300元", [("=", "3600", "元/人")]),  # a year's, per person
        ("补贴标准每户2万元", [("=", "20000", "元/户")]),
        ("每年投入资金10万元", [("=", "100000", "元")]),
        ("每月为每户发放补贴200元", [("=", "2400", "元/户")]),
        ("生活补助标准为300元/人·月，补助标准每人300元/月", [("=", "3600", "元/人"), ("=", "3600", "元/人")]),
        ("伙食补助每生每日15元", [("=", "5475", "元/人")]),
        ("每村补助5万元，每位老人每月补贴100元", [("=", "50000", "元/村"), ("=", "1200", "元/人")]),
        ("补助标准300元/（人·月）", [("=", "3600", "元/人")]),
        ("小学生每生每年1000元、初中生每生每年1250元", [("=", "1000", "元/人"), ("=", "1250", "元/人")]),  # each item's
        ("完成馆藏档案数字化扫描120万页", [("=", "1200000", "页")]),
        ("上门服务1000人/次", [("=", "1000", "人")]),  # 人次 spelt loosely, not people per visit
        # events per period are counted per year, things on duty per period are not
        ("每月开展2场培训", [("=", "24", "场")]),
        ("每学期送教下乡不少于2次", [(">=", "4", "次")]),
        ("每月服务200人次", [("=", "2400", "人次")]),
        ("每月检测车辆200辆次", [("=", "2400", "辆次")]),
        ("每个月开展1次巡检，每两周1次例会，每3个月1次演练", [("=", "12", "次"), ("=", "26", "次"), ("=", "4", "次")]),
        ("每月开展法律咨询活动，全年不少于24场", [(">=", "24", "场")]),  # the total is said: not 24 a month
        ("每月开展公共卫生宣传活动2次，每季度开展共建活动1次", [("=", "24", "次"), ("=", "4", "次")]),  # 公共 is no total
        ("每十天开展1次安全巡查", [("=", "36.5", "次")]),
        ("每月开展2-3次巡查", [("=", "36", "次")]),  # 24 to 36 a year (the lower bound is made a year's too)
        ("每月开展培训2次/人", [("=", "24", "次/人")]),
    ],
)
def test_commitments_are_read_from_goal_text(goal: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.op, c.value, c.unit) for c in commitments(goal)] == [(op, Decimal(v), u) for op, v, u in expected]


def test_similarity_prefers_the_indicator_the_clause_speaks_of() -> None:
    clause = "一般故障解决"
    assert similarity("一般故障平均恢复时长", clause) > similarity("系统故障响应及时", clause)
    assert similarity("窗口正常运转率", "保障服务窗口正常运转率") == 1.0
    assert similarity("", clause) == 0.0


def _with_goal(goal: str, *indicators: dict[str, str]) -> list[tuple[str, str, str]]:
    data = clean_form_data()
    data["annual_goal"] = goal
    data["overall_goal"] = "为辖区居民提供健康服务。"
    data["indicators"] += [{"basis": "计划标准", **i} for i in indicators]
    return [(f.rule, str(f.severity), f.where) for f in review(declaration(data)) if f.rule.startswith("goal")]


def test_a_goal_and_an_indicator_that_agree_are_silent() -> None:
    volunteers = {"level1": "产出指标", "level2": "数量指标", "name": "志愿者岗位数", "target": "=7个"}
    assert _with_goal("保证每天有7名志愿者在岗。", volunteers) == []


def test_reach_agrees_with_equal_and_at_least() -> None:
    rate = {"level1": "产出指标", "level2": "质量指标", "name": "窗口正常运转率", "target": "=100%"}
    assert _with_goal("保障服务窗口正常运转率达到100%。", rate) == []


def test_a_frequency_is_compared_as_a_yearly_count() -> None:
    checks = {"level1": "产出指标", "level2": "数量指标", "name": "安全巡检次数", "target": ">=12次"}
    assert _with_goal("每月开展1次安全巡检。", checks) == []
    assert _with_goal("每周开展1次安全巡检。", checks) == [("goal-indicator-consistency", "warning", "indicators[8].target")]


def test_a_commitment_in_another_unit_family_does_not_match() -> None:
    hours = {"level1": "产出指标", "level2": "时效指标", "name": "设备故障修复时间", "target": "<=90%"}
    assert _with_goal("设备故障4小时内修复。", hours) == [("goal-unmeasured", "info", "annual_goal")]


def test_the_same_commitment_in_both_goals_is_reported_once() -> None:
    data = clean_form_data()
    data["overall_goal"] = data["annual_goal"] + "另每季度开展1次回访。"
    data["annual_goal"] = "每季度开展1次回访。"
    rules = [f.rule for f in review(declaration(data))]
    assert rules.count("goal-unmeasured") == 1


def test_a_goal_written_with_symbols_keeps_its_direction() -> None:
    complaints = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "投诉率", "target": "<=3%"}
    data = clean_form_data()
    data["annual_goal"] = "投诉率≤5%。"
    data["indicators"] += [{"basis": "计划标准", **complaints}]
    (finding,) = [f for f in review(declaration(data)) if f.rule == "goal-indicator-consistency"]
    assert "（≤ 5 %）" in finding.message and finding.message.endswith("与目标的承诺不一致（指标更严）")


@pytest.mark.parametrize(
    ("goal", "phrase", "shown", "change"),
    [
        ("就业率同比增长5%", "同比增长5%", "增长 5 %", "增长"),
        ("满意度较上年提高不少于2个百分点", "较上年提高不少于2个百分点", "提高 ≥ 2 个百分点", "提高"),
        ("满意度提高至95%", "提高至95%", "达到 95 %", ""),
        ("发放补贴每人每月300元", "每人每月300元", "= 300 元/人·月", ""),
        ("每月开展2场培训", "每月开展2场", "= 24 场/年", ""),
        ("每月开展2-3次巡查", "每月开展2-3次", "24~36 次/年", ""),
    ],
)
def test_how_a_commitment_is_quoted(goal: str, phrase: str, shown: str, change: str) -> None:
    (commitment,) = commitments(goal)
    assert (commitment.phrase, commitment.shown, commitment.change) == (phrase, shown, change)


def test_a_date_in_a_goal_is_not_a_number_of_days() -> None:
    # Before, "31日" was read as "= 31 日" and reported against <=30天 as a contradiction. The deadline is not a
    # number of days: no indicator here is a deadline, so it is unmeasured.
    launch = {"level1": "产出指标", "level2": "时效指标", "name": "系统上线时间", "target": "<=30天"}
    assert _with_goal("2023年12月31日前完成系统上线。", launch) == [("goal-unmeasured", "info", "annual_goal")]


_EMPLOYMENT = {"level1": "产出指标", "level2": "质量指标", "name": "就业率", "target": ">=90%"}
_GROWTH = {"level1": "产出指标", "level2": "数量指标", "name": "就业人数增长率", "target": ">=5%"}


def test_a_change_is_not_compared_with_a_level() -> None:
    # Before, "增长5%" was read as "= 5 %" and reported against 就业率 >=90% as a contradiction.
    assert _with_goal("就业率同比增长5%。", _EMPLOYMENT) == [("goal-unmeasured", "info", "annual_goal")]
    assert _with_goal("就业率达到90%。", _GROWTH, _EMPLOYMENT) == []


def test_a_change_is_compared_with_an_indicator_of_a_change() -> None:
    assert _with_goal("就业率同比增长5%。", _EMPLOYMENT, _GROWTH) == []
    assert _with_goal("就业率同比增长5%。", _EMPLOYMENT, {**_GROWTH, "target": "=3%"}) == [
        ("goal-indicator-consistency", "warning", "indicators[9].target")
    ]
    by_target = {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "群众满意度", "target": "较上年提高1个百分点"}
    assert _with_goal("满意度较上年提高2个百分点。", by_target) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


@pytest.mark.parametrize(
    ("goal", "year", "expected"),
    [
        ("2022年6月底前完成招标", None, [("2022年6月底前", "2022-06-30")]),
        ("于2022年12月31日之前完成验收", None, [("2022年12月31日之前", "2022-12-31")]),
        ("年底前完成系统上线", 2023, [("年底前", "2023-12-31")]),
        ("３月１５日前报送", 2023, [("３月１５日前", "2023-03-15")]),  # full-width digits
        ("10月中旬前完成", 2023, [("10月中旬前", "2023-10-20")]),
        ("三季度末前全部安装到位", 2023, [("三季度末前", "2023-09-30")]),
        ("2024年上半年前完成", None, [("2024年上半年前", "2024-06-30")]),
        ("资金于次年3月底前拨付到位", 2023, [("次年3月底前", "2024-03-31")]),
        ("次年底前完成项目验收", 2023, [("次年底前", "2024-12-31")]),
        ("2024年年底前完成项目验收", 2023, [("2024年年底前", "2024-12-31")]),
        ("项目前期工作已于2022年12月前完成，2023年6月底前完成招标", 2023, [("2023年6月底前", "2023-06-30")]),
        ("年底前完成系统上线", None, []),  # no year to resolve it against
        ("项目实施期为2022年1月1日至2022年12月31日", 2022, []),  # a period, not a deadline
    ],
)
def test_deadlines_are_read_from_goal_text(goal: str, year: int | None, expected: list[tuple[str, str]]) -> None:
    found = commitments(goal, year)
    assert [(c.phrase, date.fromordinal(int(c.value)).isoformat()) for c in found] == expected
    assert all((c.op, c.unit) == ("<=", DATE_UNIT) for c in found)


def _deadline(name: str, target: str) -> dict[str, str]:
    return {"level1": "产出指标", "level2": "时效指标", "name": name, "target": target}


def test_a_later_deadline_in_an_indicator_contradicts_the_goal() -> None:
    tender = _deadline("招标完成时间", "2023年9月30日前")
    data = clean_form_data()
    data["annual_goal"] = "2023年6月底前完成招标。"
    data["indicators"] += [{"basis": "计划标准", **tender}]
    (finding,) = [f for f in review(declaration(data)) if f.rule.startswith("goal")]
    assert finding.message == ("年度总目标写“2023年6月底前”（2023年6月30日前），第9个指标“招标完成时间”却是“2023年9月30日前”，"
                               "比目标的承诺宽松")


def test_a_deadline_met_early_or_on_time_is_silent() -> None:
    launch = _deadline("系统上线时间", "2023年10月31日前")
    assert _with_goal("年底前完成系统上线。", launch) == []  # the form's year, 2023
    assert _with_goal("10月底前完成系统上线。", launch) == []


def test_a_deadline_is_compared_only_with_deadlines() -> None:
    # A bare number has no unit and compares with any quantity; a date must not be taken for one.
    bare = {"level1": "产出指标", "level2": "数量指标", "name": "采购完成数", "target": "22"}
    assert _with_goal("6月底前完成采购。", bare) == [("goal-unmeasured", "info", "annual_goal")]


def _quantity(name: str, target: str, level2: str = "数量指标") -> dict[str, str]:
    return {"level1": "产出指标", "level2": level2, "name": name, "target": target}


def test_a_commitment_without_words_of_its_own_is_about_the_clause_before() -> None:
    checks = _quantity("水质断面监测频次", ">=12次")
    assert _with_goal("对重点河道水质断面开展监测，每月1次。", checks) == []
    assert _with_goal("对重点河道水质断面开展监测，每月1次。", {**checks, "target": ">=6次"}) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_the_same_large_count_in_the_same_unit_matches_when_the_words_differ() -> None:
    households = _quantity("受益住户数", ">=1200户")
    assert _with_goal("加梯项目惠及居民不少于1200户。", households) == []
    # 100% and small counts coincide too often: a goal about one thing is not matched to another by them
    assert _with_goal("窗口正常运转率达到100%。", _quantity("账单支付及时率", "=100%", "质量指标")) == [
        ("goal-unmeasured", "info", "annual_goal")
    ]
    assert _with_goal("组织专题调研2次。", _quantity("印章送达次数", "=2次")) == [("goal-unmeasured", "info", "annual_goal")]


def test_a_value_in_its_very_unit_outweighs_a_more_similar_name_in_a_count_word() -> None:
    schools, guards = _quantity("安保服务覆盖学校数", "=65所"), _quantity("专职保安员人数", "=320名")
    assert _with_goal("为全区65所中小学配备专职保安员320名。", schools, guards) == []


def test_lone_numerals_frequencies_per_place_and_time_limits_are_compared() -> None:
    checks = _quantity("入户核查次数", ">=2次")
    assert _with_goal("每季度开展一次入户核查。", checks) == [("goal-indicator-consistency", "warning", "indicators[8].target")]
    patrols = _quantity("每处文物年度巡查次数", ">=24次")
    assert _with_goal("每处每月巡查不少于两次。", patrols) == []
    elders = _quantity("服务老年人数", ">=1200人")
    assert _with_goal("为一千五百名高龄老人提供助餐服务。", elders) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")]
    limit = _quantity("成果展举办时限", "培训结束后1个月内", "时效指标")
    assert _with_goal("培训结束后1个月内完成成果汇报展。", limit) == []


def test_an_indicator_named_for_a_period_counts_per_that_period() -> None:
    assert _with_goal("护林员每日巡山不少于1次。", _quantity("护林员每日巡山次数", ">=1次")) == []
    assert _with_goal("每月开展活动不少于2次。", _quantity("儿童之家每月活动次数", ">=2次")) == []
    assert _with_goal("每月开展活动不少于2次。", _quantity("儿童之家每月活动次数", ">=1次")) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")]
    assert _with_goal("日均接待群众1000人次。", _quantity("接待群众人次", ">=1000人次/天")) == []


def test_money_per_person_or_period_is_compared_with_the_same_rate() -> None:
    allowance = _quantity("高龄津贴发放标准", "=100元/人·月", "成本指标")
    assert _with_goal("为高龄老人发放津贴，发放标准每人每月100元。", allowance) == []
    heating = _quantity("取暖补贴标准", "=200元/户", "成本指标")
    assert _with_goal("发放冬季取暖补贴，补贴标准每户300元。", heating) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_events_per_period_compare_with_yearly_counts_and_with_counts_per_period() -> None:
    assert _with_goal("每月开展2场法律咨询活动。", _quantity("法律咨询活动场次", ">=24场")) == []
    assert _with_goal("每月开展2场法律咨询活动。", _quantity("法律咨询活动场次", "每月2场")) == []
    assert _with_goal("每月开展2场法律咨询活动。", _quantity("法律咨询活动场次", ">=2场")) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")  # 2 a year is not 2 a month
    ]
    assert _with_goal("每学期送教下乡不少于2次。", _quantity("送教下乡次数", ">=2次/学期")) == []


def test_a_range_indicator_is_compared_by_the_bound_the_goal_speaks_of() -> None:
    beds = _quantity("病床使用率", "85%-90%", "质量指标")
    assert _with_goal("病床使用率保持在85%-90%。", beds) == []
    assert _with_goal("病床使用率不低于85%。", beds) == []
    assert _with_goal("病床使用率保持在85%-93%。", beds) == [("goal-indicator-consistency", "warning", "indicators[8].target")]


def test_a_growth_rate_is_a_change_in_the_goal_and_in_the_indicator() -> None:
    growth = _quantity("旅游综合收入增长率", ">=8%", "经济效益指标")
    assert _with_goal("旅游综合收入增长率不低于8%。", growth) == []
    # a verb in an indicator's name does not make it a change: "提高群众满意度" >=95% is a level
    assert _with_goal("群众满意度达到95%。", _quantity("提高群众满意度", ">=95%", "服务对象满意度指标")) == []


def test_people_are_not_compared_with_days_or_visits() -> None:
    # Before, 名 (a generic count) was comparable with 个工作日 and 次, and "2000名" was reported against a time limit.
    limit = _quantity("补贴发放时限", "<=20个工作日", "时效指标")
    assert _with_goal("为2000名高校毕业生发放补贴。", limit) == [("goal-unmeasured", "info", "annual_goal")]


def test_milestones_sharing_one_deadline_indicator() -> None:
    # The indicator measures the deadline most like it; before, 6月底前 was also compared with it, as looser.
    completion = _deadline("项目建设完成时间", "2023年12月31日前")
    assert _with_goal("6月底前完成项目招标，年底前完成项目建设。", completion) == [("goal-unmeasured", "info", "annual_goal")]
    assert _with_goal("年底前完成项目建设，6月底前完成项目招标。", completion) == [("goal-unmeasured", "info", "annual_goal")]


def test_counts_per_week_or_day_agree_with_counts_per_month_to_within_a_tenth() -> None:
    patrols = _quantity("安全巡检次数", ">=4次/月")
    assert _with_goal("每周开展1次安全巡检。", patrols) == []  # 52 and 48 a year
    assert _with_goal("每周开展2次安全巡检。", patrols) == [("goal-indicator-consistency", "warning", "indicators[8].target")]
    # a half month is exact: 24 a year is not 22
    analysis = _quantity("质检分析次数", ">=22次")
    assert _with_goal("至少每半个月全面分析1次质检情况。", analysis) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_rate_in_the_overall_goal_is_not_a_total_the_year_may_exceed() -> None:
    data = clean_form_data()
    data["end_date"] = "2025-12-31"  # three years
    data["overall_goal"] = "补贴标准每户不低于2万元，项目期内每月巡查1次。"
    data["annual_goal"] = "为辖区居民提供健康服务。"
    data["indicators"] += [{"basis": "计划标准", **_quantity("户均补贴标准", ">=2.5万元/户", "成本指标")},
                           {"basis": "计划标准", **_quantity("巡查次数", ">=1次/周")}]
    assert [f for f in review(declaration(data)) if f.rule == "annual-exceeds-overall"] == []


def test_a_longer_project_s_totals_are_not_asked_of_the_annual_indicators() -> None:
    data = clean_form_data()
    data["end_date"] = "2025-12-31"
    data["overall_goal"] = "2023—2025年累计建设健身场地90处，人均体育场地面积达到2.6平方米。"
    data["annual_goal"] = "为辖区居民提供健康服务。"
    findings = [f for f in review(declaration(data)) if f.rule.startswith("goal")]
    assert findings == []  # RULES.md §4 check 18 asks the annual goal's tasks for indicators, not the period's totals
    # ... but an annual indicator larger than the period's total is still reported
    data["overall_goal"] = "2023—2025年为困难群众发放救助金，两年累计救助1200人次。"
    data["indicators"] += [{"basis": "计划标准", **_quantity("临时救助人次", ">=1500人次")}]
    exceeded = [f.where for f in review(declaration(data)) if f.rule == "annual-exceeds-overall"]
    assert exceeded == ["indicators[8].target"]


def test_the_items_of_a_list_are_about_their_own_words() -> None:
    devices = _quantity("网络及弱电设备运维数量", "=665台")
    terminals = _quantity("信息化终端运维数量", "=1200台")
    assert _with_goal("对665台网络及弱电设备、1200台信息化终端开展运维。", devices, terminals) == []


def test_a_ceiling_on_a_concentration_is_read() -> None:
    pm25 = _quantity("PM2.5年均浓度", ">=35微克/立方米", "生态效益指标")
    assert _with_goal("PM2.5年均浓度控制在35微克/立方米以内。", pm25) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")  # the direction is reversed
    ]


def _deadlines_found(annual: str, overall: str = "为辖区居民提供健康服务。", end: str = "2023-12-31",
                     *indicators: dict[str, str]) -> list[tuple[str, str, str]]:
    data = clean_form_data()
    data["annual_goal"], data["overall_goal"], data["end_date"] = annual, overall, end
    data["indicators"] += [{"basis": "计划标准", **i} for i in indicators]
    return [(f.rule, str(f.severity), f.message) for f in review(declaration(data)) if f.rule.startswith("goal")]


def test_a_deadline_indicator_goes_to_its_very_date_first() -> None:
    tender, completion = _deadline("招标完成时间", "2023年6月30日前"), _deadline("项目建设完成时间", "2023年12月31日前")
    assert _deadlines_found("6月底前完成项目招标，年底前完成项目建设。", "为辖区居民提供健康服务。", "2023-12-31", tender,
                            completion) == []
    # two milestones of the same date both agree with it; a deadline in both goals is one commitment
    assert _deadlines_found("12月底前完成项目建设，年底前完成竣工验收。", "年底前完成项目建设。", "2023-12-31",
                            completion) == []
    # a deadline left without its indicator does not disturb the other commitments (健康讲座12场 is measured)
    assert _deadlines_found("年底前全部完工，2023年12月31日前完成主体建设。", "开展健康讲座12场，12月底前完成项目建设。",
                            "2023-12-31", completion) == []


def test_a_longer_project_s_overall_deadline_does_not_take_the_annual_one_s_indicator() -> None:
    works = _deadline("工程建设完成时间", "2023年12月31日前")
    assert _deadlines_found("年底前完成一期工程。", "2025年底前完成工程建设。", "2025-12-31", works) == []


def test_only_counts_of_events_agree_to_within_a_tenth() -> None:
    meals = _quantity("伙食补助标准", ">=16元/天", "成本指标")
    assert _with_goal("伙食补助标准为15元/天。", meals) == [("goal-indicator-consistency", "warning", "indicators[8].target")]


def test_a_year_s_figure_in_a_longer_project_s_overall_goal_is_not_its_total() -> None:
    data = clean_form_data()
    data["end_date"] = "2025-12-31"
    data["annual_goal"] = "为辖区居民提供健康服务。"
    data["indicators"] += [{"basis": "计划标准", **_quantity("新增就业岗位数", ">=220个")},
                           {"basis": "计划标准", **_quantity("培训人次", ">=100人次/月")}]
    data["overall_goal"] = "项目期内每年新增就业岗位不少于200个。"
    assert [f for f in review(declaration(data)) if f.rule == "annual-exceeds-overall"] == []
    data["overall_goal"] = "三年累计培训不少于1000人次。"  # 100 a month is 1,200 a year: more than the three years'
    assert [f.where for f in review(declaration(data)) if f.rule == "annual-exceeds-overall"] == ["indicators[9].target"]


def test_a_range_in_a_goal_agrees_with_its_bounds_and_what_lies_within() -> None:
    satisfaction = _quantity("群众满意度", ">=90%", "服务对象满意度指标")
    assert _with_goal("群众满意度保持在90%-95%。", satisfaction) == []
    assert _with_goal("群众满意度保持在90%-95%。", {**satisfaction, "target": "=92%"}) == []
    assert _with_goal("群众满意度保持在90%-95%。", {**satisfaction, "target": ">=85%"}) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_count_for_each_thing_is_compared_only_with_an_indicator_for_each() -> None:
    trainees = _quantity("培训人数", "=200人")  # 50 a session is not compared with the 200 in all
    assert [f for f in _with_goal("每期培训50人，共培训200人。", trainees) if f[1] == "warning"] == []
    days = _quantity("每期培训天数", "3-5天")
    assert _with_goal("培训班每期3-5天。", days) == []
    films = _quantity("公益电影放映场次", ">=144场")
    assert _with_goal("每个镇街每月放映公益电影1场，全年放映144场。", films) == [("goal-unmeasured", "info", "annual_goal")]


def test_an_indicator_measures_one_of_the_goal_s_commitments() -> None:
    stations = _quantity("站点建设数量", "=10个")
    assert _with_goal("建设1个中心、10个站点。", stations) == [("goal-unmeasured", "info", "annual_goal")]


def test_a_figure_per_head_in_an_overall_goal_is_not_a_total() -> None:
    data = clean_form_data()
    data["end_date"] = "2025-12-31"
    data["overall_goal"] = "三年内将辖区人均公园绿地面积提高到15平方米。"
    data["annual_goal"] = "新增公园绿地5万平方米。"
    data["indicators"] += [{"basis": "计划标准", **_quantity("新增公园绿地面积", ">=5万平方米")}]
    assert [f for f in review(declaration(data)) if f.rule == "annual-exceeds-overall"] == []


def test_a_cumulative_count_goes_to_the_indicator_of_the_total() -> None:
    data = clean_form_data()
    data["start_date"], data["end_date"] = "2022-01-01", "2024-12-31"
    data["overall_goal"] = "三年内建成区级综合养老服务中心1个、社区养老服务站30个。"
    data["annual_goal"] = "2023年建成数字乡村示范村10个，累计达到20个。"
    data["indicators"] += [{"basis": "计划标准", **_quantity("社区养老服务站建成数量", "=10个")},
                           {"basis": "计划标准", **_quantity("年度建成示范村数量", "=10个")},
                           {"basis": "计划标准", **_quantity("累计建成示范村数量", ">=20个")}]
    warnings = [f for f in review(declaration(data)) if f.severity == "warning" and f.rule.startswith(("goal", "annual"))]
    assert warnings == []  # the 1个 is the centre's, and 累计达到20个 is the total's


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("2022年已完成改造45个，2023年计划完成32个老旧小区改造", [("=", "32", "个")]),
        ("截至2022年底全县已建成示范村8个，2023—2025年再建成示范村30个", [("=", "30", "个")]),
        ("2022年全区共开展禁毒宣传活动260场；2023年开展活动不少于300场", [(">=", "300", "场")]),
        ("满意度较2022年提高2个百分点", [("=", "2", "个百分点")]),  # a baseline year is not history
        ("由2022年的90%提高到92%", [("reach", "92", "%")]),
        ("2023—2025年累计建成30个", [("=", "30", "个")]),  # the start of a period is not history
        ("现有养老床位300张，本年再增加50张", [("=", "50", "张")]),
        ("2022年，全区完成河道清淤45公里；本年完成河道清淤30公里", [("=", "30000", "米")]),  # the year in a clause of its own
        ("截至2022年底，全区建成8个，本年新增3个", [("=", "3", "个")]),
        ("2023年，完成河道清淤30公里", [("=", "30000", "米")]),
        ("项目已完成投资2800万元，本年完成投资500万元", [("=", "5000000", "元")]),
        # what qualifies this year's work is not background
        ("对已建成的污水处理站完成提标改造8座", [("=", "8", "座")]),
        ("为已婚育龄妇女提供免费两癌筛查不少于3000人", [(">=", "3000", "人")]),
        ("对2022年受灾的300户农户给予生产恢复补助", [("=", "300", "户")]),
        ("截至2023年底累计完成农村户厕改造1200户", [("=", "1200", "户")]),
    ],
)
def test_what_has_been_done_is_background(goal: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.op, c.value, c.unit) for c in commitments(goal, 2023)] == [(op, Decimal(v), u) for op, v, u in expected]


def test_an_indicator_measures_the_commitment_it_agrees_with() -> None:
    activities = _quantity("志愿服务活动场次", ">=4000场")
    found = _with_goal("依托文明实践站186个，每月开展志愿服务活动不少于2场，全年累计开展活动不少于4000场。", activities)
    assert [f for f in found if f[1] == "warning"] == []  # 2 a month (each station's) is the one unmeasured


def test_a_short_clause_keeps_its_own_words() -> None:
    total = _quantity("高新技术企业总数", ">=350家")
    projects = _quantity("支持技术改造项目数量", ">=60个")
    assert _with_goal("支持企业技术改造项目60个，新增高新技术企业50家、总数达到350家。", projects, total) == [
        ("goal-unmeasured", "info", "annual_goal")  # the 50家 new ones
    ]


def test_a_breakdown_is_measured_by_an_indicator_of_the_breakdown() -> None:
    provincial = _quantity("省级资金", "=800万元", "成本指标")
    assert _with_goal("发放补贴1200万元（其中省级资金800万元）。", provincial) == [("goal-unmeasured", "info", "annual_goal")]
    toilets = _quantity("新建和改造公厕数量", ">=30座")
    assert _with_goal("新建和改造公厕30座（其中新建10座）。", toilets) == [("goal-unmeasured", "info", "annual_goal")]


def test_a_deadline_already_met_is_background() -> None:
    tender = _deadline("招标完成时间", "2023年6月30日前")
    # before, 2月底前 was read and 6月30日前 reported as looser than it
    assert _with_goal("项目已于2023年2月底前完成招标，年底前完成建设。", tender) == []


def test_standards_per_person_and_period_compare_as_a_year_s() -> None:
    kindergarten = _quantity("普惠性民办园生均补助", "=1500元/生·年", "成本指标")
    assert _with_goal("对普惠性民办园按每生每月100元给予生均补助。", kindergarten) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")  # 1,200 a year is not 1,500
    ]
    assert _with_goal("对普惠性民办园按每生每月125元给予生均补助。", kindergarten) == []
    disability = _quantity("困难残疾人生活补贴标准", "=90元/人·月", "成本指标")
    assert _with_goal("困难残疾人生活补贴标准提高至每人每月90元。", disability) == []  # 每人每月 after the operator


def test_a_figure_per_mu_is_measured_in_yuan_or_in_yuan_per_mu() -> None:
    investment = _quantity("亩均财政投入", ">=1500元/亩", "成本指标")
    assert _with_goal("高标准农田亩均财政投入不低于1500元。", investment) == []
    increase = _quantity("项目区粮食亩产增加", ">=0.1吨", "经济效益指标")  # a name ending on the verb is a change
    assert _with_goal("项目区粮食亩产提高50公斤以上。", increase) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_deadline_needs_less_likeness_of_words_to_find_its_indicator() -> None:
    payment = _deadline("补贴兑付完成时间", "2023年8月31日前")
    assert _with_goal("6月30日前补贴资金兑付到户。", payment) == [("goal-indicator-consistency", "warning", "indicators[8].target")]


def test_a_goal_without_separators_is_read_a_clause_length_at_a_time() -> None:
    # 20,000 characters and no comma: each number reads the words near it, not the whole goal (a filer could
    # otherwise keep the server busy for seconds with every page that reviews the form)
    goal = ("每人每月300元不少于" * 3000)[:20000]
    found = commitments(goal, 2023)
    assert len(found) == 1818 and max(len(c.phrase) + len(c.context) for c in found) < 700


def test_an_indicator_other_than_an_exact_goal_is_other_not_stricter() -> None:
    data = clean_form_data()
    data["annual_goal"] = "按照每生每天4元标准为农村义务教育阶段学生提供营养膳食补助。"
    data["indicators"].append({"level1": "产出指标", "level2": "数量指标", "name": "营养膳食补助标准",
                               "target": "=5元/生·天", "basis": "计划标准"})
    [finding] = [f for f in review(declaration(data)) if f.rule == "goal-indicator-consistency"]
    assert finding.message.endswith("却是“=5元/生·天”，与目标的承诺不一致"), finding.message


def test_an_amount_said_without_per_what_matches_a_standard_of_the_same_amount() -> None:
    lamps = _quantity("路灯单灯年维护费用", "≤180元/盏", "成本指标")
    assert _with_goal("完成路灯维护，单灯维护费用不超过180元。", lamps) == []
    assert _with_goal("巡查每日不少于1次。", _quantity("网格巡查频次", "每日≥1次")) == []


def test_what_a_place_has_is_not_a_commitment() -> None:
    assert commitments("全县共有15个乡镇、210个行政村，本项目完成农村公路养护120公里。") == commitments(
        "本项目完成农村公路养护120公里。")
    assert [c.value for c in commitments("辖区下辖8个社区，开展巡查100次。")] == [Decimal(100)]
    # what qualifies this year's thing stays, and so does 共有产权房
    assert [c.value for c in commitments("对现有的300户困难家庭发放补助。")] == [Decimal(300)]
    assert [c.value for c in commitments("共有产权住房供应200套。")] == [Decimal(200)]


def test_a_frequency_within_a_season_is_not_a_year_s_count() -> None:
    assert [c.phrase for c in commitments("汛期每日巡查1次，全年巡查堤防50公里。")] == ["50公里"]
    patrols = _quantity("汛期巡查次数", ">=1次")
    assert _with_goal("汛期每日巡查1次。", patrols) == []


def test_a_count_for_each_of_things_counted_before_is_their_total() -> None:
    [total] = commitments("对全镇12个村每个村每月开展环境整治1次。")
    assert (total.phrase, total.value, total.unit, total.for_each) == ("12个村每个村每月开展环境整治1次", 144, "次", "")
    clean_ups = _quantity("环境整治次数", ">=144次")
    assert _with_goal("对全镇12个村每个村每月开展环境整治1次。", clean_ups) == []
    assert _with_goal("对全镇12个村每个村每月开展环境整治1次。", {**clean_ups, "target": ">=12次"}) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    [cleaners] = commitments("为全镇12个村每个村配备1名保洁员。")
    assert (cleaners.value, cleaners.unit, cleaners.for_each) == (12, "名", "")


def test_indicators_whose_values_add_up_to_a_total_measure_it_together() -> None:
    new, renovated = _quantity("新建公厕数量", "=10座"), _quantity("改造公厕数量", "=20座")
    assert _with_goal("新建和改造公厕30座。", new, renovated) == []
    assert _with_goal("完成公厕新建及改造共30座，其中新建10座。", new, renovated) == []
    pupils, juniors = _quantity("资助小学生人数", "=800人"), _quantity("资助初中生人数", "=400人")
    assert _with_goal("资助困难学生1200名，其中小学生800名、初中生400名。", pupils, juniors) == []
    # parts that do not add up: the most similar is compared as before; and a share is no sum
    assert _with_goal("新建和改造公厕35座。", new, renovated) == [
        ("goal-indicator-consistency", "warning", "indicators[9].target")
    ]
    shares = _quantity("新建公厕合格率", "=40%", "质量指标"), _quantity("改造公厕合格率", "=60%", "质量指标")
    assert _with_goal("新建和改造公厕合格率100%。", *shares) == [
        ("goal-indicator-consistency", "warning", "indicators[9].target")
    ]


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        # what a place has, and what its sentence goes on to describe, is not a commitment
        ("全镇辖22个行政村、1.76万户、6.2万人，日均产生生活垃圾约45吨。", []),
        ("全县有中小学、幼儿园142所，在校学生6.8万人。", []),
        ("全县林地面积126.8万亩，森林覆盖率61.2%。", []),
        ("全县设有法律援助中心1个、乡镇法律援助工作站16个，村（社区）法律顾问覆盖率100%。", []),
        ("巩固整治成果，全区已建成处理设施312座，覆盖行政村186个，农村生活污水治理率达到72%。", []),
        # until it turns to what is done
        ("全县共有耕地62.3万亩，完成灌溉渠道建设48公里。", [("=", "48000", "米")]),
        ("全县有效处置率达到100%。", [("reach", "100", "%")]),
        ("辖区挥发性有机物排放量较上年削减5%。", [("=", "5", "%")]),
        # a later year's figure, in its clause or its sentence, is not this year's
        ("到2025年全县累计建成高标准农田45万亩。", []),
        ("按照省下达的目标，到2025年PM2.5浓度下降到35微克/立方米以下，优良天数比率达到82%。", []),
        ("2024—2025年完成剩余50条的整治。", [("=", "50", "条")]),  # a period from this year is this year's too
    ],
)
def test_what_a_place_has_and_later_years_are_background(goal: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.op, c.value, c.unit) for c in commitments(goal, 2024)] == [(op, Decimal(v), u) for op, v, u in expected]


def test_an_overall_goal_stating_a_construction_period_is_a_longer_project_s() -> None:
    data = clean_form_data()
    data["start_date"], data["end_date"] = "2024-01-01", "2024-12-31"
    data["overall_goal"] = "实施河道系统治理，治理河长18.6公里，建设期2023-2025年。"
    data["annual_goal"] = "完成治理河长8.5公里。"
    data["indicators"].append({"basis": "计划标准", **_quantity("年度治理河长", ">=8.5公里")})
    assert [f for f in review(declaration(data)) if f.rule.startswith("goal")] == []
    data["overall_goal"] = "实施河道系统治理，治理河长18.6公里。"  # a one-year project: its total is this year's
    assert [f.rule for f in review(declaration(data)) if f.rule.startswith("goal")] == ["goal-indicator-consistency"]


def test_an_indicator_named_per_semester_counts_per_semester() -> None:
    drills = _quantity("每学期应急疏散演练次数", ">=2次")
    assert _with_goal("每学期开展不少于2次应急疏散演练。", drills) == []
    assert _with_goal("每学期开展不少于3次应急疏散演练。", drills) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_an_indicator_may_count_a_frequency_over_the_things_the_goals_count() -> None:
    tests = _quantity("其他集中供水工程水质检测次数", ">=708次")
    assert _with_goal("其他177处集中供水工程每季度检测1次。", tests) == []
    assert _with_goal("其他177处集中供水工程每季度检测1次。", {**tests, "target": ">=700次"}) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_of_equally_similar_names_the_one_of_the_very_value_is_meant() -> None:
    films, shows = _quantity("公益电影放映补助标准", "=200元/场", "成本指标"), _quantity("送戏下乡演出补助标准", "=4000元/场", "成本指标")
    goal = "每月放映公益电影，每场补助200元；开展送戏下乡演出，每场演出补助4000元。"
    assert [f for f in _with_goal(goal, films, shows) if f[0] != "goal-unmeasured" or "200" in f[2]] == []


def test_a_commitment_whose_indicator_another_took_finds_the_one_of_its_value() -> None:
    boarders = _quantity("家庭经济困难寄宿生生活补助人数", "=3600人")
    grants = _quantity("普通高中国家助学金资助人数", "=1580人")
    standards = (_quantity("寄宿生生活补助标准", "=1000元/生·年", "成本指标"),
                 _quantity("普通高中国家助学金标准", "=2000元/生·年", "成本指标"))
    assert _with_goal("寄宿生生活补助标准为每生每年1000元，资助3600人；普通高中国家助学金每生每年2000元，资助1580人。",
                      boarders, grants, *standards) == []


def test_an_indicator_naming_a_time_limit_measures_it() -> None:
    arrival = _quantity("5分钟到达现场率", ">=90%", "时效指标")
    assert _with_goal("接警后5分钟内到达现场。", arrival) == []
    assert _with_goal("接警后15分钟内到达现场。", arrival) == [("goal-unmeasured", "info", "annual_goal")]


def test_the_clauses_after_a_past_year_continue_it() -> None:
    assert commitments("健全急救体系，全市设急救站点32个，2023年接警量15.6万次，出车8.2万车次。", 2024) == ()
    assert [c.value for c in commitments("2023年出车8.2万车次，今年出车不少于8.5万车次。", 2024)] == [85000]


def test_a_standard_per_lamp_is_compared_with_the_indicator_per_lamp() -> None:
    upkeep = _quantity("路灯年维护费用", "<=220元/盏", "成本指标")
    assert _with_goal("路灯年维护费用不超过180元/盏。", upkeep) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    assert _with_goal("路灯年维护费用不超过180元/盏。", {**upkeep, "target": "<=180元/盏"}) == []


def test_frequencies_for_each_and_per_occasion_meet_indicators_given_per_period() -> None:
    films = _quantity("公益电影放映场次", ">=2952场")
    assert _with_goal("为全县246个行政村每村每月放映1场公益电影。", films) == []  # 246 × 12
    inspections = _quantity("设施巡检频次", ">=2次/月")
    assert _with_goal("运维人员对每座设施每月巡检不少于2次。", inspections) == []
    assert _with_goal("运维人员对每座设施每月巡检不少于3次。", inspections) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    visits = _quantity("单次上门服务时长", ">=1小时", "质量指标")
    assert _with_goal("每人每月服务不少于8次、每次不少于1小时。", visits, _quantity("每人每月服务次数", ">=8次")) == []
    patrols = _quantity("主干道夜间巡查频次", "=1次/天")
    assert _with_goal("主干道每晚巡查1次。", patrols) == []


def test_a_unit_rate_is_matched_by_its_value_whatever_its_size() -> None:
    price = _quantity("设施运维单价", "<=1.2元/吨", "成本指标")
    assert _with_goal("运维费用不超过每吨水1.2元。", price) == []
    # the form's one standard of that rate is the one meant, whatever its name
    assert _with_goal("运维费用不超过每吨水1.0元。", price) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    meals = _quantity("营养膳食补助标准", "=4元/生·天", "成本指标")
    assert _with_goal("按每生每天5元标准提供营养膳食补助。", meals) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_ratio_is_not_a_count() -> None:
    assert commitments("配备村级保洁员220名（按每80户配备1名）。")[1:] == ()
    assert [c.value for c in commitments("每2.5公里设置1个补给站，共设8个。")] == [8]
    assert [c.value for c in commitments("每3个月1次演练。")] == [4]  # a period is no ratio


def test_a_place_named_before_what_it_has_is_background_too() -> None:
    assert commitments("川汇区现有持证残疾人1.86万人，其中0-17岁残疾儿童约640人。", 2025) == ()
    assert commitments("喀喇沁旗林地面积326万亩，森林覆盖率44.7%。", 2025) == ()
    assert commitments("崇川区城区现有市政排水管网1260公里，其中雨水管网720公里、污水管网540公里。", 2025) == ()
    assert [(c.value, c.for_each) for c in commitments("每个社区设1名网格员，新建社区服务站6个。", 2025)] == [(1, "每社"), (6, "")]


def test_one_each_of_several_dates_and_a_season_s_frequency_are_not_a_year_s_count() -> None:
    assert commitments("每年“5·12”“9·18”各组织1次鸣响试验。", 2025) == ()
    assert commitments("生长季（4-10月）草坪每月修剪不少于2次。", 2025) == ()


def test_an_indicator_may_count_several_listed_commitments_together() -> None:
    parks = _quantity("养护公园游园数量", "=20个")
    assert _with_goal("养护6个综合公园、14个游园。", parks) == []
    assert _with_goal("养护6个综合公园、14个游园。", {**parks, "target": "=21个"}) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target"),
        ("goal-unmeasured", "info", "annual_goal"),  # the 6: they do not add up
    ]


def test_square_kilometres_are_an_area() -> None:
    area = _quantity("水土流失综合治理面积", "=2.4万亩")
    assert [c.unit for c in commitments("完成水土流失综合治理面积18平方公里。")] == ["平方米"]
    assert _with_goal("完成水土流失综合治理面积18平方公里。", area) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")  # 18 km² is 2.7万亩
    ]


def test_each_of_another_list_item_is_not_this_item_s() -> None:
    goal = "其中中青年干部培训班2期（每期50人）、科级干部进修班4期。"
    assert [(c.value, c.for_each) for c in commitments(goal)] == [(2, ""), (50, "每期"), (4, "")]
    assert _with_goal(goal, _quantity("中青年干部培训班期数", "=2期"), _quantity("中青年干部培训班每期学员人数", "=50人"),
                      _quantity("科级干部进修班期数", "=4期")) == []


def test_an_amount_named_for_one_thing_or_person_is_per_that() -> None:
    cap = _quantity("单个企业补助上限", "<=50万元", "成本指标")
    assert _with_goal("单个企业补助最高不超过50万元。", cap) == []
    assert _with_goal("单个企业补助最高不超过40万元。", cap) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    aid = _quantity("个性化辅具每人补贴上限", "<=5000元", "成本指标")
    assert _with_goal("个性化辅具适配补贴每人最高不超过5000元。", aid) == []
    days = _quantity("每人每月上岗天数", ">=15天")  # a count of days each, not days per person
    assert _with_goal("每人每月上岗时间不少于15天。", days) == []


@pytest.mark.parametrize(
    ("goal", "expected"),
    [
        ("全镇辖22个行政村，安装路灯500盏。", [("=", "500", "盏")]),  # work after what a place has
        ("新建公厕30座并每月保洁2次。", [("=", "30", "座"), ("=", "24", "次")]),  # built, then cleaned
        ("招聘护林员50名每日巡山1次。", [("=", "50", "名"), ("=", "365", "次")]),
        ("1-12月每月巡查1次。", [("=", "12", "次")]),  # every month is no season
        ("防汛物资仓库每月检查1次。", [("=", "12", "次")]),  # 防汛 is what is checked
        ("举办培训4期每期5天。", [("=", "4", "期"), ("=", "432000", "秒")]),  # 5 days each, not 20
    ],
)
def test_what_the_review_of_the_session_found_read_again(goal: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(c.op, c.value, c.unit) for c in commitments(goal, 2025)] == [(op, Decimal(v), u) for op, v, u in expected]


def test_a_goal_s_single_occasion_standard_meets_the_indicator_for_one() -> None:
    visit = _quantity("单次上门服务时长", ">=1小时", "质量指标")
    assert _with_goal("提供上门服务，单次服务时长不少于2小时。", visit) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    show = _quantity("单场演出时长", ">=90分钟", "质量指标")
    assert _with_goal("每场演出时长不少于90分钟。", show) == []


def test_a_project_s_months_are_not_things_a_frequency_is_counted_over() -> None:
    checks = _quantity("水质检测次数", "=48次")
    assert _with_goal("每季度检测水质1次，项目实施12个月。", checks)[0] == (
        "goal-indicator-consistency", "warning", "indicators[8].target")


def test_a_share_an_amount_is_set_by_is_not_a_commitment() -> None:
    assert [c.written for c in commitments("按当地最低工资标准的80%即每人每月1920元给予见习补贴。")] == ["1920元"]


def test_an_alternative_animal_in_a_unit_is_the_same_unit() -> None:
    vaccinations = _quantity("畜禽免疫数量", "≥280万头（羽）次")
    assert _with_goal("全年免疫畜禽280万头（羽）次。", vaccinations) == []


def test_a_frequency_for_each_person_meets_an_indicator_per_person() -> None:
    visits, pupils = _quantity("送教上门服务频次", ">=4次/生·月"), _quantity("送教上门服务学生数", "=68人")
    assert _with_goal("为68名重度残疾儿童提供送教上门服务，每生每月不少于4次。", visits, pupils) == []
    assert _with_goal("为68名重度残疾儿童提供送教上门服务，每生每月不少于5次。", visits, pupils) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]
    named = _quantity("每生每月送教上门次数", ">=4次")
    assert _with_goal("为68名重度残疾儿童提供送教上门服务，每生每月不少于4次。", named, pupils) == []


def test_hours_per_person_and_month_meet_an_indicator_named_so() -> None:
    hours = _quantity("人均每月上门服务时长", ">=10小时", "质量指标")
    assert _with_goal("每人每月服务时长不少于10小时。", hours) == []


def test_checks_of_each_of_the_firms_counted_before_are_their_total() -> None:
    checks = _quantity("危险化学品企业检查家次", ">=180家次")
    assert _with_goal("对45家危险化学品企业每家每季度检查不少于1次。", checks) == []


def test_milestones_find_their_deadlines_when_one_is_later_than_the_goal() -> None:
    done = {"level1": "产出指标", "level2": "时效指标", "name": "改造工程竣工时间", "target": "2023年12月31日前"}
    accepted = {"level1": "产出指标", "level2": "时效指标", "name": "竣工验收完成时间", "target": "2023年11月30日前"}
    goal = "（三）改造后房屋安全鉴定合格率100%；（四）10月底前全部竣工，11月30日前完成竣工验收。"
    found = _with_goal(goal, done, accepted, _quantity("房屋安全鉴定合格率", "=100%", "质量指标"))
    assert found == [("goal-indicator-consistency", "warning", "indicators[8].target")]
    assert _with_goal(goal, {**done, "target": "2023年10月31日前"}, accepted,
                      _quantity("房屋安全鉴定合格率", "=100%", "质量指标")) == []


def test_a_list_a_thing_introduces_is_about_that_thing() -> None:
    items = _quantity("体检项目数", "=9项", "质量指标")
    goal = "体检项目包括一般体格检查、血常规、尿常规、肝功能、肾功能、血脂、血糖、心电图和腹部B超等9项。"
    assert _with_goal(goal, items) == []


def test_a_daily_capacity_is_an_amount_per_day() -> None:
    capacity = _quantity("设计日处理能力", "=5万吨/日")
    assert _with_goal("污水处理厂设计处理规模每日5万吨。", capacity) == []
    assert _with_goal("污水处理厂设计处理规模每日6万吨。", capacity) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_role_s_frequency_meets_an_indicator_per_person() -> None:
    patrols = (_quantity("区级河长年度巡河次数", ">=4次/人"), _quantity("镇级河长年度巡河次数", ">=12次/人"))
    goal = "区级河长每季度巡河不少于1次，镇级河长每月不少于1次。"
    assert _with_goal(goal, *patrols) == []
    assert _with_goal(goal, patrols[0], {**patrols[1], "target": ">=6次/人"}) == [
        ("goal-indicator-consistency", "warning", "indicators[9].target")
    ]


def test_a_note_in_brackets_is_a_clause_of_its_own_but_a_figure_restated_is_not() -> None:
    assert [c.phrase for c in commitments("全年抽检不少于3960批次（全县常住人口88万人）。", 2025)] == ["不少于3960批次"]
    [ceiling] = commitments("单次救助金额原则上不超过当地月低保标准的6倍（4800元）。", 2025)
    assert (ceiling.op, ceiling.value) == ("<=", 4800)
    [rate] = commitments("发放补贴300元/（人·月）。", 2025)
    assert (rate.value, rate.unit) == (3600, "元/人")


def test_what_a_fourth_held_out_corpus_found() -> None:
    upgraded = _quantity("改造提升高标准农田面积", "=0.4万亩")
    assert _with_goal("其中新建2万亩、改造提升0.4万亩。", upgraded, _quantity("新建高标准农田面积", "=2万亩")) == []
    per_bus = _quantity("每车年运营补助标准", "=3.5万元/辆", "成本指标")
    assert _with_goal("对全县运营的68辆校车按每车每年3.5万元标准给予运营补助。", per_bus,
                      _quantity("运营校车数量", "=68辆")) == []
    doses = _quantity("免疫规划疫苗接种剂次", "11万-13万剂次")
    assert _with_goal("全年接种免疫规划疫苗12万剂次左右。", doses) == []
    assert _with_goal("全年接种免疫规划疫苗15万剂次左右。", doses) == [
        ("goal-indicator-consistency", "warning", "indicators[8].target")
    ]


def test_a_second_value_listed_is_about_what_the_first_is() -> None:
    rates = (_quantity("高血压患者规范管理率", ">=65%", "质量指标"), _quantity("2型糖尿病患者规范管理率", ">=65%", "质量指标"))
    assert _with_goal("高血压、2型糖尿病患者规范管理率分别达到65%、65%。", *rates) == []


def test_a_yearly_count_per_person_is_shown_as_one_rate() -> None:
    [visits] = commitments("每生每月送教上门不少于4次。")
    assert visits.shown == "≥ 48 次/人·年"
