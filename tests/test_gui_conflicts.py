"""GUI tests (pytest-qt, offscreen) of Analysis → Check plan against rules…: the demo county
with ``bad_plan.gpkg`` (polygons that break the red line, farmland and urban-boundary rules),
checked through the window and compared with :func:`app.pipeline.check_plan_layer` called
directly. The demo is copied once per module and its planner built once (a few seconds)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(project file, plan file, planner, conflicts computed directly) on a copy of the demo."""
    from app.pipeline import build_planner, check_plan_layer
    from app.project import Project

    folder = tmp_path_factory.mktemp("conflicts") / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache", "results"))
    toml, plan = folder / "demo_county.toml", folder / "bad_plan.gpkg"
    planner, layers = build_planner(Project.load(toml))
    work = tmp_path_factory.mktemp("expected")
    expected = check_plan_layer(planner, layers, plan, "action", work)
    assert len(expected.by_rule) >= 3  # the demo's bad plan breaks several rules
    return toml, plan, planner, expected


def conflict_layers(window):
    from app.gui.conflicts import is_conflicts_layer

    return [e for e in window.model.layers if is_conflicts_layer(e)]


def run_check(window, qtbot, request, timeout=60_000):
    panel = window.conflicts_panel()
    # the map first finishes drawing: warnings.catch_warnings (pyogrio, rasterio) is not
    # thread-safe, and a render beside the check's rasterising can let rasterio's
    # NotGeoreferencedWarning through, which this suite turns into an error
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=30_000)
    with qtbot.waitSignal(window.job_ended, timeout=timeout) as blocker:
        assert panel.check(request) is not None, window.errors
    return blocker.args[0]


def column(table, j):
    return [table.item(i, j).text() for i in range(table.rowCount())]


def test_check_plan_shows_conflicts_tables_and_layer(window, demo, qtbot, tmp_path):
    import geopandas as gpd

    from app.gui.conflicts import PlanRequest

    toml, plan, _planner, expected = demo
    assert window.open_project(toml), window.errors
    assert not window.model.planning.ready  # the check builds the planner itself
    assert run_check(window, qtbot, PlanRequest(plan, "action")) == "done", window.errors
    panel = window.conflicts_panel()
    assert window.conflicts_dock.isVisible()

    # by rule: the rules and areas check_plan_layer finds, with their English explanation
    t = panel.rule_table
    got = dict(zip(column(t, 0), (float(v.replace(",", "")) for v in column(t, 4)), strict=True))
    want = dict(zip(expected.by_rule["rule_id"], expected.by_rule["area_ha"], strict=True))
    assert got.keys() == want.keys()
    for rule, area in want.items():
        assert got[rule] == pytest.approx(area, abs=0.005), rule
    assert column(t, 6) == list(expected.by_rule["reason_en"])
    assert f"{expected.total_area_ha:,.2f} ha" in panel.summary.text()

    # the offending polygons: one map feature and one table row each, on top of the map
    features = sorted({str(f) for f in expected.by_polygon["feature"]})
    layers = conflict_layers(window)
    assert len(layers) == 1 and window.model.layers[-1] is layers[0]
    assert layers[0].display_name("en") == "Conflicts"
    gdf = gpd.read_file(layers[0].path)
    assert sorted(gdf["feature"]) == features
    assert sorted(column(panel.polygon_table, 0)) == features
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=20_000)
    assert layers[0].id in window.canvas._images

    # choosing a polygon zooms the map to it
    window.canvas.zoom_full()
    row = column(panel.polygon_table, 0).index(features[0])
    rect = panel.polygon_table.visualRect(panel.polygon_table.model().index(row, 0))
    before = window.canvas.view().bounds
    from PySide6.QtCore import Qt

    qtbot.mouseClick(panel.polygon_table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    after = window.canvas.view().bounds
    x0, y0, x1, y1 = gdf.loc[gdf["feature"] == features[0]].to_crs(
        window.canvas.map_crs.to_wkt()).total_bounds
    assert after != before
    assert after[0] <= x0 and after[1] <= y0 and after[2] >= x1 and after[3] >= y1
    assert (after[2] - after[0]) < (before[2] - before[0]) / 5  # zoomed in on the polygon

    # copy and CSV come from the dashboard's table tools
    assert panel.copy_table(t).splitlines()[0].startswith("Rule\tAction\tZone")
    out = panel.export_table(panel.polygon_table, str(tmp_path / "polygons.csv"))
    assert Path(out).read_text(encoding="utf-8-sig").startswith("Polygon,Action,Rules")

    # in Chinese: the menu entry, the dock and the rules' Chinese explanations
    window.set_language("zh")
    assert window.act_check_plan.text() == "按规则检查规划图层(&R)…"
    assert window.conflicts_dock.windowTitle() == "冲突图斑"
    assert column(panel.rule_table, 6) == list(expected.by_rule["reason_zh"])
    assert layers[0].display_name("zh") == "冲突图斑"
    assert not window.errors


def test_dialog_offers_project_layers_and_files(window, demo):
    from app.gui.conflicts import PlanCheckDialog, PlanRequest

    toml, plan, _planner, _expected = demo
    window.open_project(toml)
    dlg = PlanCheckDialog(window)
    red = window.model.project.layers_with_role("redline")[0]
    names = [dlg.layer.itemText(i) for i in range(dlg.layer.count())]
    assert red.display_name("en") in names  # the project's vector layers are offered
    assert "Land cover 2020" not in " ".join(names)  # rasters are not
    assert dlg.add_file(plan)
    assert dlg.action.currentData() == "action"
    assert [dlg.label.itemData(i) for i in range(dlg.label.count())] == [None, "plan_id",
                                                                        "action", "note"]
    dlg.label.setCurrentIndex(dlg.label.findData("note"))
    assert dlg.request() == PlanRequest(plan, "action", "note", {})
    # a project layer without an action field: told which file and what fields it has
    dlg.layer.setCurrentIndex(dlg.layer.findText(red.display_name("en")))
    assert dlg.action.currentData() is None
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert window.errors and str(red.path) in window.errors[-1][1]
    assert "zone" in window.errors[-1][1]
    # a raster is not a plan layer
    assert not dlg.add_file(red.path.parent / "landcover_2020.tif")
    assert "landcover_2020.tif" in window.errors[-1][1]
    dlg.deleteLater()


def test_missing_action_field_names_the_file(window, demo, tmp_path):
    from app.gui.conflicts import PlanRequest

    toml, plan, _planner, _expected = demo
    window.open_project(toml)
    assert window.conflicts_panel().check(PlanRequest(plan, "activity")) is None
    assert window.current_worker is None  # nothing started
    title, text = window.errors[-1]
    assert str(plan) in text and "'activity'" in text
    assert "plan_id, action, note" in text
    assert "Traceback" not in text
    # a file the readers cannot place on the map (no CRS): its name and the problem
    import geopandas as gpd

    nocrs = tmp_path / "plan_without_crs.gpkg"
    with pytest.warns(UserWarning, match="crs"):
        gpd.read_file(plan).set_crs(None, allow_override=True).to_file(nocrs)
    assert window.conflicts_panel().check(PlanRequest(nocrs, "action")) is None
    assert "plan_without_crs.gpkg" in window.errors[-1][1]
    assert "coordinate reference system" in window.errors[-1][1]
    assert window.current_worker is None and not conflict_layers(window)


def test_label_field_names_the_polygons(window, demo, qtbot):
    from app.gui.conflicts import PlanRequest

    toml, plan, planner, expected = demo
    window.open_project(toml)
    window.model.set_planning(planner=planner)  # built for the dashboard: reused
    assert run_check(window, qtbot, PlanRequest(plan, "action", "note")) == "done", window.errors
    import geopandas as gpd

    notes = gpd.read_file(plan).set_index("plan_id")["note"]
    want = sorted(notes[str(f)] for f in set(expected.by_polygon["feature"]))
    assert sorted(column(window.conflicts.polygon_table, 0)) == want


def test_no_conflicts_is_said_plainly(window, demo, qtbot, tmp_path):
    import geopandas as gpd

    from app.gui.conflicts import PlanRequest

    toml, plan, planner, expected = demo
    fine = gpd.read_file(plan)
    fine = fine[~fine["plan_id"].isin(set(expected.by_polygon["feature"]))]
    assert len(fine)  # the demo's plan has an allowed polygon too
    fine.to_file(tmp_path / "fine_plan.gpkg")
    window.open_project(toml)
    window.model.set_planning(planner=planner)
    n = len(window.model.layers)
    assert run_check(window, qtbot, PlanRequest(tmp_path / "fine_plan.gpkg", "action")) == "done"
    panel = window.conflicts
    assert "No conflicts" in panel.summary.text() and "fine_plan.gpkg" in panel.summary.text()
    assert panel.rule_table.rowCount() == 0 and panel.polygon_table.rowCount() == 0
    assert len(window.model.layers) == n and not conflict_layers(window)


def test_cancel_leaves_no_layer_and_no_file(window, demo, qtbot, monkeypatch):
    import app.pipeline
    from app.gui.conflicts import FOLDER, PlanRequest

    toml, plan, planner, _expected = demo
    window.open_project(toml)
    window.model.set_planning(planner=planner)
    work = window.model.project.work_folder()
    folder = work / FOLDER
    before = set(work.iterdir())
    layers_before = set(folder.iterdir()) if folder.exists() else set()  # earlier tests' layers
    started, release = threading.Event(), threading.Event()
    real = app.pipeline.check_plan_layer

    def held(*args, **kwargs):  # the check, held until the user has pressed Cancel
        started.set()
        release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(app.pipeline, "check_plan_layer", held)
    panel = window.conflicts_panel()
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=30_000)  # as in run_check
    with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
        assert panel.check(PlanRequest(plan, "action")) is not None
        qtbot.waitUntil(started.is_set, timeout=20_000)
        window.run_bar.cancel.click()
        release.set()
    assert blocker.args == ["cancelled"]
    assert not conflict_layers(window) and not window.errors
    assert (set(folder.iterdir()) if folder.exists() else set()) == layers_before
    assert set(work.iterdir()) - before <= {folder}  # the rasterised plan went with the job
