"""The desktop app and the report on a land cover given as polygons (三调 parcels with their
地类编码 in ``DLBM``): drawn in the legend's class colours with the class names in the legend
panel, identify naming the class, the carbon run and the report as on the raster the polygons
were drawn from, and every mistake (no class field, codes the legend lacks, no cell size) said
in the pipeline's words while the layer still draws.

The small county is tests/conftest.py's ``polygon_county``: a class raster of 4×4-cell blocks
and the survey polygons traced from it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from affine import Affine
from conftest import POLYGON_COUNTY_TRANSFORM, polygon_county

pytestmark = pytest.mark.gui

DEMO = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"
T = Affine(*POLYGON_COUNTY_TRANSFORM)
NAMES_EN = {1: "cropland", 2: "forest", 3: "shrub", 4: "grassland", 5: "water",
            6: "inland marsh", 7: "tidal flat", 8: "salt marsh", 9: "mangrove", 10: "built-up",
            11: "barren", 12: "aquaculture pond"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The county as a raster project, as survey polygons, and the polygons with mistakes
    (tests/conftest.py: polygon_county)."""
    out = polygon_county(tmp_path_factory.mktemp("guilcpoly"))
    return {**out, "roads": [p.representative_point() for p in out["roads"].geometry[:4]]}


def block_centre(lc: np.ndarray, code: int) -> tuple[float, float]:
    """The map point in the middle of a 4×4 block of class ``code`` (well inside its polygon)."""
    rows, cols = np.nonzero(lc[::4, ::4] == code)
    r, c = int(rows[-1]) * 4 + 2, int(cols[-1]) * 4 + 2
    return T.c + c * 30, T.f - r * 30


def wait_drawn(qtbot, w, timeout=20_000):
    qtbot.waitUntil(lambda: not w.canvas.busy and "lc" in w.canvas._images, timeout=timeout)


def colour_at(window, x: float, y: float) -> str:
    from PySide6.QtGui import QColor

    _, rendered = window.canvas._images["lc"]
    img, b = rendered.image, rendered.bounds
    px = int((x - b[0]) / (b[2] - b[0]) * img.width())
    py = int((b[3] - y) / (b[3] - b[1]) * img.height())
    return QColor(img.pixel(px, py)).name()


def legend_rows(window) -> list[str]:
    window.model.select("lc")
    lg = window.layer_panel.legend
    return [lg.item(i).text() for i in range(lg.count())]


def legend_colours() -> dict[int, str]:
    from app.gui.styles import load_legend

    return {c: v.color.lower() for c, v in load_legend(DEMO / "tables" / "legend.csv").items()}


# ---- styles (no Qt) ---------------------------------------------------------------------------
def test_vector_style_colours_values_through_the_legend() -> None:
    from app.gui import styles

    legend = styles.load_legend(DEMO / "tables" / "legend.csv")
    table = styles.load_legend_table(DEMO / "tables" / "legend.csv")
    classes = styles.match_vector_classes("DLBM", ["0102", "0301", "0301", "1003", None], table)
    assert classes is not None and classes.column == "sandiao"
    assert classes.codes == {"0102": 1, "0301": 2} and classes.unknown == {"1003": 1}
    st = styles.vector_style("landcover", {}, classes, legend)
    assert st["by"] == "DLBM" and st["fill"] == styles.UNKNOWN_CLASS_COLOR
    assert st["classes"] == {"0102": legend[1].color, "0301": legend[2].color}
    # the layer's own colour for one value; "by": "" draws one neutral fill
    own = styles.vector_style("landcover", {"classes": {"0301": "#ff00ff"}}, classes, legend)
    assert own["classes"] == {"0102": legend[1].color, "0301": "#ff00ff"}
    assert not styles.vector_style("landcover", {"by": ""}, classes, legend).get("by")
    # without a class match: neutral, and not the orange of an "other" layer
    plain = styles.vector_style("landcover", {})
    assert plain["fill"] != styles.VECTOR_DEFAULTS["other"]["fill"] and not plain.get("by")
    rows = styles.vector_class_rows(classes, st, legend, "zh")
    assert [(r.code, r.name, r.values, r.features) for r in rows] == [
        (1, "耕地", ["0102"], 0), (2, "乔木林地", ["0301"], 0), (None, "", ["1003"], 1)]
    # a shapefile's 301.0 is the value "301"
    assert styles.style_keys([301.0, "0301 ", None]) == ["301", "0301", ""]


# ---- the map ----------------------------------------------------------------------------------
def test_polygons_draw_in_legend_colours_with_class_names(window, county, qtbot):
    assert window.open_project(county["polygons"]), window.errors
    wait_drawn(qtbot, window)
    lc, colours = county["lc"], legend_colours()
    present = sorted(int(c) for c in np.unique(lc) if c)
    for code in present:
        assert colour_at(window, *block_centre(lc, code)) == colours[code], code
    rows = legend_rows(window)
    assert [r.split("  ")[:2] for r in rows] == [[str(c), NAMES_EN[c]] for c in present]
    assert rows[0].startswith("1  cropland  (01")  # the survey codes drawn in the class
    assert window.layer_panel.list_model.data(
        window.layer_panel.list_model.index(0)).startswith("lc")
    window.set_language("zh")
    assert "2  乔木林地  (0301)" in legend_rows(window)
    assert not window.errors

    # Style…: colouring by class can be turned off (one neutral fill) and on again
    from app.gui.style_dialog import StyleDialog

    dlg = StyleDialog(window.model.layer("lc"), window.canvas.infos["lc"], window.canvas.legend,
                      "en", window, classes=window.canvas.landcover_classes("lc", compute=True))
    assert dlg.by_class is not None and dlg.by_class.isChecked()
    dlg.by_class.setChecked(False)
    window.model.set_style("lc", dlg.style())
    dlg.deleteLater()
    wait_drawn(qtbot, window)
    one = {colour_at(window, *block_centre(lc, c)) for c in present}
    assert len(one) == 1 and one != {colours[present[0]]}
    assert len(legend_rows(window)) == 1


def test_identify_names_the_class_of_a_polygon(window, county, qtbot):
    assert window.open_project(county["polygons"]), window.errors
    x, y = block_centre(county["lc"], 2)
    with qtbot.waitSignal(window.canvas.identified, timeout=10_000) as blocker:
        window.set_tool("identify")
        window.canvas.identify_at(x, y)
    rows = {r.layer_id: r for r in blocker.args[2]}["lc"].rows
    i = rows.index(("DLBM", "0301"))
    assert rows[i + 1] == ("class", "forest")
    window.set_language("zh")
    rows = {r.layer_id: r for r in window.canvas.identify_at(x, y)}["lc"].rows
    assert rows[rows.index(("DLBM", "0301")) + 1] == ("类别", "乔木林地")


def test_codes_the_legend_lacks_are_grey_and_listed(window, county, qtbot):
    from app.gui.styles import UNKNOWN_CLASS_COLOR

    assert window.open_project(county["unknown"]), window.errors
    wait_drawn(qtbot, window)
    for pt in county["roads"]:
        assert colour_at(window, pt.x, pt.y) == UNKNOWN_CLASS_COLOR
    rows = legend_rows(window)
    gpkg = str(county["folder"] / "dltb_roads.gpkg")
    # first the message the run would give, naming the file and the codes; then the classes
    assert gpkg in rows[0] and "1003 (3), 1202 (1)" in rows[0] and "'sandiao'" in rows[0]
    assert rows[-2:] == ["1003  not in the legend (features: 3)",
                         "1202  not in the legend (features: 1)"]
    assert "1  cropland" in rows[1]
    res = {r.layer_id: r for r in window.canvas.identify_at(county["roads"][0].x,
                                                            county["roads"][0].y)}["lc"]
    assert res.rows[res.rows.index(("DLBM", "1003")) + 1] == ("class", "(not in the legend)")


def test_carbon_run_from_the_app_equals_the_raster_run(window, county, qtbot):
    keys = ("stock_bas_tC", "stock_bas_tCO2e", "area_bas_ha", "sink_gain_loss_tCO2e_per_yr",
            "gains_tC_per_yr", "losses_tC_per_yr")
    summaries = {}
    for kind in ("raster", "polygons"):
        assert window.open_project(county[kind]), window.errors
        with qtbot.waitSignal(window.job_ended, timeout=120_000) as blocker:
            assert window.run_carbon() is not None
        assert blocker.args == ["done"], window.errors
        s = window.model.carbon_summary
        summaries[kind] = ({k: s[k] for k in keys}, s["by_ecosystem"])
        assert any(e.path.name == "stock_bas.tif" for e in window.model.layers)
    (raster, raster_eco), (poly, poly_eco) = summaries["raster"], summaries["polygons"]
    assert raster["stock_bas_tC"] > 0
    assert poly == pytest.approx(raster, rel=1e-12)
    assert poly_eco == raster_eco
    assert not window.errors


@pytest.mark.parametrize("variant, message", [
    ("no_field", r"needs its class field.*DLBM, DLMC"),
    ("no_resolution", r"\[grid\].*resolution = 30"),
])
def test_mistakes_are_said_in_the_pipelines_words(window, county, qtbot, variant, message):
    assert window.open_project(county[variant]), window.errors
    wait_drawn(qtbot, window)  # the layer still draws, so the user sees it
    named = str(county["folder"] / ("dltb.gpkg" if variant == "no_field" else f"{variant}.toml"))
    first = legend_rows(window)[0]
    assert named in first and re.search(message, first), first
    tip = window.layer_panel.list_model.data(window.layer_panel.list_model.index(0),
                                             3)  # Qt.ToolTipRole
    assert re.search(message, tip)
    with qtbot.waitSignal(window.job_ended, timeout=120_000) as blocker:
        assert window.run_carbon() is not None
    assert blocker.args == ["failed"]
    title, text = window.errors[-1]
    assert named in text and re.search(message, text) and "Traceback" not in text
    window.set_language("zh")
    assert ("地类字段" if variant == "no_field" else "分析格网") in legend_rows(window)[0]


def test_naming_the_class_field_in_layer_properties_colours_the_layer(window, county, qtbot):
    assert window.open_project(county["no_field"]), window.errors
    wait_drawn(qtbot, window)
    assert "class" in legend_rows(window)[0]
    window.model.update_layer("lc", fields={"class": "DLBM"})
    qtbot.waitUntil(lambda: len(legend_rows(window)) > 1 and "forest" in legend_rows(window)[1],
                    timeout=20_000)
    assert legend_rows(window)[0].startswith("1  cropland")
    x, y = block_centre(county["lc"], 2)
    wait_drawn(qtbot, window)
    assert colour_at(window, x, y) == legend_colours()[2]


# ---- the report -------------------------------------------------------------------------------
def _pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"Pages:\s+(\d+)", out.stdout).group(1))  # type: ignore[union-attr]


def _text(pdf: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                          str(pdf), "-"], check=True, capture_output=True)
    return re.sub(r"\s+", "", out.stdout.decode("utf-8"))


def test_report_builds_on_the_polygons_as_on_the_raster(county, tmp_path):
    missing = [t for t in ("pdfinfo", "pdftotext") if shutil.which(t) is None]
    assert not missing, (f"{', '.join(missing)} not found: install poppler-utils "
                         "(`make test` does so when run as root)")
    from app.project import Project
    from app.report import build_report
    from app.report.data import assemble

    pdfs = {}
    for kind in ("raster", "polygons"):
        pdfs[kind] = build_report(county[kind], tmp_path / f"{kind}.pdf", lang="zh")[0]
    assert _pages(pdfs["polygons"]) == _pages(pdfs["raster"]) >= 5
    first = _text(pdfs["polygons"], 1)
    assert "2020年土地覆被" in first  # the land-cover map with its legend
    assert all(name in first for name in ("耕地", "乔木林地", "红树林地", "养殖坑塘"))
    assert "dltb.gpkg,DLBM" in first and "栅格化到30米分析格网" in first
    # the map is the class raster the engines read: the raster's, cell for cell
    maps = {kind: assemble(Project.load(county[kind]), compute=False).landcover
            for kind in ("raster", "polygons")}
    assert maps["polygons"] is not None and maps["raster"] is not None
    assert np.array_equal(maps["polygons"].array, maps["raster"].array)
    assert maps["polygons"].extent == pytest.approx(maps["raster"].extent)
    assert [c.code for c in maps["polygons"].legend] == [c.code for c in maps["raster"].legend]


def test_report_on_bad_polygons_names_the_file(county, tmp_path):
    from app.report import build_report
    from gis.errors import InputError

    with pytest.raises(InputError) as err:
        build_report(county["unknown"], tmp_path / "x.pdf", lang="zh")
    assert str(county["folder"] / "dltb_roads.gpkg") in err.value.message("zh")
    assert not (tmp_path / "x.pdf").exists()
