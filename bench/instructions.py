"""Instructions per form reviewed from empty memos, counted by valgrind's cachegrind.

A shared machine's speed drifts by more than the effect of most changes, so timings cannot tell whether a change to
the review helps. The instructions it executes do not drift: this counts them for the forms of ``bench/core.py``.

    .venv/bin/python bench/instructions.py              # 300 forms, about a minute; needs valgrind
    .venv/bin/python bench/instructions.py --forms 2000 # the benchmark's own 2,000 forms, about four minutes
    .venv/bin/python bench/instructions.py --warm       # the same forms reviewed again, memos and parsed targets kept

It runs the review under valgrind once and three times; the difference, divided by twice the number of forms, is
what reviewing one form costs (set-up and start-up cancel out).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = (1, 3)


def child(forms: int, rounds: int, warm: bool) -> None:
    """Under valgrind: build the forms, review them once to load every module, then ``rounds`` cold (or warm)
    reviews."""
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    import random

    import core  # bench/core.py

    docs = [core.load_declaration(data) for data in core.build_form_dicts(forms, random.Random(core.SEED))]
    for doc in docs:
        core.review(doc)
    for _ in range(rounds):
        if not warm:
            core.forget_targets(docs)
        core.time_reviews(docs)


def instructions(valgrind: str, forms: int, rounds: int, warm: bool) -> int:
    command = [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", sys.executable,
               __file__, "--child", str(rounds), "--forms", str(forms), *(["--warm"] if warm else [])]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"I\s+refs:\s+([\d,]+)", result.stderr)
    if result.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed ({result.returncode}):\n{result.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=300)
    parser.add_argument("--warm", action="store_true", help="review the same forms again, memos kept")
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child is not None:
        child(args.forms, args.child, args.warm)
        return 0
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    once, thrice = (instructions(valgrind, args.forms, rounds, args.warm) for rounds in ROUNDS)
    per_form = (thrice - once) / (ROUNDS[1] - ROUNDS[0]) / args.forms
    how = "again, memos kept" if args.warm else "from empty memos"
    print(f"instructions per form reviewed {how} ({args.forms:,} forms of bench/core.py): {per_form:,.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
