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
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numba
import numpy as np
import pandas as pd
from rasterio.windows import Window

from gis.align import CodePart, code_values
from gis.errors import CancelledError, InputError
from gis.grid import GridSpec
from gis.layers import Layer
from gis.messages import format_message

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

#: The packed zone code of a pixel (:attr:`PlanLayers.zones`): control-zone bits in bits 0-3,
#: the grassland grade code from this bit up (3 bits) — one byte; with wetland polygons two
#: bytes, bits 8-15 holding the wetland polygon's blue-carbon type (1-based row of the
#: blue-carbon table; 0 = none, or a type the table does not have).
GRADE_SHIFT = 4
WETLAND_SHIFT = 8
#: Grade code of a grassland polygon whose grade field is empty or absent: matches no
#: ``from_grade`` and, as in the carbon job, takes the class's pools.
GRADE_UNSTATED = len(GRADES) + 1
#: Red-line ``zone`` values that name a core zone (核心保护区 is the term of the red-line
#: regulations); any other value is a general zone.
REDLINE_CORE_NAMES = ("core", "核心区", "核心保护区", "redline_core")

_LC_BITS = 8
_GRADE_BITS = 3
_ZONE_BITS_N = 4


def zone_parts(*, redline: Layer | None = None, redline_zone_field: str = "zone",
               farmland: Layer | None = None, urban: Layer | None = None,
               grassland: Layer | None = None, grassland_grade_field: str = "grade",
               wetland: Layer | None = None, wetland_type_field: str = "type",
               blue_types: Sequence[str] = ()) -> list[CodePart]:
    """How the control-line, grassland and wetland polygon layers pack into the zone code
    raster (:func:`gis.align.align_codes`): red-line features by their zone field (core /
    general; general when the field is absent or empty), farmland and urban boundary by
    presence, grassland by degradation grade (:data:`GRADE_UNSTATED` when the field is absent
    or empty; an unknown grade is an input error naming the file) and wetland polygons by
    their type's row in ``blue_types`` (the blue-carbon table's types; a type not in it counts
    as none, as the carbon job reads it). With a wetland layer the code needs two bytes
    (:func:`zone_dtype`). Mangrove polygons are not needed: the carbon job gives a mangrove
    class its type whether or not a mangrove polygon covers it."""
    parts = []
    if redline is not None:
        field_name = _layer_field(redline, redline_zone_field)
        parts.append(CodePart(redline, 0, field_name,
                              tuple((n, REDLINE_CORE) for n in REDLINE_CORE_NAMES),
                              default=REDLINE_GENERAL, missing=REDLINE_GENERAL))
    if farmland is not None:
        parts.append(CodePart(farmland, 0, missing=FARMLAND))
    if urban is not None:
        parts.append(CodePart(urban, 0, missing=URBAN))
    if grassland is not None:
        field_name = _layer_field(grassland, grassland_grade_field)
        parts.append(CodePart(grassland, GRADE_SHIFT, field_name, tuple(GRADE_CODE.items()),
                              default=None, missing=GRADE_UNSTATED))
    if wetland is not None:
        field_name = _layer_field(wetland, wetland_type_field)
        parts.append(CodePart(wetland, WETLAND_SHIFT, field_name, wetland_codes(blue_types),
                              default=0, missing=0))
    return parts


def wetland_codes(blue_types: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """Wetland type text → code (1-based row of the blue-carbon table), keyed as the carbon job
    matches types (:func:`gis.align.code_values` also tries spaces and dashes as ``_``)."""
    if len(blue_types) > 255:
        raise ValueError("at most 255 blue-carbon types fit the zone code")
    from sinkmodels.sink import type_key

    return tuple((type_key(t), i + 1) for i, t in enumerate(blue_types))


def zone_dtype(parts: Sequence[CodePart]) -> str:
    """The zone raster's type: one byte, two with wetland polygons."""
    return "uint16" if any(p.shift >= WETLAND_SHIFT for p in parts) else "uint8"


def _layer_field(layer: Layer, name: str) -> str | None:
    """The layer's field called ``name`` in any letter case (a raster layer has none)."""
    fields = {f.lower(): f for f in getattr(layer, "fields", {})}
    return fields.get(name.lower())


def zone_codes(shape: tuple[int, int], *, redline: np.ndarray | None = None,
               redline_attrs: pd.DataFrame | None = None, farmland: np.ndarray | None = None,
               urban: np.ndarray | None = None, grassland: np.ndarray | None = None,
               grassland_attrs: pd.DataFrame | None = None, wetland: np.ndarray | None = None,
               wetland_attrs: pd.DataFrame | None = None, wetland_type_field: str = "type",
               blue_types: Sequence[str] = ()) -> np.ndarray:
    """The zone code raster from feature-id arrays (1-based, 0 = none) with their attributes
    indexed by id: the same codes :func:`zone_parts` burns from the polygons (uint8; uint16
    with wetland ids)."""
    out = np.zeros(shape, dtype=np.uint8 if wetland is None else np.uint16)
    if redline is not None:
        lut = _id_lut(redline_attrs, "zone", {n: REDLINE_CORE for n in REDLINE_CORE_NAMES},
                      REDLINE_GENERAL, REDLINE_GENERAL)
        out |= lut[np.minimum(redline, lut.shape[0] - 1)].astype(out.dtype)
    if farmland is not None:
        out |= np.where(farmland > 0, FARMLAND, 0).astype(out.dtype)
    if urban is not None:
        out |= np.where(urban > 0, URBAN, 0).astype(out.dtype)
    if grassland is not None:
        lut = _id_lut(grassland_attrs, "grade", GRADE_CODE, None, GRADE_UNSTATED)
        out |= (lut[np.minimum(grassland, lut.shape[0] - 1)] << GRADE_SHIFT).astype(out.dtype)
    if wetland is not None:
        lut = _id_lut(wetland_attrs, wetland_type_field, dict(wetland_codes(blue_types)), 0, 0)
        out |= (lut[np.minimum(wetland, lut.shape[0] - 1)] << WETLAND_SHIFT).astype(out.dtype)
    return out


def _id_lut(df: pd.DataFrame | None, column: str, codes: dict[str, int], default: int | None,
            missing: int) -> np.ndarray:
    """Lookup feature id → code (id 0 → 0; ids without a row → ``missing``)."""
    if df is None or len(df) == 0:
        return np.array([0, missing], dtype=np.int64)
    out = np.full(int(np.asarray(df.index).max()) + 2, missing, dtype=np.int64)
    out[0] = 0
    col = _field(df, column, ())
    if col is not None:
        out[np.asarray(df.index, dtype=np.int64)] = code_values(
            list(df[col]), codes, default, missing, str(df.attrs.get("source", "<table>")), col)
    return out


@dataclass
class PlanLayers:
    """The aligned inputs of the planner, all on ``grid``.

    Rasters are paths to GeoTIFFs on ``grid`` or in-memory arrays of its shape (tests).
    Compartments and townships are 1-based feature-id rasters (0 = no feature) with their
    attributes in a DataFrame indexed by feature id, as :func:`app.pipeline.prepare_inputs`
    delivers them. ``zones`` is the packed zone code raster (:data:`GRADE_SHIFT`: control-zone
    bits and grassland grade in one byte), made by :func:`zone_parts` at alignment or by
    :func:`zone_codes` from id arrays. ``legend`` has columns ``code``, ``class`` and
    ``ecosystem``.
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
    zones: Source | None = None
    landcover_nodata: int | None = 0

    def sources(self) -> dict[str, Source]:
        return {k: v for k, v in (("lc", self.landcover), ("comp", self.compartments),
                                  ("twp", self.townships), ("zones", self.zones))
                if v is not None}

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


# --------------------------------------------------------------------------------------------
# reading windows


class _Reader:
    """Per-thread window reader over paths (rasterio, one handle per thread) or arrays."""

    def __init__(self, sources: Mapping[str, Source]) -> None:
        self.sources = dict(sources)
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()

    def _ds(self, name: str) -> Any:
        cache = getattr(self._local, "ds", None)
        if cache is None:
            cache = self._local.ds = {}
        if name not in cache:
            import rasterio

            ds = rasterio.open(self.sources[name])
            with self._lock:
                self._all.append(ds)
            cache[name] = ds
        return cache[name]

    def read(self, name: str, window: Window) -> np.ndarray:
        src = self.sources[name]
        r0, c0 = int(window.row_off), int(window.col_off)
        h, w = int(window.height), int(window.width)
        if isinstance(src, np.ndarray):
            return src[r0:r0 + h, c0:c0 + w]
        return self._ds(name).read(1, window=window)  # type: ignore[no-any-return]

    def close(self) -> None:
        """Close every thread's handles (call once the workers are done)."""
        with self._lock:
            for ds in self._all:
                ds.close()
            self._all.clear()
        self._local = threading.local()


def block_windows(grid: GridSpec, block_rows: int = 1024) -> list[Window]:
    """Full-width row stripes, ``block_rows`` high (a multiple of the 256-px GeoTIFF tiles;
    1024 rows read about 2.5x faster than 256 on 8000-px-wide rasters)."""
    from gis.blocks import iter_windows  # the shared engine's windows: every model tiles alike

    return list(iter_windows(grid, block_rows))


# --------------------------------------------------------------------------------------------
# the key kernel


@dataclass(frozen=True)
class KeyPacking:
    """Bit layout of a cohort key: lc | grade | zone | wetland | township | compartment, where
    *wetland* (``blue_bits`` = 0 without wetland polygons) is the wetland polygon's type from
    the second byte of a two-byte zone code."""

    twp_bits: int
    comp_bits: int
    blue_bits: int = 0

    @property
    def shifts(self) -> tuple[int, int, int, int]:
        """Shifts of grade, zone, township and compartment (blue sits right below township)."""
        g = _LC_BITS
        z = g + _GRADE_BITS
        t = z + _ZONE_BITS_N + self.blue_bits
        c = t + self.twp_bits
        return g, z, t, c

    def decode(self, keys: np.ndarray) -> dict[str, np.ndarray]:
        g, z, t, c = self.shifts
        blue = (keys >> (z + _ZONE_BITS_N)) & ((1 << self.blue_bits) - 1)
        return {"lc": (keys & 0xFF).astype(np.int64),
                "grade": ((keys >> g) & 0x7).astype(np.int64),
                "zone": ((keys >> z) & 0xF).astype(np.int64),
                "wetland": blue.astype(np.int64),
                "twp": ((keys >> t) & ((1 << self.twp_bits) - 1)).astype(np.int64),
                "comp": (keys >> c).astype(np.int64)}


@numba.njit(nogil=True, cache=True)
def _row_keys(lc, comp, twp, zones, lc_nodata, twp_max, comp_max, sg, sz, st, sc,  # type: ignore[no-untyped-def] # noqa: ANN001
              out):  # pragma: no cover - jit
    """The cohort keys of one row of pixels (-1 = nodata), without branches: the compiler
    vectorises the loop. One call per row, so the call costs nothing (a call per pixel made
    the kernels ~10x slower, numba 0.62)."""
    sb = sz + 4  # the wetland type (zone code bits 8-15), right above the zone bits
    for j in range(lc.shape[0]):
        v = np.int64(lc[j])
        z = np.int64(zones[j])
        t = np.int64(twp[j])
        c = np.int64(comp[j])
        t = t if 0 <= t <= twp_max else np.int64(0)
        c = c if 0 <= c <= comp_max else np.int64(0)
        k = v | (((z >> 4) & 7) << sg) | ((z & 15) << sz) | ((z >> 8) << sb) | (t << st) | \
            (c << sc)
        out[j] = k if v != lc_nodata and 0 < v <= 255 else -1


@numba.njit(nogil=True, cache=True)
def _keys_kernel(lc, comp, twp, zones, lc_nodata, twp_max, comp_max, sg, sz, st, sc,  # type: ignore[no-untyped-def] # noqa: ANN001
                 out):  # pragma: no cover - jit
    for i in range(lc.shape[0]):
        _row_keys(lc[i], comp[i], twp[i], zones[i], lc_nodata, twp_max, comp_max, sg, sz, st,
                  sc, out[i])


@numba.njit(nogil=True, cache=True)
def _count_kernel(lc, comp, twp, zones, lc_nodata, twp_max, comp_max, sg, sz, st, sc,  # type: ignore[no-untyped-def] # noqa: ANN001
                  row_area, hkeys, hcount, harea):  # pragma: no cover - jit
    """Count pixels and area per key into an open-addressing hash table (linear probing).
    Returns the number of distinct keys, or -1 when the table is more than half full (the
    caller retries with a larger one)."""
    h, w = lc.shape
    size = hkeys.shape[0]
    mask = np.uint64(size - 1)
    mult = np.uint64(0x9E3779B97F4A7C15)
    used = 0
    row = np.empty(w + 1, dtype=np.int64)
    starts = np.empty(w + 1, dtype=np.int64)
    for i in range(h):
        # the keys of a row, then where each run of equal keys starts (both without branches);
        # only then one hash lookup per run: 1.9 ns per pixel, against 4.5 looking up every
        # pixel's key
        _row_keys(lc[i], comp[i], twp[i], zones[i], lc_nodata, twp_max, comp_max, sg, sz, st,
                  sc, row)
        row[w] = -2  # ends the last run
        starts[0] = 0
        n = 1
        for j in range(1, w + 1):
            starts[n] = j
            n += row[j] != row[j - 1]
        ra = row_area[i]
        for r in range(n - 1):
            k = row[starts[r]]
            if k < 0:
                continue
            run = starts[r + 1] - starts[r]
            slot = np.int64(((np.uint64(k) * mult) >> np.uint64(17)) & mask)
            while hkeys[slot] != -1 and hkeys[slot] != k:
                slot = (slot + 1) & (size - 1)
            if hkeys[slot] == -1:
                if 2 * (used + 1) > size:
                    return -1
                hkeys[slot] = k
                used += 1
            hcount[slot] += run
            harea[slot] += run * ra
    return used


def _bits(n: int) -> int:
    return max(1, int(n).bit_length())


class KeyMaker:
    """Computes the cohort key of every pixel of a window."""

    def __init__(self, layers: PlanLayers) -> None:
        self.layers = layers
        self.reader = _Reader(layers.sources())
        self.twp_max = self._max_id(layers.townships, layers.township_attrs)
        self.comp_max = self._max_id(layers.compartments, layers.compartment_attrs)
        self.packing = KeyPacking(_bits(self.twp_max), _bits(self.comp_max),
                                  8 if self._wide(layers.zones) else 0)
        if self.packing.shifts[3] + self.packing.comp_bits > 63:
            raise InputError("plan_too_many_features", path=_src(layers.compartments))
        nod = layers.landcover_nodata
        self.lc_nodata = -1 if nod is None else int(nod)

    @staticmethod
    def _wide(src: Source | None) -> bool:
        """Whether the zone code has the wetland byte (a wider integer type)."""
        if src is None:
            return False
        if isinstance(src, np.ndarray):
            return src.dtype.itemsize > 1
        import rasterio

        with rasterio.open(src) as ds:
            return bool(np.dtype(ds.dtypes[0]).itemsize > 1)

    @staticmethod
    def _max_id(src: Source | None, attrs: pd.DataFrame | None) -> int:
        if src is None:
            return 0
        if attrs is not None and len(attrs):
            return int(np.asarray(attrs.index).max())  # not max(): a Python loop
        if isinstance(src, np.ndarray):
            return int(src.max()) if src.size else 0
        return 2 ** 24 - 1

    def _arrays(self, window: Window) -> tuple[np.ndarray, list[np.ndarray]]:
        rd = self.reader
        lc = rd.read("lc", window)
        zeros = np.zeros(lc.shape, dtype=np.uint8)  # an absent layer: no feature anywhere
        arrs = [rd.read(n, window) if n in rd.sources else zeros
                for n in ("comp", "twp", "zones")]
        return lc, arrs

    def count(self, window: Window, row_area: np.ndarray, size_hint: int = 1 << 12
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sorted distinct keys, pixel counts, areas) of a window, in one fused pass."""
        lc, arrs = self._arrays(window)
        sg, sz, st, sc = self.packing.shifts
        size = max(1 << 10, int(size_hint))
        while True:
            hk = np.full(size, -1, dtype=np.int64)
            hc = np.zeros(size, dtype=np.int64)
            ha = np.zeros(size, dtype=np.float64)
            n = _count_kernel(lc, *arrs, self.lc_nodata, self.twp_max,  # type: ignore[call-arg]
                              self.comp_max, sg, sz, st, sc, row_area, hk, hc, ha)
            if n >= 0:
                break
            size *= 4
        occ = hk >= 0
        k, c, a = hk[occ], hc[occ], ha[occ]
        order = np.argsort(k)
        return k[order], c[order], a[order]

    def keys(self, window: Window) -> np.ndarray:
        lc, arrs = self._arrays(window)
        out = np.empty(lc.shape, dtype=np.int64)
        sg, sz, st, sc = self.packing.shifts
        _keys_kernel(lc, *arrs, self.lc_nodata, self.twp_max,  # type: ignore[call-arg]
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
        self.wetland = d["wetland"]  # wetland polygon's blue-carbon type, 1-based (0 = none)
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
                             "zone": self.zone, "grade": self.grade,
                             "wetland": self.wetland,
                             "pixels": self.pixels,
                             "area_ha": self.area_ha})


def _signature(layers: PlanLayers, maker: KeyMaker, windows: list[Window]) -> str | None:
    """A digest of everything the cohort table depends on; None for in-memory inputs."""
    import hashlib

    h = hashlib.sha256()
    for name, src in sorted(layers.sources().items()):
        if isinstance(src, np.ndarray):
            return None
        st = Path(src).stat()
        h.update(f"{name}|{Path(src).resolve()}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    h.update(repr(layers.grid.to_dict()).encode())
    h.update(repr([(int(w.row_off), int(w.col_off), int(w.height), int(w.width))
                   for w in windows]).encode())
    h.update(f"{maker.twp_max}|{maker.comp_max}|{maker.lc_nodata}|"
             f"{maker.packing.blue_bits}|4".encode())
    return h.hexdigest()[:24]


def _save(path: Path, ukeys: np.ndarray, pixels: np.ndarray, area: np.ndarray,
          block_index: list[np.ndarray], block_offset: list[np.ndarray]) -> None:
    from gis.io import atomic_path

    lens = np.array([b.shape[0] for b in block_index], dtype=np.int64)
    with atomic_path(path) as tmp, open(tmp, "wb") as f:
        np.savez(f, keys=ukeys, pixels=pixels, area=area, lens=lens,
                 index=np.concatenate(block_index) if block_index else np.zeros(0, np.int64),
                 offset=np.concatenate(block_offset) if block_offset else np.zeros(0, np.int64))


def _load(path: Path) -> tuple[Any, ...] | None:
    try:
        with np.load(path) as z:
            lens = z["lens"]
            cuts = np.cumsum(lens)[:-1]
            return (z["keys"], z["pixels"], z["area"], np.split(z["index"], cuts),
                    np.split(z["offset"], cuts))
    except (OSError, KeyError, ValueError):
        return None


def build_cohorts(layers: PlanLayers, *, block_rows: int = 1024, threads: int = 2,
                  progress: Progress = None, cancel: Cancel = None,
                  cache_dir: str | Path | None = None) -> CohortTable:
    """Read every planning input once, block by block, and aggregate pixels into cohorts.

    With ``cache_dir`` the table is stored there under a digest of the inputs (paths, sizes,
    modification times, grid, windows, zone and grade lookups) and reused by later runs on
    unchanged inputs, so only the first plan of a project pays for the raster pass."""
    grid = layers.grid
    maker = KeyMaker(layers)
    windows = block_windows(grid, block_rows)
    ntw = maker.twp_max + 1
    codes, names = layers.township_labels(ntw)
    sig = _signature(layers, maker, windows) if cache_dir is not None else None
    cache = Path(cache_dir) / f"cohorts-{sig}.npz" \
        if sig is not None and cache_dir is not None else None
    if cache is not None and cache.exists():
        loaded = _load(cache)
        if loaded is not None:
            maker.reader.close()
            if progress is not None:
                progress(1.0, format_message("progress_cohorts_cached"))
            return CohortTable(grid, layers, maker.packing,  # type: ignore[call-arg]
                               *loaded[:3], windows,
                               list(loaded[3]), list(loaded[4]), codes, names)
    geographic = grid.is_geographic
    px_area = None if geographic else grid.pixel_area_ha()

    hint = [1 << 16]  # hash slots per block to start with: retries redo a part of the block

    def one(win: Window) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if cancel is not None and cancel():
            raise CancelledError()
        r0 = int(win.row_off)
        rows = grid.row_area_ha(r0, r0 + int(win.height))
        ukeys, counts, areas = maker.count(win, rows, hint[0])
        hint[0] = max(hint[0], 1 << int(4 * ukeys.shape[0]).bit_length())
        if not geographic:
            areas = counts * px_area  # exact multiples for projected grids
        return ukeys, counts, areas

    try:
        results = _run(one, windows, threads, progress, "cohorts",
                       gdal_cache_bytes(grid, windows, layers.sources(), threads))
    finally:
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
    if cache is not None:
        try:
            _save(cache, ukeys, pixels, area, block_index, block_offset)
        except Exception:  # noqa: BLE001 - a cache that cannot be written is only slower
            pass
    return CohortTable(grid, layers, maker.packing, ukeys, pixels, area, windows, block_index,
                       block_offset, codes, names)


def gdal_cache_bytes(grid: GridSpec, windows: list[Window], sources: Mapping[str, Source],
                     threads: int) -> int:
    """GDAL block cache for reading ``sources`` window by window: room for the blocks in
    flight, 64-512 MB (with seven inputs the default cache made reads ~3x slower)."""
    import rasterio

    per_px = 0
    for src in sources.values():
        if isinstance(src, np.ndarray):
            continue
        with rasterio.open(src) as ds:
            per_px += np.dtype(ds.dtypes[0]).itemsize
    biggest = max((int(w.height) * int(w.width) for w in windows), default=0)
    return int(min(512 * 2**20, max(64 * 2**20, 2 * max(1, threads) * biggest * per_px)))


def _run(fn: Callable[[Window], Any], windows: list[Window], threads: int, progress: Progress,
         what: str, cache: int | None = None) -> list[Any]:
    if cache is not None:
        import rasterio

        with rasterio.Env(GDAL_CACHEMAX=cache):
            return _run(fn, windows, threads, progress, what)
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
def _assign_kernel(cidx, counter, ev_ptr, ev_end, out):   # type: ignore[no-untyped-def] # noqa: ANN001  # pragma: no cover
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
                e = q  # type: ignore[assignment]
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
               units: Mapping[str, str] | None = None, threads: int = 2,
               progress: Progress = None, cancel: Cancel = None) -> None:
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
            unit = (units or {}).get(name)
            if unit:  # as gis.blocks writes it: the legend and identify show it
                dsts[name].update_tags(units=unit)
                dsts[name].units = (unit,)
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
            if events.order.size:
                ev = np.where(ev >= 0, events.order[np.maximum(ev, 0)], ev)
            shape = (int(win.height), int(win.width))
            arrays = fn(cidx, ev, win)
            with lock:
                for name, arr in arrays.items():
                    dsts[name].write(np.asarray(arr).reshape(shape).astype(outputs[name][1]),
                                     1, window=win)

        try:
            _run(one, cohorts.windows, threads, progress, "maps",
                 gdal_cache_bytes(grid, cohorts.windows, cohorts.layers.sources(), threads))
        finally:
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
