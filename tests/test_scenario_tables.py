"""Scenario tables made from the dashboard (app.project: scaled_scenario_dict,
allocation_scenario_dict, names) and kept through the model (AppModel.add_scenario /
remove_scenario), without Qt. What the tables must reproduce is what the dashboard projects:
``Scenario.with_area_scaled`` for the studio, ``dataclasses.replace(base, allocate=request)``
for an allocation (app.gui.allocation.allocate_job)."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.model import AppModel
from app.project import (
    Project,
    allocation_scenario_dict,
    bilingual,
    scaled_scenario_dict,
    scenario_name_problem,
)
from gis.errors import ProjectError
from sinkmodels.planning.scenarios import (
    AllocationRequest,
    Scenario,
    load_actions,
    scenario_from_dict,
)

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"


@pytest.fixture(scope="module")
def demo() -> Project:
    return Project.load(DEMO)


@pytest.fixture(scope="module")
def actions(demo):
    return load_actions(demo.table_path("actions"))


def parse(d, actions) -> Scenario:
    return scenario_from_dict(d, actions, base_year=2020, horizon=2060)


def test_free_names_and_problems(demo):
    assert demo.free_scenario_name("afforestation") == "afforestation_2"
    assert demo.free_scenario_name("afforestation", taken={"afforestation_2"}) == "afforestation_3"
    assert demo.free_scenario_name("afforestation_2", taken={"afforestation_2"}) == \
        "afforestation_3"
    assert demo.free_scenario_name("allocation") == "allocation"  # free: itself
    assert demo.free_scenario_name("all") == "all_scenario"
    assert demo.free_scenario_name(" my plan/2030 ") == "my_plan_2030"
    for name in (demo.free_scenario_name("bau"), "造林加强", "cover-2035.v2"):
        assert demo.scenario_name_problem(name) is None, name
    assert demo.scenario_name_problem("bau") == "duplicate"
    assert demo.scenario_name_problem("alloc_x", taken={"alloc_x"}) == "duplicate"
    assert demo.scenario_name_problem("  ") == "empty"
    assert demo.scenario_name_problem("ALL") == "reserved"
    for bad in ("my plan", "a/b", "a\\b", ".hidden", 'x"y', "x" * 65):
        assert scenario_name_problem(bad) == "invalid", bad


def test_bilingual_titles():
    assert bilingual("Plan") == {"en": "Plan", "zh": "Plan"}
    assert bilingual({"zh": "规划"}) == {"en": "规划", "zh": "规划"}
    assert bilingual({"en": " ", "zh": ""}, "fallback") == {"en": "fallback", "zh": "fallback"}
    assert bilingual({"en": "A", "zh": "甲", "fr": "A"}) == {"en": "A", "zh": "甲", "fr": "A"}


def test_scaled_table_reproduces_the_studio_scenario(demo, actions):
    base = demo.scenario("afforestation")
    before = copy.deepcopy(base)
    factors = {"return_farmland_forest": 1.37, "quality_improvement": 0.43,
               "afforest_mixed_broadleaf": 1.0, "not_in_scenario": 2.0}
    d = scaled_scenario_dict(base, factors, name="afforestation_2")
    assert base == before  # the input is not modified
    assert d["name"] == "afforestation_2" and list(d)[:2] == ["name", "title"]
    assert d["harvest_pct_per_yr"] == base["harvest_pct_per_yr"]
    assert d["disturbance_pct_per_yr"] == base["disturbance_pct_per_yr"]
    assert set(d["title"]) >= {"en", "zh"}
    assert d["title"]["zh"].startswith(base["title"]["zh"]) and d["title"]["zh"] != \
        base["title"]["zh"]
    # exactly what the studio projects: the parsed base scaled action by action
    expected = parse(base, actions)
    for action, f in factors.items():
        expected = expected.with_area_scaled(action, f)
    got = parse(d, actions)
    assert got.items == expected.items
    assert got.items != parse(base, actions).items  # and the areas did change
    # the file reads as a person would write it: 800 ha x 1.1 is 880.0, not 880.0000000000001
    planned = {r["action"]: r for r in base["actions"]}
    assert planned["return_farmland_forest"]["area_ha_per_yr"] == 800.0
    d11 = scaled_scenario_dict(base, {"return_farmland_forest": 1.1}, name="x11")
    rows = {r["action"]: r for r in d11["actions"]}
    assert repr(rows["return_farmland_forest"]["area_ha_per_yr"]) == "880.0"
    assert parse(d11, actions).items == parse(base, actions).with_area_scaled(
        "return_farmland_forest", 1.1).items
    assert (got.harvest_pct_per_yr, got.disturbance_pct_per_yr) == \
        (expected.harvest_pct_per_yr, expected.disturbance_pct_per_yr)
    # a uniform factor says so in the title; a given title is kept (both languages)
    d = scaled_scenario_dict(base, dict.fromkeys(("afforest_mixed_broadleaf",
                                                  "return_farmland_forest",
                                                  "quality_improvement"), 1.5), name="x")
    assert "150%" in d["title"]["en"] and "150%" in d["title"]["zh"]
    assert scaled_scenario_dict(base, {}, name="x", title={"en": "Mine"})["title"] == \
        {"en": "Mine", "zh": "Mine"}


def test_scaled_table_keeps_schedules_townships_and_unknown_keys(actions):
    base = {"name": "s", "title": "S", "harvest_pct_per_yr": 2.0, "custom": {"k": 1},
            "plan_layer": "plan.gpkg",
            "actions": [{"action": "wetland_restoration", "schedule": {"2021": 10.0, "2023": 30.0},
                         "townships": ["440101"]},
                        {"action": "mangrove_tidal_flat", "area_ha_per_yr": 5.0, "start": 2022,
                         "end": 2024, "note": "x"}]}
    d = scaled_scenario_dict(base, {"wetland_restoration": 3.0, "mangrove_tidal_flat": 0.0},
                             name="s_2")
    assert d["actions"][0]["schedule"] == {"2021": 30.0, "2023": 90.0}
    assert d["actions"][0]["townships"] == ["440101"]
    assert d["actions"][1]["area_ha_per_yr"] == 0.0 and d["actions"][1]["note"] == "x"
    assert d["custom"] == {"k": 1} and d["plan_layer"] == "plan.gpkg"
    assert d["disturbance_pct_per_yr"] == 0.0 and d["harvest_pct_per_yr"] == 2.0
    expected = parse(base, actions).with_area_scaled("wetland_restoration", 3.0) \
        .with_area_scaled("mangrove_tidal_flat", 0.0)
    assert parse(d, actions).items == expected.items


@pytest.mark.parametrize("request_, base_name", [
    (AllocationRequest(("afforest_masson_pine", "mangrove_tidal_flat"), 2021, 2030,
                       budget_cny=2e8), "bau"),
    (AllocationRequest(("afforest_masson_pine",), 2022, 2027, cover_target_pct=60.5,
                       year=2030, region="440101"), None),
])
def test_allocation_table_reproduces_the_allocation_scenario(demo, actions, request_,
                                                             base_name):
    base = demo.scenario(base_name) if base_name else None
    title = {"en": "Allocation", "zh": "优化布局"}
    d = allocation_scenario_dict(request_, name="kept", title=title, base=base)
    assert d["name"] == "kept" and d["title"] == title
    # as allocate_job builds it: the base scenario (or an empty one) with the request
    base_sc = parse(base, actions) if base else Scenario(name="kept")
    expected = dataclasses.replace(base_sc, name="kept", title=title, allocate=request_)
    assert parse(d, actions) == expected
    if base is None:
        assert "actions" not in d and d["harvest_pct_per_yr"] == 0.0
    else:
        assert d["actions"] == base["actions"]
    # a base that allocates itself: its request is replaced
    d = allocation_scenario_dict(request_, name="k2", base=demo.scenario("best_value"))
    assert parse(d, actions).allocate == request_
    assert d["title"] == {"en": "k2", "zh": "k2"}


def test_project_add_save_reload_remove(tmp_path, actions):
    project = Project.load(DEMO)
    d = scaled_scenario_dict(project.scenario("bau"), {"quality_improvement": 2.0},
                             name=project.free_scenario_name("bau"))
    added = project.add_scenario(d)
    assert added is not d and project.scenario("bau_2") == d
    with pytest.raises(ProjectError, match="already has a scenario"):
        project.add_scenario(d)
    with pytest.raises(ProjectError, match="'all'"):
        project.add_scenario({**d, "name": "all"})
    assert project.scenario_names().count("bau_2") == 1
    out = project.write_copy(tmp_path / "copy.toml")  # atomic, paths relative to the copy
    again = Project.load(out)
    assert again.scenario("bau_2") == d
    assert parse(again.scenario("bau_2"), actions) == parse(d, actions)
    assert again.remove_scenario("bau_2") == d and "bau_2" not in again.scenario_names()
    with pytest.raises(ProjectError, match="no scenario named"):
        again.remove_scenario("bau_2")
    assert "bau_2" not in Project.load(DEMO).scenario_names()  # the demo is untouched


def _planning(model, actions):
    """A planning session with a stand-in planner (what add_scenario reads of it)."""
    planner = SimpleNamespace(actions=actions, base_year=2020, horizon=2060)
    scenarios = {d["name"]: parse(d, actions) for d in model.project.scenarios}
    model.set_planning(planner=planner, scenarios=scenarios, projections=dict.fromkeys(
        scenarios, "projection"), current="bau")


def test_model_add_marks_dirty_and_updates_the_session(actions):
    model = AppModel(Project.load(DEMO))
    _planning(model, actions)
    seen = []
    model.dirty_changed.connect(lambda d: seen.append(("dirty", d)))
    model.planning_changed.connect(lambda w: seen.append(w))
    d = scaled_scenario_dict(model.project.scenario("bau"), {"quality_improvement": 0.5},
                             name="bau_2")
    model.add_scenario(d)
    assert model.dirty and seen == [("dirty", True), "scenarios"]
    p = model.planning
    assert list(p.scenarios)[-1] == "bau_2" and "bau_2" not in p.projections
    assert p.scenarios["bau_2"] == parse(d, actions)
    # a table the planner rejects changes nothing
    model.mark_saved()
    bad = {**d, "name": "bad", "actions": [{"action": "no_such_action", "area_ha_per_yr": 1.0}]}
    with pytest.raises(ProjectError):
        model.add_scenario(bad)
    with pytest.raises(ProjectError):
        model.add_scenario(d)  # the name is taken
    assert not model.dirty and "bad" not in model.project.scenario_names()
    assert "bad" not in p.scenarios


def test_model_add_replaces_an_unsaved_allocation_and_removes(actions):
    model = AppModel(Project.load(DEMO))
    _planning(model, actions)
    p = model.planning
    req = AllocationRequest(("afforest_masson_pine",), 2021, 2030, budget_cny=1e7)
    p.scenarios["alloc_1"] = Scenario("alloc_1", allocate=req)
    p.projections["alloc_1"] = "alloc projection"
    p.allocations["alloc_1"] = SimpleNamespace(request=req, base=None)
    names = list(p.scenarios)
    model.set_planning(current="alloc_1", compare="bau")
    model.add_scenario(allocation_scenario_dict(req, name="kept"), replace="alloc_1")
    assert list(p.scenarios) == [n if n != "alloc_1" else "kept" for n in names]
    assert p.current == "kept" and p.compare == "bau"
    assert "alloc_1" not in p.projections and "alloc_1" not in p.allocations
    assert p.scenarios["kept"].allocate == req
    model.mark_saved()
    model.set_planning(current="bau", compare="kept")
    model.remove_scenario("bau")
    assert model.dirty and "bau" not in model.project.scenario_names()
    assert "bau" not in p.scenarios and "bau" not in p.projections
    assert p.current == next(n for n in p.scenarios if n != "kept") and p.compare == "kept"
    with pytest.raises(ProjectError):
        model.remove_scenario("bau")
