"""Alignment: choose the analysis grid and put every input on it. The ONE place that resamples.

* :func:`reference_grid` — the analysis grid: a reference raster's grid, or a snapped grid in
  another CRS / resolution covering the reference's extent.
* :func:`align_raster` — warp one raster band onto a grid, block by block through
  :class:`rasterio.vrt.WarpedVRT` (never the whole raster in memory). Class rasters use
  *nearest* when the source cells are as large as or larger than the grid's and *mode* when they
  are finer; continuous rasters use *average* when finer and *bilinear* otherwise. The mode is
  a vote of k×k sub-cells sampled with nearest through the WarpedVRT (about one per source
  cell), nodata voting too: unlike GDAL's mode, which ignores nodata, it does not grow classes
  into nodata, so class areas are conserved (see :func:`majority`).
* :func:`rasterize_vector` — burn polygons onto a grid block by block (per window only the
  features whose envelope intersects it, via the spatial index), after reprojecting them to the
  grid's CRS. Without an attribute the burnt value is the 1-based feature id (row order after
  empty geometries are dropped); models look attributes up by that id.
* :func:`align_layers` — all of a project's inputs, cached in a work folder keyed by the source
  file's signature, the grid and the method, so re-runs are instant.

Cell sizes are compared in metres on the ground (for geographic CRSs: the exact ellipsoidal area
of a cell at the grid's middle row, see :meth:`gis.grid.GridSpec.row_area_ha`). Outputs are
tiled, compressed GeoTIFFs written atomically (:func:`gis.io.atomic_path`); a cancelled run
raises :class:`~gis.errors.CancelledError` and leaves no partial file.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from affine import Affine
from rasterio.windows import Window

from gis.errors import (
    CancelledError,
    CRSError,
    ExtentError,
    GeometryError,
    InputError,
)
from gis.grid import GridSpec, to_crs
from gis.io import atomic_path, geotiff_profile
from gis.layers import Layer, RasterLayer, VectorLayer, clean_geometries, require_vector
from gis.messages import format_message
from gis.validate import Issue

if TYPE_CHECKING:
    import geopandas as gpd
    import pandas as pd

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None
AlignKind = Literal["classes", "continuous", "features", "attribute"]

#: Bump when the alignment method changes, so cached outputs are rebuilt.
#: 2: feature-id rasters in the smallest integer type that holds their ids, no predictor.
#: 3: attribute tables with few-valued text columns as categoricals.
CACHE_VERSION = 3
#: Rows × cols of the blocks written (a multiple of the 256-pixel GeoTIFF tiles).
BLOCK = 512
#: Rasterizing goes by bigger blocks: rasterio's per-call cost dominates small ones (150 000
#: survey polygons on 9 M cells: 8.9 s in 512-cell blocks, 5.4 s in 1024, 4.2 s in one call).
BURN_BLOCK = 1024
#: Source cells count as "finer" than the grid's when smaller than this share of their size.
FINER_RATIO = 0.99


# --------------------------------------------------------------------------------------------
# helpers


def iter_blocks(grid: GridSpec, block: int = BLOCK) -> Iterator[Window]:
    """Windows of at most ``block`` × ``block`` cells tiling ``grid`` row-major."""
    for r in range(0, grid.height, block):
        for c in range(0, grid.width, block):
            yield Window(c, r, min(block, grid.width - c), min(block, grid.height - r))


def _check_cancel(cancel: Cancel) -> None:
    if cancel is not None and cancel():
        raise CancelledError()


def _report(progress: Progress, fraction: float, message: str) -> None:
    if progress is not None:
        progress(min(1.0, max(0.0, fraction)), message)


def cell_size_m(grid: GridSpec) -> float:
    """The side (m) of a square with the area of a cell in the grid's middle row."""
    mid = grid.height // 2
    return math.sqrt(float(grid.row_area_ha(mid, mid + 1)[0]) * 10_000.0)


def _open(layer_or_path: Layer | str | Path) -> Layer:
    if isinstance(layer_or_path, Layer):
        return layer_or_path
    from gis.readers import open_layer

    return open_layer(layer_or_path)


def _describe_grid(grid: GridSpec) -> str:
    left, bottom, right, top = grid.bounds
    return (f"{grid.crs.to_string()}, {grid.width}x{grid.height} cells, "
            f"bounds {left:.6g}, {bottom:.6g}, {right:.6g}, {top:.6g}")


def _bounds_in(bounds: Sequence[float], src_crs: Any, dst_crs: Any) -> tuple[float, ...]:
    from rasterio.warp import transform_bounds

    if to_crs(src_crs) == to_crs(dst_crs):
        return tuple(float(b) for b in bounds)
    return tuple(transform_bounds(src_crs, dst_crs, *bounds, densify_pts=21))


def _overlaps(a: Sequence[float], b: Sequence[float]) -> bool:
    if any(not math.isfinite(v) for v in (*a, *b)):
        return False
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_extent(layer: Layer, grid: GridSpec) -> None:
    """Raise :class:`ExtentError` (``no_overlap``) if the layer's bounds miss the grid."""
    try:
        b = _bounds_in(layer.bounds, layer.crs, grid.crs)
    except Exception:  # noqa: BLE001 - bounds that cannot be transformed cannot overlap
        b = (math.nan,) * 4
    if not _overlaps(b, grid.bounds):
        raise ExtentError(path=layer.path, other=_describe_grid(grid))


# --------------------------------------------------------------------------------------------
# the reference grid


def reference_grid(layers: Sequence[Layer], *, reference: Layer | str | None = None,
                   crs: Any = None, resolution: float | tuple[float, float] | None = None,
                   bounds: tuple[float, float, float, float] | None = None) -> GridSpec:
    """The analysis grid.

    Default: the grid of ``reference`` (a layer, or the name of one of ``layers``; else the
    first raster in ``layers``). ``crs`` (any CRS text), ``resolution`` (cell size in the
    target CRS's units — metres for EPSG:4547, degrees for EPSG:4490) and ``bounds``
    (left, bottom, right, top in the target CRS) override it: the result is then a grid snapped
    to multiples of the resolution covering ``bounds`` or the reference's extent transformed to
    the target CRS. Without a resolution the reference's cell size is carried over (GDAL's
    default-transform estimate when the CRS changes). With only vector layers, ``resolution``
    is required and the extent is the union of the layers' bounds.
    """
    ref: Layer | None = None
    if isinstance(reference, Layer):
        ref = reference
    elif isinstance(reference, str):
        ref = next((lyr for lyr in layers if lyr.name == reference), None)
        if ref is None:
            raise ValueError(f"reference layer {reference!r} is not among the layers")
    else:
        ref = next((lyr for lyr in layers if isinstance(lyr, RasterLayer)), None)
        if ref is None and layers:
            ref = layers[0]
    if ref is None:
        raise ValueError("reference_grid needs at least one layer")
    target_crs = to_crs(crs) if crs not in (None, "") else ref.crs
    nodata = ref.nodata if isinstance(ref, RasterLayer) else None

    if isinstance(ref, RasterLayer) and bounds is None and target_crs == ref.crs and (
            resolution is None or _same_res(_as_res(resolution), ref.spec.res)):
        return ref.spec  # overrides that restate the reference's own CRS and cell size

    if resolution is None:
        if not isinstance(ref, RasterLayer):
            raise ValueError("a resolution is needed to build a grid from vector layers")
        if target_crs == ref.crs:
            resolution = ref.spec.res
        else:
            from rasterio.warp import calculate_default_transform

            tr, _, _ = calculate_default_transform(ref.crs, target_crs, ref.spec.width,
                                                   ref.spec.height, *ref.bounds)
            r = min(abs(tr.a), abs(tr.e))
            resolution = (r, r)
    if bounds is None:
        if isinstance(ref, RasterLayer):
            bounds = _bounds_in(ref.bounds, ref.crs, target_crs)  # type: ignore[assignment]
        else:
            parts = [_bounds_in(lyr.bounds, lyr.crs, target_crs) for lyr in layers]
            bounds = (min(p[0] for p in parts), min(p[1] for p in parts),
                      max(p[2] for p in parts), max(p[3] for p in parts))
    assert bounds is not None
    return GridSpec.from_bounds(*bounds, resolution=resolution, crs=target_crs, nodata=nodata)


# --------------------------------------------------------------------------------------------
# rasters


def _as_res(resolution: float | tuple[float, float]) -> tuple[float, float]:
    if isinstance(resolution, tuple | list):
        return (float(resolution[0]), float(resolution[1]))
    return (float(resolution), float(resolution))


def _same_res(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return all(abs(x - y) <= 1e-9 * max(abs(x), abs(y)) for x, y in zip(a, b, strict=True))


def choose_resampling(source: GridSpec, grid: GridSpec, kind: str) -> str:
    """'nearest'/'mode' for classes, 'bilinear'/'average' for continuous values, by whether
    the source's cells are finer than the grid's (compared as ground sizes in metres)."""
    finer = cell_size_m(source) < FINER_RATIO * cell_size_m(grid)
    if kind == "classes":
        return "mode" if finer else "nearest"
    if kind == "continuous":
        return "average" if finer else "bilinear"
    raise ValueError(f"kind must be 'classes' or 'continuous', not {kind!r}")


def _default_nodata(dtype: np.dtype[Any]) -> float:
    if dtype.kind == "f":
        return math.nan
    info = np.iinfo(dtype)
    return float(info.max if dtype.kind == "u" else info.min)


def on_grid(layer: RasterLayer, grid: GridSpec) -> bool:
    """True when the raster's cells are exactly the grid's (same CRS, transform, shape)."""
    return layer.spec.same_grid(grid)


def align_raster(layer_or_path: RasterLayer | str | Path, grid: GridSpec,
                 out_path: str | Path, *, kind: Literal["classes", "continuous"] = "classes",
                 band: int = 1, progress: Progress = None, cancel: Cancel = None) -> Path:
    """Warp band ``band`` of a raster onto ``grid`` and write it to ``out_path`` (GeoTIFF).

    Returns the source path unchanged when the raster is already on the grid (band 1, CRS from
    the file). Classes keep their data type; continuous values are written as float32
    (float64 sources stay float64). Nodata is the source's, or when it has none the dtype's
    maximum (unsigned), minimum (signed) or NaN (float); cells outside the source are nodata.
    Raises :class:`ExtentError` if the raster does not overlap the grid.
    """
    from rasterio.enums import Resampling

    layer = _open(layer_or_path)
    if not isinstance(layer, RasterLayer):
        raise InputError("error", path=layer.path,
                         detail=f"{layer.path}: a raster was expected, this is a vector layer")
    if not 1 <= band <= layer.count:
        raise InputError("error", path=layer.path,
                         detail=f"{layer.path}: band {band} does not exist (1..{layer.count})")
    if band == 1 and not layer.crs_overridden and on_grid(layer, grid):
        _report(progress, 1.0, layer.name)
        return layer.path
    check_extent(layer, grid)
    method = choose_resampling(layer.spec, grid, kind)
    src_dtype = np.dtype(layer.dtype)
    if kind == "classes":
        dtype = src_dtype
    else:
        dtype = np.dtype("float64") if src_dtype == np.float64 else np.dtype("float32")
    src_nodata = layer.nodata
    out_nodata = src_nodata if src_nodata is not None else _default_nodata(dtype)
    out_path = Path(out_path)
    profile = geotiff_profile(grid, dtype, out_nodata, categorical=kind == "classes")
    message = format_message("progress_aligning", name=layer.name)
    import rasterio
    from rasterio.vrt import WarpedVRT

    # Mode is computed here, not by GDAL: the source is warped with nearest onto a grid k times
    # finer than the target and each k×k group votes, nodata included. GDAL's own mode skips
    # nodata and clamps footprints at the raster's edge, which grows every class bordering
    # nodata by half a cell and biases class areas; the vote keeps them (area-conserving).
    k = _supersampling(layer.spec, grid) if method == "mode" else 1
    block = BLOCK if k == 1 else max(16, min(BLOCK, 2048 // k))
    blocks = list(iter_blocks(grid, block))
    warp_grid = grid if k == 1 else GridSpec(
        grid.crs, grid.transform @ Affine.scale(1.0 / k), grid.width * k, grid.height * k)
    warp_method = "nearest" if method == "mode" else method
    with layer.open() as src, atomic_path(out_path) as tmp:
        vrt_opts: dict[str, Any] = dict(crs=grid.crs, transform=warp_grid.transform,
                                        width=warp_grid.width, height=warp_grid.height,
                                        resampling=Resampling[warp_method], nodata=out_nodata,
                                        dtype=dtype.name)
        if src_nodata is not None:
            vrt_opts["src_nodata"] = src_nodata
        if layer.crs_overridden:
            vrt_opts["src_crs"] = layer.crs
            vrt_opts["src_transform"] = layer.spec.transform
        with WarpedVRT(src, **vrt_opts) as vrt, rasterio.open(tmp, "w", **profile) as dst:
            for i, win in enumerate(blocks):
                _check_cancel(cancel)
                if k == 1:
                    data = vrt.read(band, window=win)
                else:
                    fine = vrt.read(band, window=Window(win.col_off * k, win.row_off * k,
                                                        win.width * k, win.height * k))
                    data = majority(fine, k)
                dst.write(data, 1, window=win)
                _report(progress, (i + 1) / len(blocks), message)
            dst.update_tags(source=str(layer.path), resampling=method, kind=kind)
            if layer.units:
                dst.units = (layer.units,)
    return out_path


def _supersampling(source: GridSpec, grid: GridSpec) -> int:
    """Sub-cells per target cell side for the mode vote.

    When the target cell is (within 1%) a whole number n ≥ 2 of source cells across, n: each
    source cell then votes exactly once (the exact mode of the source cells). Otherwise an odd
    number of at least one per source cell (odd so that the vote has a centre sub-cell and a
    two-class border cannot tie), from 3 to 63.
    """
    ratio = cell_size_m(grid) / cell_size_m(source)
    n = round(ratio)
    if n >= 2 and abs(ratio - n) <= 0.01 * n and n <= 64:
        return int(n)
    k = int(min(63, max(3, math.ceil(ratio - 1e-6))))
    return k if k % 2 else k + 1


def majority(fine: np.ndarray, k: int) -> np.ndarray:
    """The most frequent value of each k×k group of ``fine`` (shape divisible by k), every
    value (nodata too) voting. Ties go to the value of the group's centre sub-cell when it is
    among them (so the vote falls back to nearest), else to the smaller value. NaN votes as
    one value."""
    h, w = fine.shape[0] // k, fine.shape[1] // k
    groups = fine[: h * k, : w * k].reshape(h, k, w, k)
    centre = groups[:, k // 2, :, k // 2]
    is_float = groups.dtype.kind == "f"
    values = np.unique(fine[~np.isnan(fine)] if is_float else fine)
    out = np.empty((h, w), dtype=fine.dtype)
    if is_float:
        best = np.isnan(groups).sum(axis=(1, 3))
        out[:] = np.nan
    else:
        best = np.full((h, w), -1, dtype=np.int64)
    for v in values:
        count = (groups == v).sum(axis=(1, 3))
        take = (count > best) | ((count == best) & (centre == v))
        best = np.where(take, count, best)
        out[take] = v
    return out


# --------------------------------------------------------------------------------------------
# vectors


def id_dtype(n_features: int) -> np.dtype[Any]:
    """The smallest integer type for 1-based feature ids up to ``n_features`` (0 = none):
    uint8, uint16, else int32. Id rasters are read on every planning and carbon pass, and
    decoding time grows with the bytes per cell (an int32 township raster took 3x as long to
    read as a uint8 one)."""
    if n_features <= np.iinfo(np.uint8).max:
        return np.dtype("uint8")
    if n_features <= np.iinfo(np.uint16).max:
        return np.dtype("uint16")
    return np.dtype("int32")


def _burn_dtype(values: np.ndarray, dtype: Any) -> np.dtype[Any]:
    if dtype is not None:
        out: np.dtype[Any] = np.dtype(dtype)
        return out
    if values.dtype.kind == "b":
        return np.dtype("uint8")
    if values.dtype.kind in "iu":
        return np.dtype("int32")
    if values.dtype.kind == "f":
        return np.dtype("float32")
    raise TypeError("only numeric attributes can be rasterized")


def prepare_features(layer_or_gdf: VectorLayer | gpd.GeoDataFrame | str | Path, grid: GridSpec,
                     attribute: str | None = None) -> tuple[gpd.GeoDataFrame, str, list[Issue]]:
    """The features (empties dropped, invalid repaired) reprojected to the grid's CRS, the path
    used in messages, and the issues found. Row order is preserved; the burnt 1-based id of row
    ``i`` is ``i + 1``."""
    import geopandas as gpd

    if isinstance(layer_or_gdf, gpd.GeoDataFrame):
        where = str(layer_or_gdf.attrs.get("source", "<features>"))
        gdf, issues = clean_geometries(layer_or_gdf, where)
    else:
        layer = require_vector(_open(layer_or_gdf))
        where = str(layer.path)
        if attribute is not None and attribute not in layer.fields:
            raise GeometryError("field_missing", path=layer.path, field=attribute,
                                fields=", ".join(layer.fields))
        gdf = layer.read()
        issues = [i for i in layer.issues if i.code in ("geometry_empty", "geometry_invalid")]
    if gdf.crs is None:
        raise CRSError(path=where)
    if attribute is not None and attribute not in gdf.columns:
        raise GeometryError("field_missing", path=where, field=attribute,
                            fields=", ".join(c for c in gdf.columns if c != gdf.geometry.name))
    if to_crs(gdf.crs) != grid.crs:
        gdf = gdf.to_crs(grid.crs)
    return gdf, where, issues


def rasterize_vector(layer_or_gdf: VectorLayer | gpd.GeoDataFrame | str | Path, grid: GridSpec,
                     out_path: str | Path, *, attribute: str | None = None, dtype: Any = None,
                     nodata: float = 0, all_touched: bool = False, progress: Progress = None,
                     cancel: Cancel = None) -> Path:
    """Burn features onto ``grid`` block by block and write ``out_path`` (GeoTIFF).

    ``attribute=None``: each cell gets the 1-based id of the feature covering its centre (row
    order after dropping empty geometries), in the smallest type holding the ids
    (:func:`id_dtype`), 0 = no feature. Otherwise the attribute's
    values (dtype inferred: integers → int32, floats → float32, booleans → uint8, unless
    ``dtype`` is given); features with a missing value are not burnt. Where features overlap,
    the later row wins. ``all_touched`` burns every cell a feature touches. The vector is
    reprojected to the grid's CRS first. Raises :class:`ExtentError` if no feature overlaps the
    grid.
    """
    gdf, where, _ = prepare_features(layer_or_gdf, grid, attribute)
    return _rasterize(gdf, where, grid, Path(out_path), attribute=attribute, dtype=dtype,
                      nodata=nodata, all_touched=all_touched, progress=progress, cancel=cancel)


class _Burner:
    """Burns one layer's features with per-feature values into windows of a grid (only the
    features whose envelope meets the window, via the spatial index; later rows win)."""

    def __init__(self, gdf: gpd.GeoDataFrame, values: np.ndarray, where: str, grid: GridSpec,
                 dtype: np.dtype[Any], all_touched: bool = False) -> None:
        import shapely

        self.geoms = np.asarray(gdf.geometry.values, dtype=object)
        total = np.asarray(shapely.total_bounds(self.geoms)) if len(self.geoms) \
            else np.full(4, np.nan)
        if not _overlaps(tuple(float(v) for v in total), grid.bounds):
            raise ExtentError(path=where, other=_describe_grid(grid))
        self.sindex = gdf.sindex  # the GeoDataFrame's spatial index (an STRtree)
        self.values = values
        self.grid = grid
        self.dtype = dtype
        self.all_touched = all_touched

    def burn(self, win: Window, fill: float) -> np.ndarray:
        import shapely
        from rasterio.features import rasterize

        sub = self.grid.subgrid(win)
        idx = np.sort(self.sindex.query(shapely.box(*sub.bounds)))
        if not len(idx):
            return np.full(sub.shape, fill, dtype=self.dtype)
        return rasterize(zip(self.geoms[idx], self.values[idx].tolist(), strict=True),  # type: ignore[no-any-return]
                         out_shape=sub.shape, transform=sub.transform, fill=fill,
                         all_touched=self.all_touched, dtype=self.dtype.name)


def _rasterize(gdf: gpd.GeoDataFrame, where: str, grid: GridSpec, out_path: Path, *,
               attribute: str | None, dtype: Any, nodata: float, all_touched: bool,
               progress: Progress, cancel: Cancel, block: int = BURN_BLOCK) -> Path:
    import rasterio

    if attribute is None:
        values = np.arange(1, len(gdf) + 1, dtype=np.int64)
        out_dtype = np.dtype(dtype) if dtype is not None else id_dtype(len(gdf))
    else:
        col = gdf[attribute]
        import pandas as pd

        if not pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col):
            raise InputError("error", path=where,
                             detail=f"{where}: field '{attribute}' is not numeric and cannot be "
                             "rasterized; rasterize the feature ids and look it up instead")
        keep = col.notna().to_numpy()
        gdf = gdf.loc[keep]
        values = np.asarray(col.to_numpy()[keep])
        out_dtype = _burn_dtype(values, dtype)
    burner = _Burner(gdf, values, where, grid, out_dtype, all_touched)
    profile = geotiff_profile(grid, out_dtype, nodata, categorical=attribute is None)
    blocks = list(iter_blocks(grid, block))
    name = Path(where).stem
    with atomic_path(out_path) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        for i, win in enumerate(blocks):
            _check_cancel(cancel)
            dst.write(burner.burn(win, nodata), 1, window=win)
            _report(progress, (i + 1) / len(blocks), format_message("progress_rasterizing", name=name))
        dst.update_tags(source=where, burn=attribute or "feature_id")
    return out_path


def attribute_table(gdf: gpd.GeoDataFrame) -> pd.DataFrame:
    """The attributes of features burnt as ids: indexed by the 1-based burnt id (``id``), with
    the file's feature id in column ``fid`` when the frame was indexed by it."""
    import pandas as pd

    table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    if table.index.name == "fid":
        table = table.reset_index()
    table.index = pd.RangeIndex(1, len(table) + 1, name="id")
    return compact_text(table)


def compact_text(table: pd.DataFrame) -> pd.DataFrame:
    """Text columns with few distinct values (forest type, land class, grade…) as
    categoricals: the models look such columns up once per distinct value, and a categorical
    hands them over without hashing every row again (3 columns of 379 000 compartments:
    1 instead of 33 ms in the planner's setup). The aligned tables are cached, so the hashing
    is paid once, at alignment."""
    import pandas as pd

    out = table.copy()
    for col in out.columns:
        s = out[col]
        text = isinstance(s.dtype, pd.StringDtype) or (s.dtype == object
                                                       and s.map(type).eq(str).all())
        if text and len(s) >= 1000 and s.notna().all() \
                and s.nunique() <= min(1000, len(s) // 20):
            out[col] = s.astype(pd.CategoricalDtype(sorted(s.unique())))
    return out


# --------------------------------------------------------------------------------------------
# packed code rasters


def code_values(values: Sequence[Any], codes: dict[str, int], default: int | None, missing: int,
                where: str, field_name: str) -> np.ndarray:
    """Codes (int64) of attribute ``values``: ``codes[text]`` of each value as trimmed,
    lower-case text (or, failing that, with spaces and dashes as ``_``: "Salt marsh" matches
    ``salt_marsh``); ``missing`` for an empty value; ``default`` for any other value, or an
    :class:`InputError` naming ``where``, the field and the allowed values when ``default``
    is None."""
    import pandas as pd

    out = np.full(len(values), missing, dtype=np.int64)
    for i, v in enumerate(values):
        if (pd.api.types.is_scalar(v) and pd.isna(v)) or not str(v).strip():  # None, NaN, NA
            continue
        key = str(v).strip().lower()
        alt = key.replace(" ", "_").replace("-", "_")
        if key in codes:
            out[i] = codes[key]
        elif alt in codes:
            out[i] = codes[alt]
        elif default is None:
            raise InputError("field_value_unknown", path=where, field=field_name, value=str(v),
                             choices=", ".join(codes))
        else:
            out[i] = default
    return out


@dataclass(frozen=True)
class CodePart:
    """One vector layer's share of a packed code raster (:func:`align_codes`): each feature's
    code (:func:`code_values` of its ``attribute``; ``missing`` for every feature when
    ``attribute`` is None), shifted left by ``shift`` bits. Where a layer's features overlap,
    the later row wins, as in a feature-id raster."""

    layer: Layer
    shift: int = 0
    attribute: str | None = None
    codes: tuple[tuple[str, int], ...] = ()
    default: int | None = 1
    missing: int = 1

    def feature_codes(self, gdf: gpd.GeoDataFrame, where: str) -> np.ndarray:
        if self.attribute is None:
            return np.full(len(gdf), self.missing, dtype=np.int64)
        return code_values(list(gdf[self.attribute]), dict(self.codes), self.default,
                           self.missing, where, self.attribute)


def align_codes(item_id: str, parts: Sequence[CodePart], grid: GridSpec, workdir: str | Path, *,
                dtype: str = "uint8", progress: Progress = None, cancel: Cancel = None
                ) -> AlignResult:
    """One raster on ``grid`` that packs several polygon layers into bit fields: each cell holds
    the OR of every part's code (shifted) at that cell, 0 where no feature lies.

    Several zone layers read as one small raster instead of one id raster each: the planner's
    block pass reads a quarter of the bytes. Cached in ``workdir`` like :func:`align_layers`,
    keyed on every part's source, field, codes and shift; ``paths[item_id]`` is the raster."""
    import rasterio

    out_dtype = np.dtype(dtype)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    key = _digest({"grid": grid.to_dict(), "dtype": out_dtype.name, "kind": "codes",
                   "parts": [{**_layer_payload(p.layer), "shift": p.shift,
                              "attribute": p.attribute, "codes": p.codes, "default": p.default,
                              "missing": p.missing} for p in parts]})
    stem = f"{_safe_id(item_id)}-{key}"
    out = workdir / f"{stem}.tif"
    result = AlignResult(grid=grid, paths={item_id: out})
    if out.exists():
        _report(progress, 1.0, format_message("progress_aligned"))
        return result
    burners: list[tuple[_Burner, int]] = []
    for part in parts:
        _check_cancel(cancel)
        layer = require_vector(part.layer)
        check_extent(layer, grid)
        gdf, where, issues = prepare_features(layer, grid, part.attribute)
        result.issues.extend(issues)
        values = part.feature_codes(gdf, where)
        if len(values) and int(values.max()) << part.shift > np.iinfo(out_dtype).max:
            raise ValueError(f"codes of {where} shifted by {part.shift} overflow {out_dtype}")
        burners.append((_Burner(gdf, values, where, grid, out_dtype), part.shift))
    _remove_stale(workdir, item_id, keep=stem)
    blocks = list(iter_blocks(grid, BURN_BLOCK))
    message = format_message("progress_rasterizing",
                             name=", ".join(Path(p.layer.path).stem for p in parts))
    profile = geotiff_profile(grid, out_dtype, 0, categorical=True)
    with atomic_path(out) as tmp, rasterio.open(tmp, "w", **profile) as dst:
        for i, win in enumerate(blocks):
            _check_cancel(cancel)
            acc = np.zeros((int(win.height), int(win.width)), dtype=out_dtype)
            for burner, shift in burners:
                acc |= np.left_shift(burner.burn(win, 0), shift, dtype=out_dtype)
            dst.write(acc, 1, window=win)
            _report(progress, (i + 1) / len(blocks), message)
        dst.update_tags(burn="codes", parts=";".join(str(p.layer.path) for p in parts))
    return result


# --------------------------------------------------------------------------------------------
# a whole project's inputs


@dataclass(frozen=True)
class AlignItem:
    """One input to put on the grid. ``kind``: 'classes' / 'continuous' for rasters;
    'features' (1-based id raster + attribute table) or 'attribute' (burn ``attribute``) for
    vectors. A raster given as 'features'/'attribute' is aligned as classes."""

    id: str
    layer: Layer
    kind: AlignKind = "classes"
    attribute: str | None = None
    band: int = 1
    #: for a vector 'classes' item: the class code each value of ``attribute`` burns as
    #: (value text as :func:`gis.legend.value_text` writes it → code; :mod:`gis.legend`)
    classes: tuple[tuple[str, int], ...] = ()


@dataclass
class AlignResult:
    """``paths[id]``: a GeoTIFF on ``grid`` for each item (the source itself when it already
    was); ``tables[id]``: the attributes of 'features' items indexed by burnt id;
    ``notices``: texts for the user (current language); ``issues``: geometry issues met."""

    grid: GridSpec
    paths: dict[str, Path] = field(default_factory=dict)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _layer_payload(layer: Layer) -> dict[str, Any]:
    """What an aligned copy of ``layer`` depends on besides the grid and the method."""
    return {
        "source": list(layer.file_signature()),
        "gdal_source": layer.source,
        "crs": layer.crs.to_wkt() if layer.crs_overridden else None,
        "encoding": getattr(layer, "open_encoding", None),
        "layer": getattr(layer, "layer_name", None),
    }


def _digest(payload: dict[str, Any]) -> str:
    text = json.dumps({"v": CACHE_VERSION, **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _class_codes(gdf: gpd.GeoDataFrame, attribute: str, classes: dict[str, int], where: str
                 ) -> tuple[gpd.GeoDataFrame, str, Any]:
    """The features with their class codes in a column to burn (missing class: not burnt);
    a value ``classes`` lacks is an input error naming the file and the field."""
    from gis.legend import ClassMatch, class_values_error, value_text

    texts = [value_text(v) for v in gdf[attribute]]
    unknown = {t: texts.count(t) for t in set(texts) if t and t not in classes}
    if unknown:
        raise class_values_error(where, attribute, ClassMatch("code", classes, unknown),
                                 "the legend")
    codes = np.array([classes[t] if t else np.nan for t in texts], dtype=np.float64)
    column = "__class_code__"
    top = max(classes.values(), default=0)
    return gdf.assign(**{column: codes}), column, "uint8" if top <= 255 else "uint16"


def cache_key(item: AlignItem, grid: GridSpec) -> str:
    """Hash of (source file signature, grid, kind, attribute, band, open options)."""
    return _digest({**_layer_payload(item.layer), "grid": grid.to_dict(), "kind": item.kind,
                    "attribute": item.attribute, "band": item.band,
                    **({"classes": item.classes} if item.classes else {})})


def _safe_id(s: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in s) or "layer"


def align_layers(items: Sequence[AlignItem], grid: GridSpec, workdir: str | Path, *,
                 progress: Progress = None, cancel: Cancel = None) -> AlignResult:
    """Put every item on ``grid``, caching outputs in ``workdir`` (created if needed).

    Rasters not on the grid are aligned with a ``grid_mismatch`` notice; vectors are rasterized
    ('features': ids + table, 'attribute': values). Cached outputs are reused when the source
    file (path, size, mtime), the grid and the method are unchanged. Raises
    :class:`ExtentError` for an input that does not overlap the grid and
    :class:`CancelledError` when ``cancel()`` returns True (no partial files are left).
    """
    import pandas as pd

    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(workdir)
    result = AlignResult(grid=grid)
    n = max(1, len(items))
    for k, item in enumerate(items):
        _check_cancel(cancel)
        base = k / n

        def sub(fraction: float, message: str, _base: float = base) -> None:
            _report(progress, _base + fraction / n, message)

        layer = item.layer
        stem = f"{_safe_id(item.id)}-{cache_key(item, grid)}"
        out = workdir / f"{stem}.tif"
        if isinstance(layer, RasterLayer):
            kind: Literal["classes", "continuous"] = (
                "continuous" if item.kind == "continuous" else "classes")
            if item.band == 1 and not layer.crs_overridden and on_grid(layer, grid):
                result.paths[item.id] = layer.path
                sub(1.0, layer.name)
                continue
            check_extent(layer, grid)
            result.notices.append(format_message(
                "grid_mismatch", None, path=str(layer.path),
                detail=grid.describe_difference(layer.spec)))
            if not out.exists():
                _remove_stale(workdir, item.id, keep=stem)
                align_raster(layer, grid, out, kind=kind, band=item.band, progress=sub,
                             cancel=cancel)
            result.paths[item.id] = out
        elif isinstance(layer, VectorLayer):
            table_path = workdir / f"{stem}.pkl"
            attribute = item.attribute if item.kind == "attribute" or (
                item.kind in ("classes", "continuous") and item.attribute) else None
            want_table = attribute is None
            if out.exists() and (not want_table or table_path.exists()):
                result.paths[item.id] = out
                if want_table:
                    result.tables[item.id] = pd.read_pickle(table_path)
                sub(1.0, layer.name)
                continue
            check_extent(layer, grid)
            _remove_stale(workdir, item.id, keep=stem)
            gdf, where, issues = prepare_features(layer, grid, attribute)
            result.issues.extend(issues)
            dtype = None
            if item.classes and attribute is not None:
                gdf, attribute, dtype = _class_codes(gdf, attribute, dict(item.classes), where)
            _rasterize(gdf, where, grid, out, attribute=attribute, dtype=dtype, nodata=0,
                       all_touched=False, progress=sub, cancel=cancel)
            if want_table:
                table = attribute_table(gdf)
                with atomic_path(table_path) as tmp:
                    table.to_pickle(tmp)
                result.tables[item.id] = table
            result.paths[item.id] = out
        else:  # pragma: no cover - only two layer kinds exist
            raise TypeError(f"cannot align {type(layer).__name__}")
    _report(progress, 1.0, format_message("progress_aligned"))
    return result


#: A temporary file in the work folder untouched for this long was left by a killed run.
ABANDONED_TEMP_S = 3600.0


def _remove_abandoned(workdir: Path) -> None:
    """Delete temporary files (:func:`gis.io.temp_sibling`) that a run killed while writing
    left behind; recent ones may belong to a run still writing (the GUI aligns in a child
    process while the planner aligns in the app), so only old ones go."""
    import time

    now = time.time()
    for p in workdir.glob(".*.tmp*"):
        try:
            if now - p.stat().st_mtime > ABANDONED_TEMP_S:
                p.unlink()
        except OSError:
            pass


def _remove_stale(workdir: Path, item_id: str, keep: str) -> None:
    """Delete earlier cached outputs of the same item (other keys)."""
    prefix = f"{_safe_id(item_id)}-"
    for p in workdir.glob(f"{prefix}*"):
        rest = p.name[len(prefix):]
        if p.stem != keep and len(rest.split(".")[0]) == 20:
            try:
                p.unlink()
            except OSError:
                pass


__all__ = ["AlignItem", "AlignKind", "AlignResult", "CodePart", "align_codes", "align_layers",
           "align_raster", "attribute_table", "cache_key", "cell_size_m", "check_extent",
           "choose_resampling", "code_values", "id_dtype", "iter_blocks", "on_grid",
           "prepare_features", "rasterize_vector", "reference_grid"]
