"""The analysis child process: what runs on the other side of :mod:`app.gui.subprocess_jobs`.

This file is *executed* in a process started with multiprocessing's **spawn** context
(``runpy.run_path`` of this file, run name :data:`RUN_NAME`), never imported through the
``app.gui`` package: importing ``app.gui`` imports shiboken6, which imports PySide6, and the
child must stay Qt-free (no Qt libraries, nothing of the GUI in the process that runs GDAL/PROJ
and the numba kernels). Everything it needs comes in ``CHILD`` (set by the parent through
``init_globals``):

    conn          the write end of a one-way Pipe to the parent
    cancel_event  a multiprocessing Event; the parent sets it when the user presses Cancel
    lang          the UI language: progress and error messages are formatted in it
    target        "carbon" (load the saved project, ``app.pipeline.run_project``) or
                  "package.module:function" (a Qt-free function; tests use this)
    args, kwargs  for the target, which is called as ``fn(*args, progress=, cancel=, **kwargs)``

Messages to the parent, in order: any number of ``("progress", fraction, text)``, then exactly one
of ``("done", result, facts)``, ``("cancelled",)``, ``("error", pickled SinkplannerError or None,
text)`` or ``("crash", "Type: text", crash-log path)``. A child that dies sends nothing more; the
parent notices the process sentinel.
"""

from __future__ import annotations

import importlib
import os
import pickle
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

RUN_NAME = "__sinkplanner_analysis_child__"
#: top-level package names that mean "Qt was imported" (reported to the parent in the facts)
QT_PACKAGES = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "PySide2")
#: the analysis runs at a lower CPU priority (POSIX nice increment), so that on a busy machine
#: the GUI process — and the user's other programs — get the CPU first; 0 turns this off
NICE = int(os.environ.get("SINKPLANNER_ANALYSIS_NICE", "5") or 0)


def carbon(project_path: str, out_dir: str, *, progress: Any, cancel: Any) -> None:
    """The GUI's carbon run: the project as saved on disk, ``run_project`` into ``out_dir``
    (replaced atomically by the engine). The parent reads the results from the folder."""
    from app.pipeline import run_project
    from app.project import Project

    project = Project.load(Path(project_path))
    run_project(project, Path(out_dir), progress=progress, cancel=cancel)


def _resolve(target: str) -> Any:
    if target == "carbon":
        return carbon
    module, _, name = target.partition(":")
    obj: Any = importlib.import_module(module)
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


def qt_modules() -> list[str]:
    return sorted(m for m in sys.modules if m.split(".")[0] in QT_PACKAGES)


def main(conn: Any, cancel_event: Any, lang: str, target: str, args: tuple[Any, ...],
         kwargs: dict[str, Any]) -> None:
    # Ctrl+C in a terminal reaches the whole process group: the parent decides (it cancels)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if NICE and hasattr(os, "nice"):
        try:
            os.nice(NICE)
        except OSError:
            pass
    t0 = time.monotonic()
    from gis.errors import CancelledError, SinkplannerError
    from gis.messages import set_language

    set_language(lang)
    lock = threading.Lock()  # the engines report progress from their worker threads too
    state = {"last": 0.0, "orphan": False}

    def send(msg: tuple[Any, ...]) -> bool:
        try:
            with lock:
                conn.send(msg)
            return True
        except (OSError, ValueError):  # the parent went away: stop working
            state["orphan"] = True
            return False
        except Exception:  # noqa: BLE001 - could not be pickled; nothing was written
            return False

    def cancel() -> bool:
        return bool(state["orphan"]) or cancel_event.is_set()

    def progress(fraction: float, message: Any = "") -> None:
        now = time.monotonic()
        if fraction < 1.0 and now - state["last"] < 0.05:  # ~20 a second is plenty
            return
        state["last"] = now
        send(("progress", float(fraction), str(message)))

    msg: tuple[Any, ...]
    try:
        fn = _resolve(target)
        if cancel():
            raise CancelledError()
        result = fn(*args, progress=progress, cancel=cancel, **kwargs)
        facts = {"pid": os.getpid(), "seconds": time.monotonic() - t0,
                 "qt_modules": qt_modules()}
        msg = ("done", result, facts)
    except CancelledError:
        msg = ("cancelled",)
    except SinkplannerError as exc:
        blob: bytes | None
        try:
            blob = pickle.dumps(exc)
            pickle.loads(blob)  # must rebuild in the parent, or send the text only
        except Exception:  # noqa: BLE001
            blob = None
        msg = ("error", blob, exc.message(lang))
    except BaseException as exc:  # noqa: BLE001 - reported as a crash log, never a traceback
        msg = ("crash", _short(exc), str(_crash_log(exc)))
    if not send(msg) and not state["orphan"]:
        send(("crash", f"the {msg[0]} message could not be sent to the app", ""))
    try:
        conn.close()
    except OSError:
        pass


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    text = text if len(text) <= 200 else text[:197] + "..."
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _crash_log(exc: BaseException) -> Path | str:
    try:
        from app.cli import _crash_log as write

        return write(exc)
    except Exception:  # noqa: BLE001 - no log folder: say so instead
        return "(no crash log could be written)"


if __name__ == RUN_NAME:  # executed by the parent through runpy.run_path, with CHILD set
    main(**globals()["CHILD"])
