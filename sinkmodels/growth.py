"""Growth over time: Chapman–Richards stock-volume curves per forest type, MAI fallback.

    V(t) = A · (1 − B·e^(−K·t))^(1/(1−m)),   t = stand age (yr), V in m³/ha

clamped to 0 where the base ``1 − B·e^(−K·t)`` is negative (B > 1 gives a few years of zero
volume for young stands). Where a forest type has no curve, a mean annual increment
(``mai``, m³/ha/yr) gives V(t) = mai·t. Parameters come from the ``growth_curves`` table
(:data:`sinkmodels.tables.GROWTH_CURVES`); see SCIENCE.md §4.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit


@njit(nogil=True, cache=True)
def cr_volume(t, A, B, K, m):  # type: ignore[no-untyped-def]
    """Chapman–Richards volume (m³/ha) at age ``t`` (scalar, numba)."""
    if t <= 0.0:
        base = 1.0 - B
    else:
        base = 1.0 - B * math.exp(-K * t)
    if base <= 0.0:
        return 0.0
    return A * base ** (1.0 / (1.0 - m))


@njit(nogil=True, cache=True)
def volume_at(t, A, B, K, m, mai, has_curve):  # type: ignore[no-untyped-def]
    """Volume at age ``t`` by the curve, or by the mean annual increment when there is none."""
    if t <= 0.0:
        t = 0.0
    if has_curve:
        return cr_volume(t, A, B, K, m)
    return mai * t


def chapman_richards(t: np.ndarray | float, A: float, B: float, K: float,
                     m: float) -> np.ndarray:
    """Vectorised V(t) (m³/ha), clamped at 0."""
    t = np.asarray(t, dtype=np.float64)
    base = 1.0 - B * np.exp(-K * np.maximum(t, 0.0))
    with np.errstate(invalid="ignore"):
        v = A * np.where(base > 0, base, 0.0) ** (1.0 / (1.0 - m))
    return v


@dataclass(frozen=True)
class GrowthCurves:
    """Per forest type (in the order of ``types``): curve parameters and MAI, as arrays."""

    types: tuple[str, ...]
    A: np.ndarray
    B: np.ndarray
    K: np.ndarray
    m: np.ndarray
    mai: np.ndarray
    has_curve: np.ndarray  # bool

    def volume(self, forest_type: str, age: float) -> float:
        i = self.types.index(forest_type)
        return float(volume_at(float(age), self.A[i], self.B[i], self.K[i], self.m[i],
                               self.mai[i], bool(self.has_curve[i])))

    def increment(self, forest_type: str, age: float, years: float = 1.0) -> float:
        """Volume gain (m³/ha) from ``age`` to ``age + years``."""
        return self.volume(forest_type, age + years) - self.volume(forest_type, age)


def growth_curves(table: pd.DataFrame | None, types: list[str] | tuple[str, ...]) -> GrowthCurves:
    """Arrays for ``types`` from a loaded growth table (types without a row do not grow)."""
    n = len(types)
    A, B, K, m, mai = (np.zeros(n) for _ in range(5))
    has = np.zeros(n, dtype=np.bool_)
    if table is not None:
        idx = table.set_index("forest_type", drop=False) if "forest_type" in table else table
        for i, t in enumerate(types):
            if t not in idx.index:
                continue
            row = idx.loc[t]
            params = [row.get(k) for k in ("A", "B", "K", "m")]
            if all(p is not None and not pd.isna(p) for p in params):
                A[i], B[i], K[i], m[i] = (float(p) for p in params)
                has[i] = True
            mai_v = row.get("mai")
            if mai_v is not None and not pd.isna(mai_v):
                mai[i] = float(mai_v)
    return GrowthCurves(tuple(types), A, B, K, m, mai, has)
