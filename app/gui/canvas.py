"""The map canvas: pan, wheel zoom about the cursor, zoom to extent, scale bar, identify,
measure (:mod:`app.gui.measure`) and the highlighted features of a selection (attribute table).

Every visible layer is rendered for the current view into a QImage by a pool thread (decimated
reads, see :mod:`app.gui.sources`) and swapped in when ready; until then the previous image is
drawn stretched to the new view, so panning and zooming stay fluid. At most one render per layer
is in flight; newer requests supersede older ones (the old one is told to cancel). Finished images
are kept in a small LRU cache keyed by layer, style and view.
"""

from __future__ import annotations

import json
import math
from collections import OrderedDict
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QWidget

from app.gui import sources, threads
from app.gui.measure import TOOLS as MEASURE_TOOLS
from app.gui.measure import MeasureTool
from app.gui.render import Cancelled, Rendered, render_raster, render_vector
from app.gui.sources import IdentifyResult, LayerInfo, View
from app.model import AppModel

ZOOM_STEP = 1.25
# selected features: QGIS's yellow over a dark halo, visible on light and dark maps alike
SELECTION_LINE = QColor("#ffe600")
SELECTION_FILL = QColor(255, 230, 0, 90)
SELECTION_HALO = QColor(20, 20, 20, 200)
# antialiased wide strokes cost ~10 µs a vertex; a bigger selection (all 5,921 compartments of
# the demo: 120,000 vertices) is drawn without, in a tenth of the time
SELECTION_AA_VERTICES = 20_000


class _RenderSignals(QObject):
    done = Signal(str, int, object, str)  # layer id, request number, Rendered|None, error


class _RenderTask:
    """One layer render, run by :mod:`app.gui.threads`; results go through the canvas's
    long-lived signals object (queued to the GUI thread)."""

    def __init__(self, layer_id: str, req: int, fn: Any, key: Any, signals: _RenderSignals) -> None:
        self.layer_id, self.req, self.fn, self.key = layer_id, req, fn, key
        self.cancelled = False
        self.signals = signals

    def run(self) -> None:
        try:
            result = self.fn(lambda: self.cancelled)
            self.signals.done.emit(self.layer_id, self.req, result, "")
        except Cancelled:
            self.signals.done.emit(self.layer_id, self.req, None, "cancelled")
        except Exception as exc:  # noqa: BLE001 - shown in the layer panel tooltip
            self.signals.done.emit(self.layer_id, self.req, None, str(exc) or repr(exc))


class MapCanvas(QWidget):
    coordinates_changed = Signal(float, float)  # map coordinates under the cursor
    scale_changed = Signal(float)  # scale denominator
    identified = Signal(float, float, object)  # x, y, list[IdentifyResult]
    rendering_changed = Signal(int)  # number of renders in flight
    layer_error = Signal(str, str)  # layer id, message
    layer_rendered = Signal(str)  # layer id (a new image arrived)
    swipe_changed = Signal(object)  # layer id or None

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.map_crs: Any = None
        self.infos: dict[str, LayerInfo] = {}
        self.legend: dict[int, Any] = {}
        self.tool = "pan"
        self._cx = 0.0
        self._cy = 0.0
        self._mupp = 1.0
        self._have_view = False
        self._drag_start: QPoint | None = None
        self._drag_center: tuple[float, float] | None = None
        self._dragged = False
        self._marker: tuple[float, float] | None = None
        self.measure = MeasureTool(self)
        self.selection_layer: str | None = None  # the layer whose features are highlighted
        # (polygons to fill and outline, lines to stroke, points, map bounds, vertex count)
        self._selection: tuple[QPainterPath, QPainterPath, list[QPointF], tuple[float, ...],
                               int] | None = None
        self.swipe_layer: str | None = None  # drawn only left of the divider (map swipe)
        self.swipe_pos = 0.5  # divider position, fraction of the width
        self._swipe_drag = False
        self._images: dict[str, tuple[int, Rendered]] = {}
        self._cache: OrderedDict[Any, Rendered] = OrderedDict()
        self._cache_max = 32
        self._inflight: dict[str, _RenderTask] = {}
        self._pending: set[str] = set()
        self._req = 0
        self._closing = False
        self.pool = threads.pool()
        self._signals = _RenderSignals(self)
        self._signals.done.connect(self._on_rendered)
        self._timer = QTimer(self, singleShot=True, interval=60)
        self._timer.timeout.connect(self.refresh)

        model.project_changed.connect(self._on_project)
        model.layers_changed.connect(self._on_layers)
        model.layer_changed.connect(self._on_layer_changed)
        self._on_project()

    # ---- model events ----------------------------------------------------------------------------
    def disconnect_model(self) -> None:
        self.model.project_changed.disconnect(self._on_project)
        self.model.layers_changed.disconnect(self._on_layers)
        self.model.layer_changed.disconnect(self._on_layer_changed)

    def _on_project(self) -> None:
        self._cancel_all()
        self._images.clear()
        self._cache.clear()
        self.infos.clear()
        sources.VECTORS.clear()
        project = self.model.project
        self.map_crs = sources.map_crs_for(project) if project.layers else None
        legend_path = project.tables.get("legend")
        from app.gui.styles import load_legend

        self.legend = load_legend(legend_path)
        self._marker = None
        self.swipe_layer = None
        self.set_selection(None)
        self.measure.clear()
        self._have_view = False
        self._on_layers()
        self.zoom_full()

    def _on_layers(self) -> None:
        was_empty = not any(i.view_bounds is not None for i in self.infos.values())
        ids = {e.id for e in self.model.layers}
        for gone in set(self.infos) - ids:
            self.infos.pop(gone, None)
            self._images.pop(gone, None)
        if self.swipe_layer is not None and self.swipe_layer not in ids:
            self.set_swipe(None)
        if self.selection_layer is not None and self.selection_layer not in ids:
            self.set_selection(None)
        for entry in self.model.layers:
            if entry.id not in self.infos:
                self.infos[entry.id] = self.info_for(entry)
        if self.map_crs is None:
            for info in self.infos.values():
                if info.crs is not None:
                    self.map_crs = info.crs
                    for e in self.model.layers:
                        self.infos[e.id] = self.info_for(e)
                    break
        if not self._have_view or (was_empty and self.infos):
            self.zoom_full()  # the first layers of an empty map: show them
        self.schedule()
        self.update()

    def info_for(self, entry: Any) -> LayerInfo:
        return sources.layer_info(entry, self.map_crs, self.model.lang)

    def _on_layer_changed(self, layer_id: str, what: str) -> None:
        if what == "style":
            info = self.infos.get(layer_id)
            if info is not None:
                info.stats.pop("codes", None)
        self.schedule()
        self.update()

    # ---- view ---------------------------------------------------------------------------------------
    def view(self) -> View:
        w, h = max(1, self.width()), max(1, self.height())
        return View(self._cx - w / 2 * self._mupp, self._cy + h / 2 * self._mupp, self._mupp, w, h)

    def set_view(self, cx: float, cy: float, mupp: float) -> None:
        self._cx, self._cy = float(cx), float(cy)
        self._mupp = max(1e-9, float(mupp))
        self._have_view = True
        self.scale_changed.emit(self.scale_denominator())
        self.schedule()
        self.update()

    @property
    def center(self) -> tuple[float, float]:
        return self._cx, self._cy

    @property
    def marker(self) -> tuple[float, float] | None:
        """The last identified point (map coordinates)."""
        return self._marker

    @property
    def mupp(self) -> float:
        return self._mupp

    def full_extent(self) -> tuple[float, float, float, float] | None:
        boxes = [i.view_bounds for i in self.infos.values() if i.view_bounds is not None]
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes),
                max(b[2] for b in boxes), max(b[3] for b in boxes))

    def zoom_to_bounds(self, b: tuple[float, float, float, float] | None) -> None:
        if b is None:
            return
        w, h = max(1, self.width()), max(1, self.height())
        span = max((b[2] - b[0]) / w, (b[3] - b[1]) / h) * 1.06
        if span <= 0 or not math.isfinite(span):  # a single point: about 1:40,000
            geographic = self.map_crs is not None and self.map_crs.is_geographic
            span = 1e-4 if geographic else 10.0
        self.set_view((b[0] + b[2]) / 2, (b[1] + b[3]) / 2, span)

    def zoom_full(self) -> None:
        self.zoom_to_bounds(self.full_extent())

    def zoom_to_layer(self, layer_id: str | None) -> None:
        info = self.infos.get(layer_id or "")
        if info is not None:
            self.zoom_to_bounds(info.view_bounds)

    # ---- selection ------------------------------------------------------------------------------------
    def set_selection(self, layer_id: str | None, geoms: Any = ()) -> None:
        """Highlight ``geoms`` (shapely, in the map CRS) of layer ``layer_id``; None or no
        geometries clears. The outline is built once, in map coordinates; painting only
        transforms it."""
        import shapely

        geoms = [g for g in geoms if g is not None and not g.is_empty] if layer_id else []
        self.selection_layer = layer_id if geoms else None
        self._selection = None
        if geoms:
            areas, lines = QPainterPath(), QPainterPath()
            areas.setFillRule(Qt.FillRule.OddEvenFill)  # holes stay open
            points: list[QPointF] = []
            for part in shapely.get_parts(np.asarray(geoms, dtype=object)):
                kind = part.geom_type
                if kind == "Point":
                    points.append(QPointF(part.x, part.y))
                    continue
                polygon = kind == "Polygon"
                for ring in [part.exterior, *part.interiors] if polygon else [part]:
                    coords = shapely.get_coordinates(ring)
                    (areas if polygon else lines).addPolygon(
                        QPolygonF([QPointF(x, y) for x, y in coords]))
            arr = np.asarray(geoms, dtype=object)
            bounds = tuple(float(v) for v in shapely.total_bounds(arr))
            self._selection = (areas, lines, points, bounds,
                               int(shapely.get_num_coordinates(arr).sum()))
        self.update()

    def selection_bounds(self) -> tuple[float, float, float, float] | None:
        """The map bounds of the highlighted features (None without a selection)."""
        return self._selection[3] if self._selection is not None else None  # type: ignore[return-value]

    def zoom_to_selection(self) -> None:
        self.zoom_to_bounds(self.selection_bounds())

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        """factor > 1 zooms in; the map point under ``anchor`` (widget px) stays put."""
        if anchor is None:
            anchor = QPointF(self.width() / 2, self.height() / 2)
        mx, my = self.to_map(anchor)
        new = self._mupp / factor
        cx = mx - (anchor.x() - self.width() / 2) * new
        cy = my + (anchor.y() - self.height() / 2) * new
        self.set_view(cx, cy, new)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / (ZOOM_STEP * ZOOM_STEP))

    def to_map(self, pt: QPointF | QPoint) -> tuple[float, float]:
        return (self._cx + (pt.x() - self.width() / 2) * self._mupp,
                self._cy - (pt.y() - self.height() / 2) * self._mupp)

    def to_screen(self, x: float, y: float) -> QPointF:
        return QPointF((x - self._cx) / self._mupp + self.width() / 2,
                       (self._cy - y) / self._mupp + self.height() / 2)

    def metres_per_pixel(self) -> float:
        crs = self.map_crs
        if crs is not None and crs.is_geographic:
            return self._mupp * 111_320.0 * max(0.01, math.cos(math.radians(self._cy)))
        factor = 1.0
        if crs is not None:
            try:
                factor = float(crs.linear_units_factor[1])
            except Exception:  # noqa: BLE001
                factor = 1.0
        return self._mupp * factor

    def set_scale(self, denominator: float) -> None:
        """Zoom about the centre to the scale 1:``denominator``."""
        current = self.scale_denominator()
        if current > 0 and denominator > 0:
            self.set_view(self._cx, self._cy, self._mupp * denominator / current)

    def scale_denominator(self) -> float:
        dpi = self.logicalDpiX() or 96
        return self.metres_per_pixel() / (0.0254 / dpi)

    # ---- rendering ----------------------------------------------------------------------------------
    def schedule(self) -> None:
        if not self._closing:
            self._timer.start()

    def refresh(self) -> None:
        """Request renders for every visible layer whose image does not match the view."""
        if self._closing or not self._have_view:
            return
        view = self.view()
        for entry in self.model.layers:
            info = self.infos.get(entry.id)
            if info is None or info.kind == "error" or not entry.visible:
                continue
            if info.view_bounds is not None and not sources.touches(info.view_bounds, view.bounds):
                continue
            key = self._key(entry, view)
            cached = self._cache.get(key)
            if cached is not None:
                self._cache.move_to_end(key)
                self._req += 1
                self._images[entry.id] = (self._req, cached)
                continue
            if entry.id in self._inflight:
                self._inflight[entry.id].cancelled = True
                self._pending.add(entry.id)
                continue
            self._start(entry, view, key)
        self.rendering_changed.emit(len(self._inflight))
        self.update()

    def _key(self, entry: Any, view: View) -> tuple[Any, ...]:
        style = json.dumps(entry.style, sort_keys=True, default=str)
        return (entry.id, style, round(view.left, 6), round(view.top, 6), round(view.mupp, 9),
                view.width, view.height)

    def _start(self, entry: Any, view: View, key: tuple[Any, ...]) -> None:
        info = self.infos[entry.id]
        role, style = entry.role, dict(entry.style)
        if role == "townships" and "label" not in style and entry.fields.get("name"):
            style["label"] = entry.fields["name"]  # township names on the map
        legend, map_crs = self.legend, self.map_crs
        if info.kind == "raster":
            def fn(cancel: Any) -> Rendered | None:
                return render_raster(info, role, style, legend, view, map_crs, cancel)
        else:
            def fn(cancel: Any) -> Rendered | None:
                return render_vector(info, role, style, view, map_crs, cancel)
        self._req += 1
        task = _RenderTask(entry.id, self._req, fn, key, self._signals)
        self._inflight[entry.id] = task
        self.pool.start(task.run)

    def _on_rendered(self, layer_id: str, req: int, result: Any, error: str) -> None:
        task = self._inflight.get(layer_id)
        if task is not None and task.req == req:
            del self._inflight[layer_id]
            if result is not None and not task.cancelled:
                self._cache[task.key] = result
                while len(self._cache) > self._cache_max:
                    self._cache.popitem(last=False)
        if self._closing:
            return
        if error and error != "cancelled":
            self.layer_error.emit(layer_id, error)
        if not error:  # a fresh image, or None when the layer is outside the view
            current = self._images.get(layer_id)
            if current is None or current[0] < req:
                if result is None:
                    self._images.pop(layer_id, None)
                else:
                    first = layer_id not in self._images
                    self._images[layer_id] = (req, result)
                    if first:
                        self.layer_rendered.emit(layer_id)
        if layer_id in self._pending:
            self._pending.discard(layer_id)
            self.refresh()
        self.rendering_changed.emit(len(self._inflight))
        self.update()

    @property
    def busy(self) -> bool:
        return bool(self._inflight) or self._timer.isActive()

    def _cancel_all(self) -> None:
        for t in self._inflight.values():
            t.cancelled = True
        self._pending.clear()

    def shutdown(self, msecs: int = 10000) -> None:
        """Stop rendering and wait for render threads (call before the window closes)."""
        self._closing = True
        self._timer.stop()
        self._cancel_all()
        self.pool.wait(msecs)

    # ---- painting --------------------------------------------------------------------------------------
    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#f4f3ef"))
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for entry in self.model.layers:
            if not entry.visible or entry.id not in self._images:
                continue
            _, r = self._images[entry.id]
            left, bottom, right, top = r.bounds
            tl, br = self.to_screen(left, top), self.to_screen(right, bottom)
            p.setOpacity(max(0.0, min(1.0, entry.opacity)))
            if entry.id == self.swipe_layer:
                p.save()
                p.setClipRect(QRectF(0, 0, self.swipe_x(), self.height()))
                p.drawImage(QRectF(tl, br), r.image)
                p.restore()
            else:
                p.drawImage(QRectF(tl, br), r.image)
        p.setOpacity(1.0)
        self._draw_selection(p)
        if self.swipe_layer is not None:
            x = self.swipe_x()
            p.setPen(QPen(QColor(255, 255, 255), 4))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.setPen(QPen(QColor("#333333"), 1.5))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
            p.setBrush(QColor(255, 255, 255))
            p.drawEllipse(QPointF(x, self.height() / 2), 9, 9)
            p.drawText(QRectF(x - 9, self.height() / 2 - 9, 18, 18), Qt.AlignmentFlag.AlignCenter, "⇔")
        if self._marker is not None:
            s = self.to_screen(*self._marker)
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            p.setPen(QPen(QColor("#ffffff"), 4))
            p.drawEllipse(s, 6, 6)
            p.setPen(QPen(QColor("#d81b60"), 2))
            p.drawEllipse(s, 6, 6)
        self.measure.paint(p)
        if not self.model.layers:
            p.setPen(QColor("#777777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       self.tr("No layers. Open a project or drop map files here."))
        else:
            self._draw_scale_bar(p)
        p.end()

    def _draw_selection(self, p: QPainter) -> None:
        if self._selection is None:
            return
        areas, lines, points, _, vertices = self._selection
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, vertices <= SELECTION_AA_VERTICES)
        m = self._mupp
        p.setTransform(QTransform(1 / m, 0, 0, -1 / m, self.width() / 2 - self._cx / m,
                                  self.height() / 2 + self._cy / m))
        halo, pen = QPen(SELECTION_HALO, 4.5), QPen(SELECTION_LINE, 2.0)
        for q in (halo, pen):
            q.setCosmetic(True)  # widths in screen pixels, whatever the map transform
        p.fillPath(areas, SELECTION_FILL)
        p.setBrush(Qt.BrushStyle.NoBrush)
        for q in (halo, pen):  # drawPath, not strokePath: cosmetic pens take Qt's fast path
            p.setPen(q)
            p.drawPath(areas)
            p.drawPath(lines)
        p.resetTransform()
        p.setPen(QPen(SELECTION_HALO, 1.5))
        p.setBrush(SELECTION_LINE)
        for pt in points:
            p.drawEllipse(self.to_screen(pt.x(), pt.y()), 5.5, 5.5)
        p.restore()

    def _draw_scale_bar(self, p: QPainter) -> None:
        mpp = self.metres_per_pixel()
        if not math.isfinite(mpp) or mpp <= 0:
            return
        target = mpp * min(160, self.width() / 4)
        exp = 10 ** math.floor(math.log10(target))
        length = max((m * exp for m in (1, 2, 5, 10) if m * exp <= target), default=exp)
        px = length / mpp
        label = f"{length / 1000:g} km" if length >= 1000 else f"{length:g} m"
        x0, y0 = 16, self.height() - 18
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        p.fillRect(QRectF(x0 - 6, y0 - 22, px + 12, 30), QColor(255, 255, 255, 200))
        p.setPen(QPen(QColor("#222222"), 2))
        p.drawLine(QPointF(x0, y0), QPointF(x0 + px, y0))
        for x in (x0, x0 + px / 2, x0 + px):
            p.drawLine(QPointF(x, y0), QPointF(x, y0 - (6 if x != x0 + px / 2 else 4)))
        f = QFont(self.font())
        f.setPointSizeF(max(7.0, f.pointSizeF() * 0.9))
        p.setFont(f)
        p.drawText(QRectF(x0, y0 - 22, px, 14), Qt.AlignmentFlag.AlignCenter, label)

    # ---- mouse ------------------------------------------------------------------------------------------
    def swipe_x(self) -> float:
        return max(0.0, min(1.0, self.swipe_pos)) * self.width()

    def set_swipe(self, layer_id: str | None, pos: float | None = None) -> None:
        """Show ``layer_id`` only left of a draggable divider (None: off)."""
        self.swipe_layer = layer_id
        if pos is not None:
            self.swipe_pos = pos
        self.swipe_changed.emit(layer_id)
        self.update()

    def mousePressEvent(self, e: Any) -> None:  # noqa: N802
        if (e.button() == Qt.MouseButton.LeftButton and self.swipe_layer is not None
                and abs(e.position().x() - self.swipe_x()) <= 8):
            self._swipe_drag = True
            return
        if e.button() == Qt.MouseButton.LeftButton:
            self._drag_start = e.position().toPoint()
            self._drag_center = (self._cx, self._cy)
            self._dragged = False
            if self.tool == "pan":
                self.setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, e: Any) -> None:  # noqa: N802
        pos = e.position()
        x, y = self.to_map(pos)
        self.coordinates_changed.emit(x, y)
        if self.tool in MEASURE_TOOLS:
            self.measure.move(x, y)
        if self._swipe_drag:
            self.swipe_pos = max(0.0, min(1.0, pos.x() / max(1, self.width())))
            self.update()
            return
        if self.swipe_layer is not None and self._drag_start is None:
            near = abs(pos.x() - self.swipe_x()) <= 8
            self.setCursor(Qt.CursorShape.SplitHCursor if near else
                           (Qt.CursorShape.OpenHandCursor if self.tool == "pan"
                            else Qt.CursorShape.CrossCursor))
        if self._drag_start is not None and self._drag_center is not None:
            d = pos.toPoint() - self._drag_start
            if abs(d.x()) + abs(d.y()) > 3:
                self._dragged = True
            if self._dragged:
                self._cx = self._drag_center[0] - d.x() * self._mupp
                self._cy = self._drag_center[1] + d.y() * self._mupp
                self.update()

    def mouseReleaseEvent(self, e: Any) -> None:  # noqa: N802
        if self._swipe_drag:
            self._swipe_drag = False
            return
        if e.button() == Qt.MouseButton.RightButton and self.tool in MEASURE_TOOLS:
            self.measure.finish()
            return
        if e.button() != Qt.MouseButton.LeftButton or self._drag_start is None:
            return
        self._drag_start = None
        self.setCursor(Qt.CursorShape.OpenHandCursor if self.tool == "pan"
                       else Qt.CursorShape.CrossCursor)
        if self._dragged:
            self.set_view(self._cx, self._cy, self._mupp)
        elif self.tool == "identify":
            self.identify_at(*self.to_map(e.position()))
        elif self.tool in MEASURE_TOOLS:
            self.measure.click(*self.to_map(e.position()))

    def mouseDoubleClickEvent(self, e: Any) -> None:  # noqa: N802
        """A double-click finishes a measurement (its first click added the last point)."""
        if self.tool in MEASURE_TOOLS and e.button() == Qt.MouseButton.LeftButton:
            self.measure.finish()
        else:
            super().mouseDoubleClickEvent(e)

    def event(self, e: Any) -> bool:
        # Esc belongs to the measurement being drawn, before the window's Cancel-run shortcut
        if (e.type() == QEvent.Type.ShortcutOverride and e.key() == Qt.Key.Key_Escape
                and self.measure.active):
            e.accept()
            return True
        return super().event(e)

    def keyPressEvent(self, e: Any) -> None:  # noqa: N802
        if e.key() == Qt.Key.Key_Escape and self.measure.active:
            self.measure.clear()
        else:
            super().keyPressEvent(e)

    def wheelEvent(self, e: Any) -> None:  # noqa: N802
        steps = e.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(ZOOM_STEP ** steps, e.position())

    def resizeEvent(self, e: Any) -> None:  # noqa: N802
        if not self._have_view:
            self.zoom_full()
        self.schedule()
        super().resizeEvent(e)

    def set_tool(self, tool: str) -> None:
        """'pan', 'identify', 'measure_line' or 'measure_area' (a new tool clears a measurement)."""
        self.tool = tool
        if tool in MEASURE_TOOLS:
            self.measure.start(MEASURE_TOOLS[tool])
        else:
            self.measure.clear()
        self.setCursor(Qt.CursorShape.OpenHandCursor if tool == "pan"
                       else Qt.CursorShape.CrossCursor)

    # ---- identify ----------------------------------------------------------------------------------------
    def identify_at(self, x: float, y: float) -> list[IdentifyResult]:
        """Every visible layer's value at map point (x, y), top layer first; emits ``identified``."""
        from app.gui.identify import identify

        self._marker = (x, y)
        results = identify(self.model, self.infos, self.legend, self.map_crs, x, y,
                           tolerance=3 * self._mupp)
        self.update()
        self.identified.emit(x, y, results)
        return results
