"""Small docks and status-bar widgets: identify results and the background-run bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QProgressBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.resources import icon
from app.model import AppModel, RunStatus


class IdentifyPanel(QWidget):
    """Results of the identify tool: one branch per layer, field/value rows."""

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.where = QLabel(self)
        self.where.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setAlternatingRowColors(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.tree.header().setStretchLastSection(True)
        self.tree.setColumnWidth(0, 110)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._menu)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.where)
        lay.addWidget(self.tree)
        self._last: tuple[float, float, list[Any]] | None = None
        self.retranslate()

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([self.tr("Field"), self.tr("Value")])
        if self._last is None:
            self.where.setText(self.tr("Choose the identify tool and click the map."))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def show_results(self, x: float, y: float, results: list[Any], coord_text: str = "") -> None:
        self._last = (x, y, results)
        self.where.setText(coord_text or f"{x:,.2f}, {y:,.2f}")
        self.tree.clear()
        if not results:
            QTreeWidgetItem(self.tree, [self.tr("Nothing here."), ""])
        for r in results:
            top = QTreeWidgetItem(self.tree, [r.title, ""])
            top.setFirstColumnSpanned(True)
            top.setToolTip(0, r.title)
            f = top.font(0)
            f.setBold(True)
            top.setFont(0, f)
            for k, v in r.rows:
                item = QTreeWidgetItem(top, [k, v])
                item.setToolTip(1, v)
        self.tree.expandAll()

    def as_text(self) -> str:
        lines = []
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            lines.append(top.text(0))
            for j in range(top.childCount()):
                c = top.child(j)
                lines.append(f"  {c.text(0)}\t{c.text(1)}")
        return "\n".join(lines)

    def _menu(self, pos: Any) -> None:
        m = QMenu(self)
        m.addAction(self.tr("Copy all"), lambda: QGuiApplication.clipboard().setText(self.as_text()))
        m.popup(self.tree.viewport().mapToGlobal(pos))


class RunBar(QWidget):
    """Status-bar widget: what runs, a progress bar and a Cancel button (hidden when idle)."""

    cancel_requested = Signal()

    def __init__(self, model: AppModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(True)
        self.cancel = QToolButton(self)
        self.cancel.setIcon(icon("cancel"))
        self.cancel.setAutoRaise(True)
        self.cancel.clicked.connect(self.cancel_requested.emit)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.label)
        lay.addWidget(self.bar)
        lay.addWidget(self.cancel)
        model.run_changed.connect(self._on_run)
        self.retranslate()
        self._on_run(model.run)

    def detach(self) -> None:
        self.model.run_changed.disconnect(self._on_run)

    def retranslate(self) -> None:
        self.cancel.setToolTip(self.tr("Cancel the run"))
        self.cancel.setText(self.tr("Cancel"))
        self._on_run(self.model.run)

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def _on_run(self, run: RunStatus) -> None:
        running = run.state == "running"
        self.bar.setVisible(running)
        self.cancel.setVisible(running)
        self.cancel.setEnabled(running and run.message != "cancelling")
        self.bar.setValue(int(run.progress * 1000))
        self.bar.setFormat(f"{run.progress * 100:.0f}%")
        text = {
            "running": f"{run.title}: {self._msg(run)}",
            "done": self.tr("%1 finished").replace("%1", run.title),
            "failed": self.tr("%1 failed").replace("%1", run.title),
            "cancelled": self.tr("%1 cancelled").replace("%1", run.title),
        }.get(run.state, "")
        self.label.setText(text)
        self.setVisible(bool(text))

    def _msg(self, run: RunStatus) -> str:
        if run.message == "cancelling":
            return self.tr("cancelling…")
        return run.message
