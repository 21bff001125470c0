"""The two documents: shapes, amounts as Decimal, and errors that name the field in Chinese."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.core.diff import diff_documents
from jixiao.core.documents import DocumentError, load_declaration, load_self_evaluation, where_label
from jixiao.formats.json_io import seed_declarations
from tests.conftest import clean_form_data


def test_seed_documents_round_trip_through_json_unchanged() -> None:
    for doc in seed_declarations():
        assert load_declaration(doc.to_json()) == doc
        assert doc.to_json()["schema"] == "jixiao/declaration@1"


def test_amounts_are_decimals_and_accept_what_people_type() -> None:
    data = clean_form_data()
    data["funds"]["total"] = "1,200,000.50"
    data["funds"]["other"] = 0.1
    doc = load_declaration(data)
    assert doc.funds.total == Decimal("1200000.50")
    assert doc.funds.other == Decimal("0.1")
    assert doc.to_json()["funds"]["total"] == 1200000.5


def test_level_names_are_canonicalised() -> None:
    data = clean_form_data()
    data["indicators"][5].update(level1="效益", level2="环境效益指标")
    data["indicators"][0].update(level2="数量")
    doc = load_declaration(data)
    assert doc.indicators[5].level1 == "效益指标" and doc.indicators[5].level2 == "生态效益指标"
    assert doc.indicators[0].level2 == "数量指标"


def test_blank_header_text_is_missing_not_empty() -> None:
    data = clean_form_data()
    data["department"] = "   "
    assert load_declaration(data).department is None


def test_every_problem_is_reported_at_once_with_its_path() -> None:
    data = clean_form_data()
    data["funds"]["total"] = -1
    data["indicators"][3]["level2"] = "效率指标"
    data["year"] = "明年"
    with pytest.raises(DocumentError) as raised:
        load_declaration(data)
    assert raised.value.problems == [
        ("year", "“年度”应为数字（填写的是“明年”）"),
        ("funds.total", "“项目资金总额”不能小于 0（填写的是“-1”）"),
        ("indicators[3].level2", "未知的二级指标“效率指标”"),
    ]


def test_a_self_evaluation_document_loads_with_its_recorded_scores() -> None:
    doc = load_self_evaluation({
        "schema": "jixiao/self-evaluation@1", "name": "窗口业务管理", "year": 2022,
        "budget": {"initial": 90, "full_year": 90, "executed": 89.974, "weight": 10, "rate": 99.97, "score": 10},
        "indicators": [{"level1": "产出指标", "level2": "数量指标", "name": "服务企业数", "target": "≥50个",
                        "actual": 50, "weight": 8, "achievement": None, "deviation_note": None}],
        "total": 98.5, "grade": "优",
    })
    assert doc.budget.executed == Decimal("89.974")
    assert doc.indicators[0].actual == "50"
    with pytest.raises(DocumentError) as raised:
        load_self_evaluation({"name": "x", "year": 2022, "indicators": [
            {"level1": "产出指标", "level2": "数量指标", "name": "a", "target": "1", "achievement": "很好"}]})
    assert raised.value.problems[0][0] == "indicators[0].achievement"
    assert "达成情况" in raised.value.problems[0][1]


@pytest.mark.parametrize(("path", "words"), [
    ("indicators[4].name", "第5个指标的三级指标名称"), ("indicators[1].level2", "第2个指标的二级指标"),
    ("indicators[3]", "第4个指标"), ("indicators", "绩效指标"), ("funds.annual_request", "年度资金申请总额"),
    ("funds", "资金"), ("name", "项目名称"), ("budget", "预算执行率"), ("budget.executed", "全年执行数"),
    ("indicators[0].deviation_note", "第1个指标的偏差原因分析及改进措施"),
    ("something.else", "something.else"),  # what it does not know is shown as it is
])
def test_a_field_path_reads_as_words(path: str, words: str) -> None:
    assert where_label(path) == words


def test_deleting_or_adding_a_row_moves_no_other_row_in_the_diff() -> None:
    old = clean_form_data()
    new = clean_form_data()
    del new["indicators"][0]
    new["indicators"].insert(3, {**old["indicators"][1], "name": "新增指标"})
    changes = diff_documents(old, new)
    assert [c.label for c in changes] == ["新增指标“新增指标”", f"删除指标“{old['indicators'][0]['name']}”"]
    new["indicators"].insert(0, new["indicators"].pop(5))  # one row moved to the top: only it moved
    moves = [c.label for c in diff_documents(old, new) if c.label.endswith("移动位置")]
    assert moves == [f"指标“{new['indicators'][0]['name']}”移动位置"]


def test_a_self_evaluations_total_is_named_as_its_own_field() -> None:
    from tests.core.test_evaluation import worked

    with pytest.raises(DocumentError) as raised:
        load_self_evaluation(worked(total="很高"))
    assert raised.value.problems == [("total", "“总分”应为数字（填写的是“很高”）")]
