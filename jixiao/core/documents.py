"""The two documents of DESIGN.md sections 2 and 5, as pydantic models.

``load_declaration`` and ``load_self_evaluation`` take plain data (already decoded JSON) and either return a model or
raise ``DocumentError`` whose entries name the field path (``indicators[3].target``) and say what is wrong in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    model_serializer,
)

from .enums import Basis, Category, Level1, canonical_level1, canonical_level2
from .numbers import json_number
from .targets import Target, parse_target

DECLARATION_SCHEMA = "jixiao/declaration@1"
SELF_EVALUATION_SCHEMA = "jixiao/self-evaluation@1"


class DocumentError(ValueError):
    """A document that is not valid; ``problems`` is a list of (field path, Chinese message)."""

    def __init__(self, problems: list[tuple[str, str]], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        prefix = f"{self.source}: " if self.source else ""
        return "\n".join(f"{prefix}{path or '文档'}: {message}" for path, message in self.problems)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _amount(value: Any) -> Any:
    """Amounts come as numbers or as text people typed ("3,550,000", "３５５")."""
    value = _blank_to_none(value)
    if isinstance(value, str):
        return value.strip().replace(",", "").replace("，", "")
    if isinstance(value, float):
        return Decimal(repr(value))
    return value




_AsNumber = PlainSerializer(json_number, when_used="json")
# Scores, weights and rates: signed, and as long as an amount (1e40 would overflow the scoring arithmetic).
Number = Annotated[
    Annotated[Decimal, Field(max_digits=20, allow_inf_nan=False)] | None, BeforeValidator(_amount), _AsNumber
]
Amount = Annotated[
    Annotated[Decimal, Field(ge=0, max_digits=20, decimal_places=6)] | None, BeforeValidator(_amount), _AsNumber
]
Text = Annotated[str, Field(max_length=20000)]
ShortText = Annotated[Annotated[str, Field(max_length=500)] | None, BeforeValidator(_blank_to_none)]
LongText = Annotated[Text | None, BeforeValidator(_blank_to_none)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


class Funds(_Model):
    total: Amount = None
    annual_request: Amount = None
    current_year_appropriation: Amount = None
    prior_year_carryover: Amount = None
    fiscal: Amount = None
    other: Amount = None


def _level1(value: Any) -> Any:
    if isinstance(value, str):
        return canonical_level1(value) or value
    return value


def _level2(value: Any) -> Any:
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("未选择二级指标")
        canonical = canonical_level2(value)
        if canonical is None:
            raise ValueError(f"未知的二级指标“{value}”")
        return canonical
    return value


class Indicator(_Model):
    level1: Annotated[Level1, BeforeValidator(_level1)]
    level2: Annotated[str, BeforeValidator(_level2)]
    name: Annotated[str, Field(max_length=500)]
    target: Annotated[str, BeforeValidator(lambda v: "" if v is None else str(v) if isinstance(v, int | float) else v),
                      Field(max_length=500)]
    weight: Amount = None
    basis: Basis | None = None
    basis_note: LongText = None
    note: LongText = None

    @model_serializer(mode="wrap")
    def _without_unset_options(self, handler: Any) -> dict[str, Any]:
        data = handler(self)
        for key in ("weight", "basis", "basis_note", "note"):
            if data.get(key) is None:
                data.pop(key, None)
        return data


class Declaration(_Model):
    schema_: Literal["jixiao/declaration@1"] = Field(DECLARATION_SCHEMA, alias="schema")
    year: Annotated[int, Field(ge=1990, le=2100)]
    name: ShortText = None
    code: ShortText = None
    category: Annotated[Category | None, BeforeValidator(_blank_to_none)] = None
    project_type: ShortText = None
    department: ShortText = None
    implementing_unit: ShortText = None
    start_date: Annotated[date | None, BeforeValidator(_blank_to_none)] = None
    end_date: Annotated[date | None, BeforeValidator(_blank_to_none)] = None
    amount_unit: Literal["元", "万元"] = "元"
    funds: Funds = Funds()
    overall_goal: LongText = None
    annual_goal: LongText = None
    indicators: Annotated[list[Indicator], Field(max_length=1000)] = []

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)

    @cached_property
    def targets(self) -> tuple[Target, ...]:
        """Each indicator's parsed target, deadlines resolved against the form's year."""
        return tuple(parse_target(indicator.target, self.year) for indicator in self.indicators)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


Band = Literal["达成", "部分达成", "未达成"]


class Budget(_Model):
    initial: Amount = None
    full_year: Amount = None
    executed: Amount = None
    weight: Amount = None
    rate: Number = None  # as recorded on a table, to be audited
    score: Number = None


class EvaluatedIndicator(_Model):
    level1: Annotated[Level1, BeforeValidator(_level1)]
    level2: Annotated[str, BeforeValidator(_level2)]
    name: Annotated[str, Field(max_length=500)]
    target: Annotated[str, Field(max_length=500)]
    actual: Annotated[str | None, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)] = None
    weight: Amount = None
    achievement: Band | None = None
    score: Number = None
    deviation_note: LongText = None
    applicable: bool = True


class SelfEvaluation(_Model):
    schema_: Literal["jixiao/self-evaluation@1"] = Field(SELF_EVALUATION_SCHEMA, alias="schema")
    name: Annotated[str, Field(max_length=500)]
    year: Annotated[int, Field(ge=1990, le=2100)]
    budget: Budget = Budget()
    indicators: Annotated[list[EvaluatedIndicator], Field(max_length=1000)] = []
    total: Number = None
    grade: Literal["优", "良", "中", "差"] | None = None

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


# --------------------------------------------------------------------------------------------------------------
# Loading, with errors in Chinese

#: Fields that exist only in a transcription (seed/forms_2022.json), not in the document.
TRANSCRIPTION_KEYS = ("ambiguities",)

_FIELD_LABELS = {
    "year": "年度",
    "name": "名称",
    "category": "项目类别",
    "department": "主管部门",
    "implementing_unit": "实施单位",
    "start_date": "计划开始日期",
    "end_date": "计划完成日期",
    "amount_unit": "金额单位",
    "total": "项目资金总额",
    "annual_request": "年度资金申请总额",
    "current_year_appropriation": "当年财政拨款",
    "prior_year_carryover": "上年结转资金",
    "fiscal": "财政资金",
    "other": "其他资金",
    "overall_goal": "项目总目标",
    "annual_goal": "年度总目标",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "target": "指标目标值",
    "weight": "分值",
    "basis": "指标值设定依据",
    "actual": "实际完成值",
    "achievement": "达成情况",
    "executed": "全年执行数",
    "full_year": "全年预算数",
    "initial": "年初预算数",
    "score": "得分",
    "rate": "执行率",
    "deviation_note": "偏差原因分析及改进措施",
}


#: Fields named otherwise inside an indicator or the budget than at the top of the form.
_PART_LABELS = {("indicators", "name"): "三级指标名称", ("indicators", "basis_note"): "设定依据说明",
                ("indicators", "applicable"): "是否适用", ("budget", "rate"): "预算执行率", ("budget", "score"): "预算执行率得分",
                ("budget", "weight"): "预算执行率的分值", ("", "name"): "项目名称", ("", "code"): "项目编码", ("", "funds"): "资金",
                ("", "budget"): "预算执行率", ("", "indicators"): "绩效指标",
                ("", "total"): "总分", ("", "grade"): "等级"}  # at the top only in a self-evaluation
_PATH_PART = re.compile(r"(\w+)(?:\[(\d+)\])?")


def where_label(path: str) -> str:
    """A field path as people read it: "indicators[4].name" is 第5个指标的三级指标名称, "funds.annual_request" is
    年度资金申请总额; a path it does not know is given back as it is."""
    words, parent = [], ""
    for part in path.split("."):
        match = _PATH_PART.fullmatch(part)
        if match is None:
            return path
        name, index = match.groups()
        if name == "indicators" and index is not None:
            words.append(f"第{int(index) + 1}个指标")
        elif name not in ("funds", "budget") or parent or "." not in path:  # "funds.total" is 项目资金总额
            label = _PART_LABELS.get((parent, name)) or _FIELD_LABELS.get(name)
            if label is None:
                return path
            words.append(label)
        parent = name
    return "的".join(words)


def field_path(location: Iterable[Any]) -> str:
    """('indicators', 3, 'target') -> 'indicators[3].target'."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _chinese_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    names = [p for p in error["loc"] if isinstance(p, str)]
    leaf, parent = (names[-1] if names else ""), (names[-2] if len(names) > 1 else "")
    label = _PART_LABELS.get((parent, leaf)) or _FIELD_LABELS.get(leaf, leaf)  # a self-evaluation's total is 总分
    given = error.get("input")
    shown = f"（填写的是“{given}”）" if isinstance(given, str | int | float) and not isinstance(given, bool) else ""
    if kind == "missing":
        return f"缺少必填项“{label}”"
    if kind == "extra_forbidden":
        return f"不认识的字段“{leaf}”，请检查拼写"
    if kind in ("greater_than_equal", "greater_than"):
        return f"“{label}”不能小于 {ctx.get('ge', ctx.get('gt'))}{shown}"
    if kind in ("less_than_equal", "less_than"):
        return f"“{label}”不能大于 {ctx.get('le', ctx.get('lt'))}{shown}"
    if kind.startswith("decimal") or kind in ("int_parsing", "int_type", "float_parsing", "int_from_float",
                                               "finite_number"):
        if kind in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
            return f"“{label}”的数字位数过多{shown}"
        return f"“{label}”应为数字{shown}"
    if kind in ("date_from_datetime_parsing", "date_parsing", "date_type", "date_from_datetime_inexact"):
        return f"“{label}”应为日期，格式如 2022-01-01{shown}"
    if kind in ("enum", "literal_error"):
        expected = str(ctx.get("expected", "")).replace(" or ", "、").replace(", ", "、")
        return f"“{label}”的取值不在允许范围内{shown}，应为 {expected}"
    if kind in ("string_type",):
        return f"“{label}”应为文字{shown}"
    if kind in ("list_type",):
        return f"“{label}”应为列表"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"“{label or '文档'}”应为对象（JSON 的 {{…}}）"
    if kind == "string_too_long":
        return f"“{label}”过长（最多 {ctx.get('max_length')} 字）"
    if kind == "too_long":
        return f"“{label}”条目过多（最多 {ctx.get('max_length')} 个）"
    if kind == "bool_parsing" or kind == "bool_type":
        return f"“{label}”应为 true 或 false{shown}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"“{label}”无效{shown}"


def _problems(error: ValidationError) -> list[tuple[str, str]]:
    problems = []
    for item in error.errors():
        location = tuple(p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        location = tuple("schema" if p == "schema_" else p for p in location)
        problems.append((field_path(location), _chinese_message(item)))
    return problems


def load_declaration(data: Any, source: str = "") -> Declaration:
    if not isinstance(data, dict):
        raise DocumentError([("", "申报表文档应为 JSON 对象（{…}）")], source)
    data = {k: v for k, v in data.items() if k not in TRANSCRIPTION_KEYS}
    try:
        return Declaration.model_validate(data)
    except ValidationError as error:
        raise DocumentError(_problems(error), source) from None


def load_self_evaluation(data: Any, source: str = "") -> SelfEvaluation:
    if not isinstance(data, dict):
        raise DocumentError([("", "自评表文档应为 JSON 对象（{…}）")], source)
    try:
        return SelfEvaluation.model_validate(data)
    except ValidationError as error:
        raise DocumentError(_problems(error), source) from None


def declaration_json_schema() -> dict[str, Any]:
    return Declaration.model_json_schema(by_alias=True)


def self_evaluation_json_schema() -> dict[str, Any]:
    return SelfEvaluation.model_json_schema(by_alias=True)
