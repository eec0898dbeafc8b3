"""Geodata layer of Sinkplanner: reading, grids, alignment, rasterizing and block iteration.

Qt-free by design: nothing in this package imports PySide6 or ``app``.
"""

from gis.numba_cache import configure as _configure_numba_cache

_configure_numba_cache()  # before any kernel module is imported

from gis.errors import SinkplannerError  # noqa: E402
from gis.grid import GridSpec  # noqa: E402

__all__ = ["GridSpec", "SinkplannerError"]
