"""A small run of the GUI benchmark (excluded from the default test run).

    .venv/bin/python -m pytest -m bench bench/test_bench_gui.py -q -s      (or: make bench)

One warm first-start launch, three redraws of a 2048 x 2048 land cover at full extent, and one
session running the demo's carbon analysis under the 10 ms tick timer. It checks that every
measurement happens and sees what it should (the demo drawn, the raster redrawn, the run done)
and prints the figures; it does not assert the goals — timings on a shared machine belong in
bench/bench_gui.py's report (bench/README.md, "GUI"), not in a pass/fail test.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("PySide6")


@pytest.mark.bench
def test_bench_gui_small(tmp_path: Path, qapp: object) -> None:
    from bench import bench_gui as bg
    from bench.make_rasters import make

    lines: list[str] = []
    res = {"launch": bg.bench_launch(1, tmp_path, cold=False, log=lines.append)}
    (r,) = res["launch"]["warm"]
    assert not r["errors"], r["errors"]
    assert {"landcover_2020", "county", "townships"} <= set(r["layers_drawn"])
    assert r["painted_fraction"] > 0.3  # the county's land cover fills much of the canvas
    assert 0 < r["child_main"] < r["event_loop"] < r["seconds"] < r["exit_s"]

    raster, _alt, _pools = make(2048, tmp_path / "data", quiet=True)
    res["redraw"] = bg.bench_redraw(raster, 3, tmp_path, log=lines.append)
    red = res["redraw"]
    assert len(red["runs"]) == 3
    assert all(0 < x["render_ms"] < x["total_ms"] for x in red["runs"])
    assert red["parts"]["shape"][0] > 100  # a decimated read at about screen size

    res["loop"] = bg.bench_event_loop(1, tmp_path, log=lines.append, reruns=0,
                                      cache=tmp_path / "xdg-cache-warm")
    (loop,) = res["loop"]["runs"]
    assert loop["ticks"] > 20 and math.isfinite(loop["max_gap_ms"])
    assert loop["max_gap_ms"] >= loop["p99_gap_ms"] >= loop["median_gap_ms"] >= bg.TICK_MS * 0.5
    assert loop["layers_after"] > 11  # the carbon results arrived as layers
    print("\n" + "\n".join(lines) + "\n\n" + bg.table(res))
