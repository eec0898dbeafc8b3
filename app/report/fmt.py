"""Deterministic number formatting for reports (and for the tests that read them back).

One function formats every figure the report prints, so a test can format a value from
``summary.json`` the same way and find it with ``pdftotext``. Rules:

* thousands separated by ``,`` in both languages; decimal point ``.``;
* the minus sign is ASCII ``-`` (searchable, copy-pastes into spreadsheets);
* rounding is Python's ``format`` (correct rounding of the binary value, half-even on ties);
* ``-0`` is printed as ``0``; ``None``/NaN as an en dash.
"""

from __future__ import annotations

import math

#: decimals used for each kind of quantity
DECIMALS: dict[str, int] = {
    "tC": 0,          # t C
    "tCO2e": 0,       # t CO2e/yr
    "ha": 0,          # hectares
    "pct": 2,         # percent
    "m3": 0,          # cubic metres
    "money": 0,       # currency
    "density": 1,     # t C/ha
    "year": 0,
}

MISSING = "–"


def fmt_number(value: float | int | None, decimals: int = 0) -> str:
    """``1234567.891, 1`` → ``'1,234,567.9'``."""
    if value is None:
        return MISSING
    try:
        x = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(x) or math.isinf(x):
        return MISSING
    text = f"{x:,.{decimals}f}"
    if text.startswith("-") and float(text[1:].replace(",", "")) == 0:
        text = text[1:]
    return text


def fmt(value: float | int | None, kind: str) -> str:
    """Format ``value`` with the decimals for ``kind`` (see :data:`DECIMALS`)."""
    if kind == "year":
        return MISSING if value is None else str(int(value))
    return fmt_number(value, DECIMALS.get(kind, 2))


def fmt_raw(value: object) -> str:
    """A parameter-table cell: numbers compactly (up to 6 significant digits), text as is."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return MISSING
        return f"{value:.6g}"
    return "" if value is None else str(value)
