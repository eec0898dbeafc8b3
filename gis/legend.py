"""Land-cover classes from a polygon layer's class field, through the project legend.

Bureaus often hold land cover as polygons: the Third National Land Survey (三调) land-use
parcels with their class code (地类编码, e.g. ``0301`` tree forest, ``0102`` irrigated land), or
a survey's own class numbers. Such a layer becomes a class raster at alignment: each polygon
burns the legend code its class field names. :func:`match_classes` finds, among the legend's
columns, the one that holds the field's values — the legend's own ``code`` column, or a column
of another system's codes (``sandiao``, ``clcd``, ``worldcover`` in the demo legend) — and maps
every value to a legend code:

* a cell of a code column may list several codes separated by ``;`` (``0301;0302;0307``);
* in a Third National Land Survey column (named ``sandiao``, ``三调`` or ``dlbm``) a value also
  matches its longest listed prefix, as the survey's codes nest: ``0102`` irrigated land is
  ``01`` cropland unless the legend lists ``0102`` itself; ``0402`` (the marsh grassland of the
  wetland group) is its own row when the legend has it, else ``04`` grassland;
* values matching nothing are reported, with how many features carry each, so the legend can be
  completed — never burnt as nodata in silence.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from gis.errors import InputError

#: Column names (lower case) whose codes nest by prefix (Third National Land Survey, 三调).
PREFIX_COLUMNS = ("sandiao", "三调", "dlbm")
#: Legend columns that never hold class codes.
_NOT_CODES = ("name", "name_en", "name_zh", "class", "ecosystem", "color", "colour", "source",
              "unit", "description", "note", "notes")


@dataclass(frozen=True)
class ClassMatch:
    """How a class field's values map to legend codes: ``column`` of the legend used,
    ``codes`` value text → legend code, ``unknown`` value text → number of features."""

    column: str
    codes: dict[str, int]
    unknown: dict[str, int] = field(default_factory=dict)


def value_text(v: object) -> str:
    """A class value as text: trimmed; whole floats without their ``.0`` (a shapefile stores
    ``301`` as 301.0); missing values as ''."""
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v).strip()


def read_legend_text(path: str | Path) -> pd.DataFrame:
    """The legend with every cell as text (code columns keep their leading zeros: ``0301``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig",
                       comment=None)


def match_classes(values: Iterable[object], legend: pd.DataFrame) -> ClassMatch:
    """Map class-field ``values`` (one per feature) to legend codes through the legend column
    that explains most features (the legend's ``code`` column wins ties). ``legend``: as
    :func:`read_legend_text` reads it (text cells)."""
    counts = Counter(value_text(v) for v in values)
    counts.pop("", None)  # features without a class are not burnt
    cols = {c.lower(): c for c in legend.columns}
    code_col = cols.get("code") or cols.get("lucode")
    if code_col is None:
        raise ValueError("the legend has no 'code' column")
    codes = [int(float(c)) for c in legend[code_col]]
    candidates = [code_col] + [c for c in legend.columns
                               if c != code_col and c.lower() not in _NOT_CODES]
    best: ClassMatch | None = None
    best_n = -1
    for col in candidates:
        table = _column_codes(legend[col], codes)
        prefix = col.strip().lower() in PREFIX_COLUMNS
        mapping: dict[str, int] = {}
        unknown: dict[str, int] = {}
        for value, n in counts.items():
            code = _lookup(value, table, prefix)
            if code is None:
                unknown[value] = n
            else:
                mapping[value] = code
        matched = sum(counts[v] for v in mapping)
        if matched > best_n:
            best, best_n = ClassMatch(col, mapping, unknown), matched
    assert best is not None
    return best


def _column_codes(column: pd.Series, codes: Sequence[int]) -> dict[str, int]:
    out: dict[str, int] = {}
    for cell, code in zip(column, codes, strict=True):
        for part in str(cell).replace(",", ";").split(";"):
            key = value_text(part)
            if key and key not in out:  # the first row listing a code takes it
                out[key] = code
    return out


def _lookup(value: str, table: dict[str, int], prefix: bool) -> int | None:
    if value in table:
        return table[value]
    if prefix:
        for n in range(len(value) - 1, 0, -1):
            if value[:n] in table:
                return table[value[:n]]
    return None


def class_values_error(where: str, field_name: str, match: ClassMatch,
                       legend_path: str | Path) -> InputError:
    """The input error for a class field with values the legend does not know."""
    listed = sorted(match.unknown.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = ", ".join(f"{v} ({n})" for v, n in listed[:12])
    if len(listed) > 12:
        shown += f", … (+{len(listed) - 12})"
    return InputError("landcover_values_unknown", path=where, field=field_name, values=shown,
                      column=match.column, legend=str(legend_path))
