"""``sinkplanner run PROJECT --out DIR``: everything the project's [carbon] section configures.

Aligns the project's layers to the analysis grid (cached), then computes the carbon stock of both
land-cover epochs (forest from the compartments' stock volume, grassland, blue carbon, pools) and
the annual sink by stock-difference and by gain–loss, by ecosystem, by township and in total.
"""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "compute carbon stock and annual sink for a project (all configured layers)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from app.commands import add_engine_arguments

    parser.add_argument("project", type=Path, metavar="PROJECT", help="project file (.toml)")
    add_engine_arguments(parser)
    parser.add_argument("--carbon-fraction", type=float, default=None,
                        help="carbon fraction of dry matter where the forest types table gives "
                        "none (0.47 IPCC; 0.50 common Chinese practice); default: the project's "
                        "[carbon] carbon_fraction, else 0.47")


def run(args: argparse.Namespace) -> int:
    from app.commands import print_result, terminal_progress
    from app.pipeline import run_project
    from app.project import Project

    project = Project.load(args.project)
    progress = terminal_progress()
    result = run_project(project, args.out, threads=args.threads, block_size=args.block_size,
                         overwrite=args.overwrite, carbon_fraction=args.carbon_fraction,
                         progress=progress)
    print_result(result, format_summary(result.summary), progress)
    return 0


def format_summary(s: dict) -> str:  # type: ignore[type-arg]
    lines = [f"carbon stock {s.get('bas_year') or 'baseline'}: {s['stock_bas_tC']:>18,.0f} t C "
             f"over {s['area_bas_ha']:,.0f} ha"]
    if s.get("stock_alt_tC") is not None:
        lines.append(f"carbon stock {s.get('alt_year') or 'alternate'}: "
                     f"{s['stock_alt_tC']:>18,.0f} t C")
    if s.get("sink_stock_difference_tCO2e_per_yr") is not None:
        lines.append("annual sink, stock-difference: "
                     f"{s['sink_stock_difference_tCO2e_per_yr']:,.0f} t CO2e/yr "
                     "(positive = removal)")
    lines.append(f"annual sink, gain-loss:        {s['sink_gain_loss_tCO2e_per_yr']:,.0f} "
                 "t CO2e/yr (positive = removal)")
    lines.append("by ecosystem (t CO2e/yr, gain-loss):")
    for rec in s.get("by_ecosystem", []):
        if rec.get("area_bas_ha") or rec.get("area_alt_ha"):
            lines.append(f"  {rec['ecosystem']:10s} {rec['sink_gl_tCO2e_per_yr']:>16,.0f}")
    return "\n".join(lines)
