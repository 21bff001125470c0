"""The `jixiao` command as users run it: the installed console script, real files, exit codes and stderr."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import clean_form_data

JIXIAO = shutil.which("jixiao", path=str(Path(sys.executable).parent)) or "jixiao"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JIXIAO, *args], capture_output=True, text=True, timeout=60,
                          env={**os.environ, **(env or {})})


def write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def assert_clean_failure(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    """Exit 2, a located Chinese message on stderr, never a traceback."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    for text in expected:
        assert text in result.stderr


def test_check_without_files_reviews_the_five_seed_forms() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("■ ") == 5
    assert "共审核 5 张申报表" in result.stdout
    assert "0 个错误，16 个警告，2 个提示" in result.stdout
    assert "[警告] indicators[1].target：年度总目标写“至少每半个月全面分析1次”" in result.stdout


def test_check_json_output_has_the_contract_shape() -> None:
    result = run("check", "--format", "json")
    payload = json.loads(result.stdout)
    assert [form["form"] for form in payload][:2] == ["窗口业务管理", "深化“一网通办”专项费用"]
    finding = payload[0]["findings"][0]
    assert set(finding) == {"rule", "severity", "where", "message", "hint"}
    assert finding["severity"] in ("error", "warning", "info")


def test_check_exits_1_when_a_form_has_an_error(tmp_path: Path) -> None:
    data = clean_form_data()
    data["funds"]["total"] = 1
    result = run("check", str(write_json(tmp_path / "form.json", data)))
    assert result.returncode == 1
    assert "[错误] funds.total：项目资金总额 1 元 小于年度资金申请总额 1,200,000 元" in result.stdout


def test_check_exits_0_on_a_correct_form_and_accepts_a_list_of_forms(tmp_path: Path) -> None:
    path = write_json(tmp_path / "forms.json", [clean_form_data(), clean_form_data()])
    result = run("check", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count("未发现问题。") == 2


def test_the_shared_seed_transcription_with_its_notes_is_readable() -> None:
    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "forms_2022.json"
    if not seed.exists():
        pytest.skip("shared/seed is not beside this checkout")
    result = run("check", str(seed), "--profile", "shanghai-2022")
    assert result.returncode == 0, result.stderr
    assert "0 个错误，11 个警告，2 个提示" in result.stdout


def _bad_files(tmp_path: Path) -> list[tuple[str, Path, tuple[str, ...]]]:
    cases: list[tuple[str, Path, tuple[str, ...]]] = []

    def add(name: str, content: bytes, *expected: str) -> None:
        path = tmp_path / f"{name}.json"
        path.write_bytes(content)
        cases.append((name, path, (str(path), *expected)))

    def add_form(name: str, change: Any, *expected: str) -> None:
        data = clean_form_data()
        change(data)
        add(name, json.dumps(data, ensure_ascii=False).encode(), *expected)

    add("empty", b"", "文件为空")
    add("blank", b"  \n ", "文件为空")
    add("gbk", "{\"name\": \"窗口业务管理\"}".encode("gbk"), "不是 UTF-8 编码的文本")
    add("invalid", b'{"year": 2022,\n "name": }', "第 2 行第 10 列", "JSON 格式错误：此处应为一个值")
    add("truncated", b'{"year": 2022, "name": "x', "JSON 格式错误：字符串没有结束引号")
    add("nan", b'{"year": 2022, "funds": {"total": NaN}}', "不允许的数值 NaN")
    add("array-of-nothing", b"[]", "文件中没有任何表单")
    add("not-an-object", b'"hello"', "申报表文档应为 JSON 对象")
    add_form("missing-year", lambda d: d.pop("year"), "year: 缺少必填项“年度”")
    add_form("year-as-text", lambda d: d.update(year="二〇二三"), "year: “年度”应为数字（填写的是“二〇二三”）")
    add_form("funds-as-text", lambda d: d["funds"].update(total="三百万"),
             "funds.total: “项目资金总额”应为数字（填写的是“三百万”）")
    add_form("negative", lambda d: d["funds"].update(other=-5), "funds.other: “其他资金”不能小于 0（填写的是“-5”）")
    add_form("unknown-level2", lambda d: d["indicators"][3].update(level2="效率指标"),
             "indicators[3].level2: 未知的二级指标“效率指标”")
    add_form("indicators-not-a-list", lambda d: d.update(indicators="很多"), "indicators: “绩效指标”应为列表")
    add_form("missing-target", lambda d: d["indicators"][2].pop("target"),
             "indicators[2].target: 缺少必填项“指标目标值”")
    add_form("bad-date", lambda d: d.update(start_date="2023年1月1日"), "start_date: “计划开始日期”应为日期")
    add_form("unknown-field", lambda d: d.update(budget=1), "budget: 不认识的字段“budget”")
    add_form("bad-category", lambda d: d.update(category="新增项目"), "category: “项目类别”的取值不在允许范围内")
    nested = "[" * 100000 + "]" * 100000
    add("deeply-nested", nested.encode(), "JSON 内容无效")
    return cases


def test_bad_input_gets_a_located_chinese_error_and_exit_2(tmp_path: Path) -> None:
    for name, path, expected in _bad_files(tmp_path):
        result = run("check", str(path))
        assert result.returncode == 2, name
        assert "Traceback" not in result.stderr, name
        for text in expected:
            assert text in result.stderr, (name, result.stderr)


def test_a_list_locates_the_form_inside_the_file(tmp_path: Path) -> None:
    second = clean_form_data()
    second["indicators"][0]["level1"] = "投入指标"
    path = write_json(tmp_path / "two.json", [clean_form_data(), second])
    assert_clean_failure(run("check", str(path)), "[1].indicators[0].level1: “一级指标”的取值不在允许范围内")


def test_a_50_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.write(b'{"year": 2022, "name": "')
        handle.seek(50 * 1024 * 1024)
        handle.write(b'"}')
    assert_clean_failure(run("check", str(path)), "文件过大（50.0 MB），超过 20 MB 的上限")


def test_a_missing_file_and_a_folder_without_forms_are_unreadable(tmp_path: Path) -> None:
    assert_clean_failure(run("check", str(tmp_path / "nope.json")), "文件不存在")
    (tmp_path / "说明.docx").write_bytes(b"not a form")
    assert_clean_failure(run("check", str(tmp_path)), "文件夹中没有申报表文件（.json、.xlsx、.pdf）")


def _a_folder_of_forms(root: Path) -> Path:
    """Seven forms in five files, one in a subfolder, one unreadable, one with an error, and a file to ignore."""
    (root / "二科").mkdir(parents=True)
    broken = clean_form_data()
    broken["funds"]["total"] = 1
    write_json(root / "a.json", clean_form_data())
    write_json(root / "b.json", [clean_form_data(), clean_form_data(), broken])
    write_json(root / "二科" / "c.json", [clean_form_data(), clean_form_data()])
    write_json(root / "二科" / "d.json", clean_form_data())
    (root / "e.json").write_text("{", encoding="utf-8")
    (root / "readme.md").write_text("不是申报表", encoding="utf-8")
    return root


def test_check_reviews_every_form_in_a_folder_in_order(tmp_path: Path) -> None:
    folder = _a_folder_of_forms(tmp_path / "forms")
    result = run("check", str(folder))
    assert result.returncode == 2  # e.json cannot be read: that outranks the error found in b.json
    sources = [line.rsplit("，", 1)[1].rstrip("）") for line in result.stdout.splitlines() if line.startswith("■")]
    files = ("a.json", "b.json", "b.json", "b.json", "二科/c.json", "二科/c.json", "二科/d.json")
    assert sources == [str(folder / name) for name in files]
    assert "共审核 7 张申报表" in result.stdout and "1 个错误" in result.stdout
    summary = result.stdout.split("按规则统计（涉及的申报表数，问题数）：\n", 1)[1]
    assert "  fund-total（项目资金总额不小于年度申请额）：1 张表，1 处\n" in summary
    assert "e.json" in result.stderr and "Traceback" not in result.stderr


def test_check_in_parallel_reports_exactly_what_one_process_reports(tmp_path: Path) -> None:
    folder = _a_folder_of_forms(tmp_path / "forms")
    for fmt in ("text", "json"):
        alone = run("check", str(folder), "--format", fmt)
        together = run("check", str(folder), "--format", fmt, "--jobs", "3")
        assert (together.returncode, together.stdout, together.stderr) == (alone.returncode, alone.stdout,
                                                                          alone.stderr)
    forms = json.loads(together.stdout)
    assert [len(f["findings"]) > 0 for f in forms].count(True) >= 1 and len(forms) == 7
    assert_clean_failure(run("check", str(folder), "--jobs", "-1"), "进程数不能为负数")


def test_one_unreadable_file_does_not_hide_the_others(tmp_path: Path) -> None:
    good = write_json(tmp_path / "good.json", clean_form_data())
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"")
    result = run("check", str(good), str(bad))
    assert result.returncode == 2
    assert "未发现问题。" in result.stdout and "文件为空" in result.stderr


def test_targets_prints_a_json_list_in_argument_order() -> None:
    result = run("targets", "=30000家", "12月底前", "提升", "--year", "2022", "--format", "json")
    assert result.returncode == 0
    parsed = json.loads(result.stdout)
    assert [p["kind"] for p in parsed] == ["quantitative", "deadline", "qualitative"]
    assert parsed[1]["date"] == "2022-12-31"
    assert parsed[2] == {"raw": "提升", "kind": "qualitative", "op": None, "value": None, "upper": None, "unit": None,
                         "date": None, "qual": "vague", "direction": "正向"}


def test_targets_text_output_reads_in_chinese() -> None:
    result = run("targets", ">=19900件")
    assert result.stdout == ">=19900件\tquantitative\t≥ 19900 件，正向\n"


def test_convert_to_json_round_trips_the_seed(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "jixiao" / "data" / "seed_forms_2022.json"
    out = tmp_path / "out.json"
    assert run("convert", str(seed), "--to", "json", "-o", str(out)).returncode == 0
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(seed.read_text(encoding="utf-8"))


def test_convert_to_pdf_takes_one_form_at_a_time(tmp_path: Path) -> None:
    seed = Path(__file__).resolve().parents[1] / "jixiao" / "data" / "seed_forms_2022.json"
    assert_clean_failure(run("convert", str(seed), "--to", "pdf", "-o", str(tmp_path / "x.pdf")),
                         "PDF 一次只能转换一张申报表（文件中有 5 张）")


def test_schema_prints_the_json_schema() -> None:
    schema = json.loads(run("schema", "declaration").stdout)
    assert schema["properties"]["schema"]["const"] == "jixiao/declaration@1"
    assert "indicators" in schema["properties"]
    assert "budget" in json.loads(run("schema", "self-evaluation").stdout)["properties"]


def test_a_wrong_call_exits_2_with_usage() -> None:
    result = run("check", "--format", "xml")
    assert result.returncode == 2
    assert "参数错误" in result.stderr


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_convert_round_trips_every_seed_form_through_excel_and_pdf(tmp_path: Path, fmt: str) -> None:
    seed = json.loads((Path(__file__).resolve().parents[1] / "jixiao" / "data" / "seed_forms_2022.json")
                      .read_text(encoding="utf-8"))
    for index, form in enumerate(seed):
        source = write_json(tmp_path / f"form{index}.json", form)
        converted = tmp_path / f"form{index}.{fmt}"
        back = tmp_path / f"form{index}.back.json"
        assert run("convert", str(source), "--to", fmt, "-o", str(converted)).returncode == 0
        assert run("convert", str(converted), "--to", "json", "-o", str(back)).returncode == 0
        assert json.loads(back.read_text(encoding="utf-8")) == form


def test_check_reads_excel_files_and_locates_problems_by_cell(tmp_path: Path) -> None:
    import io

    import openpyxl

    from jixiao.formats.xlsx import write_workbook
    from tests.conftest import declaration

    book = openpyxl.load_workbook(io.BytesIO(write_workbook([declaration(clean_form_data())])))
    book.active["C7"] = "很多"
    path = tmp_path / "form.xlsx"
    book.save(path)
    assert_clean_failure(run("check", str(path)), "单元格 C7：“项目资金总额”应为数字（填写的是“很多”）")


def _worked_example(tmp_path: Path, **changes: Any) -> Path:
    from tests.core.test_evaluation import worked

    return write_json(tmp_path / "evaluation.json", worked(**changes))


def test_score_prints_the_worked_example_with_explanations(tmp_path: Path) -> None:
    result = run("score", str(_worked_example(tmp_path)), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert (payload["total"], payload["grade"], payload["budget"]["score"]) == (91.9, "优", 9.2)
    assert payload["indicators"][3] == {"name": "故障响应时间", "score": 8.0,
                                        "explanation": "目标 ≤2小时，实际 2.5；比例法：得分 = 10.00 × 2 ÷ 2.5 = 8.00"}
    linear = json.loads(run("score", str(_worked_example(tmp_path)), "--format", "json", "--profile",
                            "national-linear").stdout)
    assert linear["total"] == 91.4
    assert "总分 91.90，等级：优" in run("score", str(_worked_example(tmp_path))).stdout


def test_score_exits_1_on_an_audit_error(tmp_path: Path) -> None:
    result = run("score", str(_worked_example(tmp_path, total=95, grade="良")))
    assert result.returncode == 1 and "填写的总分 95.00 与按规则计算的 91.90 不符" in result.stdout
    assert "总分 95.00 对应等级“优”，填写的是“良”" in result.stdout


@pytest.mark.parametrize(("change", "message"), [
    ({"indicators__1__weight": None}, "indicators[1].weight: 第2个指标“办理事项”缺少分值"),
    ({"indicators__1__actual": "基本完成"},
     "indicators[1].actual: 第2个指标“办理事项”是定量指标，实际完成值应为数字（填写的是“基本完成”）"),
    ({"indicators__4__achievement": "良好"}, "indicators[4].achievement: “达成情况”的取值不在允许范围内（填写的是“良好”）"),
])
def test_score_bad_input_is_located_with_exit_2(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    assert_clean_failure(run("score", str(_worked_example(tmp_path, **change))), message)


def test_score_says_which_files_a_self_evaluation_comes_in(tmp_path: Path) -> None:
    from jixiao.formats.json_io import seed_declarations
    from jixiao.formats.pdf import write_pdf

    pdf = tmp_path / "申报表.pdf"
    pdf.write_bytes(write_pdf(seed_declarations()[0]))
    assert_clean_failure(run("score", str(pdf)), "绩效自评表应为 JSON 或 Excel 文件，这是PDF文件")


def test_score_reads_a_self_evaluation_table_in_excel(tmp_path: Path) -> None:
    from jixiao.core.documents import load_self_evaluation
    from jixiao.core.evaluation import score
    from jixiao.formats.evaluation_xlsx import write_evaluation_workbook
    from tests.core.test_evaluation import WORKED

    evaluation = load_self_evaluation(WORKED)
    path = tmp_path / "自评表.xlsx"
    path.write_bytes(write_evaluation_workbook(evaluation, score(evaluation)))
    result = run("score", str(path), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 91.9


def test_a_folder_that_cannot_be_listed_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from unittest import mock

    from jixiao import cli

    # The suite runs as root, which reads every folder: the operating system's refusal is simulated.
    with mock.patch.object(Path, "rglob", side_effect=PermissionError(13, "Permission denied")):
        assert cli.main(["check", str(tmp_path)]) == 2
    assert f"错误：{tmp_path}：无法读取文件夹（Permission denied）" in capsys.readouterr().err


def test_export_refuses_an_unknown_status_and_a_folder_that_is_not_there(tmp_path: Path) -> None:
    env = {"JIXIAO_DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "jixiao.web.settings"}
    assert run("migrate", env=env).returncode == 0
    unknown = run("export", "-o", str(tmp_path / "x.json"), "--status", "已公开", env=env)
    assert unknown.returncode == 2 and "invalid choice: '已公开'" in unknown.stderr
    nowhere = run("export", "-o", str(tmp_path / "missing" / "x.json"), env=env)
    assert_clean_failure(nowhere, f"无法写入 {tmp_path / 'missing' / 'x.json'}")
    one = run("export", "-o", str(tmp_path / "x.json"), env=env)
    assert one.returncode == 0 and json.loads((tmp_path / "x.json").read_text(encoding="utf-8")) == []
