"""End to end: `sinkplanner plan` on a tiny project written to a temporary folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import rasterio
from affine import Affine
from shapely.geometry import box

from app.cli import main
from sinkmodels.planning.synthetic import DEMO_TABLES

CRS = "EPSG:4547"
X0, Y0, CELL, N = 500_000.0, 2_500_000.0, 30.0, 20  # 20 x 20 cells of 0.09 ha


def _cells(r0: int, r1: int, c0: int, c1: int):  # noqa: ANN202 - shapely box of cell ranges
    return box(X0 + c0 * CELL, Y0 - r1 * CELL, X0 + c1 * CELL, Y0 - r0 * CELL)


def _vec(path: Path, rows: list[dict], geoms: list) -> None:  # noqa: ANN001
    gpd.GeoDataFrame(rows, geometry=geoms, crs=CRS).to_file(path, driver="GPKG")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    lc = np.full((N, N), 2, dtype=np.uint8)
    lc[:, 10:] = 11          # barren right half (afforestation land)
    lc[15:, :10] = 1         # cropland
    lc[15:, 10:] = 7         # tidal flat
    lc[0, :] = 5             # water
    prof = dict(driver="GTiff", width=N, height=N, count=1, dtype="uint8", crs=CRS, nodata=0,
                transform=Affine(CELL, 0, X0, 0, -CELL, Y0))
    with rasterio.open(tmp_path / "lc.tif", "w", **prof) as ds:
        ds.write(lc, 1)
    _vec(tmp_path / "comp.gpkg",
         [{"xb_id": 1, "forest_type": "masson_pine", "age": 15, "volume_m3_ha": 80.0,
           "closure": 0.6, "land_class": "tree_forest", "category": "commercial"},
          {"xb_id": 2, "forest_type": "chinese_fir", "age": 8, "volume_m3_ha": 30.0,
           "closure": 0.15, "land_class": "tree_forest", "category": "ecological"}],
         [_cells(1, 8, 0, 10), _cells(8, 15, 0, 10)])
    _vec(tmp_path / "towns.gpkg", [{"XZDM": "T1", "XZMC": "一镇"}, {"XZDM": "T2", "XZMC": "二镇"}],
         [_cells(0, 20, 0, 10), _cells(0, 20, 10, 20)])
    _vec(tmp_path / "red.gpkg", [{"zone": "core"}], [_cells(1, 4, 10, 20)])
    _vec(tmp_path / "farm.gpkg", [{"name": "f"}], [_cells(15, 20, 0, 5)])
    _vec(tmp_path / "urban.gpkg", [{"name": "u"}], [_cells(10, 15, 15, 20)])
    _vec(tmp_path / "plan.gpkg",
         [{"plan_id": "A", "action": "afforestation"}, {"plan_id": "B", "action": "construction"}],
         [_cells(1, 4, 10, 14), _cells(5, 7, 10, 20)])
    tables = tmp_path / "tables"
    tables.mkdir()
    for name in ("constraint_rules.csv", "actions.csv"):
        shutil.copy(DEMO_TABLES / name, tables / name)
    pd.DataFrame({"code": range(1, 13),
                  "name_en": ["cropland", "forest", "shrub", "grassland", "water", "inland marsh",
                              "tidal flat", "salt marsh", "mangrove", "built-up", "barren",
                              "aquaculture pond"],
                  "ecosystem": ["cropland", "forest", "forest", "grassland", "other", "wetland",
                                "wetland", "wetland", "mangrove", "other", "other", "other"]}
                 ).to_csv(tables / "legend.csv", index=False)
    pd.DataFrame({"lucode": range(1, 13), "c_above": [3, 40, 10, 2, 0, 5, 0, 6, 60, 0, 0, 0],
                  "c_below": [1, 10, 5, 6, 0, 5, 0, 8, 40, 0, 0, 0],
                  "c_soil": [60, 80, 70, 75, 0, 120, 40, 90, 200, 20, 15, 40],
                  "c_dead": [0, 5, 2, 0, 0, 1, 0, 0, 3, 0, 0, 0]}).to_csv(
        tables / "carbon_pools.csv", index=False)
    types = ["chinese_fir", "masson_pine", "mixed_broadleaf"]
    pd.DataFrame({"forest_type": types, "method": "bef_continuous", "a": [0.4652, 0.5034, 0.9788],
                  "b": [19.141, 20.547, 5.3764], "carbon_fraction": 0.5}).to_csv(
        tables / "forest_types.csv", index=False)
    pd.DataFrame({"forest_type": types, "A": [260.0, 190.0, 210.0], "B": 1.0,
                  "K": [0.07, 0.055, 0.03], "m": [0.545455, 0.5, 0.375]}).to_csv(
        tables / "growth_curves.csv", index=False)
    toml = tmp_path / "p.toml"
    toml.write_text("""
[project]
name = "tiny"
base_year = 2020
[tables]
legend = "tables/legend.csv"
carbon_pools = "tables/carbon_pools.csv"
forest_types = "tables/forest_types.csv"
growth_curves = "tables/growth_curves.csv"
constraint_rules = "tables/constraint_rules.csv"
actions = "tables/actions.csv"
[[layers]]
id = "lc"
path = "lc.tif"
role = "landcover"
[[layers]]
id = "comp"
path = "comp.gpkg"
role = "compartments"
[[layers]]
id = "towns"
path = "towns.gpkg"
role = "townships"
fields = { township = "XZDM", name = "XZMC" }
[[layers]]
id = "red"
path = "red.gpkg"
role = "redline"
[[layers]]
id = "farm"
path = "farm.gpkg"
role = "farmland"
[[layers]]
id = "urban"
path = "urban.gpkg"
role = "urban_boundary"
[[targets]]
region = "county"
forest_cover_pct = 40.0
year = 2030
[[targets]]
region = "T2"
forest_cover_pct = 10.0
year = 2030
[[scenarios]]
name = "bau"
[[scenarios]]
name = "aff"
title = { en = "Afforestation", zh = "造林" }
[[scenarios.actions]]
action = "afforest_masson_pine"
area_ha_per_yr = 1.8
start = 2021
end = 2025
""", encoding="utf-8")
    return toml


def test_plan_cli_end_to_end(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rc = main(["plan", str(project), "--scenario", "all", "--out", str(out), "--maps",
               "2030,2060", "--plan-layer", str(project.parent / "plan.gpkg"), "--quiet"])
    assert rc == 0
    proj = pd.read_csv(out / "projection.csv")
    for col in ("year", "forest_cover_pct", "stock_volume_m3", "carbon_stock_tC",
                "sink_tCO2e_per_yr", "carbon_forest_tC", "cost_cny"):
        assert col in proj.columns
    aff = proj[proj["scenario"] == "aff"].set_index("year")
    assert list(aff.index) == list(range(2020, 2061))
    # land: 400 px = 36 ha; forest 2020: compartment 1 (70 px, closure 0.6) = 6.3 ha
    assert aff.loc[2020, "forest_cover_pct"] == pytest.approx(100 * 70 / 400)
    # 20 px barren planted per year 2021-2025 (core zone rows excluded), counting 3 yr later
    assert aff.loc[2024, "forest_area_ha"] == pytest.approx((70 + 20) * 0.09)
    assert aff.loc[2028, "forest_area_ha"] == pytest.approx((70 + 100) * 0.09)
    assert aff.loc[2021, "cost_cny"] == pytest.approx(1.8 * 12000)
    status = pd.read_csv(out / "targets.csv")
    row = status[(status["scenario"] == "aff") & (status["region"] == "county")].iloc[0]
    assert row["base_gap"] == pytest.approx(40.0 - 17.5)
    t2 = status[(status["scenario"] == "aff") & (status["region"] == "T2")].iloc[0]
    # T2 (200 px, no compartments): 10 % = 20 px -> first planting counts in 2024
    assert t2["year_reached"] == 2024
    js = json.loads((out / "targets.json").read_text(encoding="utf-8"))
    assert js["status"][0]["scenario"] == "bau"
    conf = pd.read_csv(out / "conflicts.csv")
    got = {(r.feature, r.rule_id): r.area_ha for r in conf.itertuples()
           if r.scenario == "plan_layer"}
    # A: afforestation of 12 px in the core zone; B: construction of 20 px outside the boundary
    assert got == pytest.approx({("A", "RL-CORE-01"): 12 * 0.09, ("B", "UB-01"): 20 * 0.09})
    assert (out / "conflicts.gpkg").exists()
    assert len(gpd.read_file(out / "conflicts.gpkg")) == 2
    with rasterio.open(out / "maps" / "aff" / "forest_2030.tif") as ds:
        f = ds.read(1)
    assert (f == 1).sum() == 170
    for name, unit in (("volume_m3_ha", "m3/ha"), ("carbon_tC_ha", "t C/ha")):
        with rasterio.open(out / "maps" / "aff" / f"{name}_2030.tif") as ds:
            assert ds.units == (unit,) and ds.tags()["units"] == unit
    assert json.loads((out / "projection.json").read_text(encoding="utf-8"))[0]["year"] == 2020
    comp = pd.read_csv(out / "comparison.csv").set_index("scenario")
    assert list(comp.index) == ["bau", "aff"]
    assert comp.loc["aff", "reached_T2_forest_cover_pct_10_by_2030"] == 2024
    assert comp.loc["aff", "total_cost_cny"] == pytest.approx(5 * 1.8 * 12000)


def test_plan_cli_errors_without_traceback(project: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["plan", str(project), "--scenario", "nope", "--out", str(tmp_path / "o")])
    assert rc == 2
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
    rc = main(["plan", str(project), "--out", str(tmp_path / "o"), "--maps", "2100"])
    assert rc == 2 and "2100" in capsys.readouterr().err


def test_plan_cli_names_an_unknown_grassland_grade(project: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _vec(project.parent / "grass.gpkg", [{"DJ": "light"}, {"DJ": "ruined"}],
         [_cells(10, 12, 10, 20), _cells(12, 14, 10, 20)])
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace("[[targets]]", """[[layers]]
id = "grass"
path = "grass.gpkg"
role = "grassland"
fields = { grade = "DJ" }
[[targets]]""", 1), encoding="utf-8")
    rc = main(["plan", str(project), "--scenario", "bau", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "Traceback" not in err
    assert "grass.gpkg" in err and "ruined" in err and "DJ" in err and "moderate" in err
    assert not (tmp_path / "o").exists()


def test_plan_cli_budget_allocation(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rc = main(["plan", str(project), "--scenario", "bau", "--out", str(out), "--budget", "50000",
               "--alloc-years", "2021-2022", "--quiet"])
    assert rc == 0
    sched = pd.read_csv(out / "schedule.csv")
    assert set(sched["source"]) == {"allocation"}
    assert sched["cost_cny"].sum() <= 50000 + 1e-6
    assert sched["cost_cny"].sum() > 50000 - 15000 * 0.09 * 2  # within a pixel or two
    assert set(sched["year"]) <= {2021, 2022}
    with rasterio.open(out / "allocation" / "bau" / "priority_score.tif") as ds:
        score = ds.read(1)
        assert ds.units == ("t CO2e / 10^4 CNY",)
    with rasterio.open(out / "allocation" / "bau" / "allocated_action.tif") as ds:
        act = ds.read(1)
    assert (score > 0).any() and ((act > 0) & (act < 255)).any()
    # nothing allocated inside the core zone (rows 1-3, cols 10-19) or on the water row
    assert not ((act[1:4, 10:] > 0) & (act[1:4, 10:] < 255)).any()
    assert (pd.read_csv(out / "allocation" / "bau" / "by_township.csv")["area_ha"] > 0).all()
    rc = main(["plan", str(project), "--out", str(tmp_path / "o2"), "--cover-target", "x"])
    assert rc == 2


def _files(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_write_plan_outputs_writes_what_the_cli_writes(project: Path, tmp_path: Path) -> None:
    """The library function behind `sinkplanner plan` (and the report): the same files, byte for
    byte (one thread: GeoTIFF tiles land in a fixed order); a cancel leaves no folder behind."""
    from app.pipeline import build_planner, write_plan_outputs
    from app.project import Project
    from gis.errors import CancelledError

    plan = str(project.parent / "plan.gpkg")
    cli_out = tmp_path / "cli"
    assert main(["plan", str(project), "--out", str(cli_out), "--maps", "2030", "--plan-layer",
                 plan, "--threads", "1", "--quiet"]) == 0
    proj = Project.load(project)
    planner, layers = build_planner(proj, threads=1)
    fractions: list[float] = []
    res = write_plan_outputs(planner, layers, proj, tmp_path / "lib", map_years=[2030],
                             plan_layer=plan, threads=1,
                             progress=lambda f, _msg: fractions.append(f))
    assert [p.relative_to(res.out_dir) for p in res.files] == _files(cli_out)
    for rel in _files(cli_out):
        if rel.suffix != ".gpkg":  # a GeoPackage records when it was written
            assert (cli_out / rel).read_bytes() == (res.out_dir / rel).read_bytes(), rel
    assert res.summary == json.loads((cli_out / "summary.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in res.summary["scenarios"]] == ["bau", "aff"]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0

    one = write_plan_outputs(planner, layers, proj, tmp_path / "one", scenarios=["aff"])
    assert [s["name"] for s in one.summary["scenarios"]] == ["aff"]

    answers = iter([False])  # cancelled after the first scenario
    with pytest.raises(CancelledError):
        write_plan_outputs(planner, layers, proj, tmp_path / "cancelled",
                           cancel=lambda: next(answers, True))
    assert not (tmp_path / "cancelled").exists()
    assert not list(tmp_path.glob(".cancelled.*"))
    before = {rel: (res.out_dir / rel).read_bytes() for rel in _files(res.out_dir)}
    with pytest.raises(CancelledError):
        write_plan_outputs(planner, layers, proj, res.out_dir, cancel=lambda: True)
    assert {rel: (res.out_dir / rel).read_bytes() for rel in _files(res.out_dir)} == before


def test_plan_layer_polygons_with_one_name_stay_apart(project: Path, tmp_path: Path) -> None:
    """Two offending polygons named alike are reported as two, each with its own shape."""
    from app.pipeline import build_planner, check_plan_layer
    from app.project import Project

    planner, layers = build_planner(Project.load(project), threads=1)
    plan = tmp_path / "dup.gpkg"
    shapes = [_cells(1, 4, 10, 12), _cells(5, 7, 15, 20)]  # core zone; barren outside it
    _vec(plan, [{"plan_id": "X", "action": "afforestation"},
                {"plan_id": "X", "action": "construction"}], shapes)
    conflicts = check_plan_layer(planner, layers, plan, "action", tmp_path)
    got = conflicts.geometries
    assert sorted(got["feature"].unique()) == ["X (#1)", "X (#2)"]
    for label, shape in (("X (#1)", shapes[0]), ("X (#2)", shapes[1])):
        assert all(g.equals(shape) for g in got.loc[got["feature"] == label].geometry)


def test_a_raster_control_line_is_named_by_validate_and_plan(project: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    """The planner burns the control lines from polygons: a raster given as the red line is
    an error that names the file, found by `validate` before `plan` meets it."""
    text = project.read_text(encoding="utf-8")
    project.write_text(text.replace('path = "red.gpkg"', 'path = "lc.tif"'), encoding="utf-8")
    assert main(["validate", str(project)]) == 2
    out = capsys.readouterr()
    assert "lc.tif" in out.out + out.err and "raster" in out.out + out.err
    rc = main(["plan", str(project), "--scenario", "bau", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert rc == 2 and "lc.tif" in err and "polygons were expected" in err
    assert "Traceback" not in err and not (tmp_path / "o").exists()
