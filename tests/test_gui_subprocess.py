"""GUI tests of the carbon analysis in a child process (app.gui.subprocess_jobs).

The module-level functions below are *targets* that the analysis child imports by name
(``"test_gui_subprocess:stubborn"``), so this module must stay importable without Qt: Qt and the
GUI fixtures of test_gui_app.py are imported inside the fixtures and tests only.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county" / "demo_county.toml"
HERE = Path(__file__).stem  # the module name the child imports the targets by


# ---- targets run in the child (Qt-free) ---------------------------------------------------------
def stubborn(out_dir: str, *, progress: Any, cancel: Any) -> None:
    """Writes into a temporary output folder and never looks at cancel (a stuck engine)."""
    from gis.io import atomic_dir

    with atomic_dir(Path(out_dir)) as tmp:
        (tmp / "partial.tif").write_bytes(b"\0" * 1024)
        while True:
            progress(0.5, "stuck")
            time.sleep(0.05)


def holding(out_dir: str, *, progress: Any, cancel: Any) -> None:
    """Writes into a temporary output folder and waits for cancel."""
    from gis.errors import CancelledError
    from gis.io import atomic_dir

    with atomic_dir(Path(out_dir)) as tmp:
        (tmp / "partial.tif").write_bytes(b"\0" * 1024)
        while not cancel():
            progress(0.5, "holding")
            time.sleep(0.05)
        raise CancelledError()


def boom(*, progress: Any, cancel: Any) -> None:
    progress(0.1, "about to fail")
    raise ValueError("kaboom in the engine")


# ---- fixtures ------------------------------------------------------------------------------------
def _tmp_siblings(out: Path) -> list[Path]:
    return sorted(out.parent.glob(f".{out.name}.*")) if out.parent.exists() else []


@pytest.fixture
def tiny(tmp_path):
    from test_gui_app import make_project

    return make_project(tmp_path / "tiny")


@pytest.fixture
def demo(tmp_path):
    folder = tmp_path / "demo"
    shutil.copytree(DEMO.parent, folder,
                    ignore=shutil.ignore_patterns(".sinkplanner-cache", "results"))
    return folder / DEMO.name


def _progress_log(window: Any) -> list[tuple[str, float, str]]:
    seen: list[tuple[str, float, str]] = []
    window.model.run_changed.connect(lambda run: seen.append((run.state, run.progress,
                                                              run.message)))
    return seen


# ---- tests -----------------------------------------------------------------------------------------
def test_carbon_runs_in_a_qt_free_child_and_adds_layers(window, tiny, qtbot):
    """The real engine in the child: results arrive as layers, messages in the UI language."""
    window.open_project(tiny)
    window.set_language("zh")
    seen = _progress_log(window)
    with qtbot.waitSignal(window.job_finished, timeout=60_000) as blocker:
        assert window.run_carbon() is not None
    assert not window.errors, window.errors
    result = blocker.args[0]
    assert result.child["pid"] != os.getpid() and result.child["exitcode"] == 0
    assert result.child["qt_modules"] == []  # 'PySide6' not in sys.modules of the child
    results = [e for e in window.model.layers if e.role == "result" and e.id != "density"]
    assert {e.path.name for e in results} == {p.name for p in result.outputs.values()}
    top = window.model.layers[-1]
    assert top.visible and top.path.name == "stock_bas.tif"
    assert window.model.carbon_summary == result.summary
    assert result.styles and all(str(p) in result.styles for p in result.outputs.values())
    messages = [m for state, _, m in seen if state == "running" and m]
    assert any("\u4e00" <= ch <= "\u9fff" for m in messages for ch in m), messages  # Chinese
    assert not _tmp_siblings(tiny.parent / "results" / "carbon")


def test_in_process_path_is_kept(tiny, tmp_path):
    from app.gui import jobs
    from app.project import Project

    out = tmp_path / "in-process"
    r = jobs.run_carbon(Project.load(tiny), out, in_process=True)
    assert (out / "stock_bas.tif").exists() and r.styles is not None
    assert not hasattr(r, "child")


def test_cancel_carbon_midway_leaves_no_outputs(window, demo, qtbot):
    window.open_project(demo)
    out = demo.parent / "results" / "carbon"
    n = len(window.model.layers)
    assert window.run_carbon() is not None
    qtbot.waitUntil(lambda: window.model.run.progress >= 0.05, timeout=30_000)  # the child runs
    assert window.model.run.state == "running"
    with qtbot.waitSignal(window.job_ended, timeout=30_000) as blocker:
        window.cancel_run()
    assert blocker.args == ["cancelled"], window.errors
    assert not out.exists() and not _tmp_siblings(out)
    assert len(window.model.layers) == n and not window.errors


def test_child_that_ignores_cancel_is_terminated_and_cleaned(window, tmp_path, qtbot):
    from app.gui import subprocess_jobs

    out = tmp_path / "results" / "carbon"
    window.run_job("Stuck", subprocess_jobs.run_in_child, f"{HERE}:stubborn", str(out),
                   cleanup=out, grace=1.0)
    qtbot.waitUntil(lambda: window.model.run.progress >= 0.5, timeout=30_000)
    assert _tmp_siblings(out)  # the child's temporary output folder exists now
    t0 = time.monotonic()
    with qtbot.waitSignal(window.job_ended, timeout=15_000) as blocker:
        window.cancel_run()
    assert blocker.args == ["cancelled"]
    assert time.monotonic() - t0 < 8
    assert not out.exists() and not _tmp_siblings(out)


def test_error_in_child_shows_the_file_naming_message(window, tiny, qtbot):
    window.open_project(tiny)
    (tiny.parent / "tables" / "carbon_pools.csv").unlink()
    with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
        assert window.run_carbon() is not None
    assert blocker.args == ["failed"]
    assert window.model.run.state == "failed"
    (title, text), = window.errors
    assert "carbon_pools.csv" in text and "Traceback" not in text
    from gis.errors import MissingFileError

    assert text == MissingFileError(path=tiny.parent / "tables" / "carbon_pools.csv").message("en")


def test_unexpected_exception_in_child_gives_crash_log(window, qtbot):
    from app.gui import subprocess_jobs

    with qtbot.waitSignal(window.job_ended, timeout=30_000) as blocker:
        window.run_job("Boom", subprocess_jobs.run_in_child, f"{HERE}:boom")
    assert blocker.args == ["failed"]
    (_, text), = window.errors
    assert "ValueError: kaboom in the engine" in text and "Traceback" not in text
    log = Path(text.split("written to ")[1].split("; please")[0])
    assert log.exists() and "kaboom in the engine" in log.read_text(encoding="utf-8")
    log.unlink()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_child_killed_midway_reports_and_app_stays_usable(window, demo, qtbot):
    from app.gui import subprocess_jobs

    window.open_project(demo)
    out = demo.parent / "results" / "carbon"
    n = len(window.model.layers)
    assert window.run_carbon() is not None
    qtbot.waitUntil(lambda: window.model.run.progress >= 0.05, timeout=30_000)
    (proc,) = subprocess_jobs.active()
    with qtbot.waitSignal(window.job_ended, timeout=15_000) as blocker:
        os.kill(proc.pid, signal.SIGKILL)
    assert blocker.args == ["failed"]
    (_, text), = window.errors
    assert "stopped unexpectedly (exit code -9)" in text
    assert not out.exists() and not _tmp_siblings(out) and len(window.model.layers) == n
    # the app goes on: the same analysis runs again to the end
    window.errors.clear()
    with qtbot.waitSignal(window.job_ended, timeout=90_000) as blocker:
        assert window.run_carbon() is not None
    assert blocker.args == ["done"], window.errors
    assert (out / "stock_bas.tif").exists() and len(window.model.layers) > n


def test_quit_while_running_cancels_and_waits(qtbot, settings, tmp_path, no_leaks):
    from app.gui import subprocess_jobs
    from app.gui.mainwindow import MainWindow

    w = MainWindow(settings=settings, lang="en")
    w.show_error = lambda *a: None
    w.ask_yes_no = lambda title, text: True
    w.ask_save_changes = lambda: "discard"
    out = tmp_path / "results" / "carbon"
    w.run_job("Holding", subprocess_jobs.run_in_child, f"{HERE}:holding", str(out), cleanup=out)
    qtbot.waitUntil(lambda: w.model.run.progress >= 0.5, timeout=30_000)
    (proc,) = subprocess_jobs.active()
    t0 = time.monotonic()
    assert w.close()
    assert time.monotonic() - t0 < 10
    assert not proc.is_alive() and subprocess_jobs.active() == []
    assert not out.exists() and not _tmp_siblings(out)
    w.deleteLater()


def test_remove_partial_outputs_restores_moved_aside_results(tmp_path):
    from app.gui.subprocess_jobs import remove_partial_outputs

    out = tmp_path / "carbon"
    (tmp_path / ".carbon.ab12cd.tmp").mkdir()
    (tmp_path / ".carbon.ab12cd.tmp" / "x.tif").write_text("x")
    old = tmp_path / ".carbon.0011aabb.old"
    old.mkdir()
    (old / "stock_bas.tif").write_text("previous")
    (tmp_path / ".other.ab12cd.tmp").mkdir()  # another output's: not ours
    remove_partial_outputs(out)
    assert (out / "stock_bas.tif").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.ab12cd.tmp", "carbon"]
