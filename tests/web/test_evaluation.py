"""Monitoring records, the self-evaluation and its sign-off, and the dashboards, through the pages."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
import pytest

from jixiao.core.evaluation import default_weights
from jixiao.web.audit.models import AuditEvent
from jixiao.web.declarations.models import Declaration
from jixiao.web.declarations.services import to_document
from jixiao.web.evaluation.models import MonitoringRecord, SelfEvaluationRecord

from .conftest import PERSONAS, centre_draft, centre_published, client_for

pytestmark = pytest.mark.django_db


def monitoring_post(declaration: Declaration, *, yellow_at: int | None = None, explain: bool = True,
                    executed: str = "2000000") -> dict[str, Any]:
    """A 1-7月 record on track everywhere, except (optionally) one indicator forecast short of its target."""
    post: dict[str, Any] = {"months": "7", "budget": "3550000", "executed": executed, "forecast": "3500000",
                            "goal_progress": "按计划推进"}
    for i, row in enumerate(declaration.indicators.all()):
        if row.kind == "quantitative":
            post[f"to_date-{i}"] = str(row.value * 7 / 12 if row.value else 0)
            post[f"forecast-{i}"] = str(row.value)
        else:
            post[f"band-{i}"] = "达成"
        post[f"possibility-{i}"] = "确定能"
    if yellow_at is not None:
        row = declaration.indicators.get(position=yellow_at)
        post[f"forecast-{yellow_at}"] = str(row.value * 96 / 100)
        post[f"possibility-{yellow_at}"] = "有可能"
        if explain:
            post[f"causes-{yellow_at}"] = ["经费保障"]
            post[f"measures-{yellow_at}"] = "四季度加大宣传，争取完成"
    return post


def test_a_monitoring_record_gives_lights_and_the_list_shows_them() -> None:
    declaration = centre_published()
    filer = client_for("filer")
    response = filer.post(f"/declarations/{declaration.pk}/monitoring/", monitoring_post(declaration, yellow_at=0))
    assert response.status_code == 302
    record = MonitoringRecord.objects.get(declaration=declaration)
    assert (str(record.execution_rate), str(record.time_progress), record.budget_light) == ("56.34", "58.33", "green")
    assert record.worst_light == "yellow"
    lights = dict(record.items.values_list("name", "light"))
    assert lights["服务新开办企业数量"] == "yellow" and lights["寄送快递数"] == "green"
    assert Declaration.objects.get(pk=declaration.pk).monitoring_light == "yellow"
    page = client_for("finance").get("/declarations/?year=2022").content.decode()
    assert 'class="light l-yellow"' in page
    assert AuditEvent.objects.filter(action="record_monitoring", object_id=declaration.pk).exists()


def test_a_light_that_is_not_green_needs_causes_possibility_and_measures() -> None:
    declaration = centre_published()
    response = client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/",
                                        monitoring_post(declaration, yellow_at=0, explain=False))
    assert response.status_code == 400
    assert "第1个指标“服务新开办企业数量”全年预计完成 96.00%" in response.content.decode()
    assert "请勾选偏差原因、填写整改措施" in response.content.decode()  # 完成可能性 was chosen: not asked for
    assert not MonitoringRecord.objects.exists()


def test_a_refused_monitoring_record_keeps_every_entry_and_marks_every_row_that_lacks_something() -> None:
    declaration = centre_published()
    post = monitoring_post(declaration, yellow_at=0, explain=False)
    post["months"] = "9"
    post["forecast-1"] = "很多"  # not a number
    post["cause_note-2"] = "按季度拨付"
    response = client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/", post)
    assert response.status_code == 400
    page = response.content.decode()
    assert "有 2 个指标还不能保存" in page and page.count('class="row-problem"') == 2
    assert "第1个指标“服务新开办企业数量”全年预计完成 96.00%" in page and "应为数字（填写的是“很多”）" in page
    assert f'name="forecast-0" size="8" value="{post["forecast-0"]}"' in page
    assert 'name="forecast-1" size="8" value="很多"' in page and 'value="按季度拨付"' in page
    assert '<option value="9" selected>' in page and '<option value="7" selected>' not in page
    assert page.count("<option selected>确定能</option>") == len(declaration.indicators.all()) - 1
    assert not MonitoringRecord.objects.exists()


def test_a_late_budget_turns_the_budget_light_red() -> None:
    declaration = centre_published()
    client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/",
                             monitoring_post(declaration, executed="1000000"))
    assert MonitoringRecord.objects.get().budget_light == "red"  # 28.2% against 58.3%


@pytest.mark.parametrize("persona", PERSONAS)
def test_monitoring_against_persona(persona: str) -> None:
    declaration = centre_published()
    client = client_for(persona)
    page = client.get(f"/declarations/{declaration.pk}/monitoring/")
    posted = client.post(f"/declarations/{declaration.pk}/monitoring/", monitoring_post(declaration))
    if persona in ("filer", "lead"):
        assert page.status_code == 200 and posted.status_code == 302
    elif persona in ("reviewer", "finance", "auditor", "admin"):
        assert page.status_code == 200 and "填报运行监控" not in page.content.decode()
        assert posted.status_code == 403
    elif persona == "anonymous":
        assert page.status_code == 302 and posted.status_code == 302
    else:
        assert page.status_code == 403 and posted.status_code == 403
    assert MonitoringRecord.objects.count() == (1 if persona in ("filer", "lead") else 0)


def test_monitoring_needs_an_approved_declaration() -> None:
    draft = centre_draft()
    response = client_for("filer").post(f"/declarations/{draft.pk}/monitoring/", monitoring_post(draft))
    assert response.status_code == 403


def test_default_weights_follow_the_level1_totals() -> None:
    weights = default_weights(to_document(centre_published()).indicators)
    assert sum(weights[:7]) == 50 and sum(weights[7:11]) == 30 and weights[11] == 10


def evaluation_post(declaration: Declaration, **overrides: str) -> dict[str, str]:
    post: dict[str, str] = {"budget-full_year": "3550000", "budget-executed": "3400000"}
    for i, row in enumerate(declaration.indicators.all()):
        if row.kind == "quantitative":
            post[f"actual-{i}"] = str(row.value)
        else:
            post[f"achievement-{i}"] = "达成"
    post.update(overrides)
    return post


def test_the_self_evaluation_scores_live_saves_and_is_signed_off() -> None:
    declaration = centre_published()
    filer = client_for("filer")
    page = filer.get(f"/declarations/{declaration.pk}/evaluation/").content.decode()
    assert "绩效自评：窗口业务管理" in page and 'name="weight-0" value="7.14"' in page
    preview = filer.post(f"/declarations/{declaration.pk}/evaluation/", evaluation_post(declaration),
                         HTTP_HX_REQUEST="true")
    assert "总分" in preview.content.decode() and not SelfEvaluationRecord.objects.exists()
    short = evaluation_post(declaration, **{"actual-0": "27000"})
    filer.post(f"/declarations/{declaration.pk}/evaluation/", short)
    stored = SelfEvaluationRecord.objects.get(declaration=declaration)
    assert str(stored.total) == "98.87" and stored.grade == "优"  # 100 − 0.71 (企业数 27000/30000) − 0.42 (执行 95.77%)
    reviewer = client_for("reviewer")
    page = reviewer.get(f"/declarations/{declaration.pk}/evaluation/").content.decode()
    assert 'data-action="sign"' not in page and "填报单位改正后才能审核确认" in page  # no button that would refuse
    refused = reviewer.post(f"/declarations/{declaration.pk}/evaluation/sign/", follow=True).content.decode()
    assert "没有填写偏差原因分析及改进措施" in refused
    filer.post(f"/declarations/{declaration.pk}/evaluation/",
               {**short, "deviation_note-0": "新开办企业数受经济环境影响减少"})
    assert 'data-action="sign"' in reviewer.get(f"/declarations/{declaration.pk}/evaluation/").content.decode()
    reviewer.post(f"/declarations/{declaration.pk}/evaluation/sign/")
    stored.refresh_from_db()
    assert stored.state == "signed" and stored.signed_by.username == "reviewer"
    assert client_for("filer").post(f"/declarations/{declaration.pk}/evaluation/", short).status_code == 403
    actions = list(AuditEvent.objects.filter(object_id=declaration.pk, action__contains="self_evaluation")
                   .values_list("action", flat=True))
    assert actions.count("save_self_evaluation") == 2 and "sign_self_evaluation" in actions


def test_only_reviewers_sign_and_outsiders_see_nothing() -> None:
    declaration = centre_published()
    client_for("filer").post(f"/declarations/{declaration.pk}/evaluation/", evaluation_post(declaration))
    filer_sign = client_for("filer").post(f"/declarations/{declaration.pk}/evaluation/sign/", follow=True)
    assert "只有主管部门或财政审核人可以审核确认自评" in filer_sign.content.decode()
    assert client_for("outsider").get(f"/declarations/{declaration.pk}/evaluation/").status_code == 403
    assert client_for("anonymous").get(f"/declarations/{declaration.pk}/evaluation/").status_code == 302


@pytest.mark.parametrize("persona", PERSONAS)
def test_dashboard_against_persona(persona: str) -> None:
    response = client_for(persona).get("/dashboard/")
    if persona == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        page = response.content.decode()
        assert page.count('class="chart"') == 5 and "echarts-6.1.0.min.js" in page


def test_the_dashboard_shows_funds_lights_and_grades_with_excel_downloads() -> None:
    declaration = centre_published()
    client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/", monitoring_post(declaration, yellow_at=0))
    client_for("filer").post(f"/declarations/{declaration.pk}/evaluation/", evaluation_post(declaration))
    client_for("finance").post(f"/declarations/{declaration.pk}/evaluation/sign/")
    finance = client_for("finance")
    page = finance.get("/dashboard/?year=2022").content.decode()
    assert "<td>经常性项目</td><td>3</td>" in page and "<td>一次性项目</td><td>2</td>" in page
    assert "<td>窗口业务管理</td><td>56.34</td><td>58.33</td><td>绿灯</td>" in page
    assert "<td>黄灯</td><td>1</td>" in page and "<td>优</td><td>1</td>" in page
    completion = page[page.index('id="chart-completion"'):]
    assert "<td>绿灯</td><td>11</td>" in completion and "<td>黄灯</td><td>1</td>" in completion
    download = finance.get("/dashboard/?year=2022&download=lights")
    sheet = openpyxl.load_workbook(io.BytesIO(download.content)).active
    assert [c.value for c in sheet[2]] == ["灯", "项目数"] and ["黄灯", 1] in [[c.value for c in r] for r in sheet]
    assert finance.get("/dashboard/?download=nothing").status_code == 404
    assert "未监控" not in client_for("outsider").get("/dashboard/?year=2022").content.decode()


def test_the_tables_download_as_pdf_and_excel_in_their_official_layouts() -> None:
    from jixiao.formats.evaluation_xlsx import read_evaluation_workbook

    declaration = centre_published()
    filer = client_for("filer")
    filer.post(f"/declarations/{declaration.pk}/monitoring/", monitoring_post(declaration, yellow_at=0))
    record = MonitoringRecord.objects.get()
    pdf = client_for("auditor").get(f"/declarations/{declaration.pk}/monitoring/{record.pk}/download/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = openpyxl.load_workbook(io.BytesIO(client_for("finance").get(
        f"/declarations/{declaration.pk}/monitoring/{record.pk}/download/xlsx/").content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "项目支出绩效目标执行监控表" and ["监控期间", "1-7月"] in [v[:2] for v in values]
    assert any(v[2] == "服务新开办企业数量" and v[7] == "黄灯" for v in values if len(v) > 7)
    assert client_for("outsider").get(f"/declarations/{declaration.pk}/monitoring/{record.pk}/download/pdf/") \
        .status_code == 403

    filer.post(f"/declarations/{declaration.pk}/evaluation/", evaluation_post(declaration))
    workbook = filer.get(f"/declarations/{declaration.pk}/evaluation/download/xlsx/").content
    assert str(read_evaluation_workbook(workbook, "x.xlsx").total) == "99.58"
    pdf = filer.get(f"/declarations/{declaration.pk}/evaluation/download/pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_dashboard_is_reused_and_renewed_when_monitoring_changes() -> None:
    from django.db import connection

    finance = client_for("finance")
    before = finance.get("/dashboard/?year=2022").content.decode()
    assert "<td>黄灯</td>" not in before
    with connection.cursor() as cursor:  # the figures were kept for the bureau's other viewers
        cursor.execute("SELECT COUNT(*) FROM jixiao_cache WHERE cache_key LIKE %s", ["%dashboard:%"])
        assert cursor.fetchone()[0] == 1
    declaration = centre_published()
    client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/", monitoring_post(declaration, yellow_at=0))
    after = finance.get("/dashboard/?year=2022").content.decode()
    assert "<td>黄灯</td><td>1</td>" in after


def test_text_typed_into_monitoring_is_never_a_formula_in_its_excel() -> None:
    declaration = centre_published()
    post = monitoring_post(declaration, yellow_at=0)
    post["measures-0"] = '=HYPERLINK("http://example.invalid","点击")'
    client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/", post)
    record = MonitoringRecord.objects.get()
    content = client_for("filer").get(f"/declarations/{declaration.pk}/monitoring/{record.pk}/download/xlsx/").content
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith("=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.parametrize(("change", "message"), [
    ({"budget": "1", "executed": "100001"}, "1-7月执行数是调整后预算数的 100001 倍"),
    ({"executed": "NaN"}, "“1-X月执行数”应为数字（填写的是“NaN”）"),
    ({"executed": "1e30"}, "“1-X月执行数”数字过大"),
    ({"to_date-0": "1e15"}, "数字过大（填写的是“1e15”）"),
])
def test_monitoring_numbers_no_page_can_store_are_refused(change: dict[str, str], message: str) -> None:
    declaration = centre_published()
    filer = client_for("filer")
    response = filer.post(f"/declarations/{declaration.pk}/monitoring/", {**monitoring_post(declaration), **change})
    assert response.status_code == 400 and message in response.content.decode()
    assert not MonitoringRecord.objects.exists()
    assert filer.get(f"/declarations/{declaration.pk}/monitoring/").status_code == 200


def test_a_monitoring_forecast_a_thousand_times_the_target_is_stored_and_shown() -> None:
    declaration = centre_published()
    filer = client_for("filer")
    post = {**monitoring_post(declaration), "to_date-0": "9999999999999", "forecast-0": "9999999999999"}
    assert filer.post(f"/declarations/{declaration.pk}/monitoring/", post).status_code == 302
    item = MonitoringRecord.objects.get().items.get(position=0)
    assert (str(item.progress), str(item.forecast_share)) == ("1000.00", "1000.00")
    for page in (f"/declarations/{declaration.pk}/monitoring/", f"/declarations/{declaration.pk}/evaluation/",
                 "/dashboard/"):
        assert client_for("finance").get(page).status_code == 200


def test_a_score_too_long_to_compute_is_a_located_problem() -> None:
    declaration = centre_published()
    response = client_for("filer").post(f"/declarations/{declaration.pk}/evaluation/",
                                        evaluation_post(declaration, **{"score-8": "1e40"}), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "“得分”的数字位数过多（填写的是“1e40”）" in response.content.decode()


def test_the_latest_monitoring_record_is_the_latest_period_not_the_last_entered() -> None:
    declaration = centre_published()
    filer = client_for("filer")
    six = {**monitoring_post(declaration), "months": "6"}
    three = {**monitoring_post(declaration, yellow_at=0), "months": "3"}  # filled in afterwards, with a yellow light
    assert filer.post(f"/declarations/{declaration.pk}/monitoring/", six).status_code == 302
    assert filer.post(f"/declarations/{declaration.pk}/monitoring/", three).status_code == 302
    latest = MonitoringRecord.objects.get(declaration=declaration, is_latest=True)
    assert latest.months == 6 and MonitoringRecord.objects.count() == 2
    assert Declaration.objects.get(pk=declaration.pk).monitoring_light == latest.worst_light == "green"


def test_a_monitoring_record_needs_a_budget_to_give_a_rate() -> None:
    declaration = centre_published()
    response = client_for("filer").post(f"/declarations/{declaration.pk}/monitoring/",
                                        {**monitoring_post(declaration), "budget": "0"})
    assert response.status_code == 400 and "调整后预算数应大于 0，否则执行率无法计算" in response.content.decode()


def test_the_dashboard_counts_a_project_once_while_its_adjustment_is_drafted() -> None:
    from django.core.cache import cache

    from jixiao.web.declarations.services import import_declaration, to_document

    published = centre_published()
    before = client_for("finance").get("/dashboard/?year=2022").content.decode()
    assert "<td>经常性项目</td><td>3</td>" in before
    adjusted = to_document(published).model_copy(update={"annual_goal": "调整后的年度目标"})
    second = import_declaration(document=adjusted, organisation=published.organisation, acting_user=None)
    assert second.version == 2
    cache.clear()  # the dashboard is reused for a short while
    after = client_for("finance").get("/dashboard/?year=2022").content.decode()
    assert "<td>经常性项目</td><td>3</td>" in after
