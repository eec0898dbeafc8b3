"""ReportData: everything a report shows, language-neutral and Qt-free.

Assembled by :mod:`app.report.data` from the project, the carbon results (``summary.json``) and the
planning results (``projection.json``, ``targets.json``, conflicts); rendered by
:mod:`app.report.render`. Names that differ by language are ``{"en": ..., "zh": ...}`` mappings, so
one ReportData renders in either language (the dialog switches language without recomputing).
Every number here is in the unit its field name says.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

Names = dict[str, str]


@dataclass(frozen=True)
class LegendClass:
    code: int
    names: Names
    color: str          # '#rrggbb'
    ecosystem: str = ""


@dataclass
class ClassMap:
    """A display-resolution copy of a class raster with its geo metadata.

    ``array`` is decimated for display only (never for totals); ``extent`` is
    (xmin, xmax, ymin, ymax) in ``crs`` units; ``nodata`` marks outside-area cells.
    """

    array: np.ndarray
    extent: tuple[float, float, float, float]
    crs: str                      # WKT or 'EPSG:nnnn'
    nodata: int | None
    legend: list[LegendClass]
    title: Names
    year: int | None = None
    source: str = ""
    note: Names = field(default_factory=dict)   # how it was made (land cover as polygons)


@dataclass
class ContinuousMap:
    """A display copy of a continuous raster (e.g. sink, t CO2e/ha/yr) with geo metadata."""

    array: np.ndarray             # float, NaN = nodata
    extent: tuple[float, float, float, float]
    crs: str
    title: Names
    unit: str
    diverging: bool = True
    method: str = ""              # sink maps: stock_difference | gain_loss


@dataclass
class Overlay:
    """Polygons drawn over a map: role decides the style; geometries are in the map CRS."""

    role: str                     # boundary | townships | redline | farmland | urban_boundary | conflicts
    title: Names
    geometries: list[Any]         # shapely geometries
    labels: list[tuple[float, float, str]] = field(default_factory=list)
    zones: list[str] = field(default_factory=list)   # per geometry (red line: core/general)
    source: str = ""


@dataclass
class EcosystemRow:
    ecosystem: str                # forest | grassland | wetland | mangrove | cropland | other | ...
    area_ha: float | None
    stock_bas_tC: float | None
    stock_alt_tC: float | None
    sink_tCO2e_per_yr: float | None            # stock-difference (IPCC Eq. 2.5)
    sink_gl_tCO2e_per_yr: float | None = None  # gain-loss (IPCC Eq. 2.4), when computed


@dataclass
class TownshipRow:
    code: str
    name: str
    area_ha: float | None
    stock_bas_tC: float | None
    stock_alt_tC: float | None
    sink_tCO2e_per_yr: float | None
    forest_cover_pct: float | None = None
    sink_gl_tCO2e_per_yr: float | None = None


@dataclass
class TargetRow:
    indicator: str                # forest_cover_pct | stock_volume_m3
    region: str                   # 'county' or township code
    region_name: str
    current: float | None
    current_year: int | None
    target: float | None
    target_year: int | None
    gap: float | None             # target - current (positive: still to go)
    year_met: int | None = None   # under the report's scenario; None = not by 2060
    met_by_scenario: dict[str, int | None] = field(default_factory=dict)


@dataclass
class Projection:
    scenario: str
    title: Names
    rows: list[dict[str, float]]  # one per year: year, forest_cover_pct, stock_volume_m3, ...

    def column(self, key: str) -> tuple[list[float], list[float]]:
        xs = [r["year"] for r in self.rows if r.get(key) is not None]
        ys = [float(r[key]) for r in self.rows if r.get(key) is not None]
        return xs, ys


@dataclass
class ConflictRow:
    rule: str
    zone: Names
    action: Names
    area_ha: float
    n_features: int
    reason: Names = field(default_factory=dict)
    features: list[str] = field(default_factory=list)   # ids of the offending polygons


@dataclass
class ParamTable:
    key: str                      # carbon_pools, forest_types, ...
    file: str
    columns: list[str]
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)   # '#' comment lines of the CSV


@dataclass
class Source:
    title: Names
    file: str
    year: int | None = None
    crs: str = ""


@dataclass
class ReportData:
    project_name: str
    region: Names
    scenario: str | None
    scenario_title: Names
    base_year: int | None
    alt_year: int | None          # None: one land-cover epoch (or no carbon results)
    date: str                     # ISO date the report was made
    version: str
    crs_name: str                 # readable CRS name with EPSG code (for the map notes)
    results_dir: str = ""
    epochs: int = 0               # land-cover epochs of the carbon run: 2, 1 (baseline only:
    #   baseline stock and the gain-loss sink of the baseline year), 0 = no carbon results
    geographic: bool = False      # map CRS in degrees (scale bar converts at mid-latitude)
    landcover: ClassMap | None = None
    sink_map: ContinuousMap | None = None
    overlays: list[Overlay] = field(default_factory=list)
    totals: dict[str, float | None] = field(default_factory=dict)   # summary.json totals
    by_ecosystem: list[EcosystemRow] = field(default_factory=list)
    by_township: list[TownshipRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    projections: list[Projection] = field(default_factory=list)
    conflicts: list[ConflictRow] = field(default_factory=list)
    township_status: list[dict[str, Any]] = field(default_factory=list)  # per township:
    #   code, name, and forest_cover_pct / stock_volume_m3 in the base year, 2030 and 2060
    #   under the report's scenario (from projection_townships.csv)
    conflict_geometries: list[Any] = field(default_factory=list)
    conflict_labels: list[tuple[float, float, str]] = field(default_factory=list)
    conflicts_from_plan_layer: bool = False
    planned: bool = False          # planning results were available (conflicts were checked)
    control_areas_ha: dict[str, float] = field(default_factory=dict)
    parameters: list[ParamTable] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    notes: list[Names] = field(default_factory=list)

    @property
    def one_epoch(self) -> bool:
        """The carbon run had only the baseline land cover (no alternate epoch, no stock
        difference): the report shows the baseline stock and the gain-loss sink."""
        return self.epochs == 1

    def overlay(self, role: str) -> Overlay | None:
        return next((o for o in self.overlays if o.role == role), None)

    def projection(self, scenario: str | None = None) -> Projection | None:
        scenario = scenario or self.scenario
        for p in self.projections:
            if p.scenario == scenario:
                return p
        return self.projections[0] if self.projections else None
