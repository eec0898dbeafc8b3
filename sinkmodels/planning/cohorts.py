"""The one block-wise pass of the planner: pixels → cohorts.

A *cohort* is the set of pixels that share every attribute the planner looks at: land-cover code,
forest compartment (小班, which carries type, origin, age, volume, closure, land class,
category), township, control-zone membership (red line core / general, permanent basic
farmland, urban development boundary) and grassland degradation grade. Pixels of one cohort are
interchangeable for projection, rules and allocation, so the planner reads the rasters **once**,
block by block, builds the cohort table (area and pixel count per cohort), and then projects the
cohorts year by year. Per-pixel maps are made only for requested years, by a second pass that
recomputes each pixel's cohort and looks its value up (:func:`pixel_pass`).

Which pixels of a partly treated cohort carry an action is fixed by scan order: the first ``n``
pixels of the cohort (blocks in order, rows then columns inside a block) take the first event,
the next pixels the second event, and so on. The cohort pass records, per block, how many pixels
of each cohort came before it, so the map pass can run blocks in any order and in parallel and
still find exactly the pixels the totals were computed for.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd
from rasterio.windows import Window

from gis.errors import CancelledError, InputError
from gis.grid import GridSpec

Source = Path | str | np.ndarray
Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None

#: Control-zone bits of a pixel (a pixel may be in several zones).
REDLINE_CORE = 1
REDLINE_GENERAL = 2
FARMLAND = 4
URBAN = 8
ZONE_BITS = {"redline_core": REDLINE_CORE, "redline_general": REDLINE_GENERAL,
             "farmland": FARMLAND, "urban": URBAN}
N_ZONE_MASKS = 16

#: Grassland degradation grades; code 0 = the pixel is in no grassland polygon.
GRADES = ("none", "light", "moderate", "severe")
GRADE_CODE = {g: i + 1 for i, g in enumerate(GRADES)}

_LC_BITS = 8
_GRADE_BITS = 3
_ZONE_BITS_N = 4


@dataclass
class PlanLayers:
    """The aligned inputs of the planner, all on ``grid``.

    Rasters are paths to GeoTIFFs on ``grid`` or in-memory arrays of its shape (tests). Polygon
    layers are 1-based feature-id rasters (0 = no feature) with their attributes in a DataFrame
    indexed by feature id, as :func:`app.pipeline.prepare_inputs` delivers them.
    ``legend`` has columns ``code``, ``class`` and ``ecosystem``.
    """

    grid: GridSpec
    landcover: Source
    legend: pd.DataFrame
    compartments: Source | None = None
    compartment_attrs: pd.DataFrame | None = None
    townships: Source | None = None
    township_attrs: pd.DataFrame | None = None
    township_code_field: str = "XZDM"
    township_name_field: str = "XZMC"
    redline: Source | None = None
    redline_attrs: pd.DataFrame | None = None
    farmland: Source | None = None
    urban: Source | None = None
    grassland: Source | None = None
    grassland_attrs: pd.DataFrame | None = None
    landcover_nodata: int | None = 0

    def sources(self) -> dict[str, Source]:
        return {k: v for k, v in (("lc", self.landcover), ("comp", self.compartments),
                                  ("twp", self.townships), ("red", self.redline),
                                  ("farm", self.farmland), ("urban", self.urban),
                                  ("grass", self.grassland)) if v is not None}

    # ---- lookups from attribute tables --------------------------------------------------
    def redline_bits(self) -> np.ndarray:
        return _lut(self.redline_attrs, "zone", lambda z: REDLINE_CORE
                    if str(z).strip().lower() in ("core", "核心区", "redline_core")
                    else REDLINE_GENERAL, REDLINE_GENERAL)

    def grade_codes(self) -> np.ndarray:
        def code(g: Any) -> int:
            key = str(g).strip().lower()
            if key not in GRADE_CODE:
                raise InputError("plan_grade_unknown", path=_src(self.grassland), value=str(g),
                                 choices=", ".join(GRADES))
            return GRADE_CODE[key]
        return _lut(self.grassland_attrs, "grade", code, GRADE_CODE["none"])

    def township_labels(self, n: int) -> tuple[list[str], list[str]]:
        """(codes, names) for township ids 0..n-1 (id 0 = outside every township)."""
        codes = [""] * n
        names = [""] * n
        df = self.township_attrs
        if df is not None:
            cf = _field(df, self.township_code_field, ("XZDM", "code", "township"))
            nf = _field(df, self.township_name_field, ("XZMC", "name"))
            for fid in df.index:
                if 0 < int(fid) < n:
                    codes[int(fid)] = str(df.at[fid, cf]) if cf else str(fid)
                    names[int(fid)] = str(df.at[fid, nf]) if nf else codes[int(fid)]
        for i in range(1, n):
            if not codes[i]:
                codes[i] = str(i)
                names[i] = names[i] or str(i)
        return codes, names


def _src(s: Source | None) -> str:
    return "<array>" if isinstance(s, np.ndarray) or s is None else str(s)


def _field(df: pd.DataFrame, preferred: str, fallbacks: tuple[str, ...]) -> str | None:
    cols = {c.lower(): c for c in df.columns}
    for name in (preferred, *fallbacks):
        if name.lower() in cols:
            return str(cols[name.lower()])
    return None


def _lut(df: pd.DataFrame | None, column: str, fn: Callable[[Any], int], default: int) -> np.ndarray:
    """Lookup array feature id → code (id 0 → 0)."""
    if df is None or len(df) == 0:
        return np.array([0, default], dtype=np.int64)
    n = int(max(df.index)) + 1
    out = np.full(n, default, dtype=np.int64)
    out[0] = 0
    col = _field(df, column, ())
    if col is not None:
        for fid, v in zip(df.index, df[col], strict=True):
            if int(fid) > 0 and not (isinstance(v, float) and np.isnan(v)):
                out[int(fid)] = fn(v)
    return out


# --------------------------------------------------------------------------------------------
# reading windows


class _Reader:
    """Per-thread window reader over paths (rasterio, one handle per thread) or arrays."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = dict(sources)
        self._local = threading.local()

    def _ds(self, name: str) -> Any:
        cache = getattr(self._local, "ds", None)
        if cache is None:
            cache = self._local.ds = {}
        if name not in cache:
            import rasterio

            cache[name] = rasterio.open(self.sources[name])
        return cache[name]

    def read(self, name: str, window: Window) -> np.ndarray:
        src = self.sources[name]
        r0, c0 = int(window.row_off), int(window.col_off)
        h, w = int(window.height), int(window.width)
        if isinstance(src, np.ndarray):
            return src[r0:r0 + h, c0:c0 + w]
        return self._ds(name).read(1, window=window)

    def close(self) -> None:
        # handles of worker threads are closed when their thread-local storage is collected
        cache = getattr(self._local, "ds", None) or {}
        for ds in cache.values():
            ds.close()
        self._local.ds = {}


def block_windows(grid: GridSpec, block_rows: int = 256) -> list[Window]:
    """Full-width row stripes, ``block_rows`` high (a multiple of the 256-px GeoTIFF tiles)."""
    try:  # the shared engine's windows when available, so every model tiles alike
        from gis.blocks import iter_windows  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - engine not installed
        iter_windows = None
    if iter_windows is not None:
        try:
            wins = list(iter_windows(grid, block_rows))
            if wins and all(isinstance(w, Window) for w in wins):
                return sorted(wins, key=lambda w: (int(w.row_off), int(w.col_off)))
        except TypeError:
            pass
    return [Window(0, r, grid.width, min(block_rows, grid.height - r))
            for r in range(0, grid.height, block_rows)]


# --------------------------------------------------------------------------------------------
# the key kernel


@dataclass(frozen=True)
class KeyPacking:
    """Bit layout of a cohort key: lc | grade | zone | township | compartment."""

    twp_bits: int
    comp_bits: int

    @property
    def shifts(self) -> tuple[int, int, int, int]:
        g = _LC_BITS
        z = g + _GRADE_BITS
        t = z + _ZONE_BITS_N
        c = t + self.twp_bits
        return g, z, t, c

    def decode(self, keys: np.ndarray) -> dict[str, np.ndarray]:
        g, z, t, c = self.shifts
        return {"lc": (keys & 0xFF).astype(np.int64),
                "grade": ((keys >> g) & 0x7).astype(np.int64),
                "zone": ((keys >> z) & 0xF).astype(np.int64),
                "twp": ((keys >> t) & ((1 << self.twp_bits) - 1)).astype(np.int64),
                "comp": (keys >> c).astype(np.int64)}


@numba.njit(nogil=True, cache=True)
def _keys_kernel(lc, comp, twp, red, farm, urban, grass, red_bits, grade_lut,  # noqa: ANN001
                 lc_nodata, twp_max, comp_max, sg, sz, st, sc, out):  # pragma: no cover - jit
    h, w = lc.shape
    for i in range(h):
        for j in range(w):
            v = np.int64(lc[i, j])
            if v == lc_nodata or v <= 0 or v > 255:
                out[i, j] = -1
                continue
            zone = np.int64(0)
            r = np.int64(red[i, j])
            if 0 < r < red_bits.shape[0]:
                zone |= red_bits[r]
            if farm[i, j] > 0:
                zone |= 4
            if urban[i, j] > 0:
                zone |= 8
            g = np.int64(grass[i, j])
            gc = grade_lut[g] if 0 < g < grade_lut.shape[0] else np.int64(0)
            t = np.int64(twp[i, j])
            if t < 0 or t > twp_max:
                t = 0
            c = np.int64(comp[i, j])
            if c < 0 or c > comp_max:
                c = 0
            out[i, j] = v | (gc << sg) | (zone << sz) | (t << st) | (c << sc)


def _bits(n: int) -> int:
    return max(1, int(n).bit_length())


class KeyMaker:
    """Computes the cohort key of every pixel of a window."""

    def __init__(self, layers: PlanLayers) -> None:
        self.layers = layers
        self.reader = _Reader(layers.sources())
        self.red_bits = layers.redline_bits()
        self.grade_lut = layers.grade_codes()
        self.twp_max = self._max_id(layers.townships, layers.township_attrs)
        self.comp_max = self._max_id(layers.compartments, layers.compartment_attrs)
        self.packing = KeyPacking(_bits(self.twp_max), _bits(self.comp_max))
        if self.packing.shifts[3] + self.packing.comp_bits > 63:
            raise InputError("plan_too_many_features", path=_src(layers.compartments))
        nod = layers.landcover_nodata
        self.lc_nodata = -1 if nod is None else int(nod)

    @staticmethod
    def _max_id(src: Source | None, attrs: pd.DataFrame | None) -> int:
        if src is None:
            return 0
        if attrs is not None and len(attrs):
            return int(max(attrs.index))
        if isinstance(src, np.ndarray):
            return int(src.max()) if src.size else 0
        return 2 ** 24 - 1

    def keys(self, window: Window) -> np.ndarray:
        rd = self.reader
        lc = rd.read("lc", window)
        shape = lc.shape
        zeros = np.zeros(shape, dtype=np.int32)
        srcs = rd.sources
        arrs = [rd.read(n, window) if n in srcs else zeros
                for n in ("comp", "twp", "red", "farm", "urban", "grass")]
        out = np.empty(shape, dtype=np.int64)
        sg, sz, st, sc = self.packing.shifts
        _keys_kernel(lc, *arrs, self.red_bits, self.grade_lut, self.lc_nodata, self.twp_max,
                     self.comp_max, sg, sz, st, sc, out)
        return out


# --------------------------------------------------------------------------------------------
# the cohort table


@dataclass
class CohortTable:
    """Cohorts of one region: one row per distinct pixel key (sorted), with pixel count and
    area; plus what the map pass needs to find each cohort's pixels again."""

    grid: GridSpec
    layers: PlanLayers
    packing: KeyPacking
    keys: np.ndarray
    pixels: np.ndarray
    area_ha: np.ndarray
    windows: list[Window]
    block_index: list[np.ndarray] = field(repr=False)  # cohort ids present in each block
    block_offset: list[np.ndarray] = field(repr=False)  # pixels of those cohorts in earlier blocks
    township_codes: list[str] = field(default_factory=list)
    township_names: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        d = self.packing.decode(self.keys)
        self.lc = d["lc"]
        self.grade = d["grade"]
        self.zone = d["zone"]
        self.twp = d["twp"]
        self.comp = d["comp"]

    def __len__(self) -> int:
        return int(self.keys.shape[0])

    @property
    def n_townships(self) -> int:
        return len(self.township_codes)

    @property
    def mean_pixel_area_ha(self) -> np.ndarray:
        return np.where(self.pixels > 0, self.area_ha / np.maximum(self.pixels, 1), 0.0)

    def frame(self) -> pd.DataFrame:
        """The cohort table as a DataFrame (for inspection and tests)."""
        return pd.DataFrame({"lc": self.lc, "comp": self.comp, "township": self.twp,
                             "zone": self.zone, "grade": self.grade, "pixels": self.pixels,
                             "area_ha": self.area_ha})


def build_cohorts(layers: PlanLayers, *, block_rows: int = 256, threads: int = 2,
                  progress: Progress = None, cancel: Cancel = None) -> CohortTable:
    """Read every planning input once, block by block, and aggregate pixels into cohorts."""
    grid = layers.grid
    maker = KeyMaker(layers)
    windows = block_windows(grid, block_rows)
    geographic = grid.is_geographic
    px_area = None if geographic else grid.pixel_area_ha()

    def one(win: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if cancel is not None and cancel():
            raise CancelledError()
        keys = maker.keys(win).ravel()
        ukeys, inv, counts = np.unique(keys, return_inverse=True, return_counts=True)
        if geographic:
            rows = grid.row_area_ha(int(win.row_off), int(win.row_off + win.height))
            weights = np.repeat(rows, int(win.width))
            areas = np.bincount(inv.ravel(), weights=weights, minlength=ukeys.shape[0])
        else:
            areas = counts * px_area
        valid = ukeys >= 0
        return ukeys[valid], counts[valid].astype(np.int64), np.asarray(areas)[valid]

    results = _run(one, windows, threads, progress, "cohorts")
    maker.reader.close()
    allkeys = np.concatenate([r[0] for r in results]) if results else np.zeros(0, np.int64)
    ukeys, inv = np.unique(allkeys, return_inverse=True)
    pixels = np.bincount(inv, weights=np.concatenate([r[1] for r in results]),
                         minlength=ukeys.shape[0]).astype(np.int64) if results else np.zeros(0, np.int64)
    area = np.bincount(inv, weights=np.concatenate([r[2] for r in results]),
                       minlength=ukeys.shape[0]) if results else np.zeros(0)
    block_index: list[np.ndarray] = []
    block_offset: list[np.ndarray] = []
    seen = np.zeros(ukeys.shape[0], dtype=np.int64)
    pos = 0
    for r in results:
        n = r[0].shape[0]
        idx = inv[pos:pos + n].astype(np.int64)
        pos += n
        block_index.append(idx)
        block_offset.append(seen[idx].copy())
        seen[idx] += r[1]
    ntw = maker.twp_max + 1
    codes, names = layers.township_labels(ntw)
    return CohortTable(grid, layers, maker.packing, ukeys, pixels, area, windows, block_index,
                       block_offset, codes, names)


def _run(fn: Callable[[Window], Any], windows: list[Window], threads: int, progress: Progress,
         what: str) -> list[Any]:
    n = len(windows)
    out: list[Any] = [None] * n
    if threads <= 1 or n <= 1:
        for i, w in enumerate(windows):
            out[i] = fn(w)
            if progress is not None:
                progress((i + 1) / n, what)
        return out
    with ThreadPoolExecutor(max_workers=threads) as pool:
        futures = {pool.submit(fn, w): i for i, w in enumerate(windows)}
        done = 0
        try:
            for fut in _as_completed(futures):
                out[futures[fut]] = fut.result()
                done += 1
                if progress is not None:
                    progress(done / n, what)
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return out


def _as_completed(futures: Mapping[Any, int]) -> Iterator[Any]:
    from concurrent.futures import as_completed

    return as_completed(futures)


# --------------------------------------------------------------------------------------------
# the map pass


@numba.njit(nogil=True, cache=True)
def _assign_kernel(cidx, counter, ev_ptr, ev_end, out):  # noqa: ANN001  # pragma: no cover
    """For each pixel (scan order): its index inside its cohort → the event it belongs to
    (-1 = the untreated rest of the cohort, -2 = nodata)."""
    n = cidx.shape[0]
    for p in range(n):
        c = cidx[p]
        if c < 0:
            out[p] = -2
            continue
        k = counter[c]
        counter[c] = k + 1
        e = np.int64(-1)
        for q in range(ev_ptr[c], ev_ptr[c + 1]):
            if k < ev_end[q]:
                e = q
                break
        out[p] = e


@dataclass(frozen=True)
class EventIndex:
    """Events (treated pixel runs) grouped by cohort: events of cohort ``c`` are
    ``order[ptr[c]:ptr[c+1]]`` and hold the cohort's pixels ``[end[q-1], end[q])``."""

    ptr: np.ndarray
    end: np.ndarray
    order: np.ndarray

    @classmethod
    def build(cls, n_cohorts: int, cohort: np.ndarray, pixels: np.ndarray) -> EventIndex:
        """``cohort``/``pixels`` per event, in placement order (first placed = first pixels)."""
        cohort = np.asarray(cohort, dtype=np.int64)
        order = np.argsort(cohort, kind="stable")
        counts = np.bincount(cohort, minlength=n_cohorts)
        ptr = np.zeros(n_cohorts + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        px = np.asarray(pixels, dtype=np.int64)[order]
        end = np.empty_like(px)
        for c in np.flatnonzero(counts):
            s, e = ptr[c], ptr[c + 1]
            end[s:e] = np.cumsum(px[s:e])
        return cls(ptr, end, order)


def pixel_pass(cohorts: CohortTable, events: EventIndex,
               fn: Callable[[np.ndarray, np.ndarray, Window], Mapping[str, np.ndarray]],
               outputs: Mapping[str, tuple[Path, Any, float | int | None]], *,
               threads: int = 2, progress: Progress = None, cancel: Cancel = None) -> None:
    """Second pass: for each block find each pixel's cohort and event and write the arrays
    ``fn(cohort_idx, event_idx, window)`` returns into ``outputs`` (name → (path, dtype,
    nodata)). ``event_idx`` holds *original* event numbers (-1 untreated, -2 nodata)."""
    import rasterio

    from gis.io import atomic_path, geotiff_profile

    grid = cohorts.grid
    maker = KeyMaker(cohorts.layers)
    n = len(cohorts)
    lock = threading.Lock()
    with _ExitStack() as stack:
        dsts = {}
        for name, (path, dtype, nodata) in outputs.items():
            tmp = stack.enter(atomic_path(path))
            dsts[name] = stack.enter(rasterio.open(tmp, "w", **geotiff_profile(grid, dtype, nodata)))
        block_of = {(int(w.row_off), int(w.col_off)): i for i, w in enumerate(cohorts.windows)}

        def one(win: Window) -> None:
            if cancel is not None and cancel():
                raise CancelledError()
            b = block_of[(int(win.row_off), int(win.col_off))]
            keys = maker.keys(win).ravel()
            cidx = np.searchsorted(cohorts.keys, keys).astype(np.int64)
            cidx = np.minimum(cidx, max(n - 1, 0))
            ok = (keys >= 0) & (cohorts.keys[cidx] == keys) if n else np.zeros(keys.shape, bool)
            if np.any((keys >= 0) & ~ok):
                raise InputError("plan_inputs_changed", path=_src(cohorts.layers.landcover))
            cidx = np.where(ok, cidx, -1)
            counter = np.zeros(n, dtype=np.int64)
            counter[cohorts.block_index[b]] = cohorts.block_offset[b]
            ev = np.empty(keys.shape[0], dtype=np.int64)
            _assign_kernel(cidx, counter, events.ptr, events.end, ev)
            ev = np.where(ev >= 0, events.order[np.maximum(ev, 0)], ev)
            shape = (int(win.height), int(win.width))
            arrays = fn(cidx, ev, win)
            with lock:
                for name, arr in arrays.items():
                    dsts[name].write(np.asarray(arr).reshape(shape).astype(outputs[name][1]),
                                     1, window=win)

        _run(one, cohorts.windows, threads, progress, "maps")
        maker.reader.close()


class _ExitStack:
    """contextlib.ExitStack with a shorter name for entering."""

    def __init__(self) -> None:
        import contextlib

        self._stack = contextlib.ExitStack()

    def __enter__(self) -> _ExitStack:
        self._stack.__enter__()
        return self

    def enter(self, cm: Any) -> Any:
        return self._stack.enter_context(cm)

    def __exit__(self, *exc: Any) -> Any:
        return self._stack.__exit__(*exc)
