"""The one catalogue of user-facing messages (English and Chinese).

Errors and validation issues carry a message *code* and parameters; the text a user reads is
formatted here, in the UI language. Add new messages here rather than writing text at the raise
site, so that the GUI, the CLI and the reports all speak with one voice and translate together.

Placeholders use ``str.format`` syntax. ``{path}`` is filled in by the caller where a file is
concerned; messages should say what is wrong and what to do about it.
"""

from __future__ import annotations

import threading

_LANG = threading.local()

DEFAULT_LANG = "en"
LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # --- generic ---------------------------------------------------------------------------
    "error": {"en": "{detail}", "zh": "{detail}"},
    "cancelled": {"en": "The run was cancelled; no partial outputs were kept.",
                  "zh": "运行已取消，未保留任何不完整的输出。"},
    # --- files ------------------------------------------------------------------------------
    "file_missing": {
        "en": "{path}: file not found. Check the path, or use 'Add layer' to point to where the file is now.",
        "zh": "{path}：找不到文件。请检查路径，或通过“添加图层”重新指定文件位置。"},
    "file_unreadable": {
        "en": "{path}: cannot be read as {kind} data ({detail}). Check that the file is complete and in a supported format (GeoTIFF, GeoPackage, Shapefile, GeoJSON, ...).",
        "zh": "{path}：无法作为{kind}数据读取（{detail}）。请确认文件完整且为支持的格式（GeoTIFF、GeoPackage、Shapefile、GeoJSON 等）。"},
    "format_unsupported": {
        "en": "{path}: unsupported file type '{suffix}'. Supported: {supported}.",
        "zh": "{path}：不支持的文件类型“{suffix}”。支持：{supported}。"},
    "no_crs": {
        "en": "{path}: the layer has no coordinate reference system. Define it (e.g. EPSG:4490 CGCS2000 or EPSG:4547 CGCS2000 / 3-degree Gauss-Kruger CM 114E) in the project file with 'crs = ...' or add a .prj file.",
        "zh": "{path}：图层没有坐标参考系。请在工程文件中用“crs = ...”指定（如 EPSG:4490 CGCS2000 或 EPSG:4547 CGCS2000 3度带高斯-克吕格 中央经线114E），或补充 .prj 文件。"},
    "crs_invalid": {
        "en": "{path}: '{crs}' is not a coordinate reference system that can be understood ({detail}).",
        "zh": "{path}：无法识别坐标参考系“{crs}”（{detail}）。"},
    "no_overlap": {
        "en": "{path}: the layer does not overlap the project area ({other}). Check its coordinate reference system and extent.",
        "zh": "{path}：图层与工程区域（{other}）不重叠。请检查其坐标参考系和范围。"},
    "rotated_grid": {
        "en": "{path}: rotated or sheared rasters are not supported. Warp the raster to a north-up grid first.",
        "zh": "{path}：不支持旋转或倾斜的栅格。请先将栅格重投影为正北向网格。"},
    "grid_mismatch": {
        "en": "{path}: the raster is not on the analysis grid ({detail}). It was aligned automatically.",
        "zh": "{path}：该栅格不在分析网格上（{detail}），已自动对齐。"},
    "output_exists": {
        "en": "{path}: the output folder already holds results. Choose another folder or allow overwriting.",
        "zh": "{path}：输出文件夹中已有结果。请选择其他文件夹或允许覆盖。"},
    "output_unwritable": {
        "en": "{path}: cannot write the output ({detail}). Check the folder exists, is writable and the disk has space.",
        "zh": "{path}：无法写入输出（{detail}）。请确认文件夹存在、可写且磁盘空间充足。"},
    # --- classes and tables --------------------------------------------------------------
    "classes_missing": {
        "en": "{path}: {n} class code(s) are not in {table}: {codes}. Add rows for them to the table, or reclassify the raster.",
        "zh": "{path}：有 {n} 个类别代码不在 {table} 中：{codes}。请在表中补充这些代码，或对栅格重新分类。"},
    "table_columns": {
        "en": "{path}: missing column(s) {missing}. Expected columns: {expected}.",
        "zh": "{path}：缺少列 {missing}。应有的列：{expected}。"},
    "table_value": {
        "en": "{path}: row {row}, column '{column}': {problem} (value '{value}').",
        "zh": "{path}：第 {row} 行“{column}”列：{problem}（值为“{value}”）。"},
    "table_duplicate": {
        "en": "{path}: the key '{key}' appears more than once (rows {rows}). Each {column} must be unique.",
        "zh": "{path}：键“{key}”重复出现（第 {rows} 行）。{column} 必须唯一。"},
    "table_empty": {
        "en": "{path}: the table has no rows.",
        "zh": "{path}：表中没有数据行。"},
    "table_unreadable": {
        "en": "{path}: cannot be read as a CSV table ({detail}). Save it as UTF-8 CSV with a header row.",
        "zh": "{path}：无法作为 CSV 表读取（{detail}）。请以带表头的 UTF-8 CSV 格式保存。"},
    "value_not_number": {"en": "not a number", "zh": "不是数字"},
    "value_negative": {"en": "must not be negative", "zh": "不能为负数"},
    "value_out_of_range": {"en": "must be between {low} and {high}", "zh": "应在 {low} 与 {high} 之间"},
    "value_unknown_choice": {"en": "must be one of {choices}", "zh": "应为以下之一：{choices}"},
    "value_missing": {"en": "a value is required", "zh": "必须填写数值"},
    "value_not_integer": {"en": "not a whole number", "zh": "不是整数"},
    "value_not_bool": {"en": "not a yes/no value (use true/false, yes/no or 1/0)",
                       "zh": "不是“是/否”值（请使用 true/false、yes/no 或 1/0）"},
    "value_below_min": {"en": "must be at least {low}", "zh": "应不小于 {low}"},
    "value_above_max": {"en": "must be at most {high}", "zh": "应不大于 {high}"},
    "table_encoding_gbk": {
        "en": "{path}: the table is not UTF-8; it was read as {encoding} (GBK). Save it as UTF-8 CSV to avoid garbled text.",
        "zh": "{path}：该表不是 UTF-8 编码，已按 {encoding}（GBK）读取。建议另存为 UTF-8 CSV，以免出现乱码。"},
    # --- vectors -------------------------------------------------------------------------
    "encoding_undeclared": {
        "en": "{path}: attribute text is not UTF-8 and no encoding is declared. It looks like {guess}. Add a .cpg file containing '{guess}' next to the .shp, or set 'encoding = \"{guess}\"' for this layer in the project.",
        "zh": "{path}：属性文字不是 UTF-8 编码，且未声明编码，疑似 {guess}。请在 .shp 旁添加内容为“{guess}”的 .cpg 文件，或在工程中为该图层设置 encoding = \"{guess}\"。"},
    "geometry_empty": {
        "en": "{path}: {n} feature(s) have empty geometry (feature ids {ids}). They are ignored.",
        "zh": "{path}：有 {n} 个要素几何为空（要素编号 {ids}），已忽略。"},
    "geometry_invalid": {
        "en": "{path}: {n} feature(s) have invalid geometry (feature ids {ids}; {reason}). They were repaired with make_valid; check the result.",
        "zh": "{path}：有 {n} 个要素几何无效（要素编号 {ids}；{reason}），已用 make_valid 修复，请核对结果。"},
    "layer_empty": {
        "en": "{path}: the layer has no features.",
        "zh": "{path}：图层中没有要素。"},
    "field_missing": {
        "en": "{path}: attribute field '{field}' not found. Available fields: {fields}.",
        "zh": "{path}：找不到属性字段“{field}”。现有字段：{fields}。"},
    # --- project ------------------------------------------------------------------------
    "project_unreadable": {
        "en": "{path}: the project file cannot be read ({detail}).",
        "zh": "{path}：无法读取工程文件（{detail}）。"},
    "project_invalid": {
        "en": "{path}: {detail}",
        "zh": "{path}：{detail}"},
}


def set_language(lang: str) -> None:
    """Set the message language for the current thread ('en' or 'zh')."""
    _LANG.value = lang if lang in LANGS else DEFAULT_LANG


def get_language() -> str:
    return getattr(_LANG, "value", DEFAULT_LANG)


class Msg:
    """A message used as a parameter of another message, translated with it.

    ``format_message("table_value", "zh", problem=Msg("value_negative"), ...)`` formats the
    nested message in the same language. Picklable; ``str()`` gives the current language.
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: object) -> None:
        self.code = code
        self.params = params

    def format(self, lang: str | None = None) -> str:
        return format_message(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.format(None)

    def __repr__(self) -> str:
        return f"Msg({self.code!r}, **{self.params!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.code, self.params) == (other.code, other.params)

    def __hash__(self) -> int:
        return hash(self.code)

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_msg, (self.code, self.params))


def _rebuild_msg(code: str, params: dict[str, object]) -> Msg:
    return Msg(code, **params)


class _KeepMissing(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def format_message(code: str, lang: str | None = None, /, **params: object) -> str:
    """Return the message ``code`` in ``lang`` (default: the current language) with ``params``."""
    lang = lang or get_language()
    params = {k: (v.format(lang) if isinstance(v, Msg) else v) for k, v in params.items()}
    entry = MESSAGES.get(code)
    if entry is None:
        detail = params.get("detail", code)
        return str(detail)
    template = entry.get(lang) or entry[DEFAULT_LANG]
    return template.format_map(_KeepMissing(params))
