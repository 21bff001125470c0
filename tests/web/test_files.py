"""Downloads and uploads in the web system."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.formats.pdf import read_pdf
from jixiao.formats.xlsx import read_workbook, write_workbook
from jixiao.web.declarations.models import Declaration, Upload
from jixiao.web.declarations.services import to_document
from tests.conftest import clean_form_data, declaration

from .conftest import PERSONAS, centre_draft, centre_published, client_for

pytestmark = pytest.mark.django_db
CENTRE = {"filer", "lead", "reviewer", "finance", "auditor", "admin"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_download_against_persona(persona: str, fmt: str) -> None:
    draft = centre_draft()
    response = client_for(persona).get(f"/declarations/{draft.pk}/download/{fmt}/")
    if persona in CENTRE:
        assert response.status_code == 200
        assert "attachment" in response["Content-Disposition"] and "filename*=utf-8''" in response["Content-Disposition"]
        content = response.content
        document = read_pdf(content, "x.pdf") if fmt == "pdf" else read_workbook(content, "x.xlsx")[0].document
        assert document == to_document(draft)
    elif persona == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code == 403


def test_the_public_can_download_the_pdf_of_a_published_form_only() -> None:
    anonymous = client_for("anonymous")
    response = anonymous.get(f"/public/{centre_published().pk}/pdf/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert anonymous.get(f"/public/{centre_draft().pk}/pdf/").status_code == 404


def test_the_blank_template_downloads_for_the_year_asked() -> None:
    response = client_for("filer").get("/declarations/template/?year=2025")
    [sheet] = read_workbook(response.content, "t.xlsx")
    assert sheet.problems == [] and sheet.document.year == 2025


def _upload(persona: str, data: bytes, name: str = "forms.xlsx") -> tuple[object, object]:
    client = client_for(persona)
    response = client.post("/declarations/upload/", {"file": SimpleUploadedFile(name, data)})
    return client, response


def test_an_upload_is_checked_first_and_imported_only_on_confirmation() -> None:
    good = declaration(clean_form_data())
    book = openpyxl.load_workbook(io.BytesIO(write_workbook([good, good.model_copy(update={"name": "第二张"})])))
    book.worksheets[1]["C7"] = "很多钱"
    stream = io.BytesIO()
    book.save(stream)
    before = Declaration.objects.count()
    client, response = _upload("filer", stream.getvalue())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "工作表“第二张”单元格 C7：“项目资金总额”应为数字（填写的是“很多钱”）" in page
    assert Declaration.objects.count() == before  # the dry run imported nothing
    upload = Upload.objects.get()
    from jixiao.web.audit.models import AuditEvent

    event = AuditEvent.objects.get(action="upload", object_id=upload.pk)  # the file kept is in the log too
    assert (event.actor.username, event.after["name"]) == ("filer", "forms.xlsx")
    # A file with a problem is not imported at all; nothing of it lands.
    assert "没有可以导入的申报表" in page
    assert client.post(f"/declarations/upload/{upload.pk}/confirm/").status_code == 302
    assert Declaration.objects.count() == before


def test_a_clean_upload_imports_as_drafts_of_the_unit() -> None:
    client, response = _upload("filer", write_workbook([declaration(clean_form_data())]))
    page = client.get(response["Location"]).content.decode()
    assert "确认导入 1 张申报表" in page
    upload = Upload.objects.get()
    client.post(f"/declarations/upload/{upload.pk}/confirm/")
    created = Declaration.objects.get(name="社区居民健康体检服务", organisation__name="上海市松江区行政服务中心")
    assert created.status == "draft" and created.indicator_count == 8
    second = client.post(f"/declarations/upload/{upload.pk}/confirm/", follow=True)
    assert "这个文件已经导入过了" in second.content.decode()


def test_uploads_are_for_editors_and_only_their_own() -> None:
    assert client_for("reviewer").get("/declarations/upload/").status_code == 403
    _upload("filer", write_workbook([declaration(clean_form_data())]))
    upload = Upload.objects.get()
    assert client_for("outsider").get(f"/declarations/upload/{upload.pk}/").status_code == 403
    assert client_for("lead").post(f"/declarations/upload/{upload.pk}/confirm/").status_code == 403


def test_an_unreadable_upload_is_reported_not_imported() -> None:
    client, response = _upload("filer", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xls")
    page = client.get(response["Location"]).content.decode()
    assert "不能导入：这是旧版 .xls 文件或加了密码的工作簿" in page


def run_queued_exports() -> None:
    """What the worker does with each queued export (the worker itself runs in the browser test's demo server)."""
    from django_tasks_db.models import DBTaskResult

    from jixiao.web.declarations.exports import build_export

    queued = list(DBTaskResult.objects.filter(task_path__endswith="build_export", status="READY"))
    assert queued, "the export was not queued in the database"
    for result in queued:
        build_export.call(*result.args_kwargs["args"])


def test_a_large_export_runs_in_the_background_and_is_downloaded(django_capture_on_commit_callbacks) -> None:
    from jixiao.web.declarations.models import Export

    client = client_for("finance")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/declarations/export/", {"fmt": "xlsx", "year": "2022"})
    export = Export.objects.get()
    assert response["Location"] == f"/exports/{export.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "排队中" in waiting and 'hx-trigger="every 1s"' in waiting
    assert client.get(f"/exports/{export.pk}/download/").status_code == 404
    run_queued_exports()
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "已完成：共 5 张" in fragment and "hx-trigger" not in fragment
    download = client.get(f"/exports/{export.pk}/download/")
    sheets = read_workbook(download.content, "x.xlsx")
    assert sorted(r.document.name for r in sheets) == sorted(d.name for d in Declaration.objects.filter(year=2022))
    assert client_for("auditor").get(f"/exports/{export.pk}/").status_code == 403


def test_a_pdf_export_is_a_zip_of_one_pdf_per_form(django_capture_on_commit_callbacks) -> None:
    import zipfile

    from jixiao.web.declarations.models import Export

    client = client_for("reviewer")
    Declaration.objects.filter(pk=centre_published().pk).update(name="/../../../../home/user/.bashrc#")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/declarations/export/", {"fmt": "pdf", "status": "published"})
    run_queued_exports()
    export = Export.objects.get()
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/exports/{export.pk}/download/").content))
    names = archive.namelist()
    assert len(names) == 5 and all(n.endswith(".pdf") for n in names)
    assert not any("/" in n or ".." in n for n in names)  # a project's name makes no folder when unpacked
    assert read_pdf(archive.read(names[0]), names[0]).year == 2022


def test_an_extracted_text_upload_lists_what_to_confirm() -> None:
    from pathlib import Path

    text = Path(__file__).resolve().parents[3] / "shared" / "seed" / "performance_targets_2022.txt"
    if not text.exists():
        pytest.skip("shared/seed is not beside this checkout")
    client, response = _upload("filer", text.read_bytes(), "published.txt")
    page = client.get(response["Location"]).content.decode()
    assert "确认导入 5 张申报表" in page and "请导入后逐条核对" in page and "待确认" in page


def _bad_workbooks() -> dict[str, bytes]:
    """The corpus of bad files of issue 4, as uploads."""
    import zipfile

    from tests.formats import test_pdf, test_xlsx

    good = write_workbook([declaration(clean_form_data())])
    book = openpyxl.load_workbook(io.BytesIO(good))
    book.active["C7"] = "很多钱"
    non_number = io.BytesIO()
    book.save(non_number)
    from msoffcrypto.format.ooxml import OOXMLFile

    encrypted = io.BytesIO()
    OOXMLFile(io.BytesIO(good)).encrypt("secret", encrypted)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            for _ in range(200):
                member.write(b"\0" * (1 << 20))
    return {
        "corrupt.xlsx": good[:2000],
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000,
        "password.xlsx": encrypted.getvalue(),
        "bomb.xlsx": bomb.getvalue(),
        "no-table.xlsx": test_xlsx._workbook([["项目名称", None, "某项目"], ["（2023年度）"]]),
        "non-number.xlsx": non_number.getvalue(),
        "scan.pdf": test_pdf._image_only_pdf(),
    }


def test_every_bad_file_is_answered_in_chinese_and_changes_nothing() -> None:
    before = (Declaration.objects.count(), list(Declaration.objects.order_by("pk").values_list("pk", "row_version")))
    client = client_for("filer")
    for name, data in _bad_workbooks().items():
        response = client.post("/declarations/upload/", {"file": SimpleUploadedFile(name, data)})
        page = client.get(response["Location"]).content.decode()
        assert "不能导入：" in page and "Traceback" not in page, name
        upload = Upload.objects.get(name=name)
        client.post(f"/declarations/upload/{upload.pk}/confirm/")
    after = (Declaration.objects.count(), list(Declaration.objects.order_by("pk").values_list("pk", "row_version")))
    assert after == before


def test_the_dry_run_says_what_an_upload_does_to_forms_already_stored() -> None:
    from jixiao.core.workflow import Status

    form = declaration(clean_form_data())
    client, response = _upload("filer", write_workbook([form]))
    client.post(f"/declarations/upload/{Upload.objects.get().pk}/confirm/")
    stored = Declaration.objects.get(name=form.name, organisation__name="上海市松江区行政服务中心")
    changed = form.model_copy(update={"annual_goal": "年度内完成体检2000人"})
    _, response = _upload("filer", write_workbook([changed]))
    page = client.get(response["Location"]).content.decode()
    assert "更新现有第1版（草稿），修改记入版本历史" in page and "确认导入 1 张申报表" in page
    Declaration.objects.filter(pk=stored.pk).update(status=Status.SUBMITTED)
    _, response = _upload("filer", write_workbook([changed]))
    page = client.get(response["Location"]).content.decode()
    assert f"不能导入：“{form.name}”（{form.year}年度）第1版待主管部门审核，不能用导入覆盖" in page
    assert "没有可以导入的申报表" in page
    client.post(f"/declarations/upload/{Upload.objects.latest('pk').pk}/confirm/")
    assert Declaration.objects.get(pk=stored.pk).annual_goal == form.annual_goal  # untouched
    assert Declaration.objects.filter(project=stored.project).count() == 1


def test_an_excel_export_of_more_forms_than_a_workbook_reads_back_is_a_zip_of_workbooks(
        django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from jixiao.web.declarations import exports
    from jixiao.web.declarations.models import Export

    monkeypatch.setattr(exports, "FORMS_PER_WORKBOOK", 2)
    client = client_for("finance")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/declarations/export/", {"fmt": "xlsx", "year": "2022"})
    run_queued_exports()
    export = Export.objects.get()
    assert "分为多个工作簿打包为 zip" in client.get(f"/exports/{export.pk}/").content.decode()
    download = client.get(f"/exports/{export.pk}/download/")
    assert download["Content-Type"] == "application/zip" and export.filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(download.content))
    names = archive.namelist()
    assert len(names) == 3 and all(n.endswith("（共3部分）.xlsx") for n in names)
    sheets = [sheet for name in names for sheet in read_workbook(archive.read(name), name)]
    assert [len(read_workbook(archive.read(n), n)) for n in names] == [2, 2, 1]
    assert sorted(s.document.name for s in sheets) == sorted(d.name for d in Declaration.objects.filter(year=2022))


def test_the_confirmation_says_what_each_form_became() -> None:
    book = write_workbook([declaration(clean_form_data())])
    client, _ = _upload("filer", book)
    page = client.post(f"/declarations/upload/{Upload.objects.get().pk}/confirm/", follow=True).content.decode()
    assert "导入完成：新建 1 张。" in page
    client, _ = _upload("filer", book)
    page = client.post(f"/declarations/upload/{Upload.objects.latest('pk').pk}/confirm/", follow=True).content.decode()
    assert "导入完成：内容相同未重复导入 1 张。" in page
