"""Actions on declarations: each one typed, keyword-only, in one transaction, and written to the audit log."""

from __future__ import annotations

from collections import Counter
from typing import Any, NamedTuple

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from jixiao.core.documents import Declaration as Document
from jixiao.core.documents import load_declaration
from jixiao.core.review import PROFILES, Finding, Severity, review
from jixiao.core.workflow import (
    EDITABLE,
    EDITORS,
    LOCKED,
    PASSING_GRADES,
    TRANSITIONS_BY_ACTION,
    Role,
    Status,
    Transition,
    available,
    duty_conflict,
    transition_for,
)
from jixiao.formats.files import read_bundle

from ..accounts.models import Organisation
from ..audit.services import record
from .models import Declaration, Indicator, Project, ReviewComment, Revision, Upload


class ActionRefused(Exception):
    """An action the user may not take now; the message says why, in Chinese."""


class EditConflict(ActionRefused):
    """Someone else saved the declaration after this user opened it."""


def review_profile() -> str:
    return getattr(settings, "JIXIAO_REVIEW_PROFILE", "national-a")


def findings_for(document: Document) -> list[Finding]:
    return review(document, PROFILES[review_profile()])


# --------------------------------------------------------------------------------------------------------------
# Rows <-> document


def to_document(declaration: Declaration) -> Document:
    """The declaration as a ``jixiao/declaration@1`` document."""
    funds = {key: getattr(declaration, key) for key in
             ("total", "annual_request", "current_year_appropriation", "prior_year_carryover", "fiscal", "other")}
    indicators = []
    for row in declaration.indicators.all():
        item: dict[str, Any] = {"level1": row.level1, "level2": row.level2, "name": row.name, "target": row.target}
        for key in ("weight", "basis", "basis_note", "note"):
            value = getattr(row, key)
            if value not in (None, ""):
                item[key] = value
        indicators.append(item)
    return load_declaration({
        "schema": "jixiao/declaration@1",
        "year": declaration.year,
        "name": declaration.name,
        "code": declaration.code,
        "category": declaration.category,
        "project_type": declaration.project_type,
        "department": declaration.department,
        "implementing_unit": declaration.implementing_unit,
        "start_date": declaration.start_date,
        "end_date": declaration.end_date,
        "amount_unit": declaration.amount_unit,
        "funds": funds,
        "overall_goal": declaration.overall_goal,
        "annual_goal": declaration.annual_goal,
        "indicators": indicators,
    })


def _write(declaration: Declaration, document: Document) -> list[Finding]:
    """Put a document's content into the declaration's columns and indicator rows; returns its findings."""
    for key in ("name", "code", "project_type", "department", "implementing_unit", "overall_goal", "annual_goal"):
        setattr(declaration, key, getattr(document, key) or "")
    declaration.category = document.category or ""
    declaration.year = document.year
    declaration.start_date, declaration.end_date = document.start_date, document.end_date
    declaration.amount_unit = document.amount_unit
    for key, value in document.funds:
        setattr(declaration, key, value)
    findings = findings_for(document)
    counts = Counter(f.severity for f in findings)
    declaration.error_count = counts[Severity.ERROR]
    declaration.warning_count = counts[Severity.WARNING]
    declaration.info_count = counts[Severity.INFO]
    declaration.indicator_count = len(document.indicators)
    declaration.save()
    declaration.indicators.all().delete()
    Indicator.objects.bulk_create([
        Indicator(
            declaration=declaration, position=position, level1=item.level1, level2=item.level2, name=item.name,
            target=item.target, kind=target.kind, op=target.op or "", value=target.value, upper=target.upper,
            unit=target.unit or "", deadline=target.date, qual=target.qual or "", direction=target.direction,
            weight=item.weight, basis=item.basis or "", basis_note=item.basis_note or "", note=item.note or "",
        )
        for position, (item, target) in enumerate(zip(document.indicators, document.targets, strict=True))
    ])
    return findings


def _snapshot(declaration: Declaration, document: Document, action: str, actor: AbstractBaseUser | None) -> None:
    last = declaration.revisions.order_by("-number").values_list("number", flat=True).first() or 0
    Revision.objects.create(declaration=declaration, number=last + 1, document=document.to_json(),
                            status=declaration.status, action=action,
                            created_by=actor if actor is not None and actor.is_authenticated else None)


# --------------------------------------------------------------------------------------------------------------
# Actions


class ImportPlan(NamedTuple):
    """What importing a document does where its project (unit, name, code) already has a declaration of its year."""

    action: str  # "create", "update" (the editable latest version), "adjust" (a new version after the approved
    # one), "unchanged" (the latest version holds this very document) or "refuse" (under review)
    latest: Declaration | None
    message: str  # what the dry run says, in Chinese


UNNAMED_PROJECT = "（未命名项目）"


def project_key(document: Document) -> tuple[str, str]:
    """What identifies a document's project within its unit: its name and code."""
    return document.name or UNNAMED_PROJECT, document.code or ""


def import_plan(document: Document, organisation: Organisation, status: Status = Status.DRAFT, *,
                lock: bool = False) -> ImportPlan:
    """A form imported again (a unit uploads its corrected Excel) updates the version it corrects, rather than
    making a second declaration of the project that lists and totals count twice. An unnamed form is always new.
    ``lock``: hold the latest version's row until the transaction ends (the import then acts on what it read)."""
    if not document.name:
        return ImportPlan("create", None, "新建")
    name, code = project_key(document)
    versions = Declaration.objects.filter(project__organisation=organisation, project__name=name, project__code=code,
                                          year=document.year).order_by("-version")
    latest = (versions.select_for_update() if lock else versions).first()
    if latest is None:
        return ImportPlan("create", None, "新建")
    current = Status(latest.status)
    if current is status and to_document(latest).to_json() == document.to_json():
        return ImportPlan("unchanged", latest, f"与现有第{latest.version}版内容相同，不重复导入")
    if current in EDITABLE and status is Status.DRAFT:
        return ImportPlan("update", latest, f"更新现有第{latest.version}版（{latest.status_label}），修改记入版本历史")
    if current in LOCKED:
        return ImportPlan("adjust", latest, f"第{latest.version}版{latest.status_label}，将新建第{latest.version + 1}版（调整）")
    if current in EDITABLE:
        return ImportPlan("refuse", latest, f"第{latest.version}版为{latest.status_label}，不能作为{status.label}的申报表导入覆盖")
    return ImportPlan("refuse", latest, f"第{latest.version}版{latest.status_label}，不能用导入覆盖；请待审核退回后再导入")


def import_plans(documents: list[Document], organisation: Organisation,
                 status: Status = Status.DRAFT) -> list[tuple[Document, ImportPlan]]:
    """Each of a file's forms with what importing it would do."""
    return [(document, import_plan(document, organisation, status)) for document in documents]


def import_refusals(plans: list[tuple[Document, ImportPlan]]) -> list[str]:
    """Why a file's forms cannot be imported (each file is imported whole or not at all): a form whose project's
    version is under review, or two forms of one project and year in the file (the second would replace the first).
    """
    refusals, seen = [], set()
    for document, plan in plans:
        key = (*project_key(document), document.year)
        if document.name and key in seen:
            refusals.append(f"文件中有两张“{document.name}”（{document.year}年度）的申报表，请只保留一张")
        seen.add(key)
        if plan.action == "refuse":
            refusals.append(f"“{document.name}”（{document.year}年度）{plan.message}")
    return refusals


@transaction.atomic
def import_declaration(*, document: Document, organisation: Organisation, acting_user: AbstractBaseUser | None,
                       status: Status = Status.DRAFT, source: str = "") -> Declaration:
    """Store ``document`` as its project's declaration of its year, as ``import_plan`` says: a new project or
    version, or an update of the editable version it corrects; refused for a version under review."""
    plan = import_plan(document, organisation, status, lock=True)
    user = acting_user if acting_user is not None and acting_user.is_authenticated else None
    if plan.action == "refuse":
        raise ActionRefused(f"“{document.name}”（{document.year}年度）{plan.message}")
    if plan.action == "unchanged":
        assert plan.latest is not None
        return plan.latest
    if plan.action == "update":
        assert plan.latest is not None
        current = plan.latest  # locked by import_plan
        before = to_document(current).to_json()
        current.row_version += 1
        current.updated_by = user
        _write(current, document)
        _snapshot(current, document, "import", user)
        record(actor=user, action="import_declaration", object_type="declaration", object_id=current.pk,
               before=before, after={"status": current.status, "document": document.to_json()}, reason=source)
        return current
    name, code = project_key(document)
    if document.name:
        project, _ = Project.objects.get_or_create(organisation=organisation, name=name, code=code)
    else:  # an unnamed form is a project of its own until it is named
        project = Project.objects.create(organisation=organisation, name=name, code=code)
    version = plan.latest.version + 1 if plan.latest is not None else 1
    declaration = Declaration(project=project, organisation=organisation, year=document.year, version=version,
                              status=status, created_by=user, updated_by=user)
    now = timezone.now()
    if status in (Status.APPROVED, Status.PUBLISHED):
        declaration.approved_at = now
        declaration.lock_reason = "导入时已批复：指标已锁定，调整须走预算调整程序"
    if status is Status.PUBLISHED:
        declaration.published_at = now
    findings = _write(declaration, document)
    if status in (Status.APPROVED, Status.PUBLISHED) and (errors := [f for f in findings if f.severity is Severity.ERROR]):
        # the workflow approves no form with an error; an import does not either
        raise ActionRefused(f"“{document.name}”审核发现 {len(errors)} 个错误（如：{errors[0].message}），"
                            "不能作为已批复或已公开的申报表导入")
    _snapshot(declaration, document, "import", user)
    record(actor=user, action="import_declaration", object_type="declaration", object_id=declaration.pk,
           after={"status": str(status), "document": document.to_json()}, reason=source)
    return declaration


@transaction.atomic
def save_document(*, declaration: Declaration, document: Document, acting_user: AbstractBaseUser,
                  expected_row_version: int) -> list[Finding]:
    """Replace the declaration's content with ``document``; refused if someone saved it since it was opened."""
    current = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if current.row_version != expected_row_version:
        who = current.updated_by.get_full_name() or current.updated_by.username if current.updated_by else "其他用户"
        when = timezone.localtime(current.updated_at).strftime("%Y-%m-%d %H:%M:%S")
        raise EditConflict(f"保存失败：{who} 已于 {when} 修改了这张申报表。您的修改没有保存，仍保留在下面的表单中；"
                           "请打开最新版本核对后再保存。")
    if Status(current.status) not in EDITABLE:
        raise ActionRefused(f"这张申报表当前状态为“{current.status_label}”，不能修改。{current.lock_reason}")
    before = to_document(current).to_json()
    current.row_version += 1
    current.updated_by = acting_user
    findings = _write(current, document)
    _snapshot(current, document, "edit", acting_user)
    record(actor=acting_user, action="edit_declaration", object_type="declaration", object_id=current.pk,
           before=before, after=document.to_json())
    declaration.refresh_from_db()
    return findings


def acted_by(declaration: Declaration) -> dict[str, Any]:
    """Who took each workflow action of the declaration's current round (since its last submission: a return and a
    new submission start a new round), and under "edited", who changed its content before that submission (since
    the round before it ended)."""
    revisions = declaration.revisions.order_by("-number").values_list("action", "created_by")
    round_actions: dict[str, Any] = {}
    editors: set[int] = set()
    submitted = False
    for action, user in revisions:
        if not submitted:
            if action in TRANSITIONS_BY_ACTION:
                round_actions.setdefault(action, user)
            submitted = action == "submit"
        elif action in TRANSITIONS_BY_ACTION:
            break  # the round before
        elif user is not None:
            editors.add(user)  # an edit or an import of this round's content
    round_actions["edited"] = frozenset(editors)
    return round_actions


def allowed_transitions(declaration: Declaration, roles: frozenset[Role],
                        user: AbstractBaseUser) -> tuple[list[Transition], list[str]]:
    """The transitions the user may take now, allowed by a role and by four eyes; and why any other a role allows
    is withheld."""
    allowed, withheld = [], []
    acted = acted_by(declaration) if roles - EDITORS else {}
    for transition in available(Status(declaration.status), roles):
        conflict = duty_conflict(transition, user.pk, acted)
        if conflict is None:
            allowed.append(transition)
        else:
            withheld.append(f"{transition.label}：{conflict}")
    return allowed, withheld


@transaction.atomic
def take_action(*, declaration: Declaration, action: str, roles: frozenset[Role], acting_user: AbstractBaseUser,
                comment: str = "", indicator_comments: dict[int, str] | None = None,
                acknowledge_warnings: bool = False, grade: str = "") -> Declaration:
    """Move a declaration through the workflow (submit, review, return, approve, publish)."""
    current = Declaration.objects.select_for_update().get(pk=declaration.pk)
    status = Status(current.status)
    transition = transition_for(action, status, roles)
    if transition is None:
        raise ActionRefused(f"当前状态“{current.status_label}”下，您不能执行这一操作。")
    if conflict := duty_conflict(transition, acting_user.pk, acted_by(current)):
        raise ActionRefused(conflict)
    indicator_comments = {k: v.strip() for k, v in (indicator_comments or {}).items() if v.strip()}
    comment = comment.strip()
    document = to_document(current)
    if action == "submit":
        findings = findings_for(document)
        errors = [f for f in findings if f.severity is Severity.ERROR]
        if errors:
            raise ActionRefused(f"还有 {len(errors)} 个错误，修改后才能提交：{errors[0].message}")
        if any(f.severity is Severity.WARNING for f in findings) and not acknowledge_warnings:
            raise ActionRefused("这张申报表还有警告，请逐条确认后勾选“已阅知全部警告”再提交。")
    if grade and (not transition.gives_grade or grade not in PASSING_GRADES):
        raise ActionRefused("审核结论只在审核通过时给出，且应为“优”或“良”；评为“中”“差”的请退回修改。")
    if transition.needs_comment and not comment and not indicator_comments:
        raise ActionRefused("退回时请填写退回意见（针对整表或具体指标）。")
    before = {"status": str(status), "row_version": current.row_version}
    now = timezone.now()
    current.status = transition.target
    current.row_version += 1
    current.updated_by = acting_user
    if grade:
        current.grade = grade
    if transition.target is Status.SUBMITTED:
        current.submitted_at = now
    elif transition.target is Status.APPROVED:
        current.approved_at = now
        who = acting_user.get_full_name() or acting_user.get_username()
        current.lock_reason = (f"已于 {timezone.localtime(now):%Y-%m-%d} 由 {who} 批复，绩效目标已锁定；"
                               "如需调整，须按预算调整程序申请。")
    elif transition.target is Status.PUBLISHED:
        current.published_at = now
    current.save()
    stage = transition.label
    if comment:
        ReviewComment.objects.create(declaration=current, author=acting_user, text=comment, stage=stage)
    names = dict(current.indicators.values_list("position", "name"))
    for position, text in sorted(indicator_comments.items()):
        if position not in names:
            raise ActionRefused(f"第{position + 1}个指标不存在。")
        ReviewComment.objects.create(declaration=current, author=acting_user, text=text, stage=stage,
                                     indicator_position=position, indicator_name=names[position])
    _snapshot(current, document, action, acting_user)
    record(actor=acting_user, action=action, object_type="declaration", object_id=current.pk, before=before,
           after={"status": str(transition.target), "row_version": current.row_version, "grade": grade,
                  "comment": comment, "indicator_comments": {str(k): v for k, v in indicator_comments.items()}},
           reason=comment)
    declaration.refresh_from_db()
    return current


@transaction.atomic
def store_upload(*, acting_user: AbstractBaseUser, organisation: Organisation, name: str, data: bytes) -> Upload:
    """Keep an uploaded file for its dry run; nothing is imported yet."""
    upload = Upload.objects.create(user=acting_user, organisation=organisation, name=name, data=data)
    record(actor=acting_user, action="upload", object_type="upload", object_id=upload.pk,
           after={"name": name, "bytes": len(data), "organisation": organisation.pk})
    return upload


ACTION_WORDS = {"create": "新建", "update": "更新", "adjust": "新建下一版", "unchanged": "内容相同未重复导入"}


@transaction.atomic
def import_upload(*, upload: Upload, acting_user: AbstractBaseUser) -> Counter[str]:
    """Import a confirmed upload: every file whose dry run was clean, each file all or nothing; how many forms each
    plan (ACTION_WORDS) took."""
    if upload.imported_at is not None:
        raise ActionRefused("这个文件已经导入过了。")
    done: Counter[str] = Counter()
    created = []
    for result in read_bundle(bytes(upload.data), upload.name):
        plans = [] if result.problem else import_plans(result.documents, upload.organisation)
        if result.problem or import_refusals(plans):
            continue
        with transaction.atomic():
            for document, plan in plans:
                done[plan.action] += 1
                created.append(import_declaration(document=document, organisation=upload.organisation,
                                                  acting_user=acting_user, source=f"上传：{result.name}"))
    upload.imported_at = timezone.now()
    upload.save(update_fields=["imported_at"])
    record(actor=acting_user, action="import_upload", object_type="upload", object_id=upload.pk,
           after={"name": upload.name, "declarations": [d.pk for d in created], "actions": dict(done)})
    return done
