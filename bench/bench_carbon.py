"""Benchmark the ``carbon`` job (baseline + alternate, change, NPV) against two plain versions.

* **engine** — :func:`sinkmodels.carbon.run_carbon` (gis.blocks: threads, numba kernels,
  concurrent per-output writes, multi-threaded compression and overviews);
* **plain** (a) — a single-threaded numpy + rasterio streaming pass: same inputs, same block
  windows, the same four float32 outputs with the same creation options (tiled 256, DEFLATE,
  predictor, internal overviews), GDAL defaults otherwise — the naive I/O floor;
* **whole** (b) — the whole-array numpy version (read everything, compute, write), only where
  the arrays fit in memory (``--whole-max``).

Each measurement runs in a fresh subprocess; its wall time and peak RSS (``wait4`` rusage
``ru_maxrss``) are reported, and the totals of all versions are compared (relative difference).

    python bench/make_rasters.py --size 8000 --out /tmp/sinkbench
    python bench/bench_carbon.py --size 8000 --data /tmp/sinkbench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BAS_YEAR, ALT_YEAR, PRICE, DISCOUNT, RATE_CHANGE = 2020, 2030, 60.0, 5.0, 1.0


def _pool_lut() -> tuple[np.ndarray, float]:
    import pandas as pd

    from sinkmodels.pools import valuation_constant

    df = pd.read_csv(_pools_path())
    lut = np.full(256, np.nan)
    lut[df["lucode"].to_numpy()] = df[["c_above", "c_below", "c_soil", "c_dead"]].sum(axis=1)
    return lut, valuation_constant(BAS_YEAR, ALT_YEAR, DISCOUNT, RATE_CHANGE, PRICE)


_DATA: Path = Path("/tmp/sinkbench")


def _pools_path() -> Path:
    return _DATA / "pools.csv"


def _write_outputs_plain(out: Path, grid, arrays_or_none=None):  # type: ignore[no-untyped-def]
    import rasterio

    from gis.io import geotiff_profile
    from sinkmodels.pools import SIGNED_NODATA, STOCK_NODATA

    specs = {"c_storage_bas": STOCK_NODATA, "c_storage_alt": STOCK_NODATA,
             "c_change_bas_alt": SIGNED_NODATA, "npv_alt": SIGNED_NODATA}
    ds = {}
    for name, nd in specs.items():
        d = rasterio.open(out / f"{name}.tif", "w", **geotiff_profile(grid, "float32", nd))
        d.update_tags(units="t C/ha" if name != "npv_alt" else "currency/ha")
        ds[name] = d
    return ds


def _overviews_plain(out: Path, grid) -> None:  # type: ignore[no-untyped-def]
    import rasterio
    from rasterio.enums import Resampling

    from gis.blocks import QUANTUM, overview_factors

    factors = overview_factors(grid)
    with rasterio.Env(COMPRESS_OVERVIEW="DEFLATE", ZLEVEL_OVERVIEW="1", PREDICTOR_OVERVIEW="3",
                      GDAL_TIFF_OVR_BLOCKSIZE=str(QUANTUM)):
        for p in sorted(out.glob("*.tif")):
            with rasterio.open(p, "r+") as d:
                d.build_overviews(factors, Resampling.nearest)


def run_plain(bas: Path, alt: Path, out: Path, block: int) -> dict[str, float]:
    """(a) single-threaded numpy + rasterio streaming pass."""
    import rasterio

    from gis.blocks import iter_windows
    from gis.grid import GridSpec
    from sinkmodels.pools import SIGNED_NODATA, STOCK_NODATA

    lut, const = _pool_lut()
    tot = dict(stock_bas_tC=0.0, stock_alt_tC=0.0, change_tC=0.0)
    with rasterio.open(bas) as db, rasterio.open(alt) as da:
        grid = GridSpec.from_dataset(db)
        area = grid.row_area_ha()
        ds = _write_outputs_plain(out, grid)
        for win in iter_windows(grid, block, block):
            b = db.read(1, window=win)
            a = da.read(1, window=win)
            r0, h = int(win.row_off), int(win.height)
            ar = area[r0:r0 + h, None]
            sb = lut[b]
            sb[b == db.nodata] = np.nan
            sa = lut[a]
            sa[a == da.nodata] = np.nan
            ch = sa - sb
            tot["stock_bas_tC"] += float(np.nansum(sb * ar))
            tot["stock_alt_tC"] += float(np.nansum(sa * ar))
            tot["change_tC"] += float(np.nansum(ch * ar))
            for name, arr, nd in (("c_storage_bas", sb, STOCK_NODATA),
                                  ("c_storage_alt", sa, STOCK_NODATA),
                                  ("c_change_bas_alt", ch, SIGNED_NODATA),
                                  ("npv_alt", ch * const, SIGNED_NODATA)):
                ds[name].write(np.where(np.isnan(arr), nd, arr).astype(np.float32), 1,
                               window=win)
        for d in ds.values():
            d.close()
    _overviews_plain(out, grid)
    tot["npv"] = tot["change_tC"] * const
    return tot


def run_whole(bas: Path, alt: Path, out: Path) -> dict[str, float]:
    """(b) whole-array numpy."""
    import rasterio

    from gis.grid import GridSpec
    from sinkmodels.pools import SIGNED_NODATA, STOCK_NODATA

    lut, const = _pool_lut()
    with rasterio.open(bas) as db, rasterio.open(alt) as da:
        grid = GridSpec.from_dataset(db)
        b = db.read(1)
        a = da.read(1)
        ndb, nda = db.nodata, da.nodata
    ar = grid.area_ha()
    sb = lut[b]
    sb[b == ndb] = np.nan
    sa = lut[a]
    sa[a == nda] = np.nan
    ch = sa - sb
    tot = dict(stock_bas_tC=float(np.nansum(sb * ar)), stock_alt_tC=float(np.nansum(sa * ar)),
               change_tC=float(np.nansum(ch * ar)))
    ds = _write_outputs_plain(out, grid)
    for name, arr, nd in (("c_storage_bas", sb, STOCK_NODATA), ("c_storage_alt", sa, STOCK_NODATA),
                          ("c_change_bas_alt", ch, SIGNED_NODATA),
                          ("npv_alt", ch * const, SIGNED_NODATA)):
        ds[name].write(np.where(np.isnan(arr), nd, arr).astype(np.float32), 1)
        ds[name].close()
    _overviews_plain(out, grid)
    tot["npv"] = tot["change_tC"] * const
    return tot


def run_engine(bas: Path, alt: Path, out: Path, threads: int, block: int,
               engine: str = "threads") -> dict[str, float]:
    from sinkmodels.carbon import run_carbon

    r = run_carbon(bas, _pools_path(), out, lulc_alt=alt, bas_year=BAS_YEAR, alt_year=ALT_YEAR,
                   price=PRICE, discount_rate=DISCOUNT, rate_change=RATE_CHANGE,
                   threads=threads, block_size=block, overwrite=True, engine=engine)
    return {k: r.summary[k] for k in ("stock_bas_tC", "stock_alt_tC", "change_tC", "npv")}


def _child(args: argparse.Namespace) -> int:
    global _DATA
    _DATA = args.data
    bas = args.data / f"lulc_bas_{args.size}.tif"
    alt = args.data / f"lulc_alt_{args.size}.tif"
    out = args.scratch / f"out_{args.child}_{args.size}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if args.child in ("engine", "dask"):
        # warm the numba cache outside the timed section (compiled code is cached on disk)
        from sinkmodels import pools  # noqa: F401
    t0 = time.perf_counter()
    if args.child == "engine":
        tot = run_engine(bas, alt, out, args.threads, args.block)
    elif args.child == "dask":
        tot = run_engine(bas, alt, out, args.threads, args.block, engine="dask")
    elif args.child == "plain":
        tot = run_plain(bas, alt, out, args.block)
    else:
        tot = run_whole(bas, alt, out)
    dt = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({"seconds": dt, "totals": tot, "output_bytes": size}))
    return 0


def measure(mode: str, size: int, data: Path, scratch: Path, threads: int, block: int
            ) -> dict[str, object]:
    cmd = [sys.executable, __file__, "--child", mode, "--size", str(size), "--data", str(data),
           "--scratch", str(scratch), "--threads", str(threads), "--block", str(block)]
    import tempfile

    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True)
        _, status, rusage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{mode} failed:\n{stderr}")
    res = json.loads(stdout.strip().splitlines()[-1])
    res.update(mode=mode, size=size, peak_rss_mb=rusage.ru_maxrss / 1024, process_s=wall,
               cpu_s=rusage.ru_utime + rusage.ru_stime)
    return res


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, nargs="+", default=[8000])
    p.add_argument("--data", type=Path, default=Path("/tmp/sinkbench"))
    p.add_argument("--scratch", type=Path, default=None,
                   help="where outputs are written (default: DATA/scratch)")
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--block", type=int, default=1024)
    p.add_argument("--modes", default="engine,plain,whole",
                   help="comma list of engine, plain, whole, dask")
    p.add_argument("--repeat", type=int, default=1, help="repeat each and keep the fastest")
    p.add_argument("--whole-max", type=int, default=10_000,
                   help="largest side for the whole-array version")
    p.add_argument("--json", type=Path, default=None, help="also write results here")
    p.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.scratch = args.scratch or (args.data / "scratch")
    if args.child:
        args.size = args.size[0]
        return _child(args)

    from bench.make_rasters import make

    results = []
    for size in args.size:
        make(size, args.data, quiet=False)
        rows = {}
        for mode in args.modes.split(","):
            if mode == "whole" and size > args.whole_max:
                continue
            best = None
            for _ in range(args.repeat):
                r = measure(mode, size, args.data, args.scratch, args.threads, args.block)
                if best is None or r["seconds"] < best["seconds"]:  # type: ignore[operator]
                    best = r
            assert best is not None
            rows[mode] = best
            results.append(best)
            print(f"{size}x{size} {mode:7s} {best['seconds']:8.2f} s  "
                  f"{1e9 * best['seconds'] / size**2:6.2f} ns/px  "  # type: ignore[operator]
                  f"peak RSS {best['peak_rss_mb']:7.0f} MB  cpu {best['cpu_s']:7.1f} s",
                  flush=True)
        ref = rows.get("engine")
        if ref is not None:
            for mode, r in rows.items():
                if mode == "engine":
                    continue
                ratio = ref["seconds"] / r["seconds"]  # type: ignore[operator]
                diffs = {k: abs(ref["totals"][k] - r["totals"][k]) /  # type: ignore[index]
                         max(1e-300, abs(r["totals"][k]))  # type: ignore[index]
                         for k in ref["totals"]}  # type: ignore[union-attr]
                print(f"  engine / {mode}: {ratio:.2f}x time; max relative total difference "
                      f"{max(diffs.values()):.1e}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
