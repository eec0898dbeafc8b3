"""Charts for reports (matplotlib Axes placed by the layout). Units on every axis label."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from app.report.fmt import fmt_number
from app.report.layout import ACCENT, INK, MUTED, Doc
from app.report.model import Projection, TargetRow

PALETTE = ("#1f5f3f", "#d4822a", "#2b6cb0", "#8e44ad", "#c0392b", "#7f8c8d")
ECO_COLORS = {
    "forest": "#2e7d32", "shrub": "#7cb342", "grassland": "#c0ca33", "wetland": "#4fa3c7",
    "mangrove": "#00796b", "cropland": "#f2c94c", "other": "#9e9e9e",
}


def style_axes(ax: Axes, doc: Doc, size: float | None = None) -> None:
    size = size or doc.base * 0.85
    ax.tick_params(labelsize=size, width=0.5 * doc.s, length=2.5 * doc.s, colors=INK)
    for lab in ax.get_xticklabels() + ax.get_yticklabels():
        lab.set_fontproperties(doc.prop(size))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_linewidth(0.6 * doc.s)
    ax.grid(axis="y", color="#dddddd", linewidth=0.4 * doc.s)
    ax.set_axisbelow(True)


def compact(value: float, _pos: Any = None) -> str:
    """Axis tick label: thousands separators, no scientific notation."""
    a = abs(value)
    if a >= 100:
        return fmt_number(value, 0)
    if a >= 1:
        return fmt_number(value, 1).rstrip("0").rstrip(".")
    return f"{value:g}"


def title(ax: Axes, doc: Doc, text: str, size: float | None = None) -> None:
    ax.set_title(text, fontproperties=doc.prop(size or doc.base * 0.95, True), color=INK,
                 loc="left", pad=4 * doc.s)


def hbar(ax: Axes, doc: Doc, labels: Sequence[str], values: Sequence[float],
         colors: Sequence[str], heading: str) -> None:
    """Horizontal bars with value labels (negatives extend left)."""
    ys = list(range(len(labels)))[::-1]
    ax.barh(ys, values, color=colors, height=0.62, edgecolor="none")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    style_axes(ax, doc)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.4 * doc.s)
    ax.xaxis.set_major_formatter(FuncFormatter(compact))
    ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
    ax.axvline(0, color=INK, linewidth=0.6 * doc.s)
    vmax = max([abs(v) for v in values] + [1e-9])
    lo = min(0.0, min(values, default=0.0))
    hi = max(0.0, max(values, default=0.0))
    span = (hi - lo) or vmax
    ax.set_xlim(lo - (0.22 * span if lo < 0 else 0), hi + 0.22 * span)
    for y, v in zip(ys, values, strict=True):
        ax.text(v + (0.01 * span if v >= 0 else -0.01 * span), y, compact(v),
                ha="left" if v >= 0 else "right", va="center",
                fontproperties=doc.prop(doc.base * 0.75), color=MUTED)
    ax.xaxis.get_offset_text().set_visible(False)
    title(ax, doc, heading)


def progress(ax: Axes, doc: Doc, rows: Sequence[TargetRow], labels: Sequence[str],
             heading: str, xlabel: str, target_word: str) -> None:
    """Progress towards each target as % of the target value (100 % = met)."""
    ys = list(range(len(rows)))[::-1]
    pct = [(r.current or 0.0) / r.target * 100.0 if r.target else 0.0 for r in rows]
    colors = [ACCENT if p >= 100 else "#d4822a" for p in pct]
    ax.barh(ys, [100] * len(rows), color="#eeeeee", height=0.55, edgecolor="none")
    ax.barh(ys, [min(p, 130) for p in pct], color=colors, height=0.55, edgecolor="none")
    ax.axvline(100, color="#b00000", linewidth=0.9 * doc.s, linestyle=(0, (3, 1.5)))
    ax.text(100, len(rows) - 0.45, " " + target_word, color="#b00000",
            fontproperties=doc.prop(doc.base * 0.75), va="bottom", ha="left")
    ax.set_yticks(ys)
    ax.set_yticklabels(labels)
    ax.set_xlim(0, max(130, max(pct, default=0) + 12))
    ax.set_ylim(-0.6, len(rows) - 0.2)
    style_axes(ax, doc)
    ax.grid(axis="y", visible=False)
    for y, p in zip(ys, pct, strict=True):
        ax.text(max(min(p, 130), 100) + 1.5, y, f"{p:.1f}%", va="center",
                fontproperties=doc.prop(doc.base * 0.8), color=INK)
    ax.set_xlabel(xlabel, fontproperties=doc.prop(doc.base * 0.8))
    title(ax, doc, heading)


def projection_panel(ax: Axes, doc: Doc, projections: Sequence[Projection], key: str,
                     heading: str, lang: str, highlight: str | None,
                     targets: Sequence[tuple[float, int]] = (), target_word: str = "target"
                     ) -> None:
    """One indicator over the years, one line per scenario (the report's scenario bold)."""
    for i, p in enumerate(projections):
        xs, ys = p.column(key)
        if not xs:
            continue
        name = p.title.get(lang) or p.title.get("en") or p.scenario
        bold = p.scenario == highlight
        ax.plot(xs, ys, color=PALETTE[i % len(PALETTE)], linewidth=(1.6 if bold else 0.9) * doc.s,
                label=name, zorder=3 if bold else 2)
    for value, year in targets:
        ax.plot([year], [value], marker="o", color="#b00000", markersize=3 * doc.s, zorder=4)
        ax.plot([year, 2060], [value, value], color="#b00000", linewidth=0.7 * doc.s,
                linestyle=(0, (3, 1.5)), zorder=1)
        ax.annotate(f"{target_word} {year}", (year, value), textcoords="offset points",
                    xytext=(-3, 3), ha="right", fontproperties=doc.prop(doc.base * 0.7),
                    color="#b00000")
    style_axes(ax, doc, doc.base * 0.78)
    ax.yaxis.set_major_formatter(FuncFormatter(compact))
    title(ax, doc, heading, doc.base * 0.85)
