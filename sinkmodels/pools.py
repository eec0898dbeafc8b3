"""The InVEST-compatible pool model: carbon stock per land-cover class, change, NPV.

Stock density of a class = c_above + c_below + c_soil + c_dead (+ c_litter), t C/ha; the stock of
a pixel is density × its exact area (ha). With an alternate map: change = alternate − baseline
density (t C/ha; positive = sequestered), and the net present value

    npv = change × price / n × Σ_{t=0}^{n-1} 1 / ((1 + r/100)(1 + c/100))^t,   n = alt − bas year

exactly as InVEST 3.20's ``carbon._calculate_valuation_constant`` (``r`` discount rate and ``c``
annual price change in **percent**). See docs/decisions/0001-npv-as-invest.md for the quirks.

The kernels are numba ``@njit(nogil=True)`` functions for :func:`gis.blocks.run_blocks`: land
cover codes go through a lookup table (``lut[code - lo]`` → dense class index, −1 = not in the
table), densities are float64, totals accumulate in float64 per tile.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

#: nodata of the stock rasters (stocks are >= 0), as InVEST
STOCK_NODATA = -1.0
#: nodata of signed rasters (change, NPV): the lowest float32
SIGNED_NODATA = float(np.finfo(np.float32).min)

# accumulator layout of the carbon kernels ------------------------------------------------
A_STOCK_BAS, A_STOCK_ALT, A_CHANGE = 0, 1, 2
A_AREA_BAS, A_AREA_ALT, A_AREA_BOTH = 3, 4, 5
A_MISSING_BAS, A_MISSING_ALT = 6, 7
A_NODATA_BAS, A_NODATA_ALT = 8, 9
N_SCALARS = 10
#: transition matrices are accumulated only up to this many classes
MAX_TRANSITION_CLASSES = 40


def valuation_constant(bas_year: float, alt_year: float, discount_rate: float,
                       rate_change: float, price: float) -> float:
    """InVEST 3.20's valuation constant (currency per t C of change).

    ``discount_rate`` and ``rate_change`` are percentages (7 means 7 %), as InVEST's
    PercentInput. Implemented as InVEST does: the closed form of the geometric sum, with the
    limit n when the ratio is 1.
    """
    n_years = alt_year - bas_year
    ratio = 1 / ((1 + discount_rate / 100) * (1 + rate_change / 100))
    constant = price / n_years
    if ratio == 1:
        constant *= n_years
    else:
        constant *= (1 - ratio ** n_years) / (1 - ratio)
    return float(constant)


def valuation_constant_by_sum(bas_year: int, alt_year: int, discount_rate: float,
                              rate_change: float, price: float) -> float:
    """The same constant written as the user's-guide sum (for tests and docs)."""
    n = int(alt_year - bas_year)
    r = 1 / ((1 + discount_rate / 100) * (1 + rate_change / 100))
    return price / n * sum(r ** t for t in range(n))


@dataclass(frozen=True)
class ClassLookup:
    """Dense class lookup: ``index[code - lo]`` is the row of ``codes``/``density`` or −1."""

    codes: np.ndarray  # int64, table order
    density: np.ndarray  # float64 t C/ha, per class
    lo: int
    index: np.ndarray  # int32

    @property
    def n(self) -> int:
        return len(self.codes)

    def contains(self, code: int) -> bool:
        k = code - self.lo
        return 0 <= k < len(self.index) and self.index[k] >= 0


def class_lookup(codes: np.ndarray | list[int], density: np.ndarray | list[float]) -> ClassLookup:
    codes = np.asarray(codes, dtype=np.int64)
    density = np.asarray(density, dtype=np.float64)
    if len(codes) == 0:
        return ClassLookup(codes, density, 0, np.full(1, -1, np.int32))
    lo, hi = int(codes.min()), int(codes.max())
    if hi - lo > 50_000_000:
        raise ValueError("class codes span too wide a range for a lookup table")
    index = np.full(hi - lo + 1, -1, dtype=np.int32)
    index[codes - lo] = np.arange(len(codes), dtype=np.int32)
    return ClassLookup(codes, density, lo, index)


def pools_lookup(pools: pd.DataFrame) -> ClassLookup:
    """From a loaded pool table (:func:`sinkmodels.tables.load_pools`)."""
    return class_lookup(pools["lucode"].to_numpy(), pools["c_total"].to_numpy())


def acc_size(n_classes: int, alternate: bool) -> int:
    """Length of the carbon kernels' accumulator."""
    size = N_SCALARS + n_classes * (2 if alternate else 1)
    if alternate and n_classes <= MAX_TRANSITION_CLASSES:
        size += n_classes * n_classes
    return size


@njit(nogil=True, cache=True)
def class_of(v, lo, index):  # type: ignore[no-untyped-def]
    """Row of class code ``v`` in a lookup built by :func:`class_lookup`; -1 when ``v`` is
    outside the table or not an integer."""
    k = np.int64(v) - lo
    if k < 0 or k >= index.shape[0]:
        return -1
    if np.float64(np.int64(v)) != np.float64(v):  # a non-integer value is no class
        return -1
    return index[k]


@njit(nogil=True, cache=True)
def stock_kernel(lulc, out_stock, area, acc, lo, index, density, has_nd, nd,  # type: ignore[no-untyped-def]
                 nd_stock):
    """One scenario: stock density raster (t C/ha) and totals.

    acc: [A_STOCK_BAS] t C, [A_AREA_BAS] ha, [A_MISSING_BAS] px, [A_NODATA_BAS] px, then the
    area (ha) of each class from N_SCALARS.
    """
    rows, cols = lulc.shape
    for r in range(rows):
        a = area[r]
        for c in range(cols):
            v = lulc[r, c]
            if has_nd and np.float64(v) == nd:
                out_stock[r, c] = nd_stock
                acc[A_NODATA_BAS] += 1.0
                continue
            i = class_of(v, lo, index)
            if i < 0:
                out_stock[r, c] = nd_stock
                acc[A_MISSING_BAS] += 1.0
                continue
            d = density[i]
            out_stock[r, c] = d
            acc[A_STOCK_BAS] += d * a
            acc[A_AREA_BAS] += a
            acc[N_SCALARS + i] += a


@njit(nogil=True, cache=True)
def change_kernel(bas, alt, out_bas, out_alt, out_change, out_npv, area, acc, lo, index,  # type: ignore[no-untyped-def]
                  density, has_nd_bas, nd_bas, has_nd_alt, nd_alt, constant, nd_stock,
                  nd_signed, n, transitions):
    """Baseline + alternate: both stock rasters, change (alt − bas, t C/ha) and NPV
    (currency/ha). Any-input nodata → change and NPV nodata (as InVEST).

    acc: scalars (see A_*), then class areas of the baseline (n), of the alternate (n), then
    (when ``transitions``) the from→to area matrix, row-major (n × n), all in ha.
    """
    rows, cols = bas.shape
    off_alt = N_SCALARS + n
    off_tr = N_SCALARS + 2 * n
    for r in range(rows):
        a = area[r]
        for c in range(cols):
            vb = bas[r, c]
            va = alt[r, c]
            ib = -2
            ia = -2
            if has_nd_bas and np.float64(vb) == nd_bas:
                acc[A_NODATA_BAS] += 1.0
            else:
                ib = class_of(vb, lo, index)
                if ib < 0:
                    acc[A_MISSING_BAS] += 1.0
            if has_nd_alt and np.float64(va) == nd_alt:
                acc[A_NODATA_ALT] += 1.0
            else:
                ia = class_of(va, lo, index)
                if ia < 0:
                    acc[A_MISSING_ALT] += 1.0
            if ib >= 0:
                db = density[ib]
                out_bas[r, c] = db
                acc[A_STOCK_BAS] += db * a
                acc[A_AREA_BAS] += a
                acc[N_SCALARS + ib] += a
            else:
                out_bas[r, c] = nd_stock
            if ia >= 0:
                da = density[ia]
                out_alt[r, c] = da
                acc[A_STOCK_ALT] += da * a
                acc[A_AREA_ALT] += a
                acc[off_alt + ia] += a
            else:
                out_alt[r, c] = nd_stock
            if ib >= 0 and ia >= 0:
                ch = density[ia] - density[ib]
                out_change[r, c] = ch
                out_npv[r, c] = ch * constant
                acc[A_CHANGE] += ch * a
                acc[A_AREA_BOTH] += a
                if transitions:
                    acc[off_tr + ib * n + ia] += a
            else:
                out_change[r, c] = nd_signed
                out_npv[r, c] = nd_signed
