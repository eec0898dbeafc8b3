"""House rules that keep the code base healthy: ruff on everything, mypy --strict on the core."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)


def test_ruff_is_clean() -> None:
    proc = _run(str(BIN / "ruff"), "check", "app", "gis", "sinkmodels", "tests", "bench",
                "sample_data")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]


def test_core_is_mypy_strict_clean(tmp_path: Path) -> None:
    proc = _run(sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path),
                "gis", "sinkmodels")
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
