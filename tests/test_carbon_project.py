"""The whole-project job: stocks, transitions and annual sink, pixel by pixel by hand."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import rasterio
from affine import Affine
from conftest import write_raster

from app.pipeline import Prepared
from gis.errors import ClassCodeError
from gis.grid import GridSpec
from sinkmodels.carbon import run_project_carbon

T = Affine(100, 0, 500_000, 0, -100, 2_500_000)  # 1 ha cells

LEGEND = """code,name_en,ecosystem
1,cropland,cropland
2,forest,forest
4,grassland,grassland
8,salt marsh,wetland
9,mangrove,mangrove
10,built-up,other
"""
POOLS = """lucode,c_above,c_below,c_soil,c_dead
1,5,1,40,0
2,50,10,80,5
4,2,6,50,0
8,1,1,100,0
9,40,20,200,0
10,0,0,20,0
"""
FOREST = """forest_type,method,a,b,wood_density,bef,root_shoot,carbon_fraction
chinese_fir,bef_continuous,0.5,20,,,,0.5
masson_pine,ipcc_volume,,,0.5,1.5,0.2,
"""
GROWTH = """forest_type,A,B,K,m,mai
chinese_fir,,,,,10
masson_pine,200,1,0.1,0.5,
"""
GRASS = """grade,agb,root_shoot,carbon_fraction,soc_ref,f_lu,f_mg,f_i,transition_years
none,3,4,0.5,100,1,1,1,20
moderate,2,4,0.5,100,1,0.9,1,20
"""
BLUE = """wetland_type,agb,root_shoot,carbon_fraction,soil_c,soil_accum,loss_high,half_life_biomass,half_life_soil
mangrove,100,1,0.5,300,1.6,0.5,0,10
salt_marsh,10,1,0.5,150,0.9,0.5,0,10
"""

# the ten pixels (2 rows x 5 columns): baseline class, alternate class, compartment, grassland
BAS = np.array([[2, 2, 4, 1, 9], [9, 8, 0, 10, 1]], np.uint8)
ALT = np.array([[2, 2, 4, 2, 9], [10, 8, 0, 10, 4]], np.uint8)
COMP = np.array([[1, 2, 0, 0, 0], [0, 0, 0, 0, 0]], np.uint16)
GRASSP = np.array([[0, 0, 1, 0, 0], [0, 0, 0, 0, 1]], np.uint16)
TOWN = np.array([[1, 1, 2, 2, 2], [1, 1, 2, 2, 2]], np.uint16)


def pine(t: float) -> float:
    return 200 * (1 - math.exp(-0.1 * t)) ** 2


# expected per pixel: (stock_bas, stock_alt, gain-loss t C/ha/yr), dt = 10 years
P1_BAS = 0.45 * pine(20) + 5 + 80  # V*D*BEF*(1+R) = 0.9 V; x CF 0.5 (run default)
P1_ALT = 0.45 * pine(30) + 5 + 80
EXPECTED = {
    (0, 0): (40 + 80, 65 + 80, 2.5),  # fir: B = 0.5*100+20 -> 35 t C (+dead 5), V +100 in 10 yr
    (0, 1): (P1_BAS, P1_ALT, (P1_ALT - P1_BAS) / 10),
    (0, 2): (5 + 90, 5 + 90, 0.0),  # moderate grassland both epochs
    (0, 3): (46, 145, (65 - 6) / 10 + (80 - 40) / 20),  # cropland -> forest (no compartment)
    (0, 4): (400, 400, 1.6),  # mangrove stays: soil accumulation
    (1, 0): (400, 20, -(50 + 150 * 0.5) / 10),  # mangrove -> built-up: disturbance, half-life
    (1, 1): (160, 160, 0.9),  # salt marsh (legend name -> blue carbon row) stays
    (1, 3): (20, 20, 0.0),
    (1, 4): (46, 95, -0.1 + 2.5),  # cropland -> grassland polygon: biomass -1, SOC +50/20
}


@pytest.fixture
def project(tmp_path: Path) -> tuple[Prepared, dict[str, Path]]:
    paths = {
        "lc2020": write_raster(tmp_path / "lc2020.tif", BAS, transform=T, nodata=0),
        "lc2030": write_raster(tmp_path / "lc2030.tif", ALT, transform=T, nodata=0),
        "xb": write_raster(tmp_path / "xb.tif", COMP, transform=T, nodata=None),
        "grass": write_raster(tmp_path / "grass.tif", GRASSP, transform=T, nodata=None),
        "towns": write_raster(tmp_path / "towns.tif", TOWN, transform=T, nodata=None),
    }
    with rasterio.open(paths["lc2020"]) as ds:
        grid = GridSpec.from_dataset(ds)
    attr = {
        "xb": pd.DataFrame({"xb_id": ["a", "b"], "ftype": ["chinese_fir", "masson_pine"],
                            "age": [10, 20], "volume_m3_ha": [100.0, np.nan]},
                           index=pd.RangeIndex(1, 3, name="id")),
        "grass": pd.DataFrame({"grade": ["moderate"]}, index=pd.RangeIndex(1, 2, name="id")),
        "towns": pd.DataFrame({"XZDM": ["101", "102"], "XZMC": ["城关镇", "河口镇"]},
                              index=pd.RangeIndex(1, 3, name="id")),
    }
    tables = {}
    for key, text in (("legend", LEGEND), ("carbon_pools", POOLS), ("forest_types", FOREST),
                      ("growth_curves", GROWTH), ("grassland", GRASS), ("blue_carbon", BLUE)):
        tables[key] = tmp_path / f"{key}.csv"
        tables[key].write_text(text, encoding="utf-8")
    return Prepared(grid, paths, attr, ["a notice from alignment"]), tables


def run(prep: Prepared, tables: dict[str, Path], out: Path, **kw: Any) -> Any:
    args: dict[str, Any] = dict(
        landcover_baseline="lc2020", landcover_alternate="lc2030", bas_year=2020,
        alt_year=2030, compartments="xb", townships="towns", grassland="grass",
        fields={"xb": {"forest_type": "ftype", "volume": "volume_m3_ha"},
                "towns": {"township": "XZDM", "name": "XZMC"}},
        carbon_fraction=0.5, threads=2)
    args.update(kw)
    return run_project_carbon(prep, tables, out, **args)


def test_project_stocks_and_sinks_by_hand(tmp_path: Path,
                                          project: tuple[Prepared, dict[str, Path]]) -> None:
    prep, tables = project
    r = run(prep, tables, tmp_path / "out")
    s = r.summary
    with rasterio.open(tmp_path / "out" / "stock_bas.tif") as ds:
        sb = ds.read(1)
        assert ds.tags()["units"] == "t C/ha"
    with rasterio.open(tmp_path / "out" / "stock_alt.tif") as ds:
        sa = ds.read(1)
    with rasterio.open(tmp_path / "out" / "sink_gain_loss.tif") as ds:
        gl = ds.read(1)
        assert ds.tags()["units"] == "t CO2e/ha/yr"
    with rasterio.open(tmp_path / "out" / "sink_stock_difference.tif") as ds:
        sd = ds.read(1)
    c2 = 44 / 12
    for (r_, c_), (b, a, g) in EXPECTED.items():
        assert sb[r_, c_] == pytest.approx(b, rel=1e-6), (r_, c_)
        assert sa[r_, c_] == pytest.approx(a, rel=1e-6), (r_, c_)
        assert gl[r_, c_] == pytest.approx(g * c2, rel=1e-5, abs=1e-6), (r_, c_)
        assert sd[r_, c_] == pytest.approx((a - b) / 10 * c2, rel=1e-5, abs=1e-6), (r_, c_)
    assert sb[1, 2] == -1.0  # nodata
    total_b = sum(v[0] for v in EXPECTED.values())
    total_a = sum(v[1] for v in EXPECTED.values())
    assert s["stock_bas_tC"] == pytest.approx(total_b)
    assert s["stock_alt_tC"] == pytest.approx(total_a)
    assert s["sink_stock_difference_tCO2e_per_yr"] == pytest.approx((total_a - total_b) / 10 * c2)
    assert s["sink_gain_loss_tC_per_yr"] == pytest.approx(sum(v[2] for v in EXPECTED.values()))
    assert s["pixels"]["forest_model"] == 2 and s["pixels"]["blue_carbon_model"] == 3
    # by ecosystem: change attributed to the alternate class's ecosystem
    eco = {rec["ecosystem"]: rec for rec in s["by_ecosystem"]}
    forest_change = (145 - 120) + (P1_ALT - P1_BAS) + (145 - 46)
    assert eco["forest"]["change_tC"] == pytest.approx(forest_change)
    assert eco["grassland"]["change_tC"] == pytest.approx(49.0)
    assert eco["other"]["change_tC"] == pytest.approx(-380.0)
    assert eco["mangrove"]["gain_tC_per_yr"] == pytest.approx(1.6)
    assert eco["wetland"]["stock_bas_tC"] == pytest.approx(160.0)
    # by township
    towns = {rec["township"]: rec for rec in s["by_township"]}
    west = [(0, 0), (0, 1), (1, 0), (1, 1)]
    assert towns["101"]["stock_bas_tC"] == pytest.approx(sum(EXPECTED[p][0] for p in west))
    assert towns["101"]["name"] == "城关镇"
    assert towns["(none)"]["area_bas_ha"] == 0.0
    # transitions: area and carbon per from -> to
    tr = pd.read_csv(tmp_path / "out" / "transitions.csv")
    row = tr[(tr.from_lucode == 9) & (tr.to_lucode == 10)].iloc[0]
    assert row.area_ha == pytest.approx(1.0) and row.change_tC == pytest.approx(-380.0)
    assert tr.area_ha.sum() == pytest.approx(9.0)
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["stock_bas_tC"] == pytest.approx(total_b)
    assert "a notice from alignment" in saved["notices"]
    assert (tmp_path / "out" / "by_ecosystem.csv").exists()
    assert (tmp_path / "out" / "by_township.csv").exists()


def test_project_single_epoch_gives_growth_sink(tmp_path: Path,
                                                project: tuple[Prepared, dict[str, Path]]) -> None:
    prep, tables = project
    r = run(prep, tables, tmp_path / "out", landcover_alternate=None, alt_year=None)
    s = r.summary
    assert s["stock_alt_tC"] is None and s["sink_stock_difference_tCO2e_per_yr"] is None
    # fir: +10 m3/ha/yr * a 0.5 * CF 0.5 = 2.5; pine: (V(21)-V(20)) * 0.9 * 0.5; mangrove 1.6 x2
    # (the mangrove pixel (1,0) is mangrove at baseline), salt marsh 0.9
    expected = 2.5 + (pine(21) - pine(20)) * 0.45 + 1.6 * 2 + 0.9
    assert s["sink_gain_loss_tC_per_yr"] == pytest.approx(expected)
    # only the rasters that hold something: no empty alternate-epoch layers for the app
    tifs = sorted(p.name for p in (tmp_path / "out").glob("*.tif"))
    assert tifs == ["sink_gain_loss.tif", "stock_bas.tif"]
    assert sorted(s["outputs"]) == ["sink_gain_loss", "stock_bas"]
    assert sorted(r.outputs) == ["sink_gain_loss", "stock_bas"]


def test_project_without_optional_layers_uses_pools(tmp_path: Path,
                                                    project: tuple[Prepared, dict[str, Path]]
                                                    ) -> None:
    prep, tables = project
    only = {k: v for k, v in tables.items() if k in ("carbon_pools", "legend")}
    r = run(prep, only, tmp_path / "out", compartments=None, grassland=None, townships=None)
    pools = {1: 46, 2: 145, 4: 58, 8: 102, 9: 260, 10: 20}
    expected = sum(pools[int(v)] for v in BAS.ravel() if v)
    assert r.summary["stock_bas_tC"] == pytest.approx(expected)


def test_project_missing_class(tmp_path: Path, project: tuple[Prepared, dict[str, Path]]) -> None:
    prep, tables = project
    tables["carbon_pools"].write_text(POOLS.replace("10,0,0,20,0\n", ""))
    with pytest.raises(ClassCodeError) as exc:
        run(prep, tables, tmp_path / "out")
    assert exc.value.counts == {10: 1} and str(prep.paths["lc2020"]) in str(exc.value)
    assert not (tmp_path / "out").exists()


def test_run_command_on_a_small_project(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """`sinkplanner run PROJECT --out DIR` through app.cli.main: align, compute, summarise."""
    import geopandas as gpd
    from shapely.geometry import box

    from app.cli import main

    folder = tmp_path / "proj"
    folder.mkdir()
    write_raster(folder / "lc2020.tif", BAS, transform=T, nodata=0)
    write_raster(folder / "lc2030.tif", ALT, transform=T, nodata=0)
    # compartments: one polygon over pixel (0, 0) only
    gpd.GeoDataFrame({"xb_id": ["a"], "forest_type": ["chinese_fir"], "age": [10],
                      "volume_m3_ha": [100.0]},
                     geometry=[box(500_000, 2_499_900, 500_100, 2_500_000)],
                     crs="EPSG:4547").to_file(folder / "xb.gpkg")
    gpd.GeoDataFrame({"XZDM": ["101", "102"]},
                     geometry=[box(500_000, 2_499_800, 500_200, 2_500_000),
                               box(500_200, 2_499_800, 500_500, 2_500_000)],
                     crs="EPSG:4547").to_file(folder / "towns.gpkg")
    tables_dir = folder / "tables"
    tables_dir.mkdir()
    for key, text in (("legend", LEGEND), ("carbon_pools", POOLS), ("forest_types", FOREST),
                      ("growth_curves", GROWTH), ("blue_carbon", BLUE)):
        (tables_dir / f"{key}.csv").write_text(text, encoding="utf-8")
    toml = """
[project]
name = "test"
base_year = 2020

[tables]
legend = "tables/legend.csv"
carbon_pools = "tables/carbon_pools.csv"
forest_types = "tables/forest_types.csv"
growth_curves = "tables/growth_curves.csv"
blue_carbon = "tables/blue_carbon.csv"

[[layers]]
id = "lc2020"
path = "lc2020.tif"
role = "landcover"
year = 2020

[[layers]]
id = "lc2030"
path = "lc2030.tif"
role = "landcover"
year = 2030

[[layers]]
id = "xb"
path = "xb.gpkg"
role = "compartments"
fields = { volume = "volume_m3_ha" }

[[layers]]
id = "towns"
path = "towns.gpkg"
role = "townships"
fields = { township = "XZDM" }

[carbon]
landcover_baseline = "lc2020"
landcover_alternate = "lc2030"
compartments = "xb"
townships = "towns"
"""
    (folder / "p.toml").write_text(toml, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["run", str(folder / "p.toml"), "--out", str(out), "--carbon-fraction", "0.5"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    # pixel (0,0) is the fir compartment (120 t C/ha); (0,1) forest without compartment: pools
    # 145; (0,2) grassland without grassland layer: pools 58; blue carbon for (0,4), (1,0), (1,1)
    expected = 120 + 145 + 58 + 46 + 400 + 400 + 160 + 20 + 46
    assert s["stock_bas_tC"] == pytest.approx(expected)
    towns = {rec["township"]: rec for rec in s["by_township"]}
    assert towns["101"]["area_bas_ha"] == pytest.approx(4.0)
    assert "t CO2e/yr" in captured.out and "positive = removal" in captured.out


def test_class_name_wins_over_the_2020_wetland_polygon(tmp_path: Path,
                                                       project: tuple[Prepared, dict[str, Path]]
                                                       ) -> None:
    """A pixel restored to mangrove inside a (2020) tidal-flat polygon is mangrove."""
    prep, tables = project
    wet = np.zeros((2, 5), np.uint16)
    wet[0, 4] = wet[1, 1] = 1
    prep.paths["wet"] = write_raster(tmp_path / "wet.tif", wet, transform=T, nodata=None)
    prep.tables["wet"] = pd.DataFrame({"wetland_type": ["tidal_flat"]},
                                      index=pd.RangeIndex(1, 2, name="id"))
    tables["blue_carbon"].write_text(BLUE + "tidal_flat,0,0,0.5,60,0,0.5,0,10\n")
    r = run(prep, tables, tmp_path / "out", wetlands="wet",
            fields={"xb": {"forest_type": "ftype", "volume": "volume_m3_ha"},
                    "towns": {"township": "XZDM", "name": "XZMC"},
                    "wet": {"type": "wetland_type"}})
    assert r.summary["stock_bas_tC"] == pytest.approx(sum(v[0] for v in EXPECTED.values()))


def test_project_needs_both_years(tmp_path: Path,
                                  project: tuple[Prepared, dict[str, Path]]) -> None:
    from gis.errors import InputError

    prep, tables = project
    with pytest.raises(InputError) as exc:
        run(prep, tables, tmp_path / "out", alt_year=None, where=tmp_path / "p.toml")
    msg = str(exc.value)
    assert str(tmp_path / "p.toml") in msg and "lc2020, lc2030" in msg
