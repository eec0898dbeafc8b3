"""Typed CSV parameter tables: a declared schema → validated, typed rows.

A :class:`TableSchema` declares the columns a table must (or may) have: their type, unit,
allowed range or choices and default. :func:`load_table` reads a CSV file against it and returns
a :class:`pandas.DataFrame` with one column per declared column (canonical names) plus any extra
columns of the file; :func:`validate_table` reports *all* problems as
:class:`~gis.validate.Issue` objects instead of raising at the first.

File conventions (what bureaus and Excel produce):

* encoding: UTF-8 with or without BOM; if the bytes are not UTF-8 they are read as GB18030 (a
  superset of GBK/GB2312) and a warning issue ``table_encoding_gbk`` is recorded; bytes that are
  neither raise ``table_unreadable``;
* the first non-blank line is the header; names are stripped and matched case-insensitively;
* delimiter ``,`` (``;`` or tab are detected when the header has no comma);
* blank lines and lines whose first cell starts with ``#`` are skipped;
* rows are numbered as in the file: the header is row 1, the first data row row 2 (blank and
  comment lines count), so messages point to the line a user sees in a text editor.

Types of the returned columns: ``float`` → float64 (NaN where empty and no default);
``int`` → int64, or pandas' nullable ``Int64`` when an optional column has empty cells and no
default; ``bool`` → bool, or nullable ``boolean`` likewise; ``str`` → pandas' string dtype.
Extra columns are kept as strings. ``df.attrs`` holds ``source`` (the path), ``schema`` (its
name), ``units`` (column → unit) and ``issues`` (warnings such as the GBK notice).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd

from gis.errors import MissingFileError, TableError
from gis.messages import Msg
from gis.validate import Issue

DType = Literal["int", "float", "str", "bool"]
_DTYPES: tuple[str, ...] = ("int", "float", "str", "bool")

#: Cell texts read as "no value" in numeric and yes/no columns (compared case-insensitively).
NA_TOKENS = frozenset({"", "na", "n/a", "nan", "null", "none", "-", "—"})
_TRUE = frozenset({"true", "t", "yes", "y", "1", "是", "对"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "否", "错"})


@dataclass(frozen=True)
class Column:
    """One declared column of a parameter table.

    ``unit`` is documentation that travels to labels and ``df.attrs['units']`` (e.g. 't C/ha').
    ``required``: the column must be present in the file (its cells must then hold values unless
    a ``default`` is given). An optional column absent from the file is created and filled with
    ``default`` (or NaN/NA). ``min``/``max`` are inclusive bounds for numeric columns;
    ``choices`` are the allowed values of a ``str`` column (matched case-insensitively and stored
    as declared).
    """

    name: str
    dtype: DType
    unit: str | None = None
    required: bool = True
    min: float | None = None
    max: float | None = None
    choices: Sequence[str] | None = None
    default: Any = None
    description: str = ""

    def __post_init__(self) -> None:
        if self.dtype not in _DTYPES:
            raise ValueError(f"column {self.name!r}: dtype must be one of {_DTYPES}")
        if self.choices is not None:
            object.__setattr__(self, "choices", tuple(str(c) for c in self.choices))
        object.__setattr__(self, "name", self.name.strip())

    @property
    def key(self) -> str:
        """The name used for case-insensitive matching."""
        return self.name.casefold()


@dataclass(frozen=True)
class TableSchema:
    """A declared table: its name (used in messages), columns, optional unique key column and
    whether columns not declared are allowed (they are kept as strings)."""

    name: str
    columns: Sequence[Column]
    key: str | None = None
    allow_extra: bool = True
    _by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        cols = tuple(self.columns)
        object.__setattr__(self, "columns", cols)
        by_key: dict[str, Column] = {}
        for c in cols:
            if c.key in by_key:
                raise ValueError(f"table {self.name!r}: column {c.name!r} declared twice")
            by_key[c.key] = c
        object.__setattr__(self, "_by_key", by_key)
        if self.key is not None and self.key.casefold() not in by_key:
            raise ValueError(f"table {self.name!r}: key column {self.key!r} is not declared")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_names(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        """The declared column called ``name`` (case-insensitive); KeyError if none."""
        return self._by_key[name.strip().casefold()]

    def units(self) -> dict[str, str]:
        return {c.name: c.unit for c in self.columns if c.unit}


# --------------------------------------------------------------------------------------------
# reading


def _decode(path: Path) -> tuple[str, str]:
    """(text, encoding) of the file; raises TableError('table_unreadable') if neither UTF-8
    nor GB18030."""
    if not path.exists():
        raise MissingFileError(path=path)
    if path.is_dir():
        raise TableError("table_unreadable", path=path, detail="this is a folder, not a file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TableError("table_unreadable", path=path, detail=exc.strerror or str(exc)) from exc
    if b"\x00" in raw[:4096]:
        raise TableError("table_unreadable", path=path,
                         detail="binary content (an Excel workbook? export it as CSV)")
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        raise TableError("table_unreadable", path=path,
                         detail=f"the text is neither UTF-8 nor GBK (byte {exc.start})") from exc


def _records(text: str, path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header cells and (file row number, cells) of each data row."""
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    delimiter = ","
    if "," not in first:
        if ";" in first:
            delimiter = ";"
        elif "\t" in first:
            delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    prev = 0
    try:
        for rec in reader:
            start = prev + 1
            prev = reader.line_num
            if not rec or all(not c.strip() for c in rec):
                continue
            if rec[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = rec
                continue
            rows.append((start, rec))
    except csv.Error as exc:
        raise TableError("table_unreadable", path=path, detail=f"line {reader.line_num}: {exc}") from exc
    if header is None:
        raise TableError("table_empty", path=path)
    return header, rows


def _bound(v: float) -> str:
    return f"{v:g}"


def _parse_cell(col: Column, text: str) -> tuple[Any, Msg | None]:
    """(value, problem) for one non-empty cell of a declared column."""
    s = text.strip()
    if col.dtype == "str":
        if col.choices is not None:
            for ch in col.choices:
                if ch.casefold() == s.casefold():
                    return ch, None
            return None, Msg("value_unknown_choice", choices=", ".join(col.choices))
        return s, None
    if col.dtype == "bool":
        low = s.casefold()
        if low in _TRUE:
            return True, None
        if low in _FALSE:
            return False, None
        return None, Msg("value_not_bool")
    try:
        num = float(s)
    except ValueError:
        return None, Msg("value_not_number")
    if not math.isfinite(num):
        return None, Msg("value_not_number")
    if col.dtype == "int":
        if num != int(num):
            return None, Msg("value_not_integer")
        value: Any = int(num)
    else:
        value = num
    lo, hi = col.min, col.max
    if lo is not None and hi is not None and not lo <= num <= hi:
        return None, Msg("value_out_of_range", low=_bound(lo), high=_bound(hi))
    if lo is not None and num < lo:
        return None, (Msg("value_negative") if lo == 0 else Msg("value_below_min", low=_bound(lo)))
    if hi is not None and num > hi:
        return None, Msg("value_above_max", high=_bound(hi))
    return value, None


def _is_empty(col: Column | None, text: str) -> bool:
    s = text.strip()
    if col is None or col.dtype == "str":
        return s == ""
    return s.casefold() in NA_TOKENS


def _series(col: Column, values: list[Any]) -> pd.Series:
    has_na = any(v is None for v in values)
    if col.dtype == "float":
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    if col.dtype == "int":
        return pd.Series(values, dtype="Int64" if has_na else "int64")
    if col.dtype == "bool":
        return pd.Series(values, dtype="boolean" if has_na else "bool")
    return pd.Series([np.nan if v is None else v for v in values], dtype="str")


def _read(path: str | Path, schema: TableSchema) -> tuple[pd.DataFrame | None, list[Issue]]:
    """Parse and validate; returns the frame (None when the columns are unusable) and issues.

    Raises only for files that cannot be read at all (MissingFileError, TableError)."""
    p = Path(path)
    sp = str(path)
    issues: list[Issue] = []
    text, encoding = _decode(p)
    if encoding != "utf-8":
        issues.append(Issue("warning", "table_encoding_gbk", {"encoding": encoding.upper()}, sp))
    header, rows = _records(text, p)

    # ---- columns ------------------------------------------------------------------------
    names = [h.strip().lstrip("\ufeff").strip() for h in header]
    seen: dict[str, int] = {}
    for i, n in enumerate(names):
        k = n.casefold()
        if not n:
            continue
        if k in seen:
            raise TableError("table_unreadable", path=p,
                             detail=f"the column name '{n}' appears twice in the header")
        seen[k] = i
    missing = [c.name for c in schema.columns if c.required and c.key not in seen]
    if missing:
        issues.append(Issue("error", "table_columns",
                            {"missing": ", ".join(missing),
                             "expected": ", ".join(schema.names), "table": schema.name}, sp))
        return None, issues
    extra = [n for n in names if n and n.casefold() not in schema._by_key]
    if extra and not schema.allow_extra:
        issues.append(Issue("error", "table_extra_columns",
                            {"extra": ", ".join(extra), "expected": ", ".join(schema.names),
                             "table": schema.name}, sp))
    if not rows:
        issues.append(Issue("error", "table_empty", {"table": schema.name}, sp))
        return None, issues

    # ---- cells --------------------------------------------------------------------------
    data: dict[str, list[Any]] = {c.name: [] for c in schema.columns}
    extra_data: dict[str, list[str]] = {n: [] for n in extra}
    row_numbers: list[int] = []
    for rownum, cells in rows:
        row_numbers.append(rownum)
        for c in schema.columns:
            idx = seen.get(c.key)
            text_v = cells[idx] if idx is not None and idx < len(cells) else ""
            if _is_empty(c, text_v):
                if c.default is not None:
                    data[c.name].append(c.default)
                elif c.required:
                    data[c.name].append(None)
                    issues.append(Issue("error", "table_value",
                                        {"row": rownum, "column": c.name, "value": text_v.strip(),
                                         "problem": Msg("value_missing")}, sp))
                else:
                    data[c.name].append(None)
                continue
            value, problem = _parse_cell(c, text_v)
            if problem is not None:
                issues.append(Issue("error", "table_value",
                                    {"row": rownum, "column": c.name, "value": text_v.strip(),
                                     "problem": problem}, sp))
            data[c.name].append(value)
        for n in extra:
            idx = seen[n.casefold()]
            extra_data[n].append(cells[idx].strip() if idx < len(cells) else "")

    # ---- key ----------------------------------------------------------------------------
    if schema.key is not None:
        kcol = schema.column(schema.key)
        where: dict[Any, list[int]] = {}
        for rownum, v in zip(row_numbers, data[kcol.name], strict=True):
            if v is not None:
                where.setdefault(v, []).append(rownum)
        for v, rws in where.items():
            if len(rws) > 1:
                issues.append(Issue("error", "table_duplicate",
                                    {"key": v, "rows": ", ".join(map(str, rws)),
                                     "column": kcol.name}, sp))

    if any(i.severity == "error" for i in issues):
        return None, issues
    frame = pd.DataFrame({c.name: _series(c, data[c.name]) for c in schema.columns})
    for n, vals in extra_data.items():
        frame[n] = pd.Series(vals, dtype="str")
    frame.attrs.update(source=sp, schema=schema.name, units=schema.units(),
                       issues=list(issues), rows=row_numbers)
    return frame, issues


def load_table(path: str | Path, schema: TableSchema) -> pd.DataFrame:
    """Read and validate the CSV table at ``path`` against ``schema``.

    Returns a DataFrame (see the module docstring for dtypes and ``attrs``). Raises
    :class:`~gis.errors.MissingFileError` if the file does not exist and
    :class:`~gis.errors.TableError` for the first problem in file order (codes
    ``table_columns``, ``table_value``, ``table_duplicate``, ``table_empty``,
    ``table_unreadable``); use :func:`validate_table` to see all problems at once.
    """
    frame, issues = _read(path, schema)
    for issue in issues:
        if issue.severity == "error":
            raise issue.to_error(TableError)
    assert frame is not None
    return frame


def validate_table(path: str | Path, schema: TableSchema) -> list[Issue]:
    """All problems of the table at ``path`` as issues (never raises for bad input)."""
    from gis.errors import SinkplannerError

    try:
        _, issues = _read(path, schema)
    except SinkplannerError as exc:
        return [Issue.from_error(exc)]
    return issues


def lookup(frame: pd.DataFrame, key: str, column: str) -> dict[Any, Any]:
    """``{key value: column value}`` for a loaded table (e.g. ``lookup(pools, 'lucode',
    'c_above')``)."""
    return dict(zip(frame[key].tolist(), frame[column].tolist(), strict=True))


def schema_from_columns(name: str, columns: Iterable[Column], key: str | None = None,
                        allow_extra: bool = True) -> TableSchema:
    """Convenience constructor (keeps call sites short)."""
    return TableSchema(name, tuple(columns), key=key, allow_extra=allow_extra)


__all__ = ["NA_TOKENS", "Column", "DType", "TableSchema", "load_table", "lookup",
           "validate_table"]
