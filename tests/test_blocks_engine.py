"""gis.blocks: windows, the threaded engine, deterministic totals, cancel, the dask path."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import write_raster
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numba import njit

from gis.blocks import (
    OutputSpec,
    block_shape_for,
    iter_windows,
    overview_factors,
    run_blocks,
    run_blocks_dask,
)
from gis.errors import CancelledError, ExtentError
from gis.grid import GridSpec


@njit(nogil=True, cache=True)
def scale_kernel(src, out, area, acc, factor, nd_in, nd_out):  # type: ignore[no-untyped-def]
    """out = src * factor; acc[0] = sum(src * area), acc[1] = area, acc[2] = valid pixels."""
    for r in range(src.shape[0]):
        a = area[r]
        for c in range(src.shape[1]):
            v = src[r, c]
            if v == nd_in:
                out[r, c] = nd_out
                continue
            out[r, c] = v * factor
            acc[0] += v * a
            acc[1] += a
            acc[2] += 1.0


@njit(nogil=True, cache=True)
def failing_kernel(src, out, area, acc):  # type: ignore[no-untyped-def]
    for r in range(src.shape[0]):
        for c in range(src.shape[1]):
            out[r, c] = src[r, c]
    if src[0, 0] == 77:
        raise ValueError("boom")


def grid_of(path: Path) -> GridSpec:
    with rasterio.open(path) as ds:
        return GridSpec.from_dataset(ds)


def out_spec(name: str = "o") -> dict[str, OutputSpec]:
    return {name: OutputSpec("float32", -9999.0, "t C/ha", "test output")}


@pytest.fixture
def random_raster(tmp_path: Path) -> tuple[Path, np.ndarray]:
    rng = np.random.default_rng(7)
    a = rng.uniform(0, 100, size=(45, 70)).astype(np.float64)
    a[rng.random(a.shape) < 0.1] = -1.0
    return write_raster(tmp_path / "rand.tif", a, nodata=-1.0), a


# ---- windows ----------------------------------------------------------------------------

@settings(deadline=None)
@given(h=st.integers(1, 300), w=st.integers(1, 300), br=st.integers(4, 128),
       bc=st.integers(4, 128))
def test_iter_windows_tile_the_grid_exactly(h: int, w: int, br: int, bc: int) -> None:
    grid = GridSpec.from_bounds(0, 0, w * 30, h * 30, 30, "EPSG:4547")
    cover = np.zeros((h, w), np.int32)
    for win in iter_windows(grid, br, bc):
        r0, c0 = int(win.row_off), int(win.col_off)
        cover[r0:r0 + int(win.height), c0:c0 + int(win.width)] += 1
    assert (cover == 1).all()


def test_block_shape_rounds_up_to_the_tile() -> None:
    grid = GridSpec.from_bounds(0, 0, 3000 * 30, 2000 * 30, 30, "EPSG:4547")
    assert block_shape_for(grid, 1000) == (1024, 1024)
    assert block_shape_for(grid, (1, 300)) == (256, 512)
    assert block_shape_for(grid, 10**6) == (2048, 3072)
    assert overview_factors(grid) == [2, 4, 8]


# ---- the engine -------------------------------------------------------------------------

def test_run_blocks_outputs_totals_and_metadata(tmp_path: Path,
                                                random_raster: tuple[Path, np.ndarray]) -> None:
    path, a = random_raster
    grid = grid_of(path)
    progress: list[float] = []
    tot = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, params=(2.0, -1.0, -9999.0),
                     reduce=3, block_shape=16, threads=2, quantum=16, out_dir=tmp_path / "o",
                     progress=lambda f, m: progress.append(f))
    valid = a != -1.0
    assert tot[0] == pytest.approx((a[valid] * 0.09).sum(), rel=1e-12)
    assert tot[1] == pytest.approx(valid.sum() * 0.09, rel=1e-12)
    assert tot[2] == valid.sum()
    assert progress[0] == 0.0 and progress[-1] == 1.0 and progress == sorted(progress)
    with rasterio.open(tmp_path / "o" / "o.tif") as ds:
        out = ds.read(1)
        assert ds.nodata == -9999.0 and ds.dtypes[0] == "float32"
        assert ds.tags()["units"] == "t C/ha" and ds.units[0] == "t C/ha"
        assert ds.descriptions[0] == "test output"
        assert ds.profile["tiled"] and ds.compression.name == "deflate"
    np.testing.assert_allclose(out[valid], (a[valid] * 2).astype(np.float32))
    assert (out[~valid] == -9999.0).all()
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["o.tif"]  # no temp leftovers


def test_overviews_are_internal(tmp_path: Path) -> None:
    a = np.arange(600 * 520, dtype=np.float64).reshape(600, 520) % 97
    path = write_raster(tmp_path / "big.tif", a, nodata=-1.0)
    run_blocks(scale_kernel, {"src": path}, out_spec(), grid_of(path), params=(1.0, -1.0, -9999.0),
               reduce=3, threads=2, out_dir=tmp_path / "o")
    with rasterio.open(tmp_path / "o" / "o.tif") as ds:
        assert ds.overviews(1) == [2]
    assert not list((tmp_path / "o").glob("*.ovr"))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(br=st.integers(1, 64), bc=st.integers(1, 64), threads=st.integers(1, 4),
       quantum=st.sampled_from([4, 8]))
def test_totals_do_not_depend_on_block_size_or_threads(
        tmp_path_factory: pytest.TempPathFactory, br: int, bc: int, threads: int,
        quantum: int) -> None:
    folder = tmp_path_factory.mktemp("det")
    rng = np.random.default_rng(11)
    a = rng.uniform(0, 1e6, size=(37, 53))  # values spread over many magnitudes
    a[rng.random(a.shape) < 0.05] = -1.0
    path = write_raster(folder / "in.tif", a, nodata=-1.0)
    grid = grid_of(path)
    ref = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, params=(1.0, -1.0, -9999.0),
                     reduce=3, block_shape=(quantum, quantum), threads=1, quantum=quantum,
                     out_dir=folder / "ref", overviews=False)
    got = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, params=(1.0, -1.0, -9999.0),
                     reduce=3, block_shape=(br, bc), threads=threads, quantum=quantum,
                     out_dir=folder / "got", overviews=False)
    assert got.tobytes() == ref.tobytes()  # bit-identical


def test_geographic_grid_uses_exact_row_areas(tmp_path: Path) -> None:
    from pyproj import Geod

    a = np.ones((20, 12))
    transform = Affine(0.01, 0, 114.0, 0, -0.01, 40.0)  # 40 N .. 39.8 N
    path = write_raster(tmp_path / "geo.tif", a, crs="EPSG:4490", transform=transform,
                        nodata=-1.0)
    grid = grid_of(path)
    tot = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, params=(1.0, -1.0, -9999.0),
                     reduce=3, block_shape=8, quantum=4, threads=2, out_dir=tmp_path / "o")
    geod = Geod(ellps="GRS80")
    expected = 0.0
    for r in range(20):
        top, bottom = 40.0 - 0.01 * r, 40.0 - 0.01 * (r + 1)
        cell, _ = geod.polygon_area_perimeter([114.0, 114.01, 114.01, 114.0],
                                              [bottom, bottom, top, top])
        expected += abs(cell) * 12 / 10_000
    assert tot[1] == pytest.approx(expected, rel=1e-6)
    # rows near 40 N are smaller than rows further south
    rows = grid.row_area_ha()
    assert rows[0] < rows[-1]


def test_cancel_midway_leaves_no_outputs(tmp_path: Path) -> None:
    a = np.ones((64, 64))
    path = write_raster(tmp_path / "in.tif", a, nodata=-1.0)
    out = tmp_path / "o"
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(CancelledError):
        run_blocks(scale_kernel, {"src": path}, out_spec(), grid_of(path),
                   params=(1.0, -1.0, -9999.0), reduce=3, block_shape=8, quantum=8, threads=2,
                   cancel=cancel, out_dir=out)
    assert not out.exists() or not any(out.iterdir())


def test_kernel_error_leaves_no_outputs(tmp_path: Path) -> None:
    a = np.ones((32, 32))
    a[20, 20] = 77
    path = write_raster(tmp_path / "in.tif", a, nodata=-1.0)
    out = tmp_path / "o"
    with pytest.raises(ValueError, match="boom"):
        run_blocks(failing_kernel, {"src": path}, out_spec(), grid_of(path), reduce=1,
                   block_shape=4, quantum=4, threads=2, out_dir=out)
    assert not out.exists() or not any(out.iterdir())


def test_input_off_the_grid_is_refused(tmp_path: Path) -> None:
    a = np.ones((10, 10))
    path = write_raster(tmp_path / "in.tif", a, nodata=-1.0)
    other = GridSpec.from_bounds(0, 0, 300, 300, 30, "EPSG:4547")
    with pytest.raises(ExtentError) as exc:
        run_blocks(scale_kernel, {"src": path}, out_spec(), other, params=(1.0, -1.0, -9999.0),
                   reduce=3, out_dir=tmp_path / "o")
    assert str(path) in str(exc.value)


def test_dask_path_gives_the_same_outputs_and_totals(tmp_path: Path,
                                                     random_raster: tuple[Path, np.ndarray]
                                                     ) -> None:
    path, _ = random_raster
    grid = grid_of(path)
    kw = dict(params=(3.0, -1.0, -9999.0), reduce=3, block_shape=16, quantum=8)
    t_threads = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, threads=2,
                           out_dir=tmp_path / "t", **kw)  # type: ignore[arg-type]
    t_dask = run_blocks_dask(scale_kernel, {"src": path}, out_spec(), grid,
                             scheduler="threads", out_dir=tmp_path / "d",
                             **kw)  # type: ignore[arg-type]
    assert t_dask.tobytes() == t_threads.tobytes()
    with rasterio.open(tmp_path / "t" / "o.tif") as a, rasterio.open(tmp_path / "d" / "o.tif") as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
        assert b.tags()["units"] == "t C/ha"


def test_native_writes_equal_rasterio_writes_and_gdal_overviews(tmp_path: Path) -> None:
    """The GIL-free writer (full resolution and overviews written block by block) gives the
    same pixels as rasterio writes followed by GDAL's build_overviews(nearest) when the size is
    a multiple of the overview factors; otherwise overview cell i is source pixel f*i."""
    from gis.blocks import _Gdal

    native_gdal = _Gdal.get() is not None  # else native=True falls back to rasterio writes
    rng = np.random.default_rng(1)
    for shape, name in (((1100, 1024), "even"), ((1037, 1101), "odd")):
        a = rng.uniform(0, 100, shape)
        path = write_raster(tmp_path / f"{name}.tif", a, nodata=-1.0)
        grid = grid_of(path)
        for native in (True, False):
            run_blocks(scale_kernel, {"src": path}, out_spec(), grid,
                       params=(1.0, -1.0, -9999.0), reduce=3, block_shape=256, threads=2,
                       out_dir=tmp_path / f"{name}{native}", native=native)
        x_path, y_path = tmp_path / f"{name}True" / "o.tif", tmp_path / f"{name}False" / "o.tif"
        with rasterio.open(x_path) as x, rasterio.open(y_path) as y:
            assert x.overviews(1) == y.overviews(1) == [2, 4]
            full = x.read(1)
            np.testing.assert_array_equal(full, y.read(1))
            assert x.tags()["units"] == "t C/ha" and x.compression == y.compression
        for level, f in ((0, 2), (1, 4)):
            with rasterio.open(x_path, overview_level=level) as x, \
                    rasterio.open(y_path, overview_level=level) as y:
                ours = x.read(1)
                if native_gdal:
                    np.testing.assert_array_equal(ours, full[::f, ::f])
                if name == "even" or not native_gdal:
                    np.testing.assert_array_equal(ours, y.read(1))


def test_dask_distributed_client_in_process(tmp_path: Path,
                                            random_raster: tuple[Path, np.ndarray]) -> None:
    """The same block function under a local distributed scheduler (threads in this process)."""
    import distributed
    path, _ = random_raster
    grid = grid_of(path)
    kw = dict(params=(2.0, -1.0, -9999.0), reduce=3, block_shape=16, quantum=8)
    ref = run_blocks(scale_kernel, {"src": path}, out_spec(), grid, threads=1,
                     out_dir=tmp_path / "t", **kw)  # type: ignore[arg-type]
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        got = run_blocks_dask(scale_kernel, {"src": path}, out_spec(), grid, scheduler=client,
                              out_dir=tmp_path / "d", **kw)  # type: ignore[arg-type]
    assert got.tobytes() == ref.tobytes()
    with rasterio.open(tmp_path / "t" / "o.tif") as a, rasterio.open(tmp_path / "d" / "o.tif") as b:
        np.testing.assert_array_equal(a.read(1), b.read(1))
