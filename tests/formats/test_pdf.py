"""PDF out and in: the official layout with an embedded CJK font, real text, exact read-back, render checks."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from jixiao.formats.errors import FormatError
from jixiao.formats.json_io import seed_declarations
from jixiao.formats.pdf import ATTACHMENT, cjk_font, read_pdf, read_pdf_documents, write_pdf
from tests.conftest import clean_form_data, declaration


def test_every_seed_form_reads_back_identical_from_its_pdf() -> None:
    for document in seed_declarations():
        assert read_pdf(write_pdf(document), "x.pdf") == document


def test_the_pdf_text_is_real_searchable_text_in_the_official_layout() -> None:
    document = seed_declarations()[1]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(write_pdf(document))).pages)
    compact = "".join(text.split())
    for expected in ("财政项目支出绩效目标申报表", "（2022年度）", "项目名称", "深化“一网通办”专项费用", "项目资金总额",
                     "8,100,000", "项目总目标（2022年-2022年）", "年度总目标", "一级指标", "二级指标", "三级指标",
                     "指标目标值", "办事指南及网办能力质检分析次数", ">=18次", "第1页"):
        assert expected in compact, expected


def test_a_long_form_breaks_across_pages_repeating_the_table_header() -> None:
    data = clean_form_data()
    data["indicators"] += [{"level1": "产出指标", "level2": "数量指标", "name": f"第{n}期培训班学员人数",
                            "target": f">={n * 10}人", "basis": "计划标准"} for n in range(1, 60)]
    reader = PdfReader(io.BytesIO(write_pdf(declaration(data))))
    assert len(reader.pages) >= 2
    second = "".join(reader.pages[1].extract_text().split())
    assert "一级指标二级指标三级指标指标目标值" in second and "第2页" in second


@pytest.mark.skipif(not shutil.which("pdffonts"), reason="poppler-utils is installed by scripts/test")
def test_pdffonts_shows_the_cjk_font_embedded(tmp_path: Path) -> None:
    assert cjk_font().embedded, "a TrueType CJK font (fonts-wqy-zenhei) should be installed"
    path = tmp_path / "form.pdf"
    path.write_bytes(write_pdf(seed_declarations()[0]))
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    cjk = [line for line in fonts.splitlines() if "WenQuanYi" in line or "CJK" in line or "Zen" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk), fonts


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is installed by scripts/test")
def test_each_seed_form_renders_to_png(tmp_path: Path) -> None:
    for index, document in enumerate(seed_declarations()):
        pdf = tmp_path / f"form{index}.pdf"
        pdf.write_bytes(write_pdf(document))
        subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / f"form{index}")], check=True)
        pages = sorted(tmp_path.glob(f"form{index}-*.png"))
        assert pages and all(p.stat().st_size > 10_000 for p in pages)
        assert pages[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _image_only_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=A4)
    pixels = io.BytesIO(bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8ffff3f0005fe02fe"
        "a7d6a4bc0000000049454e44ae426082"))
    page.drawImage(ImageReader(pixels), 50, 50, 400, 600)
    page.showPage()
    page.save()
    return stream.getvalue()


def test_an_image_only_pdf_gets_a_clear_error() -> None:
    with pytest.raises(FormatError, match="PDF 中没有可提取的文字（可能是扫描图片）"):
        read_pdf(_image_only_pdf(), "scan.pdf")


def test_not_a_pdf_and_a_broken_pdf() -> None:
    with pytest.raises(FormatError, match="不是 PDF 文件"):
        read_pdf(b"hello", "x.pdf")
    with pytest.raises(FormatError, match="PDF 文件已损坏"):
        read_pdf(b"%PDF-1.7\n" + b"\0" * 100, "x.pdf")


def test_a_pdf_from_another_system_is_read_from_its_text_with_what_to_confirm() -> None:
    from pypdf import PdfWriter

    from jixiao.formats.files import read_data

    original = seed_declarations()[0]
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(write_pdf(original))))
    writer.root_object.pop("/Names", None)  # no attached document: as if another system had printed it
    stream = io.BytesIO()
    writer.write(stream)
    with pytest.raises(FormatError, match="只能按文字尽力读取"):
        read_pdf(stream.getvalue(), "other.pdf")
    notes: list[str] = []
    [document] = read_data(stream.getvalue(), "other.pdf", notes)
    assert document == original
    assert notes and all("待确认" in n for n in notes)


def _pdf_with_attachment(payload: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_attachment(ATTACHMENT, payload)
    stream = io.BytesIO()
    writer.write(stream)
    return stream.getvalue()


@pytest.mark.parametrize(("payload", "message"), [
    (b"[" * 200_000 + b"]" * 200_000, "JSON 内容无效：嵌套层数过多"),
    (b'{"year": 1' + b"0" * 5000 + b"}", "JSON 内容无效：数字位数过多"),
    (b"\xff\xfe not utf-8", "不是 UTF-8 编码的文本"),
    ('{"year": "二〇二三"}'.encode(), "PDF 中附带的申报表数据无效"),
])
def test_a_tampered_attachment_is_a_chinese_problem(payload: bytes, message: str) -> None:
    with pytest.raises(FormatError) as raised:
        read_pdf_documents(_pdf_with_attachment(payload), "x.pdf", None)
    assert message in str(raised.value)
