"""Declarations <-> Excel workbooks laid out like the official 申报表.

Writing uses openpyxl (styles, merged cells, print set-up). Reading uses python-calamine and finds what it needs by
the labels' text (项目名称, 项目资金总额 …) and the indicator table by its header row, not by fixed addresses, so it
also reads the variants units really send. Every problem is reported with its sheet and cell, in Chinese.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ..core.documents import Declaration, DocumentError, load_declaration
from ..core.numbers import json_number
from .errors import FormatError

# --------------------------------------------------------------------------------------------------------------
# Safety limits for what is read

MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all members of the .xlsx together, once unzipped
MAX_MEMBER_BYTES = 40 * 1024 * 1024
MAX_ROWS = 5000
MAX_COLUMNS = 200
# What calamine may be handed at all: it allocates a sheet's whole extent before a row is read, so one cell at
# XFD1048576 in a 7 KB file would ask for 550 GB. Sheets under it but over the row or column limit are refused one
# by one (a list of 6,000 options beside the form does not spoil the form).
MAX_CELLS = 4_000_000
MAX_SHEETS = 1000  # an Excel export of the system (one sheet per form) reads back up to this
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

TITLE = "财政项目支出绩效目标申报表"
INDICATOR_COLUMNS = ("一级指标", "二级指标", "三级指标", "指标目标值", "指标值设定依据", "依据说明", "分值", "备注")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------------------------------------------
# Writing


def write_workbook(documents: Iterable[Declaration]) -> bytes:
    """One sheet per declaration, in the official layout; returns the .xlsx file's bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    for document in documents:
        _write_sheet(workbook.create_sheet(_sheet_title(document.name or "申报表", used)), document)
    if not workbook.worksheets:
        workbook.create_sheet("申报表")
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def blank_template(year: int) -> bytes:
    """An empty 申报表 to fill in, with one blank row under each 一级指标."""
    document = load_declaration({"year": year, "indicators": []})
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "申报表"
    _write_sheet(sheet, document, blank_rows=("产出指标", "效益指标", "满意度指标"))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\\x00-\x1f]", "", name).strip()[:28] or "申报表"  # what a sheet name cannot hold
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}({n})", n + 1
    used.add(title)
    return title


def safe_cell(cell: Any, value: Any) -> None:
    """Put a value in a cell; text that Excel would read as a formula stays text (formula injection), and control
    characters pasted from other programs, which a workbook cannot hold, are dropped."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.value = value
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        cell.data_type = "s"


def _write_sheet(sheet: Any, document: Declaration, blank_rows: tuple[str, ...] = ()) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.page import PageMargins

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    label_fill = PatternFill("solid", fgColor="F2F2EC")
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    left = Alignment(horizontal="left", vertical="center", wrap_text=True)
    top_left = Alignment(horizontal="left", vertical="top", wrap_text=True)
    bold = Font(bold=True)
    last_col = len(INDICATOR_COLUMNS)

    def put(row: int, col: int, value: Any, *, label: bool = False, to_col: int | None = None,
            to_row: int | None = None, align: Any = None, number: bool = False) -> None:
        cell = sheet.cell(row=row, column=col)
        safe_cell(cell, value)
        end_row, end_col = to_row or row, to_col or col
        if (end_row, end_col) != (row, col):
            sheet.merge_cells(start_row=row, start_column=col, end_row=end_row, end_column=end_col)
        for r in range(row, end_row + 1):
            for c in range(col, end_col + 1):
                sheet.cell(row=r, column=c).border = border
        if label:
            cell.font, cell.fill, cell.alignment = bold, label_fill, centre
        else:
            cell.alignment = align or left
        if number and isinstance(value, Decimal):
            cell.value = json_number(value)
            cell.number_format = "#,##0" if value == value.to_integral_value() else "#,##0.00####"
            cell.alignment = Alignment(horizontal="right", vertical="center")

    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    sheet.cell(row=1, column=1, value=TITLE).font = Font(bold=True, size=16)
    sheet.cell(row=1, column=1).alignment = centre
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    sheet.cell(row=2, column=1, value=f"（{document.year}年度）").alignment = centre

    header = (
        ("项目名称", document.name, "项目类别", document.category),
        ("项目编码", document.code, "项目类型", document.project_type),
        ("主管部门", document.department, "实施单位", document.implementing_unit),
        ("计划开始日期", document.start_date, "计划完成日期", document.end_date),
    )
    row = 3
    for label1, value1, label2, value2 in header:
        put(row, 1, label1, label=True, to_col=2)
        put(row, 3, value1)
        put(row, 4, label2, label=True)
        put(row, 5, value2, to_col=last_col)
        for col in (3, 5):
            if isinstance(sheet.cell(row=row, column=col).value, date):
                sheet.cell(row=row, column=col).number_format = "yyyy-mm-dd"
        row += 1

    funds = document.funds
    put(row, 1, f"项目资金\n（{document.amount_unit}）", label=True, to_row=row + 2)
    for offset, (label1, value1, label2, value2) in enumerate((
        ("项目资金总额", funds.total, "年度资金申请总额", funds.annual_request),
        ("其中：当年财政拨款", funds.current_year_appropriation, "上年结转资金", funds.prior_year_carryover),
        ("其中：财政资金", funds.fiscal, "其他资金", funds.other),
    )):
        put(row + offset, 2, label1, label=True)
        put(row + offset, 3, value1, number=True)
        put(row + offset, 4, label2, label=True)
        put(row + offset, 5, value2, to_col=last_col, number=True)
    row += 3

    years = (f"{document.start_date.year}年 - {document.end_date.year}年" if document.start_date and document.end_date
             else f"{document.year}年")
    put(row, 1, "项目绩效目标", label=True, to_row=row + 1)
    put(row, 2, f"项目总目标（{years}）", label=True, to_col=3)
    put(row, 4, "年度总目标", label=True, to_col=last_col)
    put(row + 1, 2, document.overall_goal, to_col=3, align=top_left)
    put(row + 1, 4, document.annual_goal, to_col=last_col, align=top_left)
    longest = max(len(document.overall_goal or ""), len(document.annual_goal or ""))
    sheet.row_dimensions[row + 1].height = max(60, 15 * (longest // 28 + 2))
    row += 2

    header_row = row
    for col, name in enumerate(INDICATOR_COLUMNS, start=1):
        put(row, col, name, label=True)
    row += 1
    items = [(i.level1, i.level2, i.name, i.target, i.basis, i.basis_note, i.weight, i.note)
             for i in document.indicators]
    items += [(level1, "", "", "", None, None, None, None) for level1 in blank_rows]
    first_row = row
    for values in items:
        for col, value in enumerate(values, start=1):
            put(row, col, value, number=col == 7, align=centre if col in (1, 2, 4, 5, 7) else left)
        row += 1
    for col in (1, 2):  # merge runs of the same 一级 (and 二级 within it), as on the printed form
        start = first_row
        for r in range(first_row + 1, row + 1):
            same = r < row and all(items[r - first_row][c] == items[start - first_row][c] for c in range(col))
            if not same:
                if r - 1 > start:
                    sheet.merge_cells(start_row=start, start_column=col, end_row=r - 1, end_column=col)
                start = r

    widths = (10, 16, 30, 16, 12, 16, 8, 14)
    for col, width in enumerate(widths, start=1):
        sheet.column_dimensions[chr(64 + col)].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.oddFooter.center.text = "第 &P 页 / 共 &N 页"


# --------------------------------------------------------------------------------------------------------------
# Reading


@dataclass
class SheetResult:
    """One sheet read: its declaration, or the located problems that kept it from being one."""

    sheet: str
    document: Declaration | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell such as "C6", Chinese message)
    found_labels: bool = False  # whether it has any label of a form: a sheet without one is not a form


def _unzip_safely(data: bytes, source: str) -> None:
    if data[:8] == _OLE_MAGIC:
        raise FormatError(source, "这是旧版 .xls 文件或加了密码的工作簿，无法读取；请在 Excel 中取消密码并另存为 .xlsx 格式")
    if data[:2] != b"PK":
        raise FormatError(source, "不是 Excel (.xlsx) 文件，或文件已损坏")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FormatError(source, "Excel 文件已损坏，无法打开") from None
    if "xl/workbook.xml" not in {m.filename for m in members}:
        raise FormatError(source, "不是 Excel (.xlsx) 工作簿（缺少 xl/workbook.xml）")
    total = 0
    for member in members:
        if member.file_size > MAX_MEMBER_BYTES or total + member.file_size > MAX_UNPACKED_BYTES:
            raise FormatError(source, f"文件解压后过大（{member.filename}），可能是压缩炸弹或行数过多的工作表，已拒绝读取")
        # Declared sizes can lie: count what actually comes out, and stop at the limit. A worksheet's farthest cell
        # is found on the way, as calamine allocates its whole extent before a row is read (one cell at XFD1048576
        # would ask for 550 GB).
        read, tail, extent = 0, b"", _Extent() if member.filename.startswith("xl/worksheets/") else None
        try:
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 20):
                    read += len(chunk)
                    if read > MAX_MEMBER_BYTES or total + read > MAX_UNPACKED_BYTES:
                        raise FormatError(source, f"文件解压后过大（{member.filename}），可能是压缩炸弹，已拒绝读取")
                    if extent is not None:
                        extent.scan(tail + chunk)
                        tail = chunk[chunk.rfind(b"<"):] if len(chunk) - chunk.rfind(b"<") < 4096 else b""
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
            raise FormatError(source, f"Excel 文件已损坏（{member.filename}）") from None
        if extent is not None and extent.rows * max(extent.columns, 1) > MAX_CELLS:
            raise FormatError(source, f"工作表范围过大（最远到第 {extent.rows:,} 行、第 {extent.columns:,} 列），"
                                      "请删除多余的行列后另存")
        total += read


# A cell's or a row's place, and a sheet's stated extent, with or without a namespace prefix: <c r="XFD40">,
# <x:row r="40">, <dimension ref="A1:XFD40"/>.
_PLACES = re.compile(rb'<(?:\w+:)?(?:c|row)\b[^>]*?\sr="([A-Z]{0,3})(\d{1,7})"'
                     rb'|<(?:\w+:)?dimension\b[^>]*?\sref="[A-Z]*\d*:?([A-Z]{1,3})(\d{1,7})"')


class _Extent:
    """The farthest row and column a worksheet's XML names."""

    def __init__(self) -> None:
        self.rows = self.columns = 0

    def scan(self, xml: bytes) -> None:
        for letters, row, dim_letters, dim_row in _PLACES.findall(xml):
            letters, row = (dim_letters, dim_row) if dim_row else (letters, row)
            self.rows = max(self.rows, int(row))
            column = 0
            for letter in letters:
                column = column * 26 + letter - 64
            self.columns = max(self.columns, column)




def read_workbook(data: bytes, source: str) -> list[SheetResult]:
    """Every sheet that holds a 申报表; raises FormatError when the file itself cannot be read."""
    from python_calamine import CalamineError, CalamineWorkbook

    _unzip_safely(data, source)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as error:
        raise FormatError(source, f"Excel 文件无法读取：{error}") from None
    names = workbook.sheet_names
    if len(names) > MAX_SHEETS:
        raise FormatError(source, f"工作表过多（{len(names)} 个，最多 {MAX_SHEETS} 个）")
    results = []
    percent = PercentCells(data)
    try:
        for name in names:
            try:
                rows = sheet_rows(workbook.get_sheet_by_name(name))
            except (CalamineError, ValueError) as error:
                results.append(SheetResult(name, problems=[("", f"工作表无法读取：{error}")]))
                continue
            if not any(_text(v) for row in rows for v in row):
                continue  # an empty sheet: nothing to report
            result = _read_sheet(name, rows, lambda column, below, rows=rows, name=name: percent.rows(
                name, rows, column, below))
            if result.document is None and not result.found_labels:
                continue  # a sheet of notes beside the form (说明, 填表要求)
            results.append(result)
    finally:
        percent.close()
    if not results:
        raise FormatError(source, "工作簿中没有申报表（没有找到“项目名称”“项目资金总额”等栏目或绩效指标表）")
    return results


def sheet_rows(sheet: Any) -> list[list[Any]]:
    """A calamine sheet's cells, refused (ValueError, in Chinese) when it is larger than any form."""
    if sheet.height > MAX_ROWS:
        raise ValueError(f"工作表行数过多（{sheet.height:,} 行，最多 {MAX_ROWS:,} 行）")
    if sheet.width > MAX_COLUMNS:
        raise ValueError(f"工作表列数过多（{sheet.width:,} 列，最多 {MAX_COLUMNS} 列）")
    return sheet.to_python(skip_empty_area=False)


class PercentCells:
    """Which numbers a workbook shows as percentages: Excel keeps "95%" typed in a cell as 0.95 in a percent format,
    which calamine does not report. The workbook is opened again, with openpyxl, once and only when a column of
    interest holds a number."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.book: Any = None

    def rows(self, sheet: str | int, rows: list[list[Any]], column: int, below: int) -> set[int]:
        """The rows under ``below`` whose cell in ``column`` is a number shown as a percentage."""
        numbers = {r for r in range(below + 1, len(rows))
                   if column < len(rows[r]) and type(rows[r][column]) in (int, float)}  # not text, not a bool
        if not numbers:
            return set()
        if self.book is None:
            from openpyxl import load_workbook

            self.book = load_workbook(io.BytesIO(self.data), read_only=True)
        worksheet = self.book[sheet] if isinstance(sheet, str) else self.book.worksheets[sheet]
        first = min(numbers)
        cells = worksheet.iter_rows(min_row=first + 1, max_row=max(numbers) + 1, min_col=column + 1, max_col=column + 1)
        return {r for r, (cell,) in enumerate(cells, start=first) if r in numbers and "%" in (cell.number_format or "")}

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def percent_text(value: Any) -> str:
    """A number shown as a percentage, as people typed it: 0.95 is "95%"."""
    return f"{json_number((Decimal(repr(value)) * 100).normalize())}%"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _label(value: Any) -> str:
    """A label as compared: widths folded, spaces, colons and the leading 其中 dropped."""
    text = unicodedata.normalize("NFKC", _text(value))
    text = re.sub(r"[\s:：]", "", text)
    return text.removeprefix("其中")


def cell_name(row: int, col: int) -> str:
    letters = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


_HEADER_LABELS = {
    "项目名称": "name", "项目编码": "code", "项目代码": "code", "项目类别": "category", "项目类型": "project_type",
    "项目属性": "project_type", "主管部门": "department", "主管部门及代码": "department", "实施单位": "implementing_unit",
    "计划开始日期": "start_date", "项目开始日期": "start_date", "开始日期": "start_date",
    "计划完成日期": "end_date", "项目完成日期": "end_date", "完成日期": "end_date", "结束日期": "end_date",
}
_FUND_LABELS = {
    "项目资金总额": "total", "中期资金总额": "total", "年度资金申请总额": "annual_request", "年度资金总额": "annual_request",
    "当年财政拨款": "current_year_appropriation", "本年财政拨款": "current_year_appropriation",
    "上年结转资金": "prior_year_carryover", "财政资金": "fiscal", "其他资金": "other",
}
_COLUMN_LABELS = {
    "一级指标": "level1", "二级指标": "level2", "三级指标": "name", "指标目标值": "target", "指标值": "target",
    "年度指标值": "target", "目标值": "target", "指标性质": "op", "度量单位": "unit", "计量单位": "unit",
    "指标值设定依据": "basis", "设定依据": "basis", "依据说明": "basis_note", "分值": "weight", "权重": "weight",
    "备注": "note",
}
_ALL_LABELS = set(_HEADER_LABELS) | set(_FUND_LABELS) | {"项目资金", "项目绩效目标", "年度总目标"}


def _number(value: Any) -> Any:
    if isinstance(value, float):
        return int(value) if value.is_integer() else Decimal(repr(value))
    return value


def _read_sheet(name: str, rows: list[list[Any]], percent: Callable[[int, int], set[int]]) -> SheetResult:
    """One sheet's 申报表; ``percent(column, below)`` says which rows under ``below`` show a number as a percentage."""
    result = SheetResult(name)
    labels = [[_label(v) for v in row] for row in rows]
    where: dict[str, str] = {}  # document field path -> cell, to locate the loader's complaints
    data: dict[str, Any] = {"funds": {}}

    def value_right_of(r: int, c: int) -> tuple[Any, str]:
        for cc in range(c + 1, len(rows[r])):
            if labels[r][cc] in _ALL_LABELS or labels[r][cc] in _COLUMN_LABELS:
                break
            if _text(rows[r][cc]):
                return rows[r][cc], cell_name(r, cc)
        return None, cell_name(r, c + 1)

    year = None
    unit = None
    header_row = None
    for r, row in enumerate(labels):
        for c, text in enumerate(row):
            if not text:
                continue
            if year is None and (m := re.fullmatch(r"[(（]?(\d{4})年度?[)）]?", text)):
                year = int(m.group(1))
            if unit is None and header_row is None:  # not from an indicator that mentions 万元
                unit = _amount_unit(text)
            if text in _HEADER_LABELS and _HEADER_LABELS[text] not in data:
                value, cell = value_right_of(r, c)
                key = _HEADER_LABELS[text]
                data[key] = _text(value) if key not in ("start_date", "end_date") or not isinstance(
                    value, datetime | date) else (value.date() if isinstance(value, datetime) else value)
                where[key] = cell
            elif text in _FUND_LABELS and _FUND_LABELS[text] not in data["funds"]:
                value, cell = value_right_of(r, c)
                data["funds"][_FUND_LABELS[text]] = _number(value)
                where[f"funds.{_FUND_LABELS[text]}"] = cell
            elif text.startswith(_OVERALL_GOAL_LABELS) and "overall_goal" not in data:
                data["overall_goal"], where["overall_goal"] = _below(rows, labels, r, c)
            elif text.startswith(_ANNUAL_GOAL_LABELS) and "annual_goal" not in data:
                data["annual_goal"], where["annual_goal"] = _below(rows, labels, r, c)
            if header_row is None and text == "三级指标" and "一级指标" in row:
                header_row = r
    result.found_labels = header_row is not None or bool(where)
    if header_row is None:
        result.problems.append(("", "没有找到绩效指标表（缺少含“一级指标”“二级指标”“三级指标”的表头行）"))
        return result
    if unit:
        data["amount_unit"] = unit
    start = data.get("start_date")
    data["year"] = year or (start.year if isinstance(start, date) else None)
    if data["year"] is None:
        result.problems.append(("A2", "没有找到申报年度（如“（2022年度）”）"))
        return result
    data["indicators"] = _indicators(rows, labels, header_row, where, result, percent)
    if result.problems:
        return result
    try:
        result.document = load_declaration(data)
    except DocumentError as error:
        for path, message in error.problems:
            cell = where.get(path) or where.get(path.rsplit(".", 1)[0]) or ""
            result.problems.append((cell, f"{message}（{path}）" if cell else f"{path}: {message}"))
    return result


_OVERALL_GOAL_LABELS = ("项目总目标", "总目标", "中期目标")
_ANNUAL_GOAL_LABELS = ("年度总目标", "年度目标")
_LONGEST_UNIT_LABEL = 16  # "项目资金（万元）", "金额单位：万元"


def _amount_unit(label: str) -> str | None:
    """The amount unit a label states: "项目资金（万元）", "单位：万元", "（元）"; None for other text, a goal that
    mentions 万元 among them."""
    if len(label) > _LONGEST_UNIT_LABEL:
        return None
    if (label.startswith("项目资金") and ("万元" in label or "(元)" in label)) or label in ("(万元)", "(元)"):
        return "万元" if "万元" in label else "元"
    stated = _UNIT_STATED.search(label)  # "金额单位：万元", "单位：万元（保留两位小数）"
    return stated.group(1) if stated else None


_UNIT_STATED = re.compile("单位(万元|元)")


def _is_label(text: str) -> bool:
    return text in _ALL_LABELS or text in _COLUMN_LABELS or text.startswith(_OVERALL_GOAL_LABELS + _ANNUAL_GOAL_LABELS)


def _below(rows: list[list[Any]], labels: list[list[str]], r: int, c: int) -> tuple[str, str]:
    """The text under a label, up to three rows down but not past another label: an empty goal is empty, not the
    indicator table's header below it."""
    for rr in range(r + 1, min(r + 4, len(rows))):
        if c < len(rows[rr]):
            if _is_label(labels[rr][c]):
                break
            if _text(rows[rr][c]):
                return _text(rows[rr][c]), cell_name(rr, c)
    return "", cell_name(r + 1, c)


def _indicators(rows: list[list[Any]], labels: list[list[str]], header_row: int, where: dict[str, str],
                result: SheetResult, percent: Callable[[int, int], set[int]]) -> list[dict[str, Any]]:
    columns: dict[str, int] = {}
    for c, text in enumerate(labels[header_row]):
        key = _COLUMN_LABELS.get(text)
        if key and key not in columns:
            columns[key] = c
    if "target" not in columns:
        result.problems.append((cell_name(header_row, len(labels[header_row])),
                                "指标表缺少“指标目标值”（或“指标值”）列"))
        return []
    indicators: list[dict[str, Any]] = []
    level1 = level2 = ""
    target_column = columns["target"]
    percents = percent(target_column, header_row)
    for r in range(header_row + 1, len(rows)):
        row = rows[r]

        def get(key: str, row: list[Any] = row) -> str:
            c = columns.get(key)
            return _text(row[c]) if c is not None and c < len(row) else ""

        if get("level1") and get("level1") != level1:  # a 一级指标 written again on each row is the same group
            level1, level2 = get("level1"), ""
        if get("level2"):
            level2 = get("level2")
        indicator_name = get("name")
        target = percent_text(row[target_column]) if r in percents else get("target")
        if "op" in columns or "unit" in columns:  # split columns: 指标性质 | 指标值 | 度量单位
            target = f"{get('op')}{target}{get('unit')}"
        if not indicator_name and not target:
            continue  # a blank row, or the blank rows of a template
        index = len(indicators)
        item: dict[str, Any] = {"level1": level1, "level2": level2, "name": indicator_name, "target": target}
        for key in ("basis", "basis_note", "note"):
            if get(key):
                item[key] = get(key)
        if "weight" in columns and get("weight"):
            item["weight"] = _number(row[columns["weight"]])
        for key, col in columns.items():
            field_name = "target" if key in ("op", "unit") else key
            where.setdefault(f"indicators[{index}].{field_name}", cell_name(r, col))
        where[f"indicators[{index}]"] = cell_name(r, columns.get("name", 0))
        indicators.append(item)
    return indicators
