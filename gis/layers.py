"""Layers: metadata of a raster or vector file, with lazy reads.

Opening a layer (see :func:`gis.readers.open_layer`) reads only metadata. Data is read on
demand: :meth:`RasterLayer.read` opens its own dataset handle per call (safe from threads), and
:meth:`VectorLayer.read` returns a GeoDataFrame with empty geometries dropped and invalid ones
repaired, reporting both as :class:`~gis.validate.Issue` objects on ``layer.issues``.

CRS: ``layer.crs`` is the file's CRS, or the user's override (``crs=`` when opening), which
wins over the file's own (it is *assigned*, not reprojected to). ``bounds`` are
(left, bottom, right, top) in ``layer.crs`` units.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
from rasterio.crs import CRS
from rasterio.windows import Window

from gis.errors import UnreadableError
from gis.grid import GridSpec
from gis.validate import Issue

if TYPE_CHECKING:
    import geopandas as gpd
    from rasterio.io import DatasetReader

Bounds = tuple[float, float, float, float]

#: Resampling names accepted by :meth:`RasterLayer.read` (rasterio.enums.Resampling members).
RESAMPLING_NAMES = ("nearest", "bilinear", "cubic", "average", "mode", "min", "max", "med",
                    "sum", "rms")


@dataclass(eq=False)
class Layer:
    """A geodata file: its display name, path, CRS and bounds (in that CRS).

    ``issues`` collects what was noticed while opening or reading (warnings and infos; errors
    are raised). ``source`` is the GDAL path used to open it (``/vsizip/...`` for zipped
    shapefiles); ``path`` is the user's file.
    """

    kind: ClassVar[str] = "layer"

    name: str
    path: Path
    crs: CRS
    bounds: Bounds
    source: str = ""
    crs_overridden: bool = False
    issues: list[Issue] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        if not self.source:
            self.source = str(self.path)

    @property
    def is_raster(self) -> bool:
        return self.kind == "raster"

    @property
    def is_vector(self) -> bool:
        return self.kind == "vector"

    def file_signature(self) -> tuple[str, int, int]:
        """(resolved path, size in bytes, mtime in ns) of the user's file (folder: newest file),
        used as a cache key for aligned copies."""
        p = self.path.resolve()
        if p.is_dir():
            files = [f for f in p.rglob("*") if f.is_file()]
            size = sum(f.stat().st_size for f in files)
            mtime = max((f.stat().st_mtime_ns for f in files), default=0)
            return (str(p), size, mtime)
        st = p.stat()
        sig_size, sig_mtime = st.st_size, st.st_mtime_ns
        # shapefile side files (.dbf, .prj, .cpg) change what is read too
        if p.suffix.lower() == ".shp":
            for ext in (".dbf", ".prj", ".cpg", ".shx"):
                for side in (p.with_suffix(ext), p.with_suffix(ext.upper())):
                    if side.exists():
                        s = side.stat()
                        sig_size += s.st_size
                        sig_mtime = max(sig_mtime, s.st_mtime_ns)
        return (str(p), sig_size, sig_mtime)


@dataclass(eq=False)
class RasterLayer(Layer):
    """A raster file: its grid (CRS, transform, shape, nodata), data type, band count and
    overview decimation factors (band 1)."""

    kind: ClassVar[str] = "raster"

    grid: GridSpec | None = None
    dtype: str = "uint8"
    count: int = 1
    nodata: float | None = None
    overviews: list[int] = field(default_factory=list)
    units: str | None = None

    @property
    def spec(self) -> GridSpec:
        """The raster's grid (never None for an opened raster)."""
        assert self.grid is not None
        return self.grid

    @property
    def shape(self) -> tuple[int, int]:
        return self.spec.shape

    @property
    def res(self) -> tuple[float, float]:
        return self.spec.res

    @contextlib.contextmanager
    def open(self) -> Iterator[DatasetReader]:
        """A fresh rasterio dataset handle (one per thread; close it by leaving the block)."""
        import rasterio

        from gis.errors import MissingFileError

        if not self.path.exists():
            raise MissingFileError(path=self.path)
        try:
            if self.crs_overridden:  # may lack georeferencing: GDAL would warn about it
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", category=_not_georef_warning())
                    ds = rasterio.open(self.source)
            else:  # no catch_warnings here: it is not thread-safe and blocks open per thread
                ds = rasterio.open(self.source)
        except Exception as exc:  # noqa: BLE001 - every GDAL failure is "unreadable" here
            raise UnreadableError(path=self.path, kind="raster", detail=str(exc)) from exc
        try:
            yield ds
        finally:
            ds.close()

    def read(self, band: int = 1, window: Window | None = None,
             out_shape: tuple[int, int] | None = None, resampling: str = "nearest",
             masked: bool = False) -> np.ndarray | np.ma.MaskedArray:
        """Read one band (1-based) of a window (whole raster by default).

        ``out_shape`` (rows, cols) decimates or replicates; for decimated reads GDAL uses the
        raster's overviews when they exist (fast previews). ``resampling`` is a
        :class:`rasterio.enums.Resampling` name. ``masked=True`` returns a masked array with
        nodata cells masked. Values are as stored (no scaling).
        """
        from rasterio.enums import Resampling

        if resampling not in RESAMPLING_NAMES:
            raise ValueError(f"resampling must be one of {RESAMPLING_NAMES}")
        if not 1 <= band <= self.count:
            raise ValueError(f"{self.path}: band {band} does not exist (1..{self.count})")
        with self.open() as ds:
            try:
                arr = ds.read(band, window=window, out_shape=out_shape,
                              resampling=Resampling[resampling], masked=masked)
            except Exception as exc:  # noqa: BLE001
                raise UnreadableError(path=self.path, kind="raster", detail=str(exc)) from exc
        result: np.ndarray | np.ma.MaskedArray = arr
        return result

    def describe(self) -> str:
        g = self.spec
        return (f"{self.name}: raster {g.width}x{g.height}, {self.count} band(s) {self.dtype}, "
                f"cell {g.res[0]:g}x{g.res[1]:g}, {self.crs.to_string()}, nodata {self.nodata}")


@dataclass(eq=False)
class VectorLayer(Layer):
    """A vector layer: geometry type, attribute fields (name → dtype string), feature count,
    attribute encoding and, for multi-layer files, the layer name inside the file."""

    kind: ClassVar[str] = "vector"

    geometry_type: str = "Unknown"
    fields: dict[str, str] = field(default_factory=dict)
    feature_count: int = 0
    encoding: str | None = None
    layer_name: str | None = None
    driver: str = ""
    open_encoding: str | None = None  # what pyogrio is told (None: GDAL decides)

    @property
    def is_polygonal(self) -> bool:
        return "polygon" in self.geometry_type.lower()

    def read(self, columns: list[str] | None = None,
             bbox: Bounds | None = None) -> gpd.GeoDataFrame:
        """The features as a GeoDataFrame in ``self.crs``, indexed by the file's feature id
        (``fid``).

        ``columns`` limits the attributes read (geometry is always read); ``bbox``
        (left, bottom, right, top, in ``self.crs`` units) limits features to those whose
        envelope intersects it. Features with empty or missing geometry are dropped and invalid
        geometries are repaired with :func:`shapely.make_valid` (polygon layers keep polygonal
        parts only); both are reported on ``self.issues`` (replacing those of earlier reads).
        """
        import pyogrio

        from gis.errors import GeometryError, MissingFileError

        if not self.path.exists():
            raise MissingFileError(path=self.path)
        if columns is not None:
            unknown = [c for c in columns if c not in self.fields]
            if unknown:
                raise GeometryError("field_missing", path=self.path, field=unknown[0],
                                    fields=", ".join(self.fields))
        try:
            gdf = pyogrio.read_dataframe(self.source, layer=self.layer_name,
                                         encoding=self._read_encoding(), columns=columns,
                                         bbox=bbox, fid_as_index=True, on_invalid="ignore")
        except Exception as exc:  # noqa: BLE001
            raise UnreadableError(path=self.path, kind="vector", detail=str(exc)) from exc
        gdf = gdf.set_crs(self.crs, allow_override=True)
        gdf.index.name = "fid"
        gdf, issues = clean_geometries(gdf, self.path, polygonal=self.is_polygonal)
        self.issues = [i for i in self.issues
                       if i.code not in ("geometry_empty", "geometry_invalid")] + issues
        return gdf

    def values(self, field_name: str) -> list[Any]:
        """Every feature's value of one attribute field, without reading geometries (what a
        class field holds, for matching it to a legend)."""
        import pyogrio

        from gis.errors import GeometryError, MissingFileError

        if not self.path.exists():
            raise MissingFileError(path=self.path)
        if field_name not in self.fields:
            raise GeometryError("field_missing", path=self.path, field=field_name,
                                fields=", ".join(self.fields))
        try:
            df = pyogrio.read_dataframe(self.source, layer=self.layer_name,
                                        encoding=self._read_encoding(), columns=[field_name],
                                        read_geometry=False)
        except Exception as exc:  # noqa: BLE001
            raise UnreadableError(path=self.path, kind="vector", detail=str(exc)) from exc
        return list(df[field_name])

    def _read_encoding(self) -> str | None:
        """The encoding to pass to pyogrio (set for shapefiles whose encoding was decided)."""
        return self.open_encoding

    def describe(self) -> str:
        return (f"{self.name}: {self.feature_count} {self.geometry_type} feature(s), "
                f"fields {', '.join(self.fields) or '-'}, {self.crs.to_string()}, "
                f"encoding {self.encoding}")


def _ids_text(ids: list[Any], limit: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (f", … (+{len(ids) - limit})" if len(ids) > limit else "")


def require_vector(layer: Layer) -> VectorLayer:
    """``layer`` when it holds features; InputError (``layer_not_vector``, naming the file)
    when it is a raster."""
    if not isinstance(layer, VectorLayer):
        from gis.errors import InputError

        raise InputError("layer_not_vector", path=layer.path)
    return layer


def clean_geometries(gdf: gpd.GeoDataFrame, path: str | Path, *, polygonal: bool | None = None
                     ) -> tuple[gpd.GeoDataFrame, list[Issue]]:
    """Drop empty/missing geometries and repair invalid ones; report both as issues.

    Feature ids in the messages are the frame's index values (the file's fids when read by
    :meth:`VectorLayer.read`). A repaired geometry that comes out empty is dropped too.
    """
    import shapely

    issues: list[Issue] = []
    geoms = gdf.geometry.values
    empty = np.asarray(shapely.is_missing(geoms) | shapely.is_empty(geoms), dtype=bool)
    if empty.any():
        ids = gdf.index[empty].tolist()
        issues.append(Issue("warning", "geometry_empty",
                            {"n": len(ids), "ids": _ids_text(ids)}, str(path)))
        gdf = gdf.loc[~empty]
    geoms = np.asarray(gdf.geometry.values)
    invalid = ~np.asarray(shapely.is_valid(geoms), dtype=bool)
    if invalid.any():
        ids = gdf.index[invalid].tolist()
        reasons = sorted({str(r).split("[")[0].strip() for r in shapely.is_valid_reason(geoms[invalid])})
        if polygonal is None:
            polygonal = bool(np.all(np.isin(shapely.get_type_id(geoms[invalid]), (3, 6))))
        if polygonal:
            fixed = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        else:
            fixed = shapely.make_valid(geoms[invalid])
        issues.append(Issue("warning", "geometry_invalid",
                            {"n": len(ids), "ids": _ids_text(ids), "reason": "; ".join(reasons)},
                            str(path)))
        gdf = gdf.copy()
        col = gdf.geometry.name
        new = np.asarray(gdf.geometry.values, dtype=object).copy()
        new[invalid] = fixed
        gdf[col] = gdf.geometry.__class__(new, index=gdf.index, crs=gdf.crs)
        now_empty = np.asarray(shapely.is_empty(new), dtype=bool)
        if now_empty.any():
            gdf = gdf.loc[~now_empty]
    return gdf, issues


def _not_georef_warning() -> type[Warning]:
    from rasterio.errors import NotGeoreferencedWarning

    warning: type[Warning] = NotGeoreferencedWarning
    return warning


__all__ = ["Bounds", "Layer", "RasterLayer", "VectorLayer", "clean_geometries", "require_vector"]
