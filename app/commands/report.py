"""``sinkplanner report``: a map report of a project as PDF or PNG, in Chinese or English."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HELP = ("write a map report (PDF, or one PNG per page) of a project's carbon stock, sink, "
        "targets, scenario projections and red-line conflicts, in Chinese or English")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", metavar="PROJECT", help="project file (.toml)")
    parser.add_argument("--scenario", metavar="NAME",
                        help="scenario to report (default: the project's first scenario)")
    # --lang zh|en (added by app.cli for every subcommand) also sets the report language
    for action in parser._actions:
        if "--lang" in action.option_strings:
            action.help = ("language of the report and of messages (default: the project's "
                           "language, else zh)")
    parser.add_argument("--format", dest="fmt", choices=["pdf", "png"], default=None,
                        help="pdf (vector, searchable) or png (one file per page: FILE_1.png, "
                        "FILE_2.png, ...); default: from the --out suffix, else pdf")
    parser.add_argument("--out", required=True, metavar="FILE", help="output file")
    parser.add_argument("--paper", choices=["A4", "A3"], default="A4", help="paper size (A4)")
    parser.add_argument("--orientation", choices=["portrait", "landscape"], default="portrait",
                        help="page orientation (portrait)")
    parser.add_argument("--dpi", type=int, default=150,
                        help="PNG resolution in dots per inch (150; A4 at 72 dpi is 595×842 px)")
    parser.add_argument("--results", metavar="DIR",
                        help="folder with existing 'sinkplanner run' / 'plan' outputs to read "
                        "(default: compute what is missing)")
    parser.add_argument("--quiet", action="store_true", help="print only errors")


def run(args: argparse.Namespace) -> int:
    from app.project import Project
    from app.report import build_report

    project = Project.load(args.project)
    lang = getattr(args, "lang", None) or project.language or "zh"
    if lang not in ("zh", "en"):
        lang = "zh"
    t0 = time.perf_counter()
    files = build_report(project, args.out, lang=lang, fmt=args.fmt, scenario=args.scenario,
                         paper=args.paper, orientation=args.orientation, dpi=args.dpi,
                         results=args.results)
    if not args.quiet:
        dt = time.perf_counter() - t0
        shown = files[0] if len(files) == 1 else Path(files[0]).with_name(
            f"{Path(files[0]).stem.rsplit('_', 1)[0]}_[1-{len(files)}].png")
        print(f"{shown} ({len(files)} file{'s' if len(files) > 1 else ''}, {dt:.1f} s)",
              file=sys.stdout)
    return 0
