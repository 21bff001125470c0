"""Who sees and changes which declaration: the one place where access is decided.

Filers and unit leads act on their own unit's declarations. Reviewers, auditors and administrators see their
organisation and everything below it. Published declarations are public.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest

from jixiao.core.workflow import EDITABLE, EDITORS, Role, Status

from ..accounts.models import Membership, Organisation
from .models import Declaration

#: Roles that reach the whole subtree below the organisation where they are held.
SUBTREE_ROLES = frozenset({Role.DEPARTMENT_REVIEWER, Role.FINANCE_REVIEWER, Role.AUDITOR, Role.ADMIN})


def memberships(user: AbstractBaseUser) -> list[tuple[Role, Organisation]]:
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_jixiao_memberships", None)
    if cache is None:
        cache = [(Role(m.role), m.organisation) for m in Membership.objects.filter(user=user)
                 .select_related("organisation")]
        user._jixiao_memberships = cache  # type: ignore[attr-defined]
    return cache


def roles_at(user: AbstractBaseUser, organisation: Organisation) -> frozenset[Role]:
    """The roles ``user`` holds over ``organisation``: at it, or (for reviewing roles) at an ancestor."""
    roles = set()
    for role, held_at in memberships(user):
        if held_at.pk == organisation.pk or (role in SUBTREE_ROLES and organisation.path.startswith(held_at.path)):
            roles.add(role)
    return frozenset(roles)


def visible_organisations(user: AbstractBaseUser) -> Q:
    """A filter on Organisation-valued lookups named ``org``: every organisation the user may look into."""
    condition = Q(pk__in=[])
    for role, held_at in memberships(user):
        if role in SUBTREE_ROLES:
            condition |= Q(path__startswith=held_at.path)
        else:
            condition |= Q(pk=held_at.pk)
    return condition


def editable_organisations(user: AbstractBaseUser) -> list[Organisation]:
    """The units whose declarations this user fills in."""
    return list(dict.fromkeys(held_at for role, held_at in memberships(user) if role in EDITORS))


def visible_declarations(user: AbstractBaseUser) -> QuerySet[Declaration]:
    visible = visible_organisations(user)
    if not Organisation.objects.exclude(visible).exists():
        # A bureau that sees every unit: no filter, so that lists walk the "recent" index instead of sorting all.
        return Declaration.objects.all()
    return Declaration.objects.filter(organisation__in=Organisation.objects.filter(visible))


@dataclass(frozen=True)
class Access:
    declaration: Declaration
    roles: frozenset[Role]

    @property
    def can_edit(self) -> bool:
        return bool(self.roles & EDITORS) and Status(self.declaration.status) in EDITABLE

    @property
    def can_see_audit(self) -> bool:
        return bool(self.roles)


def declaration_for_user(request: HttpRequest, pk: int) -> Access:
    """The declaration ``pk`` if the user may see it, with their roles over it: 404 where there is none, 403 where
    it is not theirs to see (numbers are sequential: that one exists is no secret, and the user learns why)."""
    try:
        declaration = Declaration.objects.select_related("organisation", "project").get(pk=pk)
    except Declaration.DoesNotExist:
        raise Http404("没有这张申报表") from None
    roles = roles_at(request.user, declaration.organisation)
    if not roles:
        raise PermissionDenied("您无权查看这张申报表")
    return Access(declaration, roles)


def published_declaration(pk: int) -> Declaration:
    try:
        return Declaration.objects.get(pk=pk, status=Status.PUBLISHED)
    except Declaration.DoesNotExist:
        raise Http404("没有这张已公开的申报表") from None
