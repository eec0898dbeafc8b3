"""Wetland and mangrove ("blue") carbon: biomass plus soil, accumulation, disturbance.

* stock = AGB × (1 + R) × CF + soil_c  (t C/ha)
* accumulation of a standing (undisturbed) wetland: soil_accum (+ biomass_growth) t C/ha/yr;
  defaults from the IPCC 2013 Wetlands Supplement: mangrove 1.62, tidal (salt) marsh 0.91,
  seagrass 0.43 t C/ha/yr;
* disturbance (conversion) of a coastal class, as InVEST Coastal Blue Carbon: a share of the
  biomass and of the soil carbon (low / medium / high impact: ``loss_low``, ``loss_med``,
  ``loss_high``) is lost, and released to the atmosphere with an exponential half-life:
  emitted by year t after the disturbance = loss × (1 − 0.5^(t / half_life)); half-life 0 means
  at once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numba import njit

IMPACTS = ("low", "med", "high")


@njit(nogil=True, cache=True)
def released_fraction(t, half_life):  # type: ignore[no-untyped-def]
    """Share of a disturbed stock emitted by ``t`` years after the disturbance."""
    if t <= 0.0:
        return 0.0
    if half_life <= 0.0:
        return 1.0
    return 1.0 - math.pow(0.5, t / half_life)


@njit(nogil=True, cache=True)
def emission_between(loss_biomass, loss_soil, hl_biomass, hl_soil, t1,  # type: ignore[no-untyped-def]
                     t2):
    """Carbon (t C/ha) emitted between ``t1`` and ``t2`` years after a disturbance."""
    return (loss_biomass * (released_fraction(t2, hl_biomass) - released_fraction(t1, hl_biomass))
            + loss_soil * (released_fraction(t2, hl_soil) - released_fraction(t1, hl_soil)))


@dataclass(frozen=True)
class BlueCarbonParams:
    types: tuple[str, ...]
    biomass_c: np.ndarray
    soil_c: np.ndarray
    accum: np.ndarray  # soil_accum + biomass_growth, t C/ha/yr
    loss: np.ndarray  # (n, 3) shares for low/med/high
    hl_biomass: np.ndarray
    hl_soil: np.ndarray

    def index(self, wetland_type: str) -> int:
        return self.types.index(wetland_type)

    def stock(self, wetland_type: str) -> float:
        i = self.index(wetland_type)
        return float(self.biomass_c[i] + self.soil_c[i])

    def disturbance(self, wetland_type: str, impact: str = "high") -> tuple[float, float]:
        """(biomass, soil) carbon lost (t C/ha) when the type is disturbed."""
        i = self.index(wetland_type)
        share = float(self.loss[i, IMPACTS.index(impact)])
        return share * float(self.biomass_c[i]), share * float(self.soil_c[i])

    def emitted(self, wetland_type: str, years: float, impact: str = "high") -> float:
        lb, ls = self.disturbance(wetland_type, impact)
        i = self.index(wetland_type)
        return float(emission_between(lb, ls, self.hl_biomass[i], self.hl_soil[i], 0.0,
                                      float(years)))


def bluecarbon_params(table: pd.DataFrame) -> BlueCarbonParams:
    t = table
    biomass = (t["agb"] * (1 + t["root_shoot"]) * t["carbon_fraction"]).to_numpy(np.float64)
    accum = (t["soil_accum"] + t["biomass_growth"].fillna(0.0)).to_numpy(np.float64)
    loss = np.stack([t[f"loss_{k}"].to_numpy(np.float64) for k in IMPACTS], axis=1)
    return BlueCarbonParams(tuple(str(x) for x in t["wetland_type"]), biomass,
                            t["soil_c"].to_numpy(np.float64), accum, loss,
                            t["half_life_biomass"].to_numpy(np.float64),
                            t["half_life_soil"].to_numpy(np.float64))
