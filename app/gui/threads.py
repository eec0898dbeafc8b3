"""The thread pool for background work (renders and analyses).

Why not ``QThreadPool``: its threads are not Python threads, so every task runs under a transient
Python thread state that is discarded afterwards. pyproj keeps a PROJ context per thread and
crashed (segfault in ``proj_create``, reproduced with geopandas reads in pool tasks) when the next
task on the same OS thread reused the discarded context. Python threads keep their state for
their whole life, so the PROJ/GDAL stacks behave. Results still reach the GUI through Qt signals
(queued connections), exactly as with QRunnable.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class Pool:
    def __init__(self, max_workers: int | None = None, name: str = "sinkplanner") -> None:
        self.max_workers = max_workers or max(2, min(4, os.cpu_count() or 2))
        self._name = name
        self._executor: ThreadPoolExecutor | None = None
        self._lock = threading.Condition()
        self._active = 0

    def _ensure(self) -> ThreadPoolExecutor:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.max_workers, thread_name_prefix=self._name)
        return self._executor

    def start(self, fn: Callable[[], Any]) -> None:
        with self._lock:
            self._active += 1

        def run() -> None:
            try:
                fn()
            finally:
                with self._lock:
                    self._active -= 1
                    self._lock.notify_all()

        self._ensure().submit(run)

    def active_count(self) -> int:
        with self._lock:
            return self._active

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until no task runs (or the timeout passes); True when idle."""
        with self._lock:
            return self._lock.wait_for(lambda: self._active == 0, timeout=msecs / 1000.0)


_POOL: Pool | None = None


def pool() -> Pool:
    global _POOL
    if _POOL is None:
        _POOL = Pool()
    return _POOL


def warm_up() -> threading.Thread:
    """Import the heavy geodata stack (pandas, geopandas, pyogrio via gis.readers) in the
    background while the window is being built, so opening the first project does not wait."""

    def run() -> None:
        try:
            import gis.readers  # noqa: F401
        except Exception:  # noqa: BLE001 - the real import later reports any problem
            pass

    t = threading.Thread(target=run, name="sinkplanner-warm-up", daemon=True)
    t.start()
    return t
