"""GUI tests (pytest-qt, offscreen): the main window over a tiny synthetic project and the demo.

``make_project`` builds a small project in a temporary folder (land cover with the demo legend,
a continuous "carbon density" raster, polygons with Chinese attributes, a layer in geographic
CGCS2000). The ``window`` and ``no_leaks`` fixtures (tests/conftest.py) check after every test
that no window, pool task, analysis process or thread is left behind.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.gui

from PySide6.QtWidgets import QApplication  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"

LEGEND_CSV = """code,name_en,name_zh,ecosystem,clcd,worldcover,sandiao,color,source
1,cropland,耕地,cropland,1,40,01,#f2d03b,demo
2,forest,乔木林地,forest,2,10,0301,#1a7f37,demo
3,shrub,灌木林地,forest,3,20,0305,#7fb069,demo
4,grassland,草地,grassland,4,30,04,#c5e384,demo
5,water,水域,other,5,80,11,#4a90d9,demo
10,built-up,建设用地,other,8,50,20,#c0504d,demo
"""

POOLS_CSV = """lucode,c_above,c_below,c_soil,c_dead
1,10,2,50,1
2,60,15,80,5
3,20,5,60,2
4,5,3,40,1
5,0,0,0,0
10,0,0,10,0
"""
POOL_SUM = {1: 63.0, 2: 160.0, 3: 87.0, 4: 49.0, 5: 0.0, 10: 10.0}

X0, Y0, RES = 450_000.0, 2_500_000.0, 30.0  # EPSG:4547 (CM 114°E), near 113.5°E 22.6°N
W, H = 120, 90


def make_project(folder: Path) -> Path:
    """A tiny project: 120×90 land cover (30 m, EPSG:4547), density raster, three vectors."""
    import geopandas as gpd
    import rasterio
    from affine import Affine
    from shapely.geometry import Point, box

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "tables").mkdir(exist_ok=True)
    (folder / "tables" / "legend.csv").write_text(LEGEND_CSV, encoding="utf-8")
    (folder / "tables" / "carbon_pools.csv").write_text(POOLS_CSV, encoding="utf-8")
    tr = Affine(RES, 0.0, X0, 0.0, -RES, Y0)
    lc = np.zeros((H, W), np.uint8)
    rr, cc = np.mgrid[0:H, 0:W]
    codes = np.array([1, 2, 3, 4, 5, 10], np.uint8)
    lc[:] = codes[((rr // 15) + (cc // 20)) % len(codes)]
    lc[:5, :5] = 0  # nodata corner
    prof = dict(driver="GTiff", width=W, height=H, count=1, crs="EPSG:4547", transform=tr,
                tiled=True, blockxsize=64, blockysize=64, compress="deflate")
    with rasterio.open(folder / "landcover.tif", "w", dtype="uint8", nodata=0, **prof) as ds:
        ds.write(lc, 1)
    dens = (rr * 1.5 + cc * 0.5).astype(np.float32)
    with rasterio.open(folder / "density.tif", "w", dtype="float32", nodata=-9999.0, **prof) as ds:
        ds.write(dens, 1)
        ds.update_tags(units="t C/ha")
    x0, y1 = X0, Y0
    x1, y0 = X0 + W * RES, Y0 - H * RES
    gpd.GeoDataFrame({"name": ["示范县"]}, geometry=[box(x0 + 60, y0 + 60, x1 - 60, y1 - 60)],
                     crs="EPSG:4547").to_file(folder / "county.gpkg")
    gpd.GeoDataFrame({"zone": ["core", "general"], "name": ["核心区", "一般控制区"]},
                     geometry=[box(x0 + 300, y0 + 300, x0 + 1200, y0 + 1200),
                               box(x0 + 1500, y0 + 900, x0 + 2700, y0 + 2000)],
                     crs="EPSG:4547").to_file(folder / "redline.gpkg")
    # a point layer in geographic CGCS2000
    pts = gpd.GeoDataFrame({"site": ["样地A"]}, geometry=[Point(x0 + 1800, y1 - 900)],
                           crs="EPSG:4547").to_crs("EPSG:4490")
    pts.to_file(folder / "plots_cgcs2000.geojson", driver="GeoJSON")
    toml = """[project]
name = "小测试县 Tiny County"
base_year = 2020

[tables]
legend = "tables/legend.csv"
carbon_pools = "tables/carbon_pools.csv"

[carbon]
landcover_baseline = "landcover"

[[layers]]
id = "landcover"
path = "landcover.tif"
role = "landcover"
year = 2020
title = { en = "Land cover 2020", zh = "土地覆被 2020" }

[[layers]]
id = "density"
path = "density.tif"
role = "result"
title = { en = "Carbon density", zh = "碳密度" }
visible = false

[[layers]]
id = "redline"
path = "redline.gpkg"
role = "redline"
title = { en = "Ecological red line", zh = "生态保护红线" }

[[layers]]
id = "county"
path = "county.gpkg"
role = "boundary"
title = { en = "County boundary", zh = "县界" }

[[layers]]
id = "plots"
path = "plots_cgcs2000.geojson"
role = "other"
title = { en = "Sample plots", zh = "样地" }
"""
    p = folder / "tiny.toml"
    p.write_text(toml, encoding="utf-8")
    return p


# ---- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture
def tiny(tmp_path):
    return make_project(tmp_path / "tiny")




def wait_drawn(qtbot, w, timeout=10_000):
    qtbot.waitUntil(lambda: not w.canvas.busy, timeout=timeout)


# ---- tests ------------------------------------------------------------------------------------------
def test_open_project_shows_layers(window, tiny, qtbot):
    assert window.open_project(tiny)
    m = window.model
    assert [e.id for e in m.layers] == ["landcover", "density", "redline", "county", "plots"]
    assert window.layer_panel.list_model.rowCount() == 5
    # the panel lists the top layer first
    assert window.layer_panel.list_model.entries()[0].id == "plots"
    assert window.canvas.map_crs.to_epsg() == 4547
    assert window.crs_label.text().startswith("EPSG:4547  CGCS2000")
    wait_drawn(qtbot, window)
    for lid in ("landcover", "redline", "county", "plots"):
        assert lid in window.canvas._images, lid
    assert "density" not in window.canvas._images  # hidden layers are not drawn
    assert window.scale_box.currentText().startswith("1:")
    window.scale_box.setEditText("1:25000")
    window.scale_box.lineEdit().editingFinished.emit()
    assert window.canvas.scale_denominator() == pytest.approx(25_000)
    assert window.scale_box.currentText() == "1:25,000"
    assert not window.errors


def test_toggle_and_reorder_layers(window, tiny, qtbot):
    from PySide6.QtCore import Qt

    window.open_project(tiny)
    lm = window.layer_panel.list_model
    row = lm.row_of("density")
    assert lm.setData(lm.index(row), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert window.model.layer("density").visible
    assert window.model.dirty
    wait_drawn(qtbot, window)
    assert "density" in window.canvas._images
    lm.setData(lm.index(row), Qt.CheckState.Unchecked, Qt.ItemDataRole.CheckStateRole)
    assert not window.model.layer("density").visible
    # drag the land cover (bottom) to the top of the list via the model's drop handler
    md = lm.mimeData([lm.index(lm.row_of("landcover"))])
    lm.dropMimeData(md, Qt.DropAction.MoveAction, 0, 0, lm.index(-1))
    assert window.model.layers[-1].id == "landcover"
    assert lm.entries()[0].id == "landcover"
    # buttons: move the selected layer down one step
    window.model.select("landcover")
    window.layer_panel.move_selected(-1)
    assert [e.id for e in window.model.layers][-2:] == ["landcover", "plots"]
    # opacity slider writes back
    window.layer_panel.opacity.setValue(40)
    assert window.model.layer("landcover").opacity == pytest.approx(0.4)
    # remove
    window.layer_panel.remove_selected()
    assert not window.model.project.has_layer("landcover")


def test_identify_matches_rasterio(window, tiny, qtbot):
    import rasterio

    window.open_project(tiny)
    window.model.set_visible("density", True)
    x, y = X0 + 37 * RES + 7.5, Y0 - 22 * RES - 3.0  # inside cell (row 22, col 37)
    with qtbot.waitSignal(window.canvas.identified, timeout=5000) as blocker:
        window.set_tool("identify")
        window.canvas.identify_at(x, y)
    results = {r.layer_id: r for r in blocker.args[2]}
    with rasterio.open(tiny.parent / "landcover.tif") as ds:
        expected_lc = next(ds.sample([(x, y)]))[0]
    with rasterio.open(tiny.parent / "density.tif") as ds:
        expected_d = next(ds.sample([(x, y)]))[0]
    assert results["landcover"].value == expected_lc
    assert results["density"].value == pytest.approx(float(expected_d))
    names = {2: "forest", 1: "cropland", 3: "shrub", 4: "grassland", 5: "water", 10: "built-up"}
    assert ("class", names[int(expected_lc)]) in results["landcover"].rows
    assert any("t C/ha" in v for _, v in results["density"].rows)
    assert "redline" not in results  # outside the polygons here
    # a point in the red line's core zone: vector attributes
    res = window.canvas.identify_at(X0 + 500, Y0 - H * RES + 500)
    red = {r.layer_id: r for r in res}["redline"]
    assert ("zone", "core") in red.rows and ("name", "核心区") in red.rows
    assert window.identify_panel.tree.topLevelItemCount() >= 2


def test_pan_and_zoom_keep_cursor_point(window, tiny, qtbot):
    from PySide6.QtCore import QPointF

    window.open_project(tiny)
    c = window.canvas
    anchor = QPointF(200, 150)
    before = c.to_map(anchor)
    c.zoom_by(2.0, anchor)
    after = c.to_map(anchor)
    assert after == pytest.approx(before, abs=1e-6)
    mupp = c.mupp
    c.zoom_out()
    assert c.mupp > mupp
    c.zoom_full()
    full = c.full_extent()
    vx0, vy0, vx1, vy1 = c.view().bounds
    assert vx0 <= full[0] and vx1 >= full[2] and vy0 <= full[1] and vy1 >= full[3]
    # the geographic layer was reprojected into the map CRS
    plots = c.infos["plots"].view_bounds
    assert X0 < plots[0] < X0 + W * RES


def test_swipe_shows_lower_layer_right_of_divider(window, tiny, qtbot):
    from PySide6.QtGui import QColor

    window.open_project(tiny)
    m = window.model
    for lid in ("redline", "county", "plots"):
        m.set_visible(lid, False)
    m.set_visible("density", True)
    m.move_layer("density", len(m.layers) - 1)  # density on top of the land cover
    window.canvas.zoom_to_layer("landcover")
    wait_drawn(qtbot, window)
    m.select("density")
    window.toggle_swipe()
    assert window.canvas.swipe_layer == "density" and window.act_swipe.isChecked()
    window.canvas.swipe_pos = 0.5
    img = window.canvas.grab().toImage()
    y = img.height() // 2
    left = QColor(img.pixel(img.width() // 4, y)).name()
    window.toggle_swipe()
    assert window.canvas.swipe_layer is None
    full = window.canvas.grab().toImage()
    right_swiped = QColor(img.pixel(3 * img.width() // 4, y)).name()
    right_full = QColor(full.pixel(3 * img.width() // 4, y)).name()
    assert left == QColor(full.pixel(img.width() // 4, y)).name()  # left: the swiped layer
    assert right_swiped != right_full  # right: the layer below shows through


def test_new_project_then_add_layers(window, tiny, qtbot, tmp_path):
    window.open_project(tiny)
    new = tmp_path / "new_project" / "new_project.toml"  # File → New Project asks where
    window.ask_new_project = lambda: (new, False, "New project")
    window.open_project_properties = lambda tab=None: True
    assert window.new_project()
    assert window.model.layers == [] and window.model.project.path == new
    assert window.canvas.map_crs is None
    added = window.add_files([tiny.parent / "plots_cgcs2000.geojson", tiny.parent / "landcover.tif"])
    assert len(added) == 2
    assert window.canvas.map_crs.to_epsg() == 4490  # the first layer's CRS
    wait_drawn(qtbot, window)
    assert set(added) <= set(window.canvas._images)
    assert window.model.dirty
    target = tmp_path / "new.toml"
    assert window.save_project_as(str(target))
    from app.project import Project

    assert [e.id for e in Project.load(target).layers] == added


def test_report_dialog_gets_project_and_language(window, tiny, monkeypatch):
    import app.report.dialog as rd

    seen = {}

    class FakeDialog:
        def __init__(self, project, parent, *, results=None, lang=None):
            seen.update(project=project, parent=parent, results=results, lang=lang)

        def exec(self):
            return 0

    monkeypatch.setattr(rd, "ReportDialog", FakeDialog)
    window.open_project(tiny)
    window.act_report.trigger()
    assert seen["project"] is window.model.project and seen["lang"] == "en"
    assert seen["parent"] is window


def test_bad_file_is_reported_by_name(window, tmp_path, tiny):
    window.open_project(tiny)
    bad = tmp_path / "broken.tif"
    bad.write_bytes(b"this is not a GeoTIFF")
    unknown = tmp_path / "notes.xyz"
    unknown.write_text("x")
    added = window.add_files([bad, unknown, tiny.parent / "county.gpkg"])
    assert len(added) == 1 and added[0].startswith("county")
    assert len(window.errors) == 1
    text = window.errors[0][1]
    assert "broken.tif" in text and "notes.xyz" in text


def test_drop_files_onto_window(window, tiny, qtbot):
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window.open_project(tiny)
    md = QMimeData()
    md.setUrls([QUrl.fromLocalFile(str(tiny.parent / "density.tif")),
                QUrl.fromLocalFile(str(tiny.parent / "missing.gpkg"))])
    ev = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, md, Qt.MouseButton.NoButton,
                    Qt.KeyboardModifier.NoModifier)
    n = len(window.model.layers)
    window.dropEvent(ev)
    qtbot.waitUntil(lambda: len(window.model.layers) == n + 1, timeout=3000)
    assert window.model.layers[-1].id == "density_2"
    qtbot.waitUntil(lambda: bool(window.errors), timeout=3000)
    assert "missing.gpkg" in window.errors[0][1]


def test_missing_layer_file_is_reported_once(window, tiny):
    (tiny.parent / "redline.gpkg").unlink()
    assert window.open_project(tiny)
    assert len(window.errors) == 1
    assert "redline.gpkg" in window.errors[0][1]
    assert window.canvas.infos["redline"].kind == "error"
    lm = window.layer_panel.list_model
    assert "redline.gpkg" in lm.data(lm.index(lm.row_of("redline")), 3)  # tooltip names it


def _fake_job(out_dir: Path, steps: int = 40, *, progress, cancel):
    """A long job writing its output atomically at the end (as the engines do)."""
    from gis.errors import CancelledError

    for i in range(steps):
        if cancel():
            raise CancelledError()
        time.sleep(0.01)
        progress((i + 1) / steps, f"step {i + 1}")
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / ".result.tmp"
    tmp.write_text("done")
    tmp.replace(out_dir / "result.txt")
    return {"outputs": [], "value": 42}


def test_background_job_reports_progress_and_result(window, tmp_path, qtbot):
    got = []
    seen = []
    window.model.run_changed.connect(lambda run: seen.append((run.state, run.progress)))
    with qtbot.waitSignal(window.job_finished, timeout=10_000) as blocker:
        w = window.run_job("Fake", _fake_job, tmp_path / "out", on_result=got.append)
        assert w is not None
        assert window.run_bar.bar.isVisibleTo(window)
        # a second run is refused while one runs
        assert window.run_job("Again", _fake_job, tmp_path / "out2") is None
    assert blocker.args[0]["value"] == 42
    assert got and got[0]["value"] == 42
    assert window.model.run.state == "done"
    assert any(s == "running" and 0 < p < 1 for s, p in seen)
    assert (tmp_path / "out" / "result.txt").exists()
    assert window.current_worker is None


def test_cancel_midway_leaves_no_outputs(window, tmp_path, qtbot):
    out = tmp_path / "cancelled"
    w = window.run_job("Fake", _fake_job, out, 400)
    qtbot.waitUntil(lambda: window.model.run.progress > 0.05, timeout=5000)
    with qtbot.waitSignal(w.signals.cancelled, timeout=10_000):
        window.run_bar.cancel.click()
    assert window.model.run.state == "cancelled"
    assert not out.exists() or not any(out.iterdir())


def test_cancelled_carbon_run_leaves_no_outputs(window, tiny, qtbot):
    """The real engine, cancelled: no results folder, no layers added."""
    from app.gui import jobs

    window.open_project(tiny)
    out = tiny.parent / "results" / "carbon"

    def job(project, out_dir, *, progress, cancel):
        progress(0.01, "waiting")
        while not cancel():  # hold until the user presses Cancel
            time.sleep(0.01)
        return jobs.run_carbon(project, out_dir, progress=progress, cancel=cancel)

    n = len(window.model.layers)
    w = window.run_job("Carbon", job, window.model.project, out)
    qtbot.waitUntil(lambda: window.model.run.progress > 0, timeout=5000)
    with qtbot.waitSignal(window.job_ended, timeout=30_000) as blocker:
        window.cancel_run()
    assert blocker.args == ["cancelled"] and w.is_cancelled
    assert not out.exists() or not any(out.iterdir())
    assert len(window.model.layers) == n and not window.errors


def test_failed_job_shows_message_not_traceback(window, qtbot):
    from gis.errors import MissingFileError

    def job(*, progress, cancel):
        raise MissingFileError(path="/data/landcover_2030.tif")

    with qtbot.waitSignal(window.job_ended, timeout=5000) as blocker:
        window.run_job("Fails", job)
    assert blocker.args == ["failed"] and window.model.run.state == "failed"
    assert window.errors and "landcover_2030.tif" in window.errors[-1][1]
    assert "Traceback" not in window.errors[-1][1]


def test_switch_language(window, tiny, qtbot, settings):
    window.open_project(tiny)
    assert window.menu_file.title() == "&File"
    window.set_language("zh")
    assert window.menu_file.title().startswith("文件")
    assert window.layer_dock.windowTitle() == "图层"
    assert window.layer_panel.list_model.data(window.layer_panel.list_model.index(
        window.layer_panel.list_model.row_of("landcover"))) == "土地覆被 2020"
    assert settings.language == "zh"
    window.set_language("en")
    assert window.menu_file.title() == "&File"


def test_save_and_reopen_identical(window, tiny, tmp_path):
    window.open_project(tiny)
    window.model.set_opacity("landcover", 0.7)
    window.model.set_style("density", {"kind": "ramp", "ramp": "viridis", "min": 0.0, "max": 200.0})
    window.model.move_layer("county", 0)
    target = tmp_path / "copy" / "saved.toml"
    target.parent.mkdir()
    assert window.save_project_as(str(target))
    assert not window.model.dirty
    before = window.model.project.to_dict()
    from app.project import Project

    again = Project.load(target)
    assert again.to_dict() == before
    assert str(target.resolve()) in window.settings.recent_projects()
    assert window.open_project(target)
    assert window.model.project.to_dict() == before


def test_autosave_and_recovery(qtbot, tiny, settings, no_leaks):
    from app.gui.mainwindow import MainWindow

    w1 = MainWindow(settings=settings, lang="en")
    w1.show_error = lambda *a: None
    w1.open_project(tiny)
    w1.model.set_opacity("landcover", 0.33)
    rec = w1.autosave()
    assert rec is not None and rec.exists()
    # simulate a crash: the window goes away without the normal close
    w1.canvas.shutdown()
    w1.tasks.wait()
    w1._disconnect()
    w1.deleteLater()
    w2 = MainWindow(settings=settings, lang="en")
    w2.ask_yes_no = lambda title, text: True
    w2.ask_save_changes = lambda: "discard"
    w2.start(None)
    assert w2.model.layer("landcover").opacity == pytest.approx(0.33)
    assert w2.model.project.path == tiny.resolve()
    assert w2.model.dirty
    w2.close()
    assert not rec.exists()  # a normal close removes the recovery copy


def test_settings_persist(tmp_path, settings):
    from app.settings import Settings

    settings.language = "zh"
    settings.add_recent(tmp_path / "a.toml")
    settings.add_recent(tmp_path / "b.toml")
    settings.add_recent(tmp_path / "a.toml")
    settings.last_folder = str(tmp_path)
    settings.sync()
    again = Settings(settings.file_name)
    assert again.language == "zh"
    assert again.recent_projects() == [str((tmp_path / "a.toml").resolve()),
                                       str((tmp_path / "b.toml").resolve())]
    assert again.last_folder == str(tmp_path)


def test_style_change_redraws_with_new_colours(window, tiny, qtbot):
    window.open_project(tiny)
    wait_drawn(qtbot, window)
    window.model.set_style("landcover", {"kind": "classes", "classes": {"2": "#ff00ff"}})
    wait_drawn(qtbot, window)
    img = window.canvas._images["landcover"][1].image
    assert not img.isNull()
    # find a forest cell (code 2) and check its colour in the rendered image
    _, r = window.canvas._images["landcover"]
    from PySide6.QtGui import QColor

    colours = {QColor(img.pixel(x, y)).name() for x in range(0, img.width(), 3)
               for y in range(0, img.height(), 3)}
    assert "#ff00ff" in colours


def test_run_carbon_adds_results_and_identify_shows_carbon(window, tiny, qtbot):
    window.open_project(tiny)
    with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
        assert window.run_carbon() is not None
    assert blocker.args == ["done"], window.errors
    assert not window.errors, window.errors
    results = [e for e in window.model.layers if e.role == "result" and e.id != "density"]
    assert results, "the run's rasters were added as layers"
    top = window.model.layers[-1]
    assert top.visible and top.path.name == "stock_bas.tif"
    assert top.display_name("en").startswith("Carbon density")
    assert window.model.carbon_summary is not None
    x, y = X0 + 37 * RES + 7.5, Y0 - 22 * RES - 3.0
    res = {r.layer_id: r for r in window.canvas.identify_at(x, y)}
    lc = int(res["landcover"].value)
    assert res[top.id].value == pytest.approx(POOL_SUM[lc])
    assert any("t C/ha" in v for _, v in res[top.id].rows)


def test_demo_project_opens(window, qtbot):
    assert window.open_project(DEMO), window.errors
    assert window.model.layers
    wait_drawn(qtbot, window, timeout=30_000)
    errors = {lid: i.error for lid, i in window.canvas.infos.items() if i.kind == "error"}
    assert not errors
    lc = window.model.project.layers_with_role("landcover")
    assert lc and lc[0].id in window.canvas._images
    b = window.canvas.full_extent()
    assert b is not None and all(math.isfinite(v) for v in b)


def test_dashboard_and_scenario_studio(window, qtbot, tmp_path):
    import shutil

    folder = tmp_path / "demo"
    shutil.copytree(DEMO.parent, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache",
                                                                        "results"))
    assert window.open_project(folder / DEMO.name)
    with qtbot.waitSignal(window.job_ended, timeout=90_000) as blocker:
        window.run_plan()
    assert blocker.args == ["done"], window.errors
    p = window.model.planning
    assert p.ready and p.current in p.scenarios and p.projections[p.current] is not None
    d = window.dashboard
    assert d._canvas is not None and d._figure.axes  # the chart is drawn
    assert d.targets_table.rowCount() == len(p.status[p.current])
    before = float(p.projections[p.current].yearly["carbon_stock_tC"].iloc[-1])
    action, (slider, _label) = next(iter(d.sliders.items()))
    slider.setValue(300)  # triple the first action's area
    qtbot.waitUntil(lambda: not d.busy, timeout=10_000)
    after = float(p.projections[p.current].yearly["carbon_stock_tC"].iloc[-1])
    assert p.factor(p.current, action) == pytest.approx(3.0)
    assert after != pytest.approx(before)
    d.apply_preset(1.0)
    qtbot.waitUntil(lambda: not d.busy, timeout=10_000)
    assert float(p.projections[p.current].yearly["carbon_stock_tC"].iloc[-1]) == pytest.approx(before)
    d.year.setValue(p.projections[p.current].yearly["year"].iloc[0])  # the base year: no sink
    assert "base year" in d.year_values.text() and "annual sink" not in d.year_values.text()
    d.year.setValue(2030)
    assert p.year == 2030 and d.township_table.rowCount() > 0
    assert "annual sink" in d.year_values.text() and "base year" not in d.year_values.text()
    text = d.copy_table(d.targets_table)
    assert text.splitlines()[0].startswith("Region")
    out = d.export_table(d.township_table, str(tmp_path / "townships.csv"))
    assert (tmp_path / "townships.csv").read_text(encoding="utf-8-sig").startswith("Code,Township")
    assert out
    # maps of both scenarios in one year, swiped against each other
    names = list(p.scenarios)
    window.model.set_planning(compare=names[1])
    n = len(window.model.layers)
    with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
        assert d.show_maps() is not None
    assert blocker.args == ["done"], window.errors
    assert len(window.model.layers) == n + 2
    top = window.model.layers[-1]
    assert top.path.name.startswith("carbon_tC_ha") and window.canvas.swipe_layer == top.id
    window.set_language("zh")
    assert d.tables.tabText(1) == "目标"


def test_first_start_opens_demo_then_last_project(qtbot, settings, tiny, no_leaks):
    from app.gui.mainwindow import MainWindow

    w = MainWindow(settings=settings, lang="en")
    w.start(None)
    assert w.model.project.path == DEMO.resolve()
    assert not settings.first_start
    w.open_project(tiny)
    w.close()
    w2 = MainWindow(settings=settings, lang="en")
    w2.start(None)
    assert w2.model.project.path == tiny.resolve()  # the last project, not the demo again
    w2.close()


def test_launch_runs_and_quits(qapp, tiny, tmp_path, monkeypatch, no_leaks):
    """``launch()`` (what ``sinkplanner`` runs) shows the window with the project, in the
    requested language, and returns the exit code when the window closes."""
    from PySide6.QtCore import QTimer

    from app.gui import launch
    from app.gui.mainwindow import MainWindow

    monkeypatch.setenv("SINKPLANNER_SETTINGS", str(tmp_path / "launch.ini"))
    seen = {}

    def check_and_close():
        wins = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)
                and w.isVisible()]
        if not wins or wins[0].model.project.path is None:
            QTimer.singleShot(100, check_and_close)
            return
        w = wins[0]
        seen["title"] = w.menu_file.title()
        seen["project"] = w.model.project.path
        w.close()

    QTimer.singleShot(100, check_and_close)
    assert launch(project=str(tiny), lang="zh") == 0
    assert seen["project"] == tiny.resolve()
    assert seen["title"].startswith("文件")
    from app.gui.lang import install_language

    install_language("en")
