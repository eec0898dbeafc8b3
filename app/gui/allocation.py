"""Allocation and plan export from the GUI (Analysis → Allocate…, Export planning results…).

Allocate: a budget or a cover target and the actions that may be used, optionally on top of one
of the project's scenarios. The allocation runs through ``Planner.project`` exactly as a
``[scenarios.allocate]`` table or ``sinkplanner plan --budget/--cover-target`` does; its priority
and allocated-action maps (``write_priority_map``) are written atomically into the project's work
folder and added as layers, and the allocation joins the dashboard as a scenario (projection,
targets, per-township table), which the dashboard's Save as Scenario… keeps in the project as a
``[scenarios.allocate]`` table (:func:`app.project.allocation_scenario_dict`). Export: :func:`app.pipeline.write_plan_outputs`, the files
``sinkplanner plan`` writes. Both run in the background through ``MainWindow.run_job``.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.gui import jobs, styles
from app.pipeline import progress_part

HORIZON = 2060  # the planner's default horizon (app.pipeline.build_planner)
NOT_ALLOCATED_COLOR = "#e6e6e6"


# ---- what to allocate (no Qt) ----------------------------------------------------------------
@dataclass(frozen=True)
class AllocationSpec:
    """An allocation request, optionally added to a project scenario (``base``: its schedule,
    harvest and disturbance rates come along; None = the allocation alone)."""

    request: Any  # sinkmodels.planning.scenarios.AllocationRequest
    base: str | None = None

    @property
    def name(self) -> str:
        """Stable per request: running the same allocation again replaces its maps and
        scenario instead of piling up copies."""
        digest = hashlib.sha1(repr((self.request, self.base)).encode("utf-8")).hexdigest()
        return f"alloc_{digest[:8]}"

    def title(self, base_title: dict[str, str] | None = None,
              region_names: dict[str, str] | None = None) -> dict[str, str]:
        """The scenario's title in both languages (scenario titles are bilingual data)."""
        r = self.request
        years = f"{r.start}–{r.end}"
        if r.cover_target_pct is not None:
            region = (region_names or {}).get(r.region, r.region)
            en = f"Allocation: {r.cover_target_pct:g}% forest cover by {r.year}"
            zh = f"优化布局：{r.year} 年森林覆盖率 {r.cover_target_pct:g}%"
            if r.region != "county":
                en, zh = f"{en} in {region}", f"{zh}（{region}）"
            en, zh = f"{en}, planting {years}", f"{zh}，{years} 年种植"
        else:
            en = f"Allocation: budget {r.budget_cny / 1e6:,.6g} million CNY, {years}"
            zh = f"优化布局：预算 {r.budget_cny / 1e4:,.8g} 万元，{years} 年"
        if base_title:
            en = f"{en} + {base_title.get('en', '')}"
            zh = f"{zh} + {base_title.get('zh') or base_title.get('en', '')}"
        return {"en": en, "zh": zh}


@dataclass(frozen=True)
class ExportOptions:
    out_dir: Path
    scenarios: tuple[str, ...] | None  # None = all
    map_years: tuple[int, ...] = ()
    plan_layer: str | None = None
    action_field: str = "action"
    allocation: Any = None  # an AllocationRequest added to every scenario, as --budget does


def parse_map_years(text: str, first: int, last: int) -> tuple[int, ...]:
    """Years like "2030, 2060" within ``first..last``; InputError with the user's message."""
    from app.pipeline import parse_years
    from gis.errors import InputError

    years = parse_years(text)
    for y in years:
        if not first <= y <= last:
            raise InputError("plan_map_year", year=y, first=first, last=last)
    return tuple(years)


# ---- background jobs (no Qt objects) ------------------------------------------------------------
def allocate_job(project: Any, planning: dict[str, Any] | None, spec: AllocationSpec,
                 out_root: Path, *, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    """Project ``spec`` as a scenario and write its priority maps into ``out_root/<name>``.

    ``planning``: the dashboard's planner, scenarios and targets; None builds them first
    (``jobs.prepare_planning``, returned as ``prepared`` for the dashboard)."""
    from gis.errors import CancelledError
    from gis.io import atomic_dir
    from sinkmodels.planning.allocation import write_priority_map
    from sinkmodels.planning.scenarios import Scenario
    from sinkmodels.planning.targets import status

    prepared = None
    if planning is None:
        prepared = jobs.prepare_planning(project, progress=progress_part(progress, 0.0, 0.8),
                                         cancel=cancel)
        planning = prepared
    planner = planning["planner"]
    base = planning["scenarios"][spec.base] if spec.base else Scenario(name=spec.name)
    co = planner.cohorts
    regions = dict(zip(co.township_codes, co.township_names, strict=False))
    scenario = dataclasses.replace(
        base, name=spec.name, allocate=spec.request,
        title=spec.title(dict(base.title) if spec.base else None, regions))
    if cancel is not None and cancel():
        raise CancelledError()
    proj = planner.project(scenario, cancel=cancel)
    first = len(proj.events) - len(proj.allocation.events)  # the base schedule's events
    folder = Path(out_root) / spec.name
    with atomic_dir(folder) as tmp:
        written = write_priority_map(planner, proj.allocation, tmp, events=proj.events,
                                     first=first)
        maps = {k: folder / Path(p).name for k, p in written.items()}
    scores = proj.allocation.best_score[np.isfinite(proj.allocation.best_score)]
    if progress is not None:
        progress(1.0, "")
    return {"prepared": prepared, "scenario": scenario, "spec": spec, "projection": proj,
            "status": status(proj, planning["targets"]), "maps": maps,
            "score_max": float(np.percentile(scores, 98)) if scores.size else 1.0}


def export_job(project: Any, planner: Any, options: ExportOptions, *, progress: Any = None,
               cancel: Any = None) -> Any:
    """``write_plan_outputs`` with the dashboard's planner (or a new one: also when a plan layer
    is checked, which needs the aligned planning layers)."""
    from app.pipeline import build_planner, write_plan_outputs
    from gis.errors import OutputError

    layers = None
    lo = 0.0
    if planner is None or options.plan_layer:
        planner, layers = build_planner(project, progress=progress_part(progress, 0.0, 0.4),
                                        cancel=cancel)
        lo = 0.4
    try:
        return write_plan_outputs(
            planner, layers, project, options.out_dir, scenarios=options.scenarios,
            map_years=options.map_years, plan_layer=options.plan_layer,
            action_field=options.action_field, allocation=options.allocation,
            progress=progress_part(progress, lo, 1.0), cancel=cancel)
    except OSError as exc:  # a full disk or a locked file: name it, as every message does
        raise OutputError(path=exc.filename or options.out_dir,
                          detail=exc.strerror or str(exc)) from exc


# ---- dialogs ------------------------------------------------------------------------------------
def _checklist(parent: QWidget, items: list[tuple[str, str]]) -> QListWidget:
    """A list of (key, text) check boxes, all checked."""
    w = QListWidget(parent)
    for key, text in items:
        it = QListWidgetItem(text, w)
        it.setData(Qt.ItemDataRole.UserRole, key)
        it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        it.setCheckState(Qt.CheckState.Checked)
        it.setToolTip(key)
    return w


def checked_keys(w: QListWidget) -> list[str]:
    return [w.item(i).data(Qt.ItemDataRole.UserRole) for i in range(w.count())
            if w.item(i).checkState() == Qt.CheckState.Checked]


class _CheckedDialog(QDialog):
    """A dialog whose OK shows what is wrong (``problem()``) and stays open until it is fixed."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")

    def problem(self) -> str | None:
        raise NotImplementedError

    def _finish(self, lay: QVBoxLayout) -> None:
        """The problem line and OK/Cancel at the bottom of ``lay``."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(self.error)
        lay.addWidget(buttons)

    def accept(self) -> None:
        msg = self.problem()
        self.error.setText(msg or "")
        if msg is None:
            super().accept()


class AllocateDialog(_CheckedDialog):
    """Budget or cover target, planting years, actions, and the scenario to add it to."""

    def __init__(self, parent: QWidget, *, lang: str, base_year: int,
                 actions: dict[str, Any], scenarios: list[tuple[str, str]],
                 townships: list[tuple[str, str]], cover_target: tuple[float, int] | None,
                 current: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Allocate restoration"))
        self.base_year = base_year
        self.by_budget = QRadioButton(self.tr("Budget"), self)
        self.by_cover = QRadioButton(self.tr("Forest cover target"), self)
        mode = QButtonGroup(self)
        mode.addButton(self.by_budget)
        mode.addButton(self.by_cover)
        self.by_budget.setChecked(True)

        self.budget = QDoubleSpinBox(self)
        self.budget.setRange(0.0, 1e12)
        self.budget.setDecimals(0)
        self.budget.setSingleStep(1e7)
        self.budget.setGroupSeparatorShown(True)
        self.budget.setSuffix(self.tr(" CNY"))
        self.budget.setValue(1e8)
        self.cover = QDoubleSpinBox(self)
        self.cover.setRange(0.0, 100.0)
        self.cover.setDecimals(1)
        self.cover.setSuffix(" %")
        self.cover_year = self._year_box(cover_target[1] if cover_target else 2030)
        self.cover.setValue(cover_target[0] if cover_target else 30.0)
        self.region = QComboBox(self)
        self.region.addItem(self.tr("County"), "county")
        for code, name in townships:
            self.region.addItem(f"{name} ({code})" if name else code, code)
        self.start = self._year_box(base_year + 1)
        self.end = self._year_box(2030)
        years = QHBoxLayout()
        years.addWidget(self.start)
        years.addWidget(QLabel("–", self))
        years.addWidget(self.end)
        years.addStretch(1)

        self.actions = _checklist(self, [(a.id, a.title(lang)) for a in actions.values()])
        self.base = QComboBox(self)
        self.base.addItem(self.tr("(none: the allocation alone)"), None)
        for name, title in scenarios:
            self.base.addItem(title, name)
        self.base.setToolTip(self.tr("The allocation is placed on top of this scenario's "
                                     "schedule, with its harvest and disturbance rates"))

        budget_box = QGroupBox(self)
        bf = QFormLayout(budget_box)
        bf.addRow(self.by_budget, self.budget)
        cover_box = QGroupBox(self)
        cf = QFormLayout(cover_box)
        cf.addRow(self.by_cover, self.cover)
        cf.addRow(self.tr("by the year"), self.cover_year)
        cf.addRow(self.tr("in"), self.region)
        form = QFormLayout()
        form.addRow(self.tr("Planting years"), years)
        form.addRow(self.tr("Add to scenario"), self.base)
        lay = QVBoxLayout(self)
        lay.addWidget(budget_box)
        lay.addWidget(cover_box)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Actions that may be used:"), self))
        lay.addWidget(self.actions, 1)
        self._finish(lay)
        self.by_cover.toggled.connect(self._mode_changed)
        self._mode_changed(False)
        self.resize(520, 600)

    def _year_box(self, value: int) -> QSpinBox:
        box = QSpinBox(self)
        box.setRange(self.base_year + 1, HORIZON)
        box.setValue(value)
        return box

    def _mode_changed(self, cover: bool) -> None:
        self.budget.setEnabled(not cover)
        for w in (self.cover, self.cover_year, self.region):
            w.setEnabled(cover)
        if cover:  # plant in time to count: the planting years end by the target year
            self.end.setValue(min(self.end.value(), self.cover_year.value()))

    def problem(self) -> str | None:
        if not checked_keys(self.actions):
            return self.tr("Choose at least one action.")
        if self.start.value() > self.end.value():
            return self.tr("The planting years must start before they end.")
        if self.by_budget.isChecked() and self.budget.value() <= 0:
            return self.tr("Enter a budget above zero.")
        if self.by_cover.isChecked() and self.cover_year.value() < self.start.value():
            return self.tr("The target year must not be before the first planting year.")
        return None

    def spec(self) -> AllocationSpec:
        from sinkmodels.planning.scenarios import AllocationRequest

        cover = self.by_cover.isChecked()
        req = AllocationRequest(
            actions=tuple(checked_keys(self.actions)), start=self.start.value(),
            end=self.end.value(), budget_cny=None if cover else float(self.budget.value()),
            cover_target_pct=float(self.cover.value()) if cover else None,
            year=self.cover_year.value() if cover else None,
            region=str(self.region.currentData()) if cover else "county")
        return AllocationSpec(req, self.base.currentData())


class ExportDialog(_CheckedDialog):
    """Output folder, scenarios, map years, an optional plan layer to check."""

    def __init__(self, parent: QWidget, window: Any, *, out_dir: Path, base_year: int,
                 scenarios: list[tuple[str, str]], allocation_title: str | None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.base_year = base_year
        self.setWindowTitle(self.tr("Export planning results"))
        self.folder = QLineEdit(str(out_dir), self)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.clicked.connect(self._browse_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.scenarios = _checklist(self, scenarios)
        self.years = QLineEdit("2030, 2060", self)
        self.years.setToolTip(self.tr("Years to write per-pixel maps for, separated by commas; "
                                      "empty for none"))
        self.plan_layer = QLineEdit(self)
        self.plan_layer.setPlaceholderText(self.tr("(none)"))
        plan_browse = QPushButton(self.tr("Browse…"), self)
        plan_browse.clicked.connect(self._browse_plan)
        plan_row = QHBoxLayout()
        plan_row.addWidget(self.plan_layer, 1)
        plan_row.addWidget(plan_browse)
        self.action_field = QLineEdit("action", self)
        self.add_allocation = QCheckBox(self)
        self.add_allocation.setVisible(allocation_title is not None)
        if allocation_title is not None:
            self.add_allocation.setText(self.tr("Add the allocation “%1” to each scenario")
                                        .replace("%1", allocation_title))
        form = QFormLayout()
        form.addRow(self.tr("Output folder"), folder_row)
        form.addRow(self.tr("Maps for the years"), self.years)
        form.addRow(self.tr("Plan layer to check"), plan_row)
        form.addRow(self.tr("Its action field"), self.action_field)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(QLabel(self.tr("Scenarios:"), self))
        lay.addWidget(self.scenarios, 1)
        lay.addWidget(self.add_allocation)
        self._finish(lay)
        self.resize(560, 480)

    def _browse_folder(self) -> None:
        p = QFileDialog.getExistingDirectory(self, self.tr("Output folder"), self.folder.text())
        if p:
            self.folder.setText(p)

    def _browse_plan(self) -> None:
        paths = self.window_.get_open_paths(self.tr("Plan layer"), self.window_.file_filters())
        if paths:
            self.plan_layer.setText(paths[0])

    def problem(self) -> str | None:
        from gis.errors import SinkplannerError
        from gis.messages import get_language

        if not self.folder.text().strip():
            return self.tr("Choose an output folder.")
        if not checked_keys(self.scenarios):
            return self.tr("Choose at least one scenario.")
        try:
            parse_map_years(self.years.text(), self.base_year, HORIZON)
        except SinkplannerError as exc:
            return exc.message(get_language())
        if self.plan_layer.text().strip() and not self.action_field.text().strip():
            return self.tr("Name the plan layer's action field.")
        return None

    def options(self, allocation: Any = None) -> ExportOptions:
        names = checked_keys(self.scenarios)
        return ExportOptions(
            out_dir=Path(self.folder.text().strip()).expanduser(),
            scenarios=None if len(names) == self.scenarios.count() else tuple(names),
            map_years=parse_map_years(self.years.text(), self.base_year, HORIZON),
            plan_layer=self.plan_layer.text().strip() or None,
            action_field=self.action_field.text().strip() or "action",
            allocation=allocation if self.add_allocation.isChecked() else None)


# ---- the window's side --------------------------------------------------------------------------
class PlanningTools(QObject):
    """Opens the dialogs, runs their jobs through the window's run bar and shows the results."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        #: the last allocation made here (offered to the export)
        self.last_spec: AllocationSpec | None = None

    @property
    def model(self) -> Any:
        return self.window.model

    def inform(self, title: str, text: str) -> None:
        """A plain message (tests replace this)."""
        QMessageBox.information(self.window, title, text)

    def _planning(self) -> dict[str, Any] | None:
        p = self.model.planning
        if not p.ready:
            return None
        return {"planner": p.planner, "scenarios": p.scenarios, "targets": p.targets}

    def _project_scenarios(self) -> list[tuple[str, str]]:
        lang = self.model.lang
        out = []
        for d in self.model.project.scenarios:
            title = d.get("title") or {}
            if isinstance(title, str):
                title = {"en": title}
            out.append((str(d.get("name")), title.get(lang) or title.get("en") or str(d.get("name"))))
        return out

    # ---- allocate ------------------------------------------------------------------------------
    def allocate_dialog(self) -> AllocateDialog | None:
        from gis.errors import SinkplannerError
        from sinkmodels.planning.scenarios import load_actions

        project = self.model.project
        try:
            actions = load_actions(project.table_path("actions"))
            townships = self._townships()
        except SinkplannerError as exc:
            self.window.show_error(self.tr("Cannot allocate"), exc.message(self.model.lang))
            return None
        cover = next(((t["forest_cover_pct"], int(t["year"])) for t in project.targets
                      if t.get("region", "county") == "county" and "forest_cover_pct" in t
                      and "year" in t), None)
        return AllocateDialog(self.window, lang=self.model.lang, base_year=project.base_year,
                              actions=actions, scenarios=self._project_scenarios(),
                              townships=townships, cover_target=cover)

    def _townships(self) -> list[tuple[str, str]]:
        """(code, name) of the townships: from the planner when built, else the layer."""
        p = self.model.planning
        if p.ready:
            co = p.planner.cohorts
            return [(c, n) for c, n in zip(co.township_codes, co.township_names, strict=False)
                    if c]
        from app.pipeline import open_entry

        entries = self.model.project.layers_with_role("townships")
        if not entries:
            return []
        e = entries[0]
        code, name = e.fields.get("township", "XZDM"), e.fields.get("name", "XZMC")
        df = open_entry(e).read()
        names = df[name] if name in df.columns else df[code]
        return sorted({(str(c), str(n)) for c, n in zip(df[code], names, strict=False)})

    def open_allocate(self) -> Any:
        dlg = self.allocate_dialog()
        if dlg is not None and dlg.exec():
            return self.allocate(dlg.spec())
        return None

    def allocate(self, spec: AllocationSpec) -> Any:
        """Run the allocation in the background; the results arrive on the map and the
        dashboard."""
        project = self.model.project
        out_root = project.work_folder() / "allocation"
        return self.window.run_job(self.tr("Allocating"), allocate_job, project,
                                   self._planning(), spec, out_root,
                                   on_result=lambda res, s=spec: self._allocated(s, res))

    def _allocated(self, spec: AllocationSpec, result: dict[str, Any]) -> None:
        self.last_spec = spec
        self.window.show_dashboard()
        dash = self.window.dashboard
        dash.add_allocation(result, compare=spec.base)
        self._add_maps(result)
        text, short = dash.allocation_summary(result["projection"].allocation)
        if short:
            self.inform(self.tr("Allocation"), text)

    def _add_maps(self, result: dict[str, Any]) -> None:
        planner = self.model.planning.planner
        sc = result["scenario"]
        maps = result["maps"]
        for e in list(self.model.layers):  # an earlier run of the same allocation
            if any(Path(e.path) == Path(p) for p in maps.values()):
                self.model.remove_layer(e.id)
        title = sc.title
        self.model.add_layer(
            maps["priority_score"], role="result", visible=False,
            title={"en": f"Priority, t CO₂e per 10⁴ CNY — {title['en']}",
                   "zh": f"优先级（t CO₂e/万元）— {title['zh']}"},
            style={"kind": "ramp", "ramp": "viridis", "min": 0.0,
                   "max": round(result["score_max"], 3)})
        used = sorted(set(int(i) for i in result["projection"].allocation.events.action))
        acts = [planner.actions[planner.action_ids[i]] for i in used]
        codes = [i + 1 for i in used]  # the map's 1-based action index
        self.model.add_layer(
            maps["allocated_action"], role="result",
            title={"en": f"Allocated actions — {title['en']}",
                   "zh": f"优化布局措施 — {title['zh']}"},
            # the land not chosen in a neutral grey, so the actions stand out from the land
            # cover below (whose greens and reds they would otherwise resemble)
            style={"kind": "classes",
                   "classes": {"0": NOT_ALLOCATED_COLOR,
                               **{str(c): styles.PALETTE[c % len(styles.PALETTE)]
                                  for c in codes}},
                   "labels": {"0": {"en": "not allocated", "zh": "未安排"},
                              **{str(c): {"en": a.title("en"), "zh": a.title("zh")}
                                 for c, a in zip(codes, acts, strict=True)}}})

    # ---- export --------------------------------------------------------------------------------
    def export_dialog(self) -> ExportDialog:
        project = self.model.project
        spec = self.last_spec
        title = None
        if spec is not None and spec.name in self.model.planning.scenarios:
            title = self.model.planning.scenarios[spec.name].display(self.model.lang)
        return ExportDialog(self.window, self.window,
                            out_dir=jobs.default_output_folder(project, "plan"),
                            base_year=project.base_year, scenarios=self._project_scenarios(),
                            allocation_title=title)

    def open_export(self) -> Any:
        dlg = self.export_dialog()
        if dlg.exec():
            return self.export(dlg.options(self.last_spec.request if self.last_spec else None))
        return None

    def export(self, options: ExportOptions) -> Any:
        out = options.out_dir
        # the folder is replaced as a whole: confirm before replacing one that is not ours
        if out.is_dir() and any(out.iterdir()) and not (out / "summary.json").exists() \
                and not self.window.ask_yes_no(
                    self.tr("Replace folder?"),
                    self.tr("The folder %1 is not empty. Its contents will be replaced by the "
                            "planning results. Continue?").replace("%1", str(out))):
            return None
        p = self.model.planning
        return self.window.run_job(self.tr("Exporting planning results"), export_job,
                                   self.model.project, p.planner if p.ready else None, options,
                                   on_result=self._exported)

    def _exported(self, result: Any) -> None:
        self.inform(self.tr("Planning results exported"),
                    self.tr("%1 files were written to the folder\n%2")
                    .replace("%1", str(len(result.files))).replace("%2", str(result.out_dir)))
