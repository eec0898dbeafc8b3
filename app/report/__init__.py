"""Map reports (PDF and PNG) in Chinese or English.

    from app.report import build_report
    files = build_report("demo_county.toml", "report.pdf", lang="zh", scenario="bau")

Pipeline: :func:`app.report.data.assemble` gathers a language-neutral
:class:`~app.report.model.ReportData` from the project and the carbon and planning results
(reading an existing results folder, or running the engines); :func:`render_report` lays it out
(:mod:`app.report.render`) and writes the PDF (vector, embedded subset fonts, searchable text) or
one PNG per page (``FILE_1.png``, ``FILE_2.png``, …) atomically. Qt is not needed except by
:mod:`app.report.dialog`. Heavy imports happen inside the functions.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.project import Project
    from app.report.model import ReportData

FORMATS = ("pdf", "png")
PAPERS = ("A4", "A3")
ORIENTATIONS = ("portrait", "landscape")
LANGS = ("zh", "en")
DEFAULT_DPI = 150

Progress = Callable[[float, str], None]


def check_options(fmt: str, lang: str, paper: str, orientation: str, dpi: int) -> None:
    from gis.errors import SinkplannerError

    for value, allowed in ((fmt, FORMATS), (lang, LANGS), (paper, PAPERS),
                           (orientation, ORIENTATIONS)):
        if value not in allowed:
            raise SinkplannerError("report_bad_option", value=value,
                                   allowed=", ".join(allowed))
    if not 36 <= int(dpi) <= 1200:
        raise SinkplannerError("report_bad_dpi", dpi=dpi)


def guess_format(out: str | os.PathLike[str], fmt: str | None) -> str:
    if fmt:
        return fmt.lower()
    suffix = Path(out).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else "pdf"


def render_report(data: ReportData, out: str | os.PathLike[str], *, lang: str = "zh",
                  fmt: str | None = None, paper: str = "A4", orientation: str = "portrait",
                  dpi: int = DEFAULT_DPI, progress: Progress | None = None) -> list[Path]:
    """Render ``data`` to ``out``; returns the files written (one PDF, or one PNG per page)."""
    import matplotlib

    from app.report.fonts import font_for
    from app.report.layout import PageSpec
    from app.report.render import render_pages, write_pdf, write_png
    from app.report.text import tr

    fmt = guess_format(out, fmt)
    check_options(fmt, lang, paper, orientation, dpi)
    out = Path(out)
    font = font_for(lang)
    spec = PageSpec(paper, orientation)
    with matplotlib.rc_context(font.rc()):
        pages = render_pages(data, lang, spec, font, png_dpi=dpi if fmt == "png" else None,
                             progress=progress)
        try:
            if fmt == "pdf":
                meta = {"Title": f"{tr('report_title', lang)} — {data.project_name}",
                        "Author": "Sinkplanner", "Subject": data.project_name,
                        "Creator": f"Sinkplanner {data.version}",
                        "Keywords": f"carbon sink; {data.scenario or ''}; {lang}"}
                return [write_pdf(pages, out, meta)]
            return write_png(pages, out, int(dpi))
        finally:
            for fig in pages:
                fig.clear()


def build_report(project: Project | str | os.PathLike[str], out: str | os.PathLike[str], *,
                 lang: str = "zh", fmt: str | None = None, scenario: str | None = None,
                 paper: str = "A4", orientation: str = "portrait", dpi: int = DEFAULT_DPI,
                 results: str | os.PathLike[str] | None = None,
                 progress: Progress | None = None, cancel: Callable[[], bool] | None = None,
                 **data_options: Any) -> list[Path]:
    """Assemble the report data for ``project`` and render it to ``out``.

    ``results``: a folder holding ``sinkplanner run`` / ``plan`` outputs to read; missing
    results are computed with the engines (into the project's work folder).
    """
    from app.project import Project
    from app.report.data import assemble

    fmt = guess_format(out, fmt)
    check_options(fmt, lang, paper, orientation, dpi)
    if not isinstance(project, Project):
        project = Project.load(project)

    def sub(a: float, b: float) -> Progress | None:
        if progress is None:
            return None
        return lambda f, m: progress(a + (b - a) * f, m)

    data = assemble(project, results=results, scenario=scenario, progress=sub(0.0, 0.6),
                    cancel=cancel, **data_options)
    return render_report(data, out, lang=lang, fmt=fmt, paper=paper, orientation=orientation,
                         dpi=dpi, progress=sub(0.6, 1.0))


__all__ = ["build_report", "render_report", "check_options", "FORMATS", "PAPERS",
           "ORIENTATIONS", "LANGS", "DEFAULT_DPI"]
