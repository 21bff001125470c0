"""The automatic checks of RULES.md section 4, one function each.

Each rule names its RULES.md check number and the sources that check rests on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache

from ..enums import COST, ECONOMIC_COST, QUALITY, QUANTITY, TREE, Basis, Level1, Schema
from ..numbers import amount_text
from ..targets import COUNT_UNITS, Kind, Qual, base_unit, format_target, in_base_unit
from .engine import Form, Hit, Row, RowHit, Severity, label, row_rule, rule
from .goals import similarity

# The enum members that rules compare with once per indicator, bound to plain names: Python 3.11 looks
# ``Kind.QUANTITATIVE`` up through EnumType.__getattr__, several times slower than a global.
_QUANTITATIVE, _RANGE, _PLACEHOLDER, _QUALITATIVE = Kind.QUANTITATIVE, Kind.RANGE, Kind.PLACEHOLDER, Kind.QUALITATIVE
_OUTPUT, _BENEFIT, _COST_LEVEL1 = Level1.OUTPUT, Level1.BENEFIT, Level1.COST
_VAGUE, _OTHER_QUAL = Qual.VAGUE, Qual.OTHER
_MEASURED_KINDS = (_QUANTITATIVE, _RANGE)
_OUTPUT_OR_BENEFIT = (_OUTPUT, _BENEFIT)

_HEADER_FIELDS = (
    ("name", "项目名称"),
    ("department", "主管部门"),
    ("implementing_unit", "实施单位"),
    ("start_date", "计划开始日期"),
    ("end_date", "计划完成日期"),
    ("overall_goal", "项目总目标"),
    ("annual_goal", "年度总目标"),
)


@rule("header-complete", Severity.ERROR, "表头信息完整", "RULES.md §4 检查1（完整性）; S3 [R]; P3")
def header_complete(form: Form) -> Iterator[Hit]:
    doc = form.doc
    for key, name in _HEADER_FIELDS:
        if getattr(doc, key) is None:
            yield Hit(key, f"“{name}”未填写", f"请填写{name}；申报表的表头各栏均为必填。")
    for key, name in (("total", "项目资金总额"), ("annual_request", "年度资金申请总额")):
        if getattr(doc.funds, key) is None:
            yield Hit(f"funds.{key}", f"“{name}”未填写", f"请填写{name}（单位：{doc.amount_unit}）。")
    if doc.category is None:
        yield Hit("category", "“项目类别”未填写", "请选择经常性项目或一次性项目。", Severity.WARNING)


def _amount(value: Decimal | None) -> Decimal:
    return value if value is not None else Decimal(0)




@rule("fund-identity", Severity.ERROR, "资金构成勾稽一致", "RULES.md §2.1、§4 检查2; S1 附件1 [V S1c] → [D]")
def fund_identity(form: Form) -> Iterator[Hit]:
    funds, unit = form.doc.funds, form.doc.amount_unit
    fiscal, fiscal_words = funds.fiscal, "财政资金"
    if fiscal is None and (funds.current_year_appropriation is not None or funds.prior_year_carryover is not None):
        # a form without a 财政资金 row (S1's 自评表) gives it as its parts
        fiscal = _amount(funds.current_year_appropriation) + _amount(funds.prior_year_carryover)
        fiscal_words = "当年财政拨款、上年结转资金"
    if funds.annual_request is not None and (fiscal is not None or funds.other is not None):
        parts = _amount(fiscal) + _amount(funds.other)
        if abs(funds.annual_request - parts) > form.tolerance:
            yield Hit(
                "funds.annual_request",
                f"年度资金申请总额 {amount_text(funds.annual_request)} {unit} 不等于{fiscal_words}与其他资金之和"
                f" {amount_text(parts)} {unit}",
                "年度资金申请总额 = 财政资金 + 其他资金；请核对各栏金额。",
            )
    if funds.fiscal is not None and (funds.current_year_appropriation is not None or
                                     funds.prior_year_carryover is not None):
        parts = _amount(funds.current_year_appropriation) + _amount(funds.prior_year_carryover)
        if abs(funds.fiscal - parts) > form.tolerance:
            yield Hit(
                "funds.fiscal",
                f"财政资金 {amount_text(funds.fiscal)} {unit} 不等于当年财政拨款与上年结转资金之和 {amount_text(parts)} {unit}",
                "财政资金 = 当年财政拨款 + 上年结转资金；请核对各栏金额。",
            )


@rule("fund-total", Severity.ERROR, "项目资金总额不小于年度申请额", "RULES.md §2.1、§4 检查3 [D]")
def fund_total(form: Form) -> Iterator[Hit]:
    funds, unit = form.doc.funds, form.doc.amount_unit
    if funds.total is None or funds.annual_request is None:
        return
    if funds.total + form.tolerance < funds.annual_request:
        yield Hit(
            "funds.total",
            f"项目资金总额 {amount_text(funds.total)} {unit} 小于年度资金申请总额 {amount_text(funds.annual_request)} {unit}",
            "年度资金是项目资金的一部分；请核对项目资金总额或年度申请额。",
        )
    elif form.multi_year and funds.total == funds.annual_request:
        yield Hit(
            "funds.total",
            "跨年度项目的项目资金总额等于本年度申请额",
            "多年期项目的总额通常大于单一年度的申请额；请确认项目资金总额是否填写了全周期金额。",
            Severity.INFO,
        )


@rule("dates", Severity.ERROR, "项目起止日期与时限", "RULES.md §4 检查4 [D]; P3")
def dates(form: Form) -> Iterator[Hit]:
    doc = form.doc
    start, end = doc.start_date, doc.end_date
    if start and end and start > end:
        yield Hit("end_date", f"计划完成日期 {end} 早于计划开始日期 {start}", "请核对项目起止日期。")
        return
    if start and end and not start.year <= doc.year <= end.year:
        yield Hit(
            "year",
            f"申报年度 {doc.year} 不在项目期间 {start} 至 {end} 之内",
            "请核对申报年度或项目起止日期。",
            Severity.WARNING,
        )
    for index, indicator, target in form.rows:
        when = target.date
        if when is not None and ((start and when < start) or (end and when > end)):
            yield Hit(
                f"indicators[{index}].target",
                f"{label(index, indicator)}的时限 {when} 不在项目期间 {start} 至 {end} 之内",
                "时效指标的完成时限应落在项目起止日期之内。",
            )


@rule("required-level1", Severity.ERROR, "必设一级指标", "RULES.md §3 第4条、§4 检查5; S1 [R], S2 [R]")
def required_level1(form: Form) -> Iterator[Hit]:
    required = [Level1.OUTPUT, Level1.BENEFIT]
    if form.profile.schema is Schema.B:
        required.insert(0, Level1.COST)
    for level1 in required:
        if level1 not in form.level1s:
            yield Hit("indicators", f"缺少一级指标“{level1}”", f"请至少设置一个{level1}下的三级指标。")
    if Level1.SATISFACTION not in form.level1s:
        yield Hit(
            "indicators",
            "未设置满意度指标",
            "有明确服务对象的项目应设置服务对象满意度指标；未设置时，自评中满意度的 10 分并入效益指标。",
            Severity.WARNING,
        )


@row_rule("level2-under-level1", Severity.ERROR, "二级指标归属正确", "RULES.md §2.2、§4 检查6; S3/S2 [R]")
def level2_under_level1(row: Row) -> Iterator[RowHit]:
    level1 = row.level1 if isinstance(row.level1, Level1) else Level1(row.level1)  # a validated row has one
    allowed = TREE[row.schema].get(level1)
    if allowed is None:
        yield RowHit(
            "level1",
            f"：当前指标体系中没有一级指标“{row.level1}”",
            "成本指标作为一级指标属于财预〔2021〕101号体系；请改为产出指标下的成本指标，或选用 national-b 规则集。",
        )
    elif row.level2 not in allowed:
        yield RowHit(
            "level2",
            f"：二级指标“{row.level2}”不属于一级指标“{row.level1}”",
            f"{row.level1}下的二级指标应为：{'、'.join(allowed)}。",
        )


@rule("level2-expected", Severity.WARNING, "常设二级指标", "RULES.md §3 第5条、§4 检查7; S2 [R]")
def level2_expected(form: Form) -> Iterator[Hit]:
    expected = [(Level1.OUTPUT, QUANTITY), (Level1.OUTPUT, QUALITY)]
    if form.profile.schema is Schema.B and Level1.COST in form.level1s:
        expected.append((Level1.COST, ECONOMIC_COST))
    for level1, level2 in expected:
        rows = form.by_level1.get(level1)
        if rows is not None and all(indicator.level2 != level2 for _, indicator, _ in rows):
            yield Hit("indicators", f"{level1}下未设置“{level2}”", f"{level1}通常至少包含{level2}；请补充或说明原因。")


_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）]{1,6})\s*[)）]\s*$")
_HEAD_COUNTS = ("人数", "户数", "人次", "家数", "人次数", "户次")
_UNITLESS_NAMES = ("指数", "评分", "得分", "分值", "分数", "系数", "星级", "等级")


@row_rule("target-present", Severity.ERROR, "指标值完整可衡量", "RULES.md §2.3、§4 检查8; S3 [R]; P3")
def target_present(row: Row) -> Iterator[RowHit]:
    target = row.target
    if not row.name:
        yield RowHit("name", "未填写三级指标名称", "请填写三级指标名称。")
    if target.kind is _PLACEHOLDER and not target.text:
        yield RowHit("target", "未填写指标值", "定量指标请填写运算符、数值和计量单位，如“>=100件”。")
    elif target.kind is _QUANTITATIVE and not target.unit:
        named_unit = _UNIT_IN_NAME.search(row.name)
        if _UNIT_IN_NAME.sub("", row.name).endswith(_UNITLESS_NAMES):
            return  # an index or a score has no unit: "路面技术状况指数（PQI）" ">=80"
        if named_unit:
            yield RowHit(
                "target",
                f"的指标值“{row.raw}”未带单位，单位写在了指标名称中（{named_unit.group(1)}）",
                "建议把计量单位写在指标值中，便于汇总比较。",
                Severity.INFO,
            )
        else:
            yield RowHit(
                "target",
                f"的指标值“{row.raw}”缺少计量单位",
                "定量指标须有运算符、数值和计量单位，如“>=19900件”“=100%”。",
            )
    elif target.kind is _QUALITATIVE and target.qual is _OTHER_QUAL:
        yield RowHit(
            "target",
            f"的指标值“{row.raw}”无法识别为定量值或可检验的状态",
            "请写成“运算符+数值+单位”（如“>=95%”“<=10个工作日”“2023年6月30日前”），"
            "或写明可检验的标准（如“达到二级养护标准”）。",
            Severity.WARNING,
        )


@row_rule("placeholder", Severity.ERROR, "不得使用占位值", "RULES.md §3 第6条、§4 检查9; P3; [D]")
def placeholder(row: Row) -> Iterator[RowHit]:
    if row.target.kind is _PLACEHOLDER and row.target.text:
        yield RowHit(
            "target",
            f"的指标值“{row.raw}”是未填写的占位符",
            "请填写具体数值，如“>=95%”；占位符（*、XX、只有运算符）不能作为指标值。",
        )


@row_rule("vague-wording", Severity.WARNING, "避免笼统的定性表述", "RULES.md §3 第6条、§4 检查10; S2 [R], S3 [R]")
def vague_wording(row: Row) -> Iterator[RowHit]:
    if row.target.qual is _VAGUE:
        yield RowHit(
            "target",
            f"的指标值“{row.raw}”只表示变化方向，没有基数和幅度",
            "能量化的请写明数值，如“较上年提高5%”或“>=90%”；确实无法量化的，请写成分级分档的定性标准。",
        )


_INPUT_MEASURES = re.compile(
    "资金到位率|预算执行率|资金执行率|支出执行率|经费执行率|资金拨付率|拨付率|支出进度|资金使用合规|资金到位|资金支付率|"
    "经费到位|会议次数|召开会议"  # not 巡检计划执行率 or 应急预案执行率: a plan carried out is an output
)


@row_rule("input-as-output", Severity.WARNING, "投入或过程指标不作为产出/效益",
          "RULES.md §3 第6条、§4 检查11; S1 [V 权重], S2 [R]")
def input_as_output(row: Row) -> Iterator[RowHit]:
    if row.level1 in _OUTPUT_OR_BENEFIT and _INPUT_MEASURES.search(row.name):
        yield RowHit(
            "name",
            f"衡量的是资金投入或执行过程，不是{row.level1[:2]}",
            "预算执行率已在自评中单独计分（10分）；产出应为提供的公共产品或服务，请改用实际产出的指标。",
        )


_STEM_SUFFIXES = ("完成数量", "数量", "次数", "个数", "人数", "总数", "数", "量", "情况")


@lru_cache(maxsize=1 << 14)
def _stem(name: str) -> str:
    for suffix in _STEM_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 3:
            return name[: -len(suffix)]
    return name


_RESTATED = 0.5  # goals.similarity of two names that, with one count, say the same
_DISTINCT_COUNT = 10  # "0起事故" and "0次演练", or 2 and 2, coincide too often to say so


@rule("benefit-restates-output", Severity.WARNING, "效益指标不重复产出指标", "RULES.md §3 第6条、§4 检查12; S2 [R]")
def benefit_restates_output(form: Form) -> Iterator[Hit]:
    groups = form.by_level1
    benefits = [row for row in groups.get(_BENEFIT, ()) if row[1].level1 is _BENEFIT and row[2].kind is _QUANTITATIVE]
    if not benefits:
        return
    outputs = [(_stem(ind.name), t, ind) for _, ind, t in groups.get(_OUTPUT, ()) if ind.level1 is _OUTPUT]
    for index, indicator, target in benefits:
        stem = _stem(indicator.name)
        for output_stem, output_target, output in outputs:
            if output_target.unit != target.unit:
                continue
            # the same stem ("安保服务覆盖学校数" in both), or the same count of a thing named alike in other words
            # ("日常养护里程 =218公里" and "养护道路里程 >=218公里")
            if (len(stem) >= 3 and (stem in output_stem or output_stem in stem)) or (
                    target.unit != "%" and target.value == output_target.value and target.value >= _DISTINCT_COUNT and
                    similarity(indicator.name, output.name) >= _RESTATED):
                yield Hit(
                    f"indicators[{index}]",
                    f"{label(index, indicator)}与产出指标“{output.name}”衡量同一事项、同一单位",
                    "效益指标应反映产出带来的效果（经济、社会、生态、可持续影响），而不是重复产出数量。",
                )
                break


def _is_cost(indicator_level1: str, level2: str, name: str) -> bool:
    return indicator_level1 == _COST_LEVEL1 or level2 == COST or level2.endswith("成本指标") or "成本" in name


_SAVING = re.compile("节约|节省|降低|下降|减少|压缩")  # "运维成本节约率 >=5%": a saving has a lower bound
# What is paid to people at no less than a standard: "专职消防员工资福利标准 >=6.5万元/人·年" is a floor by policy.
_PAY_FLOOR = re.compile("工资|薪酬|报酬|待遇|福利|最低生活保障|低保标准|保底")
def _pay_floor(row: Row) -> bool:
    """A standard of pay per person, which policy sets as a floor (not a wage bill: 人员工资支出 >=120万元)."""
    return _PAY_FLOOR.search(row.name) is not None and ("/" in (row.target.unit or "") or "标准" in row.name)


_SCORE = re.compile("得分|分值|评分|分数")  # "成本规制年度考核得分 >=85分": a score of cost control, not a cost


@row_rule("cost-operator", Severity.WARNING, "成本指标应设上限", "RULES.md §3 第8条、§4 检查13; P3; [D]")
def cost_operator(row: Row) -> Iterator[RowHit]:
    target = row.target
    if target.op in (">=", ">") and target.kind is _QUANTITATIVE and _is_cost(row.level1, row.level2, row.name) \
            and _SAVING.search(row.name) is None and not _pay_floor(row) and not (target.unit == "分" and _SCORE.search(row.name)) \
            and not (target.unit == "%" and row.name.endswith("率")):
        # (a rate filed under 成本指标, "废旧沥青回收利用率 >=90%", is a measure against a cost, not a cost)
        yield RowHit(
            "target",
            f"是成本指标，却用了“{target.op}”（下限）",
            "成本指标通常设上限：用“<=”或“=”，单位为万元或元/单位。",
        )


_MONEY = frozenset({"元", "千元", "万元", "亿元"})


@rule("cost-exceeds-funds", Severity.WARNING, "成本上限不超过申请资金", "RULES.md §3 第8条; [D]")
def cost_exceeds_funds(form: Form) -> Iterator[Hit]:
    funds = form.doc.funds
    requested = max((a for a in (funds.total, funds.annual_request) if a is not None), default=None)
    if requested is None:
        return
    ceiling_yuan = (requested + form.tolerance) * form.yuan_factor
    for index, indicator, target in form.rows:
        if target.unit in _MONEY and target.kind is _QUANTITATIVE and target.op in ("<=", "<", "=") and \
                _is_cost(indicator.level1, indicator.level2, indicator.name) and \
                in_base_unit(target.value, target.unit)[0] > ceiling_yuan:  # a total: 元 or 万元, not 元/人
            yield Hit(
                f"indicators[{index}].target",
                f"{label(index, indicator)}的成本 {format_target(target)} 超过项目资金 {amount_text(requested)} "
                f"{form.doc.amount_unit}",
                "成本上限不应超过申请的资金；请核对金额及其单位（元或万元）。",
            )


_GROWTH_WORDS = ("增长", "增幅", "增速", "提高", "提升", "增加", "同比", "比上年", "较上年", "超额", "倍")


@row_rule("percent-over-100", Severity.WARNING, "百分比不超过100%", "RULES.md §4 检查14; P3; [D]")
def percent_over_100(row: Row) -> Iterator[RowHit]:
    target = row.target
    if target.unit != "%" or target.kind not in _MEASURED_KINDS:
        return
    top = target.upper if target.upper is not None else target.value
    if top is not None and top > 100 and not any(w in row.name for w in _GROWTH_WORDS):
        yield RowHit(
            "target",
            f"的百分比目标 {format_target(target)} 超过 100%",
            "比率类指标一般不超过 100%；若是增长率，请在指标名称中写明“增长率”。",
        )


@rule("duplicate-name", Severity.WARNING, "三级指标不重名", "RULES.md §2.3、§4 检查15 [D]")
def duplicate_name(form: Form) -> Iterator[Hit]:
    names = [indicator.name for indicator in form.doc.indicators]
    joined = "".join(names)
    if len(set(names)) == len(names) and joined.split() == [joined]:
        return  # the usual case, checked at once: distinct names without spaces stay distinct without them
    seen: dict[str, int] = {}
    for index, indicator, _ in form.rows:
        key = "".join(indicator.name.split())
        if key in seen:
            yield Hit(
                f"indicators[{index}].name",
                f"{label(index, indicator)}与第{seen[key] + 1}个指标重名",
                "同一项目内三级指标名称应唯一；请合并或改名。",
            )
        else:
            seen[key] = index


@rule("basis-missing", Severity.WARNING, "写明指标值设定依据", "RULES.md §3 第7条、§4 检查16; S3 [R], S7 [V]")
def basis_missing(form: Form) -> Iterator[Hit]:
    if not form.profile.require_basis:
        return
    indicators = form.doc.indicators
    missing, unexplained, other = [], [], Basis.OTHER
    for index, indicator in enumerate(indicators):
        if indicator.basis is None:
            missing.append(index)
        elif indicator.basis is other and not indicator.basis_note:
            unexplained.append(index)
    if indicators and len(missing) == len(indicators):
        yield Hit(
            "indicators",
            f"全部 {len(indicators)} 个指标都未写明指标值设定依据",
            "请为每个指标选择计划标准、行业标准、历史标准或其他标准，说明目标值从何而来。",
        )
    else:
        for index in missing:
            yield Hit(f"indicators[{index}].basis", f"{label(index, indicators[index])}未写明指标值设定依据",
                      "请选择计划标准、行业标准、历史标准或其他标准。")
    for index in unexplained:
        indicator = indicators[index]
        yield Hit(f"indicators[{index}].basis_note", f"{label(index, indicator)}选择了“其他标准”但未说明",
                  "选择其他标准时，请说明依据的文件或测算方法。")


@rule("indicator-count", Severity.WARNING, "三级指标数量适度", "RULES.md §3 第9条、§4 检查20 [L]; §8 Q6")
def indicator_count(form: Form) -> Iterator[Hit]:
    count, profile = len(form.doc.indicators), form.profile
    if count < profile.min_indicators:
        yield Hit("indicators", f"只有 {count} 个三级指标，少于建议的 {profile.min_indicators} 个",
                  "指标应能完整反映项目的产出和效益；请补充核心指标。")
    elif count > profile.max_indicators:
        yield Hit("indicators", f"三级指标多达 {count} 个，超过建议的 {profile.max_indicators} 个",
                  "请突出重点，保留反映主要产出和核心效果的指标。")


_RATE_WORDS = ("率", "比例", "比重", "占比", "覆盖面", "满意度")
_COUNTED_RATES = ("周转率",)  # 泊位日均周转率 ">=4次": turns a day, counted
_DURATION_WORDS = ("时长", "时间", "时限", "用时", "天数", "周期")


@row_rule("name-unit-mismatch", Severity.WARNING, "指标名称与层级、单位相符", "[D] 指标名称、层级与计量单位的一致性")
def name_unit_mismatch(row: Row) -> Iterator[RowHit]:
    target, name = row.target, row.name
    unit = target.unit
    if not unit or target.kind not in _MEASURED_KINDS:
        return
    is_rate = name.endswith(_RATE_WORDS) and not name.endswith(_COUNTED_RATES)
    if is_rate and unit in COUNT_UNITS and unit not in ("天", "日", "个工作日"):
        yield RowHit("target", f"名为比率，单位却是“{unit}”", "比率类指标的单位应为 %；若要计数，请把名称改为“……数”。")
    elif name.endswith(_DURATION_WORDS) and unit in ("%", "‰"):
        yield RowHit("target", f"衡量时长，单位却是“{unit}”",
                     "时长类指标的单位应为小时、天、分钟等；若要衡量及时率，请把名称改为“……及时率”。")
    elif not is_rate and unit in ("%", "‰") and row.level2 == QUANTITY and name.endswith(("数", "数量", "次")):
        yield RowHit("target", f"名为数量，单位却是“{unit}”",
                     "数量指标请用计数单位（个、件、次……）；若要衡量比率，请把名称改为“……率”。")
    elif name.endswith(_HEAD_COUNTS) and base_unit(unit) == "元":  # "扶持创业人数 >=500万元"
        yield RowHit("target", f"名为人数或户数，单位却是“{unit}”",
                     "人数、户数请用人、户、人次等单位；若要衡量金额，请把名称改为“……金额”。")
