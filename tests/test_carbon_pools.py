"""The InVEST-equivalent carbon job: hand-computed answers, independent numpy check, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import rasterio
from affine import Affine
from conftest import write_raster

from gis.errors import ClassCodeError, InputError, OutputError, TableError
from sinkmodels import pools as pm
from sinkmodels.carbon import run_carbon

POOLS = """lucode,c_above,c_below,c_soil,c_dead,unit,source
1,15,10,60,1,t C/ha,InVEST test
2,5,3,20,0,t C/ha,test
3,0,0,40.5,0.25,t C/ha,test
"""
DENSITY = {1: 86.0, 2: 28.0, 3: 40.75}
PX_HA = 0.09  # 30 m cells


@pytest.fixture
def pools(tmp_path: Path) -> Path:
    p = tmp_path / "pools.csv"
    p.write_text(POOLS, encoding="utf-8")
    return p


def test_invest_86_tc_per_ha_on_10x10(tmp_path: Path, pools: Path) -> None:
    lulc = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    r = run_carbon(lulc, pools, tmp_path / "out")
    assert r.summary["stock_bas_tC"] == pytest.approx(86 * 100 * PX_HA, rel=1e-12)  # 774 t C
    assert r.summary["area_bas_ha"] == pytest.approx(9.0)
    with rasterio.open(tmp_path / "out" / "c_storage_bas.tif") as ds:
        assert (ds.read(1) == 86.0).all()
        assert ds.tags()["units"] == "t C/ha"
    saved = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert saved["stock_bas_tC"] == pytest.approx(774.0)
    assert saved["stock_alt_tC"] is None and saved["npv"] is None


def test_change_and_npv_by_hand(tmp_path: Path, pools: Path) -> None:
    bas = np.ones((10, 10), np.uint8)
    alt = bas.copy()
    alt[:5] = 2  # 50 pixels 86 -> 28: -58 t C/ha each
    alt[9, :] = 0  # 10 pixels nodata in the alternate
    b = write_raster(tmp_path / "bas.tif", bas, nodata=0)
    a = write_raster(tmp_path / "alt.tif", alt, nodata=0)
    r = run_carbon(b, pools, tmp_path / "out", lulc_alt=a, bas_year=2020, alt_year=2030,
                   price=43.0, discount_rate=7.0, rate_change=0.0)
    s = r.summary
    assert s["stock_bas_tC"] == pytest.approx(100 * 86 * PX_HA)
    assert s["stock_alt_tC"] == pytest.approx((50 * 28 + 40 * 86) * PX_HA)
    # change over pixels valid in both maps (90): 50 x -58 + 40 x 0
    assert s["change_tC"] == pytest.approx(50 * -58 * PX_HA)
    # InVEST: price/n * sum_{t<n} 1/1.07^t
    const = 43.0 / 10 * sum(1 / 1.07 ** t for t in range(10))
    assert s["valuation"]["valuation_constant"] == pytest.approx(const, rel=1e-12)
    assert s["npv"] == pytest.approx(50 * -58 * PX_HA * const, rel=1e-12)
    assert s["sink_tCO2e_per_yr"] == pytest.approx(50 * -58 * PX_HA / 10 * 44 / 12)
    with rasterio.open(tmp_path / "out" / "c_change_bas_alt.tif") as ds:
        ch = ds.read(1)
        assert (ch[:5] == -58).all() and (ch[5:9] == 0).all()
        assert (ch[9] == ds.nodata).all() and ds.nodata == pm.SIGNED_NODATA
    with rasterio.open(tmp_path / "out" / "npv_alt.tif") as ds:
        npv = ds.read(1)
        np.testing.assert_allclose(npv[:5], np.float32(-58 * const), rtol=1e-6)
        assert (npv[9] == ds.nodata).all()
    rows = (tmp_path / "out" / "transitions.csv").read_text().splitlines()
    assert rows[0] == "from_lucode,to_lucode,area_ha,change_tC,change_tCO2e"
    tr = {(int(f), int(t)): float(area) for f, t, area, *_ in (x.split(",") for x in rows[1:])}
    assert tr[(1, 2)] == pytest.approx(4.5) and tr[(1, 1)] == pytest.approx(3.6)


@pytest.mark.parametrize(("r", "c"), [(7.0, 0.0), (5.0, 2.5), (0.0, 0.0), (3.0, -2.9126213592233)])
def test_valuation_constant_matches_the_sum(r: float, c: float) -> None:
    closed = pm.valuation_constant(2000, 2017, r, c, 10.0)
    assert closed == pytest.approx(pm.valuation_constant_by_sum(2000, 2017, r, c, 10.0),
                                   rel=1e-12)


def independent(bas: np.ndarray, alt: np.ndarray, dens: dict[int, float], nd: int,
                area: np.ndarray, const: float) -> dict[str, float]:
    lut = np.full(256, np.nan)
    for k, v in dens.items():
        lut[k] = v
    sb = lut[bas]
    sb[bas == nd] = np.nan
    sa = lut[alt]
    sa[alt == nd] = np.nan
    ch = sa - sb
    return {"stock_bas_tC": float(np.nansum(sb * area)), "stock_alt_tC": float(np.nansum(sa * area)),
            "change_tC": float(np.nansum(ch * area)), "npv": float(np.nansum(ch * area)) * const}


@pytest.mark.parametrize("geographic", [False, True])
def test_summary_equals_independent_numpy(tmp_path: Path, pools: Path, geographic: bool) -> None:
    rng = np.random.default_rng(3)
    bas = rng.integers(0, 4, size=(300, 270)).astype(np.uint8)
    alt = np.where(rng.random(bas.shape) < 0.3, rng.integers(0, 4, size=bas.shape), bas)
    alt = alt.astype(np.uint8)
    kw = {}
    if geographic:
        kw = dict(crs="EPSG:4490", transform=Affine(0.0003, 0, 113.9, 0, -0.0003, 22.7))
    b = write_raster(tmp_path / "bas.tif", bas, nodata=0, **kw)
    a = write_raster(tmp_path / "alt.tif", alt, nodata=0, **kw)
    r = run_carbon(b, pools, tmp_path / "out", lulc_alt=a, bas_year=2020, alt_year=2035,
                   price=97.49, discount_rate=5.0, rate_change=1.5, threads=2, block_size=256)
    with rasterio.open(b) as ds:
        from gis.grid import GridSpec

        area = GridSpec.from_dataset(ds).area_ha()
    if not geographic:
        assert np.allclose(area, PX_HA)
    const = pm.valuation_constant_by_sum(2020, 2035, 5.0, 1.5, 97.49)
    ref = independent(bas, alt, DENSITY, 0, area, const)
    for k, v in ref.items():
        assert r.summary[k] == pytest.approx(v, rel=1e-6), k
    # and the rasters hold the same per-pixel densities
    with rasterio.open(tmp_path / "out" / "c_storage_alt.tif") as ds:
        got = ds.read(1)
    lut = np.array([-1.0, 86.0, 28.0, 40.75], np.float32)
    np.testing.assert_array_equal(got, lut[alt])


def test_same_totals_with_dask_engine(tmp_path: Path, pools: Path) -> None:
    rng = np.random.default_rng(5)
    bas = rng.integers(1, 4, size=(90, 80)).astype(np.uint8)
    alt = rng.integers(0, 4, size=(90, 80)).astype(np.uint8)
    b = write_raster(tmp_path / "bas.tif", bas, nodata=0)
    a = write_raster(tmp_path / "alt.tif", alt, nodata=0)
    r1 = run_carbon(b, pools, tmp_path / "o1", lulc_alt=a, threads=2)
    r2 = run_carbon(b, pools, tmp_path / "o2", lulc_alt=a, engine="dask")
    for k in ("stock_bas_tC", "stock_alt_tC", "change_tC"):
        assert r1.summary[k] == r2.summary[k]


def test_litter_column_is_optional_and_added(tmp_path: Path) -> None:
    p = tmp_path / "pools.csv"
    p.write_text("lucode,c_above,c_below,c_soil,c_dead,c_litter\n1,15,10,60,1,4\n")
    lulc = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    r = run_carbon(lulc, p, tmp_path / "out")
    assert r.summary["stock_bas_tC"] == pytest.approx(90 * 100 * PX_HA)


def test_missing_classes_listed_with_pixel_counts(tmp_path: Path, pools: Path) -> None:
    a = np.ones((10, 10), np.uint8)
    a[0, :3] = 7
    a[5, 5] = 9
    lulc = write_raster(tmp_path / "bas.tif", a, nodata=0)
    with pytest.raises(ClassCodeError) as exc:
        run_carbon(lulc, pools, tmp_path / "out")
    assert exc.value.counts == {7: 3, 9: 1}
    msg = str(exc.value)
    assert str(lulc) in msg and "7 (3 px)" in msg and "pools.csv" in msg
    assert not (tmp_path / "out").exists()


def test_missing_class_in_alternate(tmp_path: Path, pools: Path) -> None:
    bas = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    alt_a = np.ones((10, 10), np.uint8)
    alt_a[3, 3] = 12
    alt = write_raster(tmp_path / "alt.tif", alt_a, nodata=0)
    with pytest.raises(ClassCodeError) as exc:
        run_carbon(bas, pools, tmp_path / "out", lulc_alt=alt)
    assert exc.value.counts == {12: 1} and str(alt) in str(exc.value)


@pytest.mark.parametrize(("cell", "problem"), [("-5", "negative"), ("lots", "not a number")])
def test_bad_density_names_row_and_column(tmp_path: Path, cell: str, problem: str) -> None:
    p = tmp_path / "pools.csv"
    p.write_text(f"lucode,c_above,c_below,c_soil,c_dead\n1,15,10,60,1\n2,5,{cell},20,0\n")
    lulc = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    with pytest.raises(TableError) as exc:
        run_carbon(lulc, p, tmp_path / "out")
    msg = str(exc.value)
    assert str(p) in msg and "row 3" in msg and "c_below" in msg and problem in msg


def test_alternate_on_another_grid_is_aligned_with_a_notice(tmp_path: Path, pools: Path) -> None:
    bas = write_raster(tmp_path / "bas.tif", np.ones((20, 20), np.uint8), nodata=0)
    # 60 m cells covering the same area: each becomes 2x2 cells of the 30 m grid
    coarse = np.full((10, 10), 2, np.uint8)
    alt = write_raster(tmp_path / "alt.tif", coarse, nodata=0,
                       transform=Affine(60, 0, 500_000, 0, -60, 2_500_000))
    r = run_carbon(bas, pools, tmp_path / "out", lulc_alt=alt)
    assert r.notices and str(alt) in r.notices[0]
    assert r.summary["notices"] == r.notices
    assert r.summary["stock_alt_tC"] == pytest.approx(400 * 28 * PX_HA)
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".sinkplanner-align")]


def test_nodata_everywhere_is_explicit(tmp_path: Path, pools: Path) -> None:
    a = np.ones((10, 10), np.uint16)
    a[:2] = 65535
    lulc = write_raster(tmp_path / "bas.tif", a, nodata=65535)
    r = run_carbon(lulc, pools, tmp_path / "out")
    assert r.summary["nodata_px_bas"] == 20
    assert r.summary["stock_bas_tC"] == pytest.approx(80 * 86 * PX_HA)
    with rasterio.open(tmp_path / "out" / "c_storage_bas.tif") as ds:
        assert ds.nodata == pm.STOCK_NODATA
        assert (ds.read(1)[:2] == pm.STOCK_NODATA).all()


def test_valuation_arguments_checked(tmp_path: Path, pools: Path) -> None:
    lulc = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    with pytest.raises(InputError, match="alternate"):
        run_carbon(lulc, pools, tmp_path / "o", price=10.0)
    with pytest.raises(InputError, match="later than"):
        run_carbon(lulc, pools, tmp_path / "o", lulc_alt=lulc, price=10.0, bas_year=2030,
                   alt_year=2020)
    float_lulc = write_raster(tmp_path / "f.tif", np.ones((10, 10), np.float32), nodata=0)
    with pytest.raises(InputError, match="whole numbers"):
        run_carbon(float_lulc, pools, tmp_path / "o")


def test_existing_folder_kept_on_failure_and_without_overwrite(tmp_path: Path,
                                                               pools: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old results")
    good = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    with pytest.raises(OutputError):
        run_carbon(good, pools, out)
    bad_a = np.ones((10, 10), np.uint8)
    bad_a[0, 0] = 99
    bad = write_raster(tmp_path / "bad.tif", bad_a, nodata=0)
    with pytest.raises(ClassCodeError):
        run_carbon(bad, pools, out, overwrite=True)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    run_carbon(good, pools, out, overwrite=True)
    assert not (out / "keep.txt").exists() and (out / "summary.json").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_cancel_midway_keeps_the_old_folder(tmp_path: Path, pools: Path) -> None:
    from gis.errors import CancelledError

    rng = np.random.default_rng(9)
    bas = write_raster(tmp_path / "bas.tif", rng.integers(1, 4, (600, 600)).astype(np.uint8),
                       nodata=0)
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("previous results")
    polls = {"n": 0}

    def cancel() -> bool:
        polls["n"] += 1
        return polls["n"] > 4

    with pytest.raises(CancelledError):
        run_carbon(bas, pools, out, lulc_alt=bas, block_size=256, threads=2, cancel=cancel,
                   overwrite=True)
    assert polls["n"] > 4
    assert [p.name for p in out.iterdir()] == ["old.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


@pytest.fixture(scope="module")
def big_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("big")
    rng = np.random.default_rng(21)
    bas = rng.integers(0, 4, (700, 610)).astype(np.uint8)
    alt = np.where(rng.random(bas.shape) < 0.2, rng.integers(0, 4, bas.shape), bas)
    pools = folder / "pools.csv"
    pools.write_text(POOLS.replace("40.5", "40.51").replace("0.25", "0.33"), encoding="utf-8")
    return (write_raster(folder / "bas.tif", bas, nodata=0),
            write_raster(folder / "alt.tif", alt.astype(np.uint8), nodata=0), pools)


def test_job_totals_identical_for_any_block_size_and_threads(
        tmp_path: Path, big_inputs: tuple[Path, Path, Path]) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    bas, alt, pools = big_inputs
    ref = run_carbon(bas, pools, tmp_path / "ref", lulc_alt=alt, threads=1, block_size=256,
                     overviews=False).summary
    keys = ("stock_bas_tC", "stock_alt_tC", "change_tC", "area_bas_ha", "area_both_ha")

    @settings(max_examples=6, deadline=None)
    @given(block=st.sampled_from([1, 300, 512, 700, 4096]), threads=st.integers(1, 3))
    def check(block: int, threads: int) -> None:
        out = tmp_path / f"b{block}t{threads}"
        s = run_carbon(bas, pools, out, lulc_alt=alt, threads=threads, block_size=block,
                       overviews=False, overwrite=True).summary
        assert all(s[k] == ref[k] for k in keys)  # bit-identical, not approximately

    check()
