"""Benchmark: build the demo-county report (issue 6 goal: under 15 s).

    .venv/bin/python bench/bench_report.py [--repeat 3] [--lang zh] [--paper A4]

Copies the demo project to a temporary folder, then times `sinkplanner report` as a user runs
it, in a fresh process each time:
- cold: no cached results: the carbon job and every planning scenario are computed first;
- warm: the results computed by the cold run are reused (the report alone).
Prints wall time and peak RSS of each run (the child's, from wait4).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"
GOAL_S = 15.0


def run_once(project: Path, out: Path, lang: str, paper: str) -> tuple[float, float]:
    cmd = [sys.executable, "-m", "app", "report", str(project), "--lang", lang, "--paper", paper,
           "--format", "pdf", "--out", str(out), "--quiet"]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0 or not out.exists():
        raise SystemExit(f"report failed: {proc.stderr.read() if proc.stderr else ''}")
    return wall, usage.ru_maxrss / 1024.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="zh", choices=["zh", "en"])
    ap.add_argument("--paper", default="A4", choices=["A4", "A3"])
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sinkbench-report-") as tmp:
        for i in range(args.repeat):
            copy = Path(tmp) / f"demo{i}"
            shutil.copytree(DEMO, copy, ignore=shutil.ignore_patterns(".sinkplanner-cache"))
            project = copy / "demo_county.toml"
            rows.append(("cold", *run_once(project, copy / "cold.pdf", args.lang, args.paper)))
            rows.append(("warm", *run_once(project, copy / "warm.pdf", args.lang, args.paper)))
    print(f"load average: {os.getloadavg()[0]:.2f}")
    print(f"{'run':6s} {'wall s':>8s} {'peak RSS MB':>12s}")
    for name, wall, rss in rows:
        print(f"{name:6s} {wall:8.2f} {rss:12.0f}")
    for name in ("cold", "warm"):
        best = min(w for n, w, _ in rows if n == name)
        verdict = "meets" if best < GOAL_S else "MISSES"
        print(f"best {name}: {best:.2f} s — {verdict} the {GOAL_S:.0f} s goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
