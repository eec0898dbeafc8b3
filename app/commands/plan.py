"""`sinkplanner plan PROJECT --scenario NAME --out DIR`: project scenarios to 2060.

Writes into DIR (atomically: a failed or cancelled run leaves DIR as it was):

* ``projection.csv`` / ``projection.json`` — one row per scenario and year: forest cover %,
  stock volume, carbon stock (total and per ecosystem), annual sink (t CO₂e/yr, positive =
  removal), treated area and cost;
* ``projection_townships.csv`` — the same per township;
* ``comparison.csv`` — scenarios side by side (cover, stock, carbon in key years, cumulative
  sink, cost, the year each target is reached);
* ``schedule.csv`` — area placed per action and year (requested, placed, shortfall, cost);
* ``targets.csv`` / ``targets.json`` — each target: value now, gap, value and gap in the target
  year, and the year the scenario reaches it;
* ``conflicts.csv`` (+ ``conflicts.gpkg`` with ``--plan-layer``) — polygons of an imported plan
  that break a rule, with their areas; scheduled area that found no allowed land;
* ``maps/<scenario>/<name>_<year>.tif`` for ``--maps`` years; ``allocation/`` priority maps
  when a scenario allocates automatically;
* ``summary.json`` — what was run, notices, and the key figures.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

HELP = "project restoration scenarios to 2060: cover, stock, carbon, sink, targets, conflicts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="project file (.toml)")
    parser.add_argument("--scenario", default="all",
                        help="scenario name from the project, or 'all' to compare every "
                        "scenario (default: all)")
    parser.add_argument("--out", required=True, help="output folder (replaced atomically)")
    parser.add_argument("--maps", default="",
                        help="years to write per-pixel maps for, e.g. 2030,2060")
    parser.add_argument("--plan-layer", default=None,
                        help="a plan to check against the rules: polygons with an 'action' field")
    parser.add_argument("--action-field", default="action",
                        help="the plan layer's field holding the action (default: action)")
    parser.add_argument("--budget", type=float, default=None, metavar="CNY",
                        help="also allocate this budget (CNY, spread over --alloc-years) where it "
                        "earns the most sink per yuan, on top of each scenario's schedule")
    parser.add_argument("--cover-target", default=None, metavar="PCT:YEAR[:REGION]",
                        help="also allocate land so REGION (default: county) reaches PCT %% "
                        "forest cover by YEAR, at the most sink per yuan")
    parser.add_argument("--alloc-years", default=None, metavar="START-END",
                        help="planting years for --budget / --cover-target (default: the year "
                        "after the base year to 2030, or to YEAR minus the years to closure)")
    parser.add_argument("--horizon", type=int, default=2060, help="last projected year")
    parser.add_argument("--threads", type=int, default=2, help="worker threads (default 2)")
    parser.add_argument("--quiet", action="store_true", help="no summary on the console")


def _years(text: str) -> list[int]:
    from gis.errors import InputError

    out = []
    for part in (text or "").replace(";", ",").split(","):
        if part.strip():
            try:
                out.append(int(part))
            except ValueError as exc:
                raise InputError("plan_map_years", value=text) from exc
    return sorted(set(out))


def check_plan_layer(planner: Any, layers: Any, plan_path: str | Path, action_field: str,
                     workdir: Path, threads: int = 2) -> Any:
    """Conflicts of the plan layer at ``plan_path`` (polygons with an action field)."""
    from gis.align import prepare_features, rasterize_vector
    from gis.errors import GeometryError
    from sinkmodels.planning.constraints import plan_conflicts

    gdf, where, _issues = prepare_features(plan_path, layers.grid, None)
    if action_field not in gdf.columns:
        raise GeometryError("field_missing", path=where, field=action_field,
                            fields=", ".join(c for c in gdf.columns if c != gdf.geometry.name))
    ids_path = rasterize_vector(gdf, layers.grid, workdir / "plan_ids.tif")
    actions = [str(a) for a in gdf[action_field].tolist()]
    label_col = next((c for c in ("plan_id", "id", "name", "fid") if c in gdf.columns), None)
    labels = gdf[label_col].tolist() if label_col else list(range(1, len(gdf) + 1))
    conflicts = plan_conflicts(layers, planner.rules, ids_path, actions,
                               feature_labels=labels, threads=threads)
    if len(conflicts.by_polygon):
        import geopandas as gpd

        feat = {lab: i for i, lab in enumerate(labels)}
        rows = conflicts.by_polygon
        geoms = [gdf.geometry.iloc[feat[f]] for f in rows["feature"]]
        conflicts.geometries = gpd.GeoDataFrame(rows.reset_index(drop=True), geometry=geoms,
                                                crs=gdf.crs)
    return conflicts


# --------------------------------------------------------------------------------------------
# the command


def run(args: argparse.Namespace) -> int:
    import json
    import tempfile

    import pandas as pd

    from app.project import Project
    from gis.io import atomic_dir, write_json_atomic, write_text_atomic
    from sinkmodels.planning.allocation import write_priority_map
    from sinkmodels.planning.constraints import CONFLICT_COLUMNS
    from sinkmodels.planning.scenarios import scenarios_from_project
    from sinkmodels.planning.targets import status, target_dicts, targets_from_project

    project = Project.load(args.project)
    where = str(project.path)
    map_years = _years(args.maps)
    from app.pipeline import build_planner

    planner, layers = build_planner(project, horizon=args.horizon, threads=args.threads)
    for y in map_years:
        if not planner.base_year <= y <= planner.horizon:
            from gis.errors import InputError

            raise InputError("plan_map_year", year=y, first=planner.base_year,
                             last=planner.horizon)
    scenarios = scenarios_from_project(project.scenarios, planner.actions,
                                       base_year=planner.base_year, horizon=planner.horizon,
                                       where=where)
    if args.scenario != "all":
        project.scenario(args.scenario)  # raises with the list of names
        scenarios = [s for s in scenarios if s.name == args.scenario]
    if not scenarios:
        from gis.errors import ProjectError

        raise ProjectError(path=where, detail="the project has no [[scenarios]] to project")
    targets = targets_from_project(project.targets, where)
    request = _allocation_request(args, planner)
    if request is not None:
        import dataclasses

        scenarios = [dataclasses.replace(sc, allocate=request) for sc in scenarios]

    yearly, towns, scheds, stats, conflict_rows = [], [], [], [], []
    notices: list[str] = []
    out = Path(args.out)
    with atomic_dir(out) as tmp:
        geoms = None
        plan_path = args.plan_layer
        for sc in scenarios:
            plan_path = plan_path or sc.plan_layer
            proj = planner.project(sc, map_years=map_years)
            notices += [f"{sc.name}: {n}" for n in proj.notices]
            for df, bucket in ((proj.yearly, yearly), (proj.townships, towns),
                               (proj.schedule, scheds)):
                d = df.copy()
                d.insert(0, "scenario", sc.name)
                bucket.append(d)
            st = status(proj, targets)
            st.insert(0, "scenario", sc.name)
            stats.append(st)
            for r in proj.schedule.itertuples():
                if r.shortfall_ha > 0:
                    conflict_rows.append({"scenario": sc.name, "rule_id": "no_allowed_land",
                                          "action": r.action, "zone": "", "land_class": "",
                                          "feature": f"{r.year}", "plan_action": r.action,
                                          "area_ha": r.shortfall_ha,
                                          "reason_en": "scheduled area found no land where the "
                                          "action is eligible and allowed",
                                          "reason_zh": "计划面积找不到符合条件且规则允许的土地",
                                          "source": "schedule"})
            if map_years:
                planner.write_maps(proj, map_years, tmp / "maps" / sc.name, threads=args.threads)
            if proj.allocation is not None:
                n_sched = len(proj.events) - len(proj.allocation.events)
                write_priority_map(planner, proj.allocation, tmp / "allocation" / sc.name,
                                   events=proj.events, first=n_sched, threads=args.threads)
                bt = proj.allocation.by_township
                bt.to_csv(tmp / "allocation" / sc.name / "by_township.csv", index=False)
        if plan_path:
            with tempfile.TemporaryDirectory(dir=tmp) as work:
                pc = check_plan_layer(planner, layers, _resolve(plan_path, project),
                                      args.action_field, Path(work), threads=args.threads)
            for r in pc.by_polygon.to_dict("records"):
                conflict_rows.append({"scenario": "plan_layer", **r})
            geoms = pc.geometries
            pd.DataFrame(pc.by_rule).to_csv(tmp / "conflicts_by_rule.csv", index=False)
        yearly_df = pd.concat(yearly, ignore_index=True)
        yearly_df.to_csv(tmp / "projection.csv", index=False)
        write_json_atomic(tmp / "projection.json", _records(yearly_df))
        pd.concat(towns, ignore_index=True).to_csv(tmp / "projection_townships.csv", index=False)
        pd.concat(scheds, ignore_index=True).to_csv(tmp / "schedule.csv", index=False)
        status_df = pd.concat(stats, ignore_index=True)
        status_df.to_csv(tmp / "targets.csv", index=False)
        write_json_atomic(tmp / "targets.json", {"targets": target_dicts(targets),
                                                 "status": _records(status_df)})
        conf = pd.DataFrame(conflict_rows, columns=["scenario", *CONFLICT_COLUMNS])
        conf.to_csv(tmp / "conflicts.csv", index=False)
        if geoms is not None:
            geoms.to_file(tmp / "conflicts.gpkg", layer="conflicts", driver="GPKG")
        _comparison(scenarios, yearly_df, status_df).to_csv(tmp / "comparison.csv", index=False)
        summary = _summary(planner, scenarios, yearly_df, status_df, conf, notices, map_years)
        write_text_atomic(tmp / "summary.json", json.dumps(summary, ensure_ascii=False,
                                                           indent=2, default=_jd) + "\n")
    if not args.quiet:
        _print(summary)
    return 0


def _allocation_request(args: argparse.Namespace, planner: Any) -> Any:
    """The AllocationRequest of --budget / --cover-target, or None."""
    from gis.errors import InputError
    from sinkmodels.planning.scenarios import AllocationRequest

    if args.budget is None and args.cover_target is None:
        return None
    start, end = planner.base_year + 1, 2030
    if args.alloc_years:
        try:
            a, b = (int(x) for x in str(args.alloc_years).split("-"))
        except ValueError as exc:
            raise InputError("plan_alloc_option", option="--alloc-years",
                             value=args.alloc_years) from exc
        start, end = a, b
    cover = year = None
    region = "county"
    if args.cover_target:
        parts = str(args.cover_target).split(":")
        try:
            cover, year = float(parts[0]), int(parts[1])
        except (ValueError, IndexError) as exc:
            raise InputError("plan_alloc_option", option="--cover-target",
                             value=args.cover_target) from exc
        region = parts[2] if len(parts) > 2 else "county"
        if not args.alloc_years:
            end = year
    return AllocationRequest(actions=tuple(planner.actions), start=start, end=end,
                             budget_cny=args.budget, cover_target_pct=cover, year=year,
                             region=region)


def _resolve(p: str | Path, project: Any) -> Path:
    path = Path(p).expanduser()
    if not path.is_absolute() and not path.exists():
        path = project.folder / path
    return path


def _jd(o: Any) -> Any:
    import numpy as np

    if isinstance(o, np.generic):
        return o.item()
    return str(o)


def _records(df: Any) -> list[dict[str, Any]]:
    import numpy as np
    import pandas as pd

    def clean(v: Any) -> Any:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        return v.item() if isinstance(v, np.generic) else v

    return [{k: clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _comparison(scenarios: Any, yearly: Any, status_df: Any) -> Any:
    """Scenarios side by side: one row each with key years, cumulative sink, cost and the year
    each target is reached."""
    import pandas as pd

    rows = []
    for sc in scenarios:
        y = yearly[yearly["scenario"] == sc.name].set_index("year")
        first, last = int(y.index.min()), int(y.index.max())
        sink = y["sink_tCO2e_per_yr"].fillna(0.0).cumsum()
        row: dict[str, Any] = {"scenario": sc.name, "title_en": sc.title.get("en", sc.name),
                               "title_zh": sc.title.get("zh", sc.name)}
        for yr in sorted({first, 2030, 2035, last}):
            if yr in y.index:
                row[f"forest_cover_pct_{yr}"] = y.loc[yr, "forest_cover_pct"]
                row[f"stock_volume_m3_{yr}"] = y.loc[yr, "stock_volume_m3"]
                row[f"carbon_stock_tC_{yr}"] = y.loc[yr, "carbon_stock_tC"]
                row[f"cumulative_sink_tCO2e_{first}_{yr}"] = sink.loc[yr]
        cost = float(y["cost_cny"].sum())
        row["total_cost_cny"] = cost
        row["mean_sink_tCO2e_per_yr"] = float(y["sink_tCO2e_per_yr"].iloc[1:].mean())
        st = status_df[status_df["scenario"] == sc.name]
        for t in st.itertuples():
            row[f"reached_{t.region}_{t.metric}_{t.target:g}_by_{t.target_year}"] = \
                t.year_reached
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in out.columns:
        if str(col).startswith("reached_"):
            out[col] = pd.array(out[col].tolist(), dtype="Int64")  # empty = not by the horizon
    return out


def _summary(planner: Any, scenarios: Any, yearly: Any, status_df: Any, conf: Any,
             notices: list[str], map_years: list[int]) -> dict[str, Any]:
    co = planner.cohorts
    out: dict[str, Any] = {"base_year": planner.base_year, "horizon": planner.horizon,
                           "cohorts": len(co), "pixels": int(co.pixels.sum()),
                           "land_area_ha": float(planner.land_area_twp.sum()),
                           "map_years": map_years, "scenarios": [], "notices": notices,
                           "conflict_area_ha": float(conf["area_ha"].sum()) if len(conf) else 0.0}
    for sc in scenarios:
        y = yearly[yearly["scenario"] == sc.name].set_index("year")
        st = status_df[status_df["scenario"] == sc.name]
        out["scenarios"].append({
            "name": sc.name, "title": dict(sc.title),
            "forest_cover_pct": {str(k): float(y.loc[k, "forest_cover_pct"])
                                 for k in (planner.base_year, 2030, planner.horizon) if k in y.index},
            "stock_volume_m3": {str(k): float(y.loc[k, "stock_volume_m3"])
                                for k in (planner.base_year, 2030, planner.horizon) if k in y.index},
            "mean_sink_tCO2e_per_yr": float(y["sink_tCO2e_per_yr"].iloc[1:].mean()),
            "total_cost_cny": float(y["cost_cny"].sum()),
            "targets": _records(st.drop(columns=["scenario"])),
        })
    return out


def _print(summary: dict[str, Any]) -> None:
    from gis.messages import get_language

    zh = get_language() == "zh"
    for s in summary["scenarios"]:
        title = s["title"].get("zh" if zh else "en", s["name"])
        cov = ", ".join(f"{k} {v:.2f}%" for k, v in s["forest_cover_pct"].items())
        sink = s["mean_sink_tCO2e_per_yr"]
        cost = s["total_cost_cny"]
        if zh:
            print(f"{title}：森林覆盖率 {cov}；年均碳汇 {sink:,.0f} t CO2e/年（正值为吸收）；"
                  f"成本 {cost / 1e4:,.0f} 万元")
        else:
            print(f"{title}: forest cover {cov}; mean sink {sink:,.0f} t CO2e/yr "
                  f"(removal > 0); cost {cost:,.0f} CNY")
        for t in s["targets"]:
            if t["year_reached"] is not None:  # None: not reached by the horizon
                reached = str(t["year_reached"])
            else:
                reached = f"{summary['horizon']} 前未达到" if zh else f"not by {summary['horizon']}"
            if zh:
                metric = {"forest_cover_pct": "森林覆盖率 %", "stock_volume_m3": "森林蓄积量 m³"}
                region = "全县" if t["region"] == "county" else t["region"]
                print(f"  {region} {metric.get(t['metric'], t['metric'])} 目标 {t['target']:g}"
                      f"（{t['target_year']} 年）：达到年份 {reached}")
            else:
                print(f"  {t['region']} {t['metric']} target {t['target']:g} by "
                      f"{t['target_year']}: reached {reached}")
    if summary["conflict_area_ha"]:
        print(("冲突面积 " if zh else "conflict area ") + f"{summary['conflict_area_ha']:,.1f} ha")
    for n in summary["notices"][:20]:
        print(("注意：" if zh else "note: ") + n)
