"""The report dialog: choose language, scenario, paper and format, preview the pages, export.

    from app.report.dialog import ReportDialog
    ReportDialog(project, parent).exec()

Self-contained: it gathers the report data (reading ``results`` if given, else computing what is
missing with the engines) and renders the preview in a worker thread with a progress bar
and Cancel, so the window stays responsive; it waits for its worker when closed. Rendering uses
the same code as ``sinkplanner report``, so the preview is exactly what gets exported.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.project import Project

PREVIEW_DPI = 60

_UI: dict[str, dict[str, str]] = {
    "title": {"en": "Map report", "zh": "地图报告"},
    "lang": {"en": "Language", "zh": "语言"},
    "scenario": {"en": "Scenario", "zh": "情景"},
    "paper": {"en": "Paper", "zh": "纸张"},
    "orientation": {"en": "Orientation", "zh": "方向"},
    "portrait": {"en": "Portrait", "zh": "纵向"},
    "landscape": {"en": "Landscape", "zh": "横向"},
    "format": {"en": "Format", "zh": "格式"},
    "dpi": {"en": "PNG resolution (dpi)", "zh": "PNG 分辨率（dpi）"},
    "results": {"en": "Results folder", "zh": "结果文件夹"},
    "results_hint": {"en": "empty: compute what is missing", "zh": "留空：自动计算缺少的结果"},
    "browse": {"en": "Browse…", "zh": "浏览…"},
    "preview": {"en": "Preview", "zh": "预览"},
    "export": {"en": "Export…", "zh": "导出…"},
    "cancel": {"en": "Cancel", "zh": "取消"},
    "close": {"en": "Close", "zh": "关闭"},
    "working": {"en": "Working…", "zh": "正在处理…"},
    "saved": {"en": "Saved {n} file(s): {path}", "zh": "已保存 {n} 个文件：{path}"},
    "failed": {"en": "The report could not be made", "zh": "无法生成报告"},
    "pages": {"en": "{n} page(s)", "zh": "共 {n} 页"},
}


def _ui(key: str, lang: str, **kw: Any) -> str:
    text = _UI[key].get(lang) or _UI[key]["en"]
    return text.format(**kw) if kw else text


class _Signals(QObject):
    """Owned by the dialog (GUI thread) for its whole life, so no QObject is ever created or
    destroyed on a worker thread; the int is the job number (stale jobs are ignored)."""

    progress = Signal(int, float, str)
    done = Signal(int, object)
    failed = Signal(int, object)


class _Job:
    """Run ``fn(progress, cancel)`` off the GUI thread; results and errors come back as
    signals (queued to the GUI thread).

    A fresh Python thread per job, not a QThreadPool runnable: pyproj keeps its PROJ context in
    Python thread-local storage, which is torn down between runs on a reused Qt pool thread —
    the next CRS lookup on that thread crashed (segfault, pyproj 3.7 / PySide6 6.12).
    """

    def __init__(self, fn: Callable[[Callable[[float, str], None], Callable[[], bool]], Any],
                 signals: _Signals, number: int) -> None:
        self.fn = fn
        self.signals = signals
        self.number = number
        self.cancelled = threading.Event()
        self.thread = threading.Thread(target=self.run, name="sinkplanner-report", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        self.thread.join(timeout)
        return not self.thread.is_alive()

    def run(self) -> None:
        n = self.number
        try:
            result = self.fn(lambda f, m: self.signals.progress.emit(n, float(f), str(m)),
                             self.cancelled.is_set)
        except BaseException as exc:  # noqa: BLE001 - delivered to the GUI as a message
            self.signals.failed.emit(n, exc)
            return
        self.signals.done.emit(n, result)


def _render_images(data: Any, lang: str, paper: str, orientation: str,
                   progress: Callable[[float, str], None]) -> list[QImage]:
    """The report's pages as QImages at the preview resolution (safe off the GUI thread)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from app.report.fonts import font_for
    from app.report.layout import PageSpec
    from app.report.render import render_pages

    font = font_for(lang)
    images = []
    with matplotlib.rc_context(font.rc()):
        pages = render_pages(data, lang, PageSpec(paper, orientation), font,
                             png_dpi=PREVIEW_DPI, progress=progress)
        for fig in pages:
            FigureCanvasAgg(fig)
            buf = io.BytesIO()
            fig.savefig(buf, format="png", dpi=PREVIEW_DPI, facecolor="white")
            img = QImage()
            img.loadFromData(buf.getvalue(), "PNG")
            images.append(img)
            fig.clear()
    return images


class ReportDialog(QDialog):
    """Report options, a page preview and export to PDF/PNG for ``project``.

    ``results``: a folder of existing run/plan outputs; ``data``: a ready
    :class:`~app.report.model.ReportData` (skips gathering, e.g. from the dashboard).
    Signals: ``previewReady(int)`` (number of pages), ``exported(list)`` (paths written).
    """

    previewReady = Signal(int)
    exported = Signal(list)
    failed = Signal(str)

    def __init__(self, project: Project, parent: QWidget | None = None, *,
                 results: str | Path | None = None, data: Any = None,
                 lang: str | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self._data = data
        self._data_key: tuple[Any, ...] | None = ("given",) if data is not None else None
        self._job: _Job | None = None
        self._jobs: list[_Job] = []
        self._on_done_cb: Callable[[Any], None] = lambda _r: None
        self._signals = _Signals(self)
        self._signals.progress.connect(self._on_progress)
        self._signals.done.connect(self._on_done)
        self._signals.failed.connect(self._on_failed)
        self._job_number = 0
        self.images: list[QImage] = []
        self.lang = lang or project.language or "zh"
        if self.lang not in ("zh", "en"):
            self.lang = "zh"
        self._build(results)
        self.retranslate()

    # -- widgets -------------------------------------------------------------------------------
    def _build(self, results: str | Path | None) -> None:
        self.lang_box = QComboBox()
        self.lang_box.addItem("中文", "zh")
        self.lang_box.addItem("English", "en")
        self.lang_box.setCurrentIndex(0 if self.lang == "zh" else 1)
        self.scenario_box = QComboBox()
        for s in self.project.scenarios:
            title = s.get("title") or {}
            name = str(s.get("name"))
            label = (title.get(self.lang) if isinstance(title, dict) else title) or name
            self.scenario_box.addItem(f"{label} ({name})", name)
        self.paper_box = QComboBox()
        for p in ("A4", "A3"):
            self.paper_box.addItem(p, p)
        self.orient_box = QComboBox()
        self.orient_box.addItem("", "portrait")
        self.orient_box.addItem("", "landscape")
        self.format_box = QComboBox()
        self.format_box.addItem("PDF", "pdf")
        self.format_box.addItem("PNG", "png")
        self.dpi_box = QSpinBox()
        self.dpi_box.setRange(36, 1200)
        self.dpi_box.setValue(150)
        self.results_edit = QLineEdit(str(results) if results else "")
        self.results_btn = QPushButton()
        self.results_btn.clicked.connect(self._browse_results)
        res_row = QHBoxLayout()
        res_row.addWidget(self.results_edit, 1)
        res_row.addWidget(self.results_btn)

        self.form = QFormLayout()
        self.labels = {k: QLabel() for k in ("lang", "scenario", "paper", "orientation",
                                               "format", "dpi", "results")}
        self.form.addRow(self.labels["lang"], self.lang_box)
        self.form.addRow(self.labels["scenario"], self.scenario_box)
        self.form.addRow(self.labels["paper"], self.paper_box)
        self.form.addRow(self.labels["orientation"], self.orient_box)
        self.form.addRow(self.labels["format"], self.format_box)
        self.form.addRow(self.labels["dpi"], self.dpi_box)
        self.form.addRow(self.labels["results"], res_row)

        self.preview_btn = QPushButton()
        self.export_btn = QPushButton()
        self.cancel_btn = QPushButton()
        self.close_btn = QPushButton()
        self.preview_btn.clicked.connect(self.refresh_preview)
        self.export_btn.clicked.connect(self._export_clicked)
        self.cancel_btn.clicked.connect(self.cancel)
        self.close_btn.clicked.connect(self.close)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.status = QLabel()
        self.status.setWordWrap(True)

        side = QVBoxLayout()
        side.addLayout(self.form)
        side.addWidget(self.preview_btn)
        side.addWidget(self.export_btn)
        side.addStretch(1)
        side.addWidget(self.progress)
        side.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_btn)
        buttons.addWidget(self.close_btn)
        side.addLayout(buttons)

        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.pages_widget)
        self.scroll.setMinimumWidth(520)

        root = QHBoxLayout(self)
        side_w = QWidget()
        side_w.setLayout(side)
        side_w.setFixedWidth(330)
        root.addWidget(side_w)
        root.addWidget(self.scroll, 1)
        self.resize(980, 760)

        self.lang_box.currentIndexChanged.connect(self._lang_changed)
        self.format_box.currentIndexChanged.connect(self._format_changed)
        self._format_changed()
        self._set_busy(False)

    def retranslate(self) -> None:
        lang = self.lang
        self.setWindowTitle(_ui("title", lang))
        for key, label in self.labels.items():
            label.setText(_ui(key, lang))
        self.orient_box.setItemText(0, _ui("portrait", lang))
        self.orient_box.setItemText(1, _ui("landscape", lang))
        self.results_edit.setPlaceholderText(_ui("results_hint", lang))
        self.results_btn.setText(_ui("browse", lang))
        self.preview_btn.setText(_ui("preview", lang))
        self.export_btn.setText(_ui("export", lang))
        self.cancel_btn.setText(_ui("cancel", lang))
        self.close_btn.setText(_ui("close", lang))

    def _lang_changed(self) -> None:
        self.lang = str(self.lang_box.currentData())
        self.retranslate()

    def _format_changed(self) -> None:
        self.dpi_box.setEnabled(self.format_box.currentData() == "png")

    def _browse_results(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _ui("results", self.lang),
                                                  self.results_edit.text() or str(self.project.folder))
        if folder:
            self.results_edit.setText(folder)

    # -- options ---------------------------------------------------------------------------------
    def options(self) -> dict[str, Any]:
        return {"lang": str(self.lang_box.currentData()),
                "scenario": self.scenario_box.currentData(),
                "paper": str(self.paper_box.currentData()),
                "orientation": str(self.orient_box.currentData()),
                "fmt": str(self.format_box.currentData()),
                "dpi": int(self.dpi_box.value()),
                "results": self.results_edit.text().strip() or None}

    def _ensure_data(self, opts: dict[str, Any], progress: Callable[[float, str], None],
                     cancel: Callable[[], bool]) -> Any:
        key = (opts["scenario"], opts["results"])
        if self._data is not None and (self._data_key == ("given",) or self._data_key == key):
            return self._data
        from app.report.data import assemble

        data = assemble(self.project, results=opts["results"], scenario=opts["scenario"],
                        progress=progress, cancel=cancel)
        self._data, self._data_key = data, key
        return data

    # -- work ------------------------------------------------------------------------------------
    def _start(self, fn: Callable[..., Any], on_done: Callable[[Any], None]) -> None:
        if self._job is not None:
            return
        self._job_number += 1
        job = _Job(fn, self._signals, self._job_number)
        self._on_done_cb = on_done
        self._job = job
        self._jobs = [j for j in self._jobs if j.thread.is_alive()] + [job]
        self._set_busy(True)
        job.start()

    def _set_busy(self, busy: bool) -> None:
        self.preview_btn.setEnabled(not busy)
        self.export_btn.setEnabled(not busy)
        self.cancel_btn.setEnabled(busy)
        if busy:
            self.progress.setValue(0)
            self.status.setText(_ui("working", self.lang))

    def _current(self, number: int) -> bool:
        return self._job is not None and self._job.number == number

    @Slot(int, float, str)
    def _on_progress(self, number: int, f: float, _msg: str) -> None:
        if self._current(number):
            self.progress.setValue(int(max(0.0, min(1.0, f)) * 100))

    @Slot(int, object)
    def _on_done(self, number: int, result: Any) -> None:
        if not self._current(number):
            return
        self._job = None
        self._set_busy(False)
        self.progress.setValue(100)
        self._on_done_cb(result)

    @Slot(int, object)
    def _on_failed(self, number: int, exc: BaseException) -> None:
        if not self._current(number):
            return
        self._job = None
        self._set_busy(False)
        self.progress.setValue(0)
        from gis.errors import CancelledError, SinkplannerError

        if isinstance(exc, SinkplannerError):
            text = exc.message(self.lang)
        else:
            text = f"{type(exc).__name__}: {exc}"
        self.status.setText(text)
        self.failed.emit(text)
        if not isinstance(exc, CancelledError) and self.isVisible():
            QMessageBox.warning(self, _ui("failed", self.lang), text)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancelled.set()

    def refresh_preview(self) -> None:
        """Gather (if needed) and render the pages at the preview resolution, off the GUI thread."""
        opts = self.options()

        def work(progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> Any:
            def p(f: float, m: str) -> None:
                if cancel():
                    from gis.errors import CancelledError

                    raise CancelledError()
                progress(f, m)

            data = self._ensure_data(opts, lambda f, m: p(0.7 * f, m), cancel)
            return _render_images(data, opts["lang"], opts["paper"], opts["orientation"],
                                  lambda f, m: p(0.7 + 0.3 * f, m))

        self._start(work, self._show_pages)

    def _show_pages(self, images: list[QImage]) -> None:
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            w = item.widget()
            if w is not None:
                w.deleteLater()
        self.images = images
        for img in images:
            lab = QLabel()
            lab.setPixmap(QPixmap.fromImage(img))
            lab.setStyleSheet("border: 1px solid #999; background: white;")
            self.pages_layout.addWidget(lab)
        self.status.setText(_ui("pages", self.lang, n=len(images)))
        self.previewReady.emit(len(images))

    def _export_clicked(self) -> None:
        opts = self.options()
        suffix = opts["fmt"]
        start = str(self.project.folder / f"{Path(str(self.project.path or 'report')).stem}"
                                          f"_report_{opts['lang']}.{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, _ui("export", self.lang), start,
                                              f"{suffix.upper()} (*.{suffix})")
        if path:
            self.export(path)

    def export(self, path: str | Path) -> None:
        """Write the report to ``path`` with the current options (in the worker)."""
        opts = self.options()

        def work(progress: Callable[[float, str], None], cancel: Callable[[], bool]) -> Any:
            from app.report import render_report

            data = self._ensure_data(opts, lambda f, m: progress(0.6 * f, m), cancel)
            return render_report(data, path, lang=opts["lang"], fmt=opts["fmt"],
                                 paper=opts["paper"], orientation=opts["orientation"],
                                 dpi=opts["dpi"], progress=lambda f, m: progress(0.6 + 0.4 * f, m))

        def done(files: list[Path]) -> None:
            self.status.setText(_ui("saved", self.lang, n=len(files), path=files[0]))
            self.exported.emit([str(f) for f in files])

        self._start(work, done)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the workers have finished (tests, shutdown)."""
        timeout = None if msecs < 0 else msecs / 1000.0
        return all(j.wait(timeout) for j in self._jobs)

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.cancel()
        self.wait()
        super().closeEvent(event)

    def done(self, r: int) -> None:  # noqa: D401 - Qt API (Esc / accept / reject)
        self.cancel()
        self.wait()
        super().done(r)
