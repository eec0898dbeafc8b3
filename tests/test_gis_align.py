"""Alignment (gis.align): reference grids, resampling rules, rasterizing, caching, area."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import CELL_M, GEO_CRS, METRE_CRS, ORIGIN_M
from hypothesis import given, settings
from hypothesis import strategies as st
from rasterio.features import rasterize as rio_rasterize
from shapely.geometry import box

from gis.align import (
    AlignItem,
    CodePart,
    _rasterize,
    align_codes,
    align_layers,
    align_raster,
    cache_key,
    choose_resampling,
    id_dtype,
    iter_blocks,
    majority,
    rasterize_vector,
    reference_grid,
)
from gis.errors import CancelledError, ExtentError, InputError
from gis.grid import GridSpec
from gis.layers import RasterLayer, VectorLayer
from gis.readers import open_layer

X0, Y0 = ORIGIN_M


def read(path: Path) -> tuple[np.ndarray, rasterio.profiles.Profile]:
    with rasterio.open(path) as ds:
        return ds.read(1), ds.profile


def grid_at(cell: float, n: int) -> GridSpec:
    """An n×n grid at ``cell`` metres over the same 300 m square as the 10×10 fixtures."""
    return GridSpec(rasterio.crs.CRS.from_user_input(METRE_CRS),
                    Affine(cell, 0, X0, 0, -cell, Y0), n, n, 0)


def raster(path: Path) -> RasterLayer:
    layer = open_layer(path)
    assert isinstance(layer, RasterLayer)
    return layer


# ---- reference grid -----------------------------------------------------------------------------


def test_reference_grid_defaults_to_the_reference_raster(class_raster: Path) -> None:
    layer = raster(class_raster)
    assert reference_grid([layer]) == layer.spec
    assert reference_grid([layer], reference="classes") == layer.spec
    # overrides restating the reference's CRS and cell size keep its grid (no snapping shift)
    assert reference_grid([layer], crs="EPSG:4547", resolution=30) == layer.spec


def test_reference_grid_with_resolution_and_crs(class_raster: Path) -> None:
    layer = raster(class_raster)
    g60 = reference_grid([layer], resolution=60)
    # snapped outwards to multiples of 60 m: 499 980 … 500 340 covers 500 000 … 500 300
    assert g60.shape == (6, 6)
    assert g60.bounds == pytest.approx((499_980, 2_499_660, 500_340, 2_500_020))
    g = reference_grid([layer], crs="EPSG:4490", resolution=0.0005)
    assert g.crs.to_epsg() == 4490 and g.res == (0.0005, 0.0005)
    left, bottom, right, top = g.bounds
    # the 300 m square at 114°E, ~22.6°N, snapped outwards to 0.0005° multiples
    assert left <= 114.0 < right and 22.5 < bottom < top < 22.7
    assert (left / 0.0005) == pytest.approx(round(left / 0.0005))
    auto = reference_grid([layer], crs="EPSG:4490")
    assert auto.res[0] == pytest.approx(30 / 103_000, rel=0.1)  # ≈ 30 m in degrees


def test_reference_grid_from_vectors_needs_resolution(make_vector: Callable[..., Path]) -> None:
    v = open_layer(make_vector([box(X0 + 10, Y0 - 290, X0 + 290, Y0 - 10)], "b.gpkg"))
    with pytest.raises(ValueError):
        reference_grid([v])
    g = reference_grid([v], resolution=30)
    left, bottom, right, top = g.bounds
    assert g.res == (30.0, 30.0) and left % 30 == 0 and top % 30 == 0  # snapped to 30 m
    assert left <= X0 + 10 and bottom <= Y0 - 290 and right >= X0 + 290 and top >= Y0 - 10
    assert right - (X0 + 290) < 30 and top - (Y0 - 10) < 30


# ---- rasters ----------------------------------------------------------------------------------


def test_raster_on_the_grid_is_returned_unchanged(class_raster: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.tif"
    assert align_raster(class_raster, raster(class_raster).spec, out) == class_raster
    assert not out.exists()


def test_resampling_choice() -> None:
    g30, g60, g15 = grid_at(30, 10), grid_at(60, 5), grid_at(15, 20)
    assert choose_resampling(g30, g60, "classes") == "mode"
    assert choose_resampling(g30, g15, "classes") == "nearest"
    assert choose_resampling(g30, g30, "classes") == "nearest"
    assert choose_resampling(g30, g60, "continuous") == "average"
    assert choose_resampling(g30, g15, "continuous") == "bilinear"


def test_classes_to_a_finer_grid_use_nearest(class_raster: Path, classes_10x10: np.ndarray,
                                             tmp_path: Path) -> None:
    out = align_raster(class_raster, grid_at(15, 20), tmp_path / "fine.tif", kind="classes")
    arr, prof = read(out)
    np.testing.assert_array_equal(arr, np.kron(classes_10x10, np.ones((2, 2), np.uint8)))
    assert prof["nodata"] == 0 and prof["dtype"] == "uint8" and prof["tiled"]


def test_classes_to_a_coarser_grid_use_the_mode(make_raster: Callable[..., Path],
                                                tmp_path: Path) -> None:
    # each 2×2 block: three cells of one class, one of another → the majority wins
    a = np.zeros((10, 10), np.uint8)
    expected = np.zeros((5, 5), np.uint8)
    rng = np.random.default_rng(7)
    for r in range(5):
        for c in range(5):
            major, minor = rng.choice([0, 1, 2, 3, 4], size=2, replace=False)
            block = np.full(4, major, np.uint8)
            block[rng.integers(4)] = minor
            a[2 * r:2 * r + 2, 2 * c:2 * c + 2] = block.reshape(2, 2)
            expected[r, c] = major
    src = make_raster(a, "mix.tif")
    arr, prof = read(align_raster(src, grid_at(60, 5), tmp_path / "coarse.tif"))
    np.testing.assert_array_equal(arr, expected)  # nodata 0 votes too: 3×0 + 1×c → nodata
    with rasterio.open(tmp_path / "coarse.tif") as ds:
        assert ds.tags()["resampling"] == "mode"


def test_majority_ties_go_to_the_centre_value() -> None:
    fine = np.array([[1, 1, 2], [3, 3, 3], [3, 2, 1]], np.uint8)  # 3 has four votes
    assert majority(fine, 3)[0, 0] == 3
    tie = np.array([[1, 2, 1], [2, 2, 1], [3, 3, 4]], np.uint8)  # 1 and 2 have 3 votes each
    assert majority(tie, 3)[0, 0] == 2  # the centre's value


def test_continuous_average_and_nodata(make_raster: Callable[..., Path], tmp_path: Path) -> None:
    a = np.arange(100, dtype=np.float32).reshape(10, 10)
    a[0, 0] = -9999
    src = make_raster(a, "vol.tif", nodata=-9999)
    arr, prof = read(align_raster(src, grid_at(60, 5), tmp_path / "avg.tif", kind="continuous"))
    assert prof["nodata"] == -9999 and prof["dtype"] == "float32"
    expected = a.reshape(5, 2, 5, 2).mean(axis=(1, 3))
    expected[0, 0] = (1 + 10 + 11) / 3  # nodata cell left out of the mean
    np.testing.assert_allclose(arr, expected, rtol=1e-6)


def test_continuous_bilinear_reproduces_a_ramp(make_raster: Callable[..., Path],
                                               tmp_path: Path) -> None:
    cols = np.arange(10, dtype=np.float32)
    a = np.tile(cols * 10.0, (10, 1))  # value = 10 × column index (at cell centres)
    src = make_raster(a, "ramp.tif", nodata=None)
    arr, _ = read(align_raster(src, grid_at(15, 20), tmp_path / "bil.tif", kind="continuous"))
    # fine cell j has its centre at column (j + 0.5) / 2 - 0.5 of the source centres
    j = np.arange(2, 18)
    np.testing.assert_allclose(arr[5, 2:18], 10.0 * ((j + 0.5) / 2 - 0.5), atol=1e-4)


def test_integer_continuous_is_written_as_float(make_raster: Callable[..., Path],
                                                tmp_path: Path) -> None:
    a = np.arange(100, dtype=np.int16).reshape(10, 10)
    arr, prof = read(align_raster(make_raster(a, "age.tif", nodata=None), grid_at(60, 5),
                                  tmp_path / "age60.tif", kind="continuous"))
    assert prof["dtype"] == "float32" and arr[0, 0] == pytest.approx(5.5)


def test_no_overlap_raster(make_raster: Callable[..., Path], tmp_path: Path) -> None:
    far = make_raster(np.ones((10, 10), np.uint8), "far.tif",
                      transform=Affine(30, 0, X0 + 50_000, 0, -30, Y0))
    with pytest.raises(ExtentError) as ei:
        align_raster(far, grid_at(30, 10), tmp_path / "x.tif")
    assert ei.value.code == "no_overlap"
    assert "far.tif" in str(ei.value) and "does not overlap" in str(ei.value)
    assert not (tmp_path / "x.tif").exists()


def test_cancel_leaves_no_file_and_progress_reaches_one(class_raster: Path,
                                                        tmp_path: Path) -> None:
    out = tmp_path / "c" / "cancelled.tif"
    with pytest.raises(CancelledError):
        align_raster(class_raster, grid_at(15, 20), out, cancel=lambda: True)
    assert not out.exists() and list(out.parent.iterdir()) == []
    seen: list[float] = []
    align_raster(class_raster, grid_at(15, 20), out, progress=lambda f, m: seen.append(f))
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


# ---- area conservation between CGCS2000 GK and geographic CGCS2000 ------------------------------


def _class_areas(path: Path) -> dict[int, float]:
    layer = raster(path)
    a = layer.read()
    rows = layer.spec.row_area_ha()[:, None]
    return {int(c): float((rows * (a == c)).sum()) for c in np.unique(a) if c != layer.nodata}


def test_area_is_conserved_between_gk_and_geographic(make_raster: Callable[..., Path],
                                                     tmp_path: Path) -> None:
    # 44 × 44 km at 100 m in EPSG:4547 around 114°E / 22.6°N: four 20 × 20 km class blocks
    # inside a 2 km nodata margin.
    res, n = 100.0, 440
    a = np.zeros((n, n), np.uint8)
    a[20:220, 20:220] = 1
    a[20:220, 220:420] = 2
    a[220:420, 20:220] = 4
    a[220:420, 220:420] = 9
    src = make_raster(a, "lc_gk.tif", transform=Affine(res, 0, 478_000, 0, -res, 2_522_000))
    before = _class_areas(src)
    assert before == pytest.approx({1: 40_000.0, 2: 40_000.0, 4: 40_000.0, 9: 40_000.0})
    layer = raster(src)
    geo = reference_grid([layer], crs=GEO_CRS, resolution=0.001)  # ≈ 103 m × 111 m cells
    geo_path = align_raster(layer, geo, tmp_path / "lc_geo.tif", kind="classes")
    after = _class_areas(geo_path)
    for code, ha in before.items():
        assert after[code] == pytest.approx(ha, rel=0.005), code
    back = align_raster(raster(geo_path), layer.spec, tmp_path / "lc_back.tif")
    again = _class_areas(back)
    for code, ha in before.items():
        assert again[code] == pytest.approx(ha, rel=0.005), code


# ---- vectors -------------------------------------------------------------------------------------


def test_rasterize_feature_ids_and_attribute(make_vector: Callable[..., Path],
                                            tmp_path: Path) -> None:
    geoms = [box(X0, Y0 - 150, X0 + 150, Y0),            # top-left 5×5 cells
             box(X0, Y0 - 150, X0, Y0),                  # zero-area: invalid, repairs to empty
             box(X0 + 150, Y0 - 300, X0 + 300, Y0 - 150),  # bottom-right 5×5 cells
             box(X0 + 100, Y0 - 100, X0 + 110, Y0 - 95)]   # sliver inside one cell
    path = make_vector(geoms, "parcels.gpkg", volume=[120.5, 0.0, 80.0, 5.0],
                       label=["a", "x", "b", "c"])
    g = grid_at(CELL_M, 10)
    ids, prof = read(rasterize_vector(open_layer(path), g, tmp_path / "ids.tif"))
    assert prof["dtype"] == "uint8" and prof["nodata"] == 0
    assert (ids == 1).sum() == 25 and (ids[:5, :5] == 1).all()
    # the zero-area box is dropped, so ids follow the remaining rows: 1, 2, 3
    assert (ids == 2).sum() == 25 and (ids[5:, 5:] == 2).all()
    assert (ids == 3).sum() == 0  # the sliver covers no cell centre …
    touched, _ = read(rasterize_vector(open_layer(path), g, tmp_path / "t.tif",
                                       all_touched=True))
    assert (touched == 3).sum() == 1  # … but touches one cell
    vol, prof = read(rasterize_vector(open_layer(path), g, tmp_path / "vol.tif",
                                      attribute="volume"))
    assert prof["dtype"] == "float32"
    assert vol[0, 0] == pytest.approx(120.5) and vol[9, 9] == pytest.approx(80.0)


def test_feature_ids_use_the_smallest_integer_type(tmp_path: Path) -> None:
    assert [id_dtype(n).name for n in (0, 255, 256, 65535, 65536)] == \
        ["uint8", "uint8", "uint16", "uint16", "int32"]
    cells = [box(X0 + 30 * (i % 10), Y0 - 30 * (i // 10) - 30, X0 + 30 * (i % 10) + 30,
                 Y0 - 30 * (i // 10)) for i in range(100)]
    gdf = gpd.GeoDataFrame({"k": range(300)}, geometry=cells * 3, crs=METRE_CRS)  # 300 ids
    ids, prof = read(rasterize_vector(gdf, grid_at(CELL_M, 10), tmp_path / "ids.tif"))
    assert prof["dtype"] == "uint16"
    assert ids[0, 0] == 201 and ids[9, 9] == 300  # later rows win


def test_align_codes_packs_layers_into_bit_fields(make_vector: Callable[..., Path],
                                                 tmp_path: Path) -> None:
    left = box(X0, Y0 - 300, X0 + 150, Y0)        # columns 0-4
    top = box(X0, Y0 - 90, X0 + 300, Y0)          # rows 0-2
    corner = box(X0 + 240, Y0 - 300, X0 + 300, Y0 - 240)  # rows/columns 8-9
    zones = make_vector([left, corner], "zones.gpkg", zone=[" Core", "general"])
    mask = make_vector([top], "mask.gpkg", label=["m"])
    grades = make_vector([corner, top], "grades.gpkg", grade=["severe", None])
    codes = (("core", 1), ("general", 2))
    parts = [CodePart(open_layer(zones), 0, "zone", codes, default=2, missing=2),
             CodePart(open_layer(mask), 0, missing=4),
             CodePart(open_layer(grades), 4, "grade", (("light", 2), ("severe", 4)),
                      default=None, missing=1)]
    g = grid_at(CELL_M, 10)
    res = align_codes("z", parts, g, tmp_path / "work")
    arr, prof = read(res.paths["z"])
    assert prof["dtype"] == "uint8" and prof["nodata"] == 0
    assert arr[5, 0] == 1                  # core only
    assert arr[0, 0] == 1 | 4 | (1 << 4)   # core, mask, empty grade → missing code
    assert arr[0, 7] == 4 | (1 << 4)
    assert arr[9, 9] == 2 | (4 << 4)       # general zone, severe grade
    assert arr[5, 7] == 0
    # cached: a second call does not rasterize again
    mtime = res.paths["z"].stat().st_mtime_ns
    assert align_codes("z", parts, g, tmp_path / "work").paths["z"].stat().st_mtime_ns == mtime
    # a value outside the codes, with no default, names the file, the field and the value
    bad = make_vector([corner], "bad.gpkg", grade=["ruined"])
    with pytest.raises(InputError) as ei:
        align_codes("b", [CodePart(open_layer(bad), 4, "grade", (("light", 2),), default=None)],
                    g, tmp_path / "work")
    text = str(ei.value)
    assert "bad.gpkg" in text and "ruined" in text and "grade" in text and "light" in text


def test_rasterize_drops_empty_geometries_from_the_id_sequence(tmp_path: Path) -> None:
    from shapely.geometry import Polygon

    gdf = gpd.GeoDataFrame({"k": [10, 20, 30]},
                           geometry=[box(X0, Y0 - 30, X0 + 30, Y0), Polygon(),
                                     box(X0 + 30, Y0 - 30, X0 + 60, Y0)], crs=METRE_CRS)
    ids, _ = read(rasterize_vector(gdf, grid_at(CELL_M, 10), tmp_path / "ids.tif"))
    assert ids[0, 0] == 1 and ids[0, 1] == 2  # the third row became id 2


def test_rasterize_reprojects_geographic_vectors(tmp_path: Path) -> None:
    # a 0.01° × 0.01° square near 114°E / 22.6°N in CGCS2000 onto a 30 m GK grid
    gdf = gpd.GeoDataFrame({"v": [1]}, geometry=[box(114.0, 22.58, 114.01, 22.59)], crs=GEO_CRS)
    import shapely

    poly = gdf.to_crs(METRE_CRS).geometry.iloc[0]
    g = GridSpec.from_bounds(*poly.bounds, resolution=30, crs=METRE_CRS)
    ids, _ = read(rasterize_vector(gdf, g, tmp_path / "m.tif"))
    rows, cols = np.mgrid[0:g.height, 0:g.width]
    xs, ys = g.transform @ (cols + 0.5, rows + 0.5)
    inside = shapely.contains_xy(poly, xs, ys)  # cells whose centre lies inside
    np.testing.assert_array_equal(ids == 1, inside)
    assert inside.sum() * 900 == pytest.approx(poly.area, rel=0.05)


def test_rasterize_no_overlap(tmp_path: Path) -> None:
    gdf = gpd.GeoDataFrame({"v": [1]}, geometry=[box(0, 0, 10, 10)], crs=METRE_CRS)
    gdf.attrs["source"] = "far.gpkg"
    with pytest.raises(ExtentError) as ei:
        rasterize_vector(gdf, grid_at(30, 10), tmp_path / "x.tif")
    assert "far.gpkg" in str(ei.value)


# ---- align_layers ---------------------------------------------------------------------------------


def test_align_layers_caches_and_reports(class_raster: Path, make_raster: Callable[..., Path],
                                         make_vector: Callable[..., Path],
                                         tmp_path: Path) -> None:
    grid = raster(class_raster).spec
    off = make_raster(np.full((5, 5), 7, np.uint8), "lc60.tif",
                      transform=Affine(60, 0, X0, 0, -60, Y0))
    vec = make_vector([box(X0, Y0 - 150, X0 + 150, Y0),
                       box(X0 + 150, Y0 - 300, X0 + 300, Y0 - 150)],
                      "compartments.gpkg", xb_id=["001", "002"], volume=[100.0, 50.0])
    items = [AlignItem("lc", open_layer(class_raster), "classes"),
             AlignItem("lc60", open_layer(off), "classes"),
             AlignItem("xb", open_layer(vec), "features"),
             AlignItem("vol", open_layer(vec), "attribute", attribute="volume")]
    work = tmp_path / "work"
    seen: list[float] = []
    res = align_layers(items, grid, work, progress=lambda f, m: seen.append(f))
    assert res.grid == grid and seen[-1] == 1.0
    assert res.paths["lc"] == class_raster  # already on the grid: not copied
    assert res.paths["lc60"].parent == work
    assert len(res.notices) == 1 and "lc60.tif" in res.notices[0]
    assert "aligned automatically" in res.notices[0] and "cell size 60x60 vs 30x30" in res.notices[0]
    a, _ = read(res.paths["lc60"])
    assert (a == 7).all()
    ids, _ = read(res.paths["xb"])
    assert (ids == 1).sum() == 25 and (ids == 2).sum() == 25
    table = res.tables["xb"]
    assert table.index.name == "id" and list(table.index) == [1, 2]
    assert table.loc[2, "xb_id"] == "002" and table.loc[2, "fid"] == 2
    vol, _ = read(res.paths["vol"])
    assert vol[0, 0] == 100.0 and "vol" not in res.tables

    mtimes = {k: p.stat().st_mtime_ns for k, p in res.paths.items()}
    again = align_layers(items, grid, work)
    assert again.paths == res.paths
    assert {k: p.stat().st_mtime_ns for k, p in again.paths.items()} == mtimes
    assert again.tables["xb"].equals(table)

    # a changed source gets a new key; the stale output is removed
    old_key = cache_key(items[1], grid)
    with rasterio.open(off, "r+") as ds:
        ds.write(np.full((5, 5), 8, np.uint8), 1)
    os.utime(off, ns=(mtimes["lc60"] + 10**9, mtimes["lc60"] + 10**9))
    item = AlignItem("lc60", open_layer(off), "classes")
    assert cache_key(item, grid) != old_key
    third = align_layers([item], grid, work)
    assert (read(third.paths["lc60"])[0] == 8).all()
    assert not res.paths["lc60"].exists()


def test_align_layers_refuses_layers_outside_the_grid(class_raster: Path,
                                                      make_vector: Callable[..., Path],
                                                      tmp_path: Path) -> None:
    far = make_vector([box(0, 0, 100, 100)], "far.gpkg")
    with pytest.raises(ExtentError) as ei:
        align_layers([AlignItem("far", open_layer(far), "features")],
                     raster(class_raster).spec, tmp_path / "w")
    assert "far.gpkg" in str(ei.value)


def test_align_layers_cancel(class_raster: Path, make_raster: Callable[..., Path],
                             tmp_path: Path) -> None:
    off = make_raster(np.ones((5, 5), np.uint8), "lc60.tif",
                      transform=Affine(60, 0, X0, 0, -60, Y0))
    work = tmp_path / "w"
    with pytest.raises(CancelledError):
        align_layers([AlignItem("x", open_layer(off))], raster(class_raster).spec, work,
                     cancel=lambda: True)
    assert list(work.iterdir()) == []


def test_align_layers_removes_temporary_files_of_killed_runs(class_raster: Path,
                                                             tmp_path: Path) -> None:
    from gis.align import ABANDONED_TEMP_S
    from gis.io import temp_sibling

    work = tmp_path / "w"
    work.mkdir()
    old = temp_sibling(work / "lc-0123.tif")
    fresh = temp_sibling(work / "lc-4567.tif")
    for p in (old, fresh):
        p.write_bytes(b"partial")
    then = time.time() - ABANDONED_TEMP_S - 60
    os.utime(old, (then, then))
    align_layers([AlignItem("r", open_layer(class_raster), "features")],
                 raster(class_raster).spec, work)
    assert not old.exists()
    assert fresh.exists()  # may belong to a run still writing


# ---- properties of the window maths --------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(width=st.integers(1, 90), height=st.integers(1, 90), block=st.integers(1, 40),
       cell=st.sampled_from([1.0, 30.0, 0.001]))
def test_blocks_tile_the_grid(width: int, height: int, block: int, cell: float) -> None:
    g = GridSpec(rasterio.crs.CRS.from_epsg(4547), Affine(cell, 0, 1000.0, 0, -cell, 5000.0),
                 width, height)
    seen = np.zeros(g.shape, np.int32)
    area = 0.0
    for w in iter_blocks(g, block):
        r, c, h, wd = int(w.row_off), int(w.col_off), int(w.height), int(w.width)
        seen[r:r + h, c:c + wd] += 1
        sub = g.subgrid(w)
        left, bottom, right, top = sub.bounds
        assert (left, top) == pytest.approx(g.transform @ (c, r))
        assert sub.shape == (h, wd)
        area += (right - left) * (top - bottom)
    assert (seen == 1).all()
    gl, gb, gr, gt = g.bounds
    assert area == pytest.approx((gr - gl) * (gt - gb))


boxes = st.lists(st.tuples(st.floats(0, 20), st.floats(0, 20), st.floats(0.5, 12),
                           st.floats(0.5, 12)), min_size=1, max_size=6)


@settings(max_examples=30, deadline=None)
@given(boxes=boxes, block=st.integers(1, 9), width=st.integers(3, 25),
       height=st.integers(3, 25))
def test_rasterize_by_window_equals_whole(tmp_path_factory: pytest.TempPathFactory,
                                          boxes: list[tuple[float, float, float, float]],
                                          block: int, width: int, height: int) -> None:
    cell = 30.0
    g = GridSpec(rasterio.crs.CRS.from_epsg(4547), Affine(cell, 0, X0, 0, -cell, Y0),
                 width, height, 0)
    # coordinates in cells, offset by 0.013 so that no edge passes exactly through a centre
    geoms = [box(X0 + (x + 0.013) * cell, Y0 - (y + h + 0.013) * cell,
                 X0 + (x + w + 0.013) * cell, Y0 - (y + 0.013) * cell) for x, y, w, h in boxes]
    gdf = gpd.GeoDataFrame({"k": range(len(geoms))}, geometry=geoms, crs=METRE_CRS)
    whole = rio_rasterize(zip(geoms, range(1, len(geoms) + 1), strict=True), out_shape=g.shape,
                          transform=g.transform, fill=0, dtype="int32")
    if not whole.any() and not any(
            box(*gm.bounds).intersects(box(*g.bounds)) for gm in geoms):
        return  # nothing on the grid: rasterize refuses (no_overlap), tested elsewhere
    out = tmp_path_factory.mktemp("r") / "w.tif"
    _rasterize(gdf, "t", g, out, attribute=None, dtype=None, nodata=0, all_touched=False,
               progress=None, cancel=None, block=block)
    np.testing.assert_array_equal(read(out)[0], whole)


def test_vector_layer_kind_is_used_for_rasters(class_raster: Path, tmp_path: Path) -> None:
    # a raster given with kind 'features' is aligned as classes (no table)
    res = align_layers([AlignItem("r", open_layer(class_raster), "features")],
                       raster(class_raster).spec, tmp_path / "w")
    assert res.paths["r"] == class_raster and res.tables == {}
    assert isinstance(open_layer(class_raster), RasterLayer)
    assert not isinstance(open_layer(class_raster), VectorLayer)


def test_raster_with_an_overridden_crs_is_aligned(make_raster: Callable[..., Path],
                                                  classes_10x10: np.ndarray,
                                                  tmp_path: Path) -> None:
    src = make_raster(classes_10x10, "nocrs.tif", crs=None)
    layer = open_layer(src, crs="EPSG:4547")
    grid = grid_at(30, 10)
    out = align_raster(layer, grid, tmp_path / "fixed.tif")
    assert out != src  # the file itself has no CRS, so an aligned copy carries it
    arr, prof = read(out)
    np.testing.assert_array_equal(arr, classes_10x10)
    assert prof["crs"].to_epsg() == 4547


@settings(max_examples=80, deadline=None)
@given(k=st.integers(2, 5), h=st.integers(1, 4), w=st.integers(1, 4), data=st.data())
def test_majority_matches_a_brute_force_vote(k: int, h: int, w: int,
                                             data: st.DataObject) -> None:
    from collections import Counter

    values = data.draw(st.lists(st.integers(0, 3), min_size=h * w * k * k,
                                max_size=h * w * k * k))
    fine = np.array(values, np.uint8).reshape(h * k, w * k)
    out = majority(fine, k)
    for r in range(h):
        for c in range(w):
            group = fine[r * k:(r + 1) * k, c * k:(c + 1) * k]
            counts = Counter(group.ravel().tolist())
            top = max(counts.values())
            tied = sorted(v for v, n in counts.items() if n == top)
            centre = int(group[k // 2, k // 2])
            assert out[r, c] == (centre if centre in tied else tied[0])


def test_attribute_tables_keep_few_valued_text_as_categories() -> None:
    """Few-valued text columns of big tables become categoricals (the models look them up
    once per value); unique names, gaps and numbers stay as they are; values are unchanged."""
    import pandas as pd

    from gis.align import attribute_table

    n = 2000
    gdf = gpd.GeoDataFrame({
        "forest_type": pd.array(["masson_pine", "chinese_fir"] * (n // 2), dtype="string"),
        "land_class": ["tree_forest", "bamboo", "shrub", "tree_forest"] * (n // 4),
        "xb_id": [f"XB{i:05d}" for i in range(n)],
        "origin": ["planted", None] * (n // 2),
        "age": np.arange(n)}, geometry=[box(X0, Y0 - 30, X0 + 30, Y0)] * n, crs=METRE_CRS)
    table = attribute_table(gdf)
    kinds = {c: str(table[c].dtype) for c in table.columns}
    assert kinds["forest_type"] == kinds["land_class"] == "category"
    assert kinds["xb_id"] != "category" and kinds["origin"] != "category"
    assert kinds["age"] == "int64"
    for col in ("forest_type", "land_class"):
        assert table[col].astype(str).tolist() == [str(v) for v in gdf[col]]


def test_code_values_treat_every_kind_of_missing_value_alike() -> None:
    import pandas as pd

    from gis.align import code_values

    got = code_values([None, np.nan, pd.NA, "", "  ", " Severe", "light"],
                      {"light": 2, "severe": 4}, None, 1, "g.gpkg", "grade")
    assert got.tolist() == [1, 1, 1, 1, 1, 4, 2]


def test_code_values_match_type_names_written_with_spaces_or_dashes() -> None:
    """As the carbon job matches wetland types: "Salt marsh" and "salt-marsh" are salt_marsh;
    a name that is no type gets the default."""
    from gis.align import code_values

    got = code_values(["Salt marsh", "salt-marsh", "SALT_MARSH", "tidal flat", "reed bed"],
                      {"salt_marsh": 2, "tidal_flat": 4}, 0, 0, "w.gpkg", "type")
    assert got.tolist() == [2, 2, 2, 4, 0]
