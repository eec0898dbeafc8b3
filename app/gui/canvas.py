"""The map canvas: pan, wheel zoom about the cursor, zoom to extent, scale bar, identify,
measure (:mod:`app.gui.measure`), select features (click or rectangle) and the highlighted
selected features.

The selected features of every vector layer live in one :class:`FeatureSelection`
(``canvas.feature_selection``), shared by the map's Select Features tool and the attribute
table: whoever changes it, the map highlights and the table selects what it holds.

Every visible layer is rendered for the current view into a QImage by a pool thread (decimated
reads, see :mod:`app.gui.sources`) and swapped in when ready; until then the previous image is
drawn stretched to the new view, so panning and zooming stay fluid. At most one render per layer
is in flight; newer requests supersede older ones (the old one is told to cancel). Finished images
are kept in a small LRU cache keyed by layer, style and view.
"""

from __future__ import annotations

import json
import math
import struct
from collections import OrderedDict
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QByteArray,
    QDataStream,
    QEvent,
    QObject,
    QPoint,
    QPointF,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QTransform,
)
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
# a selection with more vertices is drawn by a pool thread (the last image meanwhile), one with
# fewer at once, in the paint (a few ms)
SELECTION_SYNC_VERTICES = 5_000
# the Select Features tool's rectangle
BAND_LINE = QColor("#1f5fa8")
BAND_FILL = QColor(31, 95, 168, 60)
#: the canvas's map tools (see MapCanvas.set_tool)
TOOLS = ("pan", "identify", "select", *MEASURE_TOOLS)
_NO_ROWS = np.zeros(0, dtype=np.int64)
_NO_ROWS.setflags(write=False)


class FeatureSelection(QObject):
    """The selected features of each vector layer, shared by the map and the attribute table
    (one selection per layer, as in QGIS). A feature is its row number in the layer as
    :data:`app.gui.sources.VECTORS` reads it — the attribute table's rows, the map's features.

    ``changed(layer_id)`` is emitted once for each change and never for a call that changes
    nothing, so a view that follows it and writes back the same rows ends the exchange."""

    changed = Signal(str)  # layer id

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: dict[str, np.ndarray] = {}

    def rows(self, layer_id: str | None) -> np.ndarray:
        """The selected rows of ``layer_id``, ascending, read-only (empty when none)."""
        return self._rows.get(layer_id or "", _NO_ROWS)

    def count(self, layer_id: str | None) -> int:
        return len(self.rows(layer_id))

    def layers(self) -> list[str]:
        """The layers with selected features, in the order they were first selected."""
        return list(self._rows)

    def set(self, layer_id: str, rows: Any, mode: str = "replace") -> bool:
        """Select ``rows`` of ``layer_id``: 'replace' the selection, 'add' to it, 'remove'
        from it or 'toggle' each row. True when the selection changed (and ``changed`` was
        emitted)."""
        new = np.unique(np.asarray(rows, dtype=np.int64).ravel())
        old = self.rows(layer_id)
        if mode == "add":
            new = np.union1d(old, new)
        elif mode == "remove":
            new = np.setdiff1d(old, new, assume_unique=True)
        elif mode == "toggle":
            new = np.setxor1d(old, new, assume_unique=True)
        elif mode != "replace":
            raise ValueError(f"unknown selection mode {mode!r}")
        if np.array_equal(new, old):
            return False
        if len(new):
            new.setflags(write=False)
            self._rows[layer_id] = new
        else:
            self._rows.pop(layer_id, None)
        self.changed.emit(layer_id)
        return True

    def clear(self, layer_id: str | None = None) -> None:
        """Deselect the features of ``layer_id`` (None: of every layer)."""
        for lid in [layer_id] if layer_id is not None else list(self._rows):
            if self._rows.pop(lid, None) is not None:
                self.changed.emit(lid)


# a QPainterPath element as QDataStream writes it (little-endian here): type, x, y
_ELEMENT = np.dtype([("type", "<i4"), ("x", "<f8"), ("y", "<f8")])


def _path(coords: np.ndarray, index: np.ndarray) -> QPainterPath:
    """One path of closed rings or open lines: ``coords`` (n × 2) with ``index`` numbering the
    ring/line of each vertex, as ``shapely.get_coordinates(..., return_index=True)`` gives them.

    The path is read from bytes in QPainterPath's QDataStream format, built with numpy: one C++
    call instead of a QPointF per vertex (all 5,921 compartments of the demo, 120,000 vertices:
    ~10 ms instead of ~140 ms on the GUI thread). Same elements as ``addPolygon`` per ring."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)  # holes stay open
    n = len(coords)
    if n == 0:
        return path
    starts = np.ones(n, dtype=bool)
    starts[1:] = index[1:] != index[:-1]
    el = np.empty(n, dtype=_ELEMENT)
    el["type"] = np.where(starts, 0, 1)  # MoveTo at each ring's first vertex, LineTo after
    el["x"], el["y"] = coords[:, 0], coords[:, 1]
    c_start = int(np.flatnonzero(starts)[-1])
    data = (struct.pack("<i", n) + el.tobytes()
            + struct.pack("<ii", c_start, int(Qt.FillRule.OddEvenFill.value)))
    stream = QDataStream(QByteArray(data))
    stream.setByteOrder(QDataStream.ByteOrder.LittleEndian)
    stream >> path
    if stream.status() == QDataStream.Status.Ok and path.elementCount() == n:
        return path
    path = QPainterPath()  # another Qt's format: the slow way
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in np.split(coords, np.flatnonzero(starts)[1:]):
        path.addPolygon(QPolygonF([QPointF(x, y) for x, y in ring]))
    return path


def paint_highlights(shown: list[Any], center: tuple[float, float, float], w: int, h: int,
                     dpr: float = 1.0) -> QImage:
    """An image (``w`` × ``h`` px, device pixel ratio ``dpr``) of the highlights ``shown``
    (see :func:`highlight`) for the view centred on map point (cx, cy) at ``mupp`` map units a
    pixel (``center``); safe in a pool thread (a QImage, as layers are rendered; the paths are
    only read)."""
    cx, cy, m = center
    image = QImage(max(1, round(w * dpr)), max(1, round(h * dpr)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing,
                        sum(hl[4] for hl in shown) <= SELECTION_AA_VERTICES)
        p.setTransform(QTransform(1 / m, 0, 0, -1 / m, w / 2 - cx / m, h / 2 + cy / m))
        halo, pen = QPen(SELECTION_HALO, 4.5), QPen(SELECTION_LINE, 2.0)
        for q in (halo, pen):
            q.setCosmetic(True)  # widths in screen pixels, whatever the map transform
        for areas, lines, _points, _bounds, _n in shown:
            p.fillPath(areas, SELECTION_FILL)
            p.setBrush(Qt.BrushStyle.NoBrush)
            for q in (halo, pen):  # drawPath, not strokePath: cosmetic pens take Qt's fast path
                p.setPen(q)
                p.drawPath(areas)
                p.drawPath(lines)
        p.resetTransform()
        p.setPen(QPen(SELECTION_HALO, 1.5))
        p.setBrush(SELECTION_LINE)
        for _areas, _lines, points, _bounds, _n in shown:
            for pt in points:
                p.drawEllipse(QPointF((pt.x() - cx) / m + w / 2, (cy - pt.y()) / m + h / 2),
                              5.5, 5.5)
    finally:
        p.end()
    return image


def highlight(geoms: Any) -> tuple[QPainterPath, QPainterPath, list[QPointF], tuple[float, ...],
                                   int] | None:
    """What the canvas draws for selected features (shapely, map CRS): polygons to fill and
    outline, lines to stroke, points, the map bounds and the vertex count; None for none."""
    import shapely

    arr = np.asarray([g for g in geoms if g is not None and not g.is_empty], dtype=object)
    if not len(arr):
        return None
    parts = shapely.get_parts(arr)
    while len(parts) and (shapely.get_type_id(parts) >= 4).any():  # multi-parts, collections
        parts = shapely.get_parts(parts)
    kind = shapely.get_type_id(parts)
    rings = shapely.get_rings(parts[kind == 3])  # exteriors and holes
    lines = parts[(kind == 1) | (kind == 2)]
    points = [QPointF(float(x), float(y)) for x, y in shapely.get_coordinates(parts[kind == 0])]
    areas_path = _path(*shapely.get_coordinates(rings, return_index=True))
    lines_path = _path(*shapely.get_coordinates(lines, return_index=True))
    bounds = tuple(float(v) for v in shapely.total_bounds(arr))
    return areas_path, lines_path, points, bounds, int(shapely.get_num_coordinates(arr).sum())


class _RenderSignals(QObject):
    done = Signal(str, int, object, str)  # layer id, request number, Rendered|None, error


class _HighlightSignals(QObject):
    done = Signal(int, object, object)  # generation, (view key, map bounds), QImage


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


def _opened(entry: Any) -> tuple[Any, ...]:
    """How a layer's file is opened (path, reader options): its info is read again when that
    changes."""
    return (str(entry.path), tuple(sorted(entry.open_options().items())))


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
        self._opened: dict[str, tuple[Any, ...]] = {}  # how each info's file was opened
        self.legend: dict[int, Any] = {}
        self.legend_table: Any = None  # the legend as text (gis.legend.read_legend_text)
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
        # the selected features of each layer, and what is drawn for them per layer (see
        # highlight()); the layer whose selection changed last comes last
        self.feature_selection = FeatureSelection(self)
        self.feature_selection.changed.connect(self._on_feature_selection)
        self._highlights: dict[str, tuple[QPainterPath, QPainterPath, list[QPointF],
                                          tuple[float, ...], int]] = {}
        # the highlights drawn for a view: (generation, view key, image, map bounds); redrawn
        # when the selection (its generation) or the view changed, but not while the view
        # moves (see _draw_selection)
        self._hl_image: tuple[int, tuple[float, ...], QImage, tuple[float, ...]] | None = None
        self._hl_gen = 0
        self._hl_wanted: tuple[int, tuple[float, ...]] | None = None  # drawn by a pool thread
        self._hl_signals = _HighlightSignals(self)
        self._hl_signals.done.connect(self._on_highlight_drawn)
        self._band: QRectF | None = None  # the Select Features rectangle being dragged (px)
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
        from app.gui.styles import load_legend, load_legend_table

        self.legend = load_legend(legend_path)
        self.legend_table = load_legend_table(legend_path)  # for land cover as polygons
        self._marker = None
        self.swipe_layer = None
        self.feature_selection.clear()
        self._highlights.clear()
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
        for gone in set(self.feature_selection.layers()) - ids:
            self.feature_selection.clear(gone)
        for entry in self.model.layers:
            # new, or opened otherwise since (Layer → Properties: path, CRS, encoding)
            if entry.id not in self.infos or self._opened.get(entry.id) != _opened(entry):
                self.infos[entry.id] = self.info_for(entry)
                self._images.pop(entry.id, None)
            elif self._landcover_stale(entry):  # another class field: its legend follows
                self._images.pop(entry.id, None)  # the next drawing (layer_rendered)
        if self.map_crs is None:
            for info in self.infos.values():
                if info.crs is not None:
                    self.map_crs = info.crs
                    for e in self.model.layers:
                        self.infos[e.id] = self.info_for(e)
                    for lid in self.feature_selection.layers():  # now in the map CRS
                        self._on_feature_selection(lid)
                    break
        if not self._have_view or (was_empty and self.infos):
            self.zoom_full()  # the first layers of an empty map: show them
        self._hl_gen += 1  # layers hidden, reordered: the highlights drawn change
        self.schedule()
        self.update()

    def info_for(self, entry: Any) -> LayerInfo:
        self._opened[entry.id] = _opened(entry)
        return sources.layer_info(entry, self.map_crs, self.model.lang)

    def _on_layer_changed(self, layer_id: str, what: str) -> None:
        if what == "visible" and layer_id in self._highlights:
            self._hl_gen += 1  # shown or hidden: its selection too
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
    @property
    def selection_layer(self) -> str | None:
        """The layer whose selection changed last among those with selected features (None
        when nothing is selected)."""
        return next(reversed(self._highlights), None)

    def _on_feature_selection(self, layer_id: str) -> None:
        """Rebuild the highlight of ``layer_id`` from its selected rows. Built once, in map
        coordinates; painting only transforms it."""
        self._highlights.pop(layer_id, None)
        rows = self.feature_selection.rows(layer_id)
        info = self.infos.get(layer_id)
        if len(rows) and info is not None and info.kind == "vector":
            geoms = sources.VECTORS.get(info, self.map_crs).geoms
            drawn = highlight(geoms[rows[rows < len(geoms)]])
            if drawn is not None:
                self._highlights[layer_id] = drawn
        self._hl_gen += 1
        self.update()

    def selection_bounds(self, layer_id: str | None = None) -> tuple[float, float, float, float] | None:
        """The map bounds of the selected features of ``layer_id`` (default: the
        :attr:`selection_layer`); None without a selection."""
        drawn = self._highlights.get(layer_id or self.selection_layer or "")
        return drawn[3] if drawn is not None else None  # type: ignore[return-value]

    def zoom_to_selection(self, layer_id: str | None = None) -> None:
        self.zoom_to_bounds(self.selection_bounds(layer_id))

    def select_target(self, x0: float, y0: float, x1: float, y1: float) -> str | None:
        """The layer the Select Features tool acts on: the current layer of the layer panel if
        it is a visible vector layer, else the top visible vector layer with a feature in the
        box (x0, y0)–(x1, y1) (map units), else None."""
        from app.gui.identify import features_in

        vectors = [e for e in self.model.layers if e.visible and e.id in self.infos
                   and self.infos[e.id].kind == "vector"]
        if any(e.id == self.model.selected for e in vectors):
            return self.model.selected
        for e in reversed(vectors):
            if len(features_in(self.infos[e.id], self.map_crs, (x0, y0, x1, y1))):
                return e.id
        return None

    def select_at(self, x: float, y: float, mode: str = "replace") -> str | None:
        """The Select Features click at map point (x, y): the feature under it of the
        :meth:`select_target` layer ('replace', 'add' or 'toggle'); a click on no feature
        clears ('replace'). Returns the layer acted on, which becomes the current layer."""
        from app.gui.identify import feature_at

        tol = 3 * self._mupp
        layer_id = self.select_target(x - tol, y - tol, x + tol, y + tol)
        if layer_id is None:
            if mode == "replace":
                self.feature_selection.clear()
            return None
        info = self.infos[layer_id]
        row = feature_at(info, self.map_crs, x, y, tol)
        self.feature_selection.set(layer_id, [] if row is None else [row], mode)
        self.model.select(layer_id)
        return layer_id

    def select_in(self, bounds: tuple[float, float, float, float], mode: str = "replace") -> str | None:
        """The Select Features rectangle: the features of the :meth:`select_target` layer that
        intersect ``bounds`` (map units): 'replace', 'add' or 'remove'."""
        from app.gui.identify import features_in

        layer_id = self.select_target(*bounds)
        if layer_id is None:
            if mode == "replace":
                self.feature_selection.clear()
            return None
        self.feature_selection.set(layer_id, features_in(self.infos[layer_id], self.map_crs,
                                                         bounds), mode)
        self.model.select(layer_id)
        return layer_id

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
        style = json.dumps([entry.style, entry.role, entry.fields], sort_keys=True, default=str)
        return (entry.id, _opened(entry), style, round(view.left, 6), round(view.top, 6),
                round(view.mupp, 9), view.width, view.height)

    def _start(self, entry: Any, view: View, key: tuple[Any, ...]) -> None:
        info = self.infos[entry.id]
        role, style = entry.role, dict(entry.style)
        if role == "townships" and "label" not in style and entry.fields.get("name"):
            style["label"] = entry.fields["name"]  # township names on the map
        legend, map_crs = self.legend, self.map_crs
        if info.kind == "raster":
            def fn(cancel: Any) -> Rendered | None:
                return render_raster(info, role, style, legend, view, map_crs, cancel)
        elif sources.is_landcover_polygons(entry, info):
            project, table = self.model.project, self.legend_table

            def match() -> Any:  # in the render thread: the layer's values are read there
                return sources.landcover_vector_classes(info, entry, project, table, map_crs)

            def fn(cancel: Any) -> Rendered | None:
                return render_vector(info, role, style, view, map_crs, cancel,
                                     class_match=match, legend=legend)
        else:
            def fn(cancel: Any) -> Rendered | None:
                return render_vector(info, role, style, view, map_crs, cancel)
        self._req += 1
        task = _RenderTask(entry.id, self._req, fn, key, self._signals)
        self._inflight[entry.id] = task
        self.pool.start(task.run)

    def _landcover_stale(self, entry: Any) -> bool:
        """A polygon land cover not matched to the legend for its present class field (a new
        one, or Layer → Properties made it land cover or named another field)."""
        info = self.infos[entry.id]
        return (sources.is_landcover_polygons(entry, info)
                and sources.cached_landcover(info, entry) is None)

    def _classes_of(self, entry: Any, info: LayerInfo) -> Any:
        return sources.landcover_vector_classes(info, entry, self.model.project,
                                                self.legend_table, self.map_crs)

    def landcover_classes(self, layer_id: str, *, compute: bool = False) -> Any:
        """A polygon land cover's class field matched to the legend
        (:class:`app.gui.styles.VectorClasses`), or None: not such a layer, not matched yet
        (the first drawing matches it; ``compute=True`` does it now), or it cannot be (see
        :meth:`landcover_problem`)."""
        found = self._landcover_polygons(layer_id)
        if found is None:
            return None
        entry, info = found
        if compute:
            return self._classes_of(entry, info)
        cached = sources.cached_landcover(info, entry)
        return None if cached is None else cached[0]

    def landcover_problem(self, layer_id: str) -> Any:
        """What keeps a polygon land cover from the analyses (the ``InputError`` the pipeline
        raises, naming the file), once the layer has been matched; else None."""
        found = self._landcover_polygons(layer_id)
        if found is None:
            return None
        cached = sources.cached_landcover(found[1], found[0])
        return None if cached is None else cached[1]

    def _landcover_polygons(self, layer_id: str) -> tuple[Any, Any] | None:
        """(entry, info) of a project layer that is a polygon land cover, else None."""
        info = self.infos.get(layer_id)
        if info is None or not self.model.project.has_layer(layer_id):
            return None
        entry = self.model.layer(layer_id)
        return (entry, info) if sources.is_landcover_polygons(entry, info) else None

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
        self._draw_band(p)
        if not self.model.layers:
            p.setPen(QColor("#777777"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       self.tr("No layers. Open a project or drop map files here."))
        else:
            self._draw_scale_bar(p)
        p.end()

    def _draw_selection(self, p: QPainter) -> None:
        """The selected features of the visible layers, from an image drawn for the view: wide
        strokes cost ~1.5 µs a vertex (all the demo's compartments: ~0.2 s), so they are drawn
        once per view and selection, not for each paint (a rectangle or a measurement being
        dragged, a layer image arriving), and a big selection by a pool thread. While the view
        moves (a pan drag, the moment after a zoom until the layers are asked for) or the new
        image is being drawn, the last one is drawn moved and stretched, as layers are."""
        shown = [self._highlights[e.id] for e in self.model.layers
                 if e.visible and e.id in self._highlights]
        if not shown:
            self._hl_image = self._hl_wanted = None
            return
        w, h = max(1, self.width()), max(1, self.height())
        key = (self._cx, self._cy, self._mupp, float(w), float(h), self.devicePixelRatioF())
        moving = self._timer.isActive() or (self._drag_start is not None and self._dragged
                                            and self.tool != "select")
        have = self._hl_image
        if have is None or have[0] != self._hl_gen or (have[1] != key and not moving):
            bounds = self.view().bounds
            if sum(hl[4] for hl in shown) <= SELECTION_SYNC_VERTICES:
                image = paint_highlights(shown, (self._cx, self._cy, self._mupp), w, h,
                                         self.devicePixelRatioF())
                self._hl_image = (self._hl_gen, key, image, bounds)
            elif self._hl_wanted != (self._hl_gen, key):
                self._hl_wanted = (self._hl_gen, key)
                gen, center = self._hl_gen, (self._cx, self._cy, self._mupp)
                dpr, signals = self.devicePixelRatioF(), self._hl_signals

                def run() -> None:
                    image = paint_highlights(shown, center, w, h, dpr)
                    signals.done.emit(gen, (key, bounds), image)

                self.pool.start(run)
        if self._hl_image is not None:
            _, _, image, (left, bottom, right, top) = self._hl_image
            p.drawImage(QRectF(self.to_screen(left, top), self.to_screen(right, bottom)), image)

    def _on_highlight_drawn(self, gen: int, where: Any, image: QImage) -> None:
        key, bounds = where
        if self._hl_wanted == (gen, key):
            self._hl_wanted = None
        if gen == self._hl_gen and not self._closing:
            self._hl_image = (gen, key, image, bounds)
            self.update()

    @property
    def highlight_pending(self) -> bool:
        """A pool thread is drawing the selection (tests wait for it)."""
        return self._hl_wanted is not None

    def _draw_band(self, p: QPainter) -> None:
        if self._band is None:
            return
        p.save()
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(BAND_LINE, 1.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.setBrush(BAND_FILL)
        p.drawRect(self._band)
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
            if self._dragged and self.tool == "select":  # a rectangle, not a pan
                self._band = QRectF(QPointF(self._drag_start), pos).normalized()
                self.update()
            elif self._dragged:
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
        if self.tool == "select":
            self._select_released(e)
        elif self._dragged:
            self.set_view(self._cx, self._cy, self._mupp)
        elif self.tool == "identify":
            self.identify_at(*self.to_map(e.position()))
        elif self.tool in MEASURE_TOOLS:
            self.measure.click(*self.to_map(e.position()))

    def _select_released(self, e: Any) -> None:
        """The end of a Select Features click or rectangle. Shift adds to the selection; Ctrl
        toggles the feature clicked, or removes the rectangle's features."""
        band, self._band = self._band, None
        mods = e.modifiers()
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        shift = bool(mods & Qt.KeyboardModifier.ShiftModifier)
        if self._dragged and band is not None:
            x0, y1 = self.to_map(band.topLeft())
            x1, y0 = self.to_map(band.bottomRight())
            self.select_in((x0, y0, x1, y1), "remove" if ctrl else "add" if shift else "replace")
            self.update()
        else:
            self.select_at(*self.to_map(e.position()),
                           "toggle" if ctrl else "add" if shift else "replace")

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
        """'pan', 'identify', 'select', 'measure_line' or 'measure_area' (a new tool clears a
        measurement)."""
        if tool not in TOOLS:
            raise ValueError(f"unknown map tool {tool!r}")
        self.tool = tool
        self._band = None
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
                           tolerance=3 * self._mupp,
                           classes=lambda lid: self.landcover_classes(lid, compute=True))
        self.update()
        self.identified.emit(x, y, results)
        return results
