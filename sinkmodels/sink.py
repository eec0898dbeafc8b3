"""Stock and annual sink of a whole project, per pixel, by ecosystem, by township and in total.

The stock of a pixel (t C/ha) at an epoch comes from the most specific model that applies:

1. **forest** land-cover class inside a forest compartment (小班) whose forest type is known:
   tree carbon from stock volume (:mod:`sinkmodels.forest`, the type's method) + the class's
   soil, dead-wood and litter pools; the alternate epoch's volume is the baseline volume plus the
   Chapman–Richards increment from the stand age to age + Δt (:mod:`sinkmodels.growth`);
2. **grassland** class inside a grassland polygon with a degradation grade: biomass + SOC by
   grade (:mod:`sinkmodels.grassland`);
3. **wetland / mangrove** class: biomass + soil of its blue-carbon type
   (:mod:`sinkmodels.bluecarbon`) — the class's own type when its legend name is one (salt
   marsh, mangrove ...), else the mangrove / wetland polygon's type (generic wetland classes);
4. otherwise the class's pools (InVEST table).

Annual sink, reported in t C/yr and t CO₂e/yr, **positive = removal** from the atmosphere:

* **stock-difference** (IPCC Eq. 2.5): (C_alt − C_bas) / (t_alt − t_bas), with the from→to
  transition matrix (area and carbon change per pair of classes);
* **gain–loss** (IPCC Eq. 2.4): gains = forest growth (Chapman–Richards volume increment ×
  dB/dV × CF) on land staying forest, soil accumulation on wetland / mangrove staying so, stock
  gains on converted land; losses = stock losses on converted land (biomass at once; soil spread
  over the grassland table's transition period, IPCC's 20 years; a converted blue-carbon class
  loses the table's high-impact share released with its half-lives, as InVEST Coastal Blue
  Carbon).

Groups: ecosystems from the legend's ``ecosystem`` column (forest, grassland, wetland,
mangrove; everything else, cropland included, is "other"); baseline stocks are grouped by the
baseline class, alternate stocks, change and sink by the alternate class (IPCC reports land
converted *to* a category under that category). Townships from a township feature-id raster.
See docs/decisions/0002-annual-sink.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from numba import njit

from sinkmodels.bluecarbon import emission_between
from sinkmodels.forest import biomass_per_volume, tree_biomass
from sinkmodels.growth import volume_at
from sinkmodels.pools import class_of

CO2_PER_C = 44.0 / 12.0
ECOSYSTEMS = ("forest", "grassland", "wetland", "mangrove", "other")
ECO_FOREST, ECO_GRASS, ECO_WETLAND, ECO_MANGROVE, ECO_OTHER = range(5)

# accumulator layout ------------------------------------------------------------------------
S_MISSING_BAS, S_MISSING_ALT, S_NODATA_BAS, S_NODATA_ALT = 0, 1, 2, 3
S_PX_FOREST_MODEL, S_PX_GRASS_MODEL, S_PX_BLUE_MODEL, S_PX_POOLS = 4, 5, 6, 7
N_S = 8
F_AREA_BAS, F_STOCK_BAS, F_AREA_ALT, F_STOCK_ALT, F_CHANGE, F_GAIN, F_LOSS, F_AREA_BOTH = range(8)
N_F = 8
GROUP_FIELDS = ("area_bas_ha", "stock_bas_tC", "area_alt_ha", "stock_alt_tC", "change_tC",
                "gain_tC_per_yr", "loss_tC_per_yr", "area_both_ha")
MAX_TRANSITION_CLASSES = 40

KIND_POOLS, KIND_FOREST, KIND_GRASS, KIND_BLUE = 0, 1, 2, 3


def ecosystem_index(name: Any) -> int:
    s = str(name).strip().lower()
    return ECOSYSTEMS.index(s) if s in ECOSYSTEMS else ECO_OTHER


@dataclass
class ProjectModel:
    """Every lookup array the project kernel needs (built from the tables by carbon.py)."""

    # classes (dense index = row of the pool table)
    codes: np.ndarray
    lo: int
    cls_index: np.ndarray
    cls_eco: np.ndarray
    cls_bio: np.ndarray  # above + below + dead + litter, t C/ha
    cls_soil: np.ndarray  # t C/ha
    cls_dom: np.ndarray  # dead + litter (kept under compartments), t C/ha
    cls_blue: np.ndarray  # blue-carbon row of the class, −1 none
    # compartments by feature id (0 = none)
    comp_ft: np.ndarray
    comp_age: np.ndarray
    comp_vol: np.ndarray  # NaN: from the growth curve at the age
    # forest types
    f_method: np.ndarray
    f_a: np.ndarray
    f_b: np.ndarray
    f_d: np.ndarray
    f_bef: np.ndarray
    f_r: np.ndarray
    f_cf: np.ndarray
    g_A: np.ndarray
    g_B: np.ndarray
    g_K: np.ndarray
    g_m: np.ndarray
    g_mai: np.ndarray
    g_has: np.ndarray
    # townships by feature id → dense index (0 = outside every township)
    town_idx: np.ndarray
    town_codes: list[str]
    town_names: list[str]
    # grassland by feature id → grade row
    grass_grade: np.ndarray
    gr_bio: np.ndarray
    gr_soc: np.ndarray
    soil_transition_years: float
    # wetlands / mangroves by feature id → blue row
    wet_type: np.ndarray
    mang_type: np.ndarray
    b_bio: np.ndarray
    b_soil: np.ndarray
    b_accum: np.ndarray
    b_loss: np.ndarray  # high-impact share
    b_hl_bio: np.ndarray
    b_hl_soil: np.ndarray
    forest_types: tuple[str, ...] = ()
    blue_types: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    @property
    def n(self) -> int:
        return len(self.codes)

    @property
    def n_towns(self) -> int:
        return len(self.town_codes)

    @property
    def transitions(self) -> bool:
        return self.n <= MAX_TRANSITION_CLASSES

    def acc_size(self) -> int:
        size = N_S + (len(ECOSYSTEMS) + self.n_towns) * N_F
        if self.transitions:
            size += 2 * self.n * self.n
        return size

    def params(self, nd_bas: tuple[bool, float], nd_alt: tuple[bool, float], dt: float,
               has_alt: bool, use_age_raster: bool, nd_stock: float,
               nd_signed: float) -> tuple[Any, ...]:
        return (np.int64(self.lo), self.cls_index, self.cls_eco, self.cls_bio, self.cls_soil,
                self.cls_dom, self.cls_blue, nd_bas[0], nd_bas[1], nd_alt[0], nd_alt[1],
                self.comp_ft, self.comp_age, self.comp_vol, self.f_method, self.f_a, self.f_b,
                self.f_d, self.f_bef, self.f_r, self.f_cf, self.g_A, self.g_B, self.g_K,
                self.g_m, self.g_mai, self.g_has, use_age_raster, self.town_idx,
                self.grass_grade, self.gr_bio, self.gr_soc, float(self.soil_transition_years),
                self.wet_type, self.mang_type, self.b_bio, self.b_soil, self.b_accum,
                self.b_loss, self.b_hl_bio, self.b_hl_soil, float(dt), has_alt,
                np.int64(self.n), np.int64(self.n_towns), self.transitions, nd_stock,
                nd_signed)


@njit(nogil=True, cache=True)
def _fid(arr, v):  # type: ignore[no-untyped-def]
    """Row of a by-feature-id array, or 0 (none) for ids outside it."""
    k = np.int64(v)
    if k <= 0 or k >= arr.shape[0]:
        return 0
    return k


@njit(nogil=True, cache=True)
def _blue_type(i, fw, fm, cls_eco, cls_blue, wet_type, mang_type):  # type: ignore[no-untyped-def]
    """Blue-carbon row of a wetland / mangrove pixel: the class's own type when its legend name
    is a blue-carbon type (a pixel restored to mangrove inside a 2020 tidal-flat polygon is
    mangrove), else the mangrove polygon, else the wetland polygon's type; −1 for none."""
    e = cls_eco[i]
    if e != 2 and e != 3:
        return -1
    if cls_blue[i] >= 0:
        return cls_blue[i]
    if e == 3 and mang_type[fm] >= 0:
        return mang_type[fm]
    return wet_type[fw]


@njit(nogil=True, cache=True)
def project_kernel(  # type: ignore[no-untyped-def]
                   lc_bas, lc_alt, comp, town, grass, wet, mang, age_r,  # inputs
                   o_stock_bas, o_stock_alt, o_change, o_sink_sd, o_sink_gl,  # outputs
                   area, acc,
                   lo, cls_index, cls_eco, cls_bio, cls_soil, cls_dom, cls_blue,
                   has_nd_bas, nd_bas, has_nd_alt, nd_alt,
                   comp_ft, comp_age, comp_vol, f_method, f_a, f_b, f_d, f_bef, f_r, f_cf,
                   g_A, g_B, g_K, g_m, g_mai, g_has, use_age_raster, town_idx,
                   grass_grade, gr_bio, gr_soc, soil_T,
                   wet_type, mang_type, b_bio, b_soil, b_accum, b_loss, b_hl_bio, b_hl_soil,
                   dt, has_alt, n, n_towns, transitions, nd_stock,
                   nd_signed):
    rows, cols = lc_bas.shape
    c2 = 44.0 / 12.0
    off_eco = N_S
    off_town = N_S + 5 * N_F
    off_tr = off_town + n_towns * N_F
    for r in range(rows):
        a = area[r]
        for c in range(cols):
            # ---- classes ---------------------------------------------------------------
            vb = lc_bas[r, c]
            ib = -2
            if has_nd_bas and np.float64(vb) == nd_bas:
                acc[S_NODATA_BAS] += 1.0
            else:
                ib = class_of(vb, lo, cls_index)
                if ib < 0:
                    acc[S_MISSING_BAS] += 1.0
            ia = -2
            if has_alt:
                va = lc_alt[r, c]
                if has_nd_alt and np.float64(va) == nd_alt:
                    acc[S_NODATA_ALT] += 1.0
                else:
                    ia = class_of(va, lo, cls_index)
                    if ia < 0:
                        acc[S_MISSING_ALT] += 1.0
            fc = _fid(comp_ft, comp[r, c])
            ti = town_idx[_fid(town_idx, town[r, c])]
            fg = _fid(grass_grade, grass[r, c])
            fw = _fid(wet_type, wet[r, c])
            fm = _fid(mang_type, mang[r, c])
            ft = comp_ft[fc]
            age = comp_age[fc]
            if use_age_raster:
                ar = np.float64(age_r[r, c])
                if ar >= 0.0:
                    age = ar
            # volume now and after dt (observed volume + curve increment)
            vol0 = 0.0
            vol1 = 0.0
            if ft >= 0:
                cur = volume_at(age, g_A[ft], g_B[ft], g_K[ft], g_m[ft], g_mai[ft], g_has[ft])
                vol0 = comp_vol[fc]
                if np.isnan(vol0):
                    vol0 = cur
                step = dt if dt > 0.0 else 1.0
                nxt = volume_at(age + step, g_A[ft], g_B[ft], g_K[ft], g_m[ft], g_mai[ft],
                                g_has[ft])
                vol1 = vol0 + (nxt - cur)
            # ---- stocks of both epochs: (biomass-like, soil, kind, blue type) ------------
            # The baseline block below and the alternate block further down apply the same
            # rules and must stay in step. They are written out twice on purpose: a shared
            # numba helper returning a tuple made this kernel ~30 % slower (demo `run`: 3.0 s
            # -> 4.0 s). tests/test_carbon_project.py checks both epochs by hand.
            bio_b = 0.0
            soil_b = 0.0
            kind_b = KIND_POOLS
            blue_b = -1
            if ib >= 0:
                bio_b = cls_bio[ib]
                soil_b = cls_soil[ib]
                e = cls_eco[ib]
                if e == 0 and ft >= 0:
                    kind_b = KIND_FOREST
                    tb = tree_biomass(vol0, f_method[ft], f_a[ft], f_b[ft], f_d[ft], f_bef[ft],
                                      f_r[ft])
                    bio_b = tb * f_cf[ft] + cls_dom[ib]
                elif e == 1 and grass_grade[fg] >= 0:
                    kind_b = KIND_GRASS
                    bio_b = gr_bio[grass_grade[fg]]
                    soil_b = gr_soc[grass_grade[fg]]
                else:
                    blue_b = _blue_type(ib, fw, fm, cls_eco, cls_blue, wet_type, mang_type)
                    if blue_b >= 0:
                        kind_b = KIND_BLUE
                        bio_b = b_bio[blue_b]
                        soil_b = b_soil[blue_b]
                if kind_b == KIND_FOREST:
                    acc[S_PX_FOREST_MODEL] += 1.0
                elif kind_b == KIND_GRASS:
                    acc[S_PX_GRASS_MODEL] += 1.0
                elif kind_b == KIND_BLUE:
                    acc[S_PX_BLUE_MODEL] += 1.0
                else:
                    acc[S_PX_POOLS] += 1.0
                stock_b = bio_b + soil_b
                o_stock_bas[r, c] = stock_b
                g = off_eco + cls_eco[ib] * N_F
                acc[g + F_AREA_BAS] += a
                acc[g + F_STOCK_BAS] += stock_b * a
                g = off_town + ti * N_F
                acc[g + F_AREA_BAS] += a
                acc[g + F_STOCK_BAS] += stock_b * a
            else:
                o_stock_bas[r, c] = nd_stock
            if not has_alt:
                # one epoch: the gain-loss sink of the baseline year (growth, accumulation)
                o_stock_alt[r, c] = nd_stock
                o_change[r, c] = nd_signed
                o_sink_sd[r, c] = nd_signed
                if ib >= 0:
                    gain = 0.0
                    if kind_b == KIND_FOREST:
                        gain = ((vol1 - vol0) * biomass_per_volume(
                            f_method[ft], f_a[ft], f_d[ft], f_bef[ft], f_r[ft]) * f_cf[ft])
                        if gain < 0.0:
                            gain = 0.0
                    elif kind_b == KIND_BLUE:
                        gain = b_accum[blue_b]
                    o_sink_gl[r, c] = gain * c2
                    g = off_eco + cls_eco[ib] * N_F
                    acc[g + F_GAIN] += gain * a
                    g = off_town + ti * N_F
                    acc[g + F_GAIN] += gain * a
                else:
                    o_sink_gl[r, c] = nd_signed
                continue
            bio_a = 0.0
            soil_a = 0.0
            kind_a = KIND_POOLS
            blue_a = -1
            if ia >= 0:
                bio_a = cls_bio[ia]
                soil_a = cls_soil[ia]
                e = cls_eco[ia]
                if e == 0 and ft >= 0:
                    kind_a = KIND_FOREST
                    tb = tree_biomass(vol1, f_method[ft], f_a[ft], f_b[ft], f_d[ft], f_bef[ft],
                                      f_r[ft])
                    bio_a = tb * f_cf[ft] + cls_dom[ia]
                elif e == 1 and grass_grade[fg] >= 0:
                    kind_a = KIND_GRASS
                    bio_a = gr_bio[grass_grade[fg]]
                    soil_a = gr_soc[grass_grade[fg]]
                else:
                    blue_a = _blue_type(ia, fw, fm, cls_eco, cls_blue, wet_type, mang_type)
                    if blue_a >= 0:
                        kind_a = KIND_BLUE
                        bio_a = b_bio[blue_a]
                        soil_a = b_soil[blue_a]
                stock_a = bio_a + soil_a
                o_stock_alt[r, c] = stock_a
                g = off_eco + cls_eco[ia] * N_F
                acc[g + F_AREA_ALT] += a
                acc[g + F_STOCK_ALT] += stock_a * a
                g = off_town + ti * N_F
                acc[g + F_AREA_ALT] += a
                acc[g + F_STOCK_ALT] += stock_a * a
            else:
                o_stock_alt[r, c] = nd_stock
            if ib < 0 or ia < 0:
                o_change[r, c] = nd_signed
                o_sink_sd[r, c] = nd_signed
                o_sink_gl[r, c] = nd_signed
                continue
            # ---- stock-difference ------------------------------------------------------
            change = (bio_a + soil_a) - (bio_b + soil_b)
            o_change[r, c] = change
            o_sink_sd[r, c] = change / dt * c2 if dt > 0.0 else nd_signed
            # ---- gain-loss (t C/ha/yr) -------------------------------------------------
            gain = 0.0
            loss = 0.0
            if ib == ia and kind_b == kind_a and blue_b == blue_a:
                if kind_b == KIND_FOREST:
                    d = (bio_a - bio_b) / dt
                    if d >= 0.0:
                        gain = d
                    else:
                        loss = -d
                elif kind_b == KIND_BLUE:
                    gain = b_accum[blue_b]
            else:
                if kind_b == KIND_BLUE and not (kind_a == KIND_BLUE):
                    # disturbed coastal carbon: high-impact share, released with half-lives
                    lb = b_loss[blue_b] * bio_b
                    ls = b_loss[blue_b] * soil_b
                    loss += emission_between(lb, ls, b_hl_bio[blue_b], b_hl_soil[blue_b],
                                             0.0, dt) / dt
                    d_bio = bio_a - (bio_b - lb)
                    if d_bio > 0.0:
                        gain += d_bio / dt
                else:
                    d_bio = bio_a - bio_b
                    if d_bio >= 0.0:
                        gain += d_bio / dt
                    else:
                        loss += -d_bio / dt
                    d_soil = (soil_a - soil_b) / soil_T
                    if d_soil >= 0.0:
                        gain += d_soil
                    else:
                        loss += -d_soil
            o_sink_gl[r, c] = (gain - loss) * c2
            g = off_eco + cls_eco[ia] * N_F
            acc[g + F_CHANGE] += change * a
            acc[g + F_GAIN] += gain * a
            acc[g + F_LOSS] += loss * a
            acc[g + F_AREA_BOTH] += a
            g = off_town + ti * N_F
            acc[g + F_CHANGE] += change * a
            acc[g + F_GAIN] += gain * a
            acc[g + F_LOSS] += loss * a
            acc[g + F_AREA_BOTH] += a
            if transitions:
                k = off_tr + 2 * (ib * n + ia)
                acc[k] += a
                acc[k + 1] += change * a


# ---- building the model from tables ---------------------------------------------------------

def type_key(s: Any) -> str:
    """A type or class name as the tables are matched: trimmed, lower case, spaces and dashes
    as underscores."""
    return str(s).strip().lower().replace(" ", "_").replace("-", "_")


def _by_fid(table: pd.DataFrame | None, column: str | None, mapping: dict[str, int],
            default: int = -1) -> np.ndarray:
    """int64 array indexed by 1-based feature id: mapping[table[column]] (−1 unknown)."""
    if table is None or column is None or column not in table.columns:
        return np.full(1, default, dtype=np.int64)
    n = int(table.index.max()) if len(table) else 0
    out = np.full(n + 1, default, dtype=np.int64)
    for fid, v in zip(table.index.to_numpy(), table[column].tolist(), strict=True):
        out[int(fid)] = mapping.get(type_key(v), default)
    return out


def _floats_by_fid(table: pd.DataFrame | None, column: str | None, default: float
                   ) -> np.ndarray:
    if table is None or column is None or column not in table.columns:
        return np.full(1, default, dtype=np.float64)
    n = int(table.index.max()) if len(table) else 0
    out = np.full(n + 1, default, dtype=np.float64)
    vals = pd.to_numeric(table[column], errors="coerce").to_numpy(np.float64)
    out[table.index.to_numpy().astype(np.int64)] = np.where(np.isnan(vals), default, vals)
    return out


def legend_classes(codes: np.ndarray, legend: pd.DataFrame | None
                   ) -> tuple[np.ndarray, list[str]]:
    """(ecosystem index, normalised English name) of each class code, from the legend's
    ``ecosystem`` and ``name_en``/``class``/``name`` columns ('other' and '' without them).
    The planner reads the legend through this too, so both place a class alike."""
    eco = np.full(len(codes), ECO_OTHER, dtype=np.int64)
    names = [""] * len(codes)
    if legend is None:
        return eco, names
    cols = {c.lower(): c for c in legend.columns}
    code_col = cols.get("code") or cols.get("lucode")
    eco_col = cols.get("ecosystem")
    name_col = cols.get("name_en") or cols.get("class") or cols.get("name")
    if code_col is not None:
        leg = legend.set_index(pd.to_numeric(legend[code_col], errors="coerce"))
        for i, code in enumerate(np.asarray(codes).tolist()):
            if code in leg.index:
                if eco_col is not None:
                    eco[i] = ecosystem_index(leg.loc[code, eco_col])
                if name_col is not None:
                    names[i] = type_key(leg.loc[code, name_col])
    return eco, names


def class_blue_rows(eco: np.ndarray, names: list[str], bmap: dict[str, int]) -> np.ndarray:
    """Blue-carbon row of each class's own type (−1 none): a wetland or mangrove class whose
    name is a type of the blue-carbon table; any other mangrove class is 'mangrove' when the
    table has it. Classes without a row take their wetland polygon's type (:func:`_blue_type`)."""
    rows = np.array([bmap.get(names[i], -1) if eco[i] in (ECO_WETLAND, ECO_MANGROVE) else -1
                     for i in range(len(names))], dtype=np.int64)
    if "mangrove" in bmap:
        rows[(eco == ECO_MANGROVE) & (rows < 0)] = bmap["mangrove"]
    return rows


def build_model(pools: pd.DataFrame, legend: pd.DataFrame | None, *,
                forest_types: pd.DataFrame | None = None,
                growth: pd.DataFrame | None = None, grassland: pd.DataFrame | None = None,
                blue: pd.DataFrame | None = None, compartments: pd.DataFrame | None = None,
                townships: pd.DataFrame | None = None, grass_polys: pd.DataFrame | None = None,
                wetland_polys: pd.DataFrame | None = None,
                mangrove_polys: pd.DataFrame | None = None,
                fields: dict[str, dict[str, str]] | None = None,
                default_cf: float = 0.47) -> ProjectModel:
    """Lookup arrays for :func:`project_kernel`.

    ``fields[layer]`` maps canonical attribute names to the file's (layers: 'compartments',
    'townships', 'grassland', 'wetlands', 'mangroves'; canonical names: forest_type, age,
    volume; township, name; grade; type).
    """
    from sinkmodels.bluecarbon import bluecarbon_params
    from sinkmodels.forest import forest_params
    from sinkmodels.grassland import grassland_params
    from sinkmodels.growth import growth_curves
    from sinkmodels.pools import class_lookup

    fields = fields or {}

    def fld(layer: str, name: str) -> str:
        return fields.get(layer, {}).get(name, name)

    notes: list[str] = []
    codes = pools["lucode"].to_numpy(np.int64)
    lk = class_lookup(codes, pools["c_total"].to_numpy())
    eco, names = legend_classes(codes, legend)
    if legend is None:
        notes.append("no legend: every class counted as 'other'")
    cls_bio = (pools["c_above"] + pools["c_below"] + pools["c_dead"]
               + pools["c_litter"]).to_numpy(np.float64)
    cls_soil = pools["c_soil"].to_numpy(np.float64)
    cls_dom = (pools["c_dead"] + pools["c_litter"]).to_numpy(np.float64)

    # blue carbon
    if blue is not None and len(blue):
        bp = bluecarbon_params(blue)
        blue_types = bp.types
        bmap = {type_key(t): i for i, t in enumerate(blue_types)}
        b_bio, b_soil, b_accum = bp.biomass_c, bp.soil_c, bp.accum
        b_loss, b_hl_bio, b_hl_soil = bp.loss[:, 2].copy(), bp.hl_biomass, bp.hl_soil
    else:
        blue_types, bmap = (), {}
        b_bio = b_soil = b_accum = b_loss = b_hl_bio = b_hl_soil = np.zeros(1)
    cls_blue = class_blue_rows(eco, names, bmap)

    # forest types and growth
    if forest_types is not None and len(forest_types):
        fp = forest_params(forest_types, default_cf)
        ftypes = fp.types
        gc = growth_curves(growth, ftypes)
    else:
        from sinkmodels.forest import ForestParams
        from sinkmodels.growth import GrowthCurves

        z = np.zeros(1)
        ftypes = ()
        fp = ForestParams((), np.zeros(1, np.int64), z, z, z, z, z, z)
        gc = GrowthCurves((), z, z, z, z, z, np.zeros(1, np.bool_))
    fmap = {type_key(t): i for i, t in enumerate(ftypes)}
    comp_ft = _by_fid(compartments, fld("compartments", "forest_type"), fmap)
    if compartments is not None and len(fmap):
        ftcol = fld("compartments", "forest_type")
        if ftcol in compartments.columns:
            unknown = sorted({str(v) for v in compartments[ftcol].dropna()
                              if type_key(v) not in fmap})
            if unknown:
                notes.append("forest types not in the forest types table (pool values used): "
                             + ", ".join(unknown))
    comp_age = _floats_by_fid(compartments, fld("compartments", "age"), 0.0)
    comp_vol = _floats_by_fid(compartments, fld("compartments", "volume"), np.nan)
    if len(comp_age) < len(comp_ft):
        comp_age = np.resize(comp_age, len(comp_ft))
    if len(comp_vol) < len(comp_ft):
        comp_vol = np.full(len(comp_ft), np.nan)

    # townships
    town_codes, town_names = ["(none)"], [""]
    if townships is not None and len(townships):
        code_col = fld("townships", "township")
        name_col = fld("townships", "name")
        if code_col not in townships.columns:
            code_col = townships.columns[0]
        seen: dict[str, int] = {}
        n = int(townships.index.max())
        town_idx = np.zeros(n + 1, dtype=np.int64)
        for fid, rec in townships.iterrows():
            key = str(rec[code_col])
            if key not in seen:
                seen[key] = len(town_codes)
                town_codes.append(key)
                town_names.append(str(rec[name_col]) if name_col in townships.columns else "")
            town_idx[int(fid)] = seen[key]
    else:
        town_idx = np.zeros(1, dtype=np.int64)

    # grassland
    if grassland is not None and len(grassland):
        gp = grassland_params(grassland)
        gmap = {g: i for i, g in enumerate(gp.grades)}
        gr_bio, gr_soc = gp.biomass_c, gp.soc
        soil_T = float(np.median(gp.transition_years))
    else:
        gmap, gr_bio, gr_soc, soil_T = {}, np.zeros(1), np.zeros(1), 20.0
    grass_grade = _by_fid(grass_polys, fld("grassland", "grade"), gmap)
    wet_type = _by_fid(wetland_polys, fld("wetlands", "type"), bmap)
    mang_type = _by_fid(mangrove_polys, None, bmap)
    if mangrove_polys is not None and "mangrove" in bmap:
        mang_type = np.full(int(mangrove_polys.index.max()) + 1 if len(mangrove_polys) else 1,
                            bmap["mangrove"], dtype=np.int64)
        mang_type[0] = -1
    return ProjectModel(
        codes=codes, lo=lk.lo, cls_index=lk.index, cls_eco=eco, cls_bio=cls_bio,
        cls_soil=cls_soil, cls_dom=cls_dom, cls_blue=cls_blue, comp_ft=comp_ft,
        comp_age=comp_age, comp_vol=comp_vol, f_method=fp.method, f_a=fp.a, f_b=fp.b,
        f_d=fp.d, f_bef=fp.bef, f_r=fp.r, f_cf=fp.cf, g_A=gc.A, g_B=gc.B, g_K=gc.K, g_m=gc.m,
        g_mai=gc.mai, g_has=gc.has_curve, town_idx=town_idx, town_codes=town_codes,
        town_names=town_names, grass_grade=grass_grade, gr_bio=gr_bio, gr_soc=gr_soc,
        soil_transition_years=soil_T, wet_type=wet_type, mang_type=mang_type, b_bio=b_bio,
        b_soil=b_soil, b_accum=b_accum, b_loss=b_loss, b_hl_bio=b_hl_bio,
        b_hl_soil=b_hl_soil, forest_types=ftypes, blue_types=blue_types, notes=notes)


# ---- reading the totals -----------------------------------------------------------------

def group_table(acc: np.ndarray, model: ProjectModel, dt: float) -> tuple[pd.DataFrame,
                                                                           pd.DataFrame]:
    """(by ecosystem, by township) DataFrames of the group fields plus sink columns."""
    eco = acc[N_S:N_S + 5 * N_F].reshape(5, N_F)
    towns = acc[N_S + 5 * N_F:N_S + (5 + model.n_towns) * N_F].reshape(model.n_towns, N_F)

    def frame(arr: np.ndarray, index: dict[str, list[str]]) -> pd.DataFrame:
        df = pd.DataFrame(arr, columns=list(GROUP_FIELDS))
        for k, v in reversed(index.items()):
            df.insert(0, k, v)
        df["sink_sd_tCO2e_per_yr"] = df["change_tC"] / dt * CO2_PER_C if dt > 0 else np.nan
        df["sink_gl_tCO2e_per_yr"] = (df["gain_tC_per_yr"] - df["loss_tC_per_yr"]) * CO2_PER_C
        return df

    return (frame(eco, {"ecosystem": list(ECOSYSTEMS)}),
            frame(towns, {"township": model.town_codes, "name": model.town_names}))


def transition_table(acc: np.ndarray, model: ProjectModel) -> pd.DataFrame:
    n = model.n
    off = N_S + (5 + model.n_towns) * N_F
    m = acc[off:off + 2 * n * n].reshape(n, n, 2)
    rows = []
    for i, ci in enumerate(model.codes.tolist()):
        for j, cj in enumerate(model.codes.tolist()):
            if m[i, j, 0] > 0:
                rows.append((ci, cj, m[i, j, 0], m[i, j, 1], m[i, j, 1] * CO2_PER_C))
    return pd.DataFrame(rows, columns=["from_lucode", "to_lucode", "area_ha", "change_tC",
                                       "change_tCO2e"])
