"""Generate large synthetic land-cover rasters for benchmarking the carbon engine.

The rasters look like a classified land-cover map: patches at several scales (value noise on
lattices of 256, 64 and 16 pixels), the demo legend's 12 classes, a ragged nodata border and a
little per-pixel salt noise. A second raster (the alternate epoch) changes about 12% of the land
in patches (afforestation of cropland, urban growth, pond conversion ...).

Everything is computed block by block from a counter-based hash, so generation uses a few tens
of MB whatever the size, and the same arguments always give the same bytes.

    python bench/make_rasters.py --size 8000 --out /tmp/sinkbench        # 64 M pixels
    python bench/make_rasters.py --size 32768 --out /tmp/sinkbench       # 1 G pixels

Writes ``lulc_bas_<size>.tif``, ``lulc_alt_<size>.tif`` (uint8, nodata 0, EPSG:4547, 30 m,
256x256 tiles, DEFLATE) and ``pools.csv`` (InVEST carbon pool table for codes 1..12).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

#: class code -> share of land, roughly a subtropical coastal county (legend in DESIGN.md)
CLASS_SHARES = [
    (1, 0.24), (2, 0.38), (3, 0.06), (4, 0.07), (5, 0.05), (6, 0.02), (7, 0.02), (8, 0.01),
    (9, 0.01), (10, 0.10), (11, 0.02), (12, 0.02),
]
#: alternate epoch: where change happens, class -> new class
CHANGE = {1: 2, 4: 3, 2: 10, 3: 2, 11: 4, 12: 9, 7: 9, 5: 6, 10: 10, 6: 6, 8: 8, 9: 9}

POOLS_CSV = """lucode,c_above,c_below,c_soil,c_dead,unit,source
1,5.0,1.5,45.0,0.5,t C/ha,synthetic benchmark values
2,45.0,11.0,80.0,4.0,t C/ha,synthetic benchmark values
3,12.0,6.0,60.0,1.5,t C/ha,synthetic benchmark values
4,3.0,9.0,55.0,0.5,t C/ha,synthetic benchmark values
5,0.0,0.0,0.0,0.0,t C/ha,synthetic benchmark values
6,6.0,4.0,120.0,1.0,t C/ha,synthetic benchmark values
7,0.0,0.0,40.0,0.0,t C/ha,synthetic benchmark values
8,8.0,10.0,110.0,1.0,t C/ha,synthetic benchmark values
9,60.0,30.0,250.0,5.0,t C/ha,synthetic benchmark values
10,1.0,0.5,20.0,0.0,t C/ha,synthetic benchmark values
11,0.0,0.0,15.0,0.0,t C/ha,synthetic benchmark values
12,0.0,0.0,30.0,0.0,t C/ha,synthetic benchmark values
"""


def _hash01(i: np.ndarray, j: np.ndarray, seed: int) -> np.ndarray:
    """Deterministic uniform [0, 1) from integer lattice coordinates (splitmix64-style)."""
    with np.errstate(over="ignore"):  # the wrap-around is the hash
        seed_term = np.uint64(seed) * np.uint64(0x165667B19E3779F9)
    x = (i.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
         ^ j.astype(np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F)
         ^ seed_term)
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return (x >> np.uint64(11)).astype(np.float64) / float(1 << 53)


def _value_noise(r0: int, c0: int, h: int, w: int, scale: int, seed: int) -> np.ndarray:
    """Bilinear value noise on a lattice of ``scale`` pixels, for the window's pixels."""
    rows = (np.arange(r0, r0 + h) + 0.5) / scale
    cols = (np.arange(c0, c0 + w) + 0.5) / scale
    i0, j0 = np.floor(rows).astype(np.int64), np.floor(cols).astype(np.int64)
    fi, fj = rows - i0, cols - j0
    fi = fi * fi * (3 - 2 * fi)  # smoothstep
    fj = fj * fj * (3 - 2 * fj)
    ii = np.arange(i0[0], i0[-1] + 2)
    jj = np.arange(j0[0], j0[-1] + 2)
    lat = _hash01(ii[:, None], jj[None, :], seed)
    a = lat[(i0 - ii[0])[:, None], (j0 - jj[0])[None, :]]
    b = lat[(i0 - ii[0])[:, None], (j0 - jj[0] + 1)[None, :]]
    c = lat[(i0 - ii[0] + 1)[:, None], (j0 - jj[0])[None, :]]
    d = lat[(i0 - ii[0] + 1)[:, None], (j0 - jj[0] + 1)[None, :]]
    top = a + (b - a) * fj[None, :]
    bot = c + (d - c) * fj[None, :]
    return top + (bot - top) * fi[:, None]


def landcover_block(r0: int, c0: int, h: int, w: int, height: int, width: int,
                    seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(baseline, alternate) uint8 class arrays for one window; 0 = nodata."""
    n = (0.55 * _value_noise(r0, c0, h, w, 256, seed)
         + 0.30 * _value_noise(r0, c0, h, w, 64, seed + 1)
         + 0.15 * _value_noise(r0, c0, h, w, 16, seed + 2))
    # the sum of smooth noises is bell-shaped: rank it through an approximate CDF (logistic)
    u = 1.0 / (1.0 + np.exp(-(n - 0.5) / 0.075))
    codes = np.array([c for c, _ in CLASS_SHARES], dtype=np.uint8)
    shares = np.array([s for _, s in CLASS_SHARES])
    order = np.array([5, 6, 7, 8, 9, 12, 1, 4, 11, 3, 2, 10]) - 1  # low ground (water) ... hills
    edges = np.cumsum(shares[order])
    edges = edges / edges[-1]
    cls = codes[order][np.minimum(np.searchsorted(edges, u), len(codes) - 1)]
    urban = _value_noise(r0, c0, h, w, 128, seed + 3) > 0.78
    cls = np.where(urban, np.uint8(10), cls)
    rr = np.arange(r0, r0 + h)[:, None]
    cc = np.arange(c0, c0 + w)[None, :]
    salt = _hash01(rr, cc, seed + 4)
    salt_cls = codes[(salt * 1e6).astype(np.int64) % len(codes)]
    cls = np.where(salt < 0.02, salt_cls, cls).astype(np.uint8)
    # a ragged county border: an ellipse disturbed by noise; outside is nodata
    y = (rr + 0.5) / height * 2 - 1
    x = (cc + 0.5) / width * 2 - 1
    border = x * x / 0.96 + y * y / 0.9 + 0.25 * (_value_noise(r0, c0, h, w, 512, seed + 5) - 0.5)
    outside = border > 1.0
    change = (_value_noise(r0, c0, h, w, 32, seed + 6) > 0.72) & (salt > 0.001)
    lut = np.zeros(256, dtype=np.uint8)
    for k, v in CHANGE.items():
        lut[k] = v
    alt = np.where(change, lut[cls], cls).astype(np.uint8)
    cls[outside] = 0
    alt[outside] = 0
    return cls, alt


def make(size: int, out: Path, block: int = 1024, seed: int = 1, overwrite: bool = False,
         quiet: bool = False) -> tuple[Path, Path, Path]:
    import rasterio
    from rasterio.windows import Window

    from gis.grid import GridSpec
    from gis.io import atomic_path, geotiff_profile

    out.mkdir(parents=True, exist_ok=True)
    bas_path, alt_path = out / f"lulc_bas_{size}.tif", out / f"lulc_alt_{size}.tif"
    pools = out / "pools.csv"
    pools.write_text(POOLS_CSV, encoding="utf-8")
    if bas_path.exists() and alt_path.exists() and not overwrite:
        if not quiet:
            print(f"exists: {bas_path}, {alt_path}")
        return bas_path, alt_path, pools
    # EPSG:4547 (CGCS2000 / 3-degree GK CM 114E), 30 m, near 22.6 N
    grid = GridSpec.from_bounds(380000, 2500000, 380000 + size * 30, 2500000 + size * 30, 30,
                                "EPSG:4547", nodata=0)
    prof = geotiff_profile(grid, "uint8", 0)
    t0 = time.perf_counter()
    with atomic_path(bas_path) as tb, atomic_path(alt_path) as ta, \
            rasterio.Env(GDAL_CACHEMAX=64 * 2**20), \
            rasterio.open(tb, "w", **prof) as db, rasterio.open(ta, "w", **prof) as da:
        for r0 in range(0, size, block):
            for c0 in range(0, size, block):
                h, w = min(block, size - r0), min(block, size - c0)
                b, a = landcover_block(r0, c0, h, w, size, size, seed)
                win = Window(c0, r0, w, h)
                db.write(b, 1, window=win)
                da.write(a, 1, window=win)
            if not quiet:
                print(f"\r{min(r0 + block, size)}/{size} rows  {time.perf_counter() - t0:.0f} s",
                      end="", flush=True)
    if not quiet:
        print()
    return bas_path, alt_path, pools


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--size", type=int, nargs="+", default=[8000],
                   help="raster side in pixels (8000 = 64 M px, 16384 = 268 M, 32768 = 1 G)")
    p.add_argument("--out", type=Path, default=Path("/tmp/sinkbench"))
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--overwrite", action="store_true")
    args = p.parse_args(argv)
    for size in args.size:
        make(size, args.out, seed=args.seed, overwrite=args.overwrite)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
