"""Rules table semantics, conflict areas by hand, and: no allocated action where a rule forbids
it (property test on random rasters)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sinkmodels.planning import synthetic as syn
from sinkmodels.planning.allocation import allocate, write_priority_map
from sinkmodels.planning.cohorts import PlanLayers, build_cohorts, zone_codes
from sinkmodels.planning.constraints import Rules, plan_conflicts
from sinkmodels.planning.projection import Planner, Pools
from sinkmodels.planning.scenarios import AllocationRequest, Scenario, ScheduleItem, load_actions

ACTIONS = load_actions(syn.DEMO_TABLES / "actions.csv")
KINDS = {a.id: a.kind for a in ACTIONS.values()}


def rules() -> Rules:
    return Rules.load(syn.DEMO_TABLES / "constraint_rules.csv", syn.legend_frame(), KINDS)


def rule_at(r: Rules, action: str, zone: int, lc: int) -> str | None:
    d = int(r.denied(action, np.array([zone]), np.array([lc]))[0])
    return None if d < 0 else r.rule_ids[d]


def test_rule_semantics() -> None:
    r = rules()
    # mangroves only on tidal flats and ponds (MG-01 lifted by MG-02/03)
    assert rule_at(r, "mangrove_tidal_flat", 0, 7) is None
    assert rule_at(r, "mangrove_planting", 0, 12) is None
    assert rule_at(r, "mangrove_planting", 0, 1) == "MG-01"
    # a permission for 'any' zone cannot lift a core-zone prohibition
    assert rule_at(r, "mangrove_planting", 1, 7) == "RL-CORE-01"
    # red line general: restoration allowed, construction not, afforestation on cropland not
    assert rule_at(r, "afforestation", 2, 11) is None
    assert rule_at(r, "construction", 2 | 8, 10) == "RL-GEN-01"
    assert rule_at(r, "afforest_masson_pine", 2, 1) == "AF-01"
    # permanent basic farmland: nothing; return of farmland only outside it
    assert rule_at(r, "return_farmland_forest", 4, 1) == "FL-01"
    assert rule_at(r, "return_farmland_forest", 0, 1) is None
    assert rule_at(r, "return_farmland", 0, 4) == "RF-01"
    # construction only inside the urban development boundary
    assert rule_at(r, "construction", 0, 11) == "UB-01"
    assert rule_at(r, "construction", 8, 11) is None


def test_unknown_action_in_rules_is_reported(tmp_path: Path) -> None:
    from gis.errors import InputError

    p = tmp_path / "rules.csv"
    p.write_text("rule_id,action,zone,land_class,allowed,source\nX1,planting,any,*,no,test\n",
                 encoding="utf-8")
    with pytest.raises(InputError) as ei:
        Rules.load(p, syn.legend_frame(), KINDS)
    assert "planting" in str(ei.value)


def conflict_layers() -> tuple[PlanLayers, np.ndarray]:
    lc = np.full((10, 10), 11, dtype=np.uint8)  # barren
    lc[:, 5:] = 1                               # cropland on the right half
    red = np.zeros((10, 10), dtype=np.int32)
    red[0:2, 0:5] = 1                           # 10 px core zone
    farm = np.zeros((10, 10), dtype=np.int32)
    farm[5:, 5:] = 1                            # 25 px permanent basic farmland
    zones = zone_codes(lc.shape, redline=red,
                       redline_attrs=pd.DataFrame({"zone": ["core"]}, index=[1]), farmland=farm)
    layers = PlanLayers(grid=syn.grid(10, 10), landcover=lc, legend=syn.legend_frame(),
                        zones=zones)
    plan = np.zeros((10, 10), dtype=np.int32)
    plan[0:5, :] = 1    # afforestation: 10 px core, 25 px cropland, 15 px fine
    plan[5:, 0:5] = 2   # construction outside the urban boundary: 25 px
    plan[5:, 5:] = 3    # return of farmland on permanent basic farmland: 25 px
    return layers, plan


@pytest.mark.parametrize("threads", [1, 2])
def test_plan_conflict_areas_by_hand(threads: int) -> None:
    layers, plan = conflict_layers()
    c = plan_conflicts(layers, rules(), plan, ["afforestation", "construction",
                                               "return_farmland_forest"],
                       feature_labels=["P1", "P2", "P3"], threads=threads, block_rows=3)
    got = {(r.feature, r.rule_id): r.area_ha for r in c.by_polygon.itertuples()}
    assert got == pytest.approx({("P1", "RL-CORE-01"): 0.9, ("P1", "AF-01"): 2.25,
                                 ("P2", "UB-01"): 2.25, ("P3", "FL-01"): 2.25})
    by_rule = c.by_rule.set_index("rule_id")
    assert by_rule.loc["AF-01", "polygons"] == "P1"
    assert c.total_area_ha == pytest.approx(7.65)


def _zone_bits(layers: PlanLayers) -> np.ndarray:
    return np.asarray(layers.zones).astype(np.int64) & 15


def _planner(layers: PlanLayers) -> Planner:
    return Planner(build_cohorts(layers, threads=1, block_rows=5), syn.forest_model(),
                   Pools.from_tables(syn.pools_frame(), layers.legend), ACTIONS, rules(),
                   base_year=2020)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), budget=st.floats(1e4, 5e6),
       patch=st.integers(1, 3))
def test_no_allocated_action_where_forbidden(seed: int, budget: float, patch: int) -> None:
    layers = syn.random_layers(seed, 14, 11, patch=patch)
    pl = _planner(layers)
    sched = Scenario("s", items=(ScheduleItem("afforest_mixed_broadleaf", {2021: 0.5, 2025: 1.0}),
                                 ScheduleItem("mangrove_tidal_flat", {2022: 0.3})))
    ev, _ = pl.place(sched)
    taken = np.bincount(ev.cohort, weights=ev.pixels, minlength=len(pl.cohorts)).astype(int)
    req = AllocationRequest(actions=tuple(ACTIONS), start=2021, end=2030, budget_cny=budget)
    alloc = allocate(pl, req, base_events=ev, taken=taken)
    assert alloc.cost_cny(pl) <= budget + 1e-6
    from sinkmodels.planning.projection import Events

    events = Events.concat([ev, alloc.events])
    with tempfile.TemporaryDirectory() as d:
        paths = write_priority_map(pl, alloc, d, events=events, first=0, threads=1)
        with rasterio.open(paths["allocated_action"]) as ds:
            act = ds.read(1).astype(np.int64)
        with rasterio.open(paths["priority_score"]) as ds:
            score = ds.read(1)
    lc = layers.landcover.astype(np.int64)
    zone = _zone_bits(layers)
    r = pl.rules
    placed = 0
    for ai, aid in enumerate(pl.action_ids):
        m = act == ai + 1
        placed += int(m.sum())
        if m.any():
            assert r.allowed(aid, zone[m], lc[m]).all(), aid
            assert np.isin(lc[m], ACTIONS[aid].from_landcover).all(), aid
    assert placed == int(events.pixels.sum())
    # the priority map is nodata exactly where no action is allowed (or the land is used)
    anything = np.zeros(lc.shape, dtype=bool)
    for aid in pl.action_ids:
        anything |= r.allowed(aid, zone, lc) & np.isin(lc, ACTIONS[aid].from_landcover)
    assert not (score > 0)[~anything].any()


def test_cover_target_allocation_reaches_the_target_on_time() -> None:
    """20 x 10 grid: 100 px forest stand (counts), 60 px barren (afforestable), 40 px cropland.
    Target 70 % by 2030 -> 140 px of forest -> 40 px (3.6 ha) to plant by 2027."""
    from sinkmodels.planning.scenarios import scenario_from_dict

    lc = np.full((20, 10), 2, dtype=np.uint8)
    lc[10:16, :] = 11
    lc[16:, :] = 1
    comp = np.zeros((20, 10), dtype=np.int32)
    comp[:10, :] = 1
    attrs = pd.DataFrame({"forest_type": ["masson_pine"], "age": [20], "volume_m3_ha": [90.0],
                          "closure": [0.7], "land_class": ["tree_forest"],
                          "category": ["ecological"]}, index=[1])
    layers = PlanLayers(grid=syn.grid(20, 10), landcover=lc, legend=syn.legend_frame(),
                        compartments=comp, compartment_attrs=attrs)
    pl = _planner(layers)
    sc = scenario_from_dict({"name": "t", "allocate": {"cover_target_pct": 70.0, "year": 2030,
                                                       "start": 2021, "end": 2027}},
                            ACTIONS, base_year=2020)
    proj = pl.project(sc)
    y = proj.yearly.set_index("year")
    assert y.loc[2020, "forest_cover_pct"] == pytest.approx(50.0)
    assert y.loc[2030, "forest_cover_pct"] == pytest.approx(70.0)
    assert proj.allocation.needed_ha == pytest.approx(40 * 0.09)
    assert proj.events.start.max() <= 2027                  # counts 3 years after planting
    assert int(proj.events.pixels.sum()) == 40
    # barren land only: afforestation there earns more sink per yuan than returning cropland
    assert set(pl.cohorts.lc[proj.events.cohort]) == {11}
    bt = proj.allocation.by_township
    assert bt["area_ha"].sum() == pytest.approx(3.6)


# ---- the rules table as text (the GUI's rules editor reads and writes through it) ----------


def test_rules_file_round_trip_keeps_the_file_as_it_was(tmp_path: Path) -> None:
    from sinkmodels.planning.constraints import DEFAULT_RULES, RulesFile

    assert DEFAULT_RULES == syn.DEMO_TABLES / "constraint_rules.csv"
    rf = RulesFile.read(DEFAULT_RULES)
    assert rf.comments and all(c.startswith("#") for c in rf.comments)
    assert [r["rule_id"] for r in rf.rows] == rules().rule_ids
    out = tmp_path / "rules.csv"
    rf.save(out, syn.legend_frame(), KINDS)
    assert out.read_bytes() == DEFAULT_RULES.read_bytes()  # comments, quoting, UTF-8 without BOM


def test_rules_file_save_changes_the_decision(tmp_path: Path) -> None:
    from sinkmodels.planning.constraints import DEFAULT_RULES, RulesFile

    rf = RulesFile.read(DEFAULT_RULES)
    # an extra column of a user's file, and a line break pasted into an explanation
    rf.columns.append("note")
    for r in rf.rows:
        r["note"] = "checked, 2025"
    row = next(r for r in rf.rows if r["rule_id"] == "RL-GEN-01")
    row["allowed"] = "yes"
    row["reason_en"] = 'allowed "for now"\nby the county'
    out = tmp_path / "rules.csv"
    saved = rf.save(out, syn.legend_frame(), KINDS)
    assert rule_at(rules(), "construction", 2 | 8, 10) == "RL-GEN-01"
    again = Rules.load(out, syn.legend_frame(), KINDS)
    for r in (saved, again):
        assert rule_at(r, "construction", 2 | 8, 10) is None  # inside the urban boundary
    assert again.frame["note"].tolist() == ["checked, 2025"] * len(rf.rows)
    assert again.rule(again.rule_ids.index("RL-GEN-01"))["reason_en"] == \
        'allowed "for now" by the county'
    assert RulesFile.read(out).comments == rf.comments


@pytest.mark.parametrize(("edit", "code", "where"), [
    (lambda rows: rows[2].update(rule_id=rows[0]["rule_id"]), "table_duplicate", "rows 1, 3"),
    (lambda rows: rows[1].update(source=""), "table_value", "row 2, column 'source'"),
    (lambda rows: rows[3].update(zone="forest"), "table_value", "row 4, column 'zone'"),
    (lambda rows: rows[4].update(action="planting"), "plan_rule_action", "'planting'"),
])
def test_rules_file_save_refuses_an_invalid_table(tmp_path: Path, edit, code, where) -> None:
    from gis.errors import SinkplannerError
    from sinkmodels.planning.constraints import DEFAULT_RULES, RulesFile

    out = tmp_path / "rules.csv"
    out.write_bytes(b"rule_id,action,zone,land_class,allowed,source\nOLD,*,any,*,yes,x\n")
    rf = RulesFile.read(DEFAULT_RULES)
    edit(rf.rows)
    with pytest.raises(SinkplannerError) as ei:
        rf.save(out, syn.legend_frame(), KINDS, name="Rules table")
    assert ei.value.code == code
    text = ei.value.message("en")
    assert text.startswith("Rules table") and where in text  # rows as the editor numbers them
    if code == "plan_rule_action":
        assert ei.value.params["row"] == 5
    assert out.read_bytes() == b"rule_id,action,zone,land_class,allowed,source\nOLD,*,any,*,yes,x\n"
    assert [p.name for p in tmp_path.iterdir()] == ["rules.csv"]  # no temporary file left


def test_rules_file_reads_a_table_that_does_not_load(tmp_path: Path) -> None:
    from sinkmodels.planning.constraints import RulesFile

    p = tmp_path / "rules.csv"
    p.write_bytes("\ufeffRule_ID;Action;zone;land_class;allowed;source;memo\n"
                  "A;*;nowhere;*;maybe;x\n".encode())
    rf = RulesFile.read(p)
    assert rf.comments == []
    assert rf.columns[-1] == "memo" and rf.columns[:8] == [
        "rule_id", "action", "zone", "land_class", "allowed", "reason_en", "reason_zh", "source"]
    assert rf.rows == [{"rule_id": "A", "action": "*", "zone": "nowhere", "land_class": "*",
                        "allowed": "maybe", "reason_en": "", "reason_zh": "", "source": "x",
                        "memo": ""}]


def test_red_line_zone_names_in_english_and_chinese() -> None:
    ids = np.array([[1, 2, 3, 4, 5, 0]])
    attrs = pd.DataFrame({"Zone": ["core", "核心保护区", "核心区", "一般控制区", None]},
                         index=[1, 2, 3, 4, 5])
    assert zone_codes(ids.shape, redline=ids, redline_attrs=attrs).tolist() == \
        [[1, 1, 1, 2, 2, 0]]
