"""From a project to model-ready inputs: open every layer, choose the analysis grid, align.

Used by the CLI and by the GUI's background workers alike. Qt-free; long steps take
``progress(fraction, message)`` and ``cancel() -> bool`` callbacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.project import LayerEntry, Project
from gis.errors import InputError, ProjectError
from gis.grid import GridSpec

if TYPE_CHECKING:
    import pandas as pd

    from gis.layers import Layer
    from gis.validate import Issue

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None

#: How each analysed role is put on the grid: class rasters by nearest/mode, continuous rasters by
#: average, polygons as 1-based feature-id rasters with their attribute table.
ROLE_KIND: dict[str, str] = {
    "landcover": "classes",
    "stand_age": "continuous",
    "volume": "continuous",
    "compartments": "features",
    "grassland": "features",
    "wetland": "features",
    "mangrove": "features",
    "redline": "features",
    "farmland": "features",
    "urban_boundary": "features",
    "townships": "features",
    "boundary": "features",
}


@dataclass
class Prepared:
    """Aligned inputs: every raster path is on ``grid``; vector layers are feature-id rasters
    (1-based, 0 = none) whose attributes are in ``tables[layer_id]`` indexed by that id."""

    grid: GridSpec
    paths: dict[str, Path]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def open_entry(entry: LayerEntry) -> Layer:
    """Open a project layer with its overrides (CRS, encoding, sub-layer)."""
    from gis.readers import open_layer

    return open_layer(entry.path, **entry.open_options())


def reference_entry(project: Project) -> LayerEntry:
    """The layer whose grid is the analysis grid."""
    for key in (project.grid.get("reference"), project.carbon.get("landcover_baseline")):
        if key:
            return project.layer(key)
    landcover = project.layers_with_role("landcover")
    if landcover:
        return landcover[0]
    raise ProjectError(path=project.path or "<project>",
                       detail="no land-cover raster: add a layer with role = \"landcover\" "
                       "or name the reference layer under [grid]")


def analysis_grid(project: Project) -> GridSpec:
    """The grid every input is aligned to: the reference layer's, or as [grid] overrides."""
    from gis.align import reference_grid

    ref = open_entry(reference_entry(project))
    return reference_grid([ref], reference=ref, crs=project.grid.get("crs"),
                          resolution=project.grid.get("resolution"))


def analysed_layers(project: Project, layer_ids: Iterable[str] | None = None) -> list[LayerEntry]:
    if layer_ids is not None:
        return [project.layer(i) for i in layer_ids]
    return [entry for entry in project.layers if entry.role in ROLE_KIND]


def prepare_inputs(project: Project, layer_ids: Iterable[str] | None = None, *,
                   progress: Progress = None, cancel: Cancel = None,
                   workdir: Path | None = None) -> Prepared:
    """Open, check and align the project's analysed layers (or ``layer_ids``) to one grid.

    Aligned copies are cached in the project's work folder, so a second run is instant; the
    input files are never modified.
    """
    from gis.align import AlignItem, align_layers

    entries = analysed_layers(project, layer_ids)
    grid = analysis_grid(project)
    items = []
    for entry in entries:
        kind = ROLE_KIND.get(entry.role, "classes")
        items.append(AlignItem(id=entry.id, layer=open_entry(entry), kind=kind))
    folder = workdir or project.work_folder() / "aligned"
    result = align_layers(items, grid, folder, progress=progress, cancel=cancel)
    return Prepared(grid=result.grid, paths=dict(result.paths), tables=dict(result.tables),
                    notices=list(result.notices))


def validate_project(project: Project) -> list[Issue]:
    """Every problem a run would meet, as a list (never raises): files, CRSs, overlap, tables,
    class codes against the legend and the pool table."""
    from gis.validate import Issue, check_classes, check_layer, check_overlap

    issues: list[Issue] = []

    def from_error(exc: InputError) -> Issue:
        return Issue("error", exc.code, dict(exc.params), exc.path)

    grid: GridSpec | None = None
    try:
        grid = analysis_grid(project)
    except InputError as exc:
        issues.append(from_error(exc))

    for entry in project.layers:
        if entry.role in ("result",):
            continue
        layer_issues = check_layer(entry.path, **entry.open_options())
        issues.extend(layer_issues)
        if grid is not None and not any(i.severity == "error" for i in layer_issues):
            try:
                issues.extend(check_overlap(open_entry(entry), grid))
            except InputError as exc:
                issues.append(from_error(exc))

    for key, path in project.tables.items():
        if not path.exists():
            issues.append(Issue("error", "file_missing", {"path": str(path)}, str(path)))
            continue
        schema = table_schema(key)
        if schema is not None:
            from gis.validate import check_table

            issues.extend(check_table(path, schema))

    legend_codes = _codes(project, "legend", "code")
    pool_codes = _codes(project, "carbon_pools", "lucode")
    for entry in project.layers_with_role("landcover"):
        if not entry.path.exists():
            continue
        for codes, table in ((legend_codes, "legend"), (pool_codes, "carbon_pools")):
            if codes is not None:
                issues.extend(check_classes(entry.path, codes, table_name=project.tables[table].name))
    return issues


def table_schema(key: str) -> Any:
    """The declared schema for a project table key, or None when no model declares one."""
    try:
        from sinkmodels import tables as model_tables
    except ImportError:
        return None
    schemas = getattr(model_tables, "SCHEMAS", {})
    if key in schemas:
        return schemas[key]
    try:
        from sinkmodels.planning import tables as planning_tables
    except ImportError:
        return None
    return getattr(planning_tables, "SCHEMAS", {}).get(key)


def _codes(project: Project, key: str, column: str) -> set[int] | None:
    """The integer codes in ``column`` of the project table ``key`` (None when unusable: the
    table's own problems are reported by its schema check)."""
    from gis.errors import InputError as _InputError
    from gis.tables import Column, TableSchema, load_table

    path = project.tables.get(key)
    if path is None or not path.exists():
        return None
    try:
        df = load_table(path, TableSchema(key, [Column(column, "int")]))
    except _InputError:
        return None
    return {int(v) for v in df[column].dropna()}


# ---- whole-project jobs (shared by the CLI, the GUI workers and the report) -----------------

#: Project tables the carbon model reads.
CARBON_TABLES = ("carbon_pools", "legend", "forest_types", "growth_curves", "grassland",
                 "blue_carbon")


def project_job_arguments(project: object) -> dict[str, object]:
    """The layer ids, years and field maps of a project for
    :func:`sinkmodels.carbon.run_project_carbon` (``project``: an ``app.project.Project``)."""
    from gis.errors import InputError

    carbon = dict(getattr(project, "carbon", {}) or {})
    where = str(getattr(project, "path", None) or "<project>")

    def layer_id(key: str, role: str | None = None) -> str | None:
        lid = carbon.get(key)
        if lid:
            return str(lid)
        if role is not None:
            found = project.layers_with_role(role)  # type: ignore[attr-defined]
            if found:
                return str(found[0].id)
        return None

    bas = layer_id("landcover_baseline")
    if bas is None:
        landcover = project.layers_with_role("landcover")  # type: ignore[attr-defined]
        if not landcover:
            raise InputError("carbon_input_missing", path=where, what="baseline land-cover layer",
                             key="landcover_baseline")
        bas = str(landcover[0].id)
    ids = {
        "landcover_baseline": bas,
        "landcover_alternate": layer_id("landcover_alternate"),
        "compartments": layer_id("compartments", "compartments"),
        "townships": layer_id("townships", "townships"),
        "grassland": layer_id("grassland", "grassland"),
        "wetlands": layer_id("wetlands", "wetland"),
        "mangroves": layer_id("mangroves", "mangrove"),
        "stand_age": layer_id("stand_age", "stand_age"),
    }
    years = {"bas_year": project.layer(bas).year}  # type: ignore[attr-defined]
    if ids["landcover_alternate"]:
        years["alt_year"] = project.layer(ids["landcover_alternate"]).year  # type: ignore[attr-defined]
    fields = {lid: dict(project.layer(lid).fields)  # type: ignore[attr-defined]
              for lid in ids.values() if lid}
    return {**ids, **years, "fields": fields}


def run_project(project: Project, out_dir: Path, *, threads: int | None = None,
                block_size: int | None = None, overwrite: bool = True,
                carbon_fraction: float = 0.47, progress: Progress = None,
                cancel: Cancel = None) -> Any:
    """Everything the project's [carbon] section configures (``sinkplanner run``): align the
    analysed layers (cached), then :func:`sinkmodels.carbon.run_project_carbon` into
    ``out_dir``, replaced atomically (a cancelled run leaves earlier results untouched).
    Progress: 0–30 % aligning, 30–100 % computing."""
    from gis.errors import CancelledError
    from sinkmodels.carbon import run_project_carbon

    def part(lo: float, hi: float) -> Progress:
        if progress is None:
            return None
        return lambda f, msg="": progress(lo + (hi - lo) * f, msg)

    project.table_path("carbon_pools")  # a clear error naming the project when it is missing
    job = project_job_arguments(project)
    layer_ids = [v for k, v in job.items() if k not in ("bas_year", "alt_year", "fields") and v]
    prepared = prepare_inputs(project, layer_ids=layer_ids, progress=part(0.0, 0.3),
                              cancel=cancel)
    if cancel is not None and cancel():
        raise CancelledError()
    tables = {key: path for key, path in project.tables.items() if key in CARBON_TABLES}
    return run_project_carbon(prepared, tables, out_dir, threads=threads,
                              block_size=block_size, overwrite=overwrite,
                              carbon_fraction=carbon_fraction, progress=part(0.3, 1.0),
                              cancel=cancel, where=project.path, **job)


# ---- project → planner ----------------------------------------------------------------------

def _first(project: Any, role: str, key: str | None = None) -> Any:
    if key and project.carbon.get(key) and project.has_layer(project.carbon[key]):
        return project.layer(project.carbon[key])
    layers = project.layers_with_role(role)
    return layers[0] if layers else None


#: planner column → canonical field keys a project may map ([[layers]] fields = {...})
_COMPARTMENT_FIELDS = {"forest_type": ("forest_type",), "age": ("age",),
                       "volume_m3_ha": ("volume", "volume_m3_ha"), "closure": ("closure",),
                       "land_class": ("land_class",), "category": ("category",),
                       "origin": ("origin",)}


def _renamed(table: Any, entry: Any, mapping: dict[str, tuple[str, ...]]) -> Any:
    if table is None:
        return None
    ren = {}
    for mine, keys in mapping.items():
        for k in keys:
            col = entry.fields.get(k)
            if col and col in table.columns and col != mine:
                ren[col] = mine
                break
    out = table.rename(columns=ren)
    out.attrs["source"] = str(entry.path)
    return out


def build_planner(project: Any, *, horizon: int = 2060, threads: int = 2,
                  progress: Any = None, cancel: Any = None) -> tuple[Any, Any]:
    """(Planner, PlanLayers) for a project: aligns the planning layers, reads the tables and
    builds the cohort table (the one block-wise pass)."""
    import pandas as pd

    from gis.errors import ProjectError
    from sinkmodels import tables as science
    from sinkmodels.planning.cohorts import PlanLayers, build_cohorts
    from sinkmodels.planning.constraints import Rules
    from sinkmodels.planning.projection import Planner, Pools, forest_model_from_tables
    from sinkmodels.planning.scenarios import load_actions

    entries = {
        "landcover": _first(project, "landcover", "landcover_baseline"),
        "compartments": _first(project, "compartments", "compartments"),
        "townships": _first(project, "townships", "townships"),
        "redline": _first(project, "redline"),
        "farmland": _first(project, "farmland"),
        "urban_boundary": _first(project, "urban_boundary"),
        "grassland": _first(project, "grassland"),
    }
    if entries["landcover"] is None:
        raise ProjectError(path=project.path or "<project>",
                           detail="no land-cover layer (role = \"landcover\") to plan on")
    ids = [e.id for e in entries.values() if e is not None]
    prepared = prepare_inputs(project, ids, progress=progress, cancel=cancel)

    def path(role: str) -> Any:
        e = entries[role]
        return None if e is None else prepared.paths[e.id]

    def table(role: str) -> Any:
        e = entries[role]
        return None if e is None else prepared.tables.get(e.id)

    legend_path = project.table_path("legend")
    legend = pd.read_csv(legend_path, encoding="utf-8-sig", comment=None)
    legend.attrs["source"] = str(legend_path)
    tw = entries["townships"]
    comp_e = entries["compartments"]
    layers = PlanLayers(
        grid=prepared.grid, landcover=path("landcover"), legend=legend,
        compartments=path("compartments"),
        compartment_attrs=_renamed(table("compartments"), comp_e, _COMPARTMENT_FIELDS)
        if comp_e is not None else None,
        townships=path("townships"), township_attrs=table("townships"),
        township_code_field=tw.fields.get("township", "XZDM") if tw is not None else "XZDM",
        township_name_field=tw.fields.get("name", "XZMC") if tw is not None else "XZMC",
        redline=path("redline"),
        redline_attrs=_renamed(table("redline"), entries["redline"], {"zone": ("zone",)})
        if entries["redline"] is not None else None,
        farmland=path("farmland"), urban=path("urban_boundary"),
        grassland=path("grassland"),
        grassland_attrs=_renamed(table("grassland"), entries["grassland"], {"grade": ("grade",)})
        if entries["grassland"] is not None else None,
        landcover_nodata=0,
    )
    cohorts = build_cohorts(layers, threads=threads, progress=progress, cancel=cancel,
                            cache_dir=project.work_folder() / "planning")
    actions = load_actions(project.table_path("actions"))
    rules = Rules.load(project.table_path("constraint_rules"), legend,
                       {a.id: a.kind for a in actions.values()})
    pools = Pools.from_tables(science.load_pools(project.table_path("carbon_pools")), legend)
    forest = forest_model_from_tables(
        science.load_forest_types(project.table_path("forest_types")),
        science.load("growth_curves", project.table_path("growth_curves")))
    planner = Planner(cohorts, forest, pools, actions, rules, base_year=project.base_year,
                      horizon=horizon)
    return planner, layers
