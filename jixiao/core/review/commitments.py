"""The quantified commitments of goal text: what 项目总目标 and 年度总目标 promise, read as values to compare.

"至少每半个月全面分析1次办事指南维护情况" commits to at least 24 a year; "满意度由90%提高到92%" to 92%; "6月底前完成招标" to
a deadline; "每人每月300元" to a rate. Each commitment keeps the goal's words, what it is about (the clause around it)
and its value in the base unit of targets.in_base_unit, so that goals.py can find the indicator it concerns.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from ..targets import (
    ALTERNATIVE_IN_UNIT,
    CHANGE_PREFIXES,
    CHANGE_VERBS,
    EVENT_UNITS,
    LEVEL_WORDS,
    MULTIPLIERS,
    OP_SYMBOL,
    PERIODS_PER_YEAR,
    chinese_number,
    format_target,
    in_base_unit,
    parse_target,
)

_GOAL_UNITS = (
    "个百分点", "个工作日", "工作日", "平方米", "万平方米", "公里", "小时", "分钟", "个月", "万元", "人次", "户次", "家次",
    "件次", "场次", "%", "‰", "元", "秒", "天", "日", "周", "家", "件", "次", "个", "项", "台", "套", "份", "册", "张",
    "场", "条", "篇", "本", "所", "座", "辆", "名", "位", "人", "户", "批", "期", "处", "间", "部", "起", "例", "课时",
    "学时", "吨", "亩", "米", "％", "台件", "批次", "台次", "车次", "架次", "辆次", "千瓦时", "立方米", "公顷", "千克", "公斤", "盏",
    "株", "棵", "头", "只", "支", "组", "队", "轮", "微克/立方米", "毫克/升", "页", "卷", "册次", "条段", "卷次", "项次", "座次",
    "站次", "所次", "村次", "校次", "亩次", "万亩次", "平方公里", "平方千米", "头次", "只次", "羽次", "剂次",
)
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(_GOAL_UNITS, key=len, reverse=True))
_CN = "一二两三四五六七八九十"
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_LONE_ARTICLES = frozenset("一两")
_PERIOD_ALT = "|".join(sorted(PERIODS_PER_YEAR, key=len, reverse=True))  # "每半个月", "2次/周"
# What a rate is per: a period, or a person or thing ("300元/人·月", "300元/（人·月）").
_PER_WHAT = (rf"(?:{_PERIOD_ALT}|人次|亩次|平方米|公里|画幅|"
             r"[人户生名位家床亩场件台所村校头辆车吨餐队座个处站园馆间套部盏株棵只块米箱册本张篇份])")
# The digits goals are written with, ASCII and full-width: a class of two ranges is checked in a few instructions,
# where \d asks Unicode's tables about every character of the goal (with it the two patterns below executed a
# quarter and a fifth more instructions).
_D = "0-9０-９"
# The number, "\d+(?:\.\d+)?|半|[{_CN}][{_CN}百千零]{0,6}" not after a digit, ":" or "." (thousands may be separated
# by commas: "1,000"), is spelt so that the pattern begins with a character class: the regex engine then skips to the next digit
# or numeral instead of trying a match at every character of the goal. Its first character is matched alone, then the
# lookbehinds see which it was. A multiplier before a count ("1.5万人次") and a period after it ("2次/周") are read too.
# Not a quantity: a number after an ordinal's 第 ("第3期"), in a product ("7×24小时"), of each of several things
# ("两季各1次"), an age or an anniversary ("18周岁", "102周年").
_QUANTITY = re.compile(
    rf"(?P<num>[{_D}半{_CN}](?<![{_D}:.第×*＊各].)"
    rf"(?:(?<=[{_D}])(?:[{_D}]{{0,2}}(?:,[{_D}]{{3}})+(?![{_D}])|[{_D}]*)(?:\.[{_D}]+)?|(?<=[{_CN}])[{_CN}百千零]{{0,6}}(?:[万亿][{_CN}百千零]{{1,6}})?(?:点[{_CN}零]{{1,4}})?|(?<=半)))\s*"
    rf"(?:(?:[%％]\s*)?(?:至|到|-|~|～|—)\s*(?P<upper>[{_D}]+(?:\.[{_D}]+)?)\s*)?"  # a range: "3-5天", "85%-93%"
    rf"(?P<mult>[万亿千])??(?P<more>[余多])?(?P<unit>{_UNIT_ALT})(?:/[（(]?(?P<rate_per>{_PER_WHAT}(?:[·/]{_PER_WHAT})*)[)）]?)?"
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
# A part of the year a frequency holds in: "汛期每日巡查1次" is not 365 a year.
_SEASON = re.compile(rf"汛期|汛前|冬季|夏季|春季|秋季|暑期|暑假|寒假|节假日|旺季|淡季|采暖期|供暖期|防火期|禁渔期|雨季|"
                     rf"旱季|农忙|春运|高峰期|高温|开学|学期内|考试期间|生长季|生长期|[{_D}]{{1,2}}\s*[-—~至到]\s*[{_D}]{{1,2}}月")
_WHOLE_YEAR = re.compile(r"[1１]\s*[-—~至到]\s*(?:12|１２)月")  # "1-12月每月巡查1次" is every month
# A year's total stated after a frequency: "每月开展活动，全年不少于24场" commits to 24, not to 24 a month.
_TOTAL = re.compile("全年|年内共|累计|共计|合计|总计")
# A number before these is a baseline, not a commitment: the 90% of "满意度由90%提高到92%".
_TO_A_LEVEL = tuple(LEVEL_WORDS)
# Each of several things, not a period: "每期", "每个镇街", "每村" (but "每月", "每两周", "每个月").
_PER_THING = re.compile(rf"每个?(?!(?:[{_D}]{{1,2}}|[{_CN}]{{1,2}})?个?(?:{_PERIOD_ALT}))([\u4e00-\u9fff])")
_CIRCLE = re.compile("[\u4e00-\u9fff]{0,4}圈")
_SHARE_OF = re.compile("(?:标准|工资|金额|总额|价格|费用|收入|资金|预算|合同价|投资|成本)的$")
_EACH_OF_SEVERAL = re.compile("各[\u4e00-\u9fff]{0,3}$")
_RATIO = re.compile(rf"每(?:[{_D}]+(?:\.[{_D}]+)?|[十百千万]+)(?!个?(?:{_PERIOD_ALT}))[\u4e00-\u9fff]{{1,4}}$")
# The things a frequency is for: the 177处 of "其他177处集中供水工程每季度检测1次" (an indicator counts the checks).
_COUNT_THEN_FREQUENCY = re.compile(rf"[\u4e00-\u9fff]{{0,12}}?每个?(?:{_PERIOD_ALT})[\u4e00-\u9fff]{{0,8}}?"
                                   rf"(?:[{_D}]+|[{_CN}]{{1,3}})\s*(?:次|场|期|轮)")
_COUNTED_EACH = re.compile(r"[\u4e00-\u9fff]{0,3}?([\u4e00-\u9fff])每[个所座家处间名位户条]?\1")  # "246个行政村每村"
# An average per period: "日均", "周均", "月均".
_AVERAGE = re.compile("([日周旬月])均")
_AVERAGED = {"日": "天", "周": "周", "旬": "旬", "月": "月"}
_PERSONS = frozenset("人生名位")
# Amounts a period's capacity or output is given in, and the period just before the number: "每日5万吨".
_AMOUNTS = frozenset({"吨", "立方米", "千克", "公斤", "千瓦时"})
_PER_PERIOD_BEFORE = re.compile(rf"每个?({_PERIOD_ALT})$")
_DURATIONS = frozenset({"秒", "分钟", "小时", "天", "日", "周", "个月", "年", "个工作日", "工作日", "学时", "课时"})
# Per head: "人均", "户均", "生均", "亩均".
_PER_HEAD = re.compile("([人户生亩])均")
# What is said per year: "每年新增岗位200个" in a longer project's overall goal is not the project's total.
_PER_YEAR = re.compile("每年|全年|年均|每年度")
# List numbering "1、", "(2)" at the start or after a separator: "(?:^|(?<=[；;。\s]))[(（]?\d{1,2}\s*[、.．)）]",
# spelt, as _QUANTITY, to begin with a character class.
_NUMBERING = re.compile(rf"[(（{_D}](?<![^；;。\s].)(?:(?<=[(（])[{_D}]{{1,2}}|(?<=[{_D}])[{_D}]?)\s*[、.．)）]")
# And with Chinese numerals: "（四）10月底前全部竣工", "二、开展培训".
_CHINESE_NUMBERING = re.compile("(?:^|(?<=[；;。\\s]))(?:[(（][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}、)")
# Clauses end at these, and at a comma unless it separates thousands ("1,000人次": a digit, then three).
_SEPARATOR = rf"[，；;。！!？?\n]|,(?:(?<![{_D}],)|(?![{_D}]{{3}}(?![{_D}])))"
_CLAUSE_SPLIT = re.compile(_SEPARATOR)
_CLAUSE_BEFORE = re.compile(rf".*(?:{_SEPARATOR})", re.DOTALL)  # up to the last separator (before an end position)
# A change from a baseline ("就业率同比增长5%", "较上年提高2个百分点", "人均增收1000元") written just before the number
# or its operator: the number is the size of the change, not a level.
_CHANGE_BEFORE = re.compile(rf"(?:(?:{'|'.join(CHANGE_PREFIXES)})\s*)?(?<!改造)(?<!改建)(?P<verb>{'|'.join(CHANGE_VERBS)})"
                            r"[了约近]?$")  # (改造提升0.4万亩 is an upgrade of so much, not a change)
_CHANGE_LAST = frozenset("了约近" + "".join(verb[-1] for verb in CHANGE_VERBS))  # checked first: it is quicker
# The words that name a change: "旅游收入增长率不低于8%" commits to a change as "增长8%" does, and an indicator named
# 就业人数增长率 or 同比降幅 measures one. A verb alone does not: "提高群众满意度" ">=95%" is a level.
CHANGE_NAMES = re.compile(rf"(?<!改造)(?<!改建)(?:{'|'.join(CHANGE_VERBS)})(?:率|幅度|比例|幅|量?$)|增幅|增速|降幅|幅度|"
                          rf"{'|'.join(CHANGE_PREFIXES)}|增产|增收|减排")  # (a name ending on the verb: 亩产增加)
# Names and titles in quotation marks hold numbers that are not commitments: “15分钟社区生活圈”, 《十四五规划》.
_QUOTED = re.compile(r"“[^“”]*”|《[^《》]*》|\"[^\"]*\"|「[^「」]*」|‘[^‘’]*’")
_QUOTE_OPENING = re.compile("[“《\"「‘]")
_MONEY_UNITS = ("元", "万元")
# What a standard is given in, per person, thing or period: "每人每月300元", "每人每月服务不少于20小时".
_STANDARD_UNITS = (*_MONEY_UNITS, "小时", "分钟")
# What money is paid per, written before it in the clause: "每人每月", "每月为每户发放", "每个村", "每次".
_PAID_PER = re.compile(rf"(?:每个?|单(?=[个座台套处所间次场]))({_PER_WHAT}|次)")  # "单个建设标准不超过60万元"
# Words around a number that say it is a total, not what it is about: "，共计10台".
_FILLER_WORDS = re.compile("共计|合计|累计|总计|全年|共|约|为")
# What the goal says has been done or exists is background, not a commitment: a clause that opens on a past year or
# on what there is ("2022年全区共开展活动260场", "截至2022年底已建成8个", "现有床位300张", "往年接待5万人次"), or
# that says the thing is done ("项目已完成投资2800万元"), but not what qualifies this year's thing ("对已建成的污水站
# 完成提标改造8座", "对2022年受灾的300户给予补助", "截至2023年底累计完成1200户").
_PAST_OPENING = re.compile(rf"\s*(?:截[至止])?(?:(?P<year>[{_D}]{{4}})年(?![{_D}度]|[—\-~至到])|上年|去年|往年|上一年度|现有|原有|"
                           rf"目前|前期|近[{_CN}{_D}]年)")
# What there is ("全县共有15个乡镇、210个行政村", "辖区下辖8个社区"): the place, not what is promised; but not what
# qualifies this year's thing ("对现有的300户困难家庭发放补助") nor 共有产权房.
_THERE_ARE = re.compile("共有(?!产权)|现有|原有|拥有|下辖|辖有")
_DONE_VERBS = re.compile("已(?:完成|建成|实现|累计|投入|发放|拨付|开工|竣工|改造|开展|举办|服务|接待|覆盖|惠及|于)")
# The words of a total: "两年累计救助1200人次" is about 救助 where no indicator counts a total.
TOTAL_WORDS = re.compile(rf"(?:[{_D}{_CN}]+年)?(?:累计|共计|合计|总计)")
# A deadline, "2022年6月底前", "12月31日前", "年底前", "次年3月底前": its words are read by the target grammar, its date
# compared with the deadlines of 时效 indicators. Commitments carry it as a day number in DATE_UNIT. The lookahead
# lets the regex engine skip to where one can begin.
_DEADLINE_WORDS = re.compile(
    rf"(?=[{_D}年上下第一二三四次明])(?:[次明](?=年))?"
    rf"(?:(?:[{_D}]{{4}}年?)?年底|(?:[{_D}]{{4}}年|(?<=[次明])年)?(?:[{_D}]{{1,2}}月(?:[{_D}]{{1,2}}[日号]|底|末|[上中下]旬)?"
    rf"|第?[一二三四1-4１-４]季度[末底]?|[上下]半年[末底]?))(?:之前|以前|前)"
)
DATE_UNIT = "日期"
# "达到百分之九十五" is read as "达到95%".
_PERCENT_WORDS = re.compile(rf"百分之([{_D}]+(?:\.[{_D}]+)?|[{_CN}百千零]+(?:点[{_CN}零]+)?)")


# A named tuple rather than a frozen dataclass: immutable all the same, and built in less than half the time (every
# form has goals of its own).
class Commitment(NamedTuple):
    phrase: str  # the goal's words ("至少每半个月全面分析1次"; list numbering and 百分之 as _quantity reads them)
    context: str  # what it is about: see _about
    op: str  # "=", ">=", "<=", ">", "<", or "reach" (达到: agrees with = and >=)
    value: Decimal  # in the base unit (in_base_unit); per year for frequencies; a deadline's date.toordinal()
    unit: str  # base unit, or DATE_UNIT
    shown: str  # how a finding quotes it: "≥ 24 次/年"
    change: str = ""  # the words of a change from a baseline ("增长", "增长率"): compared only with indicators of one
    period: str = ""  # of a count per period made a year's ("月", "周"), or "年" for a figure said to be a year's
    for_each: str = ""  # "每期" of "每期3-5天": compared only with an indicator for each of the same (每期培训天数)
    per_head: str = ""  # "人" of "人均绿地面积15平方米"
    lower: Decimal | None = None  # a range's lower bound ("90%-95%"), value being its upper
    written: str = ""  # the number and unit as the goal writes them ("5分钟"), where an indicator's name may quote them

    @property
    def is_total(self) -> bool:
        """Whether it could be a project period's total: not a year's figure, a count for each, or one per head."""
        return not (self.period or self.for_each or self.per_head or "/" in self.unit)


class _Scope(NamedTuple):
    """What a quantity is per: its unit (with what a rate is per), the factor making it a year's, the period it was
    given per, and where in the clause its words begin if before the operator ("每月开展2场")."""

    unit: str
    factor: Decimal = Decimal(1)
    period: str = ""  # a count per this period, made a year's
    for_each: str = ""
    start: int | None = None

    @property
    def shown_unit(self) -> str:
        if not self.period:
            return self.unit
        return f"{self.unit}·年" if "/" in self.unit else f"{self.unit}/年"  # "次/年", "次/人·年"


@lru_cache(maxsize=4096)
def commitments(goal: str, year: int | None = None) -> tuple[Commitment, ...]:
    """The quantified commitments of one goal text; deadlines without a year are resolved against ``year``."""
    text = _NUMBERING.sub("；", goal)
    if "（" in text or "、" in text or "(" in text:
        text = _CHINESE_NUMBERING.sub("；", text)
    if "（" in text or "(" in text:
        text = ALTERNATIVE_IN_UNIT.sub("", text)
    if "百分之" in text:
        text = _PERCENT_WORDS.sub(_as_percent, text)
    # Quoted names are blanked out where quantities are looked for, keeping every position.
    scanned = _QUOTED.sub(_blank, text) if _QUOTE_OPENING.search(text) else text
    found = [commitment for m in _QUANTITY.finditer(scanned) if (commitment := _quantity(text, m, year)) is not None]
    if "前" in scanned:
        found += _deadlines(text, scanned, year)
    return tuple(found)


def _quantity(text: str, m: re.Match[str], year: int | None) -> Commitment | None:
    """The commitment that a number with a unit in a goal states, or None where it states none."""
    m_start, m_end = m.span()
    clause_start, clause_end = _clause(text, m_start)
    prefix = text[clause_start:m_start]
    number, upper, mult, more, unit, rate_per, post = m.groups()
    if m_end > clause_end or _not_a_quantity(text, prefix, m_end, unit) or _done(_opening(text, clause_start, year) + prefix,
                                                                                    year):
        return None
    stated = _operator(prefix, number, more is not None, mult is not None, post)
    value = _number_value(number)
    if stated is None or value is None:
        return None
    op, head = stated
    lower = None
    if upper and post:  # "2至6小时内解决": within the upper bound
        value, op = Decimal(upper), "<="
    elif upper:  # "保持在90%-95%": between the two
        lower, value, op = value, Decimal(upper), "="
    if unit == "％":  # the full-width percent sign of Chinese input methods
        unit = "%"
    scope = _scope(prefix, head, unit, rate_per)
    if scope.period and (season := _SEASON.search(prefix, 0, scope.start if scope.start is not None else len(prefix))) \
            and not _WHOLE_YEAR.fullmatch(season.group()):
        return None  # "汛期每日巡查1次": a season's days are not the year's, and the goal does not say how many
    factor = scope.factor * MULTIPLIERS[mult] if mult else scope.factor  # "1.5万人次"; "90万元" keeps its 万元
    value *= factor
    lower = lower * factor if lower is not None else None
    change = _CHANGE_BEFORE.search(head) if head and head[-1] in _CHANGE_LAST else None
    start = change.start() if change else len(head)
    if scope.start is not None:
        start = min(start, scope.start)
    period = scope.period or ("年" if _PER_YEAR.search(prefix) else "")
    per_head = _PER_HEAD.search(head) if not period and "均" in head else None
    if change:
        change_words = change.group("verb")  # "增长5%": the size of the change
    else:
        named = CHANGE_NAMES.search(head) if head else None  # "增长率不低于8%": a level of a change
        change_words = named.group() if named else ""
    base_value, base_unit = in_base_unit(value, scope.unit)
    return Commitment(
        text[clause_start + start : m_end].strip(),
        _about(text, prefix, text[m_end:clause_end], clause_start),
        op,
        base_value,
        base_unit,
        _shown(op, value, lower, scope.shown_unit, change_words if change else ""),
        change_words,
        period,
        scope.for_each,
        per_head.group(1) if per_head else "",
        in_base_unit(lower, scope.unit)[0] if lower is not None else None,
        text[m_start : m.end("unit")],
    )


def _not_a_quantity(text: str, prefix: str, end: int, unit: str) -> bool:
    """Numbers with units that promise nothing."""
    return (
        prefix.endswith("每")  # the "半个月" of "每半个月" is a period
        or (unit == "日" and prefix.endswith("月"))  # the day of a date, "12月31日"
        or text.startswith(_TO_A_LEVEL, end)  # a baseline: the 90% of "满意度由90%提高到92%"
        or text.startswith("性", end)  # "一次性补贴", "阶段性"
        or _CIRCLE.match(text, end) is not None  # a slogan's name: "打造15分钟健身圈"
        or _COUNTED_EACH.match(text, end) is not None  # "全镇12个村每个村每月…": a commitment for each counts them in
        or (unit not in EVENT_UNITS and _COUNT_THEN_FREQUENCY.match(text, end) is not None and
            _ACTION.search(prefix) is None)  # (but "新建公厕30座并每月保洁2次" builds 30)
        or ("每" in prefix and _RATIO.search(prefix) is not None)  # a ratio: "按每80户配备1名", "每2.5公里设1个"
        or ("各" in prefix and _EACH_OF_SEVERAL.search(prefix) is not None)  # "“5·12”“9·18”各组织1次": one each
        or (unit in "%％" and _SHARE_OF.search(prefix) is not None)  # "按最低工资标准的80%": how an amount is set
    )


def _opening(text: str, clause_start: int, year: int | None) -> str:
    """What opens a clause from before it: a time alone in the clause before (the "2022年" of "2022年，全区完成清淤
    45公里"); the past, or what there is, that the sentence opens on ("上年全区共检查1860家次，排查隐患4300余项": both
    are last year's; "全区已建成设施312座，覆盖行政村186个") unless the clause turns to what is planned or done
    ("上年接待5万人次，今年力争6万人次"); or a later year the sentence speaks of ("到2025年PM2.5浓度下降到35微克/立方米
    以下，优良天数比率达到82%")."""
    if not clause_start:
        return ""
    if "年" in text[max(0, clause_start - 10) : clause_start]:
        before = text[_clause(text, clause_start - 1)[0] : clause_start - 1]
        if len(before) <= 10 and before.rstrip().endswith(("年", "年底", "年末")):
            return before
    reach = max(0, clause_start - 300)
    sentence_start = max(text.rfind("。", reach, clause_start), text.rfind("；", reach, clause_start),
                         text.rfind(";", reach, clause_start), text.rfind("\n", reach, clause_start)) + 1
    if sentence_start == clause_start:
        return ""
    lead = text[sentence_start:clause_start]
    if "年" in lead and (past := _opening_a_clause(_PAST_CLAUSE, lead)):  # the past: what follows it is too
        return "" if _planned(text, clause_start) else lead[past.start() :]
    if _has_done(lead) or _there_is(lead):  # until the sentence turns to what is done
        clause_end = _clause(text, clause_start)[1]
        return "" if _planned(text, clause_start) or _ACTION.search(text, clause_start, clause_end) else lead
    return lead if year is not None and _later_year(lead, year) else ""


def _planned(text: str, clause_start: int) -> bool:
    return _PLANNED.search(text, clause_start, _clause(text, clause_start)[1]) is not None


def _later_year(words: str, year: int) -> bool:
    return "年" in words and any(int(later) > year for later in _YEAR_IN.findall(words))


def _there_is(words: str) -> bool:
    """Whether words say what a place has, not what is done there: "全镇辖22个行政村", "全县林地面积126.8万亩"
    (not "全县完成造林面积1.5万亩")."""
    there = _opening_a_clause(_THERE_IS_OPENING, words) if _PLACE.search(words) else None
    return there is not None and _ACTION.search(there.group()) is None


def _opening_a_clause(pattern: re.Pattern[str], words: str) -> re.Match[str] | None:
    """The first of the first few clauses of words (a sentence's, up to a quantity) whose opening pattern matches: a
    clause begins at the start or after a comma. Only the first few: a sentence opens on its background, and a
    sentence of a hundred clauses would otherwise make each of its quantities read all of them."""
    start = 0
    for _ in range(_OPENINGS_READ):
        if (opened := pattern.match(words, start)) is not None:
            return opened
        comma = _COMMA.search(words, start)
        if comma is None:
            return None
        start = comma.end()
    return None


_COMMA = re.compile("[，,]")
_OPENINGS_READ = 6


def _has_done(words: str) -> bool:
    """Whether words say what is done already: "全区已建成处理设施312座" (not "对已建成的污水站")."""
    done = _DONE_VERBS.search(words) if "已" in words else None
    return done is not None and "的" not in words[done.end() : _clause(words, done.end())[1]]


# A clause that opens on a past time, which the clauses after it in its sentence continue ("2023年接警15.6万次，出车8.2万
# 车次"), and what turns them to what is to be done, a time of its own included ("截至2022年底已建成8个，2023—2025年
# 再建成30个").
_PAST_CLAUSE = re.compile(rf"\s*(?:截[至止])?(?:[{_D}]{{4}}年(?![{_D}度]|[—\-~至到])|上年|去年|往年|上一年度)")
_PLANNED = re.compile(rf"今年|本年|年内|计划|力争|确保|预计|将|拟|目标|再|新增|新建|[{_D}]{{4}}年")
_PLACE = re.compile("[县区市镇乡省州旗盟街村社]")  # what _THERE_IS_OPENING needs, found at once
# A sentence that opens on what a place has ("全县共有耕地62.3万亩", "全镇辖22个行政村", "全县农村公路总里程2368公里"),
# and the work that turns it to what is to be done ("全县共有耕地62.3万亩，完成高标准农田建设3.2万亩").
_THERE_IS_OPENING = re.compile(r"\s*(?:(?!每)[\u4e00-\u9fff]){0,4}?(?:县|区|市|镇|乡|省|州|旗|盟|街道|村|社区)内?"
                               r"(?:有(?![效序力关机])|设(?![置立计施备])|[^，。；、]{0,10}?(?:共有|现有|拥有|设有|建有|辖(?!区)|在用|在册|在校|总里程|"
                               r"总长度|面积|总人口|常住人口|户籍人口))")
_ACTION = re.compile("(?:完成|实施|开展|建设|新建|建成|改造|修建|铺设|安装|更换|购置|采购|购买|种植|栽植|造林|放映|演出|修复|维修|"
                     "养护|培训|举办|发放|拨付|兑付|落实|推进|组织|实现|确保|保障|提供|配备|招聘|聘用|新增|治理|整治|清理|清淤|"
                     "检查|巡查|监测|检测|服务|救助|补助|补贴|资助|扶持|慰问|走访|接待|宣传|安置|收运|投入|投资)(?!率)")
# (污水治理率 is a state)


# a year, not the end of a period ("2023—2025年", "2023年至2025年")
_YEAR_IN = re.compile(rf"(?<![{_D}][—\-~至到])(?<![{_D}]年[—\-~至到])([{_D}]{{4}})年")


def _done(prefix: str, year: int | None) -> bool:
    """Whether the words of a clause before a number say it is background: done already, there before, or of a
    later year."""
    opening = _PAST_OPENING.match(prefix)
    if opening is not None:
        opened_in = opening.group("year")
        if opened_in is None or (year is not None and int(opened_in) < year):
            return True
    if "已" in prefix and (done := _DONE_VERBS.search(prefix)) is not None:
        return "的" not in prefix[done.end() :]  # "已建成的污水站" qualifies what this year's work is on
    if ("有" in prefix or "辖" in prefix) and (there := _THERE_ARE.search(prefix)) is not None:
        return "的" not in prefix[there.end() :]
    if year is not None and _later_year(prefix, year):
        return True  # "到2025年全县累计建成45万亩": a later year's figure, not this one's
    return _there_is(prefix)


def _operator(prefix: str, number: str, more: bool, multiplied: bool, post: str | None) -> tuple[str, str] | None:
    """The comparison a quantity is committed with, and the words of its clause before that comparison; None for a
    lone 一 or 两 without one ("两个免于提交", "建立一个平台"; not "举办五场", "八万人次", "八百余人")."""
    op_words = _OP_WORD_RE.findall(prefix) if prefix else None
    if op_words:
        op_word = op_words[-1]
        return _POST.get(post or "") or _OP_WORDS[op_word], prefix[: prefix.rfind(op_word)]
    if number in _LONE_ARTICLES and not (more or multiplied or "每" in prefix):
        return None  # "一个", "两个" say "a", "a couple"; "每季度开展一次" is once a quarter
    return _POST.get(post or "") or (">=" if more else "="), prefix  # "100余人次": more than 100


def _scope(prefix: str, head: str, unit: str, rate_per: str | None) -> _Scope:
    """What a quantity is per: a period ("每月开展2场" is 24 场 a year), each of several things ("每期培训50人" is not
    the total), or, for money, a person or a period ("每人每月300元" is a rate, as "300元/人·月")."""
    item = _last_item(head)  # not the 每期 of another item: "中青年干部培训班2期（每期50人）、科级干部进修班4期"
    each = _PER_THING.search(item) if "每" in item and unit not in _STANDARD_UNITS else None
    if each is None:
        return _scope_of(prefix, unit, rate_per, "")
    count = _count_of(head[: len(head) - len(item) + each.start()], each.group(1)) if unit not in _DURATIONS else None
    if count is None:  # (a duration for each, "培训4期每期5天", is no total: 5 days, not 20)
        if unit in EVENT_UNITS and each.group(1) in _PERSONS and not rate_per:
            rate_per = "人"  # "每生每月不少于4次": 48 次 a year for each pupil, 次/人 as indicators write it
        return _scope_of(prefix, unit, rate_per, "每" + each.group(1))
    # "对全镇12个村每个村每月开展整治1次" is 144 in all: the count of the things is written before "each"
    scope = _scope_of(prefix, unit, rate_per, "")
    return scope._replace(factor=scope.factor * count[0], start=count[1])


def _count_of(words: str, thing: str) -> tuple[Decimal, int] | None:
    """How many of a thing the words before its "每" count, and where: the 12 of "全镇12个村" for 每个村."""
    matches = list(re.finditer(rf"([{_D}]+|[{_CN}]{{1,3}})\s*(?:[个所座家处间名位户条]?[\u4e00-\u9fff]{{0,3}}?{re.escape(thing)}|"
                               rf"{re.escape(thing)}[\u4e00-\u9fff]{{0,8}})\s*$", words))  # "45家危化企业每家"
    value = _number_value(matches[-1].group(1)) if matches else None
    return (value, matches[-1].start()) if value else None


def _scope_of(prefix: str, unit: str, rate_per: str | None, for_each: str) -> _Scope:
    """_scope once what the quantity is for each of is known."""
    if unit in EVENT_UNITS:  # "每处每月巡查2次" is 24 a year for each 处
        frequency = _FREQUENCY.search(prefix) if "每" in prefix else None
        if frequency is not None and not _TOTAL.search(prefix, frequency.end()):
            return _Scope(_rated(unit, rate_per), _times_a_year(frequency), frequency.group("period"), for_each,
                          start=frequency.start())
        if rate_per in PERIODS_PER_YEAR:  # "2次/周"
            return _Scope(unit, Decimal(PERIODS_PER_YEAR[rate_per]), rate_per, for_each)
        if "均" in prefix and (average := _AVERAGE.search(prefix)):  # "日均服务乘客2000人次": 2000 a day
            period = _AVERAGED[average.group(1)]
            return _Scope(unit, Decimal(PERIODS_PER_YEAR[period]), period, for_each, start=average.start())
    if for_each:
        return _Scope(_rated(unit, rate_per), for_each=for_each)
    if unit in _AMOUNTS and not rate_per and (per_period := _PER_PERIOD_BEFORE.search(prefix)):
        return _Scope(_rated(unit, per_period.group(1)))  # "设计处理规模每日5万吨": 吨/日, a capacity
    if unit in _STANDARD_UNITS and ("每" in prefix or "单" in prefix) and \
            (paid_per := _PAID_PER.findall(item := _last_item(prefix))) and \
            (unit in _MONEY_UNITS or any(per not in PERIODS_PER_YEAR for per in paid_per)):
        # a year alone is implied (in_base_unit): "每年补助10万元" is an amount; "提高至每人每月90元" is a rate; hours
        # are a standard only for each of something ("每人每月20小时"): "每天开放8小时" is the day's opening
        if (head := _PER_HEAD.search(prefix)) and head.group(1) not in paid_per:  # "生均…每年1200元": 元/生·年
            paid_per.insert(0, head.group(1))
        rated = _rated(unit, "·".join([*paid_per, rate_per] if rate_per else paid_per))
        return _Scope(rated, start=len(prefix) - len(item) + _PAID_PER.search(item).start())
    return _Scope(_rated(unit, rate_per))


def _last_item(words: str) -> str:
    """The last item of a list: "初中生每生每年" of "小学生每生每年1000元、初中生每生每年"."""
    return words[words.rfind("、") + 1 :] if "、" in words else words


def _rated(unit: str, per: str | None) -> str:
    return f"{unit}/{per}" if per else unit


def _shown(op: str, value: Decimal, lower: Decimal | None, unit: str, change_verb: str) -> str:
    """How a finding quotes a commitment: "≥ 24 次/年", "达到 95 %", "增长 5 %", "90~95 %"."""
    if lower is not None:
        return f"{lower.normalize():f}~{value.normalize():f} {unit}"
    if change_verb:
        return f"{change_verb}{'' if op in ('=', 'reach') else ' ' + OP_SYMBOL[op]} {value.normalize():f} {unit}"
    return f"{'达到' if op == 'reach' else OP_SYMBOL[op]} {value.normalize():f} {unit}"


def _number_value(text: str) -> Decimal | None:
    """A number as goals write it: digits ("1,200", "３５"), 半, or a Chinese numeral (十二, 一千二百)."""
    if text[0] in _DIGITS:
        return Decimal(text.replace(",", ""))
    if text == "半":
        return Decimal("0.5")
    return chinese_number(text)  # None for a run of numerals: "十三五", "三四个"


def _as_percent(words: re.Match[str]) -> str:
    number = words.group(1)
    value = 100 if number == "百" else _number_value(number)
    return words.group() if value is None else f"{value}%"


_VALUES_LISTED = re.compile(rf"(?:[{_D}.]+\s*[%％]?\s*、)+$")
_LIST_OF = re.compile(rf"([^、{_D}]{{2,12}}?)(?:包括|包含|涵盖|分为)[^、]*、")


def _about(text: str, before: str, after: str, clause_start: int) -> str:
    """What a commitment is about: the words of its clause before and after it, but not the other items of a list
    ("665台设备、1200台终端") nor the words of a total, a frequency or a comparison; and where the clause has no
    words of its own ("开展监测，每月1次"), the clause before. A list that a thing introduces ("体检项目包括一般体格检查、
    血常规…等9项") is about that thing."""
    if "、" in before and (introduced := _LIST_OF.match(before)) is not None:
        before = introduced.group(1) + _last_item(before)
    elif "、" in before and not _last_item(before).strip():  # "分别达到65%、65%": as the value listed before it
        before = _last_item(_VALUES_LISTED.sub("", before))
    else:
        before = _last_item(before)
    if "、" in after:
        after = after[: after.find("、")]
    context = before + after
    if "每" in context:
        context = _FREQUENCY.sub("", context)
    context = _OP_WORD_RE.sub("", context)
    if len(context) < 8 and len(_FILLER_WORDS.sub("", context)) < 2 and clause_start:  # (longer: words of its own)
        context = text[_clause(text, clause_start - 1)[0] : clause_start - 1] + context
    return context


def _times_a_year(frequency: re.Match[str]) -> Decimal:
    """"每月" 12, "每两周" 26, "每3个月" 4."""
    times = Decimal(PERIODS_PER_YEAR[frequency.group("period")])
    every = frequency.group("every")
    number = _number_value(every) if every else None
    return times / number if number else times


def _clause(text: str, start: int) -> tuple[int, int]:
    """Where the clause around a position starts and ends: found from the position, which is quicker than
    splitting a long goal into clauses. A clause is read at most _CLAUSE_REACH characters either side: a goal
    without separators would otherwise make each of its numbers read all of it."""
    reach, end = start - _CLAUSE_REACH, start + _CLAUSE_REACH  # (conditionals: cheaper than max and min here)
    reach = reach if reach > 0 else 0
    before = _CLAUSE_BEFORE.match(text, reach, start)
    after = _CLAUSE_SPLIT.search(text, start, end)
    begin, finish = before.end() if before else reach, after.start() if after else (end if end < len(text) else len(text))
    if "（" in text:  # a note in brackets is a clause of its own ("（全县常住人口88万人）"), not a figure restated ("（4800元）")
        if (note := text.rfind("（", begin, start)) >= 0 and _opens_a_note(text, note):
            begin = note + 1
        if (note := text.find("（", start, finish)) >= 0 and _opens_a_note(text, note):
            finish = note
    return begin, finish


def _opens_a_note(text: str, bracket: int) -> bool:
    return text[bracket + 1 : bracket + 2] not in _DIGITS and text[bracket - 1 : bracket] != "/"


_CLAUSE_REACH = 150


def _deadlines(text: str, scanned: str, year: int | None) -> Iterator[Commitment]:
    for m in _DEADLINE_WORDS.finditer(scanned):
        words = m.group()
        target = parse_target(words, year)
        if target.date is None or (year is not None and target.date.year < year):
            continue  # no year to resolve it against; or history ("前期工作已于2022年12月前完成")
        clause_start, clause_end = _clause(text, m.start())
        if "已" in text[clause_start : m.start()]:
            continue  # "前期工作已于2023年3月底前完成": done
        context = text[clause_start : m.start()] + text[m.end() : clause_end]
        yield Commitment(words, context, "<=", Decimal(target.date.toordinal()), DATE_UNIT, format_target(target))


def _blank(quoted: re.Match[str]) -> str:
    return "\u3000" * len(quoted.group())
