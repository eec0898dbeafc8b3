"""Map frames for reports: classified rasters, polygon overlays, legend, scale bar, north arrow.

Everything is drawn with matplotlib on a :class:`~app.report.layout.Doc` page; positions are in
millimetres. Raster data arrives already decimated for display (``ClassMap``), geometries in the
map CRS. The north arrow points to grid north of the projected CRS (said in the CRS note).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import PathPatch, Polygon, Rectangle
from matplotlib.path import Path as MplPath

from app.report.layout import INK, Doc
from app.report.model import ClassMap, ContinuousMap

#: overlay styles: facecolor, edgecolor, linewidth (pt), hatch, zorder
STYLES: dict[str, dict[str, Any]] = {
    "townships": {"fc": "none", "ec": "#3a3a3a", "lw": 0.5, "ls": (0, (3, 1.5)), "z": 4,
                  "halo": "#ffffff"},
    "boundary": {"fc": "none", "ec": "#202020", "lw": 1.1, "z": 6},
    "redline_core": {"fc": (0.85, 0.10, 0.10, 0.38), "ec": "#b00000", "lw": 0.6, "z": 3},
    "redline_general": {"fc": (0.95, 0.45, 0.45, 0.22), "ec": "#d03030", "lw": 0.5, "z": 3},
    "redline": {"fc": (0.95, 0.45, 0.45, 0.25), "ec": "#d03030", "lw": 0.5, "z": 3},
    "farmland": {"fc": (0.95, 0.80, 0.20, 0.35), "ec": "#b08a00", "lw": 0.3, "z": 2},
    "urban_boundary": {"fc": "none", "ec": "#7a3fa0", "lw": 0.9, "ls": (0, (4, 1.5)), "z": 5},
    "conflicts": {"fc": "#111111", "ec": "#000000", "lw": 0.3, "hatch": None, "z": 7},
}


@dataclass
class LegendItem:
    label: str
    kind: str              # 'fill' | 'line'
    style: dict[str, Any]


def fit_box(extent: Sequence[float], x: float, y: float, w: float, h: float
            ) -> tuple[float, float, float, float]:
    """The largest box with the map's aspect inside (x, y, w, h), centred horizontally."""
    xmin, xmax, ymin, ymax = extent
    aspect = (ymax - ymin) / max(xmax - xmin, 1e-12)
    if w * aspect <= h:
        bw, bh = w, w * aspect
    else:
        bw, bh = h / aspect, h
    return x + (w - bw) / 2, y, bw, bh


def padded_extent(extent: Sequence[float], pad: float = 0.02) -> tuple[float, float, float, float]:
    xmin, xmax, ymin, ymax = extent
    dx, dy = (xmax - xmin) * pad, (ymax - ymin) * pad
    return xmin - dx, xmax + dx, ymin - dy, ymax + dy


def map_axes(doc: Doc, box: tuple[float, float, float, float],
             extent: Sequence[float]) -> Axes:
    x, y, w, h = box
    ax = doc.axes_at(x, y, w, h)
    ax.set_xlim(extent[0], extent[1])
    ax.set_ylim(extent[2], extent[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for sp in ax.spines.values():
        sp.set_linewidth(0.6 * doc.s)
        sp.set_color("#404040")
    ax.set_facecolor("white")
    return ax


def draw_classes(ax: Axes, cmap: ClassMap) -> None:
    """The class raster through its legend colours (nodata and unknown codes transparent)."""
    lut = np.zeros((256, 4), dtype=np.uint8)
    for c in cmap.legend:
        if 0 <= c.code < 256:
            lut[c.code] = (np.array(to_rgba(c.color)) * 255).round().astype(np.uint8)
    arr = np.asarray(cmap.array)
    arr = np.clip(arr, 0, 255).astype(np.uint8)
    rgba = lut[arr]
    if cmap.nodata is not None and 0 <= int(cmap.nodata) < 256:
        rgba[arr == int(cmap.nodata)] = 0
    ax.imshow(rgba, extent=cmap.extent, interpolation="nearest", origin="upper", zorder=1,
              resample=False)


def draw_continuous(ax: Axes, cm: ContinuousMap) -> Any:
    arr = np.ma.masked_invalid(np.asarray(cm.array, dtype=float))
    if cm.diverging:
        lim = float(np.nanpercentile(np.abs(arr.compressed()), 98)) if arr.count() else 1.0
        lim = lim or 1.0
        im = ax.imshow(arr, extent=cm.extent, cmap="RdYlGn", vmin=-lim, vmax=lim,
                       interpolation="nearest", zorder=1)
    else:
        im = ax.imshow(arr, extent=cm.extent, cmap="viridis", interpolation="nearest", zorder=1)
    return im


def _rings(geom: Any) -> Iterable[Any]:
    gt = geom.geom_type
    if gt == "Polygon":
        yield geom
    elif gt in ("MultiPolygon", "GeometryCollection"):
        for g in geom.geoms:
            yield from _rings(g)


def polygons_path(geoms: Iterable[Any]) -> MplPath | None:
    """One compound path for many (multi)polygons: fast to draw, small in the PDF."""
    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geom in geoms:
        if geom is None or geom.is_empty:
            continue
        for poly in _rings(geom):
            for ring in (poly.exterior, *poly.interiors):
                xy = np.asarray(ring.coords)[:, :2]
                if len(xy) < 3:
                    continue
                c = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
                c[0] = MplPath.MOVETO
                c[-1] = MplPath.CLOSEPOLY
                verts.append(xy)
                codes.append(c)
    if not verts:
        return None
    return MplPath(np.concatenate(verts), np.concatenate(codes))


def draw_polygons(ax: Axes, geoms: Iterable[Any], style: dict[str, Any], scale: float = 1.0
                  ) -> None:
    path = polygons_path(geoms)
    if path is None:
        return
    if style.get("halo"):
        # a light casing under thin dark lines keeps them visible on dark classes
        ax.add_patch(PathPatch(path, facecolor="none", edgecolor=style["halo"],
                               linewidth=style.get("lw", 0.5) * scale * 2.6, alpha=0.8,
                               zorder=style.get("z", 3) - 0.1))
    patch = PathPatch(path, facecolor=style.get("fc", "none"), edgecolor=style.get("ec", INK),
                      linewidth=style.get("lw", 0.5) * scale, linestyle=style.get("ls", "-"),
                      hatch=style.get("hatch"), zorder=style.get("z", 3))
    ax.add_patch(patch)


def draw_labels(ax: Axes, doc: Doc, labels: Sequence[tuple[float, float, str]], size: float,
                ha: str = "center") -> None:
    from matplotlib import patheffects

    for lx, ly, text in labels:
        kw = dict(fontproperties=doc.prop(size), ha=ha, va="center", clip_on=True)
        # white halo as a separate stroke-only artist: the label itself stays searchable text
        ax.text(lx, ly, text, color="white", zorder=8, **kw,
                path_effects=[patheffects.Stroke(linewidth=1.6 * doc.s, foreground="white")])
        ax.text(lx, ly, text, color="#202020", zorder=8.1, **kw)


def _nice(x: float) -> float:
    """The largest 1-2-5 number not above ``x``."""
    if x <= 0:
        return 1.0
    e = 10 ** math.floor(math.log10(x))
    for m in (5, 2, 1):
        if m * e <= x:
            return m * e
    return e


def scale_bar(doc: Doc, ax: Axes, box: tuple[float, float, float, float], extent: Sequence[float],
              geographic: bool = False, lang: str = "en") -> None:
    """A 4-segment scale bar in km at the bottom left inside the map frame."""
    x, y, w, h = box
    map_w_units = extent[1] - extent[0]
    metres_per_unit = 1.0
    if geographic:
        lat = (extent[2] + extent[3]) / 2
        metres_per_unit = 111_320.0 * math.cos(math.radians(lat))
    m_per_mm = map_w_units * metres_per_unit / w
    target_km = m_per_mm * (w * 0.28) / 1000.0
    km = _nice(target_km)
    seg_mm = km * 1000.0 / m_per_mm / 4
    bx, by = x + 5 * doc.s, y + h - 7 * doc.s
    bh = 1.3 * doc.s
    doc.rect(bx - 2 * doc.s, by - 4.6 * doc.s, seg_mm * 4 + 9 * doc.s, 9.2 * doc.s,
             fc=(1, 1, 1, 0.85), ec="none", zorder=20)
    for i in range(4):
        doc.rect(bx + i * seg_mm, by, seg_mm, bh, fc=INK if i % 2 == 0 else "white", ec=INK,
                 lw=0.4, zorder=21)
    size = doc.base * 0.78
    for i, val in ((0, 0.0), (2, km / 2), (4, km)):
        label = f"{val:g}"
        doc.text(bx + i * seg_mm, by - 0.6 * doc.s, label, size, ha="center", va="bottom",
                 zorder=22)
    doc.text(bx + 4 * seg_mm + 1.6 * doc.s, by + bh / 2, "km", size, va="center", zorder=22)


def north_arrow(doc: Doc, box: tuple[float, float, float, float], lang: str) -> None:
    x, y, w, _h = box
    s = doc.s
    cx, top = x + w - 8 * s, y + 4 * s
    half, height = 2.6 * s, 8.5 * s
    tr = doc.tr
    assert doc.fig is not None
    doc.fig.add_artist(Rectangle((cx - 4.5 * s, top - 1.5 * s), 9 * s, height + 7.5 * s,
                                 transform=tr, facecolor=(1, 1, 1, 0.85), edgecolor="none",
                                 zorder=20))
    left = Polygon([(cx, top), (cx - half, top + height), (cx, top + height * 0.72)],
                   closed=True, transform=tr, facecolor="white", edgecolor=INK,
                   linewidth=0.5 * s, zorder=21)
    right = Polygon([(cx, top), (cx + half, top + height), (cx, top + height * 0.72)],
                    closed=True, transform=tr, facecolor=INK, edgecolor=INK,
                    linewidth=0.5 * s, zorder=21)
    doc.fig.add_artist(left)
    doc.fig.add_artist(right)
    doc.text(cx, top + height + 0.6 * s, "N" if lang == "en" else "北", doc.base * 0.95,
             bold=True, ha="center", zorder=22)


def legend(doc: Doc, x: float, y: float, w: float, items: Sequence[LegendItem],
           title: str | None = None, columns: int = 1, size: float | None = None) -> float:
    """Swatches with labels from (x, y) downwards in ``columns``; returns the height used."""
    size = size or doc.base * 0.9
    lh = doc.line_h(size) * 1.08
    sw, gap = 5.0 * doc.s, 1.8 * doc.s
    yy = y
    if title:
        doc.text(x, yy, title, size * 1.05, bold=True)
        yy += lh * 1.15
    col_w = w / columns
    rows = math.ceil(len(items) / columns)
    for k, it in enumerate(items):
        c, r = divmod(k, rows)
        ix, iy = x + c * col_w, yy + r * lh
        sy = iy + lh * 0.12
        shh = lh * 0.62
        st = it.style
        if it.kind == "line":
            from matplotlib.lines import Line2D

            assert doc.fig is not None
            doc.fig.add_artist(Line2D([ix, ix + sw], [sy + shh / 2] * 2, transform=doc.tr,
                                      color=st.get("ec", INK), linewidth=st.get("lw", 0.6) * doc.s * 1.2,
                                      linestyle=st.get("ls", "-")))
        else:
            doc.rect(ix, sy, sw, shh, fc=st.get("fc", "none"), ec=st.get("ec", "#555555"),
                     lw=max(0.3, float(st.get("lw", 0.3))), hatch=st.get("hatch"))
        label_w = col_w - sw - gap - 1.0
        text = it.label
        while doc.measure(text, size) > label_w and len(text) > 3:
            text = text[:-2] + "…"
        doc.text(ix + sw + gap, iy + lh * 0.05, text, size, color=INK)
    return (yy - y) + rows * lh


def crs_label(crs: str) -> tuple[str, bool]:
    """A readable CRS name with its EPSG code, and whether it is geographic."""
    try:
        from pyproj import CRS

        c = CRS.from_user_input(crs)
        epsg = c.to_epsg()
        name = c.name + (f" (EPSG:{epsg})" if epsg else "")
        return name, bool(c.is_geographic)
    except Exception:  # noqa: BLE001 - an unknown CRS is still shown as given
        return str(crs)[:80], False

