"""Any supported file -> declarations, and declarations -> any supported format: what the CLI and the web call."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.documents import Declaration
from .errors import FormatError
from .json_io import decode_json, dumps, max_bytes, parse_declarations, read_bytes
from .pdf import documents_from_text, read_pdf_documents, write_pdf
from .text import read_text
from .xlsx import MAX_UNPACKED_BYTES, SheetResult, read_workbook, write_workbook

FORMATS = ("json", "xlsx", "pdf")
TITLE_BYTES = "财政项目支出绩效目标申报表".encode()


def sniff(data: bytes, name: str) -> str:
    """The format of a file, from its first bytes (the name's suffix only breaks ties)."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK") or data.startswith(b"\xd0\xcf\x11\xe0"):
        return "xlsx"
    if name.lower().endswith((".xlsx", ".xls")):
        return "xlsx"
    if name.lower().endswith(".txt") or (TITLE_BYTES in data[:4096] and data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
                                         not in (b"{", b"[")):
        return "text"
    return "json"


def describe_sheet_problems(results: Sequence[SheetResult]) -> str:
    lines = [f"工作表“{r.sheet}”{f'单元格 {cell}' if cell else ''}：{message}"
             for r in results for cell, message in r.problems]
    return "；".join(lines)


def read_file(path: Path, notes: list[str] | None = None) -> list[Declaration]:
    return read_data(read_bytes(path), str(path), notes)


def read_data(data: bytes, source: str, notes: list[str] | None = None) -> list[Declaration]:
    """Every declaration in a JSON, Excel, PDF or extracted-text file; a FormatError names every problem and where.

    PDFs not made by jixiao and extracted text are read on a best-effort basis, and only when ``notes`` is given:
    what a person must confirm is appended to it.
    """
    kind = sniff(data, source)
    if kind == "pdf":
        return read_pdf_documents(data, source, notes)
    if kind == "text":
        if notes is None:
            raise FormatError(source, "文字文件只能按文字尽力读取；请用导入或转换功能，并逐条核对待确认之处")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise FormatError(source, f"不是 UTF-8 编码的文本（第 {error.start + 1} 个字节无法解码）") from None
        return documents_from_text(read_text(text, source), source, notes)
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


@dataclass
class FileResult:
    """One file of an upload or a folder: its declarations, or what kept it from being read."""

    name: str
    documents: list[Declaration] = field(default_factory=list)
    problem: str = ""
    notes: list[str] = field(default_factory=list)  # what to confirm in a best-effort reading


MAX_BUNDLE_FILES = 500


def read_bundle(data: bytes, name: str) -> list[FileResult]:
    """A single file, or a .zip of files (workbooks, JSON, PDF): each read on its own, problems kept per file."""
    if data.startswith(b"PK") and not _is_workbook(data):
        try:
            members = _members(data, name)
        except FormatError as error:  # no form in it, too many files, a member too large
            return [FileResult(name, problem=error.message)]
        return [_read_one(member_data, f"{name}/{member}") for member, member_data in members]
    return [_read_one(data, name)]


def read_folder(folder: Path) -> list[FileResult]:
    results = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".xlsx", ".json", ".pdf",
                                                                                            ".zip", ".txt")):
        try:
            results += read_bundle(read_bytes(path), str(path))
        except FormatError as error:
            results.append(FileResult(str(path), problem=error.message))
    return results


def _read_one(data: bytes, name: str) -> FileResult:
    notes: list[str] = []
    try:
        return FileResult(name, read_data(data, name, notes), notes=notes)
    except FormatError as error:
        return FileResult(name, problem=error.message, notes=notes)


def _is_workbook(data: bytes) -> bool:
    try:
        return "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return True  # let the workbook reader say what is wrong with it


def _members(data: bytes, name: str) -> list[tuple[str, bytes]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.infolist() if not m.is_dir() and not m.filename.startswith("__MACOSX/")
                   and m.filename.lower().endswith((".xlsx", ".json", ".pdf", ".txt"))]
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FormatError(name, "压缩包已损坏，无法打开") from None
    if not members:
        raise FormatError(name, "压缩包中没有 .xlsx、.json 或 .pdf 文件")
    if len(members) > MAX_BUNDLE_FILES:
        raise FormatError(name, f"压缩包中的文件过多（{len(members)} 个，最多 {MAX_BUNDLE_FILES} 个）")
    out, total = [], 0
    for member in members:
        limit = MAX_UNPACKED_BYTES - total
        with archive.open(member) as stream:
            content = stream.read(min(limit, max_bytes()) + 1)
        if len(content) > min(limit, max_bytes()):
            raise FormatError(name, f"压缩包中的“{member.filename}”解压后过大，可能是压缩炸弹，已拒绝读取")
        total += len(content)
        out.append((member.filename, content))
    return out
