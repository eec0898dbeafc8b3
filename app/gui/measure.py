"""Measuring on the ellipsoid: the Measure Line / Measure Area map tool, and the geodesy the
attribute table's area column shares with it.

Distances and areas are geodesic, on the ellipsoid of the CRS's geodetic datum (pyproj.Geod:
CGCS2000 for EPSG:4490 and its Gauss–Krüger zones, WGS 84 for EPSG:4326/3857), whatever the
projection: a projected map is measured as the ground is, not as the projection stretches it.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPen, QPolygonF

# the canvas tools this module drives, and the kind of measurement each makes
TOOLS = {"measure_line": "line", "measure_area": "area"}
# clicks closer than this (screen px) to the last point add nothing (the second click of a
# double-click, which finishes)
SAME_POINT_PX = 3.0


def pyproj_crs(crs: Any) -> Any:
    """A pyproj CRS from a rasterio CRS, a pyproj CRS or anything pyproj accepts."""
    from pyproj import CRS

    return CRS.from_user_input(crs.to_wkt() if hasattr(crs, "to_wkt") else crs)


class Geodesy:
    """Geodesic lengths and areas of coordinates given in ``crs``, on the ellipsoid of
    ``datum``'s geodetic CRS (``datum`` defaults to ``crs``). No Qt: workers use it too.

    Creating one uses PROJ; callers off the GUI thread hold :data:`app.gui.sources.GEO_LOCK`.
    """

    def __init__(self, crs: Any, datum: Any = None) -> None:
        from pyproj import Transformer

        src = pyproj_crs(crs)
        target = pyproj_crs(datum) if datum is not None else src
        self.geod = target.get_geod()
        if self.geod is None:
            raise ValueError(f"{target.name}: no ellipsoid")
        self.ellipsoid = target.ellipsoid.name if target.ellipsoid is not None else ""
        self._to_lonlat = Transformer.from_crs(src, target.geodetic_crs, always_xy=True)

    def lonlat(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        lon, lat = self._to_lonlat.transform(xy[:, 0], xy[:, 1])
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    def segment_lengths(self, xy: np.ndarray) -> np.ndarray:
        """Geodesic length (m) of each segment of the polyline ``xy`` (n × 2)."""
        lon, lat = self.lonlat(xy)
        if len(lon) < 2:
            return np.zeros(0)
        _, _, dist = self.geod.inv(lon[:-1], lat[:-1], lon[1:], lat[1:])
        return np.asarray(dist, dtype=float)

    def ring_area(self, xy: np.ndarray) -> tuple[float, float]:
        """Area (m², unsigned: either orientation) and perimeter (m) of the ring ``xy``."""
        lon, lat = self.lonlat(xy)
        area, perimeter = self.geod.polygon_area_perimeter(lon, lat)
        return abs(float(area)), float(perimeter)

    def areas_ha(self, geoms: np.ndarray) -> np.ndarray:
        """Area (ha) of each shapely geometry: exterior rings less holes, ring by ring, so the
        result does not depend on ring orientation (Geod.geometry_area_perimeter's does);
        NaN for what is not polygonal."""
        import shapely

        out = np.full(len(geoms), np.nan)
        for i, g in enumerate(geoms):
            if g is None or g.geom_type not in ("Polygon", "MultiPolygon"):
                continue
            total = 0.0
            for poly in shapely.get_parts(g):
                total += self.ring_area(shapely.get_coordinates(poly.exterior))[0]
                total -= sum(self.ring_area(shapely.get_coordinates(h))[0] for h in poly.interiors)
            out[i] = total / 10_000.0
        return out


class MeasureTool(QObject):
    """The state of one measurement on a canvas: clicked points (map coordinates), the point
    under the cursor while drawing, and whether it is finished. The canvas forwards its mouse
    and key events here while a measure tool is active and calls :meth:`paint`."""

    changed = Signal()  # points added, finished or cleared: the summary text changed

    def __init__(self, canvas: Any) -> None:
        super().__init__(canvas)
        self.canvas = canvas
        self.mode = "line"  # line | area
        self.points: list[tuple[float, float]] = []
        self.hover: tuple[float, float] | None = None
        self.finished = False
        self._geodesy: tuple[Any, Geodesy | None] = (None, None)

    # ---- editing ------------------------------------------------------------------------------------
    def start(self, mode: str) -> None:
        self.mode = mode
        self.clear()

    def clear(self) -> None:
        self.points, self.hover, self.finished = [], None, False
        self.changed.emit()
        self.canvas.update()

    @property
    def active(self) -> bool:
        return bool(self.points)

    def click(self, x: float, y: float) -> None:
        """Add a point; after a finished measurement, start a new one."""
        if self.finished:
            self.points, self.finished = [], False
        if self.points:
            last = self.canvas.to_screen(*self.points[-1])
            here = self.canvas.to_screen(x, y)
            if abs(last.x() - here.x()) + abs(last.y() - here.y()) <= SAME_POINT_PX:
                return
        self.points.append((x, y))
        self.changed.emit()
        self.canvas.update()

    def move(self, x: float, y: float) -> None:
        if self.points and not self.finished:
            self.hover = (x, y)
            self.canvas.update()

    def finish(self) -> None:
        if self.points and not self.finished:
            self.finished, self.hover = True, None
            self.changed.emit()
            self.canvas.update()

    # ---- results --------------------------------------------------------------------------------------
    def geodesy(self) -> Geodesy | None:
        """Geodesy of the map's CRS (None without a CRS or an ellipsoid), rebuilt when it changes."""
        crs = self.canvas.map_crs
        if self._geodesy[0] is not crs:
            try:
                geodesy = Geodesy(crs) if crs is not None else None
            except Exception:  # noqa: BLE001 - a CRS without an ellipsoid cannot be measured
                geodesy = None
            self._geodesy = (crs, geodesy)
        return self._geodesy[1]

    def segments(self) -> list[float]:
        """Geodesic length (m) of each segment between the clicked points."""
        g = self.geodesy()
        if g is None or len(self.points) < 2:
            return []
        return [float(d) for d in g.segment_lengths(np.array(self.points))]

    def area(self) -> tuple[float, float] | None:
        """Geodesic area (m²) and perimeter (m) of the clicked polygon (None under 3 points)."""
        g = self.geodesy()
        if g is None or len(self.points) < 3:
            return None
        return g.ring_area(np.array(self.points))

    # ---- texts ------------------------------------------------------------------------------------------
    def distance_text(self, metres: float) -> str:
        if metres < 1000:
            return self.tr("%1 m").replace("%1", f"{metres:,.1f}")
        return self.tr("%1 km").replace("%1", f"{metres / 1000:,.3f}")

    def area_text(self, m2: float) -> str:
        if m2 < 10_000:
            return self.tr("%1 m²").replace("%1", f"{m2:,.1f}")
        if m2 < 1_000_000:
            return self.tr("%1 ha").replace("%1", f"{m2 / 10_000:,.2f}")
        return (self.tr("%1 km² (%2 ha)").replace("%1", f"{m2 / 1e6:,.3f}")
                .replace("%2", f"{m2 / 10_000:,.1f}"))

    def summary(self) -> str:
        """One line for the status bar ('' when nothing is measured)."""
        if not self.points:
            return ""
        g = self.geodesy()
        if g is None:
            return self.tr("Cannot measure: the map's CRS has no ellipsoid.")
        on = self.tr("ellipsoidal, %1").replace("%1", g.ellipsoid)
        if self.mode == "area":
            res = self.area()
            if res is None:
                return self.tr("Area: click at least three points")
            return (self.tr("Area: %1 — perimeter %2 (%3)").replace("%1", self.area_text(res[0]))
                    .replace("%2", self.distance_text(res[1])).replace("%3", on))
        seg = self.segments()
        if not seg:
            return self.tr("Distance: click the next point")
        return (self.tr("Distance: %1 in %2 segment(s), last %3 (%4)")
                .replace("%1", self.distance_text(sum(seg))).replace("%2", str(len(seg)))
                .replace("%3", self.distance_text(seg[-1])).replace("%4", on))

    def details(self) -> str:
        """Every segment's length, one a line (the status label's tooltip)."""
        seg = self.segments()
        lines = [self.tr("Segment %1: %2").replace("%1", str(i)).replace("%2", self.distance_text(d))
                 for i, d in enumerate(seg, start=1)]
        return "\n".join([self.summary(), *lines]) if lines else self.summary()

    # ---- drawing ------------------------------------------------------------------------------------------
    def paint(self, p: QPainter) -> None:
        """The measured line or polygon, its vertices and labels (segment lengths at their
        middles and the total at the last point; the area inside the polygon)."""
        if not self.points:
            return
        c = self.canvas
        pts = [c.to_screen(x, y) for x, y in self.points]
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        line = QColor("#e65100")
        if self.mode == "area" and len(pts) >= 3:
            fill = QColor(line)
            fill.setAlpha(60)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(fill)
            p.drawPolygon(QPolygonF(pts))
        shape = pts + ([pts[0]] if self.mode == "area" and self.finished and len(pts) >= 3 else [])
        for pen in (QPen(QColor(255, 255, 255, 230), 5), QPen(line, 2.5)):
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPolyline(QPolygonF(shape))
        if self.hover is not None:  # the segment being drawn follows the cursor
            h = c.to_screen(*self.hover)
            dash = QPen(line, 1.5, Qt.PenStyle.DashLine)
            p.setPen(dash)
            p.drawLine(pts[-1], h)
            if self.mode == "area" and len(pts) >= 2:
                p.drawLine(h, pts[0])
        p.setPen(QPen(line, 1.5))
        p.setBrush(QColor(255, 255, 255))
        for s in pts:
            p.drawEllipse(s, 3.5, 3.5)
        if self.mode == "line":
            seg = self.segments()
            if len(seg) > 1:
                for a, b, d in zip(pts, pts[1:], seg, strict=False):
                    self._label(p, QPointF((a.x() + b.x()) / 2, (a.y() + b.y()) / 2),
                                self.distance_text(d), small=True)
            if seg:
                self._label(p, pts[-1] + QPointF(10, -12), self.distance_text(sum(seg)))
        else:
            res = self.area()
            if res is not None:
                mid = QPointF(sum(s.x() for s in pts) / len(pts), sum(s.y() for s in pts) / len(pts))
                self._label(p, mid, self.area_text(res[0]))
        p.restore()

    def _label(self, p: QPainter, at: QPointF, text: str, small: bool = False) -> None:
        """``text`` in a white box centred on ``at`` (legible over any map)."""
        f = p.font()
        f.setBold(not small)
        f.setPointSizeF(max(7.5, self.canvas.font().pointSizeF() * (0.9 if small else 1.05)))
        p.setFont(f)
        fm = QFontMetricsF(f)
        w, h = fm.horizontalAdvance(text) + 10, fm.height() + 4
        box = QRectF(at.x() - w / 2, at.y() - h / 2, w, h)
        p.setPen(QPen(QColor("#e65100"), 1))
        p.setBrush(QColor(255, 255, 255, 225))
        p.drawRoundedRect(box, 3, 3)
        p.setPen(QColor("#222222"))
        p.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
