"""Writing the audit log: every action calls ``record`` inside its own transaction."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from jixiao.core.workflow import TRANSITIONS

from .models import AuditEvent

#: How the pages name each action of the log and of a declaration's versions.
ACTION_LABELS = {
    "import": "导入", "import_declaration": "导入", "upload": "上传文件", "import_upload": "上传导入", "edit": "编辑保存",
    "edit_declaration": "编辑保存", "record_monitoring": "填报运行监控", "save_self_evaluation": "保存绩效自评",
    "sign_self_evaluation": "审核确认绩效自评", "start_export": "导出", "login": "登录", "change_password": "修改密码",
    "create_user": "创建用户", "create_organisation": "创建组织",
    **{transition.action: transition.label for transition in TRANSITIONS},
}


def record(*, actor: AbstractBaseUser | None, action: str, object_type: str, object_id: int | None,
           before: Any = None, after: Any = None, reason: str = "") -> AuditEvent:
    return AuditEvent.objects.create(actor=actor if actor is not None and actor.is_authenticated else None,
                                     action=action, object_type=object_type, object_id=object_id, before=before,
                                     after=after, reason=reason)
