"""Reading PDFs that were not made to be read: what comes back is a located Chinese problem, never a traceback."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from jixiao.formats.errors import FormatError
from jixiao.formats.pdf import ATTACHMENT, read_pdf_documents


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
