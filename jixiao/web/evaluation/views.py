"""Pages for monitoring and self-evaluation of one declaration, and the dashboards."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.core.monitoring import CAUSES, POSSIBILITIES
from jixiao.core.numbers import json_number
from jixiao.core.review import SEVERITY_LABEL
from jixiao.core.targets import parse_target
from jixiao.core.workflow import EDITORS, LOCKED, Status

from ..declarations.access import declaration_for_user
from ..declarations.services import ActionRefused, to_document
from .models import SelfEvaluationRecord
from .selectors import Chart, dashboard
from .services import (
    REVIEWERS,
    MonitoringRefused,
    draft_evaluation,
    evaluate,
    record_monitoring,
    save_evaluation,
    sign_evaluation,
    sign_refusal,
)

BANDS = ("达成", "部分达成", "未达成")


@login_required
@require_http_methods(["GET", "POST"])
def monitoring(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    declaration = access.declaration
    can_record = bool(access.roles & EDITORS) and Status(declaration.status) in LOCKED
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("只有本单位填报人和单位负责人可以填报已批复申报表的运行监控")
        post = request.POST
        count = len(declaration.indicators.all())
        items = [{"to_date": post.get(f"to_date-{i}", "").strip(), "forecast": post.get(f"forecast-{i}", "").strip(),
                  "possibility": post.get(f"possibility-{i}", ""), "causes": post.getlist(f"causes-{i}"),
                  "cause_note": post.get(f"cause_note-{i}", ""), "measures": post.get(f"measures-{i}", ""),
                  "band": post.get(f"band-{i}", "")} for i in range(count)]
        try:
            months = int(post.get("months", "0"))
            record_monitoring(declaration=declaration, acting_user=request.user, months=months,
                              budget=post.get("budget", "").strip(), executed=post.get("executed", "").strip(),
                              forecast=post.get("forecast", "").strip(), goal_progress=post.get("goal_progress", ""),
                              items=items)
        except MonitoringRefused as error:
            messages.error(request, f"有 {len(error.problems)} 个指标还不能保存，见下表中标出的行；已填写的内容都保留着。")
            return render(request, "evaluation/monitoring.html",
                          _monitoring_context(access, can_record, post, items, error.problems), status=400)
        except (ActionRefused, ValueError) as error:
            messages.error(request, str(error) if isinstance(error, ActionRefused) else "请选择监控期间。")
            return render(request, "evaluation/monitoring.html",
                          _monitoring_context(access, can_record, post, items), status=400)
        messages.success(request, "已保存运行监控记录。")
        return redirect("monitoring", pk=pk)
    return render(request, "evaluation/monitoring.html", _monitoring_context(access, can_record))


def _monitoring_context(access: Any, can_record: bool, post: Any = None, items: list[dict[str, Any]] | None = None,
                        problems: dict[int, str] | None = None) -> dict[str, Any]:
    """The monitoring page; after a refused save, what was entered in each row and what each row lacks."""
    declaration = access.declaration
    document = to_document(declaration)
    items, problems = items or [], problems or {}
    rows = [(i, indicator, target, items[i] if i < len(items) else {}, problems.get(i, ""))
            for i, (indicator, target) in enumerate(zip(document.indicators, document.targets, strict=True))]
    months = (post or {}).get("months", "")
    return {
        "declaration": declaration, "can_record": can_record, "post": post or {},
        "records": declaration.monitoring.prefetch_related("items"), "rows": rows,
        "causes": CAUSES, "possibilities": POSSIBILITIES, "bands": BANDS, "months": range(1, 13),
        "selected_month": int(months) if months.isdigit() else 7,
    }


def _posted_evaluation(request: HttpRequest, base: dict[str, Any]) -> dict[str, Any]:
    post = request.POST
    data = {**base, "budget": {**base["budget"]}}
    for key in ("full_year", "executed"):
        if f"budget-{key}" in post:
            data["budget"][key] = post[f"budget-{key}"].strip() or None
    indicators = []
    for i, item in enumerate(base["indicators"]):
        updated = dict(item)
        for key in ("actual", "weight", "score", "deviation_note", "achievement"):
            if f"{key}-{i}" in post:  # a field the form did not send keeps its value
                updated[key] = post.get(f"{key}-{i}", "").strip() or None
        if f"applicable-{i}" in post:
            updated["applicable"] = post[f"applicable-{i}"] == "1"
        indicators.append(updated)
    data["indicators"] = indicators
    return data


def _evaluation_context(declaration: Any, data: dict[str, Any], stored: SelfEvaluationRecord | None,
                        access: Any) -> dict[str, Any]:
    _, result, problems = evaluate(data)
    scores = dict(enumerate(s for _, s in result.indicators)) if result else {}
    return {
        "declaration": declaration, "data": data, "stored": stored, "result": result, "problems": problems,
        "rows": [(i, item, scores.get(i), _is_qualitative(item.get("target"), data.get("year")))
                 for i, item in enumerate(data["indicators"])], "bands": BANDS,
        "severity_label": SEVERITY_LABEL,
        "can_edit": bool(access.roles & EDITORS) and Status(declaration.status) in LOCKED
        and not (stored and stored.state == SelfEvaluationRecord.State.SIGNED),
        "reviewing": bool(access.roles & REVIEWERS) and stored is not None
        and stored.state == SelfEvaluationRecord.State.DRAFT,
        "can_sign": stored is not None and not sign_refusal(stored.document),
    }


def _is_qualitative(target: str | None, year: int | None) -> bool:
    return parse_target(target, year).kind in ("qualitative", "placeholder")


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    declaration = access.declaration
    stored = SelfEvaluationRecord.objects.filter(declaration=declaration).first()
    base = stored.document if stored else draft_evaluation(declaration)
    if request.method == "GET":
        return render(request, "evaluation/evaluation.html", _evaluation_context(declaration, base, stored, access))
    context = _evaluation_context(declaration, base, stored, access)
    if not context["can_edit"]:
        raise PermissionDenied("您不能修改这份自评")
    data = _posted_evaluation(request, base)
    if request.headers.get("HX-Request"):  # live scores while typing; nothing is saved
        return render(request, "evaluation/_scores.html", _evaluation_context(declaration, data, stored, access))
    try:
        save_evaluation(declaration=declaration, data=data, acting_user=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "自评已保存。")
    return redirect("evaluation", pk=pk)


@login_required
@require_POST
def evaluation_sign(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    stored = SelfEvaluationRecord.objects.filter(declaration=access.declaration).first()
    if stored is None:
        messages.error(request, "还没有自评可以确认。")
        return redirect("evaluation", pk=pk)
    try:
        sign_evaluation(evaluation=stored, acting_user=request.user, roles=access.roles)
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已审核确认自评。")
    return redirect("evaluation", pk=pk)


@login_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    charts = dashboard(request.user, year)
    if request.GET.get("download"):
        chart = next((c for c in charts if c.key == request.GET["download"]), None)
        if chart is None:
            raise Http404("没有这张图表")
        return _chart_workbook(chart)
    return render(request, "evaluation/dashboard.html", {
        "charts": charts, "year": year, "chart_data": [{"key": c.key, "title": c.title, "columns": c.columns,
                                                         "rows": [[json_number(v) for v in row] for row in c.rows]}
                                                        for c in charts]})




def _chart_workbook(chart: Chart) -> HttpResponse:
    from openpyxl import Workbook

    from jixiao.formats.xlsx import safe_cell

    from ..declarations.file_views import XLSX, attachment_response

    book = Workbook()
    sheet = book.active
    sheet.title = chart.key
    sheet.append([chart.title])
    sheet.append(list(chart.columns))
    for row in chart.rows:
        sheet.append([json_number(v) for v in row])
        for cell in sheet[sheet.max_row]:
            safe_cell(cell, cell.value)
    stream = io.BytesIO()
    book.save(stream)
    return attachment_response(stream.getvalue(), XLSX, f"{chart.title}.xlsx")


@login_required
@require_GET
def evaluation_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from ..declarations.file_views import XLSX, attachment_response
    from .documents import evaluation_pdf, evaluation_xlsx

    access = declaration_for_user(request, pk)
    stored = SelfEvaluationRecord.objects.filter(declaration=access.declaration).first()
    document, result, problems = evaluate(stored.document if stored else draft_evaluation(access.declaration))
    if result is None:
        messages.error(request, f"自评还不能评分，暂不能下载：{problems[0][1] if problems else ''}")
        return redirect("evaluation", pk=pk)
    name = f"{access.declaration.name}（{access.declaration.year}年度）绩效自评表"
    if fmt == "pdf":
        return attachment_response(evaluation_pdf(document, result), "application/pdf", f"{name}.pdf")
    if fmt == "xlsx":
        return attachment_response(evaluation_xlsx(document, result), XLSX, f"{name}.xlsx")
    raise Http404("没有这种格式")


@login_required
@require_GET
def monitoring_download(request: HttpRequest, pk: int, record_id: int, fmt: str) -> HttpResponse:
    from ..declarations.file_views import XLSX, attachment_response
    from .documents import monitoring_pdf, monitoring_xlsx

    access = declaration_for_user(request, pk)
    record = access.declaration.monitoring.filter(pk=record_id).first()
    if record is None:
        raise Http404("没有这条监控记录")
    levels = {i: (ind.level1, ind.level2) for i, ind in enumerate(to_document(access.declaration).indicators)}
    name = f"{access.declaration.name}（1-{record.months}月）绩效目标执行监控表"
    if fmt == "pdf":
        return attachment_response(monitoring_pdf(record, levels), "application/pdf", f"{name}.pdf")
    if fmt == "xlsx":
        return attachment_response(monitoring_xlsx(record, levels), XLSX, f"{name}.xlsx")
    raise Http404("没有这种格式")
