"""The carbon jobs: kernels wired to :mod:`gis.blocks`, outputs written atomically.

* :func:`run_carbon` — the InVEST 3.20 Carbon equivalent: stock of a baseline (and alternate)
  land-cover map from a pool table, change, NPV. Same totals as InVEST where the method is the
  same; also works on geographic grids (exact per-row cell area) and aligns an alternate map on
  another grid (with a notice) instead of refusing it.
* :func:`run_project_carbon` — everything a project configures (see :mod:`sinkmodels.sink`).

Each job writes into an output folder through :func:`gis.io.atomic_dir`: the folder appears
complete or not at all, and an existing folder is never left half-overwritten.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from gis.errors import ClassCodeError, InputError, MissingFileError, UnreadableError
from gis.grid import GridSpec
from gis.messages import format_message

Progress = Callable[[float, str], None] | None
Cancel = Callable[[], bool] | None

#: t CO2 per t C
CO2_PER_C = 44.0 / 12.0

#: output rasters of the carbon job: InVEST 3.20's names and units
CARBON_OUTPUTS = {
    "c_storage_bas": ("t C/ha", "carbon stock density, baseline (sum of pools)"),
    "c_storage_alt": ("t C/ha", "carbon stock density, alternate (sum of pools)"),
    "c_change_bas_alt": ("t C/ha", "change in carbon stock density, alternate - baseline "
                         "(positive = sequestered)"),
    "npv_alt": ("currency/ha", "net present value of the carbon change (InVEST 3.20 formula)"),
}


@dataclass
class CarbonResult:
    """What a carbon job wrote: the folder, the summary (also in summary.json), raster paths."""

    out_dir: Path
    summary: dict[str, Any]
    outputs: dict[str, Path] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


class _MissingClasses(Exception):
    """Raised inside the block loop at the first block holding codes the table lacks."""

    def __init__(self, which: str) -> None:
        super().__init__(which)
        self.which = which


# ---- helpers ------------------------------------------------------------------------------

def raster_info(path: str | Path) -> tuple[GridSpec, np.dtype[Any], float | None]:
    """(grid, dtype, nodata) of band 1 of a raster; typed errors for missing/unreadable files."""
    import rasterio

    p = Path(path)
    if not p.exists():
        raise MissingFileError(path=p)
    try:
        with rasterio.open(p) as ds:
            return GridSpec.from_dataset(ds), np.dtype(ds.dtypes[0]), (
                None if ds.nodata is None else float(ds.nodata))
    except rasterio.errors.RasterioIOError as exc:
        raise UnreadableError(path=p, kind="raster", detail=str(exc)) from exc


def _nd_args(nodata: float | None) -> tuple[bool, float]:
    return (nodata is not None and not np.isnan(nodata)), (0.0 if nodata is None else nodata)


def class_counts(path: str | Path, codes_of_interest: Callable[[np.ndarray], np.ndarray] | None
                 = None, block: int = 2048) -> dict[int, int]:
    """Pixel count of every value of a class raster (nodata excluded), block by block."""
    import rasterio

    from gis.blocks import iter_windows

    counts: dict[int, int] = {}
    with rasterio.open(path) as ds:
        grid = GridSpec.from_dataset(ds)
        nodata = ds.nodata
        for win in iter_windows(grid, block, block):
            a = ds.read(1, window=win)
            if nodata is not None:
                a = a[a != nodata]
            vals, cnt = np.unique(a, return_counts=True)
            if codes_of_interest is not None:
                keep = codes_of_interest(vals)
                vals, cnt = vals[keep], cnt[keep]
            for v, n in zip(vals.tolist(), cnt.tolist(), strict=True):
                key = int(v) if float(v).is_integer() else v
                counts[key] = counts.get(key, 0) + int(n)
    return counts


def missing_class_error(path: str | Path, lookup: Any, table_path: str | Path) -> ClassCodeError:
    """A ClassCodeError listing the codes of ``path`` that ``lookup`` lacks, with pixel counts."""
    def not_in_table(vals: np.ndarray) -> np.ndarray:
        return np.array([not (float(v).is_integer() and lookup.contains(int(v))) for v in vals],
                        dtype=bool)

    counts = class_counts(path, not_in_table)
    return ClassCodeError(path=path, counts=counts, table=Path(table_path).name)


def align_if_needed(path: Path, grid: GridSpec, workdir: Path, notices: list[str],
                    kind: str = "classes") -> Path:
    """``path`` if it is on ``grid``; else an aligned copy in ``workdir`` and a notice."""

    g, _, _ = raster_info(path)
    if g.same_grid(grid):
        return path
    from gis.align import align_raster

    out = workdir / f"aligned_{path.stem}.tif"
    aligned = Path(align_raster(path, grid, out, kind=kind))  # type: ignore[arg-type]
    notices.append(format_message("grid_mismatch", None, path=str(path),
                                  detail=grid.describe_difference(g)))
    return aligned


def _write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    """CSV with floats to 12 significant digits (the sums carry float noise beyond that)."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows([[f"{v:.12g}" if isinstance(v, float) else v for v in row] for row in rows])


# ---- the InVEST-equivalent job ------------------------------------------------------------

def run_carbon(lulc_bas: str | Path, pools: str | Path, out_dir: str | Path, *,
               lulc_alt: str | Path | None = None, bas_year: int | None = None,
               alt_year: int | None = None, price: float | None = None,
               discount_rate: float | None = None, rate_change: float | None = None,
               threads: int | None = None, block_size: int | None = None,
               overwrite: bool = False, progress: Progress = None, cancel: Cancel = None,
               engine: str = "threads", overviews: bool = True) -> CarbonResult:
    """Carbon stock (baseline, alternate), change and NPV from a pool table, as InVEST 3.20.

    ``discount_rate`` and ``rate_change`` are percentages (InVEST's convention; default 0);
    valuation is done when ``price`` is given and needs both years and ``lulc_alt``.
    ``engine`` is "threads" (:func:`gis.blocks.run_blocks`) or "dask"
    (:func:`gis.blocks.run_blocks_dask`, threaded scheduler). Returns a :class:`CarbonResult`;
    ``out_dir`` holds c_storage_bas.tif (and c_storage_alt.tif, c_change_bas_alt.tif,
    npv_alt.tif), summary.json, classes.csv and (with an alternate) transitions.csv.
    """
    from gis.blocks import OutputSpec, run_blocks, run_blocks_dask
    from gis.io import atomic_dir, write_json_atomic
    from sinkmodels import pools as pm
    from sinkmodels.tables import load_pools

    lulc_bas = Path(lulc_bas)
    pools_path = Path(pools)
    lulc_alt = Path(lulc_alt) if lulc_alt is not None else None
    out_dir = Path(out_dir)

    # ---- arguments --------------------------------------------------------------------
    do_valuation = price is not None
    constant = None
    if do_valuation:
        if lulc_alt is None:
            raise InputError("valuation_needs_alternate")
        missing = [n for n, v in (("--bas-year", bas_year), ("--alt-year", alt_year)) if v is None]
        if missing:
            raise InputError("valuation_incomplete", missing=", ".join(missing))
        assert bas_year is not None and alt_year is not None and price is not None
        if alt_year <= bas_year:
            raise InputError("valuation_years", bas_year=bas_year, alt_year=alt_year)
        constant = pm.valuation_constant(bas_year, alt_year, discount_rate or 0.0,
                                         rate_change or 0.0, price)

    grid, dt_bas, nd_bas = raster_info(lulc_bas)
    if dt_bas.kind not in "iub":
        raise InputError("lulc_not_integer", path=lulc_bas, dtype=dt_bas.name)
    table = load_pools(pools_path)
    lookup = pm.pools_lookup(table)
    notices: list[str] = []
    if progress is not None:
        progress(0.0, format_message("progress_checking"))

    with tempfile.TemporaryDirectory(prefix=".sinkplanner-align-",
                                     dir=_work_parent(out_dir)) as work:
        inputs: dict[str, Path] = {"lulc_bas": lulc_bas}
        if lulc_alt is not None:
            _, dt_alt, _ = raster_info(lulc_alt)
            if dt_alt.kind not in "iub":
                raise InputError("lulc_not_integer", path=lulc_alt, dtype=dt_alt.name)
            inputs["lulc_alt"] = align_if_needed(lulc_alt, grid, Path(work), notices)
        _, _, nd_alt = raster_info(inputs["lulc_alt"]) if lulc_alt is not None else (None, None,
                                                                                        None)
        n = lookup.n
        alternate = lulc_alt is not None
        transitions = alternate and n <= pm.MAX_TRANSITION_CLASSES
        outputs = {"c_storage_bas": OutputSpec("float32", pm.STOCK_NODATA,
                                               *CARBON_OUTPUTS["c_storage_bas"])}
        if alternate:
            outputs["c_storage_alt"] = OutputSpec("float32", pm.STOCK_NODATA,
                                                  *CARBON_OUTPUTS["c_storage_alt"])
            outputs["c_change_bas_alt"] = OutputSpec("float32", pm.SIGNED_NODATA,
                                                     *CARBON_OUTPUTS["c_change_bas_alt"])
            outputs["npv_alt"] = OutputSpec("float32", pm.SIGNED_NODATA,
                                            *CARBON_OUTPUTS["npv_alt"])
            kernel: Any = pm.change_kernel
            params: tuple[Any, ...] = (
                np.int64(lookup.lo), lookup.index, lookup.density, *_nd_args(nd_bas),
                *_nd_args(nd_alt), float(constant or 0.0), pm.STOCK_NODATA, pm.SIGNED_NODATA,
                np.int64(n), transitions)
        else:
            kernel = pm.stock_kernel
            params = (np.int64(lookup.lo), lookup.index, lookup.density, *_nd_args(nd_bas),
                      pm.STOCK_NODATA)
        size = pm.acc_size(n, alternate)

        def check(block_acc: np.ndarray) -> None:
            if block_acc[pm.A_MISSING_BAS] > 0:
                raise _MissingClasses("bas")
            if alternate and block_acc[pm.A_MISSING_ALT] > 0:
                raise _MissingClasses("alt")

        with atomic_dir(out_dir, overwrite=overwrite) as tmp:
            try:
                if engine == "dask":
                    acc = run_blocks_dask(kernel, inputs, outputs, grid, params=params,
                                          reduce=size, block_shape=block_size, out_dir=tmp,
                                          overviews=overviews)
                    check(acc)
                else:
                    acc = run_blocks(kernel, inputs, outputs, grid, params=params, reduce=size,
                                     block_shape=block_size, threads=threads,
                                     progress=progress, cancel=cancel, out_dir=tmp,
                                     overviews=overviews, check=check)
            except _MissingClasses as exc:
                which = inputs["lulc_bas"] if exc.which == "bas" else inputs["lulc_alt"]
                shown = lulc_bas if exc.which == "bas" else lulc_alt
                err = missing_class_error(which, lookup, pools_path)
                raise ClassCodeError(path=shown, counts=err.counts,
                                     table=pools_path.name) from None
            summary = _carbon_summary(acc, lookup, grid, alternate, transitions, constant,
                                      lulc_bas=lulc_bas, lulc_alt=lulc_alt, pools=pools_path,
                                      bas_year=bas_year, alt_year=alt_year, price=price,
                                      discount_rate=discount_rate, rate_change=rate_change,
                                      notices=notices, outputs=list(outputs))
            _write_carbon_tables(tmp, acc, lookup, alternate, transitions)
            write_json_atomic(tmp / "summary.json", summary)
    paths = {name: out_dir / f"{name}.tif" for name in outputs}
    return CarbonResult(out_dir, summary, paths, notices)


def _work_parent(out_dir: Path) -> Path | None:
    parent = out_dir.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return parent


def _carbon_summary(acc: np.ndarray, lookup: Any, grid: GridSpec, alternate: bool,
                    transitions: bool, constant: float | None, **info: Any) -> dict[str, Any]:
    from sinkmodels import pools as pm

    stock_bas = float(acc[pm.A_STOCK_BAS])
    s: dict[str, Any] = {
        "model": "carbon",
        "method": "InVEST 3.20 Carbon (pool table); totals = sum(density x exact cell area)",
        "units": {"stock": "t C", "npv": "currency", "area": "ha", "density": "t C/ha",
                  "co2e": "t CO2e (= t C x 44/12)"},
        "stock_bas_tC": stock_bas,
        "stock_alt_tC": float(acc[pm.A_STOCK_ALT]) if alternate else None,
        "change_tC": float(acc[pm.A_CHANGE]) if alternate else None,
        "npv": (float(acc[pm.A_CHANGE]) * constant) if (alternate and constant is not None)
        else None,
        "stock_bas_tCO2e": stock_bas * CO2_PER_C,
        "stock_alt_tCO2e": float(acc[pm.A_STOCK_ALT]) * CO2_PER_C if alternate else None,
        "change_tCO2e": float(acc[pm.A_CHANGE]) * CO2_PER_C if alternate else None,
        "area_bas_ha": float(acc[pm.A_AREA_BAS]),
        "area_alt_ha": float(acc[pm.A_AREA_ALT]) if alternate else None,
        "area_both_ha": float(acc[pm.A_AREA_BOTH]) if alternate else None,
        "nodata_px_bas": int(acc[pm.A_NODATA_BAS]),
        "nodata_px_alt": int(acc[pm.A_NODATA_ALT]) if alternate else None,
    }
    bas_year, alt_year = info.get("bas_year"), info.get("alt_year")
    if alternate and bas_year is not None and alt_year is not None and alt_year > bas_year:
        per_yr = float(acc[pm.A_CHANGE]) / (alt_year - bas_year)
        s["sink_tC_per_yr"] = per_yr
        s["sink_tCO2e_per_yr"] = per_yr * CO2_PER_C
        s["sink_sign"] = "positive = removal from the atmosphere (stock gain)"
    s["valuation"] = None if constant is None else {
        "price_per_tC": info.get("price"), "discount_rate_pct": info.get("discount_rate") or 0.0,
        "rate_change_pct": info.get("rate_change") or 0.0, "bas_year": bas_year,
        "alt_year": alt_year, "valuation_constant": constant,
        "formula": "npv = change_tC * price/n * sum_{t=0}^{n-1} ((1+r/100)(1+c/100))^-t",
    }
    s["inputs"] = {"lulc_bas": str(info["lulc_bas"]),
                   "lulc_alt": None if info.get("lulc_alt") is None else str(info["lulc_alt"]),
                   "pools": str(info["pools"]), "bas_year": bas_year, "alt_year": alt_year}
    s["grid"] = grid.to_dict()
    s["outputs"] = {name: f"{name}.tif" for name in info["outputs"]}
    s["tables"] = ["classes.csv"] + (["transitions.csv"] if transitions else [])
    s["notices"] = list(info.get("notices") or [])
    return s


def _write_carbon_tables(folder: Path, acc: np.ndarray, lookup: Any, alternate: bool,
                         transitions: bool) -> None:
    from sinkmodels import pools as pm

    n = lookup.n
    area_bas = acc[pm.N_SCALARS:pm.N_SCALARS + n]
    area_alt = acc[pm.N_SCALARS + n:pm.N_SCALARS + 2 * n] if alternate else None
    rows = []
    for i, code in enumerate(lookup.codes.tolist()):
        d = float(lookup.density[i])
        row = [code, d, float(area_bas[i]), float(area_bas[i]) * d]
        if area_alt is not None:
            row += [float(area_alt[i]), float(area_alt[i]) * d]
        rows.append(row)
    header = ["lucode", "c_total_tC_per_ha", "area_bas_ha", "stock_bas_tC"]
    if alternate:
        header += ["area_alt_ha", "stock_alt_tC"]
    _write_csv(folder / "classes.csv", header, rows)
    if transitions:
        m = acc[pm.N_SCALARS + 2 * n:pm.N_SCALARS + 2 * n + n * n].reshape(n, n)
        trows = []
        for i, ci in enumerate(lookup.codes.tolist()):
            for j, cj in enumerate(lookup.codes.tolist()):
                if m[i, j] > 0:
                    dc = float(lookup.density[j] - lookup.density[i])
                    trows.append([ci, cj, float(m[i, j]), dc * float(m[i, j]),
                                  dc * float(m[i, j]) * CO2_PER_C])
        _write_csv(folder / "transitions.csv",
                   ["from_lucode", "to_lucode", "area_ha", "change_tC", "change_tCO2e"], trows)


def read_summary(out_dir: str | Path) -> dict[str, Any]:
    with open(Path(out_dir) / "summary.json", encoding="utf-8") as f:
        return dict(json.load(f))


# ---- the whole project ---------------------------------------------------------------------

#: output rasters of the project job
PROJECT_OUTPUTS = {
    "stock_bas": ("t C/ha", "carbon stock density, baseline epoch (forest from stock volume, "
                  "grassland and blue carbon models, else pools)"),
    "stock_alt": ("t C/ha", "carbon stock density, alternate epoch"),
    "change_bas_alt": ("t C/ha", "stock change, alternate - baseline (positive = gain)"),
    "sink_stock_difference": ("t CO2e/ha/yr", "annual sink by stock-difference "
                              "(positive = removal)"),
    "sink_gain_loss": ("t CO2e/ha/yr", "annual sink by gain-loss (positive = removal)"),
}
#: Outputs a one-epoch run does not keep (no alternate land cover: no data in them)
ONE_EPOCH_EMPTY = ("stock_alt", "change_bas_alt", "sink_stock_difference")


def _zero_raster(grid: GridSpec, folder: Path, name: str) -> Path:
    """An all-zero uint8 raster on ``grid`` (sparse: no tiles are written)."""
    import rasterio

    from gis.io import geotiff_profile

    path = folder / f"{name}.tif"
    prof = geotiff_profile(grid, "uint8", None, sparse_ok=True)
    with rasterio.open(path, "w", **prof):
        pass
    return path


def _legend(path: str | Path | None) -> Any:
    if path is None:
        return None
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise MissingFileError(path=p)
    try:
        return pd.read_csv(p, encoding="utf-8-sig", comment="#")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        from gis.errors import TableError

        raise TableError("table_unreadable", path=p, detail=str(exc)) from exc


def run_project_carbon(prepared: Any, tables: dict[str, str | Path], out_dir: str | Path, *,
                       landcover_baseline: str, landcover_alternate: str | None = None,
                       bas_year: int | None = None, alt_year: int | None = None,
                       compartments: str | None = None, townships: str | None = None,
                       grassland: str | None = None, wetlands: str | None = None,
                       mangroves: str | None = None, stand_age: str | None = None,
                       fields: dict[str, dict[str, str]] | None = None,
                       carbon_fraction: float = 0.47, threads: int | None = None,
                       block_size: int | None = None, overwrite: bool = False,
                       progress: Progress = None, cancel: Cancel = None,
                       overviews: bool = True, where: str | Path | None = None
                       ) -> CarbonResult:
    """Stock and annual sink of a whole project (see :mod:`sinkmodels.sink`).

    ``prepared`` is what ``app.pipeline.prepare_inputs`` returns (``grid``, ``paths`` by layer
    id — all on ``grid`` — ``tables`` of vector layers indexed by 1-based feature id,
    ``notices``). ``tables`` maps table keys (carbon_pools, legend, forest_types, growth_curves,
    grassland, blue_carbon) to files; only carbon_pools is required. Layer arguments are layer
    ids (vector layers as feature-id rasters). ``fields`` maps a layer id to its canonical →
    file field names. Writes stock_bas, stock_alt, change_bas_alt, sink_stock_difference,
    sink_gain_loss (GeoTIFF), summary.json, by_ecosystem.csv, by_township.csv,
    transitions.csv into ``out_dir`` atomically. ``where`` (the project file) is named in
    messages about the configuration.
    """
    from gis.blocks import OutputSpec, run_blocks
    from gis.io import atomic_dir, write_json_atomic
    from sinkmodels import pools as pm
    from sinkmodels import sink
    from sinkmodels import tables as st

    grid: GridSpec = prepared.grid
    paths = {k: Path(v) for k, v in prepared.paths.items()}
    attr = dict(getattr(prepared, "tables", {}) or {})
    notices = list(getattr(prepared, "notices", []) or [])
    out_dir = Path(out_dir)
    fields = dict(fields or {})
    where = str(where) if where is not None else "<project>"

    if "carbon_pools" not in tables:
        raise InputError("table_needed", path=where, table="carbon_pools",
                         what="carbon stock")
    pools_path = Path(tables["carbon_pools"])
    pools = st.load_pools(pools_path)
    legend = _legend(tables.get("legend"))
    ft = st.load_forest_types(tables["forest_types"]) if tables.get("forest_types") else None
    gc = st.load("growth_curves", tables["growth_curves"]) if tables.get("growth_curves") \
        else None
    gl = st.load("grassland", tables["grassland"]) if tables.get("grassland") else None
    bc = st.load("blue_carbon", tables["blue_carbon"]) if tables.get("blue_carbon") else None

    has_alt = landcover_alternate is not None
    dt = 0.0
    if has_alt:
        if bas_year is None or alt_year is None:
            raise InputError("sink_years_missing", path=where,
                             layers=f"{landcover_baseline}, {landcover_alternate}")
        if alt_year <= bas_year:
            raise InputError("valuation_years", bas_year=bas_year, alt_year=alt_year)
        dt = float(alt_year - bas_year)

    def fmap(layer: str | None, key: str) -> dict[str, str]:
        return dict(fields.get(layer or "", {})) if layer else {}

    model = sink.build_model(
        pools, legend, forest_types=ft, growth=gc, grassland=gl, blue=bc,
        compartments=attr.get(compartments) if compartments else None,
        townships=attr.get(townships) if townships else None,
        grass_polys=attr.get(grassland) if grassland else None,
        wetland_polys=attr.get(wetlands) if wetlands else None,
        mangrove_polys=attr.get(mangroves) if mangroves else None,
        fields={"compartments": fmap(compartments, "compartments"),
                "townships": fmap(townships, "townships"),
                "grassland": fmap(grassland, "grassland"),
                "wetlands": fmap(wetlands, "wetlands"),
                "mangroves": fmap(mangroves, "mangroves")},
        default_cf=carbon_fraction)

    def layer_path(layer_id: str | None) -> Path | None:
        if layer_id is None:
            return None
        if layer_id not in paths:
            raise InputError("carbon_input_missing", path=where, what=layer_id,
                             key=layer_id)
        return paths[layer_id]

    bas_path = layer_path(landcover_baseline)
    assert bas_path is not None
    _, dt_bas, nd_bas = raster_info(bas_path)
    if dt_bas.kind not in "iub":
        raise InputError("lulc_not_integer", path=bas_path, dtype=dt_bas.name)
    alt_path = layer_path(landcover_alternate) if has_alt else None
    nd_alt: float | None = None
    if alt_path is not None:
        _, dt_alt, nd_alt = raster_info(alt_path)
        if dt_alt.kind not in "iub":
            raise InputError("lulc_not_integer", path=alt_path, dtype=dt_alt.name)

    with tempfile.TemporaryDirectory(prefix=".sinkplanner-zero-",
                                     dir=_work_parent(out_dir)) as work:
        zero: Path | None = None

        def opt(layer_id: str | None) -> Path:
            nonlocal zero
            p = layer_path(layer_id)
            if p is not None:
                return p
            if zero is None:
                zero = _zero_raster(grid, Path(work), "zero")
            return zero

        inputs = {"lc_bas": bas_path, "lc_alt": alt_path or bas_path,
                  "comp": opt(compartments), "town": opt(townships), "grass": opt(grassland),
                  "wet": opt(wetlands), "mang": opt(mangroves), "age": opt(stand_age)}
        outputs = {name: OutputSpec("float32",
                                    pm.STOCK_NODATA if name.startswith("stock") else
                                    pm.SIGNED_NODATA, *PROJECT_OUTPUTS[name])
                   for name in PROJECT_OUTPUTS}
        params = model.params(_nd_args(nd_bas), _nd_args(nd_alt), dt, has_alt,
                              stand_age is not None, pm.STOCK_NODATA, pm.SIGNED_NODATA)

        def check(block_acc: np.ndarray) -> None:
            if block_acc[sink.S_MISSING_BAS] > 0:
                raise _MissingClasses("bas")
            if has_alt and block_acc[sink.S_MISSING_ALT] > 0:
                raise _MissingClasses("alt")

        lookup = pm.pools_lookup(pools)
        with atomic_dir(out_dir, overwrite=overwrite) as tmp:
            try:
                acc = run_blocks(sink.project_kernel, inputs, outputs, grid, params=params,
                                 reduce=model.acc_size(), block_shape=block_size,
                                 threads=threads, progress=progress, cancel=cancel,
                                 out_dir=tmp, overviews=overviews, check=check)
            except _MissingClasses as exc:
                which = bas_path if exc.which == "bas" else alt_path
                assert which is not None
                raise missing_class_error(which, lookup, pools_path) from None
            written = list(outputs)
            if not has_alt:  # one epoch: the alternate-epoch rasters hold nothing
                for name in ONE_EPOCH_EMPTY:
                    (tmp / f"{name}.tif").unlink(missing_ok=True)
                written = [n for n in written if n not in ONE_EPOCH_EMPTY]
            eco, towns = sink.group_table(acc, model, dt)
            eco.to_csv(tmp / "by_ecosystem.csv", index=False, float_format="%.12g")
            towns.to_csv(tmp / "by_township.csv", index=False, float_format="%.12g")
            tables_written = ["by_ecosystem.csv", "by_township.csv"]
            if has_alt and model.transitions:
                sink.transition_table(acc, model).to_csv(tmp / "transitions.csv", index=False,
                                                         float_format="%.12g")
                tables_written.append("transitions.csv")
            summary = _project_summary(acc, model, eco, towns, dt, has_alt, grid,
                                       bas_year=bas_year, alt_year=alt_year,
                                       tables={k: str(v) for k, v in tables.items() if v},
                                       layers={"landcover_baseline": landcover_baseline,
                                               "landcover_alternate": landcover_alternate,
                                               "compartments": compartments,
                                               "townships": townships,
                                               "grassland": grassland, "wetlands": wetlands,
                                               "mangroves": mangroves,
                                               "stand_age": stand_age},
                                       notices=notices, outputs=written,
                                       tables_written=tables_written,
                                       carbon_fraction=carbon_fraction)
            write_json_atomic(tmp / "summary.json", summary)
    out_paths = {name: out_dir / f"{name}.tif" for name in written}
    return CarbonResult(out_dir, summary, out_paths, notices + list(model.notes))


def _project_summary(acc: np.ndarray, model: Any, eco: Any, towns: Any, dt: float,
                     has_alt: bool, grid: GridSpec, **info: Any) -> dict[str, Any]:
    from sinkmodels import sink

    def col(df: Any, name: str) -> float:
        return float(df[name].sum())

    stock_bas = col(eco, "stock_bas_tC")
    stock_alt = col(eco, "stock_alt_tC") if has_alt else None
    change = col(eco, "change_tC") if has_alt else None
    gain, loss = col(eco, "gain_tC_per_yr"), col(eco, "loss_tC_per_yr")
    s: dict[str, Any] = {
        "model": "project_carbon",
        "units": {"stock": "t C", "sink": "t C/yr and t CO2e/yr", "area": "ha"},
        "sink_sign": "positive = removal from the atmosphere",
        "bas_year": info.get("bas_year"), "alt_year": info.get("alt_year"),
        "stock_bas_tC": stock_bas, "stock_alt_tC": stock_alt, "change_tC": change,
        "stock_bas_tCO2e": stock_bas * CO2_PER_C,
        "area_bas_ha": col(eco, "area_bas_ha"),
        "sink_stock_difference_tC_per_yr": (change / dt)
        if (change is not None and dt > 0) else None,
        "sink_stock_difference_tCO2e_per_yr": (change / dt * CO2_PER_C)
        if (change is not None and dt > 0) else None,
        "sink_gain_loss_tC_per_yr": gain - loss,
        "sink_gain_loss_tCO2e_per_yr": (gain - loss) * CO2_PER_C,
        "gains_tC_per_yr": gain, "losses_tC_per_yr": loss,
        "pixels": {"nodata_bas": int(acc[sink.S_NODATA_BAS]),
                   "nodata_alt": int(acc[sink.S_NODATA_ALT]) if has_alt else None,
                   "forest_model": int(acc[sink.S_PX_FOREST_MODEL]),
                   "grassland_model": int(acc[sink.S_PX_GRASS_MODEL]),
                   "blue_carbon_model": int(acc[sink.S_PX_BLUE_MODEL]),
                   "pools_only": int(acc[sink.S_PX_POOLS])},
        "by_ecosystem": _records(eco),
        "by_township": _records(towns),
        "carbon_fraction_default": info.get("carbon_fraction"),
        "inputs": {"layers": info.get("layers"), "tables": info.get("tables")},
        "grid": grid.to_dict(),
        "outputs": {name: f"{name}.tif" for name in info["outputs"]},
        "tables": info.get("tables_written", []),
        "notices": list(info.get("notices") or []) + list(model.notes),
    }
    return s


def _records(df: Any) -> list[dict[str, Any]]:
    out = []
    for rec in df.to_dict(orient="records"):
        out.append({k: (None if isinstance(v, float) and np.isnan(v) else
                        (float(v) if isinstance(v, np.floating | float) else v))
                    for k, v in rec.items()})
    return out
