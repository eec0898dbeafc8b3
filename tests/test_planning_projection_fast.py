"""The planner's faster building blocks give exactly what the simpler code they replaced gave:
the ranking of cohorts for placement, taking whole pixels, stepping benefit probes, the
township table."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.cohorts import build_cohorts
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.projection import (
    Planner,
    Pools,
    _best_first,
    _step_base,
    _step_events,
    _step_probes,
    _take,
)
from sinkmodels.planning.scenarios import load_actions

SPECIAL = [0.0, -0.0, 1.5, -3.0, np.nan, np.inf, -np.inf]


@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.one_of(st.sampled_from(SPECIAL),
                                 st.floats(-5, 5, allow_nan=False).map(lambda x: round(x, 1))),
                       max_size=300))
def test_best_first_is_the_lexsort_order(values: list[float]) -> None:
    b = np.array(values, dtype=np.float64)
    assert np.array_equal(_best_first(b), np.lexsort((np.arange(b.size), -b)))


def _take_reference(order: np.ndarray, free: np.ndarray, mpa: np.ndarray, area: float
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The numpy version the scan replaced."""
    if area <= 0 or order.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    avail = free[order]
    cum = np.cumsum(avail * mpa[order])
    k = int(np.searchsorted(cum, area, side="left"))
    full = order[:k]
    take_px = avail[:k].copy()
    rest = area - (cum[k - 1] if k > 0 else 0.0)
    if k < order.size and rest > 0:
        c = order[k]
        n = int(min(avail[k], np.floor(rest / mpa[c] + 0.5)))
        if n > 0:
            full = np.append(full, c)
            take_px = np.append(take_px, n)
    keep = take_px > 0
    full, take_px = full[keep], take_px[keep]
    free[full] -= take_px
    return full.astype(np.int64), take_px.astype(np.int64)


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60), areas=st.lists(
    st.floats(-1.0, 400.0, allow_nan=False), min_size=1, max_size=6))
def test_take_equals_the_cumsum_version(seed: int, n: int, areas: list[float]) -> None:
    rng = np.random.default_rng(seed)
    free = rng.integers(0, 30, n).astype(np.int64)
    mpa = rng.choice([0.09, 0.0812, 0.1], n)
    order = rng.permutation(n)[: rng.integers(0, n + 1)].astype(np.int64)
    free_ref = free.copy()
    for area in areas:  # successive years take from what is left
        got = _take(order, free, mpa, area)
        ref = _take_reference(order, free_ref, mpa, area)
        assert np.array_equal(got[0], ref[0]) and np.array_equal(got[1], ref[1])
        assert np.array_equal(free, free_ref)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), start=st.integers(2021, 2035))
def test_probes_step_like_the_year_loop(seed: int, start: int) -> None:
    rng = np.random.default_rng(seed)
    n, top = 50, 80
    vtab = np.cumsum(rng.uniform(0, 5, (3, top + 1)), axis=1)
    stand = rng.random(n) < 0.7
    ft = rng.integers(0, 3, n)
    V = np.where(stand, rng.uniform(0, 200, n), 0.0)
    age = np.where(stand, rng.integers(0, 40, n), 0).astype(np.float64)
    cr_now = vtab[ft, age.astype(np.int64)]
    site = rng.uniform(0.2, 5.0, n)
    loss = rng.choice([0.0, 0.011, 0.5], n)
    vol_stand = stand & (rng.random(n) < 0.9)
    quality = stand & (rng.random(n) < 0.5)
    growing = quality | (rng.random(n) < 0.6)
    ev = (np.full(n, start, dtype=np.int64), growing, quality, rng.uniform(0, 0.3, n),
          rng.integers(0, 3, n), rng.choice([0.0, 0.011], n),
          rng.integers(0, 5, n).astype(np.float64))
    st_, gr, qu, up, fte, loss_e, pa = ev
    site_e = np.where(qu, site, 1.0)
    state = [V, age, cr_now, np.zeros(n), np.zeros(n)]
    ref = [x.copy() for x in state]
    _step_probes(2020, 2060, *state[:3], ft, site, loss, stand, vol_stand, vtab, st_, gr, qu,
                 state[3], state[4], site_e, up, fte, loss_e, pa)
    own = np.arange(n)
    for y in range(2021, 2061):
        _step_base(ref[0], ref[1], ref[2], ft, site, loss, stand, vol_stand, vtab)
        _step_events(y, 0, st_, gr, qu, ref[3], ref[4], site_e, up, fte, vtab, loss_e, pa, own,
                     ref[0].reshape(1, -1), ref[1].reshape(1, -1))
    for got, want in zip(state, ref, strict=True):
        assert np.array_equal(got, want)


def _township_reference(pl: Planner,
                        twp_rows: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]
                        ) -> pd.DataFrame:
    co, land, recs = pl.cohorts, pl.land_area_twp, []
    for y, fa, st_, ca in twp_rows:
        for t in range(len(land)):
            if land[t] <= 0 and fa[t] <= 0:
                continue
            recs.append({"year": y, "township": co.township_codes[t] if t else "",
                         "name": co.township_names[t] if t else "",
                         "land_area_ha": land[t], "forest_area_ha": fa[t],
                         "forest_cover_pct": 100.0 * fa[t] / land[t] if land[t] else np.nan,
                         "stock_volume_m3": st_[t], "carbon_stock_tC": ca[t]})
    return pd.DataFrame(recs)


def test_township_table_equals_the_row_by_row_version() -> None:
    layers = syn.random_layers(3, 16, 13, patch=2)
    actions = load_actions(syn.DEMO_TABLES / "actions.csv")
    rules = Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", syn.legend_frame(),
                       {a.id: a.kind for a in actions.values()})
    pl = Planner(build_cohorts(layers, threads=1), syn.forest_model(),
                 Pools.from_tables(syn.pools_frame(), layers.legend), actions, rules,
                 base_year=2020)
    ntw = len(pl.land_area_twp)
    pl.land_area_twp[0] = 0.0  # a township without land, with and without forest
    rng = np.random.default_rng(0)
    for fa0 in (0.0, 2.5):
        rows = [(y, np.r_[fa0, rng.uniform(0, 9, ntw - 1)], rng.uniform(0, 9, ntw),
                 rng.uniform(0, 9, ntw)) for y in (2020, 2021, 2022)]
        pd.testing.assert_frame_equal(pl._township_frame(rows), _township_reference(pl, rows),
                                      check_exact=True)
    empty = [(2020, np.zeros(ntw), np.zeros(ntw), np.zeros(ntw))]
    pl.land_area_twp[:] = 0.0
    pd.testing.assert_frame_equal(pl._township_frame(empty), _township_reference(pl, empty))


def test_shared_base_sums_give_what_a_fresh_planner_gives() -> None:
    """The untreated cohorts' yearly sums are computed once per harvest/disturbance rate (on
    a thread of their own while events are placed) and shared by later projections: a
    scenario projected after others equals the same scenario on a fresh planner, bit for bit,
    and no thread is left running."""
    import threading

    from sinkmodels.planning.scenarios import Scenario, ScheduleItem

    layers = syn.random_layers(21, 18, 15, patch=2)

    def planner() -> Planner:
        acts = load_actions(syn.DEMO_TABLES / "actions.csv")
        rules = Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", layers.legend,
                           {a.id: a.kind for a in acts.values()})
        return Planner(build_cohorts(layers, threads=1, block_rows=4), syn.forest_model(),
                       Pools.from_tables(syn.pools_frame(), layers.legend), acts, rules,
                       base_year=2020)

    def scenario(name: str, area: float, harvest: float) -> Scenario:
        return Scenario(name, items=(ScheduleItem("afforest_masson_pine", {2022: area}),
                                     ScheduleItem("quality_improvement", {2025: area})),
                        harvest_pct_per_yr=harvest, disturbance_pct_per_yr=0.3)

    shared = planner()
    for sc in (scenario("a", 0.5, 2.0), scenario("b", 1.0, 0.0), scenario("c", 0.2, 2.0)):
        got = shared.project(sc)
        want = planner().project(sc)
        pd.testing.assert_frame_equal(got.yearly, want.yearly, check_exact=True)
        pd.testing.assert_frame_equal(got.townships, want.townships, check_exact=True)
    assert len(shared._base_jobs) == 2  # one per (harvest, disturbance) pair
    assert not [t for t in threading.enumerate() if t.name == "sinkplanner-projection"]
