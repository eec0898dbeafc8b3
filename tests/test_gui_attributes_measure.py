"""The attribute table (Layer → Open Attribute Table) and the Measure Line / Measure Area tools
(pytest-qt, offscreen). Expected areas and distances come from pyproj.Geod on coordinates the
tests compute themselves; the ``window`` and ``no_leaks`` fixtures are in tests/conftest.py."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.gui

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"
CGCS2000 = "EPSG:4490"
GK114 = "EPSG:4547"  # CGCS2000 / 3-degree Gauss-Kruger CM 114E


def geod_of(crs: str):
    from pyproj import CRS

    return CRS(crs).get_geod()


def open_table(window, qtbot, layer_id):
    """Open ``layer_id``'s attribute table and wait until its rows are in."""
    with qtbot.waitSignal(window.layer_panel.attributes_requested, timeout=1000):
        window.layer_panel.attributes_requested.emit(layer_id)  # the context menu's entry
    panel = window.attributes
    qtbot.waitUntil(lambda: panel.table_model.table is not None, timeout=15_000)
    return panel


def column(panel, name):
    m = panel.table_model
    heads = [m.headerData(j, Qt.Orientation.Horizontal) for j in range(m.columnCount())]
    j = heads.index(name)
    return [m.data(m.index(i, j)) for i in range(m.rowCount())]


def select(panel, rows):
    """Select view rows as a user does (click, Ctrl+click, Shift+click: one selection change)."""
    sel = QItemSelection()
    for r in rows:
        sel.select(panel.table_model.index(r, 0), panel.table_model.index(r, 0))
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    panel.view.selectionModel().select(sel, flags)


# ---- a small layer written here -------------------------------------------------------------------
@pytest.fixture
def parcels(make_vector):
    """Four polygons in geographic CGCS2000 near 114°E 22.6°N (one with a hole) with Chinese
    names, integer codes and a float field."""
    from shapely.geometry import Polygon, box

    outer = box(114.00, 22.60, 114.03, 22.63)
    holed = Polygon(outer.exterior.coords, [box(114.01, 22.61, 114.02, 22.62).exterior.coords])
    geoms = [holed, box(114.05, 22.60, 114.06, 22.62), box(113.98, 22.55, 114.00, 22.56),
             Polygon([(114.08, 22.58), (114.11, 22.58), (114.095, 22.61)])]
    return make_vector(geoms, "parcels.gpkg", crs=CGCS2000,
                       parcel=["东山林场", "西岭", "南湾村", "北山林场"], code=[3, 1, 4, 2],
                       volume=[120.5, 80.25, 95.0, 150.75])


@pytest.mark.parametrize("map_crs", [GK114, CGCS2000])
def test_attribute_table_rows_filter_sort_and_area(window, qtbot, parcels, make_vector, tmp_path,
                                                   map_crs):
    import geopandas as gpd
    import shapely
    from shapely.geometry import box

    if map_crs == GK114:  # a projected layer first: the parcels are reprojected onto its map
        ref = make_vector([box(490_000, 2_490_000, 520_000, 2_520_000)], "ref.gpkg", crs=GK114,
                          n=[1])
        window.add_files([ref])
    window.add_files([parcels])
    assert window.canvas.map_crs == window.canvas.map_crs.from_user_input(map_crs)
    lid = window.model.layers[-1].id
    assert window.model.selected == lid and window.act_attributes.isEnabled()
    panel = open_table(window, qtbot, lid)
    truth = gpd.read_file(parcels)
    assert column(panel, "parcel") == list(truth["parcel"])  # the file's order, Chinese intact
    assert column(panel, "code") == [str(v) for v in truth["code"]]
    assert panel.count.text() == "4 of 4 features"
    assert window.attributes_dock.windowTitle().endswith(window.model.layer(lid).display_name("en"))

    # area: geodesic on the CGCS2000 ellipsoid, holes subtracted, whatever the map projection
    geod = geod_of(CGCS2000)
    expected = [abs(geod.geometry_area_perimeter(shapely.orient_polygons(g))[0]) / 1e4
                for g in truth.geometry]
    got = [float(v) for v in column(panel, "Area (ha)")]
    assert got == pytest.approx(expected, rel=1e-3)

    # the filter matches text in any field, any case; words must all match
    panel.set_filter("林场")
    assert column(panel, "parcel") == ["东山林场", "北山林场"]
    assert panel.count.text() == "2 of 4 features"
    panel.set_filter("林场 120.5")
    assert column(panel, "parcel") == ["东山林场"]
    panel.set_filter("")
    assert panel.table_model.rowCount() == 4

    # sorting: numbers as numbers, both ways; a cleared indicator restores the file's order
    j = [panel.table_model.headerData(k, Qt.Orientation.Horizontal)
         for k in range(panel.table_model.columnCount())].index("volume")
    panel.view.sortByColumn(j, Qt.SortOrder.DescendingOrder)
    assert [float(v) for v in column(panel, "volume")] == sorted(truth["volume"], reverse=True)
    panel.view.sortByColumn(j, Qt.SortOrder.AscendingOrder)
    assert column(panel, "parcel") == list(truth.sort_values("volume")["parcel"])
    panel.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert column(panel, "parcel") == list(truth["parcel"])

    # selected rows are the features highlighted on the map
    canvas = window.canvas
    window.canvas.zoom_full()
    qtbot.waitUntil(lambda: not canvas.busy, timeout=10_000)
    inside = truth.to_crs(map_crs).geometry[1].representative_point()
    at = canvas.to_screen(inside.x, inside.y).toPoint()
    before = canvas.grab().toImage().pixelColor(at)
    select(panel, [1, 3])
    assert panel.selected_rows().tolist() == [1, 3]
    assert canvas.selection_layer == lid
    chosen = truth.to_crs(map_crs).geometry.iloc[[1, 3]]
    assert canvas.selection_bounds() == pytest.approx(tuple(chosen.total_bounds), abs=1e-3)
    assert panel.count.text() == "4 of 4 features, 2 selected"
    after = canvas.grab().toImage().pixelColor(at)
    assert after != before  # drawn over the map

    # the selection survives sorting; Zoom to selection shows all of it
    panel.view.sortByColumn(j, Qt.SortOrder.DescendingOrder)
    assert panel.selected_rows().tolist() == [1, 3]
    panel.zoom_btn.click()
    vx0, vy0, vx1, vy1 = canvas.view().bounds
    bx0, by0, bx1, by1 = chosen.total_bounds
    assert vx0 <= bx0 and vy0 <= by0 and vx1 >= bx1 and vy1 >= by1
    assert (vx1 - vx0) < 3 * max(bx1 - bx0, (by1 - by0) * canvas.width() / canvas.height())

    # copy / CSV: the rows as shown, with the area's header
    out = panel.export_table(panel.view, str(tmp_path / "parcels.csv"))
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["parcel", "code", "volume", "Area (ha)"]
    assert [r[0] for r in rows[1:]] == list(truth.sort_values("volume", ascending=False)["parcel"])
    assert panel.copy_table(panel.view).splitlines()[1].split("\t")[0] == rows[1][0]

    # removing the layer clears the table and the highlight
    panel.view.clearSelection()
    assert canvas.selection_layer is None and not panel.zoom_btn.isEnabled()
    select(panel, [0])
    window.model.remove_layer(lid)
    assert panel.table_model.rowCount() == 0 and canvas.selection_layer is None


def test_township_names_from_gbk_shapefile(window, qtbot):
    """The demo's townships (GBK, declared in the .cpg): Chinese names as in the file, and the
    table in Chinese."""
    import pyogrio

    shp = DEMO / "townships.shp"
    window.add_files([shp])
    lid = window.model.layers[-1].id
    window.set_language("zh")
    panel = open_table(window, qtbot, lid)
    truth = pyogrio.read_dataframe(shp, encoding="GBK")
    names = column(panel, "XZMC")
    assert names == list(truth["XZMC"]) and all("\ufffd" not in n for n in names)
    assert len(names) == len(truth)
    assert panel.table_model.headerData(2, Qt.Orientation.Horizontal) == "面积（公顷）"
    first = names[0]
    panel.set_filter(first)
    assert column(panel, "XZMC") == [first]
    assert panel.count.text() == f"显示 1 个，共 {len(truth)} 个要素"
    assert window.attributes_dock.windowTitle().startswith("属性表")


def test_large_layer_loads_in_the_background(window, qtbot):
    """5,921 forest compartments: the window returns at once, the rows arrive from a worker."""
    import pyogrio

    gpkg = DEMO / "forest_compartments.gpkg"
    window.add_files([gpkg])
    lid = window.model.layers[-1].id
    window.model.select(lid)
    panel = window.open_attribute_table()
    assert panel.table_model.rowCount() == 0 and panel.count.text() == "Loading…"
    with qtbot.waitSignal(panel.loaded, timeout=20_000):
        pass
    n = pyogrio.read_info(gpkg)["features"]
    assert panel.table_model.rowCount() == n
    assert panel.count.text() == f"{n:,} of {n:,} features"
    truth = pyogrio.read_dataframe(gpkg, read_geometry=False)
    panel.set_filter("planted")
    assert panel.table_model.rowCount() == int((truth["origin"] == "planted").sum())
    panel.view.selectAll()
    assert len(panel.selected_rows()) == panel.table_model.rowCount()


def test_attribute_table_only_for_vectors(window, make_raster):
    raster = make_raster(np.ones((4, 4), np.uint8))
    window.add_files([raster])
    assert not window.act_attributes.isEnabled()
    assert window.open_attribute_table() is None and window.attributes_dock is None


# ---- measuring ---------------------------------------------------------------------------------------
def click_at(qtbot, canvas, x, y, button=Qt.MouseButton.LeftButton, double=False):
    """Click the canvas at map point (x, y); returns the map point under the pixel clicked,
    through the canvas's own transform."""
    pos = canvas.to_screen(x, y).toPoint()
    clicked = canvas.to_map(QPoint(pos))
    if double:
        qtbot.mouseDClick(canvas, button, pos=pos)
    else:
        qtbot.mouseClick(canvas, button, pos=pos)
    return clicked


@pytest.mark.parametrize("map_crs", [GK114, "EPSG:3857"])
def test_measure_line_on_projected_map(window, qtbot, make_vector, map_crs):
    import geopandas as gpd
    from pyproj import CRS, Transformer
    from shapely.geometry import box

    # near 115°E 22.6°N: 100 km east of the Gauss-Kruger zone's central meridian (scale error
    # 1.2e-4); Web Mercator stretches lengths there by 8 %
    extent = gpd.GeoSeries([box(580_000, 2_480_000, 620_000, 2_520_000)], crs=GK114).to_crs(map_crs)
    window.add_files([make_vector(list(extent), "ref.gpkg", crs=map_crs, n=[1])])
    canvas = window.canvas
    window.set_tool("measure_line")
    assert window.act_measure_line.isChecked()
    x0, y0, x1, y1 = extent.total_bounds
    targets = [(x0 + fx * (x1 - x0), y0 + fy * (y1 - y0))
               for fx, fy in ((0.1, 0.1), (0.75, 0.2), (0.9, 0.9))]
    clicked = [click_at(qtbot, canvas, *p) for p in targets]
    clicked[-1] = click_at(qtbot, canvas, *targets[-1], double=True)  # ends, adds no point
    assert canvas.measure.finished and len(canvas.measure.points) == 3
    crs = CRS(map_crs)
    to_ll = Transformer.from_crs(crs, crs.geodetic_crs, always_xy=True)
    lon, lat = to_ll.transform([p[0] for p in clicked], [p[1] for p in clicked])
    _, _, d = crs.get_geod().inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
    assert canvas.measure.segments() == pytest.approx(list(d), rel=1e-3)
    text = window.measure_label.text()
    assert window.measure_label.isVisible() and crs.ellipsoid.name in text
    shown = re.search(r"([\d,]+\.\d+) km", text)
    assert shown and float(shown.group(1).replace(",", "")) == pytest.approx(sum(d) / 1000, rel=1e-3)
    # a click after the end starts a new line
    click_at(qtbot, canvas, *targets[0])
    assert not canvas.measure.finished and len(canvas.measure.points) == 1
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.measure.points == [] and not window.measure_label.isVisible()
    window.set_tool("pan")
    assert window.act_pan.isChecked()


def test_measure_area_on_geographic_map(window, qtbot, parcels):
    window.add_files([parcels])
    canvas = window.canvas
    assert canvas.map_crs.to_epsg() == 4490
    window.set_tool("measure_area")
    corners = [(114.00, 22.55), (114.10, 22.56), (114.09, 22.62), (114.01, 22.61)]
    clicked = [click_at(qtbot, canvas, *p) for p in corners]
    assert not canvas.measure.finished
    click_at(qtbot, canvas, *corners[-1], button=Qt.MouseButton.RightButton)
    assert canvas.measure.finished and len(canvas.measure.points) == 4
    area, perimeter = geod_of(CGCS2000).polygon_area_perimeter([p[0] for p in clicked],
                                                               [p[1] for p in clicked])
    got_area, got_perimeter = canvas.measure.area()
    assert got_area == pytest.approx(abs(area), rel=1e-3)
    assert got_perimeter == pytest.approx(perimeter, rel=1e-3)
    assert "ha" in window.measure_label.text()
    window.set_language("zh")
    assert "公顷" in window.measure_label.text()
    qtbot.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.measure.points == []
