from __future__ import annotations

from decimal import InvalidOperation

from django import template
from django.contrib.auth.models import AbstractBaseUser

from jixiao.core.numbers import amount_text

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
