"""Report wording in English and Chinese.

User-facing *error* messages live in :mod:`gis.messages`; this is the report's own vocabulary
(headings, column titles, captions, method notes). ``tr(key, lang, **params)`` formats one entry.
"""

from __future__ import annotations

from typing import Any

T: dict[str, dict[str, str]] = {
    # title block -----------------------------------------------------------------------------
    "report_title": {"en": "Carbon Sink Assessment and Planning Report",
                     "zh": "碳汇评估与规划报告"},
    "project": {"en": "Project", "zh": "项目"},
    "region": {"en": "Region", "zh": "区域"},
    "scenario": {"en": "Scenario", "zh": "情景"},
    "base_year": {"en": "Base year", "zh": "基准年"},
    "date": {"en": "Date", "zh": "日期"},
    "software": {"en": "Software", "zh": "软件"},
    "results_from": {"en": "Results", "zh": "结果来源"},
    "key_figures": {"en": "Key figures", "zh": "主要指标"},
    "footer": {"en": "{project} · {title} · {date} · Sinkplanner {version}",
               "zh": "{project} · {title} · {date} · Sinkplanner {version}"},
    "page_n": {"en": "Page {i} of {n}", "zh": "第 {i} 页 / 共 {n} 页"},
    # sections --------------------------------------------------------------------------------
    "sec_summary": {"en": "1 Summary and land cover", "zh": "1 概况与土地覆被"},
    "sec_carbon": {"en": "2 Carbon stock and annual sink", "zh": "2 碳储量与年碳汇"},
    "sec_targets": {"en": "3 Target progress", "zh": "3 目标进展"},
    "sec_projection": {"en": "4 Scenario projections to 2060", "zh": "4 情景预测（至2060年）"},
    "sec_conflicts": {"en": "5 Ecological red line and control-line conflicts",
                      "zh": "5 生态保护红线与管控线冲突"},
    "sec_methods": {"en": "6 Methods and parameters", "zh": "6 方法与参数"},
    # key figures -----------------------------------------------------------------------------
    "kf_stock": {"en": "Total carbon stock ({year})", "zh": "碳储量总计（{year}年）"},
    "kf_sink": {"en": "Annual carbon sink {y1}–{y2}", "zh": "年碳汇量（{y1}—{y2}年）"},
    "kf_sink_gl": {"en": "gain–loss: {value}", "zh": "增减法：{value}"},
    "kf_sink_gl_year": {"en": "Annual carbon sink {year} (gain–loss)",
                        "zh": "年碳汇量（{year}年，增减法）"},
    "kf_sink_plain": {"en": "Annual carbon sink", "zh": "年碳汇量"},
    "kf_cover": {"en": "Forest cover ({year})", "zh": "森林覆盖率（{year}年）"},
    "kf_volume": {"en": "Forest stock volume ({year})", "zh": "森林蓄积量（{year}年）"},
    "kf_area": {"en": "Land area", "zh": "土地面积"},
    # units -----------------------------------------------------------------------------------
    "u_tC": {"en": "t C", "zh": "t C"},
    "u_tCO2e": {"en": "t CO₂e/yr", "zh": "t CO₂e/年"},
    "u_ha": {"en": "ha", "zh": "公顷"},
    "u_pct": {"en": "%", "zh": "%"},
    "u_m3": {"en": "m³", "zh": "立方米"},
    "u_money": {"en": "CNY", "zh": "元"},
    # maps ------------------------------------------------------------------------------------
    "map_landcover": {"en": "Land cover {year}", "zh": "{year}年土地覆被"},
    "map_conflicts": {"en": "Control lines and conflicts ({scenario})",
                      "zh": "管控线与冲突（{scenario}）"},
    "map_conflicts_plan": {"en": "Control lines and conflicts of the imported plan",
                           "zh": "管控线与导入规划图层的冲突"},
    "map_sink": {"en": "Annual carbon sink (t CO₂e/ha/yr, removal positive)",
                 "zh": "年碳汇（t CO₂e/公顷/年，吸收为正）"},
    "legend": {"en": "Legend", "zh": "图例"},
    "north": {"en": "N", "zh": "北"},
    "crs_note": {"en": "Coordinate system: {crs}", "zh": "坐标系：{crs}"},
    "grid_north": {"en": "Arrow points to grid north.", "zh": "指北针指向坐标北。"},
    "sources": {"en": "Data sources", "zh": "数据来源"},
    "file": {"en": "File", "zh": "文件"},
    "county_boundary": {"en": "County boundary", "zh": "县界"},
    "township_boundary": {"en": "Township boundary", "zh": "乡镇界"},
    "redline": {"en": "Ecological protection red line", "zh": "生态保护红线"},
    "redline_core": {"en": "Red line (core zone)", "zh": "生态保护红线（核心区）"},
    "redline_general": {"en": "Red line (general zone)", "zh": "生态保护红线（一般控制区）"},
    "farmland": {"en": "Permanent basic farmland", "zh": "永久基本农田"},
    "urban_boundary": {"en": "Urban development boundary", "zh": "城镇开发边界"},
    "conflict_area": {"en": "Conflicting plan area", "zh": "冲突地块"},
    "nodata": {"en": "No data", "zh": "无数据"},
    # tables ----------------------------------------------------------------------------------
    "by_ecosystem": {"en": "Carbon stock and annual sink by ecosystem",
                     "zh": "分生态系统碳储量与年碳汇"},
    "by_township": {"en": "Carbon stock and annual sink by township",
                    "zh": "分乡镇碳储量与年碳汇"},
    "ecosystem": {"en": "Ecosystem", "zh": "生态系统"},
    "township": {"en": "Township", "zh": "乡镇"},
    "code": {"en": "Code", "zh": "代码"},
    "area_ha": {"en": "Area (ha)", "zh": "面积（公顷）"},
    "stock_bas": {"en": "Stock {year} (t C)", "zh": "{year}年碳储量（t C）"},
    "stock_alt": {"en": "Stock {year} (t C)", "zh": "{year}年碳储量（t C）"},
    "stock_tC": {"en": "Carbon stock (t C)", "zh": "碳储量（t C）"},
    "sink_col": {"en": "Annual sink (t CO₂e/yr)", "zh": "年碳汇（t CO₂e/年）"},
    "sink_sd_col": {"en": "Sink, stock difference (t CO₂e/yr)",
                    "zh": "年碳汇·储量差法（t CO₂e/年）"},
    "sink_gl_col": {"en": "Sink, gain–loss (t CO₂e/yr)", "zh": "年碳汇·增减法（t CO₂e/年）"},
    "sink_gl_year_col": {"en": "Annual sink {year}, gain–loss (t CO₂e/yr)",
                         "zh": "{year}年年碳汇·增减法（t CO₂e/年）"},
    "sink_method_gl_one": {
        "en": "One land-cover epoch ({year}): carbon stock in {year}; annual sink of {year} by "
              "the gain–loss method (IPCC Eq. 2.4): forest growth along the growth curves plus "
              "soil carbon accumulation of wetlands and mangroves. A single land-cover map shows "
              "no land-use change, so losses from conversion are not included.",
        "zh": "单期土地覆被（{year}年）：碳储量为{year}年碳储量；年碳汇为{year}年按增减法（IPCC "
              "公式2.4）计算的碳汇量，即森林按生长曲线的生长量加湿地与红树林的土壤固碳量。单期土地覆被"
              "不反映土地利用变化，未计入地类转换造成的损失。"},
    "sink_method_gl": {"en": "Gain–loss (IPCC Eq. 2.4): growth and soil gains minus losses.",
                       "zh": "增减法（IPCC 公式2.4）：生长与土壤固碳增量减去损失量。"},
    "area_ha_year": {"en": "Area {year} (ha)", "zh": "{year}年面积（公顷）"},
    "total": {"en": "Total", "zh": "合计"},
    "sink_note": {"en": "Annual sink is shown as a positive removal (t CO₂e/yr); negative values "
                        "are net emissions. {method}",
                  "zh": "年碳汇以吸收为正（t CO₂e/年），负值表示净排放。{method}"},
    "sink_method_sd": {"en": "Stock difference {y1}–{y2} (IPCC Eq. 2.5).",
                       "zh": "按{y1}—{y2}年储量差法计算（IPCC 公式2.5）。"},
    "eco_grouping_note": {
        "en": "Baseline stock is grouped by the {y1} class; {y2} area, stock and the sinks by the "
              "{y2} class (IPCC books land converted to X under X). A row's sink is therefore not "
              "the difference of its two stock columns; the totals agree.",
        "zh": "{y1}年碳储量按{y1}年地类归组；{y2}年面积、碳储量及年碳汇按{y2}年地类归组（IPCC 将“转为某类的土地”"
              "计入该类）。因此各行年碳汇不等于该行两列碳储量之差，合计一致。"},
    "chart_stock_eco": {"en": "Carbon stock by ecosystem (t C)", "zh": "分生态系统碳储量（t C）"},
    "chart_stock_eco_year": {"en": "Carbon stock by ecosystem, {year} (t C)",
                             "zh": "分生态系统碳储量（{year}年，t C）"},
    "chart_sink_eco_gl": {"en": "Annual sink by ecosystem, {year}, gain–loss (t CO₂e/yr)",
                          "zh": "分生态系统年碳汇（{year}年，增减法，t CO₂e/年）"},
    "chart_sink_eco": {"en": "Annual sink by ecosystem (t CO₂e/yr)",
                       "zh": "分生态系统年碳汇（t CO₂e/年）"},
    # targets ---------------------------------------------------------------------------------
    "targets_table": {"en": "Targets and current status", "zh": "目标与现状"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "current": {"en": "Current ({year})", "zh": "现状（{year}年）"},
    "current_plain": {"en": "Current", "zh": "现状"},
    "control_lines": {"en": "Control lines", "zh": "管控线"},
    "target": {"en": "Target", "zh": "目标值"},
    "target_year": {"en": "Target year", "zh": "目标年"},
    "gap": {"en": "Gap", "zh": "差距"},
    "year_met": {"en": "Year met ({scenario})", "zh": "达标年份（{scenario}）"},
    "not_met": {"en": "not by 2060", "zh": "2060年前未达标"},
    "met": {"en": "met", "zh": "已达标"},
    "forest_cover_pct": {"en": "Forest cover (%)", "zh": "森林覆盖率（%）"},
    "stock_volume_m3": {"en": "Forest stock volume (m³)", "zh": "森林蓄积量（立方米）"},
    "carbon_stock_tC": {"en": "Carbon stock (t C)", "zh": "碳储量（t C）"},
    "sink_tCO2e_per_yr": {"en": "Annual sink (t CO₂e/yr)", "zh": "年碳汇（t CO₂e/年）"},
    "cost": {"en": "Cumulative cost (CNY)", "zh": "累计成本（元）"},
    "township_status": {"en": "Forest cover and stock volume by township ({scenario})",
                        "zh": "分乡镇森林覆盖率与蓄积量（{scenario}）"},
    "cover_year": {"en": "Cover {year} (%)", "zh": "{year}年覆盖率（%）"},
    "volume_year": {"en": "Stock volume {year} (m³)", "zh": "{year}年蓄积量（立方米）"},
    "year": {"en": "Year", "zh": "年份"},
    "progress_chart": {"en": "Progress towards targets ({region})", "zh": "目标完成进度（{region}）"},
    "pct_of_target": {"en": "% of target", "zh": "占目标的百分比"},
    "target_line": {"en": "target", "zh": "目标"},
    "county": {"en": "County", "zh": "全县"},
    "cover_by_township": {"en": "Forest cover by township, {year} (%; dashed: county target)",
                          "zh": "分乡镇森林覆盖率（{year}年，%；虚线为全县目标）"},
    # projections -----------------------------------------------------------------------------
    "projection_chart": {"en": "Projected indicators by scenario, {y0}–2060",
                         "zh": "各情景指标预测（{y0}—2060年）"},
    "projection_table": {"en": "Projection for scenario {scenario} (every 5 years)",
                         "zh": "{scenario}预测结果（每5年）"},
    "scenario_compare": {"en": "Scenario comparison in {year}", "zh": "{year}年情景比较"},
    # conflicts -------------------------------------------------------------------------------
    "conflicts_table": {"en": "Conflicts of scenario {scenario} with control lines",
                        "zh": "{scenario}与管控线的冲突"},
    "conflicts_table_plan": {"en": "Conflicts of the imported plan layer with control lines",
                             "zh": "导入规划图层与管控线的冲突"},
    "reason": {"en": "Why it is not allowed", "zh": "不允许的原因"},
    "parcels_ids": {"en": "Parcels", "zh": "地块"},
    "rule": {"en": "Rule", "zh": "规则"},
    "zone": {"en": "Zone", "zh": "管控区"},
    "action": {"en": "Action", "zh": "措施"},
    "n_features": {"en": "Parcels", "zh": "地块数"},
    "no_conflicts": {"en": "No conflicts: every planned action lies where the rules allow it.",
                     "zh": "无冲突：所有规划措施均位于规则允许的范围内。"},
    "conflicts_not_checked": {
        "en": "No planning results: scenarios were not checked against the control lines.",
        "zh": "无规划结果：未检查情景与管控线的冲突。"},
    "control_areas": {"en": "Control-line areas", "zh": "管控线面积"},
    # methods ---------------------------------------------------------------------------------
    "parameters": {"en": "Parameter tables", "zh": "参数表"},
    "param_values": {"en": "Parameters", "zh": "参数"},
    "results_computed": {"en": "computed for this report", "zh": "为本报告计算"},
    "sink_unit_map": {"en": "t CO₂e/ha/yr (removal positive)", "zh": "t CO₂e/公顷/年（吸收为正）"},
    "param_table": {"en": "Table {name} ({file})", "zh": "参数表 {name}（{file}）"},
    "source": {"en": "Source", "zh": "来源"},
    "unit": {"en": "Unit", "zh": "单位"},
    "not_available": {"en": "Not available: {what}.", "zh": "暂无：{what}。"},
    "no_projection": {"en": "No scenario projection was available for this report.",
                      "zh": "本报告未包含情景预测结果。"},
    "no_targets": {"en": "The project defines no targets.", "zh": "工程未设定目标。"},
}

ECOSYSTEMS: dict[str, dict[str, str]] = {
    "forest": {"en": "Forest", "zh": "森林"},
    "shrub": {"en": "Shrubland", "zh": "灌木林"},
    "grassland": {"en": "Grassland", "zh": "草地"},
    "wetland": {"en": "Wetland", "zh": "湿地"},
    "mangrove": {"en": "Mangrove", "zh": "红树林"},
    "cropland": {"en": "Cropland", "zh": "耕地"},
    "other": {"en": "Other", "zh": "其他"},
    "total": {"en": "Total", "zh": "合计"},
}

METHODS: dict[str, dict[str, str]] = {
    "pools": {
        "en": "Carbon stock. Each land-cover class carries a carbon density per pool (above-ground, "
              "below-ground, dead wood and litter, soil organic carbon, t C/ha; InVEST 3.20 table "
              "format). Pixel stock = density × pixel area (ha), computed exactly for the grid; "
              "totals are summed block by block over the analysis grid.",
        "zh": "碳储量：每个土地覆被类型对应各碳库的碳密度（地上生物量、地下生物量、枯死木与凋落物、"
              "土壤有机碳，单位 t C/公顷，兼容 InVEST 3.20 碳库表格式）。像元碳储量 = 碳密度 × 像元面积"
              "（公顷，按网格精确计算），分块累加得到总量。"},
    "forest": {
        "en": "Forest carbon from the forest inventory (sub-compartments): biomass from stock "
              "volume by the continuous biomass expansion factor B = a·V + b (Fang et al. 2001) "
              "or by V·D·BEF·(1+R) (IPCC 2006 Eq. 2.8), times the carbon fraction CF, per forest type "
              "as the parameter table specifies.",
        "zh": "森林碳储量依据森林资源二类调查小班数据：按森林类型用连续生物量扩展因子法 B = a·V + b"
              "（方精云等 2001）或 V·D·BEF·(1+R) 法（IPCC 2006 公式2.8）由蓄积量计算生物量，再乘以含碳率 CF。"},
    "grass_blue": {
        "en": "Grassland: biomass plus soil organic carbon adjusted for degradation grade (IPCC 2006 "
              "Tables 6.2 and 6.4, 20-year transition). Wetlands and mangroves: biomass plus soil "
              "carbon with soil accumulation rates from the IPCC 2013 Wetlands Supplement.",
        "zh": "草地：生物量加土壤有机碳，按退化等级调整（IPCC 2006 表6.2、表6.4，20年过渡期）。"
              "湿地与红树林：生物量加土壤碳，土壤固碳速率取自 IPCC 2013 湿地增补指南。"},
    "sink": {
        "en": "Annual sink: stock difference between two land-cover epochs divided by the number "
              "of years (IPCC Eq. 2.5), and gain–loss (IPCC Eq. 2.4: growth along the growth "
              "curves and soil accumulation, minus losses), converted to CO₂ with 44/12 and shown "
              "as a positive removal. Targets: forest cover = forest area (tree forest with canopy closure ≥ 0.2, "
              "bamboo, designated special shrubland) / land area; stock volume from the inventory.",
        "zh": "年碳汇：储量差法为两期土地覆被碳储量之差除以间隔年数（IPCC 公式2.5）；增减法为按生长曲线"
              "的生长量与土壤固碳量减去损失量（IPCC 公式2.4）；乘以 44/12 换算为 CO₂，以吸收为正。目标：森林覆盖率 = 森林面积（郁闭度 ≥ 0.2 的乔木林、竹林、国家特别规定灌木林）"
              "/ 土地面积；蓄积量来自森林资源调查。"},
    "sink_one": {
        "en": "Annual sink from one land-cover epoch: gain–loss (IPCC Eq. 2.4) of the base year "
              "for land remaining in its category — forest growth = the one-year volume increment "
              "at the current stand age along the Chapman–Richards growth curve of its forest type "
              "× dB/dV × CF; wetlands and mangroves: soil carbon accumulation rate (IPCC 2013 "
              "Wetlands Supplement); other land: 0 (equilibrium). One map shows no land-use "
              "change, so conversion losses are not included. Converted to CO₂ with 44/12 and "
              "shown as a positive removal. Targets: forest cover = forest area (tree forest with "
              "canopy closure ≥ 0.2, bamboo, designated special shrubland) / land area; stock "
              "volume from the inventory.",
        "zh": "年碳汇（单期土地覆被）：按增减法（IPCC 公式2.4）计算基准年保持原地类土地的碳汇量——森林生长量"
              "为按各森林类型 Chapman–Richards 生长曲线、以现有林龄计算的一年蓄积增量 × dB/dV × CF；"
              "湿地与红树林为土壤固碳速率（IPCC 2013 湿地增补指南）；其他土地为0（平衡状态）。单期土地覆被"
              "不反映土地利用变化，未计入地类转换造成的损失。乘以 44/12 换算为 CO₂，以吸收为正。目标：森林覆盖率"
              " = 森林面积（郁闭度 ≥ 0.2 的乔木林、竹林、国家特别规定灌木林）/ 土地面积；蓄积量来自森林资源调查。"},
    "projection": {
        "en": "Projections: yearly from the base year to 2060; stand ages advance, volume follows "
              "Chapman–Richards growth curves per forest type, restoration actions take effect on "
              "their area schedules. Constraints: actions are checked against the ecological "
              "protection red line, permanent basic farmland and the urban development boundary "
              "with the project's rules table.",
        "zh": "情景预测：自基准年逐年预测至2060年，林龄逐年增长，蓄积量按各森林类型的 Chapman–Richards "
              "生长曲线变化，修复措施按面积进度生效。约束：按工程规则表检查各项措施与生态保护红线、"
              "永久基本农田和城镇开发边界的冲突。"},
}


#: zone ids of the constraint rules table (sinkmodels.planning.constraints)
ZONES: dict[str, dict[str, str]] = {
    "any": {"en": "any zone", "zh": "任何区域"},
    "none": {"en": "outside all control lines", "zh": "管控线以外"},
    "redline_core": {"en": "Red line, core zone", "zh": "生态保护红线核心区"},
    "redline_general": {"en": "Red line, general zone", "zh": "生态保护红线一般控制区"},
    "farmland": {"en": "Permanent basic farmland", "zh": "永久基本农田"},
    "urban": {"en": "Inside urban development boundary", "zh": "城镇开发边界内"},
    "outside_urban": {"en": "Outside urban development boundary", "zh": "城镇开发边界外"},
    "": {"en": "–", "zh": "–"},
}


def tr(key: str, lang: str, /, **params: Any) -> str:
    """The report text ``key`` in ``lang`` with ``params`` filled in."""
    entry = T.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**params) if params else text


def names(d: dict[str, str] | str | None, lang: str) -> str:
    """Pick ``lang`` from an ``{en, zh}`` mapping (or return a plain string)."""
    if d is None:
        return ""
    if isinstance(d, str):
        return d
    return d.get(lang) or d.get("en") or next(iter(d.values()), "")


def ecosystem_name(key: str, lang: str) -> str:
    return names(ECOSYSTEMS.get(key, {"en": key, "zh": key}), lang)
