"""`sinkplanner validate PROJECT`: check every input of a project before running anything."""

from __future__ import annotations

import argparse

HELP = "check a project's layers and tables and list every problem found"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("project", help="project file (.toml)")


def run(args: argparse.Namespace) -> int:
    from app.pipeline import validate_project
    from app.project import Project
    from gis.messages import get_language

    project = Project.load(args.project)
    issues = validate_project(project)
    lang = get_language()
    marks = ({"error": "错误", "warning": "警告", "info": "提示"} if lang == "zh"
             else {"error": "ERROR", "warning": "WARNING", "info": "note"})
    for issue in issues:
        print(f"{marks.get(issue.severity, issue.severity)}: {issue.message(lang)}")
    errors = sum(1 for i in issues if i.severity == "error")
    warnings = sum(1 for i in issues if i.severity == "warning")
    if lang == "zh":
        print(f"检查完成：{errors} 个错误，{warnings} 个警告。")
    else:
        print(f"Checked {project.path}: {errors} error(s), {warnings} warning(s).")
    return 2 if errors else 0
