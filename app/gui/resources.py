"""Icons drawn as small SVGs in ``app/resources``."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


@lru_cache(maxsize=64)
def icon(name: str) -> QIcon:
    path = RESOURCES / f"{name}.svg"
    return QIcon(str(path)) if path.exists() else QIcon()
