"""CLI subcommands. Each module defines ``HELP`` (one line), ``add_arguments(parser)`` and
``run(args) -> int``. Keep module-level imports light (argparse, pathlib): heavy libraries are
imported inside ``run`` so that ``sinkplanner --help`` is instant and needs no display."""
