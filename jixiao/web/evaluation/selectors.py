"""The dashboards' figures, aggregated in SQL over what the user may see."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.cache import cache
from django.db.models import Count, Sum

from jixiao.core.evaluation import money

from ..declarations.access import memberships, visible_declarations
from ..declarations.selectors import annual_request_yuan, current_versions
from .models import MonitoringItem, MonitoringRecord, SelfEvaluationRecord

LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "": "未监控"}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[object, ...]]


def dashboard(user: AbstractBaseUser, year: int | None) -> list[Chart]:
    """The dashboard's charts, reused for a short while by everyone with the same reach (a bureau's many viewers)."""
    scope = ",".join(sorted(f"{role}@{organisation.path}" for role, organisation in memberships(user)))
    generation = (MonitoringRecord.objects.order_by("-id").values_list("id", flat=True).first(),
                  SelfEvaluationRecord.objects.order_by("-updated_at").values_list("updated_at", flat=True).first())
    key = "dashboard:" + hashlib.sha256(f"{scope}|{year}|{generation}".encode()).hexdigest()
    return cache.get_or_set(key, lambda: _dashboard(user, year), settings.DASHBOARD_CACHE_SECONDS)


def _percent(value: object) -> Decimal | None:
    return None if value is None else money(Decimal(value))  # a budget of 0 has no execution rate


def _dashboard(user: AbstractBaseUser, year: int | None) -> list[Chart]:
    visible = visible_declarations(user)
    if year:
        visible = visible.filter(year=year)
    by_category = (current_versions(visible).values("category")
                   .annotate(n=Count("pk"), funds=Sum(annual_request_yuan())).order_by("category"))
    monitored = (MonitoringRecord.objects.filter(is_latest=True, declaration__in=visible)
                 .order_by(annual_request_yuan("declaration__").desc())
                 .values_list("declaration__name", "execution_rate", "time_progress", "budget_light")[:100])
    lights = current_versions(visible).values("monitoring_light").annotate(n=Count("pk")).order_by("monitoring_light")
    completion = (MonitoringItem.objects.filter(record__is_latest=True, record__declaration__in=visible)
                  .values("light").annotate(n=Count("pk")).order_by("light"))
    grades = (SelfEvaluationRecord.objects.filter(declaration__in=visible, state="signed").values("grade")
              .annotate(n=Count("pk")).order_by("grade"))
    return [
        Chart("funds", "按项目类别的年度资金申请额（元）", ("项目类别", "项目数", "年度资金申请额"),
              [(r["category"] or "未分类", r["n"], r["funds"] or Decimal(0)) for r in by_category]),
        Chart("execution", "预算执行率与序时进度（按最近一次监控）", ("项目", "执行率（%）", "序时进度（%）", "灯"),
              [(name, _percent(rate), _percent(progress), LIGHT_LABELS.get(light or "", light))
               for name, rate, progress, light in monitored]),
        Chart("lights", "监控灯分布", ("灯", "项目数"),
              [(LIGHT_LABELS.get(r["monitoring_light"], r["monitoring_light"]), r["n"]) for r in lights]),
        Chart("grades", "自评等级分布（已审核确认）", ("等级", "项目数"), [(r["grade"], r["n"]) for r in grades]),
        Chart("completion", "指标预计完成情况（按最近一次监控）", ("灯", "指标数"),
              [(LIGHT_LABELS.get(r["light"], r["light"]), r["n"]) for r in completion]),
    ]
