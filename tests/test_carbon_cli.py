"""``sinkplanner carbon`` through app.cli.main: success and each bad input names the file."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import write_raster

from app.cli import main

POOLS = "lucode,c_above,c_below,c_soil,c_dead\n1,15,10,60,1\n2,5,3,20,0\n"


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    pools = tmp_path / "pools.csv"
    pools.write_text(POOLS)
    bas = write_raster(tmp_path / "bas.tif", np.ones((10, 10), np.uint8), nodata=0)
    alt_a = np.ones((10, 10), np.uint8)
    alt_a[:5] = 2
    alt = write_raster(tmp_path / "alt.tif", alt_a, nodata=0)
    return bas, alt, pools


def test_carbon_command_writes_summary(tmp_path: Path, inputs: tuple[Path, Path, Path],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    bas, alt, pools = inputs
    out = tmp_path / "out"
    code = main(["carbon", "--lulc-bas", str(bas), "--lulc-alt", str(alt), "--pools", str(pools),
                 "--bas-year", "2020", "--alt-year", "2030", "--price", "50",
                 "--discount-rate", "7", "--rate-change", "0", "--out", str(out),
                 "--threads", "2", "--block-size", "256"])
    assert code == 0, capsys.readouterr().err
    s = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert s["stock_bas_tC"] == pytest.approx(774.0)
    assert s["stock_alt_tC"] == pytest.approx(50 * 0.09 * 86 + 50 * 0.09 * 28)
    assert s["change_tC"] == pytest.approx(-58 * 50 * 0.09)
    assert s["npv"] == pytest.approx(-58 * 50 * 0.09 * 5 * sum(1.07 ** -t for t in range(10)))
    for name in ("c_storage_bas", "c_storage_alt", "c_change_bas_alt", "npv_alt"):
        assert (out / f"{name}.tif").exists()
    text = capsys.readouterr().out
    assert "774.0 t C" in text and "positive = removal" in text


def test_existing_output_needs_overwrite(tmp_path: Path, inputs: tuple[Path, Path, Path],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    bas, _, pools = inputs
    out = tmp_path / "out"
    args = ["carbon", "--lulc-bas", str(bas), "--pools", str(pools), "--out", str(out)]
    assert main(args) == 0
    capsys.readouterr()
    assert main(args) == 2
    assert str(out) in capsys.readouterr().err
    assert main([*args, "--overwrite"]) == 0


@pytest.mark.parametrize("case", ["missing_raster", "missing_table", "negative", "text",
                                  "missing_class", "missing_column"])
def test_bad_inputs_are_clear_errors(tmp_path: Path, inputs: tuple[Path, Path, Path],
                                     capsys: pytest.CaptureFixture[str], case: str) -> None:
    bas, _, pools = inputs
    named = pools
    if case == "missing_raster":
        bas = named = tmp_path / "nope.tif"
    elif case == "missing_table":
        pools = named = tmp_path / "nope.csv"
    elif case == "negative":
        pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n1,15,-10,60,1\n")
    elif case == "text":
        pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n1,15,ten,60,1\n")
    elif case == "missing_column":
        pools.write_text("lucode,c_above,c_below,c_soil\n1,15,10,60\n")
    elif case == "missing_class":
        a = np.ones((10, 10), np.uint8)
        a[2, 2] = 5
        bas = named = write_raster(tmp_path / "odd.tif", a, nodata=0)
    code = main(["carbon", "--lulc-bas", str(bas), "--pools", str(pools),
                 "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2, err
    assert str(named) in err and "Traceback" not in err
    if case in ("negative", "text"):
        assert "row 2" in err and "c_below" in err
    if case == "missing_class":
        assert "5 (1 px)" in err
    assert not (tmp_path / "out").exists()


def test_run_command_names_the_project_when_a_table_is_missing(
        tmp_path: Path, inputs: tuple[Path, Path, Path], capsys: pytest.CaptureFixture[str]
        ) -> None:
    bas, _, _ = inputs
    project = tmp_path / "p.toml"
    project.write_text(f"""
[project]
name = "t"

[[layers]]
id = "lc"
path = "{bas.as_posix()}"
role = "landcover"
year = 2020

[carbon]
landcover_baseline = "lc"
""", encoding="utf-8")
    assert main(["run", str(project), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(project) in err and "carbon_pools" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
