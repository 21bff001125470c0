"""Text in: declaration forms recovered from text extracted from a PDF that kept no layout.

Such text (pdf.js, pdfminer, ``pdftotext`` without ``-layout``, a copy and paste from a viewer) still holds every
word of the official 申报表, but the table is gone: labels and values come out of order, the two goal columns
interleave line by line and wrap at a fixed width, indicator names and target values arrive in separate runs, and
the 一级/二级 labels of merged cells float somewhere near the rows they cover. ``read_text`` rebuilds each form as a
``jixiao/declaration@1`` document and says, for a person to confirm, every place where it had to guess:

- header: values are matched to labels by the label they sit beside on the same line (or on the next line, when
  the labels come out in the form's own order), else by what they look like (dates, the category, an
  organisation's name);
- funds: an amount printed beside its label is certain; unlabelled copies go where the form's identities hold
  and the usual reading (年度资金申请总额, then 当年财政拨款) puts them, and are marked;
- goals: every line goes to the 项目总目标 or the 年度总目标 column by the wrap width, the numbered shape of the
  annual goal (``1、…；2、…``), sentence continuity and punctuation; punctuation pushed out of its line is put back
  where a line is short by exactly its size; every placement that is not forced is marked, on both columns;
- indicators: names and values are paired in order, names cut by the column width are rejoined, and the level2
  groups are chosen by an exhaustive optimisation over the labels' positions and the meaning of names and values;
  each pairing that a swap could equally explain, and each row that a neighbouring group could equally take, is
  marked.

Text that kept its layout (``pdftotext -layout``: columns apart by runs of spaces) and text read cell by cell
(pypdf) are read too, and there the positions settle what layout-less text leaves to guesswork.

Pure Python and deterministic; it never raises on odd text (a form it cannot rebuild comes back with ``problems``),
and raises ``FormatError`` only when the text holds no form at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, permutations
from typing import Any

from ..core.documents import Declaration, DocumentError, load_declaration
from ..core.enums import (
    COST,
    ECOLOGICAL_BENEFIT,
    ECOLOGICAL_COST,
    ECONOMIC_BENEFIT,
    ECONOMIC_COST,
    LEVEL2_NAMES,
    QUALITY,
    QUANTITY,
    SERVICE_SATISFACTION,
    SOCIAL_BENEFIT,
    SOCIAL_COST,
    SUSTAINABLE_IMPACT,
    TIMELINESS,
    Category,
    Level1,
    canonical_level1,
    canonical_level2,
)
from ..core.targets import COUNT_UNITS, Kind, Qual, Target, parse_target
from .errors import FormatError


@dataclass
class Uncertainty:
    where: str  # a document path: "indicators[4].target", "annual_goal", "funds.annual_request"
    message: str  # Chinese, for the person who must confirm it


@dataclass
class TextForm:
    document: Declaration | None
    uncertainties: list[Uncertainty] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Chinese: what could not be read at all


TITLE = "财政项目支出绩效目标申报表"
DEFAULT_GOAL_WIDTH = 25


def read_text(text: str, source: str = "") -> list[TextForm]:
    """Every form in the extracted text, in order. ``FormatError`` only if there is no form at all."""
    chunks = _split_forms(text if isinstance(text, str) else "")
    if not chunks:
        raise FormatError(source or "文本", "文本中没有找到绩效目标申报表（没有“财政项目支出绩效目标申报表”标题或表格标签）")
    return [_read_form_safely(lines) for lines in chunks]


# --------------------------------------------------------------------------------------------------------------
# Forms and regions


@dataclass(frozen=True)
class Line:
    number: int  # position in the whole text: tokens on one line were printed on one visual row
    text: str  # with runs of white space folded to one space
    cells: tuple[tuple[int, str], ...] = ()  # (display column, text) of each run between 2+ spaces (layout text)

    def as_cells(self) -> list[Line]:
        """One line per cell, numbered like this one; a line without cells is its own single cell."""
        if len(self.cells) < 2:
            return [self]
        return [Line(self.number, text, ((x, text),)) for x, text in self.cells]

    @property
    def x(self) -> int:
        return self.cells[0][0] if self.cells else 0


_FORM_LABELS = ("项目名称", "主管部门", "项目资金总额", "项目总目标", "年度总目标", "一级指标", "三级指标", "指标目标值")
_PAGE_NUMBER = re.compile(r"^(?:-\s*\d+\s*-|第\s*\d+\s*页(?:\s*[，,/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")


def _split_forms(text: str) -> list[list[Line]]:
    """The lines of each form: a form starts at its title; text with no title is one form if it has the form's labels."""
    lines = [_line(n, raw) for n, raw in enumerate(text.splitlines())]
    lines = [line for line in lines if line.text and not _PAGE_NUMBER.match(line.text)]
    starts = [i for i, line in enumerate(lines) if TITLE in line.text]
    if not starts:
        labels = sum(1 for label in _FORM_LABELS if any(label in line.text for line in lines))
        return [lines] if labels >= 3 else []
    return [lines[start:end] for start, end in zip(starts, [*starts[1:], len(lines)], strict=True)]


_CELL = re.compile(r"\S+(?:[ \u3000]\S+)*")


def _line(number: int, raw: str) -> Line:
    raw = raw.expandtabs(8).replace("\xa0", " ")
    cells = tuple((_display_width(raw[: m.start()]), m.group()) for m in _CELL.finditer(raw))
    return Line(number, " ".join(raw.split()), cells)


def _display_width(text: str) -> int:
    """Columns on screen: layout text aligns its columns by display width, where a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _read_form_safely(lines: list[Line]) -> TextForm:
    try:
        return _read_form(lines)
    except Exception as error:  # the contract is "never raises on odd text": a bug must cost one form, not the file
        return TextForm(None, [], [f"这份申报表的文字无法解析（{type(error).__name__}）"])


def _read_form(lines: list[Line]) -> TextForm:
    notes = _Notes()
    goals_at = _first_index(lines, ("项目总目标", "年度总目标"))
    table_at = _first_index(lines, ("一级指标", "二级指标", "三级指标", "指标目标值"))
    header_end = min(i for i in (goals_at, table_at, len(lines)) if i is not None)
    goals_end = table_at if table_at is not None and (goals_at is None or table_at > goals_at) else len(lines)

    data: dict[str, Any] = {}
    _read_header(lines[:header_end], data, notes)
    table_lines = lines[table_at:] if table_at is not None else []
    if goals_at is None:
        notes.problem("没有找到“项目总目标/年度总目标”栏")
    else:
        _read_goals(lines[goals_at:goals_end], table_lines, data, notes)
    if table_at is None:
        notes.problem("没有找到绩效指标表（“一级指标 二级指标 三级指标 指标目标值”）")
        data["indicators"] = []
    else:
        data["indicators"] = _read_indicators(table_lines, data, notes)
    _mark_missing(data, notes)
    return _build(data, notes)


#: What every form has; one that is not found is marked for a person to fill in from the original.
_REQUIRED = {"name": "项目名称", "category": "项目类别", "department": "主管部门", "implementing_unit": "实施单位",
             "start_date": "计划开始日期", "end_date": "计划完成日期", "funds.total": "项目资金总额",
             "funds.annual_request": "年度资金申请总额", "overall_goal": "项目总目标", "annual_goal": "年度总目标"}


def _mark_missing(data: dict[str, Any], notes: _Notes) -> None:
    for where, label in _REQUIRED.items():
        if _value_at(data, where) is None:
            notes.guess(where, f"没有读到“{label}”，请对照原表补填")


def _first_index(lines: Sequence[Line], labels: tuple[str, ...]) -> int | None:
    return next((i for i, line in enumerate(lines) if any(label in line.text for label in labels)), None)


class _Notes:
    """What the reader collects beside the document: uncertainties to confirm, problems it could not get past."""

    def __init__(self) -> None:
        self.uncertainties: list[Uncertainty] = []
        self.problems: list[str] = []

    def guess(self, where: str, message: str) -> None:
        self.uncertainties.append(Uncertainty(where, message))

    def problem(self, message: str) -> None:
        self.problems.append(message)


def _build(data: dict[str, Any], notes: _Notes) -> TextForm:
    if data.get("year") is None:
        notes.problem("没有找到年度（如“（2022年度）”），无法建立申报表")
        return TextForm(None, notes.uncertainties, notes.problems)
    try:
        document = load_declaration(data)
    except DocumentError as error:
        notes.problems += [f"{path or '文档'}：{message}" for path, message in error.problems]
        return TextForm(None, notes.uncertainties, notes.problems)
    return TextForm(document, notes.uncertainties, notes.problems)


# --------------------------------------------------------------------------------------------------------------
# Header: 项目名称 … 项目资金


#: label -> the field its value fills ("" for labels that name no field of their own).
_HEADER_LABELS = {
    TITLE: "",
    "项目名称": "name",
    "项目编码": "code",
    "项目类别": "category",
    "项目类型": "project_type",
    "主管部门": "department",
    "实施单位": "implementing_unit",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
    "项目资金总额": "funds.total",
    "年度资金申请总额": "funds.annual_request",
    "其中：当年财政拨款": "funds.current_year_appropriation",
    "当年财政拨款": "funds.current_year_appropriation",
    "上年结转资金": "funds.prior_year_carryover",
    "其中：财政资金": "funds.fiscal",
    "财政资金": "funds.fiscal",
    "其中：其他资金": "funds.other",
    "其他资金": "funds.other",
    "项目资金": "",
}
#: The official layout puts two label/value pairs on a row: a value printed just before a right-hand label on the
#: same line is the value of the left-hand label of that row.
_LEFT_OF = {
    "项目类别": "name",
    "项目类型": "code",
    "实施单位": "department",
    "计划完成日期": "start_date",
    "年度资金申请总额": "funds.total",
    "上年结转资金": "funds.current_year_appropriation",
    "其他资金": "funds.fiscal",
}
_LABEL_RE = re.compile("|".join(re.escape(label) for label in sorted(_HEADER_LABELS, key=len, reverse=True)))
_YEAR_RE = re.compile(r"[（(]\s*(\d{4})\s*年度?\s*[）)]")
_UNIT_RE = re.compile(r"[（(]\s*(万元|元)\s*[）)]")
_AMOUNT_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_DATE_RE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_CODE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]{2,}")
_ORGANISATION_ENDINGS = ("中心", "局", "委员会", "委", "办公室", "院", "所", "站", "队", "馆", "政府", "办事处", "街道", "镇",
                         "乡", "厅", "部", "学校", "医院", "公司", "协会", "联合会", "集团")
_CATEGORY_SPELLINGS = {"经常性项目": Category.RECURRING, "经常性": Category.RECURRING, "一次性项目": Category.ONE_OFF,
                       "一次性": Category.ONE_OFF}
_OFFICIAL_ORDER = ("name", "category", "code", "project_type", "department", "implementing_unit", "start_date",
                   "end_date", "funds.total", "funds.annual_request", "funds.current_year_appropriation",
                   "funds.prior_year_carryover", "funds.fiscal", "funds.other")
_FUND_FIELDS = ("total", "annual_request", "current_year_appropriation", "prior_year_carryover", "fiscal", "other")
_FUND_LABELS = {"total": "项目资金总额", "annual_request": "年度资金申请总额", "current_year_appropriation": "当年财政拨款",
                "prior_year_carryover": "上年结转资金", "fiscal": "财政资金", "other": "其他资金"}


@dataclass
class _HeaderToken:
    kind: str  # "label", "amount", "date", "category", "text"
    text: str
    line: int
    field: str = ""  # for labels: the field they name


def _read_header(lines: Sequence[Line], data: dict[str, Any], notes: _Notes) -> None:
    tokens: list[_HeaderToken] = []
    for line in lines:
        text = line.text
        if year := _YEAR_RE.search(text):
            data.setdefault("year", int(year.group(1)))
            text = text.replace(year.group(0), " ")
        if unit := _UNIT_RE.search(text):
            data["amount_unit"] = unit.group(1)
            text = text.replace(unit.group(0), " ")
        tokens += _header_tokens(text, line.number)
    assigned = _assign_beside_labels(tokens, cell_order=_in_official_order(tokens))
    _read_dates(tokens, assigned, data, notes)
    _read_texts(tokens, assigned, data, notes)
    _read_funds(tokens, assigned, data, notes)
    if "amount_unit" not in data and data.get("funds"):
        data["amount_unit"] = "元"
        notes.guess("amount_unit", "金额没有印单位，按“元”读取；如申报表以万元填报，请改为万元")


def _value_at(data: dict[str, Any], path: str) -> Any:
    head, _, rest = path.partition(".")
    value = data.get(head)
    return _value_at(value, rest) if rest and isinstance(value, dict) else None if rest else value


def _header_tokens(text: str, line: int) -> list[_HeaderToken]:
    tokens = []
    position = 0
    for match in _LABEL_RE.finditer(text):
        tokens += _header_values(text[position : match.start()], line)
        tokens.append(_HeaderToken("label", match.group(), line, _HEADER_LABELS[match.group()]))
        position = match.end()
    return tokens + _header_values(text[position:], line)


def _header_values(text: str, line: int) -> list[_HeaderToken]:
    values = []
    # A date glued to a label ("2022-12-31计划开始日期") is split off by the label; dates never contain spaces we keep.
    for part in _DATE_RE.sub(lambda m: f" {m.group(0).replace(' ', '')} ", text).split():
        if _DATE_RE.fullmatch(part):
            values.append(_HeaderToken("date", part, line))
        elif _AMOUNT_RE.fullmatch(part):
            values.append(_HeaderToken("amount", part, line))
        elif part in _CATEGORY_SPELLINGS:
            values.append(_HeaderToken("category", part, line))
        else:
            values.append(_HeaderToken("text", part, line))
    return values


def _in_official_order(tokens: list[_HeaderToken]) -> bool:
    """Whether the labels come out in the order the form prints them: text read cell by cell."""
    fields = [t.field for t in tokens if t.kind == "label" and t.field]
    ranks = [_OFFICIAL_ORDER.index(f) for f in fields]
    return len(ranks) >= 4 and all(a <= b for a, b in pairwise(ranks))


def _assign_beside_labels(tokens: list[_HeaderToken], cell_order: bool) -> dict[int, str]:
    """Token index -> field, for values printed on the same line right after their label or right before the
    right-hand label of their row, or, in text read cell by cell, on the line after their label. These readings
    are certain."""
    assigned: dict[int, str] = {}
    for i, token in enumerate(tokens):
        if token.kind == "label":
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if before and before.kind == "label" and before.line == token.line and before.field:
            target = before.field
        elif after and after.kind == "label" and after.line == token.line and after.text in _LEFT_OF:
            target = _LEFT_OF[after.text]
        elif cell_order and before and before.kind == "label" and before.field:
            target = before.field
        else:
            continue
        if _fits(token, target) and target not in assigned.values():
            assigned[i] = target
    return assigned


def _fits(token: _HeaderToken, target: str) -> bool:
    if target.startswith("funds."):
        return token.kind == "amount"
    if target in ("start_date", "end_date"):
        return token.kind == "date"
    if target == "category":
        return token.kind == "category"
    return token.kind == "text"


def _read_dates(tokens: list[_HeaderToken], assigned: dict[int, str], data: dict[str, Any], notes: _Notes) -> None:
    dates = sorted({_iso_date(t.text) for t in tokens if t.kind == "date"} - {None})
    if len(dates) >= 2:
        # Whatever order they were printed in, the earlier date is the start and the later one the end.
        data["start_date"], data["end_date"] = dates[0], dates[-1]
        if len(dates) > 2:
            notes.guess("start_date", f"表头中有 {len(dates)} 个日期，取最早的为计划开始日期、最晚的为计划完成日期")
    elif len(dates) == 1:
        labelled = [f for i, f in assigned.items() if tokens[i].kind == "date"]
        where = labelled[0] if labelled else "start_date"
        data[where] = dates[0]
        if not labelled:
            notes.guess(where, f"只找到一个日期“{dates[0]}”，按计划开始日期读取")


def _iso_date(text: str) -> str | None:
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _read_texts(tokens: list[_HeaderToken], assigned: dict[int, str], data: dict[str, Any], notes: _Notes) -> None:
    """Name, category, code, organisations: by the label they sit beside, else by what they look like."""
    categories = [t for t in tokens if t.kind == "category"]
    if categories:
        data["category"] = _CATEGORY_SPELLINGS[categories[0].text].value
    for i, target in assigned.items():
        if tokens[i].kind == "text":
            data[target] = _joined_text(tokens, i)
    free = [text for text in _free_texts(tokens, assigned) if text not in data.values() and text not in "项目绩效目标"]
    codes = [t for t in free if _CODE_RE.fullmatch(t) and any(c.isdigit() for c in t)]
    if codes and "code" not in data:
        data["code"] = codes[0]
        if not any(t.field == "code" for t in tokens if t.kind == "label"):
            notes.guess("code", f"“{codes[0]}”像项目编码，但没有印在“项目编码”旁")
    free = [t for t in free if t not in codes]
    organisations = [t for t in free if t.endswith(_ORGANISATION_ENDINGS)]
    others = [t for t in free if t not in organisations]
    _place_name(others, data, notes)
    _place_organisations(organisations, data, notes)


def _free_texts(tokens: list[_HeaderToken], assigned: dict[int, str]) -> list[str]:
    """Unlabelled text values, with a value wrapped over two lines ("开发、升级、" + "建设（…）") joined back."""
    texts: list[str] = []
    previous: _HeaderToken | None = None
    for i, token in enumerate(tokens):
        if token.kind != "text" or i in assigned or _is_continuation_of_assigned(tokens, assigned, i):
            previous = None
            continue
        if previous is not None and texts and _continues(texts[-1], token.text):
            texts[-1] += token.text
        else:
            texts.append(token.text)
        previous = token
    return texts


def _is_continuation_of_assigned(tokens: list[_HeaderToken], assigned: dict[int, str], i: int) -> bool:
    j = i - 1
    return j in assigned and tokens[j].kind == "text" and _continues(tokens[j].text, tokens[i].text)


def _joined_text(tokens: list[_HeaderToken], i: int) -> str:
    text = tokens[i].text
    j = i + 1
    while j < len(tokens) and tokens[j].kind == "text" and _continues(text, tokens[j].text):
        text += tokens[j].text
        j += 1
    return text


def _continues(text: str, following: str) -> bool:
    """Whether ``following`` is the rest of ``text``, cut by its cell's width."""
    return _unfinished(text) or following[0] in "（(）)、，,”》"


def _unfinished(text: str) -> bool:
    """A value cut by its cell's width: it ends on an enumeration comma or leaves a bracket open."""
    opened = sum(text.count(c) for c in "（(“《")
    closed = sum(text.count(c) for c in "）)”》")
    return text.endswith(("、", "，", ",", "-", "—")) or opened > closed


def _place_name(candidates: list[str], data: dict[str, Any], notes: _Notes) -> None:
    """The first unlabelled text that is not an organisation is the name; what is left over is said, not guessed."""
    if "name" not in data and candidates:
        data["name"] = candidates[0]
        if len(candidates) > 1:
            notes.guess("name", f"表头中有多段未标注的文字，取第一段“{candidates[0]}”为项目名称")
        candidates = candidates[1:]
    if candidates:
        notes.problem(f"表头中有未能归位的文字：{'、'.join(f'“{_clip(c)}”' for c in candidates)}")


def _place_organisations(organisations: list[str], data: dict[str, Any], notes: _Notes) -> None:
    distinct = [o for o in dict.fromkeys(organisations)
                if o not in (data.get("department"), data.get("implementing_unit"))]
    missing = [f for f in ("department", "implementing_unit") if f not in data]
    if not missing:
        return
    if not distinct:
        known = data.get("department") or data.get("implementing_unit")
        if known:
            data[missing[0]] = known
            notes.guess(missing[0], f"“{known}”只印了一次，同时记为主管部门和实施单位；其中一格可能为空或合并")
        return
    if len(distinct) == 1 or len(missing) == 1:
        for where in missing:
            data[where] = distinct[0]
        if len(missing) == 2 and organisations.count(distinct[0]) < 2:
            notes.guess("implementing_unit",
                        f"“{distinct[0]}”只印了一次，同时记为主管部门和实施单位；其中一格可能为空或合并")
        else:
            notes.guess(missing[0], f"“{distinct[0]}”没有印在标签旁，按位置记为{_FIELD_NAMES[missing[0]]}")
        return
    data["department"], data["implementing_unit"] = distinct[0], distinct[1]
    notes.guess("department", f"两个单位名称没有印在标签旁，按出现顺序：主管部门“{distinct[0]}”、实施单位“{distinct[1]}”，可能互换")
    notes.guess("implementing_unit", f"按出现顺序记为实施单位“{distinct[1]}”，可能与主管部门“{distinct[0]}”互换")


_FIELD_NAMES = {"department": "主管部门", "implementing_unit": "实施单位"}


def _read_funds(tokens: list[_HeaderToken], assigned: dict[int, str], data: dict[str, Any], notes: _Notes) -> None:
    funds: dict[str, str | None] = dict.fromkeys(_FUND_FIELDS)
    unlabelled: list[str] = []
    for i, token in enumerate(tokens):
        if token.kind != "amount":
            continue
        if i in assigned and assigned[i].startswith("funds."):
            funds[assigned[i].removeprefix("funds.")] = token.text
        else:
            unlabelled.append(token.text)
    if unlabelled:
        _place_unlabelled_amounts(funds, unlabelled, notes)
    if any(v is not None for v in funds.values()):
        data["funds"] = funds
        _check_sums(funds, notes)


def _check_sums(funds: dict[str, str | None], notes: _Notes) -> None:
    """An identity of the form that fails after reading may be a misread position: mark the amounts in it."""
    marked = {u.where for u in notes.uncertainties}
    for total, parts in (("annual_request", ("fiscal", "other")),
                         ("fiscal", ("current_year_appropriation", "prior_year_carryover"))):
        if funds[total] is None or all(funds[p] is None for p in parts):
            continue
        if _amount(funds[total]) != sum(_amount(funds[p]) for p in parts):
            for where in (total, *parts):
                if f"funds.{where}" not in marked:
                    notes.guess(f"funds.{where}", f"{_FUND_LABELS[total]}不等于{'与'.join(_FUND_LABELS[p] for p in parts)}"
                                                  "之和：可能有金额读错了位置（也可能原表本身不平），请核对")


def _amount(text: str | None) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


#: Where an unlabelled copy most often belongs, best first.
_UNLABELLED_PREFERENCE = ("annual_request", "current_year_appropriation", "total", "fiscal", "prior_year_carryover",
                          "other")


def _place_unlabelled_amounts(funds: dict[str, str | None], amounts: list[str], notes: _Notes) -> None:
    """Put amounts printed away from any label where the form's sums hold, preferring the usual reading."""
    free = [f for f in _UNLABELLED_PREFERENCE if funds[f] is None]
    amounts = amounts[: len(free)]
    best: tuple[float, tuple[str, ...]] | None = None
    for fields in permutations(free, len(amounts)):
        trial = dict(funds) | dict(zip(fields, amounts, strict=True))
        score = 10 * _sums_that_hold(trial) - sum(_UNLABELLED_PREFERENCE.index(f) for f in fields)
        if best is None or score > best[0]:
            best = (score, fields)
    if best is None:
        return
    for where, amount in zip(best[1], amounts, strict=True):
        funds[where] = amount
        others = "、".join(_FUND_LABELS[f] for f in free if f != where)
        notes.guess(f"funds.{where}", f"金额“{amount}”没有印在标签旁，按各项金额的勾稽关系和常见填法记为{_FUND_LABELS[where]}；"
                                      f"也可能属于{others}")


def _sums_that_hold(funds: dict[str, str | None]) -> int:
    """How many of the form's identities hold (RULES.md): 年度资金申请总额 = 财政资金 + 其他资金,
    财政资金 = 当年财政拨款 + 上年结转资金, 项目资金总额 ≥ 年度资金申请总额."""
    def value(name: str) -> Decimal:
        return _amount(funds[name])

    held = 0
    if funds["annual_request"] and (funds["fiscal"] or funds["other"]):
        held += value("annual_request") == value("fiscal") + value("other")
    if funds["fiscal"] and (funds["current_year_appropriation"] or funds["prior_year_carryover"]):
        held += value("fiscal") == value("current_year_appropriation") + value("prior_year_carryover")
    if funds["total"] and funds["annual_request"]:
        held += value("total") >= value("annual_request")
    return held


# --------------------------------------------------------------------------------------------------------------
# Goals: 项目总目标 and 年度总目标, two columns that wrap at the same width and interleave


_GOAL_LABELS = re.compile(r"项目总目标|年度总目标|项目绩效目标|[（(]\s*\d{4}\s*年?\s*[-—~至]\s*\d{4}\s*年?\s*[）)]")
_TERMINAL = "。！？!?"
_PUNCTUATION = "，。；：、！？,.;:!?）)”’》"
_MARKER = re.compile(r"(?:^|(?<=[；;。，,：:\s]))(?:(\d{1,2})[、.．](?!\d)|[（(](\d{1,2})[）)]|([一二三四五六七八九十])、)")
_CHINESE_NUMBERS = "一二三四五六七八九十"
_OVERALL, _ANNUAL = "overall_goal", "annual_goal"
_COLUMN_NAMES = {_OVERALL: "项目总目标", _ANNUAL: "年度总目标"}


@dataclass
class _Column:
    name: str  # "overall_goal" or "annual_goal"
    lines: list[str] = field(default_factory=list)
    last_marker: int | None = None

    @property
    def text(self) -> str:
        return "".join(self.lines)


def _read_goals(lines: Sequence[Line], table: Sequence[Line], data: dict[str, Any], notes: _Notes) -> None:
    boundary = _layout_boundary(lines)
    cells = [cell for line in lines for cell in line.as_cells()] if boundary is not None else list(lines)
    stripped = [Line(c.number, _GOAL_LABELS.sub(" ", c.text).strip(), ((c.x, c.text),)) for c in cells]
    kept = _drop_vertical_label([c for c in stripped if c.text], "项目绩效目标")
    if not kept:
        return
    if boundary is not None:
        # Text extracted with its layout: each column keeps its place on the line, nothing to guess, except where a
        # full left line runs into the right one with a single space between.
        width, _ = _wrap_width([c.text for c in kept if c.x < boundary])
        overall, annual = [], []
        for cell in kept:
            parts = _split_side_by_side(cell.text, width) if cell.x < boundary else [cell.text]
            (overall if cell.x < boundary else annual).append(parts[0])
            annual += parts[1:]
        data[_OVERALL], data[_ANNUAL] = "".join(overall) or None, "".join(annual) or None
        return
    texts = [c.text for c in kept]
    width, reliable = _wrap_width(texts)
    lexicon = _bigrams([*texts, *(line.text for line in table)])
    columns = {_OVERALL: _Column(_OVERALL), _ANNUAL: _Column(_ANNUAL)}
    strays: list[tuple[str, str | None]] = []  # placed once every line is in its column: they fill short lines
    last_column: str | None = None
    for piece in _goal_pieces(texts, width):
        if piece.stray and last_column and _closes(columns[last_column], piece.text, width):
            # "。" wrapped onto a line of its own right after a full line: it ends that column here and now, which
            # tells where the next lines go.
            columns[last_column].lines.append(piece.text)
            notes.guess(last_column, f"单独一行的“{piece.text}”接在{_COLUMN_NAMES[last_column]}末尾（上一行已满）")
        elif piece.stray:
            strays.append((piece.text, last_column))
        else:
            last_column = _place_piece(piece.text, columns, width, reliable, lexicon, notes)
    for stray, after in strays:
        _place_stray(stray, columns, width, after, notes)
    for name, column in columns.items():
        if column.lines:
            data[name] = column.text


def _layout_boundary(lines: Sequence[Line]) -> int | None:
    """In text extracted with its layout, the column where the 年度总目标 column starts: halfway between the two
    column labels printed side by side. None for layout-less text."""
    for line in lines:
        xs = {label: x for x, text in line.cells for label in ("项目总目标", "年度总目标") if label in text}
        if len(xs) == 2 and xs["年度总目标"] > xs["项目总目标"] + 4:
            return (xs["项目总目标"] + xs["年度总目标"]) // 2 + 2
    return None


def _drop_vertical_label(lines: list[Line], label: str) -> list[Line]:
    """A label printed in a narrow cell comes out in pieces, in order: one character a line ("项", "目", "绩", …) or a
    few ("项目绩效目" + "标"), alone or as the first word of the line beside it. Drop those pieces; a lone character
    only next to another piece, so that a lone "。" or "数" stays text."""
    kept: list[Line] = []
    rest, previous = label, -9  # what is left of the label to find; where the last piece was found
    for k, line in enumerate(lines):
        piece = _label_piece(line.text, rest)
        following = lines[k + 1].text if k + 1 < len(lines) else ""
        # Beside another piece: the line before, or two before when the other column's cell came between.
        beside = k - previous <= 2 or bool(_label_piece(following, rest[len(piece) :]))
        if piece and (len(piece) >= 2 or beside):
            rest = rest[len(piece) :] or label  # a second copy may follow on the next page
            previous = k
            if remainder := line.text[len(piece) :].strip():
                kept.append(Line(line.number, remainder, ((line.x + len(piece) + 1, remainder),)))
            continue
        kept.append(line)
    return kept


def _label_piece(text: str, rest: str) -> str:
    """The longest start of ``rest`` that is the whole of ``text`` or its first word."""
    for size in range(len(rest), 0, -1):
        piece = rest[:size]
        if text == piece or text.startswith(piece + " "):
            return piece
    return ""


def _wrap_width(texts: Sequence[str]) -> tuple[int, bool]:
    """The column width: the most common length of the long lines (most lines of a wrapped paragraph are full; a
    left line joined to a right one counts by its left part), and whether at least two lines agree on it."""
    lengths: Counter[int] = Counter()
    for text in texts:
        if len(text) > 45 and " " in text:
            text = text[: text.index(" ")]
        if 12 <= len(text) <= 45:
            lengths[len(text)] += 1
    if not lengths:
        return DEFAULT_GOAL_WIDTH, False
    width, count = lengths.most_common(1)[0]
    return width, count >= 2


@dataclass
class _Piece:
    text: str
    stray: bool = False  # punctuation (and what follows it) pushed out of its line by the extraction


def _goal_pieces(texts: Sequence[str], width: int) -> list[_Piece]:
    return [piece for text in texts for part in _split_side_by_side(text, width) for piece in _split_strays(part)]


def _closes(column: _Column, stray: str, width: int) -> bool:
    return (all(c in _TERMINAL for c in stray) and bool(column.lines) and len(column.lines[-1]) >= width
            and column.text[-1] not in _PUNCTUATION)


def _split_side_by_side(text: str, width: int) -> list[str]:
    """A left line and a right line printed on one row come out joined by a space: split where the left one is full."""
    if len(text) <= width + 1 or " " not in text:
        return [text]
    spaces = [m.start() for m in re.finditer(" ", text)]
    # Some extractions wrap at a number of characters, others at a printed width, where Latin letters and digits
    # are narrower: a left line is full by either measure.
    cut = min(spaces, key=lambda p: min(abs(p - width), abs(_display_width(text[:p]) / 2 - width)))
    if min(abs(cut - width), abs(_display_width(text[:cut]) / 2 - width)) > 1:
        return [text]
    return [text[:cut], *_split_side_by_side(text[cut + 1 :], width)]


def _split_strays(text: str) -> list[_Piece]:
    """A line of punctuation alone, or "…制度。；" / "…制度。，提升…" where a sentence ends and punctuation starts text
    that belongs elsewhere. (A line that merely starts with "，" is a wrapped line like any other.)"""
    if all(c in _PUNCTUATION for c in text):
        return [_Piece(text, stray=True)]
    match = re.search(rf"[{_TERMINAL}](?=[{re.escape(_PUNCTUATION)}])", text)
    if match is None:
        return [_Piece(text)]
    return [_Piece(text[: match.end()]), _Piece(text[match.end() :], stray=True)]


def _bigrams(texts: Iterable[str]) -> frozenset[str]:
    return frozenset(text[i : i + 2] for text in texts for i in range(len(text) - 1))


def _markers(text: str) -> list[int]:
    numbers = []
    for arabic, bracketed, chinese in _MARKER.findall(text):
        number = arabic or bracketed
        numbers.append(int(number) if number else _CHINESE_NUMBERS.index(chinese) + 1)
    return numbers


def _continuation_score(column: _Column, piece: str, width: int, lexicon: frozenset[str]) -> float:
    """How well ``piece`` reads as the next line of ``column``; the evidence is additive and each kind is small."""
    markers = _markers(piece)
    starts_list = bool(markers) and _MARKER.match(piece) is not None and markers[0] == 1
    if not column.lines:
        if column.name == _ANNUAL:
            return 3.0 if starts_list else -1.0
        return -1.0 if starts_list else 1.0
    last, text = column.lines[-1], column.text
    score = 1.0 if len(last) >= width else 0.0 if len(last) == width - 1 else -2.0  # a short line ends a paragraph
    if text[-1] not in _TERMINAL:
        score += 1.0  # mid-sentence: the natural place to go on
    if text[-1] in _PUNCTUATION and piece[0] in _PUNCTUATION:
        score -= 5.0  # "。，" never happens
    if markers:
        if column.last_marker is None:
            score -= 2.0
        else:
            score += 3.0 if markers[0] == column.last_marker + 1 else -3.0
    if column.last_marker is not None and re.search(r"[；;](?!\s*(?:$|\d{1,2}[、.．]|[（(]\d|[一二三四五六七八九十]、))", piece):
        score -= 2.0  # in a numbered list every "；" is followed by the next number
    if text[-1] + piece[0] in lexicon:
        score += 1.0  # the join makes a word that occurs elsewhere in the form ("办事指" + "南" → 指南)
    return score


def _place_piece(piece: str, columns: dict[str, _Column], width: int, reliable: bool, lexicon: frozenset[str],
                 notes: _Notes) -> str:
    scores = {name: _continuation_score(column, piece, width, lexicon) for name, column in columns.items()}
    chosen = max(scores, key=lambda name: (scores[name], name == _OVERALL))
    other = _ANNUAL if chosen == _OVERALL else _OVERALL
    column = columns[chosen]
    # A new sentence after a full stop may as well open the other column, or a new paragraph in it.
    new_sentence = bool(column.lines) and column.text[-1] in _TERMINAL and not _markers(piece)
    other_open = not columns[other].lines or columns[other].text[-1] in _TERMINAL
    if scores[chosen] - scores[other] < 2:
        why = "按折行宽度与上下文"
    elif new_sentence and other_open:
        why = "作为上一句之后的新句"
    elif not reliable and column.lines:
        why = "折行宽度无从判断，按上下文"
    else:
        why = ""
    if why:
        notes.guess(chosen, f"“{_clip(piece)}”{why}放入{_COLUMN_NAMES[chosen]}，也可能属于{_COLUMN_NAMES[other]}")
        notes.guess(other, f"“{_clip(piece)}”已放入{_COLUMN_NAMES[chosen]}，也可能属于本栏")
    column.lines.append(piece)
    markers = _markers(piece)
    if markers:
        column.last_marker = markers[-1]
    return chosen


def _place_stray(stray: str, columns: dict[str, _Column], width: int, after: str | None, notes: _Notes) -> None:
    """Put punctuation pushed out of its line back where a line lacks it: at the start of a line short by exactly its
    length, else at the start of a column's last line or after a column's full last line; never next to other
    punctuation. Where it came from is never certain: both columns are marked."""
    mark = all(c in _PUNCTUATION for c in stray)
    options: list[tuple[float, str, int | None]] = []  # (score, column, line index to insert before, or None = end)
    for name, column in columns.items():
        for index in range(1, len(column.lines)):
            line, previous = column.lines[index], column.lines[index - 1]
            if previous[-1] in _PUNCTUATION or line[0] in _PUNCTUATION:
                continue
            if len(line) + len(stray) == width:
                options.append((3.0, name, index))  # the gap in a wrapped line is exactly its size
            elif index == len(column.lines) - 1 and len(previous) >= width:
                options.append((1.0, name, index))  # a last line is short anyway: it may have started with it
        if column.lines:
            last = column.lines[-1]
            score = 2.0 if len(last) >= width else 0.0 if len(last) + len(stray) <= width else -1.0
            if last[-1] in _PUNCTUATION:
                score -= 5.0
            if mark and stray[-1] not in _TERMINAL:
                score -= 2.0  # a goal does not end on "，" or "；"
            score += 1.0 if name == after else 0.0
            options.append((score, name, None))
    if not options:
        columns[_OVERALL].lines.append(stray)
        notes.guess(_OVERALL, f"孤立的“{stray}”无处可放，暂接在项目总目标末尾")
        return
    options.sort(key=lambda o: -o[0])
    _, name, index = options[0]
    column = columns[name]
    if index is None:
        column.lines.append(stray)
        place = f"接在{_COLUMN_NAMES[name]}末尾"
    else:
        before = column.lines[index - 1]
        column.lines[index] = stray + column.lines[index]
        short = f"该行比折行宽度少 {len(stray)} 字" if options[0][0] >= 3 else "上一行已满"
        place = f"放回{_COLUMN_NAMES[name]}“{before[-6:]}”之后（{short}）"
    other = _ANNUAL if name == _OVERALL else _OVERALL
    notes.guess(name, f"提取时被挤出原行的“{_clip(stray)}”{place}；也可能原属{_COLUMN_NAMES[other]}，或是多余的符号")
    if columns[other].lines:
        notes.guess(other, f"提取时被挤出原行的“{_clip(stray)}”已放入{_COLUMN_NAMES[name]}；也可能原属本栏，请核对")


def _clip(text: str, size: int = 14) -> str:
    return text if len(text) <= size else text[:size] + "…"


# --------------------------------------------------------------------------------------------------------------
# Indicators: tokens


_LEVEL1_LABELS = {level.value: level for level in Level1}
_LEVEL2_LABELS = {QUANTITY, QUALITY, TIMELINESS, ECONOMIC_COST, SOCIAL_COST, ECOLOGICAL_COST, ECONOMIC_BENEFIT,
                  SOCIAL_BENEFIT, ECOLOGICAL_BENEFIT, SUSTAINABLE_IMPACT, SERVICE_SATISFACTION, "环境效益指标",
                  "生态环境效益指标", "可持续发展指标", "社会公众或服务对象满意度指标"}
_TABLE_HEADERS = ("一级指标", "二级指标", "三级指标", "指标目标值", "指标值", "绩效指标")
_ALL_LABELS = sorted({*_LEVEL1_LABELS, *_LEVEL2_LABELS, *_TABLE_HEADERS}, key=len, reverse=True)
_LEVEL1_OF = {QUANTITY: Level1.OUTPUT, QUALITY: Level1.OUTPUT, TIMELINESS: Level1.OUTPUT, COST: Level1.OUTPUT,
              ECONOMIC_COST: Level1.COST, SOCIAL_COST: Level1.COST, ECOLOGICAL_COST: Level1.COST,
              ECONOMIC_BENEFIT: Level1.BENEFIT, SOCIAL_BENEFIT: Level1.BENEFIT, ECOLOGICAL_BENEFIT: Level1.BENEFIT,
              SUSTAINABLE_IMPACT: Level1.BENEFIT, SERVICE_SATISFACTION: Level1.SATISFACTION}
_OPERATOR = r"(?:>=|<=|≥|≤|≧|≦|=|>|<|＞|＜|＝)"
_UNITS = sorted({*COUNT_UNITS, "%", "‰", "元", "万元", "亿元", "分钟", "小时", "秒", "周", "个月", "年", "米", "公里", "平方米",
                 "万平方米", "吨", "千克", "分"}, key=len, reverse=True)
_VALUE_PREFIX = re.compile(rf"{_OPERATOR}?\s*\d[\d,]*(?:\.\d+)?\s*(?:{'|'.join(map(re.escape, _UNITS))})?")
_VALUE_SUFFIX = re.compile(rf"(?P<name>.*[\u4e00-\u9fff”）)])\s*(?P<value>{_OPERATOR}\s*\d.*)")
#: Last characters that make a short text a name ("及时率", "有效性"), not a value ("及时", "有效").
_NAME_ENDINGS = tuple("率性数量度值额比次")


@dataclass
class _Token:
    kind: str  # "name", "value", "level1", "level2"
    text: str
    line: int
    order: int = 0  # position in the table's token stream


def _read_indicators(lines: Sequence[Line], header: dict[str, Any], notes: _Notes) -> list[dict[str, Any]]:
    tokens = _without_foreign_text(_table_tokens(lines), header, notes)
    year = header.get("year")
    names = [t for t in tokens if t.kind == "name"]
    values = [t for t in tokens if t.kind == "value"]
    if not names:
        notes.problem("绩效指标表中没有找到指标名称")
        return []
    rows = _rows(names)
    values = _drop_surplus_placeholders(rows, values, notes)
    rows = _join_to_count(rows, len(values), notes)
    pairs = _pair(rows, values, tokens, year, notes)
    groups = [t for t in tokens if t.kind in ("level1", "level2")]
    levels = _assign_levels(pairs, groups, notes)
    if len(rows) != len(values):  # rows and values out of step: the labels' positions cannot be trusted either
        for index, row in enumerate(rows):
            notes.guess(f"indicators[{index}].level2", f"指标表没有按行读出，“{row.name}”的一级/二级指标请核对")
    return [{"level1": level1, "level2": level2, "name": row.name, "target": row.target}
            for row, (level1, level2) in zip(pairs, levels, strict=True)]


_GOAL_LIKE = re.compile(r"[；;。]|^[、，,]|^\d{1,2}[、.．]\D")


def _without_foreign_text(tokens: list[_Token], header: dict[str, Any], notes: _Notes) -> list[_Token]:
    """Some extractions read the page in blocks and put header values or goal sentences among the table's lines:
    leave out what is plainly not a name or a value of this table (and say so)."""
    known = {str(v) for k, v in header.items() if isinstance(v, str | int) and k != "year"}
    known |= {v for v in (header.get("funds") or {}).values() if v}
    known |= {d.replace("-", "") for d in known if _DATE_RE.fullmatch(d)}

    def foreign(token: _Token) -> bool:
        text = token.text
        if token.kind == "name" and (_GOAL_LIKE.search(text) or len(text) > 40):
            return True
        return text in known or text in _HEADER_LABELS

    kept = [t for t in tokens if not foreign(t)]
    dropped = [t.text for t in tokens if foreign(t)]
    if any(_GOAL_LIKE.search(t) or len(t) > 40 for t in dropped):
        for where, name in _COLUMN_NAMES.items():
            notes.guess(where, f"{name}的部分文字出现在指标表中（已略过），目标可能不完整或混入了别的文字，请对照原表")
    if dropped:
        shown = "、".join(f"“{_clip(t, 12)}”" for t in dropped[:5]) + ("等" if len(dropped) > 5 else "")
        notes.problem(f"指标表中混有表头或目标栏的文字，已略过：{shown}")
    return kept


def _table_tokens(lines: Sequence[Line]) -> list[_Token]:
    tokens: list[_Token] = []
    for line in _drop_vertical_label(list(lines), "绩效指标"):
        for chunk in line.text.split():
            tokens += _chunk_tokens(chunk, line.number)
    for order, token in enumerate(tokens):
        token.order = order
    return [t for t in tokens if t.kind != "header"]


def _chunk_tokens(chunk: str, line: int) -> list[_Token]:
    """One space-separated chunk: a label, a value, a name fragment, or several of them glued together
    ("=2人产出指标", ">=10项梳理企业档案信息数", "名称>=90%")."""
    for label in _ALL_LABELS:
        if chunk == label:
            return [_Token(_label_kind(label), label, line)]
        if chunk.startswith(label):
            return [_Token(_label_kind(label), label, line), *_chunk_tokens(chunk[len(label) :], line)]
        if chunk.endswith(label) and (_is_value(chunk[: -len(label)]) or chunk[: -len(label)] in _ALL_LABELS):
            return [*_chunk_tokens(chunk[: -len(label)], line), _Token(_label_kind(label), label, line)]
    if _is_value(chunk):
        return [_Token("value", chunk, line)]
    prefix = _VALUE_PREFIX.match(chunk)
    if prefix and prefix.end() < len(chunk) - 1 and _is_value(prefix.group()) and not _is_value(chunk[prefix.end():]):
        return [_Token("value", prefix.group(), line), _Token("name", chunk[prefix.end() :], line)]
    suffix = _VALUE_SUFFIX.fullmatch(chunk)
    if suffix and _is_value(suffix["value"]):
        return [_Token("name", suffix["name"], line), _Token("value", suffix["value"], line)]
    return [_Token("name", chunk, line)]


def _label_kind(label: str) -> str:
    if label in _TABLE_HEADERS:
        return "header"
    return "level1" if label in _LEVEL1_LABELS else "level2"


def _is_value(text: str) -> bool:
    """Whether a line of the table is a target value rather than (part of) an indicator name."""
    text = text.strip()
    if not text:
        return False
    target = parse_target(text)
    if target.kind in (Kind.QUANTITATIVE, Kind.RANGE):
        return target.unit is None or len(target.unit) <= 4  # "12345热线工单办结率" is a name, not 12345 of a unit
    if target.kind in (Kind.DEADLINE, Kind.PLACEHOLDER):
        return True
    return (len(text) <= 4 and target.qual in (Qual.VAGUE, Qual.STATE) and not text.endswith(_NAME_ENDINGS)
            and not any(c.isdigit() for c in text))


@dataclass
class _Row:
    fragments: list[_Token]
    target: str = ""
    value: _Token | None = None
    anchored: bool = False  # the value is tied to the name by more than order

    @property
    def name(self) -> str:
        return "".join(f.text for f in self.fragments)

    @property
    def lines(self) -> set[int]:
        return {f.line for f in self.fragments} | ({self.value.line} if self.value else set())

    @property
    def first(self) -> int:
        return self.fragments[0].order


def _rows(names: list[_Token]) -> list[_Row]:
    """One row per name fragment, except that a one-character fragment after a full-width one ("…升级及时" + "性")
    is the end of a name the column cut: never a name of its own."""
    rows: list[_Row] = []
    width = _name_width(names)
    for token in names:
        if rows and len(token.text) == 1 and len(rows[-1].fragments[-1].text) >= width - 1:
            rows[-1].fragments.append(token)
        else:
            rows.append(_Row([token]))
    return rows


def _name_width(names: list[_Token]) -> int:
    """The width of the name column: the longest fragment (a name that fills it may go on in the next fragment)."""
    return max(len(n.text) for n in names)


def _drop_surplus_placeholders(rows: list[_Row], values: list[_Token], notes: _Notes) -> list[_Token]:
    """A lone "-" where a cell is empty is value-shaped; when there are more values than rows, drop those."""
    surplus = len(values) - len(rows)
    if surplus <= 0:
        return values
    placeholders = [v for v in values if parse_target(v.text).kind is Kind.PLACEHOLDER][:surplus]
    for value in placeholders:
        notes.guess("indicators", f"指标表中多出一个“{value.text}”（可能是空单元格的占位符），值比名称多，未分配给任何指标；"
                                  "如它是某项指标的目标值，其后的配对会整体错位")
    return [v for v in values if v not in placeholders]


def _join_to_count(rows: list[_Row], value_count: int, notes: _Notes) -> list[_Row]:
    """Rejoin names the column cut at its width ("办事指南及网办能力质检分" + "析次数") until there is one name per value,
    shortest tails first."""
    width = _name_width([f for row in rows for f in row.fragments])
    candidates = [i for i in range(len(rows) - 1)
                  if len(rows[i].fragments[-1].text) >= width - 1 and width >= 6 and len(rows[i + 1].fragments) == 1]
    ranked = sorted(candidates, key=lambda i: (len(rows[i + 1].name), i))
    joins = set(ranked[: max(len(rows) - value_count, 0)])
    joined: list[_Row] = []
    for i, row in enumerate(rows):
        if i - 1 in joins:
            joined[-1].fragments += row.fragments
        else:
            joined.append(_Row(list(row.fragments)))
    if len(joined) != value_count:
        notes.problem(f"指标名称有 {len(joined)} 个而目标值有 {value_count} 个，无法一一对应；已按顺序配对，请逐项核对")
        for index, row in enumerate(joined):
            notes.guess(f"indicators[{index}].target", f"名称与目标值数量不一致，“{row.name}”的目标值按顺序配对，请核对")
            if len(row.fragments) > 1:
                parts = "”+“".join(f.text for f in row.fragments)
                notes.guess(f"indicators[{index}].name", f"名称由折行的“{parts}”拼接而成，请确认")
    return joined


# --------------------------------------------------------------------------------------------------------------
# Indicators: pairing names with values


_TIME_UNITS = frozenset({"秒", "分钟", "小时", "天", "日", "个工作日", "工作日", "周", "个月", "月", "年"})
_SWAP_REACH = 3  # rows apart: the extraction misplaces a value by a few rows, not across the table
_SPECIFIC_COUNT = re.compile(r"(人次|次|人|户|件|个|台|家|项|名|场|篇|套|条|份)数")


def _pair(rows: list[_Row], values: list[_Token], tokens: list[_Token], year: int | None,
          notes: _Notes) -> list[_Row]:
    """The k-th name with the k-th value; a pairing that a swap with the nearest value of the same unit would explain
    as well is marked, unless the value is tied to its name by the text itself."""
    for row, value in zip(rows, values, strict=False):
        row.value, row.target = value, value.text
    for row in rows:
        row.anchored = _anchored(row, tokens, values)
    targets = [parse_target(row.target, year) for row in rows]
    for i in range(len(rows)):
        # A misplaced value trades places with the nearest value of the same unit, not with any value in reach.
        j = next((j for j in range(i + 1, min(i + _SWAP_REACH + 1, len(rows))) if _same_unit(targets[i], targets[j])),
                 None)
        if j is not None and not rows[i].anchored and not rows[j].anchored and _swappable(rows[i], rows[j], year):
            for a, b in ((i, j), (j, i)):
                notes.guess(f"indicators[{a}].target", f"按出现顺序配对：“{rows[a].target}”与“{rows[a].name}”，"
                                                      f"可能与“{rows[b].name}”的“{rows[b].target}”互换")
    return rows


def _anchored(row: _Row, tokens: list[_Token], values: list[_Token]) -> bool:
    """Whether a row's value is tied to it by more than order: printed on one line with the name, or printed alone
    right beside it in the stream (not one of a run of values matched to a run of names)."""
    if row.value is None:
        return False
    if _printed_together(row):
        return True
    kept = set(map(id, values))
    stream = [t for t in tokens if t.kind == "name" or id(t) in kept]
    at = next(k for k, t in enumerate(stream) if t is row.value)
    before = stream[at - 1] if at > 0 else None
    after = stream[at + 1] if at + 1 < len(stream) else None
    alone = (before is None or before.kind == "name") and (after is None or after.kind == "name")
    return alone and (before is row.fragments[-1] or after is row.fragments[0])


def _same_unit(a: Target, b: Target) -> bool:
    return a.kind is b.kind and a.kind in (Kind.QUANTITATIVE, Kind.RANGE, Kind.DEADLINE) and a.unit == b.unit


def _swappable(a: _Row, b: _Row, year: int | None) -> bool:
    """Whether two rows paired by order alone could as well have each other's values: same unit, different values,
    and each name as fitting the other's value."""
    if a.value is None or b.value is None or a.target == b.target:
        return False
    ta, tb = parse_target(a.target, year), parse_target(b.target, year)
    return _same_unit(ta, tb) and _fits_name(a.name, tb) and _fits_name(b.name, ta)


def _printed_together(row: _Row) -> bool:
    return row.value is not None and any(f.line == row.value.line for f in row.fragments)


def _value_family(target: Target) -> str:
    if target.kind is Kind.DEADLINE:
        return "time"
    if target.kind in (Kind.QUANTITATIVE, Kind.RANGE):
        if target.unit in ("%", "‰"):
            return "rate"
        if target.unit in _TIME_UNITS:
            return "time"
        if target.unit in COUNT_UNITS or target.unit is None:
            return "count"
        return "measure"
    return "quality"


def _name_family(name: str) -> str | None:
    if name.endswith(("率", "比率", "满意度", "比例", "占比")):
        return "rate"
    if any(w in name for w in ("时间", "时长", "时限", "周期", "天数", "用时")):
        return "time"
    if name.endswith(("数", "数量", "次数", "人数", "量", "个数", "规模")):
        return "count"
    return None


#: Names of things to keep at zero or below a limit: their values are "=0" or "<…", the others' never are.
_NEGATIVE_NAMES = ("丢失", "事故", "差错", "投诉", "故障率", "失误", "违规", "超标", "损坏", "泄露", "漏")


def _fits_name(name: str, target: Target) -> bool:
    family, value = _name_family(name), _value_family(target)
    if family is not None and family != value:
        return False
    if family == "rate" and target.value is not None:
        lowering = target.value == 0 or target.op in ("<", "<=")
        if lowering != any(word in name for word in _NEGATIVE_NAMES):
            return False
    specific = _SPECIFIC_COUNT.search(name)
    return not (specific and value == "count" and target.unit not in (None, specific.group(1)))


# --------------------------------------------------------------------------------------------------------------
# Indicators: level2 groups from floating labels and meaning


#: What a name's words say about its level2 (conventions of the 2015/2020/2021 national schemes), as regular
#: expressions in three strengths: a DEFINING word all but names the level2 (合格率, 次数, 及时, 制度); a TYPICAL word
#: is usual for it (效能, 覆盖率, 资料); a WEAK one only leans (率, 量).
DEFINING, TYPICAL, WEAK = 2.0, 1.0, 0.3
_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    QUANTITY: (("数量|次数|人数|个数|户数|场次|(?<!指)数$", DEFINING), ("面积|长度|规模|(?<!质)量$|数", TYPICAL)),
    QUALITY: (("质量|合格|达标|通过率|准确|完好|验收", DEFINING), ("覆盖率|丢失率|正常运转|稳定|匹配|差错", TYPICAL),
              ("率", WEAK)),
    TIMELINESS: (("及时|时间|时长|时限|准时|按时|进度", DEFINING), ("周期|天数", TYPICAL)),
    COST: (("成本|费用|单价", DEFINING), ("经费|资金", TYPICAL)),
    ECONOMIC_COST: (("成本|费用", DEFINING),),
    SOCIAL_COST: (("社会成本", DEFINING),),
    ECOLOGICAL_COST: (("生态|环境成本", DEFINING),),
    ECONOMIC_BENEFIT: (("经济|收入|产值|税收", DEFINING),),
    SOCIAL_BENEFIT: (("社会|效能|效率|体验|普及|营商|安全事故|服务水平|知晓|影响力", TYPICAL), ("群众|公众", WEAK)),
    ECOLOGICAL_BENEFIT: (("生态|环保|绿化|排放|污染|节能", DEFINING),),
    SUSTAINABLE_IMPACT: (("制度|机制|长效|可持续", DEFINING), ("资料|档案|记录|运维", TYPICAL)),
    SERVICE_SATISFACTION: (("满意|投诉", DEFINING), ("评价", TYPICAL)),
}
#: What a value's shape suggests (a smaller weight than a name's words).
_VALUE_CUES: dict[str, dict[str, float]] = {
    "count": {QUANTITY: 0.5},
    "rate": {QUALITY: 0.3, SERVICE_SATISFACTION: 0.3},
    "time": {TIMELINESS: 0.5},
    "vague": {SOCIAL_BENEFIT: 0.5, ECONOMIC_BENEFIT: 0.3, ECOLOGICAL_BENEFIT: 0.3},
    "state": {SUSTAINABLE_IMPACT: 0.3, QUALITY: 0.2},
    "timely": {TIMELINESS: 0.5},
}
_SAME_LINE_BONUS = 3.0  # a label printed on one line with a row's name or value
_POSITION_WEIGHT = 0.5  # per row a level2 label floats outside the rows it covers
_LEVEL1_WEIGHT = 0.5  # the same for a level1 label and its family of groups
_TOLERANCE = 0  # rows a label may float outside its rows for free
_ROW_ORDER_WEIGHT = 3.0  # per row a label is away from its group's first row, in text read cell by cell
_EMPTY_GROUP = 5.0  # a printed label with no rows under it is unlikely
_MAX_ROWS_LAID_OUT = 300  # the grouping costs rows²: beyond this (no real form is near it), meaning alone
# A level2 is marked when putting the row in a neighbouring group costs less than this. Level2s of one level1 are
# close in meaning (社会效益 vs 可持续影响): one cue word and the value's shape (1.5) do not settle them without the
# labels' positions. Across level1s (产出 vs 效益) one cue word does.
_MARGIN_WITHIN = 1.6
_MARGIN_ACROSS = 1.0
_POSITION_ONLY_MARGIN = 3.0  # what positions alone must win by: as much as a label printed on the row's own line


@dataclass(frozen=True)
class _Group:
    level2: str
    level1: Level1
    position: int  # how many rows start before the label in the stream
    line: int


def _assign_levels(rows: list[_Row], labels: list[_Token], notes: _Notes) -> list[tuple[str, str]]:
    groups, level1_labels = _groups(rows, labels)
    if not groups:
        return _levels_by_meaning(rows, notes, "没有找到一级/二级指标标签")
    if len(rows) > _MAX_ROWS_LAID_OUT:
        return _levels_by_meaning(rows, notes, f"指标超过 {_MAX_ROWS_LAID_OUT} 项，未按标签位置分组")
    affinity = [[_affinity(row, g, level1_labels) for g in groups] for row in rows]
    mode = _position_mode(groups, rows)
    layout = _Layout(groups, level1_labels, affinity, mode)
    best, plan = layout.segment()
    assignment = _expand(plan, len(rows))
    if mode == "order":
        for i, g in enumerate(assignment):
            notes.guess(f"indicators[{i}].level1", f"二级指标标签集中印在一处，不能说明各组从哪一行开始；"
                                                  f"“{rows[i].name}”按标签顺序与名称含义归入“{groups[g].level2}”")
        return [(groups[g].level1.value, groups[g].level2) for g in assignment]
    alternatives, by_position = layout.row_bests(), layout.row_bests(by_position_only=True)
    for i, g in enumerate(assignment):
        doubts = [h for h in (g - 1, g + 1) if 0 <= h < len(groups) and groups[h].level2 != groups[g].level2
                  and _doubtful(layout, i, g, h, best - alternatives[i][h], by_position[i])]
        if doubts:
            _mark_level(notes, i, rows[i], groups[g], [groups[h] for h in doubts])
    return [(groups[g].level1.value, groups[g].level2) for g in assignment]


def _doubtful(layout: _Layout, row: int, chosen: int, other: int, margin: float, by_position: list[float]) -> bool:
    """Whether the row could as well be in the neighbouring group ``other``, ``margin`` worse at best. Labels float
    a row or three, so:
    - the margin is small; when the row's own words do not prefer the chosen group, positions alone decide and must
      win clearly (as a label on the row's own line does);
    - or the row's words point to the other group (快递准时送达率 among quality rows);
    - or the labels' positions alone would rather have it there and meaning overruled them by less than a label on
      the row's own line would."""
    affinity = layout.affinity[row]
    by_meaning = affinity[chosen] - affinity[other]
    needed = _margin(layout.groups[chosen], layout.groups[other]) if by_meaning >= 1.0 else _POSITION_ONLY_MARGIN
    if margin < needed or by_meaning < -0.25:
        return True
    overruled = layout.mode == "floating" and by_position[other] > by_position[chosen] + 1e-9
    return overruled and margin < _POSITION_ONLY_MARGIN


def _position_mode(groups: list[_Group], rows: list[_Row]) -> str:
    """How much the labels' positions say. "rows": text read cell by cell (every name followed by its value), each
    label right before its group's first row; "order": every label printed in one place (a header block), only
    their order counts; "floating": labels of merged cells floating among their rows (layout-less PDF text)."""
    positions = [g.position for g in groups]
    if len(groups) > 1 and len(set(positions)) == 1:
        return "order"
    increasing = all(a < b for a, b in pairwise(positions))
    return "rows" if increasing and all(row.anchored for row in rows) else "floating"


def _margin(chosen: _Group, other: _Group) -> float:
    return _MARGIN_WITHIN if chosen.level1 is other.level1 else _MARGIN_ACROSS


def _groups(rows: list[_Row], labels: list[_Token]) -> tuple[list[_Group], list[_Group]]:
    """Level2 groups in table order, and the level1 labels (evidence for the rows printed on their line)."""
    starts = [row.first for row in rows]

    def position(token: _Token) -> int:
        return sum(1 for s in starts if s < token.order)

    groups: list[_Group] = []
    level1: list[_Group] = []
    for token in labels:
        if token.kind == "level2":
            name = canonical_level2(token.text) or token.text
            if not any(g.level2 == name for g in groups):  # one merged cell may be printed twice across a page break
                groups.append(_Group(name, _LEVEL1_OF.get(name, Level1.OUTPUT), position(token), token.line))
        else:
            level1.append(_Group("", canonical_level1(token.text) or Level1.OUTPUT, position(token), token.line))
    for label in level1:
        families = {g.level1 for g in groups}
        # A block that prints only its level1 label is still a group: 满意度 has one level2; a lone 成本指标 is the
        # level2 of the 2015/2020 scheme, under 产出.
        if label.level1 is Level1.SATISFACTION and Level1.SATISFACTION not in families:
            groups.append(_Group(SERVICE_SATISFACTION, Level1.SATISFACTION, label.position, label.line))
        elif label.level1 is Level1.COST and Level1.COST not in families and all(g.level2 != COST for g in groups):
            groups.append(_Group(COST, Level1.OUTPUT, label.position, label.line))
    # Tables print the groups in the schemes' order (成本, 产出, 效益, 满意度; 数量, 质量, 时效, 成本 …), whatever order
    # their floating labels come out in.
    level1_order = list(Level1)
    groups.sort(key=lambda g: (level1_order.index(g.level1), _level2_rank(g.level2)))
    return groups, level1


def _level2_rank(name: str) -> int:
    return LEVEL2_NAMES.index(name) if name in LEVEL2_NAMES else len(LEVEL2_NAMES)


def _affinity(row: _Row, group: _Group, level1_labels: list[_Group]) -> float:
    score = max((weight for cue, weight in _CUES.get(group.level2, ()) if re.search(cue, row.name)), default=0.0)
    score += _VALUE_CUES.get(_value_cue(row.target), {}).get(group.level2, 0.0)
    if group.line in row.lines:
        score += _SAME_LINE_BONUS
    for label in level1_labels:
        if label.line in row.lines:
            score += 1.0 if label.level1 is group.level1 else -_SAME_LINE_BONUS
    return score


def _value_cue(target: str) -> str:
    parsed = parse_target(target)
    if parsed.kind is Kind.QUALITATIVE:
        if "及时" in target or "按时" in target:
            return "timely"
        return "vague" if parsed.qual is Qual.VAGUE else "state"
    return _value_family(parsed)


_NEGATIVE = float("-inf")


class _Layout:
    """The rows split into the groups, in order, each a contiguous block, scored by the rows' affinities less how far
    each label floats outside the rows it covers (level2 labels against their group, level1 labels against their
    family of groups). Exhaustive over the boundaries, by dynamic programming in O(groups × rows²)."""

    def __init__(self, groups: list[_Group], level1_labels: list[_Group], affinity: list[list[float]],
                 mode: str = "floating") -> None:
        self.groups, self.affinity, self.n, self.mode = groups, affinity, len(affinity), mode
        families = [g.level1 for g in groups]
        # A family's labels are judged against its span: the start by its first group, the end by its last.
        self.opening = [[p.position for p in level1_labels if p.level1 is f] if f not in families[:g] else []
                        for g, f in enumerate(families)]
        self.closing = [[p.position for p in level1_labels if p.level1 is f] if f not in families[g + 1 :] else []
                        for g, f in enumerate(families)]

    def block_cost(self, g: int, start: int, end: int) -> float:
        """What placing rows start..end-1 in group g costs in label positions (end is exclusive)."""
        empty = _EMPTY_GROUP if start == end else 0.0
        if self.mode == "order":
            return empty
        if self.mode == "rows":
            cost = _ROW_ORDER_WEIGHT * abs(start - self.groups[g].position)
            return cost + sum(_ROW_ORDER_WEIGHT * abs(start - p) for p in self.opening[g]) + empty
        cost = _float_penalty(self.groups[g].position, start, end)
        cost += sum(_LEVEL1_WEIGHT * max(0, start - p - _TOLERANCE) for p in self.opening[g])
        cost += sum(_LEVEL1_WEIGHT * max(0, p - end - _TOLERANCE) for p in self.closing[g])
        return cost + empty

    def _block(self, prefix: list[list[float]], g: int, start: int, end: int) -> float:
        return prefix[g][end] - prefix[g][start] - self.block_cost(g, start, end)

    def _prefix(self, affinity: list[list[float]]) -> list[list[float]]:
        prefix = [[0.0] * (self.n + 1) for _ in self.groups]
        for g, sums in enumerate(prefix):
            for i in range(self.n):
                sums[i + 1] = sums[i] + affinity[i][g]
        return prefix

    def _forward(self, prefix: list[list[float]]) -> tuple[list[list[float]], list[list[int]]]:
        """best[g][j]: the best score of groups 0..g-1 covering rows 0..j-1; back[g][j]: where group g-1 starts."""
        m, n = len(self.groups), self.n
        best = [[_NEGATIVE] * (n + 1) for _ in range(m + 1)]
        back = [[0] * (n + 1) for _ in range(m + 1)]
        best[0][0] = 0.0
        for g in range(m):
            for i in range(n + 1):
                if best[g][i] == _NEGATIVE:
                    continue
                for j in range(i, n + 1):
                    score = best[g][i] + self._block(prefix, g, i, j)
                    if score > best[g + 1][j]:
                        best[g + 1][j], back[g + 1][j] = score, i
        return best, back

    def _backward(self, prefix: list[list[float]]) -> list[list[float]]:
        """rest[g][i]: the best score of groups g..m-1 covering rows i..n-1."""
        m, n = len(self.groups), self.n
        rest = [[_NEGATIVE] * (n + 1) for _ in range(m + 1)]
        rest[m][n] = 0.0
        for g in range(m - 1, -1, -1):
            for j in range(n + 1):
                if rest[g + 1][j] == _NEGATIVE:
                    continue
                for i in range(j + 1):
                    rest[g][i] = max(rest[g][i], self._block(prefix, g, i, j) + rest[g + 1][j])
        return rest

    def segment(self) -> tuple[float, list[tuple[int, int]]]:
        """The best grouping: (score, [(start, end) per group])."""
        best, back = self._forward(self._prefix(self.affinity))
        plan, j = [], self.n
        for g in range(len(self.groups), 0, -1):
            plan.append((back[g][j], j))
            j = back[g][j]
        plan.reverse()
        return best[len(self.groups)][self.n], plan

    def row_bests(self, by_position_only: bool = False) -> list[list[float]]:
        """[row][group]: the best score of any grouping that puts that row in that group; with
        ``by_position_only``, what the labels' positions alone score (every affinity taken as zero)."""
        m, n = len(self.groups), self.n
        affinity = [[0.0] * m for _ in range(n)] if by_position_only else self.affinity
        prefix = self._prefix(affinity)
        best, _ = self._forward(prefix)
        rest = self._backward(prefix)
        bests = [[_NEGATIVE] * m for _ in range(n)]
        for g in range(m):
            for start in range(n):
                if best[g][start] == _NEGATIVE:
                    continue
                running = _NEGATIVE  # the best block start..end over every end beyond the current row
                for end in range(n, start, -1):
                    if rest[g + 1][end] != _NEGATIVE:
                        score = best[g][start] + self._block(prefix, g, start, end) + rest[g + 1][end]
                        running = max(running, score)
                    bests[end - 1][g] = max(bests[end - 1][g], running)
        return bests


def _float_penalty(position: int, start: int, end: int) -> float:
    """A merged cell's label is printed between its first and last row (end is exclusive: after the last row is
    still beside it); the stream may put it a row or two off."""
    distance = start - position if position < start else position - end if position > end else 0
    return _POSITION_WEIGHT * max(0, distance - _TOLERANCE)


def _expand(plan: list[tuple[int, int]], n: int) -> list[int]:
    assignment = [0] * n
    for g, (start, end) in enumerate(plan):
        for i in range(start, end):
            assignment[i] = g
    return assignment


def _mark_level(notes: _Notes, index: int, row: _Row, chosen: _Group, others: list[_Group]) -> None:
    field_name = "level1" if any(chosen.level1 is not other.level1 for other in others) else "level2"
    alternatives = "或".join(f"“{other.level2}”" for other in others)
    notes.guess(f"indicators[{index}].{field_name}",
                f"“{row.name}”按二级指标标签的位置与名称含义归入“{chosen.level2}”，也可能属于{alternatives}"
                "（合并单元格的标签浮在相邻几行之间，分界不能确定）")


def _levels_by_meaning(rows: list[_Row], notes: _Notes, why: str) -> list[tuple[str, str]]:
    """Each row's level2 by meaning alone, every one marked."""
    candidates = [QUANTITY, QUALITY, TIMELINESS, SOCIAL_BENEFIT, SUSTAINABLE_IMPACT, SERVICE_SATISFACTION]
    levels = []
    for index, row in enumerate(rows):
        group = max(candidates, key=lambda name: _affinity(row, _Group(name, _LEVEL1_OF[name], 0, -1), []))
        levels.append((_LEVEL1_OF[group].value, group))
        notes.guess(f"indicators[{index}].level1", f"{why}，“{row.name}”按名称含义归入“{group}”")
    return levels
