"""The report dialog: preview off the GUI thread, language switch, export, clean close."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The demo project and its report data without engine results (fast: map, overlays,
    parameter tables; carbon and projections are shown as not available)."""
    from app.project import Project
    from app.report.data import assemble

    folder = tmp_path_factory.mktemp("dialog") / "demo_county"
    shutil.copytree(DEMO, folder, ignore=shutil.ignore_patterns(".sinkplanner-cache"))
    project = Project.load(folder / "demo_county.toml")
    data = assemble(project, compute=False)
    # the dialog's wiring is under test, not the layout: leave out the long parameter tables
    return project, dataclasses.replace(data, parameters=[])


def test_preview_and_export(qtbot: Any, demo_data: tuple[Any, Any], tmp_path: Path) -> None:
    from app.report.dialog import ReportDialog

    project, data = demo_data
    dlg = ReportDialog(project, data=data, lang="en")
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.windowTitle() == "Map report"
    dlg.lang_box.setCurrentIndex(0)                      # 中文
    assert dlg.windowTitle() == "地图报告"
    with qtbot.waitSignal(dlg.previewReady, timeout=60_000) as blocker:
        dlg.refresh_preview()
        assert not dlg.preview_btn.isEnabled()           # busy while the worker runs
    n = blocker.args[0]
    assert n >= 3 and len(dlg.images) == n
    w, h = dlg.images[0].width(), dlg.images[0].height()
    assert (w, h) == (round(210 / 25.4 * 60), round(297 / 25.4 * 60))   # A4 at the preview dpi
    out = tmp_path / "dialog.pdf"
    with qtbot.waitSignal(dlg.exported, timeout=60_000) as blocker:
        dlg.export(out)
    assert blocker.args[0] == [str(out)]
    assert out.is_file() and out.stat().st_size > 10_000
    dlg.close()
    assert dlg.wait(0)


def test_errors_arrive_as_messages(qtbot: Any, demo_data: tuple[Any, Any],
                                   tmp_path: Path) -> None:
    from app.report.dialog import ReportDialog

    project, data = demo_data
    dlg = ReportDialog(project, data=data, lang="en")
    qtbot.addWidget(dlg)
    dlg.dpi_box.setValue(36)
    dlg.format_box.setCurrentIndex(1)                    # PNG
    missing = tmp_path / "no" / "such" / "folder"
    blocker_target = dlg.failed
    with qtbot.waitSignal(blocker_target, timeout=60_000, raising=False):
        dlg.results_edit.setText(str(missing))
        dlg._data = None                                 # force gathering from the results folder
        dlg._data_key = None
        dlg.refresh_preview()
    assert "summary.json" in dlg.status.text()
    dlg.close()
