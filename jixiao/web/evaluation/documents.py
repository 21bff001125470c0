"""The 绩效自评表 and the 监控表 of a declaration as PDF and Excel, in their official layouts (RULES.md §2.4, §2.5)."""

from __future__ import annotations

import io
from typing import Any

from jixiao.core.documents import SelfEvaluation
from jixiao.core.evaluation import Result
from jixiao.formats.evaluation_xlsx import write_evaluation_workbook
from jixiao.formats.pdf import write_table_pdf
from jixiao.formats.xlsx import safe_cell

from .models import MonitoringRecord

MONITORING_COLUMNS = ["一级指标", "二级指标", "三级指标", "年度指标值", "1-X月执行情况", "全年预计完成情况",
                      "预计完成率", "灯", "偏差原因", "完成目标可能性", "整改措施"]


def evaluation_pdf(evaluation: SelfEvaluation, result: Result) -> bytes:
    budget = evaluation.budget
    rows = [[ind.level1, ind.level2, ind.name, ind.target, ind.actual or ind.achievement or "", ind.weight,
             s.value if s else "不适用", ind.deviation_note or ""] for ind, s in result.indicators]
    return write_table_pdf(
        "项目支出绩效自评表", evaluation.year,
        [("项目名称", evaluation.name),
         ("年度资金总额", f"年初预算数 {budget.initial}；全年预算数 {budget.full_year}；全年执行数 {budget.executed}；"
                    f"分值 {budget.weight or 10}；执行率 {result.budget_rate}%；得分 {result.budget.value}")],
        ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"], rows,
        [0.09, 0.11, 0.2, 0.1, 0.1, 0.06, 0.06, 0.28], footer=[("总分", f"{result.total}（{result.grade}）")])


def evaluation_xlsx(evaluation: SelfEvaluation, result: Result) -> bytes:
    return write_evaluation_workbook(evaluation, result)


def _monitoring_rows(record: MonitoringRecord, levels: dict[int, tuple[str, str]]) -> list[list[Any]]:
    rows = []
    for item in record.items.all():
        level1, level2 = levels.get(item.position, ("", ""))
        rows.append([level1, level2, item.name, item.target, item.to_date, item.forecast,
                     f"{item.forecast_share}%" if item.forecast_share is not None else "",
                     item.get_light_display(), "、".join(item.causes) + (f"：{item.cause_note}" if item.cause_note else ""),
                     item.possibility, item.measures])
    return rows


def _monitoring_facts(record: MonitoringRecord) -> list[tuple[str, str]]:
    return [("项目名称", record.declaration.name),
            ("监控期间", f"1-{record.months}月"),
            ("预算执行", f"调整后预算数 {record.budget}；1-{record.months}月执行数 {record.executed}；执行率 "
                     f"{record.execution_rate}%；序时进度 {record.time_progress}%；{record.get_budget_light_display()}"),
            ("全年预计执行数", f"{record.forecast if record.forecast is not None else ''}"),
            ("年度总目标执行情况", record.goal_progress)]


def monitoring_pdf(record: MonitoringRecord, levels: dict[int, tuple[str, str]]) -> bytes:
    return write_table_pdf("项目支出绩效目标执行监控表", record.declaration.year, _monitoring_facts(record),
                           MONITORING_COLUMNS, _monitoring_rows(record, levels),
                           [0.07, 0.09, 0.15, 0.08, 0.08, 0.08, 0.06, 0.05, 0.12, 0.08, 0.14])


def monitoring_xlsx(record: MonitoringRecord, levels: dict[int, tuple[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"1-{record.months}月监控表"
    sheet.append(["项目支出绩效目标执行监控表"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"（{record.declaration.year}年度）"])
    for key, value in _monitoring_facts(record):
        sheet.append([key, value])
    sheet.append(MONITORING_COLUMNS)
    for row in _monitoring_rows(record, levels):
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            safe_cell(cell, cell.value)  # what units typed may start like a formula
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()
