from __future__ import annotations

from decimal import InvalidOperation

from django import template
from django.contrib.auth.models import AbstractBaseUser

from jixiao.core.documents import where_label
from jixiao.core.numbers import amount_text
from jixiao.core.targets import parse_target
from jixiao.core.workflow import Status

from ...audit.services import ACTION_LABELS

register = template.Library()


@register.filter
def person(user: AbstractBaseUser | None) -> str:
    """How a page names a user: full name, else username; "系统" for what no user did."""
    if user is None:
        return "系统"
    return user.get_full_name() or user.get_username()


@register.filter
def amount(value: object) -> str:
    """An amount with thousands separators, as on the official form: 3,550,000 or 89.974."""
    try:
        return amount_text(value)
    except InvalidOperation:
        return str(value)


@register.filter
def place(path: str) -> str:
    """Where a finding or problem is, in words: 第5个指标的三级指标名称."""
    return where_label(path)


@register.filter
def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


@register.filter
def status_label(status: str) -> str:
    try:
        return Status(status).label
    except ValueError:
        return status


@register.inclusion_tag("declarations/_target_preview.html")
def target_reading(value: str | None, year: object) -> dict[str, object]:
    """How a target value reads, rendered with the page (the editor updates it as the user types)."""
    year = int(year) if str(year).isdigit() else None  # a refused save gives the year back as typed
    return {"value": value, "target": parse_target(value, year)}


@register.filter
def light_label(light: str) -> str:
    from ...evaluation.selectors import LIGHT_LABELS  # (the evaluation app loads after this one)

    return LIGHT_LABELS.get(light, light)
