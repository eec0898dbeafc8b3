"""Application state for the desktop app, without Qt.

The GUI is a thin view over these objects: widgets take an :class:`AppModel` in their constructor,
listen to its signals and write edits back through its methods. Nothing here imports Qt, so the
state can be driven and tested headless (and by scripts).

Signals are tiny: ``signal.connect(fn)``, ``signal.disconnect(fn)``, ``signal.emit(*args)``.
Callbacks run synchronously in the emitting thread; the model is only touched from the GUI thread.

Layer order: ``model.layers`` is the drawing order, bottom first (the project file lists the base
map first). The layer panel shows it reversed, top layer first, as QGIS does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.project import ROLES, LayerEntry, Project

#: what :meth:`AppModel.update_layer` may change
UPDATABLE_LAYER_KEYS = ("title", "role", "year", "crs", "encoding", "layer", "fields", "path")


class Signal:
    """A minimal observer list."""

    __slots__ = ("_slots",)

    def __init__(self) -> None:
        self._slots: list[Callable[..., Any]] = []

    def connect(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        if fn not in self._slots:
            self._slots.append(fn)
        return fn

    def disconnect(self, fn: Callable[..., Any] | None = None) -> None:
        if fn is None:
            self._slots.clear()
        elif fn in self._slots:
            self._slots.remove(fn)

    def emit(self, *args: Any) -> None:
        for fn in list(self._slots):
            fn(*args)

    def __len__(self) -> int:
        return len(self._slots)


@dataclass
class RunStatus:
    """The state of the current background run (one at a time is shown)."""

    state: str = "idle"  # idle | running | done | failed | cancelled
    title: str = ""
    progress: float = 0.0  # 0..1
    message: str = ""
    outputs: list[Path] = field(default_factory=list)

    @property
    def running(self) -> bool:
        return self.state == "running"


@dataclass
class PlanningState:
    """The planning session behind the dashboard and the scenario studio.

    ``planner`` (sinkmodels.planning.Planner) is built once per project in the background;
    ``scenarios`` are the project's scenarios as planned; ``factors`` scale each scenario's
    scheduled areas per action (the studio's sliders: 1.0 = as planned); ``projections`` and
    ``status`` hold the latest projection and target status per scenario name; ``allocations``
    the allocation (``app.gui.allocation.AllocationSpec``: request and base scenario) behind
    each scenario made by Analysis → Allocate… in this session, which the project does not
    hold until it is saved as a scenario (:meth:`AppModel.add_scenario`).
    """

    planner: Any = None
    scenarios: dict[str, Any] = field(default_factory=dict)
    targets: list[Any] = field(default_factory=list)
    factors: dict[str, dict[str, float]] = field(default_factory=dict)
    projections: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] = field(default_factory=dict)
    allocations: dict[str, Any] = field(default_factory=dict)
    current: str | None = None
    compare: str | None = None
    year: int | None = None

    @property
    def ready(self) -> bool:
        return self.planner is not None

    def factor(self, scenario: str, action: str) -> float:
        return self.factors.get(scenario, {}).get(action, 1.0)


class AppModel:
    """Project, layer list, selection, language and run status, with change signals.

    Signals
    -------
    project_changed()                 a different project was set (rebuild everything)
    layers_changed()                  layers added, removed or reordered, or a layer's
                                      properties changed (update_layer)
    layer_changed(layer_id, what)     one layer's 'visible' | 'opacity' | 'style' | 'title'
    selection_changed(layer_id|None)
    dirty_changed(bool)               unsaved edits appeared / were saved
    language_changed(lang)
    run_changed(RunStatus)
    planning_changed(what)            'ready' | 'projection' | 'selection' | 'year' | 'factors'
                                      | 'scenarios' (a scenario was added to or removed from
                                      the project; ones without a projection need one)
    project_edited(keys)              project fields set by update_project (Project Properties)
    """

    def __init__(self, project: Project | None = None, lang: str = "en") -> None:
        self.project_changed = Signal()
        self.layers_changed = Signal()
        self.layer_changed = Signal()
        self.selection_changed = Signal()
        self.dirty_changed = Signal()
        self.language_changed = Signal()
        self.run_changed = Signal()
        self.planning_changed = Signal()
        self.project_edited = Signal()
        self.planning = PlanningState()
        self._project = project or Project.new()
        self._selected: str | None = None
        self._dirty = False
        self._lang = lang
        self.run = RunStatus()
        #: outputs of the last carbon run (summary dict), for the dashboard
        self.carbon_summary: dict[str, Any] | None = None

    # ---- project -----------------------------------------------------------------------------
    @property
    def project(self) -> Project:
        return self._project

    def set_project(self, project: Project) -> None:
        self._project = project
        self._selected = None
        self.carbon_summary = None
        self.planning = PlanningState()
        self._set_dirty(False)
        self.project_changed.emit()
        self.selection_changed.emit(None)

    @property
    def dirty(self) -> bool:
        return self._dirty

    def mark_saved(self) -> None:
        self._set_dirty(False)

    def mark_dirty(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, value: bool) -> None:
        if value != self._dirty:
            self._dirty = value
            self.dirty_changed.emit(value)

    # ---- language -----------------------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self._lang

    def set_language(self, lang: str) -> None:
        if lang != self._lang:
            self._lang = lang
            self.language_changed.emit(lang)

    # ---- layers ------------------------------------------------------------------------------
    @property
    def layers(self) -> list[LayerEntry]:
        return self._project.layers

    def layer(self, layer_id: str) -> LayerEntry:
        return self._project.layer(layer_id)

    def index_of(self, layer_id: str) -> int:
        for i, layer in enumerate(self.layers):
            if layer.id == layer_id:
                return i
        raise KeyError(layer_id)

    def add_layer(self, path: str | Path, role: str = "other", *, title: dict[str, str] | None = None,
                  index: int | None = None, **kwargs: Any) -> LayerEntry:
        """Add a layer on top (or at ``index`` in drawing order) and select it."""
        entry = self._project.add_layer(path, role=role, title=dict(title or {}), **kwargs)
        if index is not None:
            self.layers.remove(entry)
            self.layers.insert(max(0, min(index, len(self.layers))), entry)
        self._set_dirty(True)
        self.layers_changed.emit()
        self.select(entry.id)
        return entry

    def update_layer(self, layer_id: str, **changes: Any) -> LayerEntry:
        """Change a layer's properties (Layer → Properties): ``title``, ``role``, ``year``,
        ``crs``, ``encoding``, ``layer``, ``fields``, ``path`` — not its id, which other
        sections name. When anything differs the project is marked modified and
        ``layers_changed`` emitted. ValueError for another attribute or an unknown role."""
        entry = self.layer(layer_id)
        unknown = set(changes) - set(UPDATABLE_LAYER_KEYS)
        if unknown:
            raise ValueError(f"update_layer cannot change {', '.join(sorted(unknown))}")
        if "role" in changes and changes["role"] not in ROLES:
            raise ValueError(f"unknown role '{changes['role']}' (known: {', '.join(ROLES)})")
        changed = {k: v for k, v in changes.items() if getattr(entry, k) != v}
        if not changed:
            return entry
        for k, v in changed.items():
            setattr(entry, k, dict(v) if isinstance(v, dict) else Path(v) if k == "path" else v)
        self._set_dirty(True)
        self.layers_changed.emit()
        return entry

    def remove_layer(self, layer_id: str) -> None:
        i = self.index_of(layer_id)
        del self.layers[i]
        if self._selected == layer_id:
            self._selected = None
            self.selection_changed.emit(None)
        self._set_dirty(True)
        self.layers_changed.emit()

    def move_layer(self, layer_id: str, new_index: int) -> None:
        """Move to ``new_index`` in drawing order (0 = bottom)."""
        i = self.index_of(layer_id)
        new_index = max(0, min(new_index, len(self.layers) - 1))
        if i == new_index:
            return
        entry = self.layers.pop(i)
        self.layers.insert(new_index, entry)
        self._set_dirty(True)
        self.layers_changed.emit()

    def set_order(self, ids: list[str]) -> None:
        """Set the drawing order (bottom first) from a full list of ids."""
        current = [layer.id for layer in self.layers]
        if sorted(ids) != sorted(current):
            raise ValueError("set_order needs exactly the current layer ids")
        if ids == current:
            return
        by_id = {layer.id: layer for layer in self.layers}
        self.layers[:] = [by_id[i] for i in ids]
        self._set_dirty(True)
        self.layers_changed.emit()

    def set_visible(self, layer_id: str, visible: bool) -> None:
        entry = self.layer(layer_id)
        if entry.visible != bool(visible):
            entry.visible = bool(visible)
            self._set_dirty(True)
            self.layer_changed.emit(layer_id, "visible")

    def set_opacity(self, layer_id: str, opacity: float) -> None:
        entry = self.layer(layer_id)
        opacity = min(1.0, max(0.0, float(opacity)))
        if abs(entry.opacity - opacity) > 1e-9:
            entry.opacity = opacity
            self._set_dirty(True)
            self.layer_changed.emit(layer_id, "opacity")

    def set_style(self, layer_id: str, style: dict[str, Any]) -> None:
        entry = self.layer(layer_id)
        if entry.style != style:
            entry.style = dict(style)
            self._set_dirty(True)
            self.layer_changed.emit(layer_id, "style")

    # ---- selection -----------------------------------------------------------------------------
    @property
    def selected(self) -> str | None:
        return self._selected

    def select(self, layer_id: str | None) -> None:
        if layer_id != self._selected:
            self._selected = layer_id
            self.selection_changed.emit(layer_id)

    # ---- planning -----------------------------------------------------------------------------
    def set_planning(self, **changes: Any) -> None:
        """Update the planning state; emits ``planning_changed`` with what changed."""
        what = "selection"
        for k, v in changes.items():
            setattr(self.planning, k, v)
        if "planner" in changes:
            what = "ready"
        elif "projections" in changes or "status" in changes:
            what = "projection"
        elif "factors" in changes:
            what = "factors"
        elif set(changes) == {"year"}:
            what = "year"
        self.planning_changed.emit(what)

    # ---- scenarios -------------------------------------------------------------------------------
    def add_scenario(self, scenario: dict[str, Any], *, replace: str | None = None) -> dict[str, Any]:
        """Add a ``[[scenarios]]`` table to the project (built by
        :func:`app.project.scaled_scenario_dict` or :func:`app.project.allocation_scenario_dict`)
        and, when the planner is built, to the planning session as the loader reads it — so a
        table the planner would reject (an unknown action, a year out of range) raises
        ProjectError before the project changes. ``replace``: an unsaved scenario of the session
        that this one stands in for (an allocation saved under a name of its own) — it leaves
        the session, at the same place in the list. Marks the project modified and emits
        ``planning_changed('scenarios')``; the new scenario has no projection yet."""
        p = self.planning
        parsed = None
        if p.ready:
            from sinkmodels.planning.scenarios import scenario_from_dict

            parsed = scenario_from_dict(scenario, p.planner.actions,
                                        base_year=p.planner.base_year,
                                        horizon=p.planner.horizon,
                                        where=str(self._project.path or "<project>"))
        added = self._project.add_scenario(scenario)
        if parsed is not None:
            name = added["name"]
            scenarios: dict[str, Any] = {}
            for k, v in p.scenarios.items():
                if k == replace:
                    scenarios[name] = parsed
                else:
                    scenarios[k] = v
            scenarios.setdefault(name, parsed)
            p.scenarios = scenarios
            if replace is not None and replace != name:
                if p.current == replace:
                    p.current = name
                if p.compare == replace:
                    p.compare = name
                self._forget(replace)
        self._set_dirty(True)
        self.planning_changed.emit("scenarios")
        return added

    def remove_scenario(self, name: str) -> dict[str, Any]:
        """Remove a scenario from the project and the planning session (ProjectError when the
        project has none of that name); the current and compared scenario move on if it was
        one of them. Marks the project modified and emits ``planning_changed('scenarios')``."""
        removed = self._project.remove_scenario(name)
        p = self.planning
        p.scenarios = {k: v for k, v in p.scenarios.items() if k != name}
        self._forget(name)
        self._set_dirty(True)
        self.planning_changed.emit("scenarios")
        return removed

    def _forget(self, name: str) -> None:
        """Drop what the planning session holds about the scenario ``name``."""
        p = self.planning
        for d in (p.projections, p.status, p.factors, p.allocations):
            d.pop(name, None)
        p.scenarios.pop(name, None)
        if p.current == name:  # show another one, compared with the same as before
            p.current = next((n for n in p.scenarios if n != p.compare),
                             next(iter(p.scenarios), None))
        if p.compare == name or p.compare == p.current:
            p.compare = None

    # ---- runs ------------------------------------------------------------------------------------
    def set_run(self, **changes: Any) -> None:
        for k, v in changes.items():
            setattr(self.run, k, v)
        self.run_changed.emit(self.run)

    # ---- project properties -------------------------------------------------------------------
    #: the Project fields :meth:`update_project` sets
    PROJECT_FIELDS = ("name", "base_year", "language", "grid", "tables", "carbon", "targets")

    def update_project(self, **changes: Any) -> list[str]:
        """Set project fields (File → Project Properties…: ``name``, ``base_year``,
        ``language``, ``grid``, ``tables`` (key → path), ``carbon``, ``targets``; copies are
        stored) and return those that changed. When any did, the project is marked modified;
        when one the analyses read did (all but name and language), the planning session is
        dropped as a rules save drops it (``planning_changed('ready')``: the dashboard is
        rebuilt, the planner prepared again on next use); a new grid or legend also emits
        ``project_changed`` (the map's CRS and class colours); then ``project_edited(keys)``.
        ValueError for another field."""
        import copy
        import dataclasses

        unknown = set(changes) - set(self.PROJECT_FIELDS)
        if unknown:
            raise ValueError(f"update_project cannot change {', '.join(sorted(unknown))}")
        p = self._project
        legend_before = p.tables.get("legend")
        changed = []
        for key, value in changes.items():
            value = copy.deepcopy(value)
            if key == "tables":
                value = {str(k): Path(v) for k, v in value.items()}
            if getattr(p, key) != value:
                setattr(p, key, value)
                changed.append(key)
        if not changed:
            return []
        self._set_dirty(True)
        if set(changed) - {"name", "language"}:
            fresh = PlanningState()
            self.set_planning(**{f.name: getattr(fresh, f.name)
                                 for f in dataclasses.fields(PlanningState)})
        if "grid" in changed or p.tables.get("legend") != legend_before:
            self.project_changed.emit()
        self.project_edited.emit(changed)
        return changed
