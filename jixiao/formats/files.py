"""Any supported file -> declarations, and declarations -> any supported format: what the CLI and the web call."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..core.documents import Declaration
from .errors import FormatError
from .json_io import decode_json, dumps, parse_declarations, read_bytes
from .pdf import read_pdf, write_pdf
from .xlsx import SheetResult, read_workbook, write_workbook

FORMATS = ("json", "xlsx", "pdf")


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes (the name's suffix only breaks ties)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xls")):
        return "xlsx"
    return "json"


def describe_sheet_problems(results: Sequence[SheetResult]) -> str:
    lines = [f"工作表“{r.sheet}”{f'单元格 {cell}' if cell else ''}：{message}"
             for r in results for cell, message in r.problems]
    return "；".join(lines)


def read_file(path: Path) -> list[Declaration]:
    return read_data(read_bytes(path), str(path))


def read_data(data: bytes, source: str) -> list[Declaration]:
    """Every declaration in a JSON, Excel or PDF file; a FormatError names every problem and where it is."""
    kind = sniff(data, source)
    if kind == "pdf":
        return [read_pdf(data, source)]
    if kind == "xlsx":
        results = read_workbook(data, source)
        if any(r.problems for r in results):
            raise FormatError(source, describe_sheet_problems(results))
        return [r.document for r in results if r.document is not None]
    return parse_declarations(decode_json(data, source), source)


def write(documents: Sequence[Declaration], fmt: str) -> bytes:
    if fmt == "json":
        return dumps(documents).encode("utf-8")
    if fmt == "xlsx":
        return write_workbook(documents)
    if fmt == "pdf":
        if len(documents) != 1:
            raise FormatError("", f"PDF 一次只能转换一张申报表（文件中有 {len(documents)} 张）；请转换为 xlsx，或逐张转换")
        return write_pdf(documents[0])
    raise FormatError("", f"不支持的格式 {fmt}")
