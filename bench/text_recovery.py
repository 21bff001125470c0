"""How much of the five seed forms ``jixiao.formats.text.read_text`` recovers from the layout-less PDF text.

Compares against the careful human transcription, field by field, and checks that every field which differs from it
was marked uncertain (a differing field that was NOT marked is the worst kind of error: it reaches a person as fact).

    .venv/bin/python bench/text_recovery.py                 # the seed beside this checkout (../shared/seed)
    .venv/bin/python bench/text_recovery.py --verbose       # also list every uncertainty marked
    .venv/bin/python bench/text_recovery.py --text T.txt --forms F.json

Fields: header (year, name, code, category, project_type, department, implementing_unit, start_date, end_date),
funds (six amounts), the two goals, and level1/level2/name/target of every indicator of the transcription.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from jixiao.core.documents import load_declaration  # noqa: E402
from jixiao.formats.text import TextForm, Uncertainty, read_text  # noqa: E402

SEED = ROOT.parent / "shared" / "seed"
HEADER = ("year", "name", "code", "category", "project_type", "department", "implementing_unit", "start_date",
          "end_date")
FUNDS = ("total", "annual_request", "current_year_appropriation", "prior_year_carryover", "fiscal", "other")
GOALS = ("overall_goal", "annual_goal")
INDICATOR = ("level1", "level2", "name", "target")
GROUPS = ("header", "funds", "overall_goal", "annual_goal", "level1", "level2", "name", "target")


@dataclass
class Difference:
    path: str  # where it is in the transcription's terms
    got: Any
    expected: Any
    marked: bool


@dataclass
class Score:
    exact: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    differences: list[Difference] = field(default_factory=list)
    uncertainties: int = 0
    marked: int = 0  # fields marked uncertain, whether or not they differ

    def add(self, group: str, path: str, got: Any, expected: Any, marked: bool) -> None:
        self.total[group] += 1
        self.marked += marked
        if got == expected:
            self.exact[group] += 1
        else:
            self.differences.append(Difference(path, got, expected, marked))

    def merge(self, other: Score) -> None:
        self.exact.update(other.exact)
        self.total.update(other.total)
        self.differences += other.differences
        self.uncertainties += other.uncertainties
        self.marked += other.marked


def is_marked(uncertainties: list[Uncertainty], path: str | None) -> bool:
    """A field is marked when an uncertainty names it or a part of the document that contains it. An indicator's
    level1 and level2 are read together (the level1 is the family of the level2), so a mark on one covers both."""
    if path is None:
        return False
    paths = {path}
    for a, b in ((".level1", ".level2"), (".level2", ".level1")):
        if path.endswith(a):
            paths.add(path.removesuffix(a) + b)
    return any(u.where == p or p.startswith(u.where + ".") for u in uncertainties for p in paths)


def score_form(form: TextForm, expected: dict[str, Any]) -> Score:
    score = Score(uncertainties=len(form.uncertainties))
    got = form.document.to_json() if form.document is not None else {}
    marks = form.uncertainties
    for key in HEADER:
        score.add("header", key, got.get(key), expected.get(key), is_marked(marks, key))
    for key in FUNDS:
        path = f"funds.{key}"
        score.add("funds", path, (got.get("funds") or {}).get(key), expected["funds"][key], is_marked(marks, path))
    for key in GOALS:
        score.add(key, key, got.get(key), expected.get(key), is_marked(marks, key))
    rows = got.get("indicators", [])
    for index, recovered in align(rows, expected["indicators"]):
        want = expected["indicators"][index]
        have = rows[recovered] if recovered is not None else {}
        for key in INDICATOR:
            path = f"indicators[{recovered}].{key}" if recovered is not None else None
            score.add(key, f"indicators[{index}].{key}", have.get(key), want[key], is_marked(marks, path))
    return score


def align(rows: list[dict[str, Any]], expected: list[dict[str, Any]]) -> list[tuple[int, int | None]]:
    """Transcription row -> recovered row: by position when the counts agree, else by matching names."""
    if len(rows) == len(expected):
        return [(i, i) for i in range(len(expected))]
    matcher = difflib.SequenceMatcher(a=[r["name"] for r in expected], b=[r["name"] for r in rows], autojunk=False)
    pairs: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            pairs[block.a + k] = block.b + k
    return [(i, pairs.get(i)) for i in range(len(expected))]


def percent(exact: int, total: int) -> str:
    return f"{exact}/{total} ({100 * exact / total:.1f}%)" if total else "-"


def report(name: str, score: Score) -> None:
    exact, total = sum(score.exact.values()), sum(score.total.values())
    differing = len(score.differences)
    marked = sum(d.marked for d in score.differences)
    groups = "  ".join(f"{g} {score.exact[g]}/{score.total[g]}" for g in GROUPS if score.total[g])
    print(f"{name}")
    print(f"  fields exact: {percent(exact, total)}   [{groups}]")
    print(f"  uncertainties marked: {score.uncertainties} (on {score.marked} of the fields scored)   "
          f"differing fields: {differing}, of which marked uncertain: {marked}, NOT marked: {differing - marked}")


def show_differences(score: Score) -> None:
    for difference in score.differences:
        flag = "marked  " if difference.marked else "UNMARKED"
        print(f"    {flag} {difference.path}: got {shorten(difference.got)!r}, transcription {shorten(difference.expected)!r}")


def shorten(value: Any, size: int = 60) -> Any:
    if isinstance(value, str) and len(value) > size:
        return value[: size // 2] + "…" + value[-size // 2 :]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=SEED / "performance_targets_2022.txt")
    parser.add_argument("--forms", type=Path, default=SEED / "forms_2022.json")
    parser.add_argument("--verbose", action="store_true", help="list every uncertainty marked")
    args = parser.parse_args(argv)
    if not args.text.is_file() or not args.forms.is_file():
        print(f"seed not found: {args.text} / {args.forms} (pass --text and --forms)", file=sys.stderr)
        return 2
    forms = read_text(args.text.read_text(encoding="utf-8"), str(args.text))
    transcription = [load_declaration(item).to_json() for item in json.loads(args.forms.read_text(encoding="utf-8"))]
    print(f"text recovery: {len(forms)} forms read from {args.text.name}, {len(transcription)} in {args.forms.name}")
    total = Score()
    for number, expected in enumerate(transcription, start=1):
        form = forms[number - 1] if number <= len(forms) else TextForm(None, [], ["缺少这份表"])
        score = score_form(form, expected)
        total.merge(score)
        report(f"form {number} {expected['name']}", score)
        if form.problems:
            print(f"  problems: {'；'.join(form.problems)}")
        show_differences(score)
        if args.verbose:
            for u in form.uncertainties:
                print(f"    ? {u.where}: {u.message}")
    report("TOTAL", total)
    unmarked = [d for d in total.differences if not d.marked]
    print(f"  differing fields NOT marked uncertain (worst errors): {len(unmarked)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
