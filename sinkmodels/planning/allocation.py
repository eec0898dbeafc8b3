"""Allocation: choose where to act for the most sink per yuan, without breaking a rule.

Candidates are (cohort, action) pairs where the action is eligible and every rule allows it
(:meth:`Planner.eligible`); each pixel takes at most one action. The score of a pair is its
benefit per cost: cumulative removal from the start year to the horizon (t CO₂e/ha, against
leaving the land as it is) divided by the action's cost (CNY/ha), reported as t CO₂e per
10 000 CNY. Pairs are taken best score first (greedy; ties by cohort order) until

* **budget**: the budget is spent (spread evenly over the years ``start..end``: earlier years
  take the best land), or
* **cover target**: the region's forest area reaches ``cover_target_pct`` of its land area by
  ``year`` (only actions that count as forest, planted early enough to count by then; the
  area needed is spread evenly over the planting years).

Greedy by ratio is optimal for the fractional (divisible-land) problem, which pixel-level
cohorts approximate well. The explanation: the priority map (per pixel the best score of any
allowed action, nodata where nothing is allowed) and per-township totals of area, cost and
sink.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd

from gis.errors import InputError
from gis.messages import format_message
from sinkmodels.planning.projection import Events, Planner
from sinkmodels.planning.scenarios import AllocationRequest, Scenario

PER = 1e4  # scores are t CO2e per 10 000 CNY


@dataclass
class Allocation:
    request: AllocationRequest
    events: Events
    schedule: pd.DataFrame
    by_township: pd.DataFrame
    best_score: np.ndarray  # per cohort, t CO2e per 10 000 CNY (nan = nothing allowed)
    best_action: np.ndarray  # per cohort, index into planner.action_ids (-1 = none)
    needed_ha: float | None = None
    notices: list[str] = field(default_factory=list)

    @property
    def area_ha(self) -> float:
        return float(self.events.area_ha.sum())

    def cost_cny(self, planner: Planner) -> float:
        cost = np.array([planner.actions[a].cost_cny_per_ha for a in planner.action_ids])
        return float((self.events.area_ha * cost[self.events.action]).sum())


def allocate(planner: Planner, request: AllocationRequest, *, base_events: Events | None = None,
             taken: np.ndarray | None = None, harvest_pct: float = 0.0,
             disturbance_pct: float = 0.0) -> Allocation:
    """Place ``request`` on the planner's cohorts (see the module docstring)."""
    co = planner.cohorts
    n = len(co)
    h, d = harvest_pct / 100.0, disturbance_pct / 100.0
    start, end = int(request.start), int(request.end)
    if not planner.base_year < start <= end <= planner.horizon:
        raise InputError("plan_allocation_years", start=start, end=end,
                         first=planner.base_year + 1, last=planner.horizon)
    free = co.pixels.copy() if taken is None else co.pixels - taken
    mpa = co.mean_pixel_area_ha
    region = planner.region_mask(request.region)
    cover_pct = request.cover_target_pct
    cover_mode = cover_pct is not None
    notices: list[str] = []
    needed = None
    if cover_mode:
        year = int(request.year or end)
        base = planner._simulate(base_events if base_events is not None else Events.empty(),
                                 h, d)
        if request.region in ("county", "total", "all", ""):
            row = base["yearly"].set_index("year").loc[year]
            land, forest = float(row["land_area_ha"]), float(row["forest_area_ha"])
        else:
            t = base["townships"]
            row = t.loc[(t["year"] == year) & (t["township"].astype(str) == request.region)]
            land, forest = float(row["land_area_ha"].iloc[0]), float(row["forest_area_ha"].iloc[0])
        needed = max(0.0, float(cover_pct or 0.0) / 100.0 * land - forest)
    # ---- candidates ----
    cand_c, cand_a, cand_s, cand_cost = [], [], [], []
    best = np.full(n, np.nan)
    best_a = np.full(n, -1, dtype=np.int64)
    for aid in request.actions:
        act = planner.actions[aid]
        ai = planner.action_ids.index(aid)
        last_start = end
        if cover_mode:
            if not act.counts_as_forest:
                continue
            last_start = min(end, int(request.year or end) - act.cover_after_years)
            if last_start < start:
                notices.append(format_message("plan_notice_too_late_for_cover", action=aid,
                                              start=start, year=request.year))
                continue
        ok = planner.eligible(aid) & region & (free > 0)
        idx = np.flatnonzero(ok)
        if idx.size == 0:
            continue
        ben = planner.benefit(aid, start, h, d)[idx]
        cost = max(act.cost_cny_per_ha, 1e-9)
        score = ben / cost * PER
        keep = ben > 0
        idx, score, ben = idx[keep], score[keep], ben[keep]
        better = ~(score <= best[idx])  # nan-aware: nan best → take
        best[idx[better]] = score[better]
        best_a[idx[better]] = ai
        cand_c.append(idx)
        cand_a.append(np.full(idx.size, ai))
        cand_s.append(score)
        cand_cost.append(np.full(idx.size, act.cost_cny_per_ha))
    if not cand_c:
        cc = ca = np.zeros(0, np.int64)
        cs = ccost = np.zeros(0)
    else:
        cc, ca = np.concatenate(cand_c), np.concatenate(cand_a)
        cs, ccost = np.concatenate(cand_s), np.concatenate(cand_cost)
    order = np.lexsort((ca, cc, -cs))
    # ---- greedy ----
    budget = request.budget_cny if request.budget_cny is not None else np.inf
    goal = needed if cover_mode and needed is not None else np.inf
    free_i = free.astype(np.int64)
    k_sel, px_sel, spent, got = _greedy(order.astype(np.int64), cc.astype(np.int64),
                                        ccost.astype(np.float64), mpa.astype(np.float64),
                                        free_i, float(budget), float(goal))
    chosen_c, chosen_a, chosen_px = cc[k_sel], ca[k_sel], px_sel
    if cover_mode and needed is not None and got < needed - 1e-6:
        notices.append(format_message(
            "plan_notice_cover_short", target=f"{request.cover_target_pct:g}",
            region=request.region, year=request.year, placed=f"{got:,.0f}",
            needed=f"{needed:,.0f}"))
    events = _schedule(planner, request, np.asarray(chosen_c, np.int64),
                       np.asarray(chosen_a, np.int64), np.asarray(chosen_px, np.int64), mpa,
                       cover_mode)
    sched = _schedule_table(planner, events)
    by_twp = _by_township(planner, events, h, d)
    return Allocation(request, events, sched, by_twp, best, best_a, needed, notices)


def _schedule(planner: Planner, req: AllocationRequest, c: np.ndarray, a: np.ndarray,
              px: np.ndarray, mpa: np.ndarray, cover_mode: bool) -> Events:
    """Spread the chosen runs (best first) over the years: equal budget (budget mode) or equal
    area (cover mode) per year; a run is split at a year boundary."""
    if c.size == 0:
        return Events.empty()
    cost = np.array([planner.actions[x].cost_cny_per_ha for x in planner.action_ids])
    lut = np.array([min(req.end, int(req.year or req.end) - planner.actions[x].cover_after_years)
                    if cover_mode else req.end for x in planner.action_ids], dtype=np.int64)
    last = lut[a]
    end = int(max(last.max(), req.start))
    years = list(range(req.start, end + 1))
    unit = cost[a] * mpa[c] if not cover_mode else mpa[c]
    total = float((unit * px).sum())
    per_year = total / len(years)
    ri, oy, op = _spread(unit.astype(np.float64), px.astype(np.int64), last.astype(np.int64),
                         int(req.start), len(years), float(per_year))
    oc = c[ri]
    return Events(oc, a[ri], oy, op, op * mpa[oc])


@numba.njit(cache=True)
def _greedy(order, cc, ccost, mpa, free, budget, goal):   # type: ignore[no-untyped-def] # noqa: ANN001  # pragma: no cover
    """Take candidates in ``order`` (best first) until the budget or the goal (ha) is reached;
    a cohort's free pixels are shared by its candidates. Returns (candidate index, pixels,
    spent, area)."""
    m = order.shape[0]
    out_k = np.empty(m, np.int64)
    out_px = np.empty(m, np.int64)
    q = 0
    spent = 0.0
    got = 0.0
    for r in range(m):
        if spent >= budget - 1e-6 or got >= goal - 1e-9:
            break
        k = order[r]
        c = cc[k]
        if free[c] <= 0:
            continue
        px_cost = ccost[k] * mpa[c]
        n_px = free[c]
        if budget < np.inf and px_cost > 0:
            n_px = min(n_px, np.int64((budget - spent) // px_cost))
        if goal < np.inf:
            n_px = min(n_px, np.int64(np.ceil((goal - got) / mpa[c] - 1e-9)))
        if n_px <= 0:
            continue
        free[c] -= n_px
        spent += n_px * px_cost
        got += n_px * mpa[c]
        out_k[q] = k
        out_px[q] = n_px
        q += 1
    return out_k[:q], out_px[:q], spent, got


@numba.njit(cache=True)
def _spread(unit, px, last, start, nyears, per_year):   # type: ignore[no-untyped-def] # noqa: ANN001  # pragma: no cover
    """Split runs (best first) into yearly slices of ``per_year`` (cost or area units); a run
    whose action must be planted by ``last`` never goes later. Returns (run, year, pixels)."""
    n = px.shape[0]
    cap = n + 2 * nyears + 2
    oi = np.empty(cap, np.int64)
    oy = np.empty(cap, np.int64)
    op = np.empty(cap, np.int64)
    q = 0
    yi = 0
    used = 0.0
    for i in range(n):
        left = px[i]
        u = unit[i]
        while left > 0:
            y = start + min(yi, nyears - 1)
            if y > last[i]:
                y = last[i]
            if yi >= nyears - 1 or u <= 0:
                take = left
            else:
                room = per_year * (yi + 1) - used
                take = min(left, max(np.int64(1), np.int64(np.floor(room / u + 1e-9))))
            if q >= oi.shape[0]:
                grow = oi.shape[0] * 2
                oi2 = np.empty(grow, np.int64)
                oy2 = np.empty(grow, np.int64)
                op2 = np.empty(grow, np.int64)
                oi2[:q] = oi[:q]
                oy2[:q] = oy[:q]
                op2[:q] = op[:q]
                oi, oy, op = oi2, oy2, op2
            oi[q] = i
            oy[q] = y
            op[q] = take
            q += 1
            used += take * u
            left -= take
            if used >= per_year * (yi + 1) - 1e-9 and yi < nyears - 1:
                yi += 1
    return oi[:q], oy[:q], op[:q]


def _schedule_table(planner: Planner, ev: Events) -> pd.DataFrame:
    cols = ["year", "action", "requested_ha", "placed_ha", "shortfall_ha", "cost_cny", "source"]
    if len(ev) == 0:
        return pd.DataFrame(columns=cols)
    cost = np.array([planner.actions[x].cost_cny_per_ha for x in planner.action_ids])
    df = pd.DataFrame({"year": ev.start, "action": [planner.action_ids[i] for i in ev.action],
                       "placed_ha": ev.area_ha, "cost_cny": ev.area_ha * cost[ev.action]})
    g = df.groupby(["year", "action"], as_index=False).sum()
    g["requested_ha"] = g["placed_ha"]
    g["shortfall_ha"] = 0.0
    g["source"] = "allocation"
    return g[cols]


def _by_township(planner: Planner, ev: Events, h: float, d: float) -> pd.DataFrame:
    co = planner.cohorts
    cols = ["township", "name", "action", "area_ha", "cost_cny", "sink_to_horizon_tCO2e"]
    if len(ev) == 0:
        return pd.DataFrame(columns=cols)
    cost = np.array([planner.actions[x].cost_cny_per_ha for x in planner.action_ids])
    sink = np.zeros(len(ev))
    for ai in np.unique(ev.action):
        for y in np.unique(ev.start[ev.action == ai]):
            sel = (ev.action == ai) & (ev.start == y)
            b = planner.benefit(planner.action_ids[int(ai)], int(y), h, d)
            sink[sel] = b[ev.cohort[sel]] * ev.area_ha[sel]
    tw = co.twp[ev.cohort]
    df = pd.DataFrame({"township": [co.township_codes[t] if t else "" for t in tw],
                       "name": [co.township_names[t] if t else "" for t in tw],
                       "action": [planner.action_ids[i] for i in ev.action],
                       "area_ha": ev.area_ha, "cost_cny": ev.area_ha * cost[ev.action],
                       "sink_to_horizon_tCO2e": sink})
    return df.groupby(["township", "name", "action"], as_index=False).sum()[cols]


def write_priority_map(planner: Planner, allocation: Allocation, folder: str | Path, *,
                       events: Events | None = None, first: int = 0,
                       threads: int = 2) -> dict[str, Path]:
    """``priority_score.tif`` (float32, best t CO₂e per 10 000 CNY of any allowed action;
    -1 = nothing allowed / outside) and ``allocated_action.tif`` (uint8, 1-based action index
    in actions.csv order of the pixels the allocation chose; 0 = not chosen; 255 = outside).

    When the allocation is part of a scenario, pass the projection's ``events`` and the index
    ``first`` of the first allocation event, so the pixels are the ones the projection used."""
    from sinkmodels.planning.cohorts import pixel_pass

    folder = Path(folder)
    paths = {"priority_score": folder / "priority_score.tif",
             "allocated_action": folder / "allocated_action.tif"}
    score = np.where(np.isfinite(allocation.best_score), allocation.best_score, -1.0)
    ev = allocation.events if events is None else events
    outputs = {"priority_score": (paths["priority_score"], np.float32, -1.0),
               "allocated_action": (paths["allocated_action"], np.uint8, 255)}

    def fn(cidx: np.ndarray, e: np.ndarray, win: Any) -> dict[str, np.ndarray]:
        valid = cidx >= 0
        c = np.maximum(cidx, 0)
        chosen = (e >= first) if len(ev) else np.zeros(e.shape, bool)
        act = np.where(chosen, ev.action[np.maximum(e, 0)] + 1 if len(ev) else 0, 0)
        return {"priority_score": np.where(valid, score[c], -1.0),
                "allocated_action": np.where(valid, act, 255)}

    pixel_pass(planner.cohorts, ev.index(len(planner.cohorts)), fn, outputs,
               units={"priority_score": "t CO2e / 10^4 CNY"}, threads=threads)
    return paths


def scenario_for(request: AllocationRequest, name: str = "allocation") -> Scenario:
    """A scenario that consists of this allocation only."""
    return Scenario(name=name, title={"en": name, "zh": name}, allocate=request)
