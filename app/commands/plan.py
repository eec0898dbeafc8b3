"""`sinkplanner plan PROJECT --scenario NAME --out DIR`: project scenarios to 2060.

Writes, through :func:`app.pipeline.write_plan_outputs` (which the report calls too), into
DIR (atomically: a failed or cancelled run leaves DIR as it was):

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


# --------------------------------------------------------------------------------------------
# the command


def run(args: argparse.Namespace) -> int:
    from app.pipeline import build_planner, parse_years, write_plan_outputs
    from app.project import Project

    project = Project.load(args.project)
    map_years = parse_years(args.maps)
    planner, layers = build_planner(project, horizon=args.horizon, threads=args.threads)
    result = write_plan_outputs(
        planner, layers, project, args.out,
        scenarios=None if args.scenario == "all" else [args.scenario], map_years=map_years,
        plan_layer=args.plan_layer, action_field=args.action_field,
        allocation=_allocation_request(args, planner), threads=args.threads)
    if not args.quiet:
        _print(result.summary)
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
