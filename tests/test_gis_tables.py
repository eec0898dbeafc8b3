"""Typed CSV parameter tables (gis.tables): types, defaults, encodings and every error message."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from gis.errors import MissingFileError, TableError
from gis.tables import Column, TableSchema, load_table, lookup, validate_table
from gis.validate import check_table

POOLS = TableSchema(
    "carbon_pools",
    [
        Column("lucode", "int", min=0),
        Column("c_above", "float", "t C/ha", min=0),
        Column("c_soil", "float", "t C/ha", min=0, max=2000),
        Column("name", "str", required=False),
        Column("ecosystem", "str", required=False, choices=["forest", "cropland", "other"],
               default="other"),
        Column("planted", "bool", required=False),
    ],
    key="lucode",
)


def write(tmp_path: Path, text: str, name: str = "pools.csv", encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_types_defaults_extra_columns(tmp_path: Path) -> None:
    p = write(tmp_path, "\ufeff LUCODE ,C_Above,c_soil,Name,source\n"
                        "1,10.5,60,耕地,IPCC 2006\n"
                        "2,80,90,,Fang 2001\n")
    df = load_table(p, POOLS)
    assert list(df.columns[:6]) == ["lucode", "c_above", "c_soil", "name", "ecosystem", "planted"]
    assert df["lucode"].dtype == "int64"
    assert df["c_above"].dtype == "float64"
    assert df["lucode"].tolist() == [1, 2]
    assert df["c_above"].tolist() == [10.5, 80.0]
    assert df.loc[0, "name"] == "耕地"
    assert pd.isna(df.loc[1, "name"])
    assert df["ecosystem"].tolist() == ["other", "other"]   # optional absent → default
    assert df["planted"].isna().all()
    assert df["source"].tolist() == ["IPCC 2006", "Fang 2001"]  # extra column kept
    assert df.attrs["units"]["c_above"] == "t C/ha"
    assert df.attrs["source"] == str(p)
    assert lookup(df, "lucode", "c_soil") == {1: 60.0, 2: 90.0}


def test_bool_choice_and_integer_floats(tmp_path: Path) -> None:
    p = write(tmp_path, "lucode,c_above,c_soil,ecosystem,planted\n3.0,1,1,FOREST,yes\n4,1,1,other,0\n")
    df = load_table(p, POOLS)
    assert df["lucode"].tolist() == [3, 4]
    assert df["ecosystem"].tolist() == ["forest", "other"]  # stored as declared
    assert df["planted"].tolist() == [True, False]
    assert df["planted"].dtype == bool


def test_semicolon_delimiter_and_comments(tmp_path: Path) -> None:
    p = write(tmp_path, "# pools, t C/ha\nlucode;c_above;c_soil\n1;2;3\n")
    df = load_table(p, POOLS)
    assert df.loc[0, "c_soil"] == 3.0


def test_gbk_file_is_read_with_a_warning(tmp_path: Path) -> None:
    p = write(tmp_path, "lucode,c_above,c_soil,name\n1,2,3,乔木林地\n", encoding="gbk")
    df = load_table(p, POOLS)
    assert df.loc[0, "name"] == "乔木林地"
    issues = validate_table(p, POOLS)
    assert [i.code for i in issues] == ["table_encoding_gbk"]
    assert issues[0].severity == "warning"
    assert "pools.csv" in issues[0].message("en") and "GBK" in issues[0].message("en")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(MissingFileError) as ei:
        load_table(tmp_path / "nope.csv", POOLS)
    assert "nope.csv" in str(ei.value) and "not found" in str(ei.value)
    assert [i.code for i in validate_table(tmp_path / "nope.csv", POOLS)] == ["file_missing"]


def test_unreadable_binary(tmp_path: Path) -> None:
    p = tmp_path / "pools.xlsx.csv"
    p.write_bytes(b"PK\x03\x04\x00\x00\x00binary")
    with pytest.raises(TableError) as ei:
        load_table(p, POOLS)
    assert ei.value.code == "table_unreadable"
    assert "pools.xlsx.csv" in str(ei.value)


def test_undecodable_bytes(tmp_path: Path) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(b"lucode,c_above,c_soil\n1,2,\xff\xff\xff\n")
    with pytest.raises(TableError) as ei:
        load_table(p, POOLS)
    assert ei.value.code == "table_unreadable"
    assert "neither UTF-8 nor GBK" in str(ei.value)


def test_wrong_columns(tmp_path: Path) -> None:
    p = write(tmp_path, "code,c_above,soil\n1,2,3\n")
    with pytest.raises(TableError) as ei:
        load_table(p, POOLS)
    err = ei.value
    assert err.code == "table_columns"
    msg = str(err)
    assert "pools.csv" in msg
    assert "missing column(s) lucode, c_soil" in msg
    assert "lucode, c_above, c_soil, name, ecosystem, planted" in msg
    assert "缺少列 lucode, c_soil" in err.message("zh")


def test_non_numeric_value_names_row_and_column(tmp_path: Path) -> None:
    p = write(tmp_path, "lucode,c_above,c_soil\n1,2,3\n\n2,abc,4\n")
    with pytest.raises(TableError) as ei:
        load_table(p, POOLS)
    err = ei.value
    assert err.code == "table_value"
    assert err.params["row"] == 4  # header row 1, blank line 3 counted
    assert str(err) == f"{p}: row 4, column 'c_above': not a number (value 'abc')."
    assert "第 4 行“c_above”列：不是数字" in err.message("zh")


def test_range_choice_bool_integer_and_missing_values_all_collected(tmp_path: Path) -> None:
    p = write(tmp_path, "lucode,c_above,c_soil,ecosystem,planted\n"
                        "1,-1,5000,desert,maybe\n"
                        "1.5,,1,forest,1\n")
    issues = validate_table(p, POOLS)
    got = {(i.params["row"], i.params["column"]): i.message("en") for i in issues}
    assert "must not be negative" in got[(2, "c_above")]
    assert "must be between 0 and 2000" in got[(2, "c_soil")]
    assert "must be one of forest, cropland, other" in got[(2, "ecosystem")]
    assert "not a yes/no value" in got[(2, "planted")]
    assert "not a whole number" in got[(3, "lucode")]
    assert "a value is required" in got[(3, "c_above")]
    assert check_table(p, POOLS) == issues


def test_duplicate_keys(tmp_path: Path) -> None:
    p = write(tmp_path, "lucode,c_above,c_soil\n1,2,3\n2,2,3\n1,5,5\n")
    with pytest.raises(TableError) as ei:
        load_table(p, POOLS)
    assert ei.value.code == "table_duplicate"
    assert "'1' appears more than once (rows 2, 4)" in str(ei.value)


def test_empty_table(tmp_path: Path) -> None:
    for text in ("", "lucode,c_above,c_soil\n\n"):
        p = write(tmp_path, text)
        with pytest.raises(TableError) as ei:
            load_table(p, POOLS)
        assert ei.value.code == "table_empty"
        assert "has no rows" in str(ei.value)


def test_extra_columns_refused_when_not_allowed(tmp_path: Path) -> None:
    strict = TableSchema("legend", [Column("code", "int"), Column("class", "str")],
                         key="code", allow_extra=False)
    p = write(tmp_path, "code,class,colour\n1,forest,green\n", name="legend.csv")
    with pytest.raises(TableError) as ei:
        load_table(p, strict)
    assert ei.value.code == "table_extra_columns"
    assert "colour" in str(ei.value)


def test_schema_rejects_bad_declarations() -> None:
    with pytest.raises(ValueError):
        Column("x", "double")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TableSchema("t", [Column("a", "int")], key="b")
    with pytest.raises(ValueError):
        TableSchema("t", [Column("a", "int"), Column("A", "float")])
