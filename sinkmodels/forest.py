"""Forest carbon from stock volume, per forest type (what Chinese inventories report).

Two methods; the ``forest_types`` table row says which one a type uses (``method``):

* ``bef_continuous`` — continuous biomass expansion factor (Fang et al. 2001, 2007):
  **B = a·V + b** (t dry matter/ha, live trees incl. roots);
* ``ipcc_volume`` — IPCC 2006 Vol. 4 Eq. 2.8: **B = V·D·BEF·(1+R)**.

Tree carbon = B × CF (t C/ha). CF is the row's ``carbon_fraction``, else the run's default
(0.47 IPCC, or 0.50 as common in Chinese practice — a user setting). Where V ≤ 0 there is no
tree biomass (the continuous BEF's intercept describes stands, not bare land).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

METHOD_BEF, METHOD_IPCC = 0, 1
DEFAULT_CF = 0.47


@njit(nogil=True, cache=True)
def tree_biomass(v, method, a, b, d, bef, r):  # type: ignore[no-untyped-def]
    """Live-tree biomass (t dm/ha) from stock volume ``v`` (m³/ha) (scalar, numba).

    A continuous-BEF row with ``a = 0`` is a constant-biomass type (bamboo, shrub: no stem
    volume in the inventory): its biomass is ``b`` whatever the volume. Otherwise a stand
    without volume carries no tree biomass (the intercept ``b`` applies to stocked stands)."""
    if method == METHOD_BEF and a <= 0.0:
        return b
    if v <= 0.0:
        return 0.0
    if method == METHOD_BEF:
        return a * v + b
    return v * d * bef * (1.0 + r)


@njit(nogil=True, cache=True)
def biomass_per_volume(method, a, d, bef, r):  # type: ignore[no-untyped-def]
    """dB/dV (t dm per m³): converts a volume increment into a biomass increment."""
    if method == METHOD_BEF:
        return a
    return d * bef * (1.0 + r)


@dataclass(frozen=True)
class ForestParams:
    """Per forest type (order of ``types``) the method and its parameters, as arrays."""

    types: tuple[str, ...]
    method: np.ndarray  # int64
    a: np.ndarray
    b: np.ndarray
    d: np.ndarray
    bef: np.ndarray
    r: np.ndarray
    cf: np.ndarray

    def index(self, forest_type: str) -> int:
        return self.types.index(forest_type)

    def biomass(self, forest_type: str, volume: float) -> float:
        i = self.index(forest_type)
        return float(tree_biomass(float(volume), self.method[i], self.a[i], self.b[i],
                                  self.d[i], self.bef[i], self.r[i]))

    def carbon(self, forest_type: str, volume: float) -> float:
        """Tree carbon (t C/ha)."""
        return self.biomass(forest_type, volume) * float(self.cf[self.index(forest_type)])


def forest_params(table: pd.DataFrame, default_cf: float = DEFAULT_CF) -> ForestParams:
    """From a loaded forest types table (:func:`sinkmodels.tables.load_forest_types`)."""
    def col(name: str) -> np.ndarray:
        return np.asarray(pd.to_numeric(table[name], errors="coerce").fillna(0.0),
                          dtype=np.float64)

    method = np.where(table["method"].astype(str).to_numpy() == "ipcc_volume", METHOD_IPCC,
                      METHOD_BEF).astype(np.int64)
    cf = pd.to_numeric(table["carbon_fraction"], errors="coerce").fillna(default_cf)
    return ForestParams(tuple(str(t) for t in table["forest_type"]), method, col("a"), col("b"),
                        col("wood_density"), col("bef"), col("root_shoot"),
                        cf.to_numpy(np.float64))


def tree_carbon(volume: np.ndarray | float, params: ForestParams, forest_type: str
                ) -> np.ndarray:
    """Vectorised tree carbon (t C/ha) for one forest type."""
    i = params.index(forest_type)
    v = np.asarray(volume, dtype=np.float64)
    if params.method[i] == METHOD_BEF:
        b = params.a[i] * v + params.b[i]
    else:
        b = v * params.d[i] * params.bef[i] * (1 + params.r[i])
    return np.asarray(np.where(v > 0, b, 0.0) * params.cf[i], dtype=np.float64)
