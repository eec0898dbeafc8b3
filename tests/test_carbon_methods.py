"""Hand-computed answers for each method: growth, forest (BEF, IPCC), grassland, blue carbon."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sinkmodels import bluecarbon, forest, grassland, growth
from sinkmodels import tables as st

TABLES = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county" / "tables"


def test_chapman_richards_by_hand_and_clamped() -> None:
    # A 480.169, B 1.030, K 0.012, m 0.318 (northern Hebei conifer) at 40 years
    v = growth.chapman_richards(40.0, 480.169, 1.030, 0.012, 0.318)
    base = 1 - 1.030 * math.exp(-0.012 * 40)
    assert float(v) == pytest.approx(480.169 * base ** (1 / (1 - 0.318)), rel=1e-12)
    # B > 1: the base is negative for young stands -> 0, not NaN
    assert float(growth.chapman_richards(1.0, 480.169, 1.030, 0.012, 0.318)) == 0.0
    assert growth.cr_volume(1.0, 480.169, 1.030, 0.012, 0.318) == 0.0
    assert growth.cr_volume(40.0, 480.169, 1.030, 0.012, 0.318) == pytest.approx(float(v))


def test_mai_fallback_and_increment() -> None:
    table = pd.DataFrame({"forest_type": ["fir", "pine"], "A": [np.nan, 200.0],
                          "B": [np.nan, 1.0], "K": [np.nan, 0.1], "m": [np.nan, 0.5],
                          "mai": [8.0, np.nan]})
    gc = growth.growth_curves(table, ["fir", "pine", "bamboo"])
    assert gc.volume("fir", 12) == pytest.approx(96.0)
    assert gc.increment("fir", 12, 5) == pytest.approx(40.0)
    assert gc.volume("pine", 10) == pytest.approx(200 * (1 - math.exp(-1)) ** 2)
    assert gc.volume("bamboo", 30) == 0.0


def test_forest_continuous_bef_and_ipcc_volume_route() -> None:
    table = pd.DataFrame({
        "forest_type": ["chinese_fir", "eucalyptus", "other"],
        "method": ["bef_continuous", "ipcc_volume", "bef_continuous"],
        "a": [0.4652, np.nan, 0.5168], "b": [19.141, np.nan, 33.238],
        "wood_density": [np.nan, 0.578, np.nan], "bef": [np.nan, 1.263, np.nan],
        "root_shoot": [np.nan, 0.2832, np.nan], "carbon_fraction": [0.4969, 0.5238, np.nan]})
    fp = forest.forest_params(table, default_cf=0.5)
    # Chinese fir, V = 120 m3/ha: B = 0.4652*120 + 19.141 = 74.965 t/ha; C = B * 0.4969
    assert fp.biomass("chinese_fir", 120) == pytest.approx(74.965)
    assert fp.carbon("chinese_fir", 120) == pytest.approx(74.965 * 0.4969)
    # Eucalyptus, V = 80: 80 * 0.578 * 1.263 * 1.2832 = 74.9448... t/ha; C x 0.5238
    b = 80 * 0.578 * 1.263 * 1.2832
    assert fp.biomass("eucalyptus", 80) == pytest.approx(b)
    assert fp.carbon("eucalyptus", 80) == pytest.approx(b * 0.5238)
    # empty CF -> the run's default
    assert fp.carbon("other", 100) == pytest.approx((0.5168 * 100 + 33.238) * 0.5)
    # no volume, no trees (the intercept describes stands, not bare land)
    assert fp.biomass("chinese_fir", 0) == 0.0
    np.testing.assert_allclose(forest.tree_carbon(np.array([0.0, 120.0]), fp, "chinese_fir"),
                               [0.0, 74.965 * 0.4969])
    assert forest.biomass_per_volume(forest.METHOD_IPCC, 0, 0.578, 1.263, 0.2832) == \
        pytest.approx(0.578 * 1.263 * 1.2832)


def test_grassland_biomass_soc_and_20_year_transition() -> None:
    table = pd.DataFrame({"grade": ["none", "severe"], "agb": [2.7, 1.1],
                          "root_shoot": [4.0, 4.0], "carbon_fraction": [0.47, 0.47],
                          "soc_ref": [88.0, 88.0], "f_lu": [1.0, 1.0], "f_mg": [1.0, 0.7],
                          "f_i": [1.0, 1.0], "transition_years": [20.0, 20.0]})
    gp = grassland.grassland_params(table)
    assert gp.stock("none") == pytest.approx(2.7 * 5 * 0.47 + 88)  # 6.345 + 88
    assert gp.stock("severe") == pytest.approx(1.1 * 5 * 0.47 + 88 * 0.7)  # 2.585 + 61.6
    # restoring severe -> none: SOC rises 26.4 t C/ha over 20 years, 1.32 t C/ha/yr
    assert grassland.soc_change_per_year(61.6, 88.0) == pytest.approx(1.32)
    assert grassland.soc_change_per_year(61.6, 88.0, years_since_change=20) == 0.0
    np.testing.assert_allclose(grassland.soc_at([0, 5, 20, 40], 61.6, 88.0),
                               [61.6, 68.2, 88.0, 88.0])


def test_blue_carbon_stock_accumulation_and_half_life() -> None:
    table = pd.DataFrame({"wetland_type": ["mangrove"], "agb": [80.0], "root_shoot": [0.96],
                          "carbon_fraction": [0.45], "soil_c": [250.0], "soil_accum": [1.62],
                          "biomass_growth": [0.0], "loss_low": [0.25], "loss_med": [0.5],
                          "loss_high": [0.75], "half_life_biomass": [0.0],
                          "half_life_soil": [7.5]})
    bp = bluecarbon.bluecarbon_params(table)
    assert bp.stock("mangrove") == pytest.approx(80 * 1.96 * 0.45 + 250)  # 70.56 + 250
    assert bp.accum[0] == pytest.approx(1.62)
    lb, ls = bp.disturbance("mangrove", "high")
    assert (lb, ls) == (pytest.approx(0.75 * 70.56), pytest.approx(0.75 * 250))
    # after one soil half-life: all the biomass share and half the soil share are emitted
    assert bp.emitted("mangrove", 7.5) == pytest.approx(lb + ls / 2)
    assert bp.emitted("mangrove", 15.0) == pytest.approx(lb + ls * 0.75)
    assert bluecarbon.emission_between(lb, ls, 0.0, 7.5, 7.5, 15.0) == pytest.approx(ls / 4)


def test_demo_science_tables_load_with_units_and_sources() -> None:
    ft = st.load_forest_types(TABLES / "forest_types.csv")
    assert {"chinese_fir", "masson_pine", "eucalyptus", "bamboo", "shrub"} <= set(ft.index)
    assert ft.loc["chinese_fir", "a"] == pytest.approx(0.4652)
    assert ft.attrs["units"]["a"] == "t/m3"
    for key in ("growth_curves", "grassland", "blue_carbon"):
        df = st.load(key, TABLES / f"{key}.csv")
        assert "source" in df.columns and df["source"].str.len().min() > 0
    bc = st.load("blue_carbon", TABLES / "blue_carbon.csv").set_index("wetland_type")
    assert bc.loc["mangrove", "soil_accum"] == 1.62 and bc.loc["salt_marsh", "soil_accum"] == 0.91
    assert bc.loc["seagrass", "soil_accum"] == 0.43


def test_forest_row_missing_its_method_parameters(tmp_path: Path) -> None:
    from gis.errors import TableError

    p = tmp_path / "ft.csv"
    p.write_text("forest_type,method,a,b,wood_density,bef,root_shoot\n"
                 "fir,bef_continuous,0.4,10,,,\npine,ipcc_volume,,,0.5,,0.2\n")
    with pytest.raises(TableError) as exc:
        st.load_forest_types(p)
    assert "row 3" in str(exc.value) and "bef" in str(exc.value)


def test_constant_biomass_types_agree_between_stock_and_planning() -> None:
    """Bamboo and shrub rows (continuous BEF with a = 0) carry the constant biomass b whatever
    the inventoried volume, in the stock model and in the planner's projection alike."""
    from sinkmodels.planning._forest_adapter import model_from_tables

    table = pd.DataFrame({
        "forest_type": ["bamboo", "chinese_fir"], "method": ["bef_continuous"] * 2,
        "a": [0.0, 0.4652], "b": [80.0, 19.141], "wood_density": [np.nan] * 2,
        "bef": [np.nan] * 2, "root_shoot": [np.nan] * 2, "carbon_fraction": [0.5, 0.4969]})
    fp = forest.forest_params(table, default_cf=0.47)
    # bamboo: 80 t dm/ha x 0.5 = 40 t C/ha at any volume, including 0
    assert fp.biomass("bamboo", 0) == pytest.approx(80.0)
    assert fp.carbon("bamboo", 0) == pytest.approx(40.0)
    assert fp.carbon("bamboo", 35) == pytest.approx(40.0)
    growth = pd.DataFrame({"forest_type": ["bamboo", "chinese_fir"], "A": [np.nan, 300.0],
                           "B": [np.nan, 1.0], "K": [np.nan, 0.03], "m": [np.nan, 0.3],
                           "mai": [0.0, np.nan]})
    model = model_from_tables(table, growth, 0.47)
    t = np.array([model.types.index("bamboo"), model.types.index("chinese_fir")])
    for v in (0.0, 35.0, 120.0):
        planned = model.tree_carbon(t, np.array([v, v]))
        assert planned[0] == pytest.approx(fp.carbon("bamboo", v))
        assert planned[1] == pytest.approx(fp.carbon("chinese_fir", v))
