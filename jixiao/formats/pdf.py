"""Declarations -> PDF in the official 申报表 layout, and back.

The PDF carries real, searchable text in an embedded CJK TrueType font found through fontconfig; without one it
falls back to Adobe's non-embedded ``STSong-Light`` and says so once. The declaration document itself travels
inside the PDF as an attached file (``declaration.json``), so that a PDF we produced reads back to the identical
document; other PDFs are read from their text, on a best-effort basis.
"""

from __future__ import annotations

import io
import json
import logging
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..core.documents import Declaration, DocumentError, load_declaration
from ..core.numbers import amount_text
from .errors import FormatError
from .json_io import decode_json

log = logging.getLogger(__name__)
ATTACHMENT = "declaration.json"
FALLBACK_FONT = "STSong-Light"


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool
    path: str = ""


@lru_cache(maxsize=1)
def cjk_font() -> Font:
    """The font PDFs are set in: the first TrueType CJK font fontconfig lists that ReportLab can embed."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    for path in _fontconfig_cjk_files():
        try:
            font = TTFont("JixiaoCJK", path, subfontIndex=0) if path.endswith(".ttc") else TTFont("JixiaoCJK", path)
        except (TTFError, OSError, ValueError):
            continue  # CFF-outlined OpenType (Noto CJK) cannot be embedded by ReportLab
        pdfmetrics.registerFont(font)
        return Font("JixiaoCJK", True, path)
    log.warning("没有找到可嵌入的中文 TrueType 字体（如 fonts-wqy-zenhei），PDF 改用不嵌入的 %s 字体", FALLBACK_FONT)
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return Font(FALLBACK_FONT, False)


def _fontconfig_cjk_files() -> list[str]:
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})
    truetype = [f for f in files if "/truetype/" in f or f.endswith(".ttf")]
    return truetype + [f for f in files if f not in truetype]


# --------------------------------------------------------------------------------------------------------------
# Writing


def write_pdf(document: Declaration) -> bytes:
    """The declaration as an A4 PDF in the official layout, with the document attached."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font().name
    base = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    centre = ParagraphStyle("centre", parent=base, alignment=TA_CENTER)
    title = ParagraphStyle("title", parent=base, fontSize=16, leading=22, alignment=TA_CENTER, spaceAfter=2)
    year = ParagraphStyle("year", parent=base, fontSize=10, alignment=TA_CENTER, spaceAfter=6)

    def p(text: Any, style: ParagraphStyle = base, room: int = 14) -> Paragraph | str:
        """A wrapping paragraph, or the plain string where it fits one line (much cheaper to lay out)."""
        text = str(text) if text is not None else ""
        if len(text) <= room and "\n" not in text:
            return text
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return Paragraph(escaped.replace("\n", "<br/>"), style)

    width = A4[0] - 30 * mm
    grid = [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), font), ("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 12),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]
    shade = colors.HexColor("#F2F2EC")
    funds = document.funds
    amount = amount_text
    years = (f"{document.start_date.year}年 - {document.end_date.year}年" if document.start_date and document.end_date
             else f"{document.year}年")
    header_rows = [
        [p("项目名称", centre), "", p(document.name), p("项目类别", centre), p(document.category)],
        [p("项目编码", centre), "", p(document.code), p("项目类型", centre), p(document.project_type)],
        [p("主管部门", centre), "", p(document.department), p("实施单位", centre), p(document.implementing_unit)],
        [p("计划开始日期", centre), "", p(document.start_date), p("计划完成日期", centre), p(document.end_date)],
        [p(f"项目资金\n（{document.amount_unit}）", centre), p("项目资金总额", centre), p(amount(funds.total)),
         p("年度资金申请总额", centre), p(amount(funds.annual_request))],
        ["", p("其中：当年财政拨款", centre), p(amount(funds.current_year_appropriation)), p("上年结转资金", centre),
         p(amount(funds.prior_year_carryover))],
        ["", p("其中：财政资金", centre), p(amount(funds.fiscal)), p("其他资金", centre), p(amount(funds.other))],
        [p("项目绩效目标", centre, room=4), p(f"项目总目标（{years}）", centre), "", p("年度总目标", centre), ""],
        ["", p(document.overall_goal), "", p(document.annual_goal), ""],
    ]
    header = Table(header_rows, colWidths=[w * width for w in (0.1, 0.18, 0.27, 0.18, 0.27)])
    header.setStyle(TableStyle([
        *grid,
        ("SPAN", (0, 0), (1, 0)), ("SPAN", (0, 1), (1, 1)), ("SPAN", (0, 2), (1, 2)), ("SPAN", (0, 3), (1, 3)),
        ("SPAN", (0, 4), (0, 6)), ("SPAN", (0, 7), (0, 8)), ("SPAN", (1, 7), (2, 7)), ("SPAN", (3, 7), (4, 7)),
        ("SPAN", (1, 8), (2, 8)), ("SPAN", (3, 8), (4, 8)),
        ("BACKGROUND", (0, 0), (1, 3), shade), ("BACKGROUND", (3, 0), (3, 6), shade),
        ("BACKGROUND", (0, 4), (1, 6), shade), ("BACKGROUND", (0, 7), (-1, 7), shade),
        ("VALIGN", (1, 8), (-1, 8), "TOP"), ("ALIGN", (0, 0), (1, -1), "CENTER"), ("ALIGN", (3, 0), (3, 7), "CENTER"),
        ("ALIGN", (1, 7), (-1, 7), "CENTER"),
    ]))

    columns = ["一级指标", "二级指标", "三级指标", "指标目标值"]
    rows: list[list[Any]] = [[p(c, centre) for c in columns]]
    style = [*grid, ("BACKGROUND", (0, 0), (-1, 0), shade), ("ALIGN", (0, 0), (1, -1), "CENTER"),
             ("ALIGN", (3, 0), (3, -1), "CENTER"), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    previous: tuple[str, str] | None = None
    for index, indicator in enumerate(document.indicators, start=1):
        level1_changed = previous is None or previous[0] != indicator.level1
        level2_changed = level1_changed or previous[1] != indicator.level2
        rows.append([p(indicator.level1 if level1_changed else "", centre, room=6),
                     p(indicator.level2 if level2_changed else "", centre, room=9),
                     p(indicator.name, room=21), p(indicator.target, centre, room=10)])
        # Merged-looking 一级/二级 cells that still split across pages: no line inside a run.
        if not level1_changed:
            style.append(("LINEABOVE", (0, index), (0, index), 0.6, colors.white))
        if not level2_changed:
            style.append(("LINEABOVE", (1, index), (1, index), 0.6, colors.white))
        previous = (indicator.level1, indicator.level2)
    style += [("LINEBEFORE", (0, 1), (0, -1), 0.6, colors.black), ("LINEAFTER", (0, 1), (1, -1), 0.6, colors.black)]
    indicators = Table(rows, colWidths=[w * width for w in (0.14, 0.2, 0.44, 0.22)], repeatRows=1)
    indicators.setStyle(TableStyle(style))

    stream = io.BytesIO()
    doc = SimpleDocTemplate(stream, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                            bottomMargin=18 * mm, title=f"{document.name or ''}（{document.year}年度）",
                            author=document.implementing_unit or "", subject="财政项目支出绩效目标申报表",
                            creator="jixiao",
                            # Uncompressed page streams: a fifth faster to write, at about 30 KB more per form
                            # (the embedded font stays compressed).
                            pageCompression=0)
    payload = json.dumps(document.to_json(), ensure_ascii=False, separators=(",", ":")).encode()

    def decorate(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()
        if canvas.getPageNumber() == 1:
            _attach(canvas, ATTACHMENT, payload)

    doc.build([Paragraph("财政项目支出绩效目标申报表", title), Paragraph(f"（{document.year}年度）", year), header,
               Spacer(1, 0),
               indicators], onFirstPage=decorate, onLaterPages=decorate)
    return stream.getvalue()




def _attach(canvas: Any, name: str, data: bytes) -> None:
    """Attach a file to the PDF (/Names /EmbeddedFiles), which ReportLab has no call for."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    document = canvas._doc
    embedded = PDFStream(PDFDictionary({"Type": PDFName("EmbeddedFile"), "Subtype": PDFName("application#2Fjson"),
                                        "Params": PDFDictionary({"Size": len(data)})}), content=data)
    spec = PDFDictionary({"Type": PDFName("Filespec"), "F": PDFString(name), "UF": PDFString(name),
                          "Desc": PDFString("jixiao/declaration@1"),
                          "EF": PDFDictionary({"F": document.Reference(embedded)})})
    document.Catalog.Names = PDFDictionary({
        "EmbeddedFiles": PDFDictionary({"Names": PDFArray([PDFString(name), document.Reference(spec)])})})


# --------------------------------------------------------------------------------------------------------------
# Reading


def read_pdf(data: bytes, source: str) -> Declaration:
    """The declaration attached to a PDF we produced (exact); see ``read_pdf_documents`` for any PDF."""
    documents = read_pdf_documents(data, source, notes=None)
    if len(documents) != 1:
        raise FormatError(source, f"PDF 中有 {len(documents)} 张申报表，这里只能读取一张")
    return documents[0]


def read_pdf_documents(data: bytes, source: str, notes: list[str] | None) -> list[Declaration]:
    """Declarations in a PDF: ours exactly (the attached document); others read from their text, best effort.

    With ``notes`` given, what a person must confirm in a best-effort reading is appended to it; without, only a
    PDF we produced is accepted.
    """
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if not data.startswith(b"%PDF"):
        raise FormatError(source, "不是 PDF 文件")
    try:
        reader = PdfReader(io.BytesIO(data))
        attached = reader.attachments.get(ATTACHMENT)
        text = "" if attached else "\n".join((page.extract_text() or "") for page in reader.pages[:200])
    except PyPdfError as error:  # its limits too: a compressed stream that unpacks to more than it allows
        raise FormatError(source, f"PDF 文件已损坏或超出读取限制：{type(error).__name__}") from None
    except (ValueError, KeyError, TypeError, OSError, RecursionError):
        raise FormatError(source, "PDF 文件已损坏，无法读取") from None
    if attached:
        data_in_pdf = decode_json(attached[0], f"{source}（附带的申报表数据）")
        try:
            return [load_declaration(data_in_pdf)]
        except DocumentError as error:
            raise FormatError(source, f"PDF 中附带的申报表数据无效：{error}") from None
    if not text.strip():
        raise FormatError(source, "PDF 中没有可提取的文字（可能是扫描图片），无法读取；请提供 Excel 或文字版 PDF")
    if notes is None:
        raise FormatError(source, "这份 PDF 不是 jixiao 生成的申报表，只能按文字尽力读取；请用导入或转换功能，并逐条核对待确认之处")
    from .text import read_text

    return documents_from_text(read_text(text, source), source, notes)


def documents_from_text(forms: list[Any], source: str, notes: list[str]) -> list[Declaration]:
    """The documents recovered from text, with every uncertainty and problem written to ``notes``."""
    documents = []
    for number, form in enumerate(forms, start=1):
        prefix = f"第{number}张表"
        notes += [f"{prefix}：{problem}" for problem in form.problems]
        notes += [f"{prefix} {u.where}：待确认 — {u.message}" for u in form.uncertainties]
        if form.document is not None:
            documents.append(form.document)
    if not documents:
        raise FormatError(source, "没有读出任何完整的申报表：" + "；".join(notes[:10]))
    return documents


def write_table_pdf(title: str, year: int, facts: list[tuple[str, str]], columns: list[str], rows: list[list[Any]],
                    widths: list[float], footer: list[tuple[str, str]] = ()) -> bytes:
    """A simpler official table (自评表, 监控表): a title, key facts, one table whose header repeats on each page."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = cjk_font().name
    base = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK")
    heading = ParagraphStyle("title", parent=base, fontSize=15, leading=20, alignment=TA_CENTER)
    page = landscape(A4)
    width = page[0] - 24 * mm

    def p(value: Any) -> Any:
        text = "" if value is None else str(value)
        if len(text) <= 10:
            return text
        return Paragraph(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), base)

    grid = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTSIZE", (0, 0), (-1, -1), 8), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2EC")), ("ALIGN", (0, 0), (-1, 0), "CENTER")]
    story: list[Any] = [Paragraph(title, heading), Paragraph(f"（{year}年度）", ParagraphStyle(
        "year", parent=base, fontSize=10, alignment=TA_CENTER, spaceAfter=6))]
    if facts:
        fact_table = Table([[p(k), p(v)] for k, v in facts], colWidths=[0.2 * width, 0.8 * width])
        fact_table.setStyle(TableStyle([s for s in grid if s[0] != "BACKGROUND"]
                                       + [("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#F2F2EC"))]))
        story += [fact_table, Spacer(1, 4)]
    table = Table([columns, *[[p(v) for v in row] for row in rows]], colWidths=[w * width for w in widths],
                  repeatRows=1)
    table.setStyle(TableStyle(grid))
    story.append(table)
    if footer:
        story.append(Table([[p(k), p(v)] for k, v in footer], colWidths=[0.2 * width, 0.8 * width],
                           style=TableStyle([s for s in grid if s[0] != "BACKGROUND"])))
    stream = io.BytesIO()

    def number(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawCentredString(page[0] / 2, 8 * mm, f"第 {canvas.getPageNumber()} 页")
        canvas.restoreState()

    SimpleDocTemplate(stream, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                      bottomMargin=14 * mm, title=title, creator="jixiao").build(story, onFirstPage=number,
                                                                                  onLaterPages=number)
    return stream.getvalue()
