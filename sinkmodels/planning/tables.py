"""Parameter-table schemas of the planning module: constraint rules and restoration actions.

Both tables are editable CSV files named in the project (``[tables] constraint_rules``,
``actions``); every row carries its ``source``. ``SCHEMAS`` is what
:func:`app.pipeline.table_schema` and the validator read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gis.tables import Column, TableSchema, load_table

#: Action kinds. Restoration kinds are placed by scenarios and allocation; the last four exist so
#: imported plan layers can be checked (they are never placed by the planner).
ACTION_KINDS = (
    "afforestation", "quality_improvement", "return_farmland", "grassland_restoration",
    "wetland_restoration", "mangrove_planting", "land_restoration",
    "construction", "orchard", "fish_pond", "harvest",
)
RESTORATION_KINDS = ACTION_KINDS[:7]

#: Zones a rule may name. ``any`` matches every pixel; ``none`` pixels outside all control
#: zones; ``outside_urban`` pixels outside the urban development boundary.
RULE_ZONES = ("any", "none", "redline_core", "redline_general", "farmland", "urban",
              "outside_urban")

CONSTRAINT_RULES = TableSchema(
    "constraint_rules",
    (
        Column("rule_id", "str", description="unique rule id, reported with each conflict"),
        Column("action", "str", description="action kind or action id from actions.csv, or *"),
        Column("zone", "str", choices=RULE_ZONES),
        Column("land_class", "str", description="land-cover class name (legend 'class', spaces "
               "as underscores) or *"),
        Column("allowed", "bool"),
        Column("reason_en", "str", required=False, default=""),
        Column("reason_zh", "str", required=False, default=""),
        Column("source", "str"),
    ),
    key="rule_id",
)

ACTIONS = TableSchema(
    "actions",
    (
        Column("action", "str", description="unique action id"),
        Column("kind", "str", choices=RESTORATION_KINDS),
        Column("title_en", "str"),
        Column("title_zh", "str"),
        Column("from_landcover", "str", description="eligible land-cover codes, ';'-separated"),
        Column("from_grade", "str", required=False, default="",
               description="eligible grassland degradation grades, ';'-separated (empty = any)"),
        Column("needs_compartment", "bool", required=False, default=False,
               description="only on forest compartments (quality improvement)"),
        Column("to_landcover", "int", required=False, min=0, max=255, default=0,
               description="land-cover code after the action (0 = unchanged)"),
        Column("forest_type", "str", required=False, default="",
               description="forest type (forest_types.csv) of the stand created; empty = none"),
        Column("counts_as_forest", "bool", required=False, default=False),
        Column("cover_after_years", "int", "yr", required=False, min=0, max=100, default=0),
        Column("planting_age", "int", "yr", required=False, min=0, max=50, default=0),
        Column("growth_uplift", "float", "fraction", required=False, min=0, max=5, default=0.0),
        Column("transition_years", "float", "yr", required=False, min=0, max=200, default=20.0,
               description="years over which non-tree pools move to the new class's pools"),
        Column("soil_gain_tC_per_ha_yr", "float", "t C/ha/yr", required=False, min=0, max=50,
               default=0.0),
        Column("soil_gain_years", "float", "yr", required=False, min=0, max=1000, default=0.0),
        Column("cost_cny_per_ha", "float", "CNY/ha", min=0),
        Column("cost_illustrative", "bool", description="true: the cost is a placeholder"),
        Column("source", "str"),
    ),
    key="action",
)

SCHEMAS: dict[str, TableSchema] = {"constraint_rules": CONSTRAINT_RULES, "actions": ACTIONS}


def load_rules_table(path: str | Path) -> pd.DataFrame:
    return load_table(path, CONSTRAINT_RULES)


def load_actions_table(path: str | Path) -> pd.DataFrame:
    return load_table(path, ACTIONS)
