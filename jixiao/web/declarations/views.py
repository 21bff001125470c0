"""Pages of the declarations: views parse input, check access (``access.py``) and call services or selectors."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html_join
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jixiao.core.diff import diff_documents
from jixiao.core.documents import DocumentError, load_declaration, where_label
from jixiao.core.enums import LEVEL2_BY_LEVEL1, Basis, Category, Level1
from jixiao.core.review import SEVERITY_LABEL
from jixiao.core.targets import parse_target
from jixiao.core.workflow import EDITORS, PASSING_GRADES, STATUS_LABELS, TRANSITIONS_BY_ACTION, Grade, Status

from ..audit.models import AuditEvent
from .access import declaration_for_user, editable_organisations, published_declaration
from .models import Declaration
from .presentation import sheet
from .selectors import (
    SORTS,
    ListFilters,
    declaration_list,
    filter_choices,
    published_list,
    review_queue,
    waiting_for,
)
from .services import (
    ActionRefused,
    EditConflict,
    allowed_transitions,
    findings_for,
    import_declaration,
    import_plan,
    save_document,
    take_action,
    to_document,
)

PAGE_SIZE = 50
EXPORT_FORMATS = {"xlsx": "Excel", "pdf": "PDF（zip）", "json": "JSON"}
FUND_KEYS = ("total", "annual_request", "current_year_appropriation", "prior_year_carryover", "fiscal", "other")
INDICATOR_KEYS = ("level1", "level2", "name", "target", "basis", "basis_note")


def _int(value: str | None) -> int | None:
    """A whole number from a query or form field; None for anything else, and for one no column or date can hold."""
    try:
        number = int(value) if value else None
    except ValueError:
        return None
    return number if number is None or abs(number) < 1 << 31 else None


def _choice(value: str | None, allowed: list[str]) -> str:
    return value if value in allowed else ""


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "declarations/dashboard.html", {
        "waiting": waiting_for(request.user),
        "queue": review_queue(request.user),
    })


def list_filters(params: Any) -> ListFilters:
    """The list's filters from a query string or form: anything not understood is ignored."""
    return ListFilters(
        year=_int(params.get("year")),
        organisation=_int(params.get("unit")),
        category=_choice(params.get("category"), [c.value for c in Category]),
        status=_choice(params.get("status"), [s.value for s in Status]),
        has_errors=params.get("errors") == "1",
        q=params.get("q", "").strip()[:100],
        sort=params.get("sort", "-updated") if params.get("sort") in SORTS else "-updated",
    )


@login_required
@require_GET
def declaration_list_view(request: HttpRequest) -> HttpResponse:
    params = request.GET
    filters = list_filters(params)
    page = Paginator(declaration_list(request.user, filters), PAGE_SIZE).get_page(params.get("page"))
    query = params.copy()
    query.pop("page", None)
    choices = filter_choices(request.user)
    # Built here rather than in a template loop: a bureau's select lists hundreds of units on every request.
    unit_options = format_html_join("", '<option value="{}"{}>{}</option>', (
        (o.pk, " selected" if o.pk == filters.organisation else "", o.name) for o in choices["organisations"]))
    return render(request, "declarations/list.html", {
        "page": page, "filters": filters, "choices": choices, "unit_options": unit_options,
        "query": query.urlencode(),
        "statuses": STATUS_LABELS.items(), "categories": [c.value for c in Category],
        "own_units": editable_organisations(request.user), "export_formats": EXPORT_FORMATS,
    })


def _detail_context(declaration: Declaration) -> dict[str, Any]:
    document = to_document(declaration)
    comments = list(declaration.comments.select_related("author"))
    shaped = sheet(document, findings_for(document), comments)
    return {
        "declaration": declaration,
        "sheet": shaped,
        "form_comments": [c for c in comments if c.indicator_position is None] + shaped.loose_comments,
        "severity_label": SEVERITY_LABEL,
    }


@login_required
@require_GET
def declaration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    context = _detail_context(access.declaration)
    actions, withheld = allowed_transitions(access.declaration, access.roles, request.user)
    context.update(access=access, actions=actions, withheld_actions=withheld, grades=PASSING_GRADES)
    return render(request, "declarations/detail.html", context)


def _form_data(document_json: dict[str, Any]) -> dict[str, Any]:
    """What the edit form shows: the document's JSON shape, with blanks for absent values."""
    data = dict(document_json)
    data["funds"] = {key: "" if value is None else value for key, value in (data.get("funds") or {}).items()}
    for key in HEADER_KEYS:
        data[key] = data.get(key) or ""
    return data


HEADER_KEYS = ("name", "code", "category", "department", "implementing_unit", "start_date", "end_date", "overall_goal",
               "annual_goal")
#: What the editor always posts, a field left blank included: without one of them a save would blank that part of
#: the form. ("indicators" is an empty marker after the rows: a request cut off within them lacks it, and a form
#: whose rows were all removed posts no "ind-".)
POSTED_KEYS = ("row_version", "year", "amount_unit", *HEADER_KEYS, *(f"funds.{key}" for key in FUND_KEYS),
               "indicators")


_POSTED_LABELS = {"row_version": "版本号", "year": "年度", "amount_unit": "金额单位", "indicators": "指标表",
                  **{key: where_label(key) for key in (*HEADER_KEYS, *(f"funds.{key}" for key in FUND_KEYS))}}


def _incomplete_post(request: HttpRequest) -> str | None:
    """Why a posted edit is not the whole form (a truncated request, a hand-made one), or None."""
    missing = [_POSTED_LABELS.get(key, key) for key in POSTED_KEYS if key not in request.POST]
    if missing:
        return f"缺少字段：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}"
    if len({len(request.POST.getlist(f"ind-{key}")) for key in INDICATOR_KEYS}) > 1:
        return "各指标列的行数不一致"
    return None


def _posted_data(request: HttpRequest, declaration: Declaration) -> dict[str, Any]:
    post = request.POST
    columns = [post.getlist(f"ind-{key}") for key in INDICATOR_KEYS]
    indicators = []
    for values in zip(*columns, strict=False):
        item = dict(zip(INDICATOR_KEYS, (v.strip() for v in values), strict=True))
        if not any(item[key] for key in ("name", "target")):
            continue  # a blank row added and left empty
        for key in ("basis", "basis_note"):
            if not item[key]:
                item.pop(key)
        indicators.append(item)
    # The official form merges the 一级指标 and 二级指标 cells over their rows: a row added at the bottom joins its
    # group, the groups and the rows within them stay in page order.
    # (Only where every row names a 二级指标 of its 一级: a refused save shows the rows where the user left them,
    # for the errors to point at.)
    if all(item["level2"] in LEVEL2_BY_LEVEL1.get(item["level1"], ()) for item in indicators):
        first_place: dict[Any, int] = {}
        for place, item in enumerate(indicators):
            first_place.setdefault(item["level1"], place)
            first_place.setdefault((item["level1"], item["level2"]), place)
        indicators.sort(key=lambda item: (first_place[item["level1"]], first_place[(item["level1"], item["level2"])]))
    return {
        "schema": "jixiao/declaration@1",
        "year": post.get("year", "").strip() or declaration.year,
        **{key: post.get(key, "").strip() for key in HEADER_KEYS},
        "amount_unit": post.get("amount_unit") or declaration.amount_unit,
        "funds": {key: post.get(f"funds.{key}", "").strip() for key in FUND_KEYS},
        "indicators": indicators,
    }


def _picker_choices() -> dict[str, Any]:
    return {"level1s": [level.value for level in Level1], "bases": [b.value for b in Basis],
            "level2_groups": [(str(level1), names) for level1, names in LEVEL2_BY_LEVEL1.items()]}


def _edit_context(declaration: Declaration, data: dict[str, Any], row_version: int, **extra: Any) -> dict[str, Any]:
    return {
        "declaration": declaration, "data": data, "row_version": row_version,
        "comments": list(declaration.comments.select_related("author")),  # what the reviewers asked for
        **_picker_choices(), "categories": [c.value for c in Category],
        "severity_label": SEVERITY_LABEL, **extra,
    }


@login_required
@require_POST
def declaration_new(request: HttpRequest) -> HttpResponse:
    """A blank draft for the user's own unit, opened in the editor."""
    units = editable_organisations(request.user)
    unit = next((o for o in units if o.pk == _int(request.POST.get("unit"))), units[0] if units else None)
    if unit is None:
        raise PermissionDenied("只有填报人和单位负责人可以新建申报表")
    year = _int(request.POST.get("year"))
    name = request.POST.get("name", "").strip()[:500]
    if year is None or not 1990 <= year <= 2100 or not name:
        messages.error(request, "新建申报表需要填写项目名称和年度（如 2024）。")
        return redirect("declaration_list")
    document = load_declaration({"year": year, "name": name, "implementing_unit": unit.name})
    existing = import_plan(document, unit).latest
    if existing is not None:  # "new" never touches a form the project already has
        messages.error(request, f"“{name}”已有{year}年度的申报表（第{existing.version}版，{existing.status_label}），"
                                "请打开它修改，或换一个项目名称。")
        return redirect("declaration_detail", pk=existing.pk)
    declaration = import_declaration(document=document, organisation=unit, acting_user=request.user,
                                     source="新建")
    return redirect("declaration_edit", pk=declaration.pk)


@login_required
@require_http_methods(["GET", "POST"])
def declaration_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    declaration = access.declaration
    if not access.roles & EDITORS:
        raise PermissionDenied("只有本单位的填报人和单位负责人可以修改申报表")
    if not access.can_edit:
        messages.error(request, f"这张申报表当前状态为“{declaration.status_label}”，您不能修改。{declaration.lock_reason}")
        return redirect("declaration_detail", pk=pk)
    if request.method == "GET":
        document = to_document(declaration)
        return render(request, "declarations/edit.html", _edit_context(
            declaration, _form_data(document.to_json()), declaration.row_version,
            findings=findings_for(document)))
    if incomplete := _incomplete_post(request):
        return render(request, "400.html", {"reason": f"提交的申报表不完整（{incomplete}），没有保存任何内容。"},
                      status=400)
    data = _posted_data(request, declaration)
    row_version = _int(request.POST.get("row_version")) or 0
    if request.POST.get("overwrite"):  # after a conflict, the user chose to save over the newer version they saw
        row_version = _int(request.POST.get("overwrite")) or row_version
    try:
        document = load_declaration(data)
        findings = save_document(declaration=declaration, document=document, acting_user=request.user,
                                 expected_row_version=row_version)
    except DocumentError as error:
        return render(request, "declarations/edit.html", _edit_context(
            declaration, data, row_version, problems=error.problems), status=400)
    except EditConflict as error:
        declaration.refresh_from_db()
        return render(request, "declarations/edit.html", _edit_context(
            declaration, data, row_version, conflict=str(error)), status=409)
    except ActionRefused as error:
        messages.error(request, str(error))
        return redirect("declaration_detail", pk=pk)
    messages.success(request, f"已保存。审核发现 {sum(f.severity == 'error' for f in findings)} 个错误、"
                              f"{sum(f.severity == 'warning' for f in findings)} 个警告。")
    return redirect("declaration_edit", pk=pk)


@login_required
@require_GET
def indicator_row(request: HttpRequest) -> HttpResponse:
    """A blank indicator row for the editor (htmx)."""
    return render(request, "declarations/_indicator_row.html", {
        "item": {"level1": request.GET.get("level1", "产出指标"), "level2": "", "name": "", "target": ""},
        **_picker_choices(), "data": {"year": _int(request.GET.get("year")) or ""},
    })


@login_required
@require_GET
def target_preview(request: HttpRequest) -> HttpResponse:
    """How a target value reads, as it is typed (htmx)."""
    value = request.GET.get("ind-target", request.GET.get("value", ""))[:500]
    target = parse_target(value, _int(request.GET.get("year")))
    return render(request, "declarations/_target_preview.html", {"target": target, "value": value})


@login_required
@require_POST
def declaration_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    access = declaration_for_user(request, pk)
    indicator_comments = {}
    for key, text in request.POST.items():
        if key.startswith("comment-indicator-") and (position := _int(key.removeprefix("comment-indicator-"))) \
                is not None:
            indicator_comments[position] = text[:5000]
    try:
        take_action(declaration=access.declaration, action=action, roles=access.roles, acting_user=request.user,
                    comment=request.POST.get("comment", "")[:5000], indicator_comments=indicator_comments,
                    acknowledge_warnings=request.POST.get("acknowledge") == "1",
                    grade=_choice(request.POST.get("grade"), [g.value for g in Grade]))
    except ActionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已完成：{TRANSITIONS_BY_ACTION[action].label}。")
    return redirect("declaration_detail", pk=pk)


@login_required
@require_GET
def declaration_history(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    revisions = list(access.declaration.revisions.select_related("created_by"))
    numbers = {r.number: r for r in revisions}
    newer = numbers.get(_int(request.GET.get("b")) or 0) or (revisions[0] if revisions else None)
    older = numbers.get(_int(request.GET.get("a")) or 0) or (revisions[1] if len(revisions) > 1 else None)
    changes = diff_documents(older.document, newer.document) if older and newer else []
    return render(request, "declarations/history.html", {
        "declaration": access.declaration, "revisions": revisions, "older": older, "newer": newer,
        "changes": changes,
    })


@login_required
@require_GET
def declaration_audit(request: HttpRequest, pk: int) -> HttpResponse:
    access = declaration_for_user(request, pk)
    events = AuditEvent.objects.filter(object_type="declaration", object_id=pk).select_related("actor")
    return render(request, "declarations/audit.html", {"declaration": access.declaration, "events": events})


@require_GET
def public_list_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    page = Paginator(published_list(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "public/list.html", {"page": page, "q": q, "q_encoded": quote(q)})  # "C++", "C#"


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = published_declaration(pk)
    document = to_document(declaration)
    return render(request, "public/detail.html", {"declaration": declaration, "sheet": sheet(document, [])})
