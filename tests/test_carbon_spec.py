"""sinkmodels.spec: declared inputs/outputs; validate returns (inputs, message), never raises."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from conftest import write_raster

from sinkmodels.spec import CARBON, PROJECT_CARBON, validate


def test_declarations_carry_units() -> None:
    assert CARBON.input("pools").units == "t C/ha"
    assert {o.name: o.units for o in CARBON.outputs}["npv_alt"] == "currency/ha"
    assert all(o.units for o in PROJECT_CARBON.outputs if o.path.endswith(".tif"))


def test_valid_arguments_give_no_issues(tmp_path: Path) -> None:
    pools = tmp_path / "p.csv"
    pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n1,1,2,3,4\n")
    lulc = write_raster(tmp_path / "a.tif", np.ones((4, 4), np.uint8), nodata=0)
    args = {"lulc_bas": str(lulc), "lulc_alt": str(lulc), "pools": str(pools), "price": 10,
            "bas_year": 2020, "alt_year": 2030, "discount_rate": 7, "out": str(tmp_path / "o")}
    assert validate(CARBON, args) == []


def test_problems_are_listed_not_raised(tmp_path: Path) -> None:
    pools = tmp_path / "p.csv"
    pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n1,1,-2,3,4\n")
    floats = write_raster(tmp_path / "f.tif", np.ones((4, 4), np.float32), nodata=0)
    args = {"lulc_bas": str(floats), "pools": str(pools), "price": "ten", "bas_year": 2030,
            "alt_year": 2020, "out": "o"}
    issues = validate(CARBON, args)
    by_input = {tuple(names): msg for names, msg in issues}
    assert "whole numbers" in by_input[("lulc_bas",)]
    assert "row 2" in by_input[("pools",)] and "c_below" in by_input[("pools",)]
    assert "not a number" in by_input[("price",)]
    assert ("bas_year", "alt_year") in by_input
    assert ("price", "lulc_alt") in by_input
    # required-if: a price makes the years required
    issues = validate(CARBON, {"lulc_bas": str(floats), "pools": str(pools), "price": 3,
                               "out": "o"})
    assert any(names == ["bas_year"] and "price" in msg for names, msg in issues)
    # missing files; nonsense never raises
    issues = validate(CARBON, {"lulc_bas": str(tmp_path / "none.tif"), "pools": None})
    assert any("not found" in m for _, m in issues) and any(n == ["pools"] for n, _ in issues)
    assert isinstance(validate(CARBON, {"lulc_bas": object()}), list)  # type: ignore[dict-item]
