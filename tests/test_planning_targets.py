"""Targets and cover % by hand: a 10×10 grid of 30 m cells (0.09 ha each)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.cohorts import PlanLayers, build_cohorts
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.projection import ForestModel, Planner, Pools
from sinkmodels.planning.scenarios import Scenario, ScheduleItem, load_actions
from sinkmodels.planning.targets import Target, national_targets, status, targets_from_project

PX = 0.09  # ha


def linear_model() -> ForestModel:
    """V = 5·age m3/ha for every type; tree C = 0.5·V t C/ha."""
    types = tuple(syn.TYPES)

    def volume(t: np.ndarray, age: np.ndarray) -> np.ndarray:
        return 5.0 * np.maximum(np.asarray(age, float), 0.0)

    def carbon(t: np.ndarray, v: np.ndarray) -> np.ndarray:
        return 0.5 * np.asarray(v, float)

    return ForestModel(types, volume, carbon,
                       tuple(t not in ("bamboo", "shrub") for t in types))


def hand_layers() -> PlanLayers:
    lc = np.full((10, 10), 2, dtype=np.uint8)
    lc[0, :] = 5                      # 10 px water
    lc[9, 5:] = 9                     # 5 px mangrove (no compartment)
    comp = np.zeros((10, 10), dtype=np.int32)
    comp[1:4, :] = 1                  # 30 px tree forest, closure 0.5 -> forest
    comp[4:6, :] = 2                  # 20 px tree forest, closure 0.1 -> not forest
    comp[6, :] = 3                    # 10 px bamboo -> forest
    comp[7, :5] = 4                   # 5 px special shrub -> forest
    comp[7, 5:] = 5                   # 5 px shrub -> not forest
    twp = np.ones((10, 10), dtype=np.int32)
    twp[:, 5:] = 2
    attrs = pd.DataFrame({
        "forest_type": ["masson_pine", "masson_pine", "bamboo", "shrub", "shrub"],
        "age": [20, 10, 5, 5, 5], "volume_m3_ha": [100.0, 50.0, 0.0, 0.0, 0.0],
        "closure": [0.5, 0.1, 0.6, 0.4, 0.4],
        "land_class": ["tree_forest", "tree_forest", "bamboo", "special_shrub", "shrub"],
        "category": ["ecological"] * 5}, index=pd.Index([1, 2, 3, 4, 5]))
    towns = pd.DataFrame({"XZDM": ["A", "B"], "XZMC": ["甲", "乙"]}, index=pd.Index([1, 2]))
    return PlanLayers(grid=syn.grid(10, 10), landcover=lc, legend=syn.legend_frame(),
                      compartments=comp, compartment_attrs=attrs, townships=twp,
                      township_attrs=towns)


def planner(layers: PlanLayers, **kw: object) -> Planner:
    acts = load_actions(syn.DEMO_TABLES / "actions.csv")
    rules = Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", layers.legend,
                       {a.id: a.kind for a in acts.values()})
    return Planner(build_cohorts(layers, threads=1), linear_model(),
                   Pools.from_tables(syn.pools_frame(), layers.legend), acts, rules,
                   base_year=2020, **kw)


def test_cover_and_stock_by_hand() -> None:
    pl = planner(hand_layers())
    proj = pl.project(Scenario("none"))
    row = proj.totals(2020)
    assert row["land_area_ha"] == pytest.approx(100 * PX)          # water included
    assert row["forest_area_ha"] == pytest.approx(50 * PX)         # 30 + 10 + 5 + 5 mangrove
    assert row["forest_cover_pct"] == pytest.approx(50.0)
    assert row["stock_volume_m3"] == pytest.approx(30 * PX * 100)  # closure 0.1 stand excluded
    # stands grow 5 m3/ha/yr (site factor 1)
    assert proj.totals(2023)["stock_volume_m3"] == pytest.approx(30 * PX * 115)
    t = proj.townships[proj.townships["year"] == 2020].set_index("township")
    # township A: columns 0-4: forest 15 + 5 + 5 (special shrub) = 25 of 50 px
    assert t.loc["A", "forest_cover_pct"] == pytest.approx(50.0)
    # township B: columns 5-9: forest 15 + 5 + 5 mangrove = 25 of 50 px
    assert t.loc["B", "forest_cover_pct"] == pytest.approx(50.0)
    assert t.loc["A", "stock_volume_m3"] == pytest.approx(15 * PX * 100)


def test_land_area_without_water() -> None:
    pl = planner(hand_layers(), exclude_water_from_land=True)
    row = pl.project(Scenario("none")).totals(2020)
    assert row["land_area_ha"] == pytest.approx(90 * PX)
    assert row["forest_cover_pct"] == pytest.approx(100 * 50 / 90)


def test_status_gaps_and_years() -> None:
    proj = planner(hand_layers()).project(Scenario("none"))
    targets = [Target("county", 2030, forest_cover_pct=60.0, stock_volume_m3=300.0),
               Target("A", 2025, forest_cover_pct=40.0)]
    st = status(proj, targets).set_index(["region", "metric"])
    cov = st.loc[("county", "forest_cover_pct")]
    assert cov["base_value"] == pytest.approx(50.0)
    assert cov["base_gap"] == pytest.approx(10.0)
    assert pd.isna(cov["year_reached"]) and not cov["met_by_target_year"]
    stock = st.loc[("county", "stock_volume_m3")]
    # 2.7 ha x (100 + 5 t) m3/ha >= 300  ->  t >= 2.2  ->  2023
    assert stock["base_gap"] == pytest.approx(300.0 - 270.0)
    assert stock["year_reached"] == 2023
    assert stock["value_at_target_year"] == pytest.approx(2.7 * 150)
    assert stock["met_by_target_year"]
    a = st.loc[("A", "forest_cover_pct")]
    assert a["year_reached"] == 2020 and a["base_gap"] == pytest.approx(-10.0)


def test_afforestation_reaches_cover_target() -> None:
    """Barren land afforested counts as forest after 3 years (actions.csv)."""
    layers = hand_layers()
    lc = layers.landcover.copy()
    lc[8, :] = 11           # 10 px barren, no compartment
    layers.landcover = lc
    pl = planner(layers)
    acts = pl.actions
    sc = Scenario("aff", items=(ScheduleItem("afforest_masson_pine", {2021: 10 * PX}),))
    assert acts["afforest_masson_pine"].cover_after_years == 3
    proj = pl.project(sc)
    covers = proj.yearly.set_index("year")["forest_cover_pct"]
    assert covers[2023] == pytest.approx(50.0)
    assert covers[2024] == pytest.approx(60.0)
    st = status(proj, [Target("county", 2030, forest_cover_pct=60.0)])
    assert st.loc[0, "year_reached"] == 2024
    assert proj.yearly.set_index("year").loc[2021, "cost_cny"] == pytest.approx(10 * PX * 12000)


def test_targets_from_project_and_national_default() -> None:
    assert targets_from_project([]) == national_targets()
    t = targets_from_project([{"region": "county", "year": 2035, "forest_cover_pct": 30}])
    assert t[0].forest_cover_pct == 30.0 and t[0].stock_volume_m3 is None
    from gis.errors import ProjectError

    with pytest.raises(ProjectError):
        targets_from_project([{"region": "county", "year": 2035}])


@pytest.mark.parametrize("row, code", [
    ({"year": 2035}, "target_values"),
    ({"year": "soon", "forest_cover_pct": 30}, "target_values"),
    ({"year": 2030.5, "forest_cover_pct": 30}, "target_values"),
    ({"year": 2035, "forest_cover_pct": 130}, "target_cover_range"),
    ({"year": 2035, "stock_volume_m3": 0}, "target_stock_range"),
    ({"year": 2020, "forest_cover_pct": 30}, "target_year_range"),
    ({"year": 2070, "forest_cover_pct": 30}, "target_year_range"),
])
def test_a_bad_target_row_is_named_in_both_languages(row: dict, code: str) -> None:
    from gis.errors import ProjectError

    with pytest.raises(ProjectError) as ei:
        targets_from_project([{"region": "county", "year": 2030, "forest_cover_pct": 30}, row],
                             "p.toml", base_year=2020, horizon=2060)
    assert ei.value.code == code
    assert ei.value.message("en").startswith("p.toml: target 2")
    assert ei.value.message("zh").startswith("p.toml：目标 2")


def test_unknown_forest_type_names_it() -> None:
    from gis.errors import InputError

    layers = hand_layers()
    layers.compartment_attrs.loc[2, "forest_type"] = "teak"
    with pytest.raises(InputError) as ei:
        planner(layers)
    assert "teak" in str(ei.value) and ei.value.code == "plan_forest_type_unknown"
