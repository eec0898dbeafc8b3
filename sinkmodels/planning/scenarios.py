"""Restoration actions and scenarios.

An :class:`Action` is one row of ``actions.csv``: a kind (afforestation, forest quality
improvement, return of farmland, grassland / wetland restoration, mangrove planting, mine and
degraded-land restoration), which land it may take (land-cover codes, grassland grade, forest
compartments), what the land becomes (land-cover code, forest type and growth curve, growth
uplift, soil gain) and its cost per hectare (flagged when illustrative).

A :class:`Scenario` (one ``[[scenarios]]`` table of the project) holds annual area schedules of
actions, the harvest and disturbance rates of standing forest, and optionally an automatic
allocation (a budget or a cover target) that the planner places where it earns the most sink per
yuan (see :mod:`sinkmodels.planning.allocation`). In TOML::

    [[scenarios]]
    name = "afforestation"
    title = { en = "Afforestation-led", zh = "造林主导" }
    harvest_pct_per_yr = 1.0          # % of standing volume of commercial stands removed per yr
    disturbance_pct_per_yr = 0.1      # % of standing volume of all stands lost per yr
    [[scenarios.actions]]
    action = "afforest_masson_pine"   # an id in actions.csv
    area_ha_per_yr = 300.0
    start = 2021
    end = 2030
    # or: schedule = { 2021 = 200.0, 2022 = 400.0 }; townships = ["440101", ...]
    [scenarios.allocate]              # optional
    budget_cny = 2.0e8                # or: cover_target_pct = 30.0, year = 2030
    actions = ["afforest_masson_pine", "mangrove_tidal_flat"]
    start = 2021
    end = 2030
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gis.errors import ProjectError
from sinkmodels.planning.tables import load_actions_table

HORIZON = 2060


@dataclass(frozen=True)
class Action:
    """One restoration action (a row of actions.csv)."""

    id: str
    kind: str
    title_en: str = ""
    title_zh: str = ""
    from_landcover: tuple[int, ...] = ()
    from_grade: tuple[str, ...] = ()
    needs_compartment: bool = False
    to_landcover: int = 0
    forest_type: str = ""
    counts_as_forest: bool = False
    cover_after_years: int = 0
    planting_age: int = 0
    growth_uplift: float = 0.0
    transition_years: float = 20.0
    soil_gain_tC_per_ha_yr: float = 0.0
    soil_gain_years: float = 0.0
    cost_cny_per_ha: float = 0.0
    cost_illustrative: bool = True
    source: str = ""

    @property
    def creates_forest(self) -> bool:
        """True when the action plants a stand that grows on a forest type's curve."""
        return bool(self.forest_type) and not self.needs_compartment

    def title(self, lang: str = "en") -> str:
        return (self.title_zh if lang == "zh" else self.title_en) or self.id


def _codes(text: Any) -> tuple[int, ...]:
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return tuple(int(float(p)) for p in s.replace(",", ";").split(";") if p.strip())


def _words(text: Any) -> tuple[str, ...]:
    s = "" if text is None or (isinstance(text, float) and text != text) else str(text)
    return tuple(p.strip().lower() for p in s.replace(",", ";").split(";") if p.strip())


def actions_from_frame(df: pd.DataFrame) -> dict[str, Action]:
    """Actions keyed by id from a loaded actions table (see :mod:`.tables`)."""
    out: dict[str, Action] = {}
    for r in df.to_dict("records"):
        out[str(r["action"])] = Action(
            id=str(r["action"]), kind=str(r["kind"]), title_en=str(r.get("title_en") or ""),
            title_zh=str(r.get("title_zh") or ""), from_landcover=_codes(r.get("from_landcover")),
            from_grade=_words(r.get("from_grade")),
            needs_compartment=bool(r.get("needs_compartment") or False),
            to_landcover=int(r.get("to_landcover") or 0),
            forest_type=str(r.get("forest_type") or "").strip(),
            counts_as_forest=bool(r.get("counts_as_forest") or False),
            cover_after_years=int(r.get("cover_after_years") or 0),
            planting_age=int(r.get("planting_age") or 0),
            growth_uplift=float(r.get("growth_uplift") or 0.0),
            transition_years=float(r.get("transition_years") or 0.0),
            soil_gain_tC_per_ha_yr=float(r.get("soil_gain_tC_per_ha_yr") or 0.0),
            soil_gain_years=float(r.get("soil_gain_years") or 0.0),
            cost_cny_per_ha=float(r.get("cost_cny_per_ha") or 0.0),
            cost_illustrative=bool(r.get("cost_illustrative")),
            source=str(r.get("source") or ""))
    return out


def load_actions(path: str | Path) -> dict[str, Action]:
    return actions_from_frame(load_actions_table(path))


@dataclass(frozen=True)
class ScheduleItem:
    """Area (ha) of one action per year, optionally limited to some townships (codes)."""

    action: str
    area_ha: Mapping[int, float]
    townships: tuple[str, ...] = ()

    def area_in(self, year: int) -> float:
        return float(self.area_ha.get(year, 0.0))


@dataclass(frozen=True)
class AllocationRequest:
    """Let the planner choose where to act: within ``budget_cny`` (spread evenly over
    ``start..end``), or until ``region`` reaches ``cover_target_pct`` by ``year``."""

    actions: tuple[str, ...]
    start: int
    end: int
    budget_cny: float | None = None
    cover_target_pct: float | None = None
    year: int | None = None
    region: str = "county"


@dataclass(frozen=True)
class Scenario:
    name: str
    title: Mapping[str, str] = field(default_factory=dict)
    items: tuple[ScheduleItem, ...] = ()
    harvest_pct_per_yr: float = 0.0
    disturbance_pct_per_yr: float = 0.0
    allocate: AllocationRequest | None = None
    plan_layer: str | None = None

    def display(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or self.name

    def with_area_scaled(self, action: str, factor: float) -> Scenario:
        """A copy with ``action``'s scheduled areas multiplied by ``factor`` (tests, what-ifs)."""
        items = tuple(ScheduleItem(it.action, {y: scaled_area(a, factor)
                                               for y, a in it.area_ha.items()},
                                   it.townships) if it.action == action else it
                      for it in self.items)
        return Scenario(self.name, self.title, items, self.harvest_pct_per_yr,
                        self.disturbance_pct_per_yr, self.allocate, self.plan_layer)


def scaled_area(area_ha: float, factor: float) -> float:
    """A scheduled area times a factor, to the micro-hectare: a scenario saved from the studio
    reads 440.0 where the product is 440.00000000000006, and projects alike."""
    return round(float(area_ha) * float(factor), 6)


def _num(d: Mapping[str, Any], key: str, default: float, where: str, lo: float = 0.0,
         hi: float = float("inf")) -> float:
    v = d.get(key, default)
    try:
        x = float(v)
    except (TypeError, ValueError) as exc:
        raise ProjectError("plan_scenario_value", path=where, key=key, value=str(v)) from exc
    if not lo <= x <= hi:
        raise ProjectError("plan_scenario_value", path=where, key=key, value=str(v))
    return x


def scenario_from_dict(d: Mapping[str, Any], actions: Mapping[str, Action], *,
                       base_year: int, horizon: int = HORIZON,
                       where: str = "<project>") -> Scenario:
    """Parse one ``[[scenarios]]`` table; unknown action ids raise a ProjectError naming them."""
    name = str(d.get("name") or "")
    if not name:
        raise ProjectError(path=where, detail="every scenario needs a 'name'")
    title = d.get("title", {})
    if isinstance(title, str):
        title = {"en": title, "zh": title}
    items: list[ScheduleItem] = []
    for raw in d.get("actions", []) or []:
        aid = str(raw.get("action", ""))
        if aid not in actions:
            raise ProjectError("plan_action_unknown", path=where, scenario=name, action=aid,
                               known=", ".join(sorted(actions)))
        sched: dict[int, float] = {}
        if "schedule" in raw:
            for y, a in dict(raw["schedule"]).items():
                sched[int(y)] = _num({"a": a}, "a", 0.0, where)
        else:
            area = _num(raw, "area_ha_per_yr", 0.0, where)
            start = int(raw.get("start", base_year + 1))
            end = int(raw.get("end", horizon))
            for y in range(start, end + 1):
                sched[y] = area
        bad = [y for y in sched if not base_year < y <= horizon]
        if bad:
            raise ProjectError("plan_schedule_year", path=where, scenario=name, action=aid,
                               year=min(bad), first=base_year + 1, last=horizon)
        items.append(ScheduleItem(aid, sched, tuple(str(t) for t in raw.get("townships", []))))
    alloc = None
    raw_a = d.get("allocate")
    if raw_a:
        ids = tuple(str(a) for a in raw_a.get("actions", []))
        for aid in ids:
            if aid not in actions:
                raise ProjectError("plan_action_unknown", path=where, scenario=name,
                                   action=aid, known=", ".join(sorted(actions)))
        start = int(raw_a.get("start", base_year + 1))
        end = int(raw_a.get("end", raw_a.get("year", start + 9)))
        alloc = AllocationRequest(
            actions=ids or tuple(actions), start=start, end=end,
            budget_cny=None if raw_a.get("budget_cny") is None else float(raw_a["budget_cny"]),
            cover_target_pct=(None if raw_a.get("cover_target_pct") is None
                              else float(raw_a["cover_target_pct"])),
            year=None if raw_a.get("year") is None else int(raw_a["year"]),
            region=str(raw_a.get("region", "county")))
        if alloc.budget_cny is None and alloc.cover_target_pct is None:
            raise ProjectError(path=where, detail=f"scenario '{name}': [scenarios.allocate] "
                               "needs 'budget_cny' or 'cover_target_pct'")
    return Scenario(
        name=name, title=dict(title), items=tuple(items),
        harvest_pct_per_yr=_num(d, "harvest_pct_per_yr", 0.0, where, 0.0, 100.0),
        disturbance_pct_per_yr=_num(d, "disturbance_pct_per_yr", 0.0, where, 0.0, 100.0),
        allocate=alloc, plan_layer=d.get("plan_layer"))


def scenarios_from_project(raw: Sequence[Mapping[str, Any]], actions: Mapping[str, Action], *,
                           base_year: int, horizon: int = HORIZON,
                           where: str = "<project>") -> list[Scenario]:
    return [scenario_from_dict(d, actions, base_year=base_year, horizon=horizon, where=where)
            for d in raw]
