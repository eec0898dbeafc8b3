"""Benchmark of the carbon job on a small raster (excluded from the default test run).

    .venv/bin/python -m pytest -m bench bench -q -s      (or: make bench)

Times the engine against the plain single-threaded streaming pass at 2048 x 2048 (4 M pixels)
and checks the totals agree; the full benchmark (64 M to 1 G pixels) is bench/bench_carbon.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.mark.bench
def test_bench_carbon_small(tmp_path: Path) -> None:
    from bench.bench_carbon import measure
    from bench.make_rasters import make

    data = tmp_path / "data"
    make(2048, data, quiet=True)
    threads = min(2, os.cpu_count() or 1)
    engine = measure("engine", 2048, data, tmp_path / "scratch", threads, 1024)
    plain = measure("plain", 2048, data, tmp_path / "scratch", threads, 1024)
    ratio = engine["seconds"] / plain["seconds"]  # type: ignore[operator]
    print(f"\n2048x2048: engine {engine['seconds']:.2f} s ({engine['peak_rss_mb']:.0f} MB), "
          f"plain {plain['seconds']:.2f} s ({plain['peak_rss_mb']:.0f} MB), ratio {ratio:.2f}")
    for k, v in plain["totals"].items():  # type: ignore[union-attr]
        assert engine["totals"][k] == pytest.approx(v, rel=1e-9)  # type: ignore[index]
    assert engine["peak_rss_mb"] < 500  # type: ignore[operator]
