"""GUI tests (pytest-qt, offscreen) of setting up a project in the app: File → New Project (a
project file in a folder of the user's, the demo tables copied beside it), File → Project
Properties… (name, base year, tables, [carbon], [grid], [[targets]]: applied through
``AppModel.update_project``, saved, read back by ``Project.load`` and ``app.pipeline``) and
Analysis → Check Project… (``app.pipeline.validate_project`` in the background plus the project
file's own problems). Everything happens in copies under ``tmp_path``; the shipped sample data
is only read."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"


@pytest.fixture
def demo(demo_copy):
    """The project file of a fresh copy of the demo county (conftest.py)."""
    return demo_copy


def sample_data_state():
    """Every file of the shipped demo with its size and modification time."""
    return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in DEMO.rglob("*")
            if p.is_file() and ".sinkplanner-cache" not in p.parts and "results" not in p.parts}


def properties(window, project_file=None):
    from app.gui.project_properties import ProjectProperties

    if project_file is not None:
        assert window.open_project(project_file), window.errors
    return ProjectProperties(window)


def run_check(window, qtbot):
    dlg = window.check_project()
    qtbot.waitUntil(lambda: not dlg.running, timeout=60_000)
    assert dlg.state == "done", (dlg.state, dlg.error)
    return dlg


def set_target(dlg, row, cover=None, stock=None, year=None, region=None):
    t = dlg.targets_table
    for j, value in ((1, cover), (2, stock), (3, year)):
        if value is not None:
            t.item(row, j).setText(str(value))
    if region is not None:
        t.cellWidget(row, 0).setEditText(str(region))


# ---- File → New Project ----------------------------------------------------------------------------

def test_new_project_with_demo_tables_and_a_land_cover_checks_clean(window, qtbot, tmp_path):
    from app.pipeline import validate_project
    from app.project import TABLE_KEYS, Project

    before = sample_data_state()
    path = tmp_path / "my county" / "my_county.toml"
    opened = []
    window.ask_new_project = lambda: (path, True, "我的县 My County")
    window.open_project_properties = lambda tab=None: opened.append(tab) or True
    assert window.new_project()
    assert opened == [None]  # Project Properties opens next
    assert window.model.project.path == path and not window.model.dirty
    saved = Project.load(path)
    assert saved.name == "我的县 My County"
    assert set(saved.tables) == set(TABLE_KEYS)
    for key, p in saved.tables.items():
        assert p == path.parent / "tables" / f"{key}.csv"
        assert filecmp.cmp(p, DEMO / "tables" / f"{key}.csv", shallow=False)
    assert 'legend = "tables/legend.csv"' in path.read_text(encoding="utf-8")  # relative

    # no land cover yet: Check Project says so
    dlg = run_check(window, qtbot)
    assert any(f.severity == "error" and "land-cover" in f.message for f in dlg.findings), \
        dlg.findings

    raster = shutil.copy(DEMO / "landcover_2020.tif", path.parent / "landcover_2020.tif")
    window.model.add_layer(raster, role="landcover", year=2020,
                           title={"en": "Land cover 2020", "zh": "土地覆被 2020"})
    assert dlg.stale  # the open list says it is out of date
    dlg = run_check(window, qtbot)
    assert [f for f in dlg.findings if f.severity == "error"] == []
    assert dlg.findings == [] and "No problems found" in dlg.summary.text()
    assert window.save_project()
    assert [i for i in validate_project(Project.load(path)) if i.is_error] == []
    dlg.close()
    assert sample_data_state() == before


def test_new_project_dialog_refuses_an_existing_file_and_the_sample_data(window, tmp_path):
    from app.gui.project_properties import NewProjectDialog

    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "taken.toml").write_text("[project]\n", encoding="utf-8")
    dlg = NewProjectDialog(window)
    dlg.name_edit.setText("taken")
    dlg.folder_edit.setText(str(tmp_path))
    assert dlg.project_path() == tmp_path / "taken" / "taken.toml"
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted and "exists already" in dlg.error_label.text()
    dlg.folder_edit.setText(str(DEMO))
    dlg.subfolder.setChecked(False)
    dlg.name_edit.setText("demo_county")
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted and "never changed" in dlg.error_label.text()
    dlg.name_edit.setText("新县 New")
    dlg.folder_edit.setText(str(tmp_path))
    dlg.subfolder.setChecked(True)
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted
    assert dlg.request() == (tmp_path / "新县_New" / "新县_New.toml", True, "新县 New")


def test_demo_tables_are_never_copied_over_files_without_asking(window, tmp_path, monkeypatch):
    import app.gui.project_properties as pp
    from app.project import Project

    window.model.set_project(Project.new("x"))
    folder = tmp_path / "p"
    folder.mkdir()
    window.get_save_path = lambda *a, **k: str(folder / "x.toml")  # saved first: it has no file
    (folder / "tables").mkdir()
    mine = folder / "tables" / "legend.csv"
    mine.write_text("code,name_en\n1,mine\n", encoding="utf-8")
    asked = []
    answer = {"value": "cancel"}
    monkeypatch.setattr(pp, "ask_replace",
                        lambda parent, f, names: asked.append(list(names)) or answer["value"])
    dlg = properties(window)
    assert not dlg.use_demo_tables()  # cancelled: nothing copied
    assert window.model.project.path == folder / "x.toml"
    assert asked == [["legend.csv"]] and sorted(p.name for p in mine.parent.iterdir()) == [
        "legend.csv"]
    answer["value"] = "keep"
    assert dlg.use_demo_tables()
    assert mine.read_text(encoding="utf-8") == "code,name_en\n1,mine\n"  # kept
    assert filecmp.cmp(folder / "tables" / "actions.csv", DEMO / "tables" / "actions.csv",
                       shallow=False)
    assert dlg.table_edits["legend"].text() == "tables/legend.csv"
    answer["value"] = "replace"
    assert dlg.use_demo_tables()
    assert filecmp.cmp(mine, DEMO / "tables" / "legend.csv", shallow=False)
    assert "[U]" in dlg.demo_label.text()
    dlg.accept()
    assert window.model.project.tables["legend"] == mine


def test_the_shipped_demo_is_never_written_to(window, monkeypatch):
    import app.gui.project_properties as pp

    asked = []
    monkeypatch.setattr(pp, "ask_replace", lambda *a: asked.append(a) or "cancel")
    before = sample_data_state()
    dlg = properties(window, DEMO / "demo_county.toml")
    assert not dlg.use_demo_tables()
    assert "never changed" in dlg.error_label.text() and asked == []  # refused before asking
    assert sample_data_state() == before


# ---- File → Project Properties… ---------------------------------------------------------------------

def test_properties_round_trip_through_the_file(window, demo):
    from app.pipeline import project_carbon_fraction
    from app.project import Project
    from sinkmodels.planning.targets import targets_from_project

    edited = []
    window.model.project_edited.connect(edited.append)
    dlg = properties(window, demo)
    window.model.set_planning(planner=object())  # a planner made with the old settings
    assert dlg.year_spin.value() == 2020 and dlg.cf_spin.value() == pytest.approx(0.47)
    assert [dlg.region(i) for i in range(dlg.targets_table.rowCount())] == ["county", "county"]
    assert dlg.targets_table.item(0, 2).text() == "33,000,000"
    dlg.year_spin.setValue(2021)
    dlg.cf_spin.setValue(0.5)
    set_target(dlg, 0, cover="60.5", stock="34,000,000")
    dlg.targets_table.selectRow(1)
    dlg.remove_targets()
    i = dlg.add_target()
    assert [c for c, _n in dlg.townships()][:2] == ["441899101", "441899102"]
    set_target(dlg, i, cover=48, year=2035, region="441899103")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.error_label.text()
    assert window.model.dirty and not window.model.planning.ready  # planner dropped
    assert edited == [["base_year", "carbon", "targets"]]
    assert window.save_project()

    saved = Project.load(demo)
    assert saved.base_year == 2021
    assert project_carbon_fraction(saved) == 0.5
    assert saved.targets == [
        {"region": "county", "forest_cover_pct": 60.5, "stock_volume_m3": 3.4e7, "year": 2030},
        {"region": "441899103", "forest_cover_pct": 48.0, "year": 2035}]
    t = targets_from_project(saved.targets)
    assert [(x.region, x.year, x.forest_cover_pct) for x in t] == [
        ("county", 2030, 60.5), ("441899103", 2035, 48.0)]
    # what the dialog did not touch is as it was
    original = Project.load(DEMO / "demo_county.toml")
    assert saved.grid == original.grid and saved.scenarios == original.scenarios
    assert [e.id for e in saved.layers] == [e.id for e in original.layers]
    assert {k: p.relative_to(demo.parent) for k, p in saved.tables.items()} == \
        {k: p.relative_to(DEMO) for k, p in original.tables.items()}
    assert "carbon_fraction = 0.5" in demo.read_text(encoding="utf-8")


def test_unchanged_properties_change_nothing(window, demo):
    dlg = properties(window, demo)
    text = demo.read_text(encoding="utf-8")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted and dlg.applied == []
    assert not window.model.dirty
    assert "carbon_fraction" not in str(window.model.project.carbon)  # the default stays implicit
    assert demo.read_text(encoding="utf-8") == text


def test_grid_and_names_apply(window, demo):
    from app.pipeline import analysis_grid

    dlg = properties(window, demo)
    changed = []
    window.model.project_changed.connect(lambda: changed.append("project"))
    dlg.name_edit.setText("新县 New County")
    dlg.crs_edit.setText("EPSG:4526")  # zone 38, CM 114°E, with the zone number in x
    assert "zone 38" in dlg.crs_info.text()
    dlg.res_edit.setText("60")
    dlg.lang_combo.setCurrentIndex(dlg.lang_combo.findData("en"))
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.error_label.text()
    p = window.model.project
    assert p.name == "新县 New County" and p.language == "en"
    assert p.grid == {"reference": "landcover_2020", "crs": "EPSG:4526", "resolution": 60}
    assert changed == ["project"]  # the map's CRS follows the grid
    assert window.windowTitle().startswith("新县 New County")
    grid = analysis_grid(p)
    assert grid.crs.to_epsg() == 4526 and grid.transform.a == 60


INVALID = {
    "empty name": (lambda d: d.name_edit.setText("  "), "general", "name"),
    "base year after 2059": (lambda d: d.year_spin.setValue(2070), "general", "base year"),
    "cover above 100": (lambda d: set_target(d, 0, cover="120"), "targets", "between 0 and 100"),
    "cover not a number": (lambda d: set_target(d, 0, cover="lots"), "targets", "not a number"),
    "year before the base year": (lambda d: set_target(d, 1, year="2010"), "targets",
                                  "must be after the base year"),
    "no value": (lambda d: set_target(d, 0, cover="", stock=""), "targets",
                 "a forest cover, a stock volume or both"),
    "unknown township": (lambda d: set_target(d, 0, region="999"), "targets",
                         "nor a township code"),
    "resolution 0": (lambda d: d.res_edit.setText("0"), "grid", "above 0"),
    "resolution negative": (lambda d: d.res_edit.setText("-30"), "grid", "above 0"),
    "crs not understood": (lambda d: d.crs_edit.setText("EPSG:99999"), "grid", "not understood"),
    "degrees in a geographic crs": (lambda d: d.crs_edit.setText("EPSG:4490"), "grid",
                                    "in degrees"),
    "a table that does not exist": (lambda d: d.table_edits["actions"].setText("tables/no.csv"),
                                    "tables", "no file"),
    "alternate = baseline": (
        lambda d: d.carbon_combos["landcover_alternate"].setCurrentIndex(
            d.carbon_combos["landcover_alternate"].findData("landcover_2020")),
        "carbon", "another layer"),
}


@pytest.mark.parametrize("case", list(INVALID))
def test_invalid_inputs_are_refused_with_a_message(window, demo, case):
    from app.gui.project_properties import TABS

    edit, tab, words = INVALID[case]
    dlg = properties(window, demo)
    before = (window.model.project.to_dict(), window.model.dirty)
    edit(dlg)
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert dlg.error_label.isVisibleTo(dlg) and words in dlg.error_label.text().lower() \
        or words in dlg.error_label.text(), dlg.error_label.text()
    assert TABS[dlg.tabs.currentIndex()] == tab
    assert (window.model.project.to_dict(), window.model.dirty) == before


def test_no_analysis_settings_change_while_an_analysis_runs(window, demo):
    dlg = properties(window, demo)
    window.current_worker = object()  # as run_job sets it
    try:
        dlg.year_spin.setValue(2021)
        dlg.accept()
        assert dlg.result() != dlg.DialogCode.Accepted and "analysis is running" in \
            dlg.error_label.text()
        assert window.model.project.base_year == 2020
        dlg.year_spin.setValue(2020)
        dlg.name_edit.setText("renamed")  # a name changes nothing an analysis reads
        dlg.accept()
        assert dlg.result() == dlg.DialogCode.Accepted and dlg.applied == ["name"]
    finally:
        window.current_worker = None


def test_a_polygon_reference_needs_a_resolution(window, demo):
    dlg = properties(window, demo)
    dlg.ref_combo.setCurrentIndex(dlg.ref_combo.findData("grassland"))
    assert not dlg.grid_warning.isHidden() and "polygon layer" in dlg.grid_warning.text()
    dlg.res_edit.setText("")
    dlg.accept()
    assert dlg.result() != dlg.DialogCode.Accepted
    assert "polygon layer" in dlg.error_label.text()
    dlg.res_edit.setText("30")
    dlg.accept()
    assert dlg.result() == dlg.DialogCode.Accepted, dlg.error_label.text()
    assert window.model.project.grid["reference"] == "grassland"


def test_update_project_in_the_model():
    from app.model import AppModel
    from app.project import Project

    m = AppModel(Project.new("x"))
    seen = []
    for name in ("project_changed", "planning_changed", "project_edited", "dirty_changed"):
        getattr(m, name).connect(lambda *a, n=name: seen.append((n, *a)))
    assert m.update_project(name="x", targets=[]) == [] and seen == [] and not m.dirty
    m.planning.planner = object()
    assert m.update_project(name="y") == ["name"]
    assert m.planning.ready  # a name does not change what the planner computed
    assert seen == [("dirty_changed", True), ("project_edited", ["name"])]
    seen.clear()
    rows = [{"region": "county", "forest_cover_pct": 30.0, "year": 2030}]
    assert m.update_project(targets=rows) == ["targets"]
    rows[0]["year"] = 2040  # the model holds a copy
    assert m.project.targets[0]["year"] == 2030
    assert not m.planning.ready and ("planning_changed", "ready") in seen
    assert ("project_changed",) not in seen
    seen.clear()
    assert m.update_project(tables={"legend": "/x/legend.csv"}) == ["tables"]
    assert m.project.tables == {"legend": Path("/x/legend.csv")}
    assert ("project_changed",) in seen  # a new legend: the map's classes
    with pytest.raises(ValueError, match="layers"):
        m.update_project(layers=[])


# ---- Analysis → Check Project… ----------------------------------------------------------------------

def test_check_project_lists_a_broken_projects_problems(window, demo, qtbot):
    text = demo.read_text(encoding="utf-8")
    text = text.replace('carbon_pools = "tables/carbon_pools.csv"\n', "")
    text = text.replace('legend = "tables/legend.csv"', 'legend = "tables/no_legend.csv"')
    text = text.replace('townships = "townships"\n',
                        'townships = "townships"\ncarbon_fraction = 1.5\n')
    text += ('\n[[layers]]\nid = "dltb"\npath = "grassland.gpkg"\nrole = "landcover"\n'
             '\n[[targets]]\nregion = "county"\nforest_cover_pct = 130.0\nyear = 2030\n')
    demo.write_text(text, encoding="utf-8")
    assert window.open_project(demo), window.errors
    dlg = run_check(window, qtbot)
    errors = [f for f in dlg.findings if f.severity == "error"]
    messages = "\n".join(f.message for f in errors)
    assert "no_legend.csv: file not found" in messages or \
        any(f.path and f.path.endswith("no_legend.csv") for f in errors), messages
    assert "carbon_fraction = 1.5" in messages
    assert "needs its class field" in messages  # land cover as polygons without fields.class
    assert "names no 'carbon_pools' table" in messages  # the table the project does not name
    assert "between 0 and 100" in messages  # the target
    assert dlg.findings == sorted(dlg.findings, key=lambda f: f.severity != "error")
    assert "error" in dlg.summary.text()
    shown = [dlg.table.item(i, 1).text() for i in range(dlg.table.rowCount())]
    assert shown == [f.message for f in dlg.findings]
    assert dlg.table.item(0, 0).text() == "Error"
    files = {dlg.table.item(i, 2).text() for i in range(dlg.table.rowCount())}
    assert "grassland.gpkg" in files  # relative to the project
    copied = dlg.copy()
    assert copied.splitlines()[0] == "Severity\tProblem\tFile"
    assert "carbon_fraction = 1.5" in copied
    # in Chinese: the catalogue's messages and the dialog's own
    window.set_language("zh")
    zh = "\n".join(f.message for f in dlg.findings)
    assert "面状土地覆被图层须指明地类字段" in zh and dlg.table.item(0, 0).text() == "错误"
    assert "碳库" in zh
    dlg.close()
    window.set_language("en")


def test_check_project_can_be_cancelled(window, demo, qtbot):
    assert window.open_project(demo)
    dlg = window.check_project()
    assert dlg.running and dlg.progress.isVisibleTo(dlg)
    dlg.cancel()
    assert dlg.state == "cancelled" and "cancelled" in dlg.summary.text()
    assert dlg.findings == []
    qtbot.waitUntil(lambda: not window.tasks.active, timeout=60_000)
    assert dlg.state == "cancelled"  # the late result is dropped
    dlg.close()


def test_menus_and_chinese_texts(window):
    from app.gui.lang import install_language

    assert window.act_properties in window.menu_file.actions()
    assert window.menu_analysis.actions()[0] is window.act_check_project
    window.set_language("zh")
    try:
        assert "工程属性" in window.act_properties.text()
        assert "检查工程" in window.act_check_project.text()
        from app.gui.project_properties import ProjectProperties

        dlg = ProjectProperties(window)
        assert [dlg.tabs.tabText(i) for i in range(5)] == ["常规", "参数表", "碳计量", "分析格网",
                                                            "目标"]
    finally:
        window.set_language("en")
        install_language("en")
