"""The one catalogue of user-facing messages (English and Chinese).

Errors and validation issues carry a message *code* and parameters; the text a user reads is
formatted here, in the UI language. Add new messages here rather than writing text at the raise
site, so that the GUI, the CLI and the reports all speak with one voice and translate together.

Placeholders use ``str.format`` syntax. ``{path}`` is filled in by the caller where a file is
concerned; messages should say what is wrong and what to do about it.
"""

from __future__ import annotations

DEFAULT_LANG = "en"
LANGS = ("en", "zh")

MESSAGES: dict[str, dict[str, str]] = {
    # --- generic ---------------------------------------------------------------------------
    "error": {"en": "{detail}", "zh": "{detail}"},
    "cancelled": {"en": "The run was cancelled; no partial outputs were kept.",
                  "zh": "运行已取消，未保留任何不完整的输出。"},
    # --- progress (shown beside progress bars) -----------------------------------------------
    "progress_checking": {"en": "checking inputs", "zh": "检查输入"},
    "progress_computing": {"en": "computing", "zh": "计算中"},
    "progress_block": {"en": "block {done} of {total}", "zh": "第 {done}/{total} 块"},
    "progress_overviews": {"en": "building overviews", "zh": "生成影像金字塔"},
    "progress_done": {"en": "done", "zh": "完成"},
    "progress_aligning": {"en": "{name}: aligning", "zh": "{name}：对齐到分析网格"},
    "progress_rasterizing": {"en": "{name}: rasterizing", "zh": "{name}：栅格化"},
    "progress_aligned": {"en": "all layers on the analysis grid", "zh": "所有图层已对齐到分析网格"},
    "progress_projection": {"en": "projecting years", "zh": "逐年预测"},
    "progress_cohorts_cached": {"en": "planning groups (cached)", "zh": "规划分组（缓存）"},
    # --- files ------------------------------------------------------------------------------
    "file_missing": {
        "en": "{path}: file not found. Check the path (in the project file or the command), or point to where the file is now.",
        "zh": "{path}：找不到文件。请检查路径（工程文件或命令中的），或重新指定文件的当前位置。"},
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
    "table_extra_columns": {
        "en": "{path}: unexpected column(s) {extra}. Expected columns: {expected}.",
        "zh": "{path}：存在多余的列 {extra}。应有的列：{expected}。"},
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
    "layer_choice": {
        "en": "{path}: holds {n} layers ({layers}); using '{layer}'. Set 'layer = ...' for this layer in the project to choose another.",
        "zh": "{path}：包含 {n} 个图层（{layers}），当前使用“{layer}”。如需其他图层，请在工程中为该图层设置 layer = ...。"},
    "layer_not_found": {
        "en": "{path}: there is no layer '{layer}'. Layers in the file: {layers}.",
        "zh": "{path}：没有名为“{layer}”的图层。文件中的图层：{layers}。"},
    "layer_empty": {
        "en": "{path}: the layer has no features.",
        "zh": "{path}：图层中没有要素。"},
    "field_missing": {
        "en": "{path}: attribute field '{field}' not found. Available fields: {fields}.",
        "zh": "{path}：找不到属性字段“{field}”。现有字段：{fields}。"},
    "layer_not_vector": {
        "en": "{path}: polygons were expected, this is a raster. Use the polygon layer (or convert the raster to polygons).",
        "zh": "{path}：此处需要面图层，该文件是栅格。请使用面图层（或先将栅格转换为面）。"},
    "landcover_values_unknown": {
        "en": "{path}: field '{field}' has land-cover classes the legend does not list "
              "(features per value): {values}. Add them to the legend's '{column}' column "
              "({legend}); a cell may list several codes separated by ';'.",
        "zh": "{path}：字段“{field}”中有图例未列出的地类（括号内为图斑数）：{values}。"
              "请在图例（{legend}）的“{column}”列中补充；一个单元格可列多个代码，以“;”分隔。"},
    "landcover_class_field": {
        "en": "{path}: a land-cover layer of polygons needs its class field: add "
              "fields = {{ class = \"…\" }} to the layer in the project file (for the Third "
              "National Land Survey usually DLBM). Fields of this layer: {fields}.",
        "zh": "{path}：面状土地覆被图层须指明地类字段：请在工程文件中为该图层加上 "
              "fields = {{ class = \"…\" }}（第三次全国国土调查数据一般为 DLBM）。"
              "该图层的字段：{fields}。"},
    "table_not_named": {
        "en": "{path}: the project names no '{table}' table ({what}): {needed_en} Set it under "
              "[tables] (File → Project Properties → Tables), or start from the demo tables.",
        "zh": "{path}：工程未指定{what_zh}（{table}）：{needed_zh}请在 [tables] 中设置（文件 → "
              "工程属性 → 参数表），或以示范参数表起步。"},
    "target_values": {
        "en": "{path}: target {n} needs a whole 'year' and a number for 'forest_cover_pct' "
              "(%), 'stock_volume_m3' (m³) or both.",
        "zh": "{path}：目标 {n} 需要整数年份（year），以及森林覆盖率（forest_cover_pct，%）"
              "或森林蓄积量（stock_volume_m3，立方米）的数值，或两者兼有。"},
    "target_cover_range": {
        "en": "{path}: target {n}: a forest cover of {value} % is not between 0 and 100.",
        "zh": "{path}：目标 {n}：森林覆盖率 {value}% 不在 0 至 100 之间。"},
    "target_stock_range": {
        "en": "{path}: target {n}: a stock volume of {value} m³ is not above 0.",
        "zh": "{path}：目标 {n}：森林蓄积量 {value} 立方米应大于 0。"},
    "target_year_range": {
        "en": "{path}: target {n}: the year {year} must come after the base year ({base_year}) "
              "and no later than {horizon}.",
        "zh": "{path}：目标 {n}：年份 {year} 须晚于基准年（{base_year}），且不晚于 {horizon} 年。"},
    "target_region_unknown": {
        "en": "{path}: target {n}: the region '{region}' is neither 'county' nor a township code "
              "of the townships layer ({codes}).",
        "zh": "{path}：目标 {n}：区域“{region}”既不是“county”（全县），也不是乡镇图层中的"
              "乡镇代码（{codes}）。"},
    "carbon_fraction_invalid": {
        "en": "{path}: [carbon] carbon_fraction = {value}: give a number above 0 and at most 1 "
              "(0.47 IPCC, 0.50 common Chinese practice).",
        "zh": "{path}：[carbon] carbon_fraction = {value}：应为大于 0、不超过 1 的数"
              "（IPCC 默认 0.47，国内常用 0.50）。"},
    "grid_resolution_needed": {
        "en": "{path}: the reference layer '{layer}' is a polygon layer, which has no cells: "
              "give the analysis grid's cell size under [grid] (resolution = 30, in the units "
              "of the grid's CRS).",
        "zh": "{path}：参考图层“{layer}”为面状矢量，没有像元：请在 [grid] 中给出分析格网的"
              "像元大小（如 resolution = 30，单位为格网坐标系的单位）。"},
    "field_value_unknown": {
        "en": "{path}: value '{value}' of field '{field}' is not known. Use one of: {choices}.",
        "zh": "{path}：字段“{field}”的取值“{value}”无法识别。应为以下之一：{choices}。"},
    # --- project ------------------------------------------------------------------------
    "project_unreadable": {
        "en": "{path}: the project file cannot be read ({detail}).",
        "zh": "{path}：无法读取工程文件（{detail}）。"},
    "project_invalid": {
        "en": "{path}: {detail}",
        "zh": "{path}：{detail}"},
    # --- carbon engine (gis.blocks, sinkmodels) -------------------------------------------
    "not_aligned": {
        "en": "{path}: the raster is not on the analysis grid ({detail}). Align it to the grid first.",
        "zh": "{path}：该栅格不在分析网格上（{detail}）。请先将其对齐到分析网格。"},
    "valuation_years": {
        "en": "The alternate year ({alt_year}) must be later than the baseline year ({bas_year}) to compute the net present value.",
        "zh": "计算净现值时，情景年份（{alt_year}）必须晚于基准年份（{bas_year}）。"},
    "valuation_incomplete": {
        "en": "To compute the net present value give all of: {missing}.",
        "zh": "计算净现值需要同时提供：{missing}。"},
    "valuation_needs_alternate": {
        "en": "The net present value needs an alternate land-cover map (--lulc-alt).",
        "zh": "计算净现值需要情景土地覆被图（--lulc-alt）。"},
    "lulc_not_integer": {
        "en": "{path}: land-cover classes must be whole numbers, but the raster holds {dtype} values.",
        "zh": "{path}：土地覆被类别必须为整数，但该栅格的数值类型为 {dtype}。"},
    "carbon_input_missing": {
        "en": "{path}: the project does not say which {what} to use. Set it under [carbon] ({key} = \"layer id\").",
        "zh": "{path}：工程未指定所用的{what}。请在 [carbon] 中设置（{key} = \"图层 id\"）。"},
    "table_needed": {
        "en": "{path}: the '{table}' table is needed for {what}. Add it under [tables].",
        "zh": "{path}：计算{what}需要“{table}”表。请在 [tables] 中添加。"},
    "sink_years_missing": {
        "en": "{path}: the annual sink needs the year of both land-cover layers ({layers}). Set 'year = ...' for them in the project.",
        "zh": "{path}：计算年碳汇需要两期土地覆被图层（{layers}）的年份。请在工程中为其设置 year = ...。"},
    "forest_params_missing": {
        "en": "{path}: row {row}: method '{method}' needs column(s) {columns}.",
        "zh": "{path}：第 {row} 行：方法“{method}”需要填写列 {columns}。"},
    # --- planning (sinkmodels.planning, app/commands/plan.py) ----------------------------
    "plan_notice_shortfall": {
        "en": "{action}: {short} ha of the {requested} ha scheduled found no eligible, allowed land (from {year})",
        "zh": "{action}：计划的 {requested} 公顷中有 {short} 公顷找不到符合条件且规则允许的土地（自 {year} 年起）"},
    "plan_notice_too_late_for_cover": {
        "en": "{action}: planted from {start} it cannot count as forest by {year}",
        "zh": "{action}：自 {start} 年起种植，到 {year} 年仍不能计入森林"},
    "plan_notice_cover_short": {
        "en": "cover target {target}% in {region} by {year}: only {placed} of the {needed} ha needed can be placed on allowed land",
        "zh": "{region} {year} 年森林覆盖率 {target}% 的目标：所需 {needed} 公顷中只有 {placed} 公顷可布置在允许的土地上"},
    "plan_too_many_features": {
        "en": "{path}: too many features to plan on one grid (compartment and township ids need more than 63 bits together). Split the region.",
        "zh": "{path}：要素过多，无法在一个网格上规划（小班与乡镇编号合计超过 63 位）。请分区处理。"},
    "plan_inputs_changed": {
        "en": "{path}: the planning inputs changed between the two passes over the rasters. Run the plan again.",
        "zh": "{path}：两次读取栅格之间规划输入发生了变化。请重新运行规划。"},
    "plan_rule_action": {
        "en": "{path}: rule {rule} names the action '{action}', which is neither an action kind nor an action id. Known: {known}.",
        "zh": "{path}：规则 {rule} 中的措施“{action}”既不是措施类型也不是措施编号。可用：{known}。"},
    "plan_action_unknown_plain": {
        "en": "The plan uses the action '{action}', which the rules do not know. Use an action kind or an id from actions.csv: {known}.",
        "zh": "规划中的措施“{action}”无法识别。请使用措施类型或 actions.csv 中的编号：{known}。"},
    "plan_action_unknown": {
        "en": "{path}: scenario '{scenario}' uses the action '{action}', which is not in actions.csv. Known actions: {known}.",
        "zh": "{path}：情景“{scenario}”使用的措施“{action}”不在 actions.csv 中。现有措施：{known}。"},
    "plan_scenario_value": {
        "en": "{path}: scenario value '{key}' = '{value}' is not a valid number (rates are % per year, 0–100; areas are ha).",
        "zh": "{path}：情景参数“{key}” = “{value}”不是有效数值（比率为每年百分比 0–100，面积单位为公顷）。"},
    "plan_schedule_year": {
        "en": "{path}: scenario '{scenario}', action '{action}': year {year} is outside the projection ({first}–{last}).",
        "zh": "{path}：情景“{scenario}”措施“{action}”：年份 {year} 不在预测期（{first}–{last}）内。"},
    "plan_forest_type_unknown": {
        "en": "{path}: forest type '{forest_type}' has no row in the forest types / growth tables. Known types: {known}.",
        "zh": "{path}：林分类型“{forest_type}”在林分类型/生长表中没有对应行。现有类型：{known}。"},
    "plan_action_landcover": {
        "en": "{path}: action '{action}' turns land into class {code}, which the legend does not have.",
        "zh": "{path}：措施“{action}”将土地转为图例中不存在的类别 {code}。"},
    "plan_region_unknown": {
        "en": "Region '{region}' is neither 'county' nor a township code. Township codes: {known}.",
        "zh": "区域“{region}”既不是“county”也不是乡镇代码。乡镇代码：{known}。"},
    "plan_map_year": {
        "en": "Maps can be written for the projected years {first}–{last} only, not {year}.",
        "zh": "只能输出预测期 {first}–{last} 内的年份图，不能输出 {year} 年。"},
    "plan_map_years": {
        "en": "'{value}' is not a list of years. Write them like 2030,2060.",
        "zh": "“{value}”不是年份列表。请写成 2030,2060 的形式。"},
    "plan_alloc_option": {
        "en": "{option} '{value}' cannot be read. Examples: --cover-target 30:2030 (or 30:2030:TOWNSHIP_CODE), --alloc-years 2021-2030.",
        "zh": "无法识别 {option}“{value}”。示例：--cover-target 30:2030（或 30:2030:乡镇代码），--alloc-years 2021-2030。"},
    "plan_allocation_years": {
        "en": "Allocation years {start}–{end} must lie within {first}–{last}, start before end.",
        "zh": "配置年份 {start}–{end} 必须在 {first}–{last} 之内，且起始年不晚于结束年。"},
    # --- reports (app/report) -----------------------------------------------------------
    "report_no_cjk_font": {
        "en": "No Chinese font is installed, so the report cannot show Chinese text. Install one of: {candidates} (Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei), or set SINKPLANNER_REPORT_FONT to a font file.",
        "zh": "未安装中文字体，报告无法显示中文。请安装以下任一字体：{candidates}（Debian/Ubuntu：sudo apt-get install fonts-wqy-microhei），或将环境变量 SINKPLANNER_REPORT_FONT 设为字体文件路径。"},
    "report_bad_option": {
        "en": "'{value}' is not a valid report option. Choose one of: {allowed}.",
        "zh": "报告选项“{value}”无效。可选：{allowed}。"},
    "report_bad_dpi": {
        "en": "A PNG resolution of {dpi} dpi is not supported. Choose between 36 and 1200 dpi (150 for screens, 300 for print).",
        "zh": "不支持 {dpi} dpi 的 PNG 分辨率。请选择 36 到 1200 dpi 之间的值（屏幕 150，印刷 300）。"},
    "report_results_missing": {
        "en": "{path}: no carbon results found (summary.json). Run 'sinkplanner run PROJECT --out {path}' first, or leave out --results to compute them now.",
        "zh": "{path}：未找到碳计算结果（summary.json）。请先运行“sinkplanner run 工程文件 --out {path}”，或不指定 --results 以便现在计算。"},
    "report_results_unreadable": {
        "en": "{path}: the results file cannot be read ({detail}). Re-run the analysis to write it again.",
        "zh": "{path}：无法读取结果文件（{detail}）。请重新运行分析以重新生成。"},
}


#: The language of messages for the whole process (the UI has one language; worker threads
#: format progress and errors in it too).
_STATE = {"lang": DEFAULT_LANG}


def set_language(lang: str) -> None:
    """Set the message language ('en' or 'zh')."""
    _STATE["lang"] = lang if lang in LANGS else DEFAULT_LANG


def get_language() -> str:
    return _STATE["lang"]


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
