"""Demo data: the organisation tree, one user per role, the five published seed forms and some drafts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from jixiao.core.documents import load_declaration
from jixiao.core.workflow import Role, Status
from jixiao.formats.json_io import seed_declarations

from .accounts.models import Organisation
from .accounts.services import create_organisation, create_user
from .declarations.services import import_declaration

DEMO_PASSWORD = "jixiao-demo"
FINANCE_BUREAU = "上海市松江区财政局"
SERVICE_CENTRE = "上海市松江区行政服务中心"
SUBDISTRICT = "上海市松江区方松街道办事处"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    organisation: str
    role: Role


DEMO_USERS = (
    DemoUser("filer", "张填报", SERVICE_CENTRE, Role.FILER),
    DemoUser("lead", "李负责", SERVICE_CENTRE, Role.UNIT_LEAD),
    DemoUser("reviewer", "王主管", SERVICE_CENTRE, Role.DEPARTMENT_REVIEWER),
    DemoUser("finance", "赵财政", FINANCE_BUREAU, Role.FINANCE_REVIEWER),
    DemoUser("auditor", "钱审计", FINANCE_BUREAU, Role.AUDITOR),
    DemoUser("admin", "孙管理", FINANCE_BUREAU, Role.ADMIN),
    DemoUser("outsider", "周街道", SUBDISTRICT, Role.FILER),
)


def demo_drafts() -> list:
    data = json.loads(resources.files("jixiao.data").joinpath("demo_drafts_2023.json").read_bytes(), parse_float=str)
    return [load_declaration(item) for item in data]


@transaction.atomic
def load_demo() -> dict[str, Organisation]:
    """Create the demo data in an empty database; does nothing if the finance bureau already exists."""
    existing = Organisation.objects.filter(name=FINANCE_BUREAU).first()
    if existing is not None:
        return {o.name: o for o in Organisation.objects.all()}
    bureau = create_organisation(name=FINANCE_BUREAU, kind=Organisation.Kind.FINANCE, parent=None)
    centre = create_organisation(name=SERVICE_CENTRE, kind=Organisation.Kind.DEPARTMENT, parent=bureau)
    subdistrict = create_organisation(name=SUBDISTRICT, kind=Organisation.Kind.DEPARTMENT, parent=bureau)
    organisations = {o.name: o for o in (bureau, centre, subdistrict)}
    for user in DEMO_USERS:
        create_user(username=user.username, password=DEMO_PASSWORD, full_name=user.full_name,
                    memberships=[(organisations[user.organisation], user.role)])
    for document in seed_declarations():
        import_declaration(document=document, organisation=centre, acting_user=None, status=Status.PUBLISHED,
                           source="2022年公开的绩效目标申报表（内置示例）")
    # This year's drafts, started from last year's published forms, as units do.
    for document in seed_declarations():
        draft = document.model_copy(update={
            "year": 2023,
            "start_date": document.start_date.replace(year=2023) if document.start_date else None,
            "end_date": document.end_date.replace(year=2023) if document.end_date else None,
        })
        import_declaration(document=load_declaration(draft.to_json()), organisation=centre, acting_user=None,
                           source="由2022年申报表复制")
    for document in demo_drafts():
        import_declaration(document=document, organisation=subdistrict, acting_user=None, source="演示草稿")
    return organisations
