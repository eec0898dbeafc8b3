"""The grid spec: the geo metadata that travels with every array.

A :class:`GridSpec` is a small frozen value (CRS, affine transform, shape, nodata). Every array
handed across a module boundary goes with one. CRSs are built only through
:func:`to_crs` (``CRS.from_user_input``).

Pixel area is computed, never assumed: for projected CRSs it is the planar cell area (in the
CRS's linear unit converted to metres); for geographic CRSs it is the exact area of the cell on
the CRS's ellipsoid, which depends on latitude and so differs per row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

import numpy as np
from affine import Affine
from rasterio.crs import CRS
from rasterio.windows import Window
from rasterio.windows import from_bounds as window_from_bounds

M2_PER_HA = 10_000.0


def to_crs(value: Any) -> CRS:
    """Build a CRS from anything users write: 'EPSG:4547', 4490, WKT, PROJ string, CRS."""
    if isinstance(value, CRS):
        return value
    return CRS.from_user_input(value)


@dataclass(frozen=True)
class GridSpec:
    """A north-up raster grid: CRS, affine transform, shape and nodata."""

    crs: CRS
    transform: Affine
    width: int
    height: int
    nodata: float | None = None

    # ---- construction ------------------------------------------------------------------
    @classmethod
    def from_dataset(cls, ds: Any) -> GridSpec:
        """From an open rasterio dataset (or anything with crs/transform/width/height)."""
        nodata = getattr(ds, "nodata", None)
        return cls(to_crs(ds.crs), ds.transform, int(ds.width), int(ds.height),
                   None if nodata is None else float(nodata))

    @classmethod
    def from_bounds(cls, left: float, bottom: float, right: float, top: float,
                    resolution: float | tuple[float, float], crs: Any,
                    nodata: float | None = None) -> GridSpec:
        """The grid of ``resolution`` that covers the bounds, snapped outward to whole cells
        counted from the resolution's multiples (so grids made this way share cell edges)."""
        if isinstance(resolution, tuple | list):
            xres, yres = float(resolution[0]), float(resolution[1])
        else:
            xres = yres = float(resolution)
        left_s = math.floor(left / xres + 1e-9) * xres
        top_s = math.ceil(top / yres - 1e-9) * yres
        right_s = math.ceil(right / xres - 1e-9) * xres
        bottom_s = math.floor(bottom / yres + 1e-9) * yres
        width = max(1, int(round((right_s - left_s) / xres)))
        height = max(1, int(round((top_s - bottom_s) / yres)))
        return cls(to_crs(crs), Affine(xres, 0.0, left_s, 0.0, -yres, top_s), width, height,
                   nodata)

    def with_nodata(self, nodata: float | None) -> GridSpec:
        return replace(self, nodata=nodata)

    # ---- geometry -----------------------------------------------------------------------
    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols), as numpy arrays are."""
        return (self.height, self.width)

    @property
    def size(self) -> int:
        return self.width * self.height

    @property
    def res(self) -> tuple[float, float]:
        return (abs(self.transform.a), abs(self.transform.e))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """(left, bottom, right, top) of the grid's outer cell edges."""
        corners = [self.transform @ (c, r) for c in (0, self.width) for r in (0, self.height)]
        xs = [float(x) for x, _ in corners]
        ys = [float(y) for _, y in corners]
        return (min(xs), min(ys), max(xs), max(ys))

    @property
    def is_north_up(self) -> bool:
        return self.transform.b == 0 and self.transform.d == 0 and self.transform.e < 0

    @property
    def is_geographic(self) -> bool:
        return bool(self.crs.is_geographic)

    def window(self, row_off: int, col_off: int, height: int, width: int) -> Window:
        return Window(col_off, row_off, width, height)

    def window_from_bounds(self, left: float, bottom: float, right: float, top: float) -> Window:
        return window_from_bounds(left, bottom, right, top, self.transform)

    def subgrid(self, window: Window) -> GridSpec:
        """The grid of a window of this grid."""
        w = window.round_offsets().round_lengths()
        return GridSpec(self.crs, self.transform @ Affine.translation(w.col_off, w.row_off),
                        int(w.width), int(w.height), self.nodata)

    def same_grid(self, other: GridSpec, rtol: float = 1e-6) -> bool:
        """True when both grids have the same CRS, shape and cell edges (nodata ignored)."""
        if self.shape != other.shape or self.crs != other.crs:
            return False
        ta, tb = self.transform, other.transform
        tol = rtol * max(self.res)
        return all(abs(x - y) <= tol for x, y in zip(ta[:6], tb[:6], strict=True))

    def describe_difference(self, other: GridSpec) -> str:
        """A short text saying how ``other`` differs from this grid (for notices)."""
        parts = []
        if self.crs != other.crs:
            parts.append(f"CRS {other.crs.to_string()} vs {self.crs.to_string()}")
        if self.res != other.res:
            parts.append(f"cell size {other.res[0]:g}x{other.res[1]:g} vs {self.res[0]:g}x{self.res[1]:g}")
        if self.shape != other.shape:
            parts.append(f"shape {other.shape} vs {self.shape}")
        if not parts:
            parts.append("cell edges are offset")
        return "; ".join(parts)

    def xy(self, row: float, col: float) -> tuple[float, float]:
        """Coordinates of the centre of cell (row, col)."""
        x, y = self.transform @ (col + 0.5, row + 0.5)
        return (x, y)

    def rowcol(self, x: float, y: float) -> tuple[int, int]:
        """The (row, col) of the cell containing (x, y); may lie outside the grid."""
        col, row = ~self.transform @ (x, y)
        return (int(math.floor(row)), int(math.floor(col)))

    # ---- area ----------------------------------------------------------------------------
    @cached_property
    def _linear_factor(self) -> float:
        try:
            return float(self.crs.linear_units_factor[1])
        except Exception:  # noqa: BLE001 - CRS without a linear unit: assume metres
            return 1.0

    def row_area_ha(self, row_start: int = 0, row_stop: int | None = None) -> np.ndarray:
        """Area in hectares of one cell in each row ``row_start..row_stop-1`` (float64 array).

        Projected CRS: planar area |det(transform)| in m² (linear unit converted).
        Geographic CRS: the exact area of the cell on the CRS ellipsoid (authalic formula),
        which varies with latitude.
        """
        row_stop = self.height if row_stop is None else row_stop
        n = max(0, row_stop - row_start)
        if not self.is_north_up:
            raise ValueError("pixel area is only defined here for north-up grids")
        if not self.is_geographic:
            area = abs(self.transform.a * self.transform.e) * self._linear_factor ** 2
            return np.full(n, area / M2_PER_HA)
        rows = np.arange(row_start, row_stop + 1, dtype=np.float64)
        lat_edges = self.transform.f + rows * self.transform.e  # degrees, top edges then bottom
        dlon = math.radians(abs(self.transform.a))
        ell = _ellipsoid(self.crs)
        band = _authalic_band_area(np.radians(lat_edges[:-1]), np.radians(lat_edges[1:]), *ell)
        return band * dlon / M2_PER_HA

    def pixel_area_ha(self) -> float:
        """The single cell area for projected grids; raises for geographic grids, whose area
        varies by row (use :meth:`row_area_ha`)."""
        if self.is_geographic:
            raise ValueError("pixel area varies by row in a geographic CRS; use row_area_ha()")
        return float(self.row_area_ha(0, 1)[0])

    def area_ha(self, window: Window | None = None) -> np.ndarray:
        """Cell areas (ha) for a window as a (rows, 1) column that broadcasts over columns."""
        if window is None:
            window = Window(0, 0, self.width, self.height)
        r0 = int(window.row_off)
        return self.row_area_ha(r0, r0 + int(window.height))[:, None]

    def total_area_ha(self) -> float:
        return float(self.row_area_ha().sum() * self.width)

    # ---- serialisation (project files, dask, summaries) ----------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"crs": self.crs.to_string(), "transform": list(self.transform)[:6],
                "width": self.width, "height": self.height, "nodata": self.nodata}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> GridSpec:
        return cls(to_crs(d["crs"]), Affine(*d["transform"]), int(d["width"]), int(d["height"]),
                   d.get("nodata"))


def _ellipsoid(crs: CRS) -> tuple[float, float]:
    """(semi-major axis a in m, eccentricity e) of the CRS's ellipsoid."""
    from pyproj import CRS as ProjCRS

    ell = ProjCRS.from_user_input(crs.to_wkt()).ellipsoid
    a = float(ell.semi_major_metre) if ell is not None else 6378137.0
    inv_f = float(ell.inverse_flattening) if ell is not None else 298.257222101
    f = 0.0 if inv_f == 0 else 1.0 / inv_f
    e = math.sqrt(f * (2 - f))
    return a, e


def _q(phi: np.ndarray, e: float) -> np.ndarray:
    s: np.ndarray = np.sin(phi)
    if e == 0:
        return 2.0 * s
    es = e * s
    q: np.ndarray = (1 - e * e) * (s / (1 - es * es) - (1 / (2 * e)) * np.log((1 - es) / (1 + es)))
    return q


def _authalic_band_area(phi1: np.ndarray, phi2: np.ndarray, a: float, e: float) -> np.ndarray:
    """Area (m²) per radian of longitude of the band between latitudes phi1 and phi2."""
    area: np.ndarray = np.abs(0.5 * a * a * (_q(phi1, e) - _q(phi2, e)))
    return area
