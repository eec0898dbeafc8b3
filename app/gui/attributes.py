"""The attribute table (Layer → Open Attribute Table, F6; the layer panel's context menu): a
vector layer's features as a read-only table — every field and, for polygons, the geodesic
area in ha — with a filter, sortable columns, Copy / Export CSV, and a selection shared with the
map: the rows selected are the layer's features selected in the canvas's
:class:`app.gui.canvas.FeatureSelection`, whichever of the two chose them.

:func:`load_attributes` reads the layer off the UI thread (a :class:`app.gui.workers.Worker`)
from the canvas's vector cache, so the table's rows are the features the map draws, in the map
CRS, and the highlighted selection needs no second read. :class:`AttributeModel` serves the
DataFrame to a ``QTableView`` (cells are formatted only when shown) and does the filtering and
sorting itself, vectorised, through one array of row numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.gui import sources
from app.gui.resources import icon
from app.gui.table_tools import TableTools

# the frame's column with the geodesic area (ha) of polygon layers; never a file's field name
AREA = "\x00area_ha"
# separates the fields of a row in its search text; nobody types it, so a term never matches
# across two fields
_SEP = "\x1f"


@dataclass
class AttributeData:
    """One layer's attribute table: ``frame`` row i is the feature ``geoms[i]`` (shapely, map
    CRS); ``search`` holds each row's text as displayed, case-folded, for the filter;
    ``ellipsoid`` names what the areas were computed on ('' without an area column)."""

    layer_id: str
    frame: Any  # pandas.DataFrame
    geoms: np.ndarray
    search: np.ndarray
    ellipsoid: str


def cell_text(value: Any) -> str:
    """A value as the table shows it (and copies it): plain numbers, without thousands
    separators, so a copied or exported table reads back as numbers."""
    if value is None:
        return ""
    if isinstance(value, float | np.floating):
        v = float(value)
        if not math.isfinite(v):
            return ""
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else f"{v:.10g}"
    if isinstance(value, np.integer):
        return str(int(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def area_text(value: Any) -> str:
    v = float(value)
    return f"{v:.4f}" if math.isfinite(v) else ""


def load_attributes(layer_id: str, info: sources.LayerInfo, map_crs: Any, *,
                    progress: Any, cancel: Any) -> AttributeData:
    """The attribute table of a vector layer (no Qt objects: a worker runs it). Polygon layers get
    the area of each feature in ha, geodesic on the ellipsoid of the layer's own datum."""
    from app.gui.measure import Geodesy
    from gis.errors import CancelledError

    data = sources.VECTORS.get(info, map_crs)
    if cancel():
        raise CancelledError()
    frame = data.attrs.copy()
    ellipsoid = ""
    polygonal = getattr(info.layer, "is_polygonal", False)
    datum = info.crs if info.crs is not None else map_crs
    if polygonal and datum is not None:
        with sources.GEO_LOCK:  # PROJ off the GUI thread (see sources.GEO_LOCK)
            geodesy = Geodesy(map_crs if map_crs is not None else datum, datum)
        frame[AREA] = geodesy.areas_ha(data.geoms)
        ellipsoid = geodesy.ellipsoid
    if cancel():
        raise CancelledError()
    texts = [frame[c].map(area_text if c == AREA else cell_text) for c in frame.columns]
    if texts:
        search = texts[0].str.cat(texts[1:], sep=_SEP).str.casefold().to_numpy(dtype=object)
    else:
        search = np.full(len(frame), "", dtype=object)
    progress(1.0, "")
    return AttributeData(layer_id, frame, data.geoms, search, ellipsoid)


class AttributeModel(QAbstractTableModel):
    """An :class:`AttributeData` as a table model. ``rows`` maps view rows to frame rows: the
    rows that pass the filter, in the sort order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.table: AttributeData | None = None
        self._order = np.zeros(0, dtype=np.int64)  # frame rows in the sort order
        self._keep = np.zeros(0, dtype=bool)  # frame rows that pass the filter
        self.rows = np.zeros(0, dtype=np.int64)
        self._numeric: list[bool] = []  # per column: right-aligned, sorted as numbers

    def set_table(self, table: AttributeData | None) -> None:
        self.beginResetModel()
        self.table = table
        n = 0 if table is None else len(table.frame)
        self._order = np.arange(n, dtype=np.int64)
        self._keep = np.ones(n, dtype=bool)
        self.rows = self._order
        self._numeric = [] if table is None else [
            table.frame[c].dtype.kind in "biuf" for c in table.frame.columns]
        self.endResetModel()

    @property
    def total(self) -> int:
        return len(self._keep)

    def set_filter(self, text: str) -> None:
        """Keep the rows whose fields contain every word of ``text`` (any case, any field)."""
        if self.table is None:
            return
        terms = text.casefold().split()
        search = self.table.search
        self._keep = np.fromiter((all(t in s for t in terms) for s in search), dtype=bool,
                                 count=len(search)) if terms else np.ones(len(search), dtype=bool)
        self._reset_rows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (numbers as numbers, text as shown, empty cells last); column -1
        restores the file's order."""
        if self.table is None:
            return
        frame = self.table.frame
        if not 0 <= column < len(frame.columns):
            self._order = np.arange(len(frame), dtype=np.int64)
        else:
            col = frame.iloc[:, column]
            if not self._numeric[column]:
                col = col.map(cell_text)
                col = col.where(col != "")  # empty cells are missing values: sorted last
            ascending = order == Qt.SortOrder.AscendingOrder
            ranked = col.reset_index(drop=True).sort_values(ascending=ascending, kind="stable",
                                                            na_position="last")
            self._order = ranked.index.to_numpy(dtype=np.int64)
        self._reset_rows()

    def _reset_rows(self) -> None:
        self.beginResetModel()
        self.rows = self._order[self._keep[self._order]]
        self.endResetModel()

    def view_rows(self, frame_rows: np.ndarray) -> np.ndarray:
        """The view rows (ascending) showing any of ``frame_rows``."""
        return np.flatnonzero(np.isin(self.rows, frame_rows))

    # ---- Qt model API ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.table is None else len(self.table.frame.columns)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or not index.isValid():
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            frame = self.table.frame
            value = frame.iat[int(self.rows[index.row()]), col]
            return area_text(value) if frame.columns[col] == AREA else cell_text(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and self._numeric[col]:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or orientation != Qt.Orientation.Horizontal:
            return None
        name = str(self.table.frame.columns[section])
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Area (ha)") if name == AREA else name
        if role == Qt.ItemDataRole.ToolTipRole and name == AREA:
            return self.tr("Geodesic area on the %1 ellipsoid (the layer's datum), whatever "
                           "the projection").replace("%1", self.table.ellipsoid)
        return None


class AttributeTable(TableTools, QWidget):
    """The dock's contents: filter, feature count, Zoom to selection, Copy / Export CSV and the
    table of the layer last opened. The selected rows are the layer's selected features
    (``canvas.feature_selection``): choosing rows selects them on the map, and features
    selected on the map are selected here and scrolled to. The filter and the sort order only
    change what is shown, never what is selected."""

    loaded = Signal(str)  # layer id: its features are in the table

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.model = window.model
        self.canvas = window.canvas
        self.layer_id: str | None = None
        self._worker: Any = None
        self._error = ""
        self.selection = window.canvas.feature_selection  # shared with the map
        self._restoring = False  # the view's selection is being set from self.selection
        self._from_view = False  # self.selection is being set from the view's selection
        self.table_model = AttributeModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.table_model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        # fixed, compact row heights: the view never measures thousands of rows
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setResizeContentsPrecision(200)
        header.setSortIndicatorClearable(True)  # a third click restores the file's order
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        self.view.selectionModel().selectionChanged.connect(self._on_rows_selected)
        self.view.doubleClicked.connect(lambda _ix: self.zoom_to_selection())
        self.table_model.modelReset.connect(self._restore_selection)

        self.filter = QLineEdit(self)
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.set_filter)
        self.count = QLabel(self)
        self.zoom_btn = QPushButton(icon("zoom_layer"), "", self)
        self.zoom_btn.clicked.connect(self.zoom_to_selection)
        self.deselect_btn = QPushButton(self)
        self.deselect_btn.clicked.connect(self.deselect_all)
        head = QHBoxLayout()
        head.addWidget(self.filter, 1)
        head.addWidget(self.count)
        head.addWidget(self.zoom_btn)
        head.addWidget(self.deselect_btn)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(head)
        lay.addWidget(self._with_buttons(self.view), 1)
        self.model.project_changed.connect(self.clear)
        self.model.layers_changed.connect(self._on_layers)
        self.selection.changed.connect(self._on_selection_changed)
        self.retranslate()

    def detach(self) -> None:
        self.model.project_changed.disconnect(self.clear)
        self.model.layers_changed.disconnect(self._on_layers)
        self.selection.changed.disconnect(self._on_selection_changed)

    def retranslate(self) -> None:
        self.filter.setPlaceholderText(self.tr("Filter: text in any field"))
        self.zoom_btn.setText(self.tr("Zoom to selection"))
        self.deselect_btn.setText(self.tr("Deselect all"))
        self.view.copy_btn.setText(self.tr("Copy"))  # type: ignore[attr-defined]
        self.view.csv_btn.setText(self.tr("Export CSV…"))  # type: ignore[attr-defined]
        self.table_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0,
                                                max(0, self.table_model.columnCount() - 1))
        self._update_count()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def title(self) -> str:
        """The dock's title: the layer's name in the current language."""
        if self.layer_id is None or not self.model.project.has_layer(self.layer_id):
            return self.tr("Attribute Table")
        name = self.model.layer(self.layer_id).display_name(self.model.lang)
        return self.tr("Attribute Table — %1").replace("%1", name)

    # ---- loading -----------------------------------------------------------------------------------
    def show_layer(self, layer_id: str) -> Any:
        """Read ``layer_id``'s features in the background; ``loaded`` is emitted when they are
        in the table. Returns the worker."""
        from app.gui.workers import Worker

        if self._worker is not None:
            self._worker.cancel()
        self.clear()
        self.layer_id = layer_id
        info = self.canvas.infos[layer_id]
        w = Worker(load_attributes, layer_id, info, self.canvas.map_crs, lang=self.model.lang)
        w.signals.finished.connect(lambda result, w=w: self._on_loaded(w, result))
        w.signals.failed.connect(lambda message, w=w: self._on_failed(w, message))
        self._worker = w
        self._update_count()
        self.window_.tasks.start(w)
        return w

    def _on_loaded(self, worker: Any, result: AttributeData) -> None:
        if worker is not self._worker:
            return  # superseded by another layer (or the project closed)
        self._worker = None
        self.table_model.set_table(result)
        self.set_filter(self.filter.text())
        self.view.resizeColumnsToContents()
        self._scroll_to_selection()  # features selected on the map before the table opened
        self.loaded.emit(result.layer_id)

    def _on_failed(self, worker: Any, message: str) -> None:
        if worker is self._worker:
            self._worker, self._error = None, message
            self._update_count()

    def clear(self) -> None:
        """Empty the table (another project; the layer was removed). The layer's selection
        stays on the map."""
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
        self.layer_id, self._error = None, ""
        self.table_model.set_table(None)
        self._update_count()
        self.window_.retitle_attribute_dock()

    def _on_layers(self) -> None:
        if self.layer_id is not None and not self.model.project.has_layer(self.layer_id):
            self.clear()

    # ---- filter, count and selection ---------------------------------------------------------------
    def set_filter(self, text: str) -> None:
        if self.filter.text() != text:
            self.filter.setText(text)  # comes back here through textChanged
            return
        self.table_model.set_filter(text)

    def _update_count(self) -> None:
        m = self.table_model
        n = len(self.selected_rows())
        if self._error:
            text = self._error
        elif self._worker is not None:
            text = self.tr("Loading…")
        elif m.table is None:
            text = self.tr("No layer: select a vector layer and choose Layer → Open Attribute "
                           "Table")
        else:
            text = (self.tr("%1 of %2 features").replace("%1", f"{m.rowCount():,}")
                    .replace("%2", f"{m.total:,}"))
            if n:
                text += self.tr(", %1 selected").replace("%1", f"{n:,}")
        self.count.setText(text)
        self.zoom_btn.setEnabled(bool(n))
        self.deselect_btn.setEnabled(bool(n))

    def selected_rows(self) -> np.ndarray:
        """The frame rows (feature numbers in the layer) selected, ascending: the layer's
        selection, including rows the filter hides."""
        if self.layer_id is None:
            return np.zeros(0, dtype=np.int64)
        return self.selection.rows(self.layer_id)

    def select_rows(self, frame_rows: Any) -> None:
        """Select the features ``frame_rows`` (on the map too)."""
        if self.layer_id is not None:
            self.selection.set(self.layer_id, frame_rows)

    def deselect_all(self) -> None:
        """Deselect every feature of the layer (also those the filter hides)."""
        if self.layer_id is not None:
            self.selection.clear(self.layer_id)

    def _view_rows_selected(self) -> np.ndarray:
        """The frame rows the view shows selected (from its ranges: no index per row)."""
        m = self.table_model
        ranges = self.view.selectionModel().selection()
        parts = [m.rows[r.top():r.bottom() + 1] for r in ranges]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)

    def _on_rows_selected(self, *_args: Any) -> None:
        """The user chose rows: they are the layer's selection (rows the filter hides are
        deselected, as a click on a row replaces the selection)."""
        if self._restoring or self.table_model.table is None:
            return
        self._from_view = True
        try:
            self.selection.set(self.table_model.table.layer_id, self._view_rows_selected())
        finally:
            self._from_view = False

    def _on_selection_changed(self, layer_id: str) -> None:
        """The layer's selection changed: follow it, unless this view made the change (it
        shows it already); a change made elsewhere (the map) is scrolled to."""
        if layer_id != self.layer_id:
            return
        if not self._from_view:
            self._restore_selection()
            self._scroll_to_selection()
        self._update_count()

    def _restore_selection(self) -> None:
        """Select in the view the selected features it shows (after a change of the selection
        or of the rows shown: filter, sort, another layer)."""
        m = self.table_model
        sel = QItemSelection()
        last = m.columnCount() - 1
        positions = m.view_rows(self.selected_rows()) if last >= 0 else np.zeros(0, dtype=np.int64)
        if len(positions):
            # one range per run of consecutive view rows
            breaks = np.flatnonzero(np.diff(positions) != 1) + 1
            for run in np.split(positions, breaks):
                sel.select(m.index(int(run[0]), 0), m.index(int(run[-1]), last))
        self._restoring = True
        try:
            self.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._restoring = False
        self._update_count()

    def _scroll_to_selection(self) -> None:
        """Scroll to the first selected row shown, unless one is in sight already."""
        m = self.table_model
        positions = m.view_rows(self.selected_rows())
        if not len(positions) or not m.columnCount():
            return
        top = self.view.rowAt(0)
        bottom = self.view.rowAt(self.view.viewport().height() - 1)
        bottom = m.rowCount() - 1 if bottom < 0 else bottom
        if top >= 0 and ((positions >= top) & (positions <= bottom)).any():
            return  # one is in sight already: stay
        self.view.scrollTo(m.index(int(positions[0]), 0),
                           QAbstractItemView.ScrollHint.PositionAtCenter)

    def zoom_to_selection(self) -> None:
        self.canvas.zoom_to_selection(self.layer_id)
