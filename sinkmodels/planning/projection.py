"""Yearly projection of a scenario from the base year to 2060, on the cohort table.

The state is the cohort table (:mod:`.cohorts`) plus *events*: runs of a cohort's pixels that an
action took in a given year. Each year

* stands (forest compartments) age by one year and grow by their curve's increment scaled by
  the stand's site factor (observed volume / curve volume at the observed age, clipped to
  [0.2, 5]); the increment is raised by the action's uplift on quality-improvement events;
  harvest (commercial stands) and disturbance (all stands) then remove a share of the standing
  volume: ``V[t+1] = (V[t] + s·(1+u)·(CR(age+1) − CR(age))) · (1 − h − d)``;
* events starting that year take effect: new stands start at their planting age on the action's
  forest-type curve; other conversions move the non-tree pools linearly to the new class's pools
  over ``transition_years`` (IPCC default 20) and add the soil gain rate;
* totals are summed: forest area (national definition, see :mod:`.targets`), stock volume,
  carbon by ecosystem, annual sink = ΔC × 44/12 (t CO₂e/yr, positive = removal), cost.

Per-pixel maps for chosen years come from a second pass (:func:`write_maps`) that looks every
pixel's value up in the same cohort/event arrays, so a map summed over its pixels gives the
year's totals exactly (projected CRS; in a geographic CRS partly treated cohorts use the cohort's
mean pixel area).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd

from gis.errors import InputError
from gis.messages import format_message
from sinkmodels.planning.cohorts import (
    Cancel,
    CohortTable,
    EventIndex,
    Progress,
    pixel_pass,
)
from sinkmodels.planning.constraints import Rules
from sinkmodels.planning.scenarios import HORIZON, Action, Scenario

CO2_PER_C = 44.0 / 12.0
LAND_CLASSES = ("", "tree_forest", "bamboo", "shrub", "special_shrub")
SITE_MIN, SITE_MAX = 0.2, 5.0


# --------------------------------------------------------------------------------------------
# models of growth and carbon


@dataclass(frozen=True)
class ForestModel:
    """Growth and tree carbon per forest type, vectorised over type indices.

    ``volume(types, age)`` → stock volume m³/ha on the type's growth curve;
    ``tree_carbon(types, volume)`` → live-tree carbon t C/ha (above + below ground).
    ``volume_based[i]`` is False for types whose carbon is not tracked through stock volume
    (bamboo, shrub: no growth curve); their stands keep the biomass of their land-cover class.
    """

    types: tuple[str, ...]
    volume: Callable[[np.ndarray, np.ndarray], np.ndarray]
    tree_carbon: Callable[[np.ndarray, np.ndarray], np.ndarray]
    volume_based: tuple[bool, ...] | None = None
    #: tree carbon of stands planted by an action (default: ``tree_carbon``)
    tree_carbon_planted: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None
    #: optional fast path: ``tree_carbon`` is C = slope·V + intercept·[V > 0 or constant],
    #: as arrays per type (slope t C/m3, intercept t C/ha, constant bool)
    linear: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def planted_carbon(self, types: np.ndarray, volume: np.ndarray) -> np.ndarray:
        fn = self.tree_carbon_planted or self.tree_carbon
        return fn(types, volume)

    def volume_mask(self) -> np.ndarray:
        if self.volume_based is None:
            return np.ones(len(self.types), dtype=bool)
        return np.asarray(self.volume_based, dtype=bool)

    def index(self, code: str, where: str = "forest_types") -> int:
        try:
            return self.types.index(str(code))
        except ValueError as exc:
            raise InputError("plan_forest_type_unknown", path=where, forest_type=str(code),
                             known=", ".join(self.types)) from exc


def chapman_richards_model(types: Sequence[str], A: Sequence[float], B: Sequence[float],
                           K: Sequence[float], m: Sequence[float],
                           carbon_per_m3: Sequence[float],
                           carbon_intercept: Sequence[float] | None = None) -> ForestModel:
    """A self-contained model: V = A·(1 − B·e^(−K·t))^(1/(1−m)) (base clamped at 0) and
    tree C = c1·V + c0·[V > 0] (c1 = a·CF, c0 = b·CF of a continuous BEF). For tests and the
    benchmark; projects use :func:`forest_model_from_tables`."""
    a_, b_, k_, m_ = (np.asarray(x, dtype=np.float64) for x in (A, B, K, m))
    c1 = np.asarray(carbon_per_m3, dtype=np.float64)
    c0 = np.zeros_like(c1) if carbon_intercept is None else np.asarray(carbon_intercept, float)

    def volume(t: np.ndarray, age: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        base = 1.0 - b_[t] * np.exp(-k_[t] * np.asarray(age, dtype=np.float64))
        return np.where(base > 0, a_[t] * np.power(np.maximum(base, 0.0), 1.0 / (1.0 - m_[t])),
                        0.0)

    def carbon(t: np.ndarray, v: np.ndarray) -> np.ndarray:
        t = np.asarray(t, dtype=np.int64)
        v = np.asarray(v, dtype=np.float64)
        return c1[t] * v + np.where(v > 0, c0[t], 0.0)  # type: ignore[no-any-return]

    return ForestModel(tuple(str(x) for x in types), volume, carbon,
                       tuple(bool(x) for x in (a_ > 0)), None,
                       (c1, c0, np.zeros(c1.shape, dtype=bool)))


def forest_model_from_tables(forest_types: pd.DataFrame, growth_curves: pd.DataFrame,
                             cf_default: float | None = None) -> ForestModel:
    """The project's forest model from forest_types.csv and growth_curves.csv, using the carbon
    module's growth curves and volume→carbon conversion (``sinkmodels.growth``,
    ``sinkmodels.forest``)."""
    from sinkmodels.planning._forest_adapter import model_from_tables

    return model_from_tables(forest_types, growth_curves, cf_default)


@dataclass(frozen=True)
class Pools:
    """Per land-cover code (index 0..255): live biomass (above + below), dead wood/litter and
    soil carbon density (t C/ha), and the ecosystem each class belongs to; plus the grassland
    and blue-carbon models the carbon job applies on top of the class pools
    (:meth:`densities`)."""

    biomass: np.ndarray
    dead: np.ndarray
    soil: np.ndarray
    ecosystem: np.ndarray  # index into ``ecosystems``
    ecosystems: tuple[str, ...]
    #: biomass and SOC (t C/ha) by grade code (cohorts.GRADE_CODE; NaN: no grade model)
    grade_bio: np.ndarray = field(default_factory=lambda: np.full(8, np.nan))
    grade_soil: np.ndarray = field(default_factory=lambda: np.full(8, np.nan))
    #: per code: 1 = a grassland class; the blue-carbon row of the class's own type (-1 none);
    #: 1 = a wetland or mangrove class (as ``sinkmodels.sink`` places classes)
    grassland: np.ndarray = field(default_factory=lambda: np.zeros(256, dtype=bool))
    blue_row: np.ndarray = field(default_factory=lambda: np.full(256, -1, dtype=np.int64))
    blue_class: np.ndarray = field(default_factory=lambda: np.zeros(256, dtype=bool))
    #: biomass and soil (t C/ha) per row of the blue-carbon table, and its types
    blue_bio: np.ndarray = field(default_factory=lambda: np.zeros(0))
    blue_soil: np.ndarray = field(default_factory=lambda: np.zeros(0))
    blue_types: tuple[str, ...] = ()

    def densities(self, lc: np.ndarray, grade: np.ndarray, wetland: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(biomass, dead, soil) t C/ha of land-cover codes ``lc`` with the grassland grade
        codes and wetland-type codes (1-based blue-carbon rows) of their polygons, by the
        carbon job's rules (``sinkmodels.sink``): a grassland class inside a grassland polygon
        of a known grade takes that grade's biomass and SOC; a wetland or mangrove class takes
        its own blue-carbon type, else its wetland polygon's type; everything else its class
        pools. (Forest stands' tree carbon comes on top, from their volume.)"""
        lc = np.asarray(lc, dtype=np.int64)
        bio, dead, soil = self.biomass[lc], self.dead[lc], self.soil[lc]
        g = np.clip(np.asarray(grade, dtype=np.int64), 0, self.grade_bio.shape[0] - 1)
        gb = self.grade_bio[g]
        grass = self.grassland[lc] & ~np.isnan(gb)
        row = np.where(self.blue_row[lc] >= 0, self.blue_row[lc],
                       np.asarray(wetland, dtype=np.int64) - 1)
        blue = self.blue_class[lc] & (row >= 0) & (row < self.blue_bio.shape[0])
        if grass.any():
            bio = np.where(grass, gb, bio)
            dead = np.where(grass, 0.0, dead)
            soil = np.where(grass, self.grade_soil[g], soil)
        if blue.any():
            r = np.where(blue, row, 0)
            bio = np.where(blue, self.blue_bio[r], bio)
            dead = np.where(blue, 0.0, dead)
            soil = np.where(blue, self.blue_soil[r], soil)
        return bio, dead, soil

    @classmethod
    def from_tables(cls, carbon_pools: pd.DataFrame, legend: pd.DataFrame,
                    grassland: pd.DataFrame | None = None,
                    blue_carbon: pd.DataFrame | None = None) -> Pools:
        """The class pools, and the grassland (by degradation grade) and blue-carbon (by type)
        models when their tables are given, as the carbon job builds them."""
        cols = {c.lower(): c for c in carbon_pools.columns}
        bio = np.zeros(256)
        dead = np.zeros(256)
        soil = np.zeros(256)
        for r in carbon_pools.to_dict("records"):
            code = int(r[cols["lucode"]])
            if 0 <= code < 256:
                bio[code] = float(r[cols["c_above"]]) + float(r[cols["c_below"]])
                soil[code] = float(r[cols["c_soil"]])
                dead[code] = float(r[cols["c_dead"]]) if "c_dead" in cols else 0.0
                if "c_litter" in cols and pd.notna(r[cols["c_litter"]]):
                    dead[code] += float(r[cols["c_litter"]])
        lcols = {c.lower(): c for c in legend.columns}
        code_col = lcols.get("code") or lcols.get("lucode")
        eco_col = lcols.get("ecosystem")
        order = ["forest", "grassland", "wetland", "mangrove", "cropland", "other"]
        eco = np.full(256, order.index("other"), dtype=np.int64)
        if eco_col is not None and code_col is not None:
            for c, e in zip(legend[code_col], legend[eco_col], strict=True):
                e = str(e).strip().lower() or "other"
                if e not in order:
                    order.append(e)
                if 0 <= int(c) < 256:
                    eco[int(c)] = order.index(e)
        return cls(bio, dead, soil, eco, tuple(order),
                   **_carbon_models(legend, grassland, blue_carbon))

    @property
    def forest_eco(self) -> int:
        return self.ecosystems.index("forest")


def _carbon_models(legend: pd.DataFrame, grassland: pd.DataFrame | None,
                   blue_carbon: pd.DataFrame | None) -> dict[str, Any]:
    """The grassland and blue-carbon fields of :class:`Pools`, from the carbon job's own
    lookups (``sinkmodels.sink``), so both compute a pixel alike."""
    from sinkmodels import sink
    from sinkmodels.planning.cohorts import GRADE_CODE

    eco, names = sink.legend_classes(np.arange(256), legend)
    out: dict[str, Any] = {"grassland": eco == sink.ECO_GRASS,
                           "blue_class": (eco == sink.ECO_WETLAND) | (eco == sink.ECO_MANGROVE)}
    if grassland is not None and len(grassland):
        from sinkmodels.grassland import grassland_params

        gp = grassland_params(grassland)
        row = {g: i for i, g in enumerate(gp.grades)}
        gb, gs = np.full(8, np.nan), np.full(8, np.nan)
        for name, code in GRADE_CODE.items():
            if name in row:
                gb[code], gs[code] = gp.biomass_c[row[name]], gp.soc[row[name]]
        out.update(grade_bio=gb, grade_soil=gs)
    if blue_carbon is not None and len(blue_carbon):
        from sinkmodels.bluecarbon import bluecarbon_params

        bp = bluecarbon_params(blue_carbon)
        bmap = {sink.type_key(t): i for i, t in enumerate(bp.types)}
        out.update(blue_row=sink.class_blue_rows(eco, names, bmap),
                   blue_bio=np.asarray(bp.biomass_c, dtype=np.float64),
                   blue_soil=np.asarray(bp.soil_c, dtype=np.float64), blue_types=bp.types)
    return out


# --------------------------------------------------------------------------------------------
# events


@dataclass
class Events:
    """Treated pixel runs, in placement order: cohort, action index, start year, pixels, area."""

    cohort: np.ndarray
    action: np.ndarray
    start: np.ndarray
    pixels: np.ndarray
    area_ha: np.ndarray

    @classmethod
    def empty(cls) -> Events:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z.copy(), z.copy(), z.copy(), np.zeros(0))

    @classmethod
    def concat(cls, parts: Iterable[Events]) -> Events:
        parts = list(parts)
        if not parts:
            return cls.empty()
        return cls(*(np.concatenate([getattr(p, f) for p in parts])
                     for f in ("cohort", "action", "start", "pixels", "area_ha")))

    def __len__(self) -> int:
        return int(self.cohort.shape[0])

    def index(self, n_cohorts: int) -> EventIndex:
        return EventIndex.build(n_cohorts, self.cohort, self.pixels)


@dataclass
class Snapshot:
    """Per-cohort (untreated part) and per-event values of one year, for maps."""

    year: int
    base: dict[str, np.ndarray]
    event: dict[str, np.ndarray]
    started: np.ndarray


@dataclass
class Projection:
    scenario: Scenario
    yearly: pd.DataFrame
    townships: pd.DataFrame
    schedule: pd.DataFrame
    events: Events
    snapshots: dict[int, Snapshot] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    allocation: Any = None

    def totals(self, year: int) -> dict[str, float]:
        row = self.yearly.loc[self.yearly["year"] == year]
        return {k: float(v) for k, v in row.iloc[0].items()}


# --------------------------------------------------------------------------------------------
# the planner


class _Job:
    """A computation started at once on a thread of its own; :meth:`result` waits for it and
    re-raises its error. The thread ends with the computation, so none lingers."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        self._result: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(fn, args), daemon=True,
                                        name="sinkplanner-projection")
        self._thread.start()

    def _run(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        try:
            self._result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - handed to the caller of result()
            self._error = exc

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class Planner:
    """Everything a projection needs, prepared once per region: cohorts, growth and carbon
    models, actions, rules. Projects scenarios, computes per-ha benefits, writes maps."""

    def __init__(self, cohorts: CohortTable, forest: ForestModel, pools: Pools,
                 actions: Mapping[str, Action], rules: Rules, *, base_year: int,
                 horizon: int = HORIZON, exclude_water_from_land: bool = False,
                 mangrove_counts_as_forest: bool = True, closure_min: float = 0.2) -> None:
        if horizon <= base_year:
            raise ValueError("the horizon must lie after the base year")
        self.cohorts = cohorts
        self.forest = forest
        self.pools = pools
        self.actions = dict(actions)
        self.action_ids = list(self.actions)
        self.rules = rules
        self.base_year = int(base_year)
        self.horizon = int(horizon)
        self.closure_min = closure_min
        self._benefit_cache: dict[tuple[str, int, float, float], np.ndarray] = {}
        self._eligible_cache: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
        self._base_jobs: dict[tuple[float, float], _Job] = {}
        self._base_lock = threading.Lock()
        self._stands(cohorts)
        self._volume_table()
        # base-year pools of every cohort (forest stands add tree carbon from their volume)
        self.bio0, self.dead0, self.soil0 = pools.densities(cohorts.lc, cohorts.grade,
                                                            cohorts.wetland)
        lc = cohorts.lc
        classes = rules.classes
        water = np.array([classes.get(int(c), "") == "water" for c in range(256)])
        self.land = np.ones(len(cohorts), dtype=bool)
        if exclude_water_from_land:
            self.land &= ~water[lc]
        mangrove = np.array([classes.get(int(c), "") == "mangrove" for c in range(256)])
        self.forest0 = self.forest_flag_base.copy()
        if mangrove_counts_as_forest:
            self.forest0 |= (~self.stand) & mangrove[lc]
        self.land_area_twp = np.bincount(cohorts.twp, weights=cohorts.area_ha * self.land,
                                         minlength=max(cohorts.n_townships, 1))
        for a in self.actions.values():
            if a.forest_type:
                forest.index(a.forest_type, "actions.csv")
            if a.to_landcover and a.to_landcover not in classes:
                raise InputError("plan_action_landcover", path="actions.csv", action=a.id,
                                 code=a.to_landcover)

    # ---- stand attributes --------------------------------------------------------------------
    def _stands(self, cohorts: CohortTable) -> None:
        n = len(cohorts)
        attrs = cohorts.layers.compartment_attrs
        self.stand = np.zeros(n, dtype=bool)
        self.ftype = np.full(n, -1, dtype=np.int64)
        self.age0 = np.zeros(n)
        self.vol0 = np.zeros(n)
        self.closure = np.zeros(n)
        self.lclass = np.zeros(n, dtype=np.int64)
        self.commercial = np.zeros(n, dtype=bool)
        if attrs is not None and len(attrs) and n:
            ids = np.asarray(attrs.index, dtype=np.int64)
            maxid = int(ids.max())
            cols = {c.lower(): c for c in attrs.columns}
            src = str(attrs.attrs.get("source", "forest compartments"))

            def per_value(name: str, fn: Callable[[str | None], Any], dtype: Any) -> np.ndarray:
                """fn applied to each distinct value of a column (factorised: compartment
                tables have 10^5–10^6 rows but a handful of distinct texts)."""
                c = cols.get(name)
                if c is None:
                    return np.full(len(attrs), fn(None), dtype=dtype)
                col = attrs[c]
                # text columns factorise ~1.5x faster as their object array than through
                # pandas' string array; categoricals already carry their codes
                codes, uniq = pd.factorize(
                    col if isinstance(col.dtype, pd.CategoricalDtype) else col.to_numpy(),
                    use_na_sentinel=True)
                vals = np.array([fn(None if pd.isna(u) else str(u)) for u in uniq] or [fn(None)],
                                dtype=dtype)
                return np.where(codes >= 0, vals[np.maximum(codes, 0)], fn(None))  # type: ignore[no-any-return]

            def num(name: str, empty: float = 0.0) -> np.ndarray:
                c = cols.get(name)
                if c is None:
                    return np.full(len(attrs), empty)
                v: np.ndarray = pd.to_numeric(attrs[c], errors="coerce").fillna(empty) \
                    .to_numpy(np.float64)
                return v

            # forest types: codes as written (types are case-sensitive codes)
            index_of = {t: i for i, t in enumerate(self.forest.types)}

            def type_index(v: str | None) -> int:
                if v is None or not v.strip():
                    return -1
                if v.strip() not in index_of:
                    self.forest.index(v.strip(), src)  # raises, naming the type
                return index_of[v.strip()]

            lcode = {k: i for i, k in enumerate(LAND_CLASSES) if k}
            ftypes = per_value("forest_type", type_index, np.int64)
            lclasses = per_value("land_class", lambda v: lcode.get(
                (v or "tree_forest").strip().lower(), 1), np.int64)
            comm = per_value("category", lambda v: (v or "").strip().lower() == "commercial",
                             bool)
            # each cohort's table row, through the compartment id (a repeated id: its last row)
            row_of = np.full(maxid + 1, -1, dtype=np.int64)
            row_of[ids] = np.arange(ids.size)
            has = (cohorts.comp > 0) & (cohorts.comp <= maxid)
            r = row_of[np.where(has, cohorts.comp, 0)]
            has &= r >= 0
            r = np.where(has, r, 0)
            # a stand is a compartment pixel of a forest class with a known forest type: where
            # the land cover is not forest the carbon job takes the class's pools, and so
            # does the planner
            forest_class = self.pools.ecosystem[cohorts.lc] == self.pools.forest_eco
            self.stand = has & (ftypes[r] >= 0) & forest_class
            self.ftype = np.where(self.stand, ftypes[r], -1)
            self.age0 = np.where(self.stand, num("age")[r], 0.0)
            self.vol0 = np.where(self.stand, num("volume_m3_ha", np.nan)[r], 0.0)
            self.closure = np.where(self.stand, num("closure")[r], 0.0)
            self.lclass = np.where(self.stand, lclasses[r], 0)
            self.commercial = self.stand & comm[r]
        ft = np.maximum(self.ftype, 0)
        curve0 = self.forest.volume(ft, self.age0) if n else np.zeros(0)
        # no volume recorded: the growth curve's at the stand's age, as the carbon job reads it
        self.vol0 = np.where(np.isnan(self.vol0), curve0, self.vol0)
        site = np.where(curve0 > 1.0, self.vol0 / np.maximum(curve0, 1e-9), 1.0)
        self.site = np.where(self.stand, np.clip(site, SITE_MIN, SITE_MAX), 1.0)
        lcl = self.lclass
        self.forest_flag_base = self.stand & (
            ((lcl == 1) & (self.closure >= self.closure_min)) | (lcl == 2) | (lcl == 4))

    def _volume_table(self) -> None:
        """Curve volumes by whole year of age, per type: stand ages step by one year, so when
        every starting age is whole the curve is looked up instead of evaluated."""
        plant = [a.planting_age for a in self.actions.values()]
        ages = np.concatenate([self.age0[self.stand], np.asarray(plant, dtype=np.float64)])
        self._vtab = None
        if ages.size == 0 or np.all(ages == np.round(ages)):
            top = int(ages.max(initial=0)) + (self.horizon - self.base_year) + 2
            nt = len(self.forest.types)
            t = np.repeat(np.arange(nt), top + 1)
            a = np.tile(np.arange(top + 1, dtype=np.float64), nt)
            self._vtab = self.forest.volume(t, a).reshape(nt, top + 1)

    def _vol(self, types: np.ndarray, age: np.ndarray) -> np.ndarray:
        tab = self._vtab
        if tab is None:
            return self.forest.volume(types, age)
        a = np.clip(np.asarray(age), 0, tab.shape[1] - 1).astype(np.int64)
        return tab[types, a]  # type: ignore[no-any-return]

    # ---- eligibility -------------------------------------------------------------------------
    def eligible(self, action_id: str, townships: Sequence[str] = ()) -> np.ndarray:
        """Cohorts on which ``action_id`` may be placed: its own eligibility (land cover,
        grade, compartments) and every rule of the rules table. Cached (read-only): placing a
        schedule and its benefits ask for the same actions again."""
        key = (action_id, tuple(townships))
        if key not in self._eligible_cache:
            ok = self._eligible(action_id, townships)
            ok.flags.writeable = False
            self._eligible_cache[key] = ok
        return self._eligible_cache[key]

    def _eligible(self, action_id: str, townships: Sequence[str]) -> np.ndarray:
        a = self.actions[action_id]
        c = self.cohorts
        # land cover and rules decided once per (zone, land cover) pair, then looked up
        zone, lc = np.divmod(np.arange(16 * 256), 256)
        pair_ok = np.isin(lc, np.asarray(a.from_landcover, dtype=np.int64)) & \
            self.rules.allowed(action_id, zone, lc)
        ok: np.ndarray = pair_ok[c.zone * 256 + c.lc]
        if a.from_grade:
            from sinkmodels.planning.cohorts import GRADE_CODE

            codes = [GRADE_CODE[g] for g in a.from_grade if g in GRADE_CODE]
            ok &= np.isin(c.grade, codes)
        if a.needs_compartment:
            ok &= self.stand & (self.lclass == 1)
        else:
            ok &= ~self.stand
        if townships:
            codes_ = np.asarray(c.township_codes, dtype=object)
            ok &= np.isin(codes_[c.twp], list(townships)) if len(codes_) else False
        return ok

    def region_mask(self, region: str) -> np.ndarray:
        if region in ("county", "total", "all", ""):
            return np.ones(len(self.cohorts), dtype=bool)
        codes = list(self.cohorts.township_codes)
        if region not in codes:
            raise InputError("plan_region_unknown", region=region,
                             known=", ".join(c for c in codes if c))
        return self.cohorts.twp == codes.index(region)  # type: ignore[no-any-return]

    # ---- per-ha benefit ----------------------------------------------------------------------
    def benefit(self, action_id: str, start: int, harvest: float = 0.0,
                disturbance: float = 0.0) -> np.ndarray:
        """Per cohort: cumulative removal (t CO₂e/ha) from ``start`` to the horizon of doing
        ``action_id`` on one hectare of it, against leaving it as it is (NaN where the action is
        not eligible or not allowed). Simulated on the eligible cohorts only; cached."""
        key = (action_id, int(start), float(harvest), float(disturbance))
        if key not in self._benefit_cache:
            n = len(self.cohorts)
            out = np.full(n, np.nan)
            idx = np.flatnonzero(self.eligible(action_id))
            if idx.size:
                k = idx.size
                ai = self.action_ids.index(action_id)
                probe = Events(np.arange(k, dtype=np.int64), np.full(k, ai),
                               np.full(k, int(start)), np.zeros(k, np.int64), np.zeros(k))
                res = self._simulate(probe, harvest, disturbance, final_density=True, base=idx)
                out[idx] = (res["event_c_final"] - res["base_c_final"]) * CO2_PER_C
            self._benefit_cache[key] = out
        return self._benefit_cache[key]

    # ---- placing schedules -------------------------------------------------------------------
    def place(self, scenario: Scenario, taken: np.ndarray | None = None
              ) -> tuple[Events, pd.DataFrame]:
        """Put each year's scheduled area on eligible cohorts, best sink per ha first
        (ties: cohort order). A pixel takes at most one action. Returns the events and the
        schedule table (requested vs placed area, cost)."""
        c = self.cohorts
        free = c.pixels.copy() if taken is None else c.pixels - taken
        mpa = c.mean_pixel_area_ha
        tol = 0.5 * float(np.max(mpa)) if len(mpa) else 0.0  # whole pixels: half a pixel slack
        order_cache: dict[tuple[str, tuple[str, ...]], np.ndarray] = {}
        parts: list[Events] = []
        rows = []
        h = scenario.harvest_pct_per_yr / 100.0
        d = scenario.disturbance_pct_per_yr / 100.0
        years = sorted({y for it in scenario.items for y in it.area_ha})
        for y in years:
            for it in scenario.items:
                req = it.area_in(y)
                if req <= 0:
                    continue
                key = (it.action, it.townships)
                if key not in order_cache:
                    ok = np.flatnonzero(self.eligible(it.action, it.townships))
                    b = self.benefit(it.action, self.base_year + 1, h, d)[ok]
                    order_cache[key] = ok[_best_first(b)]
                order = order_cache[key]
                ev = _take(order, free, mpa, req)
                ai = self.action_ids.index(it.action)
                placed = float((ev[1] * mpa[ev[0]]).sum())
                if len(ev[0]):
                    parts.append(Events(ev[0], np.full(len(ev[0]), ai), np.full(len(ev[0]), y),
                                        ev[1], ev[1] * mpa[ev[0]]))
                short = req - placed
                rows.append({"year": y, "action": it.action, "requested_ha": req,
                             "placed_ha": placed, "shortfall_ha": short if short > tol else 0.0,
                             "cost_cny": placed * self.actions[it.action].cost_cny_per_ha,
                             "source": "schedule"})
        cols = ["year", "action", "requested_ha", "placed_ha", "shortfall_ha", "cost_cny", "source"]
        return Events.concat(parts), pd.DataFrame(rows, columns=cols)

    # ---- projecting --------------------------------------------------------------------------
    def project(self, scenario: Scenario, *, map_years: Iterable[int] = (),
                progress: Progress = None, cancel: Cancel = None) -> Projection:
        """Project ``scenario`` yearly from the base year to the horizon."""
        h = scenario.harvest_pct_per_yr / 100.0
        d = scenario.disturbance_pct_per_yr / 100.0
        if self._fast and not map_years:
            self._base_job(h, d)  # the untreated cohorts' sums, on another core meanwhile
        events, schedule = self.place(scenario)
        notices: list[str] = []
        allocation = None
        if scenario.allocate is not None:
            from sinkmodels.planning.allocation import allocate

            taken = np.bincount(events.cohort, weights=events.pixels,
                                minlength=len(self.cohorts)).astype(np.int64)
            allocation = allocate(self, scenario.allocate, base_events=events, taken=taken,
                                  harvest_pct=scenario.harvest_pct_per_yr,
                                  disturbance_pct=scenario.disturbance_pct_per_yr)
            events = Events.concat([events, allocation.events])
            schedule = pd.concat([schedule, allocation.schedule], ignore_index=True)
            notices.extend(allocation.notices)
        short = schedule[schedule["shortfall_ha"] > 0]
        for aid, g in short.groupby("action", sort=False):
            requested = schedule.loc[schedule["action"] == aid, "requested_ha"].sum()
            notices.append(format_message(
                "plan_notice_shortfall", action=aid, short=f"{g['shortfall_ha'].sum():,.1f}",
                requested=f"{requested:,.1f}", year=int(g["year"].min())))
        if progress is not None:
            progress(0.1, format_message("progress_projection"))
        res = self._simulate(events, h, d, snapshots=set(map_years), cancel=cancel)
        if progress is not None:
            progress(1.0, format_message("progress_projection"))
        return Projection(scenario, res["yearly"], res["townships"], schedule, events,
                          res["snapshots"], notices, allocation)

    def _event_params(self, events: Events, base: np.ndarray | None = None
                      ) -> dict[str, np.ndarray]:
        acts = [self.actions[a] for a in self.action_ids]
        ai = events.action

        def arr(fn: Callable[[Action], Any], dtype: Any = np.float64) -> np.ndarray:
            lut = np.array([fn(a) for a in acts] or [0], dtype=dtype)
            return lut[ai] if len(ai) else np.zeros(0, dtype=dtype)

        c = events.cohort if base is None else np.asarray(base, dtype=np.int64)[events.cohort]
        creates = arr(lambda a: a.creates_forest, bool)
        quality = arr(lambda a: a.needs_compartment, bool)
        aft = arr(lambda a: self.forest.index(a.forest_type) if a.forest_type else -1, np.int64)
        ft = np.where(quality, self.ftype[c], np.maximum(aft, 0))
        to_lc = arr(lambda a: a.to_landcover, np.int64)
        lc_new = np.where(to_lc > 0, to_lc, self.cohorts.lc[c])
        # the pools a conversion moves towards: the new class's at the cohort's polygons
        bio_new, dead_new, soil_new = self.pools.densities(lc_new, self.cohorts.grade[c],
                                                           self.cohorts.wetland[c])
        return {
            "bio_new": bio_new, "dead_new": dead_new, "soil_new": soil_new,
            "creates": creates, "quality": quality, "ftype": np.maximum(ft, 0),
            "lc_new": lc_new, "uplift": arr(lambda a: a.growth_uplift),
            "counts": arr(lambda a: a.counts_as_forest, bool),
            "cover_after": arr(lambda a: a.cover_after_years),
            "planting_age": arr(lambda a: a.planting_age),
            "trans": arr(lambda a: a.transition_years),
            "soil_gain": arr(lambda a: a.soil_gain_tC_per_ha_yr),
            "soil_years": arr(lambda a: a.soil_gain_years),
            "cost": arr(lambda a: a.cost_cny_per_ha),
            "site": np.where(quality, self.site[c], 1.0),
            "commercial": np.where(quality, self.commercial[c], False),
        }

    @property
    def _fast(self) -> bool:
        """Whether totals can take the numba paths: a volume table and linear tree carbon."""
        return self._vtab is not None and self.forest.linear is not None

    def _start(self, harvest: float, disturbance: float, sel: Any = slice(None)
               ) -> dict[str, np.ndarray]:
        """The base-year state of the cohorts ``sel``, and their yearly loss rate (share of
        standing volume) under ``harvest`` and ``disturbance``."""
        co, pools = self.cohorts, self.pools
        lc = co.lc[sel]
        stand = self.stand[sel]
        ft = np.maximum(self.ftype[sel], 0)
        vmask = self.forest.volume_mask()
        age = self.age0[sel].copy()
        loss = np.where(self.commercial[sel], harvest, 0.0) + np.where(stand, disturbance, 0.0)
        return {"lc": lc, "twp": co.twp[sel], "area": co.area_ha[sel], "land": self.land[sel],
                "forest0": self.forest0[sel], "stand": stand, "site": self.site[sel], "ft": ft,
                "bio": self.bio0[sel], "dead": self.dead0[sel], "soil": self.soil0[sel],
                "eco": np.where(stand, pools.forest_eco, pools.ecosystem[lc]), "vmask": vmask,
                "vol_stand": stand & vmask[ft], "V": self.vol0[sel].copy(), "age": age,
                "cr_now": self._vol(ft, age), "loss": np.clip(loss, 0.0, 1.0)}

    def _fast_inputs(self, b: dict[str, np.ndarray]) -> tuple[np.ndarray, ...]:
        """(whole ages, forest-on-land flags, forest-stand flags, tree-carbon slope, intercept,
        constant flag) for the numba paths."""
        assert self.forest.linear is not None
        c_slope, c_icpt, const = (np.asarray(x) for x in self.forest.linear)
        return (np.round(b["age"]).astype(np.int64), b["forest0"] & b["land"],
                b["forest0"] & b["stand"], c_slope, c_icpt, const)

    def _base_sums(self, harvest: float, disturbance: float) -> tuple[np.ndarray, ...]:
        """Every year's sums over all cohorts left as they are (carbon by ecosystem, forest
        area, stock volume, per township): the same for every scenario with these harvest
        and disturbance rates, so computed once (:func:`_base_years`) and shared — by the
        scenarios of a comparison, by the studio's re-projections, and with the placement of
        a scenario's events, which :meth:`project` lets run meanwhile."""
        key = (float(harvest), float(disturbance))
        try:
            return self._base_job(harvest, disturbance).result()  # type: ignore[no-any-return]
        except BaseException:
            with self._base_lock:  # not kept: a later call tries again
                self._base_jobs.pop(key, None)
            raise

    def _base_job(self, harvest: float, disturbance: float) -> _Job:
        """The computation of :meth:`_base_sums`, started now unless it already was."""
        key = (float(harvest), float(disturbance))
        with self._base_lock:
            job = self._base_jobs.get(key)
            if job is None:
                job = self._base_jobs[key] = _Job(self._compute_base_sums, harvest, disturbance)
        return job

    def _compute_base_sums(self, harvest: float, disturbance: float) -> tuple[np.ndarray, ...]:
        b = self._start(harvest, disturbance)
        age_i, fl, fst, c_slope, c_icpt, const = self._fast_inputs(b)
        ny = self.horizon - self.base_year + 1
        neco, ntw = len(self.pools.ecosystems), max(self.cohorts.n_townships, 1)
        # [year, i] arrays stored year-minor (transposed views): the kernel runs year-inner,
        # so a cohort's years sit side by side in memory (1.4x faster than year-major)
        c_eco = np.zeros((neco, ny)).T
        fa_t, st_t, ca_t = (np.zeros((ntw, ny)).T for _ in range(3))
        fa, st = np.zeros(ny), np.zeros(ny)
        nothing = np.full(len(self.cohorts), -1, dtype=np.int64)  # no cohort's years recorded
        _base_years(ny, b["V"], age_i, b["cr_now"], b["ft"], b["site"], b["loss"], b["stand"],
                    b["vol_stand"], self._vtab, c_slope, c_icpt, const, b["bio"], b["dead"],
                    b["soil"], b["area"], fl, fst, b["eco"], b["twp"], nothing,
                    np.zeros((0, ny)).T, np.zeros((0, ny), dtype=np.int64).T,
                    c_eco, fa_t, st_t, ca_t, fa, st)
        for a in (c_eco, fa_t, st_t, ca_t, fa, st):
            a.flags.writeable = False
        return c_eco, fa_t, st_t, ca_t, fa, st

    def _simulate(self, events: Events, harvest: float, disturbance: float, *,
                  snapshots: set[int] | None = None, final_density: bool = False,
                  base: np.ndarray | None = None, cancel: Cancel = None) -> dict[str, Any]:
        """Step the cohorts (all, or the subset ``base``; event cohorts then index into it) and
        the events yearly from the base year to the horizon. ``final_density``: the events are
        :meth:`benefit` probes, event k on cohort k; only the last year's densities are kept."""
        co = self.cohorts
        sel = slice(None) if base is None else np.asarray(base, dtype=np.int64)
        n = len(co) if base is None else int(sel.size)  # type: ignore[union-attr]
        pools = self.pools
        fm = self.forest
        b = self._start(harvest, disturbance, sel)
        lc, twp, area, land, forest0, stand, site, ft = (
            b[k] for k in ("lc", "twp", "area", "land", "forest0", "stand", "site", "ft"))
        bio_old, dead_old, soil_old, eco_base = b["bio"], b["dead"], b["soil"], b["eco"]
        vmask, vol_stand, loss_b = b["vmask"], b["vol_stand"], b["loss"]
        V, age, cr_now = b["V"], b["age"], b["cr_now"]
        fast = (not final_density) and self._fast

        p = self._event_params(events, base)
        ec = events.cohort
        m = len(events)
        Ve = np.zeros(m)
        agee = np.zeros(m)
        loss_e = np.clip(np.where(p["commercial"], harvest, 0.0) + disturbance, 0.0, 1.0) \
            if m else np.zeros(0)
        growing_e = p["creates"] | p["quality"]
        loss_e = np.where(growing_e, loss_e, 0.0)
        neco = len(pools.ecosystems)
        ntw = max(co.n_townships, 1)
        years = list(range(self.base_year, self.horizon + 1))
        rows = []
        twp_rows = []
        snaps: dict[int, Snapshot] = {}
        prev_c = None
        cum_cost = 0.0
        land_total = float(self.land_area_twp.sum())
        if fast:
            age_i, fl, fst, c_slope, c_icpt, const = self._fast_inputs(b)
        if fast and not snapshots:
            return self._totals_fast(
                events, p, years, b, (age_i, fl, fst, c_slope, c_icpt, const),
                self._base_sums(harvest, disturbance), loss_e, growing_e, land_total, cancel)
        # benefit probes (event k on cohort k) need the last year only: step them ahead
        probes = final_density and self._vtab is not None
        if probes:
            _step_probes(self.base_year, self.horizon, V, age, cr_now, ft, site, loss_b, stand,
                         vol_stand, self._vtab, events.start, growing_e, p["quality"], Ve, agee,
                         p["site"], p["uplift"], p["ftype"], loss_e, p["planting_age"])
        for y in ([self.horizon] if probes else years):
            if cancel is not None and cancel():
                from gis.errors import CancelledError

                raise CancelledError()
            if fast:
                c_eco = np.zeros(neco)
                fa_t, st_t, ca_t = np.zeros(ntw), np.zeros(ntw), np.zeros(ntw)
                forest_area, stock = _base_year(
                    y > self.base_year, V, age_i, cr_now, ft, site, loss_b, stand, vol_stand,
                    self._vtab, c_slope, c_icpt, const, bio_old, dead_old, soil_old, area, fl,
                    fst, eco_base, twp, c_eco, fa_t, st_t, ca_t)
                age = age_i
            if y > self.base_year and not fast and self._vtab is not None and not probes:
                _step_base(V, age, cr_now, ft, site, loss_b, stand, vol_stand, self._vtab)
            elif y > self.base_year and not fast and not probes:
                cr_next = self._vol(ft, age + 1)
                inc = np.where(vol_stand, site * (cr_next - cr_now), 0.0)
                cr_now = cr_next
                V = np.where(vol_stand, (V + inc) * (1.0 - loss_b), V)
                age = np.where(stand, age + 1, age)
            if y > self.base_year and m and self._vtab is not None and not probes:
                # the array expressions below, element-wise in numba (bit-identical)
                _step_events(y, 0, events.start, growing_e, p["quality"], Ve, agee,
                             p["site"], p["uplift"], p["ftype"], self._vtab, loss_e,
                             p["planting_age"], ec, V.reshape(1, -1), age.reshape(1, -1))
            elif y > self.base_year and not probes:
                act = events.start < y
                if act.any():
                    inc_e = p["site"] * (1.0 + p["uplift"]) * (
                        self._vol(p["ftype"], agee + 1) - self._vol(p["ftype"], agee))
                    Ve = np.where(act & growing_e, (Ve + inc_e) * (1.0 - loss_e), Ve)
                    agee = np.where(act, agee + 1, agee)
                new = events.start == y
                if new.any():
                    Ve = np.where(new, np.where(p["quality"], V[ec],
                                                self._vol(p["ftype"], p["planting_age"])), Ve)
                    agee = np.where(new, np.where(p["quality"], age[ec], p["planting_age"]), agee)
            if final_density and y != self.horizon:
                continue  # probes need the densities of the last year only
            # ---- densities this year ----
            want_snap = bool(snapshots) and y in snapshots  # type: ignore[operator]
            if not fast or want_snap or final_density:
                tree_b = np.where(vol_stand, fm.tree_carbon(ft, V), 0.0)
                cb = np.where(vol_stand, tree_b, bio_old) + dead_old + soil_old
            started = events.start <= y
            t = (y - events.start).astype(np.float64)
            tree_e = self._events_tree_carbon(p["ftype"], Ve, growing_e & vmask[p["ftype"]],
                                              p["creates"], bio_old[ec])
            frac = np.where(p["trans"] > 0, np.clip(t / np.maximum(p["trans"], 1e-9), 0.0, 1.0),
                            1.0)
            lc_new = p["lc_new"]
            bo, do, so = bio_old[ec], dead_old[ec], soil_old[ec]
            gain = p["soil_gain"] * np.clip(np.minimum(t, p["soil_years"]), 0.0, None)
            bnew, dnew, snew = p["bio_new"], p["dead_new"], p["soil_new"]
            conv_bio = bo + (bnew - bo) * frac
            conv_dead = do + (dnew - do) * frac
            conv_soil = so + (snew - so) * frac
            ce = np.where(p["creates"], np.maximum(bo, tree_e) + do + so,
                          np.where(p["quality"], tree_e + do + so,
                                   conv_bio + conv_dead + conv_soil)) + gain
            fe = np.where(p["quality"], forest0[ec] if m else np.zeros(0, bool),
                          p["counts"] & (t >= p["cover_after"]))
            ve = np.where(growing_e & fe, Ve, 0.0)
            ecoe = np.where(growing_e, pools.forest_eco, pools.ecosystem[lc_new])
            # ---- areas ----
            ea = np.where(started, events.area_ha, 0.0)
            if final_density:
                continue
            fb = forest0
            wland_e = land[ec] if m else np.zeros(0, bool)
            if fast:
                # the kernel summed whole cohorts: take the treated parts out again
                if m and started.any():
                    uc, inv = np.unique(ec[started], return_inverse=True)
                    tk = np.bincount(inv, weights=ea[started])
                    v_u = V[uc]
                    tc_u = np.where(vol_stand[uc], fm.tree_carbon(ft[uc], v_u), bio_old[uc])
                    cb_u = tc_u + dead_old[uc] + soil_old[uc]
                    fl_u = (fb & land)[uc]
                    vs_u = np.where((fb & stand)[uc], v_u, 0.0)
                    forest_area -= float((tk * fl_u).sum())
                    stock -= float((tk * vs_u).sum())
                    c_eco -= np.bincount(eco_base[uc], weights=tk * cb_u, minlength=neco)
                    tu = twp[uc]
                    fa_t -= np.bincount(tu, weights=tk * fl_u, minlength=ntw)
                    st_t -= np.bincount(tu, weights=tk * vs_u, minlength=ntw)
                    ca_t -= np.bincount(tu, weights=tk * cb_u, minlength=ntw)
                forest_area += float((ea * fe * wland_e).sum())
                stock += float((ea * ve).sum())
            else:
                taken = np.bincount(ec, weights=ea, minlength=n) if m else np.zeros(n)
                ab = area - taken
                vb = np.where(fb & stand, V, 0.0)
                forest_area = float((ab * fb * land).sum() + (ea * fe * wland_e).sum())
                stock = float((ab * vb).sum() + (ea * ve).sum())
                c_eco = np.bincount(eco_base, weights=ab * cb, minlength=neco)  # type: ignore[assignment]
            if m:
                c_eco = c_eco + np.bincount(ecoe, weights=ea * ce, minlength=neco)
            ctot = float(c_eco.sum())
            cost = float((events.area_ha * p["cost"])[events.start == y].sum()) if m else 0.0
            cum_cost += cost
            rows.append(_year_row(y, land_total, forest_area, stock, c_eco, prev_c,
                                  pools.ecosystems, treated=float(ea.sum()), cost=cost,
                                  cum_cost=cum_cost))
            prev_c = ctot
            # ---- townships ----
            tw = twp
            if not fast:
                fa_t = np.bincount(tw, weights=ab * fb * land,  # type: ignore[assignment]
                                   minlength=ntw)
                st_t = np.bincount(tw, weights=ab * vb,  # type: ignore[assignment]
                                   minlength=ntw)
                ca_t = np.bincount(tw, weights=ab * cb,  # type: ignore[assignment]
                                   minlength=ntw)
            if m:
                twe = tw[ec]
                fa_t += np.bincount(twe, weights=ea * fe * wland_e, minlength=ntw)
                st_t += np.bincount(twe, weights=ea * ve, minlength=ntw)
                ca_t += np.bincount(twe, weights=ea * ce, minlength=ntw)
            twp_rows.append((y, fa_t, st_t, ca_t))
            if want_snap:
                vb = np.where(fb & stand, V, 0.0)
                snaps[y] = Snapshot(y, {"carbon": cb, "forest": fb.astype(np.uint8),
                                        "volume": vb, "lc": lc},
                                    {"carbon": ce, "forest": fe.astype(np.uint8), "volume": ve,
                                     "lc": lc_new, "action": events.action}, started)
        out: dict[str, Any] = {"snapshots": snaps}
        if final_density:
            out["event_c_final"] = ce
            out["base_c_final"] = cb[ec]
            return out
        out["yearly"] = pd.DataFrame(rows)
        out["townships"] = self._township_frame(twp_rows)
        return out

    def _totals_fast(self, events: Events, p: dict[str, np.ndarray], years: list[int],
                     b: dict[str, np.ndarray], fast_inputs: tuple[np.ndarray, ...],
                     sums: tuple[np.ndarray, ...], loss_e: np.ndarray, growing_e: np.ndarray,
                     land_total: float, cancel: Cancel) -> dict[str, Any]:
        """Yearly totals without snapshots (the benchmark's and the CLI's common case): the
        same arithmetic as the year loop of :meth:`_simulate`'s fast path, reorganised so the
        untreated cohorts are stepped through every year in one kernel call (``sums``, from
        :meth:`_base_sums`: cohort-outer, year-inner; each year's sums still run in cohort
        order, so they are bit-identical) and the per-event element-wise work runs in numba.
        The cohorts that carry events are stepped once more, recording their yearly volume and
        age (``Vh``/``ageh``) for the event step and the take-out."""
        co = self.cohorts
        pools = self.pools
        fm = self.forest
        vtab = self._vtab
        assert vtab is not None
        neco = len(pools.ecosystems)
        ntw = max(co.n_townships, 1)
        ny = len(years)
        ec = events.cohort
        m = len(events)
        if cancel is not None and cancel():
            from gis.errors import CancelledError

            raise CancelledError()
        bio_old, dead_old, soil_old, eco_base = b["bio"], b["dead"], b["soil"], b["eco"]
        ft, twp, land, forest0, vmask = b["ft"], b["twp"], b["land"], b["forest0"], b["vmask"]
        vol_stand, stand = b["vol_stand"], b["stand"]
        age_i, fl, fst, c_slope, c_icpt, const = fast_inputs
        C_eco, FA_t, ST_t, CA_t, FA, ST = sums
        # cohorts that carry events: their state is recorded every year
        uc_all, inv_all = np.unique(ec, return_inverse=True)
        inv_all = inv_all.astype(np.int64).reshape(-1)
        u = uc_all
        Vh = np.zeros((u.size, ny)).T
        ageh = np.zeros((u.size, ny), dtype=np.int64).T
        # the subset's own sums are not needed (the base sums hold every cohort)
        s_eco, s_fa, s_st, s_ca = (np.zeros((k, ny)).T for k in (neco, ntw, ntw, ntw))
        _base_years(ny, b["V"][u], age_i[u], b["cr_now"][u], ft[u], b["site"][u], b["loss"][u],
                    stand[u], vol_stand[u], vtab, c_slope, c_icpt, const, bio_old[u],
                    dead_old[u], soil_old[u], b["area"][u], fl[u], fst[u], eco_base[u], twp[u],
                    np.arange(u.size, dtype=np.int64), Vh, ageh, s_eco, s_fa, s_st, s_ca,
                    np.zeros(ny), np.zeros(ny))
        # per-event constants
        Ve = np.zeros(m)
        agee = np.zeros(m)
        fte = p["ftype"]
        lc_new = p["lc_new"]
        bo, do, so = bio_old[ec], dead_old[ec], soil_old[ec]
        bnew, dnew, snew = p["bio_new"], p["dead_new"], p["soil_new"]
        forest0_e = forest0[ec] if m else np.zeros(0, bool)
        wland_e = land[ec] if m else np.zeros(0, bool)
        grow_vm = growing_e & vmask[fte]
        ecoe = np.where(growing_e, pools.forest_eco, pools.ecosystem[lc_new])
        twe = twp[ec]
        cost_e = events.area_ha * p["cost"] if m else np.zeros(0)
        area_e = np.asarray(events.area_ha, dtype=np.float64)
        start = np.asarray(events.start, dtype=np.int64)
        pf = {k: np.asarray(p[k]) for k in ("creates", "quality", "counts", "cover_after",
                                             "trans", "soil_gain", "soil_years", "site",
                                             "uplift", "planting_age")}
        ce, fa_e, st_e, wce, ea = (np.zeros(m) for _ in range(5))
        fl_u_all = (forest0 & land)[uc_all]
        fst_u_all = (forest0 & stand)[uc_all]
        vs_u_all, ft_u_all, bio_u_all = vol_stand[uc_all], ft[uc_all], bio_old[uc_all]
        dead_u_all, soil_u_all = dead_old[uc_all], soil_old[uc_all]
        eco_u_all, tw_u_all = eco_base[uc_all], twp[uc_all]
        nu = uc_all.size
        tk_all = np.zeros(nu)
        cnt = np.zeros(nu, dtype=np.int64)
        sel_idx = np.zeros(nu, dtype=np.int64)
        x1, x2, x3 = np.zeros(nu), np.zeros(nu), np.zeros(nu)
        sub_eco, add_eco = np.zeros(neco), np.zeros(neco)
        sub_t = np.zeros((3, ntw))
        add_t = np.zeros((3, ntw))
        rows = []
        twp_rows = []
        prev_c = None
        cum_cost = 0.0
        for yi, y in enumerate(years):
            if cancel is not None and cancel():
                from gis.errors import CancelledError

                raise CancelledError()
            forest_area = float(FA[yi])
            stock = float(ST[yi])
            c_eco = C_eco[yi].copy()
            fa_t, st_t, ca_t = FA_t[yi].copy(), ST_t[yi].copy(), CA_t[yi].copy()
            if m and y > self.base_year:
                _step_events(y, yi, start, growing_e, pf["quality"], Ve, agee, pf["site"],
                             pf["uplift"], fte, vtab, loss_e, pf["planting_age"], inv_all, Vh,
                             ageh)
            if m:
                tree_e = self._events_tree_carbon(fte, Ve, grow_vm, pf["creates"], bo)
                _event_densities(y, start, pf["creates"], pf["quality"], growing_e, tree_e,
                                 bo, do, so, pf["trans"], bnew, dnew, snew, pf["soil_gain"],
                                 pf["soil_years"], forest0_e, pf["counts"], pf["cover_after"],
                                 Ve, area_e, wland_e, ce, fa_e, st_e, wce, ea, ecoe, twe,
                                 add_eco, add_t)
                nsel = _started_cohorts(y, start, inv_all, ea, tk_all, cnt, sel_idx)
                if nsel:
                    # the kernel summed whole cohorts: take the treated parts out again
                    # (sums in the order of np.unique/np.bincount, as in _simulate)
                    idx = sel_idx[:nsel]
                    v_u = Vh[yi][idx]
                    tc_u = np.where(vs_u_all[idx], fm.tree_carbon(ft_u_all[idx], v_u),
                                    bio_u_all[idx])
                    _take_out(idx, tk_all, v_u, tc_u, dead_u_all, soil_u_all, fl_u_all,
                              fst_u_all, eco_u_all, tw_u_all, x1, x2, x3, sub_eco, sub_t)
                    forest_area -= float(x1[:nsel].sum())
                    stock -= float(x2[:nsel].sum())
                    c_eco -= sub_eco
                    fa_t -= sub_t[0]
                    st_t -= sub_t[1]
                    ca_t -= sub_t[2]
                forest_area += float(fa_e.sum())
                stock += float(st_e.sum())
                c_eco = c_eco + add_eco
            ctot = float(c_eco.sum())
            cost = float(cost_e[start == y].sum()) if m else 0.0
            cum_cost += cost
            rows.append(_year_row(y, land_total, forest_area, stock, c_eco, prev_c,
                                  pools.ecosystems, treated=float(ea.sum()) if m else 0.0, cost=cost,
                                  cum_cost=cum_cost))
            prev_c = ctot
            if m:
                fa_t += add_t[0]
                st_t += add_t[1]
                ca_t += add_t[2]
            twp_rows.append((y, fa_t, st_t, ca_t))
        return {"snapshots": {}, "yearly": pd.DataFrame(rows),
                "townships": self._township_frame(twp_rows)}

    def _events_tree_carbon(self, fte: np.ndarray, ve: np.ndarray, grows: np.ndarray,
                            planted: np.ndarray, other: np.ndarray) -> np.ndarray:
        """Tree carbon of the events' stands where ``grows`` (by the planted-stand function where
        ``planted``), else ``other``. Each function runs only where it applies: elementwise,
        so the values of evaluating both everywhere and choosing, at half the cost."""
        out = other.copy()
        for fn, where in ((self.forest.planted_carbon, grows & planted),
                          (self.forest.tree_carbon, grows & ~planted)):
            i = np.flatnonzero(where)
            out[i] = fn(fte[i], ve[i])
        return out

    def _township_frame(self, twp_rows: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]]
                        ) -> pd.DataFrame:
        """One row per year and township with land or forest (township 0: outside all)."""
        co = self.cohorts
        land = self.land_area_twp
        fa, st, ca = (np.array([r[i] for r in twp_rows]).reshape(len(twp_rows), len(land))
                      for i in (1, 2, 3))
        yi, ti = np.nonzero(~((land <= 0) & (fa <= 0)))
        if not yi.size:
            return pd.DataFrame([])
        codes = np.array([""] + list(co.township_codes[1:len(land)]), dtype=object)
        names = np.array([""] + list(co.township_names[1:len(land)]), dtype=object)
        with np.errstate(divide="ignore", invalid="ignore"):
            cover = np.where(land != 0, 100.0 * fa / land, np.nan)
        return pd.DataFrame({
            "year": np.array([r[0] for r in twp_rows], dtype=np.int64)[yi],
            "township": codes[ti], "name": names[ti], "land_area_ha": land[ti],
            "forest_area_ha": fa[yi, ti], "forest_cover_pct": cover[yi, ti],
            "stock_volume_m3": st[yi, ti], "carbon_stock_tC": ca[yi, ti]})

    # ---- maps --------------------------------------------------------------------------------
    def write_maps(self, projection: Projection, years: Iterable[int], folder: str | Path, *,
                   threads: int = 2, progress: Progress = None, cancel: Cancel = None
                   ) -> dict[int, dict[str, Path]]:
        """GeoTIFFs of the projected state in each year: ``forest_<y>.tif`` (1 = forest by the
        national definition), ``volume_m3_ha_<y>.tif`` (stock volume of forest),
        ``carbon_tC_ha_<y>.tif``, ``landcover_<y>.tif``, ``action_<y>.tif`` (1-based index of the
        action taken by then, in actions.csv order; 0 = none)."""
        folder = Path(folder)
        years = sorted(set(int(y) for y in years))
        missing = [y for y in years if y not in projection.snapshots]
        if missing:
            raise InputError("plan_map_year", year=missing[0], first=self.base_year,
                             last=self.horizon)
        spec = {"forest": (np.uint8, 255, ""), "volume_m3_ha": (np.float32, -1.0, "m3/ha"),
                "carbon_tC_ha": (np.float32, -1.0, "t C/ha"), "landcover": (np.uint8, 0, ""),
                "action": (np.uint8, 255, "")}
        outputs = {}
        units = {}
        paths: dict[int, dict[str, Path]] = {}
        for y in years:
            paths[y] = {}
            for name, (dt, nod, unit) in spec.items():
                p = folder / f"{name}_{y}.tif"
                outputs[f"{name}_{y}"] = (p, dt, nod)
                units[f"{name}_{y}"] = unit
                paths[y][name] = p
        snaps = projection.snapshots

        def fn(cidx: np.ndarray, ev: np.ndarray, win: Any) -> dict[str, np.ndarray]:
            valid = cidx >= 0
            c = np.maximum(cidx, 0)
            out = {}
            for y in years:
                s = snaps[y]
                e = np.maximum(ev, 0)
                use_e = (ev >= 0) & (s.started[e] if len(s.started) else False)
                for name, key, nod in (("forest", "forest", 255), ("volume_m3_ha", "volume", -1.0),
                                       ("carbon_tC_ha", "carbon", -1.0), ("landcover", "lc", 0)):
                    bv = s.base[key][c]
                    evv = s.event[key][e] if len(s.started) else bv
                    out[f"{name}_{y}"] = np.where(valid, np.where(use_e, evv, bv), nod)
                act = (s.event["action"][e] + 1) if len(s.started) else np.zeros_like(c)
                out[f"action_{y}"] = np.where(valid, np.where(use_e, act, 0), 255)
            return out

        pixel_pass(self.cohorts, projection.events.index(len(self.cohorts)), fn, outputs,
                   units=units, threads=threads, progress=progress, cancel=cancel)
        return paths


def _year_row(year: int, land_total: float, forest_area: float, stock: float,
              c_eco: np.ndarray, prev_c: float | None, ecosystems: Sequence[str], *,
              treated: float, cost: float, cum_cost: float) -> dict[str, float]:
    """One row of the yearly projection table (both the map path and the totals-only path
    write it here, so their columns cannot drift apart). Sink: positive = removal."""
    ctot = float(c_eco.sum())
    row = {"year": year, "land_area_ha": land_total, "forest_area_ha": forest_area,
           "forest_cover_pct": 100.0 * forest_area / land_total if land_total else np.nan,
           "stock_volume_m3": stock, "carbon_stock_tC": ctot,
           "sink_tCO2e_per_yr": np.nan if prev_c is None else (ctot - prev_c) * CO2_PER_C}
    for i, e in enumerate(ecosystems):
        row[f"carbon_{e}_tC"] = float(c_eco[i])
    row["treated_area_ha"] = treated
    row["cost_cny"] = cost
    row["cumulative_cost_cny"] = cum_cost
    return row


@numba.njit(nogil=True, cache=True)
def _base_year(step, V, age, cr_now, ft, site, loss, stand, vol_stand, vtab,   # type: ignore[no-untyped-def] # noqa: ANN001
               c_slope, c_icpt, const, bio, dead, soil, area, fl, fst, eco, twp,
               c_eco, fa_t, st_t, ca_t):  # pragma: no cover - jit
    """One year of the untreated cohorts, fused: grow (when ``step``), then add each cohort's
    whole area x carbon / forest area / stock to the accumulators. Returns (forest area,
    stock volume)."""
    forest_area = 0.0
    stock = 0.0
    top = vtab.shape[1] - 1
    for k in range(V.shape[0]):
        t = ft[k]
        if step and stand[k]:
            if vol_stand[k]:
                a = min(age[k] + 1, top)
                cn = vtab[t, a]
                V[k] = (V[k] + site[k] * (cn - cr_now[k])) * (1.0 - loss[k])
                cr_now[k] = cn
            age[k] += 1
        if vol_stand[k]:
            v = V[k]
            c = c_slope[t] * v
            if v > 0.0 or const[t]:
                c += c_icpt[t]
            cb = c + dead[k] + soil[k]
        else:
            cb = bio[k] + dead[k] + soil[k]
        w = area[k]
        c_eco[eco[k]] += w * cb
        ca_t[twp[k]] += w * cb
        if fl[k]:
            forest_area += w
            fa_t[twp[k]] += w
        if fst[k]:
            sv = w * V[k]
            stock += sv
            st_t[twp[k]] += sv
    return forest_area, stock


@numba.njit(nogil=True, cache=True)
def _base_years(  # type: ignore[no-untyped-def]  # noqa: ANN001
        ny, V, age, cr_now, ft, site, loss, stand, vol_stand, vtab,
                c_slope, c_icpt, const, bio, dead, soil, area, fl, fst, eco, twp, hslot, Vh,
                ageh, c_eco, fa_t, st_t, ca_t, forest_area, stock):  # pragma: no cover - jit
    """:func:`_base_year` for all ``ny`` years at once, cohort-outer: year ``yi`` adds to row
    ``yi`` of the accumulators, in cohort order as the per-year kernel does. Cohorts with
    ``hslot >= 0`` record their volume and age of every year in ``Vh``/``ageh``.

    What does not change from year to year is not recomputed: untreated cohorts keep their
    forest flag and area, so the forest-area sums are the same sequence of additions every
    year (summed once, copied), and a cohort whose carbon does not follow its volume adds the
    same carbon and stock every year. Per-cohort values are read into locals before the year
    loop (the compiler does not hoist them past the accumulator stores). Together about 1.5x
    faster than stepping every cohort through every sum."""
    top = vtab.shape[1] - 1
    fa = 0.0
    for k in range(V.shape[0]):
        if fl[k]:
            fa += area[k]
            fa_t[0, twp[k]] += area[k]
    forest_area[:] = fa
    for yi in range(1, ny):
        fa_t[yi, :] = fa_t[0, :]
    for k in range(V.shape[0]):
        w = area[k]
        e = eco[k]
        tw = twp[k]
        hs = hslot[k]
        f = fst[k]
        v = V[k]
        a = age[k]
        if vol_stand[k]:
            t = ft[k]
            cr, rate, keep = cr_now[k], site[k], 1.0 - loss[k]
            d, so = dead[k], soil[k]
            slope, icpt, constant = c_slope[t], c_icpt[t], const[t]
            for yi in range(ny):
                if yi > 0:
                    cn = vtab[t, min(a + 1, top)]
                    v = (v + rate * (cn - cr)) * keep
                    cr = cn
                    a += 1
                c = slope * v
                if v > 0.0 or constant:
                    c += icpt
                wcb = w * (c + d + so)
                c_eco[yi, e] += wcb
                ca_t[yi, tw] += wcb
                if f:
                    sv = w * v
                    stock[yi] += sv
                    st_t[yi, tw] += sv
                if hs >= 0:
                    Vh[yi, hs] = v
                    ageh[yi, hs] = a
        else:
            wcb = w * (bio[k] + dead[k] + soil[k])
            sv = w * v
            st = stand[k]
            for yi in range(ny):
                if yi > 0 and st:
                    a += 1
                c_eco[yi, e] += wcb
                ca_t[yi, tw] += wcb
                if f:
                    stock[yi] += sv
                    st_t[yi, tw] += sv
                if hs >= 0:
                    Vh[yi, hs] = v
                    ageh[yi, hs] = a


@numba.njit(nogil=True, cache=True)
def _step_base(  # type: ignore[no-untyped-def]  # noqa: ANN001
        V, age, cr_now, ft, site, loss, stand, vol_stand, vtab):
    """One year of growth of the cohorts, in place: element-wise the same arithmetic as the
    array expressions of :meth:`Planner._simulate`'s general path."""  # pragma: no cover - jit
    top = vtab.shape[1] - 1
    for k in range(V.shape[0]):
        a1 = min(max(age[k] + 1, 0), top)
        cn = vtab[ft[k], np.int64(a1)]
        if vol_stand[k]:
            V[k] = (V[k] + site[k] * (cn - cr_now[k])) * (1.0 - loss[k])
        cr_now[k] = cn
        if stand[k]:
            age[k] = age[k] + 1


@numba.njit(nogil=True, cache=True)
def _step_events(  # type: ignore[no-untyped-def]  # noqa: ANN001
        y, yi, start, growing, quality, Ve, agee, site, uplift,
                 fte, vtab, loss, planting_age, hidx, Vh, ageh):  # pragma: no cover - jit
    """One year (``y`` > base year) of the events' stands: element-wise the same arithmetic
    as the array expressions of :meth:`Planner._simulate` (curve lookups as ``_vol``)."""
    top = vtab.shape[1] - 1
    for e in range(start.shape[0]):
        s = start[e]
        if s < y:
            if growing[e]:
                a0 = min(max(agee[e], 0.0), float(top))
                a1 = min(max(agee[e] + 1.0, 0.0), float(top))
                t = fte[e]
                inc = site[e] * (1.0 + uplift[e]) * (vtab[t, np.int64(a1)] - vtab[t, np.int64(a0)])
                Ve[e] = (Ve[e] + inc) * (1.0 - loss[e])
            agee[e] = agee[e] + 1.0
        elif s == y:
            if quality[e]:
                Ve[e] = Vh[yi, hidx[e]]
                agee[e] = float(ageh[yi, hidx[e]])
            else:
                pa = min(max(planting_age[e], 0.0), float(top))
                Ve[e] = vtab[fte[e], np.int64(pa)]
                agee[e] = planting_age[e]


@numba.njit(nogil=True, cache=True)
def _step_probes(  # type: ignore[no-untyped-def]  # noqa: ANN001
        y0, y1, V, age, cr_now, ft, site, loss, stand, vol_stand, vtab, start, growing,
        quality, Ve, agee, site_e, uplift, fte, loss_e, planting_age):  # pragma: no cover - jit
    """Years ``y0 + 1 .. y1`` of benefit probes (event k on cohort k, nothing else), in place:
    :func:`_step_base` then :func:`_step_events` each year, element-wise the same arithmetic,
    but a probe reads only its own cohort, so each pair runs through all years in registers
    (3x faster than stepping all of them year by year). Ages are whole numbers wherever the
    volume table exists, so they step as integers (the same table indices)."""
    top = vtab.shape[1] - 1
    for k in range(V.shape[0]):
        # every per-cohort value in a local: the compiler does not hoist array reads out of
        # the year loop itself (2x slower)
        v, a, cr, t, rate = V[k], np.int64(age[k]), cr_now[k], ft[k], site[k]
        ve, ae, s, te = Ve[k], np.int64(agee[k]), start[k], fte[k]
        keep, keep_e = 1.0 - loss[k], 1.0 - loss_e[k]
        rate_e = site_e[k] * (1.0 + uplift[k])
        vs, st, grows, qual = vol_stand[k], stand[k], growing[k], quality[k]
        pa = np.int64(planting_age[k])
        for y in range(y0 + 1, y1 + 1):
            cn = vtab[t, min(max(a + 1, 0), top)]
            if vs:
                v = (v + rate * (cn - cr)) * keep
            cr = cn
            if st:
                a += 1
            if s < y:
                if grows:
                    inc = vtab[te, min(max(ae + 1, 0), top)] - vtab[te, min(max(ae, 0), top)]
                    ve = (ve + rate_e * inc) * keep_e
                ae += 1
            elif s == y:
                if qual:
                    ve, ae = v, a
                else:
                    ve, ae = vtab[te, min(max(pa, 0), top)], pa
        V[k], age[k], cr_now[k], Ve[k], agee[k] = v, float(a), cr, ve, float(ae)


@numba.njit(nogil=True, cache=True)
def _event_densities(  # type: ignore[no-untyped-def]  # noqa: ANN001
        y, start, creates, quality, growing, tree_e, bo, do, so,
                     trans, bnew, dnew, snew, soil_gain, soil_years, forest0_e, counts,
                     cover_after, Ve, area_e, wland_e, ce, fa_e, st_e, wce,
                     ea, ecoe, twe, add_eco, add_t):  # pragma: no cover - jit
    """Per event in year ``y``: carbon density ``ce`` and the area-weighted forest area,
    stock and carbon it adds (zero before it starts); element-wise as in ``_simulate``.
    ``add_eco``/``add_t`` get the sums by ecosystem / by township (rows: forest area, stock,
    carbon), added in event order like ``np.bincount``."""
    add_eco[:] = 0.0
    add_t[:, :] = 0.0
    for e in range(start.shape[0]):
        t = float(y - start[e])
        tr = trans[e]
        if tr > 0:
            frac = t / max(tr, 1e-9)
            frac = min(max(frac, 0.0), 1.0)
        else:
            frac = 1.0
        b0, d0, s0 = bo[e], do[e], so[e]
        gain = soil_gain[e] * max(min(t, soil_years[e]), 0.0)
        te = tree_e[e]
        if creates[e]:
            c = (max(b0, te) + d0) + s0
        elif quality[e]:
            c = (te + d0) + s0
        else:
            c = ((b0 + (bnew[e] - b0) * frac) + (d0 + (dnew[e] - d0) * frac)) + \
                (s0 + (snew[e] - s0) * frac)
        c = c + gain
        ce[e] = c
        if quality[e]:
            f = forest0_e[e]
        else:
            f = counts[e] and (t >= cover_after[e])
        a = area_e[e] if start[e] <= y else 0.0
        ea[e] = a
        fa_e[e] = a * (1.0 if f else 0.0) * (1.0 if wland_e[e] else 0.0)
        st_e[e] = a * (Ve[e] if (growing[e] and f) else 0.0)
        wce[e] = a * c
        add_eco[ecoe[e]] += wce[e]
        tw = twe[e]
        add_t[0, tw] += fa_e[e]
        add_t[1, tw] += st_e[e]
        add_t[2, tw] += wce[e]


@numba.njit(nogil=True, cache=True)
def _started_cohorts(  # type: ignore[no-untyped-def]  # noqa: ANN001
        y, start, inv, ea, tk, cnt, sel_idx):  # pragma: no cover
    """Per event cohort (``inv``: event → index into the sorted event cohorts): treated area
    of the events started by ``y`` (summed in event order, as np.bincount); ``sel_idx[:n]``
    the cohorts with at least one started event, in order. Returns n."""
    tk[:] = 0.0
    cnt[:] = 0
    for e in range(start.shape[0]):
        if start[e] <= y:
            tk[inv[e]] += ea[e]
            cnt[inv[e]] += 1
    n = 0
    for u in range(tk.shape[0]):
        if cnt[u] > 0:
            sel_idx[n] = u
            n += 1
    return n


@numba.njit(nogil=True, cache=True)
def _take_out(  # type: ignore[no-untyped-def]  # noqa: ANN001
        idx, tk_all, v_u, tc_u, dead, soil, fl, fst, eco, tw,
              x1, x2, x3, sub_eco, sub_t):  # pragma: no cover - jit
    """The treated parts of the cohorts ``idx``: area x forest flag / stock / carbon into
    ``x1``-``x3`` (for numpy's sums) and summed by ecosystem and township like np.bincount."""
    sub_eco[:] = 0.0
    sub_t[:, :] = 0.0
    for i in range(idx.shape[0]):
        u = idx[i]
        tk = tk_all[u]
        cb = tc_u[i] + dead[u] + soil[u]
        a = tk * (1.0 if fl[u] else 0.0)
        b = tk * (v_u[i] if fst[u] else 0.0)
        c = tk * cb
        x1[i] = a
        x2[i] = b
        x3[i] = c
        sub_eco[eco[u]] += c
        sub_t[0, tw[u]] += a
        sub_t[1, tw[u]] += b
        sub_t[2, tw[u]] += c


def _best_first(benefit: np.ndarray) -> np.ndarray:
    """Positions by benefit, highest first, ties (and NaN, last) in position order: the
    order of ``np.lexsort((positions, -benefit))``, from a quicksort (~6x faster on 10^5
    cohorts) whose runs of equal benefit (cohorts that differ only in zone) are then put back
    in position order."""
    key = -benefit
    order = np.argsort(key)
    k = key[order]
    same = (k[1:] == k[:-1]) | (np.isnan(k[1:]) & np.isnan(k[:-1]))
    if same.any():
        tied = np.flatnonzero(np.concatenate(([False], same)) | np.concatenate((same, [False])))
        run = np.concatenate(([0], np.cumsum(~same)))[tied]
        # one integer sort by (run, position)
        order[tied] = np.sort(run * key.size + order[tied]) % key.size
    return order


def _take(order: np.ndarray, free: np.ndarray, mpa: np.ndarray, area: float
          ) -> tuple[np.ndarray, np.ndarray]:
    """Take whole pixels from cohorts in ``order`` until ``area`` (ha) is reached (to the
    nearest pixel); updates ``free`` in place. Returns (cohorts, pixels)."""
    if area <= 0 or order.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return _take_kernel(np.asarray(order, dtype=np.int64), free, mpa, float(area))  # type: ignore[no-any-return]


@numba.njit(nogil=True, cache=True)
def _take_kernel(order, free, mpa, area):  # type: ignore[no-untyped-def]  # noqa: ANN001
    """:func:`_take`'s scan, stopping where the area is reached: the running sum is the one
    ``np.cumsum(free[order] * mpa[order])`` would give (same additions, same order), without
    touching the rest of a long order every year."""  # pragma: no cover - jit
    cohorts = np.empty(order.shape[0], dtype=np.int64)
    pixels = np.empty(order.shape[0], dtype=np.int64)
    n = 0
    cum = 0.0
    k = 0
    while k < order.shape[0]:
        c = order[k]
        nxt = cum + free[c] * mpa[c]
        if nxt >= area:
            break
        cum = nxt
        if free[c] > 0:
            cohorts[n] = c
            pixels[n] = free[c]
            n += 1
        k += 1
    rest = area - cum
    if k < order.shape[0] and rest > 0:
        c = order[k]
        px = np.int64(min(free[c], np.floor(rest / mpa[c] + 0.5)))
        if px > 0:
            cohorts[n] = c
            pixels[n] = px
            n += 1
    for i in range(n):
        free[cohorts[i]] -= pixels[i]
    return cohorts[:n].copy(), pixels[:n].copy()
