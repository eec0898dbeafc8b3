"""Declared model inputs and outputs, and validation that never raises.

Each model declares its inputs (type, units, required / required-if, range) and outputs (file,
units) once, as InVEST's MODEL_SPEC does; the GUI forms, the CLI help and the docs read the same
declaration. :func:`validate` returns a list of ``(input names, message)`` — empty when the
arguments are fine — and never raises.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

InputType = Literal["raster", "csv", "number", "integer", "percent", "bool", "folder", "layer"]


@dataclass(frozen=True)
class InputSpec:
    """One model input. ``required``: True, False, or the name of another input whose presence
    makes this one required ("required-if"). ``table``: the key of the CSV schema in
    :data:`sinkmodels.tables.SCHEMAS` for csv inputs. ``classes``: the raster holds class codes
    (must be an integer type)."""

    name: str
    type: InputType
    about: str
    units: str = ""
    required: bool | str = True
    min: float | None = None
    max: float | None = None
    table: str | None = None
    classes: bool = False


@dataclass(frozen=True)
class OutputSpec:
    name: str
    path: str
    about: str
    units: str = ""
    created_if: str | None = None


@dataclass(frozen=True)
class ModelSpec:
    id: str
    title: str
    inputs: tuple[InputSpec, ...]
    outputs: tuple[OutputSpec, ...]
    about: str = ""
    checks: tuple[str, ...] = field(default_factory=tuple)  # names of cross-field checks

    def input(self, name: str) -> InputSpec:
        for i in self.inputs:
            if i.name == name:
                return i
        raise KeyError(name)


CARBON = ModelSpec(
    id="carbon",
    title="Carbon storage and sequestration (InVEST 3.20 compatible)",
    about="Carbon stock of a baseline (and alternate) land-cover map from a pool table, the "
          "change, and its net present value.",
    inputs=(
        InputSpec("lulc_bas", "raster", "baseline land-cover map (class codes)", classes=True),
        InputSpec("lulc_alt", "raster", "alternate (later) land-cover map", required=False,
                  classes=True),
        InputSpec("pools", "csv", "carbon pools per class: lucode, c_above, c_below, c_soil, "
                  "c_dead (+ c_litter)", units="t C/ha", table="carbon_pools"),
        InputSpec("bas_year", "integer", "year of the baseline map", units="year",
                  required="price", min=1000, max=3000),
        InputSpec("alt_year", "integer", "year of the alternate map", units="year",
                  required="price", min=1000, max=3000),
        InputSpec("price", "number", "price of carbon", units="currency/t C", required=False,
                  min=0),
        InputSpec("discount_rate", "percent", "annual market discount rate", units="%",
                  required=False, min=-99, max=100),
        InputSpec("rate_change", "percent", "annual change of the carbon price (acts as a "
                  "further discount, as InVEST)", units="%", required=False, min=-99, max=100),
        InputSpec("out", "folder", "output folder"),
    ),
    outputs=(
        OutputSpec("c_storage_bas", "c_storage_bas.tif", "carbon stock, baseline", "t C/ha"),
        OutputSpec("c_storage_alt", "c_storage_alt.tif", "carbon stock, alternate", "t C/ha",
                   created_if="lulc_alt"),
        OutputSpec("c_change_bas_alt", "c_change_bas_alt.tif", "stock change (alt - bas)",
                   "t C/ha", created_if="lulc_alt"),
        OutputSpec("npv_alt", "npv_alt.tif", "net present value of the change", "currency/ha",
                   created_if="lulc_alt"),
        OutputSpec("summary", "summary.json", "totals: stock_bas_tC, stock_alt_tC, change_tC, "
                   "npv, areas, valuation"),
        OutputSpec("classes", "classes.csv", "area and stock per class", "ha, t C"),
        OutputSpec("transitions", "transitions.csv", "from->to area and carbon change",
                   "ha, t C", created_if="lulc_alt"),
    ),
    checks=("years_order", "valuation_needs_alternate"),
)

PROJECT_CARBON = ModelSpec(
    id="project_carbon",
    title="Carbon stock and annual sink of a project",
    about="Forest carbon from stock volume, grassland, wetland and mangrove carbon, pools "
          "elsewhere; annual sink by stock-difference and gain-loss, by ecosystem and township.",
    inputs=(
        InputSpec("landcover_baseline", "layer", "baseline land cover", classes=True),
        InputSpec("landcover_alternate", "layer", "alternate land cover", required=False,
                  classes=True),
        InputSpec("compartments", "layer", "forest compartments (小班)", required=False),
        InputSpec("townships", "layer", "townships", required=False),
        InputSpec("bas_year", "integer", "year of the baseline land cover", units="year",
                  required="landcover_alternate"),
        InputSpec("alt_year", "integer", "year of the alternate land cover", units="year",
                  required="landcover_alternate"),
        InputSpec("carbon_fraction", "number", "default carbon fraction of dry matter",
                  units="t C/t dm", required=False, min=0.3, max=0.6),
    ),
    outputs=(
        OutputSpec("stock_bas", "stock_bas.tif", "carbon stock, baseline", "t C/ha"),
        OutputSpec("stock_alt", "stock_alt.tif", "carbon stock, alternate", "t C/ha",
                   created_if="landcover_alternate"),
        OutputSpec("change_bas_alt", "change_bas_alt.tif", "stock change", "t C/ha"),
        OutputSpec("sink_stock_difference", "sink_stock_difference.tif",
                   "annual sink, stock-difference (positive = removal)", "t CO2e/ha/yr"),
        OutputSpec("sink_gain_loss", "sink_gain_loss.tif",
                   "annual sink, gain-loss (positive = removal)", "t CO2e/ha/yr"),
        OutputSpec("summary", "summary.json", "totals, by ecosystem, by township"),
        OutputSpec("by_ecosystem", "by_ecosystem.csv", "totals by ecosystem", "ha, t C, t CO2e/yr"),
        OutputSpec("by_township", "by_township.csv", "totals by township", "ha, t C, t CO2e/yr"),
        OutputSpec("transitions", "transitions.csv", "from->to area and carbon change",
                   "ha, t C", created_if="landcover_alternate"),
    ),
    checks=("years_order",),
)

MODELS = {m.id: m for m in (CARBON, PROJECT_CARBON)}


def _given(v: Any) -> bool:
    return v is not None and not (isinstance(v, str) and v.strip() == "")


def _check_one(spec: InputSpec, value: Any) -> str | None:
    """A message when ``value`` is not acceptable for ``spec`` (None when fine)."""
    from gis.messages import format_message

    if spec.type in ("number", "integer", "percent"):
        try:
            num = float(value)
        except (TypeError, ValueError):
            return f"{spec.name}: '{value}' is {format_message('value_not_number')}"
        if not math.isfinite(num):
            return f"{spec.name}: '{value}' is {format_message('value_not_number')}"
        if spec.type == "integer" and num != int(num):
            return f"{spec.name}: '{value}' is {format_message('value_not_integer')}"
        if spec.min is not None and num < spec.min or spec.max is not None and num > spec.max:
            low = "-inf" if spec.min is None else f"{spec.min:g}"
            high = "inf" if spec.max is None else f"{spec.max:g}"
            return f"{spec.name}: " + format_message("value_out_of_range", low=low, high=high)
        return None
    if spec.type == "raster":
        p = Path(str(value))
        if not p.exists():
            return format_message("file_missing", path=str(p))
        try:
            import rasterio

            with rasterio.open(p) as ds:
                dtype = ds.dtypes[0]
        except Exception as exc:  # noqa: BLE001 - validation reports, never raises
            return format_message("file_unreadable", path=str(p), kind="raster", detail=str(exc))
        if spec.classes and dtype.startswith("float"):
            return format_message("lulc_not_integer", path=str(p), dtype=dtype)
        return None
    if spec.type == "csv":
        p = Path(str(value))
        if not p.exists():
            return format_message("file_missing", path=str(p))
        if spec.table:
            from gis.tables import validate_table
            from sinkmodels.tables import SCHEMAS

            issues = [i for i in validate_table(p, SCHEMAS[spec.table]) if i.severity == "error"]
            if issues:
                return "; ".join(i.message() if hasattr(i, "message") else str(i)
                                 for i in issues[:5])
        return None
    return None


def validate(spec: ModelSpec, args: Mapping[str, Any],
             limit_to: Sequence[str] | None = None) -> list[tuple[list[str], str]]:
    """Problems of ``args`` against ``spec`` as ``[(input names, message)]``; never raises."""
    from gis.messages import format_message

    out: list[tuple[list[str], str]] = []
    try:
        for inp in spec.inputs:
            if limit_to is not None and inp.name not in limit_to:
                continue
            value = args.get(inp.name)
            required = inp.required if isinstance(inp.required, bool) else _given(
                args.get(inp.required))
            if not _given(value):
                if required:
                    why = "" if isinstance(inp.required, bool) else \
                        f" (needed because '{inp.required}' is given)"
                    out.append(([inp.name], f"{inp.name}: a value is required{why}"))
                continue
            msg = _check_one(inp, value)
            if msg:
                out.append(([inp.name], msg))
        if "years_order" in spec.checks:
            b, a = args.get("bas_year"), args.get("alt_year")
            try:
                if b is not None and a is not None and _given(b) and _given(a) \
                        and float(a) <= float(b):
                    out.append((["bas_year", "alt_year"],
                                format_message("valuation_years", bas_year=b, alt_year=a)))
            except (TypeError, ValueError):
                pass
        if "valuation_needs_alternate" in spec.checks:
            if _given(args.get("price")) and not _given(args.get("lulc_alt")):
                out.append((["price", "lulc_alt"], format_message("valuation_needs_alternate")))
    except Exception as exc:  # noqa: BLE001 - validation must never raise
        out.append(([], f"validation failed: {exc}"))
    return out
