"""Excel out and in: the official layout, exact round trips, tolerant reading, and a corpus of bad files."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from jixiao.formats.errors import FormatError
from jixiao.formats.files import read_data
from jixiao.formats.json_io import seed_declarations
from jixiao.formats.xlsx import blank_template, read_workbook, write_workbook
from tests.conftest import clean_form_data, declaration


def test_every_seed_form_round_trips_exactly_through_xlsx() -> None:
    documents = seed_declarations()
    results = read_workbook(write_workbook(documents), "seed.xlsx")
    assert [r.problems for r in results] == [[]] * 5
    assert [r.document for r in results] == documents


def test_a_form_with_every_optional_field_round_trips() -> None:
    data = clean_form_data()
    data["amount_unit"] = "万元"
    data["funds"] = {"total": "120.5", "annual_request": "120.5", "current_year_appropriation": "100.25",
                     "prior_year_carryover": "10.25", "fiscal": "110.5", "other": "10"}
    data["indicators"][0].update(weight="8.5", note="=SUM(A1:A9) 不应被当作公式")
    data["indicators"][1]["name"] = "-健康讲座场次"
    document = declaration(data)
    [result] = read_workbook(write_workbook([document]), "one.xlsx")
    assert result.problems == [] and result.document == document


def test_the_layout_is_the_official_form() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_workbook(seed_declarations()[:2])))
    assert book.sheetnames == ["窗口业务管理", "深化“一网通办”专项费用"]
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "财政项目支出绩效目标申报表" and sheet["A2"].value == "（2022年度）"
    assert sheet["C7"].value == 3550000 and sheet["C7"].number_format == "#,##0"
    assert "A13:A19" in {str(r) for r in sheet.merged_cells.ranges}  # 产出指标 over its seven rows
    assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 and sheet.print_title_rows == "$12:$12"
    assert sheet["C7"].border.left.style == "thin"


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    data = clean_form_data()
    data["indicators"][0]["target"] = "=30000家"
    data["indicators"][1]["name"] = "=HYPERLINK(\"http://evil\")"
    data["indicators"][2]["name"] = "@SUM(1)"
    book = openpyxl.load_workbook(io.BytesIO(write_workbook([declaration(data)])))
    cells = [c for row in book.active.iter_rows() for c in row if isinstance(c.value, str)
             and c.value.startswith(("=", "@"))]
    assert {c.value for c in cells} >= {"=30000家", "=HYPERLINK(\"http://evil\")", "@SUM(1)"}
    assert all(c.data_type == "s" for c in cells)


def test_the_blank_template_reads_back_as_an_empty_form_of_its_year() -> None:
    [result] = read_workbook(blank_template(2025), "template.xlsx")
    assert result.problems == [] and result.document.year == 2025 and result.document.indicators == []


def _workbook(rows: list[list[object]], merged: list[str] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "填报"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_a_units_own_layout_is_read_by_its_labels_with_split_columns_and_wan_yuan() -> None:
    rows = [
        ["2023年度项目支出绩效目标申报表"],
        [None, "（2023年度）"],
        [],
        ["项目名称：", None, " 社区健康服务 ", "主管部门", "某区卫健委"],
        ["实施单位", None, "某社区卫生服务中心", "项目类别", "经常性项目"],
        ["项目开始日期", None, "2023-01-01", "项目完成日期", "2023-12-31"],
        ["项目资金（万元）", "项目资金总额", 120, "年度资金申请总额", "120"],
        [None, "其中：当年财政拨款", 110, "上年结转资金", None],
        [None, "其中： 财政资金", 110, "其他资金", 10],
        ["总目标", "年度目标"],
        ["提高居民健康水平。", "完成不少于5000人次体检。"],
        [],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "备注"],
        ["产出指标", "数量指标", "体检人次", "≥", 5000, "人次", None],
        [None, "质量指标", "报告准确率", "≥", 98, "%", None],
        [None, None, None, None, None, None, None],
        ["效益指标", "社会效益指标", "慢病发现人数", "≥", 150, "人", None],
        ["满意度指标", "服务对象满意度指标", "居民满意度", "≥", 90, "%", "问卷调查"],
    ]
    [result] = read_workbook(_workbook(rows, merged=["A14:A15"]), "unit.xlsx")
    assert result.problems == []
    document = result.document
    assert (document.year, document.name, document.amount_unit) == (2023, "社区健康服务", "万元")
    assert document.funds.total == 120 and document.funds.other == 10
    assert document.overall_goal == "提高居民健康水平。" and document.annual_goal == "完成不少于5000人次体检。"
    assert [(i.level1, i.level2, i.name, i.target) for i in document.indicators] == [
        ("产出指标", "数量指标", "体检人次", "≥5000人次"),
        ("产出指标", "质量指标", "报告准确率", "≥98%"),
        ("效益指标", "社会效益指标", "慢病发现人数", "≥150人"),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%"),
    ]
    assert document.indicators[3].note == "问卷调查"


def _problems(data: bytes) -> str:
    with pytest.raises(FormatError) as raised:
        read_data(data, "bad.xlsx")
    return str(raised.value)


def test_a_non_number_in_an_amount_cell_is_located() -> None:
    document = declaration(clean_form_data())
    book = openpyxl.load_workbook(io.BytesIO(write_workbook([document])))
    book.active["C7"] = "一百二十万"
    stream = io.BytesIO()
    book.save(stream)
    message = _problems(stream.getvalue())
    assert "工作表“社区居民健康体检服务”单元格 C7：“项目资金总额”应为数字（填写的是“一百二十万”）" in message


def test_an_unknown_level2_is_located_at_its_cell() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_workbook([declaration(clean_form_data())])))
    book.active["B18"] = "效率指标"
    stream = io.BytesIO()
    book.save(stream)
    assert "单元格 B18：未知的二级指标“效率指标”" in _problems(stream.getvalue())


def test_a_sheet_without_an_indicator_table_is_reported() -> None:
    message = _problems(_workbook([["项目名称", None, "某项目"], ["（2023年度）"]]))
    assert "工作表“填报”：没有找到绩效指标表" in message


def test_a_corrupt_workbook() -> None:
    data = write_workbook(seed_declarations()[:1])
    assert "Excel 文件已损坏" in _problems(data[:2000])


def test_an_old_xls_file() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000
    assert "旧版 .xls 文件或加了密码的工作簿" in _problems(ole)


def test_a_password_protected_workbook() -> None:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = io.BytesIO(write_workbook(seed_declarations()[:1]))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt("secret", encrypted)
    assert "加了密码的工作簿" in _problems(encrypted.getvalue())


def test_a_zip_bomb_is_refused_without_unpacking_it() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(200):  # 200 MB of zeros, about 200 KB packed
                member.write(chunk)
    data = stream.getvalue()
    assert len(data) < 1_000_000
    assert "可能是压缩炸弹" in _problems(data)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def test_a_million_row_sheet_is_refused() -> None:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            f'<Types xmlns="{_TYPES}"><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_MIME}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_MIME}.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
                                        f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        archive.writestr("xl/workbook.xml", f'<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheets>'
                                            '<sheet name="big" sheetId="1" r:id="rId1"/></sheets></workbook>')
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{_RELS}"><Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>'))
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(f'<worksheet xmlns="{_MAIN}"><sheetData>'.encode())
            for start in range(1, 1_000_001, 10000):
                member.write("".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>'
                                     for r in range(start, start + 10000)).encode())
            member.write(b"</sheetData></worksheet>")
    message = _problems(stream.getvalue())
    assert "文件解压后过大" in message or "行数过多" in message


def test_a_folder_of_files_reads_each_on_its_own(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    good.write_bytes(write_workbook(seed_declarations()[:2]))
    assert len(read_data(good.read_bytes(), str(good))) == 2


def _edited(document_data: dict, edit: object) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(write_workbook([declaration(document_data)])))
    edit(book.active)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_empty_goals_read_back_empty_not_as_the_table_header_below() -> None:
    data = clean_form_data()
    data["overall_goal"] = data["annual_goal"] = None
    [result] = read_workbook(write_workbook([declaration(data)]), "x.xlsx")
    assert (result.document.overall_goal, result.document.annual_goal) == (None, None)


def test_the_amount_unit_comes_from_its_label_not_from_a_goal_or_an_indicator() -> None:
    data = clean_form_data()
    data["annual_goal"] = "完成设备采购（单位：万元）"
    data["indicators"][0]["name"] = "项目资金（万元）到位率"
    [result] = read_workbook(write_workbook([declaration(data)]), "x.xlsx")
    assert result.document.amount_unit == "元" and result.document.funds.total == 1200000


def test_a_percentage_typed_into_a_target_cell_reads_as_a_percentage() -> None:
    def typed(sheet: object) -> None:
        rows = [r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 4).value]
        for row in rows[1:]:  # the whole column formatted as %, its texts too
            sheet.cell(row, 4).number_format = "0.0%"
        row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 3).value == "体检报告准确率")
        sheet.cell(row, 4).value = 0.955  # Excel keeps "95.5%" typed in a cell as 0.955 in a percent format
        sheet.cell(rows[-1], 4).value = 0.9

    [result] = read_workbook(_edited(clean_form_data(), typed), "x.xlsx")
    targets = {i.name: i.target for i in result.document.indicators}
    assert targets["体检报告准确率"] == "95.5%" and list(targets.values())[-1] == "90%"
    assert targets["健康讲座场次"] == clean_form_data()["indicators"][1]["target"]  # text in the column stays text


def test_a_level1_repeated_on_each_row_keeps_its_level2_groups() -> None:
    data = clean_form_data()

    def unmerged_and_filled(sheet: object) -> None:
        for cells in [str(m) for m in sheet.merged_cells.ranges if str(m).startswith("A")]:
            top = sheet[cells.split(":")[0]].value
            sheet.unmerge_cells(cells)
            for row in sheet[cells]:
                row[0].value = top

    [result] = read_workbook(_edited(data, unmerged_and_filled), "x.xlsx")
    assert [(i.level1, i.level2) for i in result.document.indicators] == [
        (i["level1"], i["level2"]) for i in data["indicators"]]


def test_a_sheet_of_notes_beside_the_form_is_passed_over() -> None:
    def notes(sheet: object) -> None:
        sheet.parent.create_sheet("填表说明").append(["请按要求填写，金额保留两位小数。"])

    results = read_workbook(_edited(clean_form_data(), notes), "x.xlsx")
    assert len(results) == 1 and results[0].problems == []


def test_a_sheet_wider_than_any_form_is_refused_before_it_is_read() -> None:
    def wide(sheet: object) -> None:
        sheet["XFD40"] = "x"

    message = _problems(_edited(clean_form_data(), wide))
    assert "工作表列数过多（16,384 列，最多 200 列）" in message

    def far(sheet: object) -> None:  # 7 KB: calamine would allocate the whole extent before reading a row
        sheet["XFD1048576"] = "x"

    assert "工作表范围过大（最远到第 1,048,576 行、第 16,384 列）" in _problems(_edited(clean_form_data(), far))

    def far_with_a_namespace(sheet: object) -> None:
        sheet["XFD1048576"] = "x"

    data = _edited(clean_form_data(), far_with_a_namespace)
    prefixed = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(prefixed, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension[^>]*/>", b"", content)  # the cells alone say how far it goes
                content = content.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>")
            target.writestr(item, content)
    assert "工作表范围过大" in _problems(prefixed.getvalue())


def test_a_long_list_beside_the_form_is_reported_and_the_form_read() -> None:
    def options(sheet: object) -> None:
        choices = sheet.parent.create_sheet("下拉选项")
        for n in range(6001):
            choices.append([f"选项{n}"])

    results = read_workbook(_edited(clean_form_data(), options), "x.xlsx")
    assert [(r.sheet, r.document is not None) for r in results] == [("社区居民健康体检服务", True), ("下拉选项", False)]
    assert results[1].problems == [("", "工作表无法读取：工作表行数过多（6,001 行，最多 5,000 行）")]


def test_control_characters_pasted_into_a_name_do_not_break_the_export() -> None:
    data = clean_form_data()
    data["indicators"][0]["name"] = "健康体检\x0b人次"
    data["name"] = "社区\x0b健康体检"  # a sheet is named after the project
    written = write_workbook([declaration(data)])
    assert openpyxl.load_workbook(io.BytesIO(written)).sheetnames == ["社区健康体检"]
    [result] = read_workbook(written, "x.xlsx")
    assert result.document.indicators[0].name == "健康体检人次"


def test_a_zip_without_forms_or_with_too_many_is_a_problem_of_the_upload_not_an_error() -> None:
    from jixiao.formats.files import read_bundle

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("readme.docx", b"not a form")
    [result] = read_bundle(stream.getvalue(), "forms.zip")
    assert result.problem == "压缩包中没有 .xlsx、.json 或 .pdf 文件"


def test_a_workbook_of_more_than_two_hundred_sheets_reads_back() -> None:
    def many(sheet: object) -> None:  # an export of the system has one sheet per form
        for n in range(250):
            sheet.parent.create_sheet(f"空白{n}")

    results = read_workbook(_edited(clean_form_data(), many), "export.xlsx")
    assert len(results) == 1 and results[0].document is not None
