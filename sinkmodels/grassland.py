"""Grassland carbon: biomass plus soil organic carbon with degradation factors (IPCC Tier 1).

* biomass carbon = AGB × (1 + R) × CF  (t C/ha; R root:shoot, CF carbon fraction)
* SOC = SOC_REF × F_LU × F_MG × F_I  (t C/ha, 0–30 cm; IPCC 2006 Vol. 4 Eq. 2.25)
* when the grade changes, SOC moves linearly to its new equilibrium over the transition period
  (IPCC default 20 years): ΔSOC per year = (SOC_new − SOC_old) / T for T years, 0 after.

Grades: none, light, moderate, severe (rows of the ``grassland`` table).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sinkmodels.tables import GRASSLAND_GRADES


@dataclass(frozen=True)
class GrasslandParams:
    grades: tuple[str, ...]
    biomass_c: np.ndarray  # t C/ha per grade
    soc: np.ndarray  # t C/ha per grade
    transition_years: np.ndarray

    def index(self, grade: str) -> int:
        return self.grades.index(grade)

    def stock(self, grade: str) -> float:
        i = self.index(grade)
        return float(self.biomass_c[i] + self.soc[i])


def grassland_params(table: pd.DataFrame) -> GrasslandParams:
    t = table.set_index("grade", drop=False)
    grades = tuple(g for g in GRASSLAND_GRADES if g in t.index) + tuple(
        g for g in t.index if g not in GRASSLAND_GRADES)
    t = t.loc[list(grades)]
    biomass = (t["agb"] * (1 + t["root_shoot"]) * t["carbon_fraction"]).to_numpy(np.float64)
    soc = (t["soc_ref"] * t["f_lu"] * t["f_mg"] * t["f_i"]).to_numpy(np.float64)
    years = t["transition_years"].fillna(20.0).to_numpy(np.float64)
    return GrasslandParams(grades, biomass, soc, years)


def soc_at(years: float | np.ndarray, soc_old: float, soc_new: float,
           transition_years: float = 20.0) -> np.ndarray:
    """SOC (t C/ha) ``years`` after a change of grade: linear over the transition period."""
    f = np.clip(np.asarray(years, dtype=np.float64) / transition_years, 0.0, 1.0)
    return soc_old + (soc_new - soc_old) * f


def soc_change_per_year(soc_old: float, soc_new: float, transition_years: float = 20.0,
                        years_since_change: float = 0.0) -> float:
    """Annual SOC change (t C/ha/yr) ``years_since_change`` into the transition."""
    if years_since_change >= transition_years:
        return 0.0
    return (soc_new - soc_old) / transition_years
