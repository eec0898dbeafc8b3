"""The demo project loads completely: every layer on one grid, areas add up, no errors."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio

from app.pipeline import prepare_inputs, validate_project
from app.project import Project
from gis.grid import GridSpec

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    project = Project.load(DEMO)
    steps: list[float] = []
    prep = prepare_inputs(project, workdir=tmp_path_factory.mktemp("aligned"),
                          progress=lambda f, _m: steps.append(f))
    return project, prep, steps


def test_every_analysed_layer_is_on_one_grid(prepared) -> None:  # type: ignore[no-untyped-def]
    project, prep, steps = prepared
    analysed = {e.id for e in project.layers if e.role not in ("other", "result")}
    assert set(prep.paths) == analysed
    for layer_id, path in prep.paths.items():
        with rasterio.open(path) as ds:
            assert GridSpec.from_dataset(ds).same_grid(prep.grid), layer_id
    assert steps and steps[-1] == pytest.approx(1.0)
    # vector layers come with their attribute tables, keyed by the burnt 1-based id
    towns = prep.tables["townships"]
    assert len(towns) == len(gpd.read_file(project.layer("townships").path))
    assert towns.index.min() == 1


def test_pixel_areas_add_up_to_the_county_polygon(prepared) -> None:  # type: ignore[no-untyped-def]
    project, prep, _ = prepared
    county = gpd.read_file(project.layer("county").path).to_crs(prep.grid.crs)
    polygon_ha = county.area.sum() / 1e4
    areas = prep.grid.area_ha()
    for layer_id in ("landcover_2020", "landcover_2025", "county", "townships"):
        with rasterio.open(prep.paths[layer_id]) as ds:
            valid = ds.read(1) != ds.nodata
        pixel_ha = float((valid * areas).sum())
        assert pixel_ha == pytest.approx(polygon_ha, rel=0.005), layer_id
    # and the geographic mangrove layer (EPSG:4490) lands on mangrove land cover
    with rasterio.open(prep.paths["mangroves"]) as m, rasterio.open(prep.paths["landcover_2020"]) as lc:
        inside = m.read(1) > 0
        classes = lc.read(1)[inside]
    assert inside.sum() > 0
    assert np.mean(classes == 9) > 0.8


def test_demo_project_validates_without_errors() -> None:
    issues = validate_project(Project.load(DEMO))
    errors = [i.message("en") for i in issues if i.severity == "error"]
    assert errors == []


def test_planning_zone_raster_equals_the_zone_codes_of_the_id_rasters(  # type: ignore[no-untyped-def]
        prepared, tmp_path: Path) -> None:
    """The planner reads the control lines and grassland grades as one packed byte burnt from
    the polygons; it must hold what the feature-id rasters and their tables say."""
    from app.pipeline import open_entry
    from gis.align import align_codes
    from sinkmodels.bluecarbon import bluecarbon_params
    from sinkmodels.planning.cohorts import (
        GRADE_SHIFT,
        WETLAND_SHIFT,
        zone_codes,
        zone_dtype,
        zone_parts,
    )
    from sinkmodels.tables import load

    project, prep, _ = prepared
    ids = {k: project.layers_with_role(k)[0].id
           for k in ("redline", "farmland", "urban_boundary", "grassland", "wetland")}
    blue_types = bluecarbon_params(load("blue_carbon", project.table_path("blue_carbon"))).types
    wet_field = project.layer(ids["wetland"]).fields["type"]
    parts = zone_parts(**{arg: open_entry(project.layer(ids[role])) for arg, role in (
        ("redline", "redline"), ("farmland", "farmland"), ("urban", "urban_boundary"),
        ("grassland", "grassland"), ("wetland", "wetland"))},
        wetland_type_field=wet_field, blue_types=blue_types)
    packed = align_codes("zones", parts, prep.grid, tmp_path,
                         dtype=zone_dtype(parts)).paths["zones"]

    def arr(role: str) -> np.ndarray:
        with rasterio.open(prep.paths[ids[role]]) as ds:
            return ds.read(1)

    expected = zone_codes(prep.grid.shape, redline=arr("redline"),
                          redline_attrs=prep.tables[ids["redline"]], farmland=arr("farmland"),
                          urban=arr("urban_boundary"), grassland=arr("grassland"),
                          grassland_attrs=prep.tables[ids["grassland"]],
                          wetland=arr("wetland"), wetland_attrs=prep.tables[ids["wetland"]],
                          wetland_type_field=wet_field, blue_types=blue_types)
    with rasterio.open(packed) as ds:
        got = ds.read(1)
    assert got.dtype == np.uint16
    assert np.array_equal(got, expected)
    # every zone bit, every grade and several wetland types occur in the demo, so the
    # comparison covers them all
    assert {b for b in (1, 2, 4, 8) if np.any(got & b)} == {1, 2, 4, 8}
    assert set(np.unique((got >> GRADE_SHIFT) & 7)) >= {0, 2, 3, 4}
    assert len(set(np.unique(got >> WETLAND_SHIFT)) - {0}) >= 2


def test_validate_names_bad_targets(demo_copy: Path) -> None:
    """`sinkplanner validate` reads the targets as the planner does: a region that is no
    township code, a year before the base year."""
    toml = demo_copy
    text = toml.read_text(encoding="utf-8")
    assert 'region = "county"\nforest_cover_pct = 61.0' in text
    toml.write_text(text.replace('region = "county"\nforest_cover_pct = 61.0',
                                 'region = "441899999"\nforest_cover_pct = 61.0'),
                    encoding="utf-8")
    issues = [i for i in validate_project(Project.load(toml)) if i.severity == "error"]
    assert [i.code for i in issues] == ["target_region_unknown"]
    assert "441899999" in issues[0].message("en") and "441899101" in issues[0].message("en")
    toml.write_text(text.replace("year = 2035", "year = 2015"), encoding="utf-8")
    issues = [i for i in validate_project(Project.load(toml)) if i.severity == "error"]
    assert [i.code for i in issues] == ["target_year_range"]
    assert "2015" in issues[0].message("zh") and "基准年" in issues[0].message("zh")


def test_validate_names_tables_the_project_does_not_name(demo_copy: Path) -> None:
    toml = demo_copy
    text = toml.read_text(encoding="utf-8")
    for line in ('carbon_pools = "tables/carbon_pools.csv"\n', 'actions = "tables/actions.csv"\n',
                 'blue_carbon = "tables/blue_carbon.csv"\n'):
        assert line in text
        text = text.replace(line, "")
    toml.write_text(text, encoding="utf-8")
    found = {i.params["table"]: i for i in validate_project(Project.load(toml))
             if i.code == "table_not_named"}
    assert {k: i.severity for k, i in found.items()} == {
        "carbon_pools": "error", "actions": "warning", "blue_carbon": "info"}
    assert "carbon run" in found["carbon_pools"].message("en")
    assert "碳库表" in found["carbon_pools"].message("zh")
    assert str(toml) in found["actions"].message("en")
