"""Turn a :class:`~app.report.model.ReportData` into pages, and pages into PDF or PNG files.

``render_pages`` lays the report out (title block and key figures, land-cover map, carbon tables
and charts, target progress, projections to 2060, red-line conflicts, methods and parameters) on
matplotlib Figures; ``write_pdf`` / ``write_png`` save them atomically. Fonts come from
:mod:`app.report.fonts` and are applied through ``rc_context`` only while rendering and saving.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from matplotlib.figure import Figure

from app.report import maps
from app.report.charts import ECO_COLORS, PALETTE, hbar, progress, projection_panel
from app.report.fmt import fmt
from app.report.fonts import ReportFont
from app.report.layout import ACCENT, INK, MUTED, SHADE, Col, Doc, PageSpec
from app.report.maps import STYLES, LegendItem
from app.report.model import ReportData
from app.report.text import METHODS, ecosystem_name, names, tr

Progress = Callable[[float, str], None]

TABLE_TITLES: dict[str, dict[str, str]] = {
    "legend": {"en": "land-cover legend", "zh": "土地覆被图例"},
    "carbon_pools": {"en": "carbon pools", "zh": "碳库密度"},
    "forest_types": {"en": "forest types", "zh": "森林类型"},
    "growth_curves": {"en": "growth curves", "zh": "生长曲线"},
    "grassland": {"en": "grassland", "zh": "草地"},
    "blue_carbon": {"en": "blue carbon", "zh": "蓝碳"},
    "constraint_rules": {"en": "constraint rules", "zh": "管控规则"},
    "actions": {"en": "restoration actions", "zh": "修复措施"},
}


class Renderer:
    def __init__(self, data: ReportData, lang: str, spec: PageSpec, font: ReportFont,
                 png_dpi: int | None = None, progress: Progress | None = None) -> None:
        self.d = data
        self.lang = lang
        self.spec = spec
        self.progress = progress or (lambda _f, _m: None)
        title = tr("report_title", lang)
        footer = tr("footer", lang, project=data.project_name, title=title, date=data.date,
                    version=data.version)
        self.doc = Doc(spec, font, footer, lambda i, n: tr("page_n", lang, i=i, n=n),
                       png_dpi=png_dpi)

    # -- helpers -------------------------------------------------------------------------------
    def t(self, key: str, **kw: Any) -> str:
        return tr(key, self.lang, **kw)

    def n(self, d: dict[str, str] | str | None) -> str:
        return names(d, self.lang)

    @property
    def scenario_name(self) -> str:
        return self.n(self.d.scenario_title) or (self.d.scenario or "")

    # -- pages ---------------------------------------------------------------------------------
    def render(self) -> list[Figure]:
        steps = [self.summary_page, self.carbon_section, self.targets_section,
                 self.projection_section, self.conflicts_section, self.methods_section]
        for i, step in enumerate(steps):
            self.progress(i / len(steps), step.__name__)
            step()
        self.progress(1.0, "finish")
        return self.doc.finish()

    # 1 -----------------------------------------------------------------------------------------
    def summary_page(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        doc.new_page()
        # title band
        doc.rect(doc.x0, doc.y, doc.width, 1.6 * s, fc=ACCENT)
        doc.y += 4.5 * s
        doc.text(doc.x0, doc.y, self.t("report_title"), doc.base * 2.25, bold=True, color=ACCENT)
        doc.y += doc.line_h(doc.base * 2.25) + 0.5 * s
        doc.text(doc.x0, doc.y, d.project_name, doc.base * 1.45, bold=True)
        doc.y += doc.line_h(doc.base * 1.45) + 2 * s
        meta = [
            (self.t("region"), self.n(d.region) or d.project_name),
            (self.t("scenario"), f"{self.scenario_name} ({d.scenario})" if d.scenario else "–"),
            (self.t("base_year"), fmt(d.base_year, "year")),
            (self.t("date"), d.date),
            (self.t("software"), f"Sinkplanner {d.version}"),
            (self.t("results_from"), self._results_label()),
        ]
        cols = 3 if self.spec.landscape or self.spec.paper == "A3" else 2
        cw = doc.width / cols
        lh = doc.line_h(doc.base)
        rows = math.ceil(len(meta) / cols)
        for k, (label, value) in enumerate(meta):
            c, r = divmod(k, rows)
            x, y = doc.x0 + c * cw, doc.y + r * lh
            doc.text(x, y, label + ("：" if self.lang == "zh" else ": "), color=MUTED)
            lw = doc.measure(label + ("：" if self.lang == "zh" else ": "), doc.base)
            doc.text(x + lw + 1, y, value, color=INK)
        doc.y += rows * lh + 3 * s
        self.key_figures()
        doc.heading(self.t("sec_summary"), level=2, keep_with=60)
        self.landcover_map()

    def _results_label(self) -> str:
        if not self.d.results_dir:
            return "–"
        if ".sinkplanner-cache" in Path(self.d.results_dir).parts:
            return self.t("results_computed")
        return Path(self.d.results_dir).name

    def key_figures(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        tot = d.totals
        cover = next((t for t in d.targets if t.indicator == "forest_cover_pct"
                      and t.region == "county"), None)
        volume = next((t for t in d.targets if t.indicator == "stock_volume_m3"
                       and t.region == "county"), None)
        year_b = d.base_year
        stock_year = d.alt_year if tot.get("stock_alt_tC") is not None else year_b
        stock = tot.get("stock_alt_tC") if tot.get("stock_alt_tC") is not None else tot.get("stock_bas_tC")
        if d.alt_year is not None:      # two epochs: the stock-difference sink
            sink_label = self.t("kf_sink", y1=fmt(year_b, "year"), y2=fmt(d.alt_year, "year"))
            sink = tot.get("sink_tCO2e_per_yr")
        elif tot.get("sink_gl_tCO2e_per_yr") is not None:   # one epoch: gain-loss of year_b
            sink_label = self.t("kf_sink_gl_year", year=fmt(year_b, "year"))
            sink = tot.get("sink_gl_tCO2e_per_yr")
        else:
            sink_label, sink = self.t("kf_sink_plain"), tot.get("sink_tCO2e_per_yr")
        figs = [
            (self.t("kf_stock", year=fmt(stock_year, "year")), fmt(stock, "tC"), self.t("u_tC")),
            (sink_label, fmt(sink, "tCO2e"), self.t("u_tCO2e")),
        ]
        if cover is not None and cover.current is not None:
            figs.append((self.t("kf_cover", year=fmt(cover.current_year, "year")),
                         fmt(cover.current, "pct"), "%"))
        if volume is not None and volume.current is not None:
            figs.append((self.t("kf_volume", year=fmt(volume.current_year, "year")),
                         fmt(volume.current, "m3"), self.t("u_m3")))
        n = len(figs)
        gap = 3 * s
        bw = (doc.width - gap * (n - 1)) / n
        bh = 19 * s
        doc.ensure(bh)
        y = doc.y
        for i, (label, value, unit) in enumerate(figs):
            x = doc.x0 + i * (bw + gap)
            doc.rect(x, y, bw, bh, fc=SHADE)
            doc.rect(x, y, 1.2 * s, bh, fc=ACCENT)
            doc.text(x + 3.5 * s, y + 2.2 * s, label, doc.base * 0.85, color=MUTED)
            size = doc.base * 1.75
            while doc.measure(value, size, True) > bw - 6 * s and size > doc.base:
                size *= 0.92
            doc.text(x + 3.5 * s, y + 7.0 * s, value, size, bold=True, color=INK)
            doc.text(x + 3.5 * s, y + 14.0 * s, unit, doc.base * 0.85, color=MUTED)
        doc.y = y + bh + 3 * s

    def _overlay_items(self, roles: Sequence[str]) -> list[LegendItem]:
        items = []
        for role in roles:
            o = self.d.overlay(role)
            if o is None or not o.geometries:
                continue
            if role == "redline" and o.zones and any(o.zones):
                for z in ("core", "general"):
                    if z in o.zones:
                        items.append(LegendItem(self.t(f"redline_{z}"), "fill",
                                                STYLES[f"redline_{z}"]))
                continue
            label = {"boundary": self.t("county_boundary"),
                     "townships": self.t("township_boundary")}.get(role) or self.t(role)
            kind = "line" if STYLES[role].get("fc") == "none" else "fill"
            items.append(LegendItem(label, kind, STYLES[role]))
        return items

    def _draw_overlays(self, ax: Any, roles: Sequence[str]) -> None:
        for role in roles:
            o = self.d.overlay(role)
            if o is None:
                continue
            if role == "redline" and o.zones and any(o.zones):
                for z in ("general", "core"):
                    geoms = [g for g, zz in zip(o.geometries, o.zones, strict=False) if zz == z]
                    maps.draw_polygons(ax, geoms, STYLES[f"redline_{z}"], self.doc.s)
            else:
                maps.draw_polygons(ax, o.geometries, STYLES[role], self.doc.s)

    def _map_frame(self, extent: tuple[float, float, float, float], legend_items: list[LegendItem],
                   legend_title: str, draw: Callable[[Any], None], *, max_h: float | None = None,
                   labels: bool = True, notes: Sequence[str] = (),
                   colorbar: Any = None) -> None:
        """A map with legend (right in landscape, below in portrait), scale bar, north arrow and
        the CRS and source notes; fills the rest of the page (new page if under 90 mm)."""
        doc, s = self.doc, self.doc.s
        ext = maps.padded_extent(extent, 0.03)
        crs_name, geographic = self.d.crs_name, self.d.geographic
        note_lines = [self.t("crs_note", crs=crs_name) + " " + self.t("grid_north"), *notes]
        note_h = sum(len(doc.wrap(n, doc.width, doc.base * 0.8)) for n in note_lines) \
            * doc.line_h(doc.base * 0.8) + (4 + 0.5 * len(note_lines)) * s
        side = self.spec.landscape
        if side:
            leg_w = min(70 * s, doc.width * 0.3)
            leg_cols = 1
        else:
            leg_w = doc.width
            leg_cols = 3 if self.spec.paper == "A4" else 4
        leg_rows = math.ceil(len(legend_items) / leg_cols)
        leg_h = (leg_rows + 1.3) * doc.line_h(doc.base * 0.9) * 1.08
        cb_h = 14 * s if colorbar is not None else 0.0
        leg_h += cb_h
        if doc.remaining() < 90 * s:
            doc.new_page()
        avail_h = doc.remaining() - note_h - (0 if side else leg_h + 3 * s)
        if max_h:
            avail_h = min(avail_h, max_h)
        map_w = doc.width - (leg_w + 5 * s if side else 0)
        box = maps.fit_box(ext, doc.x0, doc.y, map_w, avail_h)
        if side:
            box = (doc.x0, box[1], box[2], box[3])
        ax = maps.map_axes(doc, box, ext)
        draw(ax)
        maps.scale_bar(doc, ax, box, ext, geographic, self.lang)
        maps.north_arrow(doc, box, self.lang)
        if side:
            lx = box[0] + box[2] + 5 * s
            used = maps.legend(doc, lx, box[1], doc.x1 - lx, legend_items, legend_title, 1)
            if colorbar is not None:
                self._colorbar(colorbar, lx, box[1] + used + 3 * s, doc.x1 - lx - 4 * s)
            doc.y = box[1] + box[3] + 2 * s
        else:
            doc.y = box[1] + box[3] + 3 * s
            if colorbar is not None:
                self._colorbar(colorbar, doc.x0, doc.y, min(90 * s, doc.width * 0.5))
                doc.y += cb_h
            maps.legend(doc, doc.x0, doc.y, doc.width, legend_items, legend_title, leg_cols)
            doc.y += leg_h - cb_h
        for n in note_lines:
            doc.paragraph(n, doc.base * 0.8, color=MUTED, after=0.3)

    def landcover_map(self) -> None:
        d = self.d
        if d.landcover is None:
            self.doc.paragraph(self.t("not_available", what=self.t("map_landcover", year="")))
            return
        cm = d.landcover
        roles = ("townships", "boundary")
        items = [LegendItem(f"{self.n(c.names)}", "fill", {"fc": c.color, "ec": "#777777",
                                                            "lw": 0.2}) for c in cm.legend]
        items += self._overlay_items(roles)
        town = d.overlay("townships")

        def draw(ax: Any) -> None:
            maps.draw_classes(ax, cm)
            self._draw_overlays(ax, roles)
            if town is not None and town.labels:
                maps.draw_labels(ax, self.doc, town.labels, self.doc.base * 0.72)

        src = "; ".join(f"{self.n(x.title)} ({x.file}{', ' + str(x.year) if x.year else ''})"
                        for x in d.sources)
        notes = [self.t("sources") + ("：" if self.lang == "zh" else ": ") + src] if src else []
        if cm.note:
            notes.append(self.n(cm.note))
        self._map_frame(cm.extent, items, self.t("map_landcover", year=cm.year or ""), draw,
                        notes=notes)

    # 2 -----------------------------------------------------------------------------------------
    def carbon_section(self) -> None:
        doc, d = self.doc, self.d
        doc.heading(self.t("sec_carbon"))
        y1, y2 = fmt(d.base_year, "year"), fmt(d.alt_year, "year")
        one = d.one_epoch    # baseline stock and the gain-loss sink of the baseline year only
        has_gl = d.totals.get("sink_gl_tCO2e_per_yr") is not None
        if one:
            method = self.t("sink_method_gl_one", year=y1) if has_gl else ""
        else:
            method = self.t("sink_method_sd", y1=y1, y2=y2) if d.alt_year else ""
            if has_gl:
                method += " " + self.t("sink_method_gl")
        doc.paragraph(self.t("sink_note", method=method), color=MUTED)
        has_alt = not one and any(r.stock_alt_tC is not None for r in d.by_ecosystem)

        def columns(first: list[Col]) -> list[Col]:
            cols = first + [Col(self.t("area_ha_year", year=y2 if has_alt else y1), "right"),
                            Col(self.t("stock_bas", year=y1), "right")]
            if has_alt:
                cols.append(Col(self.t("stock_alt", year=y2), "right"))
            if not one:
                cols.append(Col(self.t("sink_sd_col") if has_gl else self.t("sink_col"),
                                "right"))
            if has_gl:
                cols.append(Col(self.t("sink_gl_year_col", year=y1) if one
                                else self.t("sink_gl_col"), "right"))
            return cols

        def values(area: float | None, bas: float | None, alt: float | None,
                   sd: float | None, gl: float | None) -> list[str]:
            row = [fmt(area, "ha"), fmt(bas, "tC")]
            if has_alt:
                row.append(fmt(alt, "tC"))
            if not one:
                row.append(fmt(sd, "tCO2e"))
            if has_gl:
                row.append(fmt(gl, "tCO2e"))
            return row

        rows = [[ecosystem_name(r.ecosystem, self.lang)]
                + values(r.area_ha, r.stock_bas_tC, r.stock_alt_tC, r.sink_tCO2e_per_yr,
                         r.sink_gl_tCO2e_per_yr) for r in d.by_ecosystem]
        tot = d.totals
        rows.append([self.t("total")] + values(tot.get("area_ha"), tot.get("stock_bas_tC"),
                                               tot.get("stock_alt_tC"),
                                               tot.get("sink_tCO2e_per_yr"),
                                               tot.get("sink_gl_tCO2e_per_yr")))
        if d.by_ecosystem:
            doc.table(columns([Col(self.t("ecosystem"), wrap=True)]), rows,
                      caption=self.t("by_ecosystem"), bold_rows=[len(rows) - 1],
                      continued=self._cont())
            if has_alt:
                doc.y -= 1.5 * doc.s
                doc.paragraph(self.t("eco_grouping_note", y1=y1, y2=y2), doc.base * 0.8,
                              color=MUTED, after=2.0)
            self.ecosystem_charts()
        else:
            doc.paragraph(self.t("not_available", what=self.t("by_ecosystem")))
        if d.by_township:
            rows = [[t.code, t.name] + values(t.area_ha, t.stock_bas_tC, t.stock_alt_tC,
                                              t.sink_tCO2e_per_yr, t.sink_gl_tCO2e_per_yr)
                    for t in d.by_township]
            doc.table(columns([Col(self.t("code")), Col(self.t("township"), wrap=True)]), rows,
                      caption=self.t("by_township"), continued=self._cont())
        if d.sink_map is not None:
            self.sink_map()

    def _cont(self) -> str:
        return "（续）" if self.lang == "zh" else " (continued)"

    def ecosystem_charts(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        rows = [r for r in d.by_ecosystem]
        labels = [ecosystem_name(r.ecosystem, self.lang) for r in rows]
        colors = [ECO_COLORS.get(r.ecosystem, "#888888") for r in rows]
        stock = [(r.stock_alt_tC if r.stock_alt_tC is not None else r.stock_bas_tC) or 0.0
                 for r in rows]
        sink = [r.sink_tCO2e_per_yr or 0.0 for r in rows]
        stock_title, sink_title = self.t("chart_stock_eco"), self.t("chart_sink_eco")
        if d.one_epoch:      # baseline stock; the gain-loss sink of the baseline year
            year = fmt(d.base_year, "year")
            stock = [r.stock_bas_tC or 0.0 for r in rows]
            sink = [r.sink_gl_tCO2e_per_yr or 0.0 for r in rows]
            stock_title = self.t("chart_stock_eco_year", year=year)
            sink_title = self.t("chart_sink_eco_gl", year=year)
        h = max(45.0, 7.5 * len(rows) + 18) * s
        x, y = doc.block(h + 2 * s)
        gap = 22 * s
        w = (doc.width - gap) / 2
        lab_w = max(doc.measure(lb, doc.base * 0.85) for lb in labels) + 4 * s
        ax1 = doc.axes_at(x + lab_w, y + 7 * s, w - lab_w - 2 * s, h - 16 * s)
        hbar(ax1, doc, labels, stock, colors, stock_title)
        ax2 = doc.axes_at(x + w + gap + lab_w - 12 * s, y + 7 * s, w - lab_w + 10 * s, h - 16 * s)
        hbar(ax2, doc, labels, sink, colors, sink_title)

    def sink_map(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        sm = d.sink_map
        assert sm is not None
        doc.heading(self.n(sm.title), level=2, keep_with=80)
        holder: dict[str, Any] = {}

        def draw(ax: Any) -> None:
            holder["im"] = maps.draw_continuous(ax, sm)
            self._draw_overlays(ax, ("townships", "boundary"))

        self._map_frame(sm.extent, self._overlay_items(("townships", "boundary")),
                        self.t("legend"), draw, max_h=(110 if self.spec.paper == "A4" else 170) * s,
                        colorbar=holder)

    def _colorbar(self, holder: dict[str, Any], x: float, y: float, w: float) -> None:
        """A horizontal colour bar (with its unit) for the image drawn into ``holder['im']``."""
        doc, s = self.doc, self.doc.s
        if "im" not in holder:
            return
        cax = doc.axes_at(x + 2 * s, y + 1 * s, w - 4 * s, 3 * s)
        cb = doc.fig.colorbar(holder["im"], cax=cax, orientation="horizontal")
        cb.ax.tick_params(labelsize=doc.base * 0.75, width=0.4, length=2)
        for lab in cb.ax.get_xticklabels():
            lab.set_fontproperties(doc.prop(doc.base * 0.75))
        cb.outline.set_linewidth(0.4)
        cb.set_label(self.t("sink_unit_map"), fontproperties=doc.prop(doc.base * 0.8))

    # 3 -----------------------------------------------------------------------------------------
    def _region(self, t: Any) -> str:
        if t.region in ("county", "total", ""):
            return self.n(self.d.region) or t.region_name
        return t.region_name

    def targets_section(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        doc.heading(self.t("sec_targets"))
        if not d.targets:
            doc.paragraph(self.t("no_targets"))
            return
        kind = {"forest_cover_pct": "pct", "stock_volume_m3": "m3"}
        cols = [Col(self.t("indicator"), wrap=True), Col(self.t("region"), wrap=True),
                Col(self.t("current", year=fmt(d.targets[0].current_year, "year"))
                    if d.targets[0].current_year else self.t("current_plain"), "right"),
                Col(self.t("target"), "right"), Col(self.t("target_year"), "right"),
                Col(self.t("gap"), "right"),
                Col(self.t("year_met", scenario=self.scenario_name or "–"), "right",
                    wrap=True)]
        rows = []
        for t in d.targets:
            k = kind.get(t.indicator, "pct")
            if t.current is None:
                met = "–"
            elif t.gap is not None and t.gap <= 0:
                met = self.t("met")
            else:
                met = fmt(t.year_met, "year") if t.year_met else self.t("not_met")
            rows.append([self.t(t.indicator), self._region(t), fmt(t.current, k), fmt(t.target, k),
                         fmt(t.target_year, "year"), fmt(t.gap, k), met])
        doc.table(cols, rows, caption=self.t("targets_table"), continued=self._cont())
        county = [t for t in d.targets if t.region == "county" and t.current is not None]
        if not county:
            return
        h = (14 + 11 * len(county)) * s
        x, y = doc.block(h + 4 * s)
        multi = len({t.target_year for t in county}) > 1
        labels = [self.t(t.indicator) + (f" {t.target_year}" if multi else "") for t in county]
        lab_w = max(doc.measure(lb, doc.base * 0.85) for lb in labels) + 4 * s
        ax = doc.axes_at(x + lab_w, y + 7 * s, doc.width * 0.62 - lab_w, h - 17 * s)
        progress(ax, doc, county, labels, self.t("progress_chart", region=self._region(county[0])),
                 self.t("pct_of_target"), self.t("target_line"))
        if d.township_status:
            years = d.township_status[0]["years"]
            cols = [Col(self.t("code")), Col(self.t("township"), wrap=True)]
            cols += [Col(self.t("cover_year", year=y), "right", wrap=True) for y in years]
            cols += [Col(self.t("volume_year", year=y), "right", wrap=True) for y in years]
            rows = [[r["code"], r["name"]]
                    + [fmt(r.get(f"forest_cover_pct_{y}"), "pct") for y in years]
                    + [fmt(r.get(f"stock_volume_m3_{y}"), "m3") for y in years]
                    for r in d.township_status]
            doc.table(cols, rows, caption=self.t("township_status", scenario=self.scenario_name),
                      continued=self._cont())
        towns = [t for t in d.by_township if t.forest_cover_pct is not None]
        if towns:
            cover_target = next((t.target for t in county if t.indicator == "forest_cover_pct"),
                                None)
            h = max(50.0, 6.0 * len(towns) + 20) * s
            x, y = doc.block(h)
            labels = [t.name for t in towns]
            lab_w = max(doc.measure(lb, doc.base * 0.85) for lb in labels) + 4 * s
            ax = doc.axes_at(x + lab_w, y + 7 * s, doc.width * 0.62 - lab_w, h - 16 * s)
            hbar(ax, doc, labels, [t.forest_cover_pct or 0.0 for t in towns],
                 [PALETTE[0]] * len(towns),
                 self.t("cover_by_township", year=fmt(county[0].current_year or d.base_year,
                                                      "year")))
            if cover_target:
                ax.axvline(cover_target, color="#b00000", linewidth=0.9 * s,
                           linestyle=(0, (3, 1.5)))

    # 4 -----------------------------------------------------------------------------------------
    def projection_section(self) -> None:
        doc, d, s = self.doc, self.d, self.doc.s
        doc.heading(self.t("sec_projection"))
        proj = d.projection()
        if proj is None or not proj.rows:
            doc.paragraph(self.t("no_projection"))
            return
        y0 = int(proj.rows[0]["year"])
        keys = [k for k in ("forest_cover_pct", "stock_volume_m3", "carbon_stock_tC",
                            "sink_tCO2e_per_yr") if any(k in r for r in proj.rows)]
        targets: dict[str, list[tuple[float, int]]] = {}
        for t in d.targets:
            if t.region == "county" and t.target is not None and t.target_year:
                targets.setdefault(t.indicator, []).append((t.target, t.target_year))
        ncols = 4 if self.spec.landscape and self.spec.paper == "A3" else 2
        nrows = math.ceil(len(keys) / ncols)
        panel_h = (62 if self.spec.landscape else 58) * s
        cap = doc.line_h(doc.base * 1.05)
        total_h = cap + nrows * panel_h + 12 * s
        doc.ensure(total_h)
        doc.text(doc.x0, doc.y, self.t("projection_chart", y0=y0), doc.base * 1.05, bold=True)
        doc.y += cap + 2 * s
        gap = 16 * s
        pw = (doc.width - gap * (ncols - 1) - 12 * s) / ncols
        first = None
        for i, key in enumerate(keys):
            r, c = divmod(i, ncols)
            ax = doc.axes_at(doc.x0 + 12 * s + c * (pw + gap), doc.y + r * panel_h + 6 * s, pw,
                             panel_h - 16 * s)
            projection_panel(ax, doc, d.projections, key, self.t(key), self.lang, d.scenario,
                             targets.get(key, []), self.t("target_line"))
            first = first or ax
        doc.y += nrows * panel_h
        if first is not None:
            handles, labels = first.get_legend_handles_labels()
            ncol = 3 if not self.spec.landscape else 5
            doc.fig.legend(handles, labels, prop=doc.prop(doc.base * 0.85), frameon=False,
                           ncol=min(len(labels), ncol), loc="upper left",
                           bbox_to_anchor=(doc.x0 / doc.W, 1 - (doc.y - 3 * s) / doc.H))
            doc.y += math.ceil(len(labels) / ncol) * doc.line_h(doc.base * 0.85) * 1.25
        doc.y += 4 * s
        # table every 5 years
        years = [r for r in proj.rows if int(r["year"]) % 5 == 0 or int(r["year"]) == y0]
        kind = {"forest_cover_pct": "pct", "stock_volume_m3": "m3", "carbon_stock_tC": "tC",
                "sink_tCO2e_per_yr": "tCO2e", "cost": "money"}
        tkeys = keys + (["cost"] if any("cost" in r for r in proj.rows) else [])
        cols = [Col(self.t("year"))] + [Col(self.t(k), "right", wrap=True) for k in tkeys]
        rows = [[fmt(r["year"], "year")] + [fmt(r.get(k), kind[k]) for k in tkeys] for r in years]
        doc.table(cols, rows, caption=self.t("projection_table", scenario=self.scenario_name),
                  continued=self._cont())
        if len(d.projections) > 1:
            for year in (2030, 2060):
                cols = [Col(self.t("scenario"), wrap=True)] + [Col(self.t(k), "right", wrap=True)
                                                               for k in tkeys]
                rows = []
                for p in d.projections:
                    row = next((r for r in p.rows if int(r["year"]) == year), None)
                    if row is None:
                        continue
                    rows.append([self.n(p.title) or p.scenario]
                                + [fmt(row.get(k), kind[k]) for k in tkeys])
                if rows:
                    doc.table(cols, rows, caption=self.t("scenario_compare", year=year),
                              continued=self._cont())

    # 5 -----------------------------------------------------------------------------------------
    def conflicts_section(self) -> None:
        doc, d = self.doc, self.d
        doc.heading(self.t("sec_conflicts"))
        roles = ("farmland", "redline", "urban_boundary", "townships", "boundary")
        items = self._overlay_items(roles)
        if d.conflict_geometries:
            items.append(LegendItem(self.t("conflict_area"), "fill", STYLES["conflicts"]))
        base = d.landcover
        extent = base.extent if base is not None else None
        if extent is None:
            b = d.overlay("boundary")
            if b is not None and b.geometries:
                from shapely.ops import unary_union

                minx, miny, maxx, maxy = unary_union(b.geometries).bounds
                extent = (minx, maxx, miny, maxy)
        if extent is not None:
            ext_w = extent[1] - extent[0]

            def draw(ax: Any) -> None:
                if base is not None:
                    import numpy as np

                    grey = (np.asarray(base.array) != (base.nodata if base.nodata is not None
                                                        else -1))
                    ax.imshow(np.where(grey, 1.0, np.nan), extent=base.extent, cmap="Greys",
                              vmin=0, vmax=6, interpolation="nearest", zorder=1)
                self._draw_overlays(ax, roles)
                if d.conflict_geometries:
                    maps.draw_polygons(ax, d.conflict_geometries, STYLES["conflicts"], doc.s)
                    maps.draw_labels(ax, doc, [(x + (ext_w * 0.012), y, t)
                                               for x, y, t in d.conflict_labels],
                                     doc.base * 0.7, ha="left")

            if d.conflicts_from_plan_layer:
                title = self.t("map_conflicts_plan")
            elif self.scenario_name:
                title = self.t("map_conflicts", scenario=self.scenario_name)
            else:
                title = self.t("control_lines")
            self._map_frame(extent, items, title,
                            draw, max_h=(150 if self.spec.paper == "A4" else 220) * doc.s)
        if d.conflicts:
            cols = [Col(self.t("rule"), wrap=True), Col(self.t("zone"), wrap=True),
                    Col(self.t("action"), wrap=True), Col(self.t("reason"), wrap=True, min_mm=40),
                    Col(self.t("parcels_ids"), wrap=True), Col(self.t("area_ha"), "right")]
            rows = [[c.rule, self.n(c.zone), self.n(c.action), self.n(c.reason),
                     ", ".join(c.features) if c.features else str(c.n_features),
                     fmt(c.area_ha, "ha")] for c in d.conflicts]
            total = sum(c.area_ha for c in d.conflicts)
            rows.append([self.t("total"), "", "", "", "", fmt(total, "ha")])
            caption = (self.t("conflicts_table_plan") if d.conflicts_from_plan_layer
                       else self.t("conflicts_table", scenario=self.scenario_name))
            doc.table(cols, rows, caption=caption, bold_rows=[len(rows) - 1],
                      continued=self._cont())
        elif d.planned:
            doc.paragraph(self.t("no_conflicts"))
        else:
            doc.paragraph(self.t("conflicts_not_checked"))
        if d.control_areas_ha:
            cols = [Col(self.t("zone"), wrap=True), Col(self.t("area_ha"), "right")]
            rows = [[self.t(k) if k in ("farmland", "urban_boundary", "redline") or
                     k.startswith("redline_") else k, fmt(v, "ha")]
                    for k, v in d.control_areas_ha.items()]
            doc.table(cols, rows, caption=self.t("control_areas"), full_width=False,
                      continued=self._cont())

    # 6 -----------------------------------------------------------------------------------------
    def _param_table(self, p: Any, wide_limit: int) -> tuple[list[Col], list[list[str]]]:
        """A parameter table as in its CSV; tables with more columns than fit are shown
        compactly: key | parameter = value; … | unit | source (nothing is left out)."""
        lower = [c.lower() for c in p.columns]
        text_cols = {"source", "note", "notes", "reference", "description"}
        if len(p.columns) <= wide_limit:
            cols = []
            for c in p.columns:
                lc = c.lower()
                if lc in text_cols or lc.startswith("reason") or lc.startswith("title"):
                    cols.append(Col(c, wrap=True, min_mm=30))
                else:
                    cols.append(Col(c, wrap=True, min_mm=8))
            return cols, [list(r) for r in p.rows]
        keep_unit = "unit" in lower
        keep_src = "source" in lower
        skip = {0} | {i for i, c in enumerate(lower) if c in ("unit", "source")}
        cols = [Col(p.columns[0], wrap=True, min_mm=14),
                Col(self.t("param_values"), wrap=True, min_mm=60)]
        if keep_unit:
            cols.append(Col(self.t("unit"), wrap=True))
        if keep_src:
            cols.append(Col(self.t("source"), wrap=True, min_mm=40))
        rows = []
        for r in p.rows:
            vals = "; ".join(f"{p.columns[i]} = {v}" for i, v in enumerate(r)
                             if i not in skip and v != "")
            row = [r[0], vals]
            if keep_unit:
                row.append(r[lower.index("unit")])
            if keep_src:
                row.append(r[lower.index("source")])
            rows.append(row)
        return cols, rows

    def methods_section(self) -> None:
        doc, d = self.doc, self.d
        doc.heading(self.t("sec_methods"))
        sink = "sink_one" if d.one_epoch else "sink"
        for key in ("pools", "forest", "grass_blue", sink, "projection"):
            doc.paragraph(METHODS[key][self.lang], after=2.0)
        for note in d.notes:
            doc.paragraph(self.n(note), color=MUTED)
        doc.heading(self.t("parameters"), level=2)
        wide_limit = 8 if not (self.spec.landscape or self.spec.paper == "A3") else 12
        for p in d.parameters:
            name = names(TABLE_TITLES.get(p.key, {"en": p.key}), self.lang)
            cols, rows = self._param_table(p, wide_limit)
            doc.table(cols, rows, caption=self.t("param_table", name=name, file=p.file),
                      size=doc.base * 0.78, continued=self._cont())
            for note in p.notes:
                doc.paragraph(note, doc.base * 0.75, color=MUTED, after=0.5)
            if p.notes:
                doc.space(2.0)
        if d.sources:
            doc.heading(self.t("sources"), level=2)
            cols = [Col(self.t("sources"), wrap=True), Col(self.t("file"), wrap=True),
                    Col(self.t("year"), "right"), Col("CRS", wrap=True)]
            rows = [[self.n(x.title), x.file, fmt(x.year, "year") if x.year else "–",
                     x.crs or "–"] for x in d.sources]
            doc.table(cols, rows, size=doc.base * 0.85, continued=self._cont())


def render_pages(data: ReportData, lang: str, spec: PageSpec, font: ReportFont, *,
                 png_dpi: int | None = None, progress: Progress | None = None) -> list[Figure]:
    """Lay ``data`` out in ``lang`` on pages of ``spec``; call inside ``rc_context(font.rc())``."""
    return Renderer(data, lang, spec, font, png_dpi, progress).render()


def write_pdf(pages: Sequence[Figure], path: Path, metadata: dict[str, Any]) -> Path:
    """All pages into one PDF, atomically."""
    from matplotlib.backends.backend_pdf import PdfPages

    from gis.io import atomic_path

    with atomic_path(path) as tmp:
        with PdfPages(tmp, metadata=metadata) as pdf:
            for fig in pages:
                pdf.savefig(fig)
    return path


def png_paths(path: Path, n: int) -> list[Path]:
    """``report.png`` → ``report_1.png``, ``report_2.png``, … (one file per page)."""
    suffix = path.suffix or ".png"
    return [path.with_name(f"{path.stem}_{i}{suffix}") for i in range(1, n + 1)]


def write_png(pages: Sequence[Figure], path: Path, dpi: int) -> list[Path]:
    """One PNG per page (``FILE_1.png`` …), each written atomically."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from gis.io import atomic_path

    out = png_paths(path, len(pages))
    for fig, p in zip(pages, out, strict=True):
        FigureCanvasAgg(fig)
        with atomic_path(p) as tmp:
            fig.savefig(tmp, dpi=dpi, format="png", facecolor="white",
                        metadata={"Software": "Sinkplanner"})
    return out

