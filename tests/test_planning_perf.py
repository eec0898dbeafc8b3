"""The planner's fast paths give the same results as the general ones: cohorts read from files
equal cohorts from arrays, and the totals-only projection (no snapshots) equals the year loop
that also keeps map snapshots, bit for bit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.cohorts import build_cohorts
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.projection import Planner, Pools
from sinkmodels.planning.scenarios import AllocationRequest, Scenario, ScheduleItem, load_actions

ACTIONS = load_actions(syn.DEMO_TABLES / "actions.csv")
RULES = Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", syn.legend_frame(),
                   {a.id: a.kind for a in ACTIONS.values()})


def _write(path: Path, arr: np.ndarray, **opts: object) -> Path:
    h, w = arr.shape
    prof = {"driver": "GTiff", "width": w, "height": h, "count": 1, "dtype": arr.dtype.name,
            "crs": "EPSG:4547", "transform": rasterio.Affine(30, 0, 5e5, 0, -30, 2.5e6),
            "tiled": True, "blockxsize": 32, "blockysize": 16, "compress": "deflate"}
    prof.update(opts)
    with rasterio.open(path, "w", **prof) as ds:
        ds.write(arr, 1)
    return path


@pytest.mark.parametrize("mixed", [False, True])
def test_cohorts_from_files_equal_cohorts_from_arrays(tmp_path: Path, mixed: bool) -> None:
    """Files (``mixed``: inputs with different tilings and compressions) and in-memory arrays
    give the same cohort table, for any block shape."""
    layers = syn.random_layers(11, 70, 53, patch=3)
    files = syn.random_layers(11, 70, 53, patch=3)
    for name in ("landcover", "compartments", "townships", "zones"):
        arr = getattr(layers, name)
        if arr is not None:
            opts: dict[str, object] = {"predictor": 2 if arr.dtype.itemsize > 1 else 1}
            if mixed and name == "townships":
                opts.update(blockxsize=16)
            if mixed and name == "farmland":
                opts.update(compress="lzw")
            setattr(files, name, _write(tmp_path / f"{name}.tif", np.ascontiguousarray(arr),
                                        **opts))
    a = build_cohorts(layers, threads=1, block_rows=7)
    for rows in (32, 5, 1024):
        b = build_cohorts(files, threads=2, block_rows=rows)
        assert np.array_equal(a.keys, b.keys)
        assert np.array_equal(a.pixels, b.pixels)
        assert np.allclose(a.area_ha, b.area_ha)


def _planner(layers) -> Planner:  # noqa: ANN001
    return Planner(build_cohorts(layers, threads=1, block_rows=5), syn.forest_model(),
                   Pools.from_tables(syn.pools_frame(), layers.legend), ACTIONS, RULES,
                   base_year=2020)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    assert list(a.columns) == list(b.columns) and a.shape == b.shape
    x = a.select_dtypes("number").to_numpy(float)
    y = b.select_dtypes("number").to_numpy(float)
    assert ((x == y) | (np.isnan(x) & np.isnan(y))).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), a1=st.floats(0.0, 3.0), a2=st.floats(0.0, 2.0),
       harvest=st.floats(0.0, 3.0), dist=st.floats(0.0, 1.0), geographic=st.booleans(),
       budget=st.sampled_from([None, 3e5]))
def test_totals_fast_path_is_bit_identical(seed: int, a1: float, a2: float, harvest: float,
                                           dist: float, geographic: bool,
                                           budget: float | None) -> None:
    layers = syn.random_layers(seed, 17, 13, patch=2, geographic=geographic)
    pl = _planner(layers)
    alloc = None if budget is None else AllocationRequest(
        ("afforest_mixed_broadleaf", "mangrove_tidal_flat"), 2022, 2030, budget_cny=budget)
    sc = Scenario("s", items=(
        ScheduleItem("afforest_mixed_broadleaf", {2021: a1, 2025: a2}),
        ScheduleItem("quality_improvement", {2022: a1 + a2, 2040: a2}),
        ScheduleItem("return_farmland_forest", {2023: a2}),
        ScheduleItem("grassland_restoration_moderate", {2021: a1}),
        ScheduleItem("mangrove_tidal_flat", {2024: a2})),
        harvest_pct_per_yr=harvest, disturbance_pct_per_yr=dist, allocate=alloc)
    fast = pl.project(sc)
    full = pl.project(sc, map_years=[2020, 2035, 2060])
    _same(fast.yearly, full.yearly)
    _same(fast.townships, full.townships)
