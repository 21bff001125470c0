"""JSON files <-> documents, read safely: a size limit, strict UTF-8, and every problem located in Chinese."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.documents import (
    SELF_EVALUATION_SCHEMA,
    Declaration,
    DocumentError,
    SelfEvaluation,
    load_declaration,
    load_self_evaluation,
)
from .errors import FormatError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
SEED_RESOURCE = "seed_forms_2022.json"


def max_bytes() -> int:
    """The largest file accepted; ``JIXIAO_MAX_FILE_MB`` raises or lowers it."""
    value = os.environ.get("JIXIAO_MAX_FILE_MB", "").strip()
    return int(float(value) * 1024 * 1024) if value else DEFAULT_MAX_BYTES


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    source = str(path)
    limit = max_bytes() if limit is None else limit
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise FormatError(source, "不是一个文件")
        if size > limit:
            raise FormatError(source, f"文件过大（{size / 1048576:.1f} MB），超过 {limit / 1048576:.0f} MB 的上限")
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise FormatError(source, "文件不存在") from None
    except PermissionError:
        raise FormatError(source, "没有读取该文件的权限") from None
    except IsADirectoryError:
        raise FormatError(source, "不是一个文件") from None
    if len(data) > limit:
        raise FormatError(source, f"文件过大，超过 {limit / 1048576:.0f} MB 的上限")
    return data


def decode_json(data: bytes, source: str) -> Any:
    if not data.strip():
        raise FormatError(source, "文件为空")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(
            source, f"不是 UTF-8 编码的文本（第 {error.start + 1} 个字节无法解码）", "编码"
        ) from None
    try:
        return json.loads(text, parse_float=str, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise FormatError(source, f"JSON 格式错误：{_json_reason(error.msg)}", f"第 {error.lineno} 行第 {error.colno} 列") \
            from None
    except RecursionError:
        raise FormatError(source, "JSON 内容无效：嵌套层数过多") from None
    except ValueError as error:  # a number of thousands of digits, NaN
        reason = "数字位数过多" if "digits" in str(error) else str(error)
        raise FormatError(source, f"JSON 内容无效：{reason}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"不允许的数值 {name}")


_JSON_REASONS = {
    "Expecting value": "此处应为一个值",
    "Expecting property name enclosed in double quotes": "属性名应使用英文双引号",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Unterminated string starting at": "字符串没有结束引号",
    "Extra data": "文档结束后还有多余内容",
    "Invalid control character at": "字符串中有控制字符",
    "Invalid \\escape": "无效的转义符",
}


def _json_reason(message: str) -> str:
    return next((chinese for english, chinese in _JSON_REASONS.items() if message.startswith(english)), message)


def _items(data: Any, source: str) -> list[tuple[str, Any]]:
    """A file holds one document (an object) or several (a list); each with the path prefix its errors get."""
    if isinstance(data, list):
        if not data:
            raise FormatError(source, "文件中没有任何表单（空列表）")
        return [(f"[{i}]", item) for i, item in enumerate(data)]
    return [("", data)]


def _locate(error: DocumentError, source: str, prefix: str) -> FormatError:
    problems = "；".join(f"{prefix}{'.' if prefix and path and not path.startswith('[') else ''}{path}: {message}"
                        if (prefix or path) else message for path, message in error.problems)
    return FormatError(source, problems)


def parse_declarations(data: Any, source: str) -> list[Declaration]:
    documents = []
    for prefix, item in _items(data, source):
        if isinstance(item, dict) and item.get("schema") == SELF_EVALUATION_SCHEMA:
            raise FormatError(source, "这是绩效自评表（jixiao/self-evaluation@1），不是绩效目标申报表", prefix)
        try:
            documents.append(load_declaration(item))
        except DocumentError as error:
            raise _locate(error, source, prefix) from None
    return documents


def read_declarations(path: Path) -> list[Declaration]:
    source = str(path)
    return parse_declarations(decode_json(read_bytes(path), source), source)


def read_self_evaluation(path: Path) -> SelfEvaluation:
    source = str(path)
    data = decode_json(read_bytes(path), source)
    try:
        return load_self_evaluation(data)
    except DocumentError as error:
        raise _locate(error, source, "") from None


def seed_declarations() -> list[Declaration]:
    """The five published 2022 forms that ship with the package."""
    data = resources.files("jixiao.data").joinpath(SEED_RESOURCE).read_bytes()
    return parse_declarations(json.loads(data, parse_float=str), f"jixiao/data/{SEED_RESOURCE}")


def dumps(documents: Iterable[Declaration | SelfEvaluation], *, as_list: bool = False) -> str:
    """One document as an object, several as a list, in the canonical JSON shape; ``as_list`` for an export, whose
    shape must not depend on how many documents matched."""
    items = [doc.to_json() for doc in documents]
    payload = items[0] if len(items) == 1 and not as_list else items
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
