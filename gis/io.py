"""Output writing: atomic files and folders, GeoTIFF creation profiles.

Outputs are never written in place: each goes to a temporary name in the destination folder and
is renamed over the final name only when complete (``os.replace`` is atomic on one file system).
A cancelled or failed run therefore never leaves a half-written file behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from gis.errors import OutputError
from gis.grid import GridSpec


def _read_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: The process umask, read once at import (reading it means setting it, which is not thread-safe).
_UMASK = _read_umask()

#: Creation options for every GeoTIFF Sinkplanner writes: tiled, compressed, BigTIFF when needed.
GTIFF_OPTIONS: dict[str, Any] = {
    "driver": "GTiff",
    "tiled": True,
    "blockxsize": 256,
    "blockysize": 256,
    "compress": "deflate",
    "zlevel": 1,
    "bigtiff": "if_safer",
}


def geotiff_profile(grid: GridSpec, dtype: Any, nodata: float | None, count: int = 1,
                    categorical: bool = False, **overrides: Any) -> dict[str, Any]:
    """The rasterio profile for a single-band output on ``grid``. ``categorical``: integer
    codes or feature ids, written without the differencing predictor — differences of ids
    compress worse and decode slower (64 M px of int32 compartment ids: 3.7 instead of
    4.9 MB, read in 0.10 instead of 0.14 s)."""
    dtype = np.dtype(dtype)
    profile = dict(GTIFF_OPTIONS)
    profile.update(crs=grid.crs, transform=grid.transform, width=grid.width,
                   height=grid.height, count=count, dtype=dtype.name, nodata=nodata)
    if dtype.kind == "f":
        profile["predictor"] = 3 if dtype.itemsize == 4 else 2
    elif dtype.itemsize > 1 and not categorical:
        profile["predictor"] = 2
    # GeoTIFF tiles must be multiples of 16 and no larger than needed for small rasters
    for key, size in (("blockxsize", grid.width), ("blockysize", grid.height)):
        if size < profile[key]:
            profile[key] = max(16, (size + 15) // 16 * 16)
    profile.update(overrides)
    return profile


def temp_sibling(path: str | Path, suffix: str | None = None) -> Path:
    """A unique temporary path in the same folder as ``path`` (same file system)."""
    path = Path(path)
    suffix = path.suffix if suffix is None else suffix
    return path.with_name(f".{path.stem}.{uuid.uuid4().hex[:8]}.tmp{suffix}")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success rename it to ``path``, on error delete it.

    GeoTIFF side files (``.aux.xml``, ``.ovr``) written next to the temporary file move with it.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(path=path, detail=str(exc)) from exc
    tmp = temp_sibling(path)
    try:
        yield tmp
        if not tmp.exists():
            raise OutputError(path=path, detail="nothing was written")
        for side in (".aux.xml", ".ovr"):
            side_tmp = Path(str(tmp) + side)
            if side_tmp.exists():
                os.replace(side_tmp, str(path) + side)
        os.replace(tmp, path)
    except BaseException:
        for p in (tmp, Path(str(tmp) + ".aux.xml"), Path(str(tmp) + ".ovr")):
            with contextlib.suppress(OSError):
                p.unlink()
        raise


def write_text_atomic(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding=encoding)
    return path


def write_json_atomic(path: str | Path, data: Any) -> Path:
    return write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=2,
                                              default=_json_default) + "\n")


def _json_default(obj: Any) -> Any:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON serialisable: {type(obj).__name__}")


@contextlib.contextmanager
def atomic_dir(path: str | Path, overwrite: bool = True) -> Iterator[Path]:
    """Yield a fresh temporary folder beside ``path``; on success it replaces ``path``.

    An existing ``path`` is never left half-overwritten: it is moved aside, the new folder is
    renamed in, and only then is the old one deleted. On error or cancel the temporary folder is
    removed and ``path`` is untouched.
    """
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise OutputError(path=path, detail="a file with this name exists; an output folder was expected")
    if path.exists() and any(path.iterdir()) and not overwrite:
        raise OutputError("output_exists", path=path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
        os.chmod(tmp, 0o777 & ~_UMASK)  # mkdtemp makes it private (0700); outputs are not
    except OSError as exc:
        raise OutputError(path=path, detail=str(exc)) from exc
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    try:
        if path.exists():
            old = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.old")
            os.replace(path, old)
        os.replace(tmp, path)
    except OSError as exc:
        if old is not None and not path.exists():
            os.replace(old, path)
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(path=path, detail=str(exc)) from exc
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
