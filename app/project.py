"""Project files: what a user opens, edits and saves.

A project is a TOML file naming the layers (rasters and vectors, each with a role), the parameter
tables, the analysis settings, the targets and the scenarios. Paths inside are relative to the
project file so a project folder can be copied or zipped as a whole. The in-memory model is plain
Python (no Qt): the GUI wraps it, the CLI and the engines read it.

Saving is atomic (temporary file, then rename); unknown sections and keys are preserved so a
project written by a newer version survives a round-trip through an older one.
"""

from __future__ import annotations

import copy
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gis.errors import MissingFileError, ProjectError
from gis.io import write_text_atomic

#: Layer roles the models understand. Anything else is shown on the map but not analysed.
ROLES = (
    "landcover", "compartments", "grassland", "wetland", "mangrove", "stand_age", "volume",
    "redline", "farmland", "urban_boundary", "townships", "boundary", "result", "other",
)
CONSTRAINT_ROLES = ("redline", "farmland", "urban_boundary")

#: Table keys the project may name, with what each holds.
TABLE_KEYS = {
    "legend": "land-cover legend (code, names, ecosystem, colour)",
    "carbon_pools": "carbon pools per land-cover class, InVEST format (t C/ha)",
    "forest_types": "forest types: volume-to-biomass method and parameters",
    "growth_curves": "growth curves (Chapman–Richards) per forest type",
    "grassland": "grassland biomass and soil carbon factors per degradation grade",
    "blue_carbon": "wetland and mangrove biomass, soil and accumulation rates",
    "constraint_rules": "which action is allowed in which zone and on which land class",
    "actions": "restoration actions: defaults, eligibility and costs",
}

_LAYER_KEYS = ("id", "path", "role", "title", "year", "visible", "opacity", "crs", "encoding",
               "fields", "style", "layer")


@dataclass
class LayerEntry:
    """One layer of a project. ``path`` is absolute once loaded."""

    id: str
    path: Path
    role: str = "other"
    title: dict[str, str] = field(default_factory=dict)
    year: int | None = None
    visible: bool = True
    opacity: float = 1.0
    crs: str | None = None  # override for files without (or with a wrong) CRS
    encoding: str | None = None  # override for vector attribute encoding
    layer: str | None = None  # sub-layer name in multi-layer files (GeoPackage)
    fields: dict[str, str] = field(default_factory=dict)  # canonical name -> field in the file
    style: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown keys, preserved

    def display_name(self, lang: str = "en") -> str:
        return self.title.get(lang) or self.title.get("en") or self.title.get("zh") or self.id

    def field(self, name: str) -> str:
        """The file's field name for the canonical attribute ``name``."""
        return self.fields.get(name, name)

    def open_options(self) -> dict[str, Any]:
        """Keyword arguments for :func:`gis.readers.open_layer`."""
        opts: dict[str, Any] = {}
        if self.crs:
            opts["crs"] = self.crs
        if self.encoding:
            opts["encoding"] = self.encoding
        if self.layer:
            opts["layer"] = self.layer
        return opts

    def to_dict(self, base: Path | None) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "path": _rel(self.path, base), "role": self.role}
        if self.title:
            d["title"] = dict(self.title)
        if self.year is not None:
            d["year"] = self.year
        d["visible"] = self.visible
        d["opacity"] = self.opacity
        for key in ("crs", "encoding", "layer"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        if self.fields:
            d["fields"] = dict(self.fields)
        if self.style:
            d["style"] = copy.deepcopy(self.style)
        d.update(copy.deepcopy(self.extra))
        return d


@dataclass
class Project:
    """A Sinkplanner project (see DESIGN.md for the file format)."""

    name: str = "Untitled"
    path: Path | None = None
    base_year: int = 2020
    language: str | None = None
    grid: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, Path] = field(default_factory=dict)
    layers: list[LayerEntry] = field(default_factory=list)
    carbon: dict[str, Any] = field(default_factory=dict)
    targets: list[dict[str, Any]] = field(default_factory=list)
    scenarios: list[dict[str, Any]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # unknown sections, preserved

    # ---- construction ----------------------------------------------------------------------
    @classmethod
    def new(cls, name: str = "Untitled") -> Project:
        return cls(name=name)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Project:
        """Read a project file. Raises :class:`ProjectError` naming the file and the problem."""
        path = Path(path).expanduser()
        if not path.exists():
            raise MissingFileError(path=path)
        try:
            with open(path, "rb") as f:
                data = tomllib.load(f)
        except tomllib.TOMLDecodeError as exc:
            raise ProjectError("project_unreadable", path=path, detail=str(exc)) from exc
        except (OSError, UnicodeDecodeError) as exc:
            raise ProjectError("project_unreadable", path=path, detail=str(exc)) from exc
        project = cls.from_dict(data, base=path.resolve().parent, source=path)
        project.path = path.resolve()
        return project

    @classmethod
    def from_dict(cls, data: dict[str, Any], base: Path | None = None,
                  source: Path | None = None) -> Project:
        data = copy.deepcopy(data)
        where = source or Path("<project>")

        def bad(detail: str) -> ProjectError:
            return ProjectError(path=where, detail=detail)

        head = data.pop("project", {})
        if not isinstance(head, dict):
            raise bad("[project] must be a table")
        layers_raw = data.pop("layers", [])
        if not isinstance(layers_raw, list):
            raise bad("'layers' must be an array of tables ([[layers]])")
        layers: list[LayerEntry] = []
        seen: set[str] = set()
        for i, raw in enumerate(layers_raw, start=1):
            if not isinstance(raw, dict) or "path" not in raw:
                raise bad(f"layer {i} needs a 'path'")
            lid = str(raw.get("id") or Path(str(raw["path"])).stem)
            if lid in seen:
                raise bad(f"two layers have the id '{lid}'; ids must be unique")
            seen.add(lid)
            role = str(raw.get("role", "other"))
            if role not in ROLES:
                raise bad(f"layer '{lid}': unknown role '{role}' (known: {', '.join(ROLES)})")
            title = raw.get("title", {})
            if isinstance(title, str):
                title = {"en": title, "zh": title}
            try:
                opacity = float(raw.get("opacity", 1.0))
                year = None if raw.get("year") is None else int(raw["year"])
            except (TypeError, ValueError) as exc:
                raise bad(f"layer '{lid}': {exc}") from exc
            layers.append(LayerEntry(
                id=lid, path=_abs(raw["path"], base), role=role, title=dict(title), year=year,
                visible=bool(raw.get("visible", True)), opacity=min(1.0, max(0.0, opacity)),
                crs=raw.get("crs"), encoding=raw.get("encoding"), layer=raw.get("layer"),
                fields=dict(raw.get("fields", {})), style=dict(raw.get("style", {})),
                extra={k: v for k, v in raw.items() if k not in _LAYER_KEYS},
            ))
        tables_raw = data.pop("tables", {})
        if not isinstance(tables_raw, dict):
            raise bad("[tables] must be a table of name = path")
        tables = {str(k): _abs(v, base) for k, v in tables_raw.items()}
        targets = data.pop("targets", [])
        scenarios = data.pop("scenarios", [])
        if not isinstance(targets, list) or not isinstance(scenarios, list):
            raise bad("'targets' and 'scenarios' must be arrays of tables ([[targets]], [[scenarios]])")
        names = [s.get("name") for s in scenarios]
        if len(names) != len(set(names)) or any(not n for n in names):
            raise bad("every scenario needs a unique 'name'")
        try:
            base_year = int(head.get("base_year", 2020))
        except (TypeError, ValueError) as exc:
            raise bad(f"base_year: {exc}") from exc
        project = cls(
            name=str(head.get("name", "Untitled")),
            base_year=base_year,
            language=head.get("language"),
            grid=dict(data.pop("grid", {})),
            tables=tables,
            layers=layers,
            carbon=dict(data.pop("carbon", {})),
            targets=[dict(t) for t in targets],
            scenarios=[dict(s) for s in scenarios],
            extra={"project": {k: v for k, v in head.items()
                               if k not in ("name", "base_year", "language")}, **data},
        )
        project._check_references(where)
        return project

    def _check_references(self, where: Path) -> None:
        ids = {layer.id for layer in self.layers}
        for key, value in list(self.carbon.items()) + [("grid.reference", self.grid.get("reference"))]:
            if key in ("landcover_baseline", "landcover_alternate", "compartments", "townships",
                       "grid.reference", "stand_age", "volume") and value and value not in ids:
                raise ProjectError(path=where, detail=f"'{key}' names the layer '{value}', "
                                   "which is not in [[layers]]")

    # ---- saving ------------------------------------------------------------------------------
    def to_dict(self, base: Path | None = None) -> dict[str, Any]:
        """The TOML document, paths relative to ``base`` (default: the project folder)."""
        if base is None and self.path is not None:
            base = self.path.parent
        head = {"name": self.name, "base_year": self.base_year}
        if self.language:
            head["language"] = self.language
        head.update(self.extra.get("project", {}))
        d: dict[str, Any] = {"project": head}
        if self.grid:
            d["grid"] = copy.deepcopy(self.grid)
        if self.tables:
            d["tables"] = {k: _rel(v, base) for k, v in self.tables.items()}
        d["layers"] = [layer.to_dict(base) for layer in self.layers]
        if self.carbon:
            d["carbon"] = copy.deepcopy(self.carbon)
        if self.targets:
            d["targets"] = copy.deepcopy(self.targets)
        if self.scenarios:
            d["scenarios"] = copy.deepcopy(self.scenarios)
        for k, v in self.extra.items():
            if k != "project":
                d[k] = copy.deepcopy(v)
        return d

    def save(self, path: str | os.PathLike[str] | None = None) -> Path:
        """Write the project atomically; with ``path``, save as (paths re-relativised)."""
        target = Path(path).expanduser().resolve() if path is not None else self.path
        if target is None:
            raise ProjectError(path="<unsaved project>", detail="choose a file name to save to")
        self.write_copy(target)
        self.path = target
        return target

    def write_copy(self, path: str | os.PathLike[str]) -> Path:
        """Write the project atomically to ``path`` (paths relative to it) without making it
        the project's file: for autosave/recovery copies."""
        import tomli_w

        target = Path(path).expanduser().resolve()
        return write_text_atomic(target, tomli_w.dumps(_drop_none(self.to_dict(base=target.parent))))

    # ---- lookups -----------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.path.parent if self.path is not None else Path.cwd()

    def layer(self, layer_id: str) -> LayerEntry:
        for layer in self.layers:
            if layer.id == layer_id:
                return layer
        raise ProjectError(path=self.path or "<project>", detail=f"no layer with id '{layer_id}'")

    def has_layer(self, layer_id: str | None) -> bool:
        return layer_id is not None and any(layer.id == layer_id for layer in self.layers)

    def layers_with_role(self, role: str) -> list[LayerEntry]:
        return [layer for layer in self.layers if layer.role == role]

    def table_path(self, key: str) -> Path:
        """Path of the table ``key``; raises when the project does not name it or it is missing."""
        if key not in self.tables:
            raise ProjectError(path=self.path or "<project>",
                               detail=f"the project names no '{key}' table "
                               f"({TABLE_KEYS.get(key, key)}); add it under [tables]")
        p = self.tables[key]
        if not p.exists():
            raise MissingFileError(path=p)
        return p

    def scenario(self, name: str) -> dict[str, Any]:
        for s in self.scenarios:
            if s.get("name") == name:
                return s
        known = ", ".join(str(s.get("name")) for s in self.scenarios) or "none"
        raise ProjectError(path=self.path or "<project>",
                           detail=f"no scenario named '{name}' (scenarios: {known})")

    # ---- scenarios ---------------------------------------------------------------------------
    def scenario_names(self) -> list[str]:
        return [str(s.get("name")) for s in self.scenarios]

    def free_scenario_name(self, stem: str, taken: Iterable[str] = ()) -> str:
        """A valid scenario name not used yet: ``stem`` itself when free, else ``stem_2``,
        ``stem_3``… (a trailing ``_N`` of ``stem`` is replaced, so a copy of "afforestation_2"
        is offered as "afforestation_3"). ``taken``: further names in use (the dashboard's
        unsaved scenarios)."""
        used = set(self.scenario_names()) | {str(t) for t in taken}
        stem = _NAME_BAD.sub("_", str(stem).strip()).lstrip(".") or "scenario"
        if stem.lower() in RESERVED_SCENARIO_NAMES:
            stem = f"{stem}_scenario"
        if stem not in used:
            return stem
        head, sep, tail = stem.rpartition("_")
        root = head if sep and tail.isdigit() and head else stem
        n = 2
        while f"{root}_{n}" in used:
            n += 1
        return f"{root}_{n}"

    def scenario_name_problem(self, name: str, taken: Iterable[str] = ()) -> str | None:
        """Why ``name`` cannot name a new scenario, as a code (None = fine): 'empty',
        'invalid' (whitespace, a character a file name may not hold, a leading dot, more than
        64 characters: the name becomes output folder names), 'reserved' ('all' means every
        scenario to ``sinkplanner plan --scenario``) or 'duplicate'."""
        return scenario_name_problem(name, set(self.scenario_names()) | {str(t) for t in taken})

    def add_scenario(self, scenario: Mapping[str, Any]) -> dict[str, Any]:
        """Append a ``[[scenarios]]`` table (a copy; see :func:`scaled_scenario_dict`,
        :func:`allocation_scenario_dict`). Raises ProjectError when its name is empty, invalid
        or taken, or its title is not a table of languages."""
        d = copy.deepcopy(dict(scenario))
        name = str(d.get("name") or "")
        problem = self.scenario_name_problem(name)
        if problem is not None:
            raise ProjectError(path=self.path or "<project>",
                               detail=f"scenario name '{name}': {_NAME_PROBLEMS[problem]}")
        if "title" in d:
            d["title"] = bilingual(d["title"], name)
        d["name"] = name
        self.scenarios.append(d)
        return d

    def remove_scenario(self, name: str) -> dict[str, Any]:
        """Remove the scenario ``name`` (ProjectError naming the scenarios when there is none)
        and return its table."""
        d = self.scenario(name)
        self.scenarios.remove(d)
        return d

    def add_layer(self, path: str | os.PathLike[str], role: str = "other",
                  layer_id: str | None = None, **kwargs: Any) -> LayerEntry:
        """Append a layer with a unique id derived from the file name."""
        p = Path(path).expanduser().resolve()
        base_id = layer_id or p.stem
        lid, n = base_id, 1
        while self.has_layer(lid):
            n += 1
            lid = f"{base_id}_{n}"
        entry = LayerEntry(id=lid, path=p, role=role, **kwargs)
        self.layers.append(entry)
        return entry

    def work_folder(self) -> Path:
        """Where derived data (aligned rasters) is cached: beside the project when writable,
        else in the user's cache folder."""
        candidates = []
        if self.path is not None:
            candidates.append(self.path.parent / ".sinkplanner-cache")
        cache_home = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
        candidates.append(Path(cache_home or Path.home() / ".cache") / "sinkplanner")
        for c in candidates:
            try:
                c.mkdir(parents=True, exist_ok=True)
                probe = c / ".write-test"
                probe.write_text("ok")
                probe.unlink()
                return c
            except OSError:
                continue
        raise ProjectError(path=candidates[0], detail="no writable folder for the analysis cache")


# ---- scenario tables (the dicts [[scenarios]] holds; read by sinkmodels.planning.scenarios) ------

#: names ``sinkplanner plan --scenario`` gives a meaning of its own
RESERVED_SCENARIO_NAMES = ("all",)
_NAME_BAD = re.compile(r'[\s/\\:*?"<>|\x00-\x1f]')
_NAME_PROBLEMS = {
    "empty": "a scenario needs a name",
    "invalid": "no spaces, no / \\ : * ? \" < > |, no leading dot, at most 64 characters",
    "reserved": "'all' means every scenario to `sinkplanner plan --scenario`",
    "duplicate": "the project already has a scenario of that name",
}


def scenario_name_problem(name: str, taken: Iterable[str] = ()) -> str | None:
    """See :meth:`Project.scenario_name_problem`."""
    name = str(name or "")
    if not name.strip():
        return "empty"
    if _NAME_BAD.search(name) or name.startswith(".") or len(name) > 64:
        return "invalid"
    if name.lower() in RESERVED_SCENARIO_NAMES:
        return "reserved"
    if name in set(taken):
        return "duplicate"
    return None


def bilingual(title: Any, fallback: str = "") -> dict[str, str]:
    """A scenario title as {"en", "zh"} (and any further languages it has): a plain string
    serves both, a missing language takes the other's text, then ``fallback``."""
    if isinstance(title, Mapping):
        out = {str(k): str(v) for k, v in title.items() if v is not None and str(v).strip()}
    elif title is not None and str(title).strip():
        out = {"en": str(title), "zh": str(title)}
    else:
        out = {}
    en = out.get("en") or out.get("zh") or fallback
    zh = out.get("zh") or out.get("en") or fallback
    return {**out, "en": en, "zh": zh}


def scaled_scenario_dict(base: Mapping[str, Any], factors: Mapping[str, float], *, name: str,
                         title: Any = None) -> dict[str, Any]:
    """A ``[[scenarios]]`` table from ``base`` (another one) with each action's yearly area
    multiplied by its factor (the dashboard's scenario studio; 1.0 = as planned, absent =
    1.0). Everything else of ``base`` comes along: harvest and disturbance rates, townships,
    an ``allocate`` table, keys this version does not know. The areas are the same products
    the studio projected (``Scenario.with_area_scaled``), so ``sinkplanner plan --scenario
    NAME`` reproduces the studio's projection. ``title`` (a string or {en, zh}) defaults to
    the base title marked as changed."""
    from sinkmodels.planning.scenarios import scaled_area  # what the studio projects

    d = copy.deepcopy(dict(base))
    d.setdefault("harvest_pct_per_yr", 0.0)
    d.setdefault("disturbance_pct_per_yr", 0.0)
    changed = {str(a): float(f) for a, f in factors.items() if abs(float(f) - 1.0) > 1e-9}
    rows = []
    for raw in d.get("actions", []) or []:
        row = dict(raw)
        f = changed.get(str(row.get("action", "")))
        if f is not None:
            if "schedule" in row:
                row["schedule"] = {str(y): scaled_area(a, f)
                                   for y, a in dict(row["schedule"]).items()}
            else:
                row["area_ha_per_yr"] = scaled_area(row.get("area_ha_per_yr", 0.0), f)
        rows.append(row)
    if "actions" in d:
        d["actions"] = rows
    if title is None:
        t = bilingual(base.get("title"), str(base.get("name") or name))
        used = {changed.get(str(r.get("action", "")), 1.0) for r in rows}
        if len(used) == 1 and changed:  # every action scaled alike: say by how much
            pct = f"{used.pop() * 100:.4g}%"
            title = {"en": f"{t['en']} ({pct} of planned areas)",
                     "zh": f"{t['zh']}（计划面积的 {pct}）"}
        elif changed:
            title = {"en": f"{t['en']} (adjusted)", "zh": f"{t['zh']}（已调整）"}
        else:
            title = t
    return _named(d, name, bilingual(title, name))


def _named(d: dict[str, Any], name: str, title: dict[str, str]) -> dict[str, Any]:
    """``d`` with its name and title first, as a scenario table reads best."""
    rest = {k: v for k, v in d.items() if k not in ("name", "title")}
    return {"name": name, "title": title, **rest}


def allocation_table(request: Any) -> dict[str, Any]:
    """The ``[scenarios.allocate]`` table of an allocation request
    (``sinkmodels.planning.scenarios.AllocationRequest``: actions, start, end, and budget_cny
    or cover_target_pct + year for a region)."""
    t: dict[str, Any] = {"actions": [str(a) for a in request.actions],
                         "start": int(request.start), "end": int(request.end)}
    if request.budget_cny is not None:
        t["budget_cny"] = float(request.budget_cny)
    if request.cover_target_pct is not None:
        t["cover_target_pct"] = float(request.cover_target_pct)
    if request.year is not None:
        t["year"] = int(request.year)
    if request.region and str(request.region) != "county":
        t["region"] = str(request.region)
    return t


def allocation_scenario_dict(request: Any, *, name: str, title: Any = None,
                             base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A ``[[scenarios]]`` table that allocates as ``request`` does (Analysis → Allocate…'s
    ``AllocationSpec.request``), on top of ``base`` (its schedule, harvest and disturbance
    rates and other keys; a base's own ``allocate`` table is replaced) or alone (no schedule,
    no harvest, no disturbance: as the dashboard projected it)."""
    if base is not None:
        d = copy.deepcopy(dict(base))
        d.pop("allocate", None)
        d.setdefault("harvest_pct_per_yr", 0.0)
        d.setdefault("disturbance_pct_per_yr", 0.0)
    else:
        d = {"harvest_pct_per_yr": 0.0, "disturbance_pct_per_yr": 0.0}
    d["allocate"] = allocation_table(request)
    return _named(d, name, bilingual(title, name))


def _abs(value: Any, base: Path | None) -> Path:
    p = Path(str(value)).expanduser()
    if not p.is_absolute() and base is not None:
        p = base / p
    return Path(os.path.normpath(p))


def _rel(path: Path, base: Path | None) -> str:
    if base is None:
        return path.as_posix()
    try:
        return Path(os.path.relpath(path, base)).as_posix()
    except ValueError:  # another drive on Windows
        return path.as_posix()


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
