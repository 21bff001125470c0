"""Every page against every persona: allowed gets the page, forbidden gets 403 or a redirect to login, never data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from jixiao.core.workflow import Role, Status
from jixiao.web.accounts.models import Membership
from jixiao.web.declarations.models import Declaration

from .conftest import PERSONAS, centre_draft, centre_published, client_for, subdistrict_draft

ALL = frozenset(PERSONAS) - {"anonymous"}
CENTRE = frozenset({"filer", "lead", "reviewer", "finance", "auditor", "admin"})
EDITORS = frozenset({"filer", "lead"})
EVERYONE = frozenset(PERSONAS)

# (name, url builder, personas that get the page, the marker text the page must show to them)
PAGES: list[tuple[str, Callable[[], str], frozenset[str], str]] = [
    ("dashboard", lambda: "/", ALL, "工作台"),
    ("list", lambda: "/declarations/", ALL, "项目列表"),
    ("detail", lambda: f"/declarations/{centre_draft().pk}/", CENTRE, "财政项目支出绩效目标申报表"),
    ("edit", lambda: f"/declarations/{centre_draft().pk}/edit/", EDITORS, "编辑申报表"),
    ("history", lambda: f"/declarations/{centre_draft().pk}/history/", CENTRE, "版本历史"),
    ("audit", lambda: f"/declarations/{centre_draft().pk}/audit/", CENTRE, "操作日志"),
    ("other unit detail", lambda: f"/declarations/{subdistrict_draft().pk}/", {"outsider", "finance", "auditor",
                                                                              "admin"}, "财政项目支出绩效目标申报表"),
    ("other unit edit", lambda: f"/declarations/{subdistrict_draft().pk}/edit/", {"outsider"}, "编辑申报表"),
    ("editor row", lambda: "/editor/row/?year=2023", ALL, "ind-target"),
    ("target preview", lambda: "/editor/target/?value=%3E%3D19900%E4%BB%B6", ALL, "≥ 19900 件，正向"),
    ("password", lambda: "/password/", ALL, "修改密码"),
    ("public list", lambda: "/public/", EVERYONE, "已公开的项目支出绩效目标"),
    ("public detail", lambda: f"/public/{centre_published().pk}/", EVERYONE, "财政项目支出绩效目标申报表"),
    ("login", lambda: "/login/", {"anonymous"}, "登录"),
]


def _check(client: Client, persona: str, url: str, allowed: frozenset[str], marker: str) -> None:
    response = client.get(url)
    if persona in allowed:
        assert response.status_code == 200, (persona, url, response.status_code)
        assert marker in response.content.decode()
    elif persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/"), (persona, url)
    else:
        assert response.status_code in (302, 403), (persona, url, response.status_code)
        if response.status_code == 302:
            assert not response["Location"].startswith(url)
        assert marker not in response.content.decode()


@pytest.mark.parametrize(("page", "url", "allowed", "marker"), PAGES, ids=[p[0] for p in PAGES])
@pytest.mark.parametrize("persona", PERSONAS)
def test_page_against_persona(db: None, persona: str, page: str, url: Callable[[], str], allowed: frozenset[str],
                              marker: str) -> None:
    _check(client_for(persona), persona, url(), allowed, marker)


def test_editing_a_locked_declaration_is_refused_with_the_reason(db: None) -> None:
    published = centre_published()
    response = client_for("filer").get(f"/declarations/{published.pk}/edit/", follow=True)
    assert "不能修改" in response.content.decode()
    assert "已批复" in response.content.decode() or "锁定" in response.content.decode()


def test_an_unpublished_declaration_has_no_public_page(db: None) -> None:
    for persona in ("anonymous", "finance"):
        assert client_for(persona).get(f"/public/{centre_draft().pk}/").status_code == 404


def test_lists_show_only_what_the_persona_may_see(db: None) -> None:
    centre_name, other_name = centre_draft().name, subdistrict_draft().name
    outsider = client_for("outsider").get("/declarations/?year=2023").content.decode()
    assert other_name in outsider and centre_name not in outsider
    filer = client_for("filer").get("/declarations/?year=2023").content.decode()
    assert centre_name in filer and other_name not in filer
    finance = client_for("finance").get("/declarations/?year=2023").content.decode()
    assert centre_name in finance and other_name in finance


def test_list_filters_search_and_sorts(db: None) -> None:
    client = client_for("finance")
    page = client.get("/declarations/?q=一网通办").content.decode()
    assert "深化“一网通办”专项费用" in page and "窗口业务管理" not in page
    page = client.get("/declarations/?errors=1").content.decode()
    assert "老旧小区微更新" in page and "窗口业务管理" not in page
    page = client.get("/declarations/?status=published&sort=-funds").content.decode()
    assert page.index("网络信息系统开发") < page.index("窗口业务管理") < page.index("宣传与推广")
    assert "共 5 张申报表" in page
    assert client.get("/declarations/?year=abc&unit=x&page=999").status_code == 200
    # a form filled in 万元 sorts by what it amounts to: 900 万元 is more than any of these in 元
    Declaration.objects.filter(name="宣传与推广", year=2022).update(amount_unit="万元", annual_request=900)
    page = client.get("/declarations/?status=published&sort=-funds").content.decode()
    assert page.index("宣传与推广") < page.index("网络信息系统开发")


def test_the_dashboard_counts_what_waits(db: None) -> None:
    assert "<b>5</b>草稿" in client_for("filer").get("/").content.decode()
    assert "<b>2</b>草稿" in client_for("outsider").get("/").content.decode()
    Declaration.objects.filter(status=Status.DRAFT).update(status=Status.SUBMITTED)
    assert "<b>5</b>待我审核" in client_for("reviewer").get("/").content.decode()
    assert "<b>0</b>待我审核" in client_for("finance").get("/").content.decode()
    Declaration.objects.filter(status=Status.SUBMITTED).update(status=Status.DEPARTMENT_PASSED)
    assert "<b>7</b>待我审核" in client_for("finance").get("/").content.decode()


def test_public_search_finds_by_name(db: None) -> None:
    page = client_for("anonymous").get("/public/?q=宣传").content.decode()
    assert "宣传与推广" in page and "窗口业务管理" not in page


def test_the_public_pages_links_keep_the_search_as_typed(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.web.declarations import views

    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    Declaration.objects.filter(status=Status.PUBLISHED).update(name="C++ 与 C# 培训")
    page = client_for("anonymous").get("/public/", {"q": "C++ 与 C#"}).content.decode()
    assert 'href="?q=C%2B%2B%20%E4%B8%8E%20C%23&page=2"' in page


def test_the_declaration_page_reads_like_the_official_form(db: None) -> None:
    page = client_for("reviewer").get(f"/declarations/{centre_published().pk}/").content.decode()
    for label in ("项目名称", "主管部门", "实施单位", "项目资金总额", "年度资金申请总额", "其中：当年财政拨款",
                  "项目总目标", "年度总目标", "一级指标", "二级指标", "三级指标", "指标目标值"):
        assert label in page
    assert 'rowspan="7"' in page  # 产出指标 spans its seven rows
    assert "3,550,000" in page
    assert "只表示变化方向" in page  # a finding beside the indicator it concerns


def test_post_only_endpoints_refuse_get(db: None) -> None:
    assert client_for("filer").get(f"/declarations/{centre_draft().pk}/action/submit/").status_code == 405


def test_forms_require_csrf(db: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.login(username="filer", password="jixiao-demo")
    response = client.post(f"/declarations/{centre_draft().pk}/action/submit/", {"acknowledge": "1"})
    assert response.status_code == 403
    assert centre_draft().status == Status.DRAFT


@pytest.mark.parametrize("persona", PERSONAS)
def test_submit_action_against_persona(db: None, persona: str) -> None:
    declaration = centre_draft()
    client = client_for(persona)
    response = client.post(f"/declarations/{declaration.pk}/action/submit/", {"acknowledge": "1"})
    after = centre_draft().status
    if persona in EDITORS:
        assert response.status_code == 302 and after == Status.SUBMITTED
    elif persona == "anonymous":
        assert response["Location"].startswith("/login/") and after == Status.DRAFT
    elif persona == "outsider":
        assert response.status_code == 403 and after == Status.DRAFT
    else:
        assert response.status_code == 302 and after == Status.DRAFT
        assert "您不能执行这一操作" in client.get(response["Location"]).content.decode()


def test_amounts_read_with_thousands_separators_and_no_trailing_zeros(db: None) -> None:
    page = client_for("finance").get("/declarations/?year=2022").content.decode()
    assert "3,550,000 元" in page and "3,550,000.0" not in page


def test_an_editor_creates_a_blank_declaration_for_their_unit(db: None) -> None:
    client = client_for("filer")
    response = client.post("/declarations/new/", {"name": "政务大厅适老化改造", "year": "2024"})
    created = Declaration.objects.get(name="政务大厅适老化改造")
    assert response["Location"] == f"/declarations/{created.pk}/edit/"
    assert created.organisation.name == "上海市松江区行政服务中心" and created.status == Status.DRAFT
    assert "缺少一级指标“产出指标”" in client.get(f"/declarations/{created.pk}/edit/").content.decode()
    assert client_for("reviewer").post("/declarations/new/", {"name": "x", "year": "2024"}).status_code == 403
    assert client.post("/declarations/new/", {"name": "", "year": "abc"}).status_code == 302
    assert not Declaration.objects.filter(name="").exists()


@pytest.mark.parametrize("url", [
    "/declarations/?unit=" + "9" * 30,
    "/declarations/?year=" + "9" * 30,
    "/editor/target/?value=12%E6%9C%88%E5%BA%95%E5%89%8D&year=" + "9" * 30,
])
@pytest.mark.django_db
def test_numbers_in_a_query_too_large_for_any_column_are_ignored(url: str) -> None:
    assert client_for("finance").get(url).status_code == 200


def test_the_detail_page_says_why_a_reviewer_cannot_pass_their_own_submission(db: None) -> None:
    declaration = centre_draft()
    reviewer = User.objects.get(username="reviewer")
    Membership.objects.create(user=reviewer, organisation=declaration.organisation, role=Role.FILER)
    client = client_for("reviewer")
    client.post(f"/declarations/{declaration.pk}/action/submit/", {"acknowledge": "1"})
    page = client.get(f"/declarations/{declaration.pk}/").content.decode()
    assert 'data-action="department_return"' in page and 'data-action="department_pass"' not in page
    assert "不能审核通过自己提交的申报表" in page
    response = client.post(f"/declarations/{declaration.pk}/action/department_pass/", {"grade": "良"})
    assert centre_draft().status == Status.SUBMITTED
    assert "不能审核通过自己提交的申报表" in client.get(response["Location"]).content.decode()


def test_new_never_touches_a_form_the_project_already_has(db: None) -> None:
    draft = Declaration.objects.filter(name="窗口业务管理", year=2023).get()
    indicators = draft.indicators.count()
    response = client_for("filer").post("/declarations/new/", {"name": "窗口业务管理", "year": "2023"}, follow=True)
    page = response.content.decode()
    assert "“窗口业务管理”已有2023年度的申报表（第1版，草稿），请打开它修改" in page
    assert Declaration.objects.get(pk=draft.pk).indicators.count() == indicators == 12
    Declaration.objects.filter(pk=draft.pk).update(status=Status.SUBMITTED)  # under review: refused the same way
    response = client_for("filer").post("/declarations/new/", {"name": "窗口业务管理", "year": "2023"})
    assert response.status_code == 302 and response["Location"] == f"/declarations/{draft.pk}/"
