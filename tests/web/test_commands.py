"""The database side of the `jixiao` command: import, export, createuser, and the production settings check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from jixiao.core.workflow import Status
from jixiao.web import commands
from jixiao.web.accounts.models import Organisation
from jixiao.web.declarations.models import Declaration
from jixiao.web.declarations.services import ActionRefused, import_declaration
from jixiao.web.demo import SUBDISTRICT
from tests.conftest import clean_form_data, declaration

pytestmark = pytest.mark.django_db
SEED = Path(__file__).resolve().parents[2] / "jixiao" / "data" / "seed_forms_2022.json"


def test_export_gives_back_exactly_what_was_imported(tmp_path: Path) -> None:
    out = tmp_path / "published.json"
    assert commands.export_json(out, year=2022, status="published") == 5
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(SEED.read_text(encoding="utf-8"))


def test_import_is_all_or_nothing_per_file(tmp_path: Path) -> None:
    good = tmp_path / "good.json"
    good.write_text(json.dumps([clean_form_data()], ensure_ascii=False), encoding="utf-8")
    bad_form = clean_form_data()
    bad_form["funds"]["total"] = "很多"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([clean_form_data(), bad_form], ensure_ascii=False), encoding="utf-8")
    before = Declaration.objects.count()
    count, problems, *_ = commands.import_files([bad, good], SUBDISTRICT, publish=False)
    assert count == 1 and len(problems) == 1
    assert "bad.json: [1].funds.total: “项目资金总额”应为数字" in problems[0]
    assert Declaration.objects.count() == before + 1


def test_a_dry_run_imports_nothing_and_a_zip_of_workbooks_imports_each(tmp_path: Path) -> None:
    import zipfile

    from jixiao.formats.json_io import seed_declarations
    from jixiao.formats.xlsx import write_workbook

    bundle = tmp_path / "units.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("a.xlsx", write_workbook(seed_declarations()[:2]))
        archive.writestr("b/c.xlsx", write_workbook(seed_declarations()[2:3]))
        archive.writestr("broken.xlsx", b"PK not really")
    before = Declaration.objects.count()
    count, problems, *_ = commands.import_files([bundle], SUBDISTRICT, publish=False, dry_run=True)
    assert (count, len(problems)) == (3, 1) and "broken.xlsx" in problems[0]
    assert Declaration.objects.count() == before
    count, problems, *_ = commands.import_files([bundle], SUBDISTRICT, publish=False)
    assert count == 3 and Declaration.objects.count() == before + 3


def test_a_form_with_review_errors_is_reported_and_not_published(tmp_path: Path) -> None:
    form = clean_form_data()
    form["indicators"][1]["target"] = "XX场"  # a placeholder: an error
    path = tmp_path / "forms.json"
    path.write_text(json.dumps([form], ensure_ascii=False), encoding="utf-8")
    before = Declaration.objects.count()
    report = commands.import_files([path], SUBDISTRICT, publish=False, dry_run=True)
    assert report.count == 1 and report.problems == []
    assert report.reviewed == [f"{path}：“{form['name']}”审核发现 1 个错误，如：第2个指标“健康讲座场次”的指标值“XX场”是未填写的占位符"]
    report = commands.import_files([path], SUBDISTRICT, publish=True)
    assert report.count == 0 and report.problems[0].endswith("有错误的申报表不能作为已公开导入")
    assert Declaration.objects.count() == before
    # two forms of the same name, one of them with the error: the file is still refused
    path.write_text(json.dumps([form, clean_form_data()], ensure_ascii=False), encoding="utf-8")
    report = commands.import_files([path], SUBDISTRICT, publish=True)
    assert report.count == 0 and len(report.problems) == 1 and Declaration.objects.count() == before
    with pytest.raises(ActionRefused, match="不能作为已批复或已公开的申报表导入"):  # nor through the service itself
        import_declaration(document=declaration(form), organisation=Organisation.objects.get(name=SUBDISTRICT),
                           acting_user=None, status=Status.PUBLISHED)


def test_createuser_gives_a_role_in_an_organisation() -> None:
    commands.create_user_command(username="newfiler", password="a-long-password", organisation=SUBDISTRICT,
                                 role="filer", full_name="新填报")
    user = User.objects.get(username="newfiler")
    assert user.check_password("a-long-password")
    assert [(m.organisation.name, m.role) for m in user.memberships.all()] == [(SUBDISTRICT, "filer")]


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jixiao.web.settings", "JIXIAO_DATA_DIR": str(tmp_path),
           "SECRET_KEY": "k" * 20 + "-production-secret-" + "x" * 30, "ALLOWED_HOSTS": "jixiao.example.gov.cn"}
    for key in ("JIXIAO_DEBUG", "JIXIAO_HTTPS", "JIXIAO_TESTING"):
        env.pop(key, None)
    result = subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_serve_without_demo_data_starts_from_organisations_and_users(tmp_path: Path) -> None:
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path), "JIXIAO_NEW_PASSWORD": "first-admin-password"}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    jixiao = str(Path(sys.executable).parent / "jixiao")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([jixiao, *args], capture_output=True, text=True, env=env, timeout=120)

    assert run("migrate").returncode == 0
    assert run("createorg", "某区财政局", "--kind", "finance").returncode == 0
    assert run("createorg", "某区教育局", "--kind", "department", "--parent", "某区财政局").returncode == 0
    missing = run("createorg", "某小学", "--kind", "unit", "--parent", "不存在的局")
    assert missing.returncode != 0 and "没有名为“不存在的局”的上级组织" in missing.stderr
    created = run("createuser", "admin1", "--organisation", "某区财政局", "--role", "admin", "--name", "管理员")
    assert created.returncode == 0, created.stderr
    assert "已创建用户 admin1（管理员，某区财政局）" in created.stdout
    short = run("createuser", "u2", "--organisation", "某区财政局", "--role", "filer",
                "--password-env", "NO_SUCH_VARIABLE")
    assert short.returncode == 2 and "至少 8 位的密码" in short.stderr


def _org() -> Organisation:
    return Organisation.objects.get(name=SUBDISTRICT)


def test_importing_a_form_again_does_not_make_a_second_declaration() -> None:
    document = declaration(clean_form_data())
    first = import_declaration(document=document, organisation=_org(), acting_user=None)
    again = import_declaration(document=document, organisation=_org(), acting_user=None)
    assert again.pk == first.pk and first.project.declarations.count() == 1
    assert first.revisions.count() == 1  # nothing changed, nothing recorded


def test_a_corrected_form_updates_the_draft_it_corrects_with_its_history() -> None:
    from jixiao.web.audit.models import AuditEvent
    from jixiao.web.declarations.services import to_document

    data = clean_form_data()
    first = import_declaration(document=declaration(data), organisation=_org(), acting_user=None)
    data["indicators"][0]["target"] = ">=2000人"
    corrected = import_declaration(document=declaration(data), organisation=_org(), acting_user=None)
    assert corrected.pk == first.pk and corrected.version == 1 and corrected.row_version == first.row_version + 1
    assert to_document(corrected).indicators[0].target == ">=2000人"
    assert corrected.revisions.count() == 2
    event = AuditEvent.objects.filter(object_id=first.pk, action="import_declaration").latest("id")
    assert event.before["indicators"][0]["target"] != ">=2000人"
    assert event.after["document"]["indicators"][0]["target"] == ">=2000人"


def test_a_form_under_review_is_not_overwritten_by_an_import() -> None:
    from jixiao.web.declarations.services import to_document

    data = clean_form_data()
    first = import_declaration(document=declaration(data), organisation=_org(), acting_user=None)
    Declaration.objects.filter(pk=first.pk).update(status=Status.SUBMITTED)
    before = to_document(Declaration.objects.get(pk=first.pk)).to_json()
    data["indicators"][0]["target"] = ">=2000人"
    with pytest.raises(ActionRefused, match="第1版待主管部门审核，不能用导入覆盖"):
        import_declaration(document=declaration(data), organisation=_org(), acting_user=None)
    assert to_document(Declaration.objects.get(pk=first.pk)).to_json() == before


def test_a_form_imported_over_an_approved_one_is_its_next_version(tmp_path: Path) -> None:
    data = clean_form_data()
    first = import_declaration(document=declaration(data), organisation=_org(), acting_user=None,
                               status=Status.PUBLISHED)
    data["indicators"][0]["target"] = ">=2000人"
    path = tmp_path / "adjusted.json"
    path.write_text(json.dumps([data], ensure_ascii=False), encoding="utf-8")
    report = commands.import_files([path], SUBDISTRICT, publish=False)
    assert report.count == 1 and report.problems == []
    assert report.notes == [f"{path}：“{data['name']}”（2023年度）第1版已公开，将新建第2版（调整）"]
    versions = list(Declaration.objects.filter(project=first.project).order_by("version")
                    .values_list("version", "status"))
    assert versions == [(1, "published"), (2, "draft")]


def test_the_command_imports_the_same_file_twice_as_one_declaration(tmp_path: Path) -> None:
    path = tmp_path / "forms.json"
    path.write_text(json.dumps([clean_form_data()], ensure_ascii=False), encoding="utf-8")
    before = Declaration.objects.count()
    commands.import_files([path], SUBDISTRICT, publish=False)
    report = commands.import_files([path], SUBDISTRICT, publish=False)
    assert report.notes == [f"{path}：“{clean_form_data()['name']}”（2023年度）与现有第1版内容相同，不重复导入"]
    assert Declaration.objects.count() == before + 1


def test_a_file_with_two_forms_of_one_project_is_refused_and_unnamed_forms_are_each_new(tmp_path: Path) -> None:
    path = tmp_path / "forms.json"
    second = clean_form_data()
    second["annual_goal"] = "另一版本"
    path.write_text(json.dumps([clean_form_data(), second], ensure_ascii=False), encoding="utf-8")
    before = Declaration.objects.count()
    report = commands.import_files([path], SUBDISTRICT, publish=False)
    assert report.count == 0 and report.problems == [
        f"{path}：文件中有两张“{second['name']}”（2023年度）的申报表，请只保留一张"]
    assert Declaration.objects.count() == before
    unnamed = {**clean_form_data(), "name": None}
    path.write_text(json.dumps([unnamed, {**unnamed, "annual_goal": "另一张"}], ensure_ascii=False), encoding="utf-8")
    assert commands.import_files([path], SUBDISTRICT, publish=False).count == 2
    assert Declaration.objects.count() == before + 2


def test_an_import_reads_the_status_it_acts_on_under_its_lock() -> None:
    from jixiao.web.declarations.services import import_plan

    data = clean_form_data()
    first = import_declaration(document=declaration(data), organisation=_org(), acting_user=None)
    Declaration.objects.filter(pk=first.pk).update(status=Status.SUBMITTED)  # submitted after the dry run
    plan = import_plan(declaration({**data, "annual_goal": "改过"}), _org(), lock=True)
    assert plan.action == "refuse" and plan.latest is not None and plan.latest.pk == first.pk
