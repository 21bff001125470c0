"""The workflow's decisions: which role may move a declaration where, and four eyes."""

from __future__ import annotations

import pytest

from jixiao.core.workflow import TRANSITIONS_BY_ACTION, Role, Status, duty_conflict, transition_for

SUBMITTED_BY_ANN = {"submit": "ann"}


def test_a_role_moves_a_declaration_only_from_its_sources() -> None:
    assert transition_for("department_pass", Status.SUBMITTED, frozenset({Role.DEPARTMENT_REVIEWER})) is not None
    assert transition_for("department_pass", Status.DRAFT, frozenset({Role.DEPARTMENT_REVIEWER})) is None
    assert transition_for("department_pass", Status.SUBMITTED, frozenset({Role.FILER})) is None
    assert transition_for("no_such_action", Status.SUBMITTED, frozenset(Role)) is None


@pytest.mark.parametrize("action", ["department_pass", "approve"])
def test_nobody_passes_their_own_submission(action: str) -> None:
    conflict = duty_conflict(TRANSITIONS_BY_ACTION[action], "ann", SUBMITTED_BY_ANN)
    assert conflict is not None and "自己提交" in conflict
    assert duty_conflict(TRANSITIONS_BY_ACTION[action], "bob", SUBMITTED_BY_ANN) is None


def test_the_two_reviews_are_by_two_people() -> None:
    acted = {"submit": "ann", "department_pass": "bob"}
    conflict = duty_conflict(TRANSITIONS_BY_ACTION["approve"], "bob", acted)
    assert conflict is not None and "不同的人" in conflict
    assert duty_conflict(TRANSITIONS_BY_ACTION["approve"], "cat", acted) is None


@pytest.mark.parametrize("action", ["department_return", "finance_return", "submit", "publish"])
def test_returns_submissions_and_publication_are_never_refused_for_four_eyes(action: str) -> None:
    assert duty_conflict(TRANSITIONS_BY_ACTION[action], "ann", {"submit": "ann", "department_pass": "ann"}) is None


def test_nobody_passes_what_they_changed_themselves() -> None:
    acted = {"submit": "ann", "edited": frozenset({"bob"})}
    conflict = duty_conflict(TRANSITIONS_BY_ACTION["department_pass"], "bob", acted)
    assert conflict is not None and "自己修改过" in conflict
    assert duty_conflict(TRANSITIONS_BY_ACTION["department_pass"], "cat", acted) is None
    assert duty_conflict(TRANSITIONS_BY_ACTION["department_return"], "bob", acted) is None
