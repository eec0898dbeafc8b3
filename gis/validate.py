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


def _path_str(path: str | Path) -> str:
    return str(path)


# The checks proper are defined below; they import readers/layers/tables lazily.


def check_table(path: str | Path, schema: TableSchema) -> list[Issue]:
    """All problems of a CSV parameter table against its schema (see :mod:`gis.tables`)."""
    from gis.tables import validate_table

    return validate_table(path, schema)


__all__ = ["Issue", "Severity", "check_table", "errors", "has_errors"]

if TYPE_CHECKING:  # pragma: no cover - names used in later annotations
    _unused: tuple[type[GridSpec], type[Layer]]
