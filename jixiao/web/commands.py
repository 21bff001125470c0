"""The web system's side of the ``jixiao`` command: migrate, demo, serve, createuser, import, export."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, NamedTuple

DEFAULT_HOST = "127.0.0.1"


def setup(*, debug: bool | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jixiao.web.settings")
    if debug is not None:
        os.environ["JIXIAO_DEBUG"] = "1" if debug else "0"
    import django

    django.setup()


def migrate(verbosity: int = 1) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)
    call_command("createcachetable", verbosity=verbosity)


def serve(*, host: str = DEFAULT_HOST, port: int = 8000, workers: int | None = None, threads: int | None = None) -> None:
    """Serve with gunicorn: several worker processes, nothing shared between them but the database."""
    from gunicorn.app.base import BaseApplication

    from .wsgi import application

    class Server(BaseApplication):
        def load_config(self) -> None:
            options: dict[str, Any] = {
                "bind": f"{host}:{port}",
                "workers": workers or min(4, (os.cpu_count() or 1) * 2),
                "worker_class": "gthread",
                "threads": threads or int(os.environ.get("JIXIAO_THREADS", "2")),
                "accesslog": "-" if os.environ.get("JIXIAO_ACCESS_LOG") else None,
                "timeout": 60,
            }
            for key, value in options.items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    Server().run()


def worker() -> None:
    """Run background tasks (exports) until stopped; as many workers as wanted, on any machine."""
    from django.core.management import call_command

    call_command("db_worker", verbosity=0)


def demo(*, host: str, port: int, workers: int | None) -> None:
    from .demo import DEMO_PASSWORD, DEMO_USERS, load_demo

    migrate(verbosity=0)
    load_demo()
    print(f"jixiao 演示系统：http://{host}:{port}/ （公开目录：/public/）")
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for user in DEMO_USERS:
        print(f"  {user.username:10} {user.role.label:10} {user.organisation}")
    sys.stdout.flush()
    # One background worker beside the web server, so that large exports work out of the box.
    background = subprocess.Popen([sys.executable, "-m", "jixiao.cli", "worker"], env=os.environ.copy())
    try:
        serve(host=host, port=port, workers=workers)
    finally:
        background.terminate()
        background.wait(timeout=30)


def create_organisation_command(*, name: str, kind: str, parent: str | None) -> None:
    from .accounts.models import Organisation
    from .accounts.services import create_organisation

    parent_org = None
    if parent:
        parent_org = Organisation.objects.filter(name=parent).first()
        if parent_org is None:
            raise SystemExit(f"错误：没有名为“{parent}”的上级组织")
    if Organisation.objects.filter(name=name).exists():
        raise SystemExit(f"错误：组织“{name}”已存在")
    create_organisation(name=name, kind=kind, parent=parent_org)
    print(f"已创建组织 {name}")


def create_user_command(*, username: str, password: str, organisation: str, role: str, full_name: str) -> None:
    from jixiao.core.workflow import Role

    from .accounts.models import Organisation
    from .accounts.services import create_user

    try:
        org = Organisation.objects.get(name=organisation)
    except Organisation.DoesNotExist:
        raise SystemExit(f"错误：没有名为“{organisation}”的组织") from None
    create_user(username=username, password=password, full_name=full_name, memberships=[(org, Role(role))])
    print(f"已创建用户 {username}（{Role(role).label}，{organisation}）")


class ImportReport(NamedTuple):
    count: int  # declarations imported, or in a dry run found importable
    problems: list[str]  # a line for each file that was not imported
    reviewed: list[str]  # a line for each declaration the review found errors in
    notes: list[str]  # a line for each declaration that updates, adjusts or repeats one already stored


def import_files(paths: list[Path], organisation: str, *, publish: bool, dry_run: bool = False) -> ImportReport:
    """Import JSON, Excel, PDF files, .zip bundles and folders; each file all or nothing. A file of declarations
    to import as published is refused where the review finds an error in one: the workflow publishes none such."""
    from django.db import transaction

    from jixiao.core.review import Severity
    from jixiao.core.workflow import Status
    from jixiao.formats.files import read_bundle, read_folder
    from jixiao.formats.json_io import read_bytes

    from .accounts.models import Organisation
    from .declarations.services import findings_for, import_declaration, import_plans, import_refusals

    try:
        org = Organisation.objects.get(name=organisation)
    except Organisation.DoesNotExist:
        raise SystemExit(f"错误：没有名为“{organisation}”的组织") from None
    results = []
    for path in paths:
        results += read_folder(path) if path.is_dir() else read_bundle(read_bytes(path), str(path))
    count, problems, reviewed, notes = 0, [], [], []
    status = Status.PUBLISHED if publish else Status.DRAFT
    for result in results:
        if result.problem:
            problems.append(f"{result.name}: {result.problem}")
            continue
        plans = import_plans(result.documents, org, status)
        if refused := import_refusals(plans):
            problems += [f"{result.name}：{refusal}" for refusal in refused]
            continue
        notes += [f"{result.name}：“{d.name}”（{d.year}年度）{plan.message}" for d, plan in plans if plan.action != "create"]
        errors = [(document, [f for f in findings_for(document) if f.severity is Severity.ERROR])
                  for document in result.documents]
        found = [f"{result.name}：“{document.name}”审核发现 {len(found)} 个错误，如：{found[0].message}"
                 for document, found in errors if found]
        if publish and found:
            problems += [f"{line}；有错误的申报表不能作为已公开导入" for line in found]
            continue
        reviewed += found
        if not dry_run:
            with transaction.atomic():  # all of a file or none of it
                for document in result.documents:
                    import_declaration(document=document, organisation=org, acting_user=None, status=status,
                                       source=result.name)
        count += len(result.documents)
    return ImportReport(count, problems, reviewed, notes)


def export_json(output: Path, year: int | None, status: str | None) -> int:
    from jixiao.formats.json_io import dumps

    from .declarations.models import Declaration
    from .declarations.services import to_document

    queryset = Declaration.objects.prefetch_related("indicators").order_by("pk")
    if year:
        queryset = queryset.filter(year=year)
    if status:
        queryset = queryset.filter(status=status)
    documents = [to_document(d) for d in queryset]
    output.write_text(dumps(documents, as_list=True), encoding="utf-8")
    return len(documents)
