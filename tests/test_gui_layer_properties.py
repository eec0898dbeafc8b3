"""Layer → Properties: a layer's role, fields, year, encoding and CRS set in the app, saved in the
project file and used by the pipeline and the planner; the live check of a mapping; the role
guessed when a file is added. Every project here is a copy in tmp_path."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.project import Project

DEMO = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """The demo county copied to tmp_path (its project file)."""
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache", "results"))
    return folder / "demo_county.toml"


def _dialog(window: Any, qtbot: Any, layer_id: str) -> Any:
    """The Layer Properties dialog of ``layer_id``, shown, with its first check done."""
    dlg = window.layer_properties_dialog(layer_id)
    with qtbot.waitSignal(dlg.checked, timeout=15000):
        dlg.show()
    return dlg


def _pick(qtbot: Any, dlg: Any, key: str, field: str | None) -> None:
    """Choose ``field`` (None: not set) for ``key`` and wait for the check."""
    combo = dlg._combos[key]
    i = combo.findData(field or "")
    assert i >= 0, f"{field} is not offered for {key}"
    with qtbot.waitSignal(dlg.checked, timeout=15000):
        combo.setCurrentIndex(i)


def _set_role(qtbot: Any, dlg: Any, role: str) -> None:
    i = dlg.role.findData(role)
    assert i >= 0, f"role {role} not offered"
    with qtbot.waitSignal(dlg.checked, timeout=15000):
        dlg.role.setCurrentIndex(i)


# ---- the model ---------------------------------------------------------------------------------

def test_update_layer_edits_marks_modified_and_signals(demo: Path) -> None:
    from app.model import AppModel

    model = AppModel(Project.load(demo))
    seen: list[str] = []
    model.layers_changed.connect(lambda: seen.append("layers"))
    entry = model.layer("townships")
    assert model.update_layer("townships", role="townships",
                              fields=dict(entry.fields)) is entry
    assert seen == [] and not model.dirty  # nothing differed
    model.update_layer("townships", role="boundary", fields={"name": "XZMC"}, year=2021)
    assert (entry.role, entry.fields, entry.year) == ("boundary", {"name": "XZMC"}, 2021)
    assert seen == ["layers"] and model.dirty
    with pytest.raises(ValueError, match="id"):
        model.update_layer("townships", id="towns")
    with pytest.raises(ValueError, match="role"):
        model.update_layer("townships", role="forest")
    assert entry.role == "boundary" and seen == ["layers"]


# ---- the dialog: fields the planner then uses ----------------------------------------------------

def test_township_fields_set_in_the_dialog_reach_the_planner(window: Any, demo: Path,
                                                             qtbot: Any) -> None:
    """The demo's townships with their code and name under names nobody guesses and no field
    mapping: the planner knows its townships only by number. Mapped in the dialog and saved,
    the project file has the mapping and the planner its township names."""
    import geopandas as gpd

    from app.pipeline import build_planner, validate_project

    gdf = gpd.read_file(demo.parent / "townships.shp")  # GBK, declared by its .cpg
    gdf = gdf.rename(columns={"XZDM": "QH_CODE", "XZMC": "QH_NAME"})
    gdf.to_file(demo.parent / "townships_qh.gpkg")
    project = Project.load(demo)
    entry = project.layer("townships")
    entry.path, entry.fields, entry.encoding = demo.parent / "townships_qh.gpkg", {}, None
    project.save()
    planner, _ = build_planner(Project.load(demo))
    assert "城关镇" not in planner.cohorts.township_names  # unnamed without the mapping

    assert window.open_project(demo)
    dlg = _dialog(window, qtbot, "townships")
    assert dlg.current_role() == "townships"
    assert dlg.check.topic == "required" and dlg.check.missing == ("township",)
    assert "Township code" in dlg.status.text()
    _pick(qtbot, dlg, "township", "QH_CODE")
    _pick(qtbot, dlg, "name", "QH_NAME")
    assert dlg.check.level == "ok"
    dlg.accept()
    assert window.model.dirty
    assert window.model.layer("townships").fields == {"township": "QH_CODE", "name": "QH_NAME"}
    assert window.save_project()

    text = demo.read_text(encoding="utf-8")
    assert 'township = "QH_CODE"' in text and 'name = "QH_NAME"' in text
    saved = Project.load(demo)
    assert saved.layer("townships").fields == {"township": "QH_CODE", "name": "QH_NAME"}
    assert [i for i in validate_project(saved) if i.severity == "error"] == []
    planner, _ = build_planner(saved)
    assert "城关镇" in planner.cohorts.township_names
    i = planner.cohorts.township_names.index("城关镇")
    assert planner.cohorts.township_codes[i] == "441899101"


def test_role_and_fields_of_an_added_layer(window: Any, demo: Path, qtbot: Any) -> None:
    """A grassland survey added under a name that says nothing is 'other'; the dialog makes it
    the project's grassland layer (its grade field found by name), the file keeps it and the
    carbon job takes it with its mapping."""
    from app.pipeline import project_job_arguments

    shutil.copy(demo.parent / "grassland.gpkg", demo.parent / "survey_a.gpkg")
    assert window.open_project(demo)
    window.model.remove_layer("grassland")
    [lid] = window.add_files([demo.parent / "survey_a.gpkg"])
    assert window.model.layer(lid).role == "other"
    assert "Layer → Properties" in window.statusBar().currentMessage()
    dlg = _dialog(window, qtbot, lid)
    assert dlg.check.topic == "none"
    _set_role(qtbot, dlg, "grassland")
    assert dlg._combos["grade"].currentData() == "grade"  # pre-selected by its name
    assert dlg.check.topic == "grade" and dlg.check.level == "ok"
    assert "none, light, moderate or severe" in dlg.status.text()
    dlg.year.setValue(2019)
    dlg.title_zh.setText("草地调查 A")
    dlg.accept()
    assert window.save_project()

    saved = Project.load(demo)
    e = saved.layer(lid)
    assert (e.role, e.fields, e.year, e.title["zh"]) == ("grassland", {"grade": "grade"}, 2019,
                                                         "草地调查 A")
    job = project_job_arguments(saved)
    assert job["grassland"] == lid and job["fields"][lid] == {"grade": "grade"}


def test_grades_and_forest_types_the_tables_lack_are_listed(window: Any, demo: Path,
                                                            qtbot: Any) -> None:
    assert window.open_project(demo)
    dlg = _dialog(window, qtbot, "grassland")
    _pick(qtbot, dlg, "grade", "township")  # township codes are no grades
    assert dlg.check.level == "error" and "441899107 (194)" in dlg.status.text()
    assert "none, light, moderate, severe" in dlg.detail.text()  # the planner's message
    dlg.reject()
    dlg = _dialog(window, qtbot, "forest_compartments")
    assert dlg.check.topic == "forest_type" and dlg.check.level == "ok"
    _pick(qtbot, dlg, "forest_type", "species_zh")
    assert dlg.check.level == "error" and "马尾松 (1,002)" in dlg.status.text()
    assert "has no row in the forest types" in dlg.detail.text()
    dlg.reject()


# ---- land cover as survey polygons -----------------------------------------------------------------

@pytest.fixture
def dltb_project(tmp_path: Path) -> Path:
    """A tiny project whose only layer is three 三调 parcels (DLBM 0101, 0301 and 1003, which
    the demo legend lacks), added as 'other' without fields."""
    import geopandas as gpd
    from shapely.geometry import box

    folder = tmp_path / "dltb"
    shutil.copytree(DEMO / "tables", folder / "tables")
    x, y = 500_010.0, 2_499_000.0
    gpd.GeoDataFrame({"DLBM": ["0101", "0301", "1003"], "DLMC": ["水田", "乔木林地", "农村道路"],
                      "BM2": ["0101", "0301", "0303"]},
                     geometry=[box(x + 300 * i, y, x + 300 * (i + 1), y + 300) for i in range(3)],
                     crs="EPSG:4547").to_file(folder / "parcels.gpkg")
    toml = folder / "county.toml"
    toml.write_text("""[project]
name = "三调"
base_year = 2020

[grid]
crs = "EPSG:4547"
resolution = 30

[tables]
legend = "tables/legend.csv"
carbon_pools = "tables/carbon_pools.csv"

[[layers]]
id = "parcels"
path = "parcels.gpkg"
role = "other"
""", encoding="utf-8")
    return toml


def test_landcover_polygons_list_the_classes_the_legend_lacks(window: Any, dltb_project: Path,
                                                              qtbot: Any) -> None:
    from app.pipeline import landcover_classes, open_entry, validate_project
    from gis.errors import InputError

    assert window.open_project(dltb_project)
    dlg = _dialog(window, qtbot, "parcels")
    _set_role(qtbot, dlg, "landcover")
    assert dlg._combos["class"].currentData() == "DLBM"  # 三调's 地类编码, by its name
    c = dlg.check
    assert (c.topic, c.level, c.column, c.unknown) == ("landcover", "error", "sandiao",
                                                       {"1003": 1})
    assert "“sandiao”: 2 of 3 class values match" in dlg.status.text()
    assert "1003 (1)" in dlg.status.text()
    project = window.model.project
    with pytest.raises(InputError) as err:  # what the pipeline says of the same mapping
        landcover_classes(project, dlg.draft(), open_entry(dlg.draft()))
    assert dlg.detail.text() == err.value.message("en")

    _pick(qtbot, dlg, "class", "BM2")  # a field the legend knows every value of
    assert dlg.check.level == "ok"
    assert dlg.status.text() == "All 3 class values match the legend's “sandiao” column."
    _pick(qtbot, dlg, "class", None)
    assert dlg.check.topic == "required" and "Land-cover class code" in dlg.status.text()
    _pick(qtbot, dlg, "class", "BM2")
    dlg.accept()
    assert window.save_project()
    saved = Project.load(dltb_project)
    assert saved.layer("parcels").role == "landcover"
    assert saved.layer("parcels").fields == {"class": "BM2"}
    assert [i for i in validate_project(saved) if i.severity == "error"] == []


# ---- Cancel, the CRS box, the map ------------------------------------------------------------------

def test_cancel_changes_nothing(window: Any, demo: Path, qtbot: Any) -> None:
    assert window.open_project(demo)
    window.model.set_planning(planner=object())
    before = copy.deepcopy(window.model.layer("townships").to_dict(None))
    seen: list[str] = []
    window.model.layers_changed.connect(lambda: seen.append("layers"))
    dlg = _dialog(window, qtbot, "townships")
    dlg.title_en.setText("Towns")
    dlg.crs.setEditText("EPSG:4490")
    _pick(qtbot, dlg, "name", None)
    _set_role(qtbot, dlg, "boundary")
    assert dlg.changes()["role"] == "boundary"  # the dialog holds the edits…
    dlg.reject()
    assert window.model.layer("townships").to_dict(None) == before  # …the project does not
    assert seen == [] and not window.model.dirty and window.model.planning.ready

    dlg = _dialog(window, qtbot, "townships")
    _set_role(qtbot, dlg, "boundary")
    dlg.accept()  # OK: applied, and the planner prepared with the old roles goes
    assert window.model.layer("townships").role == "boundary" and seen == ["layers"]
    assert not window.model.planning.ready


def test_crs_box_takes_codes_and_rejects_nonsense(window: Any, demo: Path, qtbot: Any) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    assert window.open_project(demo)
    dlg = _dialog(window, qtbot, "mangroves")
    ok = dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dlg.crs_value() == "EPSG:4490" and dlg.crs.currentText().startswith("EPSG:4490 — ")
    dlg.crs.setEditText("not a CRS at all")
    assert not ok.isEnabled() and "Not a coordinate reference system" in dlg.crs_status.text()
    with pytest.raises(ValueError):
        dlg.changes()
    dlg.accept()  # refused
    assert dlg.isVisible() and window.model.layer("mangroves").crs == "EPSG:4490"
    dlg.crs.setEditText("4547")
    assert ok.isEnabled() and dlg.crs_value() == "EPSG:4547"
    assert "CM 114E" in dlg.crs_status.text()
    dlg.crs.setCurrentIndex(dlg.crs.findData("EPSG:4527"))
    assert dlg.crs_value() == "EPSG:4527"
    dlg.crs.setCurrentIndex(0)
    assert dlg.crs_value() is None
    dlg.reject()


def test_file_without_crs_is_added_and_fixed_in_the_dialog(window: Any, demo: Path,
                                                           qtbot: Any) -> None:
    import geopandas as gpd

    gpd.read_file(demo.parent / "farmland.gpkg").to_file(demo.parent / "jbnt.shp")
    (demo.parent / "jbnt.prj").unlink()
    assert window.open_project(demo)
    [lid] = window.add_files([demo.parent / "jbnt.shp"])
    assert window.canvas.infos[lid].kind == "error"  # shown, marked, not drawn
    assert "no coordinate reference system" in window.statusBar().currentMessage()
    dlg = _dialog(window, qtbot, lid)
    assert dlg.facts.kind == "error" and dlg.check.topic == "read"
    with qtbot.waitSignal(dlg.inspected, timeout=15000):
        dlg.crs.setCurrentIndex(dlg.crs.findData("EPSG:4547"))
    assert dlg.facts.kind == "vector" and dlg.facts.file_crs is None
    assert "declares no CRS" in dlg.file_crs.text()
    _set_role(qtbot, dlg, "farmland")
    dlg.accept()
    assert window.model.layer(lid).crs == "EPSG:4547"
    assert window.canvas.infos[lid].kind == "vector"  # read again with the CRS


def test_role_change_redraws_the_layer(window: Any, demo: Path, qtbot: Any) -> None:
    """A role has a default style (the red line is outlined in red): the map draws the layer
    anew rather than reusing the picture drawn for the old role."""
    assert window.open_project(demo)
    window.model.set_visible("farmland", True)
    qtbot.waitUntil(lambda: "farmland" in window.canvas._images and not window.canvas.busy,
                    timeout=15000)
    old = window.canvas._images["farmland"][1]
    window.model.update_layer("farmland", role="redline")
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=15000)
    qtbot.waitUntil(lambda: window.canvas._images["farmland"][1] is not old, timeout=15000)
    window.model.update_layer("farmland", role="farmland")  # back: drawn as before (cached)
    qtbot.waitUntil(lambda: not window.canvas.busy, timeout=15000)
    assert window.canvas._images["farmland"][1] is old


def test_properties_from_the_menu_and_the_layer_panel(window: Any, demo: Path, qtbot: Any,
                                                      monkeypatch: Any) -> None:
    assert window.open_project(demo)
    from app.gui.layer_properties import LayerPropertiesDialog

    shown: list[str] = []

    def fake_exec(dlg: Any) -> int:
        shown.append(dlg.layer_id)
        dlg.done(0)
        return 0

    monkeypatch.setattr(LayerPropertiesDialog, "exec", fake_exec)
    from app.gui.style_dialog import StyleDialog

    monkeypatch.setattr(StyleDialog, "exec", lambda dlg: shown.append("style") or 0)
    window.model.select(None)
    assert not window.act_layer_properties.isEnabled()
    window.model.select("redline")
    assert window.act_layer_properties.isEnabled()
    assert window.act_layer_properties in window.menu_layer.actions()
    window.act_layer_properties.trigger()
    assert shown == ["redline"]
    panel = window.layer_panel
    with qtbot.waitSignal(panel.properties_requested) as sig:
        panel.view.doubleClicked.emit(panel.view.currentIndex())  # as in QGIS
    assert sig.args == ["redline"] and shown == ["redline", "redline"]
    from PySide6.QtWidgets import QMenu

    row = panel.list_model.row_of("county")
    panel._menu(panel.view.visualRect(panel.list_model.index(row)).center())  # right-click
    menu = panel.findChildren(QMenu)[-1]
    [action] = [a for a in menu.actions() if a.text() == "Properties…"]
    action.trigger()
    menu.close()
    assert shown[-1] == "county"


# ---- guesses when a file is added ------------------------------------------------------------------

@pytest.mark.parametrize(("name", "kind", "fields", "dtype", "role"), [
    ("DLTB.shp", "vector", {}, None, "landcover"),
    ("2020年地类图斑.gpkg", "vector", {}, None, "landcover"),
    ("parcels.shp", "vector", {"DLBM": "str", "DLMC": "str"}, None, "landcover"),
    ("XB_2020.shp", "vector", {}, None, "compartments"),
    ("森林资源小班.shp", "vector", {}, None, "compartments"),
    ("inventory.shp", "vector", {"XBH": "int"}, None, "compartments"),
    ("XZQ.shp", "vector", {}, None, "townships"),
    ("乡镇.shp", "vector", {}, None, "townships"),
    ("生态保护红线.gpkg", "vector", {}, None, "redline"),
    ("永久基本农田.shp", "vector", {}, None, "farmland"),
    ("城镇开发边界.shp", "vector", {}, None, "urban_boundary"),
    ("urban_boundary.gpkg", "vector", {}, None, "urban_boundary"),
    ("草地退化.shp", "vector", {}, None, "grassland"),
    ("wetlands.gpkg", "vector", {}, None, "wetland"),
    ("红树林.geojson", "vector", {}, None, "mangrove"),
    ("landcover_2025.tif", "raster", {}, "uint8", "landcover"),
    ("landcover_prob.tif", "raster", {}, "float32", "other"),  # not classes
    ("redline.tif", "raster", {}, "uint8", "other"),  # polygons only
    ("dem.tif", "raster", {}, "int16", "other"),
    ("roads.shp", "vector", {"NAME": "str"}, None, "other"),
    ("xbox.shp", "vector", {}, None, "other"),  # "xb" only as a word
])
def test_guess_role(name: str, kind: str, fields: dict[str, str], dtype: str | None,
                    role: str) -> None:
    from app.roles import guess_role

    assert guess_role(name, kind, fields, dtype) == role


def test_guess_fields_and_year() -> None:
    from app.roles import guess_fields, guess_year

    assert guess_fields("townships", ["FID", "XZDM", "XZMC"]) == {"township": "XZDM",
                                                                   "name": "XZMC"}
    assert guess_fields("landcover", ["BSM", "DLBM", "DLMC"]) == {"class": "DLBM"}
    assert guess_fields("landcover", ["DLBM"], kind="raster") == {}
    assert guess_fields("compartments", ["XBH", "YSSZ", "LING", "MGQXJ", "XJ", "YBD", "LZ"]) == {
        "id": "XBH", "forest_type": "YSSZ", "age": "LING", "volume": "MGQXJ", "closure": "YBD",
        "category": "LZ"}
    assert guess_fields("grassland", ["退化等级"]) == {"grade": "退化等级"}
    assert guess_fields("wetland", ["湿地类型"]) == {"type": "湿地类型"}
    assert guess_fields("redline", ["管控分区", "HXMC"]) == {"zone": "管控分区", "name": "HXMC"}
    assert guess_year("landcover_2025.tif") == 2025
    assert guess_year("mangroves_cgcs2000.geojson") is None  # the datum, not a year
    assert guess_year("lc_2020_2025.tif") is None


def test_adding_files_guesses_role_fields_year_and_encoding(window: Any, demo: Path,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "county_data"
    folder.mkdir()
    shutil.copy(demo.parent / "redline.gpkg", folder / "生态保护红线.gpkg")
    shutil.copy(demo.parent / "landcover_2025.tif", folder / "landcover_2030.tif")
    shutil.copy(demo.parent / "farmland.gpkg", folder / "roads.gpkg")
    for ext in ("shp", "shx", "dbf", "prj"):  # GBK text, no .cpg to say so
        shutil.copy(demo.parent / f"townships.{ext}", folder / f"XZQ.{ext}")
    assert window.open_project(demo)
    ids = window.add_files([folder / "生态保护红线.gpkg", folder / "landcover_2030.tif",
                            folder / "roads.gpkg", folder / "XZQ.shp"])
    assert window.errors == []
    got = {i: (window.model.layer(i).role, window.model.layer(i).fields,
               window.model.layer(i).year) for i in ids}
    assert got == {"生态保护红线": ("redline", {"zone": "zone", "name": "name"}, None),
                   "landcover_2030": ("landcover", {}, 2030),
                   "roads": ("other", {}, None),
                   "XZQ": ("townships", {"township": "XZDM", "name": "XZMC"}, None)}
    assert window.model.layer("XZQ").encoding == "GBK"
    assert window.canvas.infos["XZQ"].kind == "vector"
    message = window.statusBar().currentMessage()
    assert "Added “生态保护红线” as Ecological protection red line" in message
    assert "Added “roads”; Layer → Properties sets its role and fields." in message
    assert "read as GBK" in message


def test_every_role_has_a_name_and_a_place() -> None:
    from app.project import ROLES
    from app.roles import COMPARTMENT_FIELDS, ROLE_FIELDS, ROLE_LABELS, ROLE_ORDER

    assert set(ROLE_LABELS) == set(ROLES) == set(ROLE_ORDER)
    assert set(ROLE_FIELDS) <= set(ROLES)
    keys = {s.key for s in ROLE_FIELDS["compartments"]}
    assert {k[0] for k in COMPARTMENT_FIELDS.values()} <= keys  # what the planner renames
