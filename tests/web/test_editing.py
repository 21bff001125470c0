"""Editing in the browser's forms (without JavaScript): saving, bad input, and two people editing at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from jixiao.web.declarations.models import Declaration
from jixiao.web.declarations.services import to_document

from .conftest import centre_draft, client_for

pytestmark = pytest.mark.django_db


def form_post(declaration: Declaration, **changes: Any) -> dict[str, Any]:
    """What the edit page posts for ``declaration`` as it is, with ``changes`` applied."""
    doc = to_document(declaration).to_json()
    post: dict[str, Any] = {"row_version": declaration.row_version, "year": doc["year"],
                            "amount_unit": doc["amount_unit"], "indicators": ""}
    for key in ("name", "code", "category", "department", "implementing_unit", "start_date", "end_date",
                "overall_goal", "annual_goal"):
        post[key] = doc[key] or ""
    for key, value in doc["funds"].items():
        post[f"funds.{key}"] = "" if value is None else str(value)
    indicators = doc["indicators"]
    for key in ("level1", "level2", "name", "target", "basis", "basis_note"):
        post[f"ind-{key}"] = [item.get(key) or "" for item in indicators]
    post.update(changes)
    return post


def test_a_filer_saves_a_change_and_sees_the_findings_refreshed() -> None:
    declaration = centre_draft()
    client = client_for("filer")
    targets = [i.target for i in declaration.indicators.all()]
    targets[8] = "较上年提高10%"
    response = client.post(f"/declarations/{declaration.pk}/edit/", form_post(declaration, **{"ind-target": targets}))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已保存。审核发现 0 个错误、3 个警告。" in page
    assert centre_draft().indicators.get(position=8).target == "较上年提高10%"


def test_the_editor_shows_how_each_target_reads_without_asking_again_for_each_row() -> None:
    page = client_for("filer").get(f"/declarations/{centre_draft().pk}/edit/").content.decode()
    assert '<td class="parse"><span class="parsed k-quantitative">≥ 19900 件，正向</span>' in page
    assert "load" not in page[page.index('name="ind-target"'):page.index('<td class="parse">')]


def test_adding_removing_and_moving_rows_is_saved_in_page_order() -> None:
    declaration = centre_draft()
    post = form_post(declaration)
    for key in ("level1", "level2", "name", "target", "basis", "basis_note"):
        values = post[f"ind-{key}"]
        values.insert(0, values.pop(1))  # move the second row up
        del values[5]  # remove a row
        values.append({"level1": "产出指标", "level2": "数量指标", "name": "上门服务次数", "target": ">=200次"}
                      .get(key, ""))
        values.append("")  # a blank row the user added and left empty is ignored
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", post)
    assert response.status_code == 302
    rows = list(centre_draft().indicators.values_list("name", "level1"))
    names = [name for name, _ in rows]
    assert names[:2] == ["寄送快递数", "服务新开办企业数量"]
    assert "印章送达时间" not in names and len(names) == 12
    # the row added at the bottom joins the other 产出指标 rows, so that the official form keeps one 产出 block
    outputs = [name for name, level1 in rows if level1 == "产出指标"]
    assert names[: len(outputs)] == outputs
    levels = list(centre_draft().indicators.values_list("level2", flat=True))
    quantity = [i for i, level2 in enumerate(levels) if level2 == "数量指标"]
    assert names[quantity[-1]] == "上门服务次数" and quantity == list(range(quantity[0], quantity[-1] + 1))


def test_bad_input_is_shown_located_and_nothing_is_saved() -> None:
    declaration = centre_draft()
    before = to_document(declaration).to_json()
    levels = [i.level2 for i in declaration.indicators.all()]
    levels[3] = "效率指标"
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", form_post(
        declaration, **{"funds.total": "三百万", "ind-level2": levels, "annual_goal": "保留我的输入"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert '<span class="where">项目资金总额</span>' in page
    assert "“项目资金总额”应为数字（填写的是“三百万”）" in page
    assert '<span class="where">第4个指标的二级指标</span>' in page
    assert 'id="editor" data-unsaved' in page  # what is shown is not saved: leaving asks first
    assert "未知的二级指标“效率指标”" in page
    assert "保留我的输入" in page  # the user's input is still in the form
    assert to_document(centre_draft()).to_json() == before


def test_two_people_editing_at_once_the_second_is_told_who_saved_and_keeps_their_input() -> None:
    declaration = centre_draft()
    filer, lead = client_for("filer"), client_for("lead")
    first = form_post(declaration, annual_goal="填报人的修改")
    second = form_post(declaration, overall_goal="负责人的修改")
    assert filer.post(f"/declarations/{declaration.pk}/edit/", first).status_code == 302
    response = lead.post(f"/declarations/{declaration.pk}/edit/", second)
    assert response.status_code == 409
    page = response.content.decode()
    assert "保存失败：张填报 已于" in page and "您的修改没有保存，仍保留在下面的表单中" in page
    assert "负责人的修改" in page
    stored = to_document(centre_draft())
    assert stored.annual_goal == "填报人的修改" and stored.overall_goal != "负责人的修改"
    # the way forward: save over the version now stored, having seen it (again 409 without ticking the box)
    assert lead.post(f"/declarations/{declaration.pk}/edit/", second).status_code == 409
    newer = centre_draft().row_version
    assert f'name="overwrite" value="{newer}"' in page
    assert lead.post(f"/declarations/{declaration.pk}/edit/", {**second, "overwrite": str(newer)}).status_code == 302
    assert to_document(centre_draft()).overall_goal == "负责人的修改"


def test_workflow_buttons_post_the_actions() -> None:
    declaration = centre_draft()
    filer = client_for("filer")
    response = filer.post(f"/declarations/{declaration.pk}/action/submit/", follow=True)
    assert "请逐条确认后勾选" in response.content.decode()
    filer.post(f"/declarations/{declaration.pk}/action/submit/", {"acknowledge": "1"})
    assert centre_draft().status == "submitted"
    reviewer = client_for("reviewer")
    page = reviewer.get(f"/declarations/{declaration.pk}/").content.decode()
    assert 'data-action="department_return"' in page and 'data-action="department_pass"' in page
    reviewer.post(f"/declarations/{declaration.pk}/action/department_return/", {"comment-indicator-2": "请核实"})
    assert centre_draft().status == "returned"
    page = filer.get(f"/declarations/{declaration.pk}/").content.decode()
    assert "王主管（退回修改）：请核实" in page
    editor = filer.get(f"/declarations/{declaration.pk}/edit/").content.decode()  # beside what is to be changed
    assert "审核意见 1 条" in editor and "（提出时为第3个）：请核实</li>" in editor
    history = filer.get(f"/declarations/{declaration.pk}/history/").content.decode()
    assert "<td>提交审核</td><td>待主管部门审核</td>" in history and "<td>退回修改</td><td>已退回修改</td>" in history
    log = filer.get(f"/declarations/{declaration.pk}/audit/").content.decode()
    assert "<td>提交审核</td>" in log and "待主管部门审核 → 已退回修改" in log and "department_return" not in log


def test_login_is_throttled_after_repeated_failures() -> None:
    client = Client()
    for _ in range(5):
        response = client.post("/login/", {"username": "filer", "password": "wrong"})
        assert "用户名或密码不正确" in response.content.decode()
    response = client.post("/login/", {"username": "filer", "password": "jixiao-demo"})
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_comment_on_an_indicator_stays_with_it_when_rows_move_or_go() -> None:
    declaration = centre_draft()
    filer, reviewer = client_for("filer"), client_for("reviewer")
    filer.post(f"/declarations/{declaration.pk}/action/submit/", {"acknowledge": "1"})
    names = list(declaration.indicators.values_list("name", flat=True))
    reviewer.post(f"/declarations/{declaration.pk}/action/department_return/",
                  {"comment-indicator-2": "请核实第三项", "comment-indicator-5": "请核实第六项"})
    post = form_post(centre_draft())
    for key in ("level1", "level2", "name", "target", "basis", "basis_note"):
        del post[f"ind-{key}"][0]  # the first row deleted: the commented rows move up
        del post[f"ind-{key}"][4]  # and the sixth one deleted too
    assert filer.post(f"/declarations/{declaration.pk}/edit/", post).status_code == 302
    page = filer.get(f"/declarations/{declaration.pk}/").content.decode()
    row = page[page.index(f"{names[2]}</td>"):]
    assert row.index("请核实第三项") < row.index("</tr>")  # beside its indicator, now the second row
    assert f"关于原第6个指标“{names[5]}”（已修改或删除）：请核实第六项" in page


def test_a_declaration_of_many_indicators_saves_and_a_request_too_large_is_answered_in_chinese() -> None:
    declaration = centre_draft()
    post = form_post(declaration)
    rows = {"level1": "产出指标", "level2": "数量指标", "target": ">=1次", "basis": "计划标准", "basis_note": ""}
    for n in range(300):  # 1,800 fields and more: past Django's default of 1,000
        for key in ("level1", "level2", "name", "target", "basis", "basis_note"):
            post[f"ind-{key}"].append(rows.get(key, f"巡查点位{n}"))
    client = client_for("filer")
    assert client.post(f"/declarations/{declaration.pk}/edit/", post).status_code == 302
    assert centre_draft().indicators.count() == 312
    post["ind-note"] = ["x"] * 8000
    response = client.post(f"/declarations/{declaration.pk}/edit/", post)
    assert response.status_code == 400 and "提交的内容过大或字段过多" in response.content.decode()


@pytest.mark.parametrize("dropped", ["name", "overall_goal", "funds.total", "indicators", "row_version"])
def test_a_post_without_part_of_the_form_saves_nothing(dropped: str) -> None:
    declaration = centre_draft()
    before = to_document(declaration).to_json()
    post = form_post(declaration)
    del post[dropped]
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", post)
    assert response.status_code == 400
    label = {"name": "项目名称", "overall_goal": "项目总目标", "funds.total": "项目资金总额", "indicators": "指标表",
             "row_version": "版本号"}[dropped]
    assert f"提交的申报表不完整（缺少字段：{label}），没有保存任何内容" in response.content.decode()
    assert to_document(centre_draft()).to_json() == before


def test_a_post_of_only_a_name_saves_nothing() -> None:
    declaration = centre_draft()
    before = to_document(declaration).to_json()
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", {"name": "新名称"})
    assert response.status_code == 400 and "缺少字段" in response.content.decode()
    assert to_document(centre_draft()).to_json() == before


def test_indicator_columns_of_unequal_length_save_nothing() -> None:
    declaration = centre_draft()
    before = to_document(declaration).to_json()
    post = form_post(declaration)
    post["ind-target"] = post["ind-target"][:-1]
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", post)
    assert response.status_code == 400 and "各指标列的行数不一致" in response.content.decode()
    assert to_document(centre_draft()).to_json() == before


def test_removing_every_indicator_row_is_a_save_the_review_then_objects_to() -> None:
    declaration = centre_draft()
    post = form_post(declaration)
    for key in ("level1", "level2", "name", "target", "basis", "basis_note"):
        post[f"ind-{key}"] = []
    response = client_for("filer").post(f"/declarations/{declaration.pk}/edit/", post)
    assert response.status_code == 302
    assert centre_draft().indicators.count() == 0
