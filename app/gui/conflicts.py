"""Checking a plan layer against the control lines and the rules table (Analysis → Check plan
against rules…): the dialog that picks the layer and its fields, the background job, and the
Conflicts panel — conflicts by rule and by polygon, the total area, and the offending polygons
as a map layer.

The computation is :func:`app.pipeline.check_plan_layer`, the same as ``sinkplanner plan
--plan-layer``; :func:`check_plan` (Qt-free, run by a worker) adds the planner (the dashboard's
when it is built, else :func:`app.pipeline.build_planner`) and writes the offending polygons,
one feature per polygon, atomically into ``<work folder>/conflicts`` for the map.
"""

from __future__ import annotations

import contextlib
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.table_tools import TableTools
from app.model import AppModel

#: the conflicts layer: red outline over a translucent red fill, so it stands out on any map
CONFLICT_STYLE = {"fill": "#e0202059", "line": "#d00000", "width": 2.2}
CONFLICT_TITLE = {"en": "Conflicts", "zh": "冲突图斑"}
#: folder of the conflicts layers, under the project's work folder
FOLDER = "conflicts"


@dataclass(frozen=True)
class PlanRequest:
    """What to check: a vector file, the field holding each polygon's action and, optionally,
    the field that names the polygons in the results; ``options`` are the reader options of a
    project layer (encoding, CRS, layer name)."""

    path: Path
    action_field: str
    label_field: str | None = None
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlanCheck:
    """A finished check. ``by_rule``: one row per rule broken (with its action, zone, land
    class and explanations); ``polygons``: one row per offending polygon (label, action, rules,
    area, bounds in ``crs_wkt``); ``layer_path``: the polygons written for the map (None when
    there are no conflicts)."""

    request: PlanRequest
    by_rule: Any
    polygons: Any
    crs_wkt: str | None
    total_area_ha: float
    layer_path: Path | None


def plan_fields(path: str | Path, options: dict[str, Any] | None = None) -> list[str]:
    """The attribute fields of a vector file; InputError (naming it) when it is not one."""
    from app.gui.sources import open_layer
    from gis.layers import require_vector

    return list(require_vector(open_layer(path, **(options or {}))).fields)


def missing_field(request: PlanRequest, fields: list[str]) -> Any:
    """The error for a request whose action (or label) field the file does not have, or None."""
    from gis.errors import GeometryError

    for name in (request.action_field, request.label_field):
        if name is not None and name not in fields:
            return GeometryError("field_missing", path=request.path, field=name,
                                 fields=", ".join(fields))
    return None


def check_plan(project: Any, request: PlanRequest, planner: Any = None, *, step: str = "",
               progress: Any, cancel: Any) -> PlanCheck:
    """Check the plan layer of ``request`` against the project's rules (Qt-free; a worker runs
    it). ``planner``: the dashboard's, or None to build it; ``step``: the progress message of the
    check itself. Raises CancelledError when cancelled before the layer is written."""
    import tempfile

    from app.gui.sources import open_layer
    from app.pipeline import build_planner, check_plan_layer
    from gis.errors import CancelledError
    from gis.io import atomic_path

    def check() -> None:
        if cancel():
            raise CancelledError()

    if planner is None:
        planner, layers = build_planner(project, progress=lambda f, m: progress(0.85 * f, m),
                                        cancel=cancel)
    else:
        layers = planner.cohorts.layers
    check()
    progress(0.85, step)
    # read here with the layer's own reader options (a GBK shapefile's encoding, say);
    # check_plan_layer takes the features as they are (prepare_features accepts a GeoDataFrame)
    features = open_layer(request.path, **request.options).read()
    error = missing_field(request, [str(c) for c in features.columns])
    if error is not None:
        raise error
    features.attrs["source"] = str(request.path)
    work = project.work_folder()
    with tempfile.TemporaryDirectory(dir=work) as tmp:
        conflicts = check_plan_layer(planner, layers, features, request.action_field, Path(tmp),
                                     label_field=request.label_field)
    check()
    meta = conflicts.by_polygon.drop_duplicates("rule_id")[["rule_id", "action", "zone",
                                                            "land_class"]]
    by_rule = conflicts.by_rule.merge(meta, on="rule_id", how="left")
    polygons, crs_wkt, layer_path = _per_polygon(conflicts.geometries), None, None
    if polygons is not None:
        crs_wkt = polygons.crs.to_wkt() if polygons.crs is not None else None
        layer_path = work / FOLDER / f"conflicts_{uuid.uuid4().hex[:8]}.gpkg"
        with atomic_path(layer_path) as out:
            polygons.to_file(out, layer="conflicts", driver="GPKG")
        bounds = polygons.bounds
        polygons = polygons.drop(columns=polygons.geometry.name)
        for c in ("minx", "miny", "maxx", "maxy"):
            polygons[c] = bounds[c].to_numpy()
    progress(1.0, step)
    return PlanCheck(request, by_rule, polygons, crs_wkt, conflicts.total_area_ha, layer_path)


def _per_polygon(geometries: Any) -> Any:
    """One feature per offending polygon (the check gives one per polygon and rule): its label,
    action, the rules it breaks and the area in conflict. None when there is none."""
    if geometries is None or not len(geometries):
        return None
    rules = geometries.groupby("feature", sort=False).agg(
        rule_ids=("rule_id", lambda s: ", ".join(dict.fromkeys(str(v) for v in s))),
        area_ha=("area_ha", "sum"))
    first = geometries.drop_duplicates("feature")[["feature", "plan_action",
                                                    geometries.geometry.name]]
    out = first.merge(rules, on="feature").reset_index(drop=True)
    out["feature"] = out["feature"].astype(str)
    return out


def is_conflicts_layer(entry: Any) -> bool:
    return entry.role == "result" and Path(entry.path).parent.name == FOLDER \
        and Path(entry.path).name.startswith("conflicts_")


# ---- the dialog ---------------------------------------------------------------------------------------
class PlanCheckDialog(QDialog):
    """Choose the plan layer (a vector layer of the project or a file) and its fields."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.model: AppModel = window.model
        self.layer = QComboBox(self)
        self.layer.setMinimumWidth(320)
        self.browse = QPushButton(self)
        self.browse.clicked.connect(self.choose_file)
        self.action = QComboBox(self)
        self.label = QComboBox(self)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.layer, 1)
        row.addWidget(self.browse)
        form = QFormLayout()
        self.layer_label, self.action_label, self.label_label = QLabel(self), QLabel(self), QLabel(self)
        form.addRow(self.layer_label, row)
        form.addRow(self.action_label, self.action)
        form.addRow(self.label_label, self.label)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.hint)
        lay.addWidget(self.buttons)
        self._fields: list[str] = []
        self.retranslate()
        for e in reversed(self.model.layers):  # top layer first, as in the layer panel
            info = window.canvas.infos.get(e.id)
            if info is not None and info.kind == "vector" and not is_conflicts_layer(e):
                self.layer.addItem(e.display_name(self.model.lang), (e.path, e.open_options()))
        self.layer.currentIndexChanged.connect(lambda _i: self._fill_fields())
        self._fill_fields()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check plan against rules"))
        self.layer_label.setText(self.tr("Plan layer"))
        self.browse.setText(self.tr("Browse…"))
        self.action_label.setText(self.tr("Action field"))
        self.label_label.setText(self.tr("Label field"))
        self.label.setToolTip(self.tr("Names the polygons in the results; by default the "
                                      "plan_id, id or name field, else the feature number"))
        self.hint.setText(self.tr("Each polygon's action (e.g. afforestation, construction) is "
                                  "checked against the ecological red line, permanent basic "
                                  "farmland, the urban development boundary and the rules "
                                  "table of the project."))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def choose_file(self) -> None:
        paths = self.window_.get_open_paths(self.tr("Choose a plan layer"),
                                            self.window_.file_filters())
        if paths:
            self.add_file(paths[0])

    def add_file(self, path: str | Path) -> bool:
        """Offer a file as the plan layer (and select it); False, with a message, if unreadable."""
        from gis.errors import SinkplannerError

        try:
            plan_fields(path)
        except SinkplannerError as exc:
            self.window_.show_error(self.tr("Cannot use this plan layer"), exc.message(self.model.lang))
            return False
        self.layer.addItem(Path(path).name, (Path(path), {}))
        self.layer.setCurrentIndex(self.layer.count() - 1)
        return True

    def _fill_fields(self) -> None:
        from gis.errors import SinkplannerError

        data = self.layer.currentData()
        self._fields = []
        if data is not None:
            try:
                self._fields = plan_fields(*data)
            except SinkplannerError as exc:
                self.hint.setText(exc.message(self.model.lang))
        self.action.clear()
        if "action" not in self._fields:
            self.action.addItem(self.tr("(choose a field)"), None)
        for f in self._fields:
            self.action.addItem(f, f)
        self.action.setCurrentIndex(max(0, self.action.findData("action")))
        self.label.clear()
        self.label.addItem(self.tr("(automatic)"), None)
        for f in self._fields:
            self.label.addItem(f, f)

    def request(self) -> PlanRequest | None:
        data = self.layer.currentData()
        if data is None:
            return None
        path, options = data
        return PlanRequest(Path(path), self.action.currentData() or "",
                           self.label.currentData(), dict(options))

    def accept(self) -> None:
        """Close only on a valid choice; else say what is wrong (file and its fields)."""
        req = self.request()
        if req is None:
            self.window_.show_error(self.tr("No plan layer"),
                                    self.tr("Add the plan layer to the project or choose its file."))
            return
        error = missing_field(req, self._fields)
        if error is not None:
            self.window_.show_error(self.tr("Cannot use this plan layer"), error.message(self.model.lang))
            return
        super().accept()


# ---- the panel ---------------------------------------------------------------------------------------
class ConflictsPanel(TableTools, QWidget):
    """The result of the last check: total, conflicts by rule and by polygon; choosing a
    polygon zooms the map to it."""

    def __init__(self, model: AppModel, window: Any) -> None:
        super().__init__(window)
        self.model = model
        self.window_ = window
        self.result: PlanCheck | None = None
        self.stale = False  # the rules changed after this check (Analysis → Planning Rules…)
        self.check_btn = QPushButton(self)
        self.check_btn.clicked.connect(self.ask)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule_table = self._table()
        self.polygon_table = self._table()
        self.polygon_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.polygon_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.polygon_table.itemSelectionChanged.connect(self.zoom_to_selected)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._with_buttons(self.rule_table), "")
        self.tabs.addTab(self._with_buttons(self.polygon_table), "")
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(self.check_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(head)
        lay.addWidget(self.tabs, 1)
        model.project_changed.connect(self.clear)
        # the explanations follow the model's language, which changes after LanguageChange
        model.language_changed.connect(self._on_language)
        self.retranslate()

    def detach(self) -> None:
        self.model.project_changed.disconnect(self.clear)
        self.model.language_changed.disconnect(self._on_language)

    def retranslate(self) -> None:
        self.check_btn.setText(self.tr("Check plan…"))
        self.tabs.setTabText(0, self.tr("By rule"))
        self.tabs.setTabText(1, self.tr("By polygon"))
        for t in (self.rule_table, self.polygon_table):
            t.copy_btn.setText(self.tr("Copy"))  # type: ignore[attr-defined]
            t.csv_btn.setText(self.tr("Export CSV…"))  # type: ignore[attr-defined]
        self._fill()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _on_language(self, _lang: str) -> None:
        self._fill()

    # ---- running ---------------------------------------------------------------------------------
    def ask(self) -> Any:
        """The dialog, then the check (None when the user cancels the dialog)."""
        dlg = PlanCheckDialog(self.window_)
        req = dlg.request() if dlg.exec() else None
        return self.check(req) if req is not None else None

    def check(self, request: PlanRequest) -> Any:
        """Check ``request`` in the background (through the window's run bar); a file or field
        that cannot be used is reported at once, naming the file."""
        from gis.errors import SinkplannerError

        try:
            error = missing_field(request, plan_fields(request.path, request.options))
        except SinkplannerError as exc:
            error = exc
        if error is not None:
            self.window_.show_error(self.tr("Cannot use this plan layer"), error.message(self.model.lang))
            return None
        return self.window_.run_job(
            self.tr("Plan check (%1)").replace("%1", request.path.name), check_plan,
            self.model.project, request, self.model.planning.planner,
            step=self.tr("checking the plan against the rules"), on_result=self.show_result)

    # ---- results ---------------------------------------------------------------------------------
    def clear(self) -> None:
        self.result = None
        self.stale = False
        self._fill()

    def rules_changed(self) -> None:
        """The rules table was saved: the conflicts shown are out of date until the next check."""
        self.stale = self.result is not None
        self._fill()

    def show_result(self, result: PlanCheck) -> None:
        """Replace the previous conflicts layer with this one (on top), fill the tables."""
        for e in list(self.model.layers):
            if is_conflicts_layer(e):
                self.model.remove_layer(e.id)
                with contextlib.suppress(OSError):  # still open elsewhere (Windows): left in the cache
                    Path(e.path).unlink()
        self.result = result
        self.stale = False
        self._fill()
        self.tabs.setCurrentIndex(0)
        dock = self.parentWidget()
        if dock is not None:  # shown first: the map's size is final before zooming
            dock.show()
            dock.raise_()
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        if result.layer_path is not None:
            entry = self.model.add_layer(result.layer_path, role="result", title=CONFLICT_TITLE,
                                         style=dict(CONFLICT_STYLE))
            self.window_.canvas.zoom_to_layer(entry.id)

    def _fill(self) -> None:
        r = self.result
        zh = self.model.lang == "zh"
        if r is None:
            self.summary.setText(self.tr("Check a plan layer against the control lines and the "
                                         "rules table: Analysis → Check plan against rules…"))
        elif not len(r.by_rule):
            self.summary.setText(self.tr("<b>No conflicts</b>: every polygon of %1 is allowed by "
                                         "the rules.").replace("%1", r.request.path.name))
        else:
            self.summary.setText(self.tr("<b>%1</b>: <b>%2 ha</b> in conflict with the rules "
                                         "(polygons: %3, rules: %4).")
                                 .replace("%1", r.request.path.name)
                                 .replace("%2", _ha(r.total_area_ha))
                                 .replace("%3", str(len(r.polygons)))
                                 .replace("%4", str(len(r.by_rule))))
        if self.stale:
            self.summary.setText(self.tr("<b>Out of date</b>: the rules changed after this check; "
                                         "check the plan again.") + "<br>" + self.summary.text())
        rule_rows = [] if r is None else [
            [str(x.rule_id), str(x.action), zone_label(str(x.zone)), str(x.land_class), _ha(x.area_ha),
             str(x.polygons).replace(";", "; "), str(x.reason_zh if zh else x.reason_en)]
            for x in r.by_rule.itertuples()]
        _set_rows(self.rule_table, [self.tr("Rule"), self.tr("Action"), self.tr("Zone"),
                                    self.tr("Land class"), self.tr("Area (ha)"),
                                    self.tr("Polygons"), self.tr("Explanation")], rule_rows, {4})
        poly_rows = [] if r is None or r.polygons is None else [
            [str(x.feature), str(x.plan_action), str(x.rule_ids), _ha(x.area_ha)]
            for x in r.polygons.itertuples()]
        self.polygon_table.blockSignals(True)  # refilling is not choosing a polygon
        _set_rows(self.polygon_table, [self.tr("Polygon"), self.tr("Action"), self.tr("Rules"),
                                       self.tr("Area in conflict (ha)")], poly_rows, {3})
        self.polygon_table.blockSignals(False)

    def zoom_to_selected(self) -> None:
        """Zoom the map to the polygon of the selected row."""
        from rasterio.crs import CRS

        from app.gui.sources import to_map_bounds

        rows = self.polygon_table.selectionModel().selectedRows()
        r = self.result
        if not rows or r is None or r.polygons is None:
            return
        p = r.polygons.iloc[rows[0].row()]
        crs = CRS.from_wkt(r.crs_wkt) if r.crs_wkt else None
        canvas = self.window_.canvas
        canvas.zoom_to_bounds(to_map_bounds((p.minx, p.miny, p.maxx, p.maxy), crs, canvas.map_crs))


def _set_rows(table: Any, headers: list[str], rows: list[list[str]], numeric: set[int]) -> None:
    table.clearContents()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            item = QTableWidgetItem(v)
            if j in numeric:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(i, j, item)


def _ha(v: float) -> str:
    return f"{float(v):,.2f}"


def zone_label(zone: str) -> str:
    """A zone of the rules table in words (the table's own vocabulary, constraints.py), in the
    UI language; shared with the rules editor (app.gui.rules_editor). Written out in full so
    lupdate finds the texts (in the panel's context, where they were first translated)."""
    labels = {
        "any": QCoreApplication.translate("ConflictsPanel", "anywhere"),
        "none": QCoreApplication.translate("ConflictsPanel", "outside the control lines"),
        "redline_core": QCoreApplication.translate("ConflictsPanel", "red line, core zone"),
        "redline_general": QCoreApplication.translate("ConflictsPanel", "red line, general zone"),
        "farmland": QCoreApplication.translate("ConflictsPanel", "permanent basic farmland"),
        "urban": QCoreApplication.translate("ConflictsPanel", "inside the urban boundary"),
        "outside_urban": QCoreApplication.translate("ConflictsPanel", "outside the urban boundary"),
    }
    return labels.get(zone, zone)
