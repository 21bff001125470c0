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
from functools import cached_property
from typing import Any

from ..documents import Declaration, Indicator
from ..enums import Schema
from ..targets import Target


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
class Rule:
    id: str
    severity: Severity
    title: str
    source: str
    check: Callable[[Form], Iterable[Hit]]


RULES: list[Rule] = []


def rule(rule_id: str, severity: Severity, title: str, source: str) -> Callable[[Callable[[Form], Iterable[Hit]]], Any]:
    """Register a rule; ``source`` names where it rests (RULES.md check number and its sources)."""

    def register(check: Callable[[Form], Iterable[Hit]]) -> Callable[[Form], Iterable[Hit]]:
        if any(existing.id == rule_id for existing in RULES):
            raise ValueError(f"duplicate rule id {rule_id}")
        RULES.append(Rule(rule_id, severity, title, source, check))
        return check

    return register


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
    return f"第{index + 1}个指标“{indicator.name}”"


def review(doc: Declaration, profile: Profile = DEFAULT_PROFILE) -> list[Finding]:
    """Every finding of every rule on one declaration, errors first."""
    form = Form(doc, profile)
    findings = [
        Finding(r.id, hit.severity or r.severity, hit.where, hit.message, hit.hint)
        for r in RULES
        for hit in r.check(form)
    ]
    findings.sort(key=lambda f: _SEVERITY_ORDER[f.severity])
    return findings


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
