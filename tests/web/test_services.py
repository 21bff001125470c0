"""The actions: workflow, optimistic locking, audit events, and the document round trip through the database."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from jixiao.core.diff import diff_documents
from jixiao.core.workflow import Role, Status
from jixiao.formats.json_io import seed_declarations
from jixiao.web.accounts.models import Membership
from jixiao.web.audit.models import AuditEvent
from jixiao.web.declarations.access import roles_at
from jixiao.web.declarations.models import Declaration, ReviewComment
from jixiao.web.declarations.services import (
    ActionRefused,
    EditConflict,
    save_document,
    take_action,
    to_document,
)

from .conftest import centre_draft, subdistrict_draft

pytestmark = pytest.mark.django_db


def user(name: str) -> User:
    return User.objects.get(username=name)


def act(declaration: Declaration, action: str, persona: str, **kwargs: object) -> Declaration:
    actor = user(persona)
    return take_action(declaration=declaration, action=action, acting_user=actor,
                       roles=roles_at(actor, declaration.organisation), **kwargs)


def test_every_seed_form_comes_back_identical_from_the_database() -> None:
    stored = {d.name: to_document(d) for d in Declaration.objects.filter(year=2022)}
    for document in seed_declarations():
        assert stored[document.name].to_json() == document.to_json()


def test_the_parsed_target_is_stored_as_columns() -> None:
    row = centre_draft().indicators.get(name="寄送快递数")
    assert (row.kind, row.op, row.value, row.unit, row.direction) == ("quantitative", ">=", 19900, "件", "正向")


def test_the_whole_workflow_writes_comments_and_audit_events() -> None:
    declaration = centre_draft()
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    assert declaration.status == Status.SUBMITTED
    act(declaration, "department_return", "reviewer", indicator_comments={8: "请量化“提升”的幅度"})
    assert declaration.status == Status.RETURNED
    comment = ReviewComment.objects.get(declaration=declaration)
    assert (comment.indicator_position, comment.indicator_name) == (8, "政府服务窗口工作效能")
    act(declaration, "submit", "lead", acknowledge_warnings=True)
    act(declaration, "department_pass", "reviewer", grade="良")
    act(declaration, "approve", "finance", grade="优")
    assert declaration.status == Status.APPROVED and declaration.grade == "优"
    assert "批复" in declaration.lock_reason and "赵财政" in declaration.lock_reason
    act(declaration, "publish", "finance")
    assert declaration.status == Status.PUBLISHED and declaration.published_at is not None
    actions = list(AuditEvent.objects.filter(object_type="declaration", object_id=declaration.pk)
                   .order_by("id").values_list("action", "actor__username"))
    assert actions[1:] == [("submit", "filer"), ("department_return", "reviewer"), ("submit", "lead"),
                           ("department_pass", "reviewer"), ("approve", "finance"), ("publish", "finance")]
    assert actions[0] == ("import_declaration", None)


@pytest.mark.parametrize(("persona", "action"), [
    ("filer", "department_pass"), ("filer", "approve"), ("reviewer", "submit"), ("finance", "submit"),
    ("auditor", "submit"), ("reviewer", "approve"), ("lead", "publish"), ("outsider", "submit"),
])
def test_a_role_cannot_take_an_action_that_is_not_its_own(persona: str, action: str) -> None:
    declaration = centre_draft()
    with pytest.raises(ActionRefused, match="您不能执行这一操作"):
        act(declaration, action, persona)
    assert Declaration.objects.get(pk=declaration.pk).status == Status.DRAFT


def test_errors_block_submission() -> None:
    declaration = Declaration.objects.get(name="老旧小区微更新")  # its funds and a placeholder are wrong
    with pytest.raises(ActionRefused, match=r"还有 \d+ 个错误，修改后才能提交"):
        act(declaration, "submit", "outsider", acknowledge_warnings=True)


def test_warnings_need_an_acknowledgement() -> None:
    declaration = centre_draft()
    with pytest.raises(ActionRefused, match="请逐条确认后勾选"):
        act(declaration, "submit", "filer")
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    assert declaration.status == Status.SUBMITTED


def test_a_return_needs_a_comment() -> None:
    declaration = centre_draft()
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    with pytest.raises(ActionRefused, match="退回时请填写退回意见"):
        act(declaration, "department_return", "reviewer")


def test_an_approved_declaration_cannot_be_edited() -> None:
    declaration = Declaration.objects.get(name="窗口业务管理", year=2022)
    with pytest.raises(ActionRefused, match="不能修改"):
        save_document(declaration=declaration, document=to_document(declaration), acting_user=user("filer"),
                      expected_row_version=declaration.row_version)


def test_the_second_of_two_concurrent_saves_is_refused_naming_who_saved_first() -> None:
    declaration = centre_draft()
    opened_at = declaration.row_version
    first = to_document(declaration).model_copy(update={"annual_goal": "第一位用户的修改"})
    second = to_document(declaration).model_copy(update={"overall_goal": "第二位用户的修改"})
    save_document(declaration=declaration, document=first, acting_user=user("filer"), expected_row_version=opened_at)
    with pytest.raises(EditConflict, match=r"张填报 已于 .* 修改了这张申报表"):
        save_document(declaration=declaration, document=second, acting_user=user("lead"),
                      expected_row_version=opened_at)
    stored = to_document(Declaration.objects.get(pk=declaration.pk))
    assert stored.annual_goal == "第一位用户的修改"
    assert stored.overall_goal != "第二位用户的修改"


def test_each_save_leaves_a_revision_and_an_audit_event_with_before_and_after() -> None:
    declaration = centre_draft()
    before = to_document(declaration)
    changed = before.model_copy(update={"annual_goal": "新的年度目标"})
    save_document(declaration=declaration, document=changed, acting_user=user("filer"),
                  expected_row_version=declaration.row_version)
    event = AuditEvent.objects.filter(object_type="declaration", object_id=declaration.pk, action="edit_declaration") \
        .get()
    assert event.before["annual_goal"] == before.annual_goal and event.after["annual_goal"] == "新的年度目标"
    revisions = list(declaration.revisions.order_by("number"))
    changes = diff_documents(revisions[-2].document, revisions[-1].document)
    assert [(c.where, c.after) for c in changes] == [("annual_goal", "新的年度目标")]


def test_audit_events_are_append_only() -> None:
    event = AuditEvent.objects.first()
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()


def test_reviewers_reach_their_subtree_and_editors_only_their_unit() -> None:
    centre = centre_draft().organisation
    other = subdistrict_draft().organisation
    assert roles_at(user("finance"), other) == {Role.FINANCE_REVIEWER}
    assert roles_at(user("reviewer"), other) == frozenset()
    assert roles_at(user("filer"), centre) == {Role.FILER}
    assert roles_at(user("outsider"), centre) == frozenset()


def test_only_a_passing_review_gives_a_grade_and_only_优_or_良() -> None:
    declaration = centre_draft()
    with pytest.raises(ActionRefused, match="审核结论只在审核通过时给出"):
        act(declaration, "submit", "filer", acknowledge_warnings=True, grade="优")  # the filer grading itself
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    with pytest.raises(ActionRefused, match="评为“中”“差”的请退回修改"):
        act(declaration, "department_pass", "reviewer", grade="差")
    declaration.refresh_from_db()
    assert (declaration.status, declaration.grade) == (Status.SUBMITTED, "")


def hold(persona: str, role: Role, declaration: Declaration) -> None:
    Membership.objects.create(user=user(persona), organisation=declaration.organisation, role=role)


def test_a_reviewer_who_is_also_a_filer_cannot_pass_their_own_submission() -> None:
    declaration = centre_draft()
    hold("reviewer", Role.FILER, declaration)
    act(declaration, "submit", "reviewer", acknowledge_warnings=True)
    with pytest.raises(ActionRefused, match="不能审核通过自己提交的申报表"):
        act(declaration, "department_pass", "reviewer", grade="良")
    assert Declaration.objects.get(pk=declaration.pk).status == Status.SUBMITTED
    act(declaration, "department_return", "reviewer", comment="撤回重填")  # sending it back harms no one
    act(declaration, "submit", "filer", acknowledge_warnings=True)  # a new round, submitted by someone else
    act(declaration, "department_pass", "reviewer", grade="良")
    assert declaration.status == Status.DEPARTMENT_PASSED


def test_the_finance_review_is_not_by_who_passed_it_at_the_department() -> None:
    declaration = centre_draft()
    hold("reviewer", Role.FINANCE_REVIEWER, declaration)
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    act(declaration, "department_pass", "reviewer", grade="良")
    with pytest.raises(ActionRefused, match="不同的人"):
        act(declaration, "approve", "reviewer", grade="优")
    act(declaration, "approve", "finance", grade="优")
    assert declaration.status == Status.APPROVED
    refused = AuditEvent.objects.filter(object_id=declaration.pk, actor__username="reviewer", action="approve")
    assert not refused.exists()


def test_a_reviewer_who_edited_the_form_cannot_pass_it_after_a_colleague_submits_it() -> None:
    declaration = centre_draft()
    hold("reviewer", Role.FILER, declaration)
    document = to_document(declaration).model_copy(update={"annual_goal": "审核人改过的年度目标"})
    save_document(declaration=declaration, document=document, acting_user=user("reviewer"),
                  expected_row_version=declaration.row_version)
    act(declaration, "submit", "filer", acknowledge_warnings=True)
    with pytest.raises(ActionRefused, match="不能审核通过自己修改过的申报表"):
        act(declaration, "department_pass", "reviewer", grade="良")
    act(declaration, "department_return", "reviewer", comment="请重新核对")
    act(declaration, "submit", "filer", acknowledge_warnings=True)  # a new round: the reviewer changed nothing in it
    act(declaration, "department_pass", "reviewer", grade="良")
    assert declaration.status == Status.DEPARTMENT_PASSED
