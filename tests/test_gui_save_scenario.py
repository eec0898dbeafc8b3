"""GUI tests (pytest-qt, offscreen) of the dashboard's Save as Scenario… and Delete Scenario…
on a copy of the demo county: what the dashboard showed (studio factors, an allocation) is kept
in the project, File → Save writes it, and what ``sinkplanner plan --scenario NAME`` computes
from the saved file (``app.pipeline.write_plan_outputs``, the plan command's body) equals the
figures the dashboard's planning session computed."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"
COLUMNS = ("carbon_stock_tC", "sink_tCO2e_per_yr", "forest_cover_pct", "stock_volume_m3",
           "forest_area_ha", "treated_area_ha")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A copy of the demo county (sample_data is never written) and its planning state, built
    once for the module. Tests save their project under a name of their own in the copy."""
    from app.gui import jobs
    from app.project import Project

    folder = tmp_path_factory.mktemp("keep") / "demo"
    shutil.copytree(DEMO.parent, folder, ignore=shutil.ignore_patterns("results"))
    path = folder / DEMO.name
    return path, jobs.prepare_planning(Project.load(path))


def open_demo(window, demo):
    path, planning = demo
    assert window.open_project(path), window.errors
    window.show_dashboard()
    window.dashboard._prepared(planning)  # as after Analysis → Plan…
    return window.dashboard


def settle(qtbot, d):
    qtbot.waitUntil(lambda: not d.busy, timeout=20_000)


def plan_cli(window, project, name, out):
    """What ``sinkplanner plan PROJECT --scenario NAME --out DIR`` writes (its body), read back:
    the yearly projection and the target status of the scenario."""
    from app.pipeline import write_plan_outputs

    res = write_plan_outputs(window.model.planning.planner, None, project, out,
                             scenarios=[name])
    yearly = pd.read_csv(res.out_dir / "projection.csv")
    targets = pd.read_csv(res.out_dir / "targets.csv")
    assert set(yearly["scenario"]) == {name}
    return yearly, targets, res


def assert_same_yearly(cli: pd.DataFrame, gui: pd.DataFrame) -> None:
    assert list(cli["year"]) == list(gui["year"])
    for col in COLUMNS:
        assert np.allclose(cli[col].to_numpy(float), gui[col].to_numpy(float), rtol=1e-9,
                           atol=1e-6, equal_nan=True), col


def assert_same_status(cli: pd.DataFrame, gui: pd.DataFrame) -> None:
    assert len(cli) == len(gui) > 0
    assert np.allclose(cli["value_at_target_year"].to_numpy(float),
                       gui["value_at_target_year"].to_numpy(float), rtol=1e-9)
    assert list(cli["met_by_target_year"]) == list(gui["met_by_target_year"])


def test_studio_factors_saved_as_scenario_round_trip(window, demo, qtbot, tmp_path):
    from app.project import Project

    d = open_demo(window, demo)
    model = window.model
    p = model.planning
    model.set_planning(current="afforestation", compare=None)
    assert d.save_btn.isEnabled() and d.delete_btn.isEnabled()
    assert d.alloc_save_btn.isHidden()  # not an allocation
    planned = p.projections["afforestation"].yearly.copy()
    # the user drags two sliders
    d.sliders["return_farmland_forest"][0].setValue(137)
    d.sliders["quality_improvement"][0].setValue(43)
    settle(qtbot, d)
    gui = p.projections["afforestation"].yearly.copy()
    gui_status = p.status["afforestation"].copy()
    assert not np.allclose(gui["carbon_stock_tC"], planned["carbon_stock_tC"])
    assert not model.dirty

    dlg = d.save_dialog()
    assert dlg.name.text() == "afforestation_2"
    assert dlg.title_en.text().startswith("Afforestation-led")
    assert dlg.title_zh.text().startswith("造林主导情景")
    dlg.title_en.setText("Afforestation, more farmland returned")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted and not dlg.error.text()
    name, title = dlg.values()
    assert title["zh"].startswith("造林主导情景") and title["en"].endswith("returned")
    assert d.save_scenario(name, title) == name

    # the project is modified (title asterisk), the dashboard shows the new scenario against
    # the one it came from, which is back to as planned
    assert model.dirty and window.isWindowModified()
    assert model.project.scenario(name)["title"] == title
    assert p.current == name and p.compare == "afforestation"
    assert d.scenario.currentData() == name and d.scenario.findData(name) >= 0
    assert p.factors.get("afforestation", {}) == {}
    assert all(s.value() == 100 for s, _lab in d.sliders.values())  # the new one at 100 %
    settle(qtbot, d)
    assert_same_yearly(p.projections[name].yearly, gui)
    assert_same_yearly(p.projections["afforestation"].yearly, planned)
    # autosave's recovery copy holds it
    rec = window.autosave()
    assert rec is not None and name in Project.load(rec).scenario_names()

    # File → Save (as a copy beside the demo's copy), then reload as the CLI does
    saved = demo[0].parent / "studio_saved.toml"
    assert window.save_project_as(str(saved)), window.errors
    assert not model.dirty and not window.isWindowModified()
    reloaded = Project.load(saved)
    assert name in reloaded.scenario_names()
    assert "afforestation_2" not in Project.load(demo[0]).scenario_names()
    cli, cli_status, _ = plan_cli(window, reloaded, name, tmp_path / "plan")
    assert_same_yearly(cli, gui)
    assert_same_status(cli_status, gui_status)

    # reopening shows it in the dashboard, projected as before
    assert window.open_project(saved), window.errors
    with qtbot.waitSignal(window.job_ended, timeout=90_000) as blocker:
        window.run_plan()
    assert blocker.args == ["done"], window.errors
    p = window.model.planning
    assert name in p.scenarios and window.dashboard.scenario.findData(name) >= 0
    assert p.scenarios[name].display("en") == title["en"]
    assert_same_yearly(p.projections[name].yearly, gui)


@pytest.mark.parametrize("base", ["bau", None])
def test_allocation_saved_as_scenario_round_trip(window, demo, qtbot, tmp_path, base):
    from app.project import Project

    d = open_demo(window, demo)
    tools = window.planning_tools
    tools.inform = lambda title, text: None
    dlg = tools.allocate_dialog()
    if base is None:
        dlg.by_cover.setChecked(True)
        dlg.cover.setValue(58.5)
        dlg.cover_year.setValue(2030)
        dlg.end.setValue(2027)
    else:
        dlg.base.setCurrentIndex(dlg.base.findData(base))
        dlg.budget.setValue(8e7)
    dlg.accept()
    spec = dlg.spec()
    with qtbot.waitSignal(window.job_ended, timeout=90_000) as blocker:
        assert tools.allocate(spec) is not None
    assert blocker.args == ["done"], window.errors
    model = window.model
    p = model.planning
    assert p.current == spec.name and p.allocations[spec.name] == spec
    assert spec.name not in model.project.scenario_names()
    assert not d.alloc_save_btn.isHidden() and d.save_btn.isEnabled()
    assert not d.delete_btn.isEnabled()  # not a project scenario (yet)
    gui = p.projections[spec.name].yearly.copy()
    gui_status = p.status[spec.name].copy()
    gui_alloc = p.projections[spec.name].allocation
    assert gui_alloc.area_ha > 0
    title_en = p.scenarios[spec.name].display("en")

    save = d.save_dialog()
    expected_name = f"{base}_allocation" if base else "allocation"
    assert save.name.text() == expected_name
    assert save.title_en.text() == title_en and save.title_zh.text().startswith("优化布局")
    save.accept()
    name, title = save.values()
    assert d.save_scenario(name, title) == name
    assert model.dirty and window.isWindowModified()
    # it takes the allocation's place in the dashboard
    assert spec.name not in p.scenarios and p.current == name
    assert d.scenario.findData(spec.name) < 0
    table = model.project.scenario(name)
    assert table["allocate"]["actions"] == list(spec.request.actions)
    assert ("actions" in table) == (base is not None)
    settle(qtbot, d)
    assert p.projections[name].allocation.area_ha == pytest.approx(gui_alloc.area_ha)
    assert d.delete_btn.isEnabled() and d.alloc_save_btn.isHidden()

    saved = demo[0].parent / f"alloc_saved_{base}.toml"
    assert window.save_project_as(str(saved)), window.errors
    reloaded = Project.load(saved)
    cli, cli_status, res = plan_cli(window, reloaded, name, tmp_path / "plan")
    assert_same_yearly(cli, gui)
    assert_same_status(cli_status, gui_status)
    bt = pd.read_csv(res.out_dir / "allocation" / name / "by_township.csv")
    assert bt["area_ha"].sum() == pytest.approx(gui_alloc.area_ha)
    assert bt["cost_cny"].sum() == pytest.approx(gui_alloc.cost_cny(p.planner))


def test_names_are_checked_in_the_dialog(window, demo, qtbot):
    d = open_demo(window, demo)
    model = window.model
    model.set_planning(current="bau")
    before = list(model.project.scenario_names())
    dlg = d.save_dialog()
    for text, expected in (("bau", "already has a scenario named “bau”"),
                           ("   ", "Enter a name"),
                           ("all", "reserved"),
                           ("my plan", "may not contain spaces"),
                           ("../x", "may not contain")):
        dlg.name.setText(text)
        dlg.accept()
        assert dlg.result() != dlg.DialogCode.Accepted, text
        assert expected in dlg.error.text(), (text, dlg.error.text())
    # the direct path refuses a taken name with a message, not a traceback
    assert d.save_scenario("afforestation") is None
    assert window.errors and "afforestation" in window.errors[-1][1]
    assert model.project.scenario_names() == before and not model.dirty
    dlg.name.setText("bau_more")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted and not dlg.error.text()
    # in Chinese
    window.set_language("zh")
    dlg = d.save_dialog()
    assert dlg.windowTitle() == "另存为情景"
    dlg.name.setText("bau")
    dlg.accept()
    assert "“bau”" in dlg.error.text() and "已有" in dlg.error.text()
    assert d.save_btn.text() == "另存为情景…"
    settle(qtbot, d)


def test_delete_scenario_asks_and_marks_modified(window, demo, qtbot):
    from app.project import Project

    d = open_demo(window, demo)
    model = window.model
    p = model.planning
    model.set_planning(current="bluecarbon", compare="bau")
    asked = []
    window.ask_yes_no = lambda title, text: asked.append(text) or False
    assert not d.delete_scenario()
    assert "bluecarbon" in model.project.scenario_names() and not model.dirty
    assert asked and "bluecarbon" in asked[-1]
    window.ask_yes_no = lambda title, text: True
    assert d.delete_scenario()
    assert model.dirty and window.isWindowModified()
    assert "bluecarbon" not in model.project.scenario_names()
    assert "bluecarbon" not in p.scenarios and d.scenario.findData("bluecarbon") < 0
    assert p.current in p.scenarios and p.compare == "bau"
    saved = demo[0].parent / "deleted.toml"
    assert window.save_project_as(str(saved)), window.errors
    assert "bluecarbon" not in Project.load(saved).scenario_names()
    assert "bluecarbon" in Project.load(demo[0]).scenario_names()
    settle(qtbot, d)
