"""Throughput of the core: target values parsed per second and declarations reviewed per second.

Run from the repository root::

    .venv/bin/python bench/core.py            # full run, under a minute
    .venv/bin/python bench/core.py --quick    # smoke run, a few seconds

Every figure is the median of several timed runs on one core (no threads, no processes). Inputs are built from the
seed forms (``jixiao/data/seed_forms_2022.json``) and the spellings of ``tests/core/test_target_table.py``, with a
fixed random seed, so two runs on one machine measure the same work.

A shared machine's speed drifts (on the 2-core machine of this project, by up to 1.7x within a minute), so each
figure is followed by a yardstick: millions of steps per second of a fixed Python loop, measured right after it.
Compare figures from two runs or two machines through their yardsticks.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jixiao.core import clear_caches as core_clear_caches  # noqa: E402
from jixiao.core import targets as targets_module  # noqa: E402
from jixiao.core.documents import Declaration, load_declaration  # noqa: E402
from jixiao.core.review import review  # noqa: E402
from jixiao.core.targets import parse_target  # noqa: E402
from jixiao.formats.json_io import seed_declarations  # noqa: E402

YEAR = 2022
SEED = 20220101
TABLE = ROOT / "tests" / "core" / "test_target_table.py"
JIXIAO = shutil.which("jixiao", path=str(Path(sys.executable).parent)) or "jixiao"  # the installed command

GOAL_REALISTIC = 1_000_000  # values/s
GOAL_DISTINCT = 200_000  # values/s
GOAL_FORMS = 10_000  # forms/s


@dataclass(frozen=True)
class Sizes:
    realistic: int
    distinct: int
    forms: int
    runs: int


FULL = Sizes(realistic=1_000_000, distinct=200_000, forms=2_000, runs=5)
QUICK = Sizes(realistic=100_000, distinct=10_000, forms=200, runs=3)


# --------------------------------------------------------------------------------------------------------------
# Inputs


def seed_target_strings() -> list[str]:
    """The target strings of the five seed forms, repeats kept (74 values)."""
    return [indicator.target for doc in seed_declarations() for indicator in doc.indicators]


def table_raw_strings() -> list[str]:
    """The raw spellings of the target table test; imported, or read from its source if pytest is missing."""
    try:
        spec = importlib.util.spec_from_file_location("_jixiao_bench_target_table", TABLE)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return [row["raw"] for row in module.ROWS]
    except ImportError:
        return _table_raw_strings_from_source()


def _table_raw_strings_from_source() -> list[str]:
    tree = ast.parse(TABLE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "ROWS" for t in node.targets):
            assert isinstance(node.value, ast.List)
            return [ast.literal_eval(call.args[0]) for call in node.value.elts if isinstance(call, ast.Call)]
    raise RuntimeError(f"no ROWS in {TABLE}")


def realistic_values(pool: list[str], count: int, rng: random.Random) -> list[str]:
    values = (pool * (count // len(pool) + 1))[:count]
    rng.shuffle(values)
    return values


# All-distinct strings: one generator per kind of spelling seen on published forms.

_UNITS = ("%", "个", "人次", "件", "家", "次", "项", "台", "元", "万元", "小时", "分钟", "天", "个工作日", "平方米",
          "公里", "‰", "户", "名", "场", "册", "套", "篇", "吨", "亩", "课时", "")
_COUNT_UNITS = ("人次", "户", "件", "个", "家", "册", "人", "次", "项")
_SYMBOL_OPS = ("=", ">=", "<=", ">", "<", "≥", "≤", "＞", "＜", "＝", "≧", "≦", "＞＝", "＜＝", "=>", "=<", "")
_PRE_WORDS = ("不低于", "不少于", "不小于", "达到", "至少", "大于等于", "大于或等于", "不超过", "不高于", "控制在",
              "小于等于", "低于", "少于", "高于", "超过", "约", "为", "完成")
_POST_WORDS = ("以上", "及以上", "以下", "及以下", "以内", "之内", "左右", "内")
_RANGE_SEPS = ("-", "~", "至", "到", "～", "—", "－")
_CHANGE_PREFIXES = ("较上年", "较上年度", "比上年", "同比", "较去年", "环比", "")
_CHANGE_VERBS = ("提高", "提升", "增长", "增加", "降低", "下降", "减少", "缩短")
_PERIODS = ("年", "半年", "季度", "季", "月", "半月", "周", "星期", "天", "工作日")
_NAMES = ("满意度", "合格率", "完成率", "覆盖率", "及时率", "知晓率", "达标率", "使用率", "受益人数", "办结率",
          "投诉率", "差错率", "响应时间", "验收合格率", "群众满意度")
_NOUNS = ("制度", "档案", "设备", "系统", "服务", "窗口", "资料", "台账", "流程", "信息", "资金使用", "项目管理",
          "安全生产", "环境卫生", "数据报送", "网络运行", "监管机制", "工作机制", "群众获得感", "营商环境",
          "办事效率", "服务质量", "管理水平", "社会效益", "生态环境", "居民健康水平")
_STATE_WORDS = ("健全", "齐全", "及时", "有效", "稳定", "合格", "达标", "完善", "规范", "良好", "安全", "正常", "准确",
                "到位", "按时", "符合要求", "全覆盖", "落实到位", "运行良好", "无事故")
_VAGUE_WORDS = ("有所提升", "有所提高", "进一步提升", "逐步改善", "稳步提高", "不断优化", "持续改善", "明显提升",
                "显著增强", "提升", "提高", "增强", "优化", "改善", "降低", "减少")
_SUFFIXES = ("，符合《{doc}》第{n}条", "（参照{y}年第{n}号文）", "，详见附件{n}", "，第{n}期", "，覆盖{n}个社区",
             "（{y}年标准）", "，按合同第{n}条执行", "，涉及{n}个部门")
_DOCS = ("政府采购法", "预算法实施条例", "项目管理办法", "资金管理办法", "服务规范", "安全生产条例")
_OTHER = ("详见项目实施方案第{n}条", "以{y}年实际发生为准", "按合同第{n}项约定", "根据第{n}次会议要求",
          "见附件{n}", "参照{y}年度绩效报告", "按{doc}第{n}条执行", "由第{n}批验收意见确定")
_PLACEHOLDERS = ("{op}{x}{unit}", "{op} {x} {unit}", "{x}{unit}", "{op}{x}")
_CN_DIGITS = "零一二三四五六七八九"
_FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789%=<>.~-"})


def _number(rng: random.Random, percent: bool = False) -> str:
    if percent:
        value = rng.choice((rng.randint(50, 100), round(rng.uniform(50, 100), rng.choice((1, 2)))))
    else:
        value = rng.choice((rng.randint(0, 100), rng.randint(100, 100_000), round(rng.uniform(0, 1000), 1)))
    return str(value)


def _unit_and_number(rng: random.Random) -> tuple[str, str]:
    unit = rng.choice(_UNITS)
    return unit, _number(rng, percent=unit == "%")


def _chinese(n: int) -> str:
    """Chinese numerals for 1..9999, as forms write them: 三, 十二, 二十, 一百零五, 两千."""
    if n < 10:
        return _CN_DIGITS[n]
    parts, zero = [], False
    for scale, name in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, scale)
        if digit:
            if zero:
                parts.append("零")
            parts.append(("两" if digit == 2 and scale >= 1000 else _CN_DIGITS[digit]) + name)
            zero = False
        elif parts:
            zero = True
    if n:
        if zero:
            parts.append("零")
        parts.append(_CN_DIGITS[n])
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


def _quant_symbol(rng: random.Random) -> str:
    unit, number = _unit_and_number(rng)
    space = rng.choice(("", "", "", " "))
    return f"{rng.choice(_SYMBOL_OPS)}{space}{number}{space}{unit}"


def _quant_word_before(rng: random.Random) -> str:
    unit, number = _unit_and_number(rng)
    return f"{rng.choice(_PRE_WORDS)}{number}{unit}"


def _quant_word_after(rng: random.Random) -> str:
    unit, number = _unit_and_number(rng)
    return f"{number}{unit}{rng.choice(_POST_WORDS)}"


def _full_width(rng: random.Random) -> str:
    unit, number = _unit_and_number(rng)
    return f"{rng.choice(('=', '>=', '<=', '>', '<'))}{number}{unit}".translate(_FULL_WIDTH)


def _multiplier(rng: random.Random) -> str:
    number = rng.choice((str(rng.randint(1, 999)), f"{rng.uniform(0.1, 99.9):.1f}"))
    mult, unit = rng.choice((("万", rng.choice(_COUNT_UNITS)), ("万", "元"), ("亿", "元"), ("千", "元"),
                             ("万", "平方米"), ("万", "吨")))
    return f"{rng.choice(('', '>=', '≥', '不少于', '约', '<='))}{number}{mult}{unit}"


def _thousands(rng: random.Random) -> str:
    return f"{rng.choice(('', '=', '≥', '≤'))}{rng.randint(1_000, 99_999_999):,}{rng.choice(('元', '人次', '件', ''))}"


def _range(rng: random.Random) -> str:
    unit = rng.choice(("%", "个", "天", "人次", "小时", "万元", "次", ""))
    low = rng.randint(1, 95) if unit == "%" else rng.randint(1, 5000)
    high = low + rng.randint(1, 5 if unit == "%" else 500)
    first = unit if rng.random() < 0.4 else ""
    return f"{low}{first}{rng.choice(_RANGE_SEPS)}{high}{unit}{rng.choice(('', '', '之间'))}"


def _deadline(rng: random.Random) -> str:
    y, m, d = rng.randint(2000, 2099), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice((f"{y}年{m}月{d}日前", f"{y}年{m}月底前", f"{y}.{m:02d}.{d:02d}前", f"{y}-{m}-{d}",
                       f"于{y}年{m}月{d}日完成", f"{y}年{m}月{d}日之前", f"{y}/{m}/{d}以前", f"{y}年{m}月末",
                       f"{m}月{d}日前", f"{y}年底前", f"{y}年{m}月中旬前", f"{y}年{m}月{d}号前"))


def _change(rng: random.Random) -> str:
    unit = rng.choice(("%", "个百分点", "个", "天", "人次"))
    number = f"{rng.uniform(0.1, 30):.{rng.choice((0, 1, 2))}f}"
    return f"{rng.choice(_CHANGE_PREFIXES)}{rng.choice(_CHANGE_VERBS)}{number}{unit}"


def _frequency(rng: random.Random) -> str:
    n = rng.randint(1, 500)
    return f"每{rng.choice(_PERIODS)}{rng.choice(('', '不少于', '至少', '>='))}{n}{rng.choice(('次', '场', '期', '篇'))}"


def _name_prefixed(rng: random.Random) -> str:
    return f"{rng.choice(_NAMES)}{rng.choice(('≥', '>=', '≤', '=', '>'))}{_number(rng, percent=True)}%"


def _remark(rng: random.Random) -> str:
    year = rng.randint(2015, 2030)
    current, previous = _number(rng, percent=True), _number(rng, percent=True)
    return f"{rng.choice(('≥', '>=', '='))}{current}%{rng.choice(('(', '（', '【'))}{year}年:{previous}%" \
        f"{rng.choice((')', '）', '】'))}"


def _chinese_numeral(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return f"百分之{_chinese(rng.randint(1, 99))}"
    unit = rng.choice(("次", "项", "个", "场", "人", "天", "年", "个月", "家", "篇"))
    return f"{rng.choice(('', '不少于', '至少', '达到', '不超过'))}{_chinese(rng.randint(1, 9999))}{unit}"


def _suffix(rng: random.Random) -> str:
    return rng.choice(_SUFFIXES).format(doc=rng.choice(_DOCS), n=rng.randint(1, 999), y=rng.randint(2000, 2030))


def _qualitative_state(rng: random.Random) -> str:
    return f"{rng.choice(_NOUNS)}{rng.choice(_STATE_WORDS)}{_suffix(rng)}"


def _qualitative_vague(rng: random.Random) -> str:
    return f"{rng.choice(_NOUNS)}{rng.choice(_VAGUE_WORDS)}{_suffix(rng)}"


def _qualitative_other(rng: random.Random) -> str:
    return rng.choice(_OTHER).format(doc=rng.choice(_DOCS), n=rng.randint(1, 99_999), y=rng.randint(2000, 2030))


def _placeholder(rng: random.Random) -> str:
    template = rng.choice(_PLACEHOLDERS)
    x = rng.choice("xX*×?") * rng.randint(1, 4)
    return template.format(op=rng.choice(_SYMBOL_OPS), x=x, unit=rng.choice(_UNITS))


#: Each kind of spelling and its share of the all-distinct strings.
KINDS: dict[str, tuple[Callable[[random.Random], str], int]] = {
    "symbol operator": (_quant_symbol, 20),
    "word before number": (_quant_word_before, 10),
    "word after number": (_quant_word_after, 8),
    "full-width": (_full_width, 6),
    "multiplier before unit": (_multiplier, 5),
    "thousands separators": (_thousands, 3),
    "range": (_range, 8),
    "deadline": (_deadline, 8),
    "change from last year": (_change, 5),
    "per-period frequency": (_frequency, 4),
    "name before operator": (_name_prefixed, 4),
    "trailing remark": (_remark, 3),
    "Chinese numeral": (_chinese_numeral, 4),
    "qualitative state": (_qualitative_state, 5),
    "qualitative vague": (_qualitative_vague, 4),
    "qualitative other": (_qualitative_other, 2),
    "placeholder": (_placeholder, 1),
}


def distinct_values(count: int, rng: random.Random, exclude: set[str] | None = None) -> list[tuple[str, str]]:
    """``count`` distinct (kind, string) pairs, none of them in ``exclude``; kinds that run out of new spellings
    leave their share to the others."""
    seen = set(exclude or ())
    names = list(KINDS)
    weights = [KINDS[name][1] for name in names]
    misses: Counter[str] = Counter()
    out: list[tuple[str, str]] = []
    while len(out) < count:
        (name,) = rng.choices(names, weights)
        value = KINDS[name][0](rng)
        if value in seen:
            misses[name] += 1
            if misses[name] > 1000 and len(names) > 1:  # this kind has few spellings left
                index = names.index(name)
                del names[index], weights[index]
            continue
        seen.add(value)
        out.append((name, value))
    return out


# Declarations of 15 indicators built from the seed forms.

_NAME_PREFIXES = ("", "", "", "全年", "全区", "辖区", "年度", "项目", "街镇")
_NAME_SUFFIXES = ("", "", "", "（一期）", "（二期）", "（窗口）", "（线上）")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_GOAL_NUMBER = re.compile(r"\d+(?:\.\d+)?(?![\d、.．])")  # not "1、" list numbering


def _jitter(match: re.Match[str], rng: random.Random) -> str:
    text = match.group()
    if "." in text or rng.random() < 0.4:
        return text
    value = int(text)
    percent = match.string[match.end() : match.end() + 1] == "%"
    if percent:
        return str(rng.randint(max(0, value - 15), min(100, value + 5)) if value else 0)
    return str(rng.randint(max(0, value // 2), value * 3 // 2 + 1))


def build_form_dicts(count: int, rng: random.Random) -> list[dict[str, Any]]:
    seeds = [doc.to_json() for doc in seed_declarations()]
    pool = [indicator for seed in seeds for indicator in seed["indicators"]]
    order = {key: i for i, key in enumerate(dict.fromkeys((i["level1"], i["level2"]) for i in pool))}
    by_level1: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for indicator in pool:
        by_level1[indicator["level1"]].append(indicator)
    forms = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        chosen = [rng.choice(group) for group in by_level1.values()]  # every level1 present
        rest = [i for i in pool if all(i is not c for c in chosen)]
        chosen += rng.sample(rest, 15 - len(chosen))
        chosen.sort(key=lambda i: order[(i["level1"], i["level2"])])
        indicators = []
        for indicator in chosen:
            name = f"{rng.choice(_NAME_PREFIXES)}{indicator['name']}{rng.choice(_NAME_SUFFIXES)}"
            target = _NUMBER.sub(lambda m: _jitter(m, rng), indicator["target"])
            indicators.append({**indicator, "name": name, "target": target})
        goals = {
            key: _GOAL_NUMBER.sub(lambda m: _jitter(m, rng), seed[key]) + f"；服务群众不少于{rng.randint(100, 99_999)}人次"
            for key in ("overall_goal", "annual_goal")
            if seed.get(key)
        }
        forms.append({**seed, **goals, "name": f"{seed['name']}（第{n + 1}号）", "code": f"P{YEAR}-{n + 1:05d}",
                      "indicators": indicators})
    return forms


# --------------------------------------------------------------------------------------------------------------
# Timing


def clear_caches() -> None:
    """Forget every memo the core keeps between forms, as a fresh process would."""
    core_clear_caches()


def time_parse(parse: Callable[[str, int], Any], values: Iterable[str]) -> float:
    start = time.perf_counter()
    for value in values:
        parse(value, YEAR)
    return time.perf_counter() - start


def median_rate(count: int, runs: int, prepare: Callable[[], None], timed: Callable[[], float]) -> float:
    """Items per second: the median of ``runs`` timings, ``prepare`` run untimed before each."""
    seconds = []
    for _ in range(runs):
        prepare()
        seconds.append(timed())
    return count / statistics.median(seconds)


def time_reviews(docs: list[Declaration]) -> float:
    start = time.perf_counter()
    for doc in docs:
        review(doc)
    return time.perf_counter() - start


def time_load_and_review(dicts: list[dict[str, Any]]) -> float:
    start = time.perf_counter()
    for data in dicts:
        review(load_declaration(data))
    return time.perf_counter() - start


def time_check(folder: str, jobs: int, forms: int) -> float:
    """Seconds for the installed ``jixiao check`` to report on every form of ``folder``."""
    command = [JIXIAO, "check", folder, "--jobs", str(jobs), "--format", "json"]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1) or len(json.loads(result.stdout)) != forms:
        raise RuntimeError(f"jixiao check failed ({result.returncode}): {result.stderr.decode()[-2000:]}")
    return elapsed


def forget_targets(docs: list[Declaration]) -> None:
    """Drop each declaration's memoised parsed targets, as if it had just been loaded, and every memo of the core."""
    for doc in docs:
        doc.__dict__.pop("targets", None)
    clear_caches()


def after_other_forms(docs: list[Declaration], others: list[Declaration]) -> None:
    """``docs`` as new forms meet a process that has reviewed ``others`` (a batch past its first forms): their
    targets unparsed, and the core's memos holding what the other forms taught them, nothing of these."""
    forget_targets(docs)
    for doc in others:
        review(doc)


# --------------------------------------------------------------------------------------------------------------
# Report


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def yardstick(runs: int) -> float:
    """Millions of steps per second of a fixed pure-Python loop (dict, string and integer work, as the core does),
    the same in every version of jixiao: figures measured on two machines compare through it."""
    def steps() -> float:
        start = time.perf_counter()
        table: dict[str, int] = {}
        total = 0
        for i in range(_YARDSTICK_STEPS):
            key = f"k{i % 500}"
            table[key] = table.get(key, 0) + i
            total += len(key)
        return time.perf_counter() - start

    return _YARDSTICK_STEPS / statistics.median(steps() for _ in range(runs)) / 1e6


_YARDSTICK_STEPS = 300_000


def line(label: str, value: float, unit: str, goal: int | None = None) -> None:
    """One figure, its goal, and the yardstick measured right after it (the speed this figure was measured at)."""
    verdict = f"   goal {goal:>11,} {unit:<9} {'PASS' if value >= goal else 'BELOW'}" if goal else ""
    print(f"{label:<68} {value:>11,.0f} {unit:<9}{verdict}   [yardstick {yardstick(3):.2f}]")


def check_parses(values: Iterable[tuple[str, str]]) -> tuple[dict[str, Counter[str]], list[tuple[str, str, str]]]:
    """Parse each value once (untimed): what each kind of spelling was read as, and what raised."""
    read_as: dict[str, Counter[str]] = defaultdict(Counter)
    raised = []
    for kind, value in values:
        try:
            read_as[kind][str(targets_module._parse_cached.__wrapped__(value, YEAR).kind)] += 1
        except Exception as error:  # a parse must never raise on user text; report it rather than stop
            raised.append((kind, value, f"{type(error).__name__}: {error}"))
    return read_as, raised


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Throughput of target parsing and declaration review.")
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds (smoke test)")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    rng = random.Random(SEED)
    began = time.perf_counter()

    print(f"jixiao core benchmark{' (--quick)' if args.quick else ''}")
    print(f"python {platform.python_version()} ({platform.python_implementation()}), {platform.machine()}, "
          f"nproc {cpu_count()}, one core used; median of {sizes.runs} runs")
    print(f"machine yardstick: {yardstick(sizes.runs):.2f} M steps/s of a fixed Python loop (this machine's speed: "
          "every figure below moves with it)")

    # 1. Realistic mix: a few hundred spellings repeated, as a province's forms repeat them.
    seed_values, table_values = seed_target_strings(), table_raw_strings()
    pool = seed_values + table_values
    problems = check_parses(("seed/table", v) for v in dict.fromkeys(pool))[1]
    values = realistic_values(pool, sizes.realistic, rng)
    print(f"\n[1] realistic mix: {len(seed_values)} seed-form values + {len(table_values)} table spellings "
          f"({len(set(pool))} distinct), repeated and shuffled to {len(values):,} values")
    rate = median_rate(len(values), sizes.runs, clear_caches, lambda: time_parse(parse_target, values))
    line("target values parsed per second, realistic mix (memoised)", rate, "values/s", GOAL_REALISTIC)

    # 2. All-distinct strings: no spelling repeats, so the memo never hits.
    pairs = distinct_values(sizes.distinct, rng, exclude=set(pool))
    strings = [value for _, value in pairs]
    print(f"\n[2] all-distinct: {len(strings):,} distinct strings of {len(KINDS)} kinds; parse cache cleared "
          f"before each run (maxsize {targets_module._parse_cached.cache_info().maxsize:,})")
    read_as, raised = check_parses(pairs)
    problems += raised
    rate = median_rate(len(strings), sizes.runs, clear_caches, lambda: time_parse(parse_target, strings))
    line("all-distinct values parsed per second, parse_target (cache misses)", rate, "values/s", GOAL_DISTINCT)
    pure = targets_module._parse_cached.__wrapped__
    rate = median_rate(len(strings), sizes.runs, clear_caches, lambda: time_parse(pure, strings))
    line("all-distinct values parsed per second, cache bypassed (pure parse)", rate, "values/s", GOAL_DISTINCT)

    by_kind: defaultdict[str, list[str]] = defaultdict(list)
    for kind, value in pairs:
        by_kind[kind].append(value)
    per_kind = {
        kind: statistics.median(time_parse(pure, group) for _ in range(sizes.runs)) / len(group) * 1e6
        for kind, group in by_kind.items()
    }
    print("    pure parse cost by kind of spelling, slowest first (µs/value; what the parser read them as):")
    for kind, micros in sorted(per_kind.items(), key=lambda item: -item[1]):
        total = sum(read_as[kind].values())
        shares = ", ".join(f"{k} {n / total:.0%}" for k, n in read_as[kind].most_common(3))
        print(f"      {kind:<24} {micros:>6.1f} µs  n={len(by_kind[kind]):<7,} {shares}")

    # 3. Forms reviewed: 15 indicators each, built from the seed forms.
    dicts = build_form_dicts(sizes.forms, rng)
    docs = [load_declaration(data) for data in dicts]
    print(f"\n[3] forms: {len(docs):,} declarations of 15 indicators from the 5 seed forms (names, numbers and goals "
          f"varied), reviewed from empty memos, as new forms after {sizes.forms:,} others, and again")
    reviews = [review(doc) for doc in docs]
    findings = Counter(map(len, reviews))
    # Two versions of the engine that print the same digest found the same things on these forms.
    digest = hashlib.sha256(repr([[tuple(f) for f in found] for found in reviews]).encode()).hexdigest()[:16]
    rate = median_rate(len(docs), sizes.runs, lambda: forget_targets(docs), lambda: time_reviews(docs))
    line("forms reviewed per second, review(doc) (targets parsed in review)", rate, "forms/s", GOAL_FORMS)
    others = [load_declaration(data) for data in build_form_dicts(sizes.forms, random.Random(SEED + 1))]
    rate = median_rate(len(docs), sizes.runs, lambda: after_other_forms(docs, others), lambda: time_reviews(docs))
    line(f"forms reviewed per second, new to a process that reviewed {len(others):,} others", rate, "forms/s",
         GOAL_FORMS)
    rate = median_rate(len(docs), sizes.runs, lambda: None, lambda: time_reviews(docs))
    line("forms reviewed per second, targets already parsed, caches warm", rate, "forms/s", GOAL_FORMS)
    rate = median_rate(len(dicts), sizes.runs, clear_caches, lambda: time_load_and_review(dicts))
    line("forms loaded from plain dicts and reviewed per second", rate, "forms/s")
    mean = sum(n * c for n, c in findings.items()) / len(docs)
    print(f"    findings per form: mean {mean:.1f}, min {min(findings)}, max {max(findings)}; digest {digest}")

    # 4. What a user runs on a folder: the command, start-up included, files read, forms reviewed, report written.
    jobs = cpu_count()
    with tempfile.TemporaryDirectory() as folder:
        for number, data in enumerate(dicts):
            (Path(folder) / f"{number:05d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        print(f"\n[4] jixiao check on a folder of {len(dicts):,} JSON files, one form each (start-up included)")
        for count in sorted({1, jobs}):
            rate = median_rate(len(dicts), sizes.runs, lambda: None, lambda n=count: time_check(folder, n, len(dicts)))
            line(f"forms checked per second, jixiao check FOLDER --jobs {count}", rate, "forms/s")

    print()
    if problems:
        print(f"PARSE RAISED on {len(problems)} value(s):")
        for kind, value, error in problems[:10]:
            print(f"  [{kind}] {value!r}: {error}")
    else:
        print("no parse raised")
    print(f"machine yardstick again: {yardstick(sizes.runs):.2f} M steps/s (a shared machine's speed drifts)")
    print(f"total time {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
