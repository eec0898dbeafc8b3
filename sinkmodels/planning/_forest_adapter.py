"""Build the planner's :class:`~.projection.ForestModel` from the project's science tables.

Growth: Chapman–Richards per forest type from growth_curves.csv (``A, B, K, m``), or the mean
annual increment ``mai`` (V = mai · age) where a type has no curve; types with neither do not
grow in volume (bamboo, shrub). Tree carbon from volume per forest_types.csv: ``bef_continuous``
B = a·V + b (Fang et al. 2001) or ``ipcc_volume`` B = V·D·BEF·(1+R); C = B · CF.

One planner-specific choice (docs/decisions/0005-planning-projection-method.md): the intercept
``b`` of the continuous BEF is phased in smoothly, B = a·V + b·(1 − e^(−V/V₀)) with V₀ = b/a,
so that a seedling stand (V ≈ 0) does not jump to b t/ha of biomass in its first year. For
V > 3·V₀ the difference from a·V + b is below 5 % of b.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sinkmodels.planning.projection import ForestModel


def _num(df: pd.DataFrame, col: str, default: float) -> np.ndarray:
    if col not in df.columns:
        return np.full(len(df), default, dtype=np.float64)
    return pd.to_numeric(df[col], errors="coerce").to_numpy(np.float64)


def model_from_tables(forest_types: pd.DataFrame, growth_curves: pd.DataFrame,
                      cf_default: float = 0.5) -> ForestModel:
    ft = forest_types.reset_index(drop=True)
    types = [str(t) for t in ft["forest_type"]]
    n = len(types)
    gc = growth_curves.reset_index(drop=True)
    grow = {str(r["forest_type"]): r for r in gc.to_dict("records")}
    A, B, K, m, mai = (np.zeros(n) for _ in range(5))
    has_curve = np.zeros(n, dtype=bool)
    for i, t in enumerate(types):
        r = grow.get(t)
        if r is None:
            continue
        vals = [r.get(k) for k in ("A", "B", "K", "m")]
        if all(v is not None and pd.notna(v) for v in vals):
            A[i], B[i], K[i], m[i] = (float(v) for v in vals)
            has_curve[i] = True
        elif r.get("mai") is not None and pd.notna(r.get("mai")):
            mai[i] = float(r["mai"])
    method = ft["method"].astype(str).to_numpy()
    a = np.nan_to_num(_num(ft, "a", 0.0))
    b = np.nan_to_num(_num(ft, "b", 0.0))
    dens = np.nan_to_num(_num(ft, "wood_density", 0.0))
    bef = np.nan_to_num(_num(ft, "bef", 0.0))
    rs = np.nan_to_num(_num(ft, "root_shoot", 0.0))
    cf = _num(ft, "carbon_fraction", cf_default)
    cf = np.where(np.isfinite(cf), cf, cf_default)
    ipcc = method == "ipcc_volume"
    slope = np.where(ipcc, dens * bef * (1.0 + rs), a)  # t dm per m3
    icpt = np.where(ipcc, 0.0, b)
    v0 = np.where(slope > 0, icpt / np.maximum(slope, 1e-12), 1.0)

    def volume(t: np.ndarray, age: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        age = np.asarray(age, dtype=np.float64)
        base = 1.0 - B[t] * np.exp(-K[t] * age)
        cr = np.where(base > 0, A[t] * np.power(np.maximum(base, 0.0),
                                                1.0 / np.maximum(1.0 - m[t], 1e-9)), 0.0)
        return np.where(has_curve[t], cr, mai[t] * np.maximum(age, 0.0))

    def carbon(t: np.ndarray, v: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        v = np.maximum(np.asarray(v, dtype=np.float64), 0.0)
        phase = np.where(icpt[t] > 0, 1.0 - np.exp(-v / np.maximum(v0[t], 1e-9)), 0.0)
        return (slope[t] * v + icpt[t] * phase) * cf[t]

    return ForestModel(tuple(types), volume, carbon,
                       tuple(bool(x) for x in (has_curve | (mai > 0))))
