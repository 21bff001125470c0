"""Organisations (区 → 主管部门 → 实施单位) and the roles users hold in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from jixiao.core.workflow import ROLE_LABELS, Role


class Organisation(models.Model):
    class Kind(models.TextChoices):
        FINANCE = "finance", "财政部门"
        DEPARTMENT = "department", "主管部门"
        UNIT = "unit", "实施单位"

    name = models.CharField("名称", max_length=200, unique=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    #: "/1/4/9/": the ids from the root down; a subtree is one indexed prefix query.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="/")

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=30, choices=[(r.value, ROLE_LABELS[r]) for r in Role])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {ROLE_LABELS[Role(self.role)]}"


class LoginFailure(models.Model):
    """One failed login, for throttling; counted per username and per client address across all processes."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
