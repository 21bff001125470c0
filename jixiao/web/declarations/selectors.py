"""Reads: the querysets the pages list, with what they show computed in SQL."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, Count, DecimalField, Exists, F, OuterRef, Q, QuerySet, When

from jixiao.core.targets import MULTIPLIERS
from jixiao.core.workflow import EDITORS, Role, Status

from ..accounts.models import Organisation
from .access import memberships, visible_declarations, visible_organisations
from .models import Declaration

SORTS = {
    "name": "name",
    "-name": "-name",
    "year": "year",
    "-year": "-year",
    "funds": "annual_request_yuan",
    "-funds": "-annual_request_yuan",
    "errors": "error_count",
    "-errors": "-error_count",
    "updated": "updated_at",
    "-updated": "-updated_at",
}


#: What the list shows: the goal texts and the other long columns stay in the database.
LIST_COLUMNS = ("name", "year", "version", "status", "category", "annual_request", "amount_unit", "indicator_count",
                "error_count", "warning_count", "updated_at", "organisation__name", "monitoring_light")


def annual_request_yuan(path: str = "") -> Case:
    """年度资金申请总额 in 元, whatever unit each form was filled in (``path``: the declaration's, from another
    model): forms in 万元 and in 元 add up and sort together."""
    return Case(When(**{f"{path}amount_unit": "万元"}, then=F(f"{path}annual_request") * MULTIPLIERS["万"]),
                default=F(f"{path}annual_request"), output_field=DecimalField(max_digits=26, decimal_places=6))


@dataclass(frozen=True)
class ListFilters:
    year: int | None = None
    organisation: int | None = None
    category: str = ""
    status: str = ""
    has_errors: bool = False
    q: str = ""
    sort: str = "-updated"


def current_versions(declarations: QuerySet[Declaration]) -> QuerySet[Declaration]:
    """Each project's latest version of each year: what totals count once (an adjustment's draft, version 2, stands
    for the approved version 1 it will replace)."""
    newer = Declaration.objects.filter(project=OuterRef("project"), year=OuterRef("year"), version__gt=OuterRef("version"))
    return declarations.exclude(Exists(newer))


def declaration_list(user: AbstractBaseUser, filters: ListFilters) -> QuerySet[Declaration]:
    queryset = visible_declarations(user).select_related("organisation")
    if filters.year:
        queryset = queryset.filter(year=filters.year)
    if filters.organisation:
        queryset = queryset.filter(organisation_id=filters.organisation)
    if filters.category:
        queryset = queryset.filter(category=filters.category)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.has_errors:
        queryset = queryset.filter(error_count__gt=0)
    if filters.q:
        queryset = queryset.filter(name__icontains=filters.q)
    order = SORTS.get(filters.sort, "-updated_at")
    if order.endswith("annual_request_yuan"):
        queryset = queryset.alias(annual_request_yuan=annual_request_yuan())
    return queryset.only(*LIST_COLUMNS).order_by(order, "-id")


def filter_choices(user: AbstractBaseUser) -> dict[str, list]:
    organisations = Organisation.objects.filter(visible_organisations(user)).filter(kind__in=["unit", "department"])
    # The range of years on record (two index look-ups), rather than a scan for the distinct years one may see.
    by_year = Declaration.objects.order_by("year").values_list("year", flat=True)
    first, last = by_year.first(), by_year.last()
    years = range(last, first - 1, -1) if first is not None else range(0)
    return {"organisations": list(organisations), "years": list(years)}


@dataclass(frozen=True)
class Waiting:
    drafts: int
    returned: int
    to_review: int
    approved: int


def waiting_for(user: AbstractBaseUser) -> Waiting:
    """What waits for this user: their unit's drafts and returned forms, and what they are to review."""
    roles = {role for role, _ in memberships(user)}
    visible = visible_declarations(user)
    review_states = []
    if Role.DEPARTMENT_REVIEWER in roles:
        review_states.append(Status.SUBMITTED)
    if Role.FINANCE_REVIEWER in roles:
        review_states.append(Status.DEPARTMENT_PASSED)
    own = visible if roles & EDITORS else visible.none()
    counts = visible.aggregate(
        to_review=Count("pk", filter=Q(status__in=review_states)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
    )
    mine = own.aggregate(drafts=Count("pk", filter=Q(status=Status.DRAFT)),
                         returned=Count("pk", filter=Q(status=Status.RETURNED)))
    return Waiting(mine["drafts"], mine["returned"], counts["to_review"], counts["approved"])


def review_queue(user: AbstractBaseUser) -> QuerySet[Declaration]:
    roles = {role for role, _ in memberships(user)}
    states = []
    if Role.DEPARTMENT_REVIEWER in roles:
        states.append(Status.SUBMITTED)
    if Role.FINANCE_REVIEWER in roles:
        states.append(Status.DEPARTMENT_PASSED)
    if roles & EDITORS:
        states += [Status.DRAFT, Status.RETURNED]
    return (visible_declarations(user).filter(status__in=states).select_related("organisation")
            .order_by("-updated_at")[:20])


def published_list(q: str = "") -> QuerySet[Declaration]:
    queryset = Declaration.objects.filter(status=Status.PUBLISHED)
    if q:
        queryset = queryset.filter(Q(name__icontains=q) | Q(implementing_unit__icontains=q)
                                   | Q(department__icontains=q))
    return queryset.order_by("-published_at", "-id")
