"""How numbers leave the system: as JSON or spreadsheet numbers, and as amounts people read."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def json_number(value: Any) -> Any:
    """A Decimal as a JSON/spreadsheet number (3550000, 89.974); anything else unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def amount_text(value: Any) -> str:
    """An amount with thousands separators and no trailing zeros, as on the official forms: 3,550,000 or 89.974."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return f"{number:,f}"
