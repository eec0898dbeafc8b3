"""Small synthetic planning inputs for tests and the benchmark (no files needed).

Random land cover, compartments, townships and control zones on a grid, with the demo county's
legend, a simple pool table and a Chapman–Richards forest model. Values are illustrative only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from affine import Affine

from gis.grid import GridSpec, to_crs
from sinkmodels.planning.cohorts import PlanLayers, zone_codes
from sinkmodels.planning.projection import ForestModel, chapman_richards_model

LEGEND = [
    (1, "cropland", "cropland"), (2, "forest", "forest"), (3, "shrub", "forest"),
    (4, "grassland", "grassland"), (5, "water", "other"), (6, "inland marsh", "wetland"),
    (7, "tidal flat", "wetland"), (8, "salt marsh", "wetland"), (9, "mangrove", "mangrove"),
    (10, "built-up", "other"), (11, "barren", "other"), (12, "aquaculture pond", "other"),
]
#: (code, c_above, c_below, c_soil, c_dead) t C/ha — illustrative
POOLS = [
    (1, 3.0, 1.0, 60.0, 0.0), (2, 45.0, 11.0, 80.0, 5.0), (3, 12.0, 6.0, 70.0, 2.0),
    (4, 2.5, 6.0, 75.0, 0.5), (5, 0.0, 0.0, 0.0, 0.0), (6, 5.0, 5.0, 120.0, 1.0),
    (7, 0.0, 0.0, 40.0, 0.0), (8, 6.0, 8.0, 90.0, 0.5), (9, 60.0, 40.0, 200.0, 3.0),
    (10, 0.0, 0.0, 20.0, 0.0), (11, 0.0, 0.0, 15.0, 0.0), (12, 0.0, 0.0, 40.0, 0.0),
]
#: forest type → (A, B, K, m, tC per m3)
TYPES = {
    "chinese_fir": (330.0, 1.0, 0.075, 0.5455, 0.30),
    "masson_pine": (270.0, 1.0, 0.055, 0.5, 0.32),
    "eucalyptus": (210.0, 1.0, 0.22, 0.6, 0.30),
    "other_conifer": (240.0, 1.0, 0.07, 0.5, 0.33),
    "hard_broadleaf": (280.0, 1.0, 0.035, 0.444, 0.55),
    "soft_broadleaf": (190.0, 1.0, 0.10, 0.444, 0.30),
    "mixed_broadleaf": (300.0, 1.0, 0.030, 0.375, 0.48),
    "mixed_conifer_broadleaf": (290.0, 1.0, 0.040, 0.444, 0.40),
    "bamboo": (0.0, 1.0, 0.1, 0.5, 0.0),
    "shrub": (0.0, 1.0, 0.1, 0.5, 0.0),
}
REPO = Path(__file__).resolve().parents[2]
DEMO_TABLES = REPO / "sample_data" / "demo_county" / "tables"


def legend_frame() -> pd.DataFrame:
    return pd.DataFrame(LEGEND, columns=["code", "name_en", "ecosystem"])


def pools_frame() -> pd.DataFrame:
    return pd.DataFrame(POOLS, columns=["lucode", "c_above", "c_below", "c_soil", "c_dead"])


def forest_model() -> ForestModel:
    names = list(TYPES)
    cols = list(zip(*TYPES.values(), strict=True))
    return chapman_richards_model(names, cols[0], cols[1], cols[2], cols[3], carbon_per_m3=cols[4])


def grid(height: int, width: int, cell: float = 30.0, geographic: bool = False) -> GridSpec:
    if geographic:
        return GridSpec(to_crs("EPSG:4490"), Affine(0.0003, 0, 114.0, 0, -0.0003, 22.8),
                        width, height, 0)
    return GridSpec(to_crs("EPSG:4547"), Affine(cell, 0, 500_000.0, 0, -cell, 2_500_000.0),
                    width, height, 0)


def random_layers(seed: int, height: int = 12, width: int = 10, n_comp: int = 6,
                  n_twp: int = 3, geographic: bool = False, patch: int = 1) -> PlanLayers:
    """Random inputs; ``patch`` > 1 makes patchy (block-constant) rasters like real maps."""
    rng = np.random.default_rng(seed)
    g = grid(height, width, geographic=geographic)

    def field(values: np.ndarray, p: np.ndarray | None = None, dtype: str = "int32") -> np.ndarray:
        hh, ww = -(-height // patch), -(-width // patch)
        a = rng.choice(values, size=(hh, ww), p=p).astype(dtype)
        return np.kron(a, np.ones((patch, patch), dtype=dtype))[:height, :width]

    lc = field(np.arange(0, 13), None, "uint8")
    comp = np.where(np.isin(lc, (2, 3)), field(np.arange(0, n_comp + 1)), 0).astype(np.int32)
    twp = field(np.arange(1, n_twp + 1))
    red = field(np.array([0, 0, 0, 1, 2]))
    farm = field(np.array([0, 0, 0, 1]))
    urban = field(np.array([0, 0, 0, 1]))
    grass = field(np.array([0, 1, 2, 3, 4]))
    types = list(TYPES)[:8]
    comp_attrs = pd.DataFrame({
        "forest_type": rng.choice(types, n_comp),
        "age": rng.integers(1, 60, n_comp),
        "volume_m3_ha": rng.uniform(5, 250, n_comp).round(1),
        "closure": rng.uniform(0.1, 0.9, n_comp).round(2),
        "land_class": rng.choice(["tree_forest", "tree_forest", "bamboo", "shrub",
                                  "special_shrub"], n_comp),
        "category": rng.choice(["ecological", "commercial"], n_comp),
    }, index=pd.Index(np.arange(1, n_comp + 1), name="fid"))
    comp_attrs.loc[comp_attrs["land_class"] == "bamboo", "forest_type"] = "bamboo"
    twp_attrs = pd.DataFrame({"XZDM": [f"44{i:02d}" for i in range(1, n_twp + 1)],
                              "XZMC": [f"镇{i}" for i in range(1, n_twp + 1)]},
                             index=pd.Index(np.arange(1, n_twp + 1), name="fid"))
    red_attrs = pd.DataFrame({"zone": ["general", "core"]}, index=pd.Index([1, 2], name="fid"))
    grass_attrs = pd.DataFrame({"grade": ["none", "light", "moderate", "severe"]},
                               index=pd.Index([1, 2, 3, 4], name="fid"))
    zones = zone_codes(lc.shape, redline=red, redline_attrs=red_attrs, farmland=farm,
                       urban=urban, grassland=grass, grassland_attrs=grass_attrs)
    return PlanLayers(grid=g, landcover=lc, legend=legend_frame(), compartments=comp,
                      compartment_attrs=comp_attrs, townships=twp, township_attrs=twp_attrs,
                      zones=zones)
