"""User settings that persist between sessions (QSettings-backed).

Language, recent projects, last folder, window geometry/state, autosave interval, and whether the
demo project has been opened once. Tests (and portable installs) pass an explicit INI path, or set
``SINKPLANNER_SETTINGS`` to one.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

MAX_RECENT = 8


class Settings:
    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        path = path or os.environ.get("SINKPLANNER_SETTINGS")
        if path:
            self._qs = QSettings(str(path), QSettings.Format.IniFormat)
            self._folder = Path(path).resolve().parent
        else:
            self._qs = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                                 "Sinkplanner", "Sinkplanner")
            self._folder = None

    # ---- raw -----------------------------------------------------------------------------------
    def value(self, key: str, default: object = None) -> object:
        return self._qs.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)

    def sync(self) -> None:
        self._qs.sync()

    @property
    def file_name(self) -> str:
        return self._qs.fileName()

    # ---- language ------------------------------------------------------------------------------
    @property
    def language(self) -> str | None:
        v = self._qs.value("ui/language")
        return str(v) if v in ("zh", "en") else None

    @language.setter
    def language(self, lang: str) -> None:
        self._qs.setValue("ui/language", lang)

    # ---- recent files / folders --------------------------------------------------------------------
    def recent_projects(self) -> list[str]:
        v = self._qs.value("files/recent", [])
        if isinstance(v, str):
            v = [v] if v else []
        return [str(x) for x in (v or [])]

    def add_recent(self, path: str | os.PathLike[str]) -> None:
        p = str(Path(path).resolve())
        items = [x for x in self.recent_projects() if x != p]
        items.insert(0, p)
        self._qs.setValue("files/recent", items[:MAX_RECENT])

    def clear_recent(self) -> None:
        self._qs.setValue("files/recent", [])

    @property
    def last_folder(self) -> str:
        return str(self._qs.value("files/last_folder", "") or "")

    @last_folder.setter
    def last_folder(self, folder: str | os.PathLike[str]) -> None:
        self._qs.setValue("files/last_folder", str(folder))

    # ---- window ------------------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        v = self._qs.value("window/geometry")
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def window_state(self) -> QByteArray | None:
        v = self._qs.value("window/state")
        return v if isinstance(v, QByteArray) and not v.isEmpty() else None

    def save_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self._qs.setValue("window/geometry", geometry)
        self._qs.setValue("window/state", state)

    # ---- first start / autosave -------------------------------------------------------------------
    @property
    def first_start(self) -> bool:
        return str(self._qs.value("app/started_before", "false")).lower() != "true"

    def mark_started(self) -> None:
        self._qs.setValue("app/started_before", "true")

    @property
    def autosave_minutes(self) -> float:
        try:
            return float(self._qs.value("app/autosave_minutes", 5))
        except (TypeError, ValueError):
            return 5.0

    @autosave_minutes.setter
    def autosave_minutes(self, minutes: float) -> None:
        self._qs.setValue("app/autosave_minutes", float(minutes))

    def recovery_folder(self) -> Path:
        """Where autosaved recovery copies of projects go."""
        if self._folder is not None:
            base = self._folder
        else:
            loc = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
            base = Path(loc or Path.home() / ".sinkplanner")
        folder = base / "recovery"
        folder.mkdir(parents=True, exist_ok=True)
        return folder
