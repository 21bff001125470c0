"""Large exports in the background: the request only queues the work; a worker builds the file."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from jixiao.formats.json_io import dumps
from jixiao.formats.pdf import write_pdf
from jixiao.formats.xlsx import MAX_SHEETS, write_workbook

from ..audit.services import record
from .models import Export
from .selectors import ListFilters, declaration_list
from .services import to_document

FORMATS = {"xlsx": "Excel 工作簿（每张申报表一个工作表）", "pdf": "PDF（每张一个文件，打包为 zip）", "json": "JSON"}
PROGRESS_EVERY = 20
#: More forms than a workbook of the system reads back (one sheet each) go out as a zip of workbooks of this many.
FORMS_PER_WORKBOOK = MAX_SHEETS


@transaction.atomic
def start_export(*, user: AbstractBaseUser, filters: ListFilters, fmt: str) -> Export:
    export = Export.objects.create(user=user, fmt=fmt, filters=dataclasses.asdict(filters))
    record(actor=user, action="start_export", object_type="export", object_id=export.pk,
           after={"fmt": fmt, "filters": export.filters})
    transaction.on_commit(lambda: build_export.enqueue(export.pk))
    return export


@task()
def build_export(export_id: int) -> None:
    try:
        _build(export_id)
    except Exception as error:  # recorded for the waiting user, then raised again for the worker's log
        Export.objects.filter(pk=export_id).update(state=Export.State.FAILED, error=str(error)[:2000],
                                                   finished_at=timezone.now())
        raise


def _build(export_id: int) -> None:
    export = Export.objects.get(pk=export_id)
    user = get_user_model().objects.get(pk=export.user_id)
    declarations = declaration_list(user, ListFilters(**export.filters)).defer(None)
    ids = list(declarations.values_list("pk", flat=True))
    Export.objects.filter(pk=export_id).update(state=Export.State.RUNNING, total=len(ids))
    documents: list[Any] = []
    pdfs = io.BytesIO()
    archive = zipfile.ZipFile(pdfs, "w", zipfile.ZIP_DEFLATED) if export.fmt == "pdf" else None
    model = declarations.model
    for done, pk in enumerate(ids, start=1):
        declaration = model.objects.get(pk=pk)
        document = to_document(declaration)
        if archive is not None:
            archive.writestr(f"{pk}-{_member_name(document.name)}（{document.year}）.pdf", write_pdf(document))
        else:
            documents.append(document)
        if done % PROGRESS_EVERY == 0:
            Export.objects.filter(pk=export_id).update(done=done)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if archive is not None:
        archive.close()
        data, filename = pdfs.getvalue(), f"申报表-{stamp}.zip"
    elif export.fmt == "xlsx" and len(documents) > FORMS_PER_WORKBOOK:
        data, filename = _workbooks(documents, stamp), f"申报表-{stamp}.zip"
    elif export.fmt == "xlsx":
        data, filename = write_workbook(documents), f"申报表-{stamp}.xlsx"
    else:
        data, filename = dumps(documents, as_list=True).encode("utf-8"), f"申报表-{stamp}.json"
    Export.objects.filter(pk=export_id).update(state=Export.State.DONE, done=len(ids), data=data, filename=filename,
                                               finished_at=timezone.now())


def _workbooks(documents: list[Any], stamp: str) -> bytes:
    """A zip of workbooks, each of at most FORMS_PER_WORKBOOK forms, in list order."""
    stream = io.BytesIO()
    parts = range(0, len(documents), FORMS_PER_WORKBOOK)
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, start in enumerate(parts, start=1):
            chunk = documents[start : start + FORMS_PER_WORKBOOK]
            archive.writestr(f"申报表-{stamp}-第{part}部分（共{len(parts)}部分）.xlsx", write_workbook(chunk))
    return stream.getvalue()


def _member_name(name: str | None) -> str:
    """A project name as a file name inside the zip: no folders ("/../../.bashrc"), nothing Windows refuses."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]|\.\.', "_", name or "申报表")[:60]
