"""The feature selection shared by the map and the attribute table (Tools → Select Features),
and View → Panels (pytest-qt, offscreen, on a copy of the demo county). Expected features come
from geopandas on the files themselves; the ``window`` and ``no_leaks`` fixtures are in
tests/conftest.py."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.gui

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"
LID = "forest_compartments"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A copy of the demo county (nothing here may write into sample_data)."""
    folder = tmp_path_factory.mktemp("demo") / "demo_county"
    shutil.copytree(DEMO.parent, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache"))
    return folder / DEMO.name


@pytest.fixture(scope="module")
def compartments(demo):
    """The compartments as the file has them, in the map CRS (EPSG:4547, the file's own)."""
    import geopandas as gpd

    return gpd.read_file(demo.parent / "forest_compartments.gpkg").to_crs("EPSG:4547")


def open_demo(window, qtbot, demo, table=True):
    """The demo with the compartments visible and current (and their table open, loaded)."""
    assert window.open_project(demo), window.errors
    window.model.set_visible(LID, True)
    window.model.select(LID)
    if not table:
        return None
    panel = window.open_attribute_table()
    qtbot.waitUntil(lambda: panel.table_model.table is not None, timeout=20_000)
    return panel


def view_selected(panel):
    """The frame rows the table view shows selected (row by row, as Qt reports them)."""
    rows = [ix.row() for ix in panel.view.selectionModel().selectedRows()]
    return sorted(int(panel.table_model.rows[r]) for r in rows)


def row_in_sight(panel, frame_row):
    m = panel.table_model
    pos = int(np.flatnonzero(m.rows == frame_row)[0])
    rect = panel.view.visualRect(m.index(pos, 0))
    return rect.isValid() and panel.view.viewport().rect().intersects(rect)


def click(qtbot, canvas, x, y, modifier=Qt.KeyboardModifier.NoModifier):
    """Click the canvas at map point (x, y); returns the map point under the pixel clicked."""
    pos = canvas.to_screen(x, y).toPoint()
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, modifier, pos)
    return canvas.to_map(QPoint(pos))


def rows_at(truth, x, y):
    from shapely.geometry import Point

    return list(np.flatnonzero(truth.geometry.intersects(Point(x, y)).to_numpy()))


def settle(qtbot, canvas):
    qtbot.waitUntil(lambda: not canvas.busy, timeout=20_000)


class Counter:
    def __init__(self, signal):
        self.args = []
        signal.connect(lambda *a: self.args.append(a))

    def __len__(self):
        return len(self.args)


def test_select_tool_selects_rows_in_the_table(window, qtbot, demo, compartments):
    panel = open_demo(window, qtbot, demo)
    canvas = window.canvas
    truth = compartments
    assert panel.table_model.rowCount() == len(truth)
    window.set_tool("select")
    assert window.act_select.isChecked() and canvas.tool == "select"
    assert window.act_select in window.menu_tools.actions()
    assert window.act_select in window.toolbar.actions()

    # a compartment far down the table, the map zoomed so that it spans many pixels
    target = 4321
    geom = truth.geometry.iloc[target]
    canvas.zoom_to_bounds(tuple(geom.buffer(geom.length).bounds))
    settle(qtbot, canvas)
    inside = geom.representative_point()
    view_before = canvas.view().bounds
    changes = Counter(canvas.feature_selection.changed)
    x, y = click(qtbot, canvas, inside.x, inside.y)
    assert rows_at(truth, x, y) == [target]
    assert len(changes) == 1
    assert canvas.feature_selection.rows(LID).tolist() == [target]
    assert panel.selected_rows().tolist() == [target]
    assert view_selected(panel) == [target]  # the view's rows, not only the panel's state
    shown = panel.table_model.rows[panel.view.selectionModel().selectedRows()[0].row()]
    assert panel.table_model.table.frame["xb_id"].iat[shown] == truth["xb_id"].iat[target]
    assert row_in_sight(panel, target)  # scrolled to
    assert canvas.view().bounds == view_before  # selecting never zooms
    assert canvas.selection_layer == LID
    assert canvas.selection_bounds() == pytest.approx(tuple(geom.bounds), abs=1e-6)
    assert panel.count.text().endswith(", 1 selected")
    name = window.model.layer(LID).display_name("en")
    assert window.selection_label.isVisible()
    assert window.selection_label.text() == f"1 feature selected on {name}"

    # Shift adds the neighbour, Ctrl toggles the first one off again
    others = truth.sindex.query(geom, predicate="touches")
    nb = int(sorted(others)[0])
    point = truth.geometry.iloc[nb].intersection(geom.buffer(geom.length).envelope)
    nb_point = point.representative_point()
    x2, y2 = click(qtbot, canvas, nb_point.x, nb_point.y, Qt.KeyboardModifier.ShiftModifier)
    assert rows_at(truth, x2, y2) == [nb]
    assert panel.selected_rows().tolist() == sorted([target, nb]) == view_selected(panel)
    assert window.selection_label.text() == f"2 features selected on {name}"
    click(qtbot, canvas, inside.x, inside.y, Qt.KeyboardModifier.ControlModifier)
    assert panel.selected_rows().tolist() == [nb] == view_selected(panel)
    assert len(changes) == 3

    # a click where the layer has no feature clears its selection
    canvas.zoom_full()
    settle(qtbot, canvas)
    x0, y0, x1, y1 = canvas.view().bounds
    empty = (x0 + 5 * canvas.mupp, y1 - 5 * canvas.mupp)  # a corner of the map, off the county
    click(qtbot, canvas, *empty)
    assert rows_at(truth, *canvas.to_map(canvas.to_screen(*empty).toPoint())) == []
    assert len(canvas.feature_selection.rows(LID)) == 0 and view_selected(panel) == []
    assert not window.selection_label.isVisible() and canvas.selection_layer is None


def test_rectangle_selects_what_it_touches(window, qtbot, demo, compartments):
    from shapely.geometry import box

    panel = open_demo(window, qtbot, demo)
    canvas = window.canvas
    settle(qtbot, canvas)
    window.set_tool("select")
    w, h = canvas.width(), canvas.height()
    p0, p1 = QPoint(int(w * 0.40), int(h * 0.35)), QPoint(int(w * 0.55), int(h * 0.50))
    view_before = canvas.view().bounds
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=p0)
    qtbot.mouseMove(canvas, pos=QPoint(p0.x() + 10, p0.y() + 10))
    qtbot.mouseMove(canvas, pos=p1)
    assert canvas._band is not None  # noqa: SLF001 - the rectangle is drawn while dragging
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=p1)
    assert canvas.view().bounds == view_before  # a drag with this tool does not pan
    (ax, ay), (bx, by) = canvas.to_map(p0), canvas.to_map(p1)
    expected = np.flatnonzero(compartments.geometry.intersects(
        box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))).to_numpy())
    assert len(expected) > 10
    got = canvas.feature_selection.rows(LID)
    assert got.tolist() == expected.tolist()
    assert view_selected(panel) == expected.tolist()
    assert row_in_sight(panel, int(expected[0]))
    # Ctrl + rectangle removes what it touches
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, p0)
    qtbot.mouseMove(canvas, pos=p1)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier, p1)
    assert len(canvas.feature_selection.rows(LID)) == 0 and view_selected(panel) == []


def test_table_rows_select_on_the_map_once(window, qtbot, demo, compartments):
    panel = open_demo(window, qtbot, demo)
    canvas = window.canvas
    canvas.zoom_full()
    settle(qtbot, canvas)
    view_before = canvas.view().bounds
    changes = Counter(canvas.feature_selection.changed)
    view_changes = Counter(panel.view.selectionModel().selectionChanged)
    m = panel.table_model
    sel = QItemSelection()
    for r in (5, 7, 2000):  # view rows = file rows (no sort, no filter)
        sel.select(m.index(r, 0), m.index(r, m.columnCount() - 1))
    panel.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert len(changes) == 1 and len(view_changes) == 1  # no echo back into the view
    assert canvas.feature_selection.rows(LID).tolist() == [5, 7, 2000]
    assert canvas.selection_layer == LID
    chosen = compartments.geometry.iloc[[5, 7, 2000]]
    assert canvas.selection_bounds(LID) == pytest.approx(tuple(chosen.total_bounds), abs=1e-6)
    assert canvas.view().bounds == view_before  # highlighted, not zoomed to
    # drawn over the map: a pixel inside one of them turns yellowish
    inside = chosen.iloc[2].representative_point()
    at = canvas.to_screen(inside.x, inside.y).toPoint()
    canvas.feature_selection.clear(LID)
    before = canvas.grab().toImage().pixelColor(at)
    panel.select_rows([5, 7, 2000])
    qtbot.waitUntil(lambda: not canvas.highlight_pending, timeout=5000)
    after = canvas.grab().toImage().pixelColor(at)
    assert after != before and after.red() > after.blue()
    # Deselect all clears the map, the table and the status bar
    panel.deselect_btn.click()
    assert len(canvas.feature_selection.rows(LID)) == 0 and view_selected(panel) == []
    assert not window.selection_label.isVisible()


def test_filter_and_map_selection_do_not_ping_pong(window, qtbot, demo, compartments):
    """A feature the filter hides stays selected when the map selects it, and the table's
    following the map does not write back."""
    panel = open_demo(window, qtbot, demo)
    canvas = window.canvas
    planted = np.flatnonzero((compartments["origin"] == "planted").to_numpy())
    natural = np.flatnonzero((compartments["origin"] != "planted").to_numpy())
    panel.set_filter("planted")
    assert panel.table_model.rowCount() == len(planted)
    changes = Counter(canvas.feature_selection.changed)
    both = sorted([int(planted[3]), int(natural[3])])
    canvas.feature_selection.set(LID, both)
    assert len(changes) == 1
    assert canvas.feature_selection.rows(LID).tolist() == both  # the hidden one too
    assert view_selected(panel) == [int(planted[3])]
    assert panel.count.text().endswith(", 2 selected")
    # clearing the filter shows both selected; sorting keeps them
    panel.set_filter("")
    assert view_selected(panel) == both and len(changes) == 1
    panel.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert view_selected(panel) == both and len(changes) == 1
    # select-all on the map: one change, every row selected in the table
    t0 = time.perf_counter()
    canvas.select_in(canvas.full_extent())
    gui_thread = time.perf_counter() - t0
    assert len(changes) == 2
    assert len(view_selected(panel)) == len(compartments)
    assert gui_thread < 2.0, gui_thread  # ~0.06 s measured; the drawing is off the GUI thread
    canvas.repaint()
    assert canvas.highlight_pending  # 120,000 vertices: drawn by a pool thread
    qtbot.waitUntil(lambda: not canvas.highlight_pending, timeout=10_000)


def test_select_picks_the_top_visible_vector_layer(window, qtbot, demo):
    """With a raster current, a click selects on the top visible vector layer under it (the
    townships), which becomes the current layer."""
    import geopandas as gpd

    assert window.open_project(demo), window.errors
    window.model.select("landcover_2020")
    canvas = window.canvas
    settle(qtbot, canvas)
    window.set_tool("select")
    towns = gpd.read_file(demo.parent / "townships.shp", encoding="GBK").to_crs("EPSG:4547")
    inside = towns.geometry.iloc[2].representative_point()
    x, y = click(qtbot, canvas, inside.x, inside.y)
    assert rows_at(towns, x, y) == [2]
    assert window.model.selected == "townships" and window.act_attributes.isEnabled()
    assert canvas.feature_selection.rows("townships").tolist() == [2]
    # the table opened afterwards shows it selected
    panel = window.open_attribute_table()
    qtbot.waitUntil(lambda: panel.table_model.table is not None, timeout=20_000)
    assert view_selected(panel) == [2]
    # Tools → Deselect All
    assert window.act_deselect.isEnabled()
    window.act_deselect.trigger()
    assert canvas.feature_selection.layers() == [] and view_selected(panel) == []
    assert not window.act_deselect.isEnabled()
    # Chinese status bar
    canvas.feature_selection.set("townships", [0, 1, 2])
    window.set_language("zh")
    assert window.selection_label.text() == "已在“乡镇”中选择 3 个要素"


# ---- View → Panels ---------------------------------------------------------------------------------
def panels_menu(window):
    menus = [a.menu() for a in window.menu_view.actions() if a.menu() is not None]
    assert len(menus) == 1
    return menus[0]


def test_panels_menu_reopens_every_dock(window, qtbot, demo):
    open_demo(window, qtbot, demo, table=False)
    menu = panels_menu(window)
    assert menu.title() == "&Panels"
    entries = {a.text(): a for a in menu.actions()}
    assert list(entries) == ["Layers", "Identify", "Attribute Table", "Conflicts", "Dashboard"]
    assert all(a.isCheckable() for a in entries.values())
    assert entries["Layers"].isChecked() and entries["Identify"].isChecked()
    assert not entries["Attribute Table"].isChecked() and window.attributes_dock is None

    # the docks that exist from the start: closed by their close button, re-opened here
    for title, dock in (("Layers", window.layer_dock), ("Identify", window.identify_dock)):
        dock.close()
        assert not dock.isVisible() and not entries[title].isChecked()
        entries[title].trigger()
        assert dock.isVisible() and entries[title].isChecked()
        entries[title].trigger()  # unchecking closes it
        assert not dock.isVisible()
        entries[title].trigger()

    # made on demand: the Attribute Table shows the current vector layer
    entries["Attribute Table"].trigger()
    dock = window.attributes_dock
    assert dock is not None and dock.isVisible() and entries["Attribute Table"].isChecked()
    assert window.attributes.layer_id == LID
    dock.close()
    assert not entries["Attribute Table"].isChecked()
    entries["Attribute Table"].trigger()
    assert window.attributes_dock is dock and dock.isVisible()

    entries["Conflicts"].trigger()
    assert window.conflicts_dock is not None and window.conflicts_dock.isVisible()
    window.conflicts_dock.close()
    assert not entries["Conflicts"].isChecked()
    entries["Conflicts"].trigger()
    assert window.conflicts_dock.isVisible() and entries["Conflicts"].isChecked()

    entries["Dashboard"].trigger()  # as Analysis → Dashboard
    assert window.dashboard_dock is not None and window.dashboard_dock.isVisible()
    assert window.act_dashboard in window.menu_analysis.actions()
    window.dashboard_dock.close()
    assert not entries["Dashboard"].isChecked()
    window.act_dashboard.trigger()
    assert window.dashboard_dock.isVisible() and entries["Dashboard"].isChecked()

    # titles follow the language
    window.set_language("zh")
    assert menu.title() == "面板(&P)"
    assert [a.text() for a in menu.actions()] == ["图层", "识别", "属性表", "冲突图斑", "仪表板"]
    assert window.act_select.text().startswith("选择要素")
    window.set_language("en")
    assert [a.text() for a in menu.actions()][2] == "Attribute Table"


def test_empty_attribute_table_from_panels_menu(window, qtbot, demo):
    """Re-opened from View with no vector layer current: the dock says how to fill it."""
    assert window.open_project(demo), window.errors
    window.model.select("landcover_2020")
    window.show_panel("attributes")
    assert window.attributes_dock.isVisible() and window.attributes.layer_id is None
    assert "Open Attribute Table" in window.attributes.count.text()


def test_docks_open_where_the_user_left_them_else_in_their_default_place(qtbot, settings,
                                                                         no_leaks):
    """First time: the Dashboard as a tab beside Identify (the column's full height), the
    Attribute Table and Conflicts at the bottom. After the user moved them and restarted:
    where they were."""
    from PySide6.QtWidgets import QApplication

    from app.gui.lang import apply_cjk_font
    from app.gui.mainwindow import MainWindow

    apply_cjk_font(QApplication.instance())

    def new_window():
        w = MainWindow(settings=settings, lang="en")
        w.show_error = lambda title, text: None
        w.ask_save_changes = lambda: "discard"
        w.resize(1000, 700)
        w.show()
        qtbot.waitExposed(w)
        return w

    w = new_window()
    try:
        w.show_dashboard()
        w.conflicts_panel()
        w.show_panel("attributes")
        assert w.dashboard_dock in w.tabifiedDockWidgets(w.identify_dock)
        assert w.dockWidgetArea(w.conflicts_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        assert w.dockWidgetArea(w.attributes_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
        # the user moves them (the dashboard to the left, the others to the right) and quits
        w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, w.dashboard_dock)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.conflicts_dock)
        w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, w.attributes_dock)
    finally:
        w.close()

    w = new_window()
    try:
        w.show_dashboard()
        w.conflicts_panel()
        w.show_panel("attributes")
        assert w.dockWidgetArea(w.dashboard_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        assert w.dashboard_dock not in w.tabifiedDockWidgets(w.identify_dock)
        assert w.dockWidgetArea(w.conflicts_dock) == Qt.DockWidgetArea.RightDockWidgetArea
        assert w.dockWidgetArea(w.attributes_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    finally:
        w.close()
