"""GUI tests (pytest-qt, offscreen) of Analysis → Planning Rules…: the rules table of a copy of
the demo county edited in the dialog, saved, read back with the planner's loader
(:meth:`Rules.load`), and the conflicts of the demo's ``bad_plan.gpkg`` after the change,
compared with :func:`app.pipeline.check_plan_layer` called directly."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "sample_data" / "demo_county"


@pytest.fixture
def demo(demo_copy):
    """The project file of a fresh copy of the demo county (conftest.py)."""
    return demo_copy


def load_rules(project_file, rules_file=None):
    """The rules as the planner reads them (app.pipeline.build_planner)."""
    from app.project import Project
    from sinkmodels.planning.constraints import Rules
    from sinkmodels.planning.scenarios import load_actions

    project = Project.load(project_file)
    legend = pd.read_csv(project.table_path("legend"), encoding="utf-8-sig")
    kinds = {a.id: a.kind for a in load_actions(project.table_path("actions")).values()}
    return Rules.load(rules_file or project.table_path("constraint_rules"), legend, kinds)


def deciding_rule(rules, action, zone_mask, lc):
    d = int(rules.denied(action, np.array([zone_mask]), np.array([lc]))[0])
    return None if d < 0 else rules.rule_ids[d]


# construction on built-up land (10) in the general red-line zone (2) inside the urban boundary (8)
CONSTRUCTION_IN_RED_LINE = ("construction", 2 | 8, 10)


def editor(window, project_file):
    from app.gui.rules_editor import RulesEditor

    assert window.open_project(project_file), window.errors
    return RulesEditor(window)


def row_of(dlg, rule_id):
    return [dlg.table.item(i, 0).text() for i in range(dlg.table.rowCount())].index(rule_id)


def choose(dlg, row, column, value):
    from app.gui.rules_editor import COLUMNS

    box = dlg.table.cellWidget(row, COLUMNS.index(column))
    i = box.findData(value)
    assert i >= 0, (column, value)
    box.setCurrentIndex(i)


def test_shows_every_rule_and_saving_changes_the_decision(window, demo):
    dlg = editor(window, demo)
    path = window.model.project.table_path("constraint_rules")
    before = load_rules(demo)
    header = path.read_text(encoding="utf-8").splitlines()[:4]
    assert [dlg.table.item(i, 0).text() for i in range(dlg.table.rowCount())] == before.rule_ids
    assert dlg.table.horizontalHeaderItem(2).text() == "Zone"
    i = row_of(dlg, "RL-GEN-01")
    assert dlg.table.cellWidget(i, 2).currentText() == "red line, general zone"
    assert dlg.table.cellWidget(i, 4).currentData() == "no" and not dlg.dirty
    assert deciding_rule(before, *CONSTRUCTION_IN_RED_LINE) == "RL-GEN-01"

    choose(dlg, i, "allowed", "yes")
    assert dlg.dirty
    assert dlg.save(), window.errors
    after = load_rules(demo)
    assert deciding_rule(after, *CONSTRUCTION_IN_RED_LINE) is None
    assert after.rule_ids == before.rule_ids
    assert path.read_text(encoding="utf-8").splitlines()[:4] == header  # comments and columns
    assert not dlg.dirty and not window.model.dirty  # the project still names the same file
    assert not window.errors
    dlg.deleteLater()


def test_invalid_table_names_the_row_and_writes_nothing(window, demo):
    dlg = editor(window, demo)
    path = window.model.project.table_path("constraint_rules")
    original = path.read_bytes()
    dlg.table.item(2, 0).setText(dlg.table.item(0, 0).text())  # rule 3 takes rule 1's id
    assert not dlg.save()
    title, text = window.errors[-1]
    assert title == "Rules not saved"
    assert "'RL-CORE-01'" in text and "rows 1, 3" in text and text.startswith("Rules table")
    assert {ix.row() for ix in dlg.table.selectedIndexes()} == {0, 2}
    assert path.read_bytes() == original
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []

    # a new rule without its source: named by its row and column, in the UI language
    dlg.table.item(2, 0).setText("RL-GEN-02")
    dlg.table.setCurrentCell(4, 0)
    dlg.add_rule()
    assert dlg.table.item(5, 0).text() == "NEW-1"
    window.model.set_language("zh")
    assert not dlg.save()
    assert "第 6 行“source”列" in window.errors[-1][1]
    assert dlg.table.currentRow() == 5
    assert path.read_bytes() == original
    dlg.table.item(5, 7).setText("县林业局 2025")
    choose(dlg, 5, "action", "mangrove_tidal_flat")
    choose(dlg, 5, "zone", "urban")
    assert dlg.save(), window.errors
    rules = load_rules(demo)
    assert rules.rule_ids[5] == "NEW-1"
    assert deciding_rule(rules, "mangrove_tidal_flat", 8, 7) == "NEW-1"
    dlg.deleteLater()


def test_shipped_rules_file_is_saved_as_a_project_copy(window, demo, monkeypatch):
    from app.gui.rules_editor import SAMPLE_DATA
    from app.project import Project
    from sinkmodels.planning.constraints import DEFAULT_RULES

    project = Project.load(demo)
    project.tables["constraint_rules"] = DEFAULT_RULES  # the shipped file itself
    project.save()
    shipped = DEFAULT_RULES.read_bytes()
    dlg = editor(window, demo)
    assert dlg.save_btn.text() == "Save As…"
    choose(dlg, row_of(dlg, "RL-GEN-01"), "allowed", "yes")

    asked = []
    answers = iter([str(SAMPLE_DATA / "demo_county" / "my_rules.csv"), str(demo.parent / "my_rules")])

    def save_path(caption, filters, suggestion=""):
        asked.append(suggestion)
        return next(answers)

    monkeypatch.setattr(window, "get_save_path", save_path)
    assert not dlg.save()  # not into the shipped sample data
    assert "never changed" in window.errors[-1][1]
    assert not (SAMPLE_DATA / "demo_county" / "my_rules.csv").exists()
    assert dlg.save(), window.errors
    copy = demo.parent / "my_rules.csv"
    assert asked == [str(demo.parent / "constraint_rules.csv")] * 2  # beside the project
    assert window.model.project.tables["constraint_rules"] == copy
    assert window.model.dirty  # the project now names the copy: it has to be saved
    assert DEFAULT_RULES.read_bytes() == shipped
    assert deciding_rule(load_rules(demo, copy), *CONSTRUCTION_IN_RED_LINE) is None
    assert dlg.save_btn.text() == "Save"
    assert window.save_project()
    assert Project.load(demo).tables["constraint_rules"] == copy
    dlg.deleteLater()


def test_conflicts_follow_the_saved_rules(window, demo, qtbot, tmp_path):
    from app.gui.conflicts import PlanRequest
    from app.pipeline import build_planner, check_plan_layer
    from app.project import Project

    plan = demo.parent / "bad_plan.gpkg"
    dlg = editor(window, demo)
    planner, _layers = build_planner(window.model.project)  # the dashboard's, old rules
    window.model.set_planning(planner=planner)
    panel = window.conflicts_panel()

    def check():
        qtbot.waitUntil(lambda: not window.canvas.busy, timeout=30_000)  # see test_gui_conflicts
        with qtbot.waitSignal(window.job_ended, timeout=60_000) as blocker:
            assert panel.check(PlanRequest(plan, "action")) is not None, window.errors
        assert blocker.args == ["done"], window.errors
        return {panel.rule_table.item(i, 0).text(): float(panel.rule_table.item(i, 4).text()
                                                          .replace(",", ""))
                for i in range(panel.rule_table.rowCount())}

    assert "RL-GEN-01" in check()
    choose(dlg, row_of(dlg, "RL-GEN-01"), "allowed", "yes")
    assert dlg.save(), window.errors
    assert window.model.planning.planner is None  # rebuilt with the new rules on next use
    assert panel.stale and panel.summary.text().startswith("<b>Out of date</b>")

    got = check()
    assert not panel.stale and "Out of date" not in panel.summary.text()
    fresh, layers = build_planner(Project.load(demo))
    want = check_plan_layer(fresh, layers, plan, "action", tmp_path)
    assert "RL-GEN-01" not in set(want.by_rule["rule_id"]) and len(want.by_rule)
    assert got.keys() == set(want.by_rule["rule_id"])
    for rule, area in zip(want.by_rule["rule_id"], want.by_rule["area_ha"], strict=True):
        assert got[rule] == pytest.approx(area, abs=0.005), rule
    dlg.deleteLater()


def test_closing_with_unsaved_edits_asks(window, demo, qtbot):
    from PySide6.QtWidgets import QTableWidgetSelectionRange

    from app.gui.rules_editor import RulesEditor

    dlg = editor(window, demo)
    path = window.model.project.table_path("constraint_rules")
    original, n = path.read_bytes(), dlg.table.rowCount()
    questions, answers = [], []

    def ask(title, text):
        questions.append(title)
        return answers.pop(0)

    window.ask_yes_no = ask
    dlg.show()
    qtbot.waitExposed(dlg)
    dlg.table.setCurrentCell(0, 0)
    dlg.duplicate_rule()
    assert dlg.table.item(1, 0).text() == "RL-CORE-01-1" and dlg.table.rowCount() == n + 1
    answers.append(False)  # keep editing
    dlg.close()
    assert dlg.isVisible() and questions == ["Discard changes?"]
    assert dlg.table.rowCount() == n + 1
    answers.append(True)  # discard
    dlg.reject()
    assert not dlg.isVisible() and len(questions) == 2
    assert path.read_bytes() == original

    # no edits: closes without asking; restoring the defaults asks first
    dlg = RulesEditor(window)
    dlg.show()
    dlg.table.setRangeSelected(QTableWidgetSelectionRange(0, 0, 2, 0), True)  # rules 1-3
    dlg.delete_rules()
    assert dlg.table.rowCount() == n - 3
    answers.append(True)
    dlg.restore_defaults()
    assert dlg.table.rowCount() == n and dlg.dirty  # the demo's rules are the defaults
    answers.append(True)
    dlg.close()
    assert not dlg.isVisible() and len(questions) == 4
    dlg = RulesEditor(window)
    dlg.show()
    dlg.close()
    assert not dlg.isVisible() and len(questions) == 4


def test_menu_and_chinese_texts(window, demo):
    from app.gui.rules_editor import RulesEditor

    window.open_project(demo)
    assert window.act_rules in window.menu_analysis.actions()
    assert window.act_rules.text() == "Planning R&ules…"
    window.set_language("zh")
    assert window.act_rules.text() == "规划规则(&U)…"
    dlg = RulesEditor(window)
    heads = [dlg.table.horizontalHeaderItem(j).text() for j in range(dlg.table.columnCount())]
    assert heads == ["规则", "措施", "管控区", "地类", "允许", "说明（英文）", "说明（中文）", "依据"]
    i = row_of(dlg, "AF-04")
    assert dlg.table.cellWidget(i, 2).currentText() == "任意区域"
    assert dlg.table.cellWidget(i, 3).currentText() == "沿海滩涂"  # the legend's Chinese name
    assert dlg.table.cellWidget(i, 1).currentText() == "类型：造林"
    assert dlg.save_btn.text() == "保存"
    dlg.deleteLater()
