"""Where numba keeps compiled kernels, keyed on the source code.

numba's ``cache=True`` re-checks only the source file of the function it compiled, not the files
of the functions that one calls: after an edit to ``sinkmodels/forest.py`` a cached kernel in
``sinkmodels/sink.py`` would go on running the old ``tree_biomass``. So the cache folder is named
after a hash of every module that defines kernels; any change there starts a fresh cache.
An explicit ``NUMBA_CACHE_DIR`` from the user is left alone.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

_PACKAGES = ("gis", "sinkmodels")


def source_digest(root: Path | None = None) -> str:
    """A short hash of the path and bytes of every module of ``gis`` and ``sinkmodels``."""
    root = root or Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for pkg in _PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def configure() -> Path | None:
    """Point numba's cache at ``<user cache>/sinkplanner/numba/<source digest>`` (created on
    demand). Must run before the kernels' modules are imported; returns the folder, or None
    when the user set ``NUMBA_CACHE_DIR`` or no cache folder is writable (numba then uses
    its default)."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return None
    base = os.environ.get("XDG_CACHE_HOME") or os.environ.get("LOCALAPPDATA")
    folder = Path(base or Path.home() / ".cache") / "sinkplanner" / "numba" / source_digest()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    os.environ["NUMBA_CACHE_DIR"] = str(folder)
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba already imported: its config read the environment before
        config.CACHE_DIR = str(folder)  # type: ignore[attr-defined]
    return folder
