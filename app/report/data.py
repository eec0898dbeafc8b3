"""Assemble :class:`~app.report.model.ReportData` from a project and its results.

Three sources:

* the **project** (layers, tables, targets, scenarios): the land-cover map (decimated for
  display only), boundary / township / control-line overlays, the parameter tables with their
  sources, the data-source list;
* the **carbon results** of ``sinkplanner run`` (``summary.json`` + CSVs, sink raster);
* the **planning results** of ``sinkplanner plan`` (``projection.json``, ``targets.json``,
  ``conflicts.csv`` / ``.gpkg``), one folder per scenario.

Results are read from ``results`` when given (the folder of ``run``, with plan outputs in it or
in ``plan/<scenario>/``); whatever is missing is computed with the engines' Python APIs into
``<project work folder>/report/`` and reused next time while the inputs are unchanged.
Totals are never recomputed here: the report prints what the engines wrote.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from app.pipeline import progress_part
from app.project import LayerEntry, Project
from app.report.model import (
    ClassMap,
    LegendClass,
    Overlay,
    ParamTable,
    ReportData,
    Source,
)

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None

#: longest side of the display copy of a raster, in pixels (≈ 200 dpi across an A3 map)
DISPLAY_PX = 1600

PARAM_TABLES = ("carbon_pools", "forest_types", "growth_curves", "grassland", "blue_carbon",
                "constraint_rules", "actions")


def assemble(project: Project, *, results: str | Path | None = None, scenario: str | None = None,
             progress: Progress = None, cancel: Cancel = None, today: _dt.date | None = None,
             compute: bool = True) -> ReportData:
    """Gather everything the report shows. ``compute=False`` never runs an engine (missing
    results are then reported as 'not available')."""
    from app import __version__

    report = _progress(progress)
    if scenario is None and project.scenarios:
        scenario = str(project.scenarios[0].get("name"))
    if scenario is not None:
        sc = project.scenario(scenario)          # raises ProjectError for an unknown name
        scenario_title = _names(sc.get("title"), scenario)
    else:
        scenario_title = {}
    report(0.02, "project")
    lc_entry = _landcover_entry(project)
    data = ReportData(
        project_name=project.name,
        region=_region_names(project),
        scenario=scenario,
        scenario_title=scenario_title,
        base_year=project.base_year,
        alt_year=None,
        date=(today or _dt.date.today()).isoformat(),
        version=__version__,
        crs_name="",
    )
    if lc_entry is not None:
        data.landcover = read_class_map(project, lc_entry, cancel=cancel)
        from app.report.maps import crs_label

        data.crs_name, data.geographic = crs_label(data.landcover.crs)
    report(0.1, "overlays")
    data.overlays = read_overlays(project, data.landcover)
    data.parameters = read_parameter_tables(project)
    data.sources = sources(project)
    _check(cancel)
    report(0.15, "carbon")
    from app.report import results as res

    carbon_dir = res.carbon_results(project, results, compute=compute, cancel=cancel,
                                    progress=progress_part(progress, 0.15, 0.5))
    if carbon_dir is not None:
        res.fill_carbon(data, project, carbon_dir)
    _check(cancel)
    report(0.5, "planning")
    plan_dir = res.planning_results(project, results, scenario, compute=compute, cancel=cancel,
                                    progress=progress_part(progress, 0.5, 0.95))
    res.fill_planning(data, project, plan_dir)
    res.fill_targets_from_project(data, project)
    data.results_dir = str(results or (carbon_dir or ""))
    report(1.0, "done")
    return data


# ---- project-derived parts ------------------------------------------------------------------

def _names(value: Any, fallback: str = "") -> dict[str, str]:
    if isinstance(value, dict):
        return {k: str(v) for k, v in value.items()}
    if value:
        return {"en": str(value), "zh": str(value)}
    return {"en": fallback, "zh": fallback} if fallback else {}


def _region_names(project: Project) -> dict[str, str]:
    head = project.extra.get("project", {}) if isinstance(project.extra, dict) else {}
    region = head.get("region")
    if region:
        return _names(region)
    for entry in project.layers_with_role("boundary"):
        try:
            gdf = _read_vector(entry)
        except Exception:  # noqa: BLE001 - region names are a nicety
            continue
        if len(gdf):
            row = gdf.iloc[0]
            zh = str(row.get(entry.field("name"), "") or "")
            en = str(row.get(entry.field("name_en"), "") or "") or zh
            if zh or en:
                return {"zh": zh or en, "en": en}
    return _names(project.name)


def _landcover_entry(project: Project) -> LayerEntry | None:
    """The land-cover layer to map: the alternate (latest) epoch of the carbon run."""
    for key in ("landcover_alternate", "landcover_baseline"):
        lid = project.carbon.get(key)
        if lid and project.has_layer(lid):
            return project.layer(lid)
    lcs = project.layers_with_role("landcover")
    if not lcs:
        return None
    return max(lcs, key=lambda e: e.year or 0)


def read_legend(project: Project) -> list[LegendClass]:
    """Legend rows (code, names, colour, ecosystem) from the project's legend table."""
    try:
        path = project.table_path("legend")
    except Exception:  # noqa: BLE001 - no legend: the map falls back to a ramp
        return []
    rows = _read_csv(path)
    out = []
    for r in rows:
        try:
            code = int(float(r.get("code") or r.get("lucode") or ""))
        except ValueError:
            continue
        en = r.get("name_en") or r.get("name") or r.get("LULC_name") or str(code)
        zh = r.get("name_zh") or en
        color = (r.get("color") or r.get("colour") or "").strip() or "#999999"
        if not color.startswith("#"):
            color = "#" + color
        out.append(LegendClass(code, {"en": en, "zh": zh}, color, r.get("ecosystem", "")))
    return out


def read_class_map(project: Project, entry: LayerEntry, max_px: int = DISPLAY_PX, *,
                   cancel: Cancel = None) -> ClassMap:
    """A display copy (mode-resampled, longest side ≤ ``max_px``) of a class raster. A land
    cover of polygons (三调 parcels) is mapped from the class raster the engines read: its
    legend codes burnt on the analysis grid by :func:`app.pipeline.prepare_inputs` (cached;
    an input error names the file, as a run would)."""
    from gis.layers import RasterLayer
    from gis.readers import open_layer

    layer = open_layer(entry.path, **entry.open_options())
    note: dict[str, str] = {}
    if not isinstance(layer, RasterLayer):
        from app.pipeline import prepare_inputs

        prepared = prepare_inputs(project, [entry.id], cancel=cancel)
        layer = open_layer(prepared.paths[entry.id])
        note = _polygons_note(entry, layer.spec)  # type: ignore[attr-defined]
    grid = layer.spec  # type: ignore[attr-defined]
    h, w = grid.shape
    f = max(1.0, max(h, w) / max_px)
    shape = (max(1, round(h / f)), max(1, round(w / f)))
    arr = layer.read(1, out_shape=shape, resampling="mode" if f > 1 else "nearest")  # type: ignore[attr-defined]
    t = grid.transform   # north-up grids only (the readers refuse rotated ones)
    left, top = t.c, t.f
    right, bottom = t.c + t.a * grid.width, t.f + t.e * grid.height
    nodata = layer.nodata  # type: ignore[attr-defined]
    legend = read_legend(project)
    present = set(np.unique(arr).tolist())
    legend = [c for c in legend if c.code in present] or legend
    return ClassMap(array=np.asarray(arr), extent=(left, right, bottom, top),
                    crs=grid.crs.to_wkt() if hasattr(grid.crs, "to_wkt") else str(grid.crs),
                    nodata=None if nodata is None else int(nodata), legend=legend,
                    title=dict(entry.title), year=entry.year, source=entry.path.name,
                    note=note)


def _polygons_note(entry: LayerEntry, grid: Any) -> dict[str, str]:
    """How a land cover of polygons became the class map (and the engines' input)."""
    res = abs(grid.transform.a)
    geographic = bool(getattr(grid.crs, "is_geographic", False))
    cell = {"en": f"{res:g}°" if geographic else f"{res:g} m",
            "zh": f"{res:g}°" if geographic else f"{res:g} 米"}
    field_name = entry.fields.get("class", "")
    return {"en": f"Land cover from the polygons of {entry.path.name} (class field "
                  f"{field_name}, matched to the legend), rasterised on the {cell['en']} "
                  "analysis grid.",
            "zh": f"土地覆被由 {entry.path.name} 的图斑按地类字段 {field_name} 对照图例，"
                  f"栅格化到 {cell['zh']} 分析格网。"}


def _source_file(project: Project, entry: LayerEntry) -> str:
    """A layer's file, relative to the project; a land cover's class field beside it."""
    try:
        rel = entry.path.relative_to(project.folder).as_posix()
    except ValueError:
        rel = entry.path.name
    if entry.role == "landcover" and entry.fields.get("class"):
        rel += f", {entry.fields['class']}"
    return rel


def _read_vector(entry: LayerEntry) -> Any:
    from gis.readers import open_layer

    layer = open_layer(entry.path, **entry.open_options())
    return layer.read()  # type: ignore[attr-defined]


def read_overlays(project: Project, base: ClassMap | None) -> list[Overlay]:
    """Boundary, townships (with labels), red line (core/general), farmland, urban boundary —
    reprojected to the map CRS and simplified to the display resolution."""
    crs = base.crs if base is not None else None
    tol = 0.0
    if base is not None:
        xmin, xmax, ymin, ymax = base.extent
        tol = max(xmax - xmin, ymax - ymin) / (DISPLAY_PX * 1.5)
    out: list[Overlay] = []
    for role in ("boundary", "townships", "redline", "farmland", "urban_boundary"):
        entries = project.layers_with_role(role)
        if not entries:
            continue
        entry = entries[0]
        gdf = _read_vector(entry)
        if crs is not None and gdf.crs is not None:
            gdf = gdf.to_crs(crs)
        geoms = gdf.geometry
        if tol > 0:
            geoms = geoms.simplify(tol, preserve_topology=True)
        ov = Overlay(role=role, title=dict(entry.title), geometries=list(geoms.values),
                     source=entry.path.name)
        if role == "townships":
            name_f = entry.field("name")
            if name_f in gdf.columns:
                pts = gdf.geometry.representative_point()
                ov.labels = [(p.x, p.y, str(n)) for p, n in zip(pts, gdf[name_f], strict=True)]
        if role == "redline":
            zone_f = entry.field("zone")
            if zone_f in gdf.columns:
                ov.zones = [str(z).strip().lower() for z in gdf[zone_f]]
        out.append(ov)
    return out


def read_parameter_tables(project: Project) -> list[ParamTable]:
    """Every parameter table the project names, verbatim (with its unit and source columns)."""
    out = []
    base = project.folder
    for key in PARAM_TABLES:
        path = project.tables.get(key)
        if path is None or not Path(path).exists():
            continue
        with open(path, encoding="utf-8-sig", newline="") as f:
            lines = f.read().splitlines()
        notes = [ln.lstrip("#").strip() for ln in lines if ln.lstrip().startswith("#")]
        rows = list(csv.reader(ln for ln in lines if ln.strip()
                               and not ln.lstrip().startswith("#")))
        if not rows:
            continue
        header = [h.strip() for h in rows[0]]
        body = [r for r in rows[1:] if any(c.strip() for c in r)]
        try:
            rel = Path(path).relative_to(base).as_posix()
        except ValueError:
            rel = Path(path).name
        n = len(header)
        out.append(ParamTable(key, rel, header,
                              [([c.strip() for c in r] + [""] * n)[:n] for r in body],
                              [x for x in notes if x]))
    return out


def sources(project: Project) -> list[Source]:
    """The project's layers as data sources. Land-cover layers that ``[carbon]`` does not use
    are left out when it names its land covers (a one-epoch project keeping another year's map
    must not list it as a source of the figures)."""
    used = {project.carbon.get(k) for k in ("landcover_baseline", "landcover_alternate")}
    used = {lid for lid in used if lid and project.has_layer(lid)}
    out = []
    for e in project.layers:
        if e.role in ("result",):
            continue
        if e.role == "landcover" and used and e.id not in used:
            continue
        out.append(Source(title=dict(e.title) or {"en": e.id, "zh": e.id},
                          file=_source_file(project, e),
                          year=e.year, crs=e.crs or ""))
    return out


def _read_csv(path: str | Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [{k.strip(): (v or "").strip() for k, v in row.items() if k}
                for row in csv.DictReader(f)]


def read_json(path: str | Path) -> Any:
    from gis.errors import OutputError

    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        raise OutputError("report_results_unreadable", path=path, detail=str(exc)) from exc


# ---- progress helpers ---------------------------------------------------------------------------

def _progress(progress: Progress) -> Callable[[float, str], None]:
    return progress or (lambda _f, _m: None)


def _check(cancel: Cancel) -> None:
    if cancel is not None and cancel():
        from gis.errors import CancelledError

        raise CancelledError()
