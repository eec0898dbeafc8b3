"""Shared pytest fixtures.

Sections are owned by different parts of the code base; append new fixtures in a section of
your own rather than editing others'.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

# Tests never need a real display: Qt renders offscreen unless the caller chose a platform.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _messages_in_english() -> Any:
    """Each test starts with English messages and leaves the process language as it found it
    (the message language is process-wide, like the UI's)."""
    from gis.messages import get_language, set_language

    before = get_language()
    set_language("en")
    yield
    set_language(before)


# ============================================================================================
# gis: tiny synthetic rasters and vectors (owner: gis readers/align/validate)
#
# Metre CRS: EPSG:4547 (CGCS2000 / 3-degree Gauss-Kruger CM 114E), 30 m cells near the
# demo county (x 500 000 m = 114°E, y 2 500 000 m ≈ 22.6°N).
# Geographic CRS: EPSG:4490 (CGCS2000), cells of 0.001°.
# ============================================================================================

METRE_CRS = "EPSG:4547"
GEO_CRS = "EPSG:4490"
#: Top-left corner of the 10×10 metre raster and its cell size (m).
ORIGIN_M = (500_000.0, 2_500_000.0)
CELL_M = 30.0


def write_raster(path: Path, array: np.ndarray, *, crs: Any = METRE_CRS,
                 transform: Any = None, nodata: float | None = 0, **extra: Any) -> Path:
    """Write a single-band GeoTIFF (untiled, small) and return its path."""
    import rasterio
    from affine import Affine

    if transform is None:
        transform = Affine(CELL_M, 0, ORIGIN_M[0], 0, -CELL_M, ORIGIN_M[1])
    profile: dict[str, Any] = dict(driver="GTiff", width=array.shape[1], height=array.shape[0],
                                   count=1, dtype=array.dtype.name, transform=transform,
                                   nodata=nodata)
    if crs is not None:
        profile["crs"] = crs
    profile.update(extra)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(array, 1)
    return path


@pytest.fixture
def make_raster(tmp_path: Path) -> Callable[..., Path]:
    """``make_raster(array, name='r.tif', crs=..., transform=..., nodata=0)`` → path."""

    def make(array: np.ndarray, name: str = "r.tif", **kw: Any) -> Path:
        return write_raster(tmp_path / name, array, **kw)

    return make


@pytest.fixture
def classes_10x10() -> np.ndarray:
    """A 10×10 uint8 class raster: rows 0-8 are class 1 in columns 0-4 (45 cells) and class 2
    in columns 5-9 (45 cells); row 9 is nodata 0 in columns 0-4 (5 cells) and class 3 in
    columns 5-9 (5 cells). At 30 m cells (0.09 ha): 4.05 ha, 4.05 ha and 0.45 ha."""
    a = np.zeros((10, 10), np.uint8)
    a[:9, :5] = 1
    a[:9, 5:] = 2
    a[9, 5:] = 3
    return a


@pytest.fixture
def class_raster(make_raster: Callable[..., Path], classes_10x10: np.ndarray) -> Path:
    """``classes_10x10`` written in EPSG:4547 at 30 m, nodata 0."""
    return make_raster(classes_10x10, "classes.tif")


@pytest.fixture
def make_vector(tmp_path: Path) -> Callable[..., Path]:
    """``make_vector(geoms, name='v.gpkg', crs=..., **columns)`` → path (driver by suffix)."""

    def make(geoms: list[Any], name: str = "v.gpkg", crs: Any = METRE_CRS,
             encoding: str | None = None, **columns: list[Any]) -> Path:
        import geopandas as gpd

        path = tmp_path / name
        gdf = gpd.GeoDataFrame(dict(columns), geometry=list(geoms), crs=crs)
        kwargs: dict[str, Any] = {}
        if encoding is not None:
            kwargs["encoding"] = encoding
        gdf.to_file(path, **kwargs)
        return path

    return make


# ============================================================================================
# GUI (pytest-qt): a main window whose dialogs are recorded, and a check that no test leaves a
# window, a pool task, an analysis process or a thread behind.
# ============================================================================================


@pytest.fixture
def no_leaks(qapp: Any) -> Any:
    """No window, pool task, analysis process or new Python thread left behind by a test."""
    import gc
    import multiprocessing
    import threading

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    from app.gui import subprocess_jobs, threads

    before = set(QApplication.topLevelWidgets())
    threads_before = set(threading.enumerate())
    yield
    qpool = QThreadPool.globalInstance()
    qpool.waitForDone(200)
    threads.pool().wait(2000)
    for _ in range(3):
        QApplication.processEvents()
    gc.collect()
    leaked = [w for w in QApplication.topLevelWidgets() if w not in before and w.isVisible()]
    assert not leaked, f"windows left open: {leaked}"
    assert qpool.activeThreadCount() == 0, "a QThreadPool thread is still running"
    assert threads.pool().active_count() == 0, "a background task is still running"
    assert subprocess_jobs.active() == [], "an analysis process is still running"
    assert multiprocessing.active_children() == [], "a child process is still running"
    new = [t for t in threading.enumerate() if t not in threads_before and t.is_alive()
           and not t.name.startswith("sinkplanner")  # the (idle) pool's own threads
           and not isinstance(t, threading._DummyThread)]  # noqa: SLF001 - Qt's threads
    assert not new, f"threads left running: {new}"


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from app.settings import Settings

    return Settings(tmp_path / "settings" / "sinkplanner.ini")


@pytest.fixture
def window(qtbot: Any, settings: Any, no_leaks: Any) -> Any:
    """A MainWindow whose dialogs are recorded instead of shown."""
    from PySide6.QtWidgets import QApplication

    from app.gui.lang import apply_cjk_font, install_language
    from app.gui.mainwindow import MainWindow

    apply_cjk_font(QApplication.instance())
    install_language("en")
    w = MainWindow(settings=settings, lang="en")
    w.errors = []
    w.show_error = lambda title, text: w.errors.append((title, text))
    w.ask_yes_no = lambda title, text: True
    w.ask_save_changes = lambda: "discard"
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.close()
    install_language("en")


# ============================================================================================
# land cover as polygons (tests/test_landcover_polygons.py, tests/test_gui_landcover_polygons.py)
# ============================================================================================

#: cell edges on multiples of 30 m, so a grid made from the polygons shares them
POLYGON_COUNTY_TRANSFORM = (30, 0, 500_010, 0, -30, 2_500_020)
#: Third National Land Survey codes per demo class, sub-codes included (they nest: 0102 → 01)
SANDIAO = {1: ["0101", "0102", "0103"], 2: ["0301"], 3: ["0305"], 4: ["0401", "0404"],
           5: ["1101", "1107"], 6: ["1108"], 7: ["1105"], 8: ["0402"], 9: ["0303"],
           10: ["201", "203"], 11: ["1206"], 12: ["1104"]}
_POLYGON_COUNTY_TABLES = """
[tables]
legend = "tables/legend.csv"
carbon_pools = "tables/carbon_pools.csv"
forest_types = "tables/forest_types.csv"
growth_curves = "tables/growth_curves.csv"
grassland = "tables/grassland.csv"
blue_carbon = "tables/blue_carbon.csv"
constraint_rules = "tables/constraint_rules.csv"
actions = "tables/actions.csv"

[[scenarios]]
name = "restore"
[[scenarios.actions]]
action = "afforest_mixed_broadleaf"
area_ha_per_yr = 5.0
start = 2021
end = 2025
"""


def polygon_county(folder: Path) -> dict[str, Any]:
    """A small county twice over, in ``folder`` (with a copy of the demo tables): its land cover
    as a class raster of 4×4-cell blocks (``raster.toml``) and as Third Survey polygons traced
    from it with their 地类编码 in DLBM (``polygons.toml``); plus the polygons with two codes the
    demo legend lacks (``dltb_roads.gpkg``: 1003 rural road ×3, 1202 ×1) and projects with
    mistakes: no class field, no cell size, the unknown codes. Returns the project paths by
    name, ``folder``, the class array ``lc`` and the road parcels' GeoDataFrame ``roads``."""
    import shutil

    import geopandas as gpd
    from affine import Affine
    from rasterio.features import shapes
    from shapely.geometry import shape

    demo = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"
    transform = Affine(*POLYGON_COUNTY_TRANSFORM)
    shutil.copytree(demo / "tables", folder / "tables")
    rng = np.random.default_rng(7)
    lc = np.kron(rng.integers(1, 13, size=(12, 15)), np.ones((4, 4), dtype=np.int64))
    lc = lc.astype(np.uint8)
    lc[:3, :5] = 0  # outside the county
    write_raster(folder / "lc.tif", lc, transform=transform, nodata=0)
    polys, codes = [], []
    for geom, value in shapes(lc, mask=lc > 0, transform=transform, connectivity=4):
        polys.append(shape(geom))
        codes.append(str(rng.choice(SANDIAO[int(value)])))
    gdf = gpd.GeoDataFrame({"DLBM": codes, "DLMC": ["地类"] * len(codes)}, geometry=polys,
                           crs="EPSG:4547")
    gdf.to_file(folder / "dltb.gpkg")
    roads = gdf.copy()
    roads.loc[roads.index[:3], "DLBM"] = "1003"
    roads.loc[roads.index[3], "DLBM"] = "1202"
    roads.to_file(folder / "dltb_roads.gpkg")
    out: dict[str, Any] = {"folder": folder, "lc": lc, "roads": roads}
    (folder / "raster.toml").write_text(f"""[project]
name = "lc raster"
base_year = 2020
{_POLYGON_COUNTY_TABLES}
[[layers]]
id = "lc"
path = "lc.tif"
role = "landcover"
year = 2020
""", encoding="utf-8")
    out["raster"] = folder / "raster.toml"
    good = f"""[project]
name = "lc polygons"
base_year = 2020

[grid]
crs = "EPSG:4547"
resolution = 30
{_POLYGON_COUNTY_TABLES}
[[layers]]
id = "lc"
path = "dltb.gpkg"
role = "landcover"
year = 2020
fields = {{ class = "DLBM" }}
"""
    variants = {"polygons": good,
                "no_field": good.replace('fields = { class = "DLBM" }\n', ""),
                "no_resolution": good.replace("resolution = 30\n", ""),
                "unknown": good.replace("dltb.gpkg", "dltb_roads.gpkg")}
    for name, text in variants.items():
        assert name == "polygons" or text != good
        (folder / f"{name}.toml").write_text(text, encoding="utf-8")
        out[name] = folder / f"{name}.toml"
    return out


# ============================================================================================
# the demo county, copied (tests must never write into sample_data)
# ============================================================================================

@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """The project file of a fresh copy of the demo county (no cache, no results)."""
    import shutil

    demo = Path(__file__).resolve().parents[1] / "sample_data" / "demo_county"
    folder = tmp_path / "demo"
    shutil.copytree(demo, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache", "results"))
    return folder / "demo_county.toml"
