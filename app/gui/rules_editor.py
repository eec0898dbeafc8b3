"""Analysis → Planning Rules…: the project's rules table (``constraint_rules.csv``: which action
is allowed in which zone and on which land class) in a dialog.

One row per rule. Action, zone, land class and allowed are picked from lists — the action kinds
and the project's action ids (actions.csv), the zones of the rules vocabulary
(:mod:`sinkmodels.planning.constraints`), the legend's classes — so only the rule id, the
explanations and the source are typed. **Save** checks the table with the planner's own loader
(:meth:`RulesFile.save` writes it through :meth:`Rules.load`) and writes it atomically, keeping
the file's comment lines and extra columns; an invalid table is not written, and the message
names the row and the problem. A rules file inside the shipped sample data is never overwritten:
Save asks for a copy for the project and points the project at it (the project then has unsaved
changes). After a save, planning results made with the old rules are dropped (the dashboard's
planner: the next use rebuilds it) or marked out of date (the Conflicts dock).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QEvent, QItemSelectionModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from app.gui.conflicts import zone_label
from app.model import PlanningState
from gis.errors import SinkplannerError
from sinkmodels.planning.constraints import DEFAULT_RULES, RulesFile, class_names
from sinkmodels.planning.tables import ACTION_KINDS, CONSTRAINT_RULES, RULE_ZONES

# the shipped sample data, which Save never overwrites
SAMPLE_DATA = DEFAULT_RULES.parents[2]
COLUMNS = CONSTRAINT_RULES.names
# columns chosen from a list (the others are typed)
CHOICES = ("action", "zone", "land_class", "allowed")


def is_shipped(path: str | Path) -> bool:
    return SAMPLE_DATA in Path(path).resolve().parents


def project_legend(project: Any) -> pd.DataFrame:
    """The project's legend as the planner reads it (``app.pipeline.build_planner``); an empty
    one when it has none, so the rules still load (land classes then only match ``*``)."""
    try:
        return pd.read_csv(project.table_path("legend"), encoding="utf-8-sig")
    except (SinkplannerError, OSError, ValueError):
        return pd.DataFrame({"code": [], "name_en": []})


def project_actions(project: Any) -> dict[str, Any]:
    """The project's actions (id → Action); none when its actions table does not load (the
    rules may then name kinds only, as the planner would refuse the project anyway)."""
    from sinkmodels.planning.scenarios import load_actions

    try:
        return load_actions(project.table_path("actions"))
    except SinkplannerError:
        return {}


class RulesEditor(QDialog):
    """The rules table of the window's project, edited in place until Save."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.model = window.model
        project = self.model.project
        self.path: Path | None = project.tables.get("constraint_rules")
        self.legend = project_legend(project)
        self.actions = project_actions(project)
        self.load_error: SinkplannerError | None = None
        self.dirty = False
        self.resize(1360, 640)

        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)  # one line a rule: long texts end in …
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setDefaultSectionSize(30)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for j, width in enumerate((90, 230, 190, 120, 64, 250, 200)):
            self.table.setColumnWidth(j, width)
        head.setStretchLastSection(True)
        self.table.itemChanged.connect(lambda _item: self._set_dirty(True))

        self.add_btn, self.dup_btn, self.del_btn, self.defaults_btn = (
            QPushButton(self) for _ in range(4))
        self.add_btn.clicked.connect(self.add_rule)
        self.dup_btn.clicked.connect(self.duplicate_rule)
        self.del_btn.clicked.connect(self.delete_rules)
        self.defaults_btn.clicked.connect(self.restore_defaults)
        self.defaults_btn.setEnabled(DEFAULT_RULES.exists())
        self.buttons = QDialogButtonBox(self)
        self.save_btn = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_btn = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.add_btn, self.dup_btn, self.del_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.defaults_btn)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.buttons)

        self._fill(self._read())
        self.retranslate()

    # ---- reading -----------------------------------------------------------------------------------
    def _read(self) -> RulesFile:
        """The project's table; the defaults when it names none or its file is missing or
        cannot be read (said above the table: saving then replaces it)."""
        if self.path is not None and self.path.exists():
            try:
                return RulesFile.read(self.path)
            except SinkplannerError as exc:
                self.load_error = exc
        if not DEFAULT_RULES.exists():  # installed without the sample data: start empty
            return RulesFile([], list(COLUMNS), [])
        return RulesFile.read(DEFAULT_RULES)

    def _fill(self, rules: RulesFile) -> None:
        self.comments, self.columns = list(rules.comments), list(rules.columns)
        self.table.setRowCount(0)
        for r in rules.rows:
            self._insert(self.table.rowCount(), r)
        self._set_dirty(False)

    def _insert(self, i: int, values: dict[str, str]) -> None:
        """Put a rule at row ``i``; the columns the dialog does not show travel with the id."""
        self.table.blockSignals(True)
        self.table.insertRow(i)
        for j, col in enumerate(COLUMNS):
            if col in CHOICES:
                self.table.setCellWidget(i, j, self._combo(col, values.get(col, "")))
            else:
                self.table.setItem(i, j, QTableWidgetItem(values.get(col, "")))
        extra = {c: values.get(c, "") for c in self.columns if c not in COLUMNS}
        self.table.item(i, 0).setData(Qt.ItemDataRole.UserRole, extra)
        self.table.blockSignals(False)
        self._set_dirty(True)

    def _combo(self, column: str, value: str) -> QComboBox:
        box = QComboBox(self.table)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        labels = self._labels(column)
        for code, label in labels.items():
            box.addItem(label, code)
            box.setItemData(box.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        if value not in labels:  # a value of the file the lists do not know: kept, checked on save
            box.addItem(value, value)
        box.setCurrentIndex(box.findData(value))
        box.currentIndexChanged.connect(lambda _i: self._set_dirty(True))
        return box

    def _labels(self, column: str) -> dict[str, str]:
        """value → what the list shows, in the UI language."""
        zh = self.model.lang == "zh"
        if column == "action":
            ids = {a.id: (a.title_zh if zh else a.title_en) or a.id
                   for a in self.actions.values() if a.id not in ACTION_KINDS}
            return {"*": self.tr("* (any action)"),
                    **{k: self.tr("Kind: %1").replace("%1", self._kind(k)) for k in ACTION_KINDS},
                    **ids}
        if column == "zone":
            return {z: zone_label(z) for z in RULE_ZONES}
        if column == "land_class":
            return {"*": self.tr("* (any class)"), **self._classes(zh)}
        return {"yes": self.tr("yes"), "no": self.tr("no")}

    def _classes(self, zh: bool) -> dict[str, str]:
        """Rule class names of the legend → the legend's name in the UI language."""
        try:
            names = class_names(self.legend)
        except SinkplannerError:
            return {}
        shown, codes = self.legend.get("name_zh" if zh else "name_en"), self.legend.get("code")
        if shown is None or codes is None:
            return {n: n for n in names.values()}
        local = dict(zip(codes.astype(int), shown.astype(str), strict=True))
        return {n: local.get(c) or n for c, n in names.items()}

    def _kind(self, kind: str) -> str:
        return {"afforestation": self.tr("afforestation"),
                "quality_improvement": self.tr("forest quality improvement"),
                "return_farmland": self.tr("return of farmland"),
                "grassland_restoration": self.tr("grassland restoration"),
                "wetland_restoration": self.tr("wetland restoration"),
                "mangrove_planting": self.tr("mangrove planting"),
                "land_restoration": self.tr("mine and degraded-land restoration"),
                "construction": self.tr("construction"), "orchard": self.tr("orchard"),
                "fish_pond": self.tr("fish pond"), "harvest": self.tr("harvest")}.get(kind, kind)

    # ---- texts -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        name = self.path.name if self.path is not None else "constraint_rules.csv"
        self.setWindowTitle(self.tr("Planning Rules — %1").replace("%1", name) + "[*]")
        self.table.setHorizontalHeaderLabels([
            self.tr("Rule"), self.tr("Action"), self.tr("Zone"), self.tr("Land class"),
            self.tr("Allowed"), self.tr("Explanation (English)"), self.tr("Explanation (Chinese)"),
            self.tr("Source")])
        self.add_btn.setText(self.tr("Add rule"))
        self.dup_btn.setText(self.tr("Duplicate"))
        self.del_btn.setText(self.tr("Delete"))
        self.defaults_btn.setText(self.tr("Restore defaults…"))
        self.defaults_btn.setToolTip(self.tr("The default rules of SCIENCE.md §5 (%1)")
                                     .replace("%1", str(DEFAULT_RULES)))
        self.close_btn.setText(self.tr("Close"))
        copy = self._needs_copy()
        self.save_btn.setText(self.tr("Save As…") if copy else self.tr("Save"))
        notes = [self.tr("A prohibition applies unless a more specific permission (a named action "
                         "rather than its kind or *, a named zone rather than any, a class rather "
                         "than *) allows it; a conflict reports the first prohibition that "
                         "applies.")]
        if self.load_error is not None:
            notes.append(self.tr("<b>The rules file could not be read</b> (%1); the defaults are "
                                 "shown and Save replaces it.")
                         .replace("%1", self.load_error.message(self.model.lang)))
        elif self.path is None or not self.path.exists():
            notes.append(self.tr("The project has no rules table yet: the defaults are shown."))
        if copy:
            notes.append(self.tr("This table is part of the shipped sample data, which is never "
                                 "changed: Save As writes a copy for this project."))
        elif self.path is not None:
            notes.append(self.tr("Saved to %1.").replace("%1", str(self.path)))
        self.note.setText("<br>".join(notes))
        for i in range(self.table.rowCount()):
            for col in CHOICES:
                box = self.table.cellWidget(i, COLUMNS.index(col))
                labels = self._labels(col)
                for k in range(box.count()):
                    box.setItemText(k, labels.get(box.itemData(k), box.itemData(k)))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.setWindowModified(dirty)

    # ---- editing -----------------------------------------------------------------------------------
    def rule(self, i: int) -> dict[str, str]:
        """Row ``i`` as the file's cells (with the columns the dialog does not show)."""
        values = dict(self.table.item(i, 0).data(Qt.ItemDataRole.UserRole) or {})
        for j, col in enumerate(COLUMNS):
            box = self.table.cellWidget(i, j)
            values[col] = (str(box.currentData()) if isinstance(box, QComboBox)
                           else self.table.item(i, j).text().strip())
        return values

    def rules_file(self) -> RulesFile:
        return RulesFile(self.comments, self.columns,
                         [self.rule(i) for i in range(self.table.rowCount())])

    def _new_id(self, base: str) -> str:
        taken = {self.table.item(i, 0).text().strip() for i in range(self.table.rowCount())}
        n = 1
        while f"{base}-{n}" in taken:
            n += 1
        return f"{base}-{n}"

    def add_rule(self) -> None:
        """A new prohibition for any action anywhere, below the current row: the user narrows
        it down and gives its source."""
        i = self.table.currentRow() + 1 or self.table.rowCount()
        self._insert(i, {"rule_id": self._new_id("NEW"), "action": "*", "zone": "any",
                         "land_class": "*", "allowed": "no"})
        self.table.setCurrentCell(i, 0)

    def duplicate_rule(self) -> None:
        i = self.table.currentRow()
        if i < 0:
            return
        values = self.rule(i)
        values["rule_id"] = self._new_id(values["rule_id"])
        self._insert(i + 1, values)
        self.table.setCurrentCell(i + 1, 0)

    def delete_rules(self) -> None:
        rows = {ix.row() for ix in self.table.selectedIndexes()} or {self.table.currentRow()}
        for i in sorted(rows - {-1}, reverse=True):
            self.table.removeRow(i)
            self._set_dirty(True)

    def restore_defaults(self) -> None:
        if self.window_.ask_yes_no(self.tr("Restore the default rules?"),
                                   self.tr("Replace every rule in the table with the defaults "
                                           "of SCIENCE.md §5? The file changes only when you "
                                           "save.")):
            self._fill(RulesFile.read(DEFAULT_RULES))
            self._set_dirty(True)

    # ---- saving ------------------------------------------------------------------------------------
    def _needs_copy(self) -> bool:
        return self.path is None or is_shipped(self.path)

    def _copy_path(self) -> Path | None:
        """Where the project's own copy goes (asked; never into the shipped sample data)."""
        folder = self.model.project.folder
        suggestion = "constraint_rules.csv" if is_shipped(folder) else str(
            folder / "constraint_rules.csv")
        path = self.window_.get_save_path(self.tr("Save the rules table as"),
                                          self.tr("CSV tables (*.csv)"), suggestion)
        if not path:
            return None
        if not path.lower().endswith(".csv"):
            path += ".csv"
        if is_shipped(path):
            self.window_.show_error(self.tr("Choose another folder"),
                                    self.tr("The sample data shipped with Sinkplanner is never "
                                            "changed: save the rules table in the project's "
                                            "folder."))
            return None
        return Path(path).resolve()

    def save(self) -> bool:
        """Check the table as the planner reads it and write it; False (with a message naming
        the row and the problem, and the row selected) when it is not written."""
        if self.window_.current_worker is not None:  # it may be using the rules being replaced
            self.window_.show_error(self.tr("Analysis running"),
                                    self.tr("Wait for the running analysis to finish or cancel "
                                            "it, then save the rules."))
            return False
        target = self._copy_path() if self._needs_copy() else self.path
        if target is None:
            return False
        kind_of = {a.id: a.kind for a in self.actions.values()}
        try:
            self.rules_file().save(target, self.legend, kind_of, name=self.tr("Rules table"))
        except SinkplannerError as exc:
            self._select(exc)
            self.window_.show_error(self.tr("Rules not saved"), exc.message(self.model.lang))
            return False
        except OSError as exc:
            self.window_.show_error(self.tr("Rules not saved"), f"{target}: {exc}")
            return False
        if target != self.path:
            self.model.project.tables["constraint_rules"] = target
            self.model.mark_dirty()
            self.path = target
        self.load_error = None
        self._set_dirty(False)
        self.retranslate()
        self._outdate()
        self.window_.statusBar().showMessage(
            self.tr("Rules saved to %1; planning results made with the old rules were cleared.")
            .replace("%1", str(target)), 8000)
        return True

    def _select(self, exc: SinkplannerError) -> None:
        """Select the rule(s) and the cell an error names (rows numbered from 1)."""
        rows = [int(r) - 1 for r in str(exc.params.get("rows", exc.params.get("row", ""))).split(",")
                if r.strip().isdigit()]
        col = exc.params.get("column")
        j = COLUMNS.index(col) if col in COLUMNS else 0
        self.table.clearSelection()
        for i in rows:
            if 0 <= i < self.table.rowCount():
                self.table.setCurrentCell(i, j, QItemSelectionModel.SelectionFlag.Select)

    def _outdate(self) -> None:
        """What was computed with the old rules: the planner goes (rebuilt on next use), the
        Conflicts dock says it is out of date."""
        self.model.set_planning(**dataclasses.asdict(PlanningState()))
        if self.window_.conflicts is not None:
            self.window_.conflicts.rules_changed()

    def reject(self) -> None:
        """Close; with unsaved edits only when the user agrees to discard them."""
        if self.dirty and not self.window_.ask_yes_no(
                self.tr("Discard changes?"),
                self.tr("The rules table has changes that are not saved. Discard them?")):
            return
        super().reject()
