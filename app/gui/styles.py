"""Layer styles: legends, class colours, colour ramps and vector symbols (no Qt).

A layer's ``style`` dict (saved in the project) says how it draws. Missing keys take defaults from
the layer's role and data:

rasters
    ``{"kind": "classes", "classes": {"2": "#1a7f37", ...}}``   class colours (default: the legend)
    ``{"kind": "ramp", "ramp": "viridis", "min": 0, "max": 250}`` continuous (default: 2–98 % of a sample)
vectors
    ``{"kind": "vector", "fill": "#rrggbbaa" | None, "line": "#rrggbb", "width": 1.2,
       "dash": False, "hatch": False, "by": "field", "classes": {"value": "#rrggbbaa"}}``
    A land cover of polygons (三调 parcels, ``fields = { class = "DLBM" }``) is coloured by
    its class field through the legend by default (:func:`match_vector_classes`,
    :func:`landcover_vector_style`): value → legend code (``gis.legend.match_classes``) →
    the class's colour; values the legend does not know in :data:`UNKNOWN_CLASS_COLOR`.
    ``"by": ""`` in the layer's style turns that off (one neutral fill).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

# ---- colour ramps ---------------------------------------------------------------------------------
RAMPS: dict[str, list[str]] = {
    "viridis": ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"],
    "greens": ["#f7fcf5", "#c7e9c0", "#74c476", "#238b45", "#00441b"],
    "ylgn": ["#ffffe5", "#d9f0a3", "#78c679", "#238443", "#004529"],
    "magma": ["#000004", "#51127c", "#b73779", "#fc8961", "#fcfdbf"],
    "blues": ["#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b"],
    "rdylgn": ["#a50026", "#f46d43", "#fee08b", "#d9ef8b", "#66bd63", "#006837"],
    "spectral": ["#9e0142", "#f46d43", "#fee08b", "#e6f598", "#66c2a5", "#5e4fa2"],
    "greys": ["#ffffff", "#bdbdbd", "#737373", "#252525", "#000000"],
}
DEFAULT_RAMP = "ylgn"

# Fallback palette for class rasters without a legend (qualitative, 12 colours).
PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
           "#7f7f7f", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78"]


def hex_to_rgba(value: str, alpha: int = 255) -> tuple[int, int, int, int]:
    v = value.strip().lstrip("#")
    if len(v) == 3:
        v = "".join(c * 2 for c in v)
    r, g, b = int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)
    a = int(v[6:8], 16) if len(v) == 8 else alpha
    return r, g, b, a


def ramp_lut(name: str, n: int = 256) -> np.ndarray:
    """(n, 4) uint8 RGBA table interpolating the ramp's stops."""
    stops = np.array([hex_to_rgba(c) for c in RAMPS.get(name, RAMPS[DEFAULT_RAMP])], dtype=float)
    xs = np.linspace(0, 1, len(stops))
    t = np.linspace(0, 1, n)
    lut = np.stack([np.interp(t, xs, stops[:, k]) for k in range(4)], axis=1)
    return np.round(lut).astype(np.uint8)


# ---- legend ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LegendClass:
    code: int
    name_en: str
    name_zh: str
    color: str

    def name(self, lang: str) -> str:
        return (self.name_zh if lang == "zh" else self.name_en) or self.name_en or str(self.code)


def load_legend(path: str | Path | None) -> dict[int, LegendClass]:
    """Read legend.csv (code,name_en,name_zh,...,color). Missing/broken file → empty legend."""
    if path is None or not Path(path).exists():
        return {}
    out: dict[int, LegendClass] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                try:
                    code = int(str(row.get("code", "")).strip())
                except ValueError:
                    continue
                color = (row.get("color") or "").strip() or PALETTE[code % len(PALETTE)]
                out[code] = LegendClass(code, (row.get("name_en") or "").strip(),
                                        (row.get("name_zh") or "").strip(), color)
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    return out


# ---- defaults per role -----------------------------------------------------------------------------
CLASS_ROLES = ("landcover",)
VECTOR_DEFAULTS: dict[str, dict[str, Any]] = {
    "boundary": {"fill": None, "line": "#202020", "width": 1.8},
    "townships": {"fill": None, "line": "#5a5a5a", "width": 1.0, "dash": True},
    "redline": {"fill": "#e0202028", "line": "#e02020", "width": 1.6,
                "hatch_field": "zone", "hatch_value": "core"},
    "farmland": {"fill": "#f2d03b55", "line": "#b08a00", "width": 0.8},
    "urban_boundary": {"fill": None, "line": "#8e44ad", "width": 1.6, "dash": True},
    "compartments": {"fill": "#2e8b5740", "line": "#1d5e3a", "width": 0.6},
    "grassland": {"fill": "#b5d98b99", "line": "#6b8e23", "width": 0.5, "by": "grade",
                  "classes": {"none": "#a6d96aa0", "light": "#d9ef8ba0",
                              "moderate": "#fdae61a0", "severe": "#d7301fa0"}},
    "wetland": {"fill": "#6fb7d9a0", "line": "#2b7bb9", "width": 0.6},
    "mangrove": {"fill": "#0b6e4fc0", "line": "#064d36", "width": 0.8},
    "result": {"fill": "#ff7f0e60", "line": "#b35806", "width": 0.8},
    # a land cover of polygons whose classes are unknown (no class field): neutral, but drawn
    "landcover": {"fill": "#bdbdbdb0", "line": "#737373", "width": 0.5},
    "other": {"fill": "#d95f0e4d", "line": "#8c2d04", "width": 0.8},
}
OUTLINE_ROLES = ("boundary", "townships", "redline", "farmland", "urban_boundary")


def vector_style(role: str, style: dict[str, Any] | None,
                 classes: VectorClasses | None = None,
                 legend: dict[int, LegendClass] | None = None) -> dict[str, Any]:
    """The style a vector layer is drawn with: its own keys over the role's defaults. With
    ``classes`` (a land cover of polygons matched to the legend), the default colours each
    feature by its class (:func:`landcover_vector_style`); the layer's own ``classes`` colours
    override single values, and ``"by": ""`` turns the class colours off."""
    base = dict(VECTOR_DEFAULTS.get(role, VECTOR_DEFAULTS["other"]))
    own = {k: v for k, v in (style or {}).items() if k != "kind"}
    if classes is not None and own.get("by", classes.field):
        base.update(landcover_vector_style(classes, legend or {}))
        if own.get("classes"):
            own["classes"] = {**base["classes"], **own["classes"]}
    base.update(own)
    base["kind"] = "vector"
    return base


# ---- land cover as polygons ------------------------------------------------------------------------
#: fill of polygons whose class value the legend does not know (neutral grey)
UNKNOWN_CLASS_COLOR = "#bdbdbd"
#: the thin outline between land-cover parcels
LANDCOVER_LINE = "#5a5a5a80"


@dataclass(frozen=True)
class VectorClasses:
    """A polygon land cover's class field matched to the legend: ``codes`` value text → legend
    code (``gis.legend.value_text`` of each value), ``unknown`` value text → number of features
    the legend does not explain, ``column`` the legend column that holds the values (``code``,
    or e.g. ``sandiao`` for the Third National Land Survey's 地类编码)."""

    field: str
    column: str
    codes: dict[str, int]
    unknown: dict[str, int]

    def values_of(self, code: int) -> list[str]:
        """The field's values that map to legend ``code``, sorted."""
        return sorted(v for v, c in self.codes.items() if c == code)

    def code_of(self, value: Any) -> int | None:
        from gis.legend import value_text

        return self.codes.get(value_text(value))

    @property
    def values_are_codes(self) -> bool:
        """True when the values are the legend's own codes (nothing to list beside them)."""
        return self.column.strip().lower() in ("code", "lucode")


def load_legend_table(path: str | Path | None) -> Any:
    """The legend as text cells (``gis.legend.read_legend_text``: code columns keep their
    leading zeros), or None when there is none or it cannot be read."""
    if path is None or not Path(path).exists():
        return None
    from gis.legend import read_legend_text

    try:
        return read_legend_text(path)
    except Exception:  # noqa: BLE001 - no legend: the layer draws in its neutral style
        return None


def match_vector_classes(field_name: str, values: Iterable[Any],
                         legend_table: Any) -> VectorClasses | None:
    """A class field's values (one per feature) matched to the legend through whichever
    legend column holds them (:func:`gis.legend.match_classes`); None without a legend."""
    if legend_table is None or not field_name:
        return None
    from gis.legend import match_classes

    try:
        m = match_classes(values, legend_table)
    except ValueError:  # the legend has no code column
        return None
    return VectorClasses(field_name, m.column, dict(m.codes), dict(m.unknown))


def landcover_vector_style(classes: VectorClasses,
                           legend: dict[int, LegendClass]) -> dict[str, Any]:
    """The default style of a polygon land cover: each value in its legend class's colour
    (the palette's for a code the legend lists without a colour), the rest neutral grey."""
    colors = {value: (legend[code].color if code in legend
                      else PALETTE[code % len(PALETTE)])
              for value, code in classes.codes.items()}
    return {"fill": UNKNOWN_CLASS_COLOR, "line": LANDCOVER_LINE, "width": 0.4,
            "by": classes.field, "classes": colors}


@dataclass(frozen=True)
class ClassRow:
    """One row of a polygon land cover's legend: a legend class (``code`` and ``name``, with
    the field's ``values`` that map to it) or a value the legend lacks (``code`` None,
    ``values`` = [that value], ``features`` how many carry it)."""

    color: str
    code: int | None
    name: str
    values: list[str]
    features: int = 0


def vector_class_rows(classes: VectorClasses, style: dict[str, Any],
                      legend: dict[int, LegendClass], lang: str) -> list[ClassRow]:
    """The legend of a polygon land cover drawn with ``style`` (see :func:`vector_style`):
    the legend classes present, by code, then the values the legend does not know."""
    colors = style.get("classes") or {}
    rows = []
    for code in sorted(set(classes.codes.values())):
        values = classes.values_of(code)
        color = colors.get(values[0]) if values else None
        cls = legend.get(code)
        rows.append(ClassRow(color or (cls.color if cls else UNKNOWN_CLASS_COLOR), code,
                             cls.name(lang) if cls else "", values))
    for value, n in sorted(classes.unknown.items(), key=lambda kv: (-kv[1], kv[0])):
        rows.append(ClassRow(str(style.get("fill") or UNKNOWN_CLASS_COLOR), None, "", [value], n))
    return rows


def style_keys(values: Iterable[Any]) -> list[str]:
    """Feature values as a ``by`` style's ``classes`` keys: ``gis.legend.value_text`` (a
    shapefile's 301.0 is "301"), computed once per distinct value."""
    from gis.legend import value_text

    vals = list(values)
    keys: dict[Any, str] = {}
    out = []
    for v in vals:
        try:
            k = keys.get(v)
            if k is None:
                k = keys[v] = value_text(v)
        except TypeError:  # unhashable
            k = value_text(v)
        out.append(k)
    return out


def is_class_dtype(dtype: str) -> bool:
    return np.dtype(dtype).kind in "iub"


def default_raster_style(role: str, dtype: str, legend: dict[int, LegendClass],
                         sample_values: np.ndarray | None = None) -> dict[str, Any]:
    """Classes for land cover (or small-integer rasters), a ramp otherwise."""
    if role in CLASS_ROLES and is_class_dtype(dtype):
        return {"kind": "classes"}
    if is_class_dtype(dtype) and sample_values is not None and sample_values.size:
        uniq = np.unique(sample_values)
        if len(uniq) <= 24 and (not legend or set(uniq.tolist()) <= set(legend)):
            return {"kind": "classes"}
    return {"kind": "ramp", "ramp": "viridis" if role == "result" else DEFAULT_RAMP}


def effective_raster_style(role: str, style: dict[str, Any] | None, dtype: str,
                           legend: dict[int, LegendClass],
                           sample: np.ndarray | None = None) -> dict[str, Any]:
    """The style a raster is drawn with: its own keys over the defaults (no range computed)."""
    out = default_raster_style(role, dtype, legend, sample)
    out.update(style or {})
    return out


def class_colors(style: dict[str, Any], legend: dict[int, LegendClass],
                 codes: list[int] | None = None) -> dict[int, str]:
    """code -> colour for a class style: the style's own colours over the legend's."""
    colors: dict[int, str] = {c.code: c.color for c in legend.values()}
    for code in codes or []:
        colors.setdefault(int(code), PALETTE[int(code) % len(PALETTE)])
    for k, v in (style.get("classes") or {}).items():
        try:
            colors[int(k)] = str(v)
        except ValueError:
            continue
    return colors


def class_name(style: dict[str, Any], legend: dict[int, LegendClass], code: int,
                lang: str) -> str | None:
    """A class's name: from the style's own ``labels`` ({code: {"en", "zh"}}) when it has them
    (rasters whose codes are not land cover, such as the allocated-action map), else the
    legend's; None when neither names it."""
    labels = style.get("labels")
    if labels:
        label = labels.get(str(code))
        return (label.get(lang) or label.get("en")) if label else None
    cls = legend.get(code)
    return cls.name(lang) if cls else None


def class_lut(colors: dict[int, str], size: int = 256) -> np.ndarray:
    lut = np.zeros((size, 4), dtype=np.uint8)
    for code, color in colors.items():
        if 0 <= code < size:
            lut[code] = hex_to_rgba(color)
    return lut


def colorize_classes(arr: np.ndarray, colors: dict[int, str], nodata: float | None) -> np.ndarray:
    """(h, w) integer classes → (h, w, 4) RGBA; unknown codes and nodata transparent."""
    a = np.asarray(arr)
    if a.dtype.kind == "f":
        valid = np.isfinite(a)
        a = np.where(valid, a, -1).astype(np.int64)
    else:
        valid = np.ones(a.shape, bool)
        a = a.astype(np.int64, copy=False)
    if nodata is not None and np.isfinite(nodata):
        valid &= a != int(nodata)
    top = max([0, *colors.keys()]) + 1
    lut = class_lut(colors, size=top)
    inside = valid & (a >= 0) & (a < top)
    out = np.zeros(a.shape + (4,), dtype=np.uint8)
    out[inside] = lut[a[inside]]
    return out


def colorize_ramp(arr: np.ndarray, vmin: float, vmax: float, ramp: str,
                  nodata: float | None) -> np.ndarray:
    a = np.asarray(arr, dtype=np.float64)
    valid = np.isfinite(a)
    if nodata is not None and np.isfinite(nodata):
        valid &= a != nodata
    span = (vmax - vmin) or 1.0
    t = np.clip((np.where(valid, a, vmin) - vmin) / span, 0, 1)
    lut = ramp_lut(ramp)
    out = lut[(t * 255).astype(np.uint8)]
    out[~valid] = 0
    return out


def sample_range(values: np.ndarray, nodata: float | None) -> tuple[float, float]:
    """2nd and 98th percentile of the valid values (min/max for tiny samples)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if nodata is not None and np.isfinite(nodata):
        v = v[v != nodata]
    if v.size == 0:
        return 0.0, 1.0
    if v.size < 50:
        lo, hi = float(v.min()), float(v.max())
    else:
        lo, hi = (float(x) for x in np.percentile(v, [2, 98]))
    if hi <= lo:
        hi = lo + 1.0
    return lo, hi
