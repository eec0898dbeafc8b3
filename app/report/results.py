"""Reading (and, when missing, computing) the carbon and planning results a report shows.

Folder layout read (what ``sinkplanner run`` and ``sinkplanner plan`` write):

    RESULTS/summary.json            carbon totals (stock_bas_tC, stock_alt_tC, change_tC,
                                    sink_tCO2e_per_yr, by ecosystem / township when present)
    RESULTS/classes.csv             per land-cover class area and stock (pool job)
    RESULTS/<sink raster>.tif       annual sink map (t CO2e/ha/yr) when the run wrote one:
                                    sink_stock_difference.tif (two epochs) or
                                    sink_gain_loss.tif (one epoch: baseline year)
    RESULTS/projection.json|csv     yearly projection of one scenario   (or RESULTS/plan/<name>/,
    RESULTS/targets.json            target status                         RESULTS/<name>/)
    RESULTS/conflicts.csv|gpkg      conflicts with the control lines

The report prints the engines' numbers as written; the only arithmetic here is grouping the
per-class rows of ``classes.csv`` by the legend's ecosystem column when the summary has no
per-ecosystem breakdown (sums of the engine's own per-class figures).

A run with one land-cover epoch (``[carbon]`` names no ``landcover_alternate``) has null
alternate totals; the report then reads baseline areas and stocks only, and the gain–loss sink
of the baseline year (``ReportData.epochs == 1``).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app.pipeline import progress_part
from app.project import Project
from app.report.data import read_json, read_legend
from app.report.model import (
    ConflictRow,
    EcosystemRow,
    Projection,
    ReportData,
    TargetRow,
    TownshipRow,
)

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None
CO2_PER_C = 44.0 / 12.0
ECO_ORDER = ("forest", "shrub", "grassland", "wetland", "mangrove", "cropland", "other")


# ---- locating / computing ---------------------------------------------------------------------

def _signature(project: Project, extra: Iterable[str] = ()) -> str:
    """A short hash of the inputs (file sizes and times, tables, settings) and of the engines'
    code for the cache: results computed by an earlier version of the science are not reused."""
    from gis.numba_cache import source_digest

    h = hashlib.sha1()
    h.update(source_digest().encode())
    h.update(hashlib.sha1(Path(__file__).resolve().parents[1].joinpath(
        "pipeline.py").read_bytes()).hexdigest().encode())
    paths = [e.path for e in project.layers] + list(project.tables.values())
    for p in sorted(set(map(str, paths))):
        try:
            st = os.stat(p)
            h.update(f"{p}|{st.st_size}|{st.st_mtime_ns}".encode())
        except OSError:
            h.update(f"{p}|missing".encode())
    h.update(json.dumps([project.carbon, project.targets, project.scenarios, project.grid,
                         project.base_year], sort_keys=True, default=str).encode())
    for x in extra:
        h.update(x.encode())
    return h.hexdigest()[:12]


def find_file(folder: Path, names: Iterable[str], scenario: str | None = None) -> Path | None:
    """``folder/name`` or, for plan outputs, ``folder/plan/<scenario>/name``,
    ``folder/<scenario>/name``, ``folder/plan/name``."""
    subs = [Path(".")]
    if scenario:
        subs += [Path("plan") / scenario, Path(scenario), Path("plans") / scenario]
    subs += [Path("plan")]
    for sub in subs:
        for name in names:
            p = folder / sub / name
            if p.is_file():
                return p
    return None


def carbon_results(project: Project, results: str | Path | None, *, compute: bool = True,
                   cancel: Cancel = None, progress: Progress = None) -> Path | None:
    """The folder holding the carbon ``summary.json`` (computed into the cache if needed)."""
    from gis.errors import OutputError

    if results is not None:
        folder = Path(results)
        for sub in (".", "carbon", "run"):
            cand = folder / sub / "summary.json"
            if cand.is_file() and _is_carbon_summary(cand):
                return cand.parent
        raise OutputError("report_results_missing", path=folder)
    if not compute:
        return None
    out = project.work_folder() / "report" / f"carbon-{_signature(project)}"
    if (out / "summary.json").is_file():
        return out
    run_carbon_engine(project, out, cancel=cancel, progress=progress)
    return out


def _is_carbon_summary(path: Path) -> bool:
    """``sinkplanner plan`` writes a summary.json too; the carbon one has the stock totals."""
    s = read_json(path)
    tot = s.get("total") if isinstance(s.get("total"), dict) else s
    return isinstance(tot, dict) and "stock_bas_tC" in tot


def run_carbon_engine(project: Project, out: Path, *, cancel: Cancel = None,
                      progress: Progress = None) -> None:
    """Run the project's carbon job (what ``sinkplanner run`` computes) into ``out``."""
    from app.pipeline import run_project

    run_project(project, out, overwrite=True, progress=progress, cancel=cancel)


def planning_results(project: Project, results: str | Path | None, scenario: str | None, *,
                     compute: bool = True, cancel: Cancel = None,
                     progress: Progress = None) -> Path | None:
    """The folder of ``sinkplanner plan`` outputs (every scenario: ``projection.json`` has a
    ``scenario`` column). Looked for in ``results`` (or ``results/plan``); computed into the
    cache when missing and ``compute``; None when the project has no scenarios."""
    if results is not None:
        hit = find_file(Path(results), ["projection.json", "projection.csv"])
        if hit is not None:
            return hit.parent
    if not project.scenarios or not compute:
        return None
    cache = project.work_folder() / "report" / f"plan-{_signature(project)}"
    if find_file(cache, ["projection.json", "projection.csv"]) is not None:
        return cache
    run_planning_engine(project, cache, cancel=cancel, progress=progress)
    return cache


def run_planning_engine(project: Project, out: Path, *, cancel: Cancel = None,
                        progress: Progress = None) -> None:
    """Project every scenario into ``out`` (what ``sinkplanner plan --scenario all`` writes).
    Progress: 0–80 % preparing the planner (aligning, grouping), 80–100 % projecting."""
    from app.pipeline import build_planner, write_plan_outputs

    planner, layers = build_planner(project, progress=progress_part(progress, 0.0, 0.8),
                                    cancel=cancel)
    write_plan_outputs(planner, layers, project, out,
                       progress=progress_part(progress, 0.8, 1.0),
                       cancel=cancel)


# ---- carbon ------------------------------------------------------------------------------------

def _num(v: Any) -> float | None:
    if v is None or v == "":
        return None
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _first_num(d: dict[str, Any], *keys: str) -> float | None:
    for k in keys:
        v = _num(d.get(k))
        if v is not None:
            return v
    return None


SINK_SD = ("sink_tCO2e_per_yr", "sink_stock_difference_tCO2e_per_yr", "sink_sd_tCO2e_per_yr")
SINK_GL = ("sink_gain_loss_tCO2e_per_yr", "sink_gl_tCO2e_per_yr")


def fill_carbon(data: ReportData, project: Project, folder: Path) -> None:
    s = read_json(folder / "summary.json")
    inputs = s.get("inputs") or {}
    bas_year = s.get("bas_year") or inputs.get("bas_year")
    alt_year = s.get("alt_year") or inputs.get("alt_year")
    if bas_year:
        data.base_year = int(bas_year)
    data.alt_year = int(alt_year) if alt_year else None
    tot = s.get("total") if isinstance(s.get("total"), dict) else s
    # One land-cover epoch (no alternate map): the engine writes null alternate totals (and
    # zero alternate areas and stocks per group, all-nodata alternate rasters); the report
    # then shows the baseline stock and the gain-loss sink of the baseline year.
    one = data.alt_year is None and _num(tot.get("stock_alt_tC")) is None
    data.epochs = 1 if one else 2
    data.totals = {
        "stock_bas_tC": _num(tot.get("stock_bas_tC")),
        "stock_alt_tC": _num(tot.get("stock_alt_tC")),
        "change_tC": _num(tot.get("change_tC")),
        "sink_tCO2e_per_yr": _first_num(tot, *SINK_SD),
        "sink_gl_tCO2e_per_yr": _first_num(tot, *SINK_GL),
        "area_ha": _first_num(tot, *_area_keys(data)),
        "npv": _num(tot.get("npv")),
    }
    data.by_ecosystem = _ecosystems(s, folder, project, data)
    data.by_township = _townships(s, folder, data)
    data.sink_map = read_sink_map(folder, data)
    data.notes += [{"en": n, "zh": n} for n in (s.get("notices") or []) if isinstance(n, str)]


def _area_keys(data: ReportData) -> tuple[str, ...]:
    """Area of a group: of the alternate epoch (its classes group the sinks), of the baseline
    with one epoch (the engine writes 0 alternate areas then)."""
    if data.one_epoch:
        return ("area_bas_ha", "area_ha")
    return ("area_alt_ha", "area_ha", "area_bas_ha")


def read_sink_map(folder: Path, data: ReportData) -> Any:
    """The annual sink raster (t CO2e/ha/yr), averaged to display resolution: stock difference
    with two epochs, the gain-loss sink of the baseline year with one (a one-epoch run also
    writes an all-nodata stock-difference raster, which is never shown). None when no sink
    raster with data is there."""
    import numpy as np

    from app.report.data import DISPLAY_PX
    from app.report.model import ContinuousMap
    from gis.readers import open_layer

    names = (("sink_gain_loss.tif", "sink.tif") if data.one_epoch
             else ("sink_stock_difference.tif", "sink.tif", "sink_gain_loss.tif"))
    for name in names:
        path = folder / name
        if not path.is_file():
            continue
        layer = open_layer(path)
        grid = layer.spec  # type: ignore[attr-defined]
        h, w = grid.shape
        f = max(1.0, max(h, w) / (DISPLAY_PX * 0.75))
        arr = layer.read(1, out_shape=(max(1, round(h / f)), max(1, round(w / f))),  # type: ignore[attr-defined]
                         resampling="average" if f > 1 else "nearest", masked=True)
        arr = np.ma.filled(arr.astype("float64"), np.nan)
        if np.isfinite(arr).any():
            break
    else:
        return None
    t = grid.transform
    extent = (t.c, t.c + t.a * grid.width, t.f + t.e * grid.height, t.f)
    method = "stock_difference" if "difference" in path.name else "gain_loss"
    years = {"en": f"{data.base_year}–{data.alt_year}" if data.alt_year else f"{data.base_year}",
             "zh": f"{data.base_year}—{data.alt_year}" if data.alt_year else f"{data.base_year}"}
    title = {"en": f"Annual carbon sink {years['en']} "
                   f"({'stock difference' if method == 'stock_difference' else 'gain–loss'}; "
                   "t CO₂e/ha/yr, removal positive)",
             "zh": f"{years['zh']}年年碳汇"
                   f"（{'储量差法' if method == 'stock_difference' else '增减法'}；"
                   "t CO₂e/公顷/年，吸收为正）"}
    return ContinuousMap(arr, extent, data.landcover.crs if data.landcover else "", title,
                         "t CO₂e/ha/yr", diverging=True, method=method)


def _ecosystems(s: dict[str, Any], folder: Path, project: Project,
                data: ReportData) -> list[EcosystemRow]:
    raw = s.get("by_ecosystem")
    rows: list[EcosystemRow] = []
    if isinstance(raw, dict):
        raw = [{"ecosystem": k, **v} for k, v in raw.items() if isinstance(v, dict)]
    if not raw and (folder / "by_ecosystem.csv").is_file():
        raw = _csv_rows(folder / "by_ecosystem.csv")
    if isinstance(raw, list) and raw:
        for r in raw:
            rows.append(EcosystemRow(
                ecosystem=str(r.get("ecosystem")),
                area_ha=_first_num(r, *_area_keys(data)),
                stock_bas_tC=_num(r.get("stock_bas_tC")),
                stock_alt_tC=None if data.one_epoch else _num(r.get("stock_alt_tC")),
                sink_tCO2e_per_yr=_first_num(r, *SINK_SD),
                sink_gl_tCO2e_per_yr=_first_num(r, *SINK_GL)))
        return _order(rows)
    classes = folder / "classes.csv"
    if not classes.is_file():
        return []
    eco_of = {c.code: (c.ecosystem or "other") for c in read_legend(project)}
    years = (data.alt_year - data.base_year) if data.alt_year and data.base_year else None
    acc: dict[str, dict[str, float]] = {}
    for r in _csv_rows(classes):
        code = int(float(r["lucode"]))
        e = acc.setdefault(eco_of.get(code, "other"), {})
        for k in ("area_bas_ha", "area_alt_ha", "stock_bas_tC", "stock_alt_tC"):
            v = _num(r.get(k))
            if v is not None:
                e[k] = e.get(k, 0.0) + v
    for eco, e in acc.items():
        sink = None
        if years and "stock_alt_tC" in e:
            sink = (e["stock_alt_tC"] - e["stock_bas_tC"]) / years * CO2_PER_C
        area = e.get("area_bas_ha") if data.one_epoch else e.get("area_alt_ha",
                                                                   e.get("area_bas_ha"))
        rows.append(EcosystemRow(eco, area, e.get("stock_bas_tC"),
                                 None if data.one_epoch else e.get("stock_alt_tC"), sink))
    return _order(rows)


def _order(rows: list[EcosystemRow]) -> list[EcosystemRow]:
    rank = {k: i for i, k in enumerate(ECO_ORDER)}
    return sorted(rows, key=lambda r: (rank.get(r.ecosystem, 99), r.ecosystem))


def _townships(s: dict[str, Any], folder: Path, data: ReportData) -> list[TownshipRow]:
    raw = s.get("by_township")
    if isinstance(raw, dict):
        raw = [{"code": k, **v} for k, v in raw.items() if isinstance(v, dict)]
    if not raw and (folder / "by_township.csv").is_file():
        raw = _csv_rows(folder / "by_township.csv")
    out = []
    for r in raw or []:
        code = str(r.get("township") or r.get("code") or r.get("XZDM") or "")
        area = _first_num(r, *_area_keys(data))
        if code.startswith("(") and not area:
            continue   # the engine's "(none)" bucket for pixels outside every township, if empty
        out.append(TownshipRow(
            code=code, name=str(r.get("name") or r.get("name_zh") or r.get("XZMC") or code),
            area_ha=area,
            stock_bas_tC=_num(r.get("stock_bas_tC")),
            stock_alt_tC=None if data.one_epoch else _num(r.get("stock_alt_tC")),
            sink_tCO2e_per_yr=_first_num(r, *SINK_SD),
            forest_cover_pct=_num(r.get("forest_cover_pct")),
            sink_gl_tCO2e_per_yr=_first_num(r, *SINK_GL)))
    return out


# ---- planning ----------------------------------------------------------------------------------

def _rows_of(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, list):
        return [r for r in obj if isinstance(r, dict)]
    if isinstance(obj, dict):
        for key in ("yearly", "rows", "projection", "years", "data", "status", "targets"):
            if isinstance(obj.get(key), list):
                return [r for r in obj[key] if isinstance(r, dict)]
    return []


def read_projections(folder: Path, project: Project) -> list[Projection]:
    """One :class:`Projection` per scenario from ``projection.json`` (or ``.csv``)."""
    p = find_file(folder, ["projection.json"])
    if p is not None:
        rows = _rows_of(read_json(p))
    else:
        p = find_file(folder, ["projection.csv"])
        if p is None:
            return []
        rows = _csv_rows(p)  # type: ignore[assignment]
    titles = {str(s.get("name")): s.get("title") or {} for s in project.scenarios}
    by: dict[str, list[dict[str, float]]] = {}
    for r in rows:
        name = str(r.get("scenario") or "")
        row = {k: _num(v) for k, v in r.items() if k != "scenario"}
        if row.get("year") is None:
            continue
        if "cost" not in row and row.get("cumulative_cost_cny") is not None:
            row["cost"] = row["cumulative_cost_cny"]
        elif "cost" not in row and row.get("cost_cny") is not None:
            row["cost"] = row["cost_cny"]
        by.setdefault(name, []).append({k: v for k, v in row.items() if v is not None})
    order = [str(s.get("name")) for s in project.scenarios]
    out = []
    for name in sorted(by, key=lambda n: (order.index(n) if n in order else 99, n)):
        t = titles.get(name) or {}
        if isinstance(t, str):
            t = {"en": t, "zh": t}
        title = {k: str(v) for k, v in t.items()} or {"en": name, "zh": name}
        out.append(Projection(name, title, sorted(by[name], key=lambda r: r["year"])))
    return out


def fill_planning(data: ReportData, project: Project, folder: Path | None) -> None:
    if folder is None:
        return
    data.planned = True
    data.projections = read_projections(folder, project)
    if data.scenario is None and data.projections:
        data.scenario = data.projections[0].scenario
    town_names = {t.code: t.name for t in data.by_township}
    tpath = find_file(folder, ["targets.json"])
    if tpath is not None:
        rows = [r for r in _rows_of_status(read_json(tpath))
                if str(r.get("scenario", data.scenario)) == str(data.scenario)]
        data.targets = _targets(rows, data, town_names)
    _conflicts(data, folder, project)
    _township_status(data, folder)
    for t in data.targets:
        for p in data.projections:
            xs, ys = p.column(t.indicator)
            if t.target is None or t.region != "county":
                continue
            hit = next((int(x) for x, y in zip(xs, ys, strict=True) if y >= t.target - 1e-9),
                       None)
            t.met_by_scenario[p.scenario] = hit


def _township_status(data: ReportData, folder: Path) -> None:
    """Forest cover and stock volume per township in the base year, 2030 and 2060."""
    path = find_file(folder, ["projection_townships.csv"])
    if path is None:
        return
    by: dict[str, dict[str, Any]] = {}
    years: set[int] = set()
    for r in _csv_rows(path):
        if r.get("scenario", data.scenario) != data.scenario:
            continue
        year = int(float(r["year"]))
        years.add(year)
        code = str(r.get("township", ""))
        if not code or code.startswith("("):
            continue
        row = by.setdefault(code, {"code": code, "name": r.get("name") or code})
        row[f"forest_cover_pct_{year}"] = _num(r.get("forest_cover_pct"))
        row[f"stock_volume_m3_{year}"] = _num(r.get("stock_volume_m3"))
    if not by:
        return
    y0 = min(years)
    keep = [y for y in (y0, 2030, 2060) if y in years]
    data.township_status = [
        {"code": r["code"], "name": r["name"], "years": keep,
         **{k: v for k, v in r.items() if k.split("_")[-1].isdigit()
            and int(k.split("_")[-1]) in keep}}
        for r in sorted(by.values(), key=lambda r: r["code"])]
    cover0 = {r["code"]: r.get(f"forest_cover_pct_{y0}") for r in data.township_status}
    for t in data.by_township:
        if t.forest_cover_pct is None and cover0.get(t.code) is not None:
            t.forest_cover_pct = cover0[t.code]


def _rows_of_status(obj: Any) -> list[dict[str, Any]]:
    if isinstance(obj, dict) and isinstance(obj.get("status"), list):
        return [r for r in obj["status"] if isinstance(r, dict)]
    return _rows_of(obj)


def _targets(rows: list[dict[str, Any]], data: ReportData,
             town_names: dict[str, str]) -> list[TargetRow]:
    out = []
    for r in rows:
        metric = str(r.get("metric") or r.get("indicator") or "")
        if metric not in ("forest_cover_pct", "stock_volume_m3"):
            continue
        region = str(r.get("region") or "county")
        out.append(TargetRow(
            indicator=metric, region=region,
            region_name=_region_label(region, data, town_names),
            current=_num(r.get("base_value") if "base_value" in r else r.get("value")),
            current_year=int(r.get("base_year") or data.base_year or 0) or None,
            target=_num(r.get("target")),
            target_year=int(r["target_year"]) if r.get("target_year") else None,
            gap=_num(r.get("base_gap") if "base_gap" in r else r.get("gap")),
            year_met=int(r["year_reached"]) if r.get("year_reached") not in (None, "") else None))
    return out


def _region_label(region: str, data: ReportData, town_names: dict[str, str]) -> str:
    if region in ("county", "total", ""):
        return data.region.get("zh") or data.project_name
    return town_names.get(region, region)


def fill_targets_from_project(data: ReportData, project: Project) -> None:
    """Without planning results, list the project's targets (value and year; no status)."""
    if data.targets:
        return
    for t in project.targets:
        region = str(t.get("region", "county"))
        for metric in ("forest_cover_pct", "stock_volume_m3"):
            if t.get(metric) is None:
                continue
            data.targets.append(TargetRow(metric, region, _region_label(region, data, {}),
                                          None, None, float(t[metric]), int(t.get("year", 0))
                                          or None, None))


def _action_titles(project: Project) -> dict[str, dict[str, str]]:
    try:
        path = project.table_path("actions")
    except Exception:  # noqa: BLE001 - titles are a nicety; ids are shown instead
        return {}
    with open(path, encoding="utf-8-sig") as f:
        lines = [ln for ln in f if ln.strip() and not ln.lstrip().startswith("#")]
    out = {}
    for r in csv.DictReader(lines):
        aid = (r.get("action") or "").strip()
        if aid:
            out[aid] = {"en": (r.get("title_en") or aid).strip(),
                        "zh": (r.get("title_zh") or r.get("title_en") or aid).strip()}
    return out


def _conflicts(data: ReportData, folder: Path, project: Project | None = None) -> None:
    from app.report.text import ZONES

    path = find_file(folder, ["conflicts.csv"])
    if path is None:
        return
    rows = [r for r in _csv_rows(path)
            if r.get("scenario", data.scenario) in (data.scenario, "plan_layer")]
    data.conflicts_from_plan_layer = any(r.get("scenario") == "plan_layer" for r in rows)
    titles = _action_titles(project) if project is not None else {}
    agg: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in rows:
        action = r.get("plan_action") or r.get("action") or ""
        key = (r.get("rule_id", ""), r.get("zone", ""), action)
        a = agg.setdefault(key, {"area": 0.0, "features": set(), "en": r.get("reason_en", ""),
                                 "zh": r.get("reason_zh", "")})
        a["area"] += _num(r.get("area_ha")) or 0.0
        n = _num(r.get("n_polygons"))
        if n is not None:
            a["features"] |= {f"{key}-{i}" for i in range(int(n))}
        else:
            a["features"].add(r.get("feature", len(a["features"])))
    for (rule, zone, action), a in agg.items():
        data.conflicts.append(ConflictRow(
            rule, ZONES.get(zone, {"en": zone, "zh": zone}),
            titles.get(action, {"en": action, "zh": action}), a["area"], len(a["features"]),
            {"en": a["en"], "zh": a["zh"] or a["en"]},
            features=sorted(str(f) for f in a["features"] if not str(f).startswith("("))))
    gpkg = find_file(folder, ["conflicts.gpkg"])
    if gpkg is not None:
        try:
            import pyogrio

            gdf = pyogrio.read_dataframe(gpkg)
            if data.landcover is not None and gdf.crs is not None:
                gdf = gdf.to_crs(data.landcover.crs)
            data.conflict_geometries = list(gdf.geometry.values)
            if "feature" in gdf.columns:
                seen: set[str] = set()
                for geom, label in zip(gdf.geometry.values, gdf["feature"], strict=True):
                    if str(label) not in seen and geom is not None and not geom.is_empty:
                        seen.add(str(label))
                        pt = geom.representative_point()
                        data.conflict_labels.append((pt.x, pt.y, str(label)))
        except Exception:  # noqa: BLE001 - the table still reports the conflicts
            data.conflict_geometries = []
