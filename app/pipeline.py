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
from app.roles import COMPARTMENT_FIELDS, ROLE_KIND
from gis.errors import InputError, ProjectError
from gis.grid import GridSpec
from gis.layers import RasterLayer

if TYPE_CHECKING:
    import pandas as pd

    from gis.layers import Layer
    from gis.validate import Issue

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None

#: How each analysed role is put on the grid: class rasters by nearest/mode, continuous rasters by
#: average, polygons as 1-based feature-id rasters with their attribute table.


#: Roles the planner burns into its zone byte from polygons (:func:`build_planner`).
PLANNING_POLYGON_ROLES = ("redline", "farmland", "urban_boundary", "grassland")


@dataclass
class Prepared:
    """Aligned inputs: every raster path is on ``grid``; vector layers are feature-id rasters
    (1-based, 0 = none) whose attributes are in ``tables[layer_id]`` indexed by that id."""

    grid: GridSpec
    paths: dict[str, Path]
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


def progress_part(progress: Progress, lo: float, hi: float) -> Progress:
    """A progress callback that maps 0..1 of one step onto ``lo..hi`` of a whole job."""
    if progress is None:
        return None
    return lambda f, msg="": progress(lo + (hi - lo) * f, msg)


def parse_years(text: str) -> list[int]:
    """Years written like "2030, 2060" (commas, semicolons or the full-width comma a Chinese
    input method types), sorted and unique; InputError (``plan_map_years``) otherwise."""
    from gis.errors import InputError

    out = []
    for part in (text or "").replace(";", ",").replace("，", ",").split(","):
        if part.strip():
            try:
                out.append(int(part))
            except ValueError as exc:
                raise InputError("plan_map_years", value=text) from exc
    return sorted(set(out))


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

    entry = reference_entry(project)
    ref = open_entry(entry)
    resolution = project.grid.get("resolution")
    if not isinstance(ref, RasterLayer) and resolution in (None, ""):
        raise InputError("grid_resolution_needed", path=project.path or "<project>",
                         layer=entry.id)
    return reference_grid([ref], reference=ref, crs=project.grid.get("crs"),
                          resolution=resolution)


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
        layer = open_entry(entry)
        if entry.role == "landcover" and not isinstance(layer, RasterLayer):
            field_name, classes = landcover_classes(project, entry, layer)
            items.append(AlignItem(id=entry.id, layer=layer, kind="classes",
                                   attribute=field_name, classes=tuple(sorted(classes.items()))))
            continue
        items.append(AlignItem(id=entry.id, layer=layer, kind=kind))
    folder = workdir or project.work_folder() / "aligned"
    result = align_layers(items, grid, folder, progress=progress, cancel=cancel)
    return Prepared(grid=result.grid, paths=dict(result.paths), tables=dict(result.tables),
                    notices=list(result.notices))


def landcover_classes(project: Project, entry: LayerEntry, layer: Any
                      ) -> tuple[str, dict[str, int]]:
    """(class field, value → legend code) of a land-cover layer of polygons: the field the
    project names (``fields = { class = "DLBM" }``) and its values matched to the legend
    (:func:`gis.legend.match_classes`: the legend's codes, or another code column such as the
    Third National Land Survey's, by nesting prefix). Input errors name the file: no class
    field, a field the file lacks, values the legend does not list."""
    from gis.errors import GeometryError
    from gis.legend import class_values_error, match_classes, read_legend_text

    where = str(layer.path)
    field_name = entry.fields.get("class")
    if not field_name:
        raise InputError("landcover_class_field", path=where, fields=", ".join(layer.fields))
    if field_name not in layer.fields:
        raise GeometryError("field_missing", path=where, field=field_name,
                            fields=", ".join(layer.fields))
    legend_path = project.table_path("legend")
    match = match_classes(layer.values(field_name), read_legend_text(legend_path))
    if match.unknown:
        raise class_values_error(where, field_name, match, legend_path)
    return field_name, match.codes


def validate_project(project: Project) -> list[Issue]:
    """Every problem a run would meet, as a list (never raises): files, CRSs, overlap, tables,
    class codes against the legend and the pool table."""
    from gis.layers import require_vector
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
        if any(i.severity == "error" for i in layer_issues):
            continue
        try:
            layer = open_entry(entry)
            if entry.role in PLANNING_POLYGON_ROLES:
                require_vector(layer)
            if grid is not None:
                issues.extend(check_overlap(layer, grid))
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

    try:
        project_carbon_fraction(project)
    except ProjectError as exc:
        issues.append(Issue("error", exc.code, dict(exc.params), exc.path))
    issues.extend(table_issues(project))
    issues.extend(_target_issues(project))
    legend_codes = _codes(project, "legend", "code")
    pool_codes = _codes(project, "carbon_pools", "lucode")
    for entry in project.layers_with_role("landcover"):
        if not entry.path.exists():
            continue
        try:
            layer = open_entry(entry)
        except InputError:
            continue  # reported with the layer's checks above
        if not isinstance(layer, RasterLayer):
            issues.extend(_check_landcover_polygons(project, entry, layer, pool_codes))
            continue
        for codes, table in ((legend_codes, "legend"), (pool_codes, "carbon_pools")):
            if codes is not None:
                issues.extend(check_classes(entry.path, codes, table_name=project.tables[table].name))
    return issues


#: Each science table: its Chinese name, and when the project names none, the severity and
#: what is lost (English, Chinese).
TABLE_NEEDS: dict[str, tuple[str, str, str, str]] = {
    "legend": ("土地覆被图例", "error", "the carbon run, the planner and the report need it.",
               "碳计量、规划和报告都需要它。"),
    "carbon_pools": ("碳库表", "error", "the carbon run, the planner and the report need it.",
                     "碳计量、规划和报告都需要它。"),
    "forest_types": ("林分类型参数表", "warning", "planning needs it.", "规划需要它。"),
    "growth_curves": ("生长曲线表", "warning", "planning needs it.", "规划需要它。"),
    "constraint_rules": ("规划规则表", "warning", "planning needs it.", "规划需要它。"),
    "actions": ("修复措施表", "warning", "planning needs it.", "规划需要它。"),
    "grassland": ("草地碳参数表", "info", "without it grassland takes its class's pools.",
                  "缺少时草地采用其地类的碳库值。"),
    "blue_carbon": ("蓝碳参数表", "info",
                    "without it wetlands and mangroves take their class's pools.",
                    "缺少时湿地和红树林采用其地类的碳库值。"),
}


def table_issues(project: Project) -> list[Issue]:
    """The science tables the project does not name, with what each is needed for."""
    from app.project import TABLE_KEYS
    from gis.validate import Issue

    where = str(project.path or "<project>")
    return [Issue(severity, "table_not_named",  # type: ignore[arg-type]
                  {"table": key, "what": TABLE_KEYS.get(key, key), "what_zh": zh_name,
                   "needed_en": en, "needed_zh": zh}, where)
            for key, (zh_name, severity, en, zh) in TABLE_NEEDS.items()
            if key not in project.tables]


def _target_issues(project: Project) -> list[Issue]:
    """The project's [[targets]] as the planner reads them (years after the base year, to
    2060), and their regions: 'county' or a code of the townships layer."""
    from gis.validate import Issue
    from sinkmodels.planning.scenarios import HORIZON
    from sinkmodels.planning.targets import targets_from_project

    where = str(project.path or "<project>")
    try:
        targets = targets_from_project(project.targets, where, base_year=project.base_year,
                                       horizon=HORIZON)
    except ProjectError as exc:
        return [Issue("error", exc.code, dict(exc.params), exc.path)]
    regions = [(i, t.region) for i, t in enumerate(targets, start=1)
               if t.region not in ("county", "total", "all", "")]
    if not regions or not project.targets:
        return []
    codes = {c for c, _n in township_choices(project) or []}
    shown = ", ".join(sorted(codes)[:12]) + (" …" if len(codes) > 12 else "") or "–"
    return [Issue("error", "target_region_unknown",
                  {"n": i, "region": region, "codes": shown}, where)
            for i, region in regions if region not in codes]


def township_choices(project: Project, layer_id: str | None = None
                     ) -> list[tuple[str, str]] | None:
    """(code, name) of every township of the townships layer (``layer_id``, else the one
    [carbon] names, else the first of its role; codes from its ``township`` field, XZDM by
    default, names from ``name``, XZMC), sorted by code; None without a readable one."""
    from gis.errors import SinkplannerError
    from gis.legend import value_text

    entry = project.layer(layer_id) if layer_id and project.has_layer(layer_id) else \
        _first(project, "townships", "townships")
    if entry is None:
        return None
    try:
        layer = open_entry(entry)
        code_field = entry.fields.get("township", "XZDM")
        name_field = entry.fields.get("name", "XZMC")
        fields = getattr(layer, "fields", {}) or {}
        if code_field not in fields:
            return None
        codes = layer.values(code_field)
        names = layer.values(name_field) if name_field in fields else [""] * len(codes)
    except (SinkplannerError, OSError, ValueError):
        return None  # the layer's own problem is reported with the layers
    out: dict[str, str] = {}
    for c, n in zip(codes, names, strict=False):
        code = value_text(c)
        if code:
            out.setdefault(code, "" if n is None else str(n))
    return sorted(out.items())


def _check_landcover_polygons(project: Project, entry: LayerEntry, layer: Any,
                              pool_codes: set[int] | None) -> list[Issue]:
    """A land-cover layer of polygons: its class field and values against the legend, and the
    classes they map to against the pool table."""
    from gis.validate import Issue

    try:
        _field, classes = landcover_classes(project, entry, layer)
    except InputError as exc:
        return [Issue("error", exc.code, dict(exc.params), exc.path)]
    missing = sorted(set(classes.values()) - pool_codes) if pool_codes is not None else []
    if not missing:
        return []
    codes = ", ".join(str(c) for c in missing)
    return [Issue("error", "classes_missing",
                  {"n": len(missing), "codes": codes,
                   "table": project.tables["carbon_pools"].name,
                   "counts": dict.fromkeys(missing, 0)}, str(entry.path))]


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


#: IPCC's default carbon fraction of dry matter, for forest types whose table row gives none
DEFAULT_CARBON_FRACTION = 0.47


def project_carbon_fraction(project: Project) -> float:
    """The project's ``[carbon] carbon_fraction`` (0.47 IPCC by default; 0.50 is common Chinese
    practice): the carbon fraction of forest types whose table row gives none, for the carbon
    job, the planner and the report alike."""
    value = (getattr(project, "carbon", None) or {}).get("carbon_fraction",
                                                         DEFAULT_CARBON_FRACTION)
    ok = isinstance(value, (int, float)) and not isinstance(value, bool) and 0.0 < value <= 1.0
    if not ok:
        raise ProjectError("carbon_fraction_invalid", path=project.path or "<project>",
                           value=repr(value))
    return float(value)


def run_project(project: Project, out_dir: Path, *, threads: int | None = None,
                block_size: int | None = None, overwrite: bool = True,
                carbon_fraction: float | None = None, progress: Progress = None,
                cancel: Cancel = None) -> Any:
    """Everything the project's [carbon] section configures (``sinkplanner run``): align the
    analysed layers (cached), then :func:`sinkmodels.carbon.run_project_carbon` into
    ``out_dir``, replaced atomically (a cancelled run leaves earlier results untouched).
    ``carbon_fraction`` overrides the project's (:func:`project_carbon_fraction`).
    Progress: 0–30 % aligning, 30–100 % computing."""
    from gis.errors import CancelledError
    from sinkmodels.carbon import run_project_carbon

    project.table_path("carbon_pools")  # a clear error naming the project when it is missing
    cf = project_carbon_fraction(project) if carbon_fraction is None else carbon_fraction
    job = project_job_arguments(project)
    layer_ids = [v for k, v in job.items() if k not in ("bas_year", "alt_year", "fields") and v]
    prepared = prepare_inputs(project, layer_ids=layer_ids,
                              progress=progress_part(progress, 0.0, 0.3), cancel=cancel)
    if cancel is not None and cancel():
        raise CancelledError()
    tables = {key: path for key, path in project.tables.items() if key in CARBON_TABLES}
    return run_project_carbon(prepared, tables, out_dir, threads=threads,
                              block_size=block_size, overwrite=overwrite,
                              carbon_fraction=cf,
                              progress=progress_part(progress, 0.3, 1.0), cancel=cancel,
                              where=project.path, **job)


# ---- project → planner ----------------------------------------------------------------------

def _first(project: Any, role: str, key: str | None = None) -> Any:
    if key and project.carbon.get(key) and project.has_layer(project.carbon[key]):
        return project.layer(project.carbon[key])
    layers = project.layers_with_role(role)
    return layers[0] if layers else None




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

    from gis.align import align_codes
    from gis.errors import ProjectError
    from sinkmodels import tables as science
    from sinkmodels.bluecarbon import bluecarbon_params
    from sinkmodels.planning.cohorts import PlanLayers, build_cohorts, zone_dtype, zone_parts
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
        "wetland": _first(project, "wetland", "wetlands"),
    }
    if entries["landcover"] is None:
        raise ProjectError(path=project.path or "<project>",
                           detail="no land-cover layer (role = \"landcover\") to plan on")
    rasters = ("landcover", "compartments", "townships")
    ids = [entries[r].id for r in rasters if entries[r] is not None]
    prepared = prepare_inputs(project, ids, progress=progress, cancel=cancel)

    def opened(role: str) -> Any:
        e = entries[role]
        return None if e is None else open_entry(e)

    def field(role: str, key: str) -> str:
        e = entries[role]
        return str(e.fields.get(key, key)) if e is not None else key

    # the grassland and blue-carbon models of the carbon job apply to the base year too
    grass_table = _optional_table(project, "grassland")
    blue_table = _optional_table(project, "blue_carbon")
    blue_types = bluecarbon_params(blue_table).types if blue_table is not None else ()
    parts = zone_parts(redline=opened("redline"), redline_zone_field=field("redline", "zone"),
                       farmland=opened("farmland"), urban=opened("urban_boundary"),
                       grassland=opened("grassland"),
                       grassland_grade_field=field("grassland", "grade"),
                       wetland=opened("wetland") if blue_types else None,
                       wetland_type_field=field("wetland", "type"), blue_types=blue_types)
    zones = align_codes("planning_zones", parts, prepared.grid,
                        project.work_folder() / "aligned", dtype=zone_dtype(parts),
                        progress=progress, cancel=cancel).paths["planning_zones"] \
        if parts else None

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
        compartment_attrs=_renamed(table("compartments"), comp_e, COMPARTMENT_FIELDS)
        if comp_e is not None else None,
        townships=path("townships"), township_attrs=table("townships"),
        township_code_field=tw.fields.get("township", "XZDM") if tw is not None else "XZDM",
        township_name_field=tw.fields.get("name", "XZMC") if tw is not None else "XZMC",
        zones=zones, landcover_nodata=0,
    )
    cohorts = build_cohorts(layers, threads=threads, progress=progress, cancel=cancel,
                            cache_dir=project.work_folder() / "planning")
    actions = load_actions(project.table_path("actions"))
    rules = Rules.load(project.table_path("constraint_rules"), legend,
                       {a.id: a.kind for a in actions.values()})
    pools = Pools.from_tables(science.load_pools(project.table_path("carbon_pools")), legend,
                              grass_table, blue_table)
    forest = forest_model_from_tables(
        science.load_forest_types(project.table_path("forest_types")),
        science.load("growth_curves", project.table_path("growth_curves")),
        project_carbon_fraction(project))
    planner = Planner(cohorts, forest, pools, actions, rules, base_year=project.base_year,
                      horizon=horizon)
    return planner, layers


def _optional_table(project: Any, key: str) -> Any:
    """A science table the project names (``sinkmodels.tables.load``), or None without one."""
    from sinkmodels import tables as science

    return science.load(key, project.table_path(key)) if key in project.tables else None


# ---- plan outputs (shared by `sinkplanner plan` and the report) -----------------------------

@dataclass
class PlanOutputs:
    """What :func:`write_plan_outputs` wrote: every file in ``out_dir`` and the contents of its
    ``summary.json`` (``summary["scenarios"]``: one summary per projected scenario)."""

    out_dir: Path
    files: list[Path]
    summary: dict[str, Any]


def write_plan_outputs(planner: Any, layers: Any, project: Project, out_dir: str | Path, *,
                       scenarios: Iterable[str] | None = None, map_years: Iterable[int] = (),
                       plan_layer: str | Path | None = None, action_field: str = "action",
                       allocation: Any = None, threads: int = 2, progress: Progress = None,
                       cancel: Cancel = None) -> PlanOutputs:
    """Project the project's scenarios (``scenarios``: names, None = all) with ``planner`` and
    ``layers`` (from :func:`build_planner`) and write what ``sinkplanner plan`` documents into
    ``out_dir``, replaced atomically: a failed or cancelled run leaves it as it was.

    ``map_years``: years to write per-pixel maps for; ``plan_layer``: polygons whose
    ``action_field`` is checked against the rules (else the first scenario's ``plan_layer``);
    ``allocation``: an ``AllocationRequest`` added to every scenario."""
    import dataclasses
    import json
    import tempfile

    import pandas as pd

    from gis.errors import CancelledError
    from gis.io import atomic_dir, write_json_atomic, write_text_atomic
    from gis.messages import format_message
    from sinkmodels.planning.allocation import write_priority_map
    from sinkmodels.planning.constraints import CONFLICT_COLUMNS
    from sinkmodels.planning.scenarios import scenarios_from_project
    from sinkmodels.planning.targets import status, target_dicts, targets_from_project

    def check() -> None:
        if cancel is not None and cancel():
            raise CancelledError()

    where = str(project.path or "<project>")
    years = sorted({int(y) for y in map_years})
    for y in years:
        if not planner.base_year <= y <= planner.horizon:
            raise InputError("plan_map_year", year=y, first=planner.base_year,
                             last=planner.horizon)
    chosen = scenarios_from_project(project.scenarios, planner.actions,
                                    base_year=planner.base_year, horizon=planner.horizon,
                                    where=where)
    if scenarios is not None:
        names = list(scenarios)
        for name in names:
            project.scenario(name)  # raises with the list of names
        chosen = [s for s in chosen if s.name in names]
    if not chosen:
        raise ProjectError(path=where, detail="the project has no [[scenarios]] to project")
    targets = targets_from_project(project.targets, where, base_year=planner.base_year,
                                   horizon=planner.horizon)
    if allocation is not None:
        chosen = [dataclasses.replace(sc, allocate=allocation) for sc in chosen]

    yearly, towns, scheds, stats, conflict_rows = [], [], [], [], []
    notices: list[str] = []
    out = Path(out_dir)
    with atomic_dir(out) as tmp:
        geoms = None
        plan_path = plan_layer
        for i, sc in enumerate(chosen):
            check()
            if progress is not None:
                progress(i / len(chosen), sc.name)
            plan_path = plan_path or sc.plan_layer
            proj = planner.project(sc, map_years=years, cancel=cancel)
            notices += [f"{sc.name}: {n}" for n in proj.notices]
            for df, bucket in ((proj.yearly, yearly), (proj.townships, towns),
                               (proj.schedule, scheds)):
                d = df.copy()
                d.insert(0, "scenario", sc.name)
                bucket.append(d)
            st = status(proj, targets)
            st.insert(0, "scenario", sc.name)
            stats.append(st)
            for r in proj.schedule.itertuples():
                if r.shortfall_ha > 0:
                    conflict_rows.append({"scenario": sc.name, "rule_id": "no_allowed_land",
                                          "action": r.action, "zone": "", "land_class": "",
                                          "feature": f"{r.year}", "plan_action": r.action,
                                          "area_ha": r.shortfall_ha,
                                          "reason_en": "scheduled area found no land where the "
                                          "action is eligible and allowed",
                                          "reason_zh": "计划面积找不到符合条件且规则允许的土地",
                                          "source": "schedule"})
            if years:
                planner.write_maps(proj, years, tmp / "maps" / sc.name, threads=threads,
                                   cancel=cancel)
            if proj.allocation is not None:
                n_sched = len(proj.events) - len(proj.allocation.events)
                write_priority_map(planner, proj.allocation, tmp / "allocation" / sc.name,
                                   events=proj.events, first=n_sched, threads=threads)
                bt = proj.allocation.by_township
                bt.to_csv(tmp / "allocation" / sc.name / "by_township.csv", index=False)
        check()
        if plan_path:
            with tempfile.TemporaryDirectory(dir=tmp) as work:
                pc = check_plan_layer(planner, layers, _resolve(plan_path, project),
                                      action_field, Path(work), threads=threads)
            for r in pc.by_polygon.to_dict("records"):
                conflict_rows.append({"scenario": "plan_layer", **r})
            geoms = pc.geometries
            pd.DataFrame(pc.by_rule).to_csv(tmp / "conflicts_by_rule.csv", index=False)
        yearly_df = pd.concat(yearly, ignore_index=True)
        yearly_df.to_csv(tmp / "projection.csv", index=False)
        write_json_atomic(tmp / "projection.json", _records(yearly_df))
        pd.concat(towns, ignore_index=True).to_csv(tmp / "projection_townships.csv", index=False)
        pd.concat(scheds, ignore_index=True).to_csv(tmp / "schedule.csv", index=False)
        status_df = pd.concat(stats, ignore_index=True)
        status_df.to_csv(tmp / "targets.csv", index=False)
        write_json_atomic(tmp / "targets.json", {"targets": target_dicts(targets),
                                                 "status": _records(status_df)})
        conf = pd.DataFrame(conflict_rows, columns=["scenario", *CONFLICT_COLUMNS])
        conf.to_csv(tmp / "conflicts.csv", index=False)
        if geoms is not None:
            geoms.to_file(tmp / "conflicts.gpkg", layer="conflicts", driver="GPKG")
        _comparison(chosen, yearly_df, status_df).to_csv(tmp / "comparison.csv", index=False)
        summary = _plan_summary(planner, chosen, yearly_df, status_df, conf, notices, years)
        write_text_atomic(tmp / "summary.json", json.dumps(summary, ensure_ascii=False,
                                                           indent=2, default=_jd) + "\n")
        written = sorted(p.relative_to(tmp) for p in tmp.rglob("*") if p.is_file())
    if progress is not None:
        progress(1.0, format_message("progress_done"))
    return PlanOutputs(out, [out / p for p in written], summary)


def check_plan_layer(planner: Any, layers: Any, plan: Any, action_field: str, workdir: Path,
                     threads: int = 2, label_field: str | None = None) -> Any:
    """Conflicts of a plan layer (a vector file, or its features as a GeoDataFrame) with an
    action per polygon in ``action_field``. Polygons are named by ``label_field``, else by a
    ``plan_id``/``id``/``name``/``fid`` column, else by their number; repeated names get the
    polygon's number, since each must name one polygon."""
    from gis.align import prepare_features, rasterize_vector
    from gis.errors import GeometryError
    from sinkmodels.planning.constraints import plan_conflicts

    gdf, where, _issues = prepare_features(plan, layers.grid, None)
    for name in (action_field, label_field):
        if name is not None and name not in gdf.columns:
            raise GeometryError("field_missing", path=where, field=name,
                                fields=", ".join(c for c in gdf.columns
                                                 if c != gdf.geometry.name))
    ids_path = rasterize_vector(gdf, layers.grid, workdir / "plan_ids.tif")
    actions = [str(a) for a in gdf[action_field].tolist()]
    label_col = label_field or next(
        (c for c in ("plan_id", "id", "name", "fid") if c in gdf.columns), None)
    labels = unique_labels(gdf[label_col].tolist() if label_col
                           else list(range(1, len(gdf) + 1)))
    conflicts = plan_conflicts(layers, planner.rules, ids_path, actions,
                               feature_labels=labels, threads=threads)
    if len(conflicts.by_polygon):
        import geopandas as gpd

        feat = {lab: i for i, lab in enumerate(labels)}
        rows = conflicts.by_polygon
        geoms = [gdf.geometry.iloc[feat[f]] for f in rows["feature"]]
        conflicts.geometries = gpd.GeoDataFrame(rows.reset_index(drop=True), geometry=geoms,
                                                crs=gdf.crs)
    return conflicts


def unique_labels(values: list[Any]) -> list[Any]:
    """``values`` with each repeated one (as text) followed by its 1-based position."""
    text = [str(v) for v in values]
    seen: dict[str, int] = {}
    for t in text:
        seen[t] = seen.get(t, 0) + 1
    return [f"{t} (#{i})" if seen[t] > 1 else v
            for i, (t, v) in enumerate(zip(text, values, strict=True), start=1)]


def _resolve(p: str | Path, project: Any) -> Path:
    path = Path(p).expanduser()
    if not path.is_absolute() and not path.exists():
        path = project.folder / path
    return path


def _jd(o: Any) -> Any:
    import numpy as np

    if isinstance(o, np.generic):
        return o.item()
    return str(o)


def _records(df: Any) -> list[dict[str, Any]]:
    import numpy as np
    import pandas as pd

    def clean(v: Any) -> Any:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        return v.item() if isinstance(v, np.generic) else v

    return [{k: clean(v) for k, v in r.items()} for r in df.to_dict("records")]


def _comparison(scenarios: Any, yearly: Any, status_df: Any) -> Any:
    """Scenarios side by side: one row each with key years, cumulative sink, cost and the year
    each target is reached."""
    import pandas as pd

    rows = []
    for sc in scenarios:
        y = yearly[yearly["scenario"] == sc.name].set_index("year")
        first, last = int(y.index.min()), int(y.index.max())
        sink = y["sink_tCO2e_per_yr"].fillna(0.0).cumsum()
        row: dict[str, Any] = {"scenario": sc.name, "title_en": sc.title.get("en", sc.name),
                               "title_zh": sc.title.get("zh", sc.name)}
        for yr in sorted({first, 2030, 2035, last}):
            if yr in y.index:
                row[f"forest_cover_pct_{yr}"] = y.loc[yr, "forest_cover_pct"]
                row[f"stock_volume_m3_{yr}"] = y.loc[yr, "stock_volume_m3"]
                row[f"carbon_stock_tC_{yr}"] = y.loc[yr, "carbon_stock_tC"]
                row[f"cumulative_sink_tCO2e_{first}_{yr}"] = sink.loc[yr]
        cost = float(y["cost_cny"].sum())
        row["total_cost_cny"] = cost
        row["mean_sink_tCO2e_per_yr"] = float(y["sink_tCO2e_per_yr"].iloc[1:].mean())
        st = status_df[status_df["scenario"] == sc.name]
        for t in st.itertuples():
            row[f"reached_{t.region}_{t.metric}_{t.target:g}_by_{t.target_year}"] = \
                t.year_reached
        rows.append(row)
    out = pd.DataFrame(rows)
    for col in out.columns:
        if str(col).startswith("reached_"):
            out[col] = pd.array(out[col].tolist(), dtype="Int64")  # empty = not by the horizon
    return out


def _plan_summary(planner: Any, scenarios: Any, yearly: Any, status_df: Any, conf: Any,
                  notices: list[str], map_years: list[int]) -> dict[str, Any]:
    co = planner.cohorts
    out: dict[str, Any] = {"base_year": planner.base_year, "horizon": planner.horizon,
                           "cohorts": len(co), "pixels": int(co.pixels.sum()),
                           "land_area_ha": float(planner.land_area_twp.sum()),
                           "map_years": map_years, "scenarios": [], "notices": notices,
                           "conflict_area_ha": float(conf["area_ha"].sum()) if len(conf) else 0.0}
    for sc in scenarios:
        y = yearly[yearly["scenario"] == sc.name].set_index("year")
        st = status_df[status_df["scenario"] == sc.name]
        out["scenarios"].append({
            "name": sc.name, "title": dict(sc.title),
            "forest_cover_pct": {str(k): float(y.loc[k, "forest_cover_pct"])
                                 for k in (planner.base_year, 2030, planner.horizon) if k in y.index},
            "stock_volume_m3": {str(k): float(y.loc[k, "stock_volume_m3"])
                                for k in (planner.base_year, 2030, planner.horizon) if k in y.index},
            "mean_sink_tCO2e_per_yr": float(y["sink_tCO2e_per_yr"].iloc[1:].mean()),
            "total_cost_cny": float(y["cost_cny"].sum()),
            "targets": _records(st.drop(columns=["scenario"])),
        })
    return out
