"""Monitoring records (双监控) and the year-end self-evaluation of an approved declaration."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from ..declarations.models import Declaration

AMOUNT = {"max_digits": 20, "decimal_places": 6, "null": True, "blank": True}
LIGHTS = [("green", "绿灯"), ("yellow", "黄灯"), ("red", "红灯")]


class MonitoringRecord(models.Model):
    declaration = models.ForeignKey(Declaration, on_delete=models.CASCADE, related_name="monitoring")
    months = models.PositiveSmallIntegerField("监控期间（1-X月）")
    budget = models.DecimalField("调整后预算数", **AMOUNT)
    executed = models.DecimalField("1-X月执行数", **AMOUNT)
    forecast = models.DecimalField("全年预计执行数", **AMOUNT)
    goal_progress = models.TextField("年度总目标执行情况", blank=True, default="")
    execution_rate = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    time_progress = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    budget_light = models.CharField(max_length=6, choices=LIGHTS)
    worst_light = models.CharField(max_length=6, choices=LIGHTS)
    #: The declaration's record of the latest period: what lists and dashboards show (kept by the monitoring service).
    is_latest = models.BooleanField(default=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["declaration", "-months", "-id"]


class MonitoringItem(models.Model):
    record = models.ForeignKey(MonitoringRecord, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=500)
    target = models.CharField(max_length=500)
    to_date = models.CharField("1-X月执行情况", max_length=200, blank=True, default="")
    forecast = models.CharField("全年预计完成情况", max_length=200, blank=True, default="")
    causes = models.JSONField("偏差原因", default=list)
    cause_note = models.TextField(blank=True, default="")
    possibility = models.CharField("完成目标可能性", max_length=10, blank=True, default="")
    measures = models.TextField("整改措施", blank=True, default="")
    progress = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    forecast_share = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    light = models.CharField(max_length=6, choices=LIGHTS)

    class Meta:
        ordering = ["record", "position"]


class SelfEvaluationRecord(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", "填写中"
        SIGNED = "signed", "已审核确认"

    declaration = models.OneToOneField(Declaration, on_delete=models.CASCADE, related_name="self_evaluation")
    document = models.JSONField()  # jixiao/self-evaluation@1
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    total = models.DecimalField(max_digits=7, decimal_places=2, null=True)
    grade = models.CharField(max_length=2, blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
