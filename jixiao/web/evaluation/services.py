"""Actions of the rest of the year: monitoring records, the self-evaluation and its sign-off."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from jixiao.core.documents import DocumentError, Indicator, SelfEvaluation, load_self_evaluation
from jixiao.core.evaluation import Result, ScoringInputError, default_weights, score
from jixiao.core.monitoring import (
    CAUSES,
    POSSIBILITIES,
    IndicatorMonitor,
    Light,
    budget_light,
    indicator_light,
    missing_explanation,
)
from jixiao.core.numbers import json_number
from jixiao.core.review import has_errors
from jixiao.core.targets import Target, coerce_decimal
from jixiao.core.workflow import LOCKED, Role, Status

from ..audit.services import record
from ..declarations.models import Declaration
from ..declarations.services import ActionRefused, to_document
from .models import MonitoringItem, MonitoringRecord, SelfEvaluationRecord

_ORDER = {Light.GREEN: 0, Light.YELLOW: 1, Light.RED: 2}
REVIEWERS = frozenset({Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER})


class MonitoringRefused(ActionRefused):
    """Indicators of a monitoring record that cannot be saved as filled in: position → what it lacks."""

    def __init__(self, problems: dict[int, str]) -> None:
        super().__init__("；".join(problems.values()))
        self.problems = problems


def _number(text: Any, label: str) -> Decimal | None:
    if text in (None, ""):
        return None
    value = coerce_decimal(str(text))
    if value is None:
        raise ActionRefused(f"“{label}”应为数字（填写的是“{text}”）")
    if abs(value) >= _TOO_LARGE:
        raise ActionRefused(f"“{label}”数字过大（填写的是“{text}”）")
    return value


_MOST_RATE = Decimal(1000)  # percent: ten times the budget spent is a typing error
_TOO_LARGE = Decimal("1e14")  # an amount has 14 digits before its point (documents.Amount)


@transaction.atomic
def record_monitoring(*, declaration: Declaration, acting_user: AbstractBaseUser, months: int, budget: Any,
                      executed: Any, forecast: Any, goal_progress: str, items: list[dict[str, Any]]
                      ) -> MonitoringRecord:
    """A 1-X月 monitoring record of an approved declaration, with the lights of RULES.md section 5."""
    if Status(declaration.status) not in LOCKED:
        raise ActionRefused("只有已批复的申报表才能填报运行监控。")
    if not 1 <= months <= 12:
        raise ActionRefused("监控期间应为 1-1月 到 1-12月。")
    budget_value = _number(budget, "调整后预算数")
    if budget_value is None:  # not typed: the declared annual amount
        budget_value = declaration.annual_request or Decimal(0)
    if budget_value <= 0:
        raise ActionRefused("调整后预算数应大于 0，否则执行率无法计算：请填写调整后预算数。")
    executed_value = _number(executed, "1-X月执行数")
    if executed_value is None:
        raise ActionRefused("请填写 1-X月执行数。")
    document = to_document(declaration)
    money_light = budget_light(months, budget_value, executed_value)
    if money_light.rate is not None and money_light.rate > _MOST_RATE:
        raise ActionRefused(f"1-{months}月执行数是调整后预算数的 {money_light.rate / 100:.0f} 倍，请核对两个金额及其单位。")
    rows, problems = [], {}
    for position, (indicator, target) in enumerate(zip(document.indicators, document.targets, strict=True)):
        item = items[position] if position < len(items) else {}
        try:
            rows.append((position, indicator, item, *_monitored(indicator, target, item, months, position)))
        except ActionRefused as error:
            problems[position] = str(error)
    if problems:
        raise MonitoringRefused(problems)
    monitor = MonitoringRecord.objects.create(
        declaration=declaration, months=months, budget=budget_value, executed=executed_value,
        forecast=_number(forecast, "全年预计执行数"), goal_progress=goal_progress.strip(),
        execution_rate=money_light.rate, time_progress=money_light.progress, budget_light=money_light.light,
        worst_light=money_light.light, created_by=acting_user)
    worst = money_light.light
    for position, indicator, item, causes, possibility, light in rows:
        MonitoringItem.objects.create(
            record=monitor, position=position, name=indicator.name, target=indicator.target,
            to_date=str(item.get("to_date") or "")[:200], forecast=str(item.get("forecast") or "")[:200],
            causes=causes, cause_note=(item.get("cause_note") or "")[:2000], possibility=possibility,
            measures=(item.get("measures") or "")[:2000], progress=light.progress, forecast_share=light.forecast,
            light=light.light)
        worst = max(worst, light.light, key=_ORDER.get)
    monitor.worst_light = worst
    monitor.save(update_fields=["worst_light"])
    # the latest is the one of the latest period: 1-3月 filled in after 1-6月 does not replace it
    records = MonitoringRecord.objects.filter(declaration=declaration)
    latest = records.order_by("-months", "-id").first()
    records.exclude(pk=latest.pk).update(is_latest=False)
    records.filter(pk=latest.pk).update(is_latest=True)
    Declaration.objects.filter(pk=declaration.pk).update(monitoring_light=latest.worst_light)
    record(actor=acting_user, action="record_monitoring", object_type="declaration", object_id=declaration.pk,
           after={"months": months, "budget_light": str(money_light.light), "worst_light": str(worst)})
    return monitor


def _monitored(indicator: Indicator, target: Target, item: dict[str, Any], months: int, position: int
               ) -> tuple[list[str], str, IndicatorMonitor]:
    """One indicator's causes, possibility and light as filled in; ActionRefused says what it still lacks."""
    label = f"第{position + 1}个指标“{indicator.name}”"
    quantitative = target.kind == "quantitative"
    to_date = _number(item.get("to_date"), f"{label}的1-{months}月执行情况") if quantitative else None
    expected = _number(item.get("forecast"), f"{label}的全年预计完成情况") if quantitative else None
    possibility = item.get("possibility") or ""
    if possibility and possibility not in POSSIBILITIES:
        raise ActionRefused(f"{label}的完成目标可能性应为：{'、'.join(POSSIBILITIES)}")
    causes = [c for c in item.get("causes", []) if c in CAUSES]
    light = indicator_light(target, indicator.level2, to_date, expected, possibility or None,
                            band=item.get("band") or None)
    missing = missing_explanation(light, causes, possibility or None, item.get("measures"))
    if missing:
        raise ActionRefused(f"{label}{light.explanation}，未达到绿灯：请{'、'.join(missing)}。")
    return causes, possibility, light


def draft_evaluation(declaration: Declaration) -> dict[str, Any]:
    """A self-evaluation document started from the approved declaration and its latest monitoring."""
    document = to_document(declaration)
    latest = declaration.monitoring.filter(is_latest=True).first()
    weights = default_weights(document.indicators)
    return {
        "schema": "jixiao/self-evaluation@1", "name": document.name or "", "year": document.year,
        "budget": {"initial": json_number(document.funds.annual_request),
                   "full_year": json_number(latest.budget if latest else document.funds.annual_request),
                   "executed": None, "weight": 10},
        "indicators": [{"level1": ind.level1, "level2": ind.level2, "name": ind.name, "target": ind.target,
                        "actual": None, "weight": json_number(weight)} for ind, weight in zip(document.indicators, weights,
                                                                                         strict=True)],
    }




def evaluate(data: dict[str, Any]) -> tuple[SelfEvaluation | None, Result | None, list[tuple[str, str]]]:
    """Load and score a self-evaluation: the document, its result, or the located problems."""
    try:
        document = load_self_evaluation(data)
    except DocumentError as error:
        return None, None, error.problems
    try:
        return document, score(document), []
    except ScoringInputError as error:
        return document, None, error.problems


@transaction.atomic
def save_evaluation(*, declaration: Declaration, data: dict[str, Any], acting_user: AbstractBaseUser
                    ) -> SelfEvaluationRecord:
    existing = SelfEvaluationRecord.objects.filter(declaration=declaration).first()
    if existing and existing.state == SelfEvaluationRecord.State.SIGNED:
        raise ActionRefused("自评已审核确认，不能再修改。")
    document, result, _ = evaluate(data)
    stored = document.to_json() if document else data
    evaluation, _ = SelfEvaluationRecord.objects.update_or_create(
        declaration=declaration,
        defaults={"document": stored, "updated_by": acting_user, "total": result.total if result else None,
                  "grade": result.grade if result else ""})
    record(actor=acting_user, action="save_self_evaluation", object_type="declaration", object_id=declaration.pk,
           before=existing.document if existing else None, after=stored)
    return evaluation


@transaction.atomic
def sign_refusal(data: dict[str, Any]) -> str:
    """Why a self-evaluation cannot be signed off as it is ("" when it can): incomplete, or with an error."""
    return _signable(data)[1]


def _signable(data: dict[str, Any]) -> tuple[Result | None, str]:
    _, result, problems = evaluate(data)
    if problems or result is None:
        return None, f"自评还不完整：{problems[0][1] if problems else ''}"
    if has_errors(result.findings):
        first = next(f for f in result.findings if f.severity == "error")
        return None, f"自评还有问题，不能确认：{first.message}"
    return result, ""


def sign_evaluation(*, evaluation: SelfEvaluationRecord, acting_user: AbstractBaseUser, roles: frozenset[Role]
                    ) -> None:
    if not roles & REVIEWERS:
        raise ActionRefused("只有主管部门或财政审核人可以审核确认自评。")
    if evaluation.state == SelfEvaluationRecord.State.SIGNED:
        raise ActionRefused("自评已审核确认。")
    result, refusal = _signable(evaluation.document)
    if result is None:
        raise ActionRefused(refusal)
    evaluation.state = SelfEvaluationRecord.State.SIGNED
    evaluation.signed_by, evaluation.signed_at = acting_user, timezone.now()
    evaluation.save(update_fields=["state", "signed_by", "signed_at"])
    record(actor=acting_user, action="sign_self_evaluation", object_type="declaration",
           object_id=evaluation.declaration_id, after={"total": str(result.total), "grade": result.grade})
