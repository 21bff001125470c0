"""Projects, declarations (one per project, year and version), their indicators, revisions and review comments.

The columns are the document's fields, so that a bureau can filter and aggregate in SQL; ``to_document()`` and
``services.save_document`` translate between a row set and a ``jixiao/declaration@1`` document, losing nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.core.enums import Basis, Category
from jixiao.core.workflow import STATUS_LABELS, Grade, Status

from ..accounts.models import Organisation

AMOUNT = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}


class Project(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="projects",
                                     verbose_name="实施单位")
    name = models.CharField("项目名称", max_length=500)
    code = models.CharField("项目编码", max_length=100, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Declaration(models.Model):
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="declarations")
    #: The project's unit, copied here so that access filters and lists need no join (set by the services).
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="declarations")
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    status = models.CharField("状态", max_length=30, choices=[(s.value, STATUS_LABELS[s]) for s in Status],
                              default=Status.DRAFT, db_index=True)
    #: Optimistic locking: every save increments it; a save that started from an older value is refused.
    row_version = models.PositiveIntegerField(default=1)

    name = models.CharField("项目名称", max_length=500, blank=True, default="", db_index=True)
    code = models.CharField("项目编码", max_length=100, blank=True, default="")
    category = models.CharField("项目类别", max_length=20, blank=True, default="",
                                choices=[(c.value, c.value) for c in Category], db_index=True)
    project_type = models.CharField("项目类型", max_length=100, blank=True, default="")
    department = models.CharField("主管部门", max_length=500, blank=True, default="")
    implementing_unit = models.CharField("实施单位", max_length=500, blank=True, default="")
    start_date = models.DateField("计划开始日期", null=True, blank=True)
    end_date = models.DateField("计划完成日期", null=True, blank=True)
    amount_unit = models.CharField("金额单位", max_length=4, default="元")
    total = models.DecimalField("项目资金总额", **AMOUNT)
    annual_request = models.DecimalField("年度资金申请总额", **AMOUNT)
    current_year_appropriation = models.DecimalField("当年财政拨款", **AMOUNT)
    prior_year_carryover = models.DecimalField("上年结转资金", **AMOUNT)
    fiscal = models.DecimalField("财政资金", **AMOUNT)
    other = models.DecimalField("其他资金", **AMOUNT)
    overall_goal = models.TextField("项目总目标", blank=True, default="")
    annual_goal = models.TextField("年度总目标", blank=True, default="")

    indicator_count = models.PositiveSmallIntegerField(default=0)
    error_count = models.PositiveSmallIntegerField(default=0, db_index=True)
    warning_count = models.PositiveSmallIntegerField(default=0)
    info_count = models.PositiveSmallIntegerField(default=0)

    #: The light of the latest monitoring record, for lists and dashboards (set by the monitoring service).
    monitoring_light = models.CharField("监控灯", max_length=6, blank=True, default="", db_index=True)
    grade = models.CharField("审核结论", max_length=2, blank=True, default="",
                             choices=[(g.value, g.value) for g in Grade])
    lock_reason = models.CharField("锁定原因", max_length=200, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "year", "version"], name="unique_declaration_version"),
        ]
        indexes = [
            models.Index(fields=["year", "status"], name="declaration_year_status"),
            models.Index(fields=["-updated_at", "-id"], name="declaration_recent"),
            models.Index(fields=["year", "status", "-updated_at", "-id"], name="declaration_year_status_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.year}年度）"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[Status(self.status)]


class Indicator(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField()
    level1 = models.CharField("一级指标", max_length=20)
    level2 = models.CharField("二级指标", max_length=30)
    name = models.CharField("三级指标", max_length=500)
    target = models.CharField("指标值", max_length=500, blank=True, default="")
    # The parsed target, as columns: what a bureau filters and aggregates on.
    kind = models.CharField(max_length=20)
    op = models.CharField(max_length=2, blank=True, default="")
    value = models.DecimalField(max_digits=34, decimal_places=8, null=True, blank=True)
    upper = models.DecimalField(max_digits=34, decimal_places=8, null=True, blank=True)
    unit = models.CharField(max_length=50, blank=True, default="")
    deadline = models.DateField(null=True, blank=True)
    qual = models.CharField(max_length=10, blank=True, default="")
    direction = models.CharField(max_length=4)
    weight = models.DecimalField("分值", **AMOUNT)
    basis = models.CharField("指标值设定依据", max_length=10, blank=True, default="",
                             choices=[(b.value, b.value) for b in Basis])
    basis_note = models.TextField(blank=True, default="")
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["declaration", "position"]
        constraints = [models.UniqueConstraint(fields=["declaration", "position"], name="unique_indicator_position")]


class Revision(models.Model):
    """The document as it was after each change: the version history and its diffs."""

    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    status = models.CharField(max_length=30)
    action = models.CharField(max_length=50)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declaration", "-number"]
        constraints = [models.UniqueConstraint(fields=["declaration", "number"], name="unique_revision_number")]


class ReviewComment(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="comments")
    #: The indicator's position when the comment was written; null for a comment on the whole form.
    indicator_position = models.PositiveSmallIntegerField(null=True, blank=True)
    indicator_name = models.CharField(max_length=500, blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField("意见")
    stage = models.CharField(max_length=50)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class Upload(models.Model):
    """A file uploaded for import, kept between its dry run and the user's confirmation (any server may serve either)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)
    imported_at = models.DateTimeField(null=True, blank=True)


class Export(models.Model):
    """A download of many declarations, built in the background; the file is kept here for any server to hand out."""

    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "生成中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(max_length=10)
    filters = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=255, blank=True, default="")
    data = models.BinaryField(null=True)
    error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
