"""Self-evaluations scored per second on one core (goal: 20,000).

    .venv/bin/python bench/evaluation.py [--quick]

The tables are built from the five seed forms (15 indicators each where the form has that many, weights spread
inside each 一级 as the web system drafts them, actual values around the targets, qualitative bands), so that every
scoring path runs: proportional, full marks, reverse, zero targets, qualitative bands and the audit.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jixiao.core import clear_caches  # noqa: E402
from jixiao.core.documents import SelfEvaluation, load_self_evaluation  # noqa: E402
from jixiao.core.evaluation import score  # noqa: E402
from jixiao.formats.json_io import seed_declarations  # noqa: E402

GOAL = 20_000
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def tables(count: int, rng: random.Random) -> list[SelfEvaluation]:
    seeds = seed_declarations()
    out = []
    for n in range(count):
        seed = seeds[n % len(seeds)]
        indicators = seed.indicators[:15]
        groups: dict[str, list[int]] = {}
        for i, ind in enumerate(indicators):
            groups.setdefault(ind.level1, []).append(i)
        totals = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
        if "满意度指标" not in groups:
            totals["效益指标"] = 40
        rows = []
        for i, ind in enumerate(indicators):
            group = groups[ind.level1]
            share = Decimal(totals[ind.level1]) / len(group)
            weight = share.quantize(Decimal("0.01")) if i != group[-1] else \
                Decimal(totals[ind.level1]) - share.quantize(Decimal("0.01")) * (len(group) - 1)
            match = NUMBER.search(ind.target)
            row = {"level1": ind.level1, "level2": ind.level2, "name": ind.name, "target": ind.target,
                   "weight": str(weight), "deviation_note": "说明"}
            if match:
                value = Decimal(match.group()) * Decimal(rng.choice(("0.9", "1", "1", "1.05")))
                row["actual"] = f"{value.normalize():f}"
            else:
                row["achievement"] = rng.choice(("达成", "达成", "部分达成"))
            rows.append(row)
        budget = rng.randrange(100_000, 10_000_000, 1000)
        out.append(load_self_evaluation({
            "name": f"{seed.name}（{n}）", "year": 2022,
            "budget": {"initial": budget, "full_year": budget, "executed": int(budget * rng.uniform(0.8, 1.0)),
                       "weight": 10},
            "indicators": rows}))
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    count, runs = (500, 3) if args.quick else (5000, 5)
    evaluations = tables(count, random.Random(2022))
    sizes = [len(e.indicators) for e in evaluations]
    seconds = []
    for _ in range(runs):
        clear_caches()
        started = time.perf_counter()
        for evaluation in evaluations:
            score(evaluation)
        seconds.append(time.perf_counter() - started)
    rate = count / statistics.median(seconds)
    print(f"jixiao scoring benchmark: {count:,} self-evaluations of {min(sizes)}-{max(sizes)} indicators "
          f"(mean {statistics.mean(sizes):.1f}), median of {runs} runs, one core")
    print(f"self-evaluations scored per second                {rate:10,.0f}   goal >= {GOAL:,}: "
          f"{'PASS' if rate >= GOAL else 'BELOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
