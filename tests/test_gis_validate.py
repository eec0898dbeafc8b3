"""Input checks (gis.validate): each bad input gets an Issue whose message names the file."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from affine import Affine
from conftest import ORIGIN_M
from shapely.geometry import Polygon, box

from gis.errors import ClassCodeError, TableError
from gis.readers import open_layer
from gis.tables import Column, TableSchema
from gis.validate import (
    Issue,
    check_classes,
    check_file,
    check_layer,
    check_overlap,
    check_table,
    class_histogram,
    errors,
    has_errors,
)

X0, Y0 = ORIGIN_M


def codes(issues: list[Issue]) -> list[str]:
    return [i.code for i in issues]


def test_issue_message_languages_and_errors() -> None:
    issue = Issue("error", "file_missing", {}, "/data/lc.tif")
    assert issue.message("en").startswith("/data/lc.tif: file not found")
    assert "找不到文件" in issue.message("zh")
    assert str(issue).startswith("error: /data/lc.tif")
    with pytest.raises(ValueError):
        Issue("fatal", "x")  # type: ignore[arg-type]
    err = Issue("error", "table_value", {"row": 3, "column": "c", "value": "x",
                                         "problem": "bad"}, "t.csv").to_error(TableError)
    assert isinstance(err, TableError) and "row 3" in str(err)
    assert Issue.from_error(err) == Issue("error", "table_value",
                                          {"row": 3, "column": "c", "value": "x",
                                           "problem": "bad"}, "t.csv")
    assert errors([issue, Issue("info", "x")]) == [issue] and has_errors([issue])


def test_check_file(tmp_path: Path, class_raster: Path) -> None:
    assert check_file(class_raster) == []
    missing = check_file(tmp_path / "nope.tif")
    assert codes(missing) == ["file_missing"] and "nope.tif" in missing[0].message()
    empty = tmp_path / "empty.tif"
    empty.write_bytes(b"")
    issues = check_file(empty)
    assert codes(issues) == ["file_unreadable"] and "empty.tif" in issues[0].message()
    other = tmp_path / "a.docx"
    other.write_bytes(b"x")
    assert check_file(other) == []  # any kind of file; the format is check_layer's business
    assert codes(check_layer(other)) == ["format_unsupported"]


def test_check_layer_bad_inputs(tmp_path: Path, make_raster: Callable[..., Path],
                                make_vector: Callable[..., Path]) -> None:
    assert codes(check_layer(tmp_path / "gone.gpkg")) == ["file_missing"]
    broken = tmp_path / "broken.tif"
    broken.write_bytes(b"II*\x00garbage")
    [issue] = check_layer(broken)
    assert issue.code == "file_unreadable" and "broken.tif" in issue.message()
    nocrs = make_raster(np.ones((3, 3), np.uint8), "nocrs.tif", crs=None)
    [issue] = check_layer(nocrs)
    assert issue.code == "no_crs" and issue.severity == "error"
    assert "nocrs.tif" in issue.message() and "坐标参考系" in issue.message("zh")
    assert check_layer(nocrs, crs="EPSG:4547") == []

    towns = make_vector([box(0, 0, 1, 1)], "towns.shp", encoding="GBK", XZMC=["城关镇"])
    towns.with_suffix(".cpg").unlink()
    [issue] = check_layer(towns)
    assert issue.code == "encoding_undeclared" and issue.params["guess"] == "GBK"
    assert "towns.shp" in issue.message()
    assert check_layer(towns, encoding="GBK") == []


def test_check_layer_geometries(make_vector: Callable[..., Path]) -> None:
    bowtie = Polygon([(0, 0), (1, 1), (1, 0), (0, 1)])
    path = make_vector([box(0, 0, 1, 1), None, bowtie, Polygon()], "messy.gpkg", v=[1, 2, 3, 4])
    issues = check_layer(path)
    assert codes(issues) == ["geometry_empty", "geometry_invalid"]
    assert all(i.severity == "warning" for i in issues)
    assert "feature ids 2, 4" in issues[0].message()
    assert "feature ids 3" in issues[1].message() and "messy.gpkg" in issues[1].message()


def test_check_layer_empty_layer(tmp_path: Path) -> None:
    import geopandas as gpd

    path = tmp_path / "none.gpkg"
    gpd.GeoDataFrame({"v": []}, geometry=[], crs="EPSG:4547").to_file(path)
    assert codes(check_layer(path)) == ["layer_empty"]


def test_check_overlap(class_raster: Path, make_raster: Callable[..., Path]) -> None:
    grid = open_layer(class_raster).spec  # type: ignore[attr-defined]
    assert check_overlap(open_layer(class_raster), grid) == []
    far = make_raster(np.ones((4, 4), np.uint8), "far.tif",
                      transform=Affine(30, 0, X0 + 90_000, 0, -30, Y0))
    [issue] = check_overlap(open_layer(far), grid)
    assert issue.code == "no_overlap" and "far.tif" in issue.message()
    assert "EPSG:4547" in issue.message()
    # geographic layer far away from the GK grid
    geo = make_raster(np.ones((4, 4), np.uint8), "geo.tif", crs="EPSG:4490",
                      transform=Affine(0.01, 0, 100.0, 0, -0.01, 40.0))
    assert codes(check_overlap(open_layer(geo), grid)) == ["no_overlap"]


def test_class_histogram_block_by_block(make_raster: Callable[..., Path],
                                        classes_10x10: np.ndarray) -> None:
    assert class_histogram(make_raster(classes_10x10, "c.tif")) == {1: 45, 2: 45, 3: 5}
    big = np.zeros((300, 300), np.uint8)
    big[:100] = 4
    big[100:, :7] = 250
    tiled = make_raster(big, "tiled.tif", tiled=True, blockxsize=64, blockysize=64)
    assert class_histogram(tiled) == {4: 30_000, 250: 1400}


def test_check_classes_lists_unknown_codes_with_counts(class_raster: Path) -> None:
    assert check_classes(class_raster, [1, 2, 3], table_name="legend.csv") == []
    [issue] = check_classes(class_raster, [1], table_name="carbon_pools.csv")
    assert issue.code == "classes_missing" and issue.severity == "error"
    msg = issue.message("en")
    assert msg.startswith(str(class_raster))
    assert "2 class code(s) are not in carbon_pools.csv: 2 (45 px), 3 (5 px)" in msg
    assert "2 (45 px), 3 (5 px)" in issue.message("zh")
    err = issue.to_error(ClassCodeError)
    assert isinstance(err, ClassCodeError) and err.counts == {2: 45, 3: 5}
    assert pickle.loads(pickle.dumps(err)).counts == {2: 45, 3: 5}
    assert codes(check_classes(Path(str(class_raster) + ".gone"), [1])) == ["file_missing"]


def test_check_table(tmp_path: Path) -> None:
    schema = TableSchema("legend", [Column("code", "int", min=0), Column("class", "str")],
                         key="code")
    p = tmp_path / "legend.csv"
    p.write_text("code,klass\n1,forest\n", encoding="utf-8")
    [issue] = check_table(p, schema)
    assert issue.code == "table_columns" and "legend.csv" in issue.message()
    assert "missing column(s) class" in issue.message()
    p.write_text("code,class\n1,forest\nx,crop\n", encoding="utf-8")
    [issue] = check_table(p, schema)
    assert "row 3, column 'code': not a number (value 'x')" in issue.message()
