"""Page layout for reports: pages as matplotlib Figures, positions in millimetres from the top left.

A small flow engine: a cursor moves down the content frame; headings, wrapped paragraphs (Chinese
breaks between characters, Latin between words), tables (auto column widths, wrapped cells,
repeated header across page breaks) and axes for maps and charts are placed at the cursor and a new
page starts when the next block does not fit. Footers (date, software version, "page i of n") are
drawn once all pages exist.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Rectangle
from matplotlib.transforms import Affine2D

from app.report.fonts import ReportFont

MM_PER_PT = 25.4 / 72.0
PAPERS: dict[str, tuple[float, float]] = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}

INK = "#1a1a1a"
MUTED = "#5a5a5a"
ACCENT = "#1f5f3f"       # dark green: headings, rules
RULE = "#9aa5a0"
SHADE = "#e8efe9"
ZEBRA = "#f5f7f5"


@dataclass(frozen=True)
class PageSpec:
    paper: str = "A4"
    orientation: str = "portrait"

    @property
    def size_mm(self) -> tuple[float, float]:
        w, h = PAPERS[self.paper]
        return (h, w) if self.orientation == "landscape" else (w, h)

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"

    @property
    def scale(self) -> float:
        """Type and line scale: A3 prints larger, so its type is larger too."""
        return 1.2 if self.paper == "A3" else 1.0

    @property
    def margins(self) -> tuple[float, float, float, float]:
        """left, top, right, bottom in mm (bottom leaves room for the footer)."""
        s = self.scale
        return 16 * s, 14 * s, 14 * s, 16 * s

    def png_size(self, dpi: int) -> tuple[int, int]:
        """Pixel size of one PNG page: round(mm / 25.4 × dpi) on each side."""
        w, h = self.size_mm
        return round(w / 25.4 * dpi), round(h / 25.4 * dpi)


@dataclass
class Col:
    title: str
    align: str = "left"        # left | right | center
    wrap: bool = False         # may wrap (and shrink) when the table is too wide
    min_mm: float = 12.0


_TOKEN = re.compile(r"\s+|[A-Za-z0-9.,:;!?%()\[\]{}'\"/\-+=<>·×≥≤°²³₂~@#&*|\\^$]*_"
                    r"|[A-Za-z0-9.,:;!?%()\[\]{}'\"/\-+=<>·×≥≤°²³₂~@#&*|\\^$]+|.", re.S)
_NO_LINE_START = set("，。、；：？！）》」』】〕,.;:?!)%")


def _tokens(text: str) -> list[str]:
    toks = _TOKEN.findall(text)
    out: list[str] = []
    for t in toks:
        if out and (t[:1] in _NO_LINE_START) and not out[-1].isspace():
            out[-1] += t
        else:
            out.append(t)
    return out


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


class Doc:
    """A multi-page report under construction."""

    def __init__(self, spec: PageSpec, font: ReportFont, footer_left: str,
                 page_label: Callable[[int, int], str], base_size: float = 8.5,
                 png_dpi: int | None = None) -> None:
        self.spec = spec
        self.font = font
        self.footer_left = footer_left
        self.page_label = page_label
        self.s = spec.scale
        self.base = base_size * self.s
        self.png_dpi = png_dpi
        self.W, self.H = spec.size_mm
        ml, mt, mr, mb = spec.margins
        self.x0, self.top, self.x1, self.bottom = ml, mt, self.W - mr, self.H - mb
        self.pages: list[Figure] = []
        self.fig: Figure | None = None
        self.y = self.top
        self.tr: Any = None
        self.section_title = ""

    # -- pages ---------------------------------------------------------------------------------
    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def new_page(self) -> Figure:
        if self.png_dpi:
            pw, ph = self.spec.png_size(self.png_dpi)
            figsize = ((pw + 0.25) / self.png_dpi, (ph + 0.25) / self.png_dpi)
            fig = Figure(figsize=figsize, dpi=self.png_dpi)
        else:
            fig = Figure(figsize=(self.W / 25.4, self.H / 25.4), dpi=72)
        fig.patch.set_facecolor("white")
        self.fig = fig
        self.tr = Affine2D().scale(1.0 / self.W, -1.0 / self.H).translate(0.0, 1.0) + fig.transFigure
        self.pages.append(fig)
        self.y = self.top
        return fig

    def remaining(self) -> float:
        return self.bottom - self.y

    def ensure(self, h: float) -> None:
        """Start a new page unless ``h`` mm fit below the cursor."""
        if self.fig is None or self.y + h > self.bottom + 1e-6:
            self.new_page()

    def space(self, mm: float) -> None:
        self.y += mm * self.s

    # -- text ----------------------------------------------------------------------------------
    def prop(self, size: float, bold: bool = False) -> FontProperties:
        weight = "bold" if bold and self.font.has_bold else "normal"
        return FontProperties(family=self.font.families, size=size, weight=weight)

    def measure(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` in mm at ``size`` pt."""
        return _measure(text, size, bold and self.font.has_bold, tuple(self.font.families))

    def line_h(self, size: float) -> float:
        return size * 1.45 * MM_PER_PT

    def text(self, x: float, y: float, s: str, size: float | None = None, *,
             bold: bool = False, color: str = INK, ha: str = "left", va: str = "top",
             rotation: float = 0.0, fig: Figure | None = None, tr: Any = None,
             zorder: float = 3.0) -> Any:
        size = size or self.base
        fig = fig or self.fig
        assert fig is not None
        kw = dict(fontproperties=self.prop(size, bold), ha=ha, va=va, rotation=rotation,
                  transform=tr or self.tr)
        if bold and not self.font.has_bold and self.png_dpi:
            # faux bold for raster output: outline and glyphs from the same path (aligned)
            return fig.text(x, y, s, color=color, zorder=zorder, **kw, path_effects=[
                patheffects.withStroke(linewidth=size * 0.045, foreground=color)])
        if bold and not self.font.has_bold:
            # faux bold: a thin outline of the same colour drawn *under* the text. Text with
            # path effects is drawn as outlines (not searchable), so the outline is a second,
            # stroke-only artist and the glyphs on top stay real text.
            fig.text(x, y, s, color=color, zorder=zorder - 0.01, **kw,
                     path_effects=[patheffects.Stroke(linewidth=size * 0.045,
                                                      foreground=color)])
        return fig.text(x, y, s, color=color, zorder=zorder, **kw)

    def wrap(self, text: str, width: float, size: float, bold: bool = False) -> list[str]:
        """Break ``text`` into lines no wider than ``width`` mm (explicit newlines kept)."""
        lines: list[str] = []
        for para in text.split("\n"):
            line = ""
            for tok in _tokens(para):
                cand = line + tok
                if not line or self.measure(cand.rstrip(), size, bold) <= width + 1e-6:
                    line = cand
                    continue
                if tok.isspace():
                    lines.append(line.rstrip())
                    line = ""
                    continue
                if self.measure(tok, size, bold) > width and not any(_is_wide(c) for c in tok):
                    # a very long Latin token: break it by characters
                    for ch in tok:
                        if self.measure((line + ch).rstrip(), size, bold) > width and line:
                            lines.append(line.rstrip())
                            line = ""
                        line += ch
                    continue
                lines.append(line.rstrip())
                line = tok.lstrip()
            lines.append(line.rstrip())
        return lines

    def paragraph(self, text: str, size: float | None = None, *, color: str = INK,
                  bold: bool = False, width: float | None = None, x: float | None = None,
                  after: float = 1.5) -> float:
        """Wrapped text at the cursor, breaking pages between lines; returns height used."""
        size = size or self.base
        x = self.x0 if x is None else x
        width = width or (self.x1 - x)
        lh = self.line_h(size)
        start = self.y
        for line in self.wrap(text, width, size, bold):
            self.ensure(lh)
            self.text(x, self.y, line, size, bold=bold, color=color)
            self.y += lh
        self.y += after * self.s
        return self.y - start

    def heading(self, text: str, level: int = 1, *, keep_with: float = 30.0) -> None:
        """A section (level 1: new page unless at its top) or sub-heading (level 2)."""
        if level == 1:
            if self.fig is None or self.y > self.top + 1e-6:
                self.new_page()
            size = self.base * 1.65
            self.section_title = text
            self.text(self.x0, self.y, text, size, bold=True, color=ACCENT)
            self.y += self.line_h(size) + 0.3 * self.s
            self.rule(ACCENT, 0.8)
            self.y += 3.0 * self.s
        else:
            size = self.base * 1.2
            self.ensure(self.line_h(size) + keep_with * self.s)
            self.y += 1.0 * self.s
            self.text(self.x0, self.y, text, size, bold=True, color=ACCENT)
            self.y += self.line_h(size) + 0.6 * self.s

    def rule(self, color: str = RULE, lw: float = 0.5, x0: float | None = None,
             x1: float | None = None) -> None:
        x0 = self.x0 if x0 is None else x0
        x1 = self.x1 if x1 is None else x1
        self.hline(x0, x1, self.y, color, lw)

    def hline(self, x0: float, x1: float, y: float, color: str = RULE, lw: float = 0.5) -> None:
        assert self.fig is not None
        from matplotlib.lines import Line2D

        self.fig.add_artist(Line2D([x0, x1], [y, y], transform=self.tr, color=color,
                                   linewidth=lw * self.s))

    def rect(self, x: float, y: float, w: float, h: float, *, fc: str = "none",
             ec: str = "none", lw: float = 0.5, fig: Figure | None = None, **kw: Any) -> Any:
        fig = fig or self.fig
        assert fig is not None
        r = Rectangle((x, y), w, h, transform=self.tr, facecolor=fc, edgecolor=ec,
                      linewidth=lw * self.s, **kw)
        fig.add_artist(r)
        return r

    # -- axes ----------------------------------------------------------------------------------
    def axes_at(self, x: float, y: float, w: float, h: float, **kw: Any) -> Axes:
        """A matplotlib Axes occupying the box (mm from the top left of the page)."""
        assert self.fig is not None
        rect = (x / self.W, 1.0 - (y + h) / self.H, w / self.W, h / self.H)
        return self.fig.add_axes(rect, **kw)

    def block(self, h: float) -> tuple[float, float]:
        """Reserve ``h`` mm at the cursor (new page if needed); returns (x0, y)."""
        self.ensure(h)
        y = self.y
        self.y += h
        return self.x0, y

    # -- tables --------------------------------------------------------------------------------
    def table(self, cols: Sequence[Col], rows: Sequence[Sequence[str]], *,
              caption: str | None = None, bold_rows: Sequence[int] = (),
              size: float | None = None, width: float | None = None,
              x: float | None = None, full_width: bool | None = None,
              continued: str = " (cont.)") -> None:
        """A booktabs-style table at the cursor; splits across pages repeating the header."""
        size = size or self.base * 0.94
        x = self.x0 if x is None else x
        avail = width or (self.x1 - x)
        pad = 1.6 * self.s
        widths = self._col_widths(cols, rows, size, avail, pad, full_width)
        lh = self.line_h(size)

        def cell_lines(text: str, i: int, bold: bool = False) -> list[str]:
            return self.wrap(text, widths[i] - 2 * pad, size, bold)

        head = [cell_lines(c.title, i, True) for i, c in enumerate(cols)]
        head_h = max(len(h) for h in head) * lh + 1.6 * self.s
        body = [[cell_lines(str(v), i, r in bold_rows) for i, v in enumerate(row)]
                for r, row in enumerate(rows)]
        row_hs = [max(len(c) for c in cells) * lh + 1.1 * self.s for cells in body]
        cap_h = self.line_h(size * 1.05) + 0.8 * self.s if caption else 0.0
        first = min(row_hs[:3]) if row_hs else 0.0
        self.ensure(cap_h + head_h + first + sum(row_hs[:2]))
        tw = sum(widths)

        def draw_header(cont: bool) -> None:
            if caption:
                self.text(x, self.y, caption + (continued if cont else ""), size * 1.05,
                          bold=True, color=INK)
                self.y += cap_h
            self.rect(x, self.y, tw, head_h, fc=SHADE)
            self.hline(x, x + tw, self.y, ACCENT, 0.8)
            cx = x
            for i, c in enumerate(cols):
                self._cell(cx, self.y + 0.8 * self.s, widths[i], pad, head[i], c.align, size,
                           lh, bold=True)
                cx += widths[i]
            self.y += head_h
            self.hline(x, x + tw, self.y, ACCENT, 0.5)

        draw_header(False)
        for r, cells in enumerate(body):
            if self.y + row_hs[r] > self.bottom:
                self.hline(x, x + tw, self.y, ACCENT, 0.8)
                self.new_page()
                draw_header(True)
            bold = r in bold_rows
            if bold:
                self.hline(x, x + tw, self.y, ACCENT, 0.5)
            elif r % 2 == 1:
                self.rect(x, self.y, tw, row_hs[r], fc=ZEBRA)
            cx = x
            for i, c in enumerate(cols):
                self._cell(cx, self.y + 0.55 * self.s, widths[i], pad, cells[i], c.align, size,
                           lh, bold=bold)
                cx += widths[i]
            self.y += row_hs[r]
        self.hline(x, x + tw, self.y, ACCENT, 0.8)
        self.y += 3.0 * self.s

    def _cell(self, x: float, y: float, w: float, pad: float, lines: list[str], align: str,
              size: float, lh: float, bold: bool = False) -> None:
        for k, line in enumerate(lines):
            if align == "right":
                self.text(x + w - pad, y + k * lh, line, size, bold=bold, ha="right")
            elif align == "center":
                self.text(x + w / 2, y + k * lh, line, size, bold=bold, ha="center")
            else:
                self.text(x + pad, y + k * lh, line, size, bold=bold)

    def _col_widths(self, cols: Sequence[Col], rows: Sequence[Sequence[str]], size: float,
                    avail: float, pad: float, full_width: bool | None) -> list[float]:
        """Column widths (mm): every column gets at least its minimum (numbers and other
        non-wrapping cells in full, the longest word of wrapping cells, the longest word of the
        header); the room left is shared in proportion to what each column would like."""
        def longest_token(text: str, bold: bool = False) -> float:
            return max((self.measure(t.strip(), size, bold) for t in _tokens(text)),
                       default=0.0)

        mins, wants = [], []
        cap = 30.0 * self.s
        for i, c in enumerate(cols):
            cells = [str(r[i]) for r in rows]
            body = max((self.measure(v, size) for v in cells), default=0.0)
            head_full = self.measure(c.title, size, True)
            head_min = min(longest_token(c.title, True), cap)
            if c.wrap:
                word = min(max((longest_token(v) for v in cells), default=0.0), cap)
                # short cells (units such as "t C/ha") stay on one line
                lo = max(word, head_min, min(body, max(c.min_mm - 2 * pad, 14.0 * self.s)))
            else:
                lo = max(body, head_min)
            want = max(body, head_full if head_full <= 30.0 * self.s else
                       max(head_full / 2, 30.0 * self.s), lo)
            mins.append(lo + 2 * pad + 0.3)
            wants.append(want + 2 * pad + 0.3)
        total_min, total_want = sum(mins), sum(wants)
        if total_want <= avail:
            widths = wants
            if full_width or (full_width is None and total_want > 0.45 * avail):
                extra = (avail - total_want) / len(cols)
                widths = [w + extra for w in widths]
            return widths
        if total_min >= avail:
            f = avail / total_min
            return [m * f for m in mins]
        f = (avail - total_min) / (total_want - total_min)
        return [m + (w - m) * f for m, w in zip(mins, wants, strict=True)]

    # -- finishing -----------------------------------------------------------------------------
    def finish(self) -> list[Figure]:
        """Draw footers (left: report identity; right: page i of n) on every page."""
        n = len(self.pages)
        size = self.base * 0.78
        for i, fig in enumerate(self.pages, start=1):
            tr = Affine2D().scale(1.0 / self.W, -1.0 / self.H).translate(0.0, 1.0) + fig.transFigure
            y = self.bottom + 5.0 * self.s
            from matplotlib.lines import Line2D

            fig.add_artist(Line2D([self.x0, self.x1], [y - 1.5 * self.s] * 2, transform=tr,
                                  color=RULE, linewidth=0.4 * self.s))
            self.text(self.x0, y, self.footer_left, size, color=MUTED, fig=fig, tr=tr)
            self.text(self.x1, y, self.page_label(i, n), size, color=MUTED, ha="right",
                      fig=fig, tr=tr)
        return self.pages


@lru_cache(maxsize=20000)
def _measure(text: str, size: float, bold: bool, families: tuple[str, ...]) -> float:
    """Width in mm: the sum of the glyph advances (no kerning; CJK text has none), with the
    per-glyph fallback font for characters the main font lacks. Much faster than laying the
    text out with FreeType for every candidate line break."""
    if not text:
        return 0.0
    # +2 %: raster output hints glyphs, which widens Latin text slightly
    return sum(_advance(ch, bold, families) for ch in text) * size * MM_PER_PT * 1.02


@cache
def _fonts(bold: bool, families: tuple[str, ...]) -> list[Any]:
    from matplotlib.font_manager import findfont, get_font

    out = []
    for fam in families:
        prop = FontProperties(family=[fam], weight="bold" if bold else "normal")
        out.append(get_font(findfont(prop, fallback_to_default=True)))
    return out


@cache
def _advance(ch: str, bold: bool, families: tuple[str, ...]) -> float:
    """Advance width of one character in em."""
    from matplotlib.ft2font import LoadFlags

    for font in _fonts(bold, families):
        if font.get_char_index(ord(ch)):
            font.set_size(100.0, 72)
            g = font.load_char(ord(ch), flags=LoadFlags.NO_HINTING)
            return float(g.linearHoriAdvance) / 65536.0 / 100.0
    return 1.0 if _is_wide(ch) else 0.6
