"""Writing the audit log: every action calls ``record`` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from .models import AuditEvent


def record(*, actor: AbstractBaseUser | None, action: str, object_type: str, object_id: int | None,
           before: Any = None, after: Any = None, reason: str = "") -> AuditEvent:
    return AuditEvent.objects.create(actor=actor if actor is not None and actor.is_authenticated else None,
                                     action=action, object_type=object_type, object_id=object_id, before=before,
                                     after=after, reason=reason)
