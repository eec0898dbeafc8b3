"""Background work: a generic QRunnable worker with Qt signals, and a small manager.

Long work is Qt-free code that takes ``progress(fraction, message)`` and ``cancel() -> bool``
callbacks (STYLE.md). :class:`Worker` runs such a function in the background pool and reports
through :class:`WorkerSignals` (queued to the GUI thread):

    progress(float, str)    fraction 0..1 and a short message
    finished(object)        the function's return value
    failed(str)             a user-facing message (SinkplannerError.message(lang); never a traceback)
    cancelled()             the function raised CancelledError after cancel was requested

Exactly one of finished/failed/cancelled is emitted, then ``done(worker)``.
A job may run its work in a child process (:mod:`app.gui.subprocess_jobs`; the carbon run does):
the pool thread then only waits for the child and relays its progress through these signals.
:class:`TaskManager` tracks running workers so the window can cancel and wait for them on quit.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.gui import threads

log = logging.getLogger(__name__)


class WorkerSignals(QObject):
    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    done = Signal(object)  # the worker


class Worker:
    """Run ``fn(*args, progress=..., cancel=..., **kwargs)`` in a pool thread.

    Runs in :mod:`app.gui.threads` (Python threads; see there why not QThreadPool). The signals
    object is parented to the :class:`TaskManager` (GUI thread) and deleted there, after ``done``.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any, lang: str = "en",
                 pass_callbacks: bool = True, **kwargs: Any) -> None:
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.lang = lang
        self.pass_callbacks = pass_callbacks
        self.signals = WorkerSignals()
        self._cancel = threading.Event()
        self._last_progress = 0.0

    # ---- control (GUI thread) -----------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # ---- callbacks (worker thread) --------------------------------------------------------------
    def _progress(self, fraction: float, message: str = "") -> None:
        # throttle to ~20 updates per second so the GUI queue never floods
        now = time.monotonic()
        if fraction >= 1.0 or now - self._last_progress >= 0.05:
            self._last_progress = now
            self.signals.progress.emit(float(max(0.0, min(1.0, fraction))), str(message))

    def run(self) -> None:
        from gis.errors import CancelledError, SinkplannerError

        try:
            if self.pass_callbacks:
                result = self.fn(*self.args, progress=self._progress,
                                 cancel=self._cancel.is_set, **self.kwargs)
            else:
                result = self.fn(*self.args, **self.kwargs)
        except CancelledError:
            self.signals.cancelled.emit()
        except SinkplannerError as exc:
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(exc.message(self.lang))
        except Exception as exc:  # noqa: BLE001 - shown as a message, logged in full
            log.error("background task failed:\n%s", traceback.format_exc())
            if self._cancel.is_set():
                self.signals.cancelled.emit()
            else:
                self.signals.failed.emit(_internal_message(exc, self.lang))
        else:
            # the work completed (a cancel that came too late changes nothing): report it
            self.signals.finished.emit(result)
        finally:
            self.signals.done.emit(self)


def _internal_message(exc: BaseException, lang: str) -> str:
    if lang == "zh":
        return f"内部错误：{exc}。请将此信息报告给开发者。"
    return f"Internal error: {exc}. Please report this to the developers."


class TaskManager(QObject):
    """Starts workers in the global pool and keeps them alive until they are done."""

    count_changed = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: list[Worker] = []
        self.pool = threads.pool()

    def start(self, worker: Worker) -> Worker:
        self._workers.append(worker)
        worker.signals.setParent(self)  # C++ lifetime owned here, in the GUI thread
        worker.signals.done.connect(self._forget)  # queued: runs in the GUI thread
        self.pool.start(worker.run)
        self.count_changed.emit(len(self._workers))
        return worker

    def _forget(self, worker: Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
            worker.signals.deleteLater()
            self.count_changed.emit(len(self._workers))

    @property
    def active(self) -> list[Worker]:
        return list(self._workers)

    def cancel_all(self) -> None:
        for w in self._workers:
            w.cancel()

    def wait(self, msecs: int = 30000) -> bool:
        """Cancel everything and wait for the pool; True when all threads finished."""
        self.cancel_all()
        return self.pool.wait(msecs)
