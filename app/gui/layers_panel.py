"""The layer panel: visibility checkboxes, drag to reorder, opacity, legend, style, remove.

A thin view over :class:`app.model.AppModel`: :class:`LayerListModel` wraps the model's layer
list (shown top layer first) as a Qt item model; every edit goes back through the AppModel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QEvent,
    QMimeData,
    QModelIndex,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui import styles
from app.gui.resources import icon
from app.model import AppModel

MIME = "application/x-sinkplanner-layer-ids"


def swatch(fill: QColor | None, line: QColor | None = None, size: int = 16,
           hatch: bool = False, dash: bool = False) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    r = pm.rect().adjusted(1, 1, -2, -2)
    if fill is not None:
        p.fillRect(r, fill)
    if hatch and line is not None:
        p.fillRect(r, _hatch_brush(line))
    if line is not None:
        pen = QPen(line, 1.5)
        if dash:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawRect(r)
    p.end()
    return pm


def _hatch_brush(color: QColor) -> Any:
    from PySide6.QtGui import QBrush

    return QBrush(color, Qt.BrushStyle.BDiagPattern)


def qcolor(value: str | None) -> QColor | None:
    if not value:
        return None
    r, g, b, a = styles.hex_to_rgba(value)
    return QColor(r, g, b, a)


def ramp_pixmap(name: str, width: int = 120, height: int = 14) -> QPixmap:
    lut = styles.ramp_lut(name, width)
    from PySide6.QtGui import QImage

    arr = np.ascontiguousarray(np.repeat(lut[None, :, :], height, axis=0))
    img = QImage(arr.data, width, height, 4 * width, QImage.Format.Format_RGBA8888).copy()
    return QPixmap.fromImage(img)


class LayerListModel(QAbstractListModel):
    """The AppModel's layers as a list, top layer first, checkable and drag-reorderable."""

    def __init__(self, model: AppModel, canvas: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.model = model
        self.canvas = canvas
        model.layers_changed.connect(self._reset)
        model.project_changed.connect(self._reset)
        model.language_changed.connect(self._lang)
        model.layer_changed.connect(self._changed)

    def detach(self) -> None:
        self.model.layers_changed.disconnect(self._reset)
        self.model.project_changed.disconnect(self._reset)
        self.model.language_changed.disconnect(self._lang)
        self.model.layer_changed.disconnect(self._changed)

    def _reset(self, *args: Any) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _lang(self, *args: Any) -> None:
        self._reset()

    def _changed(self, layer_id: str, what: str) -> None:
        row = self.row_of(layer_id)
        if row is not None:
            ix = self.index(row)
            self.dataChanged.emit(ix, ix)

    # ---- mapping ------------------------------------------------------------------------------------
    def entries(self) -> list[Any]:
        return list(reversed(self.model.layers))

    def entry(self, index: QModelIndex) -> Any:
        rows = self.entries()
        return rows[index.row()] if index.isValid() and 0 <= index.row() < len(rows) else None

    def row_of(self, layer_id: str | None) -> int | None:
        for i, e in enumerate(self.entries()):
            if e.id == layer_id:
                return i
        return None

    # ---- Qt model API ----------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.model.layers)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        e = self.entry(index)
        if e is None:
            return None
        info = self.canvas.infos.get(e.id)
        if role == Qt.ItemDataRole.DisplayRole:
            return e.display_name(self.model.lang)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if e.visible else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(e, info)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = str(e.path)
            if info is not None and info.error:
                tip += "\n" + info.error
            problem = self.canvas.landcover_problem(e.id)
            if problem is not None:
                tip += "\n" + problem.message(self.model.lang)
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and info is not None and info.kind == "error":
            return QColor("#b00020")
        if role == Qt.ItemDataRole.UserRole:
            return e.id
        return None

    def _icon(self, e: Any, info: Any) -> QIcon:
        if info is None or info.kind == "error":
            return icon("warning")
        if info.kind == "raster":
            st = styles.effective_raster_style(e.role, e.style, info.dtype, self.canvas.legend,
                                               info.stats.get("sample"))
            if st.get("kind") == "classes":
                return icon("raster_classes")
            return QIcon(ramp_pixmap(st.get("ramp", styles.DEFAULT_RAMP), 16, 16))
        if self.canvas.landcover_problem(e.id) is not None:
            return icon("warning")  # drawn, but the analyses cannot use it: see the tooltip
        classes = self.canvas.landcover_classes(e.id)
        st = styles.vector_style(e.role, e.style, classes, self.canvas.legend)
        if classes is not None and st.get("by") == classes.field:
            return icon("raster_classes")
        return QIcon(swatch(qcolor(st.get("fill")), qcolor(st.get("line")),
                            hatch=bool(st.get("hatch_field")), dash=bool(st.get("dash"))))

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        e = self.entry(index)
        if e is None or role != Qt.ItemDataRole.CheckStateRole:
            return False
        checked = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
        self.model.set_visible(e.id, checked)
        return True

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # noqa: N802
        ids = [self.entry(i).id for i in indexes if self.entry(i) is not None]
        md = QMimeData()
        md.setData(MIME, QByteArray("\n".join(ids).encode("utf-8")))
        return md

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,  # noqa: N802
                     parent: QModelIndex) -> bool:
        if not data.hasFormat(MIME):
            return False
        ids = bytes(data.data(MIME).data()).decode("utf-8").split("\n")
        if row < 0:
            row = parent.row() if parent.isValid() else self.rowCount()
        self.move_rows(ids, row)
        return False  # handled: Qt must not remove the source rows itself

    def move_rows(self, ids: list[str], row: int) -> None:
        """Move the layers ``ids`` to display row ``row`` (0 = top)."""
        display = [e.id for e in self.entries()]
        before = [i for i in display[:row] if i not in ids]
        after = [i for i in display[row:] if i not in ids]
        new_display = before + [i for i in display if i in ids] + after
        self.model.set_order(list(reversed(new_display)))


class LayerPanel(QWidget):
    """Layer list + opacity + legend. Emits requests the window handles (add, style, zoom)."""

    add_requested = Signal()
    style_requested = Signal(str)
    properties_requested = Signal(str)  # Layer Properties (title, role, fields, …)
    zoom_requested = Signal(str)
    attributes_requested = Signal(str)

    def __init__(self, model: AppModel, canvas: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.canvas = canvas
        self.list_model = LayerListModel(model, canvas, self)
        self.view = QListView(self)
        self.view.setModel(self.list_model)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setIconSize(QSize(16, 16))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda ix: self._properties())  # as in QGIS

        self.btn_add = QToolButton(self)
        self.btn_add.setIcon(icon("add_layer"))
        self.btn_add.clicked.connect(self.add_requested.emit)
        self.btn_remove = QToolButton(self)
        self.btn_remove.setIcon(icon("remove"))
        self.btn_remove.clicked.connect(self.remove_selected)
        self.btn_up = QToolButton(self)
        self.btn_up.setIcon(icon("up"))
        self.btn_up.clicked.connect(lambda: self.move_selected(+1))
        self.btn_down = QToolButton(self)
        self.btn_down.setIcon(icon("down"))
        self.btn_down.clicked.connect(lambda: self.move_selected(-1))
        self.btn_style = QToolButton(self)
        self.btn_style.setIcon(icon("style"))
        self.btn_style.clicked.connect(self._style)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.btn_add, self.btn_remove, self.btn_up, self.btn_down, self.btn_style):
            b.setAutoRaise(True)
            buttons.addWidget(b)
        buttons.addStretch(1)

        self.opacity_label = QLabel(self)
        self.opacity = QSlider(Qt.Orientation.Horizontal, self)
        self.opacity.setRange(0, 100)
        self.opacity.valueChanged.connect(self._opacity_changed)
        op_row = QHBoxLayout()
        op_row.addWidget(self.opacity_label)
        op_row.addWidget(self.opacity, 1)

        self.legend_label = QLabel(self)
        self.legend = QListWidget(self)
        self.legend.setIconSize(QSize(16, 16))
        self.legend.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.legend.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend.setWordWrap(True)  # a land cover's problem is a long message

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(buttons)
        lay.addWidget(self.view, 3)
        lay.addLayout(op_row)
        lay.addWidget(self.legend_label)
        lay.addWidget(self.legend, 2)

        canvas.layer_rendered.connect(self._on_rendered)
        model.selection_changed.connect(self._on_selection)
        model.layer_changed.connect(self._on_layer_changed)
        model.layers_changed.connect(self._sync_selection)
        model.project_changed.connect(self._sync_selection)
        self.retranslate()
        self._on_selection(model.selected)

    def detach(self) -> None:
        self.list_model.detach()
        self.model.selection_changed.disconnect(self._on_selection)
        self.model.layer_changed.disconnect(self._on_layer_changed)
        self.model.layers_changed.disconnect(self._sync_selection)
        self.model.project_changed.disconnect(self._sync_selection)

    def retranslate(self) -> None:
        self.btn_add.setToolTip(self.tr("Add layer…"))
        self.btn_remove.setToolTip(self.tr("Remove layer"))
        self.btn_up.setToolTip(self.tr("Move up"))
        self.btn_down.setToolTip(self.tr("Move down"))
        self.btn_style.setToolTip(self.tr("Style…"))
        self.opacity_label.setText(self.tr("Opacity"))
        self.legend_label.setText(self.tr("Legend"))
        self.update_legend()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # ---- selection ------------------------------------------------------------------------------
    def _current_changed(self, cur: QModelIndex, prev: QModelIndex) -> None:
        e = self.list_model.entry(cur)
        self.model.select(e.id if e is not None else None)

    def _on_selection(self, layer_id: str | None) -> None:
        row = self.list_model.row_of(layer_id)
        if row is not None and self.view.currentIndex().row() != row:
            self.view.setCurrentIndex(self.list_model.index(row))
        has = layer_id is not None
        for w in (self.btn_remove, self.btn_up, self.btn_down, self.btn_style, self.opacity):
            w.setEnabled(has)
        if has:
            self.opacity.blockSignals(True)
            self.opacity.setValue(round(self.model.layer(layer_id).opacity * 100))
            self.opacity.blockSignals(False)
        self.update_legend()

    def _sync_selection(self, *args: Any) -> None:
        self._on_selection(self.model.selected)

    def _on_layer_changed(self, layer_id: str, what: str) -> None:
        if layer_id == self.model.selected:
            if what == "opacity":
                self.opacity.blockSignals(True)
                self.opacity.setValue(round(self.model.layer(layer_id).opacity * 100))
                self.opacity.blockSignals(False)
            self.update_legend()

    def _on_rendered(self, layer_id: str) -> None:
        self.list_model._changed(layer_id, "icon")
        if layer_id == self.model.selected:
            self.update_legend()

    def _opacity_changed(self, value: int) -> None:
        if self.model.selected:
            self.model.set_opacity(self.model.selected, value / 100.0)

    # ---- actions ------------------------------------------------------------------------------------
    def remove_selected(self) -> None:
        if self.model.selected:
            self.model.remove_layer(self.model.selected)

    def move_selected(self, step: int) -> None:
        """step +1 moves the layer up (drawn later), -1 down."""
        lid = self.model.selected
        if lid is None:
            return
        self.model.move_layer(lid, self.model.index_of(lid) + step)
        self._on_selection(lid)

    def _style(self) -> None:
        if self.model.selected:
            self.style_requested.emit(self.model.selected)

    def _properties(self) -> None:
        if self.model.selected:
            self.properties_requested.emit(self.model.selected)

    def _menu(self, pos: Any) -> None:
        ix = self.view.indexAt(pos)
        e = self.list_model.entry(ix)
        if e is None:
            return
        self.model.select(e.id)
        m = QMenu(self)
        m.addAction(self.tr("Zoom to layer"), lambda: self.zoom_requested.emit(e.id))
        m.addAction(self.tr("Style…"), lambda: self.style_requested.emit(e.id))
        m.addAction(self.tr("Properties…"), lambda: self.properties_requested.emit(e.id))
        info = self.canvas.infos.get(e.id)
        if info is not None and info.kind == "vector":
            m.addAction(icon("attributes"), self.tr("Open attribute table"),
                        lambda: self.attributes_requested.emit(e.id))
        m.addSeparator()
        m.addAction(self.tr("Remove layer"), lambda: self.model.remove_layer(e.id))
        m.popup(self.view.viewport().mapToGlobal(pos))

    # ---- legend ---------------------------------------------------------------------------------------
    def update_legend(self) -> None:
        self.legend.clear()
        lid = self.model.selected
        if lid is None:
            return
        e = self.model.layer(lid)
        info = self.canvas.infos.get(lid)
        lang = self.model.lang
        if info is None:
            return
        if info.kind == "error":
            item = QListWidgetItem(icon("warning"), info.error or "")
            item.setToolTip(info.error or "")
            self.legend.addItem(item)
            return
        self.legend.setIconSize(QSize(16, 16))
        if info.kind == "raster":
            st = styles.effective_raster_style(e.role, e.style, info.dtype, self.canvas.legend,
                                               info.stats.get("sample"))
            if st.get("kind") == "classes":
                labels = st.get("labels")  # labelled classes are all listed, sampled or not
                codes = ([int(k) for k in labels] if labels else info.stats.get("codes")
                         or sorted(self.canvas.legend))
                colors = styles.class_colors(st, self.canvas.legend, codes)
                for code in codes:
                    name = styles.class_name(st, self.canvas.legend, code, lang) or ""
                    self.legend.addItem(QListWidgetItem(
                        QIcon(swatch(qcolor(colors.get(code)), QColor("#555555"))),
                        f"{code}  {name}".rstrip()))
            else:
                ramp = st.get("ramp", styles.DEFAULT_RAMP)
                lo = st.get("min")
                hi = st.get("max")
                if lo is None or hi is None:
                    sample = info.stats.get("sample")
                    if sample is not None:
                        lo, hi = styles.sample_range(sample, info.nodata)
                self.legend.setIconSize(QSize(110, 14))
                item = QListWidgetItem(QIcon(ramp_pixmap(ramp, 110, 14)), "")
                self.legend.addItem(item)
                if lo is not None and hi is not None:
                    unit = f" {info.units}" if info.units else ""
                    item.setText(f"{lo:,.4g} – {hi:,.4g}{unit}")
            return
        classes = self.canvas.landcover_classes(lid)
        st = styles.vector_style(e.role, e.style, classes, self.canvas.legend)
        problem = self.canvas.landcover_problem(lid)
        if problem is not None:  # what the analyses will say, before they are run
            text = problem.message(lang)
            item = QListWidgetItem(icon("warning"), text)
            item.setToolTip(text)
            self.legend.addItem(item)
        if classes is not None and st.get("by") == classes.field:
            self._class_legend(classes, st, lang)
        elif st.get("by") and st.get("classes"):
            for value, color in st["classes"].items():
                self.legend.addItem(QListWidgetItem(
                    QIcon(swatch(qcolor(color), qcolor(st.get("line")))), f"{st['by']} = {value}"))
        else:
            self.legend.addItem(QListWidgetItem(QIcon(swatch(
                qcolor(st.get("fill")), qcolor(st.get("line")), dash=bool(st.get("dash")))),
                e.display_name(lang)))
            if st.get("hatch_field"):
                self.legend.addItem(QListWidgetItem(QIcon(swatch(
                    qcolor(st.get("fill")), qcolor(st.get("line")), hatch=True)),
                    f"{st['hatch_field']} = {st.get('hatch_value')}"))

    def _class_legend(self, classes: styles.VectorClasses, st: dict[str, Any], lang: str) -> None:
        """A polygon land cover: one row per legend class present (code, name and the class
        field's values drawn in it), then each value the legend does not know, in grey."""
        line = qcolor(st.get("line"))
        for row in styles.vector_class_rows(classes, st, self.canvas.legend, lang):
            if row.code is None:
                text = (self.tr("%1  not in the legend (features: %2)")
                        .replace("%1", row.values[0]).replace("%2", f"{row.features:,}"))
                tip = (self.tr("Drawn in grey. Add the value to the legend's “%1” column so "
                               "the analyses can use these polygons.")
                       .replace("%1", classes.column))
            else:
                text = f"{row.code}  {row.name}".rstrip()
                if not classes.values_are_codes:
                    shown = row.values[:4] + (["…"] if len(row.values) > 4 else [])
                    text += f"  ({', '.join(shown)})"
                tip = f"{classes.field}: {', '.join(row.values)}"
            item = QListWidgetItem(QIcon(swatch(qcolor(row.color), line)), text)
            item.setToolTip(tip)
            self.legend.addItem(item)
