"""Downloads (PDF, Excel, blank template) and Excel upload with a dry run before the import."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.core.documents import Declaration as Document
from jixiao.formats.files import read_bundle
from jixiao.formats.pdf import write_pdf
from jixiao.formats.xlsx import blank_template, write_workbook

from .access import declaration_for_user, editable_organisations, published_declaration
from .exports import FORMATS, start_export
from .models import Declaration, Export, Upload
from .services import (
    ACTION_WORDS,
    ActionRefused,
    ImportPlan,
    findings_for,
    import_plans,
    import_refusals,
    import_upload,
    store_upload,
    to_document,
)
from .views import list_filters

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment_response(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _filename(declaration: Declaration, suffix: str) -> str:
    return f"{declaration.name or '申报表'}（{declaration.year}年度）.{suffix}"


@login_required
@require_GET
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    declaration = declaration_for_user(request, pk).declaration
    document = to_document(declaration)
    if fmt == "pdf":
        return attachment_response(write_pdf(document), "application/pdf", _filename(declaration, "pdf"))
    if fmt == "xlsx":
        return attachment_response(write_workbook([document]), XLSX, _filename(declaration, "xlsx"))
    raise Http404("没有这种格式")


@require_GET
def public_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = published_declaration(pk)
    return attachment_response(write_pdf(to_document(declaration)), "application/pdf", _filename(declaration, "pdf"))


@login_required
@require_GET
def template(request: HttpRequest) -> HttpResponse:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year + 1)
    except ValueError:
        year = timezone.localdate().year + 1
    year = min(max(year, 1990), 2100)
    return attachment_response(blank_template(year), XLSX, f"绩效目标申报表空白模板（{year}年度）.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Step 1: choose a file; it is read and checked, nothing is imported yet."""
    units = editable_organisations(request.user)
    if not units:
        raise PermissionDenied("只有填报人和单位负责人可以上传申报表")
    if request.method == "GET":
        return render(request, "declarations/upload.html", {"units": units})
    unit = next((o for o in units if str(o.pk) == request.POST.get("unit")), units[0])
    uploaded = request.FILES.get("file")
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if uploaded is None:
        return render(request, "declarations/upload.html", {"units": units, "error": "请选择要上传的文件。"}, status=400)
    if uploaded.size > limit:
        return render(request, "declarations/upload.html", {
            "units": units, "error": f"文件过大（{uploaded.size / 1048576:.1f} MB），上限为 {limit // 1048576} MB。"},
            status=400)
    name = (uploaded.name or "upload.xlsx")[:200]
    data = uploaded.read(limit + 1)
    stored = store_upload(acting_user=request.user, organisation=unit, name=name, data=data)
    return redirect("upload_check", pk=stored.pk)


@login_required
@require_GET
def upload_check(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: the dry run, file by file, with every problem located; a button imports the clean files."""
    stored = _own_upload(request, pk)
    results = read_bundle(bytes(stored.data), stored.name)
    summaries = []
    for result in results:
        plans = import_plans(result.documents, stored.organisation)
        forms = [_summary(document, plan) for document, plan in plans]
        refused = "；".join(import_refusals(plans))
        summaries.append({"name": result.name, "problem": result.problem or refused, "notes": result.notes,
                          "forms": forms})
    return render(request, "declarations/upload_check.html", {
        "upload": stored, "results": summaries,
        "importable": sum(len(s["forms"]) for s in summaries if not s["problem"]),
    })


def _summary(document: Document, plan: ImportPlan) -> dict[str, Any]:
    findings = findings_for(document)
    return {"name": document.name, "year": document.year, "indicators": len(document.indicators),
            "errors": sum(f.severity == "error" for f in findings),
            "warnings": sum(f.severity == "warning" for f in findings),
            "plan": plan}


@login_required
@require_POST
def upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: import what the dry run accepted."""
    stored = _own_upload(request, pk)
    try:
        done = import_upload(upload=stored, acting_user=request.user)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("upload_check", pk=pk)
    said = "、".join(f"{ACTION_WORDS[action]} {count} 张" for action, count in done.items() if count)
    messages.success(request, f"导入完成：{said or '没有导入任何申报表'}。")
    return redirect("/declarations/?status=draft")


def _own_upload(request: HttpRequest, pk: int) -> Upload:
    stored = get_object_or_404(Upload, pk=pk)
    if stored.user_id != request.user.pk or stored.organisation not in editable_organisations(request.user):
        raise PermissionDenied("这不是您上传的文件")
    return stored


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    fmt = request.POST.get("fmt", "xlsx")
    if fmt not in FORMATS:
        raise Http404("没有这种格式")
    export = start_export(user=request.user, filters=list_filters(request.POST), fmt=fmt)
    return redirect("export_status", pk=export.pk)


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    template = "declarations/_export_progress.html" if request.headers.get("HX-Request") else \
        "declarations/export.html"
    return render(request, template, {"export": export, "format_label": FORMATS.get(export.fmt, export.fmt)})


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    if export.state != Export.State.DONE:
        raise Http404("文件尚未生成")
    content_type = {"xlsx": XLSX, "zip": "application/zip", "json": "application/json"}[export.filename.rsplit(".", 1)[-1]]
    return attachment_response(bytes(export.data), content_type, export.filename)


def _own_export(request: HttpRequest, pk: int) -> Export:
    export = get_object_or_404(Export, pk=pk)
    if export.user_id != request.user.pk:
        raise PermissionDenied("这不是您的导出任务")
    return export
