"""Rendering one layer for one view into a QImage (runs in pool threads; QImage/QPainter on images
are safe off the GUI thread)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

from app.gui import sources, styles
from app.gui.sources import LayerInfo, View


@dataclass
class Rendered:
    image: QImage
    bounds: tuple[float, float, float, float]  # map bounds the image covers


class Cancelled(Exception):
    pass


def rgba_to_qimage(rgba: np.ndarray) -> QImage:
    h, w = rgba.shape[:2]
    buf = np.ascontiguousarray(rgba, dtype=np.uint8)
    return QImage(buf.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy()


def resolve_raster_style(info: LayerInfo, role: str, style: dict[str, Any],
                         legend: dict[int, styles.LegendClass]) -> dict[str, Any]:
    """The full style for a raster: the layer's own keys over defaults from role and a sample.
    Caches the sample statistics in ``info.stats``."""
    if "sample" not in info.stats:
        info.stats["sample"] = sources.raster_sample(info)
    sample = info.stats["sample"]
    out = styles.effective_raster_style(role, style, info.dtype, legend, sample)
    if out.get("kind") == "ramp" and ("min" not in out or "max" not in out):
        lo, hi = styles.sample_range(sample, info.nodata)
        out.setdefault("min", lo)
        out.setdefault("max", hi)
    if out.get("kind") == "classes" and "codes" not in info.stats:
        vals = sample[np.isfinite(sample)] if sample.dtype.kind == "f" else sample
        codes = np.unique(vals)
        if info.nodata is not None:
            codes = codes[codes != info.nodata]
        info.stats["codes"] = [int(c) for c in codes[:256]]
    return out


def render_raster(info: LayerInfo, role: str, style: dict[str, Any],
                  legend: dict[int, styles.LegendClass], view: View, map_crs: Any,
                  cancel: Callable[[], bool] = lambda: False) -> Rendered | None:
    full = resolve_raster_style(info, role, style, legend)
    if cancel():
        raise Cancelled
    piece = sources.read_raster_for_view(info, view, map_crs)
    if piece is None:
        return None
    if cancel():
        raise Cancelled
    if full.get("kind") == "classes":
        colors = styles.class_colors(full, legend, info.stats.get("codes"))
        rgba = styles.colorize_classes(piece.array, colors, info.nodata)
    else:
        rgba = styles.colorize_ramp(piece.array, float(full["min"]), float(full["max"]),
                                    str(full.get("ramp", styles.DEFAULT_RAMP)), info.nodata)
    return Rendered(rgba_to_qimage(rgba), piece.bounds)


def _qcolor(value: str | None) -> QColor | None:
    if not value:
        return None
    r, g, b, a = styles.hex_to_rgba(value)
    return QColor(r, g, b, a)


def render_vector(info: LayerInfo, role: str, style: dict[str, Any], view: View, map_crs: Any,
                  cancel: Callable[[], bool] = lambda: False, *,
                  class_match: Callable[[], styles.VectorClasses | None] | None = None,
                  legend: dict[int, styles.LegendClass] | None = None) -> Rendered | None:
    """Draw the features in the view. ``class_match`` (a polygon land cover): called here,
    off the GUI thread, for the class field matched to the legend, which colours the
    features (see :func:`app.gui.styles.vector_style`)."""
    import shapely

    data = sources.VECTORS.get(info, map_crs)
    full = styles.vector_style(role, style, class_match() if class_match is not None else None,
                              legend)
    if cancel():
        raise Cancelled
    left, bottom, right, top = view.bounds
    idx = np.sort(data.tree.query(shapely.box(left, bottom, right, top)))
    img = QImage(view.width, view.height, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    if len(idx) == 0:
        return Rendered(img, view.bounds)
    sub = data.attrs.iloc[idx]
    geoms = shapely.simplify(data.geoms[idx], view.mupp * 0.5)
    m = view.mupp
    geoms = shapely.transform(geoms, lambda c: np.column_stack(((c[:, 0] - left) / m,
                                                              (top - c[:, 1]) / m)))

    fill = _qcolor(full.get("fill"))
    line = _qcolor(full.get("line")) or QColor(0, 0, 0)
    pen = QPen(line, float(full.get("width", 1.0)))
    pen.setCosmetic(True)
    if full.get("dash"):
        pen.setStyle(Qt.PenStyle.DashLine)
    by = full.get("by")
    classes = {str(k): _qcolor(v) for k, v in (full.get("classes") or {}).items()}
    hatch_field, hatch_value = full.get("hatch_field"), full.get("hatch_value")
    by_values = (np.asarray(styles.style_keys(sub[by]), dtype=object)
                 if by and by in sub.columns else None)
    hatch = (sub[hatch_field].astype(str).to_numpy() == str(hatch_value)
             if hatch_field and hatch_field in sub.columns else None)
    hatch_brush = QBrush(line, Qt.BrushStyle.BDiagPattern)

    p = QPainter(img)
    try:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for i, g in enumerate(geoms):
            if i % 256 == 0 and cancel():
                raise Cancelled
            if g is None or g.is_empty:
                continue
            gt = g.geom_type
            color = fill
            if by_values is not None and by_values[i] in classes:
                color = classes[by_values[i]]
            if gt in ("Polygon", "MultiPolygon"):
                path = QPainterPath()
                path.setFillRule(Qt.FillRule.OddEvenFill)
                for poly in getattr(g, "geoms", [g]):
                    for ring in [poly.exterior, *poly.interiors]:
                        c = np.asarray(ring.coords)
                        if len(c) >= 3:
                            path.addPolygon(QPolygonF([QPointF(x, y) for x, y in c[:, :2]]))
                p.setPen(Qt.PenStyle.NoPen)
                if color is not None:
                    p.fillPath(path, color)
                if hatch is not None and hatch[i]:
                    p.fillPath(path, hatch_brush)
                p.strokePath(path, pen)
            elif gt in ("LineString", "MultiLineString", "LinearRing"):
                p.setPen(pen)
                for part in getattr(g, "geoms", [g]):
                    c = np.asarray(part.coords)
                    p.drawPolyline(QPolygonF([QPointF(x, y) for x, y in c[:, :2]]))
            elif gt in ("Point", "MultiPoint"):
                p.setPen(QPen(QColor(255, 255, 255), 1.5))
                c = QColor(color or line)
                c.setAlpha(255)
                p.setBrush(c)
                for part in getattr(g, "geoms", [g]):
                    p.drawEllipse(QPointF(part.x, part.y), 4.5, 4.5)
        label = full.get("label")
        if label and label in sub.columns:
            _draw_labels(p, geoms, sub[label].astype(str).to_numpy(), line)
    finally:
        p.end()
    return Rendered(img, view.bounds)


def _draw_labels(p: QPainter, geoms: np.ndarray, texts: np.ndarray, color: QColor) -> None:
    """Names at a point inside each polygon big enough on screen, with a white halo."""
    import shapely
    from PySide6.QtGui import QFont, QFontMetricsF

    font = QFont()
    font.setPointSizeF(9.5)
    font.setBold(True)
    fm = QFontMetricsF(font)
    p.setFont(font)
    halo = QPen(QColor(255, 255, 255, 220), 3.0)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    for g, text in zip(geoms, texts, strict=True):
        if g is None or g.is_empty or not text or text == "nan":
            continue
        x0, y0, x1, y1 = g.bounds
        w = fm.horizontalAdvance(text)
        if x1 - x0 < w * 1.2 or y1 - y0 < fm.height() * 2:
            continue
        pt = shapely.point_on_surface(g)
        path = QPainterPath()
        path.addText(QPointF(pt.x - w / 2, pt.y + fm.ascent() / 2), font, text)
        p.strokePath(path, halo)
        p.fillPath(path, color.darker(160))
