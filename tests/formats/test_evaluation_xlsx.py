"""The 绩效自评表 in Excel: written from a scored evaluation, and read back, also when filled by hand."""

from __future__ import annotations

import io

import openpyxl
import pytest

from jixiao.core.documents import load_self_evaluation
from jixiao.core.evaluation import score
from jixiao.formats.errors import FormatError
from jixiao.formats.evaluation_xlsx import read_evaluation_workbook, write_evaluation_workbook
from tests.core.test_evaluation import WORKED, worked


def test_a_scored_table_reads_back_and_scores_the_same() -> None:
    evaluation = load_self_evaluation(WORKED)
    result = score(evaluation)
    back = read_evaluation_workbook(write_evaluation_workbook(evaluation, result), "自评表.xlsx")
    assert (back.name, back.year) == (evaluation.name, 2022)
    assert [i.name for i in back.indicators] == [i.name for i in evaluation.indicators]
    again = score(back)
    assert again.total == result.total and again.grade == "优"
    assert again.findings == []  # what the table recorded is what the rules give


def test_a_hand_filled_table_is_audited() -> None:
    evaluation = load_self_evaluation(WORKED)
    book = openpyxl.load_workbook(io.BytesIO(write_evaluation_workbook(evaluation, score(evaluation))))
    sheet = book.active
    sheet["G7"] = 15  # full marks on 服务企业数, whose target was not met
    total_row = sheet.max_row
    sheet.cell(row=total_row, column=7, value=95)
    stream = io.BytesIO()
    book.save(stream)
    rules = {f.rule for f in score(read_evaluation_workbook(stream.getvalue(), "x.xlsx")).findings}
    assert {"full-marks-unmet", "total-mismatch", "total-not-sum"} <= rules


def test_text_in_a_weight_cell_is_located() -> None:
    evaluation = load_self_evaluation(worked())
    book = openpyxl.load_workbook(io.BytesIO(write_evaluation_workbook(evaluation, None)))
    book.active["F8"] = "十五分"
    stream = io.BytesIO()
    book.save(stream)
    with pytest.raises(FormatError, match="单元格 F8：“分值”应为数字（填写的是“十五分”）"):
        read_evaluation_workbook(stream.getvalue(), "x.xlsx")


def _edited(edit: object) -> bytes:
    evaluation = load_self_evaluation(worked())
    book = openpyxl.load_workbook(io.BytesIO(write_evaluation_workbook(evaluation, score(evaluation))))
    edit(book.active)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_an_actual_typed_as_a_percentage_scores_as_one() -> None:
    def typed(sheet: object) -> None:
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == "系统可用率")
        sheet.cell(row, 5).value = 0.995  # "99.5%" as Excel keeps it
        sheet.cell(row, 5).number_format = "0.0%"

    result = score(read_evaluation_workbook(_edited(typed), "x.xlsx"))
    assert str(result.total) == "91.90"  # 9.95 for 99.5% of =100%, as in the worked example


def test_an_empty_total_cell_is_left_to_the_scoring() -> None:
    def cleared(sheet: object) -> None:
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "总分")
        for column in range(2, sheet.max_column + 1):
            if isinstance(sheet.cell(row, column).value, int | float):
                sheet.cell(row, column).value = None

    evaluation = read_evaluation_workbook(_edited(cleared), "x.xlsx")
    assert evaluation.total is None and str(score(evaluation).total) == "91.90"


def test_a_sheet_wider_than_any_table_is_refused() -> None:
    def wide(sheet: object) -> None:
        sheet["XFD40"] = "x"

    with pytest.raises(FormatError, match="工作表列数过多"):
        read_evaluation_workbook(_edited(wide), "x.xlsx")
