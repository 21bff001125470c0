"""Monitoring during the year (运行监控, 双监控): time progress, execution, forecasts and traffic lights.

RULES.md section 5. Thresholds come from the ``EvaluationProfile`` (one place for every configurable number).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .evaluation import DEFAULT_EVALUATION, HUNDRED, ONE, EvaluationProfile, money
from .targets import Kind, Target

POSSIBILITIES = ("确定能", "有可能", "完全不可能")
CAUSES = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
QUANTITY = "数量指标"


class Light(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"

    @property
    def label(self) -> str:
        return {Light.GREEN: "绿灯", Light.YELLOW: "黄灯", Light.RED: "红灯"}[self]


def time_progress(months: int) -> Decimal:
    """序时进度 of a 1-X月 window, in percent: 1-7月 is 58.33%."""
    if not 1 <= months <= 12:
        raise ValueError("监控期间应为 1-1月 到 1-12月")
    return Decimal(months) * HUNDRED / 12


@dataclass(frozen=True)
class BudgetMonitor:
    progress: Decimal  # percent
    rate: Decimal | None  # percent
    lag: Decimal | None  # points
    light: Light
    explanation: str


def budget_light(months: int, budget: Decimal, executed: Decimal,
                 profile: EvaluationProfile = DEFAULT_EVALUATION) -> BudgetMonitor:
    progress = time_progress(months)
    if not budget:
        return BudgetMonitor(money(progress), None, None, Light.RED, "调整后预算数为 0，无法计算执行率")
    rate = executed / budget * HUNDRED
    lag = progress - rate
    light = Light.GREEN if lag <= profile.lag_yellow else Light.YELLOW if lag <= profile.lag_red else Light.RED
    return BudgetMonitor(money(progress), money(rate), money(lag), light,
                         f"1-{months}月执行率 {money(rate)}%，序时进度 {money(progress)}%，"
                         f"滞后 {money(lag)} 个百分点（≤{profile.lag_yellow} 绿灯，≤{profile.lag_red} 黄灯，更多为红灯）")


_MOST_SHARE = Decimal(10)  # progress and forecast are shown up to 1000%: more says only that a number is wrong


@dataclass(frozen=True)
class IndicatorMonitor:
    progress: Decimal | None  # to-date share of the target, for cumulative quantities (percent)
    forecast: Decimal | None  # forecast completion f (percent)
    light: Light
    explanation: str
    needs_explanation: bool  # causes, possibility and measures must be filled in


def indicator_light(target: Target, level2: str, to_date: Decimal | None, forecast: Decimal | None,
                    possibility: str | None, band: str | None = None,
                    profile: EvaluationProfile = DEFAULT_EVALUATION) -> IndicatorMonitor:
    """The light of one indicator from its forecast (quantitative) or its band (qualitative)."""
    if target.kind is not Kind.QUANTITATIVE or target.value is None:
        light = {"达成": Light.GREEN, "部分达成": Light.YELLOW, "未达成": Light.RED}.get(band or "", Light.YELLOW)
        if possibility == "完全不可能":
            light = Light.RED
        return IndicatorMonitor(None, None, light, f"定性指标，预计“{band or '未评估'}”", light is not Light.GREEN)
    progress = None
    if level2 == QUANTITY and target.op in (">=", ">", "=") and to_date is not None and target.value:
        progress = money(min(to_date / target.value, _MOST_SHARE) * HUNDRED)
    if forecast is None:
        return IndicatorMonitor(progress, None, Light.YELLOW, "未填写全年预计完成值", True)
    reverse = target.op in ("<=", "<") or not target.value  # "=0起事故" is a ceiling, as at year end
    numerator, denominator = (target.value, forecast) if reverse else (forecast, target.value)
    share = min(numerator / denominator, _MOST_SHARE) if denominator else ONE
    if share < profile.forecast_yellow or possibility == "完全不可能":
        light = Light.RED
    elif share < ONE or possibility != "确定能":  # green needs both: forecast reached and 确定能
        light = Light.YELLOW
    else:
        light = Light.GREEN
    f = money(share * HUNDRED)
    return IndicatorMonitor(progress, f, light, f"全年预计完成 {f}%，完成可能性“{possibility or '未填写'}”",
                            light is not Light.GREEN or share < ONE)


def missing_explanation(monitor: IndicatorMonitor, causes: list[str], possibility: str | None,
                        measures: str | None) -> list[str]:
    """What an indicator off its target still lacks (RULES.md §5: whenever f < 100% or the light is not green,
    the unit ticks the causes, chooses 完成目标可能性 and describes corrective measures); empty when complete."""
    if not monitor.needs_explanation:
        return []
    missing = []
    if not any(cause in CAUSES for cause in causes):
        missing.append("勾选偏差原因")
    if possibility not in POSSIBILITIES:
        missing.append("选择完成目标可能性")
    if not (measures or "").strip():
        missing.append("填写整改措施")
    return missing
