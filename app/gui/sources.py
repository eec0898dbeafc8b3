"""Data access for the map: metadata, decimated raster reads for a view, vectors, identify.

Qt-free. The one place that touches the file readers: :func:`open_layer` uses the project's reader
registry (:mod:`gis.readers`) when present and a small rasterio/geopandas fallback otherwise, so
the map never branches on file extensions.

Rasters are read per request with their own dataset handle (thread-safe), only the window that is
visible and only at screen resolution (``out_shape``; GDAL picks overviews), so a zoomed-out
view never reads full resolution. Layers in another CRS are read decimated in their own CRS and
reprojected onto the screen grid on the fly.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np


# ---- the reader registry decides what a file is ---------------------------------------------------------
def supported_patterns() -> list[str]:
    from gis.readers import supported_patterns as patterns

    return list(patterns())


def open_layer(path: str | Path, **options: Any) -> Any:
    """A :class:`gis.layers.RasterLayer` or :class:`gis.layers.VectorLayer`."""
    from gis.readers import open_layer as open_with_registry

    return open_with_registry(path, **options)


# ---- layer info as the map needs it ---------------------------------------------------------------
@dataclass
class LayerInfo:
    """What the canvas needs to know about one layer (computed once, in the GUI thread)."""

    kind: str  # raster | vector | error
    path: Path
    crs: Any = None  # rasterio CRS
    bounds: tuple[float, float, float, float] | None = None  # native CRS
    view_bounds: tuple[float, float, float, float] | None = None  # in the map CRS
    dtype: str = "float32"
    nodata: float | None = None
    geometry_type: str = ""
    units: str = ""
    error: str | None = None  # user-facing message
    source: str = ""  # what GDAL opens (may be /vsizip/...)
    layer: Any = None  # the reader's layer object
    stats: dict[str, Any] = field(default_factory=dict)


def layer_info(entry: Any, map_crs: Any, lang: str = "en") -> LayerInfo:
    """Open a project layer's metadata; errors become ``kind='error'`` with a message."""
    from gis.errors import SinkplannerError

    path = Path(entry.path)
    try:
        lyr = open_layer(path, **entry.open_options())
    except SinkplannerError as exc:
        return LayerInfo("error", path, error=exc.message(lang))
    except Exception as exc:  # noqa: BLE001
        return LayerInfo("error", path, error=f"{path}: {exc}")
    kind = _kind(lyr)
    crs = _crs_of(lyr)
    if kind == "raster":
        grid = getattr(lyr, "grid", None)
        bounds = tuple(lyr.bounds)
        nodata = getattr(lyr, "nodata", None)
        if nodata is None and grid is not None:
            nodata = grid.nodata
        units = getattr(lyr, "units", None)
        info = LayerInfo("raster", path, crs, bounds, dtype=str(lyr.dtype), nodata=nodata,
                         layer=lyr, units=units if units is not None else _raster_units(path))
    else:
        info = LayerInfo("vector", path, crs, tuple(lyr.bounds) if lyr.bounds is not None else None,
                         geometry_type=str(getattr(lyr, "geometry_type", "")), layer=lyr)
    info.source = str(getattr(lyr, "source", "") or path)
    info.view_bounds = to_map_bounds(info.bounds, crs, map_crs)
    return info


def _kind(lyr: Any) -> str:
    return "raster" if lyr.kind == "raster" else "vector"


def _crs_of(lyr: Any) -> Any:
    from rasterio.crs import CRS

    crs = getattr(lyr, "crs", None)
    if crs is None and getattr(lyr, "grid", None) is not None:
        crs = lyr.grid.crs
    return None if crs is None else CRS.from_user_input(crs)


def _raster_units(path: Path) -> str:
    import rasterio

    try:
        with rasterio.open(path) as ds:
            tags = ds.tags()
            return str(tags.get("units") or tags.get("UNITS") or (ds.units[0] if ds.units else "") or "")
    except Exception:  # noqa: BLE001
        return ""


def to_map_bounds(bounds: tuple[float, float, float, float] | None, src_crs: Any,
                  map_crs: Any) -> tuple[float, float, float, float] | None:
    if bounds is None:
        return None
    if src_crs is None or map_crs is None or src_crs == map_crs:
        return tuple(float(b) for b in bounds)  # type: ignore[return-value]
    from rasterio.warp import transform_bounds

    try:
        return tuple(transform_bounds(src_crs, map_crs, *bounds, densify_pts=21))  # type: ignore[return-value]
    except Exception:  # noqa: BLE001
        return None


def map_crs_for(project: Any) -> Any:
    """The map's CRS: the project's grid CRS, else the reference layer's, else the first layer's."""
    from rasterio.crs import CRS

    crs = (project.grid or {}).get("crs")
    if crs:
        try:
            return CRS.from_user_input(crs)
        except Exception:  # noqa: BLE001
            pass
    ref = (project.grid or {}).get("reference")
    order = sorted(project.layers, key=lambda e: (e.id != ref, e.role != "landcover"))
    for entry in order:
        try:
            lyr = open_layer(entry.path, **entry.open_options())
            c = _crs_of(lyr)
        except Exception:  # noqa: BLE001
            continue
        if c is not None:
            return c
    return None


# ---- views ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class View:
    """A screen grid in map coordinates: top-left corner, map units per pixel, size in pixels."""

    left: float
    top: float
    mupp: float
    width: int
    height: int

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return (self.left, self.top - self.height * self.mupp,
                self.left + self.width * self.mupp, self.top)

    @property
    def transform(self) -> Any:
        from affine import Affine

        return Affine(self.mupp, 0, self.left, 0, -self.mupp, self.top)


def _intersect(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, float, float, float] | None:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None


def touches(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Bounds overlap or touch (a single point's degenerate bounds count)."""
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


@dataclass
class RasterPiece:
    """Pixels for part of a view: array + the map bounds it covers."""

    array: np.ndarray
    bounds: tuple[float, float, float, float]


def read_raster_for_view(info: LayerInfo, view: View, map_crs: Any,
                         band: int = 1) -> RasterPiece | None:
    """The visible part of a raster at (about) screen resolution, in the map CRS."""
    import rasterio
    from rasterio.enums import Resampling

    with rasterio.open(info.source or info.path) as ds:
        src_crs = info.crs or ds.crs
        same = map_crs is None or src_crs is None or src_crs == map_crs
        if same:
            inter = _intersect(view.bounds, tuple(ds.bounds))
            if inter is None:
                return None
            win, wb = _window_for(ds, inter)
            out_w = max(1, min(int(win.width), math.ceil((wb[2] - wb[0]) / view.mupp)))
            out_h = max(1, min(int(win.height), math.ceil((wb[3] - wb[1]) / view.mupp)))
            arr = ds.read(band, window=win, out_shape=(out_h, out_w),
                          resampling=Resampling.nearest)
            return RasterPiece(arr, wb)
        # another CRS: decimated read in the source CRS, reprojected onto the screen grid
        from rasterio.warp import reproject, transform_bounds

        try:
            src_view = transform_bounds(map_crs, src_crs, *view.bounds, densify_pts=21)
        except Exception:  # noqa: BLE001
            return None
        inter = _intersect(src_view, tuple(ds.bounds))
        if inter is None:
            return None
        win, wb = _window_for(ds, inter)
        frac_w = (wb[2] - wb[0]) / max(1e-12, src_view[2] - src_view[0])
        frac_h = (wb[3] - wb[1]) / max(1e-12, src_view[3] - src_view[1])
        out_w = max(1, min(int(win.width), math.ceil(view.width * frac_w * 1.5)))
        out_h = max(1, min(int(win.height), math.ceil(view.height * frac_h * 1.5)))
        src = ds.read(band, window=win, out_shape=(out_h, out_w), resampling=Resampling.nearest)
        from affine import Affine

        src_tr = Affine((wb[2] - wb[0]) / out_w, 0, wb[0], 0, -(wb[3] - wb[1]) / out_h, wb[3])
        src_f = src.astype(np.float64)
        if ds.nodata is not None:
            src_f[src == ds.nodata] = np.nan
        dst = np.full((view.height, view.width), np.nan, dtype=np.float64)
        reproject(src_f, dst, src_transform=src_tr, src_crs=src_crs, src_nodata=np.nan,
                  dst_transform=view.transform, dst_crs=map_crs, dst_nodata=np.nan,
                  resampling=Resampling.nearest)
        return RasterPiece(dst, view.bounds)


def _window_for(ds: Any, bounds: tuple[float, float, float, float]) -> tuple[Any, tuple[float, ...]]:
    """The whole-pixel window covering ``bounds`` and its exact bounds."""
    from rasterio.windows import Window

    inv = ~ds.transform
    c0, r0 = inv @ (bounds[0], bounds[3])
    c1, r1 = inv @ (bounds[2], bounds[1])
    c0, c1 = sorted((c0, c1))
    r0, r1 = sorted((r0, r1))
    c0 = max(0, math.floor(c0 + 1e-9))
    r0 = max(0, math.floor(r0 + 1e-9))
    c1 = min(ds.width, math.ceil(c1 - 1e-9))
    r1 = min(ds.height, math.ceil(r1 - 1e-9))
    win = Window(c0, r0, max(1, c1 - c0), max(1, r1 - r0))
    t = ds.transform
    x0, y0 = t @ (c0, r0)
    x1, y1 = t @ (c0 + win.width, r0 + win.height)
    return win, (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def raster_sample(info: LayerInfo, size: int = 512, band: int = 1) -> np.ndarray:
    """A decimated read of the whole raster (for ramp ranges and class detection)."""
    import rasterio
    from rasterio.enums import Resampling

    with rasterio.open(info.source or info.path) as ds:
        scale = max(1.0, max(ds.width, ds.height) / size)
        shape = (max(1, int(ds.height / scale)), max(1, int(ds.width / scale)))
        return ds.read(band, out_shape=shape, resampling=Resampling.nearest)


# ---- vectors ------------------------------------------------------------------------------------------
#: pyproj/geopandas CRS work is not safe to run concurrently in several threads (it crashed in
#: testing), so loading and reprojecting vectors is serialised; drawing uses plain shapely arrays.
GEO_LOCK = threading.Lock()


@dataclass
class VectorData:
    """A vector layer in the map CRS as plain arrays: shapely geometries, an STRtree over them,
    and the attributes (pandas, no geometry)."""

    geoms: np.ndarray
    tree: Any
    attrs: Any  # pandas.DataFrame, row i ↔ geoms[i]


class VectorCache:
    """Vector layers in the map CRS, loaded once per (path, options, CRS), thread-safe, LRU."""

    def __init__(self, max_items: int = 16) -> None:
        self._lock = threading.Lock()
        self._items: OrderedDict[Any, VectorData] = OrderedDict()
        self.max_items = max_items

    def get(self, info: LayerInfo, map_crs: Any) -> VectorData:
        key = (str(info.path), repr(getattr(info.layer, "encoding", None)),
               repr(getattr(info.layer, "layer_name", getattr(info.layer, "layer", None))),
               str(info.crs), None if map_crs is None else map_crs.to_string())
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        with GEO_LOCK:
            with self._lock:
                if key in self._items:
                    return self._items[key]
            import shapely

            gdf = info.layer.read()
            if gdf.crs is None and info.crs is not None:
                gdf = gdf.set_crs(info.crs)
            if map_crs is not None and gdf.crs is not None and gdf.crs != map_crs:
                gdf = gdf.to_crs(map_crs)
            geoms = np.asarray(gdf.geometry.array, dtype=object)
            keep = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
            geoms = geoms[keep]
            attrs = gdf.drop(columns=gdf.geometry.name)[keep]
            import pandas as pd

            attrs = pd.DataFrame(attrs).reset_index(drop=True)
            data = VectorData(geoms, shapely.STRtree(geoms), attrs)
        with self._lock:
            self._items[key] = data
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)
        return data

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


VECTORS = VectorCache()


# ---- land cover as polygons ---------------------------------------------------------------------
_CLASSES_LOCK = threading.Lock()


def is_landcover_polygons(entry: Any, info: LayerInfo | None) -> bool:
    return info is not None and info.kind == "vector" and entry.role == "landcover"


def landcover_vector_classes(info: LayerInfo, entry: Any, project: Any, legend_table: Any,
                             map_crs: Any) -> Any:
    """A polygon land cover's class field matched to the legend
    (:class:`app.gui.styles.VectorClasses`), or None when it cannot be (no class field named,
    a field the file lacks, no legend). Computed once per layer and class field from the
    map's copy of the features, and kept in ``info.stats["landcover"]`` with what stops the
    analyses from using the layer — the ``InputError`` ``app.pipeline`` raises, naming the
    file (see :func:`cached_landcover`). Thread-safe (render threads, identify)."""
    from app.gui import styles

    cached = cached_landcover(info, entry)
    if cached is not None:
        return cached[0]
    with _CLASSES_LOCK:
        cached = cached_landcover(info, entry)
        if cached is not None:
            return cached[0]
        field_name = (entry.fields or {}).get("class") or ""
        classes = None
        if field_name:
            data = VECTORS.get(info, map_crs)
            if field_name in data.attrs.columns:
                classes = styles.match_vector_classes(field_name, data.attrs[field_name],
                                                      legend_table)
        error = _landcover_error(project, entry, info, classes)
        info.stats["landcover"] = (_landcover_key(entry), classes, error)
        return classes


def _landcover_key(entry: Any) -> tuple[str, str]:
    return entry.role, (entry.fields or {}).get("class") or ""


def cached_landcover(info: LayerInfo, entry: Any) -> tuple[Any, Any] | None:
    """(class match or None, input error or None) of a polygon land cover as last matched
    for its present role and class field; None when not matched since (Layer → Properties
    may have named another field)."""
    got = info.stats.get("landcover")
    if got is None or got[0] != _landcover_key(entry):
        return None
    return got[1], got[2]


def _landcover_error(project: Any, entry: Any, info: LayerInfo, classes: Any) -> Any:
    """The input error a run would raise for this land-cover layer, or None."""
    from app.pipeline import analysis_grid, landcover_classes
    from gis.errors import InputError

    try:
        if classes is None or classes.unknown:
            landcover_classes(project, entry, info.layer)
    except InputError as exc:
        return exc
    except Exception:  # noqa: BLE001 - a problem the run reports in its own words
        return None
    if project is not None and project.grid.get("resolution") in (None, ""):
        try:
            analysis_grid(project)
        except InputError as exc:
            if exc.code == "grid_resolution_needed":  # the grid made from these polygons
                return exc
        except Exception:  # noqa: BLE001
            return None
    return None


# ---- identify -----------------------------------------------------------------------------------------
@dataclass
class IdentifyResult:
    layer_id: str
    title: str
    rows: list[tuple[str, str]]  # (field, value) already formatted for display
    value: Any = None  # the raw raster value (None for vectors / outside)


def identify_raster(info: LayerInfo, x: float, y: float, map_crs: Any) -> Any:
    """The raster's value at map point (x, y), or None outside / nodata."""
    import rasterio
    from rasterio.windows import Window

    with rasterio.open(info.source or info.path) as ds:
        src_crs = info.crs or ds.crs
        px, py = x, y
        if map_crs is not None and src_crs is not None and src_crs != map_crs:
            from rasterio.warp import transform

            xs, ys = transform(map_crs, src_crs, [x], [y])
            px, py = xs[0], ys[0]
        fc, fr = ~ds.transform @ (px, py)
        row, col = math.floor(fr), math.floor(fc)
        if not (0 <= row < ds.height and 0 <= col < ds.width):
            return None
        v = ds.read(1, window=Window(col, row, 1, 1))[0, 0]
        if ds.nodata is not None and (v == ds.nodata or (np.isnan(ds.nodata) and np.isnan(v))):
            return None
        return v.item() if hasattr(v, "item") else v


def identify_vector(info: LayerInfo, x: float, y: float, map_crs: Any,
                    tolerance: float = 0.0) -> list[dict[str, Any]]:
    """Attribute dicts of the features at map point (x, y)."""
    import shapely

    data = VECTORS.get(info, map_crs)
    pt = shapely.Point(x, y)
    geom = pt.buffer(tolerance) if tolerance > 0 else pt
    idx = data.tree.query(geom, predicate="intersects")
    out = []
    for i in sorted(int(k) for k in idx):
        rec = data.attrs.iloc[i]
        out.append({c: rec[c] for c in data.attrs.columns})
    return out


def format_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        if not math.isfinite(v):
            return ""
        return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"
    if isinstance(v, np.floating):
        return format_value(float(v))
    if isinstance(v, np.integer):
        return str(int(v))
    return str(v)
