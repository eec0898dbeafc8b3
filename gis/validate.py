"""Input checks that return a list of :class:`Issue` and never raise.

Each check looks at one input (a file, a layer, a raster's class codes, a parameter table) and
reports what is wrong as issues carrying a message ``code`` from :mod:`gis.messages`, its
parameters and the path of the file concerned, so the GUI, the CLI and reports can show them in
the user's language. Errors a later step would raise become ``severity='error'`` issues.

Heavy imports (rasterio, geopandas) happen inside the checks so that importing this module (for
:class:`Issue`) stays cheap and free of import cycles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from gis.errors import SinkplannerError
from gis.messages import format_message

if TYPE_CHECKING:
    from gis.grid import GridSpec
    from gis.layers import Layer
    from gis.tables import TableSchema

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """One problem found in an input.

    ``code`` selects the message in :mod:`gis.messages`; ``params`` fill it in; ``path`` is the
    file concerned (always given for file inputs; the message names it).
    """

    severity: Severity
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    path: str | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")
        if self.path is not None and not isinstance(self.path, str):
            object.__setattr__(self, "path", str(self.path))
        object.__setattr__(self, "params", dict(self.params))

    def message(self, lang: str | None = None) -> str:
        """The user-facing text in ``lang`` ('en', 'zh'; default: the current language)."""
        params = dict(self.params)
        if self.path is not None:
            params.setdefault("path", self.path)
        return format_message(self.code, lang, **params)

    def __str__(self) -> str:
        return f"{self.severity}: {self.message('en')}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @classmethod
    def from_error(cls, err: SinkplannerError, severity: Severity = "error") -> Issue:
        """The issue equivalent of a raised :class:`~gis.errors.SinkplannerError`."""
        params = {k: v for k, v in err.params.items() if k != "path"}
        return cls(severity, err.code, params, err.path)

    def to_error(self, cls: type[SinkplannerError]) -> SinkplannerError:
        """An exception of class ``cls`` carrying this issue's code, params and path."""
        params = {k: v for k, v in self.params.items() if k != "path"}
        if cls.__name__ == "ClassCodeError":  # its constructor formats the counts itself
            return cls(self.code, path=self.path, counts=params.get("counts"),
                       table=params.get("table", "the table"))
        return cls(self.code, path=self.path, **params)


def errors(issues: Iterable[Issue]) -> list[Issue]:
    """Only the error-severity issues."""
    return [i for i in issues if i.severity == "error"]


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)


def _exists_issue(path: Path) -> Issue | None:
    if not path.exists():
        return Issue("error", "file_missing", {}, str(path))
    return None


def check_file(path: str | Path) -> list[Issue]:
    """Does the file (or folder, e.g. a .gdb) exist, and can its bytes be read? Any kind of
    file (layers, tables); no format, CRS or geometry checks (see :func:`check_layer`)."""
    p = Path(path)
    missing = _exists_issue(p)
    if missing is not None:
        return [missing]
    if p.is_file():
        try:
            with p.open("rb") as fh:
                fh.read(1)
        except OSError as exc:
            return [Issue("error", "file_unreadable",
                          {"kind": "file", "detail": exc.strerror or str(exc)}, str(p))]
        if p.stat().st_size == 0:
            return [Issue("error", "file_unreadable", {"kind": "file", "detail": "the file is empty"},
                          str(p))]
    return []


def check_layer(path: str | Path, **opts: Any) -> list[Issue]:
    """Open the layer (``opts`` as for :func:`gis.readers.open_layer`: crs, encoding, layer) and
    report: missing/unreadable file, unsupported format, no CRS, undeclared encoding, empty
    layer, empty and invalid geometries (with feature ids). Never raises for bad input."""
    from gis.readers import find_reader, open_layer, supported_patterns

    issues = check_file(path)
    if issues:
        return issues
    if find_reader(path) is None:
        p = Path(path)
        return [Issue("error", "format_unsupported",
                      {"suffix": p.suffix or p.name, "supported": " ".join(supported_patterns())},
                      str(p))]
    try:
        layer = open_layer(path, **opts)
    except SinkplannerError as exc:
        return [Issue.from_error(exc)]
    issues.extend(layer.issues)
    from gis.layers import VectorLayer

    if isinstance(layer, VectorLayer):
        if layer.feature_count == 0:
            issues.append(Issue("warning", "layer_empty", {}, str(path)))
            return issues
        try:
            layer.read()
        except SinkplannerError as exc:
            issues.append(Issue.from_error(exc))
            return issues
        issues.extend(i for i in layer.issues if i not in issues)
    return issues


def check_overlap(layer: Layer, grid: GridSpec) -> list[Issue]:
    """An error issue (``no_overlap``) when the layer's extent misses the grid."""
    from gis.align import check_extent

    try:
        check_extent(layer, grid)
    except SinkplannerError as exc:
        return [Issue.from_error(exc)]
    return []


def class_histogram(raster_path: str | Path, band: int = 1) -> dict[int, int]:
    """Pixel count per class value of an integer raster, nodata excluded, read block by block
    (the file's own internal blocks). Raises for unreadable files (use :func:`check_classes`
    for a never-raising check)."""
    import numpy as np

    from gis.readers import open_layer

    layer = open_layer(raster_path)
    from gis.layers import RasterLayer

    if not isinstance(layer, RasterLayer):
        raise SinkplannerError("error", path=raster_path,
                               detail=f"{raster_path}: a raster was expected")
    counts: dict[int, int] = {}
    with layer.open() as ds:
        nodata = ds.nodatavals[band - 1]
        for _, window in ds.block_windows(band):
            arr = ds.read(band, window=window)
            if arr.dtype.kind == "f":
                arr = arr[np.isfinite(arr)]
            if nodata is not None:
                arr = arr[arr != nodata]
            if arr.size == 0:
                continue
            values, n = np.unique(arr, return_counts=True)
            for v, c in zip(values.tolist(), n.tolist(), strict=True):
                key = int(v)
                counts[key] = counts.get(key, 0) + int(c)
    return dict(sorted(counts.items()))


def check_classes(raster_path: str | Path, known_codes: Iterable[int], table_name: str = "the table",
                  band: int = 1) -> list[Issue]:
    """An error issue (``classes_missing``) listing the raster's class codes that are not in
    ``known_codes`` (e.g. a legend's or a pool table's), each with its pixel count."""
    try:
        hist = class_histogram(raster_path, band)
    except SinkplannerError as exc:
        return [Issue.from_error(exc)]
    known = {int(c) for c in known_codes}
    unknown = {c: n for c, n in hist.items() if c not in known}
    if not unknown:
        return []
    codes = ", ".join(f"{k} ({v:,} px)" for k, v in unknown.items())
    return [Issue("error", "classes_missing",
                  {"n": len(unknown), "codes": codes, "table": table_name, "counts": unknown},
                  str(raster_path))]


__all__ = ["Issue", "Severity", "check_classes", "check_file", "check_layer", "check_overlap",
           "check_table", "class_histogram", "errors", "has_errors"]


def check_table(path: str | Path, schema: TableSchema) -> list[Issue]:
    """All problems of a CSV parameter table against its schema (see :mod:`gis.tables`):
    missing file, unreadable, wrong columns, bad values with row and column, duplicate keys."""
    from gis.tables import validate_table

    return validate_table(path, schema)
