"""Write sample_data/demo_county/bad_plan.gpkg: a deliberately bad restoration plan for the demo
county, to show conflict detection (`sinkplanner plan ... --plan-layer bad_plan.gpkg`).

Each polygon carries ``plan_id``, ``action`` (an action kind or an action id of actions.csv) and
``note`` saying which rule it is meant to break; one polygon is compliant. Deterministic: the
polygons are built from the demo county's own control-line layers.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import geopandas as gpd
import shapely

HERE = Path(__file__).resolve().parent
CRS = "EPSG:4547"


def _patch(geom: shapely.Geometry, radius: float) -> shapely.Geometry:
    """A disc of ``radius`` m around a point inside ``geom``, clipped to it."""
    p = shapely.point_on_surface(geom)
    return shapely.intersection(p.buffer(radius, quad_segs=16), geom)


def build(folder: Path) -> gpd.GeoDataFrame:
    red = gpd.read_file(folder / "redline.gpkg").to_crs(CRS)
    farm = gpd.read_file(folder / "farmland.gpkg").to_crs(CRS)
    urban = gpd.read_file(folder / "urban_boundary.gpkg").to_crs(CRS)
    county = gpd.read_file(folder / "county.gpkg").to_crs(CRS).geometry.iloc[0]
    core = red.loc[red["zone"] == "core"].geometry.union_all()
    general = red.loc[red["zone"] == "general"].geometry.union_all().difference(core)
    farm_all = farm.geometry.union_all()
    urban_all = urban.geometry.union_all()
    largest_farm = farm.geometry.iloc[int(farm.geometry.area.to_numpy().argmax())]
    outside = county.difference(urban_all.buffer(3000)).difference(red.geometry.union_all()) \
        .difference(farm_all.buffer(200))
    rows = [
        ("BP-01", "afforestation", _patch(core, 600.0),
         "plantation inside the red-line core zone (RL-CORE-01)"),
        ("BP-02", "construction", _patch(general, 500.0),
         "construction inside the red line (RL-GEN-01)"),
        ("BP-03", "afforest_masson_pine", _patch(largest_farm, 400.0),
         "afforestation on permanent basic farmland (FL-01)"),
        ("BP-04", "fish_pond", _patch(farm.geometry.iloc[0], 300.0),
         "fish ponds on permanent basic farmland (FL-01)"),
        ("BP-05", "construction", _patch(outside, 500.0),
         "construction outside the urban development boundary (UB-01)"),
        ("BP-06", "mangrove_planting", _patch(urban_all, 400.0),
         "mangroves inside town: not a tidal flat or pond (MG-01)"),
        ("BP-07", "construction", _patch(urban_all.difference(red.geometry.union_all())
                                          .difference(farm_all), 300.0),
         "construction inside the urban boundary: allowed"),
    ]
    gdf = gpd.GeoDataFrame({"plan_id": [r[0] for r in rows], "action": [r[1] for r in rows],
                            "note": [r[3] for r in rows]},
                           geometry=[r[2] for r in rows], crs=CRS)
    return gdf[~gdf.geometry.is_empty]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--folder", type=Path, default=HERE / "demo_county",
                    help="the demo county folder (default: sample_data/demo_county)")
    args = ap.parse_args(argv)
    gdf = build(args.folder)
    out = args.folder / "bad_plan.gpkg"
    out.unlink(missing_ok=True)
    gdf.to_file(out, layer="bad_plan", driver="GPKG")
    print(f"wrote {out} ({len(gdf)} polygons, {gdf.area.sum() / 1e4:,.0f} ha)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
