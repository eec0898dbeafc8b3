"""Build the planner's :class:`~.projection.ForestModel` from the project's science tables,
through the carbon module's parsers (:func:`sinkmodels.growth.growth_curves`,
:func:`sinkmodels.forest.forest_params`), vectorised over forest-type indices.

Growth: Chapman–Richards per type, or the mean annual increment where a type has no curve;
types with neither do not grow (bamboo, shrub). Tree carbon of existing stands is exactly the
carbon module's: B = a·V + b (``bef_continuous``) or V·D·BEF·(1+R) (``ipcc_volume``) for V > 0,
× CF; types with a = 0 carry the constant biomass b (× CF) whatever their volume.

Stands *planted by an action* use one planner-specific form (decision record
``docs/decisions/planning-cohort-projection.md``): the continuous BEF's intercept is phased
in with volume, B = a·V + b·(1 − e^(−V/V₀)), V₀ = b/a, so that a seedling stand does not gain
b t/ha of biomass in its first year. For V > 3·V₀ the two forms differ by less than 5 % of b.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sinkmodels.forest import METHOD_IPCC, forest_params
from sinkmodels.growth import growth_curves
from sinkmodels.planning.projection import ForestModel


def model_from_tables(forest_types: pd.DataFrame, growth_table: pd.DataFrame,
                      cf_default: float | None = None) -> ForestModel:
    fp = forest_params(forest_types) if cf_default is None else \
        forest_params(forest_types, cf_default)
    types = fp.types
    gc = growth_curves(growth_table, types)
    A, B, K, m, mai, has = gc.A, gc.B, gc.K, gc.m, gc.mai, gc.has_curve.astype(bool)
    ipcc = fp.method == METHOD_IPCC
    slope = np.where(ipcc, fp.d * fp.bef * (1.0 + fp.r), fp.a)  # t dm per m3
    icpt = np.where(ipcc, 0.0, fp.b)
    constant = (~ipcc) & (fp.a <= 0)  # biomass b whatever the volume (bamboo, shrub)
    v0 = np.where(slope > 0, icpt / np.maximum(slope, 1e-12), 1.0)
    cf = fp.cf

    def volume(t: np.ndarray, age: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        age = np.maximum(np.asarray(age, dtype=np.float64), 0.0)
        base = 1.0 - B[t] * np.exp(-K[t] * age)
        expo = 1.0 / np.maximum(1.0 - m[t], 1e-9)
        cr = np.where(base > 0, A[t] * np.power(np.maximum(base, 0.0), expo), 0.0)
        return np.where(has[t], cr, mai[t] * age)

    def carbon(t: np.ndarray, v: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        v = np.asarray(v, dtype=np.float64)
        b = np.where(v > 0, slope[t] * v + icpt[t], 0.0)
        return np.where(constant[t], icpt[t], b) * cf[t]  # type: ignore[no-any-return]

    def carbon_planted(t: np.ndarray, v: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        v = np.maximum(np.asarray(v, dtype=np.float64), 0.0)
        phase = 1.0 - np.exp(-v / np.maximum(v0[t], 1e-9))
        b = slope[t] * v + icpt[t] * np.where(slope[t] > 0, phase, 1.0)
        return b * cf[t]  # type: ignore[no-any-return]

    return ForestModel(tuple(types), volume, carbon, None, carbon_planted,
                       (slope * cf, icpt * cf, constant))
