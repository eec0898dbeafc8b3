"""The streaming engine: aligned rasters in, kernels over blocks, GeoTIFFs and totals out.

A model is a **kernel**: a numba ``@njit(nogil=True)`` function that maps one window of its
input arrays to its output arrays and adds its totals to an accumulator. The engine reads the
inputs window by window (each worker thread has its own rasterio handles), runs the kernel with
the GIL released, writes the outputs (writes are serialised per output dataset; different
outputs are written concurrently so compression runs on every core) and combines the totals.

Kernel calling convention::

    kernel(*input_tiles, *output_tiles, area_ha, acc, *params)

``input_tiles``/``output_tiles`` are 2-D arrays (inputs in the order of ``inputs``, outputs in
the order of ``outputs``), ``area_ha`` is the float64 area of one cell in each row of the tile
(exact per row for geographic CRSs, from :meth:`GridSpec.row_area_ha`), ``acc`` is a zeroed
float64 array of shape ``reduce`` that the kernel adds to, ``params`` are the caller's extra
arguments (lookup tables, nodata values, constants).

Deterministic totals
--------------------
Totals must not depend on block size or thread count. The engine therefore accumulates on a
fixed lattice of *accumulation tiles* (``quantum`` pixels square, 256 by default = the GeoTIFF
tile): blocks are whole multiples of the tile (block shapes are rounded up), the kernel is called
once per tile with a fresh accumulator, and tile partials are added to the total strictly in
row-major tile order (a small reorder buffer holds partials that finish early). Each tile's sum is
computed in the same order whatever the block, so the float64 totals are bit-identical for any
block shape, thread count, or the dask path.

Memory is bounded by ``threads x 2`` blocks in flight plus GDAL's block cache (``GDAL_CACHEMAX``,
sized from the block size) plus the reorder buffer (at most one block-row of tile partials) plus
the partly filled tiles of coarse overview levels along one block row: nothing grows with the
raster's area (measured: 339 MB peak RSS at 64 M px, 381 MB at 1 G; bench/README.md).

Outputs are written to temporary names beside their final paths and renamed only when the whole
run, including internal overviews (written in the same pass, see ``_NativeOutput``), has
finished; a failure or cancel deletes them, so no partial output is ever left behind. Units and
descriptions go into the GeoTIFF metadata.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from rasterio.windows import Window

from gis.errors import CancelledError, ExtentError, MissingFileError, OutputError, UnreadableError
from gis.grid import GridSpec
from gis.io import geotiff_profile, temp_sibling
from gis.messages import format_message

#: Side of the accumulation tile in pixels (also the GeoTIFF tile size of every output).
QUANTUM = 256
#: Default block shape (rows, cols): 1 M pixels, a multiple of the tile.
DEFAULT_BLOCK = (1024, 1024)

Progress = Callable[[float, str], None]
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class OutputSpec:
    """One output raster of a block run.

    ``path`` is where the finished GeoTIFF goes (``out_dir/<name>.tif`` when omitted and
    ``run_blocks`` gets ``out_dir``). ``nodata`` must lie outside the valid range of values.
    """

    dtype: str
    nodata: float
    units: str = ""
    description: str = ""
    path: str | Path | None = None
    overview_resampling: str = "nearest"


# ---- windows ------------------------------------------------------------------------------

def block_shape_for(grid: GridSpec, block_shape: int | tuple[int, int] | None = None,
                    quantum: int = QUANTUM) -> tuple[int, int]:
    """The block shape actually used: rounded up to whole accumulation tiles, at least one."""
    if block_shape is None:
        block_shape = DEFAULT_BLOCK
    if isinstance(block_shape, int | np.integer):
        block_shape = (int(block_shape), int(block_shape))
    br, bc = (max(1, int(v)) for v in block_shape)
    br = -(-br // quantum) * quantum
    bc = -(-bc // quantum) * quantum
    # no point in blocks larger than the raster (rounded up to the tile)
    br = min(br, -(-grid.height // quantum) * quantum)
    bc = min(bc, -(-grid.width // quantum) * quantum)
    return br, bc


def iter_windows(grid: GridSpec, block_rows: int = DEFAULT_BLOCK[0],
                 block_cols: int | None = None) -> Iterator[Window]:
    """Windows covering ``grid`` in row-major order, ``block_rows`` x ``block_cols`` each
    (clipped at the right and bottom edges). ``block_cols=None`` means full-width strips."""
    block_rows = max(1, int(block_rows))
    block_cols = grid.width if block_cols is None else max(1, int(block_cols))
    for r0 in range(0, grid.height, block_rows):
        h = min(block_rows, grid.height - r0)
        for c0 in range(0, grid.width, block_cols):
            yield Window(c0, r0, min(block_cols, grid.width - c0), h)


def _tiles(win: Window, grid: GridSpec, quantum: int) -> list[tuple[int, slice, slice]]:
    """(global tile index, row slice, col slice relative to the window) for each tile."""
    ntc = -(-grid.width // quantum)
    r0, c0 = int(win.row_off), int(win.col_off)
    out = []
    for tr0 in range(r0, r0 + int(win.height), quantum):
        for tc0 in range(c0, c0 + int(win.width), quantum):
            tr1 = min(tr0 + quantum, r0 + int(win.height))
            tc1 = min(tc0 + quantum, c0 + int(win.width))
            ti = (tr0 // quantum) * ntc + tc0 // quantum
            out.append((ti, slice(tr0 - r0, tr1 - r0), slice(tc0 - c0, tc1 - c0)))
    return out


# ---- reading ------------------------------------------------------------------------------

class _Readers:
    """Per-thread rasterio handles: each thread opens its own datasets, all closed at the end."""

    def __init__(self, paths: Mapping[str, str | Path]) -> None:
        self.paths = {k: str(v) for k, v in paths.items()}
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def get(self, name: str) -> Any:
        handles = getattr(self._local, "handles", None)
        if handles is None:
            handles = self._local.handles = {}
        ds = handles.get(name)
        if ds is None:
            import rasterio

            ds = rasterio.open(self.paths[name])
            handles[name] = ds
            with self._lock:
                self._all.append(ds)
        return ds

    def read(self, win: Window) -> list[np.ndarray]:
        return [self.get(name).read(1, window=win) for name in self.paths]

    def close(self) -> None:
        with self._lock:
            for ds in self._all:
                with contextlib.suppress(Exception):
                    ds.close()
            self._all.clear()


def check_inputs(inputs: Mapping[str, str | Path], grid: GridSpec) -> dict[str, float | None]:
    """Open each input once: it must exist, be readable and lie on ``grid``.

    Returns each input's nodata value (None when it declares none).
    """
    import rasterio

    nodata: dict[str, float | None] = {}
    for name, path in inputs.items():
        p = Path(path)
        if not p.exists():
            raise MissingFileError(path=p)
        try:
            with rasterio.open(p) as ds:
                g = GridSpec.from_dataset(ds)
                nodata[name] = None if ds.nodata is None else float(ds.nodata)
        except rasterio.errors.RasterioIOError as exc:
            raise UnreadableError(path=p, kind="raster", detail=str(exc)) from exc
        if not g.same_grid(grid):
            raise ExtentError("not_aligned", path=p, detail=grid.describe_difference(g))
    return nodata


# ---- GeoTIFF writing through GDAL's C API, overviews in the same pass -----------------------
#
# rasterio cannot write into overview levels, so with rasterio alone the overviews need a second
# pass that reads and decompresses every output again. The engine therefore writes through the
# C API of the very libgdal rasterio loaded (ctypes releases the GIL during the call, as
# rasterio's writes do): outputs are created by rasterio (georeferencing, tags), empty internal
# overview levels are added with resampling "NONE", and each block is written at full
# resolution and, decimated, to every overview level while it is in memory. Where libgdal
# cannot be found, the engine falls back to rasterio writes and ``build_overviews`` after the
# run. See docs/decisions/0003-block-engine.md.

_GDT = {"uint8": 1, "uint16": 2, "int16": 3, "uint32": 4, "int32": 5, "float32": 6,
        "float64": 7, "uint64": 12, "int64": 13, "int8": 14}


class _Gdal:
    """The few GDAL C functions the writer needs (None when libgdal is not found)."""

    _instance: _Gdal | None = None
    _tried = False

    def __init__(self, path: str) -> None:
        import ctypes as C

        lib = C.CDLL(path)
        self.lib = lib
        vp, ci, cs = C.c_void_p, C.c_int, C.c_char_p
        lib.GDALOpenEx.restype = vp
        lib.GDALOpenEx.argtypes = [cs, C.c_uint, vp, vp, vp]
        lib.GDALGetRasterBand.restype = vp
        lib.GDALGetRasterBand.argtypes = [vp, ci]
        lib.GDALBuildOverviews.restype = ci
        lib.GDALBuildOverviews.argtypes = [vp, cs, ci, C.POINTER(ci), ci, C.POINTER(ci), vp, vp]
        lib.GDALGetOverviewCount.restype = ci
        lib.GDALGetOverviewCount.argtypes = [vp]
        lib.GDALGetOverview.restype = vp
        lib.GDALGetOverview.argtypes = [vp, ci]
        lib.GDALRasterIO.restype = ci
        lib.GDALRasterIO.argtypes = [vp, ci, ci, ci, ci, ci, vp, ci, ci, ci, ci, ci]
        lib.GDALClose.restype = ci
        lib.GDALClose.argtypes = [vp]
        lib.GDALGetRasterBandXSize.restype = ci
        lib.GDALGetRasterBandXSize.argtypes = [vp]
        lib.GDALGetRasterBandYSize.restype = ci
        lib.GDALGetRasterBandYSize.argtypes = [vp]
        lib.CPLGetLastErrorMsg.restype = cs
        lib.CPLGetLastErrorMsg.argtypes = []
        lib.CPLErrorReset.restype = None
        lib.CPLErrorReset.argtypes = []
        self.C = C

    @classmethod
    def get(cls) -> _Gdal | None:
        if not cls._tried:
            cls._tried = True
            if os.environ.get("SINKPLANNER_NATIVE_WRITES", "1") == "0":
                return None
            try:
                import rasterio  # noqa: F401  (loads libgdal)

                path = None
                with open("/proc/self/maps", encoding="utf-8") as f:
                    for line in f:
                        if "libgdal" in line and ".so" in line:
                            path = line.split()[-1]
                            break
                if path is not None:
                    cls._instance = cls(path)
            except (OSError, AttributeError):
                cls._instance = None
        return cls._instance

    def error(self) -> str:
        msg = self.lib.CPLGetLastErrorMsg()
        return msg.decode("utf-8", "replace") if msg else "GDAL error"


class _NativeOutput:
    """One output GeoTIFF opened for update through the C API, with its overview levels.

    A block is written at full resolution and, decimated, into every overview level: overview
    cell ``i`` of the level with factor ``f`` takes source pixel ``f·i`` (nearest; the same
    pixels GDAL's ``build_overviews(nearest)`` picks when the raster size is a multiple of
    ``f``). Tiles of a level that a block covers completely are written at once; tiles it
    covers in part (levels coarser than the block's tile alignment, e.g. 1/8 of a 1024 block)
    are assembled in memory and written when complete, since GDAL would otherwise flush
    half-filled tiles and later have to read, decompress and recompress them. The partial tiles
    pending at any time lie along the current block row: a few MB even at 1 G pixels.
    """

    def __init__(self, gdal: _Gdal, path: Path, factors: list[int], grid: GridSpec,
                 dtype: np.dtype[Any], compress_threads: int = 1) -> None:
        C = gdal.C
        self.gdal, self.path, self.dtype = gdal, path, np.dtype(dtype)
        self.gdt = _GDT[self.dtype.name]
        opts = None
        if compress_threads > 1:  # GTiff open option: compress tiles on GDAL worker threads
            opts = (C.c_char_p * 2)(f"NUM_THREADS={compress_threads}".encode(), None)
        self.ds = gdal.lib.GDALOpenEx(str(path).encode(), 0x01 | 0x02 | 0x40, None, opts, None)
        if not self.ds:
            raise OutputError(path=path, detail=gdal.error())
        self.band = gdal.lib.GDALGetRasterBand(self.ds, 1)
        # per level: (band handle, factor, height, width, {(tile row, tile col): [buf, n]})
        self.levels: list[tuple[Any, int, int, int, dict[tuple[int, int], list[Any]]]] = []
        self.max_pending = 0
        if factors:
            arr = (C.c_int * len(factors))(*factors)
            err = gdal.lib.GDALBuildOverviews(self.ds, b"NONE", len(factors), arr, 0, None,
                                              None, None)
            if err != 0:
                msg = gdal.error()
                self.close()
                raise OutputError(path=path, detail=msg)
            n = gdal.lib.GDALGetOverviewCount(self.band)
            for i in range(n):
                ob = gdal.lib.GDALGetOverview(self.band, i)
                ow = gdal.lib.GDALGetRasterBandXSize(ob)
                oh = gdal.lib.GDALGetRasterBandYSize(ob)
                f = factors[i] if i < len(factors) else round(grid.width / ow)
                if -(-grid.height // f) != oh or -(-grid.width // f) != ow:
                    raise OutputError(path=path, detail=f"unexpected overview size {ow}x{oh}")
                self.levels.append((ob, f, oh, ow, {}))

    def _io(self, band: Any, arr: np.ndarray, x: int, y: int) -> None:
        arr = np.ascontiguousarray(arr, dtype=self.dtype)
        h, w = arr.shape
        err = self.gdal.lib.GDALRasterIO(band, 1, x, y, w, h, arr.ctypes.data, w, h, self.gdt,
                                         0, 0)
        if err != 0:
            raise OutputError(path=self.path, detail=self.gdal.error())

    def write(self, arr: np.ndarray, win: Window) -> None:
        r0, c0 = int(win.row_off), int(win.col_off)
        h, w = arr.shape
        self._io(self.band, arr, c0, r0)
        q = QUANTUM
        for ob, f, oh, ow, tiles in self.levels:
            i0, i1 = -(-r0 // f), min(oh, -(-(r0 + h) // f))
            j0, j1 = -(-c0 // f), min(ow, -(-(c0 + w) // f))
            if i1 <= i0 or j1 <= j0:
                continue
            sub = arr[i0 * f - r0::f, j0 * f - c0::f][:i1 - i0, :j1 - j0]
            for tr in range(i0 // q, (i1 - 1) // q + 1):
                ty0, th = tr * q, min(q, oh - tr * q)
                y0, y1 = max(i0, ty0), min(i1, ty0 + th)
                for tc in range(j0 // q, (j1 - 1) // q + 1):
                    tx0, tw = tc * q, min(q, ow - tc * q)
                    x0, x1 = max(j0, tx0), min(j1, tx0 + tw)
                    part = sub[y0 - i0:y1 - i0, x0 - j0:x1 - j0]
                    if y1 - y0 == th and x1 - x0 == tw:  # the whole tile
                        self._io(ob, part, x0, y0)
                        continue
                    entry = tiles.get((tr, tc))
                    if entry is None:
                        entry = tiles[(tr, tc)] = [np.empty((th, tw), self.dtype), 0]
                    entry[0][y0 - ty0:y1 - ty0, x0 - tx0:x1 - tx0] = part
                    entry[1] += (y1 - y0) * (x1 - x0)
                    if entry[1] == th * tw:
                        self._io(ob, entry[0], tx0, ty0)
                        del tiles[(tr, tc)]
            self.max_pending = max(self.max_pending, len(tiles))

    def close(self) -> None:
        if self.ds:
            for ob, *_, tiles in self.levels:  # after a complete run none are left
                for (tr, tc), (buf, _) in sorted(tiles.items()):
                    self._io(ob, buf, tc * QUANTUM, tr * QUANTUM)
                tiles.clear()
            ds, self.ds = self.ds, None
            if self.gdal.lib.GDALClose(ds) != 0:
                raise OutputError(path=self.path, detail=self.gdal.error())

    def abandon(self) -> None:
        """Close without writing pending overview tiles (the file is being discarded)."""
        for *_, tiles in self.levels:
            tiles.clear()
        self.close()


def _output_paths(outputs: Mapping[str, OutputSpec], out_dir: str | Path | None) -> dict[str, Path]:
    paths = {}
    for name, spec in outputs.items():
        if spec.path is not None:
            paths[name] = Path(spec.path)
        elif out_dir is not None:
            paths[name] = Path(out_dir) / f"{name}.tif"
        else:
            raise ValueError(f"output {name!r} has no path and no out_dir was given")
    return paths


class _Writers:
    """The output datasets (temporary names), one lock each."""

    def __init__(self, outputs: Mapping[str, OutputSpec], paths: Mapping[str, Path],
                 grid: GridSpec, compress_threads: int, overviews: bool = True,
                 native: bool = True, block: tuple[int, int] = DEFAULT_BLOCK) -> None:
        import rasterio

        self.grid = grid
        self.native: dict[str, _NativeOutput] = {}
        gdal = _Gdal.get() if native else None
        self.names = list(outputs)
        self.specs = dict(outputs)
        self.final = dict(paths)
        self.tmp: dict[str, Path] = {}
        self.ds: dict[str, Any] = {}
        self.locks = {n: threading.Lock() for n in self.names}
        try:
            for name in self.names:
                spec = outputs[name]
                final = self.final[name]
                try:
                    final.parent.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise OutputError(path=final, detail=str(exc)) from exc
                tmp = temp_sibling(final)
                self.tmp[name] = tmp
                prof = geotiff_profile(grid, spec.dtype, spec.nodata)
                if compress_threads > 1:
                    prof["num_threads"] = compress_threads
                if gdal is not None:
                    prof["sparse_ok"] = True
                try:
                    ds = rasterio.open(tmp, "w", **prof)
                except rasterio.errors.RasterioIOError as exc:
                    raise OutputError(path=final, detail=str(exc)) from exc
                self.ds[name] = ds
                ds.update_tags(units=spec.units, description=spec.description)
                ds.update_tags(1, units=spec.units)
                if spec.units:
                    ds.units = (spec.units,)
                if spec.description:
                    ds.descriptions = (spec.description,)
                if gdal is not None and np.dtype(spec.dtype).name in _GDT:
                    ds.close()
                    del self.ds[name]
                    factors = overview_factors(grid) if overviews else []
                    with rasterio.Env(**_overview_env(spec.dtype, compress_threads)):
                        self.native[name] = _NativeOutput(gdal, tmp, factors, grid,
                                                          np.dtype(spec.dtype),
                                                          _gdal_compress_threads(compress_threads))
        except BaseException:
            self.discard()
            raise

    def _write_one(self, name: str, arr: np.ndarray, win: Window) -> None:
        nat = self.native.get(name)
        if nat is not None:
            nat.write(arr, win)
        else:
            self.ds[name].write(arr, 1, window=win)

    def write(self, arrays: Sequence[np.ndarray], win: Window, start: int = 0) -> None:
        """Write each output's block; take whichever output lock is free first."""
        pending = [(i + start) % len(self.names) for i in range(len(self.names))]
        while pending:
            done = None
            for i in pending:
                lock = self.locks[self.names[i]]
                if lock.acquire(blocking=False):
                    try:
                        self._write_one(self.names[i], arrays[i], win)
                    finally:
                        lock.release()
                    done = i
                    break
            if done is None:  # all busy: wait for the first
                i = pending[0]
                with self.locks[self.names[i]]:
                    self._write_one(self.names[i], arrays[i], win)
                done = i
            pending.remove(done)

    def close(self) -> None:
        for nat in list(self.native.values()):
            nat.close()
        for name, ds in list(self.ds.items()):
            try:
                ds.close()
            except Exception as exc:  # noqa: BLE001
                raise OutputError(path=self.final[name], detail=str(exc)) from exc
        self.ds.clear()

    def build_overviews(self, grid: GridSpec, threads: int, cancel: Cancel | None) -> None:
        import rasterio
        from rasterio.enums import Resampling

        factors = overview_factors(grid)
        if not factors:
            return
        for name in self.names:
            if name in self.native:
                continue  # written block by block
            if cancel is not None and cancel():
                raise CancelledError()
            spec = self.specs[name]
            with rasterio.Env(**_overview_env(spec.dtype, threads)), \
                    rasterio.open(self.tmp[name], "r+") as ds:
                ds.build_overviews(factors, Resampling[spec.overview_resampling])

    def commit(self) -> dict[str, Path]:
        for name in self.names:
            os.replace(self.tmp[name], self.final[name])
        return dict(self.final)

    def discard(self) -> None:
        for nat in self.native.values():
            with contextlib.suppress(Exception):
                nat.abandon()
        self.native.clear()
        for ds in self.ds.values():
            with contextlib.suppress(Exception):
                ds.close()
        self.ds.clear()
        for tmp in self.tmp.values():
            for p in (tmp, Path(str(tmp) + ".aux.xml"), Path(str(tmp) + ".ovr")):
                with contextlib.suppress(OSError):
                    p.unlink()


def _gdal_compress_threads(threads: int) -> int:
    """GDAL's own compression threads per output (``SINKPLANNER_GDAL_THREADS``, default: the
    engine's thread count)."""
    env = os.environ.get("SINKPLANNER_GDAL_THREADS")
    return max(1, int(env)) if env else threads


def _overview_env(dtype: str, threads: int) -> dict[str, str]:
    """GDAL config for internal overviews: compressed like the full resolution."""
    return {"GDAL_NUM_THREADS": str(max(1, threads)), "COMPRESS_OVERVIEW": "DEFLATE",
            "ZLEVEL_OVERVIEW": "1", "PREDICTOR_OVERVIEW": _predictor(dtype),
            "GDAL_TIFF_OVR_BLOCKSIZE": str(QUANTUM), "SPARSE_OK_OVERVIEW": "ON"}


def _predictor(dtype: str) -> str:
    dt = np.dtype(dtype)
    if dt.kind == "f":
        return "3"
    return "2" if dt.itemsize > 1 else "1"


def overview_factors(grid: GridSpec, min_size: int = QUANTUM) -> list[int]:
    """Overview decimation factors 2, 4, ... while the overview is at least one tile."""
    factors = []
    f = 2
    while max(grid.width, grid.height) / f >= min_size:
        factors.append(f)
        f *= 2
    return factors


def cache_bytes(grid: GridSpec, block: tuple[int, int], n_outputs: int, threads: int) -> int:
    """GDAL block cache for a run: room for the blocks in flight of every output, 64-512 MB."""
    per_block = block[0] * min(block[1], grid.width) * 4 * max(1, n_outputs)
    return int(min(512 * 2**20, max(64 * 2**20, 2 * threads * per_block)))


# ---- the ordered reduction ----------------------------------------------------------------

class _OrderedSum:
    """Adds tile partials to a float64 total strictly in tile-index order."""

    def __init__(self, shape: tuple[int, ...], n_tiles: int) -> None:
        self.total = np.zeros(shape, dtype=np.float64)
        self.pending: dict[int, np.ndarray] = {}
        self.next = 0
        self.n_tiles = n_tiles
        self.max_pending = 0

    def add(self, parts: Sequence[tuple[int, np.ndarray]]) -> None:
        for ti, acc in parts:
            self.pending[ti] = acc
        self.max_pending = max(self.max_pending, len(self.pending))
        while self.next in self.pending:
            self.total += self.pending.pop(self.next)
            self.next += 1

    def result(self) -> np.ndarray:
        if self.next != self.n_tiles or self.pending:
            raise RuntimeError(f"reduction incomplete: {self.next} of {self.n_tiles} tiles")
        return self.total


def _reduce_shape(reduce: int | Sequence[int] | None) -> tuple[int, ...]:
    if reduce is None:
        return (0,)
    if isinstance(reduce, int | np.integer):
        return (int(reduce),)
    return tuple(int(v) for v in reduce)


# ---- the block function (shared by the thread engine and the dask path) -------------------

def compute_block(kernel: Callable[..., Any], arrays: Sequence[np.ndarray],
                  out_dtypes: Sequence[Any], win: Window, grid: GridSpec,
                  row_area: np.ndarray, acc_shape: tuple[int, ...], params: Sequence[Any],
                  quantum: int = QUANTUM) -> tuple[list[np.ndarray], list[tuple[int, np.ndarray]]]:
    """Run ``kernel`` on one window: returns the output arrays and the tile partials.

    ``row_area`` holds the cell area (ha) of every row of ``grid``.
    """
    h, w = int(win.height), int(win.width)
    r0 = int(win.row_off)
    outs = [np.empty((h, w), dtype=dt) for dt in out_dtypes]
    parts = []
    for ti, rs, cs in _tiles(win, grid, quantum):
        acc = np.zeros(acc_shape, dtype=np.float64)
        kernel(*[a[rs, cs] for a in arrays], *[o[rs, cs] for o in outs],
               row_area[r0 + rs.start:r0 + rs.stop], acc, *params)
        parts.append((ti, acc))
    return outs, parts


def _n_tiles(grid: GridSpec, quantum: int) -> int:
    return (-(-grid.height // quantum)) * (-(-grid.width // quantum))


def default_threads() -> int:
    return max(1, min(os.cpu_count() or 1, 32))


# ---- the thread engine --------------------------------------------------------------------

def run_blocks(kernel: Callable[..., Any], inputs: Mapping[str, str | Path],
               outputs: Mapping[str, OutputSpec], grid: GridSpec, *,
               params: Sequence[Any] = (), reduce: int | Sequence[int] | None = None,
               block_shape: int | tuple[int, int] | None = None, threads: int | None = None,
               progress: Progress | None = None, cancel: Cancel | None = None,
               out_dir: str | Path | None = None, overviews: bool = True,
               quantum: int = QUANTUM, stats: dict[str, Any] | None = None,
               check: Callable[[np.ndarray], None] | None = None,
               native: bool = True) -> np.ndarray:
    """Stream ``kernel`` over ``grid`` block by block and return the totals.

    ``inputs`` maps names to aligned rasters (band 1 is read), ``outputs`` maps names to
    :class:`OutputSpec`. ``reduce`` is the shape of the per-tile float64 accumulator the
    kernel adds to (the returned totals have that shape). ``progress(fraction, message)`` is
    called from the calling thread; ``cancel()`` is polled between blocks and, when it returns
    True, the run stops, every output is deleted and :class:`CancelledError` is raised.
    ``stats`` (optional dict) receives engine counters (blocks, max reorder buffer).
    ``check(block_totals)`` (optional) is called in the calling thread with each finished
    block's summed partials; raising from it aborts the run like a cancel (outputs deleted),
    e.g. to stop at the first block holding a class missing from a table. ``native=False``
    writes through rasterio and builds overviews after the run (slower; for comparison).
    """
    import rasterio

    threads = default_threads() if threads is None else max(1, int(threads))
    block = block_shape_for(grid, block_shape, quantum)
    acc_shape = _reduce_shape(reduce)
    check_inputs(inputs, grid)
    paths = _output_paths(outputs, out_dir)
    windows = list(iter_windows(grid, *block))
    n_blocks = len(windows)
    row_area = grid.row_area_ha()
    out_dtypes = [np.dtype(s.dtype) for s in outputs.values()]
    readers = _Readers(inputs)
    reducer = _OrderedSum(acc_shape, _n_tiles(grid, quantum))
    stop = threading.Event()

    def is_cancelled() -> bool:
        if stop.is_set():
            return True
        if cancel is not None and cancel():
            stop.set()
            return True
        return False

    with rasterio.Env(GDAL_CACHEMAX=cache_bytes(grid, block, len(outputs), threads)):
        writers = _Writers(outputs, paths, grid, compress_threads=threads, overviews=overviews,
                           native=native, block=block)
        try:
            def work(bi: int, win: Window) -> list[tuple[int, np.ndarray]] | None:
                if stop.is_set():
                    return None
                arrays = readers.read(win)
                outs, parts = compute_block(kernel, arrays, out_dtypes, win, grid, row_area,
                                            acc_shape, params, quantum)
                if stop.is_set():
                    return None
                writers.write(outs, win, start=bi)
                return parts

            done_blocks = 0
            if progress is not None:
                progress(0.0, format_message("progress_computing"))
            with ThreadPoolExecutor(max_workers=threads,
                                    thread_name_prefix="sinkplanner-block") as pool:
                in_flight: set[Future[Any]] = set()
                it = iter(enumerate(windows))
                exhausted = False
                try:
                    while True:
                        while not exhausted and len(in_flight) < 2 * threads:
                            if is_cancelled():
                                exhausted = True
                                break
                            nxt = next(it, None)
                            if nxt is None:
                                exhausted = True
                                break
                            in_flight.add(pool.submit(work, *nxt))
                        if not in_flight:
                            break
                        finished, in_flight = wait(in_flight, return_when=FIRST_COMPLETED)
                        for fut in finished:
                            parts = fut.result()
                            if parts is not None:
                                reducer.add(parts)
                                done_blocks += 1
                                if check is not None and parts:
                                    check(np.sum([acc for _, acc in parts], axis=0))
                        if progress is not None:
                            progress(0.9 * done_blocks / n_blocks if overviews else
                                     done_blocks / n_blocks,
                                     format_message("progress_block", done=done_blocks, total=n_blocks))
                        if is_cancelled():
                            exhausted = True
                except BaseException:
                    stop.set()
                    for fut in in_flight:
                        fut.cancel()
                    raise
            readers.close()
            if is_cancelled():
                raise CancelledError()
            writers.close()
            if overviews:
                if progress is not None:
                    progress(0.9, format_message("progress_overviews"))
                writers.build_overviews(grid, threads, is_cancelled)
            totals = reducer.result()
            writers.commit()
        except BaseException:
            readers.close()
            writers.discard()
            raise
    if stats is not None:
        stats.update(blocks=n_blocks, block_shape=block, threads=threads,
                     max_pending_tiles=reducer.max_pending)
    if progress is not None:
        progress(1.0, format_message("progress_done"))
    return totals


# ---- the dask path ------------------------------------------------------------------------

def _dask_block(kernel: Callable[..., Any], input_paths: tuple[str, ...], win: Window,
                grid_dict: dict[str, Any], out_dtypes: tuple[str, ...],
                acc_shape: tuple[int, ...], params: tuple[Any, ...], quantum: int
                ) -> tuple[list[np.ndarray], list[tuple[int, np.ndarray]]]:
    """One dask task: read the window (per-thread handles), run the same block function."""
    grid = GridSpec.from_dict(grid_dict)
    readers = _dask_readers(input_paths)
    arrays = [readers.get(str(i)).read(1, window=win) for i in range(len(input_paths))]
    r0, h = int(win.row_off), int(win.height)
    row_area = np.zeros(grid.height)
    row_area[r0:r0 + h] = grid.row_area_ha(r0, r0 + h)
    return compute_block(kernel, arrays, [np.dtype(d) for d in out_dtypes], win, grid,
                         row_area, acc_shape, params, quantum)


_DASK_READERS: dict[tuple[str, ...], _Readers] = {}
_DASK_LOCK = threading.Lock()


def _dask_readers(paths: tuple[str, ...]) -> _Readers:
    with _DASK_LOCK:
        r = _DASK_READERS.get(paths)
        if r is None:
            r = _DASK_READERS[paths] = _Readers({str(i): p for i, p in enumerate(paths)})
        return r


_DASK_WRITERS: dict[str, _Writers] = {}


class _DaskTarget:
    """A ``dask.array.store`` target writing into one open output dataset under its lock.

    It pickles as a key into this process's registry of open writers, so a distributed
    scheduler whose workers are threads of this process (``processes=False``) can ship it."""

    def __init__(self, key: str, name: str) -> None:
        self.key, self.name = key, name
        self.shape = None

    def __setitem__(self, key: tuple[slice, slice], value: np.ndarray) -> None:
        writers = _DASK_WRITERS.get(self.key)
        if writers is None:
            raise RuntimeError("dask store target used outside the process that opened the "
                               "outputs (use threads or distributed.Client(processes=False))")
        rs, cs = key
        win = Window(cs.start, rs.start, cs.stop - cs.start, rs.stop - rs.start)
        with writers.locks[self.name]:
            writers._write_one(self.name, np.asarray(value), win)


def run_blocks_dask(kernel: Callable[..., Any], inputs: Mapping[str, str | Path],
                    outputs: Mapping[str, OutputSpec], grid: GridSpec, *,
                    params: Sequence[Any] = (), reduce: int | Sequence[int] | None = None,
                    block_shape: int | tuple[int, int] | None = None,
                    scheduler: Any = "threads", out_dir: str | Path | None = None,
                    overviews: bool = True, quantum: int = QUANTUM) -> np.ndarray:
    """The same kernel and block function as :func:`run_blocks`, scheduled by dask.

    Each block is a ``dask.delayed`` task (:func:`compute_block` on the window, reading with
    per-worker handles); outputs are assembled with ``dask.array.block`` and written with
    ``dask.array.store`` into the temporary GeoTIFFs; the tile partials are combined in tile order,
    so the totals equal :func:`run_blocks`' bit for bit. ``scheduler`` is anything
    ``dask.compute`` accepts whose workers run in this process: "threads", "synchronous", or a
    ``distributed.Client(processes=False)``; the store tasks write into datasets opened here.
    (Worker processes would need the blocks sent back to be written here; not done.)
    """
    import dask
    import dask.array as da
    from dask.delayed import delayed

    block = block_shape_for(grid, block_shape, quantum)
    acc_shape = _reduce_shape(reduce)
    check_inputs(inputs, grid)
    paths = _output_paths(outputs, out_dir)
    in_paths = tuple(str(p) for p in inputs.values())
    out_dtypes = tuple(np.dtype(s.dtype).name for s in outputs.values())
    grid_dict = grid.to_dict()
    writers = _Writers(outputs, paths, grid, compress_threads=1, overviews=overviews,
                       block=block)
    try:
        tasks = []
        rows: list[list[list[Any]]] = [[] for _ in outputs]
        parts = []
        for r0 in range(0, grid.height, block[0]):
            row_blocks: list[list[Any]] = [[] for _ in outputs]
            for c0 in range(0, grid.width, block[1]):
                win = Window(c0, r0, min(block[1], grid.width - c0),
                             min(block[0], grid.height - r0))
                t = delayed(_dask_block)(
                    kernel, in_paths, win, grid_dict, out_dtypes, acc_shape, tuple(params),
                    quantum)
                tasks.append(t)
                for k, dt in enumerate(out_dtypes):
                    arr = da.from_delayed(t[0][k],  # type: ignore[no-untyped-call]
                                          shape=(int(win.height), int(win.width)), dtype=dt)
                    row_blocks[k].append(arr)
                parts.append(t[1])
            for k in range(len(outputs)):
                rows[k].append(row_blocks[k])
        arrays = [da.block(r) for r in rows]  # type: ignore[no-untyped-call]
        token = f"{os.getpid()}-{id(writers)}"
        _DASK_WRITERS[token] = writers
        targets: Any = [_DaskTarget(token, name) for name in writers.names]
        store = da.store(arrays, targets, lock=False, compute=False)
        _, part_lists = dask.compute(store, parts,  # type: ignore[attr-defined,no-untyped-call]
                                     scheduler=scheduler)
        reducer = _OrderedSum(acc_shape, _n_tiles(grid, quantum))
        for p in part_lists:
            reducer.add(p)
        writers.close()
        if overviews:
            writers.build_overviews(grid, 1, None)
        totals = reducer.result()
        writers.commit()
    except BaseException:
        writers.discard()
        raise
    finally:
        for token_key in [t for t, w in _DASK_WRITERS.items() if w is writers]:
            del _DASK_WRITERS[token_key]
        with _DASK_LOCK:
            r = _DASK_READERS.pop(in_paths, None)
        if r is not None:
            r.close()
    return totals


__all__ = [
    "DEFAULT_BLOCK", "QUANTUM", "OutputSpec", "block_shape_for", "cache_bytes", "check_inputs",
    "compute_block", "iter_windows", "overview_factors", "run_blocks", "run_blocks_dask",
]
