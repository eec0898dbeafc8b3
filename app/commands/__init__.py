"""CLI subcommands. Each module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Keep module-level imports light (argparse, pathlib): heavy libraries are
imported inside ``run`` so that ``sinkplanner --help`` is instant and needs no display."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any


def add_engine_arguments(parser: Any) -> None:
    """Options of every command that runs the block engine and writes an output folder."""
    parser.add_argument("--out", required=True, type=Path, metavar="DIR",
                        help="output folder (rasters, summary.json, CSV tables)")
    parser.add_argument("--threads", type=int, default=None,
                        help="worker threads (default: all cores)")
    parser.add_argument("--block-size", type=int, default=None, metavar="N",
                        help="block side in pixels (rounded up to 256; default 1024)")
    parser.add_argument("--overwrite", action="store_true",
                        help="replace an existing output folder (atomically)")


def terminal_progress(quiet: bool = False) -> Callable[[float, str], None] | None:
    """A progress callback that redraws one line on stderr when it is a terminal."""
    if quiet or not sys.stderr.isatty():
        return None

    def progress(fraction: float, message: str) -> None:
        print(f"\r{100 * fraction:5.1f}%  {message:40s}", end="", file=sys.stderr, flush=True)

    return progress


def print_result(result: Any, summary_lines: str, progress: Any = None) -> None:
    """End the progress line, then print the summary, the notices and the output folder."""
    if progress is not None:
        print(file=sys.stderr)
    print(summary_lines)
    for notice in result.notices:
        print(f"note: {notice}")
    print(f"outputs: {result.out_dir}")
