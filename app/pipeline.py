"""From a project to model-ready inputs: open every layer, choose the analysis grid, align.

Used by the CLI and by the GUI's background workers alike. Qt-free; long steps take
``progress(fraction, message)`` and ``cancel() -> bool`` callbacks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gis.errors import InputError, ProjectError
from gis.grid import GridSpec

from app.project import LayerEntry, Project

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
