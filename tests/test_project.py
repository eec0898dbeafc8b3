"""Project files: load, save (atomic, relative paths), round-trip, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.project import Project
from gis.errors import MissingFileError, ProjectError

TEXT = """
[project]
name = "示范县 Demo"
base_year = 2020
author = "bureau"

[grid]
reference = "lc"

[tables]
legend = "tables/legend.csv"

[[layers]]
id = "lc"
path = "data/lc.tif"
role = "landcover"
year = 2020
title = { en = "Land cover", zh = "土地覆被" }

[[layers]]
id = "towns"
path = "data/towns.shp"
role = "townships"
encoding = "GBK"
fields = { name = "XZMC" }
custom_key = 7

[carbon]
landcover_baseline = "lc"

[[targets]]
region = "county"
forest_cover_pct = 25.0
year = 2030

[[scenarios]]
name = "bau"

[future_section]
x = 1
"""


def write(tmp_path: Path, text: str = TEXT) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_load_resolves_paths_and_fields(tmp_path: Path) -> None:
    p = Project.load(write(tmp_path))
    assert p.name == "示范县 Demo"
    assert p.layer("lc").path == tmp_path / "data" / "lc.tif"
    assert p.tables["legend"] == tmp_path / "tables" / "legend.csv"
    towns = p.layer("towns")
    assert towns.field("name") == "XZMC" and towns.field("code") == "code"
    assert towns.open_options() == {"encoding": "GBK"}
    assert p.layer("lc").display_name("zh") == "土地覆被"
    assert [layer.id for layer in p.layers_with_role("townships")] == ["towns"]


def test_save_as_elsewhere_round_trips(tmp_path: Path) -> None:
    p = Project.load(write(tmp_path))
    out = p.save(tmp_path / "copies" / "q.toml")
    text = out.read_text(encoding="utf-8")
    assert "../data/lc.tif" in text  # relative to the new location
    q = Project.load(out)
    assert q.layer("lc").path == p.layer("lc").path
    assert q.layer("towns").extra == {"custom_key": 7}
    assert q.extra["future_section"] == {"x": 1}
    assert q.extra["project"] == {"author": "bureau"}
    assert q.to_dict() == p.to_dict()
    assert not list((tmp_path / "copies").glob("*.tmp*"))


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as exc:
        Project.load(tmp_path / "nope.toml")
    assert "nope.toml" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[project\nname='x'", "cannot be read"),
        ("[[layers]]\nid='a'\n", "needs a 'path'"),
        ("[[layers]]\npath='a.tif'\n[[layers]]\npath='b/a.tif'\n", "unique"),
        ("[[layers]]\npath='a.tif'\nrole='nonsense'\n", "unknown role"),
        ("[[layers]]\npath='a.tif'\n[carbon]\nlandcover_baseline='zz'\n", "'zz'"),
        ("[[scenarios]]\nname='a'\n[[scenarios]]\nname='a'\n", "unique 'name'"),
    ],
)
def test_bad_projects_say_what_is_wrong(tmp_path: Path, text: str, needle: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProjectError) as exc:
        Project.load(path)
    assert needle in str(exc.value)
    assert str(path) in str(exc.value)


def test_message_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as exc:
        Project.load(tmp_path / "缺失.toml")
    assert "找不到文件" in exc.value.message("zh")


def test_add_layer_gets_unique_id(tmp_path: Path) -> None:
    p = Project.load(write(tmp_path))
    a = p.add_layer(tmp_path / "x" / "lc.tif", role="landcover")
    assert a.id == "lc_2"
    with pytest.raises(ProjectError):
        p.table_path("actions")
