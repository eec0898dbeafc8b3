"""GUI tests (pytest-qt, offscreen) of Analysis → Allocate… and Export planning results… on a
copy of the demo county. The expected figures come from the library itself (``allocate``,
``write_plan_outputs``), called directly here on the same planner."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A copy of the demo county (outputs must not land in sample_data) and its planning
    state, built once for the module (the aligned-layer cache comes along)."""
    from app.gui import jobs
    from app.project import Project

    folder = tmp_path_factory.mktemp("alloc") / "demo"
    shutil.copytree(DEMO.parent, folder, ignore=shutil.ignore_patterns("results"))
    path = folder / DEMO.name
    return path, jobs.prepare_planning(Project.load(path))


def open_demo(window, demo, prepared: bool = True):
    path, planning = demo
    assert window.open_project(path), window.errors
    window.show_dashboard()
    if prepared:  # as after Analysis → Plan…
        window.dashboard._prepared(planning)
    return window.planning_tools


def run(window, qtbot, start, timeout=90_000):
    with qtbot.waitSignal(window.job_ended, timeout=timeout) as blocker:
        assert start() is not None
    return blocker.args[0]


def messages(tools):
    seen = []
    tools.inform = lambda title, text: seen.append(text)
    return seen


def test_budget_allocation_adds_maps_and_scenario(window, demo, qtbot, tmp_path):
    import rasterio

    from sinkmodels.planning.allocation import allocate
    from sinkmodels.planning.scenarios import AllocationRequest

    tools = open_demo(window, demo, prepared=False)  # the job builds the planner itself
    dlg = tools.allocate_dialog()
    dlg.budget.setValue(2e8)
    dlg.start.setValue(2021)
    dlg.end.setValue(2030)
    first = dlg.actions.item(0)
    first.setCheckState(Qt.CheckState.Unchecked)  # leave one action out
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted and not dlg.error.text()
    spec = dlg.spec()
    assert spec.base is None and first.data(Qt.ItemDataRole.UserRole) not in spec.request.actions
    n = len(window.model.layers)
    assert run(window, qtbot, lambda: tools.allocate(spec)) == "done", window.errors

    p = window.model.planning
    expected = allocate(p.planner, AllocationRequest(
        actions=spec.request.actions, start=2021, end=2030, budget_cny=2e8))
    got = p.projections[spec.name].allocation
    assert expected.area_ha > 0
    assert got.area_ha == pytest.approx(expected.area_ha)
    assert got.cost_cny(p.planner) == pytest.approx(expected.cost_cny(p.planner))
    assert got.cost_cny(p.planner) <= 2e8
    # the dashboard shows it as a scenario, compared with the one shown before
    d = window.dashboard
    assert p.current == spec.name and p.compare in p.scenarios and p.compare != spec.name
    assert d.scenario.currentData() == spec.name
    assert d.targets_table.rowCount() == len(p.status[spec.name]) > 0
    assert d.tables.currentWidget() is d.allocation_tab
    rows = d.table_rows(d.allocation_table)
    assert rows[0][:3] == ["Code", "Township", "Action"]
    assert rows[-1][1] == "Total"
    assert float(rows[-1][3].replace(",", "")) == pytest.approx(expected.area_ha, abs=1)
    assert float(rows[-1][4].replace(",", "")) == pytest.approx(expected.cost_cny(p.planner),
                                                                abs=1)
    assert "ha allocated" in d.allocation_label.text()
    out = d.export_table(d.allocation_table, str(tmp_path / "alloc.csv"))
    assert Path(out).read_text(encoding="utf-8-sig").startswith("Code,Township,Action")
    # the two maps, written into the work folder, on the map with their legends
    assert len(window.model.layers) == n + 2
    action_layer, priority_layer = window.model.layers[-1], window.model.layers[-2]
    folder = window.model.project.work_folder() / "allocation" / spec.name
    assert action_layer.path == folder / "allocated_action.tif"
    assert priority_layer.path == folder / "priority_score.tif"
    with rasterio.open(priority_layer.path) as ds:
        score = ds.read(1, masked=True)
    assert float(score.max()) == pytest.approx(float(np.nanmax(expected.best_score)), rel=1e-5)
    with rasterio.open(action_layer.path) as ds:
        acts = ds.read(1, masked=True)
    mpa = float(np.median(p.planner.cohorts.mean_pixel_area_ha))
    assert int(((acts > 0) & (acts < 255)).sum()) * mpa == pytest.approx(expected.area_ha,
                                                                        rel=0.01)
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=30_000)
    assert action_layer.id in window.canvas._images
    window.model.select(action_layer.id)
    legend = [window.layer_panel.legend.item(i).text()
              for i in range(window.layer_panel.legend.count())]
    used = {p.planner.action_ids[i] for i in np.unique(expected.events.action)}
    titles = {p.planner.actions[a].title("en") for a in used}
    assert {t.split("  ", 1)[1] for t in legend} == titles | {"not allocated"}
    # identify names the action, not a land-cover class
    x, y = _pixel_with(action_layer.path, lambda v: (v > 0) & (v < 255))
    res = {r.layer_id: r for r in window.canvas.identify_at(x, y)}[action_layer.id]
    assert dict(res.rows)["class"] in titles
    window.set_language("zh")
    assert action_layer.display_name("zh").startswith("优化布局措施")
    window.layer_panel.update_legend()
    zh = {window.layer_panel.legend.item(i).text().split("  ", 1)[1]
          for i in range(window.layer_panel.legend.count())}
    assert zh == {p.planner.actions[a].title("zh") for a in used} | {"未安排"}
    assert d.tables.tabText(3) == "优化布局"


def _pixel_with(path, test):
    import rasterio

    with rasterio.open(path) as ds:
        a = ds.read(1)
        r, c = np.argwhere(test(a))[0]
        return ds.xy(int(r), int(c))


def test_cover_target_says_needed_and_allocated(window, demo, qtbot):
    from sinkmodels.planning.allocation import allocate
    from sinkmodels.planning.scenarios import AllocationRequest

    tools = open_demo(window, demo)
    seen = messages(tools)
    dlg = tools.allocate_dialog()
    dlg.by_cover.setChecked(True)
    dlg.cover.setValue(70.0)
    dlg.cover_year.setValue(2030)
    dlg.end.setValue(2027)
    dlg.accept()
    spec = dlg.spec()
    assert spec.request.cover_target_pct == 70.0 and spec.request.budget_cny is None
    assert run(window, qtbot, lambda: tools.allocate(spec)) == "done", window.errors
    p = window.model.planning
    expected = allocate(p.planner, AllocationRequest(
        actions=spec.request.actions, start=2021, end=2027, cover_target_pct=70.0, year=2030))
    assert 0 < expected.area_ha < expected.needed_ha  # 70 % cannot be reached in the demo
    text = window.dashboard.allocation_label.text()
    for figure in (expected.needed_ha, expected.area_ha):
        assert f"{figure:,.0f}" in text
    assert "cannot be reached" in text
    assert seen and "cannot be reached" in seen[-1]  # said plainly, not only in the tab
    # a budget that buys nothing says so
    dlg = tools.allocate_dialog()
    dlg.budget.setValue(1.0)
    dlg.accept()
    assert run(window, qtbot, lambda: tools.allocate(dlg.spec())) == "done", window.errors
    assert "buys nothing" in seen[-1]
    assert window.model.planning.projections[dlg.spec().name].allocation.area_ha == 0


def test_allocation_on_top_of_a_scenario(window, demo, qtbot):
    tools = open_demo(window, demo)
    dlg = tools.allocate_dialog()
    dlg.base.setCurrentIndex(dlg.base.findData("bau"))
    dlg.budget.setValue(5e7)
    dlg.accept()
    spec = dlg.spec()
    assert run(window, qtbot, lambda: tools.allocate(spec)) == "done", window.errors
    p = window.model.planning
    sc = p.scenarios[spec.name]
    bau = p.scenarios["bau"]
    assert sc.items == bau.items and sc.harvest_pct_per_yr == bau.harvest_pct_per_yr
    assert p.compare == "bau" and sc.display("en").endswith("Business as usual")
    sched = p.projections[spec.name].schedule
    assert set(sched["source"]) == {"schedule", "allocation"}


def test_export_matches_library_and_cancel_leaves_nothing(window, demo, qtbot, tmp_path):
    from app.gui.allocation import ExportOptions
    from app.pipeline import write_plan_outputs

    tools = open_demo(window, demo)
    seen = messages(tools)
    dlg = tools.export_dialog()
    out = tmp_path / "plan_gui"
    dlg.folder.setText(str(out))
    dlg.years.setText("2030")
    for i in range(dlg.scenarios.count()):
        item = dlg.scenarios.item(i)
        if item.data(Qt.ItemDataRole.UserRole) not in ("bau", "best_value"):
            item.setCheckState(Qt.CheckState.Unchecked)
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    options = dlg.options()
    assert options.scenarios == ("bau", "best_value") and options.map_years == (2030,)
    assert run(window, qtbot, lambda: tools.export(options)) == "done", window.errors
    p = window.model.planning
    ref = write_plan_outputs(p.planner, None, window.model.project, tmp_path / "plan_lib",
                             scenarios=["bau", "best_value"], map_years=[2030])
    written = sorted(f.relative_to(out) for f in out.rglob("*") if f.is_file())
    assert written == sorted(f.relative_to(ref.out_dir) for f in ref.files)
    assert seen and str(out) in seen[-1]
    # cancelled at once: no folder
    again = tmp_path / "plan_cancelled"
    with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
        assert tools.export(ExportOptions(again, None, (2030,))) is not None
        window.cancel_run()
    assert blocker.args == ["cancelled"]
    assert not again.exists()
    assert not list(tmp_path.glob(".plan_cancelled*"))


def test_export_errors_are_messages(window, demo, qtbot, tmp_path):
    tools = open_demo(window, demo)
    dlg = tools.export_dialog()
    dlg.years.setText("2030, 20x0")
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert "20x0" in dlg.error.text() and "2030,2060" in dlg.error.text()
    dlg.years.setText("1990")
    dlg.accept()
    assert "1990" in dlg.error.text() and "2020–2060" in dlg.error.text()
    # a plan layer that is not there: the message names it, no traceback
    dlg.years.setText("")
    dlg.folder.setText(str(tmp_path / "out"))
    dlg.plan_layer.setText(str(tmp_path / "missing_plan.gpkg"))
    dlg.accept()
    assert run(window, qtbot, lambda: tools.export(dlg.options())) == "failed"
    assert "missing_plan.gpkg" in window.errors[-1][1]
    assert "Traceback" not in window.errors[-1][1]
    assert not (tmp_path / "out").exists()
