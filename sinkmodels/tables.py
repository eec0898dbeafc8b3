"""The parameter-table schemas of the science, with units.

Every number a model uses comes from one of these tables (never a literal in code); every row
may carry ``unit`` and ``source`` columns (kept as extra columns). Loading goes through
:func:`gis.tables.load_table`, so a bad cell raises :class:`~gis.errors.TableError` naming the
file, the row and the column.

* ``carbon_pools`` — InVEST 3.20 Carbon format, accepted as-is: ``lucode, c_above, c_below,
  c_soil, c_dead`` (t C/ha), optional ``c_litter``.
* ``forest_types`` — per forest type how stock volume becomes tree carbon: ``method`` is
  ``bef_continuous`` (B = a·V + b, Fang et al. 2001) or ``ipcc_volume`` (V·D·BEF·(1+R), IPCC
  2006 Eq. 2.8); carbon = B × CF.
* ``growth_curves`` — Chapman–Richards V(t) = A(1 − B·e^(−K·t))^(1/(1−m)) per forest type,
  with a mean-annual-increment fallback.
* ``grassland`` — per degradation grade: biomass, root:shoot, CF, SOC_REF × F_LU × F_MG × F_I.
* ``blue_carbon`` — per wetland / mangrove type: biomass, soil stock, soil accumulation rate,
  disturbance losses (low/medium/high) and half-lives (InVEST Coastal Blue Carbon style).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gis.errors import TableError
from gis.tables import Column, TableSchema, load_table

T_C_HA = "t C/ha"

POOLS = TableSchema(
    "carbon pools",
    (
        Column("lucode", "int", description="land-cover class code"),
        Column("c_above", "float", T_C_HA, min=0, description="aboveground biomass carbon"),
        Column("c_below", "float", T_C_HA, min=0, description="belowground biomass carbon"),
        Column("c_soil", "float", T_C_HA, min=0, description="soil organic carbon"),
        Column("c_dead", "float", T_C_HA, min=0, description="dead organic matter carbon"),
        Column("c_litter", "float", T_C_HA, required=False, min=0, default=0.0,
               description="litter carbon (optional; not an InVEST column)"),
    ),
    key="lucode",
)

#: the pools summed into the stock, in order
POOL_COLUMNS = ("c_above", "c_below", "c_soil", "c_dead", "c_litter")

FOREST_METHODS = ("bef_continuous", "ipcc_volume")

FOREST_TYPES = TableSchema(
    "forest types",
    (
        Column("forest_type", "str", description="forest type code (compartments' forest_type)"),
        Column("method", "str", choices=FOREST_METHODS,
               description="bef_continuous: B = a*V + b; ipcc_volume: B = V*D*BEF*(1+R)"),
        Column("a", "float", "t/m3", required=False, min=0,
               description="continuous BEF slope (biomass per m3 of stock volume)"),
        Column("b", "float", "t/ha", required=False,
               description="continuous BEF intercept (t dry matter/ha)"),
        Column("wood_density", "float", "t/m3", required=False, min=0, max=2,
               description="basic wood density D (t dry matter per m3)"),
        Column("bef", "float", "ratio", required=False, min=0,
               description="biomass expansion factor: aboveground / stem biomass"),
        Column("root_shoot", "float", "ratio", required=False, min=0, max=5,
               description="root:shoot ratio R"),
        Column("carbon_fraction", "float", "t C/t dm", required=False, min=0, max=1,
               description="carbon fraction CF of dry matter (empty: the run's default)"),
        Column("name_zh", "str", required=False, default=""),
        Column("name_en", "str", required=False, default=""),
    ),
    key="forest_type",
)

GROWTH_CURVES = TableSchema(
    "growth curves",
    (
        Column("forest_type", "str"),
        Column("A", "float", "m3/ha", required=False, min=0,
               description="Chapman-Richards asymptote"),
        Column("B", "float", "", required=False, min=0, description="Chapman-Richards B"),
        Column("K", "float", "1/yr", required=False, min=0, description="growth rate"),
        Column("m", "float", "", required=False, max=0.999999, description="shape (m < 1)"),
        Column("mai", "float", "m3/ha/yr", required=False, min=0,
               description="mean annual increment, used when A/B/K/m are empty"),
    ),
    key="forest_type",
)

GRASSLAND_GRADES = ("none", "light", "moderate", "severe")

GRASSLAND = TableSchema(
    "grassland",
    (
        Column("grade", "str", choices=GRASSLAND_GRADES, description="degradation grade"),
        Column("agb", "float", "t dm/ha", min=0, description="aboveground biomass"),
        Column("root_shoot", "float", "ratio", min=0, max=20),
        Column("carbon_fraction", "float", "t C/t dm", min=0, max=1),
        Column("soc_ref", "float", T_C_HA, min=0, description="reference SOC stock, 0-30 cm"),
        Column("f_lu", "float", "factor", min=0, max=3, description="land-use factor"),
        Column("f_mg", "float", "factor", min=0, max=3, description="management factor"),
        Column("f_i", "float", "factor", min=0, max=3, description="input factor"),
        Column("transition_years", "float", "yr", required=False, min=1, default=20.0,
               description="years over which SOC moves to its new equilibrium (IPCC: 20)"),
    ),
    key="grade",
)

BLUE_CARBON = TableSchema(
    "blue carbon",
    (
        Column("wetland_type", "str", description="inland_marsh, tidal_flat, salt_marsh, "
               "aquaculture_pond, mangrove, seagrass ..."),
        Column("agb", "float", "t dm/ha", min=0, description="aboveground biomass"),
        Column("root_shoot", "float", "ratio", min=0, max=20),
        Column("carbon_fraction", "float", "t C/t dm", min=0, max=1),
        Column("soil_c", "float", T_C_HA, min=0, description="soil carbon stock (to 1 m)"),
        Column("soil_accum", "float", "t C/ha/yr", min=0,
               description="soil carbon accumulation rate"),
        Column("biomass_growth", "float", "t C/ha/yr", required=False, min=0, default=0.0,
               description="biomass carbon gain of a growing stand"),
        Column("loss_low", "float", "fraction", required=False, min=0, max=1, default=0.25,
               description="share of biomass + soil carbon lost on low-impact disturbance"),
        Column("loss_med", "float", "fraction", required=False, min=0, max=1, default=0.5),
        Column("loss_high", "float", "fraction", required=False, min=0, max=1, default=0.75),
        Column("half_life_biomass", "float", "yr", required=False, min=0, default=0.0,
               description="half-life of released biomass carbon (0 = at once)"),
        Column("half_life_soil", "float", "yr", required=False, min=0, default=7.5,
               description="half-life of released soil carbon"),
    ),
    key="wetland_type",
)

SCHEMAS: dict[str, TableSchema] = {
    "carbon_pools": POOLS,
    "forest_types": FOREST_TYPES,
    "growth_curves": GROWTH_CURVES,
    "grassland": GRASSLAND,
    "blue_carbon": BLUE_CARBON,
}


def load(key: str, path: str | Path) -> pd.DataFrame:
    """Load the science table ``key`` (one of :data:`SCHEMAS`) from ``path``."""
    return load_table(path, SCHEMAS[key])


def load_pools(path: str | Path) -> pd.DataFrame:
    """The pool table, indexed by ``lucode``, with a ``c_total`` column (t C/ha)."""
    df = load_table(path, POOLS)
    df["c_litter"] = df["c_litter"].fillna(0.0)
    df["c_total"] = df[list(POOL_COLUMNS)].sum(axis=1)
    return df.set_index("lucode", drop=False)


def load_forest_types(path: str | Path) -> pd.DataFrame:
    """Forest types, checked so that each row has the parameters its method needs."""
    df = load_table(path, FOREST_TYPES)
    rows = df.attrs.get("rows") or list(range(2, len(df) + 2))
    need = {"bef_continuous": ("a", "b"), "ipcc_volume": ("wood_density", "bef", "root_shoot")}
    for i, rec in enumerate(df.itertuples(index=False)):
        method = rec.method
        missing = [c for c in need[method] if pd.isna(getattr(rec, c))]
        if missing:
            raise TableError("forest_params_missing", path=path, row=rows[i], method=method,
                             columns=", ".join(missing))
    return df.set_index("forest_type", drop=False)


def row_of(df: pd.DataFrame, position: int) -> Any:
    """The file row number of the ``position``-th data row (for messages)."""
    rows = df.attrs.get("rows")
    return rows[position] if rows else position + 2
