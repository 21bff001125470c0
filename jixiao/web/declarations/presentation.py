"""Shaping a document for the official 申报表 layout: merged 一级/二级 cells and findings beside what they concern."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from jixiao.core.documents import Declaration as Document
from jixiao.core.documents import Indicator
from jixiao.core.review import Finding
from jixiao.core.targets import Target

_INDICATOR_WHERE = re.compile(r"indicators\[(\d+)\]")


@dataclass
class Row:
    position: int
    indicator: Indicator
    target: Target
    level1_span: int = 0  # rows the 一级 cell spans from here (0: merged into the cell above)
    level2_span: int = 0
    findings: list[Finding] = field(default_factory=list)
    comments: list[Any] = field(default_factory=list)


@dataclass
class Sheet:
    document: Document
    rows: list[Row]
    form_findings: dict[str, list[Finding]]  # by top-level field: "funds", "annual_goal", "indicators" ...
    # comments on an indicator that has since been renamed or deleted: shown with the whole form's
    loose_comments: list[Any] = field(default_factory=list)


def sheet(document: Document, findings: list[Finding], comments: list[Any] = ()) -> Sheet:
    rows = [Row(i, ind, t) for i, (ind, t) in enumerate(zip(document.indicators, document.targets, strict=True))]
    for start, row in enumerate(rows):
        if start == 0 or rows[start - 1].indicator.level1 != row.indicator.level1:
            row.level1_span = _run(rows, start, lambda r: r.indicator.level1)
        if start == 0 or (rows[start - 1].indicator.level1, rows[start - 1].indicator.level2) != (
            row.indicator.level1, row.indicator.level2
        ):
            row.level2_span = _run(rows, start, lambda r: (r.indicator.level1, r.indicator.level2))
    form_findings: dict[str, list[Finding]] = {}
    for finding in findings:
        match = _INDICATOR_WHERE.match(finding.where)
        if match and int(match.group(1)) < len(rows):
            rows[int(match.group(1))].findings.append(finding)
        else:
            form_findings.setdefault(finding.where.split(".")[0].split("[")[0], []).append(finding)
    loose = []
    for comment in comments:
        if comment.indicator_position is None:
            continue
        row = _commented_row(rows, comment.indicator_position, comment.indicator_name)
        (row.comments if row is not None else loose).append(comment)
    return Sheet(document, rows, form_findings, loose)


def _commented_row(rows: list[Row], position: int, name: str) -> Row | None:
    """The row a comment was written on: the indicator of its name nearest its old place, as rows move when others
    are added or deleted; by place alone for a comment that did not keep the name."""
    if not name:
        return rows[position] if position < len(rows) else None
    named = [row for row in rows if row.indicator.name == name]
    return min(named, key=lambda row: abs(row.position - position)) if named else None


def _run(rows: list[Row], start: int, key: Any) -> int:
    value = key(rows[start])
    end = start
    while end < len(rows) and key(rows[end]) == value:
        end += 1
    return end - start
