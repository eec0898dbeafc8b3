"""The small exception tree of Sinkplanner.

Every error carries a message ``code`` from :mod:`gis.messages` and its parameters, so the text a
user reads is formatted in their language at display time. ``str(err)`` is the English text.

    SinkplannerError
    ├── InputError            a user's file, table or project is wrong (name the file!)
    │   ├── MissingFileError
    │   ├── UnreadableError
    │   ├── CRSError
    │   ├── ExtentError
    │   ├── ClassCodeError
    │   ├── TableError
    │   ├── EncodingError
    │   ├── GeometryError
    │   └── ProjectError
    ├── OutputError           an output cannot be written
    └── CancelledError        the user cancelled a run
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gis.messages import format_message


class SinkplannerError(Exception):
    """Base class. ``code`` selects the message; keyword params fill it in."""

    default_code = "error"

    def __init__(self, code: str | None = None, /, *, path: str | Path | None = None,
                 **params: Any) -> None:
        self.code = code or self.default_code
        self.path = str(path) if path is not None else None
        self.params: dict[str, Any] = dict(params)
        if self.path is not None:
            self.params.setdefault("path", self.path)
        super().__init__(self.message("en"))

    def message(self, lang: str | None = None) -> str:
        """The user-facing message in ``lang`` ('en', 'zh'; default: current language)."""
        return format_message(self.code, lang, **self.params)

    def __reduce__(self) -> tuple[Any, ...]:  # picklable across processes (dask)
        return (_rebuild, (type(self), self.code, self.path, self.params))


def _rebuild(cls: type[SinkplannerError], code: str, path: str | None,
             params: dict[str, Any]) -> SinkplannerError:
    params = {k: v for k, v in params.items() if k != "path"}
    return cls(code, path=path, **params)


class InputError(SinkplannerError):
    """A user's input is wrong. Always give ``path``."""


class MissingFileError(InputError):
    default_code = "file_missing"


class UnreadableError(InputError):
    default_code = "file_unreadable"


class CRSError(InputError):
    default_code = "no_crs"


class ExtentError(InputError):
    default_code = "no_overlap"


class ClassCodeError(InputError):
    """Class codes in a raster that a legend or table does not know.

    ``counts`` maps code -> pixel count; the message lists them.
    """

    default_code = "classes_missing"

    def __init__(self, code: str | None = None, /, *, path: str | Path | None = None,
                 counts: dict[int, int] | None = None, table: str = "the table",
                 **params: Any) -> None:
        self.counts = dict(sorted((counts or {}).items()))
        codes = ", ".join(f"{k} ({v:,} px)" for k, v in self.counts.items())
        super().__init__(code, path=path, n=len(self.counts), codes=codes, table=table,
                         **params)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_classes, (self.path, self.counts, self.params.get("table", "")))


def _rebuild_classes(path: str | None, counts: dict[int, int], table: str) -> ClassCodeError:
    return ClassCodeError(path=path, counts=counts, table=table)


class TableError(InputError):
    default_code = "table_value"


class EncodingError(InputError):
    default_code = "encoding_undeclared"


class GeometryError(InputError):
    default_code = "geometry_invalid"


class ProjectError(InputError):
    default_code = "project_invalid"


class OutputError(SinkplannerError):
    default_code = "output_unwritable"


class CancelledError(SinkplannerError):
    default_code = "cancelled"
