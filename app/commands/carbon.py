"""``sinkplanner carbon``: the InVEST-equivalent carbon job (stock, change, NPV) from a pool table.

Example::

    sinkplanner carbon --lulc-bas lc2020.tif --lulc-alt lc2030.tif --pools pools.csv \\
        --bas-year 2020 --alt-year 2030 --price 97.49 --discount-rate 7 --rate-change 0 \\
        --out results/carbon
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = ("carbon stock, change and NPV from land-cover maps and a carbon pool table "
        "(InVEST Carbon compatible)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from app.commands import add_engine_arguments

    parser.add_argument("--lulc-bas", required=True, type=Path, metavar="A.tif",
                        help="baseline land-cover raster (integer class codes)")
    parser.add_argument("--lulc-alt", type=Path, metavar="B.tif",
                        help="alternate (later) land-cover raster; aligned to the baseline's "
                        "grid if it lies on another")
    parser.add_argument("--pools", required=True, type=Path, metavar="pools.csv",
                        help="carbon pool table: lucode,c_above,c_below,c_soil,c_dead[,c_litter] "
                        "in t C/ha (InVEST format)")
    parser.add_argument("--bas-year", type=int, help="year of the baseline map")
    parser.add_argument("--alt-year", type=int, help="year of the alternate map")
    parser.add_argument("--price", type=float,
                        help="price of carbon, currency per t C (turns on valuation)")
    parser.add_argument("--discount-rate", type=float, default=0.0,
                        help="annual discount rate in percent (InVEST convention; default 0)")
    parser.add_argument("--rate-change", type=float, default=0.0,
                        help="annual change of the carbon price in percent (default 0)")
    add_engine_arguments(parser)
    parser.add_argument("--quiet", action="store_true", help="print no progress")


def run(args: argparse.Namespace) -> int:
    from app.commands import print_result, terminal_progress
    from sinkmodels.carbon import run_carbon

    progress = terminal_progress(args.quiet)
    result = run_carbon(args.lulc_bas, args.pools, args.out, lulc_alt=args.lulc_alt,
                        bas_year=args.bas_year, alt_year=args.alt_year, price=args.price,
                        discount_rate=args.discount_rate, rate_change=args.rate_change,
                        threads=args.threads, block_size=args.block_size,
                        overwrite=args.overwrite, progress=progress)
    print_result(result, format_summary(result.summary), progress)
    return 0


def format_summary(s: dict) -> str:  # type: ignore[type-arg]
    """A few lines for the terminal."""
    lines = [f"carbon stock, baseline:   {s['stock_bas_tC']:>18,.1f} t C  "
             f"({s['area_bas_ha']:,.1f} ha)"]
    if s.get("stock_alt_tC") is not None:
        lines.append(f"carbon stock, alternate:  {s['stock_alt_tC']:>18,.1f} t C")
        lines.append(f"change (alt - bas):       {s['change_tC']:>18,.1f} t C  "
                     f"= {s['change_tCO2e']:,.1f} t CO2e (positive = removal)")
    if s.get("sink_tCO2e_per_yr") is not None:
        lines.append(f"annual sink:              {s['sink_tCO2e_per_yr']:>18,.1f} t CO2e/yr "
                     "(positive = removal)")
    if s.get("npv") is not None:
        lines.append(f"net present value:        {s['npv']:>18,.2f}")
    return "\n".join(lines)
