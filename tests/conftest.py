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
