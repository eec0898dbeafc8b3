"""The analyses the GUI runs in background workers: thin adapters over the engines (no Qt).

Each job takes ``progress(fraction, message)`` and ``cancel() -> bool`` and returns a plain
result; the engines write their outputs atomically, so a cancelled run leaves nothing behind.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

OUTPUT_TITLES = {
    # output file stem -> (en, zh); unknown stems fall back to matching words below
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


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def carbon_unavailable(lang: str = "en") -> str | None:
    """None when the carbon engine can run, else a message saying why not."""
    if _has("sinkmodels.carbon"):
        return None
    return ("本安装中没有碳核算引擎（sinkmodels.carbon）。" if lang == "zh"
            else "The carbon engine (sinkmodels.carbon) is not part of this installation.")


def planning_unavailable(lang: str = "en") -> str | None:
    if _has("sinkmodels.planning.projection") and _has("app.gui.dashboard"):
        return None
    return ("本安装中还没有规划引擎与仪表板。" if lang == "zh"
            else "The planning engine and dashboard are not part of this installation yet.")


def default_output_folder(project: Any, kind: str) -> Path:
    base = project.folder if project.path is not None else Path.cwd()
    return base / "results" / kind


def run_carbon(project: Any, out_dir: Path, *, progress: Any = None, cancel: Any = None) -> Any:
    """The carbon run of a project (sinkmodels.carbon), into ``out_dir`` (replaced atomically).

    Uses the engine's whole-project job when it has one, else the InVEST-equivalent job on the
    project's baseline/alternate land cover and carbon pool table."""
    from sinkmodels import carbon  # the engine; imported here, off the GUI thread

    whole = getattr(carbon, "run_project_carbon", None)
    if whole is not None:
        return whole(project, out_dir, progress=progress, cancel=cancel)
    from gis.errors import ProjectError

    cfg = project.carbon or {}
    bas_id = cfg.get("landcover_baseline") or (project.grid or {}).get("reference")
    if not bas_id:
        lcs = project.layers_with_role("landcover")
        if not lcs:
            raise ProjectError(path=project.path or "<project>",
                               detail="no land-cover layer to compute carbon from")
        bas_id = lcs[0].id
    bas = project.layer(bas_id)
    alt = project.layer(cfg["landcover_alternate"]) if cfg.get("landcover_alternate") else None
    return carbon.run_carbon(bas.path, project.table_path("carbon_pools"), out_dir,
                             lulc_alt=alt.path if alt is not None else None,
                             bas_year=bas.year, alt_year=alt.year if alt is not None else None,
                             overwrite=True, progress=progress, cancel=cancel)


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
