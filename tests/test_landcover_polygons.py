"""Land cover given as polygons (the Third National Land Survey's parcels with their 地类编码):
matched to the legend, burnt to the class raster the engines read — the same numbers as the
raster it was drawn from — and every mistake a clear message naming the file."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import rasterio
from conftest import polygon_county

from app.pipeline import build_planner, prepare_inputs, run_project, validate_project
from app.project import Project
from gis.errors import InputError
from gis.legend import match_classes, read_legend_text, value_text
from sinkmodels.planning.scenarios import Scenario

DEMO = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"
LEGEND = DEMO / "tables" / "legend.csv"


def test_legend_columns_and_nested_survey_codes() -> None:
    legend = read_legend_text(LEGEND)
    m = match_classes(["0101", "0102", "0301", "0402", "04", "0404", "1104", "201", "1003",
                       None, ""], legend)
    assert m.column == "sandiao"
    assert m.codes == {"0101": 1, "0102": 1, "0301": 2, "0402": 8, "04": 4, "0404": 4,
                       "1104": 12, "201": 10}
    assert m.unknown == {"1003": 1}  # rural roads: the demo legend has no row for them
    # the legend's own codes win over a column that also knows the values
    assert match_classes([1, 2, 9.0, "12"], legend).codes == {"1": 1, "2": 2, "9": 9, "12": 12}
    # several codes in one cell
    legend.loc[legend["code"] == "10", "sandiao"] = "20;1003;1006"
    assert match_classes(["1003", "1006", "203"], legend).codes == {"1003": 10, "1006": 10,
                                                                    "203": 10}
    assert value_text(301.0) == "301" and value_text(" 0301 ") == "0301"


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One small county twice: land cover as a raster, and as survey polygons drawn from it
    (tests/conftest.py: polygon_county)."""
    return polygon_county(tmp_path_factory.mktemp("lcpoly"))


def test_polygons_burn_the_class_raster_they_were_drawn_from(projects: dict[str, Any],
                                                             tmp_path: Path) -> None:
    project = Project.load(projects["polygons"])
    prep = prepare_inputs(project, ["lc"], workdir=tmp_path / "aligned")
    with rasterio.open(prep.paths["lc"]) as ds, \
            rasterio.open(projects["folder"] / "lc.tif") as ref:
        burnt, expected = ds.read(1), ref.read(1)
        assert ds.crs == ref.crs
        # the polygons' extent is the county's: the grid covers it, on the same cell edges
        col, row = ~ref.transform @ (ds.transform.c, ds.transform.f)
        assert (col, row) == (round(col), round(row))
        window = expected[int(row):int(row) + ds.height, int(col):int(col) + ds.width]
    assert burnt.dtype == np.uint8 and np.array_equal(burnt, window)


def test_polygons_and_raster_give_the_same_carbon_and_plan(projects: dict[str, Any],
                                                           tmp_path: Path) -> None:
    results = {}
    for kind in ("raster", "polygons"):
        project = Project.load(projects[kind])
        assert [i.message("en") for i in validate_project(project)
                if i.severity == "error"] == []
        summary = run_project(project, tmp_path / kind).summary
        planner, _ = build_planner(project)
        proj = planner.project(Scenario("base"))
        results[kind] = (summary["stock_bas_tC"], summary["area_bas_ha"],
                         proj.totals(2020)["carbon_stock_tC"], proj.totals(2020)["land_area_ha"])
    assert results["polygons"] == pytest.approx(results["raster"], rel=1e-12)
    assert results["polygons"][0] == pytest.approx(results["polygons"][2], rel=1e-9)


def _variant(projects: dict[str, Any], tmp_path: Path, old: str, new: str) -> Project:
    text = projects["polygons"].read_text(encoding="utf-8")
    assert old in text
    path = projects["folder"] / f"variant-{tmp_path.name}.toml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return Project.load(path)


def test_mistakes_are_named(projects: dict[str, Any], tmp_path: Path) -> None:
    gpkg = str(projects["folder"] / "dltb.gpkg")
    # no class field named
    p = Project.load(projects["no_field"])
    with pytest.raises(InputError) as err:
        prepare_inputs(p, ["lc"], workdir=tmp_path / "a")
    assert err.value.code == "landcover_class_field" and gpkg in err.value.message("en")
    assert "DLBM, DLMC" in err.value.message("en")
    assert [i.code for i in validate_project(p) if i.severity == "error"] == \
        ["landcover_class_field"]
    # a field the file does not have
    p = _variant(projects, tmp_path, 'class = "DLBM"', 'class = "DLMB"')
    with pytest.raises(InputError, match="DLMB"):
        prepare_inputs(p, ["lc"], workdir=tmp_path / "b")
    # no cell size for a grid made from polygons
    p = Project.load(projects["no_resolution"])
    with pytest.raises(InputError) as err:
        prepare_inputs(p, ["lc"], workdir=tmp_path / "c")
    assert err.value.code == "grid_resolution_needed" and "[grid]" in err.value.message("en")
    assert "分析格网" in err.value.message("zh")


def test_survey_codes_the_legend_lacks_are_listed(projects: dict[str, Any],
                                                  tmp_path: Path) -> None:
    folder = projects["folder"]
    p = Project.load(projects["unknown"])  # 1003 rural roads ×3, 1202 facility farmland ×1
    with pytest.raises(InputError) as err:
        prepare_inputs(p, ["lc"], workdir=tmp_path / "a")
    text = err.value.message("en")
    assert "1003 (3), 1202 (1)" in text and "'sandiao'" in text
    assert str(folder / "dltb_roads.gpkg") in text
    issues = [i for i in validate_project(p) if i.severity == "error"]
    assert [i.code for i in issues] == ["landcover_values_unknown"]
    # completed legend: the roads become built-up (code 10), and the burn follows
    legend = read_legend_text(folder / "tables" / "legend.csv")
    legend.loc[legend["code"] == "10", "sandiao"] = "20;1003;1202"
    legend.to_csv(folder / "tables" / "legend.csv", index=False, encoding="utf-8")
    try:
        prep = prepare_inputs(Project.load(p.path), ["lc"], workdir=tmp_path / "b")
        with rasterio.open(prep.paths["lc"]) as ds:
            burnt = ds.read(1)
        assert (burnt == 10).sum() > 0
    finally:
        shutil.copy(DEMO / "tables" / "legend.csv", folder / "tables" / "legend.csv")
    assert pd.read_csv(folder / "tables" / "legend.csv", dtype=str)["sandiao"].iloc[0] == "01"
