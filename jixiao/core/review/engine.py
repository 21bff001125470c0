"""The review engine: findings, profiles, the rule registry and ``review()``.

A rule is a small function that receives a ``Form`` (the declaration plus what every rule needs, computed once)
and yields ``Hit``s; the registry gives each hit its rule id and severity. Rules live in ``rules.py`` and
``goals.py``; adding one touches that file and its test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property, lru_cache
from typing import Any

from ..documents import Declaration, Indicator
from ..enums import Schema
from ..targets import Target, parse_target


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


SEVERITY_LABEL = {Severity.ERROR: "错误", Severity.WARNING: "警告", Severity.INFO: "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    where: str
    message: str
    hint: str

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "severity": str(self.severity), "where": self.where, "message": self.message,
                "hint": self.hint}


@dataclass(frozen=True, slots=True)
class Hit:
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


@dataclass(frozen=True, slots=True)
class RowHit:
    """What a row rule reports about one indicator: the field, and the message after the indicator's label."""

    field: str  # "target", "name", "level2" ... or "" for the whole row
    message: str  # follows the label: 第3个指标“寄送快递数” + message
    hint: str
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Row:
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


def _register(rule_id: str, severity: Severity, title: str, source: str, per_row: bool) -> Callable[[Any], Any]:
    def register(check: Callable[[Any], Iterable[Any]]) -> Callable[[Any], Iterable[Any]]:
        if any(existing.id == rule_id for existing in RULES):
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES.append(Rule(rule_id, severity, title, source, check, per_row))
        _row_findings.cache_clear()
        return check

    return register


def rule(rule_id: str, severity: Severity, title: str, source: str) -> Callable[[Any], Any]:
    """Register a rule that looks at the whole form; ``source`` names where it rests (RULES.md check and sources)."""
    return _register(rule_id, severity, title, source, per_row=False)


def row_rule(rule_id: str, severity: Severity, title: str, source: str) -> Callable[[Any], Any]:
    """Register a rule that looks at one indicator (a ``Row``) and yields ``RowHit``s."""
    return _register(rule_id, severity, title, source, per_row=True)


@dataclass
class Form:
    """A declaration under review, with the facts several rules share computed once."""

    doc: Declaration
    profile: Profile
    targets: tuple[Target, ...] = field(init=False)
    memo: dict[str, Any] = field(default_factory=dict)  # what several rules compute from the same input

    def __post_init__(self) -> None:
        self.targets = self.doc.targets

    @cached_property
    def rows(self) -> tuple[tuple[int, Indicator, Target], ...]:
        """(index, indicator, parsed target) for each indicator, in order."""
        return tuple((i, ind, t) for i, (ind, t) in enumerate(zip(self.doc.indicators, self.targets, strict=True)))

    @cached_property
    def level1s(self) -> frozenset[str]:
        return frozenset(ind.level1 for ind in self.doc.indicators)

    @cached_property
    def yuan_factor(self) -> Decimal:
        return Decimal(10000) if self.doc.amount_unit == "万元" else Decimal(1)

    @cached_property
    def tolerance(self) -> Decimal:
        """The fund tolerance in the form's own amount unit."""
        return self.profile.fund_tolerance_yuan / self.yuan_factor

    @cached_property
    def multi_year(self) -> bool:
        doc = self.doc
        return bool(doc.start_date and doc.end_date and doc.end_date.year > doc.start_date.year)


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
        (order, r.id, hit.severity or r.severity, hit)
        for order, r in enumerate(RULES)
        if r.per_row
        for hit in r.check(row)
    )


def review(doc: Declaration, profile: Profile = DEFAULT_PROFILE) -> list[Finding]:
    """Every finding of every rule on one declaration: errors first, then by rule, then in form order."""
    form = Form(doc, profile)
    ranked: list[tuple[int, int, Finding]] = []
    for index, indicator in enumerate(doc.indicators):
        hits = _row_findings(profile.schema, indicator.level1, indicator.level2, indicator.name, indicator.target,
                             doc.year)
        if hits:
            where, name = f"indicators[{index}]", label(index, indicator)
            for order, rule_id, severity, hit in hits:
                finding = Finding(rule_id, severity, f"{where}.{hit.field}" if hit.field else where,
                                  name + hit.message, hit.hint)
                ranked.append((_SEVERITY_ORDER[severity], order, finding))
    for order, r in enumerate(RULES):
        if not r.per_row:
            for hit in r.check(form):
                severity = hit.severity or r.severity
                ranked.append((_SEVERITY_ORDER[severity], order, Finding(r.id, severity, hit.where, hit.message,
                                                                         hit.hint)))
    ranked.sort(key=lambda item: item[:2])
    return [finding for _, _, finding in ranked]


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
