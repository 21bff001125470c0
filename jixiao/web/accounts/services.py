"""Actions on organisations, users and memberships."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, User
from django.db import transaction

from jixiao.core.workflow import Role

from ..audit.services import record
from .models import Membership, Organisation


@transaction.atomic
def create_organisation(*, name: str, kind: str, parent: Organisation | None,
                        acting_user: AbstractBaseUser | None = None) -> Organisation:
    organisation = Organisation.objects.create(name=name, kind=kind, parent=parent)
    organisation.path = f"{parent.path if parent else '/'}{organisation.pk}/"
    organisation.save(update_fields=["path"])
    record(actor=acting_user, action="create_organisation", object_type="organisation", object_id=organisation.pk,
           after={"name": name, "kind": kind, "parent": parent.pk if parent else None})
    return organisation


@transaction.atomic
def create_user(*, username: str, password: str, full_name: str = "", memberships: list[tuple[Organisation, Role]],
                acting_user: AbstractBaseUser | None = None) -> User:
    user = User.objects.create_user(username=username, password=password, first_name=full_name)
    for organisation, role in memberships:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    record(actor=acting_user, action="create_user", object_type="user", object_id=user.pk,
           after={"username": username, "memberships": [[o.name, str(r)] for o, r in memberships]})
    return user


@transaction.atomic
def change_password(*, user: User, new_password: str) -> None:
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record(actor=user, action="change_password", object_type="user", object_id=user.pk)
