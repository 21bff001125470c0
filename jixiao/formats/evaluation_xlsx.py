"""The 项目支出绩效自评表 (RULES.md §2.5, 财预〔2020〕10号 附件1 layout) as Excel: written from a scored self-evaluation,
and read back (also from tables filled by hand) into a ``jixiao/self-evaluation@1`` document with what it recorded.
"""

from __future__ import annotations

import io
import re
from typing import Any

from ..core.documents import DocumentError, SelfEvaluation, load_self_evaluation
from ..core.evaluation import Result
from ..core.numbers import json_number
from .errors import FormatError
from .xlsx import PercentCells, _label, _number, _text, _unzip_safely, cell_name, percent_text, safe_cell, sheet_rows

TITLE = "项目支出绩效自评表"
COLUMNS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
BUDGET_COLUMNS = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


def write_evaluation_workbook(evaluation: SelfEvaluation, result: Result | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    book = Workbook()
    sheet = book.active
    sheet.title = "绩效自评表"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="F2F2EC")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)

    def put(row: int, col: int, value: Any, *, label: bool = False, to_col: int | None = None) -> None:
        cell = sheet.cell(row=row, column=col)
        safe_cell(cell, value)
        if to_col:
            sheet.merge_cells(start_row=row, start_column=col, end_row=row, end_column=to_col)
        for c in range(col, (to_col or col) + 1):
            sheet.cell(row=row, column=c).border = border
        cell.alignment = centre
        if label:
            cell.font, cell.fill = Font(bold=True), shade

    sheet.merge_cells("A1:H1")
    sheet["A1"] = TITLE
    sheet["A1"].font, sheet["A1"].alignment = Font(bold=True, size=16), centre
    sheet.merge_cells("A2:H2")
    sheet["A2"], sheet["A2"].alignment = f"（{evaluation.year}年度）", centre
    put(3, 1, "项目名称", label=True, to_col=2)
    put(3, 3, evaluation.name, to_col=8)
    put(4, 1, "项目资金", label=True, to_col=2)
    for col, name in enumerate(BUDGET_COLUMNS, start=3):
        put(4, col, name, label=True)
    budget = evaluation.budget
    put(5, 1, "年度资金总额", label=True, to_col=2)
    values = (budget.initial, budget.full_year, budget.executed, budget.weight,
              f"{result.budget_rate}%" if result and result.budget_rate is not None else _percent(budget.rate),
              result.budget.value if result else budget.score)
    for col, value in enumerate(values, start=3):
        put(5, col, json_number(value))
    row = 6
    for col, name in enumerate(COLUMNS, start=1):
        put(row, col, name, label=True)
    scores = {id(ind): s for ind, s in result.indicators} if result else {}
    for indicator in evaluation.indicators:
        row += 1
        computed = scores.get(id(indicator))
        recorded = computed.value if computed else indicator.score
        actual = indicator.actual if indicator.actual is not None else (indicator.achievement or "")
        for col, value in enumerate((indicator.level1, indicator.level2, indicator.name, indicator.target, actual,
                                     indicator.weight, recorded if indicator.applicable else "不适用",
                                     indicator.deviation_note), start=1):
            put(row, col, json_number(value))
    row += 1
    put(row, 1, "总分", label=True, to_col=6)
    put(row, 7, json_number(result.total if result else evaluation.total))
    put(row, 8, f"等级：{result.grade}" if result else (evaluation.grade or ""))
    for col, width in enumerate((10, 14, 26, 14, 14, 8, 8, 28), start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def _percent(value: Any) -> str:
    return f"{value}%" if value is not None else ""




def read_evaluation_workbook(data: bytes, source: str) -> SelfEvaluation:
    """A 自评表 read by its labels: the budget row, the indicator table, 总分 and the grade, as recorded."""
    from python_calamine import CalamineError, CalamineWorkbook

    _unzip_safely(data, source)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = sheet_rows(book.get_sheet_by_index(0))
    except (CalamineError, ValueError) as error:
        raise FormatError(source, f"Excel 文件无法读取：{error}") from None
    labels = [[_label(v) for v in row] for row in rows]
    where: dict[str, str] = {}
    data_out: dict[str, Any] = {"schema": "jixiao/self-evaluation@1", "budget": {}, "indicators": []}
    header = budget_header = None
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            if (m := re.fullmatch(r"[(（]?(\d{4})年度?[)）]?", text)) and "year" not in data_out:
                data_out["year"] = int(m.group(1))
            if text == "项目名称" and "name" not in data_out:
                data_out["name"] = next((_text(v) for v in rows[r][c + 1:] if _text(v)), "")
            if text == "总分":
                # the total is the first number after the label; an empty or uncomputed cell leaves it to the
                # scoring (the grade text after it is not a total)
                value = next(((cc, v) for cc, v in enumerate(rows[r]) if cc > c and _text(v)), None)
                if value and isinstance(value[1], int | float):
                    data_out["total"], where["total"] = _number(value[1]), cell_name(r, value[0])
                grade = re.search(r"[优良中差]", "".join(_text(v) for v in rows[r]))
                if grade:
                    data_out["grade"] = grade.group()
        if "全年执行数" in row and budget_header is None:
            budget_header = r
        if "三级指标" in row and "分值" in row and header is None:
            header = r
    if budget_header is not None:
        columns = {name: labels[budget_header].index(name) for name in BUDGET_COLUMNS if name in labels[budget_header]}
        keys = {"年初预算数": "initial", "全年预算数": "full_year", "全年执行数": "executed", "分值": "weight",
                "执行率": "rate", "得分": "score"}
        total_row = budget_header + 1
        for name, col in columns.items():
            value = rows[total_row][col] if total_row < len(rows) and col < len(rows[total_row]) else None
            if _text(value):
                text = _text(value).rstrip("%")
                data_out["budget"][keys[name]] = _number(value) if not isinstance(value, str) else text
                where[f"budget.{keys[name]}"] = cell_name(total_row, col)
    if header is None:
        raise FormatError(source, "没有找到自评表的指标表（缺少含“三级指标”“分值”的表头行）")
    columns = {name: labels[header].index(name) for name in COLUMNS if name in labels[header]}
    percent = PercentCells(data)
    try:
        percents = {name: percent.rows(0, rows, columns[name], header) if name in columns else set()
                    for name in ("年度指标值", "实际完成值")}
    finally:
        percent.close()
    level1 = level2 = ""
    for r in range(header + 1, len(rows)):
        def get(name: str, r: int = r) -> Any:
            col = columns.get(name)
            return rows[r][col] if col is not None and col < len(rows[r]) else None
        if labels[r] and labels[r][0] == "总分":
            break
        level1 = _text(get("一级指标")) or level1
        level2 = _text(get("二级指标")) or level2
        name = _text(get("三级指标"))
        if not name:
            continue
        index = len(data_out["indicators"])
        actual = percent_text(get("实际完成值")) if r in percents["实际完成值"] else _text(get("实际完成值"))
        target = percent_text(get("年度指标值")) if r in percents["年度指标值"] else _text(get("年度指标值"))
        item: dict[str, Any] = {"level1": re.sub(r"[(（].*", "", level1), "level2": level2, "name": name,
                                "target": target, "weight": _number(get("分值"))}
        if actual in ("达成", "部分达成", "未达成"):
            item["achievement"] = actual
        elif actual:
            item["actual"] = actual
        score = _text(get("得分"))
        if score == "不适用":
            item["applicable"] = False
        elif score:
            item["score"] = _number(get("得分"))
        if _text(get("偏差原因分析及改进措施")):
            item["deviation_note"] = _text(get("偏差原因分析及改进措施"))
        for key, column in (("weight", "分值"), ("actual", "实际完成值"), ("score", "得分"), ("achievement", "实际完成值")):
            if column in columns:
                where[f"indicators[{index}].{key}"] = cell_name(r, columns[column])
        data_out["indicators"].append(item)
    try:
        return load_self_evaluation(data_out)
    except DocumentError as error:
        located = [f"{'单元格 ' + where[p] + '：' if p in where else p + ': '}{m}" for p, m in error.problems]
        raise FormatError(source, "；".join(located)) from None
