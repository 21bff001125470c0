"""Target values: the seed's, the properties of the grammar, and the JSON form."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.core.targets import (
    OPS,
    Direction,
    Kind,
    Qual,
    Target,
    chinese_number,
    format_target,
    in_base_unit,
    parse_target,
    units_compatible,
)
from jixiao.formats.json_io import seed_declarations

Q = Kind.QUANTITATIVE


def _q(op: str, value: str, unit: str | None) -> Target:
    return Target(Q, op=op, value=Decimal(value), unit=unit)


def _text(text: str, qual: Qual) -> Target:
    return Target(Kind.QUALITATIVE, qual=qual, text=text)


SEED_TARGETS = {
    "=30000家": _q("=", "30000", "家"),
    ">=19900件": _q(">=", "19900", "件"),
    "=100%": _q("=", "100", "%"),
    "<=2小时": _q("<=", "2", "小时"),
    ">=10项": _q(">=", "10", "项"),
    ">=18次": _q(">=", "18", "次"),
    ">=5次": _q(">=", "5", "次"),
    "=5个": _q("=", "5", "个"),
    ">=10个": _q(">=", "10", "个"),
    "=50个": _q("=", "50", "个"),
    ">=90%": _q(">=", "90", "%"),
    "=0次": _q("=", "0", "次"),
    "=22个": _q("=", "22", "个"),
    "=16个": _q("=", "16", "个"),
    "=0%": _q("=", "0", "%"),
    "=3台": _q("=", "3", "台"),
    "=12次": _q("=", "12", "次"),
    "=1次": _q("=", "1", "次"),
    "=665台": _q("=", "665", "台"),
    "=1200台": _q("=", "1200", "台"),
    "=2人": _q("=", "2", "人"),
    "<=15分钟": _q("<=", "15", "分钟"),
    "<=30分钟": _q("<=", "30", "分钟"),
    "<10%": _q("<", "10", "%"),
    "=7个": _q("=", "7", "个"),
    ">=3次": _q(">=", "3", "次"),
    "优化": _text("优化", Qual.VAGUE),
    "提升": _text("提升", Qual.VAGUE),
    "提高": _text("提高", Qual.VAGUE),
    "增长": _text("增长", Qual.VAGUE),
    "健全": _text("健全", Qual.STATE),
    "及时": _text("及时", Qual.STATE),
    "齐全": _text("齐全", Qual.STATE),
    "稳定": _text("稳定", Qual.STATE),
    "有效": _text("有效", Qual.STATE),
}


def test_every_seed_target_parses_to_its_kind_operator_value_and_unit() -> None:
    seen = set()
    for doc in seed_declarations():
        for indicator, parsed in zip(doc.indicators, doc.targets, strict=True):
            assert parsed == SEED_TARGETS[indicator.target], indicator.name
            seen.add(indicator.target)
    assert seen == set(SEED_TARGETS)
    assert sum(len(doc.indicators) for doc in seed_declarations()) == 74


def test_direction_follows_the_operator() -> None:
    assert parse_target(">=19900件").direction is Direction.POSITIVE
    assert parse_target("<=2小时").direction is Direction.NEGATIVE
    assert parse_target("=30000家").direction is Direction.EQUAL
    assert parse_target("12月底前", 2022).direction is Direction.NEGATIVE
    assert parse_target("降低").direction is Direction.NEGATIVE
    assert parse_target("健全").direction is Direction.EQUAL


def test_json_form_has_every_field_of_design_section_3() -> None:
    assert parse_target("≤1.2万人次").to_json() == {
        "raw": "≤1.2万人次", "kind": "quantitative", "op": "<=", "value": 12000, "upper": None, "unit": "人次",
        "date": None, "qual": None, "direction": "反向",
    }
    assert parse_target("2022年12月31日前").to_json()["date"] == "2022-12-31"
    assert parse_target("90%-95%").to_json() == {
        "raw": "90%-95%", "kind": "range", "op": None, "value": 90, "upper": 95, "unit": "%", "date": None,
        "qual": None, "direction": "等值",
    }
    assert json.dumps(parse_target("=99.5%").to_json())


def test_a_deadline_without_a_year_stays_unresolved_until_the_year_is_known() -> None:
    open_ended = parse_target("12月底前")
    assert open_ended.kind is Kind.DEADLINE and open_ended.date is None
    assert parse_target(format_target(open_ended)) == open_ended
    assert parse_target("12月底前", 2023).date == date(2023, 12, 31)


def test_describe_reads_like_the_editor_shows_it() -> None:
    assert parse_target(">=19900件").describe() == "≥ 19900 件，正向"
    assert parse_target("提升").describe() == "定性（变化趋势，无基数）：提升"


def test_money_and_time_convert_for_comparison() -> None:
    assert in_base_unit(Decimal(90), "万元") == (Decimal(900000), "元")
    assert in_base_unit(Decimal("0.5"), "小时") == in_base_unit(Decimal(30), "分钟")
    assert units_compatible("名", "个") and units_compatible("万元", "元")
    assert not units_compatible("小时", "%")


def test_rates_convert_for_comparison() -> None:
    # events per period as a yearly count
    assert in_base_unit(Decimal(1), "次/月") == (Decimal(12), "次")
    assert in_base_unit(Decimal(2), "场/季度") == in_base_unit(Decimal(4), "场/半年") == (Decimal(8), "场")
    assert in_base_unit(Decimal(2), "次/学期") == (Decimal(4), "次")
    # money per person and period as a year's per person; other rates keep their denominators, in one order, with a
    # year implied; money per period alone stays a rate (a monthly standard is often written without its period)
    assert in_base_unit(Decimal(1), "万元/月·人") == in_base_unit(Decimal(10000), "元/人/月") == (Decimal(120000), "元/人")
    assert in_base_unit(Decimal(300), "元/月") == (Decimal(300), "元/月")
    assert in_base_unit(Decimal(5), "元/人·年") == (Decimal(5), "元/人")
    assert units_compatible("次", "次/月") and units_compatible("元/人·月", "元/月/人")
    assert not units_compatible("元/月", "元") and not units_compatible("名/天", "名")
    assert in_base_unit(Decimal(45), "万亩") == in_base_unit(Decimal(450000), "亩")  # as "45万亩" is kept
    assert in_base_unit(Decimal(5), "元/生·天") == in_base_unit(Decimal(5), "元/人/日") == (Decimal(1825), "元/人")
    assert in_base_unit(Decimal(2), "吨/村·月") == (Decimal(2000), "千克/月·村")  # neither counted nor paid: a rate
    assert in_base_unit(Decimal(1), "万人次/年") == (Decimal(10000), "人次")


def test_which_counts_compare() -> None:
    assert units_compatible("名", "台") and units_compatible("次", "场")  # things; occasions
    assert not units_compatible("名", "个工作日") and not units_compatible("人", "次")
    assert not units_compatible("人次", "场")  # people counted per occasion are not occasions


_UNITS = ["家", "件", "%", "‰", "小时", "分钟", "个工作日", "天", "次", "个", "项", "台", "人", "人次", "元", "万元",
          "平方米", "万平方米", "亩", "公里", "次/季度", "元/人", None]
_values = st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), allow_nan=False, places=3)


@st.composite
def targets(draw: st.DrawFn) -> Target:
    kind = draw(st.sampled_from([Q, Kind.RANGE, Kind.DEADLINE, Kind.QUALITATIVE]))
    if kind is Q:
        return parse_target(f"{draw(st.sampled_from(OPS))}{draw(_values)}{draw(st.sampled_from(_UNITS)) or ''}")
    if kind is Kind.RANGE:
        low = draw(st.decimals(min_value=0, max_value=Decimal("1e6"), places=2))
        high = low + draw(st.decimals(min_value=0, max_value=Decimal("1e6"), places=2))
        return parse_target(f"{low}~{high}{draw(st.sampled_from(_UNITS)) or ''}")
    if kind is Kind.DEADLINE:
        return parse_target(f"{draw(st.dates(date(2000, 1, 1), date(2099, 12, 31))):%Y年%m月%d日}前")
    return parse_target(draw(st.sampled_from(["提升", "健全", "及时", "有所改善", "达到预期", "按计划推进"])))


@given(targets())
@settings(max_examples=400)
def test_format_then_parse_gives_back_the_same_value(target: Target) -> None:
    assert target.kind is not Kind.QUALITATIVE or target.qual is not None
    assert parse_target(format_target(target)) == target


@given(st.text(max_size=40), st.one_of(st.none(), st.integers(1990, 2100)))
@settings(max_examples=1500)
def test_parsing_never_raises_and_its_canonical_form_is_stable(text: str, year: int | None) -> None:
    parsed = parse_target(text, year)
    assert isinstance(parsed.kind, Kind)
    assert parse_target(format_target(parsed), year) == parsed


@given(st.text(alphabet="=<>≥≤≧≦＝＞＜0123456789,.%万亿千个次人件天月年日前后以上下内至-~ 　*Xx提升健全及时()（）", max_size=16))
@settings(max_examples=3000)
def test_grammar_shaped_noise_never_raises_and_round_trips(text: str) -> None:
    parsed = parse_target(text, 2022)
    assert parse_target(format_target(parsed), 2022) == parsed
    json.dumps(parsed.to_json())


def test_the_quick_quantity_constructor_builds_what_the_keyword_one_builds() -> None:
    from jixiao.core.targets import _quantity

    quick = _quantity(">=", Decimal(5), "次", "不少于5次")
    full = Target(Kind.QUANTITATIVE, op=">=", value=Decimal(5), unit="次", raw="不少于5次")
    assert tuple(quick) == tuple(full) and quick._asdict() == full._asdict()
    assert parse_target("不少于5次") == full and parse_target("不少于5次").raw == "不少于5次"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("三", 3), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一百一十", 110), ("两千", 2000),
        ("一千零二", 1002), ("一千二", 1200), ("一万二", 12000), ("一万二千", 12000), ("一万零五百", 10500),
        ("三千万", 30_000_000), ("一亿二千万", 120_000_000), ("零", 0), ("八十五点五", "85.5"), ("零点五", "0.5"),
        ("二十点零五", "20.05"),
        # not numbers: runs of numerals, a scale alone, a scale out of order, a point without digits
        ("十三五", None), ("三四", None), ("百", None), ("万", None), ("十百", None), ("点五", None), ("五点", None),
        ("一二三", None), ("五十十", None),
    ],
)
def test_chinese_numbers(text: str, value: int | str | None) -> None:
    assert chinese_number(text) == (None if value is None else Decimal(value))


def test_a_run_of_plus_minus_signs_is_text_not_a_recursion() -> None:
    assert parse_target("±" * 498 + "3%").kind is Kind.QUALITATIVE
