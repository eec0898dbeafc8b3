"""The Qt-free application model (app/model.py) and the map helpers that need no widgets."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from app.model import AppModel, Signal
from app.project import Project


def _project(tmp_path: Path) -> Project:
    p = Project.new("t")
    for name in ("a", "b", "c"):
        p.add_layer(tmp_path / f"{name}.tif", role="other", layer_id=name)
    return p


def test_signal_connect_emit_disconnect():
    s = Signal()
    got = []
    s.connect(got.append)
    s.connect(got.append)  # connecting twice is a no-op
    s.emit(1)
    s.disconnect(got.append)
    s.emit(2)
    assert got == [1]


def test_layer_edits_emit_and_mark_dirty(tmp_path):
    m = AppModel(_project(tmp_path))
    events = []
    m.layers_changed.connect(lambda: events.append("layers"))
    m.layer_changed.connect(lambda lid, what: events.append((lid, what)))
    m.dirty_changed.connect(lambda d: events.append(("dirty", d)))
    m.set_visible("a", False)
    m.set_visible("a", False)  # unchanged: no event
    m.set_opacity("b", 1.7)
    assert m.layer("b").opacity == 1.0  # clamped, unchanged → no event
    m.set_opacity("b", 0.25)
    m.move_layer("a", 2)
    assert [e.id for e in m.layers] == ["b", "c", "a"]
    m.set_order(["c", "a", "b"])
    with pytest.raises(ValueError):
        m.set_order(["a", "b"])
    m.set_style("c", {"kind": "ramp"})
    assert events == [("dirty", True), ("a", "visible"), ("b", "opacity"), "layers", "layers",
                      ("c", "style")]
    m.mark_saved()
    assert not m.dirty


def test_add_remove_select(tmp_path):
    m = AppModel(_project(tmp_path))
    sel = []
    m.selection_changed.connect(sel.append)
    e = m.add_layer(tmp_path / "a.tif", title={"en": "A again"})
    assert e.id == "a_2" and m.layers[-1] is e and m.selected == "a_2"
    m.remove_layer("a_2")
    assert m.selected is None and sel == ["a_2", None]
    m.set_project(Project.new("other"))
    assert m.layers == [] and not m.dirty


def test_run_status(tmp_path):
    m = AppModel()
    seen = []
    m.run_changed.connect(lambda r: seen.append((r.state, r.progress)))
    m.set_run(state="running", progress=0.5)
    assert m.run.running and seen == [("running", 0.5)]


def test_styles_colorize_and_legend(tmp_path):
    from app.gui import styles

    legend = tmp_path / "legend.csv"
    legend.write_text("code,name_en,name_zh,color\n1,forest,乔木林地,#00ff00\n2,water,水域,#0000ff\n",
                      encoding="utf-8")
    leg = styles.load_legend(legend)
    assert leg[1].name("zh") == "乔木林地" and leg[2].name("en") == "water"
    arr = np.array([[0, 1], [2, 7]], dtype=np.uint8)
    rgba = styles.colorize_classes(arr, styles.class_colors({}, leg), nodata=0)
    assert rgba[0, 0, 3] == 0  # nodata transparent
    assert tuple(rgba[0, 1]) == (0, 255, 0, 255)
    assert tuple(rgba[1, 0]) == (0, 0, 255, 255)
    assert rgba[1, 1, 3] == 0  # unknown code transparent
    ramp = styles.colorize_ramp(np.array([[0.0, 10.0], [np.nan, -9999]]), 0, 10, "greys", -9999)
    assert tuple(ramp[0, 0, :3]) == (255, 255, 255) and tuple(ramp[0, 1, :3]) == (0, 0, 0)
    assert ramp[1, 0, 3] == 0 and ramp[1, 1, 3] == 0
    lo, hi = styles.sample_range(np.arange(1000, dtype=float), None)
    assert lo == pytest.approx(19.98) and hi == pytest.approx(979.02)
    assert styles.default_raster_style("landcover", "uint8", leg)["kind"] == "classes"
    assert styles.default_raster_style("result", "float32", leg)["kind"] == "ramp"


def test_read_raster_for_view_is_decimated(tmp_path):
    """A zoomed-out view never reads more pixels than the screen has."""
    import rasterio
    from affine import Affine

    from app.gui import sources

    path = tmp_path / "r.tif"
    data = np.arange(400 * 300, dtype=np.float32).reshape(300, 400)
    with rasterio.open(path, "w", driver="GTiff", width=400, height=300, count=1,
                       dtype="float32", crs="EPSG:4547", nodata=-1,
                       transform=Affine(10, 0, 500_000, 0, -10, 2_500_000)) as ds:
        ds.write(data, 1)

    class E:
        pass

    e = E()
    e.path, e.open_options = path, lambda: {}
    info = sources.layer_info(e, None)
    view = sources.View(500_000, 2_500_000, 40.0, 100, 75)  # 4× zoomed out, whole raster
    piece = sources.read_raster_for_view(info, view, info.crs)
    assert piece.array.shape == (75, 100)
    assert piece.bounds == pytest.approx((500_000, 2_497_000, 504_000, 2_500_000))
    view = sources.View(501_000, 2_499_000, 5.0, 40, 40)  # zoomed in: native pixels only
    piece = sources.read_raster_for_view(info, view, info.crs)
    assert piece.array.shape == (20, 20)
    assert piece.array[0, 0] == data[100, 100]


def test_none_stays_alive_with_pyside_void_calls():
    """shiboken6 6.12.0 drops a reference to None per void C++ call; on CPython 3.11 that aborts
    long sessions. Either the installed Qt binding does not leak (pyproject excludes 6.12 on
    3.11) or importing app.gui has made None effectively immortal."""
    import sys

    from PySide6.QtGui import QColor

    import app.gui  # noqa: F401

    c = QColor(1, 2, 3)
    before = sys.getrefcount(None)
    for _ in range(1000):
        c.setAlpha(5)
    after = sys.getrefcount(None)
    assert after - before > -100 or after > 2**39
