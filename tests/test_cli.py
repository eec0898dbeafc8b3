"""The console command: help without a display, clear errors instead of tracebacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_help_works_without_display_and_without_qt() -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY",
                                                             "QT_QPA_PLATFORM")}
    code = (
        "import sys\n"
        "from app.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "assert 'PySide6' not in sys.modules, 'help imported Qt'\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "validate" in proc.stdout and "--project" in proc.stdout


def test_unknown_project_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no_such_project.toml"
    assert main(["validate", str(missing)]) == 2
    err = capsys.readouterr().err
    assert str(missing) in err and "not found" in err
    assert "Traceback" not in err


def test_error_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--lang", "zh", str(tmp_path / "缺.toml")]) == 2
    assert "找不到文件" in capsys.readouterr().err


def test_progress_and_errors_follow_the_language_in_worker_threads() -> None:
    """The message language is process-wide: a worker thread formats progress in the UI's
    language, not a per-thread default."""
    import threading

    from gis.messages import format_message, set_language

    seen: list[str] = []
    set_language("zh")
    t = threading.Thread(target=lambda: seen.append(format_message("progress_block", done=3,
                                                                   total=8)))
    t.start()
    t.join()
    assert seen == ["第 3/8 块"]
