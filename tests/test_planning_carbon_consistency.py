"""The planner's base year is the carbon job's baseline: the same stock per pixel, per ecosystem
and in total, with the grassland grade and blue-carbon models, wetland polygon types, forest
compartments over non-forest classes and compartments without a volume."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rasterio
from conftest import write_raster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.pipeline import Prepared, build_planner
from app.project import Project
from sinkmodels import tables as science
from sinkmodels.bluecarbon import bluecarbon_params
from sinkmodels.carbon import run_project_carbon
from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.cohorts import PlanLayers, build_cohorts, zone_codes
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.projection import Planner, Pools, forest_model_from_tables
from sinkmodels.planning.scenarios import Scenario, load_actions

DEMO = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"
TABLES = DEMO / "tables"
GENERIC_WETLAND = 13  # a legend class named "wetland": its pixels take their polygon's type
ECOSYSTEMS = ("forest", "grassland", "wetland", "mangrove")


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo tables plus a generic wetland class (CLCD has one "wetland" class)."""
    folder = tmp_path_factory.mktemp("tables")
    out = {}
    for key in ("legend", "carbon_pools", "forest_types", "growth_curves", "grassland",
                "blue_carbon", "actions", "constraint_rules"):
        out[key] = Path(shutil.copy(TABLES / f"{key}.csv", folder / f"{key}.csv"))
    with open(out["legend"], "a", encoding="utf-8") as f:
        f.write(f'{GENERIC_WETLAND},wetland,湿地,wetland,9,90,00,#70a0a0,"test"\n')
    with open(out["carbon_pools"], "a", encoding="utf-8") as f:
        f.write(f'{GENERIC_WETLAND},wetland,2.0,3.0,110.0,0.5,t C/ha,"test"\n')
    return out


def _blobs(rng: np.random.Generator, shape: tuple[int, int], n: int, cell: int) -> np.ndarray:
    """Feature ids 1..n in cell-sized squares, about half the area empty."""
    h, w = shape
    ids = rng.integers(0, n + 1, size=(-(-h // cell), -(-w // cell)))
    ids[rng.random(ids.shape) < 0.5] = 0
    return np.kron(ids, np.ones((cell, cell), dtype=np.int64))[:h, :w]


def random_region(seed: int, tables: dict[str, Path], folder: Path
                  ) -> tuple[Prepared, PlanLayers, dict[str, dict[str, str]]]:
    rng = np.random.default_rng(seed)
    shape = (40, 56)
    codes = np.array([1, 2, 2, 3, 4, 4, 6, 7, 8, 9, 10, 12, GENERIC_WETLAND, 0])
    lc = np.kron(rng.choice(codes, size=(20, 28)), np.ones((2, 2), dtype=np.int64)).astype(np.uint8)
    comp = _blobs(rng, shape, 25, 3)  # over forest and, at the edges, other classes
    comp[(lc != 2) & (lc != 3) & (rng.random(shape) < 0.8)] = 0
    grass = _blobs(rng, shape, 6, 5)
    wet = _blobs(rng, shape, 7, 6)
    town = (np.arange(shape[1])[None, :] // 20 + 1).repeat(shape[0], 0)
    types = list(pd.read_csv(tables["forest_types"], comment="#")["forest_type"])
    vol = rng.uniform(5, 250, 25).round(1)
    vol[rng.random(25) < 0.3] = np.nan  # no volume recorded: read off the growth curve
    comp_attrs = pd.DataFrame({
        "forest_type": rng.choice(types, 25), "age": rng.integers(1, 60, 25),
        "volume_m3_ha": vol, "closure": rng.uniform(0.1, 0.9, 25).round(2),
        "land_class": "tree_forest", "category": rng.choice(["ecological", "commercial"], 25)},
        index=pd.RangeIndex(1, 26))
    grass_attrs = pd.DataFrame({"grade": rng.choice(
        ["none", "light", "moderate", "severe", ""], 6)}, index=pd.RangeIndex(1, 7))
    wet_attrs = pd.DataFrame({"wtype": [
        "salt_marsh", "Salt marsh", "mangrove", "seagrass", "reed bed", "", "tidal-flat"]},
        index=pd.RangeIndex(1, 8))  # 'reed bed' is no type of the table: class pools
    town_attrs = pd.DataFrame({"XZDM": ["101", "102", "103"], "XZMC": ["甲", "乙", "丙"]},
                              index=pd.RangeIndex(1, 4))
    grid = syn.grid(*shape)
    arrays = {"lc": lc, "xb": comp, "grass": grass, "wet": wet, "towns": town}
    paths = {k: write_raster(folder / f"{k}.tif", a.astype(np.uint8 if k == "lc" else np.uint16),
                             transform=grid.transform, nodata=0 if k == "lc" else None)
             for k, a in arrays.items()}
    prep = Prepared(grid, paths, {"xb": comp_attrs, "grass": grass_attrs, "wet": wet_attrs,
                                  "towns": town_attrs})
    legend = pd.read_csv(tables["legend"])
    blue = bluecarbon_params(science.load("blue_carbon", tables["blue_carbon"]))
    zones = zone_codes(shape, grassland=grass, grassland_attrs=grass_attrs, wetland=wet,
                       wetland_attrs=wet_attrs, wetland_type_field="wtype",
                       blue_types=blue.types)
    layers = PlanLayers(grid=grid, landcover=lc, legend=legend, compartments=comp,
                        compartment_attrs=comp_attrs, townships=town, township_attrs=town_attrs,
                        zones=zones)
    fields = {"xb": {"forest_type": "forest_type", "volume": "volume_m3_ha"},
              "towns": {"township": "XZDM", "name": "XZMC"}, "grass": {"grade": "grade"},
              "wet": {"type": "wtype"}}
    return prep, layers, fields


def planner_for(layers: PlanLayers, tables: dict[str, Path]) -> Planner:
    actions = load_actions(tables["actions"])
    rules = Rules.load(tables["constraint_rules"], layers.legend,
                       {a.id: a.kind for a in actions.values()})
    pools = Pools.from_tables(science.load_pools(tables["carbon_pools"]), layers.legend,
                              science.load("grassland", tables["grassland"]),
                              science.load("blue_carbon", tables["blue_carbon"]))
    forest = forest_model_from_tables(science.load_forest_types(tables["forest_types"]),
                                      science.load("growth_curves", tables["growth_curves"]))
    return Planner(build_cohorts(layers, threads=1, block_rows=16), forest, pools, actions,
                   rules, base_year=2020)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000))
def test_base_year_equals_the_carbon_job_pixel_by_pixel(seed: int, tables: dict[str, Path],
                                                        tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis may run a seed twice
    prep, layers, fields = random_region(seed, tables, folder)
    job = run_project_carbon(prep, {k: tables[k] for k in (
        "legend", "carbon_pools", "forest_types", "growth_curves", "grassland", "blue_carbon")},
        folder / "carbon", landcover_baseline="lc", compartments="xb", townships="towns",
        grassland="grass", wetlands="wet", fields=fields, carbon_fraction=0.47, threads=1,
        overviews=False)
    pl = planner_for(layers, tables)
    proj = pl.project(Scenario("base"), map_years=[2020])
    maps = pl.write_maps(proj, [2020], folder / "maps", threads=1)
    with rasterio.open(folder / "carbon" / "stock_bas.tif") as ds:
        expected = ds.read(1)
        nodata = ds.nodata
    with rasterio.open(maps[2020]["carbon_tC_ha"]) as ds:
        got = ds.read(1)
    valid = expected != nodata
    assert np.array_equal(valid, got != -1.0)
    np.testing.assert_allclose(got[valid], expected[valid], rtol=1e-6)
    # every model is met: grade model, own blue type, polygon blue type, forest, pools
    counts = job.summary["pixels"]
    assert min(counts["forest_model"], counts["grassland_model"],
               counts["blue_carbon_model"], counts["pools_only"]) > 0

    row = proj.totals(2020)
    by_eco = {r["ecosystem"]: r["stock_bas_tC"] for r in job.summary["by_ecosystem"]}
    for eco in ECOSYSTEMS:
        assert row[f"carbon_{eco}_tC"] == pytest.approx(by_eco.get(eco, 0.0), rel=1e-9, abs=1e-6)
    assert row["carbon_cropland_tC"] + row["carbon_other_tC"] == pytest.approx(
        by_eco.get("other", 0.0), rel=1e-9, abs=1e-6)
    assert row["carbon_stock_tC"] == pytest.approx(job.summary["stock_bas_tC"], rel=1e-9)


def test_generic_wetland_pixels_take_their_polygons_type(tables: dict[str, Path],
                                                         tmp_path: Path) -> None:
    """By hand: a "wetland" class inside a polygon typed "Salt marsh" stores what the
    blue-carbon table says of salt_marsh; outside any polygon, its class pools."""
    prep, layers, _ = random_region(3, tables, tmp_path)
    pl = planner_for(layers, tables)
    blue = science.load("blue_carbon", tables["blue_carbon"]).set_index("wetland_type")
    sm = blue.loc["salt_marsh"]
    salt = sm["agb"] * (1 + sm["root_shoot"]) * sm["carbon_fraction"] + sm["soil_c"]
    co = pl.cohorts
    b = pl._start(0.0, 0.0)
    stock = b["bio"] + b["dead"] + b["soil"]
    generic = co.lc == GENERIC_WETLAND
    in_salt = generic & (co.wetland == 1 + list(blue.index).index("salt_marsh"))
    assert in_salt.any() and (generic & (co.wetland == 0)).any()
    np.testing.assert_allclose(stock[in_salt], salt)
    np.testing.assert_allclose(stock[generic & (co.wetland == 0)], 2.0 + 3.0 + 110.0 + 0.5)


def test_demo_base_year_equals_the_carbon_jobs_baseline(tmp_path: Path) -> None:
    """The demo county through the app's own paths (`sinkplanner run` / `plan`)."""
    from app.pipeline import run_project

    project = Project.load(DEMO / "demo_county.toml")
    result = run_project(project, tmp_path / "run")
    planner, _ = build_planner(project)
    row = planner.project(Scenario("base")).totals(project.base_year)
    by_eco = {r["ecosystem"]: r["stock_bas_tC"] for r in result.summary["by_ecosystem"]}
    for eco in ECOSYSTEMS:
        assert row[f"carbon_{eco}_tC"] == pytest.approx(by_eco[eco], rel=1e-9)
    assert row["carbon_stock_tC"] == pytest.approx(result.summary["stock_bas_tC"], rel=1e-9)


def test_the_projects_carbon_fraction_reaches_the_carbon_job_and_the_planner(
        tmp_path: Path) -> None:
    """``[carbon] carbon_fraction = 0.5`` (common Chinese practice) applies to the forest types
    whose row gives none, in `sinkplanner run` and in the plan alike; a bad value is an error
    naming the project file, from validate too."""
    import re

    from app.pipeline import project_carbon_fraction, run_project, validate_project
    from gis.errors import ProjectError

    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache", "results"))
    toml = folder / "demo_county.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[carbon]\n", "[carbon]\ncarbon_fraction = 0.5\n"),
                    encoding="utf-8")
    project = Project.load(toml)
    assert project_carbon_fraction(project) == 0.5
    half = run_project(project, tmp_path / "run").summary
    default = run_project(project, tmp_path / "run047", carbon_fraction=0.47).summary
    forest = {r["ecosystem"]: r["stock_bas_tC"] for r in half["by_ecosystem"]}["forest"]
    forest_047 = {r["ecosystem"]: r["stock_bas_tC"] for r in default["by_ecosystem"]}["forest"]
    assert forest > forest_047 * 1.01  # the types without a fraction of their own take 0.5
    planner, _ = build_planner(project)
    row = planner.project(Scenario("base")).totals(project.base_year)
    assert row["carbon_forest_tC"] == pytest.approx(forest, rel=1e-9)
    assert row["carbon_stock_tC"] == pytest.approx(half["stock_bas_tC"], rel=1e-9)

    toml.write_text(text.replace("[carbon]\n", "[carbon]\ncarbon_fraction = 47\n"),
                    encoding="utf-8")
    bad = Project.load(toml)
    with pytest.raises(ProjectError, match=re.escape(str(toml))) as err:
        run_project(bad, tmp_path / "bad")
    assert "carbon_fraction" in str(err.value)
    assert any("carbon_fraction" in i.message("en") for i in validate_project(bad))
    assert "不超过 1" in err.value.message("zh")  # the message is in the user's language too
