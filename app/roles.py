"""Layer roles: what each role is called, which attribute fields its analyses read, and guesses.

Qt-free. The one table of the canonical field keys per role (:data:`ROLE_FIELDS`) — a project
maps them to the file's own field names (``fields = { township = "XZDM", name = "XZMC" }``) —
with whether the analyses need them, their names in English and Chinese and the field names
bureaus commonly use for them (Third National Land Survey 三调, forest resource inventory 二类调查,
the demo county). The Layer Properties dialog (``app.gui.layer_properties``) builds its field
combos from it; Add Layer… guesses a role (:func:`guess_role`), field mapping
(:func:`guess_fields`) and year (:func:`guess_year`) from a file's name and fields.

:func:`check_mapping` tells, for a layer with a role and a mapping, what the analyses will make
of its values — land-cover classes against the legend (through
:func:`app.pipeline.landcover_classes`, so the message is the pipeline's own), grassland grades,
wetland types against the blue-carbon table, forest types against the forest types table.

It holds how each role is put on the grid (:data:`ROLE_KIND`) and the compartment keys the
planner renames (:data:`COMPARTMENT_FIELDS`), which :mod:`app.pipeline` imports. What it takes
from elsewhere rather than restating it: the roles (:data:`app.project.ROLES`), the grassland
grades and the wetland-type codes of the planner's zone raster
(:mod:`sinkmodels.planning.cohorts`) and the value matching of :func:`gis.align.code_values`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.project import LayerEntry, Project

#: How each role is put on the analysis grid (gis.align.AlignItem kinds).
ROLE_KIND: dict[str, str] = {
    "landcover": "classes",
    "stand_age": "continuous",
    "volume": "continuous",
    "compartments": "features",
    "grassland": "features",
    "wetland": "features",
    "mangrove": "features",
    "redline": "features",
    "farmland": "features",
    "urban_boundary": "features",
    "townships": "features",
    "boundary": "features",
}

#: planner column → canonical field keys a project may map ([[layers]] fields = {...})
COMPARTMENT_FIELDS = {"forest_type": ("forest_type",), "age": ("age",),
                      "volume_m3_ha": ("volume", "volume_m3_ha"), "closure": ("closure",),
                      "land_class": ("land_class",), "category": ("category",),
                      "origin": ("origin",)}

#: Each role's name (English, Chinese).
ROLE_LABELS: dict[str, tuple[str, str]] = {
    "landcover": ("Land cover", "土地覆被"),
    "compartments": ("Forest sub-compartments", "森林资源小班"),
    "grassland": ("Grassland degradation", "草地退化等级"),
    "wetland": ("Wetlands", "湿地"),
    "mangrove": ("Mangroves", "红树林"),
    "stand_age": ("Stand age (raster)", "林龄（栅格）"),
    "volume": ("Stock volume (raster)", "蓄积量（栅格）"),
    "redline": ("Ecological protection red line", "生态保护红线"),
    "farmland": ("Permanent basic farmland", "永久基本农田"),
    "urban_boundary": ("Urban development boundary", "城镇开发边界"),
    "townships": ("Townships", "乡镇"),
    "boundary": ("Region boundary", "行政区边界"),
    "result": ("Analysis result", "分析结果"),
    "other": ("Other (map only)", "其他（仅显示）"),
}

#: Roles whose layers carry a year (land cover epochs, inventories).
YEAR_ROLES = ("landcover", "compartments", "grassland", "wetland", "mangrove", "stand_age",
              "volume")

#: The order roles are offered in (analysed first; 'result' only for layers that have it).
ROLE_ORDER = ("landcover", "compartments", "grassland", "wetland", "mangrove", "townships",
              "redline", "farmland", "urban_boundary", "boundary", "stand_age", "volume",
              "other", "result")


@dataclass(frozen=True)
class FieldSpec:
    """One canonical field key of a role: ``required`` when the role's analyses cannot do
    without it, ``names`` the field names commonly used for it (matched in any letter case),
    ``aliases`` other keys the pipeline also accepts for it (written back as ``key``),
    ``vector_only`` for keys that only a polygon layer has (a land-cover raster has no
    class field)."""

    key: str
    en: str
    zh: str
    required: bool = False
    names: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    vector_only: bool = False

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# The compartment keys the planner reads are COMPARTMENT_FIELDS (planner column →
# keys); the carbon job reads forest_type, age and volume of them. Here: their names and the
# inventory's usual field names. 林种 (LZ: protection/timber/… forest) is the forest category,
# not the species: it is offered for 'category', the species fields for 'forest_type'.
_COMPARTMENT_TEXT: dict[str, tuple[str, str, bool, tuple[str, ...]]] = {
    "forest_type": ("Forest type (species group)", "树种（组）", True,
                    ("forest_type", "YSSZ", "优势树种", "SZ", "树种", "SZZ", "树种组")),
    "age": ("Stand age (years)", "林龄（年）", True,
            ("age", "LING", "PJNL", "NL", "林龄", "平均年龄", "年龄")),
    "volume": ("Stock volume per ha (m³/ha)", "每公顷蓄积量（m³/hm²）", False,
               ("volume", "volume_m3_ha", "MGQXJ", "MGXJ", "每公顷蓄积", "每公顷蓄积量", "XJ",
                "蓄积量")),
    "closure": ("Canopy closure (0–1)", "郁闭度", False, ("closure", "YBD", "郁闭度")),
    "land_class": ("Land class (tree_forest/bamboo/shrub/…)", "地类（乔木林/竹林/灌木林…）",
                   False, ("land_class", "DL", "地类")),
    "category": ("Forest category (ecological/commercial)", "森林类别（公益林/商品林）", False,
                 ("category", "SLLB", "森林类别", "LZ", "林种")),
    "origin": ("Origin (natural/planted)", "起源（天然/人工）", False, ("origin", "QY", "起源")),
}


def _compartment_fields() -> tuple[FieldSpec, ...]:
    specs = [FieldSpec("id", "Sub-compartment number", "小班号",
                       names=("xb_id", "XBH", "小班号", "XB", "XIAOBAN"))]
    for keys in COMPARTMENT_FIELDS.values():
        key, aliases = keys[0], tuple(keys[1:])
        en, zh, required, names = _COMPARTMENT_TEXT[key]
        specs.append(FieldSpec(key, en, zh, required, names, aliases))
    return tuple(specs)


_TOWNSHIP_CODE = ("XZDM", "乡镇代码", "XZQDM", "township", "code", "DM")
_TOWNSHIP_NAME = ("XZMC", "乡镇名称", "XZQMC", "name", "MC")

#: The canonical field keys each role's analyses (and map/report) read, in display order.
ROLE_FIELDS: dict[str, tuple[FieldSpec, ...]] = {
    "landcover": (FieldSpec("class", "Land-cover class code", "地类编码", True,
                            ("DLBM", "地类编码", "class", "code", "lucode", "LC_CODE"),
                            vector_only=True),),
    "compartments": _compartment_fields(),
    "townships": (FieldSpec("township", "Township code", "乡镇代码", True, _TOWNSHIP_CODE),
                  FieldSpec("name", "Township name", "乡镇名称", False, _TOWNSHIP_NAME)),
    "grassland": (FieldSpec("grade", "Degradation grade (none/light/moderate/severe)",
                            "退化等级（none/light/moderate/severe）", True,
                            ("grade", "退化等级", "THDJ", "TH_DJ", "degradation")),),
    "wetland": (FieldSpec("type", "Wetland type (blue-carbon table)", "湿地类型（蓝碳参数表）",
                          True, ("type", "wetland_type", "湿地类型", "SDLX", "湿地类")),),
    "redline": (FieldSpec("zone", "Control zone (core/general)", "管控分区（核心/一般）", False,
                          ("zone", "管控分区", "GKFQ", "分区", "GKQ")),
                FieldSpec("name", "Name", "名称", False, ("name", "名称", "MC", "HXMC"))),
    "boundary": (FieldSpec("name", "Name", "名称", False, ("name", "XZQMC", "名称", "MC")),
                 FieldSpec("name_en", "English name", "英文名称", False,
                           ("name_en", "ENNAME", "NAME_EN"))),
}


def role_label(role: str, lang: str = "en") -> str:
    en, zh = ROLE_LABELS.get(role, (role, role))
    return zh if lang == "zh" else en


def role_fields(role: str, kind: str = "vector") -> tuple[FieldSpec, ...]:
    """The field keys of ``role`` for a layer of ``kind`` ('vector' | 'raster')."""
    return tuple(s for s in ROLE_FIELDS.get(role, ())
                 if kind != "raster" or not s.vector_only)


def known_keys(role: str) -> set[str]:
    """Every key (with aliases) the role's table holds."""
    return {k for s in ROLE_FIELDS.get(role, ()) for k in (s.key, *s.aliases)}


def role_fits(role: str, kind: str) -> bool:
    """Can a layer of ``kind`` ('vector' | 'raster') take ``role``? Polygon roles need vectors,
    continuous roles rasters (:data:`ROLE_KIND`); land cover may be either."""
    how = ROLE_KIND.get(role)
    if how is None:  # other, result
        return True
    if kind == "raster":
        return how in ("classes", "continuous")
    return how in ("classes", "features")


def current_mapping(entry: LayerEntry, specs: tuple[FieldSpec, ...]) -> dict[str, str]:
    """The entry's mapping for ``specs``, aliases read as their canonical key."""
    out = {}
    for s in specs:
        for k in (s.key, *s.aliases):
            if entry.fields.get(k):
                out[s.key] = str(entry.fields[k])
                break
    return out


def merged_fields(old: dict[str, str], old_role: str, new_role: str,
                  chosen: dict[str, str | None]) -> dict[str, str]:
    """The layer's new ``fields``: the keys chosen for ``new_role`` (unset ones left out, an
    alias replaced by its key) plus the old mapping's keys the dialog did not show — except,
    when the role changed, the old role's own keys."""
    shown = known_keys(new_role) | set(chosen)
    dropped = known_keys(old_role) if old_role != new_role else set()
    out = {k: v for k, v in old.items() if k not in shown and k not in dropped}
    out.update({k: v for k, v in chosen.items() if v})
    return out


# ---- guesses ---------------------------------------------------------------------------------

#: Name rules, first match wins: (role, words in the file name). Chinese words and long English
#: words match anywhere; short codes (XB, XZQ, JBNT…) only as a whole word of the name.
_NAME_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("mangrove", ("红树林", "mangrove"), ()),
    ("urban_boundary", ("城镇开发边界", "开发边界", "urban"), ("czkfbj",)),
    ("farmland", ("永久基本农田", "基本农田", "farmland"), ("jbnt", "yjjbnt", "jbnttb")),
    ("redline", ("生态保护红线", "红线", "redline", "red_line"), ("stbhhx", "bhhx")),
    ("wetland", ("湿地", "wetland"), ()),
    ("grassland", ("草地", "草原", "grassland"), ()),
    ("compartments", ("小班", "compartment", "xiaoban"), ("xb", "xbh")),
    ("townships", ("乡镇", "township", "xiangzhen"), ("xzq",)),
    ("landcover", ("土地覆被", "土地覆盖", "土地利用", "地类图斑", "landcover", "land_cover",
                   "landuse", "land_use", "lulc", "dltb", "clcd", "worldcover"), ("lc",)),
    ("stand_age", ("林龄", "stand_age"), ()),
    ("volume", ("蓄积", "stock_volume"), ()),
    ("boundary", ("县界", "县域", "行政区界", "boundary"), ("county", "xjx")),
)


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[^a-z]+", name.lower()) if w}


def _name_role(stem: str) -> str | None:
    low = stem.lower()
    words = _words(stem)
    for role, parts, codes in _NAME_RULES:
        if any(p in low for p in parts) or words & set(codes):
            return role
    return None


def _has(fields: dict[str, Any] | list[str] | tuple[str, ...], *names: str) -> bool:
    low = {str(f).lower() for f in fields}
    return any(n.lower() in low for n in names)


def guess_role(path: str | Path, kind: str, fields: dict[str, Any] | None = None,
               dtype: str | None = None) -> str:
    """A role for a new layer from its file name, else its fields; 'other' when unsure.

    Rasters: land cover only when the name says so and its cells are integers, stand age and
    stock volume by name; never a polygon role. Vectors: by name (a name meaning a raster-only
    role gives 'other'); else 三调 land-use parcels (DLBM and DLMC) are land cover and a
    sub-compartment number field (XBH, 小班号) means compartments."""
    fields = dict(fields or {})
    p = Path(path)
    stem = p.stem if p.suffix.lower() != ".zip" else Path(p.stem).stem
    role = _name_role(stem)
    if kind == "raster":
        if role == "landcover":
            ok = dtype is not None and any(dtype.startswith(t) for t in ("uint", "int"))
            return "landcover" if ok else "other"
        return role if role in ("stand_age", "volume") else "other"
    if role is not None:
        return role if role_fits(role, "vector") else "other"
    if _has(fields, "DLBM") and _has(fields, "DLMC"):
        return "landcover"
    if _has(fields, "XBH", "小班号"):
        return "compartments"
    return "other"


def guess_fields(role: str, fields: dict[str, Any] | list[str] | tuple[str, ...],
                 kind: str = "vector") -> dict[str, str]:
    """Canonical key → the file's field, for each key of ``role`` whose usual names (or the
    key itself) a field has, in any letter case; no field serves two keys."""
    by_low = {str(f).lower(): str(f) for f in fields}
    out: dict[str, str] = {}
    for spec in role_fields(role, kind):
        for name in (spec.key, *spec.names):
            f = by_low.get(name.lower())
            if f is not None and f not in out.values():
                out[spec.key] = f
                break
    return out


def guess_year(path: str | Path) -> int | None:
    """A year 1950–2100 written in the file name (landcover_2025.tif → 2025), when only one."""
    stem = re.sub(r"cgcs_?2000", "", Path(path).stem, flags=re.IGNORECASE)  # the datum's name
    years = {int(y) for y in re.findall(r"(?<!\d)(19[5-9]\d|20\d\d|2100)(?!\d)", stem)}
    return years.pop() if len(years) == 1 else None


def guess_properties(path: str | Path, layer: Any) -> dict[str, Any]:
    """``role``, ``fields`` and ``year`` for a file added to a project (``layer``: it opened,
    :func:`gis.readers.open_layer`): the role :func:`guess_role` gives, the fields of that role
    found under their usual names, the year in the file name for a role that has one."""
    kind = "raster" if getattr(layer, "kind", "") == "raster" else "vector"
    names = dict(getattr(layer, "fields", None) or {}) if kind == "vector" else {}
    role = guess_role(path, kind, names, str(getattr(layer, "dtype", "") or ""))
    out: dict[str, Any] = {"role": role}
    found = guess_fields(role, names, kind)
    if found:
        out["fields"] = found
    year = guess_year(path) if role in YEAR_ROLES else None
    if year is not None:
        out["year"] = year
    return out


# ---- what the analyses make of a mapping ------------------------------------------------------

@dataclass
class MappingCheck:
    """The verdict of :func:`check_mapping`.

    ``level``: 'ok', 'warning' (the analyses run, but some values take a fallback) or 'error'
    (the analyses stop). ``topic``: 'read' (the layer or a field cannot be read; ``message``),
    'required' (``missing`` keys), 'landcover' (``column``: the legend column that matched),
    'grade', 'wetland_type', 'forest_type' or 'none' (nothing to check). ``values``: distinct
    values seen; ``unknown``: value → features of those the tables lack; ``message``: what the
    pipeline or planner says about them (in the language asked for), or why a table is
    missing."""

    level: str
    topic: str
    column: str = ""
    values: int = 0
    unknown: dict[str, int] = field(default_factory=dict)
    message: str = ""
    missing: tuple[str, ...] = ()


class _CachedValues:
    """A vector layer whose field values are read once (the check reads them twice)."""

    def __init__(self, layer: Any) -> None:
        self._layer = layer
        self.path = layer.path
        self.fields = layer.fields
        self._values: dict[str, list[Any]] = {}

    def values(self, name: str) -> list[Any]:
        if name not in self._values:
            self._values[name] = self._layer.values(name)
        return self._values[name]


def check_mapping(project: Project, entry: LayerEntry, layer: Any = None,
                  lang: str = "en") -> MappingCheck:
    """What the analyses will make of ``entry``'s role and fields (``layer``: the entry opened,
    else it is opened here). Reads one attribute column; never raises for input problems (they
    come back as ``topic='read'``). For a worker thread."""
    from app.pipeline import open_entry
    from gis.errors import InputError

    try:
        if layer is None:
            layer = open_entry(entry)
        kind = "raster" if getattr(layer, "kind", "") == "raster" else "vector"
        missing = tuple(s.key for s in role_fields(entry.role, kind)
                        if s.required and not current_mapping(entry, (s,)))
        if missing:
            return MappingCheck("error", "required", missing=missing)
        if kind == "raster":
            return MappingCheck("ok", "none")
        values = _CachedValues(layer)
        if entry.role == "landcover":
            return _check_landcover(project, entry, values, lang)
        if entry.role == "grassland":
            return _check_grades(entry, values, lang)
        if entry.role == "wetland":
            return _check_wetland_types(project, entry, values, lang)
        if entry.role == "compartments":
            return _check_forest_types(project, entry, values, lang)
        return MappingCheck("ok", "none")
    except InputError as exc:
        return MappingCheck("error", "read", message=exc.message(lang))


def _counts(values: list[Any]) -> Counter[str]:
    from gis.legend import value_text

    c = Counter(value_text(v) for v in values)
    c.pop("", None)
    return c


def _check_landcover(project: Project, entry: LayerEntry, layer: _CachedValues,
                     lang: str) -> MappingCheck:
    from app.pipeline import landcover_classes
    from gis.errors import InputError
    from gis.legend import match_classes, read_legend_text

    field_name = entry.fields["class"]
    try:
        landcover_classes(project, entry, layer)
        message, level = "", "ok"
    except InputError as exc:
        if exc.code != "landcover_values_unknown":
            raise
        message, level = exc.message(lang), "error"
    match = match_classes(layer.values(field_name), read_legend_text(project.table_path("legend")))
    return MappingCheck(level, "landcover", column=match.column,
                        values=len(match.codes) + len(match.unknown), unknown=dict(match.unknown),
                        message=message)


def _unknown_codes(counts: Counter[str], codes: dict[str, int], where: str,
                   field_name: str) -> dict[str, int]:
    """The values :func:`gis.align.code_values` would not find in ``codes``."""
    from gis.align import code_values

    return {v: n for v, n in counts.items()
            if code_values([v], codes, -1, 0, where, field_name)[0] == -1}


def _check_grades(entry: LayerEntry, layer: _CachedValues, lang: str) -> MappingCheck:
    from gis.align import code_values
    from gis.errors import InputError
    from sinkmodels.planning.cohorts import GRADE_CODE, GRADE_UNSTATED

    field_name = entry.fields["grade"]
    counts = _counts(layer.values(field_name))
    unknown = _unknown_codes(counts, GRADE_CODE, str(layer.path), field_name)
    message = ""
    if unknown:  # the planner's own message (zone_parts burns grades with default=None)
        try:
            code_values(list(unknown), GRADE_CODE, None, GRADE_UNSTATED, str(layer.path),
                        field_name)
        except InputError as exc:
            message = exc.message(lang)
    return MappingCheck("error" if unknown else "ok", "grade", values=len(counts),
                        unknown=unknown, message=message)


def _check_wetland_types(project: Project, entry: LayerEntry, layer: _CachedValues,
                         lang: str) -> MappingCheck:
    from gis.errors import InputError
    from sinkmodels import tables as science
    from sinkmodels.bluecarbon import bluecarbon_params
    from sinkmodels.planning.cohorts import wetland_codes

    field_name = entry.fields["type"]
    counts = _counts(layer.values(field_name))
    try:
        table = science.load("blue_carbon", project.table_path("blue_carbon"))
    except InputError as exc:
        return MappingCheck("warning", "wetland_type", values=len(counts), message=exc.message(lang))
    codes = dict(wetland_codes(bluecarbon_params(table).types))
    unknown = _unknown_codes(counts, codes, str(layer.path), field_name)
    return MappingCheck("warning" if unknown else "ok", "wetland_type", values=len(counts),
                        unknown=unknown)


def _check_forest_types(project: Project, entry: LayerEntry, layer: _CachedValues,
                        lang: str) -> MappingCheck:
    from app.pipeline import project_carbon_fraction
    from gis.errors import InputError, ProjectError
    from sinkmodels import tables as science
    from sinkmodels.planning.projection import forest_model_from_tables

    field_name = current_mapping(entry, role_fields("compartments"))["forest_type"]
    counts = Counter(str(v).strip() for v in layer.values(field_name)
                     if v is not None and v == v and str(v).strip())
    try:
        model = forest_model_from_tables(
            science.load_forest_types(project.table_path("forest_types")),
            science.load("growth_curves", project.table_path("growth_curves")),
            project_carbon_fraction(project))
    except (InputError, ProjectError) as exc:
        return MappingCheck("warning", "forest_type", values=len(counts), message=exc.message(lang))
    unknown = {v: n for v, n in counts.items() if v not in model.types}
    message = ""
    if unknown:  # the planner stops at a stand's unknown type, naming it
        try:
            model.index(next(iter(sorted(unknown))), str(layer.path))
        except InputError as exc:
            message = exc.message(lang)
    return MappingCheck("error" if unknown else "ok", "forest_type", values=len(counts),
                        unknown=unknown, message=message)


# ---- the layer's own facts (for the dialog's field lists) ---------------------------------------

@dataclass
class LayerFacts:
    """What a layer is, as the Layer Properties dialog shows it: 'raster' | 'vector' | 'error'
    (``error``: the message), its fields (name → type), geometry type, feature count, cell
    type, its CRS as opened and the file's own CRS (None: the file declares none)."""

    kind: str
    fields: dict[str, str] = field(default_factory=dict)
    geometry_type: str = ""
    features: int = 0
    dtype: str = ""
    crs: str = ""
    file_crs: str | None = None
    error: str = ""


def crs_text(crs: Any) -> str:
    """'EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E' (or the CRS's name)."""
    from pyproj import CRS

    try:
        c = CRS.from_user_input(crs.to_wkt() if hasattr(crs, "to_wkt") else crs)
    except Exception:  # noqa: BLE001 - a CRS pyproj cannot read is shown as it is
        return str(crs)
    epsg = c.to_epsg()
    return f"EPSG:{epsg} {c.name}" if epsg else c.name


def layer_facts(entry: LayerEntry, layer: Any = None, lang: str = "en") -> LayerFacts:
    """Open ``entry`` (metadata only) with its overrides and describe it; also the file's own
    CRS when a CRS override is set. Never raises for input problems."""
    from app.pipeline import open_entry
    from gis.errors import InputError

    try:
        if layer is None:
            layer = open_entry(entry)
    except InputError as exc:
        return LayerFacts("error", error=exc.message(lang))
    crs = getattr(layer, "crs", None)
    if crs is None and getattr(layer, "grid", None) is not None:
        crs = layer.grid.crs
    facts = LayerFacts("raster" if layer.kind == "raster" else "vector",
                       crs=crs_text(crs) if crs is not None else "")
    if facts.kind == "vector":
        facts.fields = {str(k): str(v) for k, v in layer.fields.items()}
        facts.geometry_type = str(getattr(layer, "geometry_type", ""))
        facts.features = int(getattr(layer, "feature_count", 0) or 0)
    else:
        facts.dtype = str(getattr(layer, "dtype", ""))
    facts.file_crs = facts.crs
    if entry.crs:
        import dataclasses

        try:
            own = open_entry(dataclasses.replace(entry, crs=None))
            own_crs = getattr(own, "crs", None)
            if own_crs is None and getattr(own, "grid", None) is not None:
                own_crs = own.grid.crs
            facts.file_crs = crs_text(own_crs) if own_crs is not None else None
        except InputError as exc:
            facts.file_crs = None if exc.code == "no_crs" else facts.file_crs
    return facts

