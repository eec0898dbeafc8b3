"""Identify: every visible layer's value at a map point; and the features a Select Features
click or rectangle picks (no Qt).

Class rasters answer with the code and its legend name, continuous rasters (carbon outputs) with
the value and its units, vectors with the attributes of each feature under the point — a land
cover of polygons also with the legend class its class field's value maps to, right after that
value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from app.gui import sources
from app.gui.sources import IdentifyResult, LayerInfo
from app.gui.styles import class_name, is_class_dtype

MAX_FEATURES = 20

_LABELS = {
    "value": {"en": "value", "zh": "值"},
    "class": {"en": "class", "zh": "类别"},
    "outside": {"en": "(no data here)", "zh": "（此处无数据）"},
    "error": {"en": "cannot read", "zh": "无法读取"},
    "feature": {"en": "feature", "zh": "要素"},
    "unknown": {"en": "(not in the legend)", "zh": "（图例中没有）"},
}


def _t(key: str, lang: str) -> str:
    return _LABELS[key].get(lang, _LABELS[key]["en"])


def identify(model: Any, infos: dict[str, LayerInfo], legend: dict[int, Any], map_crs: Any,
             x: float, y: float, tolerance: float = 0.0,
             classes: Callable[[str], Any] | None = None) -> list[IdentifyResult]:
    """``classes(layer_id)``: a polygon land cover's class match
    (:class:`app.gui.styles.VectorClasses`) or None."""
    lang = model.lang
    out: list[IdentifyResult] = []
    for entry in reversed(model.layers):  # top layer first
        info = infos.get(entry.id)
        if info is None or info.kind == "error" or not entry.visible:
            continue
        title = entry.display_name(lang)
        try:
            if info.kind == "raster":
                v = sources.identify_raster(info, x, y, map_crs)
                if v is None:
                    out.append(IdentifyResult(entry.id, title, [(_t("value", lang), _t("outside", lang))]))
                    continue
                style_kind = (entry.style or {}).get("kind")
                classes = is_class_dtype(info.dtype) and style_kind != "ramp" and (
                    entry.role == "landcover" or style_kind == "classes")
                unit = f" {info.units}" if info.units and not classes else ""
                rows = [(_t("value", lang), sources.format_value(v) + unit)]
                if is_class_dtype(info.dtype) and style_kind != "ramp":
                    name = class_name(entry.style or {}, legend or {}, int(v), lang)
                    if name is not None and (entry.role == "landcover" or style_kind == "classes"
                                             or info.stats.get("codes") is not None):
                        rows.append((_t("class", lang), name))
                out.append(IdentifyResult(entry.id, title, rows, v))
            else:
                feats = sources.identify_vector(info, x, y, map_crs,
                                                tolerance if "Point" in info.geometry_type
                                                or "Line" in info.geometry_type else 0.0)
                if not feats:
                    continue
                match = classes(entry.id) if classes is not None else None
                rows = []
                for n, attrs in enumerate(feats[:MAX_FEATURES], start=1):
                    if len(feats) > 1:
                        rows.append((f"— {_t('feature', lang)} {n}", ""))
                    for k, v in attrs.items():
                        rows.append((str(k), sources.format_value(v)))
                        if match is not None and k == match.field:
                            rows.append((_t("class", lang), _class_text(match, v, legend, lang)))
                out.append(IdentifyResult(entry.id, title, rows))
        except Exception as exc:  # noqa: BLE001 - one unreadable layer must not hide the rest
            out.append(IdentifyResult(entry.id, title, [(_t("error", lang), str(exc))]))
    return out


def _class_text(match: Any, value: Any, legend: dict[int, Any], lang: str) -> str:
    """The legend class a land-cover polygon's class value maps to, by name."""
    code = match.code_of(value)
    if code is None:
        return _t("unknown", lang)
    cls = (legend or {}).get(code)
    return cls.name(lang) if cls is not None else str(code)


# ---- selecting features ------------------------------------------------------------------------------
def _point_tolerance(info: LayerInfo, tolerance: float) -> float:
    """Points and lines are picked within ``tolerance``; polygons where they are."""
    kind = info.geometry_type or ""
    return tolerance if "Point" in kind or "Line" in kind else 0.0


def feature_at(info: LayerInfo, map_crs: Any, x: float, y: float,
               tolerance: float = 0.0) -> int | None:
    """The feature (its row in the layer, see :class:`app.gui.canvas.FeatureSelection`) a click
    at map point (x, y) picks: of the features within ``tolerance`` map units (points and
    lines) or under the point (polygons), the nearest; of equally near ones, the one drawn last
    (on top). None when there is none."""
    import shapely

    data = sources.VECTORS.get(info, map_crs)
    pt = shapely.Point(x, y)
    tol = _point_tolerance(info, tolerance)
    idx = np.asarray(data.tree.query(pt.buffer(tol) if tol > 0 else pt, predicate="intersects"),
                     dtype=np.int64)
    if not len(idx):
        return None
    idx = np.sort(idx)
    dist = shapely.distance(data.geoms[idx], pt)
    best = np.flatnonzero(dist == dist.min())
    return int(idx[best[-1]])


def features_in(info: LayerInfo, map_crs: Any,
                bounds: tuple[float, float, float, float]) -> Any:
    """The features (rows, ascending int64) intersecting the box ``bounds`` (map units)."""
    import shapely

    data = sources.VECTORS.get(info, map_crs)
    x0, y0, x1, y1 = bounds
    box = shapely.box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return np.sort(np.asarray(data.tree.query(box, predicate="intersects"), dtype=np.int64))
