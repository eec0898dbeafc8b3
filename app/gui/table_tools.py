"""Read-only result tables with Copy and Export CSV buttons, shared by the dashboard, the
conflicts panel and the attribute table.

:class:`TableTools` is a mixin for a QWidget that has a ``window_`` attribute (the main window,
whose ``get_save_path`` asks for the CSV file; tests replace it). Its ``self.tr`` strings are
found through the widget's class hierarchy, so they are translated once, in this context.
Copy and CSV read the table through its Qt model, so they serve a ``QTableWidget`` and a
``QTableView`` over any model alike: the rows as shown (sorted, filtered), as displayed.
"""

from __future__ import annotations

import csv
import io
from typing import Any, cast

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)


class TableTools:
    window_: Any

    def _table(self) -> QTableWidget:
        t = QTableWidget(0, 0, cast(QWidget, self))
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setAlternatingRowColors(True)
        t.verticalHeader().setVisible(False)
        t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        return t

    def _with_buttons(self, table: QTableView) -> QWidget:
        w = QWidget(cast(QWidget, self))
        lay = QVBoxLayout(w)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        copy_btn, csv_btn = QPushButton(w), QPushButton(w)
        copy_btn.clicked.connect(lambda: self.copy_table(table))
        csv_btn.clicked.connect(lambda: self.export_table(table))
        table.copy_btn, table.csv_btn = copy_btn, csv_btn  # type: ignore[attr-defined]
        row.addWidget(copy_btn)
        row.addWidget(csv_btn)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addWidget(table)
        return w

    @staticmethod
    def table_rows(table: QTableView) -> list[list[str]]:
        m = table.model()

        def text(value: Any) -> str:
            return "" if value is None else str(value)

        cols = range(m.columnCount())
        head = [text(m.headerData(j, Qt.Orientation.Horizontal)) for j in cols]
        return [head, *([text(m.data(m.index(i, j))) for j in cols] for i in range(m.rowCount()))]

    def copy_table(self, table: QTableView) -> str:
        text = "\n".join("\t".join(r) for r in self.table_rows(table))
        QGuiApplication.clipboard().setText(text)
        return text

    def export_table(self, table: QTableView, path: str | None = None) -> str | None:
        if path is None:
            if self.window_ is None:
                return None
            path = self.window_.get_save_path(self.tr("Export table"),  # type: ignore[attr-defined]
                                              self.tr("CSV (*.csv)"),  # type: ignore[attr-defined]
                                              "table.csv")
            if not path:
                return None
        buf = io.StringIO()
        csv.writer(buf).writerows(self.table_rows(table))
        from gis.io import write_text_atomic

        write_text_atomic(path, buf.getvalue(), encoding="utf-8-sig")  # Excel reads the BOM
        return path
