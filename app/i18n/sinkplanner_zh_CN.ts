<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AllocateDialog</name>
    <message>
        <location filename="../gui/allocation.py" line="232"/>
        <source>Allocate restoration</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="234"/>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="235"/>
        <source>Forest cover target</source>
        <translation>森林覆盖率目标</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="246"/>
        <source> CNY</source>
        <translation> 元</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="255"/>
        <source>County</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="268"/>
        <source>(none: the allocation alone)</source>
        <translation>（无：仅优化布局）</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="271"/>
        <source>The allocation is placed on top of this scenario&apos;s schedule, with its harvest and disturbance rates</source>
        <translation>优化布局叠加在该情景的年度计划之上，并沿用其采伐率和干扰率</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="280"/>
        <source>by the year</source>
        <translation>目标年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="281"/>
        <source>in</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="283"/>
        <source>Planting years</source>
        <translation>种植年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="284"/>
        <source>Add to scenario</source>
        <translation>叠加到情景</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="289"/>
        <source>Actions that may be used:</source>
        <translation>可采用的措施：</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="311"/>
        <source>Choose at least one action.</source>
        <translation>请至少选择一项措施。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="313"/>
        <source>The planting years must start before they end.</source>
        <translation>种植起始年不能晚于结束年。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="315"/>
        <source>Enter a budget above zero.</source>
        <translation>请输入大于零的预算。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="317"/>
        <source>The target year must not be before the first planting year.</source>
        <translation>目标年份不能早于首个种植年份。</translation>
    </message>
</context>
<context>
    <name>AttributeModel</name>
    <message>
        <location filename="../gui/attributes.py" line="208"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="210"/>
        <source>Geodesic area on the %1 ellipsoid (the layer&apos;s datum), whatever the projection</source>
        <translation>按图层基准面的 %1 椭球计算的椭球面面积，与投影无关</translation>
    </message>
</context>
<context>
    <name>AttributeTable</name>
    <message>
        <location filename="../gui/attributes.py" line="285"/>
        <source>Filter: text in any field</source>
        <translation>筛选：任一字段中的文字</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="286"/>
        <source>Zoom to selection</source>
        <translation>缩放到所选要素</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="287"/>
        <source>Deselect all</source>
        <translation>取消全部选择</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="288"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="289"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="302"/>
        <source>Attribute Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="304"/>
        <source>Attribute Table — %1</source>
        <translation>属性表 — %1</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="368"/>
        <source>Loading…</source>
        <translation>正在读取…</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="370"/>
        <source>No layer: select a vector layer and choose Layer → Open Attribute Table</source>
        <translation>无图层：请选择一个矢量图层，再选择“图层 → 打开属性表”</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="373"/>
        <source>%1 of %2 features</source>
        <translation>显示 %1 个，共 %2 个要素</translation>
    </message>
    <message>
        <location filename="../gui/attributes.py" line="376"/>
        <source>, %1 selected</source>
        <translation>，已选择 %1 个</translation>
    </message>
</context>
<context>
    <name>CheckProjectDialog</name>
    <message>
        <location filename="../gui/project_properties.py" line="1496"/>
        <source>Check Project — %1</source>
        <translation>检查工程 — %1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1497"/>
        <location filename="../gui/project_properties.py" line="1585"/>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1497"/>
        <location filename="../gui/project_properties.py" line="1585"/>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1498"/>
        <location filename="../gui/project_properties.py" line="1585"/>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1499"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1500"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1501"/>
        <source>Copy the list as text (tab-separated)</source>
        <translation>以文本（制表符分隔）复制列表</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1502"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1511"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1511"/>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1512"/>
        <source>Note</source>
        <translation>提示</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1557"/>
        <source>Checking the project&apos;s layers and tables…</source>
        <translation>正在检查工程的图层和参数表…</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1559"/>
        <source>The check was cancelled.</source>
        <translation>检查已取消。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1561"/>
        <source>The check failed: %1</source>
        <translation>检查失败：%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1563"/>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1566"/>
        <source>1 error</source>
        <translation>1 个错误</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1566"/>
        <source>%1 errors</source>
        <translation>%1 个错误</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1567"/>
        <source>1 warning</source>
        <translation>1 个警告</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1567"/>
        <source>%1 warnings</source>
        <translation>%1 个警告</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1568"/>
        <source>1 note</source>
        <translation>1 条提示</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1568"/>
        <source>%1 notes</source>
        <translation>%1 条提示</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1571"/>
        <source>: the carbon run and planning stop at an error.</source>
        <translation>：存在错误时，碳计量和规划无法运行。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1576"/>
        <source>The project has changed since: check again.</source>
        <translation>工程此后已有改动：请重新检查。</translation>
    </message>
</context>
<context>
    <name>ColorButton</name>
    <message>
        <location filename="../gui/style_dialog.py" line="47"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>ConflictsPanel</name>
    <message>
        <location filename="../gui/conflicts.py" line="327"/>
        <source>Check plan…</source>
        <translation>检查规划…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="328"/>
        <source>By rule</source>
        <translation>按规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="329"/>
        <source>By polygon</source>
        <translation>按图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="331"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="332"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="360"/>
        <source>Cannot use this plan layer</source>
        <translation>无法使用此规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="363"/>
        <source>Plan check (%1)</source>
        <translation>规划检查（%1）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="365"/>
        <source>checking the plan against the rules</source>
        <translation>按规则检查规划</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="403"/>
        <source>Check a plan layer against the control lines and the rules table: Analysis → Check plan against rules…</source>
        <translation>对照管控线和规则表检查规划图层：分析 → 按规则检查规划图层…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="406"/>
        <source>&lt;b&gt;No conflicts&lt;/b&gt;: every polygon of %1 is allowed by the rules.</source>
        <translation>&lt;b&gt;没有冲突&lt;/b&gt;：%1 的所有图斑均符合规则。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="409"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: &lt;b&gt;%2 ha&lt;/b&gt; in conflict with the rules (polygons: %3, rules: %4).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：与规则冲突的面积 &lt;b&gt;%2 公顷&lt;/b&gt;（图斑 %3 个，规则 %4 条）。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="416"/>
        <source>&lt;b&gt;Out of date&lt;/b&gt;: the rules changed after this check; check the plan again.</source>
        <translation>&lt;b&gt;已过期&lt;/b&gt;：本次检查之后规则已修改，请重新检查规划图层。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="422"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="422"/>
        <location filename="../gui/conflicts.py" line="429"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="422"/>
        <source>Zone</source>
        <translation>管控区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="423"/>
        <source>Land class</source>
        <translation>地类</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="423"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="424"/>
        <source>Polygons</source>
        <translation>图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="424"/>
        <source>Explanation</source>
        <translation>说明</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="429"/>
        <source>Polygon</source>
        <translation>图斑</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="429"/>
        <source>Rules</source>
        <translation>违反的规则</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="430"/>
        <source>Area in conflict (ha)</source>
        <translation>冲突面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="471"/>
        <source>anywhere</source>
        <translation>任意区域</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="472"/>
        <source>outside the control lines</source>
        <translation>管控线以外</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="473"/>
        <source>red line, core zone</source>
        <translation>生态保护红线核心区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="474"/>
        <source>red line, general zone</source>
        <translation>生态保护红线一般控制区</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="475"/>
        <source>permanent basic farmland</source>
        <translation>永久基本农田</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="476"/>
        <source>inside the urban boundary</source>
        <translation>城镇开发边界内</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="477"/>
        <source>outside the urban boundary</source>
        <translation>城镇开发边界外</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../gui/dashboard.py" line="197"/>
        <source>Prepare planning data</source>
        <extracomment>chart metrics: yearly column → (en label, zh label, scale, unit)</extracomment>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="198"/>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="199"/>
        <source>Compare with</source>
        <translation>对比情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="200"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="201"/>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="202"/>
        <source>Map this year</source>
        <translation>生成当年地图</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="203"/>
        <source>Carbon density maps of the scenario (and the one compared) in the chosen year, with a swipe divider</source>
        <translation>生成所选年份该情景（及对比情景）的碳密度地图，并用卷帘对比</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="205"/>
        <source>Scale each action&apos;s yearly area (100% = as planned)</source>
        <translation>按比例调整各措施的年度面积（100% = 按计划）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="206"/>
        <source>Half (50%)</source>
        <translation>减半（50%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="207"/>
        <source>As planned</source>
        <translation>按计划</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="208"/>
        <source>More (150%)</source>
        <translation>加大（150%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="209"/>
        <source>Scenario studio</source>
        <translation>情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="210"/>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="211"/>
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="212"/>
        <source>Allocation</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="214"/>
        <source>Save as Scenario…</source>
        <translation>另存为情景…</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="215"/>
        <source>Add the scenario shown — with the studio&apos;s areas, or the allocation — to the project under a name of its own. File → Save writes it; “sinkplanner plan PROJECT --scenario NAME” projects it as shown here.</source>
        <translation>将当前显示的情景（含情景工作室调整后的面积，或优化布局结果）以新名称加入工程。“文件 → 保存工程”将其写入工程文件；“sinkplanner plan PROJECT --scenario NAME”会得到与此处相同的预测。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="219"/>
        <source>Delete Scenario…</source>
        <translation>删除情景…</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="220"/>
        <source>Remove the scenario shown from the project</source>
        <translation>从工程中删除当前显示的情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="222"/>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="223"/>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="244"/>
        <source>Preparing planning data</source>
        <translation>准备规划数据</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="304"/>
        <source>Projections to 2060 need the planning data of this project (a minute or less).</source>
        <translation>预测至 2060 年需要先准备本工程的规划数据（约一分钟以内）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="306"/>
        <source>%1 scenarios, %2–%3</source>
        <translation>%1 个情景，%2–%3 年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="339"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="361"/>
        <source>This scenario allocates automatically (budget or target); it has no yearly areas to scale.</source>
        <translation>该情景按预算或目标自动分配，没有可调整的年度面积。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="505"/>
        <location filename="../gui/dashboard.py" line="542"/>
        <location filename="../gui/dashboard.py" line="559"/>
        <source>Cannot save the scenario</source>
        <translation>无法保存情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="508"/>
        <source>The allocation “%1” is kept as its request (budget or cover target, planting years, actions) on top of its base scenario; the planner places it the same way whenever the scenario is projected.</source>
        <translation>优化布局“%1”将按其设定（预算或森林覆盖率目标、种植年份、措施）叠加在其基础情景上保存；每次预测该情景时，规划程序都会以相同方式布局。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="514"/>
        <source>“%1” with the studio&apos;s yearly areas: %2.</source>
        <translation>“%1”，采用情景工作室调整后的年度面积：%2。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="516"/>
        <source>“%1” as planned (a copy to edit in the project file).</source>
        <translation>“%1”按原计划保存（可在工程文件中编辑的副本）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="543"/>
        <source>The project already has a scenario named “%1”.</source>
        <translation>工程中已有名为“%1”的情景。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="573"/>
        <source>Scenario “%1” added to the project; File → Save writes it.</source>
        <translation>情景“%1”已加入工程；“文件 → 保存工程”将其写入工程文件。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="583"/>
        <source>Delete scenario?</source>
        <translation>删除情景？</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="584"/>
        <source>Remove the scenario “%1” (%2) from the project? The project file changes when you save it.</source>
        <translation>从工程中删除情景“%1”（%2）？保存工程后工程文件才会改变。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="641"/>
        <source>&lt;b&gt;%1&lt;/b&gt; in %2 (base year): forest cover %3%, carbon stock %4 Mt C</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2 年，基准年）：森林覆盖率 %3%，碳储量 %4 百万吨碳</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="644"/>
        <source>&lt;b&gt;%1&lt;/b&gt; in %2: forest cover %3%, carbon stock %4 Mt C, annual sink %5 ×10⁴ t CO₂e</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;（%2 年）：森林覆盖率 %3%，碳储量 %4 百万吨碳，年碳汇 %5 万吨 CO₂e</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="665"/>
        <source>Scenario maps %1</source>
        <translation>情景地图 %1</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="735"/>
        <source>target %1</source>
        <translation>%1 年目标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="751"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="751"/>
        <source>Indicator</source>
        <translation>指标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="751"/>
        <source>Target year</source>
        <translation>目标年</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="752"/>
        <source>Target</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="752"/>
        <source>Now</source>
        <translation>现状</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="752"/>
        <source>In target year</source>
        <translation>目标年预测值</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="753"/>
        <source>Gap</source>
        <translation>差距</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="753"/>
        <source>Met</source>
        <translation>达标</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="753"/>
        <source>Year reached</source>
        <translation>达标年份</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="759"/>
        <location filename="../gui/dashboard.py" line="782"/>
        <source>Forest cover (%)</source>
        <translation>森林覆盖率（%）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="760"/>
        <location filename="../gui/dashboard.py" line="783"/>
        <source>Stock volume (m³)</source>
        <translation>森林蓄积量（m³）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="767"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="767"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="782"/>
        <location filename="../gui/dashboard.py" line="845"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="782"/>
        <location filename="../gui/dashboard.py" line="845"/>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="783"/>
        <source>Carbon stock (t C)</source>
        <translation>碳储量（t C）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="809"/>
        <source>The budget of %1 CNY buys nothing: no chosen action has allowed land where it adds to the sink, or one pixel costs more than the budget.</source>
        <translation>预算 %1 元未能安排任何措施：所选措施没有规则允许且能增加碳汇的土地，或一个像元的成本已超过预算。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="812"/>
        <source>Budget %1 CNY, planting %2–%3: %4 ha allocated for %5 CNY.</source>
        <translation>预算 %1 元，%2–%3 年种植：共安排 %4 公顷，花费 %5 元。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="818"/>
        <source>the county</source>
        <translation>全县</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="824"/>
        <source>%1% forest cover in %2 by %3 cannot be reached with the chosen actions: %4 ha of new forest are needed, only %5 ha can be placed on land the rules allow (cost %6 CNY).</source>
        <translation>所选措施无法使%2在 %3 年达到 %1% 的森林覆盖率：需新增森林 %4 公顷，规则允许的土地上只能安排 %5 公顷（成本 %6 元）。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="828"/>
        <source>%2 already reaches %1% forest cover by %3 without new planting; nothing was allocated.</source>
        <translation>%2无需新增造林即可在 %3 年达到 %1% 的森林覆盖率，未安排任何措施。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="831"/>
        <source>%1% forest cover in %2 by %3: %4 ha of new forest are needed; %5 ha allocated for %6 CNY.</source>
        <translation>%2在 %3 年达到 %1% 森林覆盖率：需新增森林 %4 公顷；已安排 %5 公顷，花费 %6 元。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="845"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="845"/>
        <source>Area (ha)</source>
        <translation>面积（公顷）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="846"/>
        <source>Cost (CNY)</source>
        <translation>成本（元）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="847"/>
        <source>Sink to %1 (t CO₂e)</source>
        <translation>至 %1 年累计碳汇（t CO₂e）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="853"/>
        <source>This scenario does not allocate. Analysis → Allocate… chooses where to act for a budget or a forest cover target.</source>
        <translation>此情景不含优化布局。可通过“分析 → 优化布局…”按预算或森林覆盖率目标选择实施地点。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="863"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../gui/allocation.py" line="341"/>
        <source>Export planning results</source>
        <translation>导出规划结果</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="343"/>
        <location filename="../gui/allocation.py" line="354"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="350"/>
        <source>Years to write per-pixel maps for, separated by commas; empty for none</source>
        <translation>输出逐像元地图的年份，用逗号分隔；留空则不输出地图</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="353"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="363"/>
        <source>Add the allocation “%1” to each scenario</source>
        <translation>将优化布局“%1”叠加到每个情景</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="366"/>
        <location filename="../gui/allocation.py" line="379"/>
        <source>Output folder</source>
        <translation>输出文件夹</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="367"/>
        <source>Maps for the years</source>
        <translation>地图年份</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="368"/>
        <source>Plan layer to check</source>
        <translation>待核查的规划图层</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="369"/>
        <source>Its action field</source>
        <translation>措施字段</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="372"/>
        <source>Scenarios:</source>
        <translation>情景：</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="384"/>
        <source>Plan layer</source>
        <translation>规划图层</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="393"/>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="395"/>
        <source>Choose at least one scenario.</source>
        <translation>请至少选择一个情景。</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="401"/>
        <source>Name the plan layer&apos;s action field.</source>
        <translation>请填写规划图层的措施字段名。</translation>
    </message>
</context>
<context>
    <name>IdentifyPanel</name>
    <message>
        <location filename="../gui/panels.py" line="50"/>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="50"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="52"/>
        <source>Choose the identify tool and click the map.</source>
        <translation>选择“识别”工具后单击地图。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="64"/>
        <source>Nothing here.</source>
        <translation>此处没有要素。</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="89"/>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../gui/layers_panel.py" line="315"/>
        <source>Add layer…</source>
        <translation>添加图层…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="316"/>
        <location filename="../gui/layers_panel.py" line="403"/>
        <source>Remove layer</source>
        <translation>移除图层</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="317"/>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="318"/>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="319"/>
        <location filename="../gui/layers_panel.py" line="396"/>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="320"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="321"/>
        <source>Legend</source>
        <translation>图例</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="395"/>
        <source>Zoom to layer</source>
        <translation>缩放到图层</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="397"/>
        <source>Properties…</source>
        <translation>图层属性…</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="400"/>
        <source>Open attribute table</source>
        <translation>打开属性表</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="480"/>
        <source>%1  not in the legend (features: %2)</source>
        <translation>%1  图例中没有（图斑数：%2）</translation>
    </message>
    <message>
        <location filename="../gui/layers_panel.py" line="482"/>
        <source>Drawn in grey. Add the value to the legend&apos;s “%1” column so the analyses can use these polygons.</source>
        <translation>以灰色显示。请将该值补充到图例的“%1”列，分析才能使用这些图斑。</translation>
    </message>
</context>
<context>
    <name>LayerPropertiesDialog</name>
    <message>
        <location filename="../gui/layer_properties.py" line="142"/>
        <source>Layer Properties — %1</source>
        <extracomment>encodings offered for shapefile attributes (any codec name may be typed) CGCS2000: geographic, then the 6-degree and 3-degree Gauss–Krüger zones layer properties whose change outdates planning data prepared before</extracomment>
        <translation>图层属性 — %1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="158"/>
        <source>Reading the layer…</source>
        <translation>正在读取图层…</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="163"/>
        <source>Layer</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="173"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="175"/>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="176"/>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="177"/>
        <source>Role</source>
        <translation>图层用途</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="178"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="181"/>
        <source>Source</source>
        <translation>数据源</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="185"/>
        <source>Automatic (.cpg file or the file&apos;s declaration)</source>
        <translation>自动（依据 .cpg 文件或文件自身的声明）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="196"/>
        <source>The encoding of a shapefile&apos;s attribute text (Chinese text is often GBK); other formats declare their own</source>
        <translation>Shapefile 属性文字的编码（中文数据常为 GBK）；其他格式自带编码声明</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="202"/>
        <source>From the file</source>
        <translation>取自文件</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="211"/>
        <source>Override the layer&apos;s coordinate reference system: an EPSG code (e.g. EPSG:4547), WKT or PROJ text</source>
        <translation>为图层指定坐标参考系（覆盖文件中的定义）：EPSG 代码（如 EPSG:4547）、WKT 或 PROJ 字符串</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="218"/>
        <source>Attribute encoding</source>
        <translation>属性编码</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="219"/>
        <source>CRS override</source>
        <translation>指定坐标参考系</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="221"/>
        <source>File&apos;s CRS</source>
        <translation>文件的坐标参考系</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="224"/>
        <source>Fields</source>
        <translation>字段对应</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="248"/>
        <source>Style…</source>
        <translation>样式…</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="249"/>
        <source>Colours and symbols of the layer on the map</source>
        <translation>图层在地图上的颜色和符号</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="296"/>
        <source>(not set)</source>
        <translation>（未设置）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="303"/>
        <source>%1 (not in the file)</source>
        <translation>%1（文件中没有此字段）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="314"/>
        <source>Rasters have no attribute fields.</source>
        <translation>栅格图层没有属性字段。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="316"/>
        <source>This role reads no attribute fields.</source>
        <translation>此用途不读取属性字段。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="318"/>
        <source>Which field holds what the analyses read (* needed by the analyses):</source>
        <translation>请为分析读取的各项内容选择字段（* 为分析必需）：</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="321"/>
        <source>Which field holds what the analyses read:</source>
        <translation>请为分析读取的各项内容选择字段：</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="329"/>
        <source>Also kept: %1</source>
        <translation>另保留的字段对应：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="402"/>
        <source>Not a coordinate reference system: %1</source>
        <translation>不是有效的坐标参考系：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="423"/>
        <source>Unknown encoding: %1</source>
        <translation>未知编码：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="463"/>
        <source>Vector layer: %1 features (%2), %3 fields</source>
        <translation>矢量图层：%1 个要素（%2），%3 个字段</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="468"/>
        <source>Raster layer (%1 cells)</source>
        <translation>栅格图层（像元类型 %1）</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="471"/>
        <source>The file declares no CRS: choose one above.</source>
        <translation>文件未声明坐标参考系：请在上方指定。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="489"/>
        <source>Checking the values…</source>
        <translation>正在检查取值…</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="507"/>
        <source>The layer cannot be read with these settings.</source>
        <translation>按当前设置无法读取该图层。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="511"/>
        <source>Not set, but needed by the analyses: %1</source>
        <translation>以下字段未设置，但分析需要：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="515"/>
        <source>All %1 class values match the legend&apos;s “%2” column.</source>
        <translation>全部 %1 个地类编码均与图例的“%2”列匹配。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="517"/>
        <source>Legend column “%1”: %2 of %3 class values match; not in the legend (features): %4</source>
        <translation>图例“%1”列：%3 个地类编码中 %2 个匹配；图例中没有的编码（图斑数）：%4</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="523"/>
        <source>All %1 grades are none, light, moderate or severe.</source>
        <translation>全部 %1 种退化等级均为 none、light、moderate 或 severe（未退化、轻度、中度、重度）。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="525"/>
        <source>Grades the planner does not know (features): %1</source>
        <translation>规划模型无法识别的退化等级（图斑数）：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="529"/>
        <source>Wetland types cannot be checked.</source>
        <translation>无法检查湿地类型。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="531"/>
        <source>All %1 wetland types are in the blue-carbon table.</source>
        <translation>全部 %1 种湿地类型均在蓝碳参数表中。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="533"/>
        <source>Types not in the blue-carbon table (features): %1. These polygons get no wetland type; their land-cover class&apos;s carbon is used.</source>
        <translation>蓝碳参数表中没有的湿地类型（图斑数）：%1。这些图斑不赋湿地类型，按其土地覆被类别的碳密度计算。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="538"/>
        <source>Forest types cannot be checked.</source>
        <translation>无法检查树种（组）。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="540"/>
        <source>All %1 forest types are in the forest types table.</source>
        <translation>全部 %1 个树种（组）均在林分类型表中。</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="542"/>
        <source>Forest types not in the forest types table (features): %1</source>
        <translation>林分类型表中没有的树种（组）（小班数）：%1</translation>
    </message>
    <message>
        <location filename="../gui/layer_properties.py" line="544"/>
        <source>Nothing to check in this role&apos;s values.</source>
        <translation>此用途的取值无需检查。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../gui/mainwindow.py" line="420"/>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="421"/>
        <source>The project “%1” has unsaved changes. Save them?</source>
        <translation>工程“%1”有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="478"/>
        <location filename="../gui/mainwindow.py" line="656"/>
        <source>Cannot open project</source>
        <translation>无法打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="498"/>
        <source>Open project</source>
        <translation>打开工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="499"/>
        <location filename="../gui/mainwindow.py" line="562"/>
        <source>Sinkplanner projects (*.toml)</source>
        <translation>Sinkplanner 工程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1117"/>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="561"/>
        <source>Save project as</source>
        <translation>工程另存为</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="575"/>
        <location filename="../gui/mainwindow.py" line="578"/>
        <source>Cannot save project</source>
        <translation>无法保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="584"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="596"/>
        <source>Clear list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="598"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="620"/>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="644"/>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的工作？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="645"/>
        <source>Sinkplanner did not close normally. Unsaved changes to the project “%1” were autosaved at %2. Recover them?</source>
        <translation>Sinkplanner 上次未正常关闭。工程“%1”的未保存更改已于 %2 自动保存。是否恢复？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="674"/>
        <source>Add layers</source>
        <translation>添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="724"/>
        <source>Cannot add layer</source>
        <translation>无法添加图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="834"/>
        <location filename="../gui/mainwindow.py" line="1191"/>
        <source>Analysis running</source>
        <translation>分析正在运行</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="835"/>
        <source>Another analysis is running. Wait for it or cancel it first.</source>
        <translation>另一项分析正在运行。请等待其完成或先取消。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="877"/>
        <location filename="../gui/mainwindow.py" line="885"/>
        <source>Analysis failed</source>
        <translation>分析失败</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="904"/>
        <source>Carbon accounting</source>
        <translation>碳核算</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="374"/>
        <location filename="../gui/mainwindow.py" line="942"/>
        <source>Dashboard</source>
        <translation>仪表板</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="325"/>
        <source>&amp;File</source>
        <extracomment>the docks View → Panels lists, in its order</extracomment>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="326"/>
        <source>Open &amp;Recent</source>
        <translation>最近的工程(&amp;R)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="327"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="328"/>
        <source>&amp;Layer</source>
        <translation>图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="329"/>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="330"/>
        <source>&amp;Analysis</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="331"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="332"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="334"/>
        <source>&amp;New Project</source>
        <translation>新建工程(&amp;N)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="334"/>
        <source>Start an empty project</source>
        <translation>新建一个空工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="335"/>
        <source>&amp;Open Project…</source>
        <translation>打开工程(&amp;O)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="335"/>
        <source>Open a project file (.toml)</source>
        <translation>打开工程文件（.toml）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="336"/>
        <source>&amp;Save Project</source>
        <translation>保存工程(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="336"/>
        <source>Save the project</source>
        <translation>保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="337"/>
        <source>Save Project &amp;As…</source>
        <translation>工程另存为(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="337"/>
        <source>Save the project under a new name</source>
        <translation>以新名称保存工程</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="338"/>
        <source>&amp;Add Layer…</source>
        <translation>添加图层(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="338"/>
        <source>Add a raster or vector file to the map</source>
        <translation>向地图添加栅格或矢量文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="339"/>
        <source>Map &amp;Report…</source>
        <translation>地图报告(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="339"/>
        <source>Preview and export the project&apos;s map report (PDF/PNG)</source>
        <translation>预览并导出本工程的地图报告（PDF/PNG）</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="340"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="340"/>
        <source>Close Sinkplanner</source>
        <translation>关闭 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="341"/>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="341"/>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="342"/>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="342"/>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="343"/>
        <source>&amp;Full Extent</source>
        <translation>全图(&amp;F)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="343"/>
        <source>Show all layers</source>
        <translation>显示全部图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="344"/>
        <source>Zoom to &amp;Layer</source>
        <translation>缩放到图层(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="344"/>
        <source>Zoom to the selected layer</source>
        <translation>缩放到所选图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="345"/>
        <source>&amp;Pan</source>
        <translation>平移(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="345"/>
        <source>Drag the map to move it</source>
        <translation>拖动地图以平移</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="346"/>
        <source>&amp;Identify</source>
        <translation>识别(&amp;I)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="346"/>
        <source>Click the map to see every layer&apos;s value there</source>
        <translation>单击地图查看该处各图层的值</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="347"/>
        <source>&amp;Select Features</source>
        <translation>选择要素(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="347"/>
        <source>Click a feature of the current vector layer to select it, or drag a rectangle; Shift adds, Ctrl toggles (rectangle: removes), a click on empty map clears</source>
        <translation>单击当前矢量图层的要素将其选中，或拖出矩形框选；按住 Shift 加选，按住 Ctrl 切换（矩形：移除），单击空白处取消选择</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="348"/>
        <source>&amp;Deselect All</source>
        <translation>取消全部选择(&amp;D)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="348"/>
        <source>Deselect the features of every layer</source>
        <translation>取消所有图层中要素的选择</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="349"/>
        <source>Measure &amp;Line</source>
        <translation>测量距离(&amp;L)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="349"/>
        <source>Click points on the map to measure distances on the ellipsoid; double-click or right-click ends, Esc clears</source>
        <translation>在地图上点击各点，按椭球面测量距离；双击或右击结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="350"/>
        <source>Measure &amp;Area</source>
        <translation>测量面积(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="350"/>
        <source>Click the corners of an area to measure it on the ellipsoid; double-click or right-click ends, Esc clears</source>
        <translation>依次点击区域的各个角点，按椭球面测量面积；双击或右击结束，Esc 清除</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="351"/>
        <source>Open &amp;Attribute Table</source>
        <translation>打开属性表(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="351"/>
        <source>Show the features of the selected vector layer as a table</source>
        <translation>以表格显示所选矢量图层的要素</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="352"/>
        <source>Layer &amp;Properties…</source>
        <translation>图层属性(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="352"/>
        <source>Title, role, year, encoding, CRS and field mapping of the selected layer</source>
        <translation>所选图层的标题、用途、年份、编码、坐标参考系和字段对应</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="353"/>
        <source>&amp;Swipe Selected Layer</source>
        <translation>卷帘对比所选图层(&amp;S)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="353"/>
        <source>Compare the selected layer with the layers below it by dragging a divider</source>
        <translation>拖动分隔线，将所选图层与其下方图层对比</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="354"/>
        <source>Run &amp;Carbon Accounting</source>
        <translation>运行碳核算(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="354"/>
        <source>Compute carbon stock and sink for the project</source>
        <translation>计算本工程的碳储量与碳汇</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="355"/>
        <source>&amp;Plan…</source>
        <translation>规划(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="355"/>
        <source>Project restoration scenarios against the targets</source>
        <translation>按目标预测生态修复情景</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="356"/>
        <source>Check Plan Against &amp;Rules…</source>
        <translation>按规则检查规划图层(&amp;R)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="356"/>
        <source>Find where a plan layer&apos;s polygons break the red line, farmland, urban boundary and the rules table</source>
        <translation>查找规划图层中违反生态保护红线、永久基本农田、城镇开发边界及规则表的图斑</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="357"/>
        <source>Planning R&amp;ules…</source>
        <translation>规划规则(&amp;U)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="357"/>
        <source>Edit which action is allowed in which zone and on which land class</source>
        <translation>编辑哪些措施可在哪些管控区、哪些地类上实施</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="358"/>
        <source>Project &amp;Properties…</source>
        <translation>工程属性(&amp;P)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="358"/>
        <source>Name, base year, tables, carbon settings, analysis grid and targets of the project</source>
        <translation>工程的名称、基准年、参数表、碳计量设置、分析格网和目标</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="359"/>
        <source>Check Pro&amp;ject…</source>
        <translation>检查工程(&amp;J)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="359"/>
        <source>List every problem of the project&apos;s layers, tables and settings</source>
        <translation>列出工程图层、参数表和设置中的全部问题</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="360"/>
        <source>&amp;Allocate…</source>
        <translation>优化布局(&amp;A)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="360"/>
        <source>Choose where to act for a budget or a forest cover target, at the most sink per yuan</source>
        <translation>按预算或森林覆盖率目标选择实施地点，使单位投入碳汇最大</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="361"/>
        <source>&amp;Export Planning Results…</source>
        <translation>导出规划结果(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="361"/>
        <source>Write projections, target status, conflicts and maps of the scenarios to a folder</source>
        <translation>将各情景的预测、目标达成情况、冲突和地图写入文件夹</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="362"/>
        <source>&amp;Cancel Run</source>
        <translation>取消运行(&amp;C)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="362"/>
        <source>Stop the running analysis</source>
        <translation>停止正在运行的分析</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="363"/>
        <source>&amp;About Sinkplanner</source>
        <translation>关于 Sinkplanner(&amp;A)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="364"/>
        <source>&amp;Dashboard</source>
        <translation>仪表板(&amp;D)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="364"/>
        <source>Targets, projections and the scenario studio</source>
        <translation>目标、预测与情景工作室</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="370"/>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="371"/>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="372"/>
        <source>Layers</source>
        <translation>图层</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="372"/>
        <source>Identify</source>
        <translation>识别</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="373"/>
        <source>Attribute Table</source>
        <translation>属性表</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="374"/>
        <location filename="../gui/mainwindow.py" line="960"/>
        <source>Conflicts</source>
        <translation>冲突图斑</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="493"/>
        <source>Some layers are unavailable</source>
        <translation>部分图层不可用</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="670"/>
        <source>Map files</source>
        <translation>地图文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="670"/>
        <source>All files</source>
        <translation>所有文件</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="734"/>
        <source>“%1” has no coordinate reference system: set one in Layer → Properties.</source>
        <translation>“%1”没有坐标参考系：请在“图层 → 图层属性”中指定。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="737"/>
        <source>Added “%1”; Layer → Properties sets its role and fields.</source>
        <translation>已添加“%1”；可在“图层 → 图层属性”中设置其用途和字段对应。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="739"/>
        <source>Added “%1” as %2 (guessed from its name and fields); Layer → Properties changes it.</source>
        <translation>已添加“%1”，用途为“%2”（根据文件名和字段推断）；可在“图层 → 图层属性”中修改。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="744"/>
        <source>Its attribute text is read as %1.</source>
        <translation>其属性文字按 %1 编码读取。</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1073"/>
        <source>1 feature selected on %1</source>
        <translation>已在“%1”中选择 1 个要素</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1074"/>
        <source>%1 features selected on %2</source>
        <translation>已在“%2”中选择 %1 个要素</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1124"/>
        <source>No CRS</source>
        <translation>无坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1134"/>
        <source>Custom CRS</source>
        <translation>自定义坐标系</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1170"/>
        <source>Cannot draw %1: %2</source>
        <translation>无法绘制 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1174"/>
        <source>Drawing…</source>
        <translation>正在绘制…</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1192"/>
        <source>An analysis is running. Cancel it and quit?</source>
        <translation>有分析正在运行。是否取消并退出？</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="363"/>
        <location filename="../gui/mainwindow.py" line="1182"/>
        <source>About Sinkplanner</source>
        <translation>关于 Sinkplanner</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1150"/>
        <source>Scale</source>
        <translation>比例尺</translation>
    </message>
    <message>
        <location filename="../gui/mainwindow.py" line="1183"/>
        <source>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;Plan land carbon sinks: carbon stock, annual sink, restoration scenarios, targets and red-line constraints.&lt;/p&gt;&lt;p&gt;Open source (Apache-2.0).&lt;/p&gt;</source>
        <translation>&lt;b&gt;Sinkplanner %1&lt;/b&gt;&lt;p&gt;陆地碳汇规划：碳储量、年碳汇、生态修复情景、目标与生态保护红线约束。&lt;/p&gt;&lt;p&gt;开源软件（Apache-2.0）。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../gui/canvas.py" line="764"/>
        <source>No layers. Open a project or drop map files here.</source>
        <extracomment>the canvas&apos;s map tools (see MapCanvas.set_tool)</extracomment>
        <translation>没有图层。请打开工程，或将地图文件拖放到此处。</translation>
    </message>
</context>
<context>
    <name>MeasureTool</name>
    <message>
        <location filename="../gui/measure.py" line="169"/>
        <source>%1 m</source>
        <translation>%1 米</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="170"/>
        <source>%1 km</source>
        <translation>%1 千米</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="174"/>
        <source>%1 m²</source>
        <translation>%1 平方米</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="176"/>
        <source>%1 ha</source>
        <translation>%1 公顷</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="177"/>
        <source>%1 km² (%2 ha)</source>
        <translation>%1 平方千米（%2 公顷）</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="186"/>
        <source>Cannot measure: the map&apos;s CRS has no ellipsoid.</source>
        <translation>无法量算：地图坐标系没有椭球。</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="187"/>
        <source>ellipsoidal, %1</source>
        <translation>椭球面，%1</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="191"/>
        <source>Area: click at least three points</source>
        <translation>面积：请至少点击三个点</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="192"/>
        <source>Area: %1 — perimeter %2 (%3)</source>
        <translation>面积：%1 — 周长 %2（%3）</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="196"/>
        <source>Distance: click the next point</source>
        <translation>距离：请点击下一个点</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="197"/>
        <source>Distance: %1 in %2 segment(s), last %3 (%4)</source>
        <translation>距离：%1，共 %2 段，最后一段 %3（%4）</translation>
    </message>
    <message>
        <location filename="../gui/measure.py" line="204"/>
        <source>Segment %1: %2</source>
        <translation>第 %1 段：%2</translation>
    </message>
</context>
<context>
    <name>NewProjectDialog</name>
    <message>
        <location filename="../gui/project_properties.py" line="550"/>
        <source>New Project</source>
        <translation>新建工程</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="551"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="552"/>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="553"/>
        <source>e.g. 示范县 Demo County</source>
        <translation>例如：示范县</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="554"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="555"/>
        <source>Create a folder named after the project</source>
        <translation>新建以工程名称命名的文件夹</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="556"/>
        <source>Start from the demo tables (copied into tables/ beside the project)</source>
        <translation>以示范参数表起步（复制到工程旁的 tables/ 文件夹）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="567"/>
        <source>Folder of the new project</source>
        <translation>新工程所在文件夹</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="583"/>
        <source>The project file: %1</source>
        <translation>工程文件：%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="589"/>
        <source>Give the project a name.</source>
        <translation>请为工程命名。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="591"/>
        <source>Choose the folder for the project.</source>
        <translation>请选择工程所在的文件夹。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="595"/>
        <source>The sample data shipped with Sinkplanner is never changed: choose another folder.</source>
        <translation>Sinkplanner 随附的示例数据不会被修改：请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="598"/>
        <source>%1 exists already: choose another name or folder (or open it with File → Open Project…).</source>
        <translation>%1 已存在：请换一个名称或文件夹（或通过“文件 → 打开工程…”打开它）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="601"/>
        <source>%1 is not a folder.</source>
        <translation>%1 不是文件夹。</translation>
    </message>
</context>
<context>
    <name>PlanCheckDialog</name>
    <message>
        <location filename="../gui/conflicts.py" line="207"/>
        <source>Check plan against rules</source>
        <extracomment>the conflicts layer: red outline over a translucent red fill, so it stands out on any map folder of the conflicts layers, under the project&apos;s work folder</extracomment>
        <translation>按规则检查规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="208"/>
        <source>Plan layer</source>
        <translation>规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="209"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="210"/>
        <source>Action field</source>
        <translation>措施字段</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="211"/>
        <source>Label field</source>
        <translation>标注字段</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="212"/>
        <source>Names the polygons in the results; by default the plan_id, id or name field, else the feature number</source>
        <translation>结果中图斑的名称；默认取 plan_id、id 或 name 字段，否则用要素序号</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="214"/>
        <source>Each polygon&apos;s action (e.g. afforestation, construction) is checked against the ecological red line, permanent basic farmland, the urban development boundary and the rules table of the project.</source>
        <translation>逐个图斑按其措施（如造林、建设）对照生态保护红线、永久基本农田、城镇开发边界和项目的规则表进行检查。</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="225"/>
        <source>Choose a plan layer</source>
        <translation>选择规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="237"/>
        <location filename="../gui/conflicts.py" line="281"/>
        <source>Cannot use this plan layer</source>
        <translation>无法使用此规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="255"/>
        <source>(choose a field)</source>
        <translation>（请选择字段）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="260"/>
        <source>(automatic)</source>
        <translation>（自动）</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="276"/>
        <source>No plan layer</source>
        <translation>未选择规划图层</translation>
    </message>
    <message>
        <location filename="../gui/conflicts.py" line="277"/>
        <source>Add the plan layer to the project or choose its file.</source>
        <translation>请将规划图层加入项目，或选择其文件。</translation>
    </message>
</context>
<context>
    <name>PlanningTools</name>
    <message>
        <location filename="../gui/allocation.py" line="459"/>
        <source>Cannot allocate</source>
        <extracomment>the last allocation made here (offered to the export)</extracomment>
        <translation>无法进行优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="497"/>
        <source>Allocating</source>
        <translation>正在优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="509"/>
        <source>Allocation</source>
        <translation>优化布局</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="565"/>
        <source>Replace folder?</source>
        <translation>替换文件夹？</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="566"/>
        <source>The folder %1 is not empty. Its contents will be replaced by the planning results. Continue?</source>
        <translation>文件夹 %1 不是空的，其内容将被规划结果替换。是否继续？</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="570"/>
        <source>Exporting planning results</source>
        <translation>正在导出规划结果</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="575"/>
        <source>Planning results exported</source>
        <translation>规划结果已导出</translation>
    </message>
    <message>
        <location filename="../gui/allocation.py" line="576"/>
        <source>%1 files were written to the folder
%2</source>
        <translation>已将 %1 个文件写入文件夹
%2</translation>
    </message>
</context>
<context>
    <name>ProjectChecks</name>
    <message>
        <location filename="../gui/project_properties.py" line="326"/>
        <source>Land-cover legend</source>
        <extracomment>the shipped sample data (never written to) and the demo county&apos;s tables tables the carbon run and the planner cannot do without / the planner needs / optional base years the planner can start from (it projects to 2060) the [carbon] carbon fraction the dialog offers (default: IPCC&apos;s 0.47) the national targets that apply when a project sets none (国发〔2021〕23号) which [carbon] keys name layers of which role</extracomment>
        <translation>土地覆被图例</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="327"/>
        <source>Carbon pools</source>
        <translation>碳库</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="328"/>
        <source>Forest types</source>
        <translation>森林类型</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="329"/>
        <source>Growth curves</source>
        <translation>生长曲线</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="330"/>
        <source>Grassland</source>
        <translation>草地</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="331"/>
        <source>Blue carbon (wetlands, mangroves)</source>
        <translation>蓝碳（湿地、红树林）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="332"/>
        <source>Planning rules</source>
        <translation>规划规则</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="333"/>
        <source>Restoration actions</source>
        <translation>修复措施</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="336"/>
        <source>land-cover classes: code, names, ecosystem, colour</source>
        <translation>土地覆被类别：代码、名称、生态系统、颜色</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="337"/>
        <source>carbon per land-cover class (InVEST format, t C/ha)</source>
        <translation>各土地覆被类别的碳密度（InVEST 格式，t C/ha）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="338"/>
        <source>forest types: volume-to-biomass method and parameters</source>
        <translation>森林类型：蓄积量—生物量换算方法和参数</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="340"/>
        <source>growth curves (Chapman–Richards) per forest type</source>
        <translation>各森林类型的生长曲线（Chapman–Richards）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="341"/>
        <source>grassland biomass and soil carbon by degradation grade</source>
        <translation>按退化等级的草地生物量和土壤碳</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="342"/>
        <source>wetland and mangrove biomass, soil and accumulation rates</source>
        <translation>湿地和红树林的生物量、土壤碳及碳累积速率</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="344"/>
        <source>which action is allowed in which zone and on which land class</source>
        <translation>哪种措施可在哪个管控区、哪种地类上实施</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="346"/>
        <source>restoration actions: defaults, eligibility and costs</source>
        <translation>修复措施：默认参数、适用条件和成本</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="350"/>
        <source>The demo tables are a starting point: values marked [U] in their source column are illustrative, not measured. Replace them with your county&apos;s own values (inventory, local studies) before relying on the results.</source>
        <translation>示范参数表只是起点：来源列中标有 [U] 的数值仅为示意，并非实测值。在依据结果作决策之前，请替换为本县自己的数值（森林资源清查、本地研究）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="356"/>
        <source>Tables exist already</source>
        <translation>参数表已存在</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="357"/>
        <source>%1 already holds: %2. Replace them with the demo tables, or keep them and use them?</source>
        <translation>%1 中已有：%2。用示范参数表替换它们，还是保留并使用现有文件？</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="359"/>
        <source>Replace</source>
        <translation>替换</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="359"/>
        <source>Keep mine</source>
        <translation>保留现有文件</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="362"/>
        <source>Cannot create the project</source>
        <translation>无法创建工程</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="370"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="373"/>
        <source>The project names no %1 table: the carbon run and the planner need it. Set it in File → Project Properties → Tables (or start from the demo tables).</source>
        <translation>工程未指定%1表：碳计量和规划都需要它。请在“文件 → 工程属性 → 参数表”中设置（或以示范参数表起步）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="378"/>
        <source>The project names no %1 table: planning (Analysis → Plan…) needs it. Set it in File → Project Properties → Tables.</source>
        <translation>工程未指定%1表：规划（“分析 → 规划…”）需要它。请在“文件 → 工程属性 → 参数表”中设置。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="382"/>
        <source>The project names no %1 table (optional): without it those classes take their carbon from the carbon pools table.</source>
        <translation>工程未指定%1表（可选）：缺少时，相应地类的碳储量取自碳库表。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="389"/>
        <source>The base year must be a year from %1 to %2 (planning runs to %3).</source>
        <translation>基准年须在 %1 至 %2 年之间（规划预测至 %3 年）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="401"/>
        <source>Target %1: %2</source>
        <translation>目标 %1：%2</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="406"/>
        <source>give its region: county, or a township code</source>
        <translation>请给出区域：county（全县）或乡镇代码</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="409"/>
        <source>the region &apos;%1&apos; is not &apos;county&apos;, and the project has no townships layer whose codes it could be</source>
        <translation>区域“%1”不是 county（全县），而工程没有可提供乡镇代码的乡镇图层</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="414"/>
        <source>&apos;%1&apos; is neither &apos;county&apos; nor a township code of the townships layer (%2)</source>
        <translation>“%1”既不是 county（全县），也不是乡镇图层中的乡镇代码（%2）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="418"/>
        <source>give the target year as a whole number</source>
        <translation>请以整数给出目标年份</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="420"/>
        <source>the year %1 must be after the base year (%2) and no later than %3</source>
        <translation>年份 %1 须晚于基准年（%2）且不晚于 %3 年</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="426"/>
        <source>give a forest cover, a stock volume or both</source>
        <translation>请给出森林覆盖率、森林蓄积量或两者</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="428"/>
        <source>the forest cover &apos;%1&apos; is not a number</source>
        <translation>森林覆盖率“%1”不是数字</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="431"/>
        <source>the forest cover must be between 0 and 100 %</source>
        <translation>森林覆盖率须在 0 至 100% 之间</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="433"/>
        <source>the stock volume &apos;%1&apos; is not a number</source>
        <translation>森林蓄积量“%1”不是数字</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="436"/>
        <source>the stock volume must be above 0 m³</source>
        <translation>森林蓄积量须大于 0 m³</translation>
    </message>
</context>
<context>
    <name>ProjectProperties</name>
    <message>
        <location filename="../gui/project_properties.py" line="813"/>
        <source>polygons</source>
        <translation>面状矢量</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="815"/>
        <source>raster</source>
        <translation>栅格</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="880"/>
        <source>Project Properties — %1</source>
        <translation>工程属性 — %1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="881"/>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="881"/>
        <source>Tables</source>
        <translation>参数表</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="881"/>
        <source>Carbon</source>
        <translation>碳计量</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="882"/>
        <source>Grid</source>
        <translation>分析格网</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="882"/>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="886"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="887"/>
        <source>Base year</source>
        <translation>基准年</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="888"/>
        <source>Language of the project</source>
        <translation>工程语言</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="889"/>
        <source>Not set (reports in Chinese)</source>
        <translation>未设置（报告使用中文）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="893"/>
        <source>The base year is the year of the baseline land cover and forest inventory: the projections and the dashboard start there. The project&apos;s language is the default language of its map report; the app&apos;s own language is chosen in the Language menu.</source>
        <translation>基准年是基准期土地覆被和森林资源清查数据的年份：预测和仪表板都从这一年开始。工程语言是其地图报告的默认语言；软件界面语言在“语言”菜单中选择。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="898"/>
        <source>Paths are relative to the project file (%1).</source>
        <translation>路径相对于工程文件所在位置（%1）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="900"/>
        <source>The project is not saved yet: give full paths, or save it first so that paths can be relative to it.</source>
        <translation>工程尚未保存：请填写完整路径，或先保存工程，以便使用相对路径。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="902"/>
        <source>The parameter tables (CSV, with unit and source columns). %1</source>
        <translation>参数表（CSV，含单位和来源列）。%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="908"/>
        <location filename="../gui/project_properties.py" line="1026"/>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="909"/>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="911"/>
        <source>Start from the demo tables</source>
        <translation>以示范参数表起步</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="912"/>
        <source>Copy the demo county&apos;s eight tables into a tables folder beside the project file and use them</source>
        <translation>将示范县的八张参数表复制到工程文件旁的 tables 文件夹中并使用</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="917"/>
        <source>Baseline land cover</source>
        <translation>基准期土地覆被</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="918"/>
        <source>Alternate land cover</source>
        <translation>对比期土地覆被</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="919"/>
        <source>Forest compartments</source>
        <translation>森林小班</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="920"/>
        <source>Townships</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="921"/>
        <source>The first land-cover layer</source>
        <translation>第一个土地覆被图层</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="922"/>
        <source>None (stock of one epoch, no sink)</source>
        <translation>无（只计算一期碳储量，不计算碳汇）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="923"/>
        <source>The first compartments layer, if any</source>
        <translation>第一个森林小班图层（如有）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="924"/>
        <source>The first townships layer, if any</source>
        <translation>第一个乡镇图层（如有）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="928"/>
        <source>Carbon fraction</source>
        <translation>含碳率</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="930"/>
        <source>The carbon fraction of dry biomass for forest types whose row in the forest types table gives none: 0.47 is the IPCC default (2006 Guidelines, Vol. 4, Table 4.3); 0.50 is common Chinese practice. Used by the carbon run, the planner and the report alike.</source>
        <translation>干生物量的含碳率，用于森林类型表中未给出含碳率的森林类型：0.47 为 IPCC 默认值（2006 年指南第 4 卷表 4.3）；0.50 为国内常用取值。碳计量、规划和报告均使用此值。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="936"/>
        <source>The project file gives carbon_fraction = %1, outside %2–%3: it is kept unless you change the value above.</source>
        <translation>工程文件中 carbon_fraction = %1，超出 %2–%3 的范围：除非修改上面的数值，否则保留原值。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="942"/>
        <source>The project has no land-cover layer yet: add your land-cover raster or polygons with Layer → Add Layer… and give them the role “land cover” (their year too); they are then listed here.</source>
        <translation>工程中还没有土地覆被图层：请通过“图层 → 添加图层…”添加土地覆被栅格或面状矢量，并将其角色设为“土地覆被”（同时填写年份），之后即会列在这里。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="947"/>
        <source>Lists show the project&apos;s layers by role (land cover, forest compartments, townships).</source>
        <translation>列表按角色（土地覆被、森林小班、乡镇）列出工程中的图层。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="952"/>
        <source>Reference layer</source>
        <translation>参考图层</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="953"/>
        <source>CRS</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="955"/>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="956"/>
        <source>The baseline land cover</source>
        <translation>基准期土地覆被</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="957"/>
        <source>the reference layer&apos;s CRS</source>
        <translation>参考图层的坐标参考系</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="958"/>
        <source>CGCS2000 CRSs…</source>
        <translation>CGCS2000 坐标系…</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="961"/>
        <source>%1 CGCS2000 geographic (degrees)</source>
        <translation>%1 CGCS2000 地理坐标系（度）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="963"/>
        <source>%1 CGCS2000 3-degree Gauss–Krüger, CM %2°E</source>
        <translation>%1 CGCS2000 3度带高斯-克吕格，中央经线 %2°E</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="966"/>
        <source>%1 CGCS2000 3-degree Gauss–Krüger zone %2 (CM %3°E)</source>
        <translation>%1 CGCS2000 3度带高斯-克吕格 第 %2 带（中央经线 %3°E）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="969"/>
        <source>Suggest</source>
        <translation>推荐</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="970"/>
        <source>The CGCS2000 3-degree zone of the reference layer&apos;s longitude</source>
        <translation>按参考图层的经度推荐 CGCS2000 3度带</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="972"/>
        <source>the reference raster&apos;s cell size</source>
        <translation>参考栅格的像元大小</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="974"/>
        <source>Every layer is put on this grid for the analyses. Without settings it is the baseline land-cover raster&apos;s own grid. The resolution is the cell size in the units of the CRS (metres for the Gauss–Krüger zones). A resolution is required when the reference layer is a polygon layer (such as the Third National Land Survey&apos;s parcels), which has no cells; give a projected CRS then too.</source>
        <translation>分析时所有图层都对齐到此格网。未设置时使用基准期土地覆被栅格自身的格网。分辨率是以坐标系单位表示的像元大小（高斯-克吕格投影为米）。参考图层为面状矢量（如第三次全国国土调查图斑）时没有像元，必须给出分辨率，并同时指定投影坐标系。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="983"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="983"/>
        <source>Forest cover (%)</source>
        <translation>森林覆盖率（%）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="983"/>
        <source>Stock volume (m³)</source>
        <translation>森林蓄积量（m³）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="984"/>
        <source>Year</source>
        <translation>年份</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="985"/>
        <source>Add target</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="986"/>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="989"/>
        <source>Region: “county” (the whole project area) or a township code of the townships layer. Leave a value empty to set only the other. Without targets the national ones apply: forest cover %1 % and stock volume %2 m³ by %3 (国发〔2021〕23号).</source>
        <translation>区域：“county”（整个工程区域）或乡镇图层中的乡镇代码。某项留空则只设定另一项。未设目标时采用全国目标：到 %3 年森林覆盖率 %1%、森林蓄积量 %2 m³（国发〔2021〕23号）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1029"/>
        <source>found</source>
        <translation>已找到</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1032"/>
        <source>not found</source>
        <translation>找不到</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1038"/>
        <source>Choose the %1 table</source>
        <translation>选择%1表</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1039"/>
        <source>CSV tables (*.csv);;All files (*)</source>
        <translation>CSV 表格 (*.csv);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1048"/>
        <source>Save the project first</source>
        <translation>请先保存工程</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1048"/>
        <source>Sinkplanner projects (*.toml)</source>
        <translation>Sinkplanner 工程 (*.toml)</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1068"/>
        <source>The demo tables could not be copied: %1</source>
        <translation>无法复制示范参数表：%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1075"/>
        <source>The demo tables are in %1 and the paths above point to them; they are saved with the project on OK.</source>
        <translation>示范参数表已复制到 %1，上面的路径已指向它们；点击“确定”后随工程一起保存。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1082"/>
        <source>The sample data shipped with Sinkplanner is never changed: save the project in a folder of your own (File → Save Project As…) to get copies of the demo tables.</source>
        <translation>Sinkplanner 随附的示例数据不会被修改：请先将工程保存到您自己的文件夹（“文件 → 工程另存为…”），再复制示范参数表。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1097"/>
        <source>The reference layer&apos;s own CRS is used.</source>
        <translation>使用参考图层自身的坐标参考系。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1102"/>
        <source>Not a CRS: %1</source>
        <translation>不是有效的坐标参考系：%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1106"/>
        <source>metres</source>
        <translation>米</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1106"/>
        <source>US survey feet</source>
        <translation>美国测量英尺</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1107"/>
        <source>feet</source>
        <translation>英尺</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1108"/>
        <source>geographic, degrees</source>
        <translation>地理坐标系，单位为度</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1109"/>
        <source>projected, %1</source>
        <translation>投影坐标系，单位：%1</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1126"/>
        <source>No suggestion: the reference layer cannot be read or lies outside China&apos;s 3-degree zones.</source>
        <translation>无法推荐：参考图层无法读取，或位于我国 3 度带范围之外。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1137"/>
        <source>&lt;b&gt;The reference layer “%1” is a polygon layer: give the resolution (and a projected CRS).&lt;/b&gt;</source>
        <translation>&lt;b&gt;参考图层“%1”为面状矢量：请给出分辨率（并指定投影坐标系）。&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1162"/>
        <source>county (the whole area)</source>
        <translation>county（全县）</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1233"/>
        <source>Give the project a name.</source>
        <translation>请为工程命名。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1242"/>
        <source>%1 table: no file %2</source>
        <translation>%1表：找不到文件 %2</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1247"/>
        <source>The alternate land cover must be another layer than the baseline.</source>
        <translation>对比期土地覆被须与基准期为不同的图层。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1265"/>
        <source>The CRS “%1” is not understood (%2). Give an EPSG code such as EPSG:4547.</source>
        <translation>无法识别坐标参考系“%1”（%2）。请给出 EPSG 代码，如 EPSG:4547。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1271"/>
        <source>The resolution must be a number above 0 (the cell size in the CRS&apos;s units).</source>
        <translation>分辨率须为大于 0 的数字（以坐标系单位表示的像元大小）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1277"/>
        <source>The reference layer “%1” is a polygon layer, which has no cells: give the resolution of the analysis grid (e.g. 30 in a metre CRS).</source>
        <translation>参考图层“%1”为面状矢量，没有像元：请给出分析格网的分辨率（如以米为单位的坐标系中填 30）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1284"/>
        <source>In a geographic CRS the resolution is in degrees: %1° is far too coarse (30 m ≈ 0.00027°). Choose a projected CRS (a CGCS2000 3-degree zone) for a resolution in metres.</source>
        <translation>地理坐标系中分辨率的单位为度：%1° 过于粗糙（30 m ≈ 0.00027°）。如需以米为单位，请选择投影坐标系（CGCS2000 3度带）。</translation>
    </message>
    <message>
        <location filename="../gui/project_properties.py" line="1363"/>
        <source>An analysis is running: wait for it to finish or cancel it, then press OK again.</source>
        <translation>有分析正在运行：请等待其完成或取消后，再点击“确定”。</translation>
    </message>
</context>
<context>
    <name>RulesEditor</name>
    <message>
        <location filename="../gui/rules_editor.py" line="184"/>
        <source>* (any action)</source>
        <translation>*（任何措施）</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="185"/>
        <source>Kind: %1</source>
        <translation>类型：%1</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="190"/>
        <source>* (any class)</source>
        <translation>*（任何地类）</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="191"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="191"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="206"/>
        <source>afforestation</source>
        <translation>造林</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="207"/>
        <source>forest quality improvement</source>
        <translation>森林质量提升</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="208"/>
        <source>return of farmland</source>
        <translation>退耕还林还草</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="209"/>
        <source>grassland restoration</source>
        <translation>草地修复</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="210"/>
        <source>wetland restoration</source>
        <translation>湿地修复</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="211"/>
        <source>mangrove planting</source>
        <translation>红树林营造</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="212"/>
        <source>mine and degraded-land restoration</source>
        <translation>矿山及退化土地修复</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="213"/>
        <source>construction</source>
        <translation>建设</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="213"/>
        <source>orchard</source>
        <translation>园地</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="214"/>
        <source>fish pond</source>
        <translation>挖塘养鱼</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="214"/>
        <source>harvest</source>
        <translation>采伐</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="219"/>
        <source>Planning Rules — %1</source>
        <translation>规划规则 — %1</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="221"/>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="221"/>
        <source>Action</source>
        <translation>措施</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="221"/>
        <source>Zone</source>
        <translation>管控区</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="221"/>
        <source>Land class</source>
        <translation>地类</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="222"/>
        <source>Allowed</source>
        <translation>允许</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="222"/>
        <source>Explanation (English)</source>
        <translation>说明（英文）</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="222"/>
        <source>Explanation (Chinese)</source>
        <translation>说明（中文）</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="223"/>
        <source>Source</source>
        <translation>依据</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="224"/>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="225"/>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="226"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="227"/>
        <source>Restore defaults…</source>
        <translation>恢复默认规则…</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="228"/>
        <source>The default rules of SCIENCE.md §5 (%1)</source>
        <translation>SCIENCE.md 第5节的默认规则（%1）</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="230"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="232"/>
        <source>Save As…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="232"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="233"/>
        <source>A prohibition applies unless a more specific permission (a named action rather than its kind or *, a named zone rather than any, a class rather than *) allows it; a conflict reports the first prohibition that applies.</source>
        <translation>禁止性规则适用，除非有更具体的允许性规则（具体措施而非其类型或 *、具体管控区而非任意区域、具体地类而非 *）予以放开；冲突报告第一条适用的禁止性规则。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="238"/>
        <source>&lt;b&gt;The rules file could not be read&lt;/b&gt; (%1); the defaults are shown and Save replaces it.</source>
        <translation>&lt;b&gt;无法读取规则文件&lt;/b&gt;（%1）；下面显示的是默认规则，保存时将替换该文件。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="242"/>
        <source>The project has no rules table yet: the defaults are shown.</source>
        <translation>本项目尚无规划规则表：下面显示的是默认规则。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="244"/>
        <source>This table is part of the shipped sample data, which is never changed: Save As writes a copy for this project.</source>
        <translation>此表属于随软件提供的示例数据，不会被修改：“另存为”会为本项目写入一份副本。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="247"/>
        <source>Saved to %1.</source>
        <translation>保存位置：%1。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="310"/>
        <source>Restore the default rules?</source>
        <translation>恢复默认规则？</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="311"/>
        <source>Replace every rule in the table with the defaults of SCIENCE.md §5? The file changes only when you save.</source>
        <translation>用 SCIENCE.md 第5节的默认规则替换表中全部规则？保存后才会修改文件。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="326"/>
        <source>Save the rules table as</source>
        <translation>规划规则表另存为</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="327"/>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="333"/>
        <source>Choose another folder</source>
        <translation>请选择其他文件夹</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="334"/>
        <source>The sample data shipped with Sinkplanner is never changed: save the rules table in the project&apos;s folder.</source>
        <translation>随 Sinkplanner 提供的示例数据不会被修改：请把规划规则表保存在项目文件夹中。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="344"/>
        <source>Analysis running</source>
        <translation>分析正在运行</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="345"/>
        <source>Wait for the running analysis to finish or cancel it, then save the rules.</source>
        <translation>请等待正在运行的分析结束或将其取消，然后再保存规则。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="353"/>
        <source>Rules table</source>
        <translation>规划规则表</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="356"/>
        <location filename="../gui/rules_editor.py" line="359"/>
        <source>Rules not saved</source>
        <translation>规则未保存</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="370"/>
        <source>Rules saved to %1; planning results made with the old rules were cleared.</source>
        <translation>规则已保存到 %1；按旧规则计算的规划结果已清除。</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="395"/>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <location filename="../gui/rules_editor.py" line="396"/>
        <source>The rules table has changes that are not saved. Discard them?</source>
        <translation>规划规则表有未保存的修改。是否放弃这些修改？</translation>
    </message>
</context>
<context>
    <name>RunBar</name>
    <message>
        <location filename="../gui/panels.py" line="123"/>
        <source>Cancel the run</source>
        <translation>取消运行</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="124"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="141"/>
        <source>%1 finished</source>
        <translation>%1已完成</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="142"/>
        <source>%1 failed</source>
        <translation>%1失败</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="143"/>
        <source>%1 cancelled</source>
        <translation>%1已取消</translation>
    </message>
    <message>
        <location filename="../gui/panels.py" line="150"/>
        <source>cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>SaveScenarioDialog</name>
    <message>
        <location filename="../gui/dashboard.py" line="885"/>
        <source>Save as Scenario</source>
        <translation>另存为情景</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="890"/>
        <source>What “sinkplanner plan PROJECT --scenario NAME” calls it; also the name of its output folders</source>
        <translation>即“sinkplanner plan PROJECT --scenario NAME”中的 NAME，也用作其输出文件夹的名称</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="895"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="896"/>
        <source>Title (English)</source>
        <translation>标题（英文）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="897"/>
        <source>Title (Chinese)</source>
        <translation>标题（中文）</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="898"/>
        <source>The scenario joins the project, which is then modified: File → Save writes it to the project file.</source>
        <translation>该情景将加入工程，工程随即标记为已修改：“文件 → 保存工程”将其写入工程文件。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="914"/>
        <source>Enter a name for the scenario.</source>
        <translation>请输入情景名称。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="915"/>
        <source>A name may not contain spaces or any of / \ : * ? &quot; &lt; &gt; |, nor start with a dot, and has at most 64 characters.</source>
        <translation>名称不能包含空格或 / \ : * ? &quot; &lt; &gt; | 中的任何字符，不能以点开头，且最多 64 个字符。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="917"/>
        <source>“all” is reserved: “sinkplanner plan --scenario all” projects every scenario.</source>
        <translation>“all”为保留名称：“sinkplanner plan --scenario all”会预测所有情景。</translation>
    </message>
    <message>
        <location filename="../gui/dashboard.py" line="919"/>
        <source>The project already has a scenario named “%1”.</source>
        <translation>工程中已有名为“%1”的情景。</translation>
    </message>
</context>
<context>
    <name>StyleDialog</name>
    <message>
        <location filename="../gui/style_dialog.py" line="67"/>
        <source>Style: %1</source>
        <translation>样式：%1</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="90"/>
        <source>Classes (legend colours)</source>
        <translation>分类（图例颜色）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="91"/>
        <source>Continuous (colour ramp)</source>
        <translation>连续（色带）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="93"/>
        <source>Render as</source>
        <translation>渲染方式</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="100"/>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="100"/>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="100"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="129"/>
        <source>Colour ramp</source>
        <translation>色带</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="130"/>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="131"/>
        <source>Maximum</source>
        <translation>最大值</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="143"/>
        <source>Colour by land-cover class (legend colours)</source>
        <translation>按地类着色（图例颜色）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="148"/>
        <source>No fill (outline only)</source>
        <translation>不填充（仅轮廓）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="155"/>
        <source>Dashed line</source>
        <translation>虚线</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="157"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="158"/>
        <source>Fill (values not in the legend)</source>
        <translation>填充（图例中没有的值）</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="160"/>
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <location filename="../gui/style_dialog.py" line="161"/>
        <source>Line width</source>
        <translation>线宽</translation>
    </message>
</context>
<context>
    <name>TableTools</name>
    <message>
        <location filename="../gui/table_tools.py" line="78"/>
        <source>Export table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <location filename="../gui/table_tools.py" line="79"/>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
</context>
</TS>
