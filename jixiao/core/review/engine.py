"""The review engine: findings, profiles, the rule registry and ``review()``.

A rule is a small function that receives a ``Form`` (the declaration plus what every rule needs, computed once)
and yields ``Hit``s; the registry gives each hit its rule id and severity. Rules live in ``rules.py`` and
``goals.py``; adding one touches that file and its test.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter
from typing import Any, Generic, NamedTuple, TypeVar, overload

from ..documents import Declaration, Indicator
from ..enums import Schema
from ..targets import Target, parse_target


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


class Finding(NamedTuple):
    """One problem a rule found: which rule, how serious, where (a field path), and what to do about it.

    A named tuple rather than a frozen dataclass: immutable all the same, and built in a quarter of the time (a
    review builds several per form)."""

    rule: str
    severity: Severity
    where: str
    message: str
    hint: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": str(self.severity), "where": self.where, "message": self.message,
                "hint": self.hint}


# Hit, RowHit and Row are named tuples for the same reason: a review builds one per finding and per indicator it
# has not seen.
class Hit(NamedTuple):
    """What a rule reports; ``severity`` overrides the rule's own where one rule has two strengths."""

    where: str
    message: str
    hint: str
    severity: Severity | None = None


@dataclass(frozen=True)
class Profile:
    """Everything RULES.md calls configurable for target review, in one place."""

    name: str = "national-a"
    title: str = "全国通用（财预〔2015〕88号 / 财预〔2020〕10号 指标体系）"
    schema: Schema = Schema.A
    #: Tolerance of the fund identities, in 元 (0.01 万元; RULES.md §2.1).
    fund_tolerance_yuan: Decimal = Decimal(100)
    min_indicators: int = 3
    max_indicators: int = 30
    require_basis: bool = True


PROFILES: dict[str, Profile] = {
    "national-a": Profile(),
    "national-b": Profile(
        name="national-b", title="中央部门试行指引（财预〔2021〕101号，成本指标为一级指标）", schema=Schema.B
    ),
    "shanghai-2022": Profile(
        name="shanghai-2022",
        title="上海区级 2022 年表样（无指标值设定依据栏）",
        require_basis=False,
    ),
}
DEFAULT_PROFILE = PROFILES["national-a"]


class RowHit(NamedTuple):
    """What a row rule reports about one indicator: the field, and the message after the indicator's label."""

    field: str  # "target", "name", "level2" ... or "" for the whole row
    message: str  # follows the label: 第3个指标“寄送快递数” + message
    hint: str
    severity: Severity | None = None


class Row(NamedTuple):
    """One indicator as a row rule sees it: its own cells, the parsed target, and the profile's indicator schema."""

    level1: str
    level2: str
    name: str
    raw: str  # the target as written
    target: Target
    schema: Schema


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    title: str
    source: str
    check: Callable[[Any], Iterable[Any]]
    per_row: bool  # a row rule looks at one indicator only, and its result is memoised per indicator


RULES: list[Rule] = []
#: The row rules and the form rules as (place in RULES, id, severity, check), the place giving the order of
#: findings: kept by the registry, read for each row and each form.
ROW_RULES: list[tuple[int, str, Severity, Callable[[Any], Iterable[Any]]]] = []
FORM_RULES: list[tuple[int, str, Severity, Callable[[Any], Iterable[Any]]]] = []


def _register(rule_id: str, severity: Severity, title: str, source: str, per_row: bool) -> Callable[[Any], Any]:
    def register(check: Callable[[Any], Iterable[Any]]) -> Callable[[Any], Iterable[Any]]:
        if any(existing.id == rule_id for existing in RULES):
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES.append(Rule(rule_id, severity, title, source, check, per_row))
        (ROW_RULES if per_row else FORM_RULES).append((len(RULES) - 1, rule_id, severity, check))
        _row_findings.cache_clear()
        return check

    return register


def rule(rule_id: str, severity: Severity, title: str, source: str) -> Callable[[Any], Any]:
    """Register a rule that looks at the whole form; ``source`` names where it rests (RULES.md check and sources)."""
    return _register(rule_id, severity, title, source, per_row=False)


def row_rule(rule_id: str, severity: Severity, title: str, source: str) -> Callable[[Any], Any]:
    """Register a rule that looks at one indicator (a ``Row``) and yields ``RowHit``s."""
    return _register(rule_id, severity, title, source, per_row=True)


_T = TypeVar("_T")


class _computed_once(Generic[_T]):
    """``functools.cached_property`` without the lock that Python 3.11 takes on every first access (three times
    this descriptor's overhead); a ``Form`` lives within one call of ``review()``, in one thread."""

    def __init__(self, compute: Callable[[Any], _T]) -> None:
        self.compute = compute
        self.name = compute.__name__
        self.__doc__ = compute.__doc__

    @overload
    def __get__(self, form: None, owner: type | None = None) -> _computed_once[_T]: ...
    @overload
    def __get__(self, form: Form, owner: type | None = None) -> _T: ...

    def __get__(self, form: Form | None, owner: type | None = None) -> _T | _computed_once[_T]:
        if form is None:
            return self
        value = form.__dict__[self.name] = self.compute(form)  # found there from now on, before this descriptor
        return value


class Form:
    """A declaration under review, with the facts several rules share computed once."""

    def __init__(self, doc: Declaration, profile: Profile) -> None:
        self.doc = doc
        self.profile = profile
        self.targets: tuple[Target, ...] = doc.targets
        self.memo: dict[str, Any] = {}  # what several rules compute from the same input

    @_computed_once
    def rows(self) -> tuple[tuple[int, Indicator, Target], ...]:
        """(index, indicator, parsed target) for each indicator, in order."""
        return tuple(zip(range(len(self.targets)), self.doc.indicators, self.targets, strict=True))

    @_computed_once
    def by_level1(self) -> dict[str, list[tuple[int, Indicator, Target]]]:
        """The rows grouped by first-level indicator, each group in form order."""
        groups: dict[str, list[tuple[int, Indicator, Target]]] = {}
        for row in self.rows:
            groups.setdefault(row[1].level1, []).append(row)
        return groups

    @_computed_once
    def level1s(self) -> frozenset[str]:
        return frozenset(self.by_level1)

    @_computed_once
    def yuan_factor(self) -> Decimal:
        return Decimal(10000) if self.doc.amount_unit == "万元" else Decimal(1)

    @_computed_once
    def tolerance(self) -> Decimal:
        """The fund tolerance in the form's own amount unit."""
        return self.profile.fund_tolerance_yuan / self.yuan_factor

    @_computed_once
    def multi_year(self) -> bool:
        """Whether the project runs longer than a year: by its dates, but not an annual project settled early the
        next year (2025-01-01 to 2026-03-31 is one year's work and its settlement); or, where the form gives the
        year's dates, by the period its overall goal states ("建设期2023-2025年")."""
        start, end = self.doc.start_date, self.doc.end_date
        if start and end and end.year > start.year:
            return not (end.year == start.year + 1 and end.month <= 3 and start.month == 1)
        period = _STATED_PERIOD.search(self.doc.overall_goal or "")
        return period is not None and int(period["last"]) > int(period["first"])


_STATED_PERIOD = re.compile(r"(?:建设|实施|项目|执行|治理)(?:期|周期|期限)[为是:：]?\s*(?P<first>\d{4})\s*年?\s*[-—~至到]\s*"
                            r"(?P<last>\d{4})")


def label(index: int, indicator: Indicator) -> str:
    """How a finding names an indicator: 第3个指标“寄送快递数”."""
    return f"第{index + 1}个指标“{indicator.name}”" if indicator.name else f"第{index + 1}个指标"


@lru_cache(maxsize=1 << 15)
def _row_findings(
    schema: Schema, level1: str, level2: str, name: str, raw: str, year: int
) -> tuple[tuple[int, str, Severity, RowHit], ...]:
    """The row rules' hits for one indicator, memoised: a province's forms repeat the same rows many times."""
    row = Row(level1, level2, name, raw, parse_target(raw, year), schema)
    return tuple(
        (order, rule_id, hit.severity or severity, hit)
        for order, rule_id, severity, check in ROW_RULES
        for hit in check(row)
    )


def review(doc: Declaration, profile: Profile = DEFAULT_PROFILE) -> list[Finding]:
    """Every finding of every rule on one declaration: errors first, then by rule, then in form order."""
    form = Form(doc, profile)
    ranked: list[tuple[int, int, Finding]] = []
    schema, year, severity_order = profile.schema, doc.year, _SEVERITY_ORDER
    for index, indicator in enumerate(doc.indicators):
        hits = _row_findings(schema, indicator.level1, indicator.level2, indicator.name, indicator.target, year)
        if hits:
            where, name = f"indicators[{index}]", label(index, indicator)
            for order, rule_id, severity, hit in hits:
                finding = Finding(rule_id, severity, f"{where}.{hit.field}" if hit.field else where,
                                  name + hit.message, hit.hint)
                ranked.append((severity_order[severity], order, finding))
    for order, rule_id, rule_severity, check in FORM_RULES:
        for hit in check(form):
            severity = hit.severity or rule_severity
            ranked.append((severity_order[severity], order, Finding(rule_id, severity, hit.where, hit.message,
                                                                    hit.hint)))
    ranked.sort(key=_RANK)
    return [finding for _, _, finding in ranked]


_RANK = itemgetter(0, 1)  # severity, then rule; the sort is stable, so form order within a rule is kept


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
