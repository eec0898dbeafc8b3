"""Targets: forest cover % and forest stock volume per region, and how far a projection is.

**Forest cover** follows the national definition (SCIENCE.md §1): forest area is tree forest
with canopy closure ≥ 0.20, bamboo forest and designated special shrubland — read from the
compartments' ``land_class`` and ``closure`` — plus mangrove forest outside the compartments
(an option, on by default), plus stands created by actions that count as forest once they are
``cover_after_years`` old. The denominator is the region's **land territory**: every valid pixel
inside the region, inland water included, as the national 9.6 million km² is (decision record
``docs/decisions/planning-land-area-and-forest-cover.md``); ``exclude_water_from_land`` gives the
alternative. **Stock volume** is the standing volume (m³) of the stands counted as forest.

Targets come from the project's ``[[targets]]`` (``region`` = "county" or a township code,
``year``, ``forest_cover_pct`` and/or ``stock_volume_m3``); the national pair (25 %, 19 bn m³
by 2030, 国发〔2021〕23号) applies when the project sets none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

from gis.errors import ProjectError

NATIONAL_COVER_PCT = 25.0
NATIONAL_STOCK_M3 = 1.9e10
NATIONAL_YEAR = 2030
NATIONAL_SOURCE = "国发〔2021〕23号 Action Plan for Carbon Peaking Before 2030"


@dataclass(frozen=True)
class Target:
    region: str
    year: int
    forest_cover_pct: float | None = None
    stock_volume_m3: float | None = None
    source: str = "project"


def national_targets(region: str = "county") -> list[Target]:
    return [Target(region, NATIONAL_YEAR, NATIONAL_COVER_PCT, NATIONAL_STOCK_M3,
                   NATIONAL_SOURCE)]


def targets_from_project(raw: Sequence[Mapping[str, Any]], where: str = "<project>", *,
                         base_year: int | None = None, horizon: int | None = None
                         ) -> list[Target]:
    """Targets from ``[[targets]]``; the national pair when there are none. A row that is not a
    target (no whole year, no number for cover or stock, cover outside 0–100, a stock volume not
    above 0, or — with ``base_year`` / ``horizon`` — a year not after the base year or beyond
    the horizon) is a ProjectError naming ``where`` and the row, in the user's language."""
    out = []
    for i, d in enumerate(raw, start=1):
        try:
            year_f = float(d["year"])
            cover = None if d.get("forest_cover_pct") is None else float(d["forest_cover_pct"])
            stock = None if d.get("stock_volume_m3") is None else float(d["stock_volume_m3"])
            if not year_f.is_integer():
                raise ValueError(year_f)
        except (KeyError, TypeError, ValueError) as exc:
            raise ProjectError("target_values", path=where, n=i) from exc
        year = int(year_f)
        if cover is None and stock is None:
            raise ProjectError("target_values", path=where, n=i)
        if cover is not None and not 0.0 <= cover <= 100.0:
            raise ProjectError("target_cover_range", path=where, n=i, value=cover)
        if stock is not None and not stock > 0.0:
            raise ProjectError("target_stock_range", path=where, n=i, value=stock)
        if (base_year is not None and year <= base_year) or (horizon is not None
                                                            and year > horizon):
            raise ProjectError("target_year_range", path=where, n=i, year=year,
                               base_year=base_year if base_year is not None else "–",
                               horizon=horizon if horizon is not None else "–")
        out.append(Target(str(d.get("region", "county")), year, cover, stock,
                          str(d.get("source", "project"))))
    return out or national_targets()


STATUS_COLUMNS = ["region", "metric", "target_year", "target", "unit", "base_year", "base_value",
                  "base_gap", "value_at_target_year", "gap_at_target_year", "met_by_target_year",
                  "year_reached", "source"]


def series(projection: Any, region: str) -> pd.DataFrame:
    """Yearly ``forest_cover_pct`` and ``stock_volume_m3`` of a region of a projection."""
    if region in ("county", "total", "all", ""):
        return projection.yearly[["year", "forest_cover_pct", "stock_volume_m3"]]
    t = projection.townships
    sel = t.loc[t["township"].astype(str) == str(region),
                ["year", "forest_cover_pct", "stock_volume_m3"]]
    if sel.empty:
        known = ", ".join(sorted(set(t["township"].astype(str)) - {""}))
        raise ProjectError(path="<project>", detail=f"target region '{region}' is neither "
                           f"'county' nor a township code ({known})")
    return sel


def status(projection: Any, targets: Sequence[Target]) -> pd.DataFrame:
    """One row per target and metric: value now, gap now (target − value; ≤ 0 = met), value and
    gap in the target year, and the first projected year the target is met (empty: not by the
    horizon)."""
    rows = []
    for tg in targets:
        s = series(projection, tg.region).sort_values("year")
        years = s["year"].to_numpy()
        for metric, goal, unit in (("forest_cover_pct", tg.forest_cover_pct, "%"),
                                   ("stock_volume_m3", tg.stock_volume_m3, "m3")):
            if goal is None:
                continue
            vals = s[metric].to_numpy(np.float64)
            base_v = float(vals[0])
            reached = np.flatnonzero(vals >= goal - 1e-9)
            at = np.flatnonzero(years == tg.year)
            v_at = float(vals[at[0]]) if at.size else (float(vals[-1]) if tg.year > years[-1]
                                                      else base_v)
            rows.append({"region": tg.region, "metric": metric, "target_year": tg.year,
                         "target": goal, "unit": unit, "base_year": int(years[0]),
                         "base_value": base_v, "base_gap": goal - base_v,
                         "value_at_target_year": v_at, "gap_at_target_year": goal - v_at,
                         "met_by_target_year": bool(reached.size and years[reached[0]] <= tg.year),
                         "year_reached": int(years[reached[0]]) if reached.size else None,
                         "source": tg.source})
    out = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    out["year_reached"] = out["year_reached"].astype("Int64")  # <NA> = not by the horizon
    return out


def target_dicts(targets: Sequence[Target]) -> list[dict[str, Any]]:
    return [asdict(t) for t in targets]
