"""The analyses the GUI runs in background workers: thin adapters over the engines (no Qt).

Each job takes ``progress(fraction, message)`` and ``cancel() -> bool`` and returns a plain
result; the engines write their outputs atomically, so a cancelled run leaves nothing behind.
:func:`run_carbon` runs the engine in a child process (:mod:`app.gui.subprocess_jobs`); the
worker thread only waits for it and relays its progress.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

OUTPUT_TITLES = {
    # output file stem -> (en, zh); unknown stems fall back to matching words below
    "stock_bas": ("Carbon density, baseline (t C/ha)", "碳密度，基准年（t C/ha）"),
    "stock_alt": ("Carbon density, alternate (t C/ha)", "碳密度，对比年（t C/ha）"),
    "change_bas_alt": ("Carbon density change (t C/ha)", "碳密度变化（t C/ha）"),
    "sink_stock_difference": ("Annual sink, stock-difference", "年碳汇（储量差法）"),
    "sink_gain_loss": ("Annual sink, gain–loss", "年碳汇（增量-损失法）"),
    "c_storage_bas": ("Carbon density, baseline (t C/ha)", "碳密度，基准年（t C/ha）"),
    "c_storage_alt": ("Carbon density, alternate (t C/ha)", "碳密度，对比年（t C/ha）"),
    "c_change_bas_alt": ("Carbon density change (t C/ha)", "碳密度变化（t C/ha）"),
    "npv_alt": ("Net present value of carbon change (/ha)", "碳变化净现值（/公顷）"),
}
WORD_TITLES = {
    "stock": ("Carbon stock", "碳储量"),
    "density": ("Carbon density", "碳密度"),
    "sink": ("Carbon sink", "碳汇"),
    "change": ("Carbon stock change", "碳储量变化"),
}


def prepare_planning(project: Any, *, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    """Build the planner of a project (aligns the planning layers and reads them once — the
    slow part) and project every scenario as planned. Returns the pieces of PlanningState."""
    from app.pipeline import build_planner
    from gis.errors import CancelledError
    from sinkmodels.planning.scenarios import scenarios_from_project
    from sinkmodels.planning.targets import status, targets_from_project

    where = str(project.path or "<project>")
    planner, _layers = build_planner(project, progress=progress, cancel=cancel)
    scenarios = scenarios_from_project(project.scenarios, planner.actions,
                                       base_year=planner.base_year, horizon=planner.horizon,
                                       where=where)
    targets = targets_from_project(project.targets, where, base_year=planner.base_year,
                                   horizon=planner.horizon)
    projections, stat = {}, {}
    for i, sc in enumerate(scenarios):
        if cancel is not None and cancel():
            raise CancelledError()
        if progress is not None:
            progress(0.9 + 0.1 * i / max(1, len(scenarios)), sc.name)
        projections[sc.name] = planner.project(sc)
        stat[sc.name] = status(projections[sc.name], targets)
    # the dashboard charts these results with matplotlib: importing it here, off the GUI
    # thread, spares the window a freeze of about 0.75 s when the chart first appears
    import matplotlib.figure  # noqa: F401
    from matplotlib.backends import backend_qtagg  # noqa: F401

    return {"planner": planner, "scenarios": {s.name: s for s in scenarios}, "targets": targets,
            "projections": projections, "status": stat}


def scaled_scenario(scenario: Any, factors: dict[str, float]) -> Any:
    """The scenario with each action's scheduled area scaled by its factor."""
    for action, f in factors.items():
        if abs(f - 1.0) > 1e-9:
            scenario = scenario.with_area_scaled(action, f)
    return scenario


def project_scenario(planner: Any, scenario: Any, factors: dict[str, float], targets: list[Any],
                     *, progress: Any = None, cancel: Any = None) -> tuple[Any, Any]:
    """(Projection, target status) of one scenario with the studio's factors."""
    from sinkmodels.planning.targets import status

    proj = planner.project(scaled_scenario(scenario, factors))
    return proj, status(proj, targets)


def default_output_folder(project: Any, kind: str) -> Path:
    base = project.folder if project.path is not None else Path.cwd()
    return base / "results" / kind


@dataclass
class CarbonRun:
    """What a carbon run wrote, as read back from its output folder (``summary.json`` names the
    rasters in the engine's order); ``styles`` holds each raster's display style and ``child``
    what the analysis process reported about itself (pid, seconds, Qt modules loaded)."""

    out_dir: Path
    summary: dict[str, Any]
    outputs: dict[str, Path]
    notices: list[str] = field(default_factory=list)
    styles: dict[str, Any] = field(default_factory=dict)
    child: dict[str, Any] = field(default_factory=dict)


def run_carbon(project: Any, out_dir: Path, *, progress: Any = None, cancel: Any = None,
               lang: str | None = None, in_process: bool = False) -> Any:
    """Everything the project's [carbon] section configures, as ``sinkplanner run`` does:
    align the analysed layers (cached), then :func:`sinkmodels.carbon.run_project_carbon` into
    ``out_dir`` (replaced atomically; a cancelled run leaves the previous results untouched).

    By default in a child process (:mod:`app.gui.subprocess_jobs`) that loads the project from
    its saved file — the caller saves first — and formats its messages in ``lang`` (default: the
    current message language); the results are then read back from ``out_dir``.
    ``in_process=True`` runs the engine in the calling thread instead (tests)."""
    out_dir = Path(out_dir)
    if in_process:
        from app.pipeline import run_project

        result: Any = run_project(project, out_dir, progress=progress, cancel=cancel)
    else:
        from app.gui.subprocess_jobs import run_in_child
        from gis.errors import ProjectError

        if getattr(project, "path", None) is None:
            raise ProjectError(path="<project>",
                               detail="save the project before running the analysis")
        facts: dict[str, Any] = {}
        run_in_child("carbon", str(project.path), str(out_dir), progress=progress,
                     cancel=cancel, lang=lang, cleanup=out_dir, facts=facts)
        result = carbon_run_from_folder(out_dir)
        result.child = facts
    # display styles need a sample of each output: read it here, off the GUI thread
    outputs, _ = outputs_of(result)
    result.styles = {str(p): result_style(p) for p in outputs}  # type: ignore[attr-defined]
    return result


def carbon_run_from_folder(out_dir: Path) -> CarbonRun:
    """The :class:`CarbonRun` of a finished run, from ``out_dir/summary.json``."""
    summary = json.loads((Path(out_dir) / "summary.json").read_text(encoding="utf-8"))
    names = summary.get("outputs") or {}
    if isinstance(names, dict):
        outputs = {str(k): Path(out_dir) / str(v) for k, v in names.items()}
    else:  # a list of file names
        outputs = {Path(str(v)).stem: Path(out_dir) / str(v) for v in names}
    return CarbonRun(Path(out_dir), summary, outputs, list(summary.get("notices") or []))


def outputs_of(result: Any) -> tuple[list[Path], dict[str, Any] | None]:
    """(GeoTIFF paths, summary dict) from whatever a run returned: an object with ``outputs``
    and ``summary``, a dict with those keys, or an output folder."""
    outputs: list[Path] = []
    summary: dict[str, Any] | None = None
    if isinstance(result, (str, Path)):
        folder = Path(result)
        outputs = sorted(folder.glob("*.tif"))
        s = folder / "summary.json"
        if s.exists():
            summary = json.loads(s.read_text(encoding="utf-8"))
        return outputs, summary
    get = result.get if isinstance(result, dict) else (lambda k, d=None: getattr(result, k, d))
    raw = get("outputs", None) or get("paths", None) or []
    if isinstance(raw, dict):
        raw = list(raw.values())
    outputs = [Path(p) for p in raw if str(p).lower().endswith((".tif", ".tiff"))]
    summary = get("summary", None)
    if summary is not None and not isinstance(summary, dict):
        summary = getattr(summary, "__dict__", None)
    if summary is None:
        folder = get("out_dir", None) or get("folder", None)
        if folder and (Path(folder) / "summary.json").exists():
            summary = json.loads((Path(folder) / "summary.json").read_text(encoding="utf-8"))
    return outputs, summary


def output_title(path: Path) -> dict[str, str]:
    stem = path.stem
    if stem in OUTPUT_TITLES:
        en, zh = OUTPUT_TITLES[stem]
        return {"en": en, "zh": zh}
    for key, (en, zh) in WORD_TITLES.items():
        if key in stem.lower():
            return {"en": f"{en} ({stem})", "zh": f"{zh}（{stem}）"}
    return {"en": stem, "zh": stem}


def result_style(path: Path) -> dict[str, Any]:
    """Changes and sinks (signed: positive = removal) get a diverging ramp centred on zero;
    stocks and densities the default sequential ramp."""
    stem = path.stem.lower()
    if not any(w in stem for w in ("change", "sink")):
        return {}
    import rasterio
    from rasterio.enums import Resampling

    try:
        with rasterio.open(path) as ds:
            scale = max(1.0, max(ds.width, ds.height) / 512)
            arr = ds.read(1, out_shape=(max(1, int(ds.height / scale)), max(1, int(ds.width / scale))),
                          resampling=Resampling.nearest, masked=True)
        import numpy as np

        vals = np.asarray(arr.compressed(), dtype=float)
        vals = vals[np.isfinite(vals)]
        m = float(np.percentile(np.abs(vals), 98)) if vals.size else 1.0
    except Exception:  # noqa: BLE001 - the default range is fine then
        return {"kind": "ramp", "ramp": "rdylgn"}
    m = m or 1.0
    return {"kind": "ramp", "ramp": "rdylgn", "min": -round(m, 6), "max": round(m, 6)}


def scenario_maps(planner: Any, items: list[tuple[str, Any, dict[str, float]]], year: int,
                  out_root: Path, *, progress: Any = None, cancel: Any = None) -> dict[str, Any]:
    """Per-pixel maps of each (name, scenario, factors) in ``year`` (carbon density, forest,
    stock volume, land cover, action), each scenario into ``out_root/<name>_<year>``
    (replaced atomically). Returns {"maps": {name: {map name: path}}, "carbon_max": a common
    upper end (98th percentile) for the carbon density ramps}."""
    from gis.errors import CancelledError
    from gis.io import atomic_dir

    out: dict[str, dict[str, Path]] = {}
    for i, (name, scenario, factors) in enumerate(items):
        if cancel is not None and cancel():
            raise CancelledError()
        if progress is not None:
            progress(i / max(1, len(items)), name)
        proj = planner.project(scaled_scenario(scenario, factors), map_years=[year])
        folder = Path(out_root) / f"{name}_{year}"
        with atomic_dir(folder) as tmp:
            written = planner.write_maps(proj, [year], tmp, cancel=cancel)
            rel = {k: Path(p).relative_to(tmp) for k, p in written[year].items()}
        out[name] = {k: folder / r for k, r in rel.items()}
    highs = []
    for maps in out.values():
        if "carbon_tC_ha" in maps:
            from app.gui.sources import LayerInfo, raster_sample

            sample = raster_sample(LayerInfo("raster", maps["carbon_tC_ha"]))
            valid = sample[np.isfinite(sample) & (sample >= 0)]
            if valid.size:
                highs.append(float(np.percentile(valid, 98)))
    return {"maps": out, "carbon_max": max(highs) if highs else 200.0}
