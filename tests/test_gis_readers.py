"""Reader registry and layers (gis.readers, gis.layers): metadata, lazy reads, bad inputs."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import CELL_M, GEO_CRS, METRE_CRS, ORIGIN_M, write_raster
from shapely.geometry import Polygon, box

from gis.errors import CRSError, EncodingError, InputError, MissingFileError, UnreadableError
from gis.layers import RasterLayer, VectorLayer
from gis.readers import (
    dbf_text_encoding,
    file_dialog_filters,
    find_reader,
    open_layer,
    register_reader,
    supported_patterns,
)

X0, Y0 = ORIGIN_M


# ---- registry ---------------------------------------------------------------------------------


def test_supported_patterns_cover_the_usual_formats() -> None:
    pats = supported_patterns()
    for p in ("*.tif", "*.tiff", "*.img", "*.vrt", "*.asc", "*.gpkg", "*.shp", "*.geojson",
              "*.json", "*.zip"):
        assert p in pats
    assert set(supported_patterns("raster")) >= {"*.tif", "*.asc"}
    assert "*.tif" not in supported_patterns("vector")
    assert "Raster (*.tif" in file_dialog_filters()
    assert "栅格" in file_dialog_filters("zh")


def test_dispatch_is_case_insensitive_and_by_pattern(tmp_path: Path) -> None:
    assert find_reader(tmp_path / "A.TIF") is not None
    assert find_reader(tmp_path / "a.tif").kind == "raster"  # type: ignore[union-attr]
    assert find_reader(tmp_path / "b.gpkg").kind == "vector"  # type: ignore[union-attr]
    assert find_reader(tmp_path / "c.xyz123") is None


def test_register_reader_adds_a_format(tmp_path: Path, class_raster: Path) -> None:
    from gis import readers

    calls: list[Path] = []

    def reader(path: Path, **opts: object) -> RasterLayer:
        calls.append(path)
        return readers.read_raster(class_raster)

    entry = register_reader(["*.mytif"], reader, "raster")
    try:
        f = tmp_path / "x.mytif"
        f.write_bytes(b"x")
        layer = open_layer(f)
        assert calls == [f] and isinstance(layer, RasterLayer)
        assert "*.mytif" in supported_patterns("raster")
    finally:
        readers._REGISTRY.remove(entry)


# ---- rasters --------------------------------------------------------------------------------------


def test_raster_metadata_and_reads(class_raster: Path, classes_10x10: np.ndarray) -> None:
    layer = open_layer(class_raster)
    assert isinstance(layer, RasterLayer) and layer.kind == "raster"
    assert layer.name == "classes"
    assert layer.crs.to_epsg() == 4547
    assert layer.spec.shape == (10, 10)
    assert layer.res == (CELL_M, CELL_M)
    assert layer.bounds == pytest.approx((X0, Y0 - 300, X0 + 300, Y0))
    assert layer.nodata == 0 and layer.dtype == "uint8" and layer.count == 1
    assert layer.spec.pixel_area_ha() == pytest.approx(0.09)
    np.testing.assert_array_equal(layer.read(), classes_10x10)
    win = layer.read(window=rasterio.windows.Window(5, 8, 5, 2))
    np.testing.assert_array_equal(win, [[2] * 5, [3] * 5])
    masked = layer.read(masked=True)
    assert int(masked.mask.sum()) == 5
    small = layer.read(out_shape=(5, 5))
    assert small.shape == (5, 5)


def test_decimated_reads_use_overviews(make_raster: Callable[..., Path]) -> None:
    a = np.arange(64 * 64, dtype=np.uint16).reshape(64, 64)
    path = make_raster(a, "ovr.tif", nodata=None)
    with rasterio.open(path, "r+") as ds:
        ds.build_overviews([2, 4], rasterio.enums.Resampling.nearest)
        ds.write(np.zeros((64, 64), np.uint16), 1)  # full-resolution now differs from overviews
    layer = open_layer(path)
    assert isinstance(layer, RasterLayer)
    assert layer.overviews == [2, 4]
    preview = layer.read(out_shape=(16, 16))
    assert preview.max() > 0  # came from the overview, not the zeroed full resolution
    assert layer.read().max() == 0


def test_geographic_cgcs2000_raster(make_raster: Callable[..., Path]) -> None:
    t = Affine(0.001, 0, 114.0, 0, -0.001, 22.6)
    layer = open_layer(make_raster(np.ones((10, 10), np.uint8), "geo.tif", crs=GEO_CRS,
                                   transform=t))
    assert isinstance(layer, RasterLayer)
    assert layer.crs.to_epsg() == 4490 and layer.spec.is_geographic
    rows = layer.spec.row_area_ha()
    # 0.001° × 0.001° near 22.6°N: ~102.8 m × ~110.8 m ≈ 1.14 ha, shrinking northwards
    assert rows[0] == pytest.approx(1.139, rel=2e-3)
    assert rows[0] < rows[-1]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as ei:
        open_layer(tmp_path / "gone.tif")
    assert "gone.tif: file not found" in str(ei.value)


def test_unreadable_raster(tmp_path: Path) -> None:
    bad = tmp_path / "broken.tif"
    bad.write_bytes(b"II*\x00 this is not really a tiff")
    with pytest.raises(UnreadableError) as ei:
        open_layer(bad)
    msg = str(ei.value)
    assert ei.value.code == "file_unreadable"
    assert "broken.tif" in msg and "cannot be read as raster data" in msg


def test_unsupported_format(tmp_path: Path) -> None:
    f = tmp_path / "notes.docx"
    f.write_bytes(b"x")
    with pytest.raises(UnreadableError) as ei:
        open_layer(f)
    assert ei.value.code == "format_unsupported"
    assert "notes.docx" in str(ei.value) and "*.tif" in str(ei.value)


def test_raster_without_crs_needs_an_override(make_raster: Callable[..., Path]) -> None:
    path = make_raster(np.ones((10, 10), np.uint8), "nocrs.tif", crs=None)
    with pytest.raises(CRSError) as ei:
        open_layer(path)
    assert ei.value.code == "no_crs"
    assert "nocrs.tif" in str(ei.value) and "EPSG:4547" in str(ei.value)
    layer = open_layer(path, crs="EPSG:4547")
    assert layer.crs.to_epsg() == 4547 and layer.crs_overridden
    with pytest.raises(CRSError) as ei2:
        open_layer(path, crs="EPSG:99999999")
    assert ei2.value.code == "crs_invalid"


def test_ascii_grid_without_prj(tmp_path: Path) -> None:
    asc = tmp_path / "dem.asc"
    asc.write_text("ncols 2\nnrows 2\nxllcorner 500000\nyllcorner 2500000\ncellsize 30\n"
                   "NODATA_value -9999\n1 2\n3 -9999\n")
    with pytest.raises(CRSError):
        open_layer(asc)
    layer = open_layer(asc, crs=4547)
    assert isinstance(layer, RasterLayer) and layer.nodata == -9999
    assert layer.read(masked=True).sum() == 6


def test_rotated_raster_is_refused(make_raster: Callable[..., Path]) -> None:
    t = Affine(30, 5, X0, 5, -30, Y0)
    path = make_raster(np.ones((4, 4), np.uint8), "rot.tif", transform=t)
    with pytest.raises(UnreadableError) as ei:
        open_layer(path)
    assert ei.value.code == "rotated_grid" and "rot.tif" in str(ei.value)


# ---- vectors --------------------------------------------------------------------------------------


def _townships() -> tuple[list[Polygon], dict[str, list[str]]]:
    geoms = [box(X0, Y0 - 300, X0 + 150, Y0), box(X0 + 150, Y0 - 300, X0 + 300, Y0)]
    return geoms, {"XZDM": ["440101", "440102"], "XZMC": ["城关镇", "沙井镇"]}


def test_geopackage_layer(make_vector: Callable[..., Path]) -> None:
    geoms, cols = _townships()
    path = make_vector(geoms, "towns.gpkg", **cols)
    layer = open_layer(path)
    assert isinstance(layer, VectorLayer) and layer.kind == "vector"
    assert layer.feature_count == 2 and layer.geometry_type == "Polygon"
    assert set(layer.fields) == {"XZDM", "XZMC"}
    assert layer.bounds == pytest.approx((X0, Y0 - 300, X0 + 300, Y0))
    gdf = layer.read()
    assert gdf["XZMC"].tolist() == ["城关镇", "沙井镇"]
    assert gdf.crs.to_epsg() == 4547
    assert list(gdf.index) == [1, 2] and gdf.index.name == "fid"
    part = layer.read(columns=["XZDM"], bbox=(X0, Y0 - 300, X0 + 100, Y0))
    assert part["XZDM"].tolist() == ["440101"]
    assert "XZMC" not in part.columns


def test_geographic_geojson(make_vector: Callable[..., Path]) -> None:
    path = make_vector([box(114.0, 22.5, 114.01, 22.51)], "mangroves.geojson", crs=GEO_CRS,
                       origin=["planted"])
    layer = open_layer(path)
    assert layer.crs.to_epsg() == 4490
    assert layer.read()["origin"].tolist() == ["planted"]


def test_multilayer_gpkg_picks_first_and_says_so(tmp_path: Path) -> None:
    import geopandas as gpd

    path = tmp_path / "multi.gpkg"
    for name in ("a", "b"):
        gpd.GeoDataFrame({"v": [1]}, geometry=[box(0, 0, 1, 1)], crs=METRE_CRS).to_file(
            path, layer=name)
    layer = open_layer(path)
    assert isinstance(layer, VectorLayer) and layer.layer_name == "a"
    assert [i.code for i in layer.issues] == ["layer_choice"]
    assert open_layer(path, layer="b").layer_name == "b"  # type: ignore[attr-defined]
    with pytest.raises(UnreadableError) as ei:
        open_layer(path, layer="c")
    assert ei.value.code == "layer_not_found" and "a, b" in str(ei.value)


def test_shapefile_with_cpg_gbk(make_vector: Callable[..., Path]) -> None:
    geoms, cols = _townships()
    path = make_vector(geoms, "towns.shp", encoding="GBK", **cols)
    assert path.with_suffix(".cpg").read_text().strip() == "GBK"
    layer = open_layer(path)
    assert isinstance(layer, VectorLayer) and layer.encoding == "GBK"
    assert layer.read()["XZMC"].tolist() == ["城关镇", "沙井镇"]


def test_undeclared_gbk_shapefile_is_refused(make_vector: Callable[..., Path]) -> None:
    geoms, cols = _townships()
    path = make_vector(geoms, "towns.shp", encoding="GBK", **cols)
    path.with_suffix(".cpg").unlink()
    raw = path.with_suffix(".dbf").read_bytes()
    assert "城关镇".encode("gbk") in raw  # really GBK bytes in the .dbf
    with pytest.raises(EncodingError) as ei:
        open_layer(path)
    err = ei.value
    assert err.code == "encoding_undeclared"
    assert "towns.shp" in str(err) and "GBK" in str(err) and ".cpg" in str(err)
    assert "GBK" in err.message("zh")
    layer = open_layer(path, encoding="GBK")
    assert layer.read()["XZMC"].tolist() == ["城关镇", "沙井镇"]  # type: ignore[attr-defined]


def test_undeclared_utf8_and_ascii_shapefiles_open(make_vector: Callable[..., Path]) -> None:
    geoms, cols = _townships()
    path = make_vector(geoms, "utf.shp", encoding="UTF-8", **cols)
    path.with_suffix(".cpg").unlink()
    assert open_layer(path).read()["XZMC"].tolist() == ["城关镇", "沙井镇"]  # type: ignore[attr-defined]
    path2 = make_vector(geoms, "ascii.shp", XZDM=["1", "2"])
    path2.with_suffix(".cpg").unlink(missing_ok=True)
    assert open_layer(path2).read()["XZDM"].tolist() == ["1", "2"]  # type: ignore[attr-defined]


def test_dbf_text_encoding_guess() -> None:
    def dbf(value: bytes) -> bytes:
        header = bytearray(32)
        header[4:8] = (1).to_bytes(4, "little")
        header[8:10] = (32 + 32 + 1).to_bytes(2, "little")
        header[10:12] = (1 + 10).to_bytes(2, "little")
        field = bytearray(32)
        field[:4] = b"NAME"
        field[11] = ord("C")
        field[16] = 10
        return bytes(header + field + b"\r" + b" " + value.ljust(10, b" "))

    assert dbf_text_encoding(dbf(b"abc")) is None
    assert dbf_text_encoding(dbf("城关".encode())) == "UTF-8"
    assert dbf_text_encoding(dbf("城关镇".encode("gbk"))) == "GBK"


def test_zipped_shapefile(make_vector: Callable[..., Path], tmp_path: Path) -> None:
    geoms, cols = _townships()
    shp = make_vector(geoms, "towns.shp", encoding="GBK", **cols)
    zpath = tmp_path / "towns.zip"
    with zipfile.ZipFile(zpath, "w") as zf:
        for f in shp.parent.glob("towns.*"):
            if f.suffix != ".zip":
                zf.write(f, f"data/{f.name}")
    layer = open_layer(zpath)
    assert isinstance(layer, VectorLayer) and layer.name == "towns"
    assert layer.read()["XZMC"].tolist() == ["城关镇", "沙井镇"]


def test_vector_without_crs(tmp_path: Path) -> None:
    import geopandas as gpd

    shp = tmp_path / "noprj.shp"
    with pytest.warns(UserWarning, match="crs"):  # writing it without a CRS is the point
        gpd.GeoDataFrame({"a": [1]}, geometry=[box(0, 0, 1, 1)]).to_file(shp)
    assert not shp.with_suffix(".prj").exists()
    with pytest.raises(CRSError) as ei:
        open_layer(shp)
    assert ei.value.code == "no_crs" and "noprj.shp" in str(ei.value)
    assert open_layer(shp, crs="EPSG:4547").crs.to_epsg() == 4547


def test_unreadable_vector(tmp_path: Path) -> None:
    bad = tmp_path / "broken.gpkg"
    bad.write_bytes(b"SQLite format 3\x00garbage")
    with pytest.raises(UnreadableError) as ei:
        open_layer(bad)
    assert "broken.gpkg" in str(ei.value) and "vector" in str(ei.value)


def test_empty_and_invalid_geometries_are_dropped_and_repaired(
        make_vector: Callable[..., Path]) -> None:
    bowtie = Polygon([(X0, Y0), (X0 + 100, Y0 - 100), (X0 + 100, Y0), (X0, Y0 - 100)])
    geoms = [box(X0, Y0 - 100, X0 + 100, Y0), Polygon(), bowtie, None]
    path = make_vector(geoms, "messy.gpkg", code=[1, 2, 3, 4])
    layer = open_layer(path)
    assert isinstance(layer, VectorLayer)
    gdf = layer.read()
    assert gdf["code"].tolist() == [1, 3]
    assert gdf.geometry.is_valid.all()
    assert gdf.geometry.iloc[1].area == pytest.approx(5000.0)  # two triangles of the bow-tie
    by_code = {i.code: i for i in layer.issues}
    empty, invalid = by_code["geometry_empty"], by_code["geometry_invalid"]
    assert empty.params["n"] == 2 and empty.params["ids"] == "2, 4"
    assert "messy.gpkg" in empty.message("en") and "feature ids 2, 4" in empty.message("en")
    assert invalid.params["ids"] == "3" and "Self-intersection" in invalid.message("en")
    assert "make_valid" in invalid.message("en")
    layer.read()
    assert len(layer.issues) == 2  # reading again does not duplicate the issues


def test_unknown_field(make_vector: Callable[..., Path]) -> None:
    from gis.errors import GeometryError

    geoms, cols = _townships()
    layer = open_layer(make_vector(geoms, "towns.gpkg", **cols))
    with pytest.raises(GeometryError) as ei:
        layer.read(columns=["nope"])  # type: ignore[call-arg]
    assert ei.value.code == "field_missing" and "XZDM, XZMC" in str(ei.value)


def test_write_raster_helper_defaults(tmp_path: Path) -> None:
    p = write_raster(tmp_path / "h.tif", np.zeros((2, 2), np.uint8))
    with rasterio.open(p) as ds:
        assert ds.crs.to_epsg() == 4547 and ds.transform.c == X0


def test_file_geodatabase_folder(tmp_path: Path) -> None:
    import geopandas as gpd

    gdb = tmp_path / "forest.gdb"
    if "*.gdb" not in supported_patterns():  # a GDAL without the driver: a clear refusal
        gdb.mkdir()
        with pytest.raises(InputError) as exc:
            open_layer(gdb)
        assert str(gdb) in str(exc.value)
        return
    gdf = gpd.GeoDataFrame({"xb_id": ["001"]}, geometry=[box(X0, Y0 - 30, X0 + 30, Y0)],
                           crs=METRE_CRS)
    gdf.to_file(gdb, driver="OpenFileGDB", layer="xiaoban")
    layer = open_layer(gdb)
    assert isinstance(layer, VectorLayer) and layer.layer_name == "xiaoban"
    assert layer.read()["xb_id"].tolist() == ["001"]


def test_kml_when_available(tmp_path: Path) -> None:
    kml = tmp_path / "site.kml"
    kml.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2">'
        "<Document><Placemark><name>红树林</name><Polygon><outerBoundaryIs><LinearRing>"
        "<coordinates>114.0,22.5 114.01,22.5 114.01,22.51 114.0,22.5</coordinates>"
        "</LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>",
        encoding="utf-8")
    if "*.kml" not in supported_patterns():  # a GDAL without the driver: a clear refusal
        with pytest.raises(InputError) as exc:
            open_layer(kml)
        assert str(kml) in str(exc.value)
        return
    layer = open_layer(kml)
    assert isinstance(layer, VectorLayer) and layer.crs.to_epsg() == 4326
    assert layer.feature_count == 1
