"""Geodata layer of Sinkplanner: reading, grids, alignment, rasterizing and block iteration.

Qt-free by design: nothing in this package imports PySide6 or ``app``.
"""

from gis.errors import SinkplannerError
from gis.grid import GridSpec

__all__ = ["GridSpec", "SinkplannerError"]
