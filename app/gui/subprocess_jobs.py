"""Run an analysis in a child process (multiprocessing, **spawn**), waited for by a pool thread.

Why a process: the engines hold the GIL in long stretches (numba loading cached kernels,
rasterio rasterising shapely geometries), which stalled the GUI thread of the same process for
100+ ms; and a crash in GDAL/PROJ inside an analysis must not take the app and the user's unsaved
project down. :func:`run_in_child` is Qt-free and blocking, with the usual ``progress`` and
``cancel`` callbacks, so it runs inside a :class:`app.gui.workers.Worker` like any other job: the
worker's pool thread waits on the child and relays its progress to the worker's signals.

* The child (:mod:`app.gui.analysis_child`, executed by path so that the ``app.gui`` package —
  which pulls in shiboken6/PySide6 — is never imported there) formats its messages in ``lang``
  and sends ``(fraction, text)`` through a Pipe.
* Cancel sets a multiprocessing Event that the child's ``cancel()`` reads: the engine raises
  CancelledError and its ``atomic_dir`` removes the temporary output folder. A child that has not
  stopped ``grace`` seconds later is terminated (then killed), and the ``.<name>.*.tmp`` siblings
  of ``cleanup`` it left are removed (an ``.<name>.*.old`` folder is moved back when the output
  folder itself is missing, i.e. the child died between atomic_dir's two renames).
* A SinkplannerError in the child is raised again here (pickled; the same code and parameters),
  so the worker shows the same user message. Any other exception arrives as
  :class:`AnalysisProcessError` with a short text and the child's crash-log path; a child that
  dies (segfault, killed) as :class:`AnalysisProcessError` "stopped unexpectedly (exit code N)".
"""

from __future__ import annotations

import glob
import logging
import multiprocessing as mp
import multiprocessing.connection as mpc
import os
import pickle
import runpy
import shutil
import sys
import threading
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gis.errors import CancelledError, SinkplannerError

log = logging.getLogger(__name__)

CHILD_SCRIPT = Path(__file__).resolve().with_name("analysis_child.py")
RUN_NAME = "__sinkplanner_analysis_child__"  # analysis_child.RUN_NAME (not imported: see there)
#: seconds a cancelled child gets to stop by itself before it is terminated
CANCEL_GRACE_S = 5.0
#: seconds to wait for a child to exit after it sent its final message
EXIT_WAIT_S = 10.0
POLL_S = 0.05

_ACTIVE: set[Any] = set()
_ACTIVE_LOCK = threading.Lock()
_START_LOCK = threading.Lock()


class AnalysisProcessError(SinkplannerError):
    """The analysis process failed in a way that is no user error.

    Codes: ``process_died`` (params ``exitcode``), ``process_crashed`` (``detail``, ``log``),
    ``process_failed`` (``detail``: a user message that could not be rebuilt as its own class)."""

    default_code = "process_died"

    def message(self, lang: str | None = None) -> str:
        from gis.messages import get_language

        p = self.params
        zh = (lang or get_language()) == "zh"
        if self.code == "process_crashed":
            if zh:
                return (f"分析中出现内部错误：{p.get('detail')}。详细信息已写入 {p.get('log')}；"
                        "报告问题时请附上该文件。")
            return (f"Internal error in the analysis: {p.get('detail')}. The details were "
                    f"written to {p.get('log')}; please attach that file when reporting the "
                    "problem.")
        if self.code == "process_failed":
            return str(p.get("detail"))
        code = p.get("exitcode")
        if zh:
            return (f"分析进程意外终止（退出码 {code}）。项目未受影响；请再次运行分析，"
                    "如果问题重复出现，请报告给开发者。")
        return (f"The analysis process stopped unexpectedly (exit code {code}). Your project is "
                "not affected; run the analysis again, and if this repeats, please report it to "
                "the developers.")


def active() -> list[Any]:
    """The analysis processes running now (multiprocessing Process objects)."""
    with _ACTIVE_LOCK:
        return [p for p in _ACTIVE if p.is_alive()]


def run_in_child(target: str, *args: Any, progress: Callable[[float, str], None] | None = None,
                 cancel: Callable[[], bool] | None = None, lang: str | None = None,
                 cleanup: str | Path | None = None, grace: float = CANCEL_GRACE_S,
                 facts: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """Run ``target`` (``"carbon"`` or ``"package.module:function"``, a Qt-free function called
    as ``fn(*args, progress=, cancel=, **kwargs)``) in a spawned child and return its result.

    Blocks until the child is done; call it from a worker thread. ``cleanup``: the output folder
    the child writes with ``atomic_dir``, whose temporary siblings are removed when the child
    does not end normally. ``facts`` (a dict) receives the child's pid, run time and the Qt
    modules it had loaded (none, expected)."""
    from gis.messages import get_language

    ctx = mp.get_context("spawn")
    reader, writer = ctx.Pipe(duplex=False)
    stop = ctx.Event()
    child = {"conn": writer, "cancel_event": stop, "lang": lang or get_language(),
             "target": target, "args": tuple(args), "kwargs": dict(kwargs)}
    proc = ctx.Process(target=runpy.run_path, args=(str(CHILD_SCRIPT),),
                       kwargs={"init_globals": {"CHILD": child}, "run_name": RUN_NAME},
                       name="sinkplanner-analysis", daemon=True)
    try:
        _start(proc)
    except Exception as exc:  # noqa: BLE001 - e.g. no memory or no executable
        reader.close()
        writer.close()
        raise AnalysisProcessError("process_failed", detail="The analysis process could not be "
                                   f"started: {exc}") from exc
    writer.close()  # the child holds its own copy; EOF here once the child is gone
    with _ACTIVE_LOCK:
        _ACTIVE.add(proc)
    final: tuple[Any, ...] | None = None
    cancelled_at: float | None = None
    stopped = False
    try:
        while final is None:
            if cancelled_at is None and cancel is not None and cancel():
                stop.set()
                cancelled_at = time.monotonic()
            if cancelled_at is not None and time.monotonic() - cancelled_at > grace:
                log.warning("analysis process %s did not stop %.0f s after cancel: terminating",
                            proc.pid, grace)
                _stop(proc)
                stopped = True
            ready = mpc.wait([reader, proc.sentinel], timeout=POLL_S)
            if not ready and not stopped:
                continue
            # read what the child sent before looking at whether it is gone
            eof = False
            while final is None and reader.poll():
                try:
                    msg = reader.recv()
                except (EOFError, OSError):
                    eof = True
                    break
                if msg[0] == "progress":
                    if progress is not None:
                        progress(msg[1], msg[2])
                else:
                    final = msg
            if final is None and (eof or proc.sentinel in ready or stopped):
                break  # the child is gone without a final message
        proc.join(EXIT_WAIT_S if final is not None else 2.0)
        if proc.is_alive():  # stuck at exit (or after the final message): it must not linger
            _stop(proc)
    finally:
        if proc.is_alive():  # an exception in progress() or here: never leave a child behind
            stop.set()
            _stop(proc)
        reader.close()
        with _ACTIVE_LOCK:
            _ACTIVE.discard(proc)
    if final is None or final[0] != "done":
        if cleanup is not None:
            remove_partial_outputs(cleanup)
    if final is None:
        if cancelled_at is not None:
            raise CancelledError()
        raise AnalysisProcessError("process_died", exitcode=proc.exitcode)
    kind = final[0]
    if kind == "done":
        if facts is not None:
            facts.update(final[2], exitcode=proc.exitcode)
        return final[1]
    if kind == "cancelled":
        raise CancelledError()
    if kind == "error":
        error: Any = None
        if final[1] is not None:
            try:
                error = pickle.loads(final[1])
            except Exception:  # noqa: BLE001 - then the text the child formatted
                error = None
        raise error if isinstance(error, SinkplannerError) else AnalysisProcessError(
            "process_failed", detail=final[2])
    if kind == "crash":
        raise AnalysisProcessError("process_crashed", detail=final[1], log=final[2])
    raise AnalysisProcessError("process_failed", detail=f"Internal error: unexpected message "
                               f"{kind!r} from the analysis process.")


def _start(proc: Any) -> None:
    """``proc.start()`` without the child re-running the parent's main script.

    A spawned child normally imports the parent's ``__main__`` (as ``__mp_main__``) so that
    objects defined there can be unpickled. Ours needs nothing from it (its target is
    ``runpy.run_path`` of :data:`CHILD_SCRIPT`), and a main script that imports the GUI at the top
    would load Qt into the analysis process. So ``__main__`` is hidden while the child's start-up
    data is taken (under a lock; nothing else of the app looks at ``__main__``)."""
    with _START_LOCK:
        main = sys.modules.get("__main__")
        stub = types.ModuleType("__main__")
        stub.__spec__ = None
        sys.modules["__main__"] = stub
        try:
            proc.start()
        finally:
            if main is not None:
                sys.modules["__main__"] = main


def _stop(proc: Any) -> None:
    """Terminate (SIGTERM; TerminateProcess on Windows), then kill; bounded."""
    if not proc.is_alive():
        return
    proc.terminate()
    proc.join(2.0)
    if proc.is_alive():
        proc.kill()
        proc.join(2.0)


def remove_partial_outputs(out_dir: str | Path) -> list[Path]:
    """Remove what an ``atomic_dir(out_dir)`` left when its process was stopped: the temporary
    ``.<name>.*.tmp`` folders beside ``out_dir``; an ``.<name>.*.old`` folder (the previous
    results, moved aside just before the new ones were renamed in) is moved back when ``out_dir``
    is missing, else removed. Returns the paths removed or restored."""
    out_dir = Path(out_dir)
    parent = out_dir.parent
    if not parent.is_dir():
        return []
    done: list[Path] = []
    name = glob.escape(out_dir.name)
    for tmp in sorted(parent.glob(f".{name}.*.tmp")):
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            try:
                tmp.unlink()
            except OSError:
                continue
        done.append(tmp)
    for old in sorted(parent.glob(f".{name}.*.old")):
        try:
            if not out_dir.exists():
                os.replace(old, out_dir)
            else:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
        done.append(old)
    if done:
        log.info("removed partial outputs of a stopped analysis: %s", [str(p) for p in done])
    return done
