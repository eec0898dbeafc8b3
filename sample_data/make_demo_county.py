#!/usr/bin/env python
"""Generate the demo county (示范县, "Demo County"): a fictional subtropical coastal county.

    python sample_data/make_demo_county.py [--out DIR] [--cell-size METRES]

Everything is synthetic and deterministic: one fixed seed (``SEED``), numpy's PCG64 generator for
all randomness, smooth value-noise fields in world coordinates (metres, EPSG:4547) so classes form
coherent patches. The same seed and cell size always give the same files (GeoPackage timestamps
are pinned with ``OGR_CURRENT_DATE``). ``--cell-size 300`` makes a coarse variant of the same
landscape in a second or two (used by the tests); the committed data uses the default 30 m.

The landscape, from the sea inland: tidal flats, salt marsh and mangroves on the south/south-east
coast and in an estuary and a sheltered bay; aquaculture ponds on reclaimed land behind the shore;
a coastal plain and river valleys of paddy cropland, towns and villages; low hills of eucalyptus
and Masson pine; higher hills of Chinese fir and evergreen broadleaf forest with shrub and grass on
ridges and degraded slopes; a reservoir; a few quarries. 2025 differs from 2020 by urban expansion,
afforestation of barren land and shrub, mangrove planting, and a little forest loss.

Standalone on purpose (numpy, rasterio, shapely, geopandas, pyogrio): it does not import the app.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import rasterio
import shapely
from affine import Affine
from rasterio import features
from rasterio.enums import Resampling
from shapely.geometry import LineString, Point, Polygon, shape
from shapely.ops import substring

SEED = 20201231
CRS_PROJ = "EPSG:4547"  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
CRS_GEO = "EPSG:4490"  # CGCS2000 geographic
# the noise lattices cover this box (m); the raster grid is the county's bounds + a margin
BBOX = (452_000.0, 2_478_000.0, 550_000.0, 2_562_000.0)  # left, bottom, right, top
COUNTY_CODE = "441899"  # fictional county code (six digits, Guangdong-style)
GPKG_DATE = "2025-06-30T00:00:00Z"  # pinned GeoPackage timestamp (reproducible files)

# legend: code, name_en, name_zh, ecosystem, clcd, worldcover, sandiao, colour
LEGEND = [
    (1, "cropland", "耕地", "cropland", 1, 40, "01", "#f2d98c"),
    (2, "forest", "乔木林地", "forest", 2, 10, "0301", "#2f7d32"),
    (3, "shrub", "灌木林地", "forest", 3, 20, "0305", "#9bc45a"),
    (4, "grassland", "草地", "grassland", 4, 30, "04", "#d6e685"),
    (5, "water", "水域", "other", 5, 80, "11", "#3b7fc4"),
    (6, "inland marsh", "内陆沼泽", "wetland", 9, 90, "1108", "#69b8a8"),
    (7, "tidal flat", "沿海滩涂", "wetland", 9, 90, "1105", "#d8c8a0"),
    (8, "salt marsh", "盐沼", "wetland", 9, 90, "0402", "#a2d39c"),
    (9, "mangrove", "红树林地", "mangrove", 2, 95, "0303", "#0e5a3c"),
    (10, "built-up", "建设用地", "other", 8, 50, "20", "#d9473a"),
    (11, "barren", "裸地", "other", 7, 60, "1206", "#b3a58c"),
    (12, "aquaculture pond", "养殖坑塘", "other", 5, 80, "1104", "#8fc3e0"),
]
CROP, FOREST, SHRUB, GRASS, WATER, MARSH, FLAT, SALTM, MANG, BUILT, BARREN, POND = range(1, 13)

# Townships: code suffix, name, seed (river id, fraction along it), relative weight.
TOWNSHIPS = [
    ("101", "城关镇", ("main", 0.80), 1.35),
    ("102", "河口镇", ("main", 0.955), 1.0),
    ("103", "红树湾镇", ("east", 0.93), 1.0),
    ("104", "东湖镇", ("east", 0.62), 1.1),
    ("105", "白沙镇", ("west", 0.90), 1.0),
    ("106", "石门镇", ("shimen", 0.62), 1.05),
    ("107", "青峰镇", ("main", 0.22), 1.1),
    ("108", "大坪镇", ("north", 0.45), 1.0),
    ("109", "南岭镇", ("west", 0.45), 1.0),
    ("110", "龙潭镇", ("shimen", 0.18), 0.95),
]
# towns: (township index, built-up radius m)
TOWN_RADII = [3000, 1500, 1300, 1700, 1300, 1000, 850, 1000, 1000, 850]

# Forest types (codes used by tables/forest_types.csv), species (zh), Chapman-Richards
# V(t) = A (1 - exp(-k t))^c  [U] illustrative demo parameters (m3/ha, yr), typical age range
FOREST_TYPES = {
    "chinese_fir": (["杉木"], 260.0, 0.07, 2.2, (3, 35)),
    "masson_pine": (["马尾松"], 190.0, 0.055, 2.0, (5, 45)),
    "eucalyptus": (["尾巨桉", "尾叶桉", "巨尾桉"], 210.0, 0.22, 2.5, (1, 12)),
    "other_conifer": (["湿地松", "加勒比松"], 200.0, 0.07, 2.0, (5, 35)),
    "hard_broadleaf": (["木荷", "红锥", "樟树", "黧蒴锥"], 220.0, 0.035, 1.8, (10, 60)),
    "soft_broadleaf": (["台湾相思", "马占相思", "木麻黄"], 160.0, 0.10, 1.8, (4, 30)),
    "mixed_broadleaf": (["常绿阔叶混交林"], 210.0, 0.030, 1.6, (15, 70)),
    "mixed_conifer_broadleaf": (["马尾松木荷混交林", "杉木阔叶混交林"], 220.0, 0.040, 1.8,
                                (10, 60)),
    "bamboo": (["青皮竹", "麻竹", "撑篙竹"], 0.0, 0.0, 1.0, (3, 20)),
    "shrub": (["桃金娘灌丛", "岗松灌丛", "檵木灌丛", "灌木林"], 0.0, 0.0, 1.0, (5, 30)),
}
PLANTED_SHARE = {
    "chinese_fir": 0.95, "masson_pine": 0.45, "eucalyptus": 1.0, "other_conifer": 1.0,
    "hard_broadleaf": 0.35, "soft_broadleaf": 0.85, "mixed_broadleaf": 0.05,
    "mixed_conifer_broadleaf": 0.2, "bamboo": 0.6, "shrub": 0.0,
}


# ------------------------------------------------------------------------------------------
# value noise in world coordinates
# ------------------------------------------------------------------------------------------
def _cr_weights(f: np.ndarray) -> list[np.ndarray]:
    """Catmull-Rom cubic weights for taps -1, 0, 1, 2 at fractional offsets f."""
    f2, f3 = f * f, f * f * f
    return [(-f3 + 2 * f2 - f) * 0.5, (3 * f3 - 5 * f2 + 2) * 0.5,
            (-3 * f3 + 4 * f2 + f) * 0.5, (f3 - f2) * 0.5]


@dataclass
class Lattice:
    """Values on a regular lattice (x0, y0 = lower-left node, spacing s), interpolated cubically."""

    values: np.ndarray  # (ny, nx), row 0 at y0 (south)
    x0: float
    y0: float
    s: float

    def _idx(self, c: np.ndarray, c0: float, n: int) -> tuple[np.ndarray, np.ndarray]:
        t = np.clip((c - c0) / self.s, 1.0, n - 2.0001)
        i = np.floor(t).astype(np.int64)
        return i, (t - i).astype(np.float32)

    def grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Evaluate on the grid of column centres xs and row centres ys (separable)."""
        ny, nx = self.values.shape
        ix, fx = self._idx(xs, self.x0, nx)
        iy, fy = self._idx(ys, self.y0, ny)
        v = self.values
        tmp = sum(w[None, :] * v[:, ix + k - 1] for k, w in enumerate(_cr_weights(fx)))
        out = sum(w[:, None] * tmp[iy + k - 1, :] for k, w in enumerate(_cr_weights(fy)))
        return out.astype(np.float32)

    def points(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        ny, nx = self.values.shape
        x, y = np.atleast_1d(np.asarray(x, float)), np.atleast_1d(np.asarray(y, float))
        ix, fx = self._idx(x, self.x0, nx)
        iy, fy = self._idx(y, self.y0, ny)
        wx, wy = _cr_weights(fx), _cr_weights(fy)
        out = np.zeros(x.shape, np.float32)
        for j in range(4):
            for k in range(4):
                out += wy[j] * wx[k] * self.values[iy + j - 1, ix + k - 1]
        return out


def random_lattice(rng: np.random.Generator, spacing: float) -> Lattice:
    left, bottom, right, top = BBOX
    margin = 3 * spacing
    nx = int(math.ceil((right - left + 2 * margin) / spacing)) + 1
    ny = int(math.ceil((top - bottom + 2 * margin) / spacing)) + 1
    vals = rng.standard_normal((ny, nx)).astype(np.float32)
    return Lattice(vals, left - margin, bottom - margin, spacing)


class Fbm:
    """Fractal sum of value-noise octaves; roughly unit standard deviation."""

    def __init__(self, rng: np.random.Generator, spacing: float, octaves: int,
                 gain: float = 0.5) -> None:
        self.octaves = [random_lattice(rng, spacing / 2 ** i) for i in range(octaves)]
        amps = np.array([gain ** i for i in range(octaves)])
        self.amps = amps / math.sqrt((amps ** 2).sum()) * 1.22  # so that sd ~ 1

    def grid(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        out = np.zeros((len(ys), len(xs)), np.float32)
        for a, lat in zip(self.amps, self.octaves, strict=True):
            out += np.float32(a) * lat.grid(xs, ys)
        return out

    def points(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        out = 0.0
        for a, lat in zip(self.amps, self.octaves, strict=True):
            out = out + np.float32(a) * lat.points(x, y)
        return np.asarray(out, np.float32)


class Noise1D:
    """Smooth 1-D noise along a coordinate (for the coastline), tabulated every 10 m."""

    def __init__(self, rng: np.random.Generator, spacing: float, lo: float, hi: float,
                 octaves: int = 4) -> None:
        self.lat = []
        for i in range(octaves):
            s = spacing / 2 ** i
            n = int((hi - lo) / s) + 8
            self.lat.append((lo - 3 * s, s, rng.standard_normal(n), 0.5 ** i))
        step = (hi - lo) / 20_000 if hi - lo < 100 else 10.0
        self.tab_x = np.arange(lo, hi + step, step)
        self.tab_y = self._eval(self.tab_x)

    def _eval(self, v: np.ndarray) -> np.ndarray:
        out = np.zeros_like(v, dtype=float)
        for c0, s, vals, amp in self.lat:
            t = np.clip((v - c0) / s, 1.0, len(vals) - 2.0001)
            i = np.floor(t).astype(int)
            w = _cr_weights(t - i)
            out += amp * sum(w[k] * vals[i + k - 1] for k in range(4))
        return out * 0.6

    def __call__(self, v: np.ndarray) -> np.ndarray:
        return np.interp(v, self.tab_x, self.tab_y)


def smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


# ------------------------------------------------------------------------------------------
# the landscape skeleton: coast, rivers, towns
# ------------------------------------------------------------------------------------------
PHI = math.radians(22.0)  # the coast runs WSW -> ENE; the sea lies to the SSE
T_VEC = np.array([math.cos(PHI), math.sin(PHI)])  # along-coast unit vector
N_VEC = np.array([-math.sin(PHI), math.cos(PHI)])  # inland unit normal
P0 = np.array([501_000.0, 2_497_500.0])
V_EST = 4_000.0  # along-coast position of the estuary mouth (m)
V_BAY = 24_500.0  # the sheltered bay (红树湾)
V_WEST = -19_000.0  # a small river mouth on the exposed south-west coast


class Landscape:
    """All random structure, drawn once in a fixed order from the seeded generator."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.coast_n = Noise1D(rng, 9_000.0, -90_000.0, 90_000.0)
        self.width_n = Noise1D(rng, 4_000.0, -90_000.0, 90_000.0)
        self.outline_n = Noise1D(rng, 0.9, 0.0, 2 * math.pi + 0.1, octaves=5)
        self.n_env = Fbm(rng, 24_000.0, 3)
        self.n_relief = Fbm(rng, 9_000.0, 6)
        self.n_ridge = Fbm(rng, 5_000.0, 5)
        self.n_fine = Fbm(rng, 700.0, 3)
        self.n_crop = Fbm(rng, 5_000.0, 5)
        self.n_degr = Fbm(rng, 3_000.0, 5)
        self.n_mang = Fbm(rng, 1_500.0, 4)
        self.n_salt = Fbm(rng, 1_200.0, 4)
        self.n_town = Fbm(rng, 1_200.0, 4)
        self.n_orch = Fbm(rng, 1_800.0, 4)
        self.n_change = Fbm(rng, 1_200.0, 4)
        self.n_change2 = Fbm(rng, 2_000.0, 4)
        self.n_types = [Fbm(rng, 4_000.0, 3) for _ in FOREST_TYPES]
        self.n_site = Fbm(rng, 6_000.0, 3)
        self.n_grade = Fbm(rng, 2_000.0, 3)
        self.n_pond = Fbm(rng, 1_000.0, 3)
        self.n_warp = (Fbm(rng, 2_500.0, 3), Fbm(rng, 2_500.0, 3))
        self.n_twarp = Fbm(rng, 6_000.0, 3)
        self.n_red = Fbm(rng, 5_000.0, 3)
        self.rivers = self._make_rivers()
        self.towns = self._make_towns()
        # rivers for valleys: (main + tributaries), streams
        self.villages = self._make_villages()
        self.mines = self._make_mines()
        left, bottom, right, top = BBOX
        self.small_ponds = np.column_stack([self.rng.uniform(left, right, 3000),
                                            self.rng.uniform(bottom, top, 3000),
                                            self.rng.uniform(60.0, 260.0, 3000)])

    # -- coast -------------------------------------------------------------------------------
    @staticmethod
    def uv(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        dx, dy = x - P0[0], y - P0[1]
        return dx * N_VEC[0] + dy * N_VEC[1], dx * T_VEC[0] + dy * T_VEC[1]

    @staticmethod
    def xy(u: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return P0[0] + u * N_VEC[0] + v * T_VEC[0], P0[1] + u * N_VEC[1] + v * T_VEC[1]

    def bayness(self, v: np.ndarray) -> np.ndarray:
        return np.exp(-(((v - V_BAY) / 4_200.0) ** 2))

    def estuaryness(self, v: np.ndarray) -> np.ndarray:
        return np.exp(-(((v - V_EST) / 3_500.0) ** 2))

    def coast_u(self, v: np.ndarray) -> np.ndarray:
        """Inland offset of the shoreline (high-water line) at along-coast position v."""
        return (1_800.0 * self.coast_n(v) + 5_500.0 * self.bayness(v)
                + 1_200.0 * self.estuaryness(v) - 900.0 * np.exp(-(((v - 12_000) / 3_000) ** 2)))

    def intertidal_w(self, v: np.ndarray) -> np.ndarray:
        """Width of the intertidal zone (m) between the shoreline and the low-water line."""
        w = 350.0 + 250.0 * self.width_n(v) + 3_000.0 * self.bayness(v) \
            + 1_900.0 * self.estuaryness(v)
        return np.maximum(w, 150.0)

    # -- rivers ------------------------------------------------------------------------------
    def _meander(self, a: tuple[float, float], b: tuple[float, float], amp: float,
                 step: float = 150.0) -> np.ndarray:
        a_, b_ = np.asarray(a, float), np.asarray(b, float)
        length = float(np.hypot(*(b_ - a_)))
        n = max(int(length / step), 8)
        s = np.linspace(0.0, 1.0, n + 1)
        d = (b_ - a_) / length
        perp = np.array([-d[1], d[0]])
        lat = np.zeros_like(s)
        for freq, w in ((1.5, 1.0), (3.7, 0.45), (9.0, 0.18), (23.0, 0.06)):
            ph = self.rng.uniform(0, 2 * math.pi)
            lat += w * np.sin(2 * math.pi * freq * s * length / 40_000.0 + ph)
        lat *= amp * np.sin(math.pi * s) ** 0.7
        return a_[None, :] + s[:, None] * (b_ - a_)[None, :] + lat[:, None] * perp[None, :]

    def coast_point(self, v: float) -> tuple[float, float]:
        u = float(self.coast_u(np.array([v]))[0])
        x, y = self.xy(np.array(u), np.array(v))
        return float(x), float(y)

    def _make_rivers(self) -> dict[str, dict]:
        riv: dict[str, dict] = {}
        mouth = self.coast_point(V_EST)
        main = self._meander((468_500.0, 2_545_500.0), mouth, 3_500.0)
        # extend across the intertidal zone into the sea
        sea = np.array(mouth) - N_VEC * 4_500.0
        main = np.vstack([main, self._meander(mouth, tuple(sea), 200.0)[1:]])
        riv["main"] = {"xy": main, "order": 1}

        def at(name: str, frac: float) -> tuple[float, float]:
            line = LineString(riv[name]["xy"])
            p = line.interpolate(frac, normalized=True)
            return (p.x, p.y)

        riv["north"] = {"xy": self._meander((500_500.0, 2_551_000.0), at("main", 0.55),
                                            2_500.0), "order": 2}
        riv["shimen"] = {"xy": self._meander((530_500.0, 2_546_000.0), at("main", 0.80),
                                             2_800.0), "order": 2}
        riv["westtrib"] = {"xy": self._meander((465_000.0, 2_522_000.0), at("main", 0.62),
                                               1_800.0), "order": 2}
        riv["nw"] = {"xy": self._meander((481_000.0, 2_551_500.0), at("main", 0.30),
                                         1_200.0), "order": 2}
        bay_mouth = self.coast_point(V_BAY)
        riv["east"] = {"xy": self._meander((537_000.0, 2_536_000.0), bay_mouth, 2_200.0),
                       "order": 2}
        west_mouth = self.coast_point(V_WEST)
        riv["west"] = {"xy": self._meander((471_000.0, 2_530_000.0), west_mouth, 2_000.0),
                       "order": 2}
        # small streams joining the rivers (valleys only; not mapped as water)
        names = list(riv)
        streams = []
        for _ in range(70):
            parent = names[int(self.rng.integers(len(names)))]
            frac = self.rng.uniform(0.05, 0.92)
            j = at(parent, frac)
            ang = self.rng.uniform(0, 2 * math.pi)
            length = self.rng.uniform(2_500.0, 8_000.0)
            src = (j[0] + length * math.cos(ang), j[1] + length * math.sin(ang))
            streams.append(self._meander(src, j, length * 0.12, step=120.0))
        riv["_streams"] = {"xy": streams, "order": 3}
        return riv

    def river_line(self, name: str) -> LineString:
        return LineString(self.rivers[name]["xy"])

    def _make_towns(self) -> list[tuple[float, float, float]]:
        """Town seats on their rivers; each town is a cluster of irregular blobs."""
        towns, blobs = [], []
        for i, ((_, _, (rname, frac), _), r) in enumerate(zip(TOWNSHIPS, TOWN_RADII,
                                                                strict=True)):
            p = self.river_line(rname).interpolate(frac, normalized=True)
            towns.append((p.x, p.y, float(r)))
            blobs.append((p.x, p.y, 0.8 * r, i))
            for _ in range(int(self.rng.integers(3, 7))):
                ang = self.rng.uniform(0, 2 * math.pi)
                dist = r * self.rng.uniform(0.6, 1.5)
                blobs.append((p.x + dist * math.cos(ang), p.y + dist * math.sin(ang),
                              r * self.rng.uniform(0.22, 0.5), i))
        self.town_blobs = blobs
        return towns

    def _make_villages(self) -> np.ndarray:
        left, bottom, right, top = BBOX
        n = 16_000
        pts = np.column_stack([self.rng.uniform(left, right, n),
                               self.rng.uniform(bottom, top, n)])
        radii = self.rng.uniform(80.0, 300.0, n)
        keep_u = self.rng.uniform(0, 1, n)
        # irregular outlines: 9 vertices with random radii, random elongation and heading
        self.village_shape = (self.rng.uniform(0.55, 1.25, (n, 9)),
                              self.rng.uniform(1.0, 2.2, n), self.rng.uniform(0, math.pi, n))
        return np.column_stack([pts, radii, keep_u])

    def _make_mines(self) -> np.ndarray:
        left, bottom, right, top = BBOX
        pts = np.column_stack([self.rng.uniform(left, right, 400),
                               self.rng.uniform(bottom, top, 400),
                               self.rng.uniform(200.0, 600.0, 400)])
        return pts


# ------------------------------------------------------------------------------------------
# geometry helpers
# ------------------------------------------------------------------------------------------
@dataclass
class Grid:
    left: float
    top: float
    cell: float
    width: int
    height: int

    @property
    def transform(self) -> Affine:
        return Affine(self.cell, 0.0, self.left, 0.0, -self.cell, self.top)

    @property
    def xs(self) -> np.ndarray:
        return self.left + (np.arange(self.width) + 0.5) * self.cell

    @property
    def ys(self) -> np.ndarray:
        return self.top - (np.arange(self.height) + 0.5) * self.cell

    @property
    def pixel_ha(self) -> float:
        return self.cell * self.cell / 10_000.0


def make_grid(cell: float, bounds: tuple[float, float, float, float]) -> Grid:
    """The grid over ``bounds`` plus a margin, with edges on multiples of 300 m (so grids of
    different cell sizes that divide 300 m share edges)."""
    snap = 300.0
    left = math.floor(bounds[0] / snap) * snap - snap
    bottom = math.floor(bounds[1] / snap) * snap - snap
    right = math.ceil(bounds[2] / snap) * snap + snap
    top = math.ceil(bounds[3] / snap) * snap + snap
    return Grid(left, top, cell, int(round((right - left) / cell)),
                int(round((top - bottom) / cell)))


def chaikin(coords: np.ndarray, iterations: int = 2) -> np.ndarray:
    pts = coords[:-1] if np.allclose(coords[0], coords[-1]) else coords
    for _ in range(iterations):
        nxt = np.roll(pts, -1, axis=0)
        q = 0.75 * pts + 0.25 * nxt
        r = 0.25 * pts + 0.75 * nxt
        pts = np.empty((2 * len(pts), 2))
        pts[0::2], pts[1::2] = q, r
    return np.vstack([pts, pts[:1]])


def polygonize(labels: np.ndarray, mask: np.ndarray, transform: Affine
               ) -> tuple[list, np.ndarray]:
    geoms, vals = [], []
    for geom, val in features.shapes(labels, mask=mask, transform=transform, connectivity=4):
        geoms.append(shape(geom))
        vals.append(val)
    return geoms, np.asarray(vals, dtype=np.int64)


def clean_coverage(geoms: list, tolerance: float) -> np.ndarray:
    """Simplify a polygon coverage keeping shared edges shared (no gaps, no overlaps)."""
    arr = np.asarray(geoms, dtype=object)
    if tolerance > 0 and len(arr):
        arr = shapely.coverage_simplify(arr, tolerance)
    arr = shapely.make_valid(arr)
    arr = np.array([_polygonal(g) for g in arr], dtype=object)
    return arr


def _polygonal(g):
    """Keep only the polygonal parts of a geometry (make_valid can return collections)."""
    if g is None or g.is_empty:
        return shapely.Polygon()
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    if g.geom_type == "GeometryCollection":
        polys = [p for p in g.geoms if p.geom_type in ("Polygon", "MultiPolygon")]
        return shapely.union_all(polys) if polys else shapely.Polygon()
    return shapely.Polygon()


def rasterize(shapes_vals, grid: Grid, dtype="uint8", fill=0, all_touched=False) -> np.ndarray:
    shapes_vals = [(g, v) for g, v in shapes_vals if g is not None and not g.is_empty]
    if not shapes_vals:
        return np.full((grid.height, grid.width), fill, dtype=dtype)
    return features.rasterize(shapes_vals, out_shape=(grid.height, grid.width),
                              transform=grid.transform, fill=fill, dtype=dtype,
                              all_touched=all_touched)


def binary_dilate(m: np.ndarray, it: int = 1) -> np.ndarray:
    out = m.copy()
    for _ in range(it):
        o = out.copy()
        o[1:, :] |= out[:-1, :]
        o[:-1, :] |= out[1:, :]
        o[:, 1:] |= out[:, :-1]
        o[:, :-1] |= out[:, 1:]
        out = o
    return out


def mode_filter3(cls: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """Replace isolated pixels (no 4-neighbour of the same class) by the most common neighbour."""
    h, w = cls.shape
    pad = np.pad(cls, 1, mode="edge")
    neigh = np.stack([pad[:-2, 1:-1], pad[2:, 1:-1], pad[1:-1, :-2], pad[1:-1, 2:]])
    same = (neigh == cls[None]).any(axis=0)
    isolated = ~same & ~keep
    out = cls.copy()
    # most common neighbour value: pick the first neighbour that matches any other neighbour
    cand = neigh[0]
    for k in range(1, 4):
        agree = (neigh[k] == neigh[(k + 1) % 4]) | (neigh[k] == neigh[(k + 2) % 4])
        cand = np.where(agree, neigh[k], cand)
    out[isolated] = cand[isolated]
    return out


# ------------------------------------------------------------------------------------------
# the county
# ------------------------------------------------------------------------------------------
def county_polygon(L: Landscape) -> Polygon:
    """Inland outline (a noisy super-ellipse) cut by the low-water line on the coast."""
    cx, cy, a, b, p = 500_500.0, 2_521_000.0, 37_500.0, 31_500.0, 2.6
    th = np.linspace(0.0, 2 * math.pi, 1440, endpoint=False)
    ct, st = np.cos(th), np.sin(th)
    r = 1.0 / ((np.abs(ct) / a) ** p + (np.abs(st) / b) ** p) ** (1 / p)
    r = r * (1.0 + 0.085 * L.outline_n(th))
    inland = Polygon(np.column_stack([cx + r * ct, cy + r * st])).buffer(0)
    v = np.arange(-95_000.0, 95_001.0, 100.0)
    u = L.coast_u(v) - L.intertidal_w(v)
    lx, ly = L.xy(u, v)
    far = 120_000.0
    ex, ey = L.xy(np.array([far, far]), np.array([v[-1], v[0]]))
    landside = Polygon(np.column_stack([np.r_[lx, ex], np.r_[ly, ey]])).buffer(0)
    poly = inland.intersection(landside)
    if poly.geom_type == "MultiPolygon":
        poly = max(poly.geoms, key=lambda g: g.area)
    poly = Polygon(poly.exterior)
    poly = shapely.simplify(poly, 25.0)
    return shapely.set_precision(poly, 0.01)


def township_polygons(L: Landscape, county: Polygon) -> list:
    """Warped, weighted Voronoi of the town seats on a 250 m lattice, clipped to the county."""
    s = 250.0
    left, bottom, right, top = BBOX
    g = Grid(left - 2 * s, top + 2 * s, s, int((right - left) / s) + 4,
             int((top - bottom) / s) + 4)
    X, Y = np.meshgrid(g.xs, g.ys)
    X = X + L.n_twarp.grid(g.xs, g.ys) * 2_200.0
    Y = Y + L.n_red.grid(g.xs, g.ys) * 2_200.0
    best = np.full(X.shape, np.inf)
    lab = np.zeros(X.shape, np.int32)
    for i, ((tx, ty, _), (_, _, _, w)) in enumerate(zip(L.towns, TOWNSHIPS, strict=True)):
        d = np.hypot(X - tx, Y - ty) / w
        better = d < best
        best[better] = d[better]
        lab[better] = i + 1
    geoms, vals = polygonize(lab, np.ones_like(lab, bool), g.transform)
    geoms = clean_coverage(geoms, 180.0)
    out = []
    for i in range(len(TOWNSHIPS)):
        parts = [gm for gm, vv in zip(geoms, vals, strict=True) if vv == i + 1]
        gm = _polygonal(shapely.union_all(parts).intersection(county))
        if gm.geom_type == "MultiPolygon":  # keep the main part; exclaves go to neighbours
            gm = max(gm.geoms, key=lambda p: p.area)
        out.append(gm)
    rest = county.difference(shapely.union_all(out))
    pieces = [p for p in getattr(rest, "geoms", [rest]) if p.area > 1.0]
    for piece in sorted(pieces, key=lambda p: -p.area):
        shared = [piece.buffer(1.0).intersection(o).area for o in out]
        k = int(np.argmax(shared))
        out[k] = _polygonal(shapely.union_all([out[k], piece]))
    return out


# ------------------------------------------------------------------------------------------
# terrain and land cover
# ------------------------------------------------------------------------------------------
def valley_distances(L: Landscape, grid: Grid) -> dict[str, np.ndarray]:
    """Distance (m) to the main river, the tributaries and the streams, on a 150 m lattice,
    interpolated to the grid (a coarser lattice for coarse grids)."""
    s = max(150.0, grid.cell)
    left, bottom, right, top = BBOX
    nx = int((right - left) / s) + 9
    ny = int((top - bottom) / s) + 9
    lx = left - 4 * s + np.arange(nx) * s
    ly = bottom - 4 * s + np.arange(ny) * s
    X, Y = np.meshgrid(lx, ly)
    pts = shapely.points(X.ravel(), Y.ravel())
    out = {}
    groups = {
        "main": [L.river_line("main")],
        "trib": [L.river_line(n) for n, r in L.rivers.items() if r["order"] == 2],
        "stream": [LineString(c) for c in L.rivers["_streams"]["xy"]],
    }
    reach = {"main": 15_000.0, "trib": 5_000.0, "stream": 2_000.0}  # valleys fade out by then
    for key, lines in groups.items():
        segs = []
        for ln in lines:
            c = np.asarray(ln.coords)
            segs.extend(shapely.linestrings(np.stack([c[:-1], c[1:]], axis=1)))
        tree = shapely.STRtree(segs)
        (ipt, _), d_ = tree.query_nearest(pts, max_distance=reach[key], return_distance=True,
                                          all_matches=False)
        dist = np.full(len(pts), reach[key])
        dist[ipt] = d_
        lat = Lattice(dist.reshape(ny, nx).astype(np.float32), lx[0], ly[0], s)
        out[key] = np.maximum(lat.grid(grid.xs, grid.ys), 0.0)
    return out


def terrain(L: Landscape, grid: Grid, dist: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    xs, ys = grid.xs, grid.ys
    X, Y = np.meshgrid(xs.astype(np.float64), ys.astype(np.float64))
    u, v = L.uv(X, Y)
    d = (u - L.coast_u(v)).astype(np.float32)  # metres inland of the shoreline
    del X, Y, u
    env = L.n_env.grid(xs, ys)
    relief_n = L.n_relief.grid(xs, ys)
    ridge = np.clip(1.0 - np.abs(L.n_ridge.grid(xs, ys)), 0.0, 1.0)
    fine = L.n_fine.grid(xs, ys)
    # mountain envelope: low near the coast, high inland, highest in the north-west (青峰山)
    inland = smoothstep((d - 7_000.0 - 5_000.0 * env) / 18_000.0)
    Xc = xs[None, :] - 487_000.0
    Yc = ys[:, None] - 2_540_000.0
    peak = np.exp(-(Xc ** 2 + Yc ** 2) / (2 * 7_500.0 ** 2)).astype(np.float32)
    coastal_hills = np.clip(relief_n - 0.45, 0, None) * smoothstep(1.0 - d / 9_000.0) * \
        smoothstep(d / 900.0)
    mtn = inland * (0.45 + 0.35 * env) + 0.55 * peak + 0.9 * coastal_hills
    relief = 720.0 * np.clip(mtn, 0, None) * np.clip(
        0.45 * ridge ** 1.5 + 0.4 * (relief_n * 0.5 + 0.5) + 0.15, 0.05, None)
    # valleys: floodplain of the main river wide downstream, tributaries, streams
    downstream = smoothstep(1.0 - d / 30_000.0)
    w_main = 900.0 + 2_600.0 * downstream
    vf = (1.0 - np.exp(-(dist["main"] / w_main) ** 2)) * \
        (1.0 - np.exp(-(dist["trib"] / 950.0) ** 2)) * \
        (1.0 - 0.65 * np.exp(-(dist["stream"] / 380.0) ** 2))
    base = 2.0 + 0.0006 * np.clip(d, 0, None) + 15.0 * inland
    h = base + relief * vf + 6.0 * fine * smoothstep(d / 500.0)
    h = np.where(d < 0, d * 0.004, h).astype(np.float32)  # intertidal: slightly below 0
    gy, gx = np.gradient(h, grid.cell)
    slope = np.degrees(np.arctan(np.hypot(gx, gy))).astype(np.float32)
    return {"d": d, "v": v.astype(np.float32), "h": h, "slope": slope, "vf": vf, "env": env,
            "ridge": ridge, "fine": fine}


def blob_mask(grid: Grid, cx: float, cy: float, r: float, noise: np.ndarray | None,
              amp: float = 0.35) -> tuple[np.ndarray, slice, slice]:
    """Boolean mask of an irregular disc (windowed); returns (mask, rows, cols)."""
    pad = r * (1 + 2 * amp) + grid.cell
    c0 = max(int((cx - pad - grid.left) / grid.cell), 0)
    c1 = min(int((cx + pad - grid.left) / grid.cell) + 1, grid.width)
    r0 = max(int((grid.top - (cy + pad)) / grid.cell), 0)
    r1 = min(int((grid.top - (cy - pad)) / grid.cell) + 1, grid.height)
    rs, cs = slice(r0, r1), slice(c0, c1)
    if r1 <= r0 or c1 <= c0:
        return np.zeros((0, 0), bool), rs, cs
    xs, ys = grid.xs[cs], grid.ys[rs]
    dd = np.hypot(xs[None, :] - cx, ys[:, None] - cy)
    rr = r * (1.0 + amp * noise[rs, cs]) if noise is not None else r
    return dd < rr, rs, cs


def landcover(L: Landscape, grid: Grid, county_mask: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, dict]:
    t0 = time.time()
    dist = valley_distances(L, grid)
    T = terrain(L, grid, dist)
    d, v, h, slope, vf = T["d"], T["v"], T["h"], T["slope"], T["vf"]
    xs, ys = grid.xs, grid.ys
    print(f"  terrain {time.time() - t0:.1f}s", flush=True)
    bay = L.bayness(v).astype(np.float32)
    est = L.estuaryness(v).astype(np.float32)
    w = L.intertidal_w(v).astype(np.float32)
    cls = np.zeros(h.shape, np.uint8)

    n_crop = L.n_crop.grid(xs, ys)
    n_degr = L.n_degr.grid(xs, ys)
    n_orch = L.n_orch.grid(xs, ys)
    fine = T["fine"]

    # --- inland land cover ------------------------------------------------------------------
    land = d >= 0
    flat = slope < 4.5 + 2.0 * n_crop
    crop_h = 42.0 + 22.0 * n_crop
    crop = land & (((h < crop_h) & (slope < 7.5)) | ((vf < 0.22) & flat & (h < 300.0)))
    cls[land] = FOREST
    cls[crop] = CROP
    # orchards / plantations and grassy patches on the plain edge
    cls[crop & (n_orch > 0.85) & (h > 8.0)] = FOREST
    cls[crop & (n_orch < -1.45) & (h > 6.0)] = GRASS
    # shrub and grass on ridges and degraded slopes
    hill = land & ~crop
    hn = h + 50.0 * fine
    ridge = T["ridge"]
    shrub = hill & ((((ridge + 0.10 * n_degr) > 0.86) & (hn > 280.0)) | (n_degr > 1.55))
    grass = hill & ((((ridge + 0.08 * n_degr) > 0.93) & (hn > 480.0))
                    | ((n_degr > 2.05) & (hn > 80.0)) | (hn > 820.0))
    cls[shrub] = SHRUB
    cls[grass] = GRASS
    # coastal hills nearer the sea are shrubby
    cls[hill & (d < 1_500.0) & (n_degr > 0.4)] = SHRUB

    # --- intertidal -------------------------------------------------------------------------
    tidal = d < 0
    depth = np.clip(-d / w, 0, 1.5)  # 0 at the shoreline, 1 at the low-water line
    n_m = L.n_mang.grid(xs, ys)
    n_s = L.n_salt.grid(xs, ys)
    shelter = np.clip(bay + 0.9 * est + 0.9 * np.exp(-dist["main"] / 2_500.0) * (d > -6000), 0, 1)
    cls[tidal] = FLAT
    salt = tidal & (depth < 0.20 + 0.12 * n_s) & (n_s > -0.3)
    mang = tidal & (depth < 0.12 + 0.35 * shelter + 0.15 * n_m) & (shelter > 0.25) & \
        (n_m > -0.2 - 0.5 * shelter)
    cls[salt] = SALTM
    cls[mang] = MANG
    # estuary: open water in the channel, flats and mangroves along its sides
    est_hw = 70.0 + 850.0 * np.exp(-np.clip(d + 1_500.0, 0, None) / 2_800.0)
    est_w = (dist["main"] < est_hw) & (d < 9_000.0)
    margin = (dist["main"] < est_hw * 1.35 + 180.0) & (d < 6_000.0) & (d > -1_500.0) & \
        ~est_w & (h < 4.0)
    cls[margin & (n_m > -0.2)] = FLAT
    cls[margin & (n_m > 0.25)] = MANG
    cls[est_w] = WATER
    # beaches on the exposed coast (barren sand)
    beach = (d >= 0) & (d < 90.0 + 60.0 * fine) & (shelter < 0.08) & (h < 6)
    cls[beach] = BARREN

    # --- aquaculture ponds on reclaimed land behind the shore -------------------------------
    n_pond = L.n_pond.grid(xs, ys)
    pond_w = 900.0 + 3_500.0 * est + 2_000.0 * bay + 700.0 * n_pond
    pond_zone = (d >= 60.0) & (d < pond_w) & (h < 11.0) & (cls != WATER)
    # freshwater fish ponds on the lower floodplain (dike-pond land)
    pond_zone |= land & (d < 14_000.0) & (dist["main"] < 2_500.0) & (h < 12.0) & \
        (n_pond > 0.9) & (cls == CROP)
    pond_zone |= tidal & (depth < 0.35) & (est > 0.45) & (n_pond > 0.5) & ~mang
    X = xs[None, :] - P0[0]
    Y = ys[:, None] - P0[1]
    a = X * T_VEC[0] + Y * T_VEC[1]
    b = X * N_VEC[0] + Y * N_VEC[1]
    ia, ib = np.floor(a / 420.0), np.floor(b / 260.0)
    cell_rand = np.sin(ia * 12.9898 + ib * 78.233) * 43758.5453
    cell_rand = cell_rand - np.floor(cell_rand)
    dike = ((a % 420.0) < grid.cell) | ((b % 260.0) < grid.cell)
    pond = pond_zone & (cell_rand < 0.86) & ~dike
    cls[pond] = POND
    cls[pond_zone & dike & (cls != WATER) & tidal] = FLAT
    del X, Y, a, b, ia, ib, cell_rand, dike

    # --- inland marsh: low wet hollows on the lower floodplain -------------------------------
    for rname, frac, r in (("main", 0.86, 900.0), ("main", 0.905, 650.0), ("east", 0.8, 700.0),
                           ("west", 0.75, 500.0), ("westtrib", 0.9, 450.0)):
        p = L.river_line(rname).interpolate(frac, normalized=True)
        m, rs, cs = blob_mask(grid, p.x, p.y, r, n_m, 0.5)
        if m.size:
            ok = (h[rs, cs] < 25.0) & np.isin(cls[rs, cs], [CROP, GRASS, FOREST]) & \
                (slope[rs, cs] < 5.0)
            sub = cls[rs, cs]
            sub[m & ok] = MARSH

    # --- reservoir (石门水库) -------------------------------------------------------------------
    res_line = L.river_line("shimen")
    dam = res_line.interpolate(0.40, normalized=True)
    up = res_line.interpolate(0.37, normalized=True)
    flow = np.array([dam.x - up.x, dam.y - up.y])
    flow /= np.hypot(*flow)
    r_c = int((grid.top - dam.y) / grid.cell)
    c_c = int((dam.x - grid.left) / grid.cell)
    half = int(7_000 / grid.cell)
    rs = slice(max(r_c - half, 0), min(r_c + half, grid.height))
    cs = slice(max(c_c - half, 0), min(c_c + half, grid.width))
    hw_ = h[rs, cs]
    crest = float(h[r_c, c_c]) + 32.0
    XX = xs[cs][None, :] - dam.x
    YY = ys[rs][:, None] - dam.y
    allowed = (hw_ < crest) & ((XX * flow[0] + YY * flow[1]) < 0) & (np.hypot(XX, YY) < 6_500)
    region = np.zeros_like(allowed)
    sr = int((grid.top - up.y) / grid.cell) - rs.start
    sc = int((up.x - grid.left) / grid.cell) - cs.start
    region[max(sr - 1, 0):sr + 2, max(sc - 1, 0):sc + 2] = True
    region &= allowed
    for _ in range(2_000):
        nxt = binary_dilate(region) & allowed
        if nxt.sum() == region.sum():
            break
        region = nxt
    res_mask = np.zeros(h.shape, bool)
    res_mask[rs, cs] = region
    cls[res_mask] = WATER
    # marsh at the reservoir tail
    tail = binary_dilate(res_mask, max(int(90 / grid.cell), 1)) & ~res_mask & (slope < 6) & land
    cls[tail & (n_m > 0.0)] = MARSH

    # --- rivers --------------------------------------------------------------------------------
    river_shapes = []
    for name, r in L.rivers.items():
        if name.startswith("_"):
            continue
        ln = LineString(r["xy"])
        width = 90.0 if name == "main" else 45.0
        river_shapes.append((ln.buffer(width / 2, cap_style="flat"), 1))
    rivers = rasterize(river_shapes, grid, all_touched=grid.cell > 60) == 1
    cls[rivers & (cls != POND)] = WATER

    # --- built-up: towns, villages, roads, quarries -----------------------------------------
    n_town = L.n_town.grid(xs, ys)
    built = np.zeros(h.shape, bool)
    town_id = np.zeros(h.shape, np.uint8)
    for tx, ty, r, i in L.town_blobs:
        m, rs, cs = blob_mask(grid, tx, ty, r, n_town, 0.5)
        if m.size:
            ok = (slope[rs, cs] < 9.0) & (h[rs, cs] < 120.0) & (d[rs, cs] > 100.0) & \
                (cls[rs, cs] != WATER)
            built[rs, cs] |= m & ok
            sub = town_id[rs, cs]
            sub[m & ok] = i + 1
    # villages: on flat low land, denser on the plain
    vx, vy, vr, vu = L.villages.T
    vh_ok = np.zeros(len(vx), bool)
    col = ((vx - grid.left) / grid.cell).astype(int).clip(0, grid.width - 1)
    row = ((grid.top - vy) / grid.cell).astype(int).clip(0, grid.height - 1)
    hh, ss, dd_, cc = h[row, col], slope[row, col], d[row, col], cls[row, col]
    vh_ok = (cc == CROP) & (ss < 6) & (dd_ > 300) & (vu < np.where(hh < 30, 0.8, 0.5))
    village_shapes = []
    rad, elong, head = L.village_shape
    th = np.linspace(0, 2 * math.pi, 9, endpoint=False)
    for i in np.flatnonzero(vh_ok):
        rr = vr[i] * rad[i] / math.sqrt(elong[i])
        px_, py_ = rr * np.cos(th) * elong[i], rr * np.sin(th)
        ch, sh = math.cos(head[i]), math.sin(head[i])
        ring = np.column_stack([vx[i] + px_ * ch - py_ * sh, vy[i] + px_ * sh + py_ * ch])
        village_shapes.append((Polygon(chaikin(np.vstack([ring, ring[:1]]), 1)).buffer(0), 1))
    # roads: the river valleys carry the roads; a coastal expressway crosses the plain
    road_shapes = []
    for name in ("main", "north", "shimen", "east", "west", "westtrib"):
        ln = L.river_line(name)
        if name == "main":
            ln = substring(ln, 0.0, 0.92, normalized=True)
        off = ln.offset_curve(320.0)
        road_shapes.append((off.buffer(22.0), 1))
    vx_ = np.arange(-40_000.0, 40_001.0, 500.0)
    ux_ = L.coast_u(vx_) * 0.25 + 9_000.0 + 1_200.0 * np.sin(vx_ / 9_000.0)
    ex, ey = L.xy(ux_, vx_)
    road_shapes.append((LineString(np.column_stack([ex, ey])).buffer(30.0), 1))
    built |= rasterize(village_shapes + road_shapes, grid, all_touched=False) == 1
    built &= land & ~res_mask & ((cls != POND) | (town_id > 0))
    cls[built & ~(rivers & (cls == WATER))] = BUILT
    # quarries and bare land at the foot of the hills
    mx, my, mr = L.mines.T
    col = ((mx - grid.left) / grid.cell).astype(int).clip(0, grid.width - 1)
    row = ((grid.top - my) / grid.cell).astype(int).clip(0, grid.height - 1)
    m_ok = (h[row, col] > 40) & (h[row, col] < 260) & (cls[row, col] == FOREST) & \
        (d[row, col] > 3_000)
    mine_mask = np.zeros(h.shape, bool)
    for x, y, r in np.column_stack([mx, my, mr])[m_ok][:14]:
        m, rs, cs = blob_mask(grid, x, y, r, n_degr, 0.5)
        if m.size:
            mine_mask[rs, cs] |= m & (cls[rs, cs] != WATER)
    cls[mine_mask] = BARREN

    # small ponds and valley reservoirs (山塘) among the fields
    px_, py_, pr_ = L.small_ponds.T
    col = ((px_ - grid.left) / grid.cell).astype(int).clip(0, grid.width - 1)
    row = ((grid.top - py_) / grid.cell).astype(int).clip(0, grid.height - 1)
    p_ok = (cls[row, col] == CROP) & (d[row, col] > 1_000)
    for x, y, r in np.column_stack([px_, py_, pr_])[p_ok][:260]:
        m, rs, cs = blob_mask(grid, x, y, r, n_m, 0.5)
        if m.size:
            sub = cls[rs, cs]
            sub[m & np.isin(sub, [CROP, GRASS])] = WATER
    cls = mode_filter3(cls, keep=(cls == WATER) | (cls == BUILT) | (cls == POND))
    cls[~county_mask] = 0
    aux = {"h": h, "d": d, "slope": slope, "dist": dist, "res_mask": res_mask,
           "n_degr": n_degr, "mine": mine_mask, "town_id": town_id, "shelter": shelter, "n_town": n_town}
    print(f"  land cover 2020 {time.time() - t0:.1f}s", flush=True)
    return cls, h, aux


def landcover_2025(L: Landscape, grid: Grid, lc20: np.ndarray, aux: dict,
                   urban_mask: np.ndarray) -> np.ndarray:
    """Five years of change, as coherent patches."""
    xs, ys = grid.xs, grid.ys
    lc = lc20.copy()
    nc = L.n_change.grid(xs, ys)
    nc2 = L.n_change2.grid(xs, ys)
    h, d, slope = aux["h"], aux["d"], aux["slope"]
    # 1. urban expansion onto cropland (and a little grass/forest) around the towns
    # growth comes in lobes: new estates and industrial land next to the existing town
    near_town = binary_dilate(aux["town_id"] > 0, max(int(600 / grid.cell), 1))
    urban = near_town & (nc > 0.35) & np.isin(lc20, [CROP, GRASS, BARREN, FOREST]) & \
        (slope < 9) & urban_mask
    lc[urban & ((lc20 != FOREST) | (nc > 0.6))] = BUILT
    # an industrial park on cropland next to the expressway east of the county town
    tx, ty, _ = L.towns[0]
    park, rs, cs = blob_mask(grid, tx + 5_200.0, ty - 1_800.0, 1_100.0, nc2, 0.3)
    if park.size:
        sub = lc[rs, cs]
        sub[park & np.isin(lc20[rs, cs], [CROP, GRASS, FOREST, SHRUB])] = BUILT
    # 2. quarry restoration and afforestation of shrub and barren land
    restored = aux["mine"] & (nc > -0.3)
    lc[restored & (nc2 > 0)] = FOREST
    lc[restored & (nc2 <= 0)] = SHRUB
    aff = (lc20 == SHRUB) & (nc > 0.55) & (h < 520)
    lc[aff] = FOREST
    lc[(lc20 == GRASS) & (nc > 1.1) & (aux["n_degr"] > 0.3) & (h > 100)] = SHRUB
    # 3. mangrove planting on tidal flats next to existing mangroves, and on retired ponds
    near_m = binary_dilate(lc20 == MANG, max(int(240 / grid.cell), 1))
    lc[near_m & (lc20 == FLAT) & (nc2 > -0.4) & (d > -1_800)] = MANG
    retired = (lc20 == POND) & binary_dilate(lc20 == MANG, max(int(120 / grid.cell), 1))
    retired = binary_dilate(retired, max(int(150 / grid.cell), 1)) & (lc20 == POND) & (nc > 0)
    lc[retired] = MANG
    # 4. a little forest loss: a new quarry and clear-felled eucalyptus (to shrub/barren)
    loss = (lc20 == FOREST) & (nc2 > 2.0) & (h < 150) & (h > 30) & (d > 4_000)
    lc[loss & (nc > 0.3)] = SHRUB
    lc[loss & (nc <= 0.3) & (nc > -0.3)] = BARREN
    lc[lc20 == 0] = 0
    return lc


# ------------------------------------------------------------------------------------------
# writers
# ------------------------------------------------------------------------------------------
def write_landcover(path: Path, cls: np.ndarray, grid: Grid, year: int) -> None:
    profile = {
        "driver": "GTiff", "width": grid.width, "height": grid.height, "count": 1,
        "dtype": "uint8", "crs": CRS_PROJ, "transform": grid.transform, "nodata": 0,
        "tiled": True, "blockxsize": 256, "blockysize": 256, "compress": "deflate",
        "zlevel": 9, "interleave": "band",
    }
    if grid.width < 256 or grid.height < 256:
        profile.update(blockxsize=128, blockysize=128)
    path.unlink(missing_ok=True)
    with rasterio.open(path, "w", **profile) as ds:
        ds.write(cls, 1)
        cmap = {0: (0, 0, 0, 0)}
        for code, *_, colour in LEGEND:
            c = colour.lstrip("#")
            cmap[code] = (int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16), 255)
        ds.write_colormap(1, cmap)
        ds.set_band_description(1, f"land cover {year} (legend: tables/legend.csv)")
        ds.update_tags(YEAR=str(year), LEGEND="tables/legend.csv", UNITS="class code",
                       SOURCE="synthetic: sample_data/make_demo_county.py")
        factors = [f for f in (2, 4, 8, 16, 32) if min(grid.width, grid.height) // f >= 64]
        if factors:
            ds.build_overviews(factors, Resampling.mode)
            ds.update_tags(ns="rio_overview", resampling="mode")


def write_vector(gdf: gpd.GeoDataFrame, path: Path, **kw) -> None:
    path.unlink(missing_ok=True)
    if path.suffix == ".shp":
        for ext in (".shx", ".dbf", ".prj", ".cpg"):
            path.with_suffix(ext).unlink(missing_ok=True)
    gdf.to_file(path, engine="pyogrio", **kw)


# ------------------------------------------------------------------------------------------
# main build
# ------------------------------------------------------------------------------------------
def build(out: Path, cell: float = 30.0, seed: int = SEED, verbose: bool = True) -> dict:
    t0 = time.time()
    out.mkdir(parents=True, exist_ok=True)
    (out / "tables").mkdir(exist_ok=True)
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": GPKG_DATE})
    L = Landscape(seed)
    county = county_polygon(L)
    grid = make_grid(cell, county.bounds)
    county_mask = rasterize([(county, 1)], grid) == 1
    print(f"county {county.area / 1e6:.0f} km2, grid {grid.width}x{grid.height} @ {cell:g} m",
          flush=True)

    tships = township_polygons(L, county)
    tship_r = rasterize([(g, i + 1) for i, g in enumerate(tships)], grid)
    tship_r[~county_mask] = 0
    codes = [COUNTY_CODE + t[0] for t in TOWNSHIPS]

    lc20, h, aux = landcover(L, grid, county_mask)
    # pixels inside the county whose township is missing (edge crumbs): nearest by fill
    miss = county_mask & (tship_r == 0)
    if miss.any():
        tship_r[miss] = np.bincount(tship_r[county_mask & (tship_r > 0)]).argmax()

    # ---- constraint layers -------------------------------------------------------------------
    t1 = time.time()
    urban = urban_boundary(L, grid, county, lc20, aux)
    redline = redline_layer(L, grid, county, lc20, aux, urban)
    red_all = shapely.union_all(list(redline.geometry))
    urban["geometry"] = [_polygonal(shapely.make_valid(g.difference(red_all)))
                         for g in urban.geometry]
    urban = urban[~urban.geometry.is_empty].reset_index(drop=True)
    urban_mask = rasterize([(g, 1) for g in urban.geometry], grid) == 1
    lc25 = landcover_2025(L, grid, lc20, aux, urban_mask)
    farmland = farmland_layer(L, grid, lc20, aux, redline, urban)
    print(f"  constraints + 2025 {time.time() - t1:.1f}s", flush=True)

    write_landcover(out / "landcover_2020.tif", lc20, grid, 2020)
    write_landcover(out / "landcover_2025.tif", lc25, grid, 2025)

    gpd.GeoDataFrame({"name": ["示范县"], "name_en": ["Demo County"], "code": [COUNTY_CODE]},
                     geometry=[county], crs=CRS_PROJ).pipe(
        write_vector, out / "county.gpkg", layer="county")
    tgdf = gpd.GeoDataFrame({"XZDM": codes, "XZMC": [t[1] for t in TOWNSHIPS]},
                            geometry=list(tships), crs=CRS_PROJ)
    write_vector(tgdf, out / "townships.shp", encoding="GBK")
    (out / "townships.cpg").write_text("GBK", encoding="ascii")
    write_vector(urban, out / "urban_boundary.gpkg", layer="urban_boundary")
    write_vector(redline, out / "redline.gpkg", layer="redline")
    write_vector(farmland, out / "farmland.gpkg", layer="farmland")

    t1 = time.time()
    comp = compartments(L, grid, lc20, aux, tship_r, codes, redline)
    write_vector(comp, out / "forest_compartments.gpkg", layer="forest_compartments")
    print(f"  compartments {len(comp)} {time.time() - t1:.1f}s", flush=True)
    grass = grassland_layer(L, grid, lc20, aux, tship_r, codes)
    write_vector(grass, out / "grassland.gpkg", layer="grassland")
    wet = wetland_layer(grid, lc20)
    write_vector(wet, out / "wetlands.gpkg", layer="wetlands")
    mang = mangrove_layer(L, grid, lc20)
    write_vector(mang.to_crs(CRS_GEO), out / "mangroves_cgcs2000.geojson",
                 driver="GeoJSON", layer_options={"COORDINATE_PRECISION": 7,
                                                  "WRITE_NAME": "NO"})

    stats = summarize(grid, lc20, lc25, comp, county, redline, farmland, urban, tgdf)
    write_tables(out)
    write_project(out / "demo_county.toml", stats)
    if verbose:
        print_summary(stats)
    print(f"done in {time.time() - t0:.1f}s -> {out}", flush=True)
    return stats


def urban_boundary(L: Landscape, grid: Grid, county: Polygon, lc20: np.ndarray,
                   aux: dict) -> gpd.GeoDataFrame:
    """城镇开发边界: a smooth envelope around each town's built-up area with room to grow."""
    geoms, names = [], []
    town_id = aux["town_id"]
    k = max(int(round(420 / grid.cell)), 1)
    for i in range(len(L.towns)):
        rows, cols = np.nonzero(town_id == i + 1)
        if rows.size == 0:
            continue
        pad = 2 * k + 2
        r0, r1 = max(rows.min() - pad, 0), min(rows.max() + pad + 1, grid.height)
        c0, c1 = max(cols.min() - pad, 0), min(cols.max() + pad + 1, grid.width)
        m = binary_dilate(town_id[r0:r1, c0:c1] == i + 1, k)
        tr = grid.transform @ Affine.translation(c0, r0)
        f = max(int(round(90 / grid.cell)), 1)
        polys = smooth_mask_polygons(m, tr, f, 40.0, 2e5)
        if not polys:
            continue
        g = _polygonal(shapely.union_all(polys).intersection(county))
        geoms.append(shapely.set_precision(g, 0.01))
        names.append(TOWNSHIPS[i][1] + "城镇开发边界")
    return gpd.GeoDataFrame({"name": names, "type": ["urban_development_boundary"] * len(names)},
                            geometry=geoms, crs=CRS_PROJ)


def smooth_mask_polygons(mask: np.ndarray, transform: Affine, factor: int, tol: float,
                         min_area: float) -> list:
    """Polygons of a mask generalised on a coarser grid (block majority), smoothed."""
    h, w = mask.shape
    f = max(int(factor), 1)
    hh, ww = h // f * f, w // f * f
    coarse = mask[:hh, :ww].reshape(hh // f, f, ww // f, f).mean(axis=(1, 3)) > 0.5
    tr = transform @ Affine.scale(f)
    geoms, _ = polygonize(coarse.astype(np.uint8), coarse, tr)
    out = []
    for g in geoms:
        if g.area < min_area:
            continue
        ext = Polygon(chaikin(np.asarray(g.exterior.coords), 2),
                      [chaikin(np.asarray(i.coords), 2) for i in g.interiors
                       if Polygon(i).area > min_area])
        out.append(shapely.simplify(ext.buffer(0), tol))
    return out


def redline_layer(L: Landscape, grid: Grid, county: Polygon, lc20: np.ndarray, aux: dict,
                  urban: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """生态保护红线: coastal wetlands and mangroves, a nature reserve with a core zone in the
    north-western mountains, the reservoir's water-source protection area, and water-
    conservation forest on the higher hills."""
    h = aux["h"]
    f = max(int(round(150 / grid.cell)), 1)
    items = []  # (geometry, zone, name)
    # nature reserve around 青峰山
    cx, cy = 487_000.0, 2_540_000.0
    th = np.linspace(0, 2 * math.pi, 120, endpoint=False)
    for radius, zone in ((9_500.0, "general"), (4_800.0, "core")):
        px, py = cx + radius * np.cos(th), cy + radius * 0.8 * np.sin(th)
        rr = radius * (1 + 0.22 * L.n_red.points(px, py))
        poly = Polygon(chaikin(np.column_stack([cx + rr * np.cos(th),
                                                cy + rr * 0.8 * np.sin(th)]), 2))
        items.append([poly.intersection(county), zone, "青峰山省级自然保护区"])
    items[0][0] = items[0][0].difference(items[1][0])
    # coastal wetlands: mangroves, salt marsh and tidal flats (+ 60 m), one polygon set
    coast = np.isin(lc20, [FLAT, SALTM, MANG])
    coast_polys = smooth_mask_polygons(binary_dilate(coast, max(int(60 / grid.cell), 1)),
                                       grid.transform, f // 2 or 1, 40.0, 2e5)
    coast_geom = shapely.union_all(coast_polys).intersection(county)
    mang = binary_dilate(lc20 == MANG, max(int(90 / grid.cell), 1))
    mang_polys = smooth_mask_polygons(mang, grid.transform, f // 2 or 1, 30.0, 1e5)
    bay_zone = Point(*L.coast_point(V_BAY)).buffer(6_500.0)
    core_m = shapely.union_all([p for p in mang_polys if p.intersects(bay_zone)])
    core_m = core_m.intersection(coast_geom)
    items.append([core_m, "core", "红树湾红树林自然保护区"])
    items.append([coast_geom.difference(core_m), "general", "沿海湿地生态保护红线"])
    # water-source protection area of the reservoir
    res = aux["res_mask"]
    rp = smooth_mask_polygons(binary_dilate(res, max(int(1_500 / grid.cell), 1)),
                              grid.transform, f,
                              60.0, 1e6)
    items.append([shapely.union_all(rp).intersection(county), "general",
                  "石门水库饮用水水源保护区"])
    # water-conservation forest on the higher hills
    hills = (h > 165.0) & np.isin(lc20, [FOREST, SHRUB, GRASS])
    hp = smooth_mask_polygons(hills, grid.transform, f * 4, 120.0, 4e6)
    items.append([shapely.union_all(hp).intersection(county), "general",
                  "北部山地水源涵养生态保护红线"])
    # no overlaps: earlier items win. The water-conservation hills avoid the towns' urban
    # development boundaries; the coast, the reserve and the water source take precedence over
    # them (the urban boundaries are cut back to the red line afterwards).
    urban_all = shapely.union_all(list(urban.geometry))
    taken = shapely.Polygon()
    geoms, zones, names = [], [], []
    for k in [1, 2, 0, 3, 4, 5]:
        g, z, n = items[k]
        cut = shapely.union_all([taken, urban_all]) if k == 5 else taken
        g = _polygonal(shapely.make_valid(shapely.simplify(g, 10.0).difference(cut)))
        if g.is_empty or g.area < 1e4:
            continue
        taken = shapely.union_all([taken, g])
        geoms.append(g)
        zones.append(z)
        names.append(n)
    return gpd.GeoDataFrame({"zone": zones, "name": names}, geometry=geoms, crs=CRS_PROJ)


def farmland_layer(L: Landscape, grid: Grid, lc20: np.ndarray, aux: dict,
                   redline: gpd.GeoDataFrame, urban: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """永久基本农田: generalised patches of the 2020 cropland outside the urban development
    boundary and the red line; the fields next to the towns and some scattered, lower-grade
    areas are ordinary cropland, not designated."""
    crop = lc20 == CROP
    crop &= L.n_site.grid(grid.xs, grid.ys) < 1.0
    crop &= ~binary_dilate(aux["town_id"] > 0, max(int(round(450 / grid.cell)), 1))
    f = max(int(round(90 / grid.cell)), 1)
    polys = smooth_mask_polygons(crop, grid.transform, f, 30.0, 15e4)
    cut = shapely.union_all(list(urban.geometry) + list(redline.geometry))
    cut = shapely.buffer(cut, 15.0)
    geoms = []
    for p in polys:
        g = _polygonal(shapely.make_valid(p.difference(cut)))
        if g.is_empty:
            continue
        for part in getattr(g, "geoms", [g]):
            if part.area >= 5e4:
                geoms.append(part)
    geoms = [shapely.set_precision(g, 0.01) for g in geoms]
    n = len(geoms)
    return gpd.GeoDataFrame({"type": ["permanent_basic_farmland"] * n,
                             "name": ["永久基本农田"] * n,
                             "area_ha": [round(g.area / 1e4, 2) for g in geoms]},
                            geometry=geoms, crs=CRS_PROJ)


def compartments(L: Landscape, grid: Grid, lc20: np.ndarray, aux: dict, tship_r: np.ndarray,
                 codes: list[str], redline: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """小班: jittered-grid Voronoi cells (domain-warped) cut by township and by forest/shrub."""
    rng = np.random.default_rng(SEED + 1)
    S = 1_000.0
    left, bottom, right, top = BBOX
    ncx, ncy = int((right - left) / S) + 3, int((top - bottom) / S) + 3
    jitter = rng.uniform(0.1, 0.9, (ncy, ncx, 2))
    xs, ys = grid.xs, grid.ys
    wx = L.n_warp[0].grid(xs, ys) * 260.0
    wy = L.n_warp[1].grid(xs, ys) * 260.0
    X = xs[None, :] + wx - (left - S)
    Y = ys[:, None] + wy - (bottom - S)
    ci = np.clip(np.floor(X / S).astype(np.int32), 1, ncx - 2)
    cj = np.clip(np.floor(Y / S).astype(np.int32), 1, ncy - 2)
    best = np.full(X.shape, np.inf, np.float32)
    lab = np.zeros(X.shape, np.int32)
    for dj in (-1, 0, 1):
        for di in (-1, 0, 1):
            jj, ii = cj + dj, ci + di
            sx = (ii + jitter[jj, ii, 0]) * S
            sy = (jj + jitter[jj, ii, 1]) * S
            dd = (X - sx) ** 2 + (Y - sy) ** 2
            better = dd < best
            best[better] = dd[better]
            lab[better] = (jj * ncx + ii)[better]
    del X, Y, wx, wy, best
    is_f = np.isin(lc20, [FOREST, SHRUB])
    label = (lab * 16 + tship_r.astype(np.int32)) * 2 + (lc20 == SHRUB)
    label = np.where(is_f, label, 0).astype(np.int32)
    geoms, vals = polygonize(label, is_f, grid.transform)
    geoms = clean_coverage(geoms, 45.0)
    area = shapely.area(geoms)
    keep = area >= 3_000.0  # > 0.3 ha
    geoms, vals = geoms[keep], vals[keep]
    n = len(geoms)
    # per-compartment attributes from the terrain at its representative point
    pts = shapely.point_on_surface(geoms)
    px, py = shapely.get_x(pts), shapely.get_y(pts)
    col = ((px - grid.left) / grid.cell).astype(int).clip(0, grid.width - 1)
    row = ((grid.top - py) / grid.cell).astype(int).clip(0, grid.height - 1)
    hh = aux["h"][row, col].astype(float)
    dd = aux["d"][row, col].astype(float)
    slope = aux["slope"][row, col].astype(float)
    is_shrub = (vals % 2) == 1
    tsh = ((vals // 2) % 16).astype(int)
    tsh = np.where(tsh == 0, tship_r[row, col], tsh)
    in_red = np.zeros(n, bool)
    red_core = np.zeros(n, bool)
    tree = shapely.STRtree(np.asarray(redline.geometry))
    for (i_pt, i_red) in zip(*tree.query(pts, predicate="within"), strict=True):
        in_red[i_pt] = True
        red_core[i_pt] |= redline.zone.iloc[i_red] == "core"
    nat_reserve = np.hypot(px - 487_000.0, (py - 2_540_000.0) / 0.8) < 9_000.0
    # forest type: suitability + smooth regional preference
    names = list(FOREST_TYPES)
    score = np.zeros((n, len(names)))
    low = np.clip(1.0 - hh / 250.0, 0, 1)
    mid = np.exp(-((hh - 320.0) / 180.0) ** 2)
    high = np.clip((hh - 300.0) / 300.0, 0, 1)
    coast = np.exp(-np.clip(dd, 0, None) / 1_500.0)
    valley = np.exp(-aux["dist"]["trib"][row, col] / 700.0) * (hh < 250)
    suit = {
        "chinese_fir": 1.1 * mid + 0.3 * valley,
        "masson_pine": 0.9 * low + 0.7 * mid,
        "eucalyptus": 1.5 * low * (1 - coast) - 1.5 * nat_reserve,
        "other_conifer": 0.5 * low + 0.2 * coast,
        "hard_broadleaf": 0.6 * high + 0.4 * mid + 0.6 * nat_reserve,
        "soft_broadleaf": 0.5 * low + 1.6 * coast,
        "mixed_broadleaf": 1.3 * high + 1.0 * nat_reserve,
        "mixed_conifer_broadleaf": 0.7 * mid + 0.4 * high,
        "bamboo": 0.9 * valley - 0.2,
        "shrub": np.full(n, -9.0),
    }
    for k, nm in enumerate(names):
        score[:, k] = suit[nm] + 0.55 * L.n_types[k].points(px, py) + \
            rng.normal(0, 0.25, n)
    ftype_i = score.argmax(axis=1)
    ftype = np.array(names, dtype=object)[ftype_i]
    ftype[is_shrub] = "shrub"
    # origin, age, volume, closure
    origin = np.where(rng.uniform(0, 1, n) < np.array([PLANTED_SHARE[t] for t in ftype]),
                      "planted", "natural").astype(object)
    age = np.zeros(n, int)
    vol = np.zeros(n)
    closure = np.zeros(n)
    site = np.exp(0.18 * L.n_site.points(px, py) - 0.0004 * np.clip(hh - 200, 0, None))
    species = np.empty(n, dtype=object)
    for t, (sp, A, k, c, (a0, a1)) in FOREST_TYPES.items():
        m = ftype == t
        if not m.any():
            continue
        nm = int(m.sum())
        species[m] = np.array(sp, dtype=object)[rng.integers(0, len(sp), nm)]
        planted = origin[m] == "planted"
        ages = rng.uniform(a0, a1, nm) ** 1.0
        ages = np.where(planted, a0 + (ages - a0) * 0.8, ages + 0.2 * (a1 - a0))
        ages = np.round(ages).astype(int)
        age[m] = ages
        if A > 0:
            v = A * (1 - np.exp(-k * ages)) ** c * site[m] * rng.lognormal(0, 0.18, nm)
            cl = np.clip(0.2 + 0.55 * (1 - np.exp(-ages / 6.0)) + rng.normal(0, 0.08, nm),
                         0.12, 0.95)
            # sparse stands (疏林, young plantations): closure < 0.2, volume reduced
            sparse = (rng.uniform(0, 1, nm) < 0.06) | ((ages <= 2) & (rng.uniform(0, 1, nm) < 0.6))
            cl[sparse] = rng.uniform(0.10, 0.19, int(sparse.sum()))
            v = np.where(sparse, v * 0.35, v * np.clip(cl / 0.65, 0.6, 1.3))
            vol[m] = np.round(v, 1)
            closure[m] = np.round(cl, 2)
        elif t == "bamboo":
            closure[m] = np.round(np.clip(rng.normal(0.7, 0.1, nm), 0.3, 0.95), 2)
        else:  # shrub cover
            closure[m] = np.round(np.clip(rng.normal(0.55, 0.15, nm), 0.3, 0.9), 2)
    land_class = np.where(ftype == "bamboo", "bamboo",
                          np.where(ftype == "shrub", "shrub", "tree_forest")).astype(object)
    # nationally designated special shrub: the shrub of the high ridges above the tree line
    special = (ftype == "shrub") & (hh > 620.0)
    land_class[special] = "special_shrub"
    ecological = in_red | (slope > 25.0) | (dd < 1_500.0) | (origin == "natural") & \
        (rng.uniform(0, 1, n) < 0.5)
    ecological |= ftype == "shrub"
    ecological &= ~((ftype == "eucalyptus") & ~in_red)
    category = np.where(ecological, "ecological", "commercial").astype(object)
    # ids: township code + running number from north-west to south-east
    order = np.lexsort((px, -py))
    xb = np.empty(n, dtype=object)
    counters: dict[int, int] = {}
    for i in order:
        t = int(tsh[i])
        counters[t] = counters.get(t, 0) + 1
        xb[i] = f"{codes[t - 1]}-{counters[t]:04d}"
    township = np.array([codes[t - 1] for t in tsh], dtype=object)
    gdf = gpd.GeoDataFrame({
        "xb_id": xb, "township": township, "forest_type": ftype, "species_zh": species,
        "origin": origin, "age": age.astype(np.int32), "volume_m3_ha": vol,
        "closure": closure, "category": category, "land_class": land_class,
        "area_ha": np.round(shapely.area(geoms) / 1e4, 2),
    }, geometry=list(geoms), crs=CRS_PROJ)
    gdf = gdf.iloc[np.argsort(xb.astype(str))].reset_index(drop=True)
    return gdf


def grassland_layer(L: Landscape, grid: Grid, lc20: np.ndarray, aux: dict, tship_r: np.ndarray,
                    codes: list[str]) -> gpd.GeoDataFrame:
    g = lc20 == GRASS
    grade_f = L.n_grade.grid(grid.xs, grid.ys) + 0.5 * aux["n_degr"] + \
        np.clip(aux["slope"] - 15.0, 0, None) / 20.0
    grade = np.digitize(grade_f, [-0.3, 0.45, 1.1]).astype(np.int32)  # 0 none .. 3 severe
    label = np.where(g, tship_r.astype(np.int32) * 4 + grade + 1, 0).astype(np.int32)
    geoms, vals = polygonize(label, g, grid.transform)
    geoms = clean_coverage(geoms, 30.0)
    keep = shapely.area(geoms) >= 2_000.0
    geoms, vals = geoms[keep], vals[keep]
    grades = np.array(["none", "light", "moderate", "severe"], dtype=object)[(vals - 1) % 4]
    tsh = (vals - 1) // 4
    return gpd.GeoDataFrame({"grade": grades, "township": [codes[t - 1] for t in tsh],
                             "area_ha": np.round(shapely.area(geoms) / 1e4, 2)},
                            geometry=list(geoms), crs=CRS_PROJ)


def wetland_layer(grid: Grid, lc20: np.ndarray) -> gpd.GeoDataFrame:
    kinds = {MARSH: "inland_marsh", FLAT: "tidal_flat", SALTM: "salt_marsh",
             POND: "aquaculture_pond"}
    m = np.isin(lc20, list(kinds))
    geoms, vals = polygonize(np.where(m, lc20, 0).astype(np.int32), m, grid.transform)
    geoms = clean_coverage(geoms, 25.0)
    keep = shapely.area(geoms) >= 2_000.0
    geoms, vals = geoms[keep], vals[keep]
    return gpd.GeoDataFrame({"wetland_type": [kinds[int(v)] for v in vals],
                             "area_ha": np.round(shapely.area(geoms) / 1e4, 2)},
                            geometry=list(geoms), crs=CRS_PROJ)


def mangrove_layer(L: Landscape, grid: Grid, lc20: np.ndarray) -> gpd.GeoDataFrame:
    m = lc20 == MANG
    geoms, _ = polygonize(m.astype(np.uint8), m, grid.transform)
    geoms = clean_coverage(geoms, 20.0)
    geoms = geoms[shapely.area(geoms) >= 1_500.0]
    n = len(geoms)
    rng = np.random.default_rng(SEED + 2)
    pts = shapely.point_on_surface(geoms)
    # planted stands lie on the seaward side or in the estuary (restoration since 2000)
    _, v = L.uv(shapely.get_x(pts), shapely.get_y(pts))
    planted = (rng.uniform(0, 1, n) < np.where(np.abs(v - V_BAY) < 5_000, 0.3, 0.6))
    year = np.where(planted, rng.integers(2001, 2020, n), -1)
    return gpd.GeoDataFrame({
        "origin": np.where(planted, "planted", "natural"),
        "year_planted": pd.array([int(y) if y > 0 else None for y in year], dtype="Int32"),
        "area_ha": np.round(shapely.area(geoms) / 1e4, 2),
    }, geometry=list(geoms), crs=CRS_PROJ)


# ------------------------------------------------------------------------------------------
# summaries, tables, project file
# ------------------------------------------------------------------------------------------
def summarize(grid, lc20, lc25, comp, county, redline, farmland, urban, tgdf) -> dict:
    ha = grid.pixel_ha
    c20 = np.bincount(lc20.ravel(), minlength=13) * ha
    c25 = np.bincount(lc25.ravel(), minlength=13) * ha
    county_ha = county.area / 1e4
    forest_like = comp[(comp.land_class == "bamboo") | (comp.land_class == "special_shrub")
                       | ((comp.land_class == "tree_forest") & (comp.closure >= 0.2))]
    cover_ha = float(forest_like.area_ha.sum()) + c20[MANG]
    stock = float((comp.volume_m3_ha * comp.area_ha).sum())
    return {
        "county_ha": county_ha, "pixels_ha": float(c20[1:].sum()), "class_ha_2020": c20,
        "class_ha_2025": c25, "forest_cover_pct": 100.0 * cover_ha / county_ha,
        "stock_m3": stock, "n_compartments": len(comp),
        "redline_pct": 100.0 * redline.area.sum() / county.area,
        "farmland_ha": farmland.area.sum() / 1e4, "urban_ha": urban.area.sum() / 1e4,
        "township_ha": dict(zip(tgdf.XZMC, tgdf.area / 1e4, strict=True)),
    }


def print_summary(s: dict) -> None:
    print(f"county polygon {s['county_ha']:.0f} ha, pixels {s['pixels_ha']:.0f} ha "
          f"({100 * (s['pixels_ha'] / s['county_ha'] - 1):+.3f}%)")
    for code, name, *_ in LEGEND:
        a, b = s["class_ha_2020"][code], s["class_ha_2025"][code]
        print(f"  {code:2d} {name:17s} {a:10.0f} ha {100 * a / s['pixels_ha']:5.1f}%  "
              f"2025 {b:10.0f} ha ({b - a:+.0f})")
    print(f"forest cover {s['forest_cover_pct']:.1f}%  stock {s['stock_m3'] / 1e6:.2f} Mm3  "
          f"compartments {s['n_compartments']}  red line {s['redline_pct']:.1f}%  "
          f"farmland {s['farmland_ha']:.0f} ha  urban boundary {s['urban_ha']:.0f} ha")
    print("townships:", ", ".join(f"{k} {v:.0f}" for k, v in s["township_ha"].items()))


CARBON_POOLS = [
    # lucode, name, above, below, soil, dead, source
    (1, "cropland", 5.0, 1.0, 55.0, 0.0,
     "[U] illustrative demo value (annual crops and paddy; soil 0-30 cm)"),
    (2, "forest", 42.0, 10.0, 85.0, 4.0,
     "[U] illustrative demo value (young subtropical plantations and secondary evergreen "
     "broadleaf forest; below = above x ~0.23 as IPCC 2019 Table 4.4 root:shoot, SCIENCE.md 2.2)"),
    (3, "shrub", 8.0, 5.0, 70.0, 1.0, "[U] illustrative demo value"),
    (4, "grassland", 2.9, 4.7, 65.0, 0.0,
     "IPCC 2006 Vol.4 Table 6.4 tropical moist/wet grassland 16.1 t d.m./ha total biomass x CF "
     "0.47 [S]; above/below split [U]; soil = SOC_REF tropical moist 65 t C/ha [S] "
     "(SCIENCE.md 2.3)"),
    (5, "water", 0.0, 0.0, 0.0, 0.0, "[U] illustrative demo value (no carbon counted)"),
    (6, "inland marsh", 3.0, 4.0, 120.0, 1.0, "[U] illustrative demo value"),
    (7, "tidal flat", 0.0, 0.0, 60.0, 0.0, "[U] illustrative demo value (unvegetated flat)"),
    (8, "salt marsh", 4.0, 6.0, 90.0, 0.5, "[U] illustrative demo value"),
    (9, "mangrove", 33.8, 32.4, 150.0, 2.0,
     "above: AGB 75 t d.m./ha [U] x CF 0.45; below: root:shoot 0.96 subtropical x CF 0.45 "
     "(IPCC 2013 Wetlands Supplement, SCIENCE.md 2.4) [S]; soil and dead [U] illustrative"),
    (10, "built-up", 2.0, 0.5, 30.0, 0.0, "[U] illustrative demo value"),
    (11, "barren", 0.0, 0.0, 15.0, 0.0, "[U] illustrative demo value"),
    (12, "aquaculture pond", 0.0, 0.0, 40.0, 0.0,
     "[U] illustrative demo value (pond sediment)"),
]


def write_tables(out: Path) -> None:
    src = ("DESIGN.md demo legend; CLCD (Yang & Huang 2021), ESA WorldCover, "
           "Third National Land Survey (三调) codes as in SCIENCE.md 6")
    rows = ["code,name_en,name_zh,ecosystem,clcd,worldcover,sandiao,color,source"]
    for code, en, zh, eco, clcd, wc, sd, col in LEGEND:
        rows.append(f'{code},{en},{zh},{eco},{clcd},{wc},{sd},{col},"{src}"')
    (out / "tables" / "legend.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    rows = ["lucode,LULC_name,c_above,c_below,c_soil,c_dead,unit,source"]
    for code, name, a, b, s, d, source in CARBON_POOLS:
        rows.append(f'{code},{name},{a},{b},{s},{d},t C/ha,"{source}"')
    (out / "tables" / "carbon_pools.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


PROJECT_LAYERS = [
    # id, path, role, year, en, zh, extra
    ("landcover_2020", "landcover_2020.tif", "landcover", 2020, "Land cover 2020",
     "土地覆被 2020", {"visible": True, "opacity": 1.0}),
    ("landcover_2025", "landcover_2025.tif", "landcover", 2025, "Land cover 2025",
     "土地覆被 2025", {"visible": False, "opacity": 1.0}),
    ("county", "county.gpkg", "boundary", None, "County boundary", "县界",
     {"visible": True, "crs": CRS_PROJ}),
    ("townships", "townships.shp", "townships", None, "Townships", "乡镇",
     {"visible": True, "crs": CRS_PROJ, "encoding": "GBK",
      "fields": {"township": "XZDM", "name": "XZMC"}}),
    ("forest_compartments", "forest_compartments.gpkg", "compartments", 2020,
     "Forest sub-compartments", "森林小班",
     {"visible": False, "crs": CRS_PROJ,
      "fields": {"id": "xb_id", "township": "township", "forest_type": "forest_type",
                 "origin": "origin", "age": "age", "volume": "volume_m3_ha",
                 "closure": "closure", "category": "category", "land_class": "land_class"}}),
    ("grassland", "grassland.gpkg", "grassland", 2020, "Grassland degradation", "草地退化等级",
     {"visible": False, "crs": CRS_PROJ, "fields": {"grade": "grade", "township": "township"}}),
    ("wetlands", "wetlands.gpkg", "wetland", 2020, "Wetlands", "湿地",
     {"visible": False, "crs": CRS_PROJ, "fields": {"type": "wetland_type"}}),
    ("mangroves", "mangroves_cgcs2000.geojson", "mangrove", 2020, "Mangroves", "红树林",
     {"visible": False, "crs": CRS_GEO,
      "fields": {"origin": "origin", "year_planted": "year_planted"}}),
    ("redline", "redline.gpkg", "redline", None, "Ecological protection red line",
     "生态保护红线", {"visible": False, "crs": CRS_PROJ,
                     "fields": {"zone": "zone", "name": "name"}}),
    ("farmland", "farmland.gpkg", "farmland", None, "Permanent basic farmland", "永久基本农田",
     {"visible": False, "crs": CRS_PROJ}),
    ("urban_boundary", "urban_boundary.gpkg", "urban_boundary", None,
     "Urban development boundary", "城镇开发边界", {"visible": False, "crs": CRS_PROJ}),
]


def _toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(x)}" for k, x in v.items()) + " }"
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def project_targets(stats: dict) -> list[tuple[int, float, float]]:
    """The county's own targets: above today's values, so the county is short of them."""
    cover = stats["forest_cover_pct"]
    stock = stats["stock_m3"]
    t30 = (math.ceil(cover + 2.0), float(f"{stock * 1.35:.2g}"))
    t35 = (math.ceil(cover + 3.5), float(f"{stock * 1.6:.2g}"))
    return [(2030, float(t30[0]), t30[1]), (2035, float(t35[0]), t35[1])]


def write_project(path: Path, stats: dict) -> None:
    """Write the project file; any [[scenarios]] already in it (written by the planning tools
    or by hand) are kept verbatim."""
    keep = ""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        m = re.search(r"^\[\[scenarios\]\]", text, flags=re.M)
        if m:
            keep = text[m.start():].rstrip() + "\n"
    lines = [
        "# Sinkplanner project: 示范县 Demo County (synthetic demo data).",
        "# Written by sample_data/make_demo_county.py; [[scenarios]] below are kept when the",
        "# generator rewrites this file. Paths are relative to this file.",
        "",
        "[project]",
        'name = "示范县 Demo County"',
        "base_year = 2020",
        'language = "zh"',
        "",
        "[grid]",
        'reference = "landcover_2020"',
        f'crs = "{CRS_PROJ}"',
        "resolution = 30",
        "",
        "[tables]",
    ]
    for key in ("legend", "carbon_pools", "forest_types", "growth_curves", "grassland",
                "blue_carbon", "constraint_rules", "actions"):
        lines.append(f'{key} = "tables/{key}.csv"')
    for lid, p, role, year, en, zh, extra in PROJECT_LAYERS:
        lines += ["", "[[layers]]", f'id = "{lid}"', f'path = "{p}"', f'role = "{role}"']
        if year is not None:
            lines.append(f"year = {year}")
        lines.append(f"title = {_toml_value({'en': en, 'zh': zh})}")
        for k, v in extra.items():
            lines.append(f"{k} = {_toml_value(v)}")
    lines += [
        "", "[carbon]",
        'landcover_baseline = "landcover_2020"',
        'landcover_alternate = "landcover_2025"',
        'compartments = "forest_compartments"',
        'townships = "townships"',
        "",
        "# The county's own targets (its forestry plan). In 2020 the demo county has a forest",
        f"# cover of {stats['forest_cover_pct']:.1f}% and a stock volume of "
        f"{stats['stock_m3']:.3g} m3 (from the compartments), short of both.",
        "# Regions without a target of their own default to the national pair for 2030:",
        "# forest_cover_pct = 25.0, stock_volume_m3 = 1.9e10 (国发〔2021〕23号).",
    ]
    for year, cover, stock in project_targets(stats):
        lines += ["", "[[targets]]", 'region = "county"', f"forest_cover_pct = {cover}",
                  f"stock_volume_m3 = {stock:.4g}", f"year = {year}"]
    text = "\n".join(lines) + "\n"
    if keep:
        text += "\n" + keep
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "demo_county",
                    help="output folder (default: sample_data/demo_county)")
    ap.add_argument("--cell-size", type=float, default=30.0,
                    help="cell size in metres (default 30; e.g. 300 for a quick coarse variant)")
    ap.add_argument("--seed", type=int, default=SEED, help=argparse.SUPPRESS)
    ap.add_argument("-q", "--quiet", action="store_true", help="no summary table")
    args = ap.parse_args(argv)
    build(args.out, cell=args.cell_size, seed=args.seed, verbose=not args.quiet)
    return 0


if __name__ == "__main__":
    sys.exit(main())
