"""The declaration workflow (RULES.md section 7): states, roles and which role may move a declaration where.

Pure data and decisions; the web layer stores the state and calls ``transition_for``.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # waiting for the 主管部门
    DEPARTMENT_PASSED = "department_passed"  # waiting for the finance bureau
    RETURNED = "returned"
    APPROVED = "approved"  # 批复: the targets are locked
    PUBLISHED = "published"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.DRAFT: "草稿",
    Status.SUBMITTED: "待主管部门审核",
    Status.DEPARTMENT_PASSED: "待财政审核",
    Status.RETURNED: "已退回修改",
    Status.APPROVED: "已批复",
    Status.PUBLISHED: "已公开",
}

EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
LOCKED = frozenset({Status.APPROVED, Status.PUBLISHED})


class Role(StrEnum):
    FILER = "filer"
    UNIT_LEAD = "unit_lead"
    DEPARTMENT_REVIEWER = "department_reviewer"
    FINANCE_REVIEWER = "finance_reviewer"
    AUDITOR = "auditor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.FILER: "填报人",
    Role.UNIT_LEAD: "单位负责人",
    Role.DEPARTMENT_REVIEWER: "主管部门审核人",
    Role.FINANCE_REVIEWER: "财政审核人",
    Role.AUDITOR: "只读（审计）",
    Role.ADMIN: "管理员",
}

#: Roles that fill in and change a unit's own declarations.
EDITORS = frozenset({Role.FILER, Role.UNIT_LEAD})


class Grade(StrEnum):
    """Review outcome of 财预〔2015〕88号 art. 25 (RULES.md section 4)."""

    EXCELLENT = "优"
    GOOD = "良"
    FAIR = "中"
    POOR = "差"


#: RULES.md §7: a review passes with 优 or 良; 中 is returned for changes, 差 is not taken further.
PASSING_GRADES = (Grade.EXCELLENT.value, Grade.GOOD.value)


@dataclass(frozen=True, slots=True)
class Transition:
    action: str
    label: str
    sources: frozenset[Status]
    target: Status
    roles: frozenset[Role]
    needs_comment: bool = False
    gives_grade: bool = False  # a review that passes the declaration on, with its conclusion (审核结论)


TRANSITIONS: tuple[Transition, ...] = (
    Transition("submit", "提交审核", frozenset({Status.DRAFT, Status.RETURNED}), Status.SUBMITTED, EDITORS),
    Transition("department_pass", "主管部门审核通过", frozenset({Status.SUBMITTED}), Status.DEPARTMENT_PASSED,
               frozenset({Role.DEPARTMENT_REVIEWER}), gives_grade=True),
    Transition("department_return", "退回修改", frozenset({Status.SUBMITTED}), Status.RETURNED,
               frozenset({Role.DEPARTMENT_REVIEWER}), needs_comment=True),
    Transition("approve", "财政审核通过并批复", frozenset({Status.DEPARTMENT_PASSED}), Status.APPROVED,
               frozenset({Role.FINANCE_REVIEWER}), gives_grade=True),
    Transition("finance_return", "退回修改", frozenset({Status.DEPARTMENT_PASSED}), Status.RETURNED,
               frozenset({Role.FINANCE_REVIEWER}), needs_comment=True),
    Transition("publish", "公开", frozenset({Status.APPROVED}), Status.PUBLISHED,
               frozenset({Role.FINANCE_REVIEWER, Role.ADMIN})),
)
TRANSITIONS_BY_ACTION = {t.action: t for t in TRANSITIONS}


def transition_for(action: str, status: Status, roles: frozenset[Role]) -> Transition | None:
    """The transition ``action`` from ``status`` if one of ``roles`` may take it, else None."""
    transition = TRANSITIONS_BY_ACTION.get(action)
    if transition is None or status not in transition.sources or not (roles & transition.roles):
        return None
    return transition


def available(status: Status, roles: frozenset[Role]) -> list[Transition]:
    return [t for t in TRANSITIONS if status in t.sources and roles & t.roles]


def duty_conflict(transition: Transition, actor: Hashable, acted_by: Mapping[str, Any]) -> str | None:
    """Why ``actor`` may not take ``transition`` although a role allows it, or None: four eyes (a separation of
    duties RULES.md §7 leaves to the system). A review passes what someone else submitted; the finance bureau
    approves what someone else passed at the 主管部门; and no one passes what they changed themselves. ``acted_by``
    says who took each action of the declaration's current round (since its last submission), and under "edited"
    the collection of those who changed its content before that submission. A return is never refused: sending
    one's own submission back for changes harms no one."""
    if not transition.gives_grade:
        return None
    if acted_by.get("submit") == actor:
        return "不能审核通过自己提交的申报表：请由其他审核人审核。"
    if actor in acted_by.get("edited", ()):
        return "不能审核通过自己修改过的申报表：请由其他审核人审核。"
    if transition.action == "approve" and acted_by.get("department_pass") == actor:
        return "主管部门审核与财政审核应由不同的人完成：这张申报表的主管部门审核是您通过的。"
    return None
