"""Setting up a project in the app: File → New Project, File → Project Properties… (工程属性) and
Analysis → Check Project… (检查工程).

**New Project** asks for a name and a folder, writes the project file there and, if the user
wants, copies the demo county's parameter tables into a ``tables/`` folder beside it (never
over existing files without asking); the window then opens Project Properties.

**Project Properties** edits what a project file holds besides its layers and scenarios, on
five tabs: General (name, base year, report language), Tables (the eight parameter tables, with
Browse… and "Start from the demo tables"), Carbon (baseline and alternate land cover,
compartments and townships layers, the carbon fraction), Grid (reference layer, CRS,
resolution) and Targets (the ``[[targets]]`` rows). OK checks every field and lists what is
wrong in the dialog; only a valid set of changes is applied, through
:meth:`app.model.AppModel.update_project` (the project is then modified, the planner is prepared
again on next use).

**Check Project** runs :func:`app.pipeline.validate_project` (what ``sinkplanner validate``
lists) on a copy of the project in the background, adds what only a project file can get wrong
(tables it does not name, targets, the base year: :class:`ProjectChecks`) and lists every
problem with its severity, its message in the UI language and its file, with Copy.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.pipeline import DEFAULT_CARBON_FRACTION
from app.project import TABLE_KEYS, LayerEntry, Project
from sinkmodels.planning.targets import NATIONAL_COVER_PCT, NATIONAL_STOCK_M3, NATIONAL_YEAR

#: the shipped sample data (never written to) and the demo county's tables
SAMPLE_DATA = Path(__file__).resolve().parents[2] / "sample_data"
DEMO_TABLES = SAMPLE_DATA / "demo_county" / "tables"
#: tables the carbon run and the planner cannot do without / the planner needs / optional
#: base years the planner can start from (it projects to 2060)
BASE_YEARS = (1985, 2059)
HORIZON = 2060
#: the [carbon] carbon fraction the dialog offers (default: IPCC's 0.47)
CARBON_FRACTION_RANGE = (0.30, 0.60)
#: the national targets that apply when a project sets none (国发〔2021〕23号)
NATIONAL = {"forest_cover_pct": NATIONAL_COVER_PCT, "stock_volume_m3": NATIONAL_STOCK_M3,
            "year": NATIONAL_YEAR}
#: which [carbon] keys name layers of which role
CARBON_LAYERS = {"landcover_baseline": "landcover", "landcover_alternate": "landcover",
                 "compartments": "compartments", "townships": "townships"}
TABS = ("general", "tables", "carbon", "grid", "targets")


# ---- Qt-free helpers ----------------------------------------------------------------------------

def is_shipped(path: str | os.PathLike[str]) -> bool:
    """True for a path inside the shipped sample data, which is never written to."""
    p = Path(path).resolve()
    return p == SAMPLE_DATA or SAMPLE_DATA in p.parents


def demo_tables() -> dict[str, Path]:
    """The demo county's table files by table key (those that exist)."""
    return {key: DEMO_TABLES / f"{key}.csv" for key in TABLE_KEYS
            if (DEMO_TABLES / f"{key}.csv").is_file()}


def demo_copies_present(folder: str | os.PathLike[str]) -> list[str]:
    """File names of the demo tables that already exist in ``folder``."""
    return [p.name for p in demo_tables().values() if (Path(folder) / p.name).exists()]


def copy_demo_tables(folder: str | os.PathLike[str], *, replace: bool = False) -> dict[str, Path]:
    """Copy the demo tables into ``folder`` (made if needed); an existing file is replaced only
    with ``replace``, else kept. Each copy is written atomically. Returns table key → the file
    in ``folder`` (copied or kept)."""
    from gis.io import atomic_path

    dest = Path(folder).resolve()
    if is_shipped(dest):
        raise OSError(f"{dest}: the shipped sample data is never written to")
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for key, src in demo_tables().items():
        target = dest / src.name
        if replace or not target.exists():
            with atomic_path(target) as tmp:
                shutil.copyfile(src, tmp)
        out[key] = target
    return out


_FILE_BAD = re.compile(r'[\s/\\:*?"<>|\x00-\x1f]+')


def project_file_name(name: str) -> str:
    """A file name for a project called ``name`` (Chinese kept; spaces and characters a file
    name may not hold become ``_``)."""
    stem = _FILE_BAD.sub("_", name.strip()).strip("._") or "project"
    return f"{stem[:80]}.toml"


def layer_kind(entry: LayerEntry) -> str | None:
    """'raster' or 'vector' by the reader registered for the layer's file, None if unknown."""
    from gis.readers import find_reader

    reader = find_reader(entry.path)
    return None if reader is None else reader.kind


def effective_reference(project: Project, grid: Mapping[str, Any] | None = None,
                        carbon: Mapping[str, Any] | None = None) -> LayerEntry | None:
    """The layer whose grid is the analysis grid, as :func:`app.pipeline.reference_entry`
    chooses it (for ``grid``/``carbon`` as edited), or None."""
    grid = project.grid if grid is None else grid
    carbon = project.carbon if carbon is None else carbon
    for key in (grid.get("reference"), carbon.get("landcover_baseline")):
        if key and project.has_layer(key):
            return project.layer(key)
    landcover = project.layers_with_role("landcover")
    return landcover[0] if landcover else None


def cgcs2000_crs() -> list[tuple[str, int, int | None]]:
    """The CGCS2000 CRSs offered: (EPSG code, central meridian, 3-degree zone number or None)
    — the geographic one (EPSG:4490; meridian 0) and the 3-degree Gauss–Krüger zones by
    central meridian, without (EPSG:4534–4554) and with (EPSG:4513–4533) the zone number in
    the easting."""
    out: list[tuple[str, int, int | None]] = [("EPSG:4490", 0, None)]
    for k in range(21):
        cm = 75 + 3 * k
        out.append((f"EPSG:{4534 + k}", cm, None))
        out.append((f"EPSG:{4513 + k}", cm, 25 + k))
    return out


def suggest_crs(longitude: float) -> str | None:
    """The CGCS2000 3-degree Gauss–Krüger CRS (without zone number) for a longitude in China."""
    cm = 3 * round(longitude / 3)
    if not 75 <= cm <= 135:
        return None
    return f"EPSG:{4534 + (cm - 75) // 3}"


def layer_longitude(entry: LayerEntry) -> float | None:
    """The longitude of the centre of a layer's extent (None when it cannot be read)."""
    from app.pipeline import open_entry

    try:
        layer = open_entry(entry)
        left, bottom, right, top = layer.bounds
        from pyproj import Transformer

        t = Transformer.from_crs(layer.crs.to_wkt(), "EPSG:4490", always_xy=True)
        lon, _lat = t.transform((left + right) / 2, (bottom + top) / 2)
    except Exception:  # noqa: BLE001 - a suggestion only
        return None
    return float(lon) if math.isfinite(lon) else None


def parse_crs(text: str) -> tuple[Any, str | None]:
    """(pyproj CRS, None) for CRS text (EPSG:4547, 4547, WKT, PROJ), or (None, the reason)."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        return CRS.from_user_input(text.strip()), None
    except (CRSError, TypeError, ValueError) as exc:
        return None, str(exc).split(":  (")[0]


_INVALID = object()


def number(value: Any) -> Any:
    """A number a user typed or a file holds: None when empty, ``_INVALID`` when not a number
    (commas and spaces between digits are allowed: 33,000,000)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return _INVALID
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else _INVALID
    text = str(value).strip().replace(",", "").replace("，", "").replace(" ", "")
    try:
        v = float(text)
    except ValueError:
        return _INVALID
    return v if math.isfinite(v) else _INVALID


def format_number(value: Any) -> str:
    """A number as the dialog shows it (no exponent for ordinary sizes)."""
    v = number(value)
    if v is None:
        return ""
    if v is _INVALID:
        return str(value)
    if float(v).is_integer() and abs(v) < 1e15:
        return f"{int(v):,}" if abs(v) >= 10_000 else f"{int(v)}"
    return f"{v:.12g}"


@dataclasses.dataclass
class CheckResult:
    """What the background part of Check Project found: validate_project's issues."""

    issues: list[Any]


def check_job(project: Project, progress: Callable[[float, str], None] | None = None,
              cancel: Callable[[], bool] | None = None) -> CheckResult:
    """Check Project's background job (Qt-free; ``project``: a copy the GUI does not touch):
    :func:`app.pipeline.validate_project`."""
    from app.pipeline import validate_project
    from gis.errors import CancelledError
    from gis.messages import format_message

    if progress is not None:
        progress(0.0, format_message("progress_checking"))
    issues = validate_project(project)
    if cancel is not None and cancel():
        raise CancelledError()
    if progress is not None:
        progress(1.0, format_message("progress_done"))
    return CheckResult(issues)


@dataclasses.dataclass(frozen=True)
class Finding:
    """One line of Check Project: severity ('error' | 'warning' | 'info'), the message in the UI
    language and the file concerned."""

    severity: str
    message: str
    path: str | None = None


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


# ---- checks with translated messages --------------------------------------------------------------

class ProjectChecks(QObject):
    """What a project file can get wrong beyond its files (which ``validate_project`` checks):
    tables it does not name, its targets and its base year, in the UI language. The Project
    Properties dialog checks its fields with the same rules."""

    def table_label(self, key: str) -> str:
        return {"legend": self.tr("Land-cover legend"),
                "carbon_pools": self.tr("Carbon pools"),
                "forest_types": self.tr("Forest types"),
                "growth_curves": self.tr("Growth curves"),
                "grassland": self.tr("Grassland"),
                "blue_carbon": self.tr("Blue carbon (wetlands, mangroves)"),
                "constraint_rules": self.tr("Planning rules"),
                "actions": self.tr("Restoration actions")}.get(key, key)

    def table_help(self, key: str) -> str:
        return {"legend": self.tr("land-cover classes: code, names, ecosystem, colour"),
                "carbon_pools": self.tr("carbon per land-cover class (InVEST format, t C/ha)"),
                "forest_types": self.tr("forest types: volume-to-biomass method and "
                                        "parameters"),
                "growth_curves": self.tr("growth curves (Chapman–Richards) per forest type"),
                "grassland": self.tr("grassland biomass and soil carbon by degradation grade"),
                "blue_carbon": self.tr("wetland and mangrove biomass, soil and accumulation "
                                       "rates"),
                "constraint_rules": self.tr("which action is allowed in which zone and on "
                                            "which land class"),
                "actions": self.tr("restoration actions: defaults, eligibility and costs")
                }.get(key, TABLE_KEYS.get(key, key))

    def demo_note(self) -> str:
        return self.tr("The demo tables are a starting point: values marked [U] in their source "
                       "column are illustrative, not measured. Replace them with your county's "
                       "own values (inventory, local studies) before relying on the results.")

    def replace_question(self, folder: Path, names: Sequence[str]) -> tuple[str, str, str, str]:
        """Title, question and the two buttons of :func:`ask_replace`."""
        return (self.tr("Tables exist already"),
                self.tr("%1 already holds: %2. Replace them with the demo tables, or keep them "
                        "and use them?").replace("%1", str(folder)).replace("%2", ", ".join(names)),
                self.tr("Replace"), self.tr("Keep mine"))

    def cannot_create(self) -> str:
        return self.tr("Cannot create the project")

    def base_year_problem(self, year: Any) -> str | None:
        lo, hi = BASE_YEARS
        if not isinstance(year, int) or isinstance(year, bool) or not lo <= year <= hi:
            return (self.tr("The base year must be a year from %1 to %2 (planning runs to %3).")
                    .replace("%1", str(lo)).replace("%2", str(hi)).replace("%3", str(HORIZON)))
        return None

    def target_problems(self, rows: Sequence[Mapping[str, Any]], base_year: int,
                        townships: Sequence[str] | None) -> list[tuple[int, str]]:
        """(row number from 1, message) for every problem of ``[[targets]]`` rows (values as a
        file holds them or as typed)."""
        out: list[tuple[int, str]] = []
        codes = None if townships is None else {str(c) for c in townships}
        for i, d in enumerate(rows, start=1):
            def bad(text: str, i: int = i) -> None:
                out.append((i, self.tr("Target %1: %2").replace("%1", str(i)).replace("%2", text)))

            region = str(d.get("region", "county") if d.get("region") is not None
                         else "county").strip()
            if not region:
                bad(self.tr("give its region: county, or a township code"))
            elif region != "county":
                if codes is None:
                    bad(self.tr("the region '%1' is not 'county', and the project has no "
                                "townships layer whose codes it could be").replace("%1", region))
                elif region not in codes:
                    known = sorted(codes)
                    shown = ", ".join(known[:12]) + (" …" if len(known) > 12 else "")
                    bad(self.tr("'%1' is neither 'county' nor a township code of the townships "
                                "layer (%2)").replace("%1", region).replace("%2", shown))
            year = number(d.get("year"))
            if year is None or year is _INVALID or not float(year).is_integer():
                bad(self.tr("give the target year as a whole number"))
            elif not base_year < year <= HORIZON:
                bad(self.tr("the year %1 must be after the base year (%2) and no later than "
                            "%3")
                    .replace("%1", str(int(year))).replace("%2", str(base_year))
                    .replace("%3", str(HORIZON)))
            cover, stock = number(d.get("forest_cover_pct")), number(d.get("stock_volume_m3"))
            if cover is None and stock is None:
                bad(self.tr("give a forest cover, a stock volume or both"))
            if cover is _INVALID:
                bad(self.tr("the forest cover '%1' is not a number")
                    .replace("%1", str(d.get("forest_cover_pct"))))
            elif cover is not None and not 0.0 <= cover <= 100.0:
                bad(self.tr("the forest cover must be between 0 and 100 %"))
            if stock is _INVALID:
                bad(self.tr("the stock volume '%1' is not a number")
                    .replace("%1", str(d.get("stock_volume_m3"))))
            elif stock is not None and stock <= 0:
                bad(self.tr("the stock volume must be above 0 m³"))
        return out

    def findings(self, project: Project, result: CheckResult, lang: str) -> list[Finding]:
        """Everything Check Project lists: the validation issues (messages in ``lang``), then
        the project file's own problems; errors first."""
        found = [Finding(i.severity, without_path(i.message(lang), i.path), i.path)
                 for i in result.issues]
        where = str(project.path) if project.path else None
        problem = self.base_year_problem(project.base_year)
        if problem:
            found.append(Finding("error", problem, where))
        # the targets are checked by validate_project (as `sinkplanner validate` does)
        unique = list(dict.fromkeys(found))  # a problem met twice is listed once
        return sorted(unique, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))


def without_path(message: str, path: str | None) -> str:
    """A catalogue message without its leading "{path}: " (the list has a File column)."""
    if path and message.startswith(str(path)):
        rest = message[len(str(path)):]
        if rest[:1] in (":", "："):
            return rest[1:].strip()
    return message


def ask_replace(parent: QWidget, folder: Path, names: Sequence[str]) -> str:
    """'replace', 'keep' or 'cancel': what to do with demo tables that exist in ``folder``
    (tests replace this)."""
    title, text, replace_text, keep_text = ProjectChecks().replace_question(folder, names)
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton,
                      parent)
    replace = box.addButton(replace_text, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(keep_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    clicked = box.clickedButton()
    return "replace" if clicked is replace else "keep" if clicked is keep else "cancel"


def start_from_demo(parent: QWidget, folder: Path) -> dict[str, Path] | None:
    """Copy the demo tables into ``folder`` (asking before replacing files there); table key →
    file, or None when the user cancelled. OSError when they cannot be written."""
    present = demo_copies_present(folder)
    replace = False
    if present:
        choice = ask_replace(parent, folder, present)
        if choice == "cancel":
            return None
        replace = choice == "replace"
    return copy_demo_tables(folder, replace=replace)


# ---- File → New Project ------------------------------------------------------------------------

class NewProjectDialog(QDialog):
    """Where to create a new project: its name and folder (a subfolder named after it, if
    wanted), and whether to start from the demo tables."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("NewProjectDialog")
        self.checks = ProjectChecks(self)
        self.name_edit = QLineEdit(self)
        self.folder_edit = QLineEdit(self)
        settings = getattr(window, "settings", None)
        self.folder_edit.setText(str(Path(getattr(settings, "last_folder", "") or Path.home())))
        self.browse_btn = QPushButton(self)
        self.browse_btn.clicked.connect(self.browse)
        self.subfolder = QCheckBox(self)
        self.subfolder.setChecked(True)
        self.demo = QCheckBox(self)
        self.demo.setChecked(DEMO_TABLES.is_dir())
        self.demo.setEnabled(DEMO_TABLES.is_dir())
        self.demo_note = QLabel(self)
        self.demo_note.setWordWrap(True)
        self.file_label = QLabel(self)
        self.file_label.setWordWrap(True)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form = QFormLayout()
        self.form.addRow(QLabel(self), self.name_edit)
        self.folder_row = QHBoxLayout()
        self.folder_row.addWidget(self.folder_edit, 1)
        self.folder_row.addWidget(self.browse_btn)
        self.form.addRow(QLabel(self), self.folder_row)
        self.form.addRow(QLabel(self), self.subfolder)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.file_label)
        lay.addWidget(self.demo)
        lay.addWidget(self.demo_note)
        lay.addStretch(1)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        for signal in (self.name_edit.textChanged, self.folder_edit.textChanged):
            signal.connect(lambda _t: self._update_file())
        self.subfolder.toggled.connect(lambda _c: self._update_file())
        self.resize(640, 320)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("New Project"))
        self.form.labelForField(self.name_edit).setText(self.tr("Name"))
        self.form.labelForField(self.folder_row).setText(self.tr("Folder"))
        self.name_edit.setPlaceholderText(self.tr("e.g. 示范县 Demo County"))
        self.browse_btn.setText(self.tr("Browse…"))
        self.subfolder.setText(self.tr("Create a folder named after the project"))
        self.demo.setText(self.tr("Start from the demo tables (copied into tables/ beside the "
                                  "project)"))
        self.demo_note.setText(self.checks.demo_note())
        self._update_file()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Folder of the new project"),
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def project_path(self) -> Path | None:
        name, folder = self.name_edit.text().strip(), self.folder_edit.text().strip()
        if not name or not folder:
            return None
        base = Path(folder).expanduser()
        if self.subfolder.isChecked():
            base = base / project_file_name(name)[:-5]
        return Path(os.path.abspath(base / project_file_name(name)))

    def _update_file(self) -> None:
        path = self.project_path()
        self.file_label.setText(self.tr("The project file: %1").replace("%1", str(path))
                                if path else "")

    def problems(self) -> list[str]:
        out = []
        if not self.name_edit.text().strip():
            out.append(self.tr("Give the project a name."))
        if not self.folder_edit.text().strip():
            out.append(self.tr("Choose the folder for the project."))
        path = self.project_path()
        if path is not None:
            if is_shipped(path):
                out.append(self.tr("The sample data shipped with Sinkplanner is never changed: "
                                   "choose another folder."))
            elif path.exists():
                out.append(self.tr("%1 exists already: choose another name or folder (or open "
                                   "it with File → Open Project…).").replace("%1", str(path)))
            elif path.parent.exists() and not path.parent.is_dir():
                out.append(self.tr("%1 is not a folder.").replace("%1", str(path.parent)))
        return out

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            self.error_label.setText("\n".join(problems))
            self.error_label.show()
            return
        super().accept()

    def request(self) -> tuple[Path, bool, str] | None:
        """(project file, start from the demo tables, name) once accepted."""
        path = self.project_path()
        if path is None:
            return None
        return path, self.demo.isChecked() and self.demo.isEnabled(), self.name_edit.text().strip()


def create_project(window: Any, path: Path, demo: bool, name: str) -> Project | None:
    """Write a new project file at ``path`` (its folder made if needed), with copies of the demo
    tables when ``demo``; None (after saying why, or when the user cancelled) when not."""
    from gis.errors import SinkplannerError

    title = ProjectChecks().cannot_create()
    project = Project.new(name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if demo:
            tables = start_from_demo(window, path.parent / "tables")
            if tables is None:
                return None
            project.tables = tables
        project.save(path)
    except SinkplannerError as exc:
        window.show_error(title, exc.message(window.model.lang))
        return None
    except OSError as exc:
        window.show_error(title, f"{path}: {exc}")
        return None
    return project


# ---- File → Project Properties… -------------------------------------------------------------------

class ProjectProperties(QDialog):
    """The window's project's name, base year, language, tables, [carbon], [grid] and targets.
    Nothing changes until OK, and OK changes nothing while a field is invalid (the problems
    are listed above the buttons)."""

    def __init__(self, window: Any, tab: str | None = None) -> None:
        super().__init__(window)
        self.window_ = window
        self.model = window.model
        self.project: Project = self.model.project
        self.checks = ProjectChecks(self)
        self.applied: list[str] = []  # the fields OK changed
        self.setObjectName("ProjectProperties")
        self._township_cache: dict[str | None, list[tuple[str, str]] | None] = {}
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._general(), "")
        self.tabs.addTab(self._tables(), "")
        self.tabs.addTab(self._carbon(), "")
        self.tabs.addTab(self._grid(), "")
        self.tabs.addTab(self._targets(), "")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("errors")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs, 1)
        lay.addWidget(self.error_label)
        lay.addWidget(self.buttons)
        self.resize(860, 580)
        self.retranslate()
        if tab in TABS:
            self.tabs.setCurrentIndex(TABS.index(tab))

    # ---- building --------------------------------------------------------------------------------
    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self)
        lay = QVBoxLayout(page)
        return page, lay

    def _note(self, parent: QWidget) -> QLabel:
        label = QLabel(parent)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def _general(self) -> QWidget:
        page, lay = self._page()
        p = self.project
        self.name_edit = QLineEdit(p.name, page)
        self.year_spin = QSpinBox(page)
        self.year_spin.setRange(1900, 2100)
        self.year_spin.setValue(int(p.base_year))
        self.lang_combo = QComboBox(page)
        for code in (None, "zh", "en"):
            self.lang_combo.addItem("", code)
        if p.language not in (None, "zh", "en"):
            self.lang_combo.addItem(str(p.language), p.language)
        self.lang_combo.setCurrentIndex(self.lang_combo.findData(p.language))
        self.general_form = QFormLayout()
        for w in (self.name_edit, self.year_spin, self.lang_combo):
            self.general_form.addRow(QLabel(self), w)
        self.general_note = self._note(page)
        lay.addLayout(self.general_form)
        lay.addWidget(self.general_note)
        lay.addStretch(1)
        return page

    def _tables(self) -> QWidget:
        page, lay = self._page()
        self.tables_note = self._note(page)
        lay.addWidget(self.tables_note)
        grid = QGridLayout()
        self.table_labels: dict[str, QLabel] = {}
        self.table_edits: dict[str, QLineEdit] = {}
        self.table_status: dict[str, QLabel] = {}
        self.table_browse: dict[str, QPushButton] = {}
        self._tables_before = {k: self._shown_path(v) for k, v in self.project.tables.items()}
        for r, key in enumerate(TABLE_KEYS):
            label, edit = QLabel(page), QLineEdit(page)
            edit.setObjectName(f"table_{key}")
            edit.setText(self._tables_before.get(key, ""))
            edit.textChanged.connect(lambda _t, k=key: self._update_table_status(k))
            browse, status = QPushButton(page), QLabel(page)
            browse.clicked.connect(lambda _c=False, k=key: self.browse_table(k))
            grid.addWidget(label, r, 0)
            grid.addWidget(edit, r, 1)
            grid.addWidget(browse, r, 2)
            grid.addWidget(status, r, 3)
            self.table_labels[key], self.table_edits[key] = label, edit
            self.table_browse[key], self.table_status[key] = browse, status
        grid.setColumnStretch(1, 1)
        lay.addLayout(grid)
        row = QHBoxLayout()
        self.demo_btn = QPushButton(page)
        self.demo_btn.setEnabled(DEMO_TABLES.is_dir())
        self.demo_btn.clicked.connect(self.use_demo_tables)
        row.addWidget(self.demo_btn)
        row.addStretch(1)
        lay.addLayout(row)
        self.demo_label = self._note(page)
        lay.addWidget(self.demo_label)
        self.demo_done = self._note(page)
        self.demo_done.hide()
        lay.addWidget(self.demo_done)
        lay.addStretch(1)
        return page

    def _carbon(self) -> QWidget:
        page, lay = self._page()
        c = self.project.carbon
        self.carbon_combos = {key: self._layer_combo(page, role, c.get(key))
                              for key, role in CARBON_LAYERS.items()}
        self.carbon_combos["townships"].currentIndexChanged.connect(
            lambda _i: self._refresh_regions())
        self.cf_spin = QDoubleSpinBox(page)
        self.cf_spin.setDecimals(2)
        self.cf_spin.setRange(*CARBON_FRACTION_RANGE)
        self.cf_spin.setSingleStep(0.01)
        raw = c.get("carbon_fraction")
        v = number(raw)
        self.cf_before = raw
        lo, hi = CARBON_FRACTION_RANGE
        self.cf_out_of_range = raw is not None and (v is None or v is _INVALID
                                                    or not lo <= v <= hi)
        self.cf_spin.setValue(DEFAULT_CARBON_FRACTION if raw is None or self.cf_out_of_range
                              else float(v))
        self.cf_touched = False
        self.cf_spin.valueChanged.connect(lambda _v: setattr(self, "cf_touched", True))
        self.carbon_form = QFormLayout()
        for key in CARBON_LAYERS:
            self.carbon_form.addRow(QLabel(self), self.carbon_combos[key])
        self.carbon_form.addRow(QLabel(self), self.cf_spin)
        self.cf_hint = self._note(page)
        self.carbon_note = self._note(page)
        lay.addLayout(self.carbon_form)
        lay.addWidget(self.cf_hint)
        lay.addWidget(self.carbon_note)
        lay.addStretch(1)
        return page

    def _layer_combo(self, parent: QWidget, role: str | None, current: Any) -> QComboBox:
        """Layers of ``role`` (every layer but results when None); item 0 = not set (data
        None). A current value naming another layer, or none, is kept as an item."""
        box = QComboBox(parent)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.addItem("", None)
        layers = [e for e in self.project.layers
                  if (e.role == role if role else e.role != "result")]
        for e in layers:
            box.addItem(self._layer_text(e, role is None), e.id)
        if current and box.findData(current) < 0:
            box.addItem(str(current), current)
        box.setCurrentIndex(max(0, box.findData(current)) if current else 0)
        return box

    def _layer_text(self, e: LayerEntry, with_kind: bool) -> str:
        name = e.display_name(self.model.lang)
        text = name if name == e.id else f"{name} ({e.id})"
        if with_kind:
            kind = layer_kind(e)
            if kind == "vector":
                text += " — " + self.tr("polygons")
            elif kind == "raster":
                text += " — " + self.tr("raster")
        return text

    def _grid(self) -> QWidget:
        page, lay = self._page()
        g = self.project.grid
        self.ref_combo = self._layer_combo(page, None, g.get("reference"))
        self.ref_combo.currentIndexChanged.connect(lambda _i: self._update_grid_hint())
        self.crs_edit = QLineEdit(str(g.get("crs") or ""), page)
        self.crs_edit.setObjectName("crs")
        self.crs_edit.textChanged.connect(lambda _t: self._update_crs_info())
        self.crs_pick = QComboBox(page)
        self.crs_pick.addItem("", None)
        for code, _cm, _zone in cgcs2000_crs():
            self.crs_pick.addItem("", code)
        self.crs_pick.activated.connect(self._crs_picked)
        self.crs_suggest = QPushButton(page)
        self.crs_suggest.clicked.connect(self.suggest_crs)
        self.crs_info = self._note(page)
        res = g.get("resolution")
        self.res_edit = QLineEdit(format_number(res) if res not in (None, "") else "", page)
        self.res_edit.setObjectName("resolution")
        self.res_edit.textChanged.connect(lambda _t: self._update_grid_hint())
        self.res_before = res
        self.crs_row = QHBoxLayout()
        self.crs_row.addWidget(self.crs_edit, 2)
        self.crs_row.addWidget(self.crs_pick, 3)
        self.crs_row.addWidget(self.crs_suggest)
        self.grid_form = QFormLayout()
        self.grid_form.addRow(QLabel(self), self.ref_combo)
        self.grid_form.addRow(QLabel(self), self.crs_row)
        self.grid_form.addRow(QLabel(self), self.crs_info)
        self.grid_form.addRow(QLabel(self), self.res_edit)
        self.grid_note = self._note(page)
        self.grid_warning = self._note(page)
        lay.addLayout(self.grid_form)
        lay.addWidget(self.grid_warning)
        lay.addWidget(self.grid_note)
        lay.addStretch(1)
        return page

    def _targets(self) -> QWidget:
        page, lay = self._page()
        self.targets_table = QTableWidget(0, 4, page)
        self.targets_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.targets_table.verticalHeader().setDefaultSectionSize(30)
        head = self.targets_table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row in self.project.targets:
            self.add_target(row)
        self.add_target_btn, self.remove_target_btn = QPushButton(page), QPushButton(page)
        self.add_target_btn.clicked.connect(lambda _c=False: self.add_target())
        self.remove_target_btn.clicked.connect(self.remove_targets)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_target_btn)
        buttons.addWidget(self.remove_target_btn)
        buttons.addStretch(1)
        self.targets_note = self._note(page)
        lay.addWidget(self.targets_table, 1)
        lay.addLayout(buttons)
        lay.addWidget(self.targets_note)
        return page

    # ---- texts -----------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Project Properties — %1").replace("%1", self.project.name))
        for i, title in enumerate((self.tr("General"), self.tr("Tables"), self.tr("Carbon"),
                                   self.tr("Grid"), self.tr("Targets"))):
            self.tabs.setTabText(i, title)
        # General
        f = self.general_form
        f.labelForField(self.name_edit).setText(self.tr("Name"))
        f.labelForField(self.year_spin).setText(self.tr("Base year"))
        f.labelForField(self.lang_combo).setText(self.tr("Language of the project"))
        self.lang_combo.setItemText(0, self.tr("Not set (reports in Chinese)"))
        self.lang_combo.setItemText(1, "中文")
        self.lang_combo.setItemText(2, "English")
        self.general_note.setText(self.tr(
            "The base year is the year of the baseline land cover and forest inventory: the "
            "projections and the dashboard start there. The project's language is the default "
            "language of its map report; the app's own language is chosen in the Language "
            "menu."))
        # Tables
        where = (self.tr("Paths are relative to the project file (%1).")
                 .replace("%1", str(self.project.path.parent)) if self.project.path else
                 self.tr("The project is not saved yet: give full paths, or save it first so "
                         "that paths can be relative to it."))
        self.tables_note.setText(self.tr("The parameter tables (CSV, with unit and source "
                                         "columns). %1").replace("%1", where))
        for key in TABLE_KEYS:
            self.table_labels[key].setText(self.checks.table_label(key))
            self.table_labels[key].setToolTip(f"{key}: {self.checks.table_help(key)}")
            self.table_edits[key].setToolTip(self.checks.table_help(key))
            self.table_edits[key].setPlaceholderText(self.tr("not set"))
            self.table_browse[key].setText(self.tr("Browse…"))
            self._update_table_status(key)
        self.demo_btn.setText(self.tr("Start from the demo tables"))
        self.demo_btn.setToolTip(self.tr("Copy the demo county's eight tables into a tables "
                                         "folder beside the project file and use them"))
        self.demo_label.setText(self.checks.demo_note())
        # Carbon
        f = self.carbon_form
        labels = {"landcover_baseline": self.tr("Baseline land cover"),
                  "landcover_alternate": self.tr("Alternate land cover"),
                  "compartments": self.tr("Forest compartments"),
                  "townships": self.tr("Townships")}
        empty = {"landcover_baseline": self.tr("The first land-cover layer"),
                 "landcover_alternate": self.tr("None (stock of one epoch, no sink)"),
                 "compartments": self.tr("The first compartments layer, if any"),
                 "townships": self.tr("The first townships layer, if any")}
        for key, label in labels.items():
            f.labelForField(self.carbon_combos[key]).setText(label)
            self.carbon_combos[key].setItemText(0, empty[key])
        f.labelForField(self.cf_spin).setText(self.tr("Carbon fraction"))
        self.cf_hint.setText(self.tr(
            "The carbon fraction of dry biomass for forest types whose row in the forest types "
            "table gives none: 0.47 is the IPCC default (2006 Guidelines, Vol. 4, Table 4.3); "
            "0.50 is common Chinese practice. Used by the carbon run, the planner and the "
            "report alike."))
        notes = []
        if self.cf_out_of_range:
            notes.append(self.tr("The project file gives carbon_fraction = %1, outside %2–%3: "
                                 "it is kept unless you change the value above.")
                         .replace("%1", str(self.cf_before))
                         .replace("%2", f"{CARBON_FRACTION_RANGE[0]:.2f}")
                         .replace("%3", f"{CARBON_FRACTION_RANGE[1]:.2f}"))
        if not self.project.layers_with_role("landcover"):
            notes.append(self.tr("The project has no land-cover layer yet: add your land-cover "
                                 "raster or polygons with Layer → Add Layer… and give them the "
                                 "role “land cover” (their year too); they are then listed "
                                 "here."))
        else:
            notes.append(self.tr("Lists show the project's layers by role (land cover, forest "
                                 "compartments, townships)."))
        self.carbon_note.setText("\n\n".join(notes))
        # Grid
        f = self.grid_form
        f.labelForField(self.ref_combo).setText(self.tr("Reference layer"))
        f.labelForField(self.crs_row).setText(self.tr("CRS"))
        f.labelForField(self.crs_info).setText("")
        f.labelForField(self.res_edit).setText(self.tr("Resolution"))
        self.ref_combo.setItemText(0, self.tr("The baseline land cover"))
        self.crs_edit.setPlaceholderText(self.tr("the reference layer's CRS"))
        self.crs_pick.setItemText(0, self.tr("CGCS2000 CRSs…"))
        for i, (code, cm, zone) in enumerate(cgcs2000_crs(), start=1):
            if cm == 0:
                text = self.tr("%1 CGCS2000 geographic (degrees)").replace("%1", code)
            elif zone is None:
                text = (self.tr("%1 CGCS2000 3-degree Gauss–Krüger, CM %2°E")
                        .replace("%1", code).replace("%2", str(cm)))
            else:
                text = (self.tr("%1 CGCS2000 3-degree Gauss–Krüger zone %2 (CM %3°E)")
                        .replace("%1", code).replace("%2", str(zone)).replace("%3", str(cm)))
            self.crs_pick.setItemText(i, text)
        self.crs_suggest.setText(self.tr("Suggest"))
        self.crs_suggest.setToolTip(self.tr("The CGCS2000 3-degree zone of the reference "
                                            "layer's longitude"))
        self.res_edit.setPlaceholderText(self.tr("the reference raster's cell size"))
        self.grid_note.setText(self.tr(
            "Every layer is put on this grid for the analyses. Without settings it is the "
            "baseline land-cover raster's own grid. The resolution is the cell size in the "
            "units of the CRS (metres for the Gauss–Krüger zones). A resolution is required "
            "when the reference layer is a polygon layer (such as the Third National Land "
            "Survey's parcels), which has no cells; give a projected CRS then too."))
        self._update_crs_info()
        self._update_grid_hint()
        # Targets
        self.targets_table.setHorizontalHeaderLabels([
            self.tr("Region"), self.tr("Forest cover (%)"), self.tr("Stock volume (m³)"),
            self.tr("Year")])
        self.add_target_btn.setText(self.tr("Add target"))
        self.remove_target_btn.setText(self.tr("Remove"))
        self._refresh_regions()
        self.targets_note.setText(self.tr(
            "Region: “county” (the whole project area) or a township code of the townships "
            "layer. Leave a value empty to set only the other. Without targets the national "
            "ones apply: forest cover %1 % and stock volume %2 m³ by %3 (国发〔2021〕23号).")
            .replace("%1", f"{NATIONAL['forest_cover_pct']:g}")
            .replace("%2", "1.9×10¹⁰")
            .replace("%3", str(NATIONAL["year"])))

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    # ---- tables ----------------------------------------------------------------------------------
    def _base(self) -> Path | None:
        return self.project.path.parent if self.project.path is not None else None

    def _shown_path(self, path: Path) -> str:
        base = self._base()
        if base is None:
            return str(path)
        try:
            return Path(os.path.relpath(path, base)).as_posix()
        except ValueError:  # another drive (Windows)
            return str(path)

    def table_path(self, key: str) -> Path | None:
        text = self.table_edits[key].text().strip()
        if not text:
            return None
        p = Path(text).expanduser()
        if not p.is_absolute():
            p = (self._base() or Path.cwd()) / p
        return Path(os.path.normpath(p))

    def _update_table_status(self, key: str) -> None:
        label, p = self.table_status[key], self.table_path(key)
        if p is None:
            label.setText(self.tr("not set"))
            label.setStyleSheet("color: gray;")
        elif p.is_file():
            label.setText("✓ " + self.tr("found"))
            label.setStyleSheet("color: #2e7d32;")
        else:
            label.setText("✗ " + self.tr("not found"))
            label.setStyleSheet("color: #b00020;")
        label.setToolTip(str(p) if p else "")

    def browse_table(self, key: str) -> None:
        paths = self.window_.get_open_paths(
            self.tr("Choose the %1 table").replace("%1", self.checks.table_label(key)),
            self.tr("CSV tables (*.csv);;All files (*)"))
        if paths:
            self.table_edits[key].setText(self._shown_path(Path(paths[0]).resolve()))

    def use_demo_tables(self) -> bool:
        """Copy the demo tables into tables/ beside the project (saving the project first when
        it has no file) and point the table paths at them; False if nothing was copied."""
        if self.project.path is None:
            path = self.window_.get_save_path(
                self.tr("Save the project first"), self.tr("Sinkplanner projects (*.toml)"),
                project_file_name(self.name_edit.text() or self.project.name))
            if not path:
                return False
            if not path.lower().endswith(".toml"):
                path += ".toml"
            if is_shipped(path):
                self._say_shipped()
                return False
            if not self.window_.save_project_as(path):
                return False
            self.retranslate()
        assert self.project.path is not None
        folder = self.project.path.parent / "tables"
        if is_shipped(folder):
            self._say_shipped()
            return False
        try:
            copied = start_from_demo(self, folder)
        except OSError as exc:
            self._show_errors([self.tr("The demo tables could not be copied: %1")
                               .replace("%1", str(exc))])
            return False
        if copied is None:
            return False
        for key, p in copied.items():
            self.table_edits[key].setText(self._shown_path(p))
        self.demo_done.setText(self.tr("The demo tables are in %1 and the paths above point "
                                       "to them; they are saved with the project on OK.")
                               .replace("%1", str(folder)))
        self.demo_done.show()
        return True

    def _say_shipped(self) -> None:
        self._show_errors([self.tr("The sample data shipped with Sinkplanner is never changed: "
                                   "save the project in a folder of your own (File → Save "
                                   "Project As…) to get copies of the demo tables.")])

    # ---- carbon, grid ----------------------------------------------------------------------------
    def _carbon_values(self) -> dict[str, Any]:
        return {key: box.currentData() for key, box in self.carbon_combos.items()}

    def _grid_crs(self) -> Any:
        text = self.crs_edit.text().strip()
        return parse_crs(text)[0] if text else None

    def _update_crs_info(self) -> None:
        text = self.crs_edit.text().strip()
        if not text:
            self.crs_info.setText(self.tr("The reference layer's own CRS is used."))
            self.crs_info.setStyleSheet("")
            return
        crs, err = parse_crs(text)
        if crs is None:
            self.crs_info.setText(self.tr("Not a CRS: %1").replace("%1", str(err)))
            self.crs_info.setStyleSheet("color: #b00020;")
        else:
            unit = crs.axis_info[0].unit_name if crs.axis_info else "?"
            unit = {"metre": self.tr("metres"), "US survey foot": self.tr("US survey feet"),
                    "foot": self.tr("feet")}.get(unit, unit)
            kind = self.tr("geographic, degrees") if crs.is_geographic else \
                self.tr("projected, %1").replace("%1", unit)
            self.crs_info.setText(f"{crs.name} ({kind})")
            self.crs_info.setStyleSheet("color: #2e7d32;")

    def _crs_picked(self, index: int) -> None:
        code = self.crs_pick.itemData(index)
        if code:
            self.crs_edit.setText(code)
        self.crs_pick.setCurrentIndex(0)

    def suggest_crs(self) -> str | None:
        entry = self._reference()
        lon = layer_longitude(entry) if entry is not None else None
        code = suggest_crs(lon) if lon is not None else None
        if code:
            self.crs_edit.setText(code)
        else:
            self.crs_info.setText(self.tr("No suggestion: the reference layer cannot be read "
                                          "or lies outside China's 3-degree zones."))
        return code

    def _reference(self) -> LayerEntry | None:
        grid = {"reference": self.ref_combo.currentData()}
        return effective_reference(self.project, grid, self._carbon_values())

    def _update_grid_hint(self) -> None:
        entry = self._reference()
        if entry is not None and layer_kind(entry) == "vector":
            self.grid_warning.setText(self.tr("<b>The reference layer “%1” is a polygon layer: "
                                              "give the resolution (and a projected CRS).</b>")
                                      .replace("%1", entry.display_name(self.model.lang)))
            self.grid_warning.show()
        else:
            self.grid_warning.hide()

    # ---- targets ---------------------------------------------------------------------------------
    def townships(self) -> list[tuple[str, str]] | None:
        """(code, name) of the townships layer chosen on the Carbon tab (read once per layer)."""
        lid = self.carbon_combos["townships"].currentData()
        if lid not in self._township_cache:
            from app.pipeline import township_choices

            self._township_cache[lid] = township_choices(self.project, lid)
        return self._township_cache[lid]

    def _region_box(self, value: str) -> QComboBox:
        box = QComboBox(self.targets_table)
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._fill_regions(box, value)
        return box

    def _fill_regions(self, box: QComboBox, value: str) -> None:
        box.blockSignals(True)
        box.clear()
        box.addItem(self.tr("county (the whole area)"), "county")
        for code, name in self.townships() or []:
            box.addItem(f"{code} {name}".strip(), code)
        i = box.findData(value)
        if i >= 0:
            box.setCurrentIndex(i)
        else:
            box.setEditText(value)
        box.blockSignals(False)

    def _refresh_regions(self) -> None:
        for i in range(self.targets_table.rowCount()):
            box = self.targets_table.cellWidget(i, 0)
            if isinstance(box, QComboBox):
                self._fill_regions(box, self.region(i))

    def region(self, i: int) -> str:
        """The region of target row ``i``: a list item's code, or what was typed (its first
        word when it reads like a list item, "code name")."""
        box = self.targets_table.cellWidget(i, 0)
        assert isinstance(box, QComboBox)
        text = box.currentText().strip()
        for k in range(box.count()):
            if box.itemText(k) == text:
                return str(box.itemData(k))
        return text.split()[0] if text else ""

    def add_target(self, values: Mapping[str, Any] | None = None) -> int:
        """A target row (default: the county, cover and volume empty, the national year) at the
        end; returns its index."""
        d = dict(values or {"region": "county", "year": max(NATIONAL["year"],
                                                             self.year_spin.value() + 1)})
        t = self.targets_table
        i = t.rowCount()
        t.insertRow(i)
        t.setCellWidget(i, 0, self._region_box(str(d.get("region", "county"))))
        for j, key in enumerate(("forest_cover_pct", "stock_volume_m3", "year"), start=1):
            item = QTableWidgetItem(format_number(d.get(key)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            t.setItem(i, j, item)
        extra = {k: v for k, v in d.items()
                 if k not in ("region", "forest_cover_pct", "stock_volume_m3", "year")}
        t.item(i, 3).setData(Qt.ItemDataRole.UserRole, extra)
        if values is None:  # a new row: where the user types next
            t.setCurrentCell(i, 1)
        return i

    def remove_targets(self) -> None:
        t = self.targets_table
        rows = {ix.row() for ix in t.selectedIndexes()} or {t.currentRow()}
        for i in sorted(rows - {-1}, reverse=True):
            t.removeRow(i)

    def target_rows(self) -> list[dict[str, Any]]:
        """The targets as typed (texts), with the keys a file's rows had that the table does
        not show."""
        t = self.targets_table
        rows = []
        for i in range(t.rowCount()):
            d: dict[str, Any] = {"region": self.region(i)}
            for j, key in enumerate(("forest_cover_pct", "stock_volume_m3", "year"), start=1):
                d[key] = t.item(i, j).text().strip() if t.item(i, j) else ""
            d.update(t.item(i, 3).data(Qt.ItemDataRole.UserRole) or {})
            rows.append(d)
        return rows

    # ---- OK ------------------------------------------------------------------------------------
    def problems(self) -> list[tuple[str, QWidget, str]]:
        """(tab, widget to focus, message) for every invalid field."""
        out: list[tuple[str, QWidget, str]] = []
        if not self.name_edit.text().strip():
            out.append(("general", self.name_edit, self.tr("Give the project a name.")))
        problem = self.checks.base_year_problem(self.year_spin.value())
        if problem:
            out.append(("general", self.year_spin, problem))
        for key in TABLE_KEYS:
            text = self.table_edits[key].text().strip()
            p = self.table_path(key)
            if p is not None and text != self._tables_before.get(key, "") and not p.is_file():
                out.append(("tables", self.table_edits[key],
                            self.tr("%1 table: no file %2").replace("%1", self.checks.table_label(key))
                            .replace("%2", str(p))))
        c = self._carbon_values()
        if c["landcover_alternate"] and c["landcover_alternate"] == c["landcover_baseline"]:
            out.append(("carbon", self.carbon_combos["landcover_alternate"],
                        self.tr("The alternate land cover must be another layer than the "
                                "baseline.")))
        out += self._grid_problems()
        rows = self.target_rows()
        codes = self.townships()
        for i, text in self.checks.target_problems(
                rows, self.year_spin.value(), None if codes is None else [k for k, _ in codes]):
            out.append(("targets", self.targets_table, text))
            self.targets_table.selectRow(i - 1)
        return out

    def _grid_problems(self) -> list[tuple[str, QWidget, str]]:
        out: list[tuple[str, QWidget, str]] = []
        text = self.crs_edit.text().strip()
        crs = None
        if text:
            crs, err = parse_crs(text)
            if crs is None:
                out.append(("grid", self.crs_edit, self.tr("The CRS “%1” is not understood (%2). "
                                                           "Give an EPSG code such as EPSG:4547.")
                            .replace("%1", text).replace("%2", str(err))))
        res_text = self.res_edit.text().strip()
        res = number(res_text)
        if res is _INVALID or (res is not None and res <= 0):
            out.append(("grid", self.res_edit, self.tr("The resolution must be a number above 0 "
                                                       "(the cell size in the CRS's units).")))
            res = None
        entry = self._reference()
        if entry is not None and layer_kind(entry) == "vector" and not res_text:
            out.append(("grid", self.res_edit, self.tr(
                "The reference layer “%1” is a polygon layer, which has no cells: give the "
                "resolution of the analysis grid (e.g. 30 in a metre CRS).")
                .replace("%1", entry.display_name(self.model.lang))))
        if res is not None and res >= 1:
            geographic = crs.is_geographic if crs is not None else self._reference_geographic()
            if geographic:
                out.append(("grid", self.res_edit, self.tr(
                    "In a geographic CRS the resolution is in degrees: %1° is far too coarse "
                    "(30 m ≈ 0.00027°). Choose a projected CRS (a CGCS2000 3-degree zone) for "
                    "a resolution in metres.").replace("%1", res_text)))
        return out

    def _reference_geographic(self) -> bool:
        from app.pipeline import open_entry
        from gis.errors import SinkplannerError

        entry = self._reference()
        if entry is None:
            return False
        try:
            return bool(open_entry(entry).crs.is_geographic)
        except (SinkplannerError, OSError, AttributeError):
            return False

    def changes(self) -> dict[str, Any]:
        """The project fields as the dialog has them (call after :meth:`problems` is empty)."""
        p = self.project
        tables = {k: v for k, v in p.tables.items() if k not in TABLE_KEYS}
        for key in TABLE_KEYS:
            path = self.table_path(key)
            if path is not None:
                tables[key] = path
        tables = {k: tables[k] for k in [*TABLE_KEYS, *p.tables] if k in tables}  # file order
        carbon = copy.deepcopy(p.carbon)
        for key, value in self._carbon_values().items():
            if value:
                carbon[key] = value
            else:
                carbon.pop(key, None)
        if self.cf_touched:
            carbon["carbon_fraction"] = round(self.cf_spin.value(), 2)
        grid = copy.deepcopy(p.grid)
        grid_values = {"reference": self.ref_combo.currentData(),
                       "crs": self.crs_edit.text().strip() or None}
        res = number(self.res_edit.text())
        grid_values["resolution"] = None if res is None or res is _INVALID else \
            (int(res) if float(res).is_integer() else float(res))
        for key, value in grid_values.items():
            if value is None:
                grid.pop(key, None)
            elif grid.get(key) != value:
                grid[key] = value
        targets = []
        for d in self.target_rows():
            row: dict[str, Any] = {"region": d["region"] or "county"}
            for key in ("forest_cover_pct", "stock_volume_m3"):
                v = number(d.get(key))
                if v is not None and v is not _INVALID:
                    row[key] = float(v)
            row["year"] = int(number(d["year"]))
            row.update({k: v for k, v in d.items() if k not in
                        ("region", "forest_cover_pct", "stock_volume_m3", "year")})
            targets.append(row)
        return {"name": self.name_edit.text().strip(), "base_year": self.year_spin.value(),
                "language": self.lang_combo.currentData(), "tables": tables, "carbon": carbon,
                "grid": grid, "targets": targets}

    def _show_errors(self, messages: Iterable[str]) -> None:
        messages = list(messages)
        self.error_label.setText("\n".join(f"• {m}" for m in messages))
        self.error_label.setVisible(bool(messages))

    def accept(self) -> None:
        problems = self.problems()
        if problems:
            tab, widget, _text = problems[0]
            self.tabs.setCurrentIndex(TABS.index(tab))
            widget.setFocus()
            self._show_errors(text for _t, _w, text in problems)
            return
        changes = self.changes()
        p = self.project
        analysed = [k for k, v in changes.items()
                    if k not in ("name", "language") and getattr(p, k) != v]
        if analysed and getattr(self.window_, "current_worker", None) is not None:
            # it may be using what would change
            self._show_errors([self.tr("An analysis is running: wait for it to finish or "
                                       "cancel it, then press OK again.")])
            return
        self._show_errors([])
        self.applied = self.model.update_project(**changes)
        super().accept()


# ---- Analysis → Check Project… ----------------------------------------------------------------------

class CheckProjectDialog(QDialog):
    """The problems of the window's project, found in the background; Check again, Copy, Close.
    Closing while the check runs stops waiting for it (its result is dropped)."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window_ = window
        self.model = window.model
        self.setObjectName("CheckProjectDialog")
        self.checks = ProjectChecks(self)
        self.result: CheckResult | None = None
        self.findings: list[Finding] = []
        self.error: str | None = None
        self.state = "idle"  # idle | running | done | failed | cancelled
        self._worker: Any = None
        self._project: Project | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("summary")
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)  # busy: validate_project reports no fractions
        self.progress.setTextVisible(False)
        self.table = QTableWidget(0, 3, self)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(2, 220)
        self.again_btn, self.copy_btn, self.cancel_btn = (QPushButton(self) for _ in range(3))
        self.again_btn.clicked.connect(self.start)
        self.copy_btn.clicked.connect(self.copy)
        self.cancel_btn.clicked.connect(self.cancel)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for b in (self.again_btn, self.copy_btn):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.cancel_btn)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.progress)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addLayout(row)
        lay.addWidget(self.buttons)
        self.resize(980, 520)
        for signal in self._watched():
            signal.connect(self._outdated)
        self.model.language_changed.connect(self._language)
        self.stale = False
        self.retranslate()

    def _watched(self) -> list[Any]:
        """The model's signals after which a list shown is out of date."""
        m = self.model
        return [m.project_changed, m.project_edited, m.layers_changed]

    def detach(self) -> None:
        for signal in self._watched():
            signal.disconnect(self._outdated)
        self.model.language_changed.disconnect(self._language)

    def _language(self, _lang: str) -> None:
        self.retranslate()  # the catalogue's messages in the new language too

    # ---- running ---------------------------------------------------------------------------------
    def start(self) -> Any:
        """Check (a copy of) the project as it is now, in the background; returns the worker."""
        from app.gui.workers import Worker

        if self._worker is not None:
            self._worker.cancel()
        self._project = copy.deepcopy(self.model.project)
        w = Worker(check_job, self._project, lang=self.model.lang)
        w.signals.finished.connect(lambda result, w=w: self._finished(w, result))
        w.signals.failed.connect(lambda message, w=w: self._failed(w, message))
        w.signals.cancelled.connect(lambda w=w: self._ended(w, "cancelled"))
        self._worker, self.state, self.stale = w, "running", False
        self.result, self.findings, self.error = None, [], None
        self._fill()
        self.window_.tasks.start(w)
        return w

    def cancel(self) -> None:
        """Stop waiting for the running check."""
        if self._worker is not None:
            self._worker.cancel()
            self._ended(self._worker, "cancelled")

    def _ended(self, worker: Any, state: str) -> None:
        if worker is self._worker:
            self._worker, self.state = None, state
            self._fill()

    def _finished(self, worker: Any, result: CheckResult) -> None:
        if worker is not self._worker:
            return  # superseded, or cancelled
        self.result = result
        self._ended(worker, "done")

    def _failed(self, worker: Any, message: str) -> None:
        if worker is self._worker:
            self.error = message
            self._ended(worker, "failed")

    def _outdated(self, *args: Any) -> None:
        if self.state == "done":
            self.stale = True
            self._fill_summary()

    @property
    def running(self) -> bool:
        return self.state == "running"

    # ---- showing ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Check Project — %1").replace("%1", self.model.project.name))
        self.table.setHorizontalHeaderLabels([self.tr("Severity"), self.tr("Problem"),
                                              self.tr("File")])
        self.again_btn.setText(self.tr("Check again"))
        self.copy_btn.setText(self.tr("Copy"))
        self.copy_btn.setToolTip(self.tr("Copy the list as text (tab-separated)"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self._fill()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(e)

    def severity_text(self, severity: str) -> str:
        return {"error": self.tr("Error"), "warning": self.tr("Warning"),
                "info": self.tr("Note")}.get(severity, severity)

    def _icon(self, severity: str) -> Any:
        sp = {"error": QStyle.StandardPixmap.SP_MessageBoxCritical,
              "warning": QStyle.StandardPixmap.SP_MessageBoxWarning}.get(
                  severity, QStyle.StandardPixmap.SP_MessageBoxInformation)
        return self.style().standardIcon(sp)

    def _shown_path(self, path: str | None) -> str:
        if not path:
            return ""
        project = self._project or self.model.project
        if project.path is not None:
            try:
                rel = os.path.relpath(path, project.path.parent)
            except ValueError:
                return path
            if not rel.startswith(".."):
                return Path(rel).as_posix()
        return path

    def _fill(self) -> None:
        if self.result is not None and self._project is not None:
            self.findings = self.checks.findings(self._project, self.result, self.model.lang)
        self.table.setRowCount(0)
        for f in self.findings:
            i = self.table.rowCount()
            self.table.insertRow(i)
            sev = QTableWidgetItem(self._icon(f.severity), self.severity_text(f.severity))
            sev.setData(Qt.ItemDataRole.UserRole, f.severity)
            msg = QTableWidgetItem(f.message)
            msg.setToolTip(f.message)
            where = QTableWidgetItem(self._shown_path(f.path))
            where.setToolTip(f.path or "")
            for j, item in enumerate((sev, msg, where)):
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        self.progress.setVisible(self.running)
        self.cancel_btn.setVisible(self.running)
        self.again_btn.setEnabled(not self.running)
        self.copy_btn.setEnabled(bool(self.findings))
        self._fill_summary()

    def _fill_summary(self) -> None:
        if self.running:
            text = self.tr("Checking the project's layers and tables…")
        elif self.state == "cancelled":
            text = self.tr("The check was cancelled.")
        elif self.state == "failed":
            text = self.tr("The check failed: %1").replace("%1", self.error or "")
        elif self.state == "done" and not self.findings:
            text = "✓ " + self.tr("No problems found.")
        elif self.state == "done":
            n = {s: sum(f.severity == s for f in self.findings) for s in SEVERITY_ORDER}
            words = {"error": (self.tr("1 error"), self.tr("%1 errors")),
                     "warning": (self.tr("1 warning"), self.tr("%1 warnings")),
                     "info": (self.tr("1 note"), self.tr("%1 notes"))}
            parts = [one if n[s] == 1 else many.replace("%1", str(n[s]))
                     for s, (one, many) in words.items() if n[s]]
            text = ", ".join(parts) + (self.tr(": the carbon run and planning stop at an error.")
                                       if n["error"] else ".")
        else:
            text = ""
        if self.stale:
            text += " " + self.tr("The project has changed since: check again.")
        self.summary.setText(text)
        errors = any(f.severity == "error" for f in self.findings)
        color = ("#b00020" if errors or self.state == "failed" else
                 "#2e7d32" if self.state == "done" and not self.findings else "")
        self.summary.setStyleSheet(f"font-weight: bold; color: {color};" if color else "")

    def text(self) -> str:
        """The list as tab-separated text (what Copy puts on the clipboard)."""
        lines = ["\t".join((self.tr("Severity"), self.tr("Problem"), self.tr("File")))]
        lines += ["\t".join((self.severity_text(f.severity), f.message, f.path or ""))
                  for f in self.findings]
        return "\n".join(lines)

    def copy(self) -> str:
        text = self.text()
        QGuiApplication.clipboard().setText(text)
        return text

    def done(self, r: int) -> None:  # noqa: D102 - closing stops waiting
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
            self.state = "cancelled"
        super().done(r)
