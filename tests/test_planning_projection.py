"""Projection: maps agree with totals, more afforestation never lowers the (cumulative) sink,
cohorts do not depend on blocks or threads, growth and harvest by hand."""

from __future__ import annotations

import tempfile

import numpy as np
import pandas as pd
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.cohorts import build_cohorts
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.projection import CO2_PER_C, Planner, Pools
from sinkmodels.planning.scenarios import (
    AllocationRequest,
    Scenario,
    ScheduleItem,
    load_actions,
    scenario_from_dict,
)

ACTIONS = load_actions(syn.DEMO_TABLES / "actions.csv")
RULES = Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", syn.legend_frame(),
                   {a.id: a.kind for a in ACTIONS.values()})


def make_planner(layers, block_rows: int = 5, threads: int = 1) -> Planner:  # noqa: ANN001
    return Planner(build_cohorts(layers, threads=threads, block_rows=block_rows),
                   syn.forest_model(), Pools.from_tables(syn.pools_frame(), layers.legend),
                   ACTIONS, RULES, base_year=2020)


def map_totals(path_forest, path_vol, path_c, grid):  # noqa: ANN001
    area = grid.area_ha()
    with rasterio.open(path_forest) as ds:
        f = ds.read(1)
    with rasterio.open(path_vol) as ds:
        v = ds.read(1).astype(np.float64)
    with rasterio.open(path_c) as ds:
        c = ds.read(1).astype(np.float64)
    valid = f != 255
    return (float(((f == 1) * area).sum()), float((np.where(valid, v, 0) * area).sum()),
            float((np.where(valid, c, 0) * area).sum()))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), year=st.integers(2020, 2060),
       a1=st.floats(0.0, 3.0), a2=st.floats(0.0, 2.0), harvest=st.floats(0.0, 3.0),
       geographic=st.booleans(), budget=st.sampled_from([None, 3e5]))
def test_maps_equal_projected_totals(seed: int, year: int, a1: float, a2: float,
                                     harvest: float, geographic: bool,
                                     budget: float | None) -> None:
    layers = syn.random_layers(seed, 13, 9, patch=2, geographic=geographic)
    pl = make_planner(layers)
    alloc = None if budget is None else AllocationRequest(
        actions=("quality_improvement", "mine_restoration", "mangrove_retired_pond"),
        start=2022, end=2026, budget_cny=budget)
    sc = Scenario("s", items=(ScheduleItem("afforest_masson_pine", {2021: a1, 2030: a1}),
                              ScheduleItem("wetland_restoration", {2025: a2}),
                              ScheduleItem("quality_improvement", {2024: a2})),
                  harvest_pct_per_yr=harvest, disturbance_pct_per_yr=0.1, allocate=alloc)
    proj = pl.project(sc, map_years=[year])
    with tempfile.TemporaryDirectory() as d:
        paths = pl.write_maps(proj, [year], d, threads=2)[year]
        fa, vol, c = map_totals(paths["forest"], paths["volume_m3_ha"], paths["carbon_tC_ha"],
                                layers.grid)
        with rasterio.open(paths["action"]) as ds:
            act = ds.read(1)
    row = proj.totals(year)
    # exact in a projected CRS; in a geographic one partly treated cohorts use their mean
    # pixel area (cells differ by < 0.1 % across this grid)
    rel = 1e-6 if not geographic else 2e-3  # maps are float32
    assert fa == pytest.approx(row["forest_area_ha"], rel=rel, abs=1e-9)
    assert vol == pytest.approx(row["stock_volume_m3"], rel=rel, abs=1e-6)
    assert c == pytest.approx(row["carbon_stock_tC"], rel=rel)
    # the action map shows exactly the pixels treated by then
    started = proj.events.start <= year
    assert int((act[act != 255] > 0).sum()) == int(proj.events.pixels[started].sum())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), area=st.floats(0.05, 2.0), factor=st.floats(1.0, 4.0),
       extra_year=st.integers(2021, 2060))
def test_more_afforestation_never_lowers_the_sink(seed: int, area: float, factor: float,
                                                  extra_year: int) -> None:
    layers = syn.random_layers(seed, 12, 12, patch=2)
    pl = make_planner(layers)
    base = {y: area for y in range(2021, 2031)}
    more = {y: a * factor for y, a in base.items()}
    more[extra_year] = more.get(extra_year, 0.0) + area
    p0 = pl.project(Scenario("a", items=(ScheduleItem("afforest_mixed_broadleaf", base),)))
    p1 = pl.project(Scenario("b", items=(ScheduleItem("afforest_mixed_broadleaf", more),)))
    s0 = p0.yearly["sink_tCO2e_per_yr"].fillna(0.0).cumsum().to_numpy()
    s1 = p1.yearly["sink_tCO2e_per_yr"].fillna(0.0).cumsum().to_numpy()
    # cumulative removals from the base year to every year
    assert (s1 >= s0 - 1e-6 * np.maximum(1.0, np.abs(s0))).all()
    assert p1.yearly["treated_area_ha"].iloc[-1] >= p0.yearly["treated_area_ha"].iloc[-1] - 1e-9


def test_cohorts_independent_of_blocks_and_threads() -> None:
    layers = syn.random_layers(7, 37, 23, patch=3)
    a = build_cohorts(layers, threads=1, block_rows=4)
    b = build_cohorts(layers, threads=2, block_rows=256)
    assert np.array_equal(a.keys, b.keys)
    assert np.array_equal(a.pixels, b.pixels)
    assert np.allclose(a.area_ha, b.area_ha)
    assert int(a.pixels.sum()) == int((layers.landcover > 0).sum())


def test_growth_harvest_and_sink_by_hand() -> None:
    """One masson pine stand, commercial, 2 % harvest: V[t+1] = (V[t] + s·ΔCR)·0.98."""
    layers = syn.random_layers(3, 6, 6)
    lc = np.full((6, 6), 2, dtype=np.uint8)
    layers.landcover = lc
    layers.compartments = np.ones((6, 6), dtype=np.int32)
    layers.compartment_attrs = pd.DataFrame({
        "forest_type": ["masson_pine"], "age": [10], "volume_m3_ha": [60.0], "closure": [0.6],
        "land_class": ["tree_forest"], "category": ["commercial"]}, index=[1])
    layers.zones = None
    pl = make_planner(layers)
    proj = pl.project(scenario_from_dict({"name": "h", "harvest_pct_per_yr": 2.0}, ACTIONS,
                                         base_year=2020))
    fm = pl.forest
    t = np.array([fm.types.index("masson_pine")])
    s = 60.0 / fm.volume(t, np.array([10.0]))[0]
    v = 60.0
    for age in range(10, 15):
        v = (v + s * (fm.volume(t, np.array([age + 1.0]))[0] - fm.volume(t, np.array([age]))[0])) * 0.98
    area = 36 * 0.09
    y = proj.yearly.set_index("year")
    assert y.loc[2025, "stock_volume_m3"] == pytest.approx(v * area)
    c = syn.POOLS[1]
    dens = lambda vol: fm.tree_carbon(t, np.array([vol]))[0] + c[3] + c[4]  # noqa: E731
    assert y.loc[2020, "carbon_stock_tC"] == pytest.approx(dens(60.0) * area)
    assert y.loc[2021, "sink_tCO2e_per_yr"] == pytest.approx(
        (y.loc[2021, "carbon_stock_tC"] - y.loc[2020, "carbon_stock_tC"]) * CO2_PER_C)
    assert np.isnan(y.loc[2020, "sink_tCO2e_per_yr"])


def test_mangrove_planting_by_hand() -> None:
    """Tidal flat → mangrove: pools move linearly over 10 yr, soil gains 1.62 t C/ha/yr."""
    layers = syn.random_layers(3, 4, 5)
    layers.landcover = np.full((4, 5), 7, dtype=np.uint8)
    layers.compartments = layers.zones = None
    pl = make_planner(layers)
    px = 0.09
    proj = pl.project(Scenario("m", items=(ScheduleItem("mangrove_tidal_flat", {2021: 10 * px}),)))
    y = proj.yearly.set_index("year")
    flat = syn.POOLS[6]
    mang = syn.POOLS[8]
    old = flat[1] + flat[2] + flat[3] + flat[4]
    new = mang[1] + mang[2] + mang[3] + mang[4]
    for year, t in ((2021, 0), (2026, 5), (2040, 19)):
        dens = old + (new - old) * min(1.0, t / 10) + 1.62 * t
        # 20 px: 10 planted, 10 still tidal flat
        assert y.loc[year, "carbon_stock_tC"] == pytest.approx(10 * px * old + 10 * px * dens)
    assert y.loc[2023, "forest_area_ha"] == pytest.approx(0.0)
    assert y.loc[2024, "forest_area_ha"] == pytest.approx(10 * px)  # counts after 3 yr
    assert y.loc[2021, "cost_cny"] == pytest.approx(10 * px * 60000)
    assert y.loc[2060, "carbon_mangrove_tC"] > 0


def test_cohort_cache_reuses_the_table(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from gis.io import geotiff_profile
    from sinkmodels.planning import cohorts as cmod

    layers = syn.random_layers(11, 20, 17, patch=2)
    for name in ("landcover", "compartments", "townships", "zones"):
        arr = getattr(layers, name)
        p = tmp_path / f"{name}.tif"
        with rasterio.open(p, "w", **geotiff_profile(layers.grid, arr.dtype, 0)) as ds:
            ds.write(arr, 1)
        setattr(layers, name, p)
    first = build_cohorts(layers, threads=2, cache_dir=tmp_path / "cache")
    assert len(list((tmp_path / "cache").glob("cohorts-*.npz"))) == 1

    def boom(*a, **k):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("the raster pass ran again")

    monkeypatch.setattr(cmod.KeyMaker, "count", boom)
    again = build_cohorts(layers, threads=2, cache_dir=tmp_path / "cache")
    assert np.array_equal(first.keys, again.keys)
    assert np.array_equal(first.pixels, again.pixels)
    assert all(np.array_equal(a, b) for a, b in zip(first.block_offset, again.block_offset,
                                                     strict=True))
    # a changed input invalidates the cache
    with rasterio.open(layers.zones, "r+") as ds:
        ds.write(np.ones((20, 17), dtype=ds.dtypes[0]), 1)
    with pytest.raises(AssertionError, match="raster pass"):
        build_cohorts(layers, threads=1, cache_dir=tmp_path / "cache")


def test_fused_kernel_equals_numpy_path() -> None:
    import dataclasses

    layers = syn.random_layers(5, 16, 13, patch=2)
    fast = make_planner(layers)
    slow = make_planner(layers)
    slow.forest = dataclasses.replace(slow.forest, linear=None)
    sc = Scenario("s", items=(ScheduleItem("afforest_masson_pine", {2021: 1.0, 2030: 0.5}),
                              ScheduleItem("quality_improvement", {2024: 1.0}),
                              ScheduleItem("wetland_restoration", {2025: 0.3})),
                  harvest_pct_per_yr=2.0, disturbance_pct_per_yr=0.2)
    a, b = fast.project(sc), slow.project(sc)
    pd.testing.assert_frame_equal(a.yearly, b.yearly, rtol=1e-10)
    pd.testing.assert_frame_equal(a.townships, b.townships, rtol=1e-10)


def test_shortfall_notice_in_the_message_language() -> None:
    """A schedule larger than the land it may use is reported, with the areas, in the
    language of the messages."""
    from gis.messages import set_language

    layers = syn.random_layers(5, 10, 10)
    pl = make_planner(layers)
    sc = Scenario("big", items=(ScheduleItem("afforest_masson_pine", {2022: 1e6}),))
    placed = pl.place(sc)[1]["placed_ha"].sum()
    set_language("zh")
    try:
        zh = pl.project(sc).notices
    finally:
        set_language("en")
    en = pl.project(sc).notices
    short = f"{1e6 - placed:,.1f}"
    assert en == [f"afforest_masson_pine: {short} ha of the 1,000,000.0 ha scheduled found no "
                  "eligible, allowed land (from 2022)"]
    assert len(zh) == 1 and short in zh[0] and "公顷" in zh[0] and "2022" in zh[0]
