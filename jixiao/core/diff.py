"""What changed between two versions of a declaration document, field by field and indicator by indicator."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .documents import _FIELD_LABELS

_HEADER = ("year", "name", "code", "category", "project_type", "department", "implementing_unit", "start_date",
           "end_date", "amount_unit", "overall_goal", "annual_goal")
_INDICATOR_FIELDS = ("level1", "level2", "name", "target", "weight", "basis", "basis_note", "note")


@dataclass(frozen=True)
class Change:
    where: str  # "funds.total", "indicators[3].target", "indicators[5]"
    label: str  # Chinese, for people
    before: Any
    after: Any


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Changes from ``old`` to ``new`` (both in the JSON shape of ``jixiao/declaration@1``).

    Indicators are paired by name where a name is unique on both sides, else by position, so that moving a row
    reads as a move rather than as many edits.
    """
    changes = [Change(key, _FIELD_LABELS.get(key, key), old.get(key), new.get(key))
               for key in _HEADER if old.get(key) != new.get(key)]
    old_funds, new_funds = old.get("funds") or {}, new.get("funds") or {}
    changes += [Change(f"funds.{key}", _FIELD_LABELS.get(key, key), old_funds.get(key), new_funds.get(key))
                for key in dict.fromkeys([*old_funds, *new_funds]) if old_funds.get(key) != new_funds.get(key)]
    changes += _indicator_changes(old.get("indicators") or [], new.get("indicators") or [])
    return changes


def _indicator_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[Change]:
    old_index = _unique_names(old)
    new_index = _unique_names(new)
    pairs: list[tuple[int | None, int | None]] = []
    matched_old: set[int] = set()
    for j, item in enumerate(new):
        i = old_index.get(item.get("name")) if item.get("name") in new_index else None
        if i is None and j < len(old) and j not in matched_old and old[j].get("name") not in new_index:
            i = j
        if i is not None and i not in matched_old:
            matched_old.add(i)
            pairs.append((i, j))
        else:
            pairs.append((None, j))
    pairs += [(i, None) for i in range(len(old)) if i not in matched_old]
    moved = _moved([(i, j) for i, j in pairs if i is not None and j is not None])
    changes = []
    for i, j in pairs:
        if i is None:
            changes.append(Change(f"indicators[{j}]", f"新增指标“{new[j].get('name')}”", None, _summary(new[j])))
        elif j is None:
            changes.append(Change(f"indicators[{i}]", f"删除指标“{old[i].get('name')}”", _summary(old[i]), None))
        else:
            if j in moved:
                changes.append(Change(f"indicators[{j}]", f"指标“{new[j].get('name')}”移动位置", i + 1, j + 1))
            for key in _INDICATOR_FIELDS:
                if old[i].get(key) != new[j].get(key):
                    label = f"指标“{new[j].get('name')}”的{_FIELD_LABELS.get(key, key)}"
                    changes.append(Change(f"indicators[{j}].{key}", label, old[i].get(key), new[j].get(key)))
    return changes


def _moved(pairs: list[tuple[int, int]]) -> set[int]:
    """The new positions of the rows that moved: those outside a longest run of rows kept in their old order, so
    that adding or deleting a row moves none of the others."""
    pairs = sorted(pairs, key=lambda pair: pair[1])
    longest: list[list[int]] = []  # longest[k]: the longest run in old order ending at pair k, as indexes of pairs
    for k, (i, _) in enumerate(pairs):
        before = max((longest[m] for m in range(k) if pairs[m][0] < i), key=len, default=[])
        longest.append([*before, k])
    kept = set(max(longest, key=len, default=[]))
    return {j for k, (_, j) in enumerate(pairs) if k not in kept}


def _unique_names(items: list[dict[str, Any]]) -> dict[str, int]:
    seen: dict[str, int] = {}
    duplicates = set()
    for index, item in enumerate(items):
        name = item.get("name")
        if name in seen:
            duplicates.add(name)
        seen[name] = index
    return {name: index for name, index in seen.items() if name not in duplicates}


def _summary(item: dict[str, Any]) -> str:
    return f"{item.get('level1')} / {item.get('level2')} / {item.get('name')}：{item.get('target')}"
