"""The main window: map in the centre, layers on the left, identify on the right, runs below."""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QFileInfo, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QToolBar,
    QWidget,
)

from app import __version__
from app.gui.allocation import PlanningTools
from app.gui.canvas import MapCanvas
from app.gui.layers_panel import LayerPanel
from app.gui.panels import IdentifyPanel, RunBar
from app.gui.resources import icon
from app.gui.workers import TaskManager, Worker
from app.model import AppModel
from app.project import Project
from app.settings import Settings

#: the docks View → Panels lists, in its order
PANELS = ("layers", "identify", "attributes", "conflicts", "dashboard")
DEMO_PROJECT = Path(__file__).resolve().parents[2] / "sample_data" / "demo_county" / "demo_county.toml"
RECOVERY_NAME = "recovery.toml"
RECOVERY_META = "recovery.json"


class MainWindow(QMainWindow):
    language_switched = Signal(str)
    job_finished = Signal(object)  # the result of the last background job (for tests/scripts)
    job_ended = Signal(str)  # 'done' | 'failed' | 'cancelled', after any background job

    def __init__(self, model: AppModel | None = None, settings: Settings | None = None,
                 lang: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings or Settings()
        self.model = model or AppModel(lang=lang or self.settings.language or "en")
        if lang:
            self.model.set_language(lang)
        self.tasks = TaskManager(self)
        self.current_worker: Worker | None = None
        self._on_result: Callable[[Any], None] | None = None
        self._closing = False
        self.setObjectName("MainWindow")
        self.setWindowIcon(icon("app"))
        self.setAcceptDrops(True)
        self.resize(1280, 820)

        self.canvas = MapCanvas(self.model, self)
        self.setCentralWidget(self.canvas)
        self.layer_panel = LayerPanel(self.model, self.canvas, self)
        self.layer_dock = QDockWidget(self)
        self.layer_dock.setObjectName("LayersDock")
        self.layer_dock.setWidget(self.layer_panel)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.layer_dock)
        self.identify_panel = IdentifyPanel(self.model, self)
        self.identify_dock = QDockWidget(self)
        self.identify_dock.setObjectName("IdentifyDock")
        self.identify_dock.setWidget(self.identify_panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.identify_dock)
        self.dashboard = None
        self.dashboard_dock: QDockWidget | None = None
        self.conflicts: Any = None  # app.gui.conflicts.ConflictsPanel, made on first use
        self.conflicts_dock: QDockWidget | None = None
        self.attributes: Any = None  # app.gui.attributes.AttributeTable, made on first use
        self.attributes_dock: QDockWidget | None = None
        self.check_dialog: Any = None  # app.gui.project_properties.CheckProjectDialog

        self._build_actions()
        self._build_menus()
        self._build_status()
        self._connect()

        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_timer.start(int(max(0.1, self.settings.autosave_minutes) * 60_000))

        geo, state = self.settings.window_geometry(), self.settings.window_state()
        if geo is not None:
            self.restoreGeometry(geo)
        if state is not None:
            self.restoreState(state)
        self.retranslate()
        self._update_title()

    # ---- construction ------------------------------------------------------------------------------
    def _act(self, name: str, slot: Callable[..., Any] | None = None, shortcut: Any = None,
             checkable: bool = False, icon_name: str | None = None) -> QAction:
        a = QAction(self)
        a.setObjectName(name)
        if icon_name:
            a.setIcon(icon(icon_name))
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        a.setCheckable(checkable)
        if slot is not None:
            a.triggered.connect(lambda checked=False, s=slot: s())
        return a

    def _build_actions(self) -> None:
        SK = QKeySequence.StandardKey
        self.act_new = self._act("new", self.new_project, SK.New, icon_name="new")
        self.act_open = self._act("open", self.open_project_dialog, SK.Open, icon_name="open")
        self.act_save = self._act("save", self.save_project, SK.Save, icon_name="save")
        self.act_save_as = self._act("save_as", self.save_project_as, SK.SaveAs)
        self.act_add = self._act("add_layer", self.add_layer_dialog, "Ctrl+Shift+A", icon_name="add_layer")
        self.act_report = self._act("report", self.open_report, "Ctrl+P")
        self.act_quit = self._act("quit", self.close, SK.Quit)
        self.act_zoom_in = self._act("zoom_in", self.canvas.zoom_in, SK.ZoomIn, icon_name="zoom_in")
        self.act_zoom_out = self._act("zoom_out", self.canvas.zoom_out, SK.ZoomOut, icon_name="zoom_out")
        self.act_full = self._act("zoom_full", self.canvas.zoom_full, "Ctrl+Shift+F", icon_name="zoom_full")
        self.act_zoom_layer = self._act("zoom_layer", self.zoom_to_selected, icon_name="zoom_layer")
        self.act_pan = self._act("pan", lambda: self.set_tool("pan"), "P", True, "pan")
        self.act_identify = self._act("identify", lambda: self.set_tool("identify"), "I", True, "identify")
        self.act_select = self._act("select", lambda: self.set_tool("select"), None, True, "select")
        self.act_deselect = self._act("deselect_all", self.deselect_all, "Ctrl+Alt+A",
                                      icon_name="deselect")
        self.act_deselect.setEnabled(False)
        self.act_measure_line = self._act("measure_line", lambda: self.set_tool("measure_line"),
                                          "Ctrl+Shift+M", True, "measure_line")
        self.act_measure_area = self._act("measure_area", lambda: self.set_tool("measure_area"),
                                          "Ctrl+Shift+J", True, "measure_area")
        self.act_swipe = self._act("swipe", self.toggle_swipe, "S", True, "swipe")
        self.tool_actions = {"pan": self.act_pan, "identify": self.act_identify,
                             "select": self.act_select, "measure_line": self.act_measure_line,
                             "measure_area": self.act_measure_area}
        tools = QActionGroup(self)
        for a in self.tool_actions.values():
            tools.addAction(a)
        self.act_pan.setChecked(True)
        self.act_attributes = self._act("attributes", self.open_attribute_table, "F6",
                                        icon_name="attributes")
        self.act_attributes.setEnabled(False)
        self.act_layer_properties = self._act("layer_properties", self.open_layer_properties)
        self.act_layer_properties.setEnabled(False)
        self.act_run_carbon = self._act("run_carbon", self.run_carbon, "F5", icon_name="run")
        self.act_plan = self._act("plan", self.run_plan, icon_name="plan")
        self.act_check_plan = self._act("check_plan", self.check_plan, icon_name="check_plan")
        self.act_rules = self._act("planning_rules", self.open_rules)
        self.act_properties = self._act("project_properties", self.open_project_properties)
        self.act_check_project = self._act("check_project", self.check_project)
        self.planning_tools = PlanningTools(self)
        self.act_allocate = self._act("allocate", self.planning_tools.open_allocate)
        self.act_export_plan = self._act("export_plan", self.planning_tools.open_export)
        self.act_cancel = self._act("cancel_run", self.cancel_run, "Esc", icon_name="cancel")
        self.act_cancel.setEnabled(False)
        self.act_zh = self._act("lang_zh", lambda: self.set_language("zh"), checkable=True)
        self.act_en = self._act("lang_en", lambda: self.set_language("en"), checkable=True)
        self.act_zh.setText("中文")
        self.act_en.setText("English")
        langs = QActionGroup(self)
        langs.addAction(self.act_zh)
        langs.addAction(self.act_en)
        (self.act_zh if self.model.lang == "zh" else self.act_en).setChecked(True)
        self.act_about = self._act("about", self.about)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        self.menu_file = mb.addMenu("")
        self.menu_file.addActions([self.act_new, self.act_open])
        self.menu_recent = QMenu(self)
        self.menu_recent.aboutToShow.connect(self._fill_recent)
        self.menu_file.addMenu(self.menu_recent)
        self.menu_file.addSeparator()
        self.menu_file.addActions([self.act_save, self.act_save_as])
        self.menu_file.addAction(self.act_properties)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_add)
        self.menu_file.addAction(self.act_report)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.act_quit)
        self.menu_view = mb.addMenu("")
        self.menu_view.addActions([self.act_zoom_in, self.act_zoom_out, self.act_full,
                                   self.act_zoom_layer])
        self.menu_view.addSeparator()
        self.act_dashboard = self._act("dashboard", self.show_dashboard)
        self.menu_panels = QMenu(self)  # View → Panels: every dock, made on demand
        self.menu_panels.setObjectName("menu_panels")
        self.menu_panels.aboutToShow.connect(self._sync_panel_actions)
        self.panel_actions: dict[str, QAction] = {}
        for name in PANELS:
            a = QAction(self)
            a.setObjectName(f"panel_{name}")
            a.setCheckable(True)
            a.triggered.connect(lambda checked, n=name: self.show_panel(n, checked))
            self.panel_actions[name] = a
            self.menu_panels.addAction(a)
        self.menu_view.addMenu(self.menu_panels)
        self._watch_dock("layers", self.layer_dock)
        self._watch_dock("identify", self.identify_dock)
        self.menu_layer = mb.addMenu("")
        self.menu_layer.addActions([self.act_add, self.act_attributes, self.act_zoom_layer])
        self.menu_layer.addSeparator()
        self.menu_layer.addAction(self.act_layer_properties)
        self.menu_tools = mb.addMenu("")
        self.menu_tools.addActions([self.act_pan, self.act_identify, self.act_select,
                                    self.act_deselect, self.act_measure_line,
                                    self.act_measure_area])
        self.menu_tools.addSeparator()
        self.menu_tools.addAction(self.act_swipe)
        self.menu_analysis = mb.addMenu("")
        self.menu_analysis.addAction(self.act_check_project)
        self.menu_analysis.addSeparator()
        self.menu_analysis.addActions([self.act_run_carbon, self.act_plan, self.act_dashboard])
        self.menu_analysis.addAction(self.act_check_plan)
        self.menu_analysis.addAction(self.act_rules)
        self.menu_analysis.addActions([self.act_allocate, self.act_export_plan])
        self.menu_analysis.addSeparator()
        self.menu_analysis.addAction(self.act_cancel)
        self.menu_lang = mb.addMenu("")
        self.menu_lang.addActions([self.act_zh, self.act_en])
        self.menu_help = mb.addMenu("")
        self.menu_help.addAction(self.act_about)

        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("MainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.toolbar.addActions([self.act_new, self.act_open, self.act_save])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_add, self.act_attributes])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_pan, self.act_identify, self.act_select,
                                 self.act_deselect, self.act_measure_line,
                                 self.act_measure_area, self.act_swipe, self.act_zoom_in,
                                 self.act_zoom_out, self.act_full, self.act_zoom_layer])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_run_carbon, self.act_plan])
        self.toolbar.addAction(self.act_check_plan)
        self.addToolBar(self.toolbar)

    def _build_status(self) -> None:
        sb = self.statusBar()
        self.run_bar = RunBar(self.model, self)
        self.run_bar.cancel_requested.connect(self.cancel_run)
        self.coord_label = QLabel(self)
        self.scale_label = QLabel(self)
        self.scale_box = QComboBox(self)  # editable, as in QGIS: type or pick 1:N
        self.scale_box.setEditable(True)
        self.scale_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.scale_box.setMinimumWidth(120)
        for n in (5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000):
            self.scale_box.addItem(f"1:{n:,}", n)
        self.scale_box.activated.connect(lambda _i: self._scale_entered())
        self.scale_box.lineEdit().editingFinished.connect(self._scale_entered)
        self.crs_label = QLabel(self)
        self.render_label = QLabel(self)
        self.measure_label = QLabel(self)  # the measurement's result; its tooltip, each segment
        self.measure_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.measure_label.hide()
        self.selection_label = QLabel(self)  # "N features selected on <layer>"
        self.selection_label.hide()
        self._selection_layer: str | None = None  # the layer the label speaks of
        for w in (self.coord_label, self.scale_label, self.crs_label):
            w.setMinimumWidth(60)
        sb.addWidget(self.run_bar)
        sb.addWidget(self.measure_label)
        sb.addPermanentWidget(self.selection_label)
        sb.addPermanentWidget(self.render_label)
        sb.addPermanentWidget(self.coord_label)
        sb.addPermanentWidget(self.scale_label)
        sb.addPermanentWidget(self.scale_box)
        sb.addPermanentWidget(self.crs_label)

    def _connect(self) -> None:
        m = self.model
        m.project_changed.connect(self._on_project)
        m.project_edited.connect(self._on_project_edited)
        m.dirty_changed.connect(self._update_title)
        m.selection_changed.connect(self._on_selection)
        m.layers_changed.connect(self._on_layers)
        self.canvas.coordinates_changed.connect(self._on_coords)
        self.canvas.scale_changed.connect(self._on_scale)
        self.canvas.identified.connect(self._on_identified)
        self.canvas.rendering_changed.connect(self._on_rendering)
        self.canvas.swipe_changed.connect(self._on_swipe)
        self.canvas.layer_error.connect(self._on_layer_error)
        self.canvas.measure.changed.connect(self._on_measure)
        self.canvas.feature_selection.changed.connect(self._on_features_selected)
        self.layer_panel.add_requested.connect(self.add_layer_dialog)
        self.layer_panel.attributes_requested.connect(self.open_attribute_table)
        self.layer_panel.style_requested.connect(self.edit_style)
        self.layer_panel.properties_requested.connect(self.open_layer_properties)
        self.layer_panel.zoom_requested.connect(self.canvas.zoom_to_layer)

    def _disconnect(self) -> None:
        m = self.model
        m.project_changed.disconnect(self._on_project)
        m.project_edited.disconnect(self._on_project_edited)
        if self.check_dialog is not None:
            self.check_dialog.detach()
            self.check_dialog.close()
        m.dirty_changed.disconnect(self._update_title)
        m.selection_changed.disconnect(self._on_selection)
        m.layers_changed.disconnect(self._on_layers)
        self.canvas.disconnect_model()
        self.layer_panel.detach()
        self.run_bar.detach()
        if self.dashboard is not None and hasattr(self.dashboard, "detach"):
            self.dashboard.detach()
        if self.conflicts is not None:
            self.conflicts.detach()
        if self.attributes is not None:
            self.attributes.detach()

    # ---- texts ---------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_recent.setTitle(self.tr("Open &Recent"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_layer.setTitle(self.tr("&Layer"))
        self.menu_tools.setTitle(self.tr("&Tools"))
        self.menu_analysis.setTitle(self.tr("&Analysis"))
        self.menu_lang.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        texts = {
            self.act_new: (self.tr("&New Project"), self.tr("Start an empty project")),
            self.act_open: (self.tr("&Open Project…"), self.tr("Open a project file (.toml)")),
            self.act_save: (self.tr("&Save Project"), self.tr("Save the project")),
            self.act_save_as: (self.tr("Save Project &As…"), self.tr("Save the project under a new name")),
            self.act_add: (self.tr("&Add Layer…"), self.tr("Add a raster or vector file to the map")),
            self.act_report: (self.tr("Map &Report…"), self.tr("Preview and export the project's map report (PDF/PNG)")),
            self.act_quit: (self.tr("&Quit"), self.tr("Close Sinkplanner")),
            self.act_zoom_in: (self.tr("Zoom &In"), self.tr("Zoom in")),
            self.act_zoom_out: (self.tr("Zoom &Out"), self.tr("Zoom out")),
            self.act_full: (self.tr("&Full Extent"), self.tr("Show all layers")),
            self.act_zoom_layer: (self.tr("Zoom to &Layer"), self.tr("Zoom to the selected layer")),
            self.act_pan: (self.tr("&Pan"), self.tr("Drag the map to move it")),
            self.act_identify: (self.tr("&Identify"), self.tr("Click the map to see every layer's value there")),
            self.act_select: (self.tr("&Select Features"), self.tr("Click a feature of the current vector layer to select it, or drag a rectangle; Shift adds, Ctrl toggles (rectangle: removes), a click on empty map clears")),
            self.act_deselect: (self.tr("&Deselect All"), self.tr("Deselect the features of every layer")),
            self.act_measure_line: (self.tr("Measure &Line"), self.tr("Click points on the map to measure distances on the ellipsoid; double-click or right-click ends, Esc clears")),
            self.act_measure_area: (self.tr("Measure &Area"), self.tr("Click the corners of an area to measure it on the ellipsoid; double-click or right-click ends, Esc clears")),
            self.act_attributes: (self.tr("Open &Attribute Table"), self.tr("Show the features of the selected vector layer as a table")),
            self.act_layer_properties: (self.tr("Layer &Properties…"), self.tr("Title, role, year, encoding, CRS and field mapping of the selected layer")),
            self.act_swipe: (self.tr("&Swipe Selected Layer"), self.tr("Compare the selected layer with the layers below it by dragging a divider")),
            self.act_run_carbon: (self.tr("Run &Carbon Accounting"), self.tr("Compute carbon stock and sink for the project")),
            self.act_plan: (self.tr("&Plan…"), self.tr("Project restoration scenarios against the targets")),
            self.act_check_plan: (self.tr("Check Plan Against &Rules…"), self.tr("Find where a plan layer's polygons break the red line, farmland, urban boundary and the rules table")),
            self.act_rules: (self.tr("Planning R&ules…"), self.tr("Edit which action is allowed in which zone and on which land class")),
            self.act_properties: (self.tr("Project &Properties…"), self.tr("Name, base year, tables, carbon settings, analysis grid and targets of the project")),
            self.act_check_project: (self.tr("Check Pro&ject…"), self.tr("List every problem of the project's layers, tables and settings")),
            self.act_allocate: (self.tr("&Allocate…"), self.tr("Choose where to act for a budget or a forest cover target, at the most sink per yuan")),
            self.act_export_plan: (self.tr("&Export Planning Results…"), self.tr("Write projections, target status, conflicts and maps of the scenarios to a folder")),
            self.act_cancel: (self.tr("&Cancel Run"), self.tr("Stop the running analysis")),
            self.act_about: (self.tr("&About Sinkplanner"), self.tr("About Sinkplanner")),
            self.act_dashboard: (self.tr("&Dashboard"), self.tr("Targets, projections and the scenario studio")),
        }
        for a, (text, tip) in texts.items():
            a.setText(text)
            a.setToolTip(tip)
            a.setStatusTip(tip)
        self.toolbar.setWindowTitle(self.tr("Main toolbar"))
        self.menu_panels.setTitle(self.tr("&Panels"))
        panel_titles = {"layers": self.tr("Layers"), "identify": self.tr("Identify"),
                        "attributes": self.tr("Attribute Table"),
                        "conflicts": self.tr("Conflicts"), "dashboard": self.tr("Dashboard")}
        for name, title in panel_titles.items():
            self.panel_actions[name].setText(title)
        self.layer_dock.setWindowTitle(panel_titles["layers"])
        self.identify_dock.setWindowTitle(panel_titles["identify"])
        if self.dashboard_dock is not None:
            self.dashboard_dock.setWindowTitle(panel_titles["dashboard"])
        if self.conflicts_dock is not None:
            self.conflicts_dock.setWindowTitle(panel_titles["conflicts"])
        self.retitle_attribute_dock()
        self._show_selection_count()
        self._on_measure()
        self._on_scale(self.canvas.scale_denominator())
        self._update_crs_label()
        self._update_title()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def set_language(self, lang: str) -> None:
        """Switch the UI language now and remember it."""
        from app.gui.lang import install_language

        install_language(lang)  # sends LanguageChange to every widget → retranslate()
        self.model.set_language(lang)
        self.settings.language = lang
        (self.act_zh if lang == "zh" else self.act_en).setChecked(True)
        self.retranslate()
        self.layer_panel.update_legend()
        if self.canvas.marker is not None:  # identify results in the new language
            self.canvas.identify_at(*self.canvas.marker)
        self.language_switched.emit(lang)

    # ---- dialogs (tests replace these) -------------------------------------------------------------------
    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def ask_yes_no(self, title: str, text: str) -> bool:
        r = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes
                                 | QMessageBox.StandardButton.No)
        return r == QMessageBox.StandardButton.Yes

    def ask_save_changes(self) -> str:
        """'save', 'discard' or 'cancel'."""
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Unsaved changes"),
                          self.tr("The project “%1” has unsaved changes. Save them?")
                          .replace("%1", self.model.project.name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        r = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(r), "cancel")

    def get_open_paths(self, caption: str, filters: str, many: bool = False) -> list[str]:
        folder = self.settings.last_folder or str(Path.home())
        if many:
            paths, _ = QFileDialog.getOpenFileNames(self, caption, folder, filters)
        else:
            p, _ = QFileDialog.getOpenFileName(self, caption, folder, filters)
            paths = [p] if p else []
        if paths:
            self.settings.last_folder = str(Path(paths[0]).parent)
        return paths

    def get_save_path(self, caption: str, filters: str, suggestion: str = "") -> str:
        folder = self.settings.last_folder or str(Path.home())
        p, _ = QFileDialog.getSaveFileName(self, caption, str(Path(folder) / suggestion), filters)
        if p:
            self.settings.last_folder = str(Path(p).parent)
        return p

    # ---- projects ---------------------------------------------------------------------------------------
    def start(self, project: str | None = None) -> None:
        """What happens right after the window shows: recovery, the given project, the demo on
        first start, else the last project."""
        if self.check_recovery():
            return
        if project:
            self.open_project(project)
        elif self.settings.first_start and DEMO_PROJECT.exists():
            self.open_project(DEMO_PROJECT)
        else:
            recent = [p for p in self.settings.recent_projects() if Path(p).exists()]
            if recent:
                self.open_project(recent[0])
        self.settings.mark_started()

    def maybe_save(self) -> bool:
        """True when it is fine to replace the current project."""
        if not self.model.dirty:
            return True
        choice = self.ask_save_changes()
        if choice == "save":
            return self.save_project()
        return choice == "discard"

    def open_project(self, path: str | os.PathLike[str]) -> bool:
        from gis.errors import SinkplannerError

        try:
            project = Project.load(path)
        except SinkplannerError as exc:
            self.show_error(self.tr("Cannot open project"), exc.message(self.model.lang))
            return False
        self.model.set_project(project)
        self.settings.add_recent(project.path or path)
        self.settings.last_folder = str(Path(path).resolve().parent)
        self._report_unavailable_layers()
        return True

    def _report_unavailable_layers(self) -> None:
        """One message listing the layers that cannot be shown (missing or unreadable files);
        they stay in the project, marked in the layer panel, so paths can be fixed."""
        bad = [(e, self.canvas.infos[e.id].error) for e in self.model.layers
               if e.id in self.canvas.infos and self.canvas.infos[e.id].kind == "error"]
        if bad:
            lines = [f"• {e.display_name(self.model.lang)}: {err}" for e, err in bad]
            self.show_error(self.tr("Some layers are unavailable"), "\n\n".join(lines))

    def open_project_dialog(self) -> None:
        if not self.maybe_save():
            return
        paths = self.get_open_paths(self.tr("Open project"),
                                    self.tr("Sinkplanner projects (*.toml)"))
        if paths:
            self.open_project(paths[0])

    def new_project(self) -> bool:
        """File → New Project: where to create it (a folder and a name), the project file
        written there, the demo tables copied beside it if wanted; then Project Properties."""
        if not self.maybe_save():
            return False
        request = self.ask_new_project()
        if request is None:
            return False
        from app.gui.project_properties import create_project

        path, demo, name = request
        project = create_project(self, path, demo, name)
        if project is None:
            return False
        self.model.set_project(project)
        self.settings.add_recent(path)
        self.settings.last_folder = str(path.parent)
        self.open_project_properties()
        return True

    def ask_new_project(self) -> tuple[Path, bool, str] | None:
        """(project file, start from the demo tables, name), or None when cancelled (tests
        replace this)."""
        from app.gui.project_properties import NewProjectDialog

        dlg = NewProjectDialog(self)
        request = dlg.request() if dlg.exec() else None
        dlg.deleteLater()
        return request

    def open_project_properties(self, tab: str | None = None) -> bool:
        """File → Project Properties… (app.gui.project_properties); True when OK applied it."""
        from app.gui.project_properties import ProjectProperties

        dlg = ProjectProperties(self, tab)
        ok = bool(dlg.exec())
        dlg.deleteLater()
        return ok

    def check_project(self) -> Any:
        """Analysis → Check Project…: the project's problems, found in the background."""
        from app.gui.project_properties import CheckProjectDialog

        if self.check_dialog is None:
            self.check_dialog = CheckProjectDialog(self)
        self.check_dialog.start()
        self.check_dialog.show()
        self.check_dialog.raise_()
        return self.check_dialog

    def save_project(self) -> bool:
        if self.model.project.path is None:
            return self.save_project_as()
        return self._save_to(None)

    def save_project_as(self, path: str | None = None) -> bool:
        if path is None:
            name = (self.model.project.name or "project").split()[0] + ".toml"
            path = self.get_save_path(self.tr("Save project as"),
                                      self.tr("Sinkplanner projects (*.toml)"), name)
            if not path:
                return False
            if not path.lower().endswith(".toml"):
                path += ".toml"
        return self._save_to(path)

    def _save_to(self, path: str | None) -> bool:
        from gis.errors import SinkplannerError

        try:
            saved = self.model.project.save(path)
        except SinkplannerError as exc:
            self.show_error(self.tr("Cannot save project"), exc.message(self.model.lang))
            return False
        except OSError as exc:
            self.show_error(self.tr("Cannot save project"), f"{path or self.model.project.path}: {exc}")
            return False
        self.model.mark_saved()
        self.settings.add_recent(saved)
        self.remove_recovery()
        self._update_title()
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", str(saved)), 4000)
        return True

    def _fill_recent(self) -> None:
        self.menu_recent.clear()
        recent = self.settings.recent_projects()
        for p in recent:
            a = self.menu_recent.addAction(p)
            a.setEnabled(Path(p).exists())
            a.triggered.connect(lambda checked=False, p=p: self.maybe_save() and self.open_project(p))
        if recent:
            self.menu_recent.addSeparator()
            self.menu_recent.addAction(self.tr("Clear list"), self.settings.clear_recent)
        else:
            a = self.menu_recent.addAction(self.tr("(none)"))
            a.setEnabled(False)

    # ---- autosave & recovery --------------------------------------------------------------------------------
    def _recovery_files(self) -> tuple[Path, Path]:
        folder = self.settings.recovery_folder()
        return folder / RECOVERY_NAME, folder / RECOVERY_META

    def autosave(self) -> Path | None:
        """Write a recovery copy of a project with unsaved changes (never the project itself)."""
        if not self.model.dirty:
            return None
        from gis.io import write_json_atomic

        rec, meta = self._recovery_files()
        project = self.model.project
        try:
            project.write_copy(rec)
            write_json_atomic(meta, {"original": str(project.path) if project.path else "",
                                     "name": project.name,
                                     "saved": _dt.datetime.now().isoformat(timespec="seconds")})
        except Exception as exc:  # noqa: BLE001 - autosave must never interrupt work
            self.statusBar().showMessage(self.tr("Autosave failed: %1").replace("%1", str(exc)), 6000)
            return None
        return rec

    def remove_recovery(self) -> None:
        for p in self._recovery_files():
            try:
                p.unlink()
            except FileNotFoundError:
                pass
            except OSError:
                pass

    def check_recovery(self) -> bool:
        """Offer to restore an autosaved copy left by a session that did not close normally."""
        rec, meta = self._recovery_files()
        if not rec.exists():
            return False
        try:
            info = json.loads(meta.read_text(encoding="utf-8")) if meta.exists() else {}
        except (OSError, ValueError):
            info = {}
        name = info.get("name") or "?"
        when = info.get("saved") or QFileInfo(str(rec)).lastModified().toString()
        ok = self.ask_yes_no(self.tr("Recover unsaved work?"),
                             self.tr("Sinkplanner did not close normally. Unsaved changes to the "
                                     "project “%1” were autosaved at %2. Recover them?")
                             .replace("%1", str(name)).replace("%2", str(when)))
        if not ok:
            self.remove_recovery()
            return False
        from gis.errors import SinkplannerError

        try:
            project = Project.load(rec)
        except SinkplannerError as exc:
            self.show_error(self.tr("Cannot open project"), exc.message(self.model.lang))
            self.remove_recovery()
            return False
        original = info.get("original")
        project.path = Path(original) if original else None
        self.model.set_project(project)
        self.model.mark_dirty()
        return True

    # ---- layers --------------------------------------------------------------------------------------------
    def file_filters(self) -> str:
        from app.gui.sources import supported_patterns

        pats = " ".join(supported_patterns())
        maps, every = self.tr("Map files"), self.tr("All files")
        return f"{maps} ({pats});;{every} (*)"

    def add_layer_dialog(self) -> None:
        paths = self.get_open_paths(self.tr("Add layers"), self.file_filters(), many=True)
        if paths:
            self.add_files(paths)

    def add_files(self, paths: list[str | os.PathLike[str]]) -> list[str]:
        """Add files as layers (one handler for the dialog and drag-and-drop; the reader
        registry decides what a file is). Bad files are reported by name with the problem.
        Each layer's role, fields and year are guessed from its name and fields
        (app.roles.guess_properties) and the status bar says so; a shapefile with undeclared
        GBK text is read as the reader guesses, a file without a CRS is added for Layer →
        Properties to give it one."""
        from app import roles
        from app.gui.sources import open_layer
        from gis.errors import CRSError, EncodingError, SinkplannerError

        added, problems, notes = [], [], []
        for raw in paths:
            path = Path(raw)
            if path.suffix.lower() == ".toml":
                if self.maybe_save():
                    self.open_project(path)
                continue
            options: dict[str, Any] = {}
            layer: Any = None
            try:
                try:
                    layer = open_layer(path)
                except EncodingError as exc:
                    if not exc.params.get("guess"):
                        raise
                    layer = open_layer(path, encoding=exc.params["guess"])
                    options["encoding"] = exc.params["guess"]
            except CRSError as exc:
                if exc.code != "no_crs":
                    problems.append(exc.message(self.model.lang))
                    continue
            except SinkplannerError as exc:
                problems.append(exc.message(self.model.lang))
                continue
            except Exception as exc:  # noqa: BLE001
                problems.append(f"{path}: {exc}")
                continue
            guess = roles.guess_properties(path, layer) if layer is not None else {}
            entry = self.model.add_layer(path, title={"en": path.stem, "zh": path.stem},
                                         **guess, **options)
            added.append(entry.id)
            notes.append(self._added_note(entry, layer is None))
        if notes:
            self.statusBar().showMessage(" ".join(notes), 20000)
        if problems:
            self.show_error(self.tr("Cannot add layer"), "\n\n".join(problems))
        return added

    def _added_note(self, entry: Any, no_crs: bool) -> str:
        """The status bar's word on a layer Add Layer… added: its guessed role, and that
        Layer → Properties changes it."""
        from app import roles

        name = entry.display_name(self.model.lang)
        if no_crs:
            return self.tr("“%1” has no coordinate reference system: set one in Layer → "
                           "Properties.").replace("%1", name)
        if entry.role == "other":
            text = self.tr("Added “%1”; Layer → Properties sets its role and fields.")
        else:
            text = self.tr("Added “%1” as %2 (guessed from its name and fields); Layer → "
                           "Properties changes it.")
        text = text.replace("%1", name).replace("%2", roles.role_label(entry.role,
                                                                         self.model.lang))
        if entry.encoding:
            text += " " + self.tr("Its attribute text is read as %1.").replace("%1", entry.encoding)
        return text

    def dragEnterEvent(self, e: Any) -> None:  # noqa: N802
        if e.mimeData().hasUrls():
            e.acceptProposedAction()

    def dropEvent(self, e: Any) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if paths:
            e.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.add_files(paths))

    def edit_style(self, layer_id: str) -> None:
        from app.gui.style_dialog import StyleDialog

        entry = self.model.layer(layer_id)
        info = self.canvas.infos.get(layer_id)
        if info is None or info.kind == "error":
            return
        if info.kind == "raster" and "sample" not in info.stats:
            from app.gui.sources import raster_sample

            info.stats["sample"] = raster_sample(info)
        dlg = StyleDialog(entry, info, self.canvas.legend, self.model.lang, self,
                          classes=self.canvas.landcover_classes(layer_id, compute=True))
        if dlg.exec():
            self.model.set_style(layer_id, dlg.style())

    def layer_properties_dialog(self, layer_id: str) -> Any:
        """The Layer Properties dialog of ``layer_id`` (app.gui.layer_properties), not shown."""
        from app.gui.layer_properties import LayerPropertiesDialog

        info = self.canvas.infos.get(layer_id)
        return LayerPropertiesDialog(self.model, layer_id, self,
                                     kind=info.kind if info is not None else None,
                                     style_callback=self.edit_style, tasks=self.tasks)

    def open_layer_properties(self, layer_id: str | None = None) -> bool:
        """Layer → Properties… (also the layer panel's double-click and context menu): title,
        role, year, encoding, CRS and field mapping; True when OK applied them."""
        layer_id = layer_id or self.model.selected
        if layer_id is None or not self.model.project.has_layer(layer_id):
            return False
        dlg = self.layer_properties_dialog(layer_id)
        ok = bool(dlg.exec())
        dlg.deleteLater()
        return ok

    def open_report(self) -> Any:
        """The report dialog (app.report) for this project, with the last carbon results."""
        from app.gui import jobs
        from app.report.dialog import ReportDialog

        project = self.model.project
        results = jobs.default_output_folder(project, "carbon") if project.path else None
        dlg = ReportDialog(project, self, results=results if results and results.exists() else None,
                           lang=self.model.lang)
        dlg.exec()
        return dlg

    def zoom_to_selected(self) -> None:
        if self.model.selected:
            self.canvas.zoom_to_layer(self.model.selected)
        else:
            self.canvas.zoom_full()

    def toggle_swipe(self) -> None:
        """Swipe the selected layer against what lies below it (or turn swiping off)."""
        if self.canvas.swipe_layer is not None or not self.model.selected:
            self.canvas.set_swipe(None)
        else:
            self.canvas.set_swipe(self.model.selected)

    def _on_swipe(self, layer_id: object) -> None:
        self.act_swipe.setChecked(layer_id is not None)

    def set_tool(self, tool: str) -> None:
        """'pan', 'identify', 'select', 'measure_line' or 'measure_area' (see
        MapCanvas.set_tool)."""
        self.canvas.set_tool(tool)
        self.tool_actions[tool].setChecked(True)
        if tool == "identify":
            self.identify_dock.show()

    # ---- background runs --------------------------------------------------------------------------------
    def run_job(self, title: str, fn: Callable[..., Any], *args: Any,
                on_result: Callable[[Any], None] | None = None, **kwargs: Any) -> Worker | None:
        """Run ``fn(*args, progress=, cancel=, **kwargs)`` in the background with the run bar."""
        if self.current_worker is not None:
            self.show_error(self.tr("Analysis running"),
                            self.tr("Another analysis is running. Wait for it or cancel it first."))
            return None
        w = Worker(fn, *args, lang=self.model.lang, **kwargs)
        w.signals.progress.connect(self._job_progress)
        w.signals.finished.connect(self._job_finished)
        w.signals.failed.connect(self._job_failed)
        w.signals.cancelled.connect(self._job_cancelled)
        self.current_worker = w
        self._on_result = on_result
        self._job_project = self.model.project
        self.act_cancel.setEnabled(True)
        self.act_run_carbon.setEnabled(False)
        self.act_plan.setEnabled(False)
        self.model.set_run(state="running", title=title, progress=0.0, message="", outputs=[])
        self.tasks.start(w)
        return w

    def cancel_run(self) -> None:
        if self.current_worker is not None:
            self.current_worker.cancel()
            self.model.set_run(message="cancelling")

    def _job_done(self) -> None:
        self.current_worker = None
        self.act_cancel.setEnabled(False)
        self.act_run_carbon.setEnabled(True)
        self.act_plan.setEnabled(True)

    def _job_progress(self, fraction: float, message: str) -> None:
        if self.model.run.message != "cancelling":
            self.model.set_run(progress=fraction, message=message)

    def _job_finished(self, result: Any) -> None:
        cb = self._on_result
        if self.model.project is not getattr(self, "_job_project", None):
            cb = None  # another project was opened meanwhile: its map must not get these layers
        self._job_done()
        self.model.set_run(state="done", progress=1.0, message="")
        if cb is not None and not self._closing:
            try:
                cb(result)
            except Exception as exc:  # noqa: BLE001
                self.show_error(self.tr("Analysis failed"), str(exc))
        self.job_finished.emit(result)
        self.job_ended.emit("done")

    def _job_failed(self, message: str) -> None:
        self._job_done()
        self.model.set_run(state="failed", message=message)
        if not self._closing:
            self.show_error(self.tr("Analysis failed"), message)
        self.job_ended.emit("failed")

    def _job_cancelled(self) -> None:
        self._job_done()
        self.model.set_run(state="cancelled", message="")
        self.job_ended.emit("cancelled")

    def run_carbon(self) -> Worker | None:
        from app.gui import jobs

        project = self.model.project
        if project.path is None or self.model.dirty:
            if not self.save_project():
                return None
        out = jobs.default_output_folder(project, "carbon")
        # in a child process (app.gui.subprocess_jobs) that loads the saved project; its
        # messages come in the UI language
        run = functools.partial(jobs.run_carbon, lang=self.model.lang, in_process=False)
        return self.run_job(self.tr("Carbon accounting"), run, project, out,
                            on_result=self.show_carbon_results)

    def show_carbon_results(self, result: Any) -> None:
        """Add the run's rasters as layers (replacing earlier results) and update the dashboard."""
        from app.gui import jobs

        outputs, summary = jobs.outputs_of(result)
        styles = getattr(result, "styles", None) or {}
        self.model.carbon_summary = summary
        for e in list(self.model.layers):  # results of an earlier run in the same place
            if any(Path(e.path) == Path(p) for p in outputs):
                self.model.remove_layer(e.id)
        for i, path in enumerate(reversed(outputs)):  # the first output ends on top, visible
            self.model.add_layer(path, role="result", title=jobs.output_title(Path(path)),
                                 visible=(i == len(outputs) - 1),
                                 style=styles.get(str(path)) or jobs.result_style(Path(path)))
        self.model.set_run(outputs=[Path(p) for p in outputs])
        if self.dashboard is not None and hasattr(self.dashboard, "refresh"):
            self.dashboard.refresh()

    def run_plan(self) -> None:
        """Open the dashboard and, the first time for a project, prepare the planning data."""

        self.show_dashboard()
        if not self.model.planning.ready and self.current_worker is None:
            self.dashboard.prepare()

    def show_dashboard(self) -> None:
        self._dashboard_dock()
        self.dashboard_dock.show()
        self.dashboard_dock.raise_()

    def _dashboard_dock(self) -> None:
        if self.dashboard_dock is None:
            from app.gui.dashboard import Dashboard

            self.dashboard = Dashboard(self.model, self)
            self.dashboard_dock = QDockWidget(self.tr("Dashboard"), self)
            self.dashboard_dock.setMinimumWidth(460)
            self.dashboard_dock.setObjectName("DashboardDock")
            self.dashboard_dock.setWidget(self.dashboard)
            # where the user last had it (restoreDockWidget places a dock the saved window
            # state knows, and must come before addDockWidget: after it, it always says yes);
            # else as a tab beside Identify, so the dashboard has the column's full height
            if not self.restoreDockWidget(self.dashboard_dock):
                self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dashboard_dock)
                self.tabifyDockWidget(self.identify_dock, self.dashboard_dock)
            self._watch_dock("dashboard", self.dashboard_dock)

    def conflicts_panel(self) -> Any:
        """The Conflicts dock's panel (made on first use, at the bottom unless the user moved it)."""
        if self.conflicts_dock is None:
            from app.gui.conflicts import ConflictsPanel

            self.conflicts = ConflictsPanel(self.model, self)
            self.conflicts_dock = QDockWidget(self.tr("Conflicts"), self)
            self.conflicts_dock.setObjectName("ConflictsDock")
            self.conflicts_dock.setWidget(self.conflicts)
            if not self.restoreDockWidget(self.conflicts_dock):  # see _dashboard_dock
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.conflicts_dock)
            self._watch_dock("conflicts", self.conflicts_dock)
        return self.conflicts

    def check_plan(self) -> Any:
        """Analysis → Check plan against rules…: choose a plan layer and check it in the background."""
        return self.conflicts_panel().ask()

    def open_rules(self) -> None:
        """Analysis → Planning Rules…: edit the project's rules table (app.gui.rules_editor)."""
        from app.gui.rules_editor import RulesEditor

        dlg = RulesEditor(self)
        dlg.exec()
        dlg.deleteLater()

    def open_attribute_table(self, layer_id: str | None = None) -> Any:
        """Layer → Open Attribute Table: the features of ``layer_id`` (default: the selected
        layer) in the Attribute Table dock, read in the background; returns the panel."""
        layer_id = layer_id or self.model.selected
        if not self._is_vector(layer_id):
            return None
        self.attribute_panel().show_layer(layer_id)
        self.retitle_attribute_dock()
        self.attributes_dock.show()
        self.attributes_dock.raise_()
        return self.attributes

    def attribute_panel(self) -> Any:
        """The Attribute Table dock's panel (made on first use, at the bottom unless the user
        moved it; empty until a layer is opened)."""
        if self.attributes_dock is None:
            from app.gui.attributes import AttributeTable

            self.attributes = AttributeTable(self)
            self.attributes_dock = QDockWidget(self)
            self.attributes_dock.setObjectName("AttributesDock")
            self.attributes_dock.setWidget(self.attributes)
            if not self.restoreDockWidget(self.attributes_dock):  # see _dashboard_dock
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.attributes_dock)
            self._watch_dock("attributes", self.attributes_dock)
            self.retitle_attribute_dock()
        return self.attributes

    # ---- View → Panels ------------------------------------------------------------------------------
    def panel_dock(self, name: str, create: bool = False) -> QDockWidget | None:
        """The dock of panel ``name`` (see PANELS); with ``create``, made if it is not yet."""
        if create:
            {"attributes": self.attribute_panel, "conflicts": self.conflicts_panel,
             "dashboard": self._dashboard_dock}.get(name, lambda: None)()
        return {"layers": self.layer_dock, "identify": self.identify_dock,
                "attributes": self.attributes_dock, "conflicts": self.conflicts_dock,
                "dashboard": self.dashboard_dock}[name]

    def show_panel(self, name: str, visible: bool = True) -> QDockWidget | None:
        """View → Panels: show (making it if needed) or close the dock of panel ``name``. The
        Attribute Table shows the current vector layer when it has none yet; the Dashboard
        opens as Analysis → Dashboard does."""
        if not visible:
            dock = self.panel_dock(name)
            if dock is not None:
                dock.close()
            self._sync_panel_actions()
            return dock
        if name == "dashboard":
            self.show_dashboard()
        elif name == "attributes" and (self.attributes is None or self.attributes.layer_id is None) \
                and self._is_vector(self.model.selected):
            self.open_attribute_table()
        dock = self.panel_dock(name, create=True)
        if dock is None:
            return None
        dock.show()
        dock.raise_()
        self._sync_panel_actions()
        return dock

    def _watch_dock(self, name: str, dock: QDockWidget) -> None:
        """Keep the View → Panels entry of ``dock`` checked while the dock is open (its own
        toggle action follows closing, showing and floating)."""
        dock.toggleViewAction().toggled.connect(self.panel_actions[name].setChecked)
        self.panel_actions[name].setChecked(dock.toggleViewAction().isChecked())

    def _sync_panel_actions(self) -> None:
        for name, action in self.panel_actions.items():
            dock = self.panel_dock(name)
            action.setChecked(dock is not None and dock.toggleViewAction().isChecked())

    # ---- the feature selection --------------------------------------------------------------------------
    def deselect_all(self) -> None:
        """Tools → Deselect All: the features of every layer."""
        self.canvas.feature_selection.clear()

    def _on_features_selected(self, layer_id: str) -> None:
        selection = self.canvas.feature_selection
        if selection.count(layer_id) or layer_id == self._selection_layer:
            self._selection_layer = layer_id if selection.count(layer_id) else \
                (selection.layers() or [None])[-1]
        self.act_deselect.setEnabled(bool(selection.layers()))
        self._show_selection_count()

    def _show_selection_count(self) -> None:
        """The status bar's "N features selected on <layer>" (hidden without a selection)."""
        lid = self._selection_layer
        n = self.canvas.feature_selection.count(lid)
        if not n or lid is None or not self.model.project.has_layer(lid):
            self.selection_label.hide()
            return
        name = self.model.layer(lid).display_name(self.model.lang)
        text = (self.tr("1 feature selected on %1").replace("%1", name) if n == 1 else
                self.tr("%1 features selected on %2").replace("%1", f"{n:,}").replace("%2", name))
        self.selection_label.setText(text)
        self.selection_label.show()

    def retitle_attribute_dock(self) -> None:
        if self.attributes_dock is not None:
            self.attributes_dock.setWindowTitle(self.attributes.title())

    def _is_vector(self, layer_id: str | None) -> bool:
        info = self.canvas.infos.get(layer_id or "")
        return info is not None and info.kind == "vector"

    # ---- status ---------------------------------------------------------------------------------------------
    def _on_project_edited(self, keys: list[str]) -> None:
        """Project Properties changed ``keys`` of the project (AppModel.update_project)."""
        self._update_title()
        if "tables" in keys and self.conflicts is not None:
            self.conflicts.rules_changed()

    def _on_project(self) -> None:
        self._update_crs_label()
        self._update_title()
        self.identify_panel.tree.clear()
        if self.dashboard is not None and hasattr(self.dashboard, "refresh"):
            self.dashboard.refresh()

    def _on_layers(self) -> None:
        self._update_crs_label()
        self.act_zoom_layer.setEnabled(bool(self.model.layers))
        self._on_selection(self.model.selected)

    def _on_selection(self, layer_id: str | None) -> None:
        self.act_attributes.setEnabled(self._is_vector(layer_id))
        self.act_layer_properties.setEnabled(layer_id is not None)

    def _on_measure(self) -> None:
        tool = self.canvas.measure
        text = tool.summary()
        self.measure_label.setText(text)
        self.measure_label.setToolTip(tool.details())
        self.measure_label.setVisible(bool(text))

    def _update_title(self, *args: Any) -> None:
        name = self.model.project.name or self.tr("Untitled")
        self.setWindowTitle(f"{name}[*] — Sinkplanner")
        self.setWindowModified(self.model.dirty)

    def _update_crs_label(self) -> None:
        crs = self.canvas.map_crs
        if crs is None:
            self.crs_label.setText(self.tr("No CRS"))
            self.crs_label.setToolTip("")
            return
        epsg = crs.to_epsg()
        try:
            from pyproj import CRS as PCRS

            name = PCRS.from_user_input(crs.to_wkt()).name
        except Exception:  # noqa: BLE001
            name = crs.to_string()
        code = f"EPSG:{epsg}" if epsg else self.tr("Custom CRS")
        short = name if len(name) <= 44 else name[:43] + "…"
        self.crs_label.setText(f"{code}  {short}")
        self.crs_label.setToolTip(f"{code}\n{name}")

    def coord_text(self, x: float, y: float) -> str:
        crs = self.canvas.map_crs
        if crs is not None and crs.is_geographic:
            return f"{x:.6f}°, {y:.6f}°"
        return f"{x:,.1f}, {y:,.1f}"

    def _on_coords(self, x: float, y: float) -> None:
        self.coord_label.setText(self.coord_text(x, y))

    def _on_scale(self, denominator: float) -> None:
        if denominator and denominator == denominator and denominator < 1e12:
            self.scale_label.setText(self.tr("Scale"))
            self.scale_box.blockSignals(True)
            self.scale_box.setEditText(f"1:{round(denominator):,}")
            self.scale_box.blockSignals(False)

    def _scale_entered(self) -> None:
        """Zoom to the scale typed or picked in the status bar (1:N, N or 1:N,NNN)."""
        text = self.scale_box.currentText().replace(",", "").replace(" ", "").replace("：", ":")
        try:
            n = float(text.split(":")[-1])
        except ValueError:
            n = 0.0
        if n > 0:
            self.canvas.set_scale(n)
        else:
            self._on_scale(self.canvas.scale_denominator())

    def _on_layer_error(self, layer_id: str, message: str) -> None:
        name = self.model.layer(layer_id).display_name(self.model.lang) \
            if self.model.project.has_layer(layer_id) else layer_id
        self.statusBar().showMessage(self.tr("Cannot draw %1: %2").replace("%1", name)
                                     .replace("%2", message), 10000)

    def _on_rendering(self, n: int) -> None:
        self.render_label.setText(self.tr("Drawing…") if n else "")

    def _on_identified(self, x: float, y: float, results: list[Any]) -> None:
        self.identify_dock.show()
        self.identify_dock.raise_()
        self.identify_panel.show_results(x, y, results, self.coord_text(x, y))

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About Sinkplanner"),
                          self.tr("<b>Sinkplanner %1</b><p>Plan land carbon sinks: carbon stock, "
                                  "annual sink, restoration scenarios, targets and red-line "
                                  "constraints.</p><p>Open source (Apache-2.0).</p>")
                          .replace("%1", __version__))

    # ---- closing --------------------------------------------------------------------------------------------
    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        if not self._closing and self.current_worker is not None and not self.ask_yes_no(
                self.tr("Analysis running"),
                self.tr("An analysis is running. Cancel it and quit?")):
            e.ignore()
            return
        if not self._closing and not self.maybe_save():
            e.ignore()
            return
        self.shutdown()
        e.accept()

    def shutdown(self) -> None:
        """Cancel and wait for every background thread, save the layout, drop the recovery copy."""
        if self._closing:
            return
        self._closing = True
        self.autosave_timer.stop()
        self.tasks.wait(60_000)
        self.canvas.shutdown()
        QApplication.processEvents()  # deliver the workers' last queued signals
        self.settings.save_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.remove_recovery()
        self._disconnect()

