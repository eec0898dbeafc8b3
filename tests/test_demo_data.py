"""The committed demo county (sample_data/demo_county) and its generator.

Checks what trainers and the acceptance tests rely on: every file loads, CRSs are as declared,
the land-cover pixels add up to the county polygon, the legend covers every code, the bureau-style
shapefile carries GBK Chinese names, the compartments sit on forest, the folder stays small, and
the generator is deterministic. Hand-checkable rules only; no stored magic numbers.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import rasterio
from rasterio import features

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"
GENERATOR = ROOT / "sample_data" / "make_demo_county.py"

PIXEL_HA = 30.0 * 30.0 / 10_000.0  # 0.09 ha
LEGEND_CODES = set(range(1, 13))
FOREST, SHRUB, MANGROVE = 2, 3, 9
FOREST_TYPES = {"chinese_fir", "masson_pine", "eucalyptus", "other_conifer", "hard_broadleaf",
                "soft_broadleaf", "mixed_broadleaf", "mixed_conifer_broadleaf", "bamboo", "shrub"}
VECTORS_4547 = ["county.gpkg", "forest_compartments.gpkg", "grassland.gpkg", "wetlands.gpkg",
                "redline.gpkg", "farmland.gpkg", "urban_boundary.gpkg", "townships.shp"]
TABLES = ["legend", "carbon_pools", "forest_types", "growth_curves", "grassland", "blue_carbon",
          "constraint_rules", "actions"]


def _read_lc(year: int) -> tuple[np.ndarray, dict]:
    with rasterio.open(DEMO / f"landcover_{year}.tif") as ds:
        return ds.read(1), {"profile": ds.profile, "overviews": ds.overviews(1),
                            "ovr_tags": ds.tags(ns="rio_overview"), "res": ds.res,
                            "crs": ds.crs, "transform": ds.transform}


@pytest.fixture(scope="module")
def lc2020() -> tuple[np.ndarray, dict]:
    return _read_lc(2020)


@pytest.fixture(scope="module")
def lc2025() -> tuple[np.ndarray, dict]:
    return _read_lc(2025)


@pytest.fixture(scope="module")
def county() -> gpd.GeoDataFrame:
    return gpd.read_file(DEMO / "county.gpkg")


# ---- files, formats, CRSs -------------------------------------------------------------------
@pytest.mark.parametrize("name", VECTORS_4547)
def test_vectors_load_in_gauss_kruger(name: str) -> None:
    gdf = gpd.read_file(DEMO / name)
    assert len(gdf) > 0
    assert gdf.crs.to_epsg() == 4547
    assert gdf.geometry.is_valid.all()
    assert set(gdf.geom_type) <= {"Polygon", "MultiPolygon"}


def test_mangroves_are_geographic_cgcs2000() -> None:
    gdf = gpd.read_file(DEMO / "mangroves_cgcs2000.geojson")
    assert gdf.crs.to_epsg() == 4490
    minx, miny, maxx, maxy = gdf.total_bounds
    assert 113.5 < minx < maxx < 114.5 and 22.3 < miny < maxy < 23.0  # lon/lat near 114E 22.6N
    assert set(gdf.origin) <= {"natural", "planted"} and "planted" in set(gdf.origin)
    planted = gdf[gdf.origin == "planted"]
    assert planted.year_planted.notna().all() and planted.year_planted.between(1990, 2020).all()
    assert gdf[gdf.origin == "natural"].year_planted.isna().all()


@pytest.mark.parametrize("year", [2020, 2025])
def test_landcover_raster_format(year: int, request: pytest.FixtureRequest) -> None:
    arr, meta = request.getfixturevalue(f"lc{year}")
    p = meta["profile"]
    assert p["dtype"] == "uint8" and p["nodata"] == 0
    assert meta["crs"].to_epsg() == 4547 and meta["res"] == (30.0, 30.0)
    assert p["tiled"] and p["blockxsize"] == 256 and p["blockysize"] == 256
    assert p["compress"] == "deflate"
    assert meta["overviews"] and meta["ovr_tags"].get("resampling") == "mode"
    assert arr.shape == (p["height"], p["width"])


def test_both_years_share_one_grid(lc2020, lc2025) -> None:
    a, ma = lc2020
    b, mb = lc2025
    assert ma["transform"] == mb["transform"] and a.shape == b.shape
    assert np.array_equal(a == 0, b == 0)  # the same county footprint


def test_pixel_area_matches_county_polygon(lc2020, county) -> None:
    arr, _ = lc2020
    assert len(county) == 1
    pixel_ha = np.count_nonzero(arr) * PIXEL_HA
    polygon_ha = county.geometry.area.iloc[0] / 10_000.0
    assert 300_000 <= polygon_ha <= 400_000  # 3,000-4,000 km2
    assert abs(pixel_ha / polygon_ha - 1.0) < 0.005


def test_legend_covers_every_code(lc2020, lc2025) -> None:
    legend = pd.read_csv(DEMO / "tables" / "legend.csv", dtype={"sandiao": str})
    assert list(legend.columns) == ["code", "name_en", "name_zh", "ecosystem", "clcd",
                                    "worldcover", "sandiao", "color", "source"]
    assert set(legend.code) == LEGEND_CODES
    assert legend.loc[legend.code == MANGROVE, "worldcover"].item() == 95
    assert legend.loc[legend.code == 1, "sandiao"].item() == "01"  # leading zero kept
    assert legend.source.notna().all()
    for arr, _ in (lc2020, lc2025):
        present = set(np.unique(arr).tolist()) - {0}
        assert present <= set(legend.code)
    assert set(np.unique(lc2020[0]).tolist()) - {0} == LEGEND_CODES  # every class occurs


def test_carbon_pools_table() -> None:
    pools = pd.read_csv(DEMO / "tables" / "carbon_pools.csv")
    assert list(pools.columns) == ["lucode", "LULC_name", "c_above", "c_below", "c_soil",
                                   "c_dead", "unit", "source"]
    assert set(pools.lucode) == LEGEND_CODES
    assert (pools.unit == "t C/ha").all() and pools.source.str.len().gt(5).all()
    values = pools[["c_above", "c_below", "c_soil", "c_dead"]]
    assert (values >= 0).all().all()
    total = values.sum(axis=1).set_axis(pools.lucode)
    assert total[MANGROVE] > total[FOREST] > total[1] and total[5] == 0  # mangrove > forest > crop


def test_landcover_changes_2020_2025_are_plausible(lc2020, lc2025) -> None:
    a, _ = lc2020
    b, _ = lc2025
    changed = (a != b) & (a > 0)
    share = changed.sum() / np.count_nonzero(a)
    assert 0.002 < share < 0.05  # some change, most land unchanged over five years
    assert (b == 10).sum() > (a == 10).sum()  # urban expansion
    assert (b == MANGROVE).sum() > (a == MANGROVE).sum()  # mangrove planting
    assert ((a == 1) & (b == 10)).sum() > 0  # built-up onto cropland
    assert ((a == FOREST) & (b != FOREST)).sum() > 0  # a little forest loss
    assert ((np.isin(a, [SHRUB, 11])) & (b == FOREST)).sum() > 0  # afforestation


# ---- township shapefile as bureaus deliver it ----------------------------------------------
def test_townships_shapefile_is_gbk_encoded(county) -> None:
    assert (DEMO / "townships.cpg").read_text(encoding="ascii").strip() == "GBK"
    raw = (DEMO / "townships.dbf").read_bytes()
    assert "城关镇".encode("gbk") in raw
    assert "城关镇".encode() not in raw  # not UTF-8
    gdf = pyogrio.read_dataframe(DEMO / "townships.shp")  # the .cpg tells GDAL the encoding
    assert "城关镇" in set(gdf.XZMC)
    assert 8 <= len(gdf) <= 12 and gdf.XZDM.is_unique
    assert gdf.XZDM.str.fullmatch(r"\d{9}").all()
    # townships tile the county: no gaps, no overlaps
    assert abs(gdf.area.sum() / county.area.sum() - 1.0) < 1e-3
    assert gdf.union_all().symmetric_difference(county.geometry.iloc[0]).area < 1e-4 * \
        county.area.sum()


# ---- forest compartments and the other thematic layers ----------------------------------
def test_compartments_cover_forest_pixels(lc2020) -> None:
    arr, meta = lc2020
    comp = gpd.read_file(DEMO / "forest_compartments.gpkg")
    burned = features.rasterize(((g, 1) for g in comp.geometry), out_shape=arr.shape,
                                transform=meta["transform"], dtype="uint8")
    forest_like = np.isin(arr, [FOREST, SHRUB])
    inside = burned == 1
    assert (forest_like & inside).sum() / inside.sum() > 0.95  # compartments lie on forest
    assert (forest_like & inside).sum() / forest_like.sum() > 0.9  # and cover most of it


def test_compartment_attributes() -> None:
    c = gpd.read_file(DEMO / "forest_compartments.gpkg")
    for col in ("xb_id", "township", "forest_type", "species_zh", "origin", "age",
                "volume_m3_ha", "closure", "category", "land_class"):
        assert col in c.columns and c[col].notna().all(), col
    assert c.xb_id.is_unique
    assert set(c.forest_type) == FOREST_TYPES
    assert set(c.origin) == {"natural", "planted"}
    assert set(c.category) == {"ecological", "commercial"}
    assert set(c.land_class) == {"tree_forest", "bamboo", "shrub", "special_shrub"}
    assert c.closure.between(0, 1).all() and (c.age > 0).all()
    trees = c[c.land_class == "tree_forest"]
    assert (trees.volume_m3_ha > 0).all()
    assert (trees.closure < 0.2).any()  # sparse stands: the forest-cover definition matters
    assert (c.loc[c.forest_type == "shrub", "volume_m3_ha"] == 0).all()
    assert set(c.loc[c.forest_type == "shrub", "land_class"]) <= {"shrub", "special_shrub"}
    assert (c.loc[c.forest_type == "eucalyptus", "origin"] == "planted").all()
    # plantations are younger than natural stands; older stands hold more volume
    assert trees[trees.origin == "planted"].age.median() < trees[trees.origin == "natural"].age.median()
    fir = trees[(trees.forest_type == "chinese_fir") & (trees.closure >= 0.2)]
    assert fir[fir.age >= 20].volume_m3_ha.median() > fir[fir.age <= 8].volume_m3_ha.median()
    towns = pyogrio.read_dataframe(DEMO / "townships.shp", read_geometry=False)
    assert set(c.township) <= set(towns.XZDM)


def test_thematic_layers_values(lc2020, county) -> None:
    grass = gpd.read_file(DEMO / "grassland.gpkg")
    assert set(grass.grade) == {"none", "light", "moderate", "severe"}
    wet = gpd.read_file(DEMO / "wetlands.gpkg")
    assert set(wet.wetland_type) == {"inland_marsh", "tidal_flat", "salt_marsh",
                                     "aquaculture_pond"}
    red = gpd.read_file(DEMO / "redline.gpkg")
    assert set(red.zone) == {"core", "general"} and red.name.notna().all()
    share = red.area.sum() / county.area.sum()
    assert 0.25 <= share <= 0.35
    assert red.union_all().area == pytest.approx(red.area.sum(), rel=1e-5)  # no overlaps
    mang = gpd.read_file(DEMO / "mangroves_cgcs2000.geojson").to_crs(4547)
    assert mang.intersection(red.union_all()).area.sum() / mang.area.sum() > 0.95
    # mangrove polygons match the 2020 mangrove pixels
    arr, meta = lc2020
    burned = features.rasterize(((g, 1) for g in mang.geometry), out_shape=arr.shape,
                                transform=meta["transform"], dtype="uint8") == 1
    assert (burned & (arr == MANGROVE)).sum() / (arr == MANGROVE).sum() > 0.9
    farm = gpd.read_file(DEMO / "farmland.gpkg")
    urban = gpd.read_file(DEMO / "urban_boundary.gpkg")
    assert farm.intersection(red.union_all()).area.sum() < 1e-3 * farm.area.sum()
    assert urban.intersection(red.union_all()).area.sum() < 1e-3 * urban.area.sum()
    crop_ha = (arr == 1).sum() * PIXEL_HA
    assert 0.5 < farm.area.sum() / 10_000.0 / crop_ha < 1.0  # much of the cropland


# ---- project file and size ---------------------------------------------------------------
def test_project_file_names_everything() -> None:
    with open(DEMO / "demo_county.toml", "rb") as f:
        proj = tomllib.load(f)
    assert proj["project"]["base_year"] == 2020
    assert list(proj["tables"]) == TABLES
    for key in ("legend", "carbon_pools"):
        assert (DEMO / proj["tables"][key]).is_file()
    ids = [lay["id"] for lay in proj["layers"]]
    assert len(ids) == len(set(ids))
    generated = {"landcover_2020.tif", "landcover_2025.tif", "mangroves_cgcs2000.geojson",
                 "townships.shp"} | {name for name in VECTORS_4547 if name.endswith(".gpkg")}
    assert {lay["path"] for lay in proj["layers"]} >= generated
    assert all((DEMO / lay["path"]).is_file() for lay in proj["layers"])
    for lay in proj["layers"]:
        assert set(lay["title"]) == {"en", "zh"} and lay["role"]
    shp = next(lay for lay in proj["layers"] if lay["path"] == "townships.shp")
    assert shp["encoding"] == "GBK" and shp["fields"] == {"township": "XZDM", "name": "XZMC"}
    carbon = proj["carbon"]
    for key in ("landcover_baseline", "landcover_alternate", "compartments", "townships"):
        assert carbon[key] in ids
    assert {t["year"] for t in proj["targets"]} >= {2030}
    assert all(t["region"] == "county" for t in proj["targets"])


def test_demo_folder_is_small() -> None:
    """Everything that gets committed (hidden folders such as the ignored work cache aside)."""
    files = [p for p in DEMO.rglob("*")
             if p.is_file() and not any(part.startswith(".") for part in p.relative_to(DEMO).parts)]
    assert sum(p.stat().st_size for p in files) <= 8 * 1024 * 1024


# ---- the generator ---------------------------------------------------------------------------
def _load_generator():
    spec = importlib.util.spec_from_file_location("make_demo_county", GENERATOR)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up while the class is built
    spec.loader.exec_module(mod)
    return mod


def _digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_generator_is_deterministic(tmp_path: Path) -> None:
    """Two runs of a coarse (300 m) variant give byte-identical files."""
    gen = _load_generator()
    a, b = tmp_path / "a", tmp_path / "b"
    gen.build(a, cell=300.0, verbose=False)
    gen.build(b, cell=300.0, verbose=False)
    da, db = _digests(a), _digests(b)
    assert set(da) >= {"landcover_2020.tif", "landcover_2025.tif", "townships.dbf",
                       "forest_compartments.gpkg", "mangroves_cgcs2000.geojson",
                       "demo_county.toml", "tables/legend.csv"}
    assert da == db


def test_generator_keeps_existing_scenarios(tmp_path: Path) -> None:
    gen = _load_generator()
    toml = tmp_path / "demo_county.toml"
    toml.write_text('[project]\nname = "old"\n\n[[scenarios]]\nname = "bau"\n', encoding="utf-8")
    gen.write_project(toml, {"forest_cover_pct": 50.0, "stock_m3": 1.0e7})
    with open(toml, "rb") as f:
        proj = tomllib.load(f)
    assert proj["project"]["name"] == "示范县 Demo County"
    assert [s["name"] for s in proj["scenarios"]] == ["bau"]
    cover = [t["forest_cover_pct"] for t in proj["targets"]]
    assert min(cover) > 50.0  # the county's own targets lie above today's value
