"""Layer → Properties… (图层属性): one layer's title, role, year, source options and fields.

The analyses use layers by role (land cover, forest sub-compartments, townships, the control
lines, …) and read their attributes through the layer's field mapping
(``fields = { township = "XZDM", name = "XZMC" }``). A layer added in the app starts with a
guessed role (``app.roles.guess_role``); this dialog is where a user sets up a county's own data
without editing the project file:

* **Layer** — title in English and Chinese, role (the roles' names in the UI language; only those
  that fit a raster or a vector layer), year (land cover and the inventory layers).
* **Source** — the attribute encoding of a shapefile (GBK, …) and a CRS override: an EPSG code
  (the CGCS2000 systems are offered: EPSG:4490 and the Gauss–Krüger zones EPSG:4491–4554), or
  WKT / PROJ text, checked with pyproj as it is typed; the file's own CRS is shown beside it.
* **Fields** — one list per canonical key of the chosen role (``app.roles.ROLE_FIELDS``: the keys
  the pipeline reads, required ones marked), filled with the layer's fields and pre-selected by
  the names bureaus use (DLBM, XZDM/XZMC, XBH, YSSZ, LING, MGQXJ, YBD, …). Keys left unset are
  left out of the project file; keys of the mapping the dialog does not show are kept.
* A **live check** of the mapping in the background (``app.roles.check_mapping``): land-cover
  classes against the legend (the matched legend column, the values it lacks and the message the
  pipeline would stop with), grassland grades, wetland types against the blue-carbon table,
  forest types against the forest types table — one status line, in the UI language.

OK applies through :meth:`app.model.AppModel.update_layer` (the project is marked modified; the
map and legend redraw; planning data prepared with the old roles are dropped); Cancel changes
nothing. **Style…** opens the style editor, which applies its own changes.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import roles
from app.model import AppModel, PlanningState

#: encodings offered for shapefile attributes (any codec name may be typed)
ENCODINGS = ("GBK", "GB18030", "UTF-8", "Big5")
#: CGCS2000: geographic, then the 6-degree and 3-degree Gauss–Krüger zones
CGCS2000_CODES = tuple(range(4490, 4555))
NO_YEAR = 1899  # the year box's "none"
_COLORS = {"ok": "#1b7f3b", "warning": "#9a6700", "error": "#b00020"}
#: layer properties whose change outdates planning data prepared before
_ANALYSED = ("role", "year", "crs", "encoding", "fields")


@functools.lru_cache(maxsize=1)
def cgcs2000_crs() -> tuple[tuple[str, str], ...]:
    """(code, name) of EPSG:4490–4554 (CGCS2000 and its Gauss–Krüger zones)."""
    from pyproj.database import query_crs_info

    names = {int(i.code): i.name for i in query_crs_info(auth_name="EPSG")
             if i.code.isdigit() and int(i.code) in CGCS2000_CODES}
    return tuple((f"EPSG:{c}", names[c]) for c in CGCS2000_CODES if c in names)


def parse_crs(text: str) -> tuple[str | None, str]:
    """(the CRS to store or None for "from the file", its name) of what the CRS box holds; a
    pick from the list ("EPSG:4547 — CGCS2000 / …") stores its code. ValueError (pyproj's
    reason) when pyproj cannot read it."""
    from pyproj import CRS

    text = text.strip()
    if not text:
        return None, ""
    m = re.match(r"^(EPSG:\d+)\s+—", text, re.IGNORECASE)
    value = m.group(1).upper() if m else f"EPSG:{text}" if text.isdigit() else text
    try:
        crs = CRS.from_user_input(value)
    except Exception as exc:  # noqa: BLE001 - pyproj raises CRSError and others
        raise ValueError(str(exc).splitlines()[0] if str(exc) else repr(exc)) from exc
    return value, crs.name


def _check_job(project: Any, entry: Any, lang: str, gen: int) -> tuple[int, Any]:
    """The live check in a pool thread: (generation, MappingCheck); never raises."""
    try:
        return gen, roles.check_mapping(project, entry, lang=lang)
    except Exception as exc:  # noqa: BLE001 - shown in the status line
        return gen, roles.MappingCheck("error", "read", message=str(exc) or repr(exc))


def _facts_job(entry: Any, lang: str, gen: int) -> tuple[int, Any]:
    """The layer opened with the dialog's options, in a pool thread: (generation, LayerFacts)."""
    try:
        return gen, roles.layer_facts(entry, lang=lang)
    except Exception as exc:  # noqa: BLE001
        return gen, roles.LayerFacts("error", error=str(exc) or repr(exc))


class LayerPropertiesDialog(QDialog):
    """The properties of the layer ``layer_id`` of ``model``'s project.

    ``kind``: 'raster' | 'vector' when known (the map's layer info), so the roles are offered
    before the file is read; ``style_callback(layer_id)`` opens the style editor (the Style…
    button, hidden without one); ``tasks``: the window's TaskManager for the background reads
    (else the dialog's own)."""

    inspected = Signal()  # the layer's fields are listed (the file was read in the background)
    checked = Signal()  # the live check's result is shown

    def __init__(self, model: AppModel, layer_id: str, parent: QWidget | None = None, *,
                 kind: str | None = None, style_callback: Callable[[str], Any] | None = None,
                 tasks: Any = None) -> None:
        super().__init__(parent)
        from app.gui.workers import TaskManager

        self.model = model
        self.layer_id = layer_id
        self.entry = model.layer(layer_id)
        self.lang = model.lang
        self.kind = kind if kind in ("raster", "vector") else None
        self.facts: roles.LayerFacts | None = None
        self.check: roles.MappingCheck | None = None
        self.style_callback = style_callback
        self._own_tasks = tasks is None
        self.tasks = tasks if tasks is not None else TaskManager(self)
        self._workers: list[Any] = []
        self._gen = 0  # bumped by every read and check: older results are dropped
        self._chosen: dict[str, str | None] = dict(
            roles.current_mapping(self.entry, roles.role_fields(self.entry.role)))
        self._combos: dict[str, QComboBox] = {}
        self.setWindowTitle(self.tr("Layer Properties — %1")
                            .replace("%1", self.entry.display_name(self.lang)))
        self.setMinimumWidth(560)
        self._build()
        self._fill_roles()
        self._rebuild_fields()
        self._crs_edited()
        self._inspect()

    # ---- construction ------------------------------------------------------------------------
    def _build(self) -> None:
        e = self.entry
        lay = QVBoxLayout(self)
        self.source_label = QLabel(str(e.path), self)
        self.source_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source_label.setWordWrap(True)
        self.about_label = QLabel(self.tr("Reading the layer…"), self)
        self.about_label.setWordWrap(True)
        lay.addWidget(self.source_label)
        lay.addWidget(self.about_label)

        box = QGroupBox(self.tr("Layer"), self)
        form = QFormLayout(box)
        self.title_en = QLineEdit(e.title.get("en", ""), box)
        self.title_zh = QLineEdit(e.title.get("zh", ""), box)
        self.title_en.setPlaceholderText(e.id)
        self.title_zh.setPlaceholderText(e.id)
        self.role = QComboBox(box)
        self.role.currentIndexChanged.connect(self._role_changed)
        self.year = QSpinBox(box)
        self.year.setRange(NO_YEAR, 2100)
        self.year.setSpecialValueText(self.tr("none"))
        self.year.setValue(e.year if e.year is not None else NO_YEAR)
        form.addRow(self.tr("Title (English)"), self.title_en)
        form.addRow(self.tr("Title (Chinese)"), self.title_zh)
        form.addRow(self.tr("Role"), self.role)
        form.addRow(self.tr("Year"), self.year)
        lay.addWidget(box)

        box = QGroupBox(self.tr("Source"), self)
        form = QFormLayout(box)
        self.encoding = QComboBox(box)
        self.encoding.setEditable(True)
        self.encoding.addItem(self.tr("Automatic (.cpg file or the file's declaration)"), "")
        for enc in ENCODINGS:
            self.encoding.addItem(enc, enc)
        if e.encoding:
            i = self.encoding.findData(e.encoding)
            if i >= 0:
                self.encoding.setCurrentIndex(i)
            else:
                self.encoding.setEditText(e.encoding)
        shapefile = e.path.suffix.lower() in (".shp", ".dbf", ".zip")
        self.encoding.setEnabled(shapefile and self.kind != "raster")
        self.encoding.setToolTip(self.tr("The encoding of a shapefile's attribute text (Chinese "
                                         "text is often GBK); other formats declare their own"))
        self.encoding.currentTextChanged.connect(lambda _t: self._source_edited())
        self.crs = QComboBox(box)
        self.crs.setEditable(True)
        self.crs.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.crs.addItem(self.tr("From the file"), "")
        for code, name in cgcs2000_crs():
            self.crs.addItem(f"{code} — {name}", code)
        if e.crs:
            i = self.crs.findData(str(e.crs).upper())
            if i >= 0:
                self.crs.setCurrentIndex(i)
            else:
                self.crs.setEditText(str(e.crs))
        self.crs.setToolTip(self.tr("Override the layer's coordinate reference system: an EPSG "
                                    "code (e.g. EPSG:4547), WKT or PROJ text"))
        self.crs.currentTextChanged.connect(lambda _t: self._source_edited())
        self.crs_status = QLabel(box)
        self.crs_status.setWordWrap(True)
        self.file_crs = QLabel(box)
        self.file_crs.setWordWrap(True)
        form.addRow(self.tr("Attribute encoding"), self.encoding)
        form.addRow(self.tr("CRS override"), self.crs)
        form.addRow("", self.crs_status)
        form.addRow(self.tr("File's CRS"), self.file_crs)
        lay.addWidget(box)

        self.fields_box = QGroupBox(self.tr("Fields"), self)
        fl = QVBoxLayout(self.fields_box)
        self.fields_note = QLabel(self.fields_box)
        self.fields_note.setWordWrap(True)
        self.fields_form_host = QWidget(self.fields_box)
        self.fields_form = QFormLayout(self.fields_form_host)
        self.fields_form.setContentsMargins(0, 0, 0, 0)
        self.kept_label = QLabel(self.fields_box)
        self.kept_label.setWordWrap(True)
        self.status = QLabel(self.fields_box)
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail = QLabel(self.fields_box)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setStyleSheet("color: #555555;")
        for w in (self.fields_note, self.fields_form_host, self.kept_label, self.status,
                  self.detail):
            fl.addWidget(w)
        lay.addWidget(self.fields_box)
        lay.addStretch(1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.style_button = QPushButton(self.tr("Style…"), self)
        self.style_button.setToolTip(self.tr("Colours and symbols of the layer on the map"))
        self.style_button.clicked.connect(self._edit_style)
        self.style_button.setVisible(self.style_callback is not None)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.style_button)
        row.addStretch(1)
        row.addWidget(self.buttons)
        lay.addLayout(row)

        self._check_timer = QTimer(self, singleShot=True, interval=250)
        self._check_timer.timeout.connect(self._start_check)
        self._inspect_timer = QTimer(self, singleShot=True, interval=400)
        self._inspect_timer.timeout.connect(self._inspect)

    def _fill_roles(self) -> None:
        """The roles that fit the layer's kind (all while it is unknown), the current first
        chosen; 'result' only for a layer that has it."""
        current = self.role.currentData() or self.entry.role
        self.role.blockSignals(True)
        self.role.clear()
        for r in roles.ROLE_ORDER:
            fits = self.kind is None or roles.role_fits(r, self.kind)
            if r == current or (fits and r != "result"):
                self.role.addItem(roles.role_label(r, self.lang), r)
        self.role.setCurrentIndex(max(0, self.role.findData(current)))
        self.role.blockSignals(False)

    # ---- the field lists ---------------------------------------------------------------------
    def current_role(self) -> str:
        return str(self.role.currentData() or self.entry.role)

    def _specs(self) -> tuple[roles.FieldSpec, ...]:
        return roles.role_fields(self.current_role(), self.kind or "vector")

    def _rebuild_fields(self) -> None:
        """One list per key of the chosen role: the layer's fields, pre-selected by what was
        chosen (or mapped) before, else by the usual names."""
        while self.fields_form.rowCount():
            self.fields_form.removeRow(0)
        self._combos = {}
        specs = self._specs()
        known = dict(self.facts.fields) if self.facts is not None else {}
        guesses = roles.guess_fields(self.current_role(), known, self.kind or "vector")
        for spec in specs:
            combo = QComboBox(self.fields_form_host)
            combo.addItem(self.tr("(not set)"), "")
            for name, ftype in known.items():
                combo.addItem(name, name)
                combo.setItemData(combo.count() - 1, ftype, Qt.ItemDataRole.ToolTipRole)
            want = self._chosen[spec.key] if spec.key in self._chosen else guesses.get(spec.key)
            if want and combo.findData(want) < 0:
                text = want if self.facts is None or self.facts.kind == "error" else \
                    self.tr("%1 (not in the file)").replace("%1", want)
                combo.addItem(text, want)
            combo.setCurrentIndex(max(0, combo.findData(want or "")))
            combo.currentIndexChanged.connect(
                lambda _i, k=spec.key, c=combo: self._field_changed(k, c))
            label = spec.label(self.lang) + (" *" if spec.required else "")
            self.fields_form.addRow(label, combo)
            self._combos[spec.key] = combo
        role = self.current_role()
        if not specs:
            self.fields_note.setText(
                self.tr("Rasters have no attribute fields.") if self.kind == "raster" and
                roles.ROLE_FIELDS.get(role) else
                self.tr("This role reads no attribute fields."))
        elif any(s.required for s in specs):
            self.fields_note.setText(self.tr("Which field holds what the analyses read "
                                             "(* needed by the analyses):"))
        else:
            self.fields_note.setText(self.tr("Which field holds what the analyses read:"))
        self.year.setEnabled(role in roles.YEAR_ROLES)
        self._show_kept()
        self._fit()
        self._schedule_check()

    def _show_kept(self) -> None:
        kept = {k: v for k, v in self.fields_value().items() if k not in self._combos}
        self.kept_label.setVisible(bool(kept))
        self.kept_label.setText(self.tr("Also kept: %1").replace(
            "%1", ", ".join(f"{k} = {v}" for k, v in kept.items())))

    def _role_changed(self, *args: Any) -> None:
        self._rebuild_fields()

    def _field_changed(self, key: str, combo: QComboBox) -> None:
        self._chosen[key] = combo.currentData() or None  # the user's choice: kept across roles
        self._show_kept()
        self._schedule_check()

    # ---- values -------------------------------------------------------------------------------
    def fields_value(self) -> dict[str, str]:
        """The ``fields`` the layer gets (see :func:`app.roles.merged_fields`)."""
        chosen = {k: (c.currentData() or None) for k, c in self._combos.items()}
        return roles.merged_fields(dict(self.entry.fields), self.entry.role, self.current_role(),
                                   chosen)

    def title_value(self) -> dict[str, str]:
        title = dict(self.entry.title)
        for lang, edit in (("en", self.title_en), ("zh", self.title_zh)):
            text = edit.text().strip()
            if text:
                title[lang] = text
            else:
                title.pop(lang, None)
        return title

    def year_value(self) -> int | None:
        return None if self.year.value() == NO_YEAR else int(self.year.value())

    def encoding_value(self) -> str | None:
        """The encoding typed or picked (None: automatic); ValueError for an unknown one."""
        text = self.encoding.currentText().strip()
        if not text or text == self.encoding.itemText(0):
            return None
        codecs.lookup(text)  # LookupError (a ValueError) for an unknown codec
        return text

    def crs_value(self) -> str | None:
        """The CRS override (None: the file's); ValueError when pyproj cannot read it."""
        text = self.crs.currentText().strip()
        if text == self.crs.itemText(0):
            return None
        return parse_crs(text)[0]

    def changes(self) -> dict[str, Any]:
        """What OK gives :meth:`AppModel.update_layer` (ValueError for an invalid CRS or
        encoding)."""
        return {"title": self.title_value(), "role": self.current_role(),
                "year": self.year_value(), "crs": self.crs_value(),
                "encoding": self.encoding_value(), "fields": self.fields_value()}

    def draft(self) -> Any:
        """The layer as the dialog would leave it (a copy; the project is not touched)."""
        d: dict[str, Any] = {"role": self.current_role(), "fields": self.fields_value()}
        try:
            d["crs"] = self.crs_value()
        except ValueError:
            pass
        try:
            d["encoding"] = self.encoding_value()
        except ValueError:
            pass
        return dataclasses.replace(self.entry, **d)

    # ---- source options -----------------------------------------------------------------------
    def _crs_edited(self) -> bool:
        """Show whether the CRS box holds a CRS pyproj reads; True when it does."""
        try:
            value, name = parse_crs("" if self.crs.currentText() == self.crs.itemText(0)
                                    else self.crs.currentText())
        except ValueError as exc:
            self.crs_status.setText(self.tr("Not a coordinate reference system: %1")
                                    .replace("%1", str(exc)))
            self.crs_status.setStyleSheet(f"color: {_COLORS['error']};")
            self.crs_status.setVisible(True)
            return False
        self.crs_status.setStyleSheet("")
        self.crs_status.setText(name)
        # a pick from the list names itself; a typed code or WKT is named here
        self.crs_status.setVisible(bool(value) and self.crs.findText(self.crs.currentText()) < 0)
        return True

    def _encoding_ok(self) -> bool:
        try:
            self.encoding_value()
        except LookupError:
            return False
        return True

    def _source_edited(self) -> None:
        ok = self._crs_edited()
        if not self._encoding_ok():
            self._set_status("error", self.tr("Unknown encoding: %1")
                             .replace("%1", self.encoding.currentText()), "")
            ok = False
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if ok:
            self._inspect_timer.start()

    # ---- background reads -----------------------------------------------------------------------
    def _run(self, fn: Callable[..., Any], *args: Any, slot: Callable[[Any], None]) -> None:
        from app.gui.workers import Worker

        w = Worker(fn, *args, lang=self.lang, pass_callbacks=False)
        w.signals.finished.connect(slot)
        w.signals.done.connect(self._forget)
        self._workers.append(w)
        self.tasks.start(w)

    def _forget(self, worker: Any) -> None:
        if worker in self._workers:
            self._workers.remove(worker)

    def _inspect(self) -> None:
        """Open the layer with the dialog's options in the background: its kind and fields."""
        self._gen += 1
        self._inspect_timer.stop()
        self._check_timer.stop()
        self._run(_facts_job, self.draft(), self.lang, self._gen, slot=self._on_facts)

    def _on_facts(self, result: tuple[int, Any]) -> None:
        gen, facts = result
        if gen != self._gen:
            return
        self.facts = facts
        if facts.kind == "error":
            self.about_label.setText(facts.error)
            self.about_label.setStyleSheet(f"color: {_COLORS['error']};")
            self.file_crs.setText("")
        else:
            self.about_label.setStyleSheet("")
            if facts.kind == "vector":
                self.about_label.setText(self.tr("Vector layer: %1 features (%2), %3 fields")
                                         .replace("%1", f"{facts.features:,}")
                                         .replace("%2", facts.geometry_type)
                                         .replace("%3", str(len(facts.fields))))
            else:
                self.about_label.setText(self.tr("Raster layer (%1 cells)")
                                         .replace("%1", facts.dtype))
            self.file_crs.setText(facts.file_crs if facts.file_crs is not None else
                                  self.tr("The file declares no CRS: choose one above."))
            if self.kind != facts.kind:
                self.kind = facts.kind
                self._fill_roles()
            self.encoding.setEnabled(self.encoding.isEnabled() and facts.kind == "vector")
        self._rebuild_fields()
        self.inspected.emit()

    def _schedule_check(self) -> None:
        self._check_timer.start()

    def _start_check(self) -> None:
        if self.facts is None:
            return  # the fields are being read; the check follows
        self._gen += 1
        if self.facts.kind == "error":
            self._show_check(roles.MappingCheck("error", "read", message=self.facts.error))
            return
        self._set_status("", self.tr("Checking the values…"), "")
        self._run(_check_job, self.model.project, self.draft(), self.lang, self._gen,
                  slot=self._on_checked)

    def _on_checked(self, result: tuple[int, Any]) -> None:
        gen, check = result
        if gen == self._gen:
            self._show_check(check)

    def _show_check(self, check: roles.MappingCheck) -> None:
        self.check = check
        self._set_status(check.level, *self.describe(check))
        self.checked.emit()

    def describe(self, c: roles.MappingCheck) -> tuple[str, str]:
        """(status line, detail) of a check in the UI language."""
        unknown = _listed(c.unknown)
        if c.topic == "read":
            return self.tr("The layer cannot be read with these settings."), c.message
        if c.topic == "required":
            labels = {s.key: s.label(self.lang) for s in self._specs()}
            sep = "、" if self.lang == "zh" else ", "
            return (self.tr("Not set, but needed by the analyses: %1")
                    .replace("%1", sep.join(labels.get(k, k) for k in c.missing)), "")
        if c.topic == "landcover":
            if c.level == "ok":
                return (self.tr("All %1 class values match the legend's “%2” column.")
                        .replace("%1", str(c.values)).replace("%2", c.column), "")
            return (self.tr("Legend column “%1”: %2 of %3 class values match; not in the "
                            "legend (features): %4")
                    .replace("%1", c.column).replace("%2", str(c.values - len(c.unknown)))
                    .replace("%3", str(c.values)).replace("%4", unknown), c.message)
        if c.topic == "grade":
            if c.level == "ok":
                return (self.tr("All %1 grades are none, light, moderate or severe.")
                        .replace("%1", str(c.values)), "")
            return (self.tr("Grades the planner does not know (features): %1")
                    .replace("%1", unknown), c.message)
        if c.topic == "wetland_type":
            if c.message:
                return self.tr("Wetland types cannot be checked."), c.message
            if c.level == "ok":
                return (self.tr("All %1 wetland types are in the blue-carbon table.")
                        .replace("%1", str(c.values)), "")
            return (self.tr("Types not in the blue-carbon table (features): %1. These polygons "
                            "get no wetland type; their land-cover class's carbon is used.")
                    .replace("%1", unknown), "")
        if c.topic == "forest_type":
            if c.level == "warning":
                return self.tr("Forest types cannot be checked."), c.message
            if c.level == "ok":
                return (self.tr("All %1 forest types are in the forest types table.")
                        .replace("%1", str(c.values)), "")
            return (self.tr("Forest types not in the forest types table (features): %1")
                    .replace("%1", unknown), c.message)
        return self.tr("Nothing to check in this role's values."), ""

    def _set_status(self, level: str, text: str, detail: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {_COLORS[level]};" if level in _COLORS else "")
        self.detail.setText(detail)
        self.detail.setVisible(bool(detail))
        self._fit()

    def _fit(self) -> None:
        """Grow to show every line of the wrapped texts (a top-level layout does not ask its
        labels' height for the width it has)."""
        lay = self.layout()
        lay.activate()
        need = lay.totalHeightForWidth(self.width()) if lay.hasHeightForWidth() else \
            lay.totalSizeHint().height()
        if need > self.height():
            self.resize(self.width(), need)

    # ---- buttons ---------------------------------------------------------------------------------
    def _edit_style(self) -> None:
        if self.style_callback is not None:
            self.style_callback(self.layer_id)

    def accept(self) -> None:
        """Apply through the AppModel; planning data prepared with the old properties go."""
        try:
            changes = self.changes()
        except ValueError:
            self._source_edited()
            return
        before = {k: getattr(self.entry, k) for k in _ANALYSED}
        self.model.update_layer(self.layer_id, **changes)
        if self.model.planning.ready and any(getattr(self.entry, k) != before[k]
                                             for k in _ANALYSED):
            self.model.set_planning(**dataclasses.asdict(PlanningState()))
        super().accept()

    def done(self, result: int) -> None:
        self._gen += 1  # results still on their way are dropped
        self._check_timer.stop()
        self._inspect_timer.stop()
        for w in list(self._workers):
            w.cancel()
        if self._own_tasks:
            self.tasks.wait(10_000)
        super().done(result)


def _listed(counts: dict[str, int], most: int = 8) -> str:
    """'1003 (5), 0101x (2), … (+3)': values with their feature counts, most first."""
    items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    text = ", ".join(f"{v} ({n:,})" for v, n in items[:most])
    return text + (f", … (+{len(items) - most})" if len(items) > most else "")
