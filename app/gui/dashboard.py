"""The dashboard dock: target progress, projections chart, tables — and the scenario studio.

A thin view over :class:`app.model.PlanningState`. The planner is built once per project in the
background (``jobs.prepare_planning``: aligns the planning layers — the slow part); after that a
scenario projects in a fraction of a second, so the studio's sliders and presets recompute
interactively (also in the background, newest request wins). matplotlib is imported only when
the dashboard is first shown.

Save as Scenario… keeps what the dashboard shows — the studio's scaled areas, or an allocation
made by Analysis → Allocate… — as a ``[[scenarios]]`` table of the project
(:func:`app.project.scaled_scenario_dict`, :func:`app.project.allocation_scenario_dict`) through
:meth:`app.model.AppModel.add_scenario`: the project is modified, File → Save writes it and
``sinkplanner plan PROJECT --scenario NAME`` projects it as the dashboard did. Delete Scenario…
removes a project scenario (after asking).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui import jobs
from app.gui.allocation import _CheckedDialog
from app.gui.table_tools import TableTools
from app.gui.workers import Worker
from app.model import AppModel
from app.project import allocation_scenario_dict, bilingual, scaled_scenario_dict

#: chart metrics: yearly column → (en label, zh label, scale, unit)
METRICS: dict[str, tuple[str, str, float, str]] = {
    "carbon_stock_tC": ("Carbon stock", "碳储量", 1e-6, "Mt C"),
    "sink_tCO2e_per_yr": ("Annual sink", "年碳汇", 1e-4, "10⁴ t CO₂e/yr"),
    "forest_cover_pct": ("Forest cover", "森林覆盖率", 1.0, "%"),
    "stock_volume_m3": ("Stock volume", "森林蓄积量", 1e-4, "10⁴ m³"),
}
PRESETS = (("low", 0.5), ("planned", 1.0), ("high", 1.5))


class Dashboard(TableTools, QWidget):
    def __init__(self, model: AppModel, window: Any = None) -> None:
        super().__init__(window)
        self.model = model
        self.window_ = window
        self._queue: dict[str, None] = {}  # scenarios waiting to be projected, in order
        self._worker: Worker | None = None
        self._canvas: Any = None
        self._figure: Any = None

        # ---- header: prepare + scenario choice --------------------------------------------------
        self.prepare_btn = QPushButton(self)
        self.prepare_btn.clicked.connect(self.prepare)
        self.state_label = QLabel(self)
        self.state_label.setWordWrap(True)
        self.scenario = QComboBox(self)
        self.compare = QComboBox(self)
        self.metric = QComboBox(self)
        self.scenario.currentIndexChanged.connect(self._choose)
        self.compare.currentIndexChanged.connect(self._choose)
        self.metric.currentIndexChanged.connect(lambda _i: self.redraw())
        self.scenario_label, self.compare_label, self.metric_label = (QLabel(self) for _ in range(3))
        form = QFormLayout()
        form.addRow(self.scenario_label, self.scenario)
        form.addRow(self.compare_label, self.compare)
        form.addRow(self.metric_label, self.metric)

        # ---- chart + year slider --------------------------------------------------------------------
        self.chart_box = QWidget(self)
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(0, 0, 0, 0)
        self.year = QSlider(Qt.Orientation.Horizontal, self)
        self.year.valueChanged.connect(self._year_changed)
        self.play_btn = QPushButton(self)
        self.play_btn.setCheckable(True)
        self.play_btn.toggled.connect(self._play)
        self.year_label = QLabel(self)
        self.year_values = QLabel(self)
        self.year_values.setWordWrap(True)
        self.map_btn = QPushButton(self)
        self.map_btn.clicked.connect(self.show_maps)
        self._play_timer = QTimer(self, interval=250)
        self._play_timer.timeout.connect(self._step_year)
        yrow = QHBoxLayout()
        yrow.addWidget(self.play_btn)
        yrow.addWidget(self.year, 1)
        yrow.addWidget(self.year_label)
        yrow.addWidget(self.map_btn)

        # ---- studio: sliders per action + presets ---------------------------------------------------------
        self.studio = QGroupBox(self)
        self.studio_layout = QVBoxLayout(self.studio)
        self.preset_row = QHBoxLayout()
        self.preset_btns: dict[str, QPushButton] = {}
        for key, factor in PRESETS:
            b = QPushButton(self.studio)
            b.clicked.connect(lambda _c=False, f=factor: self.apply_preset(f))
            self.preset_btns[key] = b
            self.preset_row.addWidget(b)
        self.studio_layout.addLayout(self.preset_row)
        self.sliders_box = QWidget(self.studio)
        self.sliders_form = QFormLayout(self.sliders_box)
        self.studio_layout.addWidget(self.sliders_box)
        # keep what is shown as a scenario of the project, or remove a project scenario
        self.save_btn = QPushButton(self.studio)
        self.save_btn.clicked.connect(self.save_as_scenario)
        self.delete_btn = QPushButton(self.studio)
        self.delete_btn.clicked.connect(self.delete_scenario)
        keep_row = QHBoxLayout()
        keep_row.addWidget(self.save_btn)
        keep_row.addWidget(self.delete_btn)
        keep_row.addStretch(1)
        self.studio_layout.addLayout(keep_row)
        self.studio_layout.addStretch(1)  # the buttons right below the sliders
        self.sliders: dict[str, tuple[QSlider, QLabel]] = {}
        self._recompute_timer = QTimer(self, singleShot=True, interval=250)
        self._recompute_timer.timeout.connect(self.recompute)

        # ---- tables ------------------------------------------------------------------------------------------
        self.tables = QTabWidget(self)
        self.targets_table = self._table()
        self.township_table = self._table()
        self.allocation_table = self._table()
        self.allocation_label = QLabel(self)
        self.allocation_label.setWordWrap(True)
        self.tables.addTab(self._with_buttons(self.targets_table), "")
        self.tables.addTab(self._with_buttons(self.township_table), "")
        self.allocation_tab = self._with_buttons(self.allocation_table)
        self.allocation_tab.layout().insertWidget(0, self.allocation_label)
        self.alloc_save_btn = QPushButton(self.allocation_tab)
        self.alloc_save_btn.clicked.connect(self.save_as_scenario)
        self.allocation_tab.layout().itemAt(1).layout().addWidget(self.alloc_save_btn)
        self.tables.addTab(self.allocation_tab, "")

        top = QWidget(self)
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        hrow = QHBoxLayout()
        hrow.addWidget(self.prepare_btn)
        hrow.addWidget(self.state_label, 1)
        tl.addLayout(hrow)
        tl.addLayout(form)
        tl.addWidget(self.chart_box, 1)
        tl.addLayout(yrow)
        tl.addWidget(self.year_values)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(top)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.studio)
        self.tables.insertTab(0, scroll, "")
        self.tables.setCurrentIndex(0)
        split.addWidget(self.tables)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([560, 260])
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)

        model.planning_changed.connect(self._on_planning)
        model.project_changed.connect(self.refresh)
        model.language_changed.connect(lambda _l: self.retranslate())
        self.retranslate()
        self.refresh()

    def detach(self) -> None:
        self.model.planning_changed.disconnect(self._on_planning)
        self.model.project_changed.disconnect(self.refresh)
        self._play_timer.stop()
        if self._worker is not None:
            self._worker.cancel()

    @property
    def lang(self) -> str:
        return self.model.lang

    def retranslate(self) -> None:
        self.prepare_btn.setText(self.tr("Prepare planning data"))
        self.scenario_label.setText(self.tr("Scenario"))
        self.compare_label.setText(self.tr("Compare with"))
        self.metric_label.setText(self.tr("Show"))
        self.play_btn.setText(self.tr("Play"))
        self.map_btn.setText(self.tr("Map this year"))
        self.map_btn.setToolTip(self.tr("Carbon density maps of the scenario (and the one compared) "
                                        "in the chosen year, with a swipe divider"))
        self.studio.setTitle(self.tr("Scale each action's yearly area (100% = as planned)"))
        self.preset_btns["low"].setText(self.tr("Half (50%)"))
        self.preset_btns["planned"].setText(self.tr("As planned"))
        self.preset_btns["high"].setText(self.tr("More (150%)"))
        self.tables.setTabText(0, self.tr("Scenario studio"))
        self.tables.setTabText(1, self.tr("Targets"))
        self.tables.setTabText(2, self.tr("Townships"))
        self.tables.setTabText(3, self.tr("Allocation"))
        for b in (self.save_btn, self.alloc_save_btn):
            b.setText(self.tr("Save as Scenario…"))
            b.setToolTip(self.tr("Add the scenario shown — with the studio's areas, or the "
                                 "allocation — to the project under a name of its own. File → "
                                 "Save writes it; “sinkplanner plan PROJECT --scenario NAME” "
                                 "projects it as shown here."))
        self.delete_btn.setText(self.tr("Delete Scenario…"))
        self.delete_btn.setToolTip(self.tr("Remove the scenario shown from the project"))
        for t in (self.targets_table, self.township_table, self.allocation_table):
            t.copy_btn.setText(self.tr("Copy"))  # type: ignore[attr-defined]
            t.csv_btn.setText(self.tr("Export CSV…"))  # type: ignore[attr-defined]
        self.metric.blockSignals(True)
        cur = self.metric.currentData()
        self.metric.clear()
        for key, (en, zh, _s, unit) in METRICS.items():
            self.metric.addItem(f"{zh if self.lang == 'zh' else en} ({unit})", key)
        self.metric.setCurrentIndex(max(0, self.metric.findData(cur)))
        self.metric.blockSignals(False)
        self.refresh()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # ---- preparing ----------------------------------------------------------------------------------------
    def prepare(self) -> None:
        """Build the planner in the background (through the window's run bar)."""
        project = self.model.project
        if self.window_ is None:
            return
        self.window_.run_job(self.tr("Preparing planning data"), jobs.prepare_planning, project,
                             on_result=self._prepared)

    def _prepared(self, result: dict[str, Any]) -> None:
        names = list(result["scenarios"])
        p = self.model.planning
        current = p.current if p.current in names else (names[0] if names else None)
        self.model.set_planning(planner=result["planner"], scenarios=result["scenarios"],
                                targets=result["targets"], projections=result["projections"],
                                status=result["status"], factors={}, current=current,
                                compare=None, year=result["planner"].base_year)

    def add_allocation(self, result: dict[str, Any], compare: str | None = None) -> None:
        """Show an allocation made by Analysis → Allocate… (``app.gui.allocation``) as a
        scenario, compared with ``compare`` (else the scenario shown before), and open its
        per-township table."""
        if result.get("prepared") is not None:  # the planner was built for it
            self._prepared(result["prepared"])
        p = self.model.planning
        sc = result["scenario"]
        before = p.current if p.current != sc.name else p.compare
        allocations = dict(p.allocations)
        if result.get("spec") is not None:  # kept to save it as a scenario of the project
            allocations[sc.name] = result["spec"]
        self.model.set_planning(scenarios={**p.scenarios, sc.name: sc},
                                projections={**p.projections, sc.name: result["projection"]},
                                status={**p.status, sc.name: result["status"]},
                                allocations=allocations, current=sc.name,
                                compare=compare or before)
        self.refresh()
        self.tables.setCurrentWidget(self.allocation_tab)

    # ---- model → view -----------------------------------------------------------------------------------
    def _on_planning(self, what: str) -> None:
        if what == "year":
            self._show_year()
            self.redraw()
        elif what in ("projection", "factors"):
            self.redraw()
            self._fill_tables()
            self._show_year()
            self._sync_sliders()
        elif what == "scenarios":  # added or removed: project the new ones
            self.refresh()
            p = self.model.planning
            missing = [n for n in p.scenarios if n not in p.projections]
            if missing and p.ready and self.window_ is not None:
                self.recompute(missing)
        else:
            self.refresh()

    def refresh(self, *args: Any) -> None:
        p = self.model.planning
        ready = p.ready
        self.prepare_btn.setVisible(not ready)
        for w in (self.scenario, self.compare, self.metric, self.year, self.play_btn, self.studio,
                  self.tables, self.map_btn):
            w.setEnabled(ready)
        if not ready:
            self.state_label.setText(self.tr(
                "Projections to 2060 need the planning data of this project (a minute or less)."))
        else:
            self.state_label.setText(self.tr("%1 scenarios, %2–%3")
                                     .replace("%1", str(len(p.scenarios)))
                                     .replace("%2", str(p.planner.base_year))
                                     .replace("%3", str(p.planner.horizon)))
        self._fill_combos()
        if ready:
            self.year.blockSignals(True)
            self.year.setRange(p.planner.base_year, p.planner.horizon)
            self.year.setValue(p.year or p.planner.base_year)
            self.year.blockSignals(False)
        self._build_sliders()
        self._update_keep_buttons()
        self._fill_tables()
        self._show_year()
        self.redraw()

    def _update_keep_buttons(self) -> None:
        p = self.model.planning
        ready = p.ready and p.current is not None
        self.save_btn.setEnabled(ready)
        self.delete_btn.setEnabled(ready and p.current in self.model.project.scenario_names())
        self.alloc_save_btn.setVisible(ready and p.current in p.allocations)

    def _title(self, name: str) -> str:
        sc = self.model.planning.scenarios.get(name)
        return sc.display(self.lang) if sc is not None else name

    def _fill_combos(self) -> None:
        p = self.model.planning
        for combo, value, none in ((self.scenario, p.current, False), (self.compare, p.compare, True)):
            combo.blockSignals(True)
            combo.clear()
            if none:
                combo.addItem(self.tr("(none)"), None)
            for name in p.scenarios:
                combo.addItem(self._title(name), name)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)

    def _choose(self, *args: Any) -> None:
        self.model.set_planning(current=self.scenario.currentData(),
                                compare=self.compare.currentData())

    # ---- studio -------------------------------------------------------------------------------------------
    def _build_sliders(self) -> None:
        while self.sliders_form.rowCount():
            self.sliders_form.removeRow(0)
        self.sliders.clear()
        p = self.model.planning
        sc = p.scenarios.get(p.current or "")
        if sc is None:
            return
        actions = [it.action for it in sc.items]
        if not actions:
            self.sliders_form.addRow(QLabel(self.tr(
                "This scenario allocates automatically (budget or target); it has no yearly "
                "areas to scale."), self.sliders_box))
            return
        for action in dict.fromkeys(actions):
            a = p.planner.actions.get(action)
            title = a.title(self.lang) if a is not None else action
            s = QSlider(Qt.Orientation.Horizontal, self.sliders_box)
            s.setRange(0, 300)
            s.setSingleStep(5)
            s.setPageStep(25)
            s.setValue(round(p.factor(sc.name, action) * 100))
            value = QLabel(self.sliders_box)
            value.setMinimumWidth(44)
            s.valueChanged.connect(lambda v, act=action, lab=value: self._slider_moved(act, v, lab))
            row = QHBoxLayout()
            row.addWidget(s, 1)
            row.addWidget(value)
            holder = QWidget(self.sliders_box)
            holder.setLayout(row)
            label = QLabel(title, self.sliders_box)
            label.setToolTip(action)
            self.sliders_form.addRow(label, holder)
            self.sliders[action] = (s, value)
            value.setText(f"{s.value()}%")

    def _sync_sliders(self) -> None:
        p = self.model.planning
        for action, (s, lab) in self.sliders.items():
            v = round(p.factor(p.current or "", action) * 100)
            if s.value() != v:
                s.blockSignals(True)
                s.setValue(v)
                s.blockSignals(False)
            lab.setText(f"{v}%")

    def _slider_moved(self, action: str, value: int, label: QLabel) -> None:
        label.setText(f"{value}%")
        p = self.model.planning
        if p.current is None:
            return
        factors = {k: dict(v) for k, v in p.factors.items()}
        factors.setdefault(p.current, {})[action] = value / 100.0
        p.factors = factors  # the view follows; recompute after the slider settles
        self._recompute_timer.start()

    def apply_preset(self, factor: float) -> None:
        p = self.model.planning
        sc = p.scenarios.get(p.current or "")
        if sc is None:
            return
        factors = {k: dict(v) for k, v in p.factors.items()}
        factors[sc.name] = {it.action: factor for it in sc.items}
        self.model.set_planning(factors=factors)
        self.recompute()

    def recompute(self, names: Iterable[str] | None = None) -> None:
        """Project ``names`` (default: the current scenario) with the studio's factors in the
        background. While a projection runs, requests wait in a queue and then run with the
        newest factors."""
        p = self.model.planning
        if not p.ready:
            return
        for n in ([p.current] if names is None else names):
            if n is not None and n in p.scenarios:
                self._queue[n] = None
        if self._worker is not None or not self._queue:
            return
        items = [(n, p.scenarios[n], dict(p.factors.get(n, {}))) for n in self._queue
                 if n in p.scenarios]
        self._queue.clear()
        if not items:
            return
        w = Worker(project_scenarios, p.planner, items, p.targets, lang=self.lang)
        w.signals.finished.connect(lambda res, pl=p.planner: self._projected(res, pl))
        w.signals.failed.connect(self._recompute_failed)
        w.signals.done.connect(self._recompute_done)
        self._worker = w
        self.window_.tasks.start(w)

    def _projected(self, result: dict[str, tuple[Any, Any]], planner: Any = None) -> None:
        p = self.model.planning
        if planner is not None and p.planner is not planner:  # another project meanwhile
            return
        projections = dict(p.projections)
        status = dict(p.status)
        for name, (proj, st) in result.items():
            if name in p.scenarios:  # not removed meanwhile
                projections[name], status[name] = proj, st
        self.model.set_planning(projections=projections, status=status)

    def _recompute_failed(self, message: str) -> None:
        self.state_label.setText(message)

    def _recompute_done(self, _w: Any) -> None:
        self._worker = None
        if self._queue:
            self.recompute([])

    @property
    def busy(self) -> bool:
        return (self._worker is not None or self._recompute_timer.isActive()
                or bool(self._queue))

    # ---- keeping scenarios -----------------------------------------------------------------------------
    def scenario_to_save(self, name: str, title: Any = None) -> dict[str, Any]:
        """The ``[[scenarios]]`` table that keeps the current scenario as shown: an allocation
        of this session as its request on top of its base scenario (scaled as in the studio),
        else the project scenario with the studio's factors. ProjectError when the scenario
        it builds on is no longer in the project."""
        p = self.model.planning
        project = self.model.project
        cur = p.current or ""
        factors = p.factors.get(cur, {})
        spec = p.allocations.get(cur)
        if spec is None:
            return scaled_scenario_dict(project.scenario(cur), factors, name=name, title=title)
        base = None
        if spec.base:
            base = scaled_scenario_dict(project.scenario(spec.base), factors, name=name)
        sc = p.scenarios.get(cur)
        return allocation_scenario_dict(spec.request, name=name, base=base,
                                        title=title or (dict(sc.title) if sc else None))

    def _taken_names(self) -> set[str]:
        """Names of the session's unsaved scenarios other than the one being saved."""
        p = self.model.planning
        return {n for n in p.scenarios if n != p.current
                and n not in self.model.project.scenario_names()}

    def save_dialog(self) -> SaveScenarioDialog | None:
        """The Save as Scenario dialog for the current scenario (None, with a message, when it
        cannot be saved)."""
        from gis.errors import SinkplannerError

        p = self.model.planning
        if not p.ready or p.current is None:
            return None
        cur = p.current
        spec = p.allocations.get(cur)
        stem = (f"{spec.base}_allocation" if spec.base else "allocation") if spec else cur
        name = self.model.project.free_scenario_name(stem, self._taken_names() | {cur})
        try:
            proposal = self.scenario_to_save(name)
        except SinkplannerError as exc:
            self._error(self.tr("Cannot save the scenario"), exc.message(self.lang))
            return None
        if spec is not None:
            what = self.tr("The allocation “%1” is kept as its request (budget or cover target, "
                           "planting years, actions) on top of its base scenario; the planner "
                           "places it the same way whenever the scenario is projected.")
        else:
            changed = [f"{self._action_title(a)} {round(f * 100)}%"
                       for a, f in p.factors.get(cur, {}).items() if abs(f - 1.0) > 1e-9]
            what = (self.tr("“%1” with the studio's yearly areas: %2.")
                    .replace("%2", ", ".join(changed)) if changed else
                    self.tr("“%1” as planned (a copy to edit in the project file)."))
        what = what.replace("%1", self._title(cur))
        return SaveScenarioDialog(self, what=what, name=name, title=proposal["title"],
                                  check=lambda n: self.model.project.scenario_name_problem(
                                      n, self._taken_names()))

    def save_as_scenario(self) -> str | None:
        """Ask for a name and title and keep the current scenario in the project."""
        dlg = self.save_dialog()
        if dlg is None or not dlg.exec():
            return None
        name, title = dlg.values()
        return self.save_scenario(name, title)

    def save_scenario(self, name: str, title: Any = None) -> str | None:
        """Add the current scenario as shown to the project as ``name``: it takes the place of
        an allocation of this session, or joins the list after a studio scenario, which
        returns to as planned to be compared with it. Returns the name (None after a message)."""
        from gis.errors import SinkplannerError

        p = self.model.planning
        cur = p.current
        if not p.ready or cur is None:
            return None
        spec = p.allocations.get(cur)
        if name in self._taken_names():
            self._error(self.tr("Cannot save the scenario"),
                        self.tr("The project already has a scenario named “%1”.")
                        .replace("%1", name))
            return None
        studio = spec is None and any(abs(f - 1.0) > 1e-9 for f in p.factors.get(cur, {}).values())
        # the new scenario shows the projection made here until its own arrives (the same
        # figures, from the saved table)
        shown = p.projections.get(cur), p.status.get(cur)
        try:
            table = self.scenario_to_save(name, title)
            if shown[0] is not None and name not in p.projections:
                p.projections[name], p.status[name] = shown
            self.model.add_scenario(table, replace=cur if spec is not None else None)
        except SinkplannerError as exc:
            if name not in p.scenarios:
                p.projections.pop(name, None)
                p.status.pop(name, None)
            self._error(self.tr("Cannot save the scenario"), exc.message(self.lang))
            return None
        # the studio scenario goes back to as planned, to be compared with the new one
        again = [name]
        if studio:
            p.factors = {k: v for k, v in p.factors.items() if k != cur}
            p.projections.pop(cur, None)
            p.status.pop(cur, None)
            again.append(cur)
        compare = cur if spec is None else (p.compare if p.compare != name else None)
        self.model.set_planning(current=name, compare=compare)
        self.recompute(again)
        if self.window_ is not None and hasattr(self.window_, "statusBar"):
            self.window_.statusBar().showMessage(
                self.tr("Scenario “%1” added to the project; File → Save writes it.")
                .replace("%1", name), 6000)
        return name

    def delete_scenario(self) -> bool:
        """Remove the current scenario from the project, after asking."""
        p = self.model.planning
        name = p.current
        if name is None or name not in self.model.project.scenario_names():
            return False
        if not self._ask(self.tr("Delete scenario?"),
                         self.tr("Remove the scenario “%1” (%2) from the project? The project "
                                 "file changes when you save it.")
                         .replace("%1", self._title(name)).replace("%2", name)):
            return False
        self.model.remove_scenario(name)
        return True

    def _error(self, title: str, text: str) -> None:
        if self.window_ is not None:
            self.window_.show_error(title, text)
        else:
            QMessageBox.warning(self, title, text)

    def _ask(self, title: str, text: str) -> bool:
        if self.window_ is not None:
            return bool(self.window_.ask_yes_no(title, text))
        r = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                 | QMessageBox.StandardButton.No)
        return r == QMessageBox.StandardButton.Yes

    # ---- years ---------------------------------------------------------------------------------------------
    def _year_changed(self, year: int) -> None:
        self.year_label.setText(str(year))
        if self.model.planning.year != year:
            self.model.set_planning(year=year)

    def _play(self, on: bool) -> None:
        if on:
            if self.year.value() >= self.year.maximum():
                self.year.setValue(self.year.minimum())
            self._play_timer.start()
        else:
            self._play_timer.stop()

    def _step_year(self) -> None:
        if self.year.value() >= self.year.maximum():
            self.play_btn.setChecked(False)
            return
        self.year.setValue(self.year.value() + 1)

    def _show_year(self) -> None:
        p = self.model.planning
        if not p.ready or p.year is None:
            self.year_values.setText("")
            return
        self.year_label.setText(str(p.year))
        parts = []
        for name in (p.current, p.compare):
            proj = p.projections.get(name or "")
            if proj is None:
                continue
            row = proj.yearly.loc[proj.yearly["year"] == p.year]
            if row.empty:
                continue
            r = row.iloc[0]
            sink = r["sink_tCO2e_per_yr"]
            if sink != sink:  # the base year: no sink yet
                text = self.tr("<b>%1</b> in %2 (base year): forest cover %3%, carbon stock "
                               "%4 Mt C")
            else:
                text = self.tr("<b>%1</b> in %2: forest cover %3%, carbon stock %4 Mt C, "
                               "annual sink %5 ×10⁴ t CO₂e").replace("%5", f"{sink / 1e4:,.1f}")
            parts.append(text.replace("%1", self._title(name or ""))
                         .replace("%2", str(p.year))
                         .replace("%3", f"{r['forest_cover_pct']:.1f}")
                         .replace("%4", f"{r['carbon_stock_tC'] / 1e6:,.2f}"))
        self.year_values.setText("<br>".join(parts))
        self._fill_townships()

    # ---- maps ---------------------------------------------------------------------------------------------------
    def show_maps(self) -> Any:
        """Write the carbon density maps of the current (and compared) scenario in the chosen
        year in the background; they arrive as layers, the current one swiped over the other."""
        p = self.model.planning
        if not p.ready or p.current is None or p.year is None or self.window_ is None:
            return None
        names = [n for n in (p.current, p.compare) if n]
        names = list(dict.fromkeys(names))
        items = [(n, p.scenarios[n], dict(p.factors.get(n, {}))) for n in names]
        project = self.model.project
        root = jobs.default_output_folder(project, "scenario_maps")
        return self.window_.run_job(self.tr("Scenario maps %1").replace("%1", str(p.year)),
                                    jobs.scenario_maps, p.planner, items, p.year, root,
                                    on_result=lambda res, y=p.year, n=names: self._maps_ready(res, y, n))

    def _maps_ready(self, result: dict[str, Any], year: int, names: list[str]) -> None:
        from pathlib import Path

        added = []
        vmax = round(float(result.get("carbon_max") or 200.0), 1)
        for name in reversed(names):  # the current scenario ends on top
            path = result["maps"].get(name, {}).get("carbon_tC_ha")
            if path is None:
                continue
            for e in list(self.model.layers):
                if Path(e.path) == Path(path):
                    self.model.remove_layer(e.id)
            sc = self.model.planning.scenarios.get(name)
            title = {"en": f"Carbon density {year} — {sc.display('en') if sc else name} (t C/ha)",
                     "zh": f"碳密度 {year} — {sc.display('zh') if sc else name}（t C/ha）"}
            e = self.model.add_layer(path, role="result", title=title,
                                     style={"kind": "ramp", "ramp": "ylgn", "min": 0.0,
                                            "max": vmax})
            added.append(e.id)
        if added and self.window_ is not None:
            self.window_.canvas.set_swipe(added[-1] if len(added) > 1 else None)
        return None

    # ---- chart -------------------------------------------------------------------------------------------------
    def _ensure_chart(self) -> None:
        """Create the chart on first use (matplotlib is imported only then)."""
        if self._canvas is not None:
            return
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
        from matplotlib.figure import Figure

        self._figure = Figure(figsize=(5, 3), dpi=90, layout="constrained")
        self._canvas = FigureCanvasQTAgg(self._figure)
        self._canvas.setMinimumHeight(240)
        self.chart_layout.addWidget(self._canvas)

    def redraw(self) -> None:
        p = self.model.planning
        if not p.ready or not self.isVisible() and self._canvas is None:
            return
        self._ensure_chart()
        import matplotlib

        from app.report.fonts import font_for

        key = self.metric.currentData() or "carbon_stock_tC"
        en, zh, scale, unit = METRICS[key]
        try:
            rc = {"font.family": font_for(self.lang).families, "axes.unicode_minus": False}
        except Exception:  # noqa: BLE001 - no CJK font: matplotlib's default
            rc = {}
        fig = self._figure
        with matplotlib.rc_context(rc):
            fig.clear()
            ax = fig.add_subplot(111)
            for name, style in ((p.current, "-"), (p.compare, "--")):
                proj = p.projections.get(name or "")
                if proj is None:
                    continue
                y = proj.yearly
                ax.plot(y["year"], y[key] * scale, style, lw=2, label=self._title(name or ""))
            if key in ("forest_cover_pct", "stock_volume_m3"):
                for tg in p.targets:
                    goal = getattr(tg, key, None)
                    if goal is not None and tg.region == "county":
                        ax.axhline(goal * scale, color="#b00020", lw=1, ls=":")
                        ax.annotate(self.tr("target %1").replace("%1", str(tg.year)),
                                    (tg.year, goal * scale), color="#b00020", fontsize=8,
                                    xytext=(2, 3), textcoords="offset points")
            if p.year is not None:
                ax.axvline(p.year, color="#555555", lw=1)
            ax.set_ylabel(f"{zh if self.lang == 'zh' else en} ({unit})")
            ax.grid(alpha=0.3)
            if ax.lines:
                ax.legend(fontsize=8, loc="best")
            fig.canvas.draw_idle()

    # ---- tables ---------------------------------------------------------------------------------------------------
    def _fill_tables(self) -> None:
        p = self.model.planning
        st = p.status.get(p.current or "")
        t = self.targets_table
        headers = [self.tr("Region"), self.tr("Indicator"), self.tr("Target year"),
                   self.tr("Target"), self.tr("Now"), self.tr("In target year"),
                   self.tr("Gap"), self.tr("Met"), self.tr("Year reached")]
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        if st is None:
            t.setRowCount(0)
            return
        names = {"forest_cover_pct": self.tr("Forest cover (%)"),
                 "stock_volume_m3": self.tr("Stock volume (m³)")}
        t.setRowCount(len(st))
        for i, r in enumerate(st.to_dict("records")):
            reached = r.get("year_reached")
            vals = [r["region"], names.get(r["metric"], r["metric"]), str(r["target_year"]),
                    _num(r["target"]), _num(r["base_value"]), _num(r["value_at_target_year"]),
                    _num(r["gap_at_target_year"]),
                    self.tr("yes") if r["met_by_target_year"] else self.tr("no"),
                    "" if reached is None or reached != reached or str(reached) == "<NA>"
                    else str(reached)]
            for j, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if j >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(i, j, item)
        self._fill_townships()
        self._fill_allocation()

    def _fill_townships(self) -> None:
        p = self.model.planning
        proj = p.projections.get(p.current or "")
        t = self.township_table
        headers = [self.tr("Code"), self.tr("Township"), self.tr("Forest cover (%)"),
                   self.tr("Stock volume (m³)"), self.tr("Carbon stock (t C)")]
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        if proj is None or p.year is None:
            t.setRowCount(0)
            return
        tw = proj.townships.loc[proj.townships["year"] == p.year]
        t.setRowCount(len(tw))
        for i, r in enumerate(tw.to_dict("records")):
            vals = [str(r["township"]), str(r["name"]), f"{r['forest_cover_pct']:.1f}",
                    _num(r["stock_volume_m3"]), _num(r["carbon_stock_tC"])]
            for j, v in enumerate(vals):
                item = QTableWidgetItem(v)
                if j >= 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(i, j, item)

    # ---- allocation -------------------------------------------------------------------------------------------
    def allocation_summary(self, alloc: Any) -> tuple[str, bool]:
        """What an allocation achieved, in words, and whether it fell short (a cover target
        that cannot be reached, a budget that buys nothing)."""
        planner = self.model.planning.planner
        req = alloc.request
        area, cost = alloc.area_ha, alloc.cost_cny(planner)
        if req.cover_target_pct is None:
            if area <= 0:
                return self.tr("The budget of %1 CNY buys nothing: no chosen action has allowed "
                               "land where it adds to the sink, or one pixel costs more than the "
                               "budget.").replace("%1", _num(req.budget_cny)), True
            return (self.tr("Budget %1 CNY, planting %2–%3: %4 ha allocated for %5 CNY.")
                    .replace("%1", _num(req.budget_cny)).replace("%2", str(req.start))
                    .replace("%3", str(req.end)).replace("%4", _num(area))
                    .replace("%5", _num(cost)), False)
        co = planner.cohorts
        names = dict(zip(co.township_codes, co.township_names, strict=False))
        region = self.tr("the county") if req.region == "county" else names.get(req.region,
                                                                                req.region)
        needed = alloc.needed_ha or 0.0
        pixel = float(np.max(co.mean_pixel_area_ha)) if len(co) else 0.0
        short = area < needed - 0.5 * pixel  # whole pixels: half a pixel of slack
        if short:
            text = self.tr("%1% forest cover in %2 by %3 cannot be reached with the chosen "
                           "actions: %4 ha of new forest are needed, only %5 ha can be placed "
                           "on land the rules allow (cost %6 CNY).")
        elif needed <= 0:
            text = self.tr("%2 already reaches %1% forest cover by %3 without new planting; "
                           "nothing was allocated.")
        else:
            text = self.tr("%1% forest cover in %2 by %3: %4 ha of new forest are needed; "
                           "%5 ha allocated for %6 CNY.")
        return (text.replace("%1", f"{req.cover_target_pct:g}").replace("%2", region)
                .replace("%3", str(req.year)).replace("%4", _num(needed))
                .replace("%5", _num(area)).replace("%6", _num(cost)), short)

    def _fill_allocation(self) -> None:
        """Per township and action: the area, cost and sink the current scenario's allocation
        placed there (the explanation of the choice, with the priority map)."""
        p = self.model.planning
        proj = p.projections.get(p.current or "")
        alloc = getattr(proj, "allocation", None)
        t = self.allocation_table
        horizon = str(p.planner.horizon) if p.ready else ""
        headers = [self.tr("Code"), self.tr("Township"), self.tr("Action"), self.tr("Area (ha)"),
                   self.tr("Cost (CNY)"),
                   self.tr("Sink to %1 (t CO₂e)").replace("%1", horizon)]
        t.setColumnCount(len(headers))
        t.setHorizontalHeaderLabels(headers)
        if alloc is None:
            t.setRowCount(0)
            self.allocation_label.setText(self.tr(
                "This scenario does not allocate. Analysis → Allocate… chooses where to act "
                "for a budget or a forest cover target.") if p.ready else "")
            return
        text, short = self.allocation_summary(alloc)
        self.allocation_label.setText(f"<span style='color:#b00020'>{text}</span>"
                                      if short else text)
        bt = alloc.by_township
        rows = [[str(r["township"]), str(r["name"]), self._action_title(r["action"]),
                 r["area_ha"], r["cost_cny"], r["sink_to_horizon_tCO2e"]]
                for r in bt.to_dict("records")]
        rows.append(["", self.tr("Total"), "", bt["area_ha"].sum(), bt["cost_cny"].sum(),
                     bt["sink_to_horizon_tCO2e"].sum()])
        t.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, v in enumerate(r):
                item = QTableWidgetItem(v if j < 3 else _num(v))
                if j >= 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                t.setItem(i, j, item)

    def _action_title(self, action: str) -> str:
        a = self.model.planning.planner.actions.get(action)
        return a.title(self.lang) if a is not None else action


class SaveScenarioDialog(_CheckedDialog):
    """Name and title (English and Chinese) of a scenario to keep; a name that is empty,
    invalid, reserved or taken is said in the dialog, which stays open."""

    def __init__(self, parent: QWidget, *, what: str, name: str, title: dict[str, str],
                 check: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Save as Scenario"))
        self._check = check
        intro = QLabel(what, self)
        intro.setWordWrap(True)
        self.name = QLineEdit(name, self)
        self.name.setToolTip(self.tr("What “sinkplanner plan PROJECT --scenario NAME” calls it; "
                                     "also the name of its output folders"))
        self.title_en = QLineEdit(title.get("en", ""), self)
        self.title_zh = QLineEdit(title.get("zh", ""), self)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Title (English)"), self.title_en)
        form.addRow(self.tr("Title (Chinese)"), self.title_zh)
        hint = QLabel(self.tr("The scenario joins the project, which is then modified: File → "
                              "Save writes it to the project file."), self)
        hint.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(form)
        lay.addWidget(hint)
        self._finish(lay)
        self.resize(520, 260)

    def problem(self) -> str | None:
        name = self.name.text().strip()
        code = self._check(name)
        if code is None:
            return None
        return {
            "empty": self.tr("Enter a name for the scenario."),
            "invalid": self.tr("A name may not contain spaces or any of / \\ : * ? \" < > |, "
                               "nor start with a dot, and has at most 64 characters."),
            "reserved": self.tr("“all” is reserved: “sinkplanner plan --scenario all” projects "
                                "every scenario."),
            "duplicate": self.tr("The project already has a scenario named “%1”.")
                         .replace("%1", name),
        }.get(code, code)

    def values(self) -> tuple[str, dict[str, str]]:
        name = self.name.text().strip()
        return name, bilingual({"en": self.title_en.text().strip(),
                                "zh": self.title_zh.text().strip()}, name)


def project_scenarios(planner: Any, items: list[tuple[str, Any, dict[str, float]]],
                      targets: list[Any], *, progress: Any = None,
                      cancel: Any = None) -> dict[str, tuple[Any, Any]]:
    """(Projection, target status) of each (name, scenario, studio factors), by name."""
    from gis.errors import CancelledError

    out = {}
    for i, (name, scenario, factors) in enumerate(items):
        if cancel is not None and cancel():
            raise CancelledError()
        if progress is not None:
            progress(i / max(1, len(items)), name)
        out[name] = jobs.project_scenario(planner, scenario, factors, targets)
    return out


def _num(v: Any) -> str:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if f != f:
        return ""
    return f"{f:,.1f}" if abs(f) < 1000 else f"{f:,.0f}"
